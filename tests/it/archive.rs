//! `xuncha archive` and `xuncha history`: two rounds of the example county archived, a problem
//! that came back after being closed, replacing a round, a run killed inside its transaction,
//! schema versions, and no informant data in the file.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::helpers::{assert_error, json, tmp, xuncha};

const EARLY: &str = "examples/round-2024-1";
const LATE: &str = "examples/round";

fn db_in(dir: &Path) -> PathBuf {
    dir.join("档案.db")
}

fn add(db: &Path, round: &str, today: &str) -> crate::helpers::Run {
    xuncha(&["archive", "add", round, "--today", today, "--db", db.to_str().unwrap()])
}

/// The later round first: the archive orders rounds by their dates, not by when they came in.
fn both(db: &Path) {
    for (round, today) in [(LATE, "2026-12-20"), (EARLY, "2024-11-30")] {
        let run = add(db, round, today);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stderr.contains("已存入"), "{}", run.stderr);
    }
}

#[test]
fn two_rounds_are_listed_by_date_and_a_closed_problem_comes_back() {
    let dir = tmp();
    let db = db_in(dir.path());
    both(&db);
    let d = db.to_str().unwrap();
    let list = json(&["archive", "list", "--db", d, "--format", "json"]);
    let names: Vec<&str> = list["rounds"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["示例县2024年第一轮巡察", "示例县2026年第三轮巡察"]);

    // The JSON contract: unit, rounds[] by date with round, start, score, items, reappeared.
    let h = json(&["history", "unit", "县水利局党组", "--db", d, "--format", "json"]);
    assert_eq!(h["unit"], "县水利局党组");
    let rounds = h["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    assert_eq!((rounds[0]["start"].as_str(), rounds[1]["start"].as_str()), (Some("2024-03-04"), Some("2026-09-01")));
    assert_eq!(rounds[0]["items"].as_array().unwrap().len(), 5);
    assert!(rounds[1]["score"].as_f64().unwrap() > 0.0);
    assert_eq!(rounds[0]["rectified"], serde_json::json!([4, 5]));
    // 2024: 底稿5 (防汛值班补助 as 津贴补贴) was closed; 2026 reports it again as item 7.
    assert_eq!(rounds[0]["reappeared"].as_array().unwrap().len(), 0);
    let back = rounds[1]["reappeared"].as_array().unwrap();
    let again = back.iter().find(|r| r["earlier_id"] == "底稿5").expect("底稿5 came back");
    assert_eq!(again["item"], 7);
    assert_eq!(again["earlier_round"], "示例县2024年第一轮巡察");
    // The other closed problems (饮水资金, 未完工先付款, 党费) are not in the 2026 report.
    assert!(back.iter().all(|r| r["earlier_id"] == "底稿5"), "{back:?}");

    let table = xuncha(&["history", "unit", "县水利局党组", "--db", d]);
    assert!(table.stdout.contains("1 个问题在已整改销号后又出现，可列为回头看重点"), "{}", table.stdout);

    let cadre = json(&["history", "cadre", "王某", "--db", d, "--format", "json"]);
    let bands: Vec<&str> = cadre["rounds"].as_array().unwrap().iter().map(|r| r["band"].as_str().unwrap()).collect();
    assert_eq!(bands.len(), 2);

    let leader = json(&["history", "leader", "徐某某", "--db", d, "--format", "json"]);
    let rounds = leader["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    assert!(rounds[0]["divergence"].is_null(), "the 2024 round had no signals");
    assert_eq!(rounds[1]["units"], serde_json::json!(["县农业农村局党组", "县水利局党组"]));
}

#[test]
fn the_same_round_again_replaces_it() {
    let dir = tmp();
    let db = db_in(dir.path());
    assert_eq!(add(&db, EARLY, "2024-11-30").code, 0);
    let again = add(&db, EARLY, "2024-11-30");
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("已替换档案库中的同名轮次：示例县2024年第一轮巡察"), "{}", again.stderr);
    let list = json(&["archive", "list", "--db", db.to_str().unwrap(), "--format", "json"]);
    let rounds = list["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 1);
    assert_eq!((rounds[0]["units"].as_i64(), rounds[0]["items"].as_i64()), (Some(2), Some(8)));
}

#[test]
fn a_run_killed_inside_its_transaction_leaves_the_archive_as_it_was() {
    let dir = tmp();
    let db = db_in(dir.path());
    assert_eq!(add(&db, EARLY, "2024-11-30").code, 0);
    let before = json(&["archive", "list", "--db", db.to_str().unwrap(), "--format", "json"]);
    // The test hook pauses after each table inside the transaction; the run is killed there.
    let mut child = Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args(["archive", "add", LATE, "--today", "2026-12-20", "--db", db.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XUNCHA_TEST_ARCHIVE_PAUSE_MS", "20000")
        .stderr(Stdio::piped())
        .spawn()
        .expect("start xuncha");
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    while !String::from_utf8_lossy(&seen).contains("正在写入档案库") {
        let n = std::io::Read::read(&mut stderr, &mut buf).unwrap();
        assert!(n > 0, "the run ended before writing: {}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buf[..n]);
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let after = json(&["archive", "list", "--db", db.to_str().unwrap(), "--format", "json"]);
    assert_eq!(after, before);
    // And the archive still takes the round afterwards.
    assert_eq!(add(&db, LATE, "2026-12-20").code, 0);
}

#[test]
fn schema_versions_newer_refused_older_backed_up_and_migrated() {
    let dir = tmp();
    let db = db_in(dir.path());
    assert_eq!(add(&db, EARLY, "2024-11-30").code, 0);
    // An archive of version 1 (before the pool): migrated after a backup copy.
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("DROP TABLE pool; PRAGMA user_version = 1;").unwrap();
    }
    let list = json(&["archive", "list", "--db", db.to_str().unwrap(), "--format", "json"]);
    assert_eq!(list["rounds"].as_array().unwrap().len(), 1);
    let backup = dir.path().join("档案.db.v1.bak");
    let old = rusqlite::Connection::open(&backup).unwrap();
    assert_eq!(old.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).unwrap(), 1);
    let new = rusqlite::Connection::open(&db).unwrap();
    let pool: i64 = new.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'pool'", [], |r| r.get(0)).unwrap();
    assert_eq!(pool, 1);
    // Version 3's indexes: a unit's history reads its own signals, not every round's.
    let plan: String = new
        .query_row("EXPLAIN QUERY PLAN SELECT count(*) FROM matters m WHERE m.round_id = 1 AND m.unit = 'x'", [], |r| {
            r.get(3)
        })
        .unwrap();
    assert!(plan.contains("matters_by_unit"), "{plan}");
    // From a newer xuncha: refused, untouched.
    new.execute_batch("PRAGMA user_version = 99;").unwrap();
    drop(new);
    let bytes = std::fs::read(&db).unwrap();
    let run = add(&db, LATE, "2026-12-20");
    assert_error(&run, &["档案.db", "更新版本的 xuncha", "结构版本 99", "请升级 xuncha"]);
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[test]
fn no_informant_data_reaches_the_archive() {
    // A report that leaks an informant (vetoed, but still archived): the leak is starred out.
    let round = crate::helpers::round_with(|d| {
        let path = d.join("reports/shuili.txt");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("\n　　附：举报人张某某，联系电话13912345678，身份证号110101199003074514。\n");
        std::fs::write(&path, text).unwrap();
    });
    let dir = tmp();
    let db = db_in(dir.path());
    assert_eq!(add(&db, round.path().to_str().unwrap(), "2026-12-20").code, 0);
    let c = rusqlite::Connection::open(&db).unwrap();
    // Every text cell of every table, searched for the example tip-offs' informant fields.
    let tables: Vec<String> = {
        let mut st = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let tipoffs = std::fs::read(round.path().join("signals/tipoffs.csv")).unwrap();
    let (text, _, _) = encoding_rs::GBK.decode(&tipoffs);
    let mut secrets: Vec<String> = Vec::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        secrets.extend(cells[cells.len() - 3..].iter().filter(|s| !s.is_empty()).map(|s| s.to_string()));
    }
    assert!(secrets.iter().any(|s| s == "13812345678"), "{secrets:?}");
    secrets.extend(["13912345678", "110101199003074514", "举报人张某某"].map(String::from));
    for t in tables {
        let mut st = c.prepare(&format!("SELECT * FROM {t}")).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for k in 0..n {
                if let Ok(Some(s)) = row.get::<_, Option<String>>(k) {
                    for secret in &secrets {
                        assert!(!s.contains(secret.as_str()), "{t}: informant data {secret}");
                    }
                }
            }
        }
    }
}

#[test]
fn asking_an_archive_that_is_not_there_or_a_name_it_does_not_hold() {
    let dir = tmp();
    let db = db_in(dir.path());
    let run = xuncha(&["history", "unit", "县水利局党组", "--db", db.to_str().unwrap()]);
    assert_error(&run, &["档案.db", "没有这个巡察档案库", "xuncha archive add"]);
    assert!(!db.exists(), "a query never creates an archive");
    assert_eq!(add(&db, EARLY, "2024-11-30").code, 0);
    let run = xuncha(&["history", "unit", "县水利局", "--db", db.to_str().unwrap()]);
    assert_error(&run, &["档案库中没有被巡察单位“县水利局”", "是否指 县水利局党组"]);
    // --db before the command works as well, and so does XUNCHA_DB.
    let run = xuncha(&["--db", db.to_str().unwrap(), "history", "cadre", "王某"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args(["archive", "list", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XUNCHA_DB", &db)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("示例县2024年第一轮巡察"));
    // Not an archive at all.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "这不是数据库，而是一段文字，足够长以便 SQLite 读取文件头并判断格式是否正确。".repeat(20))
        .unwrap();
    let run = xuncha(&["archive", "list", "--db", junk.to_str().unwrap()]);
    assert_error(&run, &["junk.db", "不是巡察档案库文件"]);
}

#[test]
fn a_round_run_with_the_archive_trends_over_the_archived_rounds_by_date() {
    let dir = tmp();
    let db = db_in(dir.path());
    both(&db);
    let out = dir.path().join("结果");
    let run = xuncha(&[
        "round",
        LATE,
        "--today",
        "2026-12-20",
        "--db",
        db.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("round.json")).unwrap()).unwrap();
    let trends: Vec<&str> = v["trends"].as_array().unwrap().iter().map(|t| t["round"].as_str().unwrap()).collect();
    // The archived 2026 round is this run's round: counted once.
    assert_eq!(trends, ["示例县2024年第一轮巡察", "示例县2026年第三轮巡察"]);
    let repeat = v["repeat_cadres"].as_array().unwrap();
    let xu = repeat.iter().find(|c| c[0] == "徐某某").expect("徐某某 served in both rounds");
    assert_eq!(xu[1][0][0], "示例县2024年第一轮巡察");
    let page = crate::helpers::round_pages(&out);
    assert!(page.contains("sec-trends") && page.contains("示例县2024年第一轮巡察"));
    // Without --db the run knows only itself.
    let alone = dir.path().join("单轮");
    assert_eq!(xuncha(&["round", LATE, "--today", "2026-12-20", "--out", alone.to_str().unwrap(), "-q"]).code, 0);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(alone.join("round.json")).unwrap()).unwrap();
    assert!(v["trends"].is_null());
}
