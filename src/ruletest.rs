//! `xuncha rules test`: the pack's own test cases (`tests/**/*.toml`), in the spirit of semgrep's
//! ruleid/ok annotations and `opa test`.
//!
//! A case file names one rule and lists cases, each an inline report text with what the rule
//! should do on it: fire (`expect = "fail"`), stay quiet (`"pass"`) or step aside (`"na"`).
//! A firing case may also say where the finding points: `line = 5` (the line of the case text its
//! first span starts on) and `quote = "……"` (text that span covers).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::analysis::UnitContext;
use crate::assess::report::evaluate_report;
use crate::engine::Setup;
use crate::model::outcome::RuleOutcome;
use crate::model::round::Round;
use crate::model::signal::{Origin, Signal, SignalKind, SourceFile, Text};
use crate::pack::{PackError, RuleKind};
use crate::util::toml_errors::{line_col, translate_toml};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    rule: String,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    expect: Expect,
    /// The report (report and divergence cases).
    #[serde(default)]
    text: String,
    /// Points the rule should take off.
    #[serde(default)]
    points: Option<f64>,
    /// A substring one of the rule's messages should contain.
    #[serde(default)]
    message: Option<String>,
    /// The line of `text` (1 = its first line) where a finding's first span starts.
    #[serde(default)]
    line: Option<usize>,
    /// Text that a finding's first span covers (the whole of it or a part).
    #[serde(default)]
    quote: Option<String>,
    /// Framework for this case (id or name).
    #[serde(default)]
    framework: Option<String>,
    /// The case documents a known gap; it is reported, not run.
    #[serde(default)]
    todo: Option<String>,
    /// Divergence and weight cases: the signals about the unit.
    #[serde(default)]
    signals: Vec<CaseSignal>,
    /// Divergence cases: the unit's top leader (一把手).
    #[serde(default)]
    top_leader: String,
    /// Matching cases: what the report does with the first signal (covered, explained, missed,
    /// positive — or 已反映, 已说明, 未反映, 正面).
    #[serde(default)]
    status: Option<String>,
    /// Weight cases: the weight the first signal should get.
    #[serde(default)]
    weight: Option<f64>,
    /// Cadre cases: the cadre, in the fields of cadres.toml.
    #[serde(default)]
    cadre: Option<toml::Table>,
    /// Cadre cases: conduct events.
    #[serde(default)]
    events: Vec<toml::Table>,
    /// Cadre cases: the group's mean report score, mean divergence, and whether the leader is flagged.
    #[serde(default)]
    group_report_score: Option<f64>,
    #[serde(default)]
    group_divergence: Option<f64>,
    #[serde(default)]
    leader_flagged: bool,
    /// Ledger cases: the day the ledger is judged on.
    #[serde(default)]
    today: Option<String>,
    /// Ledger cases: one 整改台账 row, in the fields of `RectItem` (deadline, progress, …).
    #[serde(default)]
    item: Option<toml::Table>,
    /// Ledger cases (`ledger/unit-card`): the unit's rows.
    #[serde(default)]
    items: Vec<toml::Table>,
    /// Ledger cases: one 线索台账 row, in the fields of `Clue`.
    #[serde(default)]
    clue: Option<toml::Table>,
    /// Ledger cases: the round's 反馈日期.
    #[serde(default)]
    feedback: Option<String>,
    /// Ledger cases: the verdict — a state (已销号 …), a light (绿/黄/红/无), 逾期/未逾期, a
    /// due date, or a card (红牌/黄牌/无).
    #[serde(default)]
    returns: Option<String>,
    /// Ledger cases (`ledger/clue-due`): the due date.
    #[serde(default)]
    due: Option<String>,
    /// Progress cases: the group's latest row (talks, visits, documents, problems …; none: the
    /// group has reported nothing), and the round's start and end (`today` is the day).
    #[serde(default)]
    row: Option<toml::Table>,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    end: Option<String>,
    /// Staff cases: the pool member, in the fields of the pool (name, unit, recent_units,
    /// relatives, career, last_units, last_band …).
    #[serde(default)]
    person: Option<toml::Table>,
    /// Staff cases: the unit to be inspected (name, kind, top_leader); none: serving at all.
    #[serde(default)]
    inspected: Option<toml::Table>,
    /// Staff cases: 组长 or 组员 (default 组员).
    #[serde(default)]
    role: Option<String>,
    /// Rectification-report cases: the problems fed back to the unit.
    #[serde(default)]
    fed_back: Vec<CaseProblem>,
    /// Rectification-report cases: how many of them the 整改台账 has closed (none: no ledger).
    #[serde(default)]
    closed: Option<usize>,
}

