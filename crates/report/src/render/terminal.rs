//! The terminal rendering: a summary, then one block per theme with a
//! sparkline of its share over the periods, its trend and its bursts.

use std::io::Write;

use super::{
    bursts_text, corpus_line, count, general_line, model_name, outline, outline_label,
    selection_line, share_sparkline, trend_text,
};
use crate::report::{ModelSource, Report};

/// Widest sparkline, in characters.
const SPARK_WIDTH: usize = 48;

pub(super) fn write(r: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let c = &r.corpus;
    let tl = &r.timeline;
    writeln!(out, "{}", corpus_line(r))?;
    if let (Some(from), Some(to)) = (&c.from, &c.to) {
        writeln!(
            out,
            "dates {from} to {to}; {} by {}{}",
            count(tl.periods.len(), "period"),
            tl.granularity,
            if tl.auto { " (chosen by auto)" } else { "" }
        )?;
    }
    if c.skipped > 0 {
        writeln!(out, "{} inputs skipped (see the warnings)", c.skipped)?;
    }
    let m = &r.model;
    let how = match m.source {
        ModelSource::Fitted => "fitted",
        ModelSource::Loaded => "from the saved model",
    };
    write!(
        out,
        "{} by {}, {how}",
        count(m.n_themes, "theme"),
        model_name(m.kind)
    )?;
    if let Some(it) = m.iterations {
        write!(
            out,
            "; {it} iterations{}",
            if m.converged == Some(true) {
                " (converged)"
            } else {
                " (iteration limit)"
            }
        )?;
    }
    writeln!(out, "; relative error {:.3}", m.relative_error)?;
    if let Some(line) = selection_line(&m.selection) {
        writeln!(out, "{line}")?;
    }
    if let Some(line) = super::parallel_analysis_line(m.parallel_analysis.as_ref()) {
        writeln!(out, "{line}")?;
    }
    if let Some(line) = super::specificity_line(m.specificity.as_ref()) {
        writeln!(out, "{line}")?;
    }
    if let Some(line) = general_line(r) {
        writeln!(out, "{line}")?;
    }
    if let Some(line) = super::labels_line(r) {
        writeln!(out, "{line}")?;
    }
    if let (Some(first), Some(last)) = (tl.periods.first(), tl.periods.last()) {
        writeln!(out)?;
        writeln!(
            out,
            "share of the corpus per {} from {} to {}{}:",
            tl.granularity,
            first.period,
            last.period,
            if tl.periods.len() > SPARK_WIDTH {
                " (periods averaged to fit)"
            } else {
                ""
            }
        )?;
    }
    for (t, depth) in outline(r) {
        writeln!(out)?;
        writeln!(
            out,
            "{:>3}  {}{}{}",
            t.id,
            outline_label(t, depth),
            super::key_terms_text(&t.key_terms),
            if t.seeded { "  (from theme file)" } else { "" }
        )?;
        if !r.timeline.periods.is_empty() {
            writeln!(out, "     {}", share_sparkline(r, t.id, SPARK_WIDTH))?;
        }
        write!(out, "     share {:.1}%  {}", t.share * 100.0, trend_text(t))?;
        if let Some(peak) = &t.peak_period {
            write!(out, "  peak {peak}")?;
        }
        let bursts = bursts_text(t);
        if !bursts.is_empty() {
            write!(out, "  bursts {bursts}")?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "     coherence {:+.3}  exclusivity {:.2}",
            t.coherence, t.exclusivity
        )?;
        writeln!(out, "     terms: {}", t.terms.join(", "))?;
        for s in &t.snippets {
            writeln!(out, "     - {}: {}", s.citation(), s.text)?;
        }
    }
    if tl.undated.documents > 0 {
        writeln!(out)?;
        let mut top: Vec<(usize, f64)> = tl
            .undated
            .shares
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((i, s.share?)))
            .collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let names: Vec<String> = top
            .iter()
            .take(3)
            .filter(|(_, s)| *s > 0.0)
            .filter_map(|(i, s)| {
                r.themes
                    .get(*i)
                    .map(|t| format!("{} {:.0}%", t.label, s * 100.0))
            })
            .collect();
        writeln!(
            out,
            "undated: {}; top themes: {}",
            count(tl.undated.documents, "document"),
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        )?;
    }
    if tl.imprecise.documents > 0 {
        writeln!(
            out,
            "{} dated less precisely than a {} counted in no period",
            count(tl.imprecise.documents, "document"),
            tl.granularity
        )?;
    }
    if tl.outside.documents > 0 {
        let listed: Vec<String> = tl
            .outside
            .periods
            .iter()
            .map(|p| format!("{} {}", p.period, p.documents))
            .collect();
        writeln!(
            out,
            "outside the range: {} with stray dates ({}), counted in the themes but kept out of the periods",
            count(tl.outside.documents, "document"),
            listed.join(", ")
        )?;
    }
    if !r.timeline.periods.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", super::TREND_LEGEND)?;
    }
    Ok(())
}
