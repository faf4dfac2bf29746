//! Per-period top terms of each theme ("topics over time").

use crate::error::TimelineError;
use crate::timeline::{Placement, TimelineDocument, TimelineReport};

/// `result[theme][period]`: `(term index, score)` pairs, best first.
pub type TopTerms = Vec<Vec<Vec<(usize, f64)>>>;

/// Top `n` term indices of each theme in each period, every term of a
/// document counted for all its themes in proportion to their weights:
/// [`top_theme_terms_by_period`] with the same weight for every term.
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
    documents: &[TimelineDocument<'_>],
    term_rows: &[&[(usize, f64)]],
    n: usize,
) -> Result<TopTerms, TimelineError> {
    top_theme_terms_by_period(report, documents, term_rows, n, |_, _| 1.0)
}

/// Top `n` term indices of each theme in each period: the terms the theme
/// itself contributes there.
///
/// Each term of a document is shared among the document's themes in
/// proportion to `ŵ_dt · h(t, w)`, where `h(t, w) ≥ 0` is the term's weight
/// in theme `t` (the theme model's component; negative values count as 0).
/// This is the attribution of a factorisation `X ≈ W·H`: the part of
/// `x_dw` that theme `t` explains is `x_dw · w_dt h_tw / Σ_s w_ds h_sw`
/// (the E-step of the multiplicative NMF updates under the KL divergence,
/// Lee & Seung 2001). The score of `w` for `t` in period `p` is the sum of
/// these parts over the period's documents, so a theme with a small weight
/// in long documents does not inherit their general vocabulary ("said",
/// "including"). Terms no theme has are left out. Errors and ordering as
/// [`top_terms_by_period`].
///
/// # Errors
/// As [`top_terms_by_period`].
pub fn top_theme_terms_by_period<H>(
    report: &TimelineReport,
    documents: &[TimelineDocument<'_>],
    term_rows: &[&[(usize, f64)]],
    n: usize,
    h: H,
) -> Result<TopTerms, TimelineError>
where
    H: Fn(usize, usize) -> f64,
{
    let placements = &report.placements;
    if term_rows.len() != placements.len() || documents.len() != placements.len() {
        return Err(TimelineError::TermRowCount {
            rows: term_rows.len().min(documents.len()),
            documents: placements.len(),
        });
    }
    let themes = report.themes.len();
    let periods = report.timeline.periods.len();
    // The documents of each period, in document order.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); periods];
    for (d, (placement, doc)) in placements.iter().zip(documents).enumerate() {
        if doc.weights.len() != themes {
            return Err(TimelineError::WeightCount {
                document: d,
                expected: themes,
                found: doc.weights.len(),
            });
        }
        if let Placement::Period(p) = *placement {
            if let Some(m) = members.get_mut(p) {
                m.push(d);
            }
        }
    }
    // One period at a time: a dense `terms seen × themes` block of scores,
    // with `slot` mapping a term index to its row in the block.
    let n_terms = term_rows
        .iter()
        .flat_map(|r| r.iter().map(|&(t, _)| t + 1))
        .max()
        .unwrap_or(0);
    let mut slot = vec![usize::MAX; n_terms];
    let mut seen: Vec<usize> = Vec::new();
    let mut block: Vec<f64> = Vec::new();
    let mut share = vec![0.0; themes];
    let mut part = vec![0.0; themes];
    let mut result: TopTerms = vec![Vec::with_capacity(periods); themes];
    for docs in &members {
        for &d in docs {
            let (Some(doc), Some(row)) = (documents.get(d), term_rows.get(d)) else {
                continue;
            };
            let sum: f64 = doc.weights.iter().sum();
            if sum <= 0.0 {
                continue;
            }
            for (s, &w) in share.iter_mut().zip(doc.weights) {
                *s = if w > 0.0 { w / sum } else { 0.0 };
            }
            for &(term, count) in row.iter() {
                let mut explained = 0.0;
                for (t, (p, &s)) in part.iter_mut().zip(&share).enumerate() {
                    *p = if s > 0.0 {
                        s * h(t, term).max(0.0)
                    } else {
                        0.0
                    };
                    explained += *p;
                }
                if explained <= 0.0 {
                    continue;
                }
                let Some(at) = slot.get_mut(term) else {
                    continue;
                };
                if *at == usize::MAX {
                    *at = seen.len();
                    seen.push(term);
                    block.resize(block.len() + themes, 0.0);
                }
                let start = *at * themes;
                if let Some(cells) = block.get_mut(start..start + themes) {
                    for (cell, &p) in cells.iter_mut().zip(&part) {
                        if p > 0.0 {
                            *cell += count * p / explained;
                        }
                    }
                }
            }
        }
        for (t, per_period) in result.iter_mut().enumerate() {
            let mut terms: Vec<(usize, f64)> = seen
                .iter()
                .enumerate()
                .filter_map(|(i, &term)| {
                    let s = block.get(i * themes + t).copied().unwrap_or(0.0);
                    (s > 0.0).then_some((term, s))
                })
                .collect();
            let order =
                |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if terms.len() > n && n > 0 {
                terms.select_nth_unstable_by(n - 1, order);
            }
            terms.truncate(n);
            terms.sort_by(order);
            per_period.push(terms);
        }
        for &term in &seen {
            if let Some(at) = slot.get_mut(term) {
                *at = usize::MAX;
            }
        }
        seen.clear();
        block.clear();
    }
    Ok(result)
}
