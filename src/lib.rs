//! trichoplan: a consultation companion for hair-loss practitioners.
//!
//! The crate is layered so that each folder can be tested without the ones above it.

/// The command line: argument parsing, subcommands, exit codes.
pub mod cli;
/// The plan and everything computed from it; pure, no I/O.
pub mod domain;
/// Exports to other programs: FHIR R4, iCalendar.
pub mod export;
/// One summary document model, and one renderer per output format.
pub mod report;
/// What the practitioner does to plans (open, save, duplicate, archive, recover, print),
/// each as one call over the store.
pub mod service;
/// The only code that touches plan files on disk.
pub mod store;
/// The consultation interface in the terminal.
pub mod tui;
