//! The drafts `check` is given, as an office gives them: files, folders (every .docx/.txt/.md
//! inside, sorted), and patterns such as `reports/*.docx` expanded here, since Windows shells do
//! not expand them. Word's lock files (`~$草稿.docx`), hidden files and our own annotated copies
//! are skipped with a note.

use std::path::{Path, PathBuf};

const REPORT_EXTENSIONS: [&str; 3] = ["docx", "txt", "md"];

/// The files to check, in the order given (a folder's files sorted by path).
pub fn expand(args: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let before = out.len();
            walk(arg, &mut out);
            if out.len() == before {
                eprintln!("提示：{} 中没有 .docx、.txt 或 .md 报告", arg.display());
            }
        } else if !arg.exists() && is_pattern(arg) {
            let matched = glob(arg);
            if matched.is_empty() {
                eprintln!("提示：没有与 {} 相符的文件", arg.display());
            }
            out.extend(matched.into_iter().filter(|p| keep(p, true)));
        } else if keep(arg, false) {
            // Missing or unreadable files are reported by the reader, with the file named.
            out.push(arg.clone());
        }
    }
    out
}

/// Every report file under `dir`, sorted, skipping what [`keep`] skips.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("提示：{} 无法读取，已跳过", dir.display());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            if !name(&p).starts_with('.') {
                walk(&p, out);
            }
        } else if is_report(&p) && keep(&p, true) {
            out.push(p);
        }
    }
}

/// Skips Word's lock files always, and (inside folders and patterns) hidden files and the
/// annotated copies `check --annotate` writes.
fn keep(p: &Path, found: bool) -> bool {
    let n = name(p);
    if n.starts_with("~$") {
        eprintln!("提示：跳过 Word 临时文件 {}（文档在 Word 中打开时生成，关闭后会消失）", p.display());
        return false;
    }
    !(found && (n.starts_with('.') || n.contains("（自查批注）")))
}

fn name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn is_report(p: &Path) -> bool {
    let ext = p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    REPORT_EXTENSIONS.contains(&ext.as_str())
}

fn is_pattern(p: &Path) -> bool {
    name(p).contains(['*', '?'])
}

/// Files of the pattern's folder whose names match its last part (`*` any run, `?` one character).
fn glob(pattern: &Path) -> Vec<PathBuf> {
    let dir = pattern.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let wanted: Vec<char> = name(pattern).chars().collect();
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && matches(&wanted, &name(p).chars().collect::<Vec<_>>()))
        .collect();
    out.sort();
    out
}

fn matches(pattern: &[char], text: &[char]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some(('*', rest)) => (0..=text.len()).any(|i| matches(rest, &text[i..])),
        Some(('?', rest)) => !text.is_empty() && matches(rest, &text[1..]),
        Some((c, rest)) => text.first() == Some(c) && matches(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_chinese_names() {
        let m = |p: &str, t: &str| matches(&p.chars().collect::<Vec<_>>(), &t.chars().collect::<Vec<_>>());
        assert!(m("*.docx", "草稿.docx"));
        assert!(m("第?组*.txt", "第一组报告.txt"));
        assert!(!m("*.docx", "草稿.docx.bak"));
        assert!(!m("第?组.txt", "第十一组.txt"));
    }

    #[test]
    fn folders_recurse_sorted_and_skip_lock_files_and_annotated_copies() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("二组")).unwrap();
        for f in ["b.txt", "a.docx", "~$a.docx", ".hidden.md", "a（自查批注）.docx", "说明.pdf", "二组/c.md"]
        {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let got = expand(&[d.to_path_buf()]);
        let names: Vec<String> =
            got.iter().map(|p| p.strip_prefix(d).unwrap().to_string_lossy().replace('\\', "/")).collect();
        assert_eq!(names, ["a.docx", "b.txt", "二组/c.md"]);
        let pattern = expand(&[d.join("*.docx")]);
        assert_eq!(pattern, [d.join("a.docx")]);
        assert!(expand(&[d.join("~$a.docx")]).is_empty(), "a lock file named directly is skipped too");
    }
}
