//! Criterion benchmarks of xuncha's stages, on inputs from the corpus generator
//! (`examples/gen_corpus.rs`, included as a module so that benches and the comparison script
//! measure the same kind of text).
//!
//! ```sh
//! cargo bench --bench stages                 # all stages
//! cargo bench --bench stages -- lexicon      # one group
//! ```
//!
//! Groups: `ingest` (.txt UTF-8 / GBK, .docx: read + decode + structure), `structure`,
//! `lexicon` (fold + Aho-Corasick scan), `rules` (report rules on one analysed report, and the
//! whole evaluation of one report), `divergence` (signal tables read, divergence per unit),
//! `parallel` (a round's reports evaluated with 1 and 2 threads) and `render` (check output,
//! round outputs).

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use xuncha::analysis::structure;
use xuncha::analysis::{Analysis, UnitContext};
use xuncha::assess::divergence;
use xuncha::assess::report::evaluate_report;
use xuncha::engine::Setup;
use xuncha::model::document::{Document, SourceFormat};
use xuncha::model::round::Round;
use xuncha::read::signals;
use xuncha::render;
use xuncha::util::text::Folded;

#[allow(dead_code, unused_imports, clippy::all)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

/// The 20,000-character draft, and two ordinary reports of the corpus at both ends of quality.
struct Inputs {
    setup: Setup,
    draft: String,
    reports: Vec<(&'static str, String)>,
}

fn inputs() -> Inputs {
    let setup = xuncha::setup(None, None).expect("default pack");
    let draft = gen_corpus::draft_text(1, 20_000);
    let units = gen_corpus::units(1, 2, 1);
    let reports = vec![
        ("excellent-12k", gen_corpus::report_text(1, 0, &units[0], gen_corpus::Quality(0), 12_000)),
        ("poor-12k", gen_corpus::report_text(1, 1, &units[1], gen_corpus::Quality(4), 12_000)),
    ];
    Inputs { setup, draft, reports }
}

fn text_doc(text: &str) -> Document {
    Document::new("draft-20k.txt".into(), SourceFormat::Text, None, text.to_owned())
}

fn bench_ingest(c: &mut Criterion, inp: &Inputs) {
    let cfg = &inp.setup.engine.pack.config.structure;
    let utf8 = inp.draft.as_bytes().to_vec();
    let (gbk, _, _) = encoding_rs::GBK.encode(&inp.draft);
    let gbk = gbk.into_owned();
    let docx = gen_corpus::docx_bytes(&inp.draft);
    let mut g = c.benchmark_group("ingest");
    for (name, ext, bytes) in [("txt-utf8", "txt", &utf8), ("txt-gbk", "txt", &gbk), ("docx", "docx", &docx)] {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(BenchmarkId::new(name, "draft-20k"), |b| {
            b.iter(|| {
                xuncha::read::report::parse_report(format!("draft.{ext}"), ext, black_box(bytes), cfg).expect("parse")
            })
        });
    }
    g.throughput(Throughput::Bytes(gbk.len() as u64));
    g.bench_function(BenchmarkId::new("decode-gbk", "draft-20k"), |b| {
        b.iter(|| xuncha::util::text::decode(black_box(&gbk)).expect("decode"))
    });
    g.finish();
}

fn bench_structure(c: &mut Criterion, inp: &Inputs) {
    let cfg = &inp.setup.engine.pack.config.structure;
    let mut g = c.benchmark_group("structure");
    g.throughput(Throughput::Bytes(inp.draft.len() as u64));
    g.bench_function("draft-20k", |b| {
        b.iter_batched(
            || text_doc(&inp.draft),
            |mut doc| {
                structure::build(&mut doc, &[], cfg);
                doc
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

fn bench_lexicon(c: &mut Criterion, inp: &Inputs) {
    let lexicon = &inp.setup.engine.lexicon;
    let mut g = c.benchmark_group("lexicon");
    g.throughput(Throughput::Bytes(inp.draft.len() as u64));
    g.bench_function("fold/draft-20k", |b| b.iter(|| Folded::new(black_box(&inp.draft))));
    let folded = Folded::new(&inp.draft);
    g.bench_function("scan-folded/draft-20k", |b| b.iter(|| lexicon.scan_folded(black_box(&folded))));
    g.bench_function("fold+scan/draft-20k", |b| b.iter(|| lexicon.scan(black_box(&inp.draft))));
    g.bench_function("figures/draft-20k", |b| b.iter(|| xuncha::analysis::figures::scan(black_box(&folded))));
    g.finish();
}

fn bench_rules(c: &mut Criterion, inp: &Inputs) {
    let engine = &inp.setup.engine;
    let cfg = &engine.pack.config.structure;
    let mut g = c.benchmark_group("rules");
    let all: Vec<(&str, &String)> =
        std::iter::once(("draft-20k", &inp.draft)).chain(inp.reports.iter().map(|(n, t)| (*n, t))).collect();
    for (name, text) in all {
        let doc =
            xuncha::read::report::parse_report(format!("{name}.txt"), "txt", text.as_bytes(), cfg).expect("parse");
        let analysis = Arc::new(Analysis::new(doc.clone(), UnitContext::default(), engine.lexicon.clone()));
        g.throughput(Throughput::Elements(1));
        g.bench_function(BenchmarkId::new("report-rules", name), |b| {
            b.iter(|| engine.run_report_rules(black_box(&analysis), &inp.setup.framework))
        });
        g.bench_function(BenchmarkId::new("evaluate-report", name), |b| {
            b.iter_batched(
                || doc.clone(),
                |doc| evaluate_report(engine, doc, UnitContext::default(), &inp.setup.framework),
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

/// A small generated round on disk (reports, tip-offs and sentiment at the default corpus'
/// ratios: 100 tip-offs and 25 sentiment rows per unit).
fn small_round(units: usize) -> (tempfile::TempDir, Round) {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = gen_corpus::Args {
        out: dir.path().to_path_buf(),
        reports: units,
        tipoffs: units * 100,
        sentiment: units * 25,
        cadres: None,
        seed: 7,
        docx: Some(units / 20),
        gbk: 0,
        draft_chars: 6000,
    };
    gen_corpus::generate(&args).expect("generate round");
    let round = Round::load(dir.path(), &xuncha::read::table::Notices::new()).expect("load generated round");
    (dir, round)
}

fn bench_round(c: &mut Criterion, inp: &Inputs) {
    const UNITS: usize = 40;
    let setup = &inp.setup;
    let (_dir, round) = small_round(UNITS);
    let evals = xuncha::pipeline::evaluate_reports(setup, &round, &|| {}).expect("evaluate round");
    let signal_dir = round.dir.join("signals");

    let mut g = c.benchmark_group("divergence");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    g.throughput(Throughput::Elements((UNITS * 125) as u64));
    g.bench_function(BenchmarkId::new("read-signals", format!("{UNITS}-units")), |b| {
        b.iter(|| signals::read_dir(&signal_dir, &round, &Default::default()).expect("signals"))
    });
    let sigs = signals::read_dir(&signal_dir, &round, &Default::default()).expect("signals");
    g.throughput(Throughput::Elements(UNITS as u64));
    g.bench_function(BenchmarkId::new("per-unit", format!("{UNITS}-units")), |b| {
        b.iter_batched(
            || sigs.clone(),
            |s| divergence::diverge_signals(setup, &round, &evals, s).expect("diverge"),
            BatchSize::LargeInput,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("parallel");
    g.sample_size(10).measurement_time(Duration::from_secs(6));
    g.throughput(Throughput::Elements(UNITS as u64));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        g.bench_function(BenchmarkId::new("evaluate-round", format!("{threads}-threads")), |b| {
            b.iter(|| pool.install(|| xuncha::pipeline::evaluate_reports(setup, &round, &|| {}).expect("evaluate")))
        });
        g.bench_function(BenchmarkId::new("whole-round", format!("{threads}-threads")), |b| {
            b.iter(|| {
                pool.install(|| {
                    xuncha::pipeline::run_round(setup, round.clone(), &|| {}, &Default::default()).expect("round")
                })
            })
        });
    }
    g.finish();

    let result = xuncha::pipeline::run_round(setup, round.clone(), &|| {}, &Default::default()).expect("round");
    let results = std::slice::from_ref(&result);
    let mut g = c.benchmark_group("render");
    g.sample_size(20);
    let engine = &setup.engine;
    let cfg = &engine.pack.config.structure;
    let doc =
        xuncha::read::report::parse_report("draft-20k.txt".into(), "txt", inp.draft.as_bytes(), cfg).expect("parse");
    let eval = evaluate_report(engine, doc, UnitContext::default(), &setup.framework);
    let framework = &setup.framework.1.name;
    g.bench_function("check-human/draft-20k", |b| {
        b.iter(|| render::human::check_report(black_box(&eval), &engine.pack, framework, false, false))
    });
    g.bench_function("check-json/draft-20k", |b| {
        b.iter(|| render::json::check(&engine.pack, framework, std::slice::from_ref(black_box(&eval)), &[], false))
    });
    let label = format!("{UNITS}-units");
    let history = xuncha::assess::round::History::of(results);
    let history = &history;
    g.bench_function(BenchmarkId::new("round-markdown", &label), |b| {
        b.iter(|| render::round::markdown(black_box(results), history, setup))
    });
    g.bench_function(BenchmarkId::new("round-json", &label), |b| {
        b.iter(|| {
            let mut out = Vec::new();
            render::round::write_json(black_box(results), history, setup, false, &mut out).expect("json");
            out
        })
    });
    g.bench_function(BenchmarkId::new("round-html", &label), |b| {
        b.iter(|| render::html::render(&render::round::page(black_box(results), history, setup)))
    });
    g.bench_function(BenchmarkId::new("round-xlsx", &label), |b| {
        b.iter(|| render::round::xlsx(black_box(results), history, setup).expect("xlsx"))
    });
    g.finish();
}

fn stages(c: &mut Criterion) {
    let inp = inputs();
    bench_ingest(c, &inp);
    bench_structure(c, &inp);
    bench_lexicon(c, &inp);
    bench_rules(c, &inp);
    bench_round(c, &inp);
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = stages
}
criterion_main!(benches);
