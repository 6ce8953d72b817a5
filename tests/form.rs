//! The form framework, walked programmatically: every date field of every step and dialog
//! takes a date the way the interface language writes it, choices never take letters, every
//! field reads back what it writes, and the focus stays on the field the user was on.

mod common;

use jiff::civil::{Date, date};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use trichoplan::domain::config::Config;
use trichoplan::domain::evaluate::SuggestionStatus;
use trichoplan::domain::{Lang, Plan, PlanId};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::read_plan;
use trichoplan::tui::app::{App, Editor, Msg, Overlay, new_plan};
use trichoplan::tui::form::{self, Ctx, FieldId, Kind, Step, show_date};

const TODAY: Date = date(2026, 11, 26);

fn example(id: &str) -> Plan {
    read_plan(&common::root().join(format!("plans/{id}.yaml")))
        .unwrap()
        .plan
}

fn app(lang: Lang) -> App {
    App::new(
        lang,
        default_catalog().unwrap(),
        Config::default(),
        TODAY,
        "/tmp/plans".into(),
    )
}

fn editing(plan: Plan, lang: Lang) -> App {
    let mut app = app(lang);
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
    let mut app = app(lang);
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

fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn ctrl(app: &mut App, c: char) {
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn editor(app: &App) -> &Editor {
    app.editor().expect("the editor is open")
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

/// Tabs to the field at `index` of the current step.
fn focus_at(app: &mut App, index: usize) {
    for _ in 0..400 {
        if editor(app).entered && editor(app).focus == index {
            return;
        }
        key(app, KeyCode::Tab);
    }
    panic!("no field {index}");
}

fn focus(app: &mut App, id: &FieldId) {
    let i = editor(app)
        .fields
        .iter()
        .position(|f| f.id == *id)
        .unwrap_or_else(|| panic!("no field {id:?}"));
    focus_at(app, i);
}

/// The date to type in a field: one it accepts besides its format (a started series keeps
/// its first date).
fn date_for(e: &Editor, id: &FieldId) -> Date {
    match id {
        FieldId::Start => e
            .plan
            .injections
            .as_ref()
            .filter(|i| i.sessions.iter().any(|s| s.date.is_some()))
            .map_or(date(2026, 12, 7), |i| i.start),
        _ => date(2026, 2, 14),
    }
}

/// The date as a person writes it in `lang`: day first in French, ISO in English.
fn written(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Fr => d.strftime("%d/%m/%Y").to_string(),
        Lang::En => d.to_string(),
    }
}

/// Types a date into every date field of every step; returns how many fields took one.
fn every_date_field(app: &mut App, lang: Lang) -> usize {
    let mut seen = 0;
    for step in Step::ALL {
        go(app, step);
        if step == Step::FollowUp && editor(app).plan.followup.measurements.is_empty() {
            key(app, KeyCode::Char('+'));
        }
        let n = editor(app).fields.len();
        for i in 0..n {
            let f = editor(app).fields[i].clone();
            // A lab date belongs to a result: give the result a value first.
            if let FieldId::LabValue(_) = f.id
                && !editor(app).inputs.contains_key(&f.id)
            {
                let e = editor(app);
                let ctx = ctx(app, e);
                if f.read(&e.plan, &ctx).is_empty() {
                    focus_at(app, i);
                    typed(app, "10");
                }
            }
            if f.kind != Kind::Date {
                continue;
            }
            focus_at(app, i);
            let d = date_for(editor(app), &f.id);
            ctrl(app, 'u');
            typed(app, &written(d, lang));
            let e = editor(app);
            assert_eq!(
                e.inputs.get(&f.id).and_then(|x| x.error.clone()),
                None,
                "{:?} on {step:?} refused {}",
                f.id,
                written(d, lang)
            );
            let field = e.fields.iter().find(|x| x.id == f.id).expect("still there");
            assert_eq!(field.read(&e.plan, &ctx(app, e)), show_date(d, lang));
            seen += 1;
        }
    }
    seen
}

fn ctx<'a>(app: &'a App, e: &'a Editor) -> Ctx<'a> {
    Ctx {
        catalog: &app.catalog,
        eval: &e.eval,
        config: &app.config,
        lang: app.lang,
        today: app.today,
    }
}

#[test]
fn every_date_field_of_every_step_takes_the_language_s_date() {
    for lang in [Lang::Fr, Lang::En] {
        // A plan with a series begun, labs, consent and measurements.
        let mut app = editing(example("camille-dupont-2026"), lang);
        let seen = every_date_field(&mut app, lang);
        assert!(seen >= 8, "{seen} date fields");
        // A new plan, with a new series whose first date can still move.
        let mut app = new_editing(lang);
        go(&mut app, Step::Injections);
        focus(&mut app, &FieldId::Product);
        key(&mut app, KeyCode::Char(' '));
        assert!(editor(&app).plan.injections.is_some());
        every_date_field(&mut app, lang);
        assert_eq!(
            editor(&app).plan.injections.as_ref().unwrap().start,
            date(2026, 12, 7)
        );
    }
}

/// Opens each dialog of the injections step and types a date in each of its date fields.
#[test]
fn every_date_field_of_every_dialog_takes_the_language_s_date() {
    for lang in [Lang::Fr, Lang::En] {
        let mut app = editing(example("camille-dupont-2026"), lang);
        go(&mut app, Step::Injections);
        for (session, letter, d) in [
            (3, 'd', date(2026, 11, 20)),
            (5, 'm', date(2027, 1, 15)),
            (6, 'c', date(2027, 2, 1)),
        ] {
            focus(&mut app, &FieldId::Session(session));
            key(&mut app, KeyCode::Char(letter));
            let Some(Overlay::Prompt(p)) = &app.overlay else {
                panic!("no dialog for {letter}")
            };
            assert_eq!(p.focus, 0, "a dialog opens on its first field");
            let dates: Vec<usize> = p
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| f.field.kind == Kind::Date)
                .map(|(i, _)| i)
                .collect();
            for i in dates {
                while !matches!(&app.overlay, Some(Overlay::Prompt(p)) if p.focus == i) {
                    key(&mut app, KeyCode::Tab);
                }
                ctrl(&mut app, 'u');
                typed(&mut app, &written(d, lang));
                let Some(Overlay::Prompt(p)) = &app.overlay else {
                    panic!("the dialog closed")
                };
                assert_eq!(p.fields[i].input.error, None, "{:?}", p.fields[i].field.id);
            }
            key(&mut app, KeyCode::Enter);
            assert!(app.overlay.is_none(), "{:?}", app.overlay);
        }
        let s = &editor(&app).plan.injections.as_ref().unwrap().sessions;
        assert_eq!(s[2].date, Some(date(2026, 11, 20)));
        assert_eq!(s[4].planned, date(2027, 1, 15));
    }
}

#[test]
fn choices_and_yes_no_fields_never_take_letters() {
    let mut app = editing(example("camille-dupont-2026"), Lang::Fr);
    for step in Step::ALL {
        go(&mut app, step);
        let n = editor(&app).fields.len();
        for i in 0..n {
            let f = editor(&app).fields[i].clone();
            if !matches!(f.kind, Kind::YesNo | Kind::Choice(_) | Kind::Check) {
                continue;
            }
            focus_at(&mut app, i);
            let before = editor(&app).plan.clone();
            typed(&mut app, "abc");
            assert_eq!(editor(&app).plan, before, "{:?} took letters", f.id);
            assert!(!editor(&app).inputs.contains_key(&f.id));
            // Written directly, letters are refused with a reason.
            let e = editor(&app);
            let mut plan = e.plan.clone();
            assert!(
                f.write(&mut plan, "abc", &ctx(&app, e)).is_err(),
                "{:?} accepted abc",
                f.id
            );
        }
    }
}

#[test]
fn every_field_reads_back_what_it_writes() {
    for name in [
        "camille-dupont-2026",
        "marc-lefebvre-2026",
        "odile-bernard-2026",
    ] {
        for lang in [Lang::Fr, Lang::En] {
            let mut app = editing(example(name), lang);
            for step in Step::ALL {
                go(&mut app, step);
                let e = editor(&app);
                let c = ctx(&app, e);
                for f in e.fields.iter().filter(|f| f.kind != Kind::Row) {
                    if f.id == FieldId::Product {
                        continue; // chosen through the editor, which asks first
                    }
                    let text = f.read(&e.plan, &c);
                    let mut plan = e.plan.clone();
                    let written = f.write(&mut plan, &text, &c);
                    // A field left empty may be required: then it says so and changes nothing.
                    if text.is_empty() && written.is_err() {
                        assert_eq!(plan, e.plan);
                        continue;
                    }
                    assert_eq!(written, Ok(()), "{name} {:?} {text:?}", f.id);
                    assert_eq!(f.read(&plan, &c), text, "{name} {:?}", f.id);
                }
            }
        }
    }
}

#[test]
fn accepting_a_suggestion_keeps_the_focus_on_the_next_suggestion() {
    for name in [
        "marc-lefebvre-2026",
        "camille-dupont-2026",
        "odile-bernard-2026",
    ] {
        let mut app = editing(example(name), Lang::En);
        for step in Step::ALL {
            go(&mut app, step);
            let pending: Vec<usize> = editor(&app)
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| match f.id {
                    FieldId::Suggestion(i) => {
                        editor(&app).eval.suggestions[i].status == SuggestionStatus::Pending
                    }
                    _ => false,
                })
                .map(|(pos, _)| pos)
                .collect();
            if pending.len() < 2 {
                continue;
            }
            let next = editor(&app).fields[pending[1]].id.clone();
            focus_at(&mut app, pending[0]);
            key(&mut app, KeyCode::Char('a'));
            assert_eq!(
                editor(&app).focused().map(|f| f.id.clone()),
                Some(next.clone()),
                "{name} {step:?}"
            );
            // The next key answers that suggestion, not a field inserted above it.
            key(&mut app, KeyCode::Char('a'));
            let FieldId::Suggestion(i) = next else {
                unreachable!()
            };
            assert_eq!(
                editor(&app).eval.suggestions[i].status,
                SuggestionStatus::Accepted
            );
            return;
        }
    }
    panic!("no step with two pending suggestions in the examples");
}

