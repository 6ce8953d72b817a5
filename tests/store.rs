//! The store's guarantees: private files, history on overwrite, conflicts detected, unparseable
//! files untouched, one editor per plan, and saves that survive being killed at any instant.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use trichoplan::domain::{Plan, PlanId, Prose};
use trichoplan::store::{
    ConflictKind, MAX_PLAN_BYTES, SaveMode, Store, StoreError, encode_plan, read_plan,
};

fn example() -> Plan {
    read_plan(&common::root().join("plans/camille-dupont-2026.yaml"))
        .unwrap()
        .plan
}

fn with_notes(mut plan: Plan, notes: &str) -> Plan {
    plan.notes = Some(Prose::new(notes).unwrap());
    plan
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn saves_are_private_and_keep_the_previous_version() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().join("nested/plans"));
    let plan = example();
    let lock = store.lock(&plan.id).unwrap();
    let first = store.save(&lock, &plan, None, SaveMode::Normal).unwrap();
    let path = store.path_of(&plan.id);
    assert_eq!(fs::read(&path).unwrap(), first);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(store.dir()), 0o700);
    assert!(store.history(&plan.id).unwrap().is_empty());

    let changed = with_notes(plan.clone(), "second version");
    let second = store
        .save(&lock, &changed, Some(&first), SaveMode::Normal)
        .unwrap();
    assert_eq!(read_plan(&path).unwrap().plan, changed);
    let history = store.history(&plan.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(fs::read(&history[0]).unwrap(), first);
    assert_eq!(mode(&history[0]), 0o600);
    assert_eq!(mode(&store.history_dir(&plan.id)), 0o700);

    // Saving identical content writes nothing and adds no history.
    store
        .save(&lock, &changed, Some(&second), SaveMode::Normal)
        .unwrap();
    assert_eq!(store.history(&plan.id).unwrap().len(), 1);
}

#[test]
fn a_file_changed_on_disk_is_a_conflict_until_the_user_decides() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let plan = example();
    let lock = store.lock(&plan.id).unwrap();
    let base = store.save(&lock, &plan, None, SaveMode::Normal).unwrap();
    let path = store.path_of(&plan.id);

    // Someone edits the file in a text editor meanwhile.
    let theirs = encode_plan(&with_notes(plan.clone(), "edited elsewhere"), &path).unwrap();
    fs::write(&path, &theirs).unwrap();

    let mine = with_notes(plan.clone(), "my edit");
    match store.save(&lock, &mine, Some(&base), SaveMode::Normal) {
        Err(StoreError::Conflict {
            kind: ConflictKind::ChangedOnDisk,
            ..
        }) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(fs::read(&path).unwrap(), theirs, "their edit is untouched");

    store
        .save(&lock, &mine, Some(&base), SaveMode::Overwrite)
        .unwrap();
    assert_eq!(read_plan(&path).unwrap().plan, mine);
    let history = store.history(&plan.id).unwrap();
    assert_eq!(
        fs::read(history.last().unwrap()).unwrap(),
        theirs,
        "their edit is in history"
    );
}

#[test]
fn new_plans_never_replace_existing_ones_and_deleted_ones_need_a_decision() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let plan = example();
    let lock = store.lock(&plan.id).unwrap();
    let base = store.save(&lock, &plan, None, SaveMode::Normal).unwrap();
    assert!(matches!(
        store.save(&lock, &plan, None, SaveMode::Normal),
        Err(StoreError::Conflict {
            kind: ConflictKind::AlreadyExists,
            ..
        })
    ));
    fs::remove_file(store.path_of(&plan.id)).unwrap();
    assert!(matches!(
        store.save(&lock, &plan, Some(&base), SaveMode::Normal),
        Err(StoreError::Conflict {
            kind: ConflictKind::Deleted,
            ..
        })
    ));
    store
        .save(&lock, &plan, Some(&base), SaveMode::Overwrite)
        .unwrap();
    assert!(store.path_of(&plan.id).exists());
}

