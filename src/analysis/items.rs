//! Problem items as real texts write them: besides the heading ladder of a report, run-in
//! enumerations inside sentences ("主要是：…；…", "存在A、B、C等问题", "一是…二是…"), one
//! problems passage per unit in multi-unit notices ("XX镇党委存在问题：…"), and in
//! rectification reports the fed-back problems quoted as headings ("关于“…”问题的整改情况").
//!
//! All scanning runs on the simplified copy of the text (same byte offsets as the original).

use crate::analysis::structure::starts_with_year;
use crate::model::document::{Document, Problem, Span};

/// What an item carries besides its [`Problem`]: the unit it belongs to and the group titles
/// above it (which count toward its coverage).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemMeta {
    pub unit: Option<String>,
    /// Heading spans of the groups the item stands in (（一）在……方面).
    pub groups: Vec<Span>,
}

#[derive(Debug, Default)]
pub struct Extracted {
    pub problems: Vec<Problem>,
    pub meta: Vec<ItemMeta>,
    /// Of them, problems a news item only mentions (quoted, or judged in passing): they do not
    /// make the text a feedback notice.
    pub mentioned: usize,
}

impl Extracted {
    pub fn len(&self) -> usize {
        self.problems.len()
    }
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }
    /// Like `push`, for a problem a news item only mentions.
    fn push_mentioned(&mut self, doc: &Document, span: Span, unit: Option<String>) {
        let n = self.len();
        self.push(doc, span, unit, Vec::new());
        self.mentioned += self.len() - n;
    }

    fn push(&mut self, doc: &Document, span: Span, unit: Option<String>, groups: Vec<Span>) {
        if span.is_empty() || self.problems.iter().any(|p| p.span == span) {
            return;
        }
        let title = clean_title(doc.slice(span));
        if title.chars().count() < 3 {
            return;
        }
        self.problems.push(Problem { title, title_span: span, span, group: None });
        self.meta.push(ItemMeta { unit, groups });
    }
}

/// Words that say something is wrong. A clause with none of them is not a problem on its own.
const PREDICATES: &[&str] = &[
    "不到位",
    "不够到位",
    "不够",
    "不足",
    "不力",
    "不严",
    "不实",
    "不细",
    "不高",
    "不强",
    "不深",
    "不全",
    "不规范",
    "不扎实",
    "不彻底",
    "不及时",
    "不健全",
    "不完善",
    "不准",
    "不正常",
    "不严肃",
    "不牢",
    "不好",
    "不合理",
    "不科学",
    "不清",
    "不明",
    "不当",
    "不作为",
    "慢作为",
    "乱作为",
    "不担当",
    "不均衡",
    "不平衡",
    "不充分",
    "不精准",
    "不落实",
    "不一",
    "不浓",
    "不畅",
    "不佳",
    "不积极",
    "不主动",
    "不重视",
    "不能",
    "不敢",
    "不愿",
    "不会",
    "不敬畏",
    "未",
    "没有",
    "缺失",
    "缺位",
    "缺乏",
    "欠缺",
    "缺少",
    "薄弱",
    "弱化",
    "淡化",
    "虚化",
    "差距",
    "落差",
    "温差",
    "短板",
    "偏差",
    "突出",
    "混乱",
    "较多",
    "频出",
    "时有发生",
    "屡禁不止",
    "走过场",
    "流于形式",
    "形式化",
    "滞后",
    "缓慢",
    "迟缓",
    "有待",
    "仍需",
    "亟须",
    "亟需",
    "违规",
    "违反",
    "违纪",
    "漂浮",
    "浮漂",
    "涣散",
    "打折扣",
    "搞变通",
    "做选择",
    "棚架",
    "失职",
    "失责",
    "松懈",
    "松散",
    "闲置",
    "浪费",
    "矛盾",
    "难发挥",
    "乏力",
    "模糊",
    "老化",
    "较差",
    "盛行",
    "滥发",
    "乱发",
    "超标",
    "超范围",
    "挪用",
    "套取",
    "截留",
    "侵占",
    "虚报",
    "冒领",
    "优亲厚友",
    "吃拿卡要",
    "黑恶",
    "村霸",
    "空转",
    "脱节",
    "宽松软",
    "打不开",
    "不理想",
    "仍然存在",
    "依然存在",
    "较大",
    "偏少",
    "偏低",
    "较低",
    "偏高",
    "过多",
    "过高",
    "过大",
    "频繁",
    "随意",
    "失管",
    "失控",
    "失察",
    "失范",
    "懈怠",
    "缺",
    "欠",
    "弱",
    "虚",
    "较少",
    "过少",
    "难以",
    "频率低",
    "轻党建",
    "重形式",
];

