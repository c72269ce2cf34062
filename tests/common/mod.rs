//! Shared helpers for the CLI tests: run the built binary and capture what a user sees.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `xuncha` with `args` in the package root, without colour.
pub fn xuncha(args: &[&str]) -> Run {
    xuncha_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

pub fn xuncha_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run xuncha");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
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

/// Copies a folder tree (an example round into a temp folder).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() { copy_dir(&p, &dest) } else { std::fs::copy(&p, &dest).map(|_| ()).unwrap() }
    }
}
