//! The library surface for front ends (the command line, the browser workbench): a session
//! compiles a rule pack once, then checks drafts from files or uploaded bytes and runs rounds,
//! returning outcome data. Nothing here prints.
//!
//! ```no_run
//! let session = xuncha::Session::new(None, Some("三个聚焦")).unwrap();
//! let eval = session.check_bytes("草稿.txt", "一、基本情况\n……".as_bytes()).unwrap();
//! println!("{} 分", eval.score.total);
//! ```

use std::path::{Path, PathBuf};

use crate::analysis::UnitContext;
use crate::assess::report::{ReportEvaluation, evaluate_report};
use crate::assess::round::RoundResult;
use crate::engine::Setup;
use crate::error::Error;
use crate::model::round::Round;
use crate::pack::PackFiles;
use crate::pipeline::RoundInput;
use crate::read::report::InputError;
use crate::{pipeline, read, render};

/// A compiled rule pack and focus framework, ready for any number of documents and rounds.
pub struct Session {
    setup: Setup,
}

impl Session {
    /// `rules`: a pack folder, or `None` for the embedded default pack. `framework`: an id
    /// (`sange`) or name (`三个聚焦`), or `None` for the pack's default.
    pub fn new(rules: Option<&Path>, framework: Option<&str>) -> Result<Self, Error> {
        Ok(Self { setup: setup(rules, framework)? })
    }

    /// Judges ledgers on `today` (`YYYY-MM-DD`) instead of the clock's day.
    pub fn set_today(&mut self, today: Option<String>) {
        self.setup.today = today;
    }

    /// The compiled pack and framework, for renderers and tools.
    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    /// Checks one draft given as bytes; `name` (e.g. `草稿.docx`) names it in places and picks
    /// the format by its extension.
    pub fn check_bytes(&self, name: &str, bytes: &[u8]) -> Result<ReportEvaluation, InputError> {
        let ext = Path::new(name).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
        let doc = read::report::parse_report(name.to_owned(), &ext, bytes, &self.setup.engine.pack.config.structure)?;
        Ok(evaluate_report(&self.setup.engine, doc, UnitContext::default(), &self.setup.framework))
    }

    /// Exactly what `xuncha check --format json` prints for these evaluations.
    pub fn check_json(&self, evals: &[ReportEvaluation], trace: bool) -> String {
        render::json::check(&self.setup.engine.pack, &self.setup.framework.1.name, evals, &[], trace)
    }

    /// Checks draft files, in the order given; a file that could not be read is an error entry.
    pub fn check_files(&self, paths: &[PathBuf]) -> Vec<Result<ReportEvaluation, InputError>> {
        pipeline::check_files(&self.setup, paths, None, &UnitContext::default())
    }

    /// Runs a whole round folder: scores, divergence, cadre evaluation and statistics. What
    /// reading its tables noticed (columns ignored, rows skipped) goes to `notes`.
    pub fn run_round(
        &self,
        dir: &Path,
        on_report: &(dyn Fn() + Sync),
        notes: &crate::read::table::Notices,
    ) -> Result<RoundResult, Error> {
        pipeline::run_round(&self.setup, Round::load(dir, notes)?, on_report, notes)
    }

    /// Runs a round already in memory (reports parsed from uploads, tables read from bytes),
    /// exactly as [`Session::run_round`] runs a folder.
    pub fn run_input(&self, input: RoundInput) -> Result<RoundResult, Error> {
        pipeline::run_input(&self.setup, input)
    }
}

/// Compiles the pack at `rules` (or the embedded default) for `framework`: the [`Setup`] every
/// pipeline function takes (a [`Session`] holds one).
pub fn setup(rules: Option<&Path>, framework: Option<&str>) -> Result<Setup, Error> {
    let files = match rules {
        Some(dir) => read::pack::from_dir(dir)?,
        None => PackFiles::embedded(),
    };
    Ok(Setup::new(files, framework)?)
}
