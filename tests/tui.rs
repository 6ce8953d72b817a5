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
use trichoplan::tui::app::{App, Choice, DraftInfo, Effect, Msg, Overlay, Row, Screen, new_plan};
use trichoplan::tui::form::{FieldId, Step};
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

fn home_of(app: &App) -> &trichoplan::tui::app::Home {
    let Screen::Home(h) = &app.screen else {
        panic!("not on the plan list")
    };
    h
}

/// Picks the dialog answer `want` with the arrows, then confirms it with Enter.
fn answer(app: &mut App, want: Choice) -> Vec<Effect> {
    let choices = app.overlay.as_ref().expect("a dialog").choices().0;
    assert!(choices.contains(&want), "{want:?} not in {choices:?}");
    for _ in 0..choices.len() {
        if choices[app.choice] == want {
            break;
        }
        key(app, KeyCode::Right);
    }
    key(app, KeyCode::Enter)
}

#[test]
fn home_filters_as_you_type_and_opens_the_selection() {
    let mut app = home(Lang::En);
    typed(&mut app, "sar");
    assert_eq!(home_of(&app).visible.len(), 1);
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        vec![Effect::OpenPlan(
            PlanId::new("sarah-mitchell-2026").unwrap()
        )]
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        (home_of(&app).visible.len(), home_of(&app).filter.as_str()),
        (5, "")
    );
    // Commands live on keys that cannot be part of a name.
    assert_eq!(ctrl(&mut app, 'n'), vec![Effect::NewPlan]);
    key(&mut app, KeyCode::Down);
    let sarah = PlanId::new("sarah-mitchell-2026").unwrap();
    // Duplicating and archiving ask first, and Enter alone takes the harmless answer.
    assert_eq!(ctrl(&mut app, 'd'), vec![]);
    assert!(matches!(app.overlay, Some(Overlay::ConfirmPlan { .. })));
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        vec![],
        "Cancel is selected first"
    );
    assert!(app.overlay.is_none());
    ctrl(&mut app, 'd');
    assert_eq!(ctrl(&mut app, 'd'), vec![], "a repeated key never confirms");
    assert_eq!(
        answer(&mut app, Choice::Yes),
        vec![Effect::Duplicate(sarah.clone()), Effect::ListPlans]
    );
    ctrl(&mut app, 'x');
    for c in "yoq".chars() {
        assert_eq!(key(&mut app, KeyCode::Char(c)), vec![], "no letter answers");
    }
    assert_eq!(
        answer(&mut app, Choice::Yes),
        vec![Effect::Archive(sarah), Effect::ListPlans]
    );
    assert_eq!(ctrl(&mut app, 'q'), vec![Effect::Quit]);
}

#[test]
fn every_letter_typed_on_the_home_screen_only_filters() {
    for lang in [Lang::En, Lang::Fr] {
        for c in ('a'..='z').chain('A'..='Z').chain("éèçàù' -".chars()) {
            let mut app = home(lang);
            typed(&mut app, "x");
            let effects = key(&mut app, KeyCode::Char(c));
            assert_eq!(effects, vec![], "{c:?}");
            assert!(app.overlay.is_none(), "{c:?} opened {:?}", app.overlay);
            assert_eq!(home_of(&app).filter, format!("x{c}"), "{c:?}");
        }
        // And from an empty filter, too.
        for c in 'a'..='z' {
            let mut app = home(lang);
            assert_eq!(key(&mut app, KeyCode::Char(c)), vec![], "{c:?}");
            assert!(app.overlay.is_none());
            assert_eq!(home_of(&app).filter, c.to_string());
        }
    }
}

#[test]
fn real_names_typed_on_the_home_screen_filter_and_never_quit() {
    for name in [
        "quentin",
        "dan",
        "amélie",
        "Camille Dupont",
        "naïma",
        "élodie",
        "pascale",
    ] {
        let mut app = home(Lang::Fr);
        for c in name.chars() {
            assert_eq!(key(&mut app, KeyCode::Char(c)), vec![], "{name}: {c:?}");
            assert!(app.overlay.is_none(), "{name}: {c:?}");
        }
        assert_eq!(home_of(&app).filter, name);
    }
    let mut app = home(Lang::Fr);
    typed(&mut app, "camille");
    assert_eq!(home_of(&app).visible.len(), 1);
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        vec![Effect::OpenPlan(
            PlanId::new("camille-dupont-2026").unwrap()
        )]
    );
}

