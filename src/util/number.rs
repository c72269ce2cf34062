//! Numbers as users write them and as score sheets show them.

/// Rounds to one decimal, as score sheets show points.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Accepts 85, 85.5, ８５, 85分, 1,200.
pub fn parse_number(s: &str) -> Option<f64> {
    let folded: String = s.chars().map(crate::util::text::fold_char).filter(|c| *c != ',').collect();
    let t = folded.trim().trim_end_matches(['分', '件', '人', '次', '个', '篇', '项', '条']);
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}
