//! Reading the round's ledgers: `整改台账.xlsx|csv` (alias `rectification.xlsx|csv`) and
//! `线索台账.xlsx|csv` (alias `clues.xlsx|csv`). Every faulty cell of a file is reported at once
//! (up to [`MAX_REPORTED`]), so a clerk fixes the sheet in one go.

use crate::model::ledger::{Clue, RECTIFY_KINDS, RectItem};
use crate::model::round::Round;
use crate::read::table::{self, Faults as CellFaults, Field, Notices, Record, Schema, Table, TableError};
use crate::util::date::parse_date;

/// File names tried, in order.
pub const RECTIFY_FILES: [&str; 6] =
    ["整改台账.xlsx", "整改台账.csv", "整改台账.xls", "rectification.xlsx", "rectification.csv", "rectification.xls"];
pub const CLUE_FILES: [&str; 6] =
    ["线索台账.xlsx", "线索台账.csv", "线索台账.xls", "clues.xlsx", "clues.csv", "clues.xls"];

pub fn rectify_schema() -> Schema {
    Schema {
        name: "整改台账",
        fields: vec![
            Field::required("id", "问题编号", &["编号", "序号", "底稿编号", "问题序号"]),
            Field::required("unit", "被巡察单位", &["单位", "整改单位", "被巡察党组织"]),
            Field::required("problem", "问题", &["反馈问题", "问题描述", "存在问题", "问题清单", "主要问题"]),
            Field::optional("measures", "整改措施", &["措施", "整改举措"]),
            Field::optional("leader", "责任领导", &["分管领导", "牵头领导"]),
            Field::optional("owner", "责任人", &["具体责任人", "责任单位（人）", "责任单位"]),
            Field::optional("deadline", "整改时限", &["完成时限", "整改期限", "时限"]),
            Field::optional("kind", "整改类型", &["类型", "整改方式"]),
            Field::optional("milestone", "阶段性目标", &["阶段目标"]),
            Field::optional("progress", "完成情况", &["整改情况", "整改进展", "进展情况", "整改完成情况"]),
            Field::optional("done_on", "完成时间", &["完成日期", "销号时间", "实际完成时间"]),
            Field::optional("evidence", "佐证材料", &["佐证", "佐证资料", "证明材料"]),
            Field::optional("note", "备注", &[]),
        ],
        extra: Vec::new(),
    }
}

pub fn clue_schema() -> Schema {
    Schema {
        name: "问题线索台账",
        fields: vec![
            Field::required("id", "线索编号", &["编号", "序号"]),
            Field::required("unit", "被巡察单位", &["单位", "涉及单位"]),
            Field::optional("person", "涉及人员", &["被反映人", "反映对象", "涉及对象"]),
            Field::optional("rank", "职级", &["职务", "职务职级"]),
            Field::optional("handed_on", "移交日期", &["移交时间"]),
            Field::optional("handed_to", "移交对象", &["移交单位", "移交部门"]),
            Field::optional("disposal", "处置方式", &["处置方式类别", "办理方式"]),
            Field::optional("feedback_on", "反馈日期", &["反馈时间", "办结日期"]),
            Field::optional("result", "办理结果", &["办理情况", "处理结果"]),
            Field::optional("summary", "线索摘要", &["问题线索", "主要问题", "反映问题"]),
            Field::optional("note", "备注", &[]),
            // Informant data: recognised only to be dropped, never kept.
            Field::private("informant", "举报人", &["反映人", "信访人", "举报人姓名"]),
            Field::private("phone", "联系电话", &["电话", "手机号", "联系方式"]),
            Field::private("id_number", "身份证号", &["身份证号码", "证件号码"]),
            Field::private("address", "家庭住址", &["住址", "联系地址"]),
        ],
        extra: Vec::new(),
    }
}

/// Cell faults of a ledger, with the checks ledgers share (dates, units, required cells).
struct Faults<'t> {
    table: &'t Table,
    cells: CellFaults,
}

impl<'t> Faults<'t> {
    fn new(table: &'t Table) -> Self {
        Self { table, cells: CellFaults::new(&table.path) }
    }

