//! One parser per kind of field, shared by every step and every dialog: the text a field
//! shows for a value (`show`) and the value typed text means (`parse`), or why it means none.
//! `parse(show(v)) == v` for every kind (tested below), so reading a field back after writing
//! it never changes the plan.

use jiff::civil::Date as CivilDate;

use super::Kind;
use crate::domain::money::Cents;
use crate::domain::plan::Quantity as Qty;
use crate::domain::{Lang, format_amount, parse_amount};

/// A kind of field: how its text is shown and read.
pub trait Parse: 'static {
    /// The value the text stands for.
    type V: 'static;
    /// How the field is edited (typed, a choice, a box).
    fn kind(&self) -> Kind;
    fn parse(&self, input: &str, lang: Lang) -> Result<Self::V, String>;
    fn show(&self, value: &Self::V, lang: Lang) -> String;
}

fn required(lang: Lang) -> String {
    lang.pick("required", "obligatoire").to_owned()
}

/// One line of free text (`Text`); empty is "not set" unless `required`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Text {
    pub required: bool,
}

impl Parse for Text {
    type V = Option<crate::domain::Text>;
    fn kind(&self) -> Kind {
        Kind::Text
    }
    fn parse(&self, input: &str, lang: Lang) -> Result<Self::V, String> {
        let s = input.trim();
        if s.is_empty() {
            return if self.required {
                Err(required(lang))
            } else {
                Ok(None)
            };
        }
        crate::domain::Text::new(s)
            .map(Some)
            .map_err(|e| e.message(lang))
    }
    fn show(&self, v: &Self::V, _: Lang) -> String {
        v.as_ref().map(|t| t.to_string()).unwrap_or_default()
    }
}

/// Notes: longer free text (`Prose`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Prose;

impl Parse for Prose {
    type V = Option<crate::domain::Prose>;
    fn kind(&self) -> Kind {
        Kind::Text
    }
    fn parse(&self, input: &str, lang: Lang) -> Result<Self::V, String> {
        let s = input.trim();
        if s.is_empty() {
            return Ok(None);
        }
        crate::domain::Prose::new(s)
            .map(Some)
            .map_err(|e| e.message(lang))
    }
    fn show(&self, v: &Self::V, _: Lang) -> String {
        v.as_ref().map(|t| t.to_string()).unwrap_or_default()
    }
}

/// Items of a list separated by `;` (medications, conditions).
#[derive(Debug, Clone, Copy, Default)]
pub struct TextList;

impl Parse for TextList {
    type V = Vec<crate::domain::Text>;
    fn kind(&self) -> Kind {
        Kind::Text
    }
    fn parse(&self, input: &str, lang: Lang) -> Result<Self::V, String> {
        input
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| crate::domain::Text::new(s).map_err(|e| e.message(lang)))
            .collect()
    }
    fn show(&self, v: &Self::V, _: Lang) -> String {
        v.iter().map(|t| t.as_str()).collect::<Vec<_>>().join("; ")
    }
}

/// A number of 0 or more (a decimal comma is accepted).
#[derive(Debug, Clone, Copy, Default)]
pub struct Number;

impl Parse for Number {
    type V = Option<f64>;
    fn kind(&self) -> Kind {
        Kind::Number
    }
    fn parse(&self, input: &str, lang: Lang) -> Result<Self::V, String> {
        number(input, lang)
    }
    fn show(&self, v: &Self::V, _: Lang) -> String {
        v.map(num).unwrap_or_default()
    }
}

/// A measured quantity (0 … `Quantity::MAX`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Quantity;

impl Parse for Quantity {
    type V = Option<Qty>;
    fn kind(&self) -> Kind {
        Kind::Number
    }
    fn parse(&self, input: &str, lang: Lang) -> Result<Self::V, String> {
        match number(input, lang)? {
            None => Ok(None),
            Some(v) => Qty::new(v).map(Some),
        }
    }
    fn show(&self, v: &Self::V, _: Lang) -> String {
        v.map(|q| num(q.get())).unwrap_or_default()
    }
}

/// A whole number between `min` and `max`; empty is "not set" unless `required`.
#[derive(Debug, Clone, Copy)]
pub struct Whole {
    pub min: u64,
    pub max: u64,
    pub required: bool,
}

impl Whole {
    pub fn upto(max: u64) -> Whole {
        Whole {
            min: 0,
            max,
            required: false,
        }
    }
}

impl Parse for Whole {
    type V = Option<u64>;
    fn kind(&self) -> Kind {
        Kind::Number
    }
    fn parse(&self, input: &str, lang: Lang) -> Result<Self::V, String> {
        match number(input, lang)? {
            None if self.required => Err(required(lang)),
            None => Ok(None),
            Some(v) if v.fract() == 0.0 && v >= self.min as f64 && v <= self.max as f64 => {
                Ok(Some(v as u64))
            }
            Some(_) => Err(format!(
                "{} {} … {}",
                lang.pick("a whole number", "un nombre entier"),
                self.min,
                self.max
            )),
        }
    }
    fn show(&self, v: &Self::V, _: Lang) -> String {
        v.map(|v| v.to_string()).unwrap_or_default()
    }
}

