//! Recovers the structure of a report: title, the 公文 heading ladder (一、/（一）/1./（1）, GB/T
//! 9704), Word or Markdown headings, sections, sentences and the problem items.

use serde::Deserialize;

use crate::model::document::{Document, Heading, Paragraph, Problem, Section, SourceFormat, Span};

/// Which section holds the problems; set in pack.toml `[structure]`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct StructureConfig {
    /// A section whose title contains one of these holds the problems.
    pub problem_titles: Vec<String>,
    /// ... unless its title also contains one of these (e.g. 问题线索, 整改).
    pub problem_title_excludes: Vec<String>,
}

impl Default for StructureConfig {
    fn default() -> Self {
        Self {
            problem_titles: ["主要问题", "发现的问题", "存在的问题", "存在问题", "发现问题"].map(String::from).to_vec(),
            problem_title_excludes: ["线索", "整改情况"].map(String::from).to_vec(),
        }
    }
}

/// Fills in paragraphs, title, sections, problems and sentences of `doc`.
/// `explicit` holds, per line (0-based), a heading level known from the file format (Word heading
/// style); the ladder wins over it when both are present.
pub fn build(doc: &mut Document, explicit: &[Option<u8>], config: &StructureConfig) {
    let (paragraphs, title) = paragraphs(doc, explicit);
    doc.paragraphs = paragraphs;
    doc.title = title;
    doc.sections = sections(&doc.paragraphs, doc.text.len());
    doc.problems_section = find_problems_section(&doc.sections, config);
    doc.problems = match doc.problems_section {
        Some(idx) => problems(doc, idx),
        None => Vec::new(),
    };
    doc.sentences = sentences(&doc.text);
    // A round keeps thousands of documents: no growth slack in what stays.
    doc.paragraphs.shrink_to_fit();
    doc.sentences.shrink_to_fit();
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

fn paragraphs(doc: &Document, explicit: &[Option<u8>]) -> (Vec<Paragraph>, Option<String>) {
    let text = &doc.text;
    let mut out = Vec::new();
    let mut title = None;
    let mut offset = 0;
    let mut md_shift = 0;
    for (line_no, line) in text.split('\n').enumerate() {
        let line_start = offset;
        offset += line.len() + 1;
        let trimmed = line.trim_start_matches(is_blank);
        let start = line_start + (line.len() - trimmed.len());
        let trimmed = trimmed.trim_end_matches(is_blank);
        if trimmed.is_empty() {
            continue;
        }
        let span = Span::new(start, start + trimmed.len());
        let (md_level, body) = match doc.format {
            SourceFormat::Markdown => markdown_heading(trimmed),
            _ => (None, trimmed),
        };
        let first = out.is_empty();
        let ladder_heading = ladder(body);
        if first && ladder_heading.is_none() {
            // The document title (关于……的巡察情况报告) opens the report.
            title = Some(body.to_owned());
            if md_level == Some(1) {
                md_shift = 1;
            }
            out.push(Paragraph { span, heading: None });
            continue;
        }
        let level = match ladder_heading {
            Some((level, marker)) => Some((level, &body[marker..])),
            None => md_level
                .map(|l| l.saturating_sub(md_shift).max(1))
                .or_else(|| explicit.get(line_no).copied().flatten())
                .map(|l| (l, body)),
        };
        let heading = level.map(|(level, rest)| Heading { level, title: heading_title(rest, level) });
        out.push(Paragraph { span, heading });
    }
    (out, title)
}

/// `## 标题` → (Some(2), "标题").
fn markdown_heading(line: &str) -> (Option<u8>, &str) {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        (Some(hashes as u8), line[hashes..].trim_start())
    } else {
        (None, line)
    }
}

const CN_DIGITS: &str = "一二三四五六七八九十";

