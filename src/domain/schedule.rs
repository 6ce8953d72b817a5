//! The injection calendar: generating the series, and editing it once it has begun.
//!
//! Rules a practitioner relies on:
//! - the series is `sessions` dates, `interval_days` apart, from `start`;
//! - moving a session shifts every *later planned* session by the same number of days, so the
//!   rhythm of the series is kept; a done session is never moved, and cancelled ones stay as
//!   they were;
//! - checkpoints dated from the first session (`months_after_start`) follow it when it moves;
//! - adding months clamps to the end of the month (31 January + 1 month = 28 or 29 February).

use jiff::ToSpan;
use jiff::civil::Date;

use super::Zone;
use super::catalog::Catalog;
use super::evaluate::Evaluation;
use super::ids::{ItemId, Key};
use super::plan::{Checkpoint, Injections, Maintenance, Plan, Product, Session, SessionStatus};
use super::text::{Prose, Text};
use super::warnings::TooClose;

/// Why a calendar edit was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("there is no injection protocol in this plan")]
    NoProtocol,
    #[error("there is no session {0}")]
    NoSuchSession(u8),
    #[error("session {0} is done; a done session is never moved")]
    SessionDone(u8),
    #[error("session {0} is cancelled")]
    SessionCancelled(u8),
    #[error("the date is out of range")]
    DateOutOfRange,
    #[error("a series has 1 to 30 sessions")]
    TooManySessions,
    /// The patient has not signed the consent for a product the session injects.
    #[error(
        "the consent for {0} is not signed: record it, or give the reason to go ahead without it"
    )]
    ConsentNotSigned(&'static str),
    /// Sessions were given: the series can change product but cannot be removed.
    #[error("sessions were given: the protocol cannot be removed")]
    SeriesBegun,
}

impl ScheduleError {
    /// The error in `lang`, for the interface.
    pub fn message(&self, lang: super::Lang) -> String {
        match (self, lang) {
            (_, super::Lang::En) => self.to_string(),
            (ScheduleError::NoProtocol, _) => {
                "ce plan n'a pas de protocole d'injections".to_owned()
            }
            (ScheduleError::NoSuchSession(n), _) => format!("il n'y a pas de séance {n}"),
            (ScheduleError::SessionDone(n), _) => {
                format!("la séance {n} est faite ; une séance faite ne se déplace jamais")
            }
            (ScheduleError::SessionCancelled(n), _) => format!("la séance {n} est annulée"),
            (ScheduleError::DateOutOfRange, _) => "la date est hors limites".to_owned(),
            (ScheduleError::TooManySessions, _) => "une série compte de 1 à 30 séances".to_owned(),
            (ScheduleError::SeriesBegun, _) => {
                "des séances ont eu lieu : le protocole ne peut pas être retiré".to_owned()
            }
            (ScheduleError::ConsentNotSigned(p), _) => format!(
                "le consentement pour {} n'est pas signé : l'enregistrer, ou donner la raison de passer outre",
                match *p {
                    "prp" => "le PRP",
                    _ => "les exosomes",
                }
            ),
        }
    }
}

/// The dates of a series of `count` sessions every `interval_days` from `start`.
pub fn series_dates(
    start: Date,
    count: u8,
    interval_days: u16,
) -> Result<Vec<Date>, ScheduleError> {
    (0..i64::from(count))
        .map(|i| {
            // 255 sessions × 65,535 days is beyond a span's range: checked, never a panic.
            jiff::Span::new()
                .try_days(i * i64::from(interval_days))
                .ok()
                .and_then(|span| start.checked_add(span).ok())
                .ok_or(ScheduleError::DateOutOfRange)
        })
        .collect()
}

/// `date` plus `months`, clamped to the end of the month.
pub fn add_months(date: Date, months: u8) -> Result<Date, ScheduleError> {
    date.checked_add(i64::from(months).months())
        .map_err(|_| ScheduleError::DateOutOfRange)
}

/// What a practitioner chooses when setting up a protocol.
#[derive(Debug, Clone, PartialEq)]
pub struct ProtocolSetup {
    pub product: Product,
    pub sessions: u8,
    pub interval_days: u16,
    pub start: Date,
    pub zones: Vec<Zone>,
    /// Months between maintenance sessions; `None` for no maintenance.
    pub maintenance_months: Option<u8>,
}

impl ProtocolSetup {
    /// The set-up of a series in place, to change one of its settings and plan it again.
    pub fn of(inj: &Injections) -> Self {
        ProtocolSetup {
            product: inj.product,
            sessions: inj.sessions_planned,
            interval_days: inj.interval_days,
            start: inj.start,
            zones: inj.zones.clone(),
            maintenance_months: inj.maintenance.as_ref().map(|m| m.every_months),
        }
    }

