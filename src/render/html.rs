//! The round's page (`index.html`): one self-contained file with inline CSS and SVG, no scripts,
//! fonts or links to fetch (offices work on isolated intranets), readable on screen and on A4.
//!
//! The renderer takes a plain view of the round ([`RoundPage`]); the caller fills it from the
//! score, divergence and cadre results.

use serde::Serialize;

/// Everything the page shows. Numbers are already rounded for display.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RoundPage {
    /// 示例县2026年第三轮巡察
    pub title: String,
    /// 三个聚焦 / 四个聚焦 / 四个落实
    pub framework: String,
    /// "xuncha 默认规则包 2026.11（a8765b9b）"
    pub pack: String,
    pub ranking: Vec<RankRow>,
    /// Focus names of the framework, in order (chart axes).
    pub focuses: Vec<String>,
    /// Livelihood sector names (chart axes).
    pub sectors: Vec<String>,
    /// Units × areas divergence heat map.
    pub heatmap: HeatMap,
    /// 优秀 / 称职 / 基本称职 / 不称职 with counts, in band order.
    pub cadre_bands: Vec<(String, usize)>,
    pub stats: Vec<StatRow>,
    pub reports: Vec<ReportDetail>,
    /// Divergence per group leader (重点研判).
    pub leaders: Vec<LeaderRow>,
    /// Other rounds for trends, oldest first (empty for one round).
    pub trends: Vec<TrendRow>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RankRow {
    pub rank: usize,
    pub unit: String,
    pub group: String,
    pub leader: String,
    /// Per-criterion (name, score, max).
    pub criteria: Vec<(String, f64, f64)>,
    pub rules: f64,
    pub judges: Option<f64>,
    pub total: f64,
    pub grade: String,
    pub vetoed: bool,
    pub divergence: Option<f64>,
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct HeatMap {
    /// Row labels (units).
    pub rows: Vec<String>,
    /// Column labels (areas).
    pub columns: Vec<String>,
    /// cells[row][col] in 0..=1: 0 = signals and report agree, 1 = strong signal, nothing reported.
    pub cells: Vec<Vec<f64>>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct StatRow {
    pub label: String,
    pub value: f64,
    /// 个 / 件 / 人 / 万元 …
    pub unit: String,
    /// Where the figure comes from: 报告统计 / round.toml（巡察办填报） / 评估结果.
    pub source: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ReportDetail {
    pub unit: String,
    pub kind: String,
    pub group: String,
    pub report: String,
    pub total: f64,
    pub grade: String,
    /// Problems touching each focus, same order as `RoundPage::focuses`.
    pub focus_counts: Vec<usize>,
    /// Problems touching each sector, same order as `RoundPage::sectors`.
    pub sector_counts: Vec<usize>,
    /// (severity, rule, message, place, points lost).
    pub findings: Vec<(String, String, String, String, f64)>,
    /// Divergence flags: (kind, message, backing signal ids).
    pub divergence: Vec<(String, String, Vec<String>)>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LeaderRow {
    pub leader: String,
    pub group: String,
    pub reports: usize,
    pub mean_divergence: f64,
    pub flagged: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TrendRow {
    pub round: String,
    pub mean_score: f64,
    pub reports: usize,
    pub mean_divergence: Option<f64>,
}

/// Renders the page. Placeholder until the full renderer lands; the interface above is fixed.
pub fn render(page: &RoundPage) -> String {
    format!("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>{}</title></html>\n", escape(&page.title))
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
