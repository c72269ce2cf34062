//! JSON output of `check`. The schema is documented in README.md and versioned by
//! `schema_version`; fields are only ever added within a version.

use serde::Serialize;

use crate::assess::report::ReportEvaluation;
use crate::assess::scorecard::ScoreCard;
use crate::model::document::Location;
use crate::model::outcome::{RuleTrace, Severity};
use crate::pack::Pack;

pub const SCHEMA_VERSION: u32 = 1;

/// A JSON array produced item by item as it is written: a round's ranking or signal list never
/// exists whole in memory.
pub(crate) struct Seq<'a, T>(Box<dyn Fn() -> Box<dyn Iterator<Item = T> + 'a> + 'a>);

impl<'a, T> Seq<'a, T> {
    pub(crate) fn new<I: Iterator<Item = T> + 'a>(items: impl Fn() -> I + 'a) -> Self {
        Self(Box::new(move || Box::new(items())))
    }
}

impl<T: Serialize> Serialize for Seq<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// The fields every JSON output starts with.
#[derive(Serialize)]
pub struct Header<'a> {
    pub schema_version: u32,
    pub tool: &'static str,
    pub tool_version: &'static str,
    pub pack: PackInfo<'a>,
}

impl<'a> Header<'a> {
    pub fn of(pack: &'a Pack) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            tool: "xuncha",
            tool_version: env!("CARGO_PKG_VERSION"),
            pack: PackInfo::of(pack),
        }
    }
}

#[derive(Serialize)]
pub struct PackInfo<'a> {
    pub name: &'a str,
    pub version: &'a str,
    /// SHA-256 prefix over the effective pack, to replay a score against the same rules.
    pub hash: &'a str,
}

impl<'a> PackInfo<'a> {
    pub fn of(pack: &'a Pack) -> Self {
        Self { name: &pack.config.name, version: &pack.config.version, hash: &pack.hash }
    }
}

#[derive(Serialize)]
struct CheckJson<'a> {
    #[serde(flatten)]
    header: crate::render::json::Header<'a>,
    framework: &'a str,
    reports: Vec<ReportJson<'a>>,
}

#[derive(Serialize)]
struct ReportJson<'a> {
    path: &'a str,
    format: crate::model::document::SourceFormat,
    encoding: Option<crate::util::text::TextEncoding>,
    title: Option<&'a str>,
    chars: usize,
    problems: usize,
    /// 巡察报告, 反馈通报, 整改报告 or 工作动态.
    genre: &'static str,
    /// The genre was given by the user rather than read from the text.
    genre_given: bool,
    items: Vec<ItemJson<'a>>,
    coverage: Vec<CoverageJson<'a>>,
    stats: Vec<StatJson<'a>>,
    findings: Vec<FindingJson<'a>>,
    score: &'a ScoreCard,
    /// `check --signals`: the unit's signals and what the draft does with each.
    #[serde(skip_serializing_if = "Option::is_none")]
    divergence: Option<DraftDivergenceJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<&'a [RuleTrace]>,
}

#[derive(Serialize)]
struct DraftDivergenceJson<'a> {
    unit: &'a str,
    divergence: f64,
    signals: Vec<crate::render::divergence::SignalJson<'a>>,
}

/// One problem item.
#[derive(Serialize)]
struct ItemJson<'a> {
    text: &'a str,
    /// "12:5" or "第12段".
    place: String,
    start: usize,
    end: usize,
    unit: Option<&'a str>,
    /// Focuses of the framework the item (with its group titles) touches.
    focuses: Vec<&'a str>,
    /// Lexicon areas it touches.
    areas: Vec<&'a str>,
}

/// One focus of the framework: covered by some item, or null when there are no items.
#[derive(Serialize)]
struct CoverageJson<'a> {
    focus: &'a str,
    name: &'a str,
    covered: Option<bool>,
}

/// A number the text states about inspection work.
#[derive(Serialize)]
struct StatJson<'a> {
    kind: &'a str,
    value: f64,
    unit: &'a str,
    text: &'a str,
    place: String,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    criterion: Option<&'a str>,
    points: f64,
    veto: bool,
    waived: Option<&'a str>,
    locations: Vec<LocationJson<'a>>,
}

#[derive(Serialize)]
struct LocationJson<'a> {
    start: usize,
    end: usize,
    /// Line (text) or paragraph (.docx) and column where the span starts.
    #[serde(flatten)]
    at: Location,
    /// "12:5" or "第12段".
    place: String,
    text: &'a str,
}

