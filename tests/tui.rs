//! The interface without a terminal: key events fed to `update` (state and effects checked),
//! snapshots of every screen at 80×24 and 120×40 in both languages, and every screen drawn at
//! tiny sizes without panicking.

mod common;

use jiff::civil::{Date, date};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use trichoplan::domain::config::Config;
use trichoplan::domain::plan::{SessionStatus, Verdict};
use trichoplan::domain::{Lang, Plan, PlanId};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::read_plan;
use trichoplan::tui::app::{App, DraftInfo, Effect, Msg, Overlay, Row, Screen, new_plan};
use trichoplan::tui::fields::{FieldId, Step};
use trichoplan::tui::view;

const TODAY: Date = date(2026, 11, 26);

fn example(id: &str) -> Plan {
    read_plan(&common::root().join(format!("plans/{id}.yaml")))
        .unwrap()
        .plan
}

fn home(lang: Lang) -> App {
    let mut app = App::new(
        lang,
        default_catalog().unwrap(),
        Config::default(),
        TODAY,
        "/home/claire/.local/share/trichoplan/plans".into(),
    );
    let mut plans: Vec<Plan> = common::examples()
        .iter()
        .map(|p| read_plan(p).unwrap().plan)
        .collect();
    plans.sort_by_key(|p| std::cmp::Reverse(p.updated));
    app.update(Msg::Listed {
        rows: plans.iter().map(Row::of).collect(),
        unreadable: 0,
    });
    app
}

fn editing(plan: Plan, lang: Lang) -> App {
    let mut app = home(lang);
    let id = plan.id.clone();
    app.update(Msg::Opened {
        saved: Some(Box::new(plan.clone())),
        plan: Box::new(plan),
        base: Some(b"x".to_vec()),
        draft_id: id,
    });
    app
}

fn new_editing(lang: Lang) -> App {
    let mut app = home(lang);
    let id = PlanId::new("new-20261126-090000").unwrap();
    let plan = new_plan(id.clone(), TODAY, lang, &Config::default()).unwrap();
    app.update(Msg::Opened {
        plan: Box::new(plan),
        saved: None,
        base: None,
        draft_id: id,
    });
    app
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn editor(app: &App) -> &trichoplan::tui::app::Editor {
    app.editor().expect("the editor is open")
}

/// Moves the focus to the field `id` of the current step with Tab.
fn focus(app: &mut App, id: &FieldId) {
    for _ in 0..400 {
        if editor(app).focused().map(|f| &f.id) == Some(id) {
            return;
        }
        key(app, KeyCode::Tab);
    }
    panic!("no field {id:?} on step {:?}", editor(app).step);
}

fn go(app: &mut App, step: Step) {
    for _ in 0..9 {
        if editor(app).step == step {
            return;
        }
        key(app, KeyCode::PageDown);
    }
    panic!("no step {step:?}");
}

#[test]
fn home_filters_as_you_type_and_opens_the_selection() {
    let mut app = home(Lang::En);
    typed(&mut app, "sar");
    let Screen::Home(h) = &app.screen else {
        panic!()
    };
    assert_eq!(h.visible.len(), 1);
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        vec![Effect::OpenPlan(
            PlanId::new("sarah-mitchell-2026").unwrap()
        )]
    );
    key(&mut app, KeyCode::Esc);
    let Screen::Home(h) = &app.screen else {
        panic!()
    };
    assert_eq!((h.visible.len(), h.filter.as_str()), (5, ""));
    // Letters that are commands work once the filter is cleared.
    assert_eq!(key(&mut app, KeyCode::Char('n')), vec![Effect::NewPlan]);
    key(&mut app, KeyCode::Down);
    let sarah = PlanId::new("sarah-mitchell-2026").unwrap();
    // Duplicating and archiving ask first: a name typed to filter must not change plans.
    assert_eq!(key(&mut app, KeyCode::Char('d')), vec![]);
    assert!(matches!(app.overlay, Some(Overlay::ConfirmPlan { .. })));
    assert_eq!(
        key(&mut app, KeyCode::Char('y')),
        vec![Effect::Duplicate(sarah.clone()), Effect::ListPlans]
    );
    assert_eq!(key(&mut app, KeyCode::Char('a')), vec![]);
    assert_eq!(
        key(&mut app, KeyCode::Char('c')),
        vec![],
        "any other key says no"
    );
    assert!(app.overlay.is_none());
    key(&mut app, KeyCode::Char('a'));
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        vec![Effect::Archive(sarah), Effect::ListPlans]
    );
    assert_eq!(key(&mut app, KeyCode::Char('q')), vec![Effect::Quit]);
}

