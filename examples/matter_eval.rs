//! Agreement of the matter matcher with a labelled set: `fixtures/matters/` (the set the
//! matcher was developed on) or `fixtures/matters-heldout/` (written without sight of it).
//!
//! ```sh
//! cargo run --release --example matter_eval -- fixtures/matters
//! cargo run --release --example matter_eval -- fixtures/matters-heldout
//! ```
//! Prints the agreement overall, per trap kind and per expected status, and how the labelled
//! repeats (`matter`) were grouped; `VERBOSE=1` adds every miss, `DUMP=1` the features of each
//! signal's best passages, `SHOW_MATTERS=1` the groups, `NO_DISCOUNT=1` groups without the
//! channels' word counts, and `ONLY=05,06` limits the count to reports whose file names start so.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Deserialize;
use xuncha::Session;
use xuncha::analysis::matching::{Matcher, Segmenter, SignalCounts, Status, donors, matters, vocabulary};

#[derive(Deserialize)]
struct File {
    /// The round's places, as its round.toml would list them.
    places: String,
    pair: Vec<Pair>,
}

#[derive(Deserialize)]
struct Pair {
    id: String,
    report: String,
    unit: String,
    kind: String,
    text: String,
    #[serde(default)]
    polarity: Option<String>,
    expect: String,
    trap: String,
    #[serde(default)]
    item: Option<String>,
    #[serde(default)]
    matter: Option<String>,
}

/// Agreement of the matcher with the labels.
pub struct Agreement {
    pub agree: usize,
    pub total: usize,
    /// Per trap kind: (agree, total).
    pub by_trap: BTreeMap<String, (usize, usize)>,
    /// Per expected status: (agree, total).
    pub by_expect: BTreeMap<String, (usize, usize)>,
    /// One line per disagreement (with the features when `DUMP` is set).
    pub misses: Vec<String>,
    /// Two signals labelled one matter (重复举报) that were grouped, of all such two.
    pub repeats_grouped: (usize, usize),
    /// Two signals grouped as one matter that are not labelled so.
    pub wrongly_grouped: usize,
}

#[allow(dead_code)] // The integration tests include this file for `measure` only.
fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "fixtures/matters".into()));
    let a = measure(&dir);
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!("agreement: {}/{} = {:.1}%", a.agree, a.total, pct(a.agree, a.total));
    let (g, n) = a.repeats_grouped;
    println!("matters: {g}/{n} pairs of repeats grouped, {} pairs grouped wrongly", a.wrongly_grouped);
    for (k, (x, n)) in &a.by_trap {
        println!("  trap {k:<13} {x:>3}/{n:<3} {:.1}%", pct(*x, *n));
    }
    for (k, (x, n)) in &a.by_expect {
        println!("  expect {k:<11} {x:>3}/{n:<3} {:.1}%", pct(*x, *n));
    }
    if std::env::var_os("VERBOSE").is_some() {
        for m in a.misses {
            println!("{m}");
        }
    }
}

