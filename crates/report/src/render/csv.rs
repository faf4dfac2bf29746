//! The CSV rendering, long format: one row per period (or bucket) and
//! node of the theme tree (the fine themes, then the broader ones), then
//! the period's general-language share (`theme_id` `general`). A period's
//! rows of `level` `theme` and `general` sum to 1; so do its `group` rows
//! with the `theme` rows whose `parent` is blank and the `general` row.

use std::io::Write;

use crate::report::Report;

/// Column names, in order. `documents` is the period's number of documents
/// (repeated on each of its rows), `dominant_documents` how many of them the
/// theme dominates. `share`, `ci_low` and `ci_high` are blank where they do
/// not exist (an empty period has neither share nor interval). `partial`: whether the period is only partly covered by the
/// data. `key_terms`: the theme's key terms, joined by "; ". `level`:
/// `theme` (a fine theme), `group` (a broader theme over fine ones) or
/// `general` (general language); a reader summing shares picks one cut of
/// the tree, as the module docs say. `parent`: the id of the broader theme a fine
/// theme is part of, blank when it is in none.
pub(crate) const HEADER: [&str; 14] = [
    "period",
    "start",
    "end",
    "documents",
    "theme_id",
    "label",
    "share",
    "ci_low",
    "ci_high",
    "dominant_documents",
    "partial",
    "key_terms",
    "level",
    "parent",
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
                   bucket: (usize, &[tidings_timeline::ThemeShare]),
                   general: Option<&tidings_timeline::ThemeShare>|
     -> std::io::Result<()> {
        let (documents, shares) = bucket;
        let nodes =
            (r.themes.iter().map(|t| (t, "theme"))).chain(r.groups.iter().map(|g| (g, "group")));
        let themes = nodes.filter_map(|(t, level)| {
            shares.get(t.id).map(|s| {
                (
                    t.id.to_string(),
                    t.label.as_str(),
                    t.key_terms.join("; "),
                    s,
                    level,
                    t.parent.map(|p| p.to_string()).unwrap_or_default(),
                )
            })
        });
        let general = general.map(|s| {
            (
                "general".to_string(),
                "general language",
                String::new(),
                s,
                "general",
                String::new(),
            )
        });
        for (id, label, key_terms, s, level, parent) in themes.chain(general) {
            w.write_record([
                period,
                &start,
                &end,
                &documents.to_string(),
                &id,
                label,
                &opt(s.share),
                &opt(s.ci_low),
                &opt(s.ci_high),
                &s.documents.to_string(),
                partial,
                &key_terms,
                level,
                &parent,
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
            (p.documents, &p.shares),
            general.and_then(|g| g.periods.get(i)).map(|g| &g.share),
        )?;
    }
    for (kind, b) in super::buckets(tl) {
        row(
            super::bucket_name(kind),
            String::new(),
            String::new(),
            "",
            (b.documents, &b.shares),
            general.map(|g| g.bucket(kind)),
        )?;
    }
    w.flush()
}

pub(super) fn csv_io(e: ::csv::Error) -> std::io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}
