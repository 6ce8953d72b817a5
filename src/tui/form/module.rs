//! The four terrain modules (deficiencies, inflammation & gut, microcirculation, hormones),
//! driven by the catalog: suggestions and chosen actions, questions, lab results, notes. The
//! questions, suggestions and notes are shared with the assessment step.

use std::collections::BTreeMap;

use super::kinds::{Check, Choice, Date, Number, Prose, Quantity, Text};
use super::{
    Builder, Ctx, Field, FieldId, Step, actions_of, actions_of_mut, latest_lab, pending_reason,
    record, record_mut, screen_reason, unit_shown,
};
use crate::domain::Key;
use crate::domain::catalog::{Catalog, QuestionKind, Section};
use crate::domain::evaluate::SuggestionStatus;
use crate::domain::plan::{Answer, LabResult, Plan, RefRange, Sex, Unit};

pub(super) fn fields(b: &mut Builder, section: Section, plan: &Plan, c: &Ctx) {
    let l = c.lang;
    let t = |en: &'static str, fr: &'static str| l.pick(en, fr).to_owned();
    let Some(module) = section.module() else {
        return;
    };
    suggestions_and_actions(b, section, plan, c);
    questions(b, section, plan, c, Questions::All);
    for (key, analyte) in c
        .catalog
        .analytes
        .iter()
        .filter(|(_, a)| a.module == module)
    {
        b.heading(format!("{} · LOINC {}", analyte.name.get(l), analyte.loinc));
        let k = key.clone();
        b.push(
            Field::of(
                FieldId::LabValue(key.clone()),
                t("Value", "Valeur"),
                Quantity,
            )
            .get({
                let k = k.clone();
                move |p: &Plan, c| lab(p, c.catalog, &k).map(|x| x.value)
            })
            .set({
                let k = k.clone();
                move |p, v, c| {
                    match (v, latest_lab(p, c.catalog, &k)) {
                        (None, Some(_)) => {
                            // Emptying the field does not throw away the result.
                            return Err(c
                                .lang
                                .pick(
                                    "enter a value (Ctrl-D removes this result)",
                                    "saisir une valeur (Ctrl-D retire ce résultat)",
                                )
                                .to_owned());
                        }
                        (Some(v), Some((m, i))) => record_mut(p, m).labs[i].value = v,
                        (Some(v), None) => {
                            let Some(analyte) = c.catalog.analytes.get(&k) else {
                                return Ok(());
                            };
                            record_mut(p, analyte.module).labs.push(LabResult {
                                analyte: k.clone(),
                                value: v,
                                unit: analyte.unit.clone(),
                                date: c.today,
                                range: None,
                                lab: None,
                                notes: None,
                            });
                        }
                        (None, None) => {}
                    }
                    Ok(())
                }
            }),
        );
        let units = analyte
            .units
            .iter()
            .map(|(u, _)| (u.to_string(), u.to_string()))
            .collect();
        b.push(
            Field::of(
                FieldId::LabUnit(key.clone()),
                t("Unit", "Unité"),
                Choice { options: units },
            )
            .get({
                let k = k.clone();
                move |p: &Plan, c| {
                    lab(p, c.catalog, &k).map_or_else(
                        || {
                            c.catalog
                                .analytes
                                .get(&k)
                                .map(|a| a.unit.to_string())
                                .unwrap_or_default()
                        },
                        |x| x.unit.to_string(),
                    )
                }
            })
            .set({
                let k = k.clone();
                move |p, v, c| {
                    // With no result yet, the unit shown is the catalog's: nothing to write.
                    let default = c.catalog.analytes.get(&k).map(|a| a.unit.to_string());
                    if latest_lab(p, c.catalog, &k).is_none() && Some(&v) == default.as_ref() {
                        return Ok(());
                    }
                    let lab = lab_mut(p, c, &k)?;
                    lab.unit = Unit::new(v.trim())?;
                    Ok(())
                }
            }),
        );
        b.push(
            Field::of(
                FieldId::LabDate(key.clone()),
                t("Sampled on", "Prélevé le"),
                Date { required: true },
            )
            .hint(t("YYYY-MM-DD", "JJ/MM/AAAA"))
            .get({
                let k = k.clone();
                move |p: &Plan, c| lab(p, c.catalog, &k).map(|x| x.date)
            })
            .set({
                let k = k.clone();
                move |p, v, c| {
                    let lab = lab_mut(p, c, &k)?;
                    if let Some(d) = v {
                        lab.date = d;
                    }
                    Ok(())
                }
            }),
        );
        for low in [true, false] {
            let id = if low {
                FieldId::LabLow(key.clone())
            } else {
                FieldId::LabHigh(key.clone())
            };
            let label = if low {
                t("Lab range low", "Norme labo min")
            } else {
                t("Lab range high", "Norme labo max")
            };
            let (k1, k2) = (k.clone(), k.clone());
            b.push(
                Field::of(id, label, Quantity)
                    .hint(t("optional", "facultatif"))
                    .get(move |p: &Plan, c| {
                        let r = lab(p, c.catalog, &k1)?.range.as_ref()?;
                        if low { r.low } else { r.high }
                    })
                    .set(move |p, v, c| {
                        let lang = c.lang;
                        if v.is_none() && latest_lab(p, c.catalog, &k2).is_none() {
                            return Ok(());
                        }
                        let lab = lab_mut(p, c, &k2)?;
                        let (mut lo, mut hi) =
                            lab.range.as_ref().map_or((None, None), |r| (r.low, r.high));
                        if low {
                            lo = v;
                        } else {
                            hi = v;
                        }
                        if let (Some(lo), Some(hi)) = (lo, hi)
                            && lo > hi
                        {
                            return Err(lang
                                .pick("low is above high", "le min dépasse le max")
                                .to_owned());
                        }
                        lab.range = (lo.is_some() || hi.is_some())
                            .then_some(RefRange { low: lo, high: hi });
                        Ok(())
                    }),
            );
        }
    }
    notes(b, section, c);
}