#[test]
fn a_file_that_does_not_parse_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let plan = example();
    let lock = store.lock(&plan.id).unwrap();
    let base = store.save(&lock, &plan, None, SaveMode::Normal).unwrap();
    let path = store.path_of(&plan.id);
    let broken = b"schema: 1\nid: [half-edited\n".to_vec();
    fs::write(&path, &broken).unwrap();
    for mode in [SaveMode::Normal, SaveMode::Overwrite] {
        let result = store.save(&lock, &plan, Some(&base), mode);
        assert!(result.is_err(), "{mode:?} saved over a broken file");
        assert_eq!(fs::read(&path).unwrap(), broken);
    }
    let err = store
        .save(&lock, &plan, Some(&base), SaveMode::Overwrite)
        .unwrap_err();
    assert!(matches!(err, StoreError::Unparseable { .. }), "{err}");
    assert!(err.to_string().contains("save as a copy"), "{err}");
    // Saving as a copy is the way out.
    let copy_id = store.copy_id(&plan.id).unwrap();
    assert_eq!(copy_id.as_str(), "camille-dupont-2026-copy");
    let mut copy = plan.clone();
    copy.id = copy_id;
    let copy_lock = store.lock(&copy.id).unwrap();
    store
        .save(&copy_lock, &copy, None, SaveMode::Normal)
        .unwrap();
    assert_eq!(read_plan(&store.path_of(&copy.id)).unwrap().plan, copy);
}

#[test]
fn a_plan_has_one_editor_at_a_time() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let id = PlanId::new("camille-dupont-2026").unwrap();
    let held = store.lock(&id).unwrap();
    let err = store.lock(&id).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    assert!(
        err.to_string().contains("open in another trichoplan"),
        "{err}"
    );
    // Another plan is not affected; releasing the lock frees it.
    store.lock(&PlanId::new("other").unwrap()).unwrap();
    drop(held);
    store.lock(&id).unwrap();
}

#[test]
fn saving_needs_the_plans_own_lock_and_a_consistent_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let plan = example();
    let other = store.lock(&PlanId::new("other").unwrap()).unwrap();
    assert!(store.save(&other, &plan, None, SaveMode::Normal).is_err());
    let lock = store.lock(&plan.id).unwrap();
    let mut bad = plan.clone();
    bad.updated = jiff::civil::date(2000, 1, 1);
    let err = store.save(&lock, &bad, None, SaveMode::Normal).unwrap_err();
    assert!(err.to_string().contains("not saved: updated"), "{err}");
    assert!(!store.path_of(&plan.id).exists());
}

#[test]
fn symbolic_links_are_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let plan = example();
    let elsewhere = tmp.path().join("elsewhere.yaml");
    fs::write(&elsewhere, "precious").unwrap();
    std::os::unix::fs::symlink(&elsewhere, store.path_of(&plan.id)).unwrap();
    let lock = store.lock(&plan.id).unwrap();
    let result = store.save(&lock, &plan, None, SaveMode::Overwrite);
    assert!(result.is_err());
    assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "precious");
}

