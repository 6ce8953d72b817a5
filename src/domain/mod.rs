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

use serde::{Deserialize, Serialize};

pub use check::{Problem, check};
pub use ids::{IdError, ItemId, Key, PlanId};
pub use money::{Cents, Currency, format_amount, format_money, parse_amount};
pub use plan::Plan;
pub use text::{Prose, Text, escape_controls};

/// A language of the interface or of the patient's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Picks the language from a locale string such as `fr_FR.UTF-8`; `None` when neither.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let lower = locale.to_ascii_lowercase();
        if lower.starts_with("fr") {
            Some(Lang::Fr)
        } else if lower.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// Chooses between an English and a French text.
    pub fn pick<'a>(self, en: &'a str, fr: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// A number the way a reader of this language writes it (`12,5` in French).
    pub fn number(self, v: f64) -> String {
        let s = format!("{v}");
        match self {
            Lang::Fr => s.replace('.', ","),
            Lang::En => s,
        }
    }
}

/// A zone of the scalp, for pull tests, zone findings and injections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    Frontal,
    MidScalp,
    Vertex,
    TemporalLeft,
    TemporalRight,
    ParietalLeft,
    ParietalRight,
    Occipital,
}

impl Zone {
    /// Every zone, front to back.
    pub const ALL: [Zone; 8] = [
        Zone::Frontal,
        Zone::MidScalp,
        Zone::Vertex,
        Zone::TemporalLeft,
        Zone::TemporalRight,
        Zone::ParietalLeft,
        Zone::ParietalRight,
        Zone::Occipital,
    ];

    /// The word used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Frontal => "frontal",
            Zone::MidScalp => "mid_scalp",
            Zone::Vertex => "vertex",
            Zone::TemporalLeft => "temporal_left",
            Zone::TemporalRight => "temporal_right",
            Zone::ParietalLeft => "parietal_left",
            Zone::ParietalRight => "parietal_right",
            Zone::Occipital => "occipital",
        }
    }

    /// The zone's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Zone::Frontal => lang.pick("frontal", "frontale"),
            Zone::MidScalp => lang.pick("mid-scalp", "médiane"),
            Zone::Vertex => lang.pick("vertex (crown)", "vertex"),
            Zone::TemporalLeft => lang.pick("left temporal", "temporale gauche"),
            Zone::TemporalRight => lang.pick("right temporal", "temporale droite"),
            Zone::ParietalLeft => lang.pick("left parietal", "pariétale gauche"),
            Zone::ParietalRight => lang.pick("right parietal", "pariétale droite"),
            Zone::Occipital => lang.pick("occipital", "occipitale"),
        }
    }
}
