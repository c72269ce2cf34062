//! Views of the ledgers in every format: the terminal summary, Markdown, JSON (the contract of
//! `xuncha ledger --format json`), workbook sheets, and the blank 整改台账 `ledger init` writes.

use serde::Serialize;
use tabled::builder::Builder;

use crate::assess::ledger::{ClueStatus, CommonProblem, ItemStatus, Ledger, Light, State, UnitRectification};
use crate::model::ledger::RectItem;
use crate::pack::Pack;
use crate::render::xlsx::{Cell, Sheet};
use crate::render::{markdown, table};

fn percent(rate: Option<f64>) -> String {
    rate.map_or("—".into(), |r| format!("{:.0}%", r * 100.0))
}

fn days(d: Option<i64>) -> String {
    match d {
        None => "—".into(),
        Some(d) if d < 0 => format!("逾期{}天", -d),
        Some(0) => "今天到期".into(),
        Some(d) => format!("{d}天"),
    }
}

fn light(l: Option<Light>) -> &'static str {
    l.map_or("", |l| match l {
        Light::Red => "红灯",
        Light::Yellow => "黄灯",
        Light::Green => "绿灯",
    })
}

fn lights(u: &UnitRectification) -> String {
    let (g, y, r) = u.lights;
    let parts: Vec<String> =
        [("红", r), ("黄", y), ("绿", g)].iter().filter(|(_, n)| *n > 0).map(|(c, n)| format!("{c}{n}")).collect();
    if parts.is_empty() { "—".into() } else { parts.join(" ") }
}

fn card(u: &UnitRectification) -> String {
    u.card.as_ref().map_or(String::new(), |(c, why)| format!("{c}（{why}）"))
}

