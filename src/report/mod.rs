//! Summaries of a plan: one document model built from the plan, rendered to each format.
//!
//! [`summary::build`] decides *what* a reader sees; the renderers decide only *how* it looks, so
//! every format says the same thing.

pub mod doc;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod progress;
pub mod referral;
pub mod summary;
pub mod text;

pub use doc::{Block, Document};
pub use summary::{Audience, build};
