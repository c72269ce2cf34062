//! Views of the cadre evaluation in every format, and the appraisal sent to a seconded cadre's
//! home unit (巡察干部鉴定).

use serde::Serialize;
use tabled::builder::Builder;

use crate::assess::cadre::{CadreResult, Evaluation};
use crate::pack::CadreConfig;
use crate::pack::Pack;
use crate::render::diagnostics::fmt_points;
use crate::render::xlsx::{Cell, Sheet};
use crate::render::{markdown, table};

fn header(cfg: &CadreConfig) -> Vec<String> {
    let mut h: Vec<String> = ["巡察组", "姓名", "角色", "派出单位"].map(String::from).to_vec();
    h.extend(cfg.rubric.criteria.values().map(|c| format!("{}({})", c.name, fmt_points(c.max))));
    h.extend(["总分", "等次", "说明"].map(String::from));
    h
}

/// Why the band is what it is, in a few words.
fn note(r: &CadreResult) -> String {
    let mut parts = Vec::new();
    if r.score.vetoed {
        parts.push("一票否决".to_owned());
    }
    if r.quota_limited {
        parts.push("优秀名额已满（20%）".to_owned());
    }
    if r.recommended {
        parts.push("优先向组织推荐".to_owned());
    }
    let open = r.cadre.events.iter().filter(|e| !e.verified).count();
    if open > 0 {
        parts.push(format!("{open} 件反映待查实"));
    }
    parts.join("；")
}

fn row(r: &CadreResult) -> Vec<String> {
    let mut v = vec![r.cadre.group.clone(), r.cadre.name.clone(), r.cadre.role.clone(), r.cadre.home_unit.clone()];
    v.extend(r.score.criteria.iter().map(|c| fmt_points(c.score)));
    v.push(fmt_points(r.score.total));
    v.push(r.band.clone());
    v.push(note(r));
    v
}

/// The cadres' results in one sentence, the same on the page, in Markdown and in the terminal:
/// bands by score (group leaders and deputies included), then the selection among seconded
/// cadres under the quota and the recommendations.
pub fn summary_line(e: &Evaluation, cfg: &CadreConfig) -> String {
    let t = e.tally(cfg);
    if t.total == 0 {
        return String::new();
    }
    let bands: Vec<String> = e
        .band_counts(cfg)
        .into_iter()
        .map(|(band, c)| {
            format!("{band} {c} 人（{}%）", crate::util::number::round1(c as f64 * 100.0 / t.total as f64))
        })
        .collect();
    let quota = crate::util::number::round1(cfg.excellent_quota * 100.0);
    let mut out = format!(
        "参评巡察干部 {} 人，按评估得分划分等次：{}。其中抽调干部评定{} {} 人（每组不超过 {quota}%），优先向组织推荐 {} 人",
        t.total,
        bands.join("、"),
        cfg.excellent_band,
        t.seconded_excellent,
        t.recommended
    );
    if t.pending > 0 {
        out.push_str(&format!("，另有 {} 人待反映核实后再定", t.pending));
    }
    out.push('。');
    out
}

fn lists(e: &Evaluation) -> String {
    let mut out = String::new();
    let rec: Vec<String> = e
        .results
        .iter()
        .filter(|r| r.recommended)
        .map(|r| format!("{}（{}，{}）", r.cadre.name, r.cadre.group, r.cadre.home_unit))
        .collect();
    out.push_str(&format!(
        "优先向组织推荐的优秀巡察干部：{}\n",
        if rec.is_empty() { "无".into() } else { rec.join("、") }
    ));
    let act: Vec<String> = e
        .results
        .iter()
        .flat_map(|r| r.actions.iter().map(move |a| format!("  · {}（{}）：{a}", r.cadre.name, r.cadre.group)))
        .collect();
    if !act.is_empty() {
        out.push_str(&format!("需要谈话提醒、移交或研判：\n{}\n", act.join("\n")));
    }
    for (g, n, allowed, given) in &e.quotas {
        out.push_str(&format!("{g}：抽调干部 {n} 名，优秀名额 {allowed} 名，抽调干部评定优秀 {given} 名\n"));
    }
    out
}

pub fn terminal(e: &Evaluation, cfg: &CadreConfig) -> String {
    let mut b = Builder::default();
    b.push_record(header(cfg));
    for r in &e.results {
        b.push_record(row(r));
    }
    let counts: Vec<String> = e.band_counts(cfg).iter().map(|(b, n)| format!("{b} {n} 人")).collect();
    let mut out = format!("{}　巡察干部评估（{}）\n{}\n\n", e.round, counts.join("、"), table::style(b.build()));
    out.push_str(&lists(e));
    out.push_str("\n扣分原因：\n");
    for r in &e.results {
        for f in r.run.findings.iter().filter(|f| {
            f.points > 0.0 || f.veto || f.severity == crate::model::outcome::Severity::Info && f.rule == "cadre/conduct"
        }) {
            let pts = if f.veto {
                "一票否决".into()
            } else if f.points > 0.0 {
                format!("-{}", fmt_points(f.points))
            } else {
                "不扣分".into()
            };
            out.push_str(&format!("  {}（{}）　{pts}　{}：{}\n", r.cadre.name, r.cadre.group, f.rule, f.message));
        }
    }
    for r in &e.results {
        for (rule, err) in r.run.errors() {
            out.push_str(&format!("规则出错[{rule}]（{}）：{err}\n", r.cadre.name));
        }
    }
    out
}

