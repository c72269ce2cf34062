//! 评委现场评分: the office opens a scoring session for a round; each judge gets a short code,
//! enters per-criterion scores for the reports not of their own group (回避 enforced here, not
//! only hidden), and sees only their own entries. The office's screen shows the live ranking,
//! computed by the same ranking as `xuncha score`; saving writes `judges.csv` into the round
//! folder atomically, the previous judges' sheet kept as a dated backup.

use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError};

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::layout::{self, RoundNav, num};
use super::rounds::not_found;
use super::state::{Computed, token};
use super::{Workbench, guard};
use crate::assess::ranking::RoundScore;
use crate::model::judges::{JudgeScore, JudgeSheet};
use crate::model::round::Round;

const JUDGE_COOKIE: &str = "xuncha_judge";

/// Judges one session may have: the codes stay hard to guess and the list cheap to search.
const MAX_JUDGES: usize = 50;

/// One round's open scoring session.
#[derive(Clone)]
pub struct Sheet {
    /// (name, code), in the order the office listed them.
    pub judges: Vec<(String, String)>,
    /// (judge, unit) → per-criterion scores, in the rubric's order.
    pub scores: BTreeMap<(String, String), Vec<f64>>,
    /// Where the sheet was last saved.
    pub saved: Option<String>,
}

impl Sheet {
    fn judge_by_code(&self, code: &str) -> Option<&str> {
        self.judges.iter().find(|(_, c)| guard::constant_eq(c.as_bytes(), code.as_bytes())).map(|(n, _)| n.as_str())
    }

    /// The session's scores as the judges' table would give them (rows numbered from 1).
    pub fn to_sheet(&self, round: &Round, criteria: &[String]) -> JudgeSheet {
        let mut scores: BTreeMap<String, Vec<JudgeScore>> = BTreeMap::new();
        for (row, ((judge, unit), values)) in self.scores.iter().enumerate() {
            let recused = round.unit(unit).and_then(|u| round.group(&u.group)).is_some_and(|g| g.has_person(judge));
            scores.entry(unit.clone()).or_default().push(JudgeScore {
                judge: judge.clone(),
                score: values.iter().sum(),
                criteria: criteria.iter().cloned().zip(values.iter().copied()).collect(),
                recused,
                trimmed: false,
                row: row + 1,
            });
        }
        let judges =
            self.judges.iter().map(|(n, _)| n.clone()).filter(|n| self.scores.keys().any(|(j, _)| j == n)).collect();
        JudgeSheet { file: "现场评分".into(), judges, scores }
    }
}

/// The rubric's criteria: (name, max).
fn criteria(wb: &Workbench, n: usize) -> Vec<(String, f64)> {
    wb.rounds.get(n).map_or_else(Vec::new, |r| {
        r.session.setup().engine.pack.config.rubric.criteria.values().map(|c| (c.name.clone(), c.max)).collect()
    })
}

/// The ranking with the session's scores in place of the round's judges' table.
fn live(wb: &Workbench, n: usize, c: &Computed, sheet: &Sheet) -> Result<RoundScore, crate::Error> {
    let names: Vec<String> = criteria(wb, n).into_iter().map(|(name, _)| name).collect();
    let round = &c.result.round;
    let mut evals: Vec<_> = c.result.score.entries.iter().map(|e| (e.unit.name.clone(), e.eval.clone())).collect();
    let order = |u: &str| round.file.units.iter().position(|x| x.name == u).unwrap_or(usize::MAX);
    evals.sort_by_key(|(u, _)| order(u));
    let setup = wb.rounds[n].session.setup();
    crate::pipeline::score_with(
        setup,
        round,
        evals.into_iter().map(|(_, e)| e).collect(),
        Some(sheet.to_sheet(round, &names)),
    )
}

