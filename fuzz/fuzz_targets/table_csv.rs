//! Input tables as .csv (UTF-8, BOM, GBK): `tabular::read` with a judges-like schema, then
//! `judges::read` against the example round.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = xuncha_fuzz::scratch_file("judges.csv", data);
    xuncha_fuzz::check_table(&path);
});
