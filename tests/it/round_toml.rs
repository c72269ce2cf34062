//! round.toml as an office clerk writes it in Notepad or WPS: TOML dates, `deputy = "…"`, stray
//! spaces, units known by other names, and the errors a slip of the keyboard gets.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::helpers::{assert_error, json, replace, round_with, xuncha};

/// `command dir --format json`, with the temp folder's path written as the example's.
fn json_of(command: &str, dir: &Path) -> Value {
    let v = json(&[command, dir.to_str().unwrap(), "--format", "json"]);
    serde_json::from_str(&v.to_string().replace(dir.to_str().unwrap(), "examples/round")).unwrap()
}

#[test]
fn a_round_written_the_office_way_reads_as_the_example() {
    let dir = round_with(|d| {
        for (from, to) in [
            ("start = \"2026-09-01\"", "start = 2026-09-01"),
            ("end = \"2026-11-20\"", "end = 2026-11-20"),
            ("feedback = \"2026-11-25\"", "feedback = 2026-11-25"),
            ("framework = \"三个聚焦\"", "framework = \"三个聚焦 \""),
            ("deputies = [\"李某\"]", "deputy = \"李某\""),
            ("deputies = [\"黄某\"]", "deputy = \"黄某\"\ndeputies = [\"黄某\"]"),
            ("name = \"河寨村党支部\"", "name = \"河寨村党支部\"\naliases = [\"河寨村两委\"]"),
            (
                "name = \"县工业和信息化局党组\"",
                "name = \"县工业和信息化局党组\"\naliases = [\"县工信局\", \"县工信局 \"]",
            ),
        ] {
            replace(d, "round.toml", from, to);
        }
        // Tip-offs by the village's other name (the file is GBK; written back as UTF-8).
        let tipoffs = d.join("signals/tipoffs.csv");
        let bytes = fs::read(&tipoffs).unwrap();
        let (text, _, _) = encoding_rs::GB18030.decode(&bytes);
        assert!(text.contains(",河寨村党支部,"));
        fs::write(&tipoffs, text.replace(",河寨村党支部,", ",河寨村两委,")).unwrap();
        // Waivers by an alias, and by the unit's name without 党组.
        replace(d, "waivers.toml", "unit = \"县工业和信息化局党组\"", "unit = \"县工信局\"");
        replace(d, "waivers.toml", "unit = \"县教育局党组\"", "unit = \" 县教育局\"");
        replace(d, "waivers.toml", "expires = \"2026-12-31\"", "expires = 2026-12-31");
    });
    let example = Path::new("examples/round");
    let (score, expected) = (json_of("score", dir.path()), json(&["score", "examples/round", "--format", "json"]));
    assert_eq!(score["waivers"], expected["waivers"]);
    assert_eq!(score["ranking"], expected["ranking"], "the framework with a trailing space is the same framework");
    let (diverge, expected) = (json_of("diverge", dir.path()), json_of("diverge", example));
    assert_eq!(diverge, expected, "tip-offs about 河寨村两委 count for 河寨村党支部");
}

#[test]
fn an_alias_that_could_mean_two_units_is_refused() {
    let dir = round_with(|d| {
        replace(d, "round.toml", "name = \"县水利局党组\"", "name = \"县水利局党组\"\naliases = [\"县教育局\"]");
    });
    let run = xuncha(&["score", dir.path().to_str().unwrap()]);
    assert_error(&run, &["round.toml", "单位“县水利局党组”的别称“县教育局”与单位“县教育局党组”", "无法区分"]);
}

#[test]
fn a_bad_date_names_the_key() {
    let dir = round_with(|d| replace(d, "round.toml", "start = \"2026-09-01\"", "start = \"九月一日\""));
    let run = xuncha(&["score", dir.path().to_str().unwrap()]);
    assert_error(&run, &["round.toml", "开始日期 start = \"九月一日\" 不是日期"]);
}

/// What a user sees for each slip: file, 第N行第M列, the gist in Chinese and, for full-width
/// punctuation, the line in ASCII.
#[test]
fn round_toml_slips_are_explained_in_chinese() {
    let cases: [(&str, &str, &str); 8] = [
        ("Chinese quotes", "name = \"第一巡察组\"", "name = “第一巡察组”"),
        ("full-width equals", "leader = \"徐某某\"", "leader ＝ \"徐某某\""),
        (
            "full-width comma in a list",
            "members = [\"孙某\", \"马某\", \"朱某\"]",
            "members = [\"孙某\"，\"马某\"，\"朱某\"]",
        ),
        ("full-width table header", "[[units]]", "［［units］］"),
        ("misspelt members", "members = [\"孙某\"", "memebers = [\"孙某\""),
        ("misspelt leader", "leader = \"刘某\"", "leadr = \"刘某\""),
        ("Chinese key", "top_leader = \"吴某\"", "一把手 = \"吴某\""),
        ("a number for a date", "end = \"2026-11-20\"", "end = 20261120"),
    ];
    let mut seen = String::new();
    for (name, from, to) in cases {
        let dir = round_with(|d| replace(d, "round.toml", from, to));
        let run = xuncha(&["score", dir.path().to_str().unwrap()]);
        assert_error(&run, &["round.toml"]);
        let shown = run.stderr.replace(dir.path().to_str().unwrap(), "[round]");
        for english in ["expected", "invalid", "string", "missing", "unknown"] {
            assert!(!shown.contains(english), "{name}: {shown}");
        }
        seen.push_str(&format!("## {name}: {to}\n{shown}\n"));
    }
    insta::assert_snapshot!(seen);
}

