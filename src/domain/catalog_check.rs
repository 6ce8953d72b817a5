//! Consistency of a catalog: every reference resolves, every text has both languages, every
//! unit converts, every range is ordered.
//!
//! Problems name their place as a path of keys into the file (and the offending word), which
//! the store turns into a line and column.

use super::catalog::{
    Analyte, Catalog, Condition, Evidence, Localized, Outcome, QuestionKind, RangeSpec,
};
use super::evaluate::BUILTIN_FACTS;
use super::ids::Key;
use super::plan::Product;
use super::warnings::{Entry, Warning};

/// One problem in a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogProblem {
    /// Keys from the top of the file to the faulty entry.
    pub path: Vec<String>,
    /// The offending word, when there is one (an unknown key), to point at it precisely.
    pub token: Option<String>,
    pub message: String,
}

struct Checker<'a> {
    catalog: &'a Catalog,
    out: Vec<CatalogProblem>,
}

impl Checker<'_> {
    fn problem(&mut self, path: &[&str], token: Option<&str>, message: String) {
        self.out.push(CatalogProblem {
            path: path.iter().map(|s| (*s).to_owned()).collect(),
            token: token.map(str::to_owned),
            message,
        });
    }

    fn localized(&mut self, path: &[&str], text: &Localized) {
        if text.en.is_none() {
            self.problem(
                path,
                None,
                format!("{}: missing English text (en)", path.join(".")),
            );
        }
        if text.fr.is_none() {
            self.problem(
                path,
                None,
                format!("{}: missing French text (fr)", path.join(".")),
            );
        }
    }

    fn source(&mut self, path: &[&str], key: &Key) {
        if self.catalog.sources.get(key).is_none() {
            self.problem(
                path,
                Some(key.as_str()),
                format!("{}: unknown source `{key}`", path.join(".")),
            );
        }
    }

    fn range(&mut self, path: &[&str], r: &RangeSpec) {
        if let (Some(l), Some(h)) = (r.low, r.high)
            && l > h
        {
            self.problem(
                path,
                None,
                format!("{}: low {l} is above high {h}", path.join(".")),
            );
        }
        if r.low.is_none() && r.high.is_none() {
            self.problem(
                path,
                None,
                format!("{}: needs low, high or both", path.join(".")),
            );
        }
        self.cited(path, &r.source, r.evidence);
    }

    fn analyte(&mut self, key: &str, a: &Analyte) {
        let p = ["analytes", key];
        self.localized(&["analytes", key, "name"], &a.name);
        self.source(&p, &a.source);
        let loinc_ok = a.loinc.split_once('-').is_some_and(|(n, c)| {
            !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
                && c.len() == 1
                && c.bytes().all(|b| b.is_ascii_digit())
        });
        if !loinc_ok {
            self.problem(
                &["analytes", key, "loinc"],
                Some(&a.loinc),
                format!(
                    "analytes.{key}.loinc: `{}` is not a LOINC code (digits-digit)",
                    a.loinc
                ),
            );
        }
        match a.factor(a.unit.as_str()) {
            Some(f) if (f - 1.0).abs() < 1e-12 => {}
            Some(f) => self.problem(
                &["analytes", key, "units"],
                Some(a.unit.as_str()),
                format!(
                    "analytes.{key}: the canonical unit {} must have factor 1, not {f}",
                    a.unit
                ),
            ),
            None => self.problem(
                &["analytes", key, "units"],
                None,
                format!(
                    "analytes.{key}: the canonical unit {} has no factor in units",
                    a.unit
                ),
            ),
        }
        for (unit, factor) in a.units.iter() {
            if !(factor.is_finite() && *factor > 0.0 && *factor < 1e6) {
                self.problem(
                    &["analytes", key, "units"],
                    Some(unit.as_str()),
                    format!("analytes.{key}: unit {unit} has no usable factor ({factor})"),
                );
            }
        }
        for r in &a.ranges {
            self.range(&["analytes", key, "ranges"], r);
        }
        if a.ranges.iter().filter(|r| r.sex.is_none()).count() > 1 {
            self.problem(
                &["analytes", key, "ranges"],
                None,
                format!("analytes.{key}: more than one range for everyone"),
            );
        }
        if let Some(t) = &a.target {
            self.range(&["analytes", key, "target"], t);
        }
    }

    fn condition(&mut self, path: &[&str], c: &Condition) {
        let forms = [
            c.lab.is_some() || c.is.is_some() || c.below.is_some() || c.above.is_some(),
            c.fact.is_some(),
            !c.all.is_empty(),
            !c.any.is_empty(),
            c.not.is_some(),
        ]
        .iter()
        .filter(|&&x| x)
        .count();
        let here = path.join(".");
        if forms != 1 {
            self.problem(
                path,
                None,
                format!("{here}: a condition needs exactly one of lab, fact, all, any, not"),
            );
            return;
        }
        let tests = c.is.is_some() || c.below.is_some() || c.above.is_some();
        if c.lab.is_some() != tests {
            self.problem(
                path,
                None,
                format!("{here}: `lab:` goes with `is:`, `below:` or `above:`"),
            );
        }
        for limit in [c.below, c.above].into_iter().flatten() {
            if !limit.is_finite() {
                self.problem(
                    path,
                    None,
                    format!("{here}: a limit must be a finite number"),
                );
            }
        }
        if let Some(lab) = &c.lab
            && self.catalog.analytes.get(lab).is_none()
        {
            self.problem(
                path,
                Some(lab.as_str()),
                format!("{here}: unknown analyte `{lab}`"),
            );
        }
        if let Some(fact) = &c.fact {
            let known = BUILTIN_FACTS.contains(&fact.as_str())
                || self.catalog.questions.get(fact).is_some()
                || fact
                    .as_str()
                    .strip_prefix("sign.")
                    .is_some_and(|s| self.catalog.signs.iter().any(|(k, _)| k.as_str() == s));
            if !known {
                self.problem(
                    path,
                    Some(fact.as_str()),
                    format!("{here}: unknown fact `{fact}`"),
                );
            }
            if c.equals.is_none()
                && c.at_least.is_none()
                && c.at_most.is_none()
                && c.one_of.is_empty()
            {
                self.problem(
                    path,
                    Some(fact.as_str()),
                    format!("{here}: `fact: {fact}` needs equals, at_least, at_most or one_of"),
                );
            }
        }
        for sub in c.all.iter().chain(&c.any).chain(c.not.as_deref()) {
            self.condition(path, sub);
        }
    }

    /// A source cited with an evidence level: it must exist, and a practice statement can only
    /// support `evidence: practice`.
    fn cited(&mut self, path: &[&str], key: &Key, evidence: Evidence) {
        self.source(path, key);
        if let Some(s) = self.catalog.sources.get(key)
            && s.practice
            && evidence != Evidence::Practice
        {
            self.problem(
                path,
                Some(key.as_str()),
                format!(
                    "{}: `{key}` is a practice statement, so the evidence is `practice`, not `{}`",
                    path.join("."),
                    evidence.label(crate::domain::Lang::En)
                ),
            );
        }
    }
}

