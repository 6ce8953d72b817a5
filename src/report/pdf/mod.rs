//! PDF rendering: A4, tagged, PDF/A-2a and PDF/UA-1 as validated by krilla.
//!
//! krilla writes the PDF and checks it against both standards while writing (a document that
//! would break one is refused, not written); the layout is ours ([`layout`]): text is measured
//! with the fonts' own advance widths and wrapped greedily, lines go through the Unicode bidi
//! algorithm ([`bidi`]) and are shaped with rustybuzz, glyphs DejaVu Sans lacks come from the
//! system's fonts ([`Fallback`]), and every page carries the patient, the date, "page x / y"
//! and the document's stamp (DRAFT) at its top right.

pub mod bidi;
mod fonts;
mod layout;

use std::collections::HashMap;
use std::fmt;

use krilla::Document as PdfDocument;
use krilla::SerializeSettings;
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ContentTag, Identifier, ListNumbering, Node, SpanTag, Tag, TagGroup, TagKind, TagTree,
};

pub use fonts::Fallback;
use fonts::{Fonts, REPLACEMENT, ignorable};
use layout::{Group, Kind, Layout, Mark, Op, SNode, TextOp};

use super::doc::Document;

/// The standards every PDF is written to; krilla refuses to write a document that breaks one.
pub const CONFORMANCE: &str = "PDF/A-2a (ISO 19005-2, level A) and PDF/UA-1 (ISO 14289-1)";

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Where glyphs that DejaVu Sans lacks come from.
    pub fallback: Fallback,
    /// The document's author (the practitioner); without it, the names of the practitioner's
    /// signature box are used, if the document has one.
    pub author: Option<String>,
    /// The creation date written in the metadata; now when unset.
    pub created: Option<jiff::Timestamp>,
}

/// Characters of one field that no font could draw (printed as U+FFFD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Which field: its label, or the section and column it is in.
    pub field: String,
    pub chars: Vec<char>,
}

impl Warning {
    /// The warning in `lang`.
    pub fn message(&self, lang: crate::domain::Lang) -> String {
        let chars: Vec<String> = self
            .chars
            .iter()
            .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
            .collect();
        match lang {
            crate::domain::Lang::En => format!(
                "PDF: no installed font can draw {} in \u{ab}{}\u{bb}; printed as \u{fffd} \
                 (install a font that has them, e.g. fonts-noto-cjk for Chinese, Japanese and Korean)",
                chars.join(", "),
                self.field
            ),
            crate::domain::Lang::Fr => format!(
                "PDF : aucune police installée ne sait dessiner {} dans \u{ab} {} \u{bb} ; imprimé en \u{fffd} \
                 (installer une police qui les a, par exemple fonts-noto-cjk pour le chinois, le japonais et le coréen)",
                chars.join(", "),
                self.field
            ),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(crate::domain::Lang::En))
    }
}

/// A rendered PDF and what could not be drawn in it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub warnings: Vec<Warning>,
    /// The system fonts that drew glyphs DejaVu Sans lacks, by family.
    pub fallback_fonts: Vec<String>,
}

/// Renders a document as an A4 PDF (system fallback fonts, warnings dropped).
pub fn render(doc: &Document) -> Result<Vec<u8>, String> {
    render_with(doc, &Options::default()).map(|r| r.bytes)
}

const RED: (u8, u8, u8) = (164, 38, 44);

