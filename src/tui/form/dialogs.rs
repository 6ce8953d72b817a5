//! The forms of the dialogs (a session done, moved or cancelled; a suggestion rejected): the
//! same fields, kinds and parsers as the steps, over the values of the dialog, which the
//! editor applies to the plan when the dialog is confirmed.

use jiff::civil::Date as CivilDate;

use super::kinds::{Choice, Date, DateOrDays, Parse, Prose, Text, When};
use super::{Builder, Ctx, Field, FieldId, Kind};
use crate::domain::plan::{Plan, Product};
use crate::domain::{Lang, Zone};

/// The fields a dialog can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DialogField {
    Date,
    Product,
    Lot,
    Zones,
    Reaction,
    Notes,
    Shift,
    /// The reason to go ahead without a signed consent or against the gate.
    Override,
    /// The reason of a rejection or a cancellation.
    Reason,
    MoveTo,
}

/// What the fields of a dialog hold, parsed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Values {
    pub date: Option<CivilDate>,
    pub product: Option<Product>,
    pub lot: Option<crate::domain::Text>,
    pub zones: Vec<Zone>,
    pub reaction: Option<crate::domain::Text>,
    pub notes: Option<crate::domain::Prose>,
    /// Shift the later sessions by the delay.
    pub shift: bool,
    pub consent_override: Option<crate::domain::Text>,
    pub reason: Option<crate::domain::Prose>,
    pub move_to: Option<When>,
}

/// Zones written by name, separated by commas, in either language or as stored.
#[derive(Debug, Clone, Copy, Default)]
pub struct ZoneList;

