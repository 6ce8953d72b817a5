//! PDF rendering: A4, DejaVu Sans embedded (subset), page numbers and the patient's name and
//! the plan's date at the foot of every page.
//!
//! krilla writes the PDF; the layout is ours: text is measured with the font's own advance
//! widths (skrifa) and wrapped greedily, headings are kept with what follows, table rows are
//! never split across pages and a table's header is repeated on each page it spans.

use std::collections::HashMap;

use krilla::Document as PdfDocument;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use super::doc::{Block, Document, Table};
use crate::domain::escape_controls;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 50.0;
const RIGHT: f32 = PAGE_W - 50.0;
const TOP: f32 = 56.0;
const BOTTOM: f32 = PAGE_H - 62.0;
const WIDTH: f32 = RIGHT - LEFT;
const BODY: f32 = 9.5;
const LEADING: f32 = 13.5;

const INK: (u8, u8, u8) = (29, 35, 39);
const ACCENT: (u8, u8, u8) = (11, 79, 108);
const MUTED: (u8, u8, u8) = (100, 106, 110);
const LINE: (u8, u8, u8) = (201, 214, 220);
const SHADE: (u8, u8, u8) = (238, 243, 245);

/// Advance widths of one font, for measuring text.
struct Metrics {
    font: FontRef<'static>,
    upem: f32,
    cache: HashMap<char, f32>,
}

impl Metrics {
    fn new(bytes: &'static [u8]) -> Result<Metrics, String> {
        let font = FontRef::new(bytes).map_err(|e| format!("bundled font unreadable: {e}"))?;
        let upem = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        Ok(Metrics {
            font,
            upem,
            cache: HashMap::new(),
        })
    }

    /// Width of `text` at `size` points.
    fn width(&mut self, text: &str, size: f32) -> f32 {
        let mut units = 0.0;
        for c in text.chars() {
            let w = match self.cache.get(&c) {
                Some(w) => *w,
                None => {
                    let gid = self.font.charmap().map(c).unwrap_or_default();
                    let w = self
                        .font
                        .glyph_metrics(Size::unscaled(), LocationRef::default())
                        .advance_width(gid)
                        .unwrap_or(self.upem / 2.0);
                    self.cache.insert(c, w);
                    w
                }
            };
            units += w;
        }
        units * size / self.upem
    }
}

/// One drawing instruction, in points from the top-left corner (y is the text baseline).
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: (u8, u8, u8),
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: (u8, u8, u8),
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        color: (u8, u8, u8),
    },
}

struct Layout {
    regular: Metrics,
    bold: Metrics,
    pages: Vec<Vec<Op>>,
    y: f32,
}

/// One line of plan text for the page: controls escaped, line breaks folded.
fn clean(s: &str) -> String {
    escape_controls(&s.replace(['\n', '\t'], " "), false).into_owned()
}

impl Layout {
    fn metrics(&mut self, bold: bool) -> &mut Metrics {
        if bold {
            &mut self.bold
        } else {
            &mut self.regular
        }
    }

