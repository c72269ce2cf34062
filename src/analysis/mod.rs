//! A report ready for the rules: the document plus its lexicon hits and figures, computed once.

pub mod figures;
pub mod genre;
pub mod items;
pub mod lexicon;
pub mod matching;
pub mod privacy;
pub mod script;
pub mod stats;
pub mod structure;

use std::sync::Arc;

use serde::Serialize;

use crate::model::document::{Document, Span};
use crate::util::text::Folded;
use figures::Figure;
use genre::Genre;
use items::ItemMeta;
use lexicon::{Hit, Lexicon};
use stats::Stat;

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
    /// The problems fed back to the unit, when a 整改情况报告 is checked against them.
    pub fed_back: Option<crate::model::ledger::FedBack>,
}

/// How a 整改情况报告 answers one fed-back problem.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub id: String,
    pub problem: String,
    /// The report's block on it: its heading to the next problem's; None when none states it.
    pub span: Option<Span>,
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
    /// 巡察报告, 反馈通报, 整改报告 or 工作动态.
    pub genre: Genre,
    /// The genre was given by the user, not read from the text.
    pub genre_given: bool,
    /// Per problem item (parallel to `doc.problems`): its unit and group titles.
    pub items: Vec<ItemMeta>,
    /// Hits that are negated or a commitment ("不打折扣", "未发现", "作为第一责任人"); parallel
    /// to `hits`. They never count as a problem touching an area.
    negated: Vec<bool>,
    /// Statistics the text states (问题 N 个, 线索 N 件, 完成率 P%).
    pub stats: Vec<Stat>,
    /// A 整改情况报告's answer to each fed-back problem (empty unless `unit.fed_back` is given).
    pub answers: Vec<Answer>,
}

impl Analysis {
    pub fn new(doc: Document, unit: UnitContext, lexicon: Arc<Lexicon>) -> Self {
        Self::with_genre(doc, unit, lexicon, None)
    }

