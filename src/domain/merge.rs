//! The three-way merge of two versions of a plan, by structure rather than by lines.
//!
//! Two practitioners who edited the same plan on two machines get one plan with both edits:
//! fields are merged one by one against the common ancestor, and lists are merged item by
//! item, each item known by its identity (a session or checkpoint by its id, a lab value by
//! analyte and date, an action by its catalog key, a decision by rule, action and finding, a
//! consent by product, a measurement by date, kind and region). The revision logs are joined
//! and renumbered. A field changed on both sides to different values keeps one value in the
//! plan (the later edit's, the same whichever machine merges) and both values in
//! `conflicts:`, where the practitioner chooses later ([`resolve`]); nothing is ever dropped
//! and no conflict marker is ever written.
//!
//! The merge works on the plan as data (the values it is written as), so that every field of
//! the schema, present and future, is merged the same way.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::plan::{MergeConflict, Plan, Revision};
use super::text::Text;

/// The outcome of a merge.
#[derive(Debug, Clone)]
pub struct Merged {
    pub plan: Plan,
    /// The conflicts this merge found (the plan's `conflicts:` also keeps earlier ones).
    pub new_conflicts: usize,
}

/// Which version a practitioner keeps for a conflicted field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// Keys handled apart from the generic merge.
const APART: &[&str] = &[
    "revisions",
    "revision",
    "updated",
    "eligibility",
    "conflicts",
];

/// Merges `ours` and `theirs`, two versions of one plan descended from `base` (`None` when
/// both created it independently).
pub fn merge(base: Option<&Plan>, ours: &Plan, theirs: &Plan) -> Result<Merged, String> {
    let to_value = |p: &Plan| serde_json::to_value(p).map_err(|e| e.to_string());
    let mut b = base.map(to_value).transpose()?;
    let mut o = to_value(ours)?;
    let mut t = to_value(theirs)?;
    for v in [b.as_mut(), Some(&mut o), Some(&mut t)]
        .into_iter()
        .flatten()
    {
        strip_apart(v);
    }
    let last = |p: &Plan| p.revisions.iter().map(|r| r.at).max();
    let mut found = Found {
        list: Vec::new(),
        prefer_ours: match last(ours).cmp(&last(theirs)) {
            std::cmp::Ordering::Greater => Some(true),
            std::cmp::Ordering::Less => Some(false),
            std::cmp::Ordering::Equal => None,
        },
    };
    let mut merged = merge_value("", "", b.as_ref(), Some(&o), Some(&t), &mut found)
        .unwrap_or_else(|| o.clone());
    // The fields merged apart are set below; this side's values stand in until then.
    if let (Value::Object(m), Value::Object(whole)) = (&mut merged, to_value(ours)?) {
        for k in ["revisions", "revision", "updated"] {
            if let Some(v) = whole.get(k) {
                m.insert(k.to_owned(), v.clone());
            }
        }
    }
    let conflicts = found.list;
    let new_conflicts = conflicts.len();
    let mut merged = match serde_json::from_value::<Plan>(merged) {
        Ok(plan) => plan,
        Err(e) => fallback(
            ours,
            theirs,
            &format!("the merged plan is not well formed ({e})"),
        )?,
    };
    merged.eligibility_from(ours);
    merged.updated = ours.updated.max(theirs.updated);
    let (revisions, revision) = join_revisions(ours, theirs);
    merged.revisions = revisions;
    merged.revision = revision;
    if let Some(inj) = merged.injections.as_mut() {
        inj.sessions.sort_by_key(|s| s.number);
    }
    merged.conflicts = join_conflicts(base, ours, theirs);
    for c in conflicts {
        if !merged.conflicts.iter().any(|old| same_conflict(old, &c)) {
            merged.conflicts.push(c);
        }
    }
    if let Some(problem) = super::check(&merged).first() {
        // Two valid versions whose merge breaks a rule between fields (two sessions numbered
        // alike, dates out of order): this side is kept whole and the other side's plan is
        // kept as one conflict, so that nothing is lost.
        let mut plan = fallback(ours, theirs, &problem.to_string())?;
        plan.revisions = merged.revisions;
        plan.revision = merged.revision;
        plan.updated = merged.updated;
        return Ok(Merged {
            new_conflicts: 1,
            plan,
        });
    }
    Ok(Merged {
        plan: merged,
        new_conflicts,
    })
}

