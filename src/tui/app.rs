//! The interface's state and its pure update: `App::update(Msg) -> Vec<Effect>`.
//!
//! Nothing here touches the disk or the terminal. Keys and results of effects come in as
//! messages; saving, loading, drafts and printing go out as effects, which the terminal loop
//! (`super::run`) carries out and answers with messages.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::fields::{self, Ctx, Field, FieldId, Kind, Step};
use super::keys::{self, Action, Context};
use crate::domain::catalog::Catalog;
use crate::domain::config::Config;
use crate::domain::evaluate::{Evaluation, SuggestionStatus, evaluate_on};
use crate::domain::plan::{Plan, Product, Schema, SessionStatus, Status, Verdict};
use crate::domain::pricing::default_pricing;
use crate::domain::schedule::{ProtocolSetup, SessionRecord};
use crate::domain::{Key, Lang, PlanId, Prose, Text, Zone};

/// A saved plan as the home screen lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: PlanId,
    pub patient: String,
    pub status: Status,
    pub next: Option<Date>,
    pub updated: Date,
    /// Fields changed on two machines, waiting for a choice (shown on the row).
    pub conflicts: usize,
    /// Lowercased text the filter searches.
    pub haystack: String,
}

impl Row {
    /// The row of a plan.
    pub fn of(plan: &Plan) -> Row {
        Row::from(&crate::store::index::PlanSummary::of(
            plan,
            std::path::Path::new(""),
        ))
    }
}

impl From<&crate::store::index::PlanSummary> for Row {
    fn from(s: &crate::store::index::PlanSummary) -> Row {
        Row {
            // The status as written in files and as shown, in both languages ("en cours").
            haystack: format!(
                "{} {} {} {} {}",
                s.patient,
                s.id,
                s.status.as_str(),
                s.status.label(Lang::Fr),
                s.status.label(Lang::En)
            )
            .to_lowercase(),
            id: s.id.clone(),
            patient: s.patient.clone(),
            status: s.status,
            next: s.next_session,
            updated: s.updated,
            conflicts: s.conflicts,
        }
    }
}

/// The home screen: saved plans, newest first, filtered as you type (a search box: every
/// printable key is filter text).
#[derive(Debug, Clone, Default)]
pub struct Home {
    pub rows: Vec<Row>,
    pub filter: String,
    /// Indexes into `rows` of the plans that match the filter.
    pub visible: Vec<usize>,
    pub selected: usize,
    /// Files that could not be read (shown as a count; `list` names them).
    pub unreadable: usize,
    pub loaded: bool,
}

impl Home {
    /// Recomputes the visible rows after the filter or the rows changed.
    pub fn refilter(&mut self) {
        let words: Vec<String> = self
            .filter
            .to_lowercase()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        self.visible = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| words.iter().all(|w| r.haystack.contains(w.as_str())))
            .map(|(i, _)| i)
            .collect();
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    /// The selected plan.
    pub fn current(&self) -> Option<&Row> {
        self.visible.get(self.selected).map(|&i| &self.rows[i])
    }
}

/// Text being typed into a field, kept even when it is not valid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Input {
    pub text: String,
    /// Cursor position, in characters.
    pub cursor: usize,
    pub error: Option<String>,
    /// Not edited since the field got the focus: the first character typed replaces the text.
    pub fresh: bool,
}

impl Input {
    fn new(text: String) -> Self {
        Input {
            cursor: text.chars().count(),
            text,
            error: None,
            fresh: true,
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(b, _)| b)
    }

    /// Applies an editing key; true when the text changed.
    fn edit(&mut self, action: Option<Action>, key: &KeyEvent) -> bool {
        let fresh = std::mem::replace(&mut self.fresh, false);
        if fresh && action.is_none() && matches!(key.code, KeyCode::Char(_)) {
            self.text.clear();
            self.cursor = 0;
        }
        let len = self.text.chars().count();
        match action {
            Some(Action::Left) => self.cursor = self.cursor.saturating_sub(1),
            Some(Action::Right) => self.cursor = (self.cursor + 1).min(len),
            Some(Action::Home) => self.cursor = 0,
            Some(Action::End) => self.cursor = len,
            Some(Action::Backspace) if self.cursor > 0 => {
                let at = self.byte(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
                return true;
            }
            Some(Action::Delete) if self.cursor < len => {
                let at = self.byte(self.cursor);
                self.text.remove(at);
                return true;
            }
            None => {
                if let KeyCode::Char(c) = key.code
                    && !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                    && !c.is_control()
                    && len < crate::domain::text::TEXT_MAX_CHARS
                {
                    let at = self.byte(self.cursor);
                    self.text.insert(at, c);
                    self.cursor += 1;
                    return true;
                }
            }
            _ => {}
        }
        false
    }
}

/// The plan editor.
#[derive(Debug, Clone)]
pub struct Editor {
    pub plan: Plan,
    /// The version on disk (`None` for a plan never saved), to describe and detect changes.
    pub saved: Option<Plan>,
    /// The bytes read from disk, which a save compares against.
    pub base: Option<Vec<u8>>,
    pub step: Step,
    pub focus: usize,
    /// False until the user moves into the form (Tab, arrows, a click): opening a plan or a
    /// step focuses no field, so no keystroke lands in a field the user did not choose.
    pub entered: bool,
    /// The plan's preview (eligibility, next sessions, quote) fills the screen (F2).
    pub zoom: bool,
    pub inputs: BTreeMap<FieldId, Input>,
    pub eval: Evaluation,
    pub fields: Vec<Field>,
    /// Scroll of the summary step.
    pub scroll: u16,
    /// The practitioner record, built when the summary step is shown.
    pub summary: Option<crate::report::Document>,
    /// Where recovery drafts of this plan go.
    pub draft_id: PlanId,
    /// A new plan as it was opened, before any edit.
    pub blank: Option<Plan>,
    /// The status change already offered in this editor (not offered again at each save).
    pub status_asked: Option<crate::domain::plan::Status>,
}

impl Editor {
    /// True when there are edits not saved yet (for a new plan: any edit at all).
    pub fn dirty(&self) -> bool {
        let reference = self.saved.as_ref().or(self.blank.as_ref());
        reference != Some(&self.plan) || self.inputs.values().any(|i| i.error.is_some())
    }

    /// The field the user moved into, if any.
    pub fn focused(&self) -> Option<&Field> {
        if !self.entered {
            return None;
        }
        self.fields.get(self.focus)
    }

    fn context(&self) -> Context {
        if self.step == Step::Summary {
            return Context::Summary;
        }
        match self.focused() {
            Some(f) if f.kind.typed() => Context::Typing,
            Some(f) => match f.id {
                FieldId::Suggestion(_) => Context::SuggestionRow,
                FieldId::Session(_) => Context::SessionRow,
                FieldId::Checkpoint(_) => Context::CheckpointRow,
                FieldId::ActionRow(..) => Context::ActionRow,
                _ => Context::Editor,
            },
            None => Context::Editor,
        }
    }
}

/// One field of a dialog's form: typed text, or a choice among options (never typed).
#[derive(Debug, Clone, PartialEq)]
pub struct PromptField {
    pub label: String,
    pub input: Input,
    /// (value, label) options: when not empty the field is a choice and `input.text` holds
    /// the chosen value; Space and the arrows change it, letters do nothing.
    pub options: Vec<(String, String)>,
    /// The text the field opened with, to tell whether the user typed something.
    pub initial: String,
}

impl PromptField {
    fn text(label: String, value: String) -> PromptField {
        PromptField {
            label,
            initial: value.clone(),
            input: Input::new(value),
            options: Vec::new(),
        }
    }

    fn choice(label: String, value: String, options: Vec<(String, String)>) -> PromptField {
        PromptField {
            options,
            ..PromptField::text(label, value)
        }
    }

