//! `xuncha diverge`: compares each report with what the masses report (信访举报), what leaders
//! already know (领导掌握) and public sentiment (舆情). A report that misses what should have been
//! found (应当发现的重要问题没有发现) is itself a problem.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::analysis::figures;
use crate::analysis::lexicon::Lexicon;
use crate::analysis::matching::{
    Matcher, ReportIndex, Segmenter, SignalCounts, SignalTerms, SignalWords, Status, TextWords, unit_chars, vocabulary,
};
use crate::assess::report::ReportEvaluation;
use crate::engine::Setup;
use crate::engine::signals_api::{Matched, SignalInfo, SignalRef, SignalSet};
use crate::engine::{MatchScript, RuleRun};
use crate::model::outcome::RuleError;
use crate::model::round::{Round, Unit};
use crate::model::signal::{Signal, Text};
use crate::pack::DivergenceConfig;
use crate::util::text::Folded;

/// A signal the divergence cannot use.
#[derive(Debug, thiserror::Error)]
pub enum DivergenceError {
    /// A signal row names a lexicon area (领域) the pack does not have.
    #[error("{place}：领域 {area} 不在词库中{hint}")]
    UnknownArea { place: String, area: String, hint: String },
}

/// One unit: its signals, the divergence flags and the score.
#[derive(Debug, Clone)]
pub struct UnitDivergence {
    pub unit: Unit,
    pub leader: String,
    pub report: String,
    pub signals: Vec<Arc<SignalInfo>>,
    pub run: RuleRun,
    /// 0 (the report answers every signal) … 100 (it misses all of them): the missed share of
    /// the weight of the signals that ask something (covered or missed).
    pub score: f64,
    /// Per area with signals that ask something: (area, their weight, no signal there is missed).
    pub cells: Vec<(u16, f64, bool)>,
}

/// Divergence per group leader (组长), across the rounds given.
#[derive(Debug, Clone, Serialize)]
pub struct LeaderView {
    pub leader: String,
    pub groups: Vec<String>,
    pub rounds: usize,
    pub reports: usize,
    pub mean: f64,
    /// Reports at or above the threshold, or with an 错误-level divergence flag.
    pub diverging: usize,
    /// 重点研判.
    pub flagged: bool,
}

/// A round compared with its signals.
#[derive(Debug, Clone)]
pub struct Divergence {
    pub round: String,
    pub units: Vec<UnitDivergence>,
    /// Heat-map columns: areas with signals, strongest first.
    pub areas: Vec<u16>,
    pub lexicon: Arc<Lexicon>,
    /// Signals read, by kind.
    pub counts: BTreeMap<&'static str, usize>,
    /// Failures of the weight script (each signal then weighs 1) and of the matching script
    /// (the signal then counts as missed).
    pub weight_errors: Vec<RuleError>,
}

impl Divergence {
    pub fn rule_errors(&self) -> bool {
        !self.weight_errors.is_empty() || self.units.iter().any(|u| u.run.errors().next().is_some())
    }
}

/// Compares signals already in memory (a draft's self-check, rule cases) with the reports.
pub fn diverge_signals(
    setup: &Setup,
    round: &Round,
    evals: &[ReportEvaluation],
    signals: Vec<Signal>,
) -> Result<Divergence, DivergenceError> {
    let mut c = Classifier::new(setup, round, evals, None);
    c.add(signals)?;
    Ok(c.finish())
}

/// Classifies and weighs signals batch by batch, keeping them per unit.
///
/// A batch is classified and weighed as it comes (areas, top leader, weight, the signal cut
/// into words); what each report does with each signal is decided once every signal is in,
/// because the reports are searched for the words of all the signals at once.
pub struct Classifier<'a> {
    setup: &'a Setup,
    round: &'a Round,
    evals: &'a [ReportEvaluation],
    /// Unit name → index in the round.
    by_name: HashMap<&'a str, usize>,
    /// The characters of each unit's name (see [`unit_chars`]).
    unit_chars: Vec<Vec<char>>,
    /// Loaded ahead, or at the first signal: a round without signals never loads the
    /// dictionary.
    segmenter: Option<Segmenter>,
    compared: Vec<u16>,
    top: [Option<u16>; 2],
    /// The signals classified so far, in the tables' order.
    pending: Vec<Pending>,
    /// The texts cut so far: a text repeated (重复举报, a post reposted) is cut once.
    cuts: FxHashMap<Box<str>, TextWords>,
    counts: BTreeMap<&'static str, usize>,
}

