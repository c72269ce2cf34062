//! `xuncha score`: a round's reports scored and ranked, or one unit's report explained.

use std::path::PathBuf;

use xuncha::render;
use xuncha::util::suggest::suggest;

use super::args::OutFormat;
use super::output::Output;
use super::rounds::Loaded;
use super::settings::Pack;
use super::{CliError, Exit, rule_errors};

pub struct Settings {
    pub round: PathBuf,
    pub output: Output,
    /// `--explain`: one unit's report in full instead of the ranking.
    pub explain: Option<String>,
    pub trace: bool,
    /// Colour for `--explain`.
    pub color: bool,
    pub pack: Pack,
}

pub fn run(s: Settings) -> Result<Exit, CliError> {
    let notes = super::Notes::default();
    let loaded = Loaded::new(&s.round, &s.pack, &notes)?;
    let scored = loaded.score(&notes)?;
    let pack = &loaded.setup.engine.pack;
    let exit = Exit::after(rule_errors(scored.entries.iter().map(|e| &e.eval)));
    if let Some(unit) = &s.explain {
        let Some(entry) = scored.entries.iter().find(|e| e.unit.name == *unit || e.unit.name.contains(unit.as_str()))
        else {
            let names = scored.entries.iter().map(|e| e.unit.name.as_str());
            return Err(CliError::Other(format!("本轮没有单位“{unit}”{}", suggest(unit, names))));
        };
        print!("{}", render::human::explain_entry(entry, pack, &scored.framework, s.trace, s.color));
        return Ok(exit);
    }
    let bytes = match s.output.format {
        OutFormat::Table => render::human::score_view(&scored, pack).into_bytes(),
        OutFormat::Json => render::json::score(&scored, pack, s.trace).into_bytes(),
        OutFormat::Md => render::markdown::score(&scored, pack).into_bytes(),
        OutFormat::Xlsx => render::xlsx::score(&scored, pack)?,
    };
    s.output.write(&bytes)?;
    Ok(exit)
}
