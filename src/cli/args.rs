//! The command line as clap sees it: the raw arguments, and the help text, entirely in Chinese.
//! Nothing here is checked beyond a value's form; [`super::settings`] validates the
//! combinations once and hands each command its settings.
//!
//! clap's English is replaced, not translated: every command gets [`TEMPLATE`] (no
//! `Usage:`), its own usage line (no `[OPTIONS]`), headings 参数/选项/子命令, and `-h/--help`
//! and `-V/--version` written here. Possible values and defaults are hidden from clap and stated
//! in each option's own help text, so an option with a value list or a default must say them.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Args, Command, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use super::CliError;

/// clap's default help layout with a Chinese usage heading.
const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

#[derive(Parser)]
#[command(
    name = "xuncha",
    version,
    about = "巡察报告自查、评分、偏离研判与巡察干部评估",
    long_about = "xuncha（巡察）：县委巡察办和巡察组使用的规则检查与评价工具。\n\n\
        规则用 rhai 脚本编写，默认规则包已内置，无需任何配置即可使用。",
    override_usage = "xuncha <子命令> [选项]",
    after_help = "示例：\n  xuncha check 草稿.docx                 自查一份报告草稿\n  xuncha check 草稿.docx --format json   以 JSON 输出检查结果\n  xuncha rules list                      查看全部规则\n  xuncha help score                      查看子命令的帮助\n\n退出码：0 正常；1 有达到 --fail-on 级别的问题；2 用法或输入错误；3 规则出错。"
)]
pub struct Cli {
    // Still accepted before the command (`xuncha --jobs 2 round …`), as when it was global;
    // shown only on the commands that run rules over files.
    #[arg(long, short, value_name = "N", hide = true, value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    // Also accepted before the command (`xuncha --db 档案.db history unit …`).
    #[arg(long, value_name = "文件", hide = true)]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: CommandArgs,
}

