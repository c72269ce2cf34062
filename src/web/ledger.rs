//! 整改与线索台账: every item with its state and light, overdue ones first, and an update form
//! (完成情况, 完成时间, 佐证材料) that writes the round's 整改台账 back — the earlier file kept
//! in `备份/` — and judges the round again.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use super::layout::{self, RoundNav};
use super::rounds::not_found;
use super::{Workbench, guard};
use crate::assess::ledger::State as ItemState;
use crate::model::round::Round;
use crate::read::{ledger as read_ledger, table};
use crate::render::xlsx::{Cell, Sheet};

pub async fn page(State(wb): State<Arc<Workbench>>, Path(n): Path<usize>) -> Response {
    let Some((_, c)) = wb.round(n) else { return not_found("这一轮") };
    let r = &c.result;
    let l = &r.ledger;
    let mut order: Vec<usize> = (0..l.items.len()).collect();
    // Overdue and false closures first, then by days left.
    order.sort_by_key(|&i| {
        let it = &l.items[i];
        (!matches!(it.state, ItemState::Overdue | ItemState::Unfounded), it.days_left.unwrap_or(i64::MAX))
    });
    let body = html! {
        h1 { "整改与线索台账" }
        @if !l.has_items && !l.has_clues {
            p { "本轮目录中没有整改台账（整改台账.xlsx 或 .csv）和线索台账。可用 " code { "xuncha ledger template" } " 生成模板，填好后放入本轮目录。" }
        } @else {
            p.lead { "判定日期 " (l.today) "：共 " (l.items.len()) " 项，已销号 " (l.count(ItemState::Closed)) " 项，整改中 "
                (l.count(ItemState::InProgress)) " 项，逾期 " strong { (l.count(ItemState::Overdue)) } " 项，整改不实 " strong { (l.count(ItemState::Unfounded)) } " 项；线索 "
                (l.clues.len()) " 条，逾期未反馈 " (l.clues_overdue()) " 条。" }
            @if l.has_items {
                table.ledger {
                    caption { "整改事项（逾期和整改不实的在前）" }
                    thead { tr {
                        th scope="col" { "预警" } th scope="col" { "被巡察单位" } th scope="col" { "问题编号" } th scope="col" { "问题" }
                        th scope="col" { "整改时限" } th scope="col" { "状态" } th scope="col" { "完成情况与佐证" } th scope="col" { "更新" }
                    } }
                    tbody { @for &i in &order { @let it = &l.items[i]; tr class={ "state-" (it.state.label()) } {
                        td { @if let Some(light) = it.light { span class={ "light light-" (light.label()) } { (light.label()) "灯" } } }
                        td { (it.item.unit) } td { (it.item.id) } td { (it.item.problem) }
                        td { (it.item.deadline.as_deref().unwrap_or("—"))
                            @if let Some(d) = it.days_left { br; small { @if d < 0 { "已逾期 " (-d) " 天" } @else { "还剩 " (d) " 天" } } } }
                        td { strong { (it.state.label()) } @for reason in &it.reasons { div.muted { (reason) } } }
                        td { (it.item.progress) @if !it.item.evidence.is_empty() { div.muted { "佐证：" (it.item.evidence) } } }
                        td {
                            details {
                                summary { "填报" }
                                form method="post" action={ "/round/" (n) "/ledger?csrf=" (wb.csrf) } {
                                    input type="hidden" name="unit" value=(it.item.unit);
                                    input type="hidden" name="id" value=(it.item.id);
                                    label { "完成情况" textarea name="progress" rows="3" { (it.item.progress) } }
                                    label { "完成时间" input type="date" name="done_on" value=(it.item.done_on.as_deref().unwrap_or("")); }
                                    label { "佐证材料文件名" input name="evidence" value=(it.item.evidence); }
                                    button { "保存到整改台账" }
                                }
                            }
                        }
                    } } }
                }
            }
            @for sheet in [crate::render::ledger::units_sheet(l), crate::render::ledger::clues_sheet(l)] {
                @if !sheet.rows.is_empty() { (sheet_table(&sheet)) }
            }
        }
    };
    layout::page("整改与线索台账", Some(RoundNav { n, name: r.round.name(), tab: "ledger" }), body).into_response()
}

fn sheet_table(s: &Sheet) -> maud::Markup {
    let rows: Vec<Vec<String>> = s
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Cell::Number(x) => layout::num(*x),
                    text => text.text().unwrap_or_default().to_owned(),
                })
                .collect()
        })
        .collect();
    layout::table(&s.name, &s.header, &rows)
}

#[derive(serde::Deserialize)]
pub struct Update {
    /// The item by its unit and 问题编号 (not its place on the page, which a re-run may change).
    unit: String,
    id: String,
    #[serde(default)]
    progress: String,
    #[serde(default)]
    done_on: String,
    #[serde(default)]
    evidence: String,
}

