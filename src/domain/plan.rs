//! The care plan: one patient, one assessment, four terrain modules and an injection protocol.
//!
//! These types *are* the file format (`schema: 1`): field names are what a practitioner reads
//! when opening a plan in a text editor, so they are plain, snake_case and stable. Every struct
//! rejects unknown keys, so a typo is an error rather than data silently dropped on the next save.
//! Values are checked as they are read (ids, text, numbers, stages) so that errors carry the line
//! and column of the offending value; checks that span several fields live in [`super::check`].

use std::collections::BTreeMap;
use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ids::{ItemId, Key, PlanId};
use super::money::{Cents, Currency};
use super::text::{Prose, Text};
use super::{Lang, Zone};

/// The schema version this build writes. It also reads schema 1 files, migrated as they are
/// read (see [`Plan::migrate`]) and written as schema 2 on the next save; the store keeps the
/// schema-1 file in the plan's history.
///
/// Schema 2 added the birth date, per-product consents (`consent:` became a list) and a
/// session's consent override.
pub const SCHEMA: u32 = 2;

/// The oldest schema this build still reads.
pub const OLDEST_SCHEMA: u32 = 1;

/// A whole care plan, as saved in `<id>.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// File format version; always [`SCHEMA`] for files this build writes.
    pub schema: Schema,
    /// Stable id, also the file name.
    pub id: PlanId,
    pub status: Status,
    /// Language of the patient documents (the interface language is separate).
    pub language: Lang,
    #[serde(with = "super::de::date")]
    pub created: Date,
    #[serde(with = "super::de::date")]
    pub updated: Date,
    /// Incremented on each save; the revision log says what changed.
    pub revision: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practitioner: Option<Practitioner>,
    pub patient: Patient,
    #[serde(default, skip_serializing_if = "Assessment::is_empty")]
    pub assessment: Assessment,
    #[serde(default, skip_serializing_if = "Modules::is_empty")]
    pub modules: Modules,
    /// Absent for a patient not eligible for (or not wanting) injections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injections: Option<Injections>,
    #[serde(default, skip_serializing_if = "FollowUp::is_empty")]
    pub followup: FollowUp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<Pricing>,
    /// One consent per product of the protocol (a combined protocol has two).
    #[serde(default, skip_serializing_if = "Consents::is_empty")]
    pub consent: Consents,
    /// The practitioner's own notes: never printed for the patient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Prose>,
    /// A note written for the patient, printed on the handout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_note: Option<Prose>,
    /// Sessions and checkpoints removed from the plan, kept so that a calendar which imported
    /// them is told they are cancelled (and so that their ids are never given again).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<RemovedItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
    /// Fields changed differently on two machines, found when their versions were merged
    /// (`trichoplan sync`): the plan holds one value, this list keeps both until the
    /// practitioner chooses. Empty for a plan that was never merged with a conflict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<MergeConflict>,
}

/// One field changed on both sides of a merge, with both values (as they would be written in
/// the plan file; `null` for a side that removed it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeConflict {
    /// Where, as a path into the plan (`injections.sessions[session-3].date`; list items are
    /// named by their identity: session and checkpoint id, lab analyte@date, action key…).
    pub field: Text,
    /// The value the plan holds meanwhile (the later edit's, or the one that was not
    /// removed).
    #[serde(default)]
    pub ours: serde_json::Value,
    /// The other version's value (`null`: that version removed it).
    #[serde(default)]
    pub theirs: serde_json::Value,
}

/// A session or checkpoint removed from the plan: its id, the day it was due, and the plan
/// revision that removed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemovedItem {
    pub id: ItemId,
    /// The day the item was due (or took place) when it was removed.
    #[serde(with = "super::de::date")]
    pub date: Date,
    /// The plan revision that removed it.
    pub revision: u32,
}

/// The `schema:` number, refused unless this build knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "u32")]
pub struct Schema(u32);

impl<'de> Deserialize<'de> for Schema {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::de::checked_u64(d, "a schema number", |v| {
            Schema::try_from(u32::try_from(v).unwrap_or(u32::MAX))
        })
    }
}

