//! The rule engine: a sandboxed rhai engine, the pack's scripts compiled once per run, and the
//! evaluation of report rules into findings.
//!
//! Heavy work (matching, statistics, parsing) happens in Rust before the scripts run; scripts
//! only decide what to check and how many points it costs.

pub mod api;
mod setup;
pub mod signals_api;

pub use setup::Setup;

use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rhai::module_resolvers::StaticModuleResolver;
use rhai::packages::{Package, StandardPackage};
use rhai::{AST, Dynamic, Engine, EvalAltResult, Map, Module, Position, Scope};

use crate::analysis::Analysis;
use crate::analysis::lexicon::Lexicon;
use crate::model::outcome::{Finding, RuleError, RuleOutcome, RuleTrace};
use crate::pack::{Framework, Pack, PackError, RuleKind, RuleSource};

/// Sandbox limits. Set explicitly: rhai's defaults differ between debug and release builds.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_operations: u64,
    pub max_call_levels: usize,
    pub max_expr_depth: usize,
    pub max_string_size: usize,
    pub max_array_size: usize,
    pub max_map_size: usize,
    pub wall_clock: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_operations: 5_000_000,
            max_call_levels: 48,
            max_expr_depth: 64,
            max_string_size: 4 << 20,
            max_array_size: 200_000,
            max_map_size: 20_000,
            wall_clock: Duration::from_secs(2),
        }
    }
}

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    static PRINTED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// A rule ready to run.
pub struct CompiledRule {
    pub source: RuleSource,
    ast: AST,
    params: Dynamic,
}

/// The pack compiled: engine, lexicon and rule ASTs. Built once per run and shared by workers.
pub struct RuleEngine {
    engine: Engine,
    pub pack: Arc<Pack>,
    pub lexicon: Arc<Lexicon>,
    pub rules: Vec<CompiledRule>,
    limits: Limits,
}

/// Variables each kind of rule sees.
fn scope_names(kind: RuleKind) -> &'static [&'static str] {
    match kind {
        RuleKind::Report => &["report", "ctx", "params"],
        RuleKind::Divergence => &["report", "signals", "ctx", "params"],
        RuleKind::Cadre => &["cadre", "ctx", "params"],
        RuleKind::Weight => &["signal", "params"],
        RuleKind::Match => &["pair", "params"],
        RuleKind::Ledger => &["item", "clue", "unit", "today", "params"],
        RuleKind::Staff => &["person", "unit", "params"],
        RuleKind::Progress => &["group", "round", "params"],
    }
}

fn sandbox(limits: Limits) -> Engine {
    let mut engine = Engine::new_raw();
    engine.register_global_module(StandardPackage::new().as_shared_module());
    engine
        .set_strict_variables(true)
        .set_fail_on_invalid_map_property(true)
        .set_max_operations(limits.max_operations)
        .set_max_call_levels(limits.max_call_levels)
        .set_max_expr_depths(limits.max_expr_depth, limits.max_expr_depth)
        .set_max_string_size(limits.max_string_size)
        .set_max_array_size(limits.max_array_size)
        .set_max_map_size(limits.max_map_size)
        .set_max_modules(32)
        .set_max_variables(2_000)
        .set_max_functions(2_000);
    engine.disable_symbol("eval");
    engine.on_progress(|ops| {
        if ops % 1024 == 0 && DEADLINE.get().is_some_and(|d| Instant::now() > d) {
            return Some(Dynamic::from("wall-clock"));
        }
        None
    });
    engine.on_print(|s| PRINTED.with(|p| p.borrow_mut().push(s.to_owned())));
    engine.on_debug(|s, _, _| PRINTED.with(|p| p.borrow_mut().push(s.to_owned())));
    api::register(&mut engine);
    engine
}

fn syntax_error(file: &str, err: &rhai::ParseError) -> PackError {
    let pos = err.position();
    PackError::Script {
        file: file.to_owned(),
        line: pos.line().unwrap_or(1),
        column: pos.position().unwrap_or(1),
        detail: describe_parse_error(err),
    }
}

