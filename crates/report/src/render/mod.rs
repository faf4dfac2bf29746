//! Renderings of a [`Report`]: terminal, JSON, CSV, Markdown and HTML.

mod csv;
mod documents;
mod html;
mod markdown;
mod terminal;

use std::io::Write;
use std::str::FromStr;

use tidings_timeline::BucketKind;
use tidings_topics::{CountScore, ParallelAnalysis, SpecificitySummary};

use crate::report::{Report, ReportTheme};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// A table of themes with sparklines, trends and bursts, for a terminal.
    Terminal,
    /// The versioned JSON schema ([`crate::SCHEMA_VERSION`]).
    Json,
    /// Long format: one row per period and node of the theme tree (`level`
    /// `theme` or `group`, with its `parent`), then general language.
    Csv,
    /// Markdown: theme table, per-theme trends, terms and snippets.
    Markdown,
    /// One self-contained HTML page with SVG charts (no scripts, no network).
    Html,
    /// CSV of the documents: one row per document with its date, period,
    /// length and theme weights, from which every share can be recomputed.
    Documents,
}

impl Format {
    /// Every format, in documentation order.
    pub const ALL: [Format; 6] = [
        Format::Terminal,
        Format::Json,
        Format::Csv,
        Format::Markdown,
        Format::Html,
        Format::Documents,
    ];

    /// The format's name, as accepted by [`FromStr`].
    pub fn name(self) -> &'static str {
        match self {
            Format::Terminal => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Documents => "documents",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "table" | "terminal" => Ok(Format::Terminal),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "markdown" | "md" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            "documents" => Ok(Format::Documents),
            other => Err(format!(
                "unknown format {other:?}: expected table, json, csv, markdown, html or documents"
            )),
        }
    }
}

/// Every theme in display order with its depth: each broader theme (depth
/// 0) followed by its fine themes (depth 1), and fine themes outside any
/// broader theme (depth 0), in the order of their smallest fine theme id.
pub(super) fn outline(r: &Report) -> Vec<(&ReportTheme, usize)> {
    let mut out = Vec::with_capacity(r.themes.len() + r.groups.len());
    let mut shown = vec![false; r.groups.len()];
    for t in &r.themes {
        match r.groups.iter().position(|g| Some(g.id) == t.parent) {
            Some(g) => {
                if !shown[g] {
                    shown[g] = true;
                    out.push((&r.groups[g], 0));
                    for c in &r.groups[g].children {
                        out.extend(r.themes.iter().filter(|x| x.id == *c).map(|x| (x, 1)));
                    }
                }
            }
            None => out.push((t, 0)),
        }
    }
    out
}

/// The label of a row of [`outline`]: fine themes under a broader theme
/// are indented; a broader theme names how many themes it holds.
pub(super) fn outline_label(t: &ReportTheme, depth: usize) -> String {
    let indent = "  ".repeat(depth);
    if t.children.is_empty() {
        format!("{indent}{}", t.label)
    } else {
        format!("{indent}{} ({} themes)", t.label, t.children.len())
    }
}

/// The general-language line of the summaries, when there is general
/// language.
pub(super) fn general_line(r: &Report) -> Option<String> {
    r.general_language
        .as_ref()
        .map(|g| general_text(g.share, g.themes, &g.terms))
}

/// `general language (not a theme): 12.3% of the text (with 1 fitted theme
/// found in most passages, mostly beside others); one, people, think`.
pub(crate) fn general_text(share: f64, themes: usize, terms: &[String]) -> String {
    let terms: Vec<&str> = terms.iter().take(8).map(String::as_str).collect();
    let found = match themes {
        0 => String::new(),
        1 => " (with 1 fitted theme found in most passages, mostly beside others)".to_string(),
        n => format!(" (with {n} fitted themes found in most passages, mostly beside others)"),
    };
    format!(
        "general language (not a theme): {:.1}% of the text{found}; {}",
        share * 100.0,
        terms.join(", ")
    )
}

