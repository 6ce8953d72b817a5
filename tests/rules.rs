//! Table-driven tests of the default catalog: unit conversions, range boundaries, each
//! suggestion rule, each gate rule, contradictory answers and practitioners' decisions.

use std::path::Path;

use jiff::civil::date;
use trichoplan::domain::catalog::{Catalog, Section};
use trichoplan::domain::evaluate::{
    EligibilityVerdict, FindingIssue, RangeState, SuggestionStatus, TargetState, evaluate,
};
use trichoplan::domain::plan::{Plan, Quantity, Unit, Verdict};
use trichoplan::domain::{Key, Text};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::parse_plan;

/// Expected pending suggestions: (rule, action or `None` for a warning).
type Expected<'a> = &'a [(&'a str, Option<&'a str>)];

fn expected(want: Expected) -> Vec<(String, Option<String>)> {
    want.iter()
        .map(|(r, a)| (r.to_string(), a.map(str::to_owned)))
        .collect()
}

fn catalog() -> Catalog {
    default_catalog().unwrap()
}

/// An eligible patient with every zone assessed, the contraindication screen answered and every
/// lab the rules ask for in range, so that each case below changes one thing.
const BASE: &str = "\
schema: 1
id: base
status: draft
language: en
created: 2026-11-01
updated: 2026-11-20
revision: 1
patient:
  name: Test Patient
  birth_year: 1990
  sex: SEX
assessment:
  complaint: androgenetic_alopecia
  scale:
    system: norwood
    stage: III
  zones:
  - zone: frontal
    follicular_openings: true
  - zone: vertex
    follicular_openings: true
  scarring: false
  answers:
    active_infection: false
    allergy_injection: false
    anticoagulant: false
    bleeding_disorder: false
    cancer_treatment: false
    immunosuppression: false
    keloid: false
    nsaid_recent: false
    vasovagal: false
modules:
  deficiencies:
    labs:
    - {analyte: ferritin, value: 80, unit: ng/mL, date: 2026-11-10}
    - {analyte: haemoglobin, value: 14, unit: g/dL, date: 2026-11-10}
    - {analyte: vitamin_d, value: 35, unit: ng/mL, date: 2026-11-10}
    - {analyte: zinc, value: 14, unit: µmol/L, date: 2026-11-10}
  inflammation:
    labs:
    - {analyte: crp, value: 1, unit: mg/L, date: 2026-11-10, range: {high: 5}}
  hormones:
    labs:
    - {analyte: tsh, value: 1.5, unit: mIU/L, date: 2026-11-10}
";

fn plan_from(yaml: &str) -> Plan {
    parse_plan(yaml.as_bytes(), Path::new("test.yaml")).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
}

fn base(sex: &str) -> String {
    BASE.replace("SEX", sex)
}