/// A fed-back problem written inline in a case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseProblem {
    id: String,
    problem: String,
}

/// A signal written inline in a case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseSignal {
    id: String,
    /// 信访举报 / 舆情 / 领导掌握
    kind: String,
    text: String,
    #[serde(default)]
    person: Option<String>,
    #[serde(default)]
    signed: Option<bool>,
    #[serde(default)]
    repeated: Option<bool>,
    #[serde(default)]
    polarity: Option<f64>,
    #[serde(default)]
    heat: Option<f64>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    areas: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    Fail,
    Pass,
    Na,
}

impl Expect {
    fn label(self) -> &'static str {
        match self {
            Self::Fail => "应触发",
            Self::Pass => "应通过",
            Self::Na => "应不适用",
        }
    }
}

/// How one case went.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    pub file: String,
    pub rule: String,
    pub name: String,
    pub expect: Expect,
    /// None when passed; the reason otherwise.
    pub failure: Option<String>,
    pub todo: Option<String>,
}

/// Per rule: does any case make it fire, does any case make it pass.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub rule: String,
    pub firing: usize,
    pub passing: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TestReport {
    pub results: Vec<CaseResult>,
    pub coverage: Vec<Coverage>,
}

impl TestReport {
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.todo.is_none() && r.failure.is_none()).count()
    }
    pub fn failed(&self) -> usize {
        self.results.iter().filter(|r| r.todo.is_none() && r.failure.is_some()).count()
    }
    pub fn todo(&self) -> usize {
        self.results.iter().filter(|r| r.todo.is_some()).count()
    }
    /// Rules lacking a firing or a passing case.
    pub fn uncovered(&self) -> impl Iterator<Item = &Coverage> {
        self.coverage.iter().filter(|c| c.firing == 0 || c.passing == 0)
    }
}

/// Runs every case of the pack in `setup`. Errors are only for unreadable case files.
pub fn run(setup: &Setup) -> Result<TestReport, PackError> {
    let pack = &setup.engine.pack;
    let mut results = Vec::new();
    for (file, text) in &pack.tests {
        let parsed: CaseFile = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            PackError::Toml {
                file: format!("{}/{file}", pack.origin),
                line,
                column,
                detail: translate_toml(e.message()),
            }
        })?;
        let Some(rule) = pack.rule(&parsed.rule) else {
            let ids = pack.rules.iter().map(|r| r.id.as_str());
            return Err(PackError::Invalid {
                file: format!("{}/{file}", pack.origin),
                detail: format!(
                    "测试用例针对的规则 {} 不存在{}",
                    parsed.rule,
                    crate::util::suggest::suggest(&parsed.rule, ids)
                ),
            });
        };
        for case in parsed.cases {
            let failure = if case.todo.is_some() { None } else { run_case(setup, &parsed.rule, rule.kind, &case) };
            results.push(CaseResult {
                file: file.clone(),
                rule: parsed.rule.clone(),
                name: case.name,
                expect: case.expect,
                failure,
                todo: case.todo,
            });
        }
    }
    let coverage = pack
        .rules
        .iter()
        .filter(|r| r.config.enabled)
        .map(|r| {
            let ok = |e: Expect| results.iter().filter(|c| c.rule == r.id && c.expect == e && c.todo.is_none()).count();
            if matches!(
                r.kind,
                RuleKind::Weight | RuleKind::Match | RuleKind::Ledger | RuleKind::Staff | RuleKind::Progress
            ) {
                // A weight or matching script has no pass or fail: any case covers it.
                let n = results.iter().filter(|c| c.rule == r.id && c.todo.is_none()).count();
                return Coverage { rule: r.id.clone(), firing: n, passing: n };
            }
            Coverage { rule: r.id.clone(), firing: ok(Expect::Fail), passing: ok(Expect::Pass) + ok(Expect::Na) }
        })
        .collect();
    Ok(TestReport { results, coverage })
}

const CASE_UNIT: &str = "测试单位";

