//! The forms of the editor: which fields each step shows, and how each field reads and writes
//! the plan. Pure: a field's text is read from the plan, and typed text is parsed and written
//! back, or refused with a reason (the typed text is then kept by the editor, never lost).

use jiff::civil::Date;

use crate::domain::catalog::{Catalog, QuestionKind, Section};
use crate::domain::evaluate::{Evaluation, SuggestionStatus};
use crate::domain::plan::{
    Answer, ChosenAction, Complaint, LabResult, MeasurementKind, ModuleName, ModuleRecord, Plan,
    PricingMode, Product, PullTest, Quantity, RefRange, Scale, ScaleSystem, Sex, Stage, Status,
    Unit, ZoneFinding,
};
use crate::domain::{Key, Lang, Prose, Text, Zone, format_amount, parse_amount};

/// The steps of the editor, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Patient,
    Assessment,
    Deficiencies,
    Inflammation,
    Microcirculation,
    Hormones,
    Injections,
    FollowUp,
    Summary,
}

impl Step {
    pub const ALL: [Step; 9] = [
        Step::Patient,
        Step::Assessment,
        Step::Deficiencies,
        Step::Inflammation,
        Step::Microcirculation,
        Step::Hormones,
        Step::Injections,
        Step::FollowUp,
        Step::Summary,
    ];

    /// The step's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Step::Patient => lang.pick("Patient", "Patient"),
            Step::Assessment => lang.pick("Assessment", "Bilan"),
            Step::Deficiencies => lang.pick("Deficiencies", "Carences"),
            Step::Inflammation => lang.pick("Inflammation & gut", "Inflammation/intestin"),
            Step::Microcirculation => lang.pick("Microcirculation", "Microcirculation"),
            Step::Hormones => lang.pick("Hormones", "Hormones"),
            Step::Injections => lang.pick("Injections", "Injections"),
            Step::FollowUp => lang.pick("Follow-up", "Suivi"),
            Step::Summary => lang.pick("Summary", "Synthèse"),
        }
    }

    /// The catalog section of the step, for questions and suggestions.
    pub fn section(self) -> Option<Section> {
        match self {
            Step::Assessment => Some(Section::Gate),
            Step::Deficiencies => Some(Section::Deficiencies),
            Step::Inflammation => Some(Section::Inflammation),
            Step::Microcirculation => Some(Section::Microcirculation),
            Step::Hormones => Some(Section::Hormones),
            _ => None,
        }
    }

    /// The module of the step, if it is one of the four.
    pub fn module(self) -> Option<ModuleName> {
        self.section().and_then(Section::module)
    }
}

/// What a field is bound to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldId {
    Name,
    BirthYear,
    Sex,
    DocLanguage,
    Status,
    Phone,
    Email,
    Delivery,
    Pregnant,
    Breastfeeding,
    Medications,
    Conditions,
    FamilyHistory,
    Complaint,
    Onset,
    Trigger,
    TriggerDate,
    ScaleSystem,
    Stage,
    Scarring,
    PullGrasped,
    PullExtracted(Zone),
    /// Follicular openings present in every zone assessed below, in one key.
    AllZonesOpen,
    ZoneOpenings(Zone),
    ZoneYearsBald(Zone),
    Sign(Key),
    Answer(Key),
    AnswerChoice(Key, Key),
    LabValue(Key),
    LabUnit(Key),
    LabDate(Key),
    LabLow(Key),
    LabHigh(Key),
    /// A suggestion, by its index in the evaluation.
    Suggestion(usize),
    ActionRow(Section, usize),
    ActionDose(Section, usize),
    ActionFrequency(Section, usize),
    ActionDuration(Section, usize),
    SectionNotes(Section),
    Product,
    Sessions,
    Interval,
    Start,
    InjZone(Zone),
    Maintenance,
    ProductSource,
    Session(u8),
    PricingMode,
    PackagePrice,
    SessionPrice,
    MaintenancePrice,
    Currency,
    /// The signature date of the consent for one product.
    ConsentSigned(Product),
    Checkpoint(usize),
    MeasKind(usize),
    MeasZone(usize),
    MeasValue(usize),
    MeasUnit(usize),
    MeasDate(usize),
    MeasPath(usize),
    PlanNotes,
}

/// How a field is edited.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Text,
    Number,
    Date,
    Money,
    /// One of these (value, label) options; the empty value means "not set".
    Choice(Vec<(String, String)>),
    /// Not set / yes / no.
    YesNo,
    /// A checkbox.
    Check,
    /// A line of a list (suggestion, session, checkpoint) with its own keys.
    Row,
}

impl Kind {
    /// True for fields that take typed text.
    pub fn typed(&self) -> bool {
        matches!(self, Kind::Text | Kind::Number | Kind::Date | Kind::Money)
    }
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub id: FieldId,
    pub label: String,
    pub kind: Kind,
    /// A section title shown above the field.
    pub heading: Option<String>,
    /// A unit or format shown after the input.
    pub hint: Option<String>,
}

/// What the bindings need besides the plan.
pub struct Ctx<'a> {
    pub catalog: &'a Catalog,
    pub eval: &'a Evaluation,
    pub lang: Lang,
    pub today: Date,
}

const PULL_REGIONS: [Zone; 5] = [
    Zone::Vertex,
    Zone::ParietalLeft,
    Zone::ParietalRight,
    Zone::Occipital,
    Zone::Frontal,
];
const ASSESSED_ZONES: [Zone; 6] = [
    Zone::Frontal,
    Zone::MidScalp,
    Zone::Vertex,
    Zone::TemporalLeft,
    Zone::TemporalRight,
    Zone::Occipital,
];

struct Builder {
    out: Vec<Field>,
    heading: Option<String>,
}

impl Builder {
    fn heading(&mut self, h: impl Into<String>) {
        self.heading = Some(h.into());
    }
    fn push(&mut self, id: FieldId, label: impl Into<String>, kind: Kind) {
        self.push_hint(id, label, kind, None);
    }
    fn push_hint(
        &mut self,
        id: FieldId,
        label: impl Into<String>,
        kind: Kind,
        hint: Option<String>,
    ) {
        self.out.push(Field {
            id,
            label: label.into(),
            kind,
            heading: self.heading.take(),
            hint,
        });
    }
}

fn options<T: Copy>(
    all: &[T],
    word: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> String,
    unset: Option<&str>,
) -> Kind {
    let mut v: Vec<(String, String)> = Vec::new();
    if let Some(u) = unset {
        v.push((String::new(), u.to_owned()));
    }
    v.extend(all.iter().map(|&x| (word(x).to_owned(), label(x))));
    Kind::Choice(v)
}

