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
use crate::domain::agenda::{Dated, dated};
use crate::domain::plan::Status;
use crate::domain::{Lang, Plan, PlanId};

const INDEX_FILE: &str = ".index.json";
const INDEX_VERSION: u32 = 3;
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
    /// The plan's sessions and checkpoints, for the agenda.
    #[serde(default)]
    agenda: Vec<Dated>,
}

/// Summaries of the readable plans, newest first, and the files that could not be read.
#[derive(Debug, Default)]
pub struct SummaryListing {
    pub plans: Vec<PlanSummary>,
    pub errors: Vec<StoreError>,
}

/// What the index keeps of one plan: its summary and its dated sessions and checkpoints.
#[derive(Debug, Clone)]
pub struct IndexedPlan {
    pub summary: PlanSummary,
    pub dated: Vec<Dated>,
}

/// Every readable plan as the index keeps it, and the files that could not be read.
#[derive(Debug, Default)]
pub struct IndexListing {
    pub plans: Vec<IndexedPlan>,
    pub errors: Vec<StoreError>,
}

/// A plan file's identity on disk: an index entry is used only while it is unchanged.
type Stamp = (u64, u128, u64, i128);

impl Store {
    /// Summaries of every plan in the folder, newest first, using and refreshing the index.
    pub fn summaries(&self) -> Result<SummaryListing, StoreError> {
        let (index, errors) = self.refresh()?;
        let mut plans: Vec<PlanSummary> = index.entries.into_values().map(|e| e.summary).collect();
        plans.sort_by(|a, b| (b.updated, b.revision, &a.id).cmp(&(a.updated, a.revision, &b.id)));
        Ok(SummaryListing { plans, errors })
    }

    /// Every plan with its dated sessions and checkpoints, from the index (refreshed first):
    /// the agenda without parsing every plan.
    pub fn indexed(&self) -> Result<IndexListing, StoreError> {
        let (index, errors) = self.refresh()?;
        let plans = index
            .entries
            .into_values()
            .map(|e| IndexedPlan {
                summary: e.summary,
                dated: e.agenda,
            })
            .collect();
        Ok(IndexListing { plans, errors })
    }

    /// Reads the index, stats every plan file, parses those whose stamp changed (on every
    /// core), and rewrites the index if anything changed. Entries carry their paths.
    fn refresh(&self) -> Result<(Index, Vec<StoreError>), StoreError> {
        let entries = match fs::read_dir(self.dir()) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Index::default(), Vec::new()));
            }
            Err(e) => return Err(StoreError::io(self.dir(), "cannot read folder", e)),
        };
        let index_path = self.dir().join(INDEX_FILE);
        let mut errors = Vec::new();
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
                        errors.push(e);
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
                let stamp = (meta.len(), modified_ns, meta.ino(), changed_ns);
                files.push((name, stem, entry.path(), stamp));
            }
            (index.join().unwrap_or_default(), files)
        });
        let mut fresh = Index {
            version: INDEX_VERSION,
            entries: BTreeMap::new(),
        };
        let old_count = old.entries.len();
        let mut stale = Vec::new();
        for (name, stem, path, stamp) in files {
            match old.entries.remove(&name) {
                Some(mut e) if e.stamp() == stamp && e.trustworthy(&stem) => {
                    e.summary.path = path;
                    fresh.entries.insert(name, e);
                }
                _ => stale.push((name, stem, path, stamp)),
            }
        }
        let changed = !stale.is_empty() || fresh.entries.len() != old_count;
        for (name, parsed) in parse_all(stale) {
            match parsed {
                Ok(e) => {
                    fresh.entries.insert(name, e);
                }
                Err(e) => errors.push(e),
            }
        }
        if changed && let Ok(bytes) = serde_json::to_vec(&fresh) {
            // The index is only a cache: failing to write it slows the next listing, nothing more.
            let _ = fsio::replace_atomic(&index_path, &bytes);
        }
        Ok((fresh, errors))
    }
}

impl Entry {
    fn stamp(&self) -> Stamp {
        (self.size, self.modified_ns, self.inode, self.changed_ns)
    }

    /// An entry read from the index is used only if it could have been written by trichoplan
    /// for this file: a hostile or damaged index is never trusted over the files.
    fn trustworthy(&self, stem: &str) -> bool {
        self.summary.id.as_str() == stem && crate::domain::Text::new(&self.summary.patient).is_ok()
    }
}

/// Parses plan files on every core, each into its index entry.
fn parse_all(
    files: Vec<(String, String, PathBuf, Stamp)>,
) -> Vec<(String, Result<Entry, StoreError>)> {
    let parse = |(name, stem, path, stamp): (String, String, PathBuf, Stamp)| {
        let entry = match read_plan(&path) {
            Ok(file) if file.plan.id.as_str() == stem => Ok(Entry {
                size: stamp.0,
                modified_ns: stamp.1,
                inode: stamp.2,
                changed_ns: stamp.3,
                summary: PlanSummary::of(&file.plan, &path),
                agenda: dated(&file.plan),
            }),
            Ok(file) => Err(StoreError::IdMismatch {
                path: path.as_path().into(),
                id: file.plan.id.to_string(),
            }),
            Err(e) => Err(e),
        };
        (name, entry)
    };
    super::on_every_core(files, parse)
}
