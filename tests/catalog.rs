//! `catalog export` and `catalog check`, and the practitioner's own catalog in the config folder.

mod common;

use std::fs;
use std::path::Path;

use common::{run, run_in, stderr, stdout};
use trichoplan::domain::catalog::Catalog;
use trichoplan::store::catalog::DEFAULT_CATALOG;

#[test]
fn export_writes_the_default_catalog_with_codes_sources_and_evidence() {
    let out = run(&["catalog", "export"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), DEFAULT_CATALOG);
    let catalog: Catalog =
        trichoplan::store::yaml::decode(&out.stdout, Path::new("export.yaml")).unwrap();
    // A LOINC code names its unit kind (mass or moles): the code must match the canonical unit.
    let loinc = [
        ("ferritin", "2276-4", "ng/mL"),
        ("zinc", "5763-8", "µg/dL"),
        ("vitamin_d", "62292-8", "ng/mL"),
        ("tsh", "3016-3", "mIU/L"),
        ("free_t4", "14920-3", "pmol/L"),
        ("testosterone", "14913-8", "nmol/L"),
        ("dhea_s", "2191-5", "µg/dL"),
        ("shbg", "13967-5", "nmol/L"),
        ("crp", "1988-5", "mg/L"),
        ("hs_crp", "30522-7", "mg/L"),
        ("haemoglobin", "718-7", "g/dL"),
        ("platelets", "777-3", "10^9/L"),
        ("transferrin_saturation", "2502-3", "%"),
        ("vitamin_b12", "14685-2", "pmol/L"),
        ("folate", "14732-2", "nmol/L"),
    ];
    for (analyte, code, unit) in loinc {
        let a = catalog
            .analytes
            .get(analyte)
            .unwrap_or_else(|| panic!("{analyte}"));
        assert_eq!(
            (a.loinc.as_str(), a.unit.as_str()),
            (code, unit),
            "{analyte}"
        );
        assert!(
            a.factor(a.unit.as_str()) == Some(1.0),
            "{analyte} canonical unit"
        );
    }
    // Every source can be found again, unless it is a statement of practice.
    for (key, source) in catalog.sources.iter() {
        assert!(
            source.practice || !source.locators().is_empty(),
            "{key} has no DOI, PMID or URL"
        );
    }
    for (key, action) in catalog.actions.iter() {
        assert!(
            catalog.sources.get(&action.source).is_some(),
            "{key} source"
        );
        assert!(
            action.text.en.is_some() && action.text.fr.is_some(),
            "{key} text"
        );
    }
    for (key, rule) in catalog.rules.iter() {
        assert!(catalog.sources.get(&rule.source).is_some(), "{key} source");
    }

    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("mine.yaml");
    let t = target.to_str().unwrap();
    let out = run(&["catalog", "export", t]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&target).unwrap(), DEFAULT_CATALOG);
    let out = run(&["catalog", "check", t]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Never over an existing file: it may be the practitioner's edited catalog.
    fs::write(&target, "my edits").unwrap();
    let out = run(&["catalog", "export", t]);
    common::assert_one_line_error(&out, t);
    assert_eq!(fs::read_to_string(&target).unwrap(), "my edits");
}

