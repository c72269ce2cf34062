//! 巡中调度: what each group reports of its progress during the round.

use serde::{Deserialize, Serialize};

/// One row of progress.csv|xlsx: a group's cumulative figures on a day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgressRow {
    pub group: String,
    pub date: String,
    /// 个别谈话人次.
    pub talks: f64,
    /// 走访人次.
    pub visits: f64,
    /// 调阅资料份数.
    pub documents: f64,
    /// 受理信访件数.
    pub tipoffs: f64,
    /// 发现问题数.
    pub problems: f64,
    /// 移交线索数.
    pub clues: f64,
    /// 调度会汇报人.
    pub reporter: String,
}
