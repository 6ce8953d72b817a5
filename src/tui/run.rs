//! The terminal loop: draw, read an event, update, carry out the effects.
//!
//! This is the only impure part of the interface. It owns the edit lock and writes recovery
//! drafts. A draft is encoded after every change and written at most once a second, and at
//! once on SIGTERM, SIGHUP or an outside SIGINT, and from the panic hook; the terminal is
//! restored on every exit path (panics go through ratatui's hook, signals through the loop).

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;

use super::app::{App, DraftInfo, Effect, Msg, Row, SyncInfo};
use super::view;
use crate::domain::catalog::Catalog;
use crate::domain::config::Config;
use crate::domain::evaluate::evaluate;
use crate::domain::{Lang, Plan, PlanId};
use crate::service::{self, Edit, Opened, PrintDoc, PrintTo, Printed, SaveAs, Saved, Service};
use crate::store::draft::{self, Draft};
use crate::store::git::{self, Committer, Identity, SyncReport};
use crate::store::index::PlanSummary;
use crate::store::{self, Shown, Store, StoreError};

/// Where the interface opens.
#[derive(Debug, Clone)]
pub enum Start {
    Home,
    New,
    Edit(PlanId),
}

/// Everything the interface needs to start.
pub struct Launch {
    pub store: Store,
    pub lang: Lang,
    pub catalog: Catalog,
    pub config: Config,
    /// Where `config.yaml` is (the settings dialog writes it); `None`: no home folder.
    pub config_dir: Option<PathBuf>,
    pub start: Start,
}

/// The draft waiting to be written, shared with the panic hook.
type Pending = Arc<Mutex<Option<(PathBuf, Vec<u8>)>>>;

/// Writes the pending draft, if any. A draft that cannot be written must not stop the
/// practitioner's work (the next change tries again), but it is said.
fn flush(pending: &Pending) -> Option<StoreError> {
    let taken = pending.lock().ok().and_then(|mut p| p.take());
    let (path, bytes) = taken?;
    draft::write_draft_bytes(&path, &bytes).err()
}

/// Watches SIGTERM, SIGHUP and SIGINT from another thread.
///
/// The loop sees the signal within a quarter of a second and ends cleanly (draft written,
/// terminal restored). But a terminal that hung up can keep crossterm's reader spinning
/// forever inside `poll`, where the loop never looks: then, after a grace period, this thread
/// writes the draft itself and ends the process, which also releases the edit lock.
fn watch_signals(flag: Arc<AtomicUsize>, pending: Pending) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            flag.store(sig as usize, Ordering::Relaxed);
            // A hang-up leaves no terminal to restore, and crossterm may spin on it: keep the
            // work and leave at once.
            if sig != SIGHUP {
                std::thread::sleep(Duration::from_millis(1500));
            }
            let _ = flush(&pending);
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

/// A plan of the index, as the home screen lists it.
pub fn row(s: &PlanSummary) -> Row {
    Row::new(
        s.id.clone(),
        s.patient.clone(),
        s.status,
        s.next_session,
        s.updated,
        s.conflicts,
    )
}

/// The plan list, as a message for the interface.
fn listed(store: &Store, lang: Lang) -> Msg {
    match store.summaries() {
        Ok(listing) => Msg::Listed {
            rows: listing.plans.iter().map(row).collect(),
            unreadable: listing.errors.len(),
        },
        Err(e) => Msg::Error(e.message(lang)),
    }
}

/// A leftover draft, as the recovery dialog shows it.
fn draft_info((path, d): (PathBuf, Draft)) -> DraftInfo {
    DraftInfo {
        path,
        patient: d.plan.patient.name.to_string(),
        saved_at: d
            .saved_at
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .datetime(),
    }
}

/// A plan ready for the editor, as a message.
fn opened(o: Opened) -> Msg {
    Msg::Opened {
        plan: Box::new(o.plan),
        saved: o.saved.map(Box::new),
        base: o.base,
        draft_id: o.draft_id,
    }
}

fn restore() {
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
}

