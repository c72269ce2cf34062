//! What rules produce: findings, per-rule outcomes and traces. Plain data; only the binary prints.

use serde::{Deserialize, Serialize};

use crate::model::document::Span;

/// How serious a finding is. Ordered: 提示 < 警告 < 错误.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    #[serde(rename = "提示", alias = "info")]
    Info,
    #[serde(rename = "警告", alias = "warning")]
    Warning,
    #[serde(rename = "错误", alias = "error")]
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Self::Info => "提示",
            Self::Warning => "警告",
            Self::Error => "错误",
        }
    }

    /// Accepts the Chinese names and their English forms.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "提示" | "info" | "hint" => Some(Self::Info),
            "警告" | "warning" | "warn" => Some(Self::Warning),
            "错误" | "error" => Some(Self::Error),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// One thing a rule found in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// 如何改正.
    pub help: Option<String>,
    /// Places in the report; the first is the primary one.
    pub spans: Vec<Span>,
    /// Rubric criterion the points come off.
    pub criterion: Option<String>,
    /// Points this finding takes off (after the rule's cap).
    pub points: f64,
    /// The rule is a veto (一票否决).
    pub veto: bool,
    /// Set when a waiver (豁免) covers the finding; the points are then not taken.
    pub waived: Option<String>,
    /// Ids of the signals (tip-offs, sentiment, leaders' knowledge) that back a divergence flag.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}

/// How a rule ended on one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RuleOutcome {
    /// 通过
    Pass,
    /// 不通过
    Fail { findings: usize },
    /// 不适用
    NotApplicable { reason: String },
    /// 规则出错
    Error { error: RuleError },
}

impl RuleOutcome {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Pass => "通过",
            Self::Fail { .. } => "不通过",
            Self::NotApplicable { .. } => "不适用",
            Self::Error { .. } => "规则出错",
        }
    }
}

/// A rule script failed: where and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleError {
    /// Script path inside the pack, e.g. `report/top-leader.rhai`.
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{}:{}：{}", self.file, l, c, self.message),
            (Some(l), None) => write!(f, "{}:{}：{}", self.file, l, self.message),
            _ => write!(f, "{}：{}", self.file, self.message),
        }
    }
}

/// Per-rule record of one evaluation, for `--trace` and JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleTrace {
    pub rule: String,
    #[serde(flatten)]
    pub outcome: RuleOutcome,
    /// Points the rule took off (before waivers).
    pub points: f64,
    /// Lexicon areas the rule queried, with how many hits each gave.
    pub areas: Vec<(String, usize)>,
    /// What the script printed.
    pub printed: Vec<String>,
    pub micros: u64,
}