/// `matched` holds, report by report, the signals compared with it (`check --signals`), or is empty.
pub fn check(
    pack: &Pack,
    framework: &str,
    evals: &[ReportEvaluation],
    matched: &[crate::assess::divergence::UnitDivergence],
    trace: bool,
) -> String {
    let mut out = CheckWriter::new(pack, framework, trace);
    let mut text = String::new();
    for (i, e) in evals.iter().enumerate() {
        text.push_str(&out.report(e, matched.get(i)));
    }
    text.push_str(&out.finish());
    text
}

/// The JSON of `check` piece by piece, for writing each report as soon as it is checked: the
/// pieces [`CheckWriter::report`] and [`CheckWriter::finish`] return, concatenated, are exactly
/// what [`check`] returns for the same reports.
pub struct CheckWriter<'a> {
    pack: &'a Pack,
    framework: &'a str,
    focuses: &'a [crate::pack::Focus],
    trace: bool,
    written: usize,
}

impl<'a> CheckWriter<'a> {
    pub fn new(pack: &'a Pack, framework: &'a str, trace: bool) -> Self {
        let focuses =
            pack.config.frameworks.values().find(|f| f.name == framework).map_or(&[][..], |f| f.focuses.as_slice());
        Self { pack, framework, focuses, trace, written: 0 }
    }

    /// The text for one more report (the document's opening comes with the first).
    pub fn report(
        &mut self,
        e: &ReportEvaluation,
        matched: Option<&crate::assess::divergence::UnitDivergence>,
    ) -> String {
        let object = self.object(e, matched);
        self.place(&object)
    }

    /// One report's object, indented as the document holds it; independent of the others, so
    /// reports may be rendered in parallel and then [placed](Self::place) in order.
    pub fn object(&self, e: &ReportEvaluation, matched: Option<&crate::assess::divergence::UnitDivergence>) -> String {
        let json = serde_json::to_string_pretty(&self.report_json(e, matched)).unwrap_or_default();
        let mut out = String::with_capacity(json.len() + json.len() / 8);
        for (k, line) in json.lines().enumerate() {
            if k > 0 {
                out.push('\n');
            }
            out.push_str("    ");
            out.push_str(line);
        }
        out
    }

    /// The text that puts the next report's `object` into the document.
    pub fn place(&mut self, object: &str) -> String {
        let lead = if self.written == 0 { self.skeleton().0 + "[\n" } else { ",\n".to_owned() };
        self.written += 1;
        lead + object
    }

    /// The rest of the document.
    pub fn finish(&self) -> String {
        let (head, tail) = self.skeleton();
        if self.written == 0 { format!("{head}[]{tail}") } else { format!("\n  ]{tail}") }
    }

    /// The document without reports, cut where the list of reports goes: the text before `[]`
    /// and the text after it.
    fn skeleton(&self) -> (String, String) {
        let empty = CheckJson {
            header: crate::render::json::Header::of(self.pack),
            framework: self.framework,
            reports: vec![],
        };
        let text = serde_json::to_string_pretty(&empty).unwrap_or_default() + "\n";
        let cut = text.rfind("[]").unwrap_or(text.len());
        (text[..cut].to_owned(), text[cut..].trim_start_matches("[]").to_owned())
    }

    fn report_json<'e>(
        &self,
        e: &'e ReportEvaluation,
        matched: Option<&'e crate::assess::divergence::UnitDivergence>,
    ) -> ReportJson<'e>
    where
        'a: 'e,
    {
        let doc = &e.analysis.doc;
        let focuses = self.focuses;
        ReportJson {
            path: &doc.path,
            format: doc.format,
            encoding: doc.encoding,
            title: doc.title.as_deref(),
            chars: doc.char_count(doc.whole()),
            problems: doc.problems.len(),
            genre: e.analysis.genre.label(),
            genre_given: e.analysis.genre_given,
            items: items(e, focuses),
            coverage: focuses
                .iter()
                .map(|f| CoverageJson { focus: &f.id, name: &f.name, covered: e.analysis.focus_covered(&f.areas) })
                .collect(),
            stats: e
                .analysis
                .stats
                .iter()
                .map(|s| StatJson {
                    kind: s.kind,
                    value: s.value,
                    unit: &s.unit,
                    text: doc.slice(s.span),
                    place: doc.place(s.span.start),
                    start: s.span.start,
                    end: s.span.end,
                })
                .collect(),
            findings: findings(e),
            score: &e.score,
            divergence: matched.map(|u| DraftDivergenceJson {
                unit: &u.unit.name,
                divergence: u.score,
                signals: crate::render::divergence::signals_json(u, &e.analysis.lexicon),
            }),
            trace: self.trace.then_some(e.run.traces.as_slice()),
        }
    }
}

