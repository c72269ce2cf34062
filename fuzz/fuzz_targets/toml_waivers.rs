//! `waivers.toml`: `toml::from_str::<WaiverFile>`, then `waivers::read` against the example round
//! and the default pack's rule ids, then `waivers::apply` to real findings of a fixed report.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use xuncha::model::outcome::Finding;
use xuncha::util::toml_errors::{line_col, translate_toml};
use xuncha::assess::waivers::apply;
use xuncha::model::waiver::WaiverFile;
use xuncha::read::waivers;

/// Findings of a weak draft (trivia.txt), filed under two units of the example round.
fn findings() -> &'static Vec<Finding> {
    static FINDINGS: OnceLock<Vec<Finding>> = OnceLock::new();
    FINDINGS.get_or_init(|| {
        let text = include_bytes!("../corpus/report_text/trivia.txt");
        let doc = xuncha::read::report::parse_report(
            "trivia.txt".into(),
            "txt",
            text,
            &Default::default(),
        )
        .expect("fixed report parses");
        xuncha_fuzz::check_document(doc).run.findings
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match toml::from_str::<WaiverFile>(text) {
            Ok(file) => {
                std::hint::black_box(file.waivers.len());
            }
            Err(e) => {
                let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
                assert!(line >= 1 && column >= 1);
                std::hint::black_box(translate_toml(e.message()));
            }
        }
    }
    let setup = xuncha_fuzz::setup();
    let rule_ids: Vec<&str> = setup.engine.pack.rules.iter().map(|r| r.id.as_str()).collect();
    let path = xuncha_fuzz::scratch_file("waivers.toml", data);
    let round = xuncha_fuzz::round();
    match waivers::read(&path, round, &rule_ids) {
        Ok(list) => {
            let mut a = findings().clone();
            let mut b = findings().clone();
            let mut per_unit = vec![("县教育局党组", &mut a), ("县工业和信息化局党组", &mut b)];
            let report = apply(&list, round.file.round.end.as_deref(), &mut per_unit);
            assert_eq!(
                report.applied.len() + report.expired.len() + report.unused.len(),
                list.len(),
                "every waiver is applied, expired or unused"
            );
        }
        Err(e) => {
            std::hint::black_box(e.to_string());
        }
    }
});
