//! The injections step: the product and its series (sessions, interval, first session,
//! maintenance), the zones treated, the calendar, the prices and the consent.

use super::kinds::{Check, Choice, Date, Money, Text, Whole};
use super::{ASSESSED_ZONES, Builder, Ctx, Field, FieldId, screen_reason};
use crate::domain::Currency;
use crate::domain::plan::{Plan, PricingMode, Product, SessionStatus};
use crate::domain::pricing::default_pricing;
use crate::domain::schedule::ProtocolSetup;

pub(super) fn fields(b: &mut Builder, plan: &Plan, c: &Ctx) {
    let l = c.lang;
    let t = |en: &'static str, fr: &'static str| l.pick(en, fr).to_owned();
    b.push(
        Field::of(
            FieldId::Product,
            t("Product", "Produit"),
            Choice::of(
                &[Product::Exosomes, Product::Prp, Product::Combined],
                Product::as_str,
                |p| p.label(l).to_owned(),
                Some(l.pick("none", "aucun")),
            ),
        )
        .get(|p: &Plan, _| {
            p.injections
                .as_ref()
                .map(|i| i.product.as_str().to_owned())
                .unwrap_or_default()
        })
        // Choosing a product asks before replacing typed values: the editor does it.
        .set(|_, _, c| {
            Err(c
                .lang
                .pick("choose with Space", "choisir avec Espace")
                .to_owned())
        })
        .needs(
            |p, c| p.injections.is_some() || !c.eval.eligibility.verdict.allows_injections(),
            t("choose a product", "choisir un produit"),
        ),
    );
    let Some(inj) = &plan.injections else {
        return;
    };
    b.push(
        Field::of(
            FieldId::Sessions,
            t("Sessions", "Séances"),
            Whole {
                min: 1,
                max: 30,
                required: true,
            },
        )
        .get(|p: &Plan, _| p.injections.as_ref().map(|i| i.sessions_planned.into()))
        .set(|p, v, c| protocol(p, c, false, |s| s.sessions = v.unwrap_or(1) as u8)),
    );
    b.push(
        Field::of(
            FieldId::Interval,
            t("Every", "Tous les"),
            Whole {
                min: 1,
                max: 365,
                required: true,
            },
        )
        .hint(t("days", "jours"))
        .get(|p: &Plan, _| p.injections.as_ref().map(|i| i.interval_days.into()))
        .set(|p, v, c| protocol(p, c, false, |s| s.interval_days = v.unwrap_or(1) as u16)),
    );
    b.push(
        Field::of(
            FieldId::Start,
            t("First session", "Première séance"),
            Date { required: true },
        )
        .hint(t("YYYY-MM-DD", "JJ/MM/AAAA"))
        .get(|p: &Plan, _| p.injections.as_ref().map(|i| i.start))
        .set(|p, v, c| {
            let Some(start) = v else { return Ok(()) };
            protocol(p, c, true, |s| s.start = start)
        }),
    );
    b.push(
        Field::of(
            FieldId::Maintenance,
            t("Maintenance every", "Entretien tous les"),
            Whole {
                min: 1,
                max: 120,
                required: false,
            },
        )
        .hint(t("months (empty: none)", "mois (vide : aucun)"))
        .get(|p: &Plan, _| {
            p.injections
                .as_ref()
                .and_then(|i| i.maintenance.as_ref())
                .map(|m| m.every_months.into())
        })
        .set(|p, v, c| protocol(p, c, false, |s| s.maintenance_months = v.map(|m| m as u8))),
    );
    b.push(
        Field::of(
            FieldId::ProductSource,
            t("Product source", "Origine du produit"),
            Text::default(),
        )
        .get(|p: &Plan, _| p.injections.as_ref().and_then(|i| i.product_source.clone()))
        .set(|p, v, _| {
            if let Some(inj) = p.injections.as_mut() {
                inj.product_source = v;
            }
            Ok(())
        }),
    );
    b.heading(t("Zones to treat", "Zones à traiter"));
    for z in ASSESSED_ZONES {
        b.push(
            Field::of(FieldId::InjZone(z), z.label(l), Check)
                .get(move |p: &Plan, _| p.injections.as_ref().is_some_and(|i| i.zones.contains(&z)))
                .set(move |p, v, _| {
                    if let Some(inj) = p.injections.as_mut() {
                        inj.zones.retain(|x| *x != z);
                        if v {
                            inj.zones.push(z);
                            inj.zones.sort();
                        }
                    }
                    Ok(())
                }),
        );
    }
    b.heading(t("Sessions", "Séances"));
    for s in &inj.sessions {
        b.push(Field::row(FieldId::Session(s.number)));
    }
    b.heading(t("Prices", "Tarifs"));
    b.push(
        Field::of(
            FieldId::PricingMode,
            t("Billing", "Facturation"),
            Choice::of(
                &[PricingMode::Package, PricingMode::PerSession],
                mode_word,
                |m| m.label(l).to_owned(),
                None,
            ),
        )
        .get(|p: &Plan, _| {
            p.pricing
                .as_ref()
                .map(|x| mode_word(x.mode).to_owned())
                .unwrap_or_default()
        })
        .set(|p, v, c| {
            pricing(p, c)?.mode = if v == "per_session" {
                PricingMode::PerSession
            } else {
                PricingMode::Package
            };
            Ok(())
        })
        .needs(|p, _| p.pricing.is_some(), t("prices", "les prix")),
    );
    for (id, label) in [
        (FieldId::PackagePrice, t("Package price", "Prix du forfait")),
        (
            FieldId::SessionPrice,
            t("Price per session", "Prix par séance"),
        ),
        (
            FieldId::MaintenancePrice,
            t("Maintenance session", "Séance d'entretien"),
        ),
    ] {
        let which = id.clone();
        let which2 = id.clone();
        b.push(
            Field::of(id, label, Money)
                .get(move |p: &Plan, _| {
                    let x = p.pricing.as_ref()?;
                    match which {
                        FieldId::PackagePrice => x.package_cents,
                        FieldId::SessionPrice => x.per_session_cents,
                        _ => x.maintenance_cents,
                    }
                })
                .set(move |p, v, c| {
                    let x = pricing(p, c)?;
                    match which2 {
                        FieldId::PackagePrice => x.package_cents = v,
                        FieldId::SessionPrice => x.per_session_cents = v,
                        _ => x.maintenance_cents = v,
                    }
                    Ok(())
                }),
        );
    }
    b.push(
        Field::of(FieldId::Currency, t("Currency", "Devise"), Text::default())
            .get(|p: &Plan, _| {
                p.pricing
                    .as_ref()
                    .and_then(|x| crate::domain::Text::new(x.currency.to_string()).ok())
            })
            .set(|p, v, c| {
                let code = v.map(|t| t.as_str().to_uppercase()).unwrap_or_default();
                pricing(p, c)?.currency = Currency::new(code).map_err(|e| e.to_string())?;
                Ok(())
            }),
    );
    for consent in plan.consent.iter() {
        let title = c
            .catalog
            .texts
            .get(&consent.text)
            .map_or_else(|| consent.text.to_string(), |x| x.title.get(l).to_owned());
        b.heading(format!(
            "{} — {title} (v{})",
            t("Consent", "Consentement"),
            consent.version
        ));
        let product = consent.product;
        b.push(
            Field::of(
                FieldId::ConsentSigned(product),
                t("Signed on", "Signé le"),
                Date::default(),
            )
            .hint(t("YYYY-MM-DD", "JJ/MM/AAAA"))
            .get(move |p: &Plan, _| p.consent.get(product).and_then(|x| x.signed))
            .set(move |p, v, _| {
                if let Some(consent) = p.consent.get_mut(product) {
                    consent.signed = v;
                }
                Ok(())
            })
            .needs(
                move |p, _| p.consent.get(product).is_some_and(|x| x.signed.is_some()),
                t("consent not signed", "consentement non signé"),
            ),
        );
    }
}

