//! Matching a signal to the report's passages matter by matter: does a problem item (or an
//! explanation passage) of the unit's report state the same matter — the same person, object,
//! place and misconduct — as this tip-off, this leader's item, this sentiment post?
//!
//! Signals are cut into words with jieba (the round's unit, village and person names added, so
//! that 青山镇 stays one word). The reports are not cut: the words of all the signals are found
//! in them in one Aho-Corasick pass over each sentence. A word weighs its inverse document
//! frequency over the sentences of the round's reports: 低保 or 食用菌大棚 tell a matter apart,
//! 资金 or 问题 do not. The features of the best passages go to the pack's `matching/` script,
//! which decides; this module only measures.

use std::collections::HashMap;

use jieba_rs::Jieba;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::analysis::Analysis;
use crate::model::document::{Document, Span};

/// Words that say who reported or how, not what happened.
const STOP: &[&str] = &[
    "反映",
    "举报",
    "网民",
    "发帖",
    "爆料",
    "吐槽",
    "质疑",
    "掌握",
    "发现",
    "问题",
    "存在",
    "情况",
    "有的",
    "部分",
    "一些",
    "县委",
    "一直",
    "至今",
    "称",
    "论坛",
    "本地",
    "群众",
    "村民",
    "有人",
    "他们",
    "我们",
    "自己",
    "这个",
    "那个",
    "什么",
    "怎么",
    "没有",
    "已经",
    "还是",
    "就是",
    "但是",
    "而且",
    "以及",
    "其中",
    "进行",
    "相关",
    "有关",
    "方面",
    "工作",
    "要求",
    "规定",
    "违反",
    "负有",
    "责任",
    "直接",
    "领导",
    "核实",
    "经查",
    "巡察",
    "巡察组",
    "期间",
    "阅读量",
    "帖子",
    "万次",
    "余次",
    "转发",
    "评论",
    "网友",
    "留言",
    "平台",
    "审计局",
    "审计",
    "专项审计",
    "督查室",
    "组织部",
    "纪委监委",
    "县纪委",
    "监委",
    "县委组织部",
    "县委督查室",
    "县审计局",
    "年",
    "月",
    "日",
];

/// Suffixes that make a word a place or an organisation (石桥村, 城关二小, 锦绣花园).
const PLACE_SUFFIXES: &[&str] = &[
    "村",
    "镇",
    "乡",
    "社区",
    "小区",
    "花园",
    "中学",
    "小学",
    "一中",
    "二中",
    "三中",
    "一小",
    "二小",
    "三小",
    "医院",
    "卫生院",
    "敬老院",
    "中心",
    "所",
    "站",
    "队",
    "股",
    "办",
    "公司",
    "合作社",
    "景区",
    "水库",
    "殡仪馆",
    "项目区",
];

/// Passages the decision script is asked about per signal (the best by shared wording): on the
/// labelled set the third and later ones never changed a verdict.
const CANDIDATES: usize = 2;

/// Sentences of a notional background corpus (see `Matcher::new`).
const BACKGROUND: usize = 500;

/// The weight of a word used by about one sentence in fifty of the round (with the background).
const STRONG: f64 = 4.5;

/// How a passage stands in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassageKind {
    /// A problem item (0-based index into the document's problems).
    Item(usize),
    /// A passage saying a matter was verified unfounded, or citing a signal's id.
    Explanation,
}

/// A stretch of the report a signal can match.
#[derive(Debug, Clone)]
pub struct Passage {
    pub kind: PassageKind,
    pub span: Span,
    /// The passage's text, trimmed: copied from the report when a signal first matches it (most
    /// passages never do), then kept once however many signals it answers.
    text: std::sync::OnceLock<std::sync::Arc<str>>,
    persons: Vec<String>,
    places: Vec<String>,
}

impl Passage {
    /// The passage's text; `doc` must be the report it was cut from (the first call's text is
    /// kept).
    pub fn text(&self, doc: &Document) -> std::sync::Arc<str> {
        self.text.get_or_init(|| doc.slice(self.span).trim().into()).clone()
    }
}

/// One report ready for matching.
#[derive(Debug, Clone, Default)]
pub struct ReportIndex {
    pub passages: Vec<Passage>,
    /// The ids of the words the passages use, ascending.
    words: Vec<u32>,
    /// The passages using `words[k]` are `holders[starts[k]..starts[k + 1]]`.
    starts: Vec<u32>,
    holders: Vec<u32>,
    /// Id-like tokens the report cites (XF-2024-031, XF2026-001), with their offsets.
    cited: Vec<(String, usize)>,
}

impl ReportIndex {
    /// Whether the report cites the signal id `id` (an empty id is never cited).
    pub fn cites(&self, id: &str) -> bool {
        !id.is_empty() && self.cited.iter().any(|(c, _)| c == id)
    }

    /// `passages` with the ids of their words.
    fn new(passages: Vec<(Passage, Vec<u32>)>, cited: Vec<(String, usize)>) -> Self {
        let mut postings: Vec<(u32, u32)> =
            passages.iter().enumerate().flat_map(|(i, (_, ids))| ids.iter().map(move |&w| (w, i as u32))).collect();
        postings.sort_unstable();
        let (mut words, mut starts) = (Vec::new(), Vec::new());
        for (k, &(w, _)) in postings.iter().enumerate() {
            if words.last() != Some(&w) {
                words.push(w);
                starts.push(k as u32);
            }
        }
        starts.push(postings.len() as u32);
        let holders = postings.into_iter().map(|(_, p)| p).collect();
        let passages = passages.into_iter().map(|(p, _)| p).collect();
        Self { passages, words, starts, holders, cited }
    }

    /// The passages using word `id`.
    #[cfg(test)]
    fn using(&self, id: u32) -> impl Iterator<Item = usize> + '_ {
        let mut out = Vec::new();
        self.each_using(&[id], |_, p| out.extend(p.iter().map(|&p| p as usize)));
        out.into_iter()
    }

    /// For word ids in ascending order, `f(k, passages)` with the passages using `ids[k]`, for
    /// each id a passage uses. The report's words are walked once, galloping from one id to the
    /// next: a binary search per word from the top missed the cache at nearly every step.
    fn each_using(&self, ids: &[u32], mut f: impl FnMut(usize, &[u32])) {
        let mut at = 0;
        for (k, &id) in ids.iter().enumerate() {
            let rest = &self.words[at..];
            let mut step = 1;
            while step < rest.len() && rest[step] < id {
                step *= 2;
            }
            at += rest[..(step + 1).min(rest.len())].partition_point(|&w| w < id);
            if self.words.get(at) == Some(&id) {
                f(k, &self.holders[self.starts[at] as usize..self.starts[at + 1] as usize]);
            }
        }
    }
}

/// What the decision script sees of a signal and one passage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Share of the signal's word weight found in the passage (0…1).
    pub words: f64,
    /// The same, without person and place names: the matter itself.
    pub matter: f64,
    /// Sum of the idf of the shared matter words.
    pub overlap: f64,
    /// Shared matter words that few sentences of the round use (about 1 in 50 or fewer).
    pub strong: usize,
    /// Sum of the idf of the shared matter words that are not posts (主任, 村委会): what was done
    /// or to what. A person's post shared with a passage naming them says nothing more.
    pub deed: f64,
    /// A person named in the signal is named in the passage.
    pub person_same: bool,
    /// The signal names persons, the passage names others and none of them.
    pub person_other: bool,
    /// A place or organisation of the signal is in the passage.
    pub place_same: bool,
    /// The signal names places, the passage names others and none of them. A passage's places
    /// are those the round names (units, villages) and those any signal of the round names: the
    /// reports are searched for these, not cut into words.
    pub place_other: bool,
    /// The passage is an explanation (不属实) rather than a problem item.
    pub explanation: bool,
    /// The passage cites a signal's id: it answers that signal. (A signal whose own id is cited
    /// is answered by [`Matcher::verdict`] before features are asked.)
    pub cites_other: bool,
}

