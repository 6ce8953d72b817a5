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

use jiff::Timestamp;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;

use super::app::{App, DraftInfo, Effect, Msg, PrintDoc, Row, SyncInfo, new_plan};
use super::view;
use crate::domain::catalog::Catalog;
use crate::domain::changes::describe_changes;
use crate::domain::config::Config;
use crate::domain::evaluate::evaluate;
use crate::domain::plan::Status;
use crate::domain::{Lang, Plan, PlanId, Text};
use crate::store::draft::{self, Draft};
use crate::store::git::{self, Committer, Identity, SyncReport};
use crate::store::{self, ConflictKind, PlanLock, SaveMode, Shown, Store, StoreError};

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

/// The plan list, as a message for the interface.
fn listed(store: &Store, lang: Lang) -> Msg {
    match store.summaries() {
        Ok(listing) => Msg::Listed {
            rows: listing.plans.iter().map(Row::from).collect(),
            unreadable: listing.errors.len(),
        },
        Err(e) => Msg::Error(e.message(lang)),
    }
}

/// The system's default printer (CUPS), if one is set up.
fn default_printer() -> Option<String> {
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

/// The current instant, to the second (the revision log has no use for nanoseconds).
fn now() -> Timestamp {
    Timestamp::from_second(Timestamp::now().as_second()).unwrap_or_else(|_| Timestamp::now())
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
        launch.catalog,
        launch.config,
        today,
        launch.store.dir().display().to_string(),
    );
    let mut rt = Runtime {
        store: launch.store,
        lock: None,
        pending,
        last_write: Instant::now(),
        quit: false,
        draft_failed: false,
        notice: None,
        refreshing: None,
        committer,
        identity,
        bg_tx,
        bg_rx,
    };
    rt.update_sync_state();
    let mut first = Vec::new();
    match launch.start {
        // Stale while revalidate: the first frame shows the list as the index last knew it,
        // and the folder is re-checked in the background; the list updates when it is done.
        Start::Home => {
            let cached = rt.store.cached_summaries();
            if !cached.is_empty() {
                app.update(Msg::Listed {
                    rows: cached.iter().map(Row::from).collect(),
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
    let (drafts, _) = draft::list_drafts(rt.store.dir());
    if !drafts.is_empty() {
        let infos = drafts
            .into_iter()
            .map(|(path, d)| DraftInfo {
                path,
                patient: d.plan.patient.name.to_string(),
                saved_at: d.saved_at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
            })
            .collect();
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

/// Which effect is being carried out, where two share an arm.
enum EffectKind {
    Open,
    Other,
}

struct Runtime {
    store: Store,
    lock: Option<PlanLock>,
    pending: Pending,
    last_write: Instant,
    quit: bool,
    /// The last draft write failed (said once, until a write succeeds again).
    draft_failed: bool,
    /// A note to show once the current effect's message is handled.
    notice: Option<String>,
    /// The plan list being re-checked in the background, if it is.
    refreshing: Option<std::sync::mpsc::Receiver<Msg>>,
    /// Commits saved plans in a git-backed folder.
    committer: Option<Committer>,
    /// Who commits (the practitioner of the settings).
    identity: Option<Identity>,
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

    /// The draft left by an earlier session on plan `id`, if there is one.
    fn leftover_draft(&self, id: &PlanId) -> Option<DraftInfo> {
        let path = draft::draft_path(self.store.dir(), id);
        if !path.exists() {
            return None;
        }
        let (drafts, _) = draft::list_drafts(self.store.dir());
        drafts
            .into_iter()
            .find(|(p, _)| *p == path)
            .map(|(path, d)| DraftInfo {
                path,
                patient: d.plan.patient.name.to_string(),
                saved_at: d.saved_at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
            })
    }

    /// True when another live trichoplan holds the lock of the plan a draft belongs to.
    fn draft_in_use(&self, path: &std::path::Path) -> bool {
        let Some(id) = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| PlanId::new(s).ok())
        else {
            return false;
        };
        if self.lock.as_ref().is_some_and(|lock| lock.id() == &id) {
            return false;
        }
        matches!(self.store.lock(&id), Err(StoreError::Locked { .. }))
    }

    /// Reads the folder's git state on another thread (a few git commands, no network).
    fn update_sync_state(&self) {
        let dir = self.store.dir().to_path_buf();
        let tx = self.bg_tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(Msg::SyncState(git::state(&dir).map(sync_info)));
        });
    }

    /// Syncs the folder on another thread: commit, fetch, merge, push. git may not ask for a
    /// password here (there is no one to answer): keys from an agent and credential helpers
    /// work, the rest fails with its one line.
    fn sync(&self, app: &App) {
        let dir = self.store.dir().to_path_buf();
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
        let store = self.store.clone();
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
            saved_at: now(),
            original: e.saved.as_ref().map(|p| p.id.clone()),
            base_revision: e.saved.as_ref().map(|p| p.revision),
            base_hash: e.base.as_deref().map(draft::hash),
            plan: e.plan.clone(),
        };
        if let Ok(bytes) = draft::encode_draft(&d)
            && let Ok(mut p) = self.pending.lock()
        {
            *p = Some((draft::draft_path(self.store.dir(), &e.draft_id), bytes));
        }
    }

    fn carry_out(&mut self, app: &mut App, effects: Vec<Effect>) {
        let mut queue: std::collections::VecDeque<Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            if let Some(msg) = self.effect(app, effect) {
                queue.extend(app.update(msg));
            }
            if let Some(note) = self.notice.take() {
                queue.extend(app.update(Msg::Info(note)));
            }
        }
    }

    fn effect(&mut self, app: &mut App, effect: Effect) -> Option<Msg> {
        let l = app.lang;
        let effect_kind = match effect {
            Effect::OpenPlan(_) => EffectKind::Open,
            _ => EffectKind::Other,
        };
        match effect {
            Effect::Quit => {
                self.quit = true;
                None
            }
            Effect::ListPlans => {
                // A fresher list than the one still being checked in the background.
                self.refreshing = None;
                Some(listed(&self.store, l))
            }
            Effect::OpenPlan(id) | Effect::Reload(id) => {
                // Unsaved work of an earlier session on this plan is offered back first, so
                // that new edits never overwrite its draft.
                if matches!(effect_kind, EffectKind::Open)
                    && let Some(info) = self.leftover_draft(&id)
                {
                    return Some(Msg::Drafts(vec![info]));
                }
                let already = self.lock.as_ref().is_some_and(|lock| lock.id() == &id);
                if !already {
                    self.lock = None;
                    match self.store.lock(&id) {
                        Ok(lock) => self.lock = Some(lock),
                        // A folder that cannot hold a lock (read-only, not ours) can still be
                        // read: the plan opens for viewing, and saving says why it cannot.
                        Err(e @ StoreError::Io { .. }) => {
                            self.notice = Some(format!(
                                "{} ({})",
                                l.pick(
                                    "Read-only: this plans folder cannot be written, changes cannot be saved",
                                    "Lecture seule : ce dossier ne peut pas être modifié, les changements ne pourront pas être enregistrés"
                                ),
                                e.message(l)
                            ));
                        }
                        Err(e) => return Some(Msg::Error(e.message(l))),
                    }
                }
                Some(match self.store.load(&id) {
                    Ok(file) => Msg::Opened {
                        saved: Some(Box::new(file.plan.clone())),
                        plan: Box::new(file.plan),
                        base: Some(file.bytes),
                        draft_id: id,
                    },
                    Err(e) => {
                        self.lock = None;
                        Msg::Error(e.message(l))
                    }
                })
            }
            Effect::NewPlan => {
                // The process id keeps two windows starting a plan in the same second apart;
                // the lock tells a later start that this draft is still being written.
                let stamp = Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
                let id = PlanId::new(format!("new-{stamp}-{}", std::process::id())).ok()?;
                self.lock = self.store.lock(&id).ok();
                let plan = new_plan(id.clone(), app.today, l, &app.config)?;
                Some(Msg::Opened {
                    plan: Box::new(plan),
                    saved: None,
                    base: None,
                    draft_id: id,
                })
            }
            Effect::Save { overwrite, as_copy } => Some(self.save(app, overwrite, as_copy)),
            Effect::Duplicate(id) => Some(self.duplicate(app, &id)),
            Effect::Archive(id) => Some(self.archive(app, &id)),
            Effect::CopyExamples => Some(match store::examples::copy_examples(&self.store) {
                Ok(n) => Msg::Info(format!(
                    "{n} {}",
                    l.pick("example plans copied", "plans d'exemple copiés")
                )),
                Err(e) => Msg::Error(e.message(l)),
            }),
            Effect::RecoverDraft(path) => Some(self.recover(&path, l)),
            Effect::DiscardDraft(Some(path)) if self.draft_in_use(&path) => {
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
                let path = path.or_else(|| {
                    app.editor()
                        .map(|e| draft::draft_path(self.store.dir(), &e.draft_id))
                });
                if let Ok(mut p) = self.pending.lock() {
                    *p = None;
                }
                path.and_then(|p| draft::remove_draft(&p).err())
                    .map(|e| Msg::Error(e.message(l)))
            }
            Effect::CloseEditor => {
                self.lock = None;
                None
            }
            Effect::Print(doc) => Some(self.print(app, doc)),
            Effect::Sync => {
                self.sync(app);
                None
            }
        }
    }

    fn save(&mut self, app: &App, overwrite: bool, as_copy: bool) -> Msg {
        let Some(e) = app.editor() else {
            return Msg::Error(
                app.lang
                    .pick("no plan open", "aucun plan ouvert")
                    .to_owned(),
            );
        };
        let mut plan = e.plan.clone();
        let mut base = e.base.clone();
        let mut saved = e.saved.clone();
        if e.saved.is_none() || as_copy {
            let wanted = if as_copy {
                self.store.copy_id(&plan.id)
            } else {
                self.store.free_id(
                    PlanId::from_name(plan.patient.name.as_str(), plan.created.year()).as_str(),
                )
            };
            match wanted {
                Ok(id) => plan.id = id,
                Err(err) => return Msg::Error(err.message(app.lang)),
            }
            base = None;
            if as_copy {
                saved = None;
            }
        }
        if self.lock.as_ref().is_none_or(|lock| lock.id() != &plan.id) {
            match self.store.lock(&plan.id) {
                Ok(lock) => self.lock = Some(lock),
                Err(err) => return Msg::Error(err.message(app.lang)),
            }
        }
        let Some(lock) = &self.lock else {
            return Msg::Error(
                app.lang
                    .pick("the plan is not locked", "le plan n'est pas verrouillé")
                    .to_owned(),
            );
        };
        let change = describe_changes(saved.as_ref(), &plan, plan.language);
        let Ok(change) = Text::new(change) else {
            return Msg::Error(
                app.lang
                    .pick(
                        "cannot describe the change",
                        "impossible de décrire la modification",
                    )
                    .to_owned(),
            );
        };
        // The revision dates the plan first; the verdict written with it is then computed
        // for that date.
        plan.record_revision(now(), app.today.max(plan.created), change, None);
        plan.refresh_derived(&evaluate(&plan, &app.catalog));
        crate::store::prepare_for_save(&mut plan, base.as_deref());
        let mode = if overwrite {
            SaveMode::Overwrite
        } else {
            SaveMode::Normal
        };
        match self.store.save(lock, &plan, base.as_deref(), mode) {
            Ok(bytes) => {
                // The draft has served its purpose once the plan is safely on disk.
                if let Ok(mut p) = self.pending.lock() {
                    *p = None;
                }
                let _ = draft::remove_draft(&draft::draft_path(self.store.dir(), &e.draft_id));
                self.commit(&plan);
                Msg::Saved {
                    plan: Box::new(plan),
                    base: bytes,
                }
            }
            Err(StoreError::Conflict {
                kind: ConflictKind::ChangedOnDisk | ConflictKind::Deleted,
                ..
            }) => Msg::Conflict,
            Err(err) => Msg::Error(err.message(app.lang)),
        }
    }

    fn load_locked(&self, id: &PlanId) -> Result<(PlanLock, store::PlanFile), StoreError> {
        let lock = self.store.lock(id)?;
        let file = self.store.load(id)?;
        Ok((lock, file))
    }

    fn duplicate(&mut self, app: &App, id: &PlanId) -> Msg {
        let l = app.lang;
        let result = (|| {
            let file = self.store.load(id)?;
            let mut plan: Plan = file.plan;
            plan.id = self.store.copy_id(id)?;
            plan.status = Status::Draft;
            plan.created = app.today;
            plan.updated = app.today;
            plan.revision = 0;
            plan.revisions.clear();
            plan.removed.clear();
            // A copy is a starting point: the sessions are replanned, the consent is unsigned,
            // the measurements and checkpoints of the original stay with it.
            plan.consent.iter_mut().for_each(|c| c.signed = None);
            plan.followup = Default::default();
            if let Some(inj) = plan.injections.as_mut() {
                let start = app
                    .today
                    .checked_add(jiff::Span::new().days(7))
                    .unwrap_or(app.today);
                let setup = crate::domain::schedule::ProtocolSetup {
                    product: inj.product,
                    sessions: inj.sessions_planned,
                    interval_days: inj.interval_days,
                    start,
                    zones: inj.zones.clone(),
                    maintenance_months: inj.maintenance.as_ref().map(|m| m.every_months),
                };
                inj.sessions.clear();
                let eval = evaluate(&plan, &app.catalog);
                plan.injections = None;
                plan.set_protocol(&setup, &app.catalog, &eval)
                    .map_err(|e| StoreError::Usage(e.to_string()))?;
            }
            let change = Text::new(format!(
                "{} {id}",
                l.pick("Duplicated from", "Dupliqué depuis")
            ))
            .map_err(|e| StoreError::Usage(e.to_string()))?;
            plan.record_revision(now(), app.today, change, None);
            plan.refresh_derived(&evaluate(&plan, &app.catalog));
            let lock = self.store.lock(&plan.id)?;
            self.store.save(&lock, &plan, None, SaveMode::Normal)?;
            self.commit(&plan);
            Ok::<_, StoreError>(plan.id)
        })();
        match result {
            Ok(new) => Msg::Info(format!(
                "{} {new}",
                l.pick("Duplicated as", "Dupliqué sous")
            )),
            Err(e) => Msg::Error(e.message(l)),
        }
    }

    fn archive(&mut self, app: &App, id: &PlanId) -> Msg {
        let l = app.lang;
        let result = (|| {
            let (lock, file) = self.load_locked(id)?;
            let mut plan = file.plan;
            plan.status = Status::Archived;
            let change = Text::new(l.pick("Archived", "Archivé"))
                .map_err(|e| StoreError::Usage(e.to_string()))?;
            plan.record_revision(now(), app.today.max(plan.updated), change, None);
            plan.refresh_derived(&evaluate(&plan, &app.catalog));
            self.store
                .save(&lock, &plan, Some(&file.bytes), SaveMode::Normal)?;
            self.commit(&plan);
            Ok::<_, StoreError>(())
        })();
        match result {
            Ok(()) => Msg::Info(format!("{id} {}", l.pick("archived", "archivé"))),
            Err(e) => Msg::Error(e.message(l)),
        }
    }

    fn recover(&mut self, path: &std::path::Path, l: crate::domain::Lang) -> Msg {
        let (drafts, _) = draft::list_drafts(self.store.dir());
        let Some((_, d)) = drafts.into_iter().find(|(p, _)| p == path) else {
            return Msg::Error(format!(
                "{}: {}",
                Shown(path.to_path_buf()),
                l.pick("draft no longer readable", "brouillon illisible")
            ));
        };
        let draft_id = d.plan.id.clone();
        let Some(original) = d.original.clone() else {
            // A plan never saved: its draft is locked under its provisional id while a
            // window edits it.
            self.lock = None;
            match self.store.lock(&draft_id) {
                Ok(lock) => self.lock = Some(lock),
                Err(e) => return Msg::Error(e.message(l)),
            }
            return Msg::Opened {
                plan: Box::new(d.plan),
                saved: None,
                base: None,
                draft_id,
            };
        };
        self.lock = None;
        match self.store.lock(&original) {
            Ok(lock) => self.lock = Some(lock),
            Err(e) => return Msg::Error(e.message(l)),
        }
        match self.store.load(&original) {
            Ok(file) => {
                // If the file changed in any way since the draft began (a save elsewhere, a
                // hand edit), force the conflict prompt.
                let unchanged = match &d.base_hash {
                    Some(hash) => *hash == draft::hash(&file.bytes),
                    None => Some(file.plan.revision) == d.base_revision,
                };
                let base = if unchanged { file.bytes } else { Vec::new() };
                Msg::Opened {
                    plan: Box::new(d.plan),
                    saved: Some(Box::new(file.plan)),
                    base: Some(base),
                    draft_id,
                }
            }
            Err(StoreError::NotFound { .. }) => Msg::Opened {
                plan: Box::new(d.plan),
                saved: None,
                base: Some(Vec::new()),
                draft_id,
            },
            Err(e) => {
                self.lock = None;
                Msg::Error(e.message(l))
            }
        }
    }

    /// Prints the document chosen (patient handout, practitioner record, referral letter): to
    /// the system printer when one is set up, and in any case as a PDF next to the plan, whose
    /// path is shown.
    fn print(&mut self, app: &App, doc: PrintDoc) -> Msg {
        let Some(e) = app.editor() else {
            return Msg::Error(
                app.lang
                    .pick("no plan open", "aucun plan ouvert")
                    .to_owned(),
            );
        };
        let l = app.lang;
        let plan = &e.plan;
        let settings = crate::report::summary::Settings {
            practitioner: app.config.practitioner.clone(),
            ..crate::report::summary::Settings::default()
        };
        // A handout the patient cannot answer: printed all the same, and said at once.
        let no_contact = (doc == PrintDoc::Patient)
            .then(|| crate::report::summary::missing_contact(plan, &settings))
            .flatten()
            .map(|_| {
                l.pick(
                    " — no practitioner contact on it: add `practitioner:` (name, phone or email) to config.yaml",
                    " — sans coordonnées du praticien : ajouter `practitioner:` (nom, téléphone ou e-mail) dans config.yaml",
                )
            })
            .unwrap_or_default();
        let (built, name, what) = match doc {
            PrintDoc::Patient => (
                Some(crate::report::summary::build_with(
                    plan,
                    &app.catalog,
                    crate::report::Audience::Patient,
                    plan.language,
                    &settings,
                )),
                "patient",
                l.pick("Patient handout", "Document patient"),
            ),
            PrintDoc::Practitioner => (
                Some(crate::report::summary::build_with(
                    plan,
                    &app.catalog,
                    crate::report::Audience::Practitioner,
                    l,
                    &settings,
                )),
                "practitioner",
                l.pick("Practitioner record", "Dossier praticien"),
            ),
            PrintDoc::Progress => (
                Some(crate::report::progress::build(
                    plan,
                    &app.catalog,
                    plan.language,
                )),
                "progress",
                l.pick("Progress report", "Bilan d'évolution"),
            ),
            PrintDoc::Referral => (
                crate::report::referral::build_with(
                    plan,
                    &app.catalog,
                    plan.language,
                    app.config.practitioner.as_ref(),
                ),
                "referral",
                l.pick("Referral letter", "Lettre d'adressage"),
            ),
        };
        let Some(doc) = built else {
            return Msg::Error(
                l.pick(
                    "No referral in this plan: the gate refers no one to a doctor.",
                    "Pas d'adressage dans ce plan : le bilan n'oriente vers aucun médecin.",
                )
                .to_owned(),
            );
        };
        let pdf = match crate::report::pdf::render(&doc) {
            Ok(pdf) => pdf,
            Err(err) => return Msg::Error(err),
        };
        let path =
            self.store
                .dir()
                .join(format!("{}-{name}-{}.pdf", plan.id, plan.language.code()));
        if let Err(err) = store::write_output(&path, &pdf) {
            return Msg::Error(err.message(app.lang));
        }
        match default_printer() {
            Some(printer) => {
                let sent = std::process::Command::new("lp")
                    .arg("-d")
                    .arg(&printer)
                    .arg(&path)
                    .stdin(std::process::Stdio::null())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success());
                if sent {
                    Msg::Info(format!(
                        "{what} {} {printer} ({}){no_contact}",
                        l.pick("sent to", "envoyé à"),
                        Shown(path)
                    ))
                } else {
                    Msg::Error(format!(
                        "{} {}",
                        l.pick(
                            "The printer refused the job; the PDF is at",
                            "L'imprimante a refusé le travail ; le PDF est dans"
                        ),
                        Shown(path)
                    ))
                }
            }
            None => Msg::Info(format!(
                "{} {what} {} {}{no_contact}",
                l.pick("No printer set up;", "Pas d'imprimante ;"),
                l.pick("written to", "écrit dans"),
                Shown(path)
            )),
        }
    }
}
