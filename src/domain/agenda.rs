//! The clinic's agenda: every session and checkpoint in a date range, across plans.

use jiff::civil::Date;

use super::Lang;
use super::catalog::Catalog;
use super::ids::PlanId;
use super::plan::{Plan, Product, SessionStatus, Status};

/// One thing due on a day.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaItem {
    /// The item's stable id in its plan (`session-3`, `checkpoint-photos_pull_test-1`).
    pub id: String,
    pub date: Date,
    pub plan: PlanId,
    pub patient: String,
    pub kind: ItemKind,
    /// The plan's revision, so that a calendar re-import knows which version is newer.
    pub revision: u32,
    /// The plan's last update, used as the calendar stamp (deterministic output).
    pub updated: Date,
}

/// A session or a checkpoint.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemKind {
    Session {
        number: u8,
        of: u8,
        product: Product,
        status: SessionStatus,
        zones: Vec<String>,
    },
    Checkpoint {
        /// Stable identity within the plan: template key and its ordinal.
        key: String,
        label: String,
        done: bool,
    },
    /// A session or checkpoint removed from the plan: calendars are told it is cancelled.
    Removed,
}

impl AgendaItem {
    /// A stable identifier: built from the item's id in the plan, never from its position, so
    /// it stays the same when items are added, removed or reordered.
    pub fn uid(&self) -> String {
        format!("{}-{}@trichoplan", self.plan, self.id)
    }

    /// True for an item the calendar must show as cancelled (a cancelled session, a removed
    /// item).
    pub fn cancelled(&self) -> bool {
        matches!(
            self.kind,
            ItemKind::Removed
                | ItemKind::Session {
                    status: SessionStatus::Cancelled,
                    ..
                }
        )
    }

    /// One line describing the item with the patient, in `lang` (a calendar event's title).
    pub fn summary(&self, lang: Lang) -> String {
        format!("{} — {}", self.what(lang), self.patient)
    }

    /// The event title with the patient's initials only (`C. D.`): calendars sync to
    /// third-party clouds.
    pub fn summary_initials(&self, lang: Lang) -> String {
        format!("{} — {}", self.what(lang), initials(&self.patient))
    }

    /// What is due, in `lang`.
    pub fn what(&self, lang: Lang) -> String {
        match &self.kind {
            ItemKind::Session {
                number,
                of,
                product,
                status,
                ..
            } => {
                let mut s = format!(
                    "{} {number}/{of} ({})",
                    lang.pick("Session", "Séance"),
                    product.short_label(lang),
                );
                if *status != SessionStatus::Planned {
                    s.push_str(&format!(" [{}]", status.label(lang)));
                }
                s
            }
            ItemKind::Checkpoint { label, done, .. } => {
                let mut s = label.clone();
                if *done {
                    s.push_str(&format!(" [{}]", lang.pick("done", "fait")));
                }
                s
            }
            ItemKind::Removed => lang
                .pick("Removed from the plan", "Retiré du plan")
                .to_owned(),
        }
    }
}

/// `Camille Dupont-Martin` → `C. D.-M.`: the first letter of each word and of each part of a
/// hyphenated word.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .map(|word| {
            word.split('-')
                .filter_map(|part| part.chars().find(|c| c.is_alphanumeric()))
                .map(|c| format!("{}.", c.to_uppercase()))
                .collect::<Vec<_>>()
                .join("-")
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every session and checkpoint dated in `from..=to` across `plans`, sorted by date, patient,
/// plan, then sessions before checkpoints. Archived plans are left out.
pub fn agenda<'a>(
    plans: impl IntoIterator<Item = &'a Plan>,
    from: Date,
    to: Date,
    catalog: &Catalog,
    lang: Lang,
) -> Vec<AgendaItem> {
    let mut items = Vec::new();
    for plan in plans {
        if plan.status == Status::Archived {
            continue;
        }
        let item = |id: Option<&super::ids::ItemId>, fallback: String, date, kind| AgendaItem {
            id: id.map_or(fallback, |i| i.to_string()),
            date,
            plan: plan.id.clone(),
            patient: plan.patient.name.to_string(),
            kind,
            revision: plan.revision,
            updated: plan.updated,
        };
        if let Some(inj) = &plan.injections {
            let of = inj.sessions.len().max(usize::from(inj.sessions_planned)) as u8;
            for s in &inj.sessions {
                let date = s.date.unwrap_or(s.planned);
                if date < from || date > to {
                    continue;
                }
                items.push(item(
                    s.id.as_ref(),
                    format!("session-{}", s.number),
                    date,
                    ItemKind::Session {
                        number: s.number,
                        of,
                        product: s.product.unwrap_or(inj.product),
                        status: s.status,
                        zones: s
                            .zones
                            .iter()
                            .chain(if s.zones.is_empty() {
                                &inj.zones[..]
                            } else {
                                &[]
                            })
                            .map(|z| z.label(lang).to_owned())
                            .collect(),
                    },
                ));
            }
        }
        let mut seen: std::collections::BTreeMap<&str, usize> = Default::default();
        for c in &plan.followup.checkpoints {
            let n = seen.entry(c.what.as_str()).or_default();
            *n += 1;
            let date = c.done.unwrap_or(c.due);
            if date < from || date > to {
                continue;
            }
            let label = c.label.as_ref().map_or_else(
                || {
                    catalog
                        .followup
                        .get(&c.what)
                        .map_or_else(|| c.what.to_string(), |t| t.text.get(lang).to_owned())
                },
                |l| l.to_string(),
            );
            items.push(item(
                c.id.as_ref(),
                format!("checkpoint-{}-{n}", c.what),
                date,
                ItemKind::Checkpoint {
                    key: format!("{}-{n}", c.what),
                    label,
                    done: c.done.is_some(),
                },
            ));
        }
        for r in &plan.removed {
            if r.date >= from && r.date <= to {
                items.push(item(Some(&r.id), String::new(), r.date, ItemKind::Removed));
            }
        }
    }
    items.sort_by(|a, b| {
        let rank = |i: &AgendaItem| match &i.kind {
            ItemKind::Session { number, .. } => (0, *number),
            ItemKind::Checkpoint { .. } => (1, 0),
            ItemKind::Removed => (2, 0),
        };
        (a.date, &a.patient, &a.plan, rank(a)).cmp(&(b.date, &b.patient, &b.plan, rank(b)))
    });
    items
}