/// The segmenter of one round: jieba's dictionary with the round's names kept whole, and the
/// pack's synonyms. Loading the dictionary takes a while, so a round loads it once, while its
/// reports are read.
pub struct Segmenter {
    jieba: Jieba,
    /// Words that are not kept as they stand: a stop word (`None`), or a synonym (`Some`: the
    /// first word of its group). One table, so a word is looked up once.
    respelled: FxHashMap<Box<str>, Option<Box<str>>>,
    /// The pack's synonym groups, each led by the word its spellings become.
    synonyms: Vec<Vec<String>>,
    /// The round's names that are places (青山镇, 石桥村): a passage naming one names a place
    /// even where no signal does.
    places: Vec<String>,
}

impl Segmenter {
    /// `names` (units, villages, persons) and the synonyms are added to the dictionary.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>, synonyms: &[Vec<String>]) -> Self {
        let mut jieba = Jieba::new();
        let mut add = |n: &str| {
            let n = n.trim();
            if n.chars().count() >= 2 {
                jieba.add_word(n, Some(100_000), None);
            }
        };
        let mut places = Vec::new();
        for n in names {
            add(n);
            if is_place(n.trim()) {
                places.push(n.trim().to_owned());
            }
        }
        places.sort_unstable();
        places.dedup();
        synonyms.iter().flatten().for_each(|w| add(w));
        let spellings = synonyms
            .iter()
            .filter_map(|g| Some((g.first()?, g)))
            .flat_map(|(first, g)| g.iter().map(move |w| (w.as_str().into(), Some(first.as_str().into()))));
        // A stop word stays one even where the pack lists it as a synonym.
        let respelled = spellings.chain(STOP.iter().map(|&w| (w.into(), None))).collect();
        Self { jieba, respelled, synonyms: synonyms.to_vec(), places }
    }

    /// A signal about `unit`: its content words, without the unit's own name.
    pub fn signal(&self, unit: &str, text: &str) -> SignalWords {
        SignalWords::of(&unit_chars(unit), &self.words(text))
    }

    /// A signal's text cut into its content words, sorted and deduplicated, whichever unit it
    /// is about: cut once, however many signals repeat the text.
    pub fn words(&self, text: &str) -> TextWords {
        let mut words: Vec<&str> = self.cut_at(text, false).into_iter().map(|(w, _)| w).collect();
        words.sort_unstable();
        words.dedup();
        words.into_iter().map(Box::from).collect()
    }

    /// The spellings a report may use for a signal's word `w`: itself, and the other words of
    /// the synonym group it leads (a signal's word is always a group's first word).
    fn spellings<'a>(&'a self, w: &'a str) -> impl Iterator<Item = &'a str> {
        let group = self.synonyms.iter().find(|g| g.first().is_some_and(|f| f == w));
        let others = group.into_iter().flat_map(|g| &g[1..]).map(String::as_str);
        // A stop word is never a synonym (see `new`).
        std::iter::once(w).chain(others.filter(move |o| *o != w && self.respelled.get(*o).is_some_and(Option::is_some)))
    }

    /// [`Segmenter::cut_at`]'s words alone.
    #[cfg(test)]
    fn cut(&self, text: &str, fine: bool) -> Vec<String> {
        self.cut_at(text, fine).into_iter().map(|(w, _)| w.to_owned()).collect()
    }

    /// Content words of a text: persons (王某某) found by their 某, then jieba words of two or
    /// more characters without stop words. `fine` adds the shorter words inside long ones (租房
    /// in 公租房, 火化 in 火化费), so a report passage answers a signal whichever way the
    /// segmenter cut it. Each word comes with the byte offset in `text` where it starts, and is
    /// a slice of `text` or the first word of a synonym group.
    fn cut_at<'a>(&'a self, text: &'a str, fine: bool) -> Vec<(&'a str, usize)> {
        let mut out: Vec<(&str, usize)> = Vec::new();
        // 股长孙某某 must not become 股长孙/某某: names are taken out before cutting, each left
        // as a comma, in a copy of the text. `moved` holds, for each stretch of the copy that
        // starts where a name was taken out or after one, (offset in the copy, offset in
        // `text`).
        let mut rest = String::new();
        let mut moved: Vec<(usize, usize)> = Vec::new();
        let mut copied = 0;
        for (b, e) in persons_in(text) {
            out.push((&text[b..e], b));
            rest.push_str(&text[copied..b]);
            moved.push((rest.len(), b));
            rest.push('，');
            copied = e;
            moved.push((rest.len(), copied));
        }
        let cut = if moved.is_empty() {
            text
        } else {
            rest.push_str(&text[copied..]);
            &rest
        };
        let tokens = if fine { self.jieba.cut_for_search(cut, true) } else { self.jieba.cut(cut, true) };
        let offset = |t: &jieba_rs::Token| {
            let k = moved.partition_point(|&(r, _)| r <= t.byte_start);
            match k.checked_sub(1) {
                Some(k) => moved[k].1 + (t.byte_start - moved[k].0),
                None => t.byte_start,
            }
        };
        // The token's own characters in `text` (where a name was taken out, `cut` is a copy).
        let slice = |t: &jieba_rs::Token, len: usize| {
            let o = offset(t);
            text.get(o..o + len).map(|w| (w, o))
        };
        let mut i = 0;
        while i < tokens.len() {
            let w = tokens[i].word;
            // 石桥/村 → 石桥村
            if let Some(t) = tokens.get(i + 1) {
                if ["村", "镇", "乡"].contains(&t.word) && longer_than(w, 1) && is_han(w) && !self.is_verb(w) {
                    out.extend(slice(&tokens[i], w.len() + t.word.len()));
                    i += 2;
                    continue;
                }
            }
            // Han characters first: `is_alphabetic` looks each of them up in a table.
            if longer_than(w, 1) && w.chars().any(|c| is_han_char(c) || c.is_alphabetic()) {
                match self.respelled.get(w) {
                    None => out.extend(slice(&tokens[i], w.len())),
                    Some(Some(first)) => out.push((first, offset(&tokens[i]))),
                    Some(None) => {}
                }
            }
            i += 1;
        }
        out
    }

    /// Whether the dictionary knows `w` as a verb: 霸占 in 霸占村集体鱼塘 is no village.
    fn is_verb(&self, w: &str) -> bool {
        matches!(self.jieba.tag(w, false).as_slice(), [t] if t.tag.starts_with('v'))
    }
}

/// The word weights of one round.
pub struct Matcher {
    vocab: FxHashMap<String, u32>,
    idf: Vec<f64>,
    /// Weight of a word no report uses.
    unseen: f64,
}

/// The distinct words of the signals (`words`: every word of every signal): what
/// [`Matcher::new`] looks for in the reports.
pub fn vocabulary<'a>(words: impl ParallelIterator<Item = &'a str>) -> Vec<&'a str> {
    let set = words
        .fold(rustc_hash::FxHashSet::default, |mut set, w| {
            set.insert(w);
            set
        })
        .reduce(rustc_hash::FxHashSet::default, |mut a, mut b| {
            if a.len() < b.len() {
                std::mem::swap(&mut a, &mut b);
            }
            a.extend(b);
            a
        });
    set.into_iter().collect()
}

/// What one thread found in the reports it scanned: how many sentences use each word, the
/// sentences scanned, and each report's passages with the words they hold.
type Scanned = (Vec<u32>, u32, Vec<(usize, Vec<(PassageKind, Span, Vec<u32>)>)>);

