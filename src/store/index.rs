//! A cache of plan summaries, so that listing 10,000 plans does not parse 10,000 YAML files.
//!
//! `.index.json` in the plans folder holds, one JSON line per plan file, its name, its stamp
//! (size, modification time, inode, change time), its summary and its dated sessions and
//! checkpoints. Listing stats every file (cheap), streams the index and parses only the files
//! whose stamp changed, on every core; the index is then rewritten if anything changed. It is
//! a cache: a missing, stale, corrupted or hostile index is rebuilt, never trusted over the
//! files, and never read whole into memory.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::error::StoreError;
use super::{Store, fsio, read_plan};
use crate::domain::agenda::{self, AgendaItem, AgendaSource, Dated, dated};
use crate::domain::catalog::Catalog;
use crate::domain::plan::Status;
use crate::domain::{Lang, Plan, PlanId};

const INDEX_FILE: &str = ".index.json";
const HEAD_FILE: &str = ".index-head.json";
/// Plans kept in the head file: more than any screen shows.
const HEAD_ROWS: usize = 1000;
const MAX_HEAD_BYTES: u64 = 4 * 1024 * 1024;
const INDEX_VERSION: u32 = 5;
/// The largest index read; a bigger one is ignored and rebuilt.
const MAX_INDEX_BYTES: u64 = 512 * 1024 * 1024;

/// What the plan list shows of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    // Short names: the index holds one summary per plan.
    #[serde(rename = "i")]
    pub id: PlanId,
    #[serde(rename = "p")]
    pub patient: String,
    #[serde(rename = "s")]
    pub status: Status,
    #[serde(rename = "l")]
    pub language: Lang,
    #[serde(rename = "c")]
    pub created: Date,
    #[serde(rename = "u")]
    pub updated: Date,
    #[serde(rename = "r")]
    pub revision: u32,
    #[serde(rename = "n")]
    pub next_session: Option<Date>,
    /// Fields changed on two machines, waiting for the practitioner's choice.
    #[serde(rename = "k", default, skip_serializing_if = "is_zero")]
    pub conflicts: usize,
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
            conflicts: plan.conflicts.len(),
            path: path.to_path_buf(),
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One plan in the index: one JSON object per line.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// The file name in the plans folder.
    #[serde(rename = "f")]
    name: String,
    /// Size, modification time, inode and change time: a rename over the file (every save)
    /// changes the inode, even where modification times are coarse.
    #[serde(rename = "t")]
    stamp: Stamp,
    #[serde(rename = "s")]
    summary: PlanSummary,
    /// The plan's sessions and checkpoints, for the agenda.
    #[serde(rename = "a", default)]
    agenda: Vec<Dated>,
}

/// An index line as read: the agenda part is parsed only by what needs it (`Vec<Dated>`), and
/// skipped without allocating otherwise (`IgnoredAny`).
#[derive(Debug, Deserialize)]
struct Line<A> {
    #[serde(rename = "f")]
    name: String,
    #[serde(rename = "t")]
    stamp: Stamp,
    #[serde(rename = "s")]
    summary: PlanSummary,
    #[serde(rename = "a", default)]
    agenda: A,
}

/// What [`Line`] keeps of the sessions and checkpoints.
trait AgendaPart: serde::de::DeserializeOwned + Default + Send {
    fn dated(&self) -> &[Dated];
    /// The part of an index line to parse.
    fn trim(line: &[u8]) -> Vec<u8> {
        line.to_vec()
    }
}

impl AgendaPart for Vec<Dated> {
    fn dated(&self) -> &[Dated] {
        self
    }
}

impl AgendaPart for serde::de::IgnoredAny {
    fn dated(&self) -> &[Dated] {
        &[]
    }

    /// The line without its agenda, which trichoplan writes last (`,"a":[…]}`): the list
    /// does not even scan it. A quote starts `"a"` only as a key (inside a JSON string it
    /// would be escaped), and no key of the summary or of the stamp is `a`.
    fn trim(line: &[u8]) -> Vec<u8> {
        const AGENDA: &[u8] = b",\"a\":";
        match line.windows(AGENDA.len()).position(|w| w == AGENDA) {
            Some(at) => {
                let mut head = Vec::with_capacity(at + 1);
                head.extend_from_slice(&line[..at]);
                head.push(b'}');
                head
            }
            None => line.to_vec(),
        }
    }
}