/// Each corruption of the default catalog, the line it should be reported on (found by a
/// marker in the corrupted text), and a word of the message.
#[test]
fn check_reports_every_broken_reference_with_its_line() {
    struct Case {
        from: &'static str,
        to: &'static str,
        marker: &'static str,
        /// Lines between the marker and the reported line (the key above a value).
        above: usize,
        message: &'static str,
    }
    let cases = [
        Case {
            from: "    suggest: [zinc_supplement]",
            to: "    suggest: [zinc_suplement]",
            marker: "zinc_suplement",
            above: 0,
            message: "unknown action `zinc_suplement`",
        },
        Case {
            from: "    units: {ng/mL: 1, µg/L: 1}",
            to: "    units: {µg/L: 1}",
            marker: "    units: {µg/L: 1}",
            above: 0,
            message: "canonical unit ng/mL has no factor",
        },
        Case {
            from: "      fr: \"Supplémentation en zinc, pour un zinc sérique bas\"",
            to: "",
            marker: "      en: \"Zinc supplement, for a low serum zinc\"",
            above: 1,
            message: "actions.zinc_supplement.text: missing French text (fr)",
        },
        Case {
            from: "    source: koyama_2016",
            to: "    source: koyama_2061",
            marker: "koyama_2061",
            above: 0,
            message: "unknown source `koyama_2061`",
        },
        Case {
            from: "    when: {lab: tsh, is: missing}",
            to: "    when: {lab: tshh, is: missing}",
            marker: "tshh",
            above: 0,
            message: "unknown analyte `tshh`",
        },
        Case {
            from: "    doi: \"10.1093/ajcn/78.4.756\"\n    pmid: \"14522734\"\n",
            to: "",
            marker: "  hotz_2003:",
            above: 0,
            message: "sources.hotz_2003: needs a doi, a pmid or a url",
        },
        Case {
            from: "    pmid: \"34497146\"",
            to: "    pmid: \"PMID34497146\"",
            marker: "PMID34497146",
            above: 0,
            message: "is not a PubMed id",
        },
        Case {
            from: "    evidence: practice\n    source: seed\n  scalp_massage:",
            to: "    evidence: study\n    source: seed\n  scalp_massage:",
            marker: "  scalp_massage:",
            above: 1,
            message: "`seed` is a practice statement, so the evidence is `practice`",
        },
        Case {
            from: "      outcome: caution\n      text:\n        en: \"Keloid",
            to: "      outcome: refer_first\n      text:\n        en: \"Keloid",
            marker: "    keloid:",
            above: 0,
            message: "a refer_first rule needs `refer:`",
        },
        Case {
            from: "    min_interval: {days: 14, evidence: practice, source: practice_setting}",
            to: "    min_interval: {days: 40, evidence: practice, source: practice_setting}",
            marker: "min_interval: {days: 40",
            above: 0,
            message: "min_interval.days: 40 must be at least 1 and at most interval_days (28)",
        },
        Case {
            from: "    when: {fact: smoker, equals: true}",
            to: "    when: {fact: smokes, equals: true}",
            marker: "smokes",
            above: 0,
            message: "unknown fact `smokes`",
        },
    ];
    let tmp = tempfile::tempdir().unwrap();
    let mut all = DEFAULT_CATALOG.to_owned();
    for (i, case) in cases.iter().enumerate() {
        assert!(DEFAULT_CATALOG.contains(case.from), "{}", case.from);
        let broken = DEFAULT_CATALOG.replacen(case.from, case.to, 1);
        all = all.replacen(case.from, case.to, 1);
        let path = tmp.path().join(format!("broken-{i}.yaml"));
        fs::write(&path, &broken).unwrap();
        let line = broken
            .lines()
            .position(|l| l.contains(case.marker))
            .unwrap()
            + 1
            - case.above;
        let shown = path.to_str().unwrap();
        let out = run(&["catalog", "check", shown, "--lang", "en"]);
        assert_eq!(out.status.code(), Some(1), "{}", case.message);
        let err = stderr(&out);
        let first = err.lines().next().unwrap();
        assert!(
            first.starts_with(&format!("{shown}:{line}:")),
            "expected line {line} for {}: {first}",
            case.message
        );
        assert!(first.contains(case.message), "{first}");
        assert!(
            err.lines().last().unwrap().ends_with(": 1 problem"),
            "{err}"
        );
    }
    // All at once: every problem is reported, not just the first.
    let path = tmp.path().join("all.yaml");
    fs::write(&path, &all).unwrap();
    let out = run(&["catalog", "check", path.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).lines().count(),
        cases.len() + 1,
        "{}",
        stderr(&out)
    );

    // A YAML error gets its line too.
    let path = tmp.path().join("syntax.yaml");
    fs::write(
        &path,
        DEFAULT_CATALOG.replacen("  ferritin:\n", "  ferritin\n", 1),
    )
    .unwrap();
    let out = run(&["catalog", "check", path.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(&format!("{}:", path.display())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_catalog_in_the_config_folder_overrides_the_default() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config/trichoplan");
    fs::create_dir_all(&config).unwrap();
    let print = |home: &Path| {
        run_in(
            home,
            &["print", "plans/marc-lefebvre-2026.yaml", "--lang", "en"],
        )
    };
    let before = stdout(&print(home.path()));
    assert!(before.contains("Verdict:"), "{before}");

    // The practitioner raises the ferritin target to 150 ng/mL: Marc's 124 is now below it.
    let mine = DEFAULT_CATALOG.replacen(
        "    target:\n      low: 40\n",
        "    target:\n      low: 150\n",
        1,
    );
    assert_ne!(mine, DEFAULT_CATALOG);
    fs::write(config.join("catalog.yaml"), &mine).unwrap();
    let after = stdout(&print(home.path()));
    // The Ferritin row, with the continuation lines of its wrapped cells.
    let ferritin = |text: &str| {
        let mut lines = text.lines().skip_while(|l| !l.starts_with("Ferritin"));
        let first = lines.next().unwrap_or_else(|| panic!("{text}"));
        std::iter::once(first)
            .chain(lines.take_while(|l| l.starts_with(' ')))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ")
    };
    // (A wrapped cell may split "below target" around the date column.)
    assert!(!ferritin(&before).contains("below"), "{before}");
    assert!(
        ferritin(&after).contains("below") && ferritin(&after).contains("target"),
        "{after}"
    );
    let out = run_in(home.path(), &["catalog", "check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("config/trichoplan/catalog.yaml"));

    // A broken override is an error, never silently replaced by the default.
    fs::write(
        config.join("catalog.yaml"),
        mine.replacen("    suggest: [zinc_supplement]", "    suggest: [nope]", 1),
    )
    .unwrap();
    let out = print(home.path());
    common::assert_one_line_error(&out, "catalog.yaml");
}

#[test]
fn practitioner_summaries_show_verdict_and_reasons() {
    for (id, verdict) in [
        ("camille-dupont-2026", "Verdict : éligible"),
        ("odile-bernard-2026", "Verdict : non éligible"),
        ("sarah-mitchell-2026", "Verdict: eligible"),
    ] {
        let out = run(&["--plans-dir", "plans", "print", id]);
        let text = stdout(&out);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(verdict), "{id}: {text}");
    }
    let text = stdout(&run(&[
        "--plans-dir",
        "plans",
        "print",
        "odile-bernard-2026",
    ]));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("les injections ne peuvent pas relancer la pousse sur des cicatrices"),
        "{text}"
    );
    let text = stdout(&run(&[
        "--plans-dir",
        "plans",
        "print",
        "odile-bernard-2026",
        "--audience",
        "patient",
    ]));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Les injections ne sont pas le bon traitement pour vous en ce moment"),
        "{text}"
    );
}

#[test]
fn validate_warns_about_a_stale_verdict_and_unknown_references() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = fs::read_to_string(common::root().join("plans/marc-lefebvre-2026.yaml")).unwrap();
    let edited = plan
        .replacen("    verdict: eligible\n", "    verdict: not_eligible\n", 1)
        .replacen("action: scalp_massage", "action: scalp_masage", 1);
    let path = tmp.path().join("marc.yaml");
    fs::write(&path, edited).unwrap();
    let out = run(&["validate", path.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "valid, with warnings");
    let err = stderr(&out);
    assert!(
        err.contains("warning: assessment.eligibility: says not eligible"),
        "{err}"
    );
    assert!(err.contains("unknown action `scalp_masage`"), "{err}");
    // In French, the same warnings in French words.
    let out = run(&["validate", path.to_str().unwrap(), "--lang", "fr"]);
    let err = stderr(&out);
    assert!(
        err.contains("attention : assessment.eligibility: indique « non éligible »"),
        "{err}"
    );
    assert!(err.contains("action inconnue `scalp_masage`"), "{err}");
}
