//! Exports to other programs' formats.

pub mod ical;