    /// The text shown: the typed text, or the label of the chosen option.
    pub fn shown(&self) -> String {
        if self.options.is_empty() {
            return self.input.text.clone();
        }
        self.options
            .iter()
            .find(|(v, _)| *v == self.input.text)
            .map_or_else(String::new, |(_, l)| format!("‹ {l} ›"))
    }
}

/// A small form in a dialog (a session done, moved, cancelled; a suggestion rejected).
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub fields: Vec<PromptField>,
    pub focus: usize,
    pub error: Option<String>,
}

impl Prompt {
    /// True when the user changed something: Esc then asks before throwing it away.
    pub fn touched(&self) -> bool {
        self.fields.iter().any(|f| f.input.text != f.initial)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    SessionDone(u8),
    SessionMove(u8),
    SessionCancel(u8),
    /// Rejecting the suggestion of this index, with an optional reason.
    Reject(usize),
}

/// A document the editor can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintDoc {
    Patient,
    Practitioner,
    Referral,
    /// The progress report of a follow-up visit.
    Progress,
}

/// A change in the editor that waits for a confirmation.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    RemoveAction(crate::domain::catalog::Section, usize),
    RemoveLab(Key),
    /// Another product: its defaults replace the sessions, interval and prices typed in.
    ReplaceProduct(String),
    /// The plan has reached this status (signed and planned: active; last session done:
    /// completed): change it, then save.
    Status(crate::domain::plan::Status),
}

/// An answer in a dialog. Dialogs have no letter keys: a choice is picked with the arrows
/// and confirmed with Enter; the one selected first is always the harmless one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Yes,
    No,
    SaveAndLeave,
    DiscardAndLeave,
    Stay,
    Reload,
    SaveAsCopy,
    Overwrite,
    Later,
    /// Settles the first conflict of the plan with one side's value.
    Resolve(crate::domain::merge::Side),
    Recover,
    DiscardDraft,
    KeepEditing,
    DiscardTyped,
    Print(PrintDoc),
}

/// A leftover recovery draft, as offered at start.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftInfo {
    pub path: PathBuf,
    pub patient: String,
    pub saved_at: String,
}

/// A change to a saved plan, made from the home screen after a confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanAction {
    Duplicate,
    Archive,
    Restore,
}

/// What covers the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help(Context),
    ConfirmPlan {
        action: PlanAction,
        id: PlanId,
        patient: String,
    },
    ConfirmQuit,
    ConfirmLeave,
    Conflict,
    Recover(Vec<DraftInfo>),
    Prompt(Prompt),
    /// Esc on a dialog holding typed data: throw it away?
    DiscardPrompt(Box<Prompt>),
    /// A change waiting for a yes.
    Confirm {
        question: String,
        pending: Pending,
    },
    /// Which document to print.
    Print {
        referral: bool,
    },
    Message(String),
    /// The fields of the open plan changed on two machines: the first one, side by side.
    Conflicts,
}

impl Overlay {
    /// The answers of a dialog, in order, and the index of the harmless one (selected first).
    pub fn choices(&self) -> (Vec<Choice>, usize) {
        use Choice as C;
        match self {
            Overlay::ConfirmPlan { .. } | Overlay::Confirm { .. } => (vec![C::Yes, C::No], 1),
            Overlay::ConfirmQuit | Overlay::ConfirmLeave => {
                (vec![C::SaveAndLeave, C::DiscardAndLeave, C::Stay], 2)
            }
            Overlay::Conflict => (vec![C::Reload, C::SaveAsCopy, C::Overwrite, C::Later], 3),
            Overlay::Recover(_) => (vec![C::Recover, C::DiscardDraft, C::Later], 0),
            Overlay::DiscardPrompt(_) => (vec![C::KeepEditing, C::DiscardTyped], 0),
            Overlay::Print { referral } => {
                let mut v = vec![
                    C::Print(PrintDoc::Patient),
                    C::Print(PrintDoc::Practitioner),
                    C::Print(PrintDoc::Progress),
                ];
                if *referral {
                    v.push(C::Print(PrintDoc::Referral));
                }
                v.push(C::No);
                (v, 0)
            }
            Overlay::Conflicts => {
                use crate::domain::merge::Side;
                (
                    vec![C::Resolve(Side::Ours), C::Resolve(Side::Theirs), C::Later],
                    2,
                )
            }
            Overlay::Help(_) | Overlay::Prompt(_) | Overlay::Message(_) => (vec![], 0),
        }
    }
}

