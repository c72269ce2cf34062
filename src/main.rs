//! The `xuncha` command: parses arguments into settings, calls the library, prints.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use xuncha::engine::Setup;
use xuncha::model::outcome::Severity;
use xuncha::pipeline::{self, check_files};
use xuncha::render;
use xuncha::session::setup as new_setup;

/// A round keeps thousands of reports and signals built on worker threads; mimalloc hands freed
/// memory back and allocates across threads faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes (DESIGN.md §6).
const EXIT_FINDINGS: u8 = 1;
const EXIT_INPUT: u8 = 2;
const EXIT_RULES: u8 = 3;

#[derive(Parser)]
#[command(
    name = "xuncha",
    version,
    about = "巡察报告自查、评分、偏离研判与巡察干部评估",
    long_about = "xuncha（巡察）：县委巡察办和巡察组使用的规则检查与评价工具。\n\n\
        规则用 rhai 脚本编写，默认规则包已内置，无需任何配置即可使用。",
    after_help = "示例：\n  xuncha check 草稿.docx                 自查一份报告草稿\n  xuncha check 草稿.docx --format json   以 JSON 输出检查结果\n  xuncha rules list                      查看全部规则\n\n退出码：0 正常；1 有达到 --fail-on 级别的问题；2 用法或输入错误；3 规则出错。"
)]
struct Cli {
    /// 并行线程数（默认为处理器核数）
    #[arg(long, short, global = true, value_name = "N")]
    jobs: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 自查报告草稿：逐条指出问题所在位置和改正办法，并预估得分
    #[command(
        after_help = "示例：\n  xuncha check 草稿.docx\n  xuncha check reports/*.txt --fail-on 警告\n  xuncha check 草稿.docx --framework 四个聚焦 --format json"
    )]
    Check(CheckArgs),
    /// 为一轮巡察的全部报告评分、排名，合并评委现场评分（优秀巡察报告评选）
    #[command(
        after_help = "示例：\n  xuncha score examples/round\n  xuncha score examples/round --explain 河寨村党支部\n  xuncha score examples/round --format xlsx --output 评分表.xlsx\n\n目录中可选的 judges.csv/judges.xlsx（评委现场评分）和 waivers.toml（豁免）会自动读取，格式见 README。"
    )]
    Score(ScoreArgs),
    /// 偏离研判：比对报告与信访举报、领导掌握情况、社会舆论，找出漏报风险并按组长汇总
    #[command(
        after_help = "示例：\n  xuncha diverge examples/round\n  xuncha diverge 第一轮 第二轮 第三轮          跨轮次汇总组长研判\n  xuncha diverge examples/round --format xlsx --output 偏离研判.xlsx\n\n信号文件放在轮次目录的 signals/ 下：tipoffs.csv|xlsx（信访举报）、sentiment.csv|xlsx（舆情）、\nknown.toml|csv（领导掌握），表头说明见 README。举报人姓名、电话、身份证号只读入即丢弃，不会出现在任何输出中。"
    )]
    Diverge(DivergeArgs),
    /// 巡后评估：巡察干部作风纪律与履职评价，评定等次，确定优秀名额，生成鉴定材料
    #[command(
        after_help = "示例：\n  xuncha evaluate examples/round\n  xuncha evaluate examples/round --appraisals 鉴定材料\n  xuncha evaluate examples/round --format xlsx --output 干部评估.xlsx\n\n需要轮次目录中的 cadres.csv|xlsx|toml（巡察干部表）和可选的 conduct.csv|xlsx（作风纪律情况表），表头说明见 README。"
    )]
    Evaluate(EvaluateArgs),
    /// 一轮巡察的完整工作：评分、偏离研判、干部评估和统计，生成网页、工作簿、Markdown 和 JSON
    #[command(
        after_help = "示例：\n  xuncha round examples/round --out 结果\n  xuncha round 第一轮 第二轮 第三轮 --out 结果     多轮对比，显示趋势\n  xuncha round 历年巡察 --out 结果                 目录下的每个子目录是一轮\n\n输出：index.html（可离线打开、可打印）、round.xlsx、round.md、round.json。"
    )]
    Round(RoundArgs),
    /// 新建一轮巡察的目录模板（round.toml、reports/、signals/、评委和干部表）
    #[command(after_help = "示例：\n  xuncha init 2026年第四轮巡察\n\n不会覆盖已有文件。")]
    Init {
        /// 要创建的目录
        #[arg(value_name = "目录")]
        dir: PathBuf,
    },
    /// 规则包工具：列出、解释、测试、导出、校验规则
    #[command(subcommand)]
    Rules(RulesCommand),
}

