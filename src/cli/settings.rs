//! The command line validated once into what each command needs (as ripgrep turns low-level
//! arguments into high-level settings): formats and output files decided, colour and progress
//! resolved, flags that belong together paired. Commands never see clap's structs.

use std::io::IsTerminal;
use std::path::PathBuf;

use xuncha::engine::Setup;

use super::args::{
    ArchiveArgs, Cli, CommandArgs, HistoryArgs, LedgerCommand, OutputArgs, PackArgs, PoolArgs, RulesArgs,
};
use super::output::Output;
use super::{CliError, archive, check, diverge, evaluate, init, ledger, pool as pool_cmd, round, rules, score, serve};

/// What to run, and with how many threads.
pub struct Settings {
    /// `--jobs`; `None`: one thread per core.
    pub jobs: Option<usize>,
    pub command: Command,
}

pub enum Command {
    Check(check::Settings),
    Score(score::Settings),
    Diverge(diverge::Settings),
    Evaluate(evaluate::Settings),
    Ledger(ledger::Settings),
    Archive(archive::Settings),
    Pool(pool_cmd::Settings),
    Round(round::Settings),
    Serve(serve::Settings),
    Init(init::Settings),
    Rules(rules::Settings),
    /// `xuncha help 子命令…`
    Help(Vec<String>),
}

/// The rule pack and focus framework of a command that runs rules.
pub struct Pack {
    /// `--rules`; `None`: the embedded default pack.
    pub rules: Option<PathBuf>,
    /// `--framework`, which wins over round.toml's and the pack's.
    pub framework: Option<String>,
}

impl Pack {
    /// Compiles the pack; the framework is `--framework`, else `fallback` (a round's), else the
    /// pack's.
    pub fn setup(&self, fallback: Option<&str>) -> Result<Setup, CliError> {
        let framework = self.framework.as_deref().or(fallback);
        Ok(xuncha::setup(self.rules.as_deref(), framework)?)
    }
}