#[derive(Subcommand)]
pub enum CommandArgs {
    /// 自查报告草稿：逐条指出问题所在位置和改正办法，并预估得分
    #[command(
        override_usage = "xuncha check <文件>... [选项]",
        after_help = "示例：\n  xuncha check 草稿.docx\n  xuncha check reports/*.txt --fail-on 警告\n  xuncha check 草稿.docx --framework 四个聚焦 --format json\n  xuncha check 草稿.docx --annotate\n  xuncha check 整改报告.docx --round examples/round --unit 县水利局党组"
    )]
    Check(CheckArgs),
    /// 为一轮巡察的全部报告评分、排名，合并评委现场评分（优秀巡察报告评选）
    #[command(
        override_usage = "xuncha score <目录> [选项]",
        after_help = "示例：\n  xuncha score examples/round\n  xuncha score examples/round --explain 河寨村党支部\n  xuncha score examples/round --output 评分表.xlsx\n\n目录中可选的 judges.csv/judges.xlsx（评委现场评分）和 waivers.toml（豁免）会自动读取，格式见 README。"
    )]
    Score(ScoreArgs),
    /// 偏离研判：比对报告与信访举报、领导掌握情况、社会舆论，找出漏报风险并按组长汇总
    #[command(
        override_usage = "xuncha diverge <目录>... [选项]",
        after_help = "示例：\n  xuncha diverge examples/round\n  xuncha diverge 第一轮 第二轮 第三轮          跨轮次汇总组长研判\n  xuncha diverge examples/round --output 偏离研判.xlsx\n\n信号文件放在轮次目录的 signals/ 下：tipoffs.csv|xlsx（信访举报）、sentiment.csv|xlsx（舆情）、\nknown.toml|csv（领导掌握），表头说明见 README。举报人姓名、电话、身份证号只读入即丢弃，不会出现在任何输出中。"
    )]
    Diverge(DivergeArgs),
    /// 巡后评估：巡察干部作风纪律与履职评价，评定等次，确定优秀名额，生成鉴定材料
    #[command(
        override_usage = "xuncha evaluate <目录> [选项]",
        after_help = "示例：\n  xuncha evaluate examples/round\n  xuncha evaluate examples/round --appraisals 鉴定材料\n  xuncha evaluate examples/round --output 干部评估.xlsx\n\n需要轮次目录中的 cadres.csv|xlsx|toml（巡察干部表）和可选的 conduct.csv|xlsx（作风纪律情况表），表头说明见 README。"
    )]
    Evaluate(EvaluateArgs),
    /// 一轮巡察的完整工作：评分、偏离研判、干部评估和统计，生成网页、工作簿、Markdown 和 JSON
    #[command(
        override_usage = "xuncha round <目录>... [选项]",
        after_help = "示例：\n  xuncha round examples/round --out 结果\n  xuncha round 第一轮 第二轮 第三轮 --out 结果     多轮对比，显示趋势\n  xuncha round 历年巡察 --out 结果                 目录下的每个子目录是一轮\n\n输出：index.html（可离线打开、可打印）、round.xlsx、round.md、round.json。"
    )]
    Round(RoundArgs),
    /// 巡后整改与问题线索：整改台账的销号、逾期和红黄绿灯，线索台账的反馈期限，各单位红黄牌，共性问题
    #[command(
        override_usage = "xuncha ledger <目录> [选项]\n       xuncha ledger init <目录> [--force]\n       xuncha ledger letters <目录> [--today 日期] [--out 目录]\n       xuncha ledger notice <目录> [--today 日期] [--output 文件]",
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        after_help = "示例：\n  xuncha ledger examples/round\n  xuncha ledger examples/round --today 2026-12-15\n  xuncha ledger examples/round --output 整改台账汇总.xlsx\n  xuncha ledger init 2026年第四轮巡察          按各单位报告的问题生成整改台账.xlsx，交各单位填写\n  xuncha ledger letters examples/round        给有逾期、整改不实问题的单位各生成一份督办函（.docx）\n  xuncha ledger notice examples/round         生成整改进展情况通报（草稿，.docx）\n\n轮次目录中的台账：整改台账.xlsx|csv（或 rectification.csv）、线索台账.xlsx|csv（或 clues.csv），列名说明见 README。\n判断规则在 rules/ledger/：已销号 > 整改不实 > 逾期 > 整改中；距整改时限 20 天内绿灯、10 天内黄灯、逾期或整改不实红灯；\n线索移交后 3 个月内应反馈；整改情况报告在反馈后 2 个月内报送（round.toml 的 [round] feedback）。"
    )]
    Ledger(LedgerArgs),
    /// 巡察档案库：把办结的一轮巡察存入档案库（SQLite 文件），列出已存的轮次
    #[command(
        subcommand,
        override_usage = "xuncha archive add <目录> [选项]\n       xuncha archive list [选项]",
        after_help = "示例：\n  xuncha archive add examples/round-2024-1 --today 2024-11-30\n  xuncha archive add examples/round --today 2026-12-20\n  xuncha archive list\n\n档案库默认是当前目录下的 巡察档案.db，可用 --db 文件 或环境变量 XUNCHA_DB 指定。\n同名轮次再次存入时替换旧记录。不保存任何举报人信息。"
    )]
    Archive(ArchiveArgs),
    /// 历史查询：一个单位、一名巡察干部、一位组长历轮的情况（按巡察开始日期排序）
    #[command(
        subcommand,
        override_usage = "xuncha history unit|cadre|leader <名称> [选项]",
        after_help = "示例：\n  xuncha history unit 县水利局党组          历轮问题、整改销号、整改后又出现的问题（回头看线索）\n  xuncha history cadre 王某                 历轮参加巡察的组别、分数和等次\n  xuncha history leader 徐某某 --format json  历轮所带巡察组的偏离度和漏报\n\n先用 xuncha archive add 把各轮存入档案库。"
    )]
    History(HistoryArgs),
    /// 巡察人才库：导入、查看可抽调的巡察干部（专长、回避所需的工作单位和亲属任职）
    #[command(
        subcommand,
        override_usage = "xuncha pool import <文件> [--db 文件]\n       xuncha pool list [选项]",
        after_help = "示例：\n  xuncha pool import 巡察人才库.xlsx\n  xuncha pool list --expertise 财务\n  xuncha pool list --leader --format json\n\n人才库表的列：姓名、单位（必填）；职务、政治面貌、专长（财务、审计、纪检、组织、法律、信访…，多个用顿号隔开）、入库时间、\n培训记录、近3年工作单位、工作履历（单位:年数）、亲属任职（单位:关系，多个用分号隔开）、组长人选（是/否），说明见 README。"
    )]
    Pool(PoolArgs),
    /// 组队：从人才库为本轮各巡察组抽选组长和组员，执行回避规则，每条回避都说明原因
    #[command(
        override_usage = "xuncha staff <目录> [--seed N] [选项]",
        after_help = "示例：\n  xuncha staff 2027年第一轮巡察 --seed 20270301\n  xuncha staff 2027年第一轮巡察 --seed 20270301 --output 组队建议.xlsx\n\n目录中的 round.toml 只需登记巡察组的名称和各被巡察单位所属的巡察组（示例：examples/plan-2027-1）。\n回避规则在 rules/staff/：现工作单位和近3年工作单位、亲属任职、组长曾累计工作超过3年的单位、连续两轮巡察同一单位、\n上一轮评估不称职。同一种子得到同一结果；不给 --seed 时随机取一个并显示出来。"
    )]
    Staff(StaffArgs),
    /// 巡中调度：各巡察组报送的进度与按时间折算的应完成量比对，提示滞后的组
    #[command(
        override_usage = "xuncha progress <目录> [--today 日期] [选项]",
        after_help = "示例：\n  xuncha progress examples/plan-2027-1 --today 2027-03-26\n  xuncha progress examples/plan-2027-1 --today 2027-03-26 --format json\n\n轮次目录中的 progress.csv|xlsx：巡察组、日期、个别谈话人次、走访人次、调阅资料份数、受理信访件数、发现问题数、移交线索数（累计数），\n可选 调度会汇报人。round.toml 的 [round] 需写明巡察开始和结束日期。一轮应完成的工作量在 pack.toml 的 [progress] 中，\n提示规则在 rules/progress/：不到折算量一半的进度滞后、过了四成时间仍未发现问题、超过 7 天未报送。"
    )]
    Progress(ProgressArgs),
    /// 巡察工作台：在本机浏览器里草稿自查、看一轮的排名和偏离对照、评委现场评分、更新整改台账、查档案
    #[command(
        override_usage = "xuncha serve [目录]... [选项]",
        after_help = "示例：\n  xuncha serve examples/round --open\n  xuncha serve 2026年第三轮巡察 --port 8080 --db 巡察档案.db\n  xuncha serve 2026年第三轮巡察 --listen 192.168.1.20     会议室内评委用手机评分（需输入访问码）\n\n默认只在本机（127.0.0.1）打开，其他电脑和手机无法访问；--listen 时启动后显示访问码。\n工作台只在用户点“保存”时写文件（评委评分表 judges.csv、整改台账），原文件先备份到轮次目录的 备份/。\n按 Ctrl+C 结束。"
    )]
    Serve(ServeArgs),
    /// 新建一轮巡察的目录模板（round.toml、reports/、signals/、评委和干部表）
    #[command(
        override_usage = "xuncha init <目录>",
        after_help = "示例：\n  xuncha init 2026年第四轮巡察\n\n不会覆盖已有文件。"
    )]
    Init {
        /// 要创建的目录
        #[arg(value_name = "目录")]
        dir: PathBuf,
    },
    /// 规则包工具：列出、解释、测试、导出、校验规则
    #[command(subcommand, override_usage = "xuncha rules <子命令> [选项]")]
    Rules(RulesArgs),
    /// 显示帮助；xuncha help 子命令 与 xuncha 子命令 --help 相同
    #[command(override_usage = "xuncha help [子命令]...")]
    Help {
        /// 子命令，如 score 或 rules list
        #[arg(value_name = "子命令")]
        command: Vec<String>,
    },
}

