//! The only code that touches plan files: reading, validating, listing, locking and saving.
//!
//! A plans folder holds `<id>.yaml` files, a `history/<id>/` folder of previous versions per
//! plan, and a hidden `.locks/` folder. Saves are atomic and durable (see [`fsio::write_atomic`]);
//! a save compares the file on disk with the bytes that were opened and refuses to overwrite
//! someone else's change, or a file that does not parse, unless the caller decides so.

pub mod catalog;
pub mod config;
pub mod draft;
pub mod error;
pub mod examples;
mod fsio;
pub mod git;
pub mod index;
mod lock;
pub mod yaml;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;

use crate::domain::{self, Plan, PlanId};

pub use error::{ConflictKind, Shown, StoreError};
pub use fsio::write_atomic;
pub use lock::PlanLock;

/// Largest plan file accepted (a plan with years of visits is well under 200 KB).
pub const MAX_PLAN_BYTES: u64 = 2 * 1024 * 1024;
/// Previous versions kept per plan; older ones are pruned on save.
pub const HISTORY_KEEP: usize = 100;

/// A plan as read from disk, with the exact bytes read, which a later save compares against.
#[derive(Debug, Clone)]
pub struct PlanFile {
    pub path: PathBuf,
    pub plan: Plan,
    pub bytes: Vec<u8>,
}

/// Reads, parses and checks one plan file anywhere on disk.
pub fn read_plan(path: &Path) -> Result<PlanFile, StoreError> {
    let bytes = fsio::read_capped_nofollow(path, MAX_PLAN_BYTES)?;
    let plan = parse_plan(&bytes, path)?;
    Ok(PlanFile {
        path: path.to_path_buf(),
        plan,
        bytes,
    })
}

/// Gives ids to new sessions and checkpoints, and records as removed those that the plan as
/// opened (`base`, the bytes read) had and `plan` no longer has, so that calendars are told.
/// [`Store::save`] does it too; callers that keep the saved plan in memory call it first so
/// that their copy matches the file.
pub fn prepare_for_save(plan: &mut Plan, base: Option<&[u8]>) {
    plan.assign_ids();
    if let Some(before) = base.and_then(|b| parse_plan(b, Path::new("")).ok()) {
        plan.record_removals(&before);
    }
}

/// Parses and checks plan bytes; `path` is only used in messages.
pub fn parse_plan(bytes: &[u8], path: &Path) -> Result<Plan, StoreError> {
    let mut plan: Plan = yaml::decode(bytes, path)?;
    // Older schemas are brought up to date as they are read; the next save writes the new one.
    plan.migrate();
    // Files written before sessions and checkpoints had ids get them now, deterministically.
    plan.assign_ids();
    let problems = domain::check(&plan);
    if let Some(first) = problems.first() {
        let more = match problems.len() {
            1 => String::new(),
            n => format!(
                " (and {} more problem{})",
                n - 1,
                if n > 2 { "s" } else { "" }
            ),
        };
        let message = domain::escape_controls(&format!("{first}{more}"), false).into_owned();
        let text = String::from_utf8_lossy(bytes);
        // A missing field is placed at the entry that lacks it.
        let mut place = None;
        let mut field = first.field.as_str();
        while place.is_none() && !field.is_empty() {
            place = yaml::locate_field(&text, field);
            field = field.rfind('.').map_or("", |dot| &field[..dot]);
        }
        return Err(match place {
            Some((line, column)) => StoreError::Syntax {
                path: path.into(),
                line,
                column,
                message,
            },
            None => StoreError::Invalid {
                path: path.into(),
                message,
            },
        });
    }
    Ok(plan)
}

/// Reads a file handed to trichoplan by another program (git's merge driver arguments), of
/// at most a plan's size.
pub fn fsio_read(path: &Path) -> Result<Vec<u8>, StoreError> {
    fsio::read_capped(path, MAX_PLAN_BYTES)
}

/// Serialises a plan exactly as a save writes it.
pub fn encode_plan(plan: &Plan, path: &Path) -> Result<Vec<u8>, StoreError> {
    yaml::encode(plan, path)
}

