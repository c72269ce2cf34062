//! The report model: the text a user wrote, with byte spans for every part, so that any finding
//! can point back into the source.

use serde::Serialize;

use crate::util::text::TextEncoding;

/// A byte range into [`Document::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// The file format a report came from; it decides how places are named (行:列 or 第N段).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Text,
    Markdown,
    Docx,
}

/// A heading recognised by the 公文 ladder (一、/（一）/1./（1）), a Word heading style or Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 = 一、, 2 = （一）, 3 = 1., 4 = （1）.
    pub level: u8,
    /// The heading's own words: the marker and trailing body text removed.
    pub title: String,
}

/// One paragraph: a non-empty line of a text file, or a paragraph of a .docx.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    pub span: Span,
    pub heading: Option<Heading>,
}

/// A section opened by a heading; it runs until the next heading of the same or a higher level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub title: String,
    pub level: u8,
    /// The heading paragraph.
    pub heading: Span,
    /// Heading and body.
    pub span: Span,
    pub parent: Option<usize>,
}

/// One problem item under the problems section (发现的主要问题).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub title: String,
    /// The item's first sentence (its summary line).
    pub title_span: Span,
    /// The whole item.
    pub span: Span,
    /// Title of the group it stands in (e.g. （一）…方面), if any.
    pub group: Option<String>,
}

/// A report after ingest and structure recovery.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The path as the user gave it, for messages.
    pub path: String,
    pub format: SourceFormat,
    pub encoding: Option<TextEncoding>,
    /// The text: decoded file contents, or for .docx one line per Word paragraph.
    pub text: String,
    pub title: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    pub sections: Vec<Section>,
    /// Index into `sections` of the problems section, if found.
    pub problems_section: Option<usize>,
    pub problems: Vec<Problem>,
    pub sentences: Vec<Span>,
    #[serde(skip)]
    line_starts: Vec<usize>,
}

/// A place in the source as the user names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    /// 1-based line; for .docx the paragraph number (第N段).
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

impl Document {
    pub fn new(path: String, format: SourceFormat, encoding: Option<TextEncoding>, text: String) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self {
            path,
            format,
            encoding,
            text,
            title: None,
            paragraphs: Vec::new(),
            sections: Vec::new(),
            problems_section: None,
            problems: Vec::new(),
            sentences: Vec::new(),
            line_starts,
        }
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// Number of characters that are not white space: how offices count a report's length (字数).
    pub fn char_count(&self, span: Span) -> usize {
        self.slice(span).chars().filter(|c| !c.is_whitespace()).count()
    }

    pub fn whole(&self) -> Span {
        Span::new(0, self.text.len())
    }

    pub fn locate(&self, offset: usize) -> Location {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = self.text.get(start..offset.min(self.text.len())).map_or(0, |s| s.chars().count()) + 1;
        Location { line, column }
    }

    /// The byte span of the line (paragraph for .docx) with the given 1-based number, without its
    /// line break.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        let end = self.line_starts.get(line).map_or(self.text.len(), |&s| s - 1);
        let end = if self.text[start..end].ends_with('\r') { end - 1 } else { end };
        Span::new(start, end)
    }

    /// Describes a place the way the user would look for it: "12:5" for text, "第12段" for .docx.
    /// The place as an office reader says it: 第N段 in a .docx, 第N行 in a text file.
    pub fn place_cn(&self, offset: usize) -> String {
        let loc = self.locate(offset);
        match self.format {
            SourceFormat::Docx => format!("第{}段", loc.line),
            _ => format!("第{}行", loc.line),
        }
    }

    pub fn place(&self, offset: usize) -> String {
        let loc = self.locate(offset);
        match self.format {
            SourceFormat::Docx => format!("第{}段", loc.line),
            _ => format!("{}:{}", loc.line, loc.column),
        }
    }
}