#[test]
fn an_incomplete_step_says_what_it_lacks() {
    let app = new_editing(Lang::Fr);
    let e = editor(&app);
    let c = ctx(&app, e);
    let patient = form::missing(Step::Patient, &e.plan, &c);
    assert_eq!(patient, vec!["année de naissance".to_owned()]);
    let assessment = form::missing(Step::Assessment, &e.plan, &c);
    assert!(
        assessment
            .iter()
            .any(|m| m.contains("dépistage des contre-indications")),
        "{assessment:?}"
    );
    assert!(assessment.contains(&"le motif".to_owned()));
    // A series planned, its consent unsigned: the injections step says so.
    let mut app = new_editing(Lang::Fr);
    go(&mut app, Step::Injections);
    focus(&mut app, &FieldId::Product);
    key(&mut app, KeyCode::Char(' '));
    let e = editor(&app);
    let injections = form::missing(Step::Injections, &e.plan, &ctx(&app, e));
    assert!(
        injections.contains(&"consentement non signé".to_owned()),
        "{injections:?}"
    );
}

#[test]
fn the_contraindication_screen_comes_first_in_the_assessment() {
    let mut app = editing(example("camille-dupont-2026"), Lang::En);
    go(&mut app, Step::Assessment);
    let e = editor(&app);
    let first = &e.fields[0];
    assert!(
        first
            .heading
            .as_deref()
            .is_some_and(|h| h.starts_with("Contraindications")),
        "{first:?}"
    );
    let screen: Vec<bool> = e
        .fields
        .iter()
        .map(|f| match &f.id {
            FieldId::Answer(k) => app.catalog.questions.get(k).is_some_and(|q| q.screen),
            _ => false,
        })
        .collect();
    let count = screen.iter().filter(|s| **s).count();
    assert!(count > 5);
    assert!(screen[..count].iter().all(|s| *s), "the screen is first");
}