fn items<'a>(e: &'a ReportEvaluation, focuses: &'a [crate::pack::Focus]) -> Vec<ItemJson<'a>> {
    let a = &e.analysis;
    a.doc
        .problems
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let areas = a.item_areas(i);
            ItemJson {
                text: &p.title,
                place: a.doc.place(p.span.start),
                start: p.span.start,
                end: p.span.end,
                unit: a.items.get(i).and_then(|m| m.unit.as_deref()),
                focuses: focuses
                    .iter()
                    .filter(|f| f.areas.iter().any(|x| areas.contains(&x.as_str())))
                    .map(|f| f.id.as_str())
                    .collect(),
                areas,
            }
        })
        .collect()
}

fn findings(e: &ReportEvaluation) -> Vec<FindingJson<'_>> {
    let doc = &e.analysis.doc;
    e.run
        .findings
        .iter()
        .map(|f| FindingJson {
            rule: &f.rule,
            severity: f.severity,
            message: &f.message,
            help: f.help.as_deref(),
            criterion: f.criterion.as_deref(),
            points: crate::util::number::round1(f.points),
            veto: f.veto,
            waived: f.waived.as_deref(),
            locations: f
                .spans
                .iter()
                .map(|s| LocationJson {
                    start: s.start,
                    end: s.end,
                    at: doc.locate(s.start),
                    place: doc.place(s.start),
                    text: doc.slice(*s),
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
pub(crate) struct ScoreJson<'a> {
    #[serde(flatten)]
    header: crate::render::json::Header<'a>,
    round: &'a str,
    framework: &'a str,
    pub(crate) judges: Option<JudgesJson<'a>>,
    pub(crate) ranking: Seq<'a, EntryJson<'a>>,
    pub(crate) waivers: &'a crate::model::waiver::WaiverReport,
}

#[derive(Serialize)]
pub(crate) struct JudgesJson<'a> {
    file: &'a str,
    judges: &'a [String],
    /// Kendall's W.
    agreement: Option<f64>,
}

#[derive(Serialize)]
pub(crate) struct EntryJson<'a> {
    rank: usize,
    unit: &'a str,
    kind: &'a str,
    group: &'a str,
    leader: &'a str,
    report: &'a str,
    recommended: bool,
    rules: &'a ScoreCard,
    judges: Option<&'a crate::assess::judges::Panel>,
    #[serde(rename = "final")]
    final_score: f64,
    grade: &'a str,
    flags: &'a [crate::assess::ranking::Flag],
    divergence: Option<f64>,
    findings: Vec<FindingJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<&'a [RuleTrace]>,
}

pub fn score(s: &crate::assess::ranking::RoundScore, pack: &Pack, trace: bool) -> String {
    serde_json::to_string_pretty(&score_doc(s, pack, trace)).unwrap_or_default() + "\n"
}

/// The score document, borrowed from the results: serialized straight to its writer.
pub(crate) fn score_doc<'a>(s: &'a crate::assess::ranking::RoundScore, pack: &'a Pack, trace: bool) -> ScoreJson<'a> {
    ScoreJson {
        header: crate::render::json::Header::of(pack),
        round: &s.round,
        framework: &s.framework,
        judges: s.judges.as_ref().map(|j| JudgesJson {
            file: &j.file,
            judges: &j.judges,
            agreement: j.agreement.map(|w| (w * 1000.0).round() / 1000.0),
        }),
        ranking: Seq::new(move || {
            s.entries.iter().map(move |e| EntryJson {
                rank: e.rank,
                unit: &e.unit.name,
                kind: &e.unit.kind,
                group: &e.unit.group,
                leader: &e.leader,
                report: &e.unit.report,
                recommended: e.unit.recommended,
                rules: &e.eval.score,
                judges: e.panel.as_ref(),
                final_score: e.final_score,
                grade: &e.grade.name,
                flags: &e.flags,
                divergence: e.divergence,
                findings: findings(&e.eval),
                trace: trace.then_some(e.eval.run.traces.as_slice()),
            })
        }),
        waivers: &s.waivers,
    }
}

/// `{ "schema_version": 1, …the value's fields }`: the JSON of the archive, staffing and progress
/// commands, which run without a report pack to name in a [`Header`].
pub fn versioned(value: &impl Serialize) -> String {
    #[derive(Serialize)]
    struct Versioned<'a, T: Serialize> {
        schema_version: u32,
        #[serde(flatten)]
        value: &'a T,
    }
    serde_json::to_string_pretty(&Versioned { schema_version: SCHEMA_VERSION, value }).unwrap_or_default() + "\n"
}