pub async fn office(State(wb): State<Arc<Workbench>>, Path(n): Path<usize>) -> Response {
    let Some((_, c)) = wb.round(n) else { return not_found("这一轮") };
    let name = c.result.round.name().to_owned();
    let sheet = wb.scoring.lock().unwrap_or_else(PoisonError::into_inner).get(&n).cloned();
    let open_session = sheet.is_some();
    let body = match &sheet {
        None => {
            let known = c.result.score.judges.as_ref().map(|j| j.judges.join("\n")).unwrap_or_default();
            html! {
                h1 { "评委现场评分" }
                p.lead { "集中讲评时，评委在自己的手机或电脑上逐项打分。每位评委拿到一个评分码，只能看到和修改自己的评分；本组的报告自动回避。评分完成后点“保存评分表”，写入本轮目录的 judges.csv。" }
                form method="post" action={ "/round/" (n) "/scoring?csrf=" (wb.csrf) } {
                    p { label for="judges" { "评委名单（每行一人）" } }
                    textarea #judges name="judges" rows="8" cols="30" required { (known) }
                    p { button { "开始现场评分，生成评分码" } }
                }
            }
        }
        Some(sheet) => {
            let ranking = live(&wb, n, &c, sheet);
            let done = |j: &str| sheet.scores.keys().filter(|(x, _)| x == j).count();
            html! {
                h1 { "评委现场评分（进行中）" }
                p.lead { "评委用手机或电脑打开 " strong { (judge_url(&wb)) } "，输入自己的评分码。本页每 5 秒刷新一次，可以投屏；评分码不在本页显示，请从"
                    a href={ "/round/" (n) "/scoring/codes" } { "评分码页" } "打印或逐一告知评委。" }
                table.progress {
                    caption { "评分进度" }
                    thead { tr { th scope="col" { "评委" } th scope="col" { "已评报告" } } }
                    tbody { @for (j, _) in &sheet.judges { tr { td { (j) } td.num { (done(j)) } } } }
                }
                @match &ranking {
                    Ok(score) => (live_table(score)),
                    Err(e) => p.notice.bad { (e.to_string()) },
                }
                form method="post" action={ "/round/" (n) "/scoring/save?csrf=" (wb.csrf) } {
                    button { "保存评分表（写入 judges.csv；原有评委评分表移入 备份/）" }
                    @if let Some(s) = &sheet.saved { " " span.notice.good { "已保存到 " (s) } }
                }
                details.noprint {
                    summary { "作废并重新开始" }
                    form method="post" action={ "/round/" (n) "/scoring?csrf=" (wb.csrf) } {
                        input type="hidden" name="restart" value="1";
                        p { label for="judges" { "新的评委名单（每行一人）；已提交的评分将作废，旧评分码失效" } }
                        textarea #judges name="judges" rows="6" cols="30" required { @for (j, _) in &sheet.judges { (j) "\n" } }
                        p { button { "作废并重新开始" } }
                    }
                }
            }
        }
    };
    let page = layout::page("评委现场评分", Some(RoundNav { n, name: &name, tab: "scoring" }), body);
    // The live screen reloads itself (a header, honoured by every browser, unlike a meta in the body).
    if open_session { ([(header::REFRESH, "5")], page).into_response() } else { page.into_response() }
}

/// The judges' codes, on a page of their own (to print or read out), never on the live screen.
pub async fn codes(State(wb): State<Arc<Workbench>>, Path(n): Path<usize>) -> Response {
    let Some((_, c)) = wb.round(n) else { return not_found("这一轮") };
    let name = c.result.round.name().to_owned();
    let Some(sheet) = wb.scoring.lock().unwrap_or_else(PoisonError::into_inner).get(&n).cloned() else {
        return not_found("进行中的现场评分");
    };
    let body = html! {
        h1 { "评分码（请勿投屏）" }
        p.lead { "评委用手机或电脑打开 " strong { (judge_url(&wb)) } "，输入自己的评分码。每个评分码只属于一位评委、只在本场评分有效。" }
        table.codes {
            thead { tr { th scope="col" { "评委" } th scope="col" { "评分码" } } }
            tbody { @for (j, code) in &sheet.judges { tr { td { (j) } td.code { (code) } } } }
        }
        p.noprint { a href={ "/round/" (n) "/scoring" } { "返回实时排名" } }
    };
    layout::page("评分码", Some(RoundNav { n, name: &name, tab: "scoring" }), body).into_response()
}

fn judge_url(wb: &Workbench) -> String {
    format!("http://{}/judge", wb.opts.addr)
}

