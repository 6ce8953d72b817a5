//! Checked scalars for serde: a value is validated while its YAML scalar is being read.
//!
//! Validating inside the visitor (rather than with `#[serde(try_from)]`, which validates after
//! the value has been read) lets the YAML reader attach the exact line, column and field path
//! of the offending value to the error.

use std::fmt::{self, Display};
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// Reads a string and checks it with `parse`.
pub(crate) fn checked_str<'de, D, T, E>(
    d: D,
    expecting: &'static str,
    parse: fn(String) -> Result<T, E>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    E: Display,
{
    struct V<T, E>(&'static str, fn(String) -> Result<T, E>, PhantomData<T>);
    impl<T, E: Display> Visitor<'_> for V<T, E> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<Er: de::Error>(self, v: &str) -> Result<T, Er> {
            (self.1)(v.to_owned()).map_err(Er::custom)
        }
        fn visit_string<Er: de::Error>(self, v: String) -> Result<T, Er> {
            (self.1)(v).map_err(Er::custom)
        }
    }
    d.deserialize_str(V(expecting, parse, PhantomData))
}

/// Reads a number (integer or float) and checks it with `parse`.
pub(crate) fn checked_f64<'de, D, T, E>(
    d: D,
    expecting: &'static str,
    parse: fn(f64) -> Result<T, E>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    E: Display,
{
    struct V<T, E>(&'static str, fn(f64) -> Result<T, E>, PhantomData<T>);
    impl<T, E: Display> Visitor<'_> for V<T, E> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_f64<Er: de::Error>(self, v: f64) -> Result<T, Er> {
            (self.1)(v).map_err(Er::custom)
        }
        fn visit_u64<Er: de::Error>(self, v: u64) -> Result<T, Er> {
            self.visit_f64(v as f64)
        }
        fn visit_i64<Er: de::Error>(self, v: i64) -> Result<T, Er> {
            self.visit_f64(v as f64)
        }
    }
    d.deserialize_f64(V(expecting, parse, PhantomData))
}

/// Reads an unsigned integer and checks it with `parse`.
pub(crate) fn checked_u64<'de, D, T, E>(
    d: D,
    expecting: &'static str,
    parse: fn(u64) -> Result<T, E>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    E: Display,
{
    struct V<T, E>(&'static str, fn(u64) -> Result<T, E>, PhantomData<T>);
    impl<T, E: Display> Visitor<'_> for V<T, E> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_u64<Er: de::Error>(self, v: u64) -> Result<T, Er> {
            (self.1)(v).map_err(Er::custom)
        }
    }
    d.deserialize_u64(V(expecting, parse, PhantomData))
}

/// Dates written exactly `YYYY-MM-DD`: a time, an offset or the basic form `20261126` is
/// refused rather than silently dropped.
pub(crate) mod date {
    use jiff::civil::Date;
    use serde::{Deserializer, Serializer};

    pub(crate) fn parse(s: String) -> Result<Date, String> {
        let b = s.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return Err(format!(
                "{s:?} is not a date written YYYY-MM-DD (e.g. 2026-11-26)"
            ));
        }
        s.parse::<Date>()
            .map_err(|_| format!("{s} is not a date of the calendar"))
    }

    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        super::checked_str(d, "a date written YYYY-MM-DD", parse)
    }
}

/// Optional dates, written like [`date`].
pub(crate) mod opt_date {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serializer};

    #[derive(Deserialize)]
    struct Wrapped(#[serde(with = "super::date")] Date);

    pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<Wrapped>::deserialize(d).map(|w| w.map(|w| w.0))
    }
}

/// Instants written as RFC 3339 UTC times (`2026-11-26T09:41:00Z`).
pub(crate) mod timestamp {
    use jiff::Timestamp;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(t)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        super::checked_str(d, "a time such as 2026-11-26T09:41:00Z", |s: String| {
            s.parse::<Timestamp>()
                .map_err(|_| format!("{s:?} is not a time such as 2026-11-26T09:41:00Z"))
        })
    }
}
