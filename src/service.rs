//! What the practitioner does to plans, each as one call: open, start a new plan, save (over
//! the file, over someone else's change, or as a copy), duplicate, archive and restore,
//! recover a draft, print.
//!
//! Each call runs the whole sequence — lock, load, revision, the verdict written with it
//! (evaluated at the save date), save, the draft left behind — and returns a plain result.
//! The rules (what a duplicate keeps, which status a restored plan gets) are in
//! [`crate::domain::lifecycle`]; the disk is the store's. The caller (the interface's loop,
//! later the command line) turns results into words and screens, and commits saved plans
//! to git.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::Date;

use crate::domain::catalog::Catalog;
use crate::domain::changes::describe_changes;
use crate::domain::config::Config;
use crate::domain::evaluate::evaluate;
use crate::domain::lifecycle::{self, LifecycleError};
use crate::domain::plan::Status;
use crate::domain::text::TextError;
use crate::domain::{Lang, Plan, PlanId, Text};
use crate::report::{self, Audience};
use crate::store::draft::{self, Draft};
use crate::store::index::PlanSummary;
use crate::store::{self, ConflictKind, PlanLock, SaveMode, Shown, Store, StoreError};

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Lifecycle(#[from] LifecycleError),
    #[error(transparent)]
    Text(#[from] TextError),
    /// The draft asked for is gone or cannot be read any more.
    #[error("{}: draft no longer readable", Shown(.0.clone()))]
    DraftGone(PathBuf),
    /// The plan has no referral letter: no gate rule refers the patient to a doctor.
    #[error("no referral in this plan: the gate refers no one to a doctor")]
    NoReferral,
    /// The PDF could not be made.
    #[error("the PDF could not be made: {0}")]
    Render(String),
    /// The plan's edit lock could not be kept (never expected: the save takes it first).
    #[error("{0}: the plan is not locked")]
    NotLocked(PlanId),
    /// The settings could not be written; a settings file that does not parse is left as it
    /// is.
    #[error("settings not saved: {0}")]
    Settings(StoreError),
    /// `lp` refused the job or could not be run; the PDF is at the path.
    #[error("the printer refused the job; the PDF is at {}", Shown(.0.clone()))]
    PrinterRefused(PathBuf),
}

impl ServiceError {
    /// The error in `lang`, one line.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ServiceError::Store(e) => e.message(lang),
            ServiceError::Lifecycle(e) => e.message(lang),
            ServiceError::Text(e) => e.message(lang),
            ServiceError::DraftGone(path) => format!(
                "{}: {}",
                Shown(path.clone()),
                lang.pick("draft no longer readable", "brouillon illisible")
            ),
            ServiceError::Settings(e) => {
                let why = match e {
                    // The store's words for these speak of a plan.
                    StoreError::Syntax {
                        path,
                        line,
                        column,
                        message,
                    } => format!(
                        "{path}:{line}:{column}: {message} {}",
                        lang.pick(
                            "(fix or remove the file; it is left untouched)",
                            "(corriger ou retirer le fichier ; il est laissé intact)"
                        )
                    ),
                    StoreError::Invalid { path, message } => format!(
                        "{path}: {message} {}",
                        lang.pick(
                            "(fix or remove the file; it is left untouched)",
                            "(corriger ou retirer le fichier ; il est laissé intact)"
                        )
                    ),
                    other => other.message(lang),
                };
                format!(
                    "{} {why}",
                    lang.pick("Settings not saved:", "Réglages non enregistrés :")
                )
            }
            ServiceError::NotLocked(id) => format!(
                "{id}: {}",
                lang.pick("the plan is not locked", "le plan n'est pas verrouillé")
            ),
            ServiceError::NoReferral => lang
                .pick(
                    "No referral in this plan: the gate refers no one to a doctor.",
                    "Pas d'adressage dans ce plan : le bilan n'oriente vers aucun médecin.",
                )
                .to_owned(),
            ServiceError::Render(e) => format!(
                "{} {e}",
                lang.pick(
                    "The PDF could not be made:",
                    "Le PDF n'a pas pu être produit :"
                )
            ),
            ServiceError::PrinterRefused(path) => format!(
                "{} {}",
                lang.pick(
                    "The printer refused the job; the PDF is at",
                    "L'imprimante a refusé le travail ; le PDF est dans"
                ),
                Shown(path.clone())
            ),
        }
    }

    /// True when the file changed (or went) on disk since it was opened: the practitioner
    /// chooses reload, save as copy or overwrite.
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            ServiceError::Store(StoreError::Conflict {
                kind: ConflictKind::ChangedOnDisk | ConflictKind::Deleted,
                ..
            })
        )
    }
}