impl Schema {
    /// The version this build writes.
    pub const CURRENT: Schema = Schema(SCHEMA);

    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for Schema {
    type Error = String;
    fn try_from(v: u32) -> Result<Self, String> {
        match v {
            OLDEST_SCHEMA..=SCHEMA => Ok(Schema(v)),
            v if v > SCHEMA => Err(format!(
                "schema {v} is newer than this trichoplan understands ({SCHEMA}); update trichoplan"
            )),
            v => Err(format!(
                "schema {v} is unknown (this trichoplan reads {OLDEST_SCHEMA} to {SCHEMA})"
            )),
        }
    }
}

impl From<Schema> for u32 {
    fn from(s: Schema) -> u32 {
        s.0
    }
}

/// Where a plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Active,
    Completed,
    Archived,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 4] = [
        Status::Draft,
        Status::Active,
        Status::Completed,
        Status::Archived,
    ];

    /// The word used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Active => "active",
            Status::Completed => "completed",
            Status::Archived => "archived",
        }
    }
}

/// Who treats, printed on the patient's documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practitioner {
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clinic: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Text>,
}

impl Practitioner {
    /// The name as signed: title and name (`Dr Claire Martin`).
    pub fn signed_name(&self) -> String {
        match &self.title {
            Some(title) => format!("{title} {}", self.name),
            None => self.name.to_string(),
        }
    }
}

/// The patient, as much as the plan needs and no more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    /// Name or pseudonym.
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<u16>,
    /// The full birth date, when known: it settles whether the patient is a minor.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::de::opt_date"
    )]
    pub birth_date: Option<Date>,
    pub sex: Sex,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    #[serde(default, skip_serializing_if = "History::is_empty")]
    pub history: History,
}

/// Sex as recorded for clinical purposes (scales and lab ranges differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
    Other,
}

/// How to reach the patient (optional).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Text>,
}

/// Relevant history: what the eligibility gate and the modules need to know.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct History {
    /// Date of the last delivery, for post-partum shedding.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::de::opt_date"
    )]
    pub delivery: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pregnant: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breastfeeding: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub medications: Vec<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_history: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Prose>,
}

impl History {
    fn is_empty(&self) -> bool {
        *self == History::default()
    }
}

/// The "bilan préalable": what the practitioner observed before deciding on injections.
///
/// The eligibility verdict is *derived* from these facts by the catalog's rules and is never
/// stored as typed input.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint: Option<Complaint>,
    /// When the loss or shedding started.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::de::opt_date"
    )]
    pub onset: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Text>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::de::opt_date"
    )]
    pub trigger_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pull_test: Vec<PullTest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trichoscopy: Option<Trichoscopy>,
    /// Per zone: are follicular openings still present, and how long has it been bald.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<ZoneFinding>,
    /// Scarring seen clinically (absence of follicular openings, white or milky-red areas).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scarring: Option<bool>,
    /// Answers to the catalog's gate questions, by question key.
    #[serde(default, skip_serializing_if = "Answers::is_empty")]
    pub answers: Answers,
    /// Actions decided at the assessment (a referral, a lab to order).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ChosenAction>,
    /// Decisions on the suggestions made at the assessment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Prose>,
    /// The verdict as last computed by trichoplan, kept for readers of the file. Derived: it is
    /// recomputed from the facts above and a disagreeing value is reported, never trusted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<StoredEligibility>,
}

/// The verdicts of the eligibility gate, from the best to the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EligibilityVerdict {
    Eligible,
    EligibleWithCautions,
    /// See a doctor before any injection: a contraindication or a red flag needs a medical
    /// opinion first.
    ReferFirst,
    NotEligible,
}

impl EligibilityVerdict {
    /// The word used in files and in `assess --format json`.
    pub fn as_str(self) -> &'static str {
        match self {
            EligibilityVerdict::Eligible => "eligible",
            EligibilityVerdict::EligibleWithCautions => "eligible_with_cautions",
            EligibilityVerdict::ReferFirst => "refer_first",
            EligibilityVerdict::NotEligible => "not_eligible",
        }
    }

    /// The verdict in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            EligibilityVerdict::Eligible => lang.pick("eligible", "éligible"),
            EligibilityVerdict::EligibleWithCautions => {
                lang.pick("eligible with cautions", "éligible avec précautions")
            }
            EligibilityVerdict::ReferFirst => lang.pick(
                "refer first: see a doctor before any injection",
                "avis médical d'abord : voir un médecin avant toute injection",
            ),
            EligibilityVerdict::NotEligible => lang.pick("not eligible", "non éligible"),
        }
    }

    /// True when injections may be planned now (possibly with cautions).
    pub fn allows_injections(self) -> bool {
        matches!(
            self,
            EligibilityVerdict::Eligible | EligibilityVerdict::EligibleWithCautions
        )
    }
}