/// Openings of requirements and suggestions, which are not problems.
const REQUIREMENTS: &[&str] = &[
    "要",
    "一要",
    "二要",
    "三要",
    "四要",
    "五要",
    "确保",
    "切实",
    "进一步",
    "务必",
    "必须",
    "坚持",
    "着力",
    "推动",
    "希望",
    "请",
    "坚决",
    "认真",
    "全力",
    "扎实",
    "持续",
    "立即",
    "针对",
];

/// Words that open a list of problems inside a sentence (存在A、B等问题).
const LIST_TRIGGERS: &[&str] = &["存在", "发现", "还有", "反馈了"];

/// Ends of a run-in list of problems.
const LIST_ENDS: &[&str] = &["等方面存在的问题", "等方面的问题", "等方面问题", "等突出问题", "等问题"];

/// Unit names end like this (党委, 局, 镇 …).
const UNIT_SUFFIXES: &[&str] = &[
    "党委",
    "党组",
    "党工委",
    "支部",
    "总支",
    "委员会",
    "局",
    "委",
    "办",
    "镇",
    "乡",
    "村",
    "社区",
    "街道",
    "所",
    "院",
    "中心",
    "部",
    "站",
    "队",
    "公司",
    "学校",
    "政府",
    "办事处",
    "馆",
    "会",
];

/// Openings of what a rectification report says after each problem.
const MEASURES: &[&str] =
    &["整改情况", "整改落实情况", "整改进展情况", "整改进展", "整改措施", "整改成效", "整改完成情况", "落实情况"];

pub fn has_predicate(s: &str) -> bool {
    PREDICATES.iter().any(|p| s.contains(p))
}

/// A requirement or suggestion, not a problem. "推动医院高质量发展有差距" opens like a
/// requirement but ends by saying what is wrong: a problem.
fn is_requirement(s: &str) -> bool {
    let s = strip_enumerator(s.trim_start_matches(is_filler)).trim_end_matches(is_filler);
    (REQUIREMENTS.iter().any(|r| s.starts_with(r)) && !ends_in_fault(s)) || s.contains("是否")
}

/// Predicates that are nouns (差距, 短板): a fault only when something has them (有差距).
const NOUN_PREDICATES: &[&str] = &["差距", "落差", "温差", "短板", "偏差", "矛盾"];

/// The clause ends by saying what is wrong ("…发展有差距", "…整改不够到位"), and not as a
/// demand: "防止整改走过场", "补齐民生短板", "确保整改不走过场", "决不能走过场".
fn ends_in_fault(s: &str) -> bool {
    const REMEDIES: &[&str] = &[
        "防止", "杜绝", "避免", "严禁", "禁止", "不得", "不再", "克服", "解决", "补齐", "弥补", "缩小", "纠正", "化解",
        "消除", "破解", "整治", "堵塞",
    ];
    if REMEDIES.iter().any(|w| s.contains(w)) {
        return false;
    }
    PREDICATES.iter().filter(|p| p.chars().count() > 1).any(|p| {
        let Some(head) = s.strip_suffix(p) else { return false };
        let near: String = {
            let tail: Vec<char> = head.chars().rev().take(4).collect();
            tail.into_iter().rev().collect()
        };
        let negated = ['不', '没', '无', '未', '零', '莫', '勿'].iter().any(|c| near.contains(*c));
        let owned = !NOUN_PREDICATES.contains(p) || head.ends_with('有') || head.ends_with("存在");
        !negated && owned
    })
}

fn is_filler(c: char) -> bool {
    c.is_whitespace() || "，,、：:；;。“”\"'（）()\u{3000}".contains(c)
}

fn is_stop(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '！' | '？' | '!' | '?')
}

const CN_NUM: &str = "一二三四五六七八九十";

/// "一是" "二、" "（三）" "1." at the start of `s` removed.
fn strip_enumerator(s: &str) -> &str {
    enumerator_len(s).map_or(s, |n| &s[n..])
}

fn enumerator_len(s: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    if CN_NUM.contains(first) {
        let rest = &s[first.len_utf8()..];
        for sep in ["是", "、", "要"] {
            if sep != "要" && rest.starts_with(sep) {
                return Some(first.len_utf8() + sep.len());
            }
        }
        if rest.starts_with("方面") {
            return None;
        }
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = s.strip_prefix(open) {
            let n: usize =
                rest.chars().take_while(|&c| CN_NUM.contains(c) || c.is_ascii_digit()).map(char::len_utf8).sum();
            if n > 0 && rest[n..].starts_with(close) {
                return Some(open.len_utf8() + n + close.len_utf8());
            }
        }
    }
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n > 0 && n < 3 {
        for sep in [".", "．", "、"] {
            if let Some(rest) = s[n..].strip_prefix(sep) {
                if !rest.starts_with(|c: char| c.is_ascii_digit()) || starts_with_year(rest) {
                    return Some(n + sep.len());
                }
            }
        }
    }
    None
}

