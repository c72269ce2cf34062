//! Inputs are only ever read. The kernel reports IN_CLOSE_WRITE for every file that was opened
//! for writing, even when nothing was written, so watching the input folders while every
//! command runs shows whether any input was opened for writing — which comparing bytes or
//! permissions (the tests may run as root) cannot.

#![cfg(target_os = "linux")]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::helpers::{copy_dir, xuncha};
use inotify::{EventMask, Inotify, WatchDescriptor, WatchMask};

fn dirs_under(root: &Path, out: &mut Vec<PathBuf>) {
    out.push(root.to_owned());
    for entry in std::fs::read_dir(root).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            dirs_under(&p, out);
        }
    }
}

/// Every file under `root` with its bytes.
fn contents(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut dirs = Vec::new();
    dirs_under(root, &mut dirs);
    let mut out: Vec<(PathBuf, Vec<u8>)> = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

/// (file, event) for everything the watch saw since the last call.
fn drain(ino: &mut Inotify, dirs: &[(WatchDescriptor, PathBuf)]) -> Vec<(PathBuf, EventMask)> {
    let mut buf = [0u8; 1 << 16];
    let mut seen = Vec::new();
    loop {
        let events = match ino.read_events(&mut buf) {
            Ok(events) => events,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
            Err(e) => panic!("inotify: {e}"),
        };
        let mut any = false;
        for ev in events {
            any = true;
            let dir = dirs.iter().find(|(wd, _)| *wd == ev.wd).map(|(_, d)| d.clone()).unwrap_or_default();
            seen.push((dir.join(ev.name.unwrap_or_default()), ev.mask));
        }
        if !any {
            break;
        }
    }
    seen
}

#[test]
fn no_command_opens_an_input_for_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("examples/round"), &inputs.join("round"));
    copy_dir(&root.join("rules"), &inputs.join("rules"));
    copy_dir(&root.join("fixtures/drafts"), &inputs.join("drafts"));
    let before = contents(&inputs);

    let mut ino = Inotify::init().unwrap();
    let mut dirs = Vec::new();
    dirs_under(&inputs, &mut dirs);
    let mask = WatchMask::OPEN
        | WatchMask::CLOSE_WRITE
        | WatchMask::MODIFY
        | WatchMask::ATTRIB
        | WatchMask::CREATE
        | WatchMask::DELETE
        | WatchMask::MOVED_FROM
        | WatchMask::MOVED_TO;
    let watched: Vec<(WatchDescriptor, PathBuf)> =
        dirs.iter().map(|d| (ino.watches().add(d, mask).unwrap(), d.clone())).collect();

    let out = tmp.path().join("out");
    let s = |p: &Path| p.to_str().unwrap().to_owned();
    let (round, rules, drafts) = (s(&inputs.join("round")), s(&inputs.join("rules")), inputs.join("drafts"));
    let runs: Vec<Vec<String>> = vec![
        vec!["round".into(), round.clone(), "--out".into(), s(&out.join("round")), "--rules".into(), rules.clone()],
        vec![
            "score".into(),
            round.clone(),
            "--format".into(),
            "xlsx".into(),
            "--output".into(),
            s(&out.join("s.xlsx")),
        ],
        vec!["diverge".into(), round.clone(), "--format".into(), "json".into()],
        vec!["evaluate".into(), round.clone(), "--appraisals".into(), s(&out.join("appraisals"))],
        vec![
            "check".into(),
            s(&drafts.join("trivia.docx")),
            s(&drafts.join("trivia-gbk.txt")),
            s(&drafts.join("strong.md")),
            "--signals".into(),
            format!("{round}/signals"),
            "--unit".into(),
            "河寨村党支部".into(),
            "--fail-on".into(),
            "never".into(),
        ],
        vec!["rules".into(), "test".into(), rules.clone()],
        vec!["rules".into(), "check".into(), rules.clone()],
    ];
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = xuncha(&args);
        assert!(matches!(r.code, 0 | 1), "{args:?} exited {}: {}", r.code, r.stderr);
    }

    let events = drain(&mut ino, &watched);
    let written: BTreeSet<String> = events
        .iter()
        .filter(|(_, m)| !m.intersects(EventMask::OPEN | EventMask::CLOSE_NOWRITE | EventMask::ISDIR))
        .map(|(p, m)| format!("{} {m:?}", p.display()))
        .collect();
    assert!(written.is_empty(), "inputs opened for writing or changed:\n{written:#?}");
    // The watch did see the inputs being read, so an empty list above means something.
    let opened: BTreeSet<PathBuf> =
        events.iter().filter(|(_, m)| m.contains(EventMask::OPEN)).map(|(p, _)| p.clone()).collect();
    for f in ["round/round.toml", "round/reports/hezhai.txt", "round/signals/tipoffs.csv", "round/judges.xlsx"] {
        assert!(opened.contains(&inputs.join(f)), "{f} was never opened: {opened:#?}");
    }
    for f in ["rules/pack.toml", "drafts/trivia.docx", "round/cadres.csv", "round/signals/sentiment.xlsx"] {
        assert!(opened.contains(&inputs.join(f)), "{f} was never opened");
    }
    assert_eq!(contents(&inputs), before, "an input changed");

    // And a write is seen when one happens.
    std::fs::write(inputs.join("round/NOTES.md"), "x").unwrap();
    let control = drain(&mut ino, &watched);
    assert!(
        control.iter().any(|(p, m)| p.ends_with("round/NOTES.md") && m.contains(EventMask::CLOSE_WRITE)),
        "the watch missed a write: {control:?}"
    );
}
