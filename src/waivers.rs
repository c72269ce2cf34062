//! Waivers (豁免): approved exceptions to a rule for one unit. Waived findings stay listed as
//! 已豁免 with the reason; expired and unused waivers are reported.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::outcome::Finding;
use crate::round::{Round, RoundError, read_toml};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WaiverFile {
    #[serde(default, rename = "waivers")]
    pub waivers: Vec<Waiver>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub rule: String,
    pub unit: String,
    pub reason: String,
    pub approved_by: String,
    /// YYYY-MM-DD; compared with the round's end date, never with the clock.
    #[serde(default)]
    pub expires: Option<String>,
}

/// What became of the waivers of a round.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WaiverReport {
    pub applied: Vec<(Waiver, usize)>,
    pub expired: Vec<Waiver>,
    pub unused: Vec<Waiver>,
}

/// Reads `waivers.toml`, checking that rules and units exist.
pub fn read(path: &Path, round: &Round, rule_ids: &[&str]) -> Result<Vec<Waiver>, RoundError> {
    let file: WaiverFile = read_toml(path)?;
    let shown = path.display().to_string();
    for (i, w) in file.waivers.iter().enumerate() {
        let invalid = |detail: String| RoundError::Invalid {
            path: shown.clone(),
            detail: format!("第{}条豁免：{detail}", i + 1),
        };
        if !rule_ids.contains(&w.rule.as_str()) {
            return Err(invalid(format!(
                "规则 {} 不存在{}",
                w.rule,
                crate::pack::suggest(&w.rule, rule_ids.iter().copied())
            )));
        }
        if round.unit(&w.unit).is_none() {
            return Err(invalid(format!("单位“{}”不是本轮的被巡察单位{}", w.unit, round.suggest_unit(&w.unit))));
        }
        if let Some(d) = &w.expires {
            if !is_date(d) {
                return Err(invalid(format!("expires = \"{d}\" 不是 YYYY-MM-DD 格式的日期")));
            }
        }
        if w.reason.trim().is_empty() || w.approved_by.trim().is_empty() {
            return Err(invalid("必须写明豁免理由（reason）和批准人（approved_by）".into()));
        }
    }
    Ok(file.waivers)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Marks findings covered by a waiver; `findings` are per unit. `today` is the round's end date.
pub fn apply(waivers: &[Waiver], today: Option<&str>, findings: &mut [(&str, &mut Vec<Finding>)]) -> WaiverReport {
    let mut report = WaiverReport::default();
    for w in waivers {
        if let (Some(exp), Some(today)) = (&w.expires, today) {
            // ISO dates compare as strings.
            if exp.as_str() < today {
                report.expired.push(w.clone());
                continue;
            }
        }
        let mut n = 0;
        for (unit, list) in findings.iter_mut() {
            if *unit != w.unit {
                continue;
            }
            for f in list.iter_mut().filter(|f| f.rule == w.rule) {
                f.waived = Some(format!("{}（{}批准）", w.reason, w.approved_by));
                n += 1;
            }
        }
        if n == 0 {
            report.unused.push(w.clone());
        } else {
            report.applied.push((w.clone(), n));
        }
    }
    report
}
