//! The forms of the editor and of its dialogs. Each field is defined once, in the file of its
//! step: its id, label, layout (heading, hint), kind, how it reads the plan, how typed text
//! is parsed (one parser per kind, in `kinds`) and written back or refused with a reason, and
//! what it lacks for the step to be complete. Dialogs are forms of the same fields, over the
//! values of the dialog (`dialogs`). Pure: no terminal, no files.

pub mod assessment;
pub mod dialogs;
pub mod followup;
pub mod injections;
pub mod kinds;
pub mod module;
pub mod patient;

use std::rc::Rc;

use jiff::civil::Date;

use crate::domain::catalog::{Catalog, Section};
use crate::domain::config::Config;
use crate::domain::evaluate::Evaluation;
use crate::domain::plan::{ChosenAction, ModuleName, ModuleRecord, Plan, Product};
use crate::domain::{Key, Lang, Zone};

pub use kinds::{Parse, number, parse_date, show_date};

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

    /// The step's name in a few letters, for the one-line steps bar of narrow terminals.
    pub fn short(self, lang: Lang) -> &'static str {
        match self {
            Step::Patient => lang.pick("Patient", "Patient"),
            Step::Assessment => lang.pick("Assess.", "Bilan"),
            Step::Deficiencies => lang.pick("Defic.", "Carences"),
            Step::Inflammation => lang.pick("Inflam.", "Inflam."),
            Step::Microcirculation => lang.pick("Microcirc.", "Microcirc."),
            Step::Hormones => lang.pick("Hormones", "Hormones"),
            Step::Injections => lang.pick("Inject.", "Inject."),
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

/// What a field is bound to: stable across rebuilds, so the focus follows a field by id.
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
    /// A field of a dialog.
    Dialog(dialogs::DialogField),
}

impl FieldId {
    /// The analyte of a lab result's field (value, unit, date, range).
    pub fn analyte(&self) -> Option<&Key> {
        match self {
            FieldId::LabValue(k)
            | FieldId::LabUnit(k)
            | FieldId::LabDate(k)
            | FieldId::LabLow(k)
            | FieldId::LabHigh(k) => Some(k),
            _ => None,
        }
    }
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

    /// The value after `current` when the choice is turned by `by` (Space, arrows); `None`
    /// for a field that is typed or a row.
    pub fn turn(&self, current: &str, by: i32) -> Option<String> {
        let words: Vec<&str> = match self {
            Kind::Choice(options) if !options.is_empty() => {
                options.iter().map(|(v, _)| v.as_str()).collect()
            }
            Kind::YesNo => vec!["", "yes", "no"],
            Kind::Check => vec!["no", "yes"],
            _ => return None,
        };
        let i = words.iter().position(|v| *v == current).unwrap_or(0) as i32;
        let n = words.len() as i32;
        Some(words[(i + by).rem_euclid(n) as usize].to_owned())
    }

    /// The text shown for a value of a field that is not typed in (`None` for typed ones).
    pub fn shown(&self, value: &str, lang: Lang) -> Option<String> {
        match self {
            Kind::Choice(options) => {
                let label = options
                    .iter()
                    .find(|(k, _)| k == value)
                    .map_or("—", |(_, t)| t.as_str());
                Some(format!("‹ {label} ›"))
            }
            Kind::YesNo => Some(
                match value {
                    "yes" => lang.pick("yes", "oui"),
                    "no" => lang.pick("no", "non"),
                    _ => "—",
                }
                .to_owned(),
            ),
            Kind::Check => Some(if value == "yes" { "[x]" } else { "[ ]" }.to_owned()),
            _ => None,
        }
    }
}

/// What the fields need besides what they edit.
pub struct Ctx<'a> {
    pub catalog: &'a Catalog,
    pub eval: &'a Evaluation,
    pub config: &'a Config,
    pub lang: Lang,
    pub today: Date,
}

type Read<T> = Rc<dyn Fn(&T, &Ctx) -> String>;
type Write<T> = Rc<dyn Fn(&mut T, &str, &Ctx) -> Result<(), String>>;
type Need<T> = Rc<dyn Fn(&T, &Ctx) -> bool>;
type Get<T, V> = Rc<dyn Fn(&T, &Ctx) -> V>;

