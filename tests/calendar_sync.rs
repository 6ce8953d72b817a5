//! Calendars that stay in sync: an item's UID comes from its id in the plan, never from its
//! position; an item removed through a save, or cancelled, is sent as STATUS:CANCELLED with a
//! higher SEQUENCE; event titles carry the patient's initials unless asked otherwise; the
//! text agenda never wraps ids when a program reads it.

mod common;

use std::collections::BTreeMap;

use jiff::civil::date;
use trichoplan::domain::Lang;
use trichoplan::domain::agenda::{agenda, initials};
use trichoplan::export::ical::{Titles, to_ics};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::{SaveMode, Store, read_plan};

/// UID → (DTSTART, STATUS, SEQUENCE, SUMMARY) of every event.
fn events(ics: &str) -> BTreeMap<String, (String, String, u32, String)> {
    let unfolded = ics.replace("\r\n ", "");
    let mut out = BTreeMap::new();
    for block in unfolded.split("BEGIN:VEVENT").skip(1) {
        let field = |name: &str| {
            block
                .split("\r\n")
                .find_map(|l| l.strip_prefix(name))
                .unwrap_or_default()
                .to_owned()
        };
        out.insert(
            field("UID:"),
            (
                field("DTSTART;VALUE=DATE:"),
                field("STATUS:"),
                field("SEQUENCE:").parse().unwrap(),
                field("SUMMARY:"),
            ),
        );
    }
    out
}

#[test]
fn removing_the_3_month_checkpoint_cancels_it_and_moves_no_other_uid() {
    let catalog = default_catalog().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().to_path_buf());
    let src = common::root().join("plans/camille-dupont-2026.yaml");
    let file = read_plan(&src).unwrap();
    let lock = store.lock(&file.plan.id).unwrap();
    let bytes = store
        .save(&lock, &file.plan, None, SaveMode::Normal)
        .unwrap();
    let (from, to) = (date(2026, 1, 1), date(2028, 12, 31));
    let ics = |plan: &trichoplan::domain::Plan| {
        to_ics(
            &agenda([plan], from, to, &catalog, Lang::Fr),
            Lang::Fr,
            Titles::Initials,
        )
    };
    let before = events(&ics(&file.plan));

    // Delete the 3-month checkpoint, cancel session 4, reorder the rest; save.
    let mut plan = file.plan.clone();
    let gone = plan
        .followup
        .checkpoints
        .iter()
        .position(|c| c.months_after_start == Some(3))
        .unwrap();
    let removed = plan.followup.checkpoints.remove(gone);
    plan.followup.checkpoints.reverse();
    plan.cancel_session(4, None).unwrap();
    plan.revision += 1;
    store
        .save(&lock, &plan, Some(&bytes), SaveMode::Normal)
        .unwrap();
    let saved = store.load(&plan.id).unwrap().plan;
    assert_eq!(saved.removed.len(), 1, "the removal is kept in the plan");
    assert_eq!(Some(&saved.removed[0].id), removed.id.as_ref());
    let after = events(&ics(&saved));

    // Same set of UIDs: nothing new, nothing lost; every event that stays keeps its date.
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let removed_uid = format!("camille-dupont-2026-{}@trichoplan", removed.id.unwrap());
    let cancelled_uid = "camille-dupont-2026-session-4@trichoplan";
    for (uid, (start, status, seq, _)) in &after {
        let (start0, status0, seq0, _) = &before[uid];
        assert!(seq > seq0, "{uid}: SEQUENCE rises");
        if uid == &removed_uid || uid == cancelled_uid {
            assert_eq!(status, "CANCELLED", "{uid}");
            assert_eq!(status0, "CONFIRMED", "{uid}");
        } else {
            assert_eq!(status, status0, "{uid}");
        }
        assert_eq!(start, start0, "{uid} keeps its date");
    }
    // The 6-month checkpoint kept its own UID (it did not become "checkpoint 1").
    assert!(after.contains_key("camille-dupont-2026-checkpoint-photos_pull_test-2@trichoplan"));
}

#[test]
fn event_titles_carry_initials_unless_asked() {
    let catalog = default_catalog().unwrap();
    let plan = read_plan(&common::root().join("plans/camille-dupont-2026.yaml"))
        .unwrap()
        .plan;
    let items = agenda(
        [&plan],
        date(2026, 1, 1),
        date(2028, 1, 1),
        &catalog,
        Lang::Fr,
    );
    let private = to_ics(&items, Lang::Fr, Titles::Initials);
    assert!(!private.contains("Camille") && !private.contains("Dupont"));
    assert!(private.contains("— C. D."));
    let full = to_ics(&items, Lang::Fr, Titles::Full);
    assert!(full.contains("Camille Dupont"));
    assert_eq!(initials("Zoë Château-Renaud"), "Z. C.-R.");
    assert_eq!(initials("  o'brien "), "O.");
}

#[test]
fn the_agenda_command_defaults_to_initials_and_never_wraps_ids_in_a_pipe() {
    let out = common::run(&[
        "--plans-dir",
        "plans",
        "agenda",
        "--from",
        "2026-10-01",
        "--days",
        "400",
        "--format",
        "ics",
    ]);
    let ics = common::stdout(&out);
    assert!(
        ics.contains("BEGIN:VEVENT") && !ics.contains("Camille Dupont"),
        "{ics}"
    );
    let out = common::run(&[
        "--plans-dir",
        "plans",
        "agenda",
        "--from",
        "2026-10-01",
        "--days",
        "400",
        "--format",
        "ics",
        "--titles",
        "full",
    ]);
    assert!(common::stdout(&out).contains("Camille Dupont"));
    let out = common::run(&[
        "--plans-dir",
        "plans",
        "--lang",
        "en",
        "agenda",
        "--from",
        "2026-10-01",
        "--days",
        "400",
    ]);
    let text = common::stdout(&out);
    for id in [
        "camille-dupont-2026",
        "sarah-mitchell-2026",
        "marc-lefebvre-2026",
    ] {
        assert!(
            text.lines().any(|l| l.trim_end().ends_with(id)),
            "{id} on one line:\n{text}"
        );
    }
}
