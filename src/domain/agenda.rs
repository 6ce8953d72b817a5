//! The clinic's agenda: every session and checkpoint in a date range, across plans.

use jiff::civil::Date;

use serde::{Deserialize, Serialize};

use super::catalog::Catalog;
use super::ids::{Key, PlanId};
use super::plan::{Plan, Product, SessionStatus, Status};
use super::{Lang, Zone};

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
    /// The plan is still a draft: its dates are not agreed yet.
    pub draft: bool,
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

    /// The event title with the patient's initials only (`C. D.`): calendars sync to
    /// third-party clouds.
    pub fn summary_initials(&self, lang: Lang) -> String {
        format!("{} — {}", self.what(lang), initials(&self.patient))
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

/// One dated thing of a plan, in no language: what an agenda is made of, and what the plans
/// index keeps so that the agenda is answered without reading every plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dated {
    /// The item's stable id in its plan.
    #[serde(rename = "i")]
    pub id: String,
    #[serde(rename = "d")]
    pub date: Date,
    #[serde(rename = "w")]
    pub what: DatedKind,
}

/// A session or a checkpoint, language-neutral.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DatedKind {
    // Short names: the index holds one of these per session and checkpoint of every plan.
    #[serde(rename = "s")]
    Session {
        #[serde(rename = "n")]
        number: u8,
        #[serde(rename = "o")]
        of: u8,
        #[serde(rename = "p")]
        product: Product,
        #[serde(rename = "s")]
        status: SessionStatus,
        #[serde(rename = "z", default, skip_serializing_if = "Vec::is_empty")]
        zones: Vec<Zone>,
    },
    #[serde(rename = "c")]
    Checkpoint {
        #[serde(rename = "k")]
        what: Key,
        /// Its ordinal among the checkpoints of the same template.
        n: usize,
        #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        #[serde(rename = "x")]
        done: bool,
    },
    /// A session or checkpoint removed from the plan, on the day it was due.
    #[serde(rename = "r")]
    Removed,
}

/// Every session and checkpoint of `plan` with its date (all of them, whatever their date).
pub fn dated(plan: &Plan) -> Vec<Dated> {
    let mut out = Vec::new();
    if let Some(inj) = &plan.injections {
        let of = u8::try_from(inj.sessions.len())
            .unwrap_or(u8::MAX)
            .max(inj.sessions_planned);
        for s in &inj.sessions {
            out.push(Dated {
                id: s
                    .id
                    .as_ref()
                    .map_or_else(|| format!("session-{}", s.number), |i| i.to_string()),
                date: s.date.unwrap_or(s.planned),
                what: DatedKind::Session {
                    number: s.number,
                    of,
                    product: s.product.unwrap_or(inj.product),
                    status: s.status,
                    zones: if s.zones.is_empty() {
                        inj.zones.clone()
                    } else {
                        s.zones.clone()
                    },
                },
            });
        }
    }
    let mut seen: std::collections::BTreeMap<&str, usize> = Default::default();
    for c in &plan.followup.checkpoints {
        let n = seen.entry(c.what.as_str()).or_default();
        *n += 1;
        out.push(Dated {
            id: c
                .id
                .as_ref()
                .map_or_else(|| format!("checkpoint-{}-{n}", c.what), |i| i.to_string()),
            date: c.done.unwrap_or(c.due),
            what: DatedKind::Checkpoint {
                what: c.what.clone(),
                n: *n,
                label: c.label.as_ref().map(|l| l.to_string()),
                done: c.done.is_some(),
            },
        });
    }
    for r in &plan.removed {
        out.push(Dated {
            id: r.id.to_string(),
            date: r.date,
            what: DatedKind::Removed,
        });
    }
    out
}

/// What the agenda needs of one plan: its identity, and its dated things.
#[derive(Debug, Clone, Copy)]
pub struct AgendaSource<'a> {
    pub id: &'a PlanId,
    pub patient: &'a str,
    pub status: Status,
    pub revision: u32,
    pub updated: Date,
    pub dated: &'a [Dated],
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
    let plans: Vec<(&Plan, Vec<Dated>)> = plans.into_iter().map(|p| (p, dated(p))).collect();
    agenda_of(
        plans.iter().map(|(p, d)| AgendaSource {
            id: &p.id,
            patient: p.patient.name.as_str(),
            status: p.status,
            revision: p.revision,
            updated: p.updated,
            dated: d,
        }),
        from,
        to,
        catalog,
        lang,
    )
}

/// The agenda from what the index keeps of each plan (see [`agenda`]).
pub fn agenda_of<'a>(
    plans: impl IntoIterator<Item = AgendaSource<'a>>,
    from: Date,
    to: Date,
    catalog: &Catalog,
    lang: Lang,
) -> Vec<AgendaItem> {
    let mut items = Vec::new();
    for plan in plans {
        push_due(&mut items, plan, from, to, catalog, lang);
    }
    sort_items(&mut items);
    items
}

/// Adds to `items` what `plan` has dated in `from..=to` (nothing for an archived plan).
pub fn push_due(
    items: &mut Vec<AgendaItem>,
    plan: AgendaSource<'_>,
    from: Date,
    to: Date,
    catalog: &Catalog,
    lang: Lang,
) {
    if plan.status == Status::Archived {
        return;
    }
    for d in plan.dated {
        if d.date < from || d.date > to {
            continue;
        }
        let kind = match &d.what {
            DatedKind::Session {
                number,
                of,
                product,
                status,
                zones,
            } => ItemKind::Session {
                number: *number,
                of: *of,
                product: *product,
                status: *status,
                zones: zones.iter().map(|z| z.label(lang).to_owned()).collect(),
            },
            DatedKind::Checkpoint {
                what,
                n,
                label,
                done,
            } => ItemKind::Checkpoint {
                key: format!("{what}-{n}"),
                label: label.clone().unwrap_or_else(|| {
                    catalog
                        .followup
                        .get(what)
                        .map_or_else(|| what.to_string(), |t| t.text.get(lang).to_owned())
                }),
                done: *done,
            },
            DatedKind::Removed => ItemKind::Removed,
        };
        items.push(AgendaItem {
            id: d.id.clone(),
            date: d.date,
            plan: plan.id.clone(),
            patient: plan.patient.to_owned(),
            kind,
            revision: plan.revision,
            updated: plan.updated,
            draft: plan.status == Status::Draft,
        });
    }
}

/// Sorts agenda items by date, patient, plan, then sessions (by number) before checkpoints.
pub fn sort_items(items: &mut [AgendaItem]) {
    items.sort_by(|a, b| {
        let rank = |i: &AgendaItem| match &i.kind {
            ItemKind::Session { number, .. } => (0, *number),
            ItemKind::Checkpoint { .. } => (1, 0),
            ItemKind::Removed => (2, 0),
        };
        (a.date, &a.patient, &a.plan, rank(a)).cmp(&(b.date, &b.patient, &b.plan, rank(b)))
    });
}
