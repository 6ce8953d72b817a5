//! Markdown rendering: CommonMark with GitHub tables. Text from the plan is escaped so that
//! its punctuation stays text and never becomes markup (or raw HTML).

use super::doc::{Block, Document, Table};
use crate::domain::escape_controls;

/// Escapes a piece of plan text for Markdown (one line).
pub fn escape(s: &str) -> String {
    let s = escape_controls(&s.replace(['\n', '\t'], " "), false).into_owned();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.chars().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            // List and heading markers only matter at the start of a line.
            '-' | '+' | '=' | '!' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    // "1. text" at the start of a line would become a numbered list.
    if let Some(pos) = out.find(['.', ')'])
        && pos > 0
        && out[..pos].chars().all(|c| c.is_ascii_digit())
    {
        out.insert(pos, '\\');
    }
    out
}

/// Renders a document as Markdown.
pub fn render(doc: &Document) -> String {
    let mut out = format!("# {}\n\n", escape(&doc.title));
    if !doc.stamp.is_empty() {
        out.push_str(&format!("**{}**\n\n", escape(&doc.stamp)));
    }
    if !doc.subtitle.is_empty() {
        out.push_str(&format!("*{}*\n\n", escape(&doc.subtitle)));
    }
    for block in &doc.blocks {
        match block {
            Block::Heading(h) => out.push_str(&format!("## {}\n\n", escape(h))),
            Block::Paragraph(p) => {
                let lines: Vec<String> = p.split('\n').map(escape).collect();
                out.push_str(&lines.join("  \n"));
                out.push_str("\n\n");
            }
            Block::Note(n) => {
                for line in n.split('\n') {
                    out.push_str(&format!("> {}\n", escape(line)));
                }
                out.push('\n');
            }
            Block::Bullets(items) => {
                for item in items {
                    out.push_str(&format!("- {}\n", escape(item)));
                }
                out.push('\n');
            }
            Block::Fields(fields) => {
                for (label, value) in fields {
                    out.push_str(&format!("- **{}:** {}\n", escape(label), escape(value)));
                }
                out.push('\n');
            }
            Block::Table(t) => table(&mut out, t),
            Block::Chart(chart) => {
                out.push_str(&format!(
                    "**{}** — {}\n\n",
                    escape(&chart.title),
                    escape(&chart.caption)
                ));
                table(&mut out, &super::text::chart_table(chart));
            }
            Block::Signatures(people) => {
                for (role, name) in people {
                    out.push_str(&format!(
                        "**{}:** {}  \n\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\n\n",
                        escape(role),
                        escape(name)
                    ));
                }
            }
        }
    }
    if !doc.footer.is_empty() {
        out.push_str(&format!("---\n\n*{}*\n", escape(&doc.footer)));
    }
    out
}

fn table(out: &mut String, t: &Table) {
    let row = |cells: &[String]| {
        let cells: Vec<String> = (0..t.header.len())
            .map(|i| cells.get(i).map_or_else(String::new, |c| escape(c)))
            .collect();
        format!("| {} |\n", cells.join(" | "))
    };
    out.push_str(&row(&t.header));
    out.push_str(&format!("|{}\n", " --- |".repeat(t.header.len())));
    for r in &t.rows {
        out.push_str(&row(r));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_plan_text_stays_text() {
        assert_eq!(
            escape("*bold* _it_ [x](y) <b>|"),
            "\\*bold\\* \\_it\\_ \\[x\\](y) \\<b\\>\\|"
        );
        assert_eq!(escape("# title"), "\\# title");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("1. one"), "1\\. one");
        assert_eq!(escape("a\u{1b}[31m"), "a\\\\u{1b}\\[31m");
        assert_eq!(escape("Zoë & co"), "Zoë &amp; co");
        assert_eq!(escape("4 500,00 € — 2026-11-26"), "4 500,00 € — 2026-11-26");
    }
}