fn live_table(score: &RoundScore) -> Markup {
    html! {
        table.ranking #live {
            caption { "实时排名"
                @if let Some(w) = score.judges.as_ref().and_then(|j| j.agreement) { "（评委一致性 W＝" (format!("{w:.2}")) "）" } }
            thead { tr {
                th scope="col" { "名次" } th scope="col" { "被巡察单位" } th scope="col" { "规则得分" }
                th scope="col" { "评委人数" } th scope="col" { "评委均分（去极值）" } th scope="col" { "分差" } th scope="col" { "综合得分" } th scope="col" { "等次" }
            } }
            tbody { @for e in &score.entries { tr {
                td { (e.rank) } td { (e.unit.name) }
                td.num { @if e.eval.score.assessed { (num(e.eval.score.total)) } @else { "不评" } }
                td.num { (e.panel.as_ref().map_or(0, |p| p.scores.iter().filter(|s| !s.recused).count())) }
                td.num { @if let Some(p) = &e.panel { (num(p.trimmed_mean)) } @else { "—" } }
                td.num { @if let Some(p) = &e.panel { (num(p.spread)) } @else { "—" } }
                td.num { strong { (num(e.final_score)) } }
                td { (e.grade.name) }
            } } }
        }
    }
}

#[derive(serde::Deserialize)]
pub struct OpenForm {
    judges: String,
    /// Set by the "重新开始" button: an open session with scores is replaced only then.
    #[serde(default)]
    restart: String,
}

pub async fn open(State(wb): State<Arc<Workbench>>, Path(n): Path<usize>, Form(f): Form<OpenForm>) -> Response {
    if wb.round(n).is_none() {
        return not_found("这一轮");
    }
    let mut names: Vec<&str> = Vec::new();
    for name in f.judges.lines().map(str::trim).filter(|s| !s.is_empty()) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        return guard::problem(StatusCode::BAD_REQUEST, "评委名单为空：请每行写一位评委的姓名。");
    }
    if names.len() > MAX_JUDGES {
        return guard::problem(
            StatusCode::BAD_REQUEST,
            &format!("评委名单有 {} 人，一场评分最多 {MAX_JUDGES} 人。", names.len()),
        );
    }
    let mut sheets = wb.scoring.lock().unwrap_or_else(PoisonError::into_inner);
    if sheets.get(&n).is_some_and(|s| !s.scores.is_empty()) && f.restart != "1" {
        return guard::problem(
            StatusCode::CONFLICT,
            "本轮现场评分正在进行，已有评委提交评分。如确要作废这些评分、重新开始，请在现场评分页点“作废并重新开始”。",
        );
    }
    let mut judges: Vec<(String, String)> = Vec::new();
    for name in names {
        let taken = |c: &str| {
            judges.iter().any(|(_, x)| x == c) || sheets.values().any(|s| s.judges.iter().any(|(_, x)| x == c))
        };
        let code = loop {
            let raw = u64::from_str_radix(&token(8), 16).unwrap_or(0);
            let c = format!("{:06}", raw % 1_000_000);
            if !taken(&c) {
                break c;
            }
        };
        judges.push((name.to_owned(), code));
    }
    sheets.insert(n, Sheet { judges, scores: BTreeMap::new(), saved: None });
    Redirect::to(&format!("/round/{n}/scoring")).into_response()
}

pub async fn save(State(wb): State<Arc<Workbench>>, Path(n): Path<usize>) -> Response {
    let Some((_, c)) = wb.round(n) else { return not_found("这一轮") };
    let names: Vec<String> = criteria(&wb, n).into_iter().map(|(name, _)| name).collect();
    let csv = {
        let sheets = wb.scoring.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(sheet) = sheets.get(&n) else { return not_found("进行中的现场评分") };
        if sheet.scores.is_empty() {
            return guard::problem(StatusCode::BAD_REQUEST, "还没有评委提交评分，无需保存。");
        }
        judges_csv(sheet, &names)
    };
    let dir = c.result.round.dir.clone();
    let _writing = wb.writes.lock().await;
    let wb2 = wb.clone();
    let saved = tokio::task::spawn_blocking(move || {
        let path = save_sheet(&dir, csv.as_bytes())?;
        Ok::<_, String>((path, wb2.rerun(n)))
    })
    .await;
    match saved {
        Ok(Ok((path, rerun))) => {
            if let Err(e) = rerun {
                return guard::problem(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &format!("评分表已保存到 {path}，但重新汇总时出错：{e}"),
                );
            }
            if let Some(s) = wb.scoring.lock().unwrap_or_else(PoisonError::into_inner).get_mut(&n) {
                s.saved = Some(path);
            }
            Redirect::to(&format!("/round/{n}/scoring")).into_response()
        }
        Ok(Err(e)) => guard::problem(StatusCode::INTERNAL_SERVER_ERROR, &e),
        Err(_) => guard::problem(StatusCode::INTERNAL_SERVER_ERROR, "保存时出错"),
    }
}

