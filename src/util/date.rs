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

/// Howard Hinnant's days since 1970-01-01 → civil date.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Civil date → days since 1970-01-01 (the inverse of [`civil_from_days`]).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn ymd(iso: &str) -> Option<(i64, u32, u32)> {
    let iso = parse_date(iso)?;
    Some((iso[..4].parse().ok()?, iso[5..7].parse().ok()?, iso[8..].parse().ok()?))
}

fn iso(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days from `from` to `to` (negative when `to` is earlier); None if either is not a date.
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    let (a, b) = (ymd(from)?, ymd(to)?);
    Some(days_from_civil(b.0, b.1, b.2) - days_from_civil(a.0, a.1, a.2))
}

/// The same day `n` months later, clamped to the month's last day (01-31 + 1 month = 02-28).
pub fn add_months(date: &str, n: i64) -> Option<String> {
    let (y, m, d) = ymd(date)?;
    let months = y * 12 + i64::from(m) - 1 + n;
    let (y, m) = (months.div_euclid(12), (months.rem_euclid(12) + 1) as u32);
    let next = if m == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, m + 1, 1) };
    let last = (next - days_from_civil(y, m, 1)) as u32;
    Some(iso(days_from_civil(y, m, d.min(last))))
}

/// `date` plus `n` days.
pub fn add_days(date: &str, n: i64) -> Option<String> {
    let (y, m, d) = ymd(date)?;
    Some(iso(days_from_civil(y, m, d) + n))
}

/// Today in China Standard Time (UTC+8), where the offices are: the clock is read only when a
/// command is not given `--today`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    iso((secs + 8 * 3600).div_euclid(86_400))
}

/// Now in China Standard Time as `YYYYMMDD-HHMMSS`, for the names of backup copies.
pub fn stamp() -> String {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64) + 8 * 3600;
    let day = iso(secs.div_euclid(86_400)).replace('-', "");
    let t = secs.rem_euclid(86_400);
    format!("{day}-{:02}{:02}{:02}", t / 3600, t / 60 % 60, t % 60)
}

/// Deserializes an optional date written either as a TOML date (`start = 2026-09-01`) or as a
/// string (`start = "2026-09-01"`, checked later with [`parse_date`]). A TOML date-time keeps
/// its day.
pub fn toml_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    use serde::Deserialize;
    use serde::de::Error;
    match toml::Value::deserialize(d)? {
        toml::Value::String(s) => Ok(Some(s)),
        toml::Value::Datetime(dt) => match dt.date {
            Some(x) => Ok(Some(format!("{:04}-{:02}-{:02}", x.year, x.month, x.day))),
            None => Err(D::Error::custom(format!("类型不对：应为日期（如 2026-09-01），这里只写了时刻 {dt}"))),
        },
        other => {
            let found = match &other {
                toml::Value::Integer(i) => format!("整数 {i}"),
                toml::Value::Float(f) => format!("小数 {f}"),
                toml::Value::Boolean(b) => b.to_string(),
                toml::Value::Array(_) => "列表".into(),
                _ => "表".into(),
            };
            Err(D::Error::custom(format!("类型不对：应为日期（如 2026-09-01），这里写的是{found}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_arithmetic_round_trips() {
        for z in [-800_000, -1, 0, 1, 19_000, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(days_between("2026-11-30", "2026-12-20"), Some(20));
        assert_eq!(days_between("2026-12-20", "2026-11-30"), Some(-20));
        assert_eq!(days_between("2024-02-28", "2024/3/1"), Some(2));
        assert_eq!(days_between("2024-02-28", "不是日期"), None);
    }

    #[test]
    fn months_clamp_to_the_last_day() {
        assert_eq!(add_months("2026-01-31", 1).as_deref(), Some("2026-02-28"));
        assert_eq!(add_months("2024-01-31", 1).as_deref(), Some("2024-02-29"));
        assert_eq!(add_months("2026-11-20", 2).as_deref(), Some("2027-01-20"));
        assert_eq!(add_months("2026-11-20", 3).as_deref(), Some("2027-02-20"));
        assert_eq!(add_days("2026-12-31", 1).as_deref(), Some("2027-01-01"));
    }
}
