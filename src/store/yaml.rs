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
    serde_yaml::from_str(text).map_err(|e| {
        let raw = e.to_string();
        match e.location() {
            Some(loc) => {
                let suffix = format!(" at line {} column {}", loc.line(), loc.column());
                let message = raw.replacen(&suffix, "", 1);
                syntax(path, loc.line(), loc.column(), message)
            }
            None => StoreError::Invalid {
                path: path.into(),
                message: escape_controls(&raw, false).into_owned(),
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
    fn parser_errors_keep_line_and_column_once() {
        let e = err(b"a: b\nc: d: e\n");
        assert!(e.starts_with("p.yaml:2:5: "), "{e}");
        assert!(!e.contains(" at line 2 column 5"), "{e}");
    }
}
