//! The rule pack: `pack.toml`, lexicon areas, rule scripts with their documentation and settings.
//!
//! The default pack in `rules/` is embedded in the binary. Another pack is read from a folder and
//! may say `extends = "default"`: its files then override the default's file by file, its
//! `pack.toml` is merged into the default's table by table, and its lexicon terms are added.
//!
//! A rule is one unit: its script carries its documentation and its settings (severity, criterion,
//! points, params) in the `//!` header. `[rules."id"]` in pack.toml only overrides them.

mod rule_settings;
mod settings;

use std::collections::BTreeMap;

use include_dir::{Dir, include_dir};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::analysis::lexicon::{Area, LexiconFile};
use crate::analysis::structure::StructureConfig;
use crate::model::outcome::Severity;
use crate::util::suggest::suggest;

use crate::util::toml_errors::{line_col, translate_toml};
pub use rule_settings::{RuleOverride, SETTINGS_HEADING, SettingsBlock};
pub use settings::{CadreConfig, Category, DivergenceConfig, JudgeConfig, ProgressConfig, StaffConfig};

static DEFAULT_PACK: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// The files of a pack, keyed by their path inside it (`report/top-leader.rhai`).
#[derive(Debug, Clone)]
pub struct PackFiles {
    /// How the pack is named in messages: a folder, or 内置默认规则包.
    pub origin: String,
    pub files: BTreeMap<String, String>,
}

impl PackFiles {
    pub fn embedded() -> Self {
        let mut files = BTreeMap::new();
        collect_embedded(&DEFAULT_PACK, &mut files);
        Self { origin: "内置默认规则包".into(), files }
    }
}

fn collect_embedded(dir: &Dir<'static>, out: &mut BTreeMap<String, String>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            out.insert(file.path().to_string_lossy().replace('\\', "/"), text.to_owned());
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// Errors in a rule pack, each naming the file and, where known, the line and column.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("规则包目录 {path} 不存在或不是目录")]
    NotADir { path: String },
    #[error("读取规则包文件 {path} 失败：{detail}")]
    Io { path: String, detail: String },
    #[error("规则包文件 {path} 不是 UTF-8 编码，请另存为 UTF-8")]
    NotUtf8 { path: String },
    #[error("规则包缺少 pack.toml（{origin}）")]
    MissingPackToml { origin: String },
    #[error("{file}:{line}:{column}：配置有误：{detail}")]
    Toml { file: String, line: usize, column: usize, detail: String },
    #[error("{file}：{detail}")]
    Invalid { file: String, detail: String },
    /// A setting that is well-formed but wrong, at the line where it is written.
    #[error("{file}:{line}：{detail}")]
    Setting { file: String, line: usize, detail: String },
    #[error("{file}:{line}:{column}：规则脚本语法错误：{detail}")]
    Script { file: String, line: usize, column: usize, detail: String },
    #[error("规则包 extends = \"{name}\" 无法识别：目前只能继承 \"default\"（内置默认规则包）")]
    UnknownBase { name: String },
}

/// `pack.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackConfig {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub extends: Option<String>,
    #[serde(default)]
    pub description: String,
    /// Focus framework used when none is chosen on the command line.
    pub framework: String,
    #[serde(default)]
    pub structure: StructureConfig,
    pub frameworks: IndexMap<String, Framework>,
    pub rubric: Rubric,
    /// `[rules."id"]`: overrides of the rules' own settings, key by key. A rule's effective
    /// settings are [`RuleSource::config`] (`pack.rule(id)`).
    #[serde(default, rename = "rules")]
    pub rule_overrides: IndexMap<String, RuleOverride>,
    #[serde(default)]
    pub judges: settings::JudgeConfig,
    #[serde(default)]
    pub divergence: settings::DivergenceConfig,
    #[serde(default)]
    pub cadre: Option<settings::CadreConfig>,
    #[serde(default)]
    pub ledger: settings::LedgerConfig,
    #[serde(default)]
    pub staff: settings::StaffConfig,
    #[serde(default)]
    pub progress: settings::ProgressConfig,
    /// `[genres]`: which report rules apply to each genre, and when a score gets a grade.
    #[serde(default)]
    pub genres: crate::analysis::genre::GenresConfig,
}

/// A focus framework (三个聚焦, 四个聚焦, 四个落实).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub focuses: Vec<Focus>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Focus {
    pub id: String,
    pub name: String,
    /// Lexicon areas whose terms show that a problem touches this focus.
    pub areas: Vec<String>,
}

