//! The forms of the dialogs (a session done, moved or cancelled; a suggestion rejected): the
//! same fields, kinds and parsers as the steps, over the values of the dialog, which the
//! editor applies to the plan when the dialog is confirmed.

use jiff::civil::Date as CivilDate;

use super::kinds::{Choice, Date, DateOrDays, Money, Parse, Prose, Text, When};
use super::{Builder, Ctx, Field, FieldId, Kind};
use crate::domain::config::{Config, Prices};
use crate::domain::money::Cents;
use crate::domain::plan::{Plan, Practitioner, Product};
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
    /// The practitioner's settings (`config.yaml`).
    PractitionerName,
    PractitionerTitle,
    Clinic,
    Phone,
    Email,
    Address,
    Language,
    /// The price per session (`false`) or of the package (`true`) of a product.
    Price(Product, bool),
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
    /// The settings dialog's (boxed: the other dialogs do not need them).
    pub settings: Box<SettingsValues>,
}

/// What the settings dialog edits of `config.yaml`: who signs the documents, the interface's
/// language, the default prices of exosomes and PRP.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SettingsValues {
    pub name: Option<crate::domain::Text>,
    pub title: Option<crate::domain::Text>,
    pub clinic: Option<crate::domain::Text>,
    pub phone: Option<crate::domain::Text>,
    pub email: Option<crate::domain::Text>,
    pub address: Option<crate::domain::Text>,
    pub language: Option<Lang>,
    /// Per session and package, of exosomes and of PRP.
    pub prices: [[Option<Cents>; 2]; 2],
}

/// The products whose prices the settings dialog edits.
const PRICED: [Product; 2] = [Product::Exosomes, Product::Prp];

impl SettingsValues {
    /// The values of `config`.
    pub fn of(config: &Config) -> SettingsValues {
        let p = config.practitioner.as_ref();
        let price = |product: Product| {
            let x = config.prices.get(&product);
            [
                x.and_then(|x| x.per_session_cents),
                x.and_then(|x| x.package_cents),
            ]
        };
        SettingsValues {
            name: p.map(|p| p.name.clone()),
            title: p.and_then(|p| p.title.clone()),
            clinic: p.and_then(|p| p.clinic.clone()),
            phone: p.and_then(|p| p.phone.clone()),
            email: p.and_then(|p| p.email.clone()),
            address: p.and_then(|p| p.address.clone()),
            language: config.language,
            prices: PRICED.map(price),
        }
    }

    /// The text of a field of the practitioner (the name for any other field).
    fn text(&self, field: DialogField) -> &Option<crate::domain::Text> {
        match field {
            DialogField::PractitionerTitle => &self.title,
            DialogField::Clinic => &self.clinic,
            DialogField::Phone => &self.phone,
            DialogField::Email => &self.email,
            DialogField::Address => &self.address,
            _ => &self.name,
        }
    }

    fn text_mut(&mut self, field: DialogField) -> &mut Option<crate::domain::Text> {
        match field {
            DialogField::PractitionerTitle => &mut self.title,
            DialogField::Clinic => &mut self.clinic,
            DialogField::Phone => &mut self.phone,
            DialogField::Email => &mut self.email,
            DialogField::Address => &mut self.address,
            _ => &mut self.name,
        }
    }

    /// `config` with these values, or why it cannot be (a contact without a name).
    pub fn apply(&self, config: &Config, lang: Lang) -> Result<Config, String> {
        let mut out = config.clone();
        let contact = [
            &self.title,
            &self.clinic,
            &self.phone,
            &self.email,
            &self.address,
        ];
        out.practitioner = match &self.name {
            Some(name) => Some(Practitioner {
                name: name.clone(),
                title: self.title.clone(),
                clinic: self.clinic.clone(),
                phone: self.phone.clone(),
                email: self.email.clone(),
                address: self.address.clone(),
            }),
            None if contact.iter().any(|x| x.is_some()) => {
                return Err(lang
                    .pick(
                        "the practitioner's name is needed with a contact",
                        "le nom du praticien est nécessaire avec des coordonnées",
                    )
                    .to_owned());
            }
            None => None,
        };
        out.language = self.language;
        for (product, [session, package]) in PRICED.into_iter().zip(self.prices) {
            let mut prices = out.prices.get(&product).cloned().unwrap_or_default();
            prices.per_session_cents = session;
            prices.package_cents = package;
            if prices == Prices::default() {
                out.prices.0.shift_remove(&product);
            } else {
                out.prices.0.insert(product, prices);
            }
        }
        Ok(out)
    }
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

/// The settings: the practitioner printed on the documents, the interface's language, the
/// default prices.
pub fn settings(config: &Config, c: &Ctx) -> (Vec<Field<Values>>, Values) {
    let l = c.lang;
    let t = |en: &'static str, fr: &'static str| l.pick(en, fr).to_owned();
    let values = Values {
        settings: Box::new(SettingsValues::of(config)),
        ..Values::default()
    };
    let mut b = Builder::<Values>::default();
    let texts = [
        (
            DialogField::PractitionerName,
            t("Practitioner's name", "Nom du praticien"),
        ),
        (
            DialogField::PractitionerTitle,
            t("Title or profession", "Titre ou profession"),
        ),
        (DialogField::Clinic, t("Practice", "Cabinet")),
        (DialogField::Phone, t("Phone", "Téléphone")),
        (DialogField::Email, t("Email", "E-mail")),
        (DialogField::Address, t("Address", "Adresse")),
    ];
    for (field, label) in texts {
        b.push(
            Field::of(id(field), label, Text::default())
                .get(move |v: &Values, _| v.settings.text(field).clone())
                .put(move |v, x| *v.settings.text_mut(field) = x),
        );
    }
    b.push(
        Field::of(
            id(DialogField::Language),
            t("Interface language", "Langue de l'interface"),
            Choice {
                options: vec![
                    (String::new(), t("as the system", "celle du système")),
                    ("fr".into(), "français".into()),
                    ("en".into(), "English".into()),
                ],
            },
        )
        .get(|v: &Values, _| {
            v.settings
                .language
                .map(|x| x.code().to_owned())
                .unwrap_or_default()
        })
        .put(|v, x| {
            v.settings.language = match x.as_str() {
                "fr" => Some(Lang::Fr),
                "en" => Some(Lang::En),
                _ => None,
            }
        }),
    );
    let currency = config.currency.as_ref().map(|c| c.to_string());
    for (i, product) in PRICED.into_iter().enumerate() {
        for (j, package) in [false, true].into_iter().enumerate() {
            let label = match (product, package) {
                (Product::Prp, false) => t("PRP: price per session", "PRP : prix par séance"),
                (Product::Prp, true) => t("PRP: package price", "PRP : prix du forfait"),
                (_, false) => t("Exosomes: price per session", "Exosomes : prix par séance"),
                (_, true) => t("Exosomes: package price", "Exosomes : prix du forfait"),
            };
            let mut f = Field::of(id(DialogField::Price(product, package)), label, Money)
                .get(move |v: &Values, _| v.settings.prices[i][j])
                .put(move |v, x| v.settings.prices[i][j] = x);
            if let Some(cur) = &currency {
                f = f.hint(cur.clone());
            }
            b.push(f);
        }
    }
    (b.out, values)
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