#[test]
fn typing_fills_the_plan_and_invalid_input_is_kept_with_its_reason() {
    let mut app = new_editing(Lang::En);
    focus(&mut app, &FieldId::Name);
    // Letters are text here, not commands.
    typed(&mut app, "Quentin Park");
    assert_eq!(editor(&app).plan.patient.name.as_str(), "Quentin Park");
    focus(&mut app, &FieldId::BirthYear);
    typed(&mut app, "19x9");
    let e = editor(&app);
    let input = &e.inputs[&FieldId::BirthYear];
    assert_eq!(input.text, "19x9", "the typed text is kept");
    assert_eq!(input.error.as_deref(), Some("not a number"));
    assert_eq!(e.plan.patient.birth_year, None);
    // Saving is refused while a field is invalid.
    assert_eq!(ctrl(&mut app, 's'), vec![]);
    assert!(app.status.as_ref().unwrap().error);
    for _ in 0..2 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "89");
    let e = editor(&app);
    assert_eq!(e.plan.patient.birth_year, Some(1989));
    assert_eq!(e.inputs[&FieldId::BirthYear].error, None);
    assert_eq!(
        ctrl(&mut app, 's'),
        vec![Effect::Save {
            overwrite: false,
            as_copy: false
        }]
    );
}

#[test]
fn a_new_plan_is_not_saved_without_a_name() {
    let mut app = new_editing(Lang::Fr);
    assert_eq!(ctrl(&mut app, 's'), vec![]);
    assert!(app.status.as_ref().unwrap().text.contains("nom du patient"));
}

#[test]
fn steps_change_with_page_keys_and_choices_cycle_with_space() {
    let mut app = editing(example("marc-lefebvre-2026"), Lang::En);
    assert_eq!(editor(&app).step, Step::Patient);
    key(&mut app, KeyCode::PageDown);
    assert_eq!(editor(&app).step, Step::Assessment);
    key(&mut app, KeyCode::PageUp);
    key(&mut app, KeyCode::PageUp);
    assert_eq!(editor(&app).step, Step::Summary, "steps wrap around");
    go(&mut app, Step::Assessment);
    focus(&mut app, &FieldId::ScaleSystem);
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(
        editor(&app)
            .plan
            .assessment
            .scale
            .as_ref()
            .unwrap()
            .system
            .as_str(),
        "ludwig"
    );
    // The stage was not valid on Ludwig: it was reset to the first stage.
    assert_eq!(
        editor(&app).plan.assessment.scale.as_ref().unwrap().stage.0,
        "I"
    );
    focus(&mut app, &FieldId::Scarring);
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(editor(&app).plan.assessment.scarring, None, "no → not set");
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(editor(&app).plan.assessment.scarring, Some(true));
    // The live evaluation follows: scarring makes the patient not eligible.
    assert_eq!(
        editor(&app).eval.eligibility.verdict,
        trichoplan::domain::evaluate::EligibilityVerdict::NotEligible
    );
}

