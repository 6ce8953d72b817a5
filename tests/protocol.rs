//! The injection protocol: calendar generation and edits, checkpoints, pricing, the agenda and
//! its iCalendar export (read back with an independent iCalendar parser).

mod common;

use jiff::civil::{Date, date};
use trichoplan::domain::agenda::agenda;
use trichoplan::domain::config::{Config, Prices};
use trichoplan::domain::evaluate::evaluate;
use trichoplan::domain::money::{Cents, Currency};
use trichoplan::domain::plan::{Plan, PricingMode, Product, SessionStatus};
use trichoplan::domain::pricing::{default_pricing, quote};
use trichoplan::domain::schedule::{
    ProtocolSetup, ScheduleError, SessionRecord, add_months, series_dates,
};
use trichoplan::domain::{Lang, Text, Zone, format_money};
use trichoplan::export::ical::{Titles, to_ics};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::read_plan;

fn example(id: &str) -> Plan {
    read_plan(&common::root().join(format!("plans/{id}.yaml")))
        .unwrap()
        .plan
}

/// A plan with a fresh 6-session protocol every 21 days from `start`.
fn six_sessions(start: Date) -> Plan {
    let catalog = default_catalog().unwrap();
    let mut plan = example("marc-lefebvre-2026");
    plan.followup.checkpoints.clear();
    let setup = ProtocolSetup {
        product: Product::Exosomes,
        sessions: 6,
        interval_days: 21,
        start,
        zones: vec![Zone::Vertex],
        maintenance_months: Some(12),
    };
    let eval = evaluate(&plan, &catalog);
    plan.set_protocol(&setup, &catalog, &eval).unwrap();
    for c in plan.consent.iter_mut() {
        c.signed = Some(start);
    }
    plan
}

fn planned(plan: &Plan) -> Vec<Date> {
    plan.injections
        .as_ref()
        .unwrap()
        .sessions
        .iter()
        .map(|s| s.planned)
        .collect()
}

#[test]
fn a_series_is_dated_every_interval_across_month_ends_and_leap_days() {
    assert_eq!(
        series_dates(date(2026, 10, 6), 6, 21).unwrap(),
        [
            date(2026, 10, 6),
            date(2026, 10, 27),
            date(2026, 11, 17),
            date(2026, 12, 8),
            date(2026, 12, 29),
            date(2027, 1, 19)
        ]
    );
    // Crossing 29 February 2028 and a year end.
    assert_eq!(
        series_dates(date(2028, 2, 15), 3, 14).unwrap(),
        [date(2028, 2, 15), date(2028, 2, 29), date(2028, 3, 14)]
    );
    assert_eq!(
        series_dates(date(2026, 12, 20), 2, 28).unwrap(),
        [date(2026, 12, 20), date(2027, 1, 17)]
    );
    // Months clamp to the end of the month.
    for (from, months, want) in [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 8, 31), 3, date(2026, 11, 30)),
        (date(2026, 10, 6), 12, date(2027, 10, 6)),
    ] {
        assert_eq!(add_months(from, months).unwrap(), want, "{from} + {months}");
    }
    assert!(series_dates(date(9999, 12, 1), 3, 28).is_err());
}

#[test]
fn the_catalog_gives_practice_defaults() {
    let catalog = default_catalog().unwrap();
    let setup = ProtocolSetup::defaults(
        Product::Exosomes,
        date(2027, 1, 4),
        vec![Zone::Vertex],
        &catalog,
    );
    assert_eq!(
        (
            setup.sessions,
            setup.interval_days,
            setup.maintenance_months
        ),
        (6, 28, Some(12))
    );
    let prp = ProtocolSetup::defaults(Product::Prp, date(2027, 1, 4), vec![Zone::Vertex], &catalog);
    assert_eq!(prp.sessions, 4);
    let inj = setup.build().unwrap();
    assert_eq!(inj.sessions.len(), 6);
    assert!(
        inj.sessions
            .iter()
            .all(|s| s.status == SessionStatus::Planned)
    );
    assert_eq!(inj.sessions[5].planned, date(2027, 5, 24));
}

