//! Signals about the inspected units: tip-offs (信访举报), public sentiment (舆情) and what
//! leaders already know (领导掌握), read from `signals/` in the round folder.
//!
//! Informant columns (举报人, 联系电话, 身份证号 …) are declared private: the table reader drops
//! their cells on sight, so they cannot reach any output, log or message.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::round::{Round, RoundError, read_toml};
use crate::tabular::{self, Field, Record, Schema, Table, TableError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum SignalKind {
    #[serde(rename = "信访举报")]
    Tipoff,
    #[serde(rename = "舆情")]
    Sentiment,
    #[serde(rename = "领导掌握")]
    Known,
}

impl SignalKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Tipoff => "信访举报",
            Self::Sentiment => "舆情",
            Self::Known => "领导掌握",
        }
    }
}

/// One signal, normalised across the three sources.
#[derive(Debug, Clone, Serialize)]
pub struct Signal {
    pub id: String,
    pub kind: SignalKind,
    /// The round's unit name it concerns.
    pub unit: String,
    /// 被反映人 (the person reported — never the informant).
    pub person: Option<String>,
    /// 职级.
    pub rank: Option<String>,
    /// ISO date.
    pub date: Option<String>,
    pub channel: Option<String>,
    pub signed: Option<bool>,
    pub repeated: Option<bool>,
    /// Explicit category (a discipline, a sector or a lexicon area id).
    pub category: Option<String>,
    pub title: Option<String>,
    pub text: String,
    /// −1 … 1 (sentiment).
    pub polarity: Option<f64>,
    /// Reads + reposts + comments, or the export's heat index (sentiment).
    pub heat: Option<f64>,
    pub source: Option<String>,
    /// Areas given by the source itself (known.toml `areas`).
    #[serde(skip)]
    pub declared_areas: Vec<String>,
    /// Where it was read: "signals/tipoffs.csv 第12行".
    pub origin: String,
}

impl Signal {
    /// A signal with only what every source has; the rest is filled in by the caller.
    pub fn new(id: String, kind: SignalKind, unit: String, text: String, origin: String) -> Self {
        Self {
            id,
            kind,
            unit,
            person: None,
            rank: None,
            date: None,
            channel: None,
            signed: None,
            repeated: None,
            category: None,
            title: None,
            text,
            polarity: None,
            heat: None,
            source: None,
            declared_areas: Vec::new(),
            origin,
        }
    }
}

/// A signal file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SignalError {
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Round(#[from] RoundError),
}

fn tipoff_schema() -> Schema {
    Schema {
        name: "信访举报表",
        fields: vec![
            Field::required("id", "编号", &["信访件编号", "件号", "线索编号", "信访编号", "登记编号"]),
            Field::required("unit", "被反映单位", &["涉及单位", "单位", "被举报单位", "所在单位", "被反映人单位"]),
            Field::optional("person", "被反映人", &["被举报人", "被反映人姓名", "被反映对象"]),
            Field::optional("rank", "职级", &["被反映人职级", "级别", "干部级别"]),
            Field::optional("date", "受理日期", &["收件日期", "来信日期", "日期", "登记日期", "收到日期"]),
            Field::optional("channel", "来源渠道", &["渠道", "来源", "反映方式", "信访形式"]),
            Field::optional("signed", "是否署名", &["署名情况", "署名", "实名", "是否实名"]),
            Field::optional("repeated", "是否重复", &["重复件", "是否重复件", "初信初访", "初重件"]),
            Field::optional("category", "问题类别", &["问题类型", "违纪类型", "类别", "涉及领域", "问题性质"]),
            Field::required("text", "反映内容", &["主要问题", "内容摘要", "问题摘要", "反映问题", "摘要", "主要内容"]),
            Field::optional("level", "受理层级", &["层级"]),
            Field::optional("type", "信访类型", &["件类型", "类型"]),
            Field::optional("disposal", "处置方式", &["办理方式", "处置情况"]),
            Field::optional("seq", "序号", &[]),
            Field::optional("note", "备注", &[]),
            Field::private(
                "informant",
                "举报人",
                &["反映人", "信访人", "来信人", "举报人姓名", "实名举报人", "控告人", "检举人"],
            ),
            Field::private("phone", "联系电话", &["电话", "手机", "手机号", "联系方式", "举报人电话"]),
            Field::private("id_number", "身份证号", &["身份证", "身份证号码", "证件号码", "举报人身份证号"]),
            Field::private("address", "家庭住址", &["住址", "地址", "举报人住址"]),
        ],
        extra: Vec::new(),
    }
}

