//! Per-period top terms of each theme ("topics over time").

use rustc_hash::FxHashMap;

use crate::error::TimelineError;
use crate::report::{Document, Placement, TimelineReport};

/// `result[theme][period]`: `(term index, score)` pairs, best first.
pub type TopTerms = Vec<Vec<Vec<(usize, f64)>>>;

/// Top `n` term indices of each theme in each period.
///
/// The score of term `w` for theme `t` in period `p` is
/// `Σ_{d ∈ p} ŵ_dt · c_dw`, where `ŵ_dt` is document `d`'s theme weight
/// normalised to sum 1 and `c_dw` its value for term `w` in `term_rows[d]`
/// (raw counts or TF-IDF weights, as the caller prefers). Terms with a zero
/// score are left out; ties are broken by the lower term index.
///
/// Returns `result[theme][period]`, a list of `(term index, score)` in
/// decreasing score order.
///
/// # Errors
/// [`TimelineError::TermRowCount`] when `term_rows` and `documents` do not
/// both have one entry per placed document of `report`, and
/// [`TimelineError::WeightCount`] when a document has the wrong number of
/// theme weights.
pub fn top_terms_by_period(
    report: &TimelineReport,
    documents: &[Document<'_>],
    term_rows: &[&[(usize, f64)]],
    n: usize,
) -> Result<TopTerms, TimelineError> {
    let placements = &report.placements;
    if term_rows.len() != placements.len() || documents.len() != placements.len() {
        return Err(TimelineError::TermRowCount {
            rows: term_rows.len().min(documents.len()),
            documents: placements.len(),
        });
    }
    let themes = report.themes.len();
    let periods = report.timeline.periods.len();
    let mut scores: Vec<Vec<FxHashMap<usize, f64>>> =
        vec![vec![FxHashMap::default(); periods]; themes];
    for (d, ((placement, doc), row)) in placements.iter().zip(documents).zip(term_rows).enumerate()
    {
        if doc.weights.len() != themes {
            return Err(TimelineError::WeightCount {
                document: d,
                expected: themes,
                found: doc.weights.len(),
            });
        }
        let Placement::Period(p) = *placement else {
            continue;
        };
        let sum: f64 = doc.weights.iter().sum();
        if sum <= 0.0 {
            continue;
        }
        for (t, &w) in doc.weights.iter().enumerate() {
            if w <= 0.0 {
                continue;
            }
            let Some(map) = scores.get_mut(t).and_then(|s| s.get_mut(p)) else {
                continue;
            };
            for &(term, count) in row.iter() {
                *map.entry(term).or_insert(0.0) += w / sum * count;
            }
        }
    }
    Ok(scores
        .into_iter()
        .map(|per_period| {
            per_period
                .into_iter()
                .map(|map| {
                    let mut terms: Vec<(usize, f64)> =
                        map.into_iter().filter(|&(_, s)| s > 0.0).collect();
                    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                    terms.truncate(n);
                    terms
                })
                .collect()
        })
        .collect())
}
