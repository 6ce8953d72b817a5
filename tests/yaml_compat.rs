//! YAML that every reader agrees on. A save must write every string that a YAML 1.1 reader
//! (PyYAML) or a YAML 1.2 reader could take for something else quoted. This test puts
//! generated YAML-1.1-looking strings in every text field of a full plan, saves it, and reads
//! the file back two ways: with trichoplan's own reader (the same plan), and with an
//! implementation of PyYAML's YAML 1.1 implicit resolvers written here, which must see a
//! string in every text field. The files and the expected values are also written to
//! `target/tmp/yaml-compat/` for `scripts/yaml-compat.py` (PyYAML and ruamel.yaml, in CI).

mod common;

use std::fs;

use serde_json::Value;
use trichoplan::domain::Plan;
use trichoplan::store::{encode_plan, parse_plan, read_plan};

/// Keys whose values (or list items) are free text.
const TEXT_KEYS: &[&str] = &[
    "name",
    "title",
    "clinic",
    "address",
    "phone",
    "email",
    "medications",
    "conditions",
    "family_history",
    "notes",
    "trigger",
    "label",
    "dose",
    "frequency",
    "duration",
    "finding",
    "reason",
    "lot",
    "reaction",
    "consent_override",
    "product_source",
    "regulatory_status",
    "lab",
    "path",
    "change",
    "version",
];

/// What PyYAML's resolver (YAML 1.1) makes of a plain scalar.
#[derive(Debug, PartialEq)]
enum Resolved {
    Bool,
    Int,
    Float,
    Null,
    Timestamp,
    Merge,
    Value,
    Str,
}

fn all(s: &str, f: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(f)
}

