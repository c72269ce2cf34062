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
    #[error("{path}：缺少“{label}”列（可用的表头：{aliases}）{hint}")]
    MissingColumn { path: String, label: &'static str, aliases: String, hint: String },
    #[error("{path}：表头“{header}”出现了两次（第{first}列和第{second}列）")]
    DuplicateHeader { path: String, header: String, first: usize, second: usize },
    #[error("{path}：第{row}行“{column}”列：{detail}")]
    Cell { path: String, row: usize, column: String, detail: String },
    #[error("{path}：第{row}行：{detail}")]
    Row { path: String, row: usize, detail: String },
    /// Several faulty cells, reported together (see [`Faults`]).
    #[error("{path} 有 {count} 处需要改正：\n{list}{more}", list = .errors.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"), more = more_line(*.count, .errors.len()))]
    Cells { path: String, count: usize, errors: Vec<TableError> },
}

fn more_line(count: usize, listed: usize) -> String {
    if count > listed { format!("\n  另有 {} 处", count - listed) } else { String::new() }
}

/// Faulty cells (or notices) of one file listed before the rest are only counted.
pub const MAX_REPORTED: usize = 20;

/// Something a clerk should know about a table that did not stop it being read: a column
/// ignored, a row skipped, a value on a surprising scale. Shown on stderr, never in an output.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Notice {
    pub path: String,
    /// The row as Excel and WPS number it, when the notice is about one row.
    pub row: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.row {
            Some(row) => write!(f, "{}：第{row}行：{}", self.path, self.message),
            None => write!(f, "{}：{}", self.path, self.message),
        }
    }
}

/// Where reading leaves its notices: handed down by whoever reads, drained by whoever shows
/// them (the binary prints them to stderr). Shared by reader threads, hence the lock. At most
/// [`MAX_REPORTED`] notices are kept per file; the rest are counted ("另有 N 条").
#[derive(Debug, Default)]
pub struct Notices {
    inner: std::sync::Mutex<NoticeList>,
}

#[derive(Debug, Default)]
struct NoticeList {
    list: Vec<Notice>,
    /// Per file: notices kept, notices left out.
    counts: IndexMap<String, (usize, usize)>,
}