#[derive(Subcommand)]
pub enum RulesArgs {
    /// 列出规则包中的全部规则
    #[command(override_usage = "xuncha rules list [选项]")]
    List {
        #[arg(long, value_name = "目录")]
        /// 使用指定目录的规则包
        rules: Option<PathBuf>,
        /// 输出格式（可选值：human 规则列表、json；默认值：human）
        #[arg(long, value_enum, value_name = "格式", default_value_t = Format::Human)]
        format: Format,
    },
    /// 显示一条规则的说明（检查什么、为什么、示例、如何改正）、参数和所用词库
    #[command(override_usage = "xuncha rules explain <规则编号> [选项]")]
    Explain {
        /// 规则编号，如 report/top-leader
        #[arg(value_name = "规则编号")]
        id: String,
        /// 使用指定目录的规则包
        #[arg(long, value_name = "目录")]
        rules: Option<PathBuf>,
    },
    /// 导出内置默认规则包，供本地修改（也可新建只含 pack.toml 的目录，写 extends = "default"）
    #[command(override_usage = "xuncha rules init <目录>")]
    Init {
        /// 目标目录（须为新目录或空目录）
        #[arg(value_name = "目录")]
        dir: PathBuf,
    },
    /// 校验规则包：脚本语法、评分指标、词库领域、分值合计、测试用例
    #[command(override_usage = "xuncha rules check <目录>")]
    Check {
        /// 规则包目录
        #[arg(value_name = "目录")]
        dir: PathBuf,
    },
    /// 运行规则包自带的测试用例（tests/ 目录）
    #[command(override_usage = "xuncha rules test [目录] [选项]")]
    Test {
        /// 规则包目录；省略时测试内置默认规则包
        #[arg(value_name = "目录")]
        dir: Option<PathBuf>,
        /// 有规则缺少“触发”或“通过”用例时判为失败
        #[arg(long)]
        require_coverage: bool,
    },
}

