//! The interface's state and its pure update: `App::update(Msg) -> Vec<Effect>`.
//!
//! Nothing here touches the disk or the terminal. Keys and results of effects come in as
//! messages; saving, loading, drafts and printing go out as effects, which the terminal loop
//! (`super::run`) carries out and answers with messages.

mod dialog;
mod editor;
mod home;
mod input;

pub use dialog::*;
pub use editor::Editor;
pub use home::{Home, Row, new_plan};
pub use input::Input;

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};

use super::form::Step;
use super::keys::{self, Action, Context};
use crate::domain::catalog::Catalog;
use crate::domain::config::Config;
use crate::domain::evaluate::evaluate_on;
use crate::domain::plan::Plan;
use crate::domain::{Lang, PlanId};

#[derive(Debug, Clone)]
pub enum Screen {
    Home(Home),
    Editor(Box<Editor>),
}

/// A message for the status line.
#[derive(Debug, Clone, PartialEq)]
pub struct Status2 {
    pub text: String,
    pub error: bool,
}

/// Inputs to `update`.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// The plans of the folder were read.
    Listed {
        rows: Vec<Row>,
        unreadable: usize,
    },
    /// A plan was opened (or a new one created, or a draft recovered).
    Opened {
        plan: Box<Plan>,
        saved: Option<Box<Plan>>,
        base: Option<Vec<u8>>,
        draft_id: PlanId,
    },
    /// The plan was saved; `plan` is what is now on disk.
    Saved {
        plan: Box<Plan>,
        base: Vec<u8>,
    },
    /// The file changed on disk since it was opened.
    Conflict,
    Drafts(Vec<DraftInfo>),
    /// Where the plans folder stands with its git remote (`None`: not shared through git).
    SyncState(Option<SyncInfo>),
    /// A sync ended: what it did, or why it failed.
    Synced {
        text: String,
        error: bool,
    },
    /// The system's default printer, found at start (`None`: none is set up).
    Printer(Option<String>),
    /// Something the practitioner must read (more than a status line holds): a dialog.
    Notice(String),
    /// The settings were written: these are now in force.
    SettingsSaved(Box<Config>),
    /// The settings could not be written, for this reason (the dialog stays open).
    SettingsNotSaved(String),
    Info(String),
    Error(String),
}

/// Work for the terminal loop.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    ListPlans,
    OpenPlan(PlanId),
    NewPlan,
    /// Save the editor's plan (the loop takes it from the state).
    Save {
        overwrite: bool,
        as_copy: bool,
    },
    Reload(PlanId),
    Duplicate(PlanId),
    Archive(PlanId),
    /// Bring an archived plan back (its status from its sessions and consents).
    Restore(PlanId),
    CopyExamples,
    RecoverDraft(PathBuf),
    DiscardDraft(Option<PathBuf>),
    /// Release the edit lock (leaving the editor).
    CloseEditor,
    /// Print the open plan's document, to the printer or to a file.
    Print {
        doc: PrintDoc,
        to: PrintTo,
    },
    /// Commit, fetch, merge and push the plans folder (in the background).
    Sync,
    /// Write these settings to `config.yaml` (the keys the settings dialog edits); answered
    /// by `SettingsSaved` or an error.
    SaveConfig(Box<Config>),
    Quit,
}

/// The sync state shown on the home screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncInfo {
    /// Commits not yet sent, and received at the last fetch but not merged.
    pub ahead: usize,
    pub behind: usize,
    /// A remote is set.
    pub remote: bool,
    /// A sync is running.
    pub running: bool,
}

/// The whole interface.
#[derive(Debug, Clone)]
pub struct App {
    pub lang: Lang,
    pub catalog: Catalog,
    pub config: Config,
    pub today: Date,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// The answer selected in the dialog shown.
    pub choice: usize,
    pub status: Option<Status2>,
    /// Shown on the welcome screen.
    pub plans_dir: String,
    /// Set when the plan changed since the last draft was taken.
    pub draft_due: bool,
    /// Quit once the pending save succeeds.
    pub quit_after_save: bool,
    /// Go back to the plans once the pending save succeeds.
    pub leave_after_save: bool,
    /// The plans folder's git state, when it is shared through git.
    pub sync: Option<SyncInfo>,
    /// The system's default printer, when one is set up (the print dialog offers it).
    pub printer: Option<String>,
    /// Screen regions for mouse clicks, filled by the view.
    pub hits: std::cell::RefCell<Vec<(ratatui::layout::Rect, Hit)>>,
    /// The form's first line shown and the last one it can start at, as last drawn (for the
    /// mouse wheel, which scrolls from where the form stands).
    pub form_lines: std::cell::Cell<(u16, u16)>,
}

