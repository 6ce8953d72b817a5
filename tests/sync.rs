//! Plans shared through git, with real git: clones of a bare repository in temporary folders,
//! edits through the store and by hand, syncs in several orders, an unreachable remote, a
//! killed sync. After each scenario every edit is present or shown as a conflict, no plan file
//! holds a conflict marker, files are 0600 and `git fsck` is clean.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use trichoplan::domain::merge::{self, Side};
use trichoplan::domain::plan::{LabResult, SessionStatus};
use trichoplan::domain::{Key, Plan, PlanId, Prose, Text};
use trichoplan::store::{SaveMode, Store, read_plan};

/// A clinic: a bare remote and machines, each with its own home (no global git identity,
/// as on a fresh CI machine) and plans folder.
struct Clinic {
    tmp: tempfile::TempDir,
}

impl Clinic {
    fn new() -> Clinic {
        let tmp = tempfile::tempdir().unwrap();
        git_in(tmp.path(), &["init", "-q", "--bare", "remote.git"]);
        Clinic { tmp }
    }

    fn remote(&self) -> PathBuf {
        self.tmp.path().join("remote.git")
    }

    fn dir(&self, machine: &str) -> PathBuf {
        self.tmp.path().join(machine).join("plans")
    }

    fn home(&self, machine: &str) -> PathBuf {
        self.tmp.path().join(machine).join("home")
    }

    /// Runs trichoplan on `machine`'s plans folder.
    fn run(&self, machine: &str, args: &[&str]) -> Output {
        let dir = self.dir(machine);
        let mut all = vec!["--plans-dir", dir.to_str().unwrap()];
        // The messages checked here are the English ones (French is checked in fr_words.rs).
        if !args.contains(&"--lang") {
            all.extend(["--lang", "en"]);
        }
        all.extend(args);
        common::run_in(&self.home(machine), &all)
    }

    /// Sets the practitioner of `machine`'s settings.
    fn practitioner(&self, machine: &str, name: &str) {
        let cfg = self.home(machine).join("config/trichoplan");
        fs::create_dir_all(&cfg).unwrap();
        fs::write(
            cfg.join("config.yaml"),
            format!("practitioner:\n  name: {name}\n  email: {machine}@clinic.example\n"),
        )
        .unwrap();
    }

