//! Hand-written SVG charts for the round page: horizontal bars, a heat map and a line chart.
//!
//! Every chart is a plain `<svg>` element meant to be inlined in HTML (no `xmlns`, no external
//! references, no scripts). Charts carry a `viewBox` plus a natural pixel size no wider than the
//! printable width of an A4 page, and the page's CSS lets them shrink on narrow screens.
//! All text goes through [`escape`]; all numbers through [`num`], which never prints `NaN` or
//! `inf`; every division is guarded, so empty or degenerate input yields a valid, empty chart.

use super::markup::escape;
use unicode_width::UnicodeWidthChar;

/// Widest natural chart size in CSS pixels: the printable width of A4 with 15 mm margins
/// (180 mm ≈ 680 px at 96 dpi).
pub const MAX_WIDTH: f64 = 680.0;

/// Formats a coordinate: one decimal at most, `-0` and non-finite values become `0`.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 {
        "0".into()
    } else if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A finite number or `fallback`.
pub fn finite(x: f64, fallback: f64) -> f64 {
    if x.is_finite() { x } else { fallback }
}

/// `a / b`, or 0 when `b` is zero or the result is not finite.
pub fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        return 0.0;
    }
    finite(a / b, 0.0)
}

/// Estimated rendered width of `s` at `font` px: CJK and other wide characters take one em,
/// narrow ones a little more than half.
pub fn text_width(s: &str, font: f64) -> f64 {
    // width_cjk: quotes and other ambiguous-width marks (“三资”) take a full em in CJK fonts.
    s.chars()
        .map(|c| match c.width_cjk() {
            Some(2) => 1.0,
            Some(0) | None => 0.0,
            _ => 0.6,
        })
        .sum::<f64>()
        * font
}

/// `s` shortened with `…` so that it fits in `max` px at `font` px.
pub fn fit(s: &str, max: f64, font: f64) -> String {
    if text_width(s, font) <= max {
        return s.to_string();
    }
    let budget = max - text_width("…", font);
    let mut out = String::new();
    let mut used = 0.0;
    for c in s.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), font);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Colour for a heat map value in `0..=1`: white at 0, deep red at 1 (out-of-range values are
/// clamped, NaN counts as 0).
pub fn heat_colour(v: f64) -> String {
    const STOPS: [(f64, [f64; 3]); 4] = [
        (0.0, [255.0, 255.0, 255.0]),
        (0.35, [252.0, 187.0, 161.0]),
        (0.7, [239.0, 59.0, 44.0]),
        (1.0, [153.0, 0.0, 13.0]),
    ];
    let v = finite(v, 0.0).clamp(0.0, 1.0);
    let mut rgb = STOPS[STOPS.len() - 1].1;
    for w in STOPS.windows(2) {
        let (a, ca) = w[0];
        let (b, cb) = w[1];
        if v <= b {
            let t = ratio(v - a, b - a);
            rgb = [0, 1, 2].map(|i| ca[i] + (cb[i] - ca[i]) * t);
            break;
        }
    }
    let [r, g, b] = rgb.map(|c| c.round().clamp(0.0, 255.0) as u8);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Text colour that stays readable on [`heat_colour`]`(v)`.
pub fn heat_ink(v: f64) -> &'static str {
    if finite(v, 0.0) > 0.6 { "#ffffff" } else { "#1f2328" }
}

fn open(w: f64, h: f64, label: &str, class: &str) -> String {
    format!(
        "<svg class=\"chart {class}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{label}\">",
        w = num(w),
        h = num(h),
        label = escape(label),
    )
}

fn text(x: f64, y: f64, attrs: &str, s: &str) -> String {
    format!("<text x=\"{}\" y=\"{}\"{attrs}>{}</text>", num(x), num(y), escape(s))
}

fn rect(x: f64, y: f64, w: f64, h: f64, attrs: &str) -> String {
    format!(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{attrs}/>",
        num(x),
        num(y),
        num(w.max(0.0)),
        num(h.max(0.0))
    )
}

/// One bar of [`hbars`].
#[derive(Debug, Clone, Default)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Text after the bar (the value, "3 人（25%）", "未涉及" …).
    pub text: String,
    /// Bar colour.
    pub fill: String,
    /// Hover text (SVG `<title>`).
    pub title: String,
    /// Draw `text` as a warning (accent colour, bold).
    pub alert: bool,
}

