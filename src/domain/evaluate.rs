//! Plan + catalog → eligibility with reasons, lab findings, and suggestions.
//!
//! Pure and deterministic: the reference date is the plan's `updated` date, never the clock.
//! Lab values are read against the lab's own range when the plan gives one, else against the
//! catalog's default range, after converting to the catalog's canonical unit. Suggestions carry
//! a language-neutral *finding* (what they fired on) so that a practitioner's decision can be
//! matched to them: a rejected suggestion is not offered again for the same finding, and is
//! offered again when a new result arrives.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::catalog::{
    Bounds, Catalog, Condition, Evidence, FreeText, LabState, Outcome, QuestionKind, Specialist,
};
use super::ids::Key;
use super::plan::{Answer, ModuleName, Plan, Product, ScaleSystem, Unit, Verdict};

/// Everything computed from a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub eligibility: Eligibility,
    /// The doctors the patient is referred to by the gate rules that fired, urgent first.
    pub referrals: Vec<Referral>,
    /// Words of the free-text history that the catalog's term lists recognise.
    pub mentions: Vec<Mention>,
    /// Questions of the contraindication screen still unanswered, in catalog order.
    pub unanswered: Vec<Key>,
    /// Every lab result of the plan, interpreted, in module and file order.
    pub findings: Vec<LabFinding>,
    pub suggestions: Vec<Suggestion>,
    /// What deserves a look in the protocol itself (sessions too close together), in date
    /// order.
    pub warnings: Vec<super::warnings::Warning>,
}

/// A referral made by a gate rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    /// The gate rule that refers.
    pub rule: Key,
    pub to: Specialist,
    pub urgent: bool,
}

/// A word of the free-text history that a term list recognises, and whether the structured
/// answer it points to says the same. A mention never changes the verdict by itself: an
/// unconfirmed one asks the practitioner to answer the question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The term list.
    pub list: Key,
    /// The question whose answer confirms it.
    pub question: Key,
    pub field: FreeText,
    /// The entry as typed (`Eliquis 5 mg`).
    pub entry: String,
    /// The word recognised, as written in the catalog.
    pub word: String,
    /// The structured answer agrees (yes, or the choice ticked).
    pub confirmed: bool,
}

/// The eligibility verdict and the gate rules behind it, in catalog order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eligibility {
    pub verdict: EligibilityVerdict,
    pub reasons: Vec<Reason>,
}

pub use super::plan::EligibilityVerdict;

/// One gate rule that fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub rule: Key,
    pub outcome: Outcome,
}

/// Where the range a value was read against comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeOrigin {
    /// The lab's own range, as entered with the value (in the value's unit).
    Lab,
    /// The catalog's default range (in the canonical unit).
    Catalog,
}

/// A lab value against its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeState {
    Low,
    Normal,
    High,
    /// No range to compare with, or the value could not be read.
    Unknown,
}

/// A lab value against the practitioner's target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetState {
    Below,
    Within,
    Above,
    /// No target for this analyte, or the value could not be converted.
    None,
}

/// Why a lab value could not be fully read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingIssue {
    UnknownAnalyte,
    /// The unit has no conversion factor for this analyte.
    UnknownUnit,
    /// Outside the catalog's plausible bounds: most likely a typing error.
    Implausible,
}

/// One lab result, interpreted.
#[derive(Debug, Clone, PartialEq)]
pub struct LabFinding {
    pub module: ModuleName,
    /// Index of the result in its module's `labs`.
    pub index: usize,
    pub analyte: Key,
    pub date: Date,
    pub value: f64,
    pub unit: Unit,
    /// The value in the catalog's canonical unit, when the unit is known.
    pub canonical: Option<f64>,
    pub state: RangeState,
    pub range_origin: Option<RangeOrigin>,
    /// The range compared with: in `unit` for a lab range, in the canonical unit otherwise.
    pub range: Option<Bounds>,
    pub target: TargetState,
    /// True for the most recent result of its analyte: the one rules look at.
    pub latest: bool,
    pub issue: Option<FindingIssue>,
    /// The patient takes biotin and the analyte is measured by an immunoassay that biotin
    /// distorts: read the value with caution, and repeat it after stopping biotin.
    pub biotin: bool,
}

