//! Consent per product: which texts a protocol needs signed, and whether a session may be
//! marked done.
//!
//! A protocol injects one or two products (a combined protocol both); each product has its own
//! consent text in the catalog, versioned. A session is done only with a signed consent for
//! every product it injects, or with the practitioner's explicit override, which the plan keeps
//! on the session and in the revision log.

use super::catalog::Catalog;
use super::plan::{Consent, Plan, Product, Session};
use super::text::Text;

/// Where the consent for one product stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentState {
    /// No consent recorded for the product.
    Missing,
    /// Recorded, not signed yet.
    Unsigned,
    /// Signed on an older version (or another text) than the catalog's current one.
    SignedOutdated,
    Signed,
}

impl ConsentState {
    /// True when the patient has signed (possibly an older version).
    pub fn is_signed(self) -> bool {
        matches!(self, ConsentState::Signed | ConsentState::SignedOutdated)
    }
}

/// Keeps one consent per product of the protocol: existing consents are kept (signed or not),
/// a product new to the protocol gets its catalog text, unsigned, and a product no longer
/// injected loses its consent unless it was signed (a signature is history).
pub fn align(plan: &mut Plan, catalog: &Catalog) {
    let products: &[Product] = plan
        .injections
        .as_ref()
        .map_or(&[], |i| i.product.components());
    plan.consent
        .0
        .retain(|c| products.contains(&c.product) || c.signed.is_some());
    for &product in products {
        if plan.consent.get(product).is_some() {
            continue;
        }
        let Some(key) = catalog
            .products
            .get(&product)
            .and_then(|p| p.consent.clone())
        else {
            continue;
        };
        let Some(text) = catalog.texts.get(&key) else {
            continue;
        };
        let Ok(version) = Text::new(text.version.clone()) else {
            continue;
        };
        plan.consent.0.push(Consent {
            product,
            text: key,
            version,
            signed: None,
            notes: None,
        });
    }
}

/// The state of the consent for one single product.
pub fn state(plan: &Plan, catalog: &Catalog, product: Product) -> ConsentState {
    let Some(c) = plan.consent.get(product) else {
        return ConsentState::Missing;
    };
    if c.signed.is_none() {
        return ConsentState::Unsigned;
    }
    let current = catalog
        .products
        .get(&product)
        .and_then(|p| p.consent.as_ref())
        .and_then(|k| catalog.texts.get(k).map(|t| (k, t)));
    match current {
        Some((key, text)) if *key != c.text || text.version != c.version.as_str() => {
            ConsentState::SignedOutdated
        }
        _ => ConsentState::Signed,
    }
}

/// The products of `session` (its own product, else the protocol's) whose consent is not
/// signed: empty when the session may be marked done.
pub fn unsigned_for(plan: &Plan, catalog: &Catalog, session: &Session) -> Vec<Product> {
    let Some(product) = session
        .product
        .or_else(|| plan.injections.as_ref().map(|i| i.product))
    else {
        return Vec::new();
    };
    product
        .components()
        .iter()
        .copied()
        .filter(|&p| !state(plan, catalog, p).is_signed())
        .collect()
}

/// Done sessions with neither a signed consent for their product nor an override, for
/// `validate` to warn about (files written by hand or by an older trichoplan).
pub fn gaps(plan: &Plan, catalog: &Catalog) -> Vec<super::warnings::Warning> {
    let Some(inj) = &plan.injections else {
        return Vec::new();
    };
    inj.sessions
        .iter()
        .filter(|s| s.status == super::plan::SessionStatus::Done && s.consent_override.is_none())
        .filter_map(|s| {
            let missing = unsigned_for(plan, catalog, s);
            (!missing.is_empty()).then_some(super::warnings::Warning::ConsentGap {
                session: s.number,
                products: missing,
            })
        })
        .collect()
}
