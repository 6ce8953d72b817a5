//! `trichoplan sync [--init [REMOTE]]` and the merge driver git calls for plan files.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Failure, Out, config_dir, eprint_line, open_store};
use crate::domain::evaluate::evaluate;
use crate::domain::plan::Plan;
use crate::store::git::{self, Identity, SyncReport};
use crate::store::{self, Shown, StoreError};

/// This program, for git to call back as the merge driver.
fn this_exe() -> Result<PathBuf, StoreError> {
    std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map_err(|e| StoreError::Usage(format!("cannot find the trichoplan program itself: {e}")))
}

fn identity() -> Result<Option<Identity>, StoreError> {
    let config = store::config::load_config(config_dir().as_deref())?;
    Ok(Identity::from_config(&config))
}

/// Recomputes the derived values (the eligibility verdict) of a merged plan; without a usable
/// catalog they stay as this side had them.
fn refresher() -> impl Fn(&mut Plan) {
    let catalog = super::commands::catalog().ok().map(|c| c.catalog);
    move |plan: &mut Plan| {
        if let Some(catalog) = &catalog {
            plan.refresh_derived(&evaluate(plan, catalog));
        }
    }
}

pub(crate) fn sync(
    dir: Option<PathBuf>,
    init: Option<std::ffi::OsString>,
) -> Result<ExitCode, Failure> {
    git::private_umask();
    let (store, _) = open_store(dir)?;
    let dir = store.dir().to_path_buf();
    let exe = this_exe()?;
    let identity = identity()?;
    let mut out = Out::stdout();
    let mut failed = false;
    if let Some(remote) = &init {
        let remote = remote
            .to_str()
            .ok_or_else(|| StoreError::Usage("the remote must be written in UTF-8".to_owned()))?;
        let remote = (!remote.is_empty()).then_some(remote);
        let report = git::init(&dir, remote, identity.clone(), &exe)?;
        for e in &report.invalid {
            eprint_line(&format!("trichoplan: not committed: {e}"));
            failed = true;
        }
        out.text(&format!(
            "{} {}: {} commit(s); plans are merged by trichoplan's merge driver\n",
            if report.adopted {
                "Adopted the git repository"
            } else {
                "Made a git repository of"
            },
            Shown(dir.clone()),
            report.committed
        ))?;
        if remote.is_none() {
            out.text("No remote yet: add one with `trichoplan sync --init REMOTE`.\n")?;
            return Ok(code(failed));
        }
    }
    let refresh = refresher();
    let mut report = SyncReport::default();
    let result = git::sync(&dir, identity, &exe, true, &refresh, &mut report);
    failed |= print_report(&mut out, &report)?;
    if let Err(e) = result {
        eprint_line(&format!("trichoplan: sync: {e}"));
        failed = true;
    }
    Ok(code(failed))
}

fn code(failed: bool) -> ExitCode {
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints what a sync did; true when a file was left out as invalid.
fn print_report(out: &mut Out, r: &SyncReport) -> Result<bool, Failure> {
    for e in &r.invalid {
        eprint_line(&format!("trichoplan: not committed: {e}"));
    }
    if r.recovered {
        out.text("An interrupted sync was cleaned up first.\n")?;
    }
    let mut line = format!("Sync: {} commit(s) made", r.committed);
    if r.no_remote {
        line.push_str("; no remote set, so nothing was sent (`trichoplan sync --init REMOTE`)");
    } else {
        line.push_str(&format!(", {} received, {} sent", r.received, r.sent));
    }
    out.text(&format!("{line}\n"))?;
    for id in &r.conflicted {
        out.text(&format!(
            "conflicted: {id}: changed on two machines; open it in trichoplan to choose\n"
        ))?;
    }
    Ok(!r.invalid.is_empty())
}

/// git's merge driver: merges BASE, OURS and THEIRS into OURS. Exit 0 when merged cleanly, 1
/// when the plan now holds conflicts (it is still a valid plan) or could not be merged (OURS
/// is then left as it was).
pub(crate) fn merge_driver(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    name: Option<&OsStr>,
) -> Result<ExitCode, Failure> {
    git::private_umask();
    let shown = name.map_or_else(|| ours.to_path_buf(), PathBuf::from);
    let read = |p: &Path| store::fsio_read(p);
    let base_bytes = read(base).ok();
    let ours_bytes = read(ours)?;
    let theirs_bytes = read(theirs)?;
    let refresh = refresher();
    match git::merge_bytes(
        base_bytes.as_deref(),
        &ours_bytes,
        &theirs_bytes,
        &shown,
        &refresh,
    ) {
        Ok((bytes, conflicted)) => {
            store::write_atomic(ours, &bytes)?;
            if conflicted {
                eprint_line(&format!(
                    "trichoplan: {}: changed on both sides; both values are kept in `conflicts:`",
                    Shown(shown)
                ));
                Ok(ExitCode::FAILURE)
            } else {
                Ok(ExitCode::SUCCESS)
            }
        }
        Err(e) => {
            eprint_line(&format!("trichoplan: cannot merge: {e}"));
            Ok(ExitCode::FAILURE)
        }
    }
}