/// The rule pack, focus framework and thread count: every command that runs rules over files.
#[derive(Args)]
pub struct PackArgs {
    /// 监督重点框架：三个聚焦（sange）、四个聚焦（sige）、四个落实（siluoshi）；默认取 round.toml 或规则包的设定
    #[arg(long, value_name = "框架")]
    pub framework: Option<String>,
    /// 使用指定目录的规则包，代替内置默认规则包
    #[arg(long, value_name = "目录")]
    pub rules: Option<PathBuf>,
    /// 并行线程数（默认为处理器核数）
    #[arg(long, short, value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,
}

/// `--format` and `--output` of the commands that can write a table, JSON, Markdown or a workbook.
#[derive(Args)]
pub struct OutputArgs {
    /// 输出格式（可选值：table 终端表格、json、md、xlsx；默认值：按 --output 的扩展名 .json、.md、.xlsx 选定，否则为 table）；xlsx 需要 --output
    #[arg(long, value_enum, value_name = "格式")]
    pub format: Option<OutFormat>,
    /// 输出到文件（不给出时输出到屏幕）；扩展名须与 --format 一致
    #[arg(long, short, value_name = "文件")]
    pub output: Option<PathBuf>,
}

#[derive(Args)]
pub struct CheckArgs {
    /// 报告文件或目录（.docx、.txt、.md；目录中的报告逐一检查；*.docx 这样的通配符也可以；文本文件支持 UTF-8 和 GBK 编码）
    #[arg(required = true, value_name = "文件")]
    pub files: Vec<PathBuf>,
    /// 输出格式（可选值：human 诊断信息和评分表、json 字段说明见 README；默认值：human）
    #[arg(long, value_enum, value_name = "格式", default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub pack: PackArgs,
    /// 问题达到该级别时以退出码 1 结束（可选值：错误、警告、提示，或 never 从不；默认值：错误）
    #[arg(long, value_name = "级别", default_value = "错误", value_parser = parse_fail_on)]
    pub fail_on: FailOn,
    /// 显示每条规则的结果、扣分、命中词和耗时
    #[arg(long)]
    pub trace: bool,
    /// 不使用彩色输出
    #[arg(long)]
    pub no_color: bool,
    /// 同时比对信访举报、舆情、领导掌握情况：信号文件所在目录（与轮次目录中的 signals/ 格式相同）
    #[arg(long, value_name = "目录", requires = "unit")]
    pub signals: Option<PathBuf>,
    /// 报告所针对的被巡察单位（与 --signals 或 --round 一起使用）
    #[arg(long, value_name = "单位")]
    pub unit: Option<String>,
    /// 该单位所在的轮次目录：检查整改情况报告时，逐条对照反馈给该单位的问题（整改台账，没有台账时用巡察报告的问题）
    #[arg(long, value_name = "目录", requires = "unit")]
    pub round: Option<PathBuf>,
    /// 该单位一把手的姓名（可选，用于识别反映一把手的举报）
    #[arg(long, value_name = "姓名")]
    pub top_leader: Option<String>,
    /// 另存批注版：每个问题作为批注标在所在段落，得分摘要批注在标题上，存为“原名（自查批注）.docx”，放在草稿旁边（只支持 .docx，原文件不改动）
    #[arg(long)]
    pub annotate: bool,
    /// 批注版存入该目录（同时开启 --annotate）
    #[arg(long, value_name = "目录")]
    pub annotate_dir: Option<PathBuf>,
    /// 文种：巡察报告、反馈通报、整改报告、工作动态（默认从正文判断）；不同文种适用的规则不同，工作动态不评分
    #[arg(long, value_name = "文种", value_parser = parse_genre)]
    pub genre: Option<xuncha::analysis::genre::Genre>,
}

#[derive(Args)]
pub struct ScoreArgs {
    /// 本轮巡察目录（含 round.toml 和 reports/）
    #[arg(value_name = "目录")]
    pub round: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
    /// 显示某个单位报告的全部问题、评分明细和评委评分
    #[arg(long, value_name = "单位")]
    pub explain: Option<String>,
    /// 每条规则的结果、扣分、命中词和耗时（用于 --explain 和 JSON）
    #[arg(long)]
    pub trace: bool,
    #[command(flatten)]
    pub pack: PackArgs,
}

#[derive(Args)]
pub struct DivergeArgs {
    /// 一个或多个轮次目录（多个时跨轮次汇总组长研判）
    #[arg(required = true, value_name = "目录")]
    pub rounds: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub pack: PackArgs,
}

#[derive(Args)]
pub struct EvaluateArgs {
    /// 本轮巡察目录
    #[arg(value_name = "目录")]
    pub round: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
    /// 为每名抽调干部生成一份鉴定材料（Word 文件，可存入干部档案），写入该目录
    #[arg(long, value_name = "目录")]
    pub appraisals: Option<PathBuf>,
    #[command(flatten)]
    pub pack: PackArgs,
}

