//! Reading a round folder: `round.toml` checked against the folder, and the folder's optional files.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::model::round::{Round, RoundFile, UNIT_KINDS};
use crate::read::table::Notices;
use crate::read::units;
use crate::util::suggest::suggest;
use crate::util::toml_errors::explain;

#[derive(Debug, thiserror::Error)]
pub enum RoundError {
    #[error("{path}：巡察轮次目录不存在或不是目录")]
    NotADir { path: String },
    #[error("{path}：缺少 round.toml（可用 xuncha init 目录 生成模板）")]
    MissingRoundToml { path: String },
    #[error("{path}：无法读取（{detail}）")]
    Io { path: String, detail: String },
    #[error("{path} 第{line}行第{column}列：配置有误：{detail}")]
    Toml { path: String, line: usize, column: usize, detail: String },
    #[error("{path}：{detail}")]
    Invalid { path: String, detail: String },
    /// The units table (units.xlsx|csv) could not be read.
    #[error(transparent)]
    Table(#[from] crate::read::table::TableError),
}

fn io_err(path: &Path, e: &std::io::Error) -> RoundError {
    RoundError::Io { path: path.display().to_string(), detail: crate::read::report::io_detail(e) }
}

/// Reads a TOML file of the round folder, pointing errors at line and column.
pub fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, RoundError> {
    let bytes = std::fs::read(path).map_err(|e| io_err(path, &e))?;
    let text = match crate::util::text::decode(&bytes) {
        Ok((t, _)) => t,
        Err(_) => {
            return Err(RoundError::Invalid {
                path: path.display().to_string(),
                detail: "无法识别编码，请另存为 UTF-8".into(),
            });
        }
    };
    toml::from_str(&text).map_err(|e| {
        let p = explain(&text, &e);
        RoundError::Toml { path: path.display().to_string(), line: p.line, column: p.column, detail: p.detail }
    })
}

impl Round {
    /// Reads and checks a round folder. What reading its units table noticed (columns
    /// ignored) goes to `notes`.
    pub fn load(dir: &Path, notes: &Notices) -> Result<Self, RoundError> {
        if !dir.is_dir() {
            return Err(RoundError::NotADir { path: dir.display().to_string() });
        }
        let toml_path = dir.join("round.toml");
        if !toml_path.is_file() {
            return Err(RoundError::MissingRoundToml { path: dir.display().to_string() });
        }
        let mut file: RoundFile = read_toml(&toml_path)?;
        file.trim();
        let table = units_from_table(dir, &toml_path, &mut file, notes)?;
        let mut round = Self { dir: dir.to_path_buf(), file };
        round.normalize_dates(&toml_path)?;
        round.validate(&toml_path, table.as_deref())?;
        Ok(round)
    }

    /// Leaves the dates of [round] as YYYY-MM-DD, whether written 2026-09-01 (a TOML date),
    /// "2026-09-01", "2026/9/1" or "2026年9月1日".
    fn normalize_dates(&mut self, toml_path: &Path) -> Result<(), RoundError> {
        let r = &mut self.file.round;
        for (key, what, date) in [
            ("start", "开始日期", &mut r.start),
            ("end", "结束日期", &mut r.end),
            ("feedback", "反馈日期", &mut r.feedback),
        ] {
            if let Some(d) = date {
                *d = crate::util::date::parse_date(d).ok_or_else(|| RoundError::Invalid {
                    path: toml_path.display().to_string(),
                    detail: format!("[round] 的{what} {key} = \"{d}\" 不是日期，请写作 {key} = 2026-12-01"),
                })?;
            }
        }
        Ok(())
    }