#[test]
fn oversized_and_special_files_are_refused_before_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.yaml");
    let f = fs::File::create(&big).unwrap();
    f.set_len(MAX_PLAN_BYTES + 1).unwrap();
    assert!(matches!(read_plan(&big), Err(StoreError::TooLarge { .. })));
    assert!(matches!(
        read_plan(tmp.path()),
        Err(StoreError::NotAFile { .. })
    ));
    assert!(matches!(
        read_plan(&tmp.path().join("missing.yaml")),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn listing_sorts_newest_first_and_reports_broken_files() {
    let tmp = tempfile::tempdir().unwrap();
    for example in common::examples() {
        fs::copy(&example, tmp.path().join(example.file_name().unwrap())).unwrap();
    }
    fs::write(tmp.path().join("broken.yaml"), "schema: 1\nid: [").unwrap();
    fs::copy(
        common::root().join("plans/marc-lefebvre-2026.yaml"),
        tmp.path().join("renamed.yaml"),
    )
    .unwrap();
    fs::write(tmp.path().join("notes.txt"), "not a plan").unwrap();
    let listing = Store::new(tmp.path()).list().unwrap();
    assert_eq!(listing.plans.len(), common::examples().len());
    let updated: Vec<_> = listing.plans.iter().map(|f| f.plan.updated).collect();
    let mut sorted = updated.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(updated, sorted);
    let errors: Vec<String> = listing.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors.iter().any(|e| e.contains("broken.yaml:2:")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("renamed.yaml: the plan's id")),
        "{errors:?}"
    );
}

/// Kills a process that saves in a loop, many times at arbitrary instants, and checks that the
/// plan on disk is always one complete version, old or new — never a mix, never missing.
///
/// The same test binary plays the saving child when `TRICHOPLAN_SAVE_LOOP` is set.
#[test]
fn a_save_killed_at_any_instant_leaves_the_old_or_the_new_file() {
    let plan = example();
    let versions: Vec<Plan> = (0..2)
        .map(|i| {
            with_notes(
                plan.clone(),
                &format!("version {i}\n{}", "x".repeat(15_000 + i)),
            )
        })
        .collect();

    if let Some(dir) = std::env::var_os("TRICHOPLAN_SAVE_LOOP") {
        let store = Store::new(dir);
        let lock = store.lock(&plan.id).unwrap();
        let mut base = fs::read(store.path_of(&plan.id)).unwrap();
        for i in 0.. {
            base = store
                .save(&lock, &versions[i % 2], Some(&base), SaveMode::Normal)
                .unwrap();
        }
        unreachable!();
    }

    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let path = store.path_of(&plan.id);
    let encoded: Vec<Vec<u8>> = versions
        .iter()
        .map(|v| encode_plan(v, &path).unwrap())
        .collect();
    {
        let lock = store.lock(&plan.id).unwrap();
        store
            .save(&lock, &versions[0], None, SaveMode::Normal)
            .unwrap();
    }
    for round in 0..25u64 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "a_save_killed_at_any_instant_leaves_the_old_or_the_new_file",
                "--nocapture",
            ])
            .env("TRICHOPLAN_SAVE_LOOP", tmp.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait for the child to be saving (its first save lands in the history), however
        // loaded the machine, then kill it at a varying instant of the loop.
        let before = store.history(&plan.id).unwrap().len();
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while store.history(&plan.id).unwrap().len() == before {
            assert!(
                std::time::Instant::now() < deadline,
                "round {round}: the child never saved"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis((round * 37) % 90));
        child.kill().unwrap(); // SIGKILL: no destructor, no cleanup runs.
        child.wait().unwrap();
        let on_disk = fs::read(&path).unwrap();
        assert!(
            encoded.contains(&on_disk),
            "round {round}: the plan on disk is neither version ({} bytes)",
            on_disk.len()
        );
        read_plan(&path).unwrap();
        for old in store.history(&plan.id).unwrap() {
            let bytes = fs::read(&old).unwrap();
            assert!(
                encoded.contains(&bytes),
                "round {round}: torn history file {old:?}"
            );
        }
    }
    assert!(
        store.history(&plan.id).unwrap().len() > 10,
        "the child did save between kills"
    );
}

