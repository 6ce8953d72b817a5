//! The plans' use cases through the service, on a temporary plans folder: save as copy,
//! duplicate, archive and restore, recover a draft, print to a file. Each checks what is on
//! disk afterwards (files, modes, statuses), not only what the call returned.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use jiff::civil::{Date, date};
use trichoplan::domain::config::Config;
use trichoplan::domain::plan::{SessionStatus, Status};
use trichoplan::domain::{Lang, Plan, PlanId, Prose};
use trichoplan::service::{Edit, Format, PrintDoc, PrintTo, SaveAs, Service, ServiceError};
use trichoplan::store::catalog::default_catalog;
use trichoplan::store::draft::{self, DRAFT_SCHEMA, Draft};
use trichoplan::store::{SaveMode, Store, encode_plan, read_plan};

const TODAY: Date = date(2026, 11, 26);

fn example(id: &str) -> Plan {
    read_plan(&common::root().join(format!("plans/{id}.yaml")))
        .unwrap()
        .plan
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// A plans folder holding the example plans `ids`, and a service on it.
fn folder(ids: &[&str]) -> (tempfile::TempDir, Service) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().join("plans"));
    for id in ids {
        let plan = example(id);
        let lock = store.lock(&plan.id).unwrap();
        store.save(&lock, &plan, None, SaveMode::Normal).unwrap();
    }
    let service = Service::new(store, default_catalog().unwrap(), Config::default());
    (tmp, service)
}

fn id(s: &str) -> PlanId {
    PlanId::new(s).unwrap()
}

fn on_disk(service: &Service, id: &PlanId) -> Plan {
    service.store().load(id).unwrap().plan
}

#[test]
fn save_as_copy_beside_an_active_plan_keeps_the_copy_as_a_draft_and_names_the_active_one() {
    let (_tmp, mut service) = folder(&["camille-dupont-2026", "daniel-okafor-2026"]);
    let original = id("camille-dupont-2026");
    let opened = service.open(&original).unwrap();
    assert!(opened.read_only.is_none());
    assert_eq!(opened.plan.status, Status::Active);
    assert_eq!(service.locked(), Some(&original));

    // Someone edits the file in a text editor meanwhile.
    let path = service.store().path_of(&original);
    let mut theirs = opened.plan.clone();
    theirs.notes = Some(Prose::new("edited elsewhere").unwrap());
    fs::write(&path, encode_plan(&theirs, &path).unwrap()).unwrap();
    let theirs_bytes = fs::read(&path).unwrap();

    let mut mine = opened.plan.clone();
    mine.notes = Some(Prose::new("my edit").unwrap());
    let edit = Edit {
        plan: &mine,
        saved: opened.saved.as_ref(),
        base: opened.base.as_deref(),
        draft_id: &opened.draft_id,
    };
    // A draft of these edits exists; the save that goes through removes it.
    let draft_path = service.draft_path(&opened.draft_id);
    let d = Draft {
        draft: DRAFT_SCHEMA,
        saved_at: jiff::Timestamp::now(),
        original: Some(original.clone()),
        base_revision: Some(opened.plan.revision),
        base_hash: opened.base.as_deref().map(draft::hash),
        plan: mine.clone(),
    };
    draft::write_draft_bytes(&draft_path, &draft::encode_draft(&d).unwrap()).unwrap();

    let err = service.save(edit, SaveAs::Plan, TODAY).unwrap_err();
    assert!(err.is_conflict(), "{err}");
    assert_eq!(
        fs::read(&path).unwrap(),
        theirs_bytes,
        "theirs is untouched"
    );

    let saved = service.save(edit, SaveAs::Copy, TODAY).unwrap();
    let copy_id = id("camille-dupont-2026-copy");
    assert_eq!(saved.plan.id, copy_id);
    let note = saved.copy.expect("a copy says what became of it");
    assert_eq!(note.of, original);
    assert_eq!(note.active, vec![original.clone()]);
    assert!(note.made_draft);
    // On disk: the copy is a draft holding my edit; theirs is unchanged and still active.
    let copy = on_disk(&service, &copy_id);
    assert_eq!(copy.status, Status::Draft);
    assert_eq!(copy.notes.as_ref().map(|n| n.as_str()), Some("my edit"));
    assert_eq!(copy.revision, opened.plan.revision + 1);
    assert_eq!(on_disk(&service, &original).status, Status::Active);
    assert_eq!(fs::read(&path).unwrap(), theirs_bytes);
    assert_eq!(mode(&service.store().path_of(&copy_id)), 0o600);
    assert!(!draft_path.exists(), "the draft is removed once saved");
    // The editor now edits the copy: its lock is held, the original's released.
    assert_eq!(service.locked(), Some(&copy_id));
    assert!(service.store().lock(&original).is_ok());

    // The copy's sessions are tentative; only one plan of the patient is active.
    let active: Vec<_> = service
        .store()
        .summaries()
        .unwrap()
        .plans
        .into_iter()
        .filter(|s| s.status == Status::Active && s.patient == copy.patient.name.as_str())
        .map(|s| s.id)
        .collect();
    assert_eq!(active, vec![original]);
}

