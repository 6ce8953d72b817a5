//! Trends over visits: the lab values of an analyte, and the measurements of one kind in one
//! zone, in date order, for the follow-up review (journey 3 of the specification).

use jiff::civil::Date;

use super::Lang;
use super::Zone;
use super::catalog::Catalog;
use super::plan::{MeasurementKind, Plan};

/// One series of values over time.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// What is measured, in the reader's language.
    pub label: String,
    pub unit: String,
    /// Dates and values, oldest first.
    pub points: Vec<(Date, f64)>,
}

/// Every series with at least two values: lab results per analyte (converted to the
/// catalog's canonical unit, so that results in different units line up) and measurements per
/// kind and zone.
pub fn trends(plan: &Plan, catalog: &Catalog, lang: Lang) -> Vec<Trend> {
    let mut out = Vec::new();
    for (key, analyte) in catalog.analytes.iter() {
        let mut points: Vec<(Date, f64)> = plan
            .modules
            .iter()
            .into_iter()
            .flat_map(|(_, m)| &m.labs)
            .filter(|l| &l.analyte == key)
            .filter_map(|l| analyte.to_canonical(l.value, &l.unit).map(|v| (l.date, v)))
            .collect();
        if points.len() >= 2 {
            points.sort_by_key(|p| p.0);
            out.push(Trend {
                label: analyte.name.get(lang).to_owned(),
                unit: analyte.unit.to_string(),
                points,
            });
        }
    }
    // Measurements of one kind, in one zone and one unit, make one series.
    type SeriesKey = (MeasurementKind, Option<Zone>, String);
    let mut series: Vec<(SeriesKey, Vec<(Date, f64)>)> = Vec::new();
    for m in &plan.followup.measurements {
        let Some(v) = m.value else { continue };
        let key = (
            m.kind,
            m.region,
            m.unit.as_ref().map_or_else(String::new, |u| u.to_string()),
        );
        match series.iter_mut().find(|(k, _)| *k == key) {
            Some((_, points)) => points.push((m.date, v.get())),
            None => series.push((key, vec![(m.date, v.get())])),
        }
    }
    for ((kind, zone, unit), mut points) in series {
        if points.len() < 2 {
            continue;
        }
        points.sort_by_key(|p| p.0);
        let label = match zone {
            Some(z) => format!("{}, {}", kind.label(lang), z.label(lang)),
            None => kind.label(lang).to_owned(),
        };
        out.push(Trend {
            label,
            unit: super::plan::unit_words(&unit, lang),
            points,
        });
    }
    out
}

/// The values as a one-line chart of block characters, lowest to highest.
pub fn sparkline(values: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    values
        .iter()
        .map(|v| {
            if (hi - lo).abs() < f64::EPSILON {
                BARS[3]
            } else {
                BARS[(((v - lo) / (hi - lo)) * 7.0).round().clamp(0.0, 7.0) as usize]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_span_lowest_to_highest() {
        assert_eq!(sparkline(&[18.0, 25.0, 40.0]), "▁▃█");
        assert_eq!(sparkline(&[5.0, 5.0]), "▄▄");
        assert_eq!(sparkline(&[]), "");
    }
}
