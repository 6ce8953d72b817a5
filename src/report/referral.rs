//! The referral letter: for a patient the gate refers to a doctor, a short letter to the GP or
//! the specialist — why, what was found, the latest lab values, the question asked — built on
//! the same document model as the summaries, so it prints in every format.

use std::collections::BTreeSet;

use crate::domain::catalog::{Catalog, Specialist};
use crate::domain::dates;
use crate::domain::evaluate::{Evaluation, evaluate};
use crate::domain::plan::Plan;
use crate::domain::{Lang, Text};

use super::doc::{Block, Document};
use super::summary::{number, range_text, reading};

/// The referral letter of `plan` in `lang`, or `None` when no gate rule refers the patient.
pub fn build(plan: &Plan, catalog: &Catalog, lang: Lang) -> Option<Document> {
    build_with(plan, catalog, lang, None)
}

/// The referral letter, signed by the plan's practitioner or else by `fallback` (the
/// practitioner of the settings).
pub fn build_with(
    plan: &Plan,
    catalog: &Catalog,
    lang: Lang,
    fallback: Option<&crate::domain::plan::Practitioner>,
) -> Option<Document> {
    let practitioner = plan.practitioner.as_ref().or(fallback);
    let eval = evaluate(plan, catalog);
    if eval.referrals.is_empty() {
        return None;
    }
    let t = |en: &str, fr: &str| lang.pick(en, fr).to_owned();
    let urgent = eval.referrals.iter().any(|r| r.urgent);
    let mut doc = Document {
        title: if urgent {
            t("Referral letter — urgent", "Lettre d'adressage — urgent")
        } else {
            t("Referral letter", "Lettre d'adressage")
        },
        subtitle: format!(
            "{} · {}",
            plan.patient.name,
            dates::long(plan.updated, lang)
        ),
        blocks: Vec::new(),
        stamp: String::new(),
        lang,
        footer: format!(
            "{} · {} {}",
            plan.patient.name,
            t("referral of", "adressage du"),
            dates::long(plan.updated, lang)
        ),
    };

    let to: BTreeSet<Specialist> = eval.referrals.iter().map(|r| r.to).collect();
    let mut head = vec![(
        t("To", "À"),
        to.iter()
            .map(|s| s.label(lang))
            .collect::<Vec<_>>()
            .join(", "),
    )];
    if let Some(p) = practitioner {
        let name = p.signed_name();
        let from = match &p.clinic {
            Some(clinic) => format!("{name}, {clinic}"),
            None => name,
        };
        head.push((t("From", "De"), from));
        let contact: Vec<&str> = [&p.address, &p.phone, &p.email]
            .into_iter()
            .flatten()
            .map(Text::as_str)
            .collect();
        if !contact.is_empty() {
            head.push((t("Contact", "Contact"), contact.join(" · ")));
        }
    }
    head.push((t("Date", "Date"), dates::long(plan.updated, lang)));
    doc.fields(head);

    doc.heading(t("Patient", "Patient"));
    let mut who = vec![(t("Name", "Nom"), plan.patient.name.to_string())];
    use crate::domain::plan::Sex;
    let (born_on, born_in) = match plan.patient.sex {
        Sex::Female => ("Née le", "Née en"),
        Sex::Male => ("Né le", "Né en"),
        Sex::Other => ("Date de naissance", "Année de naissance"),
    };
    match (plan.patient.birth_date, plan.patient.birth_year) {
        (Some(d), _) => who.push((t("Born", born_on), dates::long(d, lang))),
        (None, Some(y)) => who.push((t("Born in", born_in), y.to_string())),
        (None, None) => {}
    }
    who.push((t("Sex", "Sexe"), plan.patient.sex.label(lang).to_owned()));
    doc.fields(who);

    doc.push(Block::Paragraph(t(
        "Dear colleague,",
        "Chère consœur, cher confrère,",
    )));
    doc.push(Block::Paragraph(format!(
        "{} {} {}",
        t("I am seeing", "Je vois en consultation"),
        plan.patient.name,
        t(
            "for hair loss and considering scalp micro-injections. Before any injection, I would be grateful for your opinion on the following.",
            "pour une chute de cheveux, en envisageant des micro-injections du cuir chevelu. Avant toute injection, je vous remercie de votre avis sur ce qui suit.",
        )
    )));

    doc.heading(t("Reason for referral", "Motif de l'adressage"));
    let reasons: Vec<String> = eval
        .referrals
        .iter()
        .filter_map(|r| catalog.gate.rules.get(&r.rule))
        .map(|g| g.text.get(lang).to_owned())
        .collect();
    doc.push(Block::Bullets(reasons));

    doc.heading(t("Question", "Question posée"));
    let questions: Vec<String> = eval
        .referrals
        .iter()
        .filter_map(|r| {
            let q = catalog.gate.rules.get(&r.rule)?.refer.as_ref()?;
            let urgent = if r.urgent {
                t(" (urgent)", " (urgent)")
            } else {
                String::new()
            };
            Some(format!(
                "{}{urgent} — {}",
                capitalised(r.to.label(lang)),
                q.question.get(lang)
            ))
        })
        .collect();
    doc.push(Block::Bullets(questions));

    findings(plan, catalog, &eval, lang, &mut doc);

    doc.push(Block::Paragraph(t(
        "No injection will be given before your answer. Thank you for your help.",
        "Aucune injection ne sera faite avant votre réponse. Avec mes remerciements.",
    )));
    if let Some(p) = practitioner {
        doc.push(Block::Paragraph(p.signed_name()));
    }
    Some(doc)
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What the doctor needs to know: the complaint, the examination, the history and the latest
/// lab values.
fn findings(plan: &Plan, catalog: &Catalog, eval: &Evaluation, lang: Lang, doc: &mut Document) {
    let t = |en: &str, fr: &str| lang.pick(en, fr).to_owned();
    let a = &plan.assessment;
    doc.heading(t("Findings", "Éléments du bilan"));
    let mut fields = Vec::new();
    if let Some(c) = a.complaint {
        fields.push((
            t("Complaint", "Motif de consultation"),
            c.label(lang).to_owned(),
        ));
    }
    if let Some(d) = a.onset {
        fields.push((t("Since", "Depuis le"), dates::long(d, lang)));
    }
    if let Some(s) = &a.scale {
        fields.push((
            t("Stage", "Stade"),
            format!("{} {}", s.system.label(), s.stage.0),
        ));
    }
    if let Some(tri) = &a.trichoscopy
        && !tri.signs.is_empty()
    {
        let signs: Vec<&str> = tri
            .signs
            .iter()
            .map(|s| {
                catalog
                    .signs
                    .get(s)
                    .map_or(s.as_str(), |x| x.name.get(lang))
            })
            .collect();
        fields.push((t("Trichoscopy", "Trichoscopie"), signs.join(", ")));
    }
    // Every "yes" of the assessment's questions, in the catalog's words.
    let yes: Vec<&str> = catalog
        .questions
        .iter()
        .filter(|(k, _)| {
            matches!(
                crate::domain::evaluate::answer(plan, k.as_str()),
                Some(crate::domain::plan::Answer::YesNo(true))
            )
        })
        .map(|(_, q)| q.text.get(lang))
        .collect();
    if !yes.is_empty() {
        fields.push((t("Reported", "Signalé"), yes.join(" ; ")));
    }
    let h = &plan.patient.history;
    if let Some(d) = h.delivery {
        fields.push((t("Delivery", "Accouchement"), dates::long(d, lang)));
    }
    let join = |items: &[Text]| {
        items
            .iter()
            .map(Text::as_str)
            .collect::<Vec<_>>()
            .join("; ")
    };
    if !h.medications.is_empty() {
        fields.push((t("Medications", "Traitements"), join(&h.medications)));
    }
    if !h.conditions.is_empty() {
        fields.push((t("History", "Antécédents"), join(&h.conditions)));
    }
    doc.fields(fields);

    let rows: Vec<Vec<String>> = eval
        .findings
        .iter()
        .filter(|f| f.latest)
        .map(|f| {
            vec![
                catalog
                    .analytes
                    .get(&f.analyte)
                    .map_or_else(|| f.analyte.to_string(), |x| x.name.get(lang).to_owned()),
                format!("{} {}", number(f.value, lang), f.unit),
                range_text(catalog, lang, f),
                reading(lang, f),
                dates::long(f.date, lang),
            ]
        })
        .collect();
    doc.table(
        &[
            lang.pick("Latest results", "Derniers résultats"),
            lang.pick("Value", "Valeur"),
            lang.pick("Range", "Norme"),
            lang.pick("Reading", "Lecture"),
            lang.pick("Date", "Date"),
        ],
        rows,
    );
}
