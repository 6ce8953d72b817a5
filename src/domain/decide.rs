//! The practitioner's decision on a suggestion, recorded in the plan.
//!
//! Accepting adds the action (with the catalog's default dose, frequency and duration in the
//! patient's language, ready to be edited) and records the decision; rejecting records the
//! decision only, so that the same suggestion is not offered again for the same finding.

use jiff::civil::Date;

use super::catalog::{Catalog, Section};
use super::evaluate::Suggestion;
use super::plan::{ChosenAction, Decision, ModuleName, Origin, Plan, Verdict};
use super::text::Text;

impl Plan {
    /// Records `verdict` on `suggestion`, made on `today`.
    pub fn decide(
        &mut self,
        suggestion: &Suggestion,
        verdict: Verdict,
        today: Date,
        reason: Option<Text>,
        catalog: &Catalog,
    ) {
        let lang = self.language;
        let (actions, decisions) = match suggestion.module {
            Section::Gate => (&mut self.assessment.actions, &mut self.assessment.decisions),
            Section::Deficiencies => record(&mut self.modules.deficiencies),
            Section::Inflammation => record(&mut self.modules.inflammation),
            Section::Microcirculation => record(&mut self.modules.microcirculation),
            Section::Hormones => record(&mut self.modules.hormones),
        };
        decisions.retain(|d| {
            !(d.rule == suggestion.rule
                && d.action == suggestion.action
                && d.finding.as_ref().map(Text::as_str) == Some(suggestion.finding.as_str()))
        });
        decisions.push(Decision {
            rule: suggestion.rule.clone(),
            action: suggestion.action.clone(),
            finding: Text::new(suggestion.finding.clone()).ok(),
            decision: verdict,
            date: today,
            reason,
        });
        let (Verdict::Accepted, Some(key)) = (verdict, &suggestion.action) else {
            return;
        };
        let label = suggestion.analyte.as_ref().and_then(|analyte| {
            let text = catalog.actions.get(key)?.text.get(lang);
            let name = catalog.analytes.get(analyte)?.name.get(lang);
            Text::new(text.replace("{analyte}", name)).ok()
        });
        let already = actions
            .iter()
            .any(|a| &a.action == key && (label.is_none() || a.label == label));
        if already {
            return;
        }
        let defaults = catalog.actions.get(key);
        let text = |pick: fn(&super::catalog::Action) -> &Option<super::catalog::Localized>| {
            defaults
                .and_then(|a| pick(a).as_ref())
                .and_then(|l| Text::new(l.get(lang)).ok())
        };
        actions.push(ChosenAction {
            action: key.clone(),
            origin: Origin::Suggested,
            label,
            dose: text(|a| &a.dose),
            frequency: text(|a| &a.frequency),
            duration: text(|a| &a.duration),
            start: Some(today),
            notes: None,
        });
    }

    /// Takes back the decision on `suggestion`, which is offered again. An action it added
    /// stays among the chosen actions, where it can be removed on its own.
    pub fn undecide(&mut self, suggestion: &Suggestion) {
        let decisions = match suggestion.module {
            Section::Gate => &mut self.assessment.decisions,
            Section::Deficiencies => &mut self.modules.deficiencies.decisions,
            Section::Inflammation => &mut self.modules.inflammation.decisions,
            Section::Microcirculation => &mut self.modules.microcirculation.decisions,
            Section::Hormones => &mut self.modules.hormones.decisions,
        };
        decisions.retain(|d| {
            !(d.rule == suggestion.rule
                && d.action == suggestion.action
                && d.finding.as_ref().map(Text::as_str) == Some(suggestion.finding.as_str()))
        });
    }
}

fn record(m: &mut super::plan::ModuleRecord) -> (&mut Vec<ChosenAction>, &mut Vec<Decision>) {
    (&mut m.actions, &mut m.decisions)
}

impl Section {
    /// The section of a module.
    pub fn of(module: ModuleName) -> Section {
        match module {
            ModuleName::Deficiencies => Section::Deficiencies,
            ModuleName::Inflammation => Section::Inflammation,
            ModuleName::Microcirculation => Section::Microcirculation,
            ModuleName::Hormones => Section::Hormones,
        }
    }
}
