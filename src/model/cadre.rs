//! An inspection cadre's record for one round: role, performance figures, conduct events.

use serde::Serialize;

pub const ROLES: [&str; 5] = ["组长", "副组长", "组员", "抽调干部", "联络员"];

/// One cadre's record for the round.
#[derive(Debug, Clone, Serialize)]
pub struct Cadre {
    pub name: String,
    pub group: String,
    pub role: String,
    pub home_unit: String,
    /// 抽调干部 (seconded from a home unit) rather than full-time.
    pub seconded: bool,
    pub problems_found: f64,
    pub clues: f64,
    pub special_reports: f64,
    pub rectified: f64,
    pub publicity: f64,
    /// 基础工作 0–100.
    pub groundwork: Option<f64>,
    /// Inspected unit's anonymous questionnaire, 0–100.
    pub survey: Option<f64>,
    /// Group self-assessment: a band name or a score.
    pub self_assessment: Option<String>,
    /// Deputy leaders: reported first at mid-round meetings (先行汇报).
    pub reported_first: Option<bool>,
    pub events: Vec<ConductEvent>,
    pub origin: String,
}

/// A conduct event (负面清单事项).
#[derive(Debug, Clone, Serialize)]
pub struct ConductEvent {
    pub date: Option<String>,
    /// Category id.
    pub category: String,
    pub text: String,
    pub verified: bool,
    pub source: String,
    pub origin: String,
}
