//! The Markdown rendering.

use std::io::Write;

use super::{bursts_text, p_text, share_sparkline};
use crate::report::Report;
use tidings_timeline::ThemeShare;

/// Escapes the characters that would break a table cell or start markup.
fn cell(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' => {
                s.push('\\');
                s.push(c);
            }
            '\n' | '\r' => s.push(' '),
            _ => s.push(c),
        }
    }
    s
}

pub(super) fn write(r: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let c = &r.corpus;
    let tl = &r.timeline;
    writeln!(out, "# Themes over time")?;
    writeln!(out)?;
    write!(out, "{}.", super::corpus_line(r))?;
    if let (Some(from), Some(to)) = (&c.from, &c.to) {
        write!(
            out,
            " Dates {from} to {to}, {} by {}{}.",
            super::count(tl.periods.len(), "period"),
            tl.granularity,
            if tl.auto {
                " (chosen automatically)"
            } else {
                ""
            }
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} by {}; relative reconstruction error {:.3}.",
        super::count(r.model.n_themes, "theme"),
        super::model_name(r.model.kind),
        r.model.relative_error
    )?;
    if let Some(line) = super::parallel_analysis_line(r.model.parallel_analysis.as_ref()) {
        writeln!(out)?;
        writeln!(out, "{}.", cell(&line))?;
    }
    if let Some(line) = super::specificity_line(r.model.specificity.as_ref()) {
        writeln!(out)?;
        writeln!(out, "{}.", cell(&line))?;
    }
    if let Some(line) = super::labels_line(r) {
        writeln!(out)?;
        writeln!(out, "{}.", cell(&line))?;
    }
    writeln!(out)?;
    writeln!(out, "## Themes")?;
    writeln!(out)?;
    writeln!(
        out,
        "| id | theme | key terms | share | over time | trend | slope (pts/yr) | p | bursts | peak | coherence |"
    )?;
    writeln!(out, "|---:|---|---|---:|---|---|---:|---:|---|---|---:|")?;
    for (t, depth) in super::outline(r) {
        writeln!(
            out,
            "| {} | {} | {} | {:.1}% | {} | {} | {} | {} | {} | {} | {:+.3} |",
            t.id,
            cell(&super::outline_label(t, depth)).replace("  ", "&nbsp;&nbsp;"),
            cell(&t.key_terms.join(", ")),
            t.share * 100.0,
            share_sparkline(r, t.id, 32),
            t.trend.direction,
            t.trend
                .slope_per_year
                .map(|s| format!("{:+.2}", s * 100.0))
                .unwrap_or_default(),
            cell(&t.trend.p_value.map(p_text).unwrap_or_default()),
            cell(&bursts_text(t)),
            t.peak_period.as_deref().unwrap_or(""),
            t.coherence
        )?;
    }
    writeln!(out)?;
    writeln!(out, "_{}._", super::TREND_LEGEND)?;
    if let Some(line) = super::general_line(r) {
        writeln!(out)?;
        writeln!(out, "{}", cell(&line))?;
    }
    writeln!(out)?;
    writeln!(out, "## Shares by period (%)")?;
    writeln!(out)?;
    write!(out, "| period | documents |")?;
    for t in &r.themes {
        write!(out, " {} |", t.id)?;
    }
    writeln!(out)?;
    write!(out, "|---|---:|")?;
    for _ in &r.themes {
        write!(out, "---:|")?;
    }
    writeln!(out)?;
    let rows = tl
        .periods
        .iter()
        .map(|p| {
            let name = if p.partial {
                format!("{} (partial)", p.period)
            } else {
                p.period.clone()
            };
            (name, p.documents, &p.shares)
        })
        .chain(
            super::buckets(tl)
                .map(|(k, b)| (super::bucket_name(k).to_string(), b.documents, &b.shares)),
        );
    for (name, docs, period_shares) in rows {
        write!(out, "| {name} | {docs} |")?;
        for t in &r.themes {
            match period_shares.get(t.id) {
                Some(ThemeShare {
                    share: Some(share), ..
                }) => write!(out, " {:.1} |", share * 100.0)?,
                _ => write!(out, " |")?,
            }
        }
        writeln!(out)?;
    }
    for t in &r.themes {
        writeln!(out)?;
        writeln!(out, "## {}. {}", t.id, cell(&t.label))?;
        writeln!(out)?;
        writeln!(out, "- **Key terms:** {}", cell(&t.key_terms.join(", ")))?;
        writeln!(out, "- **Terms:** {}", cell(&t.terms.join(", ")))?;
        writeln!(out, "- **Trend:** {}", cell(&super::trend_text(t)))?;
        if let (Some(first), Some(peak)) = (&t.first_period, &t.peak_period) {
            writeln!(out, "- **First / peak period:** {first} / {peak}")?;
        }
        let bursts = bursts_text(t);
        if !bursts.is_empty() {
            writeln!(out, "- **Bursts:** {bursts}")?;
        }
        if !t.terms_by_period.is_empty() {
            // The first, peak and last periods, each once, in period order.
            let last = t.terms_by_period.len() - 1;
            let shifts: Vec<String> = t
                .terms_by_period
                .iter()
                .enumerate()
                .filter(|(i, p)| *i == 0 || *i == last || Some(&p.period) == t.peak_period.as_ref())
                .map(|(_, p)| format!("{}: {}", p.period, cell(&p.terms.join(", "))))
                .collect();
            writeln!(out, "- **Terms by period:** {}", shifts.join("; "))?;
        }
        for s in &t.snippets {
            writeln!(out)?;
            writeln!(
                out,
                // Byte offsets are for programs; they stay in the JSON.
                "> {}  \n> — {}",
                cell(&s.text),
                cell(&s.citation())
            )?;
        }
    }
    documents(r, out)
}

/// Every document with its period, length and theme weights in full
/// precision, so that every share can be recomputed from the page.
fn documents(r: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(out, "## Documents")?;
    writeln!(out)?;
    writeln!(out, "{}", super::RECOMPUTE_NOTE)?;
    writeln!(out)?;
    writeln!(out, "| document | date | period | length | theme weights |")?;
    writeln!(out, "|---|---|---|---:|---|")?;
    for d in &r.documents {
        let weights = match &d.themes.reason {
            Some(reason) if d.themes.themes.is_empty() => format!("no themes: {reason}"),
            _ => super::weights_text(d),
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&d.themes.id),
            d.themes.date.as_deref().unwrap_or("undated"),
            cell(d.period.as_deref().unwrap_or("")),
            d.length,
            cell(&weights)
        )?;
    }
    Ok(())
}
