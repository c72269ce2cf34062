//! The documents the office sends from the ledgers, as Word files the clerk edits and signs:
//! a 督办函 to each unit with overdue or falsely closed items, and a draft 整改进展情况通报 for the
//! round (for 晾晒). They are drafts: the 文号 is left blank, and every figure comes from the
//! judged ledger, so the text and the ledger view never disagree.

use crate::assess::ledger::{ItemStatus, Ledger, State, UnitRectification};
use crate::render::word::Block;
use crate::util::date::add_days;

/// Who signs the letters, and how long a unit has to answer one.
pub struct Sender<'a> {
    pub office: &'a str,
    pub reply_days: i64,
}

/// "2026-12-20" → "2026年12月20日"; anything else unchanged.
pub fn chinese_date(date: &str) -> String {
    let mut parts = date.splitn(3, '-').map(|p| p.trim_start_matches('0'));
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) if !m.is_empty() && !d.is_empty() => format!("{y}年{m}月{d}日"),
        _ => date.to_owned(),
    }
}

fn needs_letter(i: &ItemStatus) -> bool {
    matches!(i.state, State::Overdue | State::Unfounded)
}

/// Why an item is in the letter, in one phrase.
fn why(i: &ItemStatus) -> String {
    match i.state {
        State::Overdue => {
            let late = i.days_left.map_or(String::new(), |d| format!("，已逾期 {} 天", -d));
            format!("整改时限 {}{late}，仍未完成", i.item.deadline.as_deref().map_or("未填".into(), chinese_date))
        }
        State::Unfounded if i.reasons.is_empty() => "报称已完成，但整改不实".to_owned(),
        State::Unfounded => format!("报称已完成，但{}", i.reasons.join("；")),
        State::Closed | State::InProgress => String::new(),
    }
}

/// One 督办函 per unit with items overdue or 整改不实, in round order: (unit, document).
pub fn letters(round: &str, l: &Ledger, from: &Sender) -> Vec<(String, Vec<Block>)> {
    let reply = add_days(&l.today, from.reply_days).map_or_else(|| "限期".to_owned(), |d| chinese_date(&d));
    l.units
        .iter()
        .filter_map(|u| {
            let items: Vec<&ItemStatus> = l.items.iter().filter(|i| i.item.unit == u.unit && needs_letter(i)).collect();
            (!items.is_empty()).then(|| (u.unit.clone(), letter(round, u, &items, &reply, l, from)))
        })
        .collect()
}

fn letter(
    round: &str,
    u: &UnitRectification,
    items: &[&ItemStatus],
    reply: &str,
    l: &Ledger,
    from: &Sender,
) -> Vec<Block> {
    let overdue = items.iter().filter(|i| i.state == State::Overdue).count();
    let unfounded = items.len() - overdue;
    let mut counts = Vec::new();
    if overdue > 0 {
        counts.push(format!("{overdue} 个问题超过整改时限仍未完成"));
    }
    if unfounded > 0 {
        counts.push(format!("{unfounded} 个问题报称已完成但整改不实"));
    }
    let mut doc = vec![
        Block::Title("督　办　函".into()),
        Block::Centered(format!("{}督〔　　〕　号", from.office)),
        Block::Blank,
        Block::Flush(format!("{}：", u.unit)),
        Block::Para(format!(
            "根据{round}反馈意见整改工作安排，经对你单位整改台账进行对账，截至{}，你单位反馈问题 {} 个，已销号 {} 个，{}。具体如下：",
            chinese_date(&l.today),
            u.total,
            u.closed,
            counts.join("，")
        )),
    ];
    for (n, i) in items.iter().enumerate() {
        let who = [("责任领导", &i.item.leader), ("责任人", &i.item.owner)]
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}：{v}"))
            .collect::<Vec<_>>()
            .join("，");
        let who = if who.is_empty() { String::new() } else { format!("（{who}）") };
        doc.push(Block::Para(format!(
            "{}．{}（问题编号 {}）。{}{who}。",
            n + 1,
            trim_stop(&i.item.problem),
            i.item.id,
            why(i)
        )));
    }
    doc.push(Block::Para(format!(
        "请你单位党组织切实履行整改主体责任，主要负责人履行第一责任人职责，对上述问题逐项研究、限期整改到位，\
         并于{reply}前将整改进展情况和佐证材料书面报送{}。对敷衍整改、虚假整改、整改不力的，将按有关规定严肃追责问责。",
        from.office
    )));
    doc.push(Block::Para("特此督办。".into()));
    doc.push(Block::Blank);
    doc.push(Block::Right(from.office.to_owned()));
    doc.push(Block::Right(chinese_date(&l.today)));
    doc
}

fn trim_stop(s: &str) -> &str {
    s.trim().trim_end_matches(['。', '；', ';', '.'])
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or("—".into(), |r| format!("{:.0}%", r * 100.0))
}

fn unit_list(units: &[(&str, usize)]) -> String {
    units.iter().map(|(u, n)| format!("{u}（{n} 个）")).collect::<Vec<_>>().join("、")
}

