//! HTML rendering: one self-contained file (no external resource), printable on A4, with
//! page breaks that never split a table row or orphan a heading. All text is escaped.

use super::doc::{Block, Document, Table};
use crate::domain::escape_controls;

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let s = escape_controls(s, true);
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1d2327; max-width: 178mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 19pt; margin: 0 0 2pt; color: #0b4f6c; }
.subtitle { color: #555; margin: 0 0 14pt; }
h2 { font-size: 12.5pt; color: #0b4f6c; border-bottom: 1px solid #c9d6dc; padding-bottom: 2pt; margin: 16pt 0 6pt; break-after: avoid; page-break-after: avoid; }
p { margin: 4pt 0; }
ul { margin: 4pt 0 4pt 16pt; padding: 0; }
li { margin: 1pt 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 12pt; margin: 4pt 0; }
dt { font-weight: bold; color: #333; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #c9d6dc; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #eef3f5; }
.note { border-left: 3pt solid #0b4f6c; background: #f3f7f9; padding: 5pt 8pt; margin: 6pt 0; }
footer { margin-top: 18pt; border-top: 1px solid #c9d6dc; padding-top: 4pt; color: #666; font-size: 9pt; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; } }
"#;

/// Renders a document as a complete HTML page.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(&format!(
        "<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
        doc.lang.code()
    ));
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // The patient first: that is what a list of tabs or print jobs should show.
    let patient = doc.footer.split(" · ").next().unwrap_or_default();
    out.push_str(&format!(
        "<title>{} — {}</title>\n",
        escape(patient),
        escape(&doc.title)
    ));
    out.push_str(&format!(
        "<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
    ));
    out.push_str(&format!("<h1>{}</h1>\n", escape(&doc.title)));
    if !doc.subtitle.is_empty() {
        out.push_str(&format!(
            "<p class=\"subtitle\">{}</p>\n",
            escape(&doc.subtitle)
        ));
    }
    let mut open_section = false;
    for block in &doc.blocks {
        match block {
            Block::Heading(h) => {
                if open_section {
                    out.push_str("</section>\n");
                }
                out.push_str(&format!("<section>\n<h2>{}</h2>\n", escape(h)));
                open_section = true;
            }
            Block::Paragraph(p) => {
                let lines: Vec<String> = p.split('\n').map(escape).collect();
                out.push_str(&format!("<p>{}</p>\n", lines.join("<br>\n")));
            }
            Block::Note(n) => {
                let lines: Vec<String> = n.split('\n').map(escape).collect();
                out.push_str(&format!("<p class=\"note\">{}</p>\n", lines.join("<br>\n")));
            }
            Block::Bullets(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    out.push_str(&format!("<li>{}</li>\n", escape(item)));
                }
                out.push_str("</ul>\n");
            }
            Block::Fields(fields) => {
                out.push_str("<dl>\n");
                for (label, value) in fields {
                    out.push_str(&format!(
                        "<dt>{}</dt><dd>{}</dd>\n",
                        escape(label),
                        escape(value)
                    ));
                }
                out.push_str("</dl>\n");
            }
            Block::Table(t) => table(&mut out, t),
        }
    }
    if open_section {
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n");
    if !doc.footer.is_empty() {
        out.push_str(&format!("<footer>{}</footer>\n", escape(&doc.footer)));
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn table(out: &mut String, t: &Table) {
    out.push_str("<table>\n<thead><tr>");
    for h in &t.header {
        out.push_str(&format!("<th>{}</th>", escape(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in &t.rows {
        out.push_str("<tr>");
        for i in 0..t.header.len() {
            out.push_str(&format!(
                "<td>{}</td>",
                escape(r.get(i).map_or("", String::as_str))
            ));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_controls_are_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(escape("a\u{1b}[31m"), "a\\u{1b}[31m");
    }
}
