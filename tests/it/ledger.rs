//! `xuncha ledger`: the example round's ledgers as a user meets them, the JSON contract, the
//! day boundaries of the lights, intake faults reported together, informant columns dropped,
//! and `ledger init`.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::helpers::{assert_error, copy_round, json, tmp, write, xuncha};

fn item<'a>(v: &'a Value, unit: &str, id: &str) -> &'a Value {
    v["items"].as_array().unwrap().iter().find(|i| i["unit"] == unit && i["id"] == id).expect(id)
}

#[test]
fn the_example_round_has_every_state_light_and_an_overdue_clue() {
    let v = json(&["ledger", "examples/round", "--today", "2026-12-20", "--format", "json"]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["today"], "2026-12-20");
    let states: std::collections::BTreeSet<&str> =
        v["items"].as_array().unwrap().iter().map(|i| i["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["整改不实", "整改中", "已销号", "逾期"].into_iter().collect());
    // The contract: id, unit, state, light (绿/黄/红/null), days_left.
    let red = item(&v, "县水利局党组", "底稿7");
    assert_eq!(
        (red["state"].as_str(), red["light"].as_str(), red["days_left"].as_i64()),
        (Some("逾期"), Some("红"), Some(-5))
    );
    let yellow = item(&v, "县水利局党组", "问题7");
    assert_eq!(
        (yellow["state"].as_str(), yellow["light"].as_str(), yellow["days_left"].as_i64()),
        (Some("整改中"), Some("黄"), Some(8))
    );
    let green = item(&v, "县水利局党组", "底稿13");
    assert_eq!((green["light"].as_str(), green["days_left"].as_i64()), (Some("绿"), Some(16)));
    let closed = item(&v, "县农业农村局党组", "底稿2");
    assert_eq!((closed["state"].as_str(), closed["light"].clone()), (Some("已销号"), Value::Null));
    let bare = item(&v, "县农业农村局党组", "底稿33");
    assert_eq!((bare["state"].as_str(), bare["light"].as_str()), (Some("整改不实"), Some("红")));
    assert!(bare["reasons"][1].as_str().unwrap().contains("没有佐证材料"), "{bare}");
    // Clues: id, due, overdue.
    let clue = |id: &str| v["clues"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(
        (clue("XS-2026-3-02")["due"].as_str(), clue("XS-2026-3-02")["overdue"].as_bool()),
        (Some("2026-12-18"), Some(true))
    );
    assert_eq!(clue("XS-2026-3-03")["overdue"], false, "answered before its due date");
    assert_eq!(clue("XS-2026-3-04")["overdue"], false, "due 2026-12-25, after today");
    // Units: a red card for 整改不实, the report due two months after feedback.
    let unit = v["units"].as_array().unwrap().iter().find(|u| u["unit"] == "县水利局党组").unwrap();
    assert_eq!(unit["card"][0], "红牌");
    assert_eq!(unit["report_due"], "2027-01-25");
    // Common problems across units: 三重一大 in three reports is proposed for 集中交办.
    let common = v["common"].as_array().unwrap();
    let sanzhong = common.iter().find(|c| c["topic"] == "“三重一大”决策不规范").unwrap();
    assert_eq!(sanzhong["proposed"], true);
    assert!(sanzhong["departments"].as_array().unwrap().iter().any(|d| d == "县纪委监委"));
}

#[test]
fn the_terminal_view() {
    let run = xuncha(&["ledger", "examples/round", "--today", "2026-12-20"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("ledger_table", run.stdout);
}

/// A round copy whose 整改台账 is `csv` (UTF-8) and has no clue ledger.
fn round_with_items(dir: &Path, csv: &str) -> String {
    copy_round(dir);
    fs::remove_file(dir.join("整改台账.xlsx")).unwrap();
    fs::remove_file(dir.join("线索台账.csv")).unwrap();
    write(dir, "整改台账.csv", csv.as_bytes());
    dir.to_str().unwrap().to_owned()
}

#[test]
fn lights_change_on_the_day_boundaries() {
    let dir = tmp();
    // Judged on 2026-12-01: 21, 20, 11, 10, 0 and -1 days left.
    let csv = "问题编号,被巡察单位,问题,整改时限\n\
        1,河寨村党支部,甲,2026-12-22\n2,河寨村党支部,乙,2026-12-21\n3,河寨村党支部,丙,2026-12-12\n\
        4,河寨村党支部,丁,2026-12-11\n5,河寨村党支部,戊,2026-12-01\n6,河寨村党支部,己,2026-11-30\n";
    let r = round_with_items(dir.path(), csv);
    let v = json(&["ledger", &r, "--today", "2026-12-01", "--format", "json"]);
    let got: Vec<(i64, Value, &str)> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["days_left"].as_i64().unwrap(), i["light"].clone(), i["state"].as_str().unwrap()))
        .collect();
    let want = [
        (21, Value::Null, "整改中"),
        (20, "绿".into(), "整改中"),
        (11, "绿".into(), "整改中"),
        (10, "黄".into(), "整改中"),
        (0, "黄".into(), "整改中"),
        (-1, "红".into(), "逾期"),
    ];
    assert_eq!(got, want);
}

#[test]
fn faults_of_a_ledger_are_reported_together_with_their_rows() {
    let dir = tmp();
    let csv = "问题编号,被巡察单位,问题,整改时限,完成时间\n\
        1,河寨村党支部,甲,明年春天,\n1,河寨村党支部,乙,2026-12-31,\n2,河寨村,丙,2026-12-31,\n3,县财政局,丁,2026-12-31,12/40\n";
    let r = round_with_items(dir.path(), csv);
    let run = xuncha(&["ledger", &r, "--today", "2026-12-01"]);
    assert_error(
        &run,
        &[
            "整改台账.csv 有 4 处需要改正",
            "第2行“整改时限”列：“明年春天”不是日期",
            "第3行“问题编号”列：河寨村党支部的问题编号“1”与第2行重复",
            "第5行“被巡察单位”列：“县财政局”不是本轮的被巡察单位",
            "第5行“完成时间”列：“12/40”不是日期",
        ],
    );
}

#[test]
fn informant_columns_of_a_clue_ledger_never_reach_an_output() {
    let dir = tmp();
    copy_round(dir.path());
    // A GBK export with informant columns, as a clerk might keep it.
    let csv = "线索编号,被巡察单位,涉及人员,移交日期,举报人,联系电话,身份证号\n\
        XS-9,河寨村党支部,冯某某,2026-09-01,隐私标记丙,13700001234,110101199003070011\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    fs::remove_file(dir.path().join("线索台账.csv")).unwrap();
    write(dir.path(), "线索台账.csv", &gbk);
    let r = dir.path().to_str().unwrap();
    let out = dir.path().join("结果");
    let mut seen = String::new();
    for format in ["table", "json", "md"] {
        let run = xuncha(&["ledger", r, "--today", "2026-12-20", "--format", format]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains("XS-9") && run.stdout.contains("冯某某"), "{}", run.stdout);
        seen.push_str(&run.stdout);
        seen.push_str(&run.stderr);
    }
    let run = xuncha(&["round", r, "--out", out.to_str().unwrap(), "--today", "2026-12-20", "--quiet"]);
    assert!(run.code <= 1, "{}", run.stderr);
    seen.push_str(&crate::helpers::round_pages(&out));
    for f in ["round.md", "round.json"] {
        seen.push_str(&fs::read_to_string(out.join(f)).unwrap());
    }
    for secret in ["隐私标记丙", "13700001234", "110101199003070011"] {
        assert!(!seen.contains(secret), "informant data {secret} leaked");
    }
}

#[test]
fn ledger_init_writes_the_template_from_the_reports() {
    let dir = tmp();
    copy_round(dir.path());
    fs::remove_file(dir.path().join("线索台账.csv")).unwrap();
    let r = dir.path().to_str().unwrap();
    // The example already keeps one: never overwritten without --force.
    let refused = xuncha(&["ledger", "init", r]);
    assert!(refused.code == 2 && refused.stderr.contains("已存在，不会覆盖"), "{}", refused.stderr);
    let before = fs::read(dir.path().join("整改台账.xlsx")).unwrap();
    assert_eq!(before, fs::read("examples/round/整改台账.xlsx").unwrap());

    let run = xuncha(&["ledger", "init", r, "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("7 个单位的 80 个问题"), "{}", run.stderr);
    // The template reads back as a ledger: every problem in progress, numbered by its 底稿.
    let v = json(&["ledger", r, "--today", "2026-12-20", "--format", "json"]);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 80);
    assert!(items.iter().all(|i| i["state"] == "整改中" && i["light"].is_null()));
    let ids: Vec<&str> =
        items.iter().filter(|i| i["unit"] == "县农业农村局党组").map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids[..3], ["底稿2", "底稿5", "底稿6"]);
    assert!(item(&v, "县教育局党组", "问题1")["problem"].as_str().unwrap().contains("双减"));
}

#[test]
fn a_round_without_ledgers_says_how_to_start_one() {
    let dir = tmp();
    copy_round(dir.path());
    fs::remove_file(dir.path().join("整改台账.xlsx")).unwrap();
    fs::remove_file(dir.path().join("线索台账.csv")).unwrap();
    let run = xuncha(&["ledger", dir.path().to_str().unwrap()]);
    assert_error(&run, &["没有整改台账", "xuncha ledger init"]);
    let bad = xuncha(&["ledger", "examples/round", "--today", "下周一"]);
    assert_error(&bad, &["“下周一”不是日期"]);
}

/// A 整改情况报告 that skips a fed-back problem and overstates its completion gets both
/// findings, and a Word user sees them.
#[test]
fn a_rectification_report_is_checked_against_the_ledger() {
    let args = ["check", "fixtures/drafts/shuili-zhenggai.docx", "--round", "examples/round", "--unit", "县水利局党组"];
    let run = xuncha(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("rectification_report_check", run.stdout);
    let mut with_json = args.to_vec();
    with_json.extend(["--format", "json"]);
    let v = crate::helpers::json(&[with_json.as_slice(), &["--fail-on", "never"]].concat());
    let report = &v["reports"][0];
    assert_eq!(report["genre"], "整改报告");
    let messages = |rule: &str| -> Vec<String> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| f["message"].as_str().unwrap().to_owned())
            .collect()
    };
    let answers = messages("report/rectification-answers");
    assert!(answers.iter().any(|m| m.contains("（底稿13）在整改报告中没有对应的整改情况")), "{answers:?}");
    assert!(!answers.iter().any(|m| m.contains("底稿7") || m.contains("津贴补贴问题屡纠屡犯”（")), "{answers:?}");
    let figures = messages("report/rectification-figures");
    assert_eq!(figures.len(), 2, "{figures:?}");
    assert!(figures[0].contains("已完成整改3个") && figures[1].contains("完成率应为0%"), "{figures:?}");
}

#[test]
fn without_a_ledger_the_report_items_are_what_was_fed_back() {
    let dir = tmp();
    copy_round(dir.path());
    fs::remove_file(dir.path().join("整改台账.xlsx")).unwrap();
    let r = dir.path().to_str().unwrap();
    let v = crate::helpers::check_json(&["fixtures/drafts/shuili-zhenggai.docx", "--round", r, "--unit", "县水利局"]);
    let findings = v["reports"][0]["findings"].as_array().unwrap();
    let missed = findings.iter().filter(|f| f["message"].as_str().unwrap().contains("没有对应的整改情况")).count();
    // The 水利局 report has 12 problem items; the draft answers 3 of them.
    assert_eq!(missed, 9, "{findings:#?}");
    assert!(findings.iter().all(|f| f["rule"] != "report/rectification-figures"), "no ledger, no figures to compare");

    let unknown = xuncha(&["check", "fixtures/drafts/shuili-zhenggai.docx", "--round", r, "--unit", "县财政局党组"]);
    assert_error(&unknown, &["没有名为“县财政局党组”的被巡察单位"]);
    let alone = xuncha(&["check", "fixtures/drafts/shuili-zhenggai.docx", "--unit", "县水利局党组"]);
    assert_error(&alone, &["--unit 要与 --signals", "--round"]);
}

/// A .docx the tool wrote, as its paragraphs' text (table cells joined by " | " per row are not
/// needed: each cell is its own paragraph).
fn docx_text(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    xuncha::read::docx::read_paragraphs(&bytes)
        .expect("a readable .docx")
        .iter()
        .map(|p| format!("{}\n", p.text))
        .collect()
}

#[test]
fn reminder_letters_go_to_units_with_overdue_or_false_items() {
    let out = tmp();
    let dir = out.path().join("督办函");
    // A letter of an earlier day to a unit no longer behind is removed; other files stay.
    write(&dir, "督办函-河寨村党支部.docx", b"old");
    write(out.path(), "其他文件.docx", b"keep");
    let run = xuncha(&["ledger", "letters", "examples/round", "--today", "2026-12-20", "--out", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Exactly the units that have an item 逾期 or 整改不实 in the JSON view of the same day.
    let v = json(&["ledger", "examples/round", "--today", "2026-12-20", "--format", "json"]);
    let mut expected: Vec<String> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["state"] == "逾期" || i["state"] == "整改不实")
        .map(|i| format!("督办函-{}.docx", i["unit"].as_str().unwrap()))
        .collect();
    expected.sort();
    expected.dedup();
    let mut written: Vec<String> =
        fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    written.sort();
    assert_eq!(written, expected);
    assert!(run.stderr.contains(&format!("生成 {} 份督办函", expected.len())), "{}", run.stderr);
    assert!(
        run.stderr.contains("督办函-河寨村党支部.docx：截至 2026-12-20 该单位已没有需要督办的问题"),
        "{}",
        run.stderr
    );
    assert!(out.path().join("其他文件.docx").exists());

    // The letter names each item, how late it is, who answers for it, and the reply date.
    let letter = docx_text(&dir.join("督办函-县水利局党组.docx"));
    for want in [
        "县水利局党组：",
        "截至2026年12月20日",
        "（问题编号 底稿7）",
        "已逾期 5 天",
        "报称已完成，但",
        "于2026年12月30日前",
        "县委巡察办",
    ] {
        assert!(letter.contains(want), "missing {want}:\n{letter}");
    }
    // Closed and on-time items are not in it.
    assert!(!letter.contains("问题7）"), "{letter}");
}

#[test]
fn the_progress_notice_carries_the_ledger_figures() {
    let out = tmp();
    let path = out.path().join("通报.docx");
    let run =
        xuncha(&["ledger", "notice", "examples/round", "--today", "2026-12-20", "--output", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(docx_text(&path));
    // Same figures as the JSON view of the same day.
    let v = json(&["ledger", "examples/round", "--today", "2026-12-20", "--format", "json"]);
    let items = v["items"].as_array().unwrap();
    let count = |s: &str| items.iter().filter(|i| i["state"] == s).count();
    let text = docx_text(&path);
    let overall = format!(
        "共反馈问题 {} 个，已整改到位并销号 {} 个，整改中 {} 个，逾期未完成 {} 个，报称完成但整改不实 {} 个",
        items.len(),
        count("已销号"),
        count("整改中"),
        count("逾期"),
        count("整改不实")
    );
    assert!(text.contains(&overall), "{overall}\n{text}");
}

#[test]
fn letters_need_a_rectification_ledger() {
    let dir = tmp();
    copy_round(dir.path());
    fs::remove_file(dir.path().join("整改台账.xlsx")).unwrap();
    let run =
        xuncha(&["ledger", "letters", dir.path().to_str().unwrap(), "--out", dir.path().join("x").to_str().unwrap()]);
    assert_error(&run, &["没有整改台账，无法生成督办函"]);
    assert!(!dir.path().join("x").exists());
}