/// The fields of `step` for `plan`.
pub fn fields(step: Step, plan: &Plan, c: &Ctx) -> Vec<Field> {
    let l = c.lang;
    let t = |en: &'static str, fr: &'static str| l.pick(en, fr).to_owned();
    let mut b = Builder {
        out: Vec::new(),
        heading: None,
    };
    let date_hint = Some(l.pick("YYYY-MM-DD", "JJ/MM/AAAA").to_owned());
    match step {
        Step::Patient => {
            b.push(
                FieldId::Name,
                t("Name or pseudonym", "Nom ou pseudonyme"),
                Kind::Text,
            );
            b.push(
                FieldId::BirthYear,
                t("Birth year", "Année de naissance"),
                Kind::Number,
            );
            b.push(
                FieldId::Sex,
                t("Sex", "Sexe"),
                options(
                    &[Sex::Female, Sex::Male, Sex::Other],
                    Sex::as_str,
                    |s| s.label(l).to_owned(),
                    None,
                ),
            );
            b.heading(t("History", "Antécédents"));
            b.push_hint(
                FieldId::Delivery,
                t("Last delivery", "Dernier accouchement"),
                Kind::Date,
                date_hint.clone(),
            );
            b.push(FieldId::Pregnant, t("Pregnant", "Enceinte"), Kind::YesNo);
            b.push(
                FieldId::Breastfeeding,
                t("Breastfeeding", "Allaitement"),
                Kind::YesNo,
            );
            b.push_hint(
                FieldId::Medications,
                t("Medications", "Traitements"),
                Kind::Text,
                Some(t("separate with ;", "séparer par ;")),
            );
            b.push_hint(
                FieldId::Conditions,
                t("Conditions", "Antécédents"),
                Kind::Text,
                Some(t("separate with ;", "séparer par ;")),
            );
            b.push(
                FieldId::FamilyHistory,
                t("Family history", "Antécédents familiaux"),
                Kind::Text,
            );
            b.heading(t("Plan and contact", "Plan et contact"));
            b.push(
                FieldId::DocLanguage,
                t("Documents in", "Documents en"),
                Kind::Choice(vec![
                    ("fr".into(), "français".into()),
                    ("en".into(), "English".into()),
                ]),
            );
            b.push(
                FieldId::Status,
                t("Plan status", "Statut du plan"),
                options(
                    &Status::ALL,
                    Status::as_str,
                    |s| s.label(l).to_owned(),
                    None,
                ),
            );
            b.push(FieldId::Phone, t("Phone", "Téléphone"), Kind::Text);
            b.push(FieldId::Email, t("Email", "E-mail"), Kind::Text);
        }
        Step::Assessment => {
            let complaints = [
                Complaint::PostpartumShedding,
                Complaint::TelogenEffluvium,
                Complaint::AndrogeneticAlopecia,
                Complaint::FemalePatternLoss,
                Complaint::AlopeciaAreata,
                Complaint::ScarringAlopecia,
                Complaint::Other,
            ];
            b.push(
                FieldId::Complaint,
                t("Complaint", "Motif"),
                options(
                    &complaints,
                    Complaint::as_str,
                    |x| x.label(l).to_owned(),
                    Some("—"),
                ),
            );
            b.push_hint(
                FieldId::Onset,
                t("Onset", "Début"),
                Kind::Date,
                date_hint.clone(),
            );
            b.push(
                FieldId::Trigger,
                t("Trigger", "Facteur déclenchant"),
                Kind::Text,
            );
            b.push_hint(
                FieldId::TriggerDate,
                t("Trigger date", "Date du facteur"),
                Kind::Date,
                date_hint.clone(),
            );
            let systems = [
                ScaleSystem::Norwood,
                ScaleSystem::Ludwig,
                ScaleSystem::Sinclair,
                ScaleSystem::Salt,
            ];
            b.push(
                FieldId::ScaleSystem,
                t("Scale", "Échelle"),
                options(
                    &systems,
                    ScaleSystem::as_str,
                    |x| x.label().to_owned(),
                    Some("—"),
                ),
            );
            let stage_hint = plan.assessment.scale.as_ref().map(|s| match s.system {
                ScaleSystem::Norwood => "I … VII, IIIa, III-vertex".to_owned(),
                ScaleSystem::Ludwig => "I, II, III".to_owned(),
                ScaleSystem::Sinclair => "1 … 5".to_owned(),
                ScaleSystem::Salt => "0 … 100".to_owned(),
            });
            b.push_hint(FieldId::Stage, t("Stage", "Stade"), Kind::Text, stage_hint);
            b.push(FieldId::Scarring, t("Scarring", "Cicatrices"), Kind::YesNo);
            b.heading(t("Pull test", "Test de traction"));
            b.push_hint(
                FieldId::PullGrasped,
                t("Hairs grasped", "Cheveux saisis"),
                Kind::Number,
                Some(t("per region", "par zone")),
            );
            for z in PULL_REGIONS {
                b.push_hint(
                    FieldId::PullExtracted(z),
                    format!("{} {}", t("Out,", "Extraits,"), z.label(l)),
                    Kind::Number,
                    None,
                );
            }
            b.heading(t(
                "Zones: follicular openings, years bald",
                "Zones : ostiums visibles, années glabre",
            ));
            b.push(
                FieldId::AllZonesOpen,
                t("Openings in all zones", "Ostiums dans toutes les zones"),
                Kind::Check,
            );
            for z in ASSESSED_ZONES {
                b.push(
                    FieldId::ZoneOpenings(z),
                    format!("{} {}", t("Openings,", "Ostiums,"), z.label(l)),
                    Kind::YesNo,
                );
                b.push_hint(
                    FieldId::ZoneYearsBald(z),
                    format!("{} {}", t("Bald,", "Glabre,"), z.label(l)),
                    Kind::Number,
                    Some(t("years", "ans")),
                );
            }
            b.heading(t("Trichoscopy", "Trichoscopie"));
            for (key, sign) in c.catalog.signs.iter() {
                b.push(FieldId::Sign(key.clone()), sign.name.get(l), Kind::Check);
            }
            questions(&mut b, Section::Gate, plan, c);
            suggestions_and_actions(&mut b, Section::Gate, plan, c);
            b.heading(t("Notes", "Notes"));
            b.push(
                FieldId::SectionNotes(Section::Gate),
                t("Notes", "Notes"),
                Kind::Text,
            );
        }
        Step::Deficiencies | Step::Inflammation | Step::Microcirculation | Step::Hormones => {
            let (Some(section), Some(module)) = (step.section(), step.module()) else {
                return b.out;
            };
            suggestions_and_actions(&mut b, section, plan, c);
            questions(&mut b, section, plan, c);
            for (key, analyte) in c
                .catalog
                .analytes
                .iter()
                .filter(|(_, a)| a.module == module)
            {
                b.heading(format!("{} · LOINC {}", analyte.name.get(l), analyte.loinc));
                let units = analyte
                    .units
                    .iter()
                    .map(|(u, _)| (u.to_string(), u.to_string()))
                    .collect();
                b.push(
                    FieldId::LabValue(key.clone()),
                    t("Value", "Valeur"),
                    Kind::Number,
                );
                b.push(
                    FieldId::LabUnit(key.clone()),
                    t("Unit", "Unité"),
                    Kind::Choice(units),
                );
                b.push_hint(
                    FieldId::LabDate(key.clone()),
                    t("Sampled on", "Prélevé le"),
                    Kind::Date,
                    date_hint.clone(),
                );
                b.push_hint(
                    FieldId::LabLow(key.clone()),
                    t("Lab range low", "Norme labo min"),
                    Kind::Number,
                    Some(t("optional", "facultatif")),
                );
                b.push_hint(
                    FieldId::LabHigh(key.clone()),
                    t("Lab range high", "Norme labo max"),
                    Kind::Number,
                    Some(t("optional", "facultatif")),
                );
            }
            b.heading(t("Notes", "Notes"));
            b.push(
                FieldId::SectionNotes(section),
                t("Notes", "Notes"),
                Kind::Text,
            );
        }
        Step::Injections => {
            let products = [Product::Exosomes, Product::Prp, Product::Combined];
            b.push(
                FieldId::Product,
                t("Product", "Produit"),
                options(
                    &products,
                    Product::as_str,
                    |p| p.label(l).to_owned(),
                    Some(l.pick("none", "aucun")),
                ),
            );
            if plan.injections.is_some() {
                b.push(FieldId::Sessions, t("Sessions", "Séances"), Kind::Number);
                b.push_hint(
                    FieldId::Interval,
                    t("Every", "Tous les"),
                    Kind::Number,
                    Some(t("days", "jours")),
                );
                b.push_hint(
                    FieldId::Start,
                    t("First session", "Première séance"),
                    Kind::Date,
                    date_hint.clone(),
                );
                b.push_hint(
                    FieldId::Maintenance,
                    t("Maintenance every", "Entretien tous les"),
                    Kind::Number,
                    Some(t("months (empty: none)", "mois (vide : aucun)")),
                );
                b.push(
                    FieldId::ProductSource,
                    t("Product source", "Origine du produit"),
                    Kind::Text,
                );
                b.heading(t("Zones to treat", "Zones à traiter"));
                for z in ASSESSED_ZONES {
                    b.push(FieldId::InjZone(z), z.label(l), Kind::Check);
                }
                b.heading(t("Sessions", "Séances"));
                for s in plan.injections.iter().flat_map(|i| &i.sessions) {
                    b.push(
                        FieldId::Session(s.number),
                        format!("{} {}", t("Session", "Séance"), s.number),
                        Kind::Row,
                    );
                }
                b.heading(t("Prices", "Tarifs"));
                b.push(
                    FieldId::PricingMode,
                    t("Billing", "Facturation"),
                    options(
                        &[PricingMode::Package, PricingMode::PerSession],
                        |m| match m {
                            PricingMode::Package => "package",
                            PricingMode::PerSession => "per_session",
                        },
                        |m| m.label(l).to_owned(),
                        None,
                    ),
                );
                b.push(
                    FieldId::PackagePrice,
                    t("Package price", "Prix du forfait"),
                    Kind::Money,
                );
                b.push(
                    FieldId::SessionPrice,
                    t("Price per session", "Prix par séance"),
                    Kind::Money,
                );
                b.push(
                    FieldId::MaintenancePrice,
                    t("Maintenance session", "Séance d'entretien"),
                    Kind::Money,
                );
                b.push(FieldId::Currency, t("Currency", "Devise"), Kind::Text);
                for consent in plan.consent.iter() {
                    let title = c
                        .catalog
                        .texts
                        .get(&consent.text)
                        .map_or_else(|| consent.text.to_string(), |t| t.title.get(l).to_owned());
                    b.heading(format!(
                        "{} — {title} (v{})",
                        t("Consent", "Consentement"),
                        consent.version
                    ));
                    b.push_hint(
                        FieldId::ConsentSigned(consent.product),
                        t("Signed on", "Signé le"),
                        Kind::Date,
                        date_hint.clone(),
                    );
                }
            }
        }
        Step::FollowUp => {
            b.heading(t("Checkpoints", "Contrôles"));
            for i in 0..plan.followup.checkpoints.len() {
                b.push(FieldId::Checkpoint(i), String::new(), Kind::Row);
            }
            let n = plan.followup.measurements.len();
            let kinds = [
                MeasurementKind::PullTest,
                MeasurementKind::WashTest,
                MeasurementKind::Density,
                MeasurementKind::ShaftDiameter,
                MeasurementKind::Photo,
            ];
            for i in n.saturating_sub(3)..n {
                b.heading(format!("{} {}", t("Measurement", "Mesure"), i + 1));
                b.push(
                    FieldId::MeasKind(i),
                    t("Kind", "Type"),
                    options(
                        &kinds,
                        |k| match k {
                            MeasurementKind::PullTest => "pull_test",
                            MeasurementKind::WashTest => "wash_test",
                            MeasurementKind::Density => "density",
                            MeasurementKind::ShaftDiameter => "shaft_diameter",
                            MeasurementKind::Photo => "photo",
                        },
                        |k| k.label(l).to_owned(),
                        None,
                    ),
                );
                let zones = Zone::ALL;
                b.push(
                    FieldId::MeasZone(i),
                    t("Zone", "Zone"),
                    options(&zones, Zone::as_str, |z| z.label(l).to_owned(), Some("—")),
                );
                b.push(FieldId::MeasValue(i), t("Value", "Valeur"), Kind::Number);
                b.push(FieldId::MeasUnit(i), t("Unit", "Unité"), Kind::Text);
                b.push_hint(
                    FieldId::MeasDate(i),
                    t("Date", "Date"),
                    Kind::Date,
                    date_hint.clone(),
                );
                b.push(
                    FieldId::MeasPath(i),
                    t("Photo file", "Fichier photo"),
                    Kind::Text,
                );
            }
            if n == 0 {
                b.heading(t(
                    "Measurements: press + to add one",
                    "Mesures : + pour en ajouter une",
                ));
            }
            b.heading(t("Notes", "Notes"));
            b.push(
                FieldId::PlanNotes,
                t("Plan notes", "Notes du plan"),
                Kind::Text,
            );
        }
        Step::Summary => {}
    }
    b.out
}