/// One field of a form over `T` (the plan, or a dialog's values).
pub struct Field<T = Plan> {
    pub id: FieldId,
    pub label: String,
    pub kind: Kind,
    /// A section title shown above the field.
    pub heading: Option<String>,
    /// A unit or format shown after the input.
    pub hint: Option<String>,
    read: Option<Read<T>>,
    write: Option<Write<T>>,
    /// What the step lacks while this field is not filled in, and how to tell.
    need: Option<(Need<T>, Missing)>,
}

/// A reason a step is incomplete; reasons of the same words are counted together ("3
/// question(s) … to answer").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub text: String,
    pub counted: bool,
}

impl<T> Clone for Field<T> {
    fn clone(&self) -> Self {
        Field {
            id: self.id.clone(),
            label: self.label.clone(),
            kind: self.kind.clone(),
            heading: self.heading.clone(),
            hint: self.hint.clone(),
            read: self.read.clone(),
            write: self.write.clone(),
            need: self.need.clone(),
        }
    }
}

impl<T> std::fmt::Debug for Field<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Field")
            .field("id", &self.id)
            .field("label", &self.label)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// Two fields are the same field when they show the same thing.
impl<T> PartialEq for Field<T> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.label == other.label
            && self.kind == other.kind
            && self.heading == other.heading
            && self.hint == other.hint
    }
}

impl<T: 'static> Field<T> {
    /// A line of a list with its own keys (no text).
    pub fn row(id: FieldId) -> Field<T> {
        Field {
            id,
            label: String::new(),
            kind: Kind::Row,
            heading: None,
            hint: None,
            read: None,
            write: None,
            need: None,
        }
    }

    /// A field of kind `parser`, to bind with `get` and `set`.
    pub fn of<P: Parse>(id: FieldId, label: impl Into<String>, parser: P) -> Bound<T, P> {
        Bound {
            id,
            label: label.into(),
            hint: None,
            parser: Rc::new(parser),
            get: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The step is incomplete, for `reason`, while `done` is false.
    pub fn needs(mut self, done: impl Fn(&T, &Ctx) -> bool + 'static, reason: String) -> Self {
        self.need = Some((
            Rc::new(done),
            Missing {
                text: reason,
                counted: false,
            },
        ));
        self
    }

    /// As `needs`, the fields with the same reason counted together.
    pub fn needs_counted(
        mut self,
        done: impl Fn(&T, &Ctx) -> bool + 'static,
        reason: String,
    ) -> Self {
        self = self.needs(done, reason);
        if let Some((_, m)) = self.need.as_mut() {
            m.counted = true;
        }
        self
    }

    /// The field's text as it is edited (`yes`/`no`/empty for yes/no, the word of a choice).
    pub fn read(&self, t: &T, c: &Ctx) -> String {
        self.read.as_ref().map(|r| r(t, c)).unwrap_or_default()
    }

    /// Parses `input` and writes it, or says why it cannot be.
    pub fn write(&self, t: &mut T, input: &str, c: &Ctx) -> Result<(), String> {
        match &self.write {
            Some(w) => w(t, input, c),
            None => Ok(()),
        }
    }

    /// What the step lacks because of this field, if anything.
    pub fn missing(&self, t: &T, c: &Ctx) -> Option<Missing> {
        let (done, why) = self.need.as_ref()?;
        (!done(t, c)).then(|| why.clone())
    }
}

/// A field being defined: its kind is known, its binding not yet.
pub struct Bound<T, P: Parse> {
    id: FieldId,
    label: String,
    hint: Option<String>,
    parser: Rc<P>,
    get: Option<Get<T, P::V>>,
}

impl<T: 'static, P: Parse> Bound<T, P> {
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// How the field reads its value.
    pub fn get(mut self, get: impl Fn(&T, &Ctx) -> P::V + 'static) -> Self {
        self.get = Some(Rc::new(get));
        self
    }

    /// How a parsed value is written, when nothing refuses it: the field is complete.
    pub fn put(self, put: impl Fn(&mut T, P::V) + 'static) -> Field<T> {
        self.set(move |t, v, _| {
            put(t, v);
            Ok(())
        })
    }

    /// How a parsed value is written (or refused, with a reason): the field is complete.
    pub fn set(self, set: impl Fn(&mut T, P::V, &Ctx) -> Result<(), String> + 'static) -> Field<T> {
        let kind = self.parser.kind();
        let (p1, p2) = (self.parser.clone(), self.parser);
        let read: Option<Read<T>> = self
            .get
            .map(|get| -> Read<T> { Rc::new(move |t: &T, c: &Ctx| p1.show(&get(t, c), c.lang)) });
        let write: Write<T> = Rc::new(move |t: &mut T, input: &str, c: &Ctx| {
            let v = p2.parse(input, c.lang)?;
            set(t, v, c)
        });
        Field {
            id: self.id,
            label: self.label,
            kind,
            heading: None,
            hint: self.hint,
            read,
            write: Some(write),
            need: None,
        }
    }
}

