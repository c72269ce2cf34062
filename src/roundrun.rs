//! `xuncha round`: the whole round in one pass — score, divergence and cadre evaluation over
//! reports read and rules compiled once — plus the round's statistics and trends across rounds.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cadre::{self, CadreError, Evaluation};
use crate::check::Setup;
use crate::diverge::{self, Divergence, LeaderView};
use crate::evaluate::ReportEvaluation;
use crate::round::{Round, RoundError};
use crate::score::{self, RoundScore, ScoreError};
use crate::scoring::round1;
use crate::signals::SignalError;

#[derive(Debug, thiserror::Error)]
pub enum RoundRunError {
    #[error(transparent)]
    Round(#[from] RoundError),
    #[error(transparent)]
    Score(#[from] ScoreError),
    #[error(transparent)]
    Signals(#[from] SignalError),
    #[error(transparent)]
    Cadre(#[from] CadreError),
    #[error("{path}：缺少 round.toml，其下也没有轮次目录（可用 xuncha init 目录 生成模板）")]
    NoRounds { path: String },
}

/// One of the round's statistics, labelled by where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct Stat {
    pub label: String,
    pub value: f64,
    pub unit: String,
    pub source: String,
}

/// Everything one round produced.
#[derive(Debug, Clone)]
pub struct RoundResult {
    pub round: Round,
    pub score: RoundScore,
    pub divergence: Divergence,
    pub cadres: Option<Evaluation>,
    pub stats: Vec<Stat>,
}

/// Round folders named on the command line: each a round, or a parent of rounds (sorted by name).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, RoundRunError> {
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
            return Err(RoundRunError::NoRounds { path: p.display().to_string() });
        }
        subs.sort();
        out.extend(subs);
    }
    Ok(out)
}

/// Runs one round: reports are read and evaluated once and shared by every view.
pub fn run(setup: &Setup, round: Round, on_report: &(dyn Fn() + Sync)) -> Result<RoundResult, RoundRunError> {
    let evals = score::evaluate_round_with(setup, &round, on_report)?;
    let divergence = diverge::diverge_round(setup, &round, &evals)?;
    let report_stats = report_stats(&evals);
    let mut scored = score::score_round(setup, &round, evals)?;
    scored.attach_divergence(&divergence, setup.engine.pack.config.divergence.flag_threshold);
    let cadres = match &setup.engine.pack.config.cadre {
        Some(cfg) => match cadre::read(&round, cfg)? {
            Some(list) => Some(cadre::evaluate(setup, &round, list, Some(&scored), Some(&divergence))?),
            None => None,
        },
        None => None,
    };
    let stats = stats(&round, &report_stats, cadres.as_ref(), &divergence);
    Ok(RoundResult { round, score: scored, divergence, cadres, stats })
}

/// (problems, 万元 in problem items) counted from the reports.
fn report_stats(evals: &[ReportEvaluation]) -> (usize, f64) {
    let mut problems = 0;
    let mut wan = 0.0;
    for e in evals {
        let a = &e.analysis;
        problems += a.doc.problems.len();
        for p in &a.doc.problems {
            for f in a.figures_in(p.span).filter(|f| f.money) {
                wan += money_in_wan(a.doc.slice(f.span));
            }
        }
    }
    (problems, round1(wan))
}

/// "23.6万元" → 23.6, "3,400元" → 0.34, "1.2亿元" → 12000.
fn money_in_wan(s: &str) -> f64 {
    let folded: String = s.chars().map(crate::text::fold_char).filter(|c| *c != ',').collect();
    let digits: String = folded.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let x: f64 = digits.parse().unwrap_or(0.0);
    if folded.contains("亿") {
        x * 10_000.0
    } else if folded.contains('万') {
        x
    } else {
        x / 10_000.0
    }
}