/// The top of the plan list, newest first, for the interface's first frame.
#[derive(Debug, Serialize, Deserialize)]
struct Head {
    trichoplan_index_head: u32,
    plans: Vec<PlanSummary>,
}

/// The first line of the index.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    trichoplan_index: u32,
}

/// A plan file's identity on disk: an index entry is used only while it is unchanged.
type Stamp = (u64, u128, u64, i128);

/// Summaries of the readable plans, newest first, and the files that could not be read.
#[derive(Debug, Default)]
pub struct SummaryListing {
    pub plans: Vec<PlanSummary>,
    pub errors: Vec<StoreError>,
}

/// The agenda of a plans folder, and the files that could not be read.
#[derive(Debug, Default)]
pub struct AgendaListing {
    pub items: Vec<AgendaItem>,
    pub errors: Vec<StoreError>,
}

/// Files parsed at once on every core while the index is rebuilt (bounds the memory).
const BATCH: usize = 1024;
/// The longest index line read; a longer one ends the reading (and the index is rebuilt).
const MAX_LINE: u64 = 4 * 1024 * 1024;

impl Store {
    /// Summaries of every plan in the folder, newest first, using and refreshing the index.
    pub fn summaries(&self) -> Result<SummaryListing, StoreError> {
        let mut plans = Vec::new();
        let (errors, changed) =
            self.refresh::<serde::de::IgnoredAny>(|summary, _| plans.push(summary))?;
        sort_summaries(&mut plans);
        let head = self.dir().join(HEAD_FILE);
        if changed || (!plans.is_empty() && fs::symlink_metadata(&head).is_err()) {
            // The top of the list, for the interface's first frame. A cache, like the index.
            let top = Head {
                trichoplan_index_head: INDEX_VERSION,
                plans: plans.iter().take(HEAD_ROWS).cloned().collect(),
            };
            if let Ok(bytes) = serde_json::to_vec(&top)
                && let Ok(mut w) = fsio::AtomicWriter::new(&head)
                && w.write_all(&bytes).is_ok()
            {
                let _ = w.commit();
            }
        }
        Ok(SummaryListing { plans, errors })
    }