/// A signal classified and weighed, waiting for its verdict: its unit, what is known of it so
/// far, the weight script's error, and its words (its text's, then its headline's; none for
/// praise, which asks nothing).
struct Pending {
    unit: usize,
    info: SignalInfo,
    weight_error: Option<RuleError>,
    cut: Option<Cut>,
}

impl<'a> Classifier<'a> {
    /// `segmenter`: one loaded ahead with [`segmenter`], else it is loaded at the first signal.
    pub fn new(
        setup: &'a Setup,
        round: &'a Round,
        evals: &'a [ReportEvaluation],
        segmenter: Option<Segmenter>,
    ) -> Self {
        let lexicon = &setup.engine.lexicon;
        let units = &round.file.units;
        Self {
            setup,
            round,
            evals,
            by_name: units.iter().enumerate().map(|(i, u)| (u.name.as_str(), i)).collect(),
            unit_chars: units.iter().map(|u| unit_chars(&u.name)).collect(),
            segmenter,
            compared: setup.engine.pack.config.divergence.areas.iter().filter_map(|a| lexicon.area_index(a)).collect(),
            top: ["top-leader", "irreverence"].map(|a| lexicon.area_index(a)),
            pending: Vec::new(),
            cuts: FxHashMap::default(),
            counts: BTreeMap::new(),
        }
    }

    /// Classification is independent per signal: done in parallel, kept in order.
    pub fn add(&mut self, batch: Vec<Signal>) -> Result<(), DivergenceError> {
        if batch.is_empty() {
            return Ok(());
        }
        if self.segmenter.is_none() {
            self.segmenter = Some(segmenter(self.setup, self.round));
        }
        let Some(seg) = &self.segmenter else { return Ok(()) };
        // The texts of this batch not cut before, each once.
        let mut fresh: Vec<&str> = batch
            .iter()
            .filter(|s| asks(s) && self.by_name.contains_key(&*s.unit))
            .flat_map(|s| std::iter::once(s.text()).chain(title(s)))
            .filter(|t| !self.cuts.contains_key(*t))
            .collect();
        fresh.sort_unstable();
        fresh.dedup();
        let cut: Vec<TextWords> = fresh.par_iter().map(|t| seg.words(t)).collect();
        self.cuts.extend(fresh.into_iter().map(Box::from).zip(cut));
        let this = &*self;
        let classified: Vec<Result<Option<Pending>, DivergenceError>> = batch
            .into_par_iter()
            .map(|signal| {
                let Some(&i) = this.by_name.get(&*signal.unit) else { return Ok(None) };
                let words = |text: &str| this.cuts.get(text).cloned().unwrap_or_else(|| Vec::new().into());
                classify(this.setup, &this.compared, this.top, &this.round.file.units[i], words, signal)
                    .map(|(info, weight_error, cut)| Some(Pending { unit: i, info, weight_error, cut }))
            })
            .collect();
        for item in classified {
            let Some(p) = item? else { continue };
            *self.counts.entry(p.info.signal.kind.label()).or_default() += 1;
            self.pending.push(p);
        }
        Ok(())
    }

    /// The signals kept so far (for the caller's duplicate-id check).
    pub fn signals(&self) -> impl Iterator<Item = &Signal> {
        self.pending.iter().map(|p| &p.info.signal)
    }

    pub fn finish(self) -> Divergence {
        let Self { setup, round, evals, segmenter, pending, counts, cuts, unit_chars, .. } = self;
        let (by_unit, weight_errors) = judge_all(setup, round, evals, segmenter, pending, cuts, &unit_chars);
        // Counted a unit at a time on every thread; each signal's words are then discounted
        // with its unit's other work.
        let uses = by_unit
            .par_iter()
            .fold(SignalCounts::default, |mut c, list| {
                c.extend(list.iter().filter_map(|(s, t)| Some((s.signal.kind.label(), &**t.as_ref()?))));
                c
            })
            .reduce(SignalCounts::default, SignalCounts::merge);
        let lexicon = setup.engine.lexicon.clone();
        let work: Vec<(&Unit, &ReportEvaluation, Vec<Kept>)> =
            round.file.units.iter().zip(evals).zip(by_unit).map(|((u, e), list)| (u, e, list)).collect();
        let units: Vec<UnitDivergence> = work
            .into_par_iter()
            .map(|(unit, eval, mut list)| {
                for (s, t) in &mut list {
                    if let Some(t) = t {
                        // A repeated signal's terms are shared until discounted by its own channel.
                        Arc::make_mut(t).discount(&uses, s.signal.kind.label());
                    }
                }
                unit_divergence(setup, round, unit, eval, group(list))
            })
            .collect();
        let mut area_totals: BTreeMap<u16, f64> = BTreeMap::new();
        for u in &units {
            for &(a, w, _) in &u.cells {
                *area_totals.entry(a).or_default() += w;
            }
        }
        let mut areas: Vec<(u16, f64)> = area_totals.into_iter().collect();
        areas.sort_by(|p, q| q.1.total_cmp(&p.1).then(p.0.cmp(&q.0)));
        Divergence {
            round: round.name().to_owned(),
            units,
            areas: areas.into_iter().map(|(a, _)| a).collect(),
            lexicon,
            counts,
            weight_errors,
        }
    }
}

