//! A report ready for the rules: the document plus its lexicon hits and figures, computed once.

pub mod figures;
pub mod lexicon;
pub mod privacy;
pub mod structure;

use std::sync::Arc;

use serde::Serialize;

use crate::model::document::{Document, Span};
use crate::util::text::Folded;
use figures::Figure;
use lexicon::{Hit, Lexicon};

/// What the round knows about the report's unit; empty for a lone draft.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UnitContext {
    pub unit: String,
    /// 县直单位 / 乡镇党委 / 村级党组织 / 二级机构.
    pub kind: String,
    pub group: String,
    pub top_leader: String,
    /// 组长 of the group that inspected the unit.
    pub group_leader: String,
}

#[derive(Debug)]
pub struct Analysis {
    pub doc: Document,
    pub unit: UnitContext,
    pub lexicon: Arc<Lexicon>,
    /// Ordered by start.
    pub hits: Vec<Hit>,
    pub figures: Vec<Figure>,
    /// Phone numbers, ID numbers and named informants in the text (usually none).
    pub leaks: Vec<Span>,
}

impl Analysis {
    pub fn new(doc: Document, unit: UnitContext, lexicon: Arc<Lexicon>) -> Self {
        let folded = Folded::new(&doc.text);
        // A round keeps thousands of analyses: no growth slack in what stays.
        let mut hits = lexicon.scan_folded(&folded);
        hits.shrink_to_fit();
        let mut figures = figures::scan(&folded);
        figures.shrink_to_fit();
        let leaks = crate::analysis::privacy::identity_leaks_folded(&doc.text, &folded);
        Self { doc, unit, lexicon, hits, figures, leaks }
    }

    /// Hits inside `span`, of one area or all.
    pub fn hits_in(&self, span: Span, area: Option<u16>) -> impl Iterator<Item = &Hit> {
        let from = self.hits.partition_point(|h| h.span.start < span.start);
        self.hits[from..]
            .iter()
            .take_while(move |h| h.span.start < span.end)
            .filter(move |h| h.span.end <= span.end && area.is_none_or(|a| h.area == a))
    }

    pub fn figures_in(&self, span: Span) -> impl Iterator<Item = &Figure> {
        let from = self.figures.partition_point(|f| f.span.start < span.start);
        self.figures[from..].iter().take_while(move |f| f.span.end <= span.end)
    }

    /// The sentence that contains `offset`.
    pub fn sentence_at(&self, offset: usize) -> Option<Span> {
        let i = self.doc.sentences.partition_point(|s| s.end <= offset);
        self.doc.sentences.get(i).copied().filter(|s| s.start <= offset)
    }

    /// A problem item of the report touches the area (with no items: the text does).
    pub fn covers(&self, area: u16) -> bool {
        if self.doc.problems.is_empty() {
            return self.hits_in(self.doc.whole(), Some(area)).next().is_some();
        }
        self.doc.problems.iter().any(|p| self.hits_in(p.span, Some(area)).next().is_some())
    }
}