#[test]
fn moving_session_2_of_6_by_a_week_moves_3_to_6_and_not_1() {
    let mut plan = six_sessions(date(2026, 10, 6));
    let before = planned(&plan);
    plan.move_session(2, date(2026, 11, 3)).unwrap();
    let after = planned(&plan);
    assert_eq!(after[0], before[0], "session 1 stays");
    for i in 1..6 {
        assert_eq!(
            after[i],
            before[i].checked_add(jiff::Span::new().days(7)).unwrap(),
            "session {}",
            i + 1
        );
    }
}

#[test]
fn done_sessions_never_move_and_moving_past_a_later_session_keeps_the_order() {
    let mut plan = six_sessions(date(2026, 10, 6));
    let record = |d| SessionRecord {
        date: d,
        product: Some(Product::Exosomes),
        lot: Text::new("EXO-1").ok(),
        zones: vec![Zone::Vertex],
        reaction: Text::new("none").ok(),
        notes: None,
        consent_override: None,
    };
    plan.mark_session_done(1, record(date(2026, 10, 6)), true)
        .unwrap();
    assert_eq!(
        plan.move_session(1, date(2026, 10, 13)),
        Err(ScheduleError::SessionDone(1))
    );
    // Session 3 was done early, out of order (it happens): it must stay put.
    plan.mark_session_done(3, record(date(2026, 11, 10)), false)
        .unwrap();
    let before = planned(&plan);
    // Session 2 moved 8 weeks: past session 3's and 4's old dates.
    plan.move_session(2, date(2026, 12, 22)).unwrap();
    let after = planned(&plan);
    assert_eq!(after[0], before[0]);
    assert_eq!(after[2], before[2], "the done session 3 did not move");
    let weeks8 = jiff::Span::new().days(56);
    for i in [3, 4, 5] {
        assert_eq!(after[i], before[i].checked_add(weeks8).unwrap());
    }
    assert!(after[3] > after[1], "session 4 is still after session 2");
    assert_eq!(
        plan.move_session(9, date(2027, 1, 1)),
        Err(ScheduleError::NoSuchSession(9))
    );
}

#[test]
fn marking_done_late_can_keep_the_rhythm_and_cancelling_keeps_the_rest() {
    let mut plan = six_sessions(date(2026, 10, 6));
    let before = planned(&plan);
    let late = SessionRecord {
        date: date(2026, 10, 9),
        product: None,
        lot: None,
        zones: vec![],
        reaction: None,
        notes: None,
        consent_override: None,
    };
    plan.mark_session_done(1, late.clone(), true).unwrap();
    let after = planned(&plan);
    assert_eq!(
        after[0], before[0],
        "the planned date of a done session is kept"
    );
    assert_eq!(
        after[1],
        date(2026, 10, 30),
        "the rest follow the actual date"
    );
    let s1 = &plan.injections.as_ref().unwrap().sessions[0];
    assert_eq!(
        (s1.status, s1.date),
        (SessionStatus::Done, Some(date(2026, 10, 9)))
    );
    assert_eq!(
        plan.mark_session_done(1, late, false),
        Err(ScheduleError::SessionDone(1))
    );

    let before = planned(&plan);
    plan.cancel_session(4, None).unwrap();
    assert_eq!(planned(&plan), before, "cancelling moves nothing");
    assert_eq!(
        plan.cancel_session(4, None),
        Err(ScheduleError::SessionCancelled(4))
    );
    let n = plan.append_session().unwrap();
    assert_eq!(n, 7);
    let last = *planned(&plan).last().unwrap();
    assert_eq!(
        last,
        before[5].checked_add(jiff::Span::new().days(21)).unwrap()
    );
}

