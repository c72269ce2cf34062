//! Views of the rule pack for rule authors: `rules list`, `rules explain`, `rules test`.

use serde::Serialize;
use tabled::builder::Builder;

use crate::pack::{Pack, RuleSource};
use crate::render::diagnostics::fmt_points;
use crate::render::table;
use crate::ruletest::TestReport;

fn criterion_name(pack: &Pack, r: &RuleSource) -> String {
    let rubric = match (r.kind, &pack.config.cadre) {
        (crate::pack::RuleKind::Cadre, Some(c)) => &c.rubric,
        _ => &pack.config.rubric,
    };
    r.config.criterion.as_deref().and_then(|c| rubric.criteria.get(c)).map_or(String::new(), |c| c.name.clone())
}

pub fn list(pack: &Pack) -> String {
    let mut b = Builder::default();
    b.push_record(["规则编号", "类别", "级别", "评分指标", "名称"]);
    for r in &pack.rules {
        // Weight, matching, ledger, staff and progress scripts return a value, not findings:
        // they have no severity.
        use crate::pack::RuleKind as K;
        let verdict_only = matches!(r.kind, K::Weight | K::Match | K::Ledger | K::Staff | K::Progress);
        let mut severity = if verdict_only { "—" } else { r.config.severity.label() }.to_owned();
        if r.config.veto {
            severity.push_str("（否决）");
        }
        if !r.config.enabled {
            severity = "已停用".into();
        }
        b.push_record([r.id.clone(), r.kind.label().into(), severity, criterion_name(pack, r), r.doc.title.clone()]);
    }
    format!(
        "{} {}（{} 条规则，内容摘要 {}）\n{}\n用 xuncha rules explain 规则编号 查看规则说明。\n",
        pack.config.name,
        pack.config.version,
        pack.rules.len(),
        pack.hash,
        table::style(b.build())
    )
}

#[derive(Serialize)]
struct RuleJson<'a> {
    id: &'a str,
    kind: crate::pack::RuleKind,
    title: &'a str,
    summary: String,
    severity: crate::model::outcome::Severity,
    criterion: Option<&'a str>,
    enabled: bool,
    veto: bool,
}

pub fn list_json(pack: &Pack) -> String {
    let rules: Vec<RuleJson> = pack
        .rules
        .iter()
        .map(|r| RuleJson {
            id: &r.id,
            kind: r.kind,
            title: &r.doc.title,
            summary: r.doc.summary(),
            severity: r.config.severity,
            criterion: r.config.criterion.as_deref(),
            enabled: r.config.enabled,
            veto: r.config.veto,
        })
        .collect();
    let out = serde_json::json!({
        "schema_version": crate::render::json::SCHEMA_VERSION,
        "pack": crate::render::json::PackInfo::of(pack),
        "rules": rules,
    });
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}

pub fn explain(pack: &Pack, id: &str) -> Option<String> {
    let r = pack.rule(id)?;
    let mut out = format!("{}  {}\n\n", r.id, r.doc.title);
    for (heading, body) in &r.doc.sections {
        out.push_str(&format!("【{heading}】\n{body}\n\n"));
    }
    let c = &r.config;
    out.push_str(&format!("【设置】（{}）\n", settings_origin(r)));
    out.push_str(&format!("  级别：{}{}\n", c.severity.label(), if c.veto { "，一票否决" } else { "" }));
    if let Some(crit) = &c.criterion {
        out.push_str(&format!("  评分指标：{}（{crit}）\n", criterion_name(pack, r)));
    }
    if c.points > 0.0 {
        out.push_str(&format!("  每处扣分：{}\n", fmt_points(c.points)));
    }
    if let Some(m) = c.max_points {
        out.push_str(&format!("  最多扣分：{}\n", fmt_points(m)));
    }
    for (k, v) in &c.params {
        out.push_str(&format!("  参数 {k} = {v}\n"));
    }
    let used: Vec<String> = pack
        .areas
        .iter()
        .filter(|a| mentions(&r.script, &a.id) || c.params.values().any(|v| mentions(&v.to_string(), &a.id)))
        .map(|a| format!("{}（{}，{} 个词）", a.id, a.name, a.terms.len()))
        .collect();
    if !used.is_empty() {
        out.push_str(&format!("\n【所用词库领域】\n  {}\n", used.join("\n  ")));
    }
    out.push_str(&format!("\n【脚本】{}\n", r.file));
    Some(out)
}

/// Where the rule's settings are written: its `## 设置`, and which of them pack.toml overrides.
fn settings_origin(r: &RuleSource) -> String {
    let own = r.settings.as_ref().map(|s| {
        let whose = if s.inherited { "内置默认规则" } else { "" };
        format!("{whose}{} 开头的“## 设置”", r.file)
    });
    let over =
        r.overrides.as_ref().map(|o| format!("pack.toml 中的 [rules.\"{}\"] 覆盖了 {}", r.id, o.keys().join("、")));
    match (own, over) {
        (Some(own), Some(over)) => format!("{own}；{over}"),
        (Some(own), None) => own,
        (None, Some(_)) => format!("pack.toml 中的 [rules.\"{}\"]", r.id),
        (None, None) => "未设置，均为默认值".into(),
    }
}

/// The script or a parameter names this area as a quoted string.
fn mentions(text: &str, area: &str) -> bool {
    text.contains(&format!("\"{area}\""))
}

pub fn test_report(report: &TestReport) -> String {
    let mut out = String::new();
    let mut current = "";
    for r in &report.results {
        if r.rule != current {
            current = &r.rule;
            out.push_str(&format!("{current}（{}）\n", r.file));
        }
        let status = match (&r.todo, &r.failure) {
            (Some(_), _) => "待办",
            (None, None) => "通过",
            (None, Some(_)) => "失败",
        };
        out.push_str(&format!("  {status}  {}", r.name));
        match (&r.todo, &r.failure) {
            (Some(t), _) => out.push_str(&format!("（{t}）")),
            (None, Some(f)) => out.push_str(&format!("：{f}")),
            _ => {}
        }
        out.push('\n');
    }
    let gaps: Vec<_> = report.uncovered().collect();
    if !gaps.is_empty() {
        let mut b = Builder::default();
        b.push_record(["规则", "触发用例", "通过用例"]);
        for c in gaps {
            b.push_record([c.rule.clone(), c.firing.to_string(), c.passing.to_string()]);
        }
        out.push_str(&format!("\n以下规则的测试用例不全：\n{}\n", table::style(b.build())));
    }
    out.push('\n');
    let todo = if report.todo() > 0 { format!(", {} skipped", report.todo()) } else { String::new() };
    out.push_str(&format!("{} passed, {} failed{todo}\n", report.passed(), report.failed()));
    out
}
