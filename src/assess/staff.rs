//! 组队: a roster for a round's groups drawn from the cadre pool. Who may not inspect which unit
//! (回避) — or may not serve this round at all — is the pack's `staff/` rules; this module draws
//! by lot from a printed seed (so the same seed gives the same roster), puts a leader at the head
//! of every group, meets the pack's expertise mix, and balances the groups.

use rhai::{Array, Dynamic, Map};
use serde::{Deserialize, Serialize};

use crate::engine::RuleEngine;
use crate::model::outcome::RuleError;
use crate::model::pool::PoolMember;
use crate::model::round::Unit;
use crate::pack::StaffConfig;

/// A pool member with what the archive knows of them.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Candidate {
    #[serde(flatten)]
    pub member: PoolMember,
    /// Units their group inspected in the latest round they served.
    pub last_units: Vec<String>,
    /// Their grade in the latest round they served.
    pub last_band: Option<String>,
}

/// A group to staff: its name and the units it will inspect.
#[derive(Debug, Clone)]
pub struct GroupPlan {
    pub name: String,
    pub units: Vec<Unit>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Team {
    pub name: String,
    pub units: Vec<String>,
    pub leader: Option<String>,
    pub members: Vec<String>,
    /// What the roster could not meet (no leader, an expertise missing, too few members).
    pub short: Vec<String>,
}

/// Why a cadre may not inspect a unit; `unit` is empty when they may not serve at all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exclusion {
    pub name: String,
    pub unit: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Roster {
    pub seed: u64,
    pub groups: Vec<Team>,
    pub excluded: Vec<Exclusion>,
    /// Pool members drawn into no group.
    pub reserve: Vec<String>,
    /// Rules that failed (each once); whoever they could not judge was kept out, not let in.
    pub errors: Vec<RuleError>,
}

pub const LEADER: &str = "组长";
pub const MEMBER: &str = "组员";

fn strings(v: &[String]) -> Array {
    v.iter().map(|s| Dynamic::from(s.clone())).collect()
}

/// The map the `staff/` rules see as `person`.
pub fn person_map(c: &Candidate, role: &str) -> Map {
    let m = &c.member;
    let mut p = Map::new();
    let mut put = |k: &str, v: Dynamic| {
        p.insert(k.into(), v);
    };
    put("name", m.name.clone().into());
    put("unit", m.unit.clone().into());
    put("post", m.post.clone().into());
    put("role", role.to_owned().into());
    put("expertise", strings(&m.expertise).into());
    put("recent_units", strings(&m.recent_units).into());
    let pairs = |v: Vec<(String, Dynamic)>| -> Array {
        v.into_iter()
            .map(|(unit, x)| {
                let mut e = Map::new();
                e.insert("unit".into(), unit.into());
                e.insert(if x.is_float() { "years".into() } else { "relation".into() }, x);
                Dynamic::from_map(e)
            })
            .collect()
    };
    put("career", pairs(m.career.iter().map(|(u, y)| (u.clone(), Dynamic::from_float(*y))).collect()).into());
    put("relatives", pairs(m.relatives.iter().map(|(u, r)| (u.clone(), Dynamic::from(r.clone()))).collect()).into());
    put("last_units", strings(&c.last_units).into());
    put("last_band", c.last_band.clone().map_or(Dynamic::UNIT, Dynamic::from));
    p
}

/// The map the `staff/` rules see as `unit`.
pub fn unit_map(u: &Unit) -> Map {
    let mut m = Map::new();
    m.insert("name".into(), u.name.clone().into());
    m.insert("kind".into(), u.kind.clone().into());
    m.insert("top_leader".into(), u.top_leader.clone().into());
    m.insert("aliases".into(), u.aliases.iter().map(|a| Dynamic::from(a.clone())).collect::<rhai::Array>().into());
    m
}

/// The reasons the rules give against `person` (a [`person_map`]) for `unit` (a [`unit_map`];
/// None: serving at all). A rule
/// that fails is a reason too: 回避 that cannot be judged is not waived.
pub fn reasons(engine: &RuleEngine, person: &Map, unit: Option<&Map>) -> (Vec<String>, Vec<RuleError>) {
    let (mut said, mut errors) = (Vec::new(), Vec::new());
    for (id, r) in engine.staff_reasons(person, unit) {
        match r {
            Ok(s) => said.push(s),
            Err(e) => {
                said.push(format!("回避规则 {id} 出错，无法判断，按需要回避处理"));
                errors.push(e);
            }
        }
    }
    (said, errors)
}

/// splitmix64: a small, well-known generator, so a seed gives the same draw on every machine.
struct Lot(u64);

impl Lot {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher–Yates.
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Proposes a roster. `pool` in any order: it is sorted by name first, so only the seed decides.
pub fn propose(
    engine: &RuleEngine,
    groups: &[GroupPlan],
    mut pool: Vec<Candidate>,
    cfg: &StaffConfig,
    seed: u64,
) -> Roster {
    pool.sort_by(|a, b| (&a.member.name, &a.member.unit).cmp(&(&b.member.name, &b.member.unit)));
    let mut errors = Vec::new();
    let mut excluded = Vec::new();
    // Who may serve at all, and which groups each may serve in, as member and as leader.
    let mut eligible = Vec::new();
    // The rules' inputs, built once: a unit's map per unit, a person's per role.
    let units: Vec<Vec<Map>> = groups.iter().map(|g| g.units.iter().map(unit_map).collect()).collect();
    for c in pool {
        let (as_member_map, as_leader_map) = (person_map(&c, MEMBER), person_map(&c, LEADER));
        let (said, errs) = reasons(engine, &as_member_map, None);
        errors.extend(errs);
        if !said.is_empty() {
            excluded.extend(said.into_iter().map(|reason| Exclusion {
                name: c.member.name.clone(),
                unit: String::new(),
                reason,
            }));
            continue;
        }
        let mut as_member = Vec::new();
        let mut as_leader = Vec::new();
        for (g, maps) in groups.iter().zip(&units) {
            let mut member_ok = true;
            let mut leader_ok = c.member.can_lead();
            for (u, map) in g.units.iter().zip(maps) {
                let (said, errs) = reasons(engine, &as_member_map, Some(map));
                errors.extend(errs);
                if !said.is_empty() {
                    member_ok = false;
                    leader_ok = false;
                }
                for reason in said {
                    excluded.push(Exclusion { name: c.member.name.clone(), unit: u.name.clone(), reason });
                }
                if leader_ok {
                    let (said, errs) = reasons(engine, &as_leader_map, Some(map));
                    errors.extend(errs);
                    for reason in said {
                        leader_ok = false;
                        excluded.push(Exclusion {
                            name: c.member.name.clone(),
                            unit: u.name.clone(),
                            reason: format!("任组长时：{reason}"),
                        });
                    }
                }
            }
            as_member.push(member_ok);
            as_leader.push(leader_ok);
        }
        eligible.push((c, as_member, as_leader));
    }

    let mut lot = Lot(seed);
    lot.shuffle(&mut eligible);
    let mut taken = vec![false; eligible.len()];
    let mut teams: Vec<Team> = groups
        .iter()
        .map(|g| Team {
            name: g.name.clone(),
            units: g.units.iter().map(|u| u.name.clone()).collect(),
            leader: None,
            members: Vec::new(),
            short: Vec::new(),
        })
        .collect();
    let mut expertise: Vec<Vec<String>> = vec![Vec::new(); groups.len()];

    // Leaders first, the group with the fewest possible leaders first: the first drawn who may
    // lead it.
    let mut order: Vec<usize> = (0..teams.len()).collect();
    order.sort_by_key(|&g| (eligible.iter().filter(|e| e.2[g]).count(), g));
    for g in order {
        if let Some(k) = (0..eligible.len()).find(|&k| !taken[k] && eligible[k].2[g]) {
            taken[k] = true;
            teams[g].leader = Some(eligible[k].0.member.name.clone());
            expertise[g].extend(eligible[k].0.member.expertise.iter().cloned());
        } else {
            teams[g].short.push("没有可任组长且无需回避的人选".into());
        }
    }
    // Then the expertise mix: for each group lacking one, the first drawn who has it.
    for need in &cfg.expertise {
        for (g, team) in teams.iter_mut().enumerate() {
            if expertise[g].iter().any(|e| need.contains(e)) {
                continue;
            }
            let found = (0..eligible.len()).find(|&k| {
                !taken[k] && eligible[k].1[g] && eligible[k].0.member.expertise.iter().any(|e| need.contains(e))
            });
            match found {
                Some(k) => {
                    taken[k] = true;
                    team.members.push(eligible[k].0.member.name.clone());
                    expertise[g].extend(eligible[k].0.member.expertise.iter().cloned());
                }
                None => team.short.push(format!("没有具备{}专长且无需回避的人选", need.join("或"))),
            }
        }
    }
    // Then fill: the group with the least slack (people still free for it, less places left)
    // first, then the smallest (balanced load).
    let mut stuck = vec![false; teams.len()];
    while let Some(g) =
        (0..teams.len()).filter(|&g| !stuck[g] && teams[g].members.len() < cfg.members).min_by_key(|&g| {
            let free = (0..eligible.len()).filter(|&k| !taken[k] && eligible[k].1[g]).count();
            (free as i64 - (cfg.members - teams[g].members.len()) as i64, teams[g].members.len(), g)
        })
    {
        match (0..eligible.len()).find(|&k| !taken[k] && eligible[k].1[g]) {
            Some(k) => {
                taken[k] = true;
                teams[g].members.push(eligible[k].0.member.name.clone());
            }
            None => {
                stuck[g] = true;
                let have = teams[g].members.len();
                teams[g]
                    .short
                    .push(format!("组员只有 {have} 人，少于 {} 人：人才库中无需回避的人选已用完", cfg.members));
            }
        }
    }
    let mut reserve: Vec<String> =
        eligible.iter().zip(&taken).filter(|(_, t)| !**t).map(|(e, _)| e.0.member.name.clone()).collect();
    reserve.sort();
    excluded.sort_by(|a, b| (&a.name, &a.unit).cmp(&(&b.name, &b.unit)));
    excluded.dedup();
    let mut unique: Vec<RuleError> = Vec::new();
    for e in errors {
        if !unique.contains(&e) {
            unique.push(e);
        }
    }
    Roster { seed, groups: teams, excluded, reserve, errors: unique }
}
