//! The command-line contract of SPEC §6, checked on the real binary.

mod common;

use std::fs;

use common::{assert_one_line_error, examples, root, run, run_in, stderr, stdout};

#[test]
fn every_example_validates() {
    let files: Vec<String> = examples()
        .iter()
        .map(|p| {
            p.strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for f in &files {
        assert!(stdout(&out).contains(&format!("ok: {f}")), "{f}");
    }
}

#[test]
fn validate_fails_when_any_file_is_invalid() {
    let out = run(&[
        "validate",
        "plans/camille-dupont-2026.yaml",
        "tests/invalid_plans/unknown_key.yaml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("ok: plans/camille-dupont-2026.yaml"));
    assert_eq!(stderr(&out).lines().count(), 1);
}

#[test]
fn list_shows_plans_newest_first_as_a_table_and_as_json() {
    let out = run(&["--plans-dir", "plans", "list", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    let header = table.lines().next().unwrap();
    for col in ["ID", "PATIENT", "STATUS", "UPDATED", "NEXT SESSION"] {
        assert!(header.contains(col), "{header}");
    }
    assert!(table.contains("active"), "{table}");
    // In French, headers and statuses are French.
    let fr = stdout(&run(&["--plans-dir", "plans", "list", "--lang", "fr"]));
    let header = fr.lines().next().unwrap();
    for col in ["STATUT", "MIS À JOUR", "PROCHAINE SÉANCE"] {
        assert!(header.contains(col), "{header}");
    }
    assert!(fr.contains("en cours") && !fr.contains(" active "), "{fr}");
    assert_eq!(table.lines().count(), 2 + examples().len(), "{table}");

    let out = run(&["list", "--plans-dir", "plans", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), examples().len());
    let updated: Vec<&str> = items
        .iter()
        .map(|i| i["updated"].as_str().unwrap())
        .collect();
    let mut sorted = updated.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(updated, sorted);
    let camille = items
        .iter()
        .find(|i| i["id"] == "camille-dupont-2026")
        .unwrap();
    assert_eq!(camille["patient"], "Camille Dupont");
    assert_eq!(camille["next_session"], "2026-11-17");
    let odile = items
        .iter()
        .find(|i| i["id"] == "odile-bernard-2026")
        .unwrap();
    assert!(odile["next_session"].is_null());
}

#[test]
fn list_filters_by_status_and_reads_the_environment_variable() {
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_trichoplan"))
        .args(["list", "--status", "draft", "--format", "json"])
        .current_dir(root())
        .env("HOME", home.path())
        .env("TRICHOPLAN_PLANS_DIR", root().join("plans"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["daniel-okafor-2026"]);
}

#[test]
fn no_subcommand_lists_the_default_folder_and_welcomes_a_new_user() {
    let home = tempfile::tempdir().unwrap();
    let out = run_in(home.path(), &["--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("No plans yet in "), "{text}");
    // Without --lang, the locale (C here) gives the default, French.
    let fr = stdout(&run_in(home.path(), &[]));
    assert!(fr.starts_with("Pas encore de plan dans "), "{fr}");
    assert!(
        text.contains(
            &home
                .path()
                .join("data/trichoplan/plans")
                .display()
                .to_string()
        )
    );
    assert!(
        !home.path().join("data/trichoplan").exists(),
        "listing creates nothing"
    );

    let plans = home.path().join("data/trichoplan/plans");
    fs::create_dir_all(&plans).unwrap();
    fs::copy(
        root().join("plans/marc-lefebvre-2026.yaml"),
        plans.join("marc-lefebvre-2026.yaml"),
    )
    .unwrap();
    let text = stdout(&run_in(home.path(), &[]));
    assert!(text.contains("marc-lefebvre-2026  Marc Lefebvre"), "{text}");
}

#[test]
fn list_of_a_missing_folder_or_with_a_broken_file_fails_clearly() {
    let out = run(&["--plans-dir", "no/such/folder", "list"]);
    assert_one_line_error(&out, "no/such/folder");

    let tmp = tempfile::tempdir().unwrap();
    fs::copy(
        root().join("plans/marc-lefebvre-2026.yaml"),
        tmp.path().join("marc-lefebvre-2026.yaml"),
    )
    .unwrap();
    fs::write(tmp.path().join("broken.yaml"), "schema: 1\n\tid: x\n").unwrap();
    let out = run(&["--plans-dir", tmp.path().to_str().unwrap(), "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("Marc Lefebvre"),
        "the good plans still list"
    );
    assert!(stderr(&out).contains("broken.yaml:"), "{}", stderr(&out));
}

#[test]
fn print_works_for_every_example_in_both_audiences_and_languages() {
    for path in examples() {
        let id = path.file_stem().unwrap().to_str().unwrap();
        let plan = trichoplan::store::read_plan(&path).unwrap().plan;
        for audience in ["patient", "practitioner"] {
            for lang in ["fr", "en"] {
                let out = run(&[
                    "--plans-dir",
                    "plans",
                    "print",
                    id,
                    "--audience",
                    audience,
                    "--lang",
                    lang,
                ]);
                assert_eq!(out.status.code(), Some(0), "{id}: {}", stderr(&out));
                let text = stdout(&out);
                assert!(text.contains(plan.patient.name.as_str()), "{id}");
                for line in text.lines() {
                    assert!(
                        unicode_width::UnicodeWidthStr::width(line) <= 80,
                        "{id} {audience} {lang}: {line:?}"
                    );
                }
                let heading = if lang == "fr" { "Bilan" } else { "Assessment" };
                assert!(text.contains(heading), "{id} {lang}");
                assert_eq!(
                    text.contains("Révisions") || text.contains("Revisions"),
                    audience == "practitioner" && !plan.revisions.is_empty(),
                    "{id} {audience}: revision log only for the practitioner"
                );
            }
        }
    }
}

#[test]
fn print_takes_a_path_defaults_to_the_plans_language_and_writes_private_files() {
    let out = run(&[
        "print",
        "plans/sarah-mitchell-2026.yaml",
        "--audience",
        "patient",
    ]);
    let text = stdout(&out);
    assert!(text.starts_with("Your care plan"), "{text}");
    assert!(text.contains("€3,500.00"), "{text}");
    let out = run(&[
        "print",
        "plans/camille-dupont-2026.yaml",
        "--audience",
        "patient",
    ]);
    assert!(stdout(&out).contains("4 500,00 €"));

    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("summary.txt");
    let out = run(&[
        "print",
        "plans/marc-lefebvre-2026.yaml",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        fs::metadata(&target).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(
        fs::read_to_string(&target)
            .unwrap()
            .contains("Marc Lefebvre")
    );
}

#[test]
fn usage_errors_exit_2_and_bad_plan_references_exit_1() {
    for args in [
        &["frobnicate"][..],
        &["list", "--format", "xml"],
        &["print"],
        &["validate"],
        &["print", "x", "--audience", "\u{1b}[31mred"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
        let err = stderr(&out);
        assert!(!err.contains('\u{1b}'), "raw escape echoed: {err:?}");
    }
    let out = run(&["--plans-dir", "plans", "print", "Not An Id"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = run(&["--plans-dir", "plans", "print", "nobody-2026"]);
    assert_one_line_error(&out, "plans/nobody-2026.yaml");
    let out = run(&["--plans-dir", "plans", "print", "../etc/passwd"]);
    assert_one_line_error(&out, "../etc/passwd");
    let out = run(&["validate", "no/such/file.yaml"]);
    assert_one_line_error(&out, "no/such/file.yaml");
}

#[test]
fn help_and_version_go_to_stdout_with_exit_0() {
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    for sub in ["list", "print", "validate"] {
        assert!(stdout(&out).contains(sub));
    }
    let out = run(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("trichoplan "));
}

/// Hostile files made from a real example plan: each is refused with one line naming the file
/// (or, when it is odd but legal, printed cleanly), quickly, and never modified.
#[test]
fn hostile_files_are_refused_cleanly_and_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let good = fs::read_to_string(root().join("plans/camille-dupont-2026.yaml")).unwrap();
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("invalid-utf8.yaml", {
            let mut b = good.clone().into_bytes();
            b.splice(200..200, [0xff, 0xfe, 0x80]);
            b
        }),
        (
            "garbage.yaml",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
        (
            "nul-byte.yaml",
            good.replacen("Camille", "Cam\0ille", 1).into_bytes(),
        ),
        (
            "raw-escape.yaml",
            good.replacen("Camille Dupont", "Camille \u{1b}[2J\u{1b}[31mDupont", 1)
                .into_bytes(),
        ),
        (
            "deep-nesting.yaml",
            format!(
                "{good}notes: {}{}\n",
                "[".repeat(500_000),
                "]".repeat(500_000)
            )
            .into_bytes(),
        ),
        (
            "deep-flow-map.yaml",
            format!(
                "{good}notes: {}{}\n",
                "{a: ".repeat(200_000),
                "}".repeat(200_000)
            )
            .into_bytes(),
        ),
        (
            "deep-map.yaml",
            format!(
                "{}\n",
                (0..20_000)
                    .map(|i| format!("{}a:", " ".repeat(i % 200)))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
            .into_bytes(),
        ),
        (
            "tab-indent.yaml",
            good.replacen("  name: Camille", "\tname: Camille", 1)
                .into_bytes(),
        ),
        (
            "binary-header.yaml",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
        ),
    ];
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 0..9u8 {
        let (p, n) = ((b'a' + i) as char, (b'a' + i + 1) as char);
        bomb.push_str(&format!(
            "{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        ));
    }
    cases.push(("alias-bomb.yaml", bomb.clone().into_bytes()));
    let nested_bomb: String = bomb.lines().map(|l| format!("      {l}\n")).collect();
    cases.push((
        "alias-bomb-in-answers.yaml",
        good.replacen(
            "      digestive_complaints: true\n",
            &format!("      digestive_complaints: true\n{nested_bomb}"),
            1,
        )
        .into_bytes(),
    ));
    cases.push(("huge.yaml", {
        let mut b = good.clone().into_bytes();
        b.extend(std::iter::repeat_n(b'#', 40 * 1024 * 1024));
        b
    }));

    for (name, bytes) in &cases {
        let path = tmp.path().join(name);
        fs::write(&path, bytes).unwrap();
        let shown = path.to_str().unwrap();
        let started = std::time::Instant::now();
        for cmd in ["validate", "print"] {
            let out = run(&[cmd, shown]);
            assert_one_line_error(&out, shown);
        }
        assert!(
            started.elapsed().as_secs() < 20,
            "{name} took {:?}",
            started.elapsed()
        );
        assert_eq!(&fs::read(&path).unwrap(), bytes, "{name} was modified");
    }
}

#[test]
fn odd_but_legal_text_prints_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let good = fs::read_to_string(root().join("plans/camille-dupont-2026.yaml")).unwrap();
    let odd = good
        .replacen("name: Camille Dupont", "name: \"Zoë O'Brien-Ñúñez 🌸 مريم 李小龙 <b>&amp;\"", 1)
        .replacen(
            "  notes: Chute diffuse qui persiste 9 mois après l'accouchement ; fatigue, sommeil haché.",
            "  notes: \"Line one\\n\\tindented \\\"quoted\\\" ||| *emphasis* `code` #hash [link](x)\"",
            1,
        );
    let path = tmp.path().join("odd.yaml");
    fs::write(&path, &odd).unwrap();
    let out = run(&["print", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Zoë O'Brien-Ñúñez 🌸 مريم 李小龙 <b>&amp;"),
        "{text}"
    );
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "{line:?}"
        );
    }
}

#[test]
fn assess_gives_the_verdict_reasons_referrals_and_findings_as_json() {
    let case = common::root().join("tests/cases/minor-anticoagulated-chemo.yaml");
    let out = run(&["assess", case.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json["verdict"], "not_eligible");
    let rules: Vec<(&str, &str)> = json["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["rule"].as_str().unwrap(), r["severity"].as_str().unwrap()))
        .collect();
    for want in [
        ("minor", "not_eligible"),
        ("anticoagulant", "refer_first"),
        ("cancer_treatment", "not_eligible"),
        ("active_scarring_signs", "refer_first"),
        ("androgens_tumour_range", "refer_first"),
        ("screen_incomplete", "caution"),
    ] {
        assert!(rules.contains(&want), "{want:?} not in {rules:?}");
    }
    // The urgent endocrine referral comes first, with the question asked.
    let first = &json["referrals"][0];
    assert_eq!(first["to"], "endocrinologist");
    assert_eq!(first["urgent"], true);
    assert!(first["question"].as_str().unwrap().contains("tumour"));
    assert_eq!(json["screen"]["complete"], false);
    // Biotin typed in the medications flags the immunoassays; no iron is suggested.
    let findings = json["findings"].as_array().unwrap();
    assert!(findings.iter().all(|f| f["biotin_interference"] == true));
    let suggested: Vec<&str> = json["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["action"].as_str())
        .collect();
    assert!(!suggested.contains(&"iron_repletion"), "{suggested:?}");
    assert!(!suggested.contains(&"vitamin_d_repletion"), "{suggested:?}");
    // The French wording follows --lang; the keys stay the same.
    let out = run(&[
        "assess",
        case.to_str().unwrap(),
        "--format",
        "json",
        "--lang",
        "fr",
    ]);
    let fr: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(fr["verdict"], "not_eligible");
    assert_eq!(fr["verdict_text"], "non éligible");
    // The text form is for people.
    let out = run(&["assess", case.to_str().unwrap()]);
    assert!(
        stdout(&out).contains("Verdict: not eligible"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_referral_letter_prints_for_a_referred_patient_only() {
    let out = run(&[
        "--plans-dir",
        "plans",
        "print",
        "daniel-okafor-2026",
        "--audience",
        "referral",
        "--lang",
        "fr",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for want in [
        "Lettre d'adressage",
        "médecin traitant",
        "gastro-entérologue",
        "Question posée",
        "Ferritine",
        "20 novembre 2026",
        "Dr Claire Martin",
    ] {
        assert!(text.contains(want), "{want} missing in\n{text}");
    }
    let out = run(&[
        "--plans-dir",
        "plans",
        "print",
        "sarah-mitchell-2026",
        "--audience",
        "referral",
    ]);
    common::assert_one_line_error(&out, "sarah-mitchell-2026");
}

#[test]
fn a_mistyped_plan_id_suggests_the_nearest_and_a_file_as_plans_dir_is_named() {
    let out = run(&[
        "--plans-dir",
        "plans",
        "--lang",
        "en",
        "print",
        "camile-dupont-2026",
    ]);
    let err = assert_one_line_error(&out, "plans/camile-dupont-2026.yaml");
    assert!(err.contains("did you mean camille-dupont-2026?"), "{err}");
    assert!(err.contains("trichoplan list"), "{err}");
    let out = run(&[
        "--plans-dir",
        "plans",
        "--lang",
        "fr",
        "print",
        "camile-dupont-2026",
    ]);
    let err = assert_one_line_error(&out, "plans/camile-dupont-2026.yaml");
    assert!(
        err.contains("vouliez-vous dire camille-dupont-2026 ?"),
        "{err}"
    );
    let out = run(&["--plans-dir", "Cargo.toml", "list", "--lang", "en"]);
    let err = assert_one_line_error(&out, "Cargo.toml");
    assert!(err.contains("not a folder"), "{err}");
}

#[test]
fn print_takes_its_format_from_the_output_files_extension_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let plans = common::root().join("plans");
    for (name, magic) in [
        ("x.pdf", &b"%PDF-"[..]),
        ("x.html", &b"<!DOCTYPE html>"[..]),
    ] {
        let out = dir.path().join(name);
        let o = common::run(&[
            "--plans-dir",
            plans.to_str().unwrap(),
            "print",
            "camille-dupont-2026",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let bytes = std::fs::read(&out).unwrap();
        assert!(
            bytes.starts_with(magic),
            "{name}: {:?}",
            &bytes[..20.min(bytes.len())]
        );
    }
    // An explicit format wins over the extension.
    let out = dir.path().join("y.pdf");
    let o = common::run(&[
        "--plans-dir",
        plans.to_str().unwrap(),
        "print",
        "camille-dupont-2026",
        "--format",
        "text",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert!(!std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
}
