//! The pipeline: reading wired to assessment. Every command and front end goes through here, so
//! a round is read, evaluated and ranked the same way whatever asks for it.
//!
//! Reading happens here (through [`crate::read`]); the assessments in [`crate::assess`] only
//! ever see data.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::analysis::UnitContext;
use crate::analysis::genre::Genre;
use crate::analysis::matching::Segmenter;
use crate::assess::cadre;
use crate::assess::divergence::{Classifier, Divergence};
use crate::assess::ledger::{self, Ledger, LedgerInput};
use crate::assess::ranking::{self, RoundScore};
use crate::assess::report::{ReportEvaluation, evaluate_report, evaluate_report_as};
use crate::assess::round::{self as round_stats, RoundResult};
use crate::engine::Setup;
use crate::error::Error;
use crate::model::cadre::Cadre;
use crate::model::document::Document;
use crate::model::judges::JudgeSheet;
use crate::model::ledger::Ledgers;
use crate::model::round::{Round, Unit};
use crate::model::signal::Signal;
use crate::model::waiver::Waiver;
use crate::read::report::InputError;
use crate::read::round::RoundError;
use crate::read::table::Notices;
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
            let eval = evaluate_report(&setup.engine, doc, unit_context(round, unit), &setup.framework);
            on_report();
            Ok(eval)
        })
        .collect();
    Ok(results.into_iter().collect::<Result<_, _>>()?)
}

/// What the rules know of a report's unit.
fn unit_context(round: &Round, unit: &Unit) -> UnitContext {
    UnitContext {
        unit: unit.name.clone(),
        kind: unit.kind.clone(),
        group: unit.group.clone(),
        top_leader: unit.top_leader.clone(),
        group_leader: round.group(&unit.group).map(|g| g.leader.clone()).unwrap_or_default(),
        fed_back: None,
    }
}

/// Ranks a round's evaluated reports with the round folder's `waivers.toml` and judges' table.
/// What reading the tables noticed goes to `notes` (every pipeline function does the same).
pub fn score_round(
    setup: &Setup,
    round: &Round,
    evals: Vec<ReportEvaluation>,
    notes: &Notices,
) -> Result<RoundScore, Error> {
    let waiver_list = round_waivers(setup, round)?;
    let judges = match round.optional_file(&judges::FILES) {
        Some(path) => Some(judges::read(&path, round, &setup.engine.pack.config.rubric, notes)?),
        None => None,
    };
    Ok(rank(setup, round, evals, &waiver_list, judges))
}

/// Ranks a round's evaluated reports (in round order) with the folder's `waivers.toml` and the
/// judges' scores given here instead of its table: the workbench's live ranking.
pub fn score_with(
    setup: &Setup,
    round: &Round,
    evals: Vec<ReportEvaluation>,
    judges: Option<JudgeSheet>,
) -> Result<RoundScore, Error> {
    let waiver_list = round_waivers(setup, round)?;
    Ok(rank(setup, round, evals, &waiver_list, judges))
}

fn round_waivers(setup: &Setup, round: &Round) -> Result<Vec<Waiver>, Error> {
    Ok(match round.optional_file(&["waivers.toml"]) {
        Some(path) => {
            let ids: Vec<&str> = setup.engine.pack.rules.iter().map(|r| r.id.as_str()).collect();
            waivers::read(&path, round, &ids)?
        }
        None => Vec::new(),
    })
}

fn rank(
    setup: &Setup,
    round: &Round,
    evals: Vec<ReportEvaluation>,
    waivers: &[Waiver],
    judges: Option<JudgeSheet>,
) -> RoundScore {
    // A header-only table (a template) means no judges yet.
    let judges = judges
        .map(|sheet| crate::assess::judges::panels(sheet, &setup.engine.pack.config.judges))
        .filter(|j| !j.panels.is_empty());
    ranking::rank(setup, round, evals, waivers, judges)
}

