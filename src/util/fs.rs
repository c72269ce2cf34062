//! Atomic writes: a temp file beside the target, then a rename, so an interrupted run never
//! leaves a half-written output.

use std::io::{BufWriter, Write};
use std::path::Path;

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
