//! No value a person can type makes trichoplan panic: huge day counts, session numbers and
//! series, and names made of invisible characters.

mod common;

use jiff::civil::{Date, date};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use trichoplan::domain::config::Config;
use trichoplan::domain::schedule::series_dates;
use trichoplan::domain::{Lang, Plan, Text};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::read_plan;
use trichoplan::tui::app::{App, Msg};
use trichoplan::tui::form::{FieldId, Step};

const TODAY: Date = date(2026, 11, 26);

fn editing(plan: Plan) -> App {
    let mut app = App::new(
        Lang::En,
        default_catalog().unwrap(),
        Config::default(),
        TODAY,
        "/plans".into(),
    );
    let id = plan.id.clone();
    app.update(Msg::Opened {
        saved: Some(Box::new(plan.clone())),
        plan: Box::new(plan),
        base: Some(b"x".to_vec()),
        draft_id: id,
    });
    app
}

fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

#[test]
fn moving_a_session_by_any_number_of_days_never_panics() {
    let plan = read_plan(&common::root().join("plans/camille-dupont-2026.yaml"))
        .unwrap()
        .plan;
    for typed in [
        "+99999999",
        "-99999999",
        "+9223372036854775807",
        "-9223372036854775808",
        "+7304484",
        "+3000000",
    ] {
        let mut app = editing(plan.clone());
        for _ in 0..9 {
            if app.editor().unwrap().step == Step::Injections {
                break;
            }
            key(&mut app, KeyCode::PageDown);
        }
        for _ in 0..400 {
            if app.editor().unwrap().focused().map(|f| &f.id) == Some(&FieldId::Session(5)) {
                break;
            }
            key(&mut app, KeyCode::Tab);
        }
        key(&mut app, KeyCode::Char('m'));
        for _ in 0..12 {
            key(&mut app, KeyCode::Backspace);
        }
        for c in typed.chars() {
            key(&mut app, KeyCode::Char(c));
        }
        key(&mut app, KeyCode::Enter);
        // Refused or done, the plan stays within the calendar.
        let sessions = &app
            .editor()
            .unwrap()
            .plan
            .injections
            .as_ref()
            .unwrap()
            .sessions;
        assert!(sessions.iter().all(|s| s.planned.year() <= 9999), "{typed}");
    }
}

#[test]
fn the_longest_series_at_the_longest_interval_is_refused_not_a_panic() {
    assert!(series_dates(TODAY, u8::MAX, u16::MAX).is_err());
    assert_eq!(series_dates(TODAY, 3, 7).unwrap().len(), 3);
}

#[test]
fn a_name_of_invisible_characters_is_empty() {
    for name in [
        "\u{200B}",
        "\u{200B}\u{200C}\u{200D}",
        " \u{FEFF} ",
        "\u{2060}",
    ] {
        assert!(Text::new(name).is_err(), "{name:?}");
    }
    assert!(Text::new("Zoé\u{200D}").is_ok());
}

/// A write beyond the file-size limit (`ulimit -f`) raises SIGXFSZ, which by default kills the
/// process without a word: trichoplan ends with one error line naming the file instead.
#[test]
fn a_write_beyond_the_file_size_limit_ends_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("summary.html");
    let run = std::process::Command::new("bash")
        .arg("-c")
        .arg(r#"ulimit -f 1; exec "$0" --plans-dir "$1" print camille-dupont-2026 --format html -o "$2""#)
        .arg(env!("CARGO_BIN_EXE_trichoplan"))
        .arg(common::root().join("plans"))
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("summary.html"), "{stderr}");
    assert!(!out.exists());
}
