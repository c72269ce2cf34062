//! A new Word document (.docx) in the layout of a party-and-government document (GB/T 9704):
//! A4, the standard margins, a 二号 方正小标宋 title, 三号 仿宋 body at a fixed 28-point line,
//! 黑体 first-level headings, paragraphs indented two characters. Used for the letters and notices
//! the office sends (督办函, 整改进展情况通报); the annotated draft is [`super::docx`].
//!
//! The fonts are named, not embedded: Word and WPS on an office machine have them, and fall back
//! to a similar face where they do not. No clock: the same blocks give the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::docx::escape;

/// One block of the document, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The centred title (二号 方正小标宋简体).
    Title(String),
    /// A centred line under the title (文号, 草稿 marks).
    Centered(String),
    /// A first-level heading ("一、…", 三号 黑体).
    Heading(String),
    /// A second-level heading ("（一）…", 三号 楷体).
    Subheading(String),
    /// A body paragraph, first line indented two characters.
    Para(String),
    /// A paragraph without indent (the 主送机关 line "XX局党组：").
    Flush(String),
    /// A right-aligned line (落款 and date).
    Right(String),
    /// A table: header row, then rows (四号 仿宋, header bold).
    Table(Vec<String>, Vec<Vec<String>>),
    /// An empty line.
    Blank,
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Body text: 三号 (16 pt) 仿宋_GB2312, 28-point exact line spacing.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr></w:style></w:styles>"#;

/// A4 with the GB/T 9704 margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
const SECTION: &str = r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>"#;

/// Text width in twips (page width less the side margins).
const TEXT_WIDTH: usize = 11906 - 1474 - 1588;

