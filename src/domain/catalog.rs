//! The clinical catalog: every threshold, question, action and text the plan relies on, as data.
//!
//! The default catalog is YAML embedded in the binary; a practitioner can export it, edit it and
//! load it back as an override. Nothing clinical is decided in code: the evaluation
//! ([`super::evaluate`]) only applies what this catalog says, and every threshold and action
//! carries its source and its level of evidence.

use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Lang;
use super::ids::Key;
use super::plan::{ModuleName, Product, Quantity, Sex, Unit};
use super::text::Prose;

/// A map keyed by id that keeps the file's order and refuses duplicate keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Table<K: std::hash::Hash + Eq, V>(pub IndexMap<K, V>);

impl<K: std::hash::Hash + Eq, V> Default for Table<K, V> {
    fn default() -> Self {
        Table(IndexMap::new())
    }
}

impl<K: std::hash::Hash + Eq, V> Table<K, V> {
    /// The entry for `key`.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        Q: ?Sized + std::hash::Hash + indexmap::Equivalent<K>,
    {
        self.0.get(key)
    }

    /// Entries in file order.
    pub fn iter(&self) -> indexmap::map::Iter<'_, K, V> {
        self.0.iter()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: std::hash::Hash + Eq + Serialize, V: Serialize> Serialize for Table<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter())
    }
}

impl<'de, K, V> Deserialize<'de> for Table<K, V>
where
    K: std::hash::Hash + Eq + Deserialize<'de> + fmt::Display,
    V: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis<K, V>(std::marker::PhantomData<(K, V)>);
        impl<'de, K, V> Visitor<'de> for Vis<K, V>
        where
            K: std::hash::Hash + Eq + Deserialize<'de> + fmt::Display,
            V: Deserialize<'de>,
        {
            type Value = Table<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of unique keys")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = IndexMap::new();
                while let Some(k) = map.next_key::<K>()? {
                    if out.contains_key(&k) {
                        return Err(de::Error::custom(format_args!("duplicate key `{k}`")));
                    }
                    let v = map.next_value()?;
                    out.insert(k, v);
                }
                Ok(Table(out))
            }
        }
        d.deserialize_map(Vis(std::marker::PhantomData))
    }
}

/// The whole catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub schema: u32,
    /// The catalog's own version, printed on the practitioner record.
    pub version: String,
    /// Bibliography: every `source:` elsewhere names one of these.
    pub sources: Table<Key, Source>,
    pub scales: Scales,
    pub gate: Gate,
    /// Trichoscopy signs that can be recorded in an assessment.
    pub signs: Table<Key, Sign>,
    pub questions: Table<Key, Question>,
    pub analytes: Table<Key, Analyte>,
    pub actions: Table<Key, Action>,
    /// Suggestion rules of the four modules.
    pub rules: Table<Key, Rule>,
    pub products: Table<Product, ProductInfo>,
    pub followup: Table<Key, FollowupTemplate>,
    /// Patient-facing limits and consent texts.
    pub texts: Table<Key, PatientText>,
    /// Word lists read in the free text of the history (medications, conditions): a match asks
    /// the practitioner to confirm a structured answer, it never decides alone.
    #[serde(default, skip_serializing_if = "Table::is_empty")]
    pub terms: Table<Key, TermList>,
}

/// A reference: a guideline, a paper, the seed article, or a practice statement.
///
/// Every source can be found again: it carries a DOI, a PMID or a stable URL (`catalog check`
/// refuses one without).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub citation: String,
    /// A statement of practice (the source article, or a setting the practitioner chooses)
    /// rather than a publication: it needs no DOI, PMID or URL, and what cites it must say
    /// `evidence: practice`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub practice: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pmid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Source {
    /// The identifiers that let a reader find the source (`doi:…`, `PMID …`, the URL).
    pub fn locators(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(d) = &self.doi {
            out.push(format!("doi:{d}"));
        }
        if let Some(p) = &self.pmid {
            out.push(format!("PMID {p}"));
        }
        if let Some(u) = &self.url {
            out.push(u.clone());
        }
        out
    }
}

/// How strong the support for a threshold or an action is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// A published clinical practice guideline or consensus.
    Guideline,
    /// Published studies (often small or observational here).
    Study,
    /// Expert opinion, reviews, or associations without trials.
    ExpertOpinion,
    /// The practitioner's own practice (the seed article's defaults).
    Practice,
}

