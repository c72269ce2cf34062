//! The annotated draft (批注版): a copy of a `.docx` with each finding as a Word comment (批注)
//! anchored at its paragraph, and the score summary as a comment on the title.
//!
//! Every zip entry is copied unchanged (raw, still compressed) except `word/document.xml` (the
//! comment ranges and references), `word/comments.xml` (created or extended: existing comments
//! stay and the new ids continue after theirs), the document's relationships and
//! `[Content_Types].xml`. Paragraphs are located by the reader itself
//! ([`crate::read::docx::map_paragraphs`]), so paragraph N here is 第N段 of every finding.
//! No clock: the comments carry a fixed date, so the same draft gives the same bytes.

use std::io::{Cursor, Read, Write};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::assess::report::ReportEvaluation;
use crate::model::outcome::Severity;
use crate::read::docx::{DocxError, map_paragraphs};
use crate::render::diagnostics::fmt_points;

pub const AUTHOR: &str = "xuncha 自查";
pub const INITIALS: &str = "XC";
/// A fixed date keeps the output deterministic.
pub const DATE: &str = "2026-01-01T00:00:00Z";

const W_MAIN: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const COMMENTS_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// Why a draft could not be annotated.
#[derive(Debug, thiserror::Error)]
pub enum AnnotateError {
    #[error(transparent)]
    Docx(#[from] DocxError),
    #[error("文档中没有段落，无法添加批注")]
    NoParagraph,
    #[error("{part} 格式不正确，无法添加批注")]
    Part { part: String },
    #[error("生成批注版失败：{0}")]
    Zip(String),
}

fn zip_error(e: impl std::fmt::Display) -> AnnotateError {
    AnnotateError::Zip(e.to_string())
}

/// The comments for one checked draft: the score summary on the title (paragraph 0), then each
/// finding on the paragraph it points to (0-based; a finding with no place goes on paragraph 0).
pub fn check_comments(eval: &ReportEvaluation) -> Vec<(usize, String)> {
    let doc = &eval.analysis.doc;
    let score = &eval.score;
    let veto = if score.vetoed { "，一票否决" } else { "" };
    let mut summary =
        format!("预估得分 {}/{} 分，等次：{}{veto}", fmt_points(score.total), fmt_points(score.max), score.grade);
    let count = |s: Severity| eval.run.findings.iter().filter(|f| f.severity == s && f.waived.is_none()).count();
    summary.push_str(&format!(
        "\n共 {} 个错误、{} 个警告、{} 个提示",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    ));
    for c in &score.criteria {
        let lost = if c.lost > 0.0 { format!("扣 {} 分", fmt_points(c.lost)) } else { "未扣分".to_owned() };
        summary.push_str(&format!("\n{}：{lost}（得 {}/{}）", c.name, fmt_points(c.score), fmt_points(c.max)));
    }
    let mut out = vec![(0, summary)];
    for f in &eval.run.findings {
        let paragraph = f.spans.first().map_or(0, |s| doc.locate(s.start).line.saturating_sub(1));
        let mut text = format!("【{}】{}", f.severity.label(), f.message);
        if let Some(help) = f.help.as_deref().filter(|h| !h.trim().is_empty()) {
            text.push_str(&format!("；改正：{help}"));
        }
        match &f.waived {
            Some(w) => text.push_str(&format!("（已豁免：{w}，不扣分）")),
            None if f.points > 0.0 => text.push_str(&format!("（扣 {} 分）", fmt_points(f.points))),
            None if f.veto => text.push_str("（一票否决）"),
            None => {}
        }
        out.push((paragraph, text));
    }
    out
}

/// A copy of `original` with each `(paragraph, text)` as a comment on that body paragraph
/// (0-based, counted as the reader counts them; out of range → the last paragraph).
pub fn annotate(original: &[u8], comments: &[(usize, String)]) -> Result<Vec<u8>, AnnotateError> {
    let map = map_paragraphs(original)?;
    if map.paragraphs.is_empty() {
        return Err(AnnotateError::NoParagraph);
    }
    let mut archive = ZipArchive::new(Cursor::new(original)).map_err(zip_error)?;
    let names: Vec<String> = archive.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect();
    let find = |wanted: &str| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)).cloned();

    // The document's relationships, and the comments part they name.
    let (dir, file) = match map.part.rfind('/') {
        Some(i) => (map.part.get(..=i).unwrap_or(""), map.part.get(i + 1..).unwrap_or("")),
        None => ("", map.part.as_str()),
    };
    let rels_name = find(&format!("{dir}_rels/{file}.rels"));
    let rels_xml = match &rels_name {
        Some(n) => Some(read_text(&mut archive, n)?),
        None => None,
    };
    let rels = rels_xml.as_deref().map(relationships).unwrap_or_default();
    let existing_target = rels.iter().find(|r| r.kind == COMMENTS_REL).map(|r| r.target.clone());
    let comments_path = existing_target
        .as_deref()
        .map_or_else(|| format!("{dir}comments.xml"), |t| crate::read::docx::resolve_part(dir, t));
    let comments_name = find(&comments_path);
    let old_comments = match &comments_name {
        Some(n) => Some(read_text(&mut archive, n)?),
        None => None,
    };

    // New ids continue after every id already used for comments.
    let first_id = [Some(map.xml.as_str()), old_comments.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(max_comment_id)
        .max()
        .map_or(0, |m| m + 1);

    let document = mark_document(&map, comments, first_id);
    let new_comments = comments_part(old_comments.as_deref(), comments, first_id, &comments_path)?;
    let new_rels = match (&rels_xml, &existing_target) {
        (_, Some(_)) => None,
        (Some(xml), None) => Some(add_relationship(xml, &rels, &rels_name.clone().unwrap_or_default())?),
        (None, None) => Some(format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{COMMENTS_REL}" Target="comments.xml"/></Relationships>"#,
            "\n"
        )),
    };
    let types_name = find("[Content_Types].xml");
    let new_types = match &types_name {
        Some(n) => add_content_type(&read_text(&mut archive, n)?, &comments_path)?,
        None => None,
    };

    let encoded_document = match map.utf16 {
        Some(le) => {
            let mut b = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
            b.extend(document.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }));
            b
        }
        None => document.into_bytes(),
    };
    let mut replaced: Vec<(String, Vec<u8>)> = vec![(map.part.clone(), encoded_document)];
    let comments_entry = comments_name.clone().unwrap_or_else(|| comments_path.clone());
    replaced.push((comments_entry.clone(), new_comments.into_bytes()));
    let rels_entry = rels_name.clone().unwrap_or_else(|| format!("{dir}_rels/{file}.rels"));
    if let Some(r) = new_rels {
        replaced.push((rels_entry, r.into_bytes()));
    }
    if let (Some(n), Some(t)) = (&types_name, new_types) {
        replaced.push((n.clone(), t.into_bytes()));
    }

    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let mut written = vec![false; replaced.len()];
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(zip_error)?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        match replaced.iter().position(|(n, _)| *n == name) {
            Some(k) => {
                drop(entry);
                if let (Some((n, bytes)), Some(done)) = (replaced.get(k), written.get_mut(k))
                    && !*done
                {
                    out.start_file(n.as_str(), options).map_err(zip_error)?;
                    out.write_all(bytes).map_err(zip_error)?;
                    *done = true;
                }
            }
            None => out.raw_copy_file(entry).map_err(zip_error)?,
        }
    }
    for ((n, bytes), done) in replaced.iter().zip(&written) {
        if !done {
            out.start_file(n.as_str(), options).map_err(zip_error)?;
            out.write_all(bytes).map_err(zip_error)?;
        }
    }
    Ok(out.finish().map_err(zip_error)?.into_inner())
}

