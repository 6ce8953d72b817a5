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
use crate::domain::warnings::Warning;
use crate::domain::{Lang, catalog_check, dates, evaluate};
use crate::report::{self, Audience, doc::Table};
use crate::store::catalog::{self as store_catalog, LoadedCatalog};
use crate::store::{self, Shown, Store, StoreError};
use crate::tui::run::{Launch, Start};

/// Reads the plan a PLAN argument names. A plan id that matches no file gets the nearest ids
/// of the folder ("did you mean lea-martin-2026?") and a pointer to `trichoplan list`.
fn read_plan_arg(
    store: &Store,
    plan: &std::ffi::OsStr,
    lang: Lang,
) -> Result<(PathBuf, store::PlanFile), Failure> {
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
                    "{} {}{}",
                    lang.pick("; did you mean", " ; vouliez-vous dire"),
                    near.iter()
                        .take(3)
                        .map(|(_, id)| id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    lang.pick("?", " ?")
                ),
            };
            Err(Failure::about(
                &path,
                lang,
                &format!("no plan with this id{hint} (`trichoplan list` lists the plans)"),
                &format!(
                    "aucun plan de cet identifiant{hint} (`trichoplan list` donne la liste des plans)"
                ),
            ))
        }
        Err(e) => Err(e.into()),
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