#[test]
fn a_copy_of_a_draft_with_no_active_plan_beside_it_says_nothing_more() {
    let (_tmp, mut service) = folder(&["daniel-okafor-2026"]);
    let original = id("daniel-okafor-2026");
    let opened = service.open(&original).unwrap();
    let edit = Edit {
        plan: &opened.plan,
        saved: opened.saved.as_ref(),
        base: opened.base.as_deref(),
        draft_id: &opened.draft_id,
    };
    let saved = service.save(edit, SaveAs::Copy, TODAY).unwrap();
    let note = saved.copy.unwrap();
    assert!(note.active.is_empty());
    assert!(!note.made_draft);
    assert_eq!(saved.plan.status, Status::Draft);
    // A second copy gets the next free id.
    let again = service.save(edit, SaveAs::Copy, TODAY).unwrap();
    assert_eq!(again.plan.id, id("daniel-okafor-2026-copy-2"));
}

#[test]
fn duplicate_saves_a_fresh_draft_series_and_leaves_the_original_alone() {
    let (_tmp, mut service) = folder(&["camille-dupont-2026"]);
    let original = id("camille-dupont-2026");
    let before = fs::read(service.store().path_of(&original)).unwrap();
    let source = on_disk(&service, &original);

    let dup = service.duplicate(&original, TODAY, Lang::Fr).unwrap();
    assert_eq!(dup.id, id("camille-dupont-2026-copy"));
    let disk = on_disk(&service, &dup.id);
    assert_eq!(disk, dup);
    assert_eq!(disk.status, Status::Draft);
    assert_eq!((disk.created, disk.updated), (TODAY, TODAY));
    assert_eq!(disk.revision, 1);
    assert_eq!(disk.revisions.len(), 1);
    assert_eq!(
        disk.revisions[0].change.as_str(),
        "Dupliqué depuis camille-dupont-2026"
    );
    assert!(disk.consent.iter().all(|c| c.signed.is_none()));
    // The original series' follow-up stays with it; the copy's checkpoints are its own series'.
    assert!(disk.followup.measurements.is_empty());
    assert!(
        disk.followup
            .checkpoints
            .iter()
            .all(|c| c.done.is_none() && c.due > TODAY)
    );
    assert!(disk.removed.is_empty());
    let inj = disk.injections.as_ref().unwrap();
    let src = source.injections.as_ref().unwrap();
    assert_eq!(inj.product, src.product);
    assert_eq!(inj.sessions.len(), usize::from(src.sessions_planned));
    assert!(
        inj.sessions
            .iter()
            .all(|s| s.status == SessionStatus::Planned)
    );
    assert_eq!(inj.sessions[0].planned, date(2026, 12, 3));
    // Kept: the patient and the assessment.
    assert_eq!(disk.patient, source.patient);
    assert_eq!(disk.assessment, source.assessment);
    assert_eq!(mode(&service.store().path_of(&dup.id)), 0o600);
    assert_eq!(
        fs::read(service.store().path_of(&original)).unwrap(),
        before
    );
    // A missing plan is one line naming it.
    let err = service
        .duplicate(&id("nobody-2026"), TODAY, Lang::En)
        .unwrap_err();
    assert!(err.message(Lang::En).contains("nobody-2026"), "{err}");
}