/// The report rubric: criteria with their points, and grade bands.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// Declared sum of the criteria's points; `rules check` verifies it.
    pub total: f64,
    pub criteria: IndexMap<String, Criterion>,
    /// Bands from the top: a report gets the first band whose `min` it reaches.
    pub grades: Vec<GradeBand>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub name: String,
    pub max: f64,
    /// The criterion never falls below this, however many points are lost.
    #[serde(default)]
    pub floor: f64,
    #[serde(default)]
    pub description: String,
}

/// A grade of a rubric: its place from the top (0 = the best band) and its name. Shown and
/// written as its name; compared by its place, so a pack's own names work everywhere.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grade {
    pub index: usize,
    pub name: String,
}

impl Grade {
    /// The rubric's best band (优秀 in the default pack).
    pub fn is_top(&self) -> bool {
        self.index == 0 && !self.name.is_empty()
    }
}

impl std::fmt::Display for Grade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

impl Serialize for Grade {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

impl Rubric {
    /// The first band, from the top, whose minimum `score` reaches (the lowest band otherwise).
    pub fn grade_for(&self, score: f64) -> Grade {
        let index = self.grades.iter().position(|g| score >= g.min).unwrap_or(self.grades.len().saturating_sub(1));
        self.grade_at(index)
    }

    /// The lowest band (a vetoed report's).
    pub fn lowest(&self) -> Grade {
        self.grade_at(self.grades.len().saturating_sub(1))
    }

    fn grade_at(&self, index: usize) -> Grade {
        Grade { index, name: self.grades.get(index).map(|g| g.name.clone()).unwrap_or_default() }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    pub name: String,
    pub min: f64,
}

/// A rule's settings: the `## 设置` block of its script, with pack.toml's `[rules."id"]` on top.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default = "warning")]
    pub severity: Severity,
    #[serde(default)]
    pub criterion: Option<String>,
    /// Points each finding takes off unless the script says otherwise.
    #[serde(default)]
    pub points: f64,
    /// Cap on what the rule takes off in total.
    #[serde(default)]
    pub max_points: Option<f64>,
    /// A finding of this rule vetoes the report (一票否决).
    #[serde(default)]
    pub veto: bool,
    /// Parameters the script reads as `params`.
    #[serde(default)]
    pub params: toml::Table,
}

fn yes() -> bool {
    true
}
fn warning() -> Severity {
    Severity::Warning
}

impl Default for RuleConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            severity: Severity::Warning,
            criterion: None,
            points: 0.0,
            max_points: None,
            veto: false,
            params: toml::Table::new(),
        }
    }
}

/// The documentation a rule carries in its `//!` header.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RuleDoc {
    /// From the `# 标题` line.
    pub title: String,
    /// Sections by heading (检查什么, 为什么, 示例, 如何改正), in order.
    pub sections: Vec<(String, String)>,
}

pub const REQUIRED_DOC_SECTIONS: [&str; 4] = ["检查什么", "为什么", "示例", "如何改正"];

impl RuleDoc {
    /// Reads the header; the `## 设置` section is settings, not documentation, and is left out.
    pub fn parse(script: &str) -> Self {
        let mut doc = RuleDoc::default();
        let mut in_fence = false;
        for line in script.lines() {
            let Some(rest) = line.trim_start().strip_prefix("//!") else {
                if line.trim().is_empty() {
                    continue;
                }
                break;
            };
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            if rest.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            if in_fence || rest.trim_start().starts_with("```") {
                // Inside a code block `#` is not a heading.
            } else if let Some(h) = rest.strip_prefix("## ") {
                doc.sections.push((h.trim().to_owned(), String::new()));
                continue;
            } else if let Some(t) = rest.strip_prefix("# ") {
                doc.title = t.trim().to_owned();
                continue;
            }
            if let Some((_, body)) = doc.sections.last_mut() {
                body.push_str(rest);
                body.push('\n');
            }
        }
        doc.sections.retain(|(h, _)| h != SETTINGS_HEADING);
        for (_, body) in &mut doc.sections {
            *body = body.trim().to_owned();
        }
        doc
    }

    pub fn section(&self, name: &str) -> Option<&str> {
        self.sections.iter().find(|(h, _)| h == name).map(|(_, b)| b.as_str())
    }