impl Plan {
    fn eligibility_from(&mut self, other: &Plan) {
        self.assessment.eligibility = other.assessment.eligibility.clone();
    }
}

/// The same conflict, whichever side recorded it (one machine's "ours" is the other's
/// "theirs").
fn same_conflict(a: &MergeConflict, b: &MergeConflict) -> bool {
    a.field == b.field
        && ((a.ours == b.ours && a.theirs == b.theirs)
            || (a.ours == b.theirs && a.theirs == b.ours))
}

/// The conflicts still open: each side's, except those the other side settled (present in
/// the common version, gone from that side). A conflict is never replaced by a newer one on
/// the same field: both stay, so no value is dropped.
fn join_conflicts(base: Option<&Plan>, ours: &Plan, theirs: &Plan) -> Vec<MergeConflict> {
    let in_list =
        |list: &[MergeConflict], c: &MergeConflict| list.iter().any(|x| same_conflict(x, c));
    let base: &[MergeConflict] = base.map_or(&[], |b| b.conflicts.as_slice());
    let mut out: Vec<MergeConflict> = Vec::new();
    for c in &ours.conflicts {
        let settled_by_theirs = in_list(base, c) && !in_list(&theirs.conflicts, c);
        if !settled_by_theirs && !in_list(&out, c) {
            out.push(c.clone());
        }
    }
    for c in &theirs.conflicts {
        if !in_list(base, c) && !in_list(&out, c) {
            out.push(c.clone());
        }
    }
    out
}

/// This side whole, and the other side's whole plan as one conflict on `.`.
fn fallback(ours: &Plan, theirs: &Plan, why: &str) -> Result<Plan, String> {
    // The later edit is kept whole, whichever machine merges.
    let last = |p: &Plan| p.revisions.iter().map(|r| r.at).max();
    let (kept, other) = if last(theirs) > last(ours) {
        (theirs, ours)
    } else {
        (ours, theirs)
    };
    let mut plan = kept.clone();
    let mut whole = serde_json::to_value(other).map_err(|e| e.to_string())?;
    if let Value::Object(m) = &mut whole {
        m.remove("conflicts");
    }
    let field = Text::new(".").map_err(|e| e.to_string())?;
    plan.conflicts.push(MergeConflict {
        field,
        ours: Value::String(format!("the plan as it is, whole ({why})")),
        theirs: whole,
    });
    Ok(plan)
}

fn strip_apart(v: &mut Value) {
    if let Value::Object(m) = v {
        for k in APART {
            m.remove(*k);
        }
        if let Some(Value::Object(a)) = m.get_mut("assessment") {
            a.remove("eligibility");
        }
    }
}

/// The two revision logs joined: entries of the common ancestor first, then every entry made
/// on either side (once, however many times it was merged), by time; renumbered so that the
/// plan's revision is above what either side had reached.
fn join_revisions(ours: &Plan, theirs: &Plan) -> (Vec<Revision>, u32) {
    let same =
        |a: &Revision, b: &Revision| a.at == b.at && a.change == b.change && a.reason == b.reason;
    let mut all: Vec<Revision> = Vec::new();
    let mut ours_only = 0u32;
    let mut theirs_only = 0u32;
    for r in &ours.revisions {
        if !all.iter().any(|x| same(x, r)) {
            if !theirs.revisions.iter().any(|x| same(x, r)) {
                ours_only = ours_only.saturating_add(1);
            }
            all.push(r.clone());
        }
    }
    for r in &theirs.revisions {
        if !all.iter().any(|x| same(x, r)) {
            theirs_only = theirs_only.saturating_add(1);
            all.push(r.clone());
        }
    }
    all.sort_by_key(|r| r.at);
    let n = u32::try_from(all.len()).unwrap_or(u32::MAX);
    let reached = ours
        .revision
        .saturating_add(theirs_only)
        .max(theirs.revision.saturating_add(ours_only))
        .max(n);
    let first = reached.saturating_sub(n).saturating_add(1);
    for (i, r) in all.iter_mut().enumerate() {
        r.revision = first.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
    }
    (all, reached)
}

