//! One report through the rules: analysis, findings, score.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::analysis::genre::Genre;
use crate::analysis::matching::{Features, Matcher, PassageKind, ReportIndex, Segmenter, SignalWords, vocabulary};
use crate::analysis::{Analysis, Answer, UnitContext};
use crate::assess::scorecard::{self, Basis, ScoreCard};
use crate::engine::{RuleEngine, RuleRun};
use crate::model::document::Document;
use crate::model::document::Span;
use crate::model::outcome::RuleOutcome;
use crate::pack::Framework;
use rayon::prelude::*;

/// Everything the rules said about one report.
#[derive(Debug, Clone)]
pub struct ReportEvaluation {
    pub analysis: Arc<Analysis>,
    pub run: RuleRun,
    pub score: ScoreCard,
}

/// Evaluates a report whose genre is read from its text.
pub fn evaluate_report(
    engine: &RuleEngine,
    doc: Document,
    unit: UnitContext,
    framework: &Arc<(String, Framework)>,
) -> ReportEvaluation {
    evaluate_report_as(engine, doc, unit, framework, None)
}

/// Evaluates a report as `genre` (`None`: read from the text). Only the rules the pack's
/// `[genres]` maps to the genre count; the others are 不适用.
pub fn evaluate_report_as(
    engine: &RuleEngine,
    doc: Document,
    unit: UnitContext,
    framework: &Arc<(String, Framework)>,
    genre: Option<Genre>,
) -> ReportEvaluation {
    let mut analysis = Analysis::with_genre(doc, unit, engine.lexicon.clone(), genre);
    analysis.answers = answers(engine, &analysis);
    let analysis = Arc::new(analysis);
    let genre = analysis.genre;
    let genres = &engine.pack.config.genres;
    let mut run = engine.run_report_rules(&analysis, framework);
    run.findings.retain(|f| genres.applies(genre, &f.rule));
    for t in &mut run.traces {
        if !genres.applies(genre, &t.rule) {
            t.outcome = RuleOutcome::NotApplicable { reason: format!("不适用于{}", genre.label()) };
            t.points = 0.0;
        }
    }
    // Reading order first, so diagnostics follow the draft from top to bottom.
    run.findings.sort_by_key(|f| (f.spans.first().map_or(0, |s| s.start), std::cmp::Reverse(f.severity)));
    run.findings.shrink_to_fit();
    let basis = basis(engine, &analysis, &run);
    let score = scorecard::score_with(&engine.pack.config.rubric, &run.findings, &basis);
    ReportEvaluation { analysis, run, score }
}

/// Where a 整改情况报告 answers each problem fed back to its unit: the pack's matching script
/// decides, as for signals. A problem is answered by the block from the matching item to the
/// next item (its 整改措施, 责任人, 时限).
fn answers(engine: &RuleEngine, a: &Analysis) -> Vec<Answer> {
    let Some(fed) = &a.unit.fed_back else { return Vec::new() };
    let (index, verdicts) = passages_stating(engine, a, &a.unit.unit, &fed.problems);
    // A block ends where the next item or the next heading begins (三、下一步工作打算).
    let mut starts: Vec<usize> = a.doc.problems.iter().map(|p| p.span.start).collect();
    starts.extend(a.doc.sections.iter().map(|s| s.heading.start));
    starts.sort_unstable();
    let block = |item: usize| {
        let p = &a.doc.problems[item];
        let end = starts.iter().copied().find(|&s| s >= p.span.end).unwrap_or(a.doc.text.len());
        Span::new(p.span.start, end.max(p.span.end))
    };
    fed.problems
        .iter()
        .zip(verdicts)
        .map(|((id, problem), passage)| {
            let span = passage.map(|p| match index.passages[p].kind {
                PassageKind::Item(i) => block(i),
                PassageKind::Explanation => index.passages[p].span,
            });
            Answer { id: id.clone(), problem: problem.clone(), span }
        })
        .collect()
}

/// For each (id, problem), the passage of the report (of `unit`) that states the same matter,
/// as the pack's matching script decides for signals. A script error counts as "not the same
/// matter"; the divergence run reports it.
pub fn passages_stating(
    engine: &RuleEngine,
    a: &Analysis,
    unit: &str,
    problems: &[(String, String)],
) -> (ReportIndex, Vec<Option<usize>>) {
    let segmenter = Segmenter::new([unit], &engine.pack.config.divergence.synonyms);
    let cut: Vec<SignalWords> = problems.iter().map(|(_, problem)| segmenter.signal(unit, problem)).collect();
    let words = vocabulary(cut.par_iter().flat_map_iter(SignalWords::words));
    let (matcher, mut indexes) = Matcher::new(&segmenter, &[a], words);
    let index = indexes.pop().unwrap_or_default();
    let mut script = engine.match_script();
    let mut decide = |f: &Features| script.same_matter(f).or(Ok::<bool, ()>(false));
    let found = problems
        .iter()
        .zip(&cut)
        .map(|((id, _), words)| matcher.verdict(&index, id, words, false, &mut decide).ok().and_then(|v| v.passage))
        .collect();
    (index, found)
}

/// For each problem, the problem item (0-based) of the report that restates it.
pub fn items_restating(
    engine: &RuleEngine,
    a: &Analysis,
    unit: &str,
    problems: &[(String, String)],
) -> Vec<Option<usize>> {
    let (index, found) = passages_stating(engine, a, unit, problems);
    found
        .into_iter()
        .map(|p| match p.map(|p| index.passages[p].kind) {
            Some(PassageKind::Item(i)) => Some(i),
            _ => None,
        })
        .collect()
}

/// Which criteria the rules could assess, and whether the text gets a grade at all.
fn basis(engine: &RuleEngine, analysis: &Analysis, run: &RuleRun) -> Basis {
    let mut assessed = BTreeSet::new();
    for t in &run.traces {
        let Some(rule) = engine.rules.iter().find(|r| r.source.id == t.rule) else { continue };
        let cfg = &rule.source.config;
        match t.outcome {
            // A veto guards the score; passing it measures nothing.
            RuleOutcome::Pass if !cfg.veto => assessed.extend(cfg.criterion.clone()),
            RuleOutcome::Fail { .. } if !cfg.veto => assessed.extend(cfg.criterion.clone()),
            _ => {}
        }
    }
    for f in &run.findings {
        if !f.veto {
            assessed.extend(f.criterion.clone());
        }
    }
    let genre = analysis.genre;
    let genres = &engine.pack.config.genres;
    let no_grade = if !genres.scored(genre) {
        Some(format!("{}不评分", genre.label()))
    } else if analysis.doc.problems.is_empty() {
        Some("没有识别出问题条目，不评定等次".to_owned())
    } else {
        None
    };
    Basis { assessed: Some(assessed), no_grade, min_share: genres.min_assessed_share }
}
