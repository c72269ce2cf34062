//! The default pack's own test cases, its documentation, and the rule-author tools.

use serde_json::Value;
use xuncha::pack::Pack;

use crate::helpers::{check_json, xuncha};

#[test]
fn default_pack_cases_pass_and_cover_every_rule() {
    let setup = xuncha::setup(None, None).expect("default pack compiles");
    let report = xuncha::ruletest::run(&setup).expect("cases parse");
    let failures: Vec<String> = report
        .results
        .iter()
        .filter_map(|r| r.failure.as_ref().map(|f| format!("{} / {}: {f}", r.rule, r.name)))
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
    let gaps: Vec<&str> = report.uncovered().map(|c| c.rule.as_str()).collect();
    assert!(gaps.is_empty(), "rules lacking a firing or a passing case: {gaps:?}");
    assert!(report.passed() >= 2 * setup.engine.rules.len());
}

#[test]
fn every_rule_documents_the_four_sections() {
    let pack = Pack::default_pack().unwrap();
    for rule in &pack.rules {
        assert!(!rule.doc.title.is_empty(), "{} has no # title", rule.id);
        assert_eq!(rule.doc.missing_sections(), Vec::<&str>::new(), "{} lacks sections", rule.id);
    }
}

#[test]
fn rules_test_command_prints_the_closing_line() {
    let run = xuncha(&["rules", "test", "--require-coverage"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let last = run.stdout.lines().last().unwrap();
    assert!(last.ends_with(" 0 failed"), "{last}");
}

#[test]
fn rules_list_and_explain() {
    let list = xuncha(&["rules", "list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    insta::assert_snapshot!(list.stdout.lines().skip(1).collect::<Vec<_>>().join("\n"));
    let explain = xuncha(&["rules", "explain", "report/top-leader"]);
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    insta::assert_snapshot!(explain.stdout);
    let unknown = xuncha(&["rules", "explain", "report/top-leaders"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("是否指 report/top-leader"), "{}", unknown.stderr);
}

/// The README's rule-authoring steps, followed literally: a pack that extends the default one,
/// a new rule file, its settings and a case. No Rust is touched.
#[test]
fn a_new_rule_following_the_readme() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("report")).unwrap();
    std::fs::create_dir_all(d.join("tests/report")).unwrap();
    std::fs::write(
        d.join("pack.toml"),
        "extends = \"default\"\nname = \"本县规则包\"\n\n[rules.\"report/problem-count\"]\nseverity = \"警告\"\ncriterion = \"precision\"\npoints = 2\nparams = { min = 5 }\n",
    )
    .unwrap();
    std::fs::write(
        d.join("report/problem-count.rhai"),
        "//! # 问题条目数量\n//!\n//! ## 检查什么\n//! 问题部分是否至少列出 5 个问题。\n//!\n//! ## 为什么\n//! 问题过少往往说明发现问题不深入。\n//!\n//! ## 示例\n//! 不通过：只列了 2 个问题。\n//!\n//! ## 如何改正\n//! 对照底稿补充问题。\n\nif report.problems.len() < params.min {\n    ctx.fail(#{ message: `只列出 ${report.problems.len()} 个问题`, at: report.problems_section });\n}\n",
    )
    .unwrap();
    std::fs::write(
        d.join("tests/report/problem-count.toml"),
        "rule = \"report/problem-count\"\n\n[[cases]]\nname = \"只有两个问题\"\nexpect = \"fail\"\npoints = 2\ntext = \"\"\"\n关于某局的巡察报告\n一、基本情况\n二、发现的主要问题\n1.第一个问题。\n2.第二个问题。\n\"\"\"\n\n[[cases]]\nname = \"五个问题\"\nexpect = \"pass\"\ntext = \"\"\"\n关于某局的巡察报告\n二、发现的主要问题\n1.甲。\n2.乙。\n3.丙。\n4.丁。\n5.戊。\n\"\"\"\n",
    )
    .unwrap();
    let p = d.to_str().unwrap();
    let check = xuncha(&["rules", "check", p]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let test = xuncha(&["rules", "test", p, "--require-coverage"]);
    assert_eq!(test.code, 0, "{}", test.stdout);
    assert!(test.stdout.contains("report/problem-count"), "{}", test.stdout);
    // The new rule runs: it fires on a draft with two problems and stays quiet on one with eleven.
    let drafts = tempfile::tempdir().unwrap();
    let two = drafts.path().join("two.txt");
    std::fs::write(&two, "关于某局的巡察报告\n一、基本情况\n二、发现的主要问题\n1.第一个问题。\n2.第二个问题。\n")
        .unwrap();
    let fired = rule_ids(&check_json(&["--rules", p, two.to_str().unwrap()]));
    assert!(fired.contains(&"report/problem-count".to_owned()), "{fired:?}");
    let quiet = rule_ids(&check_json(&["--rules", p, "examples/round/reports/gongxin.txt"]));
    assert!(!quiet.contains(&"report/problem-count".to_owned()), "gongxin has 11 problems: {quiet:?}");
    let listed = xuncha(&["rules", "list", "--rules", p]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(listed.stdout.contains("本县规则包") && listed.stdout.contains("问题条目数量"), "{}", listed.stdout);

    // Disabling a default rule and adding a lexicon term, also without Rust. The draft's twelfth
    // problem is renamed to the new term, which no default term matches.
    let draft = std::fs::read_to_string("fixtures/drafts/trivia.txt").unwrap();
    let renamed = draft.replace("12.重点工作推进不够到位。", "12.花名册不全。");
    assert_ne!(renamed, draft);
    let term = drafts.path().join("term.txt");
    std::fs::write(&term, renamed).unwrap();
    let term = term.to_str().unwrap();
    let default = check_json(&[term]);
    assert!(rule_ids(&default).contains(&"report/length".to_owned()), "the draft is short");
    // The new rule keeps its settings (without them it stops with a rule error, exit 3).
    let settings = std::fs::read_to_string(d.join("pack.toml")).unwrap();
    std::fs::write(d.join("pack.toml"), settings + "\n[rules.\"report/length\"]\nenabled = false\n").unwrap();
    std::fs::create_dir_all(d.join("lexicon")).unwrap();
    std::fs::write(d.join("lexicon/local.toml"), "[areas.trivia]\nterms = [\"花名册不全\"]\n").unwrap();
    let local = check_json(&["--rules", p, term]);
    assert!(!rule_ids(&local).contains(&"report/length".to_owned()), "disabled");
    // The term makes one more problem trivia.
    assert_eq!(trivia_count(&default) + 1, trivia_count(&local), "{:?}", trivia_message(&local));
}

fn rule_ids(v: &Value) -> Vec<String> {
    v["reports"][0]["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_owned()).collect()
}

fn trivia_message(v: &Value) -> String {
    let findings = v["reports"][0]["findings"].as_array().unwrap();
    let f = findings.iter().find(|f| f["rule"] == "report/trivia").expect("report/trivia fires");
    f["message"].as_str().unwrap().to_owned()
}

/// N in the trivia rule's “M 个问题中有 N 个属于细枝末节”.
fn trivia_count(v: &Value) -> usize {
    let message = trivia_message(v);
    let n = message.split("中有 ").nth(1).and_then(|rest| rest.split(' ').next());
    n.and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no count in {message}"))
}