/// Absent and `null` are the same thing in a plan file.
fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

/// Merges one value; `None` means absent in the result.
fn merge_value(
    path: &str,
    name: &str,
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
    out: &mut Found,
) -> Option<Value> {
    let (base, ours, theirs) = (present(base), present(ours), present(theirs));
    if ours == theirs || base == theirs {
        return ours.cloned();
    }
    if base == ours {
        return theirs.cloned();
    }
    match (ours, theirs) {
        (Some(Value::Object(o)), Some(Value::Object(t))) => {
            let empty = Map::new();
            let b = match base {
                Some(Value::Object(b)) => b,
                _ => &empty,
            };
            let mut keys: Vec<&String> = o.keys().collect();
            keys.extend(t.keys().filter(|k| !o.contains_key(*k)));
            let mut result = Map::new();
            for k in keys {
                let child = join(path, k);
                if let Some(v) = merge_value(&child, k, b.get(k), o.get(k), t.get(k), out) {
                    result.insert(k.clone(), v);
                }
            }
            Some(Value::Object(result))
        }
        (Some(Value::Array(o)), Some(Value::Array(t))) => {
            let empty = Vec::new();
            let b = match base {
                Some(Value::Array(b)) => b,
                _ => &empty,
            };
            Some(merge_array(path, name, b, o, t, out))
        }
        _ => Some(conflict(path, ours, theirs, out)),
    }
}

/// The conflicts a merge finds, and which side's value the plan keeps meanwhile.
struct Found {
    list: Vec<MergeConflict>,
    /// Keep this side's value (its last revision is the later one); `None` when both were
    /// made at the same instant, and the values themselves decide.
    prefer_ours: Option<bool>,
}

/// Records a conflict and returns the value the plan keeps meanwhile: a side that still has
/// the field over one that removed it, else the later edit's. The choice is the same
/// whichever machine merges, so two machines merging the same two versions write the same
/// plan.
fn conflict(path: &str, ours: Option<&Value>, theirs: Option<&Value>, out: &mut Found) -> Value {
    let (kept, other) = match (ours, theirs) {
        (Some(o), None) => (o, None),
        (None, Some(t)) => (t, None),
        (Some(o), Some(t)) => {
            let ours_first = out.prefer_ours.unwrap_or_else(|| {
                let (a, b) = (o.to_string(), t.to_string());
                a >= b
            });
            if ours_first {
                (o, Some(t))
            } else {
                (t, Some(o))
            }
        }
        (None, None) => return Value::Null,
    };
    let field = Text::new(if path.is_empty() { "." } else { path }).or_else(|_| Text::new("."));
    if let Ok(field) = field {
        out.list.push(MergeConflict {
            field,
            ours: kept.clone(),
            theirs: other.cloned().unwrap_or(Value::Null),
        });
    }
    kept.clone()
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The identity of a list item, by the list it is in.
fn item_key(list: &str, item: &Value) -> Option<String> {
    let Value::Object(m) = item else {
        return None;
    };
    let s = |k: &str| match m.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let fields: &[&str] = match list {
        "sessions" if m.contains_key("id") => &["id"],
        "sessions" => &["number"],
        "checkpoints" if m.contains_key("id") => &["id"],
        "checkpoints" => &["what", "due"],
        "labs" => &["analyte", "date"],
        "measurements" => &["date", "kind", "region"],
        "actions" => &["action"],
        "decisions" => &["rule", "action", "finding"],
        "consent" => &["product"],
        "pull_test" => &["region"],
        "zones" => &["zone"],
        "removed" => &["id"],
        "conflicts" => &["field"],
        _ => return None,
    };
    let parts: Vec<String> = fields.iter().map(|f| s(f)).collect();
    if parts.iter().all(String::is_empty) {
        return None;
    }
    let mut key = parts.join("@");
    while key.ends_with('@') {
        key.pop();
    }
    Some(key)
}

/// A list's items by identity, in order; repeated identities are told apart by occurrence.
fn keyed<'a>(list: &str, items: &'a [Value]) -> Option<Vec<(String, &'a Value)>> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    items
        .iter()
        .map(|item| {
            let key = item_key(list, item)?;
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            Some(if *n == 1 {
                (key, item)
            } else {
                (format!("{key}#{n}"), item)
            })
        })
        .collect()
}

