//! History across archived rounds, oldest first: a unit (its problems, how rectification went,
//! problems that came back after being closed — 回头看 candidates), a cadre (rounds served and
//! grades), a group leader (divergence round by round).

use std::sync::Arc;

use rusqlite::params;
use serde::Serialize;

use super::{Archive, ArchiveError};
use crate::analysis::{Analysis, UnitContext};
use crate::assess::report::items_restating;
use crate::engine::RuleEngine;

/// A problem of this round that restates one closed (已销号) in an earlier round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reappeared {
    /// 1-based problem item of this round's report.
    pub item: usize,
    pub title: String,
    pub earlier_round: String,
    /// 问题编号 in the earlier round's 整改台账.
    pub earlier_id: String,
    pub earlier_problem: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitRound {
    pub round: String,
    pub start: Option<String>,
    pub group: String,
    pub leader: String,
    pub score: Option<f64>,
    pub grade: Option<String>,
    /// Problem item titles, in report order.
    pub items: Vec<String>,
    /// (已销号, all) in the round's 整改台账; None without one.
    pub rectified: Option<(i64, i64)>,
    /// Signals the report missed (未反映).
    pub missed: i64,
    pub reappeared: Vec<Reappeared>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitHistory {
    pub unit: String,
    pub rounds: Vec<UnitRound>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CadreRound {
    pub round: String,
    pub start: Option<String>,
    pub group: String,
    pub role: String,
    pub home_unit: String,
    pub total: f64,
    pub band: String,
    pub recommended: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CadreHistory {
    pub name: String,
    pub rounds: Vec<CadreRound>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaderRound {
    pub round: String,
    pub start: Option<String>,
    pub group: String,
    pub units: Vec<String>,
    /// Mean divergence (0–100) of the group's reports that have signals.
    pub divergence: Option<f64>,
    /// Signals that ask something, and those the reports missed.
    pub signals: i64,
    pub missed: i64,
    /// Missed signals about a unit's top leader (一把手).
    pub missed_top: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaderHistory {
    pub leader: String,
    pub rounds: Vec<LeaderRound>,
}

/// Why a name asked for is not in the archive, with the closest names it does hold.
pub fn not_found(kind: &str, name: &str, known: &[String]) -> String {
    let hint = crate::util::suggest::suggest(name, known.iter().map(String::as_str));
    format!("档案库中没有{kind}“{name}”{hint}")
}

const ROUND_ORDER: &str = "r.start IS NULL, r.start, r.name";

impl Archive {
    fn strings(&self, sql: &str) -> Result<Vec<String>, ArchiveError> {
        let mut st = self.conn.prepare(sql).map_err(|e| self.sql(e))?;
        st.query_map([], |r| r.get(0)).and_then(|rows| rows.collect()).map_err(|e| self.sql(e))
    }

    /// Names known to the archive, for "did you mean".
    pub fn known_units(&self) -> Result<Vec<String>, ArchiveError> {
        self.strings("SELECT DISTINCT name FROM units ORDER BY name")
    }

    pub fn known_cadres(&self) -> Result<Vec<String>, ArchiveError> {
        self.strings("SELECT DISTINCT name FROM cadres ORDER BY name")
    }

    /// The home units of every archived cadre.
    pub fn cadre_units(&self) -> Result<Vec<String>, ArchiveError> {
        self.strings("SELECT DISTINCT home_unit FROM cadres WHERE home_unit <> '' ORDER BY home_unit")
    }

    pub fn known_leaders(&self) -> Result<Vec<String>, ArchiveError> {
        self.strings("SELECT DISTINCT leader FROM units ORDER BY leader")
    }

    /// Every archived round of `unit`; problems that restate one closed in an earlier round are
    /// found with the pack's matching script, as tip-offs are. None when the unit is unknown.
    pub fn unit_history(&self, unit: &str, engine: &RuleEngine) -> Result<Option<UnitHistory>, ArchiveError> {
        let sql = format!(
            "SELECT r.id, r.name, r.start, u.grp, u.leader, u.final_score, u.grade, u.report_file, u.report_text,
               (SELECT count(*) FROM rectification x WHERE x.round_id = r.id),
               (SELECT count(*) FROM rectification x WHERE x.round_id = r.id AND x.unit = u.name AND x.state = '已销号'),
               (SELECT count(*) FROM rectification x WHERE x.round_id = r.id AND x.unit = u.name),
               (SELECT count(*) FROM matters m WHERE m.round_id = r.id AND m.unit = u.name AND m.status = '未反映')
             FROM units u JOIN rounds r ON r.id = u.round_id WHERE u.name = ?1 ORDER BY {ROUND_ORDER}"
        );
        type Row = (
            i64,
            String,
            Option<String>,
            String,
            String,
            Option<f64>,
            Option<String>,
            String,
            String,
            i64,
            i64,
            i64,
            i64,
        );
        let rows: Vec<Row> = {
            let mut st = self.conn.prepare(&sql).map_err(|e| self.sql(e))?;
            st.query_map(params![unit], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                    r.get(12)?,
                ))
            })
            .and_then(|rows| rows.collect::<Result<_, _>>())
            .map_err(|e| self.sql(e))?
        };
        if rows.is_empty() {
            return Ok(None);
        }
        let mut rounds = Vec::new();
        // Problems closed in the rounds already walked: (round, id, problem).
        let mut closed: Vec<(String, String, String)> = Vec::new();
        for (id, round, start, group, leader, score, grade, file, text, has_ledger, done, total, missed) in rows {
            let items = self.item_titles(id, unit)?;
            let reappeared =
                if closed.is_empty() { Vec::new() } else { reappeared(engine, unit, &file, &text, &closed) };
            rounds.push(UnitRound {
                round: round.clone(),
                start,
                group,
                leader,
                score,
                grade,
                items,
                rectified: (has_ledger > 0).then_some((done, total)),
                missed,
                reappeared,
            });
            closed.extend(self.closed_problems(id, unit)?.into_iter().map(|(i, p)| (round.clone(), i, p)));
        }
        Ok(Some(UnitHistory { unit: unit.to_owned(), rounds }))
    }

    fn item_titles(&self, round_id: i64, unit: &str) -> Result<Vec<String>, ArchiveError> {
        let mut st = self
            .conn
            .prepare("SELECT title FROM items WHERE round_id = ?1 AND unit = ?2 ORDER BY seq")
            .map_err(|e| self.sql(e))?;
        st.query_map(params![round_id, unit], |r| r.get(0)).and_then(|rows| rows.collect()).map_err(|e| self.sql(e))
    }

    fn closed_problems(&self, round_id: i64, unit: &str) -> Result<Vec<(String, String)>, ArchiveError> {
        let mut st = self
            .conn
            .prepare("SELECT id, problem FROM rectification WHERE round_id = ?1 AND unit = ?2 AND state = '已销号' ORDER BY rowid")
            .map_err(|e| self.sql(e))?;
        st.query_map(params![round_id, unit], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.sql(e))
    }

    /// Every round `name` served in, with the grade the post-round evaluation gave.
    pub fn cadre_history(&self, name: &str) -> Result<Option<CadreHistory>, ArchiveError> {
        let sql = format!(
            "SELECT r.name, r.start, c.grp, c.role, c.home_unit, c.total, c.band, c.recommended
             FROM cadres c JOIN rounds r ON r.id = c.round_id WHERE c.name = ?1 ORDER BY {ROUND_ORDER}"
        );
        let mut st = self.conn.prepare(&sql).map_err(|e| self.sql(e))?;
        let rounds: Vec<CadreRound> = st
            .query_map(params![name], |r| {
                Ok(CadreRound {
                    round: r.get(0)?,
                    start: r.get(1)?,
                    group: r.get(2)?,
                    role: r.get(3)?,
                    home_unit: r.get(4)?,
                    total: r.get(5)?,
                    band: r.get(6)?,
                    recommended: r.get(7)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<_, _>>())
            .map_err(|e| self.sql(e))?;
        Ok((!rounds.is_empty()).then(|| CadreHistory { name: name.to_owned(), rounds }))
    }

    /// Every round `leader` led a group in: the group's units and how far their reports diverged
    /// from the signals (重点研判 when it stays high round after round).
    pub fn leader_history(&self, leader: &str) -> Result<Option<LeaderHistory>, ArchiveError> {
        let sql = format!(
            "SELECT r.id, r.name, r.start, u.grp,
               (SELECT group_concat(name, '、') FROM (SELECT v.name FROM units v WHERE v.round_id = r.id AND v.grp = u.grp ORDER BY v.rowid)),
               avg(u.divergence)
             FROM units u JOIN rounds r ON r.id = u.round_id WHERE u.leader = ?1
             GROUP BY r.id, u.grp ORDER BY {ROUND_ORDER}, u.grp"
        );
        type Row = (i64, String, Option<String>, String, String, Option<f64>);
        let rows: Vec<Row> = {
            let mut st = self.conn.prepare(&sql).map_err(|e| self.sql(e))?;
            st.query_map(params![leader], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
                .and_then(|rows| rows.collect::<Result<_, _>>())
                .map_err(|e| self.sql(e))?
        };
        let mut rounds = Vec::new();
        for (id, round, start, group, units, divergence) in rows {
            let (signals, missed, missed_top): (i64, i64, i64) = self
                .conn
                .query_row(
                    "SELECT count(*), coalesce(sum(m.status = '未反映'), 0), coalesce(sum(m.status = '未反映' AND m.top_leader), 0)
                     FROM matters m JOIN units u ON u.round_id = m.round_id AND u.name = m.unit
                     WHERE m.round_id = ?1 AND u.leader = ?2 AND u.grp = ?3 AND m.status <> '正面'",
                    params![id, leader, group],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .map_err(|e| self.sql(e))?;
            rounds.push(LeaderRound {
                round,
                start,
                group,
                units: units.split('、').map(str::to_owned).collect(),
                divergence: divergence.map(crate::util::number::round1),
                signals,
                missed,
                missed_top,
            });
        }
        Ok((!rounds.is_empty()).then(|| LeaderHistory { leader: leader.to_owned(), rounds }))
    }
}

impl Archive {
    /// What the archive remembers for a run's trends and repeat cadres; `top` is the rubric's
    /// best grade (优秀).
    pub fn archived(&self, top: &str) -> Result<crate::assess::round::Archived, ArchiveError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT r.name, r.start, count(u.name), avg(coalesce(u.final_score, u.rule_score)), avg(u.divergence),
                   coalesce(sum(u.grade = ?1), 0)
                 FROM rounds r LEFT JOIN units u ON u.round_id = r.id GROUP BY r.id ORDER BY r.start IS NULL, r.start, r.name",
            )
            .map_err(|e| self.sql(e))?;
        let trends = st
            .query_map(params![top], |r| {
                let start: Option<String> = r.get(1)?;
                Ok((
                    start,
                    crate::assess::round::Trend {
                        round: r.get(0)?,
                        reports: r.get::<_, i64>(2)? as usize,
                        mean_score: crate::util::number::round1(r.get::<_, Option<f64>>(3)?.unwrap_or(0.0)),
                        mean_divergence: r.get::<_, Option<f64>>(4)?.map(crate::util::number::round1),
                        excellent_reports: r.get::<_, i64>(5)? as usize,
                    },
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        let mut st = self
            .conn
            .prepare("SELECT c.name, r.name, r.start, c.band FROM cadres c JOIN rounds r ON r.id = c.round_id ORDER BY c.rowid")
            .map_err(|e| self.sql(e))?;
        let cadres = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        Ok(crate::assess::round::Archived { trends, cadres })
    }
}

/// The problems of a report (stored text of `file`) that restate a problem closed earlier.
fn reappeared(
    engine: &RuleEngine,
    unit: &str,
    file: &str,
    text: &str,
    closed: &[(String, String, String)],
) -> Vec<Reappeared> {
    let structure = &engine.pack.config.structure;
    // The stored text is what the reader produced; read it back as plain text.
    let Ok(doc) = crate::read::report::parse_report(file.to_owned(), "txt", text.as_bytes(), structure) else {
        return Vec::new();
    };
    let a = Analysis::new(doc, UnitContext::default(), Arc::clone(&engine.lexicon));
    let problems: Vec<(String, String)> = closed.iter().map(|(_, id, p)| (id.clone(), p.clone())).collect();
    let found = items_restating(engine, &a, unit, &problems);
    let mut out: Vec<Reappeared> = found
        .into_iter()
        .zip(closed)
        .filter_map(|(item, (round, id, problem))| {
            let i = item?;
            Some(Reappeared {
                item: i + 1,
                title: a.doc.problems.get(i).map(|p| p.title.clone()).unwrap_or_default(),
                earlier_round: round.clone(),
                earlier_id: id.clone(),
                earlier_problem: problem.clone(),
            })
        })
        .collect();
    out.sort_by_key(|r| r.item);
    out
}
