//! The consultation interface: state and update (`app`), key tables (`keys`), forms (`form`),
//! drawing (`view`) and the terminal loop that carries out effects (`run`).

pub mod app;
pub mod form;
pub mod keys;
pub mod run;
pub mod view;
