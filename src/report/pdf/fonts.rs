//! Fonts for the PDF: DejaVu Sans (bundled) first, then the system's fonts for the glyphs it
//! lacks (CJK and others), found with `fontdb` in the usual font folders.
//!
//! A fallback face is used only when it may be embedded without restriction (OS/2 `fsType`),
//! draws its glyphs as outlines (no colour or bitmap fonts: they do not belong in an archival
//! PDF) and maps the character. A character that no font has is drawn as U+FFFD and reported by
//! the caller as a warning naming the field.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider, Tag};

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// What a character is drawn with when no font has it.
pub(super) const REPLACEMENT: char = '\u{FFFD}';

/// Where the glyphs that DejaVu Sans lacks are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fallback {
    /// The fonts installed on the system (`/usr/share/fonts`, `~/.local/share/fonts`, …).
    #[default]
    System,
    /// Only the bundled DejaVu Sans: every other glyph is reported missing.
    None,
}

/// A face's bytes and its index in its file.
type Loaded = (Arc<Vec<u8>>, u32);

/// One usable system face.
struct Candidate {
    id: fontdb::ID,
    family: String,
    weight: u16,
    italic: bool,
}

/// The system's fonts, scanned once per process.
struct System {
    db: fontdb::Database,
    /// Usable faces, in order of preference (sans families first, then by name).
    faces: Vec<Candidate>,
    /// Which face draws a character, regular and bold.
    chosen: Mutex<HashMap<(char, bool), Option<usize>>>,
    /// The bytes of faces that were used.
    data: Mutex<HashMap<usize, Loaded>>,
}

fn system() -> &'static System {
    static SYSTEM: OnceLock<System> = OnceLock::new();
    SYSTEM.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let mut faces: Vec<Candidate> = db
            .faces()
            .filter(|f| !f.families.is_empty())
            .filter(|f| db.with_face_data(f.id, usable).unwrap_or(false))
            .map(|f| Candidate {
                id: f.id,
                family: f.families[0].0.clone(),
                weight: f.weight.0,
                italic: f.style != fontdb::Style::Normal,
            })
            .collect();
        faces.sort_by(|a, b| {
            let key = |c: &Candidate| {
                (
                    !c.family.contains("Sans"),
                    c.family.contains("Mono"),
                    c.family.clone(),
                    c.italic,
                    c.weight,
                )
            };
            key(a).cmp(&key(b))
        });
        System {
            db,
            faces,
            chosen: Mutex::new(HashMap::new()),
            data: Mutex::new(HashMap::new()),
        }
    })
}

/// Whether a face may serve as a fallback in an archival PDF.
fn usable(data: &[u8], index: u32) -> bool {
    let Ok(font) = FontRef::from_index(data, index) else {
        return false;
    };
    let has = |t: &[u8; 4]| font.table_data(Tag::new(t)).is_some();
    let outlines = has(b"glyf") || has(b"CFF ") || has(b"CFF2");
    let colour = has(b"COLR") || has(b"CBDT") || has(b"sbix") || has(b"SVG ");
    // Bit 1 alone is "restricted licence embedding" (as krilla checks it).
    let restricted = font.os2().is_ok_and(|os2| os2.fs_type() & 0xF == 2);
    outlines && !colour && !restricted
}

fn maps(data: &[u8], index: u32, c: char) -> bool {
    FontRef::from_index(data, index).is_ok_and(|f| f.charmap().map(c).is_some())
}

impl System {
    /// The preferred face that maps `c`: within the first family that has it, the face
    /// closest to the wanted weight.
    fn find(&self, c: char, bold: bool) -> Option<usize> {
        if let Ok(chosen) = self.chosen.lock()
            && let Some(found) = chosen.get(&(c, bold))
        {
            return *found;
        }
        let covers = |i: usize| {
            self.db
                .with_face_data(self.faces[i].id, |data, index| maps(data, index, c))
                .unwrap_or(false)
        };
        let found = (0..self.faces.len()).find(|&i| covers(i)).map(|first| {
            let family = &self.faces[first].family;
            let want: i32 = if bold { 700 } else { 400 };
            (0..self.faces.len())
                .filter(|&i| &self.faces[i].family == family && !self.faces[i].italic)
                .filter(|&i| covers(i))
                .min_by_key(|&i| (i32::from(self.faces[i].weight) - want).abs())
                .unwrap_or(first)
        });
        if let Ok(mut chosen) = self.chosen.lock() {
            chosen.insert((c, bold), found);
        }
        found
    }

    fn bytes(&self, i: usize) -> Option<Loaded> {
        let mut data = self.data.lock().ok()?;
        if let Some(d) = data.get(&i) {
            return Some(d.clone());
        }
        let d = self.db.with_face_data(self.faces[i].id, |bytes, index| {
            (Arc::new(bytes.to_vec()), index)
        })?;
        data.insert(i, d.clone());
        Some(d)
    }
}

/// One face used in a document.
pub(super) struct Face {
    data: FaceBytes,
    index: u32,
    pub(super) font: Font,
    upem: f32,
    advances: HashMap<char, f32>,
    /// The family name, for messages.
    pub(super) family: String,
}