#[test]
fn opening_a_plan_never_types_into_a_field() {
    for lang in [Lang::En, Lang::Fr] {
        let plan = example("marc-lefebvre-2026");
        for c in ('a'..='z').chain("é -'".chars()) {
            let mut app = editing(plan.clone(), lang);
            let effects = key(&mut app, KeyCode::Char(c));
            let e = editor(&app);
            assert_eq!(e.plan, plan, "{c:?} changed the plan");
            assert!(!e.dirty(), "{c:?}");
            assert!(!effects.contains(&Effect::Quit), "{c:?} quit the program");
            // Printing asks which document; nothing else opens a dialog.
            if c == 'p' {
                assert!(matches!(app.overlay, Some(Overlay::Print { .. })));
            } else {
                assert!(app.overlay.is_none(), "{c:?} opened {:?}", app.overlay);
            }
        }
        // A new plan too: the name is typed only once the user moved into it.
        let mut app = new_editing(lang);
        typed(&mut app, "quentin");
        assert!(!editor(&app).dirty());
        key(&mut app, KeyCode::Tab);
        typed(&mut app, "Quentin");
        assert_eq!(editor(&app).plan.patient.name.as_str(), "Quentin");
    }
}

#[test]
fn the_footer_says_whether_letters_are_text_or_commands() {
    use trichoplan::tui::keys::Context;
    let mut app = home(Lang::Fr);
    assert_eq!(app.context(), Context::Home);
    assert!(screen_text(&app, 80, 24).contains("FILTRE"));
    let mut app2 = editing(example("camille-dupont-2026"), Lang::Fr);
    assert!(screen_text(&app2, 80, 24).contains("TOUCHES"));
    focus(&mut app2, &FieldId::Name);
    assert_eq!(app2.context(), Context::Typing);
    assert!(screen_text(&app2, 80, 24).contains("SAISIE"));
    go(&mut app2, Step::Injections);
    focus(&mut app2, &FieldId::Session(3));
    assert_eq!(app2.context(), Context::SessionRow);
    let text = screen_text(&app2, 80, 24);
    assert!(
        text.contains("d faite"),
        "the row's letters are shown: {text}"
    );
    ctrl(&mut app, 'c');
}

#[test]
fn a_repeated_key_never_confirms_its_own_question() {
    // q and d used to both open and answer the quit dialog.
    let mut app = editing(example("marc-lefebvre-2026"), Lang::En);
    focus(&mut app, &FieldId::Phone);
    typed(&mut app, "06");
    for _ in 0..3 {
        assert_eq!(ctrl(&mut app, 'c'), vec![]);
        assert_eq!(app.overlay, Some(Overlay::ConfirmQuit));
    }
    for c in "dqsyo".chars() {
        assert_eq!(key(&mut app, KeyCode::Char(c)), vec![]);
    }
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        vec![],
        "Stay is selected first"
    );
    assert!(app.overlay.is_none());
    // Rows: d opens the session dialog, and d again is text in it.
    let mut app = editing(example("camille-dupont-2026"), Lang::En);
    go(&mut app, Step::Injections);
    focus(&mut app, &FieldId::Session(3));
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Char('d'));
    assert!(matches!(app.overlay, Some(Overlay::Prompt(_))));
    assert!(
        editor(&app).plan.injections.as_ref().unwrap().sessions[2].status == SessionStatus::Planned
    );
    // Esc on a dialog holding typed data asks; Enter keeps editing.
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.overlay, Some(Overlay::DiscardPrompt(_))));
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Some(Overlay::Prompt(_))));
    key(&mut app, KeyCode::Esc);
    assert_eq!(answer(&mut app, Choice::DiscardTyped), vec![]);
    assert!(app.overlay.is_none());
}

fn screen_text(app: &App, w: u16, h: u16) -> String {
    let t = render(app, w, h);
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
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
    assert!(
        matches!(app.overlay, Some(Overlay::Prompt(_))),
        "a reason is asked"
    );
    typed(&mut app, "already taken");
    key(&mut app, KeyCode::Enter);
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
    assert_eq!(d.reason.as_ref().map(|r| r.as_str()), Some("already taken"));
    // It stays listed, rejected, and can be taken back.
    let pos = e
        .fields
        .iter()
        .position(|f| f.id == FieldId::Suggestion(i))
        .expect("still listed");
    assert_eq!(
        e.eval.suggestions[i].status,
        trichoplan::domain::evaluate::SuggestionStatus::Rejected
    );
    editor_focus(&mut app, pos);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(
        editor(&app).eval.suggestions[i].status,
        trichoplan::domain::evaluate::SuggestionStatus::Pending
    );
}

