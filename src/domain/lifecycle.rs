//! Where a plan stands in its life: draft until the patient has signed and the series is
//! planned, active during the series, completed after its last session. trichoplan suggests
//! the move; the practitioner confirms it.

use super::plan::{Plan, SessionStatus, Status};

/// The status the plan has reached, when it differs from the one it has: `active` once every
/// consent of the protocol is signed and a session is planned or done, `completed` once no
/// session is left planned and one at least was done. Archived plans are left alone.
pub fn suggested_status(plan: &Plan) -> Option<Status> {
    let inj = plan.injections.as_ref()?;
    let signed = inj
        .product
        .components()
        .iter()
        .all(|p| plan.consent.get(*p).is_some_and(|c| c.signed.is_some()));
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
