//! The only code that speaks YAML: bytes in, typed values out, errors with line and column.
//!
//! Before the parser sees a file it is checked for what YAML parsers report badly: emptiness,
//! invalid UTF-8 and raw control characters, each located precisely. The YAML parser itself
//! bounds recursion depth and alias expansion, so alias bombs and deep nesting fail fast.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::StoreError;
use crate::domain::escape_controls;

/// Reads one YAML document into `T`.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], path: &Path) -> Result<T, StoreError> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(syntax(
            path,
            1,
            1,
            "the file is UTF-16 (or UTF-32): save it as UTF-8".to_owned(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(&bytes[..e.valid_up_to()]);
        syntax(path, line, column, "not valid UTF-8 text".to_owned())
    })?;
    // Byte-order marks, even repeated by a careless converter, are not content.
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(StoreError::Invalid {
            path: path.into(),
            message: "the file is empty".to_owned(),
        });
    }
    if let Some((i, c)) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        let (line, column) = line_col(&text.as_bytes()[..i]);
        return Err(syntax(
            path,
            line,
            column,
            format!(
                "control character U+{:04X} is not allowed in a plan file",
                c as u32
            ),
        ));
    }
    if let Some((at, reason)) = refused(text) {
        let (line, column) = line_col(&text.as_bytes()[..at]);
        return Err(syntax(path, line, column, reason));
    }
    serde_yaml::from_str(text).map_err(|e| {
        let raw = e.to_string();
        match e.location() {
            Some(loc) => {
                let suffix = format!(" at line {} column {}", loc.line(), loc.column());
                let message = friendlier(&raw.replacen(&suffix, "", 1));
                let (line, column) =
                    duplicate_key(text, &message).unwrap_or((loc.line(), loc.column()));
                syntax(path, line, column, message)
            }
            None => {
                match second_document(text).filter(|_| raw.contains("more than one document")) {
                    Some(line) => syntax(path, line, 1, friendlier(&raw)),
                    None => StoreError::Invalid {
                        path: path.into(),
                        message: escape_controls(&friendlier(&raw), false).into_owned(),
                    },
                }
            }
        }
    })
}

/// The line where a second YAML document begins: a `---` marker after some content, or the
/// first line after an end marker (`...`).
fn second_document(text: &str) -> Option<usize> {
    let mut content = false;
    let mut ended = false;
    for (i, line) in text.lines().enumerate() {
        let marker = |m: &str| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        };
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        if marker("---") {
            if content || ended {
                return Some(i + 1);
            }
            content = true;
        } else if marker("...") {
            ended = true;
        } else if !blank {
            if ended {
                return Some(i + 1);
            }
            content = true;
        }
    }
    None
}

/// Writes `value` as a YAML document that every YAML reader reads the same way.
///
/// The YAML library quotes the strings that a YAML 1.2 reader would take for something else,
/// but not those a YAML 1.1 reader (PyYAML, many others) would: `no`, `on`, `y`, `12:30`
/// (sexagesimal), `0123` (octal)… Every string that [`ambiguous`] flags is therefore written
/// single-quoted: it is first replaced by a unique placeholder, the document is emitted, and
/// each placeholder is replaced by the quoted string.
pub fn encode<T: Serialize>(value: &T, path: &Path) -> Result<Vec<u8>, StoreError> {
    let fail = |e: serde_yaml::Error| StoreError::Invalid {
        path: path.into(),
        message: format!("cannot be written as YAML: {e}"),
    };
    let mut tree = serde_yaml::to_value(value).map_err(fail)?;
    // The placeholders start with private-use characters, more of them than any text holds
    // in a row, so they never match the plan's own text.
    let mut prefix = String::from('\u{e000}');
    while serde_yaml::to_string(&tree)
        .map_err(fail)?
        .contains(&prefix)
    {
        prefix.push('\u{e000}');
    }
    let mut quoted = Vec::new();
    mark_ambiguous(&mut tree, &prefix, &mut quoted);
    let mut text = serde_yaml::to_string(&tree).map_err(fail)?;
    for (i, s) in quoted.iter().enumerate() {
        let token = placeholder(&prefix, i);
        if !text.contains(&token) {
            return Err(StoreError::Invalid {
                path: path.into(),
                message: "cannot be written as YAML: a text could not be quoted".to_owned(),
            });
        }
        text = text.replacen(&token, &format!("'{}'", s.replace('\'', "''")), 1);
    }
    Ok(text.into_bytes())
}