impl LabFinding {
    /// The most recent result of its analyte, and out of range or below target.
    pub fn needs_attention(&self) -> bool {
        self.latest
            && (matches!(self.state, RangeState::Low | RangeState::High)
                || self.target == TargetState::Below)
    }

    /// The language-neutral description used as a suggestion's finding.
    pub fn key(&self) -> String {
        format!(
            "{} {} {} {}",
            self.analyte, self.value, self.unit, self.date
        )
    }
}

/// A suggestion from a rule: an action to take, or a warning (no action).
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub rule: Key,
    pub module: super::catalog::Section,
    /// The suggested action; `None` for a warning.
    pub action: Option<Key>,
    /// The analyte a lab-ordering suggestion is about.
    pub analyte: Option<Key>,
    /// What the rule fired on, language-neutral (`ferritin 18 ng/mL 2026-09-15`).
    pub finding: String,
    pub status: SuggestionStatus,
    pub evidence: Evidence,
    pub source: Key,
}

impl Suggestion {
    /// The reason the practitioner recorded with their decision on this suggestion, if any.
    pub fn reason<'a>(&self, plan: &'a Plan) -> Option<&'a str> {
        let decisions = match self.module {
            super::catalog::Section::Gate => &plan.assessment.decisions,
            other => &plan.modules.get(other.module()?).decisions,
        };
        decisions
            .iter()
            .find(|d| d.rule == self.rule && d.action == self.action)
            .and_then(|d| d.reason.as_ref())
            .map(|r| r.as_str())
    }
}

/// Whether the practitioner has decided on a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionStatus {
    Pending,
    Accepted,
    Rejected,
}

/// A value a condition can test.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

impl std::fmt::Display for Fact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fact::Bool(b) => write!(f, "{b}"),
            Fact::Number(n) => write!(f, "{n}"),
            Fact::Text(t) => f.write_str(t),
            Fact::List(l) => f.write_str(&l.join(",")),
        }
    }
}

/// Names of the facts computed from the plan (besides question answers and `sign.<key>`).
pub const BUILTIN_FACTS: &[&str] = &[
    "complaint",
    "sex",
    "scarring",
    "pregnant",
    "breastfeeding",
    "months_since_delivery",
    "months_since_onset",
    "scale",
    "stage_advanced",
    "pull_test_regions",
    "pull_test_positive_regions",
    "zones_assessed",
    "zones_without_openings",
    "zones_long_bald",
    "zones_excluded",
    "zones_treatable",
    "injections_planned",
    "product",
    "age",
    "screen_unanswered",
    "mentions_unconfirmed",
];

