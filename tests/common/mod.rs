//! Helpers shared by the integration tests: running the real binary in an isolated home.

#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root (where `plans/` and `tests/` live).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example plans shipped in `plans/`, sorted.
pub fn examples() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("plans"))
        .expect("plans/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    out.sort();
    out
}

/// Runs `trichoplan` with `args` from the repository root, with HOME and the data folders
/// pointed at `home` so that no test touches the real user's plans.
pub fn run_in(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trichoplan"))
        .args(args)
        .current_dir(root())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

/// Runs `trichoplan` in a throwaway home.
pub fn run(args: &[&str]) -> Output {
    let home = tempfile::tempdir().expect("temp dir");
    run_in(home.path(), args)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts the error contract: exit code 1, nothing on stdout, exactly one line on stderr that
/// names `file`, no raw control character, no panic, no debug dump.
pub fn assert_one_line_error(o: &Output, file: &str) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "exit code for {file}: {err}");
    assert!(o.stdout.is_empty(), "stdout for {file}: {}", stdout(o));
    assert_eq!(err.lines().count(), 1, "one line for {file}: {err:?}");
    assert!(err.contains(file), "{err:?} names {file}");
    assert!(
        !err.trim_end().chars().any(char::is_control),
        "control character in {err:?}"
    );
    for bad in ["panicked", "RUST_BACKTRACE", "Error {", "Some(", "kind:"] {
        assert!(!err.contains(bad), "{err:?} contains {bad}");
    }
    err.trim_end().to_owned()
}