impl Notices {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&self, notice: Notice) {
        let mut g = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (kept, left) = g.counts.entry(notice.path.clone()).or_default();
        if *kept < MAX_REPORTED {
            *kept += 1;
            g.list.push(notice);
        } else {
            *left += 1;
        }
    }

    /// A notice about a whole file.
    pub fn file(&self, path: &str, message: impl Into<String>) {
        self.push(Notice { path: path.to_owned(), row: None, message: message.into() });
    }

    /// A notice about one row.
    pub fn row(&self, path: &str, row: usize, message: impl Into<String>) {
        self.push(Notice { path: path.to_owned(), row: Some(row), message: message.into() });
    }

    /// Every notice so far, in the order they came, each file's overflow counted after it.
    pub fn take(&self) -> Vec<Notice> {
        let mut g = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let NoticeList { list, counts } = std::mem::take(&mut *g);
        let mut out = list;
        for (path, (_, left)) in counts {
            if left > 0 {
                out.push(Notice { path, row: None, message: format!("另有 {left} 条提示从略") });
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.inner.lock().map_or(true, |g| g.list.is_empty())
    }
}

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

/// A header without the points an office writes after it: 政治站位（20分）, 政治站位(20),
/// 基础工作分（满分100分） → the name, and the points when they are a number.
fn strip_points(h: &str) -> (String, Option<f64>) {
    let t = h.trim();
    for (open, close) in [('（', '）'), ('(', ')'), ('【', '】'), ('[', ']')] {
        if let Some(rest) = t.strip_suffix(close) {
            if let Some(at) = rest.rfind(open) {
                let inner = &rest[at + open.len_utf8()..];
                let name = rest[..at].trim();
                if !name.is_empty()
                    && inner.chars().any(|c| c.is_ascii_digit() || crate::util::text::fold_char(c).is_ascii_digit())
                {
                    let digits: String = inner
                        .chars()
                        .map(crate::util::text::fold_char)
                        .filter(|c| c.is_ascii_digit() || *c == '.')
                        .collect();
                    return (name.to_owned(), digits.parse().ok());
                }
            }
        }
    }
    (t.to_owned(), None)
}

impl Schema {
    fn field_for(&self, header: &str, custom: &IndexMap<String, String>) -> Option<usize> {
        let exact = |h: &str| -> Option<Option<usize>> {
            let h = normalise(h);
            if let Some(target) = custom.iter().find(|(k, _)| normalise(k) == h).map(|(_, v)| v) {
                return Some(self.fields.iter().position(|f| f.key == target || f.label == target));
            }
            self.fields
                .iter()
                .position(|f| normalise(f.label) == h || f.aliases.iter().any(|a| normalise(a) == h))
                .map(Some)
        };
        match exact(header) {
            Some(found) => found,
            None => exact(&strip_points(header).0).flatten(),
        }
    }

    /// The extra column (e.g. a criterion) a header names, with the points it states.
    fn extra_for(&self, header: &str) -> Option<(usize, Option<f64>)> {
        let h = normalise(header);
        if let Some(i) = self.extra.iter().position(|e| normalise(e) == h) {
            return Some((i, None));
        }
        let (name, points) = strip_points(header);
        let n = normalise(&name);
        self.extra.iter().position(|e| normalise(e) == n).map(|i| (i, points))
    }

    /// Whether a row could be this schema's header: every required field is there.
    fn is_header(&self, cells: &[String], custom: &IndexMap<String, String>) -> bool {
        let found: Vec<usize> = cells.iter().filter_map(|c| self.field_for(c, custom)).collect();
        self.fields.iter().enumerate().all(|(i, f)| !f.required || found.contains(&i))
            && (self.fields.iter().any(|f| f.required) || !found.is_empty())
    }
}

/// A note under (or inside) a table that is not data: one text alone on its row, starting with
/// 注/说明/备注/填表说明 (merged across the row, every cell holds it).
fn is_note_row(cells: &[String]) -> bool {
    let mut filled = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty());
    let Some(first) = filled.next() else { return false };
    let starts = ["注", "说明", "备注", "填表说明", "附注"].iter().any(|p| first.starts_with(p));
    let alone = filled.all(|c| c == first);
    // The note is in the first column (or merged from it).
    let in_first = cells.first().is_some_and(|c| c.trim() == first);
    starts && alone && in_first && first.chars().count() > 2
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

/// Reads a table (.csv in UTF-8 or GBK, .xlsx, .xls, .ods; the format told by the bytes, not
/// the name) by `schema`; `custom` maps extra header names to field keys. Columns the schema
/// does not know, title rows above the header and note rows are left out, with a notice.
pub fn read(
    path: &Path,
    schema: &Schema,
    custom: &IndexMap<String, String>,
    notes: &Notices,
) -> Result<Table, TableError> {
    let mut records = Vec::new();
    let mut table = for_each(path, schema, custom, notes, |_, rec| {
        records.push(rec);
        Ok::<(), TableError>(())
    })?;
    table.records = records;
    Ok(table)
}

/// Rows of the first few lines searched for the header (an export's title, date and blank
/// rows come first).
const HEADER_SEARCH: usize = 10;

/// Streams the records of a table to `f` without keeping them: a county-wide tip-off export
/// with a million rows is read in memory that does not grow with it. The returned table has
/// the header information and no records.
pub fn for_each<E: From<TableError>>(
    path: &Path,
    schema: &Schema,
    custom: &IndexMap<String, String>,
    notes: &Notices,
    mut f: impl FnMut(&Table, Record) -> Result<(), E>,
) -> Result<Table, E> {
    let shown = path.display().to_string();
    let mut rows = open_rows(path, &shown, notes)?;
    let (header, before) = find_header(&mut rows, schema, custom, &shown)?;
    let (table, layout) = header_layout(shown, &header, schema, custom, notes)?;
    for row in before.into_iter().map(Ok).chain(rows) {
        let (row, cells) = row?;
        if is_note_row(&cells) {
            continue;
        }
        f(&table, layout.record(&table, row, &cells)?)?;
    }
    Ok(table)
}

/// The header row: the first of the opening rows that has every required field, else the
/// first row (whose faults are then reported). Returns it and the rows after it already read.
#[allow(clippy::type_complexity)]
fn find_header(
    rows: &mut Rows,
    schema: &Schema,
    custom: &IndexMap<String, String>,
    shown: &str,
) -> Result<(Vec<String>, Vec<(usize, Vec<String>)>), TableError> {
    let mut seen: Vec<(usize, Vec<String>)> = Vec::new();
    while seen.len() < HEADER_SEARCH {
        let Some(row) = rows.next() else { break };
        let row = row?;
        if schema.is_header(&row.1, custom) {
            return Ok((row.1, Vec::new()));
        }
        seen.push(row);
    }
    if seen.is_empty() {
        return Err(TableError::NoHeader { path: shown.to_owned(), table: schema.name });
    }
    let header = seen.remove(0).1;
    Ok((header, seen))
}

/// What the first bytes of a file say it is, whatever its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A zip: .xlsx (or .ods by its name).
    Zip,
    /// An OLE compound file: the .xls of Excel 97–2003 and WPS.
    Ole,
    Text,
}

