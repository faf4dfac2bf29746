//! The Markdown rendering.

use std::io::Write;

use super::{bursts_text, p_text, share_sparkline};
use crate::report::Report;

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
    write!(
        out,
        "{} documents ({} dated, {} undated), {} passages, {} terms.",
        c.documents, c.dated, c.undated, c.passages, c.features
    )?;
    if let (Some(from), Some(to)) = (&c.from, &c.to) {
        write!(
            out,
            " Dates {from} to {to}, {} periods by {}{}.",
            tl.periods.len(),
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
        "{} themes by {:?}; relative reconstruction error {:.3}.",
        r.model.n_themes, r.model.kind, r.model.relative_error
    )?;
    writeln!(out)?;
    writeln!(out, "## Themes")?;
    writeln!(out)?;
    writeln!(
        out,
        "| id | theme | share | over time | trend | slope (pts/yr) | p | bursts | peak | coherence |"
    )?;
    writeln!(out, "|---:|---|---:|---|---|---:|---:|---|---|---:|")?;
    for (t, depth) in super::outline(r) {
        writeln!(
            out,
            "| {} | {} | {:.1}% | {} | {} | {} | {} | {} | {} | {:+.3} |",
            t.id,
            cell(&super::outline_label(t, depth)).replace("  ", "&nbsp;&nbsp;"),
            t.share * 100.0,
            share_sparkline(r, t.id, 32),
            t.trend.direction,
            t.trend
                .slope_per_year
                .map(|s| format!("{:+.2}", s * 100.0))
                .unwrap_or_default(),
            t.trend.p_value.map(p_text).unwrap_or_default(),
            cell(&bursts_text(t)),
            t.peak_period.as_deref().unwrap_or(""),
            t.coherence
        )?;
    }
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
    let buckets = [("undated", &tl.undated), ("imprecise", &tl.imprecise)];
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
            buckets
                .iter()
                .filter(|(_, b)| b.documents > 0)
                .map(|(n, b)| (n.to_string(), b.documents, &b.shares)),
        );
    for (name, docs, period_shares) in rows {
        write!(out, "| {name} | {docs} |")?;
        for t in &r.themes {
            match period_shares.get(t.id) {
                Some(s) if docs > 0 => write!(out, " {:.1} |", s.share * 100.0)?,
                _ => write!(out, " |")?,
            }
        }
        writeln!(out)?;
    }
    for t in &r.themes {
        writeln!(out)?;
        writeln!(out, "## {}. {}", t.id, cell(&t.label))?;
        writeln!(out)?;
        writeln!(out, "- **Terms:** {}", cell(&t.terms.join(", ")))?;
        writeln!(out, "- **Trend:** {}", super::trend_text(t))?;
        if let (Some(first), Some(peak)) = (&t.first_period, &t.peak_period) {
            writeln!(out, "- **First / peak period:** {first} / {peak}")?;
        }
        let bursts = bursts_text(t);
        if !bursts.is_empty() {
            writeln!(out, "- **Bursts:** {bursts}")?;
        }
        if !t.terms_by_period.is_empty() {
            let shifts: Vec<String> = t
                .terms_by_period
                .iter()
                .filter(|p| Some(&p.period) == t.peak_period.as_ref())
                .chain(t.terms_by_period.first())
                .chain(t.terms_by_period.last())
                .map(|p| format!("{}: {}", p.period, cell(&p.terms.join(", "))))
                .collect();
            writeln!(out, "- **Terms by period:** {}", shifts.join("; "))?;
        }
        for s in &t.snippets {
            writeln!(out)?;
            writeln!(
                out,
                "> {}  \n> — `{}` ({}), bytes {}..{}",
                cell(&s.text),
                s.document.replace('`', "'"),
                s.date.as_deref().unwrap_or("undated"),
                s.start,
                s.end
            )?;
        }
    }
    Ok(())
}