#[derive(Args)]
pub struct LedgerArgs {
    #[command(subcommand)]
    pub init: Option<LedgerCommand>,
    /// 本轮巡察目录（含 round.toml 和台账）
    #[arg(value_name = "目录", required = true)]
    pub round: Option<PathBuf>,
    /// 统计日期，如 2026-12-15（默认值：今天）；亮灯、逾期都按这一天计算
    #[arg(long, value_name = "日期", value_parser = parse_day)]
    pub today: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub pack: PackArgs,
}

/// The archive file: `--db`, else `XUNCHA_DB`, else 巡察档案.db here.
#[derive(Args, Clone)]
pub struct DbArgs {
    /// 巡察档案库文件（默认值：环境变量 XUNCHA_DB，否则当前目录下的 巡察档案.db）
    #[arg(long, value_name = "文件")]
    pub db: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum ArchiveArgs {
    /// 把一轮巡察（报告评分和问题、偏离研判、干部评估、整改和线索台账）存入档案库；同名轮次替换
    #[command(override_usage = "xuncha archive add <目录> [--today 日期] [--db 文件]")]
    Add {
        /// 本轮巡察目录
        #[arg(value_name = "目录")]
        round: PathBuf,
        /// 台账的统计日期，如 2026-12-20（默认值：今天）
        #[arg(long, value_name = "日期", value_parser = parse_day)]
        today: Option<String>,
        /// 不显示进度
        #[arg(long, short)]
        quiet: bool,
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// 列出档案库中的轮次（按开始日期）
    #[command(override_usage = "xuncha archive list [--db 文件] [--format 格式]")]
    List {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Subcommand)]
pub enum PoolArgs {
    /// 导入人才库表（.xlsx 或 .csv）：按姓名和单位新增或更新
    #[command(override_usage = "xuncha pool import <文件> [--db 文件]")]
    Import {
        /// 人才库表
        #[arg(value_name = "文件")]
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// 列出人才库，附每人参加巡察的轮数和最近一轮的等次
    #[command(override_usage = "xuncha pool list [--expertise 专长] [--leader] [选项]")]
    List {
        /// 只列出有此专长的，如 财务
        #[arg(long, value_name = "专长")]
        expertise: Option<String>,
        /// 只列出组长人选
        #[arg(long)]
        leader: bool,
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Args)]
pub struct ProgressArgs {
    /// 本轮巡察目录（round.toml 和 progress.csv|xlsx）
    #[arg(value_name = "目录")]
    pub round: PathBuf,
    /// 统计日期，如 2027-03-26（默认值：今天）
    #[arg(long, value_name = "日期", value_parser = parse_day)]
    pub today: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub pack: PackArgs,
}

#[derive(Args)]
pub struct ServeArgs {
    /// 要打开的轮次目录（可多个，或包含多个轮次目录的上级目录）；不给时只提供草稿自查和档案
    #[arg(value_name = "目录")]
    pub rounds: Vec<PathBuf>,
    /// 端口（默认值：自动选一个空闲端口）
    #[arg(long, value_name = "端口")]
    pub port: Option<u16>,
    /// 在会议室网络上开放（本机在该网络上的地址，如 192.168.1.20）；其他设备需输入启动时显示的访问码
    #[arg(long, value_name = "地址")]
    pub listen: Option<std::net::IpAddr>,
    /// 启动后用默认浏览器打开
    #[arg(long)]
    pub open: bool,
    /// 整改台账、线索台账的统计日期，如 2026-12-15（默认值：今天）
    #[arg(long, value_name = "日期", value_parser = parse_day)]
    pub today: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub pack: PackArgs,
}

#[derive(Args)]
pub struct StaffArgs {
    /// 本轮巡察目录（round.toml 中登记了巡察组和被巡察单位）
    #[arg(value_name = "目录")]
    pub round: PathBuf,
    /// 抽签种子（整数）；同一种子得到同一组队结果（默认值：随机，并显示出来）
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub pack: PackArgs,
}

#[derive(Subcommand)]
pub enum HistoryArgs {
    /// 一个单位历轮的情况：报告得分、问题、整改销号、偏离，以及已销号后又出现的问题（回头看）
    #[command(override_usage = "xuncha history unit <单位> [选项]")]
    Unit {
        /// 被巡察单位名称，与 round.toml 中一致
        #[arg(value_name = "单位")]
        name: String,
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// 一名巡察干部历轮的组别、角色、得分和等次
    #[command(override_usage = "xuncha history cadre <姓名> [选项]")]
    Cadre {
        /// 巡察干部姓名
        #[arg(value_name = "姓名")]
        name: String,
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// 一位组长历轮所带的组、被巡察单位、偏离度和漏报的信号
    #[command(override_usage = "xuncha history leader <组长> [选项]")]
    Leader {
        /// 组长姓名
        #[arg(value_name = "组长")]
        name: String,
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Subcommand)]
pub enum LedgerCommand {
    /// 按各单位报告的问题条目生成整改台账.xlsx（问题编号取报告中的底稿编号），交被巡察单位填写
    #[command(override_usage = "xuncha ledger init <目录> [--force]")]
    Init {
        /// 本轮巡察目录
        #[arg(value_name = "目录")]
        round: PathBuf,
        /// 覆盖已有的整改台账（默认不覆盖）
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// 督办函：给有逾期、整改不实问题的单位各写一份 Word 文件（文号留空，供修改后印发）
    #[command(
        override_usage = "xuncha ledger letters <目录> [--today 日期] [--out 目录]",
        after_help = "示例：\n  xuncha ledger letters examples/round --today 2026-12-20\n  xuncha ledger letters examples/round --out 督办函\n\n落款和答复期限在规则包 pack.toml 的 [ledger] 中设定（默认：县委巡察办，10 天内答复）。"
    )]
    Letters {
        /// 本轮巡察目录
        #[arg(value_name = "目录")]
        round: PathBuf,
        /// 统计日期，如 2026-12-20（默认值：今天）
        #[arg(long, value_name = "日期", value_parser = parse_day)]
        today: Option<String>,
        /// 督办函写入的目录（默认值：督办函）
        #[arg(long, value_name = "目录", default_value = "督办函")]
        out: PathBuf,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// 整改进展情况通报（草稿）：总体情况、各单位进展表、存在问题、共性问题交办，Word 文件
    #[command(
        override_usage = "xuncha ledger notice <目录> [--today 日期] [--output 文件]",
        after_help = "示例：\n  xuncha ledger notice examples/round --today 2026-12-20\n  xuncha ledger notice examples/round --output 第三轮整改进展通报.docx"
    )]
    Notice {
        /// 本轮巡察目录
        #[arg(value_name = "目录")]
        round: PathBuf,
        /// 统计日期，如 2026-12-20（默认值：今天）
        #[arg(long, value_name = "日期", value_parser = parse_day)]
        today: Option<String>,
        /// 写入的文件（默认值：整改进展情况通报.docx）
        #[arg(long, short, value_name = "文件", default_value = "整改进展情况通报.docx")]
        output: PathBuf,
        #[command(flatten)]
        pack: PackArgs,
    },
}

#[derive(Args)]
pub struct RoundArgs {
    /// 一个或多个轮次目录，或包含多个轮次目录的上级目录
    #[arg(required = true, value_name = "目录")]
    pub rounds: Vec<PathBuf>,
    /// 输出目录（默认值：xuncha-结果）
    #[arg(long, value_name = "目录", default_value = "xuncha-结果")]
    pub out: PathBuf,
    /// 不显示进度
    #[arg(long, short)]
    pub quiet: bool,
    /// 整改台账、线索台账的统计日期，如 2026-12-15（默认值：今天）
    #[arg(long, value_name = "日期", value_parser = parse_day)]
    pub today: Option<String>,
    /// 巡察档案库文件：给出时，趋势和多轮参加巡察的干部也包括档案库中的往轮（按开始日期排序）
    #[arg(long, value_name = "文件")]
    pub db: Option<PathBuf>,
    /// round.json 分行缩进，便于人工查看（默认紧凑排列，文件小得多）
    #[arg(long)]
    pub pretty: bool,
    #[command(flatten)]
    pub pack: PackArgs,
}

/// What `score`, `diverge` and `evaluate` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    Table,
    Json,
    Md,
    Xlsx,
}

/// What `check` and `rules list` can print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// `--fail-on`: the lowest severity that makes the exit code 1; `None` never does.
#[derive(Clone, Copy)]
pub struct FailOn(pub Option<xuncha::model::outcome::Severity>);

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    if matches!(s, "never" | "从不") {
        return Ok(FailOn(None));
    }
    xuncha::model::outcome::Severity::parse(s)
        .map(|s| FailOn(Some(s)))
        .ok_or_else(|| format!("“{s}”不是有效级别，可选：错误、警告、提示、never"))
}

fn parse_genre(s: &str) -> Result<xuncha::analysis::genre::Genre, String> {
    xuncha::analysis::genre::Genre::parse(s)
        .ok_or_else(|| format!("“{s}”不是可识别的文种，可选：巡察报告、反馈通报、整改报告、工作动态"))
}

fn parse_day(s: &str) -> Result<String, String> {
    xuncha::util::date::parse_date(s).ok_or_else(|| format!("“{s}”不是日期，请写作 2026-12-15"))
}

fn parse_jobs(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("--jobs 至少为 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("--jobs 须为正整数，“{s}”不是")),
    }
}

/// The whole command tree, with the Chinese help.
pub fn command() -> Command {
    localize(Cli::command(), true)
}

fn localize(cmd: Command, root: bool) -> Command {
    let flag = |id: &'static str, short: char, action: ArgAction, help: &'static str| {
        Arg::new(id).short(short).long(id).action(action).help(help).help_heading("选项")
    };
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("子命令")
        .subcommand_value_name("子命令")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .mut_args(|a| {
            let heading = if a.is_positional() { "参数" } else { "选项" };
            let a = a.help_heading(heading);
            if a.get_action().takes_values() { a.hide_possible_values(true).hide_default_value(true) } else { a }
        })
        .arg(flag("help", 'h', ArgAction::Help, "显示帮助"));
    if root {
        cmd = cmd.arg(flag("version", 'V', ArgAction::Version, "显示版本"));
    }
    cmd.mut_subcommands(|sub| localize(sub, false))
}

/// Parses the command line; clap's errors come back as Chinese usage errors, while help and
/// version requests are printed and end the process as clap does.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Cli, CliError> {
    let mut cmd = command();
    let parsed = cmd.try_get_matches_from_mut(args).and_then(|mut m| Cli::from_arg_matches_mut(&mut m));
    parsed.map_err(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            e.exit()
        }
        _ => CliError::Usage(usage_error(&e)),
    })
}