/// Reads the round's signals and compares them with the evaluated reports (in round order).
///
/// The signal files are streamed: with more than one worker, one thread reads and decodes
/// while the others classify, and no raw row outlives its batch.
pub fn diverge_round(
    setup: &Setup,
    round: &Round,
    evals: &[ReportEvaluation],
    segmenter: Option<Segmenter>,
    notes: &Notices,
) -> Result<Divergence, Error> {
    let dir = round.dir.join("signals");
    let mut c = Classifier::new(setup, round, evals, segmenter);
    if dir.is_dir() {
        if rayon::current_num_threads() > 1 {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Signal>>(2);
            std::thread::scope(|scope| {
                let reader = scope.spawn(|| {
                    // Owned by the reader, so the channel closes when it is done.
                    let tx = tx;
                    signals::read_batches(&dir, round, false, notes, &mut |batch| match tx.send(batch) {
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
            signals::read_batches(&dir, round, false, notes, &mut |batch| {
                classified = c.add(batch);
                if classified.is_ok() { ControlFlow::Continue(()) } else { ControlFlow::Break(()) }
            })?;
            classified?;
        }
    }
    signals::check_unique(c.signals())?;
    Ok(c.finish())
}

/// A round folder's reports evaluated, compared with its signals and ranked: what `score` and
/// `round` share.
pub struct Ranked {
    pub score: RoundScore,
    pub divergence: Divergence,
    /// (problems, 万元 in problem items), counted before the evaluations went into the ranking.
    report_stats: (usize, f64),
}

/// Evaluates, compares and ranks a round folder; the ranking carries the divergence flags.
pub fn rank_round(
    setup: &Setup,
    round: &Round,
    on_report: &(dyn Fn() + Sync),
    notes: &Notices,
) -> Result<Ranked, Error> {
    // The segmenter's dictionary loads while the reports are read.
    let has_signals = round.dir.join("signals").is_dir();
    let (evals, segmenter) = rayon::join(
        || evaluate_reports(setup, round, on_report),
        || has_signals.then(|| crate::assess::divergence::segmenter(setup, round)),
    );
    let evals = evals?;
    let divergence = diverge_round(setup, round, &evals, segmenter, notes)?;
    let report_stats = round_stats::report_stats(&evals);
    let mut score = score_round(setup, round, evals, notes)?;
    score.attach_divergence(&divergence, setup.engine.pack.config.divergence.flag_threshold);
    Ok(Ranked { score, divergence, report_stats })
}

/// Runs one round folder: reports are read and evaluated once and shared by every view.
pub fn run_round(
    setup: &Setup,
    round: Round,
    on_report: &(dyn Fn() + Sync),
    notes: &Notices,
) -> Result<RoundResult, Error> {
    let Ranked { score, divergence, report_stats } = rank_round(setup, &round, on_report, notes)?;
    let mut cadres = match &setup.engine.pack.config.cadre {
        Some(cfg) => crate::read::cadres::read(&round, cfg, notes)?,
        None => None,
    };
    let progress_rows = read_progress(&round, notes)?;
    if let (Some(list), Some(rows)) = (cadres.as_mut(), &progress_rows) {
        deputies_reporting(rows, list);
    }
    let progress = progress_rows.and_then(|rows| judge_progress(setup, &round, &rows));
    let ledgers = read_ledgers(&round, notes)?;
    let mut result = finish_round(setup, round, report_stats, score, divergence, cadres, ledgers);
    result.progress = progress;
    Ok(result)
}

/// 调度会 reporting from the round's progress table (巡中调度), for the deputies whose 中期汇报
/// the cadre table leaves empty: a deputy named as a group's 调度会汇报人 reported; a deputy of a
/// group whose reporters are recorded but never include them did not.
fn deputies_reporting(rows: &[crate::model::progress::ProgressRow], cadres: &mut [crate::model::cadre::Cadre]) {
    for c in cadres.iter_mut().filter(|c| c.role == "副组长" && c.reported_first.is_none()) {
        let reporters: Vec<&str> =
            rows.iter().filter(|r| r.group == c.group && !r.reporter.is_empty()).map(|r| r.reporter.as_str()).collect();
        if !reporters.is_empty() {
            c.reported_first = Some(reporters.contains(&c.name.as_str()));
        }
    }
}

/// The round's progress table (巡中调度), if it keeps one.
fn read_progress(round: &Round, notes: &Notices) -> Result<Option<Vec<crate::model::progress::ProgressRow>>, Error> {
    let Some(path) = round.optional_file(&crate::read::progress::FILES) else { return Ok(None) };
    let groups: Vec<&str> = round.file.groups.iter().map(|g| g.name.as_str()).collect();
    Ok(Some(crate::read::progress::read(&path, &groups, notes)?))
}

/// 巡中调度 judged on the round's last day (or today, if earlier); None without start and end.
fn judge_progress(
    setup: &Setup,
    round: &Round,
    rows: &[crate::model::progress::ProgressRow],
) -> Option<crate::assess::progress::Progress> {
    let info = &round.file.round;
    let (start, end) = (info.start.as_deref()?, info.end.as_deref()?);
    let today = setup.today();
    let day = if today.as_str() < end { today.as_str() } else { end };
    let calendar = crate::assess::progress::Calendar::new(start, end, day)?;
    let groups: Vec<String> = round.file.groups.iter().map(|g| g.name.clone()).collect();
    Some(crate::assess::progress::assess(&setup.engine, &groups, rows, calendar, &setup.engine.pack.config.progress))
}

/// The round folder's 整改台账 and 线索台账, each None when the round does not keep it.
pub fn read_ledgers(round: &Round, notes: &Notices) -> Result<Ledgers, Error> {
    Ok(Ledgers {
        rectification: crate::read::ledger::read_rectification(round, notes)?,
        clues: crate::read::ledger::read_clues(round, notes)?,
    })
}

/// (unit, problem item title) of every report, in round order: what 共性问题 are grouped from.
pub fn problem_titles<'a>(evals: impl IntoIterator<Item = &'a ReportEvaluation>) -> Vec<(String, String)> {
    evals
        .into_iter()
        .flat_map(|e| e.analysis.doc.problems.iter().map(|p| (e.analysis.unit.unit.clone(), p.title.clone())))
        .collect()
}

/// The ledgers judged on the run's day, with the round's common problems. The clock is read
/// only when the round keeps a ledger and no `--today` was given.
pub fn judge_ledgers(setup: &Setup, round: &Round, ledgers: Ledgers, problems: &[(String, String)]) -> Ledger {
    let today = if ledgers.is_empty() { String::new() } else { setup.today() };
    ledger::assess(setup, round, LedgerInput { ledgers, problems, today: &today })
}

/// A round already in memory — what a front end builds from uploaded files — evaluated exactly
/// as [`run_round`] evaluates a folder.
#[derive(Debug, Clone)]
pub struct RoundInput {
    pub round: Round,
    /// One document per unit, in `round.toml` order.
    pub reports: Vec<Document>,
    pub signals: Vec<Signal>,
    pub waivers: Vec<Waiver>,
    pub judges: Option<JudgeSheet>,
    pub cadres: Option<Vec<Cadre>>,
    /// 整改台账 and 线索台账, when the round keeps them.
    pub ledgers: Ledgers,
}

/// Runs a round given in memory.
pub fn run_input(setup: &Setup, input: RoundInput) -> Result<RoundResult, Error> {
    let RoundInput { round, reports, signals, waivers, judges, cadres, ledgers } = input;
    if reports.len() != round.file.units.len() {
        return Err(Error::ReportCount { units: round.file.units.len(), reports: reports.len() });
    }
    let evals: Vec<ReportEvaluation> = reports
        .into_par_iter()
        .zip(&round.file.units)
        .map(|(doc, unit)| evaluate_report(&setup.engine, doc, unit_context(&round, unit), &setup.framework))
        .collect();
    signals::check_unique(&signals)?;
    let divergence = crate::assess::divergence::diverge_signals(setup, &round, &evals, signals)?;
    let report_stats = round_stats::report_stats(&evals);
    let mut scored = rank(setup, &round, evals, &waivers, judges);
    scored.attach_divergence(&divergence, setup.engine.pack.config.divergence.flag_threshold);
    Ok(finish_round(setup, round, report_stats, scored, divergence, cadres, ledgers))
}

/// What every way of running a round shares once reports are ranked and signals compared.
fn finish_round(
    setup: &Setup,
    round: Round,
    report_stats: (usize, f64),
    scored: RoundScore,
    divergence: Divergence,
    cadres: Option<Vec<Cadre>>,
    ledgers: Ledgers,
) -> RoundResult {
    let cadres = setup
        .engine
        .pack
        .config
        .cadre
        .as_ref()
        .zip(cadres)
        .map(|(cfg, list)| cadre::evaluate(setup, &round, list, cfg, Some(&scored), Some(&divergence)));
    let problems = problem_titles(scored.entries.iter().map(|e| &e.eval));
    let ledger = judge_ledgers(setup, &round, ledgers, &problems);
    let stats = round_stats::stats(&round, &report_stats, cadres.as_ref(), &divergence, &ledger);
    RoundResult { round, score: scored, divergence, cadres, stats, ledger, progress: None }
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

/// Checks drafts one by one, in the order given, each read as `genre` (`None`: from its text)
/// and about `unit` (`UnitContext::default()` for a draft on its own); a file that could not be
/// read is an error entry.
pub fn check_files(
    setup: &Setup,
    paths: &[PathBuf],
    genre: Option<Genre>,
    unit: &UnitContext,
) -> Vec<Result<ReportEvaluation, InputError>> {
    let structure = &setup.engine.pack.config.structure;
    paths
        .par_iter()
        .map(|path| {
            let doc = crate::read::report::load_report(path, structure)?;
            Ok(evaluate_report_as(&setup.engine, doc, unit.clone(), &setup.framework, genre))
        })
        .collect()
}

/// What a round knows about one of its units, for checking a draft about it (`check --round
/// --unit`): its kind, group and top leader, and what was fed back to it — the 整改台账's
/// problems (with how many are closed on the run's day), or else its report's problem items.
pub fn unit_in_round(setup: &Setup, round: &Round, written: &str, notes: &Notices) -> Result<UnitContext, Error> {
    let unit = round.match_unit(written).ok_or_else(|| RoundError::Invalid {
        path: round.dir.display().to_string(),
        detail: format!("本轮没有名为“{written}”的被巡察单位{}", round.suggest_unit(written)),
    })?;
    let mut ctx = unit_context(round, unit);
    let ledgers = read_ledgers(round, notes)?;
    let fed_back = match ledgers.rectification {
        Some(items) => {
            let own: Vec<_> = items.into_iter().filter(|i| i.unit == unit.name).collect();
            let problems = own.iter().map(|i| (i.id.clone(), i.problem.clone())).collect();
            let judged = ledger::assess(
                setup,
                round,
                LedgerInput {
                    ledgers: Ledgers { rectification: Some(own), clues: None },
                    problems: &[],
                    today: &setup.today(),
                },
            );
            let closed = judged.count(crate::assess::ledger::State::Closed);
            crate::model::ledger::FedBack { problems, source: "整改台账".into(), closed: Some(closed) }
        }
        None => {
            let doc = crate::read::report::load_report(&round.report_path(unit), &setup.engine.pack.config.structure)?;
            let eval = evaluate_report(&setup.engine, doc, ctx.clone(), &setup.framework);
            let items = crate::assess::ledger::template_items(std::slice::from_ref(&eval));
            let titles = eval.analysis.doc.problems.iter().map(|p| p.title.clone());
            let problems = items.into_iter().zip(titles).map(|(i, title)| (i.id, title)).collect();
            crate::model::ledger::FedBack { problems, source: "巡察报告".into(), closed: None }
        }
    };
    ctx.fed_back = Some(fed_back);
    Ok(ctx)
}

/// Adds to each draft's findings the divergence flags from the signals in `dir` about `unit`
/// (rows about other units are skipped). The tables' `[columns]` mappings come from the
/// round.toml of `round_dir`, else from the one beside the signals folder, as `round` reads them.
pub fn add_divergence(
    setup: &Setup,
    evals: &mut [ReportEvaluation],
    dir: &Path,
    round_dir: Option<&Path>,
    unit: &str,
    top_leader: &str,
    notes: &Notices,
) -> Result<Vec<crate::assess::divergence::UnitDivergence>, Error> {
    let mut round = Round::single(unit, top_leader);
    let toml = round_dir.map(|d| d.join("round.toml")).or_else(|| dir.parent().map(|p| p.join("round.toml")));
    if let Some(toml) = toml.filter(|p| p.is_file()) {
        round.file.columns = crate::read::round::columns(&toml)?;
    }
    let signals = signals::read_dir_for_units(dir, &round, notes)?;
    let mut units = Vec::new();
    for eval in evals.iter_mut() {
        let d = crate::assess::divergence::diverge_signals(setup, &round, std::slice::from_ref(eval), signals.clone())?;
        if let Some(mut u) = d.units.into_iter().next() {
            eval.run.findings.append(&mut u.run.findings);
            eval.run.traces.append(&mut u.run.traces);
            units.push(u);
        }
        eval.run.findings.sort_by_key(|f| (f.spans.first().map_or(0, |s| s.start), std::cmp::Reverse(f.severity)));
    }
    Ok(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A weight says how much a signal asks, so it is set before the signal meets its report: a
    /// weight script reading the verdict is told so, and each signal then weighs 1, while the
    /// divergence rules still see the verdicts.
    #[test]
    fn a_weight_script_cannot_read_the_verdict() {
        let mut files = crate::pack::PackFiles::embedded();
        let path = files.files.keys().find(|k| k.starts_with("weights/")).cloned().expect("a weight script");
        files.files.insert(path, "if signal.status == \"已反映\" { 2.0 } else { 3.0 }".into());
        let setup = Setup::new(files, None).expect("the pack compiles");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/round");
        let notes = Notices::new();
        let r = run_round(&setup, Round::load(&dir, &notes).expect("round"), &|| {}, &notes).expect("run");
        let d = &r.divergence;
        assert_eq!(d.weight_errors.len(), 1, "{:?}", d.weight_errors);
        assert!(d.weight_errors[0].message.contains("不能读取 status"), "{}", d.weight_errors[0].message);
        let signals: Vec<_> = d.units.iter().flat_map(|u| &u.signals).collect();
        assert!(signals.iter().all(|s| s.weight == 1.0));
        assert!(signals.iter().any(|s| s.status == crate::analysis::matching::Status::Covered));
        assert!(signals.iter().any(|s| s.status == crate::analysis::matching::Status::Missed));
    }

    /// The example round read into memory by hand gives the same results as the folder.
    #[test]
    fn a_round_in_memory_equals_the_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/round");
        let setup = crate::session::setup(None, None).expect("default pack");
        let notes = Notices::new();
        let from_dir = run_round(&setup, Round::load(&dir, &notes).expect("round"), &|| {}, &notes).expect("run");

        let round = Round::load(&dir, &notes).expect("round");
        let structure = &setup.engine.pack.config.structure;
        let reports = round
            .file
            .units
            .iter()
            .map(|u| {
                let bytes = std::fs::read(round.report_path(u)).expect("report");
                let ext = u.report.rsplit('.').next().unwrap_or("txt");
                let name = round.report_path(u).display().to_string();
                crate::read::report::parse_report(name, ext, &bytes, structure).expect("parse")
            })
            .collect();
        let rule_ids: Vec<&str> = setup.engine.pack.rules.iter().map(|r| r.id.as_str()).collect();
        let input = RoundInput {
            signals: signals::read_dir(&dir.join("signals"), &round, &notes).expect("signals"),
            waivers: waivers::read(&dir.join("waivers.toml"), &round, &rule_ids).expect("waivers"),
            judges: Some(
                judges::read(&dir.join("judges.xlsx"), &round, &setup.engine.pack.config.rubric, &notes)
                    .expect("judges"),
            ),
            cadres: crate::read::cadres::read(
                &round,
                setup.engine.pack.config.cadre.as_ref().expect("cadre config"),
                &notes,
            )
            .expect("cadres"),
            ledgers: read_ledgers(&round, &notes).expect("ledgers"),
            reports,
            round,
        };
        let from_memory = run_input(&setup, input).expect("run");
        let json = |r: &RoundResult| {
            let mut out = Vec::new();
            crate::render::round::write_json(
                std::slice::from_ref(r),
                &crate::assess::round::History::of(std::slice::from_ref(r)),
                &setup,
                false,
                &mut out,
            )
            .expect("json");
            String::from_utf8(out).expect("utf-8")
        };
        assert!(from_dir.score.entries.len() == 7 && from_dir.cadres.is_some());
        assert_eq!(json(&from_dir), json(&from_memory));
    }
}