    /// First paragraph of 检查什么: the one-line summary in `rules list`.
    pub fn summary(&self) -> String {
        let body = self.section("检查什么").unwrap_or(&self.title);
        body.split("\n\n").next().unwrap_or("").replace('\n', "")
    }

    pub fn missing_sections(&self) -> Vec<&'static str> {
        REQUIRED_DOC_SECTIONS.into_iter().filter(|s| self.section(s).is_none_or(str::is_empty)).collect()
    }
}

/// Which input a rule looks at; decided by its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    Report,
    Divergence,
    Cadre,
    /// Scripts in `weights/` that return a number (how much a signal weighs) instead of findings.
    Weight,
    /// The script in `matching/` that says whether a report passage states a signal's matter.
    Match,
    /// Scripts in `ledger/` that judge a ledger row or a unit's rectification and return the
    /// verdict (a state, a light, a due date, a card) instead of findings.
    Ledger,
    /// Scripts in `staff/` that say why a cadre may not inspect a unit (回避) or serve at all,
    /// as a reason, or "" when nothing stands in the way.
    Staff,
    /// Scripts in `progress/` that flag a group behind during the round (巡中调度), as a reason,
    /// or "".
    Progress,
}

impl RuleKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Report => "报告",
            Self::Divergence => "偏离研判",
            Self::Cadre => "干部评估",
            Self::Weight => "权重",
            Self::Match => "事项比对",
            Self::Ledger => "整改与线索",
            Self::Staff => "组队回避",
            Self::Progress => "巡中调度",
        }
    }
}

/// A rule as found in the pack, before compilation.
#[derive(Debug, Clone, Serialize)]
pub struct RuleSource {
    pub id: String,
    pub kind: RuleKind,
    pub file: String,
    #[serde(skip)]
    pub script: String,
    pub doc: RuleDoc,
    /// Effective settings: the rule's own, then pack.toml's `[rules."id"]`.
    pub config: RuleConfig,
    /// Where the rule's own settings are written, if it has any.
    #[serde(skip)]
    pub settings: Option<SettingsSource>,
    /// pack.toml's `[rules."id"]`, if any.
    #[serde(skip)]
    pub overrides: Option<RuleOverride>,
}

/// The `## 设置` block a rule's settings come from.
#[derive(Debug, Clone)]
pub struct SettingsSource {
    /// The script as named in messages (`规则包目录/report/length.rhai`).
    pub file: String,
    pub block: SettingsBlock,
    /// The script replaces a default rule and has no settings of its own: these are the default's.
    pub inherited: bool,
}

impl SettingsSource {
    /// Reads the block of `script`, if it has one.
    fn find(origin: &str, path: &str, script: &str) -> Result<Option<Self>, PackError> {
        let file = format!("{origin}/{path}");
        match SettingsBlock::find(script) {
            Ok(block) => Ok(block.map(|block| Self { file, block, inherited: false })),
            Err((line, detail)) => Err(PackError::Setting { file, line, detail }),
        }
    }
}

/// A pack read and validated, not yet compiled.
#[derive(Debug, Clone)]
pub struct Pack {
    pub origin: String,
    pub config: PackConfig,
    pub areas: Vec<Area>,
    pub rules: Vec<RuleSource>,
    /// `lib/*.rhai` modules by import name (`import "common" as c;` → `lib/common.rhai`).
    pub libs: BTreeMap<String, String>,
    /// Test cases (`tests/**/*.toml`) by path.
    pub tests: BTreeMap<String, String>,
    /// SHA-256 over the effective files, so a score can be replayed against the same rules.
    pub hash: String,
}

impl Pack {
    pub fn default_pack() -> Result<Self, PackError> {
        Self::load(PackFiles::embedded())
    }

