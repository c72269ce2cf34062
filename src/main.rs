//! The `xuncha` command: parses arguments into settings, runs the command, prints its error and
//! turns the outcome into the exit code (ARCHITECTURE.md, invariants). The commands are in [`cli`].

mod cli;

use std::process::ExitCode;

use cli::settings::{Command, Settings};
use cli::{CliError, Exit};

/// A round keeps thousands of reports and signals built on worker threads; mimalloc hands freed
/// memory back and allocates across threads faster than the system allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::args::parse(std::env::args_os()).and_then(Settings::new).and_then(run) {
        Ok(exit) => exit.into(),
        Err(CliError::Interrupted) => {
            eprintln!("{}", CliError::Interrupted);
            Exit::Interrupted.into()
        }
        Err(e) => {
            cli::report(&e);
            e.exit().into()
        }
    }
}

fn run(settings: Settings) -> Result<Exit, CliError> {
    if let Some(n) = settings.jobs {
        // Only fails if a pool exists already, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n).build_global();
    }
    match settings.command {
        Command::Check(s) => cli::check::run(s),
        Command::Score(s) => cli::score::run(s),
        Command::Diverge(s) => cli::diverge::run(s),
        Command::Evaluate(s) => cli::evaluate::run(s),
        Command::Ledger(s) => cli::ledger::run(s),
        Command::Archive(s) => cli::archive::run(s),
        Command::Pool(s) => cli::pool::run(s),
        Command::Round(s) => cli::round::run(s),
        Command::Serve(s) => cli::serve::run(s),
        Command::Init(s) => cli::init::run(s),
        Command::Rules(s) => cli::rules::run(s),
        Command::Help(path) => cli::args::print_help(&path).map(|()| Exit::Ok),
    }
}
