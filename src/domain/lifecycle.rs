//! Where a plan stands in its life, and the moves between: a blank plan, a duplicate, a copy
//! saved beside a conflicting version, archiving and restoring.
//!
//! A plan is a draft until the patient has signed and the series is planned, active during
//! the series, completed after its last session, archived when set aside. trichoplan suggests
//! the move from draft to active and from active to completed; the practitioner confirms it.
//! These functions only change the plan in memory: the caller saves it (and records the
//! revision, which needs the clock).

use jiff::civil::Date;

use super::catalog::Catalog;
use super::evaluate::evaluate;
use super::plan::{
    Assessment, FollowUp, History, Modules, Patient, Plan, Practitioner, Schema, SessionStatus,
    Sex, Status,
};
use super::schedule::{ProtocolSetup, ScheduleError};
use super::{Lang, PlanId, Text};

/// The patient's name on a plan that has none yet.
pub const NEW_PATIENT_EN: &str = "New patient";
/// The same, in French.
pub const NEW_PATIENT_FR: &str = "Nouveau patient";

/// True for the placeholder name of a new plan (in either language).
pub fn is_placeholder(name: &str) -> bool {
    name == NEW_PATIENT_EN || name == NEW_PATIENT_FR
}

/// Why a plan cannot make the move asked of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("the plan is already archived")]
    AlreadyArchived,
    #[error("the plan is not archived")]
    NotArchived,
    /// Replanning the sessions of a duplicate failed.
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
}

impl LifecycleError {
    /// The reason in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LifecycleError::AlreadyArchived => lang
                .pick("the plan is already archived", "le plan est déjà archivé")
                .to_owned(),
            LifecycleError::NotArchived => lang
                .pick("the plan is not archived", "le plan n'est pas archivé")
                .to_owned(),
            LifecycleError::Schedule(e) => e.message(lang),
        }
    }
}

/// A blank plan, as `trichoplan new` opens it: a draft for a female patient with a
/// placeholder name (in `lang`), signed by the practitioner of the settings.
pub fn blank_plan(
    id: PlanId,
    today: Date,
    lang: Lang,
    practitioner: Option<Practitioner>,
) -> Option<Plan> {
    Some(Plan {
        schema: Schema::CURRENT,
        id,
        status: Status::Draft,
        language: lang,
        created: today,
        updated: today,
        revision: 0,
        practitioner,
        patient: Patient {
            name: Text::new(lang.pick(NEW_PATIENT_EN, NEW_PATIENT_FR)).ok()?,
            birth_year: None,
            birth_date: None,
            sex: Sex::Female,
            contact: None,
            history: History::default(),
        },
        assessment: Assessment::default(),
        modules: Modules::default(),
        injections: None,
        followup: FollowUp::default(),
        pricing: None,
        consent: Default::default(),
        notes: None,
        patient_note: None,
        removed: Vec::new(),
        revisions: Vec::new(),
        conflicts: Vec::new(),
    })
}

/// Days between a duplicate's making and its first session.
pub const DUPLICATE_START_DAYS: i64 = 7;

/// A new plan starting from `plan`, under `id`, made on `today`: a starting point for a new
/// series, never a second copy of the running one.
///
/// Kept: the patient, the assessment and the modules (with their decisions), the protocol's
/// product, session count, interval, zones and maintenance, the pricing, the notes, the
/// practitioner, the documents' language, and any field conflict still waiting for a choice.
/// Reset: the status (draft), the dates (today), the revision and its log, the consents
/// (unsigned), the sessions (replanned from a week after `today`, none done), the follow-up
/// (the original series' checkpoints and measurements stay with it; the copy gets the
/// checkpoints of its own series), and the record of removed items (the copy's calendar
/// starts empty).
pub fn duplicate(
    plan: &Plan,
    id: PlanId,
    today: Date,
    catalog: &Catalog,
) -> Result<Plan, LifecycleError> {
    let mut copy = plan.clone();
    copy.id = id;
    copy.status = Status::Draft;
    copy.created = today;
    copy.updated = today;
    copy.revision = 0;
    copy.revisions.clear();
    copy.removed.clear();
    copy.consent.iter_mut().for_each(|c| c.signed = None);
    copy.followup = FollowUp::default();
    if let Some(inj) = copy.injections.take() {
        let start = today
            .checked_add(jiff::Span::new().days(DUPLICATE_START_DAYS))
            .map_err(|_| ScheduleError::DateOutOfRange)?;
        let setup = ProtocolSetup {
            start,
            ..ProtocolSetup::of(&inj)
        };
        let eval = evaluate(&copy, catalog);
        copy.set_protocol(&setup, catalog, &eval)?;
    }
    Ok(copy)
}

