//! Excel workbooks: Chinese headers, frozen header row, column widths fitted by display width
//! (the writer's own autofit undercounts CJK text), and a fixed creation date so the same inputs
//! give the same bytes.

use rayon::prelude::*;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

use crate::assess::ranking::RoundScore;
use crate::pack::Pack;
use crate::util::number::round1;

/// A cell: text or a number (numbers stay numbers, so the office can sort and sum).
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    /// Text held elsewhere too: a matched passage, in the row of every signal it answers.
    Shared(std::sync::Arc<str>),
    Number(f64),
    Empty,
}

impl Cell {
    /// The cell's text, if it holds text.
    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            Cell::Shared(s) => Some(s),
            Cell::Number(_) | Cell::Empty => None,
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}
impl From<f64> for Cell {
    fn from(x: f64) -> Self {
        Cell::Number(x)
    }
}
impl From<usize> for Cell {
    fn from(x: usize) -> Self {
        Cell::Number(x as f64)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(x: Option<T>) -> Self {
        x.map_or(Cell::Empty, Into::into)
    }
}

/// One worksheet: a header row and data rows.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The widest a column is made, in Excel's character units, less the margin of two.
const MAX_WIDTH: usize = 78;

/// Display width in Excel's character units: CJK counts double.
fn width(c: &Cell) -> usize {
    match c {
        Cell::Number(x) => format!("{}", round1(*x)).len(),
        text => text.text().map_or(0, |s| s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)),
    }
}

/// Excel refuses cells over 32,767 characters (a long list of signal ids can reach that): cut
/// and say so.
fn fit_cell(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 32_000;
    // A character takes at least one byte: most cells need no count.
    if s.len() <= MAX || s.chars().count() <= MAX {
        return s.into();
    }
    let cut: String = s.chars().take(MAX).collect();
    format!("{cut}……（内容过长，已截断，完整内容见 round.json）").into()
}

pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    build(sheets).map_err(|e| format!("生成 Excel 工作簿失败：{e}"))
}

fn build(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // Level 3, not the zip default of 6: a round's workbook is written in two thirds of the
    // time for a file about an eighth larger (BENCHMARKS.md, session 20), and it is the last
    // output a large round waits for.
    book.set_zip_compression_level(3);
    // A fixed date keeps the bytes identical from run to run.
    book.set_properties(&DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2024, 1, 1)?));
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let text = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
    // General number format: a rank stays 1 and a score 97.3.
    let number = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
    // Formats are numbered as first used: registered here, in the order a one-thread writer
    // would meet them, so the bytes do not depend on which thread writes first.
    for f in [&head, &text, &number] {
        book.register_format(f);
    }
    // Rows go to a temp file as they are written: a round's finding list can have 100,000 rows.
    for sheet in sheets {
        book.add_worksheet_with_constant_memory()?.set_name(&sheet.name)?;
    }
    // Each sheet is written on its own thread, the largest first: the workbook is the last
    // output a large round waits for, and its signal sheet alone is most of it.
    let mut work: Vec<(&mut Worksheet, &Sheet)> = book.worksheets_mut().iter_mut().zip(sheets).collect();
    work.sort_by_key(|(_, s)| std::cmp::Reverse(s.rows.len() * s.header.len()));
    let formats = Formats { head, text, number };
    work.into_par_iter().with_max_len(1).try_for_each(|(ws, sheet)| fill(ws, sheet, &formats))?;
    book.save_to_buffer()
}

/// The formats every sheet uses.
struct Formats {
    head: Format,
    text: Format,
    number: Format,
}

/// Writes one sheet's header, rows, column widths and print setup.
fn fill(ws: &mut Worksheet, sheet: &Sheet, f: &Formats) -> Result<(), XlsxError> {
    let Formats { head, text, number } = f;
    let mut widths: Vec<usize> = sheet.header.iter().map(|h| h.width()).collect();
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, head)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            match cell {
                Cell::Text(_) | Cell::Shared(_) => {
                    ws.write_string_with_format(r, col, fit_cell(cell.text().unwrap_or_default()), text)?
                }
                // One decimal, as the page and the Markdown show it.
                Cell::Number(x) => ws.write_number_with_format(r, col, round1(*x), number)?,
                Cell::Empty => ws.write_blank(r, col, text)?,
            };
            // A column at the widest it can be needs no more measuring (a matched passage
            // runs to hundreds of characters, in every row).
            if let Some(w) = widths.get_mut(c).filter(|w| **w < MAX_WIDTH) {
                *w = (*w).max(width(cell));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, ((*w + 2).clamp(6, MAX_WIDTH + 2)) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    // Printed: A4 landscape, one page wide, the header row on every page.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    if !sheet.rows.is_empty() {
        ws.autofilter(0, 0, sheet.rows.len() as u32, sheet.header.len().saturating_sub(1) as u16)?;
    }
    Ok(())
}