/// A plan ready for the editor: opened, new, or recovered from a draft.
#[derive(Debug)]
pub struct Opened {
    /// What the editor shows.
    pub plan: Plan,
    /// The plan as saved on disk (`None` for a plan never saved).
    pub saved: Option<Plan>,
    /// The file's bytes when opened: what a save compares with. Empty to force the conflict
    /// question (the file changed since the draft began); `None` for a plan never saved.
    pub base: Option<Vec<u8>>,
    /// Where the edits' recovery draft is written.
    pub draft_id: PlanId,
    /// Why changes cannot be saved, when the folder cannot hold a lock (read-only folder):
    /// the plan still opens, for reading.
    pub read_only: Option<StoreError>,
}

/// The edits of the plan open in the editor, as a save needs them.
#[derive(Debug, Clone, Copy)]
pub struct Edit<'a> {
    pub plan: &'a Plan,
    /// The plan as last saved (`None` if never saved).
    pub saved: Option<&'a Plan>,
    /// The file's bytes when opened.
    pub base: Option<&'a [u8]>,
    pub draft_id: &'a PlanId,
}

/// How a save treats the file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveAs {
    /// Over the file as opened; a change made elsewhere meanwhile is a conflict.
    Plan,
    /// Over whatever is on disk (its version is kept in the history).
    Overwrite,
    /// Under a new id (`<id>-copy`), beside the file.
    Copy,
}

/// A save that went through.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    /// What is now on disk.
    pub plan: Plan,
    pub bytes: Vec<u8>,
    /// For a save as copy: what became of it.
    pub copy: Option<CopyNote>,
}

/// A plan saved as a copy, and the patient's other active plans.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyNote {
    /// The plan it was copied from.
    pub of: PlanId,
    /// The patient's other active plans (the agenda shows their sessions).
    pub active: Vec<PlanId>,
    /// The copy was active and was saved as a draft, so the patient is not booked twice.
    pub made_draft: bool,
}

/// A document to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintDoc {
    Patient,
    Practitioner,
    Referral,
    /// The progress report of a follow-up visit.
    Progress,
}

impl PrintDoc {
    /// The document's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PrintDoc::Patient => lang.pick("Patient handout", "Document patient"),
            PrintDoc::Practitioner => lang.pick("Practitioner record", "Dossier praticien"),
            PrintDoc::Referral => lang.pick("Referral letter", "Lettre d'adressage"),
            PrintDoc::Progress => lang.pick("Progress report", "Bilan d'évolution"),
        }
    }

    /// The word in file names.
    fn slug(self) -> &'static str {
        match self {
            PrintDoc::Patient => "patient",
            PrintDoc::Practitioner => "practitioner",
            PrintDoc::Referral => "referral",
            PrintDoc::Progress => "progress",
        }
    }
}

/// A file format for a printed document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Html,
    Text,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Text => "txt",
        }
    }
}

/// Where a printed document goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintTo {
    /// A PDF sent to the system's default printer (and kept as a file).
    Printer,
    /// A file only.
    File(Format),
}

/// A document printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Printed {
    /// The file written (always, printer or not).
    pub path: PathBuf,
    /// The printer the PDF was sent to; `None` when none was asked, or none is set up.
    pub printer: Option<String>,
    /// A patient handout without the practitioner's contact (printed all the same).
    pub no_contact: bool,
}

/// The plans' use cases on one plans folder, and the edit lock of the plan being edited.
pub struct Service {
    store: Store,
    catalog: Catalog,
    config: Config,
    /// The lock of the plan open in the editor: held from open to close.
    lock: Option<PlanLock>,
}

/// The current instant, to the second (the revision log has no use for nanoseconds).
pub fn now() -> Timestamp {
    Timestamp::from_second(Timestamp::now().as_second()).unwrap_or_else(|_| Timestamp::now())
}

/// The system's default printer (CUPS), if one is set up.
pub fn default_printer() -> Option<String> {
    let out = std::process::Command::new("lpstat")
        .arg("-d")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let name = text.split_once("destination:")?.1.trim();
    (out.status.success() && !name.is_empty()).then(|| name.to_owned())
}