fn describe_parse_error(err: &rhai::ParseError) -> String {
    use rhai::ParseErrorType as P;
    match err.err_type() {
        P::VariableUndefined(v) => format!("变量 {v} 未定义"),
        P::ModuleUndefined(m) => format!("模块 {m} 未定义"),
        P::UnknownOperator(o) => format!("无法识别的运算符 {o}"),
        P::MissingToken(t, s) => format!("缺少 {t}（{s}）"),
        P::BadInput(e) => format!("无法解析的输入：{e}"),
        P::Reserved(w) => format!("{w} 是保留字或已被禁用"),
        other => format!("{other}"),
    }
}

impl RuleEngine {
    /// Compiles the lexicon, the `lib/` modules and every enabled rule of the pack.
    pub fn new(pack: Pack, framework: &str, limits: Limits) -> Result<Self, PackError> {
        let lexicon = Lexicon::new(pack.areas.clone())
            .map_err(|e| PackError::Invalid { file: format!("{}/lexicon", pack.origin), detail: e.to_string() })?;
        if pack.framework(framework).is_none() {
            let names: Vec<String> =
                pack.config.frameworks.iter().map(|(id, f)| format!("{}（{id}）", f.name)).collect();
            return Err(PackError::Invalid {
                file: format!("{}/pack.toml", pack.origin),
                detail: format!("没有名为“{framework}”的监督重点框架，可选：{}", names.join("、")),
            });
        }
        let mut engine = sandbox(limits);
        let mut resolver = StaticModuleResolver::new();
        for (name, script) in &pack.libs {
            let file = format!("{}/lib/{name}.rhai", pack.origin);
            let ast = engine.compile(script).map_err(|e| syntax_error(&file, &e))?;
            let module = Module::eval_ast_as_new(Scope::new(), &ast, &engine).map_err(|e| PackError::Script {
                file: file.clone(),
                line: e.position().line().unwrap_or(1),
                column: e.position().position().unwrap_or(1),
                detail: describe_eval_error(&e, limits),
            })?;
            resolver.insert(name.clone(), module);
        }
        engine.set_module_resolver(resolver);

        let mut rules = Vec::new();
        for source in pack.rules.iter().filter(|r| r.config.enabled) {
            // Plain variables, not constants: the optimizer would fold constants into the AST.
            let mut scope = Scope::new();
            for name in scope_names(source.kind) {
                scope.push(*name, ());
            }
            let ast = engine
                .compile_with_scope(&scope, &source.script)
                .map_err(|e| syntax_error(&format!("{}/{}", pack.origin, source.file), &e))?;
            let params = rhai::serde::to_dynamic(&source.config.params).map_err(|e| PackError::Invalid {
                file: format!("{}/pack.toml", pack.origin),
                detail: format!("规则 {} 的参数无法使用：{e}", source.id),
            })?;
            rules.push(CompiledRule { source: source.clone(), ast, params });
        }
        Ok(Self { engine, pack: Arc::new(pack), lexicon: Arc::new(lexicon), rules, limits })
    }

    pub fn framework(&self, key: &str) -> Option<Arc<(String, Framework)>> {
        self.pack.framework(key).map(|(id, f)| Arc::new((id.to_owned(), f.clone())))
    }

    /// Runs every report rule on one report.
    pub fn run_report_rules(&self, analysis: &Arc<Analysis>, framework: &Arc<(String, Framework)>) -> RuleRun {
        let report = api::Report { a: analysis.clone(), framework: framework.clone() };
        self.run_kind(RuleKind::Report, |scope| {
            scope.push_constant("report", report.clone());
        })
    }

    /// Runs the divergence rules on one report and the signals about its unit.
    pub fn run_divergence_rules(
        &self,
        analysis: &Arc<Analysis>,
        framework: &Arc<(String, Framework)>,
        signals: &signals_api::SignalSet,
    ) -> RuleRun {
        let report = api::Report { a: analysis.clone(), framework: framework.clone() };
        self.run_kind(RuleKind::Divergence, |scope| {
            scope.push_constant("report", report.clone());
            scope.push_constant("signals", signals.clone());
        })
    }