/// Rewrites the YAML document `old` (none: an empty one) with the values of `new` at the key
/// paths `keys`: a key absent from `new` is removed, with the mappings it leaves empty. Every
/// other key of `old` is kept as it was, in its place; comments are lost.
pub fn update_keys<T: Serialize>(
    old: Option<&[u8]>,
    new: &T,
    keys: &[&[&str]],
    path: &Path,
) -> Result<Vec<u8>, StoreError> {
    use serde_yaml::{Mapping, Value};
    let mut tree = match old {
        Some(bytes) => decode::<Value>(bytes, path)?,
        None => Value::Mapping(Mapping::new()),
    };
    if !tree.is_mapping() {
        return Err(StoreError::Invalid {
            path: path.into(),
            message: "the file is not a list of `key: value` settings".to_owned(),
        });
    }
    let fresh = serde_yaml::to_value(new).map_err(|e| StoreError::Invalid {
        path: path.into(),
        message: format!("cannot be written as YAML: {e}"),
    })?;
    for key in keys {
        let value = key.iter().try_fold(&fresh, |v, k| v.get(*k)).cloned();
        set_key(&mut tree, key, value);
    }
    encode(&tree, path)
}

/// Sets (or, for `None`, removes) the value at `key` in the mapping `tree`.
fn set_key(tree: &mut serde_yaml::Value, key: &[&str], value: Option<serde_yaml::Value>) {
    use serde_yaml::{Mapping, Value};
    let (Some((first, rest)), Value::Mapping(map)) = (key.split_first(), tree) else {
        return;
    };
    if rest.is_empty() {
        match value {
            Some(v) => {
                map.insert(Value::from(*first), v);
            }
            None => {
                map.shift_remove(*first);
            }
        }
        return;
    }
    if value.is_none() && map.get(*first).is_none_or(|c| !c.is_mapping()) {
        return;
    }
    let child = map
        .entry(Value::from(*first))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if !child.is_mapping() {
        *child = Value::Mapping(Mapping::new());
    }
    set_key(child, rest, value);
    if child.as_mapping().is_some_and(Mapping::is_empty) {
        map.shift_remove(*first);
    }
}

/// A token the emitter writes as it is (private-use characters are printable to YAML).
fn placeholder(prefix: &str, i: usize) -> String {
    format!("{prefix}{i}\u{e001}")
}