impl Service {
    pub fn new(store: Store, catalog: Catalog, config: Config) -> Service {
        Service {
            store,
            catalog,
            config,
            lock: None,
        }
    }

    /// The settings in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Writes the settings edited in the interface to `config.yaml` in `config_dir` (only
    /// the keys the interface edits; see [`store::config::save_config`]) and uses them from
    /// now on: new plans are signed by this practitioner, and the documents of plans without
    /// a practitioner of their own print it. Plans keep the practitioner they were signed by.
    pub fn save_settings(
        &mut self,
        config_dir: &Path,
        config: &Config,
    ) -> Result<Config, ServiceError> {
        let saved =
            store::config::save_config(config_dir, config).map_err(ServiceError::Settings)?;
        self.config = saved.clone();
        Ok(saved)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The plan whose edit lock is held, if any.
    pub fn locked(&self) -> Option<&PlanId> {
        self.lock.as_ref().map(PlanLock::id)
    }

    /// Releases the edit lock (the editor closed).
    pub fn close(&mut self) {
        self.lock = None;
    }

    /// Takes the edit lock of `id`, unless it is already held.
    fn hold(&mut self, id: &PlanId) -> Result<(), StoreError> {
        if self.locked() == Some(id) {
            return Ok(());
        }
        self.lock = None;
        self.lock = Some(self.store.lock(id)?);
        Ok(())
    }

    /// Opens the saved plan `id` for editing: its lock, then its file. A folder that cannot
    /// hold a lock (read-only, not ours) still opens the plan, for reading
    /// ([`Opened::read_only`]); a plan another trichoplan edits does not open.
    pub fn open(&mut self, id: &PlanId) -> Result<Opened, ServiceError> {
        let read_only = match self.hold(id) {
            Ok(()) => None,
            Err(e @ StoreError::Io { .. }) => Some(e),
            Err(e) => return Err(e.into()),
        };
        match self.store.load(id) {
            Ok(file) => Ok(Opened {
                saved: Some(file.plan.clone()),
                plan: file.plan,
                base: Some(file.bytes),
                draft_id: id.clone(),
                read_only,
            }),
            Err(e) => {
                self.lock = None;
                Err(e.into())
            }
        }
    }

    /// A new blank plan, under a provisional id locked while it is edited (the process id
    /// keeps two windows starting a plan in the same second apart; the lock tells a later
    /// start that this draft is still being written).
    pub fn new_plan(&mut self, today: Date, lang: Lang) -> Option<Opened> {
        let stamp = Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
        let id = PlanId::new(format!("new-{stamp}-{}", std::process::id())).ok()?;
        self.lock = None;
        self.lock = self.store.lock(&id).ok();
        let plan =
            lifecycle::blank_plan(id.clone(), today, lang, self.config.practitioner.clone())?;
        Some(Opened {
            plan,
            saved: None,
            base: None,
            draft_id: id,
            read_only: None,
        })
    }

    /// Saves the edits: a new plan gets its id from the patient's name, a copy `<id>-copy`;
    /// the revision is recorded, the verdict computed for the revision's date is written with
    /// it, and the draft is removed once the plan is safely on disk. The editor then edits
    /// what was saved (a copy, after a save as copy).
    pub fn save(
        &mut self,
        edit: Edit<'_>,
        how: SaveAs,
        today: Date,
    ) -> Result<Saved, ServiceError> {
        let mut plan = edit.plan.clone();
        let mut base = edit.base;
        let mut saved = edit.saved;
        let mut copy = None;
        if how == SaveAs::Copy {
            let of = plan.id.clone();
            plan.id = self.store.copy_id(&of)?;
            base = None;
            saved = None;
            let active = self.active_plans_of(plan.patient.name.as_str(), &[&of, &plan.id]);
            // The plan it conflicted with is the patient's too, whatever its name now says.
            let original_active = self
                .store
                .load(&of)
                .is_ok_and(|f| f.plan.status == Status::Active);
            let mut active_ids = active;
            if original_active && !active_ids.contains(&of) {
                active_ids.insert(0, of.clone());
            }
            let made_draft = lifecycle::settle_copy(&mut plan, !active_ids.is_empty());
            copy = Some(CopyNote {
                of,
                active: active_ids,
                made_draft,
            });
        } else if saved.is_none() {
            plan.id = self.store.free_id(
                PlanId::from_name(plan.patient.name.as_str(), plan.created.year()).as_str(),
            )?;
            base = None;
        }
        self.hold(&plan.id)?;
        let change = Text::new(describe_changes(saved, &plan, plan.language))?;
        // The revision dates the plan first; the verdict written with it is then computed
        // for that date.
        plan.record_revision(now(), today.max(plan.created), change, None);
        plan.refresh_derived(&evaluate(&plan, &self.catalog));
        store::prepare_for_save(&mut plan, base);
        let mode = if how == SaveAs::Overwrite {
            SaveMode::Overwrite
        } else {
            SaveMode::Normal
        };
        let Some(lock) = &self.lock else {
            return Err(ServiceError::NotLocked(plan.id));
        };
        let bytes = self.store.save(lock, &plan, base, mode)?;
        // The draft has served its purpose once the plan is safely on disk.
        let _ = draft::remove_draft(&draft::draft_path(self.store.dir(), edit.draft_id));
        Ok(Saved { plan, bytes, copy })
    }

    /// The active plans of the patient named `patient`, but those of `except`.
    pub fn active_plans_of(&self, patient: &str, except: &[&PlanId]) -> Vec<PlanId> {
        let listing = match self.store.summaries() {
            Ok(l) => l.plans,
            Err(_) => Vec::new(),
        };
        listing
            .into_iter()
            .filter(|s: &PlanSummary| {
                s.status == Status::Active
                    && lifecycle::same_patient(&s.patient, patient)
                    && !except.contains(&&s.id)
            })
            .map(|s| s.id)
            .collect()
    }

    /// Saves a new plan made from the saved plan `id` (see [`lifecycle::duplicate`] for what
    /// it keeps and resets), under `<id>-copy`; returns it. `lang` writes its revision log.
    pub fn duplicate(
        &mut self,
        id: &PlanId,
        today: Date,
        lang: Lang,
    ) -> Result<Plan, ServiceError> {
        let file = self.store.load(id)?;
        let new_id = self.store.copy_id(id)?;
        let mut plan = lifecycle::duplicate(&file.plan, new_id, today, &self.catalog)?;
        let change = Text::new(format!(
            "{} {id}",
            lang.pick("Duplicated from", "Dupliqué depuis")
        ))?;
        plan.record_revision(now(), today, change, None);
        plan.refresh_derived(&evaluate(&plan, &self.catalog));
        let lock = self.store.lock(&plan.id)?;
        self.store.save(&lock, &plan, None, SaveMode::Normal)?;
        Ok(plan)
    }

    /// Archives the saved plan `id` (`archive`), or restores it; returns the plan saved.
    pub fn set_aside(
        &mut self,
        id: &PlanId,
        archive: bool,
        today: Date,
        lang: Lang,
    ) -> Result<Plan, ServiceError> {
        let lock = self.store.lock(id)?;
        let file = self.store.load(id)?;
        let mut plan = file.plan;
        let change = if archive {
            lifecycle::archive(&mut plan)?;
            lang.pick("Archived", "Archivé").to_owned()
        } else {
            let status = lifecycle::restore(&mut plan)?;
            format!(
                "{} ({})",
                lang.pick("Restored", "Restauré"),
                status.label(lang)
            )
        };
        plan.record_revision(now(), today.max(plan.updated), Text::new(change)?, None);
        plan.refresh_derived(&evaluate(&plan, &self.catalog));
        self.store
            .save(&lock, &plan, Some(&file.bytes), SaveMode::Normal)?;
        Ok(plan)
    }

    /// The recovery drafts of the folder, newest first (unreadable ones are left alone).
    pub fn drafts(&self) -> Vec<(PathBuf, Draft)> {
        draft::list_drafts(self.store.dir()).0
    }

    /// The draft left by an earlier session on plan `id`, if there is one.
    pub fn leftover_draft(&self, id: &PlanId) -> Option<(PathBuf, Draft)> {
        let path = draft::draft_path(self.store.dir(), id);
        if !path.exists() {
            return None;
        }
        self.drafts().into_iter().find(|(p, _)| *p == path)
    }

    /// True when another live trichoplan holds the lock of the plan a draft belongs to.
    pub fn draft_in_use(&self, path: &Path) -> bool {
        let Some(id) = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| PlanId::new(s).ok())
        else {
            return false;
        };
        if self.locked() == Some(&id) {
            return false;
        }
        matches!(self.store.lock(&id), Err(StoreError::Locked { .. }))
    }