fn editor_focus(app: &mut App, index: usize) {
    for _ in 0..400 {
        if editor(app).entered && editor(app).focus == index {
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
    // The prompt opens on the date; go to the reaction and describe it.
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
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
        answer(&mut app, Choice::DiscardAndLeave),
        vec![Effect::DiscardDraft(None), Effect::Quit]
    );

    let mut app = editing(example("marc-lefebvre-2026"), Lang::En);
    app.update(Msg::Conflict);
    assert_eq!(app.overlay, Some(Overlay::Conflict));
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        vec![],
        "deciding later is the default"
    );
    app.update(Msg::Conflict);
    assert_eq!(
        answer(&mut app, Choice::Overwrite),
        vec![Effect::Save {
            overwrite: true,
            as_copy: false
        }]
    );
    app.update(Msg::Conflict);
    assert_eq!(
        answer(&mut app, Choice::SaveAsCopy),
        vec![Effect::Save {
            overwrite: false,
            as_copy: true
        }]
    );
    app.update(Msg::Conflict);
    assert_eq!(
        answer(&mut app, Choice::Reload),
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
        saved_at: jiff::civil::date(2026, 11, 26).at(9, 41, 0, 0),
    }]));
    out.push(("recover".to_owned(), app));
    let mut app = home(lang);
    key(&mut app, KeyCode::F(9));
    typed(&mut app, "Claire Martin");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "Dr");
    out.push(("settings".to_owned(), app));
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
        let mut all = screens(lang);
        // The dialogs and the zoomed preview too (french_screens holds them, in French).
        if lang == Lang::Fr {
            all.extend(french_screens());
            let mut app = editing(example("camille-dupont-2026"), lang);
            key(&mut app, KeyCode::F(2));
            all.push(("zoom".into(), app));
        }
        for (name, app) in all {
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
    assert_eq!(
        editor(&app).plan.modules.deficiencies.labs.len(),
        before,
        "it asks first"
    );
    answer(&mut app, Choice::Yes);
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

/// Words that are English and not French: none may appear on a French screen.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "missing",
    "hairs",
    "week",
    "session",
    "sessions",
    "done",
    "save",
    "saved",
    "cancel",
    "enter",
    "esc",
    "not",
    "yes",
    "is",
    "are",
    "with",
    "of",
    "to",
    "from",
    "reload",
    "overwrite",
    "copy",
    "changed",
    "unsaved",
    "field",
    "step",
    "next",
    "previous",
    "help",
    "quit",
    "filter",
    "open",
    "new",
    "consent",
    "signed",
    "referral",
    "eligible",
    "none",
    "found",
    "value",
    "high",
    "low",
    "back",
    "keys",
    "typing",
    "choose",
    "print",
    "handout",
    "record",
    "reason",
    "optional",
    "move",
    "shift",
    "later",
    "remove",
    "add",
    "accept",
    "reject",
    "undo",
    "summary",
    "quote",
    "follow-up",
    "assessment",
    "deficiencies",
    "date:",
    "plan's",
    "patient's",
    "answer",
    "screen",
    "refer",
    "first",
    "before",
    "after",
    "months",
    "days",
    "weeks",
    "year",
    "years",
    "hours",
    "per",
    "package",
    "maintenance",
    "skin",
    "reaction",
    "product",
    "lot:",
    "birth",
    "name",
    "phone",
    "sex",
    "female",
    "male",
    "pregnant",
    "breastfeeding",
    "medications",
    "conditions",
    "family",
    "history",
    "complaint",
    "onset",
    "trigger",
    "scarring",
    "pull",
    "openings",
    "bald",
    "sign",
    "signs",
    "unit",
    "range",
    "interval",
    "start",
    "zones:",
    "price",
    "currency",
    "checkpoint",
    "checkpoints",
    "measurement",
    "notes:",
    "status",
    "draft",
    "active",
    "completed",
    "archived",
    "updated",
    "incomplete",
    "pending",
    "rejected",
    "accepted",
    "warning",
];

fn english_words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-' || c == ':')) {
        let w = word
            .trim_matches(|c: char| c == '\'' || c == '-')
            .to_lowercase();
        if ENGLISH.contains(&w.as_str()) && !found.contains(&w) {
            found.push(w);
        }
    }
    found
}

