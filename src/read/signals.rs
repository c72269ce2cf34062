//! Signals about the inspected units: tip-offs (信访举报), public sentiment (舆情) and what
//! leaders already know (领导掌握), read from `signals/` in the round folder.
//!
//! Informant columns (举报人, 联系电话, 身份证号 …) are declared private: the table reader drops
//! their cells on sight, so they cannot reach any output, log or message.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::model::round::Round;
use crate::model::signal::{Origin, Signal, SignalKind, SourceFile, Text};
use crate::read::round::{RoundError, read_toml};
use crate::read::table::{self, Faults, Field, Notices, Record, Schema, Table, TableError};
use crate::util::date::parse_date;

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
            Field::optional(
                "repeated",
                "是否重复",
                &["重复件", "是否重复件", "初信初访", "初重件", "初次/重复", "初次或重复", "初重"],
            ),
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
            // Optional: a list without numbers gets ids from its rows (LD-3).
            Field::optional("id", "编号", &["序号", "事项编号"]),
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
        other => crate::util::number::parse_number(other).filter(|x| (-1.0..=1.0).contains(x)),
    }
}

struct Reader<'a> {
    round: &'a Round,
    /// The round's unit names, shared by every signal about the unit.
    names: Vec<Arc<str>>,
    /// Unit names as written in the tables, matched once each.
    matched: HashMap<String, Option<usize>>,
    /// Skip rows about other units without a notice (a draft's self-check against a
    /// county-wide export); otherwise each such row is skipped with a notice.
    lenient: bool,
    notes: &'a Notices,
}

impl<'a> Reader<'a> {
    fn new(round: &'a Round, lenient: bool, notes: &'a Notices) -> Self {
        let names = round.file.units.iter().map(|u| Arc::from(u.name.as_str())).collect();
        Self { round, names, matched: HashMap::new(), lenient, notes }
    }

    /// The round's unit for a name as written; `Err` with the notice's text when it is not one.
    fn unit_named(&mut self, written: &str) -> Result<Arc<str>, String> {
        let idx = match self.matched.get(written) {
            Some(&idx) => idx,
            None => {
                let units = &self.round.file.units;
                let idx = self.round.match_unit(written).and_then(|u| units.iter().position(|x| std::ptr::eq(x, u)));
                self.matched.insert(written.to_owned(), idx);
                idx
            }
        };
        match idx {
            Some(i) => Ok(self.names[i].clone()),
            None => Err(format!("“{written}”不是本轮的被巡察单位{}，此行未读入", self.round.suggest_unit(written))),
        }
    }

    /// The row's unit; `Ok(None)` for a unit outside the round (skipped, with a notice unless
    /// lenient).
    fn unit(&mut self, table: &Table, rec: &Record) -> Result<Option<Arc<str>>, TableError> {
        let written = rec.get(table, "unit").ok_or_else(|| table.cell_error(rec.row, "unit", "单位为空"))?;
        match self.unit_named(written) {
            Ok(u) => Ok(Some(u)),
            Err(detail) => {
                if !self.lenient {
                    self.notes.row(&table.path, rec.row, format!("“{}”列：{detail}", table.column("unit")));
                }
                Ok(None)
            }
        }
    }
}

fn id_of<'r>(table: &Table, rec: &'r Record) -> Result<&'r str, TableError> {
    rec.get(table, "id").ok_or_else(|| table.cell_error(rec.row, "id", "编号为空"))
}

fn date_of(table: &Table, rec: &Record) -> Result<Option<String>, TableError> {
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

fn text_of<'r>(table: &Table, rec: &'r Record) -> Result<&'r str, TableError> {
    rec.get(table, "text").ok_or_else(|| table.cell_error(rec.row, "text", "内容为空"))
}

/// The file and row of a table record.
fn origin(file: &Arc<SourceFile>, rec: &Record) -> Origin {
    Origin { file: file.clone(), row: u32::try_from(rec.row).unwrap_or(u32::MAX) }
}

fn source_file(table: &Table) -> Arc<SourceFile> {
    Arc::new(SourceFile { path: table.path.clone(), id_column: table.column("id"), items: false })
}