fn sentiment_schema() -> Schema {
    Schema {
        name: "舆情表",
        fields: vec![
            Field::required("id", "编号", &["舆情编号", "序号"]),
            Field::required("unit", "单位", &["涉及单位", "地点", "单位或地点", "属地", "涉及地区"]),
            Field::optional("source", "来源", &["平台", "媒体", "来源平台", "发布平台"]),
            Field::optional("date", "发布时间", &["时间", "发布日期", "日期"]),
            Field::optional("title", "标题", &["舆情标题"]),
            Field::required("text", "摘要", &["内容", "内容摘要", "主要内容"]),
            Field::optional("topic", "话题", &["主题", "关键词"]),
            Field::optional("polarity", "倾向", &["情感倾向", "正负面", "极性", "倾向性"]),
            Field::optional("heat", "热度", &["传播量", "热度值", "影响力"]),
            Field::optional("url", "链接", &["网址", "原文链接"]),
            Field::optional("note", "备注", &[]),
        ],
        extra: Vec::new(),
    }
}

fn known_schema() -> Schema {
    Schema {
        name: "领导掌握情况表",
        fields: vec![
            Field::required("id", "编号", &["序号"]),
            Field::required("unit", "单位", &["被巡察单位", "涉及单位"]),
            Field::optional("category", "领域", &["问题类别", "类别"]),
            Field::required("text", "内容", &["事项", "人和事", "掌握情况", "主要内容"]),
            Field::optional("source", "来源", &["出处", "交办领导"]),
            Field::private("informant", "举报人", &["反映人", "信访人", "来信人"]),
            Field::private("phone", "联系电话", &["电话", "手机", "联系方式"]),
            Field::private("id_number", "身份证号", &["身份证", "身份证号码"]),
        ],
        extra: Vec::new(),
    }
}

/// `signals/known.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KnownFile {
    #[serde(default)]
    known: Vec<KnownItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KnownItem {
    id: String,
    unit: String,
    text: String,
    #[serde(default)]
    areas: Vec<String>,
    #[serde(default)]
    source: Option<String>,
}

/// Parses 2022-03-01, 2022/3/1, 2022年3月1日, 2022.3.1 (time of day ignored) into ISO form.
pub fn parse_date(s: &str) -> Option<String> {
    let s: String = s.chars().map(crate::text::fold_char).collect();
    let day = s.split([' ', 'T']).next()?.trim().trim_end_matches('日');
    let parts: Vec<&str> = day.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts[..] else { return None };
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    ((1900..=2100).contains(&y) && (1..=days_in_month).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn parse_yes_no(s: &str, yes: &[&str], no: &[&str]) -> Option<bool> {
    let t = s.trim();
    if yes.contains(&t) {
        Some(true)
    } else if no.contains(&t) {
        Some(false)
    } else {
        None
    }
}

/// 正面/中性/负面 or a number in −1…1.
fn parse_polarity(s: &str) -> Option<f64> {
    match s.trim() {
        "正面" | "正向" | "积极" => Some(1.0),
        "中性" | "中立" => Some(0.0),
        "负面" | "负向" | "消极" => Some(-1.0),
        other => tabular::parse_number(other).filter(|x| (-1.0..=1.0).contains(x)),
    }
}

struct Reader<'a> {
    round: &'a Round,
    seen: BTreeMap<String, String>,
    /// Skip rows about other units instead of refusing them (a draft's self-check).
    lenient: bool,
}

impl Reader<'_> {
    fn unit(&self, table: &Table, rec: &Record) -> Result<Option<String>, TableError> {
        let written = rec.get(table, "unit").ok_or_else(|| table.cell_error(rec.row, "unit", "单位为空"))?;
        match self.round.match_unit(written) {
            Some(u) => Ok(Some(u.name.clone())),
            None if self.lenient => Ok(None),
            None => Err(table.cell_error(
                rec.row,
                "unit",
                format!("“{written}”不是本轮的被巡察单位{}", self.round.suggest_unit(written)),
            )),
        }
    }

    fn id(&mut self, table: &Table, rec: &Record, kind: SignalKind) -> Result<String, TableError> {
        let id = rec.get(table, "id").ok_or_else(|| table.cell_error(rec.row, "id", "编号为空"))?.to_owned();
        let here = format!("{} 第{}行", table.path, rec.row);
        if let Some(prev) = self.seen.insert(format!("{kind:?}/{id}"), here) {
            return Err(table.cell_error(rec.row, "id", format!("编号“{id}”重复（{prev}已有）")));
        }
        Ok(id)
    }

    fn date(table: &Table, rec: &Record) -> Result<Option<String>, TableError> {
        match rec.get(table, "date") {
            None => Ok(None),
            Some(s) => parse_date(s).map(Some).ok_or_else(|| {
                table.cell_error(
                    rec.row,
                    "date",
                    format!("“{s}”不是有效日期（可写作 2024-03-01、2024/3/1 或 2024年3月1日）"),
                )
            }),
        }
    }
}