fn sniff(path: &Path, shown: &str) -> Result<Kind, TableError> {
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path).and_then(|mut f| read_full(&mut f, &mut head)).map_err(|e| {
        TableError::Input(InputError::Io { path: shown.to_owned(), detail: crate::read::report::io_detail(&e) })
    })?;
    Ok(if head[..n].starts_with(b"PK\x03\x04") {
        Kind::Zip
    } else if head[..n].starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Kind::Ole
    } else {
        Kind::Text
    })
}

fn extension(path: &Path) -> String {
    path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default()
}

/// The rows of a table file, read by what its bytes are: a CSV saved with an .xls name is read
/// as the CSV it is (with a notice), a workbook named .csv as the workbook.
fn open_rows(path: &Path, shown: &str, notes: &Notices) -> Result<Rows, TableError> {
    let ext = extension(path);
    let kind = sniff(path, shown)?;
    let workbook = matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods" | "et");
    match kind {
        Kind::Zip | Kind::Ole => Ok(Box::new(read_sheet(path, shown, kind)?.into_iter().map(Ok))),
        Kind::Text => {
            if workbook {
                notes.file(shown, format!("扩展名是 .{ext}，内容却是文本表格（CSV），已按 CSV 读取"));
            }
            csv_rows(path, shown)
        }
    }
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
    let start = String::from_utf8_lossy(&head[..head.len().min(512)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if ["<html", "<!doctype", "<table", "<?xml", "<meta"].iter().any(|t| start.starts_with(t)) {
        return Err(format_err(
            "这是网页（HTML/XML）格式导出的表格，不是 Excel 工作簿；请在 Excel 或 WPS 中打开后另存为 .xlsx",
        ));
    }
    // Excel's "text (tab delimited)" export: tabs and no commas on the first line.
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let delimiter = if first_line.contains(&b'\t') && !first_line.contains(&b',') { b'\t' } else { b',' };
    let utf8 = match std::str::from_utf8(&head) {
        Ok(_) => true,
        // A character cut at the end of the sniffed block is still UTF-8.
        Err(e) => e.error_len().is_none() && n == SNIFF,
    };
    let source = std::io::Cursor::new(head).chain(file);
    let reader: Box<dyn std::io::Read> =
        if utf8 { Box::new(source) } else { Box::new(crate::util::text::DecodingReader::gb18030(source)) };
    let mut csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(reader);
    let shown = shown.to_owned();
    let mut i = 0;
    // The row as Excel shows it: a record is one row however many lines its quoted cells span,
    // and a blank line is a row too. (line where the next record may start, last row)
    let mut last = (1u64, 0usize);
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
                    // The reader stands after the record's line end; blank lines before the
                    // record were skipped by the parser and are counted from the gap.
                    let end = csv.position().line();
                    let spans = rec.iter().map(|c| c.bytes().filter(|&b| b == b'\n').count() as u64).sum::<u64>();
                    let start = end.saturating_sub(1 + spans);
                    let blank = usize::try_from(start.saturating_sub(last.0)).unwrap_or(0);
                    let row = last.1 + 1 + blank;
                    last = (end, row);
                    let cells: Vec<String> = rec.iter().map(|c| c.trim().to_owned()).collect();
                    if cells.iter().any(|c| !c.is_empty()) {
                        return Some(Ok((row, cells)));
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
fn read_sheet(path: &Path, shown: &str, kind: Kind) -> Result<Vec<(usize, Vec<String>)>, TableError> {
    crate::read::report::check_size(path, MAX_TABLE_BYTES)?;
    let bad = |detail: String| TableError::Format { path: shown.to_owned(), detail };
    // The default hook would print an English panic message before our Chinese one.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match (kind, extension(path).as_str()) {
        (Kind::Zip, "ods") => sparse_other(path, kind),
        (Kind::Zip, _) => sparse_xlsx(path),
        _ => sparse_other(path, kind),
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

/// .xls and .ods: calamine's range (these formats have no cell reader), and .xls's merged
/// regions.
fn sparse_other(path: &Path, kind: Kind) -> Result<(Sparse, Vec<calamine::Dimensions>), String> {
    let open = |e: String| format!("无法作为 Excel 工作簿打开（{}），文件可能已损坏", short(&e));
    let mut book: calamine::Sheets<_> = match kind {
        Kind::Ole => {
            // calamine follows a looping sector chain without end; cfb checks the chains first.
            let damaged = || {
                "不是完整的 Excel 97–2003 工作簿（文件内部结构已损坏），请在 Excel 或 WPS 中打开后另存为 .xlsx"
                    .to_owned()
            };
            let file = std::fs::File::open(path).map_err(|e| open(e.to_string()))?;
            let mut container = cfb::CompoundFile::open(file).map_err(|_| damaged())?;
            // calamine allocates every sheet's whole grid when it opens the book.
            let mut stream = Vec::new();
            if let Ok(mut s) = container.open_stream("/Workbook").or_else(|_| container.open_stream("/Book")) {
                std::io::Read::read_to_end(&mut s, &mut stream).map_err(|_| damaged())?;
            }
            if super::xls_extent::largest_grid(&stream) > super::xls_extent::MAX_CELLS {
                return Err(
                    "工作表的单元格超出 Excel 97–2003 的列数上限（256 列）或范围过大（超过 65536 行 × 64 列），\
                    文件内部结构可能已损坏，请在 Excel 或 WPS 中打开后另存为 .xlsx"
                        .to_owned(),
                );
            }
            calamine::Sheets::Xls(calamine::open_workbook(path).map_err(|e: calamine::XlsError| open(e.to_string()))?)
        }
        _ => calamine::Sheets::Ods(calamine::open_workbook(path).map_err(|e: calamine::OdsError| open(e.to_string()))?),
    };
    let range = book
        .worksheet_range_at(0)
        .ok_or("工作簿中没有工作表")?
        .map_err(|e| format!("第一个工作表无法读取（{}）", short(&e.to_string())))?;
    // Merged regions as .xlsx has them (.ods does not say).
    let merged = match &book {
        calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_id(0).unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut cells = Sparse::new();
    for (r, c, d) in range.used_cells() {
        let text = cell_text(d);
        if !text.is_empty() {
            let (top, left) = range.start().unwrap_or((0, 0));
            cells.insert((top + r as u32, left + c as u32), text);
        }
    }
    Ok((cells, merged))
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

/// A notice when a column scored out of `max` looks filled in on a smaller scale (基础工作分 `9`
/// in a column out of 100 meant 9 out of 10): every value at most a tenth of `max`, or a few
/// such values far below the rest. `values` are (row, value).
pub fn scale_notice(values: &[(usize, f64)], max: f64, column: &str) -> Option<String> {
    if max < 20.0 || values.is_empty() {
        return None;
    }
    let small = max / 10.0;
    let low: Vec<&(usize, f64)> = values.iter().filter(|(_, v)| *v > 0.0 && *v <= small).collect();
    if low.is_empty() {
        return None;
    }
    let rows = |list: &[&(usize, f64)]| {
        let mut s = list.iter().take(10).map(|(r, v)| format!("第{r}行 {v}")).collect::<Vec<_>>().join("、");
        if list.len() > 10 {
            s.push_str(&format!(" 等 {} 处", list.len()));
        }
        s
    };
    if values.iter().all(|(_, v)| *v <= small) {
        return Some(format!(
            "“{column}”列满分为 {max} 分，本表各行都不超过 {small} 分（{}），像是按 {small} 分制填写；已照原值计算，请核对后换算为 {max} 分制",
            rows(&low)
        ));
    }
    let mut sorted: Vec<f64> = values.iter().map(|(_, v)| *v).collect();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    (median >= max / 2.0).then(|| {
        format!(
            "“{column}”列满分为 {max} 分，{} 远低于其他各行（中位数 {median}），是否按 {small} 分制填写？已照原值计算，请核对",
            rows(&low)
        )
    })
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
    notes: &Notices,
) -> Result<(Table, Layout), TableError> {
    let mut columns: Vec<Option<usize>> = Vec::new(); // per file column: field index
    let mut extra_cols: Vec<(usize, String)> = Vec::new();
    let mut headers: Vec<Option<String>> = vec![None; schema.fields.len()];
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    // Duplicate headers, reported only when the row is the header (has every required column).
    let mut faults = Faults::new(&path);
    for (col, h) in header.iter().enumerate() {
        let norm = normalise(h);
        if norm.is_empty() {
            columns.push(None);
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == norm) {
            faults.push(TableError::DuplicateHeader {
                path: path.clone(),
                header: h.clone(),
                first: first + 1,
                second: col + 1,
            });
            columns.push(None);
            continue;
        }
        seen.push((norm.clone(), col));
        match schema.field_for(h, custom) {
            Some(f) => {
                if let Some(prev) = &headers[f] {
                    faults.push(TableError::DuplicateHeader {
                        path: path.clone(),
                        header: format!("{prev}”与“{h}"),
                        first: columns.iter().position(|c| *c == Some(f)).map_or(0, |c| c + 1),
                        second: col + 1,
                    });
                    columns.push(None);
                    continue;
                }
                headers[f] = Some(h.clone());
                columns.push(Some(f));
            }
            None => match schema.extra_for(h) {
                Some((i, _)) if extra_cols.iter().any(|(_, e)| *e == schema.extra[i]) => {
                    faults.push(TableError::DuplicateHeader {
                        path: path.clone(),
                        header: h.clone(),
                        first: extra_cols.iter().find(|(_, e)| *e == schema.extra[i]).map_or(0, |(c, _)| c + 1),
                        second: col + 1,
                    });
                    columns.push(None);
                }
                Some((i, _)) => {
                    extra_cols.push((col, schema.extra[i].clone()));
                    columns.push(None);
                }
                None => {
                    unknown.push(h);
                    columns.push(None);
                }
            },
        }
    }
    let missing: Vec<usize> =
        schema.fields.iter().enumerate().filter(|(i, f)| f.required && headers[*i].is_none()).map(|(i, _)| i).collect();
    if !missing.is_empty() {
        // Not the header after all (or a header lacking a required column): its cells may be
        // data, even an informant's name or phone, so none of them is repeated in a message.
        faults = Faults::new(&path);
        unknown.clear();
    }
    if !unknown.is_empty() {
        // A did-you-mean only when it is likely right: close in writing, and to a column the
        // table lacks. Never a guess that an unknown column is a missing required one.
        let open: Vec<&str> = schema
            .fields
            .iter()
            .enumerate()
            .filter(|(i, f)| headers[*i].is_none() && !f.private)
            .map(|(_, f)| f.label)
            .chain(schema.extra.iter().filter(|e| !extra_cols.iter().any(|(_, x)| x == *e)).map(String::as_str))
            .collect();
        let mut hints = Vec::new();
        // A header cell that looks like a phone or id number is not repeated.
        unknown.retain(|h| h.chars().filter(char::is_ascii_digit).count() < 7);
        for h in &unknown {
            if let Some(target) = likely_meant(h, &open) {
                hints.push(format!("如“{h}”就是“{target}”，可在 round.toml 的 [columns] 中写 \"{h}\" = \"{target}\""));
            }
        }
        let mut message = if unknown.is_empty() {
            "有些列本工具不使用，已忽略".to_owned()
        } else {
            format!("以下列本工具不使用，已忽略：{}", unknown.join("、"))
        };
        if !hints.is_empty() {
            message.push_str(&format!("（{}）", hints.join("；")));
        }
        notes.file(&path, message);
    }
    let had_unknown = header.iter().enumerate().any(|(c, h)| !normalise(h).is_empty() && columns.get(c) == Some(&None));
    for i in missing {
        let f = &schema.fields[i];
        let aliases = std::iter::once(f.label).chain(f.aliases.iter().copied()).collect::<Vec<_>>().join("、");
        let hint = if !had_unknown {
            String::new()
        } else {
            format!(
                "。若表中某列就是“{}”，请在 round.toml 的 [columns] 中写明，如 \"表中的列名\" = \"{}\"",
                f.label, f.label
            )
        };
        faults.push(TableError::MissingColumn { path: path.clone(), label: f.label, aliases, hint });
    }
    if faults.count == 1 {
        if let Some(e) = faults.errors.pop() {
            return Err(e);
        }
    }
    faults.finish(())?;
    let table = Table { path, schema: schema.clone(), headers, records: Vec::new() };
    Ok((table, Layout { columns, extra_cols }))
}

/// The open column a header most likely means, if any is likely enough.
fn likely_meant<'a>(header: &str, open: &[&'a str]) -> Option<&'a str> {
    let h = normalise(header);
    open.iter()
        .map(|o| (strsim::normalized_levenshtein(&h, &normalise(o)), *o))
        .filter(|(s, _)| *s >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, o)| o)
}

/// A whole table as its cells (header first, with their row numbers) and, for each field of
/// `schema`, the file column it was read from: what an editor needs to change a few cells and
/// write every other one back as it was.
pub struct Grid {
    pub rows: Vec<(usize, Vec<String>)>,
    /// Which of `rows` is the header (title rows may come before it).
    pub header: usize,
    /// Per schema field: its column in the file.
    pub columns: Vec<Option<usize>>,
}

/// Reads `path` as a [`Grid`] (the header checked as [`read`] checks it).
pub fn grid(path: &Path, schema: &Schema, custom: &IndexMap<String, String>) -> Result<Grid, TableError> {
    let shown = path.display().to_string();
    let notes = Notices::new();
    let rows: Vec<(usize, Vec<String>)> = open_rows(path, &shown, &notes)?.collect::<Result<_, _>>()?;
    let header = rows.iter().take(HEADER_SEARCH).position(|(_, cells)| schema.is_header(cells, custom)).unwrap_or(0);
    let cells = rows
        .get(header)
        .map(|(_, h)| h.clone())
        .ok_or(TableError::NoHeader { path: shown.clone(), table: schema.name })?;
    let (_, layout) = header_layout(shown, &cells, schema, custom, &notes)?;
    let columns = (0..schema.fields.len()).map(|f| layout.columns.iter().position(|c| *c == Some(f))).collect();
    Ok(Grid { rows, header, columns })
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
        let (mut table, layout) = header_layout(path, &rows[0].1, schema, custom, &Notices::new())?;
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
        assert!(msg.contains("缺少“得分”列") && !msg.contains("\"评分\" = \"得分\""), "{msg}");
        let mut custom = IndexMap::new();
        custom.insert("评分".to_owned(), "score".to_owned());
        assert!(build("t.csv".into(), rows(&[&["单位", "评分"], &["某局", "88"]]), &schema(), &custom).is_ok());
    }

    fn file(name: &str, bytes: &[u8]) -> (tempdir::Dir, std::path::PathBuf) {
        let dir = tempdir::Dir::new();
        let path = dir.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    mod tempdir {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Self {
                static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
                let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let p = std::env::temp_dir().join(format!("xuncha-table-{}-{n}", std::process::id()));
                std::fs::create_dir_all(&p).unwrap();
                Self(p)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    #[test]
    fn unknown_columns_are_one_notice_and_never_a_guess_at_a_required_field() {
        let notes = Notices::new();
        let (_d, path) = file("t.csv", "单位,得分,方式,办理状态\n某局,88,来信,在办\n".as_bytes());
        let t = read(&path, &schema(), &IndexMap::new(), &notes).unwrap();
        assert_eq!(t.records.len(), 1);
        let got = notes.take();
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].message.contains("已忽略：方式、办理状态"), "{}", got[0]);
        // A likely-right suggestion only: close writing and a column the table lacks.
        let (_d, path) = file("t.csv", "单位,得分,举报人,政治站位情况\n某局,88,,\n".as_bytes());
        read(&path, &schema(), &IndexMap::new(), &notes).unwrap();
        let got = notes.take();
        assert!(got[0].message.contains("\"政治站位情况\" = \"政治站位\""), "{}", got[0]);
        // The missing required column is never proposed for an unknown one.
        let (_d, path) = file("t.csv", "单位,方式\n某局,来信\n".as_bytes());
        let err = read(&path, &schema(), &IndexMap::new(), &notes).unwrap_err().to_string();
        assert!(err.contains("缺少“得分”列") && !err.contains("\"方式\" = "), "{err}");
    }

    #[test]
    fn a_table_without_its_header_repeats_none_of_its_cells() {
        let notes = Notices::new();
        let (_d, path) = file("t.csv", "某局,88,王某某,13812345678\n某局,88,王某某,13812345678\n".as_bytes());
        let err = read(&path, &schema(), &IndexMap::new(), &notes).unwrap_err().to_string();
        let said = format!("{err}{:?}", notes.take());
        assert!(err.contains("缺少“被巡察单位”列"), "{err}");
        assert!(!said.contains("王某某") && !said.contains("13812345678"), "{said}");
        // An unknown header that looks like a phone number is not repeated either.
        let (_d, path) = file("t.csv", "单位,得分,13812345678\n某局,88,x\n".as_bytes());
        read(&path, &schema(), &IndexMap::new(), &notes).unwrap();
        assert!(!format!("{:?}", notes.take()).contains("13812345678"));
    }

    #[test]
    fn header_below_title_rows_note_rows_and_excel_row_numbers() {
        let notes = Notices::new();
        let csv = "2026年第三轮巡察信访举报登记表,,\n,,\n单位,得分,举报人\n某局,88,\n\"乙局\n（二级机构）\",90,\n\n丙局,70,\n注：得分为百分制,,\n";
        let (_d, path) = file("t.csv", csv.as_bytes());
        let t = read(&path, &schema(), &IndexMap::new(), &notes).unwrap();
        let rows: Vec<usize> = t.records.iter().map(|r| r.row).collect();
        // Title row 1, blank row 2, header row 3; the two-line cell is one row (5); blank row 6.
        assert_eq!(rows, vec![4, 5, 7]);
        assert!(notes.take().is_empty());
    }

    #[test]
    fn criterion_columns_with_their_points() {
        for h in ["政治站位（20分）", "政治站位(20)", "政治站位（满分20分）"] {
            let t = build(
                "t.csv".into(),
                rows(&[&["单位", "得分", h], &["某局", "88", "18"]]),
                &schema(),
                &IndexMap::new(),
            )
            .unwrap();
            assert_eq!(t.records[0].extra, vec![("政治站位".to_owned(), "18".to_owned())], "{h}");
        }
        assert_eq!(strip_points("基础工作分（100分）"), ("基础工作分".to_owned(), Some(100.0)));
        assert_eq!(strip_points("单位（盖章）"), ("单位（盖章）".to_owned(), None));
    }

    #[test]
    fn a_csv_named_xls_is_read_as_csv_with_a_notice() {
        let notes = Notices::new();
        let (gbk, _, _) = encoding_rs::GBK.encode("单位,得分\n某局,88\n");
        let (_d, path) = file("t.xls", &gbk);
        let t = read(&path, &schema(), &IndexMap::new(), &notes).unwrap();
        assert_eq!(t.records[0].get(&t, "unit"), Some("某局"));
        assert!(notes.take()[0].message.contains("已按 CSV 读取"));
        let (_d, path) = file("t.xls", "单位\t得分\n某局\t88\n".as_bytes());
        assert_eq!(read(&path, &schema(), &IndexMap::new(), &notes).unwrap().records[0].get(&t, "score"), Some("88"));
        let (_d, path) = file("t.xls", b"<html><table><tr><td>x</td></tr></table></html>");
        let err = read(&path, &schema(), &IndexMap::new(), &notes).unwrap_err().to_string();
        assert!(err.contains("网页") && !err.contains("Cfb"), "{err}");
    }

    #[test]
    fn notices_are_capped_per_file() {
        let notes = Notices::new();
        for r in 0..25 {
            notes.row("a.csv", r + 2, "x");
        }
        notes.file("b.csv", "y");
        let got = notes.take();
        assert_eq!(got.len(), MAX_REPORTED + 2);
        assert_eq!(got.last().unwrap().to_string(), "a.csv：另有 5 条提示从略");
    }

    #[test]
    fn values_on_a_smaller_scale_are_noticed() {
        assert!(scale_notice(&[(2, 9.0), (3, 8.5)], 100.0, "基础工作分").unwrap().contains("按 10 分制"));
        assert!(scale_notice(&[(2, 90.0), (3, 85.0), (4, 9.0)], 100.0, "基础工作分").unwrap().contains("第4行 9"));
        assert_eq!(scale_notice(&[(2, 90.0), (3, 85.0)], 100.0, "基础工作分"), None);
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
