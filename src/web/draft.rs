//! 草稿自查: the home page (drop a draft) and `POST /check` — the draft's text with each finding
//! highlighted at its place, its explanation and fix beside it, the score it would get, and the
//! annotated .docx to download. Nothing is written to disk.

use std::sync::Arc;

use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};

use super::layout::{self, num};
use super::{Workbench, guard};
use crate::assess::report::ReportEvaluation;
use crate::model::document::Span;
use crate::model::outcome::Finding;
use crate::render;

pub async fn home(State(wb): State<Arc<Workbench>>) -> Response {
    let default = wb.session("").ok();
    let frameworks: Vec<(String, String)> = default
        .as_ref()
        .map(|s| s.setup().engine.pack.config.frameworks.iter().map(|(id, f)| (id.clone(), f.name.clone())).collect())
        .unwrap_or_default();
    let current = default.as_ref().map(|s| s.setup().framework.1.name.clone()).unwrap_or_default();
    let body = html! {
        h1 { "草稿自查" }
        p.lead { "把巡察报告草稿（.docx、.txt 或 .md）拖到下面，或点“选择文件”。查出的问题标在原文相应位置，旁边写明原因和改法，并给出按现行评分细则预估的得分。草稿只在本机内存中检查，不保存。" }
        form #check-form method="post" enctype="multipart/form-data" action={ "/check?csrf=" (wb.csrf) } {
            div.drop #drop tabindex="-1" {
                p { "将草稿拖到此处" }
                label { "选择文件 " input #file type="file" name="file" accept=".docx,.txt,.md" required; }
            }
            p {
                label { "监督重点框架 "
                    select name="framework" {
                        @for (id, name) in &frameworks {
                            option value=(id) selected[*name == current] { (name) }
                        }
                    }
                }
                " " button type="submit" { "开始自查" }
            }
        }
        @if !wb.rounds.is_empty() {
            h2 { "本轮巡察" }
            ul.rounds {
                @for (n, r) in wb.rounds.iter().enumerate() {
                    @let c = wb.round(n).map(|x| x.1);
                    li {
                        a href={ "/round/" (n) } { (c.as_ref().map_or("", |c| c.result.round.name())) }
                        @if let Some(c) = &c { " — " (c.result.score.entries.len()) " 份报告" }
                        @let _ = r;
                    }
                }
            }
        }
    };
    layout::page("草稿自查", None, body).into_response()
}

/// `POST /check`: multipart `file` (and optional `framework`).
pub async fn check(State(wb): State<Arc<Workbench>>, headers: HeaderMap, mut form: Multipart) -> Response {
    let json = guard::wants_json(&headers);
    // A turn first, then the upload: waiting uploads are not yet read into memory.
    let Ok(_turn) = wb.checks.acquire().await else {
        return fail(json, StatusCode::SERVICE_UNAVAILABLE, "工作台正在关闭。");
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut framework = String::new();
    loop {
        match form.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("file") => {
                    let name = field.file_name().map(file_name).unwrap_or_else(|| "草稿.txt".into());
                    match field.bytes().await {
                        Ok(b) => file = Some((name, b.to_vec())),
                        Err(e) => return fail(json, e.status(), &upload_error(e.status())),
                    }
                }
                Some("framework") => framework = field.text().await.unwrap_or_default(),
                _ => {}
            },
            Ok(None) => break,
            Err(e) => return fail(json, e.status(), &upload_error(e.status())),
        }
    }
    let Some((name, bytes)) = file else {
        return fail(json, StatusCode::BAD_REQUEST, "没有收到草稿：请选择一个 .docx、.txt 或 .md 文件。");
    };
    let session = match wb.session(&framework) {
        Ok(s) => s,
        Err(e) => return fail(json, StatusCode::BAD_REQUEST, &e),
    };
    let name2 = name.clone();
    let session2 = session.clone();
    let checked = tokio::task::spawn_blocking(move || {
        let eval = session2.check_bytes(&name2, &bytes)?;
        let annotated = (!json && name2.to_lowercase().ends_with(".docx"))
            .then(|| render::docx::annotate(&bytes, &render::docx::check_comments(&eval)).ok())
            .flatten();
        Ok::<_, crate::read::report::InputError>((eval, annotated))
    })
    .await;
    let (eval, annotated) = match checked {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => return fail(json, StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
        Err(_) => return fail(json, StatusCode::INTERNAL_SERVER_ERROR, "检查时出错，请把草稿交给办公室排查。"),
    };
    if json {
        let body = session.check_json(std::slice::from_ref(&eval), false);
        return ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], body).into_response();
    }
    let fw = session.setup().framework.clone();
    layout::page(&format!("{name} 自查结果"), None, result(&name, &eval, &fw, annotated)).into_response()
}

/// The last part of an uploaded file's name (browsers may send a path).
fn file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw).trim();
    if base.is_empty() { "草稿.txt".into() } else { base.to_owned() }
}

fn upload_error(status: StatusCode) -> String {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        format!("文件过大：上传上限为 {} MB。", super::UPLOAD_LIMIT / 1024 / 1024)
    } else {
        "上传未完成或格式不对，请重新选择文件。".into()
    }
}

fn fail(json: bool, status: StatusCode, message: &str) -> Response {
    if json {
        let body = serde_json::json!({ "error": message }).to_string();
        return (status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], body).into_response();
    }
    let body = html! { h1 { "无法检查" } p.notice.bad { (message) } p { a href="/" { "返回重新选择" } } };
    (status, layout::page("无法检查", None, body)).into_response()
}