#[test]
fn lab_values_are_entered_with_their_unit_and_date() {
    let mut app = new_editing(Lang::En);
    go(&mut app, Step::Deficiencies);
    let ferritin = trichoplan::domain::Key::new("ferritin").unwrap();
    focus(&mut app, &FieldId::LabValue(ferritin.clone()));
    typed(&mut app, "18,5");
    let lab = editor(&app).plan.modules.deficiencies.labs[0].clone();
    assert_eq!(
        (lab.value.get(), lab.unit.as_str(), lab.date),
        (18.5, "ng/mL", TODAY)
    );
    focus(&mut app, &FieldId::LabUnit(ferritin.clone()));
    key(&mut app, KeyCode::Right);
    assert_eq!(
        editor(&app).plan.modules.deficiencies.labs[0].unit.as_str(),
        "µg/L"
    );
    focus(&mut app, &FieldId::LabLow(ferritin.clone()));
    typed(&mut app, "30");
    // Below the lab's own range now: the rule suggests iron and warns.
    let e = editor(&app);
    assert!(
        e.eval
            .suggestions
            .iter()
            .any(|s| s.rule.as_str() == "ferritin_low")
    );
}

#[test]
fn suggestions_are_accepted_or_rejected_with_one_key() {
    let mut app = editing(example("marc-lefebvre-2026"), Lang::En);
    go(&mut app, Step::Deficiencies);
    let first = editor(&app)
        .fields
        .iter()
        .position(|f| matches!(f.id, FieldId::Suggestion(_)))
        .expect("a suggestion");
    let FieldId::Suggestion(i) = editor(&app).fields[first].id.clone() else {
        unreachable!()
    };
    let rule = editor(&app).eval.suggestions[i].rule.clone();
    editor_focus(&mut app, first);
    key(&mut app, KeyCode::Char('r'));
    let e = editor(&app);
    let d = e
        .plan
        .modules
        .deficiencies
        .decisions
        .iter()
        .find(|d| d.rule == rule)
        .unwrap();
    assert_eq!(d.decision, Verdict::Rejected);
    assert!(!e.fields.iter().any(|f| f.id == FieldId::Suggestion(i)
        && e.eval.suggestions[i].rule == rule
        && e.eval.suggestions[i].status
            == trichoplan::domain::evaluate::SuggestionStatus::Pending));
}

fn editor_focus(app: &mut App, index: usize) {
    for _ in 0..400 {
        if editor(app).focus == index {
            return;
        }
        key(app, KeyCode::Tab);
    }
}

#[test]
fn choosing_a_product_plans_the_series_prices_consent_and_checkpoints() {
    let mut app = new_editing(Lang::Fr);
    go(&mut app, Step::Injections);
    focus(&mut app, &FieldId::Product);
    key(&mut app, KeyCode::Char(' '));
    let e = editor(&app);
    let inj = e.plan.injections.as_ref().expect("a protocol");
    assert_eq!(
        (inj.product.as_str(), inj.sessions.len(), inj.interval_days),
        ("exosomes", 6, 28)
    );
    assert_eq!(inj.start, date(2026, 12, 3));
    assert!(e.plan.pricing.is_some());
    let consents: Vec<(&str, &str)> = e
        .plan
        .consent
        .iter()
        .map(|c| (c.product.as_str(), c.text.as_str()))
        .collect();
    assert_eq!(consents, [("exosomes", "exosome_consent")]);
    assert!(!e.plan.followup.checkpoints.is_empty());
    // Changing the number of sessions replans at once while none is done.
    focus(&mut app, &FieldId::Sessions);
    key(&mut app, KeyCode::Backspace);
    typed(&mut app, "5");
    assert_eq!(
        editor(&app)
            .plan
            .injections
            .as_ref()
            .unwrap()
            .sessions
            .len(),
        5
    );
}