impl Matcher {
    /// Builds the matcher over the round's reports for the words the signals use (`words`, from
    /// [`vocabulary`]), and indexes each report.
    ///
    /// The signals are cut first and their words then looked for in the reports, in one pass
    /// over each sentence: a word's weight is its rarity among the reports' sentences, and a
    /// passage holds the words found in it. A report's other words can tell no signal apart, so
    /// they are never cut.
    pub fn new(seg: &Segmenter, reports: &[&Analysis], mut words: Vec<&str>) -> (Self, Vec<ReportIndex>) {
        words.sort_unstable();
        words.dedup();
        let n_words = words.len();
        // Every spelling of every word, then the round's places that are no signal's word: a
        // passage naming one of those names a place all the same.
        let mut patterns: Vec<&str> = Vec::new();
        let mut target: Vec<u32> = Vec::new();
        for (i, &w) in words.iter().enumerate() {
            for spelling in seg.spellings(w) {
                patterns.push(spelling);
                target.push(i as u32);
            }
        }
        let extra: Vec<String> =
            seg.places.iter().filter(|p| words.binary_search(&p.as_str()).is_err()).cloned().collect();
        for (j, p) in extra.iter().enumerate() {
            patterns.push(p);
            target.push((n_words + j) as u32);
        }
        // Standard semantics, overlapping: 低保 is found in 低保户 as jieba's search mode found it.
        // A DFA: every byte of every report passes through it, and the signals' words are few
        // enough (thousands) for its tables.
        let ac = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .or_else(|_| aho_corasick::AhoCorasick::new(&patterns))
            .ok();
        let scan = |(mut df, mut sentences, mut cut): Scanned, (i, a): (usize, &&Analysis)| {
            let mut passages: Vec<(PassageKind, Span, Vec<u32>)> =
                report_passages(a).into_iter().map(|(kind, span)| (kind, span, Vec::new())).collect();
            let mut seen: Vec<u32> = Vec::new();
            for s in &a.doc.sentences {
                sentences += 1;
                let text = a.doc.slice(*s);
                let Some(ac) = &ac else { continue };
                seen.clear();
                for m in ac.find_overlapping_iter(text) {
                    let pattern = patterns[m.pattern().as_usize()];
                    // 王某 is not 王某某.
                    if pattern.ends_with('某') && text[m.end()..].starts_with('某') {
                        continue;
                    }
                    let id = target[m.pattern().as_usize()];
                    let at = s.start + m.start();
                    seen.push(id);
                    for (_, _, held) in passages.iter_mut().filter(|p| p.1.start <= at && at < p.1.end) {
                        held.push(id);
                    }
                }
                // Each word counts once per sentence, however often it is used there.
                seen.sort_unstable();
                seen.dedup();
                seen.iter().filter(|&&id| (id as usize) < n_words).for_each(|&id| df[id as usize] += 1);
            }
            for (_, _, held) in &mut passages {
                held.sort_unstable();
                held.dedup();
            }
            cut.push((i, passages));
            (df, sentences, cut)
        };
        let empty = || -> Scanned { (vec![0; n_words], 0, Vec::new()) };
        let (df, sentences, mut cut) = reports.par_iter().enumerate().fold(empty, scan).reduce(empty, |a, b| {
            let (mut df, sentences, mut cut) = a;
            df.iter_mut().zip(&b.0).for_each(|(x, y)| *x += y);
            cut.extend(b.2);
            (df, sentences + b.1, cut)
        });
        cut.sort_unstable_by_key(|c| c.0);
        // Background sentences that use none of the words: a word's weight then means about
        // the same in a one-report self-check as in a round of a hundred reports.
        let n = (sentences as usize + BACKGROUND) as f64;
        let idf = df.iter().map(|&d| ((n + 1.0) / (d as f64 + 0.5)).ln().max(0.1)).collect();
        let vocab = words.iter().enumerate().map(|(i, &w)| (w.to_owned(), i as u32)).collect();
        let m = Self { vocab, idf, unseen: ((n + 1.0) / 0.5).ln() };
        let indexes = reports
            .par_iter()
            .zip(cut)
            .map(|(&a, (_, passages))| {
                let passages = passages.into_iter().map(|(kind, span, mut held)| {
                    // Ids past the words are the round's places.
                    let first_place = held.partition_point(|&id| (id as usize) < n_words);
                    let mut places: Vec<String> = held[first_place..]
                        .iter()
                        .map(|&id| extra[id as usize - n_words].clone())
                        .chain(
                            held[..first_place]
                                .iter()
                                .map(|&id| words[id as usize])
                                .filter(|w| is_place(w))
                                .map(str::to_owned),
                        )
                        .collect();
                    places.sort_unstable();
                    held.truncate(first_place);
                    let text = a.doc.slice(span);
                    let mut persons: Vec<String> =
                        persons_in(text).into_iter().map(|(b, e)| text[b..e].to_owned()).collect();
                    persons.sort_unstable();
                    persons.dedup();
                    (Passage { kind, span, text: Default::default(), persons, places }, held)
                });
                ReportIndex::new(passages.collect(), cited_ids(&a.doc.text))
            })
            .collect();
        (m, indexes)
    }

    fn weight(&self, w: &str) -> f64 {
        self.vocab.get(w).map_or(self.unseen, |&i| self.idf[i as usize])
    }

    /// A signal's matter words, for telling whether two signals about one unit report the same
    /// matter.
    pub fn terms(&self, s: &SignalWords) -> SignalTerms {
        let mut words: Vec<(u64, f64)> =
            s.matter_words().filter(|w| !is_post(w)).map(|w| (word_key(w), self.weight(w))).collect();
        words.sort_unstable_by_key(|w| w.0);
        let total = words.iter().map(|w| w.1).sum();
        SignalTerms { words, total, persons: s.persons.clone(), places: s.places.clone() }
    }

    /// Features of the signal against every passage of the report.
    pub fn features(&self, index: &ReportIndex, s: &SignalWords) -> Vec<Features> {
        let shared = self.shared(index, s);
        (0..index.passages.len()).map(|i| shared.features(index, s, i)).collect()
    }

    /// What the signal shares with each passage of the report, word by word from the passages
    /// that use each word.
    fn shared(&self, index: &ReportIndex, s: &SignalWords) -> Shared {
        let SignalWords { words, persons, places } = s;
        let n = index.passages.len();
        let mut out = Shared {
            total: 0.0,
            matter_total: 0.0,
            got: vec![0.0; n],
            matter: vec![0.0; n],
            deed: vec![0.0; n],
            strong: vec![0; n],
            touched: Vec::new(),
        };
        // (id, weight, a name, a post) of the words the round knows, by id.
        let mut known: Vec<(u32, f64, bool, bool)> = Vec::with_capacity(words.len());
        for w in words {
            let id = self.vocab.get(w).copied();
            let weight = id.map_or(self.unseen, |id| self.idf[id as usize]);
            let name = persons.contains(w) || places.contains(w);
            out.total += weight;
            if !name {
                out.matter_total += weight;
            }
            if let Some(id) = id {
                known.push((id, weight, name, is_post(w)));
            }
        }
        known.sort_unstable_by_key(|k| k.0);
        let ids: Vec<u32> = known.iter().map(|k| k.0).collect();
        index.each_using(&ids, |k, passages| {
            let (_, weight, name, post) = known[k];
            for &p in passages {
                let p = p as usize;
                out.got[p] += weight;
                if !name {
                    if out.matter[p] == 0.0 {
                        out.touched.push(p as u32);
                    }
                    out.matter[p] += weight;
                    out.strong[p] += usize::from(weight >= STRONG);
                    if !post {
                        out.deed[p] += weight;
                    }
                }
            }
        });
        out
    }
}