/// What the injections step lacks besides its fields.
pub(super) fn missing(plan: &Plan, c: &Ctx) -> Vec<String> {
    let l = c.lang;
    let mut out = Vec::new();
    if plan.injections.is_some() {
        if plan.consent.is_empty() {
            out.push(
                l.pick("consent not signed", "consentement non signé")
                    .to_owned(),
            );
        }
        if !c.eval.unanswered.is_empty() {
            out.push(format!("{} {}", c.eval.unanswered.len(), screen_reason(l)));
        }
    }
    out
}

fn mode_word(m: PricingMode) -> &'static str {
    match m {
        PricingMode::Package => "package",
        PricingMode::PerSession => "per_session",
    }
}

fn pricing<'a>(p: &'a mut Plan, c: &Ctx) -> Result<&'a mut crate::domain::plan::Pricing, String> {
    p.pricing.as_mut().ok_or_else(|| {
        c.lang
            .pick("choose a product first", "choisir d'abord un produit")
            .to_owned()
    })
}

/// Changes the protocol set-up and plans the calendar again (only while no session is done;
/// once the series has begun the start moves with session 1 instead).
fn protocol(
    p: &mut Plan,
    c: &Ctx,
    start: bool,
    change: impl FnOnce(&mut ProtocolSetup),
) -> Result<(), String> {
    let l = c.lang;
    let Some(inj) = p.injections.clone() else {
        return Err(l
            .pick("choose a product first", "choisir d'abord un produit")
            .to_owned());
    };
    let mut setup = ProtocolSetup::of(&inj);
    change(&mut setup);
    let began = inj
        .sessions
        .iter()
        .any(|s| s.status != SessionStatus::Planned);
    if began && start {
        if setup.start == inj.start {
            return Ok(());
        }
        return Err(l
            .pick(
                "the series has begun: move session 1 instead",
                "la série a commencé : déplacer plutôt la séance 1",
            )
            .to_owned());
    }
    p.set_protocol(&setup, c.catalog, c.eval)
        .map_err(|err| err.message(l))?;
    if let Some(x) = p.pricing.as_mut() {
        // From four sessions a package is offered, without touching the prices typed in.
        let fresh = default_pricing(setup.product, setup.sessions, c.catalog, c.config);
        if x.package_cents.is_none() && fresh.package_cents.is_some() && setup.sessions >= 4 {
            x.mode = fresh.mode;
            x.package_cents = fresh.package_cents;
        }
    }
    Ok(())
}
