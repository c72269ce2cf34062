//! Judges' on-site scores (评委现场评分): reading the table.

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::judges::{JudgeScore, JudgeSheet};
use crate::model::round::Round;
use crate::pack::Rubric;
use crate::read::table::{self, Field, Schema, TableError};

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

/// Reads `judges.csv|xlsx`: every score in range, every report known, no judge twice on a report.
pub fn read(path: &Path, round: &Round, rubric: &Rubric) -> Result<JudgeSheet, TableError> {
    let table = table::read(path, &schema(rubric), &round.file.columns)?;
    let mut raw: BTreeMap<String, Vec<JudgeScore>> = BTreeMap::new();
    let mut judges: Vec<String> = Vec::new();
    for rec in &table.records {
        let judge =
            rec.get(&table, "judge").ok_or_else(|| table.cell_error(rec.row, "judge", "评委姓名为空"))?.to_owned();
        let written = rec.get(&table, "unit").ok_or_else(|| table.cell_error(rec.row, "unit", "单位为空"))?;
        let unit = round.match_unit(written).ok_or_else(|| {
            table.cell_error(rec.row, "unit", format!("“{written}”不是本轮的被巡察单位{}", round.suggest_unit(written)))
        })?;
        let score = table.number(rec, "score")?.ok_or_else(|| table.cell_error(rec.row, "score", "得分为空"))?;
        if !(0.0..=rubric.total).contains(&score) {
            return Err(table.cell_error(rec.row, "score", format!("得分 {score} 超出范围（0～{}）", rubric.total)));
        }
        let mut criteria = Vec::new();
        for (header, value) in &rec.extra {
            if value.is_empty() {
                continue;
            }
            let Some(c) = rubric.criteria.values().find(|c| &c.name == header) else {
                continue;
            };
            let v = crate::util::number::parse_number(value)
                .ok_or_else(|| table.row_error(rec.row, format!("“{header}”列的“{value}”不是数字")))?;
            if !(0.0..=c.max).contains(&v) {
                return Err(table.row_error(rec.row, format!("“{header}”列的 {v} 分超出该项满分 {}", c.max)));
            }
            criteria.push((header.clone(), v));
        }
        let list = raw.entry(unit.name.clone()).or_default();
        if let Some(prev) = list.iter().find(|s| s.judge == judge) {
            return Err(
                table.row_error(rec.row, format!("评委“{judge}”对“{}”重复评分（第{}行已有一条）", unit.name, prev.row))
            );
        }
        let recused = round.group(&unit.group).is_some_and(|g| g.has_person(&judge));
        if !judges.contains(&judge) {
            judges.push(judge.clone());
        }
        list.push(JudgeScore { judge, score, criteria, recused, trimmed: false, row: rec.row });
    }
    Ok(JudgeSheet { file: table.path, judges, scores: raw })
}
