//! Turns report files into [`Document`]s: .txt and .md in UTF-8/GBK, and .docx.

use std::path::Path;

use crate::read::docx;

use crate::analysis::structure::{self, StructureConfig};
use crate::model::document::{Document, SourceFormat};
use crate::util::text::{self, DecodeError};

/// Reports larger than this are refused: a real report is well under 1 MB.
pub const MAX_REPORT_BYTES: u64 = 50 << 20;

/// A report file that cannot be read. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}：文件不存在")]
    NotFound { path: String },
    #[error("{path}：这是一个目录，请指定报告文件（.docx、.txt 或 .md）")]
    IsDir { path: String },
    #[error("{path}：无法读取（{detail}）")]
    Io { path: String, detail: String },
    #[error("{path}：文件为空")]
    Empty { path: String },
    #[error("{path}：文件过大（{mb} MB，上限 {limit_mb} MB），请确认是否选错了文件")]
    TooLarge { path: String, mb: u64, limit_mb: u64 },
    #[error("{path}：不是文本文件（含有二进制内容）。报告请使用 .docx、.txt 或 .md 格式")]
    Binary { path: String },
    #[error("{path}：第{line}行起无法识别编码（既不是 UTF-8，也不是 GBK/GB18030），请用“另存为”选择 UTF-8 编码后重试")]
    Encoding { path: String, line: usize },
    #[error("{path}：{detail}")]
    Docx { path: String, detail: String },
    #[error("{path}：不支持 .{ext} 格式，请在 Word 或 WPS 中“另存为” .docx 后重试")]
    Unsupported { path: String, ext: String },
}

/// Reads and structures one report.
pub fn load_report(path: &Path, config: &StructureConfig) -> Result<Document, InputError> {
    let shown = path.display().to_string();
    let bytes = read_limited(path, MAX_REPORT_BYTES)?;
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    parse_report(shown, &ext, &bytes, config)
}

/// Reads a whole input file, refusing directories and files over `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    check_size(path, limit)?;
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| InputError::Io { path: shown.clone(), detail: io_detail(&e) })?;
    if bytes.is_empty() {
        return Err(InputError::Empty { path: shown });
    }
    Ok(bytes)
}

/// Refuses a path that is missing, a directory, empty or over `limit` bytes; reads nothing.
pub fn check_size(path: &Path, limit: u64) -> Result<u64, InputError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => InputError::NotFound { path: shown.clone() },
        _ => InputError::Io { path: shown.clone(), detail: io_detail(&e) },
    })?;
    if meta.is_dir() {
        return Err(InputError::IsDir { path: shown });
    }
    if meta.len() > limit {
        return Err(InputError::TooLarge { path: shown, mb: meta.len() >> 20, limit_mb: limit >> 20 });
    }
    if meta.len() == 0 {
        return Err(InputError::Empty { path: shown });
    }
    Ok(meta.len())
}

pub fn io_detail(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        _ => e.to_string(),
    }
}

/// Parses report bytes; `ext` (lower case, no dot) picks the format.
pub fn parse_report(path: String, ext: &str, bytes: &[u8], config: &StructureConfig) -> Result<Document, InputError> {
    let (mut doc, explicit) = match ext {
        "docx" => {
            let paragraphs = docx::read_paragraphs(bytes)
                .map_err(|e| InputError::Docx { path: path.clone(), detail: e.to_string() })?;
            let mut text = String::new();
            let mut levels = Vec::with_capacity(paragraphs.len());
            for p in &paragraphs {
                if let Some(label) = &p.numbering {
                    text.push_str(label);
                }
                // One line per Word paragraph, so line N is 第N段.
                text.push_str(&p.text.replace(['\n', '\r'], " "));
                text.push('\n');
                levels.push(p.heading_level);
            }
            (Document::new(path.clone(), SourceFormat::Docx, None, text), levels)
        }
        "doc" | "wps" | "pdf" | "rtf" | "odt" => {
            return Err(InputError::Unsupported { path, ext: ext.to_owned() });
        }
        _ => {
            let (text, encoding) = text::decode(bytes).map_err(|e| match e {
                DecodeError::Binary => InputError::Binary { path: path.clone() },
                DecodeError::Unknown { line } => InputError::Encoding { path: path.clone(), line },
            })?;
            let format = if matches!(ext, "md" | "markdown") { SourceFormat::Markdown } else { SourceFormat::Text };
            (Document::new(path.clone(), format, Some(encoding), text), Vec::new())
        }
    };
    if doc.text.trim().is_empty() {
        return Err(InputError::Empty { path });
    }
    structure::build(&mut doc, &explicit, config);
    Ok(doc)
}
