//! The two languages of the interface and of the patient's documents, and how each writes
//! a number.

use serde::{Deserialize, Serialize};

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
