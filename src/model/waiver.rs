//! Waivers (豁免): approved exceptions to a rule for one unit, as `waivers.toml` lists them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WaiverFile {
    #[serde(default, rename = "waivers")]
    pub waivers: Vec<Waiver>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub rule: String,
    pub unit: String,
    pub reason: String,
    pub approved_by: String,
    /// YYYY-MM-DD (a TOML date or a string); compared with the round's end date, never with
    /// the clock.
    #[serde(default, deserialize_with = "crate::util::date::toml_date")]
    pub expires: Option<String>,
}

/// What became of the waivers of a round.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WaiverReport {
    pub applied: Vec<(Waiver, usize)>,
    pub expired: Vec<Waiver>,
    pub unused: Vec<Waiver>,
}