fn fill(c: (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn stroke(c: (u8, u8, u8), width: f32) -> Stroke {
    Stroke {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        ..Stroke::default()
    }
}

/// Renders a document as an A4 PDF, with the warnings about characters no font could draw.
pub fn render_with(doc: &Document, options: &Options) -> Result<Rendered, String> {
    let fonts = Fonts::new(options.fallback)?;
    let mut l = Layout::new(fonts, doc.lang);
    l.document(doc);
    let Layout {
        mut fonts,
        mut pages,
        root,
        outline,
        ..
    } = l;

    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_A)
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| format!("PDF configuration refused: {e:?}"))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut pdf = PdfDocument::new_with(settings);
    pdf.set_metadata(metadata(doc, options));

    let count = pages.len();
    for (n, ops) in pages.iter_mut().enumerate() {
        layout::furniture(&mut fonts, ops, doc, n, count);
    }

    let mut ids: HashMap<usize, Identifier> = HashMap::new();
    let mut missing: Vec<(String, char)> = Vec::new();
    let page_settings =
        PageSettings::from_wh(layout::PAGE_W, layout::PAGE_H).ok_or("bad page size")?;
    for ops in &pages {
        let mut page = pdf.start_page_with(page_settings.clone());
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, &mut fonts, op, &mut ids, &mut missing);
        }
        surface.finish();
        page.finish();
    }

    let mut tree = TagTree::new().with_lang(Some(doc.lang.code().to_owned()));
    for child in root.children {
        if let Some(node) = tag_node(child, &mut ids) {
            tree.push(node);
        }
    }
    pdf.set_tag_tree(tree);

    let mut o = Outline::new();
    for (title, page, y) in outline {
        o.push_child(OutlineNode::new(
            title,
            XyzDestination::new(page, Point::from_xy(layout::LEFT, (y - 20.0).max(0.0))),
        ));
    }
    pdf.set_outline(o);

    let bytes = pdf
        .finish()
        .map_err(|e| format!("the PDF writer refused the document: {e}"))?;
    Ok(Rendered {
        bytes,
        warnings: warnings(missing),
        fallback_fonts: fonts.faces[2..].iter().map(|f| f.family.clone()).collect(),
    })
}

/// Title, author, language, dates, creator and producer.
fn metadata(doc: &Document, options: &Options) -> Metadata {
    let title = layout::clean(&if doc.footer.is_empty() {
        doc.title.clone()
    } else {
        format!("{} — {}", doc.title, doc.footer)
    });
    let version = env!("CARGO_PKG_VERSION");
    let mut m = Metadata::new()
        .title(title)
        .language(doc.lang.code().to_owned())
        .creator(format!("trichoplan {version}"))
        .producer(format!("trichoplan {version} (krilla)"));
    let authors: Vec<String> = match &options.author {
        Some(a) => vec![layout::clean(a)],
        None => layout::practitioners(doc),
    };
    if !authors.is_empty() {
        m = m.authors(authors);
    }
    let now = options.created.unwrap_or_else(jiff::Timestamp::now);
    let t = jiff::tz::TimeZone::UTC.to_datetime(now);
    let (Ok(year), Ok(month), Ok(day), Ok(hour), Ok(minute), Ok(second)) = (
        u16::try_from(t.year()),
        u8::try_from(t.month()),
        u8::try_from(t.day()),
        u8::try_from(t.hour()),
        u8::try_from(t.minute()),
        u8::try_from(t.second()),
    ) else {
        return m;
    };
    m.creation_date(
        DateTime::new(year)
            .month(month)
            .day(day)
            .hour(hour)
            .minute(minute)
            .second(second)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

/// Missing characters grouped by field, in the order met.
fn warnings(missing: Vec<(String, char)>) -> Vec<Warning> {
    let mut out: Vec<Warning> = Vec::new();
    for (field, c) in missing {
        match out.iter_mut().find(|w| w.field == field) {
            Some(w) => {
                if !w.chars.contains(&c) {
                    w.chars.push(c);
                }
            }
            None => out.push(Warning {
                field,
                chars: vec![c],
            }),
        }
    }
    out
}

fn tag_kind(kind: Kind) -> TagKind {
    use krilla::tagging::TableHeaderScope;
    use std::num::NonZeroU16;
    let level = |n: u16| NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN);
    match kind {
        Kind::H(n, title) => Tag::Hn(level(n), Some(title)).into(),
        Kind::P => Tag::P.into(),
        Kind::Div => Tag::Div.into(),
        Kind::L => Tag::L(ListNumbering::Disc).into(),
        Kind::LI => Tag::LI.into(),
        Kind::Lbl => Tag::Lbl.into(),
        Kind::LBody => Tag::LBody.into(),
        Kind::Table => Tag::Table.into(),
        Kind::THead => Tag::THead.into(),
        Kind::TBody => Tag::TBody.into(),
        Kind::TR => Tag::TR.into(),
        Kind::ColumnHeader => Tag::TH(TableHeaderScope::Column).into(),
        Kind::RowHeader => Tag::TH(TableHeaderScope::Row).into(),
        Kind::TD => Tag::TD.into(),
        Kind::Figure(alt) => Tag::Figure(Some(alt)).into(),
    }
}

fn tag_node(node: SNode, ids: &mut HashMap<usize, Identifier>) -> Option<Node> {
    match node {
        SNode::Leaf(id) => ids.remove(&id).map(Node::Leaf),
        SNode::Group(Group { kind, children }) => {
            let children: Vec<Node> = children
                .into_iter()
                .filter_map(|c| tag_node(c, ids))
                .collect();
            (!children.is_empty())
                .then(|| Node::Group(TagGroup::with_children(tag_kind(kind), children)))
        }
    }
}

fn content_tag<'a>(mark: &Mark, actual: Option<&'a str>, text: bool) -> ContentTag<'a> {
    match mark {
        Mark::Artifact(kind) => ContentTag::Artifact(Artifact::with_kind(*kind)),
        Mark::Leaf(_) if text => ContentTag::Span(SpanTag::empty().with_actual_text(actual)),
        Mark::Leaf(_) => ContentTag::Other,
    }
}

