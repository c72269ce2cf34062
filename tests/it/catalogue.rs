//! The catalogue of bad inputs, in one table: each case gets exit 2, a Chinese message naming the
//! file and the place, no panic, and — for `round` — nothing written.
//!
//! A broken round is read by `round` and by the command that owns the broken file (`score` for
//! round.toml, judges and waivers, `diverge` for signals, `evaluate` for cadres and conduct).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::helpers::{Run, assert_error, copy_round, replace, tmp, write, xuncha};

/// Makes the input in a temp folder.
type Make = Box<dyn Fn(&Path) -> PathBuf>;
type Edit = Box<dyn Fn(&Path)>;

enum Input {
    /// A report file (made in the temp folder; its path returned) given to `xuncha check`.
    Report(Make),
    /// The example round changed by the edit, read by each of the commands.
    Round(&'static [&'static str], Edit),
    /// A rule pack of these files, given to `xuncha check --rules` on a clean draft.
    Pack(&'static [(&'static str, &'static str)]),
}

/// A named bad input and what stderr must say.
struct Case {
    name: &'static str,
    input: Input,
    needles: &'static [&'static str],
}

fn case(name: &'static str, input: Input, needles: &'static [&'static str]) -> Case {
    Case { name, input, needles }
}

/// A report file with these bytes.
fn report(name: &'static str, bytes: impl Fn() -> Vec<u8> + 'static) -> Input {
    Input::Report(Box::new(move |d| write(d, name, &bytes())))
}

fn round(cmds: &'static [&'static str], edit: impl Fn(&Path) + 'static) -> Input {
    Input::Round(cmds, Box::new(edit))
}

const ROUND_TOML: &[&str] = &["round", "score"];
const JUDGES: &[&str] = &["round", "score"];
const SIGNALS: &[&str] = &["round", "diverge"];
const CADRES: &[&str] = &["round", "evaluate"];
const WAIVERS: &[&str] = &["round", "score"];

/// The example round with `judges.xlsx` replaced by a `judges.csv` of `body`.
fn judges(body: &'static str) -> Input {
    round(JUDGES, move |d| {
        fs::remove_file(d.join("judges.xlsx")).unwrap();
        write(d, "judges.csv", body.as_bytes());
    })
}

/// The example round with `signals/tipoffs.csv` replaced by `body`.
fn tipoffs(body: &'static str) -> Input {
    round(SIGNALS, move |d| {
        write(d, "signals/tipoffs.csv", body.as_bytes());
    })
}

/// The example round with `signals/sentiment.xlsx` replaced by a `sentiment.csv` of `body`.
fn sentiment(body: &'static str) -> Input {
    round(SIGNALS, move |d| {
        fs::remove_file(d.join("signals/sentiment.xlsx")).unwrap();
        write(d, "signals/sentiment.csv", body.as_bytes());
    })
}

/// The example round with `cadres.csv` replaced by `body` (and no conduct table, whose names
/// would not match).
fn cadres(body: &'static str) -> Input {
    round(CADRES, move |d| {
        fs::remove_file(d.join("conduct.csv")).unwrap();
        write(d, "cadres.csv", body.as_bytes());
    })
}

