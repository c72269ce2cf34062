//! `xuncha evaluate`: the post-round evaluation of inspection cadres (巡后评估、鉴定巡察干部、评选
//! 优秀巡察干部) — performance, conduct and discipline, survey results, the group leader's
//! accountability for the group's reports, bands, and the 20% quota of 优秀 per group.

use rhai::{Dynamic, Map};
use serde::Serialize;

use crate::assess::divergence::Divergence;
use crate::assess::ranking::RoundScore;
use crate::assess::scorecard::{self, ScoreCard};
use crate::engine::RuleRun;
use crate::engine::Setup;
use crate::model::cadre::{Cadre, ConductEvent};
use crate::model::outcome::Finding;
use crate::model::round::Round;
use crate::pack::{CadreConfig, RuleKind};

/// One cadre's evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct CadreResult {
    pub cadre: Cadre,
    pub run: RuleRun,
    pub score: ScoreCard,
    /// The band after the quota.
    pub band: String,
    /// Lowered from 优秀 because the group's quota was full.
    pub quota_limited: bool,
    /// 优先向组织推荐.
    pub recommended: bool,
    /// 谈话提醒 / 调整出巡察队伍 / 移交 … with the reason.
    pub actions: Vec<String>,
}

/// How many cadres were evaluated and how the 优秀 selection came out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub total: usize,
    /// Seconded cadres (抽调干部) rated 优秀 within their group's quota.
    pub seconded_excellent: usize,
    /// Of those, recommended to the organisation (优先向组织推荐).
    pub recommended: usize,
    /// Rated 优秀 but held back until a public report about them is verified.
    pub pending: usize,
}

/// The cadres of a round evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub round: String,
    pub results: Vec<CadreResult>,
    /// Per group: (group, seconded cadres, 优秀 allowed, 优秀 given).
    pub quotas: Vec<(String, usize, usize, usize)>,
}

impl Evaluation {
    pub fn rule_errors(&self) -> bool {
        self.results.iter().any(|r| r.run.errors().next().is_some())
    }

    /// The figures every output gives about the selection of 优秀巡察干部, counted once.
    pub fn tally(&self, cfg: &CadreConfig) -> Tally {
        let excellent = |r: &&CadreResult| r.band == cfg.excellent_band;
        Tally {
            total: self.results.len(),
            seconded_excellent: self.results.iter().filter(excellent).filter(|r| r.cadre.seconded).count(),
            recommended: self.results.iter().filter(|r| r.recommended).count(),
            pending: self.results.iter().filter(excellent).filter(|r| r.cadre.seconded && !r.recommended).count(),
        }
    }

    pub fn band_counts(&self, cfg: &CadreConfig) -> Vec<(String, usize)> {
        cfg.rubric
            .grades
            .iter()
            .map(|g| (g.name.clone(), self.results.iter().filter(|r| r.band == g.name).count()))
            .collect()
    }
}

/// What the group leader is accountable for: the group's reports.
#[derive(Debug, Clone, Default)]
pub struct GroupFacts {
    pub report_mean: Option<f64>,
    pub divergence_mean: Option<f64>,
    pub leader_flagged: bool,
}

/// Runs the cadre rules on one cadre.
pub fn run_rules(setup: &Setup, cadre: &Cadre, cfg: &CadreConfig, facts: &GroupFacts) -> RuleRun {
    let map = to_map(cadre, cfg, facts);
    let mut run = setup.engine.run_kind(RuleKind::Cadre, |scope| {
        scope.push_constant("cadre", map.clone());
    });
    run.findings.sort_by_key(|f: &Finding| (std::cmp::Reverse(f.severity), f.rule.clone()));
    run
}

fn to_map(c: &Cadre, cfg: &CadreConfig, facts: &GroupFacts) -> Map {
    let mut m = Map::new();
    let f = |x: Option<f64>| x.map_or(Dynamic::UNIT, Dynamic::from_float);
    m.insert("name".into(), c.name.clone().into());
    m.insert("group".into(), c.group.clone().into());
    m.insert("role".into(), c.role.clone().into());
    m.insert("home_unit".into(), c.home_unit.clone().into());
    m.insert("seconded".into(), c.seconded.into());
    m.insert("problems_found".into(), Dynamic::from_float(c.problems_found));
    m.insert("clues".into(), Dynamic::from_float(c.clues));
    m.insert("special_reports".into(), Dynamic::from_float(c.special_reports));
    m.insert("rectified".into(), Dynamic::from_float(c.rectified));
    m.insert("publicity".into(), Dynamic::from_float(c.publicity));
    m.insert("groundwork".into(), f(c.groundwork));
    m.insert("survey".into(), f(c.survey));
    m.insert("self_assessment".into(), c.self_assessment.clone().map_or(Dynamic::UNIT, Dynamic::from));
    m.insert("reported_first".into(), c.reported_first.map_or(Dynamic::UNIT, Dynamic::from));
    m.insert("group_report_score".into(), f(facts.report_mean));
    m.insert("group_divergence".into(), f(facts.divergence_mean));
    m.insert("leader_flagged".into(), facts.leader_flagged.into());
    let events: rhai::Array = c
        .events
        .iter()
        .map(|e| {
            let cat = &cfg.categories[&e.category];
            let mut em = Map::new();
            em.insert("date".into(), e.date.clone().unwrap_or_default().into());
            em.insert("category".into(), e.category.clone().into());
            em.insert("category_name".into(), cat.name.clone().into());
            em.insert("points".into(), Dynamic::from_float(cat.points));
            em.insert("veto".into(), cat.veto.into());
            em.insert("text".into(), e.text.clone().into());
            em.insert("verified".into(), e.verified.into());
            em.insert("source".into(), e.source.clone().into());
            Dynamic::from_map(em)
        })
        .collect();
    m.insert("events".into(), events.into());
    m
}

