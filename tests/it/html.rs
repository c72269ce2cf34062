//! The round page (`index.html`) built from a realistic round by hand: structure, safety
//! (no scripts, no links off the page), valid nesting, and a snapshot of the whole document.
//!
//! Set `XUNCHA_HTML_OUT=/some/file.html` to also write the page, e.g. to look at it in a browser.

use std::collections::{BTreeMap, BTreeSet};

use xuncha::render::html::{HeatMap, LeaderRow, RankRow, ReportDetail, RoundPage, StatRow, TrendRow, pages};

const CRITERIA: [(&str, f64); 7] = [
    ("政治站位", 15.0),
    ("聚焦监督重点", 20.0),
    ("关键少数", 15.0),
    ("群众身边问题", 15.0),
    ("问题定性与证据", 20.0),
    ("意见建议", 8.0),
    ("文稿规范", 7.0),
];

const FOCUSES: [&str; 3] = [
    "党的路线方针政策和党中央决策部署在基层的贯彻落实",
    "群众身边腐败问题和不正之风",
    "基层党组织领导班子和干部队伍建设",
];

const SECTORS: [&str; 8] =
    ["教育", "医疗卫生", "社会保障", "养老服务", "住房保障", "惠农补贴", "食品药品安全", "生态环境"];

const AREAS: [&str; 10] = [
    "三重一大",
    "工程项目",
    "惠农补贴",
    "集体资产",
    "教育收费",
    "医疗保障",
    "低保救助",
    "作风问题",
    "选人用人",
    "整改落实",
];

struct Unit {
    unit: &'static str,
    kind: &'static str,
    group: &'static str,
    leader: &'static str,
    file: &'static str,
    scores: [f64; 7],
    judges: f64,
    total: f64,
    grade: &'static str,
    divergence: f64,
    focus: [usize; 3],
    sectors: [usize; 8],
}

fn units() -> Vec<Unit> {
    vec![
        Unit {
            unit: "县农业农村局党组",
            kind: "县直单位",
            group: "第一巡察组",
            leader: "徐某某",
            file: "nongye.docx",
            scores: [15.0, 20.0, 15.0, 15.0, 20.0, 8.0, 7.0],
            judges: 93.0,
            total: 96.5,
            grade: "优秀",
            divergence: 0.08,
            focus: [4, 6, 3],
            sectors: [0, 1, 2, 0, 1, 5, 1, 2],
        },
        Unit {
            unit: "县水利局党组",
            kind: "县直单位",
            group: "第一巡察组",
            leader: "徐某某",
            file: "shuili.txt",
            scores: [15.0, 20.0, 15.0, 15.0, 17.3, 8.0, 7.0],
            judges: 89.0,
            total: 93.2,
            grade: "优秀",
            divergence: 0.15,
            focus: [3, 5, 4],
            sectors: [0, 0, 1, 0, 0, 2, 0, 4],
        },
        Unit {
            unit: "城关镇党委",
            kind: "乡镇党委",
            group: "第二巡察组",
            leader: "刘某",
            file: "chengguan.txt",
            scores: [15.0, 13.0, 15.0, 15.0, 16.8, 8.0, 7.0],
            judges: 85.8,
            total: 87.8,
            grade: "良好",
            divergence: 0.34,
            focus: [4, 5, 0],
            sectors: [1, 1, 3, 2, 2, 1, 1, 0],
        },
        Unit {
            unit: "县教育局党组",
            kind: "县直单位",
            group: "第二巡察组",
            leader: "刘某",
            file: "jiaoyu.txt",
            scores: [15.0, 20.0, 15.0, 15.0, 4.9, 8.0, 1.0],
            judges: 75.0,
            total: 77.0,
            grade: "合格",
            divergence: 0.41,
            focus: [3, 4, 2],
            sectors: [6, 1, 0, 0, 0, 0, 1, 0],
        },
        Unit {
            unit: "河寨村党支部",
            kind: "村级党组织",
            group: "第三巡察组",
            leader: "何某某",
            file: "hezhai.md",
            scores: [0.0, 13.0, 0.0, 10.0, 2.0, 4.0, 1.0],
            judges: 67.0,
            total: 48.5,
            grade: "不合格",
            divergence: 0.72,
            focus: [1, 2, 0],
            sectors: [0, 0, 1, 0, 0, 1, 0, 0],
        },
        Unit {
            unit: "县文化广电旅游体育局党组",
            kind: "县直单位",
            group: "第三巡察组",
            leader: "何某某",
            file: "wenlv.docx",
            scores: [0.0, 13.0, 0.0, 0.0, 1.7, 8.0, 1.0],
            judges: 61.0,
            total: 42.4,
            grade: "不合格",
            divergence: 0.63,
            focus: [2, 0, 1],
            sectors: [0, 0, 0, 0, 0, 0, 0, 0],
        },
        Unit {
            unit: "县工业和信息化局党组",
            kind: "县直单位",
            group: "第三巡察组",
            leader: "何某某",
            file: "gongxin.txt",
            scores: [0.0, 13.0, 0.0, 10.0, 0.7, 0.0, 0.0],
            judges: 53.7,
            total: 38.7,
            grade: "不合格",
            divergence: 0.88,
            focus: [2, 1, 0],
            sectors: [0, 0, 0, 0, 0, 1, 0, 1],
        },
    ]
}

