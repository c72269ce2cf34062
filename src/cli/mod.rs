//! The command layer of the `xuncha` binary: clap arguments ([`args`]) are validated once into
//! [`settings`]; each command is a module with `run(settings) -> Result<Exit, CliError>`;
//! `main` prints the error and turns the result into the exit code.

pub mod archive;
pub mod args;
pub mod check;
pub mod diverge;
pub mod drafts;
pub mod evaluate;
pub mod init;
pub mod ledger;
pub mod output;
pub mod pool;
pub mod round;
pub mod rounds;
pub mod rules;
pub mod score;
pub mod serve;
pub mod settings;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xuncha::assess::report::ReportEvaluation;

/// How a command ended: the exit codes of DESIGN.md §6.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    /// Findings at or above `--fail-on` (check), or failed rule tests.
    Findings = 1,
    /// A usage or input error.
    Input = 2,
    /// A rule failed to run; the results were still printed.
    Rules = 3,
    /// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
    Interrupted = 130,
}

impl Exit {
    /// `Rules` if any rule failed to run, else `Ok`: how every command that prints results ends.
    pub fn after(rule_errors: bool) -> Self {
        if rule_errors { Exit::Rules } else { Exit::Ok }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// Whether a rule failed to run on any of these reports.
pub fn rule_errors<'a>(evals: impl IntoIterator<Item = &'a ReportEvaluation>) -> bool {
    evals.into_iter().any(|e| e.run.errors().next().is_some())
}

/// Why a command stopped. Every kind is the user's to fix: exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A bad command line: clap's errors, and combinations clap cannot see.
    #[error("{0}")]
    Usage(String),
    /// An unusable input file or folder.
    #[error(transparent)]
    Input(#[from] xuncha::Error),
    /// A file or folder that could not be written.
    #[error("{}：{doing}（{source}）", path.display())]
    Io { path: PathBuf, doing: &'static str, source: std::io::Error },
    /// Anything else the user asked for that is not there (a unit, a rule, a table).
    #[error("{0}")]
    Other(String),
    /// Ctrl-C: the run stopped and left the earlier outputs as they were.
    #[error("已中断：本次结果未写入，输出目录保持原样")]
    Interrupted,
}

impl CliError {
    /// For `map_err`: `doing` is what failed, e.g. 写入失败.
    pub fn io(path: &Path, doing: &'static str) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.to_path_buf();
        move |source| CliError::Io { path, doing, source }
    }

    pub fn exit(&self) -> Exit {
        match self {
            CliError::Usage(_) | CliError::Input(_) | CliError::Io { .. } | CliError::Other(_) => Exit::Input,
            CliError::Interrupted => Exit::Interrupted,
        }
    }
}

/// The library's own error kinds, for `?` without going through [`xuncha::Error`] by hand.
macro_rules! input_error_from {
    ($($kind:ty),*) => {$(
        impl From<$kind> for CliError {
            fn from(e: $kind) -> Self {
                CliError::Input(e.into())
            }
        }
    )*};
}
input_error_from!(xuncha::pack::PackError, xuncha::read::round::RoundError, xuncha::read::cadres::CadreError);

impl From<String> for CliError {
    fn from(s: String) -> Self {
        CliError::Other(s)
    }
}

/// The tables' notices of one command (columns ignored, rows skipped, values on a surprising
/// scale), printed on stderr when the command ends — also when it ends in an error, before the
/// error — so they never mix with an output on stdout (`--format json`).
#[derive(Default)]
pub struct Notes(xuncha::read::table::Notices);

impl std::ops::Deref for Notes {
    type Target = xuncha::read::table::Notices;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl Drop for Notes {
    fn drop(&mut self) {
        for n in self.0.take() {
            eprintln!("提示：{n}");
        }
    }
}

/// Prints an error as every command does.
pub fn report(e: impl std::fmt::Display) {
    eprintln!("错误：{e}");
}