/// Outside edits (a text editor writing in place, or writing a new file and renaming it over
/// the plan) race saves, thousands of times, starting at every instant of a save. Each edit
/// must end up on disk, either because it landed after the save or because the save was
/// refused with a conflict: never silently overwritten.
#[test]
fn outside_edits_racing_saves_are_never_silently_lost() {
    use std::sync::{Arc, Barrier};
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let plan = example();
    let lock = store.lock(&plan.id).unwrap();
    let path = store.path_of(&plan.id);
    let mut base = store.save(&lock, &plan, None, SaveMode::Normal).unwrap();
    let (mut lost, mut conflicts, mut saved) = (0, 0, 0);
    let rounds = 2000u64;
    for round in 0..rounds {
        let ours = with_notes(plan.clone(), &format!("ours {round}"));
        let theirs =
            encode_plan(&with_notes(plan.clone(), &format!("theirs {round}")), &path).unwrap();
        // A pseudo-random start, from before the save begins to after it ends.
        let delay = Duration::from_micros((round * 7919 + round * round * 31) % 6000);
        let barrier = Arc::new(Barrier::new(2));
        let writer = {
            let (barrier, path, theirs) = (Arc::clone(&barrier), path.clone(), theirs.clone());
            let side = tmp.path().join(format!("editor-{round}.tmp"));
            std::thread::spawn(move || {
                barrier.wait();
                let start = std::time::Instant::now();
                while start.elapsed() < delay {
                    std::hint::spin_loop();
                }
                if round % 2 == 0 {
                    fs::write(&path, &theirs).unwrap();
                } else {
                    fs::write(&side, &theirs).unwrap();
                    fs::rename(&side, &path).unwrap();
                }
            })
        };
        barrier.wait();
        let result = store.save(&lock, &ours, Some(&base), SaveMode::Normal);
        writer.join().unwrap();
        let on_disk = fs::read(&path).unwrap();
        match result {
            Ok(_) => saved += 1,
            Err(StoreError::Conflict { .. }) => conflicts += 1,
            Err(e) => panic!("round {round}: {e}"),
        }
        // The writer finished before the checks: its edit must be the file on disk.
        if on_disk != theirs {
            lost += 1;
        }
        base = on_disk;
    }
    assert_eq!(
        lost, 0,
        "{lost} outside edits of {rounds} silently overwritten"
    );
    // Both outcomes happened, so the edits did race the saves.
    assert!(
        conflicts > 0 && saved > 0,
        "{conflicts} conflicts, {saved} saves"
    );
    // No temporary file is left behind in the history.
    let leftovers = fs::read_dir(store.history_dir(&plan.id))
        .unwrap()
        .filter(|e| {
            let e = e.as_ref().unwrap();
            e.path().extension().is_none_or(|x| x != "yaml")
        })
        .count();
    assert_eq!(leftovers, 0);
}

