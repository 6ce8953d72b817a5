//! The consultation interface: state and update (`app`), key tables (`keys`), forms (`form`),
//! drawing (`view`) and the terminal loop that carries out effects (`run`).

pub mod app;
pub mod form;
pub mod keys;
pub mod run;
pub mod view;

/// The forms under their former name, for callers not yet moved to `form`.
pub use form as fields;