/// Evaluates every cadre; `scores` and `divergence` supply the group leaders' accountability.
pub fn evaluate(
    setup: &Setup,
    round: &Round,
    cadres: Vec<Cadre>,
    cfg: &CadreConfig,
    scores: Option<&RoundScore>,
    divergence: Option<&Divergence>,
) -> Evaluation {
    let leaders = divergence.map(|d| crate::assess::divergence::leaders([d], &setup.engine.pack.config.divergence));
    let facts_of = |group: &str| -> GroupFacts {
        let report_scores: Vec<f64> = scores
            .map(|s| s.entries.iter().filter(|e| e.unit.group == group).map(|e| e.final_score).collect())
            .unwrap_or_default();
        let divs: Vec<f64> = divergence
            .map(|d| {
                d.units.iter().filter(|u| u.unit.group == group && !u.signals.is_empty()).map(|u| u.score).collect()
            })
            .unwrap_or_default();
        let mean =
            |v: &[f64]| (!v.is_empty()).then(|| crate::util::number::round1(v.iter().sum::<f64>() / v.len() as f64));
        let leader = round.group(group).map(|g| g.leader.as_str()).unwrap_or("");
        GroupFacts {
            report_mean: mean(&report_scores),
            divergence_mean: mean(&divs),
            leader_flagged: leaders.as_ref().is_some_and(|l| l.iter().any(|v| v.leader == leader && v.flagged)),
        }
    };
    let mut results: Vec<CadreResult> = cadres
        .into_iter()
        .map(|cadre| {
            let run = run_rules(setup, &cadre, cfg, &facts_of(&cadre.group));
            let score = scorecard::score(&cfg.rubric, &run.findings);
            let band = score.grade.clone();
            CadreResult { cadre, run, score, band, quota_limited: false, recommended: false, actions: Vec::new() }
        })
        .collect();
    let quotas = apply_quota(&mut results, cfg);
    for r in &mut results {
        // A pending public report holds the recommendation back until it is verified.
        let pending = r.cadre.events.iter().any(|e| !e.verified);
        r.recommended = r.band == cfg.excellent_band && r.cadre.seconded && !pending;
        r.actions = actions(r, cfg);
        if pending && r.band == cfg.excellent_band && r.cadre.seconded {
            r.actions.push("待反映核实后再确定是否优先推荐".into());
        }
    }
    Evaluation { round: round.name().to_owned(), results, quotas }
}

/// At most `excellent_quota` of a group's seconded cadres keep 优秀. Ties are broken by total
/// score, then problems found, then clues transferred, then the order of the cadre table.
fn apply_quota(results: &mut [CadreResult], cfg: &CadreConfig) -> Vec<(String, usize, usize, usize)> {
    // Groups in the order the cadre table lists them.
    let mut groups: Vec<String> = Vec::new();
    for r in results.iter() {
        if !groups.contains(&r.cadre.group) {
            groups.push(r.cadre.group.clone());
        }
    }
    let mut out = Vec::new();
    for g in groups {
        let seconded: Vec<usize> =
            (0..results.len()).filter(|&i| results[i].cadre.group == g && results[i].cadre.seconded).collect();
        let allowed = ((seconded.len() as f64 * cfg.excellent_quota).floor() as usize).max(1);
        let mut excellent: Vec<usize> =
            seconded.iter().copied().filter(|&i| results[i].band == cfg.excellent_band).collect();
        excellent.sort_by(|&a, &b| {
            let (x, y) = (&results[a], &results[b]);
            y.score
                .total
                .total_cmp(&x.score.total)
                .then(y.cadre.problems_found.total_cmp(&x.cadre.problems_found))
                .then(y.cadre.clues.total_cmp(&x.cadre.clues))
                .then(a.cmp(&b))
        });
        for &i in excellent.iter().skip(allowed) {
            results[i].band = cfg.quota_fallback_band.clone();
            results[i].quota_limited = true;
        }
        out.push((g, seconded.len(), allowed, excellent.len().min(allowed)));
    }
    out
}

fn actions(r: &CadreResult, cfg: &CadreConfig) -> Vec<String> {
    let mut out = Vec::new();
    let verified: Vec<&ConductEvent> = r.cadre.events.iter().filter(|e| e.verified).collect();
    if r.score.vetoed {
        let what: Vec<&str> = verified
            .iter()
            .filter(|e| cfg.categories[&e.category].veto)
            .map(|e| cfg.categories[&e.category].name.as_str())
            .collect();
        out.push(format!("调整出巡察队伍，移交有关部门处理（{}）", what.join("、")));
    } else if !verified.is_empty() {
        let what: Vec<&str> = verified.iter().map(|e| cfg.categories[&e.category].name.as_str()).collect();
        out.push(format!("谈话提醒（{}）", what.join("、")));
    }
    let open: Vec<&ConductEvent> = r.cadre.events.iter().filter(|e| !e.verified).collect();
    if !open.is_empty() {
        out.push(format!("{} 件反映尚未查实，核实后再作处理", open.len()));
    }
    if !r.score.vetoed && cfg.rubric.grades.iter().rev().take(2).any(|g| g.name == r.band) {
        out.push(format!("评为{}，应谈话提醒并跟踪改进", r.band));
    }
    if r.cadre.role == "组长" && r.run.findings.iter().any(|f| f.rule == "cadre/leader-accountability") {
        out.push("组长重点研判：本组报告质量或偏离情况需要分析原因".into());
    }
    out
}