fn case_signals(case: &Case) -> Result<Vec<Signal>, String> {
    let unit: Arc<str> = Arc::from(CASE_UNIT);
    let file = Arc::new(SourceFile {
        path: format!("用例“{}”的信号", case.name), id_column: "id".into(), items: true
    });
    case.signals
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let kind = match s.kind.as_str() {
                "信访举报" => SignalKind::Tipoff,
                "舆情" => SignalKind::Sentiment,
                "领导掌握" => SignalKind::Known,
                other => return Err(format!("信号 {} 的 kind “{other}”应为 信访举报、舆情 或 领导掌握", s.id)),
            };
            let texts = [
                (Text::Id, Some(s.id.as_str())),
                (Text::Person, s.person.as_deref()),
                (Text::Category, s.category.as_deref()),
                (Text::Text, Some(s.text.as_str())),
            ];
            let origin = Origin { file: file.clone(), row: u32::try_from(i + 1).unwrap_or(u32::MAX) };
            let mut signal = Signal::new(kind, unit.clone(), origin, &texts);
            signal.signed = s.signed;
            signal.repeated = s.repeated;
            signal.polarity = s.polarity;
            signal.heat = s.heat;
            signal.declared_areas = s.areas.clone();
            Ok(signal)
        })
        .collect()
}

fn run_case(setup: &Setup, rule: &str, kind: RuleKind, case: &Case) -> Option<String> {
    if kind == RuleKind::Ledger {
        // Ledger rules judge ledger rows, not a report.
        return run_ledger_case(setup, rule, case).err();
    }
    if kind == RuleKind::Staff {
        return run_staff_case(setup, rule, case).err();
    }
    if kind == RuleKind::Progress {
        return run_progress_case(setup, rule, case).err();
    }
    let framework = match &case.framework {
        Some(key) => match setup.engine.framework(key) {
            Some(f) => f,
            None => return Some(format!("没有监督重点框架“{key}”")),
        },
        None => setup.framework.clone(),
    };
    // Cadre cases have no report: a placeholder title keeps the pipeline uniform.
    let text =
        if kind == RuleKind::Cadre && case.text.trim().is_empty() { "干部评估用例" } else { case.text.as_str() };
    let doc = match crate::read::report::parse_report(
        case.name.clone(),
        "txt",
        text.as_bytes(),
        &setup.engine.pack.config.structure,
    ) {
        Ok(d) => d,
        Err(e) => return Some(format!("用例文本无法读取：{e}")),
    };
    let fed_back = (!case.fed_back.is_empty()).then(|| crate::model::ledger::FedBack {
        problems: case.fed_back.iter().map(|p| (p.id.clone(), p.problem.clone())).collect(),
        source: if case.closed.is_some() { "整改台账" } else { "巡察报告" }.into(),
        closed: case.closed,
    });
    let unit =
        UnitContext { unit: CASE_UNIT.into(), top_leader: case.top_leader.clone(), fed_back, ..Default::default() };
    let eval = evaluate_report(&setup.engine, doc, unit, &framework);
    let analysis = eval.analysis.clone();
    let run = match kind {
        RuleKind::Report => eval.run,
        RuleKind::Divergence | RuleKind::Weight | RuleKind::Match => {
            let signals = match case_signals(case) {
                Ok(s) => s,
                Err(e) => return Some(e),
            };
            let d = match crate::assess::divergence::diverge_signals(
                setup,
                &Round::single(CASE_UNIT, &case.top_leader),
                std::slice::from_ref(&eval),
                signals,
            ) {
                Ok(d) => d,
                Err(e) => return Some(format!("用例信号有误：{e}")),
            };
            if kind == RuleKind::Match {
                if let Some(e) = d.weight_errors.first() {
                    return Some(format!("规则出错：{e}"));
                }
                let Some(s) = d.units.first().and_then(|u| u.signals.first()) else {
                    return Some("事项比对用例至少要有一条信号".into());
                };
                let Some(want) = &case.status else {
                    return Some("事项比对用例需要写明 status（covered、explained、missed 或 positive）".into());
                };
                let got = serde_json::to_value(s.status).ok().and_then(|v| v.as_str().map(str::to_owned));
                return if got.as_deref() == Some(want.as_str()) || s.status.label() == want {
                    None
                } else {
                    Some(format!("期望 {want}，实际 {}（{}）", s.status.label(), got.unwrap_or_default()))
                };
            }
            if kind == RuleKind::Weight {
                if let Some(e) = d.weight_errors.first() {
                    return Some(format!("规则出错：{e}"));
                }
                let got = d.units.first().and_then(|u| u.signals.first()).map(|s| s.weight);
                return match (case.weight, got) {
                    (Some(want), Some(got)) if (want - got).abs() > 0.01 => {
                        Some(format!("期望权重 {want}，实际 {got:.3}"))
                    }
                    (Some(_), Some(_)) => None,
                    (None, _) => Some("权重用例需要写明 weight（期望的权重）".into()),
                    (_, None) => Some("权重用例至少要有一条信号".into()),
                };
            }
            d.units.into_iter().next().map(|u| u.run).unwrap_or_default()
        }
        RuleKind::Ledger => return run_ledger_case(setup, rule, case).err(),
        RuleKind::Staff => return run_staff_case(setup, rule, case).err(),
        RuleKind::Progress => return run_progress_case(setup, rule, case).err(),
        RuleKind::Cadre => {
            let Some(cfg) = &setup.engine.pack.config.cadre else {
                return Some("规则包没有 [cadre] 设置".into());
            };
            let Some(table) = case.cadre.clone() else { return Some("干部评估用例需要 [cases.cadre]".into()) };
            let cadre = match crate::read::cadres::from_case(table, case.events.clone(), cfg) {
                Ok(c) => c,
                Err(e) => return Some(format!("用例中的干部信息有误：{e}")),
            };
            let facts = crate::assess::cadre::GroupFacts {
                report_mean: case.group_report_score,
                divergence_mean: case.group_divergence,
                leader_flagged: case.leader_flagged,
            };
            crate::assess::cadre::run_rules(setup, &cadre, cfg, &facts)
        }
    };
    let Some(trace) = run.traces.iter().find(|t| t.rule == rule) else {
        return Some("规则未运行（可能已被停用）".into());
    };
    let got = match &trace.outcome {
        RuleOutcome::Error { error } => return Some(format!("规则出错：{error}")),
        RuleOutcome::Pass => Expect::Pass,
        RuleOutcome::Fail { .. } => Expect::Fail,
        RuleOutcome::NotApplicable { .. } => Expect::Na,
    };
    let findings: Vec<_> = run.findings.iter().filter(|f| f.rule == rule).collect();
    if got != case.expect {
        let said = findings.first().map(|f| format!("：{}", f.message)).unwrap_or_default();
        return Some(format!("期望{}，实际{}{said}", case.expect.label(), trace.outcome.label()));
    }
    if let Some(points) = case.points {
        if (trace.points - points).abs() > 1e-6 {
            return Some(format!("期望扣 {points} 分，实际扣 {} 分", trace.points));
        }
    }
    if let Some(needle) = &case.message {
        if !findings.iter().any(|f| f.message.contains(needle.as_str())) {
            return Some(format!("没有一条提示包含“{needle}”"));
        }
    }
    if case.line.is_some() || case.quote.is_some() {
        if case.expect != Expect::Fail {
            return Some("只有 expect = \"fail\" 的用例可以写 line 或 quote（指向的位置）".into());
        }
        let places: Vec<Place> = findings
            .iter()
            .filter(|f| case.message.as_ref().is_none_or(|m| f.message.contains(m.as_str())))
            .map(|f| Place::of(&analysis.doc, f.spans.first().copied()))
            .collect();
        return check_place(case.line, case.quote.as_deref(), &places);
    }
    None
}

