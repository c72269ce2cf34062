//! Assessment: report scoring and ranking, divergence, cadre evaluation, round statistics.

pub mod cadre;
pub mod divergence;
pub mod judges;
pub mod ledger;
pub mod progress;
pub mod ranking;
pub mod report;
pub mod round;
pub mod scorecard;
pub mod staff;
pub mod waivers;
