//! Area dictionaries (`rules/lexicon/*.toml`) compiled once into one Aho-Corasick automaton.
//!
//! Matching is leftmost-longest on a width-folded copy of the text, and spans point into the
//! original. Chinese has no word boundaries, so none are assumed.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use crate::model::document::Span;
use crate::util::text::{Folded, fold_char};

/// One area of the lexicon, e.g. 涉农资金 or 细枝末节.
#[derive(Debug, Clone, Serialize)]
pub struct Area {
    /// Stable id used by rules, e.g. `agri-funds`.
    pub id: String,
    /// Chinese name shown to users.
    pub name: String,
    /// Where the area is defined (`lexicon/livelihood.toml`).
    pub file: String,
    pub terms: Vec<String>,
    /// The terms only shield shorter terms inside them (副局长 hides 局长) and count for no area
    /// of their own meaning.
    pub shield: bool,
}

/// The TOML form of a lexicon file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconFile {
    pub areas: BTreeMap<String, AreaDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaDef {
    /// Required for a new area; an area that extends one of the base pack may omit it.
    pub name: Option<String>,
    #[serde(default)]
    pub terms: Vec<String>,
    #[serde(default)]
    pub shield: bool,
}

/// A lexicon term found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub area: u16,
    pub term: u32,
    pub span: Span,
}

pub struct Lexicon {
    areas: Vec<Area>,
    by_id: HashMap<String, u16>,
    terms: Vec<String>,
    term_areas: Vec<Vec<u16>>,
    /// Terms that shield what they contain.
    shields: Vec<bool>,
    automaton: AhoCorasick,
    /// All terms, overlapping: finds the shorter terms inside a longer match.
    inner: AhoCorasick,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon").field("areas", &self.areas.len()).field("terms", &self.terms.len()).finish()
    }
}

impl Lexicon {
    /// Compiles areas into one automaton. The same term may belong to several areas.
    pub fn new(areas: Vec<Area>) -> Result<Self, aho_corasick::BuildError> {
        let mut by_id = HashMap::new();
        let mut term_index: HashMap<String, u32> = HashMap::new();
        let mut terms = Vec::new();
        let mut term_areas: Vec<Vec<u16>> = Vec::new();
        for (a, area) in areas.iter().enumerate() {
            by_id.insert(area.id.clone(), a as u16);
            for term in &area.terms {
                let folded: String = term.chars().map(fold_char).collect();
                if folded.trim().is_empty() {
                    continue;
                }
                let t = *term_index.entry(folded.clone()).or_insert_with(|| {
                    terms.push(folded);
                    term_areas.push(Vec::new());
                    (terms.len() - 1) as u32
                });
                let list = &mut term_areas[t as usize];
                if !list.contains(&(a as u16)) {
                    list.push(a as u16);
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&terms)?;
        let inner = AhoCorasickBuilder::new().ascii_case_insensitive(true).build(&terms)?;
        let shields = term_areas.iter().map(|list| list.iter().any(|&a| areas[a as usize].shield)).collect();
        Ok(Self { areas, by_id, terms, term_areas, shields, automaton, inner })
    }

    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    pub fn area(&self, idx: u16) -> &Area {
        &self.areas[idx as usize]
    }

    pub fn area_index(&self, id: &str) -> Option<u16> {
        self.by_id.get(id).copied()
    }

    pub fn term(&self, idx: u32) -> &str {
        &self.terms[idx as usize]
    }

    /// All hits in `text`, ordered by position; a term in two areas gives two hits.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        let folded = Folded::new(text);
        self.scan_folded(&folded)
    }

    /// Leftmost-longest matches, each also counted for the areas of the shorter terms inside it
    /// (违规发放津补贴 is 廉洁纪律 and also 违规发放), unless the longer term is a shield.
    pub fn scan_folded(&self, folded: &Folded) -> Vec<Hit> {
        let mut hits = Vec::new();
        for m in self.automaton.find_iter(&folded.text) {
            let (start, end) = folded.original_range(m.start(), m.end());
            let span = Span::new(start, end);
            let term = m.pattern().as_u32();
            let mut seen: Vec<u16> = self.term_areas[term as usize].clone();
            for &area in &seen {
                if !self.areas[area as usize].shield {
                    hits.push(Hit { area, term, span });
                }
            }
            if self.shields[term as usize] {
                continue;
            }
            for inner in self.inner.find_overlapping_iter(&folded.text[m.start()..m.end()]) {
                let t = inner.pattern().as_u32();
                for &area in &self.term_areas[t as usize] {
                    if !seen.contains(&area) && !self.areas[area as usize].shield {
                        seen.push(area);
                        hits.push(Hit { area, term: t, span });
                    }
                }
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(id: &str, terms: &[&str]) -> Area {
        Area {
            id: id.into(),
            name: id.into(),
            file: "t.toml".into(),
            terms: terms.iter().map(|s| s.to_string()).collect(),
            shield: id == "shield",
        }
    }

    #[test]
    fn leftmost_longest_with_shared_terms() {
        let lex =
            Lexicon::new(vec![area("funds", &["资金", "涉农资金"]), area("agri", &["涉农资金", "ＡＢＣ"])]).unwrap();
        let text = "挪用涉农资金12万元，abc";
        let hits = lex.scan(text);
        let got: Vec<_> =
            hits.iter().map(|h| (lex.area(h.area).id.as_str(), &text[h.span.start..h.span.end])).collect();
        assert_eq!(got, vec![("funds", "涉农资金"), ("agri", "涉农资金"), ("agri", "abc")]);
    }

    #[test]
    fn longer_terms_count_for_contained_terms_unless_shielding() {
        let lex = Lexicon::new(vec![
            area("masses", &["违规发放"]),
            area("integrity", &["违规发放津补贴"]),
            area("top", &["局长"]),
            area("shield", &["副局长"]),
        ])
        .unwrap();
        let ids = |t: &str| lex.scan(t).iter().map(|h| lex.area(h.area).id.clone()).collect::<Vec<_>>();
        assert_eq!(ids("违规发放津补贴3万元"), vec!["integrity", "masses"]);
        assert_eq!(ids("副局长王某"), Vec::<String>::new());
        assert_eq!(ids("局长王某"), vec!["top"]);
    }
}