fn draw(
    surface: &mut Surface,
    fonts: &mut Fonts,
    op: &Op,
    ids: &mut HashMap<usize, Identifier>,
    missing: &mut Vec<(String, char)>,
) {
    let (mark, id) = match op {
        Op::Text(t) => {
            let before = missing.len();
            let runs = shape_line(fonts, t, missing);
            // The real text, for extraction and assistive technology, where a character was
            // replaced. (Not for right-to-left runs: readers reorder the glyphs themselves.)
            let actual = (missing.len() > before).then_some(t.text.as_str());
            let id = surface.start_tagged(content_tag(&t.mark, actual, true));
            surface.set_fill(Some(fill(t.color)));
            surface.set_stroke(None);
            let mut x = t.x;
            for (face, text, glyphs, w) in &runs {
                surface.draw_glyphs(
                    Point::from_xy(x, t.y),
                    glyphs,
                    fonts.faces[*face].font.clone(),
                    text,
                    t.size,
                    false,
                );
                x += w;
            }
            surface.end_tagged();
            (&t.mark, id)
        }
        Op::Rect {
            x,
            y,
            w,
            h,
            color,
            mark,
        } => {
            let id = surface.start_tagged(content_tag(mark, None, false));
            if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                let mut pb = PathBuilder::new();
                pb.push_rect(r);
                if let Some(path) = pb.finish() {
                    surface.set_stroke(None);
                    surface.set_fill(Some(fill(*color)));
                    surface.draw_path(&path);
                }
            }
            surface.end_tagged();
            (mark, id)
        }
        Op::Line {
            points,
            color,
            width,
            closed,
            mark,
        } => {
            let id = surface.start_tagged(content_tag(mark, None, false));
            let mut pb = PathBuilder::new();
            for (i, (x, y)) in points.iter().enumerate() {
                if i == 0 {
                    pb.move_to(*x, *y);
                } else {
                    pb.line_to(*x, *y);
                }
            }
            if *closed {
                pb.close();
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(stroke(*color, *width)));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
            surface.end_tagged();
            (mark, id)
        }
        Op::Dot {
            x,
            y,
            r,
            color,
            mark,
        } => {
            let id = surface.start_tagged(content_tag(mark, None, false));
            // A circle from four Bézier arcs.
            let k = 0.552_284_8 * r;
            let mut pb = PathBuilder::new();
            pb.move_to(x + r, *y);
            pb.cubic_to(x + r, y + k, x + k, y + r, *x, y + r);
            pb.cubic_to(x - k, y + r, x - r, y + k, x - r, *y);
            pb.cubic_to(x - r, y - k, x - k, y - r, *x, y - r);
            pb.cubic_to(x + k, y - r, x + r, y - k, x + r, *y);
            pb.close();
            if let Some(path) = pb.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*color)));
                surface.draw_path(&path);
            }
            surface.end_tagged();
            (mark, id)
        }
    };
    if let Mark::Leaf(leaf) = mark {
        ids.insert(*leaf, id);
    }
}

