//! The words for the plan's vocabulary in each language, shared by the summaries and the
//! interface.

use super::Lang;
use super::plan::{
    Complaint, MeasurementKind, ModuleName, PricingMode, Product, ScaleSystem, SessionStatus, Sex,
    Status,
};

impl Status {
    /// The status in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Draft => lang.pick("draft", "brouillon"),
            Status::Active => lang.pick("active", "en cours"),
            Status::Completed => lang.pick("completed", "terminé"),
            Status::Archived => lang.pick("archived", "archivé"),
        }
    }
}

impl Sex {
    /// The sex in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Sex::Female => lang.pick("female", "femme"),
            Sex::Male => lang.pick("male", "homme"),
            Sex::Other => lang.pick("other", "autre"),
        }
    }
}

impl Complaint {
    /// The complaint in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Complaint::PostpartumShedding => lang.pick("post-partum shedding", "chute post-partum"),
            Complaint::TelogenEffluvium => lang.pick("telogen effluvium", "effluvium télogène"),
            Complaint::AndrogeneticAlopecia => {
                lang.pick("androgenetic alopecia", "alopécie androgénétique")
            }
            Complaint::FemalePatternLoss => {
                lang.pick("female-pattern hair loss", "alopécie de type féminin")
            }
            Complaint::AlopeciaAreata => lang.pick("alopecia areata", "pelade"),
            Complaint::ScarringAlopecia => lang.pick("scarring alopecia", "alopécie cicatricielle"),
            Complaint::Other => lang.pick("other", "autre"),
        }
    }
}

impl ScaleSystem {
    /// The scale's name (the same in both languages).
    pub fn label(self) -> &'static str {
        match self {
            ScaleSystem::Norwood => "Norwood–Hamilton",
            ScaleSystem::Ludwig => "Ludwig",
            ScaleSystem::Sinclair => "Sinclair",
            ScaleSystem::Salt => "SALT",
        }
    }
}

impl ModuleName {
    /// The module's title in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ModuleName::Deficiencies => lang.pick("Deficiencies", "Carences"),
            ModuleName::Inflammation => lang.pick("Inflammation & gut", "Inflammation et intestin"),
            ModuleName::Microcirculation => lang.pick("Microcirculation", "Microcirculation"),
            ModuleName::Hormones => lang.pick("Hormones", "Hormones"),
        }
    }
}

impl Product {
    /// The product in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Product::Exosomes => lang.pick("exosomes", "exosomes"),
            Product::Prp => lang.pick(
                "PRP (platelet-rich plasma)",
                "PRP (plasma riche en plaquettes)",
            ),
            Product::Combined => lang.pick("exosomes and PRP", "exosomes et PRP"),
        }
    }
}

impl Product {
    /// A short name for tight places (the agenda).
    pub fn short_label(self, lang: Lang) -> &'static str {
        match self {
            Product::Exosomes => "exosomes",
            Product::Prp => "PRP",
            Product::Combined => lang.pick("exosomes + PRP", "exosomes + PRP"),
        }
    }
}

impl SessionStatus {
    /// The session status in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SessionStatus::Planned => lang.pick("planned", "prévue"),
            SessionStatus::Done => lang.pick("done", "faite"),
            SessionStatus::Cancelled => lang.pick("cancelled", "annulée"),
        }
    }
}

impl MeasurementKind {
    /// The measurement in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            MeasurementKind::PullTest => lang.pick("pull test", "test de traction"),
            MeasurementKind::WashTest => lang.pick("wash test", "test de lavage"),
            MeasurementKind::Density => lang.pick("density", "densité"),
            MeasurementKind::ShaftDiameter => lang.pick("shaft diameter", "diamètre des tiges"),
            MeasurementKind::Photo => lang.pick("photo", "photo"),
        }
    }
}

impl PricingMode {
    /// The billing mode in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PricingMode::PerSession => lang.pick("per session", "à la séance"),
            PricingMode::Package => lang.pick("package", "forfait"),
        }
    }
}

impl Complaint {
    /// The word used in files and rules.
    pub fn as_str(self) -> &'static str {
        match self {
            Complaint::PostpartumShedding => "postpartum_shedding",
            Complaint::TelogenEffluvium => "telogen_effluvium",
            Complaint::AndrogeneticAlopecia => "androgenetic_alopecia",
            Complaint::FemalePatternLoss => "female_pattern_loss",
            Complaint::AlopeciaAreata => "alopecia_areata",
            Complaint::ScarringAlopecia => "scarring_alopecia",
            Complaint::Other => "other",
        }
    }
}

impl Sex {
    /// The word used in files and rules.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Other => "other",
        }
    }
}

impl ScaleSystem {
    /// The word used in files and rules.
    pub fn as_str(self) -> &'static str {
        match self {
            ScaleSystem::Norwood => "norwood",
            ScaleSystem::Ludwig => "ludwig",
            ScaleSystem::Sinclair => "sinclair",
            ScaleSystem::Salt => "salt",
        }
    }
}