    /// How much a signal weighs, from the `weights/` scripts (the first one; 1.0 when there is
    /// none). A script error is returned with the weight 1.0 so the run goes on.
    pub fn weigh(&self, signal: &signals_api::SignalRef) -> (f64, Option<RuleError>) {
        let Some(rule) = self.rules.iter().find(|r| r.source.kind == RuleKind::Weight) else {
            return (1.0, None);
        };
        let mut scope = Scope::new();
        scope.push_constant("signal", signal.clone());
        scope.push_constant("params", rule.params.clone());
        DEADLINE.set(Some(Instant::now() + self.limits.wall_clock));
        let result = self.engine.eval_ast_with_scope::<Dynamic>(&mut scope, &rule.ast);
        DEADLINE.set(None);
        match result {
            Ok(v) => match v.as_float().or_else(|_| v.as_int().map(|i| i as f64)) {
                Ok(w) if w.is_finite() && w >= 0.0 => (w, None),
                _ => (
                    1.0,
                    Some(RuleError {
                        file: rule.source.file.clone(),
                        line: None,
                        column: None,
                        message: format!("权重脚本应返回不小于 0 的数，却返回了 {}（{}）", v, v.type_name()),
                    }),
                ),
            },
            Err(e) => (1.0, Some(self.rule_error(&rule.source.file, &e))),
        }
    }

