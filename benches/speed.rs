//! Speed targets of SPEC §9, measured (not asserted): `cargo bench`.
//!
//! Prints the median and the 95th percentile of each operation. The 10,000-plan folder is
//! built in a temporary directory from the example plans (new ids and names), as
//! `scripts/make-plans` documents.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use trichoplan::domain::config::Config;
use trichoplan::domain::{Lang, Plan, PlanId};
use trichoplan::report::{Audience, build, text};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::{Store, read_plan};
use trichoplan::tui::app::{App, Msg, Row};
use trichoplan::tui::form::Step;
use trichoplan::tui::view;

fn measure(name: &str, target: Duration, runs: usize, mut f: impl FnMut()) {
    // Warm up.
    for _ in 0..runs.min(10) {
        f();
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    let p95 = times[times.len() * 95 / 100];
    let verdict = if p95 <= target {
        "ok"
    } else {
        "SLOWER THAN TARGET"
    };
    println!("{name:<48} median {median:>10.3?}  p95 {p95:>10.3?}  target {target:?}  {verdict}");
}

fn examples() -> Vec<Plan> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans");
    let mut out: Vec<Plan> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| read_plan(&p).unwrap().plan)
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// 10,000 plans made from the examples, each with its own id and patient name.
fn many(n: usize) -> Vec<Plan> {
    let base = examples();
    (0..n)
        .map(|i| {
            let mut p = base[i % base.len()].clone();
            p.id = PlanId::new(format!("{}-{i:06}", p.id)).unwrap();
            p.patient.name =
                trichoplan::domain::Text::new(format!("{} {i}", p.patient.name)).unwrap();
            p
        })
        .collect()
}

