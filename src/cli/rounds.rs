//! The steps `score`, `diverge` and `evaluate` share: a round folder read with the pack compiled
//! for it, its reports evaluated, compared with its signals, ranked.

use std::path::Path;

use xuncha::assess::divergence::Divergence;
use xuncha::assess::ranking::RoundScore;
use xuncha::assess::report::ReportEvaluation;
use xuncha::engine::Setup;
use xuncha::model::round::Round;
use xuncha::pipeline;
use xuncha::read::table::Notices;

use super::CliError;
use super::settings::Pack;

/// A round folder and the pack compiled for it (framework: `--framework`, then round.toml's,
/// then the pack's).
pub struct Loaded {
    pub round: Round,
    pub setup: Setup,
}

impl Loaded {
    pub fn new(dir: &Path, pack: &Pack, notes: &Notices) -> Result<Self, CliError> {
        let round = Round::load(dir, notes)?;
        let setup = pack.setup(round.file.round.framework.as_deref())?;
        Ok(Self { round, setup })
    }

    /// Every report evaluated, and compared with the round's signals.
    pub fn diverge(&self, notes: &Notices) -> Result<(Vec<ReportEvaluation>, Divergence), CliError> {
        let evals = pipeline::evaluate_reports(&self.setup, &self.round, &|| {})?;
        let divergence = pipeline::diverge_round(&self.setup, &self.round, &evals, None, notes)?;
        Ok((evals, divergence))
    }

    /// …then ranked, with the divergence flags on each entry.
    pub fn score(&self, notes: &Notices) -> Result<RoundScore, CliError> {
        Ok(pipeline::rank_round(&self.setup, &self.round, &|| {}, notes)?.score)
    }
}