/// Runs `f` on another thread and fails the test if it has not returned within a minute,
/// instead of hanging the whole test run on a FIFO.
fn without_hanging<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{what} hangs"))
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn fifos_links_and_devices_in_the_plans_folder_never_block_nor_lead_outside() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("plans");
    let outside = tmp.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    let store = Store::new(&dir);
    let plan = example();
    {
        let lock = store.lock(&plan.id).unwrap();
        store.save(&lock, &plan, None, SaveMode::Normal).unwrap();
    }
    let index = dir.join(".index.json");

    // A FIFO, then a link to an endless device, at the index: ignored, then replaced.
    for hostile in ["fifo", "zero"] {
        let _ = fs::remove_file(&index);
        match hostile {
            "fifo" => mkfifo(&index),
            _ => std::os::unix::fs::symlink("/dev/zero", &index).unwrap(),
        }
        let s = store.clone();
        let listing = without_hanging("listing with a hostile index", move || s.summaries());
        let listing = listing.unwrap();
        assert_eq!(listing.plans.len(), 1, "{hostile}");
        let meta = fs::symlink_metadata(&index).unwrap();
        assert!(meta.is_file(), "{hostile}: the index was rebuilt as a file");
    }
    // A broken index is rebuilt too.
    fs::write(&index, b"{\"version\": 2, \"entries\": [").unwrap();
    assert_eq!(store.summaries().unwrap().plans.len(), 1);

    // A FIFO as the lock file: refused at once.
    let lock_path = dir.join(".locks").join(format!("{}.lock", plan.id));
    fs::remove_file(&lock_path).unwrap();
    mkfifo(&lock_path);
    let (s, id) = (store.clone(), plan.id.clone());
    let locked = without_hanging("locking through a FIFO", move || s.lock(&id).map(drop));
    assert!(locked.is_err());
    // A link as the lock file: refused, and nothing is created where it points.
    fs::remove_file(&lock_path).unwrap();
    std::os::unix::fs::symlink(outside.join("taken.lock"), &lock_path).unwrap();
    assert!(matches!(
        store.lock(&plan.id),
        Err(StoreError::Symlink { .. })
    ));
    assert!(!outside.join("taken.lock").exists());
    fs::remove_file(&lock_path).unwrap();

    // A link as the history folder: the save is refused, nothing is written outside.
    let lock = store.lock(&plan.id).unwrap();
    let base = fs::read(store.path_of(&plan.id)).unwrap();
    fs::rename(dir.join("history"), tmp.path().join("old-history")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("history")).unwrap();
    let err = store
        .save(
            &lock,
            &with_notes(plan.clone(), "x"),
            Some(&base),
            SaveMode::Normal,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Symlink { .. }), "{err}");
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 0);
    assert_eq!(fs::read(store.path_of(&plan.id)).unwrap(), base);

    // A plan that is a link or a FIFO is refused by every reader, without blocking.
    let linked = dir.join("linked.yaml");
    std::os::unix::fs::symlink(store.path_of(&plan.id), &linked).unwrap();
    assert!(matches!(
        read_plan(&linked),
        Err(StoreError::Symlink { .. })
    ));
    let fifo = dir.join("fifo.yaml");
    mkfifo(&fifo);
    let read = without_hanging("reading a FIFO plan", move || read_plan(&fifo).map(drop));
    assert!(matches!(read, Err(StoreError::NotAFile { .. })));
    let s = store.clone();
    let listing = without_hanging("listing a FIFO plan", move || s.summaries()).unwrap();
    assert_eq!(listing.errors.len(), 2, "{:?}", listing.errors);
}

#[test]
fn a_plan_over_the_size_limit_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let plan = example();
    let lock = store.lock(&plan.id).unwrap();
    let base = store.save(&lock, &plan, None, SaveMode::Normal).unwrap();
    let mut big = plan.clone();
    let last = big.revisions.last().unwrap().clone();
    let change = trichoplan::domain::Text::new("é".repeat(290)).unwrap();
    for n in 1..=4000 {
        let mut r = last.clone();
        r.revision = big.revision + n;
        r.change = change.clone();
        big.revisions.push(r);
    }
    big.revision += 4000;
    assert!(encode_plan(&big, tmp.path()).unwrap().len() as u64 > MAX_PLAN_BYTES);
    let err = store
        .save(&lock, &big, Some(&base), SaveMode::Normal)
        .unwrap_err();
    assert!(err.to_string().contains("limit"), "{err}");
    assert_eq!(fs::read(store.path_of(&plan.id)).unwrap(), base);
    // A failed save leaves no history entry and no temporary file.
    assert!(store.history(&plan.id).unwrap().is_empty());
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.to_string_lossy().contains("partial")),
        "{names:?}"
    );
}

