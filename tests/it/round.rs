//! `xuncha round` and `xuncha init`: the whole round in one command.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::helpers::{Run, copy_round, redact_hash, xuncha};

fn run_round(out: &Path, extra: &[&str]) -> Run {
    // A fixed day: the example's ledgers would otherwise change state with the calendar.
    let mut args = vec!["round", "examples/round", "--out", out.to_str().unwrap(), "--today", "2026-12-20"];
    args.extend_from_slice(extra);
    xuncha(&args)
}

/// round.json is compact unless `--pretty` asks for indentation; the content is the same.
#[test]
fn round_json_is_compact_unless_pretty() {
    let dir = tempfile::tempdir().unwrap();
    let (compact, pretty) = (dir.path().join("a"), dir.path().join("b"));
    assert_eq!(run_round(&compact, &["--quiet"]).code, 0);
    assert_eq!(run_round(&pretty, &["--quiet", "--pretty"]).code, 0);
    let (c, p) = (
        fs::read_to_string(compact.join("round.json")).unwrap(),
        fs::read_to_string(pretty.join("round.json")).unwrap(),
    );
    assert_eq!(c.lines().count(), 1);
    assert!(p.lines().count() > 100 && p.len() > c.len());
    assert_eq!(serde_json::from_str::<Value>(&c).unwrap(), serde_json::from_str::<Value>(&p).unwrap());
}

