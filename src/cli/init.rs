//! `xuncha init`: a new round folder with commented templates, never overwriting a file.

use std::path::{Path, PathBuf};

use super::{CliError, Exit};

pub struct Settings {
    /// The round folder to create (or fill).
    pub dir: PathBuf,
}

pub fn run(s: Settings) -> Result<Exit, CliError> {
    let files = write(&s.dir)?;
    println!("已在 {} 创建本轮巡察目录模板：", s.dir.display());
    for f in files {
        println!("  {}", f.display());
    }
    println!("下一步：编辑 round.toml，把报告放入 reports/，再运行 xuncha round {}", s.dir.display());
    Ok(Exit::Ok)
}

const ROUND_TOML: &str = r#"# 本轮巡察的基本信息。修改后运行：xuncha round 本目录 --out 结果目录
[round]
name = "某县2026年第四轮巡察"     # 轮次名称，出现在所有输出的标题中
start = "2026-12-01"               # 开始日期（可省略）
end = "2027-01-31"                 # 结束日期：豁免是否过期以此为准
framework = "三个聚焦"             # 监督重点框架：三个聚焦 / 四个聚焦 / 四个落实

# 每个巡察组一段 [[groups]]
[[groups]]
name = "第一巡察组"
leader = "组长姓名"
deputies = ["副组长姓名"]
members = ["组员姓名"]             # 用于评委回避：评委是本组成员时，其评分不计入

# 每个被巡察单位一段 [[units]]；报告放在 reports/ 下，支持 .docx、.txt（UTF-8 或 GBK）、.md
[[units]]
name = "某某局党组"
kind = "县直单位"                  # 县直单位 / 乡镇党委 / 村级党组织 / 二级机构
top_leader = "一把手姓名"          # 用于识别反映一把手的信访举报
group = "第一巡察组"
report = "reports/mouju.docx"
recommended = false                # 组长推荐参评优秀巡察报告

# 表头与默认名称不同时，在这里映射：“表头” = “字段”
[columns]
# "举报事项" = "text"

# 只有巡察办掌握的统计数字（名称后括号内为单位）
[stats]
# "追责问责（人）" = 0
# "挽回经济损失（万元）" = 0
# "建立完善制度（项）" = 0
# "解决民生实事（件）" = 0
"#;

const WAIVERS_TOML: &str = r#"# 豁免：经批准不按某条规则扣分。被豁免的问题仍会列出并标注“已豁免”。
# [[waivers]]
# rule = "report/length"            # 规则编号，见 xuncha rules list
# unit = "某某局党组"
# reason = "豁免理由"
# approved_by = "批准人或批准机关"
# expires = "2027-01-31"            # 到期日期（YYYY-MM-DD）
"#;

const KNOWN_TOML: &str = r#"# 领导掌握的情况（书记点人点事台账、纪检监察、审计移送等）
# [[known]]
# id = "LD-01"
# unit = "某某局党组"
# text = "情况摘要"
# areas = ["agri-funds"]            # 可选：词库领域编号，见 xuncha rules explain
# source = "县委书记点人点事"
"#;

const FILES: &[(&str, &str)] = &[
    ("round.toml", ROUND_TOML),
    ("waivers.toml", WAIVERS_TOML),
    (
        "judges.csv",
        "评委,被巡察单位,得分\n\
         \"填表说明：每位评委对每份报告一行；得分为百分制（0～100，可带一位小数）。也可按评分细则分项打分，\
         表头写评分项名称及分值（如“政治站位（20分）”）。评委不给本组的报告打分（回避）。本行可保留，不作数据读入。\"\n",
    ),
    (
        "cadres.csv",
        "姓名,巡察组,角色,派出单位,是否抽调,发现问题数,移交线索数,专题报告数,立行立改数,信息宣传数,基础工作分,问卷满意度,组内评价,中期汇报\n\
         \"填表说明：角色填 组长、副组长、组员、抽调干部 或 联络员；是否抽调、中期汇报填 是 或 否；发现问题数至信息宣传数填件数；\
         基础工作分、问卷满意度为百分制（0～100，不是十分制）；组内评价填组内评议等次（如 优秀、称职）。本行可保留，不作数据读入。\"\n",
    ),
    (
        "conduct.csv",
        "姓名,日期,类别,情况,是否查实,来源\n\
         \"填表说明：日期写作 2026-10-12；类别按负面清单填写（如 接受宴请和礼品礼金土特产、泄露巡察工作秘密），清单外的填 其他，\
         并在情况栏写明事实；是否查实填 是 或 否；来源如 巡察办核查、群众举报。本行可保留，不作数据读入。\"\n",
    ),
    (
        "signals/tipoffs.csv",
        "编号,被反映单位,被反映人,职级,受理日期,来源渠道,是否署名,是否重复,问题类别,反映内容,举报人,联系电话,身份证号\n\
         \"填表说明：受理日期写作 2026-03-02；来源渠道如 来信、来访、来电、网络；是否署名填 署名 或 匿名；是否重复填 初次 或 重复。\
         举报人、联系电话、身份证号三列本工具不读取其内容，不会出现在任何结果中。本行可保留，不作数据读入。\"\n",
    ),
    (
        "signals/sentiment.csv",
        "编号,单位,来源,发布时间,标题,摘要,倾向,热度\n\
         \"填表说明：发布时间写作 2026-05-01；倾向填 正面、中性 或 负面（也可填 -1～1 之间的数）；热度填阅读、转发等传播量（不小于 0）。\
         本行可保留，不作数据读入。\"\n",
    ),
    ("signals/known.toml", KNOWN_TOML),
];

/// Writes the skeleton; refuses if any of its files exists (nothing is written then).
fn write(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let existing: Vec<String> =
        FILES.iter().map(|(f, _)| dir.join(f)).filter(|p| p.exists()).map(|p| p.display().to_string()).collect();
    if !existing.is_empty() {
        return Err(CliError::Other(format!("以下文件已存在，为免覆盖未作任何改动：{}", existing.join("、"))));
    }
    let mut written = Vec::new();
    for sub in ["reports", "signals"] {
        let path = dir.join(sub);
        std::fs::create_dir_all(&path).map_err(CliError::io(&path, "无法创建目录"))?;
    }
    for (name, text) in FILES {
        let path = dir.join(name);
        // CSV templates carry a BOM so that Excel opens the Chinese headers correctly.
        let bytes = if name.ends_with(".csv") {
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()
        } else {
            text.as_bytes().to_vec()
        };
        xuncha::util::fs::write_atomic(&path, &bytes).map_err(CliError::io(&path, "写入失败"))?;
        written.push(path);
    }
    written.push(dir.join("reports/"));
    Ok(written)
}