impl Settings {
    pub fn new(cli: Cli) -> Result<Self, CliError> {
        let mut jobs = cli.jobs;
        let db_before = cli.db.clone();
        let db = |d: super::args::DbArgs| archive::db_path(d.db.or_else(|| db_before.clone()));
        let mut pack = |p: PackArgs| {
            jobs = p.jobs.or(jobs);
            Pack { rules: p.rules, framework: p.framework }
        };
        let command = match cli.command {
            CommandArgs::Check(a) if a.unit.is_some() && a.signals.is_none() && a.round.is_none() => {
                return Err(CliError::Usage(
                    "--unit 要与 --signals（比对信访举报等）或 --round（对照反馈问题检查整改报告）一起使用".into(),
                ));
            }
            CommandArgs::Check(a) => Command::Check(check::Settings {
                files: a.files,
                format: a.format,
                pack: pack(a.pack),
                fail_on: a.fail_on.0,
                trace: a.trace,
                color: color(a.no_color),
                genre: a.genre,
                annotate: match a.annotate_dir {
                    Some(dir) => Some(check::Annotate { dir: Some(dir) }),
                    None => a.annotate.then_some(check::Annotate { dir: None }),
                },
                round: a.round.zip(a.unit.clone()),
                // clap requires --unit with --signals.
                signals: a.signals.zip(a.unit).map(|(dir, unit)| check::Signals {
                    dir,
                    unit,
                    top_leader: a.top_leader.unwrap_or_default(),
                }),
            }),
            CommandArgs::Score(a) => Command::Score(score::Settings {
                output: output(a.output, "评分表.xlsx")?,
                round: a.round,
                explain: a.explain,
                trace: a.trace,
                color: color(false),
                pack: pack(a.pack),
            }),
            CommandArgs::Diverge(a) => Command::Diverge(diverge::Settings {
                output: output(a.output, "偏离研判.xlsx")?,
                rounds: a.rounds,
                pack: pack(a.pack),
            }),
            CommandArgs::Evaluate(a) => Command::Evaluate(evaluate::Settings {
                output: output(a.output, "干部评估.xlsx")?,
                round: a.round,
                appraisals: a.appraisals,
                pack: pack(a.pack),
            }),
            CommandArgs::Ledger(a) => Command::Ledger(match (a.init, a.round) {
                (Some(LedgerCommand::Init { round, force, pack: p }), _) => {
                    ledger::Settings::Init { round, force, pack: pack(p) }
                }
                (Some(LedgerCommand::Letters { round, today, out, pack: p }), _) => {
                    ledger::Settings::Letters { round, today, out, pack: pack(p) }
                }
                (Some(LedgerCommand::Notice { round, today, output, pack: p }), _) => {
                    ledger::Settings::Notice { round, today, output, pack: pack(p) }
                }
                (None, Some(round)) => ledger::Settings::Show {
                    output: output(a.output, "整改台账汇总.xlsx")?,
                    round,
                    today: a.today,
                    pack: pack(a.pack),
                },
                (None, None) => {
                    return Err(CliError::Usage("请给出轮次目录，例如 xuncha ledger examples/round".into()));
                }
            }),
            CommandArgs::Archive(a) => Command::Archive(match a {
                ArchiveArgs::Add { round, today, quiet, db: d, pack: p } => archive::Settings::Add {
                    round,
                    today,
                    progress: !quiet && std::io::stderr().is_terminal(),
                    db: db(d),
                    pack: pack(p),
                },
                ArchiveArgs::List { db: d, output: o } => {
                    archive::Settings::List { db: db(d), output: output(o, "档案库轮次.xlsx")? }
                }
            }),
            CommandArgs::History(h) => Command::Archive(match h {
                HistoryArgs::Unit { name, db: d, output: o, pack: p } => {
                    archive::Settings::Unit { name, db: db(d), output: output(o, "单位历史.xlsx")?, pack: pack(p) }
                }
                HistoryArgs::Cadre { name, db: d, output: o } => {
                    archive::Settings::Cadre { name, db: db(d), output: output(o, "干部历史.xlsx")? }
                }
                HistoryArgs::Leader { name, db: d, output: o } => {
                    archive::Settings::Leader { name, db: db(d), output: output(o, "组长历史.xlsx")? }
                }
            }),
            CommandArgs::Pool(p) => Command::Pool(match p {
                PoolArgs::Import { file, db: d } => pool_cmd::Settings::Import { file, db: db(d) },
                PoolArgs::List { expertise, leader, db: d, output: o } => {
                    pool_cmd::Settings::List { expertise, leader, db: db(d), output: output(o, "人才库.xlsx")? }
                }
            }),
            CommandArgs::Progress(a) => Command::Pool(pool_cmd::Settings::Progress {
                round: a.round,
                today: a.today,
                output: output(a.output, "巡中调度.xlsx")?,
                pack: pack(a.pack),
            }),
            CommandArgs::Staff(a) => Command::Pool(pool_cmd::Settings::Staff {
                round: a.round,
                seed: a.seed,
                db: db(a.db),
                output: output(a.output, "组队建议.xlsx")?,
                pack: pack(a.pack),
            }),
            CommandArgs::Round(a) => Command::Round(round::Settings {
                db: a.db.or_else(|| cli.db.clone()),
                rounds: a.rounds,
                out: a.out,
                today: a.today,
                progress: !a.quiet && std::io::stderr().is_terminal(),
                pretty: a.pretty,
                pack: pack(a.pack),
            }),
            CommandArgs::Serve(a) => Command::Serve(serve::Settings {
                rounds: a.rounds,
                port: a.port,
                listen: a.listen,
                open: a.open,
                today: a.today,
                db: db(a.db),
                pack: pack(a.pack),
            }),
            CommandArgs::Init { dir } => Command::Init(init::Settings { dir }),
            CommandArgs::Rules(r) => Command::Rules(match r {
                RulesArgs::List { rules, format } => rules::Settings::List { rules, format },
                RulesArgs::Explain { id, rules } => rules::Settings::Explain { id, rules },
                RulesArgs::Init { dir } => rules::Settings::Init { dir },
                RulesArgs::Check { dir } => rules::Settings::Check { dir },
                RulesArgs::Test { dir, require_coverage } => rules::Settings::Test { dir, require_coverage },
            }),
            CommandArgs::Help { command } => Command::Help(command),
        };
        if cli.jobs.is_some() && matches!(command, Command::Init(_) | Command::Rules(_)) {
            return Err(CliError::Usage("--jobs 只用于 check、score、diverge、evaluate、round、ledger".into()));
        }
        Ok(Self { jobs, command })
    }
}

/// Colour on the terminal unless `--no-color` or `NO_COLOR` says otherwise.
fn color(no_color: bool) -> bool {
    !no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

fn output(a: OutputArgs, example: &str) -> Result<Output, CliError> {
    Output::new(a.format, a.output, example)
}
