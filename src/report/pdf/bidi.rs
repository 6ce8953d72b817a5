//! Bidirectional text: the Unicode bidi algorithm (UAX #9, the `unicode-bidi` crate) turns one
//! line of logical text into runs in visual order, each with its direction.
//!
//! Documents are written in French or English, so a line's base direction is left to right;
//! an Arabic or Hebrew name inside it is reversed as a run, never the whole line. Items that
//! the document separates with " · " (name · date · revision) are isolated from each other, so
//! a date after a right-to-left name stays where it is written.

use unicode_bidi::{BidiClass, BidiInfo, Level, bidi_class};

const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// Whether `c` is a strong right-to-left character (Hebrew, Arabic, Syriac, Thaana, N'Ko…).
pub fn is_rtl(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

/// The line with each " · "-separated item isolated (FSI … PDI).
fn isolate(line: &str) -> String {
    line.split(" · ")
        .map(|part| format!("{FSI}{part}{PDI}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// One line of logical text as runs in visual order, left to right: (text in logical order,
/// right-to-left?). A right-to-left run is to be shaped right to left, which reverses it.
pub fn visual_runs(line: &str) -> Vec<(String, bool)> {
    if !line.chars().any(is_rtl) {
        return vec![(line.to_owned(), false)];
    }
    let text = isolate(line);
    let info = BidiInfo::new(&text, Some(Level::ltr()));
    let Some(para) = info.paragraphs.first() else {
        return vec![(line.to_owned(), false)];
    };
    let (levels, runs) = info.visual_runs(para, para.range.clone());
    runs.into_iter()
        .filter_map(|run| {
            let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
            let part: String = text[run]
                .chars()
                .filter(|c| *c != FSI && *c != PDI)
                .collect();
            (!part.is_empty()).then_some((part, rtl))
        })
        .collect()
}

/// One line of logical text in visual order, for a display that does not reorder text itself
/// (a plain-text print, a terminal without bidi support): right-to-left runs reversed by
/// grapheme, brackets mirrored, the line's base direction left to right.
pub fn visual_line(line: &str) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    visual_runs(line)
        .into_iter()
        .map(|(run, rtl)| {
            if !rtl {
                return run;
            }
            run.graphemes(true)
                .rev()
                .map(|g| match g {
                    "(" => ")",
                    ")" => "(",
                    "[" => "]",
                    "]" => "[",
                    "{" => "}",
                    "}" => "{",
                    "<" => ">",
                    ">" => "<",
                    "«" => "»",
                    "»" => "«",
                    other => other,
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_is_one_run() {
        assert_eq!(visual_runs("Camille"), vec![("Camille".to_owned(), false)]);
    }

    #[test]
    fn an_arabic_name_is_reversed_alone_and_the_date_stays_after_it() {
        let runs = visual_runs("سارة أحمد · plan du 2026-12-14");
        assert_eq!(runs[0], ("سارة أحمد".to_owned(), true));
        assert!(runs.iter().skip(1).all(|(_, rtl)| !rtl), "{runs:?}");
        let rest: String = runs.iter().skip(1).map(|(t, _)| t.as_str()).collect();
        assert_eq!(rest, " · plan du 2026-12-14");
    }

    #[test]
    fn hebrew_inside_a_sentence() {
        let runs = visual_runs("Patient: דוד כהן.");
        assert_eq!(runs[0], ("Patient: ".to_owned(), false));
        assert_eq!(runs[1], ("דוד כהן".to_owned(), true));
        assert_eq!(visual_line("א (ב)"), "(ב) א");
    }
}