/// Runs the interface until the practitioner quits, or a signal ends it.
pub fn run(launch: Launch) -> Result<ExitCode, StoreError> {
    let signal = Arc::new(AtomicUsize::new(0));
    let pending: Pending = Arc::new(Mutex::new(None));
    watch_signals(Arc::clone(&signal), Arc::clone(&pending))
        .map_err(|e| StoreError::io(launch.store.dir(), "cannot watch signals", e))?;
    let previous = std::panic::take_hook();
    let for_hook = Arc::clone(&pending);
    std::panic::set_hook(Box::new(move |info| {
        let _ = flush(&for_hook);
        let _ = execute!(io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    let mut terminal = ratatui::try_init()
        .map_err(|e| StoreError::io(launch.store.dir(), "cannot open the terminal", e))?;
    let _ = execute!(io::stdout(), EnableMouseCapture);

    let today = jiff::ZonedDateTime::now().date();
    let identity = Identity::from_config(&launch.config);
    let (bg_tx, bg_rx) = std::sync::mpsc::channel();
    // Saves are committed off the keystroke path; the sync state follows each commit.
    let committer = {
        let dir = launch.store.dir().to_path_buf();
        let tx = bg_tx.clone();
        Committer::start(launch.store.dir(), identity.clone(), move || {
            let _ = tx.send(Msg::SyncState(git::state(&dir).map(sync_info)));
        })
    };
    let mut app = App::new(
        launch.lang,
        launch.catalog.clone(),
        launch.config.clone(),
        today,
        launch.store.dir().display().to_string(),
    );
    if launch.config.practitioner.is_none() {
        app.update(Msg::Info(
            launch
                .lang
                .pick(
                    "Practitioner not set (printed on the documents): F9 to set it",
                    "Praticien non renseigné (imprimé sur les documents) : F9 pour le saisir",
                )
                .to_owned(),
        ));
    }
    let mut rt = Runtime {
        service: Service::new(launch.store, launch.catalog, launch.config),
        pending,
        last_write: Instant::now(),
        quit: false,
        draft_failed: false,
        notice: None,
        refreshing: None,
        committer,
        identity,
        config_dir: launch.config_dir,
        bg_tx,
        bg_rx,
    };
    rt.update_sync_state();
    // Whether a printer is set up (a CUPS query), for the print dialog, off the first frame.
    let tx = rt.bg_tx.clone();
    std::thread::spawn(move || {
        let _ = tx.send(Msg::Printer(service::default_printer()));
    });
    let mut first = Vec::new();
    match launch.start {
        // Stale while revalidate: the first frame shows the list as the index last knew it,
        // and the folder is re-checked in the background; the list updates when it is done.
        Start::Home => {
            let cached = rt.service.store().cached_summaries();
            if !cached.is_empty() {
                app.update(Msg::Listed {
                    rows: cached.iter().map(row).collect(),
                    unreadable: 0,
                });
            }
            let _ = terminal.draw(|f| view::draw(f, &app));
            rt.refresh_in_background(app.lang);
        }
        Start::New => first.extend([Effect::ListPlans, Effect::NewPlan]),
        Start::Edit(id) => first.extend([Effect::ListPlans, Effect::OpenPlan(id)]),
    }
    rt.carry_out(&mut app, first);
    let drafts = rt.service.drafts();
    if !drafts.is_empty() {
        let infos = drafts.into_iter().map(draft_info).collect();
        let effects = app.update(Msg::Drafts(infos));
        rt.carry_out(&mut app, effects);
    }

    let code = rt.main_loop(&mut terminal, &mut app, &signal);
    let _ = flush(&rt.pending);
    restore();
    // Commits still queued get a moment; what is left is committed by the next sync.
    if let Some(c) = rt.committer.take() {
        c.finish(Duration::from_secs(3));
    }
    Ok(code)
}

struct Runtime {
    /// The plans folder's use cases, and the edit lock of the open plan.
    service: Service,
    pending: Pending,
    last_write: Instant,
    quit: bool,
    /// The last draft write failed (said once, until a write succeeds again).
    draft_failed: bool,
    /// A note to show once the current effect's message is handled.
    notice: Option<Msg>,
    /// The plan list being re-checked in the background, if it is.
    refreshing: Option<std::sync::mpsc::Receiver<Msg>>,
    /// Commits saved plans in a git-backed folder.
    committer: Option<Committer>,
    /// Who commits (the practitioner of the settings).
    identity: Option<Identity>,
    /// Where the settings dialog writes `config.yaml`.
    config_dir: Option<PathBuf>,
    /// Messages from background work (sync, sync state).
    bg_tx: std::sync::mpsc::Sender<Msg>,
    bg_rx: std::sync::mpsc::Receiver<Msg>,
}

/// The interface's view of a folder's git state.
fn sync_info(s: git::SyncState) -> SyncInfo {
    SyncInfo {
        ahead: s.ahead,
        behind: s.behind,
        remote: s.remote,
        running: false,
    }
}

/// What a sync did, in one line of the interface's language.
fn sync_text(r: &SyncReport, failure: Option<&StoreError>, l: Lang) -> String {
    let mut parts = vec![format!(
        "{} {} · {} {} · {} {}",
        r.committed,
        l.pick("commit(s)", "commit(s)"),
        r.received,
        l.pick("received", "reçu(s)"),
        r.sent,
        l.pick("sent", "envoyé(s)")
    )];
    if r.no_remote {
        parts.push(l.pick("no remote set", "pas de dépôt distant").to_owned());
    }
    if !r.invalid.is_empty() {
        parts.push(format!(
            "{} {}",
            r.invalid.len(),
            l.pick(
                "invalid file(s) not committed (trichoplan validate)",
                "fichier(s) invalide(s) non enregistré(s) dans git (trichoplan validate)"
            )
        ));
    }
    if !r.conflicted.is_empty() {
        parts.push(format!(
            "{}: {}",
            l.pick("conflicts to settle in", "conflits à régler dans"),
            r.conflicted.join(", ")
        ));
    }
    if let Some(e) = failure {
        parts.push(e.message(l));
    }
    format!(
        "{} {}",
        l.pick("Sync:", "Synchronisation :"),
        parts.join(" · ")
    )
}

impl Runtime {
    fn main_loop(
        &mut self,
        terminal: &mut DefaultTerminal,
        app: &mut App,
        signal: &AtomicUsize,
    ) -> ExitCode {
        loop {
            if terminal.draw(|f| view::draw(f, app)).is_err() {
                return ExitCode::FAILURE;
            }
            if let Some(msg) = self.refreshed(app) {
                let effects = app.update(msg);
                self.carry_out(app, effects);
                continue;
            }
            if let Ok(msg) = self.bg_rx.try_recv() {
                let effects = app.update(msg);
                self.carry_out(app, effects);
                continue;
            }
            let wait = if self.refreshing.is_some() { 20 } else { 250 };
            let got = match event::poll(Duration::from_millis(wait)) {
                Ok(true) => match event::read() {
                    Ok(event) => Some(event),
                    // The terminal is gone: keep the work and leave.
                    Err(_) => return self.hang_up(app),
                },
                Ok(false) => None,
                Err(_) => return self.hang_up(app),
            };
            let sig = signal.load(Ordering::Relaxed);
            if sig != 0 {
                self.take_draft(app);
                let _ = flush(&self.pending);
                return ExitCode::from(128u8.saturating_add(sig as u8));
            }
            let msg = match got {
                Some(Event::Key(k)) if k.is_press() => Some(Msg::Key(k)),
                Some(Event::Mouse(m)) => Some(Msg::Mouse(m)),
                _ => None,
            };
            if let Some(msg) = msg {
                let effects = app.update(msg);
                self.carry_out(app, effects);
            }
            self.take_draft(app);
            if self.last_write.elapsed() >= Duration::from_secs(1) {
                self.write_draft(app);
                self.last_write = Instant::now();
            }
            if self.quit {
                return ExitCode::SUCCESS;
            }
        }
    }

    /// Reads the folder's git state on another thread (a few git commands, no network).
    fn update_sync_state(&self) {
        let dir = self.service.store().dir().to_path_buf();
        let tx = self.bg_tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(Msg::SyncState(git::state(&dir).map(sync_info)));
        });
    }

    /// Syncs the folder on another thread: commit, fetch, merge, push. git may not ask for a
    /// password here (there is no one to answer): keys from an agent and credential helpers
    /// work, the rest fails with its one line.
    fn sync(&self, app: &App) {
        let dir = self.service.store().dir().to_path_buf();
        let tx = self.bg_tx.clone();
        let identity = self.identity.clone();
        let catalog = app.catalog.clone();
        let l = app.lang;
        std::thread::spawn(move || {
            git::private_umask();
            let refresh = |p: &mut Plan| p.refresh_derived(&evaluate(p, &catalog));
            let mut report = SyncReport::default();
            let result = std::env::current_exe()
                .map_err(|e| StoreError::io(&dir, "cannot find the trichoplan program", e))
                .and_then(|exe| git::sync(&dir, identity, &exe, false, &refresh, &mut report));
            let _ = tx.send(Msg::Synced {
                text: sync_text(&report, result.as_ref().err(), l),
                error: result.is_err() || !report.invalid.is_empty(),
            });
            let _ = tx.send(Msg::SyncState(git::state(&dir).map(sync_info)));
        });
    }

    /// Queues the commit of a plan just saved, in a git-backed folder.
    fn commit(&self, plan: &Plan) {
        if let Some(c) = &self.committer {
            c.commit(plan);
        }
    }

    /// Starts re-checking the plans folder on another thread (see [`Runtime::refreshed`]).
    fn refresh_in_background(&mut self, lang: Lang) {
        let (tx, rx) = std::sync::mpsc::channel();
        let store = self.service.store().clone();
        std::thread::spawn(move || {
            let _ = tx.send(listed(&store, lang));
        });
        self.refreshing = Some(rx);
    }

    /// The list re-checked in the background, once it is ready, if the list is still what is
    /// on screen (an editor opened meanwhile lists the folder again when it closes).
    fn refreshed(&mut self, app: &App) -> Option<Msg> {
        let msg = self.refreshing.as_ref()?.try_recv();
        match msg {
            Ok(msg) => {
                self.refreshing = None;
                app.editor().is_none().then_some(msg)
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.refreshing = None;
                None
            }
        }
    }

    fn hang_up(&mut self, app: &mut App) -> ExitCode {
        self.take_draft(app);
        let _ = flush(&self.pending);
        ExitCode::from(129)
    }

    /// Writes the pending draft, and says so once when it cannot be written.
    fn write_draft(&mut self, app: &mut App) {
        let Ok(pending) = self.pending.lock().map(|p| p.is_some()) else {
            return;
        };
        if !pending {
            return;
        }
        match flush(&self.pending) {
            None => self.draft_failed = false,
            Some(e) if !self.draft_failed => {
                self.draft_failed = true;
                let l = app.lang;
                let effects = app.update(Msg::Error(format!(
                    "{} {e}",
                    l.pick(
                        "The recovery draft could not be written:",
                        "Le brouillon de secours n'a pas pu être écrit :"
                    )
                )));
                self.carry_out(app, effects);
            }
            Some(_) => {}
        }
    }

    /// Encodes the draft of the plan being edited, if it changed.
    fn take_draft(&mut self, app: &mut App) {
        if !app.draft_due {
            return;
        }
        app.draft_due = false;
        let Some(e) = app.editor() else {
            return;
        };
        if !e.dirty() {
            return;
        }
        let d = Draft {
            draft: draft::DRAFT_SCHEMA,
            saved_at: service::now(),
            original: e.saved.as_ref().map(|p| p.id.clone()),
            base_revision: e.saved.as_ref().map(|p| p.revision),
            base_hash: e.base.as_deref().map(draft::hash),
            plan: e.plan.clone(),
        };
        if let Ok(bytes) = draft::encode_draft(&d)
            && let Ok(mut p) = self.pending.lock()
        {
            *p = Some((self.service.draft_path(&e.draft_id), bytes));
        }
    }

    fn carry_out(&mut self, app: &mut App, effects: Vec<Effect>) {
        let mut queue: std::collections::VecDeque<Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            if let Some(msg) = self.effect(app, effect) {
                queue.extend(app.update(msg));
            }
            if let Some(note) = self.notice.take() {
                queue.extend(app.update(note));
            }
        }
    }

    fn effect(&mut self, app: &mut App, effect: Effect) -> Option<Msg> {
        let l = app.lang;
        match effect {
            Effect::Quit => {
                self.quit = true;
                None
            }
            Effect::ListPlans => {
                // A fresher list than the one still being checked in the background.
                self.refreshing = None;
                Some(listed(self.service.store(), l))
            }
            Effect::OpenPlan(id) => {
                // Unsaved work of an earlier session on this plan is offered back first, so
                // that new edits never overwrite its draft.
                if let Some(found) = self.service.leftover_draft(&id) {
                    return Some(Msg::Drafts(vec![draft_info(found)]));
                }
                Some(self.open(&id, l))
            }
            Effect::Reload(id) => Some(self.open(&id, l)),
            Effect::NewPlan => self.service.new_plan(app.today, l).map(opened),
            Effect::Save { overwrite, as_copy } => {
                let how = match (overwrite, as_copy) {
                    (_, true) => SaveAs::Copy,
                    (true, false) => SaveAs::Overwrite,
                    (false, false) => SaveAs::Plan,
                };
                Some(self.save(app, how))
            }
            Effect::Duplicate(id) => Some(match self.service.duplicate(&id, app.today, l) {
                Ok(plan) => {
                    self.commit(&plan);
                    Msg::Info(format!(
                        "{} {}",
                        l.pick("Duplicated as", "Dupliqué sous"),
                        plan.id
                    ))
                }
                Err(e) => Msg::Error(e.message(l)),
            }),
            Effect::Archive(id) => Some(self.set_aside(app, &id, true)),
            Effect::Restore(id) => Some(self.set_aside(app, &id, false)),
            Effect::CopyExamples => {
                Some(match store::examples::copy_examples(self.service.store()) {
                    Ok(n) => Msg::Info(format!(
                        "{n} {}",
                        l.pick("example plans copied", "plans d'exemple copiés")
                    )),
                    Err(e) => Msg::Error(e.message(l)),
                })
            }
            Effect::RecoverDraft(path) => Some(match self.service.recover(&path) {
                Ok(o) => opened(o),
                Err(e) => Msg::Error(e.message(l)),
            }),
            Effect::DiscardDraft(Some(path)) if self.service.draft_in_use(&path) => {
                Some(Msg::Error(format!(
                    "{}: {}",
                    Shown(path),
                    l.pick(
                        "this draft is being written by another trichoplan",
                        "ce brouillon est en cours d'écriture par un autre trichoplan"
                    )
                )))
            }
            Effect::DiscardDraft(path) => {
                let path =
                    path.or_else(|| app.editor().map(|e| self.service.draft_path(&e.draft_id)));
                if let Ok(mut p) = self.pending.lock() {
                    *p = None;
                }
                path.and_then(|p| self.service.discard_draft(&p).err())
                    .map(|e| Msg::Error(e.message(l)))
            }
            Effect::CloseEditor => {
                self.service.close();
                None
            }
            Effect::Print { doc, to } => Some(self.print(app, doc, to)),
            Effect::Sync => {
                self.sync(app);
                None
            }
            Effect::SaveConfig(config) => Some(match &self.config_dir {
                Some(dir) => match self.service.save_settings(dir, &config) {
                    Ok(saved) => Msg::SettingsSaved(Box::new(saved)),
                    Err(e) => Msg::SettingsNotSaved(e.message(l)),
                },
                None => Msg::SettingsNotSaved(
                    l.pick(
                        "Settings not saved: no configuration folder (no home folder)",
                        "Réglages non enregistrés : pas de dossier de configuration (pas de dossier personnel)",
                    )
                    .to_owned(),
                ),
            }),
        }
    }

    /// Opens a saved plan in the editor (read-only, and said, when the folder cannot be
    /// written).
    fn open(&mut self, id: &PlanId, l: Lang) -> Msg {
        match self.service.open(id) {
            Ok(o) => {
                if let Some(e) = &o.read_only {
                    self.notice = Some(Msg::Info(format!(
                        "{} ({})",
                        l.pick(
                            "Read-only: this plans folder cannot be written, changes cannot be saved",
                            "Lecture seule : ce dossier ne peut pas être modifié, les changements ne pourront pas être enregistrés"
                        ),
                        e.message(l)
                    )));
                }
                opened(o)
            }
            Err(e) => Msg::Error(e.message(l)),
        }
    }

    fn save(&mut self, app: &App, how: SaveAs) -> Msg {
        let l = app.lang;
        let Some(e) = app.editor() else {
            return Msg::Error(l.pick("no plan open", "aucun plan ouvert").to_owned());
        };
        let edit = Edit {
            plan: &e.plan,
            saved: e.saved.as_ref(),
            base: e.base.as_deref(),
            draft_id: &e.draft_id,
        };
        match self.service.save(edit, how, app.today) {
            Ok(Saved { plan, bytes, copy }) => {
                // The draft has served its purpose once the plan is safely on disk.
                if let Ok(mut p) = self.pending.lock() {
                    *p = None;
                }
                self.commit(&plan);
                if let Some(c) = copy {
                    self.notice = Some(copy_notice(&plan, &c, l));
                }
                Msg::Saved {
                    plan: Box::new(plan),
                    base: bytes,
                }
            }
            Err(err) if err.is_conflict() => Msg::Conflict,
            Err(err) => Msg::Error(err.message(l)),
        }
    }

    /// Archives or restores a plan from the list.
    fn set_aside(&mut self, app: &App, id: &PlanId, archive: bool) -> Msg {
        let l = app.lang;
        match self.service.set_aside(id, archive, app.today, l) {
            Ok(plan) => {
                self.commit(&plan);
                Msg::Info(if archive {
                    format!("{id} {}", l.pick("archived", "archivé"))
                } else {
                    format!(
                        "{id} {} ({})",
                        l.pick("restored", "restauré"),
                        plan.status.label(l)
                    )
                })
            }
            Err(e) => Msg::Error(e.message(l)),
        }
    }

    /// Prints the document chosen where it was asked, and says where it went.
    fn print(&mut self, app: &App, doc: PrintDoc, to: PrintTo) -> Msg {
        let l = app.lang;
        let Some(e) = app.editor() else {
            return Msg::Error(l.pick("no plan open", "aucun plan ouvert").to_owned());
        };
        match self.service.print(&e.plan, doc, to, l) {
            Ok(printed) => Msg::Info(print_text(doc, to, &printed, l)),
            Err(err) => Msg::Error(err.message(l)),
        }
    }
}

/// What became of a save as copy: a line when the patient has no other active plan, else a
/// dialog naming it (the copy is kept as a draft when it was active), which a status line
/// at 80 columns could not hold.
fn copy_notice(plan: &Plan, c: &service::CopyNote, l: Lang) -> Msg {
    let saved = format!(
        "{} {} ({} {})",
        l.pick("Saved as a copy:", "Enregistré en copie :"),
        plan.id,
        l.pick("copied from", "copie de"),
        c.of
    );
    if c.active.is_empty() {
        return Msg::Info(saved);
    }
    let ids = c
        .active
        .iter()
        .map(PlanId::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let (status, archive) = (
        if c.made_draft {
            l.pick(
                "the copy is kept as a draft, so its sessions stay tentative in the agenda.",
                "la copie est gardée en brouillon : ses séances restent provisoires dans l'agenda.",
            )
        } else {
            l.pick(
                "the agenda shows the sessions of both.",
                "l'agenda montre les séances des deux.",
            )
        },
        l.pick(
            "Archive the plan you do not keep (Ctrl-X in the list of plans).",
            "Archiver le plan à ne pas garder (Ctrl-X dans la liste des plans).",
        ),
    );
    Msg::Notice(format!(
        "{saved}. {} {ids}{} {status} {archive}",
        l.pick(
            "The patient's active plan is",
            "Le plan actif de ce patient est"
        ),
        l.pick(":", " :")
    ))
}

/// Where a printed document went, in one line.
fn print_text(doc: PrintDoc, to: PrintTo, printed: &Printed, l: Lang) -> String {
    let what = doc.label(l);
    let no_contact = if printed.no_contact {
        l.pick(
            " — no practitioner contact on it: F9 (settings) to set it",
            " — sans coordonnées du praticien : F9 (réglages) pour les saisir",
        )
    } else {
        ""
    };
    // The print dialog said which folder printouts go to: the line names the folder and the
    // file only, so it fits at 80 columns.
    let short = match (printed.path.parent(), printed.path.file_name()) {
        (Some(dir), Some(name)) if dir.file_name().is_some_and(|d| d == "printouts") => {
            std::path::Path::new("printouts").join(name)
        }
        _ => printed.path.clone(),
    };
    let path = Shown(short);
    match (&printed.printer, to) {
        (Some(printer), _) => format!(
            "{what} {} {printer} ({path}){no_contact}",
            l.pick("sent to", "envoyé à")
        ),
        (None, PrintTo::Printer) => format!(
            "{} {what} {} {path}{no_contact}",
            l.pick("No printer set up;", "Pas d'imprimante ;"),
            l.pick("written to", "écrit dans")
        ),
        (None, PrintTo::File(_)) => format!(
            "{what} {} {path}{no_contact}",
            l.pick("written to", "écrit dans")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{CopyNote, Format};

    fn plan() -> Plan {
        let id = PlanId::new("lea-martin-2026-copy").unwrap_or_else(|e| panic!("{e}"));
        crate::domain::lifecycle::blank_plan(id, jiff::civil::date(2026, 11, 26), Lang::Fr, None)
            .unwrap_or_else(|| panic!("a blank plan"))
    }

    #[test]
    fn a_copy_beside_an_active_plan_is_a_dialog_and_otherwise_a_line() {
        let of = PlanId::new("lea-martin-2026").unwrap_or_else(|e| panic!("{e}"));
        let alone = CopyNote {
            of: of.clone(),
            active: vec![],
            made_draft: false,
        };
        assert!(
            matches!(copy_notice(&plan(), &alone, Lang::Fr), Msg::Info(t)
            if t == "Enregistré en copie : lea-martin-2026-copy (copie de lea-martin-2026)")
        );
        let beside = CopyNote {
            of: of.clone(),
            active: vec![of],
            made_draft: true,
        };
        let Msg::Notice(fr) = copy_notice(&plan(), &beside, Lang::Fr) else {
            panic!("a dialog");
        };
        assert!(
            fr.contains("Le plan actif de ce patient est lea-martin-2026 :"),
            "{fr}"
        );
        assert!(fr.contains("gardée en brouillon"), "{fr}");
        let Msg::Notice(en) = copy_notice(&plan(), &beside, Lang::En) else {
            panic!("a dialog");
        };
        assert!(
            en.contains("active plan is lea-martin-2026: the copy is kept as a draft"),
            "{en}"
        );
    }

    #[test]
    fn the_status_line_says_where_a_document_went() {
        let printed = |printer: Option<&str>| Printed {
            path: PathBuf::from("/p/printouts/x.pdf"),
            printer: printer.map(str::to_owned),
            no_contact: false,
        };
        let doc = PrintDoc::Patient;
        assert_eq!(
            print_text(doc, PrintTo::File(Format::Pdf), &printed(None), Lang::Fr),
            "Document patient écrit dans printouts/x.pdf"
        );
        assert_eq!(
            print_text(doc, PrintTo::Printer, &printed(None), Lang::En),
            "No printer set up; Patient handout written to printouts/x.pdf"
        );
        assert_eq!(
            print_text(doc, PrintTo::Printer, &printed(Some("cabinet")), Lang::Fr),
            "Document patient envoyé à cabinet (printouts/x.pdf)"
        );
    }
}