/// The first file in `dir` named `stem` with one of the table extensions.
fn find(dir: &Path, stems: &[&str]) -> Option<PathBuf> {
    stems.iter().flat_map(|s| ["csv", "xlsx", "xls"].map(|e| dir.join(format!("{s}.{e}")))).find(|p| p.is_file())
}

/// Reads every signal file present in `dir` (usually `ROUND/signals`). Missing files are fine;
/// a row about a unit the round lacks is skipped with a notice.
pub fn read_dir(dir: &Path, round: &Round, notes: &Notices) -> Result<Vec<Signal>, SignalError> {
    collect(dir, round, false, notes)
}

/// Like [`read_dir`], but rows about other units are skipped without a notice (checking one
/// draft against a county-wide export).
pub fn read_dir_for_units(dir: &Path, round: &Round, notes: &Notices) -> Result<Vec<Signal>, SignalError> {
    collect(dir, round, true, notes)
}

fn collect(dir: &Path, round: &Round, lenient: bool, notes: &Notices) -> Result<Vec<Signal>, SignalError> {
    let mut out = Vec::new();
    read_batches(dir, round, lenient, notes, &mut |batch| {
        out.extend(batch);
        ControlFlow::Continue(())
    })?;
    check_unique(&out)?;
    Ok(out)
}

/// Why reading stopped early: an unusable row, or the consumer wants no more.
enum Stop {
    Error(SignalError),
    Consumer,
}

impl From<TableError> for Stop {
    fn from(e: TableError) -> Self {
        Self::Error(e.into())
    }
}

impl From<RoundError> for Stop {
    fn from(e: RoundError) -> Self {
        Self::Error(e.into())
    }
}

/// Signals handed on at a time: enough to keep both cores busy classifying and for a large
/// round's signals about one unit to come several at a time, few enough not to matter in memory.
const BATCH: usize = 16_384;
/// The first batch is small: the first signals are what starts indexing the reports for
/// matching, which then runs while the rest are read.
const FIRST_BATCH: usize = 256;

/// Streams every signal file present in `dir` to `sink`, in batches of up to `BATCH` signals,
/// so a million-row export never sits in memory as rows. Reading stops when `sink` breaks.
/// Duplicate ids are not detected here: the caller checks the signals it keeps with
/// [`check_unique`].
pub fn read_batches(
    dir: &Path,
    round: &Round,
    lenient: bool,
    notes: &Notices,
    sink: &mut dyn FnMut(Vec<Signal>) -> ControlFlow<()>,
) -> Result<(), SignalError> {
    let mut buf: Vec<Signal> = Vec::with_capacity(FIRST_BATCH);
    let mut limit = FIRST_BATCH;
    let mut push = |signal: Signal, buf: &mut Vec<Signal>| -> Result<(), Stop> {
        buf.push(signal);
        if buf.len() >= limit {
            limit = BATCH;
            if sink(std::mem::replace(buf, Vec::with_capacity(BATCH))).is_break() {
                return Err(Stop::Consumer);
            }
        }
        Ok(())
    };
    match read_into(dir, round, lenient, notes, &mut |s| push(s, &mut buf)) {
        Ok(()) => {}
        Err(Stop::Consumer) => return Ok(()),
        Err(Stop::Error(e)) => return Err(e),
    }
    if !buf.is_empty() {
        let _ = sink(buf);
    }
    Ok(())
}

