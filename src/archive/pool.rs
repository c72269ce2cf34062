//! The cadre pool (人才库) in the archive, each member enriched with what the archived rounds
//! say about them: rounds served, the latest grade, and the units their group inspected last.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Archive, ArchiveError};
use crate::model::pool::PoolMember;

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolImport {
    pub added: usize,
    pub updated: usize,
}

/// A pool member with their record in the archived rounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolRow {
    #[serde(flatten)]
    pub member: PoolMember,
    /// Rounds served (as a cadre evaluated after the round).
    pub rounds: i64,
    /// The latest round served, with its grade.
    pub last_round: Option<String>,
    pub last_band: Option<String>,
    /// Units inspected by their group in the latest round they served.
    pub last_units: Vec<String>,
}

fn join(v: &[String]) -> String {
    v.join("；")
}

fn pairs<T: ToString>(v: &[(String, T)]) -> String {
    v.iter().map(|(a, b)| format!("{a}:{}", b.to_string())).collect::<Vec<_>>().join("；")
}

fn unjoin(s: &str) -> Vec<String> {
    s.split('；').filter(|x| !x.is_empty()).map(str::to_owned).collect()
}

fn unpair(s: &str) -> Vec<(String, String)> {
    unjoin(s).into_iter().filter_map(|x| x.split_once(':').map(|(a, b)| (a.to_owned(), b.to_owned()))).collect()
}

impl Archive {
    /// Adds or updates (by 姓名 and 单位) the members, in one transaction.
    pub fn import_pool(&mut self, members: &[PoolMember]) -> Result<PoolImport, ArchiveError> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| ArchiveError::Sql { path: path.clone(), reason: e.to_string() };
        let tx = self.conn.transaction().map_err(fail)?;
        let mut done = PoolImport { added: 0, updated: 0 };
        {
            let mut exists = tx.prepare("SELECT 1 FROM pool WHERE name = ?1 AND unit = ?2").map_err(fail)?;
            let mut put = tx
                .prepare(
                    "INSERT OR REPLACE INTO pool (name, unit, post, politics, expertise, joined, training, past_units, relatives, leader_candidate, career)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )
                .map_err(fail)?;
            for m in members {
                if exists.exists(params![m.name, m.unit]).map_err(fail)? {
                    done.updated += 1;
                } else {
                    done.added += 1;
                }
                put.execute(params![
                    m.name,
                    m.unit,
                    m.post,
                    m.politics,
                    join(&m.expertise),
                    m.joined,
                    m.training,
                    join(&m.recent_units),
                    pairs(&m.relatives),
                    m.leader_candidate,
                    pairs(&m.career)
                ])
                .map_err(fail)?;
            }
        }
        tx.commit().map_err(fail)?;
        Ok(done)
    }

    /// The whole pool, by name, each member with their archived record.
    pub fn pool(&self) -> Result<Vec<PoolRow>, ArchiveError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT name, unit, post, politics, expertise, joined, training, past_units, relatives, leader_candidate, career
                 FROM pool ORDER BY name, unit",
            )
            .map_err(|e| self.sql(e))?;
        let members: Vec<PoolMember> = st
            .query_map([], |r| {
                let career: String = r.get(10)?;
                Ok(PoolMember {
                    name: r.get(0)?,
                    unit: r.get(1)?,
                    post: r.get(2)?,
                    politics: r.get(3)?,
                    expertise: unjoin(&r.get::<_, String>(4)?),
                    joined: r.get(5)?,
                    training: r.get(6)?,
                    recent_units: unjoin(&r.get::<_, String>(7)?),
                    relatives: unpair(&r.get::<_, String>(8)?),
                    leader_candidate: r.get(9)?,
                    career: unpair(&career).into_iter().filter_map(|(u, y)| y.parse().ok().map(|y| (u, y))).collect(),
                })
            })
            .and_then(|rows| rows.collect::<Result<_, _>>())
            .map_err(|e| self.sql(e))?;
        let latest: Option<i64> = self
            .conn
            .query_row("SELECT id FROM rounds ORDER BY start IS NULL, start DESC, name DESC LIMIT 1", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.sql(e))?;
        let names: Vec<String> = members.iter().map(|m| m.name.clone()).collect();
        members
            .into_iter()
            .map(|m| {
                let unique = names.iter().filter(|n| **n == m.name).count() == 1;
                self.enrich(m, unique, latest)
            })
            .collect()
    }

    /// A member's record in the archived rounds. Cadres are matched by name and by unit: the
    /// rounds whose 派出单位 is the member's unit (or one of their units of the last 3 years);
    /// by name alone only when no other pool member has that name (someone who changed posts).
    fn enrich(&self, member: PoolMember, name_unique: bool, latest: Option<i64>) -> Result<PoolRow, ArchiveError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT r.id, r.name, c.band, c.grp, c.home_unit FROM cadres c JOIN rounds r ON r.id = c.round_id
                 WHERE c.name = ?1 ORDER BY r.start IS NULL, r.start DESC, r.name DESC",
            )
            .map_err(|e| self.sql(e))?;
        let served: Vec<(i64, String, String, String, String)> = st
            .query_map(params![member.name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .and_then(|rows| rows.collect::<Result<_, _>>())
            .map_err(|e| self.sql(e))?;
        let same = |home: &str| {
            std::iter::once(&member.unit).chain(&member.recent_units).any(|u| crate::util::text::same_unit(u, home))
        };
        let mine: Vec<_> = served.iter().filter(|s| same(&s.4)).collect();
        let mine = if !mine.is_empty() || !name_unique { mine } else { served.iter().collect() };
        let last = mine.first();
        // 不连续两轮: only the archive's latest round counts as "the last round".
        let last_units = match last.filter(|l| Some(l.0) == latest) {
            Some((id, _, _, grp, _)) => {
                let mut st = self
                    .conn
                    .prepare("SELECT name FROM units WHERE round_id = ?1 AND grp = ?2 ORDER BY rowid")
                    .map_err(|e| self.sql(e))?;
                st.query_map(params![id, grp], |r| r.get(0)).and_then(|rows| rows.collect()).map_err(|e| self.sql(e))?
            }
            None => Vec::new(),
        };
        let mut rounds: Vec<i64> = mine.iter().map(|s| s.0).collect();
        rounds.dedup();
        Ok(PoolRow {
            rounds: rounds.len() as i64,
            last_round: last.map(|l| l.1.clone()),
            last_band: last.map(|l| l.2.clone()),
            last_units,
            member,
        })
    }
}
