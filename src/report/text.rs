//! Plain-text rendering: 80 columns, for the terminal and `lp`.
//!
//! Every string is escaped on the way out, so control characters and escape sequences from a
//! plan file never reach the terminal. Widths are measured in terminal columns, so accents, CJK
//! and emoji line up.

use unicode_width::UnicodeWidthStr;

use super::doc::{Block, Document, Table};
use crate::domain::escape_controls;

/// Width of the page in columns.
pub const WIDTH: usize = 80;

/// Renders a document as plain text, 80 columns wide.
pub fn render(doc: &Document) -> String {
    render_width(doc, WIDTH)
}

/// Renders a document as plain text, `width` columns wide (at least 20).
pub fn render_width(doc: &Document, width: usize) -> String {
    let width = width.max(20);
    let mut out = String::new();
    let title = clean(&doc.title);
    out.push_str(&title);
    out.push('\n');
    out.push_str(&"=".repeat(title.width().clamp(1, width)));
    out.push('\n');
    if !doc.subtitle.is_empty() {
        push_wrapped(&mut out, width, &clean(&doc.subtitle), "", "");
    }
    let footer = clean(&doc.footer);
    if !doc.stamp.is_empty() {
        push_wrapped(
            &mut out,
            width,
            &clean(&format!("*** {} ***", doc.stamp)),
            "",
            "",
        );
    }
    for block in &doc.blocks {
        out.push('\n');
        match block {
            Block::Heading(h) => {
                let h = clean(h);
                out.push_str(&h);
                out.push('\n');
                out.push_str(&"-".repeat(h.width().clamp(1, width)));
                out.push('\n');
            }
            Block::Paragraph(p) => {
                for line in p.split('\n') {
                    push_wrapped(&mut out, width, &clean(line), "", "");
                }
            }
            Block::Note(n) => {
                for line in n.split('\n') {
                    push_wrapped(&mut out, width, &clean(line), "| ", "| ");
                }
            }
            Block::Bullets(items) => {
                for item in items {
                    push_wrapped(&mut out, width, &clean(item), "- ", "  ");
                }
            }
            Block::Fields(fields) => render_fields(&mut out, width, fields, doc.lang),
            Block::Table(table) => render_table(&mut out, width, table),
            Block::Chart(chart) => {
                push_wrapped(&mut out, width, &clean(&chart.title), "", "");
                push_wrapped(&mut out, width, &clean(&chart.caption), "", "");
                out.push('\n');
                render_table(&mut out, width, &chart_table(chart));
            }
            Block::Signatures(people) => {
                for (role, name) in people {
                    push_wrapped(&mut out, width, &clean(&format!("{role}: {name}")), "", "");
                    out.push_str(&format!("{}\n\n", "_".repeat(40.min(width))));
                }
            }
        }
    }
    if !doc.stamp.is_empty() {
        out.push('\n');
        push_wrapped(
            &mut out,
            width,
            &clean(&format!("*** {} ***", doc.stamp)),
            "",
            "",
        );
    }
    if !footer.is_empty() {
        out.push('\n');
        out.push_str(&"-".repeat(width));
        out.push('\n');
        push_wrapped(&mut out, width, &footer, "", "");
    }
    out
}

/// A chart as a table of its points, for formats that cannot draw.
pub(super) fn chart_table(chart: &super::doc::Chart) -> Table {
    Table {
        header: vec![chart.header.0.clone(), chart.header.1.clone()],
        rows: chart
            .points
            .iter()
            .zip(&chart.labels)
            .map(|((date, _), label)| vec![date.clone(), label.clone()])
            .collect(),
    }
}

/// One line of untrusted text, escaped and with line breaks folded into spaces.
fn clean(s: &str) -> String {
    escape_controls(&s.replace(['\n', '\t'], " "), false).into_owned()
}

fn render_fields(
    out: &mut String,
    width: usize,
    fields: &[(String, String)],
    lang: crate::domain::Lang,
) {
    // French puts a (no-break) space before the colon.
    let colon = lang.pick(":", "\u{a0}:");
    let label_width = fields
        .iter()
        .map(|(l, _)| clean(l).width() + colon.width())
        .max()
        .unwrap_or(0)
        .min(28);
    for (label, value) in fields {
        let label = format!("{}{colon}", clean(label));
        let pad = label_width.saturating_sub(label.width()) + 1;
        let first = format!("{label}{}", " ".repeat(pad));
        let rest = " ".repeat(first.width().min(width / 2));
        push_wrapped(out, width, &clean(value), &first, &rest);
    }
}

