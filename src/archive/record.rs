//! A finished round as the archive keeps it: plain rows taken from the round's outcomes, so the
//! archive holds exactly what the round's outputs show (never an informant field).

use rusqlite::{Transaction, params};

// Free text is kept with any informant's name, phone or ID number starred out: a report that
// leaked one is vetoed, but the archive must not keep the leak for years.
use crate::analysis::privacy::redact;
use crate::assess::round::RoundResult;

#[derive(Debug, Clone, Default)]
pub struct RoundRecord {
    pub name: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub feedback: Option<String>,
    pub framework: String,
    pub pack_hash: String,
    /// The day the ledgers were judged on, when the round has ledgers.
    pub ledger_day: Option<String>,
    pub units: Vec<UnitRow>,
    pub items: Vec<ItemRow>,
    pub matters: Vec<MatterRow>,
    pub cadres: Vec<CadreRow>,
    pub rectification: Vec<RectRow>,
    pub clues: Vec<ClueRow>,
}

#[derive(Debug, Clone, Default)]
pub struct UnitRow {
    pub name: String,
    pub kind: String,
    pub group: String,
    pub leader: String,
    pub top_leader: String,
    pub rank: Option<i64>,
    pub rule_score: Option<f64>,
    pub final_score: Option<f64>,
    pub grade: Option<String>,
    pub problems: i64,
    pub divergence: Option<f64>,
    pub report_file: String,
    /// The report's text as read, so later rounds can be compared with it.
    pub report_text: String,
}