fn questions(b: &mut Builder, section: Section, plan: &Plan, c: &Ctx) {
    let l = c.lang;
    let mut heading: Option<bool> = None;
    // The contraindication screen first, under its own heading, then the other questions.
    let mut asked: Vec<_> = c
        .catalog
        .questions
        .iter()
        .filter(|(_, q)| q.section == section)
        // A question about periods or menopause is not asked of a man.
        .filter(|(_, q)| {
            q.sex
                .is_none_or(|s| s == plan.patient.sex || plan.patient.sex == Sex::Other)
        })
        .collect();
    asked.sort_by_key(|(_, q)| !q.screen);
    for (key, q) in asked {
        if heading != Some(q.screen) {
            b.heading(if q.screen {
                l.pick(
                    "Contraindications (all to answer before injections)",
                    "Contre-indications (toutes à renseigner avant les injections)",
                )
            } else {
                l.pick("Questions", "Questions")
            });
            heading = Some(q.screen);
        }
        let label = q.text.get(l).to_owned();
        match q.kind {
            QuestionKind::YesNo => b.push(FieldId::Answer(key.clone()), label, Kind::YesNo),
            QuestionKind::Number => b.push_hint(
                FieldId::Answer(key.clone()),
                label,
                Kind::Number,
                q.unit.as_ref().map(|u| unit_shown(u.as_str(), c.lang)),
            ),
            QuestionKind::Choice => {
                let mut opts = vec![(String::new(), "—".to_owned())];
                opts.extend(
                    q.choices
                        .iter()
                        .map(|(k, t)| (k.to_string(), t.get(l).to_owned())),
                );
                b.push(FieldId::Answer(key.clone()), label, Kind::Choice(opts));
            }
            QuestionKind::Choices => {
                b.heading(label);
                for (choice, text) in q.choices.iter() {
                    b.push(
                        FieldId::AnswerChoice(key.clone(), choice.clone()),
                        text.get(l),
                        Kind::Check,
                    );
                }
            }
        }
    }
}

