//! Reading `progress.csv|xlsx` (巡中调度): each group's cumulative figures on the days it
//! reports. Every faulty cell is reported at once.

use std::path::Path;

use indexmap::IndexMap;

use crate::model::progress::ProgressRow;
use crate::read::table::{self, Faults, Field, Notices, Schema, TableError};
use crate::util::date::parse_date;

pub const FILES: [&str; 3] = ["progress.xlsx", "progress.csv", "progress.xls"];

pub fn schema() -> Schema {
    Schema {
        name: "巡中调度表",
        fields: vec![
            Field::required("group", "巡察组", &["组别"]),
            Field::required("date", "日期", &["统计日期", "调度日期", "截至日期"]),
            Field::optional("talks", "个别谈话人次", &["个别谈话", "谈话人次"]),
            Field::optional("visits", "走访人次", &["走访", "下沉走访人次"]),
            Field::optional("documents", "调阅资料份数", &["调阅资料", "查阅资料份数"]),
            Field::optional("tipoffs", "受理信访件数", &["受理信访", "信访件数"]),
            Field::optional("problems", "发现问题数", &["发现问题", "问题数"]),
            Field::optional("clues", "移交线索数", &["问题线索数", "线索数"]),
            Field::optional("reporter", "调度会汇报人", &["汇报人"]),
            Field::optional("note", "备注", &[]),
        ],
        extra: Vec::new(),
    }
}

/// Reads the table; `groups` are the round's group names (a row of another group is a fault).
pub fn read(path: &Path, groups: &[&str], notes: &Notices) -> Result<Vec<ProgressRow>, TableError> {
    let t = table::read(path, &schema(), &IndexMap::new(), notes)?;
    let mut faults = Faults::new(&t.path);
    let mut fault = |e: TableError| faults.push(e);
    let mut rows = Vec::new();
    for rec in &t.records {
        let group = rec.get(&t, "group").unwrap_or("").trim().to_owned();
        if !groups.contains(&group.as_str()) {
            let hint = crate::util::suggest::suggest(&group, groups.iter().copied());
            fault(t.cell_error(rec.row, "group", format!("“{group}”不是本轮的巡察组{hint}")));
        }
        let written = rec.get(&t, "date").unwrap_or("");
        let date = parse_date(written).unwrap_or_else(|| {
            fault(t.cell_error(rec.row, "date", format!("“{written}”不是日期，请写作 2027-03-20")));
            String::new()
        });
        let mut n = |key: &str| match t.number(rec, key) {
            Ok(v) => v.unwrap_or(0.0),
            Err(e) => {
                fault(e);
                0.0
            }
        };
        rows.push(ProgressRow {
            talks: n("talks"),
            visits: n("visits"),
            documents: n("documents"),
            tipoffs: n("tipoffs"),
            problems: n("problems"),
            clues: n("clues"),
            reporter: rec.get(&t, "reporter").unwrap_or("").trim().to_owned(),
            group,
            date,
        });
    }
    faults.finish(rows)
}
