//! A round (一轮巡察) as `round.toml` describes it: groups, units, reports.

use std::path::PathBuf;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::util::suggest::suggest;

pub const UNIT_KINDS: [&str; 4] = ["县直单位", "乡镇党委", "村级党组织", "二级机构"];

/// `round.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoundFile {
    pub round: RoundInfo,
    #[serde(default)]
    pub groups: Vec<Group>,
    #[serde(default)]
    pub units: Vec<Unit>,
    /// Header → field mappings for the round's tables (signals, judges, cadres).
    #[serde(default)]
    pub columns: IndexMap<String, String>,
    /// Figures only the office knows (clues transferred, people held accountable …).
    #[serde(default)]
    pub stats: IndexMap<String, f64>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoundInfo {
    pub name: String,
    #[serde(default)]
    pub start: Option<String>,
    /// The round's end date (YYYY-MM-DD); waivers are judged against it, not the clock.
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub framework: Option<String>,
    /// 反馈日期: when the findings were fed back to the units; the 整改情况报告 is due from it.
    #[serde(default)]
    pub feedback: Option<String>,
}

/// A 巡察组.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub name: String,
    /// 组长.
    pub leader: String,
    /// 副组长.
    #[serde(default)]
    pub deputies: Vec<String>,
    #[serde(default)]
    pub members: Vec<String>,
}

impl Group {
    pub fn has_person(&self, name: &str) -> bool {
        self.leader == name || self.deputies.iter().any(|d| d == name) || self.members.iter().any(|m| m == name)
    }
}

/// An inspected unit (被巡察党组织) and its report.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub name: String,
    /// 县直单位 / 乡镇党委 / 村级党组织 / 二级机构.
    pub kind: String,
    #[serde(default)]
    pub top_leader: String,
    pub group: String,
    /// Path of the report, relative to the round folder.
    pub report: String,
    /// Recommended by the group leader for 优秀巡察报告评选 (组长推荐).
    #[serde(default)]
    pub recommended: bool,
}

/// A round folder read and checked.
#[derive(Debug, Clone)]
pub struct Round {
    pub dir: PathBuf,
    pub file: RoundFile,
}

impl Round {
    /// A round of one unit, for checking a lone draft against signals.
    pub fn single(unit: &str, top_leader: &str) -> Self {
        let file = RoundFile {
            round: RoundInfo { name: "草稿自查".into(), start: None, end: None, framework: None, feedback: None },
            groups: vec![Group { name: "本组".into(), leader: String::new(), deputies: vec![], members: vec![] }],
            units: vec![Unit {
                name: unit.into(),
                kind: UNIT_KINDS[0].into(),
                top_leader: top_leader.into(),
                group: "本组".into(),
                report: String::new(),
                recommended: false,
            }],
            columns: IndexMap::new(),
            stats: IndexMap::new(),
        };
        Self { dir: PathBuf::from("."), file }
    }

    pub fn name(&self) -> &str {
        &self.file.round.name
    }

    pub fn group(&self, name: &str) -> Option<&Group> {
        self.file.groups.iter().find(|g| g.name == name)
    }

    pub fn unit(&self, name: &str) -> Option<&Unit> {
        self.file.units.iter().find(|u| u.name == name)
    }

    pub fn report_path(&self, unit: &Unit) -> PathBuf {
        self.dir.join(&unit.report)
    }

    /// Finds a unit by a name as written in a table: exact, or a unique one that contains it
    /// (县农业农村局 for 县农业农村局党组).
    pub fn match_unit(&self, written: &str) -> Option<&Unit> {
        let w = written.trim();
        self.unit(w).or_else(|| {
            let mut hits = self.file.units.iter().filter(|u| u.name.contains(w) || (w.contains(u.name.as_str())));
            let first = hits.next()?;
            hits.next().is_none().then_some(first)
        })
    }

    /// " （是否指 …？）" for a unit name that matches none.
    pub fn suggest_unit(&self, written: &str) -> String {
        suggest(written, self.file.units.iter().map(|u| u.name.as_str()))
    }
}
