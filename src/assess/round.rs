//! `xuncha round`: the whole round in one pass — score, divergence and cadre evaluation over
//! reports read and rules compiled once — plus the round's statistics and trends across rounds.

use serde::Serialize;

use crate::assess::cadre::Evaluation;
use crate::assess::divergence::{self, Divergence, LeaderView};
use crate::assess::ledger::{Ledger, State};
use crate::assess::ranking::RoundScore;
use crate::assess::report::ReportEvaluation;
use crate::engine::Setup;
use crate::model::round::Round;
use crate::util::number::round1;

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
    /// 整改台账, 线索台账 and 共性问题.
    pub ledger: Ledger,
    /// 巡中调度 as recorded in the round's progress table, judged at the round's end.
    pub progress: Option<crate::assess::progress::Progress>,
}

/// (problems, 万元 in problem items) counted from the reports. An item often names the same money
/// several times (投资 2680 万元，完成 1330 万元，结存 1350 万元), so each item counts its largest
/// amount once, never the sum of its amounts.
pub fn report_stats(evals: &[ReportEvaluation]) -> (usize, f64) {
    let mut problems = 0;
    let mut wan = 0.0;
    for e in evals {
        let a = &e.analysis;
        problems += a.doc.problems.len();
        for p in &a.doc.problems {
            wan +=
                a.figures_in(p.span).filter(|f| f.money).map(|f| money_in_wan(a.doc.slice(f.span))).fold(0.0, f64::max);
        }
    }
    (problems, round1(wan))
}

/// "23.6万元" → 23.6, "3,400元" → 0.34, "1.2亿元" → 12000.
fn money_in_wan(s: &str) -> f64 {
    let folded: String = s.chars().map(crate::util::text::fold_char).filter(|c| *c != ',').collect();
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

pub fn stats(
    round: &Round,
    (problems, wan): &(usize, f64),
    cadres: Option<&Evaluation>,
    d: &Divergence,
    ledger: &Ledger,
) -> Vec<Stat> {
    let stat = |label: &str, value: f64, unit: &str, source: &str| Stat {
        label: label.into(),
        value,
        unit: unit.into(),
        source: source.into(),
    };
    let f = &round.file;
    let mut out = vec![stat("巡察组", f.groups.len() as f64, "个", "本轮名单")];
    let inspectors = match cadres {
        Some(e) => (e.results.len() as f64, "巡察干部表"),
        None => (f.groups.iter().map(|g| 1 + g.deputies.len() + g.members.len()).sum::<usize>() as f64, "本轮名单"),
    };
    out.push(stat("派出巡察干部", inspectors.0, "人", inspectors.1));
    out.push(stat("巡察单位", f.units.len() as f64, "个", "本轮名单"));
    for kind in crate::model::round::UNIT_KINDS {
        let n = f.units.iter().filter(|u| u.kind == kind).count();
        if n > 0 {
            out.push(stat(&format!("其中{kind}"), n as f64, "个", "本轮名单"));
        }
    }
    // The ledgers count each problem and clue once; the cadres' own figures overlap (several
    // members report the same clue), so they are never summed into the round's.
    out.push(stat("发现问题", *problems as f64, "个", "报告统计"));
    out.push(stat("问题涉及金额（每个问题计最大一笔）", *wan, "万元", "报告统计"));
    if ledger.has_items {
        out.push(stat("列入整改台账的问题", ledger.items.len() as f64, "个", "整改台账"));
        out.push(stat("其中已整改销号", ledger.count(State::Closed) as f64, "个", "整改台账"));
        out.push(stat("其中逾期未完成", ledger.count(State::Overdue) as f64, "个", "整改台账"));
        out.push(stat("其中整改不实", ledger.count(State::Unfounded) as f64, "个", "整改台账"));
    }
    if ledger.has_clues {
        out.push(stat("移交问题线索", ledger.clues.len() as f64, "件", "线索台账"));
        out.push(stat("其中逾期未反馈", ledger.clues_overdue() as f64, "件", "线索台账"));
    }
    if let Some(e) = cadres {
        let sum = |g: fn(&crate::model::cadre::Cadre) -> f64| e.results.iter().map(|r| g(&r.cadre)).sum::<f64>();
        out.push(stat("形成专题报告", sum(|c| c.special_reports), "篇", "巡察干部表"));
        out.push(stat("推动立行立改", sum(|c| c.rectified), "项", "巡察干部表"));
        // The same count as Evaluation::tally's `recommended` and the page's cadre sentence.
        out.push(stat(
            "优先向组织推荐的优秀巡察干部",
            e.results.iter().filter(|r| r.recommended).count() as f64,
            "人",
            "评估结果",
        ));
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
                excellent_reports: r.score.entries.iter().filter(|e| e.grade.is_top()).count(),
            }
        })
        .collect()
}

/// Trends and repeat cadres over the rounds of a run, and over the archived rounds when an
/// archive is given: rounds ordered by their start dates (undated last, in the order given).
#[derive(Debug, Clone, Default)]
pub struct History {
    pub trends: Vec<Trend>,
    pub repeat_cadres: Vec<(String, Vec<(String, String)>)>,
}

/// What an archive remembers of earlier rounds, for [`History::with_archive`].
#[derive(Debug, Clone, Default)]
pub struct Archived {
    /// (start, trend) per archived round.
    pub trends: Vec<(Option<String>, Trend)>,
    /// (cadre, round, start, band).
    pub cadres: Vec<(String, String, Option<String>, String)>,
}

impl History {
    /// Over the rounds of this run only, in the order given.
    pub fn of(results: &[RoundResult]) -> Self {
        Self { trends: trends(results), repeat_cadres: repeat_cadres(results) }
    }

    /// Over the archived rounds and this run's (a round of the same name counts once: this run's).
    pub fn with_archive(results: &[RoundResult], archived: Archived) -> Self {
        let here: Vec<&str> = results.iter().map(|r| r.score.round.as_str()).collect();
        let mut dated: Vec<(Option<String>, Trend)> =
            archived.trends.into_iter().filter(|(_, t)| !here.contains(&t.round.as_str())).collect();
        dated.extend(results.iter().map(|r| r.round.file.round.start.clone()).zip(trends(results)));
        dated.sort_by(|a, b| (a.0.is_none(), &a.0).cmp(&(b.0.is_none(), &b.0)));
        let mut seen: Vec<(String, String, Option<String>, String)> =
            archived.cadres.into_iter().filter(|c| !here.contains(&c.1.as_str())).collect();
        for r in results {
            for c in r.cadres.iter().flat_map(|e| &e.results) {
                seen.push((
                    c.cadre.name.clone(),
                    r.score.round.clone(),
                    r.round.file.round.start.clone(),
                    c.band.clone(),
                ));
            }
        }
        seen.sort_by(|a, b| (&a.0, a.2.is_none(), &a.2).cmp(&(&b.0, b.2.is_none(), &b.2)));
        let mut map: std::collections::BTreeMap<String, Vec<(String, String)>> = Default::default();
        for (name, round, _, band) in seen {
            map.entry(name).or_default().push((round, band));
        }
        Self {
            trends: dated.into_iter().map(|(_, t)| t).collect(),
            repeat_cadres: map.into_iter().filter(|(_, v)| v.len() > 1).collect(),
        }
    }
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
    divergence::leaders(results.iter().map(|r| &r.divergence), &setup.engine.pack.config.divergence)
}
