//! Old files keep working: the schema-1 example plans (as shipped before schema 2, kept in
//! `tests/schema1/`) still open, are migrated as they are read, and are written as schema 2 on
//! the next save, with the schema-1 file kept in the plan's history.

mod common;

use std::fs;

use trichoplan::domain::plan::{Product, SCHEMA};
use trichoplan::store::{SaveMode, Store, parse_plan, read_plan};

fn schema1_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = fs::read_dir(common::root().join("tests/schema1"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn schema_1_plans_open_migrate_and_save_as_schema_2_with_history() {
    let files = schema1_files();
    assert_eq!(files.len(), 5, "the five schema-1 examples");
    for path in files {
        let original = fs::read(&path).unwrap();
        assert!(original.starts_with(b"schema: 1\n"), "{}", path.display());
        let file = read_plan(&path).unwrap_or_else(|e| panic!("{e}"));
        let plan = file.plan;
        assert_eq!(plan.schema.get(), SCHEMA, "{} migrated", path.display());
        // The single consent of schema 1 became one consent for the product its text names.
        let text = String::from_utf8_lossy(&original);
        for c in plan.consent.iter() {
            let want = if c.text.as_str().contains("prp") {
                Product::Prp
            } else {
                Product::Exosomes
            };
            assert_eq!(c.product, want, "{}", path.display());
            assert!(text.contains(&format!("text: {}", c.text)));
        }
        assert_eq!(
            plan.consent.iter().count(),
            usize::from(text.contains("\nconsent:\n")),
            "{}",
            path.display()
        );
        // The merged trichoscopy sign is renamed.
        let signs: Vec<&str> = plan
            .assessment
            .trichoscopy
            .iter()
            .flat_map(|t| &t.signs)
            .map(|s| s.as_str())
            .collect();
        assert!(!signs.contains(&"peripilar_sign"), "{signs:?}");

        // Saved through the store, the file becomes schema 2 and the old one is history.
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path());
        let target = store.path_of(&plan.id);
        fs::write(&target, &original).unwrap();
        let lock = store.lock(&plan.id).unwrap();
        let written = store
            .save(&lock, &plan, Some(&original), SaveMode::Normal)
            .unwrap();
        assert!(written.starts_with(b"schema: 2\n"));
        let again = parse_plan(&written, &target).unwrap();
        assert_eq!(again, plan, "{} round-trips as schema 2", path.display());
        let history = store.history(&plan.id).unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(fs::read(&history[0]).unwrap(), original);
    }
}

#[test]
fn a_schema_2_file_with_a_combined_consent_is_refused_on_its_line() {
    let path = common::root().join("plans/marc-lefebvre-2026.yaml");
    let text =
        fs::read_to_string(&path)
            .unwrap()
            .replacen("- product: prp\n", "- product: combined\n", 1);
    let err = parse_plan(text.as_bytes(), &path).unwrap_err().to_string();
    let line = text
        .lines()
        .position(|l| l == "- product: combined")
        .unwrap()
        + 1;
    assert!(err.contains(&format!(":{line}:")), "{err}");
    assert!(err.contains("one product"), "{err}");
}