/// The base plan with one lab line replaced (matched by analyte).
fn with_lab(sex: &str, analyte: &str, line: &str) -> Plan {
    let yaml: String = base(sex)
        .lines()
        .map(|l| {
            if l.contains(&format!("analyte: {analyte},")) {
                line.to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    plan_from(&yaml)
}

fn pending(plan: &Plan) -> Vec<(String, Option<String>)> {
    evaluate(plan, &catalog())
        .suggestions
        .iter()
        .filter(|s| s.status == SuggestionStatus::Pending)
        .map(|s| {
            (
                s.rule.to_string(),
                s.action.as_ref().map(ToString::to_string),
            )
        })
        .collect()
}

#[test]
fn the_base_plan_is_eligible_and_suggests_nothing() {
    let plan = plan_from(&base("male"));
    let eval = evaluate(&plan, &catalog());
    assert_eq!(
        eval.eligibility.verdict,
        EligibilityVerdict::Eligible,
        "{:?}",
        eval.eligibility
    );
    assert_eq!(pending(&plan), vec![]);
}

#[test]
fn units_convert_to_the_canonical_unit() {
    let c = catalog();
    let cases: &[(&str, f64, &str, f64)] = &[
        ("ferritin", 30.0, "ng/mL", 30.0),
        ("ferritin", 30.0, "µg/L", 30.0),
        ("ferritin", 30.0, "ng/ml", 30.0),
        ("ferritin", 30.0, "ug/L", 30.0),
        ("vitamin_d", 30.0, "ng/mL", 30.0),
        ("vitamin_d", 75.0, "nmol/L", 30.045),
        ("vitamin_d", 49.92, "nmol/L", 19.998),
        // Zinc is read in µg/dL, the unit of its mass LOINC code and of Hotz's cut-offs.
        ("zinc", 70.0, "µg/dL", 70.0),
        ("zinc", 70.0, "μg/dL", 70.0), // Greek mu
        ("zinc", 70.0, "mcg/dL", 70.0),
        ("zinc", 10.7, "µmol/L", 69.94),
        ("zinc", 10.7, "umol/L", 69.94),
        ("zinc", 700.0, "µg/L", 70.0),
        ("free_t4", 1.2, "ng/dL", 15.444),
        ("free_t4", 12.0, "ng/L", 15.444),
        ("testosterone", 500.0, "ng/dL", 17.35),
        ("testosterone", 5.0, "ng/mL", 1.735),
        ("dhea_s", 200.0, "µg/dL", 200.0),
        ("dhea_s", 19.0, "µmol/L", 701.1),
        ("haemoglobin", 7.45, "mmol/L", 12.005),
        ("platelets", 150_000.0, "/µL", 150.0),
        ("platelets", 150.0, "G/L", 150.0),
        ("vitamin_b12", 300.0, "pg/mL", 221.4),
        ("folate", 4.0, "ng/mL", 9.064),
        ("haemoglobin", 120.0, "g/L", 12.0),
        ("crp", 0.5, "mg/dL", 5.0),
        ("tsh", 2.0, "mUI/L", 2.0),
        ("tsh", 2.0, "µUI/mL", 2.0),
    ];
    for &(analyte, value, unit, want) in cases {
        let a = c.analytes.get(&Key::new(analyte).unwrap()).unwrap();
        let got = a
            .to_canonical(Quantity::new(value).unwrap(), &Unit::new(unit).unwrap())
            .unwrap_or_else(|| panic!("{analyte} in {unit} does not convert"));
        assert!(
            (got - want).abs() < 0.01,
            "{analyte} {value} {unit}: {got} != {want}"
        );
    }
    for (analyte, unit) in [("ferritin", "mmol/L"), ("zinc", "mg/dL"), ("tsh", "UI")] {
        let a = c.analytes.get(&Key::new(analyte).unwrap()).unwrap();
        assert!(a.factor(unit).is_none(), "{analyte} accepts {unit}");
    }
}

#[test]
fn values_are_read_against_ranges_with_inclusive_bounds() {
    // (sex, lab line, expected state, expected target state)
    let cases: &[(&str, &str, RangeState, TargetState)] = &[
        (
            "female",
            "    - {analyte: ferritin, value: 15, unit: ng/mL, date: 2026-11-10}",
            RangeState::Normal,
            TargetState::Below,
        ),
        (
            "female",
            "    - {analyte: ferritin, value: 14.9, unit: ng/mL, date: 2026-11-10}",
            RangeState::Low,
            TargetState::Below,
        ),
        (
            "female",
            "    - {analyte: ferritin, value: 150, unit: µg/L, date: 2026-11-10}",
            RangeState::Normal,
            TargetState::Within,
        ),
        // Ferritin's upper limit is the laboratory's: without it, a high value is not flagged.
        (
            "female",
            "    - {analyte: ferritin, value: 150.1, unit: ng/mL, date: 2026-11-10}",
            RangeState::Normal,
            TargetState::Within,
        ),
        (
            "female",
            "    - {analyte: ferritin, value: 150.1, unit: ng/mL, date: 2026-11-10, range: {low: 15, high: 150}}",
            RangeState::High,
            TargetState::Within,
        ),
        (
            "male",
            "    - {analyte: ferritin, value: 180, unit: ng/mL, date: 2026-11-10}",
            RangeState::Normal,
            TargetState::Within,
        ),
        (
            "female",
            "    - {analyte: ferritin, value: 39.9, unit: ng/mL, date: 2026-11-10}",
            RangeState::Normal,
            TargetState::Below,
        ),
        (
            "female",
            "    - {analyte: ferritin, value: 40, unit: ng/mL, date: 2026-11-10}",
            RangeState::Normal,
            TargetState::Within,
        ),
        // The lab's own range wins over the catalog's default.
        (
            "female",
            "    - {analyte: ferritin, value: 20, unit: ng/mL, date: 2026-11-10, range: {low: 30, high: 400}}",
            RangeState::Low,
            TargetState::Below,
        ),
        // 49 nmol/L is 19.6 ng/mL: under the IOM's 20; 50 nmol/L is 20.03 ng/mL.
        (
            "female",
            "    - {analyte: vitamin_d, value: 49, unit: nmol/L, date: 2026-11-10}",
            RangeState::Low,
            TargetState::None,
        ),
        (
            "female",
            "    - {analyte: vitamin_d, value: 50, unit: nmol/L, date: 2026-11-10}",
            RangeState::Normal,
            TargetState::None,
        ),
        (
            "female",
            "    - {analyte: vitamin_d, value: 75, unit: nmol/L, date: 2026-11-10}",
            RangeState::Normal,
            TargetState::None,
        ),
        (
            "female",
            "    - {analyte: vitamin_d, value: 51, unit: ng/mL, date: 2026-11-10}",
            RangeState::High,
            TargetState::None,
        ),
        // Zinc cut-offs differ by sex (Hotz 2003): 11.0 µmol/L is fine for a woman, low for a man.
        (
            "female",
            "    - {analyte: zinc, value: 11.0, unit: µmol/L, date: 2026-11-10}",
            RangeState::Normal,
            TargetState::None,
        ),
        (
            "male",
            "    - {analyte: zinc, value: 11.0, unit: µmol/L, date: 2026-11-10}",
            RangeState::Low,
            TargetState::None,
        ),
        (
            "female",
            "    - {analyte: zinc, value: 69, unit: µg/dL, date: 2026-11-10}",
            RangeState::Low,
            TargetState::None,
        ),
        (
            "female",
            "    - {analyte: zinc, value: 70, unit: µg/dL, date: 2026-11-10}",
            RangeState::Normal,
            TargetState::None,
        ),
        (
            "female",
            "    - {analyte: haemoglobin, value: 11.9, unit: g/dL, date: 2026-11-10}",
            RangeState::Low,
            TargetState::None,
        ),
        (
            "male",
            "    - {analyte: haemoglobin, value: 125, unit: g/L, date: 2026-11-10}",
            RangeState::Low,
            TargetState::None,
        ),
        (
            "male",
            "    - {analyte: tsh, value: 4.2, unit: mIU/L, date: 2026-11-10}",
            RangeState::Normal,
            TargetState::None,
        ),
        (
            "male",
            "    - {analyte: tsh, value: 4.21, unit: mIU/L, date: 2026-11-10}",
            RangeState::High,
            TargetState::None,
        ),
    ];
    let c = catalog();
    for &(sex, line, state, target) in cases {
        let analyte = line
            .split("analyte: ")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap();
        let plan = with_lab(sex, analyte, line);
        let eval = evaluate(&plan, &c);
        let f = eval
            .findings
            .iter()
            .find(|f| f.analyte.as_str() == analyte)
            .unwrap();
        assert_eq!((f.state, f.target), (state, target), "{sex}: {line}");
    }
}

#[test]
fn each_rule_fires_on_its_finding_and_only_then() {
    type Case<'a> = (&'a str, &'a str, &'a str, Expected<'a>);
    // (sex, analyte to replace, replacement line ("" removes it), expected pending suggestions)
    let cases: &[Case] = &[
        (
            "female",
            "ferritin",
            "    - {analyte: ferritin, value: 10, unit: ng/mL, date: 2026-11-10}",
            &[
                ("ferritin_low", Some("iron_repletion")),
                ("ferritin_low", None),
            ],
        ),
        (
            "female",
            "ferritin",
            "    - {analyte: ferritin, value: 25, unit: ng/mL, date: 2026-11-10}",
            // Below the hair target is not a deficiency: a warning, no iron (WHO 2020).
            &[("ferritin_below_target", None)],
        ),
        // Above the range: a warning, never more iron.
        (
            "female",
            "ferritin",
            "    - {analyte: ferritin, value: 300, unit: ng/mL, date: 2026-11-10, range: {low: 15, high: 150}}",
            &[("ferritin_high", None)],
        ),
        (
            "female",
            "ferritin",
            "",
            &[("ferritin_missing", Some("order_lab"))],
        ),
        (
            "female",
            "haemoglobin",
            "    - {analyte: haemoglobin, value: 10.5, unit: g/dL, date: 2026-11-10}",
            &[("haemoglobin_low", Some("anaemia_referral"))],
        ),
        (
            "female",
            "haemoglobin",
            "",
            &[("haemoglobin_missing", Some("order_lab"))],
        ),
        (
            "female",
            "vitamin_d",
            "    - {analyte: vitamin_d, value: 40, unit: nmol/L, date: 2026-11-10}",
            &[("vitamin_d_low", Some("vitamin_d_repletion"))],
        ),
        (
            "female",
            "vitamin_d",
            // In range (IOM 2011): no supplement above the reference intake (Demay 2024).
            "    - {analyte: vitamin_d, value: 25, unit: ng/mL, date: 2026-11-10}",
            &[],
        ),
        (
            "female",
            "vitamin_d",
            "    - {analyte: vitamin_d, value: 10, unit: ng/mL, date: 2026-11-10}",
            &[("vitamin_d_very_low", Some("vitamin_d_prescription"))],
        ),
        (
            "female",
            "vitamin_d",
            "    - {analyte: vitamin_d, value: 60, unit: ng/mL, date: 2026-11-10}",
            &[("vitamin_d_high", None)],
        ),
        (
            "female",
            "vitamin_d",
            "",
            &[("vitamin_d_missing", Some("order_lab"))],
        ),
        (
            "female",
            "zinc",
            "    - {analyte: zinc, value: 9, unit: µmol/L, date: 2026-11-10}",
            &[("zinc_low", Some("zinc_supplement"))],
        ),
        (
            "female",
            "zinc",
            "    - {analyte: zinc, value: 25, unit: µmol/L, date: 2026-11-10, range: {low: 10.7, high: 18.4}}",
            &[("zinc_high", None)],
        ),
        ("female", "zinc", "", &[("zinc_missing", Some("order_lab"))]),
        (
            "female",
            "crp",
            "    - {analyte: crp, value: 12, unit: mg/L, date: 2026-11-10, range: {high: 5}}",
            &[("crp_high", None)],
        ),
        (
            "female",
            "crp",
            "    - {analyte: hs_crp, value: 3.5, unit: mg/L, date: 2026-11-10}",
            &[("crp_high", None)],
        ),
        ("female", "crp", "", &[("crp_missing", Some("order_lab"))]),
        (
            "male",
            "tsh",
            "    - {analyte: tsh, value: 6.2, unit: mIU/L, date: 2026-11-10}",
            &[("tsh_out_of_range", Some("thyroid_referral"))],
        ),
        (
            "male",
            "tsh",
            "    - {analyte: free_t4, value: 30, unit: pmol/L, date: 2026-11-10, range: {low: 12, high: 22}}",
            &[
                ("tsh_missing", Some("order_lab")),
                ("tsh_out_of_range", Some("thyroid_referral")),
            ],
        ),
        (
            "female",
            "tsh",
            "    - {analyte: testosterone, value: 3.1, unit: nmol/L, date: 2026-11-10, range: {low: 0.3, high: 1.7}}\n    - {analyte: tsh, value: 1.5, unit: mIU/L, date: 2026-11-10}",
            &[("androgens_high", Some("androgen_referral"))],
        ),
        // The same testosterone in a man is no finding.
        (
            "male",
            "tsh",
            "    - {analyte: testosterone, value: 3.1, unit: nmol/L, date: 2026-11-10, range: {low: 0.3, high: 1.7}}\n    - {analyte: tsh, value: 1.5, unit: mIU/L, date: 2026-11-10}",
            &[],
        ),
        // Implausible values and unknown units are shown, not interpreted.
        (
            "female",
            "ferritin",
            "    - {analyte: ferritin, value: 800000, unit: ng/mL, date: 2026-11-10}",
            &[],
        ),
        (
            "female",
            "ferritin",
            "    - {analyte: ferritin, value: 5, unit: mmol/L, date: 2026-11-10}",
            &[],
        ),
    ];
    for &(sex, analyte, line, want) in cases {
        let plan = with_lab(sex, analyte, line);
        assert_eq!(
            pending(&plan),
            expected(want),
            "{sex}, {analyte} → {line:?}"
        );
    }
}

#[test]
fn answer_rules_fire_on_their_answers() {
    // (answers to add to a module, expected pending suggestions)
    let cases: &[(&str, &str, Expected)] = &[
        (
            "microcirculation",
            "smoker: true",
            &[("smoking", Some("stop_smoking"))],
        ),
        ("microcirculation", "smoker: false", &[]),
        (
            "microcirculation",
            "physical_activity_hours: 1",
            &[("sedentary", Some("physical_activity"))],
        ),
        ("microcirculation", "physical_activity_hours: 1.5", &[]),
        (
            "inflammation",
            "digestive_complaints: true\n      diet_ultra_processed: true",
            &[
                ("diet_inflammatory", Some("anti_inflammatory_diet")),
                ("digestive", Some("gut_review")),
            ],
        ),
        (
            "inflammation",
            "chronic_stress: true",
            &[("stress", Some("stress_regulation"))],
        ),
    ];
    for &(module, answers, want) in cases {
        let section = format!("  {module}:\n    answers:\n      {answers}\n");
        let yaml = if module == "inflammation" {
            base("male").replacen("  inflammation:\n", &section, 1)
        } else {
            base("male").replacen(
                "  inflammation:\n",
                &format!("{section}  inflammation:\n"),
                1,
            )
        };
        assert_eq!(
            pending(&plan_from(&yaml)),
            expected(want),
            "{module}: {answers}"
        );
    }
}

#[test]
fn the_gate_gives_each_verdict_with_its_reasons() {
    use EligibilityVerdict::*;
    // (replace, with, expected verdict, expected reasons)
    let cases: &[(&str, &str, EligibilityVerdict, &[&str])] = &[
        (
            "  scarring: false",
            "  scarring: true",
            NotEligible,
            &["scarring_recorded"],
        ),
        (
            "complaint: androgenetic_alopecia",
            "complaint: scarring_alopecia",
            NotEligible,
            &["scarring_alopecia"],
        ),
        (
            "  scarring: false",
            "  trichoscopy:\n    signs: [absent_follicular_openings]\n  scarring: true",
            NotEligible,
            &["scarring_recorded", "no_follicular_openings_sign"],
        ),
        (
            "    follicular_openings: true\n  - zone: vertex\n    follicular_openings: true",
            "    follicular_openings: true\n    years_bald: 3\n  - zone: vertex\n    follicular_openings: true\n    years_bald: 8",
            NotEligible,
            &["no_treatable_zone"],
        ),
        // 3 years is "a long time" (the catalog's setting); 2.9 is not.
        (
            "    follicular_openings: true\n  - zone: vertex",
            "    follicular_openings: true\n    years_bald: 3\n  - zone: vertex",
            EligibleWithCautions,
            &["some_zones_excluded"],
        ),
        (
            "    follicular_openings: true\n  - zone: vertex",
            "    follicular_openings: true\n    years_bald: 2.9\n  - zone: vertex",
            Eligible,
            &[],
        ),
        (
            "  zones:\n  - zone: frontal\n    follicular_openings: true\n  - zone: vertex\n    follicular_openings: true\n",
            "",
            EligibleWithCautions,
            &["zones_not_assessed"],
        ),
        (
            "    stage: III",
            "    stage: VI",
            EligibleWithCautions,
            &["advanced_stage"],
        ),
        ("    stage: III", "    stage: IVa", Eligible, &[]),
        (
            "    system: norwood\n    stage: III",
            "    system: salt\n    stage: 50",
            EligibleWithCautions,
            &["advanced_stage"],
        ),
        (
            "    system: norwood\n    stage: III",
            "    system: salt\n    stage: 49",
            Eligible,
            &[],
        ),
        (
            "complaint: androgenetic_alopecia",
            "complaint: alopecia_areata",
            ReferFirst,
            &["patchy_or_rapid_loss"],
        ),
        (
            "complaint: androgenetic_alopecia",
            "complaint: other",
            EligibleWithCautions,
            &["other_complaint"],
        ),
        (
            "  sex: male",
            "  sex: female\n  history:\n    pregnant: true",
            NotEligible,
            &["pregnant"],
        ),
        (
            "  sex: male",
            "  sex: female\n  history:\n    breastfeeding: true",
            EligibleWithCautions,
            &["breastfeeding"],
        ),
        // Contradictory answers are flagged, and the strictest reason still decides.
        (
            "  sex: male",
            "  sex: male\n  history:\n    pregnant: true",
            NotEligible,
            &["pregnant", "contradiction_pregnancy_sex"],
        ),
        (
            "complaint: androgenetic_alopecia",
            "complaint: postpartum_shedding",
            EligibleWithCautions,
            &["contradiction_pregnancy_sex"],
        ),
        (
            "  - zone: vertex\n    follicular_openings: true",
            "  - zone: vertex\n    follicular_openings: false",
            EligibleWithCautions,
            &["some_zones_excluded", "contradiction_scarring_openings"],
        ),
        // Post-partum: under six whole months after delivery, wait; from six, go.
        (
            "  sex: male",
            "  sex: female\n  history:\n    delivery: 2026-06-01",
            Eligible,
            &[],
        ),
    ];
    let c = catalog();
    for &(from, to, verdict, reasons) in cases {
        let yaml = base("male");
        assert!(yaml.contains(from), "base lacks {from:?}");
        let plan = plan_from(&yaml.replacen(from, to, 1));
        let e = evaluate(&plan, &c).eligibility;
        let got: Vec<&str> = e.reasons.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!((e.verdict, got.as_slice()), (verdict, reasons), "{to:?}");
    }
    for (delivery, verdict) in [
        ("2026-06-01", EligibleWithCautions),
        ("2026-05-20", Eligible),
        ("2026-05-21", EligibleWithCautions),
        ("2026-09-01", EligibleWithCautions),
    ] {
        let yaml = base("female")
            .replacen(
                "complaint: androgenetic_alopecia",
                "complaint: postpartum_shedding",
                1,
            )
            .replacen(
                "  sex: female",
                &format!("  sex: female\n  history:\n    delivery: {delivery}"),
                1,
            );
        let e = evaluate(&plan_from(&yaml), &c).eligibility;
        assert_eq!(e.verdict, verdict, "delivery {delivery}: {:?}", e.reasons);
    }
}

#[test]
fn decisions_are_kept_and_a_rejection_holds_for_its_finding_only() {
    let c = catalog();
    let line = "    - {analyte: zinc, value: 9, unit: µmol/L, date: 2026-11-10}";
    let mut plan = with_lab("female", "zinc", line);
    let eval = evaluate(&plan, &c);
    let s = eval
        .suggestions
        .iter()
        .find(|s| s.rule.as_str() == "zinc_low")
        .unwrap()
        .clone();
    assert_eq!(s.finding, "zinc 9 µmol/L 2026-11-10");
    assert_eq!(s.module, Section::Deficiencies);

    plan.decide(
        &s,
        Verdict::Rejected,
        date(2026, 11, 20),
        Text::new("patient declines").ok(),
        &c,
    );
    assert!(pending(&plan).is_empty(), "rejected, not offered again");
    assert!(plan.modules.deficiencies.actions.is_empty());
    let after = evaluate(&plan, &c);
    let zinc = after
        .suggestions
        .iter()
        .find(|s| s.rule.as_str() == "zinc_low");
    assert_eq!(zinc.unwrap().status, SuggestionStatus::Rejected);

    // A new result is a new finding: the suggestion comes back.
    plan.modules.deficiencies.labs.push(
        parse_plan(
            base("female")
                .replacen(
                    "value: 14, unit: µmol/L, date: 2026-11-10",
                    "value: 9.5, unit: µmol/L, date: 2026-11-18",
                    1,
                )
                .as_bytes(),
            Path::new("x.yaml"),
        )
        .unwrap()
        .modules
        .deficiencies
        .labs[3]
            .clone(),
    );
    let again = evaluate(&plan, &c);
    let s2 = again
        .suggestions
        .iter()
        .find(|s| s.status == SuggestionStatus::Pending)
        .expect("offered again for the new value")
        .clone();
    assert_eq!(s2.finding, "zinc 9.5 µmol/L 2026-11-18");

    // Accepting adds the action with the catalog's defaults in the patient's language, once.
    plan.decide(&s2, Verdict::Accepted, date(2026, 11, 20), None, &c);
    plan.decide(&s2, Verdict::Accepted, date(2026, 11, 20), None, &c);
    let actions = &plan.modules.deficiencies.actions;
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].action.as_str(), "zinc_supplement");
    assert_eq!(
        actions[0].frequency.as_ref().unwrap().as_str(),
        "once a day, away from iron, and 2 to 4 hours apart from quinolone or tetracycline antibiotics"
    );
    assert_eq!(
        plan.modules.deficiencies.decisions.len(),
        2,
        "one decision per finding"
    );
    assert!(pending(&plan).is_empty());
}

#[test]
fn accepting_an_order_names_the_analyte() {
    let c = catalog();
    let mut plan = with_lab("female", "zinc", "");
    plan.language = trichoplan::domain::Lang::Fr;
    let s = evaluate(&plan, &c)
        .suggestions
        .into_iter()
        .find(|s| s.rule.as_str() == "zinc_missing")
        .unwrap();
    assert_eq!(s.analyte.as_ref().map(Key::as_str), Some("zinc"));
    plan.decide(&s, Verdict::Accepted, date(2026, 11, 20), None, &c);
    let a = &plan.modules.deficiencies.actions[0];
    assert_eq!(
        a.label.as_ref().unwrap().as_str(),
        "Prescrire ou demander : Zinc sérique"
    );
}

#[test]
fn unreadable_values_are_flagged() {
    let c = catalog();
    for (line, issue) in [
        (
            "    - {analyte: ferritin, value: 800000, unit: ng/mL, date: 2026-11-10}",
            FindingIssue::Implausible,
        ),
        (
            "    - {analyte: ferritin, value: 5, unit: mmol/L, date: 2026-11-10}",
            FindingIssue::UnknownUnit,
        ),
        (
            "    - {analyte: copper, value: 100, unit: µg/dL, date: 2026-11-10}",
            FindingIssue::UnknownAnalyte,
        ),
    ] {
        let plan = with_lab("female", "ferritin", line);
        let eval = evaluate(&plan, &c);
        assert_eq!(eval.findings[0].issue, Some(issue), "{line}");
    }
}

#[test]
fn time_dependent_facts_count_to_the_day_of_evaluation() {
    use trichoplan::domain::evaluate::evaluate_on;
    // Saved four months after delivery; reopened ten months after.
    let yaml = base("female")
        .replacen("updated: 2026-11-20", "updated: 2026-05-01", 1)
        .replacen("created: 2026-11-01", "created: 2026-04-01", 1)
        .replace("date: 2026-11-10", "date: 2026-04-10")
        .replacen(
            "complaint: androgenetic_alopecia",
            "complaint: postpartum_shedding",
            1,
        )
        .replacen(
            "  sex: female",
            "  sex: female\n  history:\n    delivery: 2026-01-01",
            1,
        );
    let plan = plan_from(&yaml);
    let c = catalog();
    let then = evaluate(&plan, &c).eligibility;
    assert_eq!(then.verdict, EligibilityVerdict::EligibleWithCautions);
    assert_eq!(then.reasons[0].rule.as_str(), "postpartum_recent");
    let now = evaluate_on(&plan, &c, date(2026, 11, 26)).eligibility;
    assert_eq!(
        now.verdict,
        EligibilityVerdict::Eligible,
        "{:?}",
        now.reasons
    );
}

/// One clinical case: what changes from the base plan, and what the gate must say.
struct Clinical {
    /// What the case is, in a few words.
    name: &'static str,
    /// The catalog source the expected answer rests on.
    source: &'static str,
    sex: &'static str,
    /// Replacements applied to the base plan, in order.
    edits: &'static [(&'static str, &'static str)],
    verdict: EligibilityVerdict,
    /// Exactly the gate rules expected to fire, in catalog order.
    reasons: &'static [&'static str],
    /// The doctors referred to, urgent first.
    referrals: &'static [&'static str],
}