fn suggestions_and_actions(b: &mut Builder, section: Section, plan: &Plan, c: &Ctx) {
    let l = c.lang;
    let pending: Vec<usize> = c
        .eval
        .suggestions
        .iter()
        .enumerate()
        // Rejected suggestions stay listed (with their reason) and can be taken back.
        .filter(|(_, s)| s.module == section && s.status != SuggestionStatus::Accepted)
        .map(|(i, _)| i)
        .collect();
    if !pending.is_empty() {
        b.heading(l.pick("Suggestions", "Suggestions"));
        for i in pending {
            b.push(FieldId::Suggestion(i), String::new(), Kind::Row);
        }
    }
    let actions = actions_of(plan, section);
    if !actions.is_empty() {
        b.heading(l.pick("Chosen actions", "Actions retenues"));
        for i in 0..actions.len() {
            b.push(FieldId::ActionRow(section, i), String::new(), Kind::Row);
            b.push(
                FieldId::ActionDose(section, i),
                l.pick("  Dose", "  Dose"),
                Kind::Text,
            );
            b.push(
                FieldId::ActionFrequency(section, i),
                l.pick("  Frequency", "  Fréquence"),
                Kind::Text,
            );
            b.push(
                FieldId::ActionDuration(section, i),
                l.pick("  Duration", "  Durée"),
                Kind::Text,
            );
        }
    }
}

/// Units stored language-neutral (in the catalog's words) and the interface's word for them.
const UNIT_WORDS: [(&str, &str, &str); 3] = [
    ("hairs", "hairs", "cheveux"),
    ("h/week", "h/week", "h/semaine"),
    ("min/day", "min/day", "min/jour"),
];

/// A stored unit as the interface shows it.
pub fn unit_shown(unit: &str, lang: Lang) -> String {
    UNIT_WORDS.iter().find(|(k, _, _)| *k == unit).map_or_else(
        || unit.to_owned(),
        |(_, en, fr)| lang.pick(en, fr).to_owned(),
    )
}

/// A unit typed in either language, stored in its neutral word.
pub fn unit_stored(typed: &str) -> &str {
    UNIT_WORDS
        .iter()
        .find(|(_, en, fr)| typed == *en || typed == *fr)
        .map_or(typed, |(k, _, _)| k)
}

/// The reason recorded with the decision on a suggestion, if any.
pub fn decision_reason(plan: &Plan, s: &crate::domain::evaluate::Suggestion) -> Option<String> {
    let decisions = match s.module {
        Section::Gate => &plan.assessment.decisions,
        other => &record(plan, other.module()?).decisions,
    };
    decisions
        .iter()
        .find(|d| d.rule == s.rule && d.action == s.action)
        .and_then(|d| d.reason.as_ref())
        .map(|r| r.to_string())
}

/// The chosen actions of a section.
pub fn actions_of(plan: &Plan, section: Section) -> &[ChosenAction] {
    match section {
        Section::Gate => &plan.assessment.actions,
        s => s.module().map_or(&[][..], |m| &record(plan, m).actions),
    }
}

/// The chosen actions of a section, to change them.
pub fn actions_of_mut(plan: &mut Plan, section: Section) -> &mut Vec<ChosenAction> {
    match section.module() {
        None => &mut plan.assessment.actions,
        Some(m) => &mut record_mut(plan, m).actions,
    }
}

fn record(plan: &Plan, m: ModuleName) -> &ModuleRecord {
    plan.modules.get(m)
}

fn record_mut(plan: &mut Plan, m: ModuleName) -> &mut ModuleRecord {
    plan.modules.get_mut(m)
}

/// Where the latest result of `analyte` is (module, index), as the evaluation reads it.
pub fn latest_lab(plan: &Plan, c: &Catalog, analyte: &Key) -> Option<(ModuleName, usize)> {
    let module = c.analytes.get(analyte).map(|a| a.module)?;
    let labs = &record(plan, module).labs;
    labs.iter()
        .enumerate()
        .filter(|(_, l)| &l.analyte == analyte)
        .max_by_key(|(i, l)| (l.date, *i))
        .map(|(i, _)| (module, i))
}