fn mark_ambiguous(v: &mut serde_yaml::Value, prefix: &str, out: &mut Vec<String>) {
    use serde_yaml::Value;
    let mark = |s: &mut String, out: &mut Vec<String>| {
        if ambiguous(s) {
            let token = placeholder(prefix, out.len());
            out.push(std::mem::replace(s, token));
        }
    };
    match v {
        Value::String(s) => mark(s, out),
        Value::Sequence(items) => items
            .iter_mut()
            .for_each(|i| mark_ambiguous(i, prefix, out)),
        Value::Mapping(map) => {
            let entries = std::mem::take(map);
            for (mut k, mut val) in entries {
                // Dates stay plain where the format puts dates: every reader takes them for
                // dates, as they are.
                let is_date = matches!((&k, &val), (Value::String(key), Value::String(v))
                    if DATE_KEYS.contains(&key.as_str()) && is_iso_date(v));
                if let Value::String(s) = &mut k {
                    mark(s, out);
                }
                if !is_date {
                    mark_ambiguous(&mut val, prefix, out);
                }
                map.insert(k, val);
            }
        }
        Value::Tagged(t) => mark_ambiguous(&mut t.value, prefix, out),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The keys whose values are dates (or, for `at`, UTC timestamps) in trichoplan's files.
const DATE_KEYS: &[&str] = &[
    "created",
    "updated",
    "date",
    "onset",
    "trigger_date",
    "delivery",
    "birth_date",
    "planned",
    "start",
    "due",
    "done",
    "signed",
    "next",
    "at",
];

/// `2026-01-14` or `2026-01-14T09:41:00Z`, as trichoplan writes dates and timestamps.
fn is_iso_date(s: &str) -> bool {
    let date = |d: &str| {
        d.len() == 10
            && d.chars().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    date(s) || (s.len() == 20 && date(&s[..10]) && s[10..].starts_with('T') && s.ends_with('Z'))
}

/// True when a plain scalar `s` could be read as something other than a string by a YAML 1.1
/// or 1.2 reader: booleans of YAML 1.1 in any case (`y`, `n`, `yes`, `no`, `on`, `off`,
/// `true`, `false`), nulls (`~`, `null`, empty), anything number-like (integers with signs,
/// underscores, leading zeros, `0x`, `0o`, `0b`, floats with exponents, sexagesimals such as
/// `12:30`, `.inf`, `.nan`), dates and timestamps, and the merge and value keys (`<<`, `=`).
/// It errs on the side of quoting: a quoted string is read the same by everyone.
pub fn ambiguous(s: &str) -> bool {
    let t = s.trim();
    if t != s || t.is_empty() {
        // Leading or trailing blanks are quoted by the emitter itself; empty is null.
        return t.is_empty();
    }
    let lower = t.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~" | "<<" | "="
    ) {
        return true;
    }
    let unsigned = lower.trim_start_matches(['+', '-']);
    if matches!(unsigned, ".inf" | ".nan") {
        return true;
    }
    // Number-like: a sign, then a digit or a dot, then only digits, letters of hexadecimal,
    // exponent and radix prefixes, underscores, dots, colons and signs.
    let first = unsigned.chars().next();
    if first.is_some_and(|c| c.is_ascii_digit() || c == '.')
        && unsigned
            .chars()
            .all(|c| c.is_ascii_hexdigit() || "xob_.:+-e".contains(c))
        && unsigned.chars().any(|c| c.is_ascii_digit())
    {
        return true;
    }
    // Dates and timestamps (`2026-01-14`, `2026-1-4 10:00:00 +1`, `2026-01-14T10:00:00Z`).
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits == 4
        && t[4..].starts_with('-')
        && t.chars()
            .all(|c| c.is_ascii_digit() || " \t-:.+TtZz".contains(c))
}

/// Finds the line and column of an entry by its path of keys (and of `token` inside it).
///
/// Used to place problems found after parsing (an unknown reference in a catalog), which serde
/// cannot locate. Block-style YAML is assumed: each key of `path` is searched inside the block
/// of the previous one. Falls back to the deepest key found, then to the start of the file.
pub fn locate(text: &str, path: &[String], token: Option<&str>) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let significant = |l: &str| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#')
    };
    let key_of = |l: &str| {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        let t = t.strip_prefix('"').unwrap_or(t);
        t.split_once(':')
            .map(|(k, _)| k.trim_end_matches('"').trim_end().to_owned())
    };
    let block_end = |start: usize| {
        let base = indent(lines[start]);
        (start + 1..lines.len())
            .find(|&i| significant(lines[i]) && indent(lines[i]) <= base)
            .unwrap_or(lines.len())
    };
    let (mut from, mut end) = (0, lines.len());
    let mut found: Option<usize> = None;
    for seg in path {
        let mut depth: Option<usize> = None;
        let hit = (from..end).find(|&i| {
            let l = lines[i];
            if !significant(l) {
                return false;
            }
            // Only keys at the first indentation level of the block, so that a nested key
            // with the same name is not taken for this one.
            let d = *depth.get_or_insert(indent(l));
            indent(l) == d && key_of(l).as_deref() == Some(seg.as_str())
        });
        match hit {
            Some(i) => {
                found = Some(i);
                from = i + 1;
                end = block_end(i);
            }
            None => break,
        }
    }
    let Some(line) = found else {
        return (1, 1);
    };
    if let Some(token) = token {
        let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
        for (i, l) in lines.iter().enumerate().take(block_end(line)).skip(line) {
            let mut start = 0;
            while let Some(pos) = l[start..].find(token) {
                let at = start + pos;
                let before = l[..at].chars().next_back();
                let after = l[at + token.len()..].chars().next();
                if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
                    return (i + 1, l[..at].chars().count() + 1);
                }
                start = at + token.len();
            }
        }
    }
    (line + 1, indent(lines[line]) + 1)
}

/// Finds the line and column of a field given as a path such as
/// `injections.sessions[2].date` (keys, and list items by index), in block-style YAML as
/// trichoplan writes it.
pub fn locate_field(text: &str, field: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let (line, _, _) = field_block(&lines, field)?;
    let l = lines[line];
    let col = l.len() - l.trim_start_matches(' ').len()
        + if l.trim_start().starts_with("- ") {
            2
        } else {
            0
        };
    Some((line + 1, col + 1))
}

