//! Plain data: documents with their spans, findings, the round and its units.

pub mod cadre;
pub mod document;
pub mod judges;
pub mod ledger;
pub mod outcome;
pub mod pool;
pub mod progress;
pub mod round;
pub mod signal;
pub mod waiver;