#[test]
fn writes_the_four_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("结果");
    let run = run_round(&out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("7 份报告"), "{}", run.stdout);
    for f in ["index.html", "details.html", "round.xlsx", "round.md", "round.json"] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    // The summary, the analysis beside it and one page per report, linked relatively.
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("<a href=\"units/1.html\">县农业农村局党组</a>"), "{html}");
    assert!(html.contains("<a href=\"details.html\">"));
    let details = fs::read_to_string(out.join("details.html")).unwrap();
    assert!(details.contains("县农业农村局党组") && details.contains("<svg"));
    assert_eq!(names(&out.join("units")), (1..=7).map(|i| format!("{i}.html")).collect::<Vec<_>>());
    let units: String = (1..=7).map(|i| fs::read_to_string(out.join(format!("units/{i}.html"))).unwrap()).collect();
    // Every report shows its livelihood sectors, read from the livelihood rule's own settings.
    assert_eq!(units.matches("民生领域覆盖").count(), 7, "one livelihood chart per report");
    // The focus bars count what the score counts: 文旅's trivial items cover neither A nor C.
    for focus in ["党的路线方针政策和党中央决策部署在基层的贯彻落实", "基层党组织领导班子和干部队伍建设"]
    {
        let bar = format!("县文化广电旅游体育局党组 · {focus}：0 个问题");
        assert!(details.contains(&bar) && units.contains(&bar), "{bar}");
    }
    for page in [&html, &details, &units] {
        assert!(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"), "self-contained");
    }
    let v: Value = serde_json::from_str(&fs::read_to_string(out.join("round.json")).unwrap()).unwrap();
    assert_eq!(v["schema_version"], 1);
    let round = &v["rounds"][0];
    assert_eq!(round["ranking"][0]["unit"], "县农业农村局党组");
    assert_eq!(round["divergence"]["units"].as_array().unwrap().len(), 7);
    assert_eq!(round["cadres"]["results"].as_array().unwrap().len(), 17);
    let stat = |label: &str| round["stats"].as_array().unwrap().iter().find(|s| s["label"] == label).cloned().unwrap();
    assert_eq!(stat("巡察单位")["value"], 7.0);
    assert_eq!(stat("发现问题")["source"], "报告统计");
    // Ledger counts are labelled as such; clues come from the clue ledger, once each — the
    // cadres' own figures overlap and are never summed into the round's.
    let (items, clues) = (stat("列入整改台账的问题"), stat("移交问题线索"));
    assert_eq!((items["value"].as_f64(), items["source"].as_str()), (Some(16.0), Some("整改台账")));
    assert_eq!((clues["value"].as_f64(), clues["source"].as_str()), (Some(6.0), Some("线索台账")));
    assert_eq!(round["ledger"]["today"], "2026-12-20");
    // One count of 需要关注 everywhere: a judge's recusal alone puts no report there.
    let attention = round["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["flags"].as_array().unwrap().iter().any(|f| !f.as_str().unwrap().contains("已回避")))
        .count();
    assert!(run.stdout.contains(&format!("需要关注 {attention} 份")), "{}", run.stdout);
    // The cadres' figures come from one sentence: page, Markdown and the statistics agree.
    let md = fs::read_to_string(out.join("round.md")).unwrap();
    let line = md.lines().find(|l| l.starts_with("参评巡察干部")).expect("cadre sentence in round.md");
    assert!(html.contains(line), "{line}");
    assert!(
        line.contains("优秀 8 人（47.1%）") && line.contains("抽调干部评定优秀 3 人") && line.contains("推荐 2 人")
    );
    assert_eq!(stat("优先向组织推荐的优秀巡察干部")["value"], 2.0);
    assert!(details.contains("整改与线索") && details.contains("需要督办的问题") && details.contains("共性问题"));
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(out.join("round.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "排名",
            "扣分明细",
            "评委评分",
            "豁免",
            "偏离研判",
            "偏离提示",
            "逐件对照",
            "干部评估",
            "整改汇总",
            "整改情况",
            "线索台账",
            "共性问题",
            "本轮统计",
            "组长研判"
        ]
    );
    // Numbers are numbers, places are relative to the round folder, as the page says them.
    let leaders = book.worksheet_range("组长研判").unwrap();
    assert!(leaders.rows().skip(1).all(|r| r[2..].iter().all(|c| matches!(c, calamine::Data::Float(_)))));
    let losses = book.worksheet_range("扣分明细").unwrap();
    let places: Vec<String> = losses.rows().skip(1).map(|r| r[6].to_string()).collect();
    assert!(places.iter().all(|p| p.starts_with("reports/")), "{places:?}");
    assert!(places.iter().any(|p| p.ends_with("行")), "{places:?}");
    assert!(losses.rows().skip(1).all(|r| !r[4].to_string().contains('/')), "rule titles, not ids");
    // Printed landscape, one page wide, the header row repeated on every page.
    let mut zip = zip::ZipArchive::new(fs::File::open(out.join("round.xlsx")).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut xml).unwrap();
    assert_eq!(xml.matches("_xlnm.Print_Titles").count(), 14, "every sheet repeats its header row");
    for i in 1..=14 {
        let mut sheet = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(&format!("xl/worksheets/sheet{i}.xml")).unwrap(), &mut sheet)
            .unwrap();
        assert!(sheet.contains("orientation=\"landscape\"") && sheet.contains("fitToPage=\"1\""), "sheet{i}");
    }
    // The pages speak to office readers: rule titles and 第N行, no rule ids, no mouse.
    assert!(!units.contains("report/") && !units.contains("鼠标") && !details.contains("鼠标"));
    assert!(units.contains("第") && units.contains("行</td>"));
    assert!(units.contains("评委评分"), "each report's judges");
}

#[test]
fn markdown_and_json_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_round(dir.path(), &["--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("round_markdown", redact_hash(&fs::read_to_string(dir.path().join("round.md")).unwrap()));
    let v: Value = serde_json::from_str(&fs::read_to_string(dir.path().join("round.json")).unwrap()).unwrap();
    insta::assert_json_snapshot!(
        "round_json_stats_and_leaders",
        serde_json::json!({
            "stats": v["rounds"][0]["stats"],
            "leaders": v["leaders"],
        })
    );
}

#[test]
fn same_inputs_give_identical_bytes_with_one_or_two_jobs() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    assert_eq!(run_round(a.path(), &["--jobs", "1"]).code, 0);
    assert_eq!(run_round(b.path(), &["--jobs", "2"]).code, 0);
    for f in ["index.html", "details.html", "units/3.html", "round.xlsx", "round.md", "round.json"] {
        assert_eq!(fs::read(a.path().join(f)).unwrap(), fs::read(b.path().join(f)).unwrap(), "{f} differs");
    }
}