/// `from` replaced by `to` in the example round's `file`.
fn edited(cmds: &'static [&'static str], file: &'static str, from: &'static str, to: &'static str) -> Input {
    round(cmds, move |d| replace(d, file, from, to))
}

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        for (name, data) in entries {
            z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn real_docx() -> Vec<u8> {
    fs::read("fixtures/drafts/trivia.docx").unwrap()
}

fn cases() -> Vec<Case> {
    let doc_xml: &[u8] =
        br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>"#;
    vec![
        // Report files given to `check`.
        case("missing", Input::Report(Box::new(|d| d.join("无.docx"))), &["无.docx", "文件不存在"]),
        case(
            "folder without reports",
            Input::Report(Box::new(|d| d.to_path_buf())),
            &["中没有 .docx、.txt 或 .md 报告", "没有要检查的报告"],
        ),
        case("empty", report("empty.txt", Vec::new), &["empty.txt", "文件为空"]),
        case("blank", report("blank.md", || "\n\u{3000}\n \t\n".into()), &["blank.md", "文件为空"]),
        case(
            "binary junk",
            report("junk.txt", || (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect()),
            &["junk.txt", "不是文本文件"],
        ),
        case("nul bytes", report("bin.txt", || vec![0u8, 1, 2, 3, 0, 255, 7, 0]), &["bin.txt", "不是文本文件"]),
        case(
            "neither utf8 nor gbk",
            report("bad.txt", || b"first line\nsecond \xff\x30 line\n".to_vec()),
            &["bad.txt", "第2行起无法识别编码"],
        ),
        case(
            "utf16 without bom",
            report("u16.txt", || "一、巡察报告\n".encode_utf16().flat_map(u16::to_le_bytes).collect()),
            &["u16.txt", "不是文本文件"],
        ),
        case(
            "truncated docx",
            report("cut.docx", || {
                let real = real_docx();
                real[..real.len() / 2].to_vec()
            }),
            &["cut.docx", "不是有效的 .docx 文件"],
        ),
        case("text named docx", report("fake.docx", || "这其实是文本".into()), &["fake.docx", "不是有效的 .docx 文件"]),
        case(
            "docx without document.xml",
            report("nodoc.docx", || zip_with(&[("word/styles.xml", b"<w:styles/>")])),
            &["nodoc.docx", "没有 word/document.xml"],
        ),
        case(
            "docx with broken xml",
            report("badxml.docx", move || zip_with(&[("word/document.xml", doc_xml)])),
            &["badxml.docx", "内容损坏"],
        ),
        case(
            "zip bomb docx",
            report("bomb.docx", || zip_with(&[("word/document.xml", &vec![b' '; 70 << 20])])),
            &["bomb.docx", "疑似压缩炸弹"],
        ),
        case("old .doc", report("old.doc", || b"\xD0\xCF\x11\xE0junk".to_vec()), &["old.doc", "另存为” .docx"]),
        case("pdf", report("r.pdf", || b"%PDF-1.4".to_vec()), &["r.pdf", "不支持 .pdf"]),
        case(
            "over 50 MB",
            Input::Report(Box::new(|d| {
                // A 51 MB text file is refused before it is read.
                let big = d.join("big.txt");
                fs::File::create(&big).unwrap().set_len(51 << 20).unwrap();
                big
            })),
            &["big.txt", "文件过大"],
        ),
        // round.toml.
        case(
            "round.toml syntax",
            edited(ROUND_TOML, "round.toml", "name = \"示例县", "name = 示例县"),
            &["round.toml 第3行第8列", "配置有误", "文字取值要用英文双引号括起来"],
        ),
        case(
            "round.toml wrong type",
            edited(ROUND_TOML, "round.toml", "end = \"2026-11-20\"", "end = 2026"),
            &["round.toml 第5行", "类型不对：应为日期"],
        ),
        case(
            "round.toml unknown field",
            edited(ROUND_TOML, "round.toml", "top_leader = \"吴某\"", "top_leader = \"吴某\"\nleader = \"x\""),
            &["round.toml", "无法识别的字段 leader"],
        ),
        case(
            "no units",
            round(ROUND_TOML, |d| fs::write(d.join("round.toml"), "[round]\nname = \"空\"\n").unwrap()),
            &["没有登记任何被巡察单位"],
        ),
        case(
            "duplicate unit",
            edited(ROUND_TOML, "round.toml", "name = \"县水利局党组\"", "name = \"县农业农村局党组\""),
            &["登记了两次"],
        ),
        case(
            "unknown group",
            edited(ROUND_TOML, "round.toml", "group = \"第一巡察组\"", "group = \"第一组\""),
            &["未在 [[groups]] 中登记", "是否指 第一巡察组"],
        ),
        case(
            "unknown kind",
            edited(ROUND_TOML, "round.toml", "kind = \"乡镇党委\"", "kind = \"乡镇\""),
            &["类别“乡镇”无法识别"],
        ),
        case(
            "escaping path",
            edited(ROUND_TOML, "round.toml", "reports/shuili.txt", "../../etc/passwd"),
            &["超出了本轮巡察目录"],
        ),
        case(
            "absolute path",
            edited(ROUND_TOML, "round.toml", "reports/shuili.txt", "/etc/passwd"),
            &["超出了本轮巡察目录"],
        ),
        case(
            "missing report",
            round(ROUND_TOML, |d| fs::remove_file(d.join("reports/shuili.txt")).unwrap()),
            &["shuili.txt 不存在"],
        ),
        case(
            "unclaimed report",
            round(ROUND_TOML, |d| fs::write(d.join("reports/extra.docx"), b"x").unwrap()),
            &["没有对应的被巡察单位：extra.docx"],
        ),
        case(
            "group without leader",
            edited(ROUND_TOML, "round.toml", "leader = \"刘某\"", "leader = \"\""),
            &["没有组长"],
        ),
        case(
            "bad report inside the round",
            round(ROUND_TOML, |d| fs::write(d.join("reports/shuili.txt"), b"\x00\x01binary").unwrap()),
            &["shuili.txt", "不是文本文件"],
        ),
        case(
            "no round.toml",
            round(ROUND_TOML, |d| fs::remove_file(d.join("round.toml")).unwrap()),
            &["缺少 round.toml", "xuncha init"],
        ),
        // Judges' scores.
        case(
            "judges score out of range",
            judges("评委,被巡察单位,得分\n甲,城关镇党委,120\n"),
            &["judges.csv", "第2行", "“得分”列", "超出范围"],
        ),
        case(
            "judges score not a number",
            judges("评委,被巡察单位,得分\n甲,城关镇党委,九十\n"),
            &["judges.csv", "第2行", "“九十”不是数字"],
        ),
        case(
            "judge scores twice",
            judges("评委,被巡察单位,得分\n甲,城关镇党委,90\n甲,城关镇党委,91\n"),
            &["第3行", "重复评分", "第2行"],
        ),
        case("judges missing column", judges("评委,得分\n甲,90\n"), &["judges.csv", "缺少“被巡察单位”列"]),
        case("judges empty", judges(""), &["judges.csv", "文件为空"]),
        case(
            "judges duplicated header",
            judges("评委,被巡察单位,得分,得分\n甲,城关镇党委,90,91\n"),
            &["judges.csv", "出现了两次"],
        ),
        case(
            "judges two aliases of one column",
            judges("评委,被巡察单位,得分,总分\n甲,城关镇党委,90,91\n"),
            &["judges.csv", "出现了两次"],
        ),
        case(
            "judges cells beyond the header",
            judges("评委,被巡察单位,得分\n甲,城关镇党委,90,多余\n"),
            &["judges.csv", "第2行", "没有表头"],
        ),
        case(
            "judges per-criterion over max",
            judges("评委,被巡察单位,得分,政治站位\n甲,城关镇党委,90,16\n"),
            &["“政治站位”列", "满分 15"],
        ),
        // (Unknown columns, units outside the round and a CSV named .xlsx are warnings now:
        // tests/it/intake.rs.)
        case(
            "judges xlsx that is damaged",
            round(JUDGES, |d| fs::write(d.join("judges.xlsx"), b"PK\x03\x04broken").unwrap()),
            &["judges.xlsx", "无法作为 Excel 工作簿打开"],
        ),
        // Signals.
        case(
            "tipoffs missing column",
            tipoffs("编号,被反映单位,受理日期\nA1,河寨村党支部,2024-01-01\n"),
            &["tipoffs.csv", "缺少“反映内容”列"],
        ),
        case(
            "tipoffs junk date",
            tipoffs("编号,被反映单位,反映内容,受理日期\nA,河寨村党支部,补贴,2024-13-45\n"),
            &["tipoffs.csv", "第2行", "“受理日期”列", "不是有效日期"],
        ),
        case(
            "tipoffs duplicate id",
            tipoffs("编号,被反映单位,反映内容\nA1,河寨村党支部,补贴\nA1,河寨村党支部,补贴\n"),
            &["tipoffs.csv", "第3行", "编号“A1”重复"],
        ),
        case("tipoffs empty", tipoffs(""), &["tipoffs.csv", "文件为空"]),
        case(
            "tipoffs signed junk",
            tipoffs("编号,被反映单位,反映内容,是否署名\nA,河寨村党支部,x,也许\n"),
            &["tipoffs.csv", "“是否署名”列", "无法识别"],
        ),
        case(
            "tipoffs binary after a BOM and CRLF",
            tipoffs("\u{feff}编号,被反映单位,反映内容\r\nA,河寨村党支部,\u{0}\u{0}\u{0}\u{0}\r\n"),
            &["tipoffs.csv", "二进制"],
        ),
        case(
            "sentiment polarity junk",
            sentiment("编号,单位,摘要,倾向\nY,河寨村党支部,x,很差\n"),
            &["sentiment.csv", "“倾向”列"],
        ),
        case(
            "sentiment negative heat",
            sentiment("编号,单位,摘要,热度\nY,河寨村党支部,x,-5\n"),
            &["sentiment.csv", "热度不能为负数"],
        ),
        case(
            "known area unknown",
            edited(SIGNALS, "signals/known.toml", "areas = [\"village-assets\"]", "areas = [\"village-asset\"]"),
            &["known.toml", "是否指 village-assets"],
        ),
        case(
            "known wrong type",
            edited(SIGNALS, "signals/known.toml", "areas = [\"village-assets\"]", "areas = \"village-assets\""),
            &["known.toml 第", "类型不对"],
        ),
        // Cadres and their conduct.
        case(
            "cadre survey out of range",
            edited(CADRES, "cadres.csv", "县财政局,是,13,4,1,4,3,98,96", "县财政局,是,13,4,1,4,3,98,196"),
            &["cadres.csv", "第4行", "“问卷满意度”列", "超出范围"],
        ),
        case(
            "group without a leader in cadres",
            edited(CADRES, "cadres.csv", "刘某,第二巡察组,组长", "刘某,第二巡察组,组员"),
            &["第二巡察组没有组长"],
        ),
        case(
            "cadre in an unknown group",
            cadres("姓名,巡察组,角色\n甲,第九巡察组,组长\n"),
            &["“第九巡察组”不是本轮登记的巡察组"],
        ),
        case("cadre role unknown", cadres("姓名,巡察组,角色\n甲,第一巡察组,队长\n"), &["“队长”无法识别"]),
        case(
            "conduct of a stranger",
            edited(CADRES, "conduct.csv", "马某,2026-10-12", "马某某,2026-10-12"),
            &["conduct.csv", "第2行", "“马某某”不是本轮巡察干部表中的人员"],
        ),
        case(
            "conduct category not on the list",
            edited(CADRES, "conduct.csv", "泄露巡察工作秘密", "泄露秘密"),
            &["conduct.csv", "第2行", "“泄露秘密”不在负面清单中", "是否指"],
        ),
        case(
            "no cadre table",
            round(&["evaluate"], |d| fs::remove_file(d.join("cadres.csv")).unwrap()),
            &["没有巡察干部表"],
        ),
        // Waivers.
        case(
            "waiver for an unknown rule",
            edited(WAIVERS, "waivers.toml", "rule = \"report/length\"", "rule = \"report/lenght\""),
            &["waivers.toml", "第1条豁免", "是否指 report/length"],
        ),
        case(
            "waiver with a bad date",
            edited(WAIVERS, "waivers.toml", "expires = \"2026-12-31\"", "expires = \"年底\""),
            &["waivers.toml", "不是 YYYY-MM-DD"],
        ),
        case(
            "waiver of the wrong type",
            edited(WAIVERS, "waivers.toml", "expires = \"2026-12-31\"", "expires = 2026"),
            &["waivers.toml 第", "类型不对：应为日期"],
        ),
        // Rule packs.
        case(
            "malformed pack.toml",
            Input::Pack(&[("pack.toml", "extends = \"default\"\n[rubric\n")]),
            &["pack.toml:2:", "配置有误"],
        ),
        case(
            "pack.toml missing value",
            Input::Pack(&[("pack.toml", "extends = \"default\"\n\n[rules.\"report/length\"]\nseverity = \n")]),
            &["pack.toml:4:"],
        ),
        case(
            "pack wrong type",
            Input::Pack(&[("pack.toml", "extends = \"default\"\n[rules.\"report/length\"]\npoints = \"两分\"\n")]),
            &["pack.toml", "类型不对"],
        ),
        case(
            "pack unknown field",
            Input::Pack(&[("pack.toml", "extends = \"default\"\n[rules.\"report/length\"]\npionts = 2\n")]),
            &["pack.toml", "无法识别的字段 pionts"],
        ),
        case(
            "pack unknown rule",
            Input::Pack(&[("pack.toml", "extends = \"default\"\n[rules.\"report/top-leaders\"]\npoints = 2\n")]),
            &["pack.toml", "是否指 report/top-leader"],
        ),
        case(
            "pack unknown criterion",
            Input::Pack(&[("pack.toml", "extends = \"default\"\n[rules.\"report/length\"]\ncriterion = \"form2\"\n")]),
            &["criterion = \"form2\"", "是否指 form"],
        ),
        case(
            "pack weights not summing",
            Input::Pack(&[("pack.toml", "extends = \"default\"\n[rubric.criteria.form]\nmax = 9\n")]),
            &["合计为 102", "total = 100"],
        ),
        case(
            "pack nan points",
            Input::Pack(&[("pack.toml", "extends = \"default\"\n[rubric]\ntotal = nan\n")]),
            &["不能为 nan"],
        ),
        case(
            "pack unknown base",
            Input::Pack(&[("pack.toml", "extends = \"province\"\n")]),
            &["extends = \"province\""],
        ),
        case(
            "lexicon syntax",
            Input::Pack(&[("pack.toml", "extends = \"default\"\n"), ("lexicon/x.toml", "[areas.x\n")]),
            &["lexicon/x.toml:1:"],
        ),
        case(
            "new lexicon area without a name",
            Input::Pack(&[
                ("pack.toml", "extends = \"default\"\n"),
                ("lexicon/x.toml", "[areas.local]\nterms = [\"a\"]\n"),
            ]),
            &["词库领域 local 缺少 name"],
        ),
        case(
            "framework naming an unknown area",
            Input::Pack(&[(
                "pack.toml",
                "extends = \"default\"\n[frameworks.sange]\nname = \"三个聚焦\"\nfocuses = [{ id = \"A\", name = \"x\", areas = [\"polcy\"] }]\n",
            )]),
            &["是否指 policy"],
        ),
        case(
            "rule script syntax",
            Input::Pack(&[
                ("pack.toml", "extends = \"default\"\n"),
                ("report/broken.rhai", "//! # 坏规则\nlet x = 1;\nlet y = x + ;\n"),
            ]),
            &["report/broken.rhai:3:"],
        ),
        case("pack folder without pack.toml", Input::Pack(&[]), &["缺少 pack.toml"]),
    ]
}

/// Runs one case: exit 2, no panic, every needle in stderr; a broken round once per command.
fn run(case: &Case) {
    eprintln!("case: {}", case.name);
    let dir = tmp();
    let d = dir.path();
    let check = |run: &Run| {
        assert_error(run, case.needles);
    };
    match &case.input {
        Input::Report(make) => {
            let path = make(d);
            check(&xuncha(&["check", path.to_str().unwrap()]));
        }
        Input::Pack(files) => {
            for (name, text) in *files {
                write(d, name, text.as_bytes());
            }
            check(&xuncha(&["check", "--rules", d.to_str().unwrap(), "fixtures/drafts/strong.txt"]));
        }
        Input::Round(cmds, edit) => {
            copy_round(d);
            edit(d);
            let r = d.to_str().unwrap();
            for cmd in *cmds {
                eprintln!("command: {cmd}");
                if *cmd == "round" {
                    let out = d.join("新输出");
                    check(&xuncha(&["round", r, "--out", out.to_str().unwrap(), "--quiet"]));
                    assert!(!out.exists(), "{}: an output was written", case.name);
                } else {
                    check(&xuncha(&[cmd, r]));
                }
            }
        }
    }
}

fn run_all(keep: impl Fn(&Input) -> bool) {
    let cases: Vec<Case> = cases().into_iter().filter(|c| keep(&c.input)).collect();
    assert!(!cases.is_empty());
    for case in &cases {
        run(case);
    }
}

#[test]
fn bad_report_files() {
    run_all(|i| matches!(i, Input::Report(_)));
}

#[test]
fn bad_round_folders() {
    run_all(|i| matches!(i, Input::Round(..)));
}

#[test]
fn bad_rule_packs() {
    run_all(|i| matches!(i, Input::Pack(_)));
}

#[test]
fn case_names_are_unique() {
    let cases = cases();
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len());
}

#[cfg(unix)]
#[test]
fn symlinked_report_is_refused() {
    run(&case(
        "symlink",
        round(ROUND_TOML, |d| {
            fs::remove_file(d.join("reports/shuili.txt")).unwrap();
            std::os::unix::fs::symlink("/etc/hostname", d.join("reports/shuili.txt")).unwrap();
        }),
        &["符号链接"],
    ));
}

#[test]
fn one_bad_file_does_not_hide_the_others() {
    let d = tmp();
    let bad = d.path().join("missing.txt");
    let run = xuncha(&["check", "fixtures/drafts/strong.txt", bad.to_str().unwrap()]);
    assert_error(&run, &["missing.txt", "文件不存在"]);
    assert!(run.stdout.contains("预计得分"), "the good file is still checked: {}", run.stdout);
}

#[test]
fn runaway_rules_are_stopped_and_the_others_still_run() {
    let p = tmp();
    for (name, text) in [
        ("pack.toml", "extends = \"default\"\n"),
        ("report/loop.rhai", "//! # 死循环\nlet n = 0;\nloop { n += 1; }\n"),
        ("report/recurse.rhai", "//! # 无穷递归\nfn f(x) { f(x + 1) }\nf(1);\n"),
        ("report/grow.rhai", "//! # 字符串膨胀\nlet s = \"巡察\";\nloop { s += s; }\n"),
        ("report/throws.rhai", "//! # 抛出错误\nthrow \"规则自己报错\";\n"),
        ("report/escape.rhai", "//! # 越权导入\nimport \"../../etc/passwd\" as p;\n"),
        ("report/badarg.rhai", "//! # 错误参数\nctx.fail(#{ message: \"x\", points: \"many\" });\n"),
    ] {
        write(p.path(), name, text.as_bytes());
    }
    let run = xuncha(&["check", "--rules", p.path().to_str().unwrap(), "fixtures/drafts/strong.txt"]);
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    for (rule, needle) in [
        ("report/loop", "可能存在死循环"),
        ("report/recurse", "无穷递归"),
        ("report/grow", "超过上限"),
        ("report/throws", "规则自己报错"),
        ("report/escape", "只能导入规则包 lib/ 目录中的模块"),
        ("report/badarg", "points 应为数字"),
    ] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("规则出错[{rule}]")))
            .unwrap_or_else(|| panic!("{rule}: {}", run.stdout));
        assert!(line.contains(needle), "{line}");
        assert!(line.contains(&format!("{rule}.rhai:")), "position missing: {line}");
    }
    assert!(run.stdout.contains("预计得分 100 分"), "the default rules still ran: {}", run.stdout);
}

