//! xuncha (巡察): a rules-based checklist and evaluation engine for county party inspection
//! offices (县委巡察办) and their inspection groups.
//!
//! # For front ends
//!
//! A [`Session`] compiles a rule pack once; then it checks drafts from files or uploaded bytes
//! ([`Session::check_bytes`]), runs a round folder ([`Session::run_round`]) or a round already
//! in memory ([`Session::run_input`] with a [`RoundInput`]), and returns outcome data: a
//! [`ReportEvaluation`] (findings, score card, the document and its analysis) or a
//! [`RoundResult`] (ranking, divergence, cadre evaluation, statistics). Nothing here prints or
//! writes a file; every input error is an [`Error`] naming the file and the place in Chinese.
//!
//! ```no_run
//! let session = xuncha::Session::new(None, None)?;
//! let eval = session.check_bytes("草稿.txt", "二、发现的主要问题\n（一）……".as_bytes())?;
//! for finding in &eval.run.findings {
//!     println!("{}：{}", finding.severity.label(), finding.message);
//! }
//! println!("{}", session.check_json(std::slice::from_ref(&eval), false));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Layers
//!
//! The modules below the surface are the layers of ARCHITECTURE.md, data flowing one way:
//! `read` (files and bytes) → `model` → `analysis` → `pack` → `engine` (rhai rules) → `assess`
//! → `archive` (the SQLite archive) → `render`, wired by `pipeline`. They are public for the command line, the benches, the
//! fuzzers and the tests, and hidden from this documentation: they may change between versions.

#[doc(hidden)]
pub mod analysis;
#[doc(hidden)]
pub mod archive;
#[doc(hidden)]
pub mod assess;
#[doc(hidden)]
pub mod engine;
mod error;
#[doc(hidden)]
pub mod model;
#[doc(hidden)]
pub mod pack;
#[doc(hidden)]
pub mod pipeline;
#[doc(hidden)]
pub mod read;
#[doc(hidden)]
pub mod render;
#[doc(hidden)]
pub mod ruletest;
mod session;
#[doc(hidden)]
pub mod util;
#[doc(hidden)]
pub mod web;

pub use assess::report::ReportEvaluation;
pub use assess::round::RoundResult;
pub use error::Error;
pub use model::outcome::{Finding, Severity};
pub use pipeline::RoundInput;
pub use session::{Session, setup};
