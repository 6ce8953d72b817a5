//! The pure core: the plan and everything computed from it. No terminal, no files, no clock.

pub mod agenda;
pub mod catalog;
pub mod catalog_check;
pub mod changes;
pub mod check;
pub mod config;
pub mod consent;
pub mod dates;
pub(crate) mod de;
mod decide;
pub mod evaluate;
pub mod identity;
pub mod ids;
mod labels;
mod lang;
pub mod lifecycle;
pub mod merge;
pub mod money;
pub mod plan;
pub mod pricing;
pub mod product;
pub mod schedule;
pub mod text;
pub mod trends;
pub mod warnings;
mod zone;

pub use check::{Problem, check};
pub use ids::{IdError, ItemId, Key, PlanId};
pub use lang::Lang;
pub use money::{Cents, Currency, format_amount, format_money, parse_amount};
pub use plan::Plan;
pub use text::{Prose, Text, escape_controls};
pub use zone::Zone;