impl Choice {
    /// The words of a choice in a dialog.
    pub fn label(self, lang: Lang, overlay: &Overlay) -> &'static str {
        use Choice as C;
        match self {
            C::Yes => match overlay {
                Overlay::ConfirmPlan {
                    action: PlanAction::Duplicate,
                    ..
                } => lang.pick("Duplicate", "Dupliquer"),
                Overlay::ConfirmPlan {
                    action: PlanAction::Archive,
                    ..
                } => lang.pick("Archive", "Archiver"),
                Overlay::ConfirmPlan {
                    action: PlanAction::Restore,
                    ..
                } => lang.pick("Restore", "Restaurer"),
                Overlay::Confirm {
                    pending: Pending::ReplaceProduct(_),
                    ..
                } => lang.pick("Replace", "Remplacer"),
                Overlay::Confirm {
                    pending: Pending::Status(_),
                    ..
                } => lang.pick("Change it and save", "Le changer et enregistrer"),
                _ => lang.pick("Remove", "Retirer"),
            },
            C::No => match overlay {
                Overlay::Confirm {
                    pending: Pending::Status(_),
                    ..
                } => lang.pick("Keep it and save", "Le garder et enregistrer"),
                _ => lang.pick("Cancel", "Annuler"),
            },
            C::SaveAndLeave => lang.pick("Save, then leave", "Enregistrer, puis quitter"),
            C::DiscardAndLeave => lang.pick("Discard the changes", "Abandonner les modifications"),
            C::Stay => lang.pick("Stay", "Rester"),
            C::Reload => lang.pick("Reload theirs", "Recharger la leur"),
            C::SaveAsCopy => lang.pick("Save mine as a copy", "Enregistrer la mienne en copie"),
            C::Overwrite => lang.pick("Overwrite", "Écraser"),
            C::Later => lang.pick("Decide later", "Décider plus tard"),
            C::Resolve(crate::domain::merge::Side::Ours) => {
                lang.pick("Keep the plan's", "Garder celle du plan")
            }
            C::Resolve(crate::domain::merge::Side::Theirs) => {
                lang.pick("Take the other version", "Prendre l'autre version")
            }
            C::Recover => lang.pick("Recover it", "La récupérer"),
            C::DiscardDraft => lang.pick("Discard it", "L'abandonner"),
            C::KeepEditing => lang.pick("Keep editing", "Continuer la saisie"),
            C::DiscardTyped => lang.pick("Throw away what was typed", "Jeter la saisie"),
            C::Print(PrintDoc::Patient) => lang.pick("Patient handout", "Document patient"),
            C::Print(PrintDoc::Practitioner) => {
                lang.pick("Practitioner record", "Dossier praticien")
            }
            C::Print(PrintDoc::Referral) => lang.pick("Referral letter", "Lettre d'adressage"),
            C::Print(PrintDoc::Progress) => lang.pick("Progress report", "Bilan d'évolution"),
        }
    }
}

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
    CopyExamples,
    RecoverDraft(PathBuf),
    DiscardDraft(Option<PathBuf>),
    /// Release the edit lock (leaving the editor).
    CloseEditor,
    Print(PrintDoc),
    /// Commit, fetch, merge and push the plans folder (in the background).
    Sync,
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
    /// Screen regions for mouse clicks, filled by the view.
    pub hits: std::cell::RefCell<Vec<(ratatui::layout::Rect, Hit)>>,
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
            sync: None,
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
                    && fields::is_placeholder(plan.patient.name.as_str()))
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
                if let Screen::Editor(mut e) =
                    std::mem::replace(&mut self.screen, Screen::Home(Home::default()))
                {
                    e.draft_id = plan.id.clone();
                    e.plan = (*plan).clone();
                    e.saved = Some(*plan);
                    e.base = Some(base);
                    e.inputs.retain(|_, i| i.error.is_some());
                    self.rebuild(&mut e);
                    self.screen = Screen::Editor(e);
                }
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
        match &self.screen {
            Screen::Home(_) => self.home_key(ctx, action, &key),
            Screen::Editor(_) => self.editor_key(ctx, action, &key),
        }
    }

    fn home_key(&mut self, ctx: Context, action: Option<Action>, key: &KeyEvent) -> Vec<Effect> {
        let Screen::Home(home) = &mut self.screen else {
            return vec![];
        };
        match action {
            Some(Action::Quit) => return vec![Effect::Quit],
            Some(Action::Sync) => {
                return match self.sync.as_mut() {
                    Some(s) if s.running => vec![],
                    Some(s) => {
                        s.running = true;
                        self.info(self.t("Syncing…", "Synchronisation…"));
                        vec![Effect::Sync]
                    }
                    None => {
                        self.info(self.t(
                            "This plans folder is not shared: run `trichoplan sync --init REMOTE` once",
                            "Ce dossier de plans n'est pas partagé : lancer une fois `trichoplan sync --init DÉPÔT`",
                        ));
                        vec![]
                    }
                };
            }
            Some(Action::New) => return vec![Effect::NewPlan],
            Some(Action::CopyExamples) => return vec![Effect::CopyExamples, Effect::ListPlans],
            Some(Action::Open) => {
                return home
                    .current()
                    .map(|r| vec![Effect::OpenPlan(r.id.clone())])
                    .unwrap_or_default();
            }
            Some(Action::Duplicate) | Some(Action::Archive) => {
                if let Some(r) = home.current() {
                    let what = if action == Some(Action::Duplicate) {
                        PlanAction::Duplicate
                    } else if r.status == Status::Archived {
                        PlanAction::Restore
                    } else {
                        PlanAction::Archive
                    };
                    let (id, patient) = (r.id.clone(), r.patient.clone());
                    self.ask(Overlay::ConfirmPlan {
                        action: what,
                        id,
                        patient,
                    });
                }
            }
            Some(Action::Up) => home.selected = home.selected.saturating_sub(1),
            Some(Action::Down) => {
                home.selected = (home.selected + 1).min(home.visible.len().saturating_sub(1))
            }
            // The filter is always on: `/` (never part of a name) is accepted and does nothing.
            Some(Action::Filter) => {}
            Some(Action::Back) | Some(Action::Clear) => {
                home.filter.clear();
                home.refilter();
            }
            Some(Action::Backspace) => {
                home.filter.pop();
                home.refilter();
            }
            _ => {
                // The list is a search box: every printable key is filter text.
                if let KeyCode::Char(c) = key.code
                    && !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                    && !c.is_control()
                    && ctx == Context::Home
                    && home.filter.chars().count() < 100
                {
                    home.filter.push(c);
                    home.refilter();
                }
            }
        }
        vec![]
    }

    fn editor_key(&mut self, ctx: Context, action: Option<Action>, key: &KeyEvent) -> Vec<Effect> {
        let Screen::Editor(mut e) =
            std::mem::replace(&mut self.screen, Screen::Home(Home::default()))
        else {
            return vec![];
        };
        let effects = self.editor_action(&mut e, ctx, action, key);
        self.screen = Screen::Editor(e);
        effects
    }

    fn editor_action(
        &mut self,
        e: &mut Editor,
        ctx: Context,
        action: Option<Action>,
        key: &KeyEvent,
    ) -> Vec<Effect> {
        let n = e.fields.len();
        if e.zoom && !matches!(action, Some(Action::Save) | Some(Action::Quit)) {
            // Any other key closes the zoomed preview, and does only that.
            e.zoom = false;
            return vec![];
        }
        match action {
            Some(Action::Conflicts) => {
                if e.plan.conflicts.is_empty() {
                    self.info(self.t("No conflict in this plan.", "Aucun conflit dans ce plan."));
                } else {
                    self.ask(Overlay::Conflicts);
                }
                return vec![];
            }
            Some(Action::Quit) => {
                if e.dirty() {
                    self.ask(Overlay::ConfirmQuit);
                    return vec![];
                }
                // Nothing of this session to keep; a draft from another session stays.
                return vec![Effect::Quit];
            }
            Some(Action::Save) => return self.save(e),
            Some(Action::Back) => {
                // Esc first takes back an invalid entry in the field being typed in.
                if let Some(id) = e.focused().map(|f| f.id.clone())
                    && e.inputs.get(&id).is_some_and(|i| i.error.is_some())
                {
                    e.inputs.remove(&id);
                    self.status = None;
                    return vec![];
                }
                if e.dirty() {
                    self.ask(Overlay::ConfirmLeave);
                    return vec![];
                }
                return vec![Effect::CloseEditor, Effect::ListPlans];
            }
            Some(Action::Clear) if ctx == Context::Typing => {
                if let Some(field) = e.focused().cloned() {
                    let input = e.inputs.entry(field.id.clone()).or_default();
                    input.text.clear();
                    input.cursor = 0;
                    input.fresh = false;
                    let eval = e.eval.clone();
                    let result = match field.id {
                        FieldId::Sessions
                        | FieldId::Interval
                        | FieldId::Start
                        | FieldId::Maintenance => self.protocol_field(e, &field.id, ""),
                        _ => fields::apply(&mut e.plan, &field.id, "", &self.ctx(&eval)),
                    };
                    if let Some(input) = e.inputs.get_mut(&field.id) {
                        input.error = result.err();
                    }
                    self.changed(e);
                }
            }
            Some(Action::Remove) if ctx == Context::Typing => self.ask_remove_lab(e),
            Some(Action::Zoom) => e.zoom = true,
            Some(Action::NextStep) => return self.go_step(e, 1),
            Some(Action::PrevStep) => return self.go_step(e, -1),
            Some(Action::NextField) if n > 0 => {
                if e.entered {
                    self.leave_field(e);
                    e.focus = (e.focus + 1) % n;
                } else {
                    e.entered = true;
                    e.focus = e.focus.min(n - 1);
                }
                self.enter_field(e);
            }
            Some(Action::PrevField) if n > 0 => {
                if e.entered {
                    self.leave_field(e);
                    e.focus = (e.focus + n - 1) % n;
                } else {
                    e.entered = true;
                    e.focus = n - 1;
                }
                self.enter_field(e);
            }
            Some(Action::Up) if ctx == Context::Summary => e.scroll = e.scroll.saturating_sub(1),
            Some(Action::Down) if ctx == Context::Summary => e.scroll = e.scroll.saturating_add(1),
            Some(Action::Print) => {
                self.ask(Overlay::Print {
                    referral: !e.eval.referrals.is_empty(),
                });
            }
            _ if ctx == Context::Typing => self.type_into(e, action, key),
            Some(Action::Toggle) | Some(Action::Right) | Some(Action::Activate) => self.cycle(e, 1),
            Some(Action::Left) => self.cycle(e, -1),
            Some(Action::Accept) => self.decide(e, Verdict::Accepted),
            Some(Action::Reject) => self.ask_reject(e),
            Some(Action::Restore) => self.undecide(e),
            Some(Action::SessionDone) => self.row_done(e),
            Some(Action::SessionMove) | Some(Action::SessionCancel) => {
                if let Some(FieldId::Session(n)) = e.focused().map(|f| f.id.clone()) {
                    self.overlay = Some(Overlay::Prompt(self.session_prompt(
                        e,
                        n,
                        action == Some(Action::SessionMove),
                    )));
                }
            }
            Some(Action::Add) => self.add(e),
            Some(Action::Remove) => self.ask_remove_action(e),
            None if matches!(key.code, KeyCode::Char(_))
                && key.modifiers.difference(KeyModifiers::SHIFT).is_empty() =>
            {
                // A letter that means nothing here: say where letters are text.
                self.info(match e.focused() {
                    None => self.t(
                        "Letters are not text here: Tab goes to the first field, then type.",
                        "Les lettres ne sont pas du texte ici : Tab va au premier champ, puis tapez.",
                    ),
                    Some(_) => self.t(
                        "This field is not typed in: Space changes it; the footer lists the keys.",
                        "Ce champ ne se tape pas : Espace le change ; le bas de l'écran liste les touches.",
                    ),
                });
            }
            _ => {}
        }
        vec![]
    }

    /// The focus just moved onto a field: an entry kept there (invalid) is replaced by the
    /// next key typed, as any prefilled value is.
    fn enter_field(&self, e: &mut Editor) {
        if let Some(id) = e.focused().map(|f| f.id.clone())
            && let Some(input) = e.inputs.get_mut(&id)
        {
            input.fresh = true;
            input.cursor = input.text.chars().count();
        }
    }

    fn go_step(&mut self, e: &mut Editor, by: i32) -> Vec<Effect> {
        self.leave_field(e);
        let i = Step::ALL.iter().position(|s| *s == e.step).unwrap_or(0) as i32;
        let next = (i + by).rem_euclid(Step::ALL.len() as i32) as usize;
        self.set_step(e, Step::ALL[next]);
        vec![]
    }

    fn set_step(&self, e: &mut Editor, step: Step) {
        e.step = step;
        e.focus = 0;
        e.entered = false;
        e.scroll = 0;
        self.rebuild(e);
    }

    /// Recomputes the evaluation and the fields of the current step.
    fn rebuild(&self, e: &mut Editor) {
        e.eval = evaluate_on(&e.plan, &self.catalog, self.today.max(e.plan.updated));
        let c = Ctx {
            catalog: &self.catalog,
            eval: &e.eval,
            lang: self.lang,
            today: self.today,
        };
        e.fields = fields::fields(e.step, &e.plan, &c);
        e.focus = e.focus.min(e.fields.len().saturating_sub(1));
        e.summary = (e.step == Step::Summary).then(|| {
            crate::report::build(
                &e.plan,
                &self.catalog,
                crate::report::Audience::Practitioner,
                self.lang,
            )
        });
    }

    /// Marks the plan changed: new evaluation, new fields, a draft to write.
    fn changed(&mut self, e: &mut Editor) {
        let id = e.focused().map(|f| f.id.clone());
        self.rebuild(e);
        if let Some(id) = id
            && let Some(pos) = e.fields.iter().position(|f| f.id == id)
        {
            e.focus = pos;
        }
        self.draft_due = true;
        self.status = None;
    }

    fn leave_field(&self, e: &mut Editor) {
        if let Some(id) = e.focused().map(|f| f.id.clone()) {
            // Valid text is now in the plan; invalid text stays, with its error.
            if e.inputs.get(&id).is_some_and(|i| i.error.is_none()) {
                e.inputs.remove(&id);
            }
        }
    }

    fn ctx<'a>(&'a self, eval: &'a Evaluation) -> Ctx<'a> {
        Ctx {
            catalog: &self.catalog,
            eval,
            lang: self.lang,
            today: self.today,
        }
    }

    fn type_into(&mut self, e: &mut Editor, action: Option<Action>, key: &KeyEvent) {
        let Some(field) = e.focused().cloned() else {
            return;
        };
        if action == Some(Action::Add)
            && let FieldId::LabValue(k)
            | FieldId::LabUnit(k)
            | FieldId::LabDate(k)
            | FieldId::LabLow(k)
            | FieldId::LabHigh(k) = &field.id
        {
            self.new_lab_result(e, k.clone());
            return;
        }
        let eval = e.eval.clone();
        let current = fields::value(&e.plan, &field.id, &self.ctx(&eval));
        let input = e
            .inputs
            .entry(field.id.clone())
            .or_insert_with(|| Input::new(current));
        if !input.edit(action, key) {
            return;
        }
        let text = input.text.clone();
        let result = match field.id {
            FieldId::Sessions | FieldId::Interval | FieldId::Start | FieldId::Maintenance => {
                self.protocol_field(e, &field.id, &text)
            }
            _ => fields::apply(&mut e.plan, &field.id, &text, &self.ctx(&eval)),
        };
        if let Some(input) = e.inputs.get_mut(&field.id) {
            input.error = result.err();
        }
        self.changed(e);
    }

    fn new_lab_result(&mut self, e: &mut Editor, analyte: Key) {
        let Some((m, i)) = fields::latest_lab(&e.plan, &self.catalog, &analyte) else {
            return;
        };
        let record = e.plan.modules.get_mut(m);
        let mut fresh = record.labs[i].clone();
        fresh.date = self.today.max(fresh.date);
        record.labs.push(fresh);
        for f in [
            FieldId::LabValue(analyte.clone()),
            FieldId::LabDate(analyte.clone()),
        ] {
            e.inputs.remove(&f);
        }
        self.changed(e);
        self.info(self.t(
            "New result added: enter its value",
            "Nouveau résultat ajouté : saisir sa valeur",
        ));
    }

    /// Edits of the protocol that rebuild the calendar (only while no session is done).
    fn protocol_field(&mut self, e: &mut Editor, id: &FieldId, text: &str) -> Result<(), String> {
        let Some(inj) = e.plan.injections.clone() else {
            return Err(self.t("choose a product first", "choisir d'abord un produit"));
        };
        let l = self.lang;
        let mut setup = ProtocolSetup {
            product: inj.product,
            sessions: inj.sessions_planned,
            interval_days: inj.interval_days,
            start: inj.start,
            zones: inj.zones.clone(),
            maintenance_months: inj.maintenance.as_ref().map(|m| m.every_months),
        };
        let whole = |text: &str, max: f64| -> Result<Option<u64>, String> {
            match fields::number(text, l)? {
                None => Ok(None),
                Some(v) if v.fract() == 0.0 && v >= 1.0 && v <= max => Ok(Some(v as u64)),
                Some(_) => Err(format!(
                    "{} 1 … {max}",
                    l.pick("a whole number", "un nombre entier")
                )),
            }
        };
        match id {
            FieldId::Sessions => {
                setup.sessions =
                    whole(text, 30.0)?.ok_or_else(|| self.t("required", "obligatoire"))? as u8
            }
            FieldId::Interval => {
                setup.interval_days =
                    whole(text, 365.0)?.ok_or_else(|| self.t("required", "obligatoire"))? as u16
            }
            FieldId::Maintenance => setup.maintenance_months = whole(text, 120.0)?.map(|m| m as u8),
            _ => {
                setup.start =
                    fields::parse_date(text, l)?.ok_or_else(|| self.t("required", "obligatoire"))?
            }
        }
        let began = inj
            .sessions
            .iter()
            .any(|s| s.status != SessionStatus::Planned);
        if began && matches!(id, FieldId::Start) && setup.start == inj.start {
            return Ok(());
        }
        if began && matches!(id, FieldId::Start) {
            return Err(self.t(
                "the series has begun: move session 1 instead",
                "la série a commencé : déplacer plutôt la séance 1",
            ));
        }
        let eval = e.eval.clone();
        e.plan
            .set_protocol(&setup, &self.catalog, &eval)
            .map_err(|err| err.message(l))?;
        if let Some(p) = e.plan.pricing.as_mut() {
            // From four sessions a package is offered, without touching the prices typed in.
            let fresh = default_pricing(setup.product, setup.sessions, &self.catalog, &self.config);
            if p.package_cents.is_none() && fresh.package_cents.is_some() && setup.sessions >= 4 {
                p.mode = fresh.mode;
                p.package_cents = fresh.package_cents;
            }
        }
        Ok(())
    }

    fn cycle(&mut self, e: &mut Editor, by: i32) {
        let Some(field) = e.focused().cloned() else {
            return;
        };
        let eval = e.eval.clone();
        let current = fields::value(&e.plan, &field.id, &self.ctx(&eval));
        let next = match &field.kind {
            Kind::Choice(options) if !options.is_empty() => {
                let i = options.iter().position(|(v, _)| *v == current).unwrap_or(0) as i32;
                options[(i + by).rem_euclid(options.len() as i32) as usize]
                    .0
                    .clone()
            }
            Kind::YesNo => {
                let order = ["", "yes", "no"];
                let i = order.iter().position(|v| *v == current).unwrap_or(0) as i32;
                order[(i + by).rem_euclid(3) as usize].to_owned()
            }
            Kind::Check => if current == "yes" { "no" } else { "yes" }.to_owned(),
            _ => return,
        };
        if field.id == FieldId::Product {
            self.set_product(e, &next);
            return;
        }
        if let Err(err) = fields::apply(&mut e.plan, &field.id, &next, &self.ctx(&eval)) {
            self.error(err);
            return;
        }
        self.changed(e);
    }

    fn set_product(&mut self, e: &mut Editor, word: &str) {
        let product = [Product::Exosomes, Product::Prp, Product::Combined]
            .into_iter()
            .find(|p| p.as_str() == word);
        let began = e.plan.injections.as_ref().is_some_and(|i| {
            i.sessions
                .iter()
                .any(|s| s.status != SessionStatus::Planned)
        });
        if began {
            match product {
                None => self.error(self.t(
                    "sessions were given: the protocol cannot be removed",
                    "des séances ont eu lieu : le protocole ne peut pas être retiré",
                )),
                Some(product) => {
                    // The series has begun: only the product changes, the calendar stays.
                    if let Some(inj) = e.plan.injections.as_mut() {
                        inj.product = product;
                    }
                    crate::domain::consent::align(&mut e.plan, &self.catalog);
                    self.changed(e);
                }
            }
            return;
        }
        let Some(inj) = &e.plan.injections else {
            self.replace_product(e, word);
            return;
        };
        // Values typed by hand (sessions, interval, maintenance, prices) are replaced by the
        // new product's defaults only after a yes.
        let defaults =
            ProtocolSetup::defaults(inj.product, inj.start, inj.zones.clone(), &self.catalog);
        let as_default = inj.sessions_planned == defaults.sessions
            && inj.interval_days == defaults.interval_days
            && inj.maintenance.as_ref().map(|m| m.every_months) == defaults.maintenance_months
            && e.plan.pricing.as_ref().is_none_or(|p| {
                *p == default_pricing(
                    inj.product,
                    inj.sessions_planned,
                    &self.catalog,
                    &self.config,
                )
            });
        if as_default {
            self.replace_product(e, word);
            return;
        }
        let question = match product {
            None => self.t(
                "Remove the injection protocol (sessions, prices, consent)?",
                "Retirer le protocole d'injections (séances, prix, consentement) ?",
            ),
            Some(p) => format!(
                "{} {}{}",
                self.t(
                    "The sessions, interval or prices were changed by hand. Replace them with the defaults of",
                    "Les séances, l'intervalle ou les prix ont été modifiés à la main. Les remplacer par les valeurs par défaut de"
                ),
                p.label(self.lang),
                self.lang.pick("?", " ?")
            ),
        };
        self.ask(Overlay::Confirm {
            question,
            pending: Pending::ReplaceProduct(word.to_owned()),
        });
    }

    /// Plans the series of `word`'s product with its own defaults (sessions, interval,
    /// maintenance, configured prices), keeping the start date and zones; "" removes it.
    fn replace_product(&mut self, e: &mut Editor, word: &str) {
        let product = [Product::Exosomes, Product::Prp, Product::Combined]
            .into_iter()
            .find(|p| p.as_str() == word);
        match product {
            None => {
                e.plan.injections = None;
                e.plan.pricing = None;
                crate::domain::consent::align(&mut e.plan, &self.catalog);
                e.plan
                    .followup
                    .checkpoints
                    .retain(|c| c.months_after_start.is_none() || c.done.is_some());
            }
            Some(product) => {
                let (start, zones) = match &e.plan.injections {
                    Some(inj) => (inj.start, inj.zones.clone()),
                    None => {
                        let treatable: Vec<Zone> = e
                            .plan
                            .assessment
                            .zones
                            .iter()
                            .filter(|z| {
                                z.follicular_openings
                                    && z.years_bald
                                        .is_none_or(|y| y.get() < self.catalog.gate.long_bald_years)
                            })
                            .map(|z| z.zone)
                            .collect();
                        let zones = if treatable.is_empty() {
                            vec![Zone::Vertex]
                        } else {
                            treatable
                        };
                        let start = self
                            .today
                            .checked_add(jiff::Span::new().days(7))
                            .unwrap_or(self.today);
                        (start, zones)
                    }
                };
                let setup = ProtocolSetup::defaults(product, start, zones, &self.catalog);
                let eval = e.eval.clone();
                if let Err(err) = e.plan.set_protocol(&setup, &self.catalog, &eval) {
                    self.error(err.message(self.lang));
                    return;
                }
                e.plan.pricing = Some(default_pricing(
                    product,
                    setup.sessions,
                    &self.catalog,
                    &self.config,
                ));
                crate::domain::consent::align(&mut e.plan, &self.catalog);
            }
        }
        self.changed(e);
    }

    fn decide(&mut self, e: &mut Editor, verdict: Verdict) {
        let Some(FieldId::Suggestion(i)) = e.focused().map(|f| f.id.clone()) else {
            return;
        };
        let Some(s) = e.eval.suggestions.get(i).cloned() else {
            return;
        };
        if s.status != SuggestionStatus::Pending {
            return;
        }
        e.plan.decide(&s, verdict, self.today, None, &self.catalog);
        self.changed(e);
    }

    /// Rejecting asks for an optional reason; the rejected suggestion stays listed.
    fn ask_reject(&mut self, e: &mut Editor) {
        let Some(FieldId::Suggestion(i)) = e.focused().map(|f| f.id.clone()) else {
            return;
        };
        if e.eval
            .suggestions
            .get(i)
            .is_none_or(|s| s.status != SuggestionStatus::Pending)
        {
            return;
        }
        self.overlay = Some(Overlay::Prompt(Prompt {
            kind: PromptKind::Reject(i),
            fields: vec![PromptField::text(
                self.t("Reason (optional)", "Motif (facultatif)"),
                String::new(),
            )],
            focus: 0,
            error: None,
        }));
    }

    fn undecide(&mut self, e: &mut Editor) {
        let Some(FieldId::Suggestion(i)) = e.focused().map(|f| f.id.clone()) else {
            return;
        };
        let Some(s) = e.eval.suggestions.get(i).cloned() else {
            return;
        };
        if s.status == SuggestionStatus::Pending {
            return;
        }
        e.plan.undecide(&s);
        self.changed(e);
        self.info(self.t(
            "The suggestion is offered again.",
            "La suggestion est de nouveau proposée.",
        ));
    }

    fn row_done(&mut self, e: &mut Editor) {
        match e.focused().map(|f| f.id.clone()) {
            Some(FieldId::Session(n)) => {
                let status = e
                    .plan
                    .injections
                    .as_ref()
                    .and_then(|i| i.sessions.iter().find(|s| s.number == n))
                    .map(|s| s.status);
                if status == Some(SessionStatus::Planned) {
                    self.overlay = Some(Overlay::Prompt(self.done_prompt(e, n)));
                }
            }
            Some(FieldId::Checkpoint(i)) => {
                if let Some(c) = e.plan.followup.checkpoints.get_mut(i) {
                    c.done = if c.done.is_some() {
                        None
                    } else {
                        Some(self.today)
                    };
                    self.changed(e);
                }
            }
            _ => {}
        }
    }

    fn done_prompt(&self, e: &Editor, n: u8) -> Prompt {
        let l = self.lang;
        let inj = e.plan.injections.as_ref();
        let zones = inj
            .map(|i| {
                i.zones
                    .iter()
                    .map(|z| z.label(l))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let product = inj.map(|i| i.product).unwrap_or(Product::Exosomes);
        let last_lot = inj
            .and_then(|i| i.sessions.iter().rev().find_map(|s| s.lot.clone()))
            .map(|l| l.to_string())
            .unwrap_or_default();
        let products = [Product::Exosomes, Product::Prp, Product::Combined]
            .into_iter()
            .map(|p| (p.as_str().to_owned(), p.label(l).to_owned()))
            .collect();
        let signed = e
            .plan
            .consent
            .iter()
            .any(|c| c.product == product && c.signed.is_some());
        let mut fields = vec![
            PromptField::text(self.t("Date", "Date"), fields::show_date(self.today, l)),
            PromptField::choice(
                self.t("Product", "Produit"),
                product.as_str().to_owned(),
                products,
            ),
            PromptField::text(self.t("Lot", "Lot"), last_lot),
            PromptField::text(self.t("Zones", "Zones"), zones),
            PromptField::text(self.t("Skin reaction", "Réaction cutanée"), String::new()),
            PromptField::text(self.t("Notes", "Notes"), String::new()),
            PromptField::choice(
                self.t(
                    "Shift later sessions by the delay",
                    "Décaler les suivantes d'autant",
                ),
                "no".to_owned(),
                vec![
                    ("no".to_owned(), self.t("no", "non")),
                    ("yes".to_owned(), self.t("yes", "oui")),
                ],
            ),
        ];
        let allowed = e.eval.eligibility.verdict.allows_injections();
        if !signed || !allowed {
            let label = match (signed, allowed) {
                (false, true) => self.t(
                    "Consent not signed: reason to go ahead",
                    "Consentement non signé : raison de passer outre",
                ),
                _ => format!(
                    "{} {}",
                    e.eval.eligibility.verdict.label(self.lang),
                    self.t(": reason to go ahead", " : raison de passer outre")
                ),
            };
            fields.push(PromptField::text(label, String::new()));
        }
        Prompt {
            kind: PromptKind::SessionDone(n),
            fields,
            focus: 0,
            error: None,
        }
    }

    fn session_prompt(&self, e: &Editor, n: u8, moving: bool) -> Prompt {
        let planned = e
            .plan
            .injections
            .as_ref()
            .and_then(|i| i.sessions.iter().find(|s| s.number == n))
            .map(|s| fields::show_date(s.planned, self.lang))
            .unwrap_or_default();
        if moving {
            Prompt {
                kind: PromptKind::SessionMove(n),
                fields: vec![PromptField::text(
                    self.t("New date, or +7 (days)", "Nouvelle date, ou +7 (jours)"),
                    planned,
                )],
                focus: 0,
                error: None,
            }
        } else {
            Prompt {
                kind: PromptKind::SessionCancel(n),
                fields: vec![PromptField::text(
                    self.t("Reason (optional)", "Motif (facultatif)"),
                    String::new(),
                )],
                focus: 0,
                error: None,
            }
        }
    }

    fn add(&mut self, e: &mut Editor) {
        match (e.step, e.focused().map(|f| f.id.clone())) {
            (Step::Injections, _) if e.plan.injections.is_some() => match e.plan.append_session() {
                Ok(n) => {
                    self.changed(e);
                    self.info(format!(
                        "{} {n}",
                        self.t("Added session", "Séance ajoutée :")
                    ));
                }
                Err(err) => self.error(err.message(self.lang)),
            },
            (Step::FollowUp, _) => {
                e.plan
                    .followup
                    .measurements
                    .push(crate::domain::plan::Measurement {
                        date: self.today,
                        kind: crate::domain::plan::MeasurementKind::PullTest,
                        region: Some(Zone::Vertex),
                        value: None,
                        // Stored language-neutral; shown in the interface language.
                        unit: crate::domain::plan::Unit::new("hairs").ok(),
                        path: None,
                        notes: None,
                    });
                self.changed(e);
                let last = e.plan.followup.measurements.len() - 1;
                if let Some(pos) = e
                    .fields
                    .iter()
                    .position(|f| f.id == FieldId::MeasValue(last))
                {
                    e.focus = pos;
                }
            }
            (_, Some(FieldId::LabValue(k))) => self.new_lab_result(e, k),
            _ => {}
        }
    }

    fn ask_remove_lab(&mut self, e: &mut Editor) {
        let Some(
            FieldId::LabValue(k)
            | FieldId::LabUnit(k)
            | FieldId::LabDate(k)
            | FieldId::LabLow(k)
            | FieldId::LabHigh(k),
        ) = e.focused().map(|f| f.id.clone())
        else {
            return;
        };
        if fields::latest_lab(&e.plan, &self.catalog, &k).is_none() {
            return;
        }
        let name = self
            .catalog
            .analytes
            .get(&k)
            .map_or_else(|| k.to_string(), |a| a.name.get(self.lang).to_owned());
        self.ask(Overlay::Confirm {
            question: format!(
                "{} {name}{}",
                self.t(
                    "Remove the latest result of",
                    "Retirer le dernier résultat de"
                ),
                self.lang.pick("?", " ?")
            ),
            pending: Pending::RemoveLab(k),
        });
    }

    fn remove_lab(&mut self, e: &mut Editor, k: Key) {
        if let Some((m, i)) = fields::latest_lab(&e.plan, &self.catalog, &k) {
            let record = e.plan.modules.get_mut(m);
            let removed = record.labs.remove(i);
            e.inputs.retain(|id, _| !matches!(id, FieldId::LabValue(x) | FieldId::LabUnit(x) | FieldId::LabDate(x) | FieldId::LabLow(x) | FieldId::LabHigh(x) if *x == k));
            self.changed(e);
            self.info(format!(
                "{} {} {}",
                self.t("Removed the result of", "Résultat retiré :"),
                removed.analyte,
                fields::show_date(removed.date, self.lang)
            ));
        }
    }

    fn ask_remove_action(&mut self, e: &mut Editor) {
        if let Some(FieldId::ActionRow(section, i)) = e.focused().map(|f| f.id.clone())
            && let Some(a) = fields::actions_of(&e.plan, section).get(i)
        {
            let label = a.label.as_ref().map_or_else(
                || {
                    self.catalog.actions.get(&a.action).map_or_else(
                        || a.action.to_string(),
                        |c| c.text.get(self.lang).to_owned(),
                    )
                },
                |l| l.to_string(),
            );
            self.ask(Overlay::Confirm {
                question: format!(
                    "{} « {label} »{}",
                    self.t("Remove the action", "Retirer l'action"),
                    self.lang.pick("?", " ?")
                ),
                pending: Pending::RemoveAction(section, i),
            });
        }
    }

    fn save(&mut self, e: &mut Editor) -> Vec<Effect> {
        if let Some((id, input)) = e.inputs.iter().find(|(_, i)| i.error.is_some()) {
            let label = e
                .fields
                .iter()
                .find(|f| &f.id == id)
                .map_or_else(String::new, |f| f.label.clone());
            self.error(format!(
                "{} {label}: {}",
                self.t("Not saved: fix", "Non enregistré : corriger"),
                input.error.clone().unwrap_or_default()
            ));
            self.quit_after_save = false;
            self.leave_after_save = false;
            return vec![];
        }
        if fields::is_placeholder(e.plan.patient.name.as_str()) {
            self.error(self.t(
                "Not saved: enter the patient's name first",
                "Non enregistré : saisir d'abord le nom du patient",
            ));
            self.quit_after_save = false;
            self.leave_after_save = false;
            return vec![];
        }
        // The plan has reached another status: asked once, never silent.
        if let Some(next) = crate::domain::lifecycle::suggested_status(&e.plan)
            && e.status_asked != Some(next)
        {
            e.status_asked = Some(next);
            let question = match next {
                crate::domain::plan::Status::Completed => self.t(
                    "The last session is done: mark the plan completed?",
                    "La dernière séance est faite : passer le plan en « terminé » ?",
                ),
                _ => self.t(
                    "The consent is signed and the sessions are planned: mark the plan active (it leaves the draft stage)?",
                    "Le consentement est signé et les séances prévues : passer le plan « en cours » (il quitte le brouillon) ?",
                ),
            };
            self.ask(Overlay::Confirm {
                question,
                pending: Pending::Status(next),
            });
            return vec![];
        }
        vec![Effect::Save {
            overwrite: false,
            as_copy: false,
        }]
    }

    fn overlay_key(&mut self, action: Option<Action>, key: &KeyEvent) -> Vec<Effect> {
        let Some(overlay) = self.overlay.take() else {
            return vec![];
        };
        let back = action == Some(Action::Back);
        match overlay {
            Overlay::Help(_) | Overlay::Message(_) => {
                if !(back || key.code == KeyCode::Enter) {
                    self.overlay = Some(overlay);
                }
                vec![]
            }
            Overlay::Prompt(prompt) => self.prompt_key(prompt, action, key),
            other => {
                let (choices, _) = other.choices();
                let len = choices.len().max(1);
                match action {
                    Some(Action::Left) => self.choice = (self.choice + len - 1) % len,
                    Some(Action::Right) => self.choice = (self.choice + 1) % len,
                    Some(Action::Activate) => {
                        let Some(&choice) = choices.get(self.choice.min(len - 1)) else {
                            return vec![];
                        };
                        return self.answer(other, choice);
                    }
                    Some(Action::Back) => {
                        if let Overlay::DiscardPrompt(p) = other {
                            self.overlay = Some(Overlay::Prompt(*p));
                        }
                        return vec![];
                    }
                    _ => {}
                }
                self.overlay = Some(other);
                vec![]
            }
        }
    }

    /// Carries out the answer to a dialog.
    fn answer(&mut self, overlay: Overlay, choice: Choice) -> Vec<Effect> {
        match (overlay, choice) {
            (
                Overlay::ConfirmPlan {
                    action: PlanAction::Duplicate,
                    id,
                    ..
                },
                Choice::Yes,
            ) => vec![Effect::Duplicate(id), Effect::ListPlans],
            (Overlay::ConfirmPlan { id, .. }, Choice::Yes) => {
                vec![Effect::Archive(id), Effect::ListPlans]
            }
            (Overlay::Conflicts, Choice::Resolve(side)) => {
                let Screen::Editor(mut e) =
                    std::mem::replace(&mut self.screen, Screen::Home(Home::default()))
                else {
                    return vec![];
                };
                match crate::domain::merge::resolve(&e.plan, 0, side) {
                    Ok(plan) => {
                        e.plan = plan;
                        self.changed(&mut e);
                        if e.plan.conflicts.is_empty() {
                            self.info(self.t(
                                "Every conflict is settled: Ctrl-S saves the plan.",
                                "Tous les conflits sont réglés : Ctrl-S enregistre le plan.",
                            ));
                        } else {
                            self.ask(Overlay::Conflicts);
                        }
                    }
                    Err(m) => self.error(m),
                }
                self.screen = Screen::Editor(e);
                vec![]
            }
            (Overlay::ConfirmQuit, Choice::SaveAndLeave) => {
                self.quit_after_save = true;
                self.save_from_state()
            }
            (Overlay::ConfirmQuit, Choice::DiscardAndLeave) => {
                vec![Effect::DiscardDraft(None), Effect::Quit]
            }
            (Overlay::ConfirmLeave, Choice::SaveAndLeave) => {
                self.leave_after_save = true;
                self.save_from_state()
            }
            (Overlay::ConfirmLeave, Choice::DiscardAndLeave) => vec![
                Effect::DiscardDraft(None),
                Effect::CloseEditor,
                Effect::ListPlans,
            ],
            // Reloading drops the edits made here, and so their draft.
            (Overlay::Conflict, Choice::Reload) => self
                .editor()
                .map(|e| {
                    vec![
                        Effect::DiscardDraft(None),
                        Effect::Reload(e.plan.id.clone()),
                    ]
                })
                .unwrap_or_default(),
            (Overlay::Conflict, Choice::SaveAsCopy) => vec![Effect::Save {
                overwrite: false,
                as_copy: true,
            }],
            (Overlay::Conflict, Choice::Overwrite) => vec![Effect::Save {
                overwrite: true,
                as_copy: false,
            }],
            (Overlay::Recover(drafts), Choice::Recover) => drafts
                .first()
                .map(|d| vec![Effect::RecoverDraft(d.path.clone())])
                .unwrap_or_default(),
            (Overlay::Recover(mut drafts), Choice::DiscardDraft) if !drafts.is_empty() => {
                let first = drafts.remove(0);
                if !drafts.is_empty() {
                    self.ask(Overlay::Recover(drafts));
                }
                vec![Effect::DiscardDraft(Some(first.path))]
            }
            (Overlay::DiscardPrompt(p), Choice::KeepEditing) => {
                self.overlay = Some(Overlay::Prompt(*p));
                vec![]
            }
            (
                Overlay::Confirm {
                    pending: Pending::Status(status),
                    ..
                },
                choice,
            ) if matches!(choice, Choice::Yes | Choice::No) => {
                if choice == Choice::Yes {
                    self.with_editor(|app, e| {
                        e.plan.status = status;
                        app.changed(e);
                    });
                }
                self.save_from_state()
            }
            (Overlay::Confirm { pending, .. }, Choice::Yes) => {
                self.with_editor(|app, e| app.carry_pending(e, pending));
                vec![]
            }
            (Overlay::Print { .. }, Choice::Print(doc)) => vec![Effect::Print(doc)],
            _ => vec![],
        }
    }

    fn prompt_key(
        &mut self,
        mut prompt: Prompt,
        action: Option<Action>,
        key: &KeyEvent,
    ) -> Vec<Effect> {
        let n = prompt.fields.len().max(1);
        match action {
            Some(Action::Back) => {
                if prompt.touched() {
                    self.ask(Overlay::DiscardPrompt(Box::new(prompt)));
                }
                return vec![];
            }
            Some(Action::Activate) => return self.submit_prompt(prompt),
            Some(Action::NextField) | Some(Action::PrevField) => {
                prompt.focus = if action == Some(Action::NextField) {
                    (prompt.focus + 1) % n
                } else {
                    (prompt.focus + n - 1) % n
                };
                if let Some(f) = prompt.fields.get_mut(prompt.focus) {
                    f.input.fresh = true;
                    f.input.cursor = f.input.text.chars().count();
                }
            }
            other => {
                if let Some(f) = prompt.fields.get_mut(prompt.focus) {
                    if f.options.is_empty() {
                        if other == Some(Action::Clear) {
                            f.input.text.clear();
                            f.input.cursor = 0;
                            f.input.fresh = false;
                        } else {
                            // Space is a letter in a text field.
                            let other = if other == Some(Action::Toggle) {
                                None
                            } else {
                                other
                            };
                            f.input.edit(other, key);
                        }
                    } else {
                        let by: i32 = match other {
                            Some(Action::Toggle) | Some(Action::Right) => 1,
                            Some(Action::Left) => -1,
                            _ => 0,
                        };
                        if by != 0 {
                            let len = f.options.len() as i32;
                            let i = f
                                .options
                                .iter()
                                .position(|(v, _)| *v == f.input.text)
                                .unwrap_or(0) as i32;
                            f.input.text = f.options[(i + by).rem_euclid(len) as usize].0.clone();
                        }
                    }
                }
            }
        }
        self.overlay = Some(Overlay::Prompt(prompt));
        vec![]
    }

    /// Runs `f` on the open editor (nothing when none is open).
    fn with_editor(&mut self, f: impl FnOnce(&mut App, &mut Editor)) {
        if let Screen::Editor(mut e) =
            std::mem::replace(&mut self.screen, Screen::Home(Home::default()))
        {
            f(self, &mut e);
            self.screen = Screen::Editor(e);
        }
    }

    fn carry_pending(&mut self, e: &mut Editor, pending: Pending) {
        match pending {
            Pending::RemoveAction(section, i) => {
                let actions = fields::actions_of_mut(&mut e.plan, section);
                if i < actions.len() {
                    actions.remove(i);
                    self.changed(e);
                }
            }
            Pending::RemoveLab(k) => self.remove_lab(e, k),
            Pending::ReplaceProduct(word) => self.replace_product(e, &word),
            Pending::Status(status) => {
                e.plan.status = status;
                self.changed(e);
            }
        }
    }

    fn save_from_state(&mut self) -> Vec<Effect> {
        let Screen::Editor(mut e) =
            std::mem::replace(&mut self.screen, Screen::Home(Home::default()))
        else {
            return vec![];
        };
        let effects = self.save(&mut e);
        self.screen = Screen::Editor(e);
        effects
    }

    fn submit_prompt(&mut self, mut prompt: Prompt) -> Vec<Effect> {
        let Screen::Editor(mut e) =
            std::mem::replace(&mut self.screen, Screen::Home(Home::default()))
        else {
            return vec![];
        };
        let result = self.apply_prompt(&mut e, &prompt);
        match result {
            Ok(()) => self.changed(&mut e),
            Err(err) => {
                prompt.error = Some(err);
                self.overlay = Some(Overlay::Prompt(prompt));
            }
        }
        self.screen = Screen::Editor(e);
        vec![]
    }

    fn apply_prompt(&mut self, e: &mut Editor, prompt: &Prompt) -> Result<(), String> {
        let l = self.lang;
        let field = |i: usize| prompt.fields.get(i).map_or("", |f| f.input.text.trim());
        let required_date = |text: &str| -> Result<Date, String> {
            fields::parse_date(text, l)?.ok_or_else(|| {
                l.pick("a date is needed", "une date est nécessaire")
                    .to_owned()
            })
        };
        let text = |s: &str| {
            if s.is_empty() {
                Ok(None)
            } else {
                Text::new(s).map(Some).map_err(|err| err.message(l))
            }
        };
        let prose = |s: &str| {
            if s.is_empty() {
                Ok(None)
            } else {
                Prose::new(s).map(Some).map_err(|err| err.message(l))
            }
        };
        match prompt.kind {
            PromptKind::SessionMove(n) => {
                // A date, or a number of days from the planned date: +7, -3.
                let typed = field(0);
                let relative = typed
                    .strip_prefix('+')
                    .map(|d| d.trim().parse::<i64>())
                    .or_else(|| {
                        typed
                            .strip_prefix('-')
                            .map(|d| d.trim().parse::<i64>().map(|v| -v))
                    });
                let to: Date = match relative {
                    Some(Ok(days)) => {
                        let planned = e
                            .plan
                            .injections
                            .as_ref()
                            .and_then(|i| i.sessions.iter().find(|s| s.number == n))
                            .map(|s| s.planned)
                            .ok_or_else(|| self.t("no such session", "séance introuvable"))?;
                        // Any number can be typed: beyond jiff's range is out of the calendar.
                        jiff::Span::new()
                            .try_days(days)
                            .ok()
                            .and_then(|span| planned.checked_add(span).ok())
                            .ok_or_else(|| self.t("too far", "trop loin"))?
                    }
                    _ => required_date(typed)?,
                };
                e.plan.move_session(n, to).map_err(|err| err.message(l))
            }
            PromptKind::SessionCancel(n) => {
                let reason = prose(field(0))?;
                e.plan
                    .cancel_session(n, reason)
                    .map_err(|err| err.message(l))
            }
            PromptKind::Reject(i) => {
                let reason = text(field(0))?;
                let Some(s) = e.eval.suggestions.get(i).cloned() else {
                    return Ok(());
                };
                e.plan
                    .decide(&s, Verdict::Rejected, self.today, reason, &self.catalog);
                Ok(())
            }
            PromptKind::SessionDone(n) => {
                let date = required_date(field(0))?;
                if date > self.today {
                    return Err(self.t(
                        "a session cannot be done in the future",
                        "une séance ne peut pas être faite dans le futur",
                    ));
                }
                let product = [Product::Exosomes, Product::Prp, Product::Combined]
                    .into_iter()
                    .find(|p| p.as_str() == field(1));
                let zones: Vec<Zone> = {
                    let wanted: Vec<String> = field(3)
                        .split(',')
                        .map(|z| z.trim().to_lowercase())
                        .filter(|z| !z.is_empty())
                        .collect();
                    Zone::ALL
                        .into_iter()
                        .filter(|z| {
                            wanted
                                .iter()
                                .any(|w| *w == z.label(l).to_lowercase() || w == z.as_str())
                        })
                        .collect()
                };
                let shift = field(6) == "yes";
                // A patient the gate refers to a doctor, or finds not eligible, is injected
                // only with the practitioner's stated reason, kept with the session.
                if !e.eval.eligibility.verdict.allows_injections() && field(7).trim().is_empty() {
                    return Err(format!(
                        "{} {}",
                        e.eval.eligibility.verdict.label(l),
                        self.t(
                            "— no injection without a reason to go ahead (last field)",
                            "— pas d'injection sans la raison de passer outre (dernier champ)",
                        )
                    ));
                }
                let record = SessionRecord {
                    date,
                    product,
                    lot: text(field(2))?,
                    zones,
                    reaction: text(field(4))?,
                    notes: prose(field(5))?,
                    consent_override: text(field(7))?,
                };
                e.plan
                    .mark_session_done(n, record, shift)
                    .map_err(|err| err.message(l))
            }
        }
    }

    fn mouse(&mut self, m: MouseEvent) -> Vec<Effect> {
        if self.overlay.is_some() || !matches!(m.kind, MouseEventKind::Down(MouseButton::Left)) {
            return vec![];
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

/// A blank plan, as `trichoplan new` opens it.
pub fn new_plan(id: PlanId, today: Date, lang: Lang, config: &Config) -> Option<Plan> {
    use crate::domain::plan::{Assessment, FollowUp, History, Modules, Patient, Sex};
    Some(Plan {
        schema: Schema::CURRENT,
        id,
        status: Status::Draft,
        language: lang,
        created: today,
        updated: today,
        revision: 0,
        practitioner: config.practitioner.clone(),
        patient: Patient {
            name: Text::new(lang.pick(fields::NEW_PATIENT_EN, fields::NEW_PATIENT_FR)).ok()?,
            birth_year: None,
            birth_date: None,
            sex: Sex::Female,
            contact: None,
            history: History::default(),
        },
        assessment: Assessment::default(),
        modules: Modules::default(),
        injections: None,
        followup: FollowUp::default(),
        pricing: None,
        consent: Default::default(),
        notes: None,
        patient_note: None,
        removed: Vec::new(),
        revisions: Vec::new(),
        conflicts: Vec::new(),
    })
}