pub fn markdown(e: &Evaluation, cfg: &CadreConfig) -> String {
    let rows: Vec<Vec<String>> = e.results.iter().map(row).collect();
    let mut out = format!("# {} 巡察干部评估\n\n", e.round);
    out.push_str(&markdown::table(&header(cfg), &rows));
    out.push('\n');
    out.push_str(&format!("{}\n\n", summary_line(e, cfg)));
    out.push_str(&lists(e).lines().map(|l| format!("{l}\n\n")).collect::<String>());
    out
}

#[derive(Serialize)]
struct Json<'a> {
    #[serde(flatten)]
    header: crate::render::json::Header<'a>,
    evaluation: &'a Evaluation,
    bands: Vec<(String, usize)>,
}

pub fn json(e: &Evaluation, pack: &Pack, cfg: &CadreConfig) -> String {
    let out = Json { header: crate::render::json::Header::of(pack), evaluation: e, bands: e.band_counts(cfg) };
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}

pub fn sheet(e: &Evaluation, cfg: &CadreConfig) -> Sheet {
    let rows = e
        .results
        .iter()
        .map(|r| {
            let mut v: Vec<Cell> = vec![
                r.cadre.group.as_str().into(),
                r.cadre.name.as_str().into(),
                r.cadre.role.as_str().into(),
                r.cadre.home_unit.as_str().into(),
            ];
            v.extend(r.score.criteria.iter().map(|c| Cell::Number(c.score)));
            v.push(r.score.total.into());
            v.push(r.band.as_str().into());
            v.push(
                format!(
                    "{}{}",
                    note(r),
                    if r.actions.is_empty() { String::new() } else { format!("；{}", r.actions.join("；")) }
                )
                .into(),
            );
            v
        })
        .collect();
    Sheet { name: "干部评估".into(), header: header(cfg), rows }
}

/// The appraisal (鉴定意见) for one seconded cadre, in Markdown, ready for the home unit.
pub fn appraisal(r: &CadreResult, e: &Evaluation, cfg: &CadreConfig) -> String {
    let c = &r.cadre;
    let mut out = String::from("# 巡察干部鉴定表\n\n| 项目 | 内容 |\n|---|---|\n");
    for (k, v) in [
        ("姓名", c.name.as_str()),
        ("派出单位", c.home_unit.as_str()),
        ("巡察轮次", e.round.as_str()),
        ("所在巡察组", c.group.as_str()),
        ("组内角色", c.role.as_str()),
    ] {
        out.push_str(&format!("| {k} | {} |\n", markdown::cell(v)));
    }
    out.push_str(&format!(
        "| 评定等次 | {}{} |\n",
        r.band,
        if r.quota_limited { "（按优秀名额比例确定）" } else { "" }
    ));
    out.push_str(&format!("| 综合得分 | {} |\n\n", fmt_points(r.score.total)));
    out.push_str("## 履职情况\n\n");
    out.push_str(&format!(
        "本轮巡察中，该同志发现问题 {} 个，移交问题线索 {} 件，形成专题报告 {} 篇，推动立行立改 {} 项，报送信息 {} 篇。\n\n",
        c.problems_found, c.clues, c.special_reports, c.rectified, c.publicity
    ));
    out.push_str(&markdown::table(
        &["评价维度".to_owned(), "满分".to_owned(), "得分".to_owned()],
        &r.score
            .criteria
            .iter()
            .map(|s| vec![s.name.clone(), fmt_points(s.max), fmt_points(s.score)])
            .collect::<Vec<_>>(),
    ));
    out.push_str("\n## 作风纪律\n\n");
    let verified: Vec<_> = c.events.iter().filter(|e| e.verified).collect();
    if verified.is_empty() {
        out.push_str("巡察期间未发现违反巡察工作纪律和作风要求的问题。");
    } else {
        for e in verified {
            out.push_str(&format!("- {}：{}（已查实）\n", cfg.categories[&e.category].name, e.text));
        }
    }
    if let Some(s) = c.survey {
        out.push_str(&format!("\n被巡察单位匿名问卷满意度 {} 分。\n", fmt_points(s)));
    }
    out.push_str("\n## 鉴定意见\n\n");
    // The wording follows the band's place in the pack's bands, so a pack's own names fit.
    let bands = &cfg.rubric.grades;
    let band = &r.band;
    let opinion = match bands.iter().position(|g| g.name == r.band) {
        _ if r.band == cfg.excellent_band => format!(
            "该同志政治站位高，能够严格执行巡察工作纪律，发现问题精准，工作成效突出，评定为{band}，建议优先使用。"
        ),
        Some(i) if i + 1 == bands.len() => {
            format!("该同志在巡察工作中存在较为严重的问题，评定为{band}，已按有关规定处理。")
        }
        Some(1) => format!("该同志能够较好地完成巡察任务，遵守巡察工作纪律，评定为{band}。"),
        Some(_) => {
            format!("该同志基本完成巡察任务，但发现问题和履职成效有待提高，评定为{band}，已进行谈话提醒。")
        }
        None => format!("评定为{band}。"),
    };
    out.push_str(&opinion);
    out.push_str("\n\n县委巡察工作领导小组办公室（盖章）\n\n年　　月　　日\n");
    out
}
