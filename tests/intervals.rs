//! Time between injections: sessions closer than the catalog's minimum interval are warned
//! about (in the evaluation, `validate` and `assess`, in both languages), and the first
//! session's advisable date waits for a gate rule that time lifts (post-partum).

mod common;

use jiff::civil::{Date, date};
use trichoplan::domain::Lang;
use trichoplan::domain::evaluate::evaluate;
use trichoplan::domain::plan::{Complaint, Plan, Product, SessionStatus};
use trichoplan::domain::schedule::{FIRST_SESSION_LEAD_DAYS, earliest_first_session, too_close};
use trichoplan::domain::warnings::{TooClose, Warning};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::read_plan;

fn example(id: &str) -> Plan {
    read_plan(&common::root().join(format!("plans/{id}.yaml")))
        .unwrap()
        .plan
}

/// Camille's exosome series (sessions 21 days apart), with session `n` planned on `day`.
fn camille_with(n: u8, day: Date) -> Plan {
    let mut plan = example("camille-dupont-2026");
    let s = plan
        .injections
        .as_mut()
        .unwrap()
        .sessions
        .iter_mut()
        .find(|s| s.number == n)
        .unwrap();
    s.planned = day;
    plan
}

#[test]
fn the_shipped_catalog_sets_a_practice_minimum_for_every_product() {
    let catalog = default_catalog().unwrap();
    for product in Product::ALL {
        let info = catalog.products.get(&product).unwrap();
        let min = info.min_interval.as_ref().expect("a minimum interval");
        assert!(min.days >= 1 && min.days <= info.interval_days, "{product}");
        // Not a published number: a setting of the practice, said so.
        assert_eq!(
            min.evidence,
            trichoplan::domain::catalog::Evidence::Practice
        );
        assert!(catalog.sources.get(&min.source).unwrap().practice);
    }
}

#[test]
fn sessions_closer_than_the_minimum_are_warned_about_and_others_are_not() {
    let catalog = default_catalog().unwrap();
    let min = catalog
        .products
        .get(&Product::Exosomes)
        .unwrap()
        .min_interval
        .as_ref()
        .unwrap()
        .days;
    // No example plan has sessions too close together.
    for path in common::examples() {
        let plan = read_plan(&path).unwrap().plan;
        assert_eq!(too_close(&plan, &catalog), vec![], "{}", path.display());
    }
    // Session 3 (17 November) is 21 days after session 2 (27 October, done).
    struct Case {
        what: &'static str,
        session: u8,
        day: Date,
        expected: Vec<TooClose>,
    }
    let too_soon = date(2026, 10, 27)
        .checked_add(jiff::Span::new().days(i64::from(min) - 1))
        .unwrap();
    let just_enough = date(2026, 10, 27)
        .checked_add(jiff::Span::new().days(i64::from(min)))
        .unwrap();
    let cases = [
        Case {
            what: "a day short of the minimum after a done session",
            session: 3,
            day: too_soon,
            expected: vec![TooClose {
                previous: 2,
                session: 3,
                days: i64::from(min) - 1,
                minimum: min,
            }],
        },
        Case {
            what: "exactly the minimum",
            session: 3,
            day: just_enough,
            expected: vec![],
        },
        Case {
            what: "two planned sessions on consecutive days",
            session: 4,
            day: date(2026, 11, 18),
            expected: vec![TooClose {
                previous: 3,
                session: 4,
                days: 1,
                minimum: min,
            }],
        },
        Case {
            what: "a session moved before the previous one: the order is by date",
            session: 4,
            day: date(2026, 11, 10),
            expected: vec![TooClose {
                previous: 4,
                session: 3,
                days: 7,
                minimum: min,
            }],
        },
    ];
    for case in cases {
        let plan = camille_with(case.session, case.day);
        assert_eq!(too_close(&plan, &catalog), case.expected, "{}", case.what);
    }

    // A cancelled session does not count.
    let mut plan = camille_with(4, date(2026, 11, 18));
    plan.injections.as_mut().unwrap().sessions[2].status = SessionStatus::Cancelled;
    assert_eq!(too_close(&plan, &catalog), vec![]);

    // A PRP session the day after an exosome session is another product; a combined one is not.
    let mut plan = camille_with(4, date(2026, 11, 18));
    plan.injections.as_mut().unwrap().sessions[3].product = Some(Product::Prp);
    assert_eq!(too_close(&plan, &catalog), vec![]);
    plan.injections.as_mut().unwrap().sessions[3].product = Some(Product::Combined);
    assert_eq!(too_close(&plan, &catalog).len(), 1);

    // A catalog without a minimum checks nothing.
    let mut lax = catalog.clone();
    for product in Product::ALL {
        lax.products.0.get_mut(&product).unwrap().min_interval = None;
    }
    assert_eq!(
        too_close(&camille_with(4, date(2026, 11, 18)), &lax),
        vec![]
    );
}

