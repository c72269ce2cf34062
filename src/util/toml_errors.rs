//! TOML parser messages for users: places as line and column, every message in Chinese, and a
//! hint when a line was typed with Chinese (full-width) punctuation.

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Where a TOML error is and what it means, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TomlProblem {
    pub line: usize,
    pub column: usize,
    pub detail: String,
}

/// Explains a TOML error in `text`: the translated message, the key a misspelt one likely
/// meant, and for a line typed with full-width punctuation the same line in ASCII.
pub fn explain(text: &str, e: &toml::de::Error) -> TomlProblem {
    let span = e.span().unwrap_or(0..0);
    let (line, column) = line_col(text, span.start);
    let written = text.get(span.clone()).unwrap_or("").trim();
    let msg = e.message().trim();
    let mut detail = if msg.starts_with("duplicate key") && !written.is_empty() {
        format!("“{written}”写了两次，同一处只能写一次")
    } else if msg.starts_with("string values must be quoted") && written.is_empty() {
        "写法不符合 TOML 格式：等号后面缺少取值".to_owned()
    } else if msg.starts_with("invalid unquoted key") {
        let key = written.split('=').next().unwrap_or("").trim();
        match chinese_key(key) {
            Some(k) => format!("键名“{key}”要用英文，应写作 {k}"),
            None => translate_toml(msg),
        }
    } else {
        translate_toml(msg)
    };
    if let Some(hint) = text.lines().nth(line - 1).and_then(full_width_hint) {
        detail.push_str(&hint);
    }
    TomlProblem { line, column, detail }
}

/// Puts a TOML/serde message into Chinese. Messages already in Chinese (from the crate's own
/// checks) pass through; a parser message that is not recognised becomes a general one, so no
/// English reaches the user.
pub fn translate_toml(msg: &str) -> String {
    let msg = msg.trim();
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("缺少字段 {}", rest.trim_matches('`'));
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let name = rest.split(',').next().unwrap_or(rest).trim_matches('`');
        let expected = rest.split_once(", expected ").map_or("", |(_, e)| e);
        let known = ticked(expected);
        let mut out = format!("无法识别的字段 {name}");
        if let Some(k) = likely_key(name, known.iter().map(String::as_str)) {
            out.push_str(&format!("（是否指 {k}？）"));
        }
        if known.is_empty() {
            out.push_str("，这里不能写字段");
        } else {
            out.push_str(&format!("。可写的字段：{}", known.join("、")));
        }
        return out;
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let name = rest.split(',').next().unwrap_or(rest).trim_matches('`');
        let expected = rest.split_once(", expected ").map_or("", |(_, e)| e);
        return format!("取值“{name}”不在允许范围内，可选：{}", ticked(expected).join("、"));
    }
    for (prefix, what) in
        [("invalid type: ", "类型不对"), ("invalid value: ", "取值不对"), ("invalid length ", "个数不对")]
    {
        if let Some(rest) = msg.strip_prefix(prefix) {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            return format!("{what}：应为{}，这里写的是{}", expected_kind(expected), found_kind(found));
        }
    }
    if msg.chars().any(is_cjk) {
        return msg.to_owned();
    }
    format!("写法不符合 TOML 格式：{}", syntax(msg))
}

/// The names between backticks in "`a`, `b`, `c`".
fn ticked(list: &str) -> Vec<String> {
    list.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// The known key a misspelt one most likely meant, or None when none is close: one edit for
/// short keys, two for longer ones, case ignored.
pub fn likely_key<'a>(written: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let w = written.to_lowercase();
    let (best, d) = known
        .filter(|k| *k != written)
        .map(|k| (k, strsim::damerau_levenshtein(&w, &k.to_lowercase())))
        .min_by_key(|(_, d)| *d)?;
    let allowed = if w.chars().count().min(best.chars().count()) <= 4 { 1 } else { 2 };
    (d <= allowed).then_some(best)
}