impl Parse for ZoneList {
    type V = Vec<Zone>;
    fn kind(&self) -> Kind {
        Kind::Text
    }
    fn parse(&self, input: &str, lang: Lang) -> Result<Self::V, String> {
        let mut out = Vec::new();
        for w in input.split(',').map(|z| z.trim().to_lowercase()) {
            if w.is_empty() {
                continue;
            }
            let zone = Zone::ALL.into_iter().find(|z| {
                w == z.as_str()
                    || [Lang::En, Lang::Fr]
                        .iter()
                        .any(|l| w == z.label(*l).to_lowercase())
            });
            match zone {
                Some(z) if !out.contains(&z) => out.push(z),
                Some(_) => {}
                None => {
                    return Err(format!(
                        "{} « {w} »",
                        lang.pick("unknown zone", "zone inconnue")
                    ));
                }
            }
        }
        Ok(out)
    }
    fn show(&self, v: &Self::V, lang: Lang) -> String {
        v.iter()
            .map(|z| z.label(lang))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn id(f: DialogField) -> FieldId {
    FieldId::Dialog(f)
}

/// A session marked done: its date first, then what was injected, where, and how it went.
/// `reason_to_go_ahead` labels the last field when the consent is unsigned or the gate says
/// no.
pub fn session_done(
    plan: &Plan,
    c: &Ctx,
    reason_to_go_ahead: Option<String>,
) -> (Vec<Field<Values>>, Values) {
    let l = c.lang;
    let t = |en: &'static str, fr: &'static str| l.pick(en, fr).to_owned();
    let inj = plan.injections.as_ref();
    let values = Values {
        date: Some(c.today),
        product: Some(inj.map_or(Product::Exosomes, |i| i.product)),
        lot: inj.and_then(|i| i.sessions.iter().rev().find_map(|s| s.lot.clone())),
        zones: inj.map(|i| i.zones.clone()).unwrap_or_default(),
        ..Values::default()
    };
    let mut b = Builder::<Values>::default();
    b.push(
        Field::of(
            id(DialogField::Date),
            t("Date", "Date"),
            Date { required: true },
        )
        .hint(t("YYYY-MM-DD", "JJ/MM/AAAA"))
        .get(|v: &Values, _| v.date)
        .set(|v, d, c| {
            if d.is_some_and(|d| d > c.today) {
                return Err(c
                    .lang
                    .pick(
                        "a session cannot be done in the future",
                        "une séance ne peut pas être faite dans le futur",
                    )
                    .to_owned());
            }
            v.date = d;
            Ok(())
        }),
    );
    b.push(
        Field::of(
            id(DialogField::Product),
            t("Product", "Produit"),
            Choice::of(
                &[Product::Exosomes, Product::Prp, Product::Combined],
                Product::as_str,
                |p| p.label(l).to_owned(),
                None,
            ),
        )
        .get(|v: &Values, _| v.product.map(|p| p.as_str().to_owned()).unwrap_or_default())
        .put(|v, w| {
            v.product = [Product::Exosomes, Product::Prp, Product::Combined]
                .into_iter()
                .find(|p| p.as_str() == w)
        }),
    );
    b.push(
        Field::of(id(DialogField::Lot), t("Lot", "Lot"), Text::default())
            .get(|v: &Values, _| v.lot.clone())
            .put(|v, x| v.lot = x),
    );
    b.push(
        Field::of(id(DialogField::Zones), t("Zones", "Zones"), ZoneList)
            .get(|v: &Values, _| v.zones.clone())
            .put(|v, x| v.zones = x),
    );
    b.push(
        Field::of(
            id(DialogField::Reaction),
            t("Skin reaction", "Réaction cutanée"),
            Text::default(),
        )
        .get(|v: &Values, _| v.reaction.clone())
        .put(|v, x| v.reaction = x),
    );
    b.push(
        Field::of(id(DialogField::Notes), t("Notes", "Notes"), Prose)
            .get(|v: &Values, _| v.notes.clone())
            .put(|v, x| v.notes = x),
    );
    b.push(
        Field::of(
            id(DialogField::Shift),
            t(
                "Shift later sessions by the delay",
                "Décaler les suivantes d'autant",
            ),
            Choice {
                options: vec![
                    ("no".to_owned(), t("no", "non")),
                    ("yes".to_owned(), t("yes", "oui")),
                ],
            },
        )
        .get(|v: &Values, _| if v.shift { "yes" } else { "no" }.to_owned())
        .put(|v, x| v.shift = x == "yes"),
    );
    if let Some(label) = reason_to_go_ahead {
        b.push(
            Field::of(id(DialogField::Override), label, Text::default())
                .get(|v: &Values, _| v.consent_override.clone())
                .put(|v, x| v.consent_override = x),
        );
    }
    (b.out, values)
}

/// Moving a session: a new date, or a number of days (`+7`, `-3`).
pub fn session_move(planned: Option<CivilDate>, c: &Ctx) -> (Vec<Field<Values>>, Values) {
    let l = c.lang;
    let field = Field::of(
        id(DialogField::MoveTo),
        l.pick("New date, or +7 (days)", "Nouvelle date, ou +7 (jours)"),
        DateOrDays,
    )
    .hint(l.pick("YYYY-MM-DD", "JJ/MM/AAAA"))
    .get(|v: &Values, _| v.move_to)
    .put(|v, x| v.move_to = x);
    let values = Values {
        move_to: planned.map(When::On),
        ..Values::default()
    };
    (vec![field], values)
}

/// An optional reason (cancelling a session, rejecting a suggestion).
pub fn reason(c: &Ctx) -> (Vec<Field<Values>>, Values) {
    let l = c.lang;
    let field = Field::of(
        id(DialogField::Reason),
        l.pick("Reason (optional)", "Motif (facultatif)"),
        Prose,
    )
    .get(|v: &Values, _| v.reason.clone())
    .put(|v, x| v.reason = x);
    (vec![field], Values::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_read_back_in_both_languages_and_unknown_ones_refused() {
        let zones = vec![Zone::Frontal, Zone::Vertex, Zone::TemporalLeft];
        for lang in [Lang::En, Lang::Fr] {
            let shown = ZoneList.show(&zones, lang);
            assert_eq!(ZoneList.parse(&shown, lang), Ok(zones.clone()), "{shown}");
            assert!(ZoneList.parse("frontal, nuque", lang).is_err());
        }
        assert_eq!(
            ZoneList.parse("vertex, mid_scalp", Lang::Fr),
            Ok(vec![Zone::Vertex, Zone::MidScalp])
        );
    }
}
