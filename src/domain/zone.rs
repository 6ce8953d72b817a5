//! The zones of the scalp, as files name them and as each language says them.

use serde::{Deserialize, Serialize};

use super::Lang;

/// A zone of the scalp, for pull tests, zone findings and injections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    Frontal,
    MidScalp,
    Vertex,
    TemporalLeft,
    TemporalRight,
    ParietalLeft,
    ParietalRight,
    Occipital,
}

impl Zone {
    /// Every zone, front to back.
    pub const ALL: [Zone; 8] = [
        Zone::Frontal,
        Zone::MidScalp,
        Zone::Vertex,
        Zone::TemporalLeft,
        Zone::TemporalRight,
        Zone::ParietalLeft,
        Zone::ParietalRight,
        Zone::Occipital,
    ];

    /// The word used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Frontal => "frontal",
            Zone::MidScalp => "mid_scalp",
            Zone::Vertex => "vertex",
            Zone::TemporalLeft => "temporal_left",
            Zone::TemporalRight => "temporal_right",
            Zone::ParietalLeft => "parietal_left",
            Zone::ParietalRight => "parietal_right",
            Zone::Occipital => "occipital",
        }
    }

    /// The zone's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Zone::Frontal => lang.pick("frontal", "frontale"),
            Zone::MidScalp => lang.pick("mid-scalp", "médiane"),
            Zone::Vertex => lang.pick("vertex (crown)", "vertex"),
            Zone::TemporalLeft => lang.pick("left temporal", "temporale gauche"),
            Zone::TemporalRight => lang.pick("right temporal", "temporale droite"),
            Zone::ParietalLeft => lang.pick("left parietal", "pariétale gauche"),
            Zone::ParietalRight => lang.pick("right parietal", "pariétale droite"),
            Zone::Occipital => lang.pick("occipital", "occipitale"),
        }
    }
}