/// Sets a plan aside: archived plans leave the agenda and the calendars, and stay readable.
pub fn archive(plan: &mut Plan) -> Result<(), LifecycleError> {
    if plan.status == Status::Archived {
        return Err(LifecycleError::AlreadyArchived);
    }
    plan.status = Status::Archived;
    Ok(())
}

/// Brings an archived plan back, with the status its sessions and consents give it (see
/// [`restored_status`]); returns that status.
pub fn restore(plan: &mut Plan) -> Result<Status, LifecycleError> {
    if plan.status != Status::Archived {
        return Err(LifecycleError::NotArchived);
    }
    plan.status = restored_status(plan);
    Ok(plan.status)
}

/// The status a plan's content gives it, archives aside (the file keeps no status from before
/// archiving): `completed` when sessions were done and none is left planned, `active` when a
/// session was done or the consents are signed and a session is planned, else `draft`.
pub fn restored_status(plan: &Plan) -> Status {
    let Some(inj) = plan.injections.as_ref() else {
        return Status::Draft;
    };
    let planned = inj
        .sessions
        .iter()
        .any(|s| s.status == SessionStatus::Planned);
    let done = inj.sessions.iter().any(|s| s.status == SessionStatus::Done);
    if done && !planned {
        Status::Completed
    } else if done || (planned && consents_signed(plan)) {
        Status::Active
    } else {
        Status::Draft
    }
}

/// True when the patient signed the consent of every product of the protocol.
fn consents_signed(plan: &Plan) -> bool {
    plan.injections.as_ref().is_some_and(|inj| {
        inj.product
            .components()
            .iter()
            .all(|p| plan.consent.get(*p).is_some_and(|c| c.signed.is_some()))
    })
}

/// True when two plans' patient names are the same person's as far as names tell (case,
/// accents kept, surrounding and repeated spaces ignored).
pub fn same_patient(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// A plan saved as a copy beside the version it conflicted with: if the patient already has
/// an active plan, the copy is kept as a draft, so that its sessions stay tentative in the
/// agenda and calendars and the patient is not booked twice. Returns true when the copy was
/// turned into a draft (the caller says so).
pub fn settle_copy(copy: &mut Plan, patient_has_active_plan: bool) -> bool {
    if patient_has_active_plan && copy.status == Status::Active {
        copy.status = Status::Draft;
        return true;
    }
    false
}

/// The status the plan has reached, when it differs from the one it has: `active` once every
/// consent of the protocol is signed and a session is planned or done, `completed` once no
/// session is left planned and one at least was done. Archived plans are left alone.
pub fn suggested_status(plan: &Plan) -> Option<Status> {
    let inj = plan.injections.as_ref()?;
    let signed = consents_signed(plan);
    let planned = inj
        .sessions
        .iter()
        .any(|s| s.status == SessionStatus::Planned);
    let done = inj.sessions.iter().any(|s| s.status == SessionStatus::Done);
    let next = match plan.status {
        Status::Draft if signed && (planned || done) => Status::Active,
        Status::Active if done && !planned => Status::Completed,
        _ => return None,
    };
    Some(next)
}
