//! The plan file format is stable: load → save → load gives the same plan, a second save gives
//! the same bytes, and the example plans are written exactly as trichoplan would write them.
//!
//! After a deliberate format change, `TRICHOPLAN_BLESS=1 cargo test --test roundtrip` rewrites
//! the examples in canonical form; review the diff.

mod common;

use std::fs;

use trichoplan::domain::evaluate::{EligibilityVerdict, derived_mismatch, evaluate};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::{encode_plan, parse_plan, read_plan};

#[test]
fn examples_round_trip_and_are_byte_stable() {
    let examples = common::examples();
    assert!(examples.len() >= 5, "{} example plans", examples.len());
    for path in examples {
        let file = read_plan(&path).unwrap_or_else(|e| panic!("{e}"));
        let first = encode_plan(&file.plan, &path).unwrap();
        let again = parse_plan(&first, &path).unwrap();
        assert_eq!(
            again,
            file.plan,
            "{} changes on a round trip",
            path.display()
        );
        let second = encode_plan(&again, &path).unwrap();
        assert_eq!(first, second, "{} is not byte-stable", path.display());
    }
}

#[test]
fn examples_are_in_canonical_form() {
    let bless = std::env::var_os("TRICHOPLAN_BLESS").is_some();
    let catalog = default_catalog().unwrap();
    for path in common::examples() {
        let mut file = read_plan(&path).unwrap();
        if bless {
            // A save writes the derived eligibility; so do the examples.
            let eval = evaluate(&file.plan, &catalog);
            file.plan.refresh_derived(&eval);
        }
        let canonical = encode_plan(&file.plan, &path).unwrap();
        if bless {
            fs::write(&path, &canonical).unwrap();
        } else {
            assert!(
                canonical == file.bytes,
                "{} differs from what a save would write; run with TRICHOPLAN_BLESS=1",
                path.display()
            );
        }
    }
}

#[test]
fn every_example_profile_of_the_seed_article_is_present() {
    use trichoplan::domain::plan::Complaint::*;
    let plans: Vec<_> = common::examples()
        .iter()
        .map(|p| read_plan(p).unwrap().plan)
        .collect();
    let has = |c| plans.iter().any(|p| p.assessment.complaint == Some(c));
    for c in [
        PostpartumShedding,
        AndrogeneticAlopecia,
        FemalePatternLoss,
        TelogenEffluvium,
        ScarringAlopecia,
    ] {
        assert!(has(c), "no example for {c:?}");
    }
    let langs: std::collections::BTreeSet<_> = plans.iter().map(|p| p.language.code()).collect();
    assert_eq!(langs.len(), 2, "both French and English patients");
    assert!(
        plans.iter().any(|p| p.injections.is_none()),
        "one patient without injections"
    );
}

#[test]
fn examples_carry_the_verdict_their_profile_implies() {
    let catalog = default_catalog().unwrap();
    let expected = [
        // Post-partum shedding at nine months, screen answered: eligible.
        ("camille-dupont-2026", EligibilityVerdict::Eligible),
        // A man with iron deficiency: its cause is looked for first (BSG 2021).
        ("daniel-okafor-2026", EligibilityVerdict::ReferFirst),
        ("marc-lefebvre-2026", EligibilityVerdict::Eligible),
        ("odile-bernard-2026", EligibilityVerdict::NotEligible),
        ("sarah-mitchell-2026", EligibilityVerdict::Eligible),
    ];
    for (id, verdict) in expected {
        let path = common::root().join(format!("plans/{id}.yaml"));
        let plan = read_plan(&path).unwrap().plan;
        let eval = evaluate(&plan, &catalog);
        assert_eq!(
            eval.eligibility.verdict, verdict,
            "{id}: {:?}",
            eval.eligibility.reasons
        );
        assert!(
            plan.assessment.eligibility.is_some(),
            "{id} stores its verdict"
        );
        assert_eq!(derived_mismatch(&plan, &eval), None, "{id}");
    }
}
