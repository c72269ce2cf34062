//! The round's pages ([`pages`]): the one-page summary `index.html`, `details.html` and one
//! `units/N.html` per report, each self-contained with inline CSS and SVG, no scripts, fonts or
//! links to fetch (offices work on isolated intranets), linked relatively, readable on screen
//! and on A4 (the summary prints on one page).
//!
//! The renderer takes a plain view of the round ([`RoundPage`]); the caller fills it from the
//! score, divergence and cadre results.

use rayon::prelude::*;
use serde::Serialize;

use super::markup::escape;
use super::svg;

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
    /// The rubric's report grades, best first (优秀 / 良好 / 合格 / 不合格 in the default pack).
    pub grades: Vec<String>,
    /// 优秀 / 称职 / 基本称职 / 不称职 with counts, in band order.
    pub cadre_bands: Vec<(String, usize)>,
    /// The cadres' results in one sentence (`render::cadre::summary_line`: bands, the 优秀
    /// selection under the quota, the recommendations), as Markdown and the terminal say it.
    pub cadre_summary: String,
    pub stats: Vec<StatRow>,
    pub reports: Vec<ReportDetail>,
    /// Divergence per group leader (重点研判).
    pub leaders: Vec<LeaderRow>,
    /// Other rounds for trends, oldest first (empty for one round).
    pub trends: Vec<TrendRow>,
    /// 整改与线索: the ledgers and common problems, when the round has any.
    pub rectification: Option<Rectification>,
    /// 巡中调度, when the round kept a progress table.
    pub progress: Option<ProgressSection>,
}

/// The 整改与线索 section: tables already formatted by the ledger view, so the page, the
/// terminal and the Markdown say the same thing.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rectification {
    /// 统计日期.
    pub today: String,
    /// 问题 16 个：已销号 4、…；红灯 6、…
    pub summary: String,
    pub units: Table,
    /// Items with a light, most urgent first (cut at [`ITEMS_SHOWN`]).
    pub attention: Table,
    pub attention_hidden: usize,
    /// 线索 6 件，逾期未反馈 1 件
    pub clue_summary: String,
    /// Clues not yet answered.
    pub clues: Table,
    pub common: Table,
}

/// 巡中调度: a note (the day and how far the round had gone) and each group's figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProgressSection {
    pub note: String,
    pub groups: Table,
}

/// A plain table: header and rows of text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Items listed in 整改与线索; the rest are in round.xlsx (整改情况).
pub const ITEMS_SHOWN: usize = 20;

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
    /// 偏离度, 0–100.
    pub divergence: Option<f64>,
    pub flags: Vec<String>,
    /// One of the flags asks for 集中讲评 (judges disagree, or the rules' score departs from theirs).
    pub review: bool,
    /// 组长推荐: the group leader put the report forward for 优秀巡察报告.
    pub recommended: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct HeatMap {
    /// Row labels (units).
    pub rows: Vec<String>,
    /// Column labels (areas).
    pub columns: Vec<String>,
    /// `cells[row][col]` in 0..=1: 0 = signals and report agree, 1 = strong signal, nothing reported.
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
    /// Findings left out of `findings` (a long list is cut when the page is built), and the
    /// points they take off.
    pub hidden: (usize, f64),
    /// Divergence flags: (kind, message, backing signal ids).
    pub divergence: Vec<(String, String, Vec<String>)>,
    /// The unit's 偏离度, when signals were given.
    pub divergence_score: Option<f64>,
    /// Each signal next to the report's answer, missed ones first; the page lists the first
    /// [`SIGNALS_SHOWN`].
    pub signals: Vec<SignalRow>,
    /// Signals left out of `signals` (a long list is cut when the page is built: round.xlsx has
    /// them all), and how many of them are missed; the heading counts them.
    pub signals_hidden: (usize, usize),
    /// The judges' scores: (judge, score, note: 回避，不计入 / 去掉的最高或最低分 / "").
    pub judges: Vec<(String, f64, String)>,
}

/// One signal in a unit's detail.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SignalRow {
    pub id: String,
    pub kind: String,
    pub text: String,
    /// 已反映 / 已说明 / 未反映 / 正面.
    pub status: String,
    pub missed: bool,
    /// Where the report answers it (第3条（12:5）), and the passage.
    pub place: String,
    pub passage: String,
}

/// Signals listed per unit; the rest are in round.xlsx (逐件对照).
pub const SIGNALS_SHOWN: usize = 30;

