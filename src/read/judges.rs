//! Judges' on-site scores (评委现场评分): reading the table.

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::judges::{JudgeScore, JudgeSheet};
use crate::model::round::Round;
use crate::pack::Rubric;
use crate::read::table::{self, Faults, Field, Notices, Schema, TableError};

/// File names of the judges' table, tried in order.
pub const FILES: [&str; 3] = ["judges.xlsx", "judges.csv", "judges.xls"];

fn schema(rubric: &Rubric) -> Schema {
    Schema {
        name: "评委评分表",
        fields: vec![
            Field::required("judge", "评委", &["评委姓名", "评分人", "评审专家", "专家"]),
            Field::required("unit", "被巡察单位", &["报告", "单位", "被巡察党组织", "报告名称", "单位名称"]),
            Field::required("score", "得分", &["总分", "评分", "分数", "现场评分"]),
            Field::optional("seq", "序号", &["编号"]),
            Field::optional("note", "备注", &["说明"]),
        ],
        extra: rubric.criteria.values().map(|c| c.name.clone()).collect(),
    }
}

/// Reads `judges.csv|xlsx|xls`: every score in range, every report known, no judge twice on a
/// report. Every faulty cell is reported at once; a row about a unit outside the round is
/// skipped with a notice.
pub fn read(path: &Path, round: &Round, rubric: &Rubric, notes: &Notices) -> Result<JudgeSheet, TableError> {
    let table = table::read(path, &schema(rubric), &round.file.columns, notes)?;
    let mut faults = Faults::new(&table.path);
    let mut raw: BTreeMap<String, Vec<JudgeScore>> = BTreeMap::new();
    let mut judges: Vec<String> = Vec::new();
    let mut totals: Vec<(usize, f64)> = Vec::new();
    for rec in &table.records {
        let mut fault = |e: TableError| faults.push(e);
        let judge = rec.get(&table, "judge");
        if judge.is_none() {
            fault(table.cell_error(rec.row, "judge", "评委姓名为空"));
        }
        let Some(written) = rec.get(&table, "unit") else {
            fault(table.cell_error(rec.row, "unit", "单位为空"));
            continue;
        };
        let Some(unit) = round.match_unit(written) else {
            notes.row(
                &table.path,
                rec.row,
                format!("“{written}”不是本轮的被巡察单位{}，此行未读入", round.suggest_unit(written)),
            );
            continue;
        };
        let score = match table.number(rec, "score") {
            Ok(Some(s)) if (0.0..=rubric.total).contains(&s) => Some(s),
            Ok(Some(s)) => {
                fault(table.cell_error(rec.row, "score", format!("得分 {s} 超出范围（0～{}）", rubric.total)));
                None
            }
            Ok(None) => {
                fault(table.cell_error(rec.row, "score", "得分为空"));
                None
            }
            Err(e) => {
                fault(e);
                None
            }
        };
        let mut criteria = Vec::new();
        for (header, value) in &rec.extra {
            if value.is_empty() {
                continue;
            }
            let Some(c) = rubric.criteria.values().find(|c| &c.name == header) else {
                continue;
            };
            match crate::util::number::parse_number(value) {
                None => fault(table.row_error(rec.row, format!("“{header}”列的“{value}”不是数字"))),
                Some(v) if !(0.0..=c.max).contains(&v) => {
                    fault(table.row_error(rec.row, format!("“{header}”列的 {v} 分超出该项满分 {}", c.max)))
                }
                Some(v) => criteria.push((header.clone(), v)),
            }
        }
        let (Some(judge), Some(score)) = (judge, score) else { continue };
        let judge = judge.to_owned();
        let list = raw.entry(unit.name.clone()).or_default();
        if let Some(prev) = list.iter().find(|s| s.judge == judge) {
            fault(
                table.row_error(rec.row, format!("评委“{judge}”对“{}”重复评分（第{}行已有一条）", unit.name, prev.row)),
            );
            continue;
        }
        let recused = round.group(&unit.group).is_some_and(|g| g.has_person(&judge));
        if !judges.contains(&judge) {
            judges.push(judge.clone());
        }
        totals.push((rec.row, score));
        list.push(JudgeScore { judge, score, criteria, recused, trimmed: false, row: rec.row });
    }
    if let Some(message) = table::scale_notice(&totals, rubric.total, &table.column("score")) {
        notes.file(&table.path, message);
    }
    faults.finish(JudgeSheet { file: table.path.clone(), judges, scores: raw })
}