#[derive(Subcommand)]
enum RulesCommand {
    /// 列出规则包中的全部规则
    List {
        /// 使用指定目录的规则包
        #[arg(long, value_name = "目录")]
        rules: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// 显示一条规则的说明（检查什么、为什么、示例、如何改正）、参数和所用词库
    Explain {
        /// 规则编号，如 report/top-leader
        #[arg(value_name = "规则编号")]
        id: String,
        #[arg(long, value_name = "目录")]
        rules: Option<PathBuf>,
    },
    /// 导出内置默认规则包，供本地修改（也可新建只含 pack.toml 的目录，写 extends = "default"）
    Init {
        /// 目标目录（须为新目录或空目录）
        #[arg(value_name = "目录")]
        dir: PathBuf,
    },
    /// 校验规则包：脚本语法、评分指标、词库领域、分值合计、测试用例
    Check {
        /// 规则包目录
        #[arg(value_name = "目录")]
        dir: PathBuf,
    },
    /// 运行规则包自带的测试用例（tests/ 目录）
    Test {
        /// 规则包目录；省略时测试内置默认规则包
        #[arg(value_name = "目录")]
        dir: Option<PathBuf>,
        /// 有规则缺少“触发”或“通过”用例时判为失败
        #[arg(long)]
        require_coverage: bool,
    },
}

/// The rule pack and focus framework, shared by every command that runs rules.
#[derive(clap::Args)]
struct PackArgs {
    /// 监督重点框架：三个聚焦（sange）、四个聚焦（sige）、四个落实（siluoshi）；默认取 round.toml 或规则包的设定
    #[arg(long, value_name = "框架")]
    framework: Option<String>,
    /// 使用指定目录的规则包，代替内置默认规则包
    #[arg(long, value_name = "目录")]
    rules: Option<PathBuf>,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// 报告文件（.docx、.txt、.md；文本文件支持 UTF-8 和 GBK 编码）
    #[arg(required = true, value_name = "文件")]
    files: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    #[command(flatten)]
    pack: PackArgs,
    /// 问题达到该级别时以退出码 1 结束：错误、警告、提示，或 never（从不）
    #[arg(long, value_name = "级别", default_value = "错误", value_parser = parse_fail_on)]
    fail_on: FailOn,
    /// 显示每条规则的结果、扣分、命中词和耗时
    #[arg(long)]
    trace: bool,
    /// 不使用彩色输出
    #[arg(long)]
    no_color: bool,
    /// 同时比对信访举报、舆情、领导掌握情况：信号文件所在目录（与轮次目录中的 signals/ 格式相同）
    #[arg(long, value_name = "目录", requires = "unit")]
    signals: Option<PathBuf>,
    /// 报告所针对的被巡察单位（与 --signals 一起使用）
    #[arg(long, value_name = "单位", requires = "signals")]
    unit: Option<String>,
    /// 该单位一把手的姓名（可选，用于识别反映一把手的举报）
    #[arg(long, value_name = "姓名")]
    top_leader: Option<String>,
}

#[derive(clap::Args)]
struct ScoreArgs {
    /// 本轮巡察目录（含 round.toml 和 reports/）
    #[arg(value_name = "目录")]
    round: PathBuf,
    /// 输出格式；xlsx 需要同时给出 --output
    #[arg(long, value_enum, default_value_t = OutFormat::Table)]
    format: OutFormat,
    /// 输出到文件（不给出时输出到屏幕）
    #[arg(long, short, value_name = "文件")]
    output: Option<PathBuf>,
    /// 显示某个单位报告的全部问题、评分明细和评委评分
    #[arg(long, value_name = "单位")]
    explain: Option<String>,
    /// 每条规则的结果、扣分、命中词和耗时（用于 --explain 和 JSON）
    #[arg(long)]
    trace: bool,
    #[command(flatten)]
    pack: PackArgs,
}

#[derive(clap::Args)]
struct DivergeArgs {
    /// 一个或多个轮次目录（多个时跨轮次汇总组长研判）
    #[arg(required = true, value_name = "目录")]
    rounds: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = OutFormat::Table)]
    format: OutFormat,
    /// 输出到文件（不给出时输出到屏幕）
    #[arg(long, short, value_name = "文件")]
    output: Option<PathBuf>,
    #[command(flatten)]
    pack: PackArgs,
}