fn flags(unit: &str) -> Vec<String> {
    match unit {
        "城关镇党委" => vec!["评委孙某属于第二巡察组，已回避（其评分不计入）".into()],
        "县教育局党组" => vec![
            "评委孙某属于第二巡察组，已回避（其评分不计入）".into(),
            "评委意见分歧较大（最高与最低相差 26 分），需集中讲评".into(),
        ],
        "河寨村党支部" => vec!["规则得分 30 与评委均分 67 相差 37 分，需集中讲评".into()],
        "县文化广电旅游体育局党组" => {
            vec!["规则得分 23.7 与评委均分 60.8 相差 37.1 分，需集中讲评".into()]
        }
        "县工业和信息化局党组" => {
            vec!["报告第 4 段写明了举报人姓名，违反保密规定，一票否决".into()]
        }
        _ => vec![],
    }
}

type Finding = (String, String, String, String, f64);

fn findings(unit: &str, file: &str) -> Vec<Finding> {
    let f = |sev: &str, rule: &str, msg: &str, line: usize, pts: f64| {
        (sev.to_string(), rule.to_string(), msg.to_string(), format!("reports/{file}:{line}:1"), pts)
    };
    match unit {
        "县农业农村局党组" => vec![],
        "县水利局党组" => {
            vec![f("警告", "report/evidence", "12 个问题中有 4 个没有写明证据来源（写明的占 67%）", 43, 2.7)]
        }
        "城关镇党委" => vec![
            f(
                "错误",
                "report/focus-coverage",
                "问题部分没有涉及“三个聚焦”中的“基层党组织领导班子和干部队伍建设”",
                13,
                7.0,
            ),
            f("警告", "report/evidence", "9 个问题中有 3 个没有写明证据来源（写明的占 67%）", 17, 2.7),
            f(
                "警告",
                "report/problem-elements",
                "问题““三重一大”事项集体决策执行不严，个别大额支出未经党委会研究”缺少责任认定",
                57,
                0.5,
            ),
        ],
        "县教育局党组" => vec![
            f("警告", "report/length", "正文约 2962 字，篇幅偏短（一般约 6000 字，不少于 3000 字）", 1, 2.0),
            f("警告", "report/evidence", "11 个问题中有 7 个没有写明证据来源（写明的占 36%）", 21, 5.1),
            f("提示", "report/vague-wording", "“不够到位”是空泛表述，所在句子没有事实和数据支撑", 17, 0.5),
            f("提示", "report/vague-wording", "“存在一定差距”是空泛表述，所在句子没有事实和数据支撑", 19, 0.5),
        ],
        "河寨村党支部" => vec![
            f("错误", "report/top-leader", "报告没有涉及村党支部书记履行第一责任人职责的情况", 9, 15.0),
            f("错误", "report/trivia", "问题部分以会议记录不规范、台账不整齐等细枝末节为主（占 6/8）", 12, 15.0),
        ],
        "县文化广电旅游体育局党组" => vec![
            f("错误", "report/livelihood", "问题部分没有涉及群众身边的民生领域", 15, 15.0),
            f("提示", "report/suggestions", "意见建议与发现的问题对应不够，建议逐条回应", 88, 0.0),
        ],
        _ => vec![
            f(
                "错误",
                "report/informant-leak",
                "报告写明了举报人的姓名，违反《中国共产党巡视工作条例》保密规定",
                4,
                0.0,
            ),
            f("警告", "report/length", "正文约 1800 字，篇幅偏短（一般约 6000 字，不少于 3000 字）", 1, 2.0),
        ],
    }
}

