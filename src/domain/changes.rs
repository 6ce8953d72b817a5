//! What changed between two versions of a plan, in a few words for the revision log.

use super::Lang;
use super::plan::{Plan, SessionStatus};

/// Describes the changes from `old` (the saved version, `None` for a new plan) to `new`.
pub fn describe_changes(old: Option<&Plan>, new: &Plan, lang: Lang) -> String {
    let Some(old) = old else {
        return lang.pick("Plan created", "Création du plan").to_owned();
    };
    let mut parts: Vec<String> = Vec::new();
    let section = |parts: &mut Vec<String>, changed: bool, en: &str, fr: &str| {
        if changed {
            parts.push(lang.pick(en, fr).to_owned());
        }
    };
    section(&mut parts, old.patient != new.patient, "patient", "patient");
    section(
        &mut parts,
        old.assessment.eligibility_free() != new.assessment.eligibility_free(),
        "assessment",
        "bilan",
    );
    for ((name, a), (_, b)) in old.modules.iter().into_iter().zip(new.modules.iter()) {
        if a != b {
            parts.push(name.label(lang).to_lowercase());
        }
    }
    match (&old.injections, &new.injections) {
        (None, Some(_)) => parts.push(
            lang.pick("injection protocol set up", "protocole d'injections défini")
                .to_owned(),
        ),
        (Some(_), None) => parts.push(
            lang.pick(
                "injection protocol removed",
                "protocole d'injections retiré",
            )
            .to_owned(),
        ),
        (Some(a), Some(b)) => {
            for s in &b.sessions {
                let before = a.sessions.iter().find(|x| x.number == s.number);
                let what = match (before.map(|x| (x.status, x.planned)), s.status) {
                    (None, _) => Some(lang.pick("added", "ajoutée").to_owned()),
                    (Some((SessionStatus::Planned, _)), SessionStatus::Done) => {
                        Some(match &s.consent_override {
                            None => lang.pick("done", "faite").to_owned(),
                            Some(why) => format!(
                                "{} ({why})",
                                lang.pick("done with an override", "faite en passant outre")
                            ),
                        })
                    }
                    (Some((SessionStatus::Planned, _)), SessionStatus::Cancelled) => {
                        Some(lang.pick("cancelled", "annulée").to_owned())
                    }
                    (Some((_, planned)), SessionStatus::Planned) if planned != s.planned => {
                        Some(format!(
                            "{} {}",
                            lang.pick("moved to", "déplacée au"),
                            super::dates::long(s.planned, lang)
                        ))
                    }
                    _ => None,
                };
                if let Some(what) = what {
                    parts.push(format!(
                        "{} {} {what}",
                        lang.pick("session", "séance"),
                        s.number
                    ));
                }
            }
            let (mut a2, mut b2) = (a.clone(), b.clone());
            a2.sessions.clear();
            b2.sessions.clear();
            if a2 != b2 {
                parts.push(
                    lang.pick("injection protocol", "protocole d'injections")
                        .to_owned(),
                );
            }
        }
        (None, None) => {}
    }
    section(
        &mut parts,
        old.followup != new.followup,
        "follow-up",
        "suivi",
    );
    section(&mut parts, old.pricing != new.pricing, "prices", "tarifs");
    section(
        &mut parts,
        old.consent != new.consent,
        "consent",
        "consentement",
    );
    section(&mut parts, old.notes != new.notes, "notes", "notes");
    section(&mut parts, old.status != new.status, "status", "statut");
    section(
        &mut parts,
        old.language != new.language || old.practitioner != new.practitioner,
        "plan details",
        "informations du plan",
    );
    if parts.is_empty() {
        return lang
            .pick("Saved without changes", "Enregistré sans modification")
            .to_owned();
    }
    let mut text = parts.join(", ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    text
}

impl super::plan::Assessment {
    /// The assessment without its derived verdict (which changes with the catalog).
    fn eligibility_free(&self) -> Self {
        let mut a = self.clone();
        a.eligibility = None;
        a
    }
}