#[test]
fn a_refused_save_adds_no_history_entry_and_leftovers_are_cleaned() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let plan = example();
    let lock = store.lock(&plan.id).unwrap();
    let base = store.save(&lock, &plan, None, SaveMode::Normal).unwrap();
    let path = store.path_of(&plan.id);
    fs::write(
        &path,
        encode_plan(&with_notes(plan.clone(), "theirs"), &path).unwrap(),
    )
    .unwrap();
    assert!(
        store
            .save(
                &lock,
                &with_notes(plan.clone(), "mine"),
                Some(&base),
                SaveMode::Normal
            )
            .is_err()
    );
    assert!(store.history(&plan.id).unwrap().is_empty());
    // A save killed halfway leaves a temporary file in the history folder; the next lock
    // holder removes it.
    let history = store.history_dir(&plan.id);
    fs::create_dir_all(&history).unwrap();
    let leftover = history.join(".trichoplan-killed.partial");
    fs::write(&leftover, "half a plan").unwrap();
    drop(lock);
    let _lock = store.lock(&plan.id).unwrap();
    assert!(!leftover.exists());
}

#[test]
fn the_agenda_from_the_index_is_the_agenda_from_the_plans() {
    use trichoplan::domain::Lang;
    use trichoplan::domain::agenda::agenda;
    let tmp = tempfile::tempdir().unwrap();
    for example in common::examples() {
        fs::copy(&example, tmp.path().join(example.file_name().unwrap())).unwrap();
    }
    let store = Store::new(tmp.path());
    let catalog = trichoplan::store::catalog::default_catalog().unwrap();
    let (from, to) = (
        jiff::civil::date(2026, 1, 1),
        jiff::civil::date(2027, 12, 31),
    );
    let expected = |store: &Store| {
        let plans: Vec<Plan> = store
            .list()
            .unwrap()
            .plans
            .into_iter()
            .map(|f| f.plan)
            .collect();
        agenda(&plans, from, to, &catalog, Lang::Fr)
    };
    let want = expected(&store);
    assert!(
        want.len() > 10,
        "the examples have sessions and checkpoints"
    );
    // Cold (no index), then warm (from the index).
    for _ in 0..2 {
        let got = store.agenda(from, to, &catalog, Lang::Fr).unwrap();
        assert!(got.errors.is_empty());
        assert_eq!(got.items, want);
    }
    assert!(tmp.path().join(".index.json").is_file());
    // A plan edited by hand is read again; an index entry that does not match its file is
    // not trusted.
    let plan = example();
    let path = store.path_of(&plan.id);
    let mut moved = plan.clone();
    moved.status = trichoplan::domain::plan::Status::Archived;
    fs::write(&path, encode_plan(&moved, &path).unwrap()).unwrap();
    let index = tmp.path().join(".index.json");
    let original = fs::read_to_string(&index).unwrap();
    let tampered = original
        .replace("\"Marc Lefebvre\"", "\"Someone Else\"")
        .replace("\"marc-lefebvre-2026\"", "\"someone-else\"");
    assert_ne!(tampered, original);
    fs::write(&index, tampered).unwrap();
    let got = store.agenda(from, to, &catalog, Lang::Fr).unwrap();
    assert_eq!(got.items, expected(&store));
    assert!(got.items.iter().all(|i| i.plan != plan.id));
    let names: Vec<String> = store
        .summaries()
        .unwrap()
        .plans
        .iter()
        .map(|s| s.patient.clone())
        .collect();
    assert!(names.iter().any(|n| n == "Marc Lefebvre"), "{names:?}");
    assert!(!names.iter().any(|n| n == "Someone Else"), "{names:?}");
}

#[test]
fn the_first_frame_list_comes_from_the_cache_and_a_hostile_cache_is_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    assert!(store.cached_summaries().is_empty());
    for example in common::examples() {
        fs::copy(&example, tmp.path().join(example.file_name().unwrap())).unwrap();
    }
    let listed = store.summaries().unwrap().plans;
    assert_eq!(store.cached_summaries(), listed);
    let head = tmp.path().join(".index-head.json");
    fs::remove_file(&head).unwrap();
    mkfifo(&head);
    let s = store.clone();
    assert!(without_hanging("a FIFO as the list cache", move || s.cached_summaries()).is_empty());
    fs::remove_file(&head).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &head).unwrap();
    assert!(store.cached_summaries().is_empty());
}