type Flag = (String, String, Vec<String>);

fn divergence(unit: &str) -> Vec<Flag> {
    let f = |kind: &str, msg: &str, ids: &[&str]| {
        (kind.to_string(), msg.to_string(), ids.iter().map(|s| s.to_string()).collect())
    };
    match unit {
        "城关镇党委" => vec![f(
            "信访举报",
            "信访举报反映镇村干部优亲厚友办理低保 3 件，报告未涉及低保救助",
            &["XF-2026-014", "XF-2026-031", "XF-2026-047"],
        )],
        "县教育局党组" => vec![f("社会舆情", "网络舆情集中反映学校违规收费，报告仅一笔带过", &["YQ-007"])],
        "河寨村党支部" => vec![
            f(
                "信访举报",
                "信访举报反映村集体土地发包不公开 4 件，报告未涉及集体资产",
                &["XF-2026-052", "XF-2026-053", "XF-2026-060", "XF-2026-071"],
            ),
            f("领导掌握", "县委巡察办掌握该村惠农补贴代领冒领问题，报告未反映", &["ZW-03"]),
        ],
        "县文化广电旅游体育局党组" => {
            vec![f("领导掌握", "县纪委监委移交的工程项目问题，报告未反映", &["ZW-05", "ZW-06"])]
        }
        "县工业和信息化局党组" => vec![
            f("信访举报", "信访举报反映违规发放企业扶持资金 5 件，报告未涉及", &["XF-2026-080", "XF-2026-081"]),
            f("社会舆情", "舆情反映园区企业用地问题，报告未回应", &[]),
        ],
        _ => vec![],
    }
}

/// Heat map cells: the unit's divergence spread over the areas with a fixed pattern.
fn cells(row: usize, divergence: f64) -> Vec<f64> {
    (0..AREAS.len())
        .map(|col| {
            let wave = ((row * 7 + col * 3) % 10) as f64 / 10.0;
            let v = (divergence * 1.2 * wave + divergence * 0.3).min(1.0);
            (v * 100.0).round() / 100.0
        })
        .collect()
}