/// The facts of a plan that gate and module rules can test, by name.
///
/// `mentions` and `unanswered` are the plan's free-text mentions and unanswered screen
/// questions, computed once by the caller.
pub fn facts(
    plan: &Plan,
    catalog: &Catalog,
    today: Date,
    mentions: &[Mention],
    unanswered: usize,
) -> BTreeMap<String, Fact> {
    let mut f = BTreeMap::new();
    let a = &plan.assessment;
    let h = &plan.patient.history;
    // Whole months elapsed, as a practitioner counts them ("six months after delivery").
    let months = |from: Date| {
        from.until((jiff::Unit::Month, today))
            .ok()
            .map(|span| f64::from(span.get_months()))
    };
    let mut put = |k: &str, v: Fact| {
        f.insert(k.to_owned(), v);
    };
    if let Some(c) = a.complaint {
        put("complaint", Fact::Text(c.as_str().to_owned()));
    }
    put("sex", Fact::Text(plan.patient.sex.as_str().to_owned()));
    if let Some(s) = a.scarring {
        put("scarring", Fact::Bool(s));
    }
    if let Some(p) = h.pregnant {
        put("pregnant", Fact::Bool(p));
    }
    if let Some(b) = h.breastfeeding {
        put("breastfeeding", Fact::Bool(b));
    }
    if let Some(m) = h.delivery.and_then(months) {
        put("months_since_delivery", Fact::Number(m));
    }
    if let Some(m) = a.onset.and_then(months) {
        put("months_since_onset", Fact::Number(m));
    }
    if let Some(scale) = &a.scale {
        put("scale", Fact::Text(scale.system.as_str().to_owned()));
        let s = &catalog.scales;
        let stage = scale.stage.0.as_str();
        let advanced = match scale.system {
            ScaleSystem::Norwood => s.advanced_norwood.iter().any(|x| x == stage),
            ScaleSystem::Ludwig => s.advanced_ludwig.iter().any(|x| x == stage),
            ScaleSystem::Sinclair => s.advanced_sinclair.iter().any(|x| x == stage),
            ScaleSystem::Salt => stage.parse::<f64>().is_ok_and(|v| v >= s.severe_salt),
        };
        put("stage_advanced", Fact::Bool(advanced));
    }
    if !a.pull_test.is_empty() {
        let share = catalog.gate.pull_test_positive_share;
        let positive = a
            .pull_test
            .iter()
            .filter(|p| f64::from(p.extracted) > share * f64::from(p.grasped))
            .count();
        put("pull_test_regions", Fact::Number(a.pull_test.len() as f64));
        put("pull_test_positive_regions", Fact::Number(positive as f64));
    }
    {
        let long = catalog.gate.long_bald_years;
        let no_openings = a.zones.iter().filter(|z| !z.follicular_openings).count();
        let long_bald = a
            .zones
            .iter()
            .filter(|z| z.years_bald.is_some_and(|y| y.get() >= long))
            .count();
        let excluded = a
            .zones
            .iter()
            .filter(|z| !super::product::treatable(z, catalog))
            .count();
        put("zones_assessed", Fact::Number(a.zones.len() as f64));
        put("zones_without_openings", Fact::Number(no_openings as f64));
        put("zones_long_bald", Fact::Number(long_bald as f64));
        put("zones_excluded", Fact::Number(excluded as f64));
        put(
            "zones_treatable",
            Fact::Number((a.zones.len() - excluded) as f64),
        );
    }
    put("injections_planned", Fact::Bool(plan.injections.is_some()));
    if let Some(i) = &plan.injections {
        put("product", Fact::Text(i.product.as_str().to_owned()));
    }
    if let Some(age) = age(plan, today) {
        put("age", Fact::Number(f64::from(age)));
    }
    if let Some(t) = &a.trichoscopy {
        for sign in &t.signs {
            put(&format!("sign.{sign}"), Fact::Bool(true));
        }
    }
    let answers = std::iter::once(&a.answers).chain(plan.modules.iter().map(|(_, m)| &m.answers));
    for answers in answers {
        for (k, v) in &answers.0 {
            let fact = match v {
                Answer::YesNo(b) => Fact::Bool(*b),
                Answer::Number(n) => Fact::Number(*n),
                Answer::Choice(c) => Fact::Text(c.clone()),
                Answer::Choices(cs) => Fact::List(cs.clone()),
            };
            put(k.as_str(), fact);
        }
    }
    f.insert(
        "screen_unanswered".to_owned(),
        Fact::Number(unanswered as f64),
    );
    let unconfirmed = mentions
        .iter()
        .filter(|m| !m.confirmed)
        .map(|m| &m.list)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    f.insert(
        "mentions_unconfirmed".to_owned(),
        Fact::Number(unconfirmed as f64),
    );
    f
}

/// The patient's age in whole years on `today`: exact from the birth date, else the youngest
/// the birth year allows (someone born in 2008 is counted 17 throughout 2026 until the birth
/// date is entered), so that a possible minor is never taken for an adult.
pub fn age(plan: &Plan, today: Date) -> Option<i16> {
    if let Some(born) = plan.patient.birth_date {
        let span = born.until((jiff::Unit::Year, today)).ok()?;
        return Some(span.get_years());
    }
    let year = i16::try_from(plan.patient.birth_year?).ok()?;
    Some(today.year() - year - 1).filter(|a| *a >= 0)
}

