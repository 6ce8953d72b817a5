//! HTML rendering: one self-contained file (no external resource), printable on A4, with
//! page breaks that never split a table row or orphan a heading. All text is escaped.

use super::doc::{Block, Chart, Document, Table};
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
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
tbody tr:first-child { break-after: avoid; page-break-after: avoid; }
tbody tr:last-child { break-before: avoid; page-break-before: avoid; }
.nowrap { white-space: nowrap; }
figure { margin: 6pt 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { color: #444; font-size: 9.5pt; }
svg text { font-size: 11px; fill: #444; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 10pt 24pt; margin-top: 10pt; break-inside: avoid; page-break-inside: avoid; }
.signature { border-bottom: 1px solid #1d2327; min-height: 40pt; }
.stamp { display: inline-block; border: 2px solid #a4262c; color: #a4262c; font-weight: bold; letter-spacing: 2pt; padding: 1pt 8pt; margin: 0 0 8pt; }
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
    // Every printed page carries the patient, the date and its number, so loose pages are never
    // mixed between patients (CSS paged media margin boxes).
    let running = format!(
        "@page {{ @top-left {{ content: {}; font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 8pt; color: #666; }} @top-right {{ content: {}; font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 9pt; color: #a4262c; font-weight: bold; }} @bottom-right {{ content: {}; font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 8pt; color: #666; }} }}",
        css_string(&doc.footer),
        css_string(&doc.stamp),
        format_args!(
            "{} counter(page) \" / \" counter(pages)",
            css_string(doc.lang.pick("Page ", "Page "))
        )
    );
    out.push_str(&format!(
        "<style>{STYLE}{running}\n</style>\n</head>\n<body>\n<main>\n"
    ));
    if !doc.stamp.is_empty() {
        out.push_str(&format!("<p class=\"stamp\">{}</p>\n", escape(&doc.stamp)));
    }
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
            Block::Chart(c) => chart(&mut out, c),
            Block::Signatures(people) => {
                out.push_str("<div class=\"signatures\">\n");
                for (role, name) in people {
                    out.push_str(&format!(
                        "<div><p><strong>{}</strong> {}</p><div class=\"signature\"></div></div>\n",
                        escape(role),
                        escape(name)
                    ));
                }
                out.push_str("</div>\n");
            }
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

/// A CSS string literal: quotes, backslashes, line breaks and `<` escaped, so plan text can never
/// end the string or the style element.
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in escape_controls(s, false).chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:X} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A trend as an inline SVG line chart, with the values as a table for screen readers and for
/// anyone who wants the numbers.
fn chart(out: &mut String, c: &Chart) {
    const W: f64 = 600.0;
    const H: f64 = 180.0;
    const PAD_L: f64 = 48.0;
    const PAD_R: f64 = 16.0;
    const PAD_T: f64 = 14.0;
    const PAD_B: f64 = 34.0;
    let values: Vec<f64> = c.points.iter().map(|p| p.1).collect();
    let (lo, hi) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let (lo, hi) = if values.is_empty() {
        (0.0, 1.0)
    } else if (hi - lo).abs() < f64::EPSILON {
        (lo - 1.0, hi + 1.0)
    } else {
        let pad = (hi - lo) * 0.1;
        (lo - pad, hi + pad)
    };
    let n = values.len().max(2) - 1;
    let x = |i: usize| PAD_L + (W - PAD_L - PAD_R) * i as f64 / n as f64;
    let y = |v: f64| PAD_T + (H - PAD_T - PAD_B) * (hi - v) / (hi - lo);
    out.push_str("<figure>\n");
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"100%\" role=\"img\" aria-label=\"{}\">\n",
        escape(&format!("{} — {}", c.title, c.caption))
    ));
    out.push_str(&format!(
        "<line x1=\"{PAD_L}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#c9d6dc\"/>\n",
        H - PAD_B,
        W - PAD_R,
        H - PAD_B
    ));
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
        .collect();
    out.push_str(&format!(
        "<polyline fill=\"none\" stroke=\"#0b4f6c\" stroke-width=\"2\" points=\"{}\"/>\n",
        points.join(" ")
    ));
    for (i, ((date, v), label)) in c.points.iter().zip(&c.labels).enumerate() {
        out.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"#0b4f6c\"><title>{}</title></circle>\n",
            x(i),
            y(*v),
            escape(&format!("{date}: {label}"))
        ));
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n",
            x(i),
            y(*v) - 7.0,
            escape(label)
        ));
        if i == 0 || i + 1 == c.points.len() {
            let anchor = if i == 0 { "start" } else { "end" };
            out.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>\n",
                x(i),
                H - 12.0,
                escape(date)
            ));
        }
    }
    out.push_str("</svg>\n");
    out.push_str(&format!(
        "<figcaption><strong>{}</strong> — {}</figcaption>\n</figure>\n",
        escape(&c.title),
        escape(&c.caption)
    ));
    table(out, &super::text::chart_table(c));
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
