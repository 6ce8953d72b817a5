//! One function per subcommand.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jiff::civil::Date;
use serde::Serialize;

use super::args::{
    AssessFormat, AudienceArg, CatalogAction, Cli, Command, ExportWhat, ListFormat, PrintFormat,
};
use super::{Failure, Out, config_dir, eprint_line, open_store};
use crate::domain::plan::Status;
use crate::domain::{Lang, catalog_check, evaluate};
use crate::report::{self, Audience, doc::Table};
use crate::store::catalog::{self as store_catalog, LoadedCatalog};
use crate::store::{self, Shown, Store, StoreError};
use crate::tui::run::{Launch, Start};

/// Reads the plan a PLAN argument names. A plan id that matches no file gets the nearest ids
/// of the folder ("did you mean lea-martin-2026?") and a pointer to `trichoplan list`.
fn read_plan_arg(
    store: &Store,
    plan: &std::ffi::OsStr,
) -> Result<(PathBuf, store::PlanFile), StoreError> {
    let path = store.resolve(plan)?;
    match store::read_plan(&path) {
        Ok(file) => Ok((path, file)),
        Err(StoreError::NotFound { .. }) if path.parent() == Some(store.dir()) => {
            let wanted = plan.to_string_lossy();
            let mut near: Vec<(usize, String)> = store
                .summaries()
                .map(|l| l.plans)
                .unwrap_or_default()
                .into_iter()
                .map(|s| (distance(&wanted, s.id.as_str()), s.id.to_string()))
                .filter(|(d, id)| *d <= (id.chars().count() / 3).max(2) || id.contains(&*wanted))
                .collect();
            near.sort();
            let hint = match near.len() {
                0 => String::new(),
                _ => format!(
                    "; did you mean {}?",
                    near.iter()
                        .take(3)
                        .map(|(_, id)| id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            Err(StoreError::Invalid {
                path: path.as_path().into(),
                message: format!("no plan with this id{hint} (`trichoplan list` lists the plans)"),
            })
        }
        Err(e) => Err(e),
    }
}

/// The edit distance between two ids (Levenshtein, by character).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

pub(crate) fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        // A dumb terminal gets the plain list rather than escape codes.
        None if interactive() && !dumb_terminal() => {
            interface(cli.plans_dir, cli.lang, Start::Home)
        }
        None => {
            let lang = interface_lang(cli.lang)?;
            list(cli.plans_dir, None, ListFormat::Table, lang)
        }
        Some(Command::New) => interface(cli.plans_dir, cli.lang, Start::New),
        Some(Command::Edit { plan }) => {
            let (store, _) = open_store(cli.plans_dir.clone())?;
            let (path, file) = read_plan_arg(&store, &plan)?;
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            if path.file_stem().and_then(|s| s.to_str()) != Some(file.plan.id.as_str()) {
                return Err(StoreError::IdMismatch {
                    path: path.as_path().into(),
                    id: file.plan.id.to_string(),
                }
                .into());
            }
            interface(Some(dir), cli.lang, Start::Edit(file.plan.id))
        }
        Some(Command::List { status, format }) => {
            let lang = interface_lang(cli.lang)?;
            list(cli.plans_dir, status.map(Status::from), format, lang)
        }
        Some(Command::Print {
            plan,
            audience,
            format,
            output,
        }) => {
            let lang = cli.lang;
            if format == PrintFormat::Pdf
                && output.is_none()
                && std::io::IsTerminal::is_terminal(&std::io::stdout())
            {
                return Err(StoreError::Usage(
                    "a PDF is not for the terminal: write it to a file with -o FILE (or redirect stdout)".to_owned(),
                )
                .into());
            }
            let (store, _) = open_store(cli.plans_dir)?;
            let (path, file) = read_plan_arg(&store, &plan)?;
            let catalog = catalog()?;
            let lang = lang.map_or(file.plan.language, Lang::from);
            let config = crate::store::config::load_config(config_dir().as_deref())?;
            let settings = report::summary::Settings {
                practitioner: config.practitioner,
                ..report::summary::Settings::default()
            };
            if audience == AudienceArg::Patient
                && let Some(why) = report::summary::missing_contact(&file.plan, &settings)
            {
                let config_file = config_dir().map_or_else(
                    || "config.yaml in the configuration folder".to_owned(),
                    |d| d.join("config.yaml").display().to_string(),
                );
                eprint_line(&format!(
                    "trichoplan: warning: {}: the handout gives the patient no way to reach you ({why}): add `practitioner:` with your name and a phone or email to {config_file}",
                    Shown(path.clone())
                ));
            }
            let doc = match audience {
                AudienceArg::Patient => report::summary::build_with(
                    &file.plan,
                    &catalog.catalog,
                    Audience::Patient,
                    lang,
                    &settings,
                ),
                AudienceArg::Practitioner => report::summary::build_with(
                    &file.plan,
                    &catalog.catalog,
                    Audience::Practitioner,
                    lang,
                    &settings,
                ),
                AudienceArg::Progress => {
                    report::progress::build(&file.plan, &catalog.catalog, lang)
                }
                AudienceArg::Referral => report::referral::build_with(
                    &file.plan,
                    &catalog.catalog,
                    lang,
                    settings.practitioner.as_ref(),
                )
                .ok_or_else(|| StoreError::Invalid {
                    path: path.as_path().into(),
                    message: "no referral in this plan: the gate refers no one to a doctor"
                        .to_owned(),
                })?,
            };
            let bytes = match format {
                PrintFormat::Text => report::text::render(&doc).into_bytes(),
                PrintFormat::Md => report::markdown::render(&doc).into_bytes(),
                PrintFormat::Html => report::html::render(&doc).into_bytes(),
                PrintFormat::Pdf => {
                    let author = report::summary::practitioner_of(&file.plan, &settings)
                        .map(crate::domain::plan::Practitioner::signed_name);
                    let options = report::pdf::Options {
                        author,
                        ..report::pdf::Options::default()
                    };
                    let rendered = report::pdf::render_with(&doc, &options).map_err(|message| {
                        StoreError::Invalid {
                            path: path.as_path().into(),
                            message,
                        }
                    })?;
                    // A glyph no font has is printed as a replacement mark: say where.
                    for w in &rendered.warnings {
                        eprint_line(&format!(
                            "trichoplan: warning: {}: {w}",
                            Shown(path.clone())
                        ));
                    }
                    rendered.bytes
                }
            };
            match output {
                Some(out) => store::write_output(&out, &bytes)?,
                // Text goes through the terminal filter; the other formats escape for themselves.
                None if format == PrintFormat::Text => {
                    Out::stdout().text(&String::from_utf8_lossy(&bytes))?
                }
                None => Out::stdout().bytes(&bytes)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Validate { files }) => validate(&files),
        Some(Command::Assess { plan, format, on }) => {
            let (store, _) = open_store(cli.plans_dir)?;
            let (_, file) = read_plan_arg(&store, &plan)?;
            let catalog = catalog()?;
            let lang = cli.lang.map_or(file.plan.language, Lang::from);
            let on = on.unwrap_or(file.plan.updated);
            match format {
                AssessFormat::Json => Out::stdout().raw(&super::assess::json(
                    &file.plan,
                    &catalog.catalog,
                    on,
                    lang,
                ))?,
                AssessFormat::Text => Out::stdout().text(&super::assess::text(
                    &file.plan,
                    &catalog.catalog,
                    on,
                    lang,
                ))?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Agenda {
            from,
            days,
            format,
            titles,
        }) => {
            let lang = interface_lang(cli.lang)?;
            let titles = match titles {
                super::args::TitlesArg::Initials => crate::export::ical::Titles::Initials,
                super::args::TitlesArg::Full => crate::export::ical::Titles::Full,
            };
            agenda(cli.plans_dir, from, days, format, titles, lang)
        }
        Some(Command::Export {
            what: ExportWhat::Fhir { plan, output },
        }) => {
            let (store, _) = open_store(cli.plans_dir)?;
            let path = store.resolve(&plan)?;
            let file = store::read_plan(&path)?;
            let catalog = catalog()?;
            let settings = store::config::load_config(config_dir().as_deref())?;
            let bundle = crate::export::fhir::bundle(
                &file.plan,
                &catalog.catalog,
                settings.practitioner.as_ref(),
            );
            let mut json =
                serde_json::to_string_pretty(&bundle).map_err(|e| StoreError::Invalid {
                    path: path.as_path().into(),
                    message: format!("cannot be written as JSON: {e}"),
                })?;
            json.push('\n');
            match output {
                Some(out) => store::write_output(&out, json.as_bytes())?,
                // JSON escapes every control character itself.
                None => Out::stdout().raw(&json)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Sync { init }) => super::sync::sync(cli.plans_dir, init),
        Some(Command::MergeDriver {
            base,
            ours,
            theirs,
            path,
        }) => super::sync::merge_driver(&base, &ours, &theirs, path.as_deref()),
        Some(Command::Catalog { action }) => match action {
            CatalogAction::Export { file } => catalog_export(file.as_deref()),
            CatalogAction::Check { file } => catalog_check(file),
        },
    }
}

/// True when both ends of the terminal are a terminal (the interface needs one).
fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// A terminal that cannot draw the interface (no cursor addressing): `TERM=dumb` or unset,
/// as in Emacs shells and some CI logs.
fn dumb_terminal() -> bool {
    std::env::var("TERM").map_or(true, |t| t.is_empty() || t == "dumb")
}

fn interface(
    dir: Option<PathBuf>,
    lang: Option<super::args::LangArg>,
    start: Start,
) -> Result<ExitCode, Failure> {
    if !interactive() {
        return Err(StoreError::Usage(
            "the interface needs a terminal; use `trichoplan list` or `print` in scripts"
                .to_owned(),
        )
        .into());
    }
    if dumb_terminal() {
        return Err(StoreError::Usage(
            "this terminal (TERM=dumb or unset) cannot draw the interface; run it in a full terminal, or use `trichoplan list`, `print` and `assess`"
                .to_owned(),
        )
        .into());
    }
    // The folder is created by the first save; the welcome screen shows where it will be.
    let (store, _) = open_store(dir)?;
    let config = store::config::load_config(config_dir().as_deref())?;
    let launch = Launch {
        lang: interface_lang(lang)?,
        catalog: catalog()?.catalog,
        config,
        store,
        start,
    };
    Ok(crate::tui::run::run(launch)?)
}

/// The interface language: `--lang`, else the config file, else `LANG`, else French.
fn interface_lang(arg: Option<super::args::LangArg>) -> Result<Lang, StoreError> {
    if let Some(l) = arg {
        return Ok(l.into());
    }
    let config = store::config::load_config(config_dir().as_deref())?;
    Ok(config
        .language
        .or_else(|| {
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|v| std::env::var(v).ok())
                .find(|v| !v.is_empty())
                .and_then(|v| Lang::from_locale(&v))
        })
        .unwrap_or_default())
}

fn agenda(
    dir: Option<PathBuf>,
    from: Option<Date>,
    days: u16,
    format: super::args::AgendaFormat,
    titles: crate::export::ical::Titles,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let (store, explicit) = open_store(dir)?;
    if explicit && !store.dir().is_dir() {
        return Err(folder_missing(&store).into());
    }
    let catalog = catalog()?;
    let from = from.unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let to = from
        .checked_add(jiff::Span::new().days(i64::from(days) - 1))
        .map_err(|_| StoreError::Usage("the date range is out of the calendar".to_owned()))?;
    // Answered from the index: only plans changed since the last run are parsed.
    let listing = store.agenda(from, to, &catalog.catalog, lang)?;
    let items = listing.items;
    let mut out = Out::stdout();
    match format {
        super::args::AgendaFormat::Ics => {
            out.raw(&crate::export::ical::to_ics(&items, lang, titles))?
        }
        super::args::AgendaFormat::Text => {
            out.text(&format!(
                "{} {from} → {to} ({days} {})\n\n",
                lang.pick("Agenda", "Agenda"),
                lang.pick(
                    if days == 1 { "day" } else { "days" },
                    if days == 1 { "jour" } else { "jours" }
                )
            ))?;
            let shown = items
                .iter()
                .filter(|i| i.kind != crate::domain::agenda::ItemKind::Removed)
                .count();
            if shown == 0 {
                out.text(lang.pick("Nothing due.\n", "Rien de prévu.\n"))?;
            } else {
                let rows = items
                    .iter()
                    .filter(|i| i.kind != crate::domain::agenda::ItemKind::Removed)
                    .map(|i| {
                        vec![
                            i.date.to_string(),
                            i.patient.clone(),
                            i.what(lang),
                            i.plan.to_string(),
                        ]
                    })
                    .collect();
                let table = Table {
                    header: [
                        lang.pick("DATE", "DATE"),
                        lang.pick("PATIENT", "PATIENT"),
                        lang.pick("WHAT", "QUOI"),
                        "PLAN",
                    ]
                    .map(String::from)
                    .to_vec(),
                    rows,
                };
                // Ids never wrap when a program reads the output.
                if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                    out.text(&report::text::table(&table))?;
                } else {
                    out.text(&report::text::table_unwrapped(&table))?;
                }
            }
        }
    }
    Ok(report_unreadable(&listing.errors))
}

pub(super) fn catalog() -> Result<LoadedCatalog, StoreError> {
    store_catalog::load_catalog(config_dir().as_deref())
}

fn validate(files: &[PathBuf]) -> Result<ExitCode, Failure> {
    let catalog = catalog()?;
    // Every file is checked on its own, on every core; the results are printed in order.
    let checked = store::on_every_core(files.iter().collect(), |path| {
        validate_one(path, &catalog.catalog)
    });
    let mut out = Out::stdout();
    let mut failed = false;
    for result in checked {
        match result {
            Ok((ok, warnings)) => {
                out.text(&ok)?;
                for w in warnings {
                    eprint_line(&w);
                }
            }
            Err(e) => {
                failed = true;
                eprint_line(&e);
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Sessions done, with no override recorded, for a patient the gate now refers to a doctor or
/// finds not eligible.
fn injected_against_the_gate(
    plan: &crate::domain::Plan,
    eval: &evaluate::Evaluation,
) -> Vec<String> {
    if eval.eligibility.verdict.allows_injections() {
        return Vec::new();
    }
    plan.injections
        .iter()
        .flat_map(|i| &i.sessions)
        .filter(|s| {
            s.status == crate::domain::plan::SessionStatus::Done && s.consent_override.is_none()
        })
        .map(|s| {
            format!(
                "injections.sessions: session {} is done while the gate says {}, with no reason recorded",
                s.number,
                eval.eligibility.verdict.label(Lang::En)
            )
        })
        .collect()
}

/// The `ok:` line and the warnings of one valid file, or the error line of an invalid one.
fn validate_one(
    path: &Path,
    catalog: &crate::domain::catalog::Catalog,
) -> Result<(String, Vec<String>), String> {
    let file = store::read_plan(path).map_err(|e| e.to_string())?;
    let shown = Shown(path.to_path_buf());
    let plan = &file.plan;
    let eval = evaluate::evaluate(plan, catalog);
    let warnings: Vec<String> = catalog_check::plan_references(plan, catalog)
        .into_iter()
        .chain(evaluate::derived_mismatch(plan, &eval))
        .chain(crate::domain::consent::gaps(plan, catalog))
        .chain(injected_against_the_gate(plan, &eval))
        .collect();
    const SHOWN: usize = 20;
    let mut lines: Vec<String> = warnings
        .iter()
        .take(SHOWN)
        .map(|w| format!("{shown}: warning: {w}"))
        .collect();
    if warnings.len() > SHOWN {
        lines.push(format!(
            "{shown}: warning: and {} more",
            warnings.len() - SHOWN
        ));
    }
    if !plan.conflicts.is_empty() {
        let fields: Vec<&str> = plan.conflicts.iter().map(|c| c.field.as_str()).collect();
        return Ok((
            format!(
                "conflicted: {shown}: {} field(s) changed on two machines ({}); open it in trichoplan to choose\n",
                fields.len(),
                fields.join(", ")
            ),
            lines,
        ));
    }
    Ok((format!("ok: {shown}\n"), lines))
}

fn catalog_export(file: Option<&Path>) -> Result<ExitCode, Failure> {
    match file {
        None => Out::stdout().text(store_catalog::DEFAULT_CATALOG)?,
        Some(path) => {
            if path.exists() {
                return Err(StoreError::Invalid {
                    path: path.into(),
                    message: "already exists; export to a new file so that no catalog is lost"
                        .to_owned(),
                }
                .into());
            }
            store::write_atomic(path, store_catalog::DEFAULT_CATALOG.as_bytes())?;
            eprint_line(&format!(
                "Wrote the default catalog to {}. To use it, edit it and save it as {}",
                Shown(path.to_path_buf()),
                config_dir().map_or_else(
                    || store_catalog::CATALOG_FILE.to_owned(),
                    |d| Shown(d.join(store_catalog::CATALOG_FILE)).to_string()
                )
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn catalog_check(file: Option<PathBuf>) -> Result<ExitCode, Failure> {
    let file = file.or_else(|| {
        config_dir()
            .map(|d| d.join(store_catalog::CATALOG_FILE))
            .filter(|p| p.exists())
    });
    let (problems, total) = store_catalog::check_catalog(file.as_deref())?;
    let shown = file.map_or_else(
        || store_catalog::BUILT_IN.to_owned(),
        |f| Shown(f).to_string(),
    );
    if problems.is_empty() {
        Out::stdout().text(&format!("ok: {shown}\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        eprint_line(&p.to_string());
    }
    let more = if total > problems.len() {
        format!(" (the first {} are listed)", problems.len())
    } else {
        String::new()
    };
    eprint_line(&format!(
        "{shown}: {total} problem{}{more}",
        if total == 1 { "" } else { "s" }
    ));
    Ok(ExitCode::FAILURE)
}

/// One plan in `list --format json`.
#[derive(Serialize)]
struct ListItem<'a> {
    id: &'a str,
    patient: &'a str,
    status: Status,
    language: Lang,
    created: Date,
    updated: Date,
    revision: u32,
    next_session: Option<Date>,
    /// Fields changed on two machines, waiting for the practitioner's choice.
    conflicts: usize,
    path: String,
}

fn list(
    dir: Option<PathBuf>,
    status: Option<Status>,
    format: ListFormat,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let (store, explicit) = open_store(dir)?;
    if explicit && !store.dir().is_dir() {
        return Err(folder_missing(&store).into());
    }
    let listing = store.summaries()?;
    let errors = listing.errors;
    let mut plans = listing.plans;
    plans.retain(|f| status.is_none_or(|s| f.status == s));
    let mut out = Out::stdout();
    match format {
        ListFormat::Json => {
            let items: Vec<ListItem> = plans
                .iter()
                .map(|f| ListItem {
                    id: f.id.as_str(),
                    patient: f.patient.as_str(),
                    status: f.status,
                    language: f.language,
                    created: f.created,
                    updated: f.updated,
                    revision: f.revision,
                    next_session: f.next_session,
                    conflicts: f.conflicts,
                    path: f.path.to_string_lossy().into_owned(),
                })
                .collect();
            let json = serde_json::to_string_pretty(&items)
                .map_err(|e| StoreError::Usage(format!("cannot write the list as JSON: {e}")))?;
            // serde_json leaves DEL, C1 controls and bidi overrides raw inside strings: valid
            // JSON, but not for a terminal. Their \u escapes are equally valid JSON.
            let json: String = json
                .chars()
                .map(|c| {
                    if crate::domain::text::is_forbidden_char(c) && c != '\n' {
                        format!("\\u{:04x}", c as u32)
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            out.raw(&json)?;
            out.raw("\n")?;
        }
        ListFormat::Table if plans.is_empty() && errors.is_empty() => {
            out.text(&empty_message(&store, status))?;
        }
        ListFormat::Table => {
            // The summaries are consumed as the rows are made: at 50,000 plans both at once
            // would double the memory.
            let rows = plans
                .into_iter()
                .map(|f| {
                    vec![
                        f.id.to_string(),
                        f.patient,
                        match f.conflicts {
                            0 => f.status.label(lang).to_owned(),
                            n => format!(
                                "{} {} ({n})",
                                f.status.label(lang),
                                lang.pick("CONFLICTED", "EN CONFLIT")
                            ),
                        },
                        f.updated.to_string(),
                        f.next_session
                            .map_or_else(|| "—".to_owned(), |d| d.to_string()),
                    ]
                })
                .collect();
            let table = Table {
                header: match lang {
                    Lang::En => ["ID", "PATIENT", "STATUS", "UPDATED", "NEXT SESSION"],
                    Lang::Fr => ["ID", "PATIENT", "STATUT", "MIS À JOUR", "PROCHAINE SÉANCE"],
                }
                .map(String::from)
                .to_vec(),
                rows,
            };
            out.text(&report::text::table(&table))?;
        }
    }
    Ok(report_unreadable(&errors))
}

/// Names each plan file that could not be read; the exit code says whether there was one.
fn report_unreadable(errors: &[StoreError]) -> ExitCode {
    for e in errors {
        eprint_line(&e.to_string());
    }
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn folder_missing(store: &Store) -> StoreError {
    StoreError::Invalid {
        path: store.dir().into(),
        message: if store.dir().exists() {
            "not a folder: --plans-dir (or TRICHOPLAN_PLANS_DIR) must name the folder that holds the plans".to_owned()
        } else {
            "no such plans folder".to_owned()
        },
    }
}

fn empty_message(store: &Store, status: Option<Status>) -> String {
    let dir = Shown(store.dir().to_path_buf());
    match status {
        Some(s) => format!("No {} plans in {dir}.\n", s.as_str()),
        None => {
            let mut text = format!("No plans yet in {dir}.\n");
            let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans");
            if examples.is_dir() {
                text.push_str(&format!(
                    "To explore, list the example plans shipped with trichoplan:\n    \
                     trichoplan --plans-dir {} list\n",
                    Shown(examples)
                ));
            }
            text
        }
    }
}