impl Evidence {
    /// The evidence level in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Evidence::Guideline => lang.pick("guideline", "recommandation"),
            Evidence::Study => lang.pick("study", "étude"),
            Evidence::ExpertOpinion => lang.pick("expert opinion", "avis d'expert"),
            Evidence::Practice => lang.pick("practice", "pratique"),
        }
    }
}

/// A text in both languages. Either may be missing in a hand-edited catalog; `catalog check`
/// reports it and the other language is shown meanwhile.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<Prose>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<Prose>,
}

impl Localized {
    /// The text in `lang`, or in the other language when that one is missing.
    pub fn get(&self, lang: Lang) -> &str {
        let (want, other) = match lang {
            Lang::En => (&self.en, &self.fr),
            Lang::Fr => (&self.fr, &self.en),
        };
        want.as_ref().or(other.as_ref()).map_or("", |p| p.as_str())
    }
}

/// Which stages of each scale count as advanced (beyond the "early" stages the seed targets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scales {
    pub advanced_norwood: Vec<String>,
    pub advanced_ludwig: Vec<String>,
    pub advanced_sinclair: Vec<String>,
    /// SALT score from which alopecia areata is severe.
    pub severe_salt: f64,
    /// Where the severe SALT band comes from.
    pub severe_salt_source: Key,
    /// Source and evidence of the advanced stages of the pattern scales.
    pub source: Key,
    pub evidence: Evidence,
}

/// The eligibility gate: thresholds and the rules that give the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// A zone bald for at least this many years counts as "bald for a long time".
    pub long_bald_years: f64,
    pub long_bald_source: Key,
    pub long_bald_evidence: Evidence,
    /// A pull test region is positive above this share of grasped hairs.
    pub pull_test_positive_share: f64,
    pub pull_test_source: Key,
    pub rules: Table<Key, GateRule>,
}

/// One gate rule: when its condition holds, the verdict is at best its outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateRule {
    pub when: Condition,
    pub outcome: Outcome,
    /// The products the rule is about (`exosomes`, `prp`); empty for every product. A rule
    /// about PRP applies to a combined protocol, and to a plan whose product is not chosen yet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub products: Vec<Product>,
    /// The doctor to see, when the rule refers the patient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refer: Option<ReferralSpec>,
    /// The reason, for the practitioner.
    pub text: Localized,
    /// The reason in kind, plain words, for the patient handout.
    pub patient_text: Localized,
    pub evidence: Evidence,
    pub source: Key,
}

/// What a gate rule does to the verdict, from the mildest to the strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Injections are possible, with the precaution the rule states.
    Caution,
    /// A doctor must see the patient before any injection.
    ReferFirst,
    /// Injections are not indicated (now).
    NotEligible,
}

impl Outcome {
    /// The word used in files and in `assess --format json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Caution => "caution",
            Outcome::ReferFirst => "refer_first",
            Outcome::NotEligible => "not_eligible",
        }
    }

    /// The outcome in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Outcome::Caution => lang.pick("caution", "précaution"),
            Outcome::ReferFirst => lang.pick("refer first", "avis médical d'abord"),
            Outcome::NotEligible => lang.pick("not eligible", "non éligible"),
        }
    }
}

/// A referral a gate rule makes: to whom, how soon, and the question asked of the doctor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralSpec {
    pub to: Specialist,
    /// See a doctor within days, not weeks.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub urgent: bool,
    /// What the referral letter asks the doctor.
    pub question: Localized,
}

/// The doctors a referral can go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Specialist {
    /// The patient's general practitioner (médecin traitant).
    Gp,
    Dermatologist,
    Endocrinologist,
    Gastroenterologist,
    /// The doctor who prescribes the treatment in question (anticoagulant, chemotherapy…).
    Prescriber,
}

impl Specialist {
    /// The word used in files and in `assess --format json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Specialist::Gp => "gp",
            Specialist::Dermatologist => "dermatologist",
            Specialist::Endocrinologist => "endocrinologist",
            Specialist::Gastroenterologist => "gastroenterologist",
            Specialist::Prescriber => "prescriber",
        }
    }

    /// The doctor in `lang`, as a letter is addressed.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Specialist::Gp => lang.pick("general practitioner", "médecin traitant"),
            Specialist::Dermatologist => lang.pick("dermatologist", "dermatologue"),
            Specialist::Endocrinologist => lang.pick("endocrinologist", "endocrinologue"),
            Specialist::Gastroenterologist => lang.pick("gastroenterologist", "gastro-entérologue"),
            Specialist::Prescriber => {
                lang.pick("the prescribing doctor", "le médecin prescripteur")
            }
        }
    }
}