    fn page(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `height` points still fit on this one.
    fn need(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    /// Greedy word wrap to `width` points.
    fn wrap(&mut self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let text = clean(text);
        let space = self.metrics(bold).width(" ", size);
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let w = self.metrics(bold).width(word, size);
            let extra = if line.is_empty() { w } else { space + w };
            if line_w + extra <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += extra;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            if w <= width {
                line.push_str(word);
                line_w = w;
                continue;
            }
            // A word longer than the line is cut.
            for g in unicode_segmentation::UnicodeSegmentation::graphemes(word, true) {
                let gw = self.metrics(bold).width(g, size);
                if line_w + gw > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                line.push_str(g);
                line_w += gw;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, color: (u8, u8, u8), text: String) {
        let y = self.y;
        self.page().push(Op::Text {
            x,
            y,
            size,
            bold,
            color,
            text,
        });
    }

    /// Wrapped text starting at `x`, advancing the cursor line by line.
    fn paragraph(
        &mut self,
        text: &str,
        x: f32,
        width: f32,
        size: f32,
        bold: bool,
        color: (u8, u8, u8),
    ) {
        for line in self.wrap(text, size, bold, width) {
            self.need(LEADING);
            self.y += LEADING;
            self.text(x, size, bold, color, line);
        }
    }

    fn heading(&mut self, text: &str) {
        // Keep a heading with at least three lines of what follows.
        self.need(LEADING * 5.0);
        self.y += 10.0;
        self.paragraph(text, LEFT, WIDTH, 12.5, true, ACCENT);
        self.y += 4.0;
        let y = self.y;
        self.page().push(Op::Rule {
            x1: LEFT,
            x2: RIGHT,
            y,
            color: LINE,
        });
        self.y += 2.0;
    }

    fn fields(&mut self, fields: &[(String, String)], colon: &str) {
        let label_w = fields
            .iter()
            .map(|(l, _)| {
                let l = format!("{}{colon}", clean(l));
                self.bold.width(&l, BODY)
            })
            .fold(0.0_f32, f32::max)
            .min(WIDTH * 0.38)
            + 8.0;
        for (label, value) in fields {
            let labels = self.wrap(&format!("{label}{colon}"), BODY, true, label_w - 8.0);
            let values = self.wrap(value, BODY, false, WIDTH - label_w);
            let rows = labels.len().max(values.len());
            self.need(LEADING * rows as f32);
            for i in 0..rows {
                self.y += LEADING;
                if let Some(l) = labels.get(i) {
                    self.text(LEFT, BODY, true, INK, l.clone());
                }
                if let Some(v) = values.get(i) {
                    self.text(LEFT + label_w, BODY, false, INK, v.clone());
                }
            }
        }
    }

    fn note(&mut self, text: &str) {
        let lines: Vec<String> = text
            .split('\n')
            .flat_map(|p| self.wrap(p, BODY, false, WIDTH - 18.0))
            .collect();
        let mut start = 0;
        while start < lines.len() {
            self.need(LEADING * 2.0 + 8.0);
            let fit = (((BOTTOM - self.y - 8.0) / LEADING).floor() as usize).max(1);
            let end = (start + fit).min(lines.len());
            let h = LEADING * (end - start) as f32 + 8.0;
            let y = self.y + 3.0;
            self.page().push(Op::Rect {
                x: LEFT,
                y,
                w: WIDTH,
                h,
                color: SHADE,
            });
            self.page().push(Op::Rect {
                x: LEFT,
                y,
                w: 2.5,
                h,
                color: ACCENT,
            });
            self.y += 3.0;
            for line in &lines[start..end] {
                self.y += LEADING;
                self.text(LEFT + 10.0, BODY, false, INK, line.clone());
            }
            self.y += 8.0;
            start = end;
        }
    }

    fn table(&mut self, t: &Table) {
        let n = t.header.len().max(1);
        let size = BODY - 0.5;
        let pad = 4.0;
        let rows: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|r| {
                (0..n)
                    .map(|i| r.get(i).cloned().unwrap_or_default())
                    .collect()
            })
            .collect();
        // Natural widths, then the widest columns give way until the table fits.
        let mut widths: Vec<f32> = (0..n)
            .map(|i| {
                std::iter::once(&t.header)
                    .chain(&rows)
                    .map(|r| {
                        let bold = std::ptr::eq(r, &t.header);
                        let text = clean(r.get(i).map_or("", String::as_str));
                        self.metrics(bold).width(&text, size)
                    })
                    .fold(0.0_f32, f32::max)
                    + 2.0 * pad
            })
            .collect();
        while widths.iter().sum::<f32>() > WIDTH {
            let (i, w) = widths
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(i, w)| (i, *w))
                .unwrap_or((0, 0.0));
            if w <= 50.0 {
                break;
            }
            widths[i] = (w - 4.0).max(50.0);
        }
        let total: f32 = widths.iter().sum::<f32>().min(WIDTH);
        let layout_row = |me: &mut Layout, cells: &[String], bold: bool| -> Vec<Vec<String>> {
            cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| me.wrap(c, size, bold, w - 2.0 * pad))
                .collect()
        };
        let header = layout_row(self, &t.header, true);
        let draw_row = |me: &mut Layout, cells: &[Vec<String>], bold: bool| {
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
            let h = LEADING * lines as f32 + 4.0;
            let top = me.y + 2.0;
            if bold {
                me.page().push(Op::Rect {
                    x: LEFT,
                    y: top,
                    w: total,
                    h,
                    color: SHADE,
                });
            }
            let mut x = LEFT;
            for (col, w) in cells.iter().zip(&widths) {
                let mut y = top;
                for line in col {
                    y += LEADING;
                    me.page().push(Op::Text {
                        x: x + pad,
                        y: y - 1.0,
                        size,
                        bold,
                        color: INK,
                        text: line.clone(),
                    });
                }
                x += w;
            }
            me.y = top + h;
            let y = me.y;
            me.page().push(Op::Rule {
                x1: LEFT,
                x2: LEFT + total,
                y,
                color: LINE,
            });
        };
        let header_h = LEADING * header.iter().map(Vec::len).max().unwrap_or(1) as f32 + 6.0;
        self.need(header_h + LEADING * 2.0);
        self.y += 4.0;
        draw_row(self, &header, true);
        for row in &rows {
            let cells = layout_row(self, row, false);
            let h = LEADING * cells.iter().map(Vec::len).max().unwrap_or(1) as f32 + 6.0;
            if self.y + h > BOTTOM {
                // A row is never split: it goes to the next page, under the header again.
                self.new_page();
                draw_row(self, &header, true);
            }
            draw_row(self, &cells, false);
        }
        self.y += 4.0;
    }
}

