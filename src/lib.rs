//! xuncha (巡察): a rules-based checklist and evaluation engine for county party inspection
//! offices. Library first: everything lives here; the binary only parses arguments and prints.
//!
//! Data flows one way: [`ingest`] → [`document`] → [`analysis`] (lexicon, figures) →
//! [`engine`] (rhai rules) → [`outcome`] / [`scoring`] → [`render`].

pub mod analysis;
pub mod cadre;
pub mod check;
pub mod diverge;
pub mod document;
pub mod engine;
pub mod evaluate;
pub mod figures;
pub mod fsutil;
pub mod ingest;
pub mod init;
pub mod judges;
pub mod lexicon;
pub mod outcome;
pub mod pack;
pub mod privacy;
pub mod render;
pub mod round;
pub mod roundrun;
pub mod ruletest;
pub mod score;
pub mod scoring;
pub mod signals;
pub mod structure;
pub mod tabular;
pub mod text;
pub mod waivers;
