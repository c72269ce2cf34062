//! `xuncha diverge`, divergence in `check` and `score`, and the privacy rule.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::helpers::{assert_error, json, round_with, tmp, write, xuncha};

fn unit<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["rounds"][0]["units"].as_array().unwrap().iter().find(|u| u["unit"] == name).unwrap()
}

#[test]
fn missed_agri_funds_and_top_leader_are_flagged_with_their_tipoffs() {
    let v = json(&["diverge", "examples/round", "--format", "json"]);
    let hezhai = unit(&v, "河寨村党支部");
    let flags = hezhai["flags"].as_array().unwrap();
    let agri = flags.iter().find(|f| f["message"].as_str().unwrap().contains("涉农资金使用")).expect("agri-funds flag");
    let ids: Vec<&str> = agri["evidence"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
    assert!(ids.contains(&"XF2026-001") && ids.contains(&"XF2026-003"), "{ids:?}");
    let top = flags.iter().find(|f| f["rule"] == "divergence/top-leader").expect("top-leader flag");
    assert!(top["evidence"].as_array().unwrap().iter().any(|x| x == "XF2026-004"));
    assert!(hezhai["divergence"].as_f64().unwrap() >= 50.0);
}

#[test]
fn a_tipoff_verified_unfounded_is_explained_not_missed() {
    let v = json(&["diverge", "examples/round", "--format", "json"]);
    let chengguan = unit(&v, "城关镇党委");
    let tip = chengguan["signals"].as_array().unwrap().iter().find(|s| s["id"] == "XF2026-005").unwrap();
    assert_eq!(tip["explained"], true);
    assert_eq!(tip["status"], "explained");
    let text = tip["matched"]["text"].as_str().unwrap();
    assert!(text.contains("摊位租金") && text.contains("不属实"), "the passage that clears it: {text}");
    assert!(tip["matched"]["item"].is_null(), "an explanation, not a problem item");
    assert!(chengguan["flags"].as_array().unwrap().is_empty());
}

/// The contract of `diverge --format json`: every signal has its id, a status and the matched
/// passage (null unless covered or explained).
#[test]
fn every_signal_has_a_status_and_its_passage() {
    let v = json(&["diverge", "examples/round", "--format", "json"]);
    let mut statuses = std::collections::BTreeSet::new();
    for u in v["rounds"][0]["units"].as_array().unwrap() {
        for s in u["signals"].as_array().unwrap() {
            assert!(s["id"].as_str().is_some_and(|id| !id.is_empty()), "{s}");
            let status = s["status"].as_str().unwrap();
            statuses.insert(status.to_owned());
            let m = &s["matched"];
            match status {
                "covered" => {
                    assert!(m["item"].as_u64().is_some_and(|n| n >= 1), "{s}");
                    assert!(m["text"].as_str().is_some_and(|t| t.chars().count() > 10), "{s}");
                    assert!(m["place"].as_str().is_some_and(|p| p.contains(':')), "{s}");
                    assert!(m["score"].as_f64().is_some_and(|x| (0.0..=1.0).contains(&x)), "{s}");
                }
                "explained" => assert!(m["text"].is_string(), "{s}"),
                "missed" | "positive" => assert!(m.is_null(), "{s}"),
                other => panic!("unknown status {other}"),
            }
        }
    }
    // The example round has every kind.
    assert_eq!(statuses.into_iter().collect::<Vec<_>>(), ["covered", "explained", "missed", "positive"]);
}

/// Two signals about one matter (an audit finding and a tip-off on 农机购置补贴) are one matter;
/// a tip-off about another matter in the same unit is not.
#[test]
fn repeated_signals_about_one_matter_are_grouped() {
    let v = json(&["diverge", "examples/round", "--format", "json"]);
    let signal = |unit_name: &str, id: &str| {
        unit(&v, unit_name)["signals"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap().clone()
    };
    let (audit, tip) = (signal("县农业农村局党组", "LD-02"), signal("县农业农村局党组", "XF2026-006"));
    assert!(audit["matter"].is_u64() && audit["matter"] == tip["matter"], "{audit} {tip}");
    let other = signal("河寨村党支部", "XF2026-003");
    let same = signal("河寨村党支部", "XF2026-002");
    assert_ne!(other["matter"], same["matter"], "{other} {same}");
}

/// Tip-offs summarised in one office's words (希望组织调查处理……) about different things are
/// different matters, and those about one thing are one: a wrong matter would lend a covered
/// tip-off's answer to a missed one about something else.
#[test]
fn an_offices_boilerplate_does_not_make_tipoffs_about_different_things_one_matter() {
    let topics = [
        "河道非法采砂无人管，垃圾长期堆放",
        "低保评定优亲厚友，村干部亲属吃低保",
        "学校乱收费，营养餐克扣",
        "自来水经常停水，饮水工程质量差",
        "卫生院违规收费，医保报销不规范",
        "危房改造名额给了关系户",
    ];
    let mut csv = HEAD.to_owned();
    for i in 0..120 {
        let t = topics[i % topics.len()];
        csv +=
            &format!("B{i:03},河寨村党支部,匿名反映{t}，希望组织调查处理，群众意见很大，多次反映未解决。,2026-03-01\n");
    }
    let dir = round_with_tipoffs(&csv);
    let v = json(&["diverge", dir.path().to_str().unwrap(), "--format", "json"]);
    let signals = unit(&v, "河寨村党支部")["signals"].as_array().unwrap().clone();
    let matter = |i: usize| {
        let s = signals.iter().find(|s| s["id"] == format!("B{i:03}")).unwrap();
        s["matter"].as_u64().unwrap_or_else(|| panic!("B{i:03} is in no matter: {s}"))
    };
    for i in 0..120 {
        for j in i + 1..120 {
            let same_topic = i % topics.len() == j % topics.len();
            assert_eq!(matter(i) == matter(j), same_topic, "B{i:03} and B{j:03}");
        }
    }
}

/// One verdict everywhere: a unit has a divergence above 0 exactly when some signal is missed,
/// and every missed signal shows in the unit's detail on the round page.
#[test]
fn a_divergence_always_has_the_missed_matters_behind_it() {
    let v = json(&["diverge", "examples/round", "--format", "json"]);
    let out = tempfile::tempdir().unwrap();
    let run = xuncha(&["round", "examples/round", "--out", out.path().to_str().unwrap()]);
    assert!(run.code <= 1, "{}", run.stderr);
    let page = crate::helpers::round_pages(out.path());
    for u in v["rounds"][0]["units"].as_array().unwrap() {
        let missed: Vec<&str> = u["signals"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["status"] == "missed")
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        let score = u["divergence"].as_f64().unwrap();
        assert_eq!(score > 0.0, !missed.is_empty(), "{}: {score} with missed {missed:?}", u["unit"]);
        for id in missed {
            assert!(page.contains(&format!("<td class=\"nw\">{id}</td>")), "{id} not in the unit's detail");
        }
    }
}

#[test]
fn group_leader_with_repeated_divergence_is_flagged() {
    let v = json(&["diverge", "examples/round", "--format", "json"]);
    let he = v["leaders"].as_array().unwrap().iter().find(|l| l["leader"] == "何某某").unwrap();
    assert_eq!(he["flagged"], true);
    assert!(he["diverging"].as_u64().unwrap() >= 2);
    // Two rounds given: the same leaders over both.
    let two = json(&["diverge", "examples/round", "examples/round", "--format", "json"]);
    let he2 = two["leaders"].as_array().unwrap().iter().find(|l| l["leader"] == "何某某").unwrap();
    assert_eq!(he2["rounds"], 2);
    assert_eq!(he2["reports"], 6);
}

#[test]
fn diverge_outputs() {
    let table = xuncha(&["diverge", "examples/round"]);
    assert_eq!(table.code, 0);
    insta::assert_snapshot!("diverge_table", table.stdout);
    let md = xuncha(&["diverge", "examples/round", "--format", "md"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    insta::assert_snapshot!("diverge_markdown", md.stdout);
}

#[test]
fn check_with_signals_and_score_column() {
    let run = xuncha(&[
        "check",
        "examples/round/reports/hezhai.txt",
        "--signals",
        "examples/round/signals",
        "--unit",
        "河寨村党支部",
        "--top-leader",
        "冯某某",
    ]);
    assert_eq!(run.code, 1, "errors found → exit 1: {}", run.stderr);
    assert!(run.stdout.contains("错误[divergence/top-leader]"), "{}", run.stdout);
    assert!(run.stdout.contains("= 依据: XF2026-001、XF2026-002、XF2026-004"));
    let needs = xuncha(&["check", "examples/round/reports/hezhai.txt", "--signals", "examples/round/signals"]);
    assert_error(&needs, &["--unit"]);
    let score = json(&["score", "examples/round", "--format", "json"]);
    let hezhai = score["ranking"].as_array().unwrap().iter().find(|e| e["unit"] == "河寨村党支部").unwrap();
    assert!(hezhai["divergence"].as_f64().unwrap() >= 50.0);
}

/// `check --signals` reads the tables with the `[columns]` of the round.toml beside the signals
/// folder, as `diverge` and `round` do.
#[test]
fn check_with_signals_maps_columns_from_the_round_toml_beside_them() {
    let dir = round_with(|d| {
        let csv = "来信编码,被反映单位,被反映人,反映内容,受理日期\nXF-9,河寨村党支部,冯某某,反映河寨村党支部书记冯某某优亲厚友、截留低保金,2026/3/2\n";
        write(d, "signals/tipoffs.csv", csv.as_bytes());
        let toml = std::fs::read_to_string(d.join("round.toml")).unwrap();
        write(d, "round.toml", format!("{toml}\n[columns]\n\"来信编码\" = \"id\"\n").as_bytes());
    });
    let signals = dir.path().join("signals");
    let args = |s: &str| {
        vec![
            "check".to_owned(),
            "examples/round/reports/hezhai.txt".into(),
            "--signals".into(),
            s.to_owned(),
            "--unit".into(),
            "河寨村党支部".into(),
            "--format".into(),
            "json".into(),
            "--fail-on".into(),
            "never".into(),
        ]
    };
    let run = xuncha(&args(signals.to_str().unwrap()).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("XF-9"), "the mapped id is read: {}", run.stdout);
    // The same table in a folder without a round.toml: 来信编码 is not known, 编号 is missing.
    let bare = tmp();
    std::fs::create_dir_all(bare.path().join("signals")).unwrap();
    std::fs::copy(signals.join("tipoffs.csv"), bare.path().join("signals/tipoffs.csv")).unwrap();
    let run =
        xuncha(&args(bare.path().join("signals").to_str().unwrap()).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("编号"), "{}", run.stderr);
}

/// The example round with `tipoffs.csv` replaced by `csv`.
fn round_with_tipoffs(csv: &str) -> tempfile::TempDir {
    round_with(|d| {
        write(d, "signals/tipoffs.csv", csv.as_bytes());
    })
}

const HEAD: &str = "编号,被反映单位,反映内容,受理日期\n";

/// Bad signal tables are in the catalogue (catalogue.rs); here, dates in several formats are all read.
#[test]
fn dates_in_several_formats_are_accepted() {
    let ok = format!(
        "{HEAD}A1,河寨村党支部,补贴,2022/3/1\nA2,河寨村党支部,补贴,2022年3月1日\nA3,河寨村党支部,补贴,2022-03-01\n"
    );
    let dir = round_with_tipoffs(&ok);
    let v = json(&["diverge", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(v["rounds"][0]["signals"]["信访举报"], 3, "all three rows read");
}

/// Signal files are streamed in batches of 4,096 rows, classified while the next batch is read:
/// a repeat of an id from an earlier batch is still caught, and no row is lost or counted twice.
#[test]
fn many_rows_stream_through_batches() {
    let rows = |n: usize| -> String {
        let mut csv = HEAD.to_owned();
        for i in 1..=n {
            csv.push_str(&format!("T{i:05},河寨村党支部,惠农补贴被截留，群众多次反映,2024-03-01\n"));
        }
        csv
    };
    let dir = round_with_tipoffs(&rows(9_000));
    for jobs in ["1", "2"] {
        let run = xuncha(&["--jobs", jobs, "diverge", dir.path().to_str().unwrap(), "--format", "json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(v["rounds"][0]["signals"]["信访举报"], 9_000, "--jobs {jobs}");
        let units = v["rounds"][0]["units"].as_array().unwrap();
        let listed =
            units.iter().flat_map(|u| u["signals"].as_array().unwrap()).filter(|s| s["kind"] == "信访举报").count();
        assert_eq!(listed, 9_000);
    }
    // Row 8,002 (T08001) repeats the id of row 12, in another batch.
    let repeated = rows(9_000).replace("T08001,", "T00011,");
    let dir = round_with_tipoffs(&repeated);
    for jobs in ["1", "2"] {
        let run = xuncha(&["--jobs", jobs, "diverge", dir.path().to_str().unwrap()]);
        assert_error(&run, &["tipoffs.csv", "第8002行", "编号“T00011”重复", "第12行已有"]);
    }
}

/// A tip-off repeated word for word is judged once per unit, but a copy whose id the report
/// cites is judged on its own: the report's answer to it then answers the whole matter, and the
/// same words about another unit meet that unit's report.
#[test]
fn a_repeated_tipoff_is_judged_per_unit_and_a_cited_copy_on_its_own() {
    let canteen = "反映城关镇党委机关食堂采购虚开发票，套取公款用于吃喝";
    let rent = "反映城关镇农贸市场摊位租金被截留";
    let csv = format!(
        "{HEAD}XF2026-901,城关镇党委,{canteen},2026-05-01\nXF2026-902,城关镇党委,{canteen},2026-05-02\n\
         XF2026-903,城关镇党委,{canteen},2026-05-03\nXF2026-904,城关镇党委,{rent},2026-05-04\n\
         XF2026-905,河寨村党支部,{rent},2026-05-05\n"
    );
    let dir = round_with(|d| {
        write(d, "signals/tipoffs.csv", csv.as_bytes());
        crate::helpers::replace(
            d,
            "reports/chengguan.txt",
            "四、意见建议",
            "　　关于编号XF2026-902反映的问题，经核查，反映问题不属实。\n\n四、意见建议",
        );
    });
    let v = json(&["diverge", dir.path().to_str().unwrap(), "--format", "json"]);
    let signal = |unit_name: &str, id: &str| {
        unit(&v, unit_name)["signals"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap().clone()
    };
    let cited = signal("城关镇党委", "XF2026-902");
    assert_eq!(cited["status"], "explained", "{cited}");
    assert!(cited["matched"]["text"].as_str().unwrap().contains("XF2026-902"), "{cited}");
    for id in ["XF2026-901", "XF2026-903"] {
        let copy = signal("城关镇党委", id);
        assert_eq!(copy["status"], "explained", "answered with its matter: {copy}");
        assert_eq!(copy["matter"], cited["matter"], "{copy}");
    }
    assert_eq!(signal("城关镇党委", "XF2026-904")["status"], "explained");
    assert_eq!(signal("河寨村党支部", "XF2026-905")["status"], "missed");
}

/// A unit's page lists its first 30 signals, missed ones first, and counts all of them as the
/// workbook does.
#[test]
fn a_units_page_lists_thirty_signals_and_counts_them_all() {
    let mut csv = HEAD.to_owned();
    for i in 1..=40 {
        let text = if i % 3 == 0 {
            "反映县农业农村局在动物防疫物资采购中围标串标"
        } else {
            "反映县农机购置补贴审核不严，有经销商套取农机购置补贴"
        };
        csv.push_str(&format!("T{i:03},县农业农村局党组,{text},2024-03-01\n"));
    }
    let dir = round_with_tipoffs(&csv);
    let out = dir.path().join("结果");
    let run = xuncha(&["round", dir.path().to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(out.join("round.json")).unwrap()).unwrap();
    let units = v["rounds"][0]["divergence"]["units"].as_array().unwrap();
    let signals = units.iter().find(|u| u["unit"] == "县农业农村局党组").unwrap()["signals"].as_array().unwrap();
    let missed = signals.iter().filter(|s| s["status"] == "missed").count();
    // The example's other tables add a few signals about the unit.
    let all = signals.len();
    assert!(all >= 40);
    assert!(missed > 0 && missed < 30, "both kinds of answer, to see the order: {missed} missed");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let at = index.find("\">县农业农村局党组</a>").unwrap();
    let page = index[..at].rsplit("href=\"").next().unwrap();
    let html = std::fs::read_to_string(out.join(page)).unwrap();
    assert!(html.contains(&format!("信号逐件对照（{all} 件，未反映 {missed} 件")), "{html}");
    assert!(html.contains(&format!("另有 {} 件未列出", all - 30)), "{html}");
    let table = &html[html.find("<table class=\"divergence\">").unwrap()..];
    let rows: Vec<&str> = table[..table.find("</table>").unwrap()].split("<tr><td class=\"nw\">").skip(1).collect();
    assert_eq!(rows.len(), 30);
    let listed_missed = rows.iter().take_while(|r| r.contains("g-fail")).count();
    assert_eq!(listed_missed, missed, "missed ones first");
}

#[test]
fn a_header_mapped_in_round_toml_is_accepted() {
    let csv = "编号,被反映单位,举报事项\nA1,河寨村党支部,惠农补贴被截留\n";
    let dir = round_with_tipoffs(csv);
    let bad = xuncha(&["diverge", dir.path().to_str().unwrap()]);
    assert_error(&bad, &["缺少“反映内容”列", "[columns]"]);
    assert!(!bad.stderr.contains("\"举报事项\" = \"反映内容\""), "no guess at the required column: {}", bad.stderr);
    let toml = fs::read_to_string(dir.path().join("round.toml")).unwrap() + "\n[columns]\n\"举报事项\" = \"text\"\n";
    fs::write(dir.path().join("round.toml"), toml).unwrap();
    let v = json(&["diverge", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(v["rounds"][0]["signals"]["信访举报"], 1, "the mapped column was read");
}

/// Informant values planted in every signal format.
const MARKERS: &[&str] = &[
    "韩秀英",
    "13812345678",
    "410102198001011234",
    "高建军",
    "13987654321",
    "41010219750505431X",
    "隐私标记甲",
    "13700001234",
    "110101199001011237",
    "隐私标记乙",
    "15599998888",
];

fn planted_round() -> tempfile::TempDir {
    let dir = round_with(|_| {});
    // An .xlsx tip-off export with informant columns, beside the example's GBK .csv (renamed).
    fs::rename(dir.path().join("signals/tipoffs.csv"), dir.path().join("signals/old.csv.bak")).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let rows = [
        ["编号", "被反映单位", "反映内容", "举报人", "联系电话", "身份证号"],
        [
            "XF-X1",
            "河寨村党支部",
            "反映惠农补贴被截留，村支书优亲厚友",
            "隐私标记甲",
            "13700001234",
            "110101199001011237",
        ],
        ["XF-X2", "河寨村党支部", "反映涉农资金发放不公开", "韩秀英", "13812345678", "410102198001011234"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    book.save(dir.path().join("signals/tipoffs.xlsx")).unwrap();
    let known = "编号,单位,内容,举报人,联系电话\nLD-9,河寨村党支部,集体资金去向不明,隐私标记乙,15599998888\n";
    fs::write(dir.path().join("signals/known.csv"), known).unwrap();
    fs::remove_file(dir.path().join("signals/known.toml")).unwrap();
    dir
}

/// Every file under `dir`, with .xlsx unpacked, as text.
fn all_text(dir: &Path) -> String {
    let mut out = String::new();
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else if p.extension().is_some_and(|e| e == "xlsx") {
            let mut zip = zip::ZipArchive::new(fs::File::open(&p).unwrap()).unwrap();
            for i in 0..zip.len() {
                let mut s = String::new();
                let _ = zip.by_index(i).unwrap().read_to_string(&mut s);
                out.push_str(&s);
            }
        } else {
            out.push_str(&String::from_utf8_lossy(&fs::read(&p).unwrap()));
        }
    }
    out
}

#[test]
fn informant_fields_never_reach_any_output() {
    let round = planted_round();
    let r = round.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = |name: &str| out.path().join(name).to_str().unwrap().to_owned();
    let mut seen = String::new();
    let runs: Vec<Vec<String>> = vec![
        vec!["diverge".into(), r.into()],
        vec!["diverge".into(), r.into(), "--format".into(), "json".into()],
        vec!["diverge".into(), r.into(), "--format".into(), "md".into(), "--output".into(), o("d.md")],
        vec!["diverge".into(), r.into(), "--format".into(), "xlsx".into(), "--output".into(), o("d.xlsx")],
        vec!["score".into(), r.into()],
        vec!["score".into(), r.into(), "--format".into(), "json".into()],
        vec!["score".into(), r.into(), "--format".into(), "xlsx".into(), "--output".into(), o("s.xlsx")],
        vec!["score".into(), r.into(), "--explain".into(), "河寨村党支部".into()],
        vec!["round".into(), r.into(), "--out".into(), o("round")],
        vec![
            "check".into(),
            format!("{r}/reports/hezhai.txt"),
            "--signals".into(),
            format!("{r}/signals"),
            "--unit".into(),
            "河寨村党支部".into(),
            "--trace".into(),
        ],
        vec![
            "check".into(),
            format!("{r}/reports/hezhai.txt"),
            "--signals".into(),
            format!("{r}/signals"),
            "--unit".into(),
            "河寨村党支部".into(),
            "--format".into(),
            "json".into(),
        ],
    ];
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = xuncha(&args);
        assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
        seen.push_str(&run.stdout);
        seen.push_str(&run.stderr);
    }
    // An error on a row that carries informant data must not echo it either.
    let bad = planted_round();
    let csv =
        "编号,被反映单位,反映内容,受理日期,举报人,联系电话\nB1,河寨村党支部,补贴,不是日期,隐私标记甲,13700001234\n";
    fs::write(bad.path().join("signals/more.csv"), "").unwrap();
    fs::remove_file(bad.path().join("signals/tipoffs.xlsx")).unwrap();
    fs::write(bad.path().join("signals/tipoffs.csv"), csv).unwrap();
    let err = xuncha(&["diverge", bad.path().to_str().unwrap()]);
    assert_error(&err, &["tipoffs.csv", "第2行", "不是有效日期"]);
    seen.push_str(&err.stderr);
    for f in ["d.md", "d.xlsx", "s.xlsx"] {
        assert!(out.path().join(f).is_file(), "{f} was not written");
    }
    seen.push_str(&all_text(out.path()));
    for m in MARKERS {
        assert!(!seen.contains(m), "informant data {m} leaked");
    }
    // The planted signals were read: the xlsx tip-offs back a flag.
    assert!(seen.contains("XF-X1"));
    assert!(seen.contains("LD-9"));
}

#[test]
fn a_filled_informant_column_makes_a_tipoff_signed_without_keeping_the_name() {
    let round = planted_round();
    let v = json(&["diverge", round.path().to_str().unwrap(), "--format", "json"]);
    let signals =
        v["rounds"][0]["units"].as_array().unwrap().iter().flat_map(|u| u["signals"].as_array().unwrap().clone());
    let x1 = signals.clone().find(|s| s["id"] == "XF-X1").expect("XF-X1 read");
    assert_eq!(x1["signed"], true, "{x1}");
    // Signed tip-offs weigh more (weights/signal: × 1.5), with nothing else to tell them apart.
    let known = signals.clone().find(|s| s["id"] == "LD-9").expect("LD-9 read");
    assert!(known["signed"].is_null(), "leaders' items are neither signed nor anonymous: {known}");
    assert!(x1["weight"].as_f64().unwrap() >= 1.5, "{x1}");
}

/// A group leader self-checking a draft against the unit's signals sees, signal by signal, the
/// item that answers it, in the terminal and in JSON.
#[test]
fn check_with_signals_shows_each_signal_and_its_item() {
    let args = [
        "check",
        "examples/round/reports/nongye.txt",
        "--signals",
        "examples/round/signals",
        "--unit",
        "县农业农村局党组",
    ];
    let human = xuncha(&args);
    assert!(human.code <= 1, "{}", human.stderr);
    assert!(human.stdout.contains("信号逐件对照（县农业农村局党组：2 件，未反映 0 件"), "{}", human.stdout);
    assert!(human.stdout.contains("已反映　XF2026-006（信访举报"), "{}", human.stdout);
    let v = json(&[&args[..], &["--format", "json", "--fail-on", "never"]].concat());
    let d = &v["reports"][0]["divergence"];
    assert_eq!(d["unit"], "县农业农村局党组");
    assert_eq!(d["divergence"], 0.0);
    let tip = d["signals"].as_array().unwrap().iter().find(|s| s["id"] == "XF2026-006").unwrap();
    assert_eq!(tip["status"], "covered");
    assert!(tip["matched"]["text"].as_str().unwrap().contains("农机"), "{tip}");
}
