//! Applying waivers (豁免): waived findings stay listed as 已豁免 with the reason; expired and
//! unused waivers are reported.

use crate::model::outcome::Finding;
use crate::model::waiver::{Waiver, WaiverReport};

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