    /// The catalog's practice defaults for `product`, starting on `start`.
    pub fn defaults(product: Product, start: Date, zones: Vec<Zone>, catalog: &Catalog) -> Self {
        let info = catalog.products.get(&product);
        ProtocolSetup {
            product,
            sessions: info.map_or(6, |p| p.sessions_default),
            interval_days: info.map_or(28, |p| p.interval_days),
            start,
            zones,
            maintenance_months: info.map(|p| p.maintenance_months).filter(|m| *m > 0),
        }
    }

    /// The protocol with its dated, planned sessions.
    pub fn build(&self) -> Result<Injections, ScheduleError> {
        if !(1..=30).contains(&self.sessions) {
            return Err(ScheduleError::TooManySessions);
        }
        let sessions = series_dates(self.start, self.sessions, self.interval_days)?
            .into_iter()
            .zip(1..)
            .map(|(planned, number)| Session::planned(number, planned))
            .collect();
        Ok(Injections {
            product: self.product,
            product_source: None,
            regulatory_status: None,
            zones: self.zones.clone(),
            sessions_planned: self.sessions,
            interval_days: self.interval_days,
            start: self.start,
            maintenance: self.maintenance_months.map(|every_months| Maintenance {
                every_months,
                next: None,
            }),
            sessions,
        })
    }
}

/// What was done at an injection visit.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub date: Date,
    pub product: Option<Product>,
    pub lot: Option<Text>,
    pub zones: Vec<Zone>,
    pub reaction: Option<Text>,
    pub notes: Option<Prose>,
    /// The practitioner's reason for doing the session without a signed consent for its
    /// product; without it, such a session cannot be marked done.
    pub consent_override: Option<Text>,
}

impl Plan {
    /// Sets up (or replaces) the protocol, keeping what was already done: done and cancelled
    /// sessions stay, and the new series is planned after them. Checkpoints follow the start.
    pub fn set_protocol(
        &mut self,
        setup: &ProtocolSetup,
        catalog: &Catalog,
        eval: &Evaluation,
    ) -> Result<(), ScheduleError> {
        let mut fresh = setup.build()?;
        if let Some(old) = &self.injections {
            let kept: Vec<Session> = old
                .sessions
                .iter()
                .filter(|s| s.status != SessionStatus::Planned)
                .cloned()
                .collect();
            if !kept.is_empty() {
                // Sessions already given count towards the series; the rest is replanned.
                let given = u8::try_from(kept.len()).map_err(|_| ScheduleError::TooManySessions)?;
                let start_of_rest = kept
                    .iter()
                    .filter_map(|s| s.date)
                    .max()
                    .map_or(Ok(setup.start), |d| {
                        d.checked_add(i64::from(setup.interval_days).days())
                            .map_err(|_| ScheduleError::DateOutOfRange)
                    })?
                    .max(setup.start);
                let rest = setup.sessions.saturating_sub(given);
                let dates = series_dates(start_of_rest, rest, setup.interval_days)?;
                let mut sessions = kept;
                let first_free = sessions.iter().map(|s| s.number).max().unwrap_or(0);
                for (i, planned) in dates.into_iter().enumerate() {
                    let number = u8::try_from(i)
                        .ok()
                        .and_then(|i| first_free.checked_add(1)?.checked_add(i))
                        .ok_or(ScheduleError::TooManySessions)?;
                    sessions.push(Session::planned(number, planned));
                }
                fresh.sessions = sessions;
                fresh.start = old.start.min(setup.start);
                fresh.product_source = old.product_source.clone();
                fresh.regulatory_status = old.regulatory_status.clone();
            }
        }
        // The sessions planned anew take the ids of the planned ones they replace, in order,
        // so calendars update them rather than see new events.
        if let Some(old) = &self.injections {
            let mut ids = old
                .sessions
                .iter()
                .filter(|s| s.status == SessionStatus::Planned)
                .filter_map(|s| s.id.clone());
            for s in fresh
                .sessions
                .iter_mut()
                .filter(|s| s.status == SessionStatus::Planned && s.id.is_none())
            {
                s.id = ids.next();
            }
        }
        self.injections = Some(fresh);
        self.assign_ids();
        self.refresh_checkpoints(catalog, eval)
    }