#[test]
fn an_injection_visit_marks_a_session_done_through_a_prompt() {
    let mut app = editing(example("camille-dupont-2026"), Lang::En);
    go(&mut app, Step::Injections);
    focus(&mut app, &FieldId::Session(3));
    key(&mut app, KeyCode::Char('d'));
    assert!(matches!(app.overlay, Some(Overlay::Prompt(_))));
    // The prompt opens on the lot; go to the reaction and describe it.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "mild redness");
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none());
    let e = editor(&app);
    let s = e
        .plan
        .injections
        .as_ref()
        .unwrap()
        .sessions
        .iter()
        .find(|s| s.number == 3)
        .unwrap();
    assert_eq!(
        (s.status, s.date, s.reaction.as_ref().map(|r| r.as_str())),
        (SessionStatus::Done, Some(TODAY), Some("mild redness"))
    );
    assert_eq!(
        s.lot.as_ref().map(|l| l.as_str()),
        Some("EXO-2609-114"),
        "the last lot is proposed"
    );
    assert!(e.dirty());
    // Moving session 5 a week later shifts 6, not 4.
    focus(&mut app, &FieldId::Session(5));
    key(&mut app, KeyCode::Char('m'));
    let before: Vec<Date> = editor(&app)
        .plan
        .injections
        .as_ref()
        .unwrap()
        .sessions
        .iter()
        .map(|s| s.planned)
        .collect();
    for _ in 0..10 {
        key(&mut app, KeyCode::Backspace);
    }
    let target = before[4].checked_add(jiff::Span::new().days(7)).unwrap();
    typed(&mut app, &target.to_string());
    key(&mut app, KeyCode::Enter);
    let after: Vec<Date> = editor(&app)
        .plan
        .injections
        .as_ref()
        .unwrap()
        .sessions
        .iter()
        .map(|s| s.planned)
        .collect();
    // A move can also be typed in days: session 6, three days earlier.
    focus(&mut app, &FieldId::Session(6));
    key(&mut app, KeyCode::Char('m'));
    typed(&mut app, "-3");
    key(&mut app, KeyCode::Enter);
    let s6 = editor(&app).plan.injections.as_ref().unwrap().sessions[5].planned;
    assert_eq!(
        s6,
        after[5].checked_add(jiff::Span::new().days(-3)).unwrap()
    );
    assert_eq!(after[3], before[3]);
    assert_eq!(after[4], target);
    assert_eq!(
        after[5],
        before[5].checked_add(jiff::Span::new().days(7)).unwrap()
    );
}

#[test]
fn quitting_with_unsaved_changes_asks_and_conflicts_offer_three_ways_out() {
    let mut app = editing(example("marc-lefebvre-2026"), Lang::En);
    focus(&mut app, &FieldId::Phone);
    typed(&mut app, "06");
    key(&mut app, KeyCode::Tab);
    assert_eq!(ctrl(&mut app, 'c'), vec![]);
    assert_eq!(app.overlay, Some(Overlay::ConfirmQuit));
    assert_eq!(key(&mut app, KeyCode::Esc), vec![]);
    assert_eq!(app.overlay, None);
    // In a text field `q` is a letter; Ctrl-C asks again.
    ctrl(&mut app, 'c');
    assert_eq!(
        key(&mut app, KeyCode::Char('d')),
        vec![Effect::DiscardDraft(None), Effect::Quit]
    );

    let mut app = editing(example("marc-lefebvre-2026"), Lang::En);
    app.update(Msg::Conflict);
    assert_eq!(app.overlay, Some(Overlay::Conflict));
    assert_eq!(
        key(&mut app, KeyCode::Char('o')),
        vec![Effect::Save {
            overwrite: true,
            as_copy: false
        }]
    );
    app.update(Msg::Conflict);
    assert_eq!(
        key(&mut app, KeyCode::Char('c')),
        vec![Effect::Save {
            overwrite: false,
            as_copy: true
        }]
    );
    app.update(Msg::Conflict);
    assert_eq!(
        key(&mut app, KeyCode::Char('r')),
        vec![
            Effect::DiscardDraft(None),
            Effect::Reload(PlanId::new("marc-lefebvre-2026").unwrap())
        ]
    );
    // A clean editor leaves without asking, and leaves any draft of another session alone.
    let mut app = editing(example("marc-lefebvre-2026"), Lang::En);
    assert_eq!(
        key(&mut app, KeyCode::Esc),
        vec![Effect::CloseEditor, Effect::ListPlans]
    );
    let mut app = new_editing(Lang::En);
    assert!(
        !editor(&app).dirty(),
        "an untouched new plan has nothing to lose"
    );
    assert_eq!(
        key(&mut app, KeyCode::Esc),
        vec![Effect::CloseEditor, Effect::ListPlans]
    );
}

