//! Word reports (.docx as raw bytes): zip, the tolerant XML reader, structure recovery, then the
//! whole `check` pipeline on what could be read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    xuncha_fuzz::check_docx(data);
});
