//! The catalogue of bad inputs: each gets exit 2, a Chinese message naming the file and the place,
//! no panic, and nothing written.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::helpers::{replace, round_with, xuncha};

/// A named change to the example round and what the error must say.
type Case = (&'static str, Box<dyn FnOnce(&Path)>, Vec<&'static str>);

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        for (name, data) in entries {
            z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// Runs `xuncha round` on a broken round: exit 2, the needles in stderr, no output folder.
fn round_fails(name: &str, dir: &Path, needles: &[&str]) {
    let out = dir.join("新输出");
    let run = xuncha(&["round", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"]);
    assert_eq!(run.code, 2, "{name}: {}\n{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
    for n in needles {
        assert!(run.stderr.contains(n), "{name}: stderr lacks {n:?}: {}", run.stderr);
    }
    assert!(!out.exists(), "{name}: an output was written");
}

fn check_fails(name: &str, file: &Path, needles: &[&str]) {
    let run = xuncha(&["check", file.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{name}: {}\n{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{name}");
    for n in needles {
        assert!(run.stderr.contains(n), "{name}: stderr lacks {n:?}: {}", run.stderr);
    }
}

#[test]
fn report_files() {
    let d = tempfile::tempdir().unwrap();
    let w = |name: &str, bytes: &[u8]| {
        let p = d.path().join(name);
        fs::write(&p, bytes).unwrap();
        p
    };
    let real = fs::read("fixtures/drafts/trivia.docx").unwrap();
    let doc_xml = br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>"#;
    let bomb = vec![b' '; 70 << 20];
    let cases: Vec<(&str, std::path::PathBuf, Vec<&str>)> = vec![
        ("missing", d.path().join("无.docx"), vec!["无.docx", "文件不存在"]),
        ("directory", d.path().to_path_buf(), vec!["这是一个目录"]),
        ("empty", w("empty.txt", b""), vec!["empty.txt", "文件为空"]),
        ("blank", w("blank.md", "\n\u{3000}\n \t\n".as_bytes()), vec!["blank.md", "文件为空"]),
        ("binary", w("bin.txt", &[0u8, 1, 2, 3, 0, 255, 7, 0]), vec!["bin.txt", "不是文本文件"]),
        ("not utf8 nor gbk", w("enc.txt", b"abc\n\xff\xfe\xfd\n"), vec!["enc.txt", "第2行起无法识别编码"]),
        (
            "utf16 without bom",
            w("u16.txt", &"一、巡察报告\n".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<_>>()),
            vec!["u16.txt", "不是文本文件"],
        ),
        ("truncated docx", w("cut.docx", &real[..real.len() / 3]), vec!["cut.docx", "不是有效的 .docx"]),
        ("text named docx", w("fake.docx", "这不是Word".as_bytes()), vec!["fake.docx", "不是有效的 .docx"]),
        (
            "docx without document.xml",
            w("nodoc.docx", &zip_with(&[("word/styles.xml", b"<x/>")])),
            vec!["nodoc.docx", "没有 word/document.xml"],
        ),
        (
            "docx with broken xml",
            w("badxml.docx", &zip_with(&[("word/document.xml", doc_xml)])),
            vec!["badxml.docx", "内容损坏"],
        ),
        (
            "zip bomb docx",
            w("bomb.docx", &zip_with(&[("word/document.xml", &bomb)])),
            vec!["bomb.docx", "疑似压缩炸弹"],
        ),
        ("old .doc", w("old.doc", b"\xd0\xcf\x11\xe0"), vec!["old.doc", "另存为” .docx"]),
        ("pdf", w("r.pdf", b"%PDF-1.4"), vec!["r.pdf", "不支持 .pdf"]),
    ];
    for (name, path, needles) in &cases {
        check_fails(name, path, needles);
    }
    // A 51 MB text file is refused before it is read.
    let big = d.path().join("big.txt");
    let f = fs::File::create(&big).unwrap();
    f.set_len(51 << 20).unwrap();
    check_fails("50 MB text", &big, &["big.txt", "文件过大"]);
}

#[test]
fn round_toml() {
    let cases: Vec<Case> = vec![
        (
            "syntax",
            Box::new(|d| replace(d, "round.toml", "name = \"示例县", "name = 示例县")),
            vec!["round.toml:3:", "配置有误"],
        ),
        (
            "wrong type",
            Box::new(|d| replace(d, "round.toml", "recommended = true", "recommended = \"是\"")),
            vec!["round.toml:", "类型不对"],
        ),
        (
            "unknown field",
            Box::new(|d| replace(d, "round.toml", "top_leader = \"吴某\"", "top_leader = \"吴某\"\nleader = \"x\"")),
            vec!["无法识别的字段 leader"],
        ),
        (
            "no units",
            Box::new(|d| fs::write(d.join("round.toml"), "[round]\nname = \"空\"\n").unwrap()),
            vec!["没有登记任何被巡察单位"],
        ),
        (
            "duplicate unit",
            Box::new(|d| replace(d, "round.toml", "name = \"县水利局党组\"", "name = \"县农业农村局党组\"")),
            vec!["登记了两次"],
        ),
        (
            "unknown group",
            Box::new(|d| replace(d, "round.toml", "group = \"第三巡察组\"", "group = \"第3巡察组\"")),
            vec!["未在 [[groups]] 中登记"],
        ),
        (
            "unknown kind",
            Box::new(|d| replace(d, "round.toml", "kind = \"乡镇党委\"", "kind = \"乡镇\"")),
            vec!["类别“乡镇”无法识别"],
        ),
        (
            "escaping path",
            Box::new(|d| replace(d, "round.toml", "reports/shuili.txt", "../../etc/passwd")),
            vec!["超出了本轮巡察目录"],
        ),
        (
            "absolute path",
            Box::new(|d| replace(d, "round.toml", "reports/shuili.txt", "/etc/passwd")),
            vec!["超出了本轮巡察目录"],
        ),
        (
            "missing report",
            Box::new(|d| fs::remove_file(d.join("reports/shuili.txt")).unwrap()),
            vec!["shuili.txt 不存在"],
        ),
        ("unclaimed report", Box::new(|d| fs::write(d.join("reports/extra.docx"), b"x").unwrap()), vec!["extra.docx"]),
        (
            "group without leader",
            Box::new(|d| replace(d, "round.toml", "leader = \"刘某\"", "leader = \"\"")),
            vec!["没有组长"],
        ),
        (
            "bad report inside the round",
            Box::new(|d| fs::write(d.join("reports/shuili.txt"), b"\x00\x01binary").unwrap()),
            vec!["shuili.txt", "不是文本文件"],
        ),
        ("empty round folder", Box::new(|d| fs::remove_file(d.join("round.toml")).unwrap()), vec!["缺少 round.toml"]),
    ];
    for (name, edit, needles) in cases {
        let d = round_with(edit);
        round_fails(name, d.path(), &needles);
    }
}

#[cfg(unix)]
#[test]
fn symlinked_report_is_refused() {
    let d = round_with(|d| {
        fs::remove_file(d.join("reports/shuili.txt")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", d.join("reports/shuili.txt")).unwrap();
    });
    round_fails("symlink", d.path(), &["符号链接"]);
}

#[test]
fn judges_tables() {
    let csv = |body: &'static str| move |d: &Path| fs::write(d.join("judges.csv"), body).unwrap();
    let cases: Vec<Case> = vec![
        (
            "unknown column",
            Box::new(csv("评委,被巡察单位,得分,印象\n甲,城关镇党委,90,好\n")),
            vec!["judges.csv", "“印象”无法识别"],
        ),
        ("out of range", Box::new(csv("评委,被巡察单位,得分\n甲,城关镇党委,101\n")), vec!["第2行", "超出范围"]),
        ("not a number", Box::new(csv("评委,被巡察单位,得分\n甲,城关镇党委,优\n")), vec!["第2行", "不是数字"]),
        (
            "twice",
            Box::new(csv("评委,被巡察单位,得分\n甲,城关镇党委,90\n甲,城关镇党委,80\n")),
            vec!["第3行", "重复评分"],
        ),
        ("unknown unit", Box::new(csv("评委,被巡察单位,得分\n甲,某某局,90\n")), vec!["不是本轮的被巡察单位"]),
        ("missing column", Box::new(csv("评委,得分\n甲,90\n")), vec!["缺少“被巡察单位”列"]),
        ("duplicated header", Box::new(csv("评委,被巡察单位,得分,得分\n甲,城关镇党委,90,91\n")), vec!["出现了两次"]),
        (
            "two aliases of one column",
            Box::new(csv("评委,被巡察单位,得分,总分\n甲,城关镇党委,90,91\n")),
            vec!["出现了两次"],
        ),
        (
            "cells beyond the header",
            Box::new(csv("评委,被巡察单位,得分\n甲,城关镇党委,90,多余\n")),
            vec!["第2行", "没有表头"],
        ),
        (
            "per-criterion over max",
            Box::new(csv("评委,被巡察单位,得分,政治站位\n甲,城关镇党委,90,16\n")),
            vec!["“政治站位”列", "满分 15"],
        ),
        (
            "xlsx that is a csv",
            Box::new(|d: &Path| {
                fs::remove_file(d.join("judges.xlsx")).unwrap();
                fs::write(d.join("judges.xlsx"), "评委,被巡察单位,得分\n").unwrap();
            }),
            vec!["judges.xlsx", "无法作为 Excel 工作簿打开"],
        ),
    ];
    for (name, edit, needles) in cases {
        let d = round_with(|d| {
            if name != "xlsx that is a csv" {
                fs::remove_file(d.join("judges.xlsx")).unwrap();
            }
            edit(d)
        });
        round_fails(name, d.path(), &needles);
    }
}

#[test]
fn signal_tables() {
    let tip = |body: &'static str| move |d: &Path| fs::write(d.join("signals/tipoffs.csv"), body).unwrap();
    let cases: Vec<Case> = vec![
        (
            "junk date",
            Box::new(tip("编号,被反映单位,反映内容,受理日期\nA,河寨村党支部,补贴,2024-13-45\n")),
            vec!["tipoffs.csv", "第2行", "不是有效日期"],
        ),
        (
            "duplicate id",
            Box::new(tip("编号,被反映单位,反映内容\nA,河寨村党支部,x\nA,河寨村党支部,y\n")),
            vec!["第3行", "重复"],
        ),
        (
            "unknown unit",
            Box::new(tip("编号,被反映单位,反映内容\nA,河寨村,x\nB,李家村,y\n")),
            vec!["“李家村”不是本轮的被巡察单位"],
        ),
        (
            "signed junk",
            Box::new(tip("编号,被反映单位,反映内容,是否署名\nA,河寨村党支部,x,也许\n")),
            vec!["“是否署名”列", "无法识别"],
        ),
        ("missing column", Box::new(tip("编号,反映内容\nA,x\n")), vec!["缺少“被反映单位”列"]),
        (
            "polarity junk",
            Box::new(|d: &Path| {
                fs::remove_file(d.join("signals/sentiment.xlsx")).unwrap();
                fs::write(d.join("signals/sentiment.csv"), "编号,单位,摘要,倾向\nY,河寨村党支部,x,很差\n").unwrap();
            }),
            vec!["sentiment.csv", "“倾向”列"],
        ),
        (
            "negative heat",
            Box::new(|d: &Path| {
                fs::remove_file(d.join("signals/sentiment.xlsx")).unwrap();
                fs::write(d.join("signals/sentiment.csv"), "编号,单位,摘要,热度\nY,河寨村党支部,x,-5\n").unwrap();
            }),
            vec!["热度不能为负数"],
        ),
        (
            "known area unknown",
            Box::new(|d: &Path| {
                replace(d, "signals/known.toml", "areas = [\"village-assets\"]", "areas = [\"village-asset\"]")
            }),
            vec!["known.toml", "是否指 village-assets"],
        ),
        (
            "known wrong type",
            Box::new(|d: &Path| {
                replace(d, "signals/known.toml", "areas = [\"village-assets\"]", "areas = \"village-assets\"")
            }),
            vec!["known.toml:", "类型不对"],
        ),
        (
            "bom and crlf are fine, gbk junk is not",
            Box::new(tip("\u{feff}编号,被反映单位,反映内容\r\nA,河寨村党支部,\u{0}\u{0}\u{0}\u{0}\r\n")),
            vec!["tipoffs.csv", "二进制"],
        ),
    ];
    for (name, edit, needles) in cases {
        let d = round_with(edit);
        round_fails(name, d.path(), &needles);
    }
}

#[test]
fn cadre_and_waiver_files() {
    let cases: Vec<Case> = vec![
        (
            "survey out of range",
            Box::new(|d: &Path| {
                replace(d, "cadres.csv", "县财政局,是,13,4,1,4,3,98,96", "县财政局,是,13,4,1,4,3,98,196")
            }),
            vec!["cadres.csv", "第4行", "超出范围"],
        ),
        (
            "event for a stranger",
            Box::new(|d: &Path| replace(d, "conduct.csv", "马某,2026-10-12", "马某某,2026-10-12")),
            vec!["conduct.csv", "第2行", "不是本轮巡察干部表中的人员"],
        ),
        (
            "category not on the list",
            Box::new(|d: &Path| replace(d, "conduct.csv", "泄露巡察工作秘密", "泄露秘密")),
            vec!["conduct.csv", "不在负面清单中", "是否指"],
        ),
        (
            "group without a leader",
            Box::new(|d: &Path| replace(d, "cadres.csv", "刘某,第二巡察组,组长", "刘某,第二巡察组,组员")),
            vec!["第二巡察组没有组长"],
        ),
        (
            "waiver for an unknown rule",
            Box::new(|d: &Path| replace(d, "waivers.toml", "rule = \"report/length\"", "rule = \"report/lenght\"")),
            vec!["waivers.toml", "第1条豁免", "是否指 report/length"],
        ),
        (
            "waiver with a bad date",
            Box::new(|d: &Path| replace(d, "waivers.toml", "expires = \"2026-12-31\"", "expires = \"年底\"")),
            vec!["不是 YYYY-MM-DD"],
        ),
        (
            "waiver of the wrong type",
            Box::new(|d: &Path| replace(d, "waivers.toml", "expires = \"2026-12-31\"", "expires = 2026")),
            vec!["waivers.toml:", "类型不对"],
        ),
    ];
    for (name, edit, needles) in cases {
        let d = round_with(edit);
        round_fails(name, d.path(), &needles);
    }
}

#[test]
fn rule_packs() {
    let pack = |files: &[(&str, &str)]| {
        let d = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = d.path().join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        d
    };
    let cases: Vec<(&str, tempfile::TempDir, Vec<&str>)> = vec![
        (
            "malformed pack.toml",
            pack(&[("pack.toml", "extends = \"default\"\n[rubric\n")]),
            vec!["pack.toml:2:", "配置有误"],
        ),
        (
            "unknown criterion",
            pack(&[("pack.toml", "extends = \"default\"\n[rules.\"report/length\"]\ncriterion = \"form2\"\n")]),
            vec!["criterion = \"form2\"", "是否指 form"],
        ),
        (
            "weights not summing",
            pack(&[("pack.toml", "extends = \"default\"\n[rubric.criteria.form]\nmax = 9\n")]),
            vec!["合计为 102", "total = 100"],
        ),
        ("nan points", pack(&[("pack.toml", "extends = \"default\"\n[rubric]\ntotal = nan\n")]), vec!["不能为 nan"]),
        ("unknown base", pack(&[("pack.toml", "extends = \"province\"\n")]), vec!["extends = \"province\""]),
        (
            "lexicon syntax",
            pack(&[("pack.toml", "extends = \"default\"\n"), ("lexicon/x.toml", "[areas.x\n")]),
            vec!["lexicon/x.toml:1:"],
        ),
        (
            "new area without a name",
            pack(&[("pack.toml", "extends = \"default\"\n"), ("lexicon/x.toml", "[areas.local]\nterms = [\"a\"]\n")]),
            vec!["词库领域 local 缺少 name"],
        ),
        (
            "framework naming an unknown area",
            pack(&[(
                "pack.toml",
                "extends = \"default\"\n[frameworks.sange]\nname = \"三个聚焦\"\nfocuses = [{ id = \"A\", name = \"x\", areas = [\"polcy\"] }]\n",
            )]),
            vec!["是否指 policy"],
        ),
        (
            "script syntax",
            pack(&[("pack.toml", "extends = \"default\"\n"), ("report/x.rhai", "//! # x\nlet = 1;\n")]),
            vec!["report/x.rhai:2:"],
        ),
        ("not a folder", pack(&[]), vec!["缺少 pack.toml"]),
    ];
    for (name, dir, needles) in cases {
        let run = xuncha(&["check", "--rules", dir.path().to_str().unwrap(), "fixtures/drafts/strong.txt"]);
        assert_eq!(run.code, 2, "{name}: {}\n{}", run.stdout, run.stderr);
        for n in &needles {
            assert!(run.stderr.contains(n), "{name}: stderr lacks {n:?}: {}", run.stderr);
        }
    }
}

#[test]
fn merged_cells_and_formulas_in_xlsx_are_read() {
    // A judges' sheet as offices make it: the unit cell merged over its judges' rows, and a
    // total computed by a formula (its cached value is read).
    let d = round_with(|d| {
        fs::remove_file(d.join("judges.xlsx")).unwrap();
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        for (c, h) in ["被巡察单位", "评委", "得分"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        let fmt = rust_xlsxwriter::Format::new();
        ws.merge_range(1, 0, 2, 0, "城关镇党委", &fmt).unwrap();
        ws.write_string(1, 1, "甲").unwrap();
        ws.write_number(1, 2, 90).unwrap();
        ws.write_string(2, 1, "乙").unwrap();
        ws.write_formula(2, 2, rust_xlsxwriter::Formula::new("=40+40").set_result("80")).unwrap();
        book.save(d.join("judges.xlsx")).unwrap();
    });
    let run = xuncha(&["score", d.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let c = v["ranking"].as_array().unwrap().iter().find(|e| e["unit"] == "城关镇党委").unwrap();
    assert_eq!(c["judges"]["mean"], 85.0);
}

/// Inputs the fuzzers found crashing (fuzz/regressions): each must now be read without a panic.
#[test]
fn fuzz_regressions_do_not_panic() {
    use xuncha::read::table::{Field, Schema};
    let schema = Schema {
        name: "评委评分表",
        fields: vec![
            Field::required("judge", "评委", &[]),
            Field::required("unit", "被巡察单位", &[]),
            Field::required("score", "得分", &[]),
        ],
        extra: Vec::new(),
    };
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0;
    for entry in fs::read_dir("fuzz/regressions").unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let ext = if name.starts_with("table_xlsx") { "xlsx" } else { "csv" };
        let target = dir.path().join(format!("{name}.{ext}"));
        fs::copy(&p, &target).unwrap();
        let result = std::panic::catch_unwind(|| {
            xuncha::read::table::read(&target, &schema, &Default::default()).map(|t| t.records.len())
        });
        assert!(result.is_ok(), "{name} panics");
        n += 1;
    }
    assert!(n >= 6, "regression inputs missing");
}
