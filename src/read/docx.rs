//! Tolerant streaming reader for Word `.docx` files (a zip archive of WordprocessingML).
//!
//! Written by hand on purpose: general docx crates reject many real files written by
//! WPS, Word and LibreOffice. Only `word/document.xml` (located through `_rels/.rels`
//! when present), `styles.xml` and `numbering.xml` are read; headers, footers,
//! footnotes and comments are not.
//!
//! Behaviour worth knowing:
//! - A `document.xml` that is malformed or cut off half-way yields [`DocxError::Xml`];
//!   the paragraphs read before the damage are discarded rather than returned.
//! - Text boxes (`w:txbxContent`) are kept: each text-box paragraph becomes its own
//!   paragraph, placed right after the paragraph that anchors the box.
//! - In `mc:AlternateContent` only the first non-empty `mc:Choice` is read; the other
//!   choices and `mc:Fallback` are skipped (the fallback is read when no choice was).
//! - Tracked changes are shown as if accepted: `w:ins`/`w:moveTo` text is kept,
//!   `w:del`/`w:moveFrom` text is dropped, and a paragraph whose mark was deleted is
//!   merged into the next paragraph.
//! - Field instructions (`w:instrText`) and ruby annotations (`w:rt`) are dropped; field
//!   results are kept. Runs hidden by a direct `<w:vanish/>` are dropped.
//! - Every `w:p` yields a paragraph, including empty ones.
//! - Namespace prefixes are matched by the URI they are declared with (declarations
//!   are treated as document-wide); the conventional `w:` and `mc:` prefixes are also
//!   accepted when undeclared.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read, Seek};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

/// One paragraph of the document body, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxParagraph {
    /// Visible text: runs' `<w:t>`, `<w:tab/>` as '\t', `<w:br/>` and `<w:cr/>` as ' '
    /// (a paragraph stays one line), `<w:noBreakHyphen/>` as '-', `<w:sym>` ignored.
    /// No trailing newline.
    pub text: String,
    /// 1-based heading level from the paragraph style ("Heading N", "标题 N", a style
    /// with `<w:outlineLvl>`) or a direct `<w:outlineLvl>`. None for body text and titles.
    pub heading_level: Option<u8>,
    /// The list label Word would display for automatic numbering, e.g. `Some("一、")`,
    /// `Some("（一）")`, `Some("1.")`. None when not numbered or numbering.xml is missing/odd.
    pub numbering: Option<String>,
    /// True when the paragraph sits inside a table cell.
    pub in_table: bool,
}

/// Where a body paragraph sits in the decoded `document.xml` ([`DocumentMap::xml`]), for
/// writers that annotate it (`render::docx`). Byte offsets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParagraphAnchor {
    /// Where the paragraph's content starts: after `<w:p …>` and its `<w:pPr>…</w:pPr>`. For a
    /// self-closing `<w:p/>`, the offset of its `/>`.
    pub open: usize,
    /// The offset of the paragraph's `</w:p>`; equal to `open` for a self-closing `<w:p/>`.
    pub close: usize,
    /// The qualified name (`w:p`) of a self-closing paragraph, None for `<w:p>…</w:p>`.
    pub self_closing: Option<String>,
}

/// The main document part with its body paragraphs located: the same paragraphs, in the same
/// order, as [`read_paragraphs`] returns.
#[derive(Debug, Clone)]
pub struct DocumentMap {
    /// The zip entry name of the main document part.
    pub part: String,
    /// The part decoded to text; anchors are byte offsets into it.
    pub xml: String,
    /// The part was UTF-16 (little-endian when true) with a byte-order mark.
    pub utf16: Option<bool>,
    pub paragraphs: Vec<(DocxParagraph, ParagraphAnchor)>,
}

/// Why a `.docx` file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// Not a readable zip archive (corrupt, truncated, encrypted, not a .docx, or > 10,000 entries).
    #[error("不是有效的 .docx 文件（无法作为 zip 压缩包打开，文件可能已损坏或并非 Word 文档）")]
    NotZip,
    /// The archive has no main document part.
    #[error("压缩包中没有 word/document.xml，不是 Word 文档")]
    MissingDocument,
    /// A part decompresses to more than its limit (64 MiB document, 16 MiB styles/numbering).
    #[error("{part} 解压后超过 {limit_mb} MB，已停止读取（疑似压缩炸弹）")]
    TooLarge { part: String, limit_mb: u64 },
    /// document.xml is malformed or cut off; `position` is a byte offset in the decoded XML.
    #[error("word/document.xml 内容损坏（第 {position} 字节附近）：{detail}")]
    Xml { position: u64, detail: String },
}

const MIB: u64 = 1024 * 1024;
/// Decompressed size limit for the main document part.
const DOCUMENT_LIMIT: u64 = 64 * MIB;
/// Decompressed size limit for styles.xml, numbering.xml and relationship parts.
const PART_LIMIT: u64 = 16 * MIB;
/// Archives declaring more entries than this are refused.
const MAX_ENTRIES: u64 = 10_000;
/// Guard against cyclic or absurd style / numbering link chains.
const MAX_CHAIN: usize = 32;
/// Number of list levels Word supports.
const LEVELS: usize = 9;

const W_NAMESPACES: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NAMESPACE: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Reads the body paragraphs of a `.docx` file held in memory.
///
/// Never panics. A damaged or truncated `word/document.xml` is an error
/// ([`DocxError::Xml`]), not a partial result. Damaged or missing `styles.xml` /
/// `numbering.xml` only lose heading levels / list labels; oversized ones are
/// [`DocxError::TooLarge`].
pub fn read_paragraphs(bytes: &[u8]) -> Result<Vec<DocxParagraph>, DocxError> {
    Ok(map_paragraphs(bytes)?.paragraphs.into_iter().map(|(p, _)| p).collect())
}

/// Reads the body paragraphs as [`read_paragraphs`] does, keeping the decoded main part and
/// where each paragraph sits in it.
pub fn map_paragraphs(bytes: &[u8]) -> Result<DocumentMap, DocxError> {
    if declared_entry_count(bytes).is_some_and(|n| n > MAX_ENTRIES) {
        return Err(DocxError::NotZip);
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| DocxError::NotZip)?;
    if u64::try_from(archive.len()).map_or(true, |n| n > MAX_ENTRIES) {
        return Err(DocxError::NotZip);
    }

    let doc_path = main_document_path(&mut archive);
    let doc_index = find_entry(&archive, &doc_path)
        .or_else(|| find_entry(&archive, "word/document.xml"))
        .ok_or(DocxError::MissingDocument)?;
    let doc_bytes = read_entry(&mut archive, doc_index, DOCUMENT_LIMIT).map_err(|e| match e {
        EntryError::TooLarge => DocxError::TooLarge { part: doc_path.clone(), limit_mb: DOCUMENT_LIMIT / MIB },
        EntryError::Broken => DocxError::NotZip,
    })?;

    let (styles_path, numbering_path) = document_part_paths(&mut archive, &doc_path);
    let styles =
        optional_part(&mut archive, &styles_path)?.and_then(|b| Styles::parse(&decode_text(&b))).unwrap_or_default();
    let numbering = optional_part(&mut archive, &numbering_path)?
        .and_then(|b| Numbering::parse(&decode_text(&b)))
        .unwrap_or_default();

    let part = archive.name_for_index(doc_index).and_then(Result::ok).map_or(doc_path, |n| n.to_string());
    let utf16 = match doc_bytes.get(..2) {
        Some(b"\xFF\xFE") => Some(true),
        Some(b"\xFE\xFF") => Some(false),
        _ => None,
    };
    let xml = decode_text(&doc_bytes);
    drop(doc_bytes);
    let paragraphs = DocumentParser::new(&styles, &numbering).run(&xml)?;
    Ok(DocumentMap { part, xml, utf16, paragraphs })
}

// ---------------------------------------------------------------------------
// Zip handling
// ---------------------------------------------------------------------------

enum EntryError {
    TooLarge,
    Broken,
}

/// Reads one entry fully, refusing more than `limit` decompressed bytes.
fn read_entry<R: Read + Seek>(archive: &mut ZipArchive<R>, index: usize, limit: u64) -> Result<Vec<u8>, EntryError> {
    let file = archive.by_index(index).map_err(|_| EntryError::Broken)?;
    if file.size() > limit {
        return Err(EntryError::TooLarge);
    }
    read_capped(file, limit)
}

fn read_capped<R: Read>(reader: R, limit: u64) -> Result<Vec<u8>, EntryError> {
    let mut buf = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut buf).map_err(|_| EntryError::Broken)?;
    if u64::try_from(buf.len()).map_or(true, |n| n > limit) {
        return Err(EntryError::TooLarge);
    }
    Ok(buf)
}

/// An optional part (styles, numbering): missing or broken → `Ok(None)`, too large → error.
fn optional_part<R: Read + Seek>(archive: &mut ZipArchive<R>, path: &str) -> Result<Option<Vec<u8>>, DocxError> {
    let Some(index) = find_entry(archive, path) else {
        return Ok(None);
    };
    match read_entry(archive, index, PART_LIMIT) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(EntryError::TooLarge) => Err(DocxError::TooLarge { part: path.to_owned(), limit_mb: PART_LIMIT / MIB }),
        Err(EntryError::Broken) => Ok(None),
    }
}