#[test]
fn merged_cells_and_formulas_in_xlsx_are_read() {
    // A judges' sheet as offices make it: the unit cell merged over its judges' rows, and a
    // total computed by a formula (its cached value is read).
    let d = crate::helpers::round_with(|d| {
        fs::remove_file(d.join("judges.xlsx")).unwrap();
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        for (c, h) in ["被巡察单位", "评委", "得分"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        let fmt = rust_xlsxwriter::Format::new();
        ws.merge_range(1, 0, 2, 0, "城关镇党委", &fmt).unwrap();
        ws.write_string(1, 1, "甲").unwrap();
        ws.write_number(1, 2, 90).unwrap();
        ws.write_string(2, 1, "乙").unwrap();
        ws.write_formula(2, 2, rust_xlsxwriter::Formula::new("=40+40").set_result("80")).unwrap();
        book.save(d.join("judges.xlsx")).unwrap();
    });
    let v = crate::helpers::json(&["score", d.path().to_str().unwrap(), "--format", "json"]);
    let c = v["ranking"].as_array().unwrap().iter().find(|e| e["unit"] == "城关镇党委").unwrap();
    assert_eq!(c["judges"]["mean"], 85.0);
}

/// Inputs the fuzzers found crashing (fuzz/regressions): each must now be read without a panic.
#[test]
fn fuzz_regressions_do_not_panic() {
    use xuncha::read::table::{Field, Schema};
    let schema = Schema {
        name: "评委评分表",
        fields: vec![
            Field::required("judge", "评委", &[]),
            Field::required("unit", "被巡察单位", &[]),
            Field::required("score", "得分", &[]),
        ],
        extra: Vec::new(),
    };
    let dir = tmp();
    let mut n = 0;
    for entry in fs::read_dir("fuzz/regressions").unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let ext = if name.starts_with("table_xlsx") { "xlsx" } else { "csv" };
        let target = dir.path().join(format!("{name}.{ext}"));
        fs::copy(&p, &target).unwrap();
        let result = std::panic::catch_unwind(|| {
            xuncha::read::table::read(&target, &schema, &Default::default(), &Default::default())
                .map(|t| t.records.len())
        });
        let Ok(result) = result else { panic!("{name} panics") };
        if name.contains("cfb-fat-loop") {
            // calamine alone loops on this file until memory runs out.
            let e = result.as_ref().unwrap_err().to_string();
            assert!(e.contains("内部结构已损坏"), "{e}");
        }
        if name.contains("xls-extent") || name.contains("xls-huge-grid") {
            // Cells far outside any sheet: calamine alone asks for 80 GB and aborts, or fills
            // a grid of ten million cells.
            let e = result.as_ref().unwrap_err().to_string();
            assert!(e.contains("超出 Excel 97–2003 的列数上限"), "{e}");
        }
        n += 1;
    }
    assert!(n >= 9, "regression inputs missing");
}