/// Writes a summary or an export to `path` (atomically, 0600), refusing to replace what is not
/// a previous output: a device, a FIFO, a folder, or a plan file.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    if let Ok(meta) = fs::symlink_metadata(path) {
        if meta.file_type().is_symlink() {
            return Err(StoreError::Symlink { path: path.into() });
        }
        if meta.is_dir() {
            return Err(StoreError::Invalid {
                path: path.into(),
                message: "is a folder: give -o the name of the file to write in it".to_owned(),
            });
        }
        if !meta.is_file() {
            return Err(StoreError::Invalid {
                path: path.into(),
                message: "is a device or a pipe, not a file: -o writes a file (leave -o out to write to standard output, e.g. `> /dev/null`)".to_owned(),
            });
        }
        let head = fsio::read_capped(path, MAX_PLAN_BYTES).unwrap_or_default();
        if head.starts_with(b"schema:") || parse_plan(&head, path).is_ok() {
            return Err(StoreError::Invalid {
                path: path.into(),
                message: "is a plan file; write the output to another file".to_owned(),
            });
        }
    }
    fsio::write_atomic(path, bytes)
}

/// What a save should do when the file on disk is not the one that was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveMode {
    /// Refuse with [`StoreError::Conflict`].
    Normal,
    /// Replace it (after keeping it in the history), unless it cannot be parsed.
    Overwrite,
}

/// The result of listing a plans folder: the plans that could be read, and the files that could
/// not, each with its error.
#[derive(Debug, Default)]
pub struct Listing {
    pub plans: Vec<PlanFile>,
    pub errors: Vec<StoreError>,
}

