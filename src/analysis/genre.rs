//! The genre (文种) of a document: 巡察报告, 反馈通报, 整改报告 or 工作动态, read from the wording
//! of its title and opening; the pack says which rules apply to each genre.

use serde::{Deserialize, Serialize};

/// What kind of document a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Genre {
    /// A group's report to the leading group (基本情况 → 发现的主要问题 → 意见建议).
    #[serde(rename = "巡察报告", alias = "report")]
    Report,
    /// A notice of what a group fed back to the inspected unit, stating its problems.
    #[serde(rename = "反馈通报", alias = "feedback")]
    Feedback,
    /// The unit's report or public notice on rectifying the problems fed back.
    #[serde(rename = "整改报告", alias = "rectification")]
    Rectification,
    /// News about inspection work: entries, meetings, statistics.
    #[serde(rename = "工作动态", alias = "news")]
    News,
}

impl Genre {
    pub const ALL: [Genre; 4] = [Genre::Report, Genre::Feedback, Genre::Rectification, Genre::News];

    pub fn label(self) -> &'static str {
        match self {
            Self::Report => "巡察报告",
            Self::Feedback => "反馈通报",
            Self::Rectification => "整改报告",
            Self::News => "工作动态",
        }
    }

    /// The id used in pack.toml `[genres.<id>]` and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::Feedback => "feedback",
            Self::Rectification => "rectification",
            Self::News => "news",
        }
    }

    /// Accepts the Chinese name, the id, and a few usual short forms.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "巡察报告" | "报告" | "report" => Some(Self::Report),
            "反馈通报" | "反馈" | "feedback" => Some(Self::Feedback),
            "整改报告" | "整改通报" | "整改" | "rectification" => Some(Self::Rectification),
            "工作动态" | "动态" | "新闻" | "news" => Some(Self::News),
            _ => None,
        }
    }
}

impl std::fmt::Display for Genre {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// `[genres]` in pack.toml: which report rules apply to each genre, and how scores are given.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GenresConfig {
    /// A report gets a grade only when the criteria some rule could assess carry at least this
    /// share of the rubric's points.
    #[serde(default = "default_share")]
    pub min_assessed_share: f64,
    #[serde(default)]
    pub report: Option<GenreRules>,
    #[serde(default)]
    pub feedback: Option<GenreRules>,
    #[serde(default)]
    pub rectification: Option<GenreRules>,
    #[serde(default)]
    pub news: Option<GenreRules>,
}

fn default_share() -> f64 {
    0.6
}

fn yes() -> bool {
    true
}

/// `[genres.<id>]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GenreRules {
    /// Report rules that apply (ids such as `report/top-leader`; `report/*` for all).
    pub rules: Vec<String>,
    /// Texts of this genre get a score and grade (工作动态 does not).
    #[serde(default = "yes")]
    pub scored: bool,
}

impl Default for GenresConfig {
    /// Without a `[genres]` section every rule applies to every genre and all are scored.
    fn default() -> Self {
        Self { min_assessed_share: default_share(), report: None, feedback: None, rectification: None, news: None }
    }
}

impl GenresConfig {
    fn of(&self, genre: Genre) -> Option<&GenreRules> {
        match genre {
            Genre::Report => self.report.as_ref(),
            Genre::Feedback => self.feedback.as_ref(),
            Genre::Rectification => self.rectification.as_ref(),
            Genre::News => self.news.as_ref(),
        }
    }

    /// The rule applies to texts of `genre`: some entry names it (`report/*` names them all,
    /// as does a list of `!` entries only) and no `!` entry leaves it out.
    pub fn applies(&self, genre: Genre, rule: &str) -> bool {
        let names = |r: &str| r == rule || r.strip_suffix('*').is_some_and(|prefix| rule.starts_with(prefix));
        self.of(genre).is_none_or(|g| {
            let (out, inc): (Vec<&String>, Vec<&String>) = g.rules.iter().partition(|r| r.starts_with('!'));
            // Only "!" entries: every rule but those.
            (inc.is_empty() || inc.iter().any(|r| names(r))) && !out.iter().any(|r| names(&r[1..]))
        })
    }

    pub fn scored(&self, genre: Genre) -> bool {
        self.of(genre).is_none_or(|g| g.scored)
    }
}

/// Phrases of a rectification disclosure (整改进展情况的通报, 现将巡察整改情况报告如下).
const RECTIFICATION_TITLES: &[&str] = &[
    "整改进展情况的通报",
    "整改进展情况通报",
    "整改进展情况报告",
    "整改情况的通报",
    "整改情况的报告",
    "整改情况报告",
    "整改落实情况的报告",
    "整改落实情况的通报",
    "整改落实情况报告",
    "整改工作情况的报告",
    "整改进展情况予以公布",
    "整改情况予以公布",
    "整改进展情况公布如下",
    "整改情况报告如下",
    "整改情况通报如下",
];

