//! `xuncha round`: whole rounds run, the web page, workbook, Markdown and JSON written to one
//! folder, a line per round printed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use xuncha::assess::round::{History, RoundResult};
use xuncha::model::round::Round;
use xuncha::{pipeline, render};

use super::settings::Pack;
use super::{CliError, Exit, rule_errors};

pub struct Settings {
    /// Round folders, or parents of round folders.
    pub rounds: Vec<PathBuf>,
    /// `--out`: the output folder.
    pub out: PathBuf,
    /// A progress bar on stderr (not with `--quiet`, nor when stderr is not a terminal).
    pub progress: bool,
    /// `--today`: the day the ledgers are judged on.
    pub today: Option<String>,
    /// `--db`: an archive whose earlier rounds join the trends (read only when given).
    pub db: Option<PathBuf>,
    /// `--pretty`: round.json indented (compact by default: a third of the size).
    pub pretty: bool,
    pub pack: Pack,
}

/// Set by Ctrl-C while the set is written: every further write fails and the set is dropped.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// Where the run is, for the Ctrl-C handler.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Reading and assessing: nothing written yet, so Ctrl-C ends the run at once.
    Working,
    /// The set is being written into its temporary folder: Ctrl-C cancels the writes and the
    /// run removes the folder itself.
    Writing,
    /// The set is being moved into place (a few renames): Ctrl-C waits for them.
    Moving,
}

static PHASE: Mutex<Phase> = Mutex::new(Phase::Working);

fn phase() -> std::sync::MutexGuard<'static, Phase> {
    PHASE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Ctrl-C: before writing, stop at once (nothing was written); while writing, cancel the writes
/// so the run removes its temporary folder and ends with [`CliError::Interrupted`].
fn on_ctrl_c() {
    let p = phase();
    match *p {
        Phase::Working => {
            eprintln!("{}", CliError::Interrupted);
            std::process::exit(Exit::Interrupted as i32);
        }
        Phase::Writing | Phase::Moving => CANCEL.store(true, Ordering::SeqCst),
    }
}

pub fn run(s: Settings) -> Result<Exit, CliError> {
    // Only fails if a handler is set already, which `round` never does twice.
    let _ = ctrlc::set_handler(on_ctrl_c);
    let dirs = pipeline::expand(&s.rounds)?;
    check_out_dir(&s.out, &dirs)?;
    let notes = super::Notes::default();
    let rounds = dirs.iter().map(|d| Round::load(d, &notes)).collect::<Result<Vec<_>, _>>()?;
    let mut setup = s.pack.setup(rounds.first().and_then(|r| r.file.round.framework.as_deref()))?;
    setup.today = s.today;
    let bar = progress_bar(s.progress, rounds.iter().map(|r| r.file.units.len()).sum());
    let mut results = Vec::new();
    for r in rounds {
        bar.set_message(r.name().to_owned());
        match pipeline::run_round(&setup, r, &|| bar.inc(1), &notes) {
            Ok(res) => results.push(res),
            Err(e) => {
                bar.abandon();
                return Err(e.into());
            }
        }
    }
    bar.finish_and_clear();
    let history = match &s.db {
        Some(db) => {
            let top = setup.engine.pack.config.rubric.grades.first().map_or("", |g| g.name.as_str());
            let archived = super::archive::existing(db)?.archived(top)?;
            History::with_archive(&results, archived)
        }
        None => History::of(&results),
    };
    // The whole set is written beside the output folder and moved into place at the end: a
    // failed or interrupted run leaves the previous set untouched and no temporary files.
    let set = {
        // Held while the temporary folder is made, so Ctrl-C never ends the run between the two.
        let mut p = phase();
        let set = xuncha::util::fs::OutputSet::begin(&s.out, Some(&CANCEL))
            .map_err(CliError::io(&s.out, "无法创建输出目录"))?;
        *p = Phase::Writing;
        set
    };
    let written = write_set(&set, &s.out, &results, &history, &setup, s.pretty);
    let outcome = match written {
        Ok(()) => {
            *phase() = Phase::Moving;
            set.commit().map_err(CliError::io(&s.out, "无法将结果移入输出目录"))
        }
        Err(e) => {
            drop(set);
            Err(e)
        }
    };
    if CANCEL.load(Ordering::SeqCst) && outcome.is_err() {
        return Err(CliError::Interrupted);
    }
    outcome?;
    let mut out = std::io::stdout().lock();
    for r in &results {
        let e = &r.score.entries;
        let top = e.iter().filter(|x| x.grade.is_top()).count();
        let top_name = setup.engine.pack.config.rubric.grades.first().map_or("", |g| g.name.as_str());
        let flagged = e.iter().filter(|x| x.attention().next().is_some()).count();
        let _ = writeln!(out, "{}：{} 份报告，{top_name} {top} 份，需要关注 {flagged} 份", r.score.round, e.len());
    }
    let _ = writeln!(
        out,
        "已生成 {}/index.html（一页汇总，另有 details.html 和 units/ 下各单位详情）、round.xlsx、round.md、round.json",
        s.out.display()
    );
    let exit = Exit::after(results.iter().any(round_rule_errors));
    // Freeing a large round piece by piece takes most of a second, and the process ends here.
    std::mem::forget(results);
    Ok(exit)
}