/// A plans folder.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// A store on `dir`, which is not created until something is saved.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Store { dir: dir.into() }
    }

    /// The plans folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the plan `id` lives.
    pub fn path_of(&self, id: &PlanId) -> PathBuf {
        self.dir.join(format!("{id}.yaml"))
    }

    /// The folder printed documents are written to (`<plans>/printouts`, 0700), created if
    /// needed. Never committed by a git-shared folder (only plan files are).
    pub fn printouts_dir(&self) -> Result<PathBuf, StoreError> {
        let dir = self.dir.join("printouts");
        fsio::create_private_subdir(&dir)?;
        Ok(dir)
    }

    /// Where the previous versions of `id` are kept.
    pub fn history_dir(&self, id: &PlanId) -> PathBuf {
        self.dir.join("history").join(id.as_str())
    }

    /// Turns a PLAN argument (an id, or a path to a file) into a path.
    pub fn resolve(&self, plan: &std::ffi::OsStr) -> Result<PathBuf, StoreError> {
        let Some(plan) = plan.to_str() else {
            // Not UTF-8: not an id, so a file name.
            return Ok(PathBuf::from(plan));
        };
        let looks_like_path = plan.contains('/')
            || plan.ends_with(".yaml")
            || plan.ends_with(".yml")
            || Path::new(plan).is_file();
        if looks_like_path {
            return Ok(PathBuf::from(plan));
        }
        let id = PlanId::new(plan).map_err(|e| {
            StoreError::Usage(format!(
                "`{}` is neither a plan id nor a path to a plan file: {e}",
                domain::escape_controls(plan, false)
            ))
        })?;
        Ok(self.path_of(&id))
    }

    /// Reads the plan `id` from this folder.
    pub fn load(&self, id: &PlanId) -> Result<PlanFile, StoreError> {
        let file = read_plan(&self.path_of(id))?;
        if &file.plan.id != id {
            return Err(StoreError::IdMismatch {
                path: file.path.as_path().into(),
                id: file.plan.id.to_string(),
            });
        }
        Ok(file)
    }

    /// Every plan in the folder, newest first; unreadable files are reported, not skipped.
    ///
    /// A folder that does not exist yet lists as empty. Temporary files left by a save that was
    /// killed halfway are removed once they are an hour old.
    pub fn list(&self) -> Result<Listing, StoreError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Listing::default()),
            Err(e) => return Err(StoreError::io(&self.dir, "cannot read folder", e)),
        };
        let mut listing = Listing::default();
        for entry in entries {
            let entry = entry.map_err(|e| StoreError::io(&self.dir, "cannot read folder", e))?;
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if fsio::is_temp_name(&name) {
                fsio::remove_if_stale(&path, STALE_TEMP);
                continue;
            }
            let stem = match classify(&entry) {
                None => continue,
                Some(Err(e)) => {
                    listing.errors.push(e);
                    continue;
                }
                Some(Ok(stem)) => stem,
            };
            match read_plan(&path) {
                Ok(file) if file.plan.id.as_str() == stem => listing.plans.push(file),
                Ok(file) => listing.errors.push(StoreError::IdMismatch {
                    path: path.as_path().into(),
                    id: file.plan.id.to_string(),
                }),
                Err(e) => listing.errors.push(e),
            }
        }
        listing.plans.sort_by(|a, b| {
            (b.plan.updated, b.plan.revision, &a.plan.id).cmp(&(
                a.plan.updated,
                a.plan.revision,
                &b.plan.id,
            ))
        });
        Ok(listing)
    }

    /// Takes the edit lock of `id`, or fails with [`StoreError::Locked`].
    pub fn lock(&self, id: &PlanId) -> Result<PlanLock, StoreError> {
        fsio::create_private_dir(&self.dir)?;
        let lock = lock::acquire(&self.dir, id, &self.path_of(id))?;
        // With the lock held, temporary files in the plan's history are leftovers of a save
        // that was killed.
        let history = self.history_dir(id);
        if fs::symlink_metadata(&history).is_ok_and(|m| m.is_dir()) {
            fsio::remove_stale_temps(&history, Duration::ZERO);
        }
        Ok(lock)
    }

    /// Saves `plan` under its id and returns the bytes written (the new base).
    ///
    /// `base` is what was read when the plan was opened (`None` for a new plan). If the file on
    /// disk differs from it, the save is refused with a conflict in [`SaveMode::Normal`]; in
    /// [`SaveMode::Overwrite`] it goes ahead unless the file on disk cannot be parsed, which is
    /// never overwritten. Whatever was on disk is kept in the plan's history.
    ///
    /// The comparison is a compare-and-swap: the new file is swapped with the one on disk in one
    /// atomic step (`RENAME_EXCHANGE`), and what was displaced is then compared with `base`. If
    /// an outside edit landed at any point before the swap, it is swapped back and the save is
    /// refused with a conflict, so an outside edit is never silently overwritten. The displaced
    /// file itself becomes the history entry, so an editor still writing into it keeps its
    /// bytes there. A plan larger than [`MAX_PLAN_BYTES`] is refused before anything is
    /// written, and a failed save adds no history entry.
    pub fn save(
        &self,
        lock: &PlanLock,
        plan: &Plan,
        base: Option<&[u8]>,
        mode: SaveMode,
    ) -> Result<Vec<u8>, StoreError> {
        let path = self.path_of(&plan.id);
        if lock.id() != &plan.id || lock.dir() != self.dir {
            return Err(StoreError::Usage(format!(
                "{}: internal error: saved without holding this plan's lock",
                Shown(path)
            )));
        }
        let mut plan = plan.clone();
        prepare_for_save(&mut plan, base);
        let plan = &plan;
        let problems = domain::check(plan);
        if let Some(first) = problems.first() {
            return Err(StoreError::Invalid {
                path: path.as_path().into(),
                message: format!("not saved: {first}"),
            });
        }
        let bytes = encode_plan(plan, &path)?;
        if bytes.len() as u64 > MAX_PLAN_BYTES {
            return Err(StoreError::Invalid {
                path: path.as_path().into(),
                message: format!(
                    "not saved: the plan would be {} bytes, above the {MAX_PLAN_BYTES}-byte limit for a plan; shorten its notes",
                    bytes.len()
                ),
            });
        }
        let current = self.read_current(&path)?;
        let conflict = match (&current, base) {
            (None, None) => None,
            (Some(now), Some(then)) if now.as_slice() == then => None,
            (Some(_), Some(_)) => Some(ConflictKind::ChangedOnDisk),
            (Some(_), None) => Some(ConflictKind::AlreadyExists),
            (None, Some(_)) => Some(ConflictKind::Deleted),
        };
        if let Some(kind) = conflict {
            if mode == SaveMode::Normal {
                return Err(StoreError::Conflict {
                    path: path.as_path().into(),
                    kind,
                });
            }
            if let Some(now) = &current {
                unparseable(now, &path)?;
            }
        }
        if current.as_deref() == Some(bytes.as_slice()) {
            return Ok(bytes);
        }
        fsio::create_private_dir(&self.dir)?;
        let history = self.history_dir(&plan.id);
        fsio::create_private_subdir(&self.dir.join("history"))?;
        fsio::create_private_subdir(&history)?;
        // The lock is held: any temporary file there is a leftover of a killed save.
        fsio::remove_stale_temps(&history, Duration::ZERO);
        // The new version is written in the history folder, then swapped into place.
        let tmp = fsio::write_temp(&path, &history, &bytes)?;
        let Some(seen) = current else {
            // A new plan (or one deleted meanwhile): never replace what may have appeared.
            return match tmp.persist_noclobber(&path) {
                Ok(_) => {
                    self.sync_dirs(&history)?;
                    Ok(bytes)
                }
                Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                    Err(StoreError::Conflict {
                        path: path.as_path().into(),
                        kind: if base.is_none() {
                            ConflictKind::AlreadyExists
                        } else {
                            ConflictKind::ChangedOnDisk
                        },
                    })
                }
                Err(e) => Err(StoreError::io(&path, "cannot save", e.error)),
            };
        };
        // What the displaced file must be for the save to stand.
        let expected = match mode {
            SaveMode::Normal => Expect::Bytes(&seen),
            SaveMode::Overwrite => Expect::Parseable,
        };
        match fsio::rename_exchange(tmp.path(), &path) {
            Ok(()) => {}
            Err(fsio::ExchangeError::Unsupported) => {
                return self.save_by_rename(tmp, &path, &plan.id, &bytes, expected);
            }
            Err(fsio::ExchangeError::Missing) => {
                return Err(StoreError::Conflict {
                    path: path.as_path().into(),
                    kind: ConflictKind::Deleted,
                });
            }
            Err(fsio::ExchangeError::Other(e)) => {
                return Err(StoreError::io(&path, "cannot save", e));
            }
        }
        // The temporary name now holds the displaced version: it must not be deleted blindly.
        let displaced = match tmp.into_temp_path().keep() {
            Ok(p) => p,
            Err(e) => return Err(StoreError::io(&path, "cannot save", e.error)),
        };
        let entry = match self.claim_history_name(&displaced, &history) {
            Ok(entry) => entry,
            Err(e) => {
                self.swap_back(&displaced, &path, &bytes)?;
                return Err(e);
            }
        };
        if let Err(e) = check_displaced(&entry, &path, expected) {
            // Someone else's version was displaced: it goes back, and ours is dropped.
            self.swap_back(&entry, &path, &bytes)?;
            return Err(e);
        }
        let synced = self.sync_dirs(&history);
        self.prune_history(&plan.id);
        // Once more, at the very end: an editor that had the old file open may have written
        // into it while the folders were flushed.
        if let Err(e) = check_displaced(&entry, &path, expected) {
            self.swap_back(&entry, &path, &bytes)?;
            return Err(e);
        }
        synced?;
        Ok(bytes)
    }

    /// The plan file on disk now, or `None` if there is none; a file too large to be a plan is
    /// never overwritten.
    fn read_current(&self, path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
        match fsio::read_capped_nofollow(path, MAX_PLAN_BYTES) {
            Ok(current) => Ok(Some(current)),
            Err(StoreError::NotFound { .. }) => Ok(None),
            Err(StoreError::TooLarge { .. }) => Err(StoreError::Unparseable {
                path: path.into(),
                reason: "it is larger than a plan can be".to_owned(),
            }),
            Err(e) => Err(e),
        }
    }

    /// Flushes the plans folder and the history folder after a rename between them.
    fn sync_dirs(&self, history: &Path) -> Result<(), StoreError> {
        fsio::sync_dir(&self.dir)
            .map_err(|e| StoreError::io(&self.dir, "cannot flush folder", e))?;
        fsio::sync_dir(history).map_err(|e| StoreError::io(history, "cannot flush folder", e))
    }

    /// Undoes a swap: the version at `other` (someone else's, displaced by the save) goes back
    /// to `path`, and what comes out of `path` is removed if it is the save's own `bytes` (else
    /// it is someone's newer version, and it stays where it landed, in the history).
    fn swap_back(&self, other: &Path, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
        match fsio::rename_exchange(other, path) {
            Ok(()) => {
                if fsio::read_capped_nofollow(other, MAX_PLAN_BYTES).is_ok_and(|b| b == bytes) {
                    let _ = fs::remove_file(other);
                }
                let _ = fsio::sync_dir(&self.dir);
                if let Some(dir) = other.parent() {
                    let _ = fsio::sync_dir(dir);
                }
                Ok(())
            }
            Err(_) => Err(StoreError::Invalid {
                path: path.into(),
                message: format!(
                    "changed on disk during the save, and that version could not be put back: it is kept as {}",
                    Shown(other.to_path_buf())
                ),
            }),
        }
    }

    /// Gives the displaced version its history name (a UTC timestamp), never replacing one.
    fn claim_history_name(&self, displaced: &Path, history: &Path) -> Result<PathBuf, StoreError> {
        let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%S%.6fZ").to_string();
        for n in 1..1000 {
            let target = match n {
                1 => history.join(format!("{stamp}.yaml")),
                n => history.join(format!("{stamp}-{n}.yaml")),
            };
            match fs::hard_link(displaced, &target) {
                Ok(()) => {
                    let _ = fs::remove_file(displaced);
                    return Ok(target);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                // A file system without hard links: the lock is held and the name is new,
                // so a plain rename cannot replace another version.
                Err(_) if !target.exists() => {
                    return fs::rename(displaced, &target)
                        .map(|()| target)
                        .map_err(|e| {
                            StoreError::io(history, "cannot keep the previous version", e)
                        });
                }
                Err(e) => {
                    return Err(StoreError::io(
                        history,
                        "cannot keep the previous version",
                        e,
                    ));
                }
            }
        }
        Err(StoreError::Invalid {
            path: history.into(),
            message: "too many versions kept in the same instant".to_owned(),
        })
    }

    /// Where the file system cannot exchange two names: compare at the last moment, rename,
    /// then keep the previous version.
    fn save_by_rename(
        &self,
        tmp: tempfile::NamedTempFile,
        path: &Path,
        id: &PlanId,
        bytes: &[u8],
        expected: Expect<'_>,
    ) -> Result<Vec<u8>, StoreError> {
        let history = self.history_dir(id);
        let now = self
            .read_current(path)?
            .ok_or_else(|| StoreError::Conflict {
                path: path.into(),
                kind: ConflictKind::Deleted,
            })?;
        expected.check(&now, path)?;
        tmp.persist(path)
            .map_err(|e| StoreError::io(path, "cannot save", e.error))?;
        self.sync_dirs(&history)?;
        // The save stands; keeping the previous version is best effort from here.
        if let Ok(old) = fsio::write_temp(path, &history, &now)
            && let Ok(old) = old.into_temp_path().keep()
            && self.claim_history_name(&old, &history).is_err()
        {
            let _ = fs::remove_file(&old);
        }
        self.prune_history(id);
        Ok(bytes.to_vec())
    }

    /// The saved previous versions of `id`, oldest first.
    pub fn history(&self, id: &PlanId) -> Result<Vec<PathBuf>, StoreError> {
        let dir = self.history_dir(id);
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::io(&dir, "cannot read folder", e)),
        };
        let mut out: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        out.sort();
        Ok(out)
    }

    /// A free id for a copy of `id` (`<id>-copy`, `<id>-copy-2`, …).
    pub fn copy_id(&self, id: &PlanId) -> Result<PlanId, StoreError> {
        let stem: String = id.as_str().chars().take(50).collect();
        self.free_id(&format!("{stem}-copy"))
    }

    /// `wanted` if no plan has it yet, else `wanted-2`, `wanted-3`, …
    pub fn free_id(&self, wanted: &str) -> Result<PlanId, StoreError> {
        let stem: String = wanted.chars().take(55).collect();
        for n in 1..1000 {
            let candidate = match n {
                1 => stem.clone(),
                n => format!("{stem}-{n}"),
            };
            let candidate = PlanId::new(candidate)
                .map_err(|e| StoreError::Usage(format!("cannot name a copy: {e}")))?;
            if !self.path_of(&candidate).exists() {
                return Ok(candidate);
            }
        }
        Err(StoreError::Usage(format!(
            "{}: too many plans with this name",
            Shown(self.dir.join(wanted))
        )))
    }

    /// Removes the oldest versions beyond [`HISTORY_KEEP`]. Pruning is housekeeping: a version
    /// that cannot be removed stays.
    fn prune_history(&self, id: &PlanId) {
        if let Ok(versions) = self.history(id)
            && versions.len() > HISTORY_KEEP
        {
            for stale in &versions[..versions.len() - HISTORY_KEEP] {
                let _ = fs::remove_file(stale);
            }
        }
    }
}