/// Phrases of a group's own report.
const REPORT_TITLES: &[&str] = &["巡察报告", "巡察情况报告", "巡察情况的报告", "巡察工作报告"];

/// Guesses the genre from the (simplified) text and the problem items found in it.
///
/// `head` is the title and opening (where the genre is announced); `text` the whole text;
/// `items` the problem items the run-in reading found; `sections` the top-level section
/// titles of the heading ladder.
pub fn detect(head: &str, text: &str, items: usize, sections: &[&str]) -> Genre {
    let has = |s: &str, list: &[&str]| list.iter().any(|p| s.contains(p));
    // A rectification disclosure announces itself in its title or opening sentence.
    let announces = head.match_indices("现将").any(|(i, _)| {
        let sentence: String = head[i..].chars().take_while(|&c| !"。：:\n".contains(c)).collect();
        sentence.contains("整改") && (sentence.contains("公布") || sentence.contains("如下"))
    });
    if has(head, RECTIFICATION_TITLES) || announces {
        return Genre::Rectification;
    }
    let report_sections = sections.iter().any(|t| has(t, &["基本情况", "总体评价", "总体情况"]))
        && sections.iter().any(|t| has(t, &["主要问题", "发现的问题", "存在的问题", "发现问题", "存在问题"]));
    let title = head.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    if report_sections || has(title, REPORT_TITLES) && !title.contains("整改") {
        return Genre::Report;
    }
    if fed_back(text) && (items > 0 || states_problems(text)) {
        return Genre::Feedback;
    }
    Genre::News
}

/// The text tells of a group feeding back to a unit: "向……反馈", "反馈会".
fn fed_back(text: &str) -> bool {
    if ["反馈会", "反馈大会", "反馈情况", "反馈意见公开", "巡察反馈情况"].iter().any(|p| text.contains(p))
    {
        return true;
    }
    // To an inspected unit, not to the inspection groups (向各巡察组反馈督导意见).
    const UNITS: &[&str] = &[
        "党委",
        "党组",
        "党工委",
        "支部",
        "总支",
        "党组织",
        "局",
        "镇",
        "乡",
        "村",
        "社区",
        "街道",
        "单位",
        "委",
        "办",
        "院",
        "所",
    ];
    text.match_indices('向').any(|(i, _)| {
        let after: String = text[i..].chars().take(70).take_while(|&c| c != '。').collect();
        after.find("反馈").is_some_and(|k| {
            let to = &after[..k];
            !to.contains("巡察组") && UNITS.iter().any(|u| to.contains(u))
        })
    })
}

/// "存在……问题" / "发现了一些问题" without a count: the text states that problems exist.
fn states_problems(text: &str) -> bool {
    ["存在", "发现了一些", "发现一些", "发现了"].iter().any(|w| {
        text.match_indices(w).any(|(i, _)| {
            let after: String = text[i + w.len()..].chars().take(40).take_while(|&c| !"。；;".contains(c)).collect();
            after.contains("问题") && !after.chars().any(|c| c.is_ascii_digit())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for g in Genre::ALL {
            assert_eq!(Genre::parse(g.label()), Some(g));
            assert_eq!(Genre::parse(g.id()), Some(g));
        }
    }

    #[test]
    fn detects_from_wording() {
        let rect = "某局党组关于巡察整改进展情况的通报\n根据县委统一部署……";
        assert_eq!(detect(rect, rect, 0, &[]), Genre::Rectification);
        let fb = "县委第三巡察组向县教育局反馈巡察情况。巡察发现，存在学习不深入、制度执行不严等问题。";
        assert_eq!(detect(fb, fb, 2, &[]), Genre::Feedback);
        let news = "截至9月12日，本轮巡察完成进驻，共开展个别谈话120人次。";
        assert_eq!(detect(news, news, 0, &[]), Genre::News);
        let report = "关于对某局党组的巡察报告\n一、基本情况";
        assert_eq!(detect(report, report, 0, &["基本情况和总体评价", "发现的主要问题"]), Genre::Report);
    }

    #[test]
    fn rules_per_genre() {
        let cfg: GenresConfig = toml::from_str(
            "[news]\nrules = [\"report/informant-leak\"]\nscored = false\n[feedback]\nrules = [\"report/*\"]\n[report]\nrules = [\"report/*\", \"!report/problem-detail\"]\n[rectification]\nrules = [\"!report/length\"]\n",
        )
        .unwrap();
        assert!(cfg.applies(Genre::News, "report/informant-leak"));
        assert!(!cfg.applies(Genre::News, "report/length"));
        assert!(cfg.applies(Genre::Feedback, "report/length"));
        assert!(cfg.applies(Genre::Report, "report/length"));
        assert!(!cfg.scored(Genre::News));
        assert!(!cfg.applies(Genre::Report, "report/problem-detail"));
        assert!(cfg.applies(Genre::Feedback, "report/problem-detail"));
        assert!(cfg.applies(Genre::Rectification, "report/top-leader"));
        assert!(!cfg.applies(Genre::Rectification, "report/length"));
    }
}
