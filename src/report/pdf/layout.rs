//! The page layout: blocks become drawing operations on A4 pages, and a structure tree (the
//! tags) in reading order.
//!
//! Rules that hold on paper: a heading is kept with the start of what follows; a table row is
//! never split, a table's header is repeated (as an artifact) on each page it spans, and a
//! page never starts or ends with a single row of a table that has more; a chart is never cut;
//! a signature box is never cut.

use krilla::tagging::ArtifactType;

use super::fonts::Fonts;
use crate::domain::{Lang, escape_controls};
use crate::report::doc::{Block, Chart, Document};

pub(super) const PAGE_W: f32 = 595.28;
pub(super) const PAGE_H: f32 = 841.89;
pub(super) const LEFT: f32 = 50.0;
pub(super) const RIGHT: f32 = PAGE_W - 50.0;
const TOP: f32 = 56.0;
const BOTTOM: f32 = PAGE_H - 62.0;
const WIDTH: f32 = RIGHT - LEFT;
const BODY: f32 = 9.5;
const LEADING: f32 = 13.5;

type Rgb = (u8, u8, u8);
const INK: Rgb = (29, 35, 39);
const ACCENT: Rgb = (11, 79, 108);
const MUTED: Rgb = (100, 106, 110);
const LINE: Rgb = (201, 214, 220);
const SHADE: Rgb = (238, 243, 245);
const RED: Rgb = super::RED;

/// One line of plan text for the page: controls escaped, line breaks folded.
pub(super) fn clean(s: &str) -> String {
    escape_controls(&s.replace(['\n', '\t'], " "), false).into_owned()
}

/// A structure element.
pub(super) enum Kind {
    H(u16, String),
    P,
    Div,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    THead,
    TBody,
    TR,
    ColumnHeader,
    RowHeader,
    TD,
    Figure(String),
}

pub(super) struct Group {
    pub(super) kind: Kind,
    pub(super) children: Vec<SNode>,
}

pub(super) enum SNode {
    Group(Group),
    /// Content drawn on a page, by leaf number.
    Leaf(usize),
}

/// What drawn content is to the structure: part of it, or an artifact.
pub(super) enum Mark {
    Leaf(usize),
    Artifact(ArtifactType),
}

/// One line of text, in logical order; `y` is the baseline, from the top of the page.
pub(super) struct TextOp {
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) size: f32,
    pub(super) bold: bool,
    pub(super) color: Rgb,
    pub(super) text: String,
    /// The field the text belongs to, for warnings.
    pub(super) field: String,
    pub(super) mark: Mark,
}

/// One drawing instruction, in points from the top-left corner.
pub(super) enum Op {
    Text(TextOp),
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
        mark: Mark,
    },
    Line {
        points: Vec<(f32, f32)>,
        color: Rgb,
        width: f32,
        closed: bool,
        mark: Mark,
    },
    Dot {
        x: f32,
        y: f32,
        r: f32,
        color: Rgb,
        mark: Mark,
    },
}

const DECOR: Mark = Mark::Artifact(ArtifactType::Layout);

/// A table laid out: column widths, wrapped cells and row heights.
struct TablePlan {
    widths: Vec<f32>,
    total: f32,
    header: Vec<Vec<String>>,
    header_h: f32,
    rows: Vec<Vec<Vec<String>>>,
    heights: Vec<f32>,
}

const CELL_PAD: f32 = 4.0;
const CELL_SIZE: f32 = BODY - 0.5;

/// How a table row is drawn.
#[derive(Clone, Copy, PartialEq)]
enum RowKind {
    Header,
    /// The header again on a following page: an artifact.
    RepeatedHeader,
    Body,
}

pub(super) struct Layout {
    pub(super) fonts: Fonts,
    pub(super) pages: Vec<Vec<Op>>,
    pub(super) y: f32,
    lang: Lang,
    pub(super) root: Group,
    stack: Vec<Group>,
    next_leaf: usize,
    /// The field text belongs to, for warnings.
    field: String,
    /// The current section's heading.
    section: String,
    /// Headings: (text, page, y).
    pub(super) outline: Vec<(String, usize, f32)>,
}

