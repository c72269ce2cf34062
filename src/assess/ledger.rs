//! After the report: the rectification ledger's states and lights, the clue ledger's due dates,
//! a card per unit, and problems common to many units (集中交办). The judgements are the pack's
//! `ledger/` rules; this module computes their inputs (days left, vague wording, figures) and
//! gathers their answers.

use std::collections::HashMap;

use rhai::{Dynamic, Map};
use serde::Serialize;

use crate::analysis::lexicon::Lexicon;
use crate::engine::Setup;
use crate::model::ledger::{Clue, Ledgers, RectItem};
use crate::model::outcome::RuleError;
use crate::model::round::Round;
use crate::util::date::days_between;
use crate::util::text::Folded;

/// One state per item, in this order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum State {
    #[serde(rename = "已销号")]
    Closed,
    #[serde(rename = "整改不实")]
    Unfounded,
    #[serde(rename = "逾期")]
    Overdue,
    #[serde(rename = "整改中")]
    InProgress,
}

impl State {
    pub const ALL: [State; 4] = [State::Closed, State::Unfounded, State::Overdue, State::InProgress];

    pub fn label(self) -> &'static str {
        match self {
            Self::Closed => "已销号",
            Self::Unfounded => "整改不实",
            Self::Overdue => "逾期",
            Self::InProgress => "整改中",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.label() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Light {
    #[serde(rename = "绿")]
    Green,
    #[serde(rename = "黄")]
    Yellow,
    #[serde(rename = "红")]
    Red,
}

impl Light {
    pub fn label(self) -> &'static str {
        match self {
            Self::Green => "绿",
            Self::Yellow => "黄",
            Self::Red => "红",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [Self::Green, Self::Yellow, Self::Red].into_iter().find(|x| x.label() == s)
    }
}

/// A 整改台账 row judged on `today`.
#[derive(Debug, Clone, Serialize)]
pub struct ItemStatus {
    pub item: RectItem,
    pub state: State,
    pub light: Option<Light>,
    /// Days to 整改时限 (negative when past); None without a deadline.
    pub days_left: Option<i64>,
    /// Why the item is in its state (整改不实: what is missing).
    pub reasons: Vec<String>,
}

/// A 线索台账 row judged on `today`.
#[derive(Debug, Clone, Serialize)]
pub struct ClueStatus {
    pub clue: Clue,
    /// 反馈期限.
    pub due: Option<String>,
    pub overdue: bool,
}

/// One unit's rectification on `today`.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRectification {
    pub unit: String,
    pub group: String,
    pub total: usize,
    pub closed: usize,
    pub unfounded: usize,
    pub overdue: usize,
    pub in_progress: usize,
    /// Lights among open items: (绿, 黄, 红).
    pub lights: (usize, usize, usize),
    /// closed / total; None without items.
    pub rate: Option<f64>,
    /// 整改情况报告 due date, from the round's feedback date.
    pub report_due: Option<String>,
    pub report_days_left: Option<i64>,
    /// 红牌 / 黄牌 and why.
    pub card: Option<(String, String)>,
    pub clues: usize,
    pub clues_overdue: usize,
}

/// A kind of problem found in several units.
#[derive(Debug, Clone, Serialize)]
pub struct CommonProblem {
    pub topic: String,
    pub departments: Vec<String>,
    /// (unit, problem) in round order.
    pub items: Vec<(String, String)>,
    /// Distinct units, in round order.
    pub units: Vec<String>,
    /// Enough units to propose 集中交办 / 专项治理.
    pub proposed: bool,
}

/// The round's ledgers judged on `today`.
#[derive(Debug, Clone, Serialize)]
pub struct Ledger {
    pub today: String,
    /// The round has a 整改台账 / 线索台账.
    pub has_items: bool,
    pub has_clues: bool,
    pub items: Vec<ItemStatus>,
    pub clues: Vec<ClueStatus>,
    pub units: Vec<UnitRectification>,
    pub common: Vec<CommonProblem>,
    /// Ledger rules that failed; the item keeps a plain verdict and the run goes on.
    pub errors: Vec<RuleError>,
}

impl Ledger {
    pub fn count(&self, state: State) -> usize {
        self.items.iter().filter(|i| i.state == state).count()
    }

    pub fn clues_overdue(&self) -> usize {
        self.clues.iter().filter(|c| c.overdue).count()
    }
}

/// What the ledgers are judged from. `problems` are the report items of the round, (unit, text),
/// for 共性问题.
pub struct LedgerInput<'a> {
    pub ledgers: Ledgers,
    pub problems: &'a [(String, String)],
    pub today: &'a str,
}

fn opt(v: &Option<String>) -> Dynamic {
    v.clone().map_or(Dynamic::UNIT, Dynamic::from)
}