/// The eligibility verdict and the gate rules behind it, as written in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredEligibility {
    pub verdict: EligibilityVerdict,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Key>,
}

impl Assessment {
    fn is_empty(&self) -> bool {
        *self == Assessment::default()
    }
}

/// What the patient consults for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Complaint {
    PostpartumShedding,
    TelogenEffluvium,
    AndrogeneticAlopecia,
    FemalePatternLoss,
    AlopeciaAreata,
    ScarringAlopecia,
    Other,
}

impl Complaint {
    /// Every complaint, in the order the interface offers them.
    pub const ALL: [Complaint; 7] = [
        Complaint::PostpartumShedding,
        Complaint::TelogenEffluvium,
        Complaint::AndrogeneticAlopecia,
        Complaint::FemalePatternLoss,
        Complaint::AlopeciaAreata,
        Complaint::ScarringAlopecia,
        Complaint::Other,
    ];
}

/// A staging scale and the stage read on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub system: ScaleSystem,
    /// Written as on the scale: `III-vertex`, `IVa`, `II`, `3`, or a SALT score `0`–`100`.
    pub stage: Stage,
}

/// The staging systems a plan can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScaleSystem {
    /// Norwood–Hamilton I–VII with the `a` and vertex variants (male pattern).
    Norwood,
    /// Ludwig I–III (female pattern, crown thinning).
    Ludwig,
    /// Sinclair 1–5 (female pattern, part width).
    Sinclair,
    /// Severity of Alopecia Tool, 0–100 % of scalp (alopecia areata).
    Salt,
}

const NORWOOD_STAGES: &[&str] = &[
    "I",
    "II",
    "IIa",
    "III",
    "IIIa",
    "III-vertex",
    "IV",
    "IVa",
    "V",
    "Va",
    "VI",
    "VII",
];

impl ScaleSystem {
    /// Checks a stage against the scale, with the accepted stages in the message.
    pub fn check_stage(self, stage: &str) -> Result<(), String> {
        let ok = match self {
            ScaleSystem::Norwood => NORWOOD_STAGES.contains(&stage),
            ScaleSystem::Ludwig => matches!(stage, "I" | "II" | "III"),
            ScaleSystem::Sinclair => matches!(stage, "1" | "2" | "3" | "4" | "5"),
            ScaleSystem::Salt => stage
                .parse::<f64>()
                .is_ok_and(|v| (0.0..=100.0).contains(&v)),
        };
        if ok {
            return Ok(());
        }
        let expected = match self {
            ScaleSystem::Norwood => NORWOOD_STAGES.join(", "),
            ScaleSystem::Ludwig => "I, II, III".to_owned(),
            ScaleSystem::Sinclair => "1 to 5".to_owned(),
            ScaleSystem::Salt => "a score from 0 to 100".to_owned(),
        };
        Err(format!(
            "{stage:?} is not a stage of this scale (expected {expected})"
        ))
    }
}

/// A stage label; written as a number or a string in YAML (`stage: 3` or `stage: III`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage(pub String);

