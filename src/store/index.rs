//! A cache of plan summaries, so that listing 10,000 plans does not parse 10,000 YAML files.
//!
//! `.index.json` in the plans folder maps each file name to its size, modification time and
//! summary. Listing stats every file (cheap) and parses only those whose size or time changed;
//! the index is then rewritten if anything changed. It is a cache: a missing, stale or
//! corrupted index is rebuilt, never trusted over the files.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::error::StoreError;
use super::{Store, fsio, read_plan};
use crate::domain::plan::Status;
use crate::domain::{Lang, Plan, PlanId};

const INDEX_FILE: &str = ".index.json";
const INDEX_VERSION: u32 = 2;
/// The largest index read; a bigger one is ignored and rebuilt.
const MAX_INDEX_BYTES: u64 = 512 * 1024 * 1024;

/// What the plan list shows of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: PlanId,
    pub patient: String,
    pub status: Status,
    pub language: Lang,
    pub created: Date,
    pub updated: Date,
    pub revision: u32,
    pub next_session: Option<Date>,
    #[serde(skip)]
    pub path: PathBuf,
}

impl PlanSummary {
    /// The summary of a plan read from `path`.
    pub fn of(plan: &Plan, path: &Path) -> PlanSummary {
        PlanSummary {
            id: plan.id.clone(),
            patient: plan.patient.name.to_string(),
            status: plan.status,
            language: plan.language,
            created: plan.created,
            updated: plan.updated,
            revision: plan.revision,
            next_session: plan.next_session().map(|s| s.planned),
            path: path.to_path_buf(),
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    version: u32,
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    size: u64,
    modified_ns: u128,
    /// Inode and change time: a rename over the file (every save) changes the inode, even
    /// where modification times are coarse.
    inode: u64,
    changed_ns: i128,
    summary: PlanSummary,
}

/// Summaries of the readable plans, newest first, and the files that could not be read.
#[derive(Debug, Default)]
pub struct SummaryListing {
    pub plans: Vec<PlanSummary>,
    pub errors: Vec<StoreError>,
}

impl Store {
    /// Summaries of every plan in the folder, newest first, using and refreshing the index.
    pub fn summaries(&self) -> Result<SummaryListing, StoreError> {
        let entries = match fs::read_dir(self.dir()) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(SummaryListing::default());
            }
            Err(e) => return Err(StoreError::io(self.dir(), "cannot read folder", e)),
        };
        let index_path = self.dir().join(INDEX_FILE);
        let mut listing = SummaryListing::default();
        // Reading the index and stating the files are independent: do both at once.
        let (mut old, files) = std::thread::scope(|scope| {
            let index = scope.spawn(|| {
                // Never through a link, never a FIFO or a device, never unbounded: the index
                // is a cache, and anything odd about it just means a rebuild.
                fsio::read_capped_nofollow(&index_path, MAX_INDEX_BYTES)
                    .ok()
                    .and_then(|b| serde_json::from_slice::<Index>(&b).ok())
                    .filter(|i| i.version == INDEX_VERSION)
                    .unwrap_or_default()
            });
            let mut files = Vec::new();
            for entry in entries.filter_map(Result::ok) {
                let name = entry.file_name().to_string_lossy().into_owned();
                if fsio::is_temp_name(&name) {
                    fsio::remove_if_stale(&entry.path(), super::STALE_TEMP);
                    continue;
                }
                let stem = match super::classify(&entry) {
                    None => continue,
                    Some(Err(e)) => {
                        listing.errors.push(e);
                        continue;
                    }
                    Some(Ok(stem)) => stem,
                };
                let Ok(meta) = entry.metadata() else { continue };
                let modified_ns = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                let changed_ns =
                    i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec());
                files.push((
                    name,
                    stem,
                    entry.path(),
                    meta.len(),
                    modified_ns,
                    meta.ino(),
                    changed_ns,
                ));
            }
            (index.join().unwrap_or_default(), files)
        });
        let mut fresh = Index {
            version: INDEX_VERSION,
            entries: BTreeMap::new(),
        };
        let old_count = old.entries.len();
        let mut changed = false;
        for (name, stem, path, size, modified_ns, inode, changed_ns) in files {
            if let Some(e) = old.entries.remove(&name).filter(|e| {
                (e.size, e.modified_ns, e.inode, e.changed_ns)
                    == (size, modified_ns, inode, changed_ns)
            }) {
                let mut summary = e.summary.clone();
                summary.path = path;
                listing.plans.push(summary);
                fresh.entries.insert(name, e);
                continue;
            }
            changed = true;
            match read_plan(&path) {
                Ok(file) if file.plan.id.as_str() == stem => {
                    let summary = PlanSummary::of(&file.plan, &path);
                    fresh.entries.insert(
                        name,
                        Entry {
                            size,
                            modified_ns,
                            inode,
                            changed_ns,
                            summary: summary.clone(),
                        },
                    );
                    listing.plans.push(summary);
                }
                Ok(file) => listing.errors.push(StoreError::IdMismatch {
                    path: path.as_path().into(),
                    id: file.plan.id.to_string(),
                }),
                Err(e) => listing.errors.push(e),
            }
        }
        changed |= fresh.entries.len() != old_count;
        if changed && let Ok(bytes) = serde_json::to_vec(&fresh) {
            // The index is only a cache: failing to write it slows the next listing, nothing more.
            let _ = fsio::replace_atomic(&index_path, &bytes);
        }
        listing
            .plans
            .sort_by(|a, b| (b.updated, b.revision, &a.id).cmp(&(a.updated, a.revision, &b.id)));
        Ok(listing)
    }
}
