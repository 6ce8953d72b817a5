//! Identifiers that become file names or catalog references, restricted to safe characters.
//!
//! A plan id names its file (`<id>.yaml`), so it must never carry a path: only lowercase ASCII
//! letters, digits, `-` and `_`, starting with a letter or digit. Catalog keys (analytes, actions,
//! questions) follow the same rule with `_` and `.` for readability.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why an identifier was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("identifier is empty")]
    Empty,
    #[error("identifier is longer than {max} characters")]
    TooLong { max: usize },
    #[error("identifier must start with a lowercase letter or a digit")]
    BadStart,
    #[error("identifier may only hold lowercase letters, digits, {allowed} (found {found:?})")]
    BadChar { found: char, allowed: &'static str },
}

fn check(s: &str, max: usize, extra: &[char], allowed: &'static str) -> Result<(), IdError> {
    let first = s.chars().next().ok_or(IdError::Empty)?;
    if s.len() > max {
        return Err(IdError::TooLong { max });
    }
    if !(first.is_ascii_lowercase() || first.is_ascii_digit()) {
        return Err(IdError::BadStart);
    }
    match s
        .chars()
        .find(|&c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || extra.contains(&c)))
    {
        // Debug formatting escapes control characters, so the message stays printable.
        Some(found) => Err(IdError::BadChar { found, allowed }),
        None => Ok(()),
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $max:expr, $extra:expr, $allowed:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(into = "String")]
        pub struct $name(String);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                super::de::checked_str(d, "an identifier", Self::new)
            }
        }

        impl $name {
            /// Checks and wraps an identifier.
            pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
                let s = s.into();
                check(&s, $max, $extra, $allowed)?;
                Ok(Self(s))
            }

            /// The identifier itself.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// The id of a plan, also the stem of its file name.
    PlanId,
    64,
    &['-', '_'],
    "'-' and '_'"
);
id_type!(
    /// A reference into the clinical catalog (an analyte, action, question, template…).
    Key,
    64,
    &['_', '.'],
    "'_' and '.'"
);

id_type!(
    /// The stable identity of a session or a checkpoint inside its plan (`session-3`,
    /// `checkpoint-photos_pull_test-1`). It never changes when items are added, removed,
    /// renumbered or reordered: calendar UIDs and FHIR identifiers are built from it.
    ItemId,
    100,
    &['-', '_', '.'],
    "'-', '_' and '.'"
);

impl PlanId {
    /// An id made from a patient's name and a year (`Zoë Château-Renaud`, 2026 →
    /// `zoe-chateau-renaud-2026`): accents folded, other characters dropped.
    pub fn from_name(name: &str, year: i16) -> PlanId {
        let mut slug = String::new();
        for c in name.chars().flat_map(fold) {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let mut slug: String = slug.trim_end_matches('-').chars().take(50).collect();
        if slug.is_empty() {
            slug.push_str("patient");
        }
        let slug = slug.trim_end_matches('-');
        PlanId::new(format!("{slug}-{year}")).unwrap_or_else(|_| PlanId(format!("patient-{year}")))
    }
}

/// Folds common Latin letters with diacritics to ASCII.
/// One character with its accent removed (`é` → `e`, `œ` → `oe`); other characters as they are.
pub(crate) fn fold(c: char) -> impl Iterator<Item = char> {
    let s: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'œ' | 'Œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        _ => "",
    };
    let own = if s.is_empty() { Some(c) } else { None };
    s.chars().chain(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_ids_never_carry_a_path() {
        for bad in [
            "", "../x", "a/b", ".hidden", "-x", "Upper", "a b", "a\u{0}b", "é", "x.yaml",
        ] {
            assert!(PlanId::new(bad).is_err(), "{bad:?} accepted");
        }
        for good in ["dupont-2026-11", "p_1", "2026-01-x"] {
            assert!(PlanId::new(good).is_ok(), "{good:?} refused");
        }
        assert!(PlanId::new("a".repeat(65)).is_err());
    }

    #[test]
    fn ids_from_names_fold_accents_and_drop_the_rest() {
        for (name, want) in [
            ("Zoë Château-Renaud", "zoe-chateau-renaud-2026"),
            ("  O'Brien,  Seán ", "o-brien-sean-2026"),
            ("李小龙", "patient-2026"),
            ("../../etc", "etc-2026"),
        ] {
            assert_eq!(PlanId::from_name(name, 2026).as_str(), want, "{name}");
        }
    }

    #[test]
    fn keys_allow_dots_but_not_dashes() {
        assert!(Key::new("vitamin_d.25oh").is_ok());
        assert!(Key::new("iron-repletion").is_err());
    }

    #[test]
    fn error_messages_escape_what_they_quote() {
        let msg = PlanId::new("a\u{1b}b").unwrap_err().to_string();
        assert!(msg.contains("'\\u{1b}'"), "{msg}");
    }
}
