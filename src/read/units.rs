//! Reading `units.xlsx|csv` (被巡察单位表): the round's units, and optionally their groups'
//! leaders and members, for offices that keep them in Excel rather than in round.toml.

use std::path::Path;

use indexmap::IndexMap;

use crate::model::round::{Group, UNIT_KINDS, Unit};
use crate::read::pool::split_list;
use crate::read::table::{self, Faults, Field, Notices, Schema, TableError};

pub const FILES: [&str; 6] =
    ["units.xlsx", "units.csv", "units.xls", "被巡察单位.xlsx", "被巡察单位.csv", "被巡察单位.xls"];

pub fn schema() -> Schema {
    Schema {
        name: "被巡察单位表",
        fields: vec![
            Field::required("name", "被巡察单位", &["被巡察党组织", "单位名称", "单位"]),
            Field::required("kind", "类别", &["单位类别", "单位类型"]),
            Field::optional("top_leader", "一把手", &["主要负责人", "党组织书记", "书记"]),
            Field::required("group", "巡察组", &["组别", "所属巡察组"]),
            // Required of a finished round (checked in `read`); a round being planned has none yet.
            Field::optional("report", "报告文件", &["巡察报告", "报告", "报告文件名"]),
            Field::optional("aliases", "别称", &["简称", "别名"]),
            Field::optional("recommended", "组长推荐", &["推荐优秀报告", "是否推荐"]),
            Field::optional("leader", "组长", &["巡察组组长"]),
            Field::optional("deputies", "副组长", &[]),
            Field::optional("members", "组员", &["成员", "巡察组成员"]),
        ],
        extra: Vec::new(),
    }
}

/// The units of the table, in its order, and the groups its 组长/副组长/组员 columns describe
/// (a group's people may be spread over its units' rows; each name is kept once).
#[derive(Debug)]
pub struct Units {
    pub units: Vec<Unit>,
    pub groups: Vec<Group>,
}

/// Reads the table. `dir` is the round folder: a report cell that names only a file
/// (`民政局.docx`) is found under reports/. `reports`: every unit must name its report (a
/// finished round; not a round being planned).
pub fn read(
    path: &Path,
    dir: &Path,
    reports: bool,
    custom: &IndexMap<String, String>,
    notes: &Notices,
) -> Result<Units, TableError> {
    let t = table::read(path, &schema(), custom, notes)?;
    let mut faults = Faults::new(&t.path);
    let mut units = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    for rec in &t.records {
        let cell = |key: &str| rec.get(&t, key).unwrap_or("").trim().to_owned();
        let needed: &[&str] = if reports { &["name", "kind", "group", "report"] } else { &["name", "kind", "group"] };
        for &key in needed {
            if cell(key).is_empty() {
                faults.push(t.cell_error(rec.row, key, "不能为空"));
            }
        }
        let kind = cell("kind");
        if !kind.is_empty() && !UNIT_KINDS.contains(&kind.as_str()) {
            let hint = crate::util::suggest::suggest(&kind, UNIT_KINDS.iter().copied());
            faults.push(t.cell_error(
                rec.row,
                "kind",
                format!("“{kind}”无法识别，可选：{}{hint}", UNIT_KINDS.join("、")),
            ));
        }
        let recommended = match cell("recommended").as_str() {
            "" | "否" | "N" | "n" | "0" | "×" => false,
            "是" | "推荐" | "Y" | "y" | "1" | "√" => true,
            other => {
                faults.push(t.cell_error(rec.row, "recommended", format!("“{other}”请填“是”或“否”")));
                false
            }
        };
        let group = cell("group");
        let i = match groups.iter().position(|g| g.name == group) {
            Some(i) => i,
            None => {
                groups.push(Group { name: group.clone(), leader: String::new(), deputies: vec![], members: vec![] });
                groups.len() - 1
            }
        };
        let g = &mut groups[i];
        let leader = cell("leader");
        if !leader.is_empty() {
            if g.leader.is_empty() {
                g.leader = leader;
            } else if g.leader != leader {
                let first = g.leader.clone();
                faults.push(t.cell_error(
                    rec.row,
                    "leader",
                    format!("{group}的组长前面写的是“{first}”，这里是“{leader}”"),
                ));
            }
        }
        for (list, key) in [(&mut g.deputies, "deputies"), (&mut g.members, "members")] {
            for name in split_list(&cell(key)) {
                if !list.contains(&name) {
                    list.push(name);
                }
            }
        }
        units.push(Unit {
            name: cell("name"),
            aliases: split_list(&cell("aliases")),
            kind,
            top_leader: cell("top_leader"),
            report: report_path(dir, &cell("report")),
            group,
            recommended,
        });
    }
    if t.records.is_empty() {
        faults.push(TableError::Format { path: t.path.clone(), detail: "没有任何被巡察单位".into() });
    }
    faults.finish(Units { units, groups })
}

/// `reports/民政局.docx` as written; a bare file name found under reports/ gets that folder.
fn report_path(dir: &Path, written: &str) -> String {
    let written = written.replace('\\', "/");
    let bare = !written.contains('/');
    if bare && !dir.join(&written).is_file() && dir.join("reports").join(&written).is_file() {
        format!("reports/{written}")
    } else {
        written
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_gather_their_people_from_every_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("units.csv");
        let csv = "被巡察单位,类别,巡察组,报告文件,组长,副组长,组员\n\
                   甲局党组,县直单位,第三巡察组,a.txt,何某某,罗某,高某、林某\n\
                   乙局党组,县直单位,第三巡察组,b.txt,,,郭某、高某\n";
        std::fs::write(&path, csv).unwrap();
        let got = read(&path, dir.path(), true, &IndexMap::new(), &Notices::new()).unwrap();
        assert_eq!(got.units.len(), 2);
        let g = &got.groups[..];
        assert_eq!(g.len(), 1);
        assert_eq!((g[0].leader.as_str(), &g[0].deputies[..]), ("何某某", &["罗某".to_owned()][..]));
        assert_eq!(g[0].members, ["高某", "林某", "郭某"]);
        // A plan has no reports yet; a finished round must name each.
        std::fs::write(&path, "被巡察单位,类别,巡察组\n甲局党组,县直单位,第三巡察组\n").unwrap();
        assert!(read(&path, dir.path(), false, &IndexMap::new(), &Notices::new()).is_ok());
        let e = read(&path, dir.path(), true, &IndexMap::new(), &Notices::new()).unwrap_err().to_string();
        assert!(e.contains("第2行“报告文件”列：不能为空"), "{e}");
    }

    #[test]
    fn bare_file_names_are_found_under_reports() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("reports")).unwrap();
        std::fs::write(dir.path().join("reports/民政局.txt"), "x").unwrap();
        assert_eq!(report_path(dir.path(), "民政局.txt"), "reports/民政局.txt");
        assert_eq!(report_path(dir.path(), "reports\\民政局.txt"), "reports/民政局.txt");
        assert_eq!(report_path(dir.path(), "别处.txt"), "别处.txt");
    }
}