/// A lab line added to the deficiencies (or hormones) module of the base plan.
const AFTER_ZINC: &str = "    - {analyte: zinc, value: 14, unit: µmol/L, date: 2026-11-10}\n";
const AFTER_TSH: &str = "    - {analyte: tsh, value: 1.5, unit: mIU/L, date: 2026-11-10}\n";
const PRP: &str = "injections:\n  product: prp\n  zones: [vertex]\n  sessions_planned: 4\n  interval_days: 28\n  start: 2026-12-01\n";
const EXOSOMES: &str = "injections:\n  product: exosomes\n  zones: [vertex]\n  sessions_planned: 6\n  interval_days: 28\n  start: 2026-12-01\n";
const COMBINED: &str = "injections:\n  product: combined\n  zones: [vertex]\n  sessions_planned: 6\n  interval_days: 28\n  start: 2026-12-01\n";
/// Appends at the end of the plan (the base ends with its last lab line).
const END: &str = "__END__";

fn clinical_plan(case: &Clinical) -> Plan {
    let mut yaml = base(case.sex);
    yaml.push_str(END);
    for (from, to) in case.edits {
        assert!(yaml.contains(from), "{}: base lacks {from:?}", case.name);
        let to = if *from == END {
            format!("{to}{END}")
        } else {
            (*to).to_owned()
        };
        yaml = yaml.replacen(from, &to, 1);
    }
    plan_from(&yaml.replace(END, ""))
}

