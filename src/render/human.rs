//! The terminal view of `check`: diagnostics, then the score preview and a summary line.

use crate::assess::report::ReportEvaluation;
use crate::model::outcome::{RuleOutcome, Severity};
use crate::pack::Pack;
use crate::render::diagnostics::{self, fmt_points};
use crate::render::table;

pub fn check_report(eval: &ReportEvaluation, pack: &Pack, framework: &str, trace: bool, color: bool) -> String {
    let doc = &eval.analysis.doc;
    let mut out = diagnostics::render(eval, pack, color);
    for (rule, err) in eval.run.errors() {
        out.push_str(&format!("规则出错[{rule}]：{err}\n（其余规则照常运行）\n\n"));
    }
    if trace {
        out.push_str(&trace_table(eval));
        out.push('\n');
    }
    let title = doc.title.as_deref().map(|t| format!("《{t}》")).unwrap_or_default();
    let genre = eval.analysis.genre;
    // A 巡察报告 reads as before; other genres are named.
    let genre_note =
        if genre == crate::analysis::genre::Genre::Report { String::new() } else { format!("文种：{genre}；") };
    out.push_str(&format!(
        "{}{title}：约 {} 字，{genre_note}识别出 {} 个问题条目；监督重点框架：{framework}\n",
        doc.path,
        doc.char_count(doc.whole()),
        doc.problems.len()
    ));
    let s = &eval.score;
    let complete = s.criteria.iter().all(|c| c.assessed) && s.ungraded.is_none();
    out.push_str(&if complete { table::score_preview(eval) } else { partial_preview(eval) });
    out.push('\n');
    let count = |s: Severity| eval.run.findings.iter().filter(|f| f.severity == s && f.waived.is_none()).count();
    let veto = if s.vetoed { "，一票否决" } else { "" };
    let outcome = match &s.ungraded {
        _ if complete => format!("预计得分 {} 分（{}{veto}）", fmt_points(s.total), s.grade),
        Some(why) if s.max == 0.0 => format!("未评分：{why}{veto}"),
        Some(why) => {
            format!("已评估部分得分 {} / {} 分，不评定等次：{why}{veto}", fmt_points(s.total), fmt_points(s.max))
        }
        None => format!("预计得分 {} / {} 分（{}{veto}）", fmt_points(s.total), fmt_points(s.max), s.grade),
    };
    out.push_str(&format!(
        "共 {} 个错误、{} 个警告、{} 个提示。{outcome}。\n\n",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    ));
    out
}

/// The score preview when some criteria could not be assessed (未评估): they score nothing and
/// are left out of the maximum.
fn partial_preview(eval: &ReportEvaluation) -> String {
    let mut b = tabled::builder::Builder::default();
    b.push_record(["评分指标", "满分", "得分", "扣分", "扣分原因"]);
    for c in &eval.score.criteria {
        if !c.assessed {
            b.push_record([
                c.name.clone(),
                fmt_points(c.max),
                "未评估".into(),
                "—".into(),
                "没有适用的规则能评估，不计入满分".into(),
            ]);
            continue;
        }
        let reasons: Vec<String> = eval
            .run
            .findings
            .iter()
            .filter(|f| f.criterion.as_deref() == Some(c.id.as_str()) && f.waived.is_none() && f.points > 0.0)
            .map(|f| format!("{} -{}", f.rule, fmt_points(f.points)))
            .collect();
        let lost = if c.lost > 0.0 { format!("-{}", fmt_points(c.lost)) } else { "0".into() };
        b.push_record([c.name.clone(), fmt_points(c.max), fmt_points(c.score), lost, reasons.join("；")]);
    }
    let s = &eval.score;
    let grade = if s.grade.is_empty() { "未评定".to_owned() } else { s.grade.clone() };
    b.push_record([
        "合计（已评估）".into(),
        fmt_points(s.max),
        fmt_points(s.total),
        if s.max > s.total { format!("-{}", fmt_points(s.max - s.total)) } else { "0".into() },
        format!("等次：{grade}{}", if s.vetoed { "（一票否决）" } else { "" }),
    ]);
    table::style(b.build())
}