/// The item's words: enumerators, fillers and a trailing "等问题" removed.
fn clean_title(s: &str) -> String {
    let s = strip_enumerator(s.trim_matches(is_filler)).trim_matches(is_filler);
    let s = s.strip_prefix("关于").unwrap_or(s);
    let s = s.trim_end_matches("的整改情况").trim_end_matches("等问题").trim_end_matches(is_filler);
    s.to_owned()
}

/// Byte ranges of `s` (relative) cut at `cut` characters, trimmed of fillers.
fn split_at(s: &str, base: usize, cut: impl Fn(char) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if cut(c) {
            push_trim(s, base, start, i, &mut out);
            start = i + c.len_utf8();
        }
    }
    push_trim(s, base, start, s.len(), &mut out);
    out
}

fn push_trim(s: &str, base: usize, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &s[start..end];
    let lead = piece.len() - piece.trim_start_matches(is_filler).len();
    let trimmed = piece.trim_matches(is_filler);
    if !trimmed.is_empty() {
        out.push((base + start + lead, base + start + lead + trimmed.len()));
    }
}

/// Clauses of a problems passage: cut at 。；, and before inline enumerators (一是, 二、, （三）)
/// that follow a stop, a comma or a colon.
fn clauses(norm: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (a, b) in split_at(&norm[start..end], start, is_stop) {
        let s = &norm[a..b];
        let mut cuts = vec![0];
        let mut prev: Option<char> = None;
        for (i, c) in s.char_indices() {
            let after_break = prev.is_none_or(|p| "，,：:；;。".contains(p));
            if i > 0 && after_break && enumerator_len(&s[i..]).is_some() {
                cuts.push(i);
            }
            prev = Some(c);
        }
        cuts.push(s.len());
        for w in cuts.windows(2) {
            let piece = &s[w[0]..w[1]];
            let skip = enumerator_len(piece).unwrap_or(0);
            push_trim(s, a, w[0] + skip, w[1], &mut out);
        }
    }
    out
}

/// A run-in list end (等问题, 等“五有”问题) in `s`: its start and end.
fn list_end(s: &str) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for m in LIST_ENDS {
        if let Some(i) = s.find(m) {
            if best.is_none_or(|(b, _)| i < b) {
                best = Some((i, i + m.len()));
            }
        }
    }
    // 等“五有”问题
    if let Some(i) = s.find("等“") {
        if let Some(j) = s[i..].find("”问题").or_else(|| s[i..].find("”方面问题")) {
            let close = s[i + j..].find("问题").map_or(i + j, |k| i + j + k + "问题".len());
            if best.is_none_or(|(b, _)| i < b) && j < 30 {
                best = Some((i, close));
            }
        }
    }
    best
}

/// "在A、B、C等方面（还）存在不规范的问题": the areas listed before 等方面 when the words after it,
/// up to the next comma, say what is wrong and call it a problem. Returns the list's bounds
/// in `s`. "在A、B等方面取得成效" is not a list of problems.
fn aspect_list(s: &str) -> Option<(usize, usize)> {
    let m = s.find("等方面")?;
    let rest = &s[m + "等方面".len()..];
    let tail = &rest[..rest.find(['，', ',', '；', ';']).unwrap_or(rest.len())];
    if !tail.contains("问题") || !has_predicate(tail) || LIST_ENDS.iter().any(|e| s[m..].starts_with(e)) {
        return None;
    }
    let head = &s[..m];
    let start = ["在", "存在", "发现"].iter().filter_map(|t| head.rfind(t).map(|i| i + t.len())).max()?;
    let list = &head[start..];
    let fits = list.contains('、') && list.chars().count() <= 60 && !list.chars().any(|c| c.is_ascii_digit());
    fits.then_some((start, m))
}

