//! Input tables (.csv in UTF-8 or GBK, .xlsx) with Chinese headers, read into records by a schema.
//!
//! Real exports differ from office to office, so each field has aliases, and a round may map any
//! header to a field. Private columns (举报人, 联系电话, 身份证号 …) are recognised only so that
//! they can be dropped: their cells are never stored, so no output or message can contain them.

use std::path::Path;

use calamine::{Data, Reader};
use indexmap::IndexMap;

use crate::read::report::InputError;
use crate::util::number::parse_number;

/// Largest table accepted (a 1,000,000-row tip-off export is about 200 MB).
pub const MAX_TABLE_BYTES: u64 = 512 << 20;

/// One column a table may have.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Stable key used by the code.
    pub key: &'static str,
    /// Header as the README documents it.
    pub label: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// Informant data: recognised and dropped.
    pub private: bool,
}

impl Field {
    pub const fn required(key: &'static str, label: &'static str, aliases: &'static [&'static str]) -> Self {
        Self { key, label, aliases, required: true, private: false }
    }
    pub const fn optional(key: &'static str, label: &'static str, aliases: &'static [&'static str]) -> Self {
        Self { key, label, aliases, required: false, private: false }
    }
    pub const fn private(key: &'static str, label: &'static str, aliases: &'static [&'static str]) -> Self {
        Self { key, label, aliases, required: false, private: true }
    }
}

/// What a table must look like.
#[derive(Debug, Clone)]
pub struct Schema {
    /// Chinese name of the table, for messages (评委评分表).
    pub name: &'static str,
    pub fields: Vec<Field>,
    /// Headers accepted beyond the fields, kept as extra columns (e.g. per-criterion scores).
    pub extra: Vec<String>,
}

/// One data row. `row` is the spreadsheet row number (the header is row 1).
#[derive(Debug, Clone)]
pub struct Record {
    pub row: usize,
    values: Vec<Option<String>>,
    pub extra: Vec<(String, String)>,
}

/// A table read by a schema.
#[derive(Debug, Clone)]
pub struct Table {
    pub path: String,
    pub schema: Schema,
    /// For each field, the header that supplied it (for messages).
    headers: Vec<Option<String>>,
    pub records: Vec<Record>,
}

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{path}：{detail}")]
    Format { path: String, detail: String },
    #[error("{path}：文件为空，{table}至少应有表头行")]
    NoHeader { path: String, table: &'static str },
    #[error("{path}：第1行表头中的“{header}”无法识别。{hint}")]
    UnknownHeader { path: String, header: String, hint: String },
    #[error("{path}：缺少“{label}”列（可用的表头：{aliases}）")]
    MissingColumn { path: String, label: &'static str, aliases: String },
    #[error("{path}：表头“{header}”出现了两次（第{first}列和第{second}列）")]
    DuplicateHeader { path: String, header: String, first: usize, second: usize },
    #[error("{path}：第{row}行“{column}”列：{detail}")]
    Cell { path: String, row: usize, column: String, detail: String },
    #[error("{path}：第{row}行：{detail}")]
    Row { path: String, row: usize, detail: String },
    /// Several faulty cells, reported together (see [`Faults`]).
    #[error("{path} 有 {count} 处需要改正：\n{list}", list = .errors.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Cells { path: String, count: usize, errors: Vec<TableError> },
}

/// Faulty cells listed in one error before the rest are only counted.
pub const MAX_REPORTED: usize = 20;

/// Cell faults gathered while a table is read, so a clerk fixes the sheet in one go.
#[derive(Debug)]
pub struct Faults {
    path: String,
    errors: Vec<TableError>,
    count: usize,
}

impl Faults {
    pub fn new(path: &str) -> Self {
        Self { path: path.to_owned(), errors: Vec::new(), count: 0 }
    }

    pub fn push(&mut self, e: TableError) {
        self.count += 1;
        if self.errors.len() < MAX_REPORTED {
            self.errors.push(e);
        }
    }

    /// `value` when nothing was faulty, else every fault in one [`TableError::Cells`].
    pub fn finish<T>(self, value: T) -> Result<T, TableError> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(TableError::Cells { path: self.path, count: self.count, errors: self.errors })
        }
    }
}