fn short(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// 问题 20 个：已销号 8、整改中 7、逾期 3、整改不实 2
fn summary(l: &Ledger) -> String {
    let states: Vec<String> = State::ALL.iter().map(|s| format!("{} {}", s.label(), l.count(*s))).collect::<Vec<_>>();
    let count = |x: Light| l.items.iter().filter(|i| i.light == Some(x)).count();
    format!(
        "问题 {} 个：{}；红灯 {}、黄灯 {}、绿灯 {}",
        l.items.len(),
        states.join("、"),
        count(Light::Red),
        count(Light::Yellow),
        count(Light::Green)
    )
}

const UNIT_HEADER: [&str; 11] = [
    "被巡察单位",
    "巡察组",
    "问题",
    "已销号",
    "整改中",
    "逾期",
    "整改不实",
    "销号率",
    "预警灯",
    "整改报告期限",
    "亮牌",
];

fn unit_row(u: &UnitRectification) -> Vec<String> {
    vec![
        u.unit.clone(),
        u.group.clone(),
        u.total.to_string(),
        u.closed.to_string(),
        u.in_progress.to_string(),
        u.overdue.to_string(),
        u.unfounded.to_string(),
        percent(u.rate),
        lights(u),
        u.report_due.as_ref().map_or("—".into(), |d| format!("{d}（{}）", days(u.report_days_left))),
        card(u),
    ]
}

const ITEM_HEADER: [&str; 8] = ["预警", "编号", "被巡察单位", "问题", "整改时限", "剩余", "状态", "说明"];

fn item_row(i: &ItemStatus, width: usize) -> Vec<String> {
    vec![
        light(i.light).into(),
        i.item.id.clone(),
        i.item.unit.clone(),
        short(&i.item.problem, width),
        i.item.deadline.clone().unwrap_or_default(),
        if i.state == State::Closed { String::new() } else { days(i.days_left) },
        i.state.label().into(),
        i.reasons.join("；"),
    ]
}

/// Items that need someone's attention, most urgent first: red, yellow, green.
fn attention(l: &Ledger) -> Vec<&ItemStatus> {
    let rank = |i: &ItemStatus| match i.light {
        Some(Light::Red) => 0,
        Some(Light::Yellow) => 1,
        Some(Light::Green) => 2,
        None => 3,
    };
    let mut v: Vec<&ItemStatus> = l.items.iter().filter(|i| i.light.is_some()).collect();
    v.sort_by_key(|i| (rank(i), i.days_left.unwrap_or(i64::MAX)));
    v
}

const CLUE_HEADER: [&str; 9] =
    ["线索编号", "被巡察单位", "涉及人员", "职级", "移交日期", "移交对象", "处置方式", "反馈期限", "办理情况"];

fn clue_row(c: &ClueStatus) -> Vec<String> {
    let state = match (&c.clue.feedback_on, c.overdue) {
        (Some(d), _) => format!(
            "{d} 已反馈{}",
            if c.clue.result.is_empty() { String::new() } else { format!("：{}", c.clue.result) }
        ),
        (None, true) => "逾期未反馈".into(),
        (None, false) => "办理中".into(),
    };
    vec![
        c.clue.id.clone(),
        c.clue.unit.clone(),
        c.clue.person.clone(),
        c.clue.rank.clone(),
        c.clue.handed_on.clone().unwrap_or_default(),
        c.clue.handed_to.clone(),
        c.clue.disposal.clone(),
        c.due.clone().unwrap_or_default(),
        state,
    ]
}

const COMMON_HEADER: [&str; 5] = ["共性问题", "涉及单位数", "涉及单位", "建议", "牵头部门"];

fn common_row(c: &CommonProblem) -> Vec<String> {
    vec![
        c.topic.clone(),
        c.units.len().to_string(),
        c.units.join("、"),
        if c.proposed { "集中交办、专项治理".into() } else { "持续关注".into() },
        c.departments.join("、"),
    ]
}

fn tabled(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut b = Builder::default();
    b.push_record(header.iter().map(|h| h.to_string()));
    for r in rows {
        b.push_record(r);
    }
    table::style(b.build()).to_string()
}

/// The terminal view: per-unit summary, items with a light, clues, common problems.
pub fn terminal(round: &str, l: &Ledger) -> String {
    let mut out = String::new();
    if l.has_items {
        out.push_str(&format!("{round}　整改台账（统计日期 {}）\n{}\n\n", l.today, summary(l)));
        out.push_str(&tabled(&UNIT_HEADER, l.units.iter().filter(|u| u.total > 0).map(unit_row)));
        out.push('\n');
        let att = attention(l);
        if !att.is_empty() {
            out.push_str(&format!(
                "\n需要督办的问题（{} 个，红灯逾期或整改不实，黄灯 10 天内到期，绿灯 20 天内到期）：\n",
                att.len()
            ));
            out.push_str(&tabled(&ITEM_HEADER, att.iter().map(|i| item_row(i, 30))));
            out.push('\n');
        }
    }
    if l.has_clues {
        out.push_str(&format!("\n问题线索台账：{} 件，逾期未反馈 {} 件\n", l.clues.len(), l.clues_overdue()));
        out.push_str(&tabled(&CLUE_HEADER, l.clues.iter().map(clue_row)));
        out.push('\n');
    }
    if !l.common.is_empty() {
        out.push_str("\n共性问题（多个单位存在的同类问题）：\n");
        out.push_str(&tabled(&COMMON_HEADER, l.common.iter().map(common_row)));
        out.push('\n');
    }
    for e in &l.errors {
        out.push_str(&format!("规则出错：{e}\n"));
    }
    out
}

/// The ledgers in Markdown; `level` is the depth of the title (1 on its own, 2 inside round.md).
pub fn markdown(round: &str, l: &Ledger, level: usize) -> String {
    let h = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let (title, sub) = ("#".repeat(level), "#".repeat(level + 1));
    let mut out = format!("{title} {round} 整改与线索\n");
    if l.has_items || l.has_clues {
        out.push_str(&format!("\n统计日期 {}。\n", l.today));
    }
    if l.has_items {
        out.push_str(&format!("\n{sub} 整改台账\n\n{}。\n\n", summary(l)));
        let rows: Vec<Vec<String>> = l.units.iter().filter(|u| u.total > 0).map(unit_row).collect();
        out.push_str(&markdown::table(&h(&UNIT_HEADER), &rows));
        let att: Vec<Vec<String>> = attention(l).iter().map(|i| item_row(i, 60)).collect();
        if !att.is_empty() {
            out.push_str(&format!("\n{sub} 需要督办的问题\n\n"));
            out.push_str(&markdown::table(&h(&ITEM_HEADER), &att));
        }
    }
    if l.has_clues {
        out.push_str(&format!(
            "\n{sub} 问题线索台账\n\n{} 件，逾期未反馈 {} 件。\n\n",
            l.clues.len(),
            l.clues_overdue()
        ));
        out.push_str(&markdown::table(&h(&CLUE_HEADER), &l.clues.iter().map(clue_row).collect::<Vec<_>>()));
    }
    if !l.common.is_empty() {
        out.push_str(&format!("\n{sub} 共性问题\n\n"));
        out.push_str(&markdown::table(&h(&COMMON_HEADER), &l.common.iter().map(common_row).collect::<Vec<_>>()));
    }
    out
}

/// One item as the JSON contract has it.
#[derive(Serialize)]
pub struct ItemJson<'a> {
    id: &'a str,
    unit: &'a str,
    problem: &'a str,
    kind: &'a str,
    deadline: &'a Option<String>,
    done_on: &'a Option<String>,
    state: State,
    light: Option<Light>,
    days_left: Option<i64>,
    reasons: &'a [String],
    origin: &'a str,
}

