//! 巡察档案: the rounds archived, and a unit's or a cadre's history across them — the same
//! views `xuncha archive list` and `xuncha history` print.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::layout;
use super::{Workbench, guard};
use crate::archive::{self, Archive};
use crate::render::history::{self, View};

#[derive(serde::Deserialize)]
pub struct Name {
    #[serde(default)]
    name: String,
}

/// Runs `f` on the archive off the async threads; a missing archive is a page that says so.
async fn with_archive<F>(wb: &Workbench, f: F) -> Response
where
    F: FnOnce(&Archive, &str) -> Result<Markup, String> + Send + 'static,
{
    let Some(db) = wb.opts.db.clone().filter(|p| p.exists()) else {
        let body = html! {
            h1 { "巡察档案" }
            p { "还没有巡察档案库。用命令 " code { "xuncha archive add 轮次目录" } " 把结束的一轮存入档案（默认文件 巡察档案.db），再用 " code { "xuncha serve --db 巡察档案.db" } " 打开工作台。" }
        };
        return layout::page("巡察档案", None, body).into_response();
    };
    let shown = db.display().to_string();
    let done = tokio::task::spawn_blocking(move || {
        let a = Archive::open(&db).map_err(|e| e.to_string())?;
        f(&a, &shown)
    })
    .await;
    match done {
        Ok(Ok(body)) => layout::page("巡察档案", None, body).into_response(),
        Ok(Err(message)) => guard::problem(StatusCode::NOT_FOUND, &message),
        Err(_) => guard::problem(StatusCode::INTERNAL_SERVER_ERROR, "读取巡察档案时出错"),
    }
}

fn view(v: &View) -> Markup {
    html! {
        h1 { (v.title) }
        @for note in &v.notes { p { (note) } }
        @for (name, header, rows) in &v.tables { (layout::table(name, header, rows)) }
        p.noprint { a href="/archive" { "返回巡察档案" } }
    }
}

pub async fn index(State(wb): State<Arc<Workbench>>) -> Response {
    with_archive(&wb, |a, db| {
        let rounds = a.rounds().map_err(|e| e.to_string())?;
        let units = a.known_units().map_err(|e| e.to_string())?;
        let cadres = a.known_cadres().map_err(|e| e.to_string())?;
        let v = history::rounds_view(&rounds, db);
        Ok(html! {
            (view(&v))
            h2 { "查历史" }
            form method="get" action="/archive/unit" {
                label { "被巡察单位 " input name="name" list="units" required; }
                datalist #units { @for u in &units { option value=(u) {} } }
                " " button { "查看历次巡察" }
            }
            form method="get" action="/archive/cadre" {
                label { "巡察干部 " input name="name" list="cadres" required; }
                datalist #cadres { @for c in &cadres { option value=(c) {} } }
                " " button { "查看历次表现" }
            }
        })
    })
    .await
}

pub async fn unit(State(wb): State<Arc<Workbench>>, Query(q): Query<Name>) -> Response {
    let session = match wb.session("") {
        Ok(s) => s,
        Err(e) => return guard::problem(StatusCode::INTERNAL_SERVER_ERROR, &e),
    };
    with_archive(&wb, move |a, _| {
        let h = a.unit_history(q.name.trim(), &session.setup().engine).map_err(|e| e.to_string())?;
        match h {
            Some(h) => Ok(view(&history::unit_view(&h))),
            None => Err(archive::not_found("被巡察单位", q.name.trim(), &a.known_units().unwrap_or_default())),
        }
    })
    .await
}

pub async fn cadre(State(wb): State<Arc<Workbench>>, Query(q): Query<Name>) -> Response {
    with_archive(&wb, move |a, _| match a.cadre_history(q.name.trim()).map_err(|e| e.to_string())? {
        Some(h) => Ok(view(&history::cadre_view(&h))),
        None => Err(archive::not_found("巡察干部", q.name.trim(), &a.known_cadres().unwrap_or_default())),
    })
    .await
}