/// The weights a signal shares with each passage of a report (see [`Matcher::shared`]).
struct Shared {
    total: f64,
    matter_total: f64,
    got: Vec<f64>,
    matter: Vec<f64>,
    deed: Vec<f64>,
    strong: Vec<usize>,
    /// The passages holding one of the signal's matter words, as first reached: those whose
    /// `matter` is above 0 (a word's weight is at least 0.1, `Matcher::new` floors it).
    touched: Vec<u32>,
}

impl Shared {
    /// The features of passage `i`: the shared weights, then the names compared.
    fn features(&self, index: &ReportIndex, s: &SignalWords, i: usize) -> Features {
        let p = &index.passages[i];
        let (persons, places) = (&s.persons, &s.places);
        let person_same = persons.iter().any(|x| p.persons.contains(x));
        let place_same = places.iter().any(|x| p.places.contains(x));
        // A signal citing its own id never gets here: `verdict` answers it first.
        let cites_other = index.cited.iter().any(|&(_, at)| p.span.start <= at && at < p.span.end);
        Features {
            words: if self.total > 0.0 { self.got[i] / self.total } else { 0.0 },
            matter: if self.matter_total > 0.0 { self.matter[i] / self.matter_total } else { 0.0 },
            overlap: self.matter[i],
            strong: self.strong[i],
            deed: self.deed[i],
            person_same,
            person_other: !persons.is_empty() && !p.persons.is_empty() && !person_same,
            place_same,
            place_other: !places.is_empty() && !p.places.is_empty() && !place_same,
            explanation: p.kind == PassageKind::Explanation,
            cites_other,
        }
    }
}

/// A signal's content words (without its unit's own name), sorted, and the persons and places
/// among them.
#[derive(Debug, Clone, Default)]
pub struct SignalWords {
    words: Vec<String>,
    persons: Vec<String>,
    places: Vec<String>,
}

/// The characters of a unit's name, for [`SignalWords::of`]: looked up for every word of every
/// signal, so taken out of the name once.
pub fn unit_chars(unit: &str) -> Vec<char> {
    let mut chars: Vec<char> = unit.chars().collect();
    chars.sort_unstable();
    chars.dedup();
    chars
}

/// A text's content words, sorted (see [`Segmenter::words`]).
pub type TextWords = std::sync::Arc<[Box<str>]>;

impl SignalWords {
    /// The words of a text about a unit (`unit`: the characters of its name, from
    /// [`unit_chars`]), without the unit's own name (住建局 for 县住房和城乡建设局党组 says
    /// nothing about the matter).
    pub fn of(unit: &[char], words: &[Box<str>]) -> Self {
        let words: Vec<String> = words
            .iter()
            .filter(|w| !w.ends_with('局') && !w.chars().all(|c| unit.contains(&c)))
            .map(|w| w.to_string())
            .collect();
        let (persons, places) = names(&words);
        SignalWords { words, persons, places }
    }

    /// The words of both texts (a post's headline and its body), as if cut together: the
    /// segmenter never joins words across the space between them.
    pub fn joined(mut self, other: SignalWords) -> SignalWords {
        self.words.extend(other.words);
        self.words.sort();
        self.words.dedup();
        let (persons, places) = names(&self.words);
        SignalWords { words: self.words, persons, places }
    }

    /// The words, sorted.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }

    /// The words that say what happened: neither a person nor a place.
    fn matter_words(&self) -> impl Iterator<Item = &String> {
        self.words.iter().filter(|w| !self.persons.contains(w) && !self.places.contains(w))
    }
}

/// A word as a number, so that comparing the signals of a unit pairwise compares numbers.
fn word_key(w: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(w)
}

/// A signal's matter words with their weights, and the persons and places it names.
#[derive(Debug, Clone, Default)]
pub struct SignalTerms {
    /// Word keys with their weights, sorted by key.
    words: Vec<(u64, f64)>,
    /// Sum of the words' weights.
    total: f64,
    persons: Vec<String>,
    places: Vec<String>,
}

/// Signals of a notional background that use none of the words (see [`SignalCounts`]).
const SIGNAL_BACKGROUND: usize = 50;

/// Two signals are one matter only if one of the lighter one's `TELLING` heaviest matter words is
/// in the other.
const TELLING: usize = 2;

/// Word endings that name a post or the body holding it (党组书记, 局长, 村会计, 村委会): who a
/// signal is about, not what happened. Two tip-offs about one 局长 are one matter only if they
/// say the same thing, and a passage naming the same 村委会主任 must share more than the post.
const ROLE_SUFFIXES: &[&str] = &["长", "书记", "主任", "会计", "经理", "委员", "村委", "村委会", "两委"];

/// Whether `w` names a post or the body holding it (局长, 村委会): who, not what.
fn is_post(w: &str) -> bool {
    ROLE_SUFFIXES.iter().any(|r| w.ends_with(r))
}

/// How many of the round's signals of each channel (信访举报, 舆情, 领导掌握) use each matter
/// word. A word most signals of a channel use is its boilerplate (希望组织调查处理,
/// 帖子引发网友关注), not a matter: two posts about different things shared enough of it to be
/// taken for one matter.
#[derive(Debug, Default)]
pub struct SignalCounts {
    /// Channel → (signals, word → signals using it).
    channels: FxHashMap<&'static str, (usize, FxHashMap<u64, u32>)>,
}

impl SignalCounts {
    pub fn new<'a>(terms: impl IntoIterator<Item = (&'static str, &'a SignalTerms)>) -> Self {
        let mut out = Self::default();
        out.extend(terms);
        out
    }

    /// Counts more signals.
    pub fn extend<'a>(&mut self, terms: impl IntoIterator<Item = (&'static str, &'a SignalTerms)>) {
        for (channel, t) in terms {
            let (n, uses) = self.channels.entry(channel).or_default();
            *n += 1;
            for &(w, _) in &t.words {
                *uses.entry(w).or_default() += 1;
            }
        }
    }

    /// The counts of both (of signals counted apart, on two threads).
    pub fn merge(mut self, other: Self) -> Self {
        for (channel, (n, mut uses)) in other.channels {
            let (m, mine) = self.channels.entry(channel).or_default();
            *m += n;
            // The smaller map is added into the larger.
            if mine.len() < uses.len() {
                std::mem::swap(mine, &mut uses);
            }
            uses.into_iter().for_each(|(w, k)| *mine.entry(w).or_default() += k);
        }
        self
    }
}

impl SignalTerms {
    /// Each word weighs no more than its rarity among the signals of its channel allows.
    pub fn discount(&mut self, counts: &SignalCounts, channel: &str) {
        let Some((n, uses)) = counts.channels.get(channel) else { return };
        let n = (n + SIGNAL_BACKGROUND) as f64;
        for (w, weight) in &mut self.words {
            let used = uses.get(w).copied().unwrap_or(0) as f64;
            // The probabilistic idf of BM25: nothing left for a word half the signals use.
            *weight = weight.min(((n - used + 0.5) / (used + 0.5)).ln().max(0.0));
        }
        self.total = self.words.iter().map(|w| w.1).sum();
    }

