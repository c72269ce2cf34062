//! The ledgers kept after a round: 整改台账 (one row per fed-back problem) and 问题线索台账 (one
//! row per clue handed over). Neither holds informant data: the clue ledger's private columns are
//! dropped while reading, like the tip-off table's.

use serde::{Deserialize, Serialize};

/// 整改类型.
pub const RECTIFY_KINDS: [&str; 3] = ["立行立改", "限期整改", "长期坚持"];

/// 移交对象 and 处置方式 as offices write them (other values are accepted and shown as written).
pub const CLUE_TARGETS: [&str; 3] = ["县纪委监委", "县委组织部", "职能部门"];
pub const CLUE_DISPOSALS: [&str; 5] = ["谈话函询", "初步核实", "暂存待查", "予以了结", "立案审查"];

/// One row of 整改台账. Dates are ISO (YYYY-MM-DD).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RectItem {
    /// 问题编号 (the report's 底稿编号 when it gives one).
    pub id: String,
    /// 被巡察单位, as named in round.toml.
    pub unit: String,
    /// 问题.
    pub problem: String,
    /// 整改措施.
    pub measures: String,
    /// 责任领导.
    pub leader: String,
    /// 责任人.
    pub owner: String,
    /// 整改时限.
    pub deadline: Option<String>,
    /// 整改类型: 立行立改 / 限期整改 / 长期坚持 (empty when not given).
    pub kind: String,
    /// 阶段性目标 (长期坚持 items).
    pub milestone: String,
    /// 完成情况.
    pub progress: String,
    /// 完成时间.
    pub done_on: Option<String>,
    /// 佐证材料.
    pub evidence: String,
    /// Where the row is: 整改台账.xlsx 第3行.
    #[serde(skip_deserializing)]
    pub origin: String,
}

/// One row of 问题线索台账.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Clue {
    /// 线索编号.
    pub id: String,
    pub unit: String,
    /// 涉及人员 (the person the clue is about, not the informant).
    pub person: String,
    /// 职级.
    pub rank: String,
    /// 移交日期.
    pub handed_on: Option<String>,
    /// 移交对象: 县纪委监委 / 县委组织部 / 职能部门.
    pub handed_to: String,
    /// 处置方式: 谈话函询 / 初步核实 / 暂存待查 / 予以了结 / 立案审查.
    pub disposal: String,
    /// 反馈日期.
    pub feedback_on: Option<String>,
    /// 办理结果.
    pub result: String,
    #[serde(skip_deserializing)]
    pub origin: String,
}

/// The ledgers a round keeps; each is None when the round folder has no such file.
#[derive(Debug, Clone, Default)]
pub struct Ledgers {
    pub rectification: Option<Vec<RectItem>>,
    pub clues: Option<Vec<Clue>>,
}

impl Ledgers {
    pub fn is_empty(&self) -> bool {
        self.rectification.is_none() && self.clues.is_none()
    }
}

/// What was fed back to one unit, to check its 整改情况报告 against (对账).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FedBack {
    /// (问题编号, 问题), in the order fed back.
    pub problems: Vec<(String, String)>,
    /// Where they come from: 整改台账, or the inspection report when the round keeps no ledger.
    pub source: String,
    /// Items closed (已销号) in the ledger on the day of the check; None without a ledger.
    pub closed: Option<usize>,
}