/// A list of words read in the free text of the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermList {
    /// What the words name (`anticoagulant or antiplatelet`), for the prompt.
    pub name: Localized,
    /// The question whose answer a match asks to confirm.
    pub question: Key,
    /// For a `choices` question, the choice a match points to; a yes/no question is
    /// confirmed by `yes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<Key>,
    /// The free-text fields read.
    pub fields: Vec<FreeText>,
    /// Words and brand names, French and English; matched whole, ignoring case and accents.
    pub words: Vec<String>,
}

/// A free-text field of the history that term lists read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FreeText {
    Medications,
    Conditions,
}

impl FreeText {
    /// The field's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            FreeText::Medications => lang.pick("medications", "traitements"),
            FreeText::Conditions => lang.pick("conditions", "antécédents"),
        }
    }
}

/// A trichoscopy sign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sign {
    pub name: Localized,
    pub source: Key,
}

/// Where a question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Gate,
    Deficiencies,
    Inflammation,
    Microcirculation,
    Hormones,
}

impl Section {
    /// The module this section belongs to, if it is one.
    pub fn module(self) -> Option<ModuleName> {
        match self {
            Section::Gate => None,
            Section::Deficiencies => Some(ModuleName::Deficiencies),
            Section::Inflammation => Some(ModuleName::Inflammation),
            Section::Microcirculation => Some(ModuleName::Microcirculation),
            Section::Hormones => Some(ModuleName::Hormones),
        }
    }
}

/// A question of the assessment or of a module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub section: Section,
    pub kind: QuestionKind,
    /// Part of the contraindication screen: injections stay incomplete until it is answered.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub screen: bool,
    /// Asked only of patients of this sex (periods, menopause…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    pub text: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    #[serde(default, skip_serializing_if = "Table::is_empty")]
    pub choices: Table<Key, Localized>,
}

/// The kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    YesNo,
    Number,
    Choice,
    Choices,
}

/// A lab analyte: how to read its values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analyte {
    pub module: ModuleName,
    pub name: Localized,
    pub loinc: String,
    /// The canonical unit, in which ranges and targets are written.
    pub unit: Unit,
    /// Accepted units and the factor that converts a value in that unit to the canonical unit.
    pub units: Table<Unit, f64>,
    /// Default reference ranges, used only when the lab gives none; per sex or for everyone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<RangeSpec>,
    /// A practitioner's target, separate from the lab's range (often expert opinion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<RangeSpec>,
    /// Values outside these bounds are taken as typing errors, not results.
    pub plausible: Bounds,
    /// Measured by a streptavidin–biotin immunoassay on most platforms: biotin supplements can
    /// distort the result.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub immunoassay: bool,
    pub source: Key,
}

/// Low and high bounds, either optional, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
}

/// A range in the canonical unit with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    pub evidence: Evidence,
    pub source: Key,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl RangeSpec {
    /// The bounds alone.
    pub fn bounds(&self) -> Bounds {
        Bounds {
            low: self.low,
            high: self.high,
        }
    }
}

impl Analyte {
    /// The default range that applies to a patient of `sex`: the sex-specific one, else the
    /// one for everyone.
    pub fn default_range(&self, sex: Sex) -> Option<&RangeSpec> {
        self.ranges
            .iter()
            .find(|r| r.sex == Some(sex))
            .or_else(|| self.ranges.iter().find(|r| r.sex.is_none()))
    }

    /// The factor converting a value in `unit` to the canonical unit, if the unit is accepted.
    /// Units are matched leniently: case, the micro sign (µ or μ), `u` or `mc` for micro.
    pub fn factor(&self, unit: &str) -> Option<f64> {
        let want = normalize_unit(unit);
        self.units
            .iter()
            .find(|(u, _)| normalize_unit(u.as_str()) == want)
            .map(|(_, f)| *f)
    }

    /// Converts `value` in `unit` to the canonical unit.
    pub fn to_canonical(&self, value: Quantity, unit: &Unit) -> Option<f64> {
        self.factor(unit.as_str()).map(|f| value.get() * f)
    }
}