/// Every problem of `catalog`, in file order; empty for a sound catalog.
pub fn check(catalog: &Catalog) -> Vec<CatalogProblem> {
    let mut c = Checker {
        catalog,
        out: Vec::new(),
    };
    for (key, source) in catalog.sources.iter() {
        let k = key.as_str();
        if source.locators().is_empty() && !source.practice {
            c.problem(
                &["sources", k],
                None,
                format!("sources.{k}: needs a doi, a pmid or a url, so a reader can find it"),
            );
        }
        if let Some(pmid) = &source.pmid
            && !(pmid.len() <= 9 && !pmid.is_empty() && pmid.bytes().all(|b| b.is_ascii_digit()))
        {
            c.problem(
                &["sources", k, "pmid"],
                None,
                format!("sources.{k}.pmid: `{pmid}` is not a PubMed id (digits only)"),
            );
        }
        if let Some(doi) = &source.doi
            && !(doi.starts_with("10.") && doi.contains('/'))
        {
            c.problem(
                &["sources", k, "doi"],
                None,
                format!("sources.{k}.doi: `{doi}` is not a DOI (10.xxxx/…, without doi:)"),
            );
        }
        if let Some(url) = &source.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            c.problem(
                &["sources", k, "url"],
                None,
                format!("sources.{k}.url: `{url}` must be a web address (https://…)"),
            );
        }
    }
    if catalog.schema != 1 {
        c.problem(
            &["schema"],
            None,
            format!("schema {} is unknown (expected 1)", catalog.schema),
        );
    }
    c.cited(
        &["scales", "source"],
        &catalog.scales.source,
        catalog.scales.evidence,
    );
    c.source(
        &["scales", "severe_salt_source"],
        &catalog.scales.severe_salt_source,
    );
    let g = &catalog.gate;
    if !(g.long_bald_years.is_finite() && (0.0..=100.0).contains(&g.long_bald_years)) {
        c.problem(
            &["gate", "long_bald_years"],
            None,
            format!(
                "gate.long_bald_years: {} is not a number of years from 0 to 100",
                g.long_bald_years
            ),
        );
    }
    if !(g.pull_test_positive_share.is_finite()
        && g.pull_test_positive_share > 0.0
        && g.pull_test_positive_share < 1.0)
    {
        c.problem(
            &["gate", "pull_test_positive_share"],
            None,
            format!(
                "gate.pull_test_positive_share: {} is not a share between 0 and 1",
                g.pull_test_positive_share
            ),
        );
    }
    if !(catalog.scales.severe_salt.is_finite()
        && (0.0..=100.0).contains(&catalog.scales.severe_salt))
    {
        c.problem(
            &["scales", "severe_salt"],
            None,
            "scales.severe_salt: must be a SALT score from 0 to 100".to_owned(),
        );
    }
    c.source(
        &["gate", "long_bald_source"],
        &catalog.gate.long_bald_source,
    );
    c.source(
        &["gate", "pull_test_source"],
        &catalog.gate.pull_test_source,
    );
    for (key, rule) in catalog.gate.rules.iter() {
        let k = key.as_str();
        c.condition(&["gate", "rules", k, "when"], &rule.when);
        c.localized(&["gate", "rules", k, "text"], &rule.text);
        c.localized(&["gate", "rules", k, "patient_text"], &rule.patient_text);
        c.cited(&["gate", "rules", k, "source"], &rule.source, rule.evidence);
        if rule.products.contains(&Product::Combined) {
            c.problem(
                &["gate", "rules", k, "products"],
                Some("combined"),
                format!(
                    "gate.rules.{k}.products: name single products (exosomes, prp); a rule for either applies to a combined protocol"
                ),
            );
        }
        if let Some(r) = &rule.refer {
            c.localized(&["gate", "rules", k, "refer", "question"], &r.question);
        }
        if rule.outcome == Outcome::ReferFirst && rule.refer.is_none() {
            c.problem(
                &["gate", "rules", k],
                None,
                format!("gate.rules.{k}: a refer_first rule needs `refer:` (to whom, and the question asked)"),
            );
        }
    }
    for (key, t) in catalog.terms.iter() {
        let k = key.as_str();
        c.localized(&["terms", k, "name"], &t.name);
        match catalog.questions.get(&t.question) {
            None => c.problem(
                &["terms", k, "question"],
                Some(t.question.as_str()),
                format!("terms.{k}: unknown question `{}`", t.question),
            ),
            Some(q) => {
                let fits = match (&t.choice, q.kind) {
                    (None, QuestionKind::YesNo) => true,
                    (Some(choice), QuestionKind::Choice | QuestionKind::Choices) => {
                        q.choices.get(choice).is_some()
                    }
                    _ => false,
                };
                if !fits {
                    c.problem(
                        &["terms", k],
                        None,
                        format!(
                            "terms.{k}: question `{}` needs a yes/no question, or `choice:` one of its choices",
                            t.question
                        ),
                    );
                }
            }
        }
        if t.words.is_empty() || t.fields.is_empty() {
            c.problem(
                &["terms", k],
                None,
                format!("terms.{k}: needs words and the fields they are read in"),
            );
        }
    }
    for (key, sign) in catalog.signs.iter() {
        c.localized(&["signs", key.as_str(), "name"], &sign.name);
        c.source(&["signs", key.as_str(), "source"], &sign.source);
    }
    for (key, q) in catalog.questions.iter() {
        let k = key.as_str();
        c.localized(&["questions", k, "text"], &q.text);
        let wants_choices = matches!(q.kind, QuestionKind::Choice | QuestionKind::Choices);
        if wants_choices && q.choices.is_empty() {
            c.problem(
                &["questions", k],
                None,
                format!("questions.{k}: a choice question needs choices"),
            );
        }
        if !wants_choices && !q.choices.is_empty() {
            c.problem(
                &["questions", k, "choices"],
                None,
                format!("questions.{k}: choices only go with kind choice or choices"),
            );
        }
        for (choice, text) in q.choices.iter() {
            c.localized(&["questions", k, "choices", choice.as_str()], text);
        }
    }
    for (key, a) in catalog.analytes.iter() {
        c.analyte(key.as_str(), a);
    }
    for (key, a) in catalog.actions.iter() {
        let k = key.as_str();
        c.localized(&["actions", k, "text"], &a.text);
        c.localized(&["actions", k, "patient"], &a.patient);
        for text in [&a.text.en, &a.text.fr, &a.patient.en, &a.patient.fr]
            .into_iter()
            .flatten()
        {
            let mut rest = text.as_str();
            while let Some(open) = rest.find('{') {
                let close = rest[open..].find('}').map_or(rest.len(), |e| open + e + 1);
                let placeholder = &rest[open..close];
                if placeholder != "{analyte}" {
                    c.problem(&["actions", k, "text"], None, format!("actions.{k}.text: unknown placeholder {placeholder} (only {{analyte}} exists)"));
                }
                rest = &rest[close.min(rest.len())..];
            }
        }
        for (name, text) in [
            ("dose", &a.dose),
            ("frequency", &a.frequency),
            ("duration", &a.duration),
            ("note", &a.note),
        ] {
            if let Some(text) = text {
                c.localized(&["actions", k, name], text);
            }
        }
        c.cited(&["actions", k, "source"], &a.source, a.evidence);
    }
    for (key, rule) in catalog.rules.iter() {
        let k = key.as_str();
        c.condition(&["rules", k, "when"], &rule.when);
        for action in &rule.suggest {
            if catalog.actions.get(action).is_none() {
                c.problem(
                    &["rules", k, "suggest"],
                    Some(action.as_str()),
                    format!("rules.{k}: unknown action `{action}`"),
                );
            }
        }
        if rule.suggest.is_empty() && rule.warn.is_none() {
            c.problem(
                &["rules", k],
                None,
                format!("rules.{k}: suggests nothing and warns of nothing"),
            );
        }
        if let Some(w) = &rule.warn {
            c.localized(&["rules", k, "warn"], w);
        }
        c.cited(&["rules", k, "source"], &rule.source, rule.evidence);
    }
    for product in Product::ALL {
        let Some(p) = catalog.products.get(&product) else {
            c.problem(
                &["products"],
                None,
                format!("products: `{product}` is missing"),
            );
            continue;
        };
        let k = product.as_str();
        c.localized(&["products", k, "name"], &p.name);
        c.localized(&["products", k, "regulatory"], &p.regulatory);
        c.cited(&["products", k, "source"], &p.source, p.evidence);
        c.source(&["products", k, "interval_source"], &p.interval_source);
        c.source(&["products", k, "price_source"], &p.price_source);
        if !(p.sessions_min <= p.sessions_default
            && p.sessions_default <= p.sessions_max
            && p.sessions_min > 0)
        {
            c.problem(
                &["products", k],
                None,
                format!("products.{k}: sessions must satisfy 0 < min ≤ default ≤ max"),
            );
        }
        if p.interval_days == 0 {
            c.problem(
                &["products", k, "interval_days"],
                None,
                format!("products.{k}: interval_days must be at least 1"),
            );
        }
        if let Some(m) = &p.min_interval {
            c.cited(
                &["products", k, "min_interval", "source"],
                &m.source,
                m.evidence,
            );
            if m.days == 0 || m.days > p.interval_days {
                c.problem(
                    &["products", k, "min_interval", "days"],
                    None,
                    format!(
                        "products.{k}.min_interval.days: {} must be at least 1 and at most interval_days ({})",
                        m.days, p.interval_days
                    ),
                );
            }
        }
        for (name, [lo, hi]) in [
            ("price_per_session_cents", p.price_per_session_cents),
            ("price_package_cents", p.price_package_cents),
        ] {
            if lo > hi {
                c.problem(
                    &["products", k, name],
                    None,
                    format!("products.{k}.{name}: {lo} is above {hi}"),
                );
            }
        }
        for (name, text) in [("text", &p.text), ("consent", &p.consent)] {
            match text {
                Some(t) if catalog.texts.get(t).is_none() => c.problem(
                    &["products", k, name],
                    Some(t.as_str()),
                    format!("products.{k}.{name}: unknown text `{t}`"),
                ),
                None if product != Product::Combined => c.problem(
                    &["products", k],
                    None,
                    format!("products.{k}: needs `{name}:` (a key of texts)"),
                ),
                _ => {}
            }
        }
    }
    for (key, t) in catalog.followup.iter() {
        c.localized(&["followup", key.as_str(), "text"], &t.text);
        c.cited(&["followup", key.as_str(), "source"], &t.source, t.evidence);
    }
    for (key, t) in catalog.texts.iter() {
        let k = key.as_str();
        c.localized(&["texts", k, "title"], &t.title);
        c.localized(&["texts", k, "body"], &t.body);
        for s in &t.sources {
            c.source(&["texts", k, "sources"], s);
        }
    }
    c.out
}

