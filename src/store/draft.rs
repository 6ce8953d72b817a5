//! Recovery drafts: the plan being edited, written as the practitioner types.
//!
//! A draft is never the plan: it lives in `<plans>/.drafts/`, is written atomically (0600),
//! and is removed once the plan is saved or the edits are discarded. A draft left behind by a
//! crash, a kill or a closed terminal is offered for recovery at the next start.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::error::StoreError;
use super::{fsio, yaml};
use crate::domain::{Plan, PlanId};

/// Format version of draft files.
pub const DRAFT_SCHEMA: u32 = 1;

/// What a draft file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub draft: u32,
    #[serde(with = "crate::domain::de::timestamp")]
    pub saved_at: Timestamp,
    /// The saved plan these edits apply to; `None` for a plan never saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<PlanId>,
    /// The revision of the saved plan when editing began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_revision: Option<u32>,
    /// A fingerprint of the saved file's bytes when editing began ([`hash`]), to tell at
    /// recovery whether it changed since, even by a hand edit that kept the revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_hash: Option<String>,
    pub plan: Plan,
}

/// A fingerprint of file contents (64-bit FNV-1a, in hex): enough to notice a change, not a
/// security measure.
pub fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The drafts folder of a plans folder.
pub fn drafts_dir(plans_dir: &Path) -> PathBuf {
    plans_dir.join(".drafts")
}

/// Where the draft of `plan_id` is written.
pub fn draft_path(plans_dir: &Path, plan_id: &PlanId) -> PathBuf {
    drafts_dir(plans_dir).join(format!("{plan_id}.yaml"))
}

/// Serialises a draft (done on every edit, so that a crash can still write it).
pub fn encode_draft(draft: &Draft) -> Result<Vec<u8>, StoreError> {
    yaml::encode(draft, Path::new("draft"))
}

/// The largest draft file (a plan at its limit, indented under `plan:`).
pub const MAX_DRAFT_BYTES: u64 = super::MAX_PLAN_BYTES * 2;

/// Writes draft bytes atomically, creating the drafts folder (0700) if needed. A draft that
/// would be too large to be read back is refused.
pub fn write_draft_bytes(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    if bytes.len() as u64 > MAX_DRAFT_BYTES {
        return Err(StoreError::TooLarge {
            path: path.into(),
            size: bytes.len() as u64,
            limit: MAX_DRAFT_BYTES,
        });
    }
    if let Some(dir) = path.parent() {
        fsio::create_private_subdir(dir)?;
    }
    fsio::write_atomic(path, bytes)
}

/// Removes a draft; a draft already gone is fine.
pub fn remove_draft(path: &Path) -> Result<(), StoreError> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StoreError::io(path, "cannot remove draft", e)),
    }
}

/// The drafts left in a plans folder, newest first, with their paths. Unreadable drafts are
/// reported, never deleted.
pub fn list_drafts(plans_dir: &Path) -> (Vec<(PathBuf, Draft)>, Vec<StoreError>) {
    let dir = drafts_dir(plans_dir);
    if fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return (
            Vec::new(),
            vec![StoreError::Symlink {
                path: dir.as_path().into(),
            }],
        );
    }
    // Writes killed halfway leave temporary files; a live write is done within a second.
    fsio::remove_stale_temps(&dir, super::STALE_TEMP);
    let Ok(entries) = fs::read_dir(&dir) else {
        return (Vec::new(), Vec::new());
    };
    let mut drafts = Vec::new();
    let mut errors = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "yaml") {
            continue;
        }
        match fsio::read_capped_nofollow(&path, MAX_DRAFT_BYTES)
            .and_then(|b| yaml::decode::<Draft>(&b, &path))
        {
            Ok(d) => drafts.push((path, d)),
            Err(e) => errors.push(e),
        }
    }
    drafts.sort_by_key(|d| std::cmp::Reverse(d.1.saved_at));
    (drafts, errors)
}
