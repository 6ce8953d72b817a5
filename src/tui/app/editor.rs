//! The plan editor: steps, fields, rows and their keys.

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::evaluate::{Evaluation, SuggestionStatus, evaluate_on};
use crate::domain::plan::{Plan, Product, SessionStatus, Verdict};
use crate::domain::{Key, PlanId, Zone};
use crate::tui::form::{self, Ctx, Field, FieldId, Step};
use crate::tui::keys::{Action, Context};

use super::*;

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
    /// Scroll of the summary step and the zoomed preview, and of the form after the mouse
    /// wheel moved it (`wheel`).
    pub scroll: u16,
    /// The form was scrolled by the wheel: it shows `scroll` instead of following the focus,
    /// until the next key.
    pub wheel: bool,
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

    pub(super) fn context(&self) -> Context {
        if self.step == Step::Summary {
            return Context::Summary;
        }
        match self.focused() {
            Some(f) if f.kind.typed() && f.id.analyte().is_some() => Context::LabTyping,
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

impl App {
    pub(super) fn editor_key(
        &mut self,
        ctx: Context,
        action: Option<Action>,
        key: &KeyEvent,
    ) -> Vec<Effect> {
        self.with_editor(|app, e| {
            e.wheel = false;
            app.editor_action(e, ctx, action, key)
        })
    }

    pub(super) fn editor_action(
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
            e.scroll = 0;
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
            Some(Action::Clear) if ctx.typing() => {
                if let Some(field) = e.focused().cloned() {
                    let input = e.inputs.entry(field.id.clone()).or_default();
                    input.text.clear();
                    input.cursor = 0;
                    input.fresh = false;
                    let eval = e.eval.clone();
                    let result = field.write(&mut e.plan, "", &self.ctx(&eval));
                    if let Some(input) = e.inputs.get_mut(&field.id) {
                        input.error = result.err();
                    }
                    self.changed(e);
                }
            }
            Some(Action::Remove) if ctx == Context::LabTyping => self.ask_remove_lab(e),
            Some(Action::Zoom) => {
                e.zoom = true;
                e.scroll = 0;
            }
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
            _ if ctx.typing() => self.type_into(e, action, key),
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
    pub(super) fn enter_field(&self, e: &mut Editor) {
        if let Some(id) = e.focused().map(|f| f.id.clone())
            && let Some(input) = e.inputs.get_mut(&id)
        {
            input.fresh = true;
            input.cursor = input.text.chars().count();
        }
    }

    pub(super) fn go_step(&mut self, e: &mut Editor, by: i32) -> Vec<Effect> {
        self.leave_field(e);
        let i = Step::ALL.iter().position(|s| *s == e.step).unwrap_or(0) as i32;
        let next = (i + by).rem_euclid(Step::ALL.len() as i32) as usize;
        self.set_step(e, Step::ALL[next]);
        vec![]
    }

    pub(super) fn set_step(&self, e: &mut Editor, step: Step) {
        e.step = step;
        e.focus = 0;
        e.entered = false;
        e.scroll = 0;
        self.rebuild(e);
    }

    /// Recomputes the evaluation and the fields of the current step.
    pub(super) fn rebuild(&self, e: &mut Editor) {
        e.eval = evaluate_on(&e.plan, &self.catalog, self.today.max(e.plan.updated));
        let c = Ctx {
            catalog: &self.catalog,
            eval: &e.eval,
            config: &self.config,
            lang: self.lang,
            today: self.today,
        };
        e.fields = form::fields(e.step, &e.plan, &c);
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

    /// Marks the plan changed: new evaluation, new fields, a draft to write. The focus stays
    /// on the same field by id; when that field is gone (an accepted suggestion), it goes to
    /// the next field that is still there, never to whatever took its place.
    pub(super) fn changed(&mut self, e: &mut Editor) {
        let after: Vec<FieldId> = if e.entered {
            e.fields
                .iter()
                .skip(e.focus)
                .map(|f| f.id.clone())
                .collect()
        } else {
            Vec::new()
        };
        let before: Vec<FieldId> = if e.entered {
            e.fields
                .iter()
                .take(e.focus)
                .rev()
                .map(|f| f.id.clone())
                .collect()
        } else {
            Vec::new()
        };
        self.rebuild(e);
        if let Some(pos) = after
            .iter()
            .chain(&before)
            .find_map(|id| e.fields.iter().position(|f| f.id == *id))
        {
            e.focus = pos;
        }
        self.draft_due = true;
        self.status = None;
    }

    pub(super) fn leave_field(&self, e: &mut Editor) {
        if let Some(id) = e.focused().map(|f| f.id.clone()) {
            // Valid text is now in the plan; invalid text stays, with its error.
            if e.inputs.get(&id).is_some_and(|i| i.error.is_none()) {
                e.inputs.remove(&id);
            }
        }
    }

    pub(super) fn ctx<'a>(&'a self, eval: &'a Evaluation) -> Ctx<'a> {
        Ctx {
            catalog: &self.catalog,
            eval,
            config: &self.config,
            lang: self.lang,
            today: self.today,
        }
    }

    pub(super) fn type_into(&mut self, e: &mut Editor, action: Option<Action>, key: &KeyEvent) {
        let Some(field) = e.focused().cloned() else {
            return;
        };
        if action == Some(Action::Add)
            && let Some(k) = field.id.analyte()
        {
            self.new_lab_result(e, k.clone());
            return;
        }
        let eval = e.eval.clone();
        let current = field.read(&e.plan, &self.ctx(&eval));
        let input = e
            .inputs
            .entry(field.id.clone())
            .or_insert_with(|| Input::new(current));
        if !input.edit(action, key) {
            return;
        }
        let text = input.text.clone();
        let result = field.write(&mut e.plan, &text, &self.ctx(&eval));
        if let Some(input) = e.inputs.get_mut(&field.id) {
            input.error = result.err();
        }
        self.changed(e);
    }

    pub(super) fn new_lab_result(&mut self, e: &mut Editor, analyte: Key) {
        let Some((m, i)) = form::latest_lab(&e.plan, &self.catalog, &analyte) else {
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

    /// Turns a choice, a yes/no or a box (Space, arrows).
    pub(super) fn cycle(&mut self, e: &mut Editor, by: i32) {
        let Some(field) = e.focused().cloned() else {
            return;
        };
        let eval = e.eval.clone();
        let current = field.read(&e.plan, &self.ctx(&eval));
        let Some(next) = field.kind.turn(&current, by) else {
            return;
        };
        if field.id == FieldId::Product {
            self.set_product(e, &next);
            return;
        }
        if let Err(err) = field.write(&mut e.plan, &next, &self.ctx(&eval)) {
            self.error(err);
            return;
        }
        self.changed(e);
    }

    pub(super) fn set_product(&mut self, e: &mut Editor, word: &str) {
        let product = [Product::Exosomes, Product::Prp, Product::Combined]
            .into_iter()
            .find(|p| p.as_str() == word);
        // Values typed by hand (sessions, interval, maintenance, prices) are replaced by the
        // new product's defaults only after a yes.
        if crate::domain::product::began(&e.plan)
            || !crate::domain::product::typed_by_hand(&e.plan, &self.catalog, &self.config)
        {
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
    pub(super) fn replace_product(&mut self, e: &mut Editor, word: &str) {
        use crate::domain::product::{Start, choose_product};
        let product = [Product::Exosomes, Product::Prp, Product::Combined]
            .into_iter()
            .find(|p| p.as_str() == word);
        let eval = e.eval.clone();
        let told = match choose_product(
            &mut e.plan,
            product,
            &self.catalog,
            &self.config,
            &eval,
            self.today,
        ) {
            Err(err) => {
                self.error(err.message(self.lang));
                return;
            }
            // A gate rule that time lifts (post-partum) moved the first session: say why.
            Ok(Start::New(first)) => first.waits_for.as_ref().map(|k| {
                let why = self
                    .catalog
                    .gate
                    .rules
                    .get(k)
                    .map(|r| r.text.get(self.lang).to_owned())
                    .unwrap_or_default();
                format!(
                    "{} {} — {why}",
                    self.t("Session 1 proposed on", "Séance 1 proposée le"),
                    crate::domain::dates::short(first.date, self.lang)
                )
            }),
            Ok(_) => None,
        };
        // `changed` clears the status line: the reason is said after it.
        self.changed(e);
        if let Some(text) = told {
            self.info(text);
        }
    }

    pub(super) fn decide(&mut self, e: &mut Editor, verdict: Verdict) {
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
    pub(super) fn ask_reject(&mut self, e: &mut Editor) {
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
        let eval = e.eval.clone();
        let c = self.ctx(&eval);
        let prompt = Prompt::new(PromptKind::Reject(i), form::dialogs::reason(&c), &c);
        self.overlay = Some(Overlay::Prompt(prompt));
    }

    pub(super) fn undecide(&mut self, e: &mut Editor) {
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

    pub(super) fn row_done(&mut self, e: &mut Editor) {
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

    pub(super) fn add(&mut self, e: &mut Editor) {
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
                    // Into the new measurement's value, which the form scrolls to.
                    self.leave_field(e);
                    e.focus = pos;
                    e.entered = true;
                    self.enter_field(e);
                }
                self.info(format!(
                    "{} {}",
                    self.t("Added measurement", "Mesure ajoutée :"),
                    last + 1
                ));
            }
            (_, Some(FieldId::LabValue(k))) => self.new_lab_result(e, k),
            _ => {}
        }
    }

    pub(super) fn ask_remove_lab(&mut self, e: &mut Editor) {
        let Some(k) = e.focused().and_then(|f| f.id.analyte().cloned()) else {
            return;
        };
        if form::latest_lab(&e.plan, &self.catalog, &k).is_none() {
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

    pub(super) fn remove_lab(&mut self, e: &mut Editor, k: Key) {
        if let Some((m, i)) = form::latest_lab(&e.plan, &self.catalog, &k) {
            let record = e.plan.modules.get_mut(m);
            let removed = record.labs.remove(i);
            e.inputs.retain(|id, _| id.analyte() != Some(&k));
            self.changed(e);
            self.info(format!(
                "{} {} {}",
                self.t("Removed the result of", "Résultat retiré :"),
                removed.analyte,
                form::show_date(removed.date, self.lang)
            ));
        }
    }

    pub(super) fn ask_remove_action(&mut self, e: &mut Editor) {
        if let Some(FieldId::ActionRow(section, i)) = e.focused().map(|f| f.id.clone())
            && let Some(a) = form::actions_of(&e.plan, section).get(i)
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

    pub(super) fn save(&mut self, e: &mut Editor) -> Vec<Effect> {
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
        if crate::domain::lifecycle::is_placeholder(e.plan.patient.name.as_str()) {
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
}
