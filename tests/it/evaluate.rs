//! `xuncha evaluate`: bands, vetoes, the 优秀 quota, unverified reports, appraisals.
//! (Bad cadre and conduct tables are in the catalogue.)

use std::fs;

use serde_json::Value;

use crate::helpers::{json, xuncha};

fn results() -> Vec<Value> {
    let v = json(&["evaluate", "examples/round", "--format", "json"]);
    v["evaluation"]["results"].as_array().unwrap().clone()
}

fn cadre<'a>(all: &'a [Value], name: &str) -> &'a Value {
    all.iter().find(|r| r["cadre"]["name"] == name).unwrap()
}

#[test]
fn every_band_is_represented_and_explained() {
    let all = results();
    for band in ["优秀", "称职", "基本称职", "不称职"] {
        assert!(all.iter().any(|r| r["band"] == band), "no cadre rated {band}");
    }
    let lin = cadre(&all, "林某");
    assert_eq!(lin["band"], "基本称职");
    assert!(!lin["run"]["findings"].as_array().unwrap().is_empty(), "reasons are given");
}

#[test]
fn leaking_is_a_veto() {
    let all = results();
    let ma = cadre(&all, "马某");
    assert_eq!(ma["band"], "不称职");
    assert_eq!(ma["score"]["vetoed"], true);
    assert!(ma["actions"][0].as_str().unwrap().contains("泄露巡察工作秘密"));
}

#[test]
fn unverified_public_report_is_shown_not_deducted() {
    let all = results();
    let zhu = cadre(&all, "朱某");
    let f = zhu["run"]["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "cadre/conduct").unwrap();
    assert_eq!(f["points"], 0.0);
    assert!(f["message"].as_str().unwrap().contains("尚未查实"));
    assert_eq!(zhu["band"], "优秀");
    assert_eq!(zhu["recommended"], false, "recommendation waits for the check");
}

#[test]
fn the_twenty_percent_quota_binds_in_group_one() {
    let all = results();
    let group: Vec<&Value> =
        all.iter().filter(|r| r["cadre"]["group"] == "第一巡察组" && r["cadre"]["seconded"] == true).collect();
    assert_eq!(group.len(), 5);
    assert_eq!(group.iter().filter(|r| r["band"] == "优秀").count(), 1, "20% of 5");
    assert_eq!(cadre(&all, "王某")["recommended"], true);
    assert_eq!(cadre(&all, "赵某某")["quota_limited"], true);
    assert_eq!(cadre(&all, "赵某某")["band"], "称职");
}

#[test]
fn group_leader_answers_for_the_groups_reports() {
    let all = results();
    let he = cadre(&all, "何某某");
    assert!(he["run"]["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "cadre/leader-accountability"));
    assert!(he["actions"].as_array().unwrap().iter().any(|a| a.as_str().unwrap().contains("组长重点研判")));
}

#[test]
fn outputs_and_appraisals() {
    let table = xuncha(&["evaluate", "examples/round"]);
    assert_eq!(table.code, 0);
    insta::assert_snapshot!("evaluate_table", table.stdout);
    let md = xuncha(&["evaluate", "examples/round", "--format", "md"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    insta::assert_snapshot!("evaluate_markdown", md.stdout);
    let dir = tempfile::tempdir().unwrap();
    let run = xuncha(&["evaluate", "examples/round", "--appraisals", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files: Vec<String> =
        fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(files.len(), 10, "one per seconded cadre: {files:?}");
    // A Word file for the cadre's file; its text as the reader sees it, paragraph by paragraph.
    let bytes = fs::read(dir.path().join("王某-巡察干部鉴定.docx")).unwrap();
    let wang: String = xuncha::read::docx::read_paragraphs(&bytes)
        .expect("a readable .docx")
        .iter()
        .map(|p| format!("{}\n", p.text))
        .collect();
    insta::assert_snapshot!("appraisal_wang", wang);
}

/// 调度会 reporting recorded in progress.csv (巡中调度) fills the deputies' 中期汇报 that the
/// cadre table leaves empty.
#[test]
fn deputies_reporting_comes_from_the_progress_table() {
    let dir = crate::helpers::round_with(|d| {
        let cadres = std::fs::read_to_string(d.join("cadres.csv")).unwrap();
        let blanked: String = cadres
            .lines()
            .map(|l| if l.contains(",副组长,") { format!("{},", l.rsplit_once(',').unwrap().0) } else { l.to_owned() })
            .map(|l| l + "\n")
            .collect();
        std::fs::write(d.join("cadres.csv"), blanked).unwrap();
        std::fs::write(
            d.join("progress.csv"),
            "巡察组,日期,个别谈话人次,发现问题数,调度会汇报人\n第一巡察组,2026-09-20,20,3,李某\n第二巡察组,2026-09-20,18,2,刘某\n第三巡察组,2026-09-20,15,1,\n",
        )
        .unwrap();
    });
    let v = crate::helpers::json(&["evaluate", dir.path().to_str().unwrap(), "--format", "json"]);
    let failed = |name: &str| {
        let r = v["evaluation"]["results"].as_array().unwrap().iter().find(|r| r["cadre"]["name"] == name).unwrap();
        r["run"]["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "cadre/deputy-reporting")
    };
    assert!(!failed("李某"), "李某 reported for 第一巡察组");
    assert!(failed("黄某"), "第二巡察组's reporter was the leader, not 黄某");
    assert!(!failed("罗某"), "no reporter recorded for 第三巡察组: not applicable");
}