/// PyYAML's implicit resolvers (yaml/resolver.py), as regular expressions turned into code.
fn resolve_1_1(s: &str) -> Resolved {
    match s {
        "yes" | "Yes" | "YES" | "no" | "No" | "NO" | "true" | "True" | "TRUE" | "false"
        | "False" | "FALSE" | "on" | "On" | "ON" | "off" | "Off" | "OFF" => return Resolved::Bool,
        "~" | "null" | "Null" | "NULL" | "" => return Resolved::Null,
        "<<" => return Resolved::Merge,
        "=" => return Resolved::Value,
        _ => {}
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let dec = |c: char| c.is_ascii_digit() || c == '_';
    // int: 0b…, 0x…, 0[0-7_]+, 0|[1-9][0-9_]*, [1-9][0-9_]*(:[0-5]?[0-9])+
    if let Some(b) = body.strip_prefix("0b")
        && all(b, |c| c == '0' || c == '1' || c == '_')
    {
        return Resolved::Int;
    }
    if let Some(h) = body.strip_prefix("0x")
        && all(h, |c| c.is_ascii_hexdigit() || c == '_')
    {
        return Resolved::Int;
    }
    if body == "0"
        || (body.starts_with('0') && all(&body[1..], |c| ('0'..='7').contains(&c) || c == '_'))
    {
        return Resolved::Int;
    }
    if body.starts_with(|c: char| ('1'..='9').contains(&c)) && all(body, dec) {
        return Resolved::Int;
    }
    let sexagesimal = |t: &str| {
        let mut parts = t.split(':');
        let head = parts.next().unwrap_or_default();
        let rest: Vec<&str> = parts.collect();
        head.starts_with(|c: char| ('1'..='9').contains(&c))
            && all(head, dec)
            && !rest.is_empty()
            && rest.iter().all(|p| {
                (1..=2).contains(&p.len())
                    && all(p, |c| c.is_ascii_digit())
                    && (p.len() == 1 || p.as_bytes()[0] <= b'5')
            })
    };
    if sexagesimal(body) {
        return Resolved::Int;
    }
    // float: ([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?, sexagesimal with a fraction, .inf, .nan
    let float = |t: &str| {
        let (mant, exp) = match t.find(['e', 'E']) {
            Some(i) => (&t[..i], Some(&t[i + 1..])),
            None => (t, None),
        };
        let exp_ok = exp.is_none_or(|e| {
            e.strip_prefix(['-', '+'])
                .is_some_and(|d| all(d, |c| c.is_ascii_digit()))
        });
        let Some(dot) = mant.find('.') else {
            return false;
        };
        let (int, frac) = (&mant[..dot], &mant[dot + 1..]);
        exp_ok
            && (int.is_empty() || (int.starts_with(|c: char| c.is_ascii_digit()) && all(int, dec)))
            && frac.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    if float(body) {
        return Resolved::Float;
    }
    if let Some((sexa, frac)) = body.split_once('.')
        && sexagesimal(sexa)
        && frac.chars().all(dec)
    {
        return Resolved::Float;
    }
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return Resolved::Float;
    }
    // timestamp: YYYY-MM-DD, or YYYY-M-D with a time.
    let b = s.as_bytes();
    if b.len() == 10
        && s.chars().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
    {
        return Resolved::Timestamp;
    }
    if b.len() > 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && s.contains(':')
        && s.chars()
            .all(|c| c.is_ascii_digit() || " \t-:.+TtZz".contains(c))
    {
        return Resolved::Timestamp;
    }
    Resolved::Str
}

/// Strings a YAML 1.1 reader takes for something else, and a few that it does not.
fn generated() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in ["yes", "no", "on", "off", "y", "n", "true", "false", "null"] {
        // Every upper/lower case combination.
        let n = word.len();
        for mask in 0..(1u32 << n) {
            out.push(
                word.chars()
                    .enumerate()
                    .map(|(i, c)| {
                        if mask & (1 << i) != 0 {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        }
                    })
                    .collect(),
            );
        }
    }
    for s in [
        "~",
        "12:30",
        "1:20",
        "190:20:30",
        "1:20.5",
        "0123",
        "007",
        "0o17",
        "0x1F",
        "0b101",
        "1_000",
        "-12",
        "+12",
        "12",
        "3.14",
        ".5",
        "1e3",
        "1.5e+3",
        "1.",
        ".inf",
        "-.Inf",
        ".NaN",
        "2026-01-14",
        "2026-1-4 10:00:00",
        "2026-01-14T10:00:00Z",
        "2026-01-14 10:00:00.5 +1",
        "<<",
        "=",
        "1:2:3:4",
        "12:30-ish",
        "no way",
        "N/A",
        "yes, please",
        "v1.2",
        "12h30",
        "'quoted'",
        "it's",
        "#1",
        "- dash",
        "a: b",
    ] {
        out.push(s.to_owned());
    }
    // Numbers of every shape from a small grammar.
    for sign in ["", "-", "+"] {
        for lead in ["0", "1", "9"] {
            for tail in ["", "0", "_0", ".0", ":59", ":60", "e+1", "0.", "x"] {
                out.push(format!("{sign}{lead}{tail}"));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Replaces every text value of the plan (as JSON) with `s`.
fn fill_text(v: &mut Value, s: &str) {
    match v {
        Value::Object(m) => {
            for (k, val) in m.iter_mut() {
                if TEXT_KEYS.contains(&k.as_str()) {
                    match val {
                        Value::String(t) => *t = s.to_owned(),
                        Value::Array(items) => {
                            for i in items.iter_mut() {
                                if i.is_string() {
                                    *i = Value::String(s.to_owned());
                                }
                            }
                        }
                        other => fill_text(other, s),
                    }
                } else {
                    fill_text(val, s);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| fill_text(i, s)),
        _ => {}
    }
}

/// Every plain scalar under a text key, with its key: what a YAML 1.1 reader must read as text.
fn plain_text_scalars(yaml: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut block: Option<usize> = None;
    for line in yaml.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(b) = block {
            if indent > b || line.trim().is_empty() {
                continue;
            }
            block = None;
        }
        let mut rest = line.trim_start();
        let mut col = indent;
        let mut item = false;
        while let Some(r) = rest.strip_prefix("- ") {
            rest = r;
            col += 2;
            item = true;
        }
        let (key, value) = match rest.split_once(": ") {
            Some((k, v)) if !k.starts_with(['\'', '"']) => (Some(k.to_owned()), v),
            _ => match rest.strip_suffix(':') {
                Some(k) => (Some(k.to_owned()), ""),
                None => (None, rest),
            },
        };
        if let Some(k) = &key {
            stack.retain(|(i, _)| *i < col);
            stack.push((col, k.clone()));
        }
        if value.starts_with(['|', '>']) {
            block = Some(indent);
            continue;
        }
        let owner = match &key {
            Some(k) => Some(k.clone()),
            None if item => stack
                .iter()
                .rev()
                .find(|(i, _)| *i <= indent)
                .map(|(_, k)| k.clone()),
            None => None,
        };
        if let Some(owner) = owner
            && TEXT_KEYS.contains(&owner.as_str())
            && !value.is_empty()
            && !value.starts_with(['\'', '"'])
        {
            out.push((owner, value.to_owned()));
        }
    }
    out
}

#[test]
fn the_resolver_here_agrees_with_pyyaml_on_known_cases() {
    use Resolved::*;
    for (s, want) in [
        ("no", Bool),
        ("On", Bool),
        ("y", Str), // PyYAML's resolver leaves y and n alone (the 1.1 spec does not)
        ("12:30", Int),
        ("1:20.5", Float),
        ("0123", Int),
        ("1_000", Int),
        ("0x1F", Int),
        ("3.14", Float),
        ("1e3", Str),
        (".inf", Float),
        ("~", Null),
        ("2026-01-14", Timestamp),
        ("2026-01-14T10:00:00Z", Timestamp),
        ("EXO-2609-114", Str),
        ("12:60", Str),
    ] {
        assert_eq!(resolve_1_1(s), want, "{s}");
    }
}

#[test]
fn generated_strings_in_every_text_field_read_back_as_text_in_yaml_1_1_and_1_2() {
    let base = read_plan(&common::root().join("tests/fhir/full-plan-2026.yaml"))
        .unwrap()
        .plan;
    let base_json = serde_json::to_value(&base).unwrap();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("yaml-compat");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let (mut files, mut fields_checked, mut ambiguous_1_1) = (0, 0, 0);
    for (n, s) in generated().iter().enumerate() {
        let mut json = base_json.clone();
        fill_text(&mut json, s);
        let Ok(plan) = serde_json::from_value::<Plan>(json) else {
            continue; // not a valid text (a leading "- " …): nothing to save
        };
        if resolve_1_1(s) != Resolved::Str {
            ambiguous_1_1 += 1;
        }
        let path = dir.join(format!("plan-{n:03}.yaml"));
        let bytes = encode_plan(&plan, &path).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        // YAML 1.2 (trichoplan's reader): the same plan.
        let again = parse_plan(&bytes, &path).unwrap_or_else(|e| panic!("{s:?}: {e}\n{text}"));
        assert_eq!(again, plan, "{s:?} changed on a round trip");
        // YAML 1.1: every plain scalar in a text field resolves to a string.
        for (key, value) in plain_text_scalars(&text) {
            fields_checked += 1;
            assert_eq!(
                resolve_1_1(&value),
                Resolved::Str,
                "{key}: {value} is written plain but YAML 1.1 does not read it as text"
            );
        }
        let quoted = text
            .matches(&format!("'{}'", s.replace('\'', "''")))
            .count();
        if trichoplan::store::yaml::ambiguous(s) {
            assert!(
                quoted > 10,
                "{s:?} is quoted in every text field ({quoted})"
            );
        }
        fs::write(&path, &bytes).unwrap();
        fs::write(
            path.with_extension("json"),
            serde_json::to_vec(&serde_json::to_value(&plan).unwrap()).unwrap(),
        )
        .unwrap();
        files += 1;
    }
    assert!(files > 100, "{files} plans written");
    assert!(ambiguous_1_1 > 50, "{ambiguous_1_1} YAML-1.1-typed strings");
    // Most of the generated strings are quoted; the plain ones left are checked here.
    assert!(
        fields_checked > 100,
        "{fields_checked} plain text scalars checked"
    );
}

#[test]
fn hand_edited_yaml_1_1_scalars_read_as_written() {
    // trichoplan reads text fields as the characters typed: `lot: 12:30` is the lot "12:30",
    // `lot: no` the lot "no", `lot: 0123` keeps its zero. (`~` and nothing mean no value.)
    let original =
        fs::read_to_string(common::root().join("plans/camille-dupont-2026.yaml")).unwrap();
    for v in [
        "12:30",
        "no",
        "on",
        "0123",
        "1e3",
        "2026-01-01",
        "y",
        "0x1F",
        ".inf",
    ] {
        let text = original.replacen("lot: EXO-2609-114", &format!("lot: {v}"), 1);
        let plan = parse_plan(text.as_bytes(), std::path::Path::new("x.yaml")).unwrap();
        let lot = plan.injections.unwrap().sessions[0].lot.clone().unwrap();
        assert_eq!(lot.as_str(), v);
    }
}