impl Layout {
    pub(super) fn new(fonts: Fonts, lang: Lang) -> Layout {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: TOP,
            lang,
            root: Group {
                kind: Kind::Div,
                children: Vec::new(),
            },
            stack: Vec::new(),
            next_leaf: 0,
            field: String::new(),
            section: String::new(),
            outline: Vec::new(),
        }
    }

    // --- structure -------------------------------------------------------------------------

    fn open(&mut self, kind: Kind) {
        self.stack.push(Group {
            kind,
            children: Vec::new(),
        });
    }

    fn close(&mut self) {
        if let Some(g) = self.stack.pop() {
            self.current().children.push(SNode::Group(g));
        }
    }

    fn current(&mut self) -> &mut Group {
        match self.stack.last_mut() {
            Some(g) => g,
            None => &mut self.root,
        }
    }

    fn leaf(&mut self) -> Mark {
        let id = self.next_leaf;
        self.next_leaf += 1;
        self.current().children.push(SNode::Leaf(id));
        Mark::Leaf(id)
    }

    // --- pages -----------------------------------------------------------------------------

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

    fn width(&mut self, text: &str, size: f32, bold: bool) -> f32 {
        self.fonts.width(text, size, bold)
    }

    /// Greedy word wrap to `width` points.
    fn wrap(&mut self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let text = clean(text);
        let space = self.width(" ", size, bold);
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let w = self.width(word, size, bold);
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
                let gw = self.width(g, size, bold);
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

    /// A line of text at the cursor's baseline.
    #[allow(clippy::too_many_arguments)]
    fn text_at(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: String,
        mark: Mark,
    ) {
        let field = self.field.clone();
        self.page().push(Op::Text(TextOp {
            x,
            y,
            size,
            bold,
            color,
            text,
            field,
            mark,
        }));
    }

    /// Wrapped text starting at `x`, advancing the cursor line by line; each line is a leaf of
    /// the open structure element.
    fn lines(&mut self, text: &str, x: f32, width: f32, size: f32, bold: bool, color: Rgb) {
        let lead = (size * 1.4).max(LEADING);
        for line in self.wrap(text, size, bold, width) {
            self.need(lead);
            self.y += lead;
            let mark = self.leaf();
            let y = self.y;
            self.text_at(x, y, size, bold, color, line, mark);
        }
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.page().push(Op::Rect {
            x,
            y,
            w,
            h,
            color,
            mark: DECOR,
        });
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32, color: Rgb, width: f32) {
        self.page().push(Op::Line {
            points: vec![(x1, y), (x2, y)],
            color,
            width,
            closed: false,
            mark: DECOR,
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb, width: f32, mark: Mark) {
        self.page().push(Op::Line {
            points: vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)],
            color,
            width,
            closed: true,
            mark,
        });
    }

    // --- the document ----------------------------------------------------------------------

    pub(super) fn document(&mut self, doc: &Document) {
        // The stamp comes first in reading order; it is drawn at the top right of every page.
        if !doc.stamp.is_empty() {
            self.open(Kind::P);
            let mark = self.leaf();
            self.stamp(&doc.stamp, mark);
            self.close();
        }
        self.field = self.lang.pick("title", "titre").to_owned();
        self.open(Kind::H(1, clean(&doc.title)));
        self.lines(&doc.title, LEFT, WIDTH, 18.0, true, ACCENT);
        self.close();
        self.y += 4.0;
        if !doc.subtitle.is_empty() {
            self.field = self.lang.pick("subtitle", "sous-titre").to_owned();
            self.open(Kind::P);
            self.lines(&doc.subtitle, LEFT, WIDTH, BODY, false, MUTED);
            self.close();
        }
        self.y += 4.0;
        for (i, block) in doc.blocks.iter().enumerate() {
            self.block(block, doc.blocks.get(i + 1));
        }
    }

    /// The stamp: red capitals in a red box, top right.
    fn stamp(&mut self, stamp: &str, mark: Mark) {
        stamp_ops(
            &mut self.fonts,
            self.pages.last_mut(),
            &self.field,
            stamp,
            mark,
        );
    }

    fn block(&mut self, block: &Block, next: Option<&Block>) {
        self.field = if self.section.is_empty() {
            self.lang.pick("text", "texte").to_owned()
        } else {
            self.section.clone()
        };
        match block {
            Block::Heading(h) => self.heading(h, next),
            Block::Paragraph(p) => {
                for part in p.split('\n') {
                    self.open(Kind::P);
                    self.lines(part, LEFT, WIDTH, BODY, false, INK);
                    self.close();
                }
                self.y += 3.0;
            }
            Block::Note(n) => self.note(n),
            Block::Bullets(items) => self.bullets(items),
            Block::Fields(fields) => {
                self.fields(fields);
                self.y += 3.0;
            }
            Block::Table(t) => {
                let plan = self.plan_table(&t.header, &t.rows);
                self.table(&plan, &t.header);
            }
            Block::Chart(c) => self.chart(c),
            Block::Signatures(people) => self.signatures(people),
        }
    }

    /// The least height of `block` that must stay with a heading above it.
    fn keep_height(&mut self, block: Option<&Block>) -> f32 {
        let Some(block) = block else {
            return 0.0;
        };
        let first_lines = |me: &mut Layout, text: &str, width: f32| {
            let first = text.split('\n').next().unwrap_or("");
            me.wrap(first, BODY, false, width).len().min(2) as f32 * LEADING
        };
        match block {
            Block::Heading(_) => LEADING * 3.0,
            Block::Paragraph(p) => first_lines(self, p, WIDTH),
            Block::Note(n) => first_lines(self, n, WIDTH - 18.0) + 11.0,
            Block::Bullets(items) => items
                .first()
                .map_or(0.0, |i| first_lines(self, i, WIDTH - 12.0)),
            Block::Fields(fields) => fields
                .first()
                .map_or(0.0, |(_, v)| first_lines(self, v, WIDTH * 0.6)),
            Block::Table(t) => {
                let plan = self.plan_table(&t.header, &t.rows);
                8.0 + plan.header_h + plan.heights.iter().take(2).sum::<f32>()
            }
            Block::Chart(c) => self.chart_height(c),
            Block::Signatures(people) => signature_height(people.len()),
        }
    }

    fn heading(&mut self, text: &str, next: Option<&Block>) {
        let lines = self.wrap(text, 12.5, true, WIDTH).len() as f32;
        let own = 10.0 + lines * (12.5_f32 * 1.4).max(LEADING) + 6.0;
        let keep = self.keep_height(next).min(BOTTOM - TOP - own);
        self.need(own + keep);
        self.y += 10.0;
        self.section = clean(text);
        self.field = self.section.clone();
        self.outline
            .push((self.section.clone(), self.pages.len() - 1, self.y));
        self.open(Kind::H(2, self.section.clone()));
        self.lines(text, LEFT, WIDTH, 12.5, true, ACCENT);
        self.close();
        self.y += 4.0;
        let y = self.y;
        self.rule(LEFT, RIGHT, y, LINE, 0.6);
        self.y += 2.0;
    }

    fn bullets(&mut self, items: &[String]) {
        self.open(Kind::L);
        for item in items {
            self.need(LEADING);
            self.open(Kind::LI);
            self.open(Kind::Lbl);
            let mark = self.leaf();
            let y = self.y + LEADING;
            self.text_at(LEFT + 2.0, y, BODY, false, ACCENT, "•".to_owned(), mark);
            self.close();
            self.open(Kind::LBody);
            self.lines(item, LEFT + 12.0, WIDTH - 12.0, BODY, false, INK);
            self.close();
            self.close();
        }
        self.close();
        self.y += 3.0;
    }

    /// Label–value pairs: a two-column table whose labels are row headers.
    fn fields(&mut self, fields: &[(String, String)]) {
        let colon = self.lang.pick(":", "\u{a0}:");
        let label_w = fields
            .iter()
            .map(|(l, _)| {
                let l = format!("{}{colon}", clean(l));
                self.width(&l, BODY, true)
            })
            .fold(0.0_f32, f32::max)
            .min(WIDTH * 0.38)
            + 8.0;
        self.open(Kind::Table);
        self.open(Kind::TBody);
        for (label, value) in fields {
            self.field = clean(label);
            let labels = self.wrap(&format!("{label}{colon}"), BODY, true, label_w - 8.0);
            let values = self.wrap(value, BODY, false, WIDTH - label_w);
            let rows = labels.len().max(values.len());
            self.need(LEADING * rows as f32);
            let top = self.y;
            self.open(Kind::TR);
            self.open(Kind::RowHeader);
            for (i, l) in labels.into_iter().enumerate() {
                let mark = self.leaf();
                self.text_at(
                    LEFT,
                    top + LEADING * (i + 1) as f32,
                    BODY,
                    true,
                    INK,
                    l,
                    mark,
                );
            }
            self.close();
            self.open(Kind::TD);
            for (i, v) in values.into_iter().enumerate() {
                let mark = self.leaf();
                let y = top + LEADING * (i + 1) as f32;
                self.text_at(LEFT + label_w, y, BODY, false, INK, v, mark);
            }
            self.close();
            self.close();
            self.y = top + LEADING * rows as f32;
        }
        self.close();
        self.close();
    }

    fn note(&mut self, text: &str) {
        let parts: Vec<Vec<String>> = text
            .split('\n')
            .map(|p| self.wrap(p, BODY, false, WIDTH - 18.0))
            .collect();
        let lines: Vec<(usize, String)> = parts
            .into_iter()
            .enumerate()
            .flat_map(|(i, p)| p.into_iter().map(move |l| (i, l)))
            .collect();
        self.open(Kind::Div);
        let mut open_part = None;
        let mut start = 0;
        while start < lines.len() {
            self.need(LEADING * 2.0 + 8.0);
            let fit = (((BOTTOM - self.y - 8.0) / LEADING).floor() as usize).max(1);
            let end = (start + fit).min(lines.len());
            let h = LEADING * (end - start) as f32 + 8.0;
            let y = self.y + 3.0;
            self.rect(LEFT, y, WIDTH, h, SHADE);
            self.rect(LEFT, y, 2.5, h, ACCENT);
            self.y += 3.0;
            for (part, line) in &lines[start..end] {
                if open_part != Some(*part) {
                    if open_part.is_some() {
                        self.close();
                    }
                    self.open(Kind::P);
                    open_part = Some(*part);
                }
                self.y += LEADING;
                let mark = self.leaf();
                let y = self.y;
                self.text_at(LEFT + 10.0, y, BODY, false, INK, line.clone(), mark);
            }
            self.y += 8.0;
            start = end;
        }
        if open_part.is_some() {
            self.close();
        }
        self.close();
    }

    // --- tables ----------------------------------------------------------------------------

    fn plan_table(&mut self, header: &[String], rows: &[Vec<String>]) -> TablePlan {
        let n = header.len().max(1);
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                (0..n)
                    .map(|i| r.get(i).cloned().unwrap_or_default())
                    .collect()
            })
            .collect();
        let header: Vec<String> = (0..n)
            .map(|i| header.get(i).cloned().unwrap_or_default())
            .collect();
        // Natural widths, then the widest columns give way until the table fits.
        let mut widths: Vec<f32> = (0..n)
            .map(|i| {
                let head = self.width(&clean(&header[i]), CELL_SIZE, true);
                rows.iter()
                    .map(|r| self.width(&clean(&r[i]), CELL_SIZE, false))
                    .fold(head, f32::max)
                    + 2.0 * CELL_PAD
            })
            .collect();
        while widths.iter().sum::<f32>() > WIDTH {
            let Some((i, w)) = widths
                .iter()
                .copied()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(&b.1))
            else {
                break;
            };
            if w <= 50.0 {
                break;
            }
            widths[i] = (w - 4.0).max(50.0);
        }
        let total = widths.iter().sum::<f32>().min(WIDTH);
        let cells = |me: &mut Layout, row: &[String], bold: bool| -> Vec<Vec<String>> {
            row.iter()
                .zip(&widths)
                .map(|(c, w)| me.wrap(c, CELL_SIZE, bold, w - 2.0 * CELL_PAD))
                .collect()
        };
        let head = cells(self, &header, true);
        let body: Vec<Vec<Vec<String>>> = rows.iter().map(|r| cells(self, r, false)).collect();
        let height =
            |c: &Vec<Vec<String>>| LEADING * c.iter().map(Vec::len).max().unwrap_or(1) as f32 + 6.0;
        TablePlan {
            header_h: height(&head),
            heights: body.iter().map(height).collect(),
            widths,
            total,
            header: head,
            rows: body,
        }
    }

    fn table_row(
        &mut self,
        plan: &TablePlan,
        cells: &[Vec<String>],
        kind: RowKind,
        header: &[String],
    ) {
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
        let h = LEADING * lines as f32 + 4.0;
        let top = self.y + 2.0;
        let bold = kind != RowKind::Body;
        if bold {
            self.rect(LEFT, top, plan.total, h, SHADE);
        }
        if kind != RowKind::RepeatedHeader {
            self.open(Kind::TR);
        }
        let mut x = LEFT;
        for (i, (col, w)) in cells.iter().zip(&plan.widths).enumerate() {
            let column = header.get(i).map(|h| clean(h)).unwrap_or_default();
            self.field = match (self.section.is_empty(), column.is_empty()) {
                (false, false) => format!("{} › {column}", self.section),
                (true, false) => column,
                _ => self.section.clone(),
            };
            match kind {
                RowKind::Header => self.open(Kind::ColumnHeader),
                RowKind::Body => self.open(Kind::TD),
                RowKind::RepeatedHeader => {}
            }
            let mut y = top;
            for line in col {
                y += LEADING;
                let mark = match kind {
                    RowKind::RepeatedHeader => Mark::Artifact(ArtifactType::PaginationOther),
                    _ => self.leaf(),
                };
                self.text_at(
                    x + CELL_PAD,
                    y - 1.0,
                    CELL_SIZE,
                    bold,
                    INK,
                    line.clone(),
                    mark,
                );
            }
            if kind != RowKind::RepeatedHeader {
                self.close();
            }
            x += w;
        }
        if kind != RowKind::RepeatedHeader {
            self.close();
        }
        self.y = top + h;
        let y = self.y;
        self.rule(LEFT, LEFT + plan.total, y, LINE, 0.6);
    }

    fn table(&mut self, plan: &TablePlan, header: &[String]) {
        let first_two: f32 = plan.heights.iter().take(2).sum();
        self.need(8.0 + plan.header_h + first_two);
        self.y += 4.0;
        self.open(Kind::Table);
        self.open(Kind::THead);
        self.table_row(plan, &plan.header, RowKind::Header, header);
        self.close();
        self.open(Kind::TBody);
        let chunks = paginate(&plan.heights, BOTTOM - self.y, BOTTOM - TOP - plan.header_h);
        for (k, chunk) in chunks.into_iter().enumerate() {
            if k > 0 {
                self.new_page();
                self.table_row(plan, &plan.header, RowKind::RepeatedHeader, header);
            }
            for i in chunk {
                self.table_row(plan, &plan.rows[i], RowKind::Body, header);
            }
        }
        self.close();
        self.close();
        self.y += 4.0;
    }

    // --- charts ----------------------------------------------------------------------------

    fn chart_height(&mut self, c: &Chart) -> f32 {
        let title = self.wrap(&c.title, BODY, true, WIDTH).len() as f32;
        let caption = if c.caption.is_empty() {
            0.0
        } else {
            self.wrap(&c.caption, BODY, false, WIDTH).len() as f32
        };
        (title + caption) * LEADING + CHART_H + 8.0
    }

    /// A line chart (drawn paths, points, value labels, first and last dates), then its
    /// values as a table.
    fn chart(&mut self, c: &Chart) {
        let h = self.chart_height(c);
        self.need(h);
        self.field = clean(&c.title);
        self.open(Kind::P);
        self.lines(&c.title, LEFT, WIDTH, BODY, true, INK);
        self.close();

        // The alternative text reads as a sentence: what is drawn, then each value and date.
        let alt = {
            let on = self.lang.pick("on", "le");
            let values: Vec<String> = c
                .points
                .iter()
                .zip(&c.labels)
                .map(|((d, _), l)| format!("{l} {on} {d}"))
                .collect();
            let what = self.lang.pick("Line chart of", "Courbe de");
            let count = self.lang.pick("values", "valeurs");
            clean(&format!(
                "{what} {}, {} {count}: {}. {}",
                c.title,
                c.points.len(),
                values.join(", "),
                c.caption
            ))
        };
        self.open(Kind::Figure(alt));
        let top = self.y + 6.0;
        let left = LEFT + 14.0;
        let right = RIGHT - 14.0;
        let plot_top = top + 18.0;
        let plot_bottom = top + CHART_H - 26.0;
        // Frame: the baseline and two guides, light.
        for y in [plot_top, (plot_top + plot_bottom) / 2.0, plot_bottom] {
            let color = if y == plot_bottom { MUTED } else { LINE };
            let mark = self.leaf();
            self.page().push(Op::Line {
                points: vec![(LEFT, y), (RIGHT, y)],
                color,
                width: 0.5,
                closed: false,
                mark,
            });
        }
        let values: Vec<f64> = c.points.iter().map(|(_, v)| *v).collect();
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let n = values.len();
        let x_at = |i: usize| -> f32 {
            if n <= 1 {
                (left + right) / 2.0
            } else {
                left + (right - left) * i as f32 / (n - 1) as f32
            }
        };
        let y_at = |v: f64| -> f32 {
            if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
                (plot_top + plot_bottom) / 2.0
            } else {
                let t = ((v - lo) / (hi - lo)) as f32;
                plot_bottom - 6.0 - t * (plot_bottom - plot_top - 12.0)
            }
        };
        let points: Vec<(f32, f32)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (x_at(i), y_at(*v)))
            .collect();
        if points.len() > 1 {
            let mark = self.leaf();
            self.page().push(Op::Line {
                points: points.clone(),
                color: ACCENT,
                width: 1.6,
                closed: false,
                mark,
            });
        }
        // Label every point when they fit, else the first, the last, the lowest and highest.
        let crowded = n > 1 && (right - left) / (n - 1) as f32 / 28.0 < 1.0;
        let lo_i = values.iter().position(|v| *v == lo);
        let hi_i = values.iter().position(|v| *v == hi);
        for (i, (x, y)) in points.iter().enumerate() {
            let mark = self.leaf();
            self.page().push(Op::Dot {
                x: *x,
                y: *y,
                r: 2.6,
                color: ACCENT,
                mark,
            });
            let shown = !crowded || i == 0 || i + 1 == n || Some(i) == lo_i || Some(i) == hi_i;
            if let (true, Some(label)) = (shown, c.labels.get(i)) {
                let label = clean(label);
                let w = self.width(&label, 8.0, true);
                let lx = (x - w / 2.0).clamp(LEFT, RIGHT - w);
                let mark = self.leaf();
                self.text_at(lx, y - 6.0, 8.0, true, INK, label, mark);
            }
        }
        // Dates: the first under the first point, the last under the last.
        let dates: Vec<usize> = match n {
            0 => vec![],
            1 => vec![0],
            _ => vec![0, n - 1],
        };
        for i in dates {
            let date = clean(&c.points[i].0);
            let w = self.width(&date, 8.0, false);
            let x = if n > 1 && i == n - 1 {
                (x_at(i) - w).max(LEFT)
            } else if n == 1 {
                x_at(i) - w / 2.0
            } else {
                x_at(i)
            };
            let mark = self.leaf();
            self.text_at(
                x.max(LEFT),
                plot_bottom + 12.0,
                8.0,
                false,
                MUTED,
                date,
                mark,
            );
        }
        self.close();
        self.y = top + CHART_H;
        if !c.caption.is_empty() {
            self.open(Kind::P);
            self.lines(&c.caption, LEFT, WIDTH, BODY, false, MUTED);
            self.close();
        }
        self.y += 2.0;
        let header = vec![c.header.0.clone(), c.header.1.clone()];
        let rows: Vec<Vec<String>> = c
            .points
            .iter()
            .enumerate()
            .map(|(i, (d, v))| {
                vec![
                    d.clone(),
                    c.labels.get(i).cloned().unwrap_or_else(|| v.to_string()),
                ]
            })
            .collect();
        if !rows.is_empty() {
            let plan = self.plan_table(&header, &rows);
            self.table(&plan, &header);
        }
    }

    // --- signatures ------------------------------------------------------------------------

    /// Labelled boxes, two side by side: role, name, room to sign, a line for the date.
    fn signatures(&mut self, people: &[(String, String)]) {
        let gap = 16.0;
        let w = (WIDTH - gap) / 2.0;
        self.y += 6.0;
        for pair in people.chunks(2) {
            self.need(SIGN_H + 8.0);
            let top = self.y + 4.0;
            for (k, (role, name)) in pair.iter().enumerate() {
                let x = LEFT + k as f32 * (w + gap);
                self.field = clean(role);
                self.frame(x, top, w, SIGN_H, LINE, 0.8, DECOR);
                self.open(Kind::Div);
                self.open(Kind::P);
                let role_line = self
                    .wrap(role, BODY - 1.0, true, w - 16.0)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                let mark = self.leaf();
                self.text_at(
                    x + 8.0,
                    top + 14.0,
                    BODY - 1.0,
                    true,
                    ACCENT,
                    role_line,
                    mark,
                );
                let name_line = self
                    .wrap(name, BODY, false, w - 16.0)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                let mark = self.leaf();
                self.text_at(x + 8.0, top + 28.0, BODY, false, INK, name_line, mark);
                self.close();
                self.rule(x + 8.0, x + w - 8.0, top + 76.0, MUTED, 0.6);
                self.open(Kind::P);
                let sign = self.lang.pick("Signature", "Signature").to_owned();
                let mark = self.leaf();
                self.text_at(x + 8.0, top + 86.0, 7.5, false, MUTED, sign, mark);
                let date = format!(
                    "{}{}",
                    self.lang.pick("Date", "Date"),
                    self.lang.pick(":", "\u{a0}:")
                );
                let dw = self.width(&date, BODY - 1.0, false);
                let mark = self.leaf();
                self.text_at(
                    x + 8.0,
                    top + SIGN_H - 9.0,
                    BODY - 1.0,
                    false,
                    INK,
                    date,
                    mark,
                );
                self.close();
                self.close();
                self.rule(x + 12.0 + dw, x + w - 8.0, top + SIGN_H - 8.0, MUTED, 0.6);
            }
            self.y = top + SIGN_H + 8.0;
        }
    }
}

