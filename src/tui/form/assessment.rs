//! The assessment step: the contraindication screen first (it must be answered before
//! anything else), then the complaint, scale, pull test, zones, trichoscopy, the other
//! questions of the gate, its suggestions and notes.

use super::kinds::{Check, Choice, Date, Quantity, Text, Whole, YesNo};
use super::module::{Questions, notes, questions, suggestions_and_actions};
use super::{ASSESSED_ZONES, Builder, Ctx, Field, FieldId};
use crate::domain::Zone;
use crate::domain::catalog::Section;
use crate::domain::plan::{Complaint, Plan, PullTest, Scale, ScaleSystem, Stage, ZoneFinding};

const PULL_REGIONS: [Zone; 5] = [
    Zone::Vertex,
    Zone::ParietalLeft,
    Zone::ParietalRight,
    Zone::Occipital,
    Zone::Frontal,
];

const COMPLAINTS: [Complaint; 7] = [
    Complaint::PostpartumShedding,
    Complaint::TelogenEffluvium,
    Complaint::AndrogeneticAlopecia,
    Complaint::FemalePatternLoss,
    Complaint::AlopeciaAreata,
    Complaint::ScarringAlopecia,
    Complaint::Other,
];

const SYSTEMS: [ScaleSystem; 4] = [
    ScaleSystem::Norwood,
    ScaleSystem::Ludwig,
    ScaleSystem::Sinclair,
    ScaleSystem::Salt,
];

