//! FHIR R4 export: one plan as a `transaction` Bundle that an EHR or a FHIR server can take in.
//!
//! Every resource carries an identifier in a trichoplan system (`urn:trichoplan:<kind>`), and
//! every entry is a conditional update on it (`PUT CarePlan?identifier=…`), so importing an
//! updated plan updates the resources it created instead of duplicating them. `fullUrl`s are
//! `urn:uuid:`s derived from those identifiers, so the same plan always gives the same bundle.
//!
//! Codes are only those that are certain: LOINC for lab values whose unit matches the code's
//! unit kind (values are converted to the catalog's canonical unit, the one its LOINC code
//! names), UCUM units, WHO ICD-10 for the complaints that have an exact category, and HL7's
//! own code systems. Everything else is text, in the plan's language. The mapping is
//! documented in the README ("Export: FHIR R4").

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::domain::Lang;
use crate::domain::catalog::{Analyte, Catalog, normalize_unit};
use crate::domain::plan::{
    ChosenAction, Complaint, LabResult, Measurement, MeasurementKind, Plan, Practitioner,
    SessionStatus, Sex, Status,
};

/// The prefix of trichoplan's identifier and code systems.
pub const SYSTEM: &str = "urn:trichoplan:";
const LOINC: &str = "http://loinc.org";
const UCUM: &str = "http://unitsofmeasure.org";
const ICD10: &str = "http://hl7.org/fhir/sid/icd-10";
const INTERPRETATION: &str = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
const OBS_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";

/// The plan as a FHIR R4 transaction Bundle. `practitioner` stands in for a plan that names
/// none (the settings' practitioner).
pub fn bundle(plan: &Plan, catalog: &Catalog, practitioner: Option<&Practitioner>) -> Value {
    Builder::new(plan, catalog).build(plan.practitioner.as_ref().or(practitioner))
}

/// The UCUM code of a unit as trichoplan writes it, when it has one.
pub fn ucum(unit: &str) -> Option<&'static str> {
    Some(match normalize_unit(unit).as_str() {
        "ng/ml" => "ng/mL",
        "µg/l" | "ug/l" => "ug/L",
        "%" => "%",
        "g/dl" => "g/dL",
        "g/l" => "g/L",
        "mmol/l" => "mmol/L",
        "10^9/l" | "g/l(cells)" => "10*9/L",
        "µg/dl" | "ug/dl" => "ug/dL",
        "µmol/l" | "umol/l" => "umol/L",
        "nmol/l" => "nmol/L",
        "pmol/l" => "pmol/L",
        "pg/ml" => "pg/mL",
        "ng/l" => "ng/L",
        "ng/dl" => "ng/dL",
        "miu/l" | "mui/l" => "m[IU]/L",
        "µiu/ml" | "µui/ml" | "uiu/ml" => "u[IU]/mL",
        "mg/l" => "mg/L",
        "mg/dl" => "mg/dL",
        "µm" | "um" => "um",
        "mm" => "mm",
        "/cm2" | "/cm²" | "hairs/cm2" | "hairs/cm²" | "cheveux/cm²" | "cheveux/cm2" => "/cm2",
        "hairs" | "cheveux" => "{hairs}",
        _ => return None,
    })
}

struct Entry {
    kind: &'static str,
    system: String,
    value: String,
    resource: Map<String, Value>,
}

struct Builder<'a> {
    plan: &'a Plan,
    catalog: &'a Catalog,
    lang: Lang,
    entries: Vec<Entry>,
}