fn normalise(h: &str) -> String {
    h.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}' && *c != '*')
        .map(crate::util::text::fold_char)
        .collect()
}

impl Schema {
    fn field_for(&self, header: &str, custom: &IndexMap<String, String>) -> Option<usize> {
        let h = normalise(header);
        if let Some(target) = custom.iter().find(|(k, _)| normalise(k) == h).map(|(_, v)| v) {
            return self.fields.iter().position(|f| f.key == target || f.label == target);
        }
        self.fields.iter().position(|f| normalise(f.label) == h || f.aliases.iter().any(|a| normalise(a) == h))
    }
}

impl Record {
    /// The trimmed value of a field, None when the column is absent or the cell empty.
    pub fn get(&self, table: &Table, key: &str) -> Option<&str> {
        let i = table.schema.fields.iter().position(|f| f.key == key)?;
        self.values.get(i)?.as_deref().filter(|s| !s.is_empty())
    }

    /// Whether a private column (informant data) was filled in on this row. The value itself
    /// was never kept.
    pub fn private_filled(&self, table: &Table, key: &str) -> bool {
        let i = table.schema.fields.iter().position(|f| f.key == key && f.private);
        i.and_then(|i| self.values.get(i)).is_some_and(Option::is_some)
    }
}

impl Table {
    /// Header (as written in the file) for a field, or its documented label.
    pub fn column(&self, key: &str) -> String {
        let i = self.schema.fields.iter().position(|f| f.key == key);
        i.and_then(|i| self.headers[i].clone())
            .or_else(|| i.map(|i| self.schema.fields[i].label.to_owned()))
            .unwrap_or_else(|| key.to_owned())
    }

    pub fn has_column(&self, key: &str) -> bool {
        self.schema.fields.iter().position(|f| f.key == key).is_some_and(|i| self.headers[i].is_some())
    }

    pub fn cell_error(&self, row: usize, key: &str, detail: impl Into<String>) -> TableError {
        TableError::Cell { path: self.path.clone(), row, column: self.column(key), detail: detail.into() }
    }

    pub fn row_error(&self, row: usize, detail: impl Into<String>) -> TableError {
        TableError::Row { path: self.path.clone(), row, detail: detail.into() }
    }

    /// A number in a cell, or an error naming row and column: never a silent zero.
    pub fn number(&self, rec: &Record, key: &str) -> Result<Option<f64>, TableError> {
        match rec.get(self, key) {
            None => Ok(None),
            Some(s) => parse_number(s).map(Some).ok_or_else(|| self.cell_error(rec.row, key, format!("“{s}”不是数字"))),
        }
    }
}

/// (row number, cells) of each non-empty row, header first, read lazily.
type Rows = Box<dyn Iterator<Item = Result<(usize, Vec<String>), TableError>>>;

/// Reads a .csv or .xlsx table by `schema`; `custom` maps extra header names to field keys.
pub fn read(path: &Path, schema: &Schema, custom: &IndexMap<String, String>) -> Result<Table, TableError> {
    let mut records = Vec::new();
    let mut table = for_each(path, schema, custom, |_, rec| {
        records.push(rec);
        Ok::<(), TableError>(())
    })?;
    table.records = records;
    Ok(table)
}

/// Streams the records of a table to `f` without keeping them: a county-wide tip-off export
/// with a million rows is read in memory that does not grow with it. The returned table has
/// the header information and no records.
pub fn for_each<E: From<TableError>>(
    path: &Path,
    schema: &Schema,
    custom: &IndexMap<String, String>,
    mut f: impl FnMut(&Table, Record) -> Result<(), E>,
) -> Result<Table, E> {
    let shown = path.display().to_string();
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let mut rows: Rows = match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => Box::new(read_sheet(path, &shown)?.into_iter().map(Ok)),
        _ => csv_rows(path, &shown)?,
    };
    let (_, header) = rows.next().ok_or(TableError::NoHeader { path: shown.clone(), table: schema.name })??;
    let (table, layout) = header_layout(shown, &header, schema, custom)?;
    for row in rows {
        let (row, cells) = row?;
        f(&table, layout.record(&table, row, &cells)?)?;
    }
    Ok(table)
}

