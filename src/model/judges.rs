//! Judges' on-site scores (评委现场评分) as the judges' table gives them.

use std::collections::BTreeMap;

use serde::Serialize;

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

/// The judges' table of a round, scores by unit name.
#[derive(Debug, Clone)]
pub struct JudgeSheet {
    pub file: String,
    /// Judges in the order the table first names them.
    pub judges: Vec<String>,
    pub scores: BTreeMap<String, Vec<JudgeScore>>,
}
