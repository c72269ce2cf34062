//! Input tables as .xlsx (raw bytes): calamine through `tabular::read`, then `judges::read`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = xuncha_fuzz::scratch_file("judges.xlsx", data);
    xuncha_fuzz::check_table(&path);
});
