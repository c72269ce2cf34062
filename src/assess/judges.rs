//! The judges' panel per report: trimmed mean, spread, recusal, and their agreement (Kendall's W).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::judges::{JudgeScore, JudgeSheet};
use crate::pack::JudgeConfig;

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

/// Panels and agreement from the judges' sheet.
pub fn panels(sheet: JudgeSheet, config: &JudgeConfig) -> Judges {
    let JudgeSheet { file, judges, scores } = sheet;
    let panels = scores.into_iter().map(|(unit, scores)| (unit, panel(scores, config))).collect::<BTreeMap<_, _>>();
    let agreement = kendall_w(&judges, &panels);
    Judges { file, judges, panels, agreement }
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