/// A ledger case: the rows judged as `xuncha ledger` judges them, and the verdict of `rule`
/// compared with `returns` (and `due`, `message`).
fn run_ledger_case(setup: &Setup, rule: &str, case: &Case) -> Result<(), String> {
    use crate::assess::ledger::{self, LedgerInput};
    use crate::model::ledger::{Clue, RectItem};
    let today = case.today.as_deref().ok_or("整改与线索用例需要写明 today（统计日期）")?;
    let want = case.returns.as_deref().ok_or("整改与线索用例需要写明 returns（期望的结果）")?;
    let row = |t: &toml::Table| -> Result<RectItem, String> {
        let mut item: RectItem = t.clone().try_into().map_err(|e| format!("用例中的整改台账行有误：{e}"))?;
        if item.unit.is_empty() {
            item.unit = CASE_UNIT.into();
        }
        Ok(item)
    };
    let mut items = case.items.iter().map(row).collect::<Result<Vec<_>, _>>()?;
    items.extend(case.item.iter().map(row).collect::<Result<Vec<_>, _>>()?);
    let clues = match &case.clue {
        Some(t) => {
            let mut c: Clue = t.clone().try_into().map_err(|e| format!("用例中的线索台账行有误：{e}"))?;
            c.unit = CASE_UNIT.into();
            vec![c]
        }
        None => Vec::new(),
    };
    let mut round = Round::single(CASE_UNIT, "");
    round.file.round.feedback = case.feedback.clone();
    let ledgers = crate::model::ledger::Ledgers { rectification: Some(items), clues: Some(clues) };
    let l = ledger::assess(setup, &round, LedgerInput { ledgers, problems: &[], today });
    if let Some(e) = l.errors.first() {
        return Err(format!("规则出错：{e}"));
    }
    let none = || "无".to_owned();
    let (got, said): (String, Vec<String>) = match rule {
        "ledger/state" | "ledger/light" => {
            let i = l.items.first().ok_or("用例需要 [cases.item]")?;
            let got = if rule == "ledger/state" {
                i.state.label().to_owned()
            } else {
                i.light.map_or_else(none, |x| x.label().to_owned())
            };
            (got, i.reasons.clone())
        }
        "ledger/clue-due" => {
            let c = l.clues.first().ok_or("用例需要 [cases.clue]")?;
            if let Some(due) = &case.due {
                if c.due.as_ref() != Some(due) {
                    return Err(format!("期望反馈期限 {due}，实际 {}", c.due.clone().unwrap_or_else(none)));
                }
            }
            ((if c.overdue { "逾期" } else { "未逾期" }).to_owned(), Vec::new())
        }
        "ledger/report-due" => (l.units[0].report_due.clone().unwrap_or_else(none), Vec::new()),
        _ => {
            let card = l.units[0].card.clone();
            (card.as_ref().map_or_else(none, |c| c.0.clone()), card.map(|c| c.1).into_iter().collect())
        }
    };
    if got != want {
        let why = said.first().map(|s| format!("（{s}）")).unwrap_or_default();
        return Err(format!("期望 {want}，实际 {got}{why}"));
    }
    match &case.message {
        Some(m) if !said.iter().any(|s| s.contains(m.as_str())) => {
            Err(format!("原因中没有“{m}”，实际：{}", if said.is_empty() { none() } else { said.join("；") }))
        }
        _ => Ok(()),
    }
}