/// Writes `report` in `format` to `out`.
///
/// # Errors
/// The writer's errors.
pub fn render(report: &Report, format: Format, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Terminal => terminal::write(report, out),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, report).map_err(std::io::Error::other)?;
            writeln!(out)
        }
        Format::Csv => csv::write(report, out),
        Format::Markdown => markdown::write(report, out),
        Format::Html => html::write(report, out),
        Format::Documents => documents::write(report, out),
    }
}

/// A document's theme weights in full precision (shortest round-trip
/// form), by theme id, then its general-language share when it has one:
/// `0: 0.6003171237372324; 3: 0.3; general: 0.09968287626276757`; empty for
/// a document without weights.
pub(crate) fn weights_text(d: &crate::report::ReportDocument) -> String {
    let mut weights: Vec<_> = d.themes.themes.iter().collect();
    weights.sort_by_key(|w| w.id);
    let mut parts: Vec<String> = weights
        .iter()
        .map(|w| format!("{}: {}", w.id, w.weight))
        .collect();
    if d.themes.general_language > 0.0 {
        parts.push(format!("general: {}", d.themes.general_language));
    }
    parts.join("; ")
}

/// How every share follows from the documents, for the formats that list
/// them.
pub(crate) const RECOMPUTE_NOTE: &str = "A period's share of a theme is \
Σ length · weight / Σ length over the period's documents with weights \
(themes, or general language); lengths are bytes of analysed text.";

/// A theme's key terms as shown after its label on a terminal, e.g.
/// `  · navy, officers, military`; empty when it has none.
pub fn key_terms_text(key_terms: &[String]) -> String {
    if key_terms.is_empty() {
        String::new()
    } else {
        format!("  · {}", key_terms.join(", "))
    }
}

/// The line saying how parallel analysis chose the number of themes, e.g.
/// `24 themes: the 23 dimensions parallel analysis finds above chance, plus
/// one (48 compared)`, or that the count reached its bound; `None` when the
/// count was given.
pub fn parallel_analysis_line(pa: Option<&ParallelAnalysis>) -> Option<String> {
    let pa = pa?;
    let compared = pa.observed.len();
    Some(if pa.saturated() {
        format!(
            "{}: parallel analysis finds every one of the {compared} dimensions compared above chance, so the count is at its bound (--themes N asks for more)",
            count(pa.themes(), "theme")
        )
    } else {
        format!(
            "{}: the {} parallel analysis finds above chance, plus one ({compared} compared)",
            count(pa.themes(), "theme"),
            count(pa.dimensions, "dimension"),
        )
    })
}

/// The line naming what context specificity weighed zero, e.g.
/// `general language, kept out of every theme: 812 terms whose passages are
/// no more alike than random ones (furthermore, added, …)`; `None` without
/// it.
pub fn specificity_line(s: Option<&SpecificitySummary>) -> Option<String> {
    let s = s?;
    let examples: Vec<&str> = s.examples.iter().take(8).map(String::as_str).collect();
    let more = if s.general_terms > examples.len() {
        ", …"
    } else {
        ""
    };
    Some(format!(
        "general language, kept out of every theme: {} whose passages are no more alike than random ones ({}{more})",
        count(s.general_terms, "term"),
        examples.join(", ")
    ))
}

/// The line saying how `auto` chose the number of themes, e.g.
/// `number of themes chosen by mean coherence (3: +0.275, 4: +0.346)`;
/// `None` when the count was given.
pub fn selection_line(selection: &[CountScore]) -> Option<String> {
    if selection.is_empty() {
        return None;
    }
    let tried: Vec<String> = selection
        .iter()
        .map(|s| format!("{}: {:+.3}", s.k, s.coherence))
        .collect();
    Some(format!(
        "number of themes chosen by mean coherence ({})",
        tried.join(", ")
    ))
}