    /// Whether two signals about one unit report the same matter (重复举报): no two different
    /// persons, one of the lighter one's most telling words in the other, and most of its matter
    /// wording — less when they name the same person or place.
    pub fn same_matter(&self, other: &SignalTerms) -> bool {
        let person_same = self.persons.iter().any(|p| other.persons.contains(p));
        if !self.persons.is_empty() && !other.persons.is_empty() && !person_same {
            return false;
        }
        let place_same = self.places.iter().any(|p| other.places.contains(p));
        let shorter = self.total.min(other.total);
        if shorter <= 0.0 {
            return false;
        }
        // Both lists are sorted: walk them together.
        let (mut i, mut j, mut n, mut shared) = (0, 0, 0, 0.0);
        while i < self.words.len() && j < other.words.len() {
            match self.words[i].0.cmp(&other.words[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    shared += self.words[i].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        // One shared word (a place's 电梯, a 景区) is not yet one matter.
        if n < 2 {
            return false;
        }
        // Nor is shared wording around the matter: the lighter signal's most telling words
        // must be in the other (一把手's 独断专行 is not 选人用人's 亲亲疏疏, however much of
        // "在…方面存在问题，希望组织调查处理" both share).
        let (light, heavy) = if self.total <= other.total { (self, other) } else { (other, self) };
        let mut telling: Vec<&(u64, f64)> = light.words.iter().collect();
        telling.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        if !telling.iter().take(TELLING).any(|w| heavy.words.binary_search_by_key(&w.0, |x| x.0).is_ok()) {
            return false;
        }
        let sim = shared / shorter;
        sim >= 0.4 || ((person_same || place_same) && sim >= 0.3)
    }
}

/// Groups signals into matters: `out[i]` is the index of the first signal of signal i's matter.
pub fn matters(terms: &[SignalTerms]) -> Vec<usize> {
    // Each matter is known by its first signal, and a signal joins the first matter whose first
    // signal reports the same thing: linking any two alike signals instead chains templated
    // complaints ("…希望组织调查处理") into one matter of hundreds.
    let mut firsts: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(terms.len());
    for (i, t) in terms.iter().enumerate() {
        match firsts.iter().find(|&&f| t.same_matter(&terms[f])) {
            Some(&f) => out.push(f),
            None => {
                firsts.push(i);
                out.push(i);
            }
        }
    }
    out
}

/// Covering a matter covers every signal about it: for each missed signal, the best-answered
/// signal of its matter whose answer it takes (`verdicts` as (status, score); `groups` as from
/// [`matters`]).
pub fn donors(verdicts: &[(Status, f64)], groups: &[usize]) -> Vec<Option<usize>> {
    let mut best: HashMap<usize, usize> = HashMap::new();
    for (i, v) in verdicts.iter().enumerate() {
        if matches!(v.0, Status::Covered | Status::Explained) {
            let b = best.entry(groups[i]).or_insert(i);
            if verdicts[*b].1 < v.1 {
                *b = i;
            }
        }
    }
    (0..verdicts.len())
        .map(|i| if verdicts[i].0 == Status::Missed { best.get(&groups[i]).copied() } else { None })
        .collect()
}

/// Whether `w` has more than `n` characters, without counting them all.
fn longer_than(w: &str, n: usize) -> bool {
    // A character takes one to four bytes.
    w.len() > 4 * n || (w.len() > n && w.chars().nth(n).is_some())
}

fn is_han_char(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn is_han(s: &str) -> bool {
    s.chars().all(is_han_char)
}

/// Persons (王某某) and places or organisations (石桥村, 城关二小) among the words.
fn names<S: AsRef<str>>(words: &[S]) -> (Vec<String>, Vec<String>) {
    let words = words.iter().map(AsRef::as_ref);
    let persons = words.clone().filter(|w| w.ends_with('某')).map(str::to_owned).collect();
    let places = words.filter(|w| is_place(w)).map(str::to_owned).collect();
    (persons, places)
}

/// Whether a word names a place or an organisation (石桥村, 城关二小).
fn is_place(w: &str) -> bool {
    // Every word of every signal is asked: the last character rules out most suffixes at once.
    let Some(last) = w.chars().next_back() else { return false };
    longer_than(w, 2) && PLACE_SUFFIXES.iter().any(|s| s.ends_with(last) && w.ends_with(s))
}

/// Persons named as reports and tip-offs name them: a Han character and one or two 某 (王某,
/// 孙某某), as byte ranges of `text`.
fn persons_in(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut end = 0;
    for (at, _) in text.match_indices('某') {
        let Some(c) = text[..at].chars().next_back() else { continue };
        let b = at - c.len_utf8();
        // A 某 following a name (王某某某) or another 某 starts no name.
        if b < end || c == '某' || !is_han_char(c) {
            continue;
        }
        // '某' takes three bytes.
        let n = if text[at + 3..].starts_with('某') { 2 } else { 1 };
        end = at + 3 * n;
        out.push((b, end));
    }
    out
}

/// The passages of one report: its problem items, then its explanation passages.
fn report_passages(a: &Analysis) -> Vec<(PassageKind, Span)> {
    let items = a.doc.problems.iter().enumerate().map(|(i, p)| (PassageKind::Item(i), p.span));
    items.chain(explanations(a).into_iter().map(|s| (PassageKind::Explanation, s))).collect()
}

/// Words of a sentence answering a signal: without one, 不实 is a finding, not an answer.
const VERIFIED: &[&str] = &["反映", "举报", "信访", "来信", "核实", "核查", "经查", "查证", "调查"];

/// Passages that say something was verified unfounded (the paragraph with 不属实, and the one
/// before when 不属实 opens its paragraph), or that cite a signal's id.
fn explanations(a: &Analysis) -> Vec<Span> {
    let Some(idx) = a.lexicon.area_index("unfounded") else { return Vec::new() };
    let paragraphs = &a.doc.paragraphs;
    let around = |at: usize| -> Option<Span> {
        let i = paragraphs.iter().position(|p| p.span.start <= at && at < p.span.end)?;
        let p = paragraphs[i].span;
        // 经核实，反映问题不属实。 on its own line says what about the paragraph before.
        let lead = a.doc.text.get(p.start..at).map_or(0, |s| s.chars().filter(|c| !c.is_whitespace()).count());
        let start = if lead < 10 && i > 0 { paragraphs[i - 1].span.start } else { p.start };
        Some(Span::new(start, p.end))
    };
    // 不实 and 失实 also say what a report found (干部作风不实, 数据失实): a verification answers a
    // signal only in a sentence that speaks of one (反映, 举报, 核实 …).
    let answers = |at: usize| {
        let s = a.doc.sentences.iter().find(|s| s.start <= at && at < s.end);
        s.is_some_and(|s| VERIFIED.iter().any(|w| a.doc.slice(*s).contains(w)))
    };
    let mut out: Vec<Span> = a
        .hits_in(a.doc.whole(), Some(idx))
        .filter(|h| answers(h.span.start))
        .filter_map(|h| around(h.span.start))
        .collect();
    // Paragraphs citing an id (关于编号XF-2024-031反映的……).
    out.extend(paragraphs.iter().map(|p| p.span).filter(|s| !cited_ids(a.doc.slice(*s)).is_empty()));
    out.sort_by_key(|s| (s.start, s.end));
    out.dedup();
    // One paragraph often answers several signals (……不属实。关于编号XF-2024-077反映的……):
    // each answer is its own passage, so an id cited in one says nothing about the others.
    out.into_iter().flat_map(|span| answers_in(a, span)).collect()
}

/// `span` cut before each sentence that opens a new answer: one beginning with 关于, or citing
/// an id near its start.
fn answers_in(a: &Analysis, span: Span) -> Vec<Span> {
    let opens = |s: &Span| {
        let text = a.doc.slice(*s).trim_start();
        let head: String = text.chars().take(20).collect();
        text.starts_with("关于") || !cited_ids(&head).is_empty()
    };
    let mut cuts: Vec<usize> = a
        .doc
        .sentences
        .iter()
        .filter(|s| span.start < s.start && s.start < span.end && opens(s))
        .map(|s| s.start)
        .collect();
    cuts.push(span.end);
    let mut start = span.start;
    cuts.into_iter()
        .map(|end| {
            let piece = Span::new(start, end);
            start = end;
            piece
        })
        .collect()
}

/// Id-like tokens of a text (XF-2024-031, XF2026-001: ASCII letters, digits and hyphens, with
/// at least one letter and one digit), with their byte offsets.
fn cited_ids(text: &str) -> Vec<(String, usize)> {
    // By table: every paragraph of every report is scanned, nearly all of it Chinese.
    const PART: [bool; 256] = {
        let mut t = [false; 256];
        let mut c = 0;
        while c < 256 {
            let b = c as u8;
            t[c] = b.is_ascii_alphanumeric() || b == b'-';
            c += 1;
        }
        t
    };
    let b = text.as_bytes();
    let part = |c: u8| PART[c as usize];
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !part(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && part(b[i]) {
            i += 1;
        }
        let token = &b[start..i];
        if token.iter().any(u8::is_ascii_alphabetic) && token.iter().any(u8::is_ascii_digit) {
            out.push((text[start..i].trim_matches('-').to_owned(), start));
        }
    }
    out
}

/// What the report does with one signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// A problem item states the matter.
    Covered,
    /// The report says the matter was verified unfounded, or cites the signal's id.
    Explained,
    /// Nothing in the report deals with the matter.
    Missed,
    /// Praise: asks nothing of the report.
    Positive,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Self::Covered => "已反映",
            Self::Explained => "已说明",
            Self::Missed => "未反映",
            Self::Positive => "正面",
        }
    }
}

/// A signal's verdict: its status and the passage behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub status: Status,
    /// Index into the report index's passages.
    pub passage: Option<usize>,
    /// How strongly the passage states the matter (0…1).
    pub score: f64,
}

