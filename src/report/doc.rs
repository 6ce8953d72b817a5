//! The summary document model: sections of paragraphs, lists, field lists and tables.
//!
//! Strings in a document are raw plan text; each renderer escapes them for its format.

/// A whole summary.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub title: String,
    /// Shown under the title (patient and date).
    pub subtitle: String,
    pub blocks: Vec<Block>,
    /// The language the document is written in.
    pub lang: crate::domain::Lang,
    /// Printed at the foot of every page (patient and date).
    pub footer: String,
    /// A mark printed on every page (DRAFT on a plan not yet active); empty for none.
    pub stamp: String,
}

/// One block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading.
    Heading(String),
    Paragraph(String),
    Bullets(Vec<String>),
    /// A boxed remark (limits, warnings).
    Note(String),
    /// Label–value pairs.
    Fields(Vec<(String, String)>),
    Table(Table),
    /// A trend over visits, drawn as a line chart where the format can (SVG in HTML, paths in
    /// PDF) and as a table elsewhere.
    Chart(Chart),
    /// Places to sign: one per person (role, name), each with a line for the date.
    Signatures(Vec<(String, String)>),
}

/// One series of values over time.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chart {
    /// What is measured, with its unit (`Ferritin (ng/mL)`).
    pub title: String,
    /// The points in order: a date label as people write it, and the value.
    pub points: Vec<(String, f64)>,
    /// The value labels as printed (`18`, `12,5`), one per point.
    pub labels: Vec<String>,
    /// One line that says what the trend means (baseline against latest).
    pub caption: String,
    /// Column headers for the table form: (date, value).
    pub header: (String, String),
}

/// A table with a header row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Document {
    /// Appends a block.
    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    /// Appends a heading.
    pub fn heading(&mut self, text: impl Into<String>) {
        self.push(Block::Heading(text.into()));
    }

    /// Appends label–value pairs, skipping empty lists.
    pub fn fields(&mut self, fields: Vec<(String, String)>) {
        if !fields.is_empty() {
            self.push(Block::Fields(fields));
        }
    }

    /// Appends a table, skipping tables without rows.
    pub fn table(&mut self, header: &[&str], rows: Vec<Vec<String>>) {
        if !rows.is_empty() {
            self.push(Block::Table(Table {
                header: header.iter().map(|h| (*h).to_owned()).collect(),
                rows,
            }));
        }
    }
}
