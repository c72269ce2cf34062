//! A rule's own settings: the TOML block under `## 设置` in its `//!` header (between a
//! `` ```toml `` line and a `` ``` `` line), and how a pack's `[rules."id"]` overrides them.

use serde::{Deserialize, Serialize};

use crate::model::outcome::Severity;
use crate::pack::{PackError, RuleConfig};
use crate::util::toml_errors::{line_col, translate_toml};

/// The heading of the settings section in a rule's header.
pub const SETTINGS_HEADING: &str = "设置";

/// The settings block of one rule script, with where each of its lines sits in the script.
#[derive(Debug, Clone, Default)]
pub struct SettingsBlock {
    /// The TOML between the fences, without the `//! ` prefixes.
    pub toml: String,
    /// For each TOML line: its 1-based line in the script and how many characters the prefix took.
    lines: Vec<(usize, usize)>,
    /// Line of the `## 设置` heading.
    pub heading_line: usize,
}

impl SettingsBlock {
    /// Finds the block in the script's `//!` header. `Ok(None)` when the rule has no `## 设置`.
    /// Errors carry the script line.
    pub fn find(script: &str) -> Result<Option<Self>, (usize, String)> {
        let mut block: Option<Self> = None;
        // None: outside the section; Some(false): in it, before the fence; Some(true): inside the fence.
        let mut state: Option<bool> = None;
        let mut outer_fence = false;
        for (i, line) in script.lines().enumerate() {
            let n = i + 1;
            let Some(rest) = line.trim_start().strip_prefix("//!") else {
                if line.trim().is_empty() {
                    continue;
                }
                break;
            };
            let prefix = line.chars().count() - rest.chars().count() + usize::from(rest.starts_with(' '));
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            match state {
                Some(true) => {
                    if rest.trim_end() == "```" {
                        state = None;
                        continue;
                    }
                    if let Some(b) = block.as_mut() {
                        b.toml.push_str(rest);
                        b.toml.push('\n');
                        b.lines.push((n, prefix));
                    }
                }
                Some(false) => {
                    if rest.trim().is_empty() {
                        continue;
                    }
                    if rest.trim_end() == "```toml" {
                        state = Some(true);
                        continue;
                    }
                    return Err((n, "“## 设置”下应是一段 ```toml 开头、``` 结尾的 TOML".into()));
                }
                None => {
                    if rest.trim_start().starts_with("```") {
                        outer_fence = !outer_fence;
                        continue;
                    }
                    if outer_fence {
                        continue;
                    }
                    if rest.strip_prefix("## ").is_some_and(|h| h.trim() == SETTINGS_HEADING) {
                        if block.is_some() {
                            return Err((n, "规则说明中只能有一节“## 设置”".into()));
                        }
                        block = Some(Self { heading_line: n, ..Self::default() });
                        state = Some(false);
                    }
                }
            }
        }
        match (state, &block) {
            (Some(true), _) => Err((script.lines().count(), "“## 设置”中的 ```toml 没有以 ``` 结尾".into())),
            (Some(false), Some(b)) => Err((b.heading_line, "“## 设置”下没有 ```toml 开头的设置".into())),
            _ => Ok(block),
        }
    }

    /// The script line and column of a byte offset in [`Self::toml`].
    fn place(&self, offset: usize) -> (usize, usize) {
        let (line, column) = line_col(&self.toml, offset);
        match self.lines.get(line - 1) {
            Some(&(n, prefix)) => (n, column + prefix),
            None => (self.lines.last().map_or(self.heading_line, |l| l.0), 1),
        }
    }

    /// Reads the block as the rule's settings; errors point at the script line.
    pub fn parse(&self, file: &str) -> Result<RuleConfig, PackError> {
        toml::from_str(&self.toml).map_err(|e| {
            let (line, column) = e.span().map_or((self.heading_line, 1), |s| self.place(s.start));
            PackError::Toml { file: file.to_owned(), line, column, detail: translate_toml(e.message()) }
        })
    }

    /// Script line of the first `key = …` in the block (a key of the top level or of `[params]`).
    pub fn line_of_key(&self, key: &str) -> usize {
        self.toml
            .lines()
            .zip(&self.lines)
            .find(|(l, _)| {
                let l = l.trim_start();
                l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('='))
                    || l.strip_prefix(&format!("\"{key}\"")).is_some_and(|r| r.trim_start().starts_with('='))
            })
            .map_or(self.heading_line, |(_, &(n, _))| n)
    }

    /// Script line and column (in characters, 1-based) of the first `"value"` after `key = `.
    pub fn place_of_value(&self, key: &str, value: &str) -> (usize, usize) {
        let from = self.line_of_key(key);
        let quoted = format!("\"{value}\"");
        self.toml
            .lines()
            .zip(&self.lines)
            .filter(|(_, (n, _))| *n >= from)
            .find_map(|(l, &(n, prefix))| l.find(&quoted).map(|at| (n, prefix + l[..at].chars().count() + 2)))
            .unwrap_or((from, 1))
    }
}

