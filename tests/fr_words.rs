//! The command line in French speaks French: every subcommand run with `--lang fr` on the
//! shipped example plans (and on the usual mistakes) prints no common English word and no ISO
//! date in its text outputs — machine formats (JSON, iCalendar) and what the practitioner typed
//! aside. Names, units and ids are not checked: only words trichoplan writes.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::{examples, root, run_in, stderr, stdout};

/// Words only English uses (function words and the program's own words).
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "with",
    "of",
    "to",
    "is",
    "are",
    "not",
    "for",
    "from",
    "your",
    "you",
    "no",
    "yes",
    "missing",
    "session",
    "sessions",
    "done",
    "planned",
    "warning",
    "day",
    "days",
    "months",
    "unknown",
    "file",
    "folder",
    "cannot",
    "wrote",
    "nothing",
    "due",
    "latest",
    "caution",
    "refer",
    "first",
    "eligible",
    "low",
    "high",
    "normal",
    "pending",
    "practice",
    "guideline",
    "study",
    "expert",
    "opinion",
    "yet",
    "received",
    "sent",
    "made",
    "conflicted",
    "did",
    "mean",
    "problem",
    "problems",
    "what",
    "agenda from",
];

/// The English words of `text`, paths and field paths (`injections.sessions`, `/tmp/x`) aside:
/// they locate, like a line number.
fn english_words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let words = text
        .split_whitespace()
        .filter(|t| !t.trim_end_matches([':', '.', ',']).contains(['.', '/']))
        .flat_map(|t| t.split(|c: char| !(c.is_alphanumeric() || c == '\'')));
    for word in words {
        let w = word.trim_matches('\'').to_lowercase();
        if ENGLISH.contains(&w.as_str()) && !found.contains(&w) {
            found.push(w);
        }
    }
    found
}

fn iso_date(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = &b[i..i + 10];
        let ok = s[..4].iter().all(u8::is_ascii_digit)
            && s[4] == b'-'
            && s[5..7].iter().all(u8::is_ascii_digit)
            && s[7] == b'-'
            && s[8..10].iter().all(u8::is_ascii_digit);
        ok.then(|| &text[i..i + 10])
    })
}

/// What the practitioner typed in the example plans, removed before the check: free text is in
/// whatever language it was typed in.
fn typed(text: &str) -> String {
    let mut out = text.to_owned();
    for path in examples() {
        let plan = trichoplan::store::read_plan(&path).unwrap().plan;
        let mut typed: Vec<String> = vec![plan.patient.name.to_string()];
        typed.extend(
            plan.patient
                .history
                .medications
                .iter()
                .chain(&plan.patient.history.conditions)
                .map(ToString::to_string),
        );
        typed.extend(
            plan.followup
                .checkpoints
                .iter()
                .filter_map(|c| c.label.as_ref().map(ToString::to_string)),
        );
        typed.sort_by_key(|t| std::cmp::Reverse(t.len()));
        for t in typed {
            out = out.replace(&t, " ");
        }
    }
    out
}

struct Checked {
    problems: Vec<String>,
    home: tempfile::TempDir,
}

impl Checked {
    fn run(&self, args: &[&str]) -> Output {
        let mut all = vec!["--lang", "fr"];
        all.extend(args);
        run_in(self.home.path(), &all)
    }

    /// Runs `args` in French and checks both outputs (stdout is skipped for machine formats).
    fn check(&mut self, args: &[&str], machine_stdout: bool) -> Output {
        let out = self.run(args);
        let mut texts = vec![("stderr", stderr(&out))];
        if !machine_stdout {
            texts.push(("stdout", stdout(&out)));
        }
        // Paths are the user's (`/tmp/…/plans`), not words.
        let home = self.home.path().display().to_string();
        for (what, text) in texts {
            let ours = typed(
                &text
                    .replace(&home, " ")
                    .replace(&root().display().to_string(), " "),
            );
            let words = english_words(&ours);
            if !words.is_empty() {
                self.problems
                    .push(format!("{args:?} {what}: {words:?} in\n{text}"));
            }
            if let Some(d) = iso_date(&ours) {
                self.problems
                    .push(format!("{args:?} {what}: ISO date {d} in\n{text}"));
            }
        }
        out
    }
}

