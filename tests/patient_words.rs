//! Patient documents speak the patient's words: no ISO date, no catalog key or rule id, and no
//! word of the other language. Checked on every example, in both languages, in text (what the
//! other formats render from the same document model).

mod common;

use std::collections::BTreeSet;

use trichoplan::domain::Lang;
use trichoplan::report::{Audience, build, referral, text};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::read_plan;

/// Words that only the other language uses (function words and the interface's own words).
const ENGLISH_ONLY: &[&str] = &[
    "the", "and", "with", "your", "you", "of", "for", "to", "at", "from", "missing", "signed",
    "planned", "done", "session", "sessions", "every", "days", "months", "how", "what",
];
const FRENCH_ONLY: &[&str] = &[
    "le", "la", "les", "des", "du", "avec", "pour", "vous", "votre", "vos", "séance", "séances",
    "prévue", "faite", "mois", "jours", "signé", "où", "à", "être",
];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .flat_map(|w| w.split('\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The free text of a plan, as typed (one line of the 80-column text can hold part of it, so
/// long entries are also split at spaces into chunks that still identify them).
fn typed_text(plan: &trichoplan::domain::Plan) -> (Vec<String>, BTreeSet<String>) {
    let mut out: Vec<String> = Vec::new();
    if let Some(p) = &plan.practitioner {
        for t in [
            Some(&p.name),
            p.title.as_ref(),
            p.clinic.as_ref(),
            p.address.as_ref(),
            p.phone.as_ref(),
            p.email.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            out.push(t.to_string());
        }
    }
    out.push(plan.patient.name.to_string());
    let actions = plan.assessment.actions.iter().chain(
        plan.modules
            .iter()
            .into_iter()
            .flat_map(|(_, m)| &m.actions),
    );
    for a in actions {
        for t in [&a.label, &a.dose, &a.frequency, &a.duration]
            .into_iter()
            .flatten()
        {
            out.push(t.to_string());
        }
    }
    for c in &plan.followup.checkpoints {
        if let Some(l) = &c.label {
            out.push(l.to_string());
        }
    }
    // Wrapped lines split typed text: its words count as typed too.
    let words: BTreeSet<String> = out.iter().flat_map(|t| words(t)).collect();
    out.sort_by_key(|t| std::cmp::Reverse(t.len()));
    (out, words)
}

fn iso_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = &b[i..i + 10];
        let ok = s[..4].iter().all(u8::is_ascii_digit)
            && s[4] == b'-'
            && s[5..7].iter().all(u8::is_ascii_digit)
            && s[7] == b'-'
            && s[8..10].iter().all(u8::is_ascii_digit);
        ok.then(|| String::from_utf8_lossy(s).into_owned())
    })
}

#[test]
fn patient_documents_have_no_iso_date_no_key_and_no_word_of_the_other_language() {
    let catalog = default_catalog().unwrap();
    // Every identifier of the catalog a careless renderer could leak.
    let keys: BTreeSet<String> = catalog
        .sources
        .iter()
        .map(|(k, _)| k.to_string())
        .chain(catalog.gate.rules.iter().map(|(k, _)| k.to_string()))
        .chain(catalog.rules.iter().map(|(k, _)| k.to_string()))
        .chain(catalog.actions.iter().map(|(k, _)| k.to_string()))
        .chain(catalog.texts.iter().map(|(k, _)| k.to_string()))
        .chain(catalog.questions.iter().map(|(k, _)| k.to_string()))
        .chain(catalog.terms.iter().map(|(k, _)| k.to_string()))
        .filter(|k| k.contains('_'))
        .collect();
    let mut checked = 0;
    for path in common::examples() {
        let plan = read_plan(&path).unwrap().plan;
        let lang = plan.language;
        let mut docs = vec![("handout", build(&plan, &catalog, Audience::Patient, lang))];
        if let Some(letter) = referral::build(&plan, &catalog, lang) {
            docs.push(("referral letter", letter));
        }
        for (what, doc) in docs {
            let out = text::render(&doc);
            let id = format!("{} {what} ({})", plan.id, lang.code());
            assert_eq!(iso_date(&out), None, "{id}: an ISO date in\n{out}");
            for key in &keys {
                assert!(
                    !words(&out).iter().any(|w| w == key) && !out.contains(key.as_str()),
                    "{id}: catalog key `{key}` in\n{out}"
                );
            }
            // What the practitioner typed is in whatever language they typed it (a Lyon
            // address, a brand name): only the words trichoplan writes are checked.
            let (typed, typed_words) = typed_text(&plan);
            let mut ours = out.replace('\n', " ");
            for t in typed {
                ours = ours.replace(&t, " ");
            }
            let foreign = match lang {
                Lang::Fr => ENGLISH_ONLY,
                Lang::En => FRENCH_ONLY,
            };
            let found: Vec<String> = words(&ours)
                .into_iter()
                .filter(|w| foreign.contains(&w.as_str()) && !typed_words.contains(w))
                .collect();
            assert!(found.is_empty(), "{id}: {found:?} in\n{out}");
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked} documents checked");
}

#[test]
fn a_value_is_out_of_range_only_outside_its_range() {
    // Camille's ferritin (18 ng/mL, lab range 15–150) is below the hair target, not out of range:
    // the record says so in those words, and the patient's copy says nothing of it.
    let catalog = default_catalog().unwrap();
    let path = common::root().join("plans/camille-dupont-2026.yaml");
    let plan = read_plan(&path).unwrap().plan;
    let record = text::render(&build(&plan, &catalog, Audience::Practitioner, Lang::Fr));
    let line = record.lines().find(|l| l.starts_with("Ferritine")).unwrap();
    assert!(line.contains("dans la norme"), "{line}");
    assert!(!record.contains("hors norme"), "{record}");
    let handout = text::render(&build(&plan, &catalog, Audience::Patient, Lang::Fr));
    assert!(!handout.contains("cible"), "{handout}");
}

#[test]
fn the_checks_themselves_catch_what_they_look_for() {
    assert_eq!(
        iso_date("séance le 2026-12-14."),
        Some("2026-12-14".to_owned())
    );
    assert_eq!(iso_date("séance le 14 décembre 2026."), None);
    let w = words("Consentement : exosome_limits v1, l'aspirine and the dose");
    assert!(w.contains(&"exosome".to_owned()) && w.contains(&"limits".to_owned()));
    assert!(w.iter().any(|x| ENGLISH_ONLY.contains(&x.as_str())));
    assert!(w.contains(&"aspirine".to_owned()));
}

#[test]
fn only_the_note_written_for_the_patient_reaches_the_handout() {
    use trichoplan::domain::Prose;
    let catalog = default_catalog().unwrap();
    let mut plan = read_plan(&common::root().join("plans/camille-dupont-2026.yaml"))
        .unwrap()
        .plan;
    plan.notes = Some(Prose::new("Patiente anxieuse, ne pas évoquer la biopsie").unwrap());
    plan.assessment.notes = Some(Prose::new("Suspicion à confirmer").unwrap());
    plan.patient_note = Some(Prose::new("Pensez à apporter vos analyses.").unwrap());
    let handout = text::render(&build(&plan, &catalog, Audience::Patient, Lang::Fr));
    assert!(
        handout.contains("Pensez à apporter vos analyses."),
        "{handout}"
    );
    assert!(
        !handout.contains("anxieuse") && !handout.contains("Suspicion"),
        "{handout}"
    );
    let record = text::render(&build(&plan, &catalog, Audience::Practitioner, Lang::Fr));
    assert!(record.contains("anxieuse"), "the record keeps every note");
}
