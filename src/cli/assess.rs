//! `trichoplan assess`: the gate's verdict, its reasons, referrals, free-text mentions, lab
//! findings and suggestions, for scripts (JSON) and for a quick look (text).
//!
//! Every key is language-neutral (rule ids, severities, analyte keys); the wording next to them
//! is in the requested language.

use jiff::civil::Date;
use serde::Serialize;

use crate::domain::catalog::{Catalog, Evidence};
use crate::domain::evaluate::{
    self, Evaluation, FindingIssue, LabFinding, RangeOrigin, RangeState, SuggestionStatus,
    TargetState,
};
use crate::domain::plan::Plan;
use crate::domain::{Lang, dates};
use crate::report::summary::reading;

#[derive(Serialize)]
struct Report<'a> {
    plan: &'a str,
    evaluated_on: String,
    verdict: &'static str,
    verdict_text: &'a str,
    reasons: Vec<Reason<'a>>,
    referrals: Vec<Referral<'a>>,
    screen: Screen<'a>,
    mentions: Vec<Mention<'a>>,
    findings: Vec<Finding<'a>>,
    suggestions: Vec<Suggestion<'a>>,
}

#[derive(Serialize)]
struct Reason<'a> {
    rule: &'a str,
    severity: &'static str,
    text: &'a str,
    patient_text: &'a str,
    products: Vec<&'static str>,
    evidence: &'static str,
    source: &'a str,
}

#[derive(Serialize)]
struct Referral<'a> {
    rule: &'a str,
    to: &'static str,
    urgent: bool,
    question: &'a str,
}

#[derive(Serialize)]
struct Screen<'a> {
    complete: bool,
    unanswered: Vec<&'a str>,
}

#[derive(Serialize)]
struct Mention<'a> {
    list: &'a str,
    question: &'a str,
    field: &'static str,
    entry: &'a str,
    word: &'a str,
    confirmed: bool,
}

#[derive(Serialize)]
struct Finding<'a> {
    analyte: &'a str,
    loinc: Option<&'a str>,
    value: f64,
    unit: &'a str,
    date: String,
    canonical: Option<f64>,
    canonical_unit: Option<&'a str>,
    state: &'static str,
    range_low: Option<f64>,
    range_high: Option<f64>,
    range_origin: Option<&'static str>,
    target: Option<&'static str>,
    latest: bool,
    issue: Option<&'static str>,
    biotin_interference: bool,
}

#[derive(Serialize)]
struct Suggestion<'a> {
    rule: &'a str,
    action: Option<&'a str>,
    analyte: Option<&'a str>,
    text: String,
    finding: &'a str,
    status: &'static str,
    evidence: &'static str,
    source: &'a str,
}

fn evidence_key(e: crate::domain::catalog::Evidence) -> &'static str {
    use crate::domain::catalog::Evidence;
    match e {
        Evidence::Guideline => "guideline",
        Evidence::Study => "study",
        Evidence::ExpertOpinion => "expert_opinion",
        Evidence::Practice => "practice",
    }
}

fn finding<'a>(f: &'a LabFinding, catalog: &'a Catalog) -> Finding<'a> {
    let analyte = catalog.analytes.get(&f.analyte);
    Finding {
        analyte: f.analyte.as_str(),
        loinc: analyte.map(|a| a.loinc.as_str()),
        value: f.value,
        unit: f.unit.as_str(),
        date: f.date.to_string(),
        canonical: f.canonical,
        canonical_unit: analyte.map(|a| a.unit.as_str()),
        state: match f.state {
            RangeState::Low => "low",
            RangeState::Normal => "normal",
            RangeState::High => "high",
            RangeState::Unknown => "unknown",
        },
        range_low: f.range.and_then(|r| r.low),
        range_high: f.range.and_then(|r| r.high),
        range_origin: f.range_origin.map(|o| match o {
            RangeOrigin::Lab => "lab",
            RangeOrigin::Catalog => "catalog",
        }),
        target: match f.target {
            TargetState::Below => Some("below"),
            TargetState::Within => Some("within"),
            TargetState::Above => Some("above"),
            TargetState::None => None,
        },
        latest: f.latest,
        issue: f.issue.as_ref().map(|i| match i {
            FindingIssue::UnknownAnalyte => "unknown_analyte",
            FindingIssue::UnknownUnit => "unknown_unit",
            FindingIssue::Implausible => "implausible",
        }),
        biotin_interference: f.biotin,
    }
}