#[test]
fn checkpoints_come_from_the_templates_and_follow_the_first_session() {
    let catalog = default_catalog().unwrap();
    let mut plan = example("camille-dupont-2026");
    plan.injections = None;
    plan.followup.checkpoints.clear();
    let eval = evaluate(&plan, &catalog);
    let setup = ProtocolSetup::defaults(
        Product::Exosomes,
        date(2026, 11, 30),
        vec![Zone::Vertex],
        &catalog,
    );
    plan.set_protocol(&setup, &catalog, &eval).unwrap();
    let cps: Vec<(String, Date)> = plan
        .followup
        .checkpoints
        .iter()
        .map(|c| (c.what.to_string(), c.due))
        .collect();
    assert_eq!(
        cps,
        [
            ("photos_pull_test".to_owned(), date(2027, 2, 28)),
            ("lab_recheck".to_owned(), date(2027, 2, 28)),
            ("photos_pull_test".to_owned(), date(2027, 5, 30)),
            ("maintenance_session".to_owned(), date(2027, 11, 30)),
        ]
    );
    // The lab recheck names what was abnormal (ferritin below target, vitamin D and zinc low).
    let recheck = plan
        .followup
        .checkpoints
        .iter()
        .find(|c| c.what.as_str() == "lab_recheck")
        .unwrap();
    let label = recheck.label.as_ref().unwrap().as_str();
    for name in ["Ferritine", "25-OH vitamine D", "Zinc"] {
        assert!(label.contains(name), "{label}");
    }
    // A checkpoint done stays; one added by hand stays; the others follow session 1.
    plan.followup.checkpoints[0].done = Some(date(2027, 2, 27));
    plan.followup
        .checkpoints
        .push(trichoplan::domain::plan::Checkpoint {
            id: None,
            what: trichoplan::domain::Key::new("dermatology_review").unwrap(),
            label: None,
            due: date(2027, 1, 15),
            months_after_start: None,
            done: None,
            notes: None,
        });
    plan.move_session(1, date(2026, 12, 7)).unwrap();
    assert_eq!(plan.injections.as_ref().unwrap().start, date(2026, 12, 7));
    let due = |what: &str, nth: usize| {
        plan.followup
            .checkpoints
            .iter()
            .filter(|c| c.what.as_str() == what)
            .nth(nth)
            .unwrap()
            .due
    };
    assert_eq!(
        due("photos_pull_test", 0),
        date(2027, 2, 28),
        "done: not moved"
    );
    assert_eq!(due("photos_pull_test", 1), date(2027, 6, 7));
    assert_eq!(due("maintenance_session", 0), date(2027, 12, 7));
    assert_eq!(
        due("dermatology_review", 0),
        date(2027, 1, 15),
        "dated by hand: not moved"
    );
}

#[test]
fn quotes_add_up_in_integer_cents() {
    let mut plan = example("camille-dupont-2026");
    let q = quote(&plan).unwrap();
    assert_eq!((q.mode, q.sessions, q.done), (PricingMode::Package, 6, 2));
    assert_eq!(
        (q.total, q.done_value, q.remaining),
        (Cents(450_000), Cents(150_000), Cents(300_000))
    );

    // A package of 4,000.00 over 7 sessions, 1 done: 571.42 (rounded down), the rest remains.
    let p = plan.pricing.as_mut().unwrap();
    p.package_cents = Some(Cents(400_000));
    let inj = plan.injections.as_mut().unwrap();
    inj.sessions[1].status = SessionStatus::Planned;
    inj.sessions[1].date = None;
    inj.sessions.push(inj.sessions[5].clone());
    inj.sessions[6].number = 7;
    let q = quote(&plan).unwrap();
    assert_eq!(
        (q.sessions, q.done, q.done_value, q.remaining),
        (7, 1, Cents(57_142), Cents(342_858))
    );
    assert_eq!(q.done_value.0 + q.remaining.0, q.total.0);

    // Per session: cancelled sessions are not billed.
    let mut plan = example("marc-lefebvre-2026");
    plan.cancel_session(5, None).unwrap();
    let q = quote(&plan).unwrap();
    assert_eq!((q.sessions, q.total), (4, Cents(380_000)));
    assert_eq!(format_money(q.total, &q.currency, Lang::Fr), "3 800,00 €");
    assert_eq!(format_money(q.total, &q.currency, Lang::En), "€3,800.00");
}

#[test]
fn default_prices_come_from_the_config_else_the_catalog() {
    let catalog = default_catalog().unwrap();
    let none = Config::default();
    let p = default_pricing(Product::Exosomes, 6, &catalog, &none);
    assert_eq!(
        (p.mode, p.package_cents, p.currency.code()),
        (PricingMode::Package, Some(Cents(350_000)), "EUR")
    );
    let p = default_pricing(Product::Exosomes, 2, &catalog, &none);
    assert_eq!(
        (p.mode, p.per_session_cents),
        (PricingMode::PerSession, Some(Cents(70_000)))
    );
    let mut mine = Config {
        currency: Some(Currency::new("CHF").unwrap()),
        ..Config::default()
    };
    mine.prices.0.insert(
        Product::Exosomes,
        Prices {
            per_session_cents: Some(Cents(95_000)),
            package_cents: Some(Cents(480_000)),
            maintenance_cents: Some(Cents(85_000)),
        },
    );
    let p = default_pricing(Product::Exosomes, 6, &catalog, &mine);
    assert_eq!(
        (p.currency.code(), p.package_cents, p.maintenance_cents),
        ("CHF", Some(Cents(480_000)), Some(Cents(85_000)))
    );
}