impl Serialize for Stage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.parse::<u32>() {
            Ok(n) => s.serialize_u32(n),
            Err(_) => s.serialize_str(&self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Stage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Stage;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a stage such as III-vertex, II or 3")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Stage, E> {
                Ok(Stage(v.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Stage, E> {
                Ok(Stage(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Stage, E> {
                Ok(Stage(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// One pull test: hairs grasped and hairs that came out, in one region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullTest {
    pub region: Zone,
    pub grasped: u16,
    pub extracted: u16,
}

/// Trichoscopy signs (catalog keys) and free observations.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trichoscopy {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signs: Vec<Key>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Prose>,
}

/// What was seen in one zone of the scalp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneFinding {
    pub zone: Zone,
    /// Follicular openings still visible (their absence is the hallmark of scarring).
    pub follicular_openings: bool,
    /// Years the zone has been completely bald; absent or 0 when it is not bald.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years_bald: Option<Quantity>,
}

/// Answers to catalog questions, by question key. Duplicate keys are an error.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answers(pub BTreeMap<Key, Answer>);

impl Answers {
    /// True when no question has been answered.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Answers {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter())
    }
}

impl<'de> Deserialize<'de> for Answers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Answers;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of question keys to answers")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Answers, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<Key, Answer>()? {
                    if out.contains_key(&k) {
                        return Err(de::Error::custom(format_args!("duplicate answer `{k}`")));
                    }
                    out.insert(k, v);
                }
                Ok(Answers(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// One answer: yes/no, a number, a choice (catalog key or text), or several choices.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    YesNo(bool),
    Number(f64),
    Choice(String),
    Choices(Vec<String>),
}

impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Answer::YesNo(b) => s.serialize_bool(*b),
            Answer::Number(n) => s.serialize_f64(*n),
            Answer::Choice(c) => s.serialize_str(c),
            Answer::Choices(cs) => s.collect_seq(cs),
        }
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        fn text<E: de::Error>(v: &str) -> Result<String, E> {
            Text::new(v)
                .map(String::from)
                .map_err(|e| E::custom(format_args!("answer: {e}")))
        }
        impl<'de> Visitor<'de> for V {
            type Value = Answer;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("yes/no (true/false), a number, a choice, or a list of choices")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Answer, E> {
                Ok(Answer::YesNo(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Answer, E> {
                self.visit_f64(v as f64)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Answer, E> {
                self.visit_f64(v as f64)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Answer, E> {
                if v.is_finite() {
                    Ok(Answer::Number(v))
                } else {
                    Err(E::custom("answer must be a finite number"))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Answer, E> {
                text(v).map(Answer::Choice)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Answer, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<Text>()? {
                    out.push(String::from(item));
                }
                Ok(Answer::Choices(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A non-negative, finite number with a sanity bound: lab values, measurements, years.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(into = "f64")]
pub struct Quantity(f64);

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::de::checked_f64(d, "a number", Quantity::new)
    }
}

impl Quantity {
    /// Largest value accepted anywhere in a plan; anything above is a typing error.
    pub const MAX: f64 = 1.0e7;

    /// Checks and wraps a value.
    pub fn new(v: f64) -> Result<Self, String> {
        if !v.is_finite() {
            Err("value must be a finite number".to_owned())
        } else if v < 0.0 {
            Err(format!("value {v} is negative"))
        } else if v > Self::MAX {
            Err(format!("value {v} is implausibly large"))
        } else {
            // -0 is 0.
            Ok(Quantity(v + 0.0))
        }
    }

    /// The number itself.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Quantity {
    type Error = String;
    fn try_from(v: f64) -> Result<Self, String> {
        Self::new(v)
    }
}

impl From<Quantity> for f64 {
    fn from(q: Quantity) -> f64 {
        q.0
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A unit as written on a lab report (`ng/mL`, `µmol/L`, `mIU/L`): short, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct Unit(String);

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::de::checked_str(d, "a unit such as ng/mL", Unit::new)
    }
}

impl Unit {
    /// Checks and wraps a unit.
    pub fn new(s: impl Into<String>) -> Result<Self, String> {
        let s = s.into();
        if s.is_empty() || s.chars().count() > 20 || s.chars().any(|c| c.is_whitespace()) {
            return Err(format!(
                "unit {s:?} must be 1 to 20 characters without spaces"
            ));
        }
        if s.chars().any(super::text::is_forbidden_char) {
            return Err(format!("unit {s:?} contains a control character"));
        }
        Ok(Unit(s))
    }

    /// The unit as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unit in `lang`'s words (`hairs/cm²` → `cheveux/cm²`): see [`unit_words`].
    pub fn shown(&self, lang: super::Lang) -> String {
        unit_words(&self.0, lang)
    }
}

/// Units are stored language-neutral, in these words, and shown in the reader's: (stored,
/// English, French). A compound unit shows its first word translated (`hairs/cm²`).
const UNIT_WORDS: [(&str, &str, &str); 3] = [
    ("hairs", "hairs", "cheveux"),
    ("h/week", "h/week", "h/semaine"),
    ("min/day", "min/day", "min/jour"),
];

/// A stored unit in `lang`'s words; units that are not words (`ng/mL`) are shown as stored.
pub fn unit_words(unit: &str, lang: super::Lang) -> String {
    for (stored, en, fr) in UNIT_WORDS {
        let word = lang.pick(en, fr);
        if unit == stored {
            return word.to_owned();
        }
        if let Some(rest) = unit.strip_prefix(stored).filter(|r| r.starts_with('/')) {
            return format!("{word}{rest}");
        }
    }
    unit.to_owned()
}

/// A unit typed in either language, in the word it is stored in (`cheveux/cm²` → `hairs/cm²`).
pub fn unit_stored(typed: &str) -> String {
    for (stored, en, fr) in UNIT_WORDS {
        for word in [en, fr] {
            if typed == word {
                return stored.to_owned();
            }
            if let Some(rest) = typed.strip_prefix(word).filter(|r| r.starts_with('/')) {
                return format!("{stored}{rest}");
            }
        }
    }
    typed.to_owned()
}

impl TryFrom<String> for Unit {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::new(s)
    }
}

impl From<Unit> for String {
    fn from(u: Unit) -> String {
        u.0
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The four terrain modules of the seed article.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Modules {
    #[serde(default, skip_serializing_if = "ModuleRecord::is_empty")]
    pub deficiencies: ModuleRecord,
    #[serde(default, skip_serializing_if = "ModuleRecord::is_empty")]
    pub inflammation: ModuleRecord,
    #[serde(default, skip_serializing_if = "ModuleRecord::is_empty")]
    pub microcirculation: ModuleRecord,
    #[serde(default, skip_serializing_if = "ModuleRecord::is_empty")]
    pub hormones: ModuleRecord,
}

impl Modules {
    fn is_empty(&self) -> bool {
        *self == Modules::default()
    }

    /// One module's record.
    pub fn get(&self, name: ModuleName) -> &ModuleRecord {
        match name {
            ModuleName::Deficiencies => &self.deficiencies,
            ModuleName::Inflammation => &self.inflammation,
            ModuleName::Microcirculation => &self.microcirculation,
            ModuleName::Hormones => &self.hormones,
        }
    }

    /// One module's record, to change it.
    pub fn get_mut(&mut self, name: ModuleName) -> &mut ModuleRecord {
        match name {
            ModuleName::Deficiencies => &mut self.deficiencies,
            ModuleName::Inflammation => &mut self.inflammation,
            ModuleName::Microcirculation => &mut self.microcirculation,
            ModuleName::Hormones => &mut self.hormones,
        }
    }

    /// The four modules with their names, in the article's order.
    pub fn iter(&self) -> [(ModuleName, &ModuleRecord); 4] {
        [
            (ModuleName::Deficiencies, &self.deficiencies),
            (ModuleName::Inflammation, &self.inflammation),
            (ModuleName::Microcirculation, &self.microcirculation),
            (ModuleName::Hormones, &self.hormones),
        ]
    }
}

/// Names of the four modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModuleName {
    Deficiencies,
    Inflammation,
    Microcirculation,
    Hormones,
}

impl ModuleName {
    /// The key used in plan files.
    pub fn as_str(self) -> &'static str {
        match self {
            ModuleName::Deficiencies => "deficiencies",
            ModuleName::Inflammation => "inflammation",
            ModuleName::Microcirculation => "microcirculation",
            ModuleName::Hormones => "hormones",
        }
    }
}

/// One module's answers, lab results, chosen actions and decisions on suggestions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleRecord {
    #[serde(default, skip_serializing_if = "Answers::is_empty")]
    pub answers: Answers,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labs: Vec<LabResult>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ChosenAction>,
    /// The practitioner's accept / reject of each catalog suggestion.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Prose>,
}

impl ModuleRecord {
    /// True when nothing was recorded in this module.
    pub fn is_empty(&self) -> bool {
        *self == ModuleRecord::default()
    }
}

/// One lab value, with the lab's own reference range in the same unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabResult {
    /// Catalog analyte key (`ferritin`, `vitamin_d`…).
    pub analyte: Key,
    pub value: Quantity,
    pub unit: Unit,
    /// Date the sample was drawn.
    #[serde(with = "super::de::date")]
    pub date: Date,
    /// The reference range printed by the lab, in `unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<RefRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lab: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Text>,
}

/// A reference range; either bound may be open (`CRP < 5` has only `high`). Bounds inclusive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefRange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<Quantity>,
}

/// An action the practitioner chose for this patient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChosenAction {
    /// Catalog action key.
    pub action: Key,
    #[serde(default)]
    pub origin: Origin,
    /// Wording when the practitioner adds an action the catalog does not have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Text>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::de::opt_date"
    )]
    pub start: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Prose>,
}

/// Whether an action came from a catalog suggestion or was added by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Suggested,
    #[default]
    Manual,
}

/// The practitioner's decision on one suggestion, so a rejected one is not offered again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The catalog rule that made the suggestion.
    pub rule: Key,
    /// The suggested action, when the rule suggests one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Key>,
    /// What the rule fired on (`ferritin 18 ng/mL on 2026-10-28`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<Text>,
    pub decision: Verdict,
    #[serde(with = "super::de::date")]
    pub date: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text>,
}

/// Accept or reject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Accepted,
    Rejected,
}

/// The injection protocol and its dated sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Injections {
    pub product: Product,
    /// Supplier or preparation (PRP kit, exosome source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_source: Option<Text>,
    /// Regulatory status of the product as stated by the supplier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regulatory_status: Option<Text>,
    pub zones: Vec<Zone>,
    /// Number of sessions in the initial series.
    pub sessions_planned: u8,
    /// Days between two sessions of the series.
    pub interval_days: u16,
    #[serde(with = "super::de::date")]
    pub start: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance: Option<Maintenance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<Session>,
}

/// What is injected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    Exosomes,
    Prp,
    /// Exosomes and PRP in the same protocol.
    Combined,
}

impl fmt::Display for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Product {
    /// Every product, in the order the catalog lists them.
    pub const ALL: [Product; 3] = [Product::Exosomes, Product::Prp, Product::Combined];