/// What a module step lacks besides its fields.
pub(super) fn missing(step: Step, plan: &Plan, c: &Ctx) -> Vec<String> {
    match step.module() {
        Some(m) if record(plan, m).is_empty() => {
            vec![
                c.lang
                    .pick("nothing recorded yet", "rien de saisi")
                    .to_owned(),
            ]
        }
        _ => vec![],
    }
}

fn lab<'a>(plan: &'a Plan, catalog: &Catalog, k: &Key) -> Option<&'a LabResult> {
    latest_lab(plan, catalog, k).map(|(m, i)| &record(plan, m).labs[i])
}

fn lab_mut<'a>(plan: &'a mut Plan, c: &Ctx, k: &Key) -> Result<&'a mut LabResult, String> {
    let Some((m, i)) = latest_lab(plan, c.catalog, k) else {
        return Err(c
            .lang
            .pick("enter the value first", "saisir d'abord la valeur")
            .to_owned());
    };
    Ok(&mut record_mut(plan, m).labs[i])
}

/// Which questions of a section to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Questions {
    /// The contraindication screen only.
    Screen,
    /// All but the screen.
    Others,
    /// The screen (first, under its own heading), then the others.
    All,
}

pub(super) fn questions(b: &mut Builder, section: Section, plan: &Plan, c: &Ctx, which: Questions) {
    let l = c.lang;
    let mut heading: Option<bool> = None;
    let mut asked: Vec<_> = c
        .catalog
        .questions
        .iter()
        .filter(|(_, q)| q.section == section)
        .filter(|(_, q)| match which {
            Questions::Screen => q.screen,
            Questions::Others => !q.screen,
            Questions::All => true,
        })
        // A question about periods or menopause is not asked of a man.
        .filter(|(_, q)| {
            q.sex
                .is_none_or(|s| s == plan.patient.sex || plan.patient.sex == Sex::Other)
        })
        .collect();
    asked.sort_by_key(|(_, q)| !q.screen);
    for (key, q) in asked {
        if heading != Some(q.screen) {
            b.heading(if q.screen {
                l.pick(
                    "Contraindications (all to answer before injections)",
                    "Contre-indications (toutes à renseigner avant les injections)",
                )
            } else {
                l.pick("Questions", "Questions")
            });
            heading = Some(q.screen);
        }
        let label = q.text.get(l).to_owned();
        let id = FieldId::Answer(key.clone());
        let (k1, k2) = (key.clone(), key.clone());
        let field = match q.kind {
            QuestionKind::YesNo => Field::of(id, label, super::kinds::YesNo)
                .get(move |p: &Plan, _| match answer_of(p, &k1) {
                    Some(Answer::YesNo(v)) => Some(*v),
                    _ => None,
                })
                .set(move |p, v, c| {
                    set_answer(p, c.catalog, &k2, v.map(Answer::YesNo));
                    Ok(())
                }),
            QuestionKind::Number => {
                let f = Field::of(id, label, Number)
                    .get(move |p: &Plan, _| match answer_of(p, &k1) {
                        Some(Answer::Number(v)) => Some(*v),
                        _ => None,
                    })
                    .set(move |p, v, c| {
                        set_answer(p, c.catalog, &k2, v.map(Answer::Number));
                        Ok(())
                    });
                match &q.unit {
                    Some(u) => f.hint(unit_shown(u.as_str(), l)),
                    None => f,
                }
            }
            QuestionKind::Choice => {
                let mut options = vec![(String::new(), "—".to_owned())];
                options.extend(
                    q.choices
                        .iter()
                        .map(|(k, t)| (k.to_string(), t.get(l).to_owned())),
                );
                Field::of(id, label, Choice { options })
                    .get(move |p: &Plan, _| match answer_of(p, &k1) {
                        Some(Answer::Choice(s)) => s.clone(),
                        _ => String::new(),
                    })
                    .set(move |p, v, c| {
                        let a = (!v.is_empty()).then_some(Answer::Choice(v));
                        set_answer(p, c.catalog, &k2, a);
                        Ok(())
                    })
            }
            QuestionKind::Choices => {
                b.heading(label);
                for (choice, text) in q.choices.iter() {
                    let (k1, k2, c1, c2) =
                        (key.clone(), key.clone(), choice.clone(), choice.clone());
                    b.push(
                        Field::of(
                            FieldId::AnswerChoice(key.clone(), choice.clone()),
                            text.get(l),
                            Check,
                        )
                        .get(move |p: &Plan, _| {
                            matches!(answer_of(p, &k1), Some(Answer::Choices(v)) if v.iter().any(|x| x == c1.as_str()))
                        })
                        .set(move |p, v, c| {
                            let answers = answers_mut(p, c.catalog, &k2);
                            let mut chosen = match answers.remove(&k2) {
                                Some(Answer::Choices(v)) => v,
                                _ => Vec::new(),
                            };
                            chosen.retain(|x| x != c2.as_str());
                            if v {
                                chosen.push(c2.to_string());
                            }
                            if !chosen.is_empty() {
                                answers.insert(k2.clone(), Answer::Choices(chosen));
                            }
                            Ok(())
                        }),
                    );
                }
                continue;
            }
        };
        let field = if q.screen {
            let k = key.clone();
            field.needs_counted(move |p, _| answer_of(p, &k).is_some(), screen_reason(l))
        } else {
            field
        };
        b.push(field);
    }
}

