//! The real binary in a pseudo-terminal: a complete plan made purely with keystrokes and saved;
//! then a second run killed with SIGTERM mid-edit, which must restore the terminal and leave a
//! draft; then a third run that offers the draft back.

mod common;

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(home: &Path, args: &[&str]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_trichoplan"));
        cmd.args(args);
        cmd.cwd(home);
        cmd.env_clear();
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("LANG", "en_GB.UTF-8");
        let child = pair.slave.spawn_command(cmd).expect("the binary starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(ROWS).unwrap(),
            NonZeroU16::new(COLS).unwrap(),
            0,
        )));
        let feed = Arc::clone(&parser);
        // Always keep draining the terminal, or the program blocks on a full buffer.
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        Session {
            parser,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("{text:?} never appeared on screen:\n{}", self.screen());
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Let the program draw between keys, as a person would.
        std::thread::sleep(Duration::from_millis(15));
    }

    fn keys(&mut self, key: &str, times: usize) {
        for _ in 0..times {
            self.send(key);
        }
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Give the reader thread a moment to process the last bytes.
                std::thread::sleep(Duration::from_millis(200));
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the program did not exit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The terminal is back to normal: main screen, cursor shown, mouse reporting off.
    fn assert_restored(&self) {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "the cursor is still hidden");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting is still on"
        );
    }
}

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