/// Signals about one unit beyond which repeats are not looked for (the pairwise comparison is
/// quadratic).
const MAX_GROUPED: usize = 2_000;

/// Groups a unit's signals into matters (重复举报) and lets an answered signal answer the others
/// of its matter.
fn group(list: Vec<Kept>) -> Vec<Arc<SignalInfo>> {
    let (mut list, terms): (Vec<Arc<SignalInfo>>, Vec<Option<Arc<SignalTerms>>>) = list.into_iter().unzip();
    let asking: Vec<usize> = (0..list.len()).filter(|&i| terms[i].is_some()).collect();
    if asking.len() < 2 || asking.len() > MAX_GROUPED {
        return list;
    }
    // Each signal's own since its discount.
    let terms: Vec<SignalTerms> = terms.into_iter().flatten().map(Arc::unwrap_or_clone).collect();
    let groups = crate::analysis::matching::matters(&terms);
    let verdicts: Vec<(Status, f64)> =
        asking.iter().map(|&i| (list[i].status, list[i].matched.as_ref().map_or(0.0, |m| m.score))).collect();
    let donors = crate::analysis::matching::donors(&verdicts, &groups);
    // Matters numbered in the order of their first signal, counting only real repeats.
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for &g in &groups {
        *sizes.entry(g).or_default() += 1;
    }
    let mut numbers: HashMap<usize, usize> = HashMap::new();
    for (k, &g) in groups.iter().enumerate() {
        if sizes[&g] > 1 {
            let next = numbers.len() + 1;
            let n = *numbers.entry(g).or_insert(next);
            let donor = donors[k].map(|d| (list[asking[d]].status, list[asking[d]].matched.clone()));
            let s = Arc::make_mut(&mut list[asking[k]]);
            s.matter = Some(n);
            if let Some((status, matched)) = donor {
                s.status = status;
                s.matched = matched;
            }
        }
    }
    list
}

/// Runs the divergence rules for one unit and scores it.
fn unit_divergence(
    setup: &Setup,
    round: &Round,
    unit: &Unit,
    eval: &ReportEvaluation,
    list: Vec<Arc<SignalInfo>>,
) -> UnitDivergence {
    let set = SignalSet { items: Arc::new(list), lexicon: setup.engine.lexicon.clone() };
    let mut run = setup.engine.run_divergence_rules(&eval.analysis, &setup.framework, &set);
    run.findings.sort_by_key(|f| (std::cmp::Reverse(f.severity), f.rule.clone()));
    let asking = || set.items.iter().filter(|s| matches!(s.status, Status::Covered | Status::Missed));
    let mut cells: Vec<(u16, f64, bool)> = Vec::new();
    for s in asking() {
        for &a in &s.areas {
            match cells.iter_mut().find(|c| c.0 == a) {
                Some(c) => {
                    c.1 += s.weight;
                    c.2 &= !s.is_missed();
                }
                None => cells.push((a, s.weight, !s.is_missed())),
            }
        }
    }
    cells.sort_by(|p, q| q.1.total_cmp(&p.1).then(p.0.cmp(&q.0)));
    // One verdict per signal, so the score, the flags and the unit's detail agree: the share of
    // the weight of the signals that ask something which the report leaves unanswered.
    let total: f64 = asking().map(|s| s.weight).sum();
    let missed: f64 = asking().filter(|s| s.is_missed()).map(|s| s.weight).sum();
    let total = total.max(setup.engine.pack.config.divergence.weight_floor);
    let score = if total > 0.0 { crate::util::number::round1(100.0 * missed / total) } else { 0.0 };
    UnitDivergence {
        unit: unit.clone(),
        leader: round.group(&unit.group).map(|g| g.leader.clone()).unwrap_or_default(),
        report: eval.analysis.doc.path.clone(),
        signals: Arc::unwrap_or_clone(set.items),
        run,
        score,
        cells,
    }
}

