//! Terminal tables (tabled), measured by display width so Chinese columns line up.

use tabled::Table;
use tabled::builder::Builder;
use tabled::settings::object::{Columns, Rows};
use tabled::settings::{Alignment, Modify, Style};

use crate::assess::report::ReportEvaluation;
use crate::model::outcome::Finding;
use crate::render::diagnostics::fmt_points;

/// The score a draft would get: one row per rubric criterion with the points lost and why.
pub fn score_preview(eval: &ReportEvaluation) -> String {
    let mut b = Builder::default();
    b.push_record(["评分指标", "满分", "得分", "扣分", "扣分原因"]);
    for c in &eval.score.criteria {
        let reasons = reasons(&eval.run.findings, &c.id);
        b.push_record([c.name.clone(), fmt_points(c.max), fmt_points(c.score), lost(c.lost), reasons]);
    }
    let veto = if eval.score.vetoed { "（一票否决）" } else { "" };
    b.push_record([
        "合计".into(),
        fmt_points(eval.score.max),
        fmt_points(eval.score.total),
        lost(eval.score.max - eval.score.total),
        format!("等次：{}{veto}", eval.score.grade),
    ]);
    let mut table = b.build();
    table.with(Modify::new(Columns::new(1..4)).with(Alignment::right()));
    style(table)
}

fn lost(points: f64) -> String {
    if points > 0.0 { format!("-{}", fmt_points(points)) } else { "0".into() }
}

/// "report/trivia -5；report/vague-wording -2" for one criterion, largest first.
fn reasons(findings: &[Finding], criterion: &str) -> String {
    let mut by_rule: Vec<(String, f64)> = Vec::new();
    for f in
        findings.iter().filter(|f| f.criterion.as_deref() == Some(criterion) && f.waived.is_none() && f.points > 0.0)
    {
        match by_rule.iter_mut().find(|(r, _)| *r == f.rule) {
            Some((_, p)) => *p += f.points,
            None => by_rule.push((f.rule.clone(), f.points)),
        }
    }
    by_rule.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    by_rule.iter().map(|(r, p)| format!("{r} -{}", fmt_points(*p))).collect::<Vec<_>>().join("；")
}

pub fn style(mut table: Table) -> String {
    table.with(Style::sharp()).with(Modify::new(Rows::first()).with(Alignment::center()));
    table.to_string()
}

/// The ranking of a scored round: one row per report.
pub fn ranking(score: &crate::assess::ranking::RoundScore) -> String {
    let mut b = Builder::default();
    let mut header: Vec<String> = ["名次", "被巡察单位", "巡察组", "组长"].map(String::from).to_vec();
    if let Some(first) = score.entries.first() {
        header.extend(first.rules().criteria.iter().map(|c| format!("{}({})", c.name, fmt_points(c.max))));
    }
    header.extend(["规则得分", "评委得分", "综合得分", "等次", "偏离度"].map(String::from));
    b.push_record(header);
    for e in &score.entries {
        let mut row = vec![e.rank.to_string(), e.unit.name.clone(), e.unit.group.clone(), e.leader.clone()];
        row.extend(e.rules().criteria.iter().map(|c| fmt_points(c.score)));
        row.push(fmt_points(e.rules().total));
        row.push(e.panel.as_ref().map_or("—".into(), |p| fmt_points(crate::util::number::round1(p.trimmed_mean))));
        row.push(fmt_points(e.final_score));
        row.push(if e.rules().vetoed { format!("{}（一票否决）", e.grade) } else { e.grade.to_string() });
        row.push(e.divergence.map_or("—".into(), fmt_points));
        b.push_record(row);
    }
    let mut table = b.build();
    let n = score.entries.first().map_or(0, |e| e.rules().criteria.len());
    table.with(Modify::new(Columns::new(4..4 + n + 3)).with(Alignment::right()));
    style(table)
}