#[derive(Debug, Clone, Default)]
pub struct ItemRow {
    pub unit: String,
    /// 1-based, in report order.
    pub seq: i64,
    /// 底稿N when the item cites its working paper.
    pub workpaper: Option<String>,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct MatterRow {
    pub unit: String,
    pub signal: String,
    pub kind: String,
    /// 被反映人 (never the informant).
    pub person: String,
    pub summary: String,
    pub status: String,
    pub item: Option<i64>,
    pub matter: Option<i64>,
    pub weight: f64,
    pub top_leader: bool,
}

#[derive(Debug, Clone, Default)]
pub struct CadreRow {
    pub name: String,
    pub group: String,
    pub role: String,
    pub home_unit: String,
    pub seconded: bool,
    pub total: f64,
    pub band: String,
    pub recommended: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RectRow {
    pub unit: String,
    pub id: String,
    pub problem: String,
    pub state: String,
    pub deadline: Option<String>,
    pub done_on: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ClueRow {
    pub id: String,
    pub unit: String,
    pub person: String,
    pub rank: String,
    pub handed_on: Option<String>,
    pub handed_to: String,
    pub disposal: String,
    pub feedback_on: Option<String>,
    pub result: String,
    pub overdue: bool,
}

const SUMMARY_CHARS: usize = 120;

fn short(s: &str) -> String {
    redact(s).chars().take(SUMMARY_CHARS).collect()
}

/// The archive's rows of a round's result, judged under the pack whose hash is `pack_hash`.
pub fn record(r: &RoundResult, pack_hash: &str) -> RoundRecord {
    let info = &r.round.file.round;
    let mut rec = RoundRecord {
        name: info.name.clone(),
        start: info.start.clone(),
        end: info.end.clone(),
        feedback: info.feedback.clone(),
        framework: r.score.framework.clone(),
        pack_hash: pack_hash.to_owned(),
        ledger_day: (r.ledger.has_items || r.ledger.has_clues).then(|| r.ledger.today.clone()),
        ..RoundRecord::default()
    };
    for e in &r.score.entries {
        let a = &e.eval.analysis;
        // Only a report with signals has a divergence to remember.
        let divergence =
            r.divergence.units.iter().find(|d| d.unit.name == e.unit.name && !d.signals.is_empty()).map(|d| d.score);
        rec.units.push(UnitRow {
            name: e.unit.name.clone(),
            kind: e.unit.kind.clone(),
            group: e.unit.group.clone(),
            leader: e.leader.clone(),
            top_leader: e.unit.top_leader.clone(),
            rank: Some(e.rank as i64),
            rule_score: e.eval.score.assessed.then_some(e.eval.score.total),
            final_score: Some(e.final_score),
            grade: (!e.grade.name.is_empty()).then(|| e.grade.name.clone()),
            problems: a.doc.problems.len() as i64,
            divergence,
            report_file: e.unit.report.clone(),
            report_text: redact(&a.doc.text),
        });
        for (k, p) in a.doc.problems.iter().enumerate() {
            let text = a.doc.slice(p.span);
            rec.items.push(ItemRow {
                unit: e.unit.name.clone(),
                seq: k as i64 + 1,
                workpaper: crate::assess::ledger::workpaper_number(text).map(|n| format!("底稿{n}")),
                title: redact(&p.title),
                text: redact(text),
            });
        }
    }
    for d in &r.divergence.units {
        for s in &d.signals {
            rec.matters.push(MatterRow {
                unit: d.unit.name.clone(),
                signal: s.signal.id().to_owned(),
                kind: s.signal.kind.label().to_owned(),
                person: s.signal.get(crate::model::signal::Text::Person).unwrap_or("").to_owned(),
                summary: short(s.signal.text()),
                status: s.status.label().to_owned(),
                item: s.matched.as_ref().and_then(|m| m.item).map(|i| i as i64),
                matter: s.matter.map(|m| m as i64),
                weight: s.weight,
                top_leader: s.about_top_leader,
            });
        }
    }
    if let Some(ev) = &r.cadres {
        for c in &ev.results {
            rec.cadres.push(CadreRow {
                name: c.cadre.name.clone(),
                group: c.cadre.group.clone(),
                role: c.cadre.role.clone(),
                home_unit: c.cadre.home_unit.clone(),
                seconded: c.cadre.seconded,
                total: c.score.total,
                band: c.band.clone(),
                recommended: c.recommended,
            });
        }
    }
    for i in &r.ledger.items {
        rec.rectification.push(RectRow {
            unit: i.item.unit.clone(),
            id: i.item.id.clone(),
            problem: redact(&i.item.problem),
            state: i.state.label().to_owned(),
            deadline: i.item.deadline.clone(),
            done_on: i.item.done_on.clone(),
        });
    }
    for c in &r.ledger.clues {
        let l = &c.clue;
        rec.clues.push(ClueRow {
            id: l.id.clone(),
            unit: l.unit.clone(),
            person: l.person.clone(),
            rank: l.rank.clone(),
            handed_on: l.handed_on.clone(),
            handed_to: l.handed_to.clone(),
            disposal: l.disposal.clone(),
            feedback_on: l.feedback_on.clone(),
            result: redact(&l.result),
            overdue: c.overdue,
        });
    }
    rec
}

/// A pause after each table, for the test that kills `archive add` inside its transaction.
fn test_pause() {
    if let Some(ms) = std::env::var("XUNCHA_TEST_ARCHIVE_PAUSE_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
        eprintln!("（测试）正在写入档案库");
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Inserts the round's rows (inside the caller's transaction).
pub(super) fn insert(tx: &Transaction, r: &RoundRecord) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO rounds (name, start, end_date, feedback, framework, pack_hash, ledger_day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![r.name, r.start, r.end, r.feedback, r.framework, r.pack_hash, r.ledger_day],
    )?;
    let id = tx.last_insert_rowid();
    let mut st = tx.prepare(
        "INSERT INTO units (round_id, name, kind, grp, leader, top_leader, rank, rule_score, final_score, grade, problems, divergence, report_file, report_text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for u in &r.units {
        st.execute(params![
            id,
            u.name,
            u.kind,
            u.group,
            u.leader,
            u.top_leader,
            u.rank,
            u.rule_score,
            u.final_score,
            u.grade,
            u.problems,
            u.divergence,
            u.report_file,
            u.report_text
        ])?;
    }
    test_pause();
    let mut st =
        tx.prepare("INSERT INTO items (round_id, unit, seq, workpaper, title, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    for i in &r.items {
        st.execute(params![id, i.unit, i.seq, i.workpaper, i.title, i.text])?;
    }
    test_pause();
    let mut st = tx.prepare(
        "INSERT INTO matters (round_id, unit, signal, kind, person, summary, status, item, matter, weight, top_leader)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for m in &r.matters {
        st.execute(params![
            id,
            m.unit,
            m.signal,
            m.kind,
            m.person,
            m.summary,
            m.status,
            m.item,
            m.matter,
            m.weight,
            m.top_leader
        ])?;
    }
    let mut st = tx.prepare(
        "INSERT INTO cadres (round_id, name, grp, role, home_unit, seconded, total, band, recommended) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for c in &r.cadres {
        st.execute(params![id, c.name, c.group, c.role, c.home_unit, c.seconded, c.total, c.band, c.recommended])?;
    }
    test_pause();
    let mut st = tx.prepare(
        "INSERT INTO rectification (round_id, unit, id, problem, state, deadline, done_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for x in &r.rectification {
        st.execute(params![id, x.unit, x.id, x.problem, x.state, x.deadline, x.done_on])?;
    }
    let mut st = tx.prepare(
        "INSERT INTO clues (round_id, id, unit, person, rank, handed_on, handed_to, disposal, feedback_on, result, overdue)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for c in &r.clues {
        st.execute(params![
            id,
            c.id,
            c.unit,
            c.person,
            c.rank,
            c.handed_on,
            c.handed_to,
            c.disposal,
            c.feedback_on,
            c.result,
            c.overdue
        ])?;
    }
    Ok(())
}