/// Recognises a heading marker of the 公文 ladder at the start of a paragraph. Returns its level
/// and the marker's byte length.
pub fn ladder(s: &str) -> Option<(u8, usize)> {
    let take = |s: &str, pred: &dyn Fn(char) -> bool| -> usize {
        s.char_indices().find(|&(_, c)| !pred(c)).map_or(s.len(), |(i, _)| i)
    };
    let is_cn = |c: char| CN_DIGITS.contains(c);
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);

    // 一、
    let n = take(s, &is_cn);
    if n > 0 && n <= 9 && s[n..].starts_with('、') {
        return Some((1, n + '、'.len_utf8()));
    }
    // （一） and （1）
    for open in ['（', '('] {
        if let Some(rest) = s.strip_prefix(open) {
            let o = open.len_utf8();
            for (level, pred) in [(2u8, &is_cn as &dyn Fn(char) -> bool), (4, &is_digit)] {
                let n = take(rest, pred);
                if n > 0 && n <= 9 {
                    for close in ['）', ')'] {
                        if rest[n..].starts_with(close) {
                            return Some((level, o + n + close.len_utf8()));
                        }
                    }
                }
            }
        }
    }
    // 1. 1． 1、 — but not 1.5万元 (1.2023年 is item 1)
    let n = take(s, &is_digit);
    if n > 0 && n <= 9 {
        for sep in ['.', '．', '、'] {
            if let Some(rest) = s[n..].strip_prefix(sep) {
                if !rest.starts_with(is_digit) || starts_with_year(rest) {
                    return Some((3, n + sep.len_utf8()));
                }
            }
        }
    }
    None
}

/// A year opens the text: "2023年以来" after an enumerator "1." is no decimal "1.2023".
pub(crate) fn starts_with_year(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 4 + "年".len() && b[..4].iter().all(u8::is_ascii_digit) && s[4..].starts_with('年')
}

/// The heading's own words: up to the first full stop for run-in headings (1.问题概括。正文……).
fn heading_title(rest: &str, level: u8) -> String {
    let rest = rest.trim_matches(is_blank);
    let cut = if level >= 3 || rest.chars().count() > 40 {
        rest.find(['。', '；', '！', '？']).unwrap_or(rest.len())
    } else {
        rest.len()
    };
    rest[..cut].trim_end_matches(['。', '：', ':']).to_owned()
}

fn sections(paragraphs: &[Paragraph], end: usize) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for p in paragraphs {
        let Some(h) = &p.heading else { continue };
        while let Some(&top) = open.last() {
            if out[top].level >= h.level {
                out[top].span.end = p.span.start;
                open.pop();
            } else {
                break;
            }
        }
        out.push(Section {
            title: h.title.clone(),
            level: h.level,
            heading: p.span,
            span: Span::new(p.span.start, end),
            parent: open.last().copied(),
        });
        open.push(out.len() - 1);
    }
    // Sections still open run to the end of the text; trim trailing white space.
    out
}

fn find_problems_section(sections: &[Section], config: &StructureConfig) -> Option<usize> {
    let matches = |s: &Section| {
        config.problem_titles.iter().any(|t| s.title.contains(t.as_str()))
            && !config.problem_title_excludes.iter().any(|t| s.title.contains(t.as_str()))
    };
    let top = sections.iter().map(|s| s.level).min()?;
    sections.iter().position(|s| s.level == top && matches(s)).or_else(|| sections.iter().position(matches))
}

fn problems(doc: &Document, root: usize) -> Vec<Problem> {
    let secs = &doc.sections;
    let inside: Vec<usize> = (root + 1..secs.len()).take_while(|&i| secs[root].span.contains(secs[i].span)).collect();
    let has_child = |i: usize| inside.iter().any(|&j| secs[j].parent == Some(i));
    let leaves: Vec<usize> = inside.iter().copied().filter(|&i| !has_child(i)).collect();
    if leaves.is_empty() {
        // No numbered items: each body paragraph is taken as one problem.
        return doc
            .paragraphs
            .iter()
            .filter(|p| {
                p.heading.is_none() && secs[root].span.contains(p.span) && p.span.start > secs[root].heading.start
            })
            .map(|p| {
                let title_span = first_sentence(&doc.text, p.span);
                Problem {
                    title: doc.slice(title_span).trim_end_matches('。').to_owned(),
                    title_span,
                    span: p.span,
                    group: None,
                }
            })
            .collect();
    }
    leaves
        .into_iter()
        .map(|i| {
            let s = &secs[i];
            let group = s.parent.filter(|&p| p != root).map(|p| secs[p].title.clone());
            Problem {
                title: s.title.clone(),
                title_span: first_sentence(&doc.text, s.heading),
                span: trim_span(&doc.text, s.span),
                group,
            }
        })
        .collect()
}