enum FaceBytes {
    Static(&'static [u8]),
    Shared(Arc<Vec<u8>>),
}

impl FaceBytes {
    fn get(&self) -> &[u8] {
        match self {
            FaceBytes::Static(b) => b,
            FaceBytes::Shared(b) => b.as_slice(),
        }
    }
}

impl Face {
    fn new(data: FaceBytes, index: u32, family: String) -> Result<Face, String> {
        let krilla_data: krilla::Data = match &data {
            FaceBytes::Static(b) => (*b).into(),
            FaceBytes::Shared(b) => b.clone().into(),
        };
        let font =
            Font::new(krilla_data, index).ok_or_else(|| format!("font {family} unreadable"))?;
        let upem = FontRef::from_index(data.get(), index)
            .map(|f| {
                f32::from(
                    f.metrics(Size::unscaled(), LocationRef::default())
                        .units_per_em,
                )
            })
            .map_err(|e| format!("font {family} unreadable: {e}"))?;
        Ok(Face {
            data,
            index,
            font,
            upem,
            advances: HashMap::new(),
            family,
        })
    }

    fn advance(&mut self, c: char) -> f32 {
        if let Some(w) = self.advances.get(&c) {
            return *w;
        }
        let w = FontRef::from_index(self.data.get(), self.index)
            .ok()
            .and_then(|f| {
                let gid = f.charmap().map(c)?;
                f.glyph_metrics(Size::unscaled(), LocationRef::default())
                    .advance_width(gid)
            })
            .unwrap_or(self.upem / 2.0)
            / self.upem;
        self.advances.insert(c, w);
        w
    }

    fn maps(&self, c: char) -> bool {
        maps(self.data.get(), self.index, c)
    }

    /// Shapes `text` in one direction, giving krilla's glyphs and the width in points.
    pub(super) fn shape(&self, text: &str, size: f32, rtl: bool) -> (Vec<KrillaGlyph>, f32) {
        let Some(face) = rustybuzz::Face::from_slice(self.data.get(), self.index) else {
            return (Vec::new(), 0.0);
        };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        buffer.set_direction(if rtl {
            rustybuzz::Direction::RightToLeft
        } else {
            rustybuzz::Direction::LeftToRight
        });
        let output = rustybuzz::shape(&face, &[], buffer);
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        let upem = self.upem;
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            // The cluster ends where the next cluster in logical order starts.
            let next = if rtl {
                infos[..i].iter().rev().find(|o| o.cluster != info.cluster)
            } else {
                infos[i + 1..].iter().find(|o| o.cluster != info.cluster)
            };
            let end = next.map_or(text.len(), |o| o.cluster as usize);
            let end = if end < start { text.len() } else { end };
            width += pos.x_advance as f32 / upem * size;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                pos.x_advance as f32 / upem,
                pos.x_offset as f32 / upem,
                pos.y_offset as f32 / upem,
                pos.y_advance as f32 / upem,
                start..end,
                None,
            ));
        }
        (glyphs, width)
    }
}

/// Characters that are drawn as nothing and need no glyph.
pub(super) fn ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{034F}'
    ) || ('\u{FE00}'..='\u{FE0F}').contains(&c)
}

/// The faces of one document: 0 regular, 1 bold, then fallbacks as they are needed.
pub(super) struct Fonts {
    pub(super) faces: Vec<Face>,
    fallback: Fallback,
    /// System face index → index in `faces`.
    loaded: HashMap<usize, usize>,
    choice: HashMap<(char, bool), Option<usize>>,
}

impl Fonts {
    pub(super) fn new(fallback: Fallback) -> Result<Fonts, String> {
        Ok(Fonts {
            faces: vec![
                Face::new(FaceBytes::Static(REGULAR), 0, "DejaVu Sans".into())?,
                Face::new(FaceBytes::Static(BOLD), 0, "DejaVu Sans Bold".into())?,
            ],
            fallback,
            loaded: HashMap::new(),
            choice: HashMap::new(),
        })
    }

    /// The face that draws `c`, or `None` when no font has it.
    pub(super) fn face_for(&mut self, c: char, bold: bool) -> Option<usize> {
        let own = usize::from(bold);
        if ignorable(c) || self.faces[own].maps(c) {
            return Some(own);
        }
        if let Some(found) = self.choice.get(&(c, bold)) {
            return *found;
        }
        // The other weight of DejaVu before any system font.
        let found = if self.faces[1 - own].maps(c) {
            Some(1 - own)
        } else if self.fallback == Fallback::System {
            self.system_face(c, bold)
        } else {
            None
        };
        self.choice.insert((c, bold), found);
        found
    }

    fn system_face(&mut self, c: char, bold: bool) -> Option<usize> {
        let sys = system();
        let i = sys.find(c, bold)?;
        if let Some(at) = self.loaded.get(&i) {
            return Some(*at);
        }
        let (bytes, index) = sys.bytes(i)?;
        let face = Face::new(FaceBytes::Shared(bytes), index, sys.faces[i].family.clone()).ok()?;
        self.faces.push(face);
        let at = self.faces.len() - 1;
        self.loaded.insert(i, at);
        Some(at)
    }

    /// Width of `text` at `size` points, each character measured in the face that draws it.
    pub(super) fn width(&mut self, text: &str, size: f32, bold: bool) -> f32 {
        let mut em = 0.0;
        for c in text.chars() {
            if ignorable(c) {
                continue;
            }
            let face = self.face_for(c, bold);
            em += match face {
                Some(f) => self.faces[f].advance(c),
                None => self.faces[usize::from(bold)].advance(REPLACEMENT),
            };
        }
        em * size
    }
}