/// The line of `field` and the range of lines holding its value.
fn field_block(lines: &[&str], field: &str) -> Option<(usize, usize, usize)> {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let item = |l: &str| l.trim_start().starts_with("- ");
    // Where a line's key starts: after the dash of a list item.
    let key_col = |l: &str| indent(l) + if item(l) { 2 } else { 0 };
    let significant = |l: &str| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#')
    };
    let key_of = |l: &str| {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        t.split_once(':')
            .map(|(k, _)| k.trim_matches('"').to_owned())
    };
    let (mut from, mut end) = (0usize, lines.len());
    let mut level: Option<usize> = None;
    let mut found = None;
    for segment in field.split('.') {
        let (key, index) = match segment.split_once('[') {
            Some((k, rest)) => (k, Some(rest.trim_end_matches(']').parse::<usize>().ok()?)),
            None => (segment, None),
        };
        let want = match level {
            Some(l) => l,
            None => (from..end)
                .find(|&i| significant(lines[i]))
                .map(|i| key_col(lines[i]))?,
        };
        let at = (from..end).find(|&i| {
            significant(lines[i])
                && key_col(lines[i]) == want
                && key_of(lines[i]).as_deref() == Some(key)
        })?;
        found = Some(at);
        let col = key_col(lines[at]);
        // The key's value: deeper lines, or list items at the key's own column.
        let block_end = (at + 1..end)
            .find(|&i| {
                significant(lines[i])
                    && (indent(lines[i]) < col || (indent(lines[i]) == col && !item(lines[i])))
            })
            .unwrap_or(end);
        from = at + 1;
        end = block_end;
        level = None;
        if let Some(n) = index {
            let first = (from..end).find(|&i| significant(lines[i]) && item(lines[i]))?;
            let item_indent = indent(lines[first]);
            let items: Vec<usize> = (from..end)
                .filter(|&i| {
                    significant(lines[i]) && item(lines[i]) && indent(lines[i]) == item_indent
                })
                .collect();
            let at_item = *items.get(n)?;
            found = Some(at_item);
            from = at_item;
            end = items.get(n + 1).copied().unwrap_or(end);
            level = Some(item_indent + 2);
        }
    }
    Some((found?, from, end))
}

/// Where the second occurrence of a key is, for serde's "duplicate field" errors, which it
/// places at the start of the map instead.
fn duplicate_key(text: &str, message: &str) -> Option<(usize, usize)> {
    let (path, rest) = match message.split_once(": duplicate field `") {
        Some((path, rest)) => (Some(path), rest),
        None => (None, message.strip_prefix("duplicate field `")?),
    };
    let key = rest.strip_suffix('`')?;
    let lines: Vec<&str> = text.lines().collect();
    let (from, end) = match path {
        Some(p) => field_block(&lines, p).map(|(_, f, e)| (f, e))?,
        None => (0, lines.len()),
    };
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let key_col = |l: &str| {
        indent(l)
            + if l.trim_start().starts_with("- ") {
                2
            } else {
                0
            }
    };
    let significant = |l: &str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
    let level = (from..end)
        .find(|&i| significant(lines[i]))
        .map(|i| key_col(lines[i]))?;
    let prefix = format!("{key}:");
    let quoted = format!("\"{key}\":");
    (from..end)
        .filter(|&i| {
            let t = lines[i].trim_start().trim_start_matches("- ");
            key_col(lines[i]) == level && (t.starts_with(&prefix) || t.starts_with(&quoted))
        })
        .nth(1)
        .map(|i| (i + 1, level + 1))
}

/// Deepest `[`/`{` nesting accepted; a plan needs a handful.
const MAX_FLOW_DEPTH: usize = 64;