    fn add(&mut self, row: usize, key: &str, detail: String) {
        self.cells.push(self.table.cell_error(row, key, detail));
    }

    fn date(&mut self, rec: &Record, key: &str) -> Option<String> {
        let written = rec.get(self.table, key)?;
        let date = parse_date(written);
        if date.is_none() {
            self.add(rec.row, key, format!("“{written}”不是日期，请写作 2026-12-31、2026/12/31 或 2026年12月31日"));
        }
        date
    }

    fn unit(&mut self, rec: &Record, round: &Round) -> String {
        let written = rec.get(self.table, "unit").unwrap_or("");
        match round.match_unit(written) {
            Some(u) => u.name.clone(),
            None if written.is_empty() => {
                self.add(rec.row, "unit", "被巡察单位为空".into());
                String::new()
            }
            None => {
                self.add(rec.row, "unit", format!("“{written}”不是本轮的被巡察单位{}", round.suggest_unit(written)));
                written.to_owned()
            }
        }
    }

    fn required(&mut self, rec: &Record, key: &str, what: &str) -> String {
        let v = rec.get(self.table, key).unwrap_or("").to_owned();
        if v.is_empty() {
            self.add(rec.row, key, format!("{what}为空"));
        }
        v
    }

    fn finish<T>(self, value: T) -> Result<T, TableError> {
        self.cells.finish(value)
    }
}

/// Reads the round's 整改台账, if it has one.
pub fn read_rectification(round: &Round, notes: &Notices) -> Result<Option<Vec<RectItem>>, TableError> {
    let Some(path) = round.optional_file(&RECTIFY_FILES) else { return Ok(None) };
    let t = table::read(&path, &rectify_schema(), &round.file.columns, notes)?;
    let mut faults = Faults::new(&t);
    let mut items = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for rec in &t.records {
        let id = faults.required(rec, "id", "问题编号");
        let unit = faults.unit(rec, round);
        // Units number their own problems (问题1, 问题2 …): an id repeats only within a unit.
        if let Some(first) = seen.insert((unit.clone(), id.clone()), rec.row).filter(|_| !id.is_empty()) {
            faults.add(rec.row, "id", format!("{unit}的问题编号“{id}”与第{first}行重复"));
        }
        let kind = rec.get(&t, "kind").unwrap_or("").to_owned();
        if !kind.is_empty() && !RECTIFY_KINDS.contains(&kind.as_str()) {
            faults.add(rec.row, "kind", format!("“{kind}”无法识别，可选：{}", RECTIFY_KINDS.join("、")));
        }
        let text = |key: &str| rec.get(&t, key).unwrap_or("").to_owned();
        items.push(RectItem {
            unit,
            problem: faults.required(rec, "problem", "问题"),
            deadline: faults.date(rec, "deadline"),
            done_on: faults.date(rec, "done_on"),
            measures: text("measures"),
            leader: text("leader"),
            owner: text("owner"),
            milestone: text("milestone"),
            progress: text("progress"),
            evidence: text("evidence"),
            kind,
            id,
            origin: format!("{} 第{}行", t.path, rec.row),
        });
    }
    faults.finish(Some(items))
}

/// Reads the round's 问题线索台账, if it has one. Informant columns are dropped unread.
pub fn read_clues(round: &Round, notes: &Notices) -> Result<Option<Vec<Clue>>, TableError> {
    let Some(path) = round.optional_file(&CLUE_FILES) else { return Ok(None) };
    let t = table::read(&path, &clue_schema(), &round.file.columns, notes)?;
    let mut faults = Faults::new(&t);
    let mut clues = Vec::new();
    for rec in &t.records {
        let text = |key: &str| rec.get(&t, key).unwrap_or("").to_owned();
        clues.push(Clue {
            id: faults.required(rec, "id", "线索编号"),
            unit: faults.unit(rec, round),
            handed_on: faults.date(rec, "handed_on"),
            feedback_on: faults.date(rec, "feedback_on"),
            person: text("person"),
            rank: text("rank"),
            handed_to: text("handed_to"),
            disposal: text("disposal"),
            result: text("result"),
            origin: format!("{} 第{}行", t.path, rec.row),
        });
    }
    faults.finish(Some(clues))
}