/// Questions of the contraindication screen that the plan leaves unanswered.
pub fn unanswered(plan: &Plan, catalog: &Catalog) -> Vec<Key> {
    catalog
        .questions
        .iter()
        .filter(|(_, q)| q.screen)
        .filter(|(k, _)| answer(plan, k.as_str()).is_none())
        .map(|(k, _)| k.clone())
        .collect()
}

/// The answer to a question, wherever it was asked (assessment or a module).
pub fn answer<'a>(plan: &'a Plan, question: &str) -> Option<&'a Answer> {
    std::iter::once(&plan.assessment.answers)
        .chain(plan.modules.iter().map(|(_, m)| &m.answers))
        .find_map(|a| a.0.get(question))
}

/// Folds text for matching: accents removed, lower case, everything but letters and digits a
/// space.
fn fold(text: &str) -> String {
    text.chars()
        .flat_map(super::ids::fold)
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

/// True when the folded `word` (one or more words) occurs whole in the folded `text`.
fn contains_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let padded = format!(
        " {} ",
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    let needle = format!(
        " {} ",
        word.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    padded.contains(&needle)
}

/// Every word of the free-text history that a term list recognises.
pub fn mentions(plan: &Plan, catalog: &Catalog) -> Vec<Mention> {
    let h = &plan.patient.history;
    let mut out = Vec::new();
    for (key, list) in catalog.terms.iter() {
        let words: Vec<(String, &String)> = list.words.iter().map(|w| (fold(w), w)).collect();
        for &field in &list.fields {
            let entries = match field {
                FreeText::Medications => &h.medications,
                FreeText::Conditions => &h.conditions,
            };
            for entry in entries {
                let folded = fold(entry.as_str());
                let Some((_, word)) = words.iter().find(|(w, _)| contains_word(&folded, w)) else {
                    continue;
                };
                let confirmed = match (answer(plan, list.question.as_str()), &list.choice) {
                    (Some(Answer::YesNo(yes)), None) => *yes,
                    (Some(Answer::Choices(cs)), Some(c)) => cs.iter().any(|x| x == c.as_str()),
                    (Some(Answer::Choice(x)), Some(c)) => x == c.as_str(),
                    _ => false,
                };
                out.push(Mention {
                    list: key.clone(),
                    question: list.question.clone(),
                    field,
                    entry: entry.as_str().to_owned(),
                    word: (*word).clone(),
                    confirmed,
                });
            }
        }
    }
    out
}

/// True when the kind of a question takes the answer `a`.
pub fn answer_fits(kind: QuestionKind, a: &Answer) -> bool {
    matches!(
        (kind, a),
        (QuestionKind::YesNo, Answer::YesNo(_))
            | (QuestionKind::Number, Answer::Number(_))
            | (QuestionKind::Choice, Answer::Choice(_))
            | (QuestionKind::Choices, Answer::Choices(_))
    )
}

/// Interprets every lab result of the plan.
///
/// `mentions` are the plan's free-text mentions (biotin named in the medications flags the
/// immunoassays).
pub fn findings(plan: &Plan, catalog: &Catalog, mentions: &[Mention]) -> Vec<LabFinding> {
    let mut out = Vec::new();
    for (module, record) in plan.modules.iter() {
        for (index, lab) in record.labs.iter().enumerate() {
            out.push(interpret(plan, catalog, module, index, lab));
        }
    }
    // The latest result of each analyte (by date; on the same date, the last one entered).
    let mut latest: BTreeMap<&Key, (Date, usize)> = BTreeMap::new();
    for (i, f) in out.iter().enumerate() {
        let entry = latest.entry(&f.analyte).or_insert((f.date, i));
        if f.date >= entry.0 {
            *entry = (f.date, i);
        }
    }
    let chosen: Vec<usize> = latest.values().map(|&(_, i)| i).collect();
    for i in chosen {
        out[i].latest = true;
    }
    // Biotin taken, or named in the medications and not denied.
    let takes_biotin = match answer(plan, "biotin") {
        Some(Answer::YesNo(yes)) => *yes,
        _ => mentions.iter().any(|m| m.question.as_str() == "biotin"),
    };
    if takes_biotin {
        for f in &mut out {
            f.biotin = catalog
                .analytes
                .get(&f.analyte)
                .is_some_and(|a| a.immunoassay);
        }
    }
    out
}

fn interpret(
    plan: &Plan,
    catalog: &Catalog,
    module: ModuleName,
    index: usize,
    lab: &super::plan::LabResult,
) -> LabFinding {
    let mut f = LabFinding {
        module,
        index,
        analyte: lab.analyte.clone(),
        date: lab.date,
        value: lab.value.get(),
        unit: lab.unit.clone(),
        canonical: None,
        state: RangeState::Unknown,
        range_origin: None,
        range: None,
        target: TargetState::None,
        latest: false,
        issue: None,
        biotin: false,
    };
    let compare = |v: f64, b: Bounds| {
        if b.low.is_some_and(|l| v < l) {
            RangeState::Low
        } else if b.high.is_some_and(|h| v > h) {
            RangeState::High
        } else {
            RangeState::Normal
        }
    };
    let Some(analyte) = catalog.analytes.get(&lab.analyte) else {
        f.issue = Some(FindingIssue::UnknownAnalyte);
        if let Some(r) = &lab.range {
            let b = Bounds {
                low: r.low.map(|q| q.get()),
                high: r.high.map(|q| q.get()),
            };
            f.state = compare(f.value, b);
            f.range = Some(b);
            f.range_origin = Some(RangeOrigin::Lab);
        }
        return f;
    };
    f.canonical = analyte.to_canonical(lab.value, &lab.unit);
    match f.canonical {
        None => f.issue = Some(FindingIssue::UnknownUnit),
        Some(c) => {
            let p = analyte.plausible;
            if p.low.is_some_and(|l| c < l) || p.high.is_some_and(|h| c > h) {
                f.issue = Some(FindingIssue::Implausible);
                return f;
            }
        }
    }
    if let Some(r) = &lab.range {
        let b = Bounds {
            low: r.low.map(|q| q.get()),
            high: r.high.map(|q| q.get()),
        };
        f.state = compare(f.value, b);
        f.range = Some(b);
        f.range_origin = Some(RangeOrigin::Lab);
    } else if let (Some(c), Some(spec)) = (f.canonical, analyte.default_range(plan.patient.sex)) {
        f.state = compare(c, spec.bounds());
        f.range = Some(spec.bounds());
        f.range_origin = Some(RangeOrigin::Catalog);
    }
    if let (Some(c), Some(t)) = (f.canonical, &analyte.target) {
        f.target = match compare(c, t.bounds()) {
            RangeState::Low => TargetState::Below,
            RangeState::High => TargetState::Above,
            _ => TargetState::Within,
        };
    }
    f
}

/// Evaluates the gate and the rules of `catalog` on `plan`, as of the plan's `updated` date.
pub fn evaluate(plan: &Plan, catalog: &Catalog) -> Evaluation {
    evaluate_on(plan, catalog, plan.updated)
}

/// Evaluates as of `today` (the editor's live preview, where the plan's `updated` date is
/// still that of its last save): time-dependent facts such as months since delivery count to
/// `today`.
pub fn evaluate_on(plan: &Plan, catalog: &Catalog, today: Date) -> Evaluation {
    let mentions = mentions(plan, catalog);
    let unanswered = unanswered(plan, catalog);
    let facts = facts(plan, catalog, today, &mentions, unanswered.len());
    let findings = findings(plan, catalog, &mentions);
    let ctx = Ctx {
        facts: &facts,
        findings: &findings,
    };

    let product = plan.injections.as_ref().map(|i| i.product);
    let mut reasons = Vec::new();
    let mut referrals = Vec::new();
    for (key, rule) in catalog.gate.rules.iter() {
        // A caution about a product nobody has chosen is noise; a contraindication is not.
        let unchosen_caution =
            product.is_none() && !rule.products.is_empty() && rule.outcome == Outcome::Caution;
        if unchosen_caution
            || !applies_to(&rule.products, product)
            || !ctx.holds(&rule.when, &mut Vec::new())
        {
            continue;
        }
        reasons.push(Reason {
            rule: key.clone(),
            outcome: rule.outcome,
        });
        if let Some(r) = &rule.refer {
            referrals.push(Referral {
                rule: key.clone(),
                to: r.to,
                urgent: r.urgent,
            });
        }
    }
    // Urgent first, then in catalog order.
    referrals.sort_by_key(|r| !r.urgent);
    let verdict = match reasons.iter().map(|r| r.outcome).max() {
        Some(Outcome::NotEligible) => EligibilityVerdict::NotEligible,
        Some(Outcome::ReferFirst) => EligibilityVerdict::ReferFirst,
        Some(Outcome::Caution) => EligibilityVerdict::EligibleWithCautions,
        None => EligibilityVerdict::Eligible,
    };

    let mut suggestions = Vec::new();
    for (key, rule) in catalog.rules.iter() {
        let mut refs = Vec::new();
        if !ctx.holds(&rule.when, &mut refs) {
            continue;
        }
        let mut seen = std::collections::BTreeSet::new();
        refs.retain(|r| seen.insert(r.clone()));
        let finding = refs.join("; ");
        let analyte = missing_analyte(&rule.when);
        let actions = rule.suggest.iter().map(Some);
        let warning = rule.warn.as_ref().map(|_| None);
        for action in actions.chain(warning) {
            let status = plan
                .all_decisions()
                .filter(|d| {
                    &d.rule == key
                        && d.action.as_ref() == action
                        && d.finding.as_ref().is_some_and(|f| f.as_str() == finding)
                })
                .last()
                .map_or(SuggestionStatus::Pending, |d| match d.decision {
                    Verdict::Accepted => SuggestionStatus::Accepted,
                    Verdict::Rejected => SuggestionStatus::Rejected,
                });
            suggestions.push(Suggestion {
                rule: key.clone(),
                module: rule.module,
                action: action.cloned(),
                analyte: analyte.clone(),
                finding: finding.clone(),
                status,
                evidence: rule.evidence,
                source: rule.source.clone(),
            });
        }
    }
    Evaluation {
        eligibility: Eligibility { verdict, reasons },
        referrals,
        mentions,
        unanswered,
        findings,
        suggestions,
        warnings: super::schedule::too_close(plan, catalog)
            .into_iter()
            .map(super::warnings::Warning::TooClose)
            .collect(),
    }
}

/// Whether a gate rule about `products` applies to a protocol of `chosen`: a rule for every
/// product always does; a rule for PRP applies to PRP and combined protocols, and to a plan
/// whose product is not chosen yet (the gate then shows the strictest case).
pub fn applies_to(products: &[Product], chosen: Option<Product>) -> bool {
    match chosen {
        _ if products.is_empty() => true,
        None => true,
        Some(p) => p.components().iter().any(|c| products.contains(c)),
    }
}

/// The analyte of a `lab: X, is: missing` condition, for lab-ordering suggestions.
fn missing_analyte(c: &Condition) -> Option<Key> {
    if c.is == Some(LabState::Missing) {
        return c.lab.clone();
    }
    c.all.iter().chain(&c.any).find_map(missing_analyte)
}

struct Ctx<'a> {
    facts: &'a BTreeMap<String, Fact>,
    findings: &'a [LabFinding],
}

impl Ctx<'_> {
    /// Whether `c` holds; what it looked at is appended to `refs`.
    fn holds(&self, c: &Condition, refs: &mut Vec<String>) -> bool {
        if !c.all.is_empty() {
            let mut mine = Vec::new();
            let ok = c.all.iter().all(|sub| self.holds(sub, &mut mine));
            if ok {
                refs.extend(mine);
            }
            return ok;
        }
        if !c.any.is_empty() {
            let mut ok = false;
            for sub in &c.any {
                let mut mine = Vec::new();
                if self.holds(sub, &mut mine) {
                    refs.extend(mine);
                    ok = true;
                }
            }
            return ok;
        }
        if let Some(inner) = &c.not {
            return !self.holds(inner, &mut Vec::new());
        }
        if let Some(lab) = &c.lab {
            return self.lab_holds(lab, c, refs);
        }
        if let Some(name) = &c.fact {
            let Some(fact) = self.facts.get(name.as_str()) else {
                return false;
            };
            let ok = fact_holds(fact, c);
            if ok {
                refs.push(format!("{name}={fact}"));
            }
            return ok;
        }
        false
    }

    fn lab_holds(&self, lab: &Key, c: &Condition, refs: &mut Vec<String>) -> bool {
        let latest = self.findings.iter().find(|f| f.latest && &f.analyte == lab);
        let Some(f) = latest else {
            if c.is == Some(LabState::Missing) {
                refs.push(format!("{lab} missing"));
                return true;
            }
            return false;
        };
        // A value taken for a typing error says nothing.
        if f.issue == Some(FindingIssue::Implausible) {
            return false;
        }
        let mut ok = true;
        if let Some(limit) = c.below {
            ok &= f.canonical.is_some_and(|v| v < limit);
        }
        if let Some(limit) = c.above {
            ok &= f.canonical.is_some_and(|v| v > limit);
        }
        ok &= c.is.is_none_or(|is| match is {
            LabState::Missing => false,
            LabState::Present => true,
            LabState::Low => f.state == RangeState::Low,
            LabState::High => f.state == RangeState::High,
            LabState::OutOfRange => matches!(f.state, RangeState::Low | RangeState::High),
            LabState::Normal => f.state == RangeState::Normal,
            LabState::BelowTarget => f.target == TargetState::Below,
            LabState::AboveTarget => f.target == TargetState::Above,
        });
        if ok {
            refs.push(f.key());
        }
        ok
    }
}

