//! 巡中调度 on a day: each group's latest figures beside the work expected by now, and the flags.

use crate::assess::progress::Progress;
use crate::render::history::View;

fn n(x: f64) -> String {
    format!("{}", crate::util::number::round1(x))
}

pub fn view(round: &str, p: &Progress) -> View {
    let c = &p.calendar;
    let rows = p
        .groups
        .iter()
        .map(|g| {
            let r = g.latest.clone().unwrap_or_default();
            let has = g.latest.is_some();
            let pair = |done: f64, due: f64| if has { format!("{} / {}", n(done), n(due)) } else { "—".into() };
            vec![
                g.name.clone(),
                if has { r.date.clone() } else { "未报送".into() },
                pair(r.talks, g.expected.talks),
                pair(r.visits, g.expected.visits),
                pair(r.documents, g.expected.documents),
                if has { n(r.tipoffs) } else { "—".into() },
                if has { n(r.problems) } else { "—".into() },
                if has { n(r.clues) } else { "—".into() },
                g.reporters.iter().map(|(d, who)| format!("{who}（{d}）")).collect::<Vec<_>>().join("、"),
                g.flags.join("；"),
            ]
        })
        .collect();
    let flagged = p.groups.iter().filter(|g| !g.flags.is_empty()).count();
    let mut notes = vec![format!(
        "统计日期 {}，本轮 {} 至 {}，已过 {:.0}% 的时间；“已完成 / 应完成”按时间进度折算。",
        c.today,
        c.start,
        c.end,
        c.elapsed * 100.0
    )];
    notes.push(if flagged == 0 { "各组进度正常。".into() } else { format!("{flagged} 个组需要关注。") });
    for e in &p.errors {
        notes.push(format!("规则出错：{e}"));
    }
    View {
        title: format!("{round} 巡中调度"),
        notes,
        tables: vec![(
            "各组进度".into(),
            [
                "巡察组",
                "报送日期",
                "个别谈话",
                "走访",
                "调阅资料",
                "受理信访",
                "发现问题",
                "移交线索",
                "调度会汇报人",
                "需要关注",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        )],
    }
}

/// The 巡中调度 section of the round page.
pub fn page_section(round: &str, p: &Progress) -> crate::render::html::ProgressSection {
    let mut v = view(round, p);
    let (_, header, rows) = v.tables.swap_remove(0);
    crate::render::html::ProgressSection { note: v.notes.join(""), groups: crate::render::html::Table { header, rows } }
}