const CHART_H: f32 = 130.0;
const SIGN_H: f32 = 118.0;

fn signature_height(people: usize) -> f32 {
    6.0 + people.div_ceil(2).min(1) as f32 * (SIGN_H + 12.0)
}

/// Cuts rows into pages: `first` points free on the current page, `next` on each following
/// one (under the repeated header). No page ends or starts with a single row of a table
/// that has more: a lone last row takes its predecessor along.
fn paginate(heights: &[f32], first: f32, next: f32) -> Vec<std::ops::Range<usize>> {
    let mut chunks: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut room = first;
    let mut used = 0.0;
    for (i, h) in heights.iter().enumerate() {
        if used + h > room && i > start {
            chunks.push(start..i);
            start = i;
            room = next;
            used = 0.0;
        }
        used += h;
    }
    if start < heights.len() || chunks.is_empty() {
        chunks.push(start..heights.len());
    }
    for k in 1..chunks.len() {
        let (prev, this) = (chunks[k - 1].clone(), chunks[k].clone());
        let moved: f32 = heights[this.clone()].iter().sum::<f32>() + heights[prev.end - 1];
        if this.len() == 1 && prev.len() >= 3 && moved <= next {
            chunks[k - 1].end -= 1;
            chunks[k].start -= 1;
        }
    }
    chunks
}

