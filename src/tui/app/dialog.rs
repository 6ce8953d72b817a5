//! Dialogs: questions with answers chosen by arrows, and small forms (prompts).

use std::path::PathBuf;

use jiff::civil::Date;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::domain::plan::{Product, Verdict};
use crate::domain::schedule::SessionRecord;
use crate::domain::{Key, Lang, PlanId, Text};
use crate::tui::form::dialogs::Values;
use crate::tui::form::kinds::When;
use crate::tui::form::{self, Ctx, Field};
use crate::tui::keys::{Action, Context};

use super::*;

/// One field of a dialog's form: a field of `form::dialogs`, with the text typed into it
/// (for a choice, the chosen value; Space and the arrows change it, letters do nothing).
#[derive(Debug, Clone, PartialEq)]
pub struct PromptField {
    pub field: Field<Values>,
    pub input: Input,
    /// The text the field opened with, to tell whether the user typed something.
    pub initial: String,
}

impl PromptField {
    pub fn label(&self) -> &str {
        &self.field.label
    }

    /// The text shown: the typed text, or the label of the chosen option.
    pub fn shown(&self, lang: Lang) -> String {
        self.field
            .kind
            .shown(&self.input.text, lang)
            .unwrap_or_else(|| self.input.text.clone())
    }
}

/// A small form in a dialog (a session done, moved, cancelled; a suggestion rejected).
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub fields: Vec<PromptField>,
    pub focus: usize,
    pub error: Option<String>,
    /// What the fields hold, parsed: applied to the plan when the dialog is confirmed.
    pub values: Values,
}

impl Prompt {
    /// A dialog of these fields, opened on the first one, each showing its value.
    pub fn new(
        kind: PromptKind,
        (fields, values): (Vec<Field<Values>>, Values),
        c: &Ctx,
    ) -> Prompt {
        let fields = fields
            .into_iter()
            .map(|field| {
                let text = field.read(&values, c);
                PromptField {
                    field,
                    initial: text.clone(),
                    input: Input::new(text),
                }
            })
            .collect();
        Prompt {
            kind,
            fields,
            focus: 0,
            error: None,
            values,
        }
    }

    /// True when the user changed something: Esc then asks before throwing it away.
    pub fn touched(&self) -> bool {
        self.fields.iter().any(|f| f.input.text != f.initial)
    }

    /// Writes the focused field's text into the values, or keeps the reason it cannot be.
    fn write_focused(&mut self, c: &Ctx) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.input.error = f.field.write(&mut self.values, &f.input.text, c).err();
        }
        self.error = None;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    SessionDone(u8),
    SessionMove(u8),
    SessionCancel(u8),
    /// Rejecting the suggestion of this index, with an optional reason.
    Reject(usize),
    /// The settings of `config.yaml`: practitioner, language, prices.
    Settings,
}

pub use crate::service::{Format, PrintDoc, PrintTo};

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
    /// Where the document chosen goes.
    PrintTo(PrintTo),
}

/// The evaluation the fields of a dialog see when no plan is open (the settings dialog's
/// fields do not look at it).
fn no_plan() -> crate::domain::evaluate::Evaluation {
    use crate::domain::evaluate::{Eligibility, EligibilityVerdict, Evaluation};
    Evaluation {
        eligibility: Eligibility {
            verdict: EligibilityVerdict::Eligible,
            reasons: Vec::new(),
        },
        referrals: Vec::new(),
        mentions: Vec::new(),
        unanswered: Vec::new(),
        findings: Vec::new(),
        suggestions: Vec::new(),
        warnings: Vec::new(),
    }
}

