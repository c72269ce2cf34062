//! What divergence and weight scripts see of the signals: `signal` (信号) and `signals` (信号集).

use std::sync::Arc;

use rhai::{Array, Dynamic, Engine, EvalAltResult};

use crate::analysis::lexicon::Lexicon;
use crate::analysis::matching::Status;
use crate::model::signal::{Signal, SignalKind, Text};

type RhaiResult<T> = Result<T, Box<EvalAltResult>>;

/// A signal after classification: its areas, whether it names the top leader, what the report
/// does with it (covered, explained, missed) and its weight.
#[derive(Debug, Clone)]
pub struct SignalInfo {
    pub signal: Signal,
    /// Lexicon area indices, sorted.
    pub areas: Vec<u16>,
    pub figures: usize,
    pub about_top_leader: bool,
    pub status: Status,
    /// The report's passage behind a covered or explained status.
    pub matched: Option<Matched>,
    /// Whether `status` and `matched` are the verdict: not yet while the weight script runs.
    pub judged: bool,
    /// The matter (1, 2 …, per unit) when other signals report the same matter (重复举报).
    pub matter: Option<usize>,
    pub weight: f64,
}

/// The passage of the report that states a signal's matter.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Matched {
    /// 1-based number of the problem item; `None` for an explanation passage.
    pub item: Option<usize>,
    /// Where it stands: "12:5", or "第12段" in a .docx.
    pub place: String,
    /// The passage's full text (an item's title and body), shared by every signal it answers.
    pub text: std::sync::Arc<str>,
    /// How much of the signal's matter wording it shares (0…1).
    pub score: f64,
}

impl SignalInfo {
    /// The report has not answered it: neither covered nor explained, and not praise.
    pub fn is_missed(&self) -> bool {
        self.status == Status::Missed
    }
}

/// One signal in a script.
#[derive(Clone)]
pub struct SignalRef {
    pub info: Arc<SignalInfo>,
    pub lexicon: Arc<Lexicon>,
}

/// The signals about one unit.
#[derive(Clone)]
pub struct SignalSet {
    pub items: Arc<Vec<Arc<SignalInfo>>>,
    pub lexicon: Arc<Lexicon>,
}

impl SignalSet {
    fn wrap(&self, list: impl Iterator<Item = Arc<SignalInfo>>) -> Array {
        list.map(|info| Dynamic::from(SignalRef { info, lexicon: self.lexicon.clone() })).collect()
    }

    /// Signals the report has not answered (missed).
    fn open(&self) -> impl Iterator<Item = &Arc<SignalInfo>> {
        self.items.iter().filter(|s| s.is_missed())
    }
}

fn area(lexicon: &Lexicon, id: &str) -> RhaiResult<u16> {
    lexicon.area_index(id).ok_or_else(|| {
        let known = lexicon.areas().iter().map(|a| a.id.as_str());
        format!("词库中没有领域 \"{id}\"{}", crate::util::suggest::suggest(id, known)).into()
    })
}

/// Signal ids from `signals: [...]` in `ctx.fail` (signals or plain strings).
pub fn ids_of(v: &Dynamic) -> RhaiResult<Vec<String>> {
    let mut out = Vec::new();
    push_ids(v, &mut out)?;
    Ok(out)
}

/// Read in place: a finding can list every open signal of its unit.
fn push_ids(v: &Dynamic, out: &mut Vec<String>) -> RhaiResult<()> {
    if let Some(s) = v.read_lock::<SignalRef>() {
        out.push(s.info.signal.id().to_owned());
    } else if v.is_string() {
        out.push(v.to_string());
    } else if let Some(list) = v.read_lock::<Array>() {
        for item in list.iter() {
            push_ids(item, out)?;
        }
    } else {
        return Err(format!("signals 应为信号或信号编号的数组，却收到 {}", v.type_name()).into());
    }
    Ok(())
}

/// The signal, once compared with the report. A weight is set before that (it says how much a
/// signal asks, whatever the report did), so the weight script cannot read the verdict.
fn verdict(s: &SignalRef) -> RhaiResult<&SignalInfo> {
    if s.info.judged {
        Ok(&s.info)
    } else {
        Err("权重在信号与报告比对之前计算，权重脚本不能读取 status、explained、matched（比对结果）".into())
    }
}

fn opt_f64(x: Option<f64>) -> Dynamic {
    x.map_or(Dynamic::UNIT, Dynamic::from_float)
}