    /// `table` is the units table the units came from, if any: faults in units are blamed on it.
    fn validate(&self, toml_path: &Path, table: Option<&Path>) -> Result<(), RoundError> {
        let shown = toml_path.display().to_string();
        let invalid = |detail: String| RoundError::Invalid { path: shown.clone(), detail };
        let units_shown = table.map_or_else(|| shown.clone(), |p| p.display().to_string());
        let invalid_unit = |detail: String| RoundError::Invalid { path: units_shown.clone(), detail };
        let leader_where = if table.is_some() { "leader，或被巡察单位表的“组长”列" } else { "leader" };
        let f = &self.file;
        if f.units.is_empty() {
            return Err(invalid("没有登记任何被巡察单位（[[units]]，或 units.xlsx / units.csv）".into()));
        }
        let mut groups = BTreeSet::new();
        for g in &f.groups {
            if !groups.insert(g.name.as_str()) {
                return Err(invalid(format!("巡察组“{}”登记了两次", g.name)));
            }
            if g.leader.trim().is_empty() {
                return Err(invalid(format!("巡察组“{}”没有组长（{leader_where}）", g.name)));
            }
        }
        let mut names = BTreeSet::new();
        let mut reports = BTreeSet::new();
        for u in &f.units {
            if !names.insert(u.name.as_str()) {
                return Err(invalid_unit(format!("被巡察单位“{}”登记了两次", u.name)));
            }
            if !groups.contains(u.group.as_str()) {
                return Err(invalid_unit(format!(
                    "单位“{}”的巡察组“{}”未在 [[groups]] 中登记{}",
                    u.name,
                    u.group,
                    suggest(&u.group, groups.iter().copied())
                )));
            }
            if !UNIT_KINDS.contains(&u.kind.as_str()) {
                return Err(invalid_unit(format!(
                    "单位“{}”的类别“{}”无法识别，可选：{}{}",
                    u.name,
                    u.kind,
                    UNIT_KINDS.join("、"),
                    suggest(&u.kind, UNIT_KINDS.iter().copied())
                )));
            }
            let rel = Path::new(&u.report);
            if rel.is_absolute() || rel.components().any(|c| matches!(c, Component::ParentDir | Component::Prefix(_))) {
                return Err(invalid_unit(format!(
                    "单位“{}”的报告路径“{}”超出了本轮巡察目录，请放在 reports/ 下",
                    u.name, u.report
                )));
            }
            let path = self.dir.join(rel);
            if !path.is_file() {
                return Err(invalid_unit(format!("单位“{}”的报告文件 {} 不存在", u.name, path.display())));
            }
            // A symlink may point outside the round folder; refuse it rather than follow it.
            if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(invalid_unit(format!(
                    "单位“{}”的报告 {} 是符号链接，请放入实际文件",
                    u.name,
                    path.display()
                )));
            }
            if !reports.insert(normal(&u.report)) {
                return Err(invalid_unit(format!("报告文件 {} 被两个单位同时使用", u.report)));
            }
        }
        // An alias that could mean two units would send a table's rows to either.
        for (i, u) in f.units.iter().enumerate() {
            for alias in &u.aliases {
                if let Some(other) =
                    f.units.iter().enumerate().find(|(j, o)| {
                        *j != i && o.names().any(|n| crate::util::text::same_unit(n, alias) || n == alias)
                    })
                {
                    return Err(invalid_unit(format!(
                        "单位“{}”的别称“{alias}”与单位“{}”的名称或别称相同，无法区分，请删去或改写",
                        u.name, other.1.name
                    )));
                }
            }
        }
        let reports_dir = self.dir.join("reports");
        if reports_dir.is_dir() {
            let mut unclaimed = Vec::new();
            let entries = std::fs::read_dir(&reports_dir).map_err(|e| io_err(&reports_dir, &e))?;
            for entry in entries.filter_map(Result::ok) {
                let name = entry.file_name().to_string_lossy().into_owned();
                let is_report = ["docx", "txt", "md"].iter().any(|e| name.to_lowercase().ends_with(&format!(".{e}")));
                if is_report && !name.starts_with(['.', '~']) && !reports.contains(&normal(&format!("reports/{name}")))
                {
                    unclaimed.push(name);
                }
            }
            unclaimed.sort();
            if !unclaimed.is_empty() {
                return Err(invalid(format!(
                    "reports/ 中的报告没有对应的被巡察单位：{}。请在 [[units]] 中登记，或移出该目录",
                    unclaimed.join("、")
                )));
            }
        }
        Ok(())
    }