    /// The single products a protocol injects: both for a combined protocol.
    pub fn components(self) -> &'static [Product] {
        match self {
            Product::Exosomes => &[Product::Exosomes],
            Product::Prp => &[Product::Prp],
            Product::Combined => &[Product::Exosomes, Product::Prp],
        }
    }

    /// The word used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Product::Exosomes => "exosomes",
            Product::Prp => "prp",
            Product::Combined => "combined",
        }
    }
}

/// Maintenance after the series (often one session a year).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Maintenance {
    pub every_months: u8,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::de::opt_date"
    )]
    pub next: Option<Date>,
}

/// One session of the series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Stable identity in the plan (calendar UID, FHIR identifier); assigned when missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// 1-based position in the series.
    pub number: u8,
    /// The date it is (or was) planned for.
    #[serde(with = "super::de::date")]
    pub planned: Date,
    pub status: SessionStatus,
    /// The date it actually took place (done sessions).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::de::opt_date"
    )]
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<Product>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<Zone>,
    /// Skin reaction observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Prose>,
    /// Why the session was done without a signed consent for its product: the practitioner's
    /// explicit override, also written in the revision log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_override: Option<Text>,
}

impl Session {
    /// A session planned on `date`, nothing recorded yet.
    pub fn planned(number: u8, date: Date) -> Session {
        Session {
            id: None,
            number,
            planned: date,
            status: SessionStatus::Planned,
            date: None,
            product: None,
            lot: None,
            zones: Vec::new(),
            reaction: None,
            notes: None,
            consent_override: None,
        }
    }
}

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Planned,
    Done,
    Cancelled,
}

