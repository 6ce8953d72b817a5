//! What is worth a look in a plan that reads fine: sessions too close together, references the
//! catalog lacks, a stored verdict that disagrees with the computed one, sessions done without
//! consent or against the gate.
//!
//! Each warning is a typed value that names the field it is about (a path into the file) and is
//! worded in either language by [`Warning::message`]; `validate`, `assess` and the interface
//! print the same words.

use super::Lang;
use super::plan::{EligibilityVerdict, Product};

/// One warning about a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A session planned or done closer to the previous session of the same product than the
    /// catalog's minimum interval.
    TooClose(TooClose),
    /// A reference to a catalog entry the catalog in force does not have.
    Unknown {
        /// Where, as a path into the file.
        field: String,
        what: Entry,
        /// The word the plan uses, as written.
        key: String,
    },
    /// A lab value in a unit the catalog cannot convert.
    Unconvertible {
        field: String,
        analyte: String,
        unit: String,
        accepted: Vec<String>,
    },
    /// The verdict written in the plan disagrees with the one computed (which is used).
    StaleVerdict {
        stored: EligibilityVerdict,
        computed: EligibilityVerdict,
        /// True when the verdicts agree and only the reasons differ.
        reasons_only: bool,
    },
    /// A session done with neither a signed consent for these products nor an override.
    ConsentGap { session: u8, products: Vec<Product> },
    /// A session done, with no reason recorded, while the gate refers the patient to a doctor
    /// or finds them not eligible.
    DoneAgainstGate {
        session: u8,
        verdict: EligibilityVerdict,
    },
}

/// The kinds of catalog entry a plan refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Sign,
    Question,
    Action,
    Rule,
    Analyte,
    FollowupTemplate,
    Text,
}

impl Entry {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Entry::Sign => lang.pick("unknown sign", "signe inconnu"),
            Entry::Question => lang.pick("unknown question", "question inconnue"),
            Entry::Action => lang.pick("unknown action", "action inconnue"),
            Entry::Rule => lang.pick("unknown rule", "règle inconnue"),
            Entry::Analyte => lang.pick("unknown analyte", "analyse inconnue"),
            Entry::FollowupTemplate => lang.pick("unknown template", "modèle de suivi inconnu"),
            Entry::Text => lang.pick("unknown text", "texte inconnu"),
        }
    }
}

/// Two sessions of one product closer together than the catalog's minimum interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooClose {
    /// The number of the earlier session.
    pub previous: u8,
    /// The number of the session that comes too soon after it.
    pub session: u8,
    /// Days between the two (done date, else planned date).
    pub days: i64,
    /// The catalog's minimum for the later session's product, in days.
    pub minimum: u16,
}

/// "1 day", "3 days"; "1 jour", "3 jours".
fn days(n: i64, lang: Lang) -> String {
    let one = n.abs() == 1;
    format!(
        "{n} {}",
        match (lang, one) {
            (Lang::En, true) => "day",
            (Lang::En, false) => "days",
            (Lang::Fr, true) => "jour",
            (Lang::Fr, false) => "jours",
        }
    )
}

impl Warning {
    /// The field the warning is about, as a path into the plan file.
    pub fn field(&self) -> &str {
        match self {
            Warning::TooClose(_) | Warning::ConsentGap { .. } | Warning::DoneAgainstGate { .. } => {
                "injections.sessions"
            }
            Warning::Unknown { field, .. } | Warning::Unconvertible { field, .. } => field,
            Warning::StaleVerdict { .. } => "assessment.eligibility",
        }
    }

    /// The warning in `lang`, after the field it is about (`injections.sessions: …`).
    pub fn message(&self, lang: Lang) -> String {
        format!("{}: {}", self.field(), self.text(lang))
    }

    /// The warning in `lang`, without the field.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Warning::TooClose(c) => match lang {
                Lang::En => format!(
                    "session {} is {} after session {}, closer than the minimum of {} between two sessions of this product",
                    c.session,
                    days(c.days, lang),
                    c.previous,
                    days(i64::from(c.minimum), lang)
                ),
                Lang::Fr => format!(
                    "la séance {} vient {} après la séance {}, moins que le minimum de {} entre deux séances de ce produit",
                    c.session,
                    days(c.days, lang),
                    c.previous,
                    days(i64::from(c.minimum), lang)
                ),
            },
            Warning::Unknown { what, key, .. } => format!("{} `{key}`", what.label(lang)),
            Warning::Unconvertible {
                analyte,
                unit,
                accepted,
                ..
            } => match lang {
                Lang::En => format!(
                    "{analyte} in {unit} cannot be converted (accepted: {})",
                    accepted.join(", ")
                ),
                Lang::Fr => format!(
                    "{analyte} en {unit} ne se convertit pas (unités acceptées : {})",
                    accepted.join(", ")
                ),
            },
            Warning::StaleVerdict {
                stored,
                computed,
                reasons_only,
            } => match (lang, reasons_only) {
                (Lang::En, false) => format!(
                    "says {} but the assessment gives {}; the computed verdict is used",
                    stored.label(lang),
                    computed.label(lang)
                ),
                (Lang::Fr, false) => format!(
                    "indique « {} » mais l'évaluation donne « {} » ; le verdict calculé est retenu",
                    stored.label(lang),
                    computed.label(lang)
                ),
                (Lang::En, true) => format!(
                    "says {} for other reasons than the assessment's; the computed reasons are used",
                    stored.label(lang)
                ),
                (Lang::Fr, true) => format!(
                    "indique « {} » pour d'autres raisons que l'évaluation ; les raisons calculées sont retenues",
                    stored.label(lang)
                ),
            },
            Warning::ConsentGap { session, products } => {
                let names: Vec<&str> = products.iter().map(|p| p.label(lang)).collect();
                match lang {
                    Lang::En => format!(
                        "session {session} is done without a signed consent for {} and without an override",
                        names.join(" and ")
                    ),
                    Lang::Fr => format!(
                        "la séance {session} est faite sans consentement signé pour {} et sans raison de passer outre",
                        names.join(" et ")
                    ),
                }
            }
            Warning::DoneAgainstGate { session, verdict } => match lang {
                Lang::En => format!(
                    "session {session} is done while the gate says {}, with no reason recorded",
                    verdict.label(lang)
                ),
                Lang::Fr => format!(
                    "la séance {session} est faite alors que le bilan conclut « {} », sans raison notée",
                    verdict.label(lang)
                ),
            },
        }
    }
}
