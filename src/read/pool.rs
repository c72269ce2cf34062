//! Reading the cadre pool (人才库) a clerk keeps in Excel or CSV: 姓名 and 单位 required, the rest
//! optional. Lists inside a cell accept the separators offices use (、，,；;) and pairs accept
//! full-width colons (`县交通运输局：配偶；青山镇党委：兄弟`). Every faulty cell is reported at once.

use std::path::Path;

use indexmap::IndexMap;

use crate::model::pool::PoolMember;
use crate::read::table::{self, Faults, Field, Notices, Schema, TableError};
use crate::util::date::parse_date;

pub fn schema() -> Schema {
    Schema {
        name: "巡察人才库",
        fields: vec![
            Field::required("name", "姓名", &["干部姓名", "人员姓名"]),
            Field::required("unit", "单位", &["工作单位", "现工作单位", "所在单位", "派出单位"]),
            Field::optional("post", "职务", &["现任职务", "职务职级"]),
            Field::optional("politics", "政治面貌", &[]),
            Field::optional("expertise", "专长", &["业务专长", "特长", "专业特长"]),
            Field::optional("joined", "入库时间", &["入库日期"]),
            Field::optional("training", "培训记录", &["培训情况"]),
            Field::optional("recent_units", "近3年工作单位", &["近三年工作单位", "近3年任职单位", "近三年任职单位"]),
            Field::optional("career", "工作履历", &["任职经历", "履历"]),
            Field::optional("relatives", "亲属任职", &["亲属任职情况", "近亲属任职"]),
            Field::optional("leader", "组长人选", &["可任组长", "是否组长人选"]),
            Field::optional("note", "备注", &[]),
        ],
        extra: Vec::new(),
    }
}

/// "财务、审计" → ["财务", "审计"].
pub fn split_list(cell: &str) -> Vec<String> {
    cell.split(['、', '，', ',', '；', ';', '/', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// "县交通运输局：配偶" → ("县交通运输局", "配偶").
fn split_pair(item: &str) -> Option<(String, String)> {
    let (a, b) = item.split_once([':', '：'])?;
    let (a, b) = (a.trim(), b.trim());
    (!a.is_empty() && !b.is_empty()).then(|| (a.to_owned(), b.to_owned()))
}

/// Reads the pool file (.xlsx, or .csv in UTF-8 or GBK).
pub fn read(path: &Path, notes: &Notices) -> Result<Vec<PoolMember>, TableError> {
    let t = table::read(path, &schema(), &IndexMap::new(), notes)?;
    let mut faults = Faults::new(&t.path);
    let mut fault = |row: usize, key: &str, detail: String| faults.push(t.cell_error(row, key, detail));
    let mut members = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for rec in &t.records {
        let text = |key: &str| rec.get(&t, key).unwrap_or("").trim().to_owned();
        let (name, unit) = (text("name"), text("unit"));
        if name.is_empty() {
            fault(rec.row, "name", "姓名为空".into());
        }
        if unit.is_empty() {
            fault(rec.row, "unit", "单位为空".into());
        }
        if let Some(first) = seen.insert((name.clone(), unit.clone()), rec.row) {
            fault(rec.row, "name", format!("{name}（{unit}）与第{first}行重复"));
        }
        let joined = rec.get(&t, "joined").and_then(|d| {
            let date = parse_date(d);
            if date.is_none() {
                fault(rec.row, "joined", format!("“{d}”不是日期，请写作 2026-03-01"));
            }
            date
        });
        let mut relatives = Vec::new();
        for item in split_list(&text("relatives")) {
            match split_pair(&item) {
                Some(p) => relatives.push(p),
                None => fault(
                    rec.row,
                    "relatives",
                    format!("“{item}”应写作“单位:关系”，如 县交通运输局:配偶；多个用分号隔开"),
                ),
            }
        }
        let mut career = Vec::new();
        for item in split_list(&text("career")) {
            let years = split_pair(&item).and_then(|(u, y)| {
                let y = y.trim_end_matches('年').trim();
                y.parse::<f64>().ok().filter(|y| *y >= 0.0).map(|y| (u, y))
            });
            match years {
                Some(p) => career.push(p),
                None => fault(rec.row, "career", format!("“{item}”应写作“单位:年数”，如 县财政局:5")),
            }
        }
        let leader_candidate = match text("leader").as_str() {
            "" => None,
            "是" | "Y" | "y" | "√" => Some(true),
            "否" | "N" | "n" => Some(false),
            other => {
                fault(rec.row, "leader", format!("“{other}”应为 是 或 否"));
                None
            }
        };
        members.push(PoolMember {
            name,
            unit,
            post: text("post"),
            politics: text("politics"),
            expertise: split_list(&text("expertise")),
            joined,
            training: text("training"),
            recent_units: split_list(&text("recent_units")),
            career,
            relatives,
            leader_candidate,
        });
    }
    faults.finish(members)
}