/// Follow-up checkpoints and the measurements taken at visits.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checkpoints: Vec<Checkpoint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<Measurement>,
}

impl FollowUp {
    fn is_empty(&self) -> bool {
        *self == FollowUp::default()
    }
}

/// Something to do at a date: photos and pull test at 3 months, a lab recheck…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// Stable identity in the plan (calendar UID, FHIR identifier); assigned when missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// Catalog follow-up template key.
    pub what: Key,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    #[serde(with = "super::de::date")]
    pub due: Date,
    /// Set for checkpoints dated from the first session: they move with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months_after_start: Option<u8>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::de::opt_date"
    )]
    pub done: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Prose>,
}

/// A measurement recorded at a visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    #[serde(with = "super::de::date")]
    pub date: Date,
    pub kind: MeasurementKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Zone>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// Photo file, relative to the plans folder or absolute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Text>,
}

/// What a measurement measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasurementKind {
    /// Hairs extracted out of about 50–60 grasped.
    PullTest,
    /// Hairs shed in a standardised wash.
    WashTest,
    /// Hairs per cm² (trichoscopy or phototrichogram).
    Density,
    /// Mean shaft diameter, µm.
    ShaftDiameter,
    Photo,
}

/// Prices of the protocol, in integer cents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    pub currency: Currency,
    pub mode: PricingMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_session_cents: Option<Cents>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_cents: Option<Cents>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance_cents: Option<Cents>,
}

/// Whether the series is billed per session or as a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PricingMode {
    PerSession,
    Package,
}