fn all_examples() -> Vec<Plan> {
    common::examples()
        .iter()
        .map(|p| read_plan(p).unwrap().plan)
        .collect()
}

#[test]
fn the_agenda_is_sorted_and_its_range_is_inclusive() {
    let catalog = default_catalog().unwrap();
    let plans = all_examples();
    // 2026-11-17 is Camille's session 3; 2026-11-18 is Sarah's session 2 (done).
    let items = agenda(
        &plans,
        date(2026, 11, 17),
        date(2026, 11, 18),
        &catalog,
        Lang::En,
    );
    let got: Vec<(Date, &str)> = items.iter().map(|i| (i.date, i.plan.as_str())).collect();
    assert_eq!(
        got,
        [
            (date(2026, 11, 17), "camille-dupont-2026"),
            (date(2026, 11, 18), "sarah-mitchell-2026")
        ]
    );
    assert!(
        agenda(
            &plans,
            date(2026, 11, 18),
            date(2026, 11, 18),
            &catalog,
            Lang::En
        )
        .len()
            == 1
    );
    assert!(
        agenda(
            &plans,
            date(2026, 11, 19),
            date(2026, 11, 30),
            &catalog,
            Lang::En
        )
        .is_empty()
    );

    let year = agenda(
        &plans,
        date(2026, 1, 1),
        date(2027, 12, 31),
        &catalog,
        Lang::En,
    );
    let keys: Vec<_> = year.iter().map(|i| (i.date, i.patient.clone())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // Every session of every example is there, and so is every checkpoint.
    let sessions: usize = plans
        .iter()
        .filter_map(|p| p.injections.as_ref())
        .map(|i| i.sessions.len())
        .sum();
    let checkpoints: usize = plans.iter().map(|p| p.followup.checkpoints.len()).sum();
    assert_eq!(year.len(), sessions + checkpoints);
    // On one day, sessions come before checkpoints, and patients in order.
    let same_day = agenda(
        &plans,
        date(2026, 12, 29),
        date(2026, 12, 29),
        &catalog,
        Lang::En,
    );
    let names: Vec<&str> = same_day.iter().map(|i| i.patient.as_str()).collect();
    assert_eq!(names, ["Camille Dupont", "Marc Lefebvre"]);

    // Archived plans are left out.
    let mut archived = plans.clone();
    for p in &mut archived {
        p.status = trichoplan::domain::plan::Status::Archived;
    }
    assert!(
        agenda(
            &archived,
            date(2026, 1, 1),
            date(2027, 12, 31),
            &catalog,
            Lang::En
        )
        .is_empty()
    );
}

#[test]
fn the_ics_export_is_read_back_by_an_icalendar_parser_with_every_event_dated() {
    use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
    let catalog = default_catalog().unwrap();
    let plans = all_examples();
    let items = agenda(
        &plans,
        date(2026, 1, 1),
        date(2027, 12, 31),
        &catalog,
        Lang::Fr,
    );
    let ics = to_ics(&items, Lang::Fr, Titles::Full);
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        assert!(!line.contains('\n'));
    }
    let calendar: Calendar = ics.parse().expect("valid iCalendar");
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), items.len());
    for (event, item) in events.iter().zip(&items) {
        assert_eq!(event.get_uid(), Some(item.uid().as_str()));
        let start = match event.get_start() {
            Some(DatePerhapsTime::Date(d)) => d.to_string(),
            other => panic!("{:?}: not an all-day date: {other:?}", item.uid()),
        };
        assert_eq!(start, item.date.to_string(), "{}", item.uid());
        assert_eq!(event.get_summary(), Some(item.summary(Lang::Fr).as_str()));
    }
    let uids: std::collections::BTreeSet<_> = items.iter().map(|i| i.uid()).collect();
    assert_eq!(uids.len(), items.len(), "UIDs are unique");

    // After a move, the same UIDs carry the new dates and a higher SEQUENCE.
    let mut moved = plans.clone();
    let camille = moved
        .iter_mut()
        .find(|p| p.id.as_str() == "camille-dupont-2026")
        .unwrap();
    camille.move_session(3, date(2026, 11, 24)).unwrap();
    camille.revision += 1;
    let again = agenda(
        &moved,
        date(2026, 1, 1),
        date(2027, 12, 31),
        &catalog,
        Lang::Fr,
    );
    let find = |items: &[trichoplan::domain::agenda::AgendaItem], uid: &str| {
        items
            .iter()
            .find(|i| i.uid() == uid)
            .map(|i| (i.date, i.revision))
    };
    let uid = "camille-dupont-2026-session-3@trichoplan";
    assert_eq!(find(&items, uid), Some((date(2026, 11, 17), 3)));
    assert_eq!(find(&again, uid), Some((date(2026, 11, 24), 4)));
}

