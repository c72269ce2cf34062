//! `xuncha check` as a group leader meets it: diagnostics, score preview, JSON, exit codes.

use serde_json::Value;

use crate::helpers::{check_json, xuncha};

/// (rule, message) of every finding of the first report, in order.
fn findings(v: &Value) -> Vec<(String, String)> {
    v["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_owned(), f["message"].as_str().unwrap().to_owned()))
        .collect()
}

fn total(v: &Value) -> f64 {
    v["reports"][0]["score"]["total"].as_f64().unwrap()
}

#[test]
fn trivia_draft_diagnostics() {
    let run = xuncha(&["check", "fixtures/drafts/trivia.txt"]);
    assert_eq!(run.code, 1, "errors found → exit 1");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn strong_draft_is_clean() {
    let run = xuncha(&["check", "fixtures/drafts/strong.txt"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn trivia_draft_flags_trivia_and_missing_substance_and_scores_low() {
    let trivia = check_json(&["fixtures/drafts/trivia.txt"]);
    let strong = check_json(&["fixtures/drafts/strong.txt"]);
    let rules: Vec<String> = findings(&trivia).into_iter().map(|(r, _)| r).collect();
    assert!(rules.contains(&"report/trivia".into()));
    assert!(rules.contains(&"report/substance".into()));
    assert!(total(&trivia) + 40.0 < total(&strong), "{} vs {}", total(&trivia), total(&strong));
}

#[test]
fn same_findings_in_utf8_gbk_and_docx() {
    let utf8 = check_json(&["fixtures/drafts/trivia.txt"]);
    let gbk = check_json(&["fixtures/drafts/trivia-gbk.txt"]);
    let docx = check_json(&["fixtures/drafts/trivia.docx"]);
    assert_eq!(gbk["reports"][0]["encoding"], "GB18030");
    assert_eq!(docx["reports"][0]["format"], "docx");
    assert_eq!(findings(&utf8), findings(&gbk));
    assert_eq!(findings(&utf8), findings(&docx));
    assert_eq!(total(&utf8), total(&docx));
    // Each file's own terms: line:column for text, 第N段 for .docx.
    let place = |v: &Value| v["reports"][0]["findings"][1]["locations"][0]["place"].as_str().unwrap().to_owned();
    assert_eq!(place(&utf8), "7:1");
    assert_eq!(place(&docx), "第7段");
}

#[test]
fn docx_diagnostics_name_paragraphs() {
    let run = xuncha(&["check", "fixtures/drafts/trivia.docx"]);
    assert_eq!(run.code, 1, "errors found → exit 1: {}", run.stderr);
    assert!(run.stdout.contains("= 位置: fixtures/drafts/trivia.docx 第7段"), "{}", run.stdout);
}

#[test]
fn markdown_draft_matches_text_draft() {
    let txt = check_json(&["fixtures/drafts/strong.txt"]);
    let md = check_json(&["fixtures/drafts/strong.md"]);
    assert_eq!(findings(&txt), findings(&md));
    assert_eq!(txt["reports"][0]["problems"], md["reports"][0]["problems"]);
    assert_eq!(md["reports"][0]["problems"], 11, "the Markdown draft's problems were read");
}

#[test]
fn top_leader_draft_loses_the_key_minority_points() {
    let v = check_json(&["fixtures/drafts/no-top-leader.txt"]);
    assert!(findings(&v).iter().any(|(r, _)| r == "report/top-leader"));
    let leaders = &v["reports"][0]["score"]["criteria"].as_array().unwrap()[2];
    assert_eq!(leaders["id"], "leaders");
    assert_eq!(leaders["score"], 0.0);
}

#[test]
fn json_schema() {
    let v = check_json(&["fixtures/drafts/trivia.txt"]);
    assert_eq!(v["schema_version"], 1);
    insta::assert_json_snapshot!(v, { ".pack.hash" => "[hash]", ".tool_version" => "[version]" });
}

#[test]
fn frameworks_change_the_focus_check() {
    let sange = check_json(&["fixtures/drafts/trivia.txt"]);
    let sige = check_json(&["--framework", "四个聚焦", "fixtures/drafts/trivia.txt"]);
    let focus = |v: &Value| findings(v).iter().filter(|(r, _)| r == "report/focus-coverage").count();
    assert_eq!(sige["framework"], "四个聚焦");
    assert_eq!(focus(&sange) + 1, focus(&sige));
    let bad = xuncha(&["check", "--framework", "五个聚焦", "fixtures/drafts/trivia.txt"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("三个聚焦（sange）"), "{}", bad.stderr);
}

#[test]
fn fail_on_sets_the_exit_code() {
    let strong_warn = xuncha(&["check", "--fail-on", "提示", "fixtures/drafts/no-top-leader.txt"]);
    assert_eq!(strong_warn.code, 1);
    let never = xuncha(&["check", "--fail-on", "never", "fixtures/drafts/trivia.txt"]);
    assert_eq!(never.code, 0);
    let bad = xuncha(&["check", "--fail-on", "严重", "fixtures/drafts/trivia.txt"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("不是有效级别"), "{}", bad.stderr);
}

#[test]
fn trace_shows_every_rule() {
    let run = xuncha(&["check", "--trace", "fixtures/drafts/strong.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for rule in ["report/top-leader", "report/trivia", "report/informant-leak"] {
        assert!(run.stdout.contains(rule), "{rule} missing from trace");
    }
    assert!(run.stdout.contains("通过"), "{}", run.stdout);
}

/// `--annotate-dir`: a Word copy with every finding as a comment; the draft is untouched.
#[test]
fn annotated_docx_copy() {
    let input = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/drafts/trivia.docx");
    let before = std::fs::read(&input).unwrap();
    let dir = crate::helpers::tmp();
    let out_dir = dir.path().to_str().unwrap();
    let args = [
        "check",
        "fixtures/drafts/trivia.docx",
        "fixtures/drafts/trivia.txt",
        "--format",
        "json",
        "--fail-on",
        "never",
    ];
    let run = xuncha(&[&args[..], &["--annotate-dir", out_dir]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("已写入批注版："), "{}", run.stderr);
    assert!(run.stderr.contains("trivia.txt：批注版只支持 .docx，已跳过"), "{}", run.stderr);
    assert_eq!(std::fs::read(&input).unwrap(), before, "the draft is never modified");

    let out = dir.path().join("trivia（自查批注）.docx");
    let bytes = std::fs::read(&out).expect("annotated copy written");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
    let mut comments = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/comments.xml").unwrap(), &mut comments).unwrap();
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    for (_, message) in findings(&v) {
        assert!(comments.contains(&escape(&message)), "{message} not in comments.xml");
    }
    assert!(comments.contains("预估得分"));
    assert!(dir.path().read_dir().unwrap().count() == 1, "no temp file left behind");

    // Running again replaces our own copy.
    let again = xuncha(&["check", "fixtures/drafts/trivia.docx", "--annotate-dir", out_dir, "--fail-on", "never"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(std::fs::read(&out).unwrap(), bytes, "same draft → same bytes");

    // A word processor opens it and keeps every comment (CI installs LibreOffice; elsewhere the
    // check is skipped unless XUNCHA_REQUIRE_BROWSER asks for the full set of outside programs).
    let office = ["libreoffice", "soffice"]
        .into_iter()
        .find(|p| std::process::Command::new(p).arg("--version").output().is_ok_and(|o| o.status.success()));
    let Some(office) = office else {
        assert!(std::env::var_os("XUNCHA_REQUIRE_BROWSER").is_none(), "LibreOffice is required here but not installed");
        eprintln!("未找到 libreoffice/soffice，跳过用办公软件打开批注版的检查");
        return;
    };
    let converted = crate::helpers::tmp();
    let profile = crate::helpers::tmp();
    let status = std::process::Command::new(office)
        .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args(["--headless", "--convert-to", "odt", "--outdir"])
        .arg(converted.path())
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let odt = std::fs::File::open(converted.path().join("trivia（自查批注）.odt")).expect("converted");
    let mut zip = zip::ZipArchive::new(odt).unwrap();
    let mut content = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("content.xml").unwrap(), &mut content).unwrap();
    let kept = content.matches("<office:annotation>").count() + content.matches("<office:annotation ").count();
    assert_eq!(kept, comments.matches("<w:comment ").count(), "every comment survives LibreOffice");
    assert!(kept > 0);
}

#[test]
fn folders_and_patterns_are_expanded_and_lock_files_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("第二组")).unwrap();
    std::fs::copy("fixtures/drafts/trivia.docx", d.join("草稿.docx")).unwrap();
    std::fs::copy("fixtures/drafts/strong.txt", d.join("第二组/报告.txt")).unwrap();
    std::fs::write(d.join("~$草稿.docx"), [0u8, 1, 2]).unwrap();
    let folder = d.display().to_string();
    let run = xuncha(&["check", &folder, "--format", "json", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("跳过 Word 临时文件"), "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let paths: Vec<&str> = v["reports"].as_array().unwrap().iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    // Sorted by path: 第二组/ (U+7B2C) before 草稿 (U+8349).
    assert!(paths[0].ends_with("第二组/报告.txt") && paths[1].ends_with("草稿.docx"), "{paths:?}");

    let pattern = format!("{folder}/*.docx");
    let run = xuncha(&["check", &pattern, "--format", "json", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["reports"].as_array().unwrap().len(), 1, "the pattern matches the draft, not the lock file");
}

#[test]
fn genre_is_read_from_the_text_or_given() {
    let read = check_json(&["fixtures/real/019-km-qu-dierlun-zhenggai.txt"]);
    assert_eq!(read["reports"][0]["genre"], "整改报告");
    assert_eq!(read["reports"][0]["genre_given"], false);
    let run = xuncha(&[
        "check",
        "fixtures/real/019-km-qu-dierlun-zhenggai.txt",
        "--genre",
        "工作动态",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let given: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(given["reports"][0]["genre"], "工作动态");
    assert_eq!(given["reports"][0]["genre_given"], true);
    let bad = xuncha(&["check", "fixtures/drafts/strong.txt", "--genre", "简报"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("不是可识别的文种"), "{}", bad.stderr);
}

/// A folder larger than one batch: every report written, in input order, each exactly as a
/// check of that file alone gives it (the JSON is streamed batch by batch).
#[test]
fn a_large_folder_is_written_report_by_report_in_order() {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir("fixtures/real")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    files.sort();
    assert!(files.len() > 40, "more files than one batch of two threads");
    let all =
        crate::helpers::json(&["--jobs", "2", "check", "fixtures/real", "--format", "json", "--fail-on", "never"]);
    let reports = all["reports"].as_array().unwrap();
    assert_eq!(reports.len(), files.len());
    for k in [0, 31, 32, 33, files.len() - 1] {
        let one =
            crate::helpers::json(&["check", files[k].to_str().unwrap(), "--format", "json", "--fail-on", "never"]);
        assert_eq!(reports[k], one["reports"][0], "report {k}");
    }
}
