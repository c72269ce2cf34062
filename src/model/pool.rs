//! The cadre pool (巡察人才库): who can be drawn into an inspection group, and what they must
//! avoid (回避).

use serde::{Deserialize, Serialize};

/// One cadre of the pool, as imported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PoolMember {
    pub name: String,
    /// Current post's unit (单位).
    pub unit: String,
    /// 职务.
    pub post: String,
    /// 政治面貌.
    pub politics: String,
    /// 专长: 财务, 审计, 纪检, 组织, 法律, 信访 …
    pub expertise: Vec<String>,
    /// 入库时间.
    pub joined: Option<String>,
    /// 培训记录.
    pub training: String,
    /// 近3年工作单位 (besides the current one).
    pub recent_units: Vec<String>,
    /// 工作履历: (unit, years) of earlier service, for the group leader's rule.
    pub career: Vec<(String, f64)>,
    /// 亲属任职: (unit, relation).
    pub relatives: Vec<(String, String)>,
    /// 组长人选: yes, no, or not said.
    pub leader_candidate: Option<bool>,
}

/// Posts that make a cadre a group-leader candidate when 组长人选 is not filled in.
pub const LEADING_POSTS: [&str; 8] = ["局长", "主任", "书记", "部长", "组长", "副县级", "正科", "科长"];

impl PoolMember {
    /// A leader candidate: 组长人选 是, or, when not said, a leading post.
    pub fn can_lead(&self) -> bool {
        self.leader_candidate.unwrap_or_else(|| LEADING_POSTS.iter().any(|p| self.post.contains(p)))
    }
}
