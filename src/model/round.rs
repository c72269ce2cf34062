//! A round (一轮巡察) as `round.toml` describes it: groups, units, reports.

use std::path::PathBuf;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::util::suggest::suggest;
use crate::util::text::same_unit;

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
    /// Dates may be TOML dates (`start = 2026-09-01`) or strings; [`Round::load`] leaves them as
    /// YYYY-MM-DD.
    #[serde(default, deserialize_with = "crate::util::date::toml_date")]
    pub start: Option<String>,
    /// The round's end date (YYYY-MM-DD); waivers are judged against it, not the clock.
    #[serde(default, deserialize_with = "crate::util::date::toml_date")]
    pub end: Option<String>,
    #[serde(default)]
    pub framework: Option<String>,
    /// 反馈日期: when the findings were fed back to the units; the 整改情况报告 is due from it.
    #[serde(default, deserialize_with = "crate::util::date::toml_date")]
    pub feedback: Option<String>,
}

/// A 巡察组.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(from = "GroupToml")]
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

/// A group as round.toml may write it: one deputy as `deputy = "…"`, several as `deputies`,
/// or both.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupToml {
    name: String,
    leader: String,
    #[serde(default)]
    deputy: Option<String>,
    #[serde(default)]
    deputies: Vec<String>,
    #[serde(default)]
    members: Vec<String>,
}

impl From<GroupToml> for Group {
    fn from(g: GroupToml) -> Self {
        let mut deputies = g.deputies;
        if let Some(d) = g.deputy {
            if !deputies.iter().any(|x| x.trim() == d.trim()) {
                deputies.insert(0, d);
            }
        }
        Self { name: g.name, leader: g.leader, deputies, members: g.members }
    }
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
    /// Other names the unit goes by in the office's tables (县卫健委 for 县卫生健康委员会党组);
    /// matched everywhere the name is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
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
                aliases: Vec::new(),
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

    /// Finds a unit by a name as written in a table or in waivers.toml; every table that names
    /// a unit comes here. In order: the unit's name or one of its aliases exactly; else the one
    /// unit that is the same but for its organisation suffix ([`same_unit`]: 县民政局 for
    /// 县民政局党组, 桥头镇人民政府 for 桥头镇党委); else the one unit whose name or alias contains
    /// the written name or is contained in it (县农业农村局 for 县农业农村局党组).
    pub fn match_unit(&self, written: &str) -> Option<&Unit> {
        let w = written.trim();
        if w.is_empty() {
            return None;
        }
        let units = &self.file.units;
        units
            .iter()
            .find(|u| u.names().any(|n| n == w))
            .or_else(|| only(units, |n| same_unit(n, w)))
            .or_else(|| only(units, |n| n.contains(w) || w.contains(n)))
    }

    /// " （是否指 …？）" for a unit name that matches none.
    pub fn suggest_unit(&self, written: &str) -> String {
        suggest(written, self.file.units.iter().flat_map(Unit::names))
    }
}

/// The one unit that one of whose names `hit` accepts; None for none or several.
fn only(units: &[Unit], hit: impl Fn(&str) -> bool) -> Option<&Unit> {
    let mut hits = units.iter().filter(|u| u.names().any(&hit));
    let first = hits.next()?;
    hits.next().is_none().then_some(first)
}

impl Unit {
    /// The unit's name, then its aliases (blank ones left out).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str)).filter(|n| !n.is_empty())
    }
}