/// A leftover recovery draft, as offered at start.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftInfo {
    pub path: PathBuf,
    pub patient: String,
    /// When the draft was written, in local time (the loop knows the time zone).
    pub saved_at: jiff::civil::DateTime,
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
    /// Where the document goes: a file (PDF, HTML, text) in the printouts folder, or the PDF
    /// to the printer when one is set up (`printer`).
    PrintTo {
        doc: PrintDoc,
        printer: Option<String>,
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
            // A file first (nothing leaves the machine), the printer when there is one.
            Overlay::PrintTo { printer, .. } => {
                let mut v = vec![C::PrintTo(PrintTo::File(Format::Pdf))];
                if printer.is_some() {
                    v.push(C::PrintTo(PrintTo::Printer));
                }
                v.extend([
                    C::PrintTo(PrintTo::File(Format::Html)),
                    C::PrintTo(PrintTo::File(Format::Text)),
                    C::No,
                ]);
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
                } => lang.pick(
                    "Change the status and save",
                    "Changer le statut et enregistrer",
                ),
                _ => lang.pick("Remove", "Retirer"),
            },
            C::No => match overlay {
                Overlay::Confirm {
                    pending: Pending::Status(_),
                    ..
                } => lang.pick("Keep it and save", "Le garder et enregistrer"),
                _ => lang.pick("Cancel", "Annuler"),
            },
            C::SaveAndLeave => match overlay {
                Overlay::ConfirmLeave => lang.pick(
                    "Save, then back to the list",
                    "Enregistrer, puis revenir à la liste",
                ),
                _ => lang.pick("Save, then quit", "Enregistrer, puis quitter"),
            },
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
            C::Print(doc) => doc.label(lang),
            C::PrintTo(PrintTo::File(Format::Pdf)) => lang.pick("PDF file", "Fichier PDF"),
            C::PrintTo(PrintTo::Printer) => lang.pick("PDF to the printer", "PDF à l'imprimante"),
            C::PrintTo(PrintTo::File(Format::Html)) => lang.pick("HTML file", "Fichier HTML"),
            C::PrintTo(PrintTo::File(Format::Text)) => lang.pick("Text file", "Fichier texte"),
        }
    }
}

impl App {
    pub(super) fn done_prompt(&self, e: &Editor, n: u8) -> Prompt {
        let product = e
            .plan
            .injections
            .as_ref()
            .map_or(Product::Exosomes, |i| i.product);
        let signed = e
            .plan
            .consent
            .iter()
            .any(|c| c.product == product && c.signed.is_some());
        let allowed = e.eval.eligibility.verdict.allows_injections();
        let go_ahead = (!signed || !allowed).then(|| match (signed, allowed) {
            (false, true) => self.t(
                "Consent not signed: reason to go ahead",
                "Consentement non signé : raison de passer outre",
            ),
            _ => format!(
                "{} {}",
                e.eval.eligibility.verdict.label(self.lang),
                self.t(": reason to go ahead", " : raison de passer outre")
            ),
        });
        let c = self.ctx(&e.eval);
        Prompt::new(
            PromptKind::SessionDone(n),
            form::dialogs::session_done(&e.plan, &c, go_ahead),
            &c,
        )
    }

    pub(super) fn session_prompt(&self, e: &Editor, n: u8, moving: bool) -> Prompt {
        let c = self.ctx(&e.eval);
        if moving {
            let planned = e
                .plan
                .injections
                .as_ref()
                .and_then(|i| i.sessions.iter().find(|s| s.number == n))
                .map(|s| s.planned);
            Prompt::new(
                PromptKind::SessionMove(n),
                form::dialogs::session_move(planned, &c),
                &c,
            )
        } else {
            Prompt::new(PromptKind::SessionCancel(n), form::dialogs::reason(&c), &c)
        }
    }

    /// Opens the settings dialog over whatever is shown, on the settings in force.
    pub(super) fn open_settings(&mut self) {
        let eval = self.editor().map_or_else(no_plan, |e| e.eval.clone());
        let c = self.ctx(&eval);
        let prompt = Prompt::new(
            PromptKind::Settings,
            form::dialogs::settings(&self.config, &c),
            &c,
        );
        self.overlay = Some(Overlay::Prompt(prompt));
    }

    /// The settings dialog confirmed: the settings as typed go to be written. The dialog
    /// stays open until they are (`settings_saved`), or with the reason they are not.
    fn submit_settings(&mut self, mut prompt: Prompt) -> Vec<Effect> {
        let result = match refused_field(&mut prompt, self.lang) {
            Some(err) => Err(err),
            None => prompt.values.settings.apply(&self.config, self.lang),
        };
        let effects = match result {
            Ok(config) => vec![Effect::SaveConfig(Box::new(config))],
            Err(err) => {
                prompt.error = Some(err);
                vec![]
            }
        };
        self.overlay = Some(Overlay::Prompt(prompt));
        effects
    }