#[test]
fn the_warning_is_in_the_evaluation_in_both_languages() {
    let catalog = default_catalog().unwrap();
    let plan = camille_with(4, date(2026, 11, 20));
    let eval = evaluate(&plan, &catalog);
    let w = eval
        .warnings
        .iter()
        .find(|w| matches!(w, Warning::TooClose(_)))
        .expect("warned");
    assert_eq!(
        w.message(Lang::Fr),
        "injections.sessions: la séance 4 vient 3 jours après la séance 3, moins que le minimum de 14 jours entre deux séances de ce produit"
    );
    assert_eq!(
        w.message(Lang::En),
        "injections.sessions: session 4 is 3 days after session 3, closer than the minimum of 14 days between two sessions of this product"
    );
}

#[test]
fn the_first_session_waits_for_six_months_after_delivery() {
    let catalog = default_catalog().unwrap();
    let today = date(2026, 11, 2);
    let usual = today
        .checked_add(jiff::Span::new().days(FIRST_SESSION_LEAD_DAYS))
        .unwrap();
    // Marc: nothing to wait for.
    let marc = example("marc-lefebvre-2026");
    let first = earliest_first_session(&marc, &catalog, today);
    assert_eq!((first.date, first.waits_for), (usual, None));

    // Post-partum shedding, delivered on 20 September: the gate's caution holds for six whole
    // months, so the first session is advised from 20 March.
    let mut plan = example("camille-dupont-2026");
    plan.assessment.complaint = Some(Complaint::PostpartumShedding);
    plan.patient.history.delivery = Some(date(2026, 9, 20));
    let first = earliest_first_session(&plan, &catalog, today);
    assert_eq!(first.date, date(2027, 3, 20));
    assert_eq!(
        first.waits_for.as_ref().map(|k| k.as_str()),
        Some("postpartum_recent")
    );
    // On that day the caution no longer holds; the day before it still does.
    let rules_on = |plan: &Plan, d: Date| {
        trichoplan::domain::evaluate::evaluate_on(plan, &catalog, d)
            .eligibility
            .reasons
            .into_iter()
            .map(|r| r.rule.to_string())
            .collect::<Vec<_>>()
    };
    assert!(!rules_on(&plan, date(2027, 3, 20)).contains(&"postpartum_recent".to_owned()));
    assert!(rules_on(&plan, date(2027, 3, 19)).contains(&"postpartum_recent".to_owned()));

    // A month-end delivery (31 August): six months later is the end of February at the
    // earliest, and the date is the first day the rule no longer holds.
    plan.patient.history.delivery = Some(date(2026, 8, 31));
    let first = earliest_first_session(&plan, &catalog, today);
    assert!(!rules_on(&plan, first.date).contains(&"postpartum_recent".to_owned()));
    let before = first.date.yesterday().unwrap();
    assert!(rules_on(&plan, before).contains(&"postpartum_recent".to_owned()));

    // Delivered long ago: the usual week.
    plan.patient.history.delivery = Some(date(2025, 1, 10));
    let first = earliest_first_session(&plan, &catalog, today);
    assert_eq!((first.date, first.waits_for), (usual, None));

    // Close to the end of the wait: the usual week wins when it is later.
    plan.patient.history.delivery = Some(date(2026, 5, 4));
    let first = earliest_first_session(&plan, &catalog, today);
    assert_eq!(first.date, usual);
}

