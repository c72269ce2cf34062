//! The round's table read as `progress` (.csv, .xlsx or .xls by its bytes): every fault an error,
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| xuncha_fuzz::check_round_table(xuncha_fuzz::RoundTable::Progress, data));