fn merge_array(
    path: &str,
    name: &str,
    base: &[Value],
    ours: &[Value],
    theirs: &[Value],
    out: &mut Found,
) -> Value {
    if let (Some(b), Some(o), Some(t)) = (keyed(name, base), keyed(name, ours), keyed(name, theirs))
    {
        let find = |list: &[(String, &'_ Value)], k: &str| {
            list.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| (*v).clone())
        };
        let mut keys: Vec<String> = o.iter().map(|(k, _)| k.clone()).collect();
        for (k, _) in &t {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
        let mut result = Vec::new();
        for k in keys {
            let (bv, ov, tv) = (find(&b, &k), find(&o, &k), find(&t, &k));
            let child = format!("{path}[{k}]");
            if let Some(v) = merge_value(&child, "", bv.as_ref(), ov.as_ref(), tv.as_ref(), out) {
                result.push(v);
            }
        }
        return Value::Array(result);
    }
    let scalar = |v: &Value| !matches!(v, Value::Object(_) | Value::Array(_));
    if base.iter().chain(ours).chain(theirs).all(scalar) {
        // A set: what either side added is kept, what either side removed goes.
        let mut result: Vec<Value> = Vec::new();
        for v in ours {
            let removed_by_theirs = base.contains(v) && !theirs.contains(v);
            if !removed_by_theirs && !result.contains(v) {
                result.push(v.clone());
            }
        }
        for v in theirs {
            if !base.contains(v) && !result.contains(v) {
                result.push(v.clone());
            }
        }
        return Value::Array(result);
    }
    conflict(
        path,
        Some(&Value::Array(ours.to_vec())),
        Some(&Value::Array(theirs.to_vec())),
        out,
    )
}

/// One step of a conflict's path: an object key, or a list item by identity.
#[derive(Debug, PartialEq)]
enum Step {
    Key(String),
    Item(String),
}

/// Splits `a.b[k].c` into steps; `.` is the whole plan (no step).
fn steps(path: &str) -> Result<Vec<Step>, String> {
    if path == "." {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !cur.is_empty() {
                    out.push(Step::Key(std::mem::take(&mut cur)));
                }
            }
            '[' => {
                if !cur.is_empty() {
                    out.push(Step::Key(std::mem::take(&mut cur)));
                }
                let mut depth = 1;
                let mut key = String::new();
                for c in chars.by_ref() {
                    match c {
                        '[' => depth += 1,
                        ']' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    key.push(c);
                }
                if depth != 0 {
                    return Err(format!("`{path}` is not a field path"));
                }
                out.push(Step::Item(key));
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(Step::Key(cur));
    }
    Ok(out)
}

/// Sets the value at `steps` (removing it when `value` is `null`).
fn set_at(root: &mut Value, steps: &[Step], value: Value, list: &str) -> Result<(), String> {
    let Some((first, rest)) = steps.split_first() else {
        *root = value;
        return Ok(());
    };
    match first {
        Step::Key(k) => {
            if !root.is_object() {
                *root = Value::Object(Map::new());
            }
            let Value::Object(m) = root else {
                return Err("not an object".to_owned());
            };
            if rest.is_empty() {
                if value.is_null() {
                    m.remove(k);
                } else {
                    m.insert(k.clone(), value);
                }
                return Ok(());
            }
            let child = m.entry(k.clone()).or_insert(Value::Null);
            let next_list = k.as_str();
            set_at(child, rest, value, next_list)
        }
        Step::Item(key) => {
            if !root.is_array() {
                *root = Value::Array(Vec::new());
            }
            let Value::Array(items) = root else {
                return Err("not a list".to_owned());
            };
            let position = keyed(list, items).and_then(|k| k.iter().position(|(id, _)| id == key));
            match (position, rest.is_empty()) {
                (Some(i), true) if value.is_null() => {
                    items.remove(i);
                    Ok(())
                }
                (Some(i), true) => {
                    items[i] = value;
                    Ok(())
                }
                (None, true) if value.is_null() => Ok(()),
                (None, true) => {
                    items.push(value);
                    Ok(())
                }
                (Some(i), false) => set_at(&mut items[i], rest, value, ""),
                (None, false) => Err(format!("the item {key} is no longer in the plan")),
            }
        }
    }
}

/// Settles the conflict at `index` of `plan.conflicts` with the chosen side's value, and
/// removes it from the list. The result is checked like any plan.
pub fn resolve(plan: &Plan, index: usize, side: Side) -> Result<Plan, String> {
    let conflict = plan
        .conflicts
        .get(index)
        .ok_or_else(|| "no such conflict".to_owned())?
        .clone();
    let chosen = match side {
        Side::Ours => conflict.ours.clone(),
        Side::Theirs => conflict.theirs.clone(),
    };
    let mut rest = plan.conflicts.clone();
    rest.remove(index);
    let steps = steps(conflict.field.as_str())?;
    // The whole plan kept by a merge that could not be made field by field: "ours" is the
    // plan as it is; a side kept as text (it did not read as a plan) is for the practitioner
    // to read and copy by hand.
    if steps.is_empty() && (side == Side::Ours || !chosen.is_object()) {
        let mut out = plan.clone();
        out.conflicts = rest;
        return Ok(out);
    }
    let mut value = serde_json::to_value(plan).map_err(|e| e.to_string())?;
    set_at(&mut value, &steps, chosen, "")?;
    if let Value::Object(m) = &mut value {
        m.remove("conflicts");
    }
    let mut out: Plan = serde_json::from_value(value).map_err(|e| {
        format!(
            "{}: the chosen value does not fit the plan ({e})",
            conflict.field
        )
    })?;
    out.id = plan.id.clone();
    out.revisions = plan.revisions.clone();
    out.revision = plan.revision;
    out.conflicts = rest;
    if let Some(inj) = out.injections.as_mut() {
        inj.sessions.sort_by_key(|s| s.number);
    }
    if let Some(problem) = super::check(&out).first() {
        return Err(format!("{}: {problem}", conflict.field));
    }
    Ok(out)
}

/// A conflict's value in one line, for the interface and the command line.
pub fn show_value(v: &Value) -> String {
    match v {
        Value::Null => "(removed)".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The parts of the plan that hold a conflict (`injections`, `patient`…), for messages.
pub fn sections(plan: &Plan) -> Vec<String> {
    let set: BTreeSet<String> = plan
        .conflicts
        .iter()
        .map(|c| {
            c.field
                .as_str()
                .split(['.', '['])
                .next()
                .unwrap_or(".")
                .to_owned()
        })
        .collect();
    set.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_steps() {
        assert_eq!(
            steps("injections.sessions[session-3].date").unwrap(),
            vec![
                Step::Key("injections".into()),
                Step::Key("sessions".into()),
                Step::Item("session-3".into()),
                Step::Key("date".into()),
            ]
        );
        assert_eq!(steps(".").unwrap(), vec![]);
        assert!(steps("a[b").is_err());
    }

    #[test]
    fn scalar_lists_merge_as_sets() {
        let mut out = Found {
            list: Vec::new(),
            prefer_ours: None,
        };
        let b = vec![Value::from("a"), Value::from("b")];
        let o = vec![Value::from("a"), Value::from("c")];
        let t = vec![Value::from("a"), Value::from("b"), Value::from("d")];
        let m = merge_array("x", "x", &b, &o, &t, &mut out);
        assert_eq!(m, Value::from(vec!["a", "c", "d"]));
        assert!(out.list.is_empty());
    }
}
