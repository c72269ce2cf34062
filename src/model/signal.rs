//! Signals about the inspected units: tip-offs (信访举报), public sentiment (舆情) and what
//! leaders already know (领导掌握), normalised across their sources.

use std::sync::Arc;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum SignalKind {
    #[serde(rename = "信访举报")]
    Tipoff,
    #[serde(rename = "舆情")]
    Sentiment,
    #[serde(rename = "领导掌握")]
    Known,
}

impl SignalKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Tipoff => "信访举报",
            Self::Sentiment => "舆情",
            Self::Known => "领导掌握",
        }
    }
}

/// The text fields of a signal, in the order they are packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Id,
    /// 被反映人 (the person reported — never the informant).
    Person,
    /// 职级.
    Rank,
    /// ISO date.
    Date,
    Channel,
    /// Explicit category (a discipline, a sector or a lexicon area id).
    Category,
    Title,
    Text,
    Source,
}

const TEXTS: usize = 9;

/// The file a signal was read from, shared by all its signals.
#[derive(Debug)]
pub struct SourceFile {
    pub path: String,
    /// Header of the id column, for messages about duplicate ids.
    pub id_column: String,
    /// Numbered items (known.toml: 第3条) rather than table rows (第12行).
    pub items: bool,
}

/// Where a signal was read: "signals/tipoffs.csv 第12行".
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: Arc<SourceFile>,
    pub row: u32,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = if self.file.items { '条' } else { '行' };
        write!(f, "{} 第{}{unit}", self.file.path, self.row)
    }
}

/// One signal, normalised across the three sources.
///
/// A county export can hold a million tip-offs, so a signal is kept compact: its text fields
/// share one allocation and the unit name is shared with the round.
#[derive(Debug, Clone)]
pub struct Signal {
    pub kind: SignalKind,
    /// The round's unit name it concerns.
    pub unit: Arc<str>,
    /// The [`Text`] fields back to back; `ends[i]` is where field `i` ends.
    packed: Box<str>,
    ends: [u32; TEXTS],
    pub signed: Option<bool>,
    pub repeated: Option<bool>,
    /// −1 … 1 (sentiment).
    pub polarity: Option<f64>,
    /// Reads + reposts + comments, or the export's heat index (sentiment).
    pub heat: Option<f64>,
    /// Areas given by the source itself (known.toml `areas`).
    pub declared_areas: Vec<String>,
    pub origin: Origin,
}

impl Signal {
    /// A signal with the given text fields (the others, and `None` or "", stay empty); the
    /// remaining fields are set by the caller.
    pub fn new(kind: SignalKind, unit: Arc<str>, origin: Origin, texts: &[(Text, Option<&str>)]) -> Self {
        let mut packed = String::new();
        let mut ends = [0; TEXTS];
        for (i, end) in ends.iter_mut().enumerate() {
            if let Some((_, Some(v))) = texts.iter().find(|(f, _)| *f as usize == i) {
                packed.push_str(v);
            }
            // Tables are at most 512 MiB, so offsets fit in u32.
            *end = packed.len() as u32;
        }
        Self {
            kind,
            unit,
            packed: packed.into_boxed_str(),
            ends,
            signed: None,
            repeated: None,
            polarity: None,
            heat: None,
            declared_areas: Vec::new(),
            origin,
        }
    }

    /// A text field, `None` when empty.
    pub fn get(&self, field: Text) -> Option<&str> {
        let i = field as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some(&self.packed[start..self.ends[i] as usize]).filter(|s| !s.is_empty())
    }

    pub fn id(&self) -> &str {
        self.get(Text::Id).unwrap_or("")
    }

    pub fn text(&self) -> &str {
        self.get(Text::Text).unwrap_or("")
    }
}