impl Matcher {
    /// Decides what the report does with a signal. `decide` says whether a passage states the
    /// signal's matter (the pack's `matching/` script).
    pub fn verdict<E>(
        &self,
        index: &ReportIndex,
        id: &str,
        signal: &SignalWords,
        positive: bool,
        decide: &mut dyn FnMut(&Features) -> Result<bool, E>,
    ) -> Result<Verdict, E> {
        if positive {
            return Ok(Verdict { status: Status::Positive, passage: None, score: 0.0 });
        }
        if let Some(&(_, at)) = index.cited.iter().find(|(c, _)| !id.is_empty() && c == id) {
            let passage = index.passages.iter().position(|p| p.span.start <= at && at < p.span.end);
            return Ok(Verdict { status: Status::Explained, passage, score: 1.0 });
        }
        let shared = self.shared(index, signal);
        // Only passages sharing a matter word are asked, the most telling first; names are
        // compared for those only.
        let mut order: Vec<usize> = shared.touched.iter().map(|&i| i as usize).collect();
        // On a tie an explanation comes first: an item whose words about the signal are all in
        // the 经核实不属实 paragraph it runs into answers with that paragraph.
        let explains = |i: usize| index.passages[i].kind == PassageKind::Explanation;
        let first = |&a: &usize, &b: &usize| {
            shared.matter[b].total_cmp(&shared.matter[a]).then(explains(b).cmp(&explains(a))).then(a.cmp(&b))
        };
        if order.len() > CANDIDATES {
            order.select_nth_unstable_by(CANDIDATES - 1, first);
            order.truncate(CANDIDATES);
        }
        order.sort_by(first);
        for i in order {
            let features = shared.features(index, signal, i);
            if decide(&features)? {
                let status = if index.passages[i].kind == PassageKind::Explanation {
                    Status::Explained
                } else {
                    Status::Covered
                };
                return Ok(Verdict { status, passage: Some(i), score: features.matter });
            }
        }
        Ok(Verdict { status: Status::Missed, passage: None, score: 0.0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_cited_in_both_office_formats_but_not_plain_numbers() {
        let text = "关于编号XF-2024-031反映的问题，经查不属实；XF2026-001 已办结。2024年共12件。";
        let ids: Vec<String> = cited_ids(text).into_iter().map(|(id, _)| id).collect();
        assert_eq!(ids, ["XF-2024-031", "XF2026-001"]);
        let (_, at) = cited_ids(text)[0].clone();
        assert!(text[at..].starts_with("XF-2024-031"));
    }

    #[test]
    fn counts_merged_from_many_threads_equal_one_threads_counts() {
        // Reports sharing some words and not others, so each thread numbers words its own way
        // and the merge has to renumber both the counts and the passages.
        let texts = [
            "三、发现的主要问题\n（一）低保审核不严。石桥村将3户不符合条件的家庭纳入低保。\n（二）危房改造资金拨付滞后。补助资金滞后半年拨付，村民王某某多次反映。\n",
            "三、发现的主要问题\n（一）营养餐管理混乱。学校食堂采购未公开招标，校长李某某亲属供货。\n（二）校长选拔程序不规范。未经民主推荐提拔副校长。\n",
            "三、发现的主要问题\n（一）道路硬化工程质量差。路段建成两年即出现破损。\n（二）低保资金发放不及时。部分低保户资金滞后发放。\n四、信访件核查情况\n群众反映村主任优亲厚友，经核实，反映问题不属实。\n",
            "三、发现的主要问题\n（一）集体资产低价发包。河湾村鱼塘发包未经村民代表大会。\n",
        ];
        let structure = crate::analysis::structure::StructureConfig::default();
        let lexicon = std::sync::Arc::new(crate::analysis::lexicon::Lexicon::new(Vec::new()).unwrap());
        let reports: Vec<Analysis> = (0..24)
            .map(|i| {
                let text = texts[i % texts.len()];
                let doc =
                    crate::read::report::parse_report(format!("{i}.txt"), "txt", text.as_bytes(), &structure).unwrap();
                Analysis::new(doc, crate::analysis::UnitContext::default(), lexicon.clone())
            })
            .collect();
        let given: Vec<&Analysis> = reports.iter().collect();
        let signals =
            ["石桥村低保优亲厚友", "王某某反映危房改造补助资金滞后", "校长李某某亲属供货营养餐", "河湾村鱼塘发包"];
        let built = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                let seg = Segmenter::new(["石桥村", "河湾村"], &[]);
                let cut: Vec<SignalWords> = signals.iter().map(|t| seg.signal("某单位", t)).collect();
                let words = vocabulary(cut.par_iter().flat_map_iter(SignalWords::words));
                Matcher::new(&seg, &given, words)
            })
        };
        let (one, one_indexes) = built(1);
        for threads in [2, 4] {
            let (many, many_indexes) = built(threads);
            assert_eq!(many.vocab, one.vocab, "{threads} threads");
            assert_eq!(many.idf, one.idf, "{threads} threads");
            for (a, b) in many_indexes.iter().zip(&one_indexes) {
                assert_eq!((&a.words, &a.starts, &a.holders), (&b.words, &b.starts, &b.holders));
                let names = |i: &ReportIndex| {
                    i.passages.iter().map(|p| (p.persons.clone(), p.places.clone())).collect::<Vec<_>>()
                };
                assert_eq!(names(a), names(b));
            }
        }
        // Word ids follow the words' order, so a signal's lookups walk a report's words upwards.
        let mut by_id: Vec<(&u32, &String)> = one.vocab.iter().map(|(w, id)| (id, w)).collect();
        by_id.sort();
        assert!(by_id.windows(2).all(|p| p[0].1 < p[1].1));
        assert!(one.vocab.contains_key("低保") && one.vocab.contains_key("王某某"));
    }

    /// One report's analysis, with the 不属实 area the explanation passages are found by.
    fn analysed(text: &str) -> Analysis {
        let structure = crate::analysis::structure::StructureConfig::default();
        let doc = crate::read::report::parse_report("t.txt".into(), "txt", text.as_bytes(), &structure).unwrap();
        let unfounded = crate::analysis::lexicon::Area {
            id: "unfounded".into(),
            name: "不属实".into(),
            file: "t".into(),
            terms: vec!["不属实".into()],
            shield: false,
        };
        let lexicon = std::sync::Arc::new(crate::analysis::lexicon::Lexicon::new(vec![unfounded]).unwrap());
        Analysis::new(doc, crate::analysis::UnitContext::default(), lexicon)
    }

