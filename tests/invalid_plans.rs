//! Every file in `tests/invalid_plans/` must be refused by `validate` and `print` with exactly
//! the one-line error in its `.expected` sibling, and must not be modified.
//!
//! To regenerate the expectations after a deliberate change of wording, run the tests with
//! `TRICHOPLAN_BLESS=1` and review the diff.

mod common;

use std::fs;

use common::{assert_one_line_error, root, run};

#[test]
fn each_invalid_plan_gets_its_one_line_error() {
    let dir = root().join("tests/invalid_plans");
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let bless = std::env::var_os("TRICHOPLAN_BLESS").is_some();
    let mut failures = Vec::new();
    for case in cases {
        let rel = format!(
            "tests/invalid_plans/{}",
            case.file_name().unwrap().to_string_lossy()
        );
        let before = fs::read(&case).unwrap();
        let validated = run(&["validate", &rel, "--lang", "en"]);
        let err = assert_one_line_error(&validated, &rel);
        let printed = run(&["print", &rel, "--lang", "en"]);
        assert_eq!(
            assert_one_line_error(&printed, &rel),
            format!("trichoplan: {err}"),
            "print and validate disagree on {rel}"
        );
        assert_eq!(fs::read(&case).unwrap(), before, "{rel} was modified");

        let expected_path = case.with_extension("expected");
        if bless {
            fs::write(&expected_path, format!("{err}\n")).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("missing {}", expected_path.display()));
        if expected.trim_end() != err {
            failures.push(format!(
                "{rel}\n  expected: {}\n  got:      {err}",
                expected.trim_end()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
