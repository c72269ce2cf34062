//! Waivers (豁免): approved exceptions to a rule for one unit. Waived findings stay listed as
//! 已豁免 with the reason; expired and unused waivers are reported.

use std::path::Path;

use crate::model::round::Round;
use crate::model::waiver::{Waiver, WaiverFile};
use crate::read::round::{RoundError, read_toml};

/// Reads `waivers.toml`, checking that rules and units exist.
pub fn read(path: &Path, round: &Round, rule_ids: &[&str]) -> Result<Vec<Waiver>, RoundError> {
    let mut file: WaiverFile = read_toml(path)?;
    let shown = path.display().to_string();
    for (i, w) in file.waivers.iter_mut().enumerate() {
        for s in [&mut w.rule, &mut w.unit, &mut w.reason, &mut w.approved_by] {
            *s = s.trim().to_owned();
        }
        let invalid = |detail: String| RoundError::Invalid {
            path: shown.clone(),
            detail: format!("第{}条豁免：{detail}", i + 1),
        };
        if !rule_ids.contains(&w.rule.as_str()) {
            return Err(invalid(format!(
                "规则 {} 不存在{}",
                w.rule,
                crate::util::suggest::suggest(&w.rule, rule_ids.iter().copied())
            )));
        }
        // Matched as the tables match units (县民政局 for 县民政局党组, aliases), then named as
        // round.toml names it, which is how waivers are applied.
        match round.match_unit(&w.unit) {
            Some(u) => w.unit = u.name.clone(),
            None => {
                return Err(invalid(format!("单位“{}”不是本轮的被巡察单位{}", w.unit, round.suggest_unit(&w.unit))));
            }
        }
        if let Some(d) = &mut w.expires {
            if !is_date(d.trim()) {
                return Err(invalid(format!("expires = \"{d}\" 不是 YYYY-MM-DD 格式的日期")));
            }
            *d = d.trim().to_owned();
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
