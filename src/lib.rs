//! xuncha (巡察): a rules-based checklist and evaluation engine for county party inspection
//! offices. Library first: everything lives here; the binary only parses arguments and prints.
//!
//! Layers, data flowing one way (ARCHITECTURE.md): [`read`] (files and bytes) → [`model`] →
//! [`analysis`] → [`engine`] (rhai rules) → [`assess`] → [`render`]; [`session`] wires them.

pub mod analysis;
pub mod assess;
pub mod engine;
pub mod error;
pub mod model;
pub mod pack;
pub mod pipeline;
pub mod read;
pub mod render;
pub mod ruletest;
pub mod session;
pub mod util;

pub use error::Error;
pub use session::Session;