fn first_sentence(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let end = s.find('。').map_or(s.len(), |i| i + '。'.len_utf8());
    Span::new(span.start, span.start + end)
}

fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    Span::new(span.start, span.start + s.trim_end_matches(is_blank).len())
}

/// Sentences end at 。！？；, their ASCII forms, or a line break.
fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n') {
            let end = if c == '\n' { i } else { i + c.len_utf8() };
            push_trimmed(text, start, end, &mut out);
            start = i + c.len_utf8();
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start_matches(is_blank).len();
    let trimmed = s.trim_matches(is_blank);
    if !trimmed.is_empty() {
        out.push(Span::new(start + lead, start + lead + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        let mut d = Document::new("t.txt".into(), SourceFormat::Text, None, text.into());
        build(&mut d, &[], &StructureConfig::default());
        d
    }

    #[test]
    fn ladder_levels() {
        assert_eq!(ladder("一、基本情况"), Some((1, 6)));
        assert_eq!(ladder("十二、其他"), Some((1, 9)));
        assert_eq!(ladder("（一）方面"), Some((2, 9)));
        assert_eq!(ladder("(三)方面"), Some((2, 5)));
        assert_eq!(ladder("1.问题"), Some((3, 2)));
        assert_eq!(ladder("１２．问题"), Some((3, 9)));
        assert_eq!(ladder("（2）细项"), Some((4, 7)));
        assert_eq!(ladder("1.5万元被挪用"), None);
        // An enumerator before a year: item 1, not the decimal 1.2023.
        assert_eq!(ladder("1.2023年以来挪用12万元"), Some((3, 2)));
        assert_eq!(ladder("2、2024年3月"), Some((3, 4)));
        assert_eq!(ladder("2023年3月"), None);
        assert_eq!(ladder("一是加强"), None);
    }

    #[test]
    fn sections_and_problems() {
        let d = doc(
            "关于对某局的巡察报告\n一、基本情况\n　　正文。\n二、发现的主要问题\n（一）贯彻落实方面\n1.落实不到位。具体情况如下。\n　　经查，挪用12万元。\n2.第二个问题。\n（二）作风方面\n1.第三个问题。\n三、问题线索\n移交1件。\n四、意见建议\n1.建议。\n",
        );
        assert_eq!(d.title.as_deref(), Some("关于对某局的巡察报告"));
        let titles: Vec<_> = d.sections.iter().map(|s| (s.level, s.title.as_str())).collect();
        assert_eq!(titles[0], (1, "基本情况"));
        assert_eq!(d.problems.len(), 3);
        assert_eq!(d.problems[0].title, "落实不到位");
        assert_eq!(d.problems[0].group.as_deref(), Some("贯彻落实方面"));
        assert!(d.slice(d.problems[0].span).contains("12万元"));
        assert!(!d.slice(d.problems[1].span).contains("作风方面"));
        assert_eq!(d.problems[2].group.as_deref(), Some("作风方面"));
    }

    #[test]
    fn markdown_headings_and_sentences() {
        let mut d = Document::new(
            "t.md".into(),
            SourceFormat::Markdown,
            None,
            "# 报告\n\n## 基本情况\n\n正文。第二句！\n\n## 主要问题\n\n### 方面\n\n1.问题。\n".into(),
        );
        build(&mut d, &[], &StructureConfig::default());
        assert_eq!(d.title.as_deref(), Some("报告"));
        assert_eq!(d.sections[0].level, 1);
        assert_eq!(d.sections[2].level, 2);
        assert_eq!(d.problems.len(), 1);
        assert!(d.sentences.iter().any(|&s| d.slice(s) == "第二句！"));
    }
}