    /// Where the draft of the edits under `draft_id` is written.
    pub fn draft_path(&self, draft_id: &PlanId) -> PathBuf {
        draft::draft_path(self.store.dir(), draft_id)
    }

    /// Throws a draft away.
    pub fn discard_draft(&self, path: &Path) -> Result<(), ServiceError> {
        Ok(draft::remove_draft(path)?)
    }

    /// Opens the draft at `path` for editing, with the plan it applies to: a plan never
    /// saved under its provisional id; a saved one under its own lock, with the conflict
    /// question forced if the file changed in any way since the draft began (a save
    /// elsewhere, a hand edit), and as a new file if it was deleted meanwhile.
    pub fn recover(&mut self, path: &Path) -> Result<Opened, ServiceError> {
        let Some((_, d)) = self.drafts().into_iter().find(|(p, _)| p == path) else {
            return Err(ServiceError::DraftGone(path.to_path_buf()));
        };
        let draft_id = d.plan.id.clone();
        let Some(original) = d.original.clone() else {
            self.lock = None;
            self.hold(&draft_id)?;
            return Ok(Opened {
                plan: d.plan,
                saved: None,
                base: None,
                draft_id,
                read_only: None,
            });
        };
        self.lock = None;
        self.hold(&original)?;
        match self.store.load(&original) {
            Ok(file) => {
                let unchanged = match &d.base_hash {
                    Some(hash) => *hash == draft::hash(&file.bytes),
                    None => Some(file.plan.revision) == d.base_revision,
                };
                let base = if unchanged { file.bytes } else { Vec::new() };
                Ok(Opened {
                    plan: d.plan,
                    saved: Some(file.plan),
                    base: Some(base),
                    draft_id,
                    read_only: None,
                })
            }
            Err(StoreError::NotFound { .. }) => Ok(Opened {
                plan: d.plan,
                saved: None,
                base: Some(Vec::new()),
                draft_id,
                read_only: None,
            }),
            Err(e) => {
                self.lock = None;
                Err(e.into())
            }
        }
    }