    /// Marks session `number` done. With `shift_following`, later planned sessions move by the
    /// difference between the planned and the actual date, keeping the rhythm of the series.
    pub fn mark_session_done(
        &mut self,
        number: u8,
        record: SessionRecord,
        shift_following: bool,
    ) -> Result<(), ScheduleError> {
        let protocol = self.injections.as_ref().ok_or(ScheduleError::NoProtocol)?;
        let product = record.product.unwrap_or(protocol.product);
        if record.consent_override.is_none()
            && let Some(unsigned) = product
                .components()
                .iter()
                .find(|p| self.consent.get(**p).and_then(|c| c.signed).is_none())
        {
            return Err(ScheduleError::ConsentNotSigned(unsigned.as_str()));
        }
        let inj = self.injections.as_mut().ok_or(ScheduleError::NoProtocol)?;
        let s = find(inj, number)?;
        if s.status == SessionStatus::Done {
            return Err(ScheduleError::SessionDone(number));
        }
        let delta = days_between(s.planned, record.date);
        s.status = SessionStatus::Done;
        s.date = Some(record.date);
        s.product = record.product;
        s.lot = record.lot;
        s.zones = record.zones;
        s.reaction = record.reaction;
        s.notes = record.notes;
        s.consent_override = record.consent_override;
        if shift_following && delta != 0 {
            shift_later(inj, number, delta)?;
        }
        // The first session, given on another day, moves the start and what is dated from it.
        if inj.sessions.iter().map(|s| s.number).min() == Some(number) && inj.start != record.date {
            inj.start = record.date;
            self.follow_start()?;
        }
        Ok(())
    }

    /// Cancels session `number` (kept in the calendar as cancelled, with the reason in notes).
    pub fn cancel_session(
        &mut self,
        number: u8,
        reason: Option<Prose>,
    ) -> Result<(), ScheduleError> {
        let inj = self.injections.as_mut().ok_or(ScheduleError::NoProtocol)?;
        let s = find(inj, number)?;
        match s.status {
            SessionStatus::Done => Err(ScheduleError::SessionDone(number)),
            SessionStatus::Cancelled => Err(ScheduleError::SessionCancelled(number)),
            SessionStatus::Planned => {
                s.status = SessionStatus::Cancelled;
                if reason.is_some() {
                    s.notes = reason;
                }
                Ok(())
            }
        }
    }

    /// Moves session `number` to `to`; later planned sessions shift by the same number of days.
    /// Moving the first session moves the start, and the checkpoints dated from it.
    pub fn move_session(&mut self, number: u8, to: Date) -> Result<(), ScheduleError> {
        let inj = self.injections.as_mut().ok_or(ScheduleError::NoProtocol)?;
        let s = find(inj, number)?;
        match s.status {
            SessionStatus::Done => return Err(ScheduleError::SessionDone(number)),
            SessionStatus::Cancelled => return Err(ScheduleError::SessionCancelled(number)),
            SessionStatus::Planned => {}
        }
        let delta = days_between(s.planned, to);
        s.planned = to;
        shift_later(inj, number, delta)?;
        let first = inj.sessions.iter().map(|s| s.number).min();
        if first == Some(number) {
            inj.start = to;
            self.follow_start()?;
        }
        Ok(())
    }

    /// Adds one planned session at the end of the series (after a cancellation, say).
    pub fn append_session(&mut self) -> Result<u8, ScheduleError> {
        let inj = self.injections.as_mut().ok_or(ScheduleError::NoProtocol)?;
        if inj.sessions.len() >= 30 {
            return Err(ScheduleError::TooManySessions);
        }
        let last = inj
            .sessions
            .iter()
            .map(|s| s.date.unwrap_or(s.planned))
            .max()
            .unwrap_or(inj.start);
        let planned = if inj.sessions.is_empty() {
            inj.start
        } else {
            last.checked_add(i64::from(inj.interval_days).days())
                .map_err(|_| ScheduleError::DateOutOfRange)?
        };
        let number = inj.sessions.iter().map(|s| s.number).max().unwrap_or(0) + 1;
        inj.sessions.push(Session::planned(number, planned));
        self.assign_ids();
        Ok(number)
    }

    /// Re-dates the checkpoints that depend on the first session, unless already done.
    fn follow_start(&mut self) -> Result<(), ScheduleError> {
        let Some(start) = self.injections.as_ref().map(|i| i.start) else {
            return Ok(());
        };
        for c in &mut self.followup.checkpoints {
            if let (Some(m), None) = (c.months_after_start, c.done) {
                c.due = add_months(start, m)?;
            }
        }
        Ok(())
    }

