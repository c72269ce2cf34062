//! Pack settings of the assessments: `[judges]`, `[divergence]` and `[cadre]` in pack.toml.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::pack::Rubric;
use crate::util::suggest::suggest;

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

/// `[divergence]` in pack.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DivergenceConfig {
    /// Lexicon areas compared between signals and reports.
    pub areas: Vec<String>,
    /// A report at or above this divergence (0–100) needs 研判.
    pub flag_threshold: f64,
    /// A group leader with this many diverging reports (across the rounds given) is flagged 重点研判.
    pub leader_repeat: usize,
    /// The divergence divides the missed weight by the weight of all signals that ask
    /// something, but by no less than this: one faint post left out is not a 100.
    #[serde(default = "default_weight_floor")]
    pub weight_floor: f64,
    /// Words that name the same thing in a tip-off and in a report (小舅子 and 妻弟): each
    /// group counts as its first word when signals are matched to report passages.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
}

fn default_weight_floor() -> f64 {
    4.0
}

impl Default for DivergenceConfig {
    fn default() -> Self {
        Self {
            areas: Vec::new(),
            flag_threshold: 50.0,
            leader_repeat: 2,
            weight_floor: default_weight_floor(),
            synonyms: Vec::new(),
        }
    }
}

/// `[ledger]` in pack.toml: what is shared by the rectification and clue ledgers. The
/// judgements themselves (states, lights, due dates, cards) are the `ledger/` rules.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerConfig {
    /// A problem found in at least this many units of a round is proposed for 集中交办.
    #[serde(default = "default_common_min_units")]
    pub common_min_units: usize,
    /// Kinds of problem common to many units, with the departments they are handed to.
    #[serde(default)]
    pub topics: Vec<CommonTopic>,
    /// Who signs the 督办函 and the 整改进展情况通报.
    #[serde(default = "default_office")]
    pub office: String,
    /// Days a unit has to answer a 督办函.
    #[serde(default = "default_reply_days")]
    pub reply_days: i64,
}

impl Default for LedgerConfig {
    fn default() -> Self {
        Self {
            common_min_units: default_common_min_units(),
            topics: Vec::new(),
            office: default_office(),
            reply_days: default_reply_days(),
        }
    }
}

fn default_office() -> String {
    "县委巡察办".to_owned()
}

fn default_reply_days() -> i64 {
    10
}

fn default_common_min_units() -> usize {
    3
}

/// One kind of common problem (共性问题): a problem item is of this kind when it contains any term.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommonTopic {
    pub name: String,
    pub terms: Vec<String>,
    /// 牵头部门 for 集中交办 / 专项治理.
    #[serde(default)]
    pub departments: Vec<String>,
}

/// `[cadre]` in pack.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CadreConfig {
    /// Dimensions, points and bands (优秀/称职/基本称职/不称职).
    pub rubric: Rubric,
    /// At most this share of a group's seconded cadres may be rated 优秀 (rounded down, at least 1).
    pub excellent_quota: f64,
    /// The band the quota limits.
    pub excellent_band: String,
    /// The band a cadre falls to when the quota is full.
    pub quota_fallback_band: String,
    /// The negative list (负面清单): id → category.
    pub categories: IndexMap<String, Category>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Points a verified event of this category takes off.
    pub points: f64,
    /// A verified event vetoes the evaluation (不称职).
    #[serde(default)]
    pub veto: bool,
}

impl CadreConfig {
    /// Finds a category by id, name or alias.
    /// The negative-list category a cell names, matched the way units are: exactly (id, name
    /// or alias, ignoring spaces and full-width forms), else the one category whose name or
    /// alias contains the text or is contained in it.
    pub fn category(&self, written: &str) -> Option<&str> {
        let fold = |s: &str| -> String {
            s.chars().filter(|c| !c.is_whitespace()).map(crate::util::text::fold_char).collect()
        };
        let w = fold(written);
        if w.is_empty() {
            return None;
        }
        let names = |c: &Category| -> Vec<String> {
            std::iter::once(c.name.as_str()).chain(c.aliases.iter().map(String::as_str)).map(fold).collect()
        };
        if let Some((id, _)) = self.categories.iter().find(|(id, c)| fold(id) == w || names(c).contains(&w)) {
            return Some(id.as_str());
        }
        // "其他" says nothing about a category: 收受礼品及其他 is 收受礼品, not 其他.
        let generic = |n: &str| matches!(n, "其他" | "其它");
        let mut hits = self.categories.iter().filter(|(_, c)| {
            names(c).iter().any(|n| n.chars().count() >= 2 && !generic(n) && (n.contains(&w) || w.contains(n.as_str())))
        });
        let first = hits.next()?;
        hits.next().is_none().then_some(first.0.as_str())
    }

    pub fn suggest_category(&self, written: &str) -> String {
        let names = self.categories.values().map(|c| c.name.as_str());
        let mut s = suggest(written, names);
        if s.is_empty() {
            let all: Vec<&str> = self.categories.values().map(|c| c.name.as_str()).collect();
            s = format!("。可用类别：{}", all.join("、"));
        }
        let other = if self.categories.values().any(|c| c.aliases.iter().any(|a| a == "其他")) {
            "清单外的情形可写“其他”；"
        } else {
            ""
        };
        format!(
            "{s}。{other}需要单列的类别，可在自定义规则包（xuncha rules init 生成）的 pack.toml 中增加，\
             如 [cadre.categories.late] name = \"无故迟到早退\" points = 2"
        )
    }
}

/// `[staff]` in pack.toml: how groups are staffed from the pool. Who may not inspect which unit
/// (回避) is the `staff/` rules.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StaffConfig {
    /// Members per group besides the leader.
    #[serde(default = "default_members")]
    pub members: usize,
    /// Each inner list: at least one member of every group has one of these 专长.
    #[serde(default)]
    pub expertise: Vec<Vec<String>>,
}

fn default_members() -> usize {
    4
}

impl Default for StaffConfig {
    fn default() -> Self {
        Self { members: default_members(), expertise: Vec::new() }
    }
}

/// `[progress]` in pack.toml: what a group is expected to have done by the end of the round
/// (巡中调度); the flags themselves are the `progress/` rules.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressConfig {
    /// 个别谈话人次.
    #[serde(default = "default_talks")]
    pub talks: f64,
    /// 走访人次.
    #[serde(default = "default_visits")]
    pub visits: f64,
    /// 调阅资料份数.
    #[serde(default = "default_documents")]
    pub documents: f64,
}

fn default_talks() -> f64 {
    60.0
}

fn default_visits() -> f64 {
    15.0
}

fn default_documents() -> f64 {
    200.0
}

impl Default for ProgressConfig {
    fn default() -> Self {
        Self { talks: default_talks(), visits: default_visits(), documents: default_documents() }
    }
}
