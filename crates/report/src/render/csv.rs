//! The CSV rendering, long format: one row per period (or bucket) and
//! theme, then the period's general-language share (`theme_id` `general`),
//! so that a period's rows sum to 1.

use std::io::Write;

use crate::report::Report;

/// Column names, in order: the documented nine, then whether the period is
/// only partly covered by the data.
pub(crate) const HEADER: [&str; 10] = [
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
                   shares: &[tidings_timeline::ThemeShare],
                   general: Option<&tidings_timeline::ThemeShare>|
     -> std::io::Result<()> {
        let themes = r.themes.iter().filter_map(|t| {
            shares
                .get(t.id)
                .map(|s| (t.id.to_string(), t.label.as_str(), s))
        });
        let general = general.map(|s| ("general".to_string(), "general language", s));
        for (id, label, s) in themes.chain(general) {
            w.write_record([
                period,
                &start,
                &end,
                &id,
                label,
                &s.share.to_string(),
                &opt(s.ci_low),
                &opt(s.ci_high),
                &s.documents.to_string(),
                partial,
            ])
            .map_err(csv_io)?;
        }
        Ok(())
    };
    let general = r.general_language.as_ref();
    for (i, p) in tl.periods.iter().enumerate() {
        row(
            &p.period,
            p.start.to_string(),
            p.end.to_string(),
            if p.partial { "true" } else { "false" },
            &p.shares,
            general.and_then(|g| g.periods.get(i)).map(|g| &g.share),
        )?;
    }
    if tl.undated.documents > 0 {
        row(
            "undated",
            String::new(),
            String::new(),
            "",
            &tl.undated.shares,
            general.map(|g| &g.undated),
        )?;
    }
    if tl.imprecise.documents > 0 {
        row(
            "imprecise",
            String::new(),
            String::new(),
            "",
            &tl.imprecise.shares,
            general.map(|g| &g.imprecise),
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