fn trace_table(eval: &ReportEvaluation) -> String {
    let mut b = tabled::builder::Builder::default();
    b.push_record(["规则", "结果", "扣分", "命中词（领域:次数）", "耗时"]);
    for t in &eval.run.traces {
        let detail = match &t.outcome {
            RuleOutcome::NotApplicable { reason } => format!("（{reason}）"),
            _ => String::new(),
        };
        let areas = t.areas.iter().map(|(a, n)| format!("{a}:{n}")).collect::<Vec<_>>().join(" ");
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

/// The terminal view of `score`: ranking, flags, judges, waivers and the point-loss details.
pub fn score_view(score: &crate::assess::ranking::RoundScore, pack: &Pack) -> String {
    let mut out = format!("{}　报告评分排名（监督重点框架：{}）\n", score.round, score.framework);
    out.push_str(&table::ranking(score));
    out.push('\n');
    let flagged: Vec<_> = score.entries.iter().filter(|e| e.attention().next().is_some()).collect();
    if !flagged.is_empty() {
        out.push_str("\n需要关注：\n");
        for e in flagged {
            for f in e.attention() {
                out.push_str(&format!("  · {}：{f}\n", e.unit.name));
            }
        }
    }
    if let Some(j) = &score.judges {
        out.push_str(&format!("\n评委：{} 人（{}）", j.judges.len(), j.file));
        if let Some(w) = j.agreement {
            out.push_str(&format!("；评分一致性（肯德尔和谐系数 W）{:.2}", w));
        }
        out.push_str(&format!(
            "。综合得分 = 规则得分 × {} + 评委得分 × {}；评委满 {} 人时去掉最高分和最低分。\n",
            pack.config.judges.rules_weight,
            crate::util::number::round1(1.0 - pack.config.judges.rules_weight),
            pack.config.judges.trim_from
        ));
        for e in &score.entries {
            for f in e.flags.iter().filter(|f| !f.needs_attention()) {
                out.push_str(&format!("  · 回避：{}：{f}\n", e.unit.name));
            }
        }
    } else {
        out.push_str("\n未提供评委评分表（judges.csv 或 judges.xlsx），综合得分即规则得分。\n");
    }
    out.push_str(&waiver_lines(&score.waivers));
    out.push_str("\n扣分明细（xuncha score 目录 --explain 单位 查看单份报告的全部问题）：\n");
    for row in score.loss_rows(&pack.config.rubric) {
        let status = match &row.waived {
            Some(w) => format!("已豁免：{w}"),
            None if row.points > 0.0 => format!("-{}", fmt_points(row.points)),
            None => "一票否决".into(),
        };
        out.push_str(&format!(
            "  {}．{}　{}　{}　{}：{}（{}）\n",
            row.rank,
            row.unit,
            row.criterion,
            status,
            crate::render::round::rule_title(pack, &row.rule),
            row.message,
            row.place
        ));
    }
    out
}

pub fn waiver_lines(w: &crate::model::waiver::WaiverReport) -> String {
    let mut out = String::new();
    for (waiver, n) in &w.applied {
        out.push_str(&format!(
            "豁免：{} 的 {}，{} 处（{}，{}批准）\n",
            waiver.unit, waiver.rule, n, waiver.reason, waiver.approved_by
        ));
    }
    for waiver in &w.expired {
        out.push_str(&format!(
            "豁免已过期（{}）：{} 的 {}，未予适用\n",
            waiver.expires.as_deref().unwrap_or(""),
            waiver.unit,
            waiver.rule
        ));
    }
    for waiver in &w.unused {
        out.push_str(&format!("豁免未使用：{} 的 {} 没有对应的问题，可以撤销\n", waiver.unit, waiver.rule));
    }
    out
}

/// `score --explain`: one report's diagnostics, score preview and judges' panel.
pub fn explain_entry(
    e: &crate::assess::ranking::Entry,
    pack: &Pack,
    framework: &str,
    trace: bool,
    color: bool,
) -> String {
    let mut out = format!(
        "第 {} 名　{}（{}，组长 {}）　综合得分 {}（{}）\n\n",
        e.rank,
        e.unit.name,
        e.unit.group,
        e.leader,
        fmt_points(e.final_score),
        e.grade
    );
    out.push_str(&check_report(&e.eval, pack, framework, trace, color));
    if let Some(p) = &e.panel {
        let mut b = tabled::builder::Builder::default();
        b.push_record(["评委", "得分", "说明"]);
        for s in &p.scores {
            let note = if s.recused {
                "回避，不计入"
            } else if s.trimmed {
                "去掉的最高或最低分"
            } else {
                ""
            };
            b.push_record([s.judge.clone(), fmt_points(s.score), note.into()]);
        }
        out.push_str(&format!(
            "评委现场评分：均分 {}，去掉最高最低分后 {}，最高与最低相差 {}\n{}\n",
            fmt_points(p.mean),
            fmt_points(p.trimmed_mean),
            fmt_points(p.spread),
            table::style(b.build())
        ));
    }
    for f in &e.flags {
        out.push_str(&format!("需要关注：{f}\n"));
    }
    out
}