fn section_notes(plan: &Plan, section: Section) -> &Option<Prose> {
    match section.module() {
        None => &plan.assessment.notes,
        Some(m) => &record(plan, m).notes,
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn yes_no(v: Option<bool>) -> String {
    match v {
        None => String::new(),
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
    }
}

fn num(v: f64) -> String {
    let s = format!("{v}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

/// The name a new plan starts with, until the practitioner types one.
pub const NEW_PATIENT_EN: &str = "New patient";
pub const NEW_PATIENT_FR: &str = "Nouveau patient";

/// True for the name of a plan whose patient has not been named yet.
pub fn is_placeholder(name: &str) -> bool {
    name == NEW_PATIENT_EN || name == NEW_PATIENT_FR
}

/// The text of a field as it is edited (`yes`/`no`/empty for yes/no, the key for choices).
pub fn value(plan: &Plan, id: &FieldId, c: &Ctx) -> String {
    let p = &plan.patient;
    let a = &plan.assessment;
    let inj = plan.injections.as_ref();
    let price = plan.pricing.as_ref();
    let lab = |k: &Key| latest_lab(plan, c.catalog, k).map(|(m, i)| &record(plan, m).labs[i]);
    match id {
        FieldId::Name if is_placeholder(p.name.as_str()) => String::new(),
        FieldId::Name => p.name.to_string(),
        FieldId::BirthYear => opt(&p.birth_year),
        FieldId::Sex => p.sex.as_str().to_owned(),
        FieldId::DocLanguage => plan.language.code().to_owned(),
        FieldId::Status => plan.status.as_str().to_owned(),
        FieldId::Phone => opt(&p.contact.as_ref().and_then(|x| x.phone.clone())),
        FieldId::Email => opt(&p.contact.as_ref().and_then(|x| x.email.clone())),
        FieldId::Delivery => p
            .history
            .delivery
            .map(|d| show_date(d, c.lang))
            .unwrap_or_default(),
        FieldId::Pregnant => yes_no(p.history.pregnant),
        FieldId::Breastfeeding => yes_no(p.history.breastfeeding),
        FieldId::Medications => p
            .history
            .medications
            .iter()
            .map(Text::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        FieldId::Conditions => p
            .history
            .conditions
            .iter()
            .map(Text::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        FieldId::FamilyHistory => opt(&p.history.family_history),
        FieldId::Complaint => a
            .complaint
            .map(|x| x.as_str().to_owned())
            .unwrap_or_default(),
        FieldId::Onset => a.onset.map(|d| show_date(d, c.lang)).unwrap_or_default(),
        FieldId::Trigger => opt(&a.trigger),
        FieldId::TriggerDate => a
            .trigger_date
            .map(|d| show_date(d, c.lang))
            .unwrap_or_default(),
        FieldId::ScaleSystem => a
            .scale
            .as_ref()
            .map(|s| s.system.as_str().to_owned())
            .unwrap_or_default(),
        FieldId::Stage => a
            .scale
            .as_ref()
            .map(|s| s.stage.0.clone())
            .unwrap_or_default(),
        FieldId::Scarring => yes_no(a.scarring),
        FieldId::PullGrasped => a
            .pull_test
            .first()
            .map_or_else(|| "50".to_owned(), |p| p.grasped.to_string()),
        FieldId::PullExtracted(z) => a
            .pull_test
            .iter()
            .find(|p| p.region == *z)
            .map(|p| p.extracted.to_string())
            .unwrap_or_default(),
        FieldId::AllZonesOpen => yes_no(Some(ASSESSED_ZONES.iter().all(|z| {
            a.zones
                .iter()
                .any(|x| x.zone == *z && x.follicular_openings)
        }))),
        FieldId::ZoneOpenings(z) => yes_no(
            a.zones
                .iter()
                .find(|x| x.zone == *z)
                .map(|x| x.follicular_openings),
        ),
        FieldId::ZoneYearsBald(z) => a
            .zones
            .iter()
            .find(|x| x.zone == *z)
            .and_then(|x| x.years_bald)
            .map(|y| num(y.get()))
            .unwrap_or_default(),
        FieldId::Sign(k) => yes_no(Some(
            a.trichoscopy.as_ref().is_some_and(|t| t.signs.contains(k)),
        )),
        FieldId::Answer(k) => answer_of(plan, k).map_or_else(String::new, |ans| match ans {
            Answer::YesNo(b) => yes_no(Some(*b)),
            Answer::Number(n) => num(*n),
            Answer::Choice(s) => s.clone(),
            Answer::Choices(v) => v.join(", "),
        }),
        FieldId::AnswerChoice(k, choice) => yes_no(Some(
            matches!(answer_of(plan, k), Some(Answer::Choices(v)) if v.iter().any(|x| x == choice.as_str())),
        )),
        FieldId::LabValue(k) => lab(k).map(|l| num(l.value.get())).unwrap_or_default(),
        FieldId::LabUnit(k) => lab(k).map_or_else(
            || {
                c.catalog
                    .analytes
                    .get(k)
                    .map(|a| a.unit.to_string())
                    .unwrap_or_default()
            },
            |l| l.unit.to_string(),
        ),
        FieldId::LabDate(k) => lab(k)
            .map(|l| show_date(l.date, c.lang))
            .unwrap_or_default(),
        FieldId::LabLow(k) => lab(k)
            .and_then(|l| l.range.as_ref()?.low)
            .map(|q| num(q.get()))
            .unwrap_or_default(),
        FieldId::LabHigh(k) => lab(k)
            .and_then(|l| l.range.as_ref()?.high)
            .map(|q| num(q.get()))
            .unwrap_or_default(),
        FieldId::ActionDose(s, i) => actions_of(plan, *s)
            .get(*i)
            .map(|x| opt(&x.dose))
            .unwrap_or_default(),
        FieldId::ActionFrequency(s, i) => actions_of(plan, *s)
            .get(*i)
            .map(|x| opt(&x.frequency))
            .unwrap_or_default(),
        FieldId::ActionDuration(s, i) => actions_of(plan, *s)
            .get(*i)
            .map(|x| opt(&x.duration))
            .unwrap_or_default(),
        FieldId::SectionNotes(s) => opt(section_notes(plan, *s)),
        FieldId::Product => inj
            .map(|i| i.product.as_str().to_owned())
            .unwrap_or_default(),
        FieldId::Sessions => inj
            .map(|i| i.sessions_planned.to_string())
            .unwrap_or_default(),
        FieldId::Interval => inj.map(|i| i.interval_days.to_string()).unwrap_or_default(),
        FieldId::Start => inj.map(|i| show_date(i.start, c.lang)).unwrap_or_default(),
        FieldId::InjZone(z) => yes_no(Some(inj.is_some_and(|i| i.zones.contains(z)))),
        FieldId::Maintenance => inj
            .and_then(|i| i.maintenance.as_ref())
            .map(|m| m.every_months.to_string())
            .unwrap_or_default(),
        FieldId::ProductSource => inj.map(|i| opt(&i.product_source)).unwrap_or_default(),
        FieldId::PricingMode => price
            .map(|p| match p.mode {
                PricingMode::Package => "package".to_owned(),
                PricingMode::PerSession => "per_session".to_owned(),
            })
            .unwrap_or_default(),
        FieldId::PackagePrice => price
            .and_then(|p| p.package_cents)
            .map(|x| format_amount(x, c.lang))
            .unwrap_or_default(),
        FieldId::SessionPrice => price
            .and_then(|p| p.per_session_cents)
            .map(|x| format_amount(x, c.lang))
            .unwrap_or_default(),
        FieldId::MaintenancePrice => price
            .and_then(|p| p.maintenance_cents)
            .map(|x| format_amount(x, c.lang))
            .unwrap_or_default(),
        FieldId::Currency => price.map(|p| p.currency.to_string()).unwrap_or_default(),
        FieldId::ConsentSigned(product) => plan
            .consent
            .get(*product)
            .and_then(|x| x.signed)
            .map(|d| show_date(d, c.lang))
            .unwrap_or_default(),
        FieldId::MeasKind(i) => plan
            .followup
            .measurements
            .get(*i)
            .map(|m| {
                match m.kind {
                    MeasurementKind::PullTest => "pull_test",
                    MeasurementKind::WashTest => "wash_test",
                    MeasurementKind::Density => "density",
                    MeasurementKind::ShaftDiameter => "shaft_diameter",
                    MeasurementKind::Photo => "photo",
                }
                .to_owned()
            })
            .unwrap_or_default(),
        FieldId::MeasZone(i) => plan
            .followup
            .measurements
            .get(*i)
            .and_then(|m| m.region)
            .map(|z| z.as_str().to_owned())
            .unwrap_or_default(),
        FieldId::MeasValue(i) => plan
            .followup
            .measurements
            .get(*i)
            .and_then(|m| m.value)
            .map(|v| num(v.get()))
            .unwrap_or_default(),
        FieldId::MeasUnit(i) => plan
            .followup
            .measurements
            .get(*i)
            .map(|m| {
                m.unit
                    .as_ref()
                    .map_or_else(String::new, |u| unit_shown(u.as_str(), c.lang))
            })
            .unwrap_or_default(),
        FieldId::MeasDate(i) => plan
            .followup
            .measurements
            .get(*i)
            .map(|m| show_date(m.date, c.lang))
            .unwrap_or_default(),
        FieldId::MeasPath(i) => plan
            .followup
            .measurements
            .get(*i)
            .map(|m| opt(&m.path))
            .unwrap_or_default(),
        FieldId::PlanNotes => opt(&plan.notes),
        FieldId::Suggestion(_)
        | FieldId::ActionRow(..)
        | FieldId::Session(_)
        | FieldId::Checkpoint(_) => String::new(),
    }
}

fn answer_of<'a>(plan: &'a Plan, key: &Key) -> Option<&'a Answer> {
    std::iter::once(&plan.assessment.answers)
        .chain(plan.modules.iter().into_iter().map(|(_, m)| &m.answers))
        .find_map(|a| a.0.get(key))
}

fn answers_mut<'a>(
    plan: &'a mut Plan,
    c: &Catalog,
    key: &Key,
) -> &'a mut std::collections::BTreeMap<Key, Answer> {
    let section = c.questions.get(key).map_or(Section::Gate, |q| q.section);
    match section.module() {
        None => &mut plan.assessment.answers.0,
        Some(m) => &mut record_mut(plan, m).answers.0,
    }
}

fn text(input: &str) -> Result<Option<Text>, String> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    Text::new(s).map(Some).map_err(|e| e.to_string())
}

fn prose(input: &str) -> Result<Option<Prose>, String> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    Prose::new(s).map(Some).map_err(|e| e.to_string())
}