    /// The settings were written: they are in force from now on. A plan never saved takes
    /// the new practitioner (it is a new plan); a saved plan keeps the one it was signed by,
    /// and one without prints the settings' practitioner.
    pub(super) fn settings_saved(&mut self, config: crate::domain::config::Config) {
        if matches!(&self.overlay, Some(Overlay::Prompt(p)) if p.kind == PromptKind::Settings) {
            self.overlay = None;
        }
        let practitioner = config.practitioner.clone();
        self.config = config;
        let mut kept = false;
        self.with_editor(|app, e| {
            if e.saved.is_none() {
                if e.plan.practitioner != practitioner {
                    e.plan.practitioner = practitioner.clone();
                    if let Some(b) = e.blank.as_mut() {
                        b.practitioner = practitioner.clone();
                    }
                    app.changed(e);
                }
            } else {
                kept = e.plan.practitioner.is_some() && e.plan.practitioner != practitioner;
            }
        });
        let mut text = self.t(
            "Settings saved in config.yaml",
            "Réglages enregistrés dans config.yaml",
        );
        if kept {
            text.push_str(&self.t(
                " — this plan keeps the practitioner it was signed by",
                " — ce plan garde le praticien qui l'a signé",
            ));
        }
        self.info(text);
    }

    /// The settings could not be written: the dialog stays, with the reason.
    pub(super) fn settings_refused(&mut self, text: &str) {
        if let Some(Overlay::Prompt(p)) = self.overlay.as_mut()
            && p.kind == PromptKind::Settings
        {
            p.error = Some(text.to_owned());
        }
    }

