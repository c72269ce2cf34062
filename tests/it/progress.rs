//! `xuncha progress` (巡中调度): the example plan's progress table (GBK .csv) on a day mid-round.

use crate::helpers::{assert_error, json, tmp, write, xuncha};

const PLAN: &str = "examples/plan-2027-1";

#[test]
fn the_group_behind_and_the_group_without_problems_are_flagged() {
    let v = json(&["progress", PLAN, "--today", "2027-03-26", "--format", "json"]);
    let groups = v["groups"].as_array().unwrap();
    let flags = |i: usize| -> Vec<String> {
        groups[i]["flags"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(groups[0]["name"], "第一巡察组");
    assert!(flags(0).is_empty(), "{:?}", flags(0));
    assert!(flags(1)[0].starts_with("进度滞后：个别谈话10人次"), "{:?}", flags(1));
    assert_eq!(flags(2), ["已过本轮 42% 的时间，尚未发现问题"]);
    assert_eq!(groups[1]["latest"]["date"], "2027-03-24");
    assert_eq!(groups[1]["expected"]["talks"], 25.0);

    let run = xuncha(&["progress", PLAN, "--today", "2027-03-26"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn rows_after_the_day_are_not_seen() {
    let v = json(&["progress", PLAN, "--today", "2027-03-15", "--format", "json"]);
    let g = &v["groups"][0];
    assert_eq!(g["latest"]["date"], "2027-03-12");
    assert_eq!(g["latest"]["talks"], 14.0);
}

#[test]
fn faults_of_a_progress_table_are_reported_together() {
    let dir = tmp();
    std::fs::copy(format!("{PLAN}/round.toml"), dir.path().join("round.toml")).unwrap();
    write(
        dir.path(),
        "progress.csv",
        "巡察组,日期,个别谈话人次\n第一组,2027-03-12,14\n第二巡察组,3月12日,十四\n".as_bytes(),
    );
    let run = xuncha(&["progress", dir.path().to_str().unwrap(), "--today", "2027-03-26"]);
    assert_error(
        &run,
        &["有 3 处需要改正", "“第一组”不是本轮的巡察组（是否指 第一巡察组？）", "“3月12日”不是日期", "“十四”不是数字"],
    );
    std::fs::remove_file(dir.path().join("progress.csv")).unwrap();
    let run = xuncha(&["progress", dir.path().to_str().unwrap(), "--today", "2027-03-26"]);
    assert_error(&run, &["没有巡中调度表（progress.xlsx 或 progress.csv）"]);
}

/// A finished round that kept its progress table shows 巡中调度 on the round page and in
/// round.json, judged on the round's last day.
#[test]
fn a_finished_round_shows_its_progress() {
    let round = crate::helpers::round_with(|d| {
        std::fs::write(
            d.join("progress.csv"),
            "巡察组,日期,个别谈话人次,走访人次,调阅资料份数,发现问题数,调度会汇报人\n\
             第一巡察组,2026-11-18,62,16,210,14,李某\n第二巡察组,2026-11-18,20,4,90,9,刘某\n第三巡察组,2026-11-18,58,15,190,0,罗某\n",
        )
        .unwrap();
    });
    let out = tmp();
    let dir = out.path().join("结果");
    let run = xuncha(&[
        "round",
        round.path().to_str().unwrap(),
        "--today",
        "2026-12-20",
        "--out",
        dir.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("round.json")).unwrap()).unwrap();
    let p = &v["rounds"][0]["progress"];
    // Judged on 2026-11-20, the round's end, not on --today.
    assert_eq!(p["calendar"]["today"], "2026-11-20");
    let flags = |i: usize| p["groups"][i]["flags"].as_array().unwrap().len();
    assert_eq!((flags(0), flags(1), flags(2)), (0, 1, 1), "{p}");
    let page = crate::helpers::round_pages(&dir);
    assert!(page.contains("sec-progress") && page.contains("巡中调度"), "the page has the section");
    assert!(page.contains("尚未发现问题"));
}