/// The one date parser of the interface, for every date field and dialog: ISO
/// (`2026-11-26`) in both languages, and the French way, day first (`26/11/2026`, also with
/// `.` or `-`), in French.
pub fn parse_date(input: &str, lang: Lang) -> Result<Option<Date>, String> {
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
    Date::new(y, m as i8, d as i8).map(Some).map_err(|_| bad())
}

/// A date as the interface shows it in a field: `26/11/2026` in French, ISO in English.
pub fn show_date(d: Date, lang: Lang) -> String {
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
        Ok(_) => Err(lang.pick("not a number", "pas un nombre").to_owned()),
        Err(_) => Err(lang.pick("not a number", "pas un nombre").to_owned()),
    }
}

fn whole<T: TryFrom<u64>>(input: &str, lang: Lang, max: u64) -> Result<Option<T>, String> {
    match number(input, lang)? {
        None => Ok(None),
        Some(v) if v.fract() == 0.0 && v <= max as f64 => T::try_from(v as u64)
            .map(Some)
            .map_err(|_| "out of range".to_owned()),
        Some(_) => Err(format!(
            "{} 0 … {max}",
            lang.pick("a whole number", "un nombre entier")
        )),
    }
}

fn quantity(input: &str, lang: Lang) -> Result<Option<Quantity>, String> {
    match number(input, lang)? {
        None => Ok(None),
        Some(v) => Quantity::new(v).map(Some),
    }
}

fn list(input: &str) -> Result<Vec<Text>, String> {
    input
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Text::new(s).map_err(|e| e.to_string()))
        .collect()
}