fn run(text: &str, fonts: Option<&str>, size: Option<u32>, bold: bool) -> String {
    let mut props = String::new();
    if let Some(f) = fonts {
        props.push_str(&format!(r#"<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}"/>"#));
    }
    if bold {
        props.push_str("<w:b/>");
    }
    if let Some(s) = size {
        props.push_str(&format!(r#"<w:sz w:val="{s}"/><w:szCs w:val="{s}"/>"#));
    }
    let props = if props.is_empty() { String::new() } else { format!("<w:rPr>{props}</w:rPr>") };
    format!(r#"<w:r>{props}<w:t xml:space="preserve">{}</w:t></w:r>"#, escape(text))
}

fn paragraph(props: &str, runs: &str) -> String {
    let props = if props.is_empty() { String::new() } else { format!("<w:pPr>{props}</w:pPr>") };
    format!("<w:p>{props}{runs}</w:p>")
}

const INDENT: &str = r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#;

fn table(header: &[String], rows: &[Vec<String>]) -> String {
    // The first column (a unit's name) is twice as wide as the figures after it.
    let cols = header.len().max(1);
    let unit = TEXT_WIDTH / (cols + 1);
    let widths: Vec<usize> = (0..cols).map(|k| if k == 0 { TEXT_WIDTH - unit * (cols - 1) } else { unit }).collect();
    let grid: String = widths.iter().map(|w| format!(r#"<w:gridCol w:w="{w}"/>"#)).collect();
    let cell = |text: &str, bold: bool, width: usize| {
        format!(
            r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{}</w:tc>"#,
            paragraph(
                r#"<w:spacing w:line="400" w:lineRule="exact"/><w:jc w:val="center"/>"#,
                &run(text, None, Some(24), bold)
            )
        )
    };
    let mut xml = format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"#
    );
    xml.push_str(r#"<w:tr><w:trPr><w:tblHeader/></w:trPr>"#);
    for (h, w) in header.iter().zip(&widths) {
        xml.push_str(&cell(h, true, *w));
    }
    xml.push_str("</w:tr>");
    for r in rows {
        xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (k, w) in widths.iter().enumerate() {
            xml.push_str(&cell(r.get(k).map_or("", String::as_str), false, *w));
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

fn block(b: &Block) -> String {
    match b {
        Block::Title(t) => paragraph(
            r#"<w:spacing w:line="700" w:lineRule="exact"/><w:jc w:val="center"/>"#,
            &run(t, Some("方正小标宋简体"), Some(44), false),
        ),
        Block::Centered(t) => paragraph(r#"<w:jc w:val="center"/>"#, &run(t, None, None, false)),
        Block::Heading(t) => paragraph(INDENT, &run(t, Some("黑体"), None, false)),
        Block::Subheading(t) => paragraph(INDENT, &run(t, Some("楷体_GB2312"), None, false)),
        Block::Para(t) => paragraph(INDENT, &run(t, None, None, false)),
        Block::Flush(t) => paragraph("", &run(t, None, None, false)),
        Block::Right(t) => paragraph(r#"<w:jc w:val="right"/><w:ind w:right="1280"/>"#, &run(t, None, None, false)),
        // A table is followed by an empty paragraph so that two tables never merge.
        Block::Table(h, rows) => format!("{}{}", table(h, rows), paragraph("", "")),
        Block::Blank => paragraph("", ""),
    }
}

/// The blocks of the plain Markdown the renderers write (`#` title, `##` headings, pipe tables,
/// `-` lists, paragraphs), so a document made for Markdown can also be handed over as Word.
pub fn from_markdown(md: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    let flush = |table: &mut Vec<Vec<String>>, blocks: &mut Vec<Block>| {
        if !table.is_empty() {
            let header = table.remove(0);
            blocks.push(Block::Table(header, std::mem::take(table)));
        }
    };
    for line in md.lines().map(str::trim) {
        if line.starts_with('|') {
            let cells = pipe_cells(line);
            // The separator row under the header.
            if !cells.iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':'))) {
                table.push(cells);
            }
            continue;
        }
        flush(&mut table, &mut blocks);
        if let Some(t) = line.strip_prefix("# ") {
            blocks.push(Block::Title(t.to_owned()));
        } else if let Some(t) = line.strip_prefix("## ").or_else(|| line.strip_prefix("### ")) {
            blocks.push(Block::Heading(t.to_owned()));
        } else if let Some(t) = line.strip_prefix("- ") {
            blocks.push(Block::Para(format!("· {t}")));
        } else if !line.is_empty() {
            blocks.push(Block::Para(line.to_owned()));
        }
    }
    flush(&mut table, &mut blocks);
    blocks
}

/// The cells of a Markdown table row; `\|` is a pipe inside a cell.
fn pipe_cells(line: &str) -> Vec<String> {
    let inner = line.strip_prefix('|').unwrap_or(line);
    let inner = inner.strip_suffix('|').filter(|s| !s.ends_with('\\')).unwrap_or(inner);
    let (mut cells, mut cell) = (Vec::new(), String::new());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                cell.push('|');
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    cells.into_iter().map(|c| c.trim().to_owned()).collect()
}

/// The `word/document.xml` of the blocks.
pub fn document_xml(blocks: &[Block]) -> String {
    let body: String = blocks.iter().map(block).collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<w:document xmlns:w="{W}"><w:body>{body}{SECTION}</w:body></w:document>"#,
        "\n"
    )
}

/// The blocks as a .docx file.
pub fn document(blocks: &[Block]) -> Result<Vec<u8>, String> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", PACKAGE_RELS.to_owned()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/styles.xml", STYLES.to_owned()),
        ("word/document.xml", document_xml(blocks)),
    ];
    for (name, xml) in parts {
        out.start_file(name, options).map_err(|e| e.to_string())?;
        out.write_all(xml.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_blocks() {
        let md =
            "# 鉴定表\n\n| 项目 | 内容 |\n|---|---|\n| 姓名 | 王\\|某 |\n\n## 履职情况\n\n发现问题 3 个。\n- 一是\n";
        assert_eq!(
            from_markdown(md),
            vec![
                Block::Title("鉴定表".into()),
                Block::Table(vec!["项目".into(), "内容".into()], vec![vec!["姓名".into(), "王|某".into()]]),
                Block::Heading("履职情况".into()),
                Block::Para("发现问题 3 个。".into()),
                Block::Para("· 一是".into()),
            ]
        );
    }

    /// What this module writes, the project's own .docx reader reads back paragraph by paragraph.
    #[test]
    fn written_documents_read_back() {
        let blocks = vec![
            Block::Title("督办函".into()),
            Block::Flush("县民政局党组：".into()),
            Block::Para("请于 2026年12月30日 前报送 <整改> & 佐证材料。".into()),
            Block::Table(vec!["编号".into(), "问题".into()], vec![vec!["1".into(), "低保优亲厚友".into()]]),
            Block::Right("县委巡察办".into()),
        ];
        let bytes = document(&blocks).expect("docx");
        let paragraphs = crate::read::docx::read_paragraphs(&bytes).expect("read back");
        let text: String = paragraphs.iter().map(|p| format!("{}\n", p.text)).collect();
        for want in ["督办函", "县民政局党组：", "<整改> & 佐证材料", "低保优亲厚友", "县委巡察办"]
        {
            assert!(text.contains(want), "missing {want} in {text}");
        }
        assert_eq!(bytes, document(&blocks).expect("docx"), "same blocks, same bytes");
    }
}