fn opt_int(v: Option<i64>) -> Dynamic {
    v.map_or(Dynamic::UNIT, Dynamic::from_int)
}

/// The map `ledger/state` and `ledger/light` see.
fn item_map(item: &RectItem, days_left: Option<i64>, lexicon: &Lexicon) -> Map {
    let folded = Folded::new(&item.progress);
    let vague_area = lexicon.area_index("vague");
    let vague: rhai::Array = lexicon
        .scan_folded(&folded)
        .iter()
        .filter(|h| Some(h.area) == vague_area)
        .map(|h| Dynamic::from(lexicon.term(h.term).to_owned()))
        .collect();
    let figures = crate::analysis::figures::scan(&folded).len() as i64;
    let squash = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    let repeats = !item.measures.is_empty() && squash(&item.progress) == squash(&item.measures);
    let mut m = Map::new();
    for (k, v) in [
        ("id", &item.id),
        ("unit", &item.unit),
        ("kind", &item.kind),
        ("problem", &item.problem),
        ("measures", &item.measures),
        ("progress", &item.progress),
        ("evidence", &item.evidence),
        ("milestone", &item.milestone),
        ("leader", &item.leader),
        ("owner", &item.owner),
    ] {
        m.insert(k.into(), v.clone().into());
    }
    m.insert("deadline".into(), opt(&item.deadline));
    m.insert("done_on".into(), opt(&item.done_on));
    m.insert("days_left".into(), opt_int(days_left));
    m.insert("vague".into(), vague.into());
    m.insert("figures".into(), Dynamic::from_int(figures));
    m.insert("repeats_measures".into(), repeats.into());
    m
}

fn clue_map(c: &Clue) -> Map {
    let mut m = Map::new();
    for (k, v) in [
        ("id", &c.id),
        ("unit", &c.unit),
        ("person", &c.person),
        ("rank", &c.rank),
        ("handed_to", &c.handed_to),
        ("disposal", &c.disposal),
        ("result", &c.result),
    ] {
        m.insert(k.into(), v.clone().into());
    }
    m.insert("handed_on".into(), opt(&c.handed_on));
    m.insert("feedback_on".into(), opt(&c.feedback_on));
    m
}