/// The consents of a plan, one per product.
///
/// Schema 1 had a single consent (a map, with no product); it is read as one consent for the
/// product its text names, and written back as a list.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(transparent)]
pub struct Consents(pub Vec<Consent>);

impl Consents {
    /// True when no consent is recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The consent for `product` (a single product, not `combined`).
    pub fn get(&self, product: Product) -> Option<&Consent> {
        self.0.iter().find(|c| c.product == product)
    }

    /// The consent for `product`, to change it.
    pub fn get_mut(&mut self, product: Product) -> Option<&mut Consent> {
        self.0.iter_mut().find(|c| c.product == product)
    }

    /// Every consent.
    pub fn iter(&self) -> std::slice::Iter<'_, Consent> {
        self.0.iter()
    }

    /// Every consent, to change them.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, Consent> {
        self.0.iter_mut()
    }
}

impl<'de> Deserialize<'de> for Consents {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Consents;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of consents, one per product")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Consents, A::Error> {
                let mut out: Vec<Consent> = Vec::new();
                while let Some(c) = seq.next_element::<Consent>()? {
                    if out.iter().any(|o| o.product == c.product) {
                        return Err(de::Error::custom(format_args!(
                            "two consents for {}",
                            c.product
                        )));
                    }
                    out.push(c);
                }
                Ok(Consents(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Consents, A::Error> {
                let v1 = ConsentV1::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let product = if v1.text.as_str().contains("prp") {
                    Product::Prp
                } else {
                    Product::Exosomes
                };
                Ok(Consents(vec![Consent {
                    product,
                    text: v1.text,
                    version: v1.version,
                    signed: v1.signed,
                    notes: v1.notes,
                }]))
            }
        }
        d.deserialize_any(V)
    }
}

/// The single consent of schema 1.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsentV1 {
    text: Key,
    version: Text,
    #[serde(default, with = "super::de::opt_date")]
    signed: Option<Date>,
    #[serde(default)]
    notes: Option<Text>,
}

/// The consent a patient signs for one product, by catalog text and version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// A single product: `exosomes` or `prp`.
    pub product: Product,
    pub text: Key,
    pub version: Text,
    /// Date the patient signed, if they have.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::de::opt_date"
    )]
    pub signed: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Text>,
}

/// One entry of the revision log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub revision: u32,
    #[serde(with = "super::de::timestamp")]
    pub at: Timestamp,
    pub change: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text>,
}

impl Plan {
    /// Brings a plan read from an older schema to the current one. Schema 1 differs only in
    /// the shape of `consent`, which the reader already converts; the number is raised so the
    /// next save writes schema 2.
    pub fn migrate(&mut self) -> bool {
        let old = self.schema != Schema::CURRENT;
        self.schema = Schema::CURRENT;
        // Catalog 2026.12 merged the "peripilar sign" into the perifollicular discoloration it
        // is another name for (Rakowska 2009).
        if let Some(t) = self.assessment.trichoscopy.as_mut()
            && let Some(i) = t.signs.iter().position(|s| s.as_str() == "peripilar_sign")
        {
            let merged = "perifollicular_discoloration";
            if t.signs.iter().any(|s| s.as_str() == merged) {
                t.signs.remove(i);
            } else if let Ok(k) = Key::new(merged) {
                t.signs[i] = k;
            }
        }
        old
    }

    /// Every decision on a suggestion, from the assessment and the four modules.
    pub fn all_decisions(&self) -> impl Iterator<Item = &Decision> {
        self.assessment.decisions.iter().chain(
            self.modules
                .iter()
                .into_iter()
                .flat_map(|(_, m)| &m.decisions),
        )
    }

    /// The next session still planned, by date.
    pub fn next_session(&self) -> Option<&Session> {
        self.injections
            .as_ref()?
            .sessions
            .iter()
            .filter(|s| s.status == SessionStatus::Planned)
            .min_by_key(|s| s.planned)
    }

    /// Records a change made at `at` (on the practitioner's local date `today`): bumps the
    /// revision, stamps `updated` and appends to the log.
    pub fn record_revision(
        &mut self,
        at: Timestamp,
        today: Date,
        change: Text,
        reason: Option<Text>,
    ) {
        self.revision = self.revision.saturating_add(1);
        self.updated = today;
        self.revisions.push(Revision {
            revision: self.revision,
            at,
            change,
            reason,
        });
    }
}