pub(super) fn fields(b: &mut Builder, plan: &Plan, c: &Ctx) {
    let l = c.lang;
    let t = |en: &'static str, fr: &'static str| l.pick(en, fr).to_owned();
    let date_hint = t("YYYY-MM-DD", "JJ/MM/AAAA");
    questions(b, Section::Gate, plan, c, Questions::Screen);
    b.heading(t("Hair loss", "Chute de cheveux"));
    b.push(
        Field::of(
            FieldId::Complaint,
            t("Complaint", "Motif"),
            Choice::of(
                &COMPLAINTS,
                Complaint::as_str,
                |x| x.label(l).to_owned(),
                Some("—"),
            ),
        )
        .get(|p: &Plan, _| {
            p.assessment
                .complaint
                .map(|x| x.as_str().to_owned())
                .unwrap_or_default()
        })
        .put(|p, v| p.assessment.complaint = COMPLAINTS.into_iter().find(|x| x.as_str() == v))
        .needs(
            |p, _| p.assessment.complaint.is_some(),
            t("the complaint", "le motif"),
        ),
    );
    b.push(
        Field::of(FieldId::Onset, t("Onset", "Début"), Date::default())
            .hint(date_hint.clone())
            .get(|p: &Plan, _| p.assessment.onset)
            .put(|p, v| p.assessment.onset = v),
    );
    b.push(
        Field::of(
            FieldId::Trigger,
            t("Trigger", "Facteur déclenchant"),
            Text::default(),
        )
        .get(|p: &Plan, _| p.assessment.trigger.clone())
        .put(|p, v| p.assessment.trigger = v),
    );
    b.push(
        Field::of(
            FieldId::TriggerDate,
            t("Trigger date", "Date du facteur"),
            Date::default(),
        )
        .hint(date_hint)
        .get(|p: &Plan, _| p.assessment.trigger_date)
        .put(|p, v| p.assessment.trigger_date = v),
    );
    b.push(
        Field::of(
            FieldId::ScaleSystem,
            t("Scale", "Échelle"),
            Choice::of(
                &SYSTEMS,
                ScaleSystem::as_str,
                |x| x.label().to_owned(),
                Some("—"),
            ),
        )
        .get(|p: &Plan, _| {
            p.assessment
                .scale
                .as_ref()
                .map(|s| s.system.as_str().to_owned())
                .unwrap_or_default()
        })
        .set(|p, v, _| {
            let system = SYSTEMS.into_iter().find(|s| s.as_str() == v);
            p.assessment.scale = system.map(|system| {
                let stage = p
                    .assessment
                    .scale
                    .as_ref()
                    .map(|s| s.stage.0.clone())
                    .filter(|st| system.check_stage(st).is_ok());
                Scale {
                    system,
                    stage: Stage(stage.unwrap_or_else(|| match system {
                        ScaleSystem::Norwood | ScaleSystem::Ludwig => "I".to_owned(),
                        ScaleSystem::Sinclair => "1".to_owned(),
                        ScaleSystem::Salt => "0".to_owned(),
                    })),
                }
            });
            Ok(())
        }),
    );
    let mut stage = Field::of(FieldId::Stage, t("Stage", "Stade"), Text::default());
    if let Some(s) = &plan.assessment.scale {
        stage = stage.hint(match s.system {
            ScaleSystem::Norwood => "I … VII, IIIa, III-vertex",
            ScaleSystem::Ludwig => "I, II, III",
            ScaleSystem::Sinclair => "1 … 5",
            ScaleSystem::Salt => "0 … 100",
        });
    }
    b.push(
        stage
            .get(|p: &Plan, _| {
                p.assessment
                    .scale
                    .as_ref()
                    .and_then(|s| crate::domain::Text::new(s.stage.0.clone()).ok())
            })
            .set(|p, v, c| {
                let Some(scale) = p.assessment.scale.as_mut() else {
                    return Err(c
                        .lang
                        .pick("choose the scale first", "choisir d'abord l'échelle")
                        .to_owned());
                };
                let s = v.map(|t| t.to_string()).unwrap_or_default();
                scale.system.check_stage(&s)?;
                scale.stage = Stage(s);
                Ok(())
            }),
    );
    b.push(
        Field::of(FieldId::Scarring, t("Scarring", "Cicatrices"), YesNo)
            .get(|p: &Plan, _| p.assessment.scarring)
            .put(|p, v| p.assessment.scarring = v),
    );
    b.heading(t("Pull test", "Test de traction"));
    b.push(
        Field::of(
            FieldId::PullGrasped,
            t("Hairs grasped", "Cheveux saisis"),
            Whole::upto(200),
        )
        .hint(t("per region", "par zone"))
        .get(|p: &Plan, _| {
            Some(
                p.assessment
                    .pull_test
                    .first()
                    .map_or(50, |x| x.grasped)
                    .into(),
            )
        })
        .set(|p, v, c| {
            let g = v.unwrap_or(50) as u16;
            if g == 0 {
                return Err(c.lang.pick("at least 1", "au moins 1").to_owned());
            }
            for x in &mut p.assessment.pull_test {
                x.grasped = g;
                x.extracted = x.extracted.min(g);
            }
            Ok(())
        }),
    );
    for z in PULL_REGIONS {
        b.push(
            Field::of(
                FieldId::PullExtracted(z),
                format!("{} {}", t("Out,", "Extraits,"), z.label(l)),
                Whole::upto(200),
            )
            .get(move |p: &Plan, _| {
                p.assessment
                    .pull_test
                    .iter()
                    .find(|x| x.region == z)
                    .map(|x| x.extracted.into())
            })
            .set(move |p, v, c| {
                let grasped = p.assessment.pull_test.first().map_or(50, |x| x.grasped);
                if v.is_some_and(|v| v > u64::from(grasped)) {
                    return Err(format!(
                        "{} 0 … {grasped}",
                        c.lang.pick("a whole number", "un nombre entier")
                    ));
                }
                let v = v.map(|v| v as u16);
                let tests = &mut p.assessment.pull_test;
                match (v, tests.iter().position(|x| x.region == z)) {
                    (None, Some(i)) => {
                        tests.remove(i);
                    }
                    (Some(v), Some(i)) => tests[i].extracted = v,
                    (Some(v), None) => tests.push(PullTest {
                        region: z,
                        grasped,
                        extracted: v,
                    }),
                    (None, None) => {}
                }
                Ok(())
            }),
        );
    }
    b.heading(t(
        "Zones: follicular openings seen, years bald",
        "Zones : ostiums visibles, années sans cheveux",
    ));
    b.push(
        Field::of(
            FieldId::AllZonesOpen,
            t("Openings in all zones", "Ostiums dans toutes les zones"),
            Check,
        )
        .get(|p: &Plan, _| {
            ASSESSED_ZONES.iter().all(|z| {
                p.assessment
                    .zones
                    .iter()
                    .any(|x| x.zone == *z && x.follicular_openings)
            })
        })
        .set(|p, v, _| {
            let zones = &mut p.assessment.zones;
            for z in ASSESSED_ZONES {
                match (v, zones.iter().position(|x| x.zone == z)) {
                    (true, Some(i)) => zones[i].follicular_openings = true,
                    (true, None) => zones.push(ZoneFinding {
                        zone: z,
                        follicular_openings: true,
                        years_bald: None,
                    }),
                    // Unticked: the zones go back to "not assessed", unless they hold more.
                    (false, Some(i)) if zones[i].years_bald.is_none() => {
                        zones.remove(i);
                    }
                    (false, _) => {}
                }
            }
            zones.sort_by_key(|x| x.zone);
            Ok(())
        })
        .needs(
            |p, _| !p.assessment.zones.is_empty(),
            t("the zones assessed", "les zones examinées"),
        ),
    );
    for z in ASSESSED_ZONES {
        b.push(
            Field::of(
                FieldId::ZoneOpenings(z),
                format!("{} {}", t("Openings,", "Ostiums,"), z.label(l)),
                YesNo,
            )
            .get(move |p: &Plan, _| {
                p.assessment
                    .zones
                    .iter()
                    .find(|x| x.zone == z)
                    .map(|x| x.follicular_openings)
            })
            .set(move |p, v, _| {
                let zones = &mut p.assessment.zones;
                match (v, zones.iter().position(|x| x.zone == z)) {
                    (None, Some(i)) => {
                        zones.remove(i);
                    }
                    (Some(v), Some(i)) => zones[i].follicular_openings = v,
                    (Some(v), None) => zones.push(ZoneFinding {
                        zone: z,
                        follicular_openings: v,
                        years_bald: None,
                    }),
                    (None, None) => {}
                }
                zones.sort_by_key(|x| x.zone);
                Ok(())
            }),
        );
        b.push(
            Field::of(
                FieldId::ZoneYearsBald(z),
                format!("{} {}", t("Bald,", "Glabre,"), z.label(l)),
                Quantity,
            )
            .hint(t("years", "ans"))
            .get(move |p: &Plan, _| {
                p.assessment
                    .zones
                    .iter()
                    .find(|x| x.zone == z)
                    .and_then(|x| x.years_bald)
            })
            .set(move |p, years, c| {
                if years.is_some_and(|y| y.get() > 100.0) {
                    return Err(c
                        .lang
                        .pick("100 years at most", "100 ans au plus")
                        .to_owned());
                }
                let zones = &mut p.assessment.zones;
                match zones.iter().position(|x| x.zone == z) {
                    Some(i) => zones[i].years_bald = years,
                    None if years.is_some() => {
                        zones.push(ZoneFinding {
                            zone: z,
                            follicular_openings: true,
                            years_bald: years,
                        });
                        zones.sort_by_key(|x| x.zone);
                    }
                    None => {}
                }
                Ok(())
            }),
        );
    }
    b.heading(t("Trichoscopy", "Trichoscopie"));
    for (key, sign) in c.catalog.signs.iter() {
        let (k1, k2) = (key.clone(), key.clone());
        b.push(
            Field::of(FieldId::Sign(key.clone()), sign.name.get(l), Check)
                .get(move |p: &Plan, _| {
                    p.assessment
                        .trichoscopy
                        .as_ref()
                        .is_some_and(|t| t.signs.contains(&k1))
                })
                .set(move |p, v, _| {
                    let t = p
                        .assessment
                        .trichoscopy
                        .get_or_insert_with(Default::default);
                    t.signs.retain(|s| *s != k2);
                    if v {
                        t.signs.push(k2.clone());
                    }
                    if t.signs.is_empty() && t.notes.is_none() {
                        p.assessment.trichoscopy = None;
                    }
                    Ok(())
                }),
        );
    }
    questions(b, Section::Gate, plan, c, Questions::Others);
    suggestions_and_actions(b, Section::Gate, plan, c);
    notes(b, Section::Gate, c);
}
