//! Helpers shared by the fuzz targets in `fuzz_targets/`.
//!
//! Everything expensive (the default rule pack compiled into a rule engine, the fixed round used
//! by the judges' table) is built once per process.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use xuncha::engine::Setup;
use xuncha::model::document::{Document, Span};
use xuncha::assess::report::{ReportEvaluation, evaluate_report};
use xuncha::render;

/// The default pack, compiled once.
pub fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| xuncha::setup(None, None).expect("the embedded default pack must load"))
}

/// A scratch directory private to this process (`/dev/shm` when it exists: RAM, no disk churn).
pub fn scratch_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = Path::new("/dev/shm");
        let base = if base.is_dir() {
            base.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("xuncha-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        dir
    })
}

/// Writes `bytes` to `name` inside the scratch directory and returns its path.
pub fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch_dir().join(name);
    std::fs::write(&path, bytes).expect("write scratch file");
    path
}

/// Rule errors that only mean "this input is too big or too slow for the sandbox limits".
/// They are legitimate outcomes (reported as 规则出错 to the user) and may depend on machine
/// load (the wall-clock guard), so they are not treated as bugs here.
fn is_limit_error(message: &str) -> bool {
    message.contains("超过时限")
        || message.contains("运算步数超过上限")
        || message.contains("超过上限")
}

/// Runs the whole `xuncha check` pipeline on a parsed report with the default pack: analysis,
/// every report rule, scoring, and the terminal and JSON renderers.
///
/// Panics (so libFuzzer records a crash) when a rule script fails on this input for any reason
/// other than the sandbox limits: the default rules must cope with any text.
pub fn check_document(doc: Document) -> ReportEvaluation {
    assert_spans(&doc);
    let setup = setup();
    let eval = evaluate_report(&setup.engine, doc, Default::default(), &setup.framework);
    let pack = &setup.engine.pack;
    let fw = setup.framework.0.as_str();
    let human = render::human::check_report(&eval, pack, fw, true, false);
    let json = render::json::check(pack, fw, std::slice::from_ref(&eval), &[], true);
    std::hint::black_box((human, json));
    for (rule, err) in eval.run.errors() {
        if is_limit_error(&err.message) {
            eprintln!("[xuncha-fuzz] rule {rule} hit a sandbox limit: {err}");
        } else {
            panic!("rule {rule} errored on this input: {err}");
        }
    }
    let text = &eval.analysis.doc.text;
    for f in &eval.run.findings {
        for s in &f.spans {
            assert_span(text, *s, "finding");
        }
    }
    let total = eval.score.total;
    assert!(total.is_finite(), "score total is not finite: {total}");
    eval
}

/// A span must lie inside the text and on character boundaries; `Document::slice` would
/// otherwise silently return "" and a finding would point nowhere.
pub fn assert_span(text: &str, s: Span, what: &str) {
    assert!(
        s.start <= s.end && s.end <= text.len(),
        "{what} span {s:?} out of range (text is {} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
        "{what} span {s:?} not on a char boundary"
    );
}

/// Every span the structure parser produced is valid.
pub fn assert_spans(doc: &Document) {
    let t = doc.text.as_str();
    for p in &doc.paragraphs {
        assert_span(t, p.span, "paragraph");
    }
    for s in &doc.sections {
        assert_span(t, s.heading, "section heading");
        assert_span(t, s.span, "section");
        if let Some(parent) = s.parent {
            assert!(parent < doc.sections.len(), "section parent {parent} out of range");
        }
    }
    if let Some(i) = doc.problems_section {
        assert!(i < doc.sections.len(), "problems_section {i} out of range");
    }
    for p in &doc.problems {
        assert_span(t, p.title_span, "problem title");
        assert_span(t, p.span, "problem");
    }
    for s in &doc.sentences {
        assert_span(t, *s, "sentence");
    }
}

// ---------------------------------------------------------------------------
// A fixed round (copy of examples/round/round.toml), for the judges' table and waivers
// ---------------------------------------------------------------------------

pub const ROUND_TOML: &str = r#"
[round]
name = "示例县2026年第三轮巡察"
start = "2026-09-01"
end = "2026-11-20"
framework = "三个聚焦"

