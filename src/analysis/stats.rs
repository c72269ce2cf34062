//! Statistics a text states about inspection work (问题 N 个, 线索 N 件, 谈话 N 人次, 走访,
//! 制度 N 项, 金额, 完成率, 覆盖率), each with its place, and the check of a rate stated beside
//! the counts it derives from (完成整改 N 个 of M 个 → P%).

use serde::Serialize;

use crate::model::document::Span;

/// One number the text states.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stat {
    /// 问题, 线索, 谈话, 走访, 制度, 金额, 完成率, 覆盖率, 人数 or 其他.
    pub kind: &'static str,
    pub value: f64,
    pub unit: String,
    /// The number with its unit (and the words that name it when they follow: 问题线索2件).
    pub span: Span,
}

/// A rate that does not follow from the counts beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateMismatch {
    /// Index into the stats of the rate.
    pub rate: usize,
    pub done: usize,
    pub total: usize,
    /// What the counts give, in percent.
    pub expected: f64,
}

/// Units counted, longest first (万元 before 元, 人次 before 人).
const UNITS: &[&str] = &[
    "万元",
    "亿元",
    "余万元",
    "人次",
    "户次",
    "余人",
    "余个",
    "余件",
    "余条",
    "余项",
    "元",
    "个",
    "件",
    "条",
    "项",
    "人",
    "名",
    "家",
    "次",
    "场",
    "户",
    "类",
    "%",
    "％",
    "期",
    "份",
    "笔",
    "批",
];

/// Unit words after which the number is a duration or date, not a count.
const NOT_COUNTS: &[&str] = &["年", "月", "日", "天", "个月", "小时", "周", "届", "轮"];

const BREAKS: &str = "，,。；;：:！？\n（）()、";

/// Statistics in `norm` (the simplified text), in order.
pub fn scan(norm: &str) -> Vec<Stat> {
    let b = norm.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = norm[i..].chars().next().unwrap_or(' ');
        let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        let prev = norm[..i].chars().next_back();
        if !digit || prev.is_some_and(|p| p.is_ascii_digit() || p == '.' || p == '第' || ('０'..='９').contains(&p))
        {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut num = String::new();
        while i < b.len() {
            let c = norm[i..].chars().next().unwrap_or(' ');
            if c.is_ascii_digit() || c == '.' && norm[i + 1..].starts_with(|d: char| d.is_ascii_digit()) {
                num.push(c);
            } else if ('０'..='９').contains(&c) {
                num.push(char::from(b'0' + (c as u32 - '０' as u32) as u8));
            } else if c != ',' || !norm[i + 1..].starts_with(|d: char| d.is_ascii_digit()) {
                break;
            }
            i += c.len_utf8();
        }
        let rest = &norm[i..];
        if NOT_COUNTS.iter().any(|u| rest.starts_with(u)) || rest.starts_with('-') || rest.starts_with('/') {
            continue;
        }
        let Some(unit) = UNITS.iter().find(|u| rest.starts_with(*u)) else { continue };
        let Ok(mut value) = num.parse::<f64>() else { continue };
        let end = i + unit.len();
        i = end;
        let unit = unit.trim_start_matches('余').replace('％', "%");
        let before = clause_before(norm, start);
        let after = clause_after(norm, end);
        let kind = kind_of(&before, &after, &unit);
        if unit == "亿元" {
            value *= 10_000.0;
        }
        out.push(Stat { kind, value, unit: unit.to_owned(), span: Span::new(start, end) });
    }
    out
}

fn clause_before(norm: &str, at: usize) -> String {
    let chars: Vec<char> = norm[..at].chars().rev().take(14).take_while(|c| !BREAKS.contains(*c)).collect();
    chars.into_iter().rev().collect()
}

fn clause_after(norm: &str, at: usize) -> String {
    norm[at..].chars().take(8).take_while(|c| !BREAKS.contains(*c)).collect()
}

fn kind_of(before: &str, after: &str, unit: &str) -> &'static str {
    let near = |w: &str| before.contains(w) || after.starts_with(w) || after.contains(w) && after.len() <= 24;
    if unit == "%" {
        return if before.contains("覆盖") {
            "覆盖率"
        } else if before.contains("完成") || before.contains("整改率") || before.contains("销号") {
            "完成率"
        } else {
            "其他"
        };
    }
    if unit.ends_with('元') {
        return "金额";
    }
    if near("线索") {
        "线索"
    } else if near("谈话") {
        "谈话"
    } else if near("走访") {
        "走访"
    } else if near("制度") {
        "制度"
    } else if near("问题") || before.contains("完成") && matches!(unit, "个" | "项" | "条" | "件") {
        "问题"
    } else if matches!(unit, "人" | "名" | "人次") {
        "人数"
    } else {
        "其他"
    }
}

/// Rates stated beside the counts they derive from that do not follow from them. The total is
/// the first problem count of the paragraph before the rate; the done count the first one
/// after it whose words say 完成 (not 未完成).
pub fn rate_mismatches(norm: &str, stats: &[Stat]) -> Vec<RateMismatch> {
    let mut out = Vec::new();
    for (r, rate) in stats.iter().enumerate().filter(|(_, s)| s.kind == "完成率") {
        let para_start = norm[..rate.span.start].rfind('\n').map_or(0, |k| k + 1);
        let counts: Vec<usize> = (0..r)
            .filter(|&k| stats[k].span.start >= para_start && stats[k].kind == "问题" && stats[k].unit != "%")
            .collect();
        let Some(&total) = counts.first() else { continue };
        let done = counts.iter().copied().skip(1).find(|&k| {
            let before = clause_before(norm, stats[k].span.start);
            before.contains("完成") && !before.contains("未完成") && !before.contains("阶段性")
        });
        let Some(done) = done else { continue };
        let (d, t) = (stats[done].value, stats[total].value);
        if t <= 0.0 || d > t {
            continue;
        }
        let expected = d / t * 100.0;
        let decimals =
            norm[rate.span.start..rate.span.end].split('.').nth(1).map_or(0, |f| f.trim_end_matches(['%', '％']).len());
        let tolerance = 0.5 * 10f64.powi(-(decimals as i32)) + 0.05;
        if (expected - rate.value).abs() > tolerance {
            out.push(RateMismatch { rate: r, done, total, expected: (expected * 100.0).round() / 100.0 });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&'static str, f64, String)> {
        scan(text).into_iter().map(|s| (s.kind, s.value, text[s.span.start..s.span.end].to_owned())).collect()
    }

    #[test]
    fn finds_counts_with_kinds() {
        let got = kinds(
            "2023年3月，共发现问题697个，移交问题线索2件3人，个别谈话63人次，走访40人次，新建制度8项，清退违规资金66.57万元，为期15天。",
        );
        let k: Vec<_> = got.iter().map(|x| (x.0, x.1)).collect();
        assert_eq!(
            k,
            [
                ("问题", 697.0),
                ("线索", 2.0),
                ("线索", 3.0),
                ("谈话", 63.0),
                ("走访", 40.0),
                ("制度", 8.0),
                ("金额", 66.57)
            ]
        );
    }

    #[test]
    fn checks_rates() {
        let ok = "巡察问题697个，已完成整改688个，总体完成率98.71%。";
        let s = scan(ok);
        assert!(rate_mismatches(ok, &s).is_empty());
        let bad = "巡察问题697个，已完成整改600个，整改完成率98.7%。";
        let s = scan(bad);
        let m = rate_mismatches(bad, &s);
        assert_eq!(m.len(), 1);
        assert!((m[0].expected - 86.08).abs() < 0.01);
    }
}
