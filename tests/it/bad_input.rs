//! Bad input gets a clear Chinese error naming the file and place, exit 2, and no panic.

use std::fs;
use std::path::Path;

use crate::helpers::{Run, assert_error, tmp, write, xuncha};

fn check(path: &Path) -> Run {
    xuncha(&["check", path.to_str().unwrap()])
}

fn assert_input_error(run: &Run, needle: &str) {
    assert_error(run, &[needle]);
}

#[test]
fn missing_file() {
    let d = tmp();
    assert_input_error(&check(&d.path().join("无此文件.docx")), "文件不存在");
}

#[test]
fn directory_instead_of_file() {
    let d = tmp();
    assert_input_error(&check(d.path()), "这是一个目录");
}

#[test]
fn empty_and_blank_files() {
    let d = tmp();
    assert_input_error(&check(&write(d.path(), "empty.txt", b"")), "文件为空");
    assert_input_error(&check(&write(d.path(), "blank.txt", "  \n\u{3000}\n".as_bytes())), "文件为空");
}

#[test]
fn binary_junk() {
    let d = tmp();
    let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    assert_input_error(&check(&write(d.path(), "junk.txt", &junk)), "不是文本文件");
}

#[test]
fn neither_utf8_nor_gbk() {
    let d = tmp();
    let path = write(d.path(), "bad.txt", b"first line\nsecond \xff\x30 line\n");
    let run = check(&path);
    assert_input_error(&run, "第2行起无法识别编码");
    assert!(run.stderr.contains("bad.txt"));
}

#[test]
fn truncated_and_fake_docx() {
    let d = tmp();
    let real = fs::read("fixtures/drafts/trivia.docx").unwrap();
    assert_input_error(&check(&write(d.path(), "cut.docx", &real[..real.len() / 2])), "不是有效的 .docx 文件");
    assert_input_error(&check(&write(d.path(), "fake.docx", "这其实是文本".as_bytes())), "不是有效的 .docx 文件");
}

#[test]
fn docx_without_document_xml() {
    let d = tmp();
    let path = d.path().join("nodoc.docx");
    let mut zip = zip::ZipWriter::new(fs::File::create(&path).unwrap());
    zip.start_file("word/styles.xml", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut zip, b"<w:styles/>").unwrap();
    zip.finish().unwrap();
    assert_input_error(&check(&path), "没有 word/document.xml");
}

#[test]
fn old_word_format() {
    let d = tmp();
    assert_input_error(&check(&write(d.path(), "old.doc", b"\xD0\xCF\x11\xE0junk")), "另存为” .docx");
}

#[test]
fn one_bad_file_does_not_hide_the_others() {
    let d = tmp();
    let bad = d.path().join("missing.txt");
    let run = xuncha(&["check", "fixtures/drafts/strong.txt", bad.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("预计得分"), "the good file is still checked");
}

fn pack(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tmp();
    for (name, text) in files {
        write(d.path(), name, text.as_bytes());
    }
    d
}

fn check_with(pack: &Path) -> Run {
    xuncha(&["check", "--rules", pack.to_str().unwrap(), "fixtures/drafts/strong.txt"])
}

#[test]
fn malformed_pack_toml_points_at_the_line() {
    let p = pack(&[("pack.toml", "extends = \"default\"\n\n[rules.\"report/length\"]\nseverity = \n")]);
    let run = check_with(p.path());
    assert_input_error(&run, "pack.toml:4:");
}

#[test]
fn pack_with_wrong_types_and_unknown_fields() {
    let p = pack(&[("pack.toml", "extends = \"default\"\n[rules.\"report/length\"]\npoints = \"两分\"\n")]);
    assert_input_error(&check_with(p.path()), "类型不对");
    let p = pack(&[("pack.toml", "extends = \"default\"\n[rules.\"report/length\"]\npionts = 2\n")]);
    assert_input_error(&check_with(p.path()), "无法识别的字段 pionts");
    let p = pack(&[("pack.toml", "extends = \"default\"\n[rules.\"report/top-leaders\"]\npoints = 2\n")]);
    assert_input_error(&check_with(p.path()), "是否指 report/top-leader");
}

#[test]
fn rule_syntax_error_points_at_file_line_column() {
    let p = pack(&[
        ("pack.toml", "extends = \"default\"\n"),
        ("report/broken.rhai", "//! # 坏规则\nlet x = 1;\nlet y = x + ;\n"),
    ]);
    assert_input_error(&check_with(p.path()), "report/broken.rhai:3:");
}

#[test]
fn runaway_rules_are_stopped_and_the_others_still_run() {
    let p = pack(&[
        ("pack.toml", "extends = \"default\"\n"),
        ("report/loop.rhai", "//! # 死循环\nlet n = 0;\nloop { n += 1; }\n"),
        ("report/recurse.rhai", "//! # 无穷递归\nfn f(x) { f(x + 1) }\nf(1);\n"),
        ("report/grow.rhai", "//! # 字符串膨胀\nlet s = \"巡察\";\nloop { s += s; }\n"),
        ("report/throws.rhai", "//! # 抛出错误\nthrow \"规则自己报错\";\n"),
        ("report/escape.rhai", "//! # 越权导入\nimport \"../../etc/passwd\" as p;\n"),
        ("report/badarg.rhai", "//! # 错误参数\nctx.fail(#{ message: \"x\", points: \"many\" });\n"),
    ]);
    let run = check_with(p.path());
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    for (rule, needle) in [
        ("report/loop", "可能存在死循环"),
        ("report/recurse", "无穷递归"),
        ("report/grow", "超过上限"),
        ("report/throws", "规则自己报错"),
        ("report/escape", "只能导入规则包 lib/ 目录中的模块"),
        ("report/badarg", "points 应为数字"),
    ] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("规则出错[{rule}]")))
            .unwrap_or_else(|| panic!("{rule}: {}", run.stdout));
        assert!(line.contains(needle), "{line}");
        assert!(line.contains(&format!("{rule}.rhai:")), "position missing: {line}");
    }
    assert!(run.stdout.contains("预计得分 100 分"), "the default rules still ran: {}", run.stdout);
}