/// Renders a document as an A4 PDF.
pub fn render(doc: &Document) -> Result<Vec<u8>, String> {
    let mut l = Layout {
        regular: Metrics::new(REGULAR)?,
        bold: Metrics::new(BOLD)?,
        pages: vec![Vec::new()],
        y: TOP,
    };
    let colon = doc.lang.pick(":", "\u{a0}:");
    l.paragraph(&doc.title, LEFT, WIDTH, 18.0, true, ACCENT);
    l.y += 4.0;
    if !doc.subtitle.is_empty() {
        l.paragraph(&doc.subtitle, LEFT, WIDTH, BODY, false, MUTED);
    }
    l.y += 4.0;
    for block in &doc.blocks {
        match block {
            Block::Heading(h) => l.heading(h),
            Block::Paragraph(p) => {
                for line in p.split('\n') {
                    l.paragraph(line, LEFT, WIDTH, BODY, false, INK);
                }
                l.y += 3.0;
            }
            Block::Note(n) => l.note(n),
            Block::Bullets(items) => {
                for item in items {
                    l.need(LEADING);
                    let y = l.y + LEADING;
                    l.page().push(Op::Text {
                        x: LEFT + 2.0,
                        y,
                        size: BODY,
                        bold: false,
                        color: ACCENT,
                        text: "•".to_owned(),
                    });
                    l.paragraph(item, LEFT + 12.0, WIDTH - 12.0, BODY, false, INK);
                }
                l.y += 3.0;
            }
            Block::Fields(fields) => {
                l.fields(fields, colon);
                l.y += 3.0;
            }
            Block::Table(t) => l.table(t),
            Block::Chart(c) => {
                l.paragraph(&c.title, LEFT, WIDTH, BODY, true, INK);
                l.paragraph(&c.caption, LEFT, WIDTH, BODY, false, MUTED);
                l.table(&super::text::chart_table(c));
            }
            Block::Signatures(people) => {
                for (role, name) in people {
                    l.need(LEADING * 4.0);
                    l.paragraph(&format!("{role}: {name}"), LEFT, WIDTH, BODY, true, INK);
                    l.y += LEADING * 2.0;
                    l.paragraph(&"_".repeat(40), LEFT, WIDTH, BODY, false, MUTED);
                    l.y += 4.0;
                }
            }
        }
    }

    let regular = Font::new(REGULAR.into(), 0).ok_or("bundled font unreadable")?;
    let bold = Font::new(BOLD.into(), 0).ok_or("bundled font unreadable")?;
    let mut pdf = PdfDocument::new();
    pdf.set_metadata(
        Metadata::new()
            .title(clean(&format!("{} — {}", doc.title, doc.footer)))
            .language(doc.lang.code().to_owned())
            .creator(format!("trichoplan {}", env!("CARGO_PKG_VERSION"))),
    );
    let count = l.pages.len();
    let footer = if doc.stamp.is_empty() {
        clean(&doc.footer)
    } else {
        clean(&format!("{} · {}", doc.stamp, doc.footer))
    };
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("bad page size")?;
    for (n, ops) in l.pages.iter().enumerate() {
        let mut page = pdf.start_page_with(settings.clone());
        let mut surface = page.surface();
        let fill = |c: (u8, u8, u8)| Fill {
            paint: rgb::Color::new(c.0, c.1, c.2).into(),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        };
        let draw_text = |s: &mut krilla::surface::Surface,
                         x: f32,
                         y: f32,
                         size: f32,
                         b: bool,
                         c: (u8, u8, u8),
                         text: &str| {
            s.set_fill(Some(fill(c)));
            let font = if b { bold.clone() } else { regular.clone() };
            s.draw_text(
                Point::from_xy(x, y),
                font,
                size,
                text,
                false,
                TextDirection::Auto,
            );
        };
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    bold: b,
                    color,
                    text,
                } => draw_text(&mut surface, *x, *y, *size, *b, *color, text),
                Op::Rect { x, y, w, h, color } => {
                    let mut pb = PathBuilder::new();
                    if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                        pb.push_rect(r);
                    }
                    if let Some(path) = pb.finish() {
                        surface.set_stroke(None);
                        surface.set_fill(Some(fill(*color)));
                        surface.draw_path(&path);
                    }
                }
                Op::Rule { x1, x2, y, color } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1, *y);
                    pb.line_to(*x2, *y);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(color.0, color.1, color.2).into(),
                            width: 0.6,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
            }
        }
        // The foot of the page: patient and date on the left, the page number on the right.
        let foot_y = PAGE_H - 34.0;
        let page_label = format!("{} {} / {count}", doc.lang.pick("Page", "Page"), n + 1);
        let page_w = l.regular.width(&page_label, 8.0);
        draw_text(&mut surface, LEFT, foot_y, 8.0, false, MUTED, &footer);
        draw_text(
            &mut surface,
            RIGHT - page_w,
            foot_y,
            8.0,
            false,
            MUTED,
            &page_label,
        );
        surface.finish();
        page.finish();
    }
    pdf.finish()
        .map_err(|_| "the PDF writer refused the document".to_owned())
}