    /// Reads a pack, resolving `extends`.
    pub fn load(files: PackFiles) -> Result<Self, PackError> {
        let own =
            files.files.get("pack.toml").ok_or_else(|| PackError::MissingPackToml { origin: files.origin.clone() })?;
        let own_table = parse_toml::<toml::Table>(&files.origin, "pack.toml", own)?;
        let (merged_files, table, lexicon_layers, base) = match own_table.get("extends").and_then(|v| v.as_str()) {
            None => {
                let layers = vec![files.files.clone()];
                (files.files.clone(), own_table, layers, None)
            }
            Some("default") => {
                let base = PackFiles::embedded();
                let base_table = parse_toml::<toml::Table>(&base.origin, "pack.toml", &base.files["pack.toml"])?;
                let mut table = base_table;
                merge_tables(&mut table, own_table);
                let mut merged = base.files.clone();
                for (k, v) in &files.files {
                    if !k.starts_with("lexicon/") {
                        merged.insert(k.clone(), v.clone());
                    }
                }
                let layers = vec![base.files.clone(), files.files.clone()];
                (merged, table, layers, Some(base))
            }
            Some(other) => {
                return Err(PackError::UnknownBase { name: other.to_owned() });
            }
        };
        let config: PackConfig = table.clone().try_into().map_err(|e: toml::de::Error| PackError::Invalid {
            file: format!("{}/pack.toml", files.origin),
            detail: translate_toml(e.message()),
        })?;
        let areas = load_lexicon(&files.origin, &lexicon_layers)?;
        let mut rules = Vec::new();
        let mut libs = BTreeMap::new();
        let mut tests = BTreeMap::new();
        for (path, text) in &merged_files {
            let kind = match path.split('/').next() {
                Some("report") => Some(RuleKind::Report),
                Some("divergence") => Some(RuleKind::Divergence),
                Some("cadre") => Some(RuleKind::Cadre),
                Some("weights") => Some(RuleKind::Weight),
                Some("matching") => Some(RuleKind::Match),
                Some("ledger") => Some(RuleKind::Ledger),
                Some("staff") => Some(RuleKind::Staff),
                Some("progress") => Some(RuleKind::Progress),
                _ => None,
            };
            if let (Some(kind), Some(id)) = (kind, path.strip_suffix(".rhai")) {
                let own_origin = match &base {
                    Some(b) if !files.files.contains_key(path) => &b.origin,
                    _ => &files.origin,
                };
                let mut settings = SettingsSource::find(own_origin, path, text)?;
                // A script that replaces a default one without settings of its own keeps the default's.
                if let (None, Some(base)) = (&settings, &base) {
                    if let Some(base_text) = base.files.get(path).filter(|b| *b != text) {
                        settings = SettingsSource::find(&base.origin, path, base_text)?
                            .map(|s| SettingsSource { inherited: true, ..s });
                    }
                }
                let defaults = match &settings {
                    Some(s) => s.block.parse(&s.file)?,
                    None => RuleConfig::default(),
                };
                let overrides = config.rule_overrides.get(id).cloned();
                let effective = overrides.as_ref().map_or_else(|| defaults.clone(), |o| o.apply(&defaults));
                rules.push(RuleSource {
                    id: id.to_owned(),
                    kind,
                    file: path.clone(),
                    script: text.clone(),
                    doc: RuleDoc::parse(text),
                    config: effective,
                    settings,
                    overrides,
                });
            } else if let Some(name) = path.strip_prefix("lib/").and_then(|p| p.strip_suffix(".rhai")) {
                libs.insert(name.to_owned(), text.clone());
            } else if path.starts_with("tests/") && path.ends_with(".toml") {
                tests.insert(path.clone(), text.clone());
            }
        }
        let mut hasher = Sha256::new();
        let effective = toml::to_string(&table).unwrap_or_default();
        hasher.update(effective.as_bytes());
        for layer in &lexicon_layers {
            for (path, text) in layer.iter().filter(|(p, _)| p.starts_with("lexicon/")) {
                hasher.update(path.as_bytes());
                hasher.update(text.as_bytes());
            }
        }
        for (path, text) in merged_files.iter().filter(|(p, _)| p.ends_with(".rhai")) {
            hasher.update(path.as_bytes());
            hasher.update(text.as_bytes());
        }
        // The effective settings too: a replaced script may inherit the default rule's settings.
        for rule in &rules {
            hasher.update(rule.id.as_bytes());
            hasher.update(serde_json::to_string(&rule.config).unwrap_or_default().as_bytes());
        }
        let hash = hasher.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
        let pack = Pack { origin: files.origin, config, areas, rules, libs, tests, hash };
        pack.validate()?;
        Ok(pack)
    }