fn french_screens() -> Vec<(String, App)> {
    let lang = Lang::Fr;
    let mut out = screens(lang);
    // The plans written in French (an English plan's own notes are the practitioner's words).
    for id in ["camille-dupont-2026", "marc-lefebvre-2026"] {
        for step in Step::ALL {
            let mut app = editing(example(id), lang);
            go(&mut app, step);
            out.push((format!("{id} {step:?}"), app));
        }
    }
    let mut app = editing(example("camille-dupont-2026"), lang);
    key(&mut app, KeyCode::Char('p'));
    out.push(("print".into(), app));
    let mut app = editing(example("camille-dupont-2026"), lang);
    focus(&mut app, &FieldId::Phone);
    typed(&mut app, "06");
    ctrl(&mut app, 'q');
    out.push(("quit".into(), app));
    let mut app = editing(example("camille-dupont-2026"), lang);
    go(&mut app, Step::Injections);
    focus(&mut app, &FieldId::Session(5));
    key(&mut app, KeyCode::Char('m'));
    out.push(("move".into(), app));
    let mut app = editing(example("camille-dupont-2026"), lang);
    go(&mut app, Step::FollowUp);
    key(&mut app, KeyCode::Char('+'));
    out.push(("measurement".into(), app));
    let mut app = editing(example("marc-lefebvre-2026"), lang);
    go(&mut app, Step::Deficiencies);
    let first = editor(&app)
        .fields
        .iter()
        .position(|f| matches!(f.id, FieldId::Suggestion(_)))
        .unwrap();
    editor_focus(&mut app, first);
    key(&mut app, KeyCode::Char('r'));
    out.push(("reject".into(), app));
    for app in [home(lang), editing(example("camille-dupont-2026"), lang)] {
        let mut app = app;
        key(&mut app, KeyCode::F(9));
        typed(&mut app, "Claire");
        out.push(("settings".into(), app));
    }
    out
}

#[test]
fn every_french_screen_and_message_is_in_french() {
    let mut problems = Vec::new();
    for (name, app) in french_screens() {
        for (w, h) in [(80, 24), (120, 40)] {
            let text = screen_text(&app, w, h);
            let found = english_words(&text);
            if !found.is_empty() {
                problems.push(format!("{name} {w}x{h}: {found:?}"));
            }
        }
        // The help of every context.
        let mut app = app;
        if app.overlay.is_none() {
            key(&mut app, KeyCode::F(1));
            let found = english_words(&screen_text(&app, 120, 40));
            if !found.is_empty() {
                problems.push(format!("{name} help: {found:?}"));
            }
        }
    }
    // Errors from the store and the schedule.
    use trichoplan::store::error::{ConflictKind, Shown, StoreError};
    let p = || Shown("/p/x.yaml".into());
    for e in [
        StoreError::Locked { path: p() },
        StoreError::NotFound { path: p() },
        StoreError::Conflict {
            path: p(),
            kind: ConflictKind::ChangedOnDisk,
        },
        StoreError::Conflict {
            path: p(),
            kind: ConflictKind::Deleted,
        },
    ] {
        let found = english_words(&e.message(Lang::Fr));
        if !found.is_empty() {
            problems.push(format!("{e}: {found:?}"));
        }
    }
    assert!(
        problems.is_empty(),
        "English on French screens:\n{}",
        problems.join("\n")
    );
}