/// The judges' table, in the columns `read::judges` reads (UTF-8 with a BOM, so Excel opens it).
fn judges_csv(sheet: &Sheet, criteria: &[String]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["序号".to_owned(), "评委".into(), "被巡察单位".into(), "得分".into()];
    header.extend(criteria.iter().cloned());
    let _ = w.write_record(&header);
    for (i, ((judge, unit), values)) in sheet.scores.iter().enumerate() {
        let mut row = vec![(i + 1).to_string(), judge.clone(), unit.clone(), num(values.iter().sum())];
        row.extend(values.iter().map(|v| num(*v)));
        let _ = w.write_record(&row);
    }
    let body = w.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    format!("\u{feff}{body}")
}

/// Writes `judges.csv` atomically; an earlier judges' sheet (csv, xlsx or xls, which would otherwise
/// be read first) moves to `备份/` with the time in its name.
fn save_sheet(dir: &std::path::Path, bytes: &[u8]) -> Result<String, String> {
    for old in crate::read::judges::FILES {
        let path = dir.join(old);
        if path.exists() {
            let to = super::state::backup_path(dir, old)?;
            if old == "judges.csv" {
                std::fs::copy(&path, &to).map_err(|e| format!("{}：备份失败（{e}）", path.display()))?;
            } else {
                std::fs::rename(&path, &to).map_err(|e| format!("{}：备份失败（{e}）", path.display()))?;
            }
        }
    }
    let path = dir.join("judges.csv");
    crate::util::fs::write_atomic(&path, bytes).map_err(|e| format!("{}：写入失败（{e}）", path.display()))?;
    Ok(path.display().to_string())
}

/// The judge's name and their session's round, from the judge's cookie.
fn judge_of(wb: &Workbench, headers: &HeaderMap) -> Option<(usize, String)> {
    let code = guard::cookie(headers, JUDGE_COOKIE)?;
    let sheets = wb.scoring.lock().unwrap_or_else(PoisonError::into_inner);
    sheets.iter().find_map(|(n, s)| s.judge_by_code(&code).map(|j| (*n, j.to_owned())))
}

pub async fn judge_page(State(wb): State<Arc<Workbench>>, headers: HeaderMap) -> Response {
    let Some((n, judge)) = judge_of(&wb, &headers) else {
        let body = html! {
            h1 { "评委评分" }
            form method="post" action={ "/judge/enter?csrf=" (wb.csrf) } {
                p { label { "评分码 " input name="code" inputmode="numeric" autocomplete="off" autofocus required; } }
                p { button { "进入评分" } }
            }
        };
        return layout::page("评委评分", None, body).into_response();
    };
    let Some((_, c)) = wb.round(n) else { return not_found("这一轮") };
    let round = &c.result.round;
    let crit = criteria(&wb, n);
    let mine: BTreeMap<String, Vec<f64>> = {
        let sheets = wb.scoring.lock().unwrap_or_else(PoisonError::into_inner);
        sheets.get(&n).map_or_else(BTreeMap::new, |s| {
            s.scores.iter().filter(|((j, _), _)| *j == judge).map(|((_, u), v)| (u.clone(), v.clone())).collect()
        })
    };
    let body = html! {
        h1 { "评委评分：" (judge) }
        p.lead { (round.name()) "。请逐项打分（不超过该项满分），可多次提交修改；只显示您需要评的报告，本组报告已回避。" }
        form method="post" action={ "/judge?csrf=" (wb.csrf) } {
            @for (u, unit) in round.file.units.iter().enumerate() {
                @let recused = round.group(&unit.group).is_some_and(|g| g.has_person(&judge));
                @if !recused {
                    fieldset.report {
                        legend { (unit.name) "（" (unit.group) "）" }
                        @for (k, (name, max)) in crit.iter().enumerate() {
                            @let value = mine.get(&unit.name).and_then(|v| v.get(k)).map(|v| num(*v)).unwrap_or_default();
                            label.crit { (name) "（" (num(*max)) "分）"
                                input type="number" name={ "s-" (u) "-" (k) } min="0" max=(max) step="0.1" value=(value) inputmode="decimal"; }
                        }
                        @if let Some(v) = mine.get(&unit.name) { p.mine { "已提交：合计 " (num(v.iter().sum())) " 分" } }
                    }
                }
            }
            p { button { "提交评分" } }
        }
    };
    layout::page("评委评分", None, body).into_response()
}

