//! `xuncha ledger`: the round's rectification and clue ledgers judged on a day, and `ledger
//! init`, which writes the blank 整改台账 from the reports' problem items.

use std::path::{Path, PathBuf};

use xuncha::assess::ledger::Ledger;
use xuncha::render::ledger_docs;
use xuncha::render::word;
use xuncha::{pipeline, render};

use super::args::OutFormat;
use super::output::Output;
use super::rounds::Loaded;
use super::settings::Pack;
use super::{CliError, Exit};

pub enum Settings {
    /// `xuncha ledger ROUND`.
    Show { round: PathBuf, output: Output, today: Option<String>, pack: Pack },
    /// `xuncha ledger init ROUND`.
    Init { round: PathBuf, force: bool, pack: Pack },
    /// `xuncha ledger letters ROUND`: one 督办函 per unit.
    Letters { round: PathBuf, today: Option<String>, out: PathBuf, pack: Pack },
    /// `xuncha ledger notice ROUND`: the draft 整改进展情况通报.
    Notice { round: PathBuf, today: Option<String>, output: PathBuf, pack: Pack },
}

pub fn run(s: Settings) -> Result<Exit, CliError> {
    match s {
        Settings::Show { round, output, today, pack } => show(round, output, today, &pack),
        Settings::Init { round, force, pack } => init(round, force, &pack),
        Settings::Letters { round, today, out, pack } => letters(round, today, out, &pack),
        Settings::Notice { round, today, output, pack } => notice(round, today, output, &pack),
    }
}

/// The round's ledgers judged on `today`, with the setup they were judged under.
fn judged(dir: &Path, today: Option<String>, pack: &Pack) -> Result<(Loaded, Ledger), CliError> {
    let notes = super::Notes::default();
    let Loaded { round, mut setup } = Loaded::new(dir, pack, &notes)?;
    setup.today = today;
    let ledgers = pipeline::read_ledgers(&round, &notes)?;
    if ledgers.is_empty() {
        return Err(CliError::Other(format!(
            "{}：没有整改台账（整改台账.xlsx 或 .csv）和线索台账（线索台账.xlsx 或 .csv）。\
             可用 xuncha ledger init {} 按报告的问题生成整改台账",
            dir.display(),
            dir.display()
        )));
    }
    // 共性问题 are grouped from the reports' problem items.
    let evals = pipeline::evaluate_reports(&setup, &round, &|| {})?;
    let problems = pipeline::problem_titles(&evals);
    let ledger = pipeline::judge_ledgers(&setup, &round, ledgers, &problems);
    Ok((Loaded { round, setup }, ledger))
}

fn sender(setup: &xuncha::engine::Setup) -> ledger_docs::Sender<'_> {
    let cfg = &setup.engine.pack.config.ledger;
    ledger_docs::Sender { office: &cfg.office, reply_days: cfg.reply_days }
}

fn show(dir: PathBuf, output: Output, today: Option<String>, pack: &Pack) -> Result<Exit, CliError> {
    let (Loaded { round, setup }, ledger) = judged(&dir, today, pack)?;
    let name = round.name();
    let bytes = match output.format {
        OutFormat::Table => render::ledger::terminal(name, &ledger).into_bytes(),
        OutFormat::Json => render::ledger::json(name, &ledger, &setup.engine.pack).into_bytes(),
        OutFormat::Md => render::ledger::markdown(name, &ledger, 1).into_bytes(),
        OutFormat::Xlsx => render::xlsx::workbook(&render::ledger::sheets(&ledger))?,
    };
    output.write(&bytes)?;
    Ok(Exit::after(!ledger.errors.is_empty()))
}

