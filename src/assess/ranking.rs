//! `xuncha score`: every report of a round scored by the rules, merged with the judges' on-site
//! scores, waivers applied, and ranked for 优秀巡察报告评选.

use crate::assess::judges::{Judges, Panel};
use crate::assess::report::ReportEvaluation;
use crate::assess::scorecard::ScoreCard;
use crate::engine::Setup;
use crate::model::round::{Round, Unit};
use crate::model::waiver::Waiver;
use crate::model::waiver::WaiverReport;
use crate::pack::{Grade, Rubric};
use crate::util::number::round1;

/// One report's place in the ranking.
#[derive(Debug, Clone)]
pub struct Entry {
    pub rank: usize,
    pub unit: Unit,
    /// 组长 of the unit's group.
    pub leader: String,
    pub eval: ReportEvaluation,
    pub panel: Option<Panel>,
    /// Rules and judges combined (or the rules' score alone when no judge scored the report).
    pub final_score: f64,
    pub grade: Grade,
    /// Why the report needs 集中讲评 or attention.
    pub flags: Vec<Flag>,
    /// Divergence from the signals (0–100), when the round has signals.
    pub divergence: Option<f64>,
}

/// Why a report needs attention, with the figures behind it. Shown as its Chinese sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum Flag {
    /// The round has judges, but none scored this report: the final score is the rules' alone.
    NoJudgeScore,
    /// A judge of the report's own group (回避): listed, not counted.
    Recused { judge: String, group: String },
    /// The judges' scores spread more than the pack allows.
    JudgesDisagree { spread: f64 },
    /// The rules' score departs from the judges' mean more than the pack allows.
    RulesDepart { rules: f64, judges: f64, gap: f64 },
    /// The report diverges from the signals at or above the pack's threshold.
    Diverges { score: f64 },
}

impl Flag {
    /// Whether the flag puts the report under 需要关注. A recusal is not a problem of the
    /// report, only a note on how its judges' mean was formed.
    pub fn needs_attention(&self) -> bool {
        !matches!(self, Self::Recused { .. })
    }

    /// The report is to be discussed at the 集中讲评 meeting.
    pub fn needs_review(&self) -> bool {
        matches!(self, Self::JudgesDisagree { .. } | Self::RulesDepart { .. })
    }
}

impl std::fmt::Display for Flag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoJudgeScore => write!(f, "评委未评分，综合得分仅为规则得分"),
            Self::Recused { judge, group } => write!(f, "评委{judge}属于{group}，已回避（其评分不计入）"),
            Self::JudgesDisagree { spread } => {
                write!(f, "评委意见分歧较大（最高与最低相差 {} 分），需集中讲评", round1(*spread))
            }
            Self::RulesDepart { rules, judges, gap } => write!(
                f,
                "规则得分 {} 与评委均分 {} 相差 {} 分，需集中讲评",
                round1(*rules),
                round1(*judges),
                round1(*gap)
            ),
            Self::Diverges { score } => {
                write!(f, "与信访举报、领导掌握、社会舆论偏离较大（偏离度 {score}），需研判")
            }
        }
    }
}

impl serde::Serialize for Flag {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Entry {
    pub fn rules(&self) -> &ScoreCard {
        &self.eval.score
    }