/// The draft 整改进展情况通报 for the whole round.
pub fn notice(round: &str, l: &Ledger, from: &Sender) -> Vec<Block> {
    let total = l.items.len();
    let closed = l.count(State::Closed);
    let rate = if total > 0 { Some(closed as f64 / total as f64) } else { None };
    let units: Vec<&UnitRectification> = l.units.iter().filter(|u| u.total > 0).collect();
    let mut doc = vec![
        Block::Title(format!("关于{round}整改进展情况的通报")),
        Block::Centered("（草稿）".into()),
        Block::Blank,
        Block::Para(format!(
            "为压紧压实巡察整改主体责任，推动巡察发现问题整改到位，{}对{round}被巡察单位整改台账进行了对账。现将截至{}的整改进展情况通报如下。",
            from.office,
            chinese_date(&l.today)
        )),
        Block::Heading("一、总体情况".into()),
    ];
    let mut overall = format!(
        "本轮巡察 {} 个被巡察单位共反馈问题 {total} 个，已整改到位并销号 {closed} 个，整改中 {} 个，逾期未完成 {} 个，报称完成但整改不实 {} 个，销号率 {}。",
        units.len(),
        l.count(State::InProgress),
        l.count(State::Overdue),
        l.count(State::Unfounded),
        percent(rate)
    );
    if l.has_clues {
        overall.push_str(&format!(
            "巡察移交问题线索 {} 件，已反馈办理结果 {} 件，超过反馈期限未反馈 {} 件。",
            l.clues.len(),
            l.clues.iter().filter(|c| c.clue.feedback_on.is_some()).count(),
            l.clues_overdue()
        ));
    }
    doc.push(Block::Para(overall));
    doc.push(Block::Heading("二、各单位整改进展".into()));
    let header = ["被巡察单位", "反馈问题", "已销号", "整改中", "逾期", "整改不实", "销号率"];
    let rows = units
        .iter()
        .map(|u| {
            vec![
                u.unit.clone(),
                u.total.to_string(),
                u.closed.to_string(),
                u.in_progress.to_string(),
                u.overdue.to_string(),
                u.unfounded.to_string(),
                percent(u.rate),
            ]
        })
        .collect();
    doc.push(Block::Table(header.iter().map(|h| h.to_string()).collect(), rows));

    doc.push(Block::Heading("三、存在的主要问题".into()));
    let done: Vec<&str> = units.iter().filter(|u| u.closed == u.total).map(|u| u.unit.as_str()).collect();
    let late: Vec<(&str, usize)> =
        units.iter().filter(|u| u.overdue > 0).map(|u| (u.unit.as_str(), u.overdue)).collect();
    let false_: Vec<(&str, usize)> =
        units.iter().filter(|u| u.unfounded > 0).map(|u| (u.unit.as_str(), u.unfounded)).collect();
    let mut problems = Vec::new();
    if !late.is_empty() {
        problems.push(format!("整改进度滞后。{}的问题超过整改时限仍未完成。", unit_list(&late)));
    }
    if !false_.is_empty() {
        problems.push(format!(
            "整改不严不实。{}的问题报称已完成，但完成情况表述笼统、照抄整改措施或缺少佐证材料，存在敷衍整改、“纸面整改”倾向。",
            unit_list(&false_)
        ));
    }
    let cards: Vec<String> = units
        .iter()
        .filter_map(|u| u.card.as_ref().map(|(card, reason)| format!("{}（{card}：{reason}）", u.unit)))
        .collect();
    if !cards.is_empty() {
        problems.push(format!("亮牌警示。{}。", cards.join("；")));
    }
    if problems.is_empty() {
        doc.push(Block::Para("各单位均按整改时限推进，未发现逾期或整改不实的问题。".into()));
    }
    for (n, p) in problems.iter().enumerate() {
        doc.push(Block::Para(format!("{}{p}", ORDINALS.get(n).copied().unwrap_or(""))));
    }
    if !done.is_empty() {
        doc.push(Block::Para(format!("{}反馈问题已全部整改销号。", done.join("、"))));
    }

    let proposed: Vec<_> = l.common.iter().filter(|c| c.proposed).collect();
    let mut next = 4;
    if !proposed.is_empty() {
        doc.push(Block::Heading("四、共性问题集中交办".into()));
        for c in &proposed {
            let dept =
                if c.departments.is_empty() { "有关职能部门".to_owned() } else { c.departments.join("、") };
            doc.push(Block::Para(format!(
                "{}问题在{}等 {} 个单位均有反映，建议作为共性问题集中交办{}牵头开展专项治理。",
                c.topic,
                c.units.join("、"),
                c.units.len(),
                dept
            )));
        }
        next = 5;
    }
    doc.push(Block::Heading(format!("{}、下一步工作要求", HEADS.get(next - 1).copied().unwrap_or("五"))));
    doc.push(Block::Para(format!(
        "各被巡察单位要对照整改台账逐项对账销号：逾期未完成的问题要倒排时限、加快推进；整改不实的问题要重新整改、补充佐证材料；\
         长期坚持的问题要明确阶段性目标，持续跟踪问效。{}将会同县纪委监委、县委组织部加强日常监督，\
         对整改不力、敷衍整改、虚假整改的严肃追责问责。",
        from.office
    )));
    doc.push(Block::Blank);
    doc.push(Block::Right(from.office.to_owned()));
    doc.push(Block::Right(chinese_date(&l.today)));
    doc
}

const ORDINALS: [&str; 4] = ["一是", "二是", "三是", "四是"];
const HEADS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_chinese() {
        assert_eq!(chinese_date("2026-01-05"), "2026年1月5日");
        assert_eq!(chinese_date("2026-12-20"), "2026年12月20日");
        assert_eq!(chinese_date("不详"), "不详");
    }
}
