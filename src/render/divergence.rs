//! Views of the divergence results in every format (terminal, Markdown, JSON, XLSX).

use serde::Serialize;
use tabled::builder::Builder;

use crate::assess::divergence::{Divergence, LeaderView, UnitDivergence};
use crate::model::outcome::Severity;
use crate::pack::Pack;
use crate::render::diagnostics::fmt_points;
use crate::render::xlsx::{Cell, Sheet};
use crate::render::{markdown, table};

/// The columns shared by every format: one row per unit.
fn unit_row(u: &UnitDivergence, lex: &crate::analysis::lexicon::Lexicon) -> Vec<String> {
    let open = u.signals.iter().filter(|s| !s.explained).count();
    let explained = u.signals.len() - open;
    let missed: Vec<String> = u.cells.iter().filter(|c| !c.2).take(3).map(|c| lex.area(c.0).name.clone()).collect();
    vec![
        u.unit.name.clone(),
        u.unit.group.clone(),
        u.leader.clone(),
        u.signals.len().to_string(),
        explained.to_string(),
        fmt_points(u.score),
        u.run.findings.len().to_string(),
        missed.join("、"),
    ]
}

const UNIT_HEADER: [&str; 8] =
    ["被巡察单位", "巡察组", "组长", "信号（件）", "已说明", "偏离度", "偏离提示", "报告未反映的主要领域"];
const LEADER_HEADER: [&str; 6] = ["组长", "巡察组", "轮次", "报告", "偏离的报告", "平均偏离度"];

fn leader_row(l: &LeaderView) -> Vec<String> {
    vec![
        if l.flagged { format!("{}（重点研判）", l.leader) } else { l.leader.clone() },
        l.groups.join("、"),
        l.rounds.to_string(),
        l.reports.to_string(),
        l.diverging.to_string(),
        fmt_points(l.mean),
    ]
}

/// One line per divergence flag: unit, severity, message, backing signal ids.
fn flag_lines(d: &Divergence) -> Vec<(String, Severity, String, String)> {
    d.units
        .iter()
        .flat_map(|u| {
            u.run.findings.iter().map(|f| (u.unit.name.clone(), f.severity, f.message.clone(), f.evidence.join("、")))
        })
        .collect()
}

pub fn terminal(rounds: &[Divergence], leaders: &[LeaderView]) -> String {
    let mut out = String::new();
    for d in rounds {
        let counts: Vec<String> = d.counts.iter().map(|(k, n)| format!("{k} {n} 件")).collect();
        out.push_str(&format!(
            "{}　偏离研判（{}）\n",
            d.round,
            if counts.is_empty() { "未提供信号文件 signals/".to_owned() } else { counts.join("、") }
        ));
        let mut b = Builder::default();
        b.push_record(UNIT_HEADER);
        for u in &d.units {
            b.push_record(unit_row(u, &d.lexicon));
        }
        out.push_str(&table::style(b.build()));
        out.push('\n');
        let flags = flag_lines(d);
        if !flags.is_empty() {
            out.push_str("\n偏离提示：\n");
            for (unit, sev, msg, ids) in flags {
                let ids = if ids.is_empty() { String::new() } else { format!("（依据：{ids}）") };
                out.push_str(&format!("  {}　{unit}：{msg}{ids}\n", sev.label()));
            }
        }
        let explained: Vec<String> = d
            .units
            .iter()
            .flat_map(|u| {
                u.signals.iter().filter(|s| s.explained).map(move |s| format!("{}（{}）", s.signal.id(), u.unit.name))
            })
            .collect();
        if !explained.is_empty() {
            out.push_str(&format!("\n报告已说明核实不属实的信号：{}\n", explained.join("、")));
        }
        for e in &d.weight_errors {
            out.push_str(&format!("规则出错[weights/signal]：{e}（相关信号按权重 1 计）\n"));
        }
        for u in &d.units {
            for (rule, e) in u.run.errors() {
                out.push_str(&format!("规则出错[{rule}]（{}）：{e}\n", u.unit.name));
            }
        }
        out.push('\n');
    }
    let mut b = Builder::default();
    b.push_record(LEADER_HEADER);
    for l in leaders {
        b.push_record(leader_row(l));
    }
    out.push_str("组长研判（同一组长有多份报告偏离的，列为重点研判）\n");
    out.push_str(&table::style(b.build()));
    out.push('\n');
    out
}