    /// The `matching/` script (the first one), ready to be asked about many pairs.
    pub fn match_script(&self) -> MatchScript<'_> {
        let rule = self.rules.iter().find(|r| r.source.kind == RuleKind::Match);
        MatchScript { engine: self, rule, scope: Scope::new() }
    }

    /// The value the `ledger/` script `id` returns for the inputs `bind` puts in its scope (the
    /// others of `item`, `clue`, `unit`, `today` are `()`); None when the pack has no such
    /// script (a custom pack may disable it).
    pub fn ledger_value(&self, id: &str, bind: impl FnOnce(&mut Scope)) -> Option<Result<Dynamic, RuleError>> {
        let rule = self.rules.iter().find(|r| r.source.kind == RuleKind::Ledger && r.source.id == id)?;
        let mut scope = Scope::new();
        bind(&mut scope);
        for name in ["item", "clue", "unit", "today"] {
            if !scope.contains(name) {
                scope.push_constant(name, ());
            }
        }
        scope.push_constant("params", rule.params.clone());
        DEADLINE.set(Some(Instant::now() + self.limits.wall_clock));
        let result = self.engine.eval_ast_with_scope::<Dynamic>(&mut scope, &rule.ast);
        DEADLINE.set(None);
        Some(result.map_err(|e| self.rule_error(&rule.source.file, &e)))
    }

    /// The reasons the scripts of a reason-returning `kind` (`staff/`, `progress/`) give for the
    /// inputs in `bind`, as (rule id, reason); a script that returns "" or `()` gives none.
    pub fn reasons(&self, kind: RuleKind, bind: &[(&str, Dynamic)]) -> Vec<(String, Result<String, RuleError>)> {
        let mut out = Vec::new();
        for rule in self.rules.iter().filter(|r| r.source.kind == kind) {
            let mut scope = Scope::new();
            for (name, value) in bind {
                scope.push_constant(*name, value.clone());
            }
            scope.push_constant("params", rule.params.clone());
            DEADLINE.set(Some(Instant::now() + self.limits.wall_clock));
            let result = self.engine.eval_ast_with_scope::<Dynamic>(&mut scope, &rule.ast);
            DEADLINE.set(None);
            let reason = match result {
                Ok(v) if v.is_unit() => continue,
                Ok(v) if v.is_string() => Ok(v.into_string().unwrap_or_default()),
                Ok(v) => Err(RuleError {
                    file: rule.source.file.clone(),
                    line: None,
                    column: None,
                    message: format!(
                        "{}规则应返回原因（字符串）或 \"\"，却返回了 {v}（{}）",
                        kind.label(),
                        v.type_name()
                    ),
                }),
                Err(e) => Err(self.rule_error(&rule.source.file, &e)),
            };
            if reason.as_ref().is_ok_and(String::is_empty) {
                continue;
            }
            out.push((rule.source.id.clone(), reason));
        }
        out
    }

    /// Why `person` may not inspect `unit` (or, with no unit, may not serve this round).
    pub fn staff_reasons(&self, person: &Map, unit: Option<&Map>) -> Vec<(String, Result<String, RuleError>)> {
        let unit = unit.map_or(Dynamic::UNIT, |u| Dynamic::from_map(u.clone()));
        self.reasons(RuleKind::Staff, &[("person", Dynamic::from_map(person.clone())), ("unit", unit)])
    }

    /// Runs every rule of `kind`; `bind` puts the inputs into each rule's scope.
    pub fn run_kind(&self, kind: RuleKind, bind: impl Fn(&mut Scope)) -> RuleRun {
        let mut run = RuleRun::default();
        for rule in self.rules.iter().filter(|r| r.source.kind == kind) {
            let (findings, trace) = self.run_one(rule, &bind);
            run.findings.extend(findings);
            run.traces.push(trace);
        }
        run
    }

    fn run_one(&self, rule: &CompiledRule, bind: &impl Fn(&mut Scope)) -> (Vec<Finding>, RuleTrace) {
        let ctx = api::RuleCtx::default();
        let mut scope = Scope::new();
        bind(&mut scope);
        scope.push_constant("ctx", ctx.clone());
        scope.push_constant("params", rule.params.clone());
        api::AREAS_USED.with(|a| a.borrow_mut().clear());
        PRINTED.with(|p| p.borrow_mut().clear());
        let started = Instant::now();
        DEADLINE.set(Some(started + self.limits.wall_clock));
        let result = self.engine.run_ast_with_scope(&mut scope, &rule.ast);
        DEADLINE.set(None);
        let micros = started.elapsed().as_micros() as u64;
        let areas = api::AREAS_USED.with(|a| a.borrow().iter().map(|(k, v)| (k.clone(), *v)).collect());
        let printed = PRINTED.with(|p| std::mem::take(&mut *p.borrow_mut()));
        let state = std::mem::take(&mut *ctx.state.lock().unwrap_or_else(|e| e.into_inner()));

        let cfg = &rule.source.config;
        let mut findings = Vec::new();
        let outcome = match result {
            Err(err) => RuleOutcome::Error { error: self.rule_error(&rule.source.file, &err) },
            Ok(()) if state.findings.is_empty() => match state.not_applicable {
                Some(reason) => RuleOutcome::NotApplicable { reason },
                None => RuleOutcome::Pass,
            },
            Ok(()) => {
                let mut budget = cfg.max_points.unwrap_or(f64::INFINITY);
                for raw in state.findings {
                    let wanted = raw.points.unwrap_or(cfg.points).max(0.0);
                    let points = wanted.min(budget);
                    budget -= points;
                    findings.push(Finding {
                        rule: rule.source.id.clone(),
                        severity: raw.severity.unwrap_or(cfg.severity),
                        message: raw.message,
                        help: raw.help,
                        spans: raw.spans,
                        criterion: raw.criterion.or_else(|| cfg.criterion.clone()),
                        points,
                        veto: raw.veto.unwrap_or(cfg.veto),
                        waived: None,
                        evidence: raw.evidence,
                    });
                }
                RuleOutcome::Fail { findings: findings.len() }
            }
        };
        let points = findings.iter().map(|f| f.points).sum();
        let trace = RuleTrace { rule: rule.source.id.clone(), outcome, points, areas, printed, micros };
        (findings, trace)
    }

    fn rule_error(&self, file: &str, err: &EvalAltResult) -> RuleError {
        let (inner, pos) = innermost(err);
        RuleError {
            file: file.to_owned(),
            line: pos.line(),
            column: pos.position(),
            message: describe_eval_error(inner, self.limits),
        }
    }
}

/// The findings and per-rule traces of one evaluation.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct RuleRun {
    pub findings: Vec<Finding>,
    /// Not serialised with the findings: traces carry timings, which differ run to run.
    #[serde(skip)]
    pub traces: Vec<RuleTrace>,
}

impl RuleRun {
    pub fn errors(&self) -> impl Iterator<Item = (&str, &RuleError)> {
        self.traces.iter().filter_map(|t| match &t.outcome {
            RuleOutcome::Error { error } => Some((t.rule.as_str(), error)),
            _ => None,
        })
    }
}

/// Unwraps "error in function call" layers to the error and position inside the script.
fn innermost(err: &EvalAltResult) -> (&EvalAltResult, Position) {
    match err {
        EvalAltResult::ErrorInFunctionCall(_, _, inner, pos) | EvalAltResult::ErrorInModule(_, inner, pos) => {
            let (e, p) = innermost(inner);
            (e, if p.is_none() { *pos } else { p })
        }
        other => (other, other.position()),
    }
}

