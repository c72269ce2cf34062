//! Judges' on-site scores (评委现场评分): reading the table and the panel statistics.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::pack::Rubric;
use crate::round::Round;
use crate::tabular::{self, Field, Schema, TableError};

/// `[judges]` in pack.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct JudgeConfig {
    /// With at least this many judges, the highest and lowest are dropped.
    pub trim_from: usize,
    /// How many scores are dropped at each end.
    pub trim: usize,
    /// Final score = rules_weight × rules score + (1 − rules_weight) × judges' score.
    pub rules_weight: f64,
    /// Flag a report whose judges' scores spread (max − min) more than this.
    pub spread_flag: f64,
    /// Flag a report whose rules score departs from the judges' mean by more than this.
    pub departure_flag: f64,
}

impl Default for JudgeConfig {
    fn default() -> Self {
        Self { trim_from: 5, trim: 1, rules_weight: 0.5, spread_flag: 20.0, departure_flag: 30.0 }
    }
}

/// One judge's score of one report.
#[derive(Debug, Clone, Serialize)]
pub struct JudgeScore {
    pub judge: String,
    pub score: f64,
    /// Per-criterion scores when the table has those columns.
    pub criteria: Vec<(String, f64)>,
    /// The judge belongs to the report's group (回避): shown, not counted.
    pub recused: bool,
    /// Dropped as one of the highest or lowest.
    pub trimmed: bool,
    #[serde(skip)]
    pub row: usize,
}

/// All judges' scores of one report and what they add up to.
#[derive(Debug, Clone, Serialize)]
pub struct Panel {
    pub scores: Vec<JudgeScore>,
    /// Mean of the counted scores (not recused).
    pub mean: f64,
    /// Mean after dropping the highest and lowest (or the plain mean with too few judges).
    pub trimmed_mean: f64,
    /// Max − min of the counted scores.
    pub spread: f64,
}

/// The judges' table of a round.
#[derive(Debug, Clone, Serialize)]
pub struct Judges {
    pub file: String,
    pub judges: Vec<String>,
    /// By unit name.
    pub panels: BTreeMap<String, Panel>,
    /// Kendall's W over the judges who scored every report (0 = no agreement, 1 = identical rankings).
    pub agreement: Option<f64>,
}

fn schema(rubric: &Rubric) -> Schema {
    Schema {
        name: "评委评分表",
        fields: vec![
            Field::required("judge", "评委", &["评委姓名", "评分人", "评审专家", "专家"]),
            Field::required("unit", "被巡察单位", &["报告", "单位", "被巡察党组织", "报告名称", "单位名称"]),
            Field::required("score", "得分", &["总分", "评分", "分数", "现场评分"]),
            Field::optional("seq", "序号", &["编号"]),
            Field::optional("note", "备注", &["说明"]),
        ],
        extra: rubric.criteria.values().map(|c| c.name.clone()).collect(),
    }
}

/// Reads `judges.csv|xlsx`: every score in range, every report known, no judge twice on a report.
pub fn read(path: &Path, round: &Round, rubric: &Rubric, config: &JudgeConfig) -> Result<Judges, TableError> {
    let table = tabular::read(path, &schema(rubric), &round.file.columns)?;
    let mut raw: BTreeMap<String, Vec<JudgeScore>> = BTreeMap::new();
    let mut judges: Vec<String> = Vec::new();
    for rec in &table.records {
        let judge =
            rec.get(&table, "judge").ok_or_else(|| table.cell_error(rec.row, "judge", "评委姓名为空"))?.to_owned();
        let written = rec.get(&table, "unit").ok_or_else(|| table.cell_error(rec.row, "unit", "单位为空"))?;
        let unit = round.match_unit(written).ok_or_else(|| {
            table.cell_error(rec.row, "unit", format!("“{written}”不是本轮的被巡察单位{}", round.suggest_unit(written)))
        })?;
        let score = table.number(rec, "score")?.ok_or_else(|| table.cell_error(rec.row, "score", "得分为空"))?;
        if !(0.0..=rubric.total).contains(&score) {
            return Err(table.cell_error(rec.row, "score", format!("得分 {score} 超出范围（0～{}）", rubric.total)));
        }
        let mut criteria = Vec::new();
        for (header, value) in &rec.extra {
            if value.is_empty() {
                continue;
            }
            let Some(c) = rubric.criteria.values().find(|c| &c.name == header) else {
                continue;
            };
            let v = tabular::parse_number(value)
                .ok_or_else(|| table.row_error(rec.row, format!("“{header}”列的“{value}”不是数字")))?;
            if !(0.0..=c.max).contains(&v) {
                return Err(table.row_error(rec.row, format!("“{header}”列的 {v} 分超出该项满分 {}", c.max)));
            }
            criteria.push((header.clone(), v));
        }
        let list = raw.entry(unit.name.clone()).or_default();
        if let Some(prev) = list.iter().find(|s| s.judge == judge) {
            return Err(
                table.row_error(rec.row, format!("评委“{judge}”对“{}”重复评分（第{}行已有一条）", unit.name, prev.row))
            );
        }
        let recused = round.group(&unit.group).is_some_and(|g| g.has_person(&judge));
        if !judges.contains(&judge) {
            judges.push(judge.clone());
        }
        list.push(JudgeScore { judge, score, criteria, recused, trimmed: false, row: rec.row });
    }
    let panels = raw.into_iter().map(|(unit, scores)| (unit, panel(scores, config))).collect::<BTreeMap<_, _>>();
    let agreement = kendall_w(&judges, &panels);
    Ok(Judges { file: table.path, judges, panels, agreement })
}