fn read_into(
    dir: &Path,
    round: &Round,
    lenient: bool,
    notes: &Notices,
    out: &mut dyn FnMut(Signal) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let mut r = Reader::new(round, lenient, notes);
    let custom: &IndexMap<String, String> = &round.file.columns;
    if let Some(path) = find(dir, &["tipoffs", "信访举报"]) {
        each_row(&path, &tipoff_schema(), custom, notes, &mut r, out, tipoff)?;
    }
    if let Some(path) = find(dir, &["sentiment", "舆情"]) {
        each_row(&path, &sentiment_schema(), custom, notes, &mut r, out, sentiment)?;
    }
    let known_toml = dir.join("known.toml");
    if known_toml.is_file() {
        let known: KnownFile = read_toml(&known_toml)?;
        let shown = known_toml.display().to_string();
        let file = Arc::new(SourceFile { path: shown.clone(), id_column: "id".into(), items: true });
        for (i, k) in known.known.into_iter().enumerate() {
            let unit = match r.unit_named(&k.unit) {
                Ok(unit) => unit,
                Err(detail) => {
                    if !lenient {
                        notes.file(&shown, format!("第{}条：{detail}", i + 1));
                    }
                    continue;
                }
            };
            let at = Origin { file: file.clone(), row: u32::try_from(i + 1).unwrap_or(u32::MAX) };
            let texts =
                [(Text::Id, Some(k.id.as_str())), (Text::Text, Some(&k.text)), (Text::Source, k.source.as_deref())];
            let mut signal = Signal::new(SignalKind::Known, unit, at, &texts);
            signal.declared_areas = k.areas;
            out(signal)?;
        }
    } else if let Some(path) = find(dir, &["known", "领导掌握"]) {
        each_row(&path, &known_schema(), custom, notes, &mut r, out, known_row)?;
    }
    Ok(())
}

/// One tip-off row; `None` for a row about a unit outside the round.
/// One row of a signal table made into a signal (`None`: the row is skipped).
type RowFn = fn(&mut Reader, &Table, &Record, &mut Option<Arc<SourceFile>>) -> Result<Option<Signal>, TableError>;

/// Reads a signal table row by row: each signal goes to `out`, every row's fault is collected and
/// reported together at the end.
fn each_row(
    path: &Path,
    schema: &Schema,
    custom: &IndexMap<String, String>,
    notes: &Notices,
    r: &mut Reader,
    out: &mut dyn FnMut(Signal) -> Result<(), Stop>,
    row: RowFn,
) -> Result<(), Stop> {
    let mut file = None;
    let mut faults = Faults::new(&path.display().to_string());
    table::for_each(path, schema, custom, notes, |t, rec| match row(r, t, &rec, &mut file) {
        Ok(Some(signal)) => out(signal),
        Ok(None) => Ok(()),
        Err(e) => {
            faults.push(e);
            Ok(())
        }
    })?;
    faults.finish(())?;
    Ok(())
}

fn tipoff(
    r: &mut Reader,
    t: &Table,
    rec: &Record,
    file: &mut Option<Arc<SourceFile>>,
) -> Result<Option<Signal>, TableError> {
    let Some(unit) = r.unit(t, rec)? else { return Ok(None) };
    let yes_no = |key, yes: &[&str], no: &[&str]| -> Result<Option<bool>, TableError> {
        match rec.get(t, key) {
            None => Ok(None),
            Some(v) => parse_yes_no(v, yes, no)
                .map(Some)
                .ok_or_else(|| t.cell_error(rec.row, key, format!("“{v}”无法识别，应为“{}”或“{}”", yes[0], no[0]))),
        }
    };
    let date = date_of(t, rec)?;
    let file = file.get_or_insert_with(|| source_file(t));
    let texts = [
        (Text::Id, Some(id_of(t, rec)?)),
        (Text::Person, rec.get(t, "person")),
        (Text::Rank, rec.get(t, "rank")),
        (Text::Date, date.as_deref()),
        (Text::Channel, rec.get(t, "channel")),
        (Text::Category, rec.get(t, "category")),
        (Text::Text, Some(text_of(t, rec)?)),
    ];
    let mut signal = Signal::new(SignalKind::Tipoff, unit, origin(file, rec), &texts);
    signal.signed = yes_no("signed", &["是", "署名", "实名", "Y", "y", "1"], &["否", "匿名", "N", "n", "0"])?;
    // Without a 是否署名 column, a filled-in informant name, phone or id number makes the
    // tip-off signed. Only that fact is used; the values were dropped when read.
    const INFORMANT: [&str; 3] = ["informant", "phone", "id_number"];
    if signal.signed.is_none() && INFORMANT.iter().any(|k| t.has_column(k)) {
        signal.signed = Some(INFORMANT.iter().any(|k| rec.private_filled(t, k)));
    }
    signal.repeated = yes_no(
        "repeated",
        &["是", "重复", "重复件", "重复访", "Y", "y", "1"],
        &["否", "初次", "首次", "初信", "初访", "N", "n", "0"],
    )?;
    Ok(Some(signal))
}