/// round.toml with its [[units]] (and one group) cut out: what the office keeps in Excel instead.
fn units_moved_to_a_sheet(d: &Path, rows: &[[&str; 10]]) {
    let toml = fs::read_to_string(d.join("round.toml")).unwrap();
    let head = &toml[..toml.find("[[units]]").unwrap()];
    let third = head.find("[[groups]]\nname = \"第三巡察组\"").unwrap();
    fs::write(d.join("round.toml"), &head[..third]).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.merge_range(0, 0, 0, 10, "示例县2026年第三轮巡察被巡察单位名单", &rust_xlsxwriter::Format::new()).unwrap();
    let header = [
        "序号",
        "被巡察单位",
        "单位类别",
        "主要负责人",
        "巡察组",
        "报告文件",
        "组长推荐",
        "组长",
        "副组长",
        "组员",
        "联系人",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        sheet.write_number(r, 0, f64::from(r - 1)).unwrap();
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r, c as u16 + 1, *v).unwrap();
        }
    }
    book.save(d.join("units.xlsx")).unwrap();
}

const UNITS: [[&str; 10]; 7] = [
    ["县农业农村局党组", "县直单位", "周某某", "第一巡察组", "nongye.txt", "是", "", "", "", "张三"],
    ["县水利局党组", "县直单位", "吴某", "第一巡察组", "reports/shuili.txt", "", "", "", "", ""],
    ["城关镇党委", "乡镇党委", "张某某", "第二巡察组", "chengguan.txt", "是", "", "", "", ""],
    ["县教育局党组", "县直单位", "郑某", "第二巡察组", "jiaoyu.txt", "否", "", "", "", ""],
    ["河寨村党支部", "村级党组织", "冯某某", "第三巡察组", "hezhai.txt", "", "何某某", "罗某", "高某、林某", ""],
    ["县文化广电旅游体育局党组", "县直单位", "陈某", "第三巡察组", "wenlv.txt", "", "何某某", "", "郭某", ""],
    ["县工业和信息化局党组", "县直单位", "蒋某", "第三巡察组", "gongxin.txt", "", "", "", "", ""],
];

#[test]
fn units_and_a_group_kept_in_excel_read_as_the_example() {
    let dir = round_with(|d| units_moved_to_a_sheet(d, &UNITS));
    let run = xuncha(&["score", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("units.xlsx") && run.stderr.contains("序号、联系人"), "{}", run.stderr);
    let score: Value =
        serde_json::from_str(&run.stdout.replace(dir.path().to_str().unwrap(), "examples/round")).unwrap();
    let expected = json(&["score", "examples/round", "--format", "json"]);
    assert_eq!(score["ranking"], expected["ranking"], "the same units, groups, leaders and recommendations");
    // The group described only by the sheet: leader and members for 回避 and cadre evaluation.
    let (diverge, expected) = (json_of("diverge", dir.path()), json_of("diverge", Path::new("examples/round")));
    assert_eq!(diverge, expected);
}

#[test]
fn a_units_sheet_beside_units_in_round_toml_is_refused() {
    let dir = round_with(|d| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in ["被巡察单位", "类别", "巡察组", "报告文件"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        book.save(d.join("units.xlsx")).unwrap();
    });
    let run = xuncha(&["score", dir.path().to_str().unwrap()]);
    assert_error(&run, &["round.toml", "[[units]]", "units.xlsx", "只保留一处"]);
}

#[test]
fn faults_in_a_units_sheet_are_listed_together() {
    let mut rows = UNITS;
    rows[1][1] = "";
    rows[5][6] = "徐某某";
    rows[6][1] = "县直";
    let dir = round_with(|d| units_moved_to_a_sheet(d, &rows));
    let run = xuncha(&["score", dir.path().to_str().unwrap()]);
    assert_error(
        &run,
        &[
            "units.xlsx 有 3 处需要改正",
            "第4行“单位类别”列：不能为空",
            "第8行“组长”列：第三巡察组的组长前面写的是“何某某”，这里是“徐某某”",
            "第9行“单位类别”列：“县直”无法识别，可选：县直单位",
        ],
    );
    // A slip in a group's name that round.toml registers: said at the sheet, with the name meant.
    let mut rows = UNITS;
    rows[1][3] = "第一巡查组";
    let dir = round_with(|d| units_moved_to_a_sheet(d, &rows));
    let run = xuncha(&["score", dir.path().to_str().unwrap()]);
    assert_error(&run, &["units.xlsx", "巡察组“第一巡查组”未在 round.toml 的 [[groups]] 中登记", "第一巡察组"]);
}
