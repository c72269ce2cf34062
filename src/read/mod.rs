//! Reading: every file format and the round folder, turned into the model.

pub mod cadres;
pub mod docx;
pub mod judges;
pub mod ledger;
pub mod pack;
pub mod pool;
pub mod progress;
pub mod report;
pub mod round;
pub mod signals;
pub mod table;
pub mod units;
pub mod waivers;
mod xls_extent;
