//! Where `score`, `diverge` and `evaluate` write, and in which format: decided here, once, from
//! `--format`, `--output` and the output file's extension.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::CliError;
use super::args::OutFormat;

/// A validated `--format`/`--output` pair.
#[derive(Debug, PartialEq, Eq)]
pub struct Output {
    pub format: OutFormat,
    /// `None`: the screen.
    pub path: Option<PathBuf>,
}

impl Output {
    /// The format is `--format`, else the one the extension of `--output` names (`.json`, `.md`,
    /// `.xlsx`), else a table. Refused: a workbook for the screen, an extension naming another
    /// format than `--format`, and a workbook under an extension that does not say so.
    /// `example` names a workbook in the message (评分表.xlsx).
    pub fn new(format: Option<OutFormat>, path: Option<PathBuf>, example: &str) -> Result<Self, CliError> {
        let named = path.as_deref().and_then(format_of);
        let format = match (format, &path, named) {
            (Some(OutFormat::Xlsx), None, _) => {
                return Err(CliError::Usage(format!("xlsx 格式需要用 --output 指定文件，例如 --output {example}")));
            }
            (Some(f), Some(p), Some(n)) if f != n => {
                return Err(CliError::Usage(format!(
                    "--output {} 的扩展名表示 {} 格式，与 --format {} 不符",
                    p.display(),
                    name(n),
                    name(f)
                )));
            }
            (Some(OutFormat::Xlsx), Some(p), None) => {
                return Err(CliError::Usage(format!(
                    "xlsx 格式的输出文件须以 .xlsx 结尾（--output {}），例如 --output {example}",
                    p.display()
                )));
            }
            (Some(f), _, _) => f,
            (None, _, Some(n)) => n,
            (None, Some(p), None) if !plain_text(p) => {
                let ext = p.extension().map_or_else(String::new, |e| e.to_string_lossy().into_owned());
                return Err(CliError::Usage(format!(
                    "--output {}：不能写成 .{ext} 文件。可用的扩展名：.xlsx（Excel 工作簿）、.md（Markdown）、.json、\
                     .txt（文字表格）；或用 --format 指定格式{}",
                    p.display(),
                    // "2026.10评分": a dot in the name, not an extension.
                    if ext.chars().any(|c| !c.is_ascii_alphanumeric()) {
                        format!("。文件名中带“.”时，请写上扩展名，如 {}.txt", p.display())
                    } else {
                        String::new()
                    }
                )));
            }
            (None, _, None) => OutFormat::Table,
        };
        Ok(Self { format, path })
    }

    /// Writes `bytes` to the file atomically (then says so on stderr), or prints them.
    pub fn write(&self, bytes: &[u8]) -> Result<(), CliError> {
        match &self.path {
            Some(path) => {
                xuncha::util::fs::write_atomic(path, bytes).map_err(CliError::io(path, "写入失败"))?;
                eprintln!("已写入 {}", path.display());
            }
            None => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes).and_then(|_| out.flush()).map_err(|e| CliError::Other(e.to_string()))?;
            }
        }
        Ok(())
    }
}

/// The format an output file's extension names, if any.
fn format_of(path: &Path) -> Option<OutFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "json" => Some(OutFormat::Json),
        "md" | "markdown" => Some(OutFormat::Md),
        "xlsx" => Some(OutFormat::Xlsx),
        _ => None,
    }
}

/// A file name the text table may go to: no extension, or .txt.
fn plain_text(path: &Path) -> bool {
    path.extension().is_none_or(|e| e.eq_ignore_ascii_case("txt"))
}

fn name(f: OutFormat) -> &'static str {
    match f {
        OutFormat::Table => "table",
        OutFormat::Json => "json",
        OutFormat::Md => "md",
        OutFormat::Xlsx => "xlsx",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OutFormat::*;

    fn pick(format: Option<OutFormat>, path: Option<&str>) -> Result<OutFormat, String> {
        Output::new(format, path.map(PathBuf::from), "评分表.xlsx").map(|o| o.format).map_err(|e| e.to_string())
    }

    #[test]
    fn format_from_flag_then_extension_then_table() {
        assert_eq!(pick(None, None), Ok(Table));
        assert_eq!(pick(Some(Json), None), Ok(Json));
        assert_eq!(pick(None, Some("评分表.xlsx")), Ok(Xlsx));
        assert_eq!(pick(None, Some("评分表.XLSX")), Ok(Xlsx));
        assert_eq!(pick(None, Some("out.json")), Ok(Json));
        assert_eq!(pick(None, Some("out.md")), Ok(Md));
        assert_eq!(pick(None, Some("out.txt")), Ok(Table));
        assert_eq!(pick(None, Some("评分表")), Ok(Table));
        assert_eq!(pick(Some(Md), Some("out.txt")), Ok(Md));
        assert_eq!(pick(Some(Json), Some("out")), Ok(Json));
        assert_eq!(pick(Some(Xlsx), Some("评分表.xlsx")), Ok(Xlsx));
    }

    #[test]
    fn contradictions_are_refused() {
        let no_file = pick(Some(Xlsx), None).unwrap_err();
        assert_eq!(no_file, "xlsx 格式需要用 --output 指定文件，例如 --output 评分表.xlsx");
        let other = pick(Some(Json), Some("评分表.xlsx")).unwrap_err();
        assert_eq!(other, "--output 评分表.xlsx 的扩展名表示 xlsx 格式，与 --format json 不符");
        assert!(pick(Some(Table), Some("out.md")).is_err());
        let unknown = pick(Some(Xlsx), Some("评分表.txt")).unwrap_err();
        assert!(unknown.contains("须以 .xlsx 结尾"), "{unknown}");
        for file in ["评分表.xls", "评分表.pdf", "评分表.docx", "评分表.csv"] {
            let refused = pick(None, Some(file)).unwrap_err();
            assert!(refused.contains("不能写成") && refused.contains(".xlsx（Excel 工作簿）"), "{refused}");
        }
        assert_eq!(pick(Some(Json), Some("结果.log")), Ok(Json), "a format given outright is taken");
        let dotted = pick(None, Some("2026.10评分")).unwrap_err();
        assert!(dotted.ends_with("请写上扩展名，如 2026.10评分.txt"), "{dotted}");
    }
}