    /// Cross-checks that the TOML types alone cannot express.
    fn validate(&self) -> Result<(), PackError> {
        let file = format!("{}/pack.toml", self.origin);
        let invalid = |detail: String| PackError::Invalid { file: file.clone(), detail };
        let area_ids: Vec<&str> = self.areas.iter().map(|a| a.id.as_str()).collect();
        if self.framework(&self.config.framework).is_none() {
            return Err(invalid(format!(
                "默认框架 framework = \"{}\" 未在 [frameworks] 中定义",
                self.config.framework
            )));
        }
        for (fid, fw) in &self.config.frameworks {
            for focus in &fw.focuses {
                for area in &focus.areas {
                    if !area_ids.contains(&area.as_str()) {
                        return Err(invalid(format!(
                            "框架 {fid} 的重点“{}”引用了词库中未定义的领域 {area}{}",
                            focus.name,
                            suggest(area, area_ids.iter().copied())
                        )));
                    }
                }
            }
        }
        for id in self.config.rule_overrides.keys() {
            if !self.rules.iter().any(|r| &r.id == id) {
                let ids = self.rules.iter().map(|r| r.id.as_str());
                return Err(invalid(format!("[rules.\"{id}\"] 没有对应的规则脚本 {id}.rhai{}", suggest(id, ids))));
            }
        }
        for rule in &self.rules {
            let id = &rule.id;
            if let Some(c) = &rule.config.criterion {
                let rubric = match (rule.kind, &self.config.cadre) {
                    (RuleKind::Cadre, Some(cadre)) => &cadre.rubric,
                    _ => &self.config.rubric,
                };
                if !rubric.criteria.contains_key(c) {
                    let ids = rubric.criteria.keys().map(String::as_str);
                    let detail = format!("规则 {id} 的 criterion = \"{c}\" 不是评分细则中的指标{}", suggest(c, ids));
                    let overridden = rule.overrides.as_ref().is_some_and(|o| o.criterion.is_some());
                    return Err(match &rule.settings {
                        Some(s) if !overridden => {
                            PackError::Setting { file: s.file.clone(), line: s.block.line_of_key("criterion"), detail }
                        }
                        _ => invalid(detail),
                    });
                }
            }
        }
        let r = &self.config.rubric;
        let numbers = r.criteria.values().flat_map(|c| [c.max, c.floor]).chain(r.grades.iter().map(|g| g.min));
        if !r.total.is_finite() || numbers.into_iter().any(|x| !x.is_finite() || x < 0.0) {
            return Err(invalid("评分细则中的分值必须是不小于 0 的有限数（不能为 nan 或 inf）".into()));
        }
        let sum: f64 = self.config.rubric.criteria.values().map(|c| c.max).sum();
        if (sum - self.config.rubric.total).abs() > 1e-6 {
            return Err(invalid(format!(
                "评分细则各项分值合计为 {sum}，与声明的总分 total = {} 不符",
                self.config.rubric.total
            )));
        }
        if self.config.rubric.grades.is_empty() {
            return Err(invalid("评分细则缺少等次 [[rubric.grades]]".into()));
        }
        Ok(())
    }

    /// Finds a framework by id (`sange`) or name (`三个聚焦`).
    pub fn framework(&self, key: &str) -> Option<(&str, &Framework)> {
        self.config
            .frameworks
            .iter()
            .find(|(id, f)| id.as_str() == key || f.name == key)
            .map(|(id, f)| (id.as_str(), f))
    }