/// Runs the matcher (default rules, `matching/` script included) over the labelled set.
pub fn measure(dir: &std::path::Path) -> Agreement {
    let pairs: File =
        toml::from_str(&std::fs::read_to_string(dir.join("pairs.toml")).expect("pairs.toml")).expect("toml");
    let session = Session::new(None, None).expect("default rules");
    let mut reports: BTreeMap<String, (String, xuncha::ReportEvaluation)> = BTreeMap::new();
    for p in &pairs.pair {
        if !reports.contains_key(&p.report) {
            let bytes = std::fs::read(dir.join("reports").join(&p.report)).expect("report");
            let eval = session.check_bytes(&p.report, &bytes).expect("readable report");
            reports.insert(p.report.clone(), (p.unit.clone(), eval));
        }
    }
    // What a round.toml would give: unit names and the places they stand for.
    let names: Vec<&str> = reports.values().map(|(u, _)| u.as_str()).chain(pairs.places.split_whitespace()).collect();
    let analyses: Vec<&xuncha::analysis::Analysis> = reports.values().map(|(_, e)| &*e.analysis).collect();
    let segmenter = Segmenter::new(names, &session.setup().engine.pack.config.divergence.synonyms);
    // Each signal's words, cut as `round` cuts them (the signal's unit's name left out).
    let cut: Vec<_> = pairs.pair.iter().map(|p| segmenter.signal(&reports[&p.report].0, &p.text)).collect();
    let (matcher, indexes) = Matcher::new(
        &segmenter,
        &analyses,
        vocabulary(cut.par_iter().flat_map_iter(xuncha::analysis::matching::SignalWords::words)),
    );
    let indexes: BTreeMap<&str, _> = reports.keys().map(String::as_str).zip(indexes).collect();
    let mut script = session.setup().engine.match_script();
    let (mut agree, mut total) = (0, 0);
    let mut by_trap: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_expect: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    // Verdicts signal by signal, then settled matter by matter within each report.
    let mut verdicts: Vec<_> = pairs
        .pair
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let index = &indexes[p.report.as_str()];
            let positive = p.kind == "sentiment" && p.polarity.as_deref() == Some("正面");
            matcher.verdict(index, &p.id, &cut[i], positive, &mut |f| script.same_matter(f)).expect("matching script")
        })
        .collect();
    let (mut repeats_grouped, mut wrongly_grouped) = ((0, 0), 0);
    if std::env::var_os("NO_MATTERS").is_none() {
        // Word counts over every signal of the round, as `round` takes them.
        let mut all: Vec<_> = cut.iter().map(|c| matcher.terms(c)).collect();
        if std::env::var_os("NO_DISCOUNT").is_none() {
            let channel = |i: usize| -> &'static str {
                match pairs.pair[i].kind.as_str() {
                    "sentiment" => "舆情",
                    "known" => "领导掌握",
                    _ => "信访举报",
                }
            };
            let uses = SignalCounts::new(all.iter().enumerate().map(|(i, t)| (channel(i), t)));
            all.iter_mut().enumerate().for_each(|(i, t)| t.discount(&uses, channel(i)));
        }
        for report in reports.keys() {
            let at: Vec<usize> = (0..pairs.pair.len()).filter(|&i| &pairs.pair[i].report == report).collect();
            let terms: Vec<_> = at.iter().map(|&i| all[i].clone()).collect();
            let groups = matters(&terms);
            for (a, &i) in at.iter().enumerate() {
                for (b, &j) in at.iter().enumerate().skip(a + 1) {
                    let labelled = pairs.pair[i].matter.is_some() && pairs.pair[i].matter == pairs.pair[j].matter;
                    let grouped = groups[a] == groups[b];
                    repeats_grouped.0 += usize::from(labelled && grouped);
                    repeats_grouped.1 += usize::from(labelled);
                    wrongly_grouped += usize::from(grouped && !labelled);
                }
            }
            if std::env::var_os("TERMS").is_some() {
                for (k, t) in terms.iter().enumerate() {
                    println!("T {} {:?}", pairs.pair[at[k]].id, t);
                }
            }
            if std::env::var_os("SHOW_MATTERS").is_some() {
                for (k, &g) in groups.iter().enumerate() {
                    if groups.iter().filter(|&&x| x == g).count() > 1 {
                        println!("G {report} {} {}", at[g], pairs.pair[at[k]].id);
                    }
                }
            }
            let mine: Vec<_> = at.iter().map(|&i| (verdicts[i].status, verdicts[i].score)).collect();
            for (k, donor) in donors(&mine, &groups).into_iter().enumerate() {
                if let Some(d) = donor {
                    verdicts[at[k]] = verdicts[at[d]].clone();
                }
            }
        }
    }
    for ((p, v), words) in pairs.pair.iter().zip(&verdicts).zip(&cut) {
        if let Ok(only) = std::env::var("ONLY") {
            if !only.split(',').any(|o| p.report.starts_with(o)) {
                continue;
            }
        }
        let (_, eval) = &reports[&p.report];
        let index = &indexes[p.report.as_str()];
        let v = v.clone();
        let got = match v.status {
            Status::Covered => "covered",
            Status::Explained => "explained",
            Status::Missed => "missed",
            Status::Positive => "positive",
        };
        let ok = got == p.expect;
        if std::env::var_os("DUMP").is_some() {
            let f = matcher.features(index, words);
            let mut order: Vec<usize> = (0..f.len()).collect();
            order.sort_by(|&a, &b| f[b].overlap.total_cmp(&f[a].overlap));
            let row = |i: Option<&usize>| match i {
                Some(&i) => format!(
                    "{:.3}\t{:.2}\t{}\t{}\t{}\t{}\t{}\t{}\t",
                    f[i].matter,
                    f[i].overlap,
                    f[i].strong,
                    f[i].person_same as u8,
                    f[i].person_other as u8,
                    f[i].place_same as u8,
                    f[i].place_other as u8,
                    f[i].explanation as u8,
                ),
                None => "0\t0\t0\t0\t0\t0\t0\t0\t".into(),
            };
            println!("D\t{}\t{}\t{}\t{}\t{}\t{}", p.id, p.expect, p.trap, got, row(order.first()), row(order.get(1)));
        }
        total += 1;
        agree += ok as usize;
        let t = by_trap.entry(p.trap.clone()).or_default();
        t.0 += ok as usize;
        t.1 += 1;
        let e = by_expect.entry(p.expect.clone()).or_default();
        e.0 += ok as usize;
        e.1 += 1;
        if !ok {
            let passage = v.passage.map(|i| {
                let s = index.passages[i].span;
                eval.analysis.doc.slice(s).chars().take(40).collect::<String>()
            });
            let f = matcher.features(index, words);
            let best = f.iter().map(|x| x.words).fold(0.0, f64::max);
            let text = &eval.analysis.doc.text;
            let right = p
                .item
                .as_deref()
                .and_then(|q| text.find(q))
                .and_then(|at| index.passages.iter().position(|x| x.span.start <= at && at < x.span.end));
            let show = |i: usize| {
                format!(
                    "{:.2}/{:.1} p{} o{} strong {}",
                    f[i].matter, f[i].overlap, f[i].person_same as u8, f[i].person_other as u8, f[i].strong
                )
            };
            let mut order: Vec<usize> = (0..f.len()).collect();
            order.sort_by(|&a, &b| f[b].overlap.total_cmp(&f[a].overlap));
            let right = right.map(|i| format!("right: {}", show(i))).unwrap_or_default();
            let top = order.first().map(|&i| format!("top: {}", show(i))).unwrap_or_default();
            misses.push(format!(
                "{} [{}] expect {} got {} ({:.2}, best {:.2}): {}\n    → {}\n    {right}\n    {top}",
                p.id,
                p.trap,
                p.expect,
                got,
                v.score,
                best,
                p.text,
                passage.unwrap_or_default()
            ));
        }
    }
    Agreement { agree, total, by_trap, by_expect, misses, repeats_grouped, wrongly_grouped }
}