#[test]
fn clinical_cases_get_the_right_verdict_reasons_and_referrals() {
    use EligibilityVerdict::*;
    let cases: &[Clinical] = &[
        Clinical {
            name: "a 16-year-old (birth year 2010)",
            source: "practice_setting",
            sex: "female",
            edits: &[("birth_year: 1990", "birth_year: 2010")],
            verdict: NotEligible,
            reasons: &["minor"],
            referrals: &["gp"],
        },
        Clinical {
            name: "born in 2008, no birth date: counted 17 throughout 2026",
            source: "practice_setting",
            sex: "male",
            edits: &[("birth_year: 1990", "birth_year: 2008")],
            verdict: NotEligible,
            reasons: &["minor"],
            referrals: &["gp"],
        },
        Clinical {
            name: "born 15 January 2008: 18 on the day of the plan",
            source: "practice_setting",
            sex: "male",
            edits: &[(
                "birth_year: 1990",
                "birth_year: 2008\n  birth_date: 2008-01-15",
            )],
            verdict: Eligible,
            reasons: &[],
            referrals: &[],
        },
        Clinical {
            name: "born 1 December 2008: still 17 on 20 November 2026",
            source: "practice_setting",
            sex: "male",
            edits: &[(
                "birth_year: 1990",
                "birth_year: 2008\n  birth_date: 2008-12-01",
            )],
            verdict: NotEligible,
            reasons: &["minor"],
            referrals: &["gp"],
        },
        Clinical {
            name: "anticoagulated",
            source: "prp_clinic_sheet",
            sex: "male",
            edits: &[("anticoagulant: false", "anticoagulant: true")],
            verdict: ReferFirst,
            reasons: &["anticoagulant"],
            referrals: &["prescriber"],
        },
        Clinical {
            name: "apixaban typed in the medications, screen answered no: asked to confirm, never decided by the text",
            source: "practice_setting",
            sex: "male",
            edits: &[(
                "  sex: male\n",
                "  sex: male\n  history:\n    medications: [Apixaban 5 mg]\n",
            )],
            verdict: EligibleWithCautions,
            reasons: &["mention_to_confirm"],
            referrals: &[],
        },
        Clinical {
            name: "Eliquis typed and confirmed",
            source: "prp_clinic_sheet",
            sex: "male",
            edits: &[
                (
                    "  sex: male\n",
                    "  sex: male\n  history:\n    medications: [ELIQUIS 5 mg x2]\n",
                ),
                ("anticoagulant: false", "anticoagulant: true"),
            ],
            verdict: ReferFirst,
            reasons: &["anticoagulant"],
            referrals: &["prescriber"],
        },
        Clinical {
            name: "HÉPARINE in capitals, question unanswered: screen incomplete and a mention to confirm",
            source: "practice_setting",
            sex: "male",
            edits: &[
                (
                    "  sex: male\n",
                    "  sex: male\n  history:\n    medications: [HÉPARINE sous-cutanée]\n",
                ),
                ("    anticoagulant: false\n", ""),
            ],
            verdict: EligibleWithCautions,
            reasons: &["screen_incomplete", "mention_to_confirm"],
            referrals: &[],
        },
        Clinical {
            name: "NSAIDs before PRP",
            source: "prp_clinic_sheet",
            sex: "male",
            edits: &[("nsaid_recent: false", "nsaid_recent: true"), (END, PRP)],
            verdict: EligibleWithCautions,
            reasons: &["nsaid_recent", "platelets_missing_prp"],
            referrals: &[],
        },
        Clinical {
            name: "NSAIDs before exosomes: no PRP caution",
            source: "prp_clinic_sheet",
            sex: "male",
            edits: &[
                ("nsaid_recent: false", "nsaid_recent: true"),
                (END, EXOSOMES),
            ],
            verdict: Eligible,
            reasons: &[],
            referrals: &[],
        },
        Clinical {
            name: "bleeding disorder",
            source: "prp_contraindications_vendor",
            sex: "female",
            edits: &[("bleeding_disorder: false", "bleeding_disorder: true")],
            verdict: ReferFirst,
            reasons: &["bleeding_disorder"],
            referrals: &["gp"],
        },
        Clinical {
            name: "platelets 90 ×10⁹/L",
            source: "mayo_pltc",
            sex: "female",
            edits: &[(
                AFTER_ZINC,
                "    - {analyte: zinc, value: 14, unit: µmol/L, date: 2026-11-10}\n    - {analyte: platelets, value: 90, unit: 10^9/L, date: 2026-11-10}\n",
            )],
            verdict: ReferFirst,
            reasons: &["platelets_low"],
            referrals: &["gp"],
        },
        Clinical {
            name: "combined protocol without a platelet count",
            source: "prp_contraindications_vendor",
            sex: "female",
            edits: &[(END, COMBINED)],
            verdict: EligibleWithCautions,
            reasons: &["platelets_missing_prp"],
            referrals: &[],
        },
        Clinical {
            name: "PRP with a normal platelet count",
            source: "mayo_pltc",
            sex: "female",
            edits: &[
                (
                    AFTER_ZINC,
                    "    - {analyte: zinc, value: 14, unit: µmol/L, date: 2026-11-10}\n    - {analyte: platelets, value: 250, unit: G/L, date: 2026-11-10}\n",
                ),
                (END, PRP),
            ],
            verdict: Eligible,
            reasons: &[],
            referrals: &[],
        },
        Clinical {
            name: "active infection",
            source: "griip_2025",
            sex: "male",
            edits: &[("active_infection: false", "active_infection: true")],
            verdict: NotEligible,
            reasons: &["active_infection"],
            referrals: &["gp"],
        },
        Clinical {
            name: "under chemotherapy",
            source: "griip_2025",
            sex: "female",
            edits: &[("cancer_treatment: false", "cancer_treatment: true")],
            verdict: NotEligible,
            reasons: &["cancer_treatment"],
            referrals: &["prescriber"],
        },
        Clinical {
            name: "immunosuppressed",
            source: "griip_2025",
            sex: "female",
            edits: &[("immunosuppression: false", "immunosuppression: true")],
            verdict: ReferFirst,
            reasons: &["immunosuppression"],
            referrals: &["prescriber"],
        },
        Clinical {
            name: "allergy to lidocaine",
            source: "la_allergy",
            sex: "female",
            edits: &[("allergy_injection: false", "allergy_injection: true")],
            verdict: ReferFirst,
            reasons: &["allergy"],
            referrals: &["gp"],
        },
        Clinical {
            name: "keloid tendency",
            source: "practice_setting",
            sex: "female",
            edits: &[("keloid: false", "keloid: true")],
            verdict: EligibleWithCautions,
            reasons: &["keloid"],
            referrals: &[],
        },
        Clinical {
            name: "vasovagal history",
            source: "wu_2018",
            sex: "female",
            edits: &[("vasovagal: false", "vasovagal: true")],
            verdict: EligibleWithCautions,
            reasons: &["vasovagal"],
            referrals: &[],
        },
        Clinical {
            name: "the issue's patient: 16, apixaban, chemotherapy, tumour-range androgens, active scarring signs, burning and scaling scalp",
            source: "androgen_tumour_2022",
            sex: "female",
            edits: &[
                ("birth_year: 1990", "birth_year: 2010"),
                (
                    "  sex: female\n",
                    "  sex: female\n  history:\n    medications: [apixaban]\n",
                ),
                (
                    "  scarring: false\n",
                    "  trichoscopy:\n    signs: [perifollicular_erythema, perifollicular_scale]\n  scarring: false\n",
                ),
                ("anticoagulant: false", "anticoagulant: true"),
                ("cancer_treatment: false", "cancer_treatment: true"),
                (
                    "    vasovagal: false\n",
                    "    vasovagal: false\n    scalp_symptoms: [burning, scaling]\n",
                ),
                (
                    AFTER_TSH,
                    "    - {analyte: tsh, value: 1.5, unit: mIU/L, date: 2026-11-10}\n    - {analyte: testosterone, value: 6.5, unit: nmol/L, date: 2026-11-10}\n    - {analyte: dhea_s, value: 25, unit: µmol/L, date: 2026-11-10}\n",
                ),
                (END, PRP),
            ],
            verdict: NotEligible,
            reasons: &[
                "minor",
                "anticoagulant",
                "platelets_missing_prp",
                "cancer_treatment",
                "active_scarring_signs",
                "androgens_tumour_range",
            ],
            referrals: &[
                "endocrinologist",
                "gp",
                "prescriber",
                "prescriber",
                "dermatologist",
            ],
        },
        Clinical {
            name: "testosterone 5.5 nmol/L in a woman",
            source: "androgen_tumour_2022",
            sex: "female",
            edits: &[(
                AFTER_TSH,
                "    - {analyte: tsh, value: 1.5, unit: mIU/L, date: 2026-11-10}\n    - {analyte: testosterone, value: 5.5, unit: nmol/L, date: 2026-11-10}\n",
            )],
            verdict: ReferFirst,
            reasons: &["androgens_tumour_range"],
            referrals: &["endocrinologist"],
        },
        Clinical {
            name: "the same testosterone in a man",
            source: "mayo_ttst",
            sex: "male",
            edits: &[(
                AFTER_TSH,
                "    - {analyte: tsh, value: 1.5, unit: mIU/L, date: 2026-11-10}\n    - {analyte: testosterone, value: 5.5, unit: nmol/L, date: 2026-11-10}\n",
            )],
            verdict: Eligible,
            reasons: &[],
            referrals: &[],
        },
        Clinical {
            name: "DHEA-S 20 µmol/L (738 µg/dL) in a woman",
            source: "aafp_2001",
            sex: "female",
            edits: &[(
                AFTER_TSH,
                "    - {analyte: tsh, value: 1.5, unit: mIU/L, date: 2026-11-10}\n    - {analyte: dhea_s, value: 20, unit: µmol/L, date: 2026-11-10}\n",
            )],
            verdict: ReferFirst,
            reasons: &["androgens_tumour_range"],
            referrals: &["endocrinologist"],
        },
        Clinical {
            name: "rapid virilisation",
            source: "martin_2018",
            sex: "female",
            edits: &[(
                "  hormones:\n",
                "  hormones:\n    answers:\n      virilisation: true\n",
            )],
            verdict: ReferFirst,
            reasons: &["androgens_tumour_range"],
            referrals: &["endocrinologist"],
        },
        Clinical {
            name: "perifollicular erythema with openings present",
            source: "scarring_itch_2017",
            sex: "female",
            edits: &[(
                "  scarring: false\n",
                "  trichoscopy:\n    signs: [perifollicular_erythema]\n  scarring: false\n",
            )],
            verdict: ReferFirst,
            reasons: &["active_scarring_signs"],
            referrals: &["dermatologist"],
        },
        Clinical {
            name: "a burning, painful scalp",
            source: "scarring_itch_2017",
            sex: "female",
            edits: &[(
                "    vasovagal: false\n",
                "    vasovagal: false\n    scalp_symptoms: [burning]\n",
            )],
            verdict: ReferFirst,
            reasons: &["active_scarring_signs"],
            referrals: &["dermatologist"],
        },
        Clinical {
            name: "itching alone",
            source: "scarring_itch_2017",
            sex: "female",
            edits: &[(
                "    vasovagal: false\n",
                "    vasovagal: false\n    scalp_symptoms: [itching]\n",
            )],
            verdict: EligibleWithCautions,
            reasons: &["scalp_itching"],
            referrals: &[],
        },
        Clinical {
            name: "patchy loss",
            source: "bad_2024_aa",
            sex: "female",
            edits: &[(
                "    vasovagal: false\n",
                "    vasovagal: false\n    patchy_loss: true\n",
            )],
            verdict: ReferFirst,
            reasons: &["patchy_or_rapid_loss"],
            referrals: &["dermatologist"],
        },
        Clinical {
            name: "eyebrow loss",
            source: "bad_2024_aa",
            sex: "male",
            edits: &[(
                "    vasovagal: false\n",
                "    vasovagal: false\n    eyebrow_loss: true\n",
            )],
            verdict: ReferFirst,
            reasons: &["patchy_or_rapid_loss"],
            referrals: &["dermatologist"],
        },
        Clinical {
            name: "CRP 12 mg/L against the lab's ≤ 5",
            source: "pearson_2003",
            sex: "female",
            edits: &[(
                "value: 1, unit: mg/L, date: 2026-11-10, range: {high: 5}",
                "value: 12, unit: mg/L, date: 2026-11-10, range: {high: 5}",
            )],
            verdict: ReferFirst,
            reasons: &["crp_raised"],
            referrals: &["gp"],
        },
        Clinical {
            name: "iron deficiency in a man",
            source: "bsg_2021",
            sex: "male",
            edits: &[(
                "analyte: ferritin, value: 80,",
                "analyte: ferritin, value: 12,",
            )],
            verdict: ReferFirst,
            reasons: &["iron_deficiency_workup"],
            referrals: &["gp"],
        },
        Clinical {
            name: "iron deficiency in a post-menopausal woman",
            source: "bsg_2021",
            sex: "female",
            edits: &[
                (
                    "analyte: ferritin, value: 80,",
                    "analyte: ferritin, value: 12,",
                ),
                (
                    "    vasovagal: false\n",
                    "    vasovagal: false\n    postmenopausal: true\n",
                ),
            ],
            verdict: ReferFirst,
            reasons: &["iron_deficiency_workup"],
            referrals: &["gp"],
        },
        Clinical {
            name: "iron deficiency in a premenopausal woman: iron, no digestive referral",
            source: "who_2020_ferritin",
            sex: "female",
            edits: &[(
                "analyte: ferritin, value: 80,",
                "analyte: ferritin, value: 12,",
            )],
            verdict: Eligible,
            reasons: &[],
            referrals: &[],
        },
        Clinical {
            name: "telogen effluvium for three months",
            source: "nhs_lothian_alopecia",
            sex: "female",
            edits: &[(
                "complaint: androgenetic_alopecia\n",
                "complaint: telogen_effluvium\n  onset: 2026-08-10\n",
            )],
            verdict: EligibleWithCautions,
            reasons: &["telogen_effluvium_recent"],
            referrals: &[],
        },
        Clinical {
            name: "telogen effluvium for eight months",
            source: "alessandrini_te",
            sex: "female",
            edits: &[(
                "complaint: androgenetic_alopecia\n",
                "complaint: telogen_effluvium\n  onset: 2026-03-01\n",
            )],
            verdict: Eligible,
            reasons: &[],
            referrals: &[],
        },
        Clinical {
            name: "post-partum shedding, four months after delivery",
            source: "nhs_lothian_alopecia",
            sex: "female",
            edits: &[
                (
                    "complaint: androgenetic_alopecia",
                    "complaint: postpartum_shedding",
                ),
                (
                    "  sex: female\n",
                    "  sex: female\n  history:\n    delivery: 2026-07-15\n",
                ),
            ],
            verdict: EligibleWithCautions,
            reasons: &["postpartum_recent"],
            referrals: &[],
        },
        Clinical {
            name: "pregnant",
            source: "gupta_2023",
            sex: "female",
            edits: &[(
                "  sex: female\n",
                "  sex: female\n  history:\n    pregnant: true\n",
            )],
            verdict: NotEligible,
            reasons: &["pregnant"],
            referrals: &[],
        },
        Clinical {
            name: "screen unanswered",
            source: "practice_setting",
            sex: "female",
            edits: &[("    keloid: false\n", "")],
            verdict: EligibleWithCautions,
            reasons: &["screen_incomplete"],
            referrals: &[],
        },
    ];
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let c = catalog();
    for case in cases {
        assert!(
            c.sources.get(case.source).is_some(),
            "{}: unknown source {}",
            case.name,
            case.source
        );
        let plan = clinical_plan(case);
        let eval = evaluate(&plan, &c);
        let reasons: Vec<&str> = eval
            .eligibility
            .reasons
            .iter()
            .map(|r| r.rule.as_str())
            .collect();
        let referrals: Vec<&str> = eval.referrals.iter().map(|r| r.to.as_str()).collect();
        assert_eq!(
            (
                eval.eligibility.verdict,
                reasons.as_slice(),
                referrals.as_slice()
            ),
            (case.verdict, case.reasons, case.referrals),
            "{} [{}]",
            case.name,
            case.source
        );
    }
}