/// What a click on a region selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Step(Step),
    Field(usize),
    Plan(usize),
}

impl App {
    /// A new app on the home screen (the loop then sends `Listed`).
    pub fn new(
        lang: Lang,
        catalog: Catalog,
        config: Config,
        today: Date,
        plans_dir: String,
    ) -> App {
        App {
            lang,
            catalog,
            config,
            today,
            screen: Screen::Home(Home::default()),
            overlay: None,
            choice: 0,
            status: None,
            plans_dir,
            draft_due: false,
            quit_after_save: false,
            leave_after_save: false,
            hits: Default::default(),
            form_lines: Default::default(),
            sync: None,
            printer: None,
        }
    }

    fn t(&self, en: &str, fr: &str) -> String {
        self.lang.pick(en, fr).to_owned()
    }

    fn info(&mut self, text: String) {
        self.status = Some(Status2 { text, error: false });
    }

    fn error(&mut self, text: String) {
        self.status = Some(Status2 { text, error: true });
    }

    /// Opens a dialog with its harmless answer selected.
    fn ask(&mut self, overlay: Overlay) {
        self.choice = overlay.choices().1;
        self.overlay = Some(overlay);
    }

    /// The key context in force (for resolving keys, the footer and the help).
    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::Help(_)) => return Context::Help,
            Some(Overlay::Prompt(_)) => return Context::Prompt,
            Some(_) => return Context::Dialog,
            None => {}
        }
        match &self.screen {
            Screen::Home(h) if h.loaded && h.rows.is_empty() => Context::Welcome,
            Screen::Home(_) => Context::Home,
            Screen::Editor(e) => e.context(),
        }
    }

    /// The editor, if it is open.
    pub fn editor(&self) -> Option<&Editor> {
        match &self.screen {
            Screen::Editor(e) => Some(e),
            Screen::Home(_) => None,
        }
    }

    /// Handles one message.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => self.key(key),
            Msg::Mouse(m) => self.mouse(m),
            Msg::Listed { rows, unreadable } => {
                let mut home =
                    match std::mem::replace(&mut self.screen, Screen::Home(Home::default())) {
                        Screen::Home(h) => h,
                        Screen::Editor(_) => Home::default(),
                    };
                let selected_id = home.current().map(|r| r.id.clone());
                home.rows = rows;
                home.unreadable = unreadable;
                home.loaded = true;
                home.refilter();
                if let Some(id) = selected_id
                    && let Some(pos) = home.visible.iter().position(|&i| home.rows[i].id == id)
                {
                    home.selected = pos;
                }
                if unreadable > 0 {
                    self.error(format!(
                        "{unreadable} {}",
                        self.t(
                            "file(s) could not be read: run `trichoplan list` to see why",
                            "fichier(s) illisible(s) : `trichoplan list` dit pourquoi"
                        )
                    ));
                }
                self.screen = Screen::Home(home);
                vec![]
            }
            Msg::Opened {
                plan,
                saved,
                base,
                draft_id,
            } => {
                let blank = (saved.is_none()
                    && base.is_none()
                    && plan.revision == 0
                    && crate::domain::lifecycle::is_placeholder(plan.patient.name.as_str()))
                .then(|| (*plan).clone());
                let mut editor = Editor {
                    blank,
                    status_asked: None,
                    eval: evaluate_on(&plan, &self.catalog, self.today.max(plan.updated)),
                    plan: *plan,
                    saved: saved.map(|p| *p),
                    base,
                    step: Step::Patient,
                    focus: 0,
                    entered: false,
                    zoom: false,
                    inputs: BTreeMap::new(),
                    fields: Vec::new(),
                    scroll: 0,
                    wheel: false,
                    summary: None,
                    draft_id,
                };
                self.rebuild(&mut editor);
                let conflicted = !editor.plan.conflicts.is_empty();
                self.screen = Screen::Editor(Box::new(editor));
                self.overlay = None;
                self.status = None;
                if conflicted {
                    self.ask(Overlay::Conflicts);
                }
                vec![]
            }
            Msg::Saved { plan, base } => {
                let revision = plan.revision;
                self.with_editor(|app, e| {
                    e.draft_id = plan.id.clone();
                    e.plan = (*plan).clone();
                    e.saved = Some(*plan);
                    e.base = Some(base);
                    e.inputs.retain(|_, i| i.error.is_some());
                    app.rebuild(e);
                });
                self.info(format!(
                    "{} {revision}",
                    self.t("Saved, revision", "Enregistré, révision")
                ));
                self.overlay = None;
                if self.quit_after_save {
                    return vec![Effect::Quit];
                }
                if std::mem::take(&mut self.leave_after_save) {
                    return vec![Effect::CloseEditor, Effect::ListPlans];
                }
                vec![]
            }
            Msg::Conflict => {
                self.quit_after_save = false;
                self.leave_after_save = false;
                self.ask(Overlay::Conflict);
                vec![]
            }
            Msg::Drafts(drafts) => {
                if !drafts.is_empty() {
                    self.ask(Overlay::Recover(drafts));
                }
                vec![]
            }
            Msg::Info(text) => {
                self.info(text);
                vec![]
            }
            Msg::Printer(printer) => {
                self.printer = printer;
                vec![]
            }
            Msg::Notice(text) => {
                self.overlay = Some(Overlay::Message(text));
                vec![]
            }
            Msg::SyncState(state) => {
                let running = self.sync.is_some_and(|s| s.running);
                self.sync = state.map(|s| SyncInfo { running, ..s });
                vec![]
            }
            Msg::Synced { text, error } => {
                if let Some(s) = self.sync.as_mut() {
                    s.running = false;
                }
                if error {
                    self.error(text);
                } else {
                    self.info(text);
                }
                // The list may have changed; an open editor re-reads it when it closes.
                match self.screen {
                    Screen::Home(_) => vec![Effect::ListPlans],
                    Screen::Editor(_) => vec![],
                }
            }
            Msg::SettingsSaved(config) => {
                self.settings_saved(*config);
                vec![]
            }
            Msg::SettingsNotSaved(text) => {
                self.settings_refused(&text);
                self.error(text);
                vec![]
            }
            Msg::Error(text) => {
                self.quit_after_save = false;
                self.leave_after_save = false;
                self.error(text);
                vec![]
            }
        }
    }

    fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let ctx = self.context();
        let action = keys::resolve(ctx, &key);
        if self.overlay.is_some() {
            return self.overlay_key(action, &key);
        }
        if action == Some(Action::Help) {
            self.overlay = Some(Overlay::Help(ctx));
            return vec![];
        }
        if action == Some(Action::Settings) {
            self.open_settings();
            return vec![];
        }
        match &self.screen {
            Screen::Home(_) => self.home_key(ctx, action, &key),
            Screen::Editor(_) => self.editor_key(ctx, action, &key),
        }
    }

    /// The wheel scrolls what is under it by three lines: the plan list moves its selection,
    /// the form, the summary and the zoomed preview scroll. A key brings the form back to its
    /// focused field.
    fn wheel(&mut self, down: bool) {
        const STEP: u16 = 3;
        match &mut self.screen {
            Screen::Home(home) => {
                home.selected = if down {
                    (home.selected + 1).min(home.visible.len().saturating_sub(1))
                } else {
                    home.selected.saturating_sub(1)
                };
            }
            Screen::Editor(e) => {
                let free = e.step == Step::Summary || e.zoom;
                if !free && !e.wheel {
                    e.scroll = self.form_lines.get().0;
                    e.wheel = true;
                }
                e.scroll = if down {
                    e.scroll.saturating_add(STEP)
                } else {
                    e.scroll.saturating_sub(STEP)
                };
                if !free {
                    e.scroll = e.scroll.min(self.form_lines.get().1);
                }
            }
        }
    }

    fn mouse(&mut self, m: MouseEvent) -> Vec<Effect> {
        if self.overlay.is_some() {
            return vec![];
        }
        match m.kind {
            MouseEventKind::ScrollDown => {
                self.wheel(true);
                return vec![];
            }
            MouseEventKind::ScrollUp => {
                self.wheel(false);
                return vec![];
            }
            MouseEventKind::Down(MouseButton::Left) => {}
            _ => return vec![],
        }
        let hit = self
            .hits
            .borrow()
            .iter()
            .find(|(r, _)| r.contains(ratatui::layout::Position::new(m.column, m.row)))
            .map(|(_, h)| *h);
        match std::mem::replace(&mut self.screen, Screen::Home(Home::default())) {
            Screen::Home(mut home) => {
                let mut effects = vec![];
                if let Some(Hit::Plan(i)) = hit {
                    if home.selected == i {
                        effects = home
                            .current()
                            .map(|r| vec![Effect::OpenPlan(r.id.clone())])
                            .unwrap_or_default();
                    }
                    home.selected = i.min(home.visible.len().saturating_sub(1));
                }
                self.screen = Screen::Home(home);
                effects
            }
            Screen::Editor(mut e) => {
                match hit {
                    Some(Hit::Step(step)) => {
                        self.leave_field(&mut e);
                        self.set_step(&mut e, step);
                    }
                    Some(Hit::Field(i)) if i < e.fields.len() => {
                        self.leave_field(&mut e);
                        e.focus = i;
                        e.entered = true;
                        self.enter_field(&mut e);
                    }
                    _ => {}
                }
                self.screen = Screen::Editor(e);
                vec![]
            }
        }
    }
}
