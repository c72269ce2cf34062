//! The one set of helpers for the CLI tests: run the built binary and capture what a user sees,
//! copy the example round into a temp folder, and check errors.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `xuncha` with `args` in the package root, without colour.
pub fn xuncha(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run xuncha");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `xuncha` with `args`, asserts exit 0 and parses its stdout as JSON.
pub fn json(args: &[&str]) -> Value {
    let run = xuncha(args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("valid JSON")
}

/// `xuncha check --format json --fail-on never` on `args`, parsed.
pub fn check_json(args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json", "--fail-on", "never"];
    all.extend_from_slice(args);
    json(&all)
}

/// An input error: exit 2, no panic, and every needle in stderr.
pub fn assert_error(run: &Run, needles: &[&str]) {
    assert_eq!(run.code, 2, "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    for n in needles {
        assert!(run.stderr.contains(n), "stderr lacks {n:?}: {}", run.stderr);
    }
}

pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Writes `bytes` to `dir/name`, creating folders on the way.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

/// Copies a folder tree (an example round into a temp folder).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() { copy_dir(&p, &dest) } else { fs::copy(&p, &dest).map(|_| ()).unwrap() }
    }
}

/// Copies the example round (`examples/round`) into `to`.
pub fn copy_round(to: &Path) {
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/round"), to);
}

/// A temp copy of the example round, then changed by `edit`.
pub fn round_with(edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tmp();
    copy_round(dir.path());
    edit(dir.path());
    dir
}

/// Replaces the first `from` in `dir/file` by `to`; `from` must be there.
pub fn replace(dir: &Path, file: &str, from: &str, to: &str) {
    let p = dir.join(file);
    let s = fs::read_to_string(&p).unwrap();
    assert!(s.contains(from), "{file} lacks {from}");
    fs::write(&p, s.replacen(from, to, 1)).unwrap();
}

/// Replaces the pack's content hash (16 hex digits) so snapshots survive rule edits.
pub fn redact_hash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()).count();
        if run == 16 && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
            out.push_str("[hash]");
            i += 16;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Every page `xuncha round` wrote into `out` (index.html, details.html, units/*.html), one
/// after another.
pub fn round_pages(out: &Path) -> String {
    let mut all = fs::read_to_string(out.join("index.html")).unwrap();
    all.push_str(&fs::read_to_string(out.join("details.html")).unwrap());
    let mut units: Vec<PathBuf> =
        fs::read_dir(out.join("units")).map_or_else(|_| Vec::new(), |d| d.map(|e| e.unwrap().path()).collect());
    units.sort();
    for p in units {
        all.push_str(&fs::read_to_string(p).unwrap());
    }
    all
}
