//! "Did you mean" for names a user wrote: rule ids, units, groups, headers.

/// " (是否指 xxx？)" for the nearest known name, or nothing.
pub fn suggest<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> String {
    known
        .map(|k| (similarity(wanted, k), k))
        .filter(|(s, _)| *s >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!("（是否指 {k}？）"))
        .unwrap_or_default()
}

/// Similarity of two names in 0..=1: the better of Jaro-Winkler (typos in ASCII ids) and the
/// longest common subsequence of characters (Chinese names with a word left out: 第一组/第一巡察组).
fn similarity(a: &str, b: &str) -> f64 {
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let mut row = vec![0usize; y.len() + 1];
    for cx in &x {
        let mut prev = 0;
        for (j, cy) in y.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if cx == cy { prev + 1 } else { row[j + 1].max(row[j]) };
            prev = cur;
        }
    }
    let lcs = 2.0 * row[y.len()] as f64 / (x.len() + y.len()) as f64;
    lcs.max(strsim::jaro_winkler(a, b))
}