/// Geometry of a horizontal bar chart.
#[derive(Debug, Clone, Copy)]
pub struct HBars {
    pub label_width: f64,
    pub bar_width: f64,
    pub value_width: f64,
    pub row_height: f64,
    pub font: f64,
    /// Value drawn as a full-length bar; values above are capped.
    pub max: f64,
}

impl Default for HBars {
    fn default() -> Self {
        Self { label_width: 96.0, bar_width: 360.0, value_width: 110.0, row_height: 26.0, font: 13.0, max: 1.0 }
    }
}

/// Horizontal bar chart: label, track, bar, value text; one row per bar.
pub fn hbars(bars: &[Bar], g: &HBars, aria: &str) -> String {
    let width = g.label_width + g.bar_width + g.value_width;
    let height = g.row_height * bars.len() as f64 + 4.0;
    let max = if finite(g.max, 0.0) > 0.0 { g.max } else { 1.0 };
    let bar_h = (g.row_height * 0.58).round();
    let mut out = open(width, height, aria, "hbars");
    for (i, b) in bars.iter().enumerate() {
        let top = 2.0 + g.row_height * i as f64;
        let mid = top + g.row_height / 2.0;
        let by = mid - bar_h / 2.0;
        let len = g.bar_width * ratio(finite(b.value, 0.0).clamp(0.0, max), max);
        out.push_str("<g>");
        out.push_str(&format!("<title>{}</title>", escape(&b.title)));
        out.push_str(&text(
            g.label_width - 8.0,
            mid,
            &format!(
                " text-anchor=\"end\" dominant-baseline=\"central\" font-size=\"{}\" fill=\"#3b4048\"",
                num(g.font)
            ),
            &fit(&b.label, g.label_width - 10.0, g.font),
        ));
        out.push_str(&rect(g.label_width, by, g.bar_width, bar_h, " rx=\"2\" fill=\"#eef0f3\""));
        if len > 0.0 {
            out.push_str(&rect(
                g.label_width,
                by,
                len.max(2.0),
                bar_h,
                &format!(" rx=\"2\" fill=\"{}\"", escape(&b.fill)),
            ));
        }
        let ink = if b.alert { " fill=\"#b8141b\" font-weight=\"700\"" } else { " fill=\"#1f2328\"" };
        out.push_str(&text(
            g.label_width + g.bar_width + 8.0,
            mid,
            &format!(" dominant-baseline=\"central\" font-size=\"{}\"{ink}", num(g.font)),
            &b.text,
        ));
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// Heat map of `rows × columns` with values in `0..=1` (NaN cells are drawn as “无数据”), the
/// column labels written vertically (one character per line, as Chinese reads naturally), and a
/// white → deep-red legend underneath. `id` names the legend gradient and must be unique on
/// the page.
pub fn heatmap(
    rows: &[String],
    columns: &[String],
    cells: &[Vec<f64>],
    id: &str,
    legend_low: &str,
    legend_high: &str,
) -> String {
    const FONT: f64 = 12.0;
    let label_w = rows.iter().map(|r| text_width(r, FONT)).fold(48.0_f64, f64::max).min(180.0) + 12.0;
    let cols = columns.len().max(1) as f64;
    let cell_w = ((MAX_WIDTH - label_w - 8.0) / cols).clamp(24.0, 56.0).floor();
    let cell_h = 26.0;
    // Columns are numbered above the grid and named in full in a key below it: area names run
    // to 20 characters, which neither fit a column nor read well stacked or turned.
    let head_h = FONT + 12.0;
    let grid_w = cell_w * columns.len() as f64;
    let grid_h = cell_h * rows.len() as f64;
    let key = key_layout(columns, FONT, label_w.max(MAX_WIDTH));
    let key_top = head_h + grid_h + 14.0;
    let legend_top = key_top + key.height + 8.0;
    let (lx, lw) = legend_geometry(label_w, legend_low);
    let width = (label_w + grid_w + 8.0).max(lx + lw + 12.0 + text_width(legend_high, 11.0)).max(key.width);
    let height = legend_top + 40.0;
    let mut out = open(width, height, "偏离研判热力图", "heatmap");

    for (j, c) in columns.iter().enumerate() {
        let cx = label_w + cell_w * (j as f64 + 0.5);
        out.push_str(&format!("<g><title>{}</title>", escape(c)));
        out.push_str(&text(
            cx,
            head_h - 8.0,
            &format!(" text-anchor=\"middle\" font-size=\"{}\" font-weight=\"600\" fill=\"#3b4048\"", num(FONT)),
            &(j + 1).to_string(),
        ));
        out.push_str("</g>");
    }
    for (j, c) in columns.iter().enumerate() {
        let (x, y) = key.places[j];
        out.push_str(&text(
            x,
            key_top + y,
            &format!(" dominant-baseline=\"hanging\" font-size=\"{}\" fill=\"#3b4048\"", num(FONT - 1.0)),
            &format!("{} {}", j + 1, c),
        ));
    }

    for (i, r) in rows.iter().enumerate() {
        let top = head_h + cell_h * i as f64;
        out.push_str(&format!("<g><title>{}</title>", escape(r)));
        out.push_str(&text(
            label_w - 8.0,
            top + cell_h / 2.0,
            &format!(" text-anchor=\"end\" dominant-baseline=\"central\" font-size=\"{}\" fill=\"#1f2328\"", num(FONT)),
            &fit(r, label_w - 12.0, FONT),
        ));
        out.push_str("</g>");
        for (j, c) in columns.iter().enumerate() {
            let x = label_w + cell_w * j as f64;
            let v = cells.get(i).and_then(|row| row.get(j)).copied();
            out.push_str("<g>");
            match v.filter(|v| v.is_finite()) {
                Some(v) => {
                    let v = v.clamp(0.0, 1.0);
                    out.push_str(&format!("<title>{} · {}：{}</title>", escape(r), escape(c), fmt_unit(v)));
                    out.push_str(&rect(
                        x,
                        top,
                        cell_w,
                        cell_h,
                        &format!(" fill=\"{}\" stroke=\"#ffffff\"", heat_colour(v)),
                    ));
                    if v >= 0.005 && cell_w >= 30.0 {
                        out.push_str(&text(
                            x + cell_w / 2.0,
                            top + cell_h / 2.0,
                            &format!(
                                " text-anchor=\"middle\" dominant-baseline=\"central\" font-size=\"11\" fill=\"{}\"",
                                heat_ink(v)
                            ),
                            &fmt_unit(v),
                        ));
                    }
                }
                None => {
                    out.push_str(&format!("<title>{} · {}：无数据</title>", escape(r), escape(c)));
                    out.push_str(&rect(x, top, cell_w, cell_h, " fill=\"#eceef1\" stroke=\"#ffffff\""));
                }
            }
            out.push_str("</g>");
        }
    }
    if !rows.is_empty() && !columns.is_empty() {
        out.push_str(&rect(label_w, head_h, grid_w, grid_h, " fill=\"none\" stroke=\"#d9dce1\""));
    }

    // Legend.
    let gid = format!("{id}-scale");
    out.push_str(&format!("<defs><linearGradient id=\"{}\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">", escape(&gid)));
    for k in 0..=4 {
        let v = k as f64 / 4.0;
        out.push_str(&format!("<stop offset=\"{}%\" stop-color=\"{}\"/>", k * 25, heat_colour(v)));
    }
    out.push_str("</linearGradient></defs>");
    let small = " font-size=\"11\" fill=\"#5f6670\"";
    out.push_str(&text(label_w, legend_top + 5.0, &format!(" dominant-baseline=\"central\"{small}"), legend_low));
    out.push_str(&rect(lx, legend_top, lw, 10.0, &format!(" fill=\"url(#{})\" stroke=\"#c9cdd3\"", escape(&gid))));
    for (k, tick) in ["0", "0.5", "1"].iter().enumerate() {
        out.push_str(&text(
            lx + lw * k as f64 / 2.0,
            legend_top + 22.0,
            &format!(" text-anchor=\"middle\"{small}"),
            tick,
        ));
    }
    out.push_str(&text(
        lx + lw + 8.0,
        legend_top + 5.0,
        &format!(" dominant-baseline=\"central\"{small}"),
        legend_high,
    ));
    out.push_str("</svg>");
    out
}

/// Where each entry of a heat map's column key goes: in as many equal columns as fit `max`
/// (at most four), row by row.
struct Key {
    places: Vec<(f64, f64)>,
    width: f64,
    height: f64,
}

fn key_layout(columns: &[String], font: f64, max: f64) -> Key {
    let line_h = font + 5.0;
    let entry_w = columns
        .iter()
        .enumerate()
        .map(|(j, c)| text_width(&format!("{} {c}", j + 1), font - 1.0))
        .fold(0.0_f64, f64::max)
        + 18.0;
    let per_row = ((max / entry_w).floor() as usize).clamp(1, 4);
    let places =
        (0..columns.len()).map(|j| (8.0 + entry_w * (j % per_row) as f64, line_h * (j / per_row) as f64)).collect();
    let rows = columns.len().div_ceil(per_row);
    Key { places, width: 8.0 + entry_w * per_row.min(columns.len()) as f64, height: line_h * rows as f64 }
}

/// Left edge and width of the heat map legend's colour bar, placed after its low-end label.
fn legend_geometry(label_w: f64, legend_low: &str) -> (f64, f64) {
    (label_w + text_width(legend_low, 11.0) + 8.0, 160.0)
}

/// A value in `0..=1` with two decimals ("0.82"), non-finite as 0.
pub fn fmt_unit(v: f64) -> String {
    format!("{:.2}", finite(v, 0.0))
}

/// One point of [`line_chart`].
#[derive(Debug, Clone, Default)]
pub struct Point {
    pub label: String,
    pub value: f64,
    /// Draw in the accent colour (the current round).
    pub highlight: bool,
}

/// Line chart over categories (rounds), y from 0 to `y_max` (raised to the data's maximum when
/// needed), gridlines at fifths.
pub fn line_chart(points: &[Point], y_max: f64, aria: &str) -> String {
    const W: f64 = 640.0;
    const H: f64 = 240.0;
    let (l, r, t, b) = (44.0, 16.0, 24.0, 40.0);
    let pw = W - l - r;
    let ph = H - t - b;
    let data_max = points.iter().map(|p| finite(p.value, 0.0)).fold(0.0_f64, f64::max);
    let top = finite(y_max, 0.0).max(data_max);
    let top = if top > 0.0 { top } else { 1.0 };
    let mut out = open(W, H, aria, "line");
    for k in 0..=5 {
        let v = top * k as f64 / 5.0;
        let y = t + ph - ph * k as f64 / 5.0;
        out.push_str(&format!(
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\"/>",
            num(l),
            num(l + pw),
            if k == 0 { "#9aa1aa" } else { "#e6e8eb" },
            y = num(y)
        ));
        out.push_str(&text(
            l - 8.0,
            y,
            " text-anchor=\"end\" dominant-baseline=\"central\" font-size=\"11\" fill=\"#5f6670\"",
            &trim_num(v),
        ));
    }
    let n = points.len().max(1) as f64;
    let band = pw / n;
    let xy: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let v = finite(p.value, 0.0).clamp(0.0, top);
            (l + band * (i as f64 + 0.5), t + ph - ph * ratio(v, top))
        })
        .collect();
    if xy.len() > 1 {
        let path: Vec<String> = xy.iter().map(|(x, y)| format!("{},{}", num(*x), num(*y))).collect();
        out.push_str(&format!(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#3d6a99\" stroke-width=\"2\"/>",
            path.join(" ")
        ));
    }
    for (p, (x, y)) in points.iter().zip(&xy) {
        let colour = if p.highlight { "#b8141b" } else { "#3d6a99" };
        out.push_str(&format!("<g><title>{}：{}</title>", escape(&p.label), trim_num(finite(p.value, 0.0))));
        out.push_str(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>",
            num(*x),
            num(*y)
        ));
        out.push_str(&text(
            *x,
            y - 10.0,
            &format!(" text-anchor=\"middle\" font-size=\"12\" font-weight=\"700\" fill=\"{colour}\""),
            &trim_num(finite(p.value, 0.0)),
        ));
        out.push_str(&text(
            *x,
            t + ph + 20.0,
            " text-anchor=\"middle\" font-size=\"12\" fill=\"#3b4048\"",
            &fit(&p.label, band - 6.0, 12.0),
        ));
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// A display number: at most two decimals, no trailing zeros, `—` when not finite.
pub fn trim_num(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        return "0".into();
    }
    let s = format!("{r:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// True when `s` has no `NaN` or infinite number in it (test helper, also used by the page tests).
#[cfg(test)]
pub(crate) fn numbers_are_clean(s: &str) -> bool {
    s.split(|c: char| !c.is_ascii_alphanumeric()).all(|w| w != "NaN" && w != "inf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_count_full_width_so_labels_are_not_clipped() {
        assert_eq!(text_width("村级“三资”", 12.0), 6.0 * 12.0);
        assert_eq!(fit("村级“三资”", 6.0 * 12.0, 12.0), "村级“三资”");
    }

    #[test]
    fn numbers_are_finite_and_short() {
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(f64::INFINITY), "0");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.25), "12.3");
        assert_eq!(trim_num(96.5), "96.5");
        assert_eq!(trim_num(100.0), "100");
        assert_eq!(trim_num(0.1 + 0.2), "0.3");
        assert_eq!(trim_num(f64::NAN), "—");
        assert_eq!(ratio(1.0, 0.0), 0.0);
        assert_eq!(ratio(0.0, 0.0), 0.0);
        assert_eq!(fmt_unit(f64::NAN), "0.00");
    }

    #[test]
    fn heat_scale_bounds() {
        assert_eq!(heat_colour(0.0), "#ffffff");
        assert_eq!(heat_colour(1.0), "#99000d");
        assert_eq!(heat_colour(-3.0), "#ffffff");
        assert_eq!(heat_colour(7.0), "#99000d");
        assert_eq!(heat_colour(f64::NAN), "#ffffff");
        assert_eq!(heat_colour(f64::INFINITY), "#ffffff");
        assert_eq!(heat_colour(0.35), "#fcbba1");
        // Monotone: redder (less green) as the value grows.
        let green = |v: f64| u8::from_str_radix(&heat_colour(v)[3..5], 16).unwrap();
        let mut last = 256;
        for k in 0..=20 {
            let g = green(k as f64 / 20.0) as i32;
            assert!(g <= last, "green channel must not grow at {k}/20");
            last = g;
        }
        assert_eq!(heat_ink(0.9), "#ffffff");
        assert_eq!(heat_ink(0.1), "#1f2328");
    }

    #[test]
    fn widths_and_fitting() {
        assert_eq!(text_width("巡察", 10.0), 20.0);
        assert_eq!(text_width("ab", 10.0), 12.0);
        assert_eq!(fit("县农业农村局党组", 200.0, 12.0), "县农业农村局党组");
        let short = fit("县文化广电旅游体育局党组", 60.0, 12.0);
        assert!(short.ends_with('…'));
        assert!(text_width(&short, 12.0) <= 60.0);
    }

    #[test]
    fn text_is_escaped_in_charts() {
        let bars = [Bar {
            label: "<b>&'\"".into(),
            value: 1.0,
            text: "<i>".into(),
            fill: "#000".into(),
            title: "</title><script>".into(),
            alert: false,
        }];
        let svg = hbars(&bars, &HBars::default(), "a<b");
        assert!(!svg.contains("<b>"));
        assert!(!svg.contains("<i>"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;b&gt;&amp;&#39;&quot;"));
        assert!(svg.contains("aria-label=\"a&lt;b\""));
    }

    #[test]
    fn degenerate_inputs_render() {
        let nan = Bar { label: "x".into(), value: f64::NAN, ..Bar::default() };
        let g = HBars { max: 0.0, ..HBars::default() };
        for svg in [
            hbars(&[], &HBars::default(), "空"),
            hbars(&[nan], &g, "非数"),
            heatmap(&[], &[], &[], "h", "低", "高"),
            heatmap(&["甲".into(), "乙".into()], &["一".into()], &[vec![f64::NAN]], "h", "低", "高"),
            line_chart(&[], 100.0, "空"),
            line_chart(&[Point { label: "本轮".into(), value: f64::NAN, highlight: true }], f64::NAN, "单点"),
        ] {
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
            assert!(numbers_are_clean(&svg), "{svg}");
        }
        let ragged = heatmap(&["甲".into(), "乙".into()], &["一".into()], &[vec![0.5]], "h", "低", "高");
        assert!(ragged.contains("乙 · 一：无数据"));
    }

    #[test]
    fn columns_are_numbered_and_named_in_full_below() {
        let long = "贯彻落实党的路线方针政策和党中央决策部署";
        let svg = heatmap(&["甲".into()], &["民生".into(), long.into()], &[vec![1.0, 0.0]], "h", "低", "高");
        assert!(svg.contains(&format!("<title>{long}</title>")));
        assert!(svg.contains(&format!(">2 {long}</text>")), "the key names the column in full");
        assert!(svg.contains(">1 民生</text>"));
        assert!(!svg.contains('…'));
        assert!(svg.contains("fill=\"#99000d\""));
    }
}