#[test]
fn validate_and_assess_warn_about_sessions_too_close_in_the_interface_language() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(common::root().join("plans/camille-dupont-2026.yaml"))
        .unwrap()
        .replacen("    planned: 2026-12-08\n", "    planned: 2026-11-20\n", 1);
    let path = tmp.path().join("camille-dupont-2026.yaml");
    std::fs::write(&path, text).unwrap();
    let shown = path.to_str().unwrap();

    let out = common::run(&["validate", shown, "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(0), "valid, with a warning");
    let err = common::stderr(&out);
    assert!(
        err.contains(&format!(
            "{shown}: attention : injections.sessions: la séance 4 vient 3 jours après la séance 3"
        )),
        "{err}"
    );
    let out = common::run(&["validate", shown, "--lang", "en"]);
    assert!(
        common::stderr(&out)
            .contains("warning: injections.sessions: session 4 is 3 days after session 3"),
        "{}",
        common::stderr(&out)
    );
    let out = common::run(&["assess", shown, "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        common::stdout(&out).contains("la séance 4 vient 3 jours après la séance 3"),
        "{}",
        common::stdout(&out)
    );
    // The JSON form keeps keys, and says nothing new: its consumers are programs.
    let out = common::run(&["assess", shown, "--format", "json"]);
    assert!(serde_json::from_slice::<serde_json::Value>(&out.stdout).is_ok());
}

#[test]
fn choosing_a_product_for_a_post_partum_patient_starts_when_the_wait_ends() {
    use trichoplan::domain::config::Config;
    use trichoplan::domain::product::{Start, choose_product};
    let catalog = default_catalog().unwrap();
    let today = date(2026, 11, 2);
    let mut plan = example("camille-dupont-2026");
    plan.injections = None;
    plan.pricing = None;
    plan.assessment.complaint = Some(Complaint::PostpartumShedding);
    plan.patient.history.delivery = Some(date(2026, 9, 20));
    let eval = evaluate(&plan, &catalog);
    let start = choose_product(
        &mut plan,
        Some(Product::Prp),
        &catalog,
        &Config::default(),
        &eval,
        today,
    )
    .unwrap();
    let Start::New(first) = start else {
        panic!("a new series was expected, got {start:?}");
    };
    assert_eq!(first.date, date(2027, 3, 20));
    let inj = plan.injections.as_ref().unwrap();
    assert_eq!(inj.product, Product::Prp);
    assert_eq!(inj.start, date(2027, 3, 20));
    assert_eq!(inj.sessions[0].planned, date(2027, 3, 20));
    // The zones are the treatable ones the assessment found, never a bald-for-years zone.
    for z in &inj.zones {
        let finding = plan.assessment.zones.iter().find(|f| f.zone == *z).unwrap();
        assert!(trichoplan::domain::product::treatable(finding, &catalog));
    }
    assert!(plan.pricing.is_some());
    assert!(plan.consent.iter().any(|c| c.product == Product::Prp));

    // Another product keeps the start; none removes the series and its price.
    let eval = evaluate(&plan, &catalog);
    let again = choose_product(
        &mut plan,
        Some(Product::Exosomes),
        &catalog,
        &Config::default(),
        &eval,
        today,
    )
    .unwrap();
    assert_eq!(again, Start::Kept);
    assert_eq!(plan.injections.as_ref().unwrap().start, date(2027, 3, 20));
    let eval = evaluate(&plan, &catalog);
    let gone = choose_product(&mut plan, None, &catalog, &Config::default(), &eval, today);
    assert_eq!(gone.unwrap(), Start::Removed);
    assert!(plan.injections.is_none() && plan.pricing.is_none());
}

#[test]
fn a_begun_series_changes_product_only_and_hand_typed_values_are_noticed() {
    use trichoplan::domain::config::Config;
    use trichoplan::domain::product::{Start, began, choose_product, typed_by_hand};
    use trichoplan::domain::schedule::ScheduleError;
    let catalog = default_catalog().unwrap();
    let config = Config::default();
    let today = date(2026, 11, 2);
    // Camille has had sessions: the calendar is history.
    let mut plan = example("camille-dupont-2026");
    assert!(began(&plan));
    let before = plan.injections.clone().unwrap().sessions;
    let eval = evaluate(&plan, &catalog);
    assert_eq!(
        choose_product(&mut plan, None, &catalog, &config, &eval, today),
        Err(ScheduleError::SeriesBegun)
    );
    let changed = choose_product(
        &mut plan,
        Some(Product::Combined),
        &catalog,
        &config,
        &eval,
        today,
    );
    assert_eq!(changed, Ok(Start::ProductOnly));
    let inj = plan.injections.as_ref().unwrap();
    assert_eq!((inj.product, &inj.sessions), (Product::Combined, &before));

    // A fresh series has its product's defaults; a changed interval is typed by hand.
    let mut plan = example("camille-dupont-2026");
    plan.injections = None;
    plan.pricing = None;
    let eval = evaluate(&plan, &catalog);
    choose_product(
        &mut plan,
        Some(Product::Prp),
        &catalog,
        &config,
        &eval,
        today,
    )
    .unwrap();
    assert!(!began(&plan));
    assert!(!typed_by_hand(&plan, &catalog, &config));
    plan.injections.as_mut().unwrap().interval_days += 7;
    assert!(typed_by_hand(&plan, &catalog, &config));
}
