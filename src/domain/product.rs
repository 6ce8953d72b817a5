//! Choosing the product of the injection series. A product brings its own defaults (number of
//! sessions, interval, maintenance, the configured prices), the consent it needs, and a first
//! session no earlier than the gate advises; the zones are those the assessment found
//! treatable. The interface asks before replacing typed values; this module only applies.

use jiff::civil::Date;

use super::Zone;
use super::catalog::Catalog;
use super::config::Config;
use super::evaluate::Evaluation;
use super::plan::{Plan, Product, SessionStatus, ZoneFinding};
use super::pricing::default_pricing;
use super::schedule::{FirstSession, ProtocolSetup, ScheduleError, earliest_first_session};

/// True when a zone can be injected: follicular openings were seen there, and it has not been
/// bald for `gate.long_bald_years` or more (the same rule the gate counts excluded zones by).
pub fn treatable(zone: &ZoneFinding, catalog: &Catalog) -> bool {
    zone.follicular_openings
        && zone
            .years_bald
            .is_none_or(|y| y.get() < catalog.gate.long_bald_years)
}

/// The zones a new series treats: the treatable zones assessed, or the vertex when none was
/// assessed yet (the practitioner then ticks the real ones).
pub fn treatable_zones(plan: &Plan, catalog: &Catalog) -> Vec<Zone> {
    let zones: Vec<Zone> = plan
        .assessment
        .zones
        .iter()
        .filter(|z| treatable(z, catalog))
        .map(|z| z.zone)
        .collect();
    if zones.is_empty() {
        vec![Zone::Vertex]
    } else {
        zones
    }
}

/// What choosing a product did to the first session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// The series already had a start date, which is kept.
    Kept,
    /// A new series starts on this date (later than usual when a gate rule asks to wait).
    New(FirstSession),
    /// The series was removed.
    Removed,
    /// The series has begun: only its product changed, the calendar stays.
    ProductOnly,
}

/// True once a session of the series was given or cancelled: its calendar is then history.
pub fn began(plan: &Plan) -> bool {
    plan.injections.as_ref().is_some_and(|i| {
        i.sessions
            .iter()
            .any(|s| s.status != SessionStatus::Planned)
    })
}

/// True when the series' sessions, interval, maintenance or prices differ from its product's
/// defaults: they were typed by hand, and another product's defaults replace them only after
/// the practitioner agrees.
pub fn typed_by_hand(plan: &Plan, catalog: &Catalog, config: &Config) -> bool {
    let Some(inj) = &plan.injections else {
        return false;
    };
    let defaults = ProtocolSetup::defaults(inj.product, inj.start, inj.zones.clone(), catalog);
    let as_default = inj.sessions_planned == defaults.sessions
        && inj.interval_days == defaults.interval_days
        && inj.maintenance.as_ref().map(|m| m.every_months) == defaults.maintenance_months
        && plan.pricing.as_ref().is_none_or(|p| {
            *p == default_pricing(inj.product, inj.sessions_planned, catalog, config)
        });
    !as_default
}

/// Plans the series with `product`'s own defaults, keeping the start date and zones of the
/// series in place (done sessions stay; see [`Plan::set_protocol`]); `None` removes the series
/// and its price, and the checkpoints that counted from its start and were not done. Once the
/// series has [`began`], only the product changes and the series cannot be removed.
pub fn choose_product(
    plan: &mut Plan,
    product: Option<Product>,
    catalog: &Catalog,
    config: &Config,
    eval: &Evaluation,
    today: Date,
) -> Result<Start, ScheduleError> {
    if began(plan) {
        let Some(product) = product else {
            return Err(ScheduleError::SeriesBegun);
        };
        if let Some(inj) = plan.injections.as_mut() {
            inj.product = product;
        }
        super::consent::align(plan, catalog);
        return Ok(Start::ProductOnly);
    }
    let Some(product) = product else {
        plan.injections = None;
        plan.pricing = None;
        super::consent::align(plan, catalog);
        plan.followup
            .checkpoints
            .retain(|c| c.months_after_start.is_none() || c.done.is_some());
        return Ok(Start::Removed);
    };
    let (start, zones, outcome) = match &plan.injections {
        Some(inj) => (inj.start, inj.zones.clone(), Start::Kept),
        None => {
            let first = earliest_first_session(plan, catalog, today);
            (
                first.date,
                treatable_zones(plan, catalog),
                Start::New(first),
            )
        }
    };
    let setup = ProtocolSetup::defaults(product, start, zones, catalog);
    plan.set_protocol(&setup, catalog, eval)?;
    plan.pricing = Some(default_pricing(product, setup.sessions, catalog, config));
    super::consent::align(plan, catalog);
    Ok(outcome)
}