    /// Rebuilds the checkpoints generated from the catalog's follow-up templates: those not
    /// done are replaced; done ones and those added by hand are kept. The lab recheck names
    /// the analytes that were out of range or below target.
    pub fn refresh_checkpoints(
        &mut self,
        catalog: &Catalog,
        eval: &Evaluation,
    ) -> Result<(), ScheduleError> {
        let Some(inj) = &self.injections else {
            return Ok(());
        };
        let start = inj.start;
        let lang = self.language;
        let abnormal: Vec<String> = eval
            .findings
            .iter()
            .filter(|f| f.needs_attention())
            .map(|f| {
                catalog
                    .analytes
                    .get(&f.analyte)
                    .map_or_else(|| f.analyte.to_string(), |a| a.name.get(lang).to_owned())
            })
            .collect();
        // The checkpoints regenerated keep the ids of those they replace (same template, same
        // month), so calendars update them.
        let previous: Vec<(Key, u8, Option<ItemId>)> = self
            .followup
            .checkpoints
            .iter()
            .filter(|c| c.done.is_none())
            .filter_map(|c| Some((c.what.clone(), c.months_after_start?, c.id.clone())))
            .collect();
        self.followup
            .checkpoints
            .retain(|c| c.done.is_some() || c.months_after_start.is_none());
        for (key, template) in catalog.followup.iter() {
            if key.as_str() == "lab_recheck" && abnormal.is_empty() {
                continue;
            }
            if key.as_str() == "maintenance_session" && inj.maintenance.is_none() {
                continue;
            }
            for &months in &template.months_after_start {
                let already_done = self
                    .followup
                    .checkpoints
                    .iter()
                    .any(|c| &c.what == key && c.months_after_start == Some(months));
                if already_done {
                    continue;
                }
                let mut label = format!(
                    "{} ({} {months} {})",
                    template.text.get(lang),
                    lang.pick("at", "à"),
                    lang.pick("months", "mois")
                );
                if key.as_str() == "lab_recheck" {
                    label = format!(
                        "{}{} {}",
                        template.text.get(lang),
                        lang.pick(":", " :"),
                        abnormal.join(", ")
                    );
                }
                let id = previous
                    .iter()
                    .find(|(w, m, _)| w == key && *m == months)
                    .and_then(|(_, _, id)| id.clone());
                self.followup.checkpoints.push(Checkpoint {
                    id,
                    what: key.clone(),
                    label: Text::new(label).ok(),
                    due: add_months(start, months)?,
                    months_after_start: Some(months),
                    done: None,
                    notes: None,
                });
            }
        }
        self.followup.checkpoints.sort_by_key(|c| c.due);
        self.assign_ids();
        Ok(())
    }
}

/// Days from today to the first session when nothing says to wait: a week, time for the
/// practitioner to order the product and for the patient to organise the visit.
pub const FIRST_SESSION_LEAD_DAYS: i64 = 7;

/// The earliest advisable date for session 1, and the gate rule that sets it, if one does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstSession {
    pub date: Date,
    /// The gate rule whose wait ends on `date` (e.g. `postpartum_recent`: six months after
    /// delivery); `None` when the date is the usual lead time.
    pub waits_for: Option<Key>,
}

/// The earliest advisable date for the first session of `plan`, as of `today`.
///
/// Normally `today` + [`FIRST_SESSION_LEAD_DAYS`]. When a gate rule that holds today stops
/// holding on its own with time — its condition bounds a time since an event with `at_most`
/// (`months_since_delivery`, `months_since_onset`), as the post-partum and recent telogen
/// effluvium rules do — the first session is not advised before that rule lapses: the date is
/// the day it no longer holds, if that is later. Rules that time does not lift (a
/// contraindication, a referral) do not move the date; the verdict says what they mean.
///
/// Pure: the caller passes `today`; nothing is changed in the plan.
pub fn earliest_first_session(plan: &Plan, catalog: &Catalog, today: Date) -> FirstSession {
    let usual = today
        .checked_add(FIRST_SESSION_LEAD_DAYS.days())
        .unwrap_or(today);
    let mut best = FirstSession {
        date: usual,
        waits_for: None,
    };
    let holds_on = |rule: &Key, day: Date| {
        super::evaluate::evaluate_on(plan, catalog, day)
            .eligibility
            .reasons
            .iter()
            .any(|r| &r.rule == rule)
    };
    let now = super::evaluate::evaluate_on(plan, catalog, today);
    for reason in &now.eligibility.reasons {
        let Some(rule) = catalog.gate.rules.get(&reason.rule) else {
            continue;
        };
        let mut bounds = Vec::new();
        time_bounds(&rule.when, &mut bounds);
        for (fact, at_most) in bounds {
            let anchor = match fact {
                "months_since_delivery" => plan.patient.history.delivery,
                "months_since_onset" => plan.assessment.onset,
                _ => None,
            };
            // Whole months are counted: `at_most: 5` holds until six full months have passed.
            let Some(lapses) = anchor.and_then(|a| {
                let m = at_most.floor() + 1.0;
                (0.0..=1200.0)
                    .contains(&m)
                    .then(|| add_months_i64(a, m as i64))
                    .flatten()
            }) else {
                continue;
            };
            // The month count of a date clamped to the end of a month lags by days: step to
            // the first day the rule no longer holds (within a week).
            let mut day = lapses;
            for _ in 0..7 {
                if !holds_on(&reason.rule, day) {
                    break;
                }
                match day.checked_add(1.day()) {
                    Ok(next) => day = next,
                    Err(_) => break,
                }
            }
            if day > best.date && !holds_on(&reason.rule, day) {
                best = FirstSession {
                    date: day,
                    waits_for: Some(reason.rule.clone()),
                };
            }
        }
    }
    best
}

