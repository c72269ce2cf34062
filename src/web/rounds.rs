//! 一轮巡察: the ranking, one report in detail (its findings, its problem items with their
//! focuses, every signal beside the report passage that answers it), and the page `xuncha round`
//! writes, served as it is. Every number comes from the same [`crate::RoundResult`].

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;

use super::layout::{self, RoundNav, num};
use super::{Workbench, guard};
use crate::model::signal::Text;

pub fn not_found(what: &str) -> Response {
    guard::problem(StatusCode::NOT_FOUND, &format!("没有{what}。请从首页进入。"))
}

pub async fn ranking(State(wb): State<Arc<Workbench>>, Path(n): Path<usize>) -> Response {
    let Some((_, c)) = wb.round(n) else { return not_found("这一轮") };
    let r = &c.result;
    let s = &r.score;
    let body = html! {
        h1 { (r.round.name()) }
        p.lead { "框架：" (s.framework) "；报告 " (s.entries.len()) " 份"
            @if let Some(j) = &s.judges { "；评委 " (j.judges.len()) " 人"
                @if let Some(w) = j.agreement { "，评分一致性（肯德尔 W）" (format!("{w:.2}")) } }
            "。综合得分＝规则得分与评委去掉最高最低分后的均分按评分细则合成。" }
        @if !c.notices.is_empty() {
            details.notices open {
                summary { "读取表格时的提示（请核对：跳过的行不计入结果）" }
                ul { @for note in &c.notices { li { (note.to_string()) } } }
            }
        }
        table.ranking {
            caption { "报告排名" }
            thead { tr {
                th scope="col" { "名次" } th scope="col" { "被巡察单位" } th scope="col" { "巡察组" } th scope="col" { "组长" }
                th scope="col" { "规则得分" } th scope="col" { "评委均分（去极值）" } th scope="col" { "综合得分" }
                th scope="col" { "等次" } th scope="col" { "偏离度" } th scope="col" { "需要关注" }
            } }
            tbody { @for (k, e) in s.entries.iter().enumerate() { tr {
                td { (e.rank) }
                td { a href={ "/round/" (n) "/unit/" (k) } { (e.unit.name) } @if e.unit.recommended { " " span.tag { "组长推荐" } } }
                td { (e.unit.group) } td { (e.leader) }
                td.num { @if e.eval.score.assessed { (num(e.eval.score.total)) } @else { "不评" } }
                td.num { @if let Some(p) = &e.panel { (num(p.trimmed_mean)) } @else { "—" } }
                td.num { strong { (num(e.final_score)) } }
                td { (e.grade.name) }
                td.num { @if let Some(d) = e.divergence { (num(d)) } @else { "—" } }
                td { @for f in e.attention() { div { (f.to_string()) } } }
            } } }
        }
        p.noprint { a href={ "/round/" (n) "/full/index.html" } { "打开一页汇总及各单位详情（与 xuncha round 生成的 index.html 相同）" } }
    };
    layout::page(r.round.name(), Some(RoundNav { n, name: r.round.name(), tab: "ranking" }), body).into_response()
}