#[derive(serde::Deserialize)]
pub struct CodeForm {
    code: String,
}

pub async fn judge_enter(
    State(wb): State<Arc<Workbench>>,
    axum::Extension(peer): axum::Extension<guard::Peer>,
    Form(f): Form<CodeForm>,
) -> Response {
    if !wb.attempts.allowed(peer) {
        return guard::too_many();
    }
    let code = f.code.trim().to_owned();
    let known =
        wb.scoring.lock().unwrap_or_else(PoisonError::into_inner).values().any(|s| s.judge_by_code(&code).is_some());
    if !known {
        wb.attempts.failed(peer);
        return guard::problem(StatusCode::UNAUTHORIZED, "评分码不对，或本场评分已结束。请向办公室核对。");
    }
    (
        [(header::SET_COOKIE, format!("{JUDGE_COOKIE}={code}; Path=/judge; HttpOnly; SameSite=Strict"))],
        Redirect::to("/judge"),
    )
        .into_response()
}

/// `POST /judge`: fields `s-{unit}-{criterion}`; a report is taken when all its criteria are
/// filled, each within its maximum; reports of the judge's own group are refused.
pub async fn judge_submit(
    State(wb): State<Arc<Workbench>>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let Some((n, judge)) = judge_of(&wb, &headers) else {
        return guard::problem(StatusCode::UNAUTHORIZED, "评分码已失效，请重新输入。");
    };
    let Some((_, c)) = wb.round(n) else { return not_found("这一轮") };
    let round = &c.result.round;
    let crit = criteria(&wb, n);
    let mut per_unit: BTreeMap<usize, Vec<Option<f64>>> = BTreeMap::new();
    for (key, value) in &fields {
        let Some((u, k)) = key.strip_prefix("s-").and_then(|r| r.split_once('-')) else { continue };
        let (Ok(u), Ok(k)) = (u.parse::<usize>(), k.parse::<usize>()) else { continue };
        let Some(unit) = round.file.units.get(u) else { continue };
        let Some((name, max)) = crit.get(k) else { continue };
        if round.group(&unit.group).is_some_and(|g| g.has_person(&judge)) {
            return guard::problem(
                StatusCode::FORBIDDEN,
                &format!("您属于{}，按规定回避“{}”的评分。", unit.group, unit.name),
            );
        }
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let v = match crate::util::number::parse_number(value) {
            // One decimal, as judges.csv keeps it: the live screen ranks what will be saved.
            Some(v) if (0.0..=*max).contains(&v) => (v * 10.0).round() / 10.0,
            Some(_) => {
                return guard::problem(
                    StatusCode::BAD_REQUEST,
                    &format!("“{}”的“{name}”填的“{value}”不在 0～{} 分之间，请返回修改。", unit.name, num(*max)),
                );
            }
            None => {
                return guard::problem(
                    StatusCode::BAD_REQUEST,
                    &format!("“{}”的“{name}”填的“{value}”不是数字，请返回修改。", unit.name),
                );
            }
        };
        let slots = per_unit.entry(u).or_insert_with(|| vec![None; crit.len()]);
        slots[k] = Some(v);
    }
    let mut sheets = wb.scoring.lock().unwrap_or_else(PoisonError::into_inner);
    // A report is taken only with every criterion scored; a half-filled one is sent back.
    let partial: Vec<&str> = per_unit
        .iter()
        .filter(|(_, slots)| slots.iter().any(Option::is_none))
        .map(|(u, _)| round.file.units[*u].name.as_str())
        .collect();
    if !partial.is_empty() {
        return guard::problem(
            StatusCode::BAD_REQUEST,
            &format!(
                "{}还有评分项没有打分：请返回补全（每份报告的各项都要打分），本次提交未保存。",
                partial.join("、")
            ),
        );
    }
    let Some(sheet) = sheets.get_mut(&n) else { return guard::problem(StatusCode::GONE, "本场评分已结束。") };
    for (u, slots) in per_unit {
        let values: Vec<f64> = slots.into_iter().flatten().collect();
        sheet.scores.insert((judge.clone(), round.file.units[u].name.clone()), values);
    }
    Redirect::to("/judge").into_response()
}