impl<'a> ItemJson<'a> {
    pub fn of(i: &'a ItemStatus) -> Self {
        Self {
            id: &i.item.id,
            unit: &i.item.unit,
            problem: &i.item.problem,
            kind: &i.item.kind,
            deadline: &i.item.deadline,
            done_on: &i.item.done_on,
            state: i.state,
            light: i.light,
            days_left: i.days_left,
            reasons: &i.reasons,
            origin: &i.item.origin,
        }
    }
}

#[derive(Serialize)]
pub struct ClueJson<'a> {
    id: &'a str,
    unit: &'a str,
    person: &'a str,
    rank: &'a str,
    handed_on: &'a Option<String>,
    handed_to: &'a str,
    disposal: &'a str,
    feedback_on: &'a Option<String>,
    result: &'a str,
    due: &'a Option<String>,
    overdue: bool,
    origin: &'a str,
}

impl<'a> ClueJson<'a> {
    pub fn of(c: &'a ClueStatus) -> Self {
        Self {
            id: &c.clue.id,
            unit: &c.clue.unit,
            person: &c.clue.person,
            rank: &c.clue.rank,
            handed_on: &c.clue.handed_on,
            handed_to: &c.clue.handed_to,
            disposal: &c.clue.disposal,
            feedback_on: &c.clue.feedback_on,
            result: &c.clue.result,
            due: &c.due,
            overdue: c.overdue,
            origin: &c.clue.origin,
        }
    }
}

/// The ledgers as JSON values (also embedded in round.json).
#[derive(Serialize)]
pub struct LedgerJson<'a> {
    today: &'a str,
    items: Vec<ItemJson<'a>>,
    clues: Vec<ClueJson<'a>>,
    units: Vec<&'a UnitRectification>,
    common: &'a [CommonProblem],
    rule_errors: Vec<String>,
}

impl<'a> LedgerJson<'a> {
    pub fn of(l: &'a Ledger) -> Self {
        Self {
            today: &l.today,
            items: l.items.iter().map(ItemJson::of).collect(),
            clues: l.clues.iter().map(ClueJson::of).collect(),
            units: l.units.iter().filter(|u| u.total > 0 || u.clues > 0).collect(),
            common: &l.common,
            rule_errors: l.errors.iter().map(ToString::to_string).collect(),
        }
    }
}

#[derive(Serialize)]
struct Json<'a> {
    #[serde(flatten)]
    header: crate::render::json::Header<'a>,
    round: &'a str,
    #[serde(flatten)]
    ledger: LedgerJson<'a>,
}

pub fn json(round: &str, l: &Ledger, pack: &Pack) -> String {
    let out = Json { header: crate::render::json::Header::of(pack), round, ledger: LedgerJson::of(l) };
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}

/// 整改情况 sheet: every item with its state and light.
pub fn items_sheet(l: &Ledger) -> Sheet {
    let header = [
        "问题编号",
        "被巡察单位",
        "问题",
        "整改措施",
        "责任领导",
        "责任人",
        "整改类型",
        "整改时限",
        "完成情况",
        "完成时间",
        "佐证材料",
        "状态",
        "预警",
        "剩余天数",
        "说明",
    ];
    let rows = l
        .items
        .iter()
        .map(|i| {
            let t = |s: &str| Cell::from(s);
            vec![
                t(&i.item.id),
                t(&i.item.unit),
                t(&i.item.problem),
                t(&i.item.measures),
                t(&i.item.leader),
                t(&i.item.owner),
                t(&i.item.kind),
                i.item.deadline.as_deref().into(),
                t(&i.item.progress),
                i.item.done_on.as_deref().into(),
                t(&i.item.evidence),
                t(i.state.label()),
                t(light(i.light)),
                if i.state == State::Closed { Cell::Empty } else { i.days_left.map(|d| d as f64).into() },
                t(&i.reasons.join("；")),
            ]
        })
        .collect();
    Sheet { name: "整改情况".into(), header: header.map(String::from).to_vec(), rows }
}