/// Collects the fields of a form, giving each the heading announced before it.
pub struct Builder<T = Plan> {
    pub out: Vec<Field<T>>,
    heading: Option<String>,
}

impl<T> Default for Builder<T> {
    fn default() -> Self {
        Builder {
            out: Vec::new(),
            heading: None,
        }
    }
}

impl<T> Builder<T> {
    pub fn heading(&mut self, h: impl Into<String>) {
        self.heading = Some(h.into());
    }

    pub fn push(&mut self, mut f: Field<T>) {
        f.heading = self.heading.take().or(f.heading);
        self.out.push(f);
    }
}

/// The fields of `step` for `plan`.
pub fn fields(step: Step, plan: &Plan, c: &Ctx) -> Vec<Field> {
    let mut b = Builder::default();
    match step {
        Step::Patient => patient::fields(&mut b, c),
        Step::Assessment => assessment::fields(&mut b, plan, c),
        Step::Deficiencies | Step::Inflammation | Step::Microcirculation | Step::Hormones => {
            if let Some(section) = step.section() {
                module::fields(&mut b, section, plan, c);
            }
        }
        Step::Injections => injections::fields(&mut b, plan, c),
        Step::FollowUp => followup::fields(&mut b, plan, c),
        Step::Summary => {}
    }
    b.out
}

/// True when a step still lacks what a complete plan needs.
pub fn incomplete(step: Step, plan: &Plan, c: &Ctx) -> bool {
    !missing(step, plan, c).is_empty()
}

/// What a step still lacks, in words ("3 question(s) of the contraindication screen to
/// answer"), empty when it is complete: the reasons of its fields, then of the step itself.
pub fn missing(step: Step, plan: &Plan, c: &Ctx) -> Vec<String> {
    let mut reasons: Vec<(Missing, usize)> = Vec::new();
    for m in fields(step, plan, c)
        .iter()
        .filter_map(|f| f.missing(plan, c))
    {
        match reasons.iter_mut().find(|(r, _)| *r == m) {
            Some((_, n)) => *n += 1,
            None => reasons.push((m, 1)),
        }
    }
    let mut out: Vec<String> = reasons
        .into_iter()
        .map(|(m, n)| {
            if m.counted {
                format!("{n} {}", m.text)
            } else {
                m.text
            }
        })
        .collect();
    match step {
        Step::Deficiencies | Step::Inflammation | Step::Microcirculation | Step::Hormones => {
            out.extend(module::missing(step, plan, c))
        }
        Step::Injections => out.extend(injections::missing(plan, c)),
        Step::FollowUp => out.extend(followup::missing(plan, c)),
        _ => {}
    }
    out
}

/// The reason shared by pending suggestion rows.
pub(crate) fn pending_reason(l: Lang) -> String {
    l.pick("suggestion(s) to decide", "suggestion(s) à décider")
        .to_owned()
}

/// The reason shared by unanswered questions of the contraindication screen.
pub(crate) fn screen_reason(l: Lang) -> String {
    l.pick(
        "question(s) of the contraindication screen to answer",
        "question(s) du dépistage des contre-indications sans réponse",
    )
    .to_owned()
}

/// The zones assessed in the assessment step (and treated in the injections step).
pub const ASSESSED_ZONES: [Zone; 6] = [
    Zone::Frontal,
    Zone::MidScalp,
    Zone::Vertex,
    Zone::TemporalLeft,
    Zone::TemporalRight,
    Zone::Occipital,
];

/// A stored unit as the interface shows it.
pub fn unit_shown(unit: &str, lang: Lang) -> String {
    crate::domain::plan::unit_words(unit, lang)
}

/// A unit typed in either language, stored in its neutral word.
pub fn unit_stored(typed: &str) -> String {
    crate::domain::plan::unit_stored(typed)
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

pub(crate) fn record(plan: &Plan, m: ModuleName) -> &ModuleRecord {
    plan.modules.get(m)
}

pub(crate) fn record_mut(plan: &mut Plan, m: ModuleName) -> &mut ModuleRecord {
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
