//! One report through the rules: analysis, findings, score.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::analysis::genre::Genre;
use crate::analysis::{Analysis, UnitContext};
use crate::assess::scorecard::{self, Basis, ScoreCard};
use crate::engine::{RuleEngine, RuleRun};
use crate::model::document::Document;
use crate::model::outcome::RuleOutcome;
use crate::pack::Framework;

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
    let analysis = Arc::new(Analysis::with_genre(doc, unit, engine.lexicon.clone(), genre));
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