fn describe_eval_error(err: &EvalAltResult, limits: Limits) -> String {
    use EvalAltResult as E;
    match err {
        E::ErrorTerminated(..) => {
            format!("规则运行超过时限（{} 毫秒）被终止，可能存在死循环", limits.wall_clock.as_millis())
        }
        E::ErrorTooManyOperations(_) => {
            format!("规则运算步数超过上限（{} 步）被终止，可能存在死循环", limits.max_operations)
        }
        E::ErrorStackOverflow(_) => format!("函数调用层数超过上限（{} 层），可能存在无穷递归", limits.max_call_levels),
        E::ErrorDataTooLarge(what, _) => format!("{what}超过上限，已被终止"),
        E::ErrorTooManyModules(_) => "导入的模块过多".into(),
        E::ErrorModuleNotFound(m, _) => {
            format!("找不到模块 \"{m}\"：只能导入规则包 lib/ 目录中的模块")
        }
        E::ErrorVariableNotFound(v, _) => format!("变量 {v} 未定义"),
        E::ErrorFunctionNotFound(f, _) => format!("找不到函数 {f}"),
        E::ErrorPropertyNotFound(p, _) => format!("对象没有属性 {p}"),
        E::ErrorRuntime(v, _) => v.to_string(),
        E::ErrorMismatchDataType(want, got, _) => format!("类型不符：需要 {want}，实际是 {got}"),
        E::ErrorMismatchOutputType(want, got, _) => {
            format!("返回值类型不符：需要 {want}，实际是 {got}")
        }
        E::ErrorArithmetic(m, _) => format!("算术错误：{m}"),
        E::ErrorIndexNotFound(i, _) => format!("索引 {i} 不存在"),
        E::ErrorArrayBounds(len, i, _) => format!("数组下标 {i} 越界（长度 {len}）"),
        E::ErrorStringBounds(len, i, _) => format!("字符串下标 {i} 越界（长度 {len}）"),
        other => other.to_string(),
    }
}

/// The `matching/` script with its scope kept from one pair to the next: it is asked once or
/// twice per signal, and building its `pair` map and copying its `params` each time cost as much
/// as running it. Each thread holds its own.
pub struct MatchScript<'e> {
    engine: &'e RuleEngine,
    rule: Option<&'e CompiledRule>,
    /// `pair` and `params`, once the first pair is asked about.
    scope: Scope<'static>,
}