/// Finds what trichoplan refuses before the YAML parser sees it: flow collections (`[`, `{`)
/// nested deeper than [`MAX_FLOW_DEPTH`], aliases (`*name`) and tags (`!tag`). Returns the
/// byte offset and the reason.
///
/// The YAML parser's time grows with the square of the flow depth, and an alias repeated
/// thousands of times expands a small file into gigabytes: trichoplan never writes either, so
/// a file that has them is refused. Tags would silently change how a value is read. Quoted
/// scalars, block scalars (`|`, `>`) and comments are skipped, so their text may hold any of
/// these characters.
fn refused(text: &str) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut prev = b'\n'; // previous significant byte
    let mut line_indent = 0usize;
    let mut block: Option<usize> = None; // indentation of the line that opened a block scalar
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quote.is_none() && (i == 0 || bytes[i - 1] == b'\n') {
            let indent = bytes[i..].iter().take_while(|&&c| c == b' ').count();
            let rest = &bytes[i + indent..];
            let blank = rest.first().is_none_or(|&c| c == b'\n' || c == b'\r');
            if let Some(n) = block {
                if blank || indent > n {
                    // Inside a block scalar: the whole line is text.
                    i += rest
                        .iter()
                        .position(|&c| c == b'\n')
                        .map_or(rest.len(), |p| p + 1)
                        + indent;
                    continue;
                }
                block = None;
            }
            line_indent = indent;
        }
        match quote {
            Some(q) if b == q => {
                // '' inside a single-quoted scalar is an escaped quote.
                if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 1;
                } else {
                    quote = None;
                }
            }
            Some(b'"') if b == b'\\' => i += 1,
            Some(_) => {}
            None => {
                let node_start = matches!(prev, b'\n' | b':' | b'-' | b'[' | b'{' | b',' | b'?')
                    && (i == 0
                        || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'[' | b'{' | b','));
                match b {
                    b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                        while i < bytes.len() && bytes[i] != b'\n' {
                            i += 1;
                        }
                        prev = b'\n';
                        continue;
                    }
                    b'\'' | b'"' if node_start => quote = Some(b),
                    b'|' | b'>' if node_start => block = Some(line_indent),
                    b'*' if node_start => {
                        return Some((
                            i,
                            "YAML aliases (*name) are not allowed in trichoplan files".to_owned(),
                        ));
                    }
                    b'!' if node_start => {
                        return Some((
                            i,
                            "YAML tags (!tag) are not allowed in trichoplan files".to_owned(),
                        ));
                    }
                    b'[' | b'{' => {
                        depth += 1;
                        if depth > MAX_FLOW_DEPTH {
                            return Some((
                                i,
                                format!("nested more than {MAX_FLOW_DEPTH} levels deep"),
                            ));
                        }
                    }
                    b']' | b'}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
        }
        if !matches!(b, b' ' | b'\t') {
            prev = b;
        }
        i += 1;
    }
    None
}