/// A staff case: the reason `rule` gives against the person for the unit, compared with
/// `returns` ("无", or words the reason should contain).
fn run_staff_case(setup: &Setup, rule: &str, case: &Case) -> Result<(), String> {
    use crate::assess::staff::{Candidate, MEMBER, person_map, unit_map};
    let want = case.returns.as_deref().ok_or("组队回避用例需要写明 returns（“无”或原因中的词）")?;
    let table = case.person.clone().ok_or("组队回避用例需要 [cases.person]")?;
    let person: Candidate = table.try_into().map_err(|e| format!("用例中的人员有误：{e}"))?;
    let unit = match &case.inspected {
        Some(t) => {
            let mut t = t.clone();
            for (k, v) in [("kind", "县直单位"), ("group", "第一巡察组"), ("report", "")] {
                t.entry(k).or_insert_with(|| toml::Value::String(v.into()));
            }
            Some(t.try_into::<crate::model::round::Unit>().map_err(|e| format!("用例中的单位有误：{e}"))?)
        }
        None => None,
    };
    let role = case.role.as_deref().unwrap_or(MEMBER);
    let said: Vec<String> = setup
        .engine
        .staff_reasons(&person_map(&person, role), unit.as_ref().map(unit_map).as_ref())
        .into_iter()
        .filter(|(id, _)| id == rule)
        .map(|(_, r)| r.map_err(|e| format!("规则出错：{e}")))
        .collect::<Result<_, _>>()?;
    match (want, said.first()) {
        ("无", None) => Ok(()),
        ("无", Some(s)) => Err(format!("期望无需回避，实际：{s}")),
        (_, None) => Err(format!("期望回避（{want}），实际无需回避")),
        (w, Some(s)) if s.contains(w) => Ok(()),
        (w, Some(s)) => Err(format!("原因中没有“{w}”，实际：{s}")),
    }
}