/// Runs one subcommand; `ui` is the language of messages (and of listings).
pub(crate) fn run(cli: Cli, ui: Lang) -> Result<ExitCode, Failure> {
    match cli.command {
        // A dumb terminal gets the plain list rather than escape codes.
        None if interactive() && !dumb_terminal() => interface(cli.plans_dir, ui, Start::Home),
        None => list(cli.plans_dir, None, ListFormat::Table, ui),
        Some(Command::New) => interface(cli.plans_dir, ui, Start::New),
        Some(Command::Edit { plan }) => {
            let (store, _) = open_store(cli.plans_dir.clone(), ui)?;
            let (path, file) = read_plan_arg(&store, &plan, ui)?;
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
            interface(Some(dir), ui, Start::Edit(file.plan.id))
        }
        Some(Command::List { status, format }) => {
            list(cli.plans_dir, status.map(Status::from), format, ui)
        }
        Some(Command::Print {
            plan,
            audience,
            format,
            output,
        }) => {
            let lang = cli.lang;
            let format = format.unwrap_or_else(|| PrintFormat::of_file(output.as_deref()));
            if format == PrintFormat::Pdf
                && output.is_none()
                && std::io::IsTerminal::is_terminal(&std::io::stdout())
            {
                return Err(Failure::usage(
                    ui,
                    "a PDF is not for the terminal: write it to a file with -o FILE (or redirect stdout)",
                    "un PDF ne s'affiche pas dans le terminal : l'écrire dans un fichier avec -o FICHIER (ou rediriger la sortie)",
                ));
            }
            let (store, _) = open_store(cli.plans_dir, ui)?;
            let (path, file) = read_plan_arg(&store, &plan, ui)?;
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
                    || {
                        ui.pick(
                            "config.yaml in the configuration folder",
                            "config.yaml dans le dossier de configuration",
                        )
                        .to_owned()
                    },
                    |d| Shown(d.join("config.yaml")).to_string(),
                );
                let why = why.message(ui);
                eprint_line(&format!(
                    "trichoplan: {}: {}",
                    Shown(path.clone()),
                    match ui {
                        Lang::En => format!(
                            "warning: the handout gives the patient no way to reach you ({why}): add `practitioner:` with your name and a phone or email to {config_file}, or press F9 in `trichoplan`"
                        ),
                        Lang::Fr => format!(
                            "attention : le document du patient ne lui donne aucun moyen de vous joindre ({why}) : ajouter `practitioner:` avec votre nom et un téléphone ou un e-mail à {config_file}, ou F9 dans `trichoplan`"
                        ),
                    }
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
                .ok_or_else(|| {
                    Failure::about(
                        &path,
                        ui,
                        "no referral in this plan: the gate refers no one to a doctor",
                        "pas de lettre d'orientation pour ce plan : le bilan n'adresse à aucun médecin",
                    )
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
                        Failure::about(
                            &path,
                            ui,
                            &format!("cannot make the PDF: {message}"),
                            &format!("PDF impossible à produire : {message}"),
                        )
                    })?;
                    // A glyph no font has is printed as a replacement mark: say where.
                    for w in &rendered.warnings {
                        eprint_line(&format!(
                            "trichoplan: {}: {} {}",
                            Shown(path.clone()),
                            ui.pick("warning:", "attention :"),
                            w.message(ui)
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
        Some(Command::Validate { files }) => validate(&files, ui),
        Some(Command::Assess { plan, format, on }) => {
            let (store, _) = open_store(cli.plans_dir, ui)?;
            let (_, file) = read_plan_arg(&store, &plan, ui)?;
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
            let lang = ui;
            let titles = match titles {
                super::args::TitlesArg::Initials => crate::export::ical::Titles::Initials,
                super::args::TitlesArg::Full => crate::export::ical::Titles::Full,
            };
            agenda(cli.plans_dir, from, days, format, titles, lang)
        }
        Some(Command::Export {
            what: ExportWhat::Fhir { plan, output },
        }) => {
            let (store, _) = open_store(cli.plans_dir, ui)?;
            let path = store.resolve(&plan)?;
            let file = store::read_plan(&path)?;
            let catalog = catalog()?;
            let settings = store::config::load_config(config_dir().as_deref())?;
            let bundle = crate::export::fhir::bundle(
                &file.plan,
                &catalog.catalog,
                settings.practitioner.as_ref(),
            );
            let mut json = serde_json::to_string_pretty(&bundle).map_err(|e| {
                Failure::about(
                    &path,
                    ui,
                    &format!("cannot be written as JSON: {e}"),
                    &format!("ne s'écrit pas en JSON : {e}"),
                )
            })?;
            json.push('\n');
            match output {
                Some(out) => store::write_output(&out, json.as_bytes())?,
                // JSON escapes every control character itself.
                None => Out::stdout().raw(&json)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Sync { init }) => super::sync::sync(cli.plans_dir, init, ui),
        Some(Command::MergeDriver {
            base,
            ours,
            theirs,
            path,
        }) => super::sync::merge_driver(&base, &ours, &theirs, path.as_deref(), ui),
        Some(Command::Catalog { action }) => match action {
            CatalogAction::Export { file } => catalog_export(file.as_deref(), ui),
            CatalogAction::Check { file } => catalog_check(file, ui),
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

fn interface(dir: Option<PathBuf>, lang: Lang, start: Start) -> Result<ExitCode, Failure> {
    if !interactive() {
        return Err(Failure::usage(
            lang,
            "the interface needs a terminal; use `trichoplan list` or `print` in scripts",
            "l'interface a besoin d'un terminal ; dans un script, utiliser `trichoplan list` ou `print`",
        ));
    }
    if dumb_terminal() {
        return Err(Failure::usage(
            lang,
            "this terminal (TERM=dumb or unset) cannot draw the interface; run it in a full terminal, or use `trichoplan list`, `print` and `assess`",
            "ce terminal (TERM=dumb ou absent) ne peut pas afficher l'interface ; la lancer dans un terminal complet, ou utiliser `trichoplan list`, `print` et `assess`",
        ));
    }
    // The folder is created by the first save; the welcome screen shows where it will be.
    let (store, _) = open_store(dir, lang)?;
    let config_dir = config_dir();
    let config = store::config::load_config(config_dir.as_deref())?;
    let launch = Launch {
        lang,
        catalog: catalog()?.catalog,
        config,
        config_dir,
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
    Ok(config.language.or_else(locale_lang).unwrap_or_default())
}

/// The language of the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), when it is French or English.
fn locale_lang() -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| Lang::from_locale(&v))
}

/// The language of the program's messages: the interface language, or, when the config file
/// cannot be read (its error must still be said), the locale's.
pub(crate) fn message_lang(arg: Option<super::args::LangArg>) -> Lang {
    interface_lang(arg).unwrap_or_else(|_| locale_lang().unwrap_or_default())
}

fn agenda(
    dir: Option<PathBuf>,
    from: Option<Date>,
    days: u16,
    format: super::args::AgendaFormat,
    titles: crate::export::ical::Titles,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let (store, explicit) = open_store(dir, lang)?;
    if explicit && !store.dir().is_dir() {
        return Err(folder_missing(&store, lang));
    }
    let catalog = catalog()?;
    let from = from.unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let to = from
        .checked_add(jiff::Span::new().days(i64::from(days) - 1))
        .map_err(|_| {
            Failure::usage(
                lang,
                "the date range is out of the calendar",
                "la période sort du calendrier",
            )
        })?;
    // Answered from the index: only plans changed since the last run are parsed.
    let listing = store.agenda(from, to, &catalog.catalog, lang)?;
    let items = listing.items;
    let mut out = Out::stdout();
    match format {
        super::args::AgendaFormat::Ics => {
            out.raw(&crate::export::ical::to_ics(&items, lang, titles))?
        }
        super::args::AgendaFormat::Text => {
            // Dates as the documents write them; ISO stays in the ICS and JSON outputs.
            out.text(&format!(
                "{} {} → {} ({days} {})\n\n",
                lang.pick("Agenda", "Agenda"),
                dates::long(from, lang),
                dates::long(to, lang),
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
                            dates::short(i.date, lang),
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
    Ok(report_unreadable(&listing.errors, lang))
}

pub(super) fn catalog() -> Result<LoadedCatalog, StoreError> {
    store_catalog::load_catalog(config_dir().as_deref())
}

fn validate(files: &[PathBuf], lang: Lang) -> Result<ExitCode, Failure> {
    let catalog = catalog()?;
    // Every file is checked on its own, on every core; the results are printed in order.
    let checked = store::on_every_core(files.iter().collect(), |path| {
        validate_one(path, &catalog.catalog, lang)
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
) -> Vec<Warning> {
    if eval.eligibility.verdict.allows_injections() {
        return Vec::new();
    }
    plan.injections
        .iter()
        .flat_map(|i| &i.sessions)
        .filter(|s| {
            s.status == crate::domain::plan::SessionStatus::Done && s.consent_override.is_none()
        })
        .map(|s| Warning::DoneAgainstGate {
            session: s.number,
            verdict: eval.eligibility.verdict,
        })
        .collect()
}

/// The `ok:` line and the warnings of one valid file, or the error line of an invalid one, in
/// `lang`.
fn validate_one(
    path: &Path,
    catalog: &crate::domain::catalog::Catalog,
    lang: Lang,
) -> Result<(String, Vec<String>), String> {
    let file = store::read_plan(path).map_err(|e| e.message(lang))?;
    let shown = Shown(path.to_path_buf());
    let plan = &file.plan;
    let eval = evaluate::evaluate(plan, catalog);
    let warnings: Vec<String> = catalog_check::plan_references(plan, catalog)
        .into_iter()
        .chain(evaluate::derived_mismatch(plan, &eval))
        .chain(crate::domain::consent::gaps(plan, catalog))
        .chain(injected_against_the_gate(plan, &eval))
        .chain(eval.warnings.iter().cloned())
        .map(|w| w.message(lang))
        .collect();
    let warning = lang.pick("warning:", "attention :");
    const SHOWN: usize = 20;
    let mut lines: Vec<String> = warnings
        .iter()
        .take(SHOWN)
        .map(|w| format!("{shown}: {warning} {w}"))
        .collect();
    if warnings.len() > SHOWN {
        lines.push(format!(
            "{shown}: {warning} {} {}",
            lang.pick("and", "et"),
            match lang {
                Lang::En => format!("{} more", warnings.len() - SHOWN),
                Lang::Fr => format!("{} autres", warnings.len() - SHOWN),
            }
        ));
    }
    if !plan.conflicts.is_empty() {
        let fields: Vec<&str> = plan.conflicts.iter().map(|c| c.field.as_str()).collect();
        let n = fields.len();
        let fields = fields.join(", ");
        return Ok((
            match lang {
                Lang::En => format!(
                    "conflicted: {shown}: {n} field(s) changed on two machines ({fields}); open it in trichoplan to choose\n"
                ),
                Lang::Fr => format!(
                    "en conflit : {shown}: {n} champ(s) modifié(s) sur deux machines ({fields}) ; l'ouvrir dans trichoplan pour choisir\n"
                ),
            },
            lines,
        ));
    }
    Ok((format!("ok: {shown}\n"), lines))
}

fn catalog_export(file: Option<&Path>, lang: Lang) -> Result<ExitCode, Failure> {
    match file {
        None => Out::stdout().text(store_catalog::DEFAULT_CATALOG)?,
        Some(path) => {
            if path.exists() {
                return Err(Failure::about(
                    path,
                    lang,
                    "already exists; export to a new file so that no catalog is lost",
                    "existe déjà ; exporter vers un nouveau fichier pour ne perdre aucun catalogue",
                ));
            }
            store::write_atomic(path, store_catalog::DEFAULT_CATALOG.as_bytes())?;
            let written = Shown(path.to_path_buf());
            let target = config_dir().map_or_else(
                || store_catalog::CATALOG_FILE.to_owned(),
                |d| Shown(d.join(store_catalog::CATALOG_FILE)).to_string(),
            );
            eprint_line(&match lang {
                Lang::En => format!(
                    "Wrote the default catalog to {written}. To use it, edit it and save it as {target}"
                ),
                Lang::Fr => format!(
                    "Catalogue par défaut écrit dans {written}. Pour s'en servir, le modifier et l'enregistrer sous {target}"
                ),
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn catalog_check(file: Option<PathBuf>, lang: Lang) -> Result<ExitCode, Failure> {
    let file = file.or_else(|| {
        config_dir()
            .map(|d| d.join(store_catalog::CATALOG_FILE))
            .filter(|p| p.exists())
    });
    let (problems, total) = store_catalog::check_catalog(file.as_deref())?;
    let shown = file.map_or_else(
        || {
            lang.pick(store_catalog::BUILT_IN, "le catalogue intégré")
                .to_owned()
        },
        |f| Shown(f).to_string(),
    );
    if problems.is_empty() {
        Out::stdout().text(&format!("ok: {shown}\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        eprint_line(&p.to_string());
    }
    let listed = problems.len();
    let s = if total == 1 { "" } else { "s" };
    eprint_line(&match (lang, total > listed) {
        (Lang::En, false) => format!("{shown}: {total} problem{s}"),
        (Lang::En, true) => format!("{shown}: {total} problem{s} (the first {listed} are listed)"),
        (Lang::Fr, false) => format!("{shown}: {total} problème{s}"),
        (Lang::Fr, true) => {
            format!("{shown}: {total} problème{s} (les {listed} premiers sont listés)")
        }
    });
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
    let (store, explicit) = open_store(dir, lang)?;
    if explicit && !store.dir().is_dir() {
        return Err(folder_missing(&store, lang));
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
            let json = serde_json::to_string_pretty(&items).map_err(|e| {
                Failure::usage(
                    lang,
                    &format!("cannot write the list as JSON: {e}"),
                    &format!("la liste ne s'écrit pas en JSON : {e}"),
                )
            })?;
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
            out.text(&empty_message(&store, status, lang))?;
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
                        dates::short(f.updated, lang),
                        f.next_session
                            .map_or_else(|| "—".to_owned(), |d| dates::short(d, lang)),
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
    Ok(report_unreadable(&errors, lang))
}

/// Names each plan file that could not be read; the exit code says whether there was one.
fn report_unreadable(errors: &[StoreError], lang: Lang) -> ExitCode {
    for e in errors {
        eprint_line(&e.message(lang));
    }
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn folder_missing(store: &Store, lang: Lang) -> Failure {
    if store.dir().exists() {
        Failure::about(
            store.dir(),
            lang,
            "not a folder: --plans-dir (or TRICHOPLAN_PLANS_DIR) must name the folder that holds the plans",
            "ce n'est pas un dossier : --plans-dir (ou TRICHOPLAN_PLANS_DIR) doit nommer le dossier des plans",
        )
    } else {
        Failure::about(
            store.dir(),
            lang,
            "no such plans folder",
            "dossier de plans introuvable",
        )
    }
}

fn empty_message(store: &Store, status: Option<Status>, lang: Lang) -> String {
    let dir = Shown(store.dir().to_path_buf());
    match status {
        Some(s) => match lang {
            Lang::En => format!("No {} plans in {dir}.\n", s.label(lang)),
            Lang::Fr => format!("Aucun plan « {} » dans {dir}.\n", s.label(lang)),
        },
        None => {
            let mut text = match lang {
                Lang::En => format!("No plans yet in {dir}.\n"),
                Lang::Fr => format!("Pas encore de plan dans {dir}.\n"),
            };
            let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans");
            if examples.is_dir() {
                text.push_str(&format!(
                    "{}\n    trichoplan --plans-dir {} list\n",
                    lang.pick(
                        "To explore, list the example plans shipped with trichoplan:",
                        "Pour découvrir, lister les plans d'exemple fournis avec trichoplan :"
                    ),
                    Shown(examples)
                ));
            }
            text
        }
    }
}
