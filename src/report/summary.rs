//! What each reader sees of a plan: the patient handout and the practitioner record.
//!
//! The patient handout keeps to what the patient needs, in plain words: whether injections can
//! help, what to take and do, the calendar, the quote, the limits. The practitioner record holds
//! everything: lab values read against their ranges, the rules that fired, accepted and rejected
//! suggestions with their evidence and sources, the session log and the revision log.

use std::collections::BTreeSet;

use crate::domain::catalog::{Catalog, Localized};
use crate::domain::evaluate::{
    EligibilityVerdict, Evaluation, FindingIssue, LabFinding, RangeOrigin, RangeState, Suggestion,
    SuggestionStatus, TargetState, evaluate,
};
use crate::domain::ids::Key;
use crate::domain::plan::Practitioner;
use crate::domain::plan::{ChosenAction, Plan, PricingMode};
use crate::domain::{Lang, dates, format_money};

use super::doc::{Block, Document};

/// Who a summary is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Patient,
    Practitioner,
}

/// A number the way a reader of `lang` writes it (`12,5` in French).
pub fn number(v: f64, lang: Lang) -> String {
    lang.number(v)
}

struct Ctx<'a> {
    plan: &'a Plan,
    catalog: &'a Catalog,
    eval: Evaluation,
    lang: Lang,
    full: bool,
    /// Sources cited so far, in order, for the numbered references of the practitioner record.
    cited: Vec<Key>,
    /// The practitioner's time zone, for the times of the revision log.
    tz: jiff::tz::TimeZone,
}

impl Ctx<'_> {
    fn t(&self, en: &str, fr: &str) -> String {
        self.lang.pick(en, fr).to_owned()
    }

    fn loc(&self, text: &Localized) -> String {
        text.get(self.lang).to_owned()
    }

    fn yes_no(&self, b: bool) -> String {
        if b {
            self.t("yes", "oui")
        } else {
            self.t("no", "non")
        }
    }

    fn analyte_name(&self, key: &Key) -> String {
        self.catalog
            .analytes
            .get(key)
            .map_or_else(|| key.to_string(), |a| self.loc(&a.name))
    }

    /// Cites a source: its number in the references at the end of the record (`ref. 3`).
    fn cite(&mut self, source: &Key) -> String {
        let n = match self.cited.iter().position(|k| k == source) {
            Some(i) => i + 1,
            None => {
                self.cited.push(source.clone());
                self.cited.len()
            }
        };
        format!("{} {n}", self.lang.pick("ref.", "réf."))
    }

    /// A date as people write it.
    fn date(&self, d: jiff::civil::Date) -> String {
        dates::long(d, self.lang)
    }

    /// The words of an action: the plan's own label, else the catalog's text.
    fn action_text(&self, action: &Key, analyte: Option<&Key>) -> String {
        let text = self
            .catalog
            .actions
            .get(action)
            .map_or_else(|| action.to_string(), |a| self.loc(&a.text));
        match analyte {
            Some(an) => text.replace("{analyte}", &self.analyte_name(an)),
            None => text,
        }
    }

    fn chosen(&self, a: &ChosenAction) -> String {
        let name = a
            .label
            .as_ref()
            .map_or_else(|| self.action_text(&a.action, None), |l| l.to_string());
        let details: Vec<String> = [&a.dose, &a.frequency, &a.duration]
            .into_iter()
            .flatten()
            .map(|d| d.to_string())
            .collect();
        if details.is_empty() {
            name
        } else {
            format!("{name} — {}", details.join(", "))
        }
    }
}

/// What a summary needs beyond the plan: the practitioner of the settings (printed when the
/// plan has none) and the time zone of the revision log.
#[derive(Debug, Clone)]
pub struct Settings {
    pub practitioner: Option<Practitioner>,
    pub tz: jiff::tz::TimeZone,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            practitioner: None,
            tz: jiff::tz::TimeZone::system(),
        }
    }
}

/// Builds the summary of `plan` for `audience`, in `lang`, reading it with `catalog`.
pub fn build(plan: &Plan, catalog: &Catalog, audience: Audience, lang: Lang) -> Document {
    build_with(plan, catalog, audience, lang, &Settings::default())
}

/// The practitioner printed on a plan's documents: the plan's own, else the settings'.
pub fn practitioner_of<'a>(plan: &'a Plan, settings: &'a Settings) -> Option<&'a Practitioner> {
    plan.practitioner
        .as_ref()
        .or(settings.practitioner.as_ref())
}

/// Why a patient handout would leave the patient without a way to reach the practitioner, if it
/// would: no practitioner at all, or one without phone, email or address.
pub fn missing_contact(plan: &Plan, settings: &Settings) -> Option<MissingContact> {
    match practitioner_of(plan, settings) {
        None => Some(MissingContact::NoPractitioner),
        Some(p) if p.phone.is_none() && p.email.is_none() && p.address.is_none() => {
            Some(MissingContact::NoWayToReach)
        }
        Some(_) => None,
    }
}

/// What a patient handout lacks to let the patient reach the practitioner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingContact {
    /// No practitioner in the plan or the settings.
    NoPractitioner,
    /// A practitioner with neither phone, email nor address.
    NoWayToReach,
}

