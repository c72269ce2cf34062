//! Reading a rule pack from a folder (the default pack is embedded in the binary).

use std::collections::BTreeMap;
use std::path::Path;

use crate::pack::{PackError, PackFiles};

/// Reads a pack folder (`--rules DIR`): its .toml, .rhai, .md and .txt files.
pub fn from_dir(dir: &Path) -> Result<PackFiles, PackError> {
    if !dir.is_dir() {
        return Err(PackError::NotADir { path: dir.display().to_string() });
    }
    let mut files = BTreeMap::new();
    read_dir_into(dir, dir, &mut files)?;
    Ok(PackFiles { origin: dir.display().to_string(), files })
}

fn read_dir_into(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) -> Result<(), PackError> {
    let io = |e: std::io::Error, p: &Path| PackError::Io { path: p.display().to_string(), detail: e.to_string() };
    let mut entries: Vec<_> = std::fs::read_dir(dir).map_err(|e| io(e, dir))?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            read_dir_into(root, &path, out)?;
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("toml" | "rhai" | "md" | "txt")) {
            let bytes = std::fs::read(&path).map_err(|e| io(e, &path))?;
            let text = String::from_utf8(bytes).map_err(|_| PackError::NotUtf8 { path: path.display().to_string() })?;
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            out.insert(rel, text);
        }
    }
    Ok(())
}