    /// The flags that put the report under 需要关注 (every output counts the same ones).
    pub fn attention(&self) -> impl Iterator<Item = &Flag> {
        self.flags.iter().filter(|f| f.needs_attention())
    }
}

/// A scored round.
#[derive(Debug, Clone)]
pub struct RoundScore {
    pub round: String,
    pub framework: String,
    pub entries: Vec<Entry>,
    pub judges: Option<Judges>,
    pub waivers: WaiverReport,
}

/// Ranks a round's evaluated reports (in round order): waivers applied, judges' panels merged.
pub fn rank(
    setup: &Setup,
    round: &Round,
    mut evals: Vec<ReportEvaluation>,
    waiver_list: &[Waiver],
    judges: Option<Judges>,
) -> RoundScore {
    let pack = &setup.engine.pack;
    let rubric = &pack.config.rubric;
    let judge_cfg = &pack.config.judges;

    let waiver_report = {
        let mut per_unit: Vec<(&str, &mut Vec<crate::model::outcome::Finding>)> = Vec::new();
        let mut findings: Vec<Vec<crate::model::outcome::Finding>> =
            evals.iter_mut().map(|e| std::mem::take(&mut e.run.findings)).collect();
        for (unit, f) in round.file.units.iter().zip(findings.iter_mut()) {
            per_unit.push((unit.name.as_str(), f));
        }
        let report = crate::assess::waivers::apply(waiver_list, round.file.round.end.as_deref(), &mut per_unit);
        for (e, f) in evals.iter_mut().zip(findings) {
            e.run.findings = f;
            e.score = crate::assess::scorecard::rescore(&e.score, rubric, &e.run.findings);
        }
        report
    };

    let mut entries: Vec<Entry> = round
        .file
        .units
        .iter()
        .zip(evals)
        .map(|(unit, eval)| {
            let panel = judges.as_ref().and_then(|j| j.panels.get(&unit.name)).cloned();
            let rules_total = eval.score.total;
            let (final_score, flags) = combine(rules_total, panel.as_ref(), judges.is_some(), judge_cfg, unit);
            let grade = if eval.score.vetoed { rubric.lowest() } else { rubric.grade_for(final_score) };
            Entry {
                rank: 0,
                unit: unit.clone(),
                leader: round.group(&unit.group).map(|g| g.leader.clone()).unwrap_or_default(),
                eval,
                panel,
                final_score,
                grade,
                flags,
                divergence: None,
            }
        })
        .collect();
    // Vetoed reports rank last; ties keep round.toml order.
    entries.sort_by(|a, b| a.eval.score.vetoed.cmp(&b.eval.score.vetoed).then(b.final_score.total_cmp(&a.final_score)));
    let mut rank = 0;
    let mut prev: Option<(bool, f64)> = None;
    for (i, e) in entries.iter_mut().enumerate() {
        let key = (e.eval.score.vetoed, e.final_score);
        if prev != Some(key) {
            rank = i + 1;
        }
        e.rank = rank;
        prev = Some(key);
    }
    RoundScore {
        round: round.name().to_owned(),
        framework: setup.framework.1.name.clone(),
        entries,
        judges,
        waivers: waiver_report,
    }
}

fn combine(
    rules: f64,
    panel: Option<&Panel>,
    have_judges: bool,
    cfg: &crate::pack::JudgeConfig,
    unit: &Unit,
) -> (f64, Vec<Flag>) {
    let mut flags = Vec::new();
    let Some(panel) = panel.filter(|p| p.scores.iter().any(|s| !s.recused)) else {
        if have_judges {
            flags.push(Flag::NoJudgeScore);
        }
        return (rules, flags);
    };
    for s in panel.scores.iter().filter(|s| s.recused) {
        flags.push(Flag::Recused { judge: s.judge.clone(), group: unit.group.clone() });
    }
    if panel.spread > cfg.spread_flag {
        flags.push(Flag::JudgesDisagree { spread: panel.spread });
    }
    let departure = (rules - panel.mean).abs();
    if departure > cfg.departure_flag {
        flags.push(Flag::RulesDepart { rules, judges: panel.mean, gap: departure });
    }
    (round1(cfg.rules_weight * rules + (1.0 - cfg.rules_weight) * panel.trimmed_mean), flags)
}

/// One reason a report lost points, with the place in the report: the rows of 扣分明细.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LossRow {
    pub rank: usize,
    pub unit: String,
    pub criterion: String,
    pub rule: String,
    pub points: f64,
    pub message: String,
    /// "reports/x.txt:12:5" or "reports/x.docx 第12段".
    pub place: String,
    /// Reason and approver when a waiver covers the finding.
    pub waived: Option<String>,
}

impl RoundScore {
    /// Adds each report's divergence and flags those at or above the threshold.
    pub fn attach_divergence(&mut self, d: &crate::assess::divergence::Divergence, threshold: f64) {
        if d.counts.is_empty() {
            return;
        }
        for e in &mut self.entries {
            if let Some(u) = d.units.iter().find(|u| u.unit.name == e.unit.name) {
                e.divergence = Some(u.score);
                if u.score >= threshold {
                    e.flags.push(Flag::Diverges { score: u.score });
                }
            }
        }
    }

    /// Every finding that cost points or was waived, by rank then reading order.
    pub fn loss_rows(&self, rubric: &Rubric) -> Vec<LossRow> {
        let mut rows = Vec::new();
        for e in &self.entries {
            let doc = &e.eval.analysis.doc;
            for f in e.eval.run.findings.iter().filter(|f| f.points > 0.0 || f.waived.is_some() || f.veto) {
                let criterion = f
                    .criterion
                    .as_deref()
                    .and_then(|c| rubric.criteria.get(c))
                    .map_or(String::new(), |c| c.name.clone());
                // The report as round.toml names it (relative to the round folder), never the
                // absolute path of this computer, and the place as the office says it.
                let place = match f.spans.first() {
                    Some(s) => format!("{} {}", e.unit.report, doc.place_cn(s.start)),
                    None => e.unit.report.clone(),
                };
                rows.push(LossRow {
                    rank: e.rank,
                    unit: e.unit.name.clone(),
                    criterion,
                    rule: f.rule.clone(),
                    points: round1(f.points),
                    message: f.message.clone(),
                    place,
                    waived: f.waived.clone(),
                });
            }
        }
        rows
    }
}
