//! The proposed roster (组队建议): groups with leader and members, what could not be met, every
//! exclusion with its reason, and the `[[groups]]` to paste into round.toml.

use serde::Serialize;

use crate::assess::staff::Roster;
use crate::render::history::View;

pub fn view(round: &str, r: &Roster) -> View {
    let teams = r
        .groups
        .iter()
        .map(|t| {
            vec![
                t.name.clone(),
                t.leader.clone().unwrap_or_else(|| "（空缺）".into()),
                t.members.join("、"),
                t.units.join("、"),
                t.short.join("；"),
            ]
        })
        .collect();
    let excluded = r
        .excluded
        .iter()
        .map(|e| vec![e.name.clone(), if e.unit.is_empty() { "本轮".into() } else { e.unit.clone() }, e.reason.clone()])
        .collect();
    let mut notes = vec![format!("抽签种子 {}：用同一种子重新组队，结果完全相同。", r.seed)];
    if !r.reserve.is_empty() {
        notes.push(format!("未抽中（备选）：{}。", r.reserve.join("、")));
    }
    for e in &r.errors {
        notes.push(format!("规则出错：{e}"));
    }
    View {
        title: format!("{round} 组队建议"),
        notes,
        tables: vec![
            ("组队".into(), ["巡察组", "组长", "组员", "被巡察单位", "未满足"].map(String::from).to_vec(), teams),
            ("回避和不抽调".into(), ["姓名", "单位", "原因"].map(String::from).to_vec(), excluded),
        ],
    }
}

/// The roster as the `[[groups]]` of round.toml (deputies left for the office to name).
pub fn round_toml(r: &Roster) -> String {
    #[derive(Serialize)]
    struct Group<'a> {
        name: &'a str,
        leader: &'a str,
        deputies: [&'a str; 0],
        members: &'a [String],
    }
    #[derive(Serialize)]
    struct Groups<'a> {
        groups: Vec<Group<'a>>,
    }
    let groups = r
        .groups
        .iter()
        .map(|t| Group { name: &t.name, leader: t.leader.as_deref().unwrap_or(""), deputies: [], members: &t.members })
        .collect();
    toml::to_string(&Groups { groups }).unwrap_or_default()
}