fn main() {
    let catalog = default_catalog().unwrap();
    // TRICHOPLAN_BENCH_PLANS=50000 cargo bench measures the folder-wide operations at 50,000.
    let count: usize = std::env::var("TRICHOPLAN_BENCH_PLANS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let plans = many(count);

    // One frame at 200×60, on each editor step and on the home screen with 10,000 plans.
    let mut app = App::new(
        Lang::Fr,
        catalog.clone(),
        Config::default(),
        jiff::civil::date(2026, 11, 26),
        "/plans".into(),
    );
    app.update(Msg::Listed {
        rows: plans.iter().map(Row::of).collect(),
        unreadable: 0,
    });
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    measure(
        &format!("frame 200x60: home, {count} plans"),
        Duration::from_millis(1),
        500,
        || {
            terminal.draw(|f| view::draw(f, &app)).unwrap();
        },
    );
    let camille = examples()
        .into_iter()
        .find(|p| p.id.as_str() == "camille-dupont-2026")
        .unwrap();
    let mut editor = App::new(
        Lang::Fr,
        catalog.clone(),
        Config::default(),
        jiff::civil::date(2026, 11, 26),
        "/plans".into(),
    );
    editor.update(Msg::Opened {
        saved: Some(Box::new(camille.clone())),
        plan: Box::new(camille.clone()),
        base: None,
        draft_id: camille.id.clone(),
    });
    for step in Step::ALL {
        while editor.editor().unwrap().step != step {
            editor.update(Msg::Key(KeyEvent::new(
                KeyCode::PageDown,
                KeyModifiers::NONE,
            )));
        }
        measure(
            &format!("frame 200x60: editor, {step:?}"),
            Duration::from_millis(1),
            500,
            || {
                terminal.draw(|f| view::draw(f, &editor)).unwrap();
            },
        );
    }

    // A keystroke in the filter, with 10,000 plans.
    let mut filtering = app.clone();
    filtering.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('/'),
        KeyModifiers::NONE,
    )));
    filtering.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('d'),
        KeyModifiers::NONE,
    )));
    let mut n = 0usize;
    measure(
        &format!("filter keystroke, {count} plans"),
        Duration::from_millis(5),
        400,
        || {
            // Alternate typing and erasing so that every run filters all the plans.
            let key = if n.is_multiple_of(2) {
                KeyCode::Char('e')
            } else {
                KeyCode::Backspace
            };
            n += 1;
            black_box(filtering.update(Msg::Key(KeyEvent::new(key, KeyModifiers::NONE))));
        },
    );

    // A keystroke in the editor (the plan is re-evaluated and the form rebuilt).
    let mut typing = editor.clone();
    while typing.editor().unwrap().step != Step::Patient {
        typing.update(Msg::Key(KeyEvent::new(
            KeyCode::PageDown,
            KeyModifiers::NONE,
        )));
    }
    // Type and erase in turn, so that every keystroke changes the plan (re-evaluated, form
    // rebuilt, draft due).
    let mut n = 0usize;
    measure(
        "editor keystroke (evaluate + form)",
        Duration::from_millis(5),
        400,
        || {
            let key = if n.is_multiple_of(2) {
                KeyCode::Char('x')
            } else {
                KeyCode::Backspace
            };
            n += 1;
            black_box(typing.update(Msg::Key(KeyEvent::new(key, KeyModifiers::NONE))));
        },
    );

    // Printing one plan.
    for audience in [Audience::Patient, Audience::Practitioner] {
        measure(
            &format!("print text, {audience:?}"),
            Duration::from_millis(10),
            300,
            || {
                black_box(text::render(&build(&camille, &catalog, audience, Lang::Fr)));
            },
        );
    }

    for audience in [Audience::Patient, Audience::Practitioner] {
        measure(
            &format!("print PDF, {audience:?}"),
            Duration::from_millis(50),
            100,
            || {
                black_box(
                    trichoplan::report::pdf::render(&build(&camille, &catalog, audience, Lang::Fr))
                        .unwrap(),
                );
            },
        );
        measure(
            &format!("print HTML, {audience:?}"),
            Duration::from_millis(10),
            300,
            || {
                black_box(trichoplan::report::html::render(&build(
                    &camille,
                    &catalog,
                    audience,
                    Lang::Fr,
                )));
            },
        );
    }

    // Listing a folder of plan files, against reading each file once.
    let dir = tempfile::tempdir().unwrap();
    for p in &plans {
        let bytes = trichoplan::store::encode_plan(p, dir.path()).unwrap();
        std::fs::write(dir.path().join(format!("{}.yaml", p.id)), bytes).unwrap();
    }
    let store = Store::new(dir.path());
    let n = format!("{count} plans");
    measure(
        &format!("read every file once (cat), {n}"),
        Duration::from_secs(1),
        5,
        || {
            for e in std::fs::read_dir(dir.path()).unwrap() {
                black_box(std::fs::read(e.unwrap().path()).unwrap());
            }
        },
    );
    measure(
        &format!("list (index cold: parse every file), {n}"),
        Duration::from_secs(20),
        3,
        || {
            let _ = std::fs::remove_file(dir.path().join(".index.json"));
            black_box(store.summaries().unwrap());
        },
    );
    store.summaries().unwrap();
    measure(
        &format!("list (index warm), {n}"),
        Duration::from_millis(60),
        10,
        || {
            black_box(store.summaries().unwrap());
        },
    );
    let from = jiff::civil::date(2026, 11, 26);
    let to = jiff::civil::date(2026, 12, 2);
    measure(
        &format!("agenda, 7 days (index warm), {n}"),
        Duration::from_millis(60),
        10,
        || {
            black_box(store.agenda(from, to, &catalog, Lang::Fr).unwrap());
        },
    );
    let new_app = || {
        App::new(
            Lang::Fr,
            catalog.clone(),
            Config::default(),
            jiff::civil::date(2026, 11, 26),
            "/plans".into(),
        )
    };
    measure(
        &format!("start to first frame (cached index + draw), {n}"),
        Duration::from_millis(50),
        10,
        || {
            let mut first = new_app();
            let cached = store.cached_summaries();
            first.update(Msg::Listed {
                rows: cached.iter().map(trichoplan::tui::run::row).collect(),
                unreadable: 0,
            });
            terminal.draw(|f| view::draw(f, &first)).unwrap();
        },
    );
    measure(
        &format!("list re-checked after the first frame, {n}"),
        Duration::from_millis(500),
        10,
        || {
            let mut first = new_app();
            let listing = store.summaries().unwrap();
            first.update(Msg::Listed {
                rows: listing
                    .plans
                    .iter()
                    .map(trichoplan::tui::run::row)
                    .collect(),
                unreadable: 0,
            });
            terminal.draw(|f| view::draw(f, &first)).unwrap();
        },
    );
}
