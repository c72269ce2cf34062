//! `xuncha diverge`: reports compared with signals, over one round or several, with the group
//! leaders' record across them.

use std::path::PathBuf;

use xuncha::assess::divergence::leaders;
use xuncha::render::{self, divergence as view};

use super::args::OutFormat;
use super::output::Output;
use super::rounds::Loaded;
use super::settings::Pack;
use super::{CliError, Exit};

pub struct Settings {
    /// At least one (clap requires it).
    pub rounds: Vec<PathBuf>,
    pub output: Output,
    pub pack: Pack,
}

pub fn run(s: Settings) -> Result<Exit, CliError> {
    let mut results = Vec::new();
    // Each round is read with its own framework; the first round's pack configures the summary.
    let mut first = None;
    let notes = super::Notes::default();
    for dir in &s.rounds {
        let loaded = Loaded::new(dir, &s.pack, &notes)?;
        results.push(loaded.diverge(&notes)?.1);
        first.get_or_insert(loaded.setup);
    }
    let setup = first.ok_or_else(|| CliError::Usage("没有给出轮次目录".into()))?;
    let leaders = leaders(&results, &setup.engine.pack.config.divergence);
    let bytes = match s.output.format {
        OutFormat::Table => view::terminal(&results, &leaders).into_bytes(),
        OutFormat::Json => view::json(&results, &leaders, &setup.engine.pack).into_bytes(),
        OutFormat::Md => view::markdown(&results, &leaders).into_bytes(),
        OutFormat::Xlsx => render::xlsx::workbook(&view::sheets(&results, &leaders))?,
    };
    s.output.write(&bytes)?;
    Ok(Exit::after(results.iter().any(|d| d.rule_errors())))
}