/// `xuncha help 子命令…`: the same as `xuncha 子命令… --help`.
pub fn print_help(path: &[String]) -> Result<(), CliError> {
    let mut root = command();
    root.build();
    let mut cmd = &mut root;
    for name in path {
        let Some(sub) = cmd.find_subcommand_mut(name) else {
            return Err(CliError::Usage(format!("没有子命令 {name}，可用 xuncha --help 查看全部子命令")));
        };
        cmd = sub;
    }
    print!("{}", cmd.render_long_help());
    Ok(())
}

/// clap's error in Chinese: what is wrong, a suggestion if clap has one, and the usage line.
fn usage_error(e: &clap::Error) -> String {
    let get = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let mut msg = match e.kind() {
        ErrorKind::UnknownArgument => format!("没有选项 {arg}"),
        ErrorKind::InvalidSubcommand => format!("没有子命令 {}", get(ContextKind::InvalidSubcommand)),
        ErrorKind::InvalidValue if get(ContextKind::InvalidValue).is_empty() => format!("{arg} 需要给出一个值"),
        ErrorKind::InvalidValue => {
            format!("“{}”不是 {arg} 的有效值，可选：{}", get(ContextKind::InvalidValue), get(ContextKind::ValidValue))
        }
        // The value parsers above write whole messages.
        ErrorKind::ValueValidation => match std::error::Error::source(e) {
            Some(why) => why.to_string(),
            None => format!("{arg} 的值“{}”无效", get(ContextKind::InvalidValue)),
        },
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少子命令".to_owned(),
        ErrorKind::ArgumentConflict => format!("{arg} 不能与 {} 同时使用", get(ContextKind::PriorArg)),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 的值的个数不对")
        }
        ErrorKind::NoEquals => format!("{arg} 的值须用等号给出"),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_owned(),
        _ => "命令行参数有误".to_owned(),
    };
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue]
        .into_iter()
        .map(get)
        .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        msg.push_str(&format!("（是否想用 {s}？）"));
    }
    let usage = get(ContextKind::Usage);
    if let Some(usage) = usage.strip_prefix("Usage: ") {
        msg.push_str(&format!("\n\n用法：{usage}"));
    }
    msg.push_str("\n\n加 --help 查看帮助");
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words allowed in the help: command and option-value names, formats, file kinds.
    const ALLOWED: &[&str] = &[
        "xuncha",
        "check",
        "score",
        "diverge",
        "evaluate",
        "round",
        "feedback",
        "ledger",
        "letters",
        "notice",
        "archive",
        "pool",
        "import",
        "staff",
        "seed",
        "progress",
        "serve",
        "port",
        "listen",
        "open",
        "ctrl",
        "expertise",
        "add",
        "history",
        "unit",
        "cadre",
        "leader",
        "word",
        "sqlite",
        "force",
        "today",
        "init",
        "rules",
        "list",
        "explain",
        "test",
        "help",
        "table",
        "json",
        "xlsx",
        "human",
        "never",
        "sange",
        "sige",
        "siluoshi",
        "rhai",
        "readme",
        "excel",
        "markdown",
        "docx",
        "txt",
        "csv",
        "toml",
        "html",
        "utf",
        "gbk",
        "reports",
        "signals",
        "tipoffs",
        "sentiment",
        "known",
        "judges",
        "waivers",
        "cadres",
        "conduct",
        "examples",
        "tests",
        "pack",
        "extends",
        "report",
    ];

    /// ASCII words of three letters or more that are not option names, file names, quoted
    /// values or allowed words.
    fn english(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        for (i, segment) in text.split('"').enumerate() {
            if i % 2 == 1 {
                continue; // a quoted value, e.g. extends = "default"
            }
            let tokens = segment.split(|c: char| !(c.is_ascii_alphanumeric() || "-_./|*".contains(c)));
            for token in tokens.filter(|t| !t.starts_with('-') && !t.contains(['.', '/'])) {
                for word in token.split(|c: char| !c.is_ascii_alphabetic()) {
                    if word.len() >= 3 && !ALLOWED.contains(&word.to_ascii_lowercase().as_str()) {
                        found.push(word.to_owned());
                    }
                }
            }
        }
        found
    }

    /// Every command's short and long help, with its path (`xuncha rules list`).
    fn all_help(cmd: &mut Command, path: &str, out: &mut Vec<(String, String)>) {
        out.push((format!("{path} -h"), cmd.render_help().to_string()));
        out.push((format!("{path} --help"), cmd.render_long_help().to_string()));
        for sub in cmd.get_subcommands_mut() {
            let path = format!("{path} {}", sub.get_name());
            all_help(sub, &path, out);
        }
    }

    #[test]
    fn help_is_chinese() {
        let mut cmd = command();
        cmd.build();
        let mut helps = Vec::new();
        all_help(&mut cmd, "xuncha", &mut helps);
        let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
        assert_eq!(
            names,
            [
                "check", "score", "diverge", "evaluate", "round", "ledger", "archive", "history", "pool", "staff",
                "progress", "serve", "init", "rules", "help"
            ]
        );
        assert_eq!(helps.len(), 2 * (1 + 15 + 5 + 3 + 2 + 3 + 2), "every command and subcommand");
        for (path, text) in &helps {
            let words = english(text);
            assert!(words.is_empty(), "{path}: English words {words:?} in\n{text}");
            for heading in ["用法：", "选项:", "显示帮助"] {
                assert!(text.contains(heading), "{path} lacks {heading}:\n{text}");
            }
        }
        let root = &helps[1].1;
        for want in ["子命令:", "显示版本"] {
            assert!(root.contains(want), "xuncha --help lacks {want}:\n{root}");
        }
        let score = &helps.iter().find(|(p, _)| p == "xuncha score --help").unwrap().1;
        assert!(score.contains("参数:") && score.contains("可选值：table") && score.contains("--jobs"), "{score}");
    }

    #[test]
    fn a_missing_argument_shows_the_usage() {
        let Err(CliError::Usage(msg)) = parse(["xuncha", "check"].map(OsString::from)) else { panic!() };
        assert_eq!(msg, "缺少必需的参数：<文件>...\n\n用法：xuncha check <文件>... [选项]\n\n加 --help 查看帮助");
    }

    #[test]
    fn jobs_only_where_rules_run_over_files() {
        let mut cmd = command();
        cmd.build();
        for sub in cmd.get_subcommands() {
            let has = sub.get_arguments().any(|a| a.get_id() == "jobs");
            let runs = ["check", "score", "diverge", "evaluate", "round", "ledger", "staff", "progress", "serve"]
                .contains(&sub.get_name());
            assert_eq!(has, runs, "--jobs on {}", sub.get_name());
        }
    }

    #[test]
    fn the_scanner_catches_clap_english() {
        let clap_text = "Usage: xuncha [OPTIONS] <COMMAND>\n\nOptions:\n  -h, --help  Print help\n  [default: table] [possible values: json]";
        let found = english(clap_text);
        for word in ["Usage", "OPTIONS", "COMMAND", "Options", "Print", "default", "possible", "values"] {
            assert!(found.iter().any(|w| w == word), "{word} not caught: {found:?}");
        }
        assert!(english("xuncha score examples/round --format xlsx --output 评分表.xlsx").is_empty());
    }

    #[test]
    fn usage_errors_are_chinese() {
        for args in [
            &["xuncha", "score", "r", "--bogus"][..],
            &["xuncha", "score", "r", "--format", "xx"],
            &["xuncha", "评分"],
            &["xuncha", "check"],
            &["xuncha", "check", "a.txt", "--fail-on", "坏"],
            &["xuncha", "check", "a.txt", "--jobs", "x"],
            &["xuncha", "check", "a.txt", "--signals", "s"],
            &["xuncha", "--jobs", "0", "check", "a.txt"],
        ] {
            let Err(CliError::Usage(msg)) = parse(args.iter().map(OsString::from)) else { panic!("{args:?} parsed") };
            assert!(english(&msg).is_empty(), "{args:?}: {msg}");
            assert!(msg.ends_with("加 --help 查看帮助"), "{args:?}: {msg}");
        }
    }
}
