//! The real binary in a pseudo-terminal: a complete plan made purely with keystrokes and saved;
//! then a second run killed with SIGTERM mid-edit, which must restore the terminal and leave a
//! draft; then a third run that offers the draft back.

mod common;

use common::pty::Session;

const TAB: &str = "\t";
const PGDN: &str = "\x1b[6~";
const CTRL_S: &str = "\x13";
const CTRL_C: &str = "\x03";
const ENTER: &str = "\r";

#[test]
fn a_plan_made_with_keystrokes_is_saved_and_a_killed_edit_leaves_a_draft() {
    let home = tempfile::tempdir().unwrap();
    let plans = home.path().join("plans");
    let plans_arg = plans.to_str().unwrap();

    // 1. A first consultation for a post-partum patient, from the keyboard alone.
    let mut s = Session::start(home.path(), &["--plans-dir", plans_arg, "new"]);
    s.wait_for("Name or pseudonym");
    // Letters typed before moving into a field are not text: the name stays untouched.
    s.send("quentin");
    s.send(TAB); // into the first field: the name
    s.send("Amélie Rousseau");
    s.send(TAB);
    s.send("1992");
    s.keys(TAB, 2);
    s.send("2026-02-10"); // last delivery
    s.send(PGDN); // assessment
    s.wait_for("Contraindications");
    // The contraindication screen comes first: "no" (Space twice) to each of its nine
    // questions, then the complaint.
    s.send(TAB);
    for _ in 0..9 {
        s.send("  ");
        s.send(TAB);
    }
    s.send(" "); // post-partum shedding
    s.keys(TAB, 6);
    s.send("  "); // scarring: yes, then no
    s.keys(TAB, 7);
    s.send(" "); // follicular openings in all six zones
    s.send(PGDN); // deficiencies
    s.wait_for("LOINC 2276-4");
    // Four suggestions to order labs come first, then three questions, then ferritin.
    s.keys(TAB, 8);
    s.send("14"); // ferritin, ng/mL
    s.keys(PGDN, 4); // injections
    s.wait_for("Product");
    s.send(TAB);
    s.send(" "); // exosomes
    s.wait_for("Zones to treat");
    s.send(CTRL_S);
    s.wait_for("Saved, revision 1");
    s.send(CTRL_C);
    let status = s.wait_exit();
    assert!(status.success(), "exit: {status:?}");
    s.assert_restored();

    // The id is made of the name and the year the plan was created: this year.
    let id = format!("amelie-rousseau-{}", jiff::ZonedDateTime::now().year());
    let path = plans.join(format!("{id}.yaml"));
    let yaml = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let plan = trichoplan::store::read_plan(&path).unwrap().plan;
    assert_eq!(plan.patient.name.as_str(), "Amélie Rousseau");
    assert_eq!(plan.patient.birth_year, Some(1992));
    assert_eq!(
        plan.patient.history.delivery,
        Some(jiff::civil::date(2026, 2, 10))
    );
    assert_eq!(
        plan.assessment.complaint.map(|c| c.as_str()),
        Some("postpartum_shedding")
    );
    assert_eq!(plan.assessment.scarring, Some(false));
    assert_eq!(plan.assessment.answers.0.len(), 9, "the screen is answered");
    assert_eq!(plan.assessment.zones.len(), 6);
    assert!(plan.assessment.zones.iter().all(|z| z.follicular_openings));
    assert_eq!(plan.modules.deficiencies.labs[0].value.get(), 14.0);
    let inj = plan.injections.as_ref().expect("a protocol");
    assert_eq!((inj.product.as_str(), inj.sessions.len()), ("exosomes", 6));
    assert!(plan.pricing.is_some() && !plan.consent.is_empty());
    assert_eq!(plan.revision, 1);
    assert!(
        yaml.contains("change: Plan created") || yaml.contains("change: Création du plan"),
        "{yaml}"
    );
    assert!(
        yaml.contains("verdict:"),
        "the derived verdict is written: {yaml}"
    );

    // 2. A second run, killed with SIGTERM in the middle of an edit.
    let mut s = Session::start(home.path(), &["--plans-dir", plans_arg, "edit", &id]);
    s.wait_for("Name or pseudonym");
    s.keys(TAB, 12); // phone, after the history
    s.send("06 11 22 33 44");
    s.wait_for("06 11 22 33 44");
    s.wait_for("unsaved ●");
    let pid = s.child.process_id().expect("a pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 128 + 15, "{status:?}");
    s.assert_restored();
    let draft = plans.join(format!(".drafts/{id}.yaml"));
    let text = std::fs::read_to_string(&draft)
        .unwrap_or_else(|e| panic!("no draft at {}: {e}", draft.display()));
    assert!(text.contains("06 11 22 33 44"), "{text}");
    assert!(
        !std::fs::read_to_string(&path)
            .unwrap()
            .contains("06 11 22 33 44"),
        "the plan itself is untouched"
    );

    // 3. Opening the plan again offers the draft back before any new edit can replace it.
    let mut s = Session::start(home.path(), &["--plans-dir", plans_arg, "edit", &id]);
    s.wait_for("Unsaved work was found");
    s.send(ENTER);
    s.wait_for("06 11 22 33 44");
    s.send(CTRL_S);
    s.wait_for("Saved, revision 2");
    s.send(CTRL_C);
    s.wait_exit();
    s.assert_restored();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("06 11 22 33 44")
    );
    assert!(!draft.exists(), "the draft is removed once saved");
}