/// The stamp's drawing on one page: red text in a red box at the top right.
fn stamp_ops(fonts: &mut Fonts, page: Option<&mut Vec<Op>>, field: &str, stamp: &str, mark: Mark) {
    let Some(page) = page else {
        return;
    };
    let text = clean(stamp);
    let size = 12.0;
    let w = fonts.width(&text, size, true) + 20.0;
    let (x, y, h) = (RIGHT - w, 20.0, 22.0);
    page.push(Op::Line {
        points: vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)],
        color: RED,
        width: 1.6,
        closed: true,
        mark: DECOR,
    });
    page.push(Op::Text(TextOp {
        x: x + 10.0,
        y: y + 15.5,
        size,
        bold: true,
        color: RED,
        text,
        field: field.to_owned(),
        mark,
    }));
}

/// What every page carries: patient and date at the foot, "Page x / y", and the stamp (an
/// artifact after the first page, where it is part of the text).
pub(super) fn furniture(
    fonts: &mut Fonts,
    ops: &mut Vec<Op>,
    doc: &Document,
    n: usize,
    count: usize,
) {
    let foot_y = PAGE_H - 34.0;
    let footer = doc.lang.pick("page footer", "pied de page");
    ops.push(Op::Text(TextOp {
        x: LEFT,
        y: foot_y,
        size: 8.0,
        bold: false,
        color: MUTED,
        text: clean(&doc.footer),
        field: footer.to_owned(),
        mark: Mark::Artifact(ArtifactType::Footer),
    }));
    let label = format!("{} {} / {count}", doc.lang.pick("Page", "Page"), n + 1);
    let w = fonts.width(&label, 8.0, false);
    ops.push(Op::Text(TextOp {
        x: RIGHT - w,
        y: foot_y,
        size: 8.0,
        bold: false,
        color: MUTED,
        text: label,
        field: footer.to_owned(),
        mark: Mark::Artifact(ArtifactType::PageNumber),
    }));
    if n > 0 && !doc.stamp.is_empty() {
        stamp_ops(
            fonts,
            Some(ops),
            doc.lang.pick("stamp", "tampon"),
            &doc.stamp,
            Mark::Artifact(ArtifactType::Header),
        );
    }
}

/// The names in the practitioner's signature box, for the author metadata.
pub(super) fn practitioners(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Signatures(people) => Some(people),
            _ => None,
        })
        .flatten()
        .filter(|(role, name)| {
            let role = role.to_lowercase();
            !name.trim().is_empty()
                && ["practitioner", "praticien", "doctor", "médecin", "docteur"]
                    .iter()
                    .any(|r| role.contains(r))
        })
        .map(|(_, name)| clean(name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::paginate;

    #[test]
    fn no_lone_row_at_the_top_of_a_page() {
        // Five rows of 10 points, 45 free: four fit, the fifth would be alone.
        let chunks = paginate(&[10.0; 5], 45.0, 100.0);
        assert_eq!(chunks, vec![0..3, 3..5]);
        // Everything fits.
        assert_eq!(paginate(&[10.0; 3], 45.0, 100.0), vec![0..3]);
        // No rows at all.
        assert_eq!(paginate(&[], 45.0, 100.0), vec![0..0]);
    }
}
