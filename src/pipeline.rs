//! The pipeline: reading wired to assessment. Every command and front end goes through here, so
//! a round is read, evaluated and ranked the same way whatever asks for it.
//!
//! Reading happens here (through [`crate::read`]); the assessments in [`crate::assess`] only
//! ever see data.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::analysis::UnitContext;
use crate::assess::cadre;
use crate::assess::divergence::{Classifier, Divergence};
use crate::assess::ranking::{self, RoundScore};
use crate::assess::report::{ReportEvaluation, evaluate_report};
use crate::assess::round::{self as round_stats, RoundResult};
use crate::engine::Setup;
use crate::error::Error;
use crate::model::round::Round;
use crate::model::signal::Signal;
use crate::read::report::InputError;
use crate::read::round::RoundError;
use crate::read::{judges, signals, waivers};

/// Reads and evaluates every report of the round (in parallel), in `round.toml` order, calling
/// `on_report` as each report is done (for a progress bar).
pub fn evaluate_reports(
    setup: &Setup,
    round: &Round,
    on_report: &(dyn Fn() + Sync),
) -> Result<Vec<ReportEvaluation>, Error> {
    let structure = &setup.engine.pack.config.structure;
    let results: Vec<Result<ReportEvaluation, InputError>> = round
        .file
        .units
        .par_iter()
        .map(|unit| {
            let doc = crate::read::report::load_report(&round.report_path(unit), structure)?;
            let leader = round.group(&unit.group).map(|g| g.leader.clone()).unwrap_or_default();
            let ctx = UnitContext {
                unit: unit.name.clone(),
                kind: unit.kind.clone(),
                group: unit.group.clone(),
                top_leader: unit.top_leader.clone(),
                group_leader: leader,
            };
            let eval = evaluate_report(&setup.engine, doc, ctx, &setup.framework);
            on_report();
            Ok(eval)
        })
        .collect();
    Ok(results.into_iter().collect::<Result<_, _>>()?)
}

/// Ranks a round's evaluated reports with the round folder's `waivers.toml` and judges' table.
pub fn score_round(setup: &Setup, round: &Round, evals: Vec<ReportEvaluation>) -> Result<RoundScore, Error> {
    let pack = &setup.engine.pack;
    let waiver_list = match round.optional_file(&["waivers.toml"]) {
        Some(path) => {
            let ids: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
            waivers::read(&path, round, &ids)?
        }
        None => Vec::new(),
    };
    let judges = match round.optional_file(&["judges.xlsx", "judges.csv"]) {
        Some(path) => {
            let sheet = judges::read(&path, round, &pack.config.rubric)?;
            // A header-only table (a template) means no judges yet.
            Some(crate::assess::judges::panels(sheet, &pack.config.judges)).filter(|j| !j.panels.is_empty())
        }
        None => None,
    };
    Ok(ranking::rank(setup, round, evals, &waiver_list, judges))
}

/// Reads the round's signals and compares them with the evaluated reports (in round order).
///
/// The signal files are streamed: with more than one worker, one thread reads and decodes
/// while the others classify, and no raw row outlives its batch.
pub fn diverge_round(setup: &Setup, round: &Round, evals: &[ReportEvaluation]) -> Result<Divergence, Error> {
    let dir = round.dir.join("signals");
    let mut c = Classifier::new(setup, round, evals);
    if dir.is_dir() {
        if rayon::current_num_threads() > 1 {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Signal>>(2);
            std::thread::scope(|scope| {
                let reader = scope.spawn(|| {
                    // Owned by the reader, so the channel closes when it is done.
                    let tx = tx;
                    signals::read_batches(&dir, round, false, &mut |batch| match tx.send(batch) {
                        Ok(()) => ControlFlow::Continue(()),
                        Err(_) => ControlFlow::Break(()),
                    })
                });
                // On a classification error the receiver is dropped, which stops the reader.
                let classified = rx.iter().try_for_each(|batch| c.add(batch)).map_err(Error::from);
                drop(rx);
                let read = reader.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
                read.map_err(Error::from).and(classified)
            })?;
        } else {
            let mut classified = Ok(());
            signals::read_batches(&dir, round, false, &mut |batch| {
                classified = c.add(batch);
                if classified.is_ok() { ControlFlow::Continue(()) } else { ControlFlow::Break(()) }
            })?;
            classified?;
        }
    }
    signals::check_unique(c.signals())?;
    Ok(c.finish())
}

/// Runs one round: reports are read and evaluated once and shared by every view.
pub fn run_round(setup: &Setup, round: Round, on_report: &(dyn Fn() + Sync)) -> Result<RoundResult, Error> {
    let evals = evaluate_reports(setup, &round, on_report)?;
    let divergence = diverge_round(setup, &round, &evals)?;
    let report_stats = round_stats::report_stats(&evals);
    let mut scored = score_round(setup, &round, evals)?;
    scored.attach_divergence(&divergence, setup.engine.pack.config.divergence.flag_threshold);
    let cadres = match &setup.engine.pack.config.cadre {
        Some(cfg) => crate::read::cadres::read(&round, cfg)?
            .map(|list| cadre::evaluate(setup, &round, list, cfg, Some(&scored), Some(&divergence))),
        None => None,
    };
    let stats = round_stats::stats(&round, &report_stats, cadres.as_ref(), &divergence);
    Ok(RoundResult { round, score: scored, divergence, cadres, stats })
}

/// Round folders named on the command line: each a round, or a parent of rounds (sorted by name).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in paths {
        if p.join("round.toml").is_file() || !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let mut subs: Vec<PathBuf> = std::fs::read_dir(p)
            .map_err(|e| RoundError::Io { path: p.display().to_string(), detail: e.to_string() })?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|s| s.join("round.toml").is_file())
            .collect();
        if subs.is_empty() {
            return Err(Error::NoRounds { path: p.display().to_string() });
        }
        subs.sort();
        out.extend(subs);
    }
    Ok(out)
}

/// Checks drafts one by one, in the order given; a file that could not be read is an error entry.
pub fn check_files(setup: &Setup, paths: &[PathBuf]) -> Vec<Result<ReportEvaluation, InputError>> {
    let structure = &setup.engine.pack.config.structure;
    paths
        .par_iter()
        .map(|path| {
            let doc = crate::read::report::load_report(path, structure)?;
            Ok(evaluate_report(&setup.engine, doc, UnitContext::default(), &setup.framework))
        })
        .collect()
}

/// Adds to each draft's findings the divergence flags from the signals in `dir` about `unit`
/// (rows about other units are skipped).
pub fn add_divergence(
    setup: &Setup,
    evals: &mut [ReportEvaluation],
    dir: &Path,
    unit: &str,
    top_leader: &str,
) -> Result<(), Error> {
    let round = Round::single(unit, top_leader);
    let signals = signals::read_dir_for_units(dir, &round)?;
    for eval in evals.iter_mut() {
        let d = crate::assess::divergence::diverge_signals(setup, &round, std::slice::from_ref(eval), signals.clone())?;
        if let Some(u) = d.units.into_iter().next() {
            eval.run.findings.extend(u.run.findings);
            eval.run.traces.extend(u.run.traces);
        }
        eval.run.findings.sort_by_key(|f| (f.spans.first().map_or(0, |s| s.start), std::cmp::Reverse(f.severity)));
    }
    Ok(())
}
