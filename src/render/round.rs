//! The outputs of `xuncha round`: one page (HTML), one workbook (XLSX), Markdown and JSON, all
//! built from the same results.

use serde::Serialize;

use crate::assess::round::{History, RoundResult};
use crate::engine::Setup;
use crate::render::html::{HeatMap, LeaderRow, RankRow, ReportDetail, RoundPage, StatRow, TrendRow};
use crate::render::xlsx::{Cell, Sheet};
use crate::render::{cadre, divergence, json, markdown};

/// round.json: every round's ranking, divergence and cadre evaluation, streamed to `w` from
/// borrowed results (a large round never exists as one JSON value or string in memory).
pub fn write_json(
    results: &[RoundResult],
    history: &History,
    setup: &Setup,
    pretty: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let pack = &setup.engine.pack;
    let doc = RoundFileJson {
        header: json::Header::of(pack),
        rounds: results
            .iter()
            .map(|r| {
                let s = json::score_doc(&r.score, pack, false);
                RoundJson {
                    round: &r.score.round,
                    framework: &r.score.framework,
                    stats: &r.stats,
                    ranking: s.ranking,
                    judges: s.judges,
                    waivers: s.waivers,
                    divergence: divergence::round_doc(&r.divergence),
                    cadres: r.cadres.as_ref().filter(|_| pack.config.cadre.is_some()),
                    ledger: (r.ledger.has_items || r.ledger.has_clues || !r.ledger.common.is_empty())
                        .then(|| crate::render::ledger::LedgerJson::of(&r.ledger)),
                    progress: r.progress.as_ref(),
                }
            })
            .collect(),
        leaders: crate::assess::round::leaders(results, setup),
        trends: (history.trends.len() > 1).then(|| history.trends.clone()),
        repeat_cadres: history.repeat_cadres.clone(),
    };
    // The serializer writes a few bytes at a time: a buffer of its own keeps those writes off
    // the dynamic writer (round.json runs to hundreds of megabytes on a large round).
    use std::io::Write as _;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    if pretty {
        serde_json::to_writer_pretty(&mut w, &doc)?;
    } else {
        serde_json::to_writer(&mut w, &doc)?;
    }
    w.write_all(b"\n")?;
    w.flush()
}

#[derive(Serialize)]
struct RoundFileJson<'a> {
    #[serde(flatten)]
    header: json::Header<'a>,
    rounds: Vec<RoundJson<'a>>,
    leaders: Vec<crate::assess::divergence::LeaderView>,
    trends: Option<Vec<crate::assess::round::Trend>>,
    repeat_cadres: Vec<(String, Vec<(String, String)>)>,
}

#[derive(Serialize)]
struct RoundJson<'a> {
    round: &'a str,
    framework: &'a str,
    stats: &'a [crate::assess::round::Stat],
    ranking: json::Seq<'a, json::EntryJson<'a>>,
    judges: Option<json::JudgesJson<'a>>,
    waivers: &'a crate::model::waiver::WaiverReport,
    divergence: divergence::RoundJson<'a>,
    cadres: Option<&'a crate::assess::cadre::Evaluation>,
    /// 整改台账, 线索台账 and 共性问题 (absent when the round has none of them).
    #[serde(skip_serializing_if = "Option::is_none")]
    ledger: Option<crate::render::ledger::LedgerJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    progress: Option<&'a crate::assess::progress::Progress>,
}

fn stats_table(r: &RoundResult) -> String {
    let rows: Vec<Vec<String>> = r
        .stats
        .iter()
        .map(|s| {
            vec![s.label.clone(), crate::render::diagnostics::fmt_points(s.value), s.unit.clone(), s.source.clone()]
        })
        .collect();
    markdown::table(&["项目", "数量", "单位", "来源"].map(String::from), &rows)
}

