//! What rule scripts see: the report and its parts as custom types backed by one shared
//! `Arc<Analysis>` (a call copies a pointer, never a report), and `ctx` to record findings.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use rhai::{Array, Dynamic, Engine, EvalAltResult, ImmutableString, Map};

use crate::analysis::Analysis;
use crate::analysis::lexicon::Hit;
use crate::model::document::Span;
use crate::model::outcome::Severity;
use crate::pack::Framework;

type RhaiResult<T> = Result<T, Box<EvalAltResult>>;

thread_local! {
    /// Lexicon areas queried by the rule now running, for `--trace`.
    pub(crate) static AREAS_USED: RefCell<BTreeMap<String, usize>> = const { RefCell::new(BTreeMap::new()) };
}

fn note_area(id: &str, hits: usize) {
    AREAS_USED.with(|a| {
        let mut a = a.borrow_mut();
        // Look up before inserting: rules ask about the same few areas thousands of times.
        match a.get_mut(id) {
            Some(n) => *n = (*n).max(hits),
            None => {
                a.insert(id.to_owned(), hits);
            }
        }
    });
}

/// The report (报告) as a whole.
#[derive(Clone)]
pub struct Report {
    pub a: Arc<Analysis>,
    pub framework: Arc<(String, Framework)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    Section,
    Problem,
    Sentence,
    Fragment,
}

/// A part of the report: a section, a problem item, a paragraph or a sentence.
#[derive(Clone)]
pub struct Part {
    a: Arc<Analysis>,
    kind: PartKind,
    idx: usize,
    span: Span,
    /// Where a finding about this part points: the heading or title line, not the whole body.
    anchor: Span,
}

/// One lexicon hit (命中词).
#[derive(Clone)]
pub struct HitRef {
    a: Arc<Analysis>,
    hit: Hit,
}

/// Anything that covers a span of the report and can be queried by area.
trait Region: Clone + Send + Sync + 'static {
    fn analysis(&self) -> &Arc<Analysis>;
    fn region(&self) -> Span;
    /// The problem item this region is, if any: its group titles count toward it and negated
    /// terms do not.
    fn item(&self) -> Option<usize> {
        None
    }
}

impl Region for Report {
    fn analysis(&self) -> &Arc<Analysis> {
        &self.a
    }
    fn region(&self) -> Span {
        self.a.doc.whole()
    }
}

impl Region for Part {
    fn analysis(&self) -> &Arc<Analysis> {
        &self.a
    }
    fn region(&self) -> Span {
        self.span
    }
    fn item(&self) -> Option<usize> {
        (self.kind == PartKind::Problem).then_some(self.idx)
    }
}

fn area_index(a: &Analysis, id: &str) -> RhaiResult<u16> {
    a.lexicon.area_index(id).ok_or_else(|| {
        let known = a.lexicon.areas().iter().map(|x| x.id.as_str());
        format!("词库中没有领域 \"{id}\"{}", crate::util::suggest::suggest(id, known)).into()
    })
}

fn hits<R: Region>(r: &R, area: &str) -> RhaiResult<Array> {
    let a = r.analysis();
    let idx = area_index(a, area)?;
    let out: Array = a.hits_in(r.region(), Some(idx)).map(|&hit| Dynamic::from(HitRef { a: a.clone(), hit })).collect();
    note_area(area, out.len());
    Ok(out)
}

fn count<R: Region>(r: &R, area: &str) -> RhaiResult<i64> {
    let a = r.analysis();
    let idx = area_index(a, area)?;
    let n = match r.item() {
        Some(i) => a.item_hits(i, Some(idx)),
        None => a.hits_in(r.region(), Some(idx)).count(),
    };
    note_area(area, n);
    Ok(n as i64)
}