#[test]
fn several_rounds_show_trends() {
    let parent = tempfile::tempdir().unwrap();
    for name in ["2026-1", "2026-2"] {
        copy_round(&parent.path().join(name));
    }
    let out = tempfile::tempdir().unwrap();
    let run = xuncha(&["round", parent.path().to_str().unwrap(), "--out", out.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&fs::read_to_string(out.path().join("round.json")).unwrap()).unwrap();
    assert_eq!(v["rounds"].as_array().unwrap().len(), 2);
    assert_eq!(v["trends"].as_array().unwrap().len(), 2);
    assert!(v["repeat_cadres"].as_array().unwrap().len() >= 17);
    let he = v["leaders"].as_array().unwrap().iter().find(|l| l["leader"] == "何某某").unwrap();
    assert_eq!(he["rounds"], 2);
    assert!(fs::read_to_string(out.path().join("round.md")).unwrap().contains("# 各轮趋势"));
}

#[test]
fn output_inside_the_inputs_is_refused_unless_new() {
    let round = tempfile::tempdir().unwrap();
    copy_round(round.path());
    let r = round.path().to_str().unwrap();
    let same = xuncha(&["round", r, "--out", r]);
    assert_eq!(same.code, 2);
    assert!(same.stderr.contains("就是轮次目录"), "{}", same.stderr);
    let existing = xuncha(&["round", r, "--out", &format!("{r}/reports")]);
    assert_eq!(existing.code, 2);
    assert!(existing.stderr.contains("已存在"), "{}", existing.stderr);
    let new = xuncha(&["round", r, "--out", &format!("{r}/新结果")]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    assert!(round.path().join("新结果/index.html").is_file());
}

#[test]
fn init_writes_templates_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("第四轮");
    let run = xuncha(&["init", target.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for f in [
        "round.toml",
        "waivers.toml",
        "judges.csv",
        "cadres.csv",
        "conduct.csv",
        "signals/tipoffs.csv",
        "signals/sentiment.csv",
        "signals/known.toml",
    ] {
        assert!(target.join(f).is_file(), "{f}");
    }
    assert!(target.join("reports").is_dir());
    // The template parses: the only complaint is the missing report file.
    let round = xuncha(&["round", target.to_str().unwrap(), "--out", dir.path().join("o").to_str().unwrap()]);
    assert_eq!(round.code, 2);
    assert!(round.stderr.contains("reports/mouju.docx 不存在"), "{}", round.stderr);
    let toml = fs::read_to_string(target.join("round.toml")).unwrap();
    fs::write(target.join("round.toml"), "被改过").unwrap();
    let again = xuncha(&["init", target.to_str().unwrap()]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("已存在"), "{}", again.stderr);
    assert_eq!(fs::read_to_string(target.join("round.toml")).unwrap(), "被改过", "nothing overwritten");
    assert!(toml.contains("[[units]]"));
}

/// The templates say how to fill each column in a note row under the header; a clerk who keeps
/// that row and types the data below it gets the same results as the example.
#[test]
fn template_note_rows_are_not_read_as_data() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("新一轮");
    assert_eq!(xuncha(&["init", target.to_str().unwrap()]).code, 0);
    let round = crate::helpers::round_with(|d| {
        for name in ["cadres.csv", "conduct.csv"] {
            let template = fs::read_to_string(target.join(name)).unwrap();
            assert!(template.lines().nth(1).unwrap().starts_with("\"填表说明："), "{name}");
            let example = fs::read_to_string(d.join(name)).unwrap();
            let header = template.lines().next().unwrap();
            let bom = |s: &str| s.trim_start_matches('\u{feff}').to_owned();
            assert_eq!(
                bom(example.lines().next().unwrap()),
                bom(header),
                "{name}: the template's header is the example's"
            );
            let rows: Vec<&str> = example.lines().skip(1).collect();
            fs::write(d.join(name), format!("{template}{}\n", rows.join("\n"))).unwrap();
        }
    });
    let shown = round.path().to_str().unwrap();
    let run = xuncha(&["evaluate", shown, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got: serde_json::Value = serde_json::from_str(&run.stdout.replace(shown, "examples/round")).unwrap();
    let expected = crate::helpers::json(&["evaluate", "examples/round", "--format", "json"]);
    // Rows are one further down (the note row): compare what was judged, not where it was read.
    let strip = |v: &serde_json::Value| {
        v.to_string().split("第").map(|p| p.trim_start_matches(char::is_numeric)).collect::<String>()
    };
    assert_eq!(strip(&got), strip(&expected));
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    v.sort();
    v
}

/// `round` into `out`, held (by its test hook) right after it wrote the summary page of the new
/// set into its temporary folder; that folder is returned with the process.
fn round_paused_while_writing(out: &Path) -> (std::process::Child, std::path::PathBuf) {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args(["round", "examples/round", "--out", out.to_str().unwrap(), "--today", "2026-12-20", "--quiet"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XUNCHA_TEST_ROUND_PAUSE_MS", "60000")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let name = out.file_name().unwrap().to_string_lossy();
    let tmp = out.with_file_name(format!("{name}.xuncha-tmp-{}", child.id()));
    let start = std::time::Instant::now();
    while !tmp.join("index.html").is_file() {
        assert!(start.elapsed().as_secs() < 120, "the run never started writing");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    (child, tmp)
}

/// A run killed outright (SIGKILL, a power cut) cannot clean up: its temporary folder is left
/// beside the output, the old set untouched; the next run removes it.
#[test]
fn a_killed_run_leaves_the_old_set_and_the_next_run_removes_its_temp_folder() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("结果");
    crate::helpers::write(&out, "index.html", "<p>上一次的汇总</p>".as_bytes());
    let (mut child, tmp) = round_paused_while_writing(&out);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(tmp.is_dir(), "a killed process cannot remove its temporary folder");
    assert_eq!(fs::read(out.join("index.html")).unwrap(), "<p>上一次的汇总</p>".as_bytes());

    let run = run_round(&out, &["--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(names(parent.path()), ["结果"], "the dead run's temporary folder is removed");
}

#[test]
fn ctrl_c_while_writing_leaves_the_old_set_and_no_temp_files() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("结果");
    let old: &[(&str, &[u8])] = &[
        ("index.html", "<p>上一次的汇总</p>".as_bytes()),
        ("round.xlsx", b"PK\x03\x04old"),
        ("round.md", "# 上一次".as_bytes()),
        ("round.json", b"{}"),
        ("笔记.txt", "办公室自己的文件".as_bytes()),
    ];
    for (name, bytes) in old {
        crate::helpers::write(&out, name, bytes);
    }
    let (child, _) = round_paused_while_writing(&out);
    let kill = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("已中断") && !stderr.contains("panicked"), "{stderr}");
    assert_eq!(names(parent.path()), ["结果"], "no temporary folder left");
    assert_eq!(names(&out), ["index.html", "round.json", "round.md", "round.xlsx", "笔记.txt"]);
    for (name, bytes) in old {
        assert_eq!(fs::read(out.join(name)).unwrap(), *bytes, "{name} changed");
    }

    // Run to the end, the set is replaced and the office's own file stays.
    let run = run_round(&out, &["--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(names(parent.path()), ["结果"]);
    assert!(fs::read_to_string(out.join("index.html")).unwrap().contains("县农业农村局党组"));
    assert_eq!(fs::read(out.join("笔记.txt")).unwrap(), "办公室自己的文件".as_bytes());
}