pub async fn update(State(wb): State<Arc<Workbench>>, Path(n): Path<usize>, Form(u): Form<Update>) -> Response {
    let Some((_, c)) = wb.round(n) else { return not_found("这一轮") };
    let Some(item) =
        c.result.ledger.items.iter().find(|s| s.item.unit == u.unit && s.item.id == u.id).map(|s| s.item.clone())
    else {
        return not_found("这一整改事项");
    };
    let evidence = u.evidence.trim().to_owned();
    if evidence.contains(['/', '\\']) || evidence.contains("..") {
        return guard::problem(StatusCode::BAD_REQUEST, "佐证材料只填文件名（如“整改会议纪要.pdf”），不要带目录。");
    }
    let done_on = match u.done_on.trim() {
        "" => String::new(),
        d => match crate::util::date::parse_date(d) {
            Some(d) => d,
            None => {
                return guard::problem(StatusCode::BAD_REQUEST, &format!("完成时间“{d}”不是日期，请写成 2026-12-01。"));
            }
        },
    };
    let round = c.result.round.clone();
    let values = [("progress", u.progress.trim().to_owned()), ("done_on", done_on), ("evidence", evidence)];
    let _writing = wb.writes.lock().await;
    let wb2 = wb.clone();
    let written = tokio::task::spawn_blocking(move || {
        write_back(&round, &item.unit, &item.id, &values)?;
        Ok::<_, String>(wb2.rerun(n))
    })
    .await;
    match written {
        Ok(Ok(rerun)) => match rerun {
            Ok(()) => Redirect::to(&format!("/round/{n}/ledger")).into_response(),
            Err(e) => guard::problem(StatusCode::UNPROCESSABLE_ENTITY, &format!("已保存，但重新判定台账时出错：{e}")),
        },
        Ok(Err(e)) => guard::problem(StatusCode::UNPROCESSABLE_ENTITY, &e),
        Err(_) => guard::problem(StatusCode::INTERNAL_SERVER_ERROR, "保存时出错"),
    }
}

/// Sets `values` (field key → text) on the 整改台账 row of (`unit`, `id`) and writes the file back
/// in its own format, the earlier file copied to `备份/` first.
fn write_back(round: &Round, unit: &str, id: &str, values: &[(&str, String)]) -> Result<(), String> {
    let path = round.optional_file(&read_ledger::RECTIFY_FILES).ok_or("本轮目录中没有整改台账")?;
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let schema = read_ledger::rectify_schema();
    if ext != "csv" {
        refuse_lossy_workbook(&path)?;
    }
    let mut grid = table::grid(&path, &schema, &round.file.columns).map_err(|e| e.to_string())?;
    let col = |key: &str| schema.fields.iter().position(|f| f.key == key).and_then(|f| grid.columns[f]);
    let (id_col, unit_col) =
        (col("id").ok_or("整改台账没有问题编号列")?, col("unit").ok_or("整改台账没有被巡察单位列")?);
    let row = grid
        .rows
        .iter()
        .skip(grid.header + 1)
        .position(|(_, cells)| {
            let cell = |i: usize| cells.get(i).map_or("", |s| s.trim());
            cell(id_col) == id && round.match_unit(cell(unit_col)).is_some_and(|u| u.name == unit)
        })
        .map(|i| i + grid.header + 1)
        .ok_or_else(|| format!("{}：找不到 {unit} 的问题“{id}”，台账可能已被改动，请刷新页面", path.display()))?;
    if ext != "csv" && grid.header > 0 {
        return Err(lossy(&path, "表头上方有标题行"));
    }
    for (key, value) in values {
        let c = match col(key) {
            Some(c) => c,
            None => {
                // A column the office had not kept yet: added at the end under its label.
                let label = schema.fields.iter().find(|f| f.key == *key).map_or(*key, |f| f.label);
                grid.rows[grid.header].1.push(label.to_owned());
                grid.rows[grid.header].1.len() - 1
            }
        };
        let cells = &mut grid.rows[row].1;
        if cells.len() <= c {
            cells.resize(c + 1, String::new());
        }
        cells[c] = value.clone();
    }
    let bytes = if ext == "csv" {
        let mut w = csv::Writer::from_writer(Vec::new());
        for (_, cells) in &grid.rows {
            w.write_record(cells).map_err(|e| e.to_string())?;
        }
        let mut out = "\u{feff}".as_bytes().to_vec();
        out.extend(w.into_inner().map_err(|e| e.to_string())?);
        out
    } else {
        // Title rows above the header are not kept in the rewritten workbook.
        let header = grid.rows[grid.header].1.clone();
        let rows = grid.rows[grid.header + 1..]
            .iter()
            .map(|(_, cells)| {
                cells.iter().map(|s| if s.is_empty() { Cell::Empty } else { Cell::Text(s.clone()) }).collect()
            })
            .collect();
        crate::render::xlsx::workbook(&[Sheet { name: "整改台账".into(), header, rows }])?
    };
    let name = path.file_name().and_then(|s| s.to_str()).unwrap_or("整改台账");
    let backup = super::state::backup_path(&round.dir, name)?;
    // An .xls cannot be written: the new workbook is .xlsx, and the .xls moves to 备份/.
    let target = if ext == "xls" { path.with_extension("xlsx") } else { path.clone() };
    if target != path {
        std::fs::rename(&path, &backup).map_err(|e| format!("{}：备份失败（{e}）", path.display()))?;
    } else {
        std::fs::copy(&path, &backup).map_err(|e| format!("{}：备份失败（{e}）", path.display()))?;
    }
    crate::util::fs::write_atomic(&target, &bytes).map_err(|e| format!("{}：写入失败（{e}）", target.display()))
}

fn lossy(path: &std::path::Path, what: &str) -> String {
    format!(
        "{}{what}，工作台改写时会丢失这些内容，未保存。请在 Excel/WPS 中直接填写，或把台账另存为 整改台账.csv（只留表头和各行）后在工作台更新。",
        path.display()
    )
}

/// A workbook with more than one sheet would lose the others when written back.
fn refuse_lossy_workbook(path: &std::path::Path) -> Result<(), String> {
    use calamine::Reader;
    match calamine::open_workbook_auto(path) {
        Ok(book) if book.sheet_names().len() > 1 => Err(lossy(path, "有多个工作表")),
        // One sheet, or not a real workbook (a CSV under an Excel name, read as text).
        _ => Ok(()),
    }
}