/// Folds the ways a unit is typed into one spelling for comparison.
pub fn normalize_unit(unit: &str) -> String {
    let lower = unit.trim().to_lowercase().replace('\u{3bc}', "\u{b5}");
    let lower = lower
        .replace("mcg", "\u{b5}g")
        .replace("mcmol", "\u{b5}mol");
    // A leading "u" for micro (ug/dL, umol/L), but not in "ui" (unités internationales).
    let mut out = String::with_capacity(lower.len());
    let mut prev: Option<char> = None;
    let chars: Vec<char> = lower.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let starts_segment = prev.is_none() || prev == Some('/');
        let next = chars.get(i + 1).copied();
        if c == 'u' && starts_segment && matches!(next, Some('g' | 'm' | 'l')) {
            out.push('\u{b5}');
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// An action that can be suggested or chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub module: Section,
    /// The practitioner's wording.
    pub text: Localized,
    /// What the patient reads: what to take or do, and why, in plain words.
    pub patient: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Localized>,
    pub evidence: Evidence,
    pub source: Key,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Localized>,
}

/// A suggestion rule: when its condition holds, suggest actions and/or show a warning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Where the suggestion appears: the assessment (`gate`) or one of the four modules.
    pub module: Section,
    pub when: Condition,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggest: Vec<Key>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warn: Option<Localized>,
    pub evidence: Evidence,
    pub source: Key,
}

/// A condition on the plan, in one of these forms (exactly one per condition):
///
/// - `lab: ferritin` with `is: low | high | below_target | above_target | out_of_range |
///   normal | missing | present`, or with `below:` / `above:` a value in the analyte's
///   canonical unit — the most recent result of the analyte;
/// - `fact: pregnant` with `equals: true`, or `at_least:` / `at_most:` a number, or `one_of:`
///   a list — a fact of the plan (see [`super::evaluate::facts`]) or a question's answer;
/// - `all: [...]` or `any: [...]` of conditions, or `not:` one condition.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lab: Option<Key>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is: Option<LabState>,
    /// With `lab:`: the latest value, in the canonical unit, is strictly below this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    /// With `lab:`: the latest value, in the canonical unit, is strictly above this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<Key>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<super::plan::Answer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all: Vec<Condition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any: Vec<Condition>,
    /// Holds when the condition inside does not (an unanswered question does not hold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Condition>>,
}

/// What a lab condition tests about the latest result of an analyte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabState {
    Low,
    High,
    BelowTarget,
    AboveTarget,
    OutOfRange,
    Normal,
    Missing,
    Present,
}

/// Practice defaults of an injection product (from the seed article unless stated).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductInfo {
    pub name: Localized,
    pub sessions_default: u8,
    pub sessions_min: u8,
    pub sessions_max: u8,
    pub interval_days: u16,
    pub maintenance_months: u8,
    /// Months before first visible effects, as the practitioner states them.
    pub first_results_months: [u8; 2],
    pub price_per_session_cents: [u64; 2],
    pub price_package_cents: [u64; 2],
    /// Evidence and source of the number of sessions.
    pub evidence: Evidence,
    pub source: Key,
    /// Where the interval between sessions comes from.
    pub interval_source: Key,
    /// The fewest days advisable between two sessions of this product: a session planned or
    /// done closer to the previous one is warned about. Absent, nothing is checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_interval: Option<MinInterval>,
    /// Where the prices and the maintenance session come from.
    pub price_source: Key,
    /// Regulatory status, shown to the patient.
    pub regulatory: Localized,
    /// What to expect and the limits (`texts`), for the patient handout. A combined protocol
    /// shows the texts of both its products.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Key>,
    /// The consent text (`texts`) the patient signs for this product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Key>,
}

/// The safe minimum interval between two sessions of one product, with where it comes from.
/// No publication gives one for scalp injections: the default catalog ships it as a setting of
/// the practice (`evidence: practice`), for the practitioner to set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinInterval {
    pub days: u16,
    pub evidence: Evidence,
    pub source: Key,
}

/// A follow-up checkpoint template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowupTemplate {
    pub text: Localized,
    /// Months after the first session; empty for checkpoints dated by hand.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub months_after_start: Vec<u8>,
    pub evidence: Evidence,
    pub source: Key,
}

/// A patient-facing text (limits, consent), versioned so a plan records which one was shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatientText {
    pub version: String,
    pub title: Localized,
    pub body: Localized,
    pub sources: Vec<Key>,
}
