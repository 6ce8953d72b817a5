//! The clinic's agenda: every session and checkpoint in a date range, across plans.

use jiff::civil::Date;

use super::Lang;
use super::catalog::Catalog;
use super::ids::PlanId;
use super::plan::{Plan, Product, SessionStatus, Status};

/// One thing due on a day.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaItem {
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
}

impl AgendaItem {
    /// A stable identifier: the same item keeps it across edits of the plan.
    pub fn uid(&self) -> String {
        match &self.kind {
            ItemKind::Session { number, .. } => {
                format!("{}-session-{number}@trichoplan", self.plan)
            }
            ItemKind::Checkpoint { key, .. } => {
                format!("{}-checkpoint-{key}@trichoplan", self.plan)
            }
        }
    }

    /// One line describing the item with the patient, in `lang` (a calendar event's title).
    pub fn summary(&self, lang: Lang) -> String {
        format!("{} — {}", self.what(lang), self.patient)
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
        }
    }
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
        let item = |date, kind| AgendaItem {
            date,
            plan: plan.id.clone(),
            patient: plan.patient.name.to_string(),
            kind,
            revision: plan.revision,
            updated: plan.updated,
        };
        if let Some(inj) = &plan.injections {
            let of = u8::try_from(inj.sessions.len())
                .unwrap_or(u8::MAX)
                .max(inj.sessions_planned);
            for s in &inj.sessions {
                let date = s.date.unwrap_or(s.planned);
                if date < from || date > to {
                    continue;
                }
                items.push(item(
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
                date,
                ItemKind::Checkpoint {
                    key: format!("{}-{n}", c.what),
                    label,
                    done: c.done.is_some(),
                },
            ));
        }
    }
    items.sort_by(|a, b| {
        let rank = |i: &AgendaItem| match &i.kind {
            ItemKind::Session { number, .. } => (0, *number),
            ItemKind::Checkpoint { .. } => (1, 0),
        };
        (a.date, &a.patient, &a.plan, rank(a)).cmp(&(b.date, &b.patient, &b.plan, rank(b)))
    });
    items
}