pub fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<SignalRef>("信号")
        .register_get("id", |s: &mut SignalRef| s.info.signal.id().to_owned())
        .register_get("kind", |s: &mut SignalRef| s.info.signal.kind.label())
        .register_get("unit", |s: &mut SignalRef| s.info.signal.unit.to_string())
        .register_get("person", |s: &mut SignalRef| s.info.signal.get(Text::Person).unwrap_or("").to_owned())
        .register_get("rank", |s: &mut SignalRef| s.info.signal.get(Text::Rank).unwrap_or("").to_owned())
        .register_get("category", |s: &mut SignalRef| s.info.signal.get(Text::Category).unwrap_or("").to_owned())
        .register_get("text", |s: &mut SignalRef| s.info.signal.text().to_owned())
        .register_get("chars", |s: &mut SignalRef| {
            s.info.signal.text().chars().filter(|c| !c.is_whitespace()).count() as i64
        })
        .register_get("figures", |s: &mut SignalRef| s.info.figures as i64)
        .register_get("signed", |s: &mut SignalRef| s.info.signal.signed.unwrap_or(false))
        .register_get("repeated", |s: &mut SignalRef| s.info.signal.repeated.unwrap_or(false))
        .register_get("polarity", |s: &mut SignalRef| opt_f64(s.info.signal.polarity))
        .register_get("heat", |s: &mut SignalRef| s.info.signal.heat.unwrap_or(0.0))
        .register_get("weight", |s: &mut SignalRef| s.info.weight)
        .register_get("about_top_leader", |s: &mut SignalRef| s.info.about_top_leader)
        .register_get("explained", |s: &mut SignalRef| -> RhaiResult<bool> {
            Ok(verdict(s)?.status == Status::Explained)
        })
        .register_get("status", |s: &mut SignalRef| -> RhaiResult<&'static str> { Ok(verdict(s)?.status.label()) })
        .register_get("matched", |s: &mut SignalRef| -> RhaiResult<Dynamic> {
            Ok(verdict(s)?.matched.as_ref().map_or(Dynamic::UNIT, |m| Dynamic::from(m.text.clone())))
        })
        .register_get("areas", |s: &mut SignalRef| -> Array {
            s.info.areas.iter().map(|&a| Dynamic::from(s.lexicon.area(a).id.clone())).collect()
        })
        .register_fn("has", |s: &mut SignalRef, id: &str| -> RhaiResult<bool> {
            Ok(s.info.areas.contains(&area(&s.lexicon, id)?))
        })
        .register_fn("to_string", |s: &mut SignalRef| {
            format!("{}（{}）", s.info.signal.id(), s.info.signal.kind.label())
        });

    engine
        .register_type_with_name::<SignalSet>("信号集")
        .register_get("all", |s: &mut SignalSet| s.wrap(s.items.iter().cloned()))
        .register_get("open", |s: &mut SignalSet| s.wrap(s.open().cloned()))
        .register_get("tipoffs", |s: &mut SignalSet| {
            s.wrap(s.open().filter(|x| x.signal.kind == SignalKind::Tipoff).cloned())
        })
        .register_get("sentiment", |s: &mut SignalSet| {
            s.wrap(s.open().filter(|x| x.signal.kind == SignalKind::Sentiment).cloned())
        })
        // Read by the top-leader rule on every unit: a script's filter over every open signal
        // was two fifths of the divergence rules' cost on a large round (BENCHMARKS.md).
        .register_get("about_top_leader", |s: &mut SignalSet| s.wrap(s.open().filter(|x| x.about_top_leader).cloned()))
        .register_get("known", |s: &mut SignalSet| {
            s.wrap(s.open().filter(|x| x.signal.kind == SignalKind::Known).cloned())
        })
        .register_get("explained", |s: &mut SignalSet| {
            s.wrap(s.items.iter().filter(|x| x.status == Status::Explained).cloned())
        })
        .register_get("covered", |s: &mut SignalSet| {
            s.wrap(s.items.iter().filter(|x| x.status == Status::Covered).cloned())
        })
        .register_fn("len", |s: &mut SignalSet| s.items.len() as i64)
        .register_fn("in_area", |s: &mut SignalSet, id: &str| -> RhaiResult<Array> {
            let a = area(&s.lexicon, id)?;
            Ok(s.wrap(s.open().filter(|x| x.areas.contains(&a)).cloned()))
        })
        .register_fn("strength", |s: &mut SignalSet, id: &str| -> RhaiResult<f64> {
            let a = area(&s.lexicon, id)?;
            Ok(s.open().filter(|x| x.areas.contains(&a)).map(|x| x.weight).sum())
        })
        .register_get("areas", |s: &mut SignalSet| -> Array {
            // Areas with open signals, strongest first.
            let mut sums: Vec<(u16, f64)> = Vec::new();
            for x in s.open() {
                for &a in &x.areas {
                    match sums.iter_mut().find(|(id, _)| *id == a) {
                        Some((_, w)) => *w += x.weight,
                        None => sums.push((a, x.weight)),
                    }
                }
            }
            sums.sort_by(|p, q| q.1.total_cmp(&p.1).then(p.0.cmp(&q.0)));
            sums.into_iter().map(|(a, _)| Dynamic::from(s.lexicon.area(a).id.clone())).collect()
        })
        .register_get("negative_heat", |s: &mut SignalSet| -> f64 {
            s.open()
                .filter(|x| x.signal.kind == SignalKind::Sentiment)
                .map(|x| (-x.signal.polarity.unwrap_or(0.0)).max(0.0) * x.signal.heat.unwrap_or(0.0))
                .sum()
        });
}