    /// The summaries the index held at its last refresh, without looking at the files: what
    /// the interface shows in its first frame, before [`Store::summaries`] re-checks the
    /// folder. Entries that could not have been written by trichoplan are left out.
    ///
    /// Only the top of the list is kept for this (the first thousand plans, newest first), so
    /// the first frame costs the same at 50 or 50,000 plans.
    pub fn cached_summaries(&self) -> Vec<PlanSummary> {
        let head = fsio::read_capped_nofollow(&self.dir().join(HEAD_FILE), MAX_HEAD_BYTES)
            .ok()
            .and_then(|b| serde_json::from_slice::<Head>(&b).ok())
            .filter(|h| h.trichoplan_index_head == INDEX_VERSION);
        let mut plans: Vec<PlanSummary> = head
            .map(|h| h.plans)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| crate::domain::Text::new(p.patient.as_str()).is_ok())
            .map(|mut p| {
                p.path = self.path_of(&p.id);
                p
            })
            .collect();
        sort_summaries(&mut plans);
        plans
    }

    /// Every session and checkpoint dated in `from..=to` across the folder's plans (archived
    /// ones left out), answered from the index: only plans changed since the index was last
    /// refreshed are parsed, and only the items in range are kept in memory.
    pub fn agenda(
        &self,
        from: Date,
        to: Date,
        catalog: &Catalog,
        lang: Lang,
    ) -> Result<AgendaListing, StoreError> {
        let mut items = Vec::new();
        let (errors, _) = self.refresh::<Vec<Dated>>(|s, dated| {
            agenda::push_due(
                &mut items,
                AgendaSource {
                    id: &s.id,
                    patient: &s.patient,
                    status: s.status,
                    revision: s.revision,
                    updated: s.updated,
                    dated,
                },
                from,
                to,
                catalog,
                lang,
            );
        })?;
        agenda::sort_items(&mut items);
        Ok(AgendaListing { items, errors })
    }

    /// Stats every plan file, streams the index and hands `consume` the entry of each
    /// unchanged file, parses the others (on every core, in batches) and hands them over too,
    /// and rewrites the index if anything changed. The index is never held whole in memory.
    /// Returns the unreadable files, and whether anything changed since the last refresh.
    fn refresh<A: AgendaPart>(
        &self,
        mut consume: impl FnMut(PlanSummary, &[Dated]),
    ) -> Result<(Vec<StoreError>, bool), StoreError> {
        let entries = match fs::read_dir(self.dir()) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), false)),
            Err(e) => return Err(StoreError::io(self.dir(), "cannot read folder", e)),
        };
        let index_path = self.dir().join(INDEX_FILE);
        let mut errors = Vec::new();
        // Opening the index and stating the files are independent: do both at once.
        let (index, files) = std::thread::scope(|scope| {
            let index = scope.spawn(|| open_index(&index_path));
            let mut files: HashMap<String, (Stamp, bool)> = HashMap::new();
            for entry in entries.filter_map(Result::ok) {
                let name = entry.file_name().to_string_lossy().into_owned();
                if fsio::is_temp_name(&name) {
                    fsio::remove_if_stale(&entry.path(), super::STALE_TEMP);
                    continue;
                }
                match super::classify(&entry) {
                    None => continue,
                    Some(Err(e)) => {
                        errors.push(e);
                        continue;
                    }
                    Some(Ok(_)) => {}
                }
                let Ok(meta) = entry.metadata() else { continue };
                let modified_ns = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                let changed_ns =
                    i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec());
                files.insert(
                    name,
                    ((meta.len(), modified_ns, meta.ino(), changed_ns), false),
                );
            }
            (index.join().ok().flatten(), files)
        });
        let mut files = files;
        let total = files.len();
        // Pass 1: the index entries still valid, by line number.
        let mut keep: Vec<bool> = Vec::new();
        let mut index = index;
        let mut complete = true;
        if let Some(reader) = index.as_mut() {
            // Lines are parsed on every core, a chunk at a time; checked and used in order.
            let mut chunk: Vec<Vec<u8>> = Vec::new();
            let mut next = 0;
            let mut take = |chunk: &mut Vec<Vec<u8>>, next: &mut usize| {
                let parsed = super::on_every_core(std::mem::take(chunk), |line| {
                    serde_json::from_slice::<Line<A>>(&line).ok()
                });
                for parsed in parsed {
                    let n = *next;
                    *next += 1;
                    keep.push(false);
                    let Some(mut e) = parsed else { continue };
                    let Some(stem) = e.name.strip_suffix(".yaml") else {
                        continue;
                    };
                    let Some((stamp, seen)) = files.get_mut(&e.name) else {
                        continue;
                    };
                    if *seen || *stamp != e.stamp || !e.trustworthy(stem) {
                        continue;
                    }
                    *seen = true;
                    keep[n] = true;
                    e.summary.path = self.dir().join(&e.name);
                    consume(e.summary, e.agenda.dated());
                }
            };
            complete = for_each_line(reader, |_, line| {
                chunk.push(A::trim(line));
                if chunk.len() == BATCH * 4 {
                    take(&mut chunk, &mut next);
                }
            });
            take(&mut chunk, &mut next);
        }
        let mut stale: Vec<(String, Stamp)> = files
            .iter()
            .filter(|(_, (_, seen))| !seen)
            .map(|(name, (stamp, _))| (name.clone(), *stamp))
            .collect();
        stale.sort();
        let kept = keep.iter().filter(|k| **k).count();
        let changed =
            (index.is_none() && total > 0) || !complete || !stale.is_empty() || kept != keep.len();
        drop(files);
        if !changed {
            return Ok((errors, false));
        }
        // Pass 2: a new index with the valid lines of the old one, then the files parsed now.
        // The index is only a cache: failing to write it slows the next listing, nothing more.
        let mut writer = fsio::AtomicWriter::new(&index_path).ok();
        if let Some(w) = writer.as_mut() {
            let header = serde_json::to_string(&Header {
                trichoplan_index: INDEX_VERSION,
            })
            .unwrap_or_default();
            let mut ok = writeln!(w, "{header}").is_ok();
            if let Some(reader) = index.as_mut()
                && reader.seek(SeekFrom::Start(0)).is_ok()
            {
                let _ = for_each_line(reader, |n, line| {
                    if ok && keep.get(n).copied().unwrap_or(false) {
                        ok = w.write_all(line).and_then(|()| w.write_all(b"\n")).is_ok();
                    }
                });
            }
            if !ok {
                writer = None;
            }
        }
        for batch in stale.chunks(BATCH) {
            let parsed = super::on_every_core(batch.to_vec(), |(name, stamp)| {
                let path = self.dir().join(&name);
                parse_entry(name, stamp, &path).map(|e| (e, path))
            });
            for result in parsed {
                match result {
                    Ok((mut e, path)) => {
                        if let Some(w) = writer.as_mut()
                            && let Ok(line) = serde_json::to_vec(&e)
                            && w.write_all(&line)
                                .and_then(|()| w.write_all(b"\n"))
                                .is_err()
                        {
                            writer = None;
                        }
                        e.summary.path = path;
                        consume(e.summary, &e.agenda);
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
        if let Some(w) = writer {
            let _ = w.commit();
        }
        Ok((errors, true))
    }
}

impl<A> Line<A> {
    /// An entry read from the index is used only if it could have been written by trichoplan
    /// for this file: a hostile or damaged index is never trusted over the files.
    fn trustworthy(&self, stem: &str) -> bool {
        self.summary.id.as_str() == stem
            && crate::domain::Text::new(self.summary.patient.as_str()).is_ok()
    }
}

/// Newest first, then by id.
fn sort_summaries(plans: &mut [PlanSummary]) {
    plans.sort_by(|a, b| (b.updated, b.revision, &a.id).cmp(&(a.updated, a.revision, &b.id)));
}

/// Opens the index for reading if it is a regular file (not a link, a FIFO or a device) of a
/// sane size and of this version; positioned after its header.
fn open_index(path: &Path) -> Option<BufReader<File>> {
    let file = fsio::open_regular(path, true).ok()?;
    if file.metadata().ok()?.len() > MAX_INDEX_BYTES {
        return None;
    }
    let mut reader = BufReader::with_capacity(256 * 1024, file);
    let mut first = Vec::new();
    (&mut reader)
        .take(1024)
        .read_until(b'\n', &mut first)
        .ok()?;
    let header: Header = serde_json::from_slice(&first).ok()?;
    (header.trichoplan_index == INDEX_VERSION).then_some(reader)
}

/// Calls `f` with the number and the bytes (without the line feed) of each entry line after
/// the header. Returns false if the index ended early: a line too long, or a read error.
fn for_each_line(reader: &mut BufReader<File>, mut f: impl FnMut(usize, &[u8])) -> bool {
    let mut line = Vec::new();
    let mut header = reader.stream_position().is_ok_and(|p| p == 0);
    let mut n = 0;
    loop {
        line.clear();
        match (&mut *reader)
            .take(MAX_LINE + 1)
            .read_until(b'\n', &mut line)
        {
            Ok(0) => return true,
            Ok(_) if line.last() != Some(&b'\n') => return false,
            Ok(_) => {}
            Err(_) => return false,
        }
        if header {
            header = false;
            continue;
        }
        line.pop();
        f(n, &line);
        n += 1;
    }
}

/// Parses one plan file into its index entry.
fn parse_entry(name: String, stamp: Stamp, path: &Path) -> Result<Entry, StoreError> {
    let stem = name.strip_suffix(".yaml").unwrap_or(&name);
    let file = read_plan(path)?;
    if file.plan.id.as_str() != stem {
        return Err(StoreError::IdMismatch {
            path: path.into(),
            id: file.plan.id.to_string(),
        });
    }
    Ok(Entry {
        summary: PlanSummary::of(&file.plan, path),
        agenda: dated(&file.plan),
        name,
        stamp,
    })
}
