//! Money as integer cents with an ISO 4217 currency: no floating point anywhere near a quote.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Lang;

/// An amount in the smallest unit of its currency (cents for EUR).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub u64);

impl Cents {
    /// Adds without overflow: quotes saturate rather than wrap.
    pub fn saturating_add(self, other: Cents) -> Cents {
        Cents(self.0.saturating_add(other.0))
    }

    /// Multiplies by a count without overflow.
    pub fn saturating_mul(self, n: u64) -> Cents {
        Cents(self.0.saturating_mul(n))
    }
}

/// A three-letter ISO 4217 currency code (`EUR`, `CHF`, `GBP`…).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct Currency(String);

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::de::checked_str(d, "a currency code such as EUR", Currency::new)
    }
}

/// Why a currency code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("currency must be a three-letter ISO 4217 code such as EUR")]
pub struct CurrencyError;

impl Currency {
    /// Checks and wraps a currency code.
    pub fn new(code: impl Into<String>) -> Result<Self, CurrencyError> {
        let code = code.into();
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(code))
        } else {
            Err(CurrencyError)
        }
    }

    /// The euro, the currency of the source article.
    pub fn eur() -> Self {
        Self("EUR".to_owned())
    }

    /// The code itself.
    pub fn code(&self) -> &str {
        &self.0
    }

    /// The symbol printed after (French) or before (English) an amount.
    pub fn symbol(&self) -> &str {
        match self.0.as_str() {
            "EUR" => "€",
            "GBP" => "£",
            "USD" => "$",
            other => other,
        }
    }
}

impl TryFrom<String> for Currency {
    type Error = CurrencyError;
    fn try_from(s: String) -> Result<Self, CurrencyError> {
        Self::new(s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.0
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Formats an amount the way a reader of `lang` expects: `4 500,00 €` in French,
/// `€4,500.00` in English.
pub fn format_money(amount: Cents, currency: &Currency, lang: Lang) -> String {
    let number = format_amount(amount, lang);
    match lang {
        Lang::Fr => format!("{number} {}", currency.symbol()),
        Lang::En if currency.symbol() == currency.code() => {
            format!("{} {number}", currency.symbol())
        }
        Lang::En => format!("{}{number}", currency.symbol()),
    }
}

/// The amount without currency, the way a reader of `lang` writes it (`4 500,00`, `4,500.00`).
pub fn format_amount(amount: Cents, lang: Lang) -> String {
    let units = amount.0 / 100;
    let cents = amount.0 % 100;
    let (group, decimal) = match lang {
        Lang::Fr => (' ', ','),
        Lang::En => (',', '.'),
    };
    let digits = units.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(group);
        }
        grouped.push(d);
    }
    format!("{grouped}{decimal}{cents:02}")
}

/// Reads an amount typed by a person: `4500`, `4 500`, `4500.5`, `4 500,50`, `4,500.00`.
///
/// The last `.` or `,` followed by one or two digits is the decimal separator; other commas,
/// dots, spaces (and no-break spaces) group thousands. A currency symbol is ignored.
pub fn parse_amount(text: &str) -> Result<Cents, String> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '€' | '$' | '£' | '\u{202f}'))
        .collect();
    if cleaned.is_empty() {
        return Err("enter an amount".to_owned());
    }
    let (units, cents) = match cleaned.rfind(['.', ',']) {
        Some(i) if cleaned.len() - i - 1 <= 2 => (&cleaned[..i], &cleaned[i + 1..]),
        _ => (cleaned.as_str(), ""),
    };
    let units: String = units.chars().filter(|c| !matches!(c, '.' | ',')).collect();
    if units.is_empty() && cents.is_empty()
        || !units.chars().all(|c| c.is_ascii_digit())
        || !cents.chars().all(|c| c.is_ascii_digit())
    {
        return Err(format!(
            "{text:?} is not an amount such as 4500 or 4 500,00"
        ));
    }
    let units: u64 = if units.is_empty() {
        0
    } else {
        units.parse().map_err(|_| "amount too large".to_owned())?
    };
    let cents: u64 = match cents.len() {
        0 => 0,
        1 => cents.parse::<u64>().unwrap_or(0) * 10,
        _ => cents.parse().unwrap_or(0),
    };
    units
        .checked_mul(100)
        .and_then(|u| u.checked_add(cents))
        .filter(|c| *c <= 10_000_000_000)
        .map(Cents)
        .ok_or_else(|| "amount too large".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_the_french_and_the_english_way() {
        let eur = Currency::new("EUR").unwrap();
        let chf = Currency::new("CHF").unwrap();
        let cases = [
            (450_000, &eur, Lang::Fr, "4 500,00 €"),
            (450_000, &eur, Lang::En, "€4,500.00"),
            (5, &eur, Lang::Fr, "0,05 €"),
            (99_999, &eur, Lang::En, "€999.99"),
            (123_456_789, &eur, Lang::Fr, "1 234 567,89 €"),
            (70_000, &chf, Lang::En, "CHF 700.00"),
        ];
        for (cents, cur, lang, want) in cases {
            assert_eq!(format_money(Cents(cents), cur, lang), want);
        }
    }

    #[test]
    fn typed_amounts_are_read_in_either_style() {
        for (text, cents) in [
            ("4500", 450_000),
            ("4 500", 450_000),
            ("4\u{a0}500,00", 450_000),
            ("4,500.00", 450_000),
            ("4.500,50", 450_050),
            ("700.5", 70_050),
            ("0,05", 5),
            ("1 200 €", 120_000),
        ] {
            assert_eq!(parse_amount(text), Ok(Cents(cents)), "{text}");
        }
        for bad in ["", "abc", "12a", "-5", "1e9"] {
            assert!(parse_amount(bad).is_err(), "{bad}");
        }
        assert_eq!(format_amount(Cents(450_000), Lang::Fr), "4 500,00");
        assert_eq!(format_amount(Cents(450_000), Lang::En), "4,500.00");
    }

    #[test]
    fn currency_codes_are_checked() {
        for bad in ["eur", "EURO", "€", ""] {
            assert!(Currency::new(bad).is_err(), "{bad}");
        }
    }
}