#[test]
fn archive_and_restore_move_the_status_and_record_a_revision() {
    let (_tmp, mut service) = folder(&["camille-dupont-2026", "odile-bernard-2026"]);
    let camille = id("camille-dupont-2026");
    let revision = on_disk(&service, &camille).revision;

    let archived = service.set_aside(&camille, true, TODAY, Lang::En).unwrap();
    assert_eq!(archived.status, Status::Archived);
    let disk = on_disk(&service, &camille);
    assert_eq!(disk.status, Status::Archived);
    assert_eq!(disk.revision, revision + 1);
    assert_eq!(disk.revisions.last().unwrap().change.as_str(), "Archived");
    assert_eq!(service.store().history(&camille).unwrap().len(), 1);

    let err = service
        .set_aside(&camille, true, TODAY, Lang::Fr)
        .unwrap_err();
    assert_eq!(err.message(Lang::Fr), "le plan est déjà archivé");

    // Sessions done and planned, consent signed: back to active.
    let restored = service.set_aside(&camille, false, TODAY, Lang::Fr).unwrap();
    assert_eq!(restored.status, Status::Active);
    let disk = on_disk(&service, &camille);
    assert_eq!(disk.status, Status::Active);
    assert_eq!(disk.revision, revision + 2);
    assert_eq!(
        disk.revisions.last().unwrap().change.as_str(),
        "Restauré (en cours)"
    );
    let err = service
        .set_aside(&camille, false, TODAY, Lang::En)
        .unwrap_err();
    assert!(matches!(err, ServiceError::Lifecycle(_)), "{err}");

    // No session planned or done: a restored plan is a draft again.
    let odile = id("odile-bernard-2026");
    service.set_aside(&odile, true, TODAY, Lang::En).unwrap();
    let back = service.set_aside(&odile, false, TODAY, Lang::En).unwrap();
    assert_eq!(back.status, Status::Draft);

    // A plan open in another window cannot be archived under it.
    let other = service.store().lock(&odile).unwrap();
    let err = service
        .set_aside(&odile, true, TODAY, Lang::En)
        .unwrap_err();
    assert!(matches!(err, ServiceError::Store(_)), "{err}");
    drop(other);
}