#[test]
fn ctrl_u_and_esc_behave_in_dialogs_as_in_steps() {
    let mut app = editing(example("camille-dupont-2026"), Lang::Fr);
    go(&mut app, Step::Injections);
    focus(&mut app, &FieldId::Session(3));
    key(&mut app, KeyCode::Char('d'));
    // Ctrl-U empties the date; an empty required date is refused in place.
    ctrl(&mut app, 'u');
    let Some(Overlay::Prompt(p)) = &app.overlay else {
        panic!("no dialog")
    };
    assert_eq!(p.fields[0].input.text, "");
    assert!(p.fields[0].input.error.is_some());
    // Enter keeps the dialog open, with the reason.
    key(&mut app, KeyCode::Enter);
    assert!(matches!(&app.overlay, Some(Overlay::Prompt(p)) if p.error.is_some()));
    // Esc asks before throwing the typed text away.
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.overlay, Some(Overlay::DiscardPrompt(_))));
}

#[test]
fn a_long_list_of_what_a_step_lacks_is_shown_whole() {
    use ratatui::{Terminal, backend::TestBackend};
    let mut app = new_editing(Lang::Fr);
    go(&mut app, Step::Assessment);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| trichoplan::tui::view::draw(f, &app))
        .unwrap();
    let text: String = terminal
        .backend()
        .buffer()
        .content()
        .chunks(80)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect();
    assert!(text.contains("(voir en haut)"), "{text}");
    assert!(text.contains("les zones examinées"), "{text}");
    assert!(text.contains("le motif"), "{text}");
}

