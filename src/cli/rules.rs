//! `xuncha rules`: the rule pack listed, explained, exported, linted and tested.

use std::path::{Path, PathBuf};

use xuncha::pack::PackFiles;
use xuncha::render::rules as view;
use xuncha::setup;
use xuncha::util::suggest::suggest;

use super::args::Format;
use super::{CliError, Exit, report};

pub enum Settings {
    /// `rules`: a pack folder, or `None` for the embedded default pack (as below).
    List {
        rules: Option<PathBuf>,
        format: Format,
    },
    Explain {
        id: String,
        rules: Option<PathBuf>,
    },
    /// Exports the default pack into `dir`, which must be new or empty.
    Init {
        dir: PathBuf,
    },
    Check {
        dir: PathBuf,
    },
    Test {
        dir: Option<PathBuf>,
        require_coverage: bool,
    },
}

pub fn run(s: Settings) -> Result<Exit, CliError> {
    match s {
        Settings::List { rules, format } => {
            let setup = setup(rules.as_deref(), None)?;
            let pack = &setup.engine.pack;
            print!("{}", if format == Format::Json { view::list_json(pack) } else { view::list(pack) });
            Ok(Exit::Ok)
        }
        Settings::Explain { id, rules } => {
            let setup = setup(rules.as_deref(), None)?;
            let pack = &setup.engine.pack;
            let text = view::explain(pack, &id).ok_or_else(|| {
                let ids = pack.rules.iter().map(|r| r.id.as_str());
                CliError::Other(format!("没有编号为 {id} 的规则{}", suggest(&id, ids)))
            })?;
            print!("{text}");
            Ok(Exit::Ok)
        }
        Settings::Init { dir } => {
            if dir.exists() && std::fs::read_dir(&dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
                let msg = format!("{} 已存在且不是空目录，为免覆盖未作任何改动", dir.display());
                return Err(CliError::Other(msg));
            }
            let files = export_pack(&PackFiles::embedded(), &dir).map_err(CliError::io(&dir, "写入失败"))?;
            println!("已导出默认规则包到 {}（{} 个文件）", dir.display(), files);
            println!(
                "修改后用 xuncha rules check {0} 校验、xuncha rules test {0} 测试，使用时加 --rules {0}",
                dir.display()
            );
            Ok(Exit::Ok)
        }
        Settings::Check { dir } => {
            let setup = setup(Some(&dir), None)?;
            let p = &setup.engine.pack;
            let problems = xuncha::pack::lint(p);
            xuncha::ruletest::run(&setup)?;
            if !problems.is_empty() {
                problems.iter().for_each(report);
                return Ok(Exit::Input);
            }
            println!(
                "规则包 {} {} 校验通过：{} 条规则，{} 个词库领域，内容摘要 {}",
                p.config.name,
                p.config.version,
                p.rules.len(),
                p.areas.len(),
                p.hash
            );
            Ok(Exit::Ok)
        }
        Settings::Test { dir, require_coverage } => {
            let report = xuncha::ruletest::run(&setup(dir.as_deref(), None)?)?;
            print!("{}", view::test_report(&report));
            let uncovered = report.uncovered().next().is_some();
            Ok(if report.failed() > 0 || (require_coverage && uncovered) { Exit::Findings } else { Exit::Ok })
        }
    }
}

/// Writes the pack's files under `dir`; returns how many.
fn export_pack(pack: &PackFiles, dir: &Path) -> std::io::Result<usize> {
    for (rel, content) in &pack.files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        xuncha::util::fs::write_atomic(&path, content.as_bytes())?;
    }
    Ok(pack.files.len())
}
