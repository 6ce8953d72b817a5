//! File-system primitives: capped reads, private folders, and atomic durable writes.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::Path;

use super::error::StoreError;

/// Prefix and suffix of the temporary files a save writes before renaming them into place.
pub const TEMP_PREFIX: &str = ".trichoplan-";
pub const TEMP_SUFFIX: &str = ".partial";

/// Reads a regular file of at most `limit` bytes.
///
/// Special files (FIFOs, devices, folders) are refused before they are opened, and the read is
/// bounded even if the file grows while it is read.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, StoreError> {
    let meta = fs::metadata(path).map_err(|e| StoreError::io(path, "cannot read", e))?;
    if !meta.is_file() {
        return Err(StoreError::NotAFile { path: path.into() });
    }
    let file = File::open(path).map_err(|e| StoreError::io(path, "cannot read", e))?;
    let size = file
        .metadata()
        .map_err(|e| StoreError::io(path, "cannot read", e))?
        .len();
    if size > limit {
        return Err(StoreError::TooLarge {
            path: path.into(),
            size,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| StoreError::io(path, "cannot read", e))?;
    if bytes.len() as u64 > limit {
        return Err(StoreError::TooLarge {
            path: path.into(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Creates `dir` and its missing parents with mode 0700.
pub fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| StoreError::io(dir, "cannot create folder", e))
}

/// Replaces `target` with `bytes` so that a crash at any instant leaves either the old file or
/// the new one, complete, with mode 0600.
///
/// The bytes go to a temporary file in the same folder, which is flushed to disk, renamed over
/// the target (atomic on POSIX), and the folder is flushed so the rename itself survives a power
/// loss. A symbolic link at `target` is refused rather than replaced.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(StoreError::Symlink {
            path: target.into(),
        });
    }
    // tempfile's errors name the temporary file; keep only what went wrong.
    let fail =
        |e: std::io::Error| StoreError::io(target, "cannot save", std::io::Error::from(e.kind()));
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(target).map_err(|e| fail(e.error))?;
    sync_dir(dir).map_err(|e| StoreError::io(dir, "cannot flush folder", e))
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}
