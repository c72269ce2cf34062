//! `xuncha round`: whole rounds run, the web page, workbook, Markdown and JSON written to one
//! folder, a line per round printed.

use std::io::Write;
use std::path::{Path, PathBuf};

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
    pub pack: Pack,
}

pub fn run(s: Settings) -> Result<Exit, CliError> {
    let dirs = pipeline::expand(&s.rounds)?;
    check_out_dir(&s.out, &dirs)?;
    let rounds = dirs.iter().map(|d| Round::load(d)).collect::<Result<Vec<_>, _>>()?;
    let mut setup = s.pack.setup(rounds.first().and_then(|r| r.file.round.framework.as_deref()))?;
    setup.today = s.today;
    let bar = progress_bar(s.progress, rounds.iter().map(|r| r.file.units.len()).sum());
    let mut results = Vec::new();
    let notes = super::Notes::default();
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
    std::fs::create_dir_all(&s.out).map_err(CliError::io(&s.out, "无法创建输出目录"))?;
    // round.json streams to its file beside the other three, which are made one after another so
    // only one large rendering is in memory at a time.
    let write_with = |name: &str, write: &dyn Fn(&mut dyn Write) -> std::io::Result<()>| {
        let path = s.out.join(name);
        xuncha::util::fs::write_atomic_with(&path, write).map_err(CliError::io(&path, "写入失败"))
    };
    let write = |name: &str, bytes: &[u8]| write_with(name, &|w| w.write_all(bytes));
    let (json, others) = rayon::join(
        || write_with("round.json", &|w| render::round::write_json(&results, &history, &setup, w)),
        || -> Result<(), CliError> {
            write("index.html", render::html::render(&render::round::page(&results, &history, &setup)).as_bytes())?;
            write("round.xlsx", &render::round::xlsx(&results, &history, &setup)?)?;
            write("round.md", render::round::markdown(&results, &history, &setup).as_bytes())
        },
    );
    json.and(others)?;
    let mut out = std::io::stdout().lock();
    for r in &results {
        let e = &r.score.entries;
        let top = e.iter().filter(|x| x.grade.is_top()).count();
        let top_name = setup.engine.pack.config.rubric.grades.first().map_or("", |g| g.name.as_str());
        let flagged = e.iter().filter(|x| !x.flags.is_empty()).count();
        let _ = writeln!(out, "{}：{} 份报告，{top_name} {top} 份，需要关注 {flagged} 份", r.score.round, e.len());
    }
    let _ = writeln!(out, "已生成 {}/index.html、round.xlsx、round.md、round.json", s.out.display());
    let exit = Exit::after(results.iter().any(round_rule_errors));
    // Freeing a large round piece by piece takes most of a second, and the process ends here.
    std::mem::forget(results);
    Ok(exit)
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
