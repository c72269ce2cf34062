//! One report through the rules: analysis, findings, score.

use std::sync::Arc;

use crate::analysis::{Analysis, UnitContext};
use crate::assess::scorecard::{self, ScoreCard};
use crate::engine::{RuleEngine, RuleRun};
use crate::model::document::Document;
use crate::pack::Framework;

/// Everything the rules said about one report.
#[derive(Debug, Clone)]
pub struct ReportEvaluation {
    pub analysis: Arc<Analysis>,
    pub run: RuleRun,
    pub score: ScoreCard,
}

pub fn evaluate_report(
    engine: &RuleEngine,
    doc: Document,
    unit: UnitContext,
    framework: &Arc<(String, Framework)>,
) -> ReportEvaluation {
    let analysis = Arc::new(Analysis::new(doc, unit, engine.lexicon.clone()));
    let mut run = engine.run_report_rules(&analysis, framework);
    // Reading order first, so diagnostics follow the draft from top to bottom.
    run.findings.sort_by_key(|f| (f.spans.first().map_or(0, |s| s.start), std::cmp::Reverse(f.severity)));
    run.findings.shrink_to_fit();
    let score = scorecard::score(&engine.pack.config.rubric, &run.findings);
    ReportEvaluation { analysis, run, score }
}