fn init(dir: PathBuf, force: bool, pack: &Pack) -> Result<Exit, CliError> {
    let notes = super::Notes::default();
    let Loaded { round, setup } = Loaded::new(&dir, pack, &notes)?;
    let existing = round.optional_file(&xuncha::read::ledger::RECTIFY_FILES);
    if let Some(path) = existing.as_ref().filter(|_| !force) {
        return Err(CliError::Other(format!(
            "{} 已存在，不会覆盖（确要重新生成，加 --force；已填写的内容会丢失）",
            path.display()
        )));
    }
    let evals = pipeline::evaluate_reports(&setup, &round, &|| {})?;
    let items = xuncha::assess::ledger::template_items(&evals);
    let path = dir.join("整改台账.xlsx");
    let bytes = render::xlsx::workbook(&[render::ledger::template(&items)])?;
    xuncha::util::fs::write_atomic(&path, &bytes).map_err(CliError::io(&path, "写入失败"))?;
    let units = round.file.units.iter().filter(|u| items.iter().any(|i| i.unit == u.name)).count();
    eprintln!(
        "已生成 {}：{} 个单位的 {} 个问题，请各单位填写整改措施、责任领导、责任人、整改时限和完成情况",
        path.display(),
        units,
        items.len()
    );
    if let Some(other) = existing.filter(|p| p != &path) {
        eprintln!("注意：{} 仍在，读取时优先使用 整改台账.xlsx", other.display());
    }
    Ok(Exit::Ok)
}

fn letters(dir: PathBuf, today: Option<String>, out: PathBuf, pack: &Pack) -> Result<Exit, CliError> {
    let (Loaded { round, setup }, ledger) = judged(&dir, today, pack)?;
    if !ledger.has_items {
        return Err(CliError::Other(format!("{}：没有整改台账，无法生成督办函", dir.display())));
    }
    let letters = ledger_docs::letters(round.name(), &ledger, &sender(&setup));
    if letters.is_empty() {
        eprintln!("截至 {}，没有逾期或整改不实的问题，不需要督办函", ledger.today);
        return Ok(Exit::after(!ledger.errors.is_empty()));
    }
    std::fs::create_dir_all(&out).map_err(CliError::io(&out, "无法创建目录"))?;
    // Letters of an earlier day for units no longer behind must not be printed by mistake.
    let names: Vec<String> =
        letters.iter().map(|(u, _)| format!("督办函-{}.docx", xuncha::util::fs::safe_file_name(u))).collect();
    let entries = std::fs::read_dir(&out).map_err(CliError::io(&out, "无法读取目录"))?;
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("督办函-") && name.ends_with(".docx") && !names.contains(&name) {
            std::fs::remove_file(e.path()).map_err(CliError::io(&e.path(), "无法删除过期的督办函"))?;
            eprintln!("已删除 {}：截至 {} 该单位已没有需要督办的问题", e.path().display(), ledger.today);
        }
    }
    for (unit, blocks) in &letters {
        let path = out.join(format!("督办函-{}.docx", xuncha::util::fs::safe_file_name(unit)));
        let bytes =
            word::document(blocks).map_err(|e| CliError::Other(format!("生成 {} 失败：{e}", path.display())))?;
        xuncha::util::fs::write_atomic(&path, &bytes).map_err(CliError::io(&path, "写入失败"))?;
    }
    let items: usize = ledger
        .items
        .iter()
        .filter(|i| {
            letters.iter().any(|(u, _)| *u == i.item.unit) && i.light == Some(xuncha::assess::ledger::Light::Red)
        })
        .count();
    eprintln!(
        "已在 {} 生成 {} 份督办函（截至 {}，涉及 {} 个逾期或整改不实的问题），文号留空，请核对后印发",
        out.display(),
        letters.len(),
        ledger.today,
        items
    );
    Ok(Exit::after(!ledger.errors.is_empty()))
}

fn notice(dir: PathBuf, today: Option<String>, output: PathBuf, pack: &Pack) -> Result<Exit, CliError> {
    let (Loaded { round, setup }, ledger) = judged(&dir, today, pack)?;
    if !ledger.has_items {
        return Err(CliError::Other(format!("{}：没有整改台账，无法生成整改进展情况通报", dir.display())));
    }
    let blocks = ledger_docs::notice(round.name(), &ledger, &sender(&setup));
    let bytes = word::document(&blocks).map_err(|e| CliError::Other(format!("生成 {} 失败：{e}", output.display())))?;
    xuncha::util::fs::write_atomic(&output, &bytes).map_err(CliError::io(&output, "写入失败"))?;
    eprintln!("已生成 {}（截至 {} 的草稿），请核对后印发", output.display(), ledger.today);
    Ok(Exit::after(!ledger.errors.is_empty()))
}