#[derive(Debug, Clone, Default, Serialize)]
pub struct LeaderRow {
    pub leader: String,
    pub group: String,
    pub reports: usize,
    /// Mean 偏离度 of the leader's reports, 0–100.
    pub mean_divergence: f64,
    pub flagged: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TrendRow {
    pub round: String,
    pub mean_score: f64,
    pub reports: usize,
    /// 0–100.
    pub mean_divergence: Option<f64>,
}

/// The summary page of the set; the other pages sit beside it.
pub const INDEX: &str = "index.html";
/// The analysis page: full ranking, coverage, heat map, leaders, statistics, ledgers, trends.
pub const DETAILS: &str = "details.html";

/// Where report `i` (0-based, order of `RoundPage::reports`) has its page.
pub fn unit_path(i: usize) -> String {
    format!("units/{}.html", i + 1)
}

/// The round's pages as (relative path, bytes), `index.html` first: the one-page summary, the
/// analysis page beside it and one page per report under `units/`. All offline, linked
/// relatively, with the same inline stylesheet. Deterministic.
pub fn pages(page: &RoundPage) -> Vec<(String, Vec<u8>)> {
    (0..page.reports.len() + 2).into_par_iter().map(|k| nth_page(page, k)).collect()
}

/// The same pages handed to `f`, `index.html` first and alone; the others then in parallel, in
/// no set order, so a round of thousands of units is written without holding its pages together
/// and a thread done with a larger output takes pages instead of waiting. On failure, `f`'s
/// error for some page.
pub fn each_page<E: Send>(page: &RoundPage, f: impl Fn(String, Vec<u8>) -> Result<(), E> + Sync) -> Result<(), E> {
    let (name, bytes) = nth_page(page, 0);
    f(name, bytes)?;
    (1..page.reports.len() + 2).into_par_iter().try_for_each(|k| {
        let (name, bytes) = nth_page(page, k);
        f(name, bytes)
    })
}

/// Page `k` of the set: the summary, the analysis page, then report `k - 2`'s page.
fn nth_page(page: &RoundPage, k: usize) -> (String, Vec<u8>) {
    match k {
        0 => (INDEX.to_owned(), render(page).into_bytes()),
        1 => (DETAILS.to_owned(), render_details(page).into_bytes()),
        k => (unit_path(k - 2), render_unit(page, k - 2).into_bytes()),
    }
}

fn page_title(page: &RoundPage) -> &str {
    if page.title.trim().is_empty() { "巡察报告评审与研判" } else { page.title.as_str() }
}

/// The summary (`index.html`): meant to print on one A4 page — the round in figures, the
/// ranking, what needs attention and the cadres' results, with links to the other pages.
pub fn render(page: &RoundPage) -> String {
    let title = page_title(page);
    let mut body = masthead(page, title, "巡察报告评审与研判");
    body.push_str(&key_figures(page));
    body.push_str(&format!(
        "<nav class=\"toc\" aria-label=\"目录\"><a href=\"{DETAILS}\">详细分析（完整排名、聚焦覆盖、偏离热力图、组长研判、统计与台账）</a>点击单位名称查看该报告的扣分明细与偏离研判</nav>\n</header>\n"
    ));
    let sections = [
        Section::new("sec-ranking", "报告排名", false, ranking_summary(page)),
        Section::new("sec-attention", "需要关注", false, attention(page)),
        Section::new("sec-cadres", "干部评估", false, cadre_summary(page)),
    ];
    push_sections(&mut body, sections);
    body.push_str(&footer(page));
    document(title, "summary", &body)
}

/// `details.html`: everything behind the summary's figures.
pub fn render_details(page: &RoundPage) -> String {
    let title = page_title(page);
    let mut sections = vec![
        Section::new("sec-ranking", "完整排名", false, ranking(page)),
        Section::new("sec-focus", "聚焦覆盖", true, focus_coverage(page)),
        Section::new("sec-divergence", "偏离研判", false, divergence(page)),
        Section::new("sec-leaders", "组长研判", false, leaders(page)),
        Section::new("sec-cadres", "干部评估", false, cadres(page)),
    ];
    if let Some(p) = &page.progress {
        let body = format!("<p class=\"note\">{}</p>\n{}", escape(&p.note), plain_table("ledger", &p.groups));
        sections.push(Section::new("sec-progress", "巡中调度", false, body));
    }
    if let Some(r) = &page.rectification {
        sections.push(Section::new("sec-rectification", "整改与线索", false, rectification(r)));
    }
    sections.push(Section::new("sec-stats", "本轮统计", false, stats(page)));
    if !page.trends.is_empty() {
        sections.push(Section::new("sec-trends", "趋势", false, trends(page)));
    }
    let mut body = masthead(page, title, "详细分析");
    body.push_str(&format!("<nav class=\"toc\" aria-label=\"目录\"><a href=\"{INDEX}\">返回汇总</a>"));
    for (i, s) in sections.iter().enumerate() {
        body.push_str(&format!("<a href=\"#{}\">{}、{}</a>", s.id, cn_num(i + 1), s.name));
    }
    body.push_str("</nav>\n</header>\n");
    push_sections(&mut body, sections);
    body.push_str(&footer(page));
    document(&format!("{title} · 详细分析"), "details", &body)
}

/// `units/N.html`: one report — its coverage, findings, divergence and signals.
pub fn render_unit(page: &RoundPage, i: usize) -> String {
    let title = page_title(page);
    let Some(r) = page.reports.get(i) else { return document(title, "unit", &empty("没有这份报告。")) };
    let mut body = String::from("<header class=\"masthead\">\n");
    body.push_str(&format!("<p class=\"eyebrow\">{}</p>\n", escape(title)));
    body.push_str(&format!("<h1>{} {}</h1>\n", escape(&r.unit), grade_badge(&r.grade, &page.grades)));
    body.push_str(&format!(
        "<nav class=\"toc\" aria-label=\"目录\"><a href=\"../{INDEX}\">返回汇总</a><a href=\"../{DETAILS}\">详细分析</a>"
    ));
    if i > 0 {
        body.push_str(&format!("<a href=\"{}.html\">上一份：{}</a>", i, escape(&page.reports[i - 1].unit)));
    }
    if let Some(next) = page.reports.get(i + 1) {
        body.push_str(&format!("<a href=\"{}.html\">下一份：{}</a>", i + 2, escape(&next.unit)));
    }
    body.push_str("</nav>\n</header>\n");
    if !page.focuses.is_empty() || !page.sectors.is_empty() {
        body.push_str("<section class=\"unit-coverage\">\n<h2>聚焦覆盖</h2>\n");
        body.push_str(&focus_legend(page));
        body.push_str("<div class=\"multiples\">\n");
        body.push_str(&focus_card(page, i, focus_scale(page), false));
        body.push_str("</div>\n</section>\n");
    }
    body.push_str("<section>\n<h2>报告详情</h2>\n");
    body.push_str(&detail(page, i));
    body.push_str("</section>\n");
    body.push_str(&footer(page));
    document(&format!("{} · {title}", r.unit), "unit", &body)
}

/// A whole HTML document around `body`: inline stylesheet, nothing fetched.
fn document(title: &str, class: &str, body: &str) -> String {
    let mut out = String::with_capacity(CSS.len() + body.len() + 512);
    out.push_str("<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(title)));
    out.push_str("<style>\n");
    out.push_str(CSS);
    out.push_str(&format!("</style>\n</head>\n<body class=\"{class}\">\n<main>\n"));
    out.push_str(body);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn push_sections(out: &mut String, sections: impl IntoIterator<Item = Section>) {
    for (i, s) in sections.into_iter().enumerate() {
        out.push_str(&format!(
            "<section id=\"{}\"{}>\n<h2>{}、{}</h2>\n",
            s.id,
            if s.page_break { " class=\"page-break\"" } else { "" },
            cn_num(i + 1),
            s.name,
        ));
        out.push_str(&s.body);
        out.push_str("</section>\n");
    }
}

fn footer(page: &RoundPage) -> String {
    let mut out = String::from("<footer>本页由 xuncha 自动生成");
    if !page.pack.trim().is_empty() {
        out.push_str(&format!("，规则包：{}", escape(&page.pack)));
    }
    out.push_str("。评分与研判结果供巡察工作领导小组参考，以正式文件为准。</footer>\n");
    out
}

struct Section {
    id: &'static str,
    name: &'static str,
    page_break: bool,
    body: String,
}

impl Section {
    fn new(id: &'static str, name: &'static str, page_break: bool, body: String) -> Self {
        Self { id, name, page_break, body }
    }
}

const ACCENT: &str = "#b8141b";
const FOCUS_FILL: &str = "#3d6a99";
const SECTOR_FILL: &str = "#4f8f86";

const CSS: &str = r#"@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #eceef1; color: #1f2328; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif; font-size: 14px; line-height: 1.6; }
main { max-width: 1200px; margin: 24px auto; padding: 0 40px 28px; background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, .08); }
header.masthead { border-top: 6px solid #b8141b; padding: 30px 0 16px; border-bottom: 1px solid #d9dce1; }
.eyebrow { color: #b8141b; font-size: 13px; letter-spacing: .25em; margin: 0 0 6px; }
h1 { font-size: 28px; line-height: 1.3; margin: 0 0 8px; }
.meta { color: #5f6670; font-size: 13px; margin: 0; }
.summary { margin: 14px 0 0; padding: 10px 14px; background: #f6f7f9; border-left: 3px solid #9aa1aa; font-size: 15px; }
.summary b { font-variant-numeric: tabular-nums; }
nav.toc { margin: 12px 0 0; font-size: 13px; }
nav.toc a { margin-right: 16px; white-space: nowrap; }
a { color: #2f5d8c; text-decoration: none; }
a:hover { text-decoration: underline; }
section { margin-top: 36px; }
h2 { font-size: 20px; line-height: 1.3; margin: 0 0 12px; padding-left: 10px; border-left: 4px solid #b8141b; }
h3 { font-size: 16px; line-height: 1.4; margin: 0 0 4px; }
h4 { font-size: 14px; margin: 14px 0 6px; color: #3b4048; }
.note { color: #5f6670; font-size: 12.5px; margin: 6px 0 10px; }
.empty { color: #5f6670; background: #f6f7f9; border: 1px dashed #c9cdd3; border-radius: 4px; padding: 14px; text-align: center; margin: 8px 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th { background: #f3f4f6; color: #3b4048; font-weight: 600; text-align: left; padding: 7px 8px; border-bottom: 1px solid #c9cdd3; vertical-align: bottom; }
td { padding: 6px 8px; border-bottom: 1px solid #eceef1; vertical-align: top; }
tbody tr:nth-child(even) td { background: #fafbfc; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.c, td.c { text-align: center; white-space: nowrap; }
th .max { display: block; font-weight: 400; color: #8a9099; font-size: 11px; white-space: nowrap; }
td.total { font-weight: 700; }
td.low { color: #9a5b00; }
td.unit { min-width: 9em; text-wrap: balance; }
td.nw { white-space: nowrap; }
td.unit .tag { display: block; width: max-content; margin: 2px 0 0; }
td.grade { text-align: center; }
td.grade .badge { display: block; width: max-content; margin: 0 auto 3px; }
table.ranking th { font-size: 12px; }
table.ranking th, table.ranking td { padding-left: 6px; padding-right: 6px; }
table.ranking th.crit { width: calc(4em + 13px); white-space: normal; }
table.leaders, table.trends { width: auto; min-width: 60%; }
table.ledger td { font-size: 13px; overflow-wrap: anywhere; }
table.ledger td.nw { white-space: nowrap; }
h3 { font-size: 16px; margin: 18px 0 6px; }
tr.vetoed td { background: #fff6f5; }
tr.flagged td { background: #fdf0ee; }
tr.flagged td:first-child { box-shadow: inset 3px 0 0 #b8141b; }
.badge { display: inline-block; padding: 0 7px; border-radius: 3px; font-size: 12px; line-height: 20px; white-space: nowrap; border: 1px solid transparent; }
.g-excellent { background: #e7f4ea; color: #23672f; border-color: #b9dcc1; }
.g-good { background: #e8f0fa; color: #2f5d8c; border-color: #bcd0ea; }
.g-pass { background: #fff5de; color: #7a5200; border-color: #ecd7a4; }
.g-fail { background: #fdecea; color: #a3161b; border-color: #f2c4c0; }
.g-other { background: #f0f1f3; color: #3b4048; border-color: #d9dce1; }
.veto { background: #b8141b; color: #fff; border-color: #b8141b; margin-left: 4px; }
.tag.rec { background: #e7f4ea; color: #23672f; border-color: #b9dcc1; }
table.judges { width: auto; min-width: 40%; }
.tag { display: inline-block; margin-left: 6px; padding: 0 5px; font-size: 11px; line-height: 17px; border-radius: 3px; background: #fff5de; color: #7a5200; border: 1px solid #ecd7a4; white-space: nowrap; vertical-align: 1px; }
.heat { display: inline-block; min-width: 42px; padding: 0 6px; border-radius: 3px; text-align: center; border: 1px solid #e2e4e8; }
.meter { display: inline-block; width: 120px; height: 8px; margin-right: 8px; background: #eef0f3; border-radius: 2px; vertical-align: middle; overflow: hidden; }
.meter > span { display: block; height: 100%; }
ul.flags { margin: 8px 0 0; padding-left: 20px; font-size: 13px; }
ul.flags li { margin: 2px 0; }
.legend { font-size: 12.5px; color: #3b4048; margin: 6px 0 10px; }
.legend .key { display: inline-block; min-width: 3.5em; font-weight: 600; }
.legend .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 12px; vertical-align: 0; }
.multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 14px; }
.card { margin: 0; border: 1px solid #e2e4e8; border-radius: 4px; padding: 10px 12px 8px; }
.card figcaption { display: flex; align-items: baseline; gap: 8px; font-weight: 600; margin-bottom: 4px; }
.card figcaption .score { margin-left: auto; font-weight: 400; color: #5f6670; font-size: 12.5px; white-space: nowrap; }
.card .sub { font-size: 11.5px; color: #8a9099; margin: 2px 0 0; }
svg.chart { display: block; max-width: 100%; height: auto; font-family: inherit; }
@media screen and (min-width: 1000px) { svg.chart.heatmap { width: 100%; max-width: 860px; } }
.stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
.stat { border: 1px solid #e2e4e8; border-top: 3px solid #3d6a99; border-radius: 4px; padding: 10px 14px; }
.stat .label { font-size: 13px; color: #3b4048; }
.stat .value { font-size: 26px; font-weight: 700; line-height: 1.35; font-variant-numeric: tabular-nums; }
.stat .unit { font-size: 13px; font-weight: 400; color: #5f6670; margin-left: 4px; }
.stat .source { font-size: 11.5px; color: #8a9099; }
article.report { border-top: 1px solid #d9dce1; padding-top: 16px; margin-top: 18px; }
article.report:first-of-type { border-top: 0; padding-top: 0; margin-top: 0; }
.sev-error { background: #fdecea; color: #a3161b; border-color: #f2c4c0; }
.sev-warn { background: #fff5de; color: #7a5200; border-color: #ecd7a4; }
.sev-info { background: #e8f0fa; color: #2f5d8c; border-color: #bcd0ea; }
code.sig { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 11.5px; background: #f0f1f3; border-radius: 3px; padding: 0 4px; margin-right: 4px; white-space: nowrap; }
.back { font-size: 12.5px; margin: 8px 0 0; }
p.none { color: #5f6670; font-size: 13px; margin: 0 0 6px; }
td.more { color: #5f6670; font-size: 12.5px; text-align: center; }
td.rule { font-size: 12px; color: #3b4048; }
table.findings, table.divergence { table-layout: fixed; }
table.findings td, table.divergence td { overflow-wrap: anywhere; }
table.findings th:nth-child(1) { width: 4.6em; }
table.findings th:nth-child(2) { width: 12em; }
table.findings th:nth-child(4) { width: 15em; }
table.findings th:nth-child(5) { width: 4.2em; }
table.divergence th:nth-child(1) { width: 6.4em; }
table.divergence th:nth-child(3) { width: 16em; }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 6px 14px; margin: 12px 0 0; }
dl.figures div { border-left: 3px solid #3d6a99; padding: 1px 8px; }
dl.figures dt { font-size: 12px; color: #5f6670; }
dl.figures dd { margin: 0; font-size: 17px; font-weight: 700; line-height: 1.3; font-variant-numeric: tabular-nums; }
dl.figures .unit { font-size: 12px; font-weight: 400; color: #5f6670; margin-left: 3px; }
body.summary section { margin-top: 24px; }
nav.toc a { margin-right: 16px; }
footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid #d9dce1; color: #8a9099; font-size: 12px; }
@media print {
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  header.masthead { padding-top: 14pt; }
  nav.toc, .back { display: none; }
  section { margin-top: 22pt; }
  .page-break { break-before: page; margin-top: 0; }
  h2, h3, h4, figcaption, .note, .legend, article.report > .meta { break-after: avoid; }
  tr, .card, .stat, svg, figure, .summary, .empty, table.leaders, table.trends { break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  table { font-size: 9pt; }
  table.ranking { font-size: 8pt; }
  table.ranking th { font-size: 7.5pt; }
  table.ranking th.crit { width: 3.2em; }
  th, td { padding: 3pt 4pt; }
  table.ranking th, table.ranking td { padding: 3pt 2.5pt; }
  td.unit { min-width: 7.5em; }
  .heat { min-width: 0; padding: 0 3px; }
  .multiples { grid-template-columns: repeat(2, 1fr); gap: 8pt; }
  .stats { grid-template-columns: repeat(4, 1fr); gap: 8pt; }
  a { color: inherit; }
  body.summary { font-size: 9pt; line-height: 1.45; }
  body.summary header.masthead { padding: 8pt 0 8pt; border-top-width: 4pt; }
  body.summary h1 { font-size: 17pt; margin-bottom: 2pt; }
  body.summary h2 { font-size: 12pt; margin-bottom: 5pt; }
  body.summary section { margin-top: 10pt; }
  body.summary .summary { margin-top: 6pt; padding: 4pt 8pt; font-size: 10pt; }
  body.summary dl.figures { grid-template-columns: repeat(6, 1fr); gap: 3pt 8pt; margin-top: 6pt; }
  body.summary dl.figures dt { font-size: 7.5pt; }
  body.summary dl.figures dd { font-size: 11pt; }
  body.summary table.ranking { font-size: 8.5pt; }
  body.summary table.ranking th, body.summary table.ranking td { padding: 1.5pt 4pt; }
  body.summary td.unit .tag, body.summary td.grade .badge { display: inline-block; margin: 0 0 0 4pt; line-height: 13pt; }
  body.summary .badge, body.summary .heat { line-height: 13pt; }
  body.summary ul.flags { font-size: 8.5pt; margin-top: 2pt; }
  body.summary .note { font-size: 7.5pt; margin: 3pt 0; }
  body.summary footer { margin-top: 10pt; padding-top: 4pt; font-size: 7.5pt; }
}
"#;

fn masthead(page: &RoundPage, title: &str, eyebrow: &str) -> String {
    let mut out = format!("<header class=\"masthead\">\n<p class=\"eyebrow\">{eyebrow}</p>\n");
    out.push_str(&format!("<h1>{}</h1>\n", escape(title)));
    let mut meta = Vec::new();
    if !page.framework.trim().is_empty() {
        meta.push(format!("监督重点框架：{}", escape(&page.framework)));
    }
    if !page.pack.trim().is_empty() {
        meta.push(format!("规则包：{}", escape(&page.pack)));
    }
    if !meta.is_empty() {
        out.push_str(&format!("<p class=\"meta\">{}</p>\n", meta.join("　·　")));
    }
    out.push_str(&format!("<p class=\"summary\">{}</p>\n", summary(page)));
    out
}

/// The one-line summary: reports, grades in rubric order, 集中讲评, vetoes, leaders to study.
fn summary(page: &RoundPage) -> String {
    let n = page.ranking.len();
    if n == 0 {
        return "本轮暂无报告评分结果。".into();
    }
    let mut grades: Vec<(&str, usize)> = Vec::new();
    for r in &page.ranking {
        let g = r.grade.trim();
        if g.is_empty() {
            continue;
        }
        match grades.iter_mut().find(|(name, _)| *name == g) {
            Some((_, c)) => *c += 1,
            None => grades.push((g, 1)),
        }
    }
    grades.sort_by_key(|(g, _)| page.grades.iter().position(|x| x == g).unwrap_or(usize::MAX));
    let mut parts = vec![format!("共评审报告 <b>{n}</b> 份")];
    let listed: Vec<String> = grades.iter().map(|(g, c)| format!("{} <b>{c}</b> 份", escape(g))).collect();
    if !listed.is_empty() {
        parts.push(listed.join("、"));
    }
    let review = page.ranking.iter().filter(|r| r.review).count();
    parts.push(format!("需集中讲评 <b>{review}</b> 份"));
    let vetoed = page.ranking.iter().filter(|r| r.vetoed).count();
    if vetoed > 0 {
        parts.push(format!("一票否决 <b>{vetoed}</b> 份"));
    }
    let flagged = page.leaders.iter().filter(|l| l.flagged).count();
    if flagged > 0 {
        parts.push(format!("需重点研判的组长 <b>{flagged}</b> 名"));
    }
    format!("{}。", parts.join("；"))
}

/// How a grade or band looks, from its place in the rubric (best first): the top one, the next,
/// the bottom one and those between — so a pack's own grade names get the same colours.
#[derive(Clone, Copy)]
enum Tier {
    Top,
    Second,
    Middle,
    Bottom,
    Unknown,
}

fn tier<S: AsRef<str>>(g: &str, bands: &[S]) -> Tier {
    match bands.iter().position(|b| b.as_ref() == g.trim()) {
        None => Tier::Unknown,
        Some(0) => Tier::Top,
        Some(i) if i + 1 == bands.len() => Tier::Bottom,
        Some(1) => Tier::Second,
        Some(_) => Tier::Middle,
    }
}

fn grade_class(t: Tier) -> &'static str {
    match t {
        Tier::Top => "g-excellent",
        Tier::Second => "g-good",
        Tier::Middle => "g-pass",
        Tier::Bottom => "g-fail",
        Tier::Unknown => "g-other",
    }
}

fn band_fill(t: Tier) -> &'static str {
    match t {
        Tier::Top => "#3a8a4a",
        Tier::Second => "#3d6a99",
        Tier::Middle => "#c58f1c",
        Tier::Bottom => ACCENT,
        Tier::Unknown => "#7a8088",
    }
}

fn grade_badge(g: &str, grades: &[String]) -> String {
    if g.trim().is_empty() {
        return "—".into();
    }
    format!("<span class=\"badge {}\">{}</span>", grade_class(tier(g, grades)), escape(g))
}

/// Display number: one decimal as every other output rounds, no trailing zeros, `—` when not
/// finite.
fn n(x: f64) -> String {
    if x.is_finite() { svg::trim_num(crate::util::number::round1(x)) } else { svg::trim_num(x) }
}

/// 1 → 一, 12 → 十二, 40 → 四十; beyond 99 Arabic digits.
fn cn_num(i: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match i {
        0..=9 => D[i].to_string(),
        10..=19 => format!("十{}", if i == 10 { "" } else { D[i - 10] }),
        20..=99 => format!("{}十{}", D[i / 10], if i % 10 == 0 { "" } else { D[i % 10] }),
        _ => i.to_string(),
    }
}

/// The page of a report, from its index in `page.reports`.
fn unit_href(page: &RoundPage, unit: &str) -> Option<String> {
    page.reports.iter().position(|r| r.unit == unit).map(unit_path)
}

fn unit_link(page: &RoundPage, unit: &str) -> String {
    match unit_href(page, unit) {
        Some(href) => format!("<a href=\"{href}\">{}</a>", escape(unit)),
        None => escape(unit),
    }
}

fn empty(msg: &str) -> String {
    format!("<p class=\"empty\">{msg}</p>\n")
}

/// A divergence (0–100, as every other output shows it) as a chip coloured on the heat map's scale.
fn heat_chip(v: f64) -> String {
    let v = svg::finite(v, 0.0);
    let unit = (v / 100.0).clamp(0.0, 1.0);
    format!(
        "<span class=\"heat\" style=\"background:{};color:{}\">{}</span>",
        svg::heat_colour(unit),
        svg::heat_ink(unit),
        n(v)
    )
}

/// The grade (with a veto badge) and divergence cells that end a ranking row, in both rankings.
fn row_end(out: &mut String, r: &RankRow, page: &RoundPage, has_divergence: bool) {
    out.push_str(&format!("<td class=\"grade\">{}", grade_badge(&r.grade, &page.grades)));
    if r.vetoed {
        out.push_str("<span class=\"badge veto\">一票否决</span>");
    }
    out.push_str("</td>");
    if has_divergence {
        out.push_str(&format!("<td class=\"c\">{}</td>", r.divergence.map_or("—".into(), heat_chip)));
    }
    out.push_str("</tr>\n");
}

fn ranking(page: &RoundPage) -> String {
    if page.ranking.is_empty() {
        return empty("本轮没有可排名的报告。");
    }
    let criteria: Vec<(String, f64)> = page
        .ranking
        .iter()
        .max_by_key(|r| r.criteria.len())
        .map(|r| r.criteria.iter().map(|(c, _, m)| (c.clone(), *m)).collect())
        .unwrap_or_default();
    let has_divergence = page.ranking.iter().any(|r| r.divergence.is_some());
    let mut out = String::from("<div class=\"table-wrap\">\n<table class=\"ranking\">\n<thead><tr>");
    out.push_str("<th class=\"num\">名次</th><th>被巡察单位</th><th>巡察组</th><th>组长</th>");
    for (c, m) in &criteria {
        out.push_str(&format!("<th class=\"num crit\">{}<span class=\"max\">{} 分</span></th>", escape(c), n(*m)));
    }
    out.push_str("<th class=\"num crit\">规则得分</th><th class=\"num crit\">评委得分</th><th class=\"num crit\">综合得分</th><th class=\"c\">等次</th>");
    if has_divergence {
        out.push_str("<th class=\"c\">偏离度</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in &page.ranking {
        out.push_str(if r.vetoed { "<tr class=\"vetoed\">" } else { "<tr>" });
        out.push_str(&format!("<td class=\"num\">{}</td>", r.rank));
        out.push_str(&format!("<td class=\"unit\">{}", unit_link(page, &r.unit)));
        if r.recommended {
            out.push_str("<span class=\"tag rec\">组长推荐</span>");
        }
        if r.review {
            out.push_str("<span class=\"tag\">需集中讲评</span>");
        }
        out.push_str("</td>");
        out.push_str(&format!("<td class=\"nw\">{}</td><td class=\"nw\">{}</td>", escape(&r.group), escape(&r.leader)));
        for (i, (name, _)) in criteria.iter().enumerate() {
            let cell = r
                .criteria
                .get(i)
                .filter(|(c, _, _)| c == name)
                .or_else(|| r.criteria.iter().find(|(c, _, _)| c == name));
            match cell {
                Some((_, s, m)) => {
                    let low = *m > 0.0 && svg::ratio(*s, *m) < 0.6;
                    out.push_str(&format!("<td class=\"num{}\">{}</td>", if low { " low" } else { "" }, n(*s)));
                }
                None => out.push_str("<td class=\"num\">—</td>"),
            }
        }
        out.push_str(&format!(
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num total\">{}</td>",
            n(r.rules),
            r.judges.map_or("—".into(), n),
            n(r.total)
        ));
        row_end(&mut out, r, page, has_divergence);
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    let mut notes = vec![
        "分项得分低于该项满分六成的以褐色标出。".to_string(),
        "点击单位名称可查看该报告的扣分明细与偏离研判。".to_string(),
    ];
    if has_divergence {
        notes.insert(
            1,
            "偏离度取值 0～100：0 表示报告反映了信访举报、领导掌握、社会舆情集中的领域，越接近 100 偏离越大。"
                .to_string(),
        );
    }
    out.push_str(&format!("<p class=\"note\">{}</p>\n", notes.join("")));
    let flagged: Vec<&RankRow> = page.ranking.iter().filter(|r| !r.flags.is_empty()).collect();
    if !flagged.is_empty() {
        out.push_str("<h4>需要关注</h4>\n<ul class=\"flags\">\n");
        for r in flagged {
            for f in &r.flags {
                out.push_str(&format!("<li><b>{}</b>：{}</li>\n", escape(&r.unit), escape(f)));
            }
        }
        out.push_str("</ul>\n");
    }
    out
}

/// The round in figures: every statistic on one compact grid (the cards are in details.html).
fn key_figures(page: &RoundPage) -> String {
    if page.stats.is_empty() {
        return String::new();
    }
    let mut out = String::from("<dl class=\"figures\">");
    for s in &page.stats {
        out.push_str(&format!(
            "<div><dt>{}</dt><dd>{}<span class=\"unit\">{}</span></dd></div>",
            escape(&s.label),
            n(s.value),
            escape(&s.unit)
        ));
    }
    out.push_str("</dl>\n");
    out
}

/// Ranking rows the summary lists; a longer ranking continues in details.html.
pub const SUMMARY_ROWS: usize = 15;

/// The summary's ranking: one line per report, no criterion columns (those are in details.html).
fn ranking_summary(page: &RoundPage) -> String {
    if page.ranking.is_empty() {
        return empty("本轮没有可排名的报告。");
    }
    let has_divergence = page.ranking.iter().any(|r| r.divergence.is_some());
    let has_judges = page.ranking.iter().any(|r| r.judges.is_some());
    let mut out = String::from("<table class=\"ranking compact\">\n<thead><tr>");
    out.push_str(
        "<th class=\"num\">名次</th><th>被巡察单位</th><th>巡察组</th><th>组长</th><th class=\"num\">规则得分</th>",
    );
    if has_judges {
        out.push_str("<th class=\"num\">评委得分</th>");
    }
    out.push_str("<th class=\"num\">综合得分</th><th class=\"c\">等次</th>");
    if has_divergence {
        out.push_str("<th class=\"c\">偏离度</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in page.ranking.iter().take(SUMMARY_ROWS) {
        out.push_str(if r.vetoed { "<tr class=\"vetoed\">" } else { "<tr>" });
        out.push_str(&format!("<td class=\"num\">{}</td><td class=\"unit\">{}", r.rank, unit_link(page, &r.unit)));
        if r.recommended {
            out.push_str("<span class=\"tag rec\">组长推荐</span>");
        }
        if r.review {
            out.push_str("<span class=\"tag\">需集中讲评</span>");
        }
        out.push_str("</td>");
        out.push_str(&format!(
            "<td class=\"nw\">{}</td><td class=\"nw\">{}</td><td class=\"num\">{}</td>",
            escape(&r.group),
            escape(&r.leader),
            n(r.rules)
        ));
        if has_judges {
            out.push_str(&format!("<td class=\"num\">{}</td>", r.judges.map_or("—".into(), n)));
        }
        out.push_str(&format!("<td class=\"num total\">{}</td>", n(r.total)));
        row_end(&mut out, r, page, has_divergence);
    }
    out.push_str("</tbody>\n</table>\n");
    let mut notes = Vec::new();
    if page.ranking.len() > SUMMARY_ROWS {
        notes.push(format!(
            "以上为前 {SUMMARY_ROWS} 名，其余 {} 份见<a href=\"{DETAILS}#sec-ranking\">完整排名</a>。",
            page.ranking.len() - SUMMARY_ROWS
        ));
    }
    if has_divergence {
        notes.push(
            "偏离度 0～100：0 表示报告反映了信访举报、领导掌握、社会舆情集中的领域，越接近 100 偏离越大。".into(),
        );
    }
    notes.push(format!("各评分项得分见<a href=\"{DETAILS}#sec-ranking\">完整排名</a>。"));
    out.push_str(&format!("<p class=\"note\">{}</p>\n", notes.join("")));
    out
}

/// 需要关注: the ranking's flags by unit, the areas where reports diverge most from the
/// signals, and the group leaders to study.
fn attention(page: &RoundPage) -> String {
    let mut items = Vec::new();
    for r in page.ranking.iter().filter(|r| !r.flags.is_empty()) {
        items.push(format!("<li><b>{}</b>：{}</li>", unit_link(page, &r.unit), escape(&r.flags.join("；"))));
    }
    let h = &page.heatmap;
    for (i, cells) in hot_cells(h) {
        let list: Vec<String> =
            cells.iter().map(|(j, v)| format!("{} {}", escape(&h.columns[*j]), svg::fmt_unit(v.min(1.0)))).collect();
        items.push(format!(
            "<li><b>{}</b>：报告对信号集中的领域反映不足（{}）</li>",
            unit_link(page, &h.rows[i]),
            list.join("、")
        ));
    }
    for l in page.leaders.iter().filter(|l| l.flagged) {
        items.push(format!(
            "<li><b>{}</b>（{}组长）：所带 {} 份报告平均偏离度 {}，需重点研判</li>",
            escape(&l.leader),
            escape(&l.group),
            l.reports,
            n(svg::finite(l.mean_divergence, 0.0))
        ));
    }
    if items.is_empty() {
        return "<p class=\"none\">本轮没有需要集中讲评、偏离较大或需重点研判的情况。</p>\n".into();
    }
    format!("<ul class=\"flags\">\n{}\n</ul>\n", items.join("\n"))
}

/// The cadres' results in one paragraph, the sentence every output uses.
fn cadre_summary(page: &RoundPage) -> String {
    let total: usize = page.cadre_bands.iter().map(|(_, c)| c).sum();
    if total == 0 || page.cadre_summary.is_empty() {
        return empty("本轮未提供干部评估数据。");
    }
    format!(
        "<p>巡察作风纪律后评估：{}详见 round.xlsx“干部评估”工作表和<a href=\"{DETAILS}#sec-cadres\">详细分析</a>。</p>\n",
        escape(&page.cadre_summary)
    )
}

/// The common bar scale of every coverage card: the largest count, at least 1.
fn focus_scale(page: &RoundPage) -> usize {
    let count = |v: &[usize], i: usize| v.get(i).copied().unwrap_or(0);
    page.reports
        .iter()
        .flat_map(|r| {
            (0..page.focuses.len())
                .map(|i| count(&r.focus_counts, i))
                .chain((0..page.sectors.len()).map(|i| count(&r.sector_counts, i)))
        })
        .max()
        .unwrap_or(0)
        .max(1)
}

fn focus_coverage(page: &RoundPage) -> String {
    if page.reports.is_empty() || (page.focuses.is_empty() && page.sectors.is_empty()) {
        return empty("本轮未提供聚焦覆盖数据。");
    }
    let max = focus_scale(page);
    let mut out = focus_legend(page);
    out.push_str(&format!(
        "<p class=\"note\">条形长度为涉及该项的问题数，各报告同一比例尺（满格 {max} 个）。<span style=\"color:{ACCENT};font-weight:700\">未涉及</span>表示报告没有问题覆盖该监督重点。</p>\n"
    ));
    out.push_str("<div class=\"multiples\">\n");
    for ri in 0..page.reports.len() {
        out.push_str(&focus_card(page, ri, max, true));
    }
    out.push_str("</div>\n");
    out
}

/// 重点一 … 重点N spelled out: the bars are labelled by number.
fn focus_legend(page: &RoundPage) -> String {
    if page.focuses.is_empty() {
        return String::new();
    }
    let framework =
        if page.framework.trim().is_empty() { String::new() } else { format!("（{}）", escape(&page.framework)) };
    let keys: Vec<String> = page
        .focuses
        .iter()
        .enumerate()
        .map(|(i, f)| format!("<span class=\"key\">重点{}</span>{}", cn_num(i + 1), escape(f)))
        .collect();
    format!("<p class=\"legend\">监督重点{framework}：{}。</p>\n", keys.join("；"))
}

/// One report's coverage card: its focuses and sectors as bars on the scale `max`.
fn focus_card(page: &RoundPage, ri: usize, max: usize, link: bool) -> String {
    let count = |v: &[usize], i: usize| v.get(i).copied().unwrap_or(0);
    let Some(r) = page.reports.get(ri) else { return String::new() };
    // Wide enough for the longest sector name of the default pack (村级“三资”, 食品药品安全).
    let label_width = page
        .sectors
        .iter()
        .map(|s| svg::text_width(s, 12.0))
        .chain([svg::text_width("重点十", 12.0)])
        .fold(0.0_f64, f64::max)
        .clamp(56.0, 120.0)
        + 12.0;
    let geometry = svg::HBars {
        label_width,
        bar_width: 240.0 - label_width + 14.0,
        value_width: 52.0,
        row_height: 17.0,
        font: 12.0,
        max: max as f64,
    };
    let name = if link { format!("<a href=\"{}\">{}</a>", unit_path(ri), escape(&r.unit)) } else { escape(&r.unit) };
    let mut out = format!(
        "<figure class=\"card\">\n<figcaption>{name}{}<span class=\"score\">{} 分</span></figcaption>\n",
        grade_badge(&r.grade, &page.grades),
        n(r.total)
    );
    if !page.focuses.is_empty() {
        let bars: Vec<svg::Bar> = page
            .focuses
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let c = count(&r.focus_counts, i);
                svg::Bar {
                    label: format!("重点{}", cn_num(i + 1)),
                    value: c as f64,
                    text: if c == 0 { "未涉及".into() } else { format!("{c} 个") },
                    fill: FOCUS_FILL.into(),
                    title: format!("{} · {f}：{c} 个问题", r.unit),
                    alert: c == 0,
                }
            })
            .collect();
        out.push_str("<p class=\"sub\">监督重点</p>\n");
        out.push_str(&svg::hbars(&bars, &geometry, &format!("{} 监督重点覆盖", r.unit)));
        out.push('\n');
    }
    if !page.sectors.is_empty() {
        let bars: Vec<svg::Bar> = page
            .sectors
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let c = count(&r.sector_counts, i);
                svg::Bar {
                    label: s.clone(),
                    value: c as f64,
                    text: format!("{c} 个"),
                    fill: SECTOR_FILL.into(),
                    title: format!("{} · {s}：{c} 个问题", r.unit),
                    alert: false,
                }
            })
            .collect();
        out.push_str("<p class=\"sub\">民生领域</p>\n");
        out.push_str(&svg::hbars(&bars, &geometry, &format!("{} 民生领域覆盖", r.unit)));
        out.push('\n');
    }
    out.push_str("</figure>\n");
    out
}

fn divergence(page: &RoundPage) -> String {
    let h = &page.heatmap;
    if h.rows.is_empty() || h.columns.is_empty() {
        return empty("本轮未提供偏离研判数据。");
    }
    let mut out = String::from(
        "<p class=\"note\">行为被巡察单位，列为监督领域（列号对应的领域名称列在图下）。颜色越深，表示信访举报、领导掌握和社会舆情反映的问题越多而报告反映越少；0 表示报告与各方信号一致，1 表示信号强烈而报告未反映。</p>\n",
    );
    out.push_str(&svg::heatmap(&h.rows, &h.columns, &h.cells, "heat", "报告与信号一致", "信号强烈而报告未反映"));
    out.push('\n');
    let hot = hot_cells(h);
    if !hot.is_empty() {
        out.push_str(&format!("<h4>偏离较大的领域（{} 以上）</h4>\n<ul class=\"flags\">\n", n(HOT)));
        for (i, cells) in hot {
            let list: Vec<String> = cells
                .iter()
                .map(|(j, v)| format!("{} {}", escape(&h.columns[*j]), svg::fmt_unit(v.min(1.0))))
                .collect();
            out.push_str(&format!("<li><b>{}</b>：{}</li>\n", escape(&h.rows[i]), list.join("、")));
        }
        out.push_str("</ul>\n");
    }
    out
}

/// Heat map cells at or above [`HOT`], grouped by unit; units with the strongest cell first.
fn hot_cells(h: &HeatMap) -> Vec<(usize, Vec<(usize, f64)>)> {
    let mut hot: Vec<(usize, Vec<(usize, f64)>)> = h
        .cells
        .iter()
        .enumerate()
        .take(h.rows.len())
        .map(|(i, row)| {
            let mut cells: Vec<(usize, f64)> = row
                .iter()
                .copied()
                .enumerate()
                .take(h.columns.len())
                .filter(|(_, v)| v.is_finite() && *v >= HOT)
                .collect();
            cells.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            (i, cells)
        })
        .filter(|(_, cells)| !cells.is_empty())
        .collect();
    hot.sort_by(|a, b| b.1[0].1.total_cmp(&a.1[0].1).then(b.1.len().cmp(&a.1.len())).then(a.0.cmp(&b.0)));
    hot
}

/// Heat map cells from this value on are listed under the map.
const HOT: f64 = 0.7;

fn leaders(page: &RoundPage) -> String {
    if page.leaders.is_empty() {
        return empty("本轮未提供组长研判数据。");
    }
    let mut out = String::from(
        "<p class=\"note\">按巡察组组长汇总其所带报告的平均偏离度；标红的行需重点研判。</p>\n<table class=\"leaders\">\n<thead><tr><th>组长</th><th>巡察组</th><th class=\"num\">报告数</th><th>平均偏离度</th><th class=\"c\">研判</th></tr></thead>\n<tbody>\n",
    );
    for l in &page.leaders {
        let v = svg::finite(l.mean_divergence, 0.0);
        let width = v.clamp(0.0, 100.0).round();
        out.push_str(if l.flagged { "<tr class=\"flagged\">" } else { "<tr>" });
        out.push_str(&format!(
            "<td>{}</td><td>{}</td><td class=\"num\">{}</td>",
            escape(&l.leader),
            escape(&l.group),
            l.reports
        ));
        out.push_str(&format!(
            "<td><span class=\"meter\"><span style=\"width:{}%;background:{}\"></span></span>{}</td>",
            svg::num(width),
            svg::heat_colour((v / 100.0).clamp(0.25, 1.0)),
            n(v)
        ));
        out.push_str(if l.flagged {
            "<td class=\"c\"><span class=\"badge g-fail\">重点研判</span></td>"
        } else {
            "<td class=\"c\">—</td>"
        });
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn cadres(page: &RoundPage) -> String {
    let total: usize = page.cadre_bands.iter().map(|(_, c)| c).sum();
    if total == 0 {
        return empty("本轮未提供干部评估数据。");
    }
    let max = page.cadre_bands.iter().map(|(_, c)| *c).max().unwrap_or(1).max(1);
    let band_names: Vec<&str> = page.cadre_bands.iter().map(|(b, _)| b.as_str()).collect();
    let bars: Vec<svg::Bar> = page
        .cadre_bands
        .iter()
        .map(|(band, c)| {
            let share = svg::trim_num((svg::ratio(*c as f64, total as f64) * 1000.0).round() / 10.0);
            svg::Bar {
                label: band.clone(),
                value: *c as f64,
                text: format!("{c} 人（{share}%）"),
                fill: band_fill(tier(band, &band_names)).into(),
                title: format!("{band}：{c} 人，占 {share}%"),
                alert: false,
            }
        })
        .collect();
    let geometry = svg::HBars {
        label_width: 96.0,
        bar_width: 380.0,
        value_width: 120.0,
        row_height: 30.0,
        font: 13.0,
        max: max as f64,
    };
    let mut out = format!("<p class=\"note\">巡察作风纪律后评估：{}</p>\n", escape(&page.cadre_summary));
    out.push_str(&svg::hbars(&bars, &geometry, "干部评估等次分布"));
    out.push('\n');
    out
}

fn stats(page: &RoundPage) -> String {
    if page.stats.is_empty() {
        return empty("本轮未提供统计数据。");
    }
    let mut out = String::from("<div class=\"stats\">\n");
    for s in &page.stats {
        out.push_str(&format!(
            "<div class=\"stat\"><div class=\"label\">{}</div><div class=\"value\">{}<span class=\"unit\">{}</span></div><div class=\"source\">来源：{}</div></div>\n",
            escape(&s.label),
            n(s.value),
            escape(&s.unit),
            if s.source.trim().is_empty() {
                "未注明".to_string()
            } else {
                escape(&s.source)
            }
        ));
    }
    out.push_str("</div>\n");
    out
}

/// A light or a card as a coloured badge; other text as it is.
fn ledger_cell(text: &str) -> String {
    let class = match text.chars().next() {
        Some('红') if text.starts_with("红灯") || text.starts_with("红牌") => "g-fail",
        Some('黄') if text.starts_with("黄灯") || text.starts_with("黄牌") => "g-pass",
        Some('绿') if text.starts_with("绿灯") => "g-excellent",
        _ => return escape(text),
    };
    match text.split_once('（') {
        Some((badge, why)) => format!("<span class=\"badge {class}\">{}</span>（{}", escape(badge), escape(why)),
        None => format!("<span class=\"badge {class}\">{}</span>", escape(text)),
    }
}

fn plain_table(class: &str, t: &Table) -> String {
    let mut out = format!("<table class=\"{class}\">\n<thead><tr>");
    for h in &t.header {
        out.push_str(&format!("<th>{}</th>", escape(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for cell in row {
            // Ids, dates and counts stay on one line; prose wraps.
            let nw = if cell.chars().count() <= 12 { " class=\"nw\"" } else { "" };
            out.push_str(&format!("<td{nw}>{}</td>", ledger_cell(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn rectification(r: &Rectification) -> String {
    let mut out = String::new();
    if !r.units.rows.is_empty() {
        out.push_str(&format!(
            "<p class=\"note\">统计日期 {}。{}。距整改时限 20 天内亮绿灯、10 天内亮黄灯，逾期或整改不实亮红灯。</p>\n",
            escape(&r.today),
            escape(&r.summary)
        ));
        out.push_str(&plain_table("ledger", &r.units));
        if !r.attention.rows.is_empty() {
            out.push_str("<h3>需要督办的问题</h3>\n");
            out.push_str(&plain_table("ledger", &r.attention));
            if r.attention_hidden > 0 {
                out.push_str(&format!(
                    "<p class=\"note\">另有 {} 个亮灯的问题，完整清单见 round.xlsx 的“整改情况”工作表。</p>\n",
                    r.attention_hidden
                ));
            }
        }
    }
    if !r.clue_summary.is_empty() {
        out.push_str(&format!("<h3>问题线索</h3>\n<p class=\"note\">{}。</p>\n", escape(&r.clue_summary)));
        if !r.clues.rows.is_empty() {
            out.push_str(&plain_table("ledger", &r.clues));
        }
    }
    if !r.common.rows.is_empty() {
        out.push_str("<h3>共性问题</h3>\n<p class=\"note\">多个单位存在的同类问题；涉及单位达到规则包设定数量的，建议集中交办、专项治理。</p>\n");
        out.push_str(&plain_table("ledger", &r.common));
    }
    out
}

/// Mean of the ranking's totals, rounded to one decimal (the current round's trend point).
fn current_mean(page: &RoundPage) -> Option<f64> {
    let totals: Vec<f64> = page.ranking.iter().map(|r| r.total).filter(|t| t.is_finite()).collect();
    if totals.is_empty() {
        return None;
    }
    Some((totals.iter().sum::<f64>() / totals.len() as f64 * 10.0).round() / 10.0)
}

fn trends(page: &RoundPage) -> String {
    let mut points: Vec<svg::Point> = page
        .trends
        .iter()
        .map(|t| svg::Point { label: t.round.clone(), value: t.mean_score, highlight: false })
        .collect();
    let current = current_mean(page);
    let current_div = {
        let d: Vec<f64> = page.ranking.iter().filter_map(|r| r.divergence).filter(|d| d.is_finite()).collect();
        (!d.is_empty()).then(|| d.iter().sum::<f64>() / d.len() as f64)
    };
    if let Some(m) = current {
        points.push(svg::Point { label: "本轮".into(), value: m, highlight: true });
    }
    let mut out = String::from("<p class=\"note\">各轮巡察报告平均综合得分（满分 100 分），红点为本轮。</p>\n");
    out.push_str(&svg::line_chart(&points, 100.0, "各轮报告平均得分趋势"));
    out.push('\n');
    out.push_str("<table class=\"trends\">\n<thead><tr><th>轮次</th><th class=\"num\">报告数</th><th class=\"num\">平均得分</th><th class=\"num\">平均偏离度</th></tr></thead>\n<tbody>\n");
    for t in &page.trends {
        out.push_str(&format!(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            escape(&t.round),
            t.reports,
            n(t.mean_score),
            t.mean_divergence.map_or("—".into(), n)
        ));
    }
    if let Some(m) = current {
        out.push_str(&format!(
            "<tr><td><b>本轮</b></td><td class=\"num\">{}</td><td class=\"num\"><b>{}</b></td><td class=\"num\">{}</td></tr>\n",
            page.ranking.len(),
            n(m),
            current_div.map_or("—".into(), n)
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn severity_class(s: &str) -> &'static str {
    match s.trim() {
        "错误" => "sev-error",
        "警告" => "sev-warn",
        "提示" => "sev-info",
        _ => "g-other",
    }
}

/// Rows of one report's findings the page shows; the rest are counted and left to the workbook
/// (a round of thousands of reports must still open in a browser).
pub const FINDINGS_SHOWN: usize = 20;
/// Signal ids shown for one divergence flag.
const IDS_SHOWN: usize = 10;

/// One report's detail: its facts, findings with points, divergence flags and signals.
fn detail(page: &RoundPage, i: usize) -> String {
    let Some(r) = page.reports.get(i) else { return String::new() };
    let mut out = String::from("<article class=\"report\">\n");
    {
        let mut meta = Vec::new();
        for (label, v) in [("类别", &r.kind), ("巡察组", &r.group), ("报告", &r.report)] {
            if !v.trim().is_empty() {
                meta.push(format!("{label}：{}", escape(v)));
            }
        }
        meta.push(format!("综合得分：{} 分", n(r.total)));
        out.push_str(&format!("<p class=\"meta\">{}</p>\n", meta.join("　·　")));

        if !r.judges.is_empty() {
            out.push_str(&format!("<h4>评委评分（{} 位）</h4>\n<table class=\"judges\">\n<thead><tr><th>评委</th><th class=\"num\">得分</th><th>说明</th></tr></thead>\n<tbody>\n", r.judges.len()));
            for (judge, score, note) in &r.judges {
                out.push_str(&format!(
                    "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                    escape(judge),
                    n(*score),
                    escape(note)
                ));
            }
            out.push_str("</tbody>\n</table>\n");
        }
        let lost: f64 = r.findings.iter().map(|f| svg::finite(f.4, 0.0)).filter(|p| *p > 0.0).sum::<f64>()
            + svg::finite(r.hidden.1, 0.0).max(0.0);
        let total = r.findings.len() + r.hidden.0;
        let not_shown = total - r.findings.len().min(FINDINGS_SHOWN);
        if lost > 0.0 {
            out.push_str(&format!("<h4>问题与扣分（{total} 项，合计扣 {} 分）</h4>\n", n(lost)));
        } else {
            out.push_str(&format!("<h4>问题与扣分（{total} 项）</h4>\n"));
        }
        if r.findings.is_empty() {
            out.push_str("<p class=\"none\">规则检查未发现问题。</p>\n");
        } else {
            out.push_str("<table class=\"findings\">\n<thead><tr><th class=\"c\">程度</th><th>规则</th><th>问题</th><th>位置</th><th class=\"num\">扣分</th></tr></thead>\n<tbody>\n");
            for (sev, rule, msg, place, points) in r.findings.iter().take(FINDINGS_SHOWN) {
                let points = svg::finite(*points, 0.0);
                out.push_str(&format!(
                    "<tr><td class=\"c\"><span class=\"badge {}\">{}</span></td><td class=\"rule\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>\n",
                    severity_class(sev),
                    escape(sev),
                    escape(rule),
                    escape(msg),
                    escape(place),
                    if points > 0.0 {
                        format!("-{}", n(points))
                    } else {
                        "—".into()
                    }
                ));
            }
            if not_shown > 0 {
                out.push_str(&format!(
                    "<tr><td colspan=\"5\" class=\"more\">另有 {not_shown} 项未列出，完整清单见 round.xlsx（扣分明细）和 round.json</td></tr>\n"
                ));
            }
            out.push_str("</tbody>\n</table>\n");
        }

        out.push_str(&format!("<h4>偏离研判（{} 项）</h4>\n", r.divergence.len()));
        if r.divergence.is_empty() {
            out.push_str("<p class=\"none\">未发现报告与信访举报、领导掌握、社会舆情明显偏离。</p>\n");
        } else {
            out.push_str("<table class=\"divergence\">\n<thead><tr><th>类型</th><th>研判意见</th><th>依据</th></tr></thead>\n<tbody>\n");
            for (kind, msg, ids) in &r.divergence {
                let backing = if ids.is_empty() {
                    "—".to_string()
                } else {
                    let mut shown: String = ids
                        .iter()
                        .take(IDS_SHOWN)
                        .map(|id| format!("<code class=\"sig\">{}</code>", escape(id)))
                        .collect();
                    if ids.len() > IDS_SHOWN {
                        shown.push_str(&format!("等 {} 件（完整编号见 round.xlsx 偏离提示）", ids.len()));
                    }
                    shown
                };
                out.push_str(&format!(
                    "<tr><td class=\"c\"><span class=\"badge g-other\">{}</span></td><td>{}</td><td>{}</td></tr>\n",
                    escape(kind),
                    escape(msg),
                    backing
                ));
            }
            out.push_str("</tbody>\n</table>\n");
        }
        let all = r.signals.len() + r.signals_hidden.0;
        if all > 0 {
            let missed = r.signals.iter().filter(|s| s.missed).count() + r.signals_hidden.1;
            let score = r.divergence_score.map_or(String::new(), |s| format!("，偏离度 {}", n(s)));
            out.push_str(&format!(
                "<h4>信号逐件对照（{} 件，未反映 {missed} 件{score}）</h4>\n<table class=\"divergence\">\n<thead><tr><th>编号</th><th>信号摘要</th><th>报告中的回应</th></tr></thead>\n<tbody>\n",
                all
            ));
            for s in r.signals.iter().take(SIGNALS_SHOWN) {
                let answer = if s.place.is_empty() {
                    format!(
                        "<span class=\"badge {}\">{}</span>",
                        if s.missed { "g-fail" } else { "g-other" },
                        escape(&s.status)
                    )
                } else {
                    format!(
                        "<span class=\"badge g-other\">{}</span> {}：{}",
                        escape(&s.status),
                        escape(&s.place),
                        escape(&s.passage)
                    )
                };
                out.push_str(&format!(
                    "<tr><td class=\"nw\">{}</td><td>{}：{}</td><td>{answer}</td></tr>\n",
                    escape(&s.id),
                    escape(&s.kind),
                    escape(&s.text)
                ));
            }
            if all > SIGNALS_SHOWN {
                out.push_str(&format!(
                    "<tr><td colspan=\"3\" class=\"more\">另有 {} 件未列出，完整清单见 round.xlsx（逐件对照）</td></tr>\n",
                    all - SIGNALS_SHOWN
                ));
            }
            out.push_str("</tbody>\n</table>\n");
        }
        out.push_str(&format!("<p class=\"back\"><a href=\"../{INDEX}\">返回汇总</a></p>\n</article>\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The heading counts every signal of the unit, listed or not; a long list says how many
    /// are left out.
    #[test]
    fn a_units_signal_heading_counts_the_rows_left_out() {
        let row = |missed: bool| SignalRow {
            id: "XF-1".into(),
            kind: "信访举报".into(),
            text: "反映某事".into(),
            status: if missed { "未反映" } else { "已反映" }.into(),
            missed,
            ..Default::default()
        };
        let page = |signals: Vec<SignalRow>, signals_hidden: (usize, usize)| RoundPage {
            reports: vec![ReportDetail { unit: "某单位".into(), signals, signals_hidden, ..Default::default() }],
            ..Default::default()
        };
        let long = detail(&page((0..30).map(|i| row(i < 18)).collect(), (15, 15)), 0);
        assert!(long.contains("信号逐件对照（45 件，未反映 33 件"), "{long}");
        assert!(long.contains("另有 15 件未列出"), "{long}");
        let short = detail(&page(vec![row(true), row(false), row(false)], (0, 0)), 0);
        assert!(short.contains("信号逐件对照（3 件，未反映 1 件") && !short.contains("未列出"), "{short}");
        let none = detail(&page(Vec::new(), (0, 0)), 0);
        assert!(!none.contains("信号逐件对照"), "{none}");
    }

    /// Pages handed over in parallel are every page once, the summary first, with the bytes
    /// `pages` collects in order; an error from one page is returned.
    #[test]
    fn each_page_hands_every_page_once_the_summary_first() {
        let reports = (0..200).map(|i| ReportDetail { unit: format!("单位{i}"), ..Default::default() }).collect();
        let page = RoundPage { reports, ..Default::default() };
        let handed = std::sync::Mutex::new(Vec::new());
        each_page(&page, |name, bytes| {
            handed.lock().unwrap().push((name, bytes));
            Ok::<(), ()>(())
        })
        .unwrap();
        let mut handed = handed.into_inner().unwrap();
        assert_eq!(handed[0].0, INDEX);
        let mut listed = pages(&page);
        assert_eq!(listed.len(), 202);
        assert_eq!(
            (listed[0].0.as_str(), listed[1].0.as_str(), listed[201].0.as_str()),
            (INDEX, DETAILS, "units/200.html")
        );
        handed.sort();
        listed.sort();
        assert!(handed == listed, "the same pages, each once");
        let failed = each_page(&page, |name, _| if name == "units/150.html" { Err(name) } else { Ok(()) });
        assert_eq!(failed, Err("units/150.html".to_owned()));
    }

    /// Every page of the set, one after another.
    fn all(page: &RoundPage) -> String {
        pages(page).into_iter().map(|(_, b)| String::from_utf8(b).unwrap()).collect()
    }

    fn row(rank: usize, unit: &str) -> RankRow {
        RankRow {
            rank,
            unit: unit.into(),
            group: "第一巡察组".into(),
            leader: "徐某某".into(),
            criteria: vec![("政治站位".into(), 15.0, 15.0)],
            rules: 90.0,
            judges: Some(88.0),
            total: 89.0,
            grade: "良好".into(),
            vetoed: false,
            divergence: Some(20.0),
            flags: vec![],
            review: false,
            recommended: false,
        }
    }

    #[test]
    fn escape_covers_quotes() {
        assert_eq!(escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(escape("县农业农村局党组"), "县农业农村局党组");
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let evil = "<script>alert(1)</script>";
        let page = RoundPage {
            title: evil.into(),
            framework: evil.into(),
            pack: evil.into(),
            ranking: vec![RankRow {
                group: evil.into(),
                leader: evil.into(),
                grade: evil.into(),
                flags: vec![format!("{evil}，需集中讲评")],
                review: true,
                criteria: vec![(evil.into(), 1.0, 2.0)],
                ..row(1, evil)
            }],
            focuses: vec![evil.into()],
            sectors: vec![evil.into()],
            heatmap: HeatMap { rows: vec![evil.into()], columns: vec![evil.into()], cells: vec![vec![0.9]] },
            grades: vec![evil.into()],
            cadre_bands: vec![(evil.into(), 2)],
            cadre_summary: evil.into(),
            stats: vec![StatRow { label: evil.into(), value: 1.0, unit: evil.into(), source: evil.into() }],
            reports: vec![ReportDetail {
                unit: evil.into(),
                kind: evil.into(),
                group: evil.into(),
                report: evil.into(),
                total: 1.0,
                grade: evil.into(),
                focus_counts: vec![1],
                sector_counts: vec![0],
                findings: vec![(evil.into(), evil.into(), evil.into(), evil.into(), 1.0)],
                hidden: (0, 0.0),
                divergence: vec![(evil.into(), evil.into(), vec![evil.into()])],
                divergence_score: Some(1.0),
                signals: vec![SignalRow {
                    id: evil.into(),
                    kind: evil.into(),
                    text: evil.into(),
                    status: evil.into(),
                    missed: false,
                    place: evil.into(),
                    passage: evil.into(),
                }],
                signals_hidden: (0, 0),
                judges: vec![(evil.into(), 1.0, evil.into())],
            }],
            leaders: vec![LeaderRow {
                leader: evil.into(),
                group: evil.into(),
                reports: 1,
                mean_divergence: 50.0,
                flagged: true,
            }],
            trends: vec![TrendRow { round: evil.into(), mean_score: 80.0, reports: 3, mean_divergence: None }],
            progress: None,
            rectification: Some(Rectification {
                today: evil.into(),
                summary: evil.into(),
                units: Table {
                    header: vec![evil.into()], rows: vec![vec![evil.into(), format!("红牌（{evil}）")]]
                },
                attention: Table { header: vec![evil.into()], rows: vec![vec!["红灯".into(), evil.into()]] },
                attention_hidden: 3,
                clue_summary: evil.into(),
                clues: Table { header: vec![evil.into()], rows: vec![vec![evil.into()]] },
                common: Table { header: vec![evil.into()], rows: vec![vec![evil.into()]] },
            }),
        };
        let html = all(&page);
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("<span class=\"badge g-fail\">红牌</span>（&lt;script&gt;"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        // The unit name links to its detail section.
        assert!(html.contains("<a href=\"units/1.html\">&lt;script&gt;"));
    }

    #[test]
    fn empty_page_renders_placeholders() {
        let html = all(&RoundPage::default());
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.ends_with("</html>\n"));
        for msg in [
            "本轮暂无报告评分结果",
            "本轮没有可排名的报告",
            "本轮未提供聚焦覆盖数据",
            "本轮未提供偏离研判数据",
            "本轮未提供组长研判数据",
            "本轮未提供干部评估数据",
            "本轮未提供统计数据",
        ] {
            assert!(html.contains(msg), "missing {msg}");
        }
        // No trends section without trend rows.
        assert!(!html.contains("sec-trends"));
        assert!(svg::numbers_are_clean(&html));
        assert_eq!(html, all(&RoundPage::default()), "deterministic");
    }

    #[test]
    fn long_lists_are_cut_with_a_pointer_to_the_workbook() {
        let finding = |i: usize| ("警告".to_owned(), "r".to_owned(), format!("问题{i}"), String::new(), 1.0);
        let ids: Vec<String> = (1..=15).map(|i| format!("XF-{i:03}")).collect();
        let page = RoundPage {
            ranking: vec![row(1, "城关镇党委")],
            reports: vec![ReportDetail {
                unit: "城关镇党委".into(),
                findings: (1..=25).map(finding).collect(),
                divergence: vec![("错误".into(), "偏离".into(), ids)],
                ..ReportDetail::default()
            }],
            ..RoundPage::default()
        };
        let html = all(&page);
        assert!(html.contains("问题20<") && !html.contains("问题21<"), "first 20 findings only");
        assert!(html.contains("问题与扣分（25 项，合计扣 25 分）"), "the heading counts all of them");
        assert!(html.contains("另有 5 项未列出，完整清单见 round.xlsx（扣分明细）和 round.json"));
        assert!(html.contains("XF-010<") && !html.contains("XF-011<"), "first 10 ids only");
        assert!(html.contains("等 15 件（完整编号见 round.xlsx 偏离提示）"));

        // A page built from a round passes the first findings only, with the rest counted.
        let cut = RoundPage {
            reports: vec![ReportDetail {
                findings: (1..=20).map(finding).collect(),
                hidden: (7, 3.0),
                ..page.reports[0].clone()
            }],
            ..page
        };
        let html = all(&cut);
        assert!(html.contains("问题与扣分（27 项，合计扣 23 分）"));
        assert!(html.contains("另有 7 项未列出"));
    }

    #[test]
    fn zero_and_nan_values_stay_finite() {
        let page = RoundPage {
            ranking: vec![RankRow {
                criteria: vec![("聚焦监督重点".into(), f64::NAN, 0.0)],
                rules: f64::NAN,
                judges: Some(f64::INFINITY),
                total: f64::NAN,
                divergence: Some(f64::NAN),
                ..row(1, "城关镇党委")
            }],
            focuses: vec!["重点".into()],
            sectors: vec!["教育".into(), "医疗".into()],
            heatmap: HeatMap {
                rows: vec!["城关镇党委".into()],
                columns: vec!["教育".into(), "医疗".into()],
                cells: vec![vec![f64::NAN]],
            },
            cadre_bands: vec![("优秀".into(), 0), ("称职".into(), 0)],
            stats: vec![StatRow {
                label: "发现问题".into(),
                value: f64::NAN,
                unit: "个".into(),
                source: String::new(),
            }],
            reports: vec![ReportDetail {
                unit: "城关镇党委".into(),
                total: f64::NAN,
                // Fewer counts than axes: missing ones count as zero.
                focus_counts: vec![],
                sector_counts: vec![0],
                findings: vec![("提示".into(), "r".into(), "m".into(), "p".into(), f64::NAN)],
                ..ReportDetail::default()
            }],
            leaders: vec![LeaderRow { mean_divergence: f64::NAN, ..LeaderRow::default() }],
            trends: vec![TrendRow {
                round: "2025年第二轮".into(),
                mean_score: f64::NAN,
                reports: 0,
                mean_divergence: Some(f64::NAN),
            }],
            ..RoundPage::default()
        };
        let html = all(&page);
        assert!(svg::numbers_are_clean(&html), "{html}");
        // All bands at zero count as no data.
        assert!(html.contains("本轮未提供干部评估数据"));
        assert!(html.contains("城关镇党委 · 医疗：无数据"));
        assert!(html.contains("未涉及"));
    }

    #[test]
    fn a_packs_own_grade_names_get_the_colours_of_their_place() {
        let grades: Vec<String> = ["甲等", "乙等", "丙等", "丁等"].map(String::from).to_vec();
        assert!(grade_badge("甲等", &grades).contains("g-excellent"));
        assert!(grade_badge("乙等", &grades).contains("g-good"));
        assert!(grade_badge("丙等", &grades).contains("g-pass"));
        assert!(grade_badge("丁等", &grades).contains("g-fail"));
        assert!(grade_badge("优秀", &grades).contains("g-other"));
    }

    #[test]
    fn summary_counts_grades_reviews_and_vetoes() {
        let page = RoundPage {
            ranking: vec![
                RankRow { grade: "优秀".into(), ..row(1, "甲") },
                RankRow {
                    grade: "不合格".into(),
                    vetoed: true,
                    flags: vec!["评委意见分歧较大（最高与最低相差 26 分），需集中讲评".into()],
                    review: true,
                    ..row(2, "乙")
                },
                RankRow {
                    grade: "优秀".into(),
                    flags: vec!["评委孙某属于第二巡察组，已回避（其评分不计入）".into()],
                    ..row(3, "丙")
                },
            ],
            grades: ["优秀", "良好", "合格", "不合格"].map(String::from).to_vec(),
            ..RoundPage::default()
        };
        let s = summary(&page);
        assert_eq!(
            s,
            "共评审报告 <b>3</b> 份；优秀 <b>2</b> 份、不合格 <b>1</b> 份；需集中讲评 <b>1</b> 份；一票否决 <b>1</b> 份。"
        );
        let html = render(&page);
        assert!(html.contains("<span class=\"badge veto\">一票否决</span>"));
        assert_eq!(html.matches("<span class=\"tag\">需集中讲评</span>").count(), 1);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_num(1), "一");
        assert_eq!(cn_num(10), "十");
        assert_eq!(cn_num(12), "十二");
        assert_eq!(cn_num(20), "二十");
        assert_eq!(cn_num(34), "三十四");
        assert_eq!(cn_num(120), "120");
    }
}
