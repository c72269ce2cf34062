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

/// `text` with every character of every [`identity_leaks`] span replaced by ＊, for what is
/// kept (the archive): the informant never reaches it, the rest of the sentence does.
pub fn redact(text: &str) -> String {
    let leaks = identity_leaks(text);
    if leaks.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if leaks.iter().any(|s| s.start <= i && i < s.end) {
            out.push('＊');
        } else {
            out.push(c);
        }
    }
    out
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

/// Words before a number that make it a document or page code (信息索引号, 文号), not a
/// person's number.
const CODE_WORDS: &[&str] =
    &["索引号", "索 引 号", "文号", "编号", "代码", "流水号", "订单号", "登记号", "备案号", "ICP", "统一社会信用"];

/// Mobile numbers (1[3-9] + 9 digits), landlines (0 + area code, a dash, 7–8 digits) and
/// 18-character ID numbers whose birth date is plausible and whose GB 11643 check digit
/// holds, as whole digit runs, unless a code word (索引号, 文号) names them.
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
        let run = &t[start..end];
        let digits: Vec<u8> = run.iter().copied().filter(u8::is_ascii_digit).collect();
        let dashes = run.iter().filter(|&&b| b == b'-').count();
        let id_tail = digits.len() == 17 && dashes == 0 && matches!(t.get(end), Some(b'X' | b'x'));
        if id_tail {
            end += 1;
        }
        // Part of a longer code: 3704063704060004/2023-00364, A12-345.
        let glued = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'/' || *b == b'.');
        let code_like = glued(start.checked_sub(1).and_then(|k| t.get(k))) || glued(t.get(end));
        let mobile = dashes == 0 && digits.len() == 11 && digits[0] == b'1' && (b'3'..=b'9').contains(&digits[1]);
        let landline = dashes == 1 && landline(run);
        let id = dashes == 0 && (digits.len() == 18 || id_tail) && id_number(&t[start..end]);
        if (mobile || landline || id) && !code_like && !named_code(&folded.text[..start]) {
            let (s, e) = folded.original_range(start, end);
            out.push(Span::new(s, e));
        }
        i = end;
    }
    out
}

/// A code word shortly before the number (信息索引号：…).
fn named_code(before: &str) -> bool {
    let near: String = before.chars().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
    CODE_WORDS.iter().any(|w| near.contains(w))
}

/// 0 + a 2–3 digit area code, a dash, then 7–8 digits.
fn landline(run: &[u8]) -> bool {
    let Some(dash) = run.iter().position(|&b| b == b'-') else { return false };
    let (area, local) = (&run[..dash], &run[dash + 1..]);
    area.first() == Some(&b'0') && (3..=4).contains(&area.len()) && (7..=8).contains(&local.len()) && local[0] != b'0'
}

/// An 18-character resident ID number (GB 11643): six-digit region, a plausible birth date,
/// three-digit sequence and the ISO 7064 MOD 11-2 check character.
pub fn id_number(s: &[u8]) -> bool {
    if s.len() != 18 || !s[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
    let (year, month, day) = (num(6..10), num(10..12), num(12..14));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => return false,
    };
    if !(1900..=2030).contains(&year) || day == 0 || day > days || !(11..=82).contains(&num(0..2)) {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = s[..17].iter().zip(WEIGHTS).map(|(&b, w)| u32::from(b - b'0') * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    s[17].to_ascii_uppercase() == check
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
        assert_eq!(found("身份证号11010519491231002X，"), vec!["11010519491231002X"]);
        assert_eq!(found("身份证号110105194912310021，"), Vec::<&str>::new());
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
        // Page codes: a 信息索引号 that fails the birth date and the check digit, and one named.
        assert!(found("信息索引号：113307020501239658").is_empty());
        assert!(found("113307020501239658").is_empty());
        assert!(found("索引号：11010519491231002X").is_empty());
        assert!(found("索 引 号:3704063704060004/2023-00364").is_empty());
        // Not phone numbers: a count with a dash, a serial number.
        assert!(found("编号12345678901").is_empty());
        assert!(found("2023-00364").is_empty());
    }
}

#[cfg(test)]
mod redact_tests {
    #[test]
    fn informants_are_starred_and_the_rest_kept() {
        let r = super::redact("群众反映问题，举报人张某某，联系电话13812345678，经核实属实。");
        assert!(!r.contains("13812345678") && !r.contains("张某某"), "{r}");
        assert!(r.starts_with("群众反映问题") && r.ends_with("经核实属实。"), "{r}");
        assert_eq!(super::redact("没有身份信息。"), "没有身份信息。");
    }
}