impl MissingContact {
    /// What is missing, in `lang`.
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            MissingContact::NoPractitioner => lang.pick("no practitioner", "aucun praticien"),
            MissingContact::NoWayToReach => lang.pick(
                "no phone, email or address",
                "ni téléphone, ni e-mail, ni adresse",
            ),
        }
    }
}

/// Builds the summary with `settings`.
pub fn build_with(
    plan: &Plan,
    catalog: &Catalog,
    audience: Audience,
    lang: Lang,
    settings: &Settings,
) -> Document {
    let mut c = Ctx {
        plan,
        catalog,
        eval: evaluate(plan, catalog),
        lang,
        full: audience == Audience::Practitioner,
        cited: Vec::new(),
        tz: settings.tz.clone(),
    };
    let mut doc = Document {
        title: match audience {
            Audience::Patient => c.t("Your care plan", "Votre plan de soins"),
            Audience::Practitioner => c.t(
                "Care plan — practitioner record",
                "Plan de soins — dossier praticien",
            ),
        },
        subtitle: format!(
            "{} · {} {} · {} {}",
            plan.patient.name,
            c.t("updated", "mis à jour le"),
            c.date(plan.updated),
            c.t("version", "version"),
            plan.revision
        ),
        blocks: Vec::new(),
        stamp: String::new(),
        lang,
        footer: format!(
            "{} · {} {}",
            plan.patient.name,
            c.t("plan of", "plan du"),
            c.date(plan.updated)
        ),
    };
    // A plan not yet agreed says so on every page.
    if plan.status == crate::domain::plan::Status::Draft {
        doc.stamp = c.t("DRAFT — not yet agreed", "BROUILLON — pas encore validé");
    }
    patient(&c, &mut doc);
    assessment(&mut c, &mut doc);
    modules(&mut c, &mut doc);
    // A patient who must see a doctor first, or for whom injections are not indicated, is given
    // the next step, not a calendar and a quote for injections.
    let injections_now = c.full || c.eval.eligibility.verdict.allows_injections();
    if injections_now {
        injections(&c, &mut doc);
        expectations(&c, &mut doc);
    }
    followup(&c, &mut doc);
    // Only the note written for the patient reaches the handout; the practitioner's own notes
    // stay in the record.
    if let Some(note) = &plan.patient_note {
        doc.heading(c.t("A word from your practitioner", "Un mot de votre praticien"));
        doc.push(Block::Paragraph(note.to_string()));
    }
    if injections_now {
        quote(&c, &mut doc);
        limits(&mut c, &mut doc);
    }
    if c.full {
        record(&mut c, &mut doc);
    }
    practitioner(&c, &mut doc, settings);
    if !c.full && injections_now && c.plan.injections.is_some() {
        signatures(&c, &mut doc, settings);
    }
    doc
}