/// A line shaped for drawing: (face, text, glyphs, width) in visual order.
type Shaped = Vec<(usize, String, Vec<krilla::text::KrillaGlyph>, f32)>;

/// Bidi runs in visual order, each cut where the font changes; characters no font has become
/// U+FFFD and are noted with the field they are in.
fn shape_line(fonts: &mut Fonts, t: &TextOp, missing: &mut Vec<(String, char)>) -> Shaped {
    use unicode_segmentation::UnicodeSegmentation;
    let own = usize::from(t.bold);
    let mut out = Vec::new();
    for (run, rtl) in bidi::visual_runs(&t.text) {
        let mut segments: Vec<(usize, String)> = Vec::new();
        for g in run.graphemes(true) {
            let base = g.chars().find(|c| !ignorable(*c));
            let (face, text) = match base.map(|c| fonts.face_for(c, t.bold)) {
                None => (own, g.to_owned()),
                Some(Some(face)) => (face, g.to_owned()),
                Some(None) => {
                    for c in g.chars().filter(|c| !ignorable(*c)) {
                        missing.push((t.field.clone(), c));
                    }
                    (own, REPLACEMENT.to_string())
                }
            };
            match segments.last_mut() {
                Some((f, s)) if *f == face => s.push_str(&text),
                _ => segments.push((face, text)),
            }
        }
        if rtl {
            segments.reverse();
        }
        for (face, text) in segments {
            let (glyphs, w) = fonts.faces[face].shape(&text, t.size, rtl);
            out.push((face, text, glyphs, w));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::doc::{Block, Chart};

    fn doc() -> Document {
        let mut d = Document {
            title: "Votre plan de soins".into(),
            subtitle: "سارة أحمد · mis à jour le 2026-12-14".into(),
            footer: "سارة أحمد · plan du 2026-12-14".into(),
            stamp: "BROUILLON".into(),
            ..Document::default()
        };
        d.heading("Patient");
        d.fields(vec![("Nom".into(), "王小明".into())]);
        d.push(Block::Chart(Chart {
            title: "Ferritine (ng/mL)".into(),
            points: vec![("1 mars".into(), 18.0), ("1 juin".into(), 42.5)],
            labels: vec!["18".into(), "42,5".into()],
            caption: "En hausse".into(),
            header: ("Date".into(), "Valeur".into()),
        }));
        d.push(Block::Signatures(vec![
            ("Patient".into(), "Camille".into()),
            ("Praticien".into(), "Dr Martin".into()),
        ]));
        d
    }

    #[test]
    fn a_missing_glyph_is_a_warning_naming_the_field() {
        let options = Options {
            fallback: Fallback::None,
            ..Options::default()
        };
        let r = render_with(&doc(), &options).unwrap();
        assert!(r.bytes.starts_with(b"%PDF-1.7"));
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert_eq!(r.warnings[0].field, "Nom");
        assert_eq!(r.warnings[0].chars, vec!['王', '小', '明']);
        assert!(r.warnings[0].to_string().contains("U+738B"));
    }

    #[test]
    fn the_practitioner_is_the_author() {
        assert_eq!(layout::practitioners(&doc()), vec!["Dr Martin".to_owned()]);
    }
}
