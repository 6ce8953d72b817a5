//! The real binary in a pseudo-terminal, for the effects carried out from the plan list and
//! the editor: duplicate, archive, restore (from the list, with the arrows and Enter of their
//! dialogs) and print to a file (the document, then where it goes).

mod common;

use std::time::Duration;

use common::pty::Session;
use trichoplan::domain::plan::Status;

const ENTER: &str = "\r";
const LEFT: &str = "\x1b[D";
const CTRL_D: &str = "\x04";
const CTRL_X: &str = "\x18";
const CTRL_S: &str = "\x13";
const TAB: &str = "\t";

#[test]
fn duplicate_archive_restore_and_print_from_the_keyboard() {
    let home = tempfile::tempdir().unwrap();
    let plans = home.path().join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    let source = common::root().join("plans/camille-dupont-2026.yaml");
    std::fs::copy(&source, plans.join("camille-dupont-2026.yaml")).unwrap();
    let plans_arg = plans.to_str().unwrap();
    let load = |id: &str| {
        trichoplan::store::read_plan(&plans.join(format!("{id}.yaml")))
            .unwrap()
            .plan
    };

    let mut s = Session::start(home.path(), &["--plans-dir", plans_arg]);
    s.wait_for("camille-dupont-2026");

    // Archive: the dialog opens on Cancel; Left then Enter archives.
    s.send(CTRL_X);
    s.wait_for("Archive the plan of");
    s.send(LEFT);
    s.send(ENTER);
    s.wait_for("camille-dupont-2026 archived");
    assert_eq!(load("camille-dupont-2026").status, Status::Archived);

    // Restore: back to active (consent signed, sessions planned and done).
    s.send(CTRL_X);
    s.wait_for("Restore the archived plan of");
    s.send(LEFT);
    s.send(ENTER);
    s.wait_for("camille-dupont-2026 restored");
    assert_eq!(load("camille-dupont-2026").status, Status::Active);

    // Duplicate.
    s.send(CTRL_D);
    s.wait_for("Duplicate the plan of");
    s.send(LEFT);
    s.send(ENTER);
    s.wait_for("Duplicated as camille-dupont-2026-copy");
    let copy = load("camille-dupont-2026-copy");
    assert_eq!(copy.status, Status::Draft);

    // Print the patient handout to a PDF file: the document first, then where it goes.
    s.send("camille-dupont-2026-copy");
    s.send(ENTER);
    s.wait_for("Name or pseudonym");
    s.send("p");
    s.wait_for("Which document?");
    s.send(ENTER);
    s.wait_for("where to?");
    s.wait_for("No printer is set up");
    s.send(ENTER);
    s.wait_for("written to");
    let pdf = plans.join("printouts/camille-dupont-2026-copy-patient-fr.pdf");
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()));
    assert!(bytes.starts_with(b"%PDF-"));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&pdf).unwrap().permissions().mode() & 0o777,
        0o600
    );
    s.quit();
}

#[test]
fn save_as_copy_after_an_outside_edit_keeps_the_copy_as_a_draft_and_says_so() {
    let home = tempfile::tempdir().unwrap();
    let plans = home.path().join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    let path = plans.join("camille-dupont-2026.yaml");
    std::fs::copy(common::root().join("plans/camille-dupont-2026.yaml"), &path).unwrap();
    let plans_arg = plans.to_str().unwrap();

    let mut s = Session::start(
        home.path(),
        &["--plans-dir", plans_arg, "edit", "camille-dupont-2026"],
    );
    s.wait_for("Name or pseudonym");
    s.send(TAB); // into the name
    s.send("Camille Dupont-Moreau");
    s.wait_for("unsaved ●");
    // Meanwhile the file is edited in a text editor.
    let theirs = std::fs::read_to_string(&path).unwrap() + "notes: edited elsewhere\n";
    std::fs::write(&path, &theirs).unwrap();
    s.send(CTRL_S);
    s.wait_for("Changed on disk");
    // Decide later, Overwrite, Save mine as a copy: two steps left of the harmless answer.
    s.send(LEFT);
    s.send(LEFT);
    s.send(ENTER);
    s.wait_for("Saved as a copy: camille-dupont-2026-copy");
    s.wait_for("kept as a draft");
    s.wait_for("(Ctrl-X in the list of plans)");
    s.send(ENTER); // the dialog closes
    s.wait_for("Saved, revision");
    let copy = trichoplan::store::read_plan(&plans.join("camille-dupont-2026-copy.yaml"))
        .unwrap()
        .plan;
    assert_eq!(copy.status, Status::Draft);
    assert_eq!(copy.patient.name.as_str(), "Camille Dupont-Moreau");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "theirs untouched"
    );
    s.quit();
}

#[test]
fn f9_sets_the_practitioner_in_config_yaml_and_a_broken_file_is_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    const F9: &str = "\x1b[20~";
    let home = tempfile::tempdir().unwrap();
    let plans = home.path().join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    let source = common::root().join("plans/camille-dupont-2026.yaml");
    std::fs::copy(&source, plans.join("camille-dupont-2026.yaml")).unwrap();
    let plans_arg = plans.to_str().unwrap();
    let config = home.path().join("config/trichoplan/config.yaml");

    let mut s = Session::start(home.path(), &["--plans-dir", plans_arg]);
    s.wait_for("Practitioner not set");
    s.send(F9);
    s.wait_for("Settings (config.yaml)");
    s.send("Claire Martin");
    s.send(TAB);
    s.send("Dr");
    s.send(TAB);
    s.send(TAB);
    s.send("04 78 00 00 00");
    s.send(ENTER);
    s.wait_for("Settings saved in config.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("name: Claire Martin"), "{text}");
    assert!(text.contains("phone: 04 78 00 00 00"), "{text}");
    let mode = std::fs::metadata(&config).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    s.quit();

    // A file broken by hand after the start: the dialog says so and the file stays as it is.
    let mut s = Session::start(home.path(), &["--plans-dir", plans_arg]);
    s.wait_for("camille-dupont-2026");
    let broken = b"practitioner:\n  name: [Claire\n";
    std::fs::write(&config, broken).unwrap();
    s.send(F9);
    s.wait_for("Settings (config.yaml)");
    s.send(TAB);
    s.send("Pr");
    s.send(ENTER);
    s.wait_for("Settings not saved");
    assert_eq!(std::fs::read(&config).unwrap(), broken);
    // Esc asks before throwing the typed text away; the second answer does.
    s.send("\x1b");
    s.wait_for("Throw away what was typed");
    s.send("\x1b[C");
    s.send(ENTER);
    std::thread::sleep(Duration::from_millis(200));
    s.quit();
}