/// Reads a CSV row by row: UTF-8 straight from the file, GBK through a streaming decoder.
fn csv_rows(path: &Path, shown: &str) -> Result<Rows, TableError> {
    use std::io::Read;
    crate::read::report::check_size(path, MAX_TABLE_BYTES)?;
    let io = |e: std::io::Error| {
        TableError::Input(InputError::Io { path: shown.to_owned(), detail: crate::read::report::io_detail(&e) })
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    // Sniff the start: binary junk is refused, invalid UTF-8 means GBK/GB18030.
    const SNIFF: usize = 1 << 20;
    let mut head = vec![0u8; SNIFF];
    let n = read_full(&mut file, &mut head).map_err(io)?;
    head.truncate(n);
    let format_err = |detail: &str| TableError::Format { path: shown.to_owned(), detail: detail.to_owned() };
    if head.iter().take(8192).any(|&b| b == 0) {
        return Err(format_err("不是 CSV 文本文件（含有二进制内容）；Excel 文件请使用 .xlsx 扩展名"));
    }
    let utf8 = match std::str::from_utf8(&head) {
        Ok(_) => true,
        // A character cut at the end of the sniffed block is still UTF-8.
        Err(e) => e.error_len().is_none() && n == SNIFF,
    };
    let source = std::io::Cursor::new(head).chain(file);
    let reader: Box<dyn std::io::Read> =
        if utf8 { Box::new(source) } else { Box::new(crate::util::text::DecodingReader::gb18030(source)) };
    let mut csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(reader);
    let shown = shown.to_owned();
    let mut i = 0;
    Ok(Box::new(std::iter::from_fn(move || {
        loop {
            let mut rec = csv::StringRecord::new();
            i += 1;
            match csv.read_record(&mut rec) {
                Ok(false) => return None,
                Err(e) => {
                    let line = e.position().map_or(i, |p| p.line() as usize);
                    return Some(Err(TableError::Format {
                        path: shown.clone(),
                        detail: format!("第{line}行 CSV 格式错误（{}）", csv_detail(&e)),
                    }));
                }
                Ok(true) => {
                    let line = rec.position().map_or(i, |p| p.line() as usize);
                    let cells: Vec<String> = rec.iter().map(|c| c.trim().to_owned()).collect();
                    if cells.iter().any(|c| !c.is_empty()) {
                        return Some(Ok((line, cells)));
                    }
                }
            }
        }
    })))
}

fn read_full(r: &mut impl std::io::Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn csv_detail(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "编码错误：前文是 UTF-8，此处却不是".into(),
        csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => {
            "无法识别编码（既不是 UTF-8，也不是 GBK），请另存为 UTF-8 的 CSV".into()
        }
        _ => "引号不匹配或字段分隔有误".into(),
    }
}

/// Excel's own limits: a cell beyond them is not a real cell.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLS: u32 = 16_384;
/// Cells of one sheet kept at most (a tip-off export of a million rows × 13 columns fits).
const MAX_CELLS: usize = 20_000_000;

/// (row number, cells) of every non-empty row, header first.
///
/// A .xlsx is read cell by cell into a sparse map, never as calamine's dense grid: two cells far
/// apart (A1 and XFD1048576) would otherwise ask for hundreds of GB. calamine 0.38 also overflows
/// on some malformed cell references; such a panic is contained and reported as a damaged file.
fn read_sheet(path: &Path, shown: &str) -> Result<Vec<(usize, Vec<String>)>, TableError> {
    crate::read::report::check_size(path, MAX_TABLE_BYTES)?;
    let bad = |detail: String| TableError::Format { path: shown.to_owned(), detail };
    // The default hook would print an English panic message before our Chinese one.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
        if matches!(ext.as_str(), "xlsx" | "xlsm") { sparse_xlsx(path) } else { sparse_other(path) }
    }));
    std::panic::set_hook(hook);
    let (cells, merged) = match read {
        Ok(Ok(r)) => r,
        Ok(Err(detail)) => return Err(bad(detail)),
        Err(_) => return Err(bad("无法作为 Excel 工作簿读取（单元格位置超出范围或文件已损坏）".into())),
    };
    Ok(fill_rows(cells, &merged))
}

