//! Tables as offices export them: extra columns, title rows, note rows, GBK, .xls names, units
//! outside the round, values on another scale. Warnings go to stderr, never into the output.

use std::fs;
use std::path::Path;

use crate::helpers::{assert_error, round_with, xuncha};

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

/// stderr with the temp folder written as `[round]`.
fn shown(stderr: &str, dir: &Path) -> String {
    stderr.replace(&dir.display().to_string(), "[round]")
}

const PLANTED: [&str; 3] = ["王秀英", "13812345678", "410102198001011234"];

/// A 信访举报 export as a county system writes it: a title row over the header, columns the
/// tool does not use (方式, 办理状态), 初次/重复, informant columns, a unit outside the round, a
/// note under the table, in GBK.
fn tipoff_export() -> String {
    [
        "2026年第三轮巡察信访举报登记表,,,,,,,,,",
        "编号,被反映单位,方式,初次/重复,办理状态,受理日期,反映内容,举报人,联系电话,身份证号",
        "XF-01,河寨村党支部,来信,重复,在办,2026/3/2,反映村党支部书记在低保评定中优亲厚友,王秀英,13812345678,410102198001011234",
        "XF-02,县卫健委,来电,初次,办结,2026/3/5,反映卫生院药品采购不规范,王秀英,13812345678,",
        "XF-03,城关镇党委,网上,初次,在办,2026/4/1,反映镇里拖欠工程款,,,",
        "注：本表由县委巡察办信访室导出,,,,,,,,,",
        "",
    ]
    .join("\n")
}