#[test]
fn choosing_prp_applies_prp_defaults_and_changing_again_asks_before_replacing_typed_values() {
    use trichoplan::domain::plan::Product;
    let catalog = default_catalog().unwrap();
    let prp = catalog.products.get(&Product::Prp).unwrap();
    let mut app = new_editing(Lang::Fr);
    go(&mut app, Step::Injections);
    focus(&mut app, &FieldId::Product);
    key(&mut app, KeyCode::Char(' ')); // exosomes
    key(&mut app, KeyCode::Char(' ')); // PRP: nothing typed by hand, so no question
    assert!(app.overlay.is_none());
    let e = editor(&app);
    let inj = e.plan.injections.as_ref().unwrap();
    assert_eq!(inj.product, Product::Prp);
    assert_eq!(
        (inj.sessions_planned, inj.interval_days),
        (prp.sessions_default, prp.interval_days)
    );
    let pricing = e.plan.pricing.as_ref().unwrap();
    assert_eq!(
        *pricing,
        trichoplan::domain::pricing::default_pricing(
            Product::Prp,
            prp.sessions_default,
            &catalog,
            &Config::default()
        ),
        "the PRP prices, not the exosome ones"
    );
    // A number of sessions typed by hand is not replaced without a yes.
    focus(&mut app, &FieldId::Sessions);
    typed(&mut app, "3");
    focus(&mut app, &FieldId::Product);
    key(&mut app, KeyCode::Char(' '));
    assert!(matches!(app.overlay, Some(Overlay::Confirm { .. })));
    key(&mut app, KeyCode::Enter); // Cancel is selected first
    let inj = editor(&app).plan.injections.clone().unwrap();
    assert_eq!((inj.product, inj.sessions_planned), (Product::Prp, 3));
    key(&mut app, KeyCode::Char(' '));
    answer(&mut app, Choice::Yes);
    let inj = editor(&app).plan.injections.clone().unwrap();
    assert_eq!(inj.product, Product::Combined);
    assert_eq!(
        inj.sessions_planned,
        catalog
            .products
            .get(&Product::Combined)
            .unwrap()
            .sessions_default
    );
}

#[test]
fn french_dates_are_read_in_every_date_field_and_dialog() {
    let mut app = editing(example("camille-dupont-2026"), Lang::Fr);
    focus(&mut app, &FieldId::Delivery);
    key(&mut app, KeyCode::Char('x'));
    assert!(editor(&app).inputs[&FieldId::Delivery].error.is_some());
    // Back on the field after an invalid entry, typing replaces it.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::BackTab);
    typed(&mut app, "14/02/2026");
    assert_eq!(
        editor(&app).plan.patient.history.delivery,
        Some(date(2026, 2, 14))
    );
    // The session-done dialog opens on the date, which takes the French form too.
    go(&mut app, Step::Injections);
    focus(&mut app, &FieldId::Session(3));
    key(&mut app, KeyCode::Char('d'));
    let Some(Overlay::Prompt(p)) = &app.overlay else {
        panic!("no dialog")
    };
    assert_eq!(p.focus, 0);
    assert_eq!(p.fields[0].input.text, "26/11/2026");
    ctrl(&mut app, 'u');
    typed(&mut app, "20/11/2026");
    // The yes/no field is a choice: letters do nothing there.
    for _ in 0..6 {
        key(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "abc");
    let Some(Overlay::Prompt(p)) = &app.overlay else {
        panic!("no dialog")
    };
    assert_eq!(p.fields[6].input.text, "no");
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    let s3 = editor(&app).plan.injections.as_ref().unwrap().sessions[2].clone();
    assert_eq!(s3.date, Some(date(2026, 11, 20)));
    // Moving a session: a French date.
    focus(&mut app, &FieldId::Session(5));
    key(&mut app, KeyCode::Char('m'));
    typed(&mut app, "15/01/2027");
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    assert_eq!(
        editor(&app).plan.injections.as_ref().unwrap().sessions[4].planned,
        date(2027, 1, 15)
    );
    // The first session's date (the series start) of a new protocol.
    let mut app = new_editing(Lang::Fr);
    go(&mut app, Step::Injections);
    focus(&mut app, &FieldId::Product);
    key(&mut app, KeyCode::Char(' '));
    focus(&mut app, &FieldId::Start);
    typed(&mut app, "07/12/2026");
    assert_eq!(
        editor(&app).plan.injections.as_ref().unwrap().start,
        date(2026, 12, 7)
    );
}

#[test]
fn one_key_shows_eligibility_sessions_and_quote_at_80x24_and_the_footer_fits() {
    for lang in [Lang::En, Lang::Fr] {
        let mut app = editing(example("camille-dupont-2026"), lang);
        key(&mut app, KeyCode::F(2));
        assert!(editor(&app).zoom);
        let text = screen_text(&app, 80, 24);
        for want in [
            lang.pick("Injections:", "Injections :"),
            lang.pick("Quote", "Devis"),
            lang.pick("session 3", "séance 3"),
        ] {
            assert!(text.contains(want), "{want:?} not in\n{text}");
        }
        key(&mut app, KeyCode::Esc);
        assert!(!editor(&app).zoom);
        assert!(app.editor().is_some(), "Esc closed only the preview");
        // The footer keeps help and save within 80 columns.
        let text = screen_text(&app, 80, 24);
        let footer = text.lines().last().unwrap();
        assert!(footer.contains("^S") && footer.contains('?'), "{footer}");
    }
}

#[test]
fn saving_a_signed_and_planned_draft_asks_before_it_becomes_active() {
    use trichoplan::domain::plan::Status;
    let mut plan = read_plan(&common::root().join("plans/camille-dupont-2026.yaml"))
        .unwrap()
        .plan;
    plan.status = Status::Draft;
    let mut app = editing(plan, Lang::Fr);
    // Asked, never silent; Enter alone keeps the status and still saves.
    assert_eq!(ctrl(&mut app, 's'), vec![]);
    assert!(matches!(app.overlay, Some(Overlay::Confirm { .. })));
    let effects = key(&mut app, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::Save { .. }]),
        "{effects:?}"
    );
    assert_eq!(editor(&app).plan.status, Status::Draft);
    // Not asked again in the same editing session.
    assert!(matches!(
        ctrl(&mut app, 's').as_slice(),
        [Effect::Save { .. }]
    ));

    let mut plan = read_plan(&common::root().join("plans/camille-dupont-2026.yaml"))
        .unwrap()
        .plan;
    plan.status = Status::Draft;
    let mut app = editing(plan, Lang::Fr);
    ctrl(&mut app, 's');
    let effects = answer(&mut app, Choice::Yes);
    assert!(
        matches!(effects.as_slice(), [Effect::Save { .. }]),
        "{effects:?}"
    );
    assert_eq!(editor(&app).plan.status, Status::Active);
}