fn fact_holds(fact: &Fact, c: &Condition) -> bool {
    let mut ok = true;
    if let Some(want) = &c.equals {
        ok &= match (fact, want) {
            (Fact::Bool(a), Answer::YesNo(b)) => a == b,
            (Fact::Number(a), Answer::Number(b)) => a == b,
            (Fact::Text(a), Answer::Choice(b)) => a == b,
            (Fact::List(a), Answer::Choices(b)) => a == b,
            _ => false,
        };
    }
    if let Some(min) = c.at_least {
        ok &= matches!(fact, Fact::Number(n) if *n >= min);
    }
    if let Some(max) = c.at_most {
        ok &= matches!(fact, Fact::Number(n) if *n <= max);
    }
    if !c.one_of.is_empty() {
        ok &= match fact {
            Fact::Text(t) => c.one_of.contains(t),
            Fact::List(l) => l.iter().any(|x| c.one_of.contains(x)),
            _ => false,
        };
    }
    ok
}

/// Says how the eligibility written in the plan disagrees with the one computed, if it does.
pub fn derived_mismatch(plan: &Plan, eval: &Evaluation) -> Option<super::warnings::Warning> {
    let stored = plan.assessment.eligibility.as_ref()?;
    let reasons: Vec<&Key> = eval.eligibility.reasons.iter().map(|r| &r.rule).collect();
    let stored_reasons: Vec<&Key> = stored.reasons.iter().collect();
    if stored.verdict == eval.eligibility.verdict && stored_reasons == reasons {
        return None;
    }
    Some(super::warnings::Warning::StaleVerdict {
        stored: stored.verdict,
        computed: eval.eligibility.verdict,
        reasons_only: stored.verdict == eval.eligibility.verdict,
    })
}

