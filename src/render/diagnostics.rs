//! Compiler-style diagnostics for a report, pointing at line:column (text) or 第N段 (.docx).
//! annotate-snippets does the drawing and measures CJK text by display width.

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::assess::report::ReportEvaluation;
use crate::model::document::SourceFormat;
use crate::model::outcome::{Finding, Severity};
use crate::pack::Pack;

/// At most this many places are drawn for one finding; the rest are counted.
const MAX_SPANS: usize = 4;

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR.with_name("错误"),
        Severity::Warning => Level::WARNING.with_name("警告"),
        Severity::Info => Level::NOTE.with_name("提示"),
    }
}

/// Renders every finding of one report.
pub fn render(eval: &ReportEvaluation, pack: &Pack, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Ascii);
    let mut out = String::new();
    for finding in &eval.run.findings {
        out.push_str(&render_finding(eval, pack, finding, &renderer));
        out.push_str("\n\n");
    }
    out
}

fn render_finding(eval: &ReportEvaluation, pack: &Pack, f: &Finding, renderer: &Renderer) -> String {
    let doc = &eval.analysis.doc;
    let title = level(f.severity).primary_title(f.message.as_str()).id(f.rule.as_str());
    let mut group = if f.spans.is_empty() {
        Group::with_title(title).element(Origin::path(doc.path.as_str()))
    } else {
        // The snippet is the span of the lines involved, so line numbers stay right.
        let first = doc.locate(f.spans[0].start).line;
        let shown = &f.spans[..f.spans.len().min(MAX_SPANS)];
        let last = shown.iter().map(|s| doc.locate(s.end.saturating_sub(1).max(s.start)).line).max().unwrap_or(first);
        let lo = shown.iter().map(|s| doc.locate(s.start).line).min().unwrap_or(first);
        let start = doc.line_span(lo).start;
        let end = doc.line_span(last).end;
        let source = &doc.text[start..end];
        let mut snippet = Snippet::source(source).line_start(lo);
        // Word users find places by paragraph: "--> 草稿.docx 第12段"; line numbers are paragraphs.
        if doc.format != SourceFormat::Docx {
            snippet = snippet.path(doc.path.as_str());
        }
        for (i, s) in shown.iter().enumerate() {
            let kind = if i == 0 { AnnotationKind::Primary } else { AnnotationKind::Context };
            let (a, b) = (s.start.clamp(start, end) - start, s.end.clamp(start, end) - start);
            snippet = snippet.annotation(kind.span(a..b));
        }
        let group = title.element(snippet);
        if doc.format == SourceFormat::Docx {
            // Word users find places by paragraph, so the place is named 第N段 and the numbers on
            // the left are paragraph numbers.
            group.element(Level::NOTE.with_name("位置").message(format!("{} 第{first}段", doc.path)))
        } else {
            group
        }
    };
    if f.spans.len() > MAX_SPANS {
        group = group
            .element(Level::NOTE.with_name("说明").message(format!("另有 {} 处类似情况", f.spans.len() - MAX_SPANS)));
    }
    if !f.evidence.is_empty() {
        group = group.element(Level::NOTE.with_name("依据").message(f.evidence.join("、")));
    }
    if let Some(help) = &f.help {
        group = group.element(Level::HELP.with_name("如何改正").message(help.as_str()));
    }
    if let Some(reason) = &f.waived {
        group = group.element(Level::NOTE.with_name("已豁免").message(reason.as_str()));
    } else if f.points > 0.0 {
        let criterion = f
            .criterion
            .as_deref()
            .and_then(|c| pack.config.rubric.criteria.get(c))
            .map_or(String::new(), |c| format!("（{}）", c.name));
        let veto = if f.veto { "，一票否决" } else { "" };
        group = group
            .element(Level::NOTE.with_name("扣分").message(format!("{} 分{criterion}{veto}", fmt_points(f.points))));
    } else if f.veto {
        group = group.element(Level::NOTE.with_name("扣分").message("一票否决"));
    }
    let report: [Group; 1] = [group];
    renderer.render(&report)
}

/// 2 rather than 2.0, 1.5 as is.
pub fn fmt_points(p: f64) -> String {
    let r = crate::util::number::round1(p);
    if r.fract() == 0.0 { format!("{}", r as i64) } else { format!("{r:.1}") }
}
