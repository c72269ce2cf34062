//! `xuncha check`: a group leader's self-check of drafts, with the same rules the office scores by.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::analysis::UnitContext;
use crate::engine::{Limits, RuleEngine};
use crate::evaluate::{ReportEvaluation, evaluate_report};
use crate::ingest::{self, InputError};
use crate::pack::{Framework, Pack, PackError, PackFiles};

/// The pack and framework a run uses, compiled once.
pub struct Setup {
    pub engine: RuleEngine,
    pub framework: Arc<(String, Framework)>,
}

impl Setup {
    /// `rules`: a pack folder, or the embedded default. `framework`: id or name, or the pack's default.
    pub fn new(rules: Option<&std::path::Path>, framework: Option<&str>) -> Result<Self, PackError> {
        let files = match rules {
            Some(dir) => PackFiles::from_dir(dir)?,
            None => PackFiles::embedded(),
        };
        let pack = Pack::load(files)?;
        let key = framework.map(str::to_owned).unwrap_or_else(|| pack.config.framework.clone());
        let engine = RuleEngine::new(pack, &key, Limits::default())?;
        let framework = engine.framework(&key).ok_or_else(|| PackError::Invalid {
            file: "pack.toml".into(),
            detail: format!("没有名为“{key}”的监督重点框架"),
        })?;
        Ok(Self { engine, framework })
    }
}

/// Results in the order the files were given; a file that could not be read is an error entry.
pub fn check_files(setup: &Setup, paths: &[PathBuf]) -> Vec<Result<ReportEvaluation, InputError>> {
    let structure = &setup.engine.pack.config.structure;
    paths
        .par_iter()
        .map(|path| {
            let doc = ingest::load_report(path, structure)?;
            Ok(evaluate_report(&setup.engine, doc, UnitContext::default(), &setup.framework))
        })
        .collect()
}

/// Adds to each draft's findings the divergence flags from the signals in `dir` about `unit`
/// (rows about other units are skipped).
pub fn add_divergence(
    setup: &Setup,
    evals: &mut [ReportEvaluation],
    dir: &std::path::Path,
    unit: &str,
    top_leader: &str,
) -> Result<(), crate::signals::SignalError> {
    let round = crate::round::Round::single(unit, top_leader);
    let signals = crate::signals::read_dir_for_units(dir, &round)?;
    for eval in evals.iter_mut() {
        let d = crate::diverge::diverge_signals(setup, &round, std::slice::from_ref(eval), signals.clone())?;
        if let Some(u) = d.units.into_iter().next() {
            eval.run.findings.extend(u.run.findings);
            eval.run.traces.extend(u.run.traces);
        }
        eval.run.findings.sort_by_key(|f| (f.spans.first().map_or(0, |s| s.start), std::cmp::Reverse(f.severity)));
    }
    Ok(())
}