/// round.md, written part by part: the divergence part has a row per signal and is the largest
/// output of a large round, so it goes to `w` as soon as it is made and is never copied.
pub fn write_markdown(
    results: &[RoundResult],
    history: &History,
    setup: &Setup,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let pack = &setup.engine.pack;
    for r in results {
        let mut out = format!(
            "# {}

## 本轮统计

{}
",
            r.score.round,
            stats_table(r)
        );
        out.push_str(&markdown::score(&r.score, pack).replacen("# ", "## ", 1).replace("\n## ", "\n### "));
        out.push('\n');
        w.write_all(out.as_bytes())?;
        // "# 偏离研判" one level down.
        w.write_all(b"#")?;
        divergence::write_markdown(std::slice::from_ref(&r.divergence), &[], w)?;
        let mut out = String::new();
        if let (Some(e), Some(cfg)) = (&r.cadres, &pack.config.cadre) {
            out.push('\n');
            out.push_str(&cadre::markdown(e, cfg).replacen("# ", "## ", 1));
        }
        if r.ledger.has_items || r.ledger.has_clues || !r.ledger.common.is_empty() {
            out.push('\n');
            out.push_str(&crate::render::ledger::markdown(&r.score.round, &r.ledger, 2));
        }
        out.push('\n');
        w.write_all(out.as_bytes())?;
    }
    let mut out = String::new();
    let leaders = crate::assess::round::leaders(results, setup);
    out.push_str("# 组长研判\n\n");
    out.push_str(&markdown::table(
        &["组长", "巡察组", "轮次", "报告", "偏离的报告", "平均偏离度", "重点研判"].map(String::from),
        &leaders
            .iter()
            .map(|l| {
                vec![
                    l.leader.clone(),
                    l.groups.join("、"),
                    l.rounds.to_string(),
                    l.reports.to_string(),
                    l.diverging.to_string(),
                    crate::render::diagnostics::fmt_points(l.mean),
                    if l.flagged { "是".into() } else { String::new() },
                ]
            })
            .collect::<Vec<_>>(),
    ));
    if history.trends.len() > 1 {
        out.push_str("\n# 各轮趋势\n\n");
        let rows: Vec<Vec<String>> = history
            .trends
            .iter()
            .cloned()
            .map(|t| {
                vec![
                    t.round,
                    t.reports.to_string(),
                    crate::render::diagnostics::fmt_points(t.mean_score),
                    t.mean_divergence.map_or("—".into(), crate::render::diagnostics::fmt_points),
                    t.excellent_reports.to_string(),
                ]
            })
            .collect();
        out.push_str(&markdown::table(
            &["轮次", "报告", "平均综合得分", "平均偏离度", "优秀报告"].map(String::from),
            &rows,
        ));
        let repeat = history.repeat_cadres.clone();
        if !repeat.is_empty() {
            out.push_str("\n## 多轮参加巡察的干部\n\n");
            for (name, seen) in repeat {
                let s: Vec<String> = seen.into_iter().map(|(r, b)| format!("{r}：{b}")).collect();
                out.push_str(&format!("- {name}：{}\n", s.join("；")));
            }
        }
    }
    w.write_all(out.as_bytes())
}