/// Rewords the parser's messages that speak Rust rather than YAML.
fn friendlier(message: &str) -> String {
    if message.contains("more than one document") {
        return "the file holds more than one YAML document (`---`); a plan is one document"
            .to_owned();
    }
    let mut out = message.to_owned();
    for (int, words) in [
        ("u8", "a whole number from 0 to 255"),
        ("u16", "a whole number from 0 to 65535"),
        ("u32", "a whole number from 0 to 4294967295"),
        ("u64", "a whole number of 0 or more"),
        ("f64", "a number"),
    ] {
        out = out.replace(&format!("expected {int}"), &format!("expected {words}"));
    }
    for (rust, words) in [
        ("expected unit value", "expected nothing here"),
        ("expected null", "expected nothing here"),
        ("expected field identifier", "expected a field name"),
        ("recursion limit exceeded", "nested too deeply"),
        ("expected a boolean", "expected true or false"),
    ] {
        out = out.replace(rust, words);
    }
    if let Some(pos) = out.find("expected struct ") {
        let end = out[pos + 16..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(out.len(), |e| pos + 16 + e);
        out.replace_range(pos..end, "expected a map of fields");
    }
    // A message never quotes more than a line of the file.
    if out.chars().count() > 240 {
        out = out.chars().take(240).collect::<String>() + "…";
    }
    out
}

fn syntax(path: &Path, line: usize, column: usize, message: String) -> StoreError {
    StoreError::Syntax {
        path: path.into(),
        line,
        column,
        message: escape_controls(&message, false).into_owned(),
    }
}

/// 1-based line and column (in characters) of the position just after `prefix`.
fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = 1 + prefix.iter().filter(|&&b| b == b'\n').count();
    let start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = 1 + String::from_utf8_lossy(&prefix[start..]).chars().count();
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn err(bytes: &[u8]) -> String {
        decode::<BTreeMap<String, String>>(bytes, Path::new("p.yaml"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn errors_locate_encoding_and_control_problems() {
        assert_eq!(err(b"a: b\nc: d\xff"), "p.yaml:2:5: not valid UTF-8 text");
        assert_eq!(
            err(b"a: b\nc: \x07d"),
            "p.yaml:2:4: control character U+0007 is not allowed in a plan file"
        );
        assert_eq!(err(b"  \n"), "p.yaml: the file is empty");
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let deep = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(
            err(deep.as_bytes()),
            "p.yaml:1:68: nested more than 64 levels deep"
        );
        // Brackets inside quotes and comments do not count.
        let quoted = format!(
            "a: '{}'\nb: \"{}\" # {}\n",
            "[".repeat(100),
            "{".repeat(100),
            "[".repeat(100)
        );
        assert!(refused(&quoted).is_none());
        assert!(refused("name: O'Brien [x]\nnotes: it's [fine]\n").is_none());
    }

    #[test]
    fn aliases_and_tags_are_refused_but_not_in_text() {
        for (yaml, at) in [
            ("a: &x [1]\nb: *x\n", "2:4"),
            ("a: [*x]\n", "1:5"),
            ("a:\n- *x\n", "2:3"),
            ("a: !!python/object x\n", "1:4"),
            ("a: !foo x\n", "1:4"),
            ("<<: *base\n", "1:5"),
        ] {
            let e = err(yaml.as_bytes());
            assert!(
                e.starts_with(&format!("p.yaml:{at}: YAML")),
                "{yaml:?}: {e}"
            );
        }
        for ok in [
            "a: 'it's *not* an alias'\n",
            "a: \"!not a tag\"\n",
            "a: Attention! 2*3 a-*b\n",
            "a: |-\n  * a list in a note\n  ! and a bang\nb: x\n",
            "a: >\n  *folded*\n",
            "a: x # *comment* !here\n",
        ] {
            assert!(refused(ok).is_none(), "{ok:?}");
        }
    }

    #[test]
    fn fields_are_located_through_keys_and_list_items() {
        let text = "updated: 2026-01-01\ninjections:\n  product: prp\n  sessions:\n  - number: 1\n    date: 2026-01-02\n  - number: 2\n    status: done\n    lot: A\nrevisions:\n- revision: 1\n  at: x\n- revision: 3\n";
        assert_eq!(locate_field(text, "updated"), Some((1, 1)));
        assert_eq!(
            locate_field(text, "injections.sessions[1].status"),
            Some((8, 5))
        );
        assert_eq!(
            locate_field(text, "injections.sessions[0].number"),
            Some((5, 5))
        );
        assert_eq!(locate_field(text, "injections.sessions[1]"), Some((7, 5)));
        assert_eq!(locate_field(text, "revisions[1].revision"), Some((13, 3)));
        assert_eq!(locate_field(text, "injections.sessions[5]"), None);
        assert_eq!(locate_field(text, "nowhere"), None);
    }

    #[test]
    fn locate_finds_nested_keys_and_tokens() {
        let text = "a:\n  x:\n    b: 1\nrules:\n  r1:\n    when: {lab: ferritin}\n    suggest: [foo, food]\n  r2:\n    suggest: [food]\n";
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            locate(text, &path(&["rules", "r1", "suggest"]), Some("food")),
            (7, 20)
        );
        assert_eq!(
            locate(text, &path(&["rules", "r2", "suggest"]), Some("food")),
            (9, 15)
        );
        assert_eq!(locate(text, &path(&["rules", "r2"]), None), (8, 3));
        // `b` exists only nested under `x`, not directly under `a`.
        assert_eq!(locate(text, &path(&["a", "b"]), None), (1, 1));
        assert_eq!(locate(text, &path(&["nowhere"]), None), (1, 1));
    }

    #[test]
    fn a_second_document_is_located() {
        let e = err(b"a: b\nc: d\n---\na: e\n");
        assert!(e.starts_with("p.yaml:3:1: "), "{e}");
        let e = err(b"---\na: b\n...\n# c\nc: d\n");
        assert!(e.starts_with("p.yaml:5:1: "), "{e}");
    }

    #[test]
    fn parser_errors_keep_line_and_column_once() {
        let e = err(b"a: b\nc: d: e\n");
        assert!(e.starts_with("p.yaml:2:5: "), "{e}");
        assert!(!e.contains(" at line 2 column 5"), "{e}");
    }
}