/// A progress case: the flag `rule` raises for the group's row on `today`, compared with
/// `returns` ("无", or words the flag should contain).
fn run_progress_case(setup: &Setup, rule: &str, case: &Case) -> Result<(), String> {
    use crate::assess::progress::{Calendar, rule_inputs};
    use crate::model::progress::ProgressRow;
    let want = case.returns.as_deref().ok_or("巡中调度用例需要写明 returns（“无”或提示中的词）")?;
    let (Some(start), Some(end), Some(today)) = (&case.start, &case.end, &case.today) else {
        return Err("巡中调度用例需要写明 start、end 和 today".into());
    };
    let calendar = Calendar::new(start, end, today).ok_or("start、end、today 应为日期，如 2027-03-01")?;
    let row = match &case.row {
        Some(t) => {
            let mut row: ProgressRow = t.clone().try_into().map_err(|e| format!("用例中的进度行有误：{e}"))?;
            if row.date.is_empty() {
                row.date = today.clone();
            }
            Some(row)
        }
        None => None,
    };
    let inputs = rule_inputs("第一巡察组", row.as_ref(), &calendar, &setup.engine.pack.config.progress);
    let flags: Vec<String> = setup
        .engine
        .reasons(RuleKind::Progress, &inputs)
        .into_iter()
        .filter(|(id, _)| id == rule)
        .map(|(_, r)| r.map_err(|e| format!("规则出错：{e}")))
        .collect::<Result<_, _>>()?;
    match (want, flags.first()) {
        ("无", None) => Ok(()),
        ("无", Some(s)) => Err(format!("期望无提示，实际：{s}")),
        (_, None) => Err(format!("期望提示（{want}），实际无提示")),
        (w, Some(s)) if s.contains(w) => Ok(()),
        (w, Some(s)) => Err(format!("提示中没有“{w}”，实际：{s}")),
    }
}

/// Where a finding points: the line its first span starts on, and the text it covers.
#[derive(Debug, Clone, PartialEq)]
struct Place {
    line: Option<usize>,
    text: String,
}

impl Place {
    fn of(doc: &crate::model::document::Document, span: Option<crate::model::document::Span>) -> Self {
        match span {
            Some(s) => Self { line: Some(doc.locate(s.start).line), text: doc.slice(s).to_owned() },
            None => Self { line: None, text: String::new() },
        }
    }

    fn describe(&self) -> String {
        let Some(line) = self.line else { return "没有指向报告中的位置".into() };
        let first = self.text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
        let short: String = first.chars().take(24).collect();
        let more = if short.len() < first.len() || first.len() < self.text.trim().len() { "……" } else { "" };
        format!("第 {line} 行“{short}{more}”")
    }
}

/// Passes when one of the findings' places has the line and covers the quote; otherwise says
/// what was expected and where the findings point.
fn check_place(line: Option<usize>, quote: Option<&str>, places: &[Place]) -> Option<String> {
    let fits = |p: &Place| {
        line.is_none_or(|l| p.line == Some(l)) && quote.is_none_or(|q| p.line.is_some() && p.text.contains(q))
    };
    if places.iter().any(fits) {
        return None;
    }
    let mut want = Vec::new();
    if let Some(l) = line {
        want.push(format!("第 {l} 行"));
    }
    if let Some(q) = quote {
        want.push(format!("含“{q}”的原文"));
    }
    let got = if places.is_empty() {
        "没有符合条件的提示".to_owned()
    } else {
        places.iter().map(Place::describe).collect::<Vec<_>>().join("；")
    };
    Some(format!("期望提示指向{}，实际指向：{got}", want.join("、")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, text: &str) -> Place {
        Place { line: Some(line), text: text.into() }
    }

    #[test]
    fn place_matches_line_and_quote() {
        let places = [at(3, "二、发现的主要问题\n1.会议记录不规范。"), at(7, "三、意见建议")];
        assert_eq!(check_place(Some(3), None, &places), None);
        assert_eq!(check_place(None, Some("会议记录不规范"), &places), None);
        assert_eq!(check_place(Some(7), Some("意见建议"), &places), None);
    }

    #[test]
    fn wrong_line_or_quote_fails_in_chinese() {
        let places = [at(3, "二、发现的主要问题\n1.会议记录不规范。")];
        let wrong_line = check_place(Some(4), None, &places).unwrap();
        assert_eq!(wrong_line, "期望提示指向第 4 行，实际指向：第 3 行“二、发现的主要问题……”");
        let wrong_quote = check_place(None, Some("财务制度"), &places).unwrap();
        assert!(wrong_quote.starts_with("期望提示指向含“财务制度”的原文，实际指向：第 3 行"), "{wrong_quote}");
        // Line and quote must hold for the same finding.
        let split = [at(3, "甲"), at(5, "乙")];
        assert!(check_place(Some(3), Some("乙"), &split).is_some());
        let nowhere = check_place(Some(1), None, &[Place { line: None, text: String::new() }]).unwrap();
        assert!(nowhere.ends_with("没有指向报告中的位置"), "{nowhere}");
    }
}