    /// The first of `names` that exists in the round folder (e.g. judges.csv or judges.xlsx).
    pub fn optional_file(&self, names: &[&str]) -> Option<PathBuf> {
        names.iter().map(|n| self.dir.join(n)).find(|p| p.is_file())
    }
}

/// Takes the units (and what it says of their groups) from units.xlsx|csv when the folder has
/// one. round.toml's [[groups]] still hold the groups the table does not describe; a group in
/// both must not be given two leaders.
fn units_from_table(
    dir: &Path,
    toml_path: &Path,
    file: &mut RoundFile,
    notes: &Notices,
) -> Result<Option<PathBuf>, RoundError> {
    let Some(path) = units::FILES.iter().map(|n| dir.join(n)).find(|p| p.is_file()) else { return Ok(None) };
    let shown = path.display().to_string();
    if !file.units.is_empty() {
        return Err(RoundError::Invalid {
            path: toml_path.display().to_string(),
            detail: format!("已有 [[units]]，同时又有被巡察单位表 {shown}；请只保留一处（删去 [[units]] 或移走该表）"),
        });
    }
    let table = units::read(&path, dir, true, &file.columns, notes)?;
    let known: Vec<String> = file.groups.iter().map(|g| g.name.clone()).collect();
    for g in table.groups {
        match file.groups.iter_mut().find(|x| x.name == g.name) {
            // A group only the table names, with no leader there either: most likely a slip
            // in the name of a group round.toml has.
            None if g.leader.is_empty() => {
                return Err(RoundError::Invalid {
                    path: shown,
                    detail: format!(
                        "巡察组“{}”未在 round.toml 的 [[groups]] 中登记，表中也没有填它的组长{}",
                        g.name,
                        suggest(&g.name, known.iter().map(String::as_str))
                    ),
                });
            }
            None => file.groups.push(g),
            Some(known) => {
                if !g.leader.is_empty() && !known.leader.is_empty() && g.leader != known.leader {
                    return Err(RoundError::Invalid {
                        path: shown,
                        detail: format!(
                            "{}的组长写的是“{}”，round.toml 中是“{}”，请改为一致",
                            g.name, g.leader, known.leader
                        ),
                    });
                }
                if known.leader.is_empty() {
                    known.leader = g.leader;
                }
                for (list, more) in [(&mut known.deputies, g.deputies), (&mut known.members, g.members)] {
                    for name in more {
                        if !list.contains(&name) {
                            list.push(name);
                        }
                    }
                }
            }
        }
    }
    file.units = table.units;
    Ok(Some(path))
}

fn normal(p: &str) -> String {
    p.replace('\\', "/").trim_start_matches("./").to_owned()
}

/// A round being planned or under way: its dates, and its groups, each with the units it will
/// inspect.
pub struct Plan {
    pub name: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub groups: Vec<(String, Vec<crate::model::round::Unit>)>,
}

/// A round being planned, before any report exists: its groups and which units each will
/// inspect, read from round.toml without the checks a finished round gets (leaders and members
/// may still be empty; report files need not exist).
/// Only the `[columns]` table of a round.toml (`check --signals` reads the tables of a round
/// whose reports it does not need); the rest of the file is not checked.
pub fn columns(path: &Path) -> Result<indexmap::IndexMap<String, String>, RoundError> {
    #[derive(serde::Deserialize)]
    struct OnlyColumns {
        #[serde(default)]
        columns: indexmap::IndexMap<String, String>,
    }
    Ok(read_toml::<OnlyColumns>(path)?.columns)
}

