//! Word reports built from fuzzed XML parts, so that mutations reach the XML reader instead of
//! breaking zip checksums. Input: parts separated by 0xFF, in this order:
//! word/document.xml, word/styles.xml, word/numbering.xml, _rels/.rels,
//! word/_rels/document.xml.rels. Parts not present are left out of the archive.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 5] = [
    "word/document.xml",
    "word/styles.xml",
    "word/numbering.xml",
    "_rels/.rels",
    "word/_rels/document.xml.rels",
];

fuzz_target!(|data: &[u8]| {
    let parts = xuncha_fuzz::split_parts(data, NAMES.len());
    let entries: Vec<(&str, &[u8])> = NAMES.iter().copied().zip(parts).collect();
    let zip = xuncha_fuzz::build_zip(&entries);
    xuncha_fuzz::check_docx(&zip);
});
