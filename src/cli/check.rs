//! `xuncha check`: drafts checked one by one, diagnostics or JSON printed.

use std::io::Write;
use std::path::PathBuf;

use rayon::prelude::*;
use xuncha::model::outcome::Severity;
use xuncha::{pipeline, render};

use super::args::Format;
use super::settings::Pack;
use super::{CliError, Exit, report, rule_errors};

pub struct Settings {
    pub files: Vec<PathBuf>,
    pub format: Format,
    pub pack: Pack,
    /// The lowest severity that makes the exit code 1; `None`: never.
    pub fail_on: Option<Severity>,
    pub trace: bool,
    pub color: bool,
    pub signals: Option<Signals>,
}

/// `--signals`, `--unit`, `--top-leader`: signals to compare the drafts with.
pub struct Signals {
    pub dir: PathBuf,
    pub unit: String,
    pub top_leader: String,
}

pub fn run(s: Settings) -> Result<Exit, CliError> {
    let setup = s.pack.setup(None)?;
    // A file that cannot be read is reported and the others still checked.
    let mut evals = Vec::new();
    let mut input_errors = false;
    for result in pipeline::check_files(&setup, &s.files) {
        match result {
            Ok(e) => evals.push(e),
            Err(e) => {
                input_errors = true;
                report(e);
            }
        }
    }
    if let Some(sig) = &s.signals {
        pipeline::add_divergence(&setup, &mut evals, &sig.dir, &sig.unit, &sig.top_leader)?;
    }
    let pack = &setup.engine.pack;
    let framework = &setup.framework.1.name;
    let out = match s.format {
        Format::Json => render::json::check(pack, framework, &evals, s.trace),
        // Laying out diagnostics costs about as much as the rules: done per report in parallel.
        Format::Human => evals
            .par_iter()
            .map(|e| render::human::check_report(e, pack, framework, s.trace, s.color))
            .collect::<Vec<String>>()
            .concat(),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();

    let over =
        |min: Severity| evals.iter().flat_map(|e| &e.run.findings).any(|f| f.waived.is_none() && f.severity >= min);
    Ok(if input_errors {
        Exit::Input
    } else if rule_errors(&evals) {
        Exit::Rules
    } else if s.fail_on.is_some_and(over) {
        Exit::Findings
    } else {
        Exit::Ok
    })
}