/// A signal kept for its unit, with its matter words (none for praise).
type Kept = (Arc<SignalInfo>, Option<Arc<SignalTerms>>);

/// A signal classified, with the errors of the weight and matching scripts and its matter words.
type Classified = (SignalInfo, Vec<RuleError>, Option<Arc<SignalTerms>>);

/// A unit's report as the matcher sees it.
#[derive(Clone, Copy)]
struct Report<'a> {
    eval: &'a ReportEvaluation,
    index: &'a ReportIndex,
    matcher: &'a Matcher,
}

/// The segmenter for a round's signals, with the names it must keep whole.
pub fn segmenter(setup: &Setup, round: &Round) -> Segmenter {
    let names = round_names(round);
    Segmenter::new(names.iter().map(String::as_str), &setup.engine.pack.config.divergence.synonyms)
}

/// Names the segmenter must keep whole: units, the places they stand for (青山镇 for
/// 青山镇党委), their top leaders.
fn round_names(round: &Round) -> Vec<String> {
    const SUFFIXES: [&str; 7] = ["党总支部", "党总支", "党支部", "党委", "党组", "委员会", "支部"];
    let mut out = Vec::new();
    for u in &round.file.units {
        out.push(u.name.clone());
        if let Some(place) = SUFFIXES.iter().find_map(|s| u.name.strip_suffix(s)) {
            out.push(place.to_owned());
        }
        if !u.top_leader.is_empty() {
            out.push(u.top_leader.clone());
        }
    }
    out
}

/// The words of a signal: its text's, then its headline's.
type Cut = (TextWords, Option<TextWords>);

/// Decides, once every signal is classified and weighed, what each report does with each of its
/// signals: per unit, in the tables' order, with the scripts' errors.
fn judge_all(
    setup: &Setup,
    round: &Round,
    evals: &[ReportEvaluation],
    loaded: Option<Segmenter>,
    pending: Vec<Pending>,
    cuts: FxHashMap<Box<str>, TextWords>,
    unit_chars: &[Vec<char>],
) -> (Vec<Vec<Kept>>, Vec<RuleError>) {
    let mut by_unit: Vec<Vec<Kept>> = vec![Vec::new(); round.file.units.len()];
    let mut errors: Vec<RuleError> = Vec::new();
    if pending.is_empty() {
        return (by_unit, errors);
    }
    let seg = loaded.unwrap_or_else(|| segmenter(setup, round));
    // Each text once, however many signals repeat it; a word a unit's own name drops is looked
    // for all the same, and used by no signal of that unit.
    let texts: Vec<&TextWords> = cuts.values().collect();
    let words = vocabulary(texts.par_iter().flat_map_iter(|w| w.iter().map(|w| &**w)));
    let reports: Vec<&crate::analysis::Analysis> = evals.iter().map(|e| &*e.analysis).collect();
    let (matcher, indexes) = Matcher::new(&seg, &reports, words);
    // The dictionary and the cut texts are no longer needed.
    drop(texts);
    drop((seg, cuts));
    // Signals about one unit are judged one after another, so its report's index is still in
    // the cache for the next (a large round's tables mix the units); the results go back into
    // the tables' order.
    let mut pending: Vec<(usize, Pending)> = pending.into_iter().enumerate().collect();
    pending.sort_unstable_by_key(|(k, p)| (p.unit, *k));
    // A signal repeated word for word about one unit (重复举报, a post reposted) takes the
    // verdict of its first copy: a verdict depends on the words and the report alone, unless
    // the report cites the signal's own id. Every signal holding a text shares its cut words,
    // so the same text is the same pointer.
    let text_id = |w: &TextWords| Arc::as_ptr(w).cast::<()>();
    let mut firsts: FxHashMap<(usize, *const (), *const ()), usize> = FxHashMap::default();
    let mut judged_first: Vec<usize> = Vec::new();
    // For each signal, which of `judged_first` gives its verdict.
    let source: Vec<usize> = pending
        .iter()
        .enumerate()
        .map(|(j, (_, p))| {
            let key = match &p.cut {
                Some((body, title)) if !indexes[p.unit].cites(p.info.signal.id()) => {
                    Some((p.unit, text_id(body), title.as_ref().map_or(std::ptr::null(), text_id)))
                }
                _ => None,
            };
            let next = judged_first.len();
            let slot = match key {
                Some(key) => *firsts.entry(key).or_insert(next),
                None => next,
            };
            if slot == next {
                judged_first.push(j);
            }
            slot
        })
        .collect();
    drop(firsts);
    let verdicts: Vec<SignalVerdict> = judged_first
        .into_par_iter()
        .map_init(
            || setup.engine.match_script(),
            |script, j| {
                let p = &pending[j].1;
                let report = Report { eval: &evals[p.unit], index: &indexes[p.unit], matcher: &matcher };
                verdict(report, script, &unit_chars[p.unit], &p.info.signal, p.cut.as_ref())
            },
        )
        .collect();
    // The cut words, the verdicts and the reports' indexes are millions of small allocations:
    // freed on every thread, not one by one on this one.
    pending.par_iter_mut().for_each(|(_, p)| p.cut = None);
    let mut judged: Vec<(usize, usize, Classified)> = pending
        .into_iter()
        .zip(source)
        .map(|((k, p), from)| {
            let (status, matched, match_error, terms) = verdicts[from].clone();
            let Pending { unit, mut info, weight_error, .. } = p;
            info.status = status;
            info.matched = matched;
            info.judged = true;
            (k, unit, (info, weight_error.into_iter().chain(match_error).collect(), terms))
        })
        .collect();
    rayon::join(|| verdicts.into_par_iter().for_each(drop), || indexes.into_par_iter().for_each(drop));
    drop(matcher);
    judged.sort_unstable_by_key(|j| j.0);
    for (_, unit, (info, errs, terms)) in judged {
        for e in errs {
            if !errors.contains(&e) {
                errors.push(e);
            }
        }
        by_unit[unit].push((Arc::new(info), terms));
    }
    (by_unit, errors)
}