impl MatchScript<'_> {
    /// Whether a report passage states a signal's matter. Without a script, a passage must share
    /// most of the signal's matter words.
    pub fn same_matter(&mut self, f: &crate::analysis::matching::Features) -> Result<bool, RuleError> {
        let Some(rule) = self.rule else {
            return Ok(f.matter >= 0.5 && !f.person_other);
        };
        let fields = [
            ("cites_other", Dynamic::from_bool(f.cites_other)),
            ("deed", Dynamic::from_float(f.deed)),
            ("explanation", Dynamic::from_bool(f.explanation)),
            ("matter", Dynamic::from_float(f.matter)),
            ("overlap", Dynamic::from_float(f.overlap)),
            ("person_other", Dynamic::from_bool(f.person_other)),
            ("person_same", Dynamic::from_bool(f.person_same)),
            ("place_other", Dynamic::from_bool(f.place_other)),
            ("place_same", Dynamic::from_bool(f.place_same)),
            ("strong", Dynamic::from_int(f.strong as i64)),
            ("words", Dynamic::from_float(f.words)),
        ];
        // A script whose closure captured `pair` made it shared: that scope starts afresh.
        let reusable = self.scope.len() == 2 && self.scope.get("pair").is_some_and(|p| !p.is_shared());
        let written = reusable
            && match self.scope.get_value_mut::<rhai::Map>("pair") {
                // `pair` is a constant made from `fields`: a script cannot change or take out a
                // key, but it can add one (`pair.x = 1`), which the length tells. The entries of
                // a map are in the order of its keys, as `fields` are, so they are written by
                // position (looking each up by name cost a third of the call).
                Some(pair) if pair.len() == fields.len() => {
                    debug_assert!(pair.keys().map(|k| k.as_str()).eq(fields.iter().map(|f| f.0)));
                    for (slot, (_, v)) in pair.values_mut().zip(&fields) {
                        *slot = v.clone();
                    }
                    true
                }
                _ => false,
            };
        if !written {
            self.scope.clear();
            self.scope.push_constant("pair", fields.into_iter().map(|(k, v)| (k.into(), v)).collect::<rhai::Map>());
            self.scope.push_constant("params", rule.params.clone());
        }
        DEADLINE.set(Some(Instant::now() + self.engine.limits.wall_clock));
        let result = self.engine.engine.eval_ast_with_scope::<Dynamic>(&mut self.scope, &rule.ast);
        DEADLINE.set(None);
        // What the script declared at its top level goes; `pair` and `params` stay.
        self.scope.rewind(2);
        match result {
            Ok(v) => v.as_bool().map_err(|t| RuleError {
                file: rule.source.file.clone(),
                line: None,
                column: None,
                message: format!("事项比对脚本应返回 true 或 false，却返回了 {v}（{t}）"),
            }),
            Err(e) => Err(self.engine.rule_error(&rule.source.file, &e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::matching::Features;
    use crate::engine::Setup;
    use crate::pack::PackFiles;

    /// The embedded pack with its `matching/` script replaced by `script`.
    fn with_matching(script: &str) -> Setup {
        let mut files = PackFiles::embedded();
        let path = files.files.keys().find(|k| k.starts_with("matching/")).cloned().expect("a matching script");
        files.files.insert(path, script.to_owned());
        Setup::new(files, None).expect("the pack compiles")
    }

    #[test]
    fn the_kept_scope_gives_each_pair_its_own_answer() {
        // Top-level variables and a closure capturing `pair` (which makes it shared): neither may
        // leak from one pair into the next, nor stop the next from being asked.
        let setup = with_matching(
            "let seen = pair.matter;\nlet f = || pair.matter;\nif pair.person_other { return false; }\nf.call() >= 0.5 && seen >= 0.5",
        );
        let mut script = setup.engine.match_script();
        let pairs =
            [(0.9, false, true), (0.2, false, false), (0.9, true, false), (0.6, false, true), (0.1, false, false)];
        for (matter, person_other, expected) in pairs {
            let f = Features { matter, person_other, ..Features::default() };
            assert_eq!(script.same_matter(&f), Ok(expected), "matter {matter}, person_other {person_other}");
        }
    }

    #[test]
    fn a_key_a_script_adds_to_pair_does_not_shift_the_next_pairs_fields() {
        // rhai lets a script add a property to a constant map (though not change or remove
        // one): `aaa` sorts before every field, so a write by position would put each field
        // under its neighbour's name.
        let setup = with_matching("pair.aaa = 1;\npair.deed >= 1.0 && pair.matter >= 0.5");
        let mut script = setup.engine.match_script();
        for (deed, matter, expected) in [(2.0, 0.9, true), (0.0, 0.9, false), (2.0, 0.1, false), (2.0, 0.9, true)] {
            let f = Features { deed, matter, ..Features::default() };
            assert_eq!(script.same_matter(&f), Ok(expected), "deed {deed}, matter {matter}");
        }
    }

    #[test]
    fn every_feature_reaches_the_script_under_its_own_name_on_every_call() {
        let setup = with_matching(
            "pair.words == 0.1 && pair.matter == 0.2 && pair.overlap == 3.0 && pair.strong == 4 && pair.deed == 5.0 \
             && pair.person_same && !pair.person_other && pair.place_same && !pair.place_other \
             && pair.explanation && !pair.cites_other",
        );
        let mut script = setup.engine.match_script();
        let f = Features {
            words: 0.1,
            matter: 0.2,
            overlap: 3.0,
            strong: 4,
            deed: 5.0,
            person_same: true,
            person_other: false,
            place_same: true,
            place_other: false,
            explanation: true,
            cites_other: false,
        };
        for _ in 0..3 {
            assert_eq!(script.same_matter(&f), Ok(true));
            assert_eq!(script.same_matter(&Features { deed: 4.0, ..f.clone() }), Ok(false));
        }
    }
}
