//! Checks that span several fields of a plan, run after it has been read.
//!
//! Single values are checked while reading (so their errors carry a line and column); what is
//! left here are relations: dates in order, sessions numbered once each, prices that match the
//! billing mode. Each problem names the field it is about, as a path into the file.

use std::collections::BTreeSet;

use super::plan::{MeasurementKind, Plan, PricingMode, SessionStatus};

/// One inconsistency in a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, as a path into the file (`injections.sessions[2].date`).
    pub field: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Lists every cross-field inconsistency in `plan`, in file order; empty when it is consistent.
pub fn check(plan: &Plan) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut problem = |field: String, message: String| out.push(Problem { field, message });

    if plan.updated < plan.created {
        problem(
            "updated".into(),
            format!(
                "{} is before the creation date {}",
                plan.updated, plan.created
            ),
        );
    }
    if let Some(year) = plan.patient.birth_year {
        let created = plan.created.year();
        if !(1900..=created).contains(&i16::try_from(year).unwrap_or(i16::MAX)) {
            problem(
                "patient.birth_year".into(),
                format!("{year} is not a plausible birth year for a plan created in {created}"),
            );
        }
    }

    if let Some(born) = plan.patient.birth_date {
        if born > plan.updated || born.year() < 1900 {
            problem(
                "patient.birth_date".into(),
                format!(
                    "{born} is not a plausible birth date for a plan dated {}",
                    plan.updated
                ),
            );
        }
        if let Some(year) = plan.patient.birth_year
            && i16::try_from(year).ok() != Some(born.year())
        {
            problem(
                "patient.birth_year".into(),
                format!("{year} disagrees with the birth date {born}"),
            );
        }
    }
    // Session and checkpoint ids are identities (calendar UIDs): each is used once, and a
    // removed item's id is never given again.
    let mut ids = BTreeSet::new();
    let sessions = plan
        .injections
        .iter()
        .flat_map(|i| i.sessions.iter().enumerate());
    let located = sessions
        .map(|(i, s)| (format!("injections.sessions[{i}].id"), s.id.as_ref()))
        .chain(
            plan.followup
                .checkpoints
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("followup.checkpoints[{i}].id"), c.id.as_ref())),
        )
        .chain(
            plan.removed
                .iter()
                .enumerate()
                .map(|(i, r)| (format!("removed[{i}].id"), Some(&r.id))),
        );
    for (field, id) in located {
        if let Some(id) = id
            && !ids.insert(id.as_str())
        {
            problem(field, format!("id {id} is used twice"));
        }
    }
    for (i, c) in plan.consent.iter().enumerate() {
        if c.product == super::plan::Product::Combined {
            problem(
                format!("consent[{i}].product"),
                "a consent is for one product (exosomes or prp); a combined protocol has one of each".into(),
            );
        }
    }

    if let Some(d) = plan.patient.history.delivery
        && d > plan.updated
    {
        problem(
            "patient.history.delivery".into(),
            format!("{d} is in the future (the plan is dated {})", plan.updated),
        );
    }
    if let Some(scale) = &plan.assessment.scale
        && let Err(message) = scale.system.check_stage(&scale.stage.0)
    {
        problem("assessment.scale.stage".into(), message);
    }
    for (i, p) in plan.assessment.pull_test.iter().enumerate() {
        if p.grasped == 0 || p.grasped > 200 {
            problem(
                format!("assessment.pull_test[{i}].grasped"),
                format!(
                    "{} hairs grasped is implausible (a pull test grasps about 50 to 60)",
                    p.grasped
                ),
            );
        } else if p.extracted > p.grasped {
            problem(
                format!("assessment.pull_test[{i}].extracted"),
                format!(
                    "{} hairs extracted out of {} grasped",
                    p.extracted, p.grasped
                ),
            );
        }
    }
    let mut zones = BTreeSet::new();
    for (i, z) in plan.assessment.zones.iter().enumerate() {
        if !zones.insert(z.zone) {
            problem(
                format!("assessment.zones[{i}].zone"),
                "this zone is described twice".into(),
            );
        }
        if z.years_bald.is_some_and(|y| y.get() > 100.0) {
            problem(
                format!("assessment.zones[{i}].years_bald"),
                "more than 100 years is implausible".into(),
            );
        }
    }

    for (name, module) in plan.modules.iter() {
        for (i, lab) in module.labs.iter().enumerate() {
            if let Some(r) = &lab.range {
                let at = format!("modules.{}.labs[{i}].range", name.as_str());
                match (r.low, r.high) {
                    (None, None) => problem(
                        at,
                        "a range needs a low bound, a high bound, or both".into(),
                    ),
                    (Some(l), Some(h)) if l > h => {
                        problem(at, format!("the low bound {l} is above the high bound {h}"))
                    }
                    _ => {}
                }
            }
            if lab.date > plan.updated {
                problem(
                    format!("modules.{}.labs[{i}].date", name.as_str()),
                    format!(
                        "{} is after the plan's last update {}",
                        lab.date, plan.updated
                    ),
                );
            }
        }
    }

    if let Some(inj) = &plan.injections {
        if inj.zones.is_empty() {
            problem(
                "injections.zones".into(),
                "name at least one zone to treat".into(),
            );
        }
        if !(1..=30).contains(&inj.sessions_planned) {
            problem(
                "injections.sessions_planned".into(),
                format!("{} sessions is outside 1 to 30", inj.sessions_planned),
            );
        }
        if !(1..=365).contains(&inj.interval_days) {
            problem(
                "injections.interval_days".into(),
                format!("{} days is outside 1 to 365", inj.interval_days),
            );
        }
        if inj
            .maintenance
            .as_ref()
            .is_some_and(|m| m.every_months == 0)
        {
            problem(
                "injections.maintenance.every_months".into(),
                "must be at least 1".into(),
            );
        }
        let mut seen = BTreeSet::new();
        for (i, s) in inj.sessions.iter().enumerate() {
            let at = |f: &str| format!("injections.sessions[{i}].{f}");
            if s.number == 0 || !seen.insert(s.number) {
                problem(
                    at("number"),
                    format!("session number {} is zero or used twice", s.number),
                );
            }
            match (s.status, s.date) {
                (SessionStatus::Done, None) => problem(
                    at("date"),
                    "a done session needs the date it took place".into(),
                ),
                (SessionStatus::Planned, Some(_)) => problem(
                    at("date"),
                    "a planned session has no actual date yet (use `planned`)".into(),
                ),
                (SessionStatus::Done, Some(d)) if d > plan.updated => problem(
                    at("date"),
                    format!("done on {d}, after the plan's last update {}", plan.updated),
                ),
                _ => {}
            }
        }
    }

    for (i, c) in plan.followup.checkpoints.iter().enumerate() {
        if c.done.is_some_and(|d| d > plan.updated) {
            problem(
                format!("followup.checkpoints[{i}].done"),
                "is after the plan's last update".into(),
            );
        }
    }
    for (i, m) in plan.followup.measurements.iter().enumerate() {
        let at = |f: &str| format!("followup.measurements[{i}].{f}");
        match m.kind {
            MeasurementKind::Photo if m.path.is_none() => {
                problem(at("path"), "a photo needs its file path".into())
            }
            MeasurementKind::Photo => {}
            _ if m.value.is_none() => problem(at("value"), "this measurement needs a value".into()),
            _ => {}
        }
    }

    if let Some(p) = &plan.pricing {
        const MAX_CENTS: u64 = 100_000_000; // 1,000,000.00: beyond is a typing error
        for (field, amount) in [
            ("per_session_cents", p.per_session_cents),
            ("package_cents", p.package_cents),
            ("maintenance_cents", p.maintenance_cents),
        ] {
            if amount.is_some_and(|c| c.0 > MAX_CENTS) {
                problem(
                    format!("pricing.{field}"),
                    "is implausibly large (more than 1,000,000.00)".into(),
                );
            }
        }
        match p.mode {
            PricingMode::Package if p.package_cents.is_none() => problem(
                "pricing.package_cents".into(),
                "package pricing needs the package price".into(),
            ),
            PricingMode::PerSession if p.per_session_cents.is_none() => problem(
                "pricing.per_session_cents".into(),
                "per-session pricing needs the price of a session".into(),
            ),
            _ => {}
        }
    }

    let mut last = 0;
    for (i, r) in plan.revisions.iter().enumerate() {
        if r.revision <= last || r.revision > plan.revision {
            problem(
                format!("revisions[{i}].revision"),
                format!(
                    "revision {} is out of order (log entries increase up to the plan's revision {})",
                    r.revision, plan.revision
                ),
            );
        }
        last = r.revision;
    }
    out
}
