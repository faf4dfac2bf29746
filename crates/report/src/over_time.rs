//! Every node of the theme tree over time: the fine themes, general
//! language and the broader themes, from documents given by date, length
//! and weights. [`ReportBuilder::build`](crate::ReportBuilder::build) and
//! the Python package's Spark timeline both time their documents here, so
//! that a timeline gathered on a cluster is the report's own.

use tidings_timeline::{
    DocumentDate, ThemeShare, ThemeTimeline, TimelineDocument, TimelineError, TimelineReport,
    ValidTimelineParams,
};

use crate::report::PeriodShare;

/// The tree's nodes over time. See [`themes_over_time`].
#[derive(Debug, Clone)]
pub struct ThemesOverTime {
    /// The periods and buckets, with the fine themes' shares (ids `0..k`)
    /// followed by the broader themes' (ids `k..`), and the fine themes'
    /// trends and bursts; `placements` says where each document went.
    pub timeline: TimelineReport,
    /// The broader themes' trends and bursts, in group order.
    pub groups: Vec<ThemeTimeline>,
    /// General language over time, when the documents carry its share.
    pub general: Option<GeneralOverTime>,
}

/// The general-language share in every period and bucket.
#[derive(Debug, Clone)]
pub struct GeneralOverTime {
    /// The share in every period, in order.
    pub periods: Vec<PeriodShare>,
    /// The share among undated documents.
    pub undated: ThemeShare,
    /// The share among documents dated less precisely than the periods.
    pub imprecise: ThemeShare,
    /// The share among stray dates kept out of the period range.
    pub outside: ThemeShare,
}

/// The theme tree whose nodes are timed: `k` fine themes, each with its
/// broader theme (`parent`, an index into `groups`) or none, and each
/// broader theme's children.
#[derive(Debug, Clone, Copy)]
pub struct ThemeTree<'a> {
    /// The broader theme of every fine theme, in theme order.
    pub parents: &'a [Option<usize>],
    /// The fine themes of every broader theme, in group order.
    pub groups: &'a [&'a [usize]],
}

/// Times every node of `tree` over `documents`.
///
/// Each document's `weights` holds its fine themes' weights (`k` of them,
/// `k = tree.parents.len()`), followed by its general-language share when
/// `general` is set; they sum to 1 (or are empty for a document without
/// themes), so each period's shares do too.
///
/// The fine themes and general language are timed together. The broader
/// themes are timed on a second partition of the same documents (broader
/// themes, fine themes outside any, general language) in which only the
/// broader themes are reported ([`ValidTimelineParams::build_leading`]):
/// the others are timed already and only weigh there.
///
/// # Errors
/// [`TimelineError`] when the timeline cannot be built (for example an
/// explicit granularity that needs too many periods), or when a document's
/// weights do not have `k` (+ 1) entries.
pub fn themes_over_time(
    params: &ValidTimelineParams,
    tree: ThemeTree<'_>,
    general: bool,
    documents: &[TimelineDocument<'_>],
) -> Result<ThemesOverTime, TimelineError> {
    let k = tree.parents.len();
    let mut timeline = params.build(k + usize::from(general), documents)?;

    // The general-language column leaves the theme shares: its ids belong
    // to the broader themes.
    let general = general.then(|| {
        let take = |shares: &mut Vec<ThemeShare>| {
            let last = shares.len().checked_sub(1).filter(|&i| i == k);
            last.map(|i| shares.remove(i)).unwrap_or(ThemeShare {
                share: None,
                ci_low: None,
                ci_high: None,
                documents: 0,
            })
        };
        let t = &mut timeline.timeline;
        let periods = t
            .periods
            .iter_mut()
            .map(|p| PeriodShare {
                period: p.period.clone(),
                share: take(&mut p.shares),
            })
            .collect();
        GeneralOverTime {
            periods,
            undated: take(&mut t.undated.shares),
            imprecise: take(&mut t.imprecise.shares),
            outside: take(&mut t.outside.shares),
        }
    });

    let mut groups = Vec::new();
    if !tree.groups.is_empty() {
        let standalone: Vec<usize> = (0..k)
            .filter(|&t| tree.parents.get(t).is_some_and(Option::is_none))
            .collect();
        let rows: Vec<Vec<f64>> = documents
            .iter()
            .map(|d| {
                let row = d.weights;
                let mut out: Vec<f64> = tree
                    .groups
                    .iter()
                    .map(|g| g.iter().filter_map(|&c| row.get(c)).sum())
                    .collect();
                out.extend(standalone.iter().filter_map(|&t| row.get(t)));
                out.extend(row.get(k).filter(|_| general.is_some()));
                out
            })
            .collect();
        let top_documents: Vec<TimelineDocument<'_>> = documents
            .iter()
            .zip(&rows)
            .map(|(d, row)| TimelineDocument {
                date: d.date,
                length: d.length,
                weights: row,
            })
            .collect();
        let columns = tree.groups.len() + standalone.len() + usize::from(general.is_some());
        let top = params.build_leading(columns, tree.groups.len(), &top_documents)?;
        let t = &mut timeline.timeline;
        for (p, q) in t.periods.iter_mut().zip(&top.timeline.periods) {
            p.shares.extend_from_slice(&q.shares);
        }
        t.undated
            .shares
            .extend_from_slice(&top.timeline.undated.shares);
        t.imprecise
            .shares
            .extend_from_slice(&top.timeline.imprecise.shares);
        t.outside
            .shares
            .extend_from_slice(&top.timeline.outside.shares);
        groups = top.themes;
    }
    Ok(ThemesOverTime {
        timeline,
        groups,
        general,
    })
}

/// A corpus date as the timeline takes it (same day, same precision).
pub fn timeline_date(date: tidings_corpus::DocDate) -> DocumentDate {
    use tidings_corpus::DatePrecision;
    use tidings_timeline::Precision;
    DocumentDate {
        date: date.date(),
        precision: match date.precision() {
            DatePrecision::Day => Precision::Day,
            DatePrecision::Month => Precision::Month,
            DatePrecision::Year => Precision::Year,
        },
    }
}