    /// The matcher for `signals` about 某单位 over one report, with the signals' words.
    fn matched(
        a: &Analysis,
        names: &[&str],
        synonyms: &[Vec<String>],
        signals: &[&str],
    ) -> (Matcher, ReportIndex, Vec<SignalWords>) {
        let seg = Segmenter::new(names.iter().copied(), synonyms);
        let cut: Vec<SignalWords> = signals.iter().map(|t| seg.signal("某单位", t)).collect();
        let words = vocabulary(cut.par_iter().flat_map_iter(SignalWords::words));
        let (m, mut indexes) = Matcher::new(&seg, &[a], words);
        (m, indexes.pop().unwrap(), cut)
    }

    #[test]
    fn each_passage_holds_the_signal_words_written_in_it() {
        let a = analysed(
            "三、发现的主要问题\n（一）低保审核不严。石桥村将3户不符合条件的家庭纳入低保户名单。\n（二）危房改造资金拨付滞后。2023年补助资金滞后半年拨付，村民王某某多次反映，村会计张某未予答复。\n",
        );
        assert_eq!(a.doc.problems.len(), 2, "{:?}", a.doc.problems);
        let (m, index, _) = matched(&a, &["石桥村"], &[], &["石桥村低保审核", "王某反映危房改造资金被挪用"]);
        for (i, p) in index.passages.iter().enumerate() {
            let text = p.text(&a.doc);
            let mut held: Vec<&String> =
                m.vocab.iter().filter(|(_, id)| index.using(**id).any(|x| x == i)).map(|(w, _)| w).collect();
            held.sort();
            // 王某 is a signal's word, but the report names 王某某, another person.
            let mut written: Vec<&String> =
                m.vocab.keys().filter(|w| text.contains(w.as_str()) && w.as_str() != "王某").collect();
            written.sort();
            assert_eq!(held, written, "passage {i}");
        }
        // 低保 in 低保户, as jieba's search mode found it.
        assert_eq!(index.using(m.vocab["低保"]).collect::<Vec<_>>(), [0]);
        assert_eq!(index.using(m.vocab["王某"]).count(), 0);
        assert_eq!(index.using(m.vocab["危房改造"]).collect::<Vec<_>>(), [1]);
        // A passage's persons are all it names, whether a signal names them or not.
        assert_eq!(index.passages[1].persons, ["张某", "王某某"]);
        assert_eq!(index.passages[0].places, ["石桥村"]);
    }

    #[test]
    fn a_report_spelling_a_synonym_answers_the_signals_word() {
        let a = analysed("三、发现的主要问题\n（一）最低生活保障审核不严。将3户不符合条件的家庭纳入保障范围。\n");
        let synonyms = vec![vec!["低保".to_owned(), "最低生活保障".to_owned()]];
        let (m, index, cut) = matched(&a, &[], &synonyms, &["反映低保审核不严，优亲厚友"]);
        assert!(cut[0].words.iter().any(|w| w == "低保"), "{:?}", cut[0].words);
        assert_eq!(index.using(m.vocab["低保"]).collect::<Vec<_>>(), [0]);
        // The spelling counts for the word's weight, too: one sentence of the round uses it.
        assert!(m.weight("低保") < m.weight("优亲厚友"));
    }

    #[test]
    fn a_round_place_no_signal_names_is_still_a_place_of_the_passage() {
        let a = analysed("三、发现的主要问题\n（一）集体资产低价发包。河湾村鱼塘发包未经村民代表大会。\n");
        let (m, index, cut) = matched(&a, &["石桥村", "河湾村"], &[], &["石桥村鱼塘发包未经村民代表大会"]);
        assert_eq!(index.passages[0].places, ["河湾村"]);
        let f = &m.features(&index, &cut[0])[0];
        assert!(f.place_other && !f.place_same, "{f:?}");
    }

    #[test]
    fn the_walk_over_a_reports_words_finds_what_a_scan_finds() {
        // Passage p uses the ids that are multiples of p + 1, below 400.
        let passage = |p: usize| {
            let ids: Vec<u32> = (0..400).filter(|w| w % (p as u32 + 1) == 0).collect();
            let span = Span::new(0, 0);
            (
                Passage { kind: PassageKind::Item(p), span, text: Default::default(), persons: vec![], places: vec![] },
                ids,
            )
        };
        let index = ReportIndex::new((0..7).map(passage).collect(), Vec::new());
        // Ascending ids, some used by no passage, some beyond every one, dense and sparse runs.
        let asked: Vec<u32> = [0, 1, 2, 3, 5, 7, 11, 60, 61, 62, 119, 120, 397, 399, 400, 9_000].to_vec();
        let mut walked: Vec<(u32, Vec<u32>)> = Vec::new();
        index.each_using(&asked, |k, p| walked.push((asked[k], p.to_vec())));
        let scanned: Vec<(u32, Vec<u32>)> = asked
            .iter()
            .map(|&w| (w, (0..7u32).filter(|p| w < 400 && w % (p + 1) == 0).collect::<Vec<u32>>()))
            .filter(|(_, p)| !p.is_empty())
            .collect();
        assert_eq!(walked, scanned);
    }

    #[test]
    fn an_answer_citing_another_id_explains_only_that_one() {
        let a = analysed(
            "三、发现的主要问题\n（一）低保审核不严。石桥村将3户不符合条件的家庭纳入低保。\n四、信访件核查情况\n群众反映就业服务中心主任为亲属违规放贷，经核实，贷款对象与该主任无亲属关系，反映问题不属实。关于编号XF-2024-077反映的人事考试中心面试考官打招呼问题，经查，考官系随机抽取，已向信访人反馈。\n",
        );
        let (m, index, cut) = matched(&a, &["石桥村"], &[], &["反映就业服务中心主任违规为亲属放贷"]);
        // The paragraph holds two answers: each is its own passage.
        let answers: Vec<std::sync::Arc<str>> =
            index.passages.iter().filter(|p| p.kind == PassageKind::Explanation).map(|p| p.text(&a.doc)).collect();
        assert_eq!(answers.len(), 2, "{answers:?}");
        assert!(answers[0].starts_with("群众反映") && answers[1].starts_with("关于编号XF-2024-077"));
        // Only the second cites an id: it answers XF-2024-077, not a signal about 放贷.
        let f = m.features(&index, &cut[0]);
        let cites: Vec<bool> = index
            .passages
            .iter()
            .zip(&f)
            .filter(|(p, _)| p.kind == PassageKind::Explanation)
            .map(|(_, f)| f.cites_other)
            .collect();
        assert_eq!(cites, [false, true]);
    }

    #[test]
    fn words_keep_their_place_in_the_text_around_a_name_taken_out() {
        let seg = Segmenter::new(["石桥村"], &[]);
        let text = "股长孙某某在石桥村收受好处";
        for (w, at) in seg.cut_at(text, true) {
            assert!(text[at..].starts_with(w), "{w} at {at}");
        }
        let words: Vec<&str> = seg.cut_at(text, false).into_iter().map(|(w, _)| w).collect();
        assert!(words.contains(&"孙某某") && words.contains(&"石桥村"), "{words:?}");
    }

    #[test]
    fn a_text_cut_once_loses_each_units_own_name_only() {
        let seg = Segmenter::new(["青山镇"], &[]);
        let words = seg.words("青山镇党委书记王某某违规发放补贴");
        let of = |unit: &str| SignalWords::of(&unit_chars(unit), &words).words;
        // About 青山镇党委, its name says nothing; about another unit, the place is the matter's.
        assert!(!of("青山镇党委").iter().any(|w| w == "青山镇"), "{:?}", of("青山镇党委"));
        assert!(of("县民政局").iter().any(|w| w == "青山镇"), "{:?}", of("县民政局"));
        assert_eq!(seg.signal("县民政局", "青山镇党委书记王某某违规发放补贴").words, of("县民政局"));
    }