/// Finds an entry by exact name, then by a forgiving comparison (case, backslashes,
/// leading slash) because some generators are sloppy.
fn find_entry<R: Read + Seek>(archive: &ZipArchive<R>, wanted: &str) -> Option<usize> {
    if let Some(i) = archive.index_for_name(wanted) {
        return Some(i);
    }
    let wanted = normalize_entry_name(wanted);
    (0..archive.len()).find(|&i| {
        archive.name_for_index(i).and_then(Result::ok).is_some_and(|name| normalize_entry_name(&name) == wanted)
    })
}

fn normalize_entry_name(name: &str) -> String {
    name.replace('\\', "/").trim_start_matches('/').to_lowercase()
}

/// Entry count declared by the end-of-central-directory record, looked up before the
/// zip crate parses the whole directory.
fn declared_entry_count(bytes: &[u8]) -> Option<u64> {
    let last = bytes.len().checked_sub(22)?;
    let first = last.saturating_sub(65_535);
    let pos = (first..=last).rev().find(|&i| bytes.get(i..i.saturating_add(4)) == Some(b"PK\x05\x06".as_slice()))?;
    let total = u16::from_le_bytes(bytes.get(pos.checked_add(10)?..pos.checked_add(12)?)?.try_into().ok()?);
    if total != u16::MAX {
        return Some(u64::from(total));
    }
    // ZIP64: the locator sits just before the classic record.
    let loc = pos.checked_sub(20)?;
    if bytes.get(loc..loc.checked_add(4)?)? != b"PK\x06\x07" {
        return None;
    }
    let offset = u64::from_le_bytes(bytes.get(loc.checked_add(8)?..loc.checked_add(16)?)?.try_into().ok()?);
    let offset = usize::try_from(offset).ok()?;
    if bytes.get(offset..offset.checked_add(4)?)? != b"PK\x06\x06" {
        return None;
    }
    Some(u64::from_le_bytes(bytes.get(offset.checked_add(32)?..offset.checked_add(40)?)?.try_into().ok()?))
}

/// Path of the main document part, from `_rels/.rels`, defaulting to `word/document.xml`.
fn main_document_path<R: Read + Seek>(archive: &mut ZipArchive<R>) -> String {
    let default = "word/document.xml".to_owned();
    let Some(index) = find_entry(archive, "_rels/.rels") else {
        return default;
    };
    let Ok(bytes) = read_entry(archive, index, PART_LIMIT) else {
        return default;
    };
    relationships(&decode_text(&bytes))
        .into_iter()
        .find(|(kind, _)| kind.ends_with("/officeDocument"))
        .map(|(_, target)| resolve_part("", &target))
        .filter(|path| find_entry(archive, path).is_some())
        .unwrap_or(default)
}

/// Paths of the styles and numbering parts belonging to the main document.
fn document_part_paths<R: Read + Seek>(archive: &mut ZipArchive<R>, doc_path: &str) -> (String, String) {
    let (dir, file) = match doc_path.rfind('/') {
        Some(i) => (doc_path.get(..=i).unwrap_or(""), doc_path.get(i + 1..).unwrap_or("")),
        None => ("", doc_path),
    };
    let mut styles = format!("{dir}styles.xml");
    let mut numbering = format!("{dir}numbering.xml");
    let rels_path = format!("{dir}_rels/{file}.rels");
    let rels = find_entry(archive, &rels_path)
        .and_then(|index| read_entry(archive, index, PART_LIMIT).ok())
        .map(|bytes| relationships(&decode_text(&bytes)))
        .unwrap_or_default();
    for (kind, target) in rels {
        if kind.ends_with("/styles") {
            styles = resolve_part(dir, &target);
        } else if kind.ends_with("/numbering") {
            numbering = resolve_part(dir, &target);
        }
    }
    (styles, numbering)
}

/// (Type, Target) of the internal relationships in a `.rels` part; garbage → empty.
fn relationships(xml: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let external = attr(&e, "TargetMode").is_some_and(|m| m == "External");
                if let (Some(kind), Some(target), false) = (attr(&e, "Type"), attr(&e, "Target"), external) {
                    out.push((kind, target));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// Resolves a relationship target against the directory of its source part.
pub fn resolve_part(base_dir: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("{base_dir}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Decodes an XML part to text: UTF-8 (BOM optional, invalid bytes replaced) or UTF-16 with BOM.
fn decode_text(bytes: &[u8]) -> String {
    fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> String {
        let units = bytes.chunks_exact(2).filter_map(|c| <[u8; 2]>::try_from(c).ok()).map(word);
        char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

// ---------------------------------------------------------------------------
// XML helpers
// ---------------------------------------------------------------------------

/// Value of the first attribute with this local name (any prefix), entities decoded
/// when possible, raw otherwise.
fn attr(e: &BytesStart, local: &str) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.local_name().as_ref() == local {
            return Some(match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(_) => a.value.into_owned(),
            });
        }
    }
    None
}

/// `w:val` of an element.
fn val(e: &BytesStart) -> Option<String> {
    attr(e, "val")
}

/// On/off property (`<w:vanish/>`, `<w:isLgl w:val="0"/>` …).
fn on_off(e: &BytesStart) -> bool {
    !matches!(val(e).as_deref().map(str::trim), Some("0" | "false" | "off" | "none"))
}

fn parse_u32(s: &str) -> Option<u32> {
    let v: i64 = s.trim().parse().ok()?;
    Some(u32::try_from(v.max(0)).unwrap_or(u32::MAX))
}

fn parse_u8(s: &str) -> Option<u8> {
    parse_u32(s).map(|v| u8::try_from(v).unwrap_or(u8::MAX))
}

fn xml_error(position: u64, e: &quick_xml::Error) -> DocxError {
    let detail = match e {
        quick_xml::Error::Syntax(s) => format!("XML 语法错误（{s}），文件可能被截断"),
        quick_xml::Error::IllFormed(s) => format!("XML 结构错误（{s}）"),
        other => format!("XML 解析失败（{other}）"),
    };
    DocxError::Xml { position, detail }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    W,
    Mc,
    Other,
}

/// Prefixes bound to the WordprocessingML and markup-compatibility namespaces.
struct Prefixes {
    w: Vec<String>,
    mc: Vec<String>,
}

impl Prefixes {
    fn new() -> Self {
        Prefixes { w: vec!["w".to_owned()], mc: vec!["mc".to_owned()] }
    }

    fn learn(&mut self, e: &BytesStart) {
        if !e.attributes_raw().contains("xmlns") {
            return;
        }
        for a in e.attributes().with_checks(false).flatten() {
            let key = a.key.as_ref();
            let prefix: &str = if key == "xmlns" {
                ""
            } else if let Some(p) = key.strip_prefix("xmlns:") {
                p
            } else {
                continue;
            };
            let uri = a.value.trim();
            let list = if W_NAMESPACES.contains(&uri) {
                &mut self.w
            } else if uri == MC_NAMESPACE {
                &mut self.mc
            } else {
                continue;
            };
            if !list.iter().any(|p| p == prefix) {
                list.push(prefix.to_owned());
            }
        }
    }

    fn ns(&self, e: &BytesStart) -> Ns {
        let name = e.name();
        let prefix: &str = name.prefix().map_or("", |p| p.into_inner());
        if self.w.iter().any(|p| p == prefix) {
            Ns::W
        } else if self.mc.iter().any(|p| p == prefix) {
            Ns::Mc
        } else {
            Ns::Other
        }
    }
}

// ---------------------------------------------------------------------------
// styles.xml
// ---------------------------------------------------------------------------

#[derive(Default)]
struct Style {
    name: Option<String>,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<String>,
    ilvl: Option<u8>,
}

#[derive(Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default_paragraph: Option<String>,
}

enum StyleName {
    Heading(u8),
    Title,
    Other,
}

/// "Heading 1", "heading1", "标题 1", "标题1" → Heading; "Title", "标题" → Title.
fn classify_style_name(name: &str) -> StyleName {
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    if compact == "title" || compact == "标题" {
        return StyleName::Title;
    }
    let rest = compact.strip_prefix("heading").or_else(|| compact.strip_prefix("标题"));
    match rest.and_then(|r| r.parse::<u8>().ok()) {
        Some(n @ 1..=9) if rest.is_some_and(|r| r.chars().all(|c| c.is_ascii_digit())) => StyleName::Heading(n),
        _ => StyleName::Other,
    }
}

fn outline_to_level(v: u8) -> Option<u8> {
    (v < 9).then(|| v + 1)
}

impl Styles {
    /// Parses styles.xml; malformed → None (treated as missing).
    fn parse(xml: &str) -> Option<Styles> {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().allow_dangling_amp = true;
        let mut styles = Styles::default();
        let mut path: Vec<String> = Vec::new();
        let mut current: Option<(String, Style)> = None;
        loop {
            let (e, empty) = match reader.read_event().ok()? {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) => {
                    if path.pop().as_deref() == Some("style") {
                        if let Some((id, style)) = current.take() {
                            styles.by_id.entry(id).or_insert(style);
                        }
                    }
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            let local = e.local_name().as_ref().to_owned();
            let tail: Vec<&str> = path.iter().rev().take(3).map(String::as_str).collect();
            match (local.as_str(), tail.as_slice()) {
                ("style", _) => {
                    let id = attr(&e, "styleId").unwrap_or_default();
                    let kind = attr(&e, "type");
                    if matches!(kind.as_deref(), None | Some("paragraph"))
                        && attr(&e, "default").is_some_and(|d| matches!(d.trim(), "1" | "true" | "on"))
                    {
                        styles.default_paragraph = Some(id.clone());
                    }
                    current = Some((id, Style::default()));
                }
                ("name", ["style", ..]) => {
                    if let Some((_, s)) = current.as_mut() {
                        s.name = val(&e);
                    }
                }
                ("basedOn", ["style", ..]) => {
                    if let Some((_, s)) = current.as_mut() {
                        s.based_on = val(&e);
                    }
                }
                ("outlineLvl", ["pPr", "style", ..]) => {
                    if let Some((_, s)) = current.as_mut() {
                        s.outline = val(&e).as_deref().and_then(parse_u8);
                    }
                }
                ("numId", ["numPr", "pPr", "style"]) => {
                    if let Some((_, s)) = current.as_mut() {
                        s.num_id = val(&e);
                    }
                }
                ("ilvl", ["numPr", "pPr", "style"]) => {
                    if let Some((_, s)) = current.as_mut() {
                        s.ilvl = val(&e).as_deref().and_then(parse_u8);
                    }
                }
                _ => {}
            }
            if empty {
                if local == "style" {
                    if let Some((id, style)) = current.take() {
                        styles.by_id.entry(id).or_insert(style);
                    }
                }
            } else {
                path.push(local);
            }
        }
        Some(styles)
    }

    /// The style chain starting at `id`, following `basedOn` (cycle-safe).
    fn chain<'a>(&'a self, id: &'a str) -> impl Iterator<Item = (&'a str, Option<&'a Style>)> {
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let id = next.take()?;
            let style = self.by_id.get(id);
            next = style.and_then(|s| s.based_on.as_deref());
            Some((id, style))
        })
        .take(MAX_CHAIN)
    }

    fn heading_level(&self, style: Option<&str>, direct_outline: Option<u8>) -> Option<u8> {
        let style = style.or(self.default_paragraph.as_deref());
        let from_style = || -> Option<u8> {
            for (id, s) in self.chain(style?) {
                let name = s.and_then(|s| s.name.as_deref()).unwrap_or(id);
                match classify_style_name(name) {
                    StyleName::Heading(n) => return Some(n),
                    StyleName::Title => return None,
                    StyleName::Other => {}
                }
                if let Some(v) = s.and_then(|s| s.outline) {
                    return outline_to_level(v);
                }
            }
            None
        };
        match direct_outline {
            Some(v) if v < 9 => outline_to_level(v),
            // "Body text" set directly cannot demote a built-in heading style.
            Some(_) => {
                style.and_then(|id| self.by_id.get(id).and_then(|s| s.name.as_deref()).or(Some(id))).and_then(|name| {
                    match classify_style_name(name) {
                        StyleName::Heading(n) => Some(n),
                        _ => None,
                    }
                })
            }
            None => from_style(),
        }
    }

    /// numId and ilvl a paragraph style contributes, each inherited separately.
    fn numbering_of<'a>(&'a self, style: &'a str) -> (Option<&'a str>, Option<u8>) {
        let mut num_id = None;
        let mut ilvl = None;
        for (_, s) in self.chain(style) {
            let Some(s) = s else { break };
            if num_id.is_none() {
                num_id = s.num_id.as_deref();
            }
            if ilvl.is_none() {
                ilvl = s.ilvl;
            }
        }
        (num_id, ilvl)
    }
}

