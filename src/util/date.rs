//! Dates as offices write them.

/// Parses 2022-03-01, 2022/3/1, 2022年3月1日, 2022.3.1 (time of day ignored) into ISO form.
pub fn parse_date(s: &str) -> Option<String> {
    let s: String = s.chars().map(crate::util::text::fold_char).collect();
    let day = s.split([' ', 'T']).next()?.trim().trim_end_matches('日');
    let parts: Vec<&str> = day.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts[..] else { return None };
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    ((1900..=2100).contains(&y) && (1..=days_in_month).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}