/// An amount of money, in the interface's way of writing it (`1 200,50` in French).
#[derive(Debug, Clone, Copy, Default)]
pub struct Money;

impl Parse for Money {
    type V = Option<Cents>;
    fn kind(&self) -> Kind {
        Kind::Money
    }
    fn parse(&self, input: &str, _: Lang) -> Result<Self::V, String> {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            parse_amount(input).map(Some)
        }
    }
    fn show(&self, v: &Self::V, lang: Lang) -> String {
        v.map(|c| format_amount(c, lang)).unwrap_or_default()
    }
}

/// A date, through the one date parser (`parse_date`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Date {
    pub required: bool,
}

impl Parse for Date {
    type V = Option<CivilDate>;
    fn kind(&self) -> Kind {
        Kind::Date
    }
    fn parse(&self, input: &str, lang: Lang) -> Result<Self::V, String> {
        match parse_date(input, lang)? {
            None if self.required => Err(lang
                .pick("a date is needed", "une date est nécessaire")
                .to_owned()),
            v => Ok(v),
        }
    }
    fn show(&self, v: &Self::V, lang: Lang) -> String {
        v.map(|d| show_date(d, lang)).unwrap_or_default()
    }
}

/// A date, or a number of days from a reference date: `+7`, `-3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    On(CivilDate),
    Days(i64),
}

/// A date or `+N` / `-N` days (moving a session).
#[derive(Debug, Clone, Copy, Default)]
pub struct DateOrDays;

impl Parse for DateOrDays {
    type V = Option<When>;
    fn kind(&self) -> Kind {
        Kind::Date
    }
    fn parse(&self, input: &str, lang: Lang) -> Result<Self::V, String> {
        let s = input.trim();
        let days = |t: &str, sign: i64| {
            t.trim()
                .parse::<i64>()
                .map(|d| When::Days(sign * d))
                .map_err(|_| lang.pick("not a number", "pas un nombre").to_owned())
        };
        if let Some(t) = s.strip_prefix('+') {
            return days(t, 1).map(Some);
        }
        if let Some(t) = s.strip_prefix('-') {
            return days(t, -1).map(Some);
        }
        Date { required: true }
            .parse(s, lang)
            .map(|d| d.map(When::On))
    }
    fn show(&self, v: &Self::V, lang: Lang) -> String {
        match v {
            None => String::new(),
            Some(When::On(d)) => show_date(*d, lang),
            Some(When::Days(n)) if *n < 0 => n.to_string(),
            Some(When::Days(n)) => format!("+{n}"),
        }
    }
}

/// Not set / yes / no: a choice (Space, arrows), never typed. Its words are `yes`, `no`, ``.
#[derive(Debug, Clone, Copy, Default)]
pub struct YesNo;

impl Parse for YesNo {
    type V = Option<bool>;
    fn kind(&self) -> Kind {
        Kind::YesNo
    }
    fn parse(&self, input: &str, lang: Lang) -> Result<Self::V, String> {
        match input {
            "yes" => Ok(Some(true)),
            "no" => Ok(Some(false)),
            "" => Ok(None),
            _ => Err(lang
                .pick(
                    "yes or no: Space changes it",
                    "oui ou non : Espace le change",
                )
                .to_owned()),
        }
    }
    fn show(&self, v: &Self::V, _: Lang) -> String {
        match v {
            None => String::new(),
            Some(true) => "yes".to_owned(),
            Some(false) => "no".to_owned(),
        }
    }
}

/// A box to tick: `yes` or `no`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Check;

impl Parse for Check {
    type V = bool;
    fn kind(&self) -> Kind {
        Kind::Check
    }
    fn parse(&self, input: &str, lang: Lang) -> Result<Self::V, String> {
        YesNo.parse(input, lang).map(|v| v == Some(true))
    }
    fn show(&self, v: &Self::V, _: Lang) -> String {
        if *v { "yes" } else { "no" }.to_owned()
    }
}

/// One of these (value, label) options; the value is a plan word, never shown.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    pub options: Vec<(String, String)>,
}

impl Choice {
    /// The options of `all`, stored as `word`, shown as `label`, with a first "not set".
    pub fn of<T: Copy>(
        all: &[T],
        word: impl Fn(T) -> &'static str,
        label: impl Fn(T) -> String,
        unset: Option<&str>,
    ) -> Choice {
        let mut options: Vec<(String, String)> = Vec::new();
        if let Some(u) = unset {
            options.push((String::new(), u.to_owned()));
        }
        options.extend(all.iter().map(|&x| (word(x).to_owned(), label(x))));
        Choice { options }
    }
}

impl Parse for Choice {
    type V = String;
    fn kind(&self) -> Kind {
        Kind::Choice(self.options.clone())
    }
    fn parse(&self, input: &str, lang: Lang) -> Result<Self::V, String> {
        if self.options.iter().any(|(v, _)| v == input) {
            Ok(input.to_owned())
        } else {
            Err(lang
                .pick("not one of the choices", "pas un des choix")
                .to_owned())
        }
    }
    fn show(&self, v: &Self::V, _: Lang) -> String {
        v.clone()
    }
}

