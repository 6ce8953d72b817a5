//! Summaries: golden files for every example plan in text, Markdown and HTML, both audiences
//! and both languages (reviewed once by eye, then guarding against regressions); PDFs read
//! back as text; hostile strings in every text field.
//!
//! `TRICHOPLAN_BLESS=1 cargo test --test summaries` rewrites the golden files; review the diff.

mod common;

use std::fs;

use trichoplan::domain::{Lang, Plan};
use trichoplan::report::{Audience, build, html, markdown, pdf, text};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::read_plan;

fn plans() -> Vec<Plan> {
    common::examples()
        .iter()
        .map(|p| read_plan(p).unwrap().plan)
        .collect()
}

const AUDIENCES: [(Audience, &str); 2] = [
    (Audience::Patient, "patient"),
    (Audience::Practitioner, "practitioner"),
];
const LANGS: [Lang; 2] = [Lang::Fr, Lang::En];

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_example_matches_its_golden_files() {
    let catalog = default_catalog().unwrap();
    let bless = std::env::var_os("TRICHOPLAN_BLESS").is_some();
    let dir = common::root().join("tests/golden");
    let mut failures = Vec::new();
    for plan in plans() {
        for (audience, a) in AUDIENCES {
            for lang in LANGS {
                let doc = build(&plan, &catalog, audience, lang);
                for (ext, out) in [
                    ("txt", text::render(&doc)),
                    ("md", markdown::render(&doc)),
                    ("html", html::render(&doc)),
                ] {
                    let path = dir.join(format!("{}.{a}.{}.{ext}", plan.id, lang.code()));
                    if bless {
                        fs::write(&path, &out).unwrap();
                    } else if fs::read_to_string(&path).ok().as_deref() != Some(out.as_str()) {
                        failures.push(path.display().to_string());
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "differ from the golden files (TRICHOPLAN_BLESS=1 to accept):\n{}",
        failures.join("\n")
    );
}

#[test]
fn pdfs_read_back_with_names_amounts_and_dates() {
    let catalog = default_catalog().unwrap();
    for plan in plans() {
        for (audience, _) in AUDIENCES {
            let doc = build(&plan, &catalog, audience, plan.language);
            let bytes = pdf::render(&doc).unwrap();
            assert!(bytes.starts_with(b"%PDF-"));
            let text = flat(
                &pdf_extract::extract_text_from_mem(&bytes)
                    .unwrap_or_else(|e| panic!("{}: {e}", plan.id)),
            );
            assert!(
                text.contains(plan.patient.name.as_str()),
                "{}: name missing in\n{text}",
                plan.id
            );
            // Dates are written as people write them.
            let updated = flat(&trichoplan::domain::dates::long(
                plan.updated,
                plan.language,
            ));
            assert!(text.contains(&updated), "{}: {updated} missing", plan.id);
            assert!(text.contains("Page 1 /"), "{}: page numbers", plan.id);
            // The quote is for a patient who can have injections now (the record always has it).
            let quoted = audience == Audience::Practitioner
                || trichoplan::domain::evaluate::evaluate(&plan, &catalog)
                    .eligibility
                    .verdict
                    .allows_injections();
            if let Some(q) = trichoplan::domain::pricing::quote(&plan).filter(|_| quoted) {
                let amount = flat(&trichoplan::domain::format_money(
                    q.total,
                    &q.currency,
                    plan.language,
                ));
                assert!(
                    text.contains(&amount),
                    "{}: {amount} missing in\n{text}",
                    plan.id
                );
            }
        }
    }
    // French accents and the euro sign come through.
    let camille = plans()
        .into_iter()
        .find(|p| p.id.as_str() == "camille-dupont-2026")
        .unwrap();
    let bytes = pdf::render(&build(&camille, &catalog, Audience::Patient, Lang::Fr)).unwrap();
    let text = flat(&pdf_extract::extract_text_from_mem(&bytes).unwrap());
    for word in [
        "Séances d'injections",
        "Réalisé à ce jour",
        "4 500,00 €",
        "distance du thé",
    ] {
        assert!(text.contains(word), "{word:?} missing in\n{text}");
    }
}

/// A plan whose every text field holds something hostile.
fn hostile() -> Plan {
    let good = fs::read_to_string(common::root().join("plans/camille-dupont-2026.yaml")).unwrap();
    let nasty =
        r#""<script>alert(1)</script> *bold* _x_ [l](javascript:x) | # \\ ` &amp; \u200b 🌸""#;
    let text_keys = [
        "name",
        "title",
        "clinic",
        "address",
        "phone",
        "email",
        "trigger",
        "notes",
        "lab",
        "dose",
        "frequency",
        "duration",
        "label",
        "product_source",
        "regulatory_status",
        "lot",
        "reaction",
        "family_history",
        "change",
    ];
    let mut out = String::new();
    for line in good.lines() {
        let trimmed = line.trim_start();
        let key = trimmed
            .trim_start_matches("- ")
            .split(':')
            .next()
            .unwrap_or("");
        if text_keys.contains(&key) && trimmed.contains(": ") && !trimmed.ends_with(": |-") {
            let indent = &line[..line.len() - trimmed.len()];
            let dash = if trimmed.starts_with("- ") { "- " } else { "" };
            out.push_str(&format!("{indent}{dash}{key}: {nasty}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    trichoplan::store::parse_plan(out.as_bytes(), std::path::Path::new("hostile.yaml"))
        .unwrap_or_else(|e| panic!("{e}\n{out}"))
}

#[test]
fn hostile_text_never_escapes_its_format() {
    let plan = hostile();
    assert!(plan.patient.name.as_str().contains("<script>"));
    let catalog = default_catalog().unwrap();
    for (audience, _) in AUDIENCES {
        for lang in LANGS {
            let doc = build(&plan, &catalog, audience, lang);
            let t = text::render(&doc);
            assert!(
                !t.chars().any(|c| c.is_control() && c != '\n'),
                "raw control in text"
            );
            let h = html::render(&doc);
            assert!(!h.contains("<script>"), "unescaped HTML");
            assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
            let m = markdown::render(&doc);
            assert!(
                !m.contains("<script>") && m.contains("\\<script\\>"),
                "Markdown lets HTML through"
            );
            assert!(
                m.contains("\\*bold\\*") && m.contains("\\[l\\](javascript:x)"),
                "Markdown markup not escaped"
            );
            // Escaped pipes keep every table row to its columns.
            let pipes = |l: &str| l.replace("\\|", "").matches('|').count();
            let mut expected = None;
            for line in m.lines() {
                if !line.starts_with('|') {
                    expected = None;
                    continue;
                }
                let n = pipes(line);
                match expected {
                    None => expected = Some(n),
                    Some(e) => assert_eq!(n, e, "a cell broke its table row: {line}"),
                }
            }
            let bytes = pdf::render(&doc).unwrap();
            let extracted = pdf_extract::extract_text_from_mem(&bytes).unwrap();
            assert!(extracted.contains("alert(1)"));
        }
    }
}

#[test]
fn the_progress_report_charts_every_trend_and_says_when_nothing_changed() {
    use trichoplan::domain::plan::{Quantity, Unit};
    use trichoplan::report::{doc::Block, progress};
    let catalog = default_catalog().unwrap();
    let mut plan = plans()
        .into_iter()
        .find(|p| p.id.as_str() == "sarah-mitchell-2026")
        .unwrap();
    // Nothing measured twice: said in words, no chart.
    let doc = progress::build(&plan, &catalog, Lang::En);
    assert!(!doc.blocks.iter().any(|b| matches!(b, Block::Chart(_))));
    assert!(trichoplan::report::text::render(&doc).contains("Nothing has been measured twice"));
    // A ferritin recheck (35 → 52 ng/mL) and the same density twice.
    let mut recheck = plan
        .modules
        .deficiencies
        .labs
        .iter()
        .find(|l| l.analyte.as_str() == "ferritin")
        .unwrap()
        .clone();
    recheck.value = Quantity::new(52.0).unwrap();
    recheck.date = jiff::civil::date(2027, 1, 7);
    recheck.unit = Unit::new("ng/mL").unwrap();
    plan.modules.deficiencies.labs.push(recheck);
    let mut density = plan.followup.measurements[0].clone();
    density.date = jiff::civil::date(2027, 1, 21);
    plan.followup.measurements.push(density);
    let doc = progress::build(&plan, &catalog, Lang::En);
    let charts: Vec<_> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Chart(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(charts.len(), 2, "{charts:?}");
    assert!(
        charts[0].caption.contains("higher by 17 ng/mL (+49 %)"),
        "{}",
        charts[0].caption
    );
    assert!(
        charts[1].caption.contains("no clear change"),
        "{}",
        charts[1].caption
    );
    let html = trichoplan::report::html::render(&doc);
    assert_eq!(html.matches("<svg").count(), 2);
    let fr: Vec<String> = progress::build(&plan, &catalog, Lang::Fr)
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Chart(c) => Some(c.caption.clone()),
            _ => None,
        })
        .collect();
    assert!(fr[0].contains("en hausse de 17 ng/mL (+49 %)"), "{fr:?}");
    assert!(fr[1].contains("pas de changement net"), "{fr:?}");
    let pdf = trichoplan::report::pdf::render(&doc).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn a_rejected_suggestion_keeps_its_reason_in_the_practitioner_record() {
    use trichoplan::domain::evaluate::{SuggestionStatus, evaluate};
    use trichoplan::domain::plan::Verdict;
    use trichoplan::domain::{Lang, Text};
    use trichoplan::report::{Audience, summary, text};
    let catalog = trichoplan::store::catalog::default_catalog().unwrap();
    let mut plan =
        trichoplan::store::read_plan(&common::root().join("plans/camille-dupont-2026.yaml"))
            .unwrap()
            .plan;
    let eval = evaluate(&plan, &catalog);
    let s = eval
        .suggestions
        .iter()
        .find(|s| s.status == SuggestionStatus::Pending && s.action.is_some())
        .expect("a pending suggestion")
        .clone();
    let reason = Text::new("dosé le mois dernier, normal").unwrap();
    plan.decide(&s, Verdict::Rejected, plan.updated, Some(reason), &catalog);
    let record = text::render(&summary::build(
        &plan,
        &catalog,
        Audience::Practitioner,
        Lang::Fr,
    ));
    assert!(
        record.contains("refusée (dosé le mois dernier, normal)"),
        "{record}"
    );
}
