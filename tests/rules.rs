//! The default pack's own test cases, its documentation, and the rule-author tools.

mod common;

use common::xuncha;
use xuncha::check::Setup;
use xuncha::pack::Pack;

#[test]
fn default_pack_cases_pass_and_cover_every_rule() {
    let setup = Setup::new(None, None).expect("default pack compiles");
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
    assert_eq!(list.code, 0);
    insta::assert_snapshot!(list.stdout.lines().skip(1).collect::<Vec<_>>().join("\n"));
    let explain = xuncha(&["rules", "explain", "report/top-leader"]);
    assert_eq!(explain.code, 0);
    insta::assert_snapshot!(explain.stdout);
    let unknown = xuncha(&["rules", "explain", "report/top-leaders"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("是否指 report/top-leader"), "{}", unknown.stderr);
}
