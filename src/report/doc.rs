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