    pub fn rule(&self, id: &str) -> Option<&RuleSource> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// Checks beyond what loading enforces, each naming file:line:column: lexicon areas a script
/// names that the lexicon lacks, rules without documentation sections.
pub fn lint(pack: &Pack) -> Vec<String> {
    let mut out = Vec::new();
    let areas: Vec<&str> = pack.areas.iter().map(|a| a.id.as_str()).collect();
    // Calls that take an area id as a string literal.
    let calls = [".has(\"", ".hits(\"", ".count(\"", ".covers(\"", ".strength(\"", ".in_area(\"", ".area_name(\""];
    for rule in &pack.rules {
        for (i, line) in rule.script.lines().enumerate() {
            for call in calls {
                let mut rest = line;
                while let Some(pos) = rest.find(call) {
                    let after = &rest[pos + call.len()..];
                    if let Some(end) = after.find('"') {
                        let id = &after[..end];
                        if !areas.contains(&id) {
                            let col = line.len() - rest.len() + pos + call.len();
                            let col = line[..col.min(line.len())].chars().count() + 1;
                            out.push(format!(
                                "{}/{}:{}:{}：词库中没有领域 \"{id}\"{}",
                                pack.origin,
                                rule.file,
                                i + 1,
                                col,
                                suggest(id, areas.iter().copied())
                            ));
                        }
                    }
                    rest = &rest[pos + call.len()..];
                }
            }
        }
        let missing = rule.doc.missing_sections();
        if !matches!(rule.kind, RuleKind::Weight | RuleKind::Match) && !missing.is_empty() || rule.doc.title.is_empty()
        {
            out.push(format!(
                "{}/{}:1:1：规则说明缺少 {}",
                pack.origin,
                rule.file,
                if rule.doc.title.is_empty() { "# 标题".to_owned() } else { missing.join("、") }
            ));
        }
    }
    for rule in &pack.rules {
        let id = &rule.id;
        for (k, v) in &rule.config.params {
            if let Some(list) = v.as_array() {
                let named_areas = k == "sectors" || k == "topics" || k == "skip";
                let overridden = rule.overrides.as_ref().is_some_and(|o| o.params.contains_key(k));
                for item in list.iter().filter_map(|x| x.as_str()).filter(|_| named_areas) {
                    if !areas.contains(&item) {
                        let place = match &rule.settings {
                            Some(s) if !overridden => {
                                let (line, column) = s.block.place_of_value(k, item);
                                format!("{}:{line}:{column}", s.file)
                            }
                            _ => format!("{}/pack.toml", pack.origin),
                        };
                        out.push(format!(
                            "{place}：规则 {id} 的参数 {k} 中的领域 \"{item}\" 不在词库中{}",
                            suggest(item, areas.iter().copied())
                        ));
                    }
                }
            }
        }
    }
    for a in &pack.config.divergence.areas {
        if !areas.contains(&a.as_str()) {
            out.push(format!(
                "{}/pack.toml：[divergence] areas 中的领域 \"{a}\" 不在词库中{}",
                pack.origin,
                suggest(a, areas.iter().copied())
            ));
        }
    }
    out
}

fn parse_toml<T: serde::de::DeserializeOwned>(origin: &str, file: &str, text: &str) -> Result<T, PackError> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        PackError::Toml { file: format!("{origin}/{file}"), line, column, detail: translate_toml(e.message()) }
    })
}

