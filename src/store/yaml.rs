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
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(&bytes[..e.valid_up_to()]);
        syntax(path, line, column, "not valid UTF-8 text".to_owned())
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
    if let Some(at) = too_deep(text) {
        let (line, column) = line_col(&text.as_bytes()[..at]);
        return Err(syntax(
            path,
            line,
            column,
            format!("nested more than {MAX_FLOW_DEPTH} levels deep"),
        ));
    }
    serde_yaml::from_str(text).map_err(|e| {
        let raw = e.to_string();
        match e.location() {
            Some(loc) => {
                let suffix = format!(" at line {} column {}", loc.line(), loc.column());
                let message = friendlier(&raw.replacen(&suffix, "", 1));
                let (line, column) =
                    duplicate_top_level_key(text, &message).unwrap_or((loc.line(), loc.column()));
                syntax(path, line, column, message)
            }
            None => StoreError::Invalid {
                path: path.into(),
                message: escape_controls(&friendlier(&raw), false).into_owned(),
            },
        }
    })
}

/// Writes `value` as a YAML document.
pub fn encode<T: Serialize>(value: &T, path: &Path) -> Result<Vec<u8>, StoreError> {
    serde_yaml::to_string(value)
        .map(String::into_bytes)
        .map_err(|e| StoreError::Invalid {
            path: path.into(),
            message: format!("cannot be written as YAML: {e}"),
        })
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

/// Deepest `[`/`{` nesting accepted; a plan needs a handful.
const MAX_FLOW_DEPTH: usize = 64;

/// Finds the byte offset where flow collections (`[`, `{`) nest deeper than [`MAX_FLOW_DEPTH`].
///
/// The YAML parser's time grows with the square of the flow depth, so a file of a few hundred
/// kilobytes of brackets would hold it for minutes; this linear scan refuses it first. Quoted
/// scalars and comments are skipped; a bracket inside a plain scalar may be over-counted, which
/// at worst refuses a file that is absurd anyway.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut prev = b'\n'; // previous significant byte
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
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
            None => match b {
                b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    prev = b'\n';
                    continue;
                }
                b'\'' | b'"' if matches!(prev, b'\n' | b':' | b'-' | b'[' | b'{' | b',' | b'?') => {
                    quote = Some(b);
                }
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some(i);
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            },
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
    for int in ["u8", "u16", "u32", "u64"] {
        out = out.replace(
            &format!("expected {int}"),
            "expected a whole number of 0 or more",
        );
    }
    out
}

/// The parser places a duplicated top-level key at the start of the document; in block YAML
/// top-level keys start in column 1, so the second line that starts with the key is the culprit.
fn duplicate_top_level_key(text: &str, message: &str) -> Option<(usize, usize)> {
    let key = message
        .strip_prefix("duplicate field `")?
        .strip_suffix('`')?;
    let prefix = format!("{key}:");
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with(&prefix))
        .nth(1)
        .map(|(i, _)| (i + 1, 1))
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
        assert!(too_deep(&quoted).is_none());
        assert!(too_deep("name: O'Brien [x]\nnotes: it's [fine]\n").is_none());
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
    fn parser_errors_keep_line_and_column_once() {
        let e = err(b"a: b\nc: d: e\n");
        assert!(e.starts_with("p.yaml:2:5: "), "{e}");
        assert!(!e.contains(" at line 2 column 5"), "{e}");
    }
}