/// round.md as one string (tests and benchmarks).
pub fn markdown(results: &[RoundResult], history: &History, setup: &Setup) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_markdown(results, history, setup, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

pub fn xlsx(results: &[RoundResult], history: &History, setup: &Setup) -> Result<Vec<u8>, String> {
    let pack = &setup.engine.pack;
    let mut sheets: Vec<Sheet> = Vec::new();
    let several = results.len() > 1;
    let name = |base: &str, i: usize| if several { format!("{base}{}", i + 1) } else { base.to_owned() };
    for (i, r) in results.iter().enumerate() {
        let mut s = crate::render::xlsx::ranking_sheet(&r.score);
        s.name = name("排名", i);
        sheets.push(s);
        let mut s = crate::render::xlsx::loss_sheet(&r.score, pack);
        s.name = name("扣分明细", i);
        sheets.push(s);
        for mut s in crate::render::xlsx::judges_sheet(&r.score)
            .into_iter()
            .chain(crate::render::xlsx::waivers_sheet(&r.score, pack))
        {
            s.name = name(&s.name, i);
            sheets.push(s);
        }
        for mut s in divergence::sheets(std::slice::from_ref(&r.divergence), &[]).into_iter().take(3) {
            s.name = name(&s.name, i);
            sheets.push(s);
        }
        if let (Some(e), Some(cfg)) = (&r.cadres, &pack.config.cadre) {
            let mut s = cadre::sheet(e, cfg);
            s.name = name(&s.name, i);
            sheets.push(s);
        }
        for mut s in crate::render::ledger::sheets(&r.ledger) {
            s.name = name(&s.name, i);
            sheets.push(s);
        }
        sheets.push(Sheet {
            name: name("本轮统计", i),
            header: ["项目", "数量", "单位", "来源"].map(String::from).to_vec(),
            rows: r
                .stats
                .iter()
                .map(|s| {
                    vec![
                        s.label.as_str().into(),
                        Cell::Number(s.value),
                        s.unit.as_str().into(),
                        s.source.as_str().into(),
                    ]
                })
                .collect(),
        });
    }
    let leaders = crate::assess::round::leaders(results, setup);
    if let Some(s) = divergence::sheets(&[], &leaders).pop() {
        sheets.push(s);
    }
    if history.trends.len() > 1 {
        sheets.push(Sheet {
            name: "趋势".into(),
            header: ["轮次", "报告", "平均综合得分", "平均偏离度", "优秀报告"].map(String::from).to_vec(),
            rows: history
                .trends
                .iter()
                .cloned()
                .map(|t| {
                    vec![
                        t.round.into(),
                        t.reports.into(),
                        t.mean_score.into(),
                        t.mean_divergence.into(),
                        t.excellent_reports.into(),
                    ]
                })
                .collect(),
        });
    }
    crate::render::xlsx::workbook(&sheets)
}

/// A rule as office readers know it: its `# 标题`, or its id when it has none.
pub fn rule_title(pack: &crate::pack::Pack, id: &str) -> String {
    pack.rule(id).map(|r| r.doc.title.trim()).filter(|t| !t.is_empty()).map_or_else(|| id.to_owned(), str::to_owned)
}

/// The page view of the last round given (with trends over all of them).
pub fn page(results: &[RoundResult], history: &History, setup: &Setup) -> RoundPage {
    let pack = &setup.engine.pack;
    let Some(r) = results.last() else { return RoundPage::default() };
    let lex = &setup.engine.lexicon;
    let fw = &setup.framework.1;
    let sectors: Vec<String> = pack
        .rule("report/livelihood")
        .and_then(|r| r.config.params.get("sectors"))
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    // Items counted as coverage counts them (Analysis::covers): with their group titles, not
    // negated, not trivial — so a bar never shows items where the score says 未涉及.
    let count = |e: &crate::assess::ranking::Entry, areas: &[String]| -> usize {
        let a = &e.eval.analysis;
        let ids: Vec<u16> = areas.iter().filter_map(|x| lex.area_index(x)).collect();
        (0..a.doc.problems.len())
            .filter(|&i| !a.is_trivial(i) && ids.iter().any(|&id| a.item_hits(i, Some(id)) > 0))
            .count()
    };
    let ranking = r
        .score
        .entries
        .iter()
        .map(|e| RankRow {
            rank: e.rank,
            unit: e.unit.name.clone(),
            group: e.unit.group.clone(),
            leader: e.leader.clone(),
            criteria: e.rules().criteria.iter().map(|c| (c.name.clone(), c.score, c.max)).collect(),
            rules: e.rules().total,
            judges: e.panel.as_ref().map(|p| crate::util::number::round1(p.trimmed_mean)),
            total: e.final_score,
            grade: e.grade.to_string(),
            vetoed: e.rules().vetoed,
            divergence: e.divergence,
            flags: e.attention().map(ToString::to_string).collect(),
            review: e.flags.iter().any(crate::assess::ranking::Flag::needs_review),
            recommended: e.unit.recommended,
        })
        .collect();
    let columns: Vec<u16> = r.divergence.areas.iter().copied().take(12).collect();
    let max_cell =
        r.divergence.units.iter().flat_map(|u| u.cells.iter().filter(|c| !c.2).map(|c| c.1)).fold(0.0_f64, f64::max);
    let heatmap = HeatMap {
        rows: r.divergence.units.iter().map(|u| u.unit.name.clone()).collect(),
        columns: columns.iter().map(|&a| lex.area(a).name.clone()).collect(),
        cells: r
            .divergence
            .units
            .iter()
            .map(|u| {
                columns
                    .iter()
                    .map(|&a| match u.cells.iter().find(|c| c.0 == a) {
                        Some(&(_, w, false)) if max_cell > 0.0 => (w / max_cell).clamp(0.0, 1.0),
                        _ => 0.0,
                    })
                    .collect()
            })
            .collect(),
    };
    let by_unit: std::collections::HashMap<&str, &crate::assess::divergence::UnitDivergence> =
        r.divergence.units.iter().map(|u| (u.unit.name.as_str(), u)).collect();
    let reports = r
        .score
        .entries
        .iter()
        .map(|e| {
            let doc = &e.eval.analysis.doc;
            let all = &e.eval.run.findings;
            let points = |f: &crate::model::outcome::Finding| if f.waived.is_some() { 0.0 } else { f.points };
            let findings = all
                .iter()
                .take(crate::render::html::FINDINGS_SHOWN)
                .map(|f| {
                    let place = f.spans.first().map_or(String::new(), |s| doc.place_cn(s.start));
                    let message = match &f.waived {
                        Some(why) => format!("{}（已豁免：{why}）", f.message),
                        None => f.message.clone(),
                    };
                    (f.severity.label().to_owned(), rule_title(pack, &f.rule), message, place, points(f))
                })
                .collect();
            let rest = all.iter().skip(crate::render::html::FINDINGS_SHOWN);
            let hidden = (rest.clone().count(), rest.map(points).filter(|p| *p > 0.0).sum());
            let unit_divergence = by_unit.get(e.unit.name.as_str()).copied();
            let divergence = unit_divergence
                .map(|u| {
                    u.run
                        .findings
                        .iter()
                        .map(|f| (f.severity.label().to_owned(), f.message.clone(), f.evidence.clone()))
                        .collect()
                })
                .unwrap_or_default();
            // Only the rows the page lists are made: a unit can have thousands of signals.
            let signals = unit_divergence
                .map(|u| divergence::signal_rows(u, crate::render::html::SIGNALS_SHOWN))
                .unwrap_or_default();
            let signals_hidden = unit_divergence.map_or((0, 0), |u| {
                let missed = u.signals.iter().filter(|s| s.is_missed()).count();
                (u.signals.len() - signals.len(), missed - signals.iter().filter(|s| s.missed).count())
            });
            ReportDetail {
                unit: e.unit.name.clone(),
                kind: e.unit.kind.clone(),
                group: e.unit.group.clone(),
                report: e.unit.report.clone(),
                total: e.final_score,
                grade: e.grade.to_string(),
                focus_counts: fw.focuses.iter().map(|f| count(e, &f.areas)).collect(),
                sector_counts: sectors.iter().map(|s| count(e, std::slice::from_ref(s))).collect(),
                findings,
                hidden,
                divergence,
                divergence_score: unit_divergence.filter(|u| !u.signals.is_empty()).map(|u| u.score),
                signals,
                signals_hidden,
                judges: e
                    .panel
                    .iter()
                    .flat_map(|p| &p.scores)
                    .map(|j| {
                        let note = if j.recused {
                            "回避，不计入"
                        } else if j.trimmed {
                            "去掉的最高或最低分"
                        } else {
                            ""
                        };
                        (j.judge.clone(), j.score, note.to_owned())
                    })
                    .collect(),
            }
        })
        .collect();
    let leaders = crate::assess::round::leaders(results, setup)
        .into_iter()
        .map(|l| LeaderRow {
            leader: l.leader,
            group: l.groups.join("、"),
            reports: l.reports,
            mean_divergence: l.mean,
            flagged: l.flagged,
        })
        .collect();
    RoundPage {
        title: r.score.round.clone(),
        framework: r.score.framework.clone(),
        pack: format!("{} {}（{}）", pack.config.name, pack.config.version, pack.hash),
        ranking,
        focuses: fw.focuses.iter().map(|f| f.name.clone()).collect(),
        sectors: sectors.iter().filter_map(|s| lex.area_index(s)).map(|i| lex.area(i).name.clone()).collect(),
        heatmap,
        grades: pack.config.rubric.grades.iter().map(|g| g.name.clone()).collect(),
        cadre_summary: match (&r.cadres, &pack.config.cadre) {
            (Some(e), Some(cfg)) => cadre::summary_line(e, cfg),
            _ => String::new(),
        },
        cadre_bands: match (&r.cadres, &pack.config.cadre) {
            (Some(e), Some(cfg)) => e.band_counts(cfg),
            _ => Vec::new(),
        },
        stats: r
            .stats
            .iter()
            .map(|s| StatRow { label: s.label.clone(), value: s.value, unit: s.unit.clone(), source: s.source.clone() })
            .collect(),
        reports,
        leaders,
        rectification: crate::render::ledger::page_section(&r.ledger),
        progress: r.progress.as_ref().map(|p| crate::render::progress::page_section(&r.score.round, p)),
        // Earlier rounds only: the page adds the current round itself.
        trends: if history.trends.len() > 1 {
            history
                .trends
                .iter()
                .filter(|t| t.round != r.score.round)
                .cloned()
                .map(|t| TrendRow {
                    round: t.round,
                    mean_score: t.mean_score,
                    reports: t.reports,
                    mean_divergence: t.mean_divergence,
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}
