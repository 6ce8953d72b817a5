//! The home screen: the list of plans, filtered as you type.

use jiff::civil::Date;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::config::Config;
use crate::domain::plan::{Plan, Status};
use crate::domain::{Lang, PlanId};
use crate::tui::keys::{Action, Context};

use super::*;

/// A saved plan as the home screen lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: PlanId,
    pub patient: String,
    pub status: Status,
    pub next: Option<Date>,
    pub updated: Date,
    /// Fields changed on two machines, waiting for a choice (shown on the row).
    pub conflicts: usize,
    /// Lowercased text the filter searches.
    pub haystack: String,
}

impl Row {
    /// A row from what the list shows of a plan (the plans folder's index gives these).
    pub fn new(
        id: PlanId,
        patient: String,
        status: Status,
        next: Option<Date>,
        updated: Date,
        conflicts: usize,
    ) -> Row {
        Row {
            // The status as written in files and as shown, in both languages ("en cours").
            haystack: format!(
                "{patient} {id} {} {} {}",
                status.as_str(),
                status.label(Lang::Fr),
                status.label(Lang::En)
            )
            .to_lowercase(),
            id,
            patient,
            status,
            next,
            updated,
            conflicts,
        }
    }

    /// The row of a plan.
    pub fn of(plan: &Plan) -> Row {
        Row::new(
            plan.id.clone(),
            plan.patient.name.to_string(),
            plan.status,
            plan.next_session().map(|s| s.planned),
            plan.updated,
            plan.conflicts.len(),
        )
    }
}

/// The home screen: saved plans, newest first, filtered as you type (a search box: every
/// printable key is filter text).
#[derive(Debug, Clone, Default)]
pub struct Home {
    pub rows: Vec<Row>,
    pub filter: String,
    /// Indexes into `rows` of the plans that match the filter.
    pub visible: Vec<usize>,
    pub selected: usize,
    /// Files that could not be read (shown as a count; `list` names them).
    pub unreadable: usize,
    pub loaded: bool,
}

impl Home {
    /// Recomputes the visible rows after the filter or the rows changed.
    pub fn refilter(&mut self) {
        let words: Vec<String> = self
            .filter
            .to_lowercase()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        self.visible = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| words.iter().all(|w| r.haystack.contains(w.as_str())))
            .map(|(i, _)| i)
            .collect();
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    /// The selected plan.
    pub fn current(&self) -> Option<&Row> {
        self.visible.get(self.selected).map(|&i| &self.rows[i])
    }
}

impl App {
    pub(super) fn home_key(
        &mut self,
        ctx: Context,
        action: Option<Action>,
        key: &KeyEvent,
    ) -> Vec<Effect> {
        let Screen::Home(home) = &mut self.screen else {
            return vec![];
        };
        match action {
            Some(Action::Quit) => return vec![Effect::Quit],
            Some(Action::Sync) => {
                return match self.sync.as_mut() {
                    Some(s) if s.running => vec![],
                    Some(s) => {
                        s.running = true;
                        self.info(self.t("Syncing…", "Synchronisation…"));
                        vec![Effect::Sync]
                    }
                    None => {
                        self.info(self.t(
                            "This plans folder is not shared: run `trichoplan sync --init REMOTE` once",
                            "Ce dossier de plans n'est pas partagé : lancer une fois `trichoplan sync --init DÉPÔT`",
                        ));
                        vec![]
                    }
                };
            }
            Some(Action::New) => return vec![Effect::NewPlan],
            Some(Action::CopyExamples) => return vec![Effect::CopyExamples, Effect::ListPlans],
            Some(Action::Open) => {
                return home
                    .current()
                    .map(|r| vec![Effect::OpenPlan(r.id.clone())])
                    .unwrap_or_default();
            }
            Some(Action::Duplicate) | Some(Action::Archive) => {
                if let Some(r) = home.current() {
                    let what = if action == Some(Action::Duplicate) {
                        PlanAction::Duplicate
                    } else if r.status == Status::Archived {
                        PlanAction::Restore
                    } else {
                        PlanAction::Archive
                    };
                    let (id, patient) = (r.id.clone(), r.patient.clone());
                    self.ask(Overlay::ConfirmPlan {
                        action: what,
                        id,
                        patient,
                    });
                }
            }
            Some(Action::Up) => home.selected = home.selected.saturating_sub(1),
            Some(Action::Down) => {
                home.selected = (home.selected + 1).min(home.visible.len().saturating_sub(1))
            }
            // The filter is always on: `/` (never part of a name) is accepted and does nothing.
            Some(Action::Filter) => {}
            Some(Action::Back) | Some(Action::Clear) => {
                home.filter.clear();
                home.refilter();
            }
            Some(Action::Backspace) => {
                home.filter.pop();
                home.refilter();
            }
            _ => {
                // The list is a search box: every printable key is filter text.
                if let KeyCode::Char(c) = key.code
                    && !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                    && !c.is_control()
                    && ctx == Context::Home
                    && home.filter.chars().count() < 100
                {
                    home.filter.push(c);
                    home.refilter();
                }
            }
        }
        vec![]
    }
}

/// A blank plan, as `trichoplan new` opens it (the rule is
/// [`crate::domain::lifecycle::blank_plan`]), signed by the practitioner of the settings.
pub fn new_plan(id: PlanId, today: Date, lang: Lang, config: &Config) -> Option<Plan> {
    crate::domain::lifecycle::blank_plan(id, today, lang, config.practitioner.clone())
}