/// What the file displaced by a save must be for the save to stand.
#[derive(Clone, Copy)]
enum Expect<'a> {
    /// Exactly the bytes that were opened.
    Bytes(&'a [u8]),
    /// Anything that parses as a plan (an overwrite the user asked for).
    Parseable,
}

impl Expect<'_> {
    fn check(self, now: &[u8], path: &Path) -> Result<(), StoreError> {
        match self {
            Expect::Bytes(seen) if seen == now => Ok(()),
            Expect::Bytes(_) => Err(StoreError::Conflict {
                path: path.into(),
                kind: ConflictKind::ChangedOnDisk,
            }),
            Expect::Parseable => unparseable(now, path),
        }
    }
}

/// Reads the version a save displaced (now at `entry`) and checks it is the expected one.
fn check_displaced(entry: &Path, path: &Path, expected: Expect<'_>) -> Result<(), StoreError> {
    match fsio::read_capped_nofollow(entry, MAX_PLAN_BYTES) {
        Ok(now) => expected.check(&now, path),
        // A link, a folder or a huge file swapped in meanwhile is not a plan to overwrite.
        Err(_) => match expected {
            Expect::Bytes(_) => Err(StoreError::Conflict {
                path: path.into(),
                kind: ConflictKind::ChangedOnDisk,
            }),
            Expect::Parseable => Err(StoreError::Unparseable {
                path: path.into(),
                reason: "it is not a plan file".to_owned(),
            }),
        },
    }
}