/// The share series of a theme over the periods; `None` where a period has
/// no share (no document with theme weight).
pub(crate) fn shares(report: &Report, theme: usize) -> Vec<Option<f64>> {
    report
        .timeline
        .periods
        .iter()
        .map(|p| p.shares.get(theme).and_then(|s| s.share))
        .collect()
}

/// The sparkline of a theme's shares; see [`sparkline`].
pub(crate) fn share_sparkline(report: &Report, theme: usize, width: usize) -> String {
    sparkline(&shares(report, theme), width)
}

/// `1 document`, `2 documents`, `3 classes`: a count with its noun in
/// agreement (English regular plurals: `-es` after a sibilant).
pub(crate) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if ["s", "x", "ch", "sh"].iter().any(|e| noun.ends_with(e)) {
        format!("{n} {noun}es")
    } else {
        format!("{n} {noun}s")
    }
}

/// The corpus summary: `5 documents (4 dated, 1 undated), 50 passages,
/// 370 terms`, with `; 2 without text` inside the brackets when some
/// documents have none.
pub(crate) fn corpus_line(r: &Report) -> String {
    let c = &r.corpus;
    let no_text = if c.no_text > 0 {
        format!("; {} without text", c.no_text)
    } else {
        String::new()
    };
    format!(
        "{} ({} dated, {} undated{no_text}), {}, {}",
        count(c.documents, "document"),
        c.dated,
        c.undated,
        count(c.passages, "passage"),
        count(c.features, "term")
    )
}

/// The agreement of the dominant themes with known classes, as one line:
/// `agreement with the known classes: NMI 0.472, ARI 0.301, purity 0.612
/// (1,000 documents in 20 classes)`.
pub(crate) fn labels_line(r: &Report) -> Option<String> {
    r.labels.as_ref().map(agreement_line)
}

/// [`labels_line`] of one agreement.
pub(crate) fn agreement_line(a: &tidings_topics::LabelAgreement) -> String {
    let mut line = format!(
        "agreement of the dominant themes with the known classes: NMI {:.3}, ARI {:.3}, purity {:.3} ({} in {})",
        a.nmi,
        a.ari,
        a.purity,
        count(a.documents, "document"),
        count(a.classes, "class")
    );
    if a.without_theme > 0 {
        line.push_str(&format!(
            "; {} without theme",
            count(a.without_theme, "document")
        ));
    }
    line
}

/// The model kind as the documentation writes it.
pub(crate) fn model_name(kind: tidings_topics::ModelKind) -> &'static str {
    match kind {
        tidings_topics::ModelKind::KMeans => "k-means",
        tidings_topics::ModelKind::NmfKl => "NMF (KL)",
        _ => "NMF",
    }
}

/// The non-empty buckets of documents outside the periods, in order.
pub(crate) fn buckets(
    tl: &tidings_timeline::Timeline,
) -> impl Iterator<Item = (BucketKind, &tidings_timeline::Bucket)> {
    BucketKind::ALL
        .into_iter()
        .map(|kind| (kind, tl.bucket(kind)))
        .filter(|(_, b)| b.documents > 0)
}

/// A bucket's row name in tables: `undated`, `imprecise` or
/// `outside the range`.
pub(crate) fn bucket_name(kind: BucketKind) -> &'static str {
    match kind {
        BucketKind::Undated => "undated",
        BucketKind::Imprecise => "imprecise",
        BucketKind::Outside => "outside the range",
    }
}

/// What the trend figures mean, said once per report: the unit of a slope
/// and how the direction is decided.
pub(crate) const TREND_LEGEND: &str = "trend: the weighted least-squares slope of a theme's share, in percentage points of the corpus per year (pts/yr; each period weighted by its documents), rising or fading when Student's t test rejects a flat share";