#[test]
fn the_list_filter_knows_the_statuses_it_shows() {
    let mut app = home(Lang::Fr);
    let active = home_of(&app)
        .rows
        .iter()
        .filter(|r| r.status == trichoplan::domain::plan::Status::Active)
        .count();
    assert!(active > 0);
    typed(&mut app, "en cours");
    assert_eq!(home_of(&app).visible.len(), active);
}

fn wheel(app: &mut App, down: bool) {
    use ratatui::crossterm::event::{MouseEvent, MouseEventKind};
    app.update(Msg::Mouse(MouseEvent {
        kind: if down {
            MouseEventKind::ScrollDown
        } else {
            MouseEventKind::ScrollUp
        },
        column: 40,
        row: 10,
        modifiers: KeyModifiers::NONE,
    }));
}

#[test]
fn the_mouse_wheel_scrolls_the_form_and_moves_the_list_selection() {
    // The list: the wheel moves the selection, and never past either end.
    let mut app = home(Lang::Fr);
    let first = home_of(&app).selected;
    wheel(&mut app, true);
    assert_eq!(home_of(&app).selected, first + 1);
    for _ in 0..20 {
        wheel(&mut app, true);
    }
    assert_eq!(home_of(&app).selected, home_of(&app).visible.len() - 1);
    for _ in 0..20 {
        wheel(&mut app, false);
    }
    assert_eq!(home_of(&app).selected, 0);

    // The assessment at 80×24 is longer than the screen: the wheel shows what is below.
    let mut app = editing(example("camille-dupont-2026"), Lang::Fr);
    go(&mut app, Step::Assessment);
    let top = screen_text(&app, 80, 24);
    assert!(top.contains("Contre-indications"), "{top}");
    wheel(&mut app, true);
    wheel(&mut app, true);
    let below = screen_text(&app, 80, 24);
    assert_ne!(top, below);
    assert!(!below.contains("Contre-indications (toutes"), "{below}");
    // No field was entered by scrolling, and scrolling back up shows the top again.
    assert!(!editor(&app).entered);
    wheel(&mut app, false);
    wheel(&mut app, false);
    assert_eq!(screen_text(&app, 80, 24), top);
    // Far past the end, one turn back up moves at once (the form does not overscroll).
    for _ in 0..200 {
        wheel(&mut app, true);
    }
    let bottom = screen_text(&app, 80, 24);
    wheel(&mut app, false);
    assert_ne!(screen_text(&app, 80, 24), bottom);
    // A key brings the form back to its focused field.
    key(&mut app, KeyCode::Tab);
    assert!(editor(&app).entered && !editor(&app).wheel);
    assert!(screen_text(&app, 80, 24).contains("Contre-indications"));
}