#[test]
fn help_opens_from_any_context_and_closes() {
    let mut app = editing(example("marc-lefebvre-2026"), Lang::En);
    key(&mut app, KeyCode::F(1));
    assert!(matches!(app.overlay, Some(Overlay::Help(_))));
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    let mut app = home(Lang::En);
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('?'),
        KeyModifiers::SHIFT,
    )));
    assert!(matches!(app.overlay, Some(Overlay::Help(_))));
}

// ---------------------------------------------------------------------------------------------
// Screens

fn render(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::draw(f, app)).unwrap();
    terminal
}

/// Every screen of the interface, by name.
fn screens(lang: Lang) -> Vec<(String, App)> {
    let mut out = vec![("home".to_owned(), home(lang))];
    let mut empty = App::new(
        lang,
        default_catalog().unwrap(),
        Config::default(),
        TODAY,
        "/home/claire/.local/share/trichoplan/plans".into(),
    );
    empty.update(Msg::Listed {
        rows: vec![],
        unreadable: 0,
    });
    out.push(("welcome".to_owned(), empty));
    for step in Step::ALL {
        let mut app = editing(example("camille-dupont-2026"), lang);
        go(&mut app, step);
        out.push((format!("editor_{:?}", step).to_lowercase(), app));
    }
    let mut app = new_editing(lang);
    focus(&mut app, &FieldId::BirthYear);
    typed(&mut app, "19x");
    out.push(("new_plan_invalid_input".to_owned(), app));
    let mut app = editing(example("camille-dupont-2026"), lang);
    key(&mut app, KeyCode::F(1));
    out.push(("help".to_owned(), app));
    let mut app = editing(example("camille-dupont-2026"), lang);
    app.update(Msg::Conflict);
    out.push(("conflict".to_owned(), app));
    let mut app = editing(example("camille-dupont-2026"), lang);
    go(&mut app, Step::Injections);
    focus(&mut app, &FieldId::Session(3));
    key(&mut app, KeyCode::Char('d'));
    out.push(("session_done".to_owned(), app));
    let mut app = home(lang);
    app.update(Msg::Drafts(vec![DraftInfo {
        path: "/x/.drafts/camille.yaml".into(),
        patient: "Camille Dupont".into(),
        saved_at: "2026-11-26 09:41 UTC".into(),
    }]));
    out.push(("recover".to_owned(), app));
    out
}

#[test]
fn every_screen_matches_its_snapshot() {
    for lang in [Lang::En, Lang::Fr] {
        for (name, app) in screens(lang) {
            for (w, h) in [(80, 24), (120, 40)] {
                let terminal = render(&app, w, h);
                insta::assert_snapshot!(
                    format!("{name}_{}_{w}x{h}", lang.code()),
                    terminal.backend()
                );
            }
        }
    }
}

#[test]
fn every_screen_draws_at_tiny_and_odd_sizes_without_panicking() {
    for lang in [Lang::En, Lang::Fr] {
        for (name, app) in screens(lang) {
            for (w, h) in [
                (1, 1),
                (20, 5),
                (79, 24),
                (80, 23),
                (80, 24),
                (81, 25),
                (200, 60),
                (300, 10),
            ] {
                let terminal = render(&app, w, h);
                let text = format!("{}", terminal.backend());
                if w < 80 || h < 24 {
                    assert!(
                        w < 20 || text.contains("small") || text.contains("petit"),
                        "{name} at {w}x{h}"
                    );
                }
            }
        }
    }
}