pub(super) fn suggestions_and_actions(b: &mut Builder, section: Section, plan: &Plan, c: &Ctx) {
    let l = c.lang;
    let shown: Vec<usize> = c
        .eval
        .suggestions
        .iter()
        .enumerate()
        // Rejected suggestions stay listed (with their reason) and can be taken back.
        .filter(|(_, s)| s.module == section && s.status != SuggestionStatus::Accepted)
        .map(|(i, _)| i)
        .collect();
    if !shown.is_empty() {
        b.heading(l.pick("Suggestions", "Suggestions"));
        for i in shown {
            b.push(Field::row(FieldId::Suggestion(i)).needs_counted(
                move |_, c| {
                    c.eval
                        .suggestions
                        .get(i)
                        .is_none_or(|s| s.status != SuggestionStatus::Pending)
                },
                pending_reason(l),
            ));
        }
    }
    let actions = actions_of(plan, section);
    if !actions.is_empty() {
        b.heading(l.pick("Chosen actions", "Actions retenues"));
        for i in 0..actions.len() {
            b.push(Field::row(FieldId::ActionRow(section, i)));
            for (id, label) in [
                (FieldId::ActionDose(section, i), l.pick("  Dose", "  Dose")),
                (
                    FieldId::ActionFrequency(section, i),
                    l.pick("  Frequency", "  Fréquence"),
                ),
                (
                    FieldId::ActionDuration(section, i),
                    l.pick("  Duration", "  Durée"),
                ),
            ] {
                let which = match id {
                    FieldId::ActionDose(..) => 0,
                    FieldId::ActionFrequency(..) => 1,
                    _ => 2,
                };
                b.push(
                    Field::of(id, label, Text::default())
                        .get(move |p: &Plan, _| {
                            let a = actions_of(p, section).get(i)?;
                            match which {
                                0 => a.dose.clone(),
                                1 => a.frequency.clone(),
                                _ => a.duration.clone(),
                            }
                        })
                        .set(move |p, v, _| {
                            if let Some(a) = actions_of_mut(p, section).get_mut(i) {
                                match which {
                                    0 => a.dose = v,
                                    1 => a.frequency = v,
                                    _ => a.duration = v,
                                }
                            }
                            Ok(())
                        }),
                );
            }
        }
    }
}

pub(super) fn notes(b: &mut Builder, section: Section, c: &Ctx) {
    let l = c.lang;
    b.heading(l.pick("Notes", "Notes"));
    b.push(
        Field::of(
            FieldId::SectionNotes(section),
            l.pick("Notes", "Notes"),
            Prose,
        )
        .get(move |p: &Plan, _| match section.module() {
            None => p.assessment.notes.clone(),
            Some(m) => record(p, m).notes.clone(),
        })
        .set(move |p, v, _| {
            match section.module() {
                None => p.assessment.notes = v,
                Some(m) => record_mut(p, m).notes = v,
            }
            Ok(())
        }),
    );
}

fn answer_of<'a>(plan: &'a Plan, key: &Key) -> Option<&'a Answer> {
    crate::domain::evaluate::answer(plan, key.as_str())
}

fn answers_mut<'a>(plan: &'a mut Plan, c: &Catalog, key: &Key) -> &'a mut BTreeMap<Key, Answer> {
    let section = c.questions.get(key).map_or(Section::Gate, |q| q.section);
    match section.module() {
        None => &mut plan.assessment.answers.0,
        Some(m) => &mut record_mut(plan, m).answers.0,
    }
}

fn set_answer(plan: &mut Plan, c: &Catalog, key: &Key, answer: Option<Answer>) {
    let answers = answers_mut(plan, c, key);
    match answer {
        Some(a) => answers.insert(key.clone(), a),
        None => answers.remove(key),
    };
}
