//! The FHIR R4 export, checked by hand for what schema validators do not see: a transaction
//! of conditional updates on stable identifiers, every reference resolved inside the bundle,
//! the required value sets of the statuses, LOINC codes that match the unit of the value,
//! only certain ICD-10 codes, text in the plan's language, and identifiers that stay put
//! when the plan changes. The independent validators (the HL7 R4 JSON schema, FHIR.js and
//! Python's fhir.resources) run over the same bundles in `scripts/validate-fhir.sh`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;
use trichoplan::domain::Plan;
use trichoplan::domain::catalog::Catalog;
use trichoplan::domain::plan::SessionStatus;
use trichoplan::export::fhir;
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::read_plan;

/// Every example plan and the plan with every field filled.
fn plans() -> Vec<PathBuf> {
    let mut out = common::examples();
    out.push(common::root().join("tests/fhir/full-plan-2026.yaml"));
    out
}

fn load(path: &std::path::Path) -> Plan {
    read_plan(path).unwrap_or_else(|e| panic!("{e}")).plan
}

fn resources<'a>(b: &'a Value, kind: &str) -> Vec<&'a Value> {
    b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

fn references(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("reference", Value::String(s)) => out.push(s.clone()),
                    _ => references(v, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

const CAREPLAN_STATUS: &[&str] = &[
    "draft",
    "active",
    "on-hold",
    "revoked",
    "completed",
    "entered-in-error",
    "unknown",
];
const CAREPLAN_INTENT: &[&str] = &["proposal", "plan", "order", "option"];
const DETAIL_STATUS: &[&str] = &[
    "not-started",
    "scheduled",
    "in-progress",
    "on-hold",
    "completed",
    "cancelled",
    "stopped",
    "unknown",
    "entered-in-error",
];
const OBSERVATION_STATUS: &[&str] = &[
    "registered",
    "preliminary",
    "final",
    "amended",
    "corrected",
    "cancelled",
    "entered-in-error",
    "unknown",
];
const GOAL_LIFECYCLE: &[&str] = &[
    "proposed",
    "planned",
    "accepted",
    "active",
    "on-hold",
    "completed",
    "cancelled",
    "entered-in-error",
    "rejected",
];
const PROCEDURE_STATUS: &[&str] = &[
    "preparation",
    "in-progress",
    "not-done",
    "on-hold",
    "stopped",
    "completed",
    "entered-in-error",
    "unknown",
];
const CONSENT_STATUS: &[&str] = &[
    "draft",
    "proposed",
    "active",
    "rejected",
    "inactive",
    "entered-in-error",
];

fn is_uuid_urn(s: &str) -> bool {
    let Some(hex) = s.strip_prefix("urn:uuid:") else {
        return false;
    };
    let parts: Vec<&str> = hex.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && hex
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// Every structural promise of the export, for one bundle.
fn check_bundle(plan: &Plan, catalog: &Catalog, b: &Value) {
    let name = plan.id.as_str();
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "transaction", "{name}");
    let entries = b["entry"].as_array().unwrap();
    let urls: Vec<&str> = entries
        .iter()
        .map(|e| e["fullUrl"].as_str().unwrap())
        .collect();
    let unique: BTreeSet<&str> = urls.iter().copied().collect();
    assert_eq!(unique.len(), urls.len(), "{name}: fullUrls are unique");
    for e in entries {
        let r = &e["resource"];
        let kind = r["resourceType"].as_str().unwrap();
        let url = e["fullUrl"].as_str().unwrap();
        assert!(is_uuid_urn(url), "{name}: {url}");
        assert!(
            r.get("id").is_none(),
            "{name}: no server id in a transaction"
        );
        let ident = &r["identifier"][0];
        let system = ident["system"].as_str().unwrap();
        let value = ident["value"].as_str().unwrap();
        assert!(system.starts_with(fhir::SYSTEM), "{name}: {system}");
        assert_eq!(e["request"]["method"], "PUT", "{name}: {kind}");
        assert_eq!(
            e["request"]["url"],
            format!("{kind}?identifier={system}|{value}"),
            "{name}: conditional update on the identifier"
        );
        assert_eq!(r["language"], plan.language.code());
        let field = |f: &str| r[f].as_str().unwrap_or_default().to_owned();
        match kind {
            "CarePlan" => {
                assert!(CAREPLAN_STATUS.contains(&field("status").as_str()));
                assert!(CAREPLAN_INTENT.contains(&field("intent").as_str()));
                for a in r["activity"].as_array().unwrap() {
                    let s = a["detail"]["status"].as_str().unwrap();
                    assert!(DETAIL_STATUS.contains(&s), "{name}: detail.status {s}");
                }
            }
            "Observation" => {
                assert!(OBSERVATION_STATUS.contains(&field("status").as_str()));
            }
            "Goal" => assert!(GOAL_LIFECYCLE.contains(&field("lifecycleStatus").as_str())),
            "Procedure" => assert!(PROCEDURE_STATUS.contains(&field("status").as_str())),
            "Consent" => assert!(CONSENT_STATUS.contains(&field("status").as_str())),
            "Patient" => {
                assert!(["male", "female", "other", "unknown"].contains(&field("gender").as_str()))
            }
            "Practitioner" | "Condition" => {}
            other => panic!("{name}: unexpected resource {other}"),
        }
    }
    // Every reference resolves to an entry of the bundle.
    let mut refs = Vec::new();
    references(b, &mut refs);
    assert!(!refs.is_empty());
    for r in &refs {
        assert!(
            unique.contains(r.as_str()),
            "{name}: dangling reference {r}"
        );
    }

    // Counts follow the plan.
    let labs: Vec<_> = plan
        .modules
        .iter()
        .into_iter()
        .flat_map(|(_, m)| &m.labs)
        .collect();
    assert_eq!(
        resources(b, "Observation").len(),
        labs.len() + plan.followup.measurements.len(),
        "{name}: one Observation per lab value and measurement"
    );
    let done = plan
        .injections
        .iter()
        .flat_map(|i| &i.sessions)
        .filter(|s| s.status == SessionStatus::Done)
        .count();
    assert_eq!(resources(b, "Procedure").len(), done, "{name}");
    assert_eq!(
        resources(b, "Consent").len(),
        plan.consent.iter().count(),
        "{name}"
    );
    assert_eq!(resources(b, "Patient").len(), 1);
    assert_eq!(resources(b, "CarePlan").len(), 1);
    let care = resources(b, "CarePlan")[0];
    let activities = care["activity"].as_array().unwrap().len();
    let sessions = plan.injections.iter().flat_map(|i| &i.sessions).count();
    let actions = plan.assessment.actions.len()
        + plan
            .modules
            .iter()
            .into_iter()
            .map(|(_, m)| m.actions.len())
            .sum::<usize>();
    assert_eq!(
        activities,
        sessions + plan.followup.checkpoints.len() + actions,
        "{name}: sessions, checkpoints, supplements and advice"
    );
    // The plan's goals and observations are referenced from the care plan.
    let goals = care["goal"].as_array().map_or(0, Vec::len);
    assert_eq!(goals, resources(b, "Goal").len(), "{name}");
    for g in resources(b, "Goal") {
        assert!(g["target"][0]["measure"]["coding"][0]["system"] == "http://loinc.org");
    }

    // A LOINC code names a unit kind: the value is in the catalog's canonical unit for it.
    let by_loinc: BTreeMap<&str, &str> = catalog
        .analytes
        .iter()
        .map(|(_, a)| (a.loinc.as_str(), a.unit.as_str()))
        .collect();
    for o in resources(b, "Observation") {
        let coding = &o["code"]["coding"][0];
        if coding["system"] == "http://loinc.org" {
            let code = coding["code"].as_str().unwrap();
            let unit = by_loinc
                .get(code)
                .unwrap_or_else(|| panic!("{code} not in catalog"));
            assert_eq!(o["valueQuantity"]["unit"], *unit, "{name}: {code}");
            assert_eq!(o["valueQuantity"]["system"], "http://unitsofmeasure.org");
            for bound in ["low", "high"] {
                if let Some(q) = o["referenceRange"][0].get(bound) {
                    assert_eq!(q["unit"], *unit, "{name}: {code} range");
                }
            }
            assert!(o["interpretation"].is_null() || o["referenceRange"].is_array());
        }
    }

    // Only ICD-10 codes that are certain, for the complaint they name.
    for c in resources(b, "Condition") {
        if let Some(coding) = c["code"]["coding"].as_array() {
            let code = coding[0]["code"].as_str().unwrap();
            assert_eq!(coding[0]["system"], "http://hl7.org/fhir/sid/icd-10");
            assert!(
                ["L63.9", "L64.9", "L65.0", "L66.9"].contains(&code),
                "{name}: {code}"
            );
        }
        assert!(c["code"]["text"].is_string());
    }

    // Patient-facing text is in the plan's language.
    let title = care["title"].as_str().unwrap();
    let want = plan
        .language
        .pick("Hair-loss care plan", "Plan de soins capillaire");
    assert!(title.starts_with(want), "{name}: {title}");
}

#[test]
fn every_example_and_a_full_plan_export_as_a_consistent_transaction() {
    let catalog = default_catalog().unwrap();
    let mut kinds = BTreeSet::new();
    for path in plans() {
        let plan = load(&path);
        let b = fhir::bundle(&plan, &catalog, None);
        check_bundle(&plan, &catalog, &b);
        for e in b["entry"].as_array().unwrap() {
            kinds.insert(e["resource"]["resourceType"].as_str().unwrap().to_owned());
        }
        // The same plan always gives the same bundle.
        assert_eq!(b, fhir::bundle(&plan, &catalog, None));
    }
    let all: BTreeSet<String> = [
        "CarePlan",
        "Condition",
        "Consent",
        "Goal",
        "Observation",
        "Patient",
        "Practitioner",
        "Procedure",
    ]
    .map(String::from)
    .into();
    assert_eq!(kinds, all, "every kind of resource is exported somewhere");
}

#[test]
fn the_full_plan_carries_every_field_where_it_belongs() {
    let catalog = default_catalog().unwrap();
    let plan = load(&common::root().join("tests/fhir/full-plan-2026.yaml"));
    let b = fhir::bundle(&plan, &catalog, None);
    let patient = resources(&b, "Patient")[0];
    assert_eq!(patient["birthDate"], "1993-05-17");
    assert_eq!(patient["gender"], "female");
    assert_eq!(
        patient["address"][0]["text"],
        "3 place Bellecour, 69002 Lyon"
    );
    // Free T4 typed in ng/dL is exported in pmol/L under the molar code, with the original.
    let t4: Vec<_> = resources(&b, "Observation")
        .into_iter()
        .filter(|o| o["code"]["coding"][0]["code"] == "14920-3")
        .collect();
    assert_eq!(t4.len(), 2);
    let converted = t4
        .iter()
        .find(|o| o["effectiveDateTime"] == "2026-06-02")
        .unwrap();
    assert_eq!(converted["valueQuantity"]["value"], 16.731);
    assert_eq!(converted["valueQuantity"]["code"], "pmol/L");
    assert!(
        converted["note"][0]["text"]
            .as_str()
            .unwrap()
            .contains("1.3 ng/dL")
    );
    assert_eq!(converted["referenceRange"][0]["low"]["value"], 11.583);
    // The low vitamin D is flagged low against the lab's range.
    let vit_d = resources(&b, "Observation")
        .into_iter()
        .find(|o| o["code"]["coding"][0]["code"] == "62292-8")
        .unwrap();
    assert_eq!(vit_d["interpretation"][0]["coding"][0]["code"], "L");
    // Procedures: product and lot in notes, the reaction, body sites; a session done with a
    // consent override says so.
    let procs = resources(&b, "Procedure");
    assert_eq!(procs.len(), 3);
    let seventh = procs
        .iter()
        .find(|p| p["identifier"][0]["value"] == "full-plan-2026/session-7")
        .unwrap();
    let notes = seventh["note"].to_string();
    assert!(notes.contains("Lot : 12:30"), "{notes}");
    assert!(notes.contains("Consentement oral"), "{notes}");
    assert_eq!(seventh["bodySite"][0]["text"], "vertex");
    // The cancelled session is a cancelled activity; the done ones point to their procedure.
    let care = resources(&b, "CarePlan")[0];
    let statuses: Vec<&str> = care["activity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["detail"]["status"].as_str().unwrap())
        .collect();
    assert!(statuses.contains(&"cancelled"));
    let outcomes = care["activity"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a.get("outcomeReference").is_some())
        .count();
    assert_eq!(outcomes, 3);
    // Supplements: product (dose) and duration.
    let iron = care["activity"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["detail"]["code"]["coding"][0]["code"] == "iron_repletion")
        .unwrap();
    assert_eq!(
        iron["detail"]["productCodeableConcept"]["text"],
        "Bisglycinate de fer 30 mg"
    );
    assert!(
        iron["detail"]["scheduledString"]
            .as_str()
            .unwrap()
            .contains("pendant 3 mois")
    );
    // Consents: the signed one is active, the unsigned one proposed, each naming its version.
    let consents = resources(&b, "Consent");
    let status: BTreeSet<&str> = consents
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(status, ["active", "proposed"].into());
    assert!(
        consents.iter().any(|c| c["policy"][0]["uri"]
            == "urn:trichoplan:consent-text:prp_consent:2026.1%20b%C3%AAta"),
        "the version is in the policy, percent-encoded"
    );
    // The complaint is coded as ICD-10 L65.0 (postpartum alopecia is telogen effluvium).
    let condition = resources(&b, "Condition")[0];
    assert_eq!(condition["code"]["coding"][0]["code"], "L65.0");
    assert_eq!(care["addresses"][0]["reference"], b["entry"][2]["fullUrl"]);
}

#[test]
fn identifiers_stay_put_when_the_plan_changes() {
    let catalog = default_catalog().unwrap();
    let plan = load(&common::root().join("plans/camille-dupont-2026.yaml"));
    let before = fhir::bundle(&plan, &catalog, None);
    let mut changed = plan.clone();
    // Drop the first checkpoint and a lab value, and re-order the sessions.
    changed.followup.checkpoints.remove(0);
    changed.modules.deficiencies.labs.remove(1);
    changed.injections.as_mut().unwrap().sessions.reverse();
    let after = fhir::bundle(&changed, &catalog, None);
    let map = |b: &Value| -> BTreeMap<String, String> {
        b["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["resource"]["identifier"][0]["value"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                    e["fullUrl"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let (before, after) = (map(&before), map(&after));
    assert_eq!(before.len(), after.len() + 1, "one lab value fewer");
    for (id, url) in &after {
        assert_eq!(before.get(id), Some(url), "{id} kept its identity");
    }
}

#[test]
fn the_settings_practitioner_stands_in_for_a_plan_without_one() {
    let catalog = default_catalog().unwrap();
    let mut plan = load(&common::root().join("plans/daniel-okafor-2026.yaml"));
    let p = plan.practitioner.take().unwrap();
    let b = fhir::bundle(&plan, &catalog, None);
    assert!(resources(&b, "Practitioner").is_empty());
    check_bundle(&plan, &catalog, &b);
    let b = fhir::bundle(&plan, &catalog, Some(&p));
    assert_eq!(resources(&b, "Practitioner").len(), 1);
    check_bundle(&plan, &catalog, &b);
}

#[test]
fn export_fhir_from_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    let out = common::run_in(
        home.path(),
        &[
            "--plans-dir",
            "plans",
            "export",
            "fhir",
            "camille-dupont-2026",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let b: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(b["type"], "transaction");
    let file = home.path().join("b.json");
    let out = common::run_in(
        home.path(),
        &[
            "export",
            "fhir",
            "plans/sarah-mitchell-2026.yaml",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let b: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(b["resourceType"], "Bundle");
    let out = common::run_in(
        home.path(),
        &["--plans-dir", "plans", "export", "fhir", "nobody-2026"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(common::stderr(&out).lines().count(), 1);
}
