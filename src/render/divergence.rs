//! Views of the divergence results in every format (terminal, Markdown, JSON, XLSX).

use serde::Serialize;
use tabled::builder::Builder;

use crate::analysis::matching::Status;
use crate::assess::divergence::{Divergence, LeaderView, UnitDivergence};
use crate::engine::signals_api::{Matched, SignalInfo};
use crate::model::outcome::Severity;
use crate::pack::Pack;
use crate::render::diagnostics::fmt_points;
use crate::render::xlsx::{Cell, Sheet};
use crate::render::{markdown, table};

/// The columns shared by every format: one row per unit.
fn unit_row(u: &UnitDivergence, lex: &crate::analysis::lexicon::Lexicon) -> Vec<String> {
    let count = |st: Status| u.signals.iter().filter(|s| s.status == st).count().to_string();
    let missed: Vec<String> = u.cells.iter().filter(|c| !c.2).take(3).map(|c| lex.area(c.0).name.clone()).collect();
    vec![
        u.unit.name.clone(),
        u.unit.group.clone(),
        u.leader.clone(),
        u.signals.len().to_string(),
        count(Status::Covered),
        count(Status::Explained),
        count(Status::Missed),
        fmt_points(u.score),
        u.run.findings.len().to_string(),
        missed.join("、"),
    ]
}

const UNIT_HEADER: [&str; 10] = [
    "被巡察单位",
    "巡察组",
    "组长",
    "信号（件）",
    "已反映",
    "已说明",
    "未反映",
    "偏离度",
    "偏离提示",
    "未反映信号所在领域",
];

/// Where the report answers a signal: "第3条（12:5）" or "核实说明（20:1）".
pub fn matched_place(m: &Matched) -> String {
    match m.item {
        Some(n) => format!("第{n}条（{}）", m.place),
        None => format!("核实说明（{}）", m.place),
    }
}

/// The first `n` characters of a text on one line, with an ellipsis when cut.
fn clip(text: &str, n: usize) -> String {
    // Reads only as far as it keeps: a matched passage can run to a page, and is one word to
    // `split_whitespace`, which would read all of it to find that word's end. What it keeps is
    // copied a stretch between spaces at a time: every signal's summary and matched passage is
    // clipped for the page, the workbook and round.md.
    let text = text.trim();
    let mut out = String::with_capacity(text.len().min(4 * n) + '…'.len_utf8());
    // Where the stretch not yet copied starts, the characters kept, and whether the last was
    // a space.
    let (mut from, mut kept, mut after_space) = (0, 0, false);
    for (at, c) in text.char_indices() {
        let space = c.is_whitespace();
        if space && after_space {
            from = at + c.len_utf8();
            continue;
        }
        if kept == n {
            out.push_str(&text[from..at]);
            out.push('…');
            return out;
        }
        if space {
            out.push_str(&text[from..at]);
            out.push(' ');
            from = at + c.len_utf8();
        }
        after_space = space;
        kept += 1;
    }
    out.push_str(&text[from..]);
    out
}

/// A unit's signals, one line each, with the report's answer under the ones it answers.
fn signal_block(u: &UnitDivergence) -> String {
    let mut out = String::new();
    let sizes = matter_sizes(u);
    for s in signal_lines(u) {
        out.push_str(&format!(
            "    {}　{}（{}{}）{}\n",
            s.status.label(),
            s.signal.id(),
            s.signal.kind.label(),
            matter_note(&sizes, s),
            clip(s.signal.text(), 60)
        ));
        if let Some(m) = &s.matched {
            out.push_str(&format!("          → {}：{}\n", matched_place(m), clip(&m.text, 60)));
        }
    }
    out
}

/// How many of a unit's signals report each matter (matter `m` at `m - 1`): counted once per
/// unit, not once per signal, since a large round's units have hundreds of repeats.
fn matter_sizes(u: &UnitDivergence) -> Vec<usize> {
    let mut sizes = Vec::new();
    for m in u.signals.iter().filter_map(|s| s.matter) {
        if sizes.len() < m {
            sizes.resize(m, 0);
        }
        sizes[m - 1] += 1;
    }
    sizes
}

/// "，事项1共3件" for a signal reported more than once; `sizes` from [`matter_sizes`].
fn matter_note(sizes: &[usize], s: &SignalInfo) -> String {
    match s.matter {
        Some(m) => format!("，事项{m}共{}件", m.checked_sub(1).and_then(|i| sizes.get(i)).copied().unwrap_or(0)),
        None => String::new(),
    }
}