/// One row of the sentiment table.
fn sentiment(
    r: &mut Reader,
    t: &Table,
    rec: &Record,
    file: &mut Option<Arc<SourceFile>>,
) -> Result<Option<Signal>, TableError> {
    let Some(unit) = r.unit(t, rec)? else { return Ok(None) };
    let polarity = match rec.get(t, "polarity") {
        None => None,
        Some(v) => Some(parse_polarity(v).ok_or_else(|| {
            t.cell_error(rec.row, "polarity", format!("“{v}”无法识别，应为 正面/中性/负面 或 -1～1 之间的数"))
        })?),
    };
    let heat = t.number(rec, "heat")?;
    if heat.is_some_and(|h| h < 0.0) {
        return Err(t.cell_error(rec.row, "heat", "热度不能为负数"));
    }
    let date = date_of(t, rec)?;
    let file = file.get_or_insert_with(|| source_file(t));
    let texts = [
        (Text::Id, Some(id_of(t, rec)?)),
        (Text::Date, date.as_deref()),
        (Text::Category, rec.get(t, "topic")),
        (Text::Title, rec.get(t, "title")),
        (Text::Text, Some(text_of(t, rec)?)),
        (Text::Source, rec.get(t, "source")),
    ];
    let mut signal = Signal::new(SignalKind::Sentiment, unit, origin(file, rec), &texts);
    (signal.polarity, signal.heat) = (polarity, heat);
    Ok(Some(signal))
}

/// One row of a 领导掌握 list; a list without an 编号 column numbers its items by row (LD-3).
fn known_row(
    r: &mut Reader,
    t: &Table,
    rec: &Record,
    file: &mut Option<Arc<SourceFile>>,
) -> Result<Option<Signal>, TableError> {
    let Some(unit) = r.unit(t, rec)? else { return Ok(None) };
    let file = file.get_or_insert_with(|| source_file(t));
    let row_id;
    let id = if t.has_column("id") {
        id_of(t, rec)?
    } else {
        row_id = format!("LD-{}", rec.row);
        &row_id
    };
    let texts = [
        (Text::Id, Some(id)),
        (Text::Category, rec.get(t, "category")),
        (Text::Text, Some(text_of(t, rec)?)),
        (Text::Source, rec.get(t, "source")),
    ];
    Ok(Some(Signal::new(SignalKind::Known, unit, origin(file, rec), &texts)))
}

/// Refuses two signals of one kind with the same id, naming the first repeat in file order.
pub fn check_unique<'a>(signals: impl IntoIterator<Item = &'a Signal>) -> Result<(), SignalError> {
    let mut all: Vec<&Signal> = signals.into_iter().collect();
    all.sort_unstable_by(|a, b| (a.kind, a.id(), a.origin.row).cmp(&(b.kind, b.id(), b.origin.row)));
    // Kinds are read in their declared order, so (kind, row) is file order.
    let repeat = all
        .windows(2)
        .filter(|w| w[0].kind == w[1].kind && w[0].id() == w[1].id())
        .min_by_key(|w| (w[1].kind, w[1].origin.row));
    let Some([first, again]) = repeat else { return Ok(()) };
    let file = &again.origin.file;
    Err(if file.items {
        RoundError::Invalid {
            path: file.path.clone(),
            detail: format!("第{}条：编号“{}”重复（第{}条已有）", again.origin.row, again.id(), first.origin.row),
        }
        .into()
    } else {
        TableError::Cell {
            path: file.path.clone(),
            row: again.origin.row as usize,
            column: file.id_column.clone(),
            detail: format!("编号“{}”重复（{}已有）", again.id(), first.origin),
        }
        .into()
    })
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