#[test]
fn a_tipoff_export_with_extra_columns_and_a_title_row_runs_with_warnings() {
    let dir = round_with(|d| {
        fs::write(d.join("signals/tipoffs.csv"), gbk(&tipoff_export())).unwrap();
    });
    let run = xuncha(&["diverge", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("only JSON on stdout");
    assert!(!run.stdout.contains("提示") && !run.stdout.contains("已忽略"), "warnings stay out of the JSON");
    for p in PLANTED {
        assert!(!run.stdout.contains(p) && !run.stderr.contains(p), "informant data {p} leaked");
    }
    assert!(v.to_string().contains("XF-03"), "rows after the title row are read");
    assert_eq!(run.stderr.matches("已忽略").count(), 1, "one warning per file: {}", run.stderr);
    insta::assert_snapshot!("intake_tipoff_export_warnings", shown(&run.stderr, dir.path()));
}

#[test]
fn all_faults_of_a_tipoff_table_come_together_with_a_cap() {
    let dir = round_with(|d| {
        let mut csv = String::from("编号,被反映单位,受理日期,反映内容\n");
        for i in 0..25 {
            csv.push_str(&format!("A{i},城关镇党委,明年春天,反映问题{i}\n"));
        }
        fs::write(d.join("signals/tipoffs.csv"), csv).unwrap();
    });
    let run = xuncha(&["diverge", dir.path().to_str().unwrap()]);
    assert_error(&run, &["有 25 处需要改正", "第2行", "第21行", "另有 5 处"]);
    assert!(!run.stderr.contains("第22行"), "{}", run.stderr);
}

#[test]
fn judges_xls_is_read_also_when_it_is_a_csv_with_points_in_the_headers() {
    let dir = round_with(|d| {
        fs::remove_file(d.join("judges.xlsx")).unwrap();
        let csv = "评委,被巡察单位,得分,政治站位（15分）,文稿规范(5)\n甲,城关镇党委,90,14,5\n乙,城关镇党委,80,13,4\n丙,县卫健委,70,12,3\n注：各项得分按评分细则填写,,,,\n";
        fs::write(d.join("judges.xls"), gbk(csv)).unwrap();
    });
    let run = xuncha(&["score", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let c = v["ranking"].as_array().unwrap().iter().find(|e| e["unit"] == "城关镇党委").unwrap();
    assert_eq!(c["judges"]["mean"], 85.0);
    insta::assert_snapshot!("intake_judges_xls_warnings", shown(&run.stderr, dir.path()));
}

#[test]
fn cadres_xls_conduct_synonyms_and_a_value_on_the_wrong_scale() {
    let dir = round_with(|d| {
        let cadres = fs::read_to_string(d.join("cadres.csv")).unwrap();
        // 基础工作分 written out of 10 on one row; saved as .xls by a clerk.
        let cadres = cadres.replacen(",96,94,优秀,", ",9,94,优秀,", 1);
        fs::remove_file(d.join("cadres.csv")).unwrap();
        fs::write(d.join("cadres.xls"), cadres).unwrap();
        fs::write(
            d.join("conduct.csv"),
            "姓名,日期,类别,说明,是否核实,来源\n朱某,2026-10-20,被举报,有群众反映其在巡察期间接受宴请,否,群众举报\n",
        )
        .unwrap();
    });
    let run = xuncha(&["evaluate", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(serde_json::from_str::<serde_json::Value>(&run.stdout).is_ok());
    assert!(run.stdout.contains("徐某某"), "cadres.xls was read");
    insta::assert_snapshot!("intake_cadres_xls_warnings", shown(&run.stderr, dir.path()));
}

#[test]
fn a_known_list_without_ids_numbers_its_rows() {
    let dir = round_with(|d| {
        fs::remove_file(d.join("signals/known.toml")).unwrap();
        fs::write(d.join("signals/known.csv"), "单位,内容\n河寨村党支部,村集体资金管理混乱\n").unwrap();
    });
    let run = xuncha(&["diverge", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("LD-2"), "{}", run.stdout);
}

#[test]
fn every_table_names_the_row_as_excel_shows_it() {
    // .xlsx with a merged title row: the header is row 2, the faulty row 4.
    let dir = round_with(|d| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let fmt = rust_xlsxwriter::Format::new();
        sheet.merge_range(0, 0, 0, 3, "2026年第三轮巡察信访举报登记表", &fmt).unwrap();
        for (c, h) in ["编号", "被反映单位", "受理日期", "反映内容"].iter().enumerate() {
            sheet.write_string(1, c as u16, *h).unwrap();
        }
        for (r, row) in
            [["A1", "城关镇党委", "2026-03-01", "反映一"], ["A2", "城关镇党委", "去年", "反映二"]].iter().enumerate()
        {
            for (c, v) in row.iter().enumerate() {
                sheet.write_string(r as u32 + 2, c as u16, *v).unwrap();
            }
        }
        fs::remove_file(d.join("signals/tipoffs.csv")).unwrap();
        book.save(d.join("signals/tipoffs.xlsx")).unwrap();
    });
    assert_error(&xuncha(&["diverge", dir.path().to_str().unwrap()]), &["tipoffs.xlsx", "第4行", "不是有效日期"]);
    // CSV: the first data row is row 2 in every table; a cell over two lines is one row.
    let dir = round_with(|d| {
        fs::write(
            d.join("signals/tipoffs.csv"),
            "编号,被反映单位,受理日期,反映内容\nA1,城关镇党委,2026-03-01,\"反映\n两行\"\nA2,城关镇党委,去年,反映\n",
        )
        .unwrap();
    });
    assert_error(&xuncha(&["diverge", dir.path().to_str().unwrap()]), &["tipoffs.csv", "第3行", "不是有效日期"]);
    let dir = round_with(|d| {
        let cadres = fs::read_to_string(d.join("cadres.csv")).unwrap();
        fs::write(d.join("cadres.csv"), cadres.replacen(",96,94,优秀,", ",96,194,优秀,", 1)).unwrap();
    });
    assert_error(&xuncha(&["evaluate", dir.path().to_str().unwrap()]), &["cadres.csv", "第2行", "超出范围"]);
}

#[test]
fn an_html_page_saved_as_xls_is_refused_in_chinese() {
    let dir = round_with(|d| {
        fs::remove_file(d.join("judges.xlsx")).unwrap();
        fs::write(d.join("judges.xls"), "<html><body><table><tr><td>评委</td></tr></table></body></html>").unwrap();
    });
    let run = xuncha(&["score", dir.path().to_str().unwrap()]);
    assert_error(&run, &["judges.xls", "网页", "另存为 .xlsx"]);
    assert!(!run.stderr.contains("Cfb"), "{}", run.stderr);
}

/// What used to stop a run (one error per run) is now a warning, and the run goes on.
#[test]
fn unknown_columns_and_units_outside_the_round_are_warnings() {
    let cases: [(&str, &str, &[u8], &[&str]); 4] = [
        (
            "judges.xlsx",
            "judges.csv",
            "评委,被巡察单位,得分,印象\n甲,城关镇党委,90,好\n".as_bytes(),
            &["judges.csv", "已忽略：印象"],
        ),
        (
            "judges.xlsx",
            "judges.csv",
            "评委,被巡察单位,得分\n甲,城关乡党委,90\n甲,城关镇党委,90\n".as_bytes(),
            &["judges.csv：第2行", "“城关乡党委”不是本轮的被巡察单位", "是否指 城关镇党委"],
        ),
        (
            "signals/tipoffs.csv",
            "signals/tipoffs.csv",
            "编号,被反映单位,反映内容,举报渠道2\nA1,河寨村委会,补贴,x\n".as_bytes(),
            &["tipoffs.csv", "已忽略：举报渠道2", "第2行", "“河寨村委会”不是本轮的被巡察单位"],
        ),
        ("judges.xlsx", "judges.xlsx", "评委,被巡察单位,得分\n".as_bytes(), &["judges.xlsx", "已按 CSV 读取"]),
    ];
    for (old, new, bytes, needles) in cases {
        let dir = round_with(|d| {
            fs::remove_file(d.join(old)).unwrap();
            fs::write(d.join(new), bytes).unwrap();
        });
        let run = xuncha(&["score", dir.path().to_str().unwrap(), "--format", "json"]);
        assert_eq!(run.code, 0, "{new}: {}", run.stderr);
        assert!(serde_json::from_str::<serde_json::Value>(&run.stdout).is_ok());
        for n in needles {
            assert!(run.stderr.contains(n), "{new}: stderr lacks {n:?}: {}", run.stderr);
        }
    }
}

/// Real Excel 97–2003 workbooks (fixtures/xls, written by xlwt: see fixtures/tools/make_xls.py)
/// in place of the example's tip-offs, cadres and judges: the round reads as the example does.
#[test]
fn real_xls_workbooks_read_as_the_example() {
    let dir = round_with(|d| {
        for (old, new) in [
            ("signals/tipoffs.csv", "signals/tipoffs.xls"),
            ("cadres.csv", "cadres.xls"),
            ("judges.xlsx", "judges.xls"),
        ] {
            fs::remove_file(d.join(old)).unwrap();
            let name = Path::new(new).file_name().unwrap();
            fs::copy(Path::new("fixtures/xls").join(name), d.join(new)).unwrap();
        }
    });
    let shown = dir.path().to_str().unwrap();
    for command in ["score", "diverge", "evaluate"] {
        let run = xuncha(&[command, shown, "--format", "json"]);
        assert_eq!(run.code, 0, "{command}: {}", run.stderr);
        // The outputs name the tables they read; everything else must be the same.
        let stdout = run.stdout.replace(shown, "examples/round").replace("judges.xls\"", "judges.xlsx\"");
        let stdout = stdout.replace("tipoffs.xls", "tipoffs.csv").replace("cadres.xls", "cadres.csv");
        // tipoffs.xls has a title row above its header: each tip-off is one Excel row further down.
        let stdout = one_row_up(&stdout, "tipoffs.csv 第");
        let got: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let expected = crate::helpers::json(&[command, "examples/round", "--format", "json"]);
        assert_eq!(got, expected, "{command} over .xls tables");
    }
}

/// `text` with each row number after `marker` (…第8行) lowered by one.
fn one_row_up(text: &str, marker: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(marker) {
        out.push_str(&rest[..i + marker.len()]);
        rest = &rest[i + marker.len()..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        out.push_str(&(rest[..digits].parse::<u32>().unwrap() - 1).to_string());
        rest = &rest[digits..];
    }
    out + rest
}

/// A conduct entry outside the negative list: "其他" is a category, anything else is refused
/// with the list and how to add a category.
#[test]
fn conduct_outside_the_list_is_other_or_refused_with_how_to_add_one() {
    let with = |category: &str| {
        round_with(|d| {
            let text = fs::read_to_string(d.join("conduct.csv")).unwrap();
            fs::write(d.join("conduct.csv"), text.replacen("泄露巡察工作秘密", category, 1)).unwrap();
        })
    };
    let other = with("其他");
    let run = xuncha(&["evaluate", other.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("其他违反巡察工作纪律的行为"), "{}", run.stdout);
    let gifts = with("收受礼品及其他");
    let run = xuncha(&["evaluate", gifts.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "收受礼品及其他 is the gifts category: {}", run.stderr);
    let late = with("上班迟到");
    let run = xuncha(&["evaluate", late.path().to_str().unwrap()]);
    assert_error(&run, &["conduct.csv", "第2行", "“上班迟到”不在负面清单中", "可写“其他”", "[cadre.categories.late]"]);
}

/// A judges' sheet in .xls with each unit's name merged down over its judges' rows scores as
/// the example's (merged regions take their top-left value, as in .xlsx).
#[test]
fn merged_cells_in_an_xls_sheet_fill_their_rows() {
    let dir = round_with(|d| {
        fs::remove_file(d.join("judges.xlsx")).unwrap();
        fs::copy("fixtures/xls/judges-merged.xls", d.join("judges.xls")).unwrap();
    });
    let shown = dir.path().to_str().unwrap();
    let run = xuncha(&["score", shown, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got: serde_json::Value = serde_json::from_str(&run.stdout.replace(shown, "examples/round")).unwrap();
    let expected = crate::helpers::json(&["score", "examples/round", "--format", "json"]);
    assert_eq!(got["ranking"], expected["ranking"]);
}
