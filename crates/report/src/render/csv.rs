//! The CSV rendering, long format: one row per period (or bucket) and theme.

use std::io::Write;

use crate::report::Report;

/// Column names, in order: the documented nine, whether the period is only
/// partly covered by the data, and the theme's key terms (joined by "; ").
pub(crate) const HEADER: [&str; 11] = [
    "period",
    "start",
    "end",
    "theme_id",
    "label",
    "share",
    "ci_low",
    "ci_high",
    "documents",
    "partial",
    "key_terms",
];

pub(super) fn write(r: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(HEADER).map_err(csv_io)?;
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let tl = &r.timeline;
    let mut row = |period: &str,
                   start: String,
                   end: String,
                   partial: &str,
                   shares: &[tidings_timeline::ThemeShare]|
     -> std::io::Result<()> {
        for t in &r.themes {
            let Some(s) = shares.get(t.id) else { continue };
            let key_terms = t.key_terms.join("; ");
            w.write_record([
                period,
                &start,
                &end,
                &t.id.to_string(),
                &t.label,
                &s.share.to_string(),
                &opt(s.ci_low),
                &opt(s.ci_high),
                &s.documents.to_string(),
                partial,
                &key_terms,
            ])
            .map_err(csv_io)?;
        }
        Ok(())
    };
    for p in &tl.periods {
        row(
            &p.period,
            p.start.to_string(),
            p.end.to_string(),
            if p.partial { "true" } else { "false" },
            &p.shares,
        )?;
    }
    if tl.undated.documents > 0 {
        row(
            "undated",
            String::new(),
            String::new(),
            "",
            &tl.undated.shares,
        )?;
    }
    if tl.imprecise.documents > 0 {
        row(
            "imprecise",
            String::new(),
            String::new(),
            "",
            &tl.imprecise.shares,
        )?;
    }
    w.flush()
}

fn csv_io(e: ::csv::Error) -> std::io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}
