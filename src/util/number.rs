//! Numbers as users write them and as score sheets show them.

/// Rounds to one decimal, as score sheets show points.
/// Never −0 (−0.04 rounds to 0, which JSON and the pages must not show as "-0.0").
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0 + 0.0
}

/// Accepts 85, 85.5, ８５, 85分, 1,200.
pub fn parse_number(s: &str) -> Option<f64> {
    let folded: String = s.chars().map(crate::util::text::fold_char).filter(|c| *c != ',').collect();
    let t = folded.trim().trim_end_matches(['分', '件', '人', '次', '个', '篇', '项', '条']);
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_never_gives_negative_zero() {
        assert!(round1(-0.04).is_sign_positive());
        assert!(round1(-0.0).is_sign_positive());
        assert_eq!(round1(-0.06), -0.1);
        assert_eq!(round1(2.67), 2.7);
    }
}