/// Refuses to overwrite a file that cannot be read as a plan.
fn unparseable(now: &[u8], path: &Path) -> Result<(), StoreError> {
    parse_plan(now, path)
        .map(drop)
        .map_err(|e| StoreError::Unparseable {
            path: path.into(),
            reason: e.to_string(),
        })
}

/// Maps `f` over `items` on every core, keeping their order.
pub fn on_every_core<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || items.len() < 2 {
        return items.into_iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let mut chunks: Vec<Vec<T>> = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        chunks.push(items.by_ref().take(chunk).collect());
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|c| scope.spawn(move || c.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// What a folder entry is to the plan list: not a plan file (`None`), a plan file to read
/// (with its id as named), or a plan-like entry that cannot be one (reported, not skipped).
pub(crate) fn classify(entry: &fs::DirEntry) -> Option<Result<String, StoreError>> {
    let name = entry.file_name();
    let name = name.to_string_lossy();
    let path = entry.path();
    if let Some(stem) = name.strip_suffix(".yml") {
        return Some(Err(StoreError::Invalid {
            path: path.as_path().into(),
            message: format!("plan files end in .yaml: rename it to {stem}.yaml"),
        }));
    }
    let stem = name.strip_suffix(".yaml")?;
    if name.starts_with('.') {
        return None;
    }
    let kind = entry.file_type().ok()?;
    if kind.is_symlink() {
        return Some(Err(StoreError::Symlink {
            path: path.as_path().into(),
        }));
    }
    if !kind.is_file() {
        return Some(Err(StoreError::NotAFile {
            path: path.as_path().into(),
        }));
    }
    Some(Ok(stem.to_owned()))
}

/// How long a temporary file in the plans folder or the drafts folder must have been left
/// untouched before it is taken for the leftover of a killed write and removed.
pub(crate) const STALE_TEMP: Duration = Duration::from_secs(60);