fn set_yes_no(input: &str) -> Option<bool> {
    match input {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// Writes typed text into the plan, or says why it cannot be.
pub fn apply(plan: &mut Plan, id: &FieldId, input: &str, c: &Ctx) -> Result<(), String> {
    let l = c.lang;
    let required = || l.pick("required", "obligatoire").to_owned();
    match id {
        FieldId::Name => plan.patient.name = text(input)?.ok_or_else(required)?,
        FieldId::BirthYear => {
            let y: Option<u16> = whole(input, l, 2100)?;
            if let Some(y) = y
                && !(1900..=c.today.year() as u16).contains(&y)
            {
                return Err(l
                    .pick(
                        "a year between 1900 and this year",
                        "une année entre 1900 et cette année",
                    )
                    .to_owned());
            }
            plan.patient.birth_year = y;
        }
        FieldId::Sex => {
            plan.patient.sex = match input {
                "male" => Sex::Male,
                "other" => Sex::Other,
                _ => Sex::Female,
            }
        }
        FieldId::DocLanguage => plan.language = if input == "en" { Lang::En } else { Lang::Fr },
        FieldId::Status => {
            plan.status = Status::ALL
                .into_iter()
                .find(|s| s.as_str() == input)
                .unwrap_or(Status::Draft)
        }
        FieldId::Phone | FieldId::Email => {
            let v = text(input)?;
            let contact = plan
                .patient
                .contact
                .get_or_insert(crate::domain::plan::Contact {
                    phone: None,
                    email: None,
                    address: None,
                });
            if *id == FieldId::Phone {
                contact.phone = v;
            } else {
                contact.email = v;
            }
            if contact.phone.is_none() && contact.email.is_none() && contact.address.is_none() {
                plan.patient.contact = None;
            }
        }
        FieldId::Delivery => plan.patient.history.delivery = parse_date(input, l)?,
        FieldId::Pregnant => plan.patient.history.pregnant = set_yes_no(input),
        FieldId::Breastfeeding => plan.patient.history.breastfeeding = set_yes_no(input),
        FieldId::Medications => plan.patient.history.medications = list(input)?,
        FieldId::Conditions => plan.patient.history.conditions = list(input)?,
        FieldId::FamilyHistory => plan.patient.history.family_history = text(input)?,
        FieldId::Complaint => {
            plan.assessment.complaint = [
                Complaint::PostpartumShedding,
                Complaint::TelogenEffluvium,
                Complaint::AndrogeneticAlopecia,
                Complaint::FemalePatternLoss,
                Complaint::AlopeciaAreata,
                Complaint::ScarringAlopecia,
                Complaint::Other,
            ]
            .into_iter()
            .find(|x| x.as_str() == input)
        }
        FieldId::Onset => plan.assessment.onset = parse_date(input, l)?,
        FieldId::Trigger => plan.assessment.trigger = text(input)?,
        FieldId::TriggerDate => plan.assessment.trigger_date = parse_date(input, l)?,
        FieldId::ScaleSystem => {
            let system = [
                ScaleSystem::Norwood,
                ScaleSystem::Ludwig,
                ScaleSystem::Sinclair,
                ScaleSystem::Salt,
            ]
            .into_iter()
            .find(|s| s.as_str() == input);
            plan.assessment.scale = system.map(|system| {
                let stage = plan
                    .assessment
                    .scale
                    .as_ref()
                    .map(|s| s.stage.0.clone())
                    .filter(|st| system.check_stage(st).is_ok());
                Scale {
                    system,
                    stage: Stage(stage.unwrap_or_else(|| match system {
                        ScaleSystem::Norwood | ScaleSystem::Ludwig => "I".to_owned(),
                        ScaleSystem::Sinclair => "1".to_owned(),
                        ScaleSystem::Salt => "0".to_owned(),
                    })),
                }
            });
        }
        FieldId::Stage => {
            let Some(scale) = plan.assessment.scale.as_mut() else {
                return Err(l
                    .pick("choose the scale first", "choisir d'abord l'échelle")
                    .to_owned());
            };
            let s = input.trim();
            scale.system.check_stage(s)?;
            scale.stage = Stage(s.to_owned());
        }
        FieldId::Scarring => plan.assessment.scarring = set_yes_no(input),
        FieldId::PullGrasped => {
            let g: u16 = whole(input, l, 200)?.unwrap_or(50);
            if g == 0 {
                return Err(l.pick("at least 1", "au moins 1").to_owned());
            }
            for p in &mut plan.assessment.pull_test {
                p.grasped = g;
                p.extracted = p.extracted.min(g);
            }
        }
        FieldId::PullExtracted(z) => {
            let grasped = plan.assessment.pull_test.first().map_or(50, |p| p.grasped);
            let v: Option<u16> = whole(input, l, u64::from(grasped))?;
            let tests = &mut plan.assessment.pull_test;
            match (v, tests.iter().position(|p| p.region == *z)) {
                (None, Some(i)) => {
                    tests.remove(i);
                }
                (Some(v), Some(i)) => tests[i].extracted = v,
                (Some(v), None) => tests.push(PullTest {
                    region: *z,
                    grasped,
                    extracted: v,
                }),
                (None, None) => {}
            }
        }
        FieldId::AllZonesOpen => {
            let zones = &mut plan.assessment.zones;
            for z in ASSESSED_ZONES {
                match (input == "yes", zones.iter().position(|x| x.zone == z)) {
                    (true, Some(i)) => zones[i].follicular_openings = true,
                    (true, None) => zones.push(ZoneFinding {
                        zone: z,
                        follicular_openings: true,
                        years_bald: None,
                    }),
                    // Unticked: the zones go back to "not assessed", unless they hold more.
                    (false, Some(i)) if zones[i].years_bald.is_none() => {
                        zones.remove(i);
                    }
                    (false, _) => {}
                }
            }
            zones.sort_by_key(|x| x.zone);
        }
        FieldId::ZoneOpenings(z) => {
            let zones = &mut plan.assessment.zones;
            match (set_yes_no(input), zones.iter().position(|x| x.zone == *z)) {
                (None, Some(i)) => {
                    zones.remove(i);
                }
                (Some(v), Some(i)) => zones[i].follicular_openings = v,
                (Some(v), None) => zones.push(ZoneFinding {
                    zone: *z,
                    follicular_openings: v,
                    years_bald: None,
                }),
                (None, None) => {}
            }
            zones.sort_by_key(|x| x.zone);
        }
        FieldId::ZoneYearsBald(z) => {
            let years = quantity(input, l)?;
            if years.is_some_and(|y| y.get() > 100.0) {
                return Err(l.pick("100 years at most", "100 ans au plus").to_owned());
            }
            let zones = &mut plan.assessment.zones;
            match zones.iter().position(|x| x.zone == *z) {
                Some(i) => zones[i].years_bald = years,
                None if years.is_some() => {
                    zones.push(ZoneFinding {
                        zone: *z,
                        follicular_openings: true,
                        years_bald: years,
                    });
                    zones.sort_by_key(|x| x.zone);
                }
                None => {}
            }
        }
        FieldId::Sign(k) => {
            let t = plan
                .assessment
                .trichoscopy
                .get_or_insert_with(Default::default);
            t.signs.retain(|s| s != k);
            if input == "yes" {
                t.signs.push(k.clone());
            }
            if t.signs.is_empty() && t.notes.is_none() {
                plan.assessment.trichoscopy = None;
            }
        }
        FieldId::Answer(k) => {
            let kind = c.catalog.questions.get(k).map(|q| q.kind);
            let answer = match kind {
                Some(QuestionKind::YesNo) => set_yes_no(input).map(Answer::YesNo),
                Some(QuestionKind::Number) => number(input, l)?.map(Answer::Number),
                _ => text(input)?.map(|t| Answer::Choice(t.to_string())),
            };
            let answers = answers_mut(plan, c.catalog, k);
            match answer {
                Some(a) => answers.insert(k.clone(), a),
                None => answers.remove(k),
            };
        }
        FieldId::AnswerChoice(k, choice) => {
            let answers = answers_mut(plan, c.catalog, k);
            let mut chosen = match answers.remove(k) {
                Some(Answer::Choices(v)) => v,
                _ => Vec::new(),
            };
            chosen.retain(|x| x != choice.as_str());
            if input == "yes" {
                chosen.push(choice.to_string());
            }
            if !chosen.is_empty() {
                answers.insert(k.clone(), Answer::Choices(chosen));
            }
        }
        FieldId::LabValue(k) => {
            let v = quantity(input, l)?;
            match (v, latest_lab(plan, c.catalog, k)) {
                (None, Some(_)) => {
                    // Emptying the field does not throw away the result, its date and range.
                    return Err(l
                        .pick(
                            "enter a value (Ctrl-D removes this result)",
                            "saisir une valeur (Ctrl-D retire ce résultat)",
                        )
                        .to_owned());
                }
                (Some(v), Some((m, i))) => record_mut(plan, m).labs[i].value = v,
                (Some(v), None) => {
                    let analyte = c.catalog.analytes.get(k).ok_or("unknown analyte")?;
                    record_mut(plan, analyte.module).labs.push(LabResult {
                        analyte: k.clone(),
                        value: v,
                        unit: analyte.unit.clone(),
                        date: c.today,
                        range: None,
                        lab: None,
                        notes: None,
                    });
                }
                (None, None) => {}
            }
        }
        FieldId::LabUnit(k) | FieldId::LabDate(k) | FieldId::LabLow(k) | FieldId::LabHigh(k) => {
            let Some((m, i)) = latest_lab(plan, c.catalog, k) else {
                return Err(l
                    .pick("enter the value first", "saisir d'abord la valeur")
                    .to_owned());
            };
            let labs = &mut record_mut(plan, m).labs;
            let lab = &mut labs[i];
            match id {
                FieldId::LabUnit(_) => lab.unit = Unit::new(input.trim())?,
                FieldId::LabDate(_) => lab.date = parse_date(input, l)?.ok_or_else(required)?,
                _ => {
                    let v = quantity(input, l)?;
                    let (mut low, mut high) =
                        lab.range.as_ref().map_or((None, None), |r| (r.low, r.high));
                    if matches!(id, FieldId::LabLow(_)) {
                        low = v;
                    } else {
                        high = v;
                    }
                    if let (Some(lo), Some(hi)) = (low, high)
                        && lo > hi
                    {
                        return Err(l
                            .pick("low is above high", "le min dépasse le max")
                            .to_owned());
                    }
                    lab.range = (low.is_some() || high.is_some()).then_some(RefRange { low, high });
                }
            }
        }
        FieldId::ActionDose(s, i)
        | FieldId::ActionFrequency(s, i)
        | FieldId::ActionDuration(s, i) => {
            let v = text(input)?;
            let Some(action) = actions_of_mut(plan, *s).get_mut(*i) else {
                return Ok(());
            };
            match id {
                FieldId::ActionDose(..) => action.dose = v,
                FieldId::ActionFrequency(..) => action.frequency = v,
                _ => action.duration = v,
            }
        }
        FieldId::SectionNotes(s) => {
            let v = prose(input)?;
            match s.module() {
                None => plan.assessment.notes = v,
                Some(m) => record_mut(plan, m).notes = v,
            }
        }
        FieldId::Sessions
        | FieldId::Interval
        | FieldId::Start
        | FieldId::Maintenance
        | FieldId::Product => {
            return Err("handled by the editor".to_owned());
        }
        FieldId::InjZone(z) => {
            if let Some(inj) = plan.injections.as_mut() {
                inj.zones.retain(|x| x != z);
                if input == "yes" {
                    inj.zones.push(*z);
                    inj.zones.sort();
                }
            }
        }
        FieldId::ProductSource => {
            if let Some(inj) = plan.injections.as_mut() {
                inj.product_source = text(input)?;
            }
        }
        FieldId::PricingMode
        | FieldId::PackagePrice
        | FieldId::SessionPrice
        | FieldId::MaintenancePrice
        | FieldId::Currency => {
            let Some(p) = plan.pricing.as_mut() else {
                return Err(l
                    .pick("choose a product first", "choisir d'abord un produit")
                    .to_owned());
            };
            let amount = |s: &str| {
                if s.trim().is_empty() {
                    Ok(None)
                } else {
                    parse_amount(s).map(Some)
                }
            };
            match id {
                FieldId::PricingMode => {
                    p.mode = if input == "per_session" {
                        PricingMode::PerSession
                    } else {
                        PricingMode::Package
                    }
                }
                FieldId::PackagePrice => p.package_cents = amount(input)?,
                FieldId::SessionPrice => p.per_session_cents = amount(input)?,
                FieldId::MaintenancePrice => p.maintenance_cents = amount(input)?,
                _ => {
                    p.currency = crate::domain::Currency::new(input.trim().to_uppercase())
                        .map_err(|e| e.to_string())?
                }
            }
        }
        FieldId::ConsentSigned(product) => {
            if let Some(consent) = plan.consent.get_mut(*product) {
                consent.signed = parse_date(input, l)?;
            }
        }
        FieldId::MeasKind(i)
        | FieldId::MeasZone(i)
        | FieldId::MeasValue(i)
        | FieldId::MeasUnit(i)
        | FieldId::MeasDate(i)
        | FieldId::MeasPath(i) => {
            let Some(m) = plan.followup.measurements.get_mut(*i) else {
                return Ok(());
            };
            match id {
                FieldId::MeasKind(_) => {
                    m.kind = match input {
                        "wash_test" => MeasurementKind::WashTest,
                        "density" => MeasurementKind::Density,
                        "shaft_diameter" => MeasurementKind::ShaftDiameter,
                        "photo" => MeasurementKind::Photo,
                        _ => MeasurementKind::PullTest,
                    }
                }
                FieldId::MeasZone(_) => {
                    m.region = Zone::ALL.into_iter().find(|z| Zone::as_str(*z) == input)
                }
                FieldId::MeasValue(_) => m.value = quantity(input, l)?,
                FieldId::MeasUnit(_) => {
                    m.unit = if input.trim().is_empty() {
                        None
                    } else {
                        Some(Unit::new(unit_stored(input.trim()))?)
                    }
                }
                FieldId::MeasDate(_) => m.date = parse_date(input, l)?.ok_or_else(required)?,
                _ => m.path = text(input)?,
            }
        }
        FieldId::PlanNotes => plan.notes = prose(input)?,
        FieldId::Suggestion(_)
        | FieldId::ActionRow(..)
        | FieldId::Session(_)
        | FieldId::Checkpoint(_) => {}
    }
    Ok(())
}

/// True when a step still lacks what a complete plan needs.
pub fn incomplete(step: Step, plan: &Plan, eval: &Evaluation) -> bool {
    !missing(step, plan, eval, Lang::En).is_empty()
}

/// What a step still lacks, in words ("3 questions of the contraindication screen to
/// answer"), empty when it is complete.
pub fn missing(step: Step, plan: &Plan, eval: &Evaluation, l: Lang) -> Vec<String> {
    let pending = |s: Section| {
        eval.suggestions
            .iter()
            .filter(|x| x.module == s && x.status == SuggestionStatus::Pending)
            .count()
    };
    let mut out = Vec::new();
    let pending_line = |out: &mut Vec<String>, n: usize| {
        if n > 0 {
            out.push(format!(
                "{n} {}",
                l.pick("suggestion(s) to decide", "suggestion(s) à décider")
            ));
        }
    };
    let screen = |out: &mut Vec<String>| {
        if !eval.unanswered.is_empty() {
            out.push(format!(
                "{} {}",
                eval.unanswered.len(),
                l.pick(
                    "question(s) of the contraindication screen to answer",
                    "question(s) du dépistage des contre-indications sans réponse"
                )
            ));
        }
    };
    match step {
        Step::Patient => {
            if plan.patient.birth_year.is_none() {
                out.push(l.pick("birth year", "année de naissance").to_owned());
            }
        }
        Step::Assessment => {
            if plan.assessment.complaint.is_none() {
                out.push(l.pick("the complaint", "le motif").to_owned());
            }
            if plan.assessment.zones.is_empty() {
                out.push(
                    l.pick("the zones assessed", "les zones examinées")
                        .to_owned(),
                );
            }
            screen(&mut out);
            pending_line(&mut out, pending(Section::Gate));
        }
        Step::Deficiencies | Step::Inflammation | Step::Microcirculation | Step::Hormones => {
            pending_line(&mut out, step.section().map_or(0, pending));
            if step.module().is_some_and(|m| record(plan, m).is_empty()) {
                out.push(l.pick("nothing recorded yet", "rien de saisi").to_owned());
            }
        }
        Step::Injections => match &plan.injections {
            None if eval.eligibility.verdict.allows_injections() => {
                out.push(l.pick("choose a product", "choisir un produit").to_owned());
            }
            None => {}
            Some(_) => {
                if plan.pricing.is_none() {
                    out.push(l.pick("prices", "les prix").to_owned());
                }
                if plan.consent.is_empty() || plan.consent.iter().any(|c| c.signed.is_none()) {
                    out.push(
                        l.pick("consent not signed", "consentement non signé")
                            .to_owned(),
                    );
                }
                screen(&mut out);
            }
        },
        Step::FollowUp => {
            if plan.injections.is_some() && plan.followup.checkpoints.is_empty() {
                out.push(l.pick("no checkpoint", "aucun contrôle").to_owned());
            }
        }
        Step::Summary => {}
    }
    out
}
