//! The archive's answers — rounds archived, a unit's, a cadre's and a group leader's history —
//! as one [`View`] each (a title, notes and tables), shown on the terminal, in Markdown, as a
//! workbook, or as JSON (the history structs themselves).

use tabled::builder::Builder;

use crate::archive::{CadreHistory, LeaderHistory, PoolRow, RoundRow, UnitHistory};
use crate::render::xlsx::{Cell, Sheet};
use crate::render::{markdown, table};

/// Tables with a title and notes, ready for any format.
pub struct View {
    pub title: String,
    pub notes: Vec<String>,
    /// (name, header, rows).
    pub tables: Vec<(String, Vec<String>, Vec<Vec<String>>)>,
}

fn strings(x: &[&str]) -> Vec<String> {
    x.iter().map(|s| s.to_string()).collect()
}

fn opt(x: &Option<String>) -> String {
    x.clone().unwrap_or_else(|| "—".into())
}

fn score(x: Option<f64>) -> String {
    x.map_or("—".into(), |v| format!("{}", crate::util::number::round1(v)))
}

pub fn rounds_view(rounds: &[RoundRow], db: &str) -> View {
    let rows = rounds
        .iter()
        .map(|r| {
            vec![
                r.name.clone(),
                opt(&r.start),
                opt(&r.end),
                r.units.to_string(),
                r.items.to_string(),
                r.cadres.to_string(),
                r.rectification.to_string(),
                r.clues.to_string(),
            ]
        })
        .collect();
    View {
        title: format!("巡察档案库 {db}：{} 轮", rounds.len()),
        notes: Vec::new(),
        tables: vec![(
            "轮次".into(),
            strings(&["轮次", "开始", "结束", "单位", "问题", "巡察干部", "整改问题", "线索"]),
            rows,
        )],
    }
}

pub fn unit_view(h: &UnitHistory) -> View {
    let rows = h
        .rounds
        .iter()
        .map(|r| {
            vec![
                r.round.clone(),
                opt(&r.start),
                format!("{}（{}）", r.group, r.leader),
                score(r.score),
                r.grade.clone().unwrap_or_else(|| "—".into()),
                r.items.len().to_string(),
                r.rectified.map_or("无台账".into(), |(d, t)| format!("{d}/{t}")),
                r.missed.to_string(),
                r.reappeared.len().to_string(),
            ]
        })
        .collect();
    let mut back = Vec::new();
    for r in &h.rounds {
        for x in &r.reappeared {
            back.push(vec![
                r.round.clone(),
                format!("{}. {}", x.item, x.title),
                x.earlier_round.clone(),
                format!("{} {}", x.earlier_id, x.earlier_problem),
            ]);
        }
    }
    let mut notes = Vec::new();
    if !back.is_empty() {
        notes.push(format!("{} 个问题在已整改销号后又出现，可列为回头看重点。", back.len()));
    }
    let mut tables = vec![(
        "历轮巡察".into(),
        strings(&[
            "轮次",
            "开始",
            "巡察组（组长）",
            "报告得分",
            "等次",
            "问题",
            "整改销号",
            "未反映的信号",
            "整改后又出现",
        ]),
        rows,
    )];
    if !back.is_empty() {
        tables.push(("整改后又出现的问题".into(), strings(&["轮次", "本轮问题", "此前轮次", "已销号的问题"]), back));
    }
    View { title: format!("{}：{} 轮巡察", h.unit, h.rounds.len()), notes, tables }
}

pub fn cadre_view(h: &CadreHistory) -> View {
    let rows = h
        .rounds
        .iter()
        .map(|r| {
            vec![
                r.round.clone(),
                opt(&r.start),
                r.group.clone(),
                r.role.clone(),
                r.home_unit.clone(),
                score(Some(r.total)),
                r.band.clone(),
                if r.recommended { "是".into() } else { String::new() },
            ]
        })
        .collect();
    View {
        title: format!("{}：参加 {} 轮巡察", h.name, h.rounds.len()),
        notes: Vec::new(),
        tables: vec![(
            "历轮评估".into(),
            strings(&["轮次", "开始", "巡察组", "角色", "原单位", "得分", "等次", "推荐"]),
            rows,
        )],
    }
}

pub fn leader_view(h: &LeaderHistory) -> View {
    let rows = h
        .rounds
        .iter()
        .map(|r| {
            vec![
                r.round.clone(),
                opt(&r.start),
                r.group.clone(),
                r.units.join("、"),
                score(r.divergence),
                r.signals.to_string(),
                r.missed.to_string(),
                r.missed_top.to_string(),
            ]
        })
        .collect();
    let high = h.rounds.iter().filter(|r| r.divergence.is_some_and(|d| d >= 50.0)).count();
    let notes = if high >= 2 {
        vec![format!("有 {high} 轮偏离度在 50 以上，建议重点研判。")]
    } else {
        Vec::new()
    };
    View {
        title: format!("组长 {}：带队 {} 轮", h.leader, h.rounds.len()),
        notes,
        tables: vec![(
            "历轮偏离研判".into(),
            strings(&["轮次", "开始", "巡察组", "被巡察单位", "偏离度", "信号", "未反映", "其中涉及一把手"]),
            rows,
        )],
    }
}

pub fn pool_view(rows: &[PoolRow], db: &str) -> View {
    let table = rows
        .iter()
        .map(|r| {
            let m = &r.member;
            vec![
                m.name.clone(),
                m.unit.clone(),
                m.post.clone(),
                m.expertise.join("、"),
                if m.can_lead() { "是".into() } else { String::new() },
                r.rounds.to_string(),
                r.last_band.clone().unwrap_or_default(),
                m.relatives.iter().map(|(u, x)| format!("{u}（{x}）")).collect::<Vec<_>>().join("、"),
            ]
        })
        .collect();
    View {
        title: format!("巡察人才库 {db}：{} 人", rows.len()),
        notes: Vec::new(),
        tables: vec![(
            "人才库".into(),
            strings(&["姓名", "单位", "职务", "专长", "组长人选", "参加巡察轮数", "最近等次", "亲属任职"]),
            table,
        )],
    }
}

pub fn terminal(v: &View) -> String {
    let mut out = format!("{}\n", v.title);
    for n in &v.notes {
        out.push_str(&format!("{n}\n"));
    }
    for (name, header, rows) in &v.tables {
        let mut b = Builder::default();
        b.push_record(header.clone());
        for r in rows {
            b.push_record(r.clone());
        }
        out.push_str(&format!("\n{name}：\n{}\n", table::style(b.build())));
    }
    out
}

pub fn markdown(v: &View) -> String {
    let mut out = format!("# {}\n", v.title);
    for n in &v.notes {
        out.push_str(&format!("\n{n}\n"));
    }
    for (name, header, rows) in &v.tables {
        out.push_str(&format!("\n## {name}\n\n{}", markdown::table(header, rows)));
    }
    out
}

pub fn sheets(v: &View) -> Vec<Sheet> {
    let cell = |s: &String| match s.parse::<f64>() {
        Ok(x) => Cell::Number(x),
        Err(_) if s.is_empty() => Cell::Empty,
        Err(_) => Cell::Text(s.clone()),
    };
    v.tables
        .iter()
        .map(|(name, header, rows)| Sheet {
            name: name.clone(),
            header: header.clone(),
            rows: rows.iter().map(|r| r.iter().map(cell).collect()).collect(),
        })
        .collect()
}
