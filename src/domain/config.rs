//! The practitioner's settings: who they are, their language, currency and prices.

use serde::{Deserialize, Serialize};

use super::Lang;
use super::catalog::Table;
use super::money::{Cents, Currency};
use super::plan::{Practitioner, Product};

/// Contents of `config.yaml` in the configuration folder; every key is optional.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Interface language (the `--lang` option and `LANG` come before it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Lang>,
    /// Printed on new plans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practitioner: Option<Practitioner>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// Your prices per product, replacing the catalog's practice ranges.
    #[serde(default, skip_serializing_if = "Table::is_empty")]
    pub prices: Table<Product, Prices>,
}

/// Prices of one product.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prices {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_session_cents: Option<Cents>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_cents: Option<Cents>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance_cents: Option<Cents>,
}