/// Whether a signal asks anything of the report: praise does not, and is not cut.
fn asks(signal: &Signal) -> bool {
    !(signal.kind == crate::model::signal::SignalKind::Sentiment && signal.polarity.is_some_and(|p| p > 0.0))
}

/// A post's headline, when it has one.
fn title(signal: &Signal) -> Option<&str> {
    signal.get(Text::Title).filter(|t| !t.trim().is_empty())
}

/// What the report does with the signal about the unit whose name's characters are `unit`,
/// and the passage behind it (`cut`: none for praise).
fn verdict(
    report: Report,
    script: &mut MatchScript,
    unit: &[char],
    signal: &Signal,
    cut: Option<&Cut>,
) -> SignalVerdict {
    let positive = cut.is_none();
    let cut = cut.map(|(body, title)| (SignalWords::of(unit, body), title.as_ref().map(|t| SignalWords::of(unit, t))));
    // Repeats are told by what the signals say, not by a post's headline, which only helps
    // find the passage.
    let (words, terms) = match cut {
        None => (SignalWords::default(), None),
        Some((body, title)) => {
            let terms = report.matcher.terms(&body);
            let words = match title {
                Some(t) => body.joined(t),
                None => body,
            };
            (words, Some(Arc::new(terms)))
        }
    };
    let doc = &report.eval.analysis.doc;
    let mut decide = |f: &crate::analysis::matching::Features| script.same_matter(f);
    let (status, matched, error) =
        match report.matcher.verdict(report.index, signal.id(), &words, positive, &mut decide) {
            Ok(v) => {
                let matched = v.passage.map(|i| {
                    let p = &report.index.passages[i];
                    Matched {
                        item: match p.kind {
                            crate::analysis::matching::PassageKind::Item(n) => Some(n + 1),
                            crate::analysis::matching::PassageKind::Explanation => None,
                        },
                        place: doc.place(p.span.start),
                        text: p.text(doc),
                        // Three places, rounded where they print: 29.1 / 100 is 0.29100000000000004.
                        score: (v.score * 1000.0).round() / 1000.0,
                    }
                });
                (v.status, matched, None)
            }
            Err(e) => (Status::Missed, None, Some(e)),
        };
    (status, matched, error, terms)
}

/// What the report does with a signal, the passage behind it, the matching script's error, and
/// the signal's matter words.
type SignalVerdict = (Status, Option<Matched>, Option<RuleError>, Option<Arc<SignalTerms>>);

