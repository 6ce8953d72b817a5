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
