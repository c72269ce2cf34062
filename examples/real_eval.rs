//! Agreement of the engine with the hand labels of the real public texts in `fixtures/real/`.
//!
//! ```text
//! cargo run --release --example real_eval -- fixtures/real
//! ```
//!
//! Every text goes through the library exactly as `xuncha check` reads it (default pack, default
//! framework). Printed: genre accuracy, item-count agreement (±1, or ±10% for long lists),
//! focus-cell agreement, vetoed texts, the share of distinct totals, Kendall's τ-b between the
//! score (total ÷ assessed max) and the reviewer's `quality` over pairs of the same genre (and
//! per genre, and pooled across genres), and a per-text table.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use xuncha::Session;
use xuncha::assess::report::ReportEvaluation;

/// What the labels say about one text.
struct Label {
    genre: String,
    items: usize,
    /// A, B, C when the text has items.
    coverage: Option<[bool; 3]>,
    quality: Option<f64>,
}

/// What the engine says about one text.
struct Got {
    genre: String,
    items: usize,
    /// None per cell: not judged (no items).
    coverage: [Option<bool>; 3],
    /// Score as total ÷ assessed max × 100; None when the text is not scored.
    score: Option<f64>,
    grade: String,
    vetoed: bool,
}

fn read_label(path: &Path) -> Label {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let t: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let genre = t.get("genre").and_then(|v| v.as_str()).unwrap_or_default().to_owned();
    let items = t.get("items").and_then(|v| v.as_array()).map_or(0, Vec::len);
    let coverage = t.get("coverage").and_then(|v| v.as_table()).map(|c| {
        let f = |k: &str| c.get(k).and_then(|v| v.as_bool()).unwrap_or(false);
        [f("A"), f("B"), f("C")]
    });
    let quality = t
        .get("review")
        .and_then(|v| v.get("quality"))
        .and_then(|v| v.as_integer().map(|i| i as f64).or_else(|| v.as_float()));
    Label { genre, items, coverage, quality }
}

fn engine_view(session: &Session, e: &ReportEvaluation) -> Got {
    let a = &e.analysis;
    let focuses = &session.setup().framework.1.focuses;
    let covered: Vec<Option<bool>> = focuses.iter().map(|f| a.focus_covered(&f.areas)).collect();
    let mut coverage = [None; 3];
    for (i, c) in covered.iter().take(3).enumerate() {
        coverage[i] = *c;
    }
    let s = &e.score;
    let scored = session.setup().engine.pack.config.genres.scored(a.genre);
    Got {
        genre: a.genre.label().to_owned(),
        items: a.doc.problems.len(),
        coverage,
        // A text with no problem items has no score to rank (and no grade).
        score: (scored && !a.doc.problems.is_empty()).then(|| if s.max > 0.0 { s.total / s.max * 100.0 } else { 0.0 }),
        grade: s.grade.clone(),
        vetoed: s.vetoed,
    }
}

