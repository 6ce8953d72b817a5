//! Prices and the quote: integer cents only.
//!
//! The practitioner's own prices (configuration) come first; without them, the catalog's
//! practice ranges give a starting point (their lower bound), which the practitioner edits.

use super::catalog::Catalog;
use super::config::Config;
use super::money::{Cents, Currency};
use super::plan::{Plan, Pricing, PricingMode, Product, SessionStatus};

/// Default prices for a new protocol of `sessions` sessions of `product`.
///
/// A package is offered from four sessions (the seed article's packages are for 4 to 6), a
/// per-session price below.
pub fn default_pricing(
    product: Product,
    sessions: u8,
    catalog: &Catalog,
    config: &Config,
) -> Pricing {
    let info = catalog.products.get(&product);
    let mine = config.prices.get(&product);
    let per_session = mine
        .and_then(|p| p.per_session_cents)
        .or_else(|| info.map(|i| Cents(i.price_per_session_cents[0])));
    let package = mine
        .and_then(|p| p.package_cents)
        .or_else(|| info.map(|i| Cents(i.price_package_cents[0])));
    let maintenance = mine.and_then(|p| p.maintenance_cents).or(per_session);
    let mode = if sessions >= 4 && package.is_some() {
        PricingMode::Package
    } else {
        PricingMode::PerSession
    };
    Pricing {
        currency: config.currency.clone().unwrap_or_else(Currency::eur),
        mode,
        per_session_cents: per_session,
        package_cents: if mode == PricingMode::Package {
            package
        } else {
            None
        },
        maintenance_cents: maintenance,
    }
}

/// The quote of a plan and where the series stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub currency: Currency,
    pub mode: PricingMode,
    /// Sessions in the series, cancelled ones excluded.
    pub sessions: u8,
    pub done: u8,
    pub per_session: Option<Cents>,
    pub maintenance: Option<Cents>,
    /// The price of the whole series.
    pub total: Cents,
    /// The value of the sessions done so far (pro rata of a package, rounded down; the last
    /// session carries the remainder).
    pub done_value: Cents,
    pub remaining: Cents,
}

/// The quote of `plan`, if it has prices.
pub fn quote(plan: &Plan) -> Option<Quote> {
    let p = plan.pricing.as_ref()?;
    let (sessions, done) = match &plan.injections {
        Some(inj) if !inj.sessions.is_empty() => (
            inj.sessions
                .iter()
                .filter(|s| s.status != SessionStatus::Cancelled)
                .count()
                .try_into()
                .unwrap_or(u8::MAX),
            inj.sessions
                .iter()
                .filter(|s| s.status == SessionStatus::Done)
                .count()
                .try_into()
                .unwrap_or(u8::MAX),
        ),
        Some(inj) => (inj.sessions_planned, 0),
        None => (0, 0),
    };
    let (total, done_value) = match p.mode {
        PricingMode::Package => {
            let total = p.package_cents?;
            let value = if sessions == 0 || done >= sessions {
                if done == 0 { Cents(0) } else { total }
            } else {
                Cents(total.0.saturating_mul(u64::from(done)) / u64::from(sessions))
            };
            (total, value)
        }
        PricingMode::PerSession => {
            let each = p.per_session_cents?;
            (
                each.saturating_mul(u64::from(sessions)),
                each.saturating_mul(u64::from(done)),
            )
        }
    };
    Some(Quote {
        currency: p.currency.clone(),
        mode: p.mode,
        sessions,
        done,
        per_session: p.per_session_cents,
        maintenance: p.maintenance_cents,
        total,
        done_value,
        remaining: Cents(total.0.saturating_sub(done_value.0)),
    })
}