#[derive(clap::Args)]
struct EvaluateArgs {
    /// 本轮巡察目录
    #[arg(value_name = "目录")]
    round: PathBuf,
    #[arg(long, value_enum, default_value_t = OutFormat::Table)]
    format: OutFormat,
    /// 输出到文件（不给出时输出到屏幕）
    #[arg(long, short, value_name = "文件")]
    output: Option<PathBuf>,
    /// 为每名抽调干部生成鉴定材料（Markdown），写入该目录
    #[arg(long, value_name = "目录")]
    appraisals: Option<PathBuf>,
    #[command(flatten)]
    pack: PackArgs,
}

#[derive(clap::Args)]
struct RoundArgs {
    /// 一个或多个轮次目录，或包含多个轮次目录的上级目录
    #[arg(required = true, value_name = "目录")]
    rounds: Vec<PathBuf>,
    /// 输出目录
    #[arg(long, value_name = "目录", default_value = "xuncha-结果")]
    out: PathBuf,
    /// 不显示进度
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    pack: PackArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutFormat {
    /// 终端表格（默认）
    Table,
    /// JSON
    Json,
    /// Markdown
    Md,
    /// Excel 工作簿（需 --output）
    Xlsx,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// 诊断信息和评分表（默认）
    Human,
    /// JSON（字段说明见 README）
    Json,
}

/// The lowest severity that makes the exit code 1; `None` never does.
#[derive(Clone, Copy)]
struct FailOn(Option<Severity>);

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    if matches!(s, "never" | "从不") {
        return Ok(FailOn(None));
    }
    Severity::parse(s)
        .map(|s| FailOn(Some(s)))
        .ok_or_else(|| format!("“{s}”不是有效级别，可选：错误、警告、提示、never"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(n) = cli.jobs {
        if n == 0 {
            return fail("--jobs 至少为 1", EXIT_INPUT);
        }
        // Only fails if a pool exists already, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n).build_global();
    }
    match cli.command {
        Command::Check(args) => check(args),
        Command::Score(args) => score(args),
        Command::Diverge(args) => diverge(args),
        Command::Evaluate(args) => evaluate(args),
        Command::Round(args) => round(args),
        Command::Init { dir } => init(&dir),
        Command::Rules(cmd) => rules(cmd),
    }
}

fn use_color(no_color: bool) -> bool {
    !no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

fn fail(msg: impl std::fmt::Display, code: u8) -> ExitCode {
    eprintln!("错误：{msg}");
    ExitCode::from(code)
}

fn check(args: CheckArgs) -> ExitCode {
    let setup = match new_setup(args.pack.rules.as_deref(), args.pack.framework.as_deref()) {
        Ok(s) => s,
        Err(e) => return fail(e, EXIT_INPUT),
    };
    let results = check_files(&setup, &args.files);
    let color = use_color(args.no_color);
    let mut evals = Vec::new();
    let mut input_errors = 0;
    for result in results {
        match result {
            Ok(e) => evals.push(e),
            Err(e) => {
                input_errors += 1;
                eprintln!("错误：{e}");
            }
        }
    }
    if let (Some(dir), Some(unit)) = (&args.signals, &args.unit) {
        let top = args.top_leader.as_deref().unwrap_or("");
        if let Err(e) = pipeline::add_divergence(&setup, &mut evals, dir, unit, top) {
            return fail(e, EXIT_INPUT);
        }
    }
    let pack = &setup.engine.pack;
    let framework = &setup.framework.1.name;
    let out = match args.format {
        Format::Json => render::json::check(pack, framework, &evals, args.trace),
        Format::Human => {
            // Laying out diagnostics costs about as much as the rules: done per report in parallel.
            use rayon::prelude::*;
            let reports: Vec<String> =
                evals.par_iter().map(|e| render::human::check_report(e, pack, framework, args.trace, color)).collect();
            reports.concat()
        }
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();

    let rule_errors = evals.iter().any(|e| e.run.errors().next().is_some());
    let over = |s: Severity| evals.iter().flat_map(|e| &e.run.findings).any(|f| f.waived.is_none() && f.severity >= s);
    if input_errors > 0 {
        ExitCode::from(EXIT_INPUT)
    } else if rule_errors {
        ExitCode::from(EXIT_RULES)
    } else if args.fail_on.0.is_some_and(over) {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

fn rules(cmd: RulesCommand) -> ExitCode {
    match cmd {
        RulesCommand::List { rules, format } => {
            let setup = match new_setup(rules.as_deref(), None) {
                Ok(s) => s,
                Err(e) => return fail(e, EXIT_INPUT),
            };
            let text = match format {
                Format::Human => render::rules::list(&setup.engine.pack),
                Format::Json => render::rules::list_json(&setup.engine.pack),
            };
            print!("{text}");
            ExitCode::SUCCESS
        }
        RulesCommand::Explain { id, rules } => {
            let setup = match new_setup(rules.as_deref(), None) {
                Ok(s) => s,
                Err(e) => return fail(e, EXIT_INPUT),
            };
            match render::rules::explain(&setup.engine.pack, &id) {
                Some(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                None => {
                    let ids = setup.engine.pack.rules.iter().map(|r| r.id.as_str());
                    fail(format!("没有编号为 {id} 的规则{}", xuncha::util::suggest::suggest(&id, ids)), EXIT_INPUT)
                }
            }
        }
        RulesCommand::Init { dir } => {
            if dir.exists() && std::fs::read_dir(&dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
                return fail(format!("{} 已存在且不是空目录，为免覆盖未作任何改动", dir.display()), EXIT_INPUT);
            }
            match export_pack(&xuncha::pack::PackFiles::embedded(), &dir) {
                Ok(files) => {
                    println!("已导出默认规则包到 {}（{} 个文件）", dir.display(), files.len());
                    println!(
                        "修改后用 xuncha rules check {0} 校验、xuncha rules test {0} 测试，使用时加 --rules {0}",
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(format!("{}：写入失败（{e}）", dir.display()), EXIT_INPUT),
            }
        }
        RulesCommand::Check { dir } => {
            let setup = match new_setup(Some(&dir), None) {
                Ok(s) => s,
                Err(e) => return fail(e, EXIT_INPUT),
            };
            let problems = xuncha::pack::lint(&setup.engine.pack);
            if let Err(e) = xuncha::ruletest::run(&setup) {
                return fail(e, EXIT_INPUT);
            }
            if problems.is_empty() {
                let p = &setup.engine.pack;
                println!(
                    "规则包 {} {} 校验通过：{} 条规则，{} 个词库领域，内容摘要 {}",
                    p.config.name,
                    p.config.version,
                    p.rules.len(),
                    p.areas.len(),
                    p.hash
                );
                ExitCode::SUCCESS
            } else {
                for p in &problems {
                    eprintln!("错误：{p}");
                }
                ExitCode::from(EXIT_INPUT)
            }
        }
        RulesCommand::Test { dir, require_coverage } => {
            let setup = match new_setup(dir.as_deref(), None) {
                Ok(s) => s,
                Err(e) => return fail(e, EXIT_INPUT),
            };
            let report = match xuncha::ruletest::run(&setup) {
                Ok(r) => r,
                Err(e) => return fail(e, EXIT_INPUT),
            };
            print!("{}", render::rules::test_report(&report));
            let uncovered = report.uncovered().next().is_some();
            if report.failed() > 0 || (require_coverage && uncovered) {
                ExitCode::from(EXIT_FINDINGS)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// Reads a round folder and compiles the pack for it (framework: flag, then round.toml, then pack).
fn load_round(dir: &std::path::Path, pack: &PackArgs) -> Result<(xuncha::model::round::Round, Setup), ExitCode> {
    let round = xuncha::model::round::Round::load(dir).map_err(|e| fail(e, EXIT_INPUT))?;
    let framework = pack.framework.as_deref().or(round.file.round.framework.as_deref());
    let setup = new_setup(pack.rules.as_deref(), framework).map_err(|e| fail(e, EXIT_INPUT))?;
    Ok((round, setup))
}

/// Writes `bytes` to `--output` atomically, or prints them.
fn emit(output: Option<&std::path::Path>, bytes: &[u8]) -> Result<(), String> {
    match output {
        Some(path) => {
            xuncha::util::fs::write_atomic(path, bytes).map_err(|e| format!("{}：写入失败（{e}）", path.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes).and_then(|_| out.flush()).map_err(|e| e.to_string())
        }
    }
}

fn score(args: ScoreArgs) -> ExitCode {
    if args.format == OutFormat::Xlsx && args.output.is_none() {
        return fail("xlsx 格式需要用 --output 指定文件，例如 --output 评分表.xlsx", EXIT_INPUT);
    }
    let (round, setup) = match load_round(&args.round, &args.pack) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let evals = match pipeline::evaluate_reports(&setup, &round, &|| {}) {
        Ok(e) => e,
        Err(e) => return fail(e, EXIT_INPUT),
    };
    let divergence = match pipeline::diverge_round(&setup, &round, &evals) {
        Ok(d) => d,
        Err(e) => return fail(e, EXIT_INPUT),
    };
    let mut scored = match pipeline::score_round(&setup, &round, evals) {
        Ok(s) => s,
        Err(e) => return fail(e, EXIT_INPUT),
    };
    scored.attach_divergence(&divergence, setup.engine.pack.config.divergence.flag_threshold);
    let pack = &setup.engine.pack;
    let rule_errors = scored.entries.iter().any(|e| e.eval.run.errors().next().is_some());
    if let Some(unit) = &args.explain {
        let Some(entry) = scored.entries.iter().find(|e| e.unit.name == *unit || e.unit.name.contains(unit.as_str()))
        else {
            let names = scored.entries.iter().map(|e| e.unit.name.as_str());
            return fail(format!("本轮没有单位“{unit}”{}", xuncha::util::suggest::suggest(unit, names)), EXIT_INPUT);
        };
        print!("{}", render::human::explain_entry(entry, pack, &scored.framework, args.trace, use_color(false)));
        return if rule_errors { ExitCode::from(EXIT_RULES) } else { ExitCode::SUCCESS };
    }
    let bytes = match args.format {
        OutFormat::Table => render::human::score_view(&scored, pack).into_bytes(),
        OutFormat::Json => render::json::score(&scored, pack, args.trace).into_bytes(),
        OutFormat::Md => render::markdown::score(&scored, pack).into_bytes(),
        OutFormat::Xlsx => match render::xlsx::score(&scored, pack) {
            Ok(b) => b,
            Err(e) => return fail(e, EXIT_INPUT),
        },
    };
    if let Err(e) = emit(args.output.as_deref(), &bytes) {
        return fail(e, EXIT_INPUT);
    }
    if let Some(path) = &args.output {
        eprintln!("已写入 {}", path.display());
    }
    if rule_errors { ExitCode::from(EXIT_RULES) } else { ExitCode::SUCCESS }
}

fn diverge(args: DivergeArgs) -> ExitCode {
    if args.format == OutFormat::Xlsx && args.output.is_none() {
        return fail("xlsx 格式需要用 --output 指定文件，例如 --output 偏离研判.xlsx", EXIT_INPUT);
    }
    let mut results = Vec::new();
    let mut pack = None;
    for dir in &args.rounds {
        let (round, setup) = match load_round(dir, &args.pack) {
            Ok(x) => x,
            Err(code) => return code,
        };
        let evals = match pipeline::evaluate_reports(&setup, &round, &|| {}) {
            Ok(e) => e,
            Err(e) => return fail(e, EXIT_INPUT),
        };
        match pipeline::diverge_round(&setup, &round, &evals) {
            Ok(d) => results.push(d),
            Err(e) => return fail(e, EXIT_INPUT),
        }
        pack.get_or_insert(setup);
    }
    let Some(setup) = pack else { return fail("没有给出轮次目录", EXIT_INPUT) };
    let cfg = &setup.engine.pack.config.divergence;
    let leaders = xuncha::assess::divergence::leaders(&results, cfg);
    let bytes = match args.format {
        OutFormat::Table => render::divergence::terminal(&results, &leaders).into_bytes(),
        OutFormat::Json => render::divergence::json(&results, &leaders, &setup.engine.pack).into_bytes(),
        OutFormat::Md => render::divergence::markdown(&results, &leaders).into_bytes(),
        OutFormat::Xlsx => match render::xlsx::workbook(&render::divergence::sheets(&results, &leaders)) {
            Ok(b) => b,
            Err(e) => return fail(e, EXIT_INPUT),
        },
    };
    if let Err(e) = emit(args.output.as_deref(), &bytes) {
        return fail(e, EXIT_INPUT);
    }
    if let Some(path) = &args.output {
        eprintln!("已写入 {}", path.display());
    }
    if results.iter().any(|d| d.rule_errors()) { ExitCode::from(EXIT_RULES) } else { ExitCode::SUCCESS }
}

fn evaluate(args: EvaluateArgs) -> ExitCode {
    if args.format == OutFormat::Xlsx && args.output.is_none() {
        return fail("xlsx 格式需要用 --output 指定文件，例如 --output 干部评估.xlsx", EXIT_INPUT);
    }
    let (round, setup) = match load_round(&args.round, &args.pack) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let Some(cfg) = setup.engine.pack.config.cadre.clone() else {
        return fail(xuncha::read::cadres::CadreError::NoConfig, EXIT_INPUT);
    };
    let dir = round.dir.display().to_string();
    // The whole round: group leaders answer for their reports' score and divergence.
    let result = match pipeline::run_round(&setup, round, &|| {}) {
        Ok(r) => r,
        Err(e) => return fail(e, EXIT_INPUT),
    };
    let Some(result) = result.cadres else {
        return fail(
            format!("{dir}：没有巡察干部表（cadres.csv、cadres.xlsx 或 cadres.toml），可用 xuncha init 生成模板"),
            EXIT_INPUT,
        );
    };
    if let Some(dir) = &args.appraisals {
        if let Err(e) = write_appraisals(dir, &result, &cfg) {
            return fail(e, EXIT_INPUT);
        }
    }
    let bytes = match args.format {
        OutFormat::Table => render::cadre::terminal(&result, &cfg).into_bytes(),
        OutFormat::Json => render::cadre::json(&result, &setup.engine.pack, &cfg).into_bytes(),
        OutFormat::Md => render::cadre::markdown(&result, &cfg).into_bytes(),
        OutFormat::Xlsx => match render::xlsx::workbook(&[render::cadre::sheet(&result, &cfg)]) {
            Ok(b) => b,
            Err(e) => return fail(e, EXIT_INPUT),
        },
    };
    if let Err(e) = emit(args.output.as_deref(), &bytes) {
        return fail(e, EXIT_INPUT);
    }
    if let Some(path) = &args.output {
        eprintln!("已写入 {}", path.display());
    }
    if result.rule_errors() { ExitCode::from(EXIT_RULES) } else { ExitCode::SUCCESS }
}

/// One Markdown appraisal per seconded cadre, named after the cadre.
fn write_appraisals(
    dir: &std::path::Path,
    e: &xuncha::assess::cadre::Evaluation,
    cfg: &xuncha::pack::CadreConfig,
) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|err| format!("{}：无法创建目录（{err}）", dir.display()))?;
    let mut n = 0;
    for r in e.results.iter().filter(|r| r.cadre.seconded) {
        let safe: String = r
            .cadre
            .name
            .chars()
            .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
            .collect();
        let path = dir.join(format!("{safe}-巡察干部鉴定.md"));
        xuncha::util::fs::write_atomic(&path, render::cadre::appraisal(r, e, cfg).as_bytes())
            .map_err(|err| format!("{}：写入失败（{err}）", path.display()))?;
        n += 1;
    }
    eprintln!("已在 {} 生成 {n} 份鉴定材料", dir.display());
    Ok(())
}

fn round(args: RoundArgs) -> ExitCode {
    let dirs = match pipeline::expand(&args.rounds) {
        Ok(d) => d,
        Err(e) => return fail(e, EXIT_INPUT),
    };
    if let Err(e) = check_out_dir(&args.out, &dirs) {
        return fail(e, EXIT_INPUT);
    }
    let mut rounds = Vec::new();
    for d in &dirs {
        match xuncha::model::round::Round::load(d) {
            Ok(r) => rounds.push(r),
            Err(e) => return fail(e, EXIT_INPUT),
        }
    }
    let framework = args.pack.framework.as_deref().or(rounds.first().and_then(|r| r.file.round.framework.as_deref()));
    let setup = match new_setup(args.pack.rules.as_deref(), framework) {
        Ok(s) => s,
        Err(e) => return fail(e, EXIT_INPUT),
    };
    let total: usize = rounds.iter().map(|r| r.file.units.len()).sum();
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let bar = indicatif::ProgressBar::new(total as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} 份报告（{elapsed}）")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    };
    let mut results = Vec::new();
    for r in rounds {
        bar.set_message(r.name().to_owned());
        match pipeline::run_round(&setup, r, &|| bar.inc(1)) {
            Ok(res) => results.push(res),
            Err(e) => {
                bar.abandon();
                return fail(e, EXIT_INPUT);
            }
        }
    }
    bar.finish_and_clear();
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        return fail(format!("{}：无法创建输出目录（{e}）", args.out.display()), EXIT_INPUT);
    }
    // round.json streams to its file beside the other three, which are made one after another so
    // only one large rendering is in memory at a time.
    let write_with = |name: &str, write: &dyn Fn(&mut dyn Write) -> std::io::Result<()>| -> Result<(), String> {
        let path = args.out.join(name);
        xuncha::util::fs::write_atomic_with(&path, write).map_err(|e| format!("{}：写入失败（{e}）", path.display()))
    };
    let write = |name: &str, bytes: &[u8]| write_with(name, &|w| w.write_all(bytes));
    let (json, others) = rayon::join(
        || write_with("round.json", &|w| render::round::write_json(&results, &setup, w)),
        || -> Result<(), String> {
            write("index.html", render::html::render(&render::round::page(&results, &setup)).as_bytes())?;
            write("round.xlsx", &render::round::xlsx(&results, &setup)?)?;
            write("round.md", render::round::markdown(&results, &setup).as_bytes())
        },
    );
    if let Err(e) = json.and(others) {
        return fail(e, EXIT_INPUT);
    }
    let mut out = std::io::stdout().lock();
    for r in &results {
        let e = &r.score.entries;
        let excellent = e.iter().filter(|x| x.grade == "优秀").count();
        let flagged = e.iter().filter(|x| !x.flags.is_empty()).count();
        let _ = writeln!(out, "{}：{} 份报告，优秀 {excellent} 份，需要关注 {flagged} 份", r.score.round, e.len());
    }
    let _ = writeln!(out, "已生成 {}/index.html、round.xlsx、round.md、round.json", args.out.display());
    let rule_errors = results.iter().any(|r| {
        r.score.entries.iter().any(|e| e.eval.run.errors().next().is_some())
            || r.divergence.rule_errors()
            || r.cadres.as_ref().is_some_and(|c| c.rule_errors())
    });
    // Freeing a large round piece by piece takes most of a second, and the process ends here.
    std::mem::forget(results);
    if rule_errors { ExitCode::from(EXIT_RULES) } else { ExitCode::SUCCESS }
}

fn init(dir: &std::path::Path) -> ExitCode {
    match xuncha::init::write(dir) {
        Ok(files) => {
            println!("已在 {} 创建本轮巡察目录模板：", dir.display());
            for f in files {
                println!("  {}", f.display());
            }
            println!("下一步：编辑 round.toml，把报告放入 reports/，再运行 xuncha round {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(e, EXIT_INPUT),
    }
}

/// Writes the files under `dir` (for `xuncha rules init`).
fn export_pack(pack: &xuncha::pack::PackFiles, dir: &std::path::Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (rel, content) in &pack.files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        xuncha::util::fs::write_atomic(&path, content.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// Refuses an output folder inside a round folder unless it is new (so that earlier outputs or
/// inputs are never overwritten there).
fn check_out_dir(out: &std::path::Path, rounds: &[PathBuf]) -> Result<(), String> {
    let abs = |p: &std::path::Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let o = abs(out);
    for r in rounds {
        let r = abs(r);
        if o == r {
            return Err(format!("输出目录 {} 就是轮次目录，请另选一个目录", out.display()));
        }
        if o.starts_with(&r) && out.exists() {
            return Err(format!(
                "输出目录 {} 位于轮次目录 {} 之内且已存在，为免覆盖输入，请指定一个新目录",
                out.display(),
                r.display()
            ));
        }
    }
    Ok(())
}