/// Renders a table alone, as `list` prints it.
pub fn table(table: &Table) -> String {
    let mut out = String::new();
    render_table(&mut out, WIDTH, table);
    out
}

/// Renders a table with no width limit: no cell wraps (for output read by programs).
pub fn table_unwrapped(table: &Table) -> String {
    let mut out = String::new();
    render_table(&mut out, usize::MAX / 4, table);
    out
}

fn render_table(out: &mut String, width: usize, table: &Table) {
    let columns = table.header.len();
    let cells: Vec<Vec<String>> = std::iter::once(&table.header)
        .chain(&table.rows)
        .map(|row| {
            (0..columns)
                .map(|i| clean(row.get(i).map_or("", |s| s)))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = (0..columns)
        .map(|i| cells.iter().map(|r| r[i].width()).max().unwrap_or(0))
        .collect();
    let gaps = 2 * columns.saturating_sub(1);
    // Shrink the widest column until the table fits; cells then wrap inside their column.
    while widths.iter().sum::<usize>() + gaps > width {
        let Some((i, &w)) = widths.iter().enumerate().max_by_key(|&(_, w)| *w) else {
            break;
        };
        if w <= 6 {
            break;
        }
        widths[i] = w - 1;
    }
    for (r, row) in cells.iter().enumerate() {
        let wrapped: Vec<Vec<String>> = row
            .iter()
            .zip(&widths)
            .map(|(cell, &w)| wrap(cell, w))
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            let mut text = String::new();
            for (i, col) in wrapped.iter().enumerate() {
                let cell = col.get(line).map_or("", String::as_str);
                text.push_str(cell);
                if i + 1 < columns {
                    text.push_str(&" ".repeat(widths[i].saturating_sub(cell.width()) + 2));
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        }
        if r == 0 {
            let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w.max(1))).collect();
            out.push_str(&rule.join("  "));
            out.push('\n');
        }
    }
}

fn push_wrapped(out: &mut String, page: usize, text: &str, first: &str, rest: &str) {
    let width = page.saturating_sub(first.width().max(rest.width())).max(10);
    for (i, line) in wrap(text, width).iter().enumerate() {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(line);
        out.push('\n');
    }
}

/// Greedy word wrap to `width` columns; words longer than a line are cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let needed = if line.is_empty() { 0 } else { 1 } + word.width();
        if line.width() + needed <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // Cut between grapheme clusters, never inside one (an emoji sequence, an accent).
        for g in unicode_segmentation::UnicodeSegmentation::graphemes(word, true) {
            if line.width() + g.width() > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push_str(g);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_respects_width_in_columns() {
        let lines = wrap("séance de micro-injections dans le cuir chevelu", 12);
        assert!(lines.iter().all(|l| l.width() <= 12), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "séance de micro-injections dans le cuir chevelu"
                .replace("micro-injections", "micro-inject ions")
        );
    }

    #[test]
    fn long_words_are_cut_between_grapheme_clusters() {
        let family = "👩\u{200d}👩\u{200d}👧";
        let lines = wrap(&family.repeat(10), 5);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(
                !l.ends_with('\u{200d}') && !l.starts_with('\u{200d}'),
                "{l:?}"
            );
        }
        assert_eq!(lines.concat(), family.repeat(10));
    }

    #[test]
    fn control_characters_never_reach_the_output() {
        let doc = Document {
            title: "\u{1b}[2J".into(),
            subtitle: "a\u{7}b".into(),
            blocks: vec![Block::Bullets(vec!["x\u{9b}31m".into()])],
            ..Document::default()
        };
        let out = render(&doc);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains("\\u{1b}[2J"));
    }

    #[test]
    fn every_line_fits_in_80_columns() {
        let long = "mot ".repeat(100);
        let doc = Document {
            title: "T".into(),
            blocks: vec![
                Block::Paragraph(long.clone()),
                Block::Fields(vec![("Label".into(), long.clone())]),
                Block::Table(Table {
                    header: vec!["A".into(), "B".into(), "C".into()],
                    rows: vec![vec![long.clone(), long.clone(), "x".into()]],
                }),
            ],
            ..Document::default()
        };
        for line in render(&doc).lines() {
            assert!(line.width() <= WIDTH, "{line:?}");
        }
    }
}
