//! Finds what would reveal an informant in a text: phone numbers, ID numbers, and an informant
//! named outright (举报人王某某). Reports must never carry these (一票否决).

use crate::model::document::Span;
use crate::util::text::Folded;

const INFORMANT_WORDS: &[&str] = &["实名举报人", "举报人", "信访人", "反映人", "来信人", "控告人", "检举人"];

/// Common surnames, enough to tell "举报人王某" from "举报人反映".
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

/// Spans of phone numbers, ID numbers and named informants in `text`.
pub fn identity_leaks(text: &str) -> Vec<Span> {
    identity_leaks_folded(text, &Folded::new(text))
}

/// [`identity_leaks`] with the width-folded text already at hand.
pub fn identity_leaks_folded(text: &str, folded: &Folded) -> Vec<Span> {
    let mut out = numbers(folded);
    out.extend(named_informants(text));
    out.extend(named_before_report(text));
    out.sort();
    out.dedup();
    out
}

/// Mobile numbers (1[3-9] + 9 digits) and 18-character ID numbers, as whole digit runs.
fn numbers(folded: &Folded) -> Vec<Span> {
    let t = folded.text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if !t[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < t.len() && (t[i].is_ascii_digit() || t[i] == b'-' && t.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            i += 1;
        }
        let mut end = i;
        let digits: Vec<u8> = t[start..end].iter().copied().filter(u8::is_ascii_digit).collect();
        let id_tail = digits.len() == 17 && matches!(t.get(end), Some(b'X' | b'x'));
        if id_tail {
            end += 1;
        }
        let mobile = digits.len() == 11 && digits[0] == b'1' && (b'3'..=b'9').contains(&digits[1]);
        let landline = digits.len() >= 10 && digits.len() <= 12 && digits[0] == b'0' && t[start..end].contains(&b'-');
        if mobile || landline || digits.len() == 18 || id_tail {
            let (s, e) = folded.original_range(start, end);
            out.push(Span::new(s, e));
        }
        i = end;
    }
    out
}

fn named_informants(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for word in INFORMANT_WORDS {
        for (pos, _) in text.match_indices(word) {
            let after = &text[pos + word.len()..];
            let after = after.trim_start_matches(['：', ':', '为', '是', ' ']);
            // 陈述、反映… are verbs that merely start with a surname.
            if ["陈述", "反映", "提供", "表示", "要求", "诉求", "称", "多次", "所", "对", "向"]
                .iter()
                .any(|w| after.starts_with(w))
            {
                continue;
            }
            let mut chars = after.chars();
            let Some(first) = chars.next() else { continue };
            if !SURNAMES.contains(first) {
                continue;
            }
            // 王某、王某某, or 王明、王小明 followed by a break.
            let mou: String = std::iter::once(first).chain(chars.take_while(|&c| c == '某').take(2)).collect();
            let name = if mou.chars().count() > 1 {
                mou
            } else {
                let name: String =
                    after.chars().take_while(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).take(4).collect();
                let rest = &after[name.len()..];
                let boundary = rest.is_empty() || rest.starts_with(['，', '。', '（', '(', '、', '；', ' ', '）', '”']);
                if !(boundary && (2..=3).contains(&name.chars().count())) {
                    continue;
                }
                name
            };
            {
                let end = pos + word.len() + (text[pos + word.len()..].len() - after.len()) + name.len();
                out.push(Span::new(pos, end));
            }
        }
    }
    out
}

/// 王某某实名举报 / 李某实名反映: an informant named before the act of reporting.
fn named_before_report(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for word in ["实名举报", "实名反映", "实名信访"] {
        for (pos, _) in text.match_indices(word) {
            let before = &text[..pos];
            let mous = before.chars().rev().take_while(|&c| c == '某').count();
            let Some(first) = before.chars().rev().nth(mous) else {
                continue;
            };
            if (1..=2).contains(&mous) && SURNAMES.contains(first) {
                let start = pos - mous * '某'.len_utf8() - first.len_utf8();
                out.push(Span::new(start, pos + word.len()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        identity_leaks(text).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn finds_numbers_and_names() {
        assert_eq!(found("联系电话13912345678。"), vec!["13912345678"]);
        assert_eq!(found("身份证号41272519800101123X，"), vec!["41272519800101123X"]);
        assert_eq!(found("举报人王某某反映"), vec!["举报人王某某"]);
        assert_eq!(found("举报人：李明，"), vec!["举报人：李明"]);
        assert_eq!(found("电话0394-8812345"), vec!["0394-8812345"]);
        assert_eq!(found("村民王某某实名举报村干部"), vec!["王某某实名举报"]);
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        assert!(found("举报人反映的问题经核实不属实。涉及资金120000元，2023年12月。").is_empty());
        assert!(found("信访人多次来访").is_empty());
        assert!(found("据举报人陈述，").is_empty());
    }
}