/// `[rules."id"]` in pack.toml: any setting of the rule, each replacing the rule's own.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOverride {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub veto: Option<bool>,
    /// Merged into the rule's params key by key (tables within them too).
    #[serde(default, skip_serializing_if = "toml::Table::is_empty")]
    pub params: toml::Table,
}

impl RuleOverride {
    /// The rule's settings with these on top.
    pub fn apply(&self, base: &RuleConfig) -> RuleConfig {
        let mut c = base.clone();
        if let Some(v) = self.enabled {
            c.enabled = v;
        }
        if let Some(v) = self.severity {
            c.severity = v;
        }
        if let Some(v) = &self.criterion {
            c.criterion = Some(v.clone());
        }
        if let Some(v) = self.points {
            c.points = v;
        }
        if let Some(v) = self.max_points {
            c.max_points = Some(v);
        }
        if let Some(v) = self.veto {
            c.veto = v;
        }
        super::merge_tables(&mut c.params, self.params.clone());
        c
    }

    /// Names of the settings this override changes (`severity`, `params.min_chars`), for messages.
    pub fn keys(&self) -> Vec<String> {
        let top = [
            ("enabled", self.enabled.is_some()),
            ("severity", self.severity.is_some()),
            ("criterion", self.criterion.is_some()),
            ("points", self.points.is_some()),
            ("max_points", self.max_points.is_some()),
            ("veto", self.veto.is_some()),
        ];
        top.into_iter()
            .filter(|(_, set)| *set)
            .map(|(k, _)| k.to_owned())
            .chain(self.params.keys().map(|k| format!("params.{k}")))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = "//! # 标题\n//!\n//! ## 设置\n//! ```toml\n//! severity = \"错误\"\n//! # 注释不是标题\n//! criterion = \"form\"\n//!\n//! [params]\n//! skip = [\"policy\", \"top-leader\"]\n//! ```\n\nlet x = 1;\n";

    #[test]
    fn block_is_read_with_script_lines() {
        let b = SettingsBlock::find(SCRIPT).unwrap().unwrap();
        assert_eq!(b.heading_line, 3);
        let c = b.parse("x.rhai").unwrap();
        assert_eq!(c.severity, Severity::Error);
        assert_eq!(c.criterion.as_deref(), Some("form"));
        assert_eq!(b.line_of_key("criterion"), 7);
        assert_eq!(b.place_of_value("skip", "top-leader"), (10, 24));
        assert!(SettingsBlock::find("//! # 标题\nlet x = 1;\n").unwrap().is_none());
    }

    #[test]
    fn errors_point_at_the_script_line() {
        let bad = SCRIPT.replace("criterion = \"form\"", "pionts = 2");
        let err = SettingsBlock::find(&bad).unwrap().unwrap().parse("r/x.rhai").unwrap_err().to_string();
        assert!(err.starts_with("r/x.rhai:7:") && err.contains("pionts"), "{err}");
        let unclosed = "//! ## 设置\n//! ```toml\n//! severity = \"错误\"\n";
        assert!(SettingsBlock::find(unclosed).is_err());
        let no_fence = "//! ## 设置\n//! severity = \"错误\"\n";
        assert_eq!(SettingsBlock::find(no_fence).unwrap_err().0, 2);
    }

    #[test]
    fn override_merges_key_by_key() {
        let base: RuleConfig =
            toml::from_str("severity = \"错误\"\npoints = 2\n[params]\na = 1\nt = { x = 1, y = 2 }\n").unwrap();
        let over: RuleOverride = toml::from_str("points = 3\n[params]\nb = 2\nt = { y = 5 }\n").unwrap();
        let c = over.apply(&base);
        assert_eq!(c.severity, Severity::Error);
        assert_eq!(c.points, 3.0);
        assert_eq!(c.params["a"].as_integer(), Some(1));
        assert_eq!(c.params["b"].as_integer(), Some(2));
        assert_eq!(c.params["t"]["x"].as_integer(), Some(1));
        assert_eq!(c.params["t"]["y"].as_integer(), Some(5));
        assert_eq!(over.keys(), vec!["points", "params.b", "params.t"]);
    }
}