// ---------------------------------------------------------------------------
// numbering.xml
// ---------------------------------------------------------------------------

#[derive(Default, Clone)]
struct Level {
    start: u32,
    format: String,
    text: Option<String>,
    restart: Option<u32>,
    legal: bool,
    style: Option<String>,
}

#[derive(Default)]
struct AbstractNum {
    levels: [Option<Level>; LEVELS],
    num_style_link: Option<String>,
}

#[derive(Default)]
struct Num {
    abstract_id: Option<String>,
    start_overrides: [Option<u32>; LEVELS],
    level_overrides: [Option<Level>; LEVELS],
}

impl Num {
    fn level<'a>(&'a self, abs: &'a AbstractNum, ilvl: usize) -> Option<&'a Level> {
        self.level_overrides
            .get(ilvl)
            .and_then(Option::as_ref)
            .or_else(|| abs.levels.get(ilvl).and_then(Option::as_ref))
    }

    fn start(&self, abs: &AbstractNum, ilvl: usize) -> u32 {
        self.start_overrides
            .get(ilvl)
            .copied()
            .flatten()
            .or_else(|| self.level(abs, ilvl).map(|l| l.start))
            .unwrap_or(0)
    }
}

#[derive(Default)]
struct Numbering {
    abstracts: HashMap<String, AbstractNum>,
    nums: HashMap<String, Num>,
}

impl Numbering {
    /// Parses numbering.xml; malformed → None (treated as missing).
    fn parse(xml: &str) -> Option<Numbering> {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().allow_dangling_amp = true;
        let mut numbering = Numbering::default();
        let mut path: Vec<String> = Vec::new();
        let mut abs: Option<(String, AbstractNum)> = None;
        let mut num: Option<(String, Num)> = None;
        let mut override_ilvl: Option<usize> = None;
        let mut level: Option<(usize, Level)> = None;
        loop {
            let (e, empty) = match reader.read_event().ok()? {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) => {
                    let Some(local) = path.pop() else { continue };
                    Self::close(&local, &mut numbering, &mut abs, &mut num, &mut override_ilvl, &mut level);
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            let local = e.local_name().as_ref().to_owned();
            let ilvl_attr = || attr(&e, "ilvl").as_deref().and_then(parse_u32).and_then(|v| usize::try_from(v).ok());
            match local.as_str() {
                "abstractNum" => {
                    let id = attr(&e, "abstractNumId").unwrap_or_default();
                    abs = Some((id, AbstractNum::default()));
                }
                "num" => {
                    let id = attr(&e, "numId").unwrap_or_default();
                    num = Some((id, Num::default()));
                }
                "abstractNumId" => {
                    if let Some((_, n)) = num.as_mut() {
                        n.abstract_id = val(&e);
                    }
                }
                "lvlOverride" => override_ilvl = ilvl_attr(),
                "startOverride" => {
                    let slot = num.as_mut().zip(override_ilvl).and_then(|((_, n), i)| n.start_overrides.get_mut(i));
                    if let Some(slot) = slot {
                        *slot = val(&e).as_deref().and_then(parse_u32);
                    }
                }
                "numStyleLink" => {
                    if let Some((_, a)) = abs.as_mut() {
                        a.num_style_link = val(&e);
                    }
                }
                "lvl" => {
                    let i = if num.is_some() { override_ilvl } else { ilvl_attr() };
                    level = i.map(|i| (i, Level::default()));
                }
                _ => {
                    if let Some((_, l)) = level.as_mut() {
                        match local.as_str() {
                            "start" => l.start = val(&e).as_deref().and_then(parse_u32).unwrap_or(0),
                            "numFmt" => {
                                let f = val(&e).unwrap_or_default();
                                // Word 2010+ puts a "custom" format in mc:Choice and a
                                // plain one in mc:Fallback; keep the plain one.
                                if f != "custom" || l.format.is_empty() {
                                    l.format = f;
                                }
                            }
                            "lvlText" => l.text = val(&e),
                            "lvlRestart" => l.restart = val(&e).as_deref().and_then(parse_u32),
                            "isLgl" => l.legal = on_off(&e),
                            "pStyle" => l.style = val(&e),
                            _ => {}
                        }
                    }
                }
            }
            if empty {
                Self::close(&local, &mut numbering, &mut abs, &mut num, &mut override_ilvl, &mut level);
            } else {
                path.push(local);
            }
        }
        Some(numbering)
    }

    fn close(
        local: &str,
        numbering: &mut Numbering,
        abs: &mut Option<(String, AbstractNum)>,
        num: &mut Option<(String, Num)>,
        override_ilvl: &mut Option<usize>,
        level: &mut Option<(usize, Level)>,
    ) {
        match local {
            "lvl" => {
                let Some((i, l)) = level.take() else { return };
                let slot = if let Some((_, n)) = num.as_mut() {
                    n.level_overrides.get_mut(i)
                } else if let Some((_, a)) = abs.as_mut() {
                    a.levels.get_mut(i)
                } else {
                    None
                };
                if let Some(slot) = slot {
                    *slot = Some(l);
                }
            }
            "lvlOverride" => *override_ilvl = None,
            "abstractNum" => {
                if let Some((id, a)) = abs.take() {
                    numbering.abstracts.entry(id).or_insert(a);
                }
            }
            "num" => {
                if let Some((id, n)) = num.take() {
                    numbering.nums.entry(id).or_insert(n);
                }
            }
            _ => {}
        }
    }

    /// The abstract numbering a `w:num` uses, following `numStyleLink` to the list style.
    fn resolve_abstract<'a>(&'a self, num: &'a Num, styles: &Styles) -> Option<(&'a str, &'a AbstractNum)> {
        let mut id = num.abstract_id.as_deref()?;
        for _ in 0..MAX_CHAIN {
            let abs = self.abstracts.get(id)?;
            let Some(link) = abs.num_style_link.as_deref() else {
                return Some((id, abs));
            };
            if abs.levels.iter().any(Option::is_some) {
                return Some((id, abs));
            }
            let linked_num = self.nums.get(styles.numbering_of(link).0?)?;
            let next = linked_num.abstract_id.as_deref()?;
            if next == id {
                return Some((id, abs));
            }
            id = next;
        }
        None
    }
}

