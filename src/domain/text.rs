//! Text that came from a person: checked on the way in, escaped on the way out.
//!
//! Plans are hand-editable files, so every string in them is untrusted. Single-line fields
//! ([`Text`]) refuse control characters outright; multi-line fields ([`Prose`]) allow line breaks
//! and tabs only. Output paths still go through [`escape_controls`] so that nothing read from disk
//! (file names, error messages quoting a value) can drive the terminal.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest single-line text accepted, in characters.
pub const TEXT_MAX_CHARS: usize = 300;
/// Longest multi-line text accepted, in characters.
pub const PROSE_MAX_CHARS: usize = 20_000;

/// True for characters that must never reach a terminal or a document raw: C0 and C1 controls,
/// DEL, and the Unicode bidirectional overrides and isolates that can disguise text.
pub fn is_forbidden_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// True for characters that print as nothing: zero-width spaces and joiners, word joiners,
/// the byte-order mark, the soft hyphen and the Hangul fillers.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{2064}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
    )
}

/// Replaces every forbidden character with a visible escape (`\u{1b}`), keeping line breaks when
/// `keep_newlines` is set. Borrowed when there is nothing to escape.
pub fn escape_controls(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let bad = |c: char| is_forbidden_char(c) && !(keep_newlines && c == '\n');
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Why a piece of text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("text is empty")]
    Empty,
    #[error("text is longer than {max} characters ({len})")]
    TooLong { len: usize, max: usize },
    #[error("text contains a control character (U+{code:04X}) at character {at}")]
    Control { code: u32, at: usize },
}

impl TextError {
    /// The reason in the reader's language.
    pub fn message(&self, lang: super::Lang) -> String {
        match (self, lang) {
            (_, super::Lang::En) => self.to_string(),
            (TextError::Empty, super::Lang::Fr) => "le texte est vide".to_owned(),
            (TextError::TooLong { len, max }, super::Lang::Fr) => {
                format!("le texte dépasse {max} caractères ({len})")
            }
            (TextError::Control { code, at }, super::Lang::Fr) => {
                format!(
                    "le texte contient un caractère de contrôle (U+{code:04X}) au caractère {at}"
                )
            }
        }
    }
}

fn check(s: &str, max: usize, allow_newlines: bool) -> Result<(), TextError> {
    // Zero-width and other invisible characters alone are as empty as spaces.
    if s.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err(TextError::Empty);
    }
    let len = s.chars().count();
    if len > max {
        return Err(TextError::TooLong { len, max });
    }
    let allowed = |c: char| allow_newlines && matches!(c, '\n' | '\t');
    match s
        .chars()
        .enumerate()
        .find(|&(_, c)| is_forbidden_char(c) && !allowed(c))
    {
        Some((at, c)) => Err(TextError::Control {
            code: c as u32,
            at: at + 1,
        }),
        None => Ok(()),
    }
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $max:expr, $newlines:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(into = "String")]
        pub struct $name(String);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                super::de::checked_str(d, "text", Self::new)
            }
        }

        impl $name {
            /// Checks and wraps a string.
            pub fn new(s: impl Into<String>) -> Result<Self, TextError> {
                let s = s.into();
                check(&s, $max, $newlines)?;
                Ok(Self(s))
            }

            /// The text itself.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = TextError;
            fn try_from(s: String) -> Result<Self, TextError> {
                Self::new(s)
            }
        }

        impl From<$name> for String {
            fn from(t: $name) -> String {
                t.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_type!(
    /// A single line of text (a name, a dose, a lot number): no control characters at all.
    Text,
    TEXT_MAX_CHARS,
    false
);
text_type!(
    /// Free text over several lines (notes): line breaks and tabs allowed, other controls not.
    Prose,
    PROSE_MAX_CHARS,
    true
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_line_text_refuses_controls_and_bidi_overrides() {
        for bad in [
            "a\u{1b}[31m",
            "a\nb",
            "x\u{7f}",
            "x\u{9b}",
            "abc\u{202e}def",
        ] {
            assert!(
                matches!(Text::new(bad), Err(TextError::Control { .. })),
                "{bad:?}"
            );
        }
        assert_eq!(Text::new("  "), Err(TextError::Empty));
        assert!(Text::new("Zoë Château-Renaud 🌱 مريم").is_ok());
    }

    #[test]
    fn prose_allows_line_breaks_and_tabs_only() {
        assert!(Prose::new("line one\n\tline two").is_ok());
        assert_eq!(
            Prose::new("ok\r\n"),
            Err(TextError::Control { code: 13, at: 3 })
        );
    }

    #[test]
    fn length_is_counted_in_characters() {
        assert!(Text::new("é".repeat(TEXT_MAX_CHARS)).is_ok());
        assert!(matches!(
            Text::new("é".repeat(TEXT_MAX_CHARS + 1)),
            Err(TextError::TooLong { .. })
        ));
    }

    #[test]
    fn escaping_makes_controls_visible() {
        assert_eq!(escape_controls("a\u{1b}[2Jb", false), "a\\u{1b}[2Jb");
        assert_eq!(escape_controls("a\nb", true), "a\nb");
        assert_eq!(escape_controls("a\nb", false), "a\\u{a}b");
        assert!(matches!(escape_controls("plain", false), Cow::Borrowed(_)));
    }
}