/// References from a plan to catalog entries that the catalog does not have (a practitioner's
/// catalog may have dropped an analyte a plan still uses). Warnings, not errors: the plan stays
/// readable, and unknown entries are shown as they are.
pub fn plan_references(plan: &super::Plan, catalog: &Catalog) -> Vec<Warning> {
    let mut out = Vec::new();
    let unknown = |field: String, what: Entry, key: &dyn std::fmt::Display| Warning::Unknown {
        field,
        what,
        key: key.to_string(),
    };
    let a = &plan.assessment;
    for sign in a.trichoscopy.iter().flat_map(|t| &t.signs) {
        if catalog.signs.get(sign).is_none() {
            out.push(unknown("assessment.trichoscopy".into(), Entry::Sign, sign));
        }
    }
    let records = std::iter::once((
        "assessment".to_owned(),
        &a.answers,
        &a.actions,
        &a.decisions,
    ))
    .chain(plan.modules.iter().into_iter().map(|(name, m)| {
        (
            format!("modules.{}", name.as_str()),
            &m.answers,
            &m.actions,
            &m.decisions,
        )
    }));
    for (at, answers, actions, decisions) in records {
        for key in answers.0.keys() {
            if catalog.questions.get(key).is_none() {
                out.push(unknown(format!("{at}.answers"), Entry::Question, key));
            }
        }
        for action in actions {
            if action.label.is_none() && catalog.actions.get(&action.action).is_none() {
                out.push(unknown(
                    format!("{at}.actions"),
                    Entry::Action,
                    &action.action,
                ));
            }
        }
        for d in decisions {
            if catalog.rules.get(&d.rule).is_none() {
                out.push(unknown(format!("{at}.decisions"), Entry::Rule, &d.rule));
            }
        }
    }
    for (name, m) in plan.modules.iter() {
        for lab in &m.labs {
            match catalog.analytes.get(&lab.analyte) {
                None => out.push(unknown(
                    format!("modules.{}.labs", name.as_str()),
                    Entry::Analyte,
                    &lab.analyte,
                )),
                Some(an) if an.factor(lab.unit.as_str()).is_none() => {
                    out.push(Warning::Unconvertible {
                        field: format!("modules.{}.labs", name.as_str()),
                        analyte: lab.analyte.to_string(),
                        unit: lab.unit.to_string(),
                        accepted: an.units.iter().map(|(u, _)| u.to_string()).collect(),
                    })
                }
                Some(_) => {}
            }
        }
    }
    for c in &plan.followup.checkpoints {
        if c.label.is_none() && catalog.followup.get(&c.what).is_none() {
            out.push(unknown(
                "followup.checkpoints".into(),
                Entry::FollowupTemplate,
                &c.what,
            ));
        }
    }
    for c in plan.consent.iter() {
        if catalog.texts.get(&c.text).is_none() {
            out.push(unknown("consent".into(), Entry::Text, &c.text));
        }
    }
    out
}