#[test]
fn hostile_text_is_escaped_in_the_ics() {
    let catalog = default_catalog().unwrap();
    let mut plan = example("marc-lefebvre-2026");
    plan.patient.name = Text::new("Zoë; O'Brien, \\ \"x\" <b>").unwrap();
    let items = agenda(
        [&plan],
        date(2026, 12, 1),
        date(2026, 12, 1),
        &catalog,
        Lang::En,
    );
    let ics = to_ics(&items, Lang::En, Titles::Full);
    assert!(ics.contains("Zoë\\; O'Brien\\, \\\\ \"x\" <b>"), "{ics}");
    let calendar: icalendar::Calendar = ics.parse().unwrap();
    use icalendar::Component;
    let event = calendar.components[0].as_event().unwrap();
    assert!(
        event
            .get_summary()
            .unwrap()
            .contains("Zoë; O'Brien, \\ \"x\" <b>")
    );
}

#[test]
fn the_agenda_command_prints_text_and_ics() {
    let out = common::run(&[
        "--plans-dir",
        "plans",
        "agenda",
        "--from",
        "2026-12-01",
        "--days",
        "1",
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    // Dates as the documents write them (ISO stays in the iCalendar below).
    assert!(text.contains("1 Dec 2026  Marc Lefebvre"), "{text}");
    assert!(text.contains("Agenda 1 December 2026"), "{text}");
    assert!(text.contains("Session 1/5"), "{text}");
    let out = common::run(&[
        "--plans-dir",
        "plans",
        "agenda",
        "--from",
        "2026-12-01",
        "--days",
        "30",
        "--format",
        "ics",
    ]);
    let ics = common::stdout(&out);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 6, "{ics}");
    for bad in [
        &["agenda", "--from", "2026-02-30"][..],
        &["agenda", "--days", "0"],
    ] {
        let out = common::run(bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
}

#[test]
fn trends_line_up_results_in_different_units_and_measurements_per_zone() {
    use trichoplan::domain::trends::{sparkline, trends};
    let catalog = default_catalog().unwrap();
    let mut plan = example("sarah-mitchell-2026");
    // A recheck of vitamin D in ng/mL after a first result in nmol/L, and a second density.
    let mut recheck = plan
        .modules
        .deficiencies
        .labs
        .iter()
        .find(|l| l.analyte.as_str() == "vitamin_d")
        .unwrap()
        .clone();
    recheck.value = trichoplan::domain::plan::Quantity::new(32.0).unwrap();
    recheck.unit = trichoplan::domain::plan::Unit::new("ng/mL").unwrap();
    recheck.date = date(2027, 1, 7);
    plan.modules.deficiencies.labs.push(recheck);
    let mut density = plan.followup.measurements[0].clone();
    density.value = Some(trichoplan::domain::plan::Quantity::new(151.0).unwrap());
    density.date = date(2027, 1, 21);
    plan.followup.measurements.push(density);

    let t = trends(&plan, &catalog, Lang::En);
    assert_eq!(t.len(), 2, "{t:?}");
    let vit_d = &t[0];
    assert_eq!(
        (vit_d.label.as_str(), vit_d.unit.as_str()),
        ("25-OH vitamin D (D2+D3)", "ng/mL")
    );
    assert!(
        (vit_d.points[0].1 - 58.0 * 0.4006).abs() < 0.01,
        "nmol/L converted"
    );
    assert_eq!(vit_d.points[1], (date(2027, 1, 7), 32.0));
    assert_eq!(t[1].label, "density, frontal");
    assert_eq!(
        t[1].points.iter().map(|p| p.1).collect::<Vec<_>>(),
        [142.0, 151.0]
    );
    assert_eq!(sparkline(&[142.0, 151.0]), "▁█");
    // The practitioner record shows them.
    let doc = trichoplan::report::build(
        &plan,
        &catalog,
        trichoplan::report::Audience::Practitioner,
        Lang::En,
    );
    let text = trichoplan::report::text::render(&doc);
    assert!(text.contains("Trends over visits"), "{text}");
    assert!(text.contains("density, frontal (hairs/cm²)"), "{text}");
}

#[test]
fn a_session_needs_a_signed_consent_for_each_of_its_products_or_an_override() {
    use trichoplan::domain::changes::describe_changes;
    let mut plan = six_sessions(date(2026, 10, 6));
    // Marc's protocol becomes combined: the PRP consent is recorded but not signed.
    plan.injections.as_mut().unwrap().product = Product::Combined;
    let catalog = default_catalog().unwrap();
    trichoplan::domain::consent::align(&mut plan, &catalog);
    let products: Vec<&str> = plan.consent.iter().map(|c| c.product.as_str()).collect();
    assert_eq!(products, ["exosomes", "prp"]);
    plan.consent.get_mut(Product::Prp).unwrap().signed = None;
    let record = |why: Option<&str>| SessionRecord {
        date: date(2026, 10, 6),
        product: None,
        lot: None,
        zones: vec![],
        reaction: None,
        notes: None,
        consent_override: why.map(|w| Text::new(w).unwrap()),
    };
    assert_eq!(
        plan.mark_session_done(1, record(None), false),
        Err(ScheduleError::ConsentNotSigned("prp"))
    );
    assert!(
        ScheduleError::ConsentNotSigned("prp")
            .message(trichoplan::domain::Lang::Fr)
            .contains("le PRP")
    );
    // An exosome-only session needs only the exosome consent.
    let mut exo = record(None);
    exo.product = Some(Product::Exosomes);
    let before = plan.clone();
    plan.mark_session_done(1, exo, false).unwrap();
    // With an explicit override the session is done, and the revision log says so.
    let before2 = plan.clone();
    plan.mark_session_done(2, record(Some("signed on paper, scan to follow")), false)
        .unwrap();
    let s2 = &plan.injections.as_ref().unwrap().sessions[1];
    assert_eq!(
        s2.consent_override.as_ref().map(|t| t.as_str()),
        Some("signed on paper, scan to follow")
    );
    let log = describe_changes(Some(&before2), &plan, trichoplan::domain::Lang::En);
    assert!(
        log.contains("Session 2 done with an override (signed on paper, scan to follow)"),
        "{log}"
    );
    let log = describe_changes(Some(&before), &plan, trichoplan::domain::Lang::Fr);
    assert!(log.contains("faite en passant outre"), "{log}");
    // validate warns about a done session with neither.
    assert!(trichoplan::domain::consent::gaps(&plan, &catalog).is_empty());
    plan.injections.as_mut().unwrap().sessions[1].consent_override = None;
    let gaps = trichoplan::domain::consent::gaps(&plan, &catalog);
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert!(
        gaps[0]
            .message(trichoplan::domain::Lang::En)
            .contains("session 2"),
        "{gaps:?}"
    );
}

#[test]
fn a_draft_becomes_active_when_signed_and_planned_then_completed() {
    use trichoplan::domain::lifecycle::suggested_status;
    use trichoplan::domain::plan::{SessionStatus, Status};
    let mut plan = example("camille-dupont-2026");
    plan.status = Status::Draft;
    assert_eq!(suggested_status(&plan), Some(Status::Active));
    plan.consent.iter_mut().for_each(|c| c.signed = None);
    assert_eq!(suggested_status(&plan), None, "not signed: stays a draft");
    let start = plan.injections.as_ref().unwrap().start;
    plan.consent.iter_mut().for_each(|c| c.signed = Some(start));
    plan.status = Status::Active;
    assert_eq!(suggested_status(&plan), None, "sessions still planned");
    for s in &mut plan.injections.as_mut().unwrap().sessions {
        if s.status == SessionStatus::Planned {
            s.status = SessionStatus::Cancelled;
        }
    }
    assert_eq!(suggested_status(&plan), Some(Status::Completed));
    plan.status = Status::Archived;
    assert_eq!(suggested_status(&plan), None);
}
