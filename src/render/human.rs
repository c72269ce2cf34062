//! The terminal view of `check`: diagnostics, then the score preview and a summary line.

use crate::evaluate::ReportEvaluation;
use crate::outcome::{RuleOutcome, Severity};
use crate::pack::Pack;
use crate::render::diagnostics::{self, fmt_points};
use crate::render::table;

pub fn check_report(
    eval: &ReportEvaluation,
    pack: &Pack,
    framework: &str,
    trace: bool,
    color: bool,
) -> String {
    let doc = &eval.analysis.doc;
    let mut out = diagnostics::render(eval, pack, color);
    for (rule, err) in eval.run.errors() {
        out.push_str(&format!(
            "规则出错[{rule}]：{err}\n（其余规则照常运行）\n\n"
        ));
    }
    if trace {
        out.push_str(&trace_table(eval));
        out.push('\n');
    }
    let title = doc
        .title
        .as_deref()
        .map(|t| format!("《{t}》"))
        .unwrap_or_default();
    out.push_str(&format!(
        "{}{title}：约 {} 字，识别出 {} 个问题条目；监督重点框架：{framework}\n",
        doc.path,
        doc.char_count(doc.whole()),
        doc.problems.len()
    ));
    out.push_str(&table::score_preview(eval));
    out.push('\n');
    let count = |s: Severity| {
        eval.run
            .findings
            .iter()
            .filter(|f| f.severity == s && f.waived.is_none())
            .count()
    };
    let veto = if eval.score.vetoed {
        "，一票否决"
    } else {
        ""
    };
    out.push_str(&format!(
        "共 {} 个错误、{} 个警告、{} 个提示。预计得分 {} 分（{}{veto}）。\n\n",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
        fmt_points(eval.score.total),
        eval.score.grade
    ));
    out
}

fn trace_table(eval: &ReportEvaluation) -> String {
    let mut b = tabled::builder::Builder::default();
    b.push_record(["规则", "结果", "扣分", "命中词（领域:次数）", "耗时"]);
    for t in &eval.run.traces {
        let detail = match &t.outcome {
            RuleOutcome::NotApplicable { reason } => format!("（{reason}）"),
            _ => String::new(),
        };
        let areas = t
            .areas
            .iter()
            .map(|(a, n)| format!("{a}:{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        b.push_record([
            t.rule.clone(),
            format!("{}{detail}", t.outcome.label()),
            fmt_points(t.points),
            areas,
            format!("{:.2} ms", t.micros as f64 / 1000.0),
        ]);
    }
    table::style(b.build())
}