fn result(
    name: &str,
    eval: &ReportEvaluation,
    fw: &(String, crate::pack::Framework),
    annotated: Option<Vec<u8>>,
) -> Markup {
    let doc = &eval.analysis.doc;
    let score = &eval.score;
    let findings = &eval.run.findings;
    let count = |s| findings.iter().filter(|f| f.severity == s && f.waived.is_none()).count();
    use crate::model::outcome::Severity::*;
    html! {
        h1 { (name) " 自查结果" }
        section.summary aria-label="得分预估" {
            @if score.assessed {
                p.score { "预估得分 " strong { (num(score.total)) } " / " (num(score.max)) " 分，等次：" strong { (score.grade) }
                    @if score.vetoed { "（一票否决）" } }
            } @else {
                p.score { "不评等次：" (score.ungraded.as_deref().unwrap_or("可评估的评分项不足")) }
            }
            p { "文体：" (eval.analysis.genre.label()) "；框架：" (fw.1.name) "；共 " (count(Error)) " 个错误、" (count(Warning)) " 个警告、" (count(Info)) " 个提示。" }
            @if let Some(bytes) = &annotated {
                p { a.button download={ (stem(name)) "（自查批注）.docx" }
                    href={ "data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64," (base64(bytes)) } {
                    "下载批注版 Word（每条问题作为批注标在原文处）" } }
            }
            details {
                summary { "各评分项" }
                table {
                    thead { tr { th scope="col" { "评分项" } th scope="col" { "满分" } th scope="col" { "得分" } th scope="col" { "扣分" } } }
                    tbody { @for c in &score.criteria { tr {
                        td { (c.name) }
                        td { (num(c.max)) }
                        @if c.assessed { td { (num(c.score)) } td { (num(c.lost)) } } @else { td colspan="2" { "未评估" } }
                    } } }
                }
            }
        }
        div.split {
            section.text aria-label="草稿原文" {
                h2 { "原文" }
                (marked_text(doc, findings))
            }
            section.findings aria-label="查出的问题" {
                h2 { "查出的问题（" (findings.len()) "）" }
                @if findings.is_empty() { p { "未发现问题。" } }
                ol {
                    @for (i, f) in findings.iter().enumerate() {
                        li id={ "f" (i + 1) } class={ "finding sev-" (f.severity.label()) } {
                            p { span.badge { (f.severity.label()) } " " (f.message) }
                            @if let Some(help) = f.help.as_deref().filter(|h| !h.trim().is_empty()) { p.help { "改法：" (help) } }
                            p.meta {
                                @if let Some(s) = f.spans.first() { a href={ "#m" (i + 1) } { "位置：" (doc.place(s.start)) } " · " }
                                @if let Some(w) = &f.waived { "已豁免（" (w) "），不扣分" }
                                @else if f.veto { "一票否决" }
                                @else if f.points > 0.0 { "扣 " (num(f.points)) " 分" }
                            }
                        }
                    }
                }
                @if !doc.problems.is_empty() {
                    h2 { "问题条目与监督重点（" (doc.problems.len()) "）" }
                    ol.items { @for (i, p) in doc.problems.iter().enumerate() {
                        li { (p.title) " " span.tags { (focuses(eval, i, &fw.1).join("、")) } }
                    } }
                }
            }
        }
        p.noprint { a href="/" { "再查一份" } }
    }
}

/// The focuses of the framework that problem item `i` touches.
pub fn focuses(eval: &ReportEvaluation, i: usize, fw: &crate::pack::Framework) -> Vec<String> {
    let a = &eval.analysis;
    if a.is_trivial(i) {
        return vec!["（一般性问题）".into()];
    }
    let areas = a.item_areas(i);
    fw.focuses.iter().filter(|f| f.areas.iter().any(|x| areas.contains(&x.as_str()))).map(|f| f.name.clone()).collect()
}

/// The draft's text, one paragraph per line, each finding's first place marked and numbered.
fn marked_text(doc: &crate::model::document::Document, findings: &[Finding]) -> Markup {
    let marks: Vec<(usize, Span)> = findings
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.spans.first().filter(|s| !s.is_empty()).map(|s| (i + 1, *s)))
        .collect();
    let mut out = String::new();
    let mut offset = 0;
    for line in doc.text.split('\n') {
        let (start, end) = (offset, offset + line.len());
        offset = end + 1;
        out.push_str("<p>");
        // Boundaries where some mark starts or ends inside this line.
        let mut cuts = vec![start, end];
        for (_, s) in &marks {
            for x in [s.start, s.end] {
                if x > start && x < end && doc.text.is_char_boundary(x) {
                    cuts.push(x);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let seg = &doc.text[a..b];
            let on: Vec<usize> = marks.iter().filter(|(_, s)| s.start <= a && b <= s.end).map(|(n, _)| *n).collect();
            // Numbers of the marks that start here, as anchors the findings link to.
            let starting: Vec<usize> = marks.iter().filter(|(_, s)| s.start == a).map(|(n, _)| *n).collect();
            for n in &starting {
                out.push_str(&format!("<sup id=\"m{n}\"><a href=\"#f{n}\">{n}</a></sup>"));
            }
            if on.is_empty() {
                out.push_str(&escape(seg));
            } else {
                let worst = on.iter().filter_map(|n| findings.get(n - 1)).map(|f| f.severity).max();
                let label = worst.map_or("", |s| s.label());
                out.push_str(&format!("<mark class=\"sev-{label}\">{}</mark>", escape(seg)));
            }
        }
        // Marks of an empty line or past its end still get their number.
        if start == end {
            for (n, s) in &marks {
                if s.start == start {
                    out.push_str(&format!("<sup id=\"m{n}\"><a href=\"#f{n}\">{n}</a></sup>"));
                }
            }
        }
        out.push_str("</p>");
    }
    PreEscaped(out)
}

fn escape(s: &str) -> String {
    maud::html! { (s) }.into_string()
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