#[test]
fn clicks_select_plans_steps_and_fields() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let click = |app: &mut App, column: u16, row: u16| {
        app.update(Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }))
    };
    let mut app = home(Lang::En);
    render(&app, 120, 40);
    // Rows start under the title, the filter line and the header: row 3 is the first plan.
    assert_eq!(click(&mut app, 10, 4), vec![]);
    let Screen::Home(h) = &app.screen else {
        panic!()
    };
    assert_eq!(h.selected, 1);
    assert_eq!(
        click(&mut app, 10, 4),
        vec![Effect::OpenPlan(
            PlanId::new("sarah-mitchell-2026").unwrap()
        )],
        "a second click opens"
    );

    let mut app = editing(example("camille-dupont-2026"), Lang::En);
    render(&app, 120, 40);
    // The form's first line is row 2 (under the title and the border): row 3 is the second field.
    click(&mut app, 40, 3);
    assert_eq!(editor(&app).focus, 1, "the second line of the form");
    click(&mut app, 5, 2 + 2);
    assert_eq!(editor(&app).step, Step::Deficiencies);
}

#[test]
fn typing_replaces_a_prefilled_field_and_esc_takes_back_an_invalid_entry() {
    let mut app = editing(example("marc-lefebvre-2026"), Lang::Fr);
    focus(&mut app, &FieldId::BirthYear);
    typed(&mut app, "1996");
    assert_eq!(
        editor(&app).plan.patient.birth_year,
        Some(1996),
        "typed over, not appended"
    );
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::BackTab);
    typed(&mut app, "19x");
    assert!(editor(&app).inputs[&FieldId::BirthYear].error.is_some());
    assert_eq!(
        key(&mut app, KeyCode::Esc),
        vec![],
        "Esc takes back the entry, it does not leave"
    );
    assert!(!editor(&app).inputs.contains_key(&FieldId::BirthYear));
    assert_eq!(editor(&app).plan.patient.birth_year, Some(1996));
    // Ctrl-U empties a field.
    focus(&mut app, &FieldId::Phone);
    ctrl(&mut app, 'u');
    assert_eq!(
        editor(&app)
            .plan
            .patient
            .contact
            .as_ref()
            .and_then(|c| c.phone.clone()),
        None
    );
    // French dates can be typed day first.
    focus(&mut app, &FieldId::Delivery);
    typed(&mut app, "14/1/2026");
    assert_eq!(
        editor(&app).plan.patient.history.delivery,
        Some(date(2026, 1, 14))
    );
}

#[test]
fn emptying_a_lab_value_keeps_the_result_and_ctrl_d_removes_it() {
    let mut app = editing(example("camille-dupont-2026"), Lang::En);
    go(&mut app, Step::Deficiencies);
    let ferritin = trichoplan::domain::Key::new("ferritin").unwrap();
    focus(&mut app, &FieldId::LabValue(ferritin.clone()));
    let before = editor(&app).plan.modules.deficiencies.labs.len();
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    let e = editor(&app);
    assert_eq!(
        e.plan.modules.deficiencies.labs.len(),
        before,
        "the result, its date and range stay"
    );
    assert!(
        e.inputs[&FieldId::LabValue(ferritin.clone())]
            .error
            .as_deref()
            .unwrap()
            .contains("Ctrl-D")
    );
    ctrl(&mut app, 'd');
    let e = editor(&app);
    assert_eq!(e.plan.modules.deficiencies.labs.len(), before - 1);
    assert!(
        !e.plan
            .modules
            .deficiencies
            .labs
            .iter()
            .any(|l| l.analyte == ferritin)
    );
}

#[test]
fn one_key_records_openings_in_all_zones() {
    let mut app = new_editing(Lang::En);
    go(&mut app, Step::Assessment);
    focus(&mut app, &FieldId::AllZonesOpen);
    key(&mut app, KeyCode::Char(' '));
    let zones = &editor(&app).plan.assessment.zones;
    assert_eq!(zones.len(), 6);
    assert!(zones.iter().all(|z| z.follicular_openings));
    assert!(
        !editor(&app)
            .eval
            .eligibility
            .reasons
            .iter()
            .any(|r| r.rule.as_str() == "zones_not_assessed")
    );
    key(&mut app, KeyCode::Char(' '));
    assert!(
        editor(&app).plan.assessment.zones.is_empty(),
        "unticked: not assessed again"
    );
}