/// Keys an office may write in Chinese, and the TOML key meant.
fn chinese_key(key: &str) -> Option<&'static str> {
    let key = key.trim_matches(['"', '\'', '“', '”']);
    Some(match key {
        "名称" | "名字" | "组名" | "单位名称" | "轮次名称" => "name",
        "组长" => "leader",
        "副组长" => "deputies（或 deputy）",
        "组员" | "成员" => "members",
        "类别" | "单位类别" => "kind",
        "一把手" | "主要负责人" | "书记" => "top_leader",
        "巡察组" | "所属巡察组" => "group",
        "报告" | "报告文件" | "巡察报告" => "report",
        "别称" | "简称" | "别名" => "aliases",
        "开始" | "开始日期" | "进驻日期" => "start",
        "结束" | "结束日期" => "end",
        "反馈" | "反馈日期" => "feedback",
        "组长推荐" | "推荐" => "recommended",
        _ => return None,
    })
}

/// "a string" → 文字, "integer `2026`" → 整数 2026 …
fn expected_kind(expected: &str) -> String {
    let e = expected.trim();
    let kind = match e {
        "a string" | "a borrowed string" | "string" => "文字（用英文双引号括起，如 \"第一巡察组\"）",
        "a sequence" | "an array" => "列表（如 [\"王某\", \"李某\"]）",
        "a boolean" | "bool" => "true 或 false",
        "a map" | "a table" => "表",
        "a date" | "a datetime" | "a TOML datetime" => "日期（如 2026-09-01）",
        _ if e.starts_with("struct ") || e.starts_with("a map") => "表",
        _ if e.starts_with("f32") || e.starts_with("f64") || e.contains("float") => "数字",
        _ if e.starts_with('i') || e.starts_with('u') || e.contains("integer") => "整数",
        _ => "其他类型",
    };
    kind.to_owned()
}

fn found_kind(found: &str) -> String {
    let f = found.trim();
    let value = f.split('`').nth(1).map(|v| format!(" {v}")).unwrap_or_default();
    if f.starts_with("integer") {
        format!("整数{value}")
    } else if f.starts_with("floating point") {
        format!("小数{value}")
    } else if f.starts_with("boolean") {
        value.trim().to_owned()
    } else if let Some(s) = f.strip_prefix("string ") {
        format!("文字 {s}")
    } else if f.starts_with("sequence") {
        "列表".into()
    } else if f.starts_with("map") {
        "表".into()
    } else {
        "其他类型的值".into()
    }
}

/// The gist of a parser message ("string values must be quoted, expected literal string").
fn syntax(msg: &str) -> &'static str {
    let head = msg.split(", expected").next().unwrap_or(msg).trim();
    match head {
        "string values must be quoted" | "missing opening quote" => {
            "文字取值要用英文双引号括起来，如 name = \"第一巡察组\""
        }
        "key with no value" | "missing assignment between key-value pairs" | "missing value for key" => {
            "键名后面要写等号 = 和取值（键 = 值）"
        }
        "missing value" | "invalid value" => "等号后面缺少取值或取值写法不对",
        "unexpected key or value" | "unexpected content" | "missing comma between key-value pairs" => {
            "一行只能写一项“键 = 值”，取值之后多出了内容"
        }
        "missing comma between array elements" => "列表中的各项之间要用英文逗号 , 分隔",
        "extra comma in array" | "extra comma in inline table" => "多写了一个逗号",
        "unexpected `=` in array" | "extra `=`" | "extra assignment between key-value pairs" => "多写了一个等号",
        "unclosed array" => "列表缺少右方括号 ]",
        "unclosed array table" | "unclosed table" | "missing table open" | "invalid table" => {
            "表头写法不对，应写作 [round]、[[groups]] 或 [[units]]"
        }
        "unclosed inline table" | "missing inline table opening" | "invalid inline table element" => {
            "花括号 { } 内的写法不对"
        }
        "invalid basic string" | "invalid string" | "invalid multi-line basic string" => {
            "引号没有成对：文字取值要以英文双引号开头并以英文双引号结尾，写在同一行"
        }
        "invalid literal string" | "invalid multi-line literal string" => "单引号没有成对",
        "missing escaped value" | "too few unicode value digits" => {
            "双引号中的反斜杠 \\ 有特殊含义：路径请用 / 分隔，或把取值改用单引号括起"
        }
        "invalid unquoted key" | "unquoted keys cannot be empty" | "invalid key" => {
            "键名只能用英文字母、数字、- 和 _（如 name、leader）"
        }
        "invalid comment character" | "unexpected content between comment and newline" => "注释中有无法识别的字符",
        "carriage return must be followed by newline" => "换行符不完整，请用记事本另存一次",
        _ if head.starts_with("invalid date") || head.starts_with("invalid time") => {
            "日期写法不对，应写作 2026-09-01（月份 01～12，日期要存在）"
        }
        _ if head.starts_with("invalid") && (head.contains("number") || head.contains("float")) => "数字写法不对",
        _ if head.contains("leading zero") || head.contains("sign") || head.contains("digits") => "数字写法不对",
        _ => "请对照模板检查这一行的写法（键 = 值，文字取值用英文双引号括起）",
    }
}