/// Areas, top-leader mention and weight of one signal about `unit` (with the weight script's
/// error), and its words (none for praise, which asks nothing and is not cut). The verdict
/// comes later, from [`judge`]: a weight says how much a signal asks, whatever the report did.
fn classify(
    setup: &Setup,
    compared: &[u16],
    top: [Option<u16>; 2],
    unit: &Unit,
    words: impl Fn(&str) -> TextWords,
    signal: Signal,
) -> Result<(SignalInfo, Option<RuleError>, Option<Cut>), DivergenceError> {
    let lexicon = &setup.engine.lexicon;
    let category = signal.get(Text::Category);
    let text = format!("{} {} {}", signal.get(Text::Title).unwrap_or(""), signal.text(), category.unwrap_or(""));
    let folded = Folded::new(&text);
    let hits = lexicon.scan_folded(&folded);
    let mut areas: Vec<u16> = hits.iter().map(|h| h.area).filter(|a| compared.contains(a)).collect();
    for declared in &signal.declared_areas {
        let idx = lexicon.area_index(declared).ok_or_else(|| DivergenceError::UnknownArea {
            place: signal.origin.to_string(),
            area: declared.clone(),
            hint: crate::util::suggest::suggest(declared, lexicon.areas().iter().map(|a| a.id.as_str())),
        })?;
        areas.push(idx);
    }
    if let Some(cat) = category {
        areas.extend(
            lexicon.areas().iter().enumerate().filter(|(_, a)| a.id == cat || a.name == cat).map(|(i, _)| i as u16),
        );
    }
    let about_top_leader =
        signal.get(Text::Person).is_some_and(|p| !unit.top_leader.is_empty() && p.contains(unit.top_leader.as_str()))
            || hits.iter().any(|h| top.contains(&Some(h.area)));
    if about_top_leader {
        areas.extend(top[0]);
    }
    areas.sort_unstable();
    areas.dedup();
    let cut = asks(&signal).then(|| (words(signal.text()), title(&signal).map(&words)));
    let info = Arc::new(SignalInfo {
        figures: figures::scan(&folded).len(),
        signal,
        areas,
        about_top_leader,
        // Until `judge`.
        status: Status::Missed,
        matched: None,
        judged: false,
        matter: None,
        weight: 0.0,
    });
    let (weight, err) = setup.engine.weigh(&SignalRef { info: info.clone(), lexicon: lexicon.clone() });
    // The script's reference is gone once weigh returns, so this never clones.
    let mut info = Arc::unwrap_or_clone(info);
    info.weight = weight;
    Ok((info, err, cut))
}

/// Divergence per group leader over one or more rounds.
pub fn leaders<'a>(rounds: impl IntoIterator<Item = &'a Divergence>, cfg: &DivergenceConfig) -> Vec<LeaderView> {
    let mut map: BTreeMap<String, LeaderView> = BTreeMap::new();
    let mut sums: BTreeMap<String, f64> = BTreeMap::new();
    let mut last_round: BTreeMap<String, usize> = BTreeMap::new();
    for (ri, d) in rounds.into_iter().enumerate() {
        for u in &d.units {
            let v = map.entry(u.leader.clone()).or_insert_with(|| LeaderView {
                leader: u.leader.clone(),
                groups: Vec::new(),
                rounds: 0,
                reports: 0,
                mean: 0.0,
                diverging: 0,
                flagged: false,
            });
            if !v.groups.contains(&u.unit.group) {
                v.groups.push(u.unit.group.clone());
            }
            // Count each round once per leader.
            if last_round.insert(u.leader.clone(), ri) != Some(ri) {
                v.rounds += 1;
            }
            v.reports += 1;
            *sums.entry(u.leader.clone()).or_default() += u.score;
            let serious = u.run.findings.iter().any(|f| f.severity == crate::model::outcome::Severity::Error);
            if u.score >= cfg.flag_threshold || serious {
                v.diverging += 1;
            }
        }
    }
    let mut out: Vec<LeaderView> = map
        .into_values()
        .map(|mut v| {
            v.mean = crate::util::number::round1(sums.get(&v.leader).copied().unwrap_or(0.0) / v.reports.max(1) as f64);
            v.flagged = v.diverging >= cfg.leader_repeat;
            v
        })
        .collect();
    out.sort_by(|a, b| b.flagged.cmp(&a.flagged).then(b.mean.total_cmp(&a.mean)).then(a.leader.cmp(&b.leader)));
    out
}