[[groups]]
name = "第一巡察组"
leader = "徐某某"
deputies = ["李某"]
members = ["王某", "赵某某", "钱某"]

[[groups]]
name = "第二巡察组"
leader = "刘某"
deputies = ["黄某"]
members = ["孙某", "马某", "朱某"]

[[groups]]
name = "第三巡察组"
leader = "何某某"
deputies = ["罗某"]
members = ["高某", "林某", "郭某"]

[[units]]
name = "县农业农村局党组"
kind = "县直单位"
top_leader = "周某某"
group = "第一巡察组"
report = "reports/nongye.txt"
recommended = true

[[units]]
name = "县水利局党组"
kind = "县直单位"
top_leader = "吴某"
group = "第一巡察组"
report = "reports/shuili.txt"

[[units]]
name = "城关镇党委"
kind = "乡镇党委"
top_leader = "张某某"
group = "第二巡察组"
report = "reports/chengguan.txt"
recommended = true

[[units]]
name = "县教育局党组"
kind = "县直单位"
top_leader = "郑某"
group = "第二巡察组"
report = "reports/jiaoyu.txt"

[[units]]
name = "河寨村党支部"
kind = "村级党组织"
top_leader = "冯某某"
group = "第三巡察组"
report = "reports/hezhai.txt"

[[units]]
name = "县文化广电旅游体育局党组"
kind = "县直单位"
top_leader = "陈某"
group = "第三巡察组"
report = "reports/wenlv.txt"

[[units]]
name = "县工业和信息化局党组"
kind = "县直单位"
top_leader = "蒋某"
group = "第三巡察组"
report = "reports/gongxin.txt"
"#;

/// The example round, parsed once (not validated against the file system).
pub fn round() -> &'static xuncha::model::round::Round {
    static ROUND: OnceLock<xuncha::model::round::Round> = OnceLock::new();
    ROUND.get_or_init(|| xuncha::model::round::Round {
        dir: scratch_dir().to_path_buf(),
        file: toml::from_str(ROUND_TOML).expect("fixed round.toml parses"),
    })
}

// ---------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------

/// A schema like the judges' one, with a private column and extra per-criterion columns.
pub fn table_schema() -> xuncha::read::table::Schema {
    use xuncha::read::table::{Field, Schema};
    Schema {
        name: "评委评分表",
        fields: vec![
            Field::required("judge", "评委", &["评委姓名", "评分人", "评审专家", "专家"]),
            Field::required(
                "unit",
                "被巡察单位",
                &["报告", "单位", "被巡察党组织", "报告名称", "单位名称"],
            ),
            Field::required("score", "得分", &["总分", "评分", "分数", "现场评分"]),
            Field::optional("seq", "序号", &["编号"]),
            Field::optional("note", "备注", &["说明"]),
            Field::private("informant", "举报人", &["反映人", "联系电话", "身份证号"]),
        ],
        extra: vec!["政治站位".into(), "聚焦重点".into(), "问题精准".into()],
    }
}

/// `[columns]` of a round: header → field mappings.
pub fn custom_columns() -> indexmap::IndexMap<String, String> {
    let mut m = indexmap::IndexMap::new();
    m.insert("打分".to_owned(), "score".to_owned());
    m.insert("评审人".to_owned(), "judge".to_owned());
    m.insert("举报人姓名".to_owned(), "informant".to_owned());
    m
}