fn has_any<R: Region>(r: &R, areas: Array) -> RhaiResult<bool> {
    for area in areas {
        let id = area.into_immutable_string().map_err(|t| format!("has_any 需要领域名数组，却收到 {t}"))?;
        if count(r, &id)? > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

fn areas_of<R: Region>(r: &R) -> Array {
    let a = r.analysis();
    if let Some(i) = r.item() {
        return a.item_areas(i).into_iter().map(|id| Dynamic::from(id.to_owned())).collect();
    }
    let mut ids: Vec<u16> = a.hits_in(r.region(), None).map(|h| h.area).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().map(|i| Dynamic::from(a.lexicon.area(i).id.clone())).collect()
}

fn sentences_of<R: Region>(r: &R) -> Array {
    let a = r.analysis();
    let span = r.region();
    let from = a.doc.sentences.partition_point(|s| s.end <= span.start);
    a.doc.sentences[from..]
        .iter()
        .enumerate()
        .take_while(|(_, s)| s.start < span.end)
        .map(|(i, &s)| {
            Dynamic::from(Part { a: a.clone(), kind: PartKind::Sentence, idx: from + i, span: s, anchor: s })
        })
        .collect()
}

fn register_region<R: Region>(engine: &mut Engine) {
    engine
        .register_fn("hits", |r: &mut R, area: &str| hits(r, area))
        .register_fn("count", |r: &mut R, area: &str| count(r, area))
        .register_fn("has", |r: &mut R, area: &str| count(r, area).map(|n| n > 0))
        .register_fn("has_any", |r: &mut R, areas: Array| has_any(r, areas))
        .register_get("areas", |r: &mut R| areas_of(r))
        .register_get("sentences", |r: &mut R| sentences_of(r))
        .register_get("figures", |r: &mut R| r.analysis().figures_in(r.region()).count() as i64)
        .register_get("money", |r: &mut R| r.analysis().figures_in(r.region()).filter(|f| f.money).count() as i64)
        .register_get("chars", |r: &mut R| r.analysis().doc.char_count(r.region()) as i64)
        .register_get("text", |r: &mut R| r.analysis().doc.slice(r.region()).to_owned())
        // Says what is wrong (不到位, 缺失, 违规 …), rather than only naming an area.
        .register_get("states_fault", |r: &mut R| r.analysis().states_fault(r.region()))
        .register_fn("contains", |r: &mut R, s: &str| r.analysis().doc.slice(r.region()).contains(s));
}

fn fragment(a: &Arc<Analysis>, span: Span) -> Part {
    Part { a: a.clone(), kind: PartKind::Fragment, idx: 0, span, anchor: span }
}

/// Problem numbers a suggestion answers: "针对问题1、2" / "针对第3个问题" / "（对应问题4）".
fn cited_problems(text: &str) -> Array {
    let mut out = Array::new();
    for (i, _) in text.match_indices("问题") {
        let after = &text[i + "问题".len()..];
        let mut rest = after;
        loop {
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                break;
            }
            if let Ok(v) = rest[..n].parse::<i64>() {
                out.push(v.into());
            }
            rest = &rest[n..];
            match rest.chars().next() {
                Some(c @ ('、' | ',' | '，' | '-' | '至' | '和')) => rest = &rest[c.len_utf8()..],
                _ => break,
            }
        }
    }
    for (i, _) in text.match_indices('第') {
        let after = &text[i + '第'.len_utf8()..];
        let n = after.bytes().take_while(u8::is_ascii_digit).count();
        if n > 0
            && (after[n..].starts_with("个问题")
                || after[n..].starts_with("项问题")
                || after[n..].starts_with("条问题"))
        {
            if let Ok(v) = after[..n].parse::<i64>() {
                out.push(v.into());
            }
        }
    }
    out
}

fn section_part(a: &Arc<Analysis>, idx: usize) -> Part {
    let s = &a.doc.sections[idx];
    Part { a: a.clone(), kind: PartKind::Section, idx, span: s.span, anchor: s.heading }
}

fn problem_part(a: &Arc<Analysis>, idx: usize) -> Part {
    let p = &a.doc.problems[idx];
    Part { a: a.clone(), kind: PartKind::Problem, idx, span: p.span, anchor: p.title_span }
}

/// The first section whose title contains one of `keys`, preferring the top level.
fn section_index(r: &Report, keys: Dynamic) -> RhaiResult<Option<usize>> {
    let keys: Vec<String> = if keys.is_array() {
        keys.into_array()?.into_iter().map(|k| k.to_string()).collect()
    } else {
        vec![keys.to_string()]
    };
    let secs = &r.a.doc.sections;
    let matches = |i: &usize| keys.iter().any(|k| secs[*i].title.contains(k.as_str()));
    let top = secs.iter().map(|s| s.level).min().unwrap_or(1);
    Ok((0..secs.len()).filter(|&i| secs[i].level == top).find(matches).or_else(|| (0..secs.len()).find(matches)))
}

fn framework_focuses(r: &Report) -> Array {
    r.framework
        .1
        .focuses
        .iter()
        .map(|f| {
            let mut m = Map::new();
            m.insert("id".into(), f.id.clone().into());
            m.insert("name".into(), f.name.clone().into());
            m.insert("areas".into(), f.areas.iter().cloned().map(Dynamic::from).collect::<Array>().into());
            Dynamic::from_map(m)
        })
        .collect()
}

fn register_report(engine: &mut Engine) {
    engine
        .register_type_with_name::<Report>("报告")
        .register_get("title", |r: &mut Report| r.a.doc.title.clone().unwrap_or_default())
        .register_get("unit", |r: &mut Report| r.a.unit.unit.clone())
        .register_get("unit_kind", |r: &mut Report| r.a.unit.kind.clone())
        .register_get("group", |r: &mut Report| r.a.unit.group.clone())
        .register_get("top_leader", |r: &mut Report| r.a.unit.top_leader.clone())
        .register_get("framework", |r: &mut Report| r.framework.1.name.clone())
        .register_get("genre", |r: &mut Report| r.a.genre.label().to_owned())
        .register_get("stats", |r: &mut Report| -> Array {
            r.a.stats
                .iter()
                .map(|s| {
                    let mut m = Map::new();
                    m.insert("kind".into(), s.kind.into());
                    m.insert("value".into(), s.value.into());
                    m.insert("unit".into(), s.unit.clone().into());
                    m.insert("text".into(), r.a.doc.slice(s.span).to_owned().into());
                    m.insert("before".into(), words_before(&r.a.doc.text, s.span.start).into());
                    m.insert("at".into(), Dynamic::from(fragment(&r.a, s.span)));
                    Dynamic::from_map(m)
                })
                .collect()
        })
        .register_get("rate_mismatches", |r: &mut Report| -> Array {
            r.a.rate_mismatches()
                .iter()
                .map(|m| {
                    let text = |k: usize| r.a.doc.slice(r.a.stats[k].span).to_owned();
                    let mut map = Map::new();
                    map.insert("rate".into(), text(m.rate).into());
                    map.insert("done".into(), text(m.done).into());
                    map.insert("total".into(), text(m.total).into());
                    map.insert("expected".into(), m.expected.into());
                    map.insert(
                        "at".into(),
                        Dynamic::from(
                            [m.rate, m.done, m.total]
                                .iter()
                                .map(|&k| Dynamic::from(fragment(&r.a, r.a.stats[k].span)))
                                .collect::<Array>(),
                        ),
                    );
                    Dynamic::from_map(map)
                })
                .collect()
        })
        .register_get("feedback", |r: &mut Report| -> Dynamic {
            let Some(fed) = &r.a.unit.fed_back else { return Dynamic::UNIT };
            let answers: Array =
                r.a.answers
                    .iter()
                    .map(|ans| {
                        let mut m = Map::new();
                        m.insert("id".into(), ans.id.clone().into());
                        m.insert("problem".into(), ans.problem.clone().into());
                        m.insert("answered".into(), ans.span.is_some().into());
                        m.insert("text".into(), ans.span.map_or(String::new(), |s| r.a.doc.slice(s).to_owned()).into());
                        m.insert("at".into(), ans.span.map_or(Dynamic::UNIT, |s| Dynamic::from(fragment(&r.a, s))));
                        Dynamic::from_map(m)
                    })
                    .collect();
            let mut m = Map::new();
            m.insert("source".into(), fed.source.clone().into());
            m.insert("total".into(), (fed.problems.len() as i64).into());
            m.insert("closed".into(), fed.closed.map_or(Dynamic::UNIT, |c| (c as i64).into()));
            m.insert("answers".into(), answers.into());
            Dynamic::from_map(m)
        })
        .register_get("focuses", |r: &mut Report| framework_focuses(r))
        .register_get("sections", |r: &mut Report| -> Array {
            (0..r.a.doc.sections.len()).map(|i| Dynamic::from(section_part(&r.a, i))).collect()
        })
        .register_get("problems", |r: &mut Report| -> Array {
            (0..r.a.doc.problems.len()).map(|i| Dynamic::from(problem_part(&r.a, i))).collect()
        })
        .register_get("problems_section", |r: &mut Report| {
            r.a.doc.problems_section.map_or(Dynamic::UNIT, |i| Dynamic::from(section_part(&r.a, i)))
        })
        .register_fn("covers", |r: &mut Report, area: &str| -> RhaiResult<bool> {
            let idx = area_index(&r.a, area)?;
            let hit = r.a.covers(idx);
            note_area(area, usize::from(hit));
            Ok(hit)
        })
        .register_fn("states", |r: &mut Report, area: &str| -> RhaiResult<bool> {
            let idx = area_index(&r.a, area)?;
            let hit = r.a.states(idx);
            note_area(area, usize::from(hit));
            Ok(hit)
        })
        .register_fn("section", |r: &mut Report, keys: Dynamic| -> RhaiResult<Dynamic> {
            Ok(section_index(r, keys)?.map_or(Dynamic::UNIT, |i| Dynamic::from(section_part(&r.a, i))))
        })
        .register_fn("has_section", |r: &mut Report, keys: Dynamic| -> RhaiResult<bool> {
            Ok(section_index(r, keys)?.is_some())
        })
        .register_get("identity_leaks", |r: &mut Report| -> Array {
            r.a.leaks.iter().copied().map(|s| Dynamic::from(fragment(&r.a, s))).collect()
        })
        .register_fn("area_name", |r: &mut Report, id: &str| -> RhaiResult<String> {
            let a = &r.a;
            Ok(a.lexicon.area(area_index(a, id)?).name.clone())
        })
        .register_fn("to_string", |r: &mut Report| format!("报告《{}》", r.a.doc.title.clone().unwrap_or_default()));
    register_region::<Report>(engine);
}

fn register_part(engine: &mut Engine) {
    engine
        .register_type_with_name::<Part>("报告片段")
        .register_get("kind", |p: &mut Part| match p.kind {
            PartKind::Section => "章节",
            PartKind::Problem => "问题",
            PartKind::Sentence => "句子",
            PartKind::Fragment => "片段",
        })
        .register_get("title", |p: &mut Part| match p.kind {
            PartKind::Section => p.a.doc.sections[p.idx].title.clone(),
            PartKind::Problem => p.a.doc.problems[p.idx].title.clone(),
            _ => String::new(),
        })
        .register_get("level", |p: &mut Part| match p.kind {
            PartKind::Section => p.a.doc.sections[p.idx].level as i64,
            _ => 0,
        })
        .register_get("group", |p: &mut Part| match p.kind {
            PartKind::Problem => p.a.doc.problems[p.idx].group.clone().unwrap_or_default(),
            _ => String::new(),
        })
        .register_get("index", |p: &mut Part| p.idx as i64 + 1)
        .register_get("unit", |p: &mut Part| match p.kind {
            PartKind::Problem => p.a.items.get(p.idx).and_then(|m| m.unit.clone()).unwrap_or_default(),
            _ => String::new(),
        })
        .register_get("cites", |p: &mut Part| cited_problems(p.a.doc.slice(p.span)))
        .register_get("children", |p: &mut Part| -> Array {
            if p.kind != PartKind::Section {
                return Array::new();
            }
            (0..p.a.doc.sections.len())
                .filter(|&i| p.a.doc.sections[i].parent == Some(p.idx))
                .map(|i| Dynamic::from(section_part(&p.a, i)))
                .collect()
        })
        .register_fn("to_string", |p: &mut Part| p.a.doc.slice(p.anchor).to_owned());
    register_region::<Part>(engine);
}

fn register_hit(engine: &mut Engine) {
    engine
        .register_type_with_name::<HitRef>("命中词")
        .register_get("term", |h: &mut HitRef| h.a.doc.slice(h.hit.span).to_owned())
        .register_get("area", |h: &mut HitRef| h.a.lexicon.area(h.hit.area).id.clone())
        .register_get("area_name", |h: &mut HitRef| h.a.lexicon.area(h.hit.area).name.clone())
        .register_get("sentence", |h: &mut HitRef| {
            let s = h.a.sentence_at(h.hit.span.start).unwrap_or(h.hit.span);
            Part { a: h.a.clone(), kind: PartKind::Sentence, idx: 0, span: s, anchor: s }
        })
        .register_fn("to_string", |h: &mut HitRef| h.a.doc.slice(h.hit.span).to_owned());
}

/// A finding as a script reports it, before the pack's defaults apply.
#[derive(Debug, Clone, Default)]
pub struct RawFinding {
    pub message: String,
    pub help: Option<String>,
    pub spans: Vec<Span>,
    pub points: Option<f64>,
    pub severity: Option<Severity>,
    pub evidence: Vec<String>,
    /// Overrides the rule's criterion (a rule that scores several dimensions).
    pub criterion: Option<String>,
    pub veto: Option<bool>,
}

#[derive(Debug, Default)]
pub struct RuleState {
    pub findings: Vec<RawFinding>,
    pub not_applicable: Option<String>,
}

/// `ctx` in a rule script: where findings go.
#[derive(Clone, Default)]
pub struct RuleCtx {
    pub state: Arc<Mutex<RuleState>>,
}

impl RuleCtx {
    fn push(&self, f: RawFinding) {
        if let Ok(mut s) = self.state.lock() {
            s.findings.push(f);
        }
    }
}

/// Turns `at` (a part, a hit, the report, or an array of them) into spans.
fn spans_of(at: &Dynamic) -> RhaiResult<Vec<Span>> {
    if at.is_unit() {
        return Ok(Vec::new());
    }
    if let Some(p) = at.clone().try_cast::<Part>() {
        return Ok(vec![p.anchor]);
    }
    if let Some(h) = at.clone().try_cast::<HitRef>() {
        return Ok(vec![h.hit.span]);
    }
    if at.is::<Report>() {
        return Ok(Vec::new());
    }
    if at.is_array() {
        let mut out = Vec::new();
        for item in at.clone().into_array()? {
            out.extend(spans_of(&item)?);
        }
        return Ok(out);
    }
    Err(format!("at 应为报告片段、命中词或它们的数组，却收到 {}", at.type_name()).into())
}

fn to_points(v: &Dynamic) -> RhaiResult<f64> {
    v.as_float().or_else(|_| v.as_int().map(|i| i as f64)).map_err(|t| format!("points 应为数字，却收到 {t}").into())
}

fn finding_from_map(m: Map) -> RhaiResult<RawFinding> {
    let mut f = RawFinding::default();
    for (k, v) in m {
        match k.as_str() {
            "message" => f.message = v.to_string(),
            "help" => f.help = Some(v.to_string()),
            "at" => f.spans = spans_of(&v)?,
            "signals" => f.evidence = crate::engine::signals_api::ids_of(&v)?,
            "criterion" => f.criterion = Some(v.to_string()),
            "veto" => f.veto = Some(v.as_bool().map_err(|t| format!("veto 应为 true 或 false，却收到 {t}"))?),
            "points" => f.points = Some(to_points(&v)?),
            "severity" => {
                let s = v.to_string();
                f.severity =
                    Some(Severity::parse(&s).ok_or_else(|| format!("severity 应为 错误/警告/提示，却是 \"{s}\""))?);
            }
            other => {
                return Err(
                    format!("ctx.fail 不认识的字段 \"{other}\"（可用：message、help、at、points、severity）").into()
                );
            }
        }
    }
    if f.message.trim().is_empty() {
        return Err("ctx.fail 缺少 message".into());
    }
    Ok(f)
}

fn register_ctx(engine: &mut Engine) {
    engine
        .register_type_with_name::<RuleCtx>("规则上下文")
        .register_fn("fail", |c: &mut RuleCtx, message: ImmutableString| {
            c.push(RawFinding { message: message.to_string(), ..Default::default() })
        })
        .register_fn("fail", |c: &mut RuleCtx, message: ImmutableString, at: Dynamic| -> RhaiResult<()> {
            c.push(RawFinding { message: message.to_string(), spans: spans_of(&at)?, ..Default::default() });
            Ok(())
        })
        .register_fn("fail", |c: &mut RuleCtx, m: Map| -> RhaiResult<()> {
            c.push(finding_from_map(m)?);
            Ok(())
        })
        .register_fn("not_applicable", |c: &mut RuleCtx, reason: ImmutableString| {
            if let Ok(mut s) = c.state.lock() {
                s.not_applicable = Some(reason.to_string());
            }
        });
}

pub fn register(engine: &mut Engine) {
    crate::engine::signals_api::register(engine);
    engine.register_fn("join", |items: Array, sep: &str| {
        items.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(sep)
    });
    register_report(engine);
    register_part(engine);
    register_hit(engine);
    register_ctx(engine);
    register_dates(engine);
    engine.register_fn("same_unit", |a: &str, b: &str| crate::util::text::same_unit(a, b));
    // A unit map (`unit` of the staff rules) answers to its name and to each of its aliases.
    engine.register_fn("same_unit", |a: &str, unit: Map| names_unit(a, &unit));
}

/// Whether `a` names the unit of a unit map (`name`, `aliases`): the name or one of the aliases,
/// compared as [`crate::util::text::same_unit`] compares.
fn names_unit(a: &str, unit: &Map) -> bool {
    let text = |v: Dynamic| v.into_immutable_string().ok();
    let name = unit.get("name").cloned().and_then(text);
    let aliases = unit.get("aliases").cloned().and_then(|v| v.try_cast::<Array>()).unwrap_or_default();
    name.into_iter().chain(aliases.into_iter().filter_map(text)).any(|n| crate::util::text::same_unit(a, &n))
}

/// Up to 12 characters before `at` in its sentence: the words that say what a number counts
/// (反馈问题21个, 已完成整改18个).
fn words_before(text: &str, at: usize) -> String {
    let head = &text[..at];
    let from = head
        .rfind(['。', '；', '\n', '，', '：'])
        .map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8));
    let clause = &head[from..];
    let skip = clause.chars().count().saturating_sub(12);
    clause.chars().skip(skip).collect()
}

/// Date arithmetic for the ledger rules; a value that is not a date gives `()`.
fn register_dates(engine: &mut Engine) {
    use crate::util::date;
    let or_unit = |v: Option<String>| v.map_or(Dynamic::UNIT, Dynamic::from);
    engine.register_fn("days_between", |a: &str, b: &str| {
        date::days_between(a, b).map_or(Dynamic::UNIT, Dynamic::from_int)
    });
    engine.register_fn("add_months", move |d: &str, n: i64| or_unit(date::add_months(d, n)));
    engine.register_fn("add_days", move |d: &str, n: i64| or_unit(date::add_days(d, n)));
}
