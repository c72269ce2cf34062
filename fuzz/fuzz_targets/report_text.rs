//! Text reports (.txt and .md): encoding detection, structure recovery, then the whole `check`
//! pipeline with the default pack (lexicon, every report rule, scoring, renderers).
#![no_main]

use libfuzzer_sys::fuzz_target;
use xuncha::read::report::parse_report;
use xuncha::analysis::structure::StructureConfig;

fuzz_target!(|data: &[u8]| {
    let config = StructureConfig::default();
    for ext in ["txt", "md"] {
        match parse_report(format!("草稿.{ext}"), ext, data, &config) {
            Ok(doc) => {
                xuncha_fuzz::check_document(doc);
            }
            Err(e) => {
                std::hint::black_box(e.to_string());
            }
        }
    }
});
