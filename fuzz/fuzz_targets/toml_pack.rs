//! A rule pack's `pack.toml` layered on the default pack (`extends = "default"` is put in front
//! unless the input mentions `extends` itself): `Pack::load`; when it loads, the rule engine is
//! built from it and a fixed report is checked and a fixed judges' table read with the pack's
//! (fuzzed) structure config, rubric, rule parameters and judge settings.
#![no_main]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use xuncha::engine::{Limits, RuleEngine};
use xuncha::assess::report::evaluate_report;
use xuncha::pack::{Pack, PackFiles};

const REPORT: &[u8] = include_bytes!("../corpus/report_text/trivia.txt");

const JUDGES_CSV: &str = "评委,被巡察单位,得分,政治站位
陈某某,县农业农村局党组,94,18
周某,县农业农村局党组,92,17
吴某某,县农业农村局党组,95,19
郑某某,县农业农村局党组,90,16
孙某,县农业农村局党组,93,18
陈某某,城关镇党委,86,15
周某,城关镇党委,85,14
孙某,城关镇党委,95,18
陈某某,县教育局党组,60,
周某,县教育局党组,62,
";

fn judges_csv() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| xuncha_fuzz::scratch_file("pack-judges.csv", JUDGES_CSV.as_bytes()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = if text.contains("extends") {
        text.to_owned()
    } else {
        format!("extends = \"default\"\n{text}")
    };
    let mut files = BTreeMap::new();
    files.insert("pack.toml".to_owned(), text);
    let pack = match Pack::load(PackFiles {
        origin: "模糊测试规则包".into(),
        files,
    }) {
        Ok(pack) => pack,
        Err(e) => {
            std::hint::black_box(e.to_string());
            return;
        }
    };
    let key = pack.config.framework.clone();
    let engine = match RuleEngine::new(pack, &key, Limits::default()) {
        Ok(engine) => engine,
        Err(e) => {
            std::hint::black_box(e.to_string());
            return;
        }
    };
    let framework = engine
        .framework(&key)
        .expect("RuleEngine::new checked that the framework exists");
    let config = &engine.pack.config;
    if let Ok(doc) =
        xuncha::read::report::parse_report("trivia.txt".into(), "txt", REPORT, &config.structure)
    {
        xuncha_fuzz::assert_spans(&doc);
        let eval = evaluate_report(&engine, doc, Default::default(), &framework);
        let human =
            xuncha::render::human::check_report(&eval, &engine.pack, &framework.0, true, false);
        let json = xuncha::render::json::check(
            &engine.pack,
            &framework.0,
            std::slice::from_ref(&eval),
            &[],
            true,
        );
        std::hint::black_box((human, json));
    }
    let notes = xuncha::read::table::Notices::new();
    match xuncha::read::judges::read(judges_csv(), xuncha_fuzz::round(), &config.rubric, &notes) {
        Ok(sheet) => {
            std::hint::black_box(xuncha::assess::judges::panels(sheet, &config.judges).agreement);
        }
        Err(e) => {
            std::hint::black_box(e.to_string());
        }
    }
});