#[test]
fn the_preview_warns_about_sessions_closer_than_the_minimum_interval() {
    let mut plan = example("camille-dupont-2026");
    let sessions = &mut plan.injections.as_mut().unwrap().sessions;
    let third = sessions.iter().find(|s| s.number == 3).unwrap().planned;
    let fourth = sessions.iter_mut().find(|s| s.number == 4).unwrap();
    fourth.planned = third.checked_add(jiff::Span::new().days(3)).unwrap();
    for lang in [Lang::Fr, Lang::En] {
        let mut app = editing(plan.clone(), lang);
        key(&mut app, KeyCode::F(2));
        let text = screen_text(&app, 80, 24);
        let words = lang.pick(
            "session 4 is 3 days after session 3",
            "séance 4 vient 3 jours",
        );
        assert!(text.contains('⚠') && text.contains(words), "{text}");
    }
}

#[test]
fn a_post_partum_series_starts_when_the_wait_ends_and_the_interface_says_why() {
    for lang in [Lang::Fr, Lang::En] {
        let mut app = new_editing(lang);
        if let Screen::Editor(e) = &mut app.screen {
            e.plan.assessment.complaint =
                Some(trichoplan::domain::plan::Complaint::PostpartumShedding);
            e.plan.patient.history.delivery = Some(date(2026, 9, 20));
        }
        go(&mut app, Step::Injections);
        focus(&mut app, &FieldId::Product);
        key(&mut app, KeyCode::Char(' '));
        let inj = editor(&app).plan.injections.clone().expect("a protocol");
        assert_eq!(inj.start, date(2027, 3, 20));
        let status = app
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default();
        let words = lang.pick(
            "Session 1 proposed on 20 Mar 2027",
            "Séance 1 proposée le 20/03/2027",
        );
        assert!(status.contains(words), "{status}");
    }
}

fn settings_prompt(app: &App) -> &trichoplan::tui::app::Prompt {
    match &app.overlay {
        Some(Overlay::Prompt(p)) if p.kind == trichoplan::tui::app::PromptKind::Settings => p,
        other => panic!("not the settings dialog: {other:?}"),
    }
}

#[test]
fn f9_on_the_list_opens_the_settings_and_enter_carries_them_to_be_written() {
    let mut app = home(Lang::En);
    // F9 is never filter text: the filter stays as typed.
    typed(&mut app, "dup");
    assert!(key(&mut app, KeyCode::F(9)).is_empty());
    assert_eq!(home_of(&app).filter, "dup");
    assert_eq!(settings_prompt(&app).focus, 0);
    typed(&mut app, "Claire Martin");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "Dr");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "04 78 00 00 00");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "claire@example.org");
    // Ctrl-U empties a field.
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "wrong");
    ctrl(&mut app, 'u');
    typed(&mut app, "Lyon");
    // The language: a choice turned with Space.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char(' '));
    // The exosomes' price per session.
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "900");
    let effects = key(&mut app, KeyCode::Enter);
    let [Effect::SaveConfig(config)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let p = config.practitioner.as_ref().unwrap();
    assert_eq!(p.signed_name(), "Dr Claire Martin");
    assert_eq!(p.phone.as_ref().unwrap().as_str(), "04 78 00 00 00");
    assert_eq!(p.email.as_ref().unwrap().as_str(), "claire@example.org");
    assert_eq!(p.address.as_ref().unwrap().as_str(), "Lyon");
    assert_eq!(p.clinic, None);
    assert_eq!(config.language, Some(Lang::Fr));
    let exo = config
        .prices
        .get(&trichoplan::domain::plan::Product::Exosomes)
        .unwrap();
    assert_eq!(
        exo.per_session_cents,
        Some(trichoplan::domain::Cents(90000))
    );
    // The dialog stays until the settings are written, then they are in force.
    settings_prompt(&app);
    let rows = home_of(&app).rows.len();
    assert!(rows > 0);
    app.update(Msg::SettingsSaved(config.clone()));
    assert!(app.overlay.is_none());
    assert_eq!(&app.config, config.as_ref());
    // The plan list is still there (it was emptied once).
    assert_eq!(home_of(&app).rows.len(), rows);
    assert!(app.status.as_ref().unwrap().text.contains("config.yaml"));
    // Opened again, it shows them.
    key(&mut app, KeyCode::F(9));
    assert_eq!(settings_prompt(&app).fields[0].input.text, "Claire Martin");
    assert!(!settings_prompt(&app).touched());
}