#[test]
fn a_draft_is_recovered_with_its_plan_and_a_changed_file_forces_the_conflict_question() {
    let (_tmp, mut service) = folder(&["camille-dupont-2026"]);
    let camille = id("camille-dupont-2026");
    let opened = service.open(&camille).unwrap();
    let mut edited = opened.plan.clone();
    edited.notes = Some(Prose::new("typed before the crash").unwrap());
    let path = service.draft_path(&opened.draft_id);
    let write = |base: &[u8], plan: &Plan| {
        let d = Draft {
            draft: DRAFT_SCHEMA,
            saved_at: jiff::Timestamp::now(),
            original: Some(camille.clone()),
            base_revision: Some(opened.plan.revision),
            base_hash: Some(draft::hash(base)),
            plan: plan.clone(),
        };
        draft::write_draft_bytes(&path, &draft::encode_draft(&d).unwrap()).unwrap();
    };
    let base = opened.base.clone().unwrap();
    write(&base, &edited);
    assert!(mode(&path) == 0o600);
    service.close();

    // The next start finds it, and it is in use by no one.
    let found = service.leftover_draft(&camille).unwrap();
    assert_eq!(found.0, path);
    assert!(!service.draft_in_use(&path));
    let rec = service.recover(&path).unwrap();
    assert_eq!(rec.plan, edited);
    assert_eq!(
        rec.saved.as_ref().map(|p| p.revision),
        Some(opened.plan.revision)
    );
    assert_eq!(
        rec.base.as_deref(),
        Some(&base[..]),
        "unchanged file: a normal save"
    );
    assert_eq!(service.locked(), Some(&camille));
    // Saving it goes through and removes the draft.
    let edit = Edit {
        plan: &rec.plan,
        saved: rec.saved.as_ref(),
        base: rec.base.as_deref(),
        draft_id: &rec.draft_id,
    };
    let saved = service.save(edit, SaveAs::Plan, TODAY).unwrap();
    assert_eq!(
        on_disk(&service, &camille)
            .notes
            .map(|n| n.as_str().to_owned()),
        Some("typed before the crash".to_owned())
    );
    assert!(!path.exists());

    // A draft whose file changed since (saved elsewhere): the conflict question is forced.
    write(&base, &edited);
    service.close();
    let rec = service.recover(&path).unwrap();
    assert_eq!(rec.base.as_deref(), Some(&[][..]));
    assert_ne!(saved.bytes, base);
    let edit = Edit {
        plan: &rec.plan,
        saved: rec.saved.as_ref(),
        base: rec.base.as_deref(),
        draft_id: &rec.draft_id,
    };
    assert!(
        service
            .save(edit, SaveAs::Plan, TODAY)
            .unwrap_err()
            .is_conflict()
    );
    service.discard_draft(&path).unwrap();
    assert!(service.drafts().is_empty());
    let err = service.recover(&path).unwrap_err();
    assert!(
        err.message(Lang::Fr).contains("brouillon illisible"),
        "{err}"
    );
}

#[test]
fn a_new_plan_is_recovered_under_its_provisional_id_and_saved_under_the_patients_name() {
    let (_tmp, mut service) = folder(&[]);
    let new = service.new_plan(TODAY, Lang::Fr).unwrap();
    assert!(new.saved.is_none() && new.base.is_none());
    assert_eq!(new.plan.patient.name.as_str(), "Nouveau patient");
    let mut plan = new.plan.clone();
    plan.patient.name = trichoplan::domain::Text::new("Léa Martin").unwrap();
    let path = service.draft_path(&new.draft_id);
    let d = Draft {
        draft: DRAFT_SCHEMA,
        saved_at: jiff::Timestamp::now(),
        original: None,
        base_revision: None,
        base_hash: None,
        plan: plan.clone(),
    };
    draft::write_draft_bytes(&path, &draft::encode_draft(&d).unwrap()).unwrap();
    // Another window still holds it: in use.
    let mut other = Service::new(
        service.store().clone(),
        default_catalog().unwrap(),
        Config::default(),
    );
    assert!(other.draft_in_use(&path));
    assert!(other.recover(&path).is_err());
    service.close();
    let rec = other.recover(&path).unwrap();
    assert_eq!(rec.draft_id, new.draft_id);
    assert!(rec.saved.is_none() && rec.base.is_none());
    let edit = Edit {
        plan: &rec.plan,
        saved: None,
        base: None,
        draft_id: &rec.draft_id,
    };
    let saved = other.save(edit, SaveAs::Plan, TODAY).unwrap();
    assert_eq!(saved.plan.id, id("lea-martin-2026"));
    assert_eq!(saved.plan.revision, 1);
    assert!(!path.exists());
    assert!(saved.copy.is_none());
}

