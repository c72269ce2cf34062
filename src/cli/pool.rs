//! The round before and during inspection: `xuncha pool import|list` (the cadre pool in the
//! archive), `xuncha staff` (a roster drawn from it under the 回避 rules) and `xuncha progress`
//! (巡中调度: each group's progress against the plan).

use std::path::PathBuf;

use xuncha::archive::{self, Archive};
use xuncha::assess::staff::{self, Candidate, GroupPlan};
use xuncha::render::{history, staff as view};

use super::archive::existing;
use super::args::OutFormat;
use super::output::Output;
use super::settings::Pack;
use super::{CliError, Exit};

pub enum Settings {
    Import { file: PathBuf, db: PathBuf },
    List { expertise: Option<String>, leader: bool, db: PathBuf, output: Output },
    Staff { round: PathBuf, seed: Option<u64>, db: PathBuf, output: Output, pack: Pack },
    Progress { round: PathBuf, today: Option<String>, output: Output, pack: Pack },
}

pub fn run(s: Settings) -> Result<Exit, CliError> {
    match s {
        Settings::Import { file, db } => import(&file, &db),
        Settings::List { expertise, leader, db, output } => {
            let a = existing(&db)?;
            let rows: Vec<_> = a
                .pool()?
                .into_iter()
                .filter(|r| {
                    expertise.as_ref().is_none_or(|x| r.member.expertise.iter().any(|e| e.contains(x.as_str())))
                })
                .filter(|r| !leader || r.member.can_lead())
                .collect();
            let v = history::pool_view(&rows, &db.display().to_string());
            #[derive(serde::Serialize)]
            struct Json<'a> {
                pool: &'a [archive::PoolRow],
            }
            super::archive::show(&output, &v, &xuncha::render::json::versioned(&Json { pool: &rows }))
        }
        Settings::Staff { round, seed, db, output, pack } => roster(&round, seed, &db, output, &pack),
        Settings::Progress { round, today, output, pack } => progress(&round, today, output, &pack),
    }
}

fn import(file: &std::path::Path, db: &std::path::Path) -> Result<Exit, CliError> {
    let notes = super::Notes::default();
    let members = xuncha::read::pool::read(file, &notes).map_err(|e| CliError::Other(e.to_string()))?;
    let mut a = Archive::open(db)?;
    // A unit nobody has heard of is said, not guessed: the row is still imported.
    let mut known = a.known_units()?;
    known.extend(a.cadre_units()?);
    known.extend(a.pool()?.into_iter().map(|r| r.member.unit));
    if !known.is_empty() {
        for m in &members {
            for u in std::iter::once(&m.unit).chain(&m.recent_units).chain(m.relatives.iter().map(|(u, _)| u)) {
                if !known.iter().any(|k| xuncha::util::text::same_unit(k, u)) {
                    let hint = xuncha::util::suggest::suggest(u, known.iter().map(String::as_str));
                    eprintln!(
                        "注意：{}：{} 的单位“{u}”不在档案库已有的单位中{hint}，已照原样导入",
                        file.display(),
                        m.name
                    );
                }
            }
        }
    }
    let done = a.import_pool(&members)?;
    eprintln!("已导入 {}：新增 {} 人，更新 {} 人 → {}", file.display(), done.added, done.updated, db.display());
    Ok(Exit::Ok)
}

/// A seed from the clock when none is given; printed, so the draw can be repeated.
fn fresh_seed() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_secs() % 100_000_000)
}

fn roster(
    dir: &std::path::Path,
    seed: Option<u64>,
    db: &std::path::Path,
    output: Output,
    pack: &Pack,
) -> Result<Exit, CliError> {
    let notes = super::Notes::default();
    let plan = xuncha::read::round::read_plan(dir, &notes)?;
    let a = existing(db)?;
    let pool: Vec<Candidate> = a
        .pool()?
        .into_iter()
        .map(|r| Candidate { member: r.member, last_units: r.last_units, last_band: r.last_band })
        .collect();
    if pool.is_empty() {
        return Err(CliError::Other(format!(
            "{}：人才库是空的，先用 xuncha pool import 人才库.xlsx 导入",
            db.display()
        )));
    }
    let setup = pack.setup(None)?;
    let groups: Vec<GroupPlan> = plan.groups.into_iter().map(|(name, units)| GroupPlan { name, units }).collect();
    let seed = seed.unwrap_or_else(fresh_seed);
    let r = staff::propose(&setup.engine, &groups, pool, &setup.engine.pack.config.staff, seed);
    let v = view::view(&plan.name, &r);
    let bytes = match output.format {
        OutFormat::Table => format!(
            "{}\n可复制到 round.toml 的巡察组（副组长请办公室确定）：\n\n{}",
            history::terminal(&v),
            view::round_toml(&r)
        )
        .into_bytes(),
        OutFormat::Json => xuncha::render::json::versioned(&r).into_bytes(),
        OutFormat::Md => {
            format!("{}\n## round.toml\n\n```toml\n{}```\n", history::markdown(&v), view::round_toml(&r)).into_bytes()
        }
        OutFormat::Xlsx => xuncha::render::xlsx::workbook(&history::sheets(&v))?,
    };
    output.write(&bytes)?;
    Ok(Exit::after(!r.errors.is_empty()))
}

fn progress(dir: &std::path::Path, today: Option<String>, output: Output, pack: &Pack) -> Result<Exit, CliError> {
    use xuncha::assess::progress::{self, Calendar};
    let notes = super::Notes::default();
    let plan = xuncha::read::round::read_plan(dir, &notes)?;
    let (Some(start), Some(end)) = (&plan.start, &plan.end) else {
        return Err(CliError::Other(format!(
            "{}：[round] 需要写明 start 和 end（巡察开始、结束日期），才能按时间进度比对",
            dir.join("round.toml").display()
        )));
    };
    let Some(path) = xuncha::read::progress::FILES.iter().map(|f| dir.join(f)).find(|p| p.is_file()) else {
        return Err(CliError::Other(format!(
            "{}：没有巡中调度表（progress.xlsx 或 progress.csv），列名见 xuncha progress --help",
            dir.display()
        )));
    };
    let names: Vec<&str> = plan.groups.iter().map(|(g, _)| g.as_str()).collect();
    let notes = super::Notes::default();
    let rows = xuncha::read::progress::read(&path, &names, &notes).map_err(|e| CliError::Other(e.to_string()))?;
    let today = today.unwrap_or_else(xuncha::util::date::today);
    let calendar = Calendar::new(start, end, &today).ok_or_else(|| {
        CliError::Other(format!("{}：无法计算 {start} 至 {end} 的时间进度", dir.join("round.toml").display()))
    })?;
    let setup = pack.setup(None)?;
    let groups: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    let p = progress::assess(&setup.engine, &groups, &rows, calendar, &setup.engine.pack.config.progress);
    let v = xuncha::render::progress::view(&plan.name, &p);
    let bytes = match output.format {
        OutFormat::Table => history::terminal(&v).into_bytes(),
        OutFormat::Json => xuncha::render::json::versioned(&p).into_bytes(),
        OutFormat::Md => history::markdown(&v).into_bytes(),
        OutFormat::Xlsx => xuncha::render::xlsx::workbook(&history::sheets(&v))?,
    };
    output.write(&bytes)?;
    Ok(Exit::after(!p.errors.is_empty()))
}