/// The time facts a condition bounds from above (`{fact: months_since_delivery, at_most: 5}`),
/// anywhere in it except under `not`.
fn time_bounds<'a>(c: &'a super::catalog::Condition, out: &mut Vec<(&'a str, f64)>) {
    if let (Some(fact), Some(at_most)) = (&c.fact, c.at_most)
        && fact.as_str().starts_with("months_since_")
    {
        out.push((fact.as_str(), at_most));
    }
    for inner in c.all.iter().chain(&c.any) {
        time_bounds(inner, out);
    }
}

fn add_months_i64(date: Date, months: i64) -> Option<Date> {
    date.checked_add(jiff::Span::new().try_months(months).ok()?)
        .ok()
}

/// Sessions planned or done closer to the previous session of the same product than the
/// catalog's minimum interval for their product (`products.*.min_interval`), in date order.
///
/// A session's day is its done date, else its planned date; cancelled sessions do not count.
/// Two sessions are of the same product when they share one (a combined session shares both
/// exosomes and PRP); the minimum is that of the later session's product. A product without a
/// minimum in the catalog is never warned about.
pub fn too_close(plan: &Plan, catalog: &Catalog) -> Vec<TooClose> {
    let Some(inj) = &plan.injections else {
        return Vec::new();
    };
    let mut dated: Vec<(Date, u8, Product)> = inj
        .sessions
        .iter()
        .filter(|s| s.status != SessionStatus::Cancelled)
        .map(|s| {
            (
                s.date.unwrap_or(s.planned),
                s.number,
                s.product.unwrap_or(inj.product),
            )
        })
        .collect();
    dated.sort();
    let mut out = Vec::new();
    for (i, &(day, number, product)) in dated.iter().enumerate() {
        let Some(minimum) = catalog
            .products
            .get(&product)
            .and_then(|p| p.min_interval.as_ref())
            .map(|m| m.days)
        else {
            continue;
        };
        let shares = |other: Product| {
            product
                .components()
                .iter()
                .any(|p| other.components().contains(p))
        };
        let previous = dated[..i].iter().rev().find(|(_, _, p)| shares(*p));
        if let Some(&(before, previous, _)) = previous {
            let days = days_between(before, day);
            if days < i64::from(minimum) {
                out.push(TooClose {
                    previous,
                    session: number,
                    days,
                    minimum,
                });
            }
        }
    }
    out
}

fn find(inj: &mut Injections, number: u8) -> Result<&mut Session, ScheduleError> {
    inj.sessions
        .iter_mut()
        .find(|s| s.number == number)
        .ok_or(ScheduleError::NoSuchSession(number))
}

fn days_between(from: Date, to: Date) -> i64 {
    // Civil dates are at most ±10,000 years apart, so the day count always fits.
    from.until((jiff::Unit::Day, to))
        .map_or(0, |span| i64::from(span.get_days()))
}

fn shift_later(inj: &mut Injections, number: u8, delta: i64) -> Result<(), ScheduleError> {
    for s in inj
        .sessions
        .iter_mut()
        .filter(|s| s.number > number && s.status == SessionStatus::Planned)
    {
        s.planned = s
            .planned
            .checked_add(
                jiff::Span::new()
                    .try_days(delta)
                    .map_err(|_| ScheduleError::DateOutOfRange)?,
            )
            .map_err(|_| ScheduleError::DateOutOfRange)?;
    }
    Ok(())
}
