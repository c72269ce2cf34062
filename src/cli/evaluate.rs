//! `xuncha evaluate`: the round's cadres rated, and their appraisals written on request.

use std::path::{Path, PathBuf};

use xuncha::assess::cadre::Evaluation;
use xuncha::pack::CadreConfig;
use xuncha::read::cadres::CadreError;
use xuncha::render::{self, cadre as view};

use super::args::OutFormat;
use super::output::Output;
use super::rounds::Loaded;
use super::settings::Pack;
use super::{CliError, Exit};

pub struct Settings {
    pub round: PathBuf,
    pub output: Output,
    /// `--appraisals`: the folder for one appraisal per seconded cadre.
    pub appraisals: Option<PathBuf>,
    pub pack: Pack,
}

pub fn run(s: Settings) -> Result<Exit, CliError> {
    let notes = super::Notes::default();
    let Loaded { round, setup } = Loaded::new(&s.round, &s.pack, &notes)?;
    let cfg = setup.engine.pack.config.cadre.clone().ok_or(CadreError::NoConfig)?;
    let dir = round.dir.display().to_string();
    // The whole round: group leaders answer for their reports' score and divergence.
    let result = xuncha::pipeline::run_round(&setup, round, &|| {}, &notes)?;
    let result = result.cadres.ok_or_else(|| {
        CliError::Other(format!(
            "{dir}：没有巡察干部表（cadres.csv、cadres.xlsx 或 cadres.toml），可用 xuncha init 生成模板"
        ))
    })?;
    if let Some(dir) = &s.appraisals {
        write_appraisals(dir, &result, &cfg)?;
    }
    let bytes = match s.output.format {
        OutFormat::Table => view::terminal(&result, &cfg).into_bytes(),
        OutFormat::Json => view::json(&result, &setup.engine.pack, &cfg).into_bytes(),
        OutFormat::Md => view::markdown(&result, &cfg).into_bytes(),
        OutFormat::Xlsx => render::xlsx::workbook(&[view::sheet(&result, &cfg)])?,
    };
    s.output.write(&bytes)?;
    Ok(Exit::after(result.rule_errors()))
}

/// One Word appraisal (鉴定材料, for the cadre's file) per seconded cadre in `dir`, named after the cadre.
fn write_appraisals(dir: &Path, e: &Evaluation, cfg: &CadreConfig) -> Result<(), CliError> {
    std::fs::create_dir_all(dir).map_err(CliError::io(dir, "无法创建目录"))?;
    let seconded: Vec<_> = e.results.iter().filter(|r| r.cadre.seconded).collect();
    for r in &seconded {
        let path = dir.join(appraisal_file(&r.cadre.name));
        let blocks = xuncha::render::word::from_markdown(&view::appraisal(r, e, cfg));
        let bytes = xuncha::render::word::document(&blocks)
            .map_err(|e| CliError::Other(format!("生成 {} 失败：{e}", path.display())))?;
        xuncha::util::fs::write_atomic(&path, &bytes).map_err(CliError::io(&path, "写入失败"))?;
    }
    eprintln!("已在 {} 生成 {} 份鉴定材料", dir.display(), seconded.len());
    Ok(())
}

/// `张三-巡察干部鉴定.docx`, safe as a file name on Windows too.
fn appraisal_file(name: &str) -> String {
    format!("{}-巡察干部鉴定.docx", xuncha::util::fs::safe_file_name(name))
}