/// Running list counters, shared by all `w:num` of one abstract numbering (as Word does).
#[derive(Default)]
struct Counters {
    by_abstract: HashMap<String, [Option<u32>; LEVELS]>,
    started_nums: HashSet<String>,
}

impl Counters {
    fn label(
        &mut self,
        numbering: &Numbering,
        styles: &Styles,
        style: Option<&str>,
        direct_num_id: Option<&str>,
        direct_ilvl: Option<u8>,
    ) -> Option<String> {
        let style = style.or(styles.default_paragraph.as_deref());
        let (style_num, style_ilvl) = style.map(|s| styles.numbering_of(s)).unwrap_or_default();
        let num_id = direct_num_id.or(style_num)?.trim();
        if num_id == "0" {
            return None;
        }
        let num = numbering.nums.get(num_id)?;
        let (abs_id, abs) = numbering.resolve_abstract(num, styles)?;
        let ilvl = direct_ilvl
            .or(style_ilvl)
            .or_else(|| {
                let style = style?;
                abs.levels
                    .iter()
                    .position(|l| l.as_ref().and_then(|l| l.style.as_deref()).is_some_and(|s| s == style))
                    .and_then(|i| u8::try_from(i).ok())
            })
            .unwrap_or(0);
        let ilvl = usize::from(ilvl);
        let level = num.level(abs, ilvl)?;

        let counters = self.by_abstract.entry(abs_id.to_owned()).or_insert([None; LEVELS]);
        if self.started_nums.insert(num_id.to_owned()) {
            for (counter, start) in counters.iter_mut().zip(&num.start_overrides) {
                if start.is_some() {
                    *counter = None;
                }
            }
        }
        let current = counters.get_mut(ilvl)?;
        *current = Some(match *current {
            Some(c) => c.saturating_add(1),
            None => num.start(abs, ilvl),
        });
        for (m, counter) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            let restart = num.level(abs, m).and_then(|l| l.restart);
            let reset = match restart {
                None => true,
                Some(0) => false,
                Some(r) => usize::try_from(r).map_or(true, |r| r > m || ilvl < r),
            };
            if reset {
                *counter = None;
            }
        }

        let template = level.text.as_deref()?;
        let label = if level.format == "bullet" {
            template.chars().map(|c| if ('\u{F000}'..='\u{F0FF}').contains(&c) { '•' } else { c }).collect()
        } else {
            let mut out = String::new();
            let mut chars = template.chars().peekable();
            while let Some(c) = chars.next() {
                let referenced = chars.peek().and_then(|d| d.to_digit(10)).filter(|d| (1..=9).contains(d) && c == '%');
                let Some(k) = referenced else {
                    out.push(c);
                    continue;
                };
                chars.next();
                let Some(idx) = usize::try_from(k).ok().and_then(|k| k.checked_sub(1)) else {
                    continue;
                };
                let value = counters.get(idx).copied().flatten().unwrap_or_else(|| num.start(abs, idx));
                let format =
                    if level.legal { "decimal" } else { num.level(abs, idx).map_or("decimal", |l| l.format.as_str()) };
                out.push_str(&format_number(value, format));
            }
            out
        };
        (!label.is_empty()).then_some(label)
    }
}

// ---------------------------------------------------------------------------
// Number formats
// ---------------------------------------------------------------------------