/// Runs `ledger/<name>`; a failure is recorded and gives None.
fn ask(setup: &Setup, name: &str, errors: &mut Vec<RuleError>, bind: impl FnOnce(&mut rhai::Scope)) -> Option<Dynamic> {
    match setup.engine.ledger_value(&format!("ledger/{name}"), bind)? {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

fn wrong(setup: &Setup, name: &str, wanted: &str, got: &Dynamic) -> RuleError {
    let file = setup
        .engine
        .rules
        .iter()
        .find(|r| r.source.id == format!("ledger/{name}"))
        .map_or_else(|| format!("ledger/{name}.rhai"), |r| r.source.file.clone());
    RuleError {
        file,
        line: None,
        column: None,
        message: format!("应返回{wanted}，却返回了 {got}（{}）", got.type_name()),
    }
}

fn text_of(v: &Dynamic) -> Option<String> {
    v.clone().into_immutable_string().ok().map(|s| s.to_string())
}

/// Judges one 整改台账 row on `today`.
pub fn judge_item(setup: &Setup, item: RectItem, today: &str, errors: &mut Vec<RuleError>) -> ItemStatus {
    let days_left = item.deadline.as_deref().and_then(|d| days_between(today, d));
    let mut map = item_map(&item, days_left, &setup.engine.lexicon);
    let (state, reasons) = match ask(setup, "state", errors, |s| {
        s.push_constant("item", map.clone());
        s.push_constant("today", today.to_owned());
    }) {
        None => (if item.done_on.is_some() { State::Closed } else { State::InProgress }, Vec::new()),
        Some(v) => {
            let m = v.clone().try_cast::<Map>();
            let state = m.as_ref().and_then(|m| m.get("state")).and_then(text_of).and_then(|s| State::parse(&s));
            match state {
                Some(state) => {
                    let reasons = m
                        .and_then(|m| m.get("reasons").cloned())
                        .and_then(|r| r.try_cast::<rhai::Array>())
                        .map(|a| a.iter().map(|d| d.to_string()).collect())
                        .unwrap_or_default();
                    (state, reasons)
                }
                None => {
                    errors.push(wrong(
                        setup,
                        "state",
                        " #{ state: \"已销号|整改不实|逾期|整改中\", reasons: [...] }",
                        &v,
                    ));
                    (State::InProgress, Vec::new())
                }
            }
        }
    };
    map.insert("state".into(), state.label().into());
    let light = ask(setup, "light", errors, |s| {
        s.push_constant("item", map);
        s.push_constant("today", today.to_owned());
    })
    .and_then(|v| {
        if v.is_unit() {
            return None;
        }
        let light = text_of(&v).and_then(|s| Light::parse(&s));
        if light.is_none() {
            errors.push(wrong(setup, "light", " \"绿\"、\"黄\"、\"红\" 或 ()", &v));
        }
        light
    });
    ItemStatus { item, state, light, days_left, reasons }
}

/// Judges one 线索台账 row on `today`.
pub fn judge_clue(setup: &Setup, clue: Clue, today: &str, errors: &mut Vec<RuleError>) -> ClueStatus {
    let map = clue_map(&clue);
    let answer = ask(setup, "clue-due", errors, |s| {
        s.push_constant("clue", map);
        s.push_constant("today", today.to_owned());
    });
    let m = answer.as_ref().and_then(|v| v.clone().try_cast::<Map>());
    if let (Some(v), None) = (&answer, &m) {
        errors.push(wrong(setup, "clue-due", " #{ due: 日期, overdue: true/false }", v));
    }
    let due = m.as_ref().and_then(|m| m.get("due")).and_then(text_of);
    let overdue = m.as_ref().and_then(|m| m.get("overdue")).and_then(|v| v.as_bool().ok()).unwrap_or(false);
    ClueStatus { clue, due, overdue }
}

fn unit_summary(
    setup: &Setup,
    round: &Round,
    unit: &crate::model::round::Unit,
    items: &[ItemStatus],
    clues: &[ClueStatus],
    today: &str,
    errors: &mut Vec<RuleError>,
) -> UnitRectification {
    let own: Vec<&ItemStatus> = items.iter().filter(|i| i.item.unit == unit.name).collect();
    let count = |s: State| own.iter().filter(|i| i.state == s).count();
    let light = |l: Light| own.iter().filter(|i| i.light == Some(l)).count();
    let total = own.len();
    let closed = count(State::Closed);
    let rate = (total > 0).then(|| closed as f64 / total as f64);
    let mut m = Map::new();
    m.insert("name".into(), unit.name.clone().into());
    m.insert("feedback".into(), opt(&round.file.round.feedback));
    let report_due = ask(setup, "report-due", errors, |s| {
        s.push_constant("unit", m.clone());
        s.push_constant("today", today.to_owned());
    })
    .and_then(|v| text_of(&v));
    let report_days_left = report_due.as_deref().and_then(|d| days_between(today, d));
    let mut summary = UnitRectification {
        unit: unit.name.clone(),
        group: unit.group.clone(),
        total,
        closed,
        unfounded: count(State::Unfounded),
        overdue: count(State::Overdue),
        in_progress: count(State::InProgress),
        lights: (light(Light::Green), light(Light::Yellow), light(Light::Red)),
        rate,
        report_due,
        report_days_left,
        card: None,
        clues: clues.iter().filter(|c| c.clue.unit == unit.name).count(),
        clues_overdue: clues.iter().filter(|c| c.clue.unit == unit.name && c.overdue).count(),
    };
    if total == 0 {
        return summary;
    }
    for (k, v) in [
        ("total", summary.total),
        ("closed", summary.closed),
        ("in_progress", summary.in_progress),
        ("overdue", summary.overdue),
        ("fake", summary.unfounded),
    ] {
        m.insert(k.into(), Dynamic::from_int(v as i64));
    }
    m.insert("rate".into(), rate.map_or(Dynamic::UNIT, Dynamic::from_float));
    m.insert("report_due".into(), opt(&summary.report_due));
    m.insert("report_days_left".into(), opt_int(report_days_left));
    let card = ask(setup, "unit-card", errors, |s| {
        s.push_constant("unit", m);
        s.push_constant("today", today.to_owned());
    });
    summary.card = match card {
        Some(v) if v.is_unit() => None,
        Some(v) => {
            let m = v.clone().try_cast::<Map>();
            let get = |k: &str| m.as_ref().and_then(|m| m.get(k)).and_then(text_of);
            match get("card") {
                Some(card) => Some((card, get("reason").unwrap_or_default())),
                None => {
                    errors.push(wrong(setup, "unit-card", " #{ card: \"红牌|黄牌\", reason: 原因 } 或 ()", &v));
                    None
                }
            }
        }
        None => None,
    };
    summary
}

/// Groups the round's problem items by the pack's common-problem topics.
pub fn common_problems(setup: &Setup, round: &Round, problems: &[(String, String)]) -> Vec<CommonProblem> {
    let cfg = &setup.engine.pack.config.ledger;
    // Looked up, not searched: a round of 2,000 units has tens of thousands of items to sort.
    // Collected in reverse, so a name listed twice keeps its first place.
    let positions: HashMap<&str, usize> =
        round.file.units.iter().enumerate().rev().map(|(i, u)| (u.name.as_str(), i)).collect();
    let order = |u: &str| positions.get(u).copied().unwrap_or(usize::MAX);
    let mut out = Vec::new();
    for topic in &cfg.topics {
        let items: Vec<(String, String)> = problems
            .iter()
            .filter(|(_, text)| topic.terms.iter().any(|t| text.contains(t.as_str())))
            .cloned()
            .collect();
        let mut units: Vec<String> = items.iter().map(|(u, _)| u.clone()).collect();
        units.sort_by_key(|u| order(u));
        units.dedup();
        if units.len() < 2 {
            continue;
        }
        out.push(CommonProblem {
            topic: topic.name.clone(),
            departments: topic.departments.clone(),
            proposed: units.len() >= cfg.common_min_units,
            items,
            units,
        });
    }
    // Widest first; the pack's order among equals.
    out.sort_by_key(|c| std::cmp::Reverse(c.units.len()));
    out
}

/// Judges the round's ledgers on `today`.
pub fn assess(setup: &Setup, round: &Round, input: LedgerInput) -> Ledger {
    let mut errors = Vec::new();
    let today = input.today;
    let Ledgers { rectification, clues } = input.ledgers;
    let (has_items, has_clues) = (rectification.is_some(), clues.is_some());
    let items: Vec<ItemStatus> =
        rectification.unwrap_or_default().into_iter().map(|i| judge_item(setup, i, today, &mut errors)).collect();
    let clues: Vec<ClueStatus> =
        clues.unwrap_or_default().into_iter().map(|c| judge_clue(setup, c, today, &mut errors)).collect();
    let units =
        round.file.units.iter().map(|u| unit_summary(setup, round, u, &items, &clues, today, &mut errors)).collect();
    // One message per failing script is enough: the same fault repeats on every row.
    errors.sort_by(|a, b| a.file.cmp(&b.file));
    errors.dedup_by(|a, b| a.file == b.file);
    let common = common_problems(setup, round, input.problems);
    Ledger { today: today.to_owned(), has_items, has_clues, items, clues, units, common, errors }
}

/// The 整改台账 rows `ledger init` pre-fills: one per problem item of each report, numbered by
/// the item's 底稿编号 where the report cites one (底稿第12号 → 底稿12), else 问题1, 问题2 … per unit.
pub fn template_items(evals: &[crate::assess::report::ReportEvaluation]) -> Vec<RectItem> {
    let mut out = Vec::new();
    for e in evals {
        let doc = &e.analysis.doc;
        let mut used = std::collections::HashSet::new();
        for (n, p) in doc.problems.iter().enumerate() {
            let text = doc.slice(p.span);
            let id = workpaper_number(text)
                .map(|d| format!("底稿{d}"))
                .filter(|id| used.insert(id.clone()))
                .unwrap_or_else(|| format!("问题{}", n + 1));
            used.insert(id.clone());
            let one_line: String = text.split_whitespace().collect::<Vec<_>>().join("");
            let problem = match one_line.char_indices().nth(MAX_PROBLEM_CHARS) {
                Some((cut, _)) => format!("{}……", &one_line[..cut]),
                None => one_line,
            };
            out.push(RectItem { id, unit: e.analysis.unit.unit.clone(), problem, ..Default::default() });
        }
    }
    out
}

/// A 问题 cell long enough to name the problem, short enough for a ledger row.
const MAX_PROBLEM_CHARS: usize = 300;

/// The first 底稿 number an item cites: 底稿第12号, 底稿12号, 底稿编号：12 (not 底稿36份, a count).
pub fn workpaper_number(text: &str) -> Option<u32> {
    text.match_indices("底稿").find_map(|(i, m)| {
        let rest = &text[i + m.len()..];
        let (rest, numbered) = match rest.strip_prefix("编号") {
            Some(r) => (r.trim_start_matches(['：', ':', ' ']), true),
            None => (rest.strip_prefix('第').unwrap_or(rest), false),
        };
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = &rest[digits.len()..];
        (numbered || after.starts_with('号')).then(|| digits.parse().ok()).flatten()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn workpaper_numbers_as_reports_cite_them() {
        assert_eq!(super::workpaper_number("……（底稿第12号、第13号）"), Some(12));
        assert_eq!(super::workpaper_number("见底稿编号：7"), Some(7));
        assert_eq!(super::workpaper_number("形成底稿36份"), None);
        assert_eq!(super::workpaper_number("底稿36份，其中底稿5号"), Some(5));
        assert_eq!(super::workpaper_number("没有底稿"), None);
    }
}