/// A deterministic `urn:uuid:` for an identifier (SHA-256, shaped as an RFC 9562 version 8
/// UUID).
fn uuid_for(kind: &str, system: &str, value: &str) -> String {
    let digest = Sha256::digest(format!("{kind}|{system}|{value}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn text(s: impl Into<String>) -> Value {
    json!({ "text": s.into() })
}

/// A number as JSON, without a spurious `.0` for whole values and rounded to 6 significant
/// digits after a unit conversion.
fn number(v: f64) -> Value {
    let rounded = if v == 0.0 {
        0.0
    } else {
        let digits = 6 - (v.abs().log10().floor() as i32 + 1);
        let scale = 10f64.powi(digits.clamp(-10, 12));
        (v * scale).round() / scale
    };
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        json!(rounded as i64)
    } else {
        json!(rounded)
    }
}

impl<'a> Builder<'a> {
    fn new(plan: &'a Plan, catalog: &'a Catalog) -> Self {
        Builder {
            plan,
            catalog,
            lang: plan.language,
            entries: Vec::new(),
        }
    }

    fn pick(&self, en: &'static str, fr: &'static str) -> &'static str {
        self.lang.pick(en, fr)
    }

    /// "Label: value" in English, "Libellé : valeur" in French.
    fn labelled(
        &self,
        en: &'static str,
        fr: &'static str,
        value: impl std::fmt::Display,
    ) -> String {
        format!("{}{} {value}", self.pick(en, fr), self.pick(":", " :"))
    }

    /// Adds a resource with its identifier; returns the reference to it.
    fn add(&mut self, kind: &'static str, system: &str, value: String, mut r: Value) -> Value {
        let system = format!("{SYSTEM}{system}");
        let url = uuid_for(kind, &system, &value);
        let mut resource = Map::new();
        resource.insert("resourceType".into(), json!(kind));
        resource.insert("language".into(), json!(self.lang.code()));
        resource.insert(
            "identifier".into(),
            json!([{ "system": system, "value": value }]),
        );
        if let Value::Object(m) = r.take() {
            resource.extend(m);
        }
        self.entries.push(Entry {
            kind,
            system,
            value,
            resource,
        });
        json!({ "reference": url })
    }

    fn build(mut self, practitioner: Option<&Practitioner>) -> Value {
        let plan = self.plan;
        let id = plan.id.to_string();
        let patient = self.patient();
        let author = practitioner.map(|p| self.practitioner(p));
        let condition = self.condition(&patient);
        let mut goals = Vec::new();
        let mut observations = Vec::new();
        let mut labs: Vec<&LabResult> = plan
            .modules
            .iter()
            .into_iter()
            .flat_map(|(_, m)| &m.labs)
            .collect();
        labs.sort_by_key(|l| (l.analyte.clone(), l.date));
        let mut seen = std::collections::BTreeMap::<String, usize>::new();
        for lab in &labs {
            let key = format!("{}/{}", lab.analyte, lab.date);
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            let value = if *n == 1 { key } else { format!("{key}/{n}") };
            observations.push(self.lab(lab, &patient, format!("{id}/lab/{value}")));
        }
        let mut analytes: Vec<&str> = labs.iter().map(|l| l.analyte.as_str()).collect();
        analytes.dedup();
        for a in analytes {
            if let Some(g) = self.lab_goal(a, &labs, &patient) {
                goals.push(g);
            }
        }
        let mut seen = std::collections::BTreeMap::<String, usize>::new();
        for m in &plan.followup.measurements {
            let region = m.region.map_or("scalp", |z| z.as_str());
            let key = format!("{}/{}/{region}", kind_key(m.kind), m.date);
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            let value = if *n == 1 { key } else { format!("{key}/{n}") };
            observations.push(self.measurement(m, &patient, format!("{id}/measurement/{value}")));
        }
        let care_plan_ref =
            json!({ "reference": uuid_for("CarePlan", &format!("{SYSTEM}careplan"), &id) });
        let mut procedures = std::collections::BTreeMap::new();
        if let Some(inj) = &plan.injections {
            for s in inj
                .sessions
                .iter()
                .filter(|s| s.status == SessionStatus::Done)
            {
                let sid =
                    s.id.as_ref()
                        .map_or_else(|| format!("session-{}", s.number), |i| i.to_string());
                let product = s.product.unwrap_or(inj.product);
                let zones = if s.zones.is_empty() {
                    &inj.zones
                } else {
                    &s.zones
                };
                let mut notes = vec![self.labelled("Product", "Produit", product.label(self.lang))];
                if let Some(src) = &inj.product_source {
                    notes.push(self.labelled("Source", "Source", src));
                }
                if let Some(lot) = &s.lot {
                    notes.push(self.labelled("Lot", "Lot", lot));
                }
                if let Some(n) = &s.notes {
                    notes.push(n.to_string());
                }
                if let Some(o) = &s.consent_override {
                    notes.push(self.labelled(
                        "Done without a signed consent",
                        "Faite sans consentement signé",
                        o,
                    ));
                }
                let mut r = json!({
                    "status": "completed",
                    "basedOn": [care_plan_ref.clone()],
                    "code": text(format!("{} ({})", self.pick("Scalp micro-injections", "Micro-injections du cuir chevelu"), product.label(self.lang))),
                    "subject": patient.clone(),
                    "performedDateTime": s.day().to_string(),
                    "bodySite": zones.iter().map(|z| text(z.label(self.lang))).collect::<Vec<_>>(),
                    "note": notes.iter().map(|n| json!({ "text": n })).collect::<Vec<_>>(),
                });
                if let Some(a) = &author {
                    r["performer"] = json!([{ "actor": a }]);
                }
                if let Some(reaction) = &s.reaction {
                    r["outcome"] =
                        text(self.labelled("Skin reaction", "Réaction cutanée", reaction));
                }
                let reference = self.add("Procedure", "procedure", format!("{id}/{sid}"), r);
                procedures.insert(s.number, reference);
            }
        }
        for c in plan.consent.iter() {
            // The version, percent-encoded (UTF-8) to stay a valid URI.
            let version: String = c
                .version
                .as_str()
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                        char::from(b).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            let mut r = json!({
                "status": if c.signed.is_some() { "active" } else { "proposed" },
                "scope": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "treatment" }] },
                "category": [{ "coding": [{ "system": LOINC, "code": "59284-0" }], "text": format!("{} ({})", self.pick("Consent", "Consentement"), c.product.label(self.lang)) }],
                "patient": patient.clone(),
                "performer": [patient.clone()],
                "policy": [{ "uri": format!("{SYSTEM}consent-text:{}:{version}", c.text) }],
            });
            if let Some(d) = c.signed {
                r["dateTime"] = json!(d.to_string());
            }
            self.add(
                "Consent",
                "consent",
                format!("{id}/consent/{}", c.product),
                r,
            );
        }
        // The care plan itself.
        let mut activities = Vec::new();
        if let Some(inj) = &plan.injections {
            let of = inj.sessions.len().max(usize::from(inj.sessions_planned));
            for s in &inj.sessions {
                let product = s.product.unwrap_or(inj.product);
                let status = match s.status {
                    SessionStatus::Planned => "scheduled",
                    SessionStatus::Done => "completed",
                    SessionStatus::Cancelled => "cancelled",
                };
                let day = s.day().to_string();
                let mut a = json!({ "detail": {
                    "code": text(format!("{} {}/{of} ({})", self.pick("Injection session", "Séance d'injections"), s.number, product.label(self.lang))),
                    "status": status,
                    "scheduledPeriod": { "start": day, "end": day },
                    "description": (if s.zones.is_empty() { &inj.zones } else { &s.zones }).iter().map(|z| z.label(self.lang)).collect::<Vec<_>>().join(", "),
                }});
                if let Some(p) = procedures.get(&s.number) {
                    a["outcomeReference"] = json!([p]);
                }
                activities.push(a);
            }
        }
        for c in &plan.followup.checkpoints {
            let label = c.label.as_ref().map_or_else(
                || {
                    self.catalog
                        .followup
                        .get(&c.what)
                        .map_or_else(|| c.what.to_string(), |t| t.text.get(self.lang).to_owned())
                },
                |l| l.to_string(),
            );
            let day = c.day().to_string();
            activities.push(json!({ "detail": {
                "code": text(label),
                "status": if c.done.is_some() { "completed" } else { "scheduled" },
                "scheduledPeriod": { "start": day, "end": day },
            }}));
        }
        let actions = plan.assessment.actions.iter().chain(
            plan.modules
                .iter()
                .into_iter()
                .flat_map(|(_, m)| &m.actions),
        );
        for a in actions {
            activities.push(self.action(a));
        }
        let status = match plan.status {
            Status::Draft => "draft",
            Status::Active => "active",
            Status::Completed => "completed",
            Status::Archived => {
                if plan.next_session().is_some() {
                    "revoked"
                } else {
                    "completed"
                }
            }
        };
        let mut r = json!({
            "status": status,
            "intent": "plan",
            "category": [text(self.pick("Hair-loss care plan", "Plan de soins capillaire"))],
            "title": format!("{} — {}", self.pick("Hair-loss care plan", "Plan de soins capillaire"), plan.patient.name),
            "subject": patient.clone(),
            "period": { "start": plan.created.to_string() },
            "created": plan.created.to_string(),
            "activity": activities,
        });
        if let Some(inj) = &plan.injections {
            r["description"] = json!(self.labelled(
                "Injection protocol",
                "Protocole d'injections",
                format_args!(
                    "{} × {}, {} {} {}",
                    inj.sessions_planned,
                    inj.product.label(self.lang),
                    self.pick("every", "tous les"),
                    inj.interval_days,
                    self.pick("days", "jours")
                ),
            ));
        }
        if matches!(plan.status, Status::Completed | Status::Archived) {
            let last = plan
                .injections
                .iter()
                .flat_map(|i| &i.sessions)
                .map(|s| s.day())
                .chain(plan.followup.checkpoints.iter().map(|c| c.day()))
                .max()
                .unwrap_or(plan.updated)
                .max(plan.created);
            r["period"]["end"] = json!(last.to_string());
        }
        if let Some(a) = &author {
            r["author"] = a.clone();
        }
        if let Some(c) = &condition {
            r["addresses"] = json!([c]);
        }
        if !goals.is_empty() {
            r["goal"] = json!(goals);
        }
        if !observations.is_empty() {
            r["supportingInfo"] = json!(observations);
        }
        if let Some(n) = &plan.notes {
            r["note"] = json!([{ "text": n.to_string() }]);
        }
        self.add("CarePlan", "careplan", id, r);

        let entries: Vec<Value> = self
            .entries
            .into_iter()
            .map(|e| {
                let url = uuid_for(e.kind, &e.system, &e.value);
                json!({
                    "fullUrl": url,
                    "resource": e.resource,
                    "request": {
                        "method": "PUT",
                        "url": format!("{}?identifier={}|{}", e.kind, e.system, e.value),
                    },
                })
            })
            .collect();
        json!({
            "resourceType": "Bundle",
            "type": "transaction",
            "entry": entries,
        })
    }

    fn patient(&mut self) -> Value {
        let p = &self.plan.patient;
        let mut r = json!({
            "name": [{ "text": p.name.to_string() }],
            "gender": match p.sex { Sex::Female => "female", Sex::Male => "male", Sex::Other => "other" },
            "communication": [{
                "language": { "coding": [{ "system": "urn:ietf:bcp:47", "code": self.lang.code() }] },
                "preferred": true,
            }],
        });
        if let Some(d) = p.birth_date {
            r["birthDate"] = json!(d.to_string());
        } else if let Some(y) = p.birth_year {
            r["birthDate"] = json!(format!("{y:04}"));
        }
        if let Some(c) = &p.contact {
            let mut telecom = Vec::new();
            if let Some(phone) = &c.phone {
                telecom.push(json!({ "system": "phone", "value": phone.to_string() }));
            }
            if let Some(email) = &c.email {
                telecom.push(json!({ "system": "email", "value": email.to_string() }));
            }
            if !telecom.is_empty() {
                r["telecom"] = json!(telecom);
            }
            if let Some(a) = &c.address {
                r["address"] = json!([{ "text": a.to_string() }]);
            }
        }
        self.add("Patient", "patient", self.plan.id.to_string(), r)
    }

    fn practitioner(&mut self, p: &Practitioner) -> Value {
        let mut name = json!({ "text": p.name.to_string() });
        if let Some(t) = &p.title {
            name["prefix"] = json!([t.to_string()]);
        }
        let mut r = json!({ "name": [name] });
        let mut telecom = Vec::new();
        if let Some(phone) = &p.phone {
            telecom.push(json!({ "system": "phone", "value": phone.to_string(), "use": "work" }));
        }
        if let Some(email) = &p.email {
            telecom.push(json!({ "system": "email", "value": email.to_string(), "use": "work" }));
        }
        if !telecom.is_empty() {
            r["telecom"] = json!(telecom);
        }
        let address: Vec<String> = p
            .clinic
            .iter()
            .chain(&p.address)
            .map(|t| t.to_string())
            .collect();
        if !address.is_empty() {
            r["address"] = json!([{ "use": "work", "text": address.join(", ") }]);
        }
        let slug = crate::domain::PlanId::from_name(p.name.as_str(), 0);
        let slug = slug.as_str().trim_end_matches("-0").to_owned();
        self.add("Practitioner", "practitioner", slug, r)
    }

    fn condition(&mut self, patient: &Value) -> Option<Value> {
        let complaint = self.plan.assessment.complaint?;
        // WHO ICD-10 categories, only where the complaint names one exactly.
        let icd = match complaint {
            Complaint::PostpartumShedding | Complaint::TelogenEffluvium => {
                Some(("L65.0", "Telogen effluvium"))
            }
            Complaint::AndrogeneticAlopecia => Some(("L64.9", "Androgenic alopecia, unspecified")),
            Complaint::AlopeciaAreata => Some(("L63.9", "Alopecia areata, unspecified")),
            Complaint::ScarringAlopecia => Some(("L66.9", "Cicatricial alopecia, unspecified")),
            Complaint::FemalePatternLoss | Complaint::Other => None,
        };
        let mut code = text(complaint.label(self.lang));
        if let Some((c, display)) = icd {
            code["coding"] = json!([{ "system": ICD10, "code": c, "display": display }]);
        }
        let mut r = json!({
            "clinicalStatus": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active" }] },
            "verificationStatus": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "provisional" }] },
            "category": [{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/condition-category", "code": "problem-list-item" }] }],
            "code": code,
            "subject": patient.clone(),
            "recordedDate": self.plan.created.to_string(),
        });
        if let Some(onset) = self.plan.assessment.onset {
            r["onsetDateTime"] = json!(onset.to_string());
        }
        if let Some(n) = &self.plan.assessment.notes {
            r["note"] = json!([{ "text": n.to_string() }]);
        }
        Some(self.add(
            "Condition",
            "condition",
            format!("{}/complaint", self.plan.id),
            r,
        ))
    }

    /// A quantity in FHIR form: UCUM code and system when the unit has one.
    fn quantity(value: f64, unit: &str) -> Value {
        let mut q = json!({ "value": number(value), "unit": unit });
        if let Some(code) = ucum(unit) {
            q["system"] = json!(UCUM);
            q["code"] = json!(code);
        }
        q
    }

    fn lab(&mut self, lab: &LabResult, patient: &Value, identifier: String) -> Value {
        let analyte = self.catalog.analytes.get(&lab.analyte);
        let name = analyte.map_or_else(
            || lab.analyte.to_string(),
            |a| a.name.get(self.lang).to_owned(),
        );
        // The value in the canonical unit, the one the LOINC code names; without a known
        // conversion the code is left out (text only) rather than be wrong.
        let converted = analyte.and_then(|a| {
            let f = a.factor(lab.unit.as_str())?;
            Some((a, f))
        });
        let mut code = text(name);
        let (value, unit, factor) = match converted {
            Some((a, f)) => {
                code["coding"] = json!([{ "system": LOINC, "code": a.loinc }]);
                (lab.value.get() * f, a.unit.as_str().to_owned(), f)
            }
            None => (lab.value.get(), lab.unit.as_str().to_owned(), 1.0),
        };
        let mut r = json!({
            "status": "final",
            "category": [{ "coding": [{ "system": OBS_CATEGORY, "code": "laboratory" }] }],
            "code": code,
            "subject": patient.clone(),
            "effectiveDateTime": lab.date.to_string(),
            "valueQuantity": Self::quantity(value, &unit),
        });
        let mut notes = Vec::new();
        if factor != 1.0 {
            notes.push(self.labelled(
                "As reported by the lab",
                "Tel que rendu par le laboratoire",
                format_args!("{} {}", lab.value, lab.unit),
            ));
        }
        if let Some(n) = &lab.notes {
            notes.push(n.to_string());
        }
        if !notes.is_empty() {
            r["note"] = json!(
                notes
                    .iter()
                    .map(|n| json!({ "text": n }))
                    .collect::<Vec<_>>()
            );
        }
        if let Some(l) = &lab.lab {
            r["performer"] = json!([{ "display": l.to_string() }]);
        }
        if let Some(range) = &lab.range {
            let mut rr = json!({
                "type": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/referencerange-meaning", "code": "normal" }] },
            });
            if let Some(low) = range.low {
                rr["low"] = Self::quantity(low.get() * factor, &unit);
            }
            if let Some(high) = range.high {
                rr["high"] = Self::quantity(high.get() * factor, &unit);
            }
            if range.low.is_some() || range.high.is_some() {
                r["referenceRange"] = json!([rr]);
                let v = lab.value.get();
                let flag = if range.low.is_some_and(|l| v < l.get()) {
                    ("L", "Low")
                } else if range.high.is_some_and(|h| v > h.get()) {
                    ("H", "High")
                } else {
                    ("N", "Normal")
                };
                r["interpretation"] = json!([{ "coding": [{ "system": INTERPRETATION, "code": flag.0, "display": flag.1 }] }]);
            }
        }
        self.add("Observation", "observation", identifier, r)
    }

    fn measurement(&mut self, m: &Measurement, patient: &Value, identifier: String) -> Value {
        let mut r = json!({
            "status": "final",
            "category": [{ "coding": [{ "system": OBS_CATEGORY, "code": "exam" }] }],
            "code": {
                "coding": [{ "system": format!("{SYSTEM}measurement"), "code": kind_key(m.kind) }],
                "text": m.kind.label(self.lang),
            },
            "subject": patient.clone(),
            "effectiveDateTime": m.date.to_string(),
        });
        if let Some(z) = m.region {
            r["bodySite"] = text(z.label(self.lang));
        }
        match (m.value, &m.path) {
            (Some(v), _) => {
                let unit = m.unit.as_ref().map_or("", |u| u.as_str());
                r["valueQuantity"] = if unit.is_empty() {
                    json!({ "value": number(v.get()) })
                } else {
                    Self::quantity(v.get(), unit)
                };
            }
            (None, Some(path)) => r["valueString"] = json!(path.to_string()),
            (None, None) => {
                r["dataAbsentReason"] = json!({ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "not-performed" }] });
            }
        }
        if let Some(n) = &m.notes {
            r["note"] = json!([{ "text": n.to_string() }]);
        }
        self.add("Observation", "observation", identifier, r)
    }

    /// A Goal for an analyte with a practitioner target in the catalog (e.g. ferritin), due at
    /// the lab recheck (else the end of the series).
    fn lab_goal(&mut self, analyte: &str, labs: &[&LabResult], patient: &Value) -> Option<Value> {
        let a: &Analyte = self.catalog.analytes.get(analyte)?;
        let target = a.target.as_ref()?;
        let latest = labs
            .iter()
            .filter(|l| l.analyte.as_str() == analyte)
            .max_by_key(|l| l.date)?;
        let canonical = a.to_canonical(latest.value, &latest.unit);
        let achieved = canonical
            .map(|v| target.low.is_none_or(|l| v >= l) && target.high.is_none_or(|h| v <= h));
        let mut range = Map::new();
        if let Some(l) = target.low {
            range.insert("low".into(), Self::quantity(l, a.unit.as_str()));
        }
        if let Some(h) = target.high {
            range.insert("high".into(), Self::quantity(h, a.unit.as_str()));
        }
        let bounds = match (target.low, target.high) {
            (Some(l), Some(h)) => format!("{l}–{h}"),
            (Some(l), None) => format!("≥ {l}"),
            (None, Some(h)) => format!("≤ {h}"),
            (None, None) => return None,
        };
        let name = a.name.get(self.lang).to_owned();
        let mut t = json!({
            "measure": { "coding": [{ "system": LOINC, "code": a.loinc }], "text": name },
            "detailRange": Value::Object(range),
        });
        let due = self
            .plan
            .followup
            .checkpoints
            .iter()
            .filter(|c| c.what.as_str() == "lab_recheck" && c.done.is_none())
            .map(|c| c.due)
            .min()
            .or_else(|| {
                self.plan
                    .injections
                    .as_ref()
                    .and_then(|i| i.sessions.iter().map(|s| s.day()).max())
            });
        if let Some(d) = due {
            t["dueDate"] = json!(d.to_string());
        }
        let lifecycle = match self.plan.status {
            Status::Draft => "proposed",
            Status::Active => "active",
            Status::Completed => "completed",
            Status::Archived => "cancelled",
        };
        let mut r = json!({
            "lifecycleStatus": lifecycle,
            "description": text(format!("{name} {bounds} {} ({})", a.unit, target.evidence.label(self.lang))),
            "subject": patient.clone(),
            "target": [t],
            "startDate": self.plan.created.to_string(),
        });
        if let Some(ok) = achieved {
            let code = if ok { "achieved" } else { "in-progress" };
            r["achievementStatus"] = json!({ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/goal-achievement", "code": code }] });
        }
        Some(self.add("Goal", "goal", format!("{}/{analyte}", self.plan.id), r))
    }

    /// A supplement or a piece of advice as a care-plan activity.
    fn action(&self, a: &ChosenAction) -> Value {
        let catalog_text = self
            .catalog
            .actions
            .get(&a.action)
            .map(|c| c.text.get(self.lang).to_owned());
        let name = a
            .label
            .as_ref()
            .map(|l| l.to_string())
            .or(catalog_text)
            .unwrap_or_else(|| a.action.to_string());
        let mut detail = json!({
            "code": {
                "coding": [{ "system": format!("{SYSTEM}action"), "code": a.action.as_str() }],
                "text": name,
            },
            "status": match a.start {
                Some(d) if d <= self.plan.updated => "in-progress",
                _ => "not-started",
            },
        });
        if let Some(dose) = &a.dose {
            detail["productCodeableConcept"] = text(dose.to_string());
        }
        let mut when: Vec<String> = Vec::new();
        if let Some(f) = &a.frequency {
            when.push(f.to_string());
        }
        if let Some(d) = &a.duration {
            when.push(format!("{} {d}", self.pick("for", "pendant")));
        }
        if let Some(s) = a.start {
            when.push(format!("{} {s}", self.pick("from", "à partir du")));
        }
        if !when.is_empty() {
            detail["scheduledString"] = json!(when.join(", "));
        }
        if let Some(n) = &a.notes {
            detail["description"] = json!(n.to_string());
        }
        json!({ "detail": detail })
    }
}

fn kind_key(k: MeasurementKind) -> &'static str {
    match k {
        MeasurementKind::PullTest => "pull_test",
        MeasurementKind::WashTest => "wash_test",
        MeasurementKind::Density => "density",
        MeasurementKind::ShaftDiameter => "shaft_diameter",
        MeasurementKind::Photo => "photo",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_well_formed_and_stable() {
        let a = uuid_for("Patient", "urn:trichoplan:patient", "x");
        assert_eq!(a, uuid_for("Patient", "urn:trichoplan:patient", "x"));
        assert_ne!(a, uuid_for("Patient", "urn:trichoplan:patient", "y"));
        let hex = a.trim_start_matches("urn:uuid:");
        let parts: Vec<usize> = hex.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12]);
        assert!(
            hex.chars()
                .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
    }

    #[test]
    fn numbers_lose_conversion_noise() {
        assert_eq!(number(18.0), json!(18));
        assert_eq!(number(15.8 / 12.87), json!(1.22766));
        assert_eq!(number(0.1 + 0.2), json!(0.3));
    }
}