fn patient(c: &Ctx, doc: &mut Document) {
    let plan = c.plan;
    doc.heading(c.t("Patient", "Patient"));
    let mut fields = vec![(c.t("Name", "Nom"), plan.patient.name.to_string())];
    match (plan.patient.birth_date, plan.patient.birth_year) {
        (Some(d), _) => fields.push((c.t("Born", "Né(e) le"), c.date(d))),
        (None, Some(year)) => fields.push((c.t("Born", "Année de naissance"), year.to_string())),
        (None, None) => {}
    }
    if c.full {
        fields.push((
            c.t("Sex", "Sexe"),
            plan.patient.sex.label(c.lang).to_owned(),
        ));
        fields.push((c.t("Plan", "Plan"), plan.id.to_string()));
        fields.push((
            c.t("Status", "Statut"),
            plan.status.label(c.lang).to_owned(),
        ));
        fields.push((c.t("Created", "Créé le"), c.date(plan.created)));
        let h = &plan.patient.history;
        if let Some(d) = h.delivery {
            fields.push((c.t("Delivery", "Accouchement"), c.date(d)));
        }
        if let Some(p) = h.pregnant {
            fields.push((c.t("Pregnant", "Enceinte"), c.yes_no(p)));
        }
        if let Some(b) = h.breastfeeding {
            fields.push((c.t("Breastfeeding", "Allaitement"), c.yes_no(b)));
        }
        let join = |items: &[crate::domain::Text]| {
            items
                .iter()
                .map(|i| i.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        if !h.medications.is_empty() {
            fields.push((c.t("Medications", "Traitements"), join(&h.medications)));
        }
        if !h.conditions.is_empty() {
            fields.push((c.t("Conditions", "Antécédents"), join(&h.conditions)));
        }
        if let Some(f) = &h.family_history {
            fields.push((
                c.t("Family history", "Antécédents familiaux"),
                f.to_string(),
            ));
        }
        if let Some(n) = &h.notes {
            fields.push((c.t("Notes", "Notes"), n.to_string()));
        }
    }
    doc.fields(fields);
}

fn assessment(c: &mut Ctx, doc: &mut Document) {
    let a = &c.plan.assessment;
    doc.heading(c.t("Assessment", "Bilan"));
    let mut fields = Vec::new();
    if let Some(x) = a.complaint {
        fields.push((c.t("Complaint", "Motif"), x.label(c.lang).to_owned()));
    }
    if let Some(d) = a.onset {
        fields.push((c.t("Onset", "Début"), c.date(d)));
    }
    if c.full {
        if let Some(tr) = &a.trigger {
            let when = a
                .trigger_date
                .map(|d| format!(" ({})", c.date(d)))
                .unwrap_or_default();
            fields.push((c.t("Trigger", "Facteur déclenchant"), format!("{tr}{when}")));
        }
        if let Some(s) = &a.scale {
            fields.push((
                c.t("Stage", "Stade"),
                format!("{} {}", s.system.label(), s.stage.0),
            ));
        }
        if let Some(s) = a.scarring {
            fields.push((c.t("Scarring", "Cicatrices"), c.yes_no(s)));
        }
    }
    doc.fields(fields);
    if c.full {
        let rows = a
            .pull_test
            .iter()
            .map(|p| {
                vec![
                    p.region.label(c.lang).to_owned(),
                    format!("{} / {}", p.extracted, p.grasped),
                ]
            })
            .collect();
        doc.table(
            &[
                c.lang.pick("Pull test", "Test de traction"),
                c.lang.pick("Extracted / grasped", "Extraits / saisis"),
            ],
            rows,
        );
        let rows = a
            .zones
            .iter()
            .map(|z| {
                vec![
                    z.zone.label(c.lang).to_owned(),
                    c.yes_no(z.follicular_openings),
                    z.years_bald.map_or_else(|| "—".into(), |y| y.to_string()),
                ]
            })
            .collect();
        doc.table(
            &[
                c.lang.pick("Zone", "Zone"),
                c.lang.pick("Follicular openings", "Ostiums visibles"),
                c.lang.pick("Years bald", "Années glabre"),
            ],
            rows,
        );
        if let Some(tri) = &a.trichoscopy {
            let mut text: Vec<String> = tri
                .signs
                .iter()
                .map(|s| {
                    c.catalog
                        .signs
                        .get(s)
                        .map_or_else(|| s.to_string(), |x| c.loc(&x.name))
                })
                .collect();
            if let Some(n) = &tri.notes {
                text.push(n.to_string());
            }
            doc.fields(vec![(c.t("Trichoscopy", "Trichoscopie"), text.join("; "))]);
        }
        if let Some(n) = &a.notes {
            doc.push(Block::Paragraph(n.to_string()));
        }
    }

    // The eligibility gate.
    let verdict = c.eval.eligibility.verdict;
    let reasons: Vec<(String, crate::domain::catalog::Evidence, Key)> = c
        .eval
        .eligibility
        .reasons
        .iter()
        // A patient told that injections are not for them now is not also told how they
        // would be done: the cautions are for the practitioner's record.
        .filter(|r| {
            c.full
                || verdict.allows_injections()
                || r.outcome != crate::domain::catalog::Outcome::Caution
        })
        .filter_map(|r| c.catalog.gate.rules.get(&r.rule).map(|g| (r, g)))
        .map(|(_, g)| {
            let text = if c.full { &g.text } else { &g.patient_text };
            (c.loc(text), g.evidence, g.source.clone())
        })
        .collect();
    if c.full {
        doc.heading(c.t("Eligibility for injections", "Éligibilité aux injections"));
        doc.fields(vec![(
            c.t("Verdict", "Verdict"),
            verdict.label(c.lang).to_owned(),
        )]);
        if !reasons.is_empty() {
            let lines = reasons
                .into_iter()
                .map(|(text, evidence, source)| {
                    let cited = c.cite(&source);
                    format!("{text} [{}, {cited}]", evidence.label(c.lang))
                })
                .collect();
            doc.push(Block::Bullets(lines));
        }
        let referrals: Vec<String> = c
            .eval
            .referrals
            .iter()
            .filter_map(|r| {
                let q = c.catalog.gate.rules.get(&r.rule)?.refer.as_ref()?;
                let urgent = if r.urgent {
                    c.t(" (urgent)", " (urgent)")
                } else {
                    String::new()
                };
                Some(format!(
                    "{}{urgent}: {}",
                    r.to.label(c.lang),
                    q.question.get(c.lang)
                ))
            })
            .collect();
        if !referrals.is_empty() {
            doc.push(Block::Paragraph(c.t(
                "Referrals (print the letter with --audience referral):",
                "Orientations (imprimer la lettre avec --audience referral) :",
            )));
            doc.push(Block::Bullets(referrals));
        }
        if !c.eval.unanswered.is_empty() {
            doc.push(Block::Paragraph(c.t(
                "Contraindication screen, still to answer:",
                "Contre-indications, questions encore sans réponse :",
            )));
            let questions = c
                .eval
                .unanswered
                .iter()
                .map(|k| {
                    c.catalog
                        .questions
                        .get(k)
                        .map_or_else(|| k.to_string(), |q| c.loc(&q.text))
                })
                .collect();
            doc.push(Block::Bullets(questions));
        }
        let mentions: Vec<String> = c
            .eval
            .mentions
            .iter()
            .filter(|m| !m.confirmed)
            .map(|m| {
                let name = c
                    .catalog
                    .terms
                    .get(&m.list)
                    .map_or_else(|| m.list.to_string(), |l| c.loc(&l.name));
                format!(
                    "« {} » ({}) : {name} — {}",
                    m.entry,
                    m.field.label(c.lang),
                    c.t("confirm the answer", "confirmer la réponse")
                )
            })
            .collect();
        if !mentions.is_empty() {
            doc.push(Block::Bullets(mentions));
        }
    } else {
        doc.heading(c.t(
            "Can injections help you?",
            "Les injections peuvent-elles vous aider ?",
        ));
        let intro = match verdict {
            EligibilityVerdict::Eligible => c.t(
                "Your assessment shows hair roots that are still active: injections can be considered, together with care of the terrain.",
                "Votre bilan montre des racines encore actives : des injections peuvent être envisagées, avec une prise en charge du terrain.",
            ),
            EligibilityVerdict::EligibleWithCautions => c.t(
                "Injections can be considered, with some precautions:",
                "Des injections peuvent être envisagées, avec quelques précautions :",
            ),
            EligibilityVerdict::ReferFirst => c.t(
                "Before any injection, a doctor should see you:",
                "Avant toute injection, un médecin doit vous voir :",
            ),
            EligibilityVerdict::NotEligible => c.t(
                "Injections are not the right treatment for you at this time:",
                "Les injections ne sont pas le bon traitement pour vous en ce moment :",
            ),
        };
        doc.push(Block::Paragraph(intro));
        if !reasons.is_empty() {
            doc.push(Block::Bullets(
                reasons.into_iter().map(|(t, _, _)| t).collect(),
            ));
        }
        // The next step, for a patient referred to a doctor.
        let doctors: BTreeSet<crate::domain::catalog::Specialist> =
            c.eval.referrals.iter().map(|r| r.to).collect();
        if !doctors.is_empty() {
            let who: Vec<&str> = doctors.iter().map(|d| d.label(c.lang)).collect();
            let urgent = c.eval.referrals.iter().any(|r| r.urgent);
            doc.push(Block::Note(format!(
                "{} {}{}",
                c.t(
                    "Next step: see a doctor with the letter we give you —",
                    "Prochaine étape : consulter avec la lettre que nous vous remettons —",
                ),
                who.join(", "),
                if urgent {
                    c.t(", without delay.", ", sans attendre.")
                } else {
                    ".".to_owned()
                }
            )));
        }
    }
}

/// How a lab value reads against its range and target, in a few words.
pub(crate) fn reading(lang: Lang, f: &LabFinding) -> String {
    let t = |en: &str, fr: &str| lang.pick(en, fr).to_owned();
    let mut words = Vec::new();
    match f.issue {
        Some(FindingIssue::UnknownAnalyte) => words.push(t("not in the catalog", "hors catalogue")),
        Some(FindingIssue::UnknownUnit) => {
            words.push(t("unit without conversion", "unité sans conversion"))
        }
        Some(FindingIssue::Implausible) => words.push(t(
            "implausible value: check it",
            "valeur invraisemblable : à vérifier",
        )),
        None => {}
    }
    match f.state {
        RangeState::Low => words.push(t("low", "bas")),
        RangeState::High => words.push(t("high", "haut")),
        RangeState::Normal => words.push(t("in range", "dans la norme")),
        RangeState::Unknown if f.issue.is_none() => words.push(t("no range", "sans norme")),
        RangeState::Unknown => {}
    }
    match f.target {
        TargetState::Below => words.push(t("below target", "sous la cible")),
        TargetState::Above => words.push(t("above target", "au-dessus de la cible")),
        _ => {}
    }
    if f.biotin {
        words.push(t(
            "biotin taken: may be distorted",
            "biotine prise : peut être faussé",
        ));
    }
    words.join(", ")
}

/// The range a value was read against, with its unit when it is the catalog's.
pub(super) fn range_text(catalog: &Catalog, lang: Lang, f: &LabFinding) -> String {
    let Some(b) = f.range else {
        return "—".to_owned();
    };
    // A default range is written in the canonical unit: shown in the value's own unit, so the
    // reader compares like with like.
    let (b, unit) = match (f.range_origin, catalog.analytes.get(&f.analyte)) {
        (Some(RangeOrigin::Catalog), Some(a)) => match a.factor(f.unit.as_str()) {
            Some(factor) if factor > 0.0 => {
                let round = |v: f64| (v / factor * 100.0).round() / 100.0;
                (
                    super::super::domain::catalog::Bounds {
                        low: b.low.map(round),
                        high: b.high.map(round),
                    },
                    format!(" {}", f.unit),
                )
            }
            _ => (b, format!(" {}", a.unit)),
        },
        _ => (b, String::new()),
    };
    let n = |v: f64| number(v, lang);
    let bounds = match (b.low, b.high) {
        (Some(lo), Some(hi)) => format!("{}–{}", n(lo), n(hi)),
        (Some(lo), None) => format!("≥ {}", n(lo)),
        (None, Some(hi)) => format!("≤ {}", n(hi)),
        (None, None) => "—".to_owned(),
    };
    // Say whose range it is: the laboratory's, or the catalog's default.
    let origin = match f.range_origin {
        Some(RangeOrigin::Catalog) => lang.pick(" (default)", " (par défaut)").to_owned(),
        Some(RangeOrigin::Lab) => lang.pick(" (lab)", " (labo)").to_owned(),
        None => String::new(),
    };
    format!("{bounds}{unit}{origin}")
}

fn suggestion_line(c: &mut Ctx, s: &Suggestion) -> String {
    let what = match (&s.action, c.catalog.rules.get(&s.rule)) {
        (Some(action), _) => c.action_text(action, s.analyte.as_ref()),
        (None, Some(rule)) => rule.warn.as_ref().map_or_else(String::new, |w| c.loc(w)),
        (None, None) => s.rule.to_string(),
    };
    let mut status = match s.status {
        SuggestionStatus::Pending => c.t("to decide", "à décider"),
        SuggestionStatus::Accepted => c.t("accepted", "acceptée"),
        SuggestionStatus::Rejected => c.t("rejected", "refusée"),
    };
    // The practitioner's reason goes with the decision into the record.
    if s.status != SuggestionStatus::Pending
        && let Some(reason) = s.reason(c.plan)
    {
        status = format!("{status} ({reason})");
    }
    let source = c.cite(&s.source);
    let about = finding_text(c, &s.finding);
    let about = if about.is_empty() {
        String::new()
    } else {
        format!(" — {} {about}", c.t("based on", "d'après"))
    };
    format!(
        "{what} — {status}{about} [{}, {source}]",
        s.evidence.label(c.lang)
    )
}

/// A suggestion's finding in the reader's words (see [`crate::domain::evaluate::finding_words`]).
fn finding_text(c: &Ctx, finding: &str) -> String {
    crate::domain::evaluate::finding_words(finding, c.catalog, c.lang)
}

/// What the patient takes and does, in plain words: the catalog's patient text of each chosen
/// action, then the practitioner's dose, frequency and duration.
fn patient_actions(c: &Ctx, doc: &mut Document) {
    let plan = c.plan;
    let actions: Vec<&ChosenAction> = plan
        .assessment
        .actions
        .iter()
        .chain(
            plan.modules
                .iter()
                .into_iter()
                .flat_map(|(_, m)| &m.actions),
        )
        .collect();
    // Biotin distorts some blood tests (FDA 2017, 2019): the patient is the one who must stop
    // it before the next one.
    let biotin = c.eval.findings.iter().any(|f| f.biotin)
        || matches!(
            crate::domain::evaluate::answer(plan, "biotin"),
            Some(crate::domain::plan::Answer::YesNo(true))
        );
    if actions.is_empty() && !biotin {
        return;
    }
    doc.heading(c.t("What to take and do", "Ce que vous prenez et faites"));
    let mut lines: Vec<String> = actions
        .into_iter()
        .map(|a| {
            let what = match c.catalog.actions.get(&a.action) {
                Some(x) => {
                    // An order names its analyte in the practitioner's label.
                    let analyte = a.label.as_ref().and_then(|l| {
                        c.catalog.analytes.iter().find_map(|(_, an)| {
                            [an.name.get(Lang::En), an.name.get(Lang::Fr)]
                                .iter()
                                .any(|n| !n.is_empty() && l.as_str().ends_with(n))
                                .then(|| an.name.get(c.lang).to_owned())
                        })
                    });
                    let text = c.loc(&x.patient);
                    match analyte {
                        Some(name) => text.replace("{analyte}", &name),
                        None => {
                            text.replace("{analyte}", &c.t("as prescribed", "selon l'ordonnance"))
                        }
                    }
                }
                None => a
                    .label
                    .as_ref()
                    .map_or_else(|| a.action.to_string(), |l| l.to_string()),
            };
            let how: Vec<String> = [&a.dose, &a.frequency]
                .into_iter()
                .flatten()
                .map(|d| d.to_string())
                .collect();
            let mut out = what;
            if !how.is_empty() {
                out.push_str(&format!(
                    " {} {}.",
                    c.t("How:", "Comment :"),
                    how.join(", ")
                ));
            }
            if let Some(d) = &a.duration {
                out.push_str(&format!(" {} {d}.", c.t("How long:", "Durée :")));
            }
            if let Some(start) = a.start {
                out.push_str(&format!(
                    " {} {}.",
                    c.t("From", "À partir du"),
                    c.date(start)
                ));
            }
            out
        })
        .collect();
    if biotin {
        lines.push(c.t(
            "Biotin (in many hair, skin and nail supplements): stop it at least 3 days before each blood test (ask the laboratory) and tell the laboratory you take it, because it can distort some results.",
            "Biotine (présente dans beaucoup de compléments cheveux, peau et ongles) : l'arrêter au moins 3 jours avant chaque prise de sang (demandez au laboratoire) et signaler au laboratoire que vous en prenez, car elle peut fausser certains résultats.",
        ));
    }
    doc.push(Block::Bullets(lines));
}

fn modules(c: &mut Ctx, doc: &mut Document) {
    use crate::domain::catalog::Section;
    if !c.full {
        patient_actions(c, doc);
        return;
    }
    let plan = c.plan;
    // Assessment-level actions and suggestions (referrals) come first.
    let sections: Vec<(Section, String, &[ChosenAction])> = std::iter::once((
        Section::Gate,
        c.t("Referrals and orders", "Orientations et prescriptions"),
        plan.assessment.actions.as_slice(),
    ))
    .chain(plan.modules.iter().into_iter().map(|(name, m)| {
        (
            Section::of(name),
            name.label(c.lang).to_owned(),
            m.actions.as_slice(),
        )
    }))
    .collect();
    for (section, title, actions) in sections {
        let findings: Vec<LabFinding> = c
            .eval
            .findings
            .iter()
            .filter(|f| section.module() == Some(f.module))
            .cloned()
            .collect();
        let suggestions: Vec<Suggestion> = c
            .eval
            .suggestions
            .iter()
            .filter(|s| s.module == section)
            .cloned()
            .collect();
        let patient_has = !actions.is_empty();
        let practitioner_has = patient_has || !findings.is_empty() || !suggestions.is_empty();
        if !(if c.full {
            practitioner_has
        } else {
            patient_has
        }) {
            continue;
        }
        doc.heading(title);
        if c.full && !findings.is_empty() {
            let rows = findings
                .iter()
                .map(|f| {
                    vec![
                        c.analyte_name(&f.analyte),
                        format!("{} {}", number(f.value, c.lang), f.unit),
                        range_text(c.catalog, c.lang, f),
                        reading(c.lang, f),
                        dates::short(f.date, c.lang),
                    ]
                })
                .collect();
            doc.table(
                &[
                    c.lang.pick("Analyte", "Analyse"),
                    c.lang.pick("Value", "Valeur"),
                    c.lang.pick("Range", "Norme"),
                    c.lang.pick("Reading", "Lecture"),
                    c.lang.pick("Date", "Date"),
                ],
                rows,
            );
        }
        if !actions.is_empty() {
            if c.full {
                doc.push(Block::Paragraph(
                    c.t("Chosen actions:", "Actions retenues :"),
                ));
            }
            doc.push(Block::Bullets(
                actions.iter().map(|a| c.chosen(a)).collect(),
            ));
        }
        if c.full && !suggestions.is_empty() {
            doc.push(Block::Paragraph(
                c.t("Catalog suggestions:", "Suggestions du catalogue :"),
            ));
            let lines = suggestions.iter().map(|s| suggestion_line(c, s)).collect();
            doc.push(Block::Bullets(lines));
        }
    }
}

fn injections(c: &Ctx, doc: &mut Document) {
    let Some(inj) = &c.plan.injections else {
        return;
    };
    doc.heading(c.t("Injection sessions", "Séances d'injections"));
    let zones: Vec<&str> = inj.zones.iter().map(|z| z.label(c.lang)).collect();
    let mut fields = vec![
        (
            c.t("Product", "Produit"),
            c.catalog
                .products
                .get(&inj.product)
                .map_or_else(|| inj.product.label(c.lang).to_owned(), |p| c.loc(&p.name)),
        ),
        (c.t("Zones", "Zones"), zones.join(", ")),
        (
            c.t("Series", "Série"),
            format!(
                "{} {} · {} {} {}",
                inj.sessions_planned,
                c.t("sessions", "séances"),
                c.t("every", "tous les"),
                inj.interval_days,
                c.t("days", "jours")
            ),
        ),
    ];
    if let Some(m) = &inj.maintenance {
        fields.push((
            c.t("Maintenance", "Entretien"),
            format!(
                "{} {} {}",
                c.t("every", "tous les"),
                m.every_months,
                c.t("months", "mois")
            ),
        ));
    }
    if c.full {
        if let Some(s) = &inj.product_source {
            fields.push((c.t("Product source", "Origine du produit"), s.to_string()));
        }
        if let Some(s) = &inj.regulatory_status {
            fields.push((
                c.t("Regulatory status", "Statut réglementaire"),
                s.to_string(),
            ));
        }
    }
    doc.fields(fields);
    let rows = inj
        .sessions
        .iter()
        .map(|s| {
            let mut row = vec![
                s.number.to_string(),
                c.date(s.date.unwrap_or(s.planned)),
                s.status.label(c.lang).to_owned(),
            ];
            if c.full {
                row.push(s.lot.as_ref().map_or_else(String::new, |l| l.to_string()));
                row.push(
                    s.reaction
                        .as_ref()
                        .map_or_else(String::new, |r| r.to_string()),
                );
            }
            row
        })
        .collect();
    let mut header = vec![
        c.lang.pick("#", "N°"),
        c.lang.pick("Date", "Date"),
        c.lang.pick("Status", "Statut"),
    ];
    if c.full {
        header.extend([
            c.lang.pick("Lot", "Lot"),
            c.lang.pick("Skin reaction", "Réaction cutanée"),
        ]);
    }
    doc.table(&header, rows);
}

fn expectations(c: &Ctx, doc: &mut Document) {
    let Some(inj) = &c.plan.injections else {
        return;
    };
    let Some(info) = c.catalog.products.get(&inj.product) else {
        return;
    };
    let [from, to] = info.first_results_months;
    doc.heading(c.t("What to expect", "À quoi s'attendre"));
    let mut text = format!(
        "{} {from} {} {to} {}",
        c.t(
            "When they come, effects appear gradually, over",
            "Quand ils viennent, les effets apparaissent progressivement, sur",
        ),
        c.t("to", "à"),
        c.t(
            "months; results vary a lot from one person to another and are not guaranteed.",
            "mois ; les résultats varient beaucoup d'une personne à l'autre et ne sont pas garantis.",
        )
    );
    if inj.maintenance.is_some() {
        text.push(' ');
        text.push_str(&c.t(
            "A maintenance session is usually planned once a year.",
            "Une séance d'entretien est en général prévue une fois par an.",
        ));
    }
    doc.push(Block::Paragraph(text));
    doc.push(Block::Note(c.loc(&info.regulatory)));
}

fn followup(c: &Ctx, doc: &mut Document) {
    let mut checkpoints: Vec<_> = c.plan.followup.checkpoints.iter().collect();
    checkpoints.sort_by_key(|x| x.due);
    let rows: Vec<Vec<String>> = checkpoints
        .into_iter()
        .map(|x| {
            let what = x.label.as_ref().map_or_else(
                || {
                    c.catalog
                        .followup
                        .get(&x.what)
                        .map_or_else(|| x.what.to_string(), |t| c.loc(&t.text))
                },
                |l| l.to_string(),
            );
            vec![
                c.date(x.due),
                what,
                x.done.map_or_else(String::new, |d| {
                    format!("{} {}", c.t("done", "fait le"), c.date(d))
                }),
            ]
        })
        .collect();
    if !rows.is_empty() {
        doc.heading(c.t("Follow-up", "Suivi"));
        doc.table(
            &[
                c.lang.pick("Due", "Prévu le"),
                c.lang.pick("What", "Quoi"),
                c.lang.pick("Done", "Fait"),
            ],
            rows,
        );
    }
    if c.full {
        let rows = c
            .plan
            .followup
            .measurements
            .iter()
            .map(|m| {
                let value = match (&m.value, &m.unit, &m.path) {
                    (Some(v), Some(u), _) => {
                        format!("{} {}", number(v.get(), c.lang), u.shown(c.lang))
                    }
                    (Some(v), None, _) => number(v.get(), c.lang),
                    (None, _, Some(p)) => p.to_string(),
                    _ => String::new(),
                };
                vec![
                    dates::short(m.date, c.lang),
                    m.kind.label(c.lang).to_owned(),
                    m.region
                        .map_or_else(String::new, |r| r.label(c.lang).to_owned()),
                    value,
                ]
            })
            .collect();
        doc.table(
            &[
                c.lang.pick("Date", "Date"),
                c.lang.pick("Measurement", "Mesure"),
                c.lang.pick("Zone", "Zone"),
                c.lang.pick("Value", "Valeur"),
            ],
            rows,
        );
    }
}

fn quote(c: &Ctx, doc: &mut Document) {
    let Some(q) = crate::domain::pricing::quote(c.plan) else {
        return;
    };
    doc.heading(c.t("Quote", "Devis"));
    let money = |x| format_money(x, &q.currency, c.lang);
    let mut fields = vec![(
        c.t("Billing", "Facturation"),
        q.mode.label(c.lang).to_owned(),
    )];
    match q.mode {
        PricingMode::Package => fields.push((
            c.t("Package", "Forfait"),
            format!(
                "{} ({} {})",
                money(q.total),
                q.sessions,
                c.t("sessions", "séances")
            ),
        )),
        PricingMode::PerSession => {
            if let Some(each) = q.per_session {
                fields.push((
                    c.t("Per session", "Par séance"),
                    format!("{} × {}", money(each), q.sessions),
                ));
            }
            fields.push((
                c.t("Total of the series", "Total de la série"),
                money(q.total),
            ));
        }
    }
    if let Some(x) = q.maintenance {
        fields.push((c.t("Maintenance session", "Séance d'entretien"), money(x)));
    }
    if q.done > 0 {
        fields.push((
            c.t("Done so far", "Réalisé à ce jour"),
            format!(
                "{} {} {} — {}",
                q.done,
                c.t("of", "sur"),
                q.sessions,
                money(q.done_value)
            ),
        ));
        fields.push((c.t("Remaining", "Reste"), money(q.remaining)));
    }
    doc.fields(fields);
    doc.push(Block::Paragraph(c.t(
        "Not reimbursed by health insurance.",
        "Non remboursé par l'Assurance maladie.",
    )));
}

fn limits(c: &mut Ctx, doc: &mut Document) {
    // Each product of the protocol brings its limits and its consent; a combined protocol
    // shows both. Consents recorded for a product no longer injected (signed earlier) follow.
    let mut products: Vec<crate::domain::plan::Product> = c
        .plan
        .injections
        .as_ref()
        .map(|i| i.product.components().to_vec())
        .unwrap_or_default();
    for consent in c.plan.consent.iter() {
        if !products.contains(&consent.product) {
            products.push(consent.product);
        }
    }
    for product in products {
        let info = c.catalog.products.get(&product);
        let keys = [
            info.and_then(|p| p.text.clone()),
            c.plan
                .consent
                .get(product)
                .map(|x| x.text.clone())
                .or_else(|| info.and_then(|p| p.consent.clone())),
        ];
        let mut shown = BTreeSet::new();
        for key in keys.into_iter().flatten() {
            if !shown.insert(key.clone()) {
                continue;
            }
            let Some(text) = c.catalog.texts.get(&key) else {
                continue;
            };
            doc.heading(c.loc(&text.title));
            for paragraph in c.loc(&text.body).lines().filter(|l| !l.trim().is_empty()) {
                doc.push(Block::Paragraph(paragraph.to_owned()));
            }
            for s in &text.sources {
                c.cite(s);
            }
        }
        let Some(consent) = c.plan.consent.get(product) else {
            continue;
        };
        let state = crate::domain::consent::state(c.plan, c.catalog, product);
        let signed = match (consent.signed, state) {
            (None, _) => c.t("not signed yet", "pas encore signé"),
            (Some(d), crate::domain::consent::ConsentState::SignedOutdated) => format!(
                "{} {} {}",
                c.t("signed on", "signé le"),
                c.date(d),
                c.t(
                    "(an earlier version of the text: to sign again)",
                    "(une version antérieure du texte : à signer de nouveau)"
                )
            ),
            (Some(d), _) => format!("{} {}", c.t("signed on", "signé le"), c.date(d)),
        };
        doc.fields(vec![(
            format!(
                "{} — {}",
                c.t("Consent", "Consentement"),
                product.label(c.lang)
            ),
            format!(
                "{} {} — {signed}",
                c.t("version", "version"),
                consent.version
            ),
        )]);
    }
}

fn record(c: &mut Ctx, doc: &mut Document) {
    let plan = c.plan;
    let trends = crate::domain::trends::trends(plan, c.catalog, c.lang);
    if !trends.is_empty() {
        doc.heading(c.t("Trends over visits", "Évolution au fil des visites"));
        let rows = trends
            .iter()
            .map(|t| {
                let values: Vec<f64> = t.points.iter().map(|p| p.1).collect();
                let series = t
                    .points
                    .iter()
                    .map(|(d, v)| format!("{} ({})", number(*v, c.lang), c.date(*d)))
                    .collect::<Vec<_>>()
                    .join(" → ");
                vec![
                    format!("{} ({})", t.label, t.unit),
                    crate::domain::trends::sparkline(&values),
                    series,
                ]
            })
            .collect();
        doc.table(
            &[
                c.lang.pick("Series", "Série"),
                c.lang.pick("Trend", "Tendance"),
                c.lang.pick("Values", "Valeurs"),
            ],
            rows,
        );
    }
    if let Some(n) = &plan.notes {
        doc.heading(c.t("Notes", "Notes"));
        doc.push(Block::Paragraph(n.to_string()));
    }
    let rows = plan
        .revisions
        .iter()
        .map(|r| {
            vec![
                r.revision.to_string(),
                {
                    let local = r.at.to_zoned_datetime(c.tz.clone());
                    format!("{}, {}", c.date(local.date()), local.strftime("%H:%M"))
                },
                match &r.reason {
                    Some(why) => format!("{} ({why})", r.change),
                    None => r.change.to_string(),
                },
            ]
        })
        .collect::<Vec<_>>();
    if !rows.is_empty() {
        doc.heading(c.t("Revisions", "Révisions"));
        doc.table(
            &[
                c.lang.pick("#", "N°"),
                c.lang.pick("When", "Quand"),
                c.lang.pick("Change", "Modification"),
            ],
            rows,
        );
    }
    if !c.cited.is_empty() {
        doc.heading(c.t("References", "Références"));
        let lines = c
            .cited
            .iter()
            .enumerate()
            .filter_map(|(i, k)| {
                c.catalog.sources.get(k).map(|s| {
                    let locators = s.locators();
                    if locators.is_empty() {
                        format!("[{}] {}", i + 1, s.citation)
                    } else {
                        format!("[{}] {} {}", i + 1, s.citation, locators.join(" · "))
                    }
                })
            })
            .collect();
        doc.push(Block::Bullets(lines));
        doc.push(Block::Paragraph(format!(
            "{} {}",
            c.t("Clinical catalog version", "Version du catalogue clinique"),
            c.catalog.version
        )));
    }
}

fn practitioner(c: &Ctx, doc: &mut Document, settings: &Settings) {
    let Some(p) = practitioner_of(c.plan, settings) else {
        if !c.full {
            // The command line and the interface warn; the patient's copy just has no contact.
            return;
        }
        doc.heading(c.t("Practitioner", "Praticien"));
        // Say so in the record too: a plan without a contact must not go unnoticed.
        doc.push(Block::Note(c.t(
            "Practitioner's name and contact not set: add `practitioner:` to config.yaml in the configuration folder (see the README, Settings).",
            "Nom et coordonnées du praticien non renseignés : ajouter `practitioner:` dans config.yaml, dans le dossier de configuration (voir le README, Réglages).",
        )));
        return;
    };
    doc.heading(c.t("Practitioner", "Praticien"));
    let mut lines = vec![p.signed_name()];
    lines.extend(
        [&p.clinic, &p.address, &p.phone, &p.email]
            .into_iter()
            .flatten()
            .map(|x| x.to_string()),
    );
    doc.push(Block::Paragraph(lines.join("\n")));
}

/// Where the patient and the practitioner sign the plan and its consent, with the date.
fn signatures(c: &Ctx, doc: &mut Document, settings: &Settings) {
    doc.heading(c.t("Signatures", "Signatures"));
    doc.push(Block::Paragraph(c.t(
        "I have read this plan, its limits and the consent above, and have been able to ask my questions.",
        "J'ai lu ce plan, ses limites et le consentement ci-dessus, et j'ai pu poser mes questions.",
    )));
    let practitioner =
        practitioner_of(c.plan, settings).map_or_else(String::new, Practitioner::signed_name);
    doc.push(Block::Signatures(vec![
        (
            c.t(
                "Patient (date and signature)",
                "Patient (date et signature)",
            ),
            c.plan.patient.name.to_string(),
        ),
        (
            c.t(
                "Practitioner (date and signature)",
                "Praticien (date et signature)",
            ),
            practitioner,
        ),
    ]));
}
