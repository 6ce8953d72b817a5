//! What each reader sees of a plan: the patient handout and the practitioner record.
//!
//! The patient handout keeps to what the patient needs: the plan, the calendar, what to do, the
//! quote. The practitioner record holds everything, lab values and revision log included.

use crate::domain::plan::{Plan, PricingMode};
use crate::domain::{Lang, format_money};

use super::doc::{Block, Document};

/// Who a summary is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Patient,
    Practitioner,
}

/// Builds the summary of `plan` for `audience`, in `lang`.
pub fn build(plan: &Plan, audience: Audience, lang: Lang) -> Document {
    let t = |en, fr| lang.pick(en, fr).to_owned();
    let full = audience == Audience::Practitioner;
    let mut doc = Document {
        title: match audience {
            Audience::Patient => t("Your care plan", "Votre plan de soins"),
            Audience::Practitioner => t(
                "Care plan — practitioner record",
                "Plan de soins — dossier praticien",
            ),
        },
        subtitle: format!(
            "{} · {} {} · {} {}",
            plan.patient.name,
            t("updated", "mis à jour le"),
            plan.updated,
            t("revision", "révision"),
            plan.revision
        ),
        blocks: Vec::new(),
    };

    doc.heading(t("Patient", "Patient"));
    let mut fields = vec![(t("Name", "Nom"), plan.patient.name.to_string())];
    if let Some(year) = plan.patient.birth_year {
        fields.push((t("Born", "Année de naissance"), year.to_string()));
    }
    if full {
        fields.push((t("Sex", "Sexe"), plan.patient.sex.label(lang).to_owned()));
        fields.push((t("Plan", "Plan"), plan.id.to_string()));
        fields.push((t("Status", "Statut"), plan.status.label(lang).to_owned()));
        fields.push((t("Created", "Créé le"), plan.created.to_string()));
        let h = &plan.patient.history;
        if let Some(d) = h.delivery {
            fields.push((t("Delivery", "Accouchement"), d.to_string()));
        }
        if h.pregnant == Some(true) {
            fields.push((t("Pregnant", "Enceinte"), t("yes", "oui")));
        }
        if h.breastfeeding == Some(true) {
            fields.push((t("Breastfeeding", "Allaitement"), t("yes", "oui")));
        }
        if !h.medications.is_empty() {
            fields.push((t("Medications", "Traitements"), join(&h.medications)));
        }
        if !h.conditions.is_empty() {
            fields.push((t("Conditions", "Antécédents"), join(&h.conditions)));
        }
        if let Some(f) = &h.family_history {
            fields.push((t("Family history", "Antécédents familiaux"), f.to_string()));
        }
    }
    doc.fields(fields);

    let a = &plan.assessment;
    doc.heading(t("Assessment", "Bilan"));
    let mut fields = Vec::new();
    if let Some(c) = a.complaint {
        fields.push((t("Complaint", "Motif"), c.label(lang).to_owned()));
    }
    if let Some(d) = a.onset {
        fields.push((t("Onset", "Début"), d.to_string()));
    }
    if let Some(tr) = &a.trigger {
        let when = a
            .trigger_date
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        fields.push((t("Trigger", "Facteur déclenchant"), format!("{tr}{when}")));
    }
    if let Some(s) = &a.scale {
        fields.push((
            t("Stage", "Stade"),
            format!("{} {}", s.system.label(), s.stage.0),
        ));
    }
    if let Some(s) = a.scarring {
        let v = if s { t("yes", "oui") } else { t("no", "non") };
        fields.push((t("Scarring", "Cicatrices"), v));
    }
    doc.fields(fields);
    if full {
        let rows = a
            .pull_test
            .iter()
            .map(|p| {
                vec![
                    p.region.label(lang).to_owned(),
                    p.extracted.to_string(),
                    p.grasped.to_string(),
                ]
            })
            .collect();
        doc.table(
            &[
                lang.pick("Pull test region", "Test de traction, zone"),
                lang.pick("Extracted", "Extraits"),
                lang.pick("Grasped", "Saisis"),
            ],
            rows,
        );
        let rows = a
            .zones
            .iter()
            .map(|z| {
                vec![
                    z.zone.label(lang).to_owned(),
                    if z.follicular_openings {
                        t("yes", "oui")
                    } else {
                        t("no", "non")
                    },
                    z.years_bald
                        .map(|y| y.to_string())
                        .unwrap_or_else(|| "—".into()),
                ]
            })
            .collect();
        doc.table(
            &[
                lang.pick("Zone", "Zone"),
                lang.pick("Follicular openings", "Ostiums visibles"),
                lang.pick("Years bald", "Années sans cheveux"),
            ],
            rows,
        );
        if let Some(tri) = &a.trichoscopy {
            let mut text: Vec<String> = tri.signs.iter().map(|s| s.to_string()).collect();
            if let Some(n) = &tri.notes {
                text.push(n.to_string());
            }
            doc.fields(vec![(t("Trichoscopy", "Trichoscopie"), text.join("; "))]);
        }
        if let Some(n) = &a.notes {
            doc.push(Block::Paragraph(n.to_string()));
        }
    }

    for (name, module) in plan.modules.iter() {
        if module.is_empty() || (!full && module.actions.is_empty()) {
            continue;
        }
        doc.heading(name.label(lang));
        if full {
            let rows = module
                .labs
                .iter()
                .map(|l| {
                    let range = l.range.as_ref().map_or_else(
                        || "—".to_owned(),
                        |r| match (r.low, r.high) {
                            (Some(lo), Some(hi)) => format!("{lo}–{hi}"),
                            (Some(lo), None) => format!("≥ {lo}"),
                            (None, Some(hi)) => format!("≤ {hi}"),
                            (None, None) => "—".to_owned(),
                        },
                    );
                    vec![
                        l.analyte.to_string(),
                        format!("{} {}", l.value, l.unit),
                        range,
                        l.date.to_string(),
                    ]
                })
                .collect();
            doc.table(
                &[
                    lang.pick("Analyte", "Analyse"),
                    lang.pick("Value", "Valeur"),
                    lang.pick("Lab range", "Valeurs de référence"),
                    lang.pick("Date", "Date"),
                ],
                rows,
            );
        }
        let actions: Vec<String> = module
            .actions
            .iter()
            .map(|a| {
                let name = a
                    .label
                    .as_ref()
                    .map_or_else(|| a.action.to_string(), |l| l.to_string());
                let details: Vec<String> = [&a.dose, &a.frequency, &a.duration]
                    .into_iter()
                    .flatten()
                    .map(|d| d.to_string())
                    .collect();
                if details.is_empty() {
                    name
                } else {
                    format!("{name}: {}", details.join(", "))
                }
            })
            .collect();
        if !actions.is_empty() {
            doc.push(Block::Bullets(actions));
        }
    }

    if let Some(inj) = &plan.injections {
        doc.heading(t("Injection sessions", "Séances d'injections"));
        let zones: Vec<&str> = inj.zones.iter().map(|z| z.label(lang)).collect();
        let mut fields = vec![
            (t("Product", "Produit"), inj.product.label(lang).to_owned()),
            (t("Zones", "Zones"), zones.join(", ")),
            (
                t("Series", "Série"),
                format!(
                    "{} {} · {} {} {}",
                    inj.sessions_planned,
                    t("sessions", "séances"),
                    t("every", "tous les"),
                    inj.interval_days,
                    t("days", "jours")
                ),
            ),
        ];
        if let Some(m) = &inj.maintenance {
            fields.push((
                t("Maintenance", "Entretien"),
                format!(
                    "{} {} {}",
                    t("every", "tous les"),
                    m.every_months,
                    t("months", "mois")
                ),
            ));
        }
        doc.fields(fields);
        let rows = inj
            .sessions
            .iter()
            .map(|s| {
                let mut row = vec![
                    s.number.to_string(),
                    s.date.unwrap_or(s.planned).to_string(),
                    s.status.label(lang).to_owned(),
                ];
                if full {
                    row.push(s.lot.as_ref().map_or_else(String::new, |l| l.to_string()));
                    row.push(
                        s.reaction
                            .as_ref()
                            .map_or_else(String::new, |r| r.to_string()),
                    );
                }
                row
            })
            .collect();
        let mut header = vec![
            lang.pick("#", "N°"),
            lang.pick("Date", "Date"),
            lang.pick("Status", "Statut"),
        ];
        if full {
            header.extend([
                lang.pick("Lot", "Lot"),
                lang.pick("Skin reaction", "Réaction cutanée"),
            ]);
        }
        doc.table(&header, rows);
    }

    let mut checkpoints: Vec<_> = plan.followup.checkpoints.iter().collect();
    checkpoints.sort_by_key(|c| c.due);
    let rows = checkpoints
        .into_iter()
        .map(|c| {
            vec![
                c.due.to_string(),
                c.label
                    .as_ref()
                    .map_or_else(|| c.what.to_string(), |l| l.to_string()),
                c.done
                    .map_or_else(String::new, |d| format!("{} {d}", t("done", "fait le"))),
            ]
        })
        .collect::<Vec<_>>();
    if !rows.is_empty() {
        doc.heading(t("Follow-up", "Suivi"));
        doc.table(
            &[
                lang.pick("Due", "Prévu le"),
                lang.pick("What", "Quoi"),
                lang.pick("Done", "Fait"),
            ],
            rows,
        );
    }
    if full {
        let rows = plan
            .followup
            .measurements
            .iter()
            .map(|m| {
                let value = match (&m.value, &m.unit, &m.path) {
                    (Some(v), Some(u), _) => format!("{v} {u}"),
                    (Some(v), None, _) => v.to_string(),
                    (None, _, Some(p)) => p.to_string(),
                    _ => String::new(),
                };
                vec![
                    m.date.to_string(),
                    m.kind.label(lang).to_owned(),
                    m.region
                        .map_or_else(String::new, |r| r.label(lang).to_owned()),
                    value,
                ]
            })
            .collect();
        doc.table(
            &[
                lang.pick("Date", "Date"),
                lang.pick("Measurement", "Mesure"),
                lang.pick("Zone", "Zone"),
                lang.pick("Value", "Valeur"),
            ],
            rows,
        );
    }

    if let Some(p) = &plan.pricing {
        doc.heading(t("Quote", "Devis"));
        let money = |c| format_money(c, &p.currency, lang);
        let mut fields = vec![(t("Billing", "Facturation"), p.mode.label(lang).to_owned())];
        if let Some(c) = p.per_session_cents {
            fields.push((t("Per session", "Par séance"), money(c)));
        }
        if let Some(c) = p.package_cents {
            fields.push((t("Package", "Forfait"), money(c)));
        }
        if let Some(c) = p.maintenance_cents {
            fields.push((t("Maintenance session", "Séance d'entretien"), money(c)));
        }
        let sessions = plan.injections.as_ref().map_or(0, |i| i.sessions_planned);
        let total = match p.mode {
            PricingMode::Package => p.package_cents,
            PricingMode::PerSession => p
                .per_session_cents
                .map(|c| c.saturating_mul(u64::from(sessions))),
        };
        if let Some(total) = total {
            fields.push((t("Total of the series", "Total de la série"), money(total)));
        }
        doc.fields(fields);
        doc.push(Block::Paragraph(t(
            "Not reimbursed by health insurance.",
            "Non remboursé par l'Assurance maladie.",
        )));
    }

    if let Some(c) = &plan.consent {
        doc.heading(t("Consent", "Consentement"));
        let signed = c.signed.map_or_else(
            || t("not signed yet", "pas encore signé"),
            |d| format!("{} {d}", t("signed on", "signé le")),
        );
        doc.fields(vec![(
            t("Text", "Texte"),
            format!("{} v{} — {signed}", c.text, c.version),
        )]);
    }

    if full {
        if let Some(n) = &plan.notes {
            doc.heading(t("Notes", "Notes"));
            doc.push(Block::Paragraph(n.to_string()));
        }
        let rows = plan
            .revisions
            .iter()
            .map(|r| {
                vec![
                    r.revision.to_string(),
                    r.at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
                    match &r.reason {
                        Some(why) => format!("{} ({why})", r.change),
                        None => r.change.to_string(),
                    },
                ]
            })
            .collect::<Vec<_>>();
        if !rows.is_empty() {
            doc.heading(t("Revisions", "Révisions"));
            doc.table(
                &[
                    lang.pick("#", "N°"),
                    lang.pick("When", "Quand"),
                    lang.pick("Change", "Modification"),
                ],
                rows,
            );
        }
    }
    if let Some(p) = &plan.practitioner {
        doc.heading(t("Practitioner", "Praticien"));
        let mut lines = vec![match &p.title {
            Some(title) => format!("{title} {}", p.name),
            None => p.name.to_string(),
        }];
        lines.extend(
            [&p.clinic, &p.address, &p.phone, &p.email]
                .into_iter()
                .flatten()
                .map(|x| x.to_string()),
        );
        doc.push(Block::Paragraph(lines.join("\n")));
    }
    doc
}

fn join(items: &[crate::domain::Text]) -> String {
    items
        .iter()
        .map(|i| i.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
