//! The integration tests, in one binary: each command as a user meets it, the round page, the
//! catalogue of bad inputs, and the shared helpers that run the built `xuncha`.

mod archive;
mod browser;
mod catalogue;
mod check;
mod diverge;
mod evaluate;
mod helpers;
mod html;
mod intake;
mod ledger;
mod matching;
mod no_write;
mod progress;
mod round;
mod round_toml;
mod rules;
mod score;
mod serve;
mod staff;
mod workbench_browser;
