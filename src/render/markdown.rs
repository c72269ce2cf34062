//! Markdown output: tables a secretary can paste into a document or a wiki.

use crate::assess::ranking::RoundScore;
use crate::pack::Pack;
use crate::render::diagnostics::fmt_points;

/// Escapes the characters that would break a table cell.
pub fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n", header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for r in rows {
        out.push_str(&format!("| {} |\n", r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")));
    }
    out
}

/// The ranking table, flags and point-loss details.
pub fn ranking_table(s: &RoundScore) -> String {
    let mut header: Vec<String> = ["名次", "被巡察单位", "巡察组", "组长"].map(String::from).to_vec();
    if let Some(e) = s.entries.first() {
        header.extend(e.rules().criteria.iter().map(|c| format!("{}（{}）", c.name, fmt_points(c.max))));
    }
    header.extend(["规则得分", "评委得分", "综合得分", "等次", "偏离度"].map(String::from));
    let rows: Vec<Vec<String>> = s
        .entries
        .iter()
        .map(|e| {
            let mut r = vec![e.rank.to_string(), e.unit.name.clone(), e.unit.group.clone(), e.leader.clone()];
            r.extend(e.rules().criteria.iter().map(|c| fmt_points(c.score)));
            r.push(fmt_points(e.rules().total));
            r.push(e.panel.as_ref().map_or("—".into(), |p| fmt_points(crate::util::number::round1(p.trimmed_mean))));
            r.push(fmt_points(e.final_score));
            r.push(if e.rules().vetoed { format!("{}（一票否决）", e.grade) } else { e.grade.to_string() });
            r.push(e.divergence.map_or("—".into(), fmt_points));
            r
        })
        .collect();
    table(&header, &rows)
}

pub fn loss_table(s: &RoundScore, pack: &Pack) -> String {
    let rows: Vec<Vec<String>> = s
        .loss_rows(&pack.config.rubric)
        .into_iter()
        .map(|r| {
            let points = match &r.waived {
                Some(w) => format!("已豁免（{w}）"),
                None if r.points > 0.0 => format!("-{}", fmt_points(r.points)),
                None => "一票否决".into(),
            };
            let rule = crate::render::round::rule_title(pack, &r.rule);
            vec![r.rank.to_string(), r.unit, r.criterion, points, rule, r.message, r.place]
        })
        .collect();
    let header = ["名次", "被巡察单位", "评分指标", "扣分", "规则", "原因", "位置"].map(String::from);
    table(&header, &rows)
}

pub fn score(s: &RoundScore, pack: &Pack) -> String {
    let mut out = format!(
        "# {} 报告评分\n\n监督重点框架：{}。规则包：{} {}（{}）。\n\n",
        s.round, s.framework, pack.config.name, pack.config.version, pack.hash
    );
    out.push_str("## 排名\n\n");
    out.push_str(&ranking_table(s));
    let flags: Vec<String> =
        s.entries.iter().flat_map(|e| e.attention().map(move |f| format!("- {}：{f}", e.unit.name))).collect();
    if !flags.is_empty() {
        out.push_str(&format!("\n## 需要关注\n\n{}\n", flags.join("\n")));
    }
    if let Some(j) = &s.judges {
        out.push_str(&format!("\n## 评委\n\n{} 位评委：{}。", j.judges.len(), j.judges.join("、")));
        if let Some(w) = j.agreement {
            out.push_str(&format!("评分一致性（肯德尔和谐系数 W）：{w:.2}。"));
        }
        out.push('\n');
        let recused: Vec<String> = s
            .entries
            .iter()
            .flat_map(|e| {
                e.flags.iter().filter(|f| !f.needs_attention()).map(move |f| format!("- {}：{f}", e.unit.name))
            })
            .collect();
        if !recused.is_empty() {
            out.push_str(&format!("\n回避：\n\n{}\n", recused.join("\n")));
        }
    }
    let waivers = crate::render::human::waiver_lines(&s.waivers);
    if !waivers.is_empty() {
        out.push_str(&format!("\n## 豁免\n\n{}", waivers.lines().map(|l| format!("- {l}\n")).collect::<String>()));
    }
    out.push_str("\n## 扣分明细\n\n");
    out.push_str(&loss_table(s, pack));
    out
}