#[test]
fn esc_in_the_settings_asks_only_when_something_was_typed_and_errors_keep_the_dialog() {
    let mut app = home(Lang::En);
    key(&mut app, KeyCode::F(9));
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    key(&mut app, KeyCode::F(9));
    typed(&mut app, "Claire");
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.overlay, Some(Overlay::DiscardPrompt(_))));
    // Keep editing: the typed name is still there.
    key(&mut app, KeyCode::Enter);
    assert_eq!(settings_prompt(&app).fields[0].input.text, "Claire");
    // A contact without a name is refused in the dialog.
    ctrl(&mut app, 'u');
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "04 78");
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    assert!(settings_prompt(&app).error.is_some());
    // A file that cannot be written: the dialog stays, with the reason.
    key(&mut app, KeyCode::Home);
    ctrl(&mut app, 'u');
    for _ in 0..3 {
        key(&mut app, KeyCode::BackTab);
    }
    typed(&mut app, "Claire");
    assert_eq!(key(&mut app, KeyCode::Enter).len(), 1);
    app.update(Msg::SettingsNotSaved("/c/config.yaml:3:1: bad".into()));
    assert_eq!(
        settings_prompt(&app).error.as_deref(),
        Some("/c/config.yaml:3:1: bad")
    );
    // Discarding the typed text closes it, nothing written.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Right);
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    assert!(app.overlay.is_none());
    assert_eq!(app.config, Config::default());
}

#[test]
fn a_new_plan_takes_the_practitioner_just_set_and_a_saved_one_keeps_its_own() {
    let mut app = new_editing(Lang::En);
    key(&mut app, KeyCode::F(9));
    typed(&mut app, "Claire Martin");
    let effects = key(&mut app, KeyCode::Enter);
    let [Effect::SaveConfig(config)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    app.update(Msg::SettingsSaved(config.clone()));
    assert_eq!(editor(&app).plan.practitioner, config.practitioner);

    let plan = example("camille-dupont-2026");
    let own = plan.practitioner.clone();
    assert!(own.is_some());
    let mut app = editing(plan, Lang::Fr);
    key(&mut app, KeyCode::F(9));
    typed(&mut app, "Claire Martin");
    let effects = key(&mut app, KeyCode::Enter);
    let [Effect::SaveConfig(config)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    app.update(Msg::SettingsSaved(config.clone()));
    assert_eq!(editor(&app).plan.practitioner, own);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("garde le praticien")
    );
}

#[test]
fn plus_on_the_follow_up_step_enters_the_new_measurement_and_says_so() {
    let mut app = editing(example("camille-dupont-2026"), Lang::Fr);
    go(&mut app, Step::FollowUp);
    let before = editor(&app).plan.followup.measurements.len();
    key(&mut app, KeyCode::Char('+'));
    let e = editor(&app);
    assert_eq!(e.plan.followup.measurements.len(), before + 1);
    assert_eq!(
        e.focused().map(|f| f.id.clone()),
        Some(FieldId::MeasValue(before))
    );
    let status = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("Mesure ajoutée"), "{status}");
    // The value typed goes into the new measurement.
    typed(&mut app, "42");
    key(&mut app, KeyCode::Tab);
    let m = &editor(&app).plan.followup.measurements[before];
    assert_eq!(m.value.map(|v| v.get()), Some(42.0));
}

#[test]
fn the_lab_result_keys_are_offered_in_lab_fields_only() {
    use trichoplan::tui::keys::{self, Context};
    let mut app = editing(example("camille-dupont-2026"), Lang::Fr);
    focus(&mut app, &FieldId::Delivery);
    assert_eq!(app.context(), Context::Typing);
    let shows = |app: &App, k: &str| keys::table(app.context()).iter().any(|b| b.label == k);
    assert!(!shows(&app, "^N") && !shows(&app, "^D"));
    go(&mut app, Step::Deficiencies);
    let analyte = editor(&app)
        .fields
        .iter()
        .find_map(|f| match &f.id {
            FieldId::LabValue(k) => Some(k.clone()),
            _ => None,
        })
        .expect("a lab field");
    focus(&mut app, &FieldId::LabValue(analyte));
    assert_eq!(app.context(), Context::LabTyping);
    assert!(shows(&app, "^N") && shows(&app, "^D"));
}

#[test]
fn ctrl_p_prints_from_inside_a_text_field_where_p_is_text() {
    let mut app = editing(example("camille-dupont-2026"), Lang::Fr);
    focus(&mut app, &FieldId::Delivery);
    key(&mut app, KeyCode::Char('p'));
    assert!(app.overlay.is_none(), "p is text in a field");
    ctrl(&mut app, 'p');
    assert!(matches!(app.overlay, Some(Overlay::Print { .. })));
}