impl RoundFile {
    /// Trims the spaces a word processor leaves around values (`framework = "三个聚焦 "`).
    pub fn trim(&mut self) {
        fn t(s: &mut String) {
            let trimmed = s.trim();
            if trimmed.len() != s.len() {
                *s = trimmed.to_owned();
            }
        }
        fn all(v: &mut [String]) {
            v.iter_mut().for_each(t);
        }
        let r = &mut self.round;
        t(&mut r.name);
        for d in [&mut r.start, &mut r.end, &mut r.framework, &mut r.feedback].into_iter().flatten() {
            t(d);
        }
        for g in &mut self.groups {
            t(&mut g.name);
            t(&mut g.leader);
            all(&mut g.deputies);
            all(&mut g.members);
            let mut seen = std::collections::BTreeSet::new();
            g.deputies.retain(|d| !d.is_empty() && seen.insert(d.clone()));
            g.members.retain(|m| !m.is_empty());
        }
        for u in &mut self.units {
            for s in [&mut u.name, &mut u.kind, &mut u.top_leader, &mut u.group, &mut u.report] {
                t(s);
            }
            all(&mut u.aliases);
            u.aliases.retain(|a| !a.is_empty());
        }
        self.columns = std::mem::take(&mut self.columns)
            .into_iter()
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(toml_text: &str) -> Round {
        let mut file: RoundFile = toml::from_str(toml_text).expect("round.toml");
        file.trim();
        Round { dir: PathBuf::from("."), file }
    }

    const UNITS: &str = r#"
[round]
name = "试"
start = 2022-03-07
end = "2022-05-01"
feedback = 2022-05-20T09:00:00
framework = "三个聚焦 "

[[groups]]
name = "第一巡察组 "
leader = "徐某"
deputy = "王某"
deputies = ["李某", "王某"]

[[groups]]
name = "第二巡察组"
leader = "刘某"
deputy = "黄某"

[[units]]
name = "县卫生健康委员会党组"
aliases = ["县卫健委", " 县卫生健康委员会 "]
kind = "县直单位"
group = "第一巡察组"
report = "reports/a.txt"

[[units]]
name = "桥头镇党委"
kind = "乡镇党委"
group = "第二巡察组"
report = "reports/b.txt"

[[units]]
name = "县民政局党组"
kind = "县直单位"
group = "第二巡察组"
report = "reports/c.txt"
"#;

    #[test]
    fn dates_may_be_toml_dates() {
        let r = round(UNITS);
        assert_eq!(r.file.round.start.as_deref(), Some("2022-03-07"));
        assert_eq!(r.file.round.end.as_deref(), Some("2022-05-01"));
        assert_eq!(r.file.round.feedback.as_deref(), Some("2022-05-20"));
        let e = toml::from_str::<RoundFile>("[round]\nname = \"x\"\nend = 2026\n").unwrap_err();
        assert_eq!(e.message(), "类型不对：应为日期（如 2026-09-01），这里写的是整数 2026");
    }

    #[test]
    fn deputy_and_deputies_merge() {
        let r = round(UNITS);
        assert_eq!(r.file.groups[0].deputies, ["李某", "王某"]);
        assert_eq!(r.file.groups[1].deputies, ["黄某"]);
        assert!(r.group("第一巡察组").is_some_and(|g| g.has_person("王某")));
    }

    #[test]
    fn values_are_trimmed() {
        let r = round(UNITS);
        assert_eq!(r.file.round.framework.as_deref(), Some("三个聚焦"));
        assert_eq!(r.file.units[0].aliases, ["县卫健委", "县卫生健康委员会"]);
    }

    #[test]
    fn units_match_by_alias_and_suffix() {
        let r = round(UNITS);
        let name = |w: &str| r.match_unit(w).map(|u| u.name.as_str());
        assert_eq!(name("县卫健委"), Some("县卫生健康委员会党组"));
        assert_eq!(name("县卫健委党组"), Some("县卫生健康委员会党组"));
        assert_eq!(name("县卫生健康委员会"), Some("县卫生健康委员会党组"));
        assert_eq!(name("桥头镇人民政府"), Some("桥头镇党委"));
        assert_eq!(name("桥头镇"), Some("桥头镇党委"));
        assert_eq!(name("县民政局"), Some("县民政局党组"));
        assert_eq!(name(" 县民政局党组 "), Some("县民政局党组"));
        assert_eq!(name("县财政局"), None);
        assert_eq!(name(""), None);
        assert_eq!(r.suggest_unit("县卫建委"), "（是否指 县卫健委？）");
    }
}
