//! xuncha's lexical pass as a stand-alone program, for the comparison with ripgrep in
//! `benches/compare.sh`: read every report, decode it (UTF-8 / GBK), fold full-width characters
//! and run the default pack's Aho-Corasick automaton over it, as `xuncha check` does before any
//! rule runs. It prints the number of files, bytes, matches (places) and hits (place × area).
//!
//! ```sh
//! cargo bench --bench lexpass -- [--jobs N] [--ext txt] DIR_OR_FILE...
//! ```
//!
//! (`cargo bench` appends `--bench`, which is ignored.) compare.sh runs the built binary
//! directly so that process start and file reading are timed as for `rg`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use xuncha::analysis::lexicon::Lexicon;
use xuncha::pack::Pack;
use xuncha::util::text::{self, Folded};

fn collect(path: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else { return };
        let mut children: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        children.sort();
        for c in children {
            collect(&c, ext, out);
        }
    } else if ext.is_empty() || path.extension().is_some_and(|e| e == ext) {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut ext = "txt".to_owned();
    let mut inputs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bench" => {}
            "--jobs" | "-j" => jobs = args.next().and_then(|v| v.parse().ok()).unwrap_or(1).max(1),
            "--ext" => ext = args.next().unwrap_or_default(),
            _ => inputs.push(PathBuf::from(a)),
        }
    }
    if inputs.is_empty() {
        // `cargo bench` with no arguments: nothing to measure.
        eprintln!("lexpass: give report files or folders (see benches/compare.sh)");
        return;
    }
    let mut files = Vec::new();
    for i in &inputs {
        collect(i, &ext, &mut files);
    }

    let pack = match Pack::default_pack() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("lexpass: {e}");
            std::process::exit(2);
        }
    };
    let lexicon = match Lexicon::new(pack.areas.clone()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("lexpass: {e}");
            std::process::exit(2);
        }
    };

    let next = AtomicUsize::new(0);
    let hits = AtomicUsize::new(0);
    let matches = AtomicUsize::new(0);
    let bytes = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { return };
                    let Ok(raw) = std::fs::read(path) else { continue };
                    bytes.fetch_add(raw.len(), Ordering::Relaxed);
                    let Ok((decoded, _)) = text::decode(&raw) else { continue };
                    let folded = Folded::new(&decoded);
                    let found = lexicon.scan_folded(&folded);
                    hits.fetch_add(found.len(), Ordering::Relaxed);
                    // One match per place in the text (a term in two areas gives two hits).
                    let mut spans: Vec<_> = found.iter().map(|h| (h.span.start, h.span.end)).collect();
                    spans.dedup();
                    matches.fetch_add(spans.len(), Ordering::Relaxed);
                }
            });
        }
    });
    println!(
        "files {} bytes {} matches {} hits {}",
        files.len(),
        bytes.load(Ordering::Relaxed),
        matches.load(Ordering::Relaxed),
        hits.load(Ordering::Relaxed)
    );
}
