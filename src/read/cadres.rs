//! Reading the cadre tables of a round: `cadres.csv|xlsx|toml` and `conduct.csv|xlsx`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::model::cadre::{Cadre, ConductEvent, ROLES};
use crate::model::round::Round;
use crate::pack::CadreConfig;
use crate::read::round::{RoundError, read_toml};
use crate::read::table::{self, Faults, Field, Notices, Schema, Table, TableError};
use crate::util::date::parse_date;
use crate::util::suggest::suggest;

#[derive(Debug, thiserror::Error)]
pub enum CadreError {
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Round(#[from] RoundError),
    #[error("规则包没有 [cadre] 设置，无法开展干部评估")]
    NoConfig,
    #[error("{path}：{detail}")]
    Invalid { path: String, detail: String },
}

fn cadre_schema() -> Schema {
    Schema {
        name: "巡察干部表",
        fields: vec![
            Field::required("name", "姓名", &["干部姓名"]),
            Field::required("group", "巡察组", &["所在巡察组", "组别"]),
            Field::required("role", "角色", &["职务", "组内职务", "岗位"]),
            Field::optional("home_unit", "派出单位", &["原单位", "工作单位", "所在单位"]),
            Field::optional("seconded", "是否抽调", &["抽调", "是否抽调干部"]),
            Field::optional("problems", "发现问题数", &["发现问题", "发现问题（个）"]),
            Field::optional("clues", "移交线索数", &["移交问题线索", "移交线索", "移交线索（件）"]),
            Field::optional("special", "专题报告数", &["专题报告", "形成专题报告"]),
            Field::optional("rectified", "立行立改数", &["推动立行立改", "立行立改"]),
            Field::optional("publicity", "信息宣传数", &["信息宣传", "信息报送数"]),
            Field::optional("groundwork", "基础工作分", &["基础工作", "基础工作得分", "底稿质量"]),
            Field::optional(
                "survey",
                "问卷满意度",
                &["被巡察单位问卷", "满意度", "测评得分", "被巡察单位测评", "被巡察单位评价", "问卷测评"],
            ),
            Field::optional("self", "组内评价", &["自评", "组内自评", "小组评价"]),
            Field::optional("reported_first", "中期汇报", &["先行汇报", "副组长先行汇报"]),
            Field::optional("seq", "序号", &[]),
            Field::optional("note", "备注", &[]),
        ],
        extra: Vec::new(),
    }
}

fn event_schema() -> Schema {
    Schema {
        name: "作风纪律情况表",
        fields: vec![
            Field::required("name", "姓名", &["干部姓名", "当事人"]),
            Field::optional("date", "日期", &["发生日期", "时间"]),
            Field::required("category", "类别", &["问题类别", "负面清单类别"]),
            Field::required("text", "情况", &["具体情况", "问题描述", "内容", "说明", "情况说明", "事实"]),
            Field::optional("verified", "是否查实", &["查实", "核实情况", "是否属实", "是否核实", "核实", "查实情况"]),
            Field::optional("source", "来源", &["问题来源", "反映渠道"]),
            Field::private("informant", "举报人", &["反映人"]),
            Field::private("phone", "联系电话", &["电话"]),
        ],
        extra: Vec::new(),
    }
}

/// `cadres.toml`: the same records as the tables, in TOML.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CadreFile {
    #[serde(default)]
    cadres: Vec<CadreToml>,
    #[serde(default)]
    events: Vec<EventToml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CadreToml {
    name: String,
    group: String,
    role: String,
    #[serde(default)]
    home_unit: String,
    #[serde(default)]
    seconded: Option<bool>,
    #[serde(default)]
    problems_found: f64,
    #[serde(default)]
    clues: f64,
    #[serde(default)]
    special_reports: f64,
    #[serde(default)]
    rectified: f64,
    #[serde(default)]
    publicity: f64,
    #[serde(default)]
    groundwork: Option<f64>,
    #[serde(default)]
    survey: Option<f64>,
    #[serde(default)]
    self_assessment: Option<String>,
    #[serde(default)]
    reported_first: Option<bool>,
}

impl CadreToml {
    fn into_cadre(self, origin: String) -> Cadre {
        let c = self;
        Cadre {
            seconded: c.seconded.unwrap_or(c.role == "抽调干部"),
            name: c.name,
            group: c.group,
            role: c.role,
            home_unit: c.home_unit,
            problems_found: c.problems_found,
            clues: c.clues,
            special_reports: c.special_reports,
            rectified: c.rectified,
            publicity: c.publicity,
            groundwork: c.groundwork,
            survey: c.survey,
            self_assessment: c.self_assessment,
            reported_first: c.reported_first,
            events: Vec::new(),
            origin,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventToml {
    name: String,
    #[serde(default)]
    date: Option<String>,
    category: String,
    text: String,
    #[serde(default)]
    verified: bool,
    #[serde(default)]
    source: String,
}

fn yes_no(s: &str) -> Option<bool> {
    match s.trim() {
        "是" | "已查实" | "查实" | "属实" | "已核实" | "核实" | "Y" | "y" | "1" | "抽调" => Some(true),
        "否" | "未查实" | "未核实" | "不属实" | "N" | "n" | "0" | "专职" => Some(false),
        _ => None,
    }
}

/// File names of the cadre table and the conduct table, tried in order.
pub const CADRE_FILES: [&str; 3] = ["cadres.xlsx", "cadres.csv", "cadres.xls"];
pub const CONDUCT_FILES: [&str; 3] = ["conduct.xlsx", "conduct.csv", "conduct.xls"];

/// Reads `cadres.csv|xlsx|xls|toml` and `conduct.csv|xlsx|xls` of the round, if present. Every
/// faulty cell of a table is reported at once.
pub fn read(round: &Round, cfg: &CadreConfig, notes: &Notices) -> Result<Option<Vec<Cadre>>, CadreError> {
    let toml_path = round.dir.join("cadres.toml");
    let mut cadres = if toml_path.is_file() {
        read_toml_file(&toml_path, round, cfg)?
    } else if let Some(path) = round.optional_file(&CADRE_FILES) {
        let t = table::read(&path, &cadre_schema(), &round.file.columns, notes)?;
        let mut faults = Faults::new(&t.path);
        let mut list = Vec::new();
        for rec in &t.records {
            match cadre_from_table(&t, rec, round) {
                Ok(c) => list.push(c),
                Err(e) => faults.push(e),
            }
        }
        for key in ["groundwork", "survey"] {
            let values: Vec<(usize, f64)> =
                t.records.iter().filter_map(|r| Some((r.row, t.number(r, key).ok()??))).collect();
            if let Some(m) = table::scale_notice(&values, 100.0, &t.column(key)) {
                notes.file(&t.path, m);
            }
        }
        faults.finish(())?;
        if let Some(path) = round.optional_file(&CONDUCT_FILES) {
            let e = table::read(&path, &event_schema(), &round.file.columns, notes)?;
            let mut faults = Faults::new(&e.path);
            for rec in &e.records {
                let name = match rec.get(&e, "name") {
                    Some(n) => n,
                    None => {
                        faults.push(e.cell_error(rec.row, "name", "姓名为空"));
                        continue;
                    }
                };
                let Some(cadre) = list.iter_mut().find(|c| c.name == name) else {
                    let known = suggest(name, t.records.iter().filter_map(|r| r.get(&t, "name")));
                    faults.push(e.cell_error(rec.row, "name", format!("“{name}”不是本轮巡察干部表中的人员{known}")));
                    continue;
                };
                let written = rec.get(&e, "category").unwrap_or("");
                let category = cfg.category(written);
                if category.is_none() {
                    faults.push(e.cell_error(
                        rec.row,
                        "category",
                        format!("“{written}”不在负面清单中{}", cfg.suggest_category(written)),
                    ));
                }
                let date = rec.get(&e, "date").and_then(|d| {
                    let date = parse_date(d);
                    if date.is_none() {
                        faults.push(e.cell_error(rec.row, "date", format!("“{d}”不是有效日期")));
                    }
                    date
                });
                let verified = match rec.get(&e, "verified") {
                    None => Some(false),
                    Some(v) => {
                        let b = yes_no(v);
                        if b.is_none() {
                            faults.push(e.cell_error(rec.row, "verified", format!("“{v}”应为“是”或“否”")));
                        }
                        b
                    }
                };
                let (Some(category), Some(verified)) = (category, verified) else { continue };
                cadre.events.push(ConductEvent {
                    date,
                    category: category.to_owned(),
                    text: rec.get(&e, "text").unwrap_or("").to_owned(),
                    verified,
                    source: rec.get(&e, "source").unwrap_or("").to_owned(),
                    origin: format!("{} 第{}行", e.path, rec.row),
                });
            }
            faults.finish(())?;
        }
        list
    } else {
        return Ok(None);
    };
    check_groups(&mut cadres, round)?;
    Ok(Some(cadres).filter(|c| !c.is_empty()))
}

fn number(t: &Table, rec: &table::Record, key: &str, max: Option<f64>) -> Result<Option<f64>, TableError> {
    let v = t.number(rec, key)?;
    if let Some(x) = v {
        if x < 0.0 || max.is_some_and(|m| x > m) {
            let range = max.map_or("不能为负数".to_owned(), |m| format!("应在 0～{m} 之间"));
            return Err(t.cell_error(rec.row, key, format!("{x} 超出范围：{range}")));
        }
    }
    Ok(v)
}

fn cadre_from_table(t: &Table, rec: &table::Record, round: &Round) -> Result<Cadre, TableError> {
    let name = rec.get(t, "name").ok_or_else(|| t.cell_error(rec.row, "name", "姓名为空"))?.to_owned();
    let group = rec.get(t, "group").ok_or_else(|| t.cell_error(rec.row, "group", "巡察组为空"))?.to_owned();
    if round.group(&group).is_none() {
        let names = round.file.groups.iter().map(|g| g.name.as_str());
        return Err(t.cell_error(rec.row, "group", format!("“{group}”不是本轮登记的巡察组{}", suggest(&group, names))));
    }
    let role = rec.get(t, "role").unwrap_or("").to_owned();
    if !ROLES.contains(&role.as_str()) {
        return Err(t.cell_error(
            rec.row,
            "role",
            format!("“{role}”无法识别，可选：{}{}", ROLES.join("、"), suggest(&role, ROLES.iter().copied())),
        ));
    }
    let seconded = match rec.get(t, "seconded") {
        None => role == "抽调干部",
        Some(v) => yes_no(v).ok_or_else(|| t.cell_error(rec.row, "seconded", format!("“{v}”应为“是”或“否”")))?,
    };
    let reported_first = match rec.get(t, "reported_first") {
        None => None,
        Some(v) => {
            Some(yes_no(v).ok_or_else(|| t.cell_error(rec.row, "reported_first", format!("“{v}”应为“是”或“否”")))?)
        }
    };
    Ok(Cadre {
        name,
        group,
        role,
        home_unit: rec.get(t, "home_unit").unwrap_or("").to_owned(),
        seconded,
        problems_found: number(t, rec, "problems", None)?.unwrap_or(0.0),
        clues: number(t, rec, "clues", None)?.unwrap_or(0.0),
        special_reports: number(t, rec, "special", None)?.unwrap_or(0.0),
        rectified: number(t, rec, "rectified", None)?.unwrap_or(0.0),
        publicity: number(t, rec, "publicity", None)?.unwrap_or(0.0),
        groundwork: number(t, rec, "groundwork", Some(100.0))?,
        survey: number(t, rec, "survey", Some(100.0))?,
        self_assessment: rec.get(t, "self").map(str::to_owned),
        reported_first,
        events: Vec::new(),
        origin: format!("{} 第{}行", t.path, rec.row),
    })
}

fn read_toml_file(path: &Path, round: &Round, cfg: &CadreConfig) -> Result<Vec<Cadre>, CadreError> {
    let file: CadreFile = read_toml(path)?;
    let shown = path.display().to_string();
    let invalid = |detail: String| CadreError::Invalid { path: shown.clone(), detail };
    let mut list = Vec::new();
    for (i, c) in file.cadres.into_iter().enumerate() {
        if round.group(&c.group).is_none() {
            return Err(invalid(format!("第{}名干部 {} 的巡察组“{}”不是本轮登记的巡察组", i + 1, c.name, c.group)));
        }
        if !ROLES.contains(&c.role.as_str()) {
            return Err(invalid(format!(
                "第{}名干部 {} 的角色“{}”无法识别，可选：{}",
                i + 1,
                c.name,
                c.role,
                ROLES.join("、")
            )));
        }
        for (what, v, max) in [("问卷满意度", c.survey, 100.0), ("基础工作分", c.groundwork, 100.0)] {
            if v.is_some_and(|x| !(0.0..=max).contains(&x)) {
                return Err(invalid(format!("第{}名干部 {} 的{what}超出 0～{max}", i + 1, c.name)));
            }
        }
        list.push(c.into_cadre(format!("{shown} 第{}名", i + 1)));
    }
    for (i, e) in file.events.into_iter().enumerate() {
        let category = cfg
            .category(&e.category)
            .ok_or_else(|| {
                invalid(format!(
                    "第{}条作风纪律情况的类别“{}”不在负面清单中{}",
                    i + 1,
                    e.category,
                    cfg.suggest_category(&e.category)
                ))
            })?
            .to_owned();
        let date = match &e.date {
            None => None,
            Some(d) => Some(parse_date(d).ok_or_else(|| invalid(format!("第{}条作风纪律情况的日期“{d}”无效", i + 1)))?),
        };
        let names: Vec<String> = list.iter().map(|c| c.name.clone()).collect();
        let cadre = list.iter_mut().find(|c| c.name == e.name).ok_or_else(|| {
            invalid(format!(
                "第{}条作风纪律情况涉及的“{}”不是本轮巡察干部{}",
                i + 1,
                e.name,
                suggest(&e.name, names.iter().map(String::as_str))
            ))
        })?;
        cadre.events.push(ConductEvent {
            date,
            category,
            text: e.text,
            verified: e.verified,
            source: e.source,
            origin: format!("{shown} 第{}条", i + 1),
        });
    }
    Ok(list)
}

/// Every group with cadres has a leader, and no one is listed twice.
fn check_groups(cadres: &mut [Cadre], round: &Round) -> Result<(), CadreError> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for c in cadres.iter() {
        if let Some(prev) = seen.insert(&c.name, &c.origin) {
            return Err(CadreError::Invalid {
                path: c.origin.clone(),
                detail: format!("{} 重复登记（{prev}已有）", c.name),
            });
        }
    }
    let groups: Vec<&str> = cadres.iter().map(|c| c.group.as_str()).collect();
    for g in groups {
        if !cadres.iter().any(|c| c.group == g && c.role == "组长") {
            return Err(CadreError::Invalid {
                path: round.dir.join("cadres").display().to_string(),
                detail: format!("{g}没有组长：请在巡察干部表中登记该组组长（角色“组长”）"),
            });
        }
    }
    Ok(())
}

/// A cadre written inline in a rule test case (`[cases.cadre]` and `[[cases.events]]`), in the
/// fields of `cadres.toml`.
pub fn from_case(cadre: toml::Table, events: Vec<toml::Table>, cfg: &CadreConfig) -> Result<Cadre, String> {
    let c: CadreToml = toml::Value::Table(cadre)
        .try_into()
        .map_err(|e: toml::de::Error| crate::util::toml_errors::translate_toml(e.message()))?;
    let mut out = c.into_cadre("用例".into());
    for e in events {
        let e: EventToml = toml::Value::Table(e)
            .try_into()
            .map_err(|e: toml::de::Error| crate::util::toml_errors::translate_toml(e.message()))?;
        let category =
            cfg.category(&e.category).ok_or_else(|| format!("类别“{}”不在负面清单中", e.category))?.to_owned();
        out.events.push(ConductEvent {
            date: e.date,
            category,
            text: e.text,
            verified: e.verified,
            source: e.source,
            origin: "用例".into(),
        });
    }
    Ok(out)
}