/// A draft's signals for `check --signals`: what the report answers and what it leaves out.
pub fn unit_signals(u: &UnitDivergence) -> String {
    if u.signals.is_empty() {
        return format!("\n信号逐件对照：{} 没有相关的信访举报、舆情或领导掌握情况\n", u.unit.name);
    }
    let missed = u.signals.iter().filter(|s| s.is_missed()).count();
    format!(
        "\n信号逐件对照（{}：{} 件，未反映 {missed} 件，偏离度 {}）：\n{}",
        u.unit.name,
        u.signals.len(),
        fmt_points(u.score),
        signal_block(u)
    )
}

/// The first `n` of a unit's signals as the round page lists them, missed ones first.
pub fn signal_rows(u: &UnitDivergence, n: usize) -> Vec<crate::render::html::SignalRow> {
    let sizes = matter_sizes(u);
    signal_lines(u)
        .into_iter()
        .take(n)
        .map(|s| crate::render::html::SignalRow {
            id: s.signal.id().to_owned(),
            kind: format!("{}{}", s.signal.kind.label(), matter_note(&sizes, s)),
            text: clip(s.signal.text(), 120),
            status: s.status.label().to_owned(),
            missed: s.is_missed(),
            place: s.matched.as_ref().map(matched_place).unwrap_or_default(),
            passage: s.matched.as_ref().map(|m| clip(&m.text, 120)).unwrap_or_default(),
        })
        .collect()
}