fn read_text(archive: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, AnnotateError> {
    let part = || AnnotateError::Part { part: name.to_owned() };
    let entry = archive.by_name(name).map_err(|_| part())?;
    let mut bytes = Vec::new();
    entry.take(16 << 20).read_to_end(&mut bytes).map_err(|_| part())?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|_| part())
}

/// The document with comment ranges around the target paragraphs' content.
fn mark_document(map: &crate::read::docx::DocumentMap, comments: &[(usize, String)], first_id: u64) -> String {
    let declared =
        map.xml.contains(&format!("xmlns:w=\"{W_MAIN}\"")) || map.xml.contains(&format!("xmlns:w='{W_MAIN}'"));
    let ns = if declared { String::new() } else { format!(" xmlns:w=\"{W_MAIN}\"") };
    let last = map.paragraphs.len().saturating_sub(1);
    // (offset, bytes replaced, text), in document order; starts before ends at one offset.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut by_paragraph: Vec<(usize, Vec<u64>)> = Vec::new();
    for (k, (p, _)) in comments.iter().enumerate() {
        let id = first_id + k as u64;
        let p = (*p).min(last);
        match by_paragraph.iter_mut().find(|(q, _)| *q == p) {
            Some((_, ids)) => ids.push(id),
            None => by_paragraph.push((p, vec![id])),
        }
    }
    for (p, ids) in by_paragraph {
        let Some((_, anchor)) = map.paragraphs.get(p) else { continue };
        let starts: String = ids.iter().map(|id| format!(r#"<w:commentRangeStart{ns} w:id="{id}"/>"#)).collect();
        let ends: String = ids
            .iter()
            .map(|id| {
                format!(r#"<w:commentRangeEnd{ns} w:id="{id}"/><w:r{ns}><w:commentReference w:id="{id}"/></w:r>"#)
            })
            .collect();
        match &anchor.self_closing {
            Some(name) => edits.push((anchor.open, 2, format!(">{starts}{ends}</{name}>"))),
            None => {
                edits.push((anchor.open, 0, starts));
                edits.push((anchor.close, 0, ends));
            }
        }
    }
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(map.xml.len() + edits.iter().map(|e| e.2.len()).sum::<usize>());
    let mut at = 0;
    for (offset, len, text) in edits {
        out.push_str(map.xml.get(at..offset).unwrap_or(""));
        out.push_str(&text);
        at = offset + len;
    }
    out.push_str(map.xml.get(at..).unwrap_or(""));
    out
}

/// The largest `w:id` of a comment or comment mark in a part.
fn max_comment_id(xml: &str) -> Option<u64> {
    let mut reader = Reader::from_str(xml);
    let mut max = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e))
                if matches!(
                    e.local_name().as_ref(),
                    "comment" | "commentRangeStart" | "commentRangeEnd" | "commentReference"
                ) =>
            {
                if let Some(id) = attr(&e, "id").and_then(|v| v.trim().parse::<u64>().ok()) {
                    max = max.max(Some(id));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    max
}

fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes().with_checks(false).flatten().find(|a| a.key.local_name().as_ref() == local).map(|a| {
        match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            Err(_) => a.value.to_string(),
        }
    })
}

/// `word/comments.xml`: the existing one with the new comments appended, or a new one.
fn comments_part(
    old: Option<&str>,
    comments: &[(usize, String)],
    first_id: u64,
    path: &str,
) -> Result<String, AnnotateError> {
    let declared =
        old.is_none_or(|x| x.contains(&format!("xmlns:w=\"{W_MAIN}\"")) || x.contains(&format!("xmlns:w='{W_MAIN}'")));
    let ns = if declared { String::new() } else { format!(" xmlns:w=\"{W_MAIN}\"") };
    let mut new = String::new();
    for (k, (_, text)) in comments.iter().enumerate() {
        let id = first_id + k as u64;
        new.push_str(&format!(
            r#"<w:comment{ns} w:id="{id}" w:author="{AUTHOR}" w:date="{DATE}" w:initials="{INITIALS}">"#
        ));
        for line in text.split('\n') {
            new.push_str(&format!(r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#, escape(line)));
        }
        new.push_str("</w:comment>");
    }
    match old {
        None => Ok(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{W_MAIN}\">{new}</w:comments>"
        )),
        Some(xml) => {
            insert_before_close(xml, "comments", &new).ok_or_else(|| AnnotateError::Part { part: path.to_owned() })
        }
    }
}

/// Inserts `text` before the root's closing tag `</…local>`; a self-closing root is opened.
fn insert_before_close(xml: &str, local: &str, text: &str) -> Option<String> {
    let trimmed = xml.trim_end();
    if trimmed.ends_with(&format!("{local}>")) {
        let at = trimmed.rfind("</")?;
        let tag = trimmed.get(at + 2..trimmed.len() - 1)?;
        if tag.rsplit(':').next() != Some(local) {
            return None;
        }
        return Some(format!("{}{text}{}", xml.get(..at)?, xml.get(at..)?));
    }
    // `<w:comments …/>`: the root has no children yet.
    if trimmed.ends_with("/>") {
        let open = trimmed.rfind('<')?;
        let name: String =
            trimmed.get(open + 1..)?.chars().take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>').collect();
        if name.rsplit(':').next() != Some(local) {
            return None;
        }
        let head = trimmed.get(..trimmed.len() - 2)?;
        return Some(format!("{head}>{text}</{name}>"));
    }
    None
}

struct Rel {
    id: String,
    kind: String,
    target: String,
}

fn relationships(xml: &str) -> Vec<Rel> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                out.push(Rel {
                    id: attr(&e, "Id").unwrap_or_default(),
                    kind: attr(&e, "Type").unwrap_or_default(),
                    target: attr(&e, "Target").unwrap_or_default(),
                });
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

fn add_relationship(xml: &str, rels: &[Rel], name: &str) -> Result<String, AnnotateError> {
    let id = (1..).map(|n| format!("rId{n}")).find(|id| rels.iter().all(|r| r.id != *id)).unwrap_or_default();
    let rel = format!(r#"<Relationship xmlns="{RELS_NS}" Id="{id}" Type="{COMMENTS_REL}" Target="comments.xml"/>"#);
    insert_before_close(xml, "Relationships", &rel).ok_or_else(|| AnnotateError::Part { part: name.to_owned() })
}

/// `[Content_Types].xml` with an override for the comments part, or None when it has one.
fn add_content_type(xml: &str, comments_path: &str) -> Result<Option<String>, AnnotateError> {
    let part_name = format!("/{}", comments_path.trim_start_matches('/'));
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Override" => {
                if attr(&e, "PartName").is_some_and(|p| p.eq_ignore_ascii_case(&part_name)) {
                    return Ok(None);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    let types_ns = "http://schemas.openxmlformats.org/package/2006/content-types";
    let o = format!(r#"<Override xmlns="{types_ns}" PartName="{part_name}" ContentType="{COMMENTS_TYPE}"/>"#);
    insert_before_close(xml, "Types", &o)
        .map(Some)
        .ok_or_else(|| AnnotateError::Part { part: "[Content_Types].xml".to_owned() })
}

/// XML text escaping; characters XML 1.0 forbids are dropped.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push('\t'),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::docx::read_paragraphs;

    const NS: &str = concat!(
        r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
        r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#
    );
    const TYPES: &str = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

    fn zip_parts(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in parts {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn part(docx: &[u8], name: &str) -> String {
        let mut a = ZipArchive::new(Cursor::new(docx)).unwrap();
        let mut s = String::new();
        a.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    fn texts(docx: &[u8]) -> Vec<String> {
        read_paragraphs(docx).unwrap().into_iter().map(|p| p.text).collect()
    }

    /// The text between comment `id`'s range start and end.
    fn commented(xml: &str, id: u64) -> &str {
        let start = xml.find(&format!(r#"<w:commentRangeStart w:id="{id}"/>"#)).unwrap();
        let end = xml.find(&format!(r#"<w:commentRangeEnd w:id="{id}"/>"#)).unwrap();
        assert!(start < end);
        xml.get(start..end).unwrap()
    }

    #[test]
    fn fixture_gets_comments_and_still_reads_the_same() {
        let original = include_bytes!("../../fixtures/drafts/trivia.docx");
        let comments = vec![
            (0, "预估得分 80/100 分\n第二行".to_owned()),
            (3, "【警告】琐碎 <细节> & \"引号\"；改正：删去（扣 2 分）".to_owned()),
            (3, "【提示】同一段的第二条".to_owned()),
            (10_000, "越界的段落落在最后一段".to_owned()),
        ];
        let out = annotate(original, &comments).unwrap();
        assert_eq!(texts(&out), texts(original));
        let xml = part(&out, "word/comments.xml");
        assert!(xml.contains("琐碎 &lt;细节&gt; &amp; &quot;引号&quot;；改正：删去（扣 2 分）"));
        assert!(xml.contains(r#"w:author="xuncha 自查""#) && xml.contains(r#"w:initials="XC""#));
        assert!(xml.contains("<w:t xml:space=\"preserve\">第二行</w:t>"));
        for id in 0..4 {
            assert_eq!(xml.matches(&format!(r#"w:id="{id}""#)).count(), 1, "id {id} unique");
        }
        let doc = part(&out, "word/document.xml");
        let paragraphs = texts(original);
        assert!(commented(&doc, 1).contains(paragraphs[3].as_str()));
        assert!(commented(&doc, 2).contains(paragraphs[3].as_str()));
        assert_eq!(doc.matches("<w:commentReference").count(), 4);
        assert!(part(&out, "word/_rels/document.xml.rels").contains(COMMENTS_REL));
        assert!(part(&out, "[Content_Types].xml").contains(r#"PartName="/word/comments.xml""#));
        // Deterministic.
        assert_eq!(annotate(original, &comments).unwrap(), out);
        // Other entries are copied unchanged.
        let styles = |b: &[u8]| part(b, "word/styles.xml");
        assert_eq!(styles(&out), styles(original));
    }

    #[test]
    fn paragraphs_are_counted_as_the_reader_counts_them() {
        let body = concat!(
            r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>"#,
            r#"<w:p/>"#,
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表内</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
            r#"<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="甲"/></w:rPr></w:pPr><w:r><w:t>前半</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>后半</w:t></w:r></w:p>"#,
            r#"<w:del w:id="2"><w:p><w:r><w:delText>不计</w:delText></w:r></w:p></w:del>"#,
            r#"<w:p><w:r><w:t>锚段</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>"#,
            r#"<w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"#,
            r#"<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>结尾</w:t></w:r></w:p>"#,
        );
        let doc = format!(r#"<?xml version="1.0"?><w:document {NS}><w:body>{body}</w:body></w:document>"#);
        let original = zip_parts(&[("[Content_Types].xml", TYPES.as_bytes()), ("word/document.xml", doc.as_bytes())]);
        let before = texts(&original);
        assert_eq!(before, ["标题", "", "表内", "前半后半", "锚段", "文本框", "结尾"]);
        let comments: Vec<(usize, String)> = (0..before.len()).map(|i| (i, format!("第{}段", i + 1))).collect();
        let out = annotate(&original, &comments).unwrap();
        assert_eq!(texts(&out), before);
        let xml = part(&out, "word/document.xml");
        assert!(xml.contains(r#"</w:pPr><w:commentRangeStart w:id="0"/><w:r><w:t>标题"#));
        assert!(xml.contains(r#"<w:p><w:commentRangeStart w:id="1"/><w:commentRangeEnd w:id="1"/>"#));
        // A paragraph whose mark was deleted is read as part of the next: the comment goes there.
        for (i, text) in before.iter().enumerate() {
            let text = text.trim_start_matches("前半");
            assert!(commented(&xml, i as u64).contains(text), "paragraph {i}");
        }
        // The text box is commented in the branch the reader reads (mc:Choice), not in the fallback.
        assert!(xml.find(r#"<w:commentRangeStart w:id="5"/>"#) < xml.find("<mc:Fallback>"));
        // The relationships part did not exist: it is created.
        assert!(part(&out, "word/_rels/document.xml.rels").contains(r#"Target="comments.xml""#));
    }

    #[test]
    fn every_paragraph_of_a_real_file() {
        let original = include_bytes!("../../fixtures/docx/numbered.docx");
        let before = texts(original);
        let comments: Vec<(usize, String)> = (0..before.len()).map(|i| (i, format!("第{}段", i + 1))).collect();
        let out = annotate(original, &comments).unwrap();
        assert_eq!(texts(&out), before);
        let xml = part(&out, "word/document.xml");
        // Runs split the text: compare with the tags taken out.
        let untagged = |x: &str| {
            let mut inside = false;
            x.chars()
                .filter(|&c| {
                    let keep = !inside && c != '<';
                    inside = (inside || c == '<') && c != '>';
                    keep
                })
                .collect::<String>()
        };
        for (i, text) in before.iter().enumerate() {
            assert!(untagged(commented(&xml, i as u64)).contains(text.as_str()), "paragraph {i}");
        }
    }

    #[test]
    fn existing_comments_survive() {
        let doc = format!(
            r#"<?xml version="1.0"?><w:document {NS}><w:body><w:p><w:commentRangeStart w:id="5"/><w:r><w:t>一</w:t></w:r><w:commentRangeEnd w:id="5"/><w:r><w:commentReference w:id="5"/></w:r></w:p><w:p><w:r><w:t>二</w:t></w:r></w:p></w:body></w:document>"#
        );
        let comments_xml = format!(
            r#"<?xml version="1.0"?><w:comments {NS}><w:comment w:id="5" w:author="组长"><w:p><w:r><w:t>原有批注</w:t></w:r></w:p></w:comment></w:comments>"#
        );
        let rels = format!(
            r#"<?xml version="1.0"?><Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{COMMENTS_REL}" Target="comments.xml"/></Relationships>"#
        );
        let types = TYPES.replace(
            "</Types>",
            &format!(r#"<Override PartName="/word/comments.xml" ContentType="{COMMENTS_TYPE}"/></Types>"#),
        );
        let original = zip_parts(&[
            ("[Content_Types].xml", types.as_bytes()),
            ("word/document.xml", doc.as_bytes()),
            ("word/_rels/document.xml.rels", rels.as_bytes()),
            ("word/comments.xml", comments_xml.as_bytes()),
        ]);
        let out = annotate(&original, &[(0, "新批注甲".into()), (1, "新批注乙".into())]).unwrap();
        let xml = part(&out, "word/comments.xml");
        assert!(xml.contains("原有批注") && xml.contains("新批注甲") && xml.contains("新批注乙"));
        assert!(xml.contains(r#"<w:comment w:id="6""#) && xml.contains(r#"<w:comment w:id="7""#));
        assert!(commented(&part(&out, "word/document.xml"), 7).contains("二"));
        assert_eq!(part(&out, "word/_rels/document.xml.rels"), rels);
        assert_eq!(part(&out, "[Content_Types].xml").matches("comments.xml").count(), 1);
        assert_eq!(texts(&out), ["一", "二"]);
        // The names of the archive's entries are unique.
        let a = ZipArchive::new(Cursor::new(out.as_slice())).unwrap();
        assert_eq!(a.len(), 4);
    }

    #[test]
    fn not_a_docx_is_an_error() {
        assert!(matches!(annotate(b"not a zip", &[(0, "x".into())]), Err(AnnotateError::Docx(_))));
    }
}
