//! `trichoplan sync [--init [REMOTE]]` and the merge driver git calls for plan files.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Failure, Out, config_dir, eprint_line, open_store};
use crate::domain::Lang;
use crate::domain::evaluate::evaluate;
use crate::domain::plan::Plan;
use crate::store::git::{self, Identity, SyncReport};
use crate::store::{self, Shown, StoreError};

/// This program, for git to call back as the merge driver.
fn this_exe(lang: Lang) -> Result<PathBuf, Failure> {
    std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map_err(|e| {
            Failure::usage(
                lang,
                &format!("cannot find the trichoplan program itself: {e}"),
                &format!("le programme trichoplan lui-même est introuvable : {e}"),
            )
        })
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
    lang: Lang,
) -> Result<ExitCode, Failure> {
    git::private_umask();
    let (store, _) = open_store(dir, lang)?;
    let dir = store.dir().to_path_buf();
    let exe = this_exe(lang)?;
    let identity = identity()?;
    let mut out = Out::stdout();
    let mut failed = false;
    if let Some(remote) = &init {
        let remote = remote.to_str().ok_or_else(|| {
            Failure::usage(
                lang,
                "the remote must be written in UTF-8",
                "le dépôt distant doit s'écrire en UTF-8",
            )
        })?;
        let remote = (!remote.is_empty()).then_some(remote);
        let report = git::init(&dir, remote, identity.clone(), &exe)?;
        for e in &report.invalid {
            not_committed(e, lang);
            failed = true;
        }
        let shown = Shown(dir.clone());
        let n = report.committed;
        out.text(&match (lang, report.adopted) {
            (Lang::En, true) => format!(
                "Adopted the git repository {shown}: {n} commit(s); plans are merged by trichoplan's merge driver\n"
            ),
            (Lang::En, false) => format!(
                "Made a git repository of {shown}: {n} commit(s); plans are merged by trichoplan's merge driver\n"
            ),
            (Lang::Fr, true) => format!(
                "Dépôt git {shown} repris : {n} commit(s) ; les plans sont fusionnés par le pilote de fusion de trichoplan\n"
            ),
            (Lang::Fr, false) => format!(
                "Dépôt git créé dans {shown} : {n} commit(s) ; les plans sont fusionnés par le pilote de fusion de trichoplan\n"
            ),
        })?;
        if remote.is_none() {
            out.text(lang.pick(
                "No remote yet: add one with `trichoplan sync --init REMOTE`.\n",
                "Pas encore de dépôt distant : en ajouter un avec `trichoplan sync --init DÉPÔT`.\n",
            ))?;
            return Ok(code(failed));
        }
    }
    let refresh = refresher();
    let mut report = SyncReport::default();
    let result = git::sync(&dir, identity, &exe, true, &refresh, &mut report);
    failed |= print_report(&mut out, &report, lang)?;
    if let Err(e) = result {
        eprint_line(&format!(
            "trichoplan: {} {}",
            lang.pick("sync:", "synchronisation :"),
            e.message(lang)
        ));
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

/// Says that a plan was left out of the commit, and why.
fn not_committed(e: &StoreError, lang: Lang) {
    eprint_line(&format!(
        "trichoplan: {} {}",
        lang.pick("not committed:", "non enregistré dans git :"),
        e.message(lang)
    ));
}

/// Prints what a sync did; true when a file was left out as invalid.
fn print_report(out: &mut Out, r: &SyncReport, lang: Lang) -> Result<bool, Failure> {
    for e in &r.invalid {
        not_committed(e, lang);
    }
    if r.recovered {
        out.text(lang.pick(
            "An interrupted sync was cleaned up first.\n",
            "Une synchronisation interrompue a d'abord été nettoyée.\n",
        ))?;
    }
    let c = r.committed;
    let line = match (lang, r.no_remote) {
        (Lang::En, true) => format!(
            "Sync: {c} commit(s) made; no remote set, so nothing was sent (`trichoplan sync --init REMOTE`)"
        ),
        (Lang::En, false) => format!(
            "Sync: {c} commit(s) made, {} received, {} sent",
            r.received, r.sent
        ),
        (Lang::Fr, true) => format!(
            "Synchronisation : {c} commit(s) ; aucun dépôt distant, donc rien d'envoyé (`trichoplan sync --init DÉPÔT`)"
        ),
        (Lang::Fr, false) => format!(
            "Synchronisation : {c} commit(s), {} reçu(s), {} envoyé(s)",
            r.received, r.sent
        ),
    };
    out.text(&format!("{line}\n"))?;
    for id in &r.conflicted {
        out.text(&match lang {
            Lang::En => format!(
                "conflicted: {id}: changed on two machines; open it in trichoplan to choose\n"
            ),
            Lang::Fr => format!(
                "en conflit : {id}: modifié sur deux machines ; l'ouvrir dans trichoplan pour choisir\n"
            ),
        })?;
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
    lang: Lang,
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
                    "trichoplan: {}: {}",
                    Shown(shown),
                    lang.pick(
                        "changed on both sides; both values are kept in `conflicts:`",
                        "modifié des deux côtés ; les deux valeurs sont gardées dans `conflicts:`"
                    )
                ));
                Ok(ExitCode::FAILURE)
            } else {
                Ok(ExitCode::SUCCESS)
            }
        }
        Err(e) => {
            eprint_line(&format!(
                "trichoplan: {} {}",
                lang.pick("cannot merge:", "fusion impossible :"),
                e.message(lang)
            ));
            Ok(ExitCode::FAILURE)
        }
    }
}