    #[test]
    fn a_verb_before_cun_is_no_village() {
        let seg = Segmenter::new(std::iter::empty(), &[]);
        let words = seg.cut("反映村委会主任霸占村集体鱼塘，柳湾村也有人反映", false);
        assert!(!words.iter().any(|w| w == "霸占村"), "{words:?}");
        assert!(words.iter().any(|w| w == "霸占") && words.iter().any(|w| w == "柳湾村"), "{words:?}");
        let (_, places) = names(&words);
        assert_eq!(places, ["柳湾村"]);
    }

    #[test]
    fn a_matter_is_joined_through_its_first_signal_not_chained() {
        let terms = |words: &[&str]| SignalTerms {
            words: {
                let mut w: Vec<(u64, f64)> = words.iter().map(|x| (word_key(x), 5.0)).collect();
                w.sort_unstable_by_key(|x| x.0);
                w
            },
            total: 5.0 * words.len() as f64,
            persons: Vec::new(),
            places: Vec::new(),
        };
        // B shares half its wording with A and with C; A and C share nothing.
        let a = terms(&["低保", "优亲厚友", "名单"]);
        let b = terms(&["低保", "优亲厚友", "危房", "补贴"]);
        let c = terms(&["危房", "补贴", "改造", "质量"]);
        assert!(a.same_matter(&b) && b.same_matter(&c) && !a.same_matter(&c));
        assert_eq!(matters(&[a, b, c]), [0, 0, 2]);
    }

    #[test]
    fn a_channels_boilerplate_does_not_make_two_posts_one_matter() {
        let post = |words: &[&str]| {
            let boilerplate = ["帖子", "引发", "关注", "跟帖", "类似", "当地", "少见"];
            let all: Vec<&str> = words.iter().chain(&boilerplate).copied().collect();
            let mut w: Vec<(u64, f64)> = all.iter().map(|x| (word_key(x), 5.0)).collect();
            w.sort_unstable_by_key(|x| x.0);
            SignalTerms { words: w, total: 5.0 * all.len() as f64, persons: Vec::new(), places: Vec::new() }
        };
        let matters_of = [["河道", "采砂", "垃圾"], ["低保", "优亲厚友", "亲属"], ["营养餐", "克扣", "学校"]];
        // Thirty posts in one boilerplate, ten on each of three matters, then one more on
        // 河道采砂 and one on 低保.
        let mut posts: Vec<SignalTerms> = (0..30).map(|i| post(&matters_of[i % 3])).collect();
        let (sand, aid) = (post(&["河道", "采砂", "堆放"]), post(&["低保", "优亲厚友", "名单"]));
        assert!(sand.same_matter(&aid), "without counts the boilerplate alone makes them one");
        posts.extend([sand, aid]);
        let counts = SignalCounts::new(posts.iter().map(|t| ("舆情", t)));
        for t in &mut posts {
            t.discount(&counts, "舆情");
        }
        let (sand, aid) = (&posts[30], &posts[31]);
        assert!(!sand.same_matter(aid));
        assert!(sand.same_matter(&posts[0]) && aid.same_matter(&posts[1]), "a real repeat stays one matter");
        // Counts of another channel leave a post's words as they were.
        let mut other = post(&["河道", "采砂", "垃圾"]);
        other.discount(&counts, "信访举报");
        assert_eq!(other.total, 5.0 * 10.0);
    }

    #[test]
    fn counts_merged_from_parts_equal_the_counts_of_the_whole() {
        let t = |words: &[&str]| {
            let mut w: Vec<(u64, f64)> = words.iter().map(|x| (word_key(x), 3.0)).collect();
            w.sort_unstable_by_key(|x| x.0);
            SignalTerms { words: w, total: 3.0 * words.len() as f64, persons: Vec::new(), places: Vec::new() }
        };
        let all = [
            ("信访举报", t(&["低保", "优亲厚友"])),
            ("舆情", t(&["河道", "采砂"])),
            ("信访举报", t(&["低保", "名单", "亲属"])),
            ("舆情", t(&["河道", "垃圾"])),
            ("领导掌握", t(&["低保"])),
        ];
        let whole = SignalCounts::new(all.iter().map(|(c, t)| (*c, t)));
        // Every split: channels on one side only, and on both with the first side's words fewer
        // (cut 1: 信访举报) or not (cut 3: 舆情, two a side).
        for cut in 0..=all.len() {
            let (a, b) = all.split_at(cut);
            let merged = SignalCounts::new(a.iter().map(|(c, t)| (*c, t)))
                .merge(SignalCounts::new(b.iter().map(|(c, t)| (*c, t))));
            for (channel, (n, uses)) in &whole.channels {
                let (m, got) = &merged.channels[channel];
                assert_eq!((m, got), (n, uses), "{channel}, cut at {cut}");
            }
            assert_eq!(merged.channels.len(), whole.channels.len());
        }
    }

    #[test]
    fn two_tip_offs_about_one_leader_are_one_matter_only_if_they_say_the_same_thing() {
        // Boilerplate weighs 1, the matter's own words 4.
        let tip = |matter: &[&str]| {
            let boilerplate = ["方面", "希望", "组织", "调查", "处理"];
            let mut w: Vec<(u64, f64)> = matter.iter().map(|x| (word_key(x), 4.0)).collect();
            w.extend(boilerplate.iter().map(|x| (word_key(x), 1.0)));
            w.sort_unstable_by_key(|x| x.0);
            let total = w.iter().map(|x| x.1).sum();
            SignalTerms { words: w, total, persons: vec!["朱某某".into()], places: Vec::new() }
        };
        let promotion = tip(&["亲亲疏疏", "提拔"]);
        let autocracy = tip(&["独断专行", "说了算"]);
        assert!(!promotion.same_matter(&autocracy));
        assert!(promotion.same_matter(&tip(&["亲亲疏疏", "提拔", "不公"])));
        // The post is who, not what.
        let seg = Segmenter::new(std::iter::empty(), &[]);
        let cut = seg.signal("", "反映党组书记、局长朱某某公款吃喝");
        let (m, _) = Matcher::new(&seg, &[], vocabulary(cut.words().par_bridge()));
        let t = m.terms(&cut);
        assert!(!t.words.iter().any(|w| w.0 == word_key("局长") || w.0 == word_key("党组书记")), "{t:?}");
        assert!(!t.words.is_empty(), "公款吃喝 stays: {t:?}");
    }

    #[test]
    fn a_missed_signal_takes_the_best_answer_of_its_matter_only() {
        let v = [(Status::Missed, 0.0), (Status::Covered, 0.4), (Status::Covered, 0.7), (Status::Missed, 0.0)];
        // Signals 0, 1 and 2 are one matter; signal 3 stands alone.
        assert_eq!(donors(&v, &[0, 0, 0, 3]), [Some(2), None, None, None]);
    }

    #[test]
    fn two_signals_naming_different_persons_are_never_one_matter() {
        let terms = |persons: &[&str]| SignalTerms {
            words: {
                let mut w = vec![(word_key("低保"), 5.0), (word_key("纳入"), 4.0)];
                w.sort_unstable_by_key(|x| x.0);
                w
            },
            total: 9.0,
            persons: persons.iter().map(|p| p.to_string()).collect(),
            places: Vec::new(),
        };
        assert!(terms(&["张某某"]).same_matter(&terms(&["张某某"])));
        assert!(!terms(&["张某某"]).same_matter(&terms(&["李某某"])));
        assert_eq!(matters(&[terms(&["张某某"]), terms(&["李某某"]), terms(&["张某某"])]), [0, 1, 0]);
    }
}
