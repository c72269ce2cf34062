//! The pack and framework of a run, compiled once and shared by every report and command.

use std::sync::Arc;

use crate::engine::{Limits, RuleEngine};
use crate::pack::{Framework, Pack, PackError, PackFiles};

/// The pack and framework a run uses, compiled once.
pub struct Setup {
    pub engine: RuleEngine,
    pub framework: Arc<(String, Framework)>,
    /// The day the ledgers are judged on (`--today`); None: the clock, read only when a round
    /// has ledgers.
    pub today: Option<String>,
}

impl Setup {
    /// Compiles `files` (a pack folder read by [`crate::read::pack`], or the embedded default);
    /// `framework`: id or name, or the pack's default.
    pub fn new(files: PackFiles, framework: Option<&str>) -> Result<Self, PackError> {
        let pack = Pack::load(files)?;
        let key = framework.map(str::to_owned).unwrap_or_else(|| pack.config.framework.clone());
        let engine = RuleEngine::new(pack, &key, Limits::default())?;
        let framework = engine.framework(&key).ok_or_else(|| PackError::Invalid {
            file: "pack.toml".into(),
            detail: format!("没有名为“{key}”的监督重点框架"),
        })?;
        Ok(Self { engine, framework, today: None })
    }

    /// The day the ledgers are judged on: `--today`, or the clock.
    pub fn today(&self) -> String {
        self.today.clone().unwrap_or_else(crate::util::date::today)
    }
}
