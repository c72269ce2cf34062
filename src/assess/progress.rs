//! 巡中调度: each group's latest progress against the round's plan on a day. The expected work is
//! the pack's `[progress]` targets pro-rated by the share of the round elapsed; whether a group is
//! behind is the pack's `progress/` rules.

use rhai::{Dynamic, Map};
use serde::Serialize;

use crate::engine::RuleEngine;
use crate::model::outcome::RuleError;
use crate::model::progress::ProgressRow;
use crate::pack::{ProgressConfig, RuleKind};
use crate::util::date::days_between;
use crate::util::number::round1;

/// The round's calendar on the day progress is judged.
#[derive(Debug, Clone, Serialize)]
pub struct Calendar {
    pub start: String,
    pub end: String,
    pub today: String,
    /// Share of the round elapsed, 0…1.
    pub elapsed: f64,
}

impl Calendar {
    pub fn new(start: &str, end: &str, today: &str) -> Option<Self> {
        let total = days_between(start, end)?;
        let gone = days_between(start, today)?;
        let elapsed = if total <= 0 { 1.0 } else { (gone as f64 / total as f64).clamp(0.0, 1.0) };
        Some(Self { start: start.to_owned(), end: end.to_owned(), today: today.to_owned(), elapsed })
    }
}

/// Work expected by now (targets × elapsed share).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Expected {
    pub talks: f64,
    pub visits: f64,
    pub documents: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupProgress {
    pub name: String,
    /// The group's latest row on or before today.
    pub latest: Option<ProgressRow>,
    pub expected: Expected,
    /// Why the group needs attention, from the rules.
    pub flags: Vec<String>,
    /// Who reported for the group at each 调度会: (date, name).
    pub reporters: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub calendar: Calendar,
    pub groups: Vec<GroupProgress>,
    #[serde(skip)]
    pub errors: Vec<RuleError>,
}

fn row_map(name: &str, row: Option<&ProgressRow>, expected: Expected) -> Map {
    let mut m = Map::new();
    let mut put = |k: &str, v: Dynamic| {
        m.insert(k.into(), v);
    };
    put("name", name.to_owned().into());
    put("reported", Dynamic::from_bool(row.is_some()));
    let r = row.cloned().unwrap_or_default();
    put("date", if row.is_some() { r.date.clone().into() } else { Dynamic::UNIT });
    for (k, v) in [
        ("talks", r.talks),
        ("visits", r.visits),
        ("documents", r.documents),
        ("tipoffs", r.tipoffs),
        ("problems", r.problems),
        ("clues", r.clues),
    ] {
        put(k, Dynamic::from_float(v));
    }
    put("reporter", r.reporter.into());
    let mut e = Map::new();
    e.insert("talks".into(), Dynamic::from_float(expected.talks));
    e.insert("visits".into(), Dynamic::from_float(expected.visits));
    e.insert("documents".into(), Dynamic::from_float(expected.documents));
    put("expected", e.into());
    m
}

fn calendar_map(c: &Calendar) -> Map {
    let mut m = Map::new();
    m.insert("start".into(), c.start.clone().into());
    m.insert("end".into(), c.end.clone().into());
    m.insert("today".into(), c.today.clone().into());
    m.insert("elapsed".into(), Dynamic::from_float(c.elapsed));
    m
}

fn expected(calendar: &Calendar, cfg: &ProgressConfig) -> Expected {
    Expected {
        talks: round1(cfg.talks * calendar.elapsed),
        visits: round1(cfg.visits * calendar.elapsed),
        documents: round1(cfg.documents * calendar.elapsed),
    }
}

/// What the `progress/` rules see: `group` (the latest row and the work expected by now) and
/// `round` (start, end, today, elapsed).
pub fn rule_inputs(
    name: &str,
    latest: Option<&ProgressRow>,
    calendar: &Calendar,
    cfg: &ProgressConfig,
) -> [(&'static str, Dynamic); 2] {
    [
        ("group", Dynamic::from_map(row_map(name, latest, expected(calendar, cfg)))),
        ("round", Dynamic::from_map(calendar_map(calendar))),
    ]
}

/// Judges every group's latest row on `calendar.today`; rows after today are ignored.
pub fn assess(
    engine: &RuleEngine,
    groups: &[String],
    rows: &[ProgressRow],
    calendar: Calendar,
    cfg: &ProgressConfig,
) -> Progress {
    let expected = expected(&calendar, cfg);
    let mut errors = Vec::new();
    let out = groups
        .iter()
        .map(|name| {
            let mine: Vec<&ProgressRow> =
                rows.iter().filter(|r| &r.group == name && r.date.as_str() <= calendar.today.as_str()).collect();
            let latest = mine.iter().max_by(|a, b| a.date.cmp(&b.date)).map(|r| (*r).clone());
            let mut reporters: Vec<(String, String)> =
                mine.iter().filter(|r| !r.reporter.is_empty()).map(|r| (r.date.clone(), r.reporter.clone())).collect();
            reporters.sort();
            reporters.dedup();
            let mut flags = Vec::new();
            for (_, r) in engine.reasons(RuleKind::Progress, &rule_inputs(name, latest.as_ref(), &calendar, cfg)) {
                match r {
                    Ok(s) => flags.push(s),
                    Err(e) => errors.push(e),
                }
            }
            GroupProgress { name: name.clone(), latest, expected, flags, reporters }
        })
        .collect();
    Progress { calendar, groups: out, errors }
}
