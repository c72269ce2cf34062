//! Markdown output: tables a secretary can paste into a document or a wiki.

use crate::assess::ranking::RoundScore;
use crate::pack::Pack;
use crate::render::diagnostics::fmt_points;

/// Escapes the characters that would break a table cell.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_cell(&mut out, s);
    out
}

/// Appends `s` escaped as [`cell`] escapes it, copying the stretches between the characters
/// it replaces (both are ASCII, so every byte offset found is a character boundary).
fn push_cell(out: &mut String, s: &str) {
    let mut from = 0;
    for (at, b) in s.bytes().enumerate() {
        if b == b'|' || b == b'\n' {
            out.push_str(&s[from..at]);
            out.push_str(if b == b'|' { "\\|" } else { " " });
            from = at + 1;
        }
    }
    out.push_str(&s[from..]);
}

/// Appends one table row, `| a | b |`: a large table is written row by row into its page
/// rather than gathered first.
pub fn push_row<S: AsRef<str>>(out: &mut String, cells: impl IntoIterator<Item = S>) {
    out.push_str("| ");
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push_str(" | ");
        }
        push_cell(out, c.as_ref());
    }
    out.push_str(" |\n");
}

/// Appends a table's header row and the line under it.
pub fn push_header<S: AsRef<str>>(out: &mut String, header: &[S]) {
    push_row(out, header);
    out.push('|');
    out.push_str(&"---|".repeat(header.len()));
    out.push('\n');
}

pub fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    push_header(&mut out, header);
    for r in rows {
        push_row(&mut out, r);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_bars_and_line_breaks_in_any_text() {
        assert_eq!(cell("甲|乙\n丙"), "甲\\|乙 丙");
        assert_eq!(cell("|\n|"), "\\| \\|");
        assert_eq!(cell("无需转义"), "无需转义");
        let header = ["单位".to_owned(), "摘要".to_owned()];
        let rows =
            vec![vec!["青山镇".to_owned(), "低保|优亲厚友\n多次反映".to_owned()], vec![String::new(), "—".to_owned()]];
        assert_eq!(
            table(&header, &rows),
            "| 单位 | 摘要 |\n|---|---|\n| 青山镇 | 低保\\|优亲厚友 多次反映 |\n|  | — |\n"
        );
    }
}