fn page() -> RoundPage {
    let units = units();
    let ranking = units
        .iter()
        .enumerate()
        .map(|(i, u)| RankRow {
            rank: i + 1,
            unit: u.unit.into(),
            group: u.group.into(),
            leader: u.leader.into(),
            criteria: CRITERIA.iter().zip(u.scores).map(|((name, max), s)| (name.to_string(), s, *max)).collect(),
            rules: (u.scores.iter().sum::<f64>() * 10.0).round() / 10.0,
            judges: Some(u.judges),
            total: u.total,
            grade: u.grade.into(),
            vetoed: u.unit == "县工业和信息化局党组",
            divergence: Some((u.divergence * 1000.0).round() / 10.0),
            review: flags(u.unit).iter().any(|f| f.contains("集中讲评")),
            recommended: i == 0,
            flags: flags(u.unit),
        })
        .collect();
    let reports = units
        .iter()
        .map(|u| ReportDetail {
            unit: u.unit.into(),
            kind: u.kind.into(),
            group: u.group.into(),
            report: format!("reports/{}", u.file),
            total: u.total,
            grade: u.grade.into(),
            focus_counts: u.focus.to_vec(),
            sector_counts: u.sectors.to_vec(),
            findings: findings(u.unit, u.file),
            hidden: (0, 0.0),
            divergence: divergence(u.unit),
            judges: vec![("陈某某".into(), u.judges, String::new()), ("孙某".into(), 70.0, "回避，不计入".into())],
            ..ReportDetail::default()
        })
        .collect();
    let stat = |label: &str, value: f64, unit: &str, source: &str| StatRow {
        label: label.into(),
        value,
        unit: unit.into(),
        source: source.into(),
    };
    RoundPage {
        title: "示例县2026年第三轮巡察".into(),
        framework: "三个聚焦".into(),
        pack: "xuncha 默认规则包 2026.11（a8765b9b）".into(),
        ranking,
        focuses: FOCUSES.map(String::from).to_vec(),
        sectors: SECTORS.map(String::from).to_vec(),
        heatmap: HeatMap {
            rows: units.iter().map(|u| u.unit.to_string()).collect(),
            columns: AREAS.map(String::from).to_vec(),
            cells: units.iter().enumerate().map(|(i, u)| cells(i, u.divergence)).collect(),
        },
        grades: ["优秀", "良好", "合格", "不合格"].map(String::from).to_vec(),
        cadre_bands: vec![("优秀".into(), 3), ("称职".into(), 9), ("基本称职".into(), 2), ("不称职".into(), 1)],
        cadre_summary: "参评巡察干部 15 人，按评估得分划分等次：优秀 3 人（20%）、称职 9 人（60%）、基本称职 2 人（13.3%）、不称职 1 人（6.7%）。其中抽调干部评定优秀 2 人（每组不超过 20%），优先向组织推荐 2 人。".into(),
        stats: vec![
            stat("发现问题", 67.0, "个", "报告统计"),
            stat("移交问题线索", 12.0, "件", "round.toml（巡察办填报）"),
            stat("立行立改", 23.0, "件", "round.toml（巡察办填报）"),
            stat("督促追缴资金", 186.5, "万元", "round.toml（巡察办填报）"),
            stat("受理信访举报", 143.0, "件", "round.toml（巡察办填报）"),
            stat("个别谈话", 412.0, "人次", "round.toml（巡察办填报）"),
            stat("形成专题报告", 5.0, "份", "报告统计"),
            stat("参评巡察干部", 15.0, "人", "评估结果"),
        ],
        reports,
        leaders: vec![
            LeaderRow {
                leader: "徐某某".into(),
                group: "第一巡察组".into(),
                reports: 2,
                mean_divergence: 12.0,
                flagged: false,
            },
            LeaderRow {
                leader: "刘某".into(),
                group: "第二巡察组".into(),
                reports: 2,
                mean_divergence: 38.0,
                flagged: false,
            },
            LeaderRow {
                leader: "何某某".into(),
                group: "第三巡察组".into(),
                reports: 3,
                mean_divergence: 74.0,
                flagged: true,
            },
        ],
        trends: vec![
            TrendRow { round: "2025年第二轮".into(), mean_score: 71.4, reports: 6, mean_divergence: Some(41.0) },
            TrendRow { round: "2026年第一轮".into(), mean_score: 76.2, reports: 8, mean_divergence: Some(35.0) },
        ],
        progress: None,
        rectification: None,
    }
}

const VOID: [&str; 6] = ["meta", "br", "hr", "img", "col", "input"];

/// Checks that every element is closed in order; returns the tag names seen.
fn check_nesting(html: &str) -> BTreeMap<String, usize> {
    let mut stack: Vec<String> = Vec::new();
    let mut seen = BTreeMap::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = start + rest[start..].find('>').expect("unclosed tag bracket");
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(open, name, "<{open}> closed by </{name}>");
            continue;
        }
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>();
        assert!(!name.is_empty(), "bad tag <{tag}>");
        *seen.entry(name.clone()).or_insert(0) += 1;
        if !tag.ends_with('/') && !VOID.contains(&name.as_str()) {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    seen
}

fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let from = i + needle.len();
            &html[from..from + html[from..].find('"').unwrap()]
        })
        .collect()
}

/// Where `href` on the page `from` leads inside the set: (page name, anchor).
fn resolve<'a>(from: &str, href: &'a str) -> (String, &'a str) {
    let (path, anchor) = href.split_once('#').unwrap_or((href, ""));
    if path.is_empty() {
        return (from.to_owned(), anchor);
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        if seg == ".." {
            parts.pop();
        } else {
            parts.push(seg);
        }
    }
    (parts.join("/"), anchor)
}

#[test]
fn round_page_structure() {
    let page = page();
    let set = pages(&page);
    let names: Vec<&str> = set.iter().map(|(n, _)| n.as_str()).collect();
    let mut expected = vec!["index.html".to_owned(), "details.html".to_owned()];
    expected.extend((1..=7).map(|i| format!("units/{i}.html")));
    assert_eq!(names, expected, "index first, then the analysis, then one page per report");
    let text: BTreeMap<&str, String> =
        set.iter().map(|(n, b)| (n.as_str(), String::from_utf8(b.clone()).unwrap())).collect();
    if let Ok(dir) = std::env::var("XUNCHA_HTML_OUT") {
        for (name, html) in &text {
            let path = std::path::Path::new(&dir).join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, html).expect("write page");
        }
    }
    let ids_of: BTreeMap<&str, BTreeSet<&str>> =
        text.iter().map(|(n, html)| (*n, attr_values(html, "id").into_iter().collect())).collect();
    for (name, html) in &text {
        assert!(html.starts_with("<!doctype html>\n<html lang=\"zh-CN\">"), "{name}");
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("@page { size: A4;"), "{name}: same stylesheet");
        // Self-contained: no scripts, nothing fetched, links only inside the set.
        let lower = html.to_ascii_lowercase();
        for banned in [
            "<script", "http://", "https://", "<link", "<img", "@import", "url(http", "src=", "<iframe", "onload",
            "onclick",
        ] {
            assert!(!lower.contains(banned), "{name} contains {banned}");
        }
        check_nesting(html);
        let ids = attr_values(html, "id");
        assert_eq!(ids.len(), ids_of[name].len(), "{name}: duplicate ids");
        for href in attr_values(html, "href") {
            let (target, anchor) = resolve(name, href);
            let Some(ids) = ids_of.get(target.as_str()) else { panic!("{name}: link {href} leaves the set") };
            assert!(anchor.is_empty() || ids.contains(anchor), "{name}: dangling anchor {href}");
        }
        assert!(html.split(|c: char| !c.is_ascii_alphanumeric()).all(|w| w != "NaN" && w != "inf"));
    }
    let index = &text["index.html"];
    let details = &text["details.html"];
    assert!(index.contains("<title>示例县2026年第三轮巡察</title>"));

    // Header summary.
    assert!(index.contains(
        "共评审报告 <b>7</b> 份；优秀 <b>2</b> 份、良好 <b>1</b> 份、合格 <b>1</b> 份、不合格 <b>3</b> 份；需集中讲评 <b>3</b> 份；一票否决 <b>1</b> 份；需重点研判的组长 <b>1</b> 名。"
    ));
    assert!(index.contains("监督重点框架：三个聚焦"));
    assert_eq!(index.matches("<dt>").count(), 8, "every statistic in the figures");

    // Ranking rows link to the report pages, in rank order, on both pages.
    for html in [index, details] {
        let mut last = 0;
        for (i, r) in page.ranking.iter().enumerate() {
            let cell = format!(
                "<td class=\"num\">{}</td><td class=\"unit\"><a href=\"units/{}.html\">{}</a>",
                r.rank,
                i + 1,
                r.unit
            );
            let at = html.find(&cell).unwrap_or_else(|| panic!("no row for {}", r.unit));
            assert!(at > last, "{} out of order", r.unit);
            last = at;
        }
        assert_eq!(html.matches("<span class=\"badge veto\">一票否决</span>").count(), 1);
        assert_eq!(html.matches("<span class=\"tag\">需集中讲评</span>").count(), 3);
    }
    for head in ["政治站位<span class=\"max\">15 分</span>", "综合得分", "偏离度"] {
        assert!(details.contains(head), "{head}");
    }
    assert!(!index.contains("<span class=\"max\">"), "no criterion columns on the summary");

    // Sections, in order, numbered the way official documents are.
    let in_order = |html: &str, names: &[&str]| {
        let mut last = 0;
        for (i, name) in names.iter().enumerate() {
            let h2 = format!("{}、{name}</h2>", ["一", "二", "三", "四", "五", "六", "七", "八"][i]);
            let at = html.find(&h2).unwrap_or_else(|| panic!("no section {h2}"));
            assert!(at > last);
            last = at;
        }
    };
    in_order(index, &["报告排名", "需要关注", "干部评估"]);
    in_order(details, &["完整排名", "聚焦覆盖", "偏离研判", "组长研判", "干部评估", "本轮统计", "趋势"]);

    // The summary: flags, leaders to study, cadres in one line.
    assert!(index.contains("需重点研判") && index.contains("何某某"));
    assert!(index.contains("参评巡察干部 15 人") && details.contains("参评巡察干部 15 人"));
    assert!(!index.contains("<svg"), "no charts on the summary");

    // The analysis page: charts and cards.
    let tags = check_nesting(details);
    assert_eq!(tags["svg"], 7 * 2 + 3, "7 × 2 coverage charts, heat map, cadres, trend");
    assert_eq!(tags["table"], 3, "ranking, leaders, trends");
    assert!(details.contains("河寨村党支部 · 集体资产："));
    assert!(details.contains("3 人（20%）"));
    assert!(details.contains("9 人（60%）"));
    assert_eq!(details.matches("<div class=\"stat\">").count(), 8);
    assert!(details.contains("来源：round.toml（巡察办填报）"));
    assert!(details.contains("<tr class=\"flagged\"><td>何某某</td>"));
    assert!(details.contains("未涉及"));
    assert!(!details.contains("鼠标"), "nothing that only works with a mouse");

    // One page per report: its coverage card and its detail.
    for (i, r) in page.reports.iter().enumerate() {
        let html = &text[format!("units/{}.html", i + 1).as_str()];
        assert!(html.contains(&format!("<h1>{} ", r.unit)), "{}", r.unit);
        assert_eq!(check_nesting(html)["svg"], 2, "{}: focus and sector charts", r.unit);
        assert!(html.contains("<article class=\"report\">"));
        assert!(html.contains("<a href=\"../index.html\">返回汇总</a>"));
    }
    assert!(text.values().any(|h| h.contains("<code class=\"sig\">XF-2026-014</code>")));
    // The selection and the judges are shown: 组长推荐 in both rankings, each judge on the report's page.
    assert_eq!(index.matches("<span class=\"tag rec\">组长推荐</span>").count(), 1);
    assert!(text["units/1.html"].contains("<td>孙某</td><td class=\"num\">70</td><td>回避，不计入</td>"));

    // Print rules.
    assert!(index.contains("@media print"));
    assert!(index.contains("break-inside: avoid"));

    // Deterministic.
    assert_eq!(set, pages(&page));
}

#[test]
fn round_page_snapshot() {
    let set = pages(&page());
    let text = |name: &str| String::from_utf8(set.iter().find(|(n, _)| n == name).unwrap().1.clone()).unwrap();
    insta::assert_snapshot!("round_page", text("index.html"));
    insta::assert_snapshot!("round_page_details", text("details.html"));
    insta::assert_snapshot!("round_page_unit", text("units/1.html"));
}
