//! The example plans shipped with trichoplan, embedded so the welcome screen can copy them in.

use super::error::StoreError;
use super::{Store, fsio};

/// File name and contents of each example plan (the files in `plans/`).
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "camille-dupont-2026.yaml",
        include_str!("../../plans/camille-dupont-2026.yaml"),
    ),
    (
        "daniel-okafor-2026.yaml",
        include_str!("../../plans/daniel-okafor-2026.yaml"),
    ),
    (
        "marc-lefebvre-2026.yaml",
        include_str!("../../plans/marc-lefebvre-2026.yaml"),
    ),
    (
        "odile-bernard-2026.yaml",
        include_str!("../../plans/odile-bernard-2026.yaml"),
    ),
    (
        "sarah-mitchell-2026.yaml",
        include_str!("../../plans/sarah-mitchell-2026.yaml"),
    ),
];

/// Copies the example plans into the store's folder, never over an existing file; returns how
/// many were copied.
pub fn copy_examples(store: &Store) -> Result<usize, StoreError> {
    fsio::create_private_dir(store.dir())?;
    let mut copied = 0;
    for (name, text) in EXAMPLES {
        let path = store.dir().join(name);
        if path.exists() {
            continue;
        }
        fsio::write_atomic(&path, text.as_bytes())?;
        copied += 1;
    }
    Ok(copied)
}
