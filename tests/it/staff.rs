//! `xuncha pool` and `xuncha staff`: the example pool (a GBK .csv) imported into an archive of
//! the two example rounds, and rosters for the 2027 plan that respect every 回避 case, each
//! exclusion explained, the same for the same seed.

use std::path::Path;

use serde_json::Value;

use crate::helpers::{assert_error, json, tmp, write, xuncha};

const PLAN: &str = "examples/plan-2027-1";

fn archive_with_pool(dir: &Path) -> String {
    let db = dir.join("档案.db");
    let d = db.to_str().unwrap().to_owned();
    for (round, today) in [("examples/round", "2026-12-20"), ("examples/round-2024-1", "2024-11-30")] {
        let run = xuncha(&["archive", "add", round, "--today", today, "--db", &d]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let run = xuncha(&["pool", "import", "examples/人才库.csv", "--db", &d]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("新增 18 人，更新 0 人"), "{}", run.stderr);
    // A unit no archived round knows is said, not guessed.
    assert!(run.stderr.contains("新某 的单位“县统计局”不在档案库已有的单位中"), "{}", run.stderr);
    d
}

fn roster(db: &str, seed: &str) -> Value {
    json(&["staff", PLAN, "--seed", seed, "--db", db, "--format", "json"])
}

/// (person, group) pairs the 回避 rules forbid in the example: own unit, recent unit, relatives,
/// the last round's units, 不称职 last round.
const FORBIDDEN: [(&str, &str); 16] = [
    ("李某", "第一巡察组"), // spouse at 县交通运输局
    ("李某", "第二巡察组"), // brother at 青山镇党委
    ("林某", "第一巡察组"), // works at 县交通运输局
    ("王某", "第二巡察组"), // works at 县财政局
    ("王某", "第三巡察组"), // worked at 县审计局 in the last 3 years
    ("王某", "第一巡察组"), // inspected 县水利局党组 last round
    ("赵某某", "第三巡察组"),
    ("孙某", "第二巡察组"), // 青山镇人民政府 is 青山镇党委's unit
    ("孙某", "第三巡察组"), // inspected 城关镇党委 last round
    ("徐某某", "第一巡察组"),
    ("刘某", "第三巡察组"),
    ("钱某", "第一巡察组"),
    ("卫某", "第一巡察组"),
    ("蒋某某", "第一巡察组"),
    ("马某", "第一巡察组"), // 不称职 last round: no group at all
    ("马某", "第二巡察组"),
];

#[test]
fn rosters_respect_every_avoidance_and_repeat_for_a_seed() {
    let dir = tmp();
    let db = archive_with_pool(dir.path());
    let pool = json(&["pool", "list", "--db", &db, "--format", "json"]);
    let expertise = |name: &str| -> Vec<String> {
        let m = pool["pool"].as_array().unwrap().iter().find(|m| m["name"] == name).unwrap();
        m["expertise"].as_array().unwrap().iter().map(|e| e.as_str().unwrap().to_owned()).collect()
    };
    let mut distinct = std::collections::BTreeSet::new();
    for seed in ["1", "3", "7", "42", "2027"] {
        let r = roster(&db, seed);
        assert_eq!(r["seed"].as_u64().unwrap().to_string(), seed);
        let groups = r["groups"].as_array().unwrap();
        assert_eq!(groups.len(), 3);
        for g in groups {
            let name = g["name"].as_str().unwrap();
            let leader = g["leader"].as_str().expect("every group has a leader");
            let members: Vec<&str> = g["members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
            assert_eq!(members.len(), 4, "seed {seed}: {g}");
            assert!(g["short"].as_array().unwrap().is_empty(), "seed {seed}: {g}");
            for person in std::iter::once(leader).chain(members.iter().copied()) {
                assert!(!FORBIDDEN.contains(&(person, name)), "seed {seed}: {person} in {name}");
                assert_ne!(person, "马某", "seed {seed}: 不称职 drawn");
            }
            // The pack's mix: 财务 or 审计, and 纪检 or 法律, in every group.
            let all: Vec<String> = std::iter::once(leader).chain(members.iter().copied()).flat_map(expertise).collect();
            for need in [["财务", "审计"], ["纪检", "法律"]] {
                assert!(all.iter().any(|e| need.contains(&e.as_str())), "seed {seed}: {name} lacks {need:?}");
            }
            // 何某某 worked 5 years at 县财政局: may serve in 第二巡察组, never lead it.
            assert!(!(name == "第二巡察组" && leader == "何某某"), "seed {seed}");
        }
        assert_eq!(r, roster(&db, seed), "seed {seed}: the same seed gives the same roster");
        distinct.insert(r["groups"].to_string());
    }
    assert!(distinct.len() > 1, "different seeds draw differently");

    // Every exclusion is explained.
    let r = roster(&db, "7");
    let excluded = r["excluded"].as_array().unwrap();
    let reason = |name: &str, unit: &str| {
        excluded
            .iter()
            .find(|e| e["name"] == name && e["unit"] == unit)
            .unwrap_or_else(|| panic!("{name} / {unit} not excluded: {excluded:?}"))["reason"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(reason("李某", "县交通运输局党组"), "配偶在县交通运输局任职");
    assert_eq!(reason("李某", "青山镇党委"), "兄弟在青山镇党委任职");
    assert_eq!(reason("王某", "县审计局党组"), "近3年在县审计局工作");
    assert_eq!(reason("孙某", "青山镇党委"), "现工作单位为青山镇人民政府");
    assert_eq!(reason("徐某某", "县水利局党组"), "上一轮巡察过县水利局党组，不连续两轮巡察同一单位");
    assert_eq!(reason("何某某", "县财政局党组"), "任组长时：曾在该单位工作累计5年");
    assert_eq!(reason("马某", ""), "上一轮巡察后评估为不称职，本轮不抽调");
    // Cadres are matched by name and unit: the pool's 高某 of 县教育局 is the 优秀 高某 of 2026,
    // not the 不称职 高某 of 县民政局 in 2024.
    assert!(!excluded.iter().any(|e| e["name"] == "高某" && e["unit"] == ""), "{excluded:?}");
    let gao = pool["pool"].as_array().unwrap().iter().find(|m| m["name"] == "高某").unwrap();
    assert_eq!((gao["rounds"].as_i64(), gao["last_band"].as_str()), (Some(1), Some("优秀")));

    // The terminal view ends with the [[groups]] to paste into round.toml.
    let run = xuncha(&["staff", PLAN, "--seed", "7", "--db", &db]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("抽签种子 7"), "{}", run.stdout);
    let pasted = run.stdout.split("可复制到 round.toml").nth(1).unwrap();
    let start = pasted.find("[[groups]]").unwrap();
    let groups: toml::Table = toml::from_str(&pasted[start..]).expect("valid TOML");
    assert_eq!(groups["groups"].as_array().unwrap().len(), 3);
}

#[test]
fn without_a_seed_one_is_drawn_and_shown() {
    let dir = tmp();
    let db = archive_with_pool(dir.path());
    let r = json(&["staff", PLAN, "--db", &db, "--format", "json"]);
    let seed = r["seed"].as_u64().unwrap().to_string();
    assert_eq!(r, roster(&db, &seed), "the shown seed repeats the draw");
}

#[test]
fn pool_faults_are_reported_together_and_a_pool_is_needed() {
    let dir = tmp();
    let bad = write(
        dir.path(),
        "人才库.csv",
        "姓名,单位,亲属任职,组长人选,工作履历\n张某,县财政局,县交通运输局配偶,也许,县水利局:三年\n,县审计局,,,\n"
            .as_bytes(),
    );
    let db = dir.path().join("档案.db");
    let run = xuncha(&["pool", "import", bad.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert_error(
        &run,
        &[
            "有 4 处需要改正",
            "“县交通运输局配偶”应写作“单位:关系”",
            "“也许”应为 是 或 否",
            "“县水利局:三年”应写作“单位:年数”",
            "姓名为空",
        ],
    );
    assert!(!db.exists(), "a faulty pool is refused before the archive is touched");
    let d = db.to_str().unwrap();
    assert_eq!(xuncha(&["archive", "add", "examples/round-2024-1", "--today", "2024-11-30", "--db", d]).code, 0);
    let list = xuncha(&["pool", "list", "--db", d]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(list.stdout.contains("0 人"), "{}", list.stdout);
    let run = xuncha(&["staff", PLAN, "--seed", "1", "--db", db.to_str().unwrap()]);
    assert_error(&run, &["人才库是空的", "xuncha pool import"]);
}

/// A 回避 rule that fails keeps people out rather than letting them in, and says so once.
#[test]
fn a_failing_avoidance_rule_keeps_people_out() {
    let dir = tmp();
    let db = archive_with_pool(dir.path());
    let pack = dir.path().join("规则");
    assert_eq!(xuncha(&["rules", "init", pack.to_str().unwrap()]).code, 0);
    let rule = pack.join("staff/relatives.rhai");
    let text = std::fs::read_to_string(&rule).unwrap();
    std::fs::write(&rule, text.replace("for r in person.relatives {", "for r in person.no_such_field {")).unwrap();
    let run =
        xuncha(&["staff", PLAN, "--seed", "1", "--db", &db, "--rules", pack.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 3, "rule errors give exit code 3: {}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["errors"].as_array().unwrap().len(), 1, "the failure is reported once");
    for g in v["groups"].as_array().unwrap() {
        assert!(g["leader"].is_null() && g["members"].as_array().unwrap().is_empty(), "{g}");
    }
    assert!(v["excluded"].as_array().unwrap().iter().any(|e| e["reason"].as_str().unwrap().contains("出错，无法判断")));
}

/// The plan's units kept in units.csv (no report column yet) give the same rosters.
#[test]
fn a_plan_with_its_units_in_a_sheet_staffs_the_same() {
    let dir = tmp();
    let db = archive_with_pool(dir.path());
    let plan = dir.path().join("plan");
    let toml = std::fs::read_to_string(Path::new(PLAN).join("round.toml")).unwrap();
    let groups_only = &toml[..toml.find("[[units]]").unwrap()];
    write(&plan, "round.toml", groups_only.as_bytes());
    let units = "被巡察单位,类别,巡察组\n县水利局党组,县直单位,第一巡察组\n县交通运输局党组,县直单位,第一巡察组\n\
                 县财政局党组,县直单位,第二巡察组\n青山镇党委,乡镇党委,第二巡察组\n县审计局党组,县直单位,第三巡察组\n\
                 城关镇党委,乡镇党委,第三巡察组\n";
    write(&plan, "units.csv", units.as_bytes());
    let p = plan.to_str().unwrap();
    let got = json(&["staff", p, "--seed", "7", "--db", &db, "--format", "json"]);
    assert_eq!(got, roster(&db, "7"));
}
