//! The command-line grammar (SPEC §6), as clap types.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::domain::Lang;
use crate::domain::plan::Status;

#[derive(Debug, Parser)]
#[command(
    name = "trichoplan",
    version,
    about = "Hair-loss consultation companion: assessment, terrain modules and an injection care plan",
    long_about = None,
    disable_help_subcommand = true,
    override_usage = "trichoplan [--plans-dir DIR] [--lang fr|en] [COMMAND]"
)]
pub struct Cli {
    /// Folder of plan files [default: the platform data folder]
    #[arg(long, global = true, env = "TRICHOPLAN_PLANS_DIR", value_name = "DIR")]
    pub plans_dir: Option<PathBuf>,

    /// Language of the interface and of what is printed [default: for summaries, the plan's
    /// language; otherwise the config file, then LANG]
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the interface on a new plan
    #[command(override_usage = "trichoplan new [--plans-dir DIR] [--lang fr|en]")]
    New,
    /// Open the interface on a saved plan
    #[command(override_usage = "trichoplan edit <PLAN> [--plans-dir DIR] [--lang fr|en]")]
    Edit {
        /// Plan id, or path to a plan file
        plan: std::ffi::OsString,
    },
    /// List saved plans, newest first
    #[command(
        override_usage = "trichoplan list [--status draft|active|completed|archived] [--format table|json]"
    )]
    List {
        /// Only plans with this status
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        /// Output format
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Print a summary of a plan (stdout unless -o)
    #[command(
        override_usage = "trichoplan print <PLAN> [--audience patient|practitioner|referral|progress] [--format text|md|html|pdf] [--lang fr|en] [-o FILE]"
    )]
    Print {
        /// Plan id, or path to a plan file
        plan: std::ffi::OsString,
        /// Who the summary is for
        #[arg(long, value_enum, default_value_t = AudienceArg::Practitioner)]
        audience: AudienceArg,
        /// Output format (default: from the -o file's extension, else text)
        #[arg(long, value_enum)]
        format: Option<PrintFormat>,
        /// Write to this file instead of stdout
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Check plan files; exit 1 if any is invalid
    #[command(override_usage = "trichoplan validate <FILE>...")]
    Validate {
        /// Plan files to check
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// The gate's verdict, its reasons, referrals, findings and suggestions for a plan
    #[command(override_usage = "trichoplan assess <PLAN> [--format text|json] [--on DATE]")]
    Assess {
        /// Plan id, or path to a plan file
        plan: std::ffi::OsString,
        /// Output format
        #[arg(long, value_enum, default_value_t = AssessFormat::Text)]
        format: AssessFormat,
        /// Evaluate as of this day [default: the plan's last update]
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        on: Option<jiff::civil::Date>,
    },
    /// Sessions and checkpoints due in a date range, across all plans
    #[command(
        override_usage = "trichoplan agenda [--from DATE] [--days N] [--format text|ics] [--titles initials|full]"
    )]
    Agenda {
        /// First day [default: today]
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        from: Option<jiff::civil::Date>,
        /// Number of days
        #[arg(long, value_name = "N", default_value_t = 7, value_parser = clap::value_parser!(u16).range(1..=3660))]
        days: u16,
        /// Output format
        #[arg(long, value_enum, default_value_t = AgendaFormat::Text)]
        format: AgendaFormat,
        /// What calendar event titles show of the patient (ics): initials, or the full name
        #[arg(long, value_enum, default_value_t = TitlesArg::Initials)]
        titles: TitlesArg,
    },
    /// Export a plan for other software
    #[command(override_usage = "trichoplan export fhir <PLAN> [-o FILE]")]
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// The clinical catalog: export it for editing, or check a catalog file
    #[command(
        override_usage = "trichoplan catalog export [FILE]\n       trichoplan catalog check [FILE]"
    )]
    Catalog {
        #[command(subcommand)]
        action: CatalogAction,
    },
    /// Share the plans folder through git: commit, fetch, merge, push
    #[command(override_usage = "trichoplan sync [--init [REMOTE]]")]
    Sync {
        /// Make the plans folder a git repository (or adopt the clone it is), with REMOTE as
        /// the remote it syncs with
        #[arg(long, value_name = "REMOTE", num_args = 0..=1, default_missing_value = "")]
        init: Option<std::ffi::OsString>,
    },
    /// git's merge driver for plan files (registered by `sync`): BASE OURS THEIRS [PATH]
    #[command(hide = true)]
    MergeDriver {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        path: Option<std::ffi::OsString>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// The plan as a FHIR R4 transaction Bundle (JSON; stdout unless -o)
    #[command(override_usage = "trichoplan export fhir <PLAN> [-o FILE]")]
    Fhir {
        /// Plan id, or path to a plan file
        plan: std::ffi::OsString,
        /// Write to this file instead of stdout
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CatalogAction {
    /// Write the default catalog (stdout, or FILE, which must not exist yet)
    #[command(override_usage = "trichoplan catalog export [FILE]")]
    Export {
        /// A new file to write [default: standard output]
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Report every problem of a catalog file [default: the catalog in force]
    #[command(override_usage = "trichoplan catalog check [FILE]")]
    Check {
        /// The catalog file to check [default: the catalog in force]
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse()
        .map_err(|_| "expected a date such as 2026-11-26".to_owned())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AssessFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TitlesArg {
    Initials,
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AgendaFormat {
    Text,
    Ics,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Fr,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Fr => Lang::Fr,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Draft,
    Active,
    Completed,
    Archived,
}

impl From<StatusArg> for Status {
    fn from(s: StatusArg) -> Status {
        match s {
            StatusArg::Draft => Status::Draft,
            StatusArg::Active => Status::Active,
            StatusArg::Completed => Status::Completed,
            StatusArg::Archived => Status::Archived,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrintFormat {
    Text,
    Md,
    Html,
    Pdf,
}

impl PrintFormat {
    /// The format a file's extension names (`.pdf`, `.html`/`.htm`, `.md`); text otherwise, and
    /// for standard output.
    pub fn of_file(path: Option<&std::path::Path>) -> PrintFormat {
        let ext = path
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("pdf") => PrintFormat::Pdf,
            Some("html" | "htm") => PrintFormat::Html,
            Some("md" | "markdown") => PrintFormat::Md,
            _ => PrintFormat::Text,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AudienceArg {
    Patient,
    Practitioner,
    /// The referral letter, for a patient the gate refers to a doctor
    Referral,
    /// The progress report of a follow-up visit: trends with their charts, sessions done
    Progress,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every usage line is written by hand (clap's own shows `[OPTIONS]` and hides what a
    /// command takes): each must name every argument of its command, an optional one inside
    /// brackets, a required positional as `<NAME>`, and must show no option as mandatory.
    #[test]
    fn usage_lines_name_every_argument_and_show_what_is_optional() {
        fn check(cmd: &mut clap::Command, path: &str, problems: &mut Vec<String>) {
            let usage = cmd.render_usage().to_string();
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if arg.is_hide_set() || arg.is_global_set() || ["help", "version"].contains(&id) {
                    continue;
                }
                let wanted = match (arg.get_long(), arg.get_short()) {
                    (_, Some(short)) => format!("[-{short} "),
                    (Some(long), None) => format!("[--{long}"),
                    (None, None) => {
                        let name = arg
                            .get_value_names()
                            .and_then(|n| n.first())
                            .map_or_else(|| id.to_uppercase(), ToString::to_string);
                        if arg.is_required_set() {
                            format!("<{name}>")
                        } else {
                            format!("[{name}]")
                        }
                    }
                };
                if !usage.contains(&wanted) {
                    problems.push(format!("{path}: `{wanted}` not in {usage:?}"));
                }
            }
            for sub in cmd.get_subcommands_mut() {
                if sub.is_hide_set() {
                    continue;
                }
                let name = format!("{path} {}", sub.get_name());
                check(sub, &name, problems);
            }
        }
        let mut problems = Vec::new();
        let mut cmd = Cli::command();
        cmd.build();
        check(&mut cmd, "trichoplan", &mut problems);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