    pub(super) fn overlay_key(&mut self, action: Option<Action>, key: &KeyEvent) -> Vec<Effect> {
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
    pub(super) fn answer(&mut self, overlay: Overlay, choice: Choice) -> Vec<Effect> {
        match (overlay, choice) {
            (
                Overlay::ConfirmPlan {
                    action: PlanAction::Duplicate,
                    id,
                    ..
                },
                Choice::Yes,
            ) => vec![Effect::Duplicate(id), Effect::ListPlans],
            (
                Overlay::ConfirmPlan {
                    action: PlanAction::Restore,
                    id,
                    ..
                },
                Choice::Yes,
            ) => vec![Effect::Restore(id), Effect::ListPlans],
            (Overlay::ConfirmPlan { id, .. }, Choice::Yes) => {
                vec![Effect::Archive(id), Effect::ListPlans]
            }
            (Overlay::Conflicts, Choice::Resolve(side)) => {
                self.with_editor(
                    |app, e| match crate::domain::merge::resolve(&e.plan, 0, side) {
                        Ok(plan) => {
                            e.plan = plan;
                            app.changed(e);
                            if e.plan.conflicts.is_empty() {
                                app.info(app.t(
                                    "Every conflict is settled: Ctrl-S saves the plan.",
                                    "Tous les conflits sont réglés : Ctrl-S enregistre le plan.",
                                ));
                            } else {
                                app.ask(Overlay::Conflicts);
                            }
                        }
                        Err(m) => app.error(m),
                    },
                );
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
            // The document chosen, then where it goes.
            (Overlay::Print { .. }, Choice::Print(doc)) => {
                self.ask(Overlay::PrintTo {
                    doc,
                    printer: self.printer.clone(),
                });
                vec![]
            }
            (Overlay::PrintTo { doc, .. }, Choice::PrintTo(to)) => vec![Effect::Print { doc, to }],
            _ => vec![],
        }
    }

    /// A key in a dialog's form: the same editing as in a step's field (the same `Input`,
    /// Ctrl-U, Tab), choices turned with Space and the arrows, Esc asking before throwing
    /// typed text away.
    pub(super) fn prompt_key(
        &mut self,
        mut prompt: Prompt,
        action: Option<Action>,
        key: &KeyEvent,
    ) -> Vec<Effect> {
        let n = prompt.fields.len().max(1);
        // The settings dialog opens without a plan too.
        let eval = match self.editor() {
            Some(e) => e.eval.clone(),
            None if prompt.kind == PromptKind::Settings => no_plan(),
            None => return vec![],
        };
        let c = self.ctx(&eval);
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
                    let changed = if f.field.kind.typed() {
                        if other == Some(Action::Clear) {
                            f.input.text.clear();
                            f.input.cursor = 0;
                            f.input.fresh = false;
                            true
                        } else {
                            // Space is a letter in a text field.
                            let other = if other == Some(Action::Toggle) {
                                None
                            } else {
                                other
                            };
                            f.input.edit(other, key)
                        }
                    } else {
                        let by: i32 = match other {
                            Some(Action::Toggle) | Some(Action::Right) => 1,
                            Some(Action::Left) => -1,
                            _ => 0,
                        };
                        match f.field.kind.turn(&f.input.text, by).filter(|_| by != 0) {
                            Some(next) => {
                                f.input = Input::new(next);
                                true
                            }
                            None => false,
                        }
                    };
                    if changed {
                        prompt.write_focused(&c);
                    }
                }
            }
        }
        self.overlay = Some(Overlay::Prompt(prompt));
        vec![]
    }

    /// Runs `f` on the open editor and returns what it returns (the default when no editor
    /// is open). Any other screen is put back as it was: the plan list keeps its rows and
    /// filter.
    pub(super) fn with_editor<R: Default>(
        &mut self,
        f: impl FnOnce(&mut App, &mut Editor) -> R,
    ) -> R {
        match std::mem::replace(&mut self.screen, Screen::Home(Home::default())) {
            Screen::Editor(mut e) => {
                let out = f(self, &mut e);
                self.screen = Screen::Editor(e);
                out
            }
            other => {
                self.screen = other;
                R::default()
            }
        }
    }

    pub(super) fn carry_pending(&mut self, e: &mut Editor, pending: Pending) {
        match pending {
            Pending::RemoveAction(section, i) => {
                let actions = form::actions_of_mut(&mut e.plan, section);
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

    pub(super) fn save_from_state(&mut self) -> Vec<Effect> {
        self.with_editor(|app, e| app.save(e))
    }

    pub(super) fn submit_prompt(&mut self, mut prompt: Prompt) -> Vec<Effect> {
        if prompt.kind == PromptKind::Settings {
            return self.submit_settings(prompt);
        }
        self.with_editor(|app, e| {
            // A field refused: the dialog stays, on that field, with its reason.
            let result = match refused_field(&mut prompt, app.lang) {
                Some(err) => Err(err),
                None => app.apply_prompt(e, &prompt),
            };
            match result {
                Ok(()) => app.changed(e),
                Err(err) => {
                    prompt.error = Some(err);
                    app.overlay = Some(Overlay::Prompt(prompt));
                }
            }
        });
        vec![]
    }

    /// Applies a confirmed dialog's values to the plan.
    pub(super) fn apply_prompt(&mut self, e: &mut Editor, prompt: &Prompt) -> Result<(), String> {
        let l = self.lang;
        let v = &prompt.values;
        match prompt.kind {
            // Written to config.yaml, not to the plan (`submit_settings`).
            PromptKind::Settings => Ok(()),
            PromptKind::SessionMove(n) => {
                let to: Date = match v.move_to {
                    None => {
                        return Err(l
                            .pick("a date is needed", "une date est nécessaire")
                            .to_owned());
                    }
                    Some(When::On(d)) => d,
                    // A number of days from the planned date: +7, -3.
                    Some(When::Days(days)) => {
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
                };
                e.plan.move_session(n, to).map_err(|err| err.message(l))
            }
            PromptKind::SessionCancel(n) => e
                .plan
                .cancel_session(n, v.reason.clone())
                .map_err(|err| err.message(l)),
            PromptKind::Reject(i) => {
                let reason = v
                    .reason
                    .as_ref()
                    .map(|r| Text::new(r.to_string()))
                    .transpose()
                    .map_err(|err| err.message(l))?;
                let Some(s) = e.eval.suggestions.get(i).cloned() else {
                    return Ok(());
                };
                e.plan
                    .decide(&s, Verdict::Rejected, self.today, reason, &self.catalog);
                Ok(())
            }
            PromptKind::SessionDone(n) => {
                let date = v.date.ok_or_else(|| {
                    l.pick("a date is needed", "une date est nécessaire")
                        .to_owned()
                })?;
                // A patient the gate refers to a doctor, or finds not eligible, is injected
                // only with the practitioner's stated reason, kept with the session.
                if !e.eval.eligibility.verdict.allows_injections() && v.consent_override.is_none() {
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
                    product: v.product,
                    lot: v.lot.clone(),
                    zones: v.zones.clone(),
                    reaction: v.reaction.clone(),
                    notes: v.notes.clone(),
                    consent_override: v.consent_override.clone(),
                };
                e.plan
                    .mark_session_done(n, record, v.shift)
                    .map_err(|err| err.message(l))
            }
        }
    }
}

/// The first field of a dialog holding a refused value: the focus goes to it, and its reason
/// is returned, after its label.
fn refused_field(prompt: &mut Prompt, lang: Lang) -> Option<String> {
    let i = prompt.fields.iter().position(|f| f.input.error.is_some())?;
    prompt.focus = i;
    let f = &prompt.fields[i];
    Some(format!(
        "{}{} {}",
        f.label(),
        lang.pick(":", " :"),
        f.input.error.clone().unwrap_or_default()
    ))
}