type Sparse = std::collections::BTreeMap<(u32, u32), String>;

fn sparse_xlsx(path: &Path) -> Result<(Sparse, Vec<calamine::Dimensions>), String> {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).map_err(|e: calamine::XlsxError| {
        format!("无法作为 Excel 工作簿打开（{}），文件可能已损坏", short(&e.to_string()))
    })?;
    let name = book.sheet_names().first().cloned().ok_or("工作簿中没有工作表")?;
    let merged = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
    let mut reader =
        book.worksheet_cells_reader(&name).map_err(|e| format!("第一个工作表无法读取（{}）", short(&e.to_string())))?;
    let mut cells = Sparse::new();
    while let Some(cell) =
        reader.next_cell().map_err(|e| format!("第一个工作表无法读取（{}）", short(&e.to_string())))?
    {
        let (r, c) = cell.get_position();
        if r >= MAX_ROWS || c >= MAX_COLS {
            return Err(format!(
                "单元格位置（第{}行第{}列）超出 Excel 的范围，文件可能已损坏",
                r as u64 + 1,
                c as u64 + 1
            ));
        }
        let text = cell_text(&calamine::Data::from(cell.get_value().clone()));
        if !text.is_empty() {
            if cells.len() >= MAX_CELLS {
                return Err(format!("单元格超过 {MAX_CELLS} 个，请拆分文件"));
            }
            cells.insert((r, c), text);
        }
    }
    Ok((cells, merged))
}

/// .xls and .ods: calamine's range (these formats have no cell reader).
fn sparse_other(path: &Path) -> Result<(Sparse, Vec<calamine::Dimensions>), String> {
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| format!("无法作为 Excel 工作簿打开（{}），文件可能已损坏", short(&e.to_string())))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("工作簿中没有工作表")?
        .map_err(|e| format!("第一个工作表无法读取（{}）", short(&e.to_string())))?;
    let mut cells = Sparse::new();
    for (r, c, d) in range.used_cells() {
        let text = cell_text(d);
        if !text.is_empty() {
            let (top, left) = range.start().unwrap_or((0, 0));
            cells.insert((top + r as u32, left + c as u32), text);
        }
    }
    Ok((cells, Vec::new()))
}

/// Rows with content, each cell by column; merged regions take their top-left value (offices
/// merge one unit's cell over its judges' rows).
fn fill_rows(mut cells: Sparse, merged: &[calamine::Dimensions]) -> Vec<(usize, Vec<String>)> {
    for m in merged {
        let area = (m.end.0.saturating_sub(m.start.0) as u64 + 1) * (m.end.1.saturating_sub(m.start.1) as u64 + 1);
        if m.end.0 >= MAX_ROWS || m.end.1 >= MAX_COLS || area > 100_000 {
            continue;
        }
        let Some(value) = cells.get(&m.start).cloned() else { continue };
        for r in m.start.0..=m.end.0 {
            for c in m.start.1..=m.end.1 {
                cells.insert((r, c), value.clone());
            }
        }
    }
    let left = cells.keys().map(|&(_, c)| c).min().unwrap_or(0);
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    for ((r, c), text) in cells {
        let row = r as usize + 1;
        if rows.last().is_none_or(|(n, _)| *n != row) {
            rows.push((row, Vec::new()));
        }
        if let Some((_, v)) = rows.last_mut() {
            let i = (c - left) as usize;
            if v.len() <= i {
                v.resize(i + 1, String::new());
            }
            v[i] = text;
        }
    }
    rows
}

