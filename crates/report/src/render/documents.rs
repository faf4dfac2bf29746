//! The documents CSV: one row per document with what every share is
//! computed from.

use std::io::Write;

use crate::report::Report;

/// Column names before the theme columns: `id`, `date` (blank when
/// undated), `period` (its period's label, or `undated`, `imprecise` or
/// `outside`), `length` (bytes of analysed text: the document's weight in
/// every share) and `reason` (why a document has no themes; blank when it
/// has some). Then one column `theme_<id>` per theme with the document's
/// weight in full precision (0 where the theme is absent; all blank for a
/// document without themes), and, when the report has general language, a
/// last column `general_language` with its share; a row's weights sum to 1.
/// A period's share of theme `t` is `Σ length · theme_t / Σ length` over its
/// rows with weights.
pub(crate) const HEADER: [&str; 5] = ["id", "date", "period", "length", "reason"];

pub(super) fn write(r: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let mut header: Vec<String> = HEADER.iter().map(|s| s.to_string()).collect();
    header.extend(r.themes.iter().map(|t| format!("theme_{}", t.id)));
    let general = r.general_language.is_some();
    if general {
        header.push("general_language".to_string());
    }
    w.write_record(&header).map_err(super::csv::csv_io)?;
    for d in &r.documents {
        let mut row = vec![
            d.themes.id.clone(),
            d.themes.date.clone().unwrap_or_default(),
            d.period.clone().unwrap_or_default(),
            d.length.to_string(),
            d.themes.reason.clone().unwrap_or_default(),
        ];
        let has_weights = !d.themes.themes.is_empty() || d.themes.general_language > 0.0;
        for t in &r.themes {
            let weight = d.themes.themes.iter().find(|w| w.id == t.id);
            row.push(match (has_weights, weight) {
                (false, _) => String::new(),
                (true, Some(w)) => w.weight.to_string(),
                (true, None) => "0".to_string(),
            });
        }
        if general {
            row.push(if has_weights {
                d.themes.general_language.to_string()
            } else {
                String::new()
            });
        }
        w.write_record(&row).map_err(super::csv::csv_io)?;
    }
    w.flush()
}