/// "就存在的A不到位、B不够以及C等方面提出了意见": the listed aspects that say what is wrong,
/// where the words after 等方面 do not call them problems. Byte ranges in `s`.
fn aspect_problems(s: &str) -> Vec<(usize, usize)> {
    let Some(m) = s.find("等方面") else { return Vec::new() };
    let tail = &s[m..];
    let tail = &tail[..tail.find(['，', ',', '；', ';']).unwrap_or(tail.len())];
    if tail.contains("问题") {
        return Vec::new();
    }
    let head = &s[..m];
    let Some(start) = ["存在的", "存在"].iter().filter_map(|t| head.rfind(t).map(|i| i + t.len())).max() else {
        return Vec::new();
    };
    let list = &head[start..];
    if list.chars().count() > 80 || list.chars().any(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (a, b) in split_at(list, start, |c| matches!(c, '、' | '，' | ',')) {
        let piece = &s[a..b];
        let parts = match piece.find("以及") {
            Some(k) => vec![(a, a + k), (a + k + "以及".len(), b)],
            None => vec![(a, b)],
        };
        for (x, y) in parts {
            if has_predicate(&s[x..y]) && !is_requirement(&s[x..y]) {
                out.push((x, y));
            }
        }
    }
    out
}

/// Items of one clause. `zone`: the clause is known to state problems (a problems passage), so
/// even words without a predicate count, and words before a list trigger are kept.
fn clause_items(norm: &str, a: usize, b: usize, zone: bool) -> Vec<(usize, usize)> {
    let s = &norm[a..b];
    let mut out = Vec::new();
    if let Some((m, _)) = list_end(s) {
        let head = &s[..m];
        let trig = LIST_TRIGGERS.iter().filter_map(|t| head.rfind(t).map(|i| (i, i + t.len()))).max_by_key(|&(i, _)| i);
        // A trigger inside the last item ("…，公示内容存在错误等问题") opens no list.
        let trig = trig.filter(|&(_, e)| head[e..].contains(['、', '，', ',']) || !zone);
        let (pre_end, list_start) = trig.unwrap_or((0, 0));
        if zone && pre_end > 0 && has_predicate(&head[..pre_end]) && !is_cue(&head[..pre_end]) {
            out.extend(comma_items(norm, a, a + pre_end, true));
        }
        for piece in split_at(&head[list_start..], a + list_start, |c| matches!(c, '、' | '，' | ',')) {
            out.push(piece);
        }
        return out;
    }
    comma_items(norm, a, b, zone)
}

/// Comma-separated parts are separate items when each says what is wrong; a part without a
/// predicate joins the next ("重业务，轻党建" is one item).
fn comma_items(norm: &str, a: usize, b: usize, zone: bool) -> Vec<(usize, usize)> {
    let parts = split_at(&norm[a..b], a, |c| matches!(c, '，' | ','));
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<usize> = None;
    for &(s, e) in &parts {
        let from = open.unwrap_or(s);
        if has_predicate(&norm[s..e]) {
            out.push((from, e));
            open = None;
        } else {
            open = Some(from);
        }
    }
    if let Some(from) = open {
        match (out.last_mut(), zone) {
            (Some(last), true) => last.1 = b,
            (None, true) => out.push((from, b)),
            _ => {}
        }
    }
    out.retain(|&(s, e)| !is_requirement(&norm[s..e]));
    out
}

/// Text that introduces problems rather than stating one (巡察也发现了一些问题).
fn is_cue(s: &str) -> bool {
    ["发现", "巡察", "反馈", "指出", "主要", "表现"].iter().any(|w| s.contains(w))
}

/// Where a problems passage starts after a cue colon: "存在问题：", "主要是：", "5类主要问题：".
fn cue_colon(s: &str) -> Option<usize> {
    for (i, c) in s.char_indices() {
        if c != '：' && c != ':' {
            continue;
        }
        let before: String = {
            let head = &s[..i];
            let from = head
                .rfind(['，', ',', '。', '；'])
                .map_or(0, |j| j + head[j..].chars().next().map_or(1, char::len_utf8));
            head[from..].to_owned()
        };
        let tail: String = before.chars().rev().take(14).collect::<Vec<_>>().into_iter().rev().collect();
        let cue = (tail.contains("问题") && !tail.contains("线索"))
            || [
                "主要是",
                "主要有",
                "表现在",
                "表现为",
                "主要表现",
                "具体是",
                "具体为",
                "巡察发现",
                "还发现",
                "存在",
                "延伸巡察发现",
            ]
            .iter()
            .any(|w| tail.ends_with(w));
        // "重点检查是否存在：…" is a checklist, not findings.
        let excluded =
            ["要求", "建议", "强调", "表示", "整改", "是否", "有无", "可能", "防止"].iter().any(|w| tail.contains(w));
        if cue && !excluded {
            return Some(i + c.len_utf8());
        }
    }
    None
}

/// "马厂镇党委存在问题：" / "区委政法委：" at the start of a paragraph: the unit's name and
/// where its problems start.
fn unit_label(s: &str) -> Option<(usize, String)> {
    let i = s.find(['：', ':'])?;
    if s[..i].chars().count() > 24 || s[..i].contains(['，', ',', '。', '；']) {
        return None;
    }
    let mut name = &s[..i];
    for tail in ["存在的主要问题", "存在的问题", "存在问题", "主要问题", "的问题"] {
        name = name.strip_suffix(tail).unwrap_or(name);
    }
    let name = name.trim_matches(is_filler);
    if name.is_empty() || has_predicate(name) || !UNIT_SUFFIXES.iter().any(|u| name.ends_with(u)) {
        return None;
    }
    let body = i + s[i..].chars().next().map_or(1, char::len_utf8);
    Some((body, name.to_owned()))
}

/// A paragraph that is itself a list of problems: at least three clauses, most of them saying
/// what is wrong.
fn dense(norm: &str, a: usize, b: usize) -> bool {
    let cl = clauses(norm, a, b);
    let n = cl.len();
    let bad = cl.iter().filter(|&&(s, e)| has_predicate(&norm[s..e]) && !is_requirement(&norm[s..e])).count();
    n >= 3 && bad * 10 >= n * 7 && !MEASURES.iter().any(|m| norm[a..b].starts_with(m))
}

/// A heading that names a unit (一、县卫生健康局党组).
fn unit_heading(title: &str) -> bool {
    title.chars().count() <= 24 && !has_predicate(title) && UNIT_SUFFIXES.iter().any(|u| title.ends_with(u))
}

/// Problem items written in running text (feedback notices, news).
pub fn run_in(doc: &Document, norm: &str) -> Extracted {
    let mut out = Extracted::default();
    let mut heading_unit: Option<String> = None;
    for p in &doc.paragraphs {
        if let Some(h) = &p.heading {
            if unit_heading(&h.title) {
                heading_unit = Some(h.title.clone());
                continue;
            }
            // A numbered problem: a heading that says what is wrong and has no headings below
            // it (one that has is a group title: （一）在……不够有力方面).
            let idx = doc.sections.iter().position(|s| s.heading == p.span);
            let leaf = idx.is_some_and(|i| !doc.sections.iter().any(|s| s.parent == Some(i)));
            let title = norm[p.span.start..p.span.end].split('。').next().unwrap_or("");
            if leaf && has_predicate(title) && !is_requirement(title) && !MEASURES.iter().any(|m| title.contains(m)) {
                let from = p.span.start + enumerator_len(title).unwrap_or(0);
                let end = p.span.start + title.len();
                out.push(doc, Span::new(from, end), heading_unit.clone(), groups_of(doc, p.span, None));
            }
            continue;
        }
        let (a, b) = (p.span.start, p.span.end);
        let s = &norm[a..b];
        if MEASURES.iter().any(|m| s.starts_with(m)) {
            continue;
        }
        // One unit's problems: "XX镇党委存在问题：…".
        if let Some((body, unit)) = unit_label(s) {
            let rest = &norm[a + body..b];
            let cl = clauses(norm, a + body, b);
            let bad = cl.iter().filter(|&&(x, y)| has_predicate(&norm[x..y])).count();
            if !rest.trim().is_empty() && bad * 2 >= cl.len() {
                zone_items(doc, norm, a + body, b, Some(unit), &mut out);
                continue;
            }
        }
        // Problems passages after cue colons; a paragraph may have several ("存在的问题：…。
        // 专项巡察存在：…").
        let mut zones: Vec<(usize, usize)> = Vec::new();
        let mut from = a;
        while let Some(c) = cue_colon(&norm[from..b]) {
            let start = from + c;
            let end = zone_end(norm, start, b);
            if end > start {
                zone_items(doc, norm, start, end, heading_unit.clone(), &mut out);
                zones.push((start, end));
            }
            from = end.max(start);
        }
        if zones.is_empty() && dense(norm, a, b) {
            zone_items(doc, norm, a, b, heading_unit.clone(), &mut out);
            continue;
        }
        // Run-in lists elsewhere in the paragraph: "还普遍存在A、B、C等问题".
        for (x, y) in split_at(&norm[a..b], a, is_stop) {
            if zones.iter().any(|&(zs, ze)| x < ze && y > zs) {
                continue;
            }
            let sentence = &norm[x..y];
            let quoted = quoted_problems(sentence);
            if !quoted.is_empty() {
                for (s2, e2) in quoted {
                    out.push_mentioned(doc, Span::new(x + s2, x + e2), heading_unit.clone());
                }
                continue;
            }
            let aspects = aspect_problems(sentence);
            if aspects.len() >= 2 {
                for (s2, e2) in aspects {
                    out.push_mentioned(doc, Span::new(x + s2, x + e2), heading_unit.clone());
                }
                continue;
            }
            if let Some((l, r)) = aspect_list(sentence) {
                for (s2, e2) in split_at(&sentence[l..r], x + l, |c| matches!(c, '、' | '，' | ',')) {
                    out.push(doc, Span::new(s2, e2), heading_unit.clone(), Vec::new());
                }
                continue;
            }
            let Some((m, m_end)) = list_end(sentence) else {
                // "存在8个方面36个问题整改不够到位", "…等领域信访问题较突出".
                for (s2, e2) in split_at(sentence, x, |c| matches!(c, '，' | ',')) {
                    if let Some(k) = problems_judged(&norm[s2..e2]) {
                        out.push_mentioned(doc, Span::new(s2 + k, e2), heading_unit.clone());
                    }
                }
                continue;
            };
            let after: String = norm[x + m_end..].chars().take(16).collect();
            if ["表现", "主要是", "主要有", "具体是"].iter().any(|w| after.contains(w)) {
                continue;
            }
            let head = &sentence[..m];
            let Some((_, t_end)) =
                LIST_TRIGGERS.iter().filter_map(|t| head.rfind(t).map(|i| (i, i + t.len()))).max_by_key(|&(i, _)| i)
            else {
                continue;
            };
            let list = &head[t_end..];
            if list.chars().any(|c| c.is_ascii_digit()) || !has_predicate(list) {
                continue;
            }
            for (s2, e2) in split_at(list, x + t_end, |c| matches!(c, '、' | '，' | ',')) {
                out.push(doc, Span::new(s2, e2), heading_unit.clone(), Vec::new());
            }
        }
    }
    out
}

/// Problems a news item names by quoting them: "针对“…长期未得到有效落实”问题",
/// "村民反映的道路未硬化问题". Byte ranges in `s`.
fn quoted_problems(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for opener in ["针对“", "关于“", "对于“"] {
        for (i, _) in s.match_indices(opener) {
            let from = i + opener.len();
            let Some(close) = s[from..].find('”') else { continue };
            let inner = &s[from..from + close];
            if s[from + close..].starts_with("”问题") && has_predicate(inner) && inner.chars().count() <= 60 {
                out.push((from, from + close));
            }
        }
    }
    for (i, _) in s.match_indices("反映的") {
        let from = i + "反映的".len();
        let Some(end) = s[from..].find("问题") else { continue };
        let inner = s[from..from + end].trim_end_matches(['”', '"']);
        let fits = inner.chars().count() <= 30 && !inner.contains(['，', ',', '、']);
        if fits && has_predicate(inner) && !is_requirement(inner) {
            out.push((from, from + inner.len()));
        }
    }
    // "针对“群众反映的道路未硬化”问题" is found by both searches: keep the outer one.
    out.sort_unstable_by_key(|&(a, b)| (a, std::cmp::Reverse(b)));
    let mut kept: Vec<(usize, usize)> = Vec::new();
    for r in out {
        if !kept.iter().any(|k| k.0 <= r.0 && r.1 <= k.1) {
            kept.push(r);
        }
    }
    kept
}

/// A clause that passes judgment on problems ("…存在8个方面36个问题整改不够到位", "…等领域信访
/// 问题较突出"): "问题" shortly before a closing predicate. Returns where the item starts in
/// `c` (after 存在/发现 when there is one).
fn problems_judged(c: &str) -> Option<usize> {
    let c = c.trim_end_matches(is_filler);
    if !ends_in_fault(c) {
        return None;
    }
    let p = PREDICATES.iter().filter(|p| p.chars().count() > 1 && c.ends_with(*p)).map(|p| p.len()).max()?;
    let body = &c[..c.len() - p];
    let q = body.rfind("问题")?;
    let between = body[q + "问题".len()..].chars().count();
    // Ending in a fault, it is a requirement only when it asks 是否.
    if between > 6 || c.contains("是否") {
        return None;
    }
    let start = LIST_TRIGGERS.iter().filter_map(|t| body[..q].rfind(t).map(|i| i + t.len())).max().unwrap_or(0);
    Some(start)
}

/// Where a problems passage that starts at `start` ends: at the first sentence that no longer
/// states a problem (会议要求…, 针对以上问题…).
fn zone_end(norm: &str, start: usize, end: usize) -> usize {
    let mut last = start;
    for (a, b) in split_at(&norm[start..end], start, |c| matches!(c, '。' | '！' | '？')) {
        let s = &norm[a..b];
        if !has_predicate(s) || is_requirement(s) || s.starts_with("针对") {
            break;
        }
        last = b;
    }
    last
}

fn zone_items(doc: &Document, norm: &str, a: usize, b: usize, unit: Option<String>, out: &mut Extracted) {
    // "区委办：主要有：…": a second cue right at the start of the passage.
    let a = match cue_colon(&norm[a..b]) {
        Some(c) if norm[a..a + c].chars().count() <= 16 => a + c,
        _ => a,
    };
    for (x, y) in clauses(norm, a, b) {
        if is_requirement(&norm[x..y]) {
            continue;
        }
        // A second passage inside this one: "…。专项巡察存在：A，B，C等问题".
        let x = cue_colon(&norm[x..y]).map_or(x, |c| x + c);
        for (s, e) in clause_items(norm, x, y, true) {
            out.push(doc, Span::new(s, e), unit.clone(), Vec::new());
        }
    }
}

/// Headings of the sections that enclose `span` below the top level (group titles).
fn groups_of(doc: &Document, span: Span, skip: Option<usize>) -> Vec<Span> {
    let top = doc.sections.iter().map(|s| s.level).min().unwrap_or(1);
    doc.sections
        .iter()
        .enumerate()
        .filter(|&(i, s)| {
            Some(i) != skip
                && s.level > top
                && s.span.start <= span.start
                && span.end <= s.span.end
                && s.heading.end <= span.start
                && !echoes_framework(&s.title)
        })
        .map(|(_, s)| s.heading)
        .collect()
}

/// A group title that only repeats a focus of the framework ("（一）聚焦贯彻落实党的路线方针政策
/// …方面"): the text's own order, not evidence of what its items are about.
fn echoes_framework(title: &str) -> bool {
    let title = super::script::simplified(title);
    let t = strip_enumerator(title.trim()).trim_start_matches(is_filler);
    let t = t.strip_prefix("在").unwrap_or(t);
    t.starts_with("聚焦") && !has_predicate(t)
}

/// Items from the heading ladder of a report's problems section (as [`super::structure`] found
/// them), with the groups above each.
pub fn from_headings(doc: &Document) -> Extracted {
    let mut out = Extracted::default();
    for p in &doc.problems {
        let groups = groups_of(doc, p.span, doc.problems_section);
        out.problems.push(p.clone());
        out.meta.push(ItemMeta { unit: None, groups });
    }
    out
}

/// Items of a rectification report: each fed-back problem, found as the heading or "问题N："
/// paragraph that a "整改情况：" paragraph answers, or a "关于“…”的问题" heading.
pub fn rectification(doc: &Document, norm: &str) -> Extracted {
    let mut out = Extracted::default();
    let paras = &doc.paragraphs;
    let is_measure = |i: usize| {
        let s = &norm[paras[i].span.start..paras[i].span.end];
        let cut_tail = i + 1 == paras.len() && s.chars().count() <= 3 && "整改情况".starts_with(s);
        cut_tail || MEASURES.iter().any(|m| s.starts_with(m))
    };
    for i in 0..paras.len() {
        let s = &norm[paras[i].span.start..paras[i].span.end];
        // 关于“…”的问题 / 对于“…”: a fed-back problem quoted as a heading (not a group of them).
        let bare = s.get(nested_enumerator(s).unwrap_or(0)..).unwrap_or(s);
        let leaf = !doc
            .sections
            .iter()
            .enumerate()
            .any(|(k, sec)| sec.heading == paras[i].span && doc.sections.iter().any(|c| c.parent == Some(k)));
        let quoted = leaf && (bare.starts_with("关于“") || bare.starts_with("对于“")) && !bare.contains("方面");
        let answered = i + 1 < paras.len() && is_measure(i + 1) && !is_measure(i);
        if !(quoted || answered) {
            continue;
        }
        let span = paras[i].span;
        // The item's words: a heading's title, or the first sentence after "问题1：".
        let text = &norm[span.start..span.end];
        let mut from = span.start;
        if let Some(rest) = text.strip_prefix("问题") {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let rest = &rest[digits..];
            if let Some(r) = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':')) {
                from = span.start + (text.len() - r.len());
            }
        } else if let Some(n) = nested_enumerator(text) {
            from = span.start + n;
        }
        let body = &norm[from..span.end];
        let end = body.find('。').map_or(span.end, |k| from + k);
        let groups = groups_of(doc, span, None);
        out.push(doc, Span::new(from, end), None, groups);
    }
    out
}