fn text_of(table: &Table, rec: &Record) -> Result<String, TableError> {
    rec.get(table, "text").map(str::to_owned).ok_or_else(|| table.cell_error(rec.row, "text", "内容为空"))
}

fn opt(table: &Table, rec: &Record, key: &str) -> Option<String> {
    rec.get(table, key).map(str::to_owned)
}

/// The first file in `dir` named `stem` with one of the table extensions.
fn find(dir: &Path, stems: &[&str]) -> Option<PathBuf> {
    stems.iter().flat_map(|s| ["csv", "xlsx", "xls"].map(|e| dir.join(format!("{s}.{e}")))).find(|p| p.is_file())
}

/// Reads every signal file present in `dir` (usually `ROUND/signals`). Missing files are fine;
/// a row about a unit the round lacks is an error.
pub fn read_dir(dir: &Path, round: &Round) -> Result<Vec<Signal>, SignalError> {
    read(dir, round, false)
}

/// Like [`read_dir`], but rows about other units are skipped (checking one draft against a
/// county-wide export).
pub fn read_dir_for_units(dir: &Path, round: &Round) -> Result<Vec<Signal>, SignalError> {
    read(dir, round, true)
}

fn read(dir: &Path, round: &Round, lenient: bool) -> Result<Vec<Signal>, SignalError> {
    let mut out = Vec::new();
    let mut r = Reader { round, seen: BTreeMap::new(), lenient };
    let custom: &IndexMap<String, String> = &round.file.columns;
    if let Some(path) = find(dir, &["tipoffs", "信访举报"]) {
        tabular::for_each(&path, &tipoff_schema(), custom, |t, rec| {
            let rec = &rec;
            let Some(unit) = r.unit(t, rec)? else { return Ok(()) };
            let yes_no = |key, yes: &[&str], no: &[&str]| -> Result<Option<bool>, TableError> {
                match rec.get(t, key) {
                    None => Ok(None),
                    Some(v) => parse_yes_no(v, yes, no).map(Some).ok_or_else(|| {
                        t.cell_error(rec.row, key, format!("“{v}”无法识别，应为“{}”或“{}”", yes[0], no[0]))
                    }),
                }
            };
            out.push(Signal {
                id: r.id(t, rec, SignalKind::Tipoff)?,
                kind: SignalKind::Tipoff,
                unit,
                person: opt(t, rec, "person"),
                rank: opt(t, rec, "rank"),
                date: Reader::date(t, rec)?,
                channel: opt(t, rec, "channel"),
                signed: yes_no("signed", &["是", "署名", "实名", "Y", "y", "1"], &["否", "匿名", "N", "n", "0"])?,
                repeated: yes_no(
                    "repeated",
                    &["是", "重复", "重复件", "Y", "y", "1"],
                    &["否", "初次", "首次", "初信", "初访", "N", "n", "0"],
                )?,
                category: opt(t, rec, "category"),
                title: None,
                text: text_of(t, rec)?,
                polarity: None,
                heat: None,
                source: opt(t, rec, "channel"),
                declared_areas: Vec::new(),
                origin: format!("{} 第{}行", t.path, rec.row),
            });
            Ok::<(), SignalError>(())
        })?;
    }
    if let Some(path) = find(dir, &["sentiment", "舆情"]) {
        tabular::for_each(&path, &sentiment_schema(), custom, |t, rec| {
            let rec = &rec;
            let Some(unit) = r.unit(t, rec)? else { return Ok(()) };
            let polarity = match rec.get(t, "polarity") {
                None => None,
                Some(v) => Some(parse_polarity(v).ok_or_else(|| {
                    t.cell_error(rec.row, "polarity", format!("“{v}”无法识别，应为 正面/中性/负面 或 -1～1 之间的数"))
                })?),
            };
            let heat = t.number(rec, "heat")?;
            if heat.is_some_and(|h| h < 0.0) {
                return Err(t.cell_error(rec.row, "heat", "热度不能为负数").into());
            }
            out.push(Signal {
                id: r.id(t, rec, SignalKind::Sentiment)?,
                kind: SignalKind::Sentiment,
                unit,
                person: None,
                rank: None,
                date: Reader::date(t, rec)?,
                channel: None,
                signed: None,
                repeated: None,
                category: opt(t, rec, "topic"),
                title: opt(t, rec, "title"),
                text: text_of(t, rec)?,
                polarity,
                heat,
                source: opt(t, rec, "source"),
                declared_areas: Vec::new(),
                origin: format!("{} 第{}行", t.path, rec.row),
            });
            Ok::<(), SignalError>(())
        })?;
    }
    let known_toml = dir.join("known.toml");
    if known_toml.is_file() {
        let file: KnownFile = read_toml(&known_toml)?;
        let shown = known_toml.display().to_string();
        for (i, k) in file.known.into_iter().enumerate() {
            let invalid = |detail: String| RoundError::Invalid {
                path: shown.clone(),
                detail: format!("第{}条：{detail}", i + 1),
            };
            let unit = match round.match_unit(&k.unit) {
                Some(u) => u.name.clone(),
                None if lenient => continue,
                None => {
                    return Err(
                        invalid(format!("“{}”不是本轮的被巡察单位{}", k.unit, round.suggest_unit(&k.unit))).into()
                    );
                }
            };
            if let Some(prev) = r.seen.insert(format!("{:?}/{}", SignalKind::Known, k.id), format!("第{}条", i + 1)) {
                return Err(invalid(format!("编号“{}”重复（{prev}已有）", k.id)).into());
            }
            out.push(Signal {
                source: k.source,
                declared_areas: k.areas,
                ..Signal::new(k.id, SignalKind::Known, unit, k.text, format!("{shown} 第{}条", i + 1))
            });
        }
    } else if let Some(path) = find(dir, &["known", "领导掌握"]) {
        tabular::for_each(&path, &known_schema(), custom, |t, rec| {
            let rec = &rec;
            let Some(unit) = r.unit(t, rec)? else { return Ok(()) };
            let origin = format!("{} 第{}行", t.path, rec.row);
            out.push(Signal {
                category: opt(t, rec, "category"),
                source: opt(t, rec, "source"),
                ..Signal::new(r.id(t, rec, SignalKind::Known)?, SignalKind::Known, unit, text_of(t, rec)?, origin)
            });
            Ok::<(), SignalError>(())
        })?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_formats() {
        assert_eq!(parse_date("2022-03-01").as_deref(), Some("2022-03-01"));
        assert_eq!(parse_date("2022/3/1").as_deref(), Some("2022-03-01"));
        assert_eq!(parse_date("2022年3月1日").as_deref(), Some("2022-03-01"));
        assert_eq!(parse_date("2022.3.1 10:30").as_deref(), Some("2022-03-01"));
        assert_eq!(parse_date("２０２２年３月１日").as_deref(), Some("2022-03-01"));
        assert_eq!(parse_date("2022-02-30"), None);
        assert_eq!(parse_date("去年三月"), None);
        assert_eq!(parse_date("2022-13-01"), None);
    }

    #[test]
    fn polarity_words_and_numbers() {
        assert_eq!(parse_polarity("负面"), Some(-1.0));
        assert_eq!(parse_polarity("-0.6"), Some(-0.6));
        assert_eq!(parse_polarity("2"), None);
    }
}