fn format_number(n: u32, format: &str) -> String {
    match format {
        "none" => String::new(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "chineseCounting" | "chineseCountingThousand" => chinese(n, ChineseStyle::Counting),
        // LibreOffice exports its "一, 二, 三, ..." format as taiwaneseCountingThousand.
        "taiwaneseCounting" | "taiwaneseCountingThousand" => chinese(n, ChineseStyle::Taiwanese),
        "chineseLegalSimplified" => chinese(n, ChineseStyle::Legal),
        "japaneseCounting" => chinese(n, ChineseStyle::Japanese),
        "ideographDigital" => {
            n.to_string().chars().map(|d| digit_char(d.to_digit(10).unwrap_or(0), &CN_DIGITS)).collect()
        }
        "ideographTraditional" if n > 0 => {
            const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
            digit_char((n - 1) % 10, &STEMS).to_string()
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => enclosed(n, 0x2460, 20),
        "decimalEnclosedParen" => enclosed(n, 0x2474, 20),
        "decimalEnclosedFullstop" => enclosed(n, 0x2488, 20),
        "decimalFullWidth" | "decimalFullWidth2" => {
            n.to_string().chars().map(|d| char::from_u32(u32::from(d) + 0xFEE0).unwrap_or(d)).collect()
        }
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

const CN_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CN_LEGAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

fn digit_char(d: u32, table: &[char; 10]) -> char {
    usize::try_from(d).ok().and_then(|d| table.get(d)).copied().unwrap_or('?')
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ChineseStyle {
    /// 一、十一、一百零一、一万
    Counting,
    /// As `Counting` with traditional 萬/億.
    Taiwanese,
    /// 壹、壹拾壹、壹佰零壹
    Legal,
    /// 一、十一、百一 (no zeros, no leading 一 before 十/百/千)
    Japanese,
}

fn chinese(n: u32, style: ChineseStyle) -> String {
    let (digits, units, big, zero) = match style {
        ChineseStyle::Counting => (&CN_DIGITS, ['千', '百', '十'], ['亿', '万'], '零'),
        ChineseStyle::Taiwanese => (&CN_DIGITS, ['千', '百', '十'], ['億', '萬'], '零'),
        ChineseStyle::Legal => (&CN_LEGAL_DIGITS, ['仟', '佰', '拾'], ['亿', '万'], '零'),
        ChineseStyle::Japanese => (&CN_DIGITS, ['千', '百', '十'], ['億', '万'], '〇'),
    };
    if n == 0 {
        return digit_char(0, digits).to_string();
    }
    let section = |g: u32| -> String {
        let mut s = String::new();
        let mut pending_zero = false;
        let places = [
            (g / 1000 % 10, Some(units[0])),
            (g / 100 % 10, Some(units[1])),
            (g / 10 % 10, Some(units[2])),
            (g % 10, None),
        ];
        for (d, unit) in places {
            if d == 0 {
                pending_zero = !s.is_empty();
                continue;
            }
            if pending_zero && style != ChineseStyle::Japanese {
                s.push(zero);
            }
            pending_zero = false;
            if !(style == ChineseStyle::Japanese && d == 1 && unit.is_some()) {
                s.push(digit_char(d, digits));
            }
            if let Some(u) = unit {
                s.push(u);
            }
        }
        s
    };
    let groups = [(n / 100_000_000, Some(big[0])), (n / 10_000 % 10_000, Some(big[1])), (n % 10_000, None)];
    let mut out = String::new();
    let mut gap = false;
    for (g, unit) in groups {
        if g == 0 {
            gap = !out.is_empty();
            continue;
        }
        if !out.is_empty() && (gap || g < 1000) && style != ChineseStyle::Japanese {
            out.push(zero);
        }
        gap = false;
        out.push_str(&section(g));
        if let Some(u) = unit {
            out.push(u);
        }
    }
    if matches!(style, ChineseStyle::Counting | ChineseStyle::Taiwanese) && out.starts_with("一十") {
        out.remove(0);
    }
    out
}

fn enclosed(n: u32, first: u32, count: u32) -> String {
    match n.checked_sub(1) {
        Some(i) if i < count => char::from_u32(first + i).map_or_else(|| n.to_string(), String::from),
        _ => n.to_string(),
    }
}

fn letters(n: u32, base: u8) -> String {
    let Some(i) = n.checked_sub(1) else {
        return n.to_string();
    };
    let repeat = i / 26 + 1;
    if repeat > 50 {
        return n.to_string();
    }
    let letter = char::from(base.saturating_add(u8::try_from(i % 26).unwrap_or(0)));
    std::iter::repeat_n(letter, usize::try_from(repeat).unwrap_or(1)).collect()
}

fn roman(n: u32) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while rest >= value {
            out.push_str(symbol);
            rest -= value;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// document.xml
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    Paragraph,
    ParagraphProps,
    ParagraphMarkProps,
    NumberingProps,
    Run,
    RunProps,
    Text,
    TableCell,
    TextBox,
    AlternateContent,
    Other,
}

#[derive(Default)]
struct ParagraphState {
    text: String,
    run_text: String,
    run_hidden: bool,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    outline: Option<u8>,
    mark_deleted: bool,
    in_table: bool,
    /// Finished text-box paragraphs anchored in this paragraph, emitted after it.
    nested: Vec<(DocxParagraph, ParagraphAnchor)>,
    anchor: ParagraphAnchor,
}

struct DocumentParser<'a> {
    styles: &'a Styles,
    numbering: &'a Numbering,
    counters: Counters,
    prefixes: Prefixes,
    stack: Vec<Tag>,
    /// While set, everything at this stack depth or deeper is ignored.
    skip_from: Option<usize>,
    /// One entry per open mc:AlternateContent: has a branch been read yet?
    alternate: Vec<bool>,
    paragraphs: Vec<ParagraphState>,
    /// Text of paragraphs whose mark was deleted, merged into the next paragraph.
    carry: String,
    /// The first paragraph whose text is in `carry`, for when no paragraph follows.
    carry_anchor: Option<ParagraphAnchor>,
    /// Byte offsets of the current event's start and end in the XML.
    event_start: usize,
    event_end: usize,
    /// Content of the open `w:t` and whether it has xml:space="preserve".
    text: Option<(String, bool)>,
    out: Vec<(DocxParagraph, ParagraphAnchor)>,
}

impl<'a> DocumentParser<'a> {
    fn new(styles: &'a Styles, numbering: &'a Numbering) -> Self {
        DocumentParser {
            styles,
            numbering,
            counters: Counters::default(),
            prefixes: Prefixes::new(),
            stack: Vec::new(),
            skip_from: None,
            alternate: Vec::new(),
            paragraphs: Vec::new(),
            carry: String::new(),
            carry_anchor: None,
            event_start: 0,
            event_end: 0,
            text: None,
            out: Vec::new(),
        }
    }

    fn run(mut self, xml: &str) -> Result<Vec<(DocxParagraph, ParagraphAnchor)>, DocxError> {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().allow_dangling_amp = true;
        loop {
            self.event_start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            let event = reader.read_event().map_err(|e| xml_error(reader.error_position(), &e))?;
            self.event_end = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            match event {
                Event::Start(e) => self.start(&e, false),
                Event::Empty(e) => self.start(&e, true),
                Event::End(_) => self.end(),
                Event::Text(t) => {
                    if let Some((buf, _)) = self.collecting() {
                        buf.push_str(&t.xml10_content());
                    }
                }
                Event::CData(t) => {
                    if let Some((buf, _)) = self.collecting() {
                        buf.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some((buf, _)) = self.collecting() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => buf.push(c),
                            Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                                Some(s) => buf.push_str(s),
                                None => {
                                    buf.push('&');
                                    buf.push_str(&r);
                                    buf.push(';');
                                }
                            },
                            Err(_) => {
                                buf.push('&');
                                buf.push_str(&r);
                                buf.push(';');
                            }
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !self.stack.is_empty() {
            return Err(DocxError::Xml {
                position: reader.buffer_position(),
                detail: format!("文档意外结束，仍有 {} 个元素未闭合，文件可能被截断", self.stack.len()),
            });
        }
        if !self.carry.is_empty() {
            self.out.push((
                DocxParagraph {
                    text: std::mem::take(&mut self.carry),
                    heading_level: None,
                    numbering: None,
                    in_table: false,
                },
                self.carry_anchor.take().unwrap_or_default(),
            ));
        }
        Ok(self.out)
    }

    /// The open `w:t` buffer, when text events should be collected.
    fn collecting(&mut self) -> Option<&mut (String, bool)> {
        if self.skip_from.is_some() || self.stack.last() != Some(&Tag::Text) {
            return None;
        }
        self.text.as_mut()
    }

    fn skip(&mut self, empty: bool) {
        if !empty {
            self.stack.push(Tag::Other);
            self.skip_from = Some(self.stack.len());
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        if self.skip_from.is_some() {
            if !empty {
                self.stack.push(Tag::Other);
            }
            return;
        }
        self.prefixes.learn(e);
        let ns = self.prefixes.ns(e);
        let local = e.local_name();
        let parent = self.stack.last().copied();
        let tag = match (ns, local.as_ref()) {
            (Ns::W, "p") => {
                let in_table = self.stack.iter().rev().find(|t| matches!(t, Tag::TableCell | Tag::TextBox))
                    == Some(&Tag::TableCell);
                let anchor = if empty {
                    let open = self.event_end.saturating_sub(2);
                    let name = e.name().as_ref().to_owned();
                    ParagraphAnchor { open, close: open, self_closing: Some(name) }
                } else {
                    ParagraphAnchor { open: self.event_end, close: self.event_end, self_closing: None }
                };
                self.carry_anchor = None;
                self.paragraphs.push(ParagraphState {
                    text: std::mem::take(&mut self.carry),
                    in_table,
                    anchor,
                    ..ParagraphState::default()
                });
                Tag::Paragraph
            }
            (Ns::W, "pPr") if parent == Some(Tag::Paragraph) => Tag::ParagraphProps,
            (Ns::W, "pStyle") if parent == Some(Tag::ParagraphProps) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.style = val(e);
                }
                Tag::Other
            }
            (Ns::W, "outlineLvl") if parent == Some(Tag::ParagraphProps) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.outline = val(e).as_deref().and_then(parse_u8);
                }
                Tag::Other
            }
            (Ns::W, "numPr") if parent == Some(Tag::ParagraphProps) => Tag::NumberingProps,
            (Ns::W, "ilvl") if parent == Some(Tag::NumberingProps) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.ilvl = val(e).as_deref().and_then(parse_u8);
                }
                Tag::Other
            }
            (Ns::W, "numId") if parent == Some(Tag::NumberingProps) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.num_id = val(e);
                }
                Tag::Other
            }
            (Ns::W, "rPr") if parent == Some(Tag::ParagraphProps) => Tag::ParagraphMarkProps,
            (Ns::W, "del" | "moveFrom") if parent == Some(Tag::ParagraphMarkProps) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.mark_deleted = true;
                }
                return self.skip(empty);
            }
            (Ns::W, "r") => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.run_text.clear();
                    p.run_hidden = false;
                }
                Tag::Run
            }
            (Ns::W, "rPr") if parent == Some(Tag::Run) => Tag::RunProps,
            (Ns::W, "vanish" | "specVanish") if parent == Some(Tag::RunProps) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.run_hidden = on_off(e);
                }
                Tag::Other
            }
            (Ns::W, "t") if parent == Some(Tag::Run) => {
                let preserve = attr(e, "space").is_some_and(|v| v.trim() == "preserve");
                self.text = Some((String::new(), preserve));
                Tag::Text
            }
            (Ns::W, "tab" | "ptab") if parent == Some(Tag::Run) => {
                self.push_run_char('\t');
                Tag::Other
            }
            (Ns::W, "br" | "cr") if parent == Some(Tag::Run) => {
                self.push_run_char(' ');
                Tag::Other
            }
            (Ns::W, "noBreakHyphen") if parent == Some(Tag::Run) => {
                self.push_run_char('-');
                Tag::Other
            }
            (Ns::W, "tc") => Tag::TableCell,
            (Ns::W, "txbxContent") => Tag::TextBox,
            (
                Ns::W,
                "del" | "moveFrom" | "delText" | "instrText" | "delInstrText" | "rt" | "pPrChange" | "rPrChange"
                | "sectPrChange" | "tblPrChange" | "tblPrExChange" | "trPrChange" | "tcPrChange" | "numberingChange",
            ) => return self.skip(empty),
            (Ns::Mc, "AlternateContent") => {
                if !empty {
                    self.alternate.push(false);
                }
                Tag::AlternateContent
            }
            (Ns::Mc, "Choice" | "Fallback") => {
                if empty {
                    return;
                }
                match self.alternate.last_mut() {
                    Some(taken) if *taken => return self.skip(false),
                    Some(taken) => *taken = true,
                    None => {}
                }
                Tag::Other
            }
            _ => Tag::Other,
        };
        self.stack.push(tag);
        if empty {
            self.end();
        }
    }

    fn push_run_char(&mut self, c: char) {
        if let Some(p) = self.paragraphs.last_mut() {
            p.run_text.push(c);
        }
    }

    fn end(&mut self) {
        let tag = self.stack.pop();
        if let Some(depth) = self.skip_from {
            if self.stack.len() < depth {
                self.skip_from = None;
            }
            return;
        }
        match tag {
            Some(Tag::Text) => {
                let Some((raw, preserve)) = self.text.take() else {
                    return;
                };
                let raw =
                    if preserve { raw.as_str() } else { raw.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n')) };
                if let Some(p) = self.paragraphs.last_mut() {
                    p.run_text.extend(raw.chars().filter_map(|c| match c {
                        '\n' | '\r' | '\u{b}' | '\u{c}' => Some(' '),
                        '\t' => Some('\t'),
                        c if c.is_control() => None,
                        c => Some(c),
                    }));
                }
            }
            Some(Tag::Run) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    let run = std::mem::take(&mut p.run_text);
                    if !p.run_hidden {
                        p.text.push_str(&run);
                    }
                    p.run_hidden = false;
                }
            }
            Some(Tag::ParagraphProps) => {
                if let Some(p) = self.paragraphs.last_mut().filter(|p| p.anchor.self_closing.is_none()) {
                    p.anchor.open = self.event_end;
                }
            }
            Some(Tag::Paragraph) => {
                if let Some(p) = self.paragraphs.last_mut().filter(|p| p.anchor.self_closing.is_none()) {
                    p.anchor.close = self.event_start;
                }
                self.finish_paragraph();
            }
            Some(Tag::AlternateContent) => {
                self.alternate.pop();
            }
            _ => {}
        }
    }

    fn finish_paragraph(&mut self) {
        let Some(mut state) = self.paragraphs.pop() else {
            return;
        };
        let nested = std::mem::take(&mut state.nested);
        if state.mark_deleted {
            self.carry.push_str(&state.text);
            self.carry_anchor.get_or_insert(state.anchor);
        } else {
            let heading_level = self.styles.heading_level(state.style.as_deref(), state.outline);
            let numbering = self.counters.label(
                self.numbering,
                self.styles,
                state.style.as_deref(),
                state.num_id.as_deref(),
                state.ilvl,
            );
            self.emit((
                DocxParagraph { text: state.text, heading_level, numbering, in_table: state.in_table },
                state.anchor,
            ));
        }
        for p in nested {
            self.emit(p);
        }
    }

    fn emit(&mut self, p: (DocxParagraph, ParagraphAnchor)) {
        match self.paragraphs.last_mut() {
            Some(outer) => outer.nested.push(p),
            None => self.out.push(p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    const NS: &str = concat!(
        r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
        r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
        r#"xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" "#,
        r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
        r#"xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wp14""#
    );

    /// Zips the given (name, content) entries with deflate.
    fn zip_parts(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in parts {
            w.start_file(*name, opts).unwrap();
            w.write_all(body).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#
        )
    }

    fn styles(inner: &str) -> String {
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {NS}>{inner}</w:styles>"#)
    }

    fn numbering(inner: &str) -> String {
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {NS}>{inner}</w:numbering>"#)
    }

    fn docx(body: &str, styles: Option<&str>, numbering: Option<&str>) -> Vec<u8> {
        let doc = document(body);
        let mut parts: Vec<(&str, &[u8])> = vec![("word/document.xml", doc.as_bytes())];
        if let Some(s) = styles {
            parts.push(("word/styles.xml", s.as_bytes()));
        }
        if let Some(n) = numbering {
            parts.push(("word/numbering.xml", n.as_bytes()));
        }
        zip_parts(&parts)
    }

    fn read(body: &str) -> Vec<DocxParagraph> {
        read_paragraphs(&docx(body, None, None)).unwrap()
    }

    fn texts(paragraphs: &[DocxParagraph]) -> Vec<&str> {
        paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    fn labels(paragraphs: &[DocxParagraph]) -> Vec<Option<&str>> {
        paragraphs.iter().map(|p| p.numbering.as_deref()).collect()
    }

    fn para(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn styled(style: &str, text: &str) -> String {
        format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
    }

    fn numbered(num_id: u32, ilvl: u32, text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    }

    #[test]
    fn chinese_text_split_across_runs_is_joined() {
        let paragraphs = read(concat!(
            r#"<w:p><w:r><w:t>关于</w:t></w:r><w:r><w:rPr><w:b/><w:rFonts w:eastAsia="黑体"/></w:rPr><w:t xml:space="preserve">县委巡察 </w:t></w:r>"#,
            r#"<w:proofErr w:type="spellStart"/><w:r><w:t>工作</w:t></w:r><w:bookmarkStart w:id="0" w:name="x"/>"#,
            r#"<w:hyperlink r:id="rId9" xmlns:r="urn:r"><w:r><w:t>的报告</w:t></w:r></w:hyperlink></w:p>"#,
            r#"<w:p><w:r><w:t>  两端空白不保留  </w:t></w:r><w:r><w:t xml:space="preserve">  保留  </w:t></w:r></w:p>"#,
            r#"<w:p/>"#,
            r#"<w:p><w:r><w:t>A&amp;B &lt;C&gt; &#x4E2D;&#25991; &bogus; &quot;</w:t></w:r></w:p>"#,
        ));
        assert_eq!(
            texts(&paragraphs),
            ["关于县委巡察 工作的报告", "两端空白不保留  保留  ", "", "A&B <C> 中文 &bogus; \"",]
        );
        assert!(paragraphs.iter().all(|p| p.heading_level.is_none() && p.numbering.is_none() && !p.in_table));
    }

    #[test]
    fn heading_levels_from_styles() {
        let styles_xml = styles(concat!(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>"#,
            // WPS: numeric style ids with Chinese names.
            r#"<w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/><w:basedOn w:val="a"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="QQ"><w:name w:val="小标题"/><w:pPr><w:pPrChange w:id="1"><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:pPrChange><w:outlineLvl w:val="2"/></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Derived"><w:name w:val="我的标题"/><w:basedOn w:val="Heading1"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Body9"><w:name w:val="正文缩进"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>"#,
            r#"<w:style w:type="character" w:styleId="1Char"><w:name w:val="标题 1 字符"/></w:style>"#,
        ));
        let body = [
            styled("Heading1", "一级"),
            styled("2", "二级"),
            styled("QQ", "大纲三级"),
            styled("Derived", "继承"),
            styled("Title", "题目"),
            styled("a5", "中文题目"),
            styled("Body9", "正文"),
            para("默认样式"),
            r#"<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>直接大纲</w:t></w:r></w:p>"#.to_owned(),
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>锁定</w:t></w:r></w:p>"#.to_owned(),
            styled("Missing", "未知样式"),
        ]
        .concat();
        let paragraphs = read_paragraphs(&docx(&body, Some(&styles_xml), None)).unwrap();
        let levels: Vec<_> = paragraphs.iter().map(|p| p.heading_level).collect();
        assert_eq!(levels, [Some(1), Some(2), Some(3), Some(1), None, None, None, None, Some(2), Some(1), None]);

        // Without styles.xml the style id itself is recognised.
        let paragraphs = read(&[styled("Heading3", "三"), styled("标题2", "二"), styled("Title", "题")].concat());
        let levels: Vec<_> = paragraphs.iter().map(|p| p.heading_level).collect();
        assert_eq!(levels, [Some(3), Some(2), None]);
    }

    fn report_numbering() -> String {
        numbering(concat!(
            r#"<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>"#,
            r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>"#,
            r#"<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>"#,
            r#"<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>"#,
            r#"<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%4"/><w:isLgl/></w:lvl>"#,
            r#"</w:abstractNum>"#,
            r#"<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>"#,
            r#"<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/><w:lvlRestart w:val="0"/></w:lvl></w:abstractNum>"#,
            r#"<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="3"/>"#,
            r#"<mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="01, 02, 03, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimalEnclosedCircle"/></mc:Fallback></mc:AlternateContent>"#,
            r#"<w:lvlText w:val="%1"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/></w:lvl></w:abstractNum>"#,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            r#"<w:num w:numId="3"><w:abstractNumId w:val="5"/></w:num>"#,
            r#"<w:num w:numId="4"><w:abstractNumId w:val="5"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#,
            r#"<w:num w:numId="6"><w:abstractNumId w:val="7"/></w:num>"#,
        ))
    }

    #[test]
    fn numbering_labels_and_restarts() {
        let body = [
            numbered(1, 0, "总体情况"),
            numbered(1, 1, "政治监督"),
            numbered(1, 2, "第一点"),
            numbered(1, 2, "第二点"),
            numbered(1, 1, "作风建设"),
            numbered(1, 2, "重新从一开始"),
            numbered(1, 3, "法律式"),
            para("正文不编号"),
            numbered(1, 0, "主要问题"),
            numbered(1, 1, "第一类"),
            numbered(1, 2, "细项"),
            numbered(3, 0, "甲"),
            numbered(3, 1, "甲下"),
            numbered(3, 0, "乙"),
            numbered(3, 1, "乙下不重启"),
            numbered(4, 0, "新列表重启"),
            numbered(4, 0, "新列表第二"),
            numbered(6, 0, "圈号"),
            numbered(6, 1, "项目符号"),
            numbered(0, 0, "numId 0 不编号"),
            numbered(99, 0, "未定义的 numId"),
        ]
        .concat();
        let paragraphs = read_paragraphs(&docx(&body, None, Some(&report_numbering()))).unwrap();
        assert_eq!(
            labels(&paragraphs),
            [
                Some("一、"),
                Some("（一）"),
                Some("1."),
                Some("2."),
                Some("（二）"),
                Some("1."),
                Some("1.2.1"),
                None,
                Some("二、"),
                Some("（一）"),
                Some("1."),
                Some("1."),
                Some("a)"),
                Some("2."),
                Some("b)"),
                Some("1."),
                Some("2."),
                Some("③"),
                Some("•"),
                None,
                None,
            ]
        );
        // Labels are not part of the text.
        assert_eq!(paragraphs.first().map(|p| p.text.as_str()), Some("总体情况"));

        // No numbering.xml: numbered paragraphs simply have no label.
        let paragraphs = read_paragraphs(&docx(&body, None, None)).unwrap();
        assert!(paragraphs.iter().all(|p| p.numbering.is_none()));
        // Malformed numbering.xml is ignored, not fatal.
        let paragraphs = read_paragraphs(&docx(&body, None, Some("<w:numbering><w:num"))).unwrap();
        assert_eq!(paragraphs.len(), 21);
        assert!(paragraphs.iter().all(|p| p.numbering.is_none()));
    }

    #[test]
    fn numbering_through_heading_styles() {
        // Word's "multilevel list linked to headings": styles carry numId, levels carry pStyle.
        let styles_xml = styles(concat!(
            r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Heading1"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="2"/></w:numPr></w:pPr></w:style>"#,
        ));
        let numbering_xml = numbering(concat!(
            r#"<w:abstractNum w:abstractNumId="1">"#,
            r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:pStyle w:val="Heading1"/><w:lvlText w:val="%1、"/></w:lvl>"#,
            r#"<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:pStyle w:val="Heading2"/><w:lvlText w:val="（%2）"/></w:lvl>"#,
            r#"<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading3"/><w:lvlText w:val="%3."/></w:lvl>"#,
            r#"</w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#,
        ));
        let body = [
            styled("Heading1", "基本情况"),
            styled("Heading2", "第一方面"),
            styled("Heading3", "具体问题"),
            styled("Heading2", "第二方面"),
            r#"<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>去掉编号</w:t></w:r></w:p>"#.to_owned(),
            styled("Heading1", "问题"),
            styled("Heading3", "无二级的三级"),
        ]
        .concat();
        let paragraphs = read_paragraphs(&docx(&body, Some(&styles_xml), Some(&numbering_xml))).unwrap();
        assert_eq!(
            labels(&paragraphs),
            [Some("一、"), Some("（一）"), Some("1."), Some("（二）"), None, Some("二、"), Some("1.")]
        );
        let levels: Vec<_> = paragraphs.iter().map(|p| p.heading_level).collect();
        assert_eq!(levels, [Some(1), Some(2), Some(3), Some(2), Some(2), Some(1), Some(3)]);
    }

    #[test]
    fn table_cells_are_marked() {
        let paragraphs = read(&[
            para("表前"),
            r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/></w:tblGrid>"#.to_owned(),
            r#"<w:tr><w:tc><w:tcPr><w:tcW w:w="4000"/></w:tcPr>"#.to_owned(),
            para("问题类型"),
            para("第二段"),
            "</w:tc><w:tc>".to_owned(),
            r#"<w:tbl><w:tr><w:tc>"#.to_owned(),
            para("嵌套表"),
            "</w:tc></w:tr></w:tbl>".to_owned(),
            para("单元格二"),
            "</w:tc></w:tr></w:tbl>".to_owned(),
            para("表后"),
        ]
        .concat());
        assert_eq!(texts(&paragraphs), ["表前", "问题类型", "第二段", "嵌套表", "单元格二", "表后"]);
        let in_table: Vec<_> = paragraphs.iter().map(|p| p.in_table).collect();
        assert_eq!(in_table, [false, true, true, true, true, false]);
    }

    #[test]
    fn tabs_breaks_and_special_characters() {
        let paragraphs = read(concat!(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs><w:rPr><w:b/></w:rPr></w:pPr>"#,
            r#"<w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t><w:cr/><w:t>丁</w:t>"#,
            r#"<w:noBreakHyphen/><w:sym w:font="Wingdings" w:char="F0FC"/><w:softHyphen/><w:t>戊</w:t>"#,
            r#"<w:br w:type="page"/><w:lastRenderedPageBreak/></w:r></w:p>"#,
            "<w:p><w:r><w:t xml:space=\"preserve\">多行\n文本\r\n</w:t></w:r></w:p>",
        ));
        assert_eq!(texts(&paragraphs), ["甲\t乙 丙 丁-戊 ", "多行 文本 "]);
    }

    #[test]
    fn alternate_content_is_read_once() {
        let text_box = |t: &str| format!("<w:txbxContent><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:txbxContent>");
        let body = [
            "<w:p><w:r><w:t>锚段</w:t></w:r><w:r><mc:AlternateContent>".to_owned(),
            r#"<mc:Choice Requires="wps"><w:drawing><wp14:anchor><wps:wsp><wps:txbx>"#.to_owned(),
            text_box("文本框"),
            "</wps:txbx></wps:wsp></wp14:anchor></w:drawing></mc:Choice>".to_owned(),
            "<mc:Fallback><w:pict><v:shape><v:textbox>".to_owned(),
            text_box("文本框"),
            "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>".to_owned(),
            "<w:r><w:t>续</w:t></w:r></w:p>".to_owned(),
            // Inline alternate runs.
            r#"<w:p><mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>新版</w:t></w:r></mc:Choice>"#.to_owned(),
            "<mc:Fallback><w:r><w:t>新版</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>".to_owned(),
            // Only a fallback.
            "<w:p><mc:AlternateContent><mc:Choice Requires=\"x\"/><mc:Fallback><w:r><w:t>兜底</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>".to_owned(),
        ]
        .concat();
        let paragraphs = read(&body);
        assert_eq!(texts(&paragraphs), ["锚段续", "文本框", "新版", "兜底"]);
    }

    #[test]
    fn tracked_changes_fields_and_hidden_text() {
        let paragraphs = read(concat!(
            r#"<w:p><w:r><w:t>保留</w:t></w:r><w:ins w:id="1" w:author="甲"><w:r><w:t>插入</w:t></w:r></w:ins>"#,
            r#"<w:del w:id="2" w:author="乙"><w:r><w:delText>删除</w:delText></w:r></w:del>"#,
            r#"<w:moveFrom w:id="3"><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveTo w:id="4"><w:r><w:t>移入</w:t></w:r></w:moveTo></w:p>"#,
            r#"<w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE \* MERGEFORMAT </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r>"#,
            r#"<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple></w:p>"#,
            r#"<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>显示</w:t></w:r></w:p>"#,
            // A paragraph whose mark was deleted merges into the next one.
            r#"<w:p><w:pPr><w:rPr><w:del w:id="5" w:author="丙"/></w:rPr></w:pPr><w:r><w:t>前半</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>后半</w:t></w:r></w:p>"#,
            // A wholly deleted paragraph disappears.
            r#"<w:p><w:pPr><w:rPr><w:del w:id="6"/></w:rPr></w:pPr><w:del w:id="7"><w:r><w:delText>整段删除</w:delText></w:r></w:del></w:p>"#,
            r#"<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:pPrChange w:id="8"><w:pPr><w:pStyle w:val="Heading1"/></w:pPr></w:pPrChange></w:pPr><w:r><w:ruby><w:rt><w:r><w:t>xún</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>巡</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>察</w:t></w:r></w:p>"#,
        ));
        assert_eq!(texts(&paragraphs), ["保留插入移入", "第3页9", "显示", "前半后半", "巡察"]);
        assert_eq!(paragraphs.last().and_then(|p| p.heading_level), Some(2));
    }

    #[test]
    fn unusual_prefixes_and_main_part_location() {
        // Default namespace instead of w:, and a main part named by _rels/.rels.
        let doc = r#"<?xml version="1.0"?><document xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:o="urn:other"><body><p><r><t>默认命名空间</t><o:t>不是正文</o:t></r></p></body></document>"#;
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
        let bytes = zip_parts(&[("_rels/.rels", rels.as_bytes()), ("word/document2.xml", doc.as_bytes())]);
        let paragraphs = read_paragraphs(&bytes).unwrap();
        assert_eq!(texts(&paragraphs), ["默认命名空间"]);

        // UTF-16 with a byte-order mark.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(document(&para("十六位编码")).encode_utf16().flat_map(u16::to_le_bytes));
        let bytes = zip_parts(&[("word/document.xml", &utf16)]);
        assert_eq!(texts(&read_paragraphs(&bytes).unwrap()), ["十六位编码"]);

        // Backslash entry names, as written by some old generators.
        let bytes = zip_parts(&[("word\\document.xml", document(&para("反斜杠")).as_bytes())]);
        assert_eq!(texts(&read_paragraphs(&bytes).unwrap()), ["反斜杠"]);
    }

    #[test]
    fn broken_archives() {
        let valid = docx(&para("完整文档"), None, None);
        assert_eq!(texts(&read_paragraphs(&valid).unwrap()), ["完整文档"]);

        let half = valid.get(..valid.len() / 2).unwrap();
        assert!(matches!(read_paragraphs(half), Err(DocxError::NotZip)));

        let garbage: Vec<u8> = (0..4096u32).flat_map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes()).collect();
        assert!(matches!(read_paragraphs(&garbage), Err(DocxError::NotZip)));
        assert!(matches!(read_paragraphs(b""), Err(DocxError::NotZip)));
        assert!(matches!(read_paragraphs("不是压缩包".as_bytes()), Err(DocxError::NotZip)));

        let no_doc = zip_parts(&[("word/styles.xml", styles("").as_bytes()), ("readme.txt", b"hi")]);
        let err = read_paragraphs(&no_doc).unwrap_err();
        assert!(matches!(err, DocxError::MissingDocument));
        assert!(err.to_string().contains("word/document.xml"));
    }

    #[test]
    fn xml_cut_off_is_an_error() {
        let full = document(&[para("第一段"), para("第二段")].concat());
        // Cut in the middle of a tag.
        let cut_at = full.find("<w:t>第二段").unwrap() + 3;
        let bytes = zip_parts(&[("word/document.xml", full.get(..cut_at).unwrap().as_bytes())]);
        let err = read_paragraphs(&bytes).unwrap_err();
        let DocxError::Xml { position, detail } = &err else {
            panic!("expected Xml error, got {err:?}");
        };
        assert!(*position > 0 && !detail.is_empty());
        assert!(err.to_string().contains("内容损坏"));

        // Cut between tags: well-formed so far but unclosed.
        let cut_at = full.find("<w:p><w:r><w:t>第二段").unwrap();
        let bytes = zip_parts(&[("word/document.xml", full.get(..cut_at).unwrap().as_bytes())]);
        assert!(matches!(read_paragraphs(&bytes), Err(DocxError::Xml { .. })));

        // Mismatched end tag.
        let bad = document("<w:p><w:r><w:t>错</w:r></w:t></w:p>");
        let bytes = zip_parts(&[("word/document.xml", bad.as_bytes())]);
        assert!(matches!(read_paragraphs(&bytes), Err(DocxError::Xml { .. })));
    }

    #[test]
    fn zip_bomb_is_refused() {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(false);
        w.start_file("word/document.xml", opts).unwrap();
        w.write_all(b"<?xml version=\"1.0\"?><w:document><w:body>").unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..70 {
            w.write_all(&chunk).unwrap();
        }
        w.write_all(b"</w:body></w:document>").unwrap();
        let bytes = w.finish().unwrap().into_inner();
        assert!(bytes.len() < 1 << 20, "bomb should compress well");
        let err = read_paragraphs(&bytes).unwrap_err();
        assert!(matches!(err, DocxError::TooLarge { limit_mb: 64, .. }));
        assert!(err.to_string().contains("64 MB"));

        // The streaming cap itself, independent of the declared size.
        let capped = read_capped(std::io::repeat(b' ').take(101), 100);
        assert!(matches!(capped, Err(EntryError::TooLarge)));
        let ok = read_capped(std::io::repeat(b' ').take(100), 100);
        assert!(matches!(ok, Ok(v) if v.len() == 100));
    }

    #[test]
    fn too_many_entries_is_refused() {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        w.start_file("word/document.xml", opts).unwrap();
        w.write_all(document(&para("x")).as_bytes()).unwrap();
        for i in 0..10_001 {
            w.start_file(format!("media/{i}"), opts).unwrap();
        }
        let bytes = w.finish().unwrap().into_inner();
        assert_eq!(declared_entry_count(&bytes), Some(10_002));
        assert!(matches!(read_paragraphs(&bytes), Err(DocxError::NotZip)));
    }

    #[test]
    fn damaged_inputs_never_panic() {
        let styles_xml = styles(
            r#"<w:style w:type="paragraph" w:styleId="H"><w:name w:val="heading 1"/><w:basedOn w:val="H"/></w:style>"#,
        );
        let body = [
            styled("H", "循环样式"),
            numbered(1, 0, "一"),
            numbered(1, 8, "深层"),
            numbered(1, 200, "越界"),
            "<w:tbl><w:tr><w:tc>".to_owned(),
            numbered(1, 1, "表内"),
            "</w:tc></w:tr></w:tbl>".to_owned(),
        ]
        .concat();
        let numbering_xml = report_numbering().replace(r#"w:val="1"/><w:numFmt"#, r#"w:val="4294967295"/><w:numFmt"#);
        let valid = docx(&body, Some(&styles_xml), Some(&numbering_xml));
        let parsed = read_paragraphs(&valid).unwrap();
        assert_eq!(parsed.len(), 5);
        assert_eq!(parsed.first().and_then(|p| p.heading_level), Some(1));
        assert!(parsed.get(3).is_some_and(|p| p.numbering.is_none()), "ilvl out of range");

        // Every truncation of the archive.
        for cut in (0..valid.len()).step_by(7) {
            let _ = read_paragraphs(valid.get(..cut).unwrap());
        }
        // Every truncation of each XML part, and byte flips.
        let (d, s, n) = (document(&body), &styles_xml, &numbering_xml);
        for cut in (0..d.len()).step_by(5) {
            let part = d.as_bytes().get(..cut).unwrap();
            let _ = read_paragraphs(&zip_parts(&[("word/document.xml", part)]));
        }
        for cut in (0..n.len()).step_by(11) {
            let part = n.as_bytes().get(..cut).unwrap();
            let bytes = zip_parts(&[
                ("word/document.xml", d.as_bytes()),
                ("word/numbering.xml", part),
                ("word/styles.xml", s.as_bytes()),
            ]);
            assert!(read_paragraphs(&bytes).is_ok(), "damaged numbering.xml is not fatal");
        }
        // Random byte flips inside document.xml.
        let alphabet = b"<>/&;:\"= \xE4\x00#x";
        let mut state = 0x2545_f491_u32;
        for _ in 0..300 {
            let mut mutated = d.as_bytes().to_vec();
            for _ in 0..4 {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                let at = usize::try_from(state).unwrap() % mutated.len();
                mutated[at] = alphabet[usize::try_from(state >> 8).unwrap() % alphabet.len()];
            }
            let _ =
                read_paragraphs(&zip_parts(&[("word/document.xml", &mutated), ("word/numbering.xml", n.as_bytes())]));
        }
    }

    #[test]
    fn number_formats() {
        let f = format_number;
        assert_eq!(f(1, "chineseCounting"), "一");
        assert_eq!(f(10, "chineseCounting"), "十");
        assert_eq!(f(11, "chineseCounting"), "十一");
        assert_eq!(f(20, "chineseCountingThousand"), "二十");
        assert_eq!(f(101, "chineseCounting"), "一百零一");
        assert_eq!(f(110, "chineseCounting"), "一百一十");
        assert_eq!(f(1005, "chineseCountingThousand"), "一千零五");
        assert_eq!(f(10_000, "chineseCounting"), "一万");
        assert_eq!(f(100_010, "chineseCounting"), "十万零一十");
        assert_eq!(f(10, "chineseLegalSimplified"), "壹拾");
        assert_eq!(f(12, "taiwaneseCountingThousand"), "十二");
        assert_eq!(f(20_000, "taiwaneseCounting"), "二萬");
        assert_eq!(f(1, "japaneseCounting"), "一");
        assert_eq!(f(11, "japaneseCounting"), "十一");
        assert_eq!(f(101, "japaneseCounting"), "百一");
        assert_eq!(f(2000, "japaneseCounting"), "二千");
        assert_eq!(f(1, "ideographTraditional"), "甲");
        assert_eq!(f(10, "ideographTraditional"), "癸");
        assert_eq!(f(11, "ideographTraditional"), "甲");
        assert_eq!(f(1, "decimalEnclosedCircle"), "①");
        assert_eq!(f(20, "decimalEnclosedCircle"), "⑳");
        assert_eq!(f(21, "decimalEnclosedCircle"), "21");
        assert_eq!(f(12, "decimalFullWidth"), "１２");
        assert_eq!(f(3, "upperLetter"), "C");
        assert_eq!(f(28, "lowerLetter"), "bb");
        assert_eq!(f(1994, "upperRoman"), "MCMXCIV");
        assert_eq!(f(4, "lowerRoman"), "iv");
        assert_eq!(f(7, "someFutureFormat"), "7");
        assert_eq!(f(u32::MAX, "chineseCounting"), "四十二亿九千四百九十六万七千二百九十五");
        assert_eq!(f(u32::MAX, "lowerLetter"), u32::MAX.to_string());
        assert_eq!(f(0, "upperRoman"), "0");
    }
}

/// Files written by a real word processor (LibreOffice 7.4).
#[cfg(test)]
mod real_files {
    use super::*;

    /// `fixtures/docx/numbered.docx` is `numbered.fodt` converted by LibreOffice
    /// (`soffice --headless --convert-to docx:"MS Word 2007 XML"`): heading styles
    /// with outline numbering 一、/（一）/1., a table and a （1） list.
    #[test]
    fn libreoffice_numbered_report() {
        let paragraphs = read_paragraphs(include_bytes!("../../fixtures/docx/numbered.docx")).unwrap();
        let got: Vec<(&str, Option<u8>, Option<&str>, bool)> =
            paragraphs.iter().map(|p| (p.text.as_str(), p.heading_level, p.numbering.as_deref(), p.in_table)).collect();
        let expected: Vec<(&str, Option<u8>, Option<&str>, bool)> = vec![
            ("关于对县统计局党组开展常规巡察的情况报告", None, None, false),
            (
                "根据县委巡察工作统一部署，县委第一巡察组于2024年3月至5月对县统计局党组开展了常规巡察。现将巡察情况报告如下。",
                None,
                None,
                false,
            ),
            ("巡察工作基本情况", Some(1), Some("一、"), false),
            ("巡察组共听取专题汇报3次，个别谈话42人次，调阅资料216份。", None, None, false),
            ("发现的主要问题", Some(1), Some("二、"), false),
            ("贯彻落实党的路线方针政策和党中央决策部署方面", Some(2), Some("（一）"), false),
            ("统计数据质量管控不严。", Some(3), Some("1."), false),
            ("部分专业统计数据审核把关不细。", None, None, false),
            ("防范统计造假工作推进不力。", Some(3), Some("2."), false),
            ("落实全面从严治党战略部署方面", Some(2), Some("（二）"), false),
            ("主体责任落实不到位。", Some(3), Some("1."), false),
            ("问题类别", None, None, true),
            ("问题数量", None, None, true),
            ("党的领导", None, None, true),
            ("5", None, None, true),
            ("意见建议", Some(1), Some("三、"), false),
            ("压紧压实管党治党政治责任", Some(2), Some("（一）"), false),
            ("健全责任清单。", Some(3), Some("1."), false),
            ("明确班子成员责任分工；", None, Some("（1）"), false),
            ("每季度专题研究一次。", None, Some("（2）"), false),
            ("县委第一巡察组", None, None, false),
        ];
        assert_eq!(got, expected);
    }

    /// `fixtures/drafts/trivia.docx` is `trivia.txt` converted by LibreOffice
    /// (`--infilter="Text (encoded):UTF8,LF,,,"`); every non-empty line is one paragraph.
    #[test]
    fn libreoffice_plain_text_conversion() {
        let paragraphs = read_paragraphs(include_bytes!("../../fixtures/drafts/trivia.docx")).unwrap();
        let from_docx: Vec<&str> = paragraphs.iter().map(|p| p.text.trim()).filter(|t| !t.is_empty()).collect();
        let from_txt: Vec<&str> =
            include_str!("../../fixtures/drafts/trivia.txt").lines().map(str::trim).filter(|t| !t.is_empty()).collect();
        assert!(from_txt.len() > 10);
        assert_eq!(from_docx, from_txt);
        assert!(paragraphs.iter().all(|p| p.heading_level.is_none() && p.numbering.is_none()));
    }
}