fn short(s: &str) -> String {
    s.chars().take(80).collect()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.into(),
        Data::DateTime(dt) => excel_date(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        // A formula that failed (#DIV/0!, #REF!) is kept visible so validation names it.
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Excel serial day → 2024-03-01 (the 1900 system; serials before March 1900 are not dates here).
fn excel_date(serial: f64) -> String {
    // Excel's dates run from 1900-01-01 (1) to 9999-12-31 (2958465); anything else is shown as
    // the number it is, so that validation names it instead of inventing a date.
    if !(1.0..2_958_466.0).contains(&serial) {
        return format!("{serial}");
    }
    let days = serial.floor() as i64 - 25569; // days from 1970-01-01
    let (y, m, d) = crate::util::date::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Where each file column goes.
struct Layout {
    /// Per file column: the field it fills.
    columns: Vec<Option<usize>>,
    extra_cols: Vec<(usize, String)>,
}

impl Layout {
    fn record(&self, table: &Table, row: usize, cells: &[String]) -> Result<Record, TableError> {
        let fields = &table.schema.fields;
        let mut values = vec![None; fields.len()];
        for (col, cell) in cells.iter().enumerate() {
            if let Some(Some(f)) = self.columns.get(col) {
                // Private cells (informant data) are dropped here, on sight: only whether one was
                // filled in is kept (an empty value), so a tip-off can count as signed (实名).
                if !fields[*f].private {
                    values[*f] = Some(cell.clone());
                } else if !cell.trim().is_empty() {
                    values[*f] = Some(String::new());
                }
            } else if col >= self.columns.len() && !cell.is_empty() {
                return Err(table.row_error(row, format!("比表头多出数据（第{}列没有表头）", col + 1)));
            }
        }
        let extra = self.extra_cols.iter().filter_map(|(c, h)| cells.get(*c).map(|v| (h.clone(), v.clone()))).collect();
        Ok(Record { row, values, extra })
    }
}

fn header_layout(
    path: String,
    header: &[String],
    schema: &Schema,
    custom: &IndexMap<String, String>,
) -> Result<(Table, Layout), TableError> {
    let mut columns: Vec<Option<usize>> = Vec::new(); // per file column: field index
    let mut extra_cols: Vec<(usize, String)> = Vec::new();
    let mut headers: Vec<Option<String>> = vec![None; schema.fields.len()];
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (col, h) in header.iter().enumerate() {
        let norm = normalise(h);
        if norm.is_empty() {
            columns.push(None);
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == norm) {
            return Err(TableError::DuplicateHeader { path, header: h.clone(), first: first + 1, second: col + 1 });
        }
        seen.push((norm.clone(), col));
        match schema.field_for(h, custom) {
            Some(f) => {
                if let Some(prev) = &headers[f] {
                    return Err(TableError::DuplicateHeader {
                        path,
                        header: format!("{prev}”与“{h}"),
                        first: columns.iter().position(|c| *c == Some(f)).map_or(0, |c| c + 1),
                        second: col + 1,
                    });
                }
                headers[f] = Some(h.clone());
                columns.push(Some(f));
            }
            None if schema.extra.iter().any(|e| normalise(e) == norm) => {
                extra_cols.push((col, h.clone()));
                columns.push(None);
            }
            None => {
                let missing: Vec<&str> = schema
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(i, f)| f.required && headers[*i].is_none() && schema.field_for(h, custom) != Some(*i))
                    .map(|(_, f)| f.label)
                    .collect();
                let known = schema.fields.iter().map(|f| f.label).chain(schema.extra.iter().map(String::as_str));
                let mut hint = crate::util::suggest::suggest(h, known);
                if !missing.is_empty() {
                    hint.push_str(&format!("尚未找到的必填列：{}。", missing.join("、")));
                }
                hint.push_str("可在 round.toml 的 [columns] 中把该表头映射到字段，例如 \"");
                hint.push_str(h);
                hint.push_str("\" = \"");
                hint.push_str(missing.first().copied().unwrap_or("字段名"));
                hint.push('"');
                return Err(TableError::UnknownHeader { path, header: h.clone(), hint });
            }
        }
    }
    for (i, f) in schema.fields.iter().enumerate() {
        if f.required && headers[i].is_none() {
            let aliases = std::iter::once(f.label).chain(f.aliases.iter().copied()).collect::<Vec<_>>().join("、");
            return Err(TableError::MissingColumn { path, label: f.label, aliases });
        }
    }
    let table = Table { path, schema: schema.clone(), headers, records: Vec::new() };
    Ok((table, Layout { columns, extra_cols }))
}

/// A whole table as its cells (header first, with their row numbers) and, for each field of
/// `schema`, the file column it was read from: what an editor needs to change a few cells and
/// write every other one back as it was.
pub struct Grid {
    pub rows: Vec<(usize, Vec<String>)>,
    /// Per schema field: its column in the file.
    pub columns: Vec<Option<usize>>,
}

/// Reads `path` as a [`Grid`] (the header checked as [`read`] checks it).
pub fn grid(path: &Path, schema: &Schema, custom: &IndexMap<String, String>) -> Result<Grid, TableError> {
    let shown = path.display().to_string();
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let rows: Vec<(usize, Vec<String>)> = match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => read_sheet(path, &shown)?,
        _ => csv_rows(path, &shown)?.collect::<Result<_, _>>()?,
    };
    let header =
        rows.first().map(|(_, h)| h.clone()).ok_or(TableError::NoHeader { path: shown.clone(), table: schema.name })?;
    let (_, layout) = header_layout(shown, &header, schema, custom)?;
    let columns = (0..schema.fields.len()).map(|f| layout.columns.iter().position(|c| *c == Some(f))).collect();
    Ok(Grid { rows, columns })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        Schema {
            name: "测试表",
            fields: vec![
                Field::required("unit", "被巡察单位", &["单位", "报告"]),
                Field::required("score", "得分", &["分数"]),
                Field::private("informant", "举报人", &["反映人"]),
            ],
            extra: vec!["政治站位".into()],
        }
    }

    fn build(
        path: String,
        rows: Vec<(usize, Vec<String>)>,
        schema: &Schema,
        custom: &IndexMap<String, String>,
    ) -> Result<Table, TableError> {
        let (mut table, layout) = header_layout(path, &rows[0].1, schema, custom)?;
        for (row, cells) in &rows[1..] {
            let r = layout.record(&table, *row, cells)?;
            table.records.push(r);
        }
        Ok(table)
    }

    fn rows(v: &[&[&str]]) -> Vec<(usize, Vec<String>)> {
        v.iter().enumerate().map(|(i, r)| (i + 1, r.iter().map(|s| s.to_string()).collect())).collect()
    }

    #[test]
    fn aliases_private_and_extra_columns() {
        let t = build(
            "t.csv".into(),
            rows(&[&["单位", "分数", "举报人", "政治站位"], &["某局", "88", "王某某", "12"]]),
            &schema(),
            &IndexMap::new(),
        )
        .unwrap();
        let r = &t.records[0];
        assert_eq!(r.get(&t, "unit"), Some("某局"));
        assert_eq!(r.get(&t, "informant"), None, "private cells are dropped");
        assert_eq!(r.extra, vec![("政治站位".to_owned(), "12".to_owned())]);
        assert!(!format!("{t:?}").contains("王某某"));
    }

    #[test]
    fn unknown_and_missing_headers() {
        let err = build("t.csv".into(), rows(&[&["单位", "评分"], &["某局", "88"]]), &schema(), &IndexMap::new())
            .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("“评分”无法识别") && msg.contains("尚未找到的必填列：得分"), "{msg}");
        let mut custom = IndexMap::new();
        custom.insert("评分".to_owned(), "score".to_owned());
        assert!(build("t.csv".into(), rows(&[&["单位", "评分"], &["某局", "88"]]), &schema(), &custom).is_ok());
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(parse_number("８５分"), Some(85.0));
        assert_eq!(parse_number("1,200"), Some(1200.0));
        assert_eq!(parse_number("优"), None);
        assert_eq!(excel_date(45352.0), "2024-03-01");
        // Found by the table_xlsx fuzzer: serials far outside Excel's range overflowed.
        assert_eq!(excel_date(1e300), format!("{}", 1e300));
        assert_eq!(excel_date(-5e18), "-5000000000000000000");
        assert_eq!(excel_date(f64::NAN), "NaN");
    }
}