    /// Writes `doc` of `plan` in `<plans>/printouts/` (0600) and, for [`PrintTo::Printer`],
    /// sends the PDF to the default printer when one is set up. The patient's documents are
    /// in the patient's language, the practitioner's record in `lang`.
    pub fn print(
        &self,
        plan: &Plan,
        doc: PrintDoc,
        to: PrintTo,
        lang: Lang,
    ) -> Result<Printed, ServiceError> {
        let settings = report::summary::Settings {
            practitioner: self.config.practitioner.clone(),
            ..report::summary::Settings::default()
        };
        let no_contact =
            doc == PrintDoc::Patient && report::summary::missing_contact(plan, &settings).is_some();
        let built = match doc {
            PrintDoc::Patient => Some(report::summary::build_with(
                plan,
                &self.catalog,
                Audience::Patient,
                plan.language,
                &settings,
            )),
            PrintDoc::Practitioner => Some(report::summary::build_with(
                plan,
                &self.catalog,
                Audience::Practitioner,
                lang,
                &settings,
            )),
            PrintDoc::Progress => Some(report::progress::build(plan, &self.catalog, plan.language)),
            PrintDoc::Referral => report::referral::build_with(
                plan,
                &self.catalog,
                plan.language,
                self.config.practitioner.as_ref(),
            ),
        };
        let document = built.ok_or(ServiceError::NoReferral)?;
        let format = match to {
            PrintTo::Printer => Format::Pdf,
            PrintTo::File(f) => f,
        };
        let bytes = match format {
            Format::Pdf => report::pdf::render(&document).map_err(ServiceError::Render)?,
            Format::Html => report::html::render(&document).into_bytes(),
            Format::Text => report::text::render(&document).into_bytes(),
        };
        let path = self.store.printouts_dir()?.join(format!(
            "{}-{}-{}.{}",
            plan.id,
            doc.slug(),
            plan.language.code(),
            format.extension()
        ));
        store::write_output(&path, &bytes)?;
        let printer = match to {
            PrintTo::File(_) => None,
            PrintTo::Printer => default_printer(),
        };
        if let Some(printer) = &printer {
            let sent = std::process::Command::new("lp")
                .arg("-d")
                .arg(printer)
                .arg(&path)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if !sent {
                return Err(ServiceError::PrinterRefused(path));
            }
        }
        Ok(Printed {
            path,
            printer,
            no_contact,
        })
    }
}
