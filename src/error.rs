//! The library's error: every way an input can be unusable, each naming the file and the place.
//! All of them are the user's to fix (exit code 2); rule errors are outcomes, not errors.

use crate::assess::divergence::DivergenceError;
use crate::pack::PackError;
use crate::read::cadres::CadreError;
use crate::read::report::InputError;
use crate::read::round::RoundError;
use crate::read::signals::SignalError;
use crate::read::table::TableError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Pack(#[from] PackError),
    #[error(transparent)]
    Round(#[from] RoundError),
    #[error(transparent)]
    Report(#[from] InputError),
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Signals(#[from] SignalError),
    #[error(transparent)]
    Cadres(#[from] CadreError),
    #[error(transparent)]
    Divergence(#[from] DivergenceError),
    #[error("内存中的轮次有 {units} 个被巡察单位，却给了 {reports} 份报告")]
    ReportCount { units: usize, reports: usize },
    #[error("{path}：缺少 round.toml，其下也没有轮次目录（可用 xuncha init 目录 生成模板）")]
    NoRounds { path: String },
}