/// Deep merge: tables merge key by key, everything else is replaced.
fn merge_tables(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge_tables(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// Reads lexicon files layer by layer: a later layer adds terms to an area of the same id.
fn load_lexicon(origin: &str, layers: &[BTreeMap<String, String>]) -> Result<Vec<Area>, PackError> {
    let mut areas: IndexMap<String, Area> = IndexMap::new();
    for layer in layers {
        for (path, text) in layer.iter().filter(|(p, _)| p.starts_with("lexicon/") && p.ends_with(".toml")) {
            let file: LexiconFile = parse_toml(origin, path, text)?;
            for (id, def) in file.areas {
                match areas.get_mut(&id) {
                    Some(area) => {
                        if let Some(name) = def.name {
                            area.name = name;
                        }
                        area.terms.extend(def.terms);
                        area.shield |= def.shield;
                    }
                    None => {
                        let name = def.name.ok_or_else(|| PackError::Invalid {
                            file: format!("{origin}/{path}"),
                            detail: format!("词库领域 {id} 缺少 name"),
                        })?;
                        areas.insert(
                            id.clone(),
                            Area { id, name, file: path.clone(), terms: def.terms, shield: def.shield },
                        );
                    }
                }
            }
        }
    }
    Ok(areas.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_header_sections() {
        let doc = RuleDoc::parse(
            "//! # 一把手\n//!\n//! ## 检查什么\n//! 第一段\n//! 续行\n//!\n//! 第二段\n//! ## 如何改正\n//! 改\nlet x = 1;\n//! ## 示例\n",
        );
        assert_eq!(doc.title, "一把手");
        assert_eq!(doc.summary(), "第一段续行");
        assert_eq!(doc.section("如何改正"), Some("改"));
        assert_eq!(doc.missing_sections(), vec!["为什么", "示例"]);
    }

    fn custom(files: &[(&str, &str)]) -> Result<Pack, PackError> {
        let files = files.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Pack::load(PackFiles { origin: "本县".into(), files })
    }

    /// The default `report/length.rhai` with its settings block edited.
    fn length_with(from: &str, to: &str) -> String {
        let text = &PackFiles::embedded().files["report/length.rhai"];
        assert!(text.contains(from), "{from}");
        text.replace(from, to)
    }

    #[test]
    fn rule_settings_come_from_the_script_header() {
        let pack = Pack::default_pack().unwrap();
        let r = pack.rule("report/top-leader").unwrap();
        assert_eq!(r.config.severity, Severity::Error);
        assert_eq!(r.config.criterion.as_deref(), Some("leaders"));
        assert_eq!(r.config.max_points, Some(15.0));
        assert_eq!(r.config.params["no_leader_points"].as_integer(), Some(15));
        assert!(r.doc.section(SETTINGS_HEADING).is_none(), "settings are not documentation");
        assert!(pack.config.rule_overrides.is_empty(), "the default pack.toml overrides nothing");
        assert!(pack.rules.iter().all(|r| r.settings.is_some()), "every default rule carries its settings");
    }

    #[test]
    fn pack_toml_overrides_key_by_key() {
        let pack = custom(&[(
            "pack.toml",
            "extends = \"default\"\n[rules.\"report/length\"]\nseverity = \"提示\"\n[rules.\"report/length\".params]\nmin_chars = 2000\n",
        )])
        .unwrap();
        let c = &pack.rule("report/length").unwrap().config;
        assert_eq!(c.severity, Severity::Info);
        assert_eq!(c.criterion.as_deref(), Some("form"), "kept from the script");
        assert_eq!(c.points, 2.0);
        assert_eq!(c.params["min_chars"].as_integer(), Some(2000));
        assert_eq!(c.params["max_chars"].as_integer(), Some(15000), "kept from the script");
        assert_ne!(pack.hash, Pack::default_pack().unwrap().hash);
    }

    #[test]
    fn a_replaced_script_without_settings_keeps_the_defaults() {
        let bare = "//! # 篇幅\nlet n = params.min_chars;\n";
        let pack = custom(&[("pack.toml", "extends = \"default\"\n"), ("report/length.rhai", bare)]).unwrap();
        let r = pack.rule("report/length").unwrap();
        assert!(r.settings.as_ref().is_some_and(|s| s.inherited));
        assert_eq!(r.config.params["min_chars"].as_integer(), Some(3000));
    }

    #[test]
    fn the_hash_covers_the_rules_own_settings() {
        let edited = length_with("points = 2", "points = 3");
        let pack = custom(&[("pack.toml", "extends = \"default\"\n"), ("report/length.rhai", &edited)]).unwrap();
        assert_eq!(pack.rule("report/length").unwrap().config.points, 3.0);
        assert_ne!(pack.hash, Pack::default_pack().unwrap().hash);
    }

    #[test]
    fn setting_errors_name_the_script_and_line() {
        let edited = length_with("criterion = \"form\"", "criterion = \"from\"");
        let line = edited.lines().position(|l| l.contains("criterion = \"from\"")).unwrap() + 1;
        let err = custom(&[("pack.toml", "extends = \"default\"\n"), ("report/length.rhai", &edited)])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(&format!("本县/report/length.rhai:{line}：")), "{err}");
        assert!(err.contains("是否指 form"), "{err}");

        let edited = length_with("points = 2", "pionts = 2");
        let err = custom(&[("pack.toml", "extends = \"default\"\n"), ("report/length.rhai", &edited)])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("本县/report/length.rhai:") && err.contains("无法识别的字段 pionts"), "{err}");

        // Overridden in pack.toml: the error names pack.toml.
        let err = custom(&[("pack.toml", "extends = \"default\"\n[rules.\"report/length\"]\ncriterion = \"from\"\n")])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("本县/pack.toml："), "{err}");
    }

    #[test]
    fn lint_names_the_line_of_an_unknown_area_in_params() {
        let text = &PackFiles::embedded().files["divergence/missed-area.rhai"];
        let edited = text.replacen("\"irreverence\"", "\"irreverance\"", 1);
        let line = edited.lines().position(|l| l.contains("irreverance")).unwrap() + 1;
        let pack =
            custom(&[("pack.toml", "extends = \"default\"\n"), ("divergence/missed-area.rhai", &edited)]).unwrap();
        let problems = lint(&pack);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with(&format!("本县/divergence/missed-area.rhai:{line}:")), "{}", problems[0]);
        assert!(problems[0].contains("是否指 irreverence"), "{}", problems[0]);
    }

    #[test]
    fn toml_errors_point_at_line() {
        let err = parse_toml::<toml::Table>("p", "pack.toml", "name = \"x\"\nversion = \n").unwrap_err();
        let PackError::Toml { line, .. } = err else { panic!("{err}") };
        assert_eq!(line, 2);
    }
}