    /// Like [`Analysis::new`], with the genre given (`None`: read from the text). The problem
    /// items are read the way the genre writes them.
    pub fn with_genre(mut doc: Document, unit: UnitContext, lexicon: Arc<Lexicon>, genre: Option<Genre>) -> Self {
        // Traditional script read as simplified; every offset stays the same.
        let norm = script::simplified(&doc.text);
        let run_in = items::run_in(&doc, &norm);
        let genre_given = genre.is_some();
        let genre = genre.unwrap_or_else(|| {
            let mut cut = norm.len().min(1500);
            while !norm.is_char_boundary(cut) {
                cut -= 1;
            }
            let top = doc.sections.iter().map(|s| s.level).min().unwrap_or(1);
            let tops: Vec<&str> = doc.sections.iter().filter(|s| s.level == top).map(|s| s.title.as_str()).collect();
            genre::detect(&norm[..cut], &norm, run_in.len() - run_in.mentioned, &tops)
        });
        let headed = !doc.problems.is_empty() && doc.problems_section.is_some();
        let extracted = match genre {
            Genre::Report if !doc.problems.is_empty() => items::from_headings(&doc),
            Genre::Rectification => items::rectification(&doc, &norm),
            Genre::Feedback | Genre::News if headed => items::from_headings(&doc),
            _ => run_in,
        };
        doc.problems = extracted.problems;
        doc.problems.shrink_to_fit();
        let folded = Folded::new(&norm);
        // A round keeps thousands of analyses: no growth slack in what stays.
        let mut hits = match script::without_glosses(&norm) {
            // Terms broken by inline pinyin (鎮(zhèn)黨委) are matched without it.
            Some((clean, map)) => {
                let mut hits = lexicon.scan_folded(&Folded::new(&clean));
                for h in &mut hits {
                    h.span = Span::new(map[h.span.start], map[h.span.end.max(1) - 1] + 1);
                }
                hits
            }
            None => lexicon.scan_folded(&folded),
        };
        hits.shrink_to_fit();
        let negated = hits.iter().map(|h| negated(&norm, h.span)).collect();
        let mut figures = figures::scan(&folded);
        figures.shrink_to_fit();
        let leaks = crate::analysis::privacy::identity_leaks_folded(&doc.text, &folded);
        let stats = stats::scan(&norm);
        Self {
            doc,
            unit,
            lexicon,
            hits,
            figures,
            leaks,
            genre,
            genre_given,
            items: extracted.meta,
            negated,
            stats,
            answers: Vec::new(),
        }
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

    /// A problem item of the report (or a group title above one) touches the area. With no
    /// items nothing is covered: the rest of the text is no evidence; nor is a trivial item
    /// (会议记录不规范 says nothing about the focus its words happen to touch).
    pub fn covers(&self, area: u16) -> bool {
        (0..self.doc.problems.len()).any(|i| self.item_hits(i, Some(area)) > 0 && !self.is_trivial(i))
    }

    /// Like [`Analysis::covers`], through items that say what is wrong there (a fault, or a
    /// substantive matter): "脱贫攻坚工作" names the area and reveals nothing.
    pub fn states(&self, area: u16) -> bool {
        let substance = self.lexicon.area_index("substance");
        (0..self.doc.problems.len()).any(|i| {
            self.item_hits(i, Some(area)) > 0
                && !self.is_trivial(i)
                && (substance.is_some_and(|s| self.item_hits(i, Some(s)) > 0)
                    || self.states_fault(self.doc.problems[i].span))
        })
    }

    /// The text says what is wrong (不到位, 缺失, 违规 …), rather than only naming an area.
    pub fn states_fault(&self, span: Span) -> bool {
        items::has_predicate(&script::simplified(self.doc.slice(span)))
    }

    /// Problem item `i` is a trivial one: it names a trivial matter and nothing substantive.
    pub fn is_trivial(&self, i: usize) -> bool {
        let Some(p) = self.doc.problems.get(i) else { return false };
        let count = |id: &str| self.lexicon.area_index(id).map_or(0, |a| self.affirmed_in(p.span, Some(a)).count());
        count("trivia") > 0 && count("substance") == 0
    }

    /// Hits of `area` (or all) in problem item `i` and the group titles above it, leaving out
    /// negations and commitments.
    pub fn item_hits(&self, i: usize, area: Option<u16>) -> usize {
        let Some(p) = self.doc.problems.get(i) else { return 0 };
        let groups = self.items.get(i).map_or(&[][..], |m| m.groups.as_slice());
        std::iter::once(p.span).chain(groups.iter().copied()).map(|s| self.affirmed_in(s, area).count()).sum()
    }

    /// Hits inside `span` that are not negated.
    pub fn affirmed_in(&self, span: Span, area: Option<u16>) -> impl Iterator<Item = &Hit> {
        let from = self.hits.partition_point(|h| h.span.start < span.start);
        self.hits[from..]
            .iter()
            .zip(&self.negated[from..])
            .take_while(move |(h, _)| h.span.start < span.end)
            .filter(move |(h, neg)| !**neg && h.span.end <= span.end && area.is_none_or(|a| h.area == a))
            .map(|(h, _)| h)
    }

    /// Rates stated beside their counts that do not follow from them.
    pub fn rate_mismatches(&self) -> Vec<stats::RateMismatch> {
        let norm = script::simplified(&self.doc.text);
        stats::rate_mismatches(&norm, &self.stats)
    }

    /// A focus given by its lexicon areas: covered by some item, or `None` when there are no
    /// items to judge by.
    pub fn focus_covered(&self, areas: &[String]) -> Option<bool> {
        (!self.doc.problems.is_empty())
            .then(|| areas.iter().any(|a| self.lexicon.area_index(a).is_some_and(|i| self.covers(i))))
    }

    /// Areas (ids) that problem item `i` touches, with its group titles.
    pub fn item_areas(&self, i: usize) -> Vec<&str> {
        let Some(p) = self.doc.problems.get(i) else { return Vec::new() };
        let groups = self.items.get(i).map_or(&[][..], |m| m.groups.as_slice());
        let mut ids: Vec<u16> = std::iter::once(p.span)
            .chain(groups.iter().copied())
            .flat_map(|s| self.affirmed_in(s, None).map(|h| h.area))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|i| self.lexicon.area(i).id.as_str()).collect()
    }
}

/// Words that, right before a term, negate it (不打折扣, 未发现…问题, 杜绝违规发放).
const NEGATORS: &[&str] =
    &["不", "未", "无", "勿", "禁", "杜绝", "防止", "严禁", "避免", "禁止", "没有", "不再", "不得", "不准", "不搞"];
/// Words that, shortly before a term, make it an absence (未发现违规发放).
const ABSENCE: &[&str] = &["未发现", "没有发现", "未出现", "未发生", "未见"];
/// Words that, shortly before a term in a clause stating no problem, make it a commitment
/// (作为第一责任人, 履行主体责任).
const DUTY: &[&str] = &["作为", "履行", "扛起", "扛牢", "担任", "担负", "带头", "亲自", "压实", "落实好", "主动"];

fn negated(norm: &str, span: Span) -> bool {
    const BREAKS: &str = "，,。；;：:、\n";
    let before = &norm[..span.start];
    let near: String = {
        let chars: Vec<char> = before.chars().rev().take(8).take_while(|c| !BREAKS.contains(*c)).collect();
        chars.into_iter().rev().collect()
    };
    if NEGATORS.iter().any(|n| near.ends_with(n)) || ABSENCE.iter().any(|w| near.contains(w)) {
        return true;
    }
    let rest = &norm[span.start..];
    let clause_end = rest.find(|c: char| BREAKS.contains(c)).unwrap_or(rest.len());
    let clause = format!("{near}{}", &rest[..clause_end]);
    DUTY.iter().any(|w| near.contains(w)) && !items::has_predicate(&clause)
}
