//! The follow-up step: the checkpoints, the last measurements, the plan's notes.

use super::kinds::{Choice, Date, Prose, Quantity, Text};
use super::{Builder, Ctx, Field, FieldId, unit_shown, unit_stored};
use crate::domain::Zone;
use crate::domain::plan::{Measurement, MeasurementKind, Plan, Unit};

const KINDS: [MeasurementKind; 5] = [
    MeasurementKind::PullTest,
    MeasurementKind::WashTest,
    MeasurementKind::Density,
    MeasurementKind::ShaftDiameter,
    MeasurementKind::Photo,
];

fn kind_word(k: MeasurementKind) -> &'static str {
    match k {
        MeasurementKind::PullTest => "pull_test",
        MeasurementKind::WashTest => "wash_test",
        MeasurementKind::Density => "density",
        MeasurementKind::ShaftDiameter => "shaft_diameter",
        MeasurementKind::Photo => "photo",
    }
}

/// A field of measurement `i`: reads and writes that measurement, if it is still there.
fn meas<P: super::Parse>(
    id: FieldId,
    label: String,
    parser: P,
    i: usize,
    get: impl Fn(&Measurement, &Ctx) -> P::V + 'static,
    set: impl Fn(&mut Measurement, P::V) -> Result<(), String> + 'static,
) -> Field
where
    P::V: Default,
{
    Field::of(id, label, parser)
        .get(move |p: &Plan, c| {
            p.followup
                .measurements
                .get(i)
                .map(|m| get(m, c))
                .unwrap_or_default()
        })
        .set(move |p, v, _| match p.followup.measurements.get_mut(i) {
            Some(m) => set(m, v),
            None => Ok(()),
        })
}

pub(super) fn fields(b: &mut Builder, plan: &Plan, c: &Ctx) {
    let l = c.lang;
    let t = |en: &'static str, fr: &'static str| l.pick(en, fr).to_owned();
    b.heading(t("Checkpoints", "Contrôles"));
    // In date order, as a calendar reads (the rows keep their place in the file as id).
    let mut order: Vec<usize> = (0..plan.followup.checkpoints.len()).collect();
    order.sort_by_key(|&i| (plan.followup.checkpoints[i].due, i));
    for i in order {
        b.push(Field::row(FieldId::Checkpoint(i)));
    }
    let n = plan.followup.measurements.len();
    for i in n.saturating_sub(3)..n {
        b.heading(format!("{} {}", t("Measurement", "Mesure"), i + 1));
        b.push(meas(
            FieldId::MeasKind(i),
            t("Kind", "Type"),
            Choice::of(&KINDS, kind_word, |k| k.label(l).to_owned(), None),
            i,
            |m, _| kind_word(m.kind).to_owned(),
            |m, v| {
                m.kind = KINDS
                    .into_iter()
                    .find(|k| kind_word(*k) == v)
                    .unwrap_or(MeasurementKind::PullTest);
                Ok(())
            },
        ));
        b.push(meas(
            FieldId::MeasZone(i),
            t("Zone", "Zone"),
            Choice::of(
                &Zone::ALL,
                Zone::as_str,
                |z| z.label(l).to_owned(),
                Some("—"),
            ),
            i,
            |m, _| m.region.map(|z| z.as_str().to_owned()).unwrap_or_default(),
            |m, v| {
                m.region = Zone::ALL.into_iter().find(|z| z.as_str() == v);
                Ok(())
            },
        ));
        b.push(meas(
            FieldId::MeasValue(i),
            t("Value", "Valeur"),
            Quantity,
            i,
            |m, _| m.value,
            |m, v| {
                m.value = v;
                Ok(())
            },
        ));
        b.push(meas(
            FieldId::MeasUnit(i),
            t("Unit", "Unité"),
            Text::default(),
            i,
            |m, c| {
                m.unit
                    .as_ref()
                    .and_then(|u| crate::domain::Text::new(unit_shown(u.as_str(), c.lang)).ok())
            },
            |m, v| {
                m.unit = match v {
                    None => None,
                    Some(u) => Some(Unit::new(unit_stored(u.as_str()))?),
                };
                Ok(())
            },
        ));
        b.push(
            meas(
                FieldId::MeasDate(i),
                t("Date", "Date"),
                Date { required: true },
                i,
                |m, _| Some(m.date),
                |m, v| {
                    if let Some(d) = v {
                        m.date = d;
                    }
                    Ok(())
                },
            )
            .hint(t("YYYY-MM-DD", "JJ/MM/AAAA")),
        );
        b.push(meas(
            FieldId::MeasPath(i),
            t("Photo file", "Fichier photo"),
            Text::default(),
            i,
            |m, _| m.path.clone(),
            |m, v| {
                m.path = v;
                Ok(())
            },
        ));
    }
    if n == 0 {
        b.heading(t(
            "Measurements: press + to add one",
            "Mesures : + pour en ajouter une",
        ));
    }
    b.heading(t("Notes", "Notes"));
    b.push(
        Field::of(FieldId::PlanNotes, t("Plan notes", "Notes du plan"), Prose)
            .get(|p: &Plan, _| p.notes.clone())
            .put(|p, v| p.notes = v),
    );
}

/// What the follow-up step lacks besides its fields.
pub(super) fn missing(plan: &Plan, c: &Ctx) -> Vec<String> {
    if plan.injections.is_some() && plan.followup.checkpoints.is_empty() {
        vec![c.lang.pick("no checkpoint", "aucun contrôle").to_owned()]
    } else {
        vec![]
    }
}
