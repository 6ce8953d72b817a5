//! The plan's lifecycle rules, pure: a blank plan, what a duplicate keeps and resets, the
//! status a restored plan gets, the copy saved beside an active plan. No files, no terminal.

mod common;

use jiff::civil::{Date, date};
use trichoplan::domain::lifecycle::{
    self, LifecycleError, blank_plan, duplicate, is_placeholder, restored_status, same_patient,
    settle_copy,
};
use trichoplan::domain::plan::{SessionStatus, Status};
use trichoplan::domain::{Lang, Plan, PlanId};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::read_plan;

const TODAY: Date = date(2026, 11, 26);

fn example(id: &str) -> Plan {
    read_plan(&common::root().join(format!("plans/{id}.yaml")))
        .unwrap()
        .plan
}

#[test]
fn a_blank_plan_is_a_draft_with_a_placeholder_name_in_the_language_asked() {
    for (lang, name) in [(Lang::En, "New patient"), (Lang::Fr, "Nouveau patient")] {
        let id = PlanId::new("new-1").unwrap();
        let plan = blank_plan(id.clone(), TODAY, lang, None).unwrap();
        assert_eq!(plan.id, id);
        assert_eq!(plan.status, Status::Draft);
        assert_eq!(plan.language, lang);
        assert_eq!(
            (plan.created, plan.updated, plan.revision),
            (TODAY, TODAY, 0)
        );
        assert_eq!(plan.patient.name.as_str(), name);
        assert!(is_placeholder(plan.patient.name.as_str()));
        assert!(plan.injections.is_none() && plan.revisions.is_empty());
    }
    assert!(!is_placeholder("Léa Martin"));
}

#[test]
fn a_duplicate_keeps_the_clinical_content_and_resets_the_series() {
    let catalog = default_catalog().unwrap();
    for source in [
        "camille-dupont-2026",
        "sarah-mitchell-2026",
        "odile-bernard-2026",
    ] {
        let plan = example(source);
        let id = PlanId::new(format!("{source}-copy")).unwrap();
        let copy = duplicate(&plan, id.clone(), TODAY, &catalog).unwrap();
        assert_eq!(copy.id, id, "{source}");
        assert_eq!(copy.status, Status::Draft, "{source}");
        assert_eq!((copy.created, copy.updated), (TODAY, TODAY));
        assert_eq!(copy.revision, 0);
        assert!(copy.revisions.is_empty() && copy.removed.is_empty());
        assert!(copy.consent.iter().all(|c| c.signed.is_none()), "{source}");
        // The original series' follow-up stays with it; the copy's checkpoints are its own series'.
        assert!(copy.followup.measurements.is_empty());
        assert!(
            copy.followup
                .checkpoints
                .iter()
                .all(|c| c.done.is_none() && c.due > TODAY)
        );
        // Kept.
        assert_eq!(copy.patient, plan.patient);
        assert_eq!(copy.assessment, plan.assessment);
        assert_eq!(copy.modules, plan.modules);
        assert_eq!(copy.notes, plan.notes);
        assert_eq!(copy.language, plan.language);
        assert_eq!(copy.consent.iter().count(), plan.consent.iter().count());
        match (&plan.injections, &copy.injections) {
            (None, None) => {}
            (Some(old), Some(new)) => {
                assert_eq!(new.product, old.product);
                assert_eq!(new.interval_days, old.interval_days);
                assert_eq!(new.zones, old.zones);
                assert_eq!(new.sessions.len(), usize::from(old.sessions_planned));
                assert!(
                    new.sessions
                        .iter()
                        .all(|s| s.status == SessionStatus::Planned)
                );
                assert_eq!(new.sessions[0].planned, date(2026, 12, 3));
            }
            _ => panic!("{source}: the protocol is kept, or absent on both"),
        }
        // The original is not touched.
        assert_eq!(plan, example(source));
    }
}

#[test]
fn archiving_and_restoring_follow_the_status_rules() {
    let mut plan = example("camille-dupont-2026");
    assert_eq!(plan.status, Status::Active);
    assert_eq!(
        lifecycle::restore(&mut plan),
        Err(LifecycleError::NotArchived)
    );
    lifecycle::archive(&mut plan).unwrap();
    assert_eq!(plan.status, Status::Archived);
    assert_eq!(
        lifecycle::archive(&mut plan),
        Err(LifecycleError::AlreadyArchived)
    );
    assert_eq!(
        LifecycleError::AlreadyArchived.message(Lang::Fr),
        "le plan est déjà archivé"
    );
    assert_eq!(lifecycle::restore(&mut plan), Ok(Status::Active));
}

#[test]
fn a_restored_plan_gets_the_status_its_sessions_and_consents_give_it() {
    let signed_with_sessions = example("camille-dupont-2026");
    let no_sessions = example("odile-bernard-2026");
    let unsigned_planned = example("daniel-okafor-2026");

    let mut all_done = signed_with_sessions.clone();
    if let Some(inj) = all_done.injections.as_mut() {
        inj.sessions.retain(|s| s.status == SessionStatus::Done);
    }
    let mut none_planned = signed_with_sessions.clone();
    if let Some(inj) = none_planned.injections.as_mut() {
        inj.sessions.clear();
    }
    let mut no_protocol = signed_with_sessions.clone();
    no_protocol.injections = None;

    for (name, plan, want) in [
        ("done and planned", &signed_with_sessions, Status::Active),
        ("all done", &all_done, Status::Completed),
        ("no session", &none_planned, Status::Draft),
        ("no protocol", &no_protocol, Status::Draft),
        ("nothing planned", &no_sessions, Status::Draft),
        ("planned, unsigned", &unsigned_planned, Status::Draft),
    ] {
        assert_eq!(restored_status(plan), want, "{name}");
    }
}

#[test]
fn a_copy_beside_an_active_plan_of_the_patient_is_kept_as_a_draft() {
    for (status, active_elsewhere, want, demoted) in [
        (Status::Active, true, Status::Draft, true),
        (Status::Active, false, Status::Active, false),
        (Status::Draft, true, Status::Draft, false),
        (Status::Completed, true, Status::Completed, false),
    ] {
        let mut plan = example("camille-dupont-2026");
        plan.status = status;
        assert_eq!(
            settle_copy(&mut plan, active_elsewhere),
            demoted,
            "{status:?}"
        );
        assert_eq!(plan.status, want, "{status:?} {active_elsewhere}");
    }
    assert!(same_patient("Léa  Martin ", "léa martin"));
    assert!(!same_patient("Léa Martin", "Lea Martin-Dupont"));
}