/// A one-line description of a theme's trend:
/// `rising (+0.41 pts/yr, p = 0.003)`, or `too few periods` when there are
/// fewer than [`MIN_TREND_PERIODS`](tidings_timeline::MIN_TREND_PERIODS)
/// periods with documents to judge a trend on.
pub(crate) fn trend_text(t: &ReportTheme) -> String {
    let direction = t.trend.direction.to_string();
    match (t.trend.slope_per_year, t.trend.p_value) {
        (Some(slope), Some(p)) => format!(
            "{direction} ({:+.2} pts/yr, p {})",
            slope * 100.0,
            if p < 0.001 {
                "< 0.001".to_string()
            } else {
                format!("= {p:.3}")
            }
        ),
        (Some(slope), None) => format!("{direction} ({:+.2} pts/yr)", slope * 100.0),
        _ => "too few periods".to_string(),
    }
}

/// A p-value for a table cell, with small values shown as `< 0.001`.
pub(crate) fn p_text(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}

/// Bursts as `2001–2003, 2015`.
pub(crate) fn bursts_text(t: &ReportTheme) -> String {
    t.bursts
        .iter()
        .map(|b| {
            if b.start == b.end {
                b.start.clone()
            } else {
                format!("{}–{}", b.start, b.end)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The character a sparkline shows for a gap: periods without a share.
pub(crate) const GAP: char = '·';

/// Unicode sparkline of `values`, at most `width` characters: consecutive
/// values are averaged into `width` bins when there are more. A bin averages
/// only the periods that have a share (an empty period is a gap, not a 0);
/// a bin without any shows [`GAP`].
pub(crate) fn sparkline(values: &[Option<f64>], width: usize) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    if values.is_empty() || width == 0 {
        return String::new();
    }
    let mean = |slice: &[Option<f64>]| {
        let present: Vec<f64> = slice.iter().flatten().copied().collect();
        (!present.is_empty()).then(|| present.iter().sum::<f64>() / present.len() as f64)
    };
    let bins: Vec<Option<f64>> = if values.len() <= width {
        values.to_vec()
    } else {
        (0..width)
            .map(|b| {
                let lo = b * values.len() / width;
                let hi = ((b + 1) * values.len() / width).max(lo + 1);
                mean(values.get(lo..hi).unwrap_or(&[]))
            })
            .collect()
    };
    let max = bins.iter().flatten().copied().fold(0.0f64, f64::max);
    bins.iter()
        .map(|v| match v {
            None => GAP,
            Some(_) if max <= 0.0 => BARS[0],
            Some(v) => {
                let i = ((v / max) * (BARS.len() - 1) as f64).round() as usize;
                BARS[i.min(BARS.len() - 1)]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_scale_and_bin() {
        assert_eq!(sparkline(&[Some(0.0), Some(0.5), Some(1.0)], 10), "▁▅█");
        assert_eq!(sparkline(&[Some(0.0), Some(0.0)], 10), "▁▁");
        assert_eq!(sparkline(&[Some(1.0); 100], 10).chars().count(), 10);
        assert_eq!(sparkline(&[], 10), "");
    }

    /// Issue 14: a corpus with only odd years has no sawtooth, whether each
    /// year has its character or years are binned.
    #[test]
    fn empty_periods_are_gaps_not_zeros() {
        let odd_years: Vec<Option<f64>> = (0..120).map(|y| (y % 2 == 1).then_some(0.4)).collect();
        assert_eq!(sparkline(&odd_years[..6], 48), "·█·█·█");
        let binned = sparkline(&odd_years, 48);
        assert_eq!(binned.chars().count(), 48);
        assert!(binned.chars().all(|c| c == '█'), "{binned}");
        assert_eq!(sparkline(&[None, None], 10), "··");
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(1, "document"), "1 document");
        assert_eq!(count(0, "period"), "0 periods");
        assert_eq!(count(3, "class"), "3 classes");
        assert_eq!(count(1, "class"), "1 class");
    }

    #[test]
    fn formats_parse() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
        assert!("pdf".parse::<Format>().is_err());
    }
}
