//! What the workbench holds while it runs: the compiled packs, the rounds it serves (each run
//! once, rerun after a save), the open scoring sessions and the secrets of this run.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use crate::assess::round::{History, RoundResult};
use crate::error::Error;
use crate::model::round::Round;
use crate::read::table::Notices;
use crate::session::Session;
use crate::{pipeline, render};

use super::scoring::Sheet;

/// How `xuncha serve` was started.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--rules`: a pack folder, or `None` for the embedded pack.
    pub rules: Option<PathBuf>,
    /// `--framework`: the default for drafts.
    pub framework: Option<String>,
    /// Round folders to serve.
    pub rounds: Vec<PathBuf>,
    /// The archive (巡察档案库), when it exists.
    pub db: Option<PathBuf>,
    /// `--today`: the day the ledgers are judged on.
    pub today: Option<String>,
    /// The address bound.
    pub addr: SocketAddr,
    /// With `--listen`: the code a device other than this computer must enter.
    pub access_code: Option<String>,
}

/// One round folder as served: its session (pack and framework) and its results.
pub struct ServedRound {
    pub session: Session,
    computed: RwLock<Arc<Computed>>,
}

/// A round's results and the pages `xuncha round` writes for them.
pub struct Computed {
    pub result: RoundResult,
    /// (relative path, bytes), `index.html` first: the set of [`render::html::pages`].
    pub pages: Vec<(String, Vec<u8>)>,
    /// What reading the round's tables noticed (columns ignored, rows skipped): shown on the
    /// round's page, as the command line prints them.
    pub notices: Vec<crate::read::table::Notice>,
}

/// The workbench's state, shared by every request.
pub struct Workbench {
    pub opts: Options,
    /// The CSRF token every form of this run carries.
    pub csrf: String,
    sessions: Mutex<BTreeMap<String, Arc<Session>>>,
    pub rounds: Vec<ServedRound>,
    pub scoring: Mutex<BTreeMap<usize, Sheet>>,
    /// Wrong access and judges' codes.
    pub attempts: super::guard::Attempts,
    /// Drafts checked at once (one per core): uploads beyond wait their turn, so fifty at once
    /// take memory for a few drafts, not for fifty.
    pub checks: tokio::sync::Semaphore,
    /// One save (judges' sheet, ledger) at a time: backups and re-runs never interleave.
    pub writes: tokio::sync::Mutex<()>,
}

impl Workbench {
    /// Compiles the pack and runs every round once; `on_round` hears each round's name first.
    pub fn new(opts: Options, on_round: &dyn Fn(&str)) -> Result<Self, Error> {
        let default = Arc::new(Session::new(opts.rules.as_deref(), opts.framework.as_deref())?);
        let mut rounds = Vec::new();
        for dir in &opts.rounds {
            let notes = Notices::new();
            let round = Round::load(dir, &notes)?;
            on_round(round.name());
            let mut session = Session::new(opts.rules.as_deref(), round.file.round.framework.as_deref())?;
            session.set_today(opts.today.clone());
            let computed = compute(&session, round, notes, opts.db.as_deref())?;
            rounds.push(ServedRound { session, computed: RwLock::new(Arc::new(computed)) });
        }
        let mut sessions = BTreeMap::new();
        sessions.insert(String::new(), default);
        Ok(Self {
            opts,
            csrf: token(16),
            sessions: Mutex::new(sessions),
            rounds,
            scoring: Mutex::default(),
            attempts: Default::default(),
            checks: tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())),
            writes: tokio::sync::Mutex::new(()),
        })
    }

    /// The session for `framework` (id or name; empty: the default), compiled on first use. Only
    /// the pack's own frameworks are compiled: any other text is refused before any work.
    pub fn session(&self, framework: &str) -> Result<Arc<Session>, String> {
        let wanted = framework.trim();
        let mut map = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        let default = map.get("").cloned().ok_or("规则包未加载")?;
        if wanted.is_empty() {
            return Ok(default);
        }
        let frameworks = &default.setup().engine.pack.config.frameworks;
        let Some(id) = frameworks.iter().find(|(id, f)| *id == wanted || f.name == wanted).map(|(id, _)| id.clone())
        else {
            let names: Vec<&str> = frameworks.values().map(|f| f.name.as_str()).collect();
            return Err(format!("没有“{wanted}”这个监督重点框架，可选：{}", names.join("、")));
        };
        if let Some(s) = map.get(&id) {
            return Ok(s.clone());
        }
        let s = Arc::new(Session::new(self.opts.rules.as_deref(), Some(&id)).map_err(|e| e.to_string())?);
        map.insert(id, s.clone());
        Ok(s)
    }

    /// The round at `n` (0-based) with its current results.
    pub fn round(&self, n: usize) -> Option<(&ServedRound, Arc<Computed>)> {
        let r = self.rounds.get(n)?;
        let c = r.computed.read().unwrap_or_else(PoisonError::into_inner).clone();
        Some((r, c))
    }

    /// Runs round `n` again from its folder (after a save).
    pub fn rerun(&self, n: usize) -> Result<(), Error> {
        let Some(r) = self.rounds.get(n) else { return Ok(()) };
        let dir = r.computed.read().unwrap_or_else(PoisonError::into_inner).result.round.dir.clone();
        let notes = Notices::new();
        let round = Round::load(&dir, &notes)?;
        let computed = compute(&r.session, round, notes, self.opts.db.as_deref())?;
        *r.computed.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(computed);
        Ok(())
    }
}

/// Runs a round as `xuncha round` does and renders its page with the same renderer.
/// `notes` holds what loading the round noticed already.
fn compute(session: &Session, round: Round, notes: Notices, db: Option<&std::path::Path>) -> Result<Computed, Error> {
    let setup = session.setup();
    let result = pipeline::run_round(setup, round, &|| {}, &notes)?;
    let results = std::slice::from_ref(&result);
    let archived = match db.filter(|p| p.exists()) {
        Some(db) => {
            let top = setup.engine.pack.config.rubric.grades.first().map_or("", |g| g.name.as_str());
            crate::archive::Archive::open(db).and_then(|a| a.archived(top)).ok()
        }
        None => None,
    };
    let history = match archived {
        Some(a) => History::with_archive(results, a),
        None => History::of(results),
    };
    let pages = render::html::pages(&render::round::page(results, &history, setup));
    Ok(Computed { result, pages, notices: notes.take() })
}

/// Where to keep a copy of `name` (e.g. `judges.xlsx`) in the round's `备份/`: its stem, the
/// time, and a number when two saves fall in the same second.
pub fn backup_path(round_dir: &std::path::Path, name: &str) -> Result<PathBuf, String> {
    let dir = round_dir.join("备份");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}：无法创建备份目录（{e}）", dir.display()))?;
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let stamp = crate::util::date::stamp();
    let mut path = dir.join(format!("{stem}-{stamp}.{ext}"));
    let mut k = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{stamp}-{k}.{ext}"));
        k += 1;
    }
    Ok(path)
}

/// `bytes` random bytes as lowercase hex, from the operating system.
pub fn token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // Without the OS's randomness there is no safe token: refuse to run rather than guess.
    getrandom::fill(&mut buf).expect("操作系统无法提供随机数");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}