fn panel(mut scores: Vec<JudgeScore>, config: &JudgeConfig) -> Panel {
    let mut counted: Vec<usize> = (0..scores.len()).filter(|&i| !scores[i].recused).collect();
    counted.sort_by(|&a, &b| scores[a].score.total_cmp(&scores[b].score).then(scores[a].judge.cmp(&scores[b].judge)));
    let values: Vec<f64> = counted.iter().map(|&i| scores[i].score).collect();
    let mean = average(&values);
    let spread = values.last().zip(values.first()).map_or(0.0, |(hi, lo)| hi - lo);
    let trimmed_mean = if counted.len() >= config.trim_from && counted.len() > 2 * config.trim {
        let n = counted.len();
        for &i in counted[..config.trim].iter().chain(&counted[n - config.trim..]) {
            scores[i].trimmed = true;
        }
        average(&values[config.trim..n - config.trim])
    } else {
        mean
    };
    Panel { scores, mean, trimmed_mean, spread }
}

fn average(v: &[f64]) -> f64 {
    if v.is_empty() { 0.0 } else { v.iter().sum::<f64>() / v.len() as f64 }
}

/// Kendall's coefficient of concordance with tie correction, over the judges who scored every
/// report (recused scores included: agreement is about the judges, not the result).
fn kendall_w(judges: &[String], panels: &BTreeMap<String, Panel>) -> Option<f64> {
    let complete: Vec<&String> =
        judges.iter().filter(|j| panels.values().all(|p| p.scores.iter().any(|s| &s.judge == *j))).collect();
    let n = panels.len();
    let m = complete.len();
    if m < 2 || n < 2 {
        return None;
    }
    let mut rank_sums = vec![0.0; n];
    let mut ties = 0.0;
    for judge in complete {
        let scores: Vec<f64> =
            panels.values().map(|p| p.scores.iter().find(|s| &s.judge == judge).map_or(0.0, |s| s.score)).collect();
        let (ranks, t) = average_ranks(&scores);
        ties += t;
        for (sum, r) in rank_sums.iter_mut().zip(ranks) {
            *sum += r;
        }
    }
    let (m, n) = (m as f64, n as f64);
    let mean = m * (n + 1.0) / 2.0;
    let s: f64 = rank_sums.iter().map(|r| (r - mean).powi(2)).sum();
    let denom = m * m * (n.powi(3) - n) - m * ties;
    (denom > 0.0).then(|| 12.0 * s / denom)
}

/// Ranks with ties averaged, and Σ(t³ − t) over tie groups.
fn average_ranks(v: &[f64]) -> (Vec<f64>, f64) {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut ranks = vec![0.0; v.len()];
    let mut ties = 0.0;
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            ranks[k] = r;
        }
        let t = (j - i + 1) as f64;
        ties += t.powi(3) - t;
        i = j + 1;
    }
    (ranks, ties)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(judge: &str, score: f64) -> JudgeScore {
        JudgeScore { judge: judge.into(), score, criteria: vec![], recused: false, trimmed: false, row: 0 }
    }

    #[test]
    fn trims_one_high_and_one_low_from_five() {
        let p = panel(
            vec![js("a", 88.0), js("b", 62.0), js("c", 80.0), js("d", 70.0), js("e", 60.0)],
            &JudgeConfig::default(),
        );
        assert!((p.trimmed_mean - (62.0 + 80.0 + 70.0) / 3.0).abs() < 1e-9);
        assert_eq!(p.spread, 28.0);
        assert_eq!(p.scores.iter().filter(|s| s.trimmed).count(), 2);
    }

    #[test]
    fn recused_judges_do_not_count() {
        let mut scores = vec![js("a", 80.0), js("b", 82.0), js("c", 84.0), js("d", 86.0), js("e", 99.0)];
        scores[4].recused = true;
        let p = panel(scores, &JudgeConfig::default());
        assert_eq!(p.mean, 83.0);
        assert_eq!(p.trimmed_mean, 83.0, "four counted judges: no trimming");
    }

    #[test]
    fn kendall_w_bounds() {
        let mk = |rows: &[(&str, &[f64])]| -> BTreeMap<String, Panel> {
            rows.iter()
                .map(|(u, s)| {
                    let scores = s.iter().enumerate().map(|(i, &x)| js(&format!("j{i}"), x)).collect();
                    (u.to_string(), panel(scores, &JudgeConfig::default()))
                })
                .collect()
        };
        let judges: Vec<String> = (0..3).map(|i| format!("j{i}")).collect();
        let same = mk(&[("a", &[90.0, 91.0, 92.0]), ("b", &[80.0, 81.0, 82.0]), ("c", &[70.0, 71.0, 72.0])]);
        assert!((kendall_w(&judges, &same).unwrap() - 1.0).abs() < 1e-9);
        let opposite = mk(&[("a", &[90.0, 70.0, 80.0]), ("b", &[80.0, 80.0, 80.0]), ("c", &[70.0, 90.0, 80.0])]);
        assert!(kendall_w(&judges, &opposite).unwrap() < 0.2);
    }
}