/// Reads a table file through `table::read` with [`table_schema`], touches every record, then
/// reads it again as the judges' table of the example round with the default pack's rubric.
pub fn check_table(path: &Path) {
    use xuncha::read::table;
    let schema = table_schema();
    match table::read(path, &schema, &custom_columns(), &table::Notices::new()) {
        Err(e) => {
            std::hint::black_box(e.to_string());
        }
        Ok(table) => {
            for rec in &table.records {
                for f in &schema.fields {
                    let v = rec.get(&table, f.key);
                    if f.private {
                        assert!(v.is_none(), "private column {} kept a value", f.key);
                    }
                    std::hint::black_box((table.column(f.key), table.has_column(f.key)));
                }
                if let Err(e) = table.number(rec, "score") {
                    std::hint::black_box(e.to_string());
                }
                for (_, v) in &rec.extra {
                    std::hint::black_box(xuncha::util::number::parse_number(v));
                }
            }
        }
    }
    let pack = &setup().engine.pack;
    match xuncha::read::judges::read(path, round(), &pack.config.rubric, &table::Notices::new()) {
        Err(e) => {
            std::hint::black_box(e.to_string());
        }
        Ok(sheet) => {
            let j = xuncha::assess::judges::panels(sheet, &pack.config.judges);
            for p in j.panels.values() {
                assert!(
                    p.mean.is_finite() && p.trimmed_mean.is_finite() && p.spread.is_finite(),
                    "non-finite panel statistics: {p:?}"
                );
            }
            if let Some(w) = j.agreement {
                assert!((-1e-9..=1.0 + 1e-9).contains(&w), "Kendall W out of [0, 1]: {w}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Zip archives built from fuzzed parts
// ---------------------------------------------------------------------------

/// Separator between the parts of a structured input (0xFF never occurs in UTF-8 text).
pub const PART_SEPARATOR: u8 = 0xFF;

/// Splits a structured input into at most `n` parts at [`PART_SEPARATOR`]; the last part keeps
/// any further separators.
pub fn split_parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    data.splitn(n, |b| *b == PART_SEPARATOR).collect()
}

/// Builds a zip archive (stored, correct CRCs) from `(name, bytes)` entries.
pub fn build_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        w.start_file(*name, opts).expect("zip start_file");
        w.write_all(bytes).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// A .docx held in memory: `docx::read_paragraphs`, then `parse_report(.., "docx", ..)` and,
/// when it parses, the whole `check` pipeline.
pub fn check_docx(data: &[u8]) {
    use xuncha::read::{docx, report::parse_report};
    match docx::read_paragraphs(data) {
        Ok(paragraphs) => {
            for p in &paragraphs {
                if let Some(level) = p.heading_level {
                    assert!((1..=9).contains(&level), "heading level {level} out of 1..=9");
                }
            }
        }
        Err(e) => {
            std::hint::black_box(e.to_string());
        }
    }
    let config = xuncha::analysis::structure::StructureConfig::default();
    match parse_report("草稿.docx".to_owned(), "docx", data, &config) {
        Ok(doc) => {
            check_document(doc);
        }
        Err(e) => {
            std::hint::black_box(e.to_string());
        }
    }
}

// ---------------------------------------------------------------------------
// The round's other tables: ledgers, pool, progress, units
// ---------------------------------------------------------------------------

/// Which of the round's tables a fuzz input is read as.
#[derive(Clone, Copy)]
pub enum RoundTable {
    Rectification,
    Clues,
    Pool,
    Progress,
    Units,
}

/// Reads `data` as one of the round's tables (written under the name the round looks for) and
/// touches every value read; faults must come back as errors, never as a panic.
pub fn check_round_table(kind: RoundTable, data: &[u8]) {
    use xuncha::read::{ledger, pool, progress, units};
    let notes = xuncha::read::table::Notices::new();
    let round = round();
    let name = match kind {
        RoundTable::Rectification => "整改台账.csv",
        RoundTable::Clues => "线索台账.csv",
        RoundTable::Pool => "pool.csv",
        RoundTable::Progress => "progress.csv",
        RoundTable::Units => "units.csv",
    };
    let path = scratch_file(name, data);
    let shown = match kind {
        RoundTable::Rectification => ledger::read_rectification(round, &notes).map(|v| format!("{v:?}")),
        RoundTable::Clues => ledger::read_clues(round, &notes).map(|v| format!("{v:?}")),
        RoundTable::Pool => pool::read(&path, &notes).map(|v| format!("{v:?}")),
        RoundTable::Progress => {
            let groups: Vec<&str> = round.file.groups.iter().map(|g| g.name.as_str()).collect();
            progress::read(&path, &groups, &notes).map(|v| format!("{v:?}"))
        }
        RoundTable::Units => units::read(&path, scratch_dir(), true, &Default::default(), &notes)
            .map(|u| format!("{:?}{:?}", u.units, u.groups)),
    };
    let _ = std::hint::black_box(shown.map_err(|e| e.to_string()));
    for n in notes.take() {
        std::hint::black_box(n.to_string());
    }
    let _ = std::fs::remove_file(path);
}