fn copy_examples(to: &Path) {
    fs::create_dir_all(to).unwrap();
    for p in examples() {
        fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

#[test]
fn every_subcommand_speaks_french_on_the_examples_and_on_mistakes() {
    let mut c = Checked {
        problems: Vec::new(),
        home: tempfile::tempdir().unwrap(),
    };
    let plans = c.home.path().join("plans");
    copy_examples(&plans);
    let dir = plans.to_str().unwrap().to_owned();
    let d = dir.as_str();

    c.check(&["--plans-dir", d, "list"], false);
    c.check(&["--plans-dir", d, "list", "--status", "archived"], false);
    c.check(&["--plans-dir", d, "list", "--format", "json"], true);
    c.check(
        &[
            "--plans-dir",
            d,
            "agenda",
            "--from",
            "2026-10-01",
            "--days",
            "400",
        ],
        false,
    );
    c.check(
        &[
            "--plans-dir",
            d,
            "agenda",
            "--from",
            "2030-01-01",
            "--days",
            "1",
        ],
        false,
    );
    c.check(
        &[
            "--plans-dir",
            d,
            "agenda",
            "--from",
            "2026-10-01",
            "--format",
            "ics",
        ],
        true,
    );
    for p in examples() {
        let id = p.file_stem().unwrap().to_str().unwrap().to_owned();
        c.check(&["--plans-dir", d, "assess", &id], false);
        c.check(&["--plans-dir", d, "assess", &id, "--format", "json"], true);
    }
    let files: Vec<String> = examples()
        .iter()
        .map(|p| plans.join(p.file_name().unwrap()).display().to_string())
        .collect();
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    c.check(&args, false);
    c.check(&["catalog", "check"], false);

    // Warnings: sessions too close, a stale verdict, an unknown action, a done session without
    // consent, the handout without a practitioner contact.
    let marc = fs::read_to_string(plans.join("marc-lefebvre-2026.yaml")).unwrap();
    let warned = c.home.path().join("marc-lefebvre-2026.yaml");
    fs::write(
        &warned,
        marc.replacen("    verdict: eligible\n", "    verdict: not_eligible\n", 1)
            .replacen("action: scalp_massage", "action: scalp_masage", 1),
    )
    .unwrap();
    let w = warned.to_str().unwrap();
    let out = c.check(&["validate", w], false);
    assert!(stderr(&out).contains("attention"), "{}", stderr(&out));
    let camille = fs::read_to_string(plans.join("camille-dupont-2026.yaml"))
        .unwrap()
        .replacen("    planned: 2026-12-08\n", "    planned: 2026-11-20\n", 1);
    let close = c.home.path().join("camille-dupont-2026.yaml");
    fs::write(&close, camille).unwrap();
    let out = c.check(&["validate", close.to_str().unwrap()], false);
    assert!(stderr(&out).contains("jours après"), "{}", stderr(&out));
    c.check(&["assess", close.to_str().unwrap()], false);
    // A handout with no practitioner to contact (its words are checked in patient_words.rs).
    let mut skipping = false;
    let anonymous: String = marc
        .lines()
        .filter(|l| {
            if l.starts_with("practitioner:") {
                skipping = true;
            } else if !l.starts_with(' ') {
                skipping = false;
            }
            !skipping
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let anonymous_path = c
        .home
        .path()
        .join("anonymous")
        .join("marc-lefebvre-2026.yaml");
    fs::create_dir_all(anonymous_path.parent().unwrap()).unwrap();
    fs::write(&anonymous_path, anonymous).unwrap();
    let out = c.check(
        &[
            "print",
            anonymous_path.to_str().unwrap(),
            "--audience",
            "patient",
        ],
        true,
    );
    assert!(stderr(&out).contains("attention"), "{}", stderr(&out));

    // Mistakes: a mistyped id, a missing folder, a file as folder, no referral, an existing
    // export target, an unreadable plan in the folder.
    c.check(&["--plans-dir", d, "print", "camile-dupont-2026"], false);
    c.check(&["--plans-dir", "/no/such/folder", "list"], false);
    c.check(&["--plans-dir", w, "list"], false);
    c.check(
        &[
            "--plans-dir",
            d,
            "print",
            "marc-lefebvre-2026",
            "--audience",
            "referral",
        ],
        false,
    );
    c.check(&["catalog", "export", w], false);
    let export = c.home.path().join("catalog.yaml");
    c.check(&["catalog", "export", export.to_str().unwrap()], true);
    fs::write(plans.join("broken.yaml"), "schema: 1\nid: [").unwrap();
    let out = c.check(&["--plans-dir", d, "list"], false);
    assert_eq!(out.status.code(), Some(1));
    fs::remove_file(plans.join("broken.yaml")).unwrap();
    c.check(&["--plans-dir", d, "edit", "camille-dupont-2026"], false);
    c.check(&["--plans-dir", d], false);

    // Sync without a remote.
    let out = c.check(&["--plans-dir", d, "sync", "--init"], false);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = c.check(&["--plans-dir", d, "sync"], false);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    assert!(
        c.problems.is_empty(),
        "English or ISO dates in French output:\n{}",
        c.problems.join("\n\n")
    );
}

#[test]
fn the_check_itself_catches_what_it_looks_for() {
    assert_eq!(english_words("Séance 3 — done, the end"), ["done", "the"]);
    assert!(english_words("Séance faite, à revoir dans 3 jours").is_empty());
    assert!(english_words("/no/such/folder: injections.sessions: séance").is_empty());
    assert_eq!(iso_date("le 2026-12-14"), Some("2026-12-14"));
    assert_eq!(iso_date("le 14/12/2026"), None);
}
