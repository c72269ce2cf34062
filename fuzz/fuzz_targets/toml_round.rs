//! `round.toml`: `toml::from_str::<RoundFile>` (with the error → line:column translation that
//! `round::read_toml` does), then `Round::load` on a scratch round folder, whose validation
//! checks groups, unit kinds, report paths (files r1.txt, r2.md, r3.docx and reports/a.txt
//! exist there) and unclaimed reports.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use xuncha::util::toml_errors::{line_col, translate_toml};
use xuncha::model::round::{Round, RoundFile};

fn round_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = xuncha_fuzz::scratch_dir().join("round");
        std::fs::create_dir_all(dir.join("reports")).unwrap();
        for f in ["r1.txt", "r2.md", "r3.docx", "reports/a.txt"] {
            std::fs::write(dir.join(f), "报告").unwrap();
        }
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match toml::from_str::<RoundFile>(text) {
            Ok(file) => {
                let round = Round { dir: PathBuf::from("轮次"), file };
                for u in &round.file.units {
                    std::hint::black_box(round.match_unit(&u.name).is_some());
                    std::hint::black_box(round.suggest_unit(&u.name));
                    std::hint::black_box(round.report_path(u));
                    if let Some(g) = round.group(&u.group) {
                        std::hint::black_box(g.has_person(&u.top_leader));
                    }
                }
                // Tables name units loosely: try every group leader and a prefix of each name.
                for g in &round.file.groups {
                    std::hint::black_box(round.match_unit(&g.leader).is_some());
                    let half: String = g.name.chars().take(g.name.chars().count() / 2).collect();
                    std::hint::black_box(round.suggest_unit(&half));
                }
            }
            Err(e) => {
                let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
                assert!(line >= 1 && column >= 1);
                std::hint::black_box(translate_toml(e.message()));
            }
        }
    }
    let dir = round_dir();
    std::fs::write(dir.join("round.toml"), data).unwrap();
    match Round::load(dir, &xuncha::read::table::Notices::new()) {
        Ok(round) => {
            std::hint::black_box(round.name());
        }
        Err(e) => {
            std::hint::black_box(e.to_string());
        }
    }
});
