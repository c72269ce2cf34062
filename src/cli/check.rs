//! `xuncha check`: drafts checked one by one, diagnostics or JSON printed.

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use xuncha::assess::report::ReportEvaluation;
use xuncha::model::outcome::Severity;
use xuncha::{pipeline, render};

use super::args::Format;
use super::settings::Pack;
use super::{CliError, Exit, report, rule_errors};

pub struct Settings {
    pub files: Vec<PathBuf>,
    pub format: Format,
    pub pack: Pack,
    /// The lowest severity that makes the exit code 1; `None`: never.
    pub fail_on: Option<Severity>,
    pub trace: bool,
    pub color: bool,
    pub signals: Option<Signals>,
    /// `--round` and `--unit`: the round folder and the unit a 整改情况报告 is about.
    pub round: Option<(PathBuf, String)>,
    /// `--genre`: read every draft as this genre instead of judging from its text.
    pub genre: Option<xuncha::analysis::genre::Genre>,
    /// `--annotate` / `--annotate-dir`: write each .docx draft's annotated copy (批注版).
    pub annotate: Option<Annotate>,
}

pub struct Annotate {
    /// `--annotate-dir`; `None`: beside each draft.
    pub dir: Option<PathBuf>,
}

/// `--signals`, `--unit`, `--top-leader`: signals to compare the drafts with.
pub struct Signals {
    pub dir: PathBuf,
    pub unit: String,
    pub top_leader: String,
}

pub fn run(s: Settings) -> Result<Exit, CliError> {
    let files = super::drafts::expand(&s.files);
    if files.is_empty() {
        return Err(CliError::Usage("没有要检查的报告：请给出 .docx、.txt、.md 文件或包含它们的目录".into()));
    }
    let notes = super::Notes::default();
    let round = s.round.as_ref().map(|(dir, _)| xuncha::model::round::Round::load(dir, &notes)).transpose()?;
    let setup = s.pack.setup(round.as_ref().and_then(|r| r.file.round.framework.as_deref()))?;
    let unit = match (&round, &s.round) {
        (Some(round), Some((_, unit))) => pipeline::unit_in_round(&setup, round, unit, &notes)?,
        _ => Default::default(),
    };
    let pack = &setup.engine.pack;
    let framework = &setup.framework.1.name;
    // Reports are checked a batch at a time and written out in input order as each batch is
    // done, so memory holds one batch, not the whole folder. Signals are compared with all the
    // drafts at once (one batch).
    let batch = match s.signals {
        Some(_) => files.len(),
        None => rayon::current_num_threads() * 16,
    };
    let mut json = render::json::CheckWriter::new(pack, framework, s.trace);
    let mut stdout = std::io::stdout().lock();
    let (mut input_errors, mut rule_error, mut over) = (false, false, false);
    for chunk in files.chunks(batch.max(1)) {
        // A file that cannot be read is reported and the others still checked.
        let mut evals = Vec::new();
        let mut paths = Vec::new();
        for (path, result) in chunk.iter().zip(pipeline::check_files(&setup, chunk, s.genre, &unit)) {
            match result {
                Ok(e) => {
                    evals.push(e);
                    paths.push(path);
                }
                Err(e) => {
                    input_errors = true;
                    report(e);
                }
            }
        }
        let matched = match &s.signals {
            Some(sig) => pipeline::add_divergence(
                &setup,
                &mut evals,
                &sig.dir,
                s.round.as_ref().map(|(dir, _)| dir.as_path()),
                &sig.unit,
                &sig.top_leader,
                &notes,
            )?,
            None => Vec::new(),
        };
        // Laying out diagnostics costs about as much as the rules: done per report in parallel.
        let out: String = match s.format {
            Format::Json => {
                let objects: Vec<String> =
                    evals.par_iter().enumerate().map(|(i, e)| json.object(e, matched.get(i))).collect();
                objects.iter().map(|o| json.place(o)).collect()
            }
            Format::Human => evals
                .par_iter()
                .map(|e| render::human::check_report(e, pack, framework, s.trace, s.color))
                .collect::<Vec<String>>()
                .into_iter()
                .chain(matched.iter().map(render::divergence::unit_signals))
                .collect(),
        };
        let _ = stdout.write_all(out.as_bytes());
        let _ = stdout.flush();
        if let Some(a) = &s.annotate {
            for (path, eval) in paths.iter().zip(&evals) {
                match annotate(path, eval, a.dir.as_deref()) {
                    Ok(Some(out)) => eprintln!("已写入批注版：{}", out.display()),
                    Ok(None) => eprintln!("提示：{}：批注版只支持 .docx，已跳过", path.display()),
                    Err(e) => {
                        input_errors = true;
                        report(e);
                    }
                }
            }
        }
        rule_error |= rule_errors(&evals);
        over |= s.fail_on.is_some_and(|min| {
            evals.iter().flat_map(|e| &e.run.findings).any(|f| f.waived.is_none() && f.severity >= min)
        });
    }
    if s.format == Format::Json {
        let _ = stdout.write_all(json.finish().as_bytes());
        let _ = stdout.flush();
    }
    Ok(if input_errors {
        Exit::Input
    } else if rule_error {
        Exit::Rules
    } else if over {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// Writes `草稿（自查批注）.docx` beside the draft or into `dir`; None for a draft that is not .docx.
fn annotate(path: &Path, eval: &ReportEvaluation, dir: Option<&Path>) -> Result<Option<PathBuf>, CliError> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if ext.as_deref() != Some("docx") {
        return Ok(None);
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let dir = match dir {
        Some(d) => {
            std::fs::create_dir_all(d).map_err(CliError::io(d, "无法创建批注版目录"))?;
            d.to_path_buf()
        }
        None => path.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    let out = dir.join(format!("{stem}（自查批注）.docx"));
    if same_file(path, &out) {
        return Err(CliError::Other(format!("{}：批注版的文件名与草稿相同，不能覆盖原文件", out.display())));
    }
    let original = xuncha::read::report::read_limited(path, xuncha::read::report::MAX_REPORT_BYTES)
        .map_err(|e| CliError::Input(e.into()))?;
    let comments = render::docx::check_comments(eval);
    let bytes = render::docx::annotate(&original, &comments)
        .map_err(|e| CliError::Other(format!("{}：{e}", path.display())))?;
    xuncha::util::fs::write_atomic(&out, &bytes).map_err(CliError::io(&out, "写入失败"))?;
    Ok(Some(out))
}

/// Whether two paths name one file (the second need not exist).
fn same_file(a: &Path, b: &Path) -> bool {
    let canonical = |p: &Path| {
        p.canonicalize().ok().or_else(|| {
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            Some(parent.canonicalize().ok()?.join(p.file_name()?))
        })
    };
    a == b || matches!((canonical(a), canonical(b)), (Some(x), Some(y)) if x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_file_sees_through_spellings() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("草稿.docx");
        std::fs::write(&a, b"x").unwrap();
        assert!(same_file(&a, &dir.path().join(".").join("草稿.docx")));
        assert!(same_file(&a, &a));
        assert!(!same_file(&a, &dir.path().join("草稿（自查批注）.docx")));
    }
}