pub fn read_plan(dir: &Path, notes: &Notices) -> Result<Plan, RoundError> {
    #[derive(serde::Deserialize)]
    struct PlanFile {
        round: PlanRound,
        #[serde(default)]
        groups: Vec<PlanGroup>,
        #[serde(default)]
        units: Vec<PlanUnit>,
    }
    #[derive(serde::Deserialize)]
    struct PlanRound {
        name: String,
        #[serde(default, deserialize_with = "crate::util::date::toml_date")]
        start: Option<String>,
        #[serde(default, deserialize_with = "crate::util::date::toml_date")]
        end: Option<String>,
    }
    #[derive(serde::Deserialize)]
    struct PlanGroup {
        name: String,
    }
    #[derive(serde::Deserialize)]
    struct PlanUnit {
        name: String,
        #[serde(default)]
        aliases: Vec<String>,
        #[serde(default)]
        kind: String,
        #[serde(default)]
        top_leader: String,
        group: String,
    }
    let path = dir.join("round.toml");
    if !path.is_file() {
        return Err(RoundError::MissingRoundToml { path: dir.display().to_string() });
    }
    let mut plan: PlanFile = read_toml(&path)?;
    // Units kept in Excel (units.xlsx|csv) as for a finished round; groups stay in round.toml.
    if let Some(table) = units::FILES.iter().map(|n| dir.join(n)).find(|p| p.is_file()) {
        if !plan.units.is_empty() {
            return Err(RoundError::Invalid {
                path: path.display().to_string(),
                detail: format!("已有 [[units]]，同时又有被巡察单位表 {}；请只保留一处", table.display()),
            });
        }
        let read = units::read(&table, dir, false, &indexmap::IndexMap::new(), notes)?;
        plan.units = read
            .units
            .into_iter()
            .map(|u| PlanUnit {
                name: u.name,
                aliases: u.aliases,
                kind: u.kind,
                top_leader: u.top_leader,
                group: u.group,
            })
            .collect();
    }
    plan.round.name = plan.round.name.trim().to_owned();
    for g in &mut plan.groups {
        g.name = g.name.trim().to_owned();
    }
    for u in &mut plan.units {
        for s in [&mut u.name, &mut u.kind, &mut u.top_leader, &mut u.group] {
            *s = s.trim().to_owned();
        }
    }
    let shown = path.display().to_string();
    if plan.groups.is_empty() {
        return Err(RoundError::Invalid {
            path: shown, detail: "没有登记任何巡察组（[[groups]]），无法组队".into()
        });
    }
    let names: Vec<&str> = plan.groups.iter().map(|g| g.name.as_str()).collect();
    if let Some(u) = plan.units.iter().find(|u| !names.contains(&u.group.as_str())) {
        return Err(RoundError::Invalid {
            path: shown,
            detail: format!(
                "单位“{}”的巡察组“{}”未在 [[groups]] 中登记{}",
                u.name,
                u.group,
                suggest(&u.group, names.iter().copied())
            ),
        });
    }
    let groups = plan
        .groups
        .iter()
        .map(|g| {
            let units = plan
                .units
                .iter()
                .filter(|u| u.group == g.name)
                .map(|u| crate::model::round::Unit {
                    name: u.name.clone(),
                    aliases: u.aliases.iter().map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()).collect(),
                    kind: u.kind.clone(),
                    top_leader: u.top_leader.clone(),
                    group: u.group.clone(),
                    report: String::new(),
                    recommended: false,
                })
                .collect();
            (g.name.clone(), units)
        })
        .collect();
    let date = |d: Option<String>, key: &str| match d {
        Some(d) => crate::util::date::parse_date(&d).map(Some).ok_or_else(|| RoundError::Invalid {
            path: path.display().to_string(),
            detail: format!("[round] 的 {key} = \"{d}\" 不是日期，请写作 {key} = 2027-03-01"),
        }),
        None => Ok(None),
    };
    Ok(Plan {
        start: date(plan.round.start, "start")?,
        end: date(plan.round.end, "end")?,
        name: plan.round.name,
        groups,
    })
}