/// 整改汇总 sheet: one row per unit with items.
pub fn units_sheet(l: &Ledger) -> Sheet {
    let rows = l
        .units
        .iter()
        .filter(|u| u.total > 0)
        .map(|u| {
            vec![
                u.unit.as_str().into(),
                u.group.as_str().into(),
                u.total.into(),
                u.closed.into(),
                u.in_progress.into(),
                u.overdue.into(),
                u.unfounded.into(),
                u.rate.map(|r| crate::util::number::round1(r * 100.0)).into(),
                lights(u).into(),
                u.report_due.as_deref().into(),
                card(u).into(),
            ]
        })
        .collect();
    let mut header = UNIT_HEADER.map(String::from).to_vec();
    header[7] = "销号率（%）".into();
    Sheet { name: "整改汇总".into(), header, rows }
}

pub fn clues_sheet(l: &Ledger) -> Sheet {
    let rows = l.clues.iter().map(|c| clue_row(c).into_iter().map(Cell::from).collect()).collect();
    Sheet { name: "线索台账".into(), header: CLUE_HEADER.map(String::from).to_vec(), rows }
}

pub fn common_sheet(l: &Ledger) -> Sheet {
    let rows = l
        .common
        .iter()
        .map(|c| {
            let mut r: Vec<Cell> = common_row(c).into_iter().map(Cell::from).collect();
            r[1] = c.units.len().into();
            r
        })
        .collect();
    Sheet { name: "共性问题".into(), header: COMMON_HEADER.map(String::from).to_vec(), rows }
}

/// The 整改与线索 section of the round page.
pub fn page_section(l: &Ledger) -> Option<crate::render::html::Rectification> {
    use crate::render::html::{ITEMS_SHOWN, Rectification, Table};
    if !l.has_items && !l.has_clues && l.common.is_empty() {
        return None;
    }
    let head = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let attention = attention(l);
    let open_clues: Vec<Vec<String>> = l.clues.iter().filter(|c| c.clue.feedback_on.is_none()).map(clue_row).collect();
    Some(Rectification {
        today: l.today.clone(),
        summary: if l.has_items { summary(l) } else { String::new() },
        units: Table {
            header: head(&UNIT_HEADER),
            rows: l.units.iter().filter(|u| u.total > 0).map(unit_row).collect(),
        },
        attention_hidden: attention.len().saturating_sub(ITEMS_SHOWN),
        attention: Table {
            header: head(&ITEM_HEADER),
            rows: attention.iter().take(ITEMS_SHOWN).map(|i| item_row(i, 60)).collect(),
        },
        clue_summary: if l.has_clues {
            format!(
                "移交问题线索 {} 件，已反馈 {} 件，逾期未反馈 {} 件；下表为尚未反馈的线索",
                l.clues.len(),
                l.clues.len() - open_clues.len(),
                l.clues_overdue()
            )
        } else {
            String::new()
        },
        clues: Table { header: head(&CLUE_HEADER), rows: open_clues },
        common: Table { header: head(&COMMON_HEADER), rows: l.common.iter().map(common_row).collect() },
    })
}

/// The sheets a round's workbook gets from its ledgers (none when it keeps no ledger and has
/// no common problem).
pub fn sheets(l: &Ledger) -> Vec<Sheet> {
    let mut out = Vec::new();
    if l.has_items {
        out.push(units_sheet(l));
        out.push(items_sheet(l));
    }
    if l.has_clues {
        out.push(clues_sheet(l));
    }
    if !l.common.is_empty() {
        out.push(common_sheet(l));
    }
    out
}

/// The blank 整改台账 `ledger init` writes: the columns the reader expects, one row per
/// fed-back problem, ready for the unit to fill in.
pub fn template(items: &[RectItem]) -> Sheet {
    let header = [
        "问题编号",
        "被巡察单位",
        "问题",
        "整改措施",
        "责任领导",
        "责任人",
        "整改类型",
        "整改时限",
        "阶段性目标",
        "完成情况",
        "完成时间",
        "佐证材料",
    ];
    let rows = items
        .iter()
        .map(|i| {
            let mut r: Vec<Cell> = vec![i.id.as_str().into(), i.unit.as_str().into(), i.problem.as_str().into()];
            r.resize(header.len(), Cell::Empty);
            r
        })
        .collect();
    Sheet { name: "整改台账".into(), header: header.map(String::from).to_vec(), rows }
}