pub async fn unit(State(wb): State<Arc<Workbench>>, Path((n, k)): Path<(usize, usize)>) -> Response {
    let Some((served, c)) = wb.round(n) else { return not_found("这一轮") };
    let r = &c.result;
    let Some(e) = r.score.entries.get(k) else { return not_found("这份报告") };
    let fw = served.session.setup().framework.1.clone();
    let doc = &e.eval.analysis.doc;
    let div = r.divergence.units.iter().find(|u| u.unit.name == e.unit.name);
    let body = html! {
        h1 { (e.unit.name) " 巡察报告" }
        p.lead { (e.unit.group) "（组长 " (e.leader) "）；第 " (e.rank) " 名，综合得分 " strong { (num(e.final_score)) } "，等次 " (e.grade.name)
            @if e.eval.score.assessed { "；规则得分 " (num(e.eval.score.total)) " / " (num(e.eval.score.max)) } }
        @if !e.flags.is_empty() { ul.flags { @for f in &e.flags { li { (f.to_string()) } } } }
        @if let Some(p) = &e.panel {
            h2 { "评委评分" }
            table {
                thead { tr { th scope="col" { "评委" } th scope="col" { "得分" } th scope="col" { "说明" } } }
                tbody { @for s in &p.scores { tr {
                    td { (s.judge) } td.num { (num(s.score)) }
                    td { @if s.recused { "回避，不计入" } @else if s.trimmed { "去掉的最高或最低分" } }
                } } }
            }
        }
        h2 { "问题条目与监督重点（" (doc.problems.len()) "）" }
        @if doc.problems.is_empty() { p { "未识别出问题条目。" } }
        ol.items { @for (i, p) in doc.problems.iter().enumerate() {
            li { (p.title) " " span.tags { (super::draft::focuses(&e.eval, i, &fw).join("、")) } " " span.place { (doc.place(p.span.start)) } }
        } }
        h2 { "偏离研判：逐件对照" }
        @match div {
            None => p { "本轮没有关于该单位的信访举报、领导掌握情况或舆情。" },
            Some(d) => {
                p { "偏离度 " strong { (num(d.score)) } "（0 表示每件都有回应，100 表示全部未反映）；共 " (d.signals.len()) " 件。" }
                table.pairs {
                    thead { tr { th scope="col" { "来源与内容" } th scope="col" { "研判" } th scope="col" { "报告中的对应内容" } } }
                    tbody { @for s in &d.signals { tr class={ "st-" (s.status.label()) } {
                        td {
                            strong { (s.signal.kind.label()) " " (s.signal.id()) }
                            @if let Some(m) = s.matter { " " span.tag { "事项" (m) } }
                            @if let Some(p) = s.signal.get(Text::Person) { " · 被反映人：" (p) }
                            @if let Some(d) = s.signal.get(Text::Date) { " · " (d) }
                            div { (s.signal.get(Text::Title).unwrap_or("")) " " (s.signal.text()) }
                        }
                        td { strong { (s.status.label()) } }
                        td { @match &s.matched {
                            Some(m) => {
                                div.place { @if let Some(i) = m.item { "第" (i) "条问题，" } (m.place) }
                                div { (m.text) }
                            },
                            None => span.muted { "报告中没有相应内容" },
                        } }
                    } } }
                }
            },
        }
        h2 { "规则检查（" (e.eval.run.findings.len()) "）" }
        ul { @for f in &e.eval.run.findings {
            li class={ "sev-" (f.severity.label()) } { span.badge { (f.severity.label()) } " " (f.message)
                @if let Some(s) = f.spans.first() { " " span.place { (doc.place(s.start)) } } }
        } }
    };
    let nav = RoundNav { n, name: r.round.name(), tab: "ranking" };
    layout::page(&e.unit.name, Some(nav), body).into_response()
}

/// The summary `xuncha round` writes for this round (its index.html), byte for byte.
pub async fn full(State(wb): State<Arc<Workbench>>, Path(n): Path<usize>) -> Response {
    let Some((_, c)) = wb.round(n) else { return not_found("这一轮") };
    match c.pages.first() {
        Some((_, bytes)) => html_bytes(bytes),
        None => not_found("这一页"),
    }
}

/// Another page of the set (`details.html`, `units/3.html`), found by its exact name among the
/// set's names: nothing is read from disk, and no other path is answered.
pub async fn full_page(State(wb): State<Arc<Workbench>>, Path((n, path)): Path<(usize, String)>) -> Response {
    let Some((_, c)) = wb.round(n) else { return not_found("这一轮") };
    match c.pages.iter().find(|(name, _)| *name == path) {
        Some((_, bytes)) => html_bytes(bytes),
        None => not_found("这一页"),
    }
}

fn html_bytes(bytes: &[u8]) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes.to_vec()).into_response()
}