/// 排名 sheet.
pub fn ranking_sheet(s: &RoundScore) -> Sheet {
    let mut header: Vec<String> = ["名次", "被巡察单位", "单位类别", "巡察组", "组长"].map(String::from).to_vec();
    if let Some(e) = s.entries.first() {
        header.extend(
            e.rules()
                .criteria
                .iter()
                .map(|c| format!("{}（{}分）", c.name, crate::render::diagnostics::fmt_points(c.max))),
        );
    }
    header.extend(["规则得分", "评委得分", "综合得分", "等次", "偏离度", "组长推荐", "需要关注"].map(String::from));
    let rows = s
        .entries
        .iter()
        .map(|e| {
            let mut r: Vec<Cell> = vec![
                e.rank.into(),
                e.unit.name.as_str().into(),
                e.unit.kind.as_str().into(),
                e.unit.group.as_str().into(),
                e.leader.as_str().into(),
            ];
            r.extend(e.rules().criteria.iter().map(|c| Cell::Number(c.score)));
            r.push(e.rules().total.into());
            r.push(e.panel.as_ref().map(|p| round1(p.trimmed_mean)).into());
            r.push(e.final_score.into());
            r.push(if e.rules().vetoed { format!("{}（一票否决）", e.grade) } else { e.grade.to_string() }.into());
            r.push(e.divergence.into());
            r.push(if e.unit.recommended { "是" } else { "" }.into());
            r.push(e.attention().map(ToString::to_string).collect::<Vec<_>>().join("；").into());
            r
        })
        .collect();
    Sheet { name: "排名".into(), header, rows }
}

/// 扣分明细 sheet.
pub fn loss_sheet(s: &RoundScore, pack: &Pack) -> Sheet {
    let header = ["名次", "被巡察单位", "评分指标", "扣分", "规则", "原因", "位置", "豁免"].map(String::from).to_vec();
    let rows = s
        .loss_rows(&pack.config.rubric)
        .into_iter()
        .map(|r| {
            vec![
                r.rank.into(),
                r.unit.into(),
                r.criterion.into(),
                if r.waived.is_some() { 0.0 } else { r.points }.into(),
                crate::render::round::rule_title(pack, &r.rule).into(),
                r.message.into(),
                r.place.into(),
                r.waived.into(),
            ]
        })
        .collect();
    Sheet { name: "扣分明细".into(), header, rows }
}

/// 评委评分 sheet: every judge's score with recusal and trimming.
pub fn judges_sheet(s: &RoundScore) -> Option<Sheet> {
    s.judges.as_ref()?;
    let header = ["被巡察单位", "评委", "得分", "说明"].map(String::from).to_vec();
    let rows = s
        .entries
        .iter()
        .filter_map(|e| e.panel.as_ref().map(|p| (e, p)))
        .flat_map(|(e, p)| {
            p.scores.iter().map(move |j| {
                let note = if j.recused {
                    "回避，不计入"
                } else if j.trimmed {
                    "去掉的最高或最低分"
                } else {
                    ""
                };
                vec![e.unit.name.as_str().into(), j.judge.as_str().into(), j.score.into(), note.into()]
            })
        })
        .collect();
    Some(Sheet { name: "评委评分".into(), header, rows })
}

/// 豁免 sheet: every waiver of the round with what became of it (None when the round has none).
pub fn waivers_sheet(s: &RoundScore, pack: &Pack) -> Option<Sheet> {
    let w = &s.waivers;
    if w.applied.is_empty() && w.expired.is_empty() && w.unused.is_empty() {
        return None;
    }
    let header =
        ["被巡察单位", "规则", "理由", "批准人", "有效期至", "结果", "豁免的问题数"].map(String::from).to_vec();
    let row = |x: &crate::model::waiver::Waiver, state: &str, n: Option<usize>| -> Vec<Cell> {
        vec![
            x.unit.as_str().into(),
            crate::render::round::rule_title(pack, &x.rule).into(),
            x.reason.as_str().into(),
            x.approved_by.as_str().into(),
            x.expires.as_deref().unwrap_or("长期").into(),
            state.into(),
            n.into(),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = w.applied.iter().map(|(x, n)| row(x, "已适用", Some(*n))).collect();
    rows.extend(w.expired.iter().map(|x| row(x, "已过期，未适用", None)));
    rows.extend(w.unused.iter().map(|x| row(x, "未用上", None)));
    Some(Sheet { name: "豁免".into(), header, rows })
}

pub fn score(s: &RoundScore, pack: &Pack) -> Result<Vec<u8>, String> {
    let mut sheets = vec![ranking_sheet(s), loss_sheet(s, pack)];
    sheets.extend(judges_sheet(s));
    workbook(&sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_long_cells_are_cut_to_what_excel_accepts() {
        let long = "XF2026-000001、".repeat(5000);
        let cut = fit_cell(&long);
        assert!(cut.chars().count() < 32_767 && cut.ends_with("完整内容见 round.json）"));
        let sheet =
            Sheet { name: "偏离提示".into(), header: vec!["依据".into()], rows: vec![vec![Cell::Text(long)]] };
        assert!(workbook(&[sheet]).is_ok(), "found by the benchmark corpus: a unit with 20,000 tip-offs");
        assert_eq!(fit_cell("短"), "短");
    }
}
