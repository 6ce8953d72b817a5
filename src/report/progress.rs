//! The progress report for a follow-up visit: "is it working?" answered honestly — each
//! measurement and lab value recorded twice or more, baseline against latest with its chart,
//! the sessions done with their reactions, and what comes next.

use crate::domain::catalog::Catalog;
use crate::domain::plan::{Plan, SessionStatus};
use crate::domain::trends::{Trend, trends};
use crate::domain::{Lang, dates};

use super::doc::{Block, Chart, Document};
use super::summary::number;

/// Within this share of the baseline, a change is reported as no clear change.
const NO_CHANGE: f64 = 0.05;

/// The progress report of `plan` in `lang`.
pub fn build(plan: &Plan, catalog: &Catalog, lang: Lang) -> Document {
    let t = |en: &str, fr: &str| lang.pick(en, fr).to_owned();
    let mut doc = Document {
        title: t("Progress report", "Bilan d'évolution"),
        subtitle: format!(
            "{} · {}",
            plan.patient.name,
            dates::long(plan.updated, lang)
        ),
        blocks: Vec::new(),
        lang,
        footer: format!(
            "{} · {} {}",
            plan.patient.name,
            t("progress report of", "bilan du"),
            dates::long(plan.updated, lang)
        ),
        stamp: String::new(),
    };

    if let Some(inj) = &plan.injections {
        let done: Vec<_> = inj
            .sessions
            .iter()
            .filter(|s| s.status == SessionStatus::Done)
            .collect();
        let name = catalog.products.get(&inj.product).map_or_else(
            || inj.product.label(lang).to_owned(),
            |p| p.name.get(lang).to_owned(),
        );
        doc.heading(t("Where you are", "Où vous en êtes"));
        let mut intro = match lang {
            Lang::En => format!(
                "{name}: {} of {} sessions done.",
                done.len(),
                inj.sessions_planned
            ),
            Lang::Fr => format!(
                "{name} : {} séance{} faite{} sur {}.",
                done.len(),
                if done.len() > 1 { "s" } else { "" },
                if done.len() > 1 { "s" } else { "" },
                inj.sessions_planned
            ),
        };
        if let Some(first) = done.iter().filter_map(|s| s.date).min() {
            intro.push(' ');
            intro.push_str(&format!(
                "{} {}.",
                t("First session on", "Première séance le"),
                dates::long(first, lang)
            ));
        }
        doc.push(Block::Paragraph(intro));
        let rows: Vec<Vec<String>> = done
            .iter()
            .map(|s| {
                vec![
                    s.number.to_string(),
                    dates::long(s.date.unwrap_or(s.planned), lang),
                    s.reaction
                        .as_ref()
                        .map_or_else(|| "—".to_owned(), |r| r.to_string()),
                ]
            })
            .collect();
        doc.table(
            &[
                lang.pick("#", "N°"),
                lang.pick("Date", "Date"),
                lang.pick("Skin reaction", "Réaction cutanée"),
            ],
            rows,
        );
    }

    doc.heading(t("Results over time", "Résultats au fil des visites"));
    let series = trends(plan, catalog, lang);
    if series.is_empty() {
        doc.push(Block::Paragraph(t(
            "Nothing has been measured twice yet: the next measurement will show the first trend.",
            "Rien n'a encore été mesuré deux fois : la prochaine mesure montrera la première évolution.",
        )));
    }
    for trend in &series {
        doc.push(Block::Chart(chart(trend, lang)));
    }
    doc.push(Block::Note(t(
        "Results vary a lot from one person to another and appear gradually; a measurement can move for reasons other than the treatment (season, illness, stress). We read these figures together at each visit.",
        "Les résultats varient beaucoup d'une personne à l'autre et apparaissent progressivement ; une mesure peut bouger pour d'autres raisons que le traitement (saison, maladie, stress). Nous lisons ces chiffres ensemble à chaque visite.",
    )));

    // What comes next: planned sessions and checkpoints not done.
    let mut next: Vec<(jiff::civil::Date, String)> = plan
        .injections
        .iter()
        .flat_map(|i| &i.sessions)
        .filter(|s| s.status == SessionStatus::Planned)
        .map(|s| {
            (
                s.planned,
                format!("{} {}", t("Session", "Séance"), s.number),
            )
        })
        .collect();
    next.extend(
        plan.followup
            .checkpoints
            .iter()
            .filter(|c| c.done.is_none())
            .map(|c| {
                let what = c.label.as_ref().map_or_else(
                    || {
                        catalog
                            .followup
                            .get(&c.what)
                            .map_or_else(|| c.what.to_string(), |x| x.text.get(lang).to_owned())
                    },
                    |l| l.to_string(),
                );
                (c.due, what)
            }),
    );
    next.sort();
    if !next.is_empty() {
        doc.heading(t("Coming next", "Prochaines étapes"));
        doc.table(
            &[lang.pick("Date", "Date"), lang.pick("What", "Quoi")],
            next.into_iter()
                .map(|(d, what)| vec![dates::long(d, lang), what])
                .collect(),
        );
    }
    doc
}

/// One trend as a chart, with its baseline-against-latest caption.
fn chart(trend: &Trend, lang: Lang) -> Chart {
    let t = |en: &str, fr: &str| lang.pick(en, fr).to_owned();
    let (first_date, first) = trend.points[0];
    let (last_date, last) = trend.points[trend.points.len() - 1];
    let delta = last - first;
    let share = if first.abs() > f64::EPSILON {
        delta / first
    } else {
        0.0
    };
    let round = |v: f64| (v * 100.0).round() / 100.0;
    let change = if share.abs() <= NO_CHANGE {
        t("no clear change", "pas de changement net")
    } else {
        format!(
            "{} {}{} ({}{} %)",
            if delta > 0.0 {
                t("higher by", "en hausse de")
            } else {
                t("lower by", "en baisse de")
            },
            number(round(delta.abs()), lang),
            if trend.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", trend.unit)
            },
            if delta > 0.0 { "+" } else { "−" },
            number((share.abs() * 100.0).round(), lang)
        )
    };
    Chart {
        title: if trend.unit.is_empty() {
            trend.label.clone()
        } else {
            format!("{} ({})", trend.label, trend.unit)
        },
        points: trend
            .points
            .iter()
            .map(|(d, v)| (dates::short(*d, lang), *v))
            .collect(),
        labels: trend
            .points
            .iter()
            .map(|(_, v)| number(round(*v), lang))
            .collect(),
        caption: format!(
            "{} {} ({}) → {} {} ({}){} {change}",
            t("first", "première mesure"),
            number(round(first), lang),
            dates::short(first_date, lang),
            t("latest", "dernière"),
            number(round(last), lang),
            dates::short(last_date, lang),
            t(":", " :"),
        ),
        header: (t("Date", "Date"), t("Value", "Valeur")),
    }
}
