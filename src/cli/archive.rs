//! `xuncha archive add|list` and `xuncha history unit|cadre|leader`: the office's archive of
//! finished rounds, and what it remembers about a unit, a cadre or a group leader.

use std::path::{Path, PathBuf};

use xuncha::archive::{self, Added, Archive, ArchiveError};
use xuncha::model::round::Round;
use xuncha::pipeline;
use xuncha::render::history::{self, View};

use super::args::OutFormat;
use super::output::Output;
use super::settings::Pack;
use super::{CliError, Exit};

impl From<ArchiveError> for CliError {
    fn from(e: ArchiveError) -> Self {
        CliError::Other(e.to_string())
    }
}

/// `--db`, else `XUNCHA_DB`, else 巡察档案.db in the current folder.
pub fn db_path(given: Option<PathBuf>) -> PathBuf {
    given
        .or_else(|| std::env::var_os("XUNCHA_DB").filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(archive::DEFAULT_FILE))
}

pub enum Settings {
    Add { round: PathBuf, today: Option<String>, progress: bool, db: PathBuf, pack: Pack },
    List { db: PathBuf, output: Output },
    Unit { name: String, db: PathBuf, output: Output, pack: Pack },
    Cadre { name: String, db: PathBuf, output: Output },
    Leader { name: String, db: PathBuf, output: Output },
}

pub fn run(s: Settings) -> Result<Exit, CliError> {
    match s {
        Settings::Add { round, today, progress, db, pack } => add(&round, today, progress, &db, &pack),
        Settings::List { db, output } => {
            let a = existing(&db)?;
            let rounds = a.rounds()?;
            let view = history::rounds_view(&rounds, &db.display().to_string());
            show(&output, &view, &xuncha::render::json::versioned(&ListJson { rounds }))
        }
        Settings::Unit { name, db, output, pack } => {
            let a = existing(&db)?;
            let setup = pack.setup(None)?;
            let Some(h) = a.unit_history(&name, &setup.engine)? else {
                return Err(CliError::Other(archive::not_found("被巡察单位", &name, &a.known_units()?)));
            };
            show(&output, &history::unit_view(&h), &xuncha::render::json::versioned(&h))
        }
        Settings::Cadre { name, db, output } => {
            let a = existing(&db)?;
            let Some(h) = a.cadre_history(&name)? else {
                return Err(CliError::Other(archive::not_found("巡察干部", &name, &a.known_cadres()?)));
            };
            show(&output, &history::cadre_view(&h), &xuncha::render::json::versioned(&h))
        }
        Settings::Leader { name, db, output } => {
            let a = existing(&db)?;
            let Some(h) = a.leader_history(&name)? else {
                return Err(CliError::Other(archive::not_found("组长", &name, &a.known_leaders()?)));
            };
            show(&output, &history::leader_view(&h), &xuncha::render::json::versioned(&h))
        }
    }
}

#[derive(serde::Serialize)]
struct ListJson {
    rounds: Vec<archive::RoundRow>,
}

/// Queries never create an archive: a missing file is a mistake in `--db` or the folder.
pub fn existing(db: &Path) -> Result<Archive, CliError> {
    if !db.exists() {
        return Err(CliError::Other(format!(
            "{}：没有这个巡察档案库。先用 xuncha archive add 轮次目录 存入一轮，或用 --db 指定档案库文件",
            db.display()
        )));
    }
    Ok(Archive::open(db)?)
}

pub fn show(output: &Output, view: &View, json: &str) -> Result<Exit, CliError> {
    let bytes = match output.format {
        OutFormat::Table => history::terminal(view).into_bytes(),
        OutFormat::Json => json.as_bytes().to_vec(),
        OutFormat::Md => history::markdown(view).into_bytes(),
        OutFormat::Xlsx => xuncha::render::xlsx::workbook(&history::sheets(view))?,
    };
    output.write(&bytes)?;
    Ok(Exit::Ok)
}

fn add(dir: &Path, today: Option<String>, progress: bool, db: &Path, pack: &Pack) -> Result<Exit, CliError> {
    let notes = super::Notes::default();
    let round = Round::load(dir, &notes)?;
    let mut setup = pack.setup(round.file.round.framework.as_deref())?;
    setup.today = today;
    // Open (and migrate) first: a database that cannot be used is said before a long run.
    let mut a = Archive::open(db)?;
    let bar = if progress {
        let bar = indicatif::ProgressBar::new(round.file.units.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} 份报告") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(round.name().to_owned());
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let result = pipeline::run_round(&setup, round, &|| bar.inc(1), &notes);
    bar.finish_and_clear();
    let result = result?;
    let record = archive::record(&result, &setup.engine.pack.hash);
    let added = a.add(&record)?;
    let verb = match added {
        Added::New => "已存入",
        Added::Replaced => "已替换档案库中的同名轮次",
    };
    eprintln!(
        "{verb}：{}（{} 个单位、{} 个问题、{} 名巡察干部、整改台账 {} 条、线索 {} 件）→ {}",
        record.name,
        record.units.len(),
        record.items.len(),
        record.cadres.len(),
        record.rectification.len(),
        record.clues.len(),
        db.display()
    );
    Ok(Exit::Ok)
}