/// Full-width punctuation an office types by habit, and what TOML wants instead.
const FULL_WIDTH: [(char, char); 11] = [
    ('＝', '='),
    ('“', '"'),
    ('”', '"'),
    ('‘', '\''),
    ('’', '\''),
    ('：', '='),
    ('，', ','),
    ('［', '['),
    ('］', ']'),
    ('＃', '#'),
    ('\u{3000}', ' '),
];

/// "这一行用了中文标点 … 可改为：…" for a line whose punctuation outside its strings is
/// full-width; None when there is none. Text inside ASCII quotes is left as it is (a name may
/// well hold “ ” or ：).
pub fn full_width_hint(line: &str) -> Option<String> {
    let (fixed, found) = to_ascii(line);
    if found.is_empty() {
        return None;
    }
    let pairs: Vec<String> = found
        .iter()
        .map(|c| {
            let ascii = FULL_WIDTH.iter().find(|(f, _)| f == c).map_or(' ', |(_, a)| *a);
            let shown = if *c == '\u{3000}' { "全角空格".to_owned() } else { c.to_string() };
            let ascii = if ascii == ' ' { "半角空格".to_owned() } else { ascii.to_string() };
            format!("{shown} 改为 {ascii}")
        })
        .collect();
    Some(format!(
        "。这一行用了中文（全角）标点，TOML 要用英文（半角）标点：{}。可改为：{}",
        pairs.join("，"),
        fixed.trim()
    ))
}