#[test]
fn supplements_are_safe_and_biotin_flags_its_assays() {
    let c = catalog();
    let with = |sex: &'static str, edits: &'static [(&'static str, &'static str)]| {
        clinical_plan(&Clinical {
            name: "supplements",
            source: "seed",
            sex,
            edits,
            verdict: EligibilityVerdict::Eligible,
            reasons: &[],
            referrals: &[],
        })
    };
    // Haemochromatosis: no iron whatever the ferritin, and a warning (IOM 2001).
    let plan = with(
        "female",
        &[
            (
                "analyte: ferritin, value: 80,",
                "analyte: ferritin, value: 10,",
            ),
            (
                "  deficiencies:\n",
                "  deficiencies:\n    answers:\n      haemochromatosis: true\n",
            ),
        ],
    );
    let got = pending(&plan);
    assert!(
        !got.iter()
            .any(|(_, a)| a.as_deref() == Some("iron_repletion")),
        "{got:?}"
    );
    assert!(
        got.contains(&("haemochromatosis_no_iron".into(), None)),
        "{got:?}"
    );

    // With inflammation, ferritin below 70 µg/L suggests deficiency (WHO 2020).
    let plan = with(
        "female",
        &[
            (
                "analyte: ferritin, value: 80,",
                "analyte: ferritin, value: 50,",
            ),
            (
                "value: 1, unit: mg/L, date: 2026-11-10, range: {high: 5}",
                "value: 9, unit: mg/L, date: 2026-11-10, range: {high: 5}",
            ),
        ],
    );
    let got = pending(&plan);
    assert!(
        got.contains(&(
            "ferritin_low_inflammation".into(),
            Some("iron_repletion".into())
        )),
        "{got:?}"
    );

    // Vitamin D: never the 50,000 IU weekly regimen; high doses only on prescription.
    let vit_d = c.actions.get("vitamin_d_repletion").unwrap();
    for lang in [trichoplan::domain::Lang::En, trichoplan::domain::Lang::Fr] {
        let dose = vit_d.dose.as_ref().unwrap().get(lang);
        assert!(
            !dose.contains("50,000") && !dose.contains("50 000"),
            "{dose}"
        );
        assert!(dose.contains("4,000") || dose.contains("4 000"), "{dose}");
    }
    // Iron and zinc state elemental amounts and their spacing.
    let iron = c.actions.get("iron_repletion").unwrap();
    assert!(
        iron.dose
            .as_ref()
            .unwrap()
            .get(trichoplan::domain::Lang::En)
            .contains("elemental")
    );
    assert!(
        iron.frequency
            .as_ref()
            .unwrap()
            .get(trichoplan::domain::Lang::En)
            .contains("levothyroxine")
    );
    let zinc = c.actions.get("zinc_supplement").unwrap();
    assert!(
        zinc.frequency
            .as_ref()
            .unwrap()
            .get(trichoplan::domain::Lang::En)
            .contains("quinolone")
    );
    assert!(
        zinc.duration
            .as_ref()
            .unwrap()
            .get(trichoplan::domain::Lang::En)
            .contains("copper")
    );

    // Biotin: a warning, and the immunoassays (TSH, ferritin…) are flagged, zinc is not.
    let plan = with(
        "female",
        &[(
            "    vasovagal: false\n",
            "    vasovagal: false\n    biotin: true\n",
        )],
    );
    let eval = evaluate(&plan, &c);
    let flagged: Vec<&str> = eval
        .findings
        .iter()
        .filter(|f| f.biotin)
        .map(|f| f.analyte.as_str())
        .collect();
    assert_eq!(flagged, ["ferritin", "vitamin_d", "tsh"]);
    assert!(pending(&plan).contains(&("biotin_interference".into(), None)));
    // Named in the medications and not denied, biotin flags the assays too.
    let plan = with(
        "female",
        &[(
            "  sex: female\n",
            "  sex: female\n  history:\n    medications: [Biotine 5 mg (cheveux)]\n",
        )],
    );
    let eval = evaluate(&plan, &c);
    assert!(eval.findings.iter().any(|f| f.biotin));
    assert!(
        eval.mentions
            .iter()
            .any(|m| m.list.as_str() == "biotin" && !m.confirmed)
    );
    // Denied: the answer wins.
    let plan = with(
        "female",
        &[
            (
                "  sex: female\n",
                "  sex: female\n  history:\n    medications: [Biotine 5 mg (cheveux)]\n",
            ),
            (
                "    vasovagal: false\n",
                "    vasovagal: false\n    biotin: false\n",
            ),
        ],
    );
    assert!(!evaluate(&plan, &c).findings.iter().any(|f| f.biotin));
}