fn report<'a>(
    plan: &'a Plan,
    catalog: &'a Catalog,
    eval: &'a Evaluation,
    on: Date,
    lang: Lang,
) -> Report<'a> {
    let verdict = eval.eligibility.verdict;
    let reasons = eval
        .eligibility
        .reasons
        .iter()
        .filter_map(|r| catalog.gate.rules.get(&r.rule).map(|g| (r, g)))
        .map(|(r, g)| Reason {
            rule: r.rule.as_str(),
            severity: r.outcome.as_str(),
            text: g.text.get(lang),
            patient_text: g.patient_text.get(lang),
            products: g.products.iter().map(|p| p.as_str()).collect(),
            evidence: evidence_key(g.evidence),
            source: g.source.as_str(),
        })
        .collect();
    let referrals = eval
        .referrals
        .iter()
        .map(|r| Referral {
            rule: r.rule.as_str(),
            to: r.to.as_str(),
            urgent: r.urgent,
            question: catalog
                .gate
                .rules
                .get(&r.rule)
                .and_then(|g| g.refer.as_ref())
                .map_or("", |x| x.question.get(lang)),
        })
        .collect();
    let mentions = eval
        .mentions
        .iter()
        .map(|m| Mention {
            list: m.list.as_str(),
            question: m.question.as_str(),
            field: match m.field {
                crate::domain::catalog::FreeText::Medications => "medications",
                crate::domain::catalog::FreeText::Conditions => "conditions",
            },
            entry: &m.entry,
            word: &m.word,
            confirmed: m.confirmed,
        })
        .collect();
    let suggestions = eval
        .suggestions
        .iter()
        .map(|s| {
            let text = suggestion_text(s, catalog, lang);
            Suggestion {
                rule: s.rule.as_str(),
                action: s.action.as_ref().map(|a| a.as_str()),
                analyte: s.analyte.as_ref().map(|a| a.as_str()),
                text,
                finding: &s.finding,
                status: match s.status {
                    SuggestionStatus::Pending => "pending",
                    SuggestionStatus::Accepted => "accepted",
                    SuggestionStatus::Rejected => "rejected",
                },
                evidence: evidence_key(s.evidence),
                source: s.source.as_str(),
            }
        })
        .collect();
    Report {
        plan: plan.id.as_str(),
        evaluated_on: on.to_string(),
        verdict: verdict.as_str(),
        verdict_text: verdict.label(lang),
        reasons,
        referrals,
        screen: Screen {
            complete: eval.unanswered.is_empty(),
            unanswered: eval.unanswered.iter().map(|k| k.as_str()).collect(),
        },
        mentions,
        findings: eval.findings.iter().map(|f| finding(f, catalog)).collect(),
        suggestions,
    }
}

/// What a suggestion proposes, in `lang`: its action's text, or its rule's warning.
fn suggestion_text(s: &evaluate::Suggestion, catalog: &Catalog, lang: Lang) -> String {
    match (&s.action, catalog.rules.get(&s.rule)) {
        (Some(a), _) => {
            let t = catalog
                .actions
                .get(a)
                .map_or(a.as_str(), |x| x.text.get(lang));
            match s.analyte.as_ref().and_then(|k| catalog.analytes.get(k)) {
                Some(an) => t.replace("{analyte}", an.name.get(lang)),
                None => t.to_owned(),
            }
        }
        (None, Some(rule)) => rule.warn.as_ref().map_or("", |w| w.get(lang)).to_owned(),
        (None, None) => String::new(),
    }
}