/// "1.(1)" at the start of a heading: the length of all the enumerators.
fn nested_enumerator(s: &str) -> Option<usize> {
    let mut n = 0;
    while let Some(k) = enumerator_len(&s[n..]) {
        n += k;
    }
    (n > 0).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::structure::{StructureConfig, build};
    use crate::model::document::SourceFormat;

    fn extract(text: &str) -> Extracted {
        let mut d = Document::new("t.txt".into(), SourceFormat::Text, None, text.into());
        build(&mut d, &[], &StructureConfig::default());
        run_in(&d, text)
    }

    fn items(text: &str) -> Vec<(String, Option<String>)> {
        let e = extract(text);
        e.problems.iter().zip(e.meta).map(|(p, m)| (p.title.clone(), m.unit)).collect()
    }

    #[test]
    fn run_in_lists() {
        let got = items(
            "反馈指出，但仍存在一些问题。主要是：农村发展活力不足，贯彻五大发展理念不力、党费收缴不严格、财务管理混乱等问题。\n会议要求，一要提高站位。",
        );
        let titles: Vec<_> = got.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(titles, ["农村发展活力不足", "贯彻五大发展理念不力", "党费收缴不严格", "财务管理混乱"]);
    }

    #[test]
    fn areas_listed_before_a_problem() {
        let got = items(
            "村级在理论知识学习、组织生活开展、村级账目管理等方面曾经存在的不规范问题，通过整改基本得到解决。\n该镇在项目建设、招商引资等方面取得明显成效，但也存在一些问题。",
        );
        let titles: Vec<_> = got.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(titles, ["理论知识学习", "组织生活开展", "村级账目管理"]);
    }

    #[test]
    fn units_and_enumerations() {
        let got = items(
            "某日，巡察组反馈巡察情况。\n马厂镇党委存在问题：党组织领导核心弱化，党建工作薄弱；重业务，轻党建。\n区委办：主要有：一是学习不深入，统筹协调有待提高；二是落实责任制有差距。\n",
        );
        let titles: Vec<_> = got.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            titles,
            [
                "党组织领导核心弱化",
                "党建工作薄弱",
                "重业务，轻党建",
                "学习不深入",
                "统筹协调有待提高",
                "落实责任制有差距"
            ]
        );
        assert_eq!(got[0].1.as_deref(), Some("马厂镇党委"));
    }

    #[test]
    fn a_second_problems_passage_in_one_paragraph() {
        let got = items(
            "反馈指出存在的问题：部分单位推动高质量发展成效不足，对下属单位监督管理不到位。会议通报了专项巡察情况。专项巡察存在：部分单位对“走流程”要求不重视，执行有偏差，普及率较低，网办事项公示内容存在错误等问题。",
        );
        let titles: Vec<_> = got.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            titles,
            [
                "部分单位推动高质量发展成效不足",
                "对下属单位监督管理不到位",
                "部分单位对“走流程”要求不重视",
                "执行有偏差",
                "普及率较低",
                "网办事项公示内容存在错误"
            ]
        );
    }

    #[test]
    fn a_clause_that_opens_like_a_requirement_but_ends_in_a_fault_is_a_problem() {
        assert!(is_requirement("确保问题整改不走过场"));
        assert!(is_requirement("坚决防止整改走过场"));
        assert!(is_requirement("要着力补齐基层党建短板"));
        assert!(is_requirement("确保政策执行不出现偏差"));
        assert!(is_requirement("推动缩小城乡差距"));
        assert!(problems_judged("会议强调，问题整改决不能走过场").is_none());
        assert!(problems_judged("真正做到问题整改不走过场").is_none());
        assert!(cue_colon("重点检查是否存在：违规吃喝、公车私用").is_none());
        assert_eq!(quoted_problems("针对“群众反映的道路未硬化”问题，已整改到位").len(), 1);
        assert!(!is_requirement("推动医院高质量发展有差距"));
        let got = items("巡察发现的问题主要是：院党委统筹谋划能力不足，推动医院高质量发展有差距；坚决防止整改走过场。");
        let titles: Vec<_> = got.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(titles, ["院党委统筹谋划能力不足", "推动医院高质量发展有差距"]);
    }

    #[test]
    fn problems_a_news_item_mentions() {
        let text = "针对“圣迹村主干道两侧旱厕整治长期未得到有效落实”问题，圣迹村实施改厕24户。\n村民多次反映的欧湾组道路未硬化问题终于得到解决。\n督导组发现被巡察单位存在8个方面36个问题整改不够到位。\n评估组就整改工作中存在的个别问题整改不到位、举一反三做得不够以及巩固整改成效等方面提出了意见建议。";
        let e = extract(text);
        let titles: Vec<_> = e.problems.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "圣迹村主干道两侧旱厕整治长期未得到有效落实",
                "欧湾组道路未硬化",
                "8个方面36个问题整改不够到位",
                "个别问题整改不到位",
                "举一反三做得不够"
            ]
        );
        // Mentioned in passing: they do not make the text a feedback notice.
        assert_eq!(e.mentioned, 5);
    }

    #[test]
    fn group_titles_that_repeat_the_framework_are_not_evidence() {
        assert!(echoes_framework("（一）聚焦贯彻落实党的路线方针政策和党中央决策部署方面"));
        assert!(!echoes_framework("（一）在贯彻落实上级决策部署不够有力方面"));
        assert!(!echoes_framework("1.社区综合党委自身建设质量不高"));
    }

    #[test]
    fn summaries_and_requirements_are_not_items() {
        let got = items(
            "巡察发现，不同程度存在政治站位不高、思想建设滞后等问题。主要表现在：一是政治敏锐性不强。\n会议要求，一要强化认识，切实提高站位；二要明确责任，确保整改到位；三要建章立制，不断深化。",
        );
        let titles: Vec<_> = got.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(titles, ["政治敏锐性不强"]);
    }

    #[test]
    fn rectification_headings() {
        let text = "关于巡察整改进展情况的通报\n二、巡察反馈问题整改进展情况\n（一）反馈问题：聚焦上轮巡察整改方面\n1.关于“政治理论学习跟进不够及时”的问题\n整改情况：一是召开会议。\n2.结余药品使用不规范。\n整改情况：一是建立台账。\n问题3：兼职委员作用难发挥。多数社区……\n整";
        let mut d = Document::new("t.txt".into(), SourceFormat::Text, None, text.into());
        build(&mut d, &[], &StructureConfig::default());
        let e = rectification(&d, text);
        let titles: Vec<_> = e.problems.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["“政治理论学习跟进不够及时”的问题", "结余药品使用不规范", "兼职委员作用难发挥"]);
        assert_eq!(e.meta[0].groups.len(), 1);
    }
}