fn stats(round: &Round, (problems, wan): &(usize, f64), cadres: Option<&Evaluation>, d: &Divergence) -> Vec<Stat> {
    let stat = |label: &str, value: f64, unit: &str, source: &str| Stat {
        label: label.into(),
        value,
        unit: unit.into(),
        source: source.into(),
    };
    let f = &round.file;
    let mut out = vec![stat("巡察组", f.groups.len() as f64, "个", "round.toml")];
    let inspectors = match cadres {
        Some(e) => (e.results.len() as f64, "巡察干部表"),
        None => (f.groups.iter().map(|g| 1 + g.deputies.len() + g.members.len()).sum::<usize>() as f64, "round.toml"),
    };
    out.push(stat("派出巡察干部", inspectors.0, "人", inspectors.1));
    out.push(stat("巡察单位", f.units.len() as f64, "个", "round.toml"));
    for kind in crate::round::UNIT_KINDS {
        let n = f.units.iter().filter(|u| u.kind == kind).count();
        if n > 0 {
            out.push(stat(&format!("其中{kind}"), n as f64, "个", "round.toml"));
        }
    }
    out.push(stat("发现问题", *problems as f64, "个", "报告统计"));
    out.push(stat("问题部分提及金额", *wan, "万元", "报告统计"));
    if let Some(e) = cadres {
        let sum = |g: fn(&crate::cadre::Cadre) -> f64| e.results.iter().map(|r| g(&r.cadre)).sum::<f64>();
        out.push(stat("移交问题线索", sum(|c| c.clues), "件", "巡察干部表"));
        out.push(stat("形成专题报告", sum(|c| c.special_reports), "篇", "巡察干部表"));
        out.push(stat("推动立行立改", sum(|c| c.rectified), "项", "巡察干部表"));
        out.push(stat("评定优秀巡察干部", e.results.iter().filter(|r| r.recommended).count() as f64, "人", "评估结果"));
    }
    for (k, n) in &d.counts {
        out.push(stat(&format!("巡前{k}"), *n as f64, "件", "signals/"));
    }
    for (label, value) in &f.stats {
        // "挽回经济损失（万元）" → label 挽回经济损失, unit 万元.
        let (l, u) = match label.split_once('（') {
            Some((l, rest)) => (l.to_owned(), rest.trim_end_matches('）').to_owned()),
            None => (label.clone(), String::new()),
        };
        out.push(Stat { label: l, value: *value, unit: u, source: "巡察办填报（round.toml）".into() });
    }
    out
}

/// One row of the trend across rounds.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub round: String,
    pub reports: usize,
    pub mean_score: f64,
    pub mean_divergence: Option<f64>,
    pub excellent_reports: usize,
}

pub fn trends(results: &[RoundResult]) -> Vec<Trend> {
    results
        .iter()
        .map(|r| {
            let n = r.score.entries.len().max(1) as f64;
            let divs: Vec<f64> = r.score.entries.iter().filter_map(|e| e.divergence).collect();
            Trend {
                round: r.score.round.clone(),
                reports: r.score.entries.len(),
                mean_score: round1(r.score.entries.iter().map(|e| e.final_score).sum::<f64>() / n),
                mean_divergence: (!divs.is_empty()).then(|| round1(divs.iter().sum::<f64>() / divs.len() as f64)),
                excellent_reports: r.score.entries.iter().filter(|e| e.grade == "优秀").count(),
            }
        })
        .collect()
}

/// Cadres seen in more than one round, with their band in each.
pub fn repeat_cadres(results: &[RoundResult]) -> Vec<(String, Vec<(String, String)>)> {
    let mut map: std::collections::BTreeMap<String, Vec<(String, String)>> = Default::default();
    for r in results {
        for c in r.cadres.iter().flat_map(|e| &e.results) {
            map.entry(c.cadre.name.clone()).or_default().push((r.score.round.clone(), c.band.clone()));
        }
    }
    map.into_iter().filter(|(_, v)| v.len() > 1).collect()
}

pub fn leaders(results: &[RoundResult], setup: &Setup) -> Vec<LeaderView> {
    diverge::leaders(results.iter().map(|r| &r.divergence), &setup.engine.pack.config.divergence)
}

/// Refuses an output folder inside a round folder unless it is new (so that earlier outputs or
/// inputs are never overwritten there).
pub fn check_out_dir(out: &Path, rounds: &[PathBuf]) -> Result<(), String> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let o = abs(out);
    for r in rounds {
        let r = abs(r);
        if o == r {
            return Err(format!("输出目录 {} 就是轮次目录，请另选一个目录", out.display()));
        }
        if o.starts_with(&r) && out.exists() {
            return Err(format!(
                "输出目录 {} 位于轮次目录 {} 之内且已存在，为免覆盖输入，请指定一个新目录",
                out.display(),
                r.display()
            ));
        }
    }
    Ok(())
}