/// Kendall's τ-b over the pairs of texts in the same stratum (one stratum for all: the plain τ-b).
fn kendall_tau_b(xs: &[f64], ys: &[f64], strata: &[&str]) -> Option<f64> {
    let n = xs.len();
    let (mut concordant, mut discordant, mut tie_x, mut tie_y) = (0i64, 0i64, 0i64, 0i64);
    for i in 0..n {
        for j in (i + 1..n).filter(|&j| strata[i] == strata[j]) {
            let dx = (xs[i] - xs[j]).signum() * f64::from(u8::from((xs[i] - xs[j]).abs() > 1e-9));
            let dy = (ys[i] - ys[j]).signum() * f64::from(u8::from((ys[i] - ys[j]).abs() > 1e-9));
            match (dx == 0.0, dy == 0.0) {
                (true, true) => {}
                (true, false) => tie_x += 1,
                (false, true) => tie_y += 1,
                (false, false) if dx * dy > 0.0 => concordant += 1,
                _ => discordant += 1,
            }
        }
    }
    let n1 = (concordant + discordant + tie_x) as f64;
    let n2 = (concordant + discordant + tie_y) as f64;
    (n1 > 0.0 && n2 > 0.0).then(|| (concordant - discordant) as f64 / (n1 * n2).sqrt())
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 { "—".into() } else { format!("{:.1}%（{a}/{b}）", a as f64 * 100.0 / b as f64) }
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "fixtures/real".into()));
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt") && p.with_extension("toml").is_file())
        .collect();
    texts.sort();
    let session = Session::new(None, None).expect("default pack");
    let evals = session.check_files(&texts);

    let mut rows = Vec::new();
    for (path, eval) in texts.iter().zip(evals) {
        let label = read_label(&path.with_extension("toml"));
        let eval = eval.unwrap_or_else(|e| panic!("{e}"));
        let got = engine_view(&session, &eval);
        if std::env::var("REAL_EVAL_SHOW").is_ok_and(|v| path.to_string_lossy().contains(&v)) {
            let a = &eval.analysis;
            for (i, p) in a.doc.problems.iter().enumerate() {
                let unit = a.items[i].unit.as_deref().unwrap_or("");
                eprintln!("  [{}] {} {unit} | {} | {:?}", i + 1, a.doc.place(p.span.start), p.title, a.item_areas(i));
            }
            for f in &eval.run.findings {
                eprintln!("  ! {} {} -{}", f.rule, f.message, f.points);
            }
        }
        let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        rows.push((name, label, got));
    }

    let n = rows.len();
    let genre_ok = rows.iter().filter(|(_, l, g)| l.genre == g.genre).count();
    let listing: Vec<_> = rows.iter().filter(|(_, l, _)| l.items > 0).collect();
    let tolerance = |want: usize| (want as f64 * 0.1).max(1.0);
    let count_ok =
        listing.iter().filter(|(_, l, g)| (g.items as f64 - l.items as f64).abs() <= tolerance(l.items)).count();
    let (mut cells, mut cells_ok) = (0, 0);
    for (_, l, g) in &rows {
        if let Some(c) = l.coverage {
            for (want, got) in c.iter().zip(g.coverage) {
                cells += 1;
                cells_ok += usize::from(got == Some(*want));
            }
        }
    }
    let vetoed = rows.iter().filter(|(_, _, g)| g.vetoed).count();
    let scored: Vec<f64> = rows.iter().filter_map(|(_, _, g)| g.score).collect();
    let distinct: BTreeSet<i64> = scored.iter().map(|s| (s * 10.0).round() as i64).collect();
    let ranked: Vec<(f64, f64, &str)> =
        rows.iter().filter_map(|(_, l, g)| Some((g.score?, l.quality?, l.genre.as_str()))).collect();
    let with_quality = rows.iter().filter(|(_, l, _)| l.quality.is_some()).count();
    let xs: Vec<f64> = ranked.iter().map(|r| r.0).collect();
    let ys: Vec<f64> = ranked.iter().map(|r| r.1).collect();
    let genres: Vec<&str> = ranked.iter().map(|r| r.2).collect();
    // A reviewer ranks notices against notices: a notice's score and a rectification report's
    // come from different rule lists (the pack's [genres]), so pairs are compared within a genre.
    let tau = kendall_tau_b(&xs, &ys, &genres);
    let pooled = kendall_tau_b(&xs, &ys, &vec![""; xs.len()]);

    println!("真实文稿标注对照（{}，{} 篇）", dir.display(), n);
    println!("  文种判断正确：{}", pct(genre_ok, n));
    println!("  问题条数相符（±1，长清单 ±10%）：{}（标注列有问题的文稿）", pct(count_ok, listing.len()));
    println!("  三个聚焦覆盖单元格一致：{}（未识别出问题条目的算不一致）", pct(cells_ok, cells));
    println!("  一票否决：{vetoed} 篇（应为 0）");
    println!("  得分互不相同：{}（计分文稿中不同得分所占比例）", pct(distinct.len(), scored.len()));
    match tau {
        Some(t) => println!(
            "  Kendall τ-b（得分 = 总分 ÷ 已评估满分 × 100，与标注 quality 比较，同文种的文稿两两比较）：{t:.3}，{} 篇（有 quality 的 {} 篇中计分的）",
            ranked.len(),
            with_quality
        ),
        None => println!("  Kendall τ-b：无法计算（计分文稿不足）"),
    }
    for genre in ["反馈通报", "整改报告"] {
        let (gx, gy): (Vec<f64>, Vec<f64>) = ranked.iter().filter(|r| r.2 == genre).map(|r| (r.0, r.1)).unzip();
        if let Some(t) = kendall_tau_b(&gx, &gy, &vec![""; gx.len()]) {
            println!("    其中{genre}：{t:.3}，{} 篇", gx.len());
        }
    }
    if let Some(t) = pooled {
        println!("    不分文种混合排序：{t:.3}");
    }
    println!();
    println!(
        "{:<36} {:<8} {:<8} {:>5} {:>5} {:<7} {:<7} {:>6} {:>4} {:<6} 否决",
        "文稿", "标注文种", "判断文种", "标条", "识条", "标覆盖", "判覆盖", "得分", "质量", "等次"
    );
    for (name, l, g) in &rows {
        let lc = l.coverage.map_or("—".to_owned(), |c| c.iter().map(|&b| if b { 'Y' } else { 'n' }).collect());
        let gc: String = g
            .coverage
            .iter()
            .map(|c| match c {
                Some(true) => 'Y',
                Some(false) => 'n',
                None => '·',
            })
            .collect();
        let score = g.score.map_or("—".to_owned(), |s| format!("{s:.1}"));
        let q = l.quality.map_or("—".to_owned(), |q| format!("{q:.0}"));
        let grade = if g.grade.is_empty() { "—" } else { g.grade.as_str() };
        println!(
            "{:<36} {:<8} {:<8} {:>5} {:>5} {:<7} {:<7} {:>6} {:>4} {:<6} {}",
            name,
            l.genre,
            g.genre,
            l.items,
            g.items,
            lc,
            gc,
            score,
            q,
            grade,
            if g.vetoed { "是" } else { "" }
        );
    }
}
