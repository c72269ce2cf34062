//! Figures with units (23.6万元, 12户, 2024年3月, 35%): the facts and data a well-written problem
//! carries. Found by a small scanner over the width-folded text.

use crate::model::document::Span;
use crate::util::text::Folded;

/// Units after a number, longest first so 万元 wins over 万.
const UNITS: &[&str] = &[
    "平方米",
    "人次",
    "万元",
    "亿元",
    "公里",
    "千米",
    "余万元",
    "余元",
    "余人",
    "余户",
    "余次",
    "余个",
    "余项",
    "余件",
    "余笔",
    "元",
    "万",
    "户",
    "人",
    "次",
    "个",
    "项",
    "件",
    "笔",
    "份",
    "名",
    "家",
    "辆",
    "亩",
    "米",
    "天",
    "年",
    "月",
    "日",
    "%",
    "台",
    "套",
    "所",
    "处",
    "条",
    "批",
    "张",
    "本",
    "篇",
    "起",
    "宗",
    "吨",
    "倍",
    "村",
    "组",
    "期",
    "场",
    "轮",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub span: Span,
    /// The unit is money (元, 万元, 亿元).
    pub money: bool,
}

/// All figures in `folded`, spans into the original text.
pub fn scan(folded: &Folded) -> Vec<Figure> {
    let t = folded.text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if !t[i].is_ascii_digit() || (i > 0 && (t[i - 1].is_ascii_digit() || t[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < t.len()
            && (t[i].is_ascii_digit() || t[i] == b',' || (t[i] == b'.' && t.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            i += 1;
        }
        let rest = &folded.text[i..];
        if let Some(unit) = UNITS.iter().find(|u| rest.starts_with(*u)) {
            let end = i + unit.len();
            let (s, e) = folded.original_range(start, end);
            out.push(Figure { span: Span::new(s, e), money: unit.ends_with('元') });
            i = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_figures_with_units() {
        let text = "2024年3月，违规发放补贴２３.６万元，涉及12户；完成率35%。编号A12不算。";
        let f = Folded::new(text);
        let got: Vec<_> = scan(&f).iter().map(|x| (&text[x.span.start..x.span.end], x.money)).collect();
        assert_eq!(
            got,
            vec![("2024年", false), ("3月", false), ("２３.６万元", true), ("12户", false), ("35%", false)]
        );
    }
}
