//! The print dialog without a terminal: the document first, then where it goes (a file first,
//! the printer only when one is set up), answered with the arrows and Enter, in both languages.

mod common;

use jiff::civil::{Date, date};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use trichoplan::domain::config::Config;
use trichoplan::domain::{Lang, Plan};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::read_plan;
use trichoplan::tui::app::{App, Choice, Effect, Format, Msg, Overlay, PrintDoc, PrintTo};
use trichoplan::tui::view;

const TODAY: Date = date(2026, 11, 26);

fn editing(id: &str, lang: Lang) -> App {
    let plan: Plan = read_plan(&common::root().join(format!("plans/{id}.yaml")))
        .unwrap()
        .plan;
    let mut app = App::new(
        lang,
        default_catalog().unwrap(),
        Config::default(),
        TODAY,
        "/home/claire/plans".into(),
    );
    app.update(Msg::Opened {
        saved: Some(Box::new(plan.clone())),
        draft_id: plan.id.clone(),
        plan: Box::new(plan),
        base: Some(b"x".to_vec()),
    });
    app
}

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
    t.draw(|f| view::draw(f, app)).unwrap();
    t.backend().to_string()
}

#[test]
fn print_asks_the_document_then_a_file_or_the_printer() {
    let mut app = editing("camille-dupont-2026", Lang::En);
    assert!(press(&mut app, KeyCode::Char('p')).is_empty());
    assert!(matches!(
        app.overlay,
        Some(Overlay::Print { referral: false })
    ));
    // Patient handout is selected first; Enter asks where it goes, and prints nothing yet.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let Some(overlay @ Overlay::PrintTo { .. }) = app.overlay.clone() else {
        panic!("{:?}", app.overlay);
    };
    let (choices, first) = overlay.choices();
    assert_eq!(
        choices,
        vec![
            Choice::PrintTo(PrintTo::File(Format::Pdf)),
            Choice::PrintTo(PrintTo::File(Format::Html)),
            Choice::PrintTo(PrintTo::File(Format::Text)),
            Choice::No,
        ],
        "no printer set up: files only"
    );
    assert_eq!(first, 0);
    let shown = screen(&app);
    assert!(shown.contains("Patient handout — where to?"), "{shown}");
    assert!(shown.contains("No printer is set up"), "{shown}");
    assert!(shown.contains("/home/claire/plans/printouts"), "{shown}");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        vec![Effect::Print {
            doc: PrintDoc::Patient,
            to: PrintTo::File(Format::Pdf)
        }]
    );
    assert!(app.overlay.is_none());

    // Letters answer nothing in a dialog; Esc leaves it.
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Enter);
    for c in ['y', 'o', 'p', 'q'] {
        assert!(press(&mut app, KeyCode::Char(c)).is_empty());
        assert!(matches!(app.overlay, Some(Overlay::PrintTo { .. })));
    }
    assert!(press(&mut app, KeyCode::Esc).is_empty());
    assert!(app.overlay.is_none());
}

#[test]
fn with_a_printer_set_up_the_pdf_can_go_to_it() {
    let mut app = editing("daniel-okafor-2026", Lang::Fr);
    app.update(Msg::Printer(Some("cabinet".to_owned())));
    press(&mut app, KeyCode::Char('p'));
    // A refer-first patient: the referral letter is offered, last before Cancel.
    let Some(overlay @ Overlay::Print { referral: true }) = app.overlay.clone() else {
        panic!("{:?}", app.overlay);
    };
    let (docs, _) = overlay.choices();
    assert_eq!(docs[3], Choice::Print(PrintDoc::Referral));
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    press(&mut app, KeyCode::Enter);
    let shown = screen(&app);
    assert!(shown.contains("Lettre d'adressage — où ?"), "{shown}");
    assert!(shown.contains("Imprimante : cabinet"), "{shown}");
    assert!(
        shown.contains("Fichier PDF") && shown.contains("PDF à l'imprimante"),
        "{shown}"
    );
    for english in ["file", "Printer", "where", "Cancel"] {
        assert!(!shown.contains(english), "{english} in:\n{shown}");
    }
    press(&mut app, KeyCode::Right);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        vec![Effect::Print {
            doc: PrintDoc::Referral,
            to: PrintTo::Printer
        }]
    );
}