/// Each signal of a unit next to the report's answer, missed ones first.
fn signal_lines(u: &UnitDivergence) -> Vec<&SignalInfo> {
    let mut v: Vec<&SignalInfo> = u.signals.iter().map(|s| &**s).collect();
    let rank = |s: Status| match s {
        Status::Missed => 0,
        Status::Covered => 1,
        Status::Explained => 2,
        Status::Positive => 3,
    };
    // Stable: signals of equal status and weight keep the table's order.
    v.sort_by(|a, b| rank(a.status).cmp(&rank(b.status)).then(b.weight.total_cmp(&a.weight)));
    v
}
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
        if d.units.iter().any(|u| !u.signals.is_empty()) {
            out.push_str("\n逐件对照（信号摘要 → 报告中的回应）：\n");
        }
        for u in d.units.iter().filter(|u| !u.signals.is_empty()) {
            out.push_str(&format!("  {}\n", u.unit.name));
            out.push_str(&signal_block(u));
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
    let mut out = Vec::new();
    // Writing into memory cannot fail, and only text is written.
    let _ = write_markdown(rounds, leaders, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The Markdown of [`markdown`], written to `w` a part at a time: 250,000 signals make a table
/// of a hundred megabytes, which is never held whole.
pub fn write_markdown(
    rounds: &[Divergence],
    leaders: &[LeaderView],
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    /// Gathered text is written out at this size, the output file's buffer size, so each part
    /// goes straight through.
    const CHUNK: usize = 1 << 16;
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
    for d in rounds {
        let mut started = false;
        for u in &d.units {
            let sizes = matter_sizes(u);
            for s in signal_lines(u) {
                if !started {
                    started = true;
                    out.push_str(&format!("\n## {}：逐件对照\n\n", d.round));
                    markdown::push_header(&mut out, &["被巡察单位", "信号", "摘要", "研判结果", "报告中的回应"]);
                }
                let answer = s.matched.as_ref().map(|m| format!("{}：{}", matched_place(m), clip(&m.text, 80)));
                markdown::push_row(
                    &mut out,
                    [
                        u.unit.name.as_str(),
                        &format!("{}（{}{}）", s.signal.id(), s.signal.kind.label(), matter_note(&sizes, s)),
                        &clip(s.signal.text(), 80),
                        s.status.label(),
                        answer.as_deref().unwrap_or_default(),
                    ],
                );
                if out.len() >= CHUNK {
                    w.write_all(out.as_bytes())?;
                    out.clear();
                }
            }
        }
    }
    out.push_str("\n## 组长研判\n\n");
    let rows: Vec<Vec<String>> = leaders.iter().map(leader_row).collect();
    out.push_str(&markdown::table(&LEADER_HEADER.map(String::from), &rows));
    w.write_all(out.as_bytes())
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
pub(crate) struct SignalJson<'a> {
    id: &'a str,
    kind: &'static str,
    areas: Vec<&'a str>,
    about_top_leader: bool,
    /// 实名 (true) or anonymous (false) tip-off; null when the table does not say.
    signed: Option<bool>,
    explained: bool,
    /// covered | explained | missed | positive.
    status: Status,
    matched: Option<&'a Matched>,
    /// Signals of one unit with the same number report the same matter (重复举报).
    matter: Option<usize>,
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

/// A unit's signals with their verdicts, as every JSON output shows them.
pub(crate) fn signals_json<'a>(
    u: &'a UnitDivergence,
    lexicon: &'a crate::analysis::lexicon::Lexicon,
) -> Vec<SignalJson<'a>> {
    u.signals
        .iter()
        .map(|s| SignalJson {
            id: s.signal.id(),
            kind: s.signal.kind.label(),
            areas: s.areas.iter().map(|&a| lexicon.area(a).id.as_str()).collect(),
            about_top_leader: s.about_top_leader,
            signed: s.signal.signed,
            explained: s.status == Status::Explained,
            status: s.status,
            matched: s.matched.as_ref(),
            matter: s.matter,
            weight: (s.weight * 100.0).round() / 100.0,
            origin: s.signal.origin.to_string(),
        })
        .collect()
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
                signals: signals_json(u, &d.lexicon),
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
                row.push(if (3..9).contains(&i) {
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
    let mut pairs = Sheet {
        name: "逐件对照".into(),
        header: ["轮次", "被巡察单位", "信号编号", "类型", "信号摘要", "权重", "研判结果", "报告中的位置", "报告原文"]
            .map(String::from)
            .to_vec(),
        rows: Vec::new(),
    };
    for d in rounds {
        for u in &d.units {
            for s in signal_lines(u) {
                pairs.rows.push(vec![
                    d.round.as_str().into(),
                    u.unit.name.as_str().into(),
                    s.signal.id().into(),
                    s.signal.kind.label().into(),
                    s.signal.text().into(),
                    Cell::Number((s.weight * 100.0).round() / 100.0),
                    s.status.label().into(),
                    s.matched.as_ref().map(matched_place).unwrap_or_default().into(),
                    s.matched.as_ref().map_or_else(|| "".into(), |m| Cell::Shared(m.text.clone())),
                ]);
            }
        }
    }
    let leaders = Sheet {
        name: "组长研判".into(),
        header: LEADER_HEADER.map(String::from).to_vec(),
        rows: leaders
            .iter()
            .map(|l| {
                vec![
                    if l.flagged { format!("{}（重点研判）", l.leader) } else { l.leader.clone() }.into(),
                    l.groups.join("、").into(),
                    l.rounds.into(),
                    l.reports.into(),
                    l.diverging.into(),
                    crate::util::number::round1(l.mean).into(),
                ]
            })
            .collect(),
    };
    vec![units, flags, pairs, leaders]
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn clip_puts_a_passage_on_one_line_and_marks_a_cut() {
        assert_eq!(clip("13.“一把手”说了算\n　　2024年以来", 40), "13.“一把手”说了算 2024年以来");
        assert_eq!(clip("一二三四五", 5), "一二三四五");
        assert_eq!(clip("一二三 四五六", 4), "一二三 …");
        assert_eq!(clip("一二三四五六", 3), "一二三…");
        assert_eq!(clip("  ", 3), "");
        assert_eq!(clip(" 一二\n\n　三 ", 5), "一二 三");
        assert_eq!(clip("一二\n\n三", 3), "一二 …");
        assert_eq!(clip("一 \n 二三", 2), "一 …");
        assert_eq!(clip("一", 0), "…");
    }

    /// Every text of up to six characters from an alphabet of letters and spaces, at every
    /// length: as folding the spaces first and then cutting would give.
    #[test]
    fn clip_agrees_with_folding_then_cutting() {
        fn reference(text: &str, n: usize) -> String {
            let folded: Vec<char> = text.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect();
            let mut out: String = folded.iter().take(n).collect();
            if folded.len() > n {
                out.push('…');
            }
            out
        }
        let alphabet = ['一', 'a', ' ', '\n', '　'];
        for len in 0..=6u32 {
            for mut code in 0..alphabet.len().pow(len) {
                let mut text = String::new();
                for _ in 0..len {
                    text.push(alphabet[code % alphabet.len()]);
                    code /= alphabet.len();
                }
                for n in 0..=7 {
                    assert_eq!(clip(&text, n), reference(&text, n), "{text:?} at {n}");
                }
            }
        }
    }
}