    /// A machine joining the clinic; the first one brings the example plans.
    fn join(&self, machine: &str, with_examples: bool) {
        fs::create_dir_all(self.home(machine)).unwrap();
        if with_examples {
            fs::create_dir_all(self.dir(machine)).unwrap();
            for p in common::examples() {
                fs::copy(&p, self.dir(machine).join(p.file_name().unwrap())).unwrap();
            }
        }
        let out = self.run(
            machine,
            &["sync", "--init", self.remote().to_str().unwrap()],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }

    fn sync(&self, machine: &str) -> Output {
        let out = self.run(machine, &["sync"]);
        assert!(
            out.status.success(),
            "sync on {machine}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        out
    }

    fn plan(&self, machine: &str, id: &str) -> Plan {
        read_plan(&self.dir(machine).join(format!("{id}.yaml")))
            .unwrap()
            .plan
    }

    /// Edits a plan through the store, as the interface saves it.
    fn edit(&self, machine: &str, id: &str, change: &str, f: impl FnOnce(&mut Plan)) {
        let store = Store::new(self.dir(machine));
        let id = PlanId::new(id).unwrap();
        let lock = store.lock(&id).unwrap();
        let file = store.load(&id).unwrap();
        let mut plan = file.plan.clone();
        f(&mut plan);
        let at = jiff::Timestamp::now();
        let today = jiff::ZonedDateTime::now().date().max(plan.updated);
        plan.record_revision(
            jiff::Timestamp::from_second(at.as_second()).unwrap(),
            today,
            Text::new(change).unwrap(),
            None,
        );
        store
            .save(&lock, &plan, Some(&file.bytes), SaveMode::Normal)
            .unwrap();
    }

    /// Checks what must hold after every scenario.
    fn sound(&self, machine: &str) {
        let dir = self.dir(machine);
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".yaml") {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            assert!(
                !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
                "conflict markers in {name}"
            );
            assert_eq!(mode(&path), 0o600, "{name} is not 0600");
            read_plan(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let fsck = git_in(&dir, &["fsck", "--no-progress"]);
        assert!(fsck.status.success(), "git fsck: {}", stderr(&fsck));
        let status = git_in(&dir, &["status", "--porcelain"]);
        assert_eq!(stdout(&status), "", "uncommitted files left");
    }
}

fn git_in(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

const CAMILLE: &str = "camille-dupont-2026";
const DANIEL: &str = "daniel-okafor-2026";

fn set_notes(plan: &mut Plan, notes: &str) {
    plan.notes = Some(Prose::new(notes).unwrap());
}

#[test]
fn init_writes_the_git_files_and_commits_as_the_practitioner() {
    let c = Clinic::new();
    fs::create_dir_all(c.home("a")).unwrap();
    c.practitioner("a", "Claire Martin");
    c.join("a", true);
    let dir = c.dir("a");
    let ignore = fs::read_to_string(dir.join(".gitignore")).unwrap();
    for local in [
        ".locks/",
        ".drafts/",
        ".index.json",
        "history/",
        ".trichoplan-*",
    ] {
        assert!(ignore.contains(local), "{local} not ignored");
    }
    assert!(
        fs::read_to_string(dir.join(".gitattributes"))
            .unwrap()
            .contains("*.yaml merge=trichoplan")
    );
    let driver = stdout(&git_in(&dir, &["config", "merge.trichoplan.driver"]));
    assert!(driver.contains("merge-driver %O %A %B %P"), "{driver}");
    let authors = stdout(&git_in(&dir, &["log", "--format=%an <%ae>"]));
    assert!(
        authors
            .lines()
            .all(|a| a == "Claire Martin <a@clinic.example>")
    );
    let tracked = stdout(&git_in(&dir, &["ls-files"]));
    assert!(tracked.contains("camille-dupont-2026.yaml"));
    // A save through the store, then a sync: one commit whose message is the change.
    c.edit("a", CAMILLE, "Notes after the call", |p| {
        set_notes(p, "called back")
    });
    let _ = c.run("a", &["list"]); // index and lock files must stay out of git
    c.sync("a");
    let last = stdout(&git_in(&dir, &["log", "-1", "--format=%s"]));
    assert_eq!(last.trim(), "camille-dupont-2026: Notes after the call");
    assert!(!stdout(&git_in(&dir, &["ls-files"])).contains(".index"));
    assert_eq!(mode(&dir), 0o700);
    c.sound("a");
    // The remote got it.
    let remote = stdout(&git_in(&c.remote(), &["log", "-1", "--format=%s", "main"]));
    assert_eq!(remote.trim(), "camille-dupont-2026: Notes after the call");
}

#[test]
fn a_save_is_committed_with_its_revision() {
    let c = Clinic::new();
    c.join("a", true);
    c.edit("a", DANIEL, "Lab ordered", |p| set_notes(p, "TSH ordered"));
    let plan = c.plan("a", DANIEL);
    let commit = trichoplan::store::git::commit_saved(&c.dir("a"), None, &plan)
        .unwrap()
        .expect("a commit");
    let log = stdout(&git_in(&c.dir("a"), &["log", "-1", "--format=%H%n%B"]));
    assert!(log.starts_with(&commit));
    assert!(log.contains("daniel-okafor-2026: Lab ordered"));
    assert!(log.contains(&format!("Revision: {}", plan.revision)));
    // Nothing left to commit: no empty commit.
    assert!(
        trichoplan::store::git::commit_saved(&c.dir("a"), None, &plan)
            .unwrap()
            .is_none()
    );
}

#[test]
fn two_practitioners_editing_different_plans_merge_cleanly() {
    let c = Clinic::new();
    c.practitioner("a", "Claire Martin");
    c.join("a", true);
    c.practitioner("b", "Nora Haddad");
    c.join("b", false);
    assert!(c.dir("b").join(format!("{CAMILLE}.yaml")).exists());
    c.edit("a", CAMILLE, "Note from A", |p| set_notes(p, "from A"));
    c.edit("b", DANIEL, "Note from B", |p| set_notes(p, "from B"));
    c.sync("a");
    c.sync("b");
    c.sync("a");
    for m in ["a", "b"] {
        assert_eq!(c.plan(m, CAMILLE).notes.unwrap().as_str(), "from A");
        assert_eq!(c.plan(m, DANIEL).notes.unwrap().as_str(), "from B");
        assert!(c.plan(m, CAMILLE).conflicts.is_empty());
        c.sound(m);
    }
    let authors = stdout(&git_in(&c.dir("a"), &["log", "--format=%an"]));
    assert!(authors.contains("Claire Martin") && authors.contains("Nora Haddad"));
}

#[test]
fn the_same_plan_edited_in_different_places_merges_by_structure() {
    let c = Clinic::new();
    c.join("a", true);
    c.join("b", false);
    // A: session 3 done. B: a new lab value, and session 4 moved.
    c.edit("a", CAMILLE, "Session 3 done", |p| {
        let s = &mut p.injections.as_mut().unwrap().sessions[2];
        s.status = SessionStatus::Done;
        s.date = Some(s.planned);
        s.lot = Some(Text::new("EXO-2611-007").unwrap());
    });
    c.edit("b", CAMILLE, "New ferritin", |p| {
        p.modules.deficiencies.labs.push(LabResult {
            analyte: Key::new("ferritin").unwrap(),
            value: trichoplan::domain::plan::Quantity::new(42.0).unwrap(),
            unit: trichoplan::domain::plan::Unit::new("ng/mL").unwrap(),
            date: "2026-11-20".parse().unwrap(),
            range: None,
            lab: None,
            notes: None,
        });
        let s = &mut p.injections.as_mut().unwrap().sessions[3];
        s.planned = s.planned.checked_add(jiff::Span::new().days(7)).unwrap();
    });
    let before = c.plan("a", CAMILLE);
    c.sync("a");
    c.sync("b");
    c.sync("a");
    for m in ["a", "b"] {
        let p = c.plan(m, CAMILLE);
        assert!(p.conflicts.is_empty(), "{m}: {:?}", p.conflicts);
        let sessions = &p.injections.as_ref().unwrap().sessions;
        assert_eq!(sessions[2].status, SessionStatus::Done);
        assert_eq!(sessions[2].lot.as_ref().unwrap().as_str(), "EXO-2611-007");
        assert_eq!(
            sessions[3].planned,
            before.injections.as_ref().unwrap().sessions[3]
                .planned
                .checked_add(jiff::Span::new().days(7))
                .unwrap()
        );
        assert!(
            p.modules
                .deficiencies
                .labs
                .iter()
                .any(|l| l.date.to_string() == "2026-11-20")
        );
        // Both revisions are in the log, renumbered, and the plan's revision is above both.
        let changes: Vec<&str> = p.revisions.iter().map(|r| r.change.as_str()).collect();
        assert!(changes.contains(&"Session 3 done") && changes.contains(&"New ferritin"));
        let numbers: Vec<u32> = p.revisions.iter().map(|r| r.revision).collect();
        let mut sorted = numbers.clone();
        sorted.dedup();
        assert_eq!(sorted.len(), numbers.len(), "revision numbers repeat");
        assert_eq!(p.revision, *numbers.last().unwrap());
        assert_eq!(p.revision, before.revision + 1);
        c.sound(m);
    }
    assert_eq!(
        fs::read(c.dir("a").join(format!("{CAMILLE}.yaml"))).unwrap(),
        fs::read(c.dir("b").join(format!("{CAMILLE}.yaml"))).unwrap()
    );
}

#[test]
fn the_same_field_changed_on_both_sides_keeps_both_values_until_chosen() {
    let c = Clinic::new();
    c.join("a", true);
    c.join("b", false);
    c.edit("a", CAMILLE, "Lot corrected", |p| {
        p.injections.as_mut().unwrap().sessions[1].lot = Some(Text::new("LOT-A").unwrap());
    });
    // B edits the file by hand.
    let path_b = c.dir("b").join(format!("{CAMILLE}.yaml"));
    let text = fs::read_to_string(&path_b).unwrap();
    let hand = text.replacen(
        "    lot: EXO-2609-114\n    zones:\n    - frontal\n    - vertex\n    - temporal_left",
        "    lot: LOT-B\n    zones:\n    - frontal\n    - vertex\n    - temporal_left",
        1,
    );
    assert_ne!(hand, text);
    fs::write(&path_b, hand).unwrap();
    c.sync("a");
    let out = c.sync("b");
    assert!(stdout(&out).contains("conflicted: camille-dupont-2026"));
    c.sync("a");
    for m in ["a", "b"] {
        let p = c.plan(m, CAMILLE);
        assert_eq!(p.conflicts.len(), 1, "{m}");
        let conflict = &p.conflicts[0];
        assert_eq!(
            conflict.field.as_str(),
            "injections.sessions[session-2].lot"
        );
        let both = [conflict.ours.as_str(), conflict.theirs.as_str()];
        assert!(both.contains(&Some("LOT-A")) && both.contains(&Some("LOT-B")));
        // validate and list say so.
        let file = c.dir(m).join(format!("{CAMILLE}.yaml"));
        let v = c.run(m, &["validate", file.to_str().unwrap()]);
        assert!(stdout(&v).contains("conflicted:"), "{}", stdout(&v));
        assert!(stdout(&v).contains("injections.sessions[session-2].lot"));
        let l = c.run(m, &["list", "--lang", "en"]);
        assert!(stdout(&l).contains("CONFLICTED"), "{}", stdout(&l));
        let j = c.run(m, &["list", "--format", "json"]);
        assert!(stdout(&j).contains("\"conflicts\": 1"), "{}", stdout(&j));
        c.sound(m);
    }
    // B chooses A's value; once synced, the conflict is gone everywhere.
    let p = c.plan("b", CAMILLE);
    let side = if p.conflicts[0].theirs.as_str() == Some("LOT-A") {
        Side::Theirs
    } else {
        Side::Ours
    };
    let resolved = merge::resolve(&p, 0, side).unwrap();
    c.edit("b", CAMILLE, "Conflict settled", |plan| *plan = resolved);
    c.sync("b");
    c.sync("a");
    for m in ["a", "b"] {
        let p = c.plan(m, CAMILLE);
        assert!(p.conflicts.is_empty(), "{m}");
        assert_eq!(
            p.injections.as_ref().unwrap().sessions[1]
                .lot
                .as_ref()
                .unwrap()
                .as_str(),
            "LOT-A"
        );
        c.sound(m);
    }
}

#[test]
fn an_invalid_file_is_reported_and_never_committed() {
    let c = Clinic::new();
    c.join("a", true);
    let dir = c.dir("a");
    fs::write(dir.join("broken-2026.yaml"), "schema: 2\nid: [oops\n").unwrap();
    let path = dir.join(format!("{DANIEL}.yaml"));
    let good = fs::read(&path).unwrap();
    let mut bad = good.clone();
    bad.extend_from_slice(b"\nnot_a_field: 1\n");
    fs::write(&path, &bad).unwrap();
    c.edit("a", CAMILLE, "Still committed", |p| {
        set_notes(p, "valid edit")
    });
    let out = c.run("a", &["sync"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("broken-2026.yaml"), "{err}");
    assert!(err.contains("daniel-okafor-2026.yaml"), "{err}");
    let tracked = stdout(&git_in(&dir, &["ls-files"]));
    assert!(!tracked.contains("broken-2026.yaml"));
    let committed = git_in(&dir, &["show", &format!("HEAD:{DANIEL}.yaml")]);
    assert_eq!(committed.stdout, good);
    let remote = git_in(&c.remote(), &["show", &format!("main:{DANIEL}.yaml")]);
    assert_eq!(remote.stdout, good);
    // The valid edit went through.
    let remote = stdout(&git_in(
        &c.remote(),
        &["show", &format!("main:{CAMILLE}.yaml")],
    ));
    assert!(remote.contains("valid edit"));
}

#[test]
fn offline_sync_keeps_the_commits_and_says_so_in_one_line() {
    let c = Clinic::new();
    c.join("a", true);
    let dir = c.dir("a");
    let away = c.tmp.path().join("unplugged-usb-disk/plans.git");
    git_in(
        &dir,
        &["remote", "set-url", "origin", away.to_str().unwrap()],
    );
    c.edit("a", CAMILLE, "Offline edit", |p| {
        set_notes(p, "written offline")
    });
    let out = c.run("a", &["sync"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cannot reach the remote"), "{err}");
    assert!(err.contains("1 commit(s) wait"), "{err}");
    let last = stdout(&git_in(&dir, &["log", "-1", "--format=%s"]));
    assert_eq!(last.trim(), "camille-dupont-2026: Offline edit");
    // A second edit offline, then the remote is back: both arrive.
    c.edit("a", DANIEL, "Second offline edit", |p| {
        set_notes(p, "also offline")
    });
    assert_eq!(c.run("a", &["sync"]).status.code(), Some(1));
    git_in(
        &dir,
        &["remote", "set-url", "origin", c.remote().to_str().unwrap()],
    );
    let out = c.sync("a");
    assert!(stdout(&out).contains("2 sent"), "{}", stdout(&out));
    c.join("b", false);
    assert_eq!(c.plan("b", DANIEL).notes.unwrap().as_str(), "also offline");
    c.sound("a");
    c.sound("b");
}

#[test]
fn files_written_by_git_are_private() {
    let c = Clinic::new();
    c.join("a", true);
    c.join("b", false);
    c.edit("a", CAMILLE, "A", |p| set_notes(p, "a"));
    c.edit("b", CAMILLE, "B", |p| {
        p.patient_note = Some(Prose::new("b").unwrap());
    });
    // A plan created on A only reaches B through git's checkout.
    let mut fresh = c.plan("a", DANIEL);
    fresh.id = PlanId::new("new-patient-2026").unwrap();
    let store = Store::new(c.dir("a"));
    let lock = store.lock(&fresh.id).unwrap();
    store.save(&lock, &fresh, None, SaveMode::Normal).unwrap();
    c.sync("a");
    c.sync("b");
    for m in ["a", "b"] {
        c.sound(m);
        assert_eq!(mode(&c.dir(m).join("new-patient-2026.yaml")), 0o600);
    }
    let objects = c.dir("b").join(".git/objects");
    for entry in fs::read_dir(objects).unwrap() {
        let p = entry.unwrap().path();
        assert_eq!(mode(&p) & 0o077, 0, "{} is not private", p.display());
    }
}

#[test]
fn the_merge_driver_never_writes_markers() {
    let tmp = tempfile::tempdir().unwrap();
    let example = fs::read_to_string(common::root().join(format!("plans/{CAMILLE}.yaml"))).unwrap();
    let base = tmp.path().join("base");
    let ours = tmp.path().join("ours");
    let theirs = tmp.path().join("theirs");
    fs::write(&base, &example).unwrap();
    fs::write(
        &ours,
        example.replace("Camille Dupont", "Camille Dupont-Martin"),
    )
    .unwrap();
    fs::write(&theirs, example.replace("Camille Dupont", "Camille Durand")).unwrap();
    let args = |p: &Path| p.to_str().unwrap().to_owned();
    let out = common::run_in(
        tmp.path(),
        &[
            "merge-driver",
            &args(&base),
            &args(&ours),
            &args(&theirs),
            "x.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let merged = read_plan(&ours).unwrap().plan;
    assert_eq!(merged.conflicts.len(), 1);
    // Both made at the same instant: the values decide, the same on every machine.
    assert_eq!(merged.patient.name.as_str(), "Camille Durand");
    assert_eq!(
        merged.conflicts[0].theirs.as_str(),
        Some("Camille Dupont-Martin")
    );
    // Clean: only one side changed.
    fs::write(&ours, &example).unwrap();
    let out = common::run_in(
        tmp.path(),
        &[
            "merge-driver",
            &args(&base),
            &args(&ours),
            &args(&theirs),
            "x.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        read_plan(&ours).unwrap().plan.patient.name.as_str(),
        "Camille Durand"
    );
    // A side that is not a plan: the other is kept, the text of the broken one as a conflict.
    fs::write(&theirs, "<<<<<<< HEAD\nnot: a plan\n").unwrap();
    let out = common::run_in(
        tmp.path(),
        &[
            "merge-driver",
            &args(&base),
            &args(&ours),
            &args(&theirs),
            "x.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = fs::read_to_string(&ours).unwrap();
    assert!(!text.lines().any(|l| l.starts_with("<<<<<<<")));
    assert!(read_plan(&ours).is_ok());
}

#[test]
fn a_killed_sync_loses_nothing() {
    let c = Clinic::new();
    c.join("a", true);
    c.join("b", false);
    let bin = env!("CARGO_BIN_EXE_trichoplan");
    for round in 0..6u64 {
        let note = format!("edit {round} on A");
        c.edit("a", CAMILLE, &note, |p| set_notes(p, &note));
        let other = format!("edit {round} on B");
        c.edit("b", DANIEL, &other, |p| set_notes(p, &other));
        c.sync("b");
        let dir = c.dir("a");
        let mut child = Command::new(bin)
            .args(["--plans-dir", dir.to_str().unwrap(), "sync"])
            .env("HOME", c.home("a"))
            .env("XDG_CONFIG_HOME", c.home("a").join("config"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(round * 15));
        let _ = child.kill();
        let _ = child.wait();
        c.sync("a");
        c.sync("b");
        for m in ["a", "b"] {
            assert_eq!(c.plan(m, CAMILLE).notes.unwrap().as_str(), note, "{m}");
            assert_eq!(c.plan(m, DANIEL).notes.unwrap().as_str(), other, "{m}");
            c.sound(m);
        }
    }
}

/// The interface shows a conflicted plan's conflicts when it opens, side by side, and the
/// practitioner picks a side with the arrows and Enter; the title shows the sync state.
#[test]
fn the_interface_shows_conflicts_and_lets_the_practitioner_choose() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use trichoplan::tui::app::{App, Msg, Overlay, Row, SyncInfo};
    let key = |c: KeyCode| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let base = read_plan(&common::root().join(format!("plans/{CAMILLE}.yaml")))
        .unwrap()
        .plan;
    let mut ours = base.clone();
    ours.patient.name = Text::new("Camille Dupont-Martin").unwrap();
    let mut theirs = base.clone();
    theirs.patient.name = Text::new("Camille Durand").unwrap();
    let plan = merge::merge(Some(&base), &ours, &theirs).unwrap().plan;
    assert_eq!(plan.conflicts.len(), 1);

    let catalog = trichoplan::store::catalog::default_catalog().unwrap();
    let mut app = App::new(
        trichoplan::domain::Lang::En,
        catalog,
        Default::default(),
        "2026-12-01".parse().unwrap(),
        "/plans".to_owned(),
    );
    app.update(Msg::Listed {
        rows: vec![Row::of(&plan)],
        unreadable: 0,
    });
    app.update(Msg::SyncState(Some(SyncInfo {
        ahead: 2,
        behind: 1,
        remote: true,
        running: false,
    })));
    let screen = |app: &App| {
        let backend = ratatui::backend::TestBackend::new(100, 30);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        terminal
            .draw(|f| trichoplan::tui::view::draw(f, app))
            .unwrap();
        format!("{}", terminal.backend())
    };
    let home = screen(&app);
    assert!(home.contains("git: ↑2 ↓1, 1 conflicted"), "{home}");
    assert!(home.contains("F5 sync"), "{home}");
    assert!(home.contains("⚠ Camille Durand"), "{home}");

    app.update(Msg::Opened {
        plan: Box::new(plan.clone()),
        saved: Some(Box::new(plan.clone())),
        base: Some(Vec::new()),
        draft_id: plan.id.clone(),
    });
    assert_eq!(app.overlay, Some(Overlay::Conflicts));
    let shown = screen(&app);
    assert!(shown.contains("patient.name"), "{shown}");
    assert!(shown.contains("Camille Dupont-Martin") && shown.contains("Camille Durand"));
    // The harmless answer is selected first: Enter decides nothing.
    app.update(key(KeyCode::Enter));
    assert_eq!(app.editor().unwrap().plan.conflicts.len(), 1);
    app.update(key(KeyCode::F(6)));
    assert_eq!(app.overlay, Some(Overlay::Conflicts));
    app.update(key(KeyCode::Left)); // "Take the other version"
    app.update(key(KeyCode::Enter));
    let e = app.editor().unwrap();
    assert!(e.plan.conflicts.is_empty());
    assert_eq!(e.plan.patient.name.as_str(), "Camille Dupont-Martin");
    assert!(e.dirty());
}

/// The cost of committing one saved plan in a folder of `TRICHOPLAN_SYNC_PLANS` plans (default
/// 10,000), and of a sync with nothing to send: `cargo test --release --test sync -- --ignored
/// --nocapture commit_cost`. The commit runs off the keystroke path; this measures it.
#[test]
#[ignore]
fn commit_cost_at_scale() {
    let n: usize = std::env::var("TRICHOPLAN_SYNC_PLANS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let c = Clinic::new();
    let dir = c.dir("a");
    fs::create_dir_all(c.home("a")).unwrap();
    let made = Command::new("bash")
        .arg(common::root().join("scripts/make-plans.sh"))
        .arg(&dir)
        .arg(n.to_string())
        .output()
        .unwrap();
    assert!(made.status.success());
    let t = std::time::Instant::now();
    let init = c.run("a", &["sync", "--init", c.remote().to_str().unwrap()]);
    assert!(init.status.success(), "{}", stderr(&init));
    println!(
        "sync --init with {n} plans (validate, commit, push): {:?}",
        t.elapsed()
    );
    let id = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".yaml"))
        .unwrap()
        .trim_end_matches(".yaml")
        .to_owned();
    let mut times = Vec::new();
    for i in 0..21 {
        c.edit("a", &id, &format!("edit {i}"), |p| {
            set_notes(p, &format!("n{i}"))
        });
        let plan = c.plan("a", &id);
        let t = std::time::Instant::now();
        trichoplan::store::git::commit_saved(&dir, None, &plan)
            .unwrap()
            .unwrap();
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "commit of one saved plan among {n}: median {:?}, max {:?}",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    let mut syncs = Vec::new();
    for _ in 0..5 {
        let t = std::time::Instant::now();
        c.sync("a");
        syncs.push(t.elapsed());
    }
    syncs.sort();
    println!("sync (local bare remote) with 1 then 0 commits to send: {syncs:?}");
}

/// Three machines changing one field: every value stays visible until chosen, whatever the
/// order of the merges, and a conflict recorded on two machines is one conflict.
#[test]
fn three_machines_changing_one_field_lose_no_value() {
    let base = read_plan(&common::root().join(format!("plans/{CAMILLE}.yaml")))
        .unwrap()
        .plan;
    let with_lot = |lot: &str| {
        let mut p = base.clone();
        p.injections.as_mut().unwrap().sessions[1].lot = Some(Text::new(lot).unwrap());
        p
    };
    let (a, b, c) = (with_lot("LOT-A"), with_lot("LOT-B"), with_lot("LOT-C"));
    let ab = merge::merge(Some(&base), &a, &b).unwrap().plan;
    let ba = merge::merge(Some(&base), &b, &a).unwrap().plan;
    // The same conflict, recorded on two machines, merges into one.
    let abba = merge::merge(Some(&base), &ab, &ba).unwrap().plan;
    assert_eq!(abba.conflicts.len(), 1, "{:?}", abba.conflicts);
    let abc = merge::merge(Some(&base), &abba, &c).unwrap().plan;
    let text = serde_json::to_string(&abc).unwrap();
    for lot in ["LOT-A", "LOT-B", "LOT-C"] {
        assert!(text.contains(lot), "{lot} lost: {:?}", abc.conflicts);
    }
    // Settling on one machine, then merging with a machine that had not: settled.
    let settled = merge::resolve(&ab, 0, Side::Ours).unwrap();
    assert!(settled.conflicts.is_empty());
    let after = merge::merge(Some(&ab), &ba, &settled).unwrap().plan;
    assert!(after.conflicts.is_empty(), "{:?}", after.conflicts);
}