/// The line with full-width punctuation outside strings made ASCII, and the kinds replaced.
fn to_ascii(line: &str) -> (String, Vec<char>) {
    let mut out = String::with_capacity(line.len());
    let mut found: Vec<char> = Vec::new();
    fn note(c: char, found: &mut Vec<char>) {
        if !found.contains(&c) {
            found.push(c);
        }
    }
    // The quote that closes the string we are in: '"' (opened by " or “), '\'' or none.
    let mut open: Option<(char, bool)> = None; // (closing ASCII quote, opened by a curly quote)
    let mut last_curly_close: Option<usize> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match open {
            Some((close, curly)) => {
                if c == '\\' && close == '"' {
                    out.push(c);
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                } else if c == close {
                    out.push(c);
                    open = None;
                } else if curly && c == '”' {
                    note(c, &mut found);
                    out.push('"');
                    open = None;
                } else {
                    if c == '”' {
                        last_curly_close = Some(out.len());
                    }
                    out.push(c);
                }
            }
            None => match c {
                '"' | '\'' => {
                    open = Some((c, false));
                    last_curly_close = None;
                    out.push(c);
                }
                '“' | '‘' => {
                    note(c, &mut found);
                    open = Some((if c == '“' { '"' } else { '\'' }, true));
                    out.push(if c == '“' { '"' } else { '\'' });
                }
                '#' => {
                    out.push(c);
                    out.extend(chars.by_ref());
                }
                _ => match FULL_WIDTH.iter().find(|(f, _)| *f == c) {
                    Some((f, a)) => {
                        note(*f, &mut found);
                        out.push(*a);
                    }
                    None => out.push(c),
                },
            },
        }
    }
    // "第一巡察组” opened in ASCII and closed with a curly quote: the last ” was the end.
    if let (Some((_, false)), Some(at)) = (open, last_curly_close) {
        out.replace_range(at..at + '”'.len_utf8(), "\"");
        note('”', &mut found);
    }
    (out, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> TomlProblem {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct G {
            name: String,
            #[serde(default)]
            leader: String,
            #[serde(default)]
            members: Vec<String>,
        }
        let e = toml::from_str::<G>(text).expect_err("an error");
        explain(text, &e)
    }

    #[test]
    fn curly_quotes_are_shown_straightened() {
        let p = problem("name = “第一巡察组”\n");
        assert_eq!((p.line, p.column), (1, 8));
        assert!(p.detail.contains("“ 改为 \"，” 改为 \""), "{}", p.detail);
        assert!(p.detail.ends_with("可改为：name = \"第一巡察组\""), "{}", p.detail);
    }

    #[test]
    fn full_width_equals_and_brackets() {
        let p = problem("leader = \"x\"\nname ＝ \"第一巡察组\"\n");
        assert_eq!(p.line, 2);
        assert!(p.detail.contains("＝ 改为 ="), "{}", p.detail);
        assert!(p.detail.ends_with("可改为：name = \"第一巡察组\""), "{}", p.detail);
        let p = problem("name = \"a\"\nmembers = ［\"王某\"，\"李某\"］\n");
        assert!(p.detail.ends_with("可改为：members = [\"王某\",\"李某\"]"), "{}", p.detail);
    }

    #[test]
    fn punctuation_inside_strings_is_left_alone() {
        assert_eq!(full_width_hint("name = \"关于“三个聚焦”：一\""), None);
        assert_eq!(full_width_hint("name = \"x\"  # 注释：随便写"), None);
        assert_eq!(to_ascii("name = \"第一巡察组”").0, "name = \"第一巡察组\"");
    }

    #[test]
    fn no_english_reaches_the_user() {
        for text in [
            "name = 示例县\n",
            "name = \"示例县\n",
            "name = \"a\"\nname = \"b\"\n",
            "name = \"a\" leader = \"b\"\n",
            "name = 2026\n",
            "name = [1]\n",
            "name = \"a\"\nmembers = \"x\"\n",
            "name = \"a\\q\"\n",
            "[x\nname = \"a\"\n",
            "名称 = \"a\"\n",
            "name = 2022-13-01\n",
            "leader = \"a\"\n",
            "name = \n",
        ] {
            let p = problem(text);
            for english in ["expected", "invalid", "string", "value", "key", "missing"] {
                assert!(!p.detail.contains(english), "{text:?}: {}", p.detail);
            }
        }
        assert_eq!(problem("name =\nleader = \"x\"\n").detail, "写法不符合 TOML 格式：等号后面缺少取值");
        assert_eq!(problem("名称 = \"a\"\n").detail, "键名“名称”要用英文，应写作 name");
        assert_eq!(problem("name = \"a\"\nname = \"b\"\n").detail, "“name”写了两次，同一处只能写一次");
        assert_eq!(
            problem("name = 2026\n").detail,
            "类型不对：应为文字（用英文双引号括起，如 \"第一巡察组\"），这里写的是整数 2026"
        );
        // A value in Chinese inside a serde message is still translated.
        assert_eq!(
            problem("name = \"a\"\nmembers = \"两分\"\n").detail,
            "类型不对：应为列表（如 [\"王某\", \"李某\"]），这里写的是文字 \"两分\""
        );
    }

    #[test]
    fn misspelt_keys_get_the_likely_one() {
        let p = problem("name = \"a\"\nmemebers = []\n");
        assert_eq!((p.line, p.column), (2, 1));
        assert_eq!(p.detail, "无法识别的字段 memebers（是否指 members？）。可写的字段：name、leader、members");
        assert!(problem("leadr = \"a\"\n").detail.contains("是否指 leader"));
        assert!(!problem("name = \"a\"\nkind = \"x\"\n").detail.contains("是否指"));
        assert_eq!(likely_key("deputy", ["name", "leader", "deputies", "members"].into_iter()), None);
        assert_eq!(likely_key("Name", ["name", "leader"].into_iter()), Some("name"));
    }
}
