//! The patient step: identity, history, the plan's language and status, contact.

use super::kinds::{Choice, Date, Text, TextList, Whole, YesNo};
use super::{Builder, Ctx, Field, FieldId};
use crate::domain::Lang;
use crate::domain::lifecycle::is_placeholder;
use crate::domain::plan::{Contact, Plan, Sex, Status};

pub(super) fn fields(b: &mut Builder, c: &Ctx) {
    let l = c.lang;
    let t = |en: &'static str, fr: &'static str| l.pick(en, fr).to_owned();
    let date_hint = t("YYYY-MM-DD", "JJ/MM/AAAA");
    b.push(
        Field::of(
            FieldId::Name,
            t("Name or pseudonym", "Nom ou pseudonyme"),
            Text { required: true },
        )
        .get(|p: &Plan, _| Some(p.patient.name.clone()).filter(|n| !is_placeholder(n.as_str())))
        .set(|p, v, c| {
            p.patient.name = v.ok_or_else(|| c.lang.pick("required", "obligatoire").to_owned())?;
            Ok(())
        }),
    );
    b.push(
        Field::of(
            FieldId::BirthYear,
            t("Birth year", "Année de naissance"),
            Whole::upto(2100),
        )
        .get(|p: &Plan, _| p.patient.birth_year.map(u64::from))
        .set(|p, v, c| {
            if let Some(y) = v
                && !(1900..=c.today.year() as u64).contains(&y)
            {
                return Err(c
                    .lang
                    .pick(
                        "a year between 1900 and this year",
                        "une année entre 1900 et cette année",
                    )
                    .to_owned());
            }
            p.patient.birth_year = v.map(|y| y as u16);
            Ok(())
        })
        .needs(
            |p, _| p.patient.birth_year.is_some(),
            t("birth year", "année de naissance"),
        ),
    );
    b.push(
        Field::of(
            FieldId::Sex,
            t("Sex", "Sexe"),
            Choice::of(
                &[Sex::Female, Sex::Male, Sex::Other],
                Sex::as_str,
                |s| s.label(l).to_owned(),
                None,
            ),
        )
        .get(|p: &Plan, _| p.patient.sex.as_str().to_owned())
        .set(|p, v, _| {
            p.patient.sex = match v.as_str() {
                "male" => Sex::Male,
                "other" => Sex::Other,
                _ => Sex::Female,
            };
            Ok(())
        }),
    );
    b.heading(t("History", "Antécédents"));
    b.push(
        Field::of(
            FieldId::Delivery,
            t("Last delivery", "Dernier accouchement"),
            Date::default(),
        )
        .hint(date_hint)
        .get(|p: &Plan, _| p.patient.history.delivery)
        .put(|p, v| p.patient.history.delivery = v),
    );
    b.push(
        Field::of(FieldId::Pregnant, t("Pregnant", "Enceinte"), YesNo)
            .get(|p: &Plan, _| p.patient.history.pregnant)
            .put(|p, v| p.patient.history.pregnant = v),
    );
    b.push(
        Field::of(
            FieldId::Breastfeeding,
            t("Breastfeeding", "Allaitement"),
            YesNo,
        )
        .get(|p: &Plan, _| p.patient.history.breastfeeding)
        .put(|p, v| p.patient.history.breastfeeding = v),
    );
    b.push(
        Field::of(
            FieldId::Medications,
            t("Medications", "Traitements"),
            TextList,
        )
        .hint(t("separate with ;", "séparer par ;"))
        .get(|p: &Plan, _| p.patient.history.medications.clone())
        .put(|p, v| p.patient.history.medications = v),
    );
    b.push(
        Field::of(
            FieldId::Conditions,
            t("Conditions", "Maladies connues"),
            TextList,
        )
        .hint(t("separate with ;", "séparer par ;"))
        .get(|p: &Plan, _| p.patient.history.conditions.clone())
        .put(|p, v| p.patient.history.conditions = v),
    );
    b.push(
        Field::of(
            FieldId::FamilyHistory,
            t("Family history", "Antécédents familiaux"),
            Text::default(),
        )
        .get(|p: &Plan, _| p.patient.history.family_history.clone())
        .put(|p, v| p.patient.history.family_history = v),
    );
    b.heading(t("Plan and contact", "Plan et contact"));
    b.push(
        Field::of(
            FieldId::DocLanguage,
            t("Documents in", "Documents en"),
            Choice {
                options: vec![
                    ("fr".into(), "français".into()),
                    ("en".into(), "English".into()),
                ],
            },
        )
        .get(|p: &Plan, _| p.language.code().to_owned())
        .set(|p, v, _| {
            p.language = if v == "en" { Lang::En } else { Lang::Fr };
            Ok(())
        }),
    );
    b.push(
        Field::of(
            FieldId::Status,
            t("Plan status", "Statut du plan"),
            Choice::of(
                &Status::ALL,
                Status::as_str,
                |s| s.label(l).to_owned(),
                None,
            ),
        )
        .get(|p: &Plan, _| p.status.as_str().to_owned())
        .put(|p, v| {
            p.status = Status::ALL
                .into_iter()
                .find(|s| s.as_str() == v)
                .unwrap_or(Status::Draft)
        }),
    );
    for (id, label) in [
        (FieldId::Phone, t("Phone", "Téléphone")),
        (FieldId::Email, t("Email", "E-mail")),
    ] {
        let phone = id == FieldId::Phone;
        b.push(
            Field::of(id, label, Text::default())
                .get(move |p: &Plan, _| {
                    let c = p.patient.contact.as_ref()?;
                    if phone {
                        c.phone.clone()
                    } else {
                        c.email.clone()
                    }
                })
                .set(move |p, v, _| {
                    let contact = p.patient.contact.get_or_insert(Contact {
                        phone: None,
                        email: None,
                        address: None,
                    });
                    if phone {
                        contact.phone = v;
                    } else {
                        contact.email = v;
                    }
                    if contact.phone.is_none()
                        && contact.email.is_none()
                        && contact.address.is_none()
                    {
                        p.patient.contact = None;
                    }
                    Ok(())
                }),
        );
    }
}