impl Plan {
    /// Writes the computed eligibility into the plan, as a save does.
    pub fn refresh_derived(&mut self, eval: &Evaluation) {
        self.assessment.eligibility = Some(super::plan::StoredEligibility {
            verdict: eval.eligibility.verdict,
            reasons: eval
                .eligibility
                .reasons
                .iter()
                .map(|r| r.rule.clone())
                .collect(),
        });
    }
}

/// A suggestion's finding in the reader's words: `ferritin 18 ng/mL 2026-09-15` becomes
/// "Ferritin 18 ng/mL (15/09/2026)", `crp missing` "C-reactive protein: no result",
/// `smoker=true` "Smoker: yes".
pub fn finding_words(finding: &str, catalog: &Catalog, lang: super::Lang) -> String {
    let t = |en: &str, fr: &str| lang.pick(en, fr).to_owned();
    let number = |v: f64| lang.number(v);
    let yes_no = |b: bool| if b { t("yes", "oui") } else { t("no", "non") };
    let parts: Vec<String> = finding
        .split("; ")
        .filter(|p| !p.is_empty())
        .map(|part| {
            if let Some((fact, value)) = part.split_once('=') {
                if let Some(sign) = fact.strip_prefix("sign.") {
                    return catalog
                        .signs
                        .get(sign)
                        .map_or_else(|| sign.replace('_', " "), |x| x.name.get(lang).to_owned());
                }
                if fact == "complaint" {
                    let complaint = super::plan::Complaint::ALL
                        .into_iter()
                        .find(|x| x.as_str() == value);
                    return format!(
                        "{}{} {}",
                        t("Complaint", "Motif"),
                        t(":", " :"),
                        complaint.map_or(value, |x| x.label(lang))
                    );
                }
                let builtin = match fact {
                    "scarring" => Some(t("Scarring", "Cicatrices")),
                    "pregnant" => Some(t("Pregnant", "Enceinte")),
                    "breastfeeding" => Some(t("Breastfeeding", "Allaitement")),
                    "sex" => Some(t("Sex", "Sexe")),
                    "product" => Some(t("Product", "Produit")),
                    "age" => Some(t("Age", "Âge")),
                    "months_since_delivery" => {
                        Some(t("Months since delivery", "Mois depuis l'accouchement"))
                    }
                    "months_since_onset" => Some(t("Months since onset", "Mois depuis le début")),
                    _ => None,
                };
                let name = builtin.unwrap_or_else(|| {
                    catalog
                        .questions
                        .get(fact)
                        .map_or_else(|| fact.replace('_', " "), |q| q.text.get(lang).to_owned())
                });
                use super::plan::Sex;
                let value = match value {
                    "true" => yes_no(true),
                    "false" => yes_no(false),
                    _ if fact == "sex" => [Sex::Female, Sex::Male, Sex::Other]
                        .into_iter()
                        .find(|x| x.as_str() == value)
                        .map_or_else(|| value.to_owned(), |x| x.label(lang).to_owned()),
                    _ if fact == "product" => super::plan::Product::ALL
                        .into_iter()
                        .find(|x| x.as_str() == value)
                        .map_or_else(|| value.to_owned(), |x| x.label(lang).to_owned()),
                    other => catalog
                        .questions
                        .get(fact)
                        .and_then(|q| {
                            let names: Vec<String> = other
                                .split(',')
                                .map(|k| {
                                    q.choices
                                        .get(k)
                                        .map_or_else(|| k.to_owned(), |t| t.get(lang).to_owned())
                                })
                                .collect();
                            (!q.choices.is_empty()).then(|| names.join(", "))
                        })
                        .unwrap_or_else(|| {
                            other
                                .parse::<f64>()
                                .map_or_else(|_| other.to_owned(), number)
                        }),
                };
                return format!("{name}{} {value}", t(":", " :"));
            }
            let words: Vec<&str> = part.split(' ').collect();
            let name = catalog
                .analytes
                .get(words[0])
                .map_or_else(|| words[0].to_owned(), |a| a.name.get(lang).to_owned());
            match words.as_slice() {
                [_, "missing"] => {
                    format!("{name}{} {}", t(":", " :"), t("not measured", "non dosé"))
                }
                [_, value, unit, date] => {
                    let when = date
                        .parse::<jiff::civil::Date>()
                        .map_or_else(|_| (*date).to_owned(), |d| super::dates::short(d, lang));
                    let value = value
                        .parse::<f64>()
                        .map_or_else(|_| (*value).to_owned(), &number);
                    format!("{name} {value} {unit} {} {when}", t("on", "du"))
                }
                _ => part.to_owned(),
            }
        })
        .collect();
    parts.join(" ; ")
}
