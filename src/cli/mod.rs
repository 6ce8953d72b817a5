//! The command line: parse, run one subcommand, map the outcome to an exit code.
//!
//! Exit codes: 0 success, 1 invalid input or failed operation (one line on stderr naming the
//! file), 2 usage error. Everything printed goes through [`Out`], which escapes control
//! characters and treats a closed pipe (`trichoplan list | head`) as a normal end.

mod args;
mod assess;
mod commands;
mod sync;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use crate::domain::{Lang, escape_controls};
use crate::store::{Store, StoreError};

pub use args::Cli;

/// Runs the program with the process's arguments and returns its exit code.
pub fn main() -> ExitCode {
    install_panic_hook(Lang::En);
    ignore_file_size_signal();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    // Every message is in the interface language, whatever the language of the documents.
    let lang = commands::message_lang(cli.lang);
    install_panic_hook(lang);
    match commands::run(cli, lang) {
        Ok(code) => code,
        Err(Failure::Store(e)) => {
            eprint_line(&format!("trichoplan: {}", e.message(lang)));
            match e {
                StoreError::Usage(_) => ExitCode::from(2),
                _ => ExitCode::FAILURE,
            }
        }
        Err(Failure::Stdout(e)) => {
            eprint_line(&format!(
                "trichoplan: {}: {e}",
                lang.pick(
                    "cannot write to standard output",
                    "écriture impossible sur la sortie standard"
                )
            ));
            ExitCode::FAILURE
        }
        Err(Failure::Said { line, usage }) => {
            eprint_line(&format!("trichoplan: {line}"));
            if usage {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// A write beyond the file-size limit (`ulimit -f`) raises SIGXFSZ, whose default action ends
/// the process without a word. Ignored, the write fails with EFBIG instead, and the save ends
/// with its one-line error like any other write failure.
fn ignore_file_size_signal() {
    // SAFETY: setting a signal's disposition to SIG_IGN installs no handler code; it is done
    // once, before any thread is started.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// Why a command stopped.
#[derive(Debug)]
pub(crate) enum Failure {
    Store(StoreError),
    /// Writing to stdout failed (other than a closed pipe).
    Stdout(io::Error),
    /// A reason the command line words itself, already in the interface language (after
    /// `trichoplan: `); `usage` for a usage error (exit code 2).
    Said {
        line: String,
        usage: bool,
    },
}

impl Failure {
    /// A failed operation about `path`, worded in `lang`.
    pub(crate) fn about(path: &std::path::Path, lang: Lang, en: &str, fr: &str) -> Self {
        Failure::Said {
            line: format!(
                "{}: {}",
                crate::store::Shown(path.to_path_buf()),
                lang.pick(en, fr)
            ),
            usage: false,
        }
    }

    /// A usage error, worded in `lang`.
    pub(crate) fn usage(lang: Lang, en: &str, fr: &str) -> Self {
        Failure::Said {
            line: lang.pick(en, fr).to_owned(),
            usage: true,
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Stdout(e)
    }
}

fn usage_error(e: &clap::Error) -> ExitCode {
    let text = e.render().to_string();
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = Out::stdout().text(&text);
            ExitCode::SUCCESS
        }
        _ => {
            let _ = io::stderr().write_all(escape_controls(&text, true).as_bytes());
            ExitCode::from(2)
        }
    }
}

/// Prints one line on stderr, escaped.
pub(crate) fn eprint_line(line: &str) {
    let _ = writeln!(io::stderr(), "{}", escape_controls(line, false));
}

/// A panic is a bug; it still gets one readable line, never a backtrace or a debug dump.
fn install_panic_hook(lang: Lang) {
    std::panic::set_hook(Box::new(move |info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprint_line(&match lang {
            Lang::En => format!(
                "trichoplan: internal error at {place}; please report it (no file was changed by this error)"
            ),
            Lang::Fr => format!(
                "trichoplan: erreur interne en {place} ; merci de la signaler (aucun fichier n'a été modifié par cette erreur)"
            ),
        });
    }));
}

/// Standard output that escapes what it prints and ends quietly on a closed pipe.
pub(crate) struct Out {
    inner: io::StdoutLock<'static>,
    closed: bool,
}

impl Out {
    pub(crate) fn stdout() -> Self {
        Out {
            inner: io::stdout().lock(),
            closed: false,
        }
    }

    /// Writes text (which may span lines), escaping control characters.
    pub(crate) fn text(&mut self, s: &str) -> io::Result<()> {
        self.raw(&escape_controls(s, true))
    }

    /// Writes bytes (a PDF, or Markdown and HTML, whose renderers escape every control
    /// character themselves).
    pub(crate) fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.inner.write_all(b).and_then(|()| self.inner.flush()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }

    /// Writes output that is already safe by construction (JSON, iCalendar: their writers
    /// escape every control character; iCalendar needs its CRLF line ends).
    pub(crate) fn raw(&mut self, s: &str) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self
            .inner
            .write_all(s.as_bytes())
            .and_then(|()| self.inner.flush())
        {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

/// The plans folder: `--plans-dir`, `TRICHOPLAN_PLANS_DIR`, or the platform data folder.
/// The second value says whether it was chosen explicitly.
pub(crate) fn plans_dir(cli_dir: Option<PathBuf>, lang: Lang) -> Result<(PathBuf, bool), Failure> {
    if let Some(dir) = cli_dir {
        return Ok((dir, true));
    }
    directories::ProjectDirs::from("", "", "trichoplan")
        .map(|d| (d.data_dir().join("plans"), false))
        .ok_or_else(|| {
            Failure::usage(
                lang,
                "cannot find a home folder for the plans; pass --plans-dir DIR",
                "aucun dossier personnel où ranger les plans ; indiquer --plans-dir DOSSIER",
            )
        })
}

/// The configuration folder (practitioner's catalog, settings).
pub(crate) fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "trichoplan").map(|d| d.config_dir().to_path_buf())
}

pub(crate) fn open_store(cli_dir: Option<PathBuf>, lang: Lang) -> Result<(Store, bool), Failure> {
    let (dir, explicit) = plans_dir(cli_dir, lang)?;
    Ok((Store::new(dir), explicit))
}