/// The one date parser of the interface, for every date field and dialog: ISO
/// (`2026-11-26`) in both languages, and the French way, day first (`26/11/2026`, also with
/// `.` or `-`), in French.
pub fn parse_date(input: &str, lang: Lang) -> Result<Option<CivilDate>, String> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || {
        lang.pick(
            "not a date: write YYYY-MM-DD, e.g. 2026-11-26",
            "date invalide : écrire JJ/MM/AAAA ou AAAA-MM-JJ, par ex. 26/11/2026",
        )
        .to_owned()
    };
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    let (y, m, d) = match (lang, parts.as_slice()) {
        (_, [y, m, d]) if y.len() == 4 => (*y, *m, *d),
        (Lang::Fr, [d, m, y]) if y.len() == 4 => (*y, *m, *d),
        _ => return Err(bad()),
    };
    let num = |t: &str, max_len: usize| -> Result<i16, String> {
        if t.is_empty() || t.len() > max_len || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        t.parse::<i16>().map_err(|_| bad())
    };
    let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
    CivilDate::new(y, m as i8, d as i8)
        .map(Some)
        .map_err(|_| bad())
}

/// A date as the interface shows it, in fields, rows and tables: `26/11/2026` in French,
/// ISO in English.
pub fn show_date(d: CivilDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => d.strftime("%d/%m/%Y").to_string(),
        Lang::En => d.to_string(),
    }
}

/// Reads a number typed by a person (a decimal comma is accepted).
pub fn number(input: &str, lang: Lang) -> Result<Option<f64>, String> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let normal = if s.contains('.') {
        s.to_owned()
    } else {
        s.replace(',', ".")
    };
    match normal.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        Ok(v) if v.is_finite() => Err(lang
            .pick("must be 0 or more", "doit être positif ou nul")
            .to_owned()),
        _ => Err(lang.pick("not a number", "pas un nombre").to_owned()),
    }
}

/// A number written without a useless `.0`.
pub fn num(v: f64) -> String {
    let s = format!("{v}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn round_trip<P: Parse>(p: &P, v: P::V)
    where
        P::V: PartialEq + std::fmt::Debug + Clone,
    {
        for lang in [Lang::En, Lang::Fr] {
            let shown = p.show(&v, lang);
            assert_eq!(
                p.parse(&shown, lang),
                Ok(v.clone()),
                "{shown:?} in {lang:?}"
            );
        }
    }

    #[test]
    fn every_kind_reads_back_what_it_shows() {
        round_trip(&Text::default(), crate::domain::Text::new("Léa").ok());
        round_trip(&Text::default(), None);
        round_trip(&Prose, crate::domain::Prose::new("long notes").ok());
        round_trip(
            &TextList,
            vec![
                crate::domain::Text::new("levothyroxine").unwrap(),
                crate::domain::Text::new("iron").unwrap(),
            ],
        );
        round_trip(&Number, Some(12.5));
        round_trip(&Number, None);
        round_trip(&Quantity, Qty::new(0.25).ok());
        round_trip(&Whole::upto(30), Some(6));
        round_trip(&Money, Some(Cents(120_050)));
        round_trip(&Date::default(), Some(date(2026, 11, 26)));
        round_trip(&DateOrDays, Some(When::On(date(2027, 1, 15))));
        round_trip(&DateOrDays, Some(When::Days(-3)));
        round_trip(&DateOrDays, Some(When::Days(7)));
        round_trip(&YesNo, Some(true));
        round_trip(&YesNo, Some(false));
        round_trip(&YesNo, None);
        round_trip(&Check, true);
        round_trip(&Check, false);
        let choice = Choice::of(
            &[1, 2],
            |x| if x == 1 { "a" } else { "b" },
            |x| x.to_string(),
            None,
        );
        round_trip(&choice, "b".to_owned());
    }

    #[test]
    fn yes_no_and_choices_refuse_letters() {
        for lang in [Lang::En, Lang::Fr] {
            assert!(YesNo.parse("abc", lang).is_err());
            assert!(YesNo.parse("oui", lang).is_err());
            assert!(Check.parse("x", lang).is_err());
            assert!(Choice::default().parse("abc", lang).is_err());
        }
    }

    #[test]
    fn dates_are_read_iso_everywhere_and_day_first_in_french() {
        assert_eq!(
            parse_date("26/11/2026", Lang::Fr),
            Ok(Some(date(2026, 11, 26)))
        );
        assert_eq!(
            parse_date("2026-11-26", Lang::Fr),
            Ok(Some(date(2026, 11, 26)))
        );
        assert_eq!(
            parse_date("2026-11-26", Lang::En),
            Ok(Some(date(2026, 11, 26)))
        );
        assert!(parse_date("31/02/2026", Lang::Fr).is_err());
        assert!(Date { required: true }.parse("", Lang::Fr).is_err());
        assert_eq!(
            DateOrDays.parse("15/01/2027", Lang::Fr),
            Ok(Some(When::On(date(2027, 1, 15))))
        );
    }
}