/// Writes the outputs into the set (JSON, the pages, the workbook and Markdown) side by side;
/// pages and Markdown are made a page or a part at a time and round.json streams. When several
/// fail (a full disk), the first in that order is reported.
fn write_set(
    set: &xuncha::util::fs::OutputSet,
    out: &Path,
    results: &[RoundResult],
    history: &History,
    setup: &xuncha::engine::Setup,
    pretty: bool,
) -> Result<(), CliError> {
    let io = |name: &str| {
        let path = out.join(name);
        move |source| CliError::Io { path, doing: "写入失败", source }
    };
    let json = || {
        set.write_with("round.json", |w| render::round::write_json(results, history, setup, pretty, w))
            .map_err(io("round.json"))
    };
    let html = || -> Result<(), CliError> {
        render::html::each_page(&render::round::page(results, history, setup), |name, bytes| {
            set.write(&name, &bytes).map_err(io(&name))?;
            // The summary is handed over first and alone.
            if name == render::html::INDEX {
                test_pause();
            }
            Ok::<(), CliError>(())
        })
    };
    let xlsx = || set.write("round.xlsx", &render::round::xlsx(results, history, setup)?).map_err(io("round.xlsx"));
    let markdown = || {
        set.write_with("round.md", |w| render::round::write_markdown(results, history, setup, w))
            .map_err(io("round.md"))
    };
    // One renderer per file, none waiting for another. The workbook, Markdown and JSON are each
    // one thread's work, so they start first; the pages are many and go last, to whichever
    // threads are free (on two cores the workbook takes one, the rest the other, and the pages
    // end on both).
    let (xlsx, ((markdown, json), html)) = rayon::join(xlsx, || rayon::join(|| rayon::join(markdown, json), html));
    json.and(html).and(xlsx).and(markdown)
}

/// Tests only: `XUNCHA_TEST_ROUND_PAUSE_MS` holds the run after the summary page is written,
/// so a test can interrupt it there.
fn test_pause() {
    if let Some(ms) = std::env::var("XUNCHA_TEST_ROUND_PAUSE_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
        let end = std::time::Instant::now() + std::time::Duration::from_millis(ms);
        while std::time::Instant::now() < end && !CANCEL.load(Ordering::SeqCst) {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

/// Whether a rule failed anywhere in the round: reports, signals or cadres.
fn round_rule_errors(r: &RoundResult) -> bool {
    rule_errors(r.score.entries.iter().map(|e| &e.eval))
        || r.divergence.rule_errors()
        || r.cadres.as_ref().is_some_and(|c| c.rule_errors())
        || !r.ledger.errors.is_empty()
}

fn progress_bar(show: bool, reports: usize) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(reports as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} 份报告（{elapsed}）")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Refuses an output folder inside a round folder unless it is new (so that earlier outputs or
/// inputs are never overwritten there).
fn check_out_dir(out: &Path, rounds: &[PathBuf]) -> Result<(), CliError> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let o = abs(out);
    for r in rounds {
        let r = abs(r);
        if o == r {
            return Err(CliError::Usage(format!("输出目录 {} 就是轮次目录，请另选一个目录", out.display())));
        }
        if o.starts_with(&r) && out.exists() {
            return Err(CliError::Usage(format!(
                "输出目录 {} 位于轮次目录 {} 之内且已存在，为免覆盖输入，请指定一个新目录",
                out.display(),
                r.display()
            )));
        }
    }
    Ok(())
}