/// The assessment of `plan` as of `on`, as pretty JSON.
pub fn json(plan: &Plan, catalog: &Catalog, on: Date, lang: Lang) -> String {
    let eval = evaluate::evaluate_on(plan, catalog, on);
    let r = report(plan, catalog, &eval, on, lang);
    let mut s = serde_json::to_string_pretty(&r).unwrap_or_else(|_| "{}".to_owned());
    s.push('\n');
    s
}

/// The assessment of `plan` as of `on`, as lines of text for a terminal: words of `lang`
/// only (outcomes, states and evidence levels in words, dates as people write them); the keys
/// are for the JSON form.
pub fn text(plan: &Plan, catalog: &Catalog, on: Date, lang: Lang) -> String {
    let eval = evaluate::evaluate_on(plan, catalog, on);
    let t = |en: &'static str, fr: &'static str| lang.pick(en, fr);
    let mut out = format!(
        "{} {} ({} {})\n{} {}\n",
        t("Plan", "Plan"),
        plan.id.as_str(),
        t("as of", "au"),
        dates::long(on, lang),
        t("Verdict:", "Verdict :"),
        eval.eligibility.verdict.label(lang)
    );
    for r in &eval.eligibility.reasons {
        let Some(g) = catalog.gate.rules.get(&r.rule) else {
            continue;
        };
        out.push_str(&format!(
            "  [{}] {} ({})\n",
            r.outcome.label(lang),
            g.text.get(lang),
            g.evidence.label(lang)
        ));
    }
    if !eval.referrals.is_empty() {
        out.push_str(t("Referrals:\n", "Orientations :\n"));
        for x in &eval.referrals {
            let question = catalog
                .gate
                .rules
                .get(&x.rule)
                .and_then(|g| g.refer.as_ref())
                .map_or("", |q| q.question.get(lang));
            out.push_str(&format!(
                "  → {}{} — {}\n",
                x.to.label(lang),
                if x.urgent {
                    t(" (urgent)", " (urgent)")
                } else {
                    ""
                },
                question
            ));
        }
    }
    if !eval.unanswered.is_empty() {
        out.push_str(t(
            "Contraindication screen, still to answer:\n",
            "Contre-indications, questions encore sans réponse :\n",
        ));
        for k in &eval.unanswered {
            let q = catalog
                .questions
                .get(k)
                .map_or(k.as_str(), |q| q.text.get(lang));
            out.push_str(&format!("  ? {q}\n"));
        }
    }
    for m in eval.mentions.iter().filter(|m| !m.confirmed) {
        let name = catalog
            .terms
            .get(&m.list)
            .map_or(m.list.as_str(), |l| l.name.get(lang));
        out.push_str(&format!(
            "  ! « {} » ({}) : {name} — {}\n",
            m.entry,
            m.field.label(lang),
            t("confirm the answer", "confirmer la réponse")
        ));
    }
    let findings: Vec<&LabFinding> = eval.findings.iter().filter(|f| f.latest).collect();
    if !findings.is_empty() {
        out.push_str(t("Latest lab values:\n", "Dernières analyses :\n"));
        for f in findings {
            let name = catalog
                .analytes
                .get(&f.analyte)
                .map_or(f.analyte.as_str(), |a| a.name.get(lang));
            out.push_str(&format!(
                "  {name} {} {} ({}) {}\n",
                lang.number(f.value),
                f.unit,
                dates::short(f.date, lang),
                reading(lang, f)
            ));
        }
    }
    let pending: Vec<(String, Evidence)> = eval
        .suggestions
        .iter()
        .filter(|s| s.status == SuggestionStatus::Pending)
        .map(|s| (suggestion_text(s, catalog, lang), s.evidence))
        .collect();
    if !pending.is_empty() {
        out.push_str(t("Suggestions to decide:\n", "Suggestions à décider :\n"));
        for (text, evidence) in pending {
            out.push_str(&format!("  - {text} ({})\n", evidence.label(lang)));
        }
    }
    for w in &eval.warnings {
        out.push_str(&format!(
            "{} {}\n",
            t("Warning:", "Attention :"),
            w.text(lang)
        ));
    }
    out
}
