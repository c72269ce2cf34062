//! Atomic writes: a temp file beside the target, then a rename, so an interrupted run never
//! leaves a half-written output.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Streams an output into place: `write` fills a buffered temp file, which is renamed over
/// `path` only once everything is written and synced. Large outputs never sit in memory whole.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut w = BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp)?);
        write(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A set of outputs that replaces the previous set in one step, or not at all: every file is
/// written into a temporary folder beside `out` (`OUT.xuncha-tmp-PID`), and only
/// [`OutputSet::commit`] moves the set into place. Dropping an uncommitted set (an error, or a
/// cancelled run) removes the temporary folder, so a failed run leaves the previous set as it was
/// and nothing else.
///
/// Only the set's own names are replaced inside `out`: other files a user keeps there stay.
#[derive(Debug)]
pub struct OutputSet {
    out: PathBuf,
    tmp: PathBuf,
    cancel: Option<&'static AtomicBool>,
    done: bool,
}

impl OutputSet {
    /// Creates the temporary folder beside `out`. Writes fail (see [`cancelled`]) as soon as
    /// `cancel` is set.
    pub fn begin(out: &Path, cancel: Option<&'static AtomicBool>) -> std::io::Result<Self> {
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = out.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        remove_stale(parent, &format!("{name}.xuncha-tmp-"));
        let tmp = parent.join(format!("{name}.xuncha-tmp-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir(&tmp)?;
        Ok(Self { out: out.to_path_buf(), tmp, cancel, done: false })
    }

    /// The temporary folder the set is written into.
    pub fn tmp(&self) -> &Path {
        &self.tmp
    }

    fn check(&self) -> std::io::Result<()> {
        match self.cancel {
            Some(c) if c.load(Ordering::SeqCst) => Err(cancelled()),
            _ => Ok(()),
        }
    }

    /// Writes `rel` (a relative path, `/`-separated) into the set.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.write_with(rel, |w| w.write_all(bytes))
    }

    /// Streams `rel` into the set through a buffer; every write checks for cancellation.
    pub fn write_with(
        &self,
        rel: &str,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.check()?;
        let path = self.tmp.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = std::fs::File::create(&path)?;
        let mut w = BufWriter::with_capacity(1 << 16, Cancellable { inner: file, cancel: self.cancel });
        write(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        self.check()?;
        f.inner.sync_all()
    }

    /// Moves the set into place. A new `out` is the temporary folder renamed; an existing one
    /// has each of the set's top-level entries swapped in (the old one moved aside first, put
    /// back if a later step fails, and removed once all are in place).
    pub fn commit(mut self) -> std::io::Result<()> {
        self.check()?;
        if !self.out.exists() {
            std::fs::rename(&self.tmp, &self.out)?;
            self.done = true;
            return Ok(());
        }
        let mut names: Vec<std::ffi::OsString> =
            std::fs::read_dir(&self.tmp)?.map(|e| e.map(|e| e.file_name())).collect::<Result<_, _>>()?;
        names.sort();
        let backup = self.tmp.join(".old");
        std::fs::create_dir(&backup)?;
        // (name, whether an old entry was moved aside)
        let mut swapped: Vec<(&std::ffi::OsString, bool)> = Vec::new();
        let mut result = Ok(());
        for name in &names {
            let (old, new, target) = (backup.join(name), self.tmp.join(name), self.out.join(name));
            let had = target.symlink_metadata().is_ok();
            if had {
                if let Err(e) = std::fs::rename(&target, &old) {
                    result = Err(e);
                    break;
                }
            }
            if let Err(e) = std::fs::rename(&new, &target) {
                if had {
                    let _ = std::fs::rename(&old, &target);
                }
                result = Err(e);
                break;
            }
            swapped.push((name, had));
        }
        if result.is_err() {
            for (name, had) in swapped.into_iter().rev() {
                let target = self.out.join(name);
                let _ = std::fs::rename(&target, self.tmp.join(name));
                if had {
                    let _ = std::fs::rename(backup.join(name), &target);
                }
            }
            return result;
        }
        self.done = true;
        let _ = std::fs::remove_dir_all(&self.tmp);
        Ok(())
    }
}

/// Removes the temporary folders (`prefix` + process id) that runs killed outright (SIGKILL, a
/// power cut) left in `parent`: those of processes no longer running, where the system can say
/// (Linux), else those untouched for a day. A run still writing its set is left alone, and so
/// is a folder whose `.old` holds files: a run killed while swapping the set in left the
/// previous results there, and they are the only copy.
fn remove_stale(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(prefix).and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid == std::process::id() {
            continue;
        }
        let gone = if Path::new("/proc/self").exists() {
            !Path::new("/proc").join(pid.to_string()).exists()
        } else {
            let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
            age.is_some_and(|a| a > std::time::Duration::from_secs(24 * 3600))
        };
        let holds_old = std::fs::read_dir(entry.path().join(".old")).is_ok_and(|mut d| d.next().is_some());
        if gone && !holds_old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// The error of a write refused because the run was cancelled. Not [`std::io::ErrorKind::Interrupted`]:
/// `write_all` and `BufWriter` retry on that kind, so a renderer streaming a large file when
/// Ctrl-C came would spin for ever.
fn cancelled() -> std::io::Error {
    std::io::Error::other("已中断")
}

/// A file that refuses further writes once the run is cancelled.
struct Cancellable {
    inner: std::fs::File,
    cancel: Option<&'static AtomicBool>,
}

impl Write for Cancellable {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.cancel.is_some_and(|c| c.load(Ordering::SeqCst)) {
            return Err(cancelled());
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// `name` without the characters Windows forbids in file names, for files named after a person or
/// a unit.
pub fn safe_file_name(name: &str) -> String {
    name.chars().filter(|c| !r#"/\:*?"<>|"#.contains(*c) && !c.is_control()).collect()
}

#[cfg(test)]
mod name_tests {
    #[test]
    fn forbidden_characters_are_dropped() {
        assert_eq!(super::safe_file_name("王五"), "王五");
        assert_eq!(super::safe_file_name(r#"a/b\c:d*e?f"g<h>i|j"#), "abcdefghij");
    }
}

#[cfg(test)]
mod set_tests {
    use super::OutputSet;
    use std::fs;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn entries(dir: &std::path::Path) -> Vec<String> {
        let mut v: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        v.sort();
        v
    }

    /// Only a dead run's own folder goes: not a live run's, not one holding the previous set
    /// mid-swap, not a folder that merely looks alike.
    #[test]
    fn stale_temp_folders_go_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let dead = 4_000_000_000u32; // beyond any pid
        for name in [
            format!("结果.xuncha-tmp-{dead}"),
            format!("结果.xuncha-tmp-{}", dead - 1),
            format!("结果.xuncha-tmp-{}", std::process::id()),
            "结果2.xuncha-tmp-1".into(),
            "结果.xuncha-tmp-abc".into(),
            "结果".into(),
        ] {
            fs::create_dir(dir.path().join(name)).unwrap();
        }
        let mid_swap = dir.path().join(format!("结果.xuncha-tmp-{}/.old", dead - 1));
        fs::create_dir(&mid_swap).unwrap();
        fs::write(mid_swap.join("index.html"), "上一次的汇总").unwrap();
        super::remove_stale(dir.path(), "结果.xuncha-tmp-");
        let mut left = entries(dir.path());
        left.sort();
        let mut expected = vec![
            format!("结果.xuncha-tmp-{}", dead - 1),
            format!("结果.xuncha-tmp-{}", std::process::id()),
            "结果2.xuncha-tmp-1".into(),
            "结果.xuncha-tmp-abc".into(),
            "结果".into(),
        ];
        expected.sort();
        assert_eq!(left, expected);
    }

    #[test]
    fn a_new_folder_is_the_set_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("结果");
        let set = OutputSet::begin(&out, None).unwrap();
        set.write("index.html", b"new").unwrap();
        set.write("单位/1.html", b"one").unwrap();
        set.commit().unwrap();
        assert_eq!(entries(dir.path()), ["结果"]);
        assert_eq!(fs::read(out.join("单位/1.html")).unwrap(), b"one");
    }

    #[test]
    fn an_existing_set_is_replaced_and_other_files_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("o");
        fs::create_dir_all(out.join("单位")).unwrap();
        fs::write(out.join("index.html"), "old").unwrap();
        fs::write(out.join("单位/9.html"), "stale").unwrap();
        fs::write(out.join("笔记.txt"), "mine").unwrap();
        let set = OutputSet::begin(&out, None).unwrap();
        set.write("index.html", b"new").unwrap();
        set.write("单位/1.html", b"one").unwrap();
        set.commit().unwrap();
        assert_eq!(entries(dir.path()), ["o"]);
        assert_eq!(entries(&out), ["index.html", "单位", "笔记.txt"]);
        assert_eq!(entries(&out.join("单位")), ["1.html"]);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
    }

    #[test]
    fn a_dropped_or_cancelled_set_leaves_the_old_one_and_no_temp_folder() {
        static CANCEL: AtomicBool = AtomicBool::new(false);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("o");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "old").unwrap();
        {
            let set = OutputSet::begin(&out, None).unwrap();
            set.write("index.html", b"new").unwrap();
        }
        let set = OutputSet::begin(&out, Some(&CANCEL)).unwrap();
        set.write("round.md", b"x").unwrap();
        CANCEL.store(true, Ordering::SeqCst);
        let err = set.write_with("round.json", |w| w.write_all(&[0; 1 << 20])).unwrap_err();
        assert_eq!(err.to_string(), "已中断");
        assert_eq!(set.commit().unwrap_err().to_string(), "已中断");
        assert_eq!(entries(dir.path()), ["o"]);
        assert_eq!(entries(&out), ["index.html"]);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
    }

    #[test]
    fn a_write_cancelled_midway_stops_instead_of_retrying() {
        static CANCEL: AtomicBool = AtomicBool::new(false);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("o");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let set = OutputSet::begin(&out, Some(&CANCEL)).unwrap();
            let r = set.write_with("round.json", |w| {
                w.write_all(&[0; 1 << 17])?;
                CANCEL.store(true, Ordering::SeqCst);
                w.write_all(&[0; 1 << 20])
            });
            let _ = tx.send(r.map_err(|e| e.to_string()));
        });
        // With an error kind the writers retry, the thread never ends.
        let r = rx.recv_timeout(std::time::Duration::from_secs(20)).expect("the cancelled write returned");
        assert_eq!(r.unwrap_err(), "已中断");
    }
}