pub fn markdown(rounds: &[Divergence], leaders: &[LeaderView]) -> String {
    let mut out = String::from("# 偏离研判\n");
    for d in rounds {
        out.push_str(&format!("\n## {}\n\n", d.round));
        let rows: Vec<Vec<String>> = d.units.iter().map(|u| unit_row(u, &d.lexicon)).collect();
        out.push_str(&markdown::table(&UNIT_HEADER.map(String::from), &rows));
        let flags: Vec<Vec<String>> =
            flag_lines(d).into_iter().map(|(u, s, m, i)| vec![u, s.label().into(), m, i]).collect();
        if !flags.is_empty() {
            out.push_str("\n### 偏离提示\n\n");
            out.push_str(&markdown::table(
                &["被巡察单位", "级别", "提示", "依据（信号编号）"].map(String::from),
                &flags,
            ));
        }
    }
    out.push_str("\n## 组长研判\n\n");
    let rows: Vec<Vec<String>> = leaders.iter().map(leader_row).collect();
    out.push_str(&markdown::table(&LEADER_HEADER.map(String::from), &rows));
    out
}

#[derive(Serialize)]
struct Json<'a> {
    #[serde(flatten)]
    header: crate::render::json::Header<'a>,
    rounds: Vec<RoundJson<'a>>,
    leaders: &'a [LeaderView],
}

#[derive(Serialize)]
pub(crate) struct RoundJson<'a> {
    round: &'a str,
    signals: &'a std::collections::BTreeMap<&'static str, usize>,
    units: crate::render::json::Seq<'a, UnitJson<'a>>,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    unit: &'a str,
    group: &'a str,
    leader: &'a str,
    report: &'a str,
    divergence: f64,
    signals: Vec<SignalJson<'a>>,
    flags: &'a [crate::model::outcome::Finding],
    areas: Vec<AreaJson<'a>>,
}

/// A signal as outputs show it: ids, classification and weight — never the informant.
#[derive(Serialize)]
struct SignalJson<'a> {
    id: &'a str,
    kind: &'static str,
    areas: Vec<&'a str>,
    about_top_leader: bool,
    explained: bool,
    weight: f64,
    origin: String,
}

#[derive(Serialize)]
struct AreaJson<'a> {
    area: &'a str,
    name: &'a str,
    strength: f64,
    covered: bool,
}

pub fn json(rounds: &[Divergence], leaders: &[LeaderView], pack: &Pack) -> String {
    let out =
        Json { header: crate::render::json::Header::of(pack), rounds: rounds.iter().map(round_doc).collect(), leaders };
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}

/// One round's divergence, borrowed from the results: serialized straight to its writer.
pub(crate) fn round_doc(d: &Divergence) -> RoundJson<'_> {
    use crate::render::json::Seq;
    RoundJson {
        round: &d.round,
        signals: &d.counts,
        units: Seq::new(move || {
            d.units.iter().map(move |u| UnitJson {
                unit: &u.unit.name,
                group: &u.unit.group,
                leader: &u.leader,
                report: &u.report,
                divergence: u.score,
                signals: u
                    .signals
                    .iter()
                    .map(|s| SignalJson {
                        id: s.signal.id(),
                        kind: s.signal.kind.label(),
                        areas: s.areas.iter().map(|&a| d.lexicon.area(a).id.as_str()).collect(),
                        about_top_leader: s.about_top_leader,
                        explained: s.explained,
                        weight: (s.weight * 100.0).round() / 100.0,
                        origin: s.signal.origin.to_string(),
                    })
                    .collect(),
                flags: &u.run.findings,
                areas: u
                    .cells
                    .iter()
                    .map(|&(a, w, covered)| AreaJson {
                        area: &d.lexicon.area(a).id,
                        name: &d.lexicon.area(a).name,
                        strength: (w * 100.0).round() / 100.0,
                        covered,
                    })
                    .collect(),
            })
        }),
    }
}

pub fn sheets(rounds: &[Divergence], leaders: &[LeaderView]) -> Vec<Sheet> {
    let mut units = Sheet {
        name: "偏离研判".into(),
        header: std::iter::once("轮次".to_owned()).chain(UNIT_HEADER.map(String::from)).collect(),
        rows: Vec::new(),
    };
    let mut flags = Sheet {
        name: "偏离提示".into(),
        header: ["轮次", "被巡察单位", "级别", "提示", "依据（信号编号）"].map(String::from).to_vec(),
        rows: Vec::new(),
    };
    for d in rounds {
        for u in &d.units {
            let mut row: Vec<Cell> = vec![d.round.as_str().into()];
            for (i, v) in unit_row(u, &d.lexicon).into_iter().enumerate() {
                row.push(if (3..7).contains(&i) {
                    crate::util::number::parse_number(&v).map_or(Cell::Text(v), Cell::Number)
                } else {
                    v.into()
                });
            }
            units.rows.push(row);
        }
        for (u, s, m, i) in flag_lines(d) {
            flags.rows.push(vec![d.round.as_str().into(), u.into(), s.label().into(), m.into(), i.into()]);
        }
    }
    let leaders = Sheet {
        name: "组长研判".into(),
        header: LEADER_HEADER.map(String::from).to_vec(),
        rows: leaders.iter().map(|l| leader_row(l).into_iter().map(Cell::from).collect()).collect(),
    };
    vec![units, flags, leaders]
}