#[test]
fn the_cursor_stays_visible_while_typing_a_long_value() {
    use ratatui::backend::Backend;
    use ratatui::{Terminal, backend::TestBackend};
    let mut app = editing(example("camille-dupont-2026"), Lang::Fr);
    focus(&mut app, &FieldId::Medications);
    ctrl(&mut app, 'u');
    let long = "levothyroxine 75 µg; contraception orale (désogestrel 75 µg); fer 30 mg un jour sur deux; vitamine D 1000 UI par jour; zinc";
    typed(&mut app, long);
    assert_eq!(editor(&app).inputs[&FieldId::Medications].error, None);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| trichoplan::tui::view::draw(f, &app))
        .unwrap();
    let pos = terminal.backend_mut().get_cursor_position().unwrap();
    let buffer = terminal.backend().buffer().clone();
    // The cursor is inside the form, right after the last letter typed.
    assert!(
        pos.x > 27 && pos.x < 79 && pos.y > 0 && pos.y < 17,
        "{pos:?}"
    );
    assert_eq!(buffer[(pos.x - 1, pos.y)].symbol(), "c");
    // Every word typed is on screen: wrapped, not cut.
    let screen: String = buffer.content().iter().map(|c| c.symbol()).collect();
    assert!(screen.contains("zinc") && screen.contains("levothyroxine"));
}

#[test]
fn units_are_stored_neutral_and_shown_in_the_readers_words_compound_ones_too() {
    use trichoplan::domain::plan::{unit_stored, unit_words};
    for (stored, fr, en) in [
        ("hairs", "cheveux", "hairs"),
        ("hairs/cm²", "cheveux/cm²", "hairs/cm²"),
        ("h/week", "h/semaine", "h/week"),
        ("ng/mL", "ng/mL", "ng/mL"),
    ] {
        assert_eq!(unit_words(stored, Lang::Fr), fr);
        assert_eq!(unit_words(stored, Lang::En), en);
        assert_eq!(unit_stored(fr), stored);
        assert_eq!(unit_stored(en), stored);
    }
    // A word that only begins like a unit is not one.
    assert_eq!(unit_words("hairsx", Lang::Fr), "hairsx");
}