/// Runs a PDF checker when it is installed (tests/pdf.rs requires them; here they add to the
/// header check).
fn check_pdf(path: &Path) {
    let bytes = fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{}", path.display());
    for (tool, args) in [("qpdf", &["--check"][..]), ("pdfinfo", &[][..])] {
        if let Ok(out) = Command::new(tool).args(args).arg(path).output() {
            assert!(
                out.status.success(),
                "{tool} {}: {}{}",
                path.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn printing_to_a_file_writes_a_private_document_in_the_printouts_folder() {
    let (_tmp, service) = folder(&["camille-dupont-2026", "daniel-okafor-2026"]);
    let camille = on_disk(&service, &id("camille-dupont-2026"));
    let dir = service.store().dir().join("printouts");

    let pdf = service
        .print(
            &camille,
            PrintDoc::Patient,
            PrintTo::File(Format::Pdf),
            Lang::En,
        )
        .unwrap();
    assert_eq!(
        pdf.path,
        dir.join(format!(
            "camille-dupont-2026-patient-{}.pdf",
            camille.language.code()
        ))
    );
    assert!(pdf.printer.is_none());
    assert_eq!(mode(&pdf.path), 0o600);
    assert_eq!(mode(&dir), 0o700);
    check_pdf(&pdf.path);

    let record = service
        .print(
            &camille,
            PrintDoc::Practitioner,
            PrintTo::File(Format::Pdf),
            Lang::Fr,
        )
        .unwrap();
    check_pdf(&record.path);
    assert!(record.path.to_string_lossy().contains("-practitioner-"));
    let progress = service
        .print(
            &camille,
            PrintDoc::Progress,
            PrintTo::File(Format::Pdf),
            Lang::Fr,
        )
        .unwrap();
    check_pdf(&progress.path);

    let html = service
        .print(
            &camille,
            PrintDoc::Patient,
            PrintTo::File(Format::Html),
            Lang::En,
        )
        .unwrap();
    assert_eq!(html.path.extension().unwrap(), "html");
    assert_eq!(mode(&html.path), 0o600);
    let text = fs::read_to_string(&html.path).unwrap();
    assert!(text.contains("<html") && text.contains("Camille"), "{text}");

    let txt = service
        .print(
            &camille,
            PrintDoc::Patient,
            PrintTo::File(Format::Text),
            Lang::En,
        )
        .unwrap();
    assert_eq!(txt.path.extension().unwrap(), "txt");
    assert_eq!(mode(&txt.path), 0o600);
    assert!(fs::read_to_string(&txt.path).unwrap().contains("Camille"));
    // Printing again replaces the file.
    service
        .print(
            &camille,
            PrintDoc::Patient,
            PrintTo::File(Format::Text),
            Lang::En,
        )
        .unwrap();

    // A referral letter only when the gate refers the patient.
    let err = service
        .print(
            &camille,
            PrintDoc::Referral,
            PrintTo::File(Format::Pdf),
            Lang::Fr,
        )
        .unwrap_err();
    assert!(matches!(err, ServiceError::NoReferral));
    assert!(err.message(Lang::Fr).starts_with("Pas d'adressage"));
    let daniel = on_disk(&service, &id("daniel-okafor-2026"));
    let letter = service
        .print(
            &daniel,
            PrintDoc::Referral,
            PrintTo::File(Format::Pdf),
            Lang::En,
        )
        .unwrap();
    check_pdf(&letter.path);
    // Nothing but plans is listed.
    assert_eq!(service.store().summaries().unwrap().plans.len(), 2);
}

#[test]
fn a_printout_never_replaces_something_that_is_not_a_printout() {
    let (_tmp, service) = folder(&["camille-dupont-2026"]);
    let camille = on_disk(&service, &id("camille-dupont-2026"));
    let dir = service.store().dir().join("printouts");
    fs::create_dir_all(&dir).unwrap();
    let target = dir.join(format!(
        "camille-dupont-2026-patient-{}.pdf",
        camille.language.code()
    ));
    std::os::unix::fs::symlink("/etc/passwd", &target).unwrap();
    let err = service
        .print(
            &camille,
            PrintDoc::Patient,
            PrintTo::File(Format::Pdf),
            Lang::En,
        )
        .unwrap_err();
    let line = err.message(Lang::En);
    assert!(line.contains("printouts") && !line.contains('\n'), "{line}");
}

/// The settings as the settings dialog writes them.
fn claire() -> Config {
    let text = |s: &str| trichoplan::domain::Text::new(s).unwrap();
    Config {
        language: Some(Lang::Fr),
        practitioner: Some(trichoplan::domain::plan::Practitioner {
            name: text("Claire Martin"),
            title: Some(text("Dr")),
            clinic: None,
            address: Some(text("12 rue de la République, 69002 Lyon")),
            phone: Some(text("04 78 00 00 00")),
            email: Some(text("claire@example.org")),
        }),
        ..Config::default()
    }
}

#[test]
fn settings_are_written_0600_and_read_back_as_saved_and_new_plans_take_them() {
    let (tmp, mut service) = folder(&[]);
    // The configuration folder does not exist yet: it is made, private.
    let dir = tmp.path().join("config/trichoplan");
    let saved = service.save_settings(&dir, &claire()).unwrap();
    assert_eq!(saved, claire());
    let file = dir.join("config.yaml");
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(&dir), 0o700);
    let read = trichoplan::store::config::load_config(Some(&dir)).unwrap();
    assert_eq!(read, claire());
    assert_eq!(service.config(), &claire());
    // A new plan is signed by the practitioner just set.
    let opened = service.new_plan(TODAY, Lang::Fr).unwrap();
    assert_eq!(opened.plan.practitioner, claire().practitioner);
    // Saving again over the file gives the same file.
    let before = fs::read(&file).unwrap();
    service.save_settings(&dir, &claire()).unwrap();
    assert_eq!(fs::read(&file).unwrap(), before);
}

#[test]
fn settings_keep_the_keys_the_dialog_does_not_edit() {
    let (tmp, mut service) = folder(&[]);
    let dir = tmp.path().join("config");
    fs::create_dir(&dir).unwrap();
    let file = dir.join("config.yaml");
    fs::write(
        &file,
        "# my settings\ncurrency: CHF\nprices:\n  exosomes: {per_session_cents: 90000, package_cents: 450000, maintenance_cents: 80000}\n  combined: {package_cents: 500000}\npractitioner:\n  name: Old Name\n  clinic: Cabinet Martin\nlanguage: en\n",
    )
    .unwrap();
    let mut config = trichoplan::store::config::load_config(Some(&dir)).unwrap();
    let mut new = claire();
    new.practitioner.as_mut().unwrap().clinic =
        Some(trichoplan::domain::Text::new("Cabinet Martin").unwrap());
    config.practitioner = new.practitioner.clone();
    config.language = None;
    // The exosomes' package price removed, their price per session changed.
    let exo = config
        .prices
        .0
        .get_mut(&trichoplan::domain::plan::Product::Exosomes)
        .unwrap();
    exo.package_cents = None;
    exo.per_session_cents = Some(trichoplan::domain::Cents(95000));
    let saved = service.save_settings(&dir, &config).unwrap();
    assert_eq!(saved, config);
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("currency: CHF\n"), "{text}");
    assert!(text.contains("maintenance_cents: 80000"), "{text}");
    assert!(text.contains("combined:"), "{text}");
    assert!(!text.contains("package_cents: 450000"), "{text}");
    assert!(!text.contains("language"), "{text}");
    assert_eq!(mode(&file), 0o600);
    let read = trichoplan::store::config::load_config(Some(&dir)).unwrap();
    assert_eq!(read, config);
    assert_eq!(read.currency.unwrap().to_string(), "CHF");
}

#[test]
fn an_unreadable_settings_file_is_refused_and_left_byte_for_byte() {
    let (tmp, mut service) = folder(&[]);
    let dir = tmp.path().join("config");
    fs::create_dir(&dir).unwrap();
    let file = dir.join("config.yaml");
    for bad in [
        &b"practitioner:\n  name: [unclosed\n"[..],
        b"practitioner:\n  name: Claire\n  fax: 04\n",
        b"- a list\n- not settings\n",
        b"language: fr\n\xff\xfe\n",
    ] {
        fs::write(&file, bad).unwrap();
        let err = service.save_settings(&dir, &claire()).unwrap_err();
        assert_eq!(fs::read(&file).unwrap(), bad);
        for lang in [Lang::En, Lang::Fr] {
            let m = err.message(lang);
            assert!(m.contains("config.yaml"), "{m}");
            assert!(!m.contains('\n'), "{m}");
            assert!(!m.contains("plan"), "{m}");
        }
        assert_eq!(service.config(), &Config::default());
    }
}
