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
