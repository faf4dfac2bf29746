//! Fitting: input checks, the number of themes, sampling, model runs,
//! theme ordering, labels, quality measures and document weights. The
//! model kind is behind [`crate::engine::ThemeModel`]; nothing here matches
//! on it.

use ndarray::{Array1, Array2, Axis};
use sprs::{CsMat, CsMatView};

use crate::aggregate::{aggregate_documents, row_normalised, PassageMap};
use crate::background::{general_terms, ranked_general_terms};
use crate::count::{count_grid, fit_auto_range};
use crate::dimension::{parallel_analysis_csr, ParallelAnalysis};
use crate::engine::{Prepared, RawFit};
use crate::error::TopicsError;
use crate::hierarchy::{average_linkage, groups, largest_step_cut};
use crate::labels::{choose_labels, class_tfidf, top_indices, LabelConfig};
use crate::model::{GroupInfo, ThemeInfo, Themes};
use crate::params::{ThemeCount, ValidThemesParams};
use crate::quality::{exclusivity_matrix, npmi};
use crate::report::{
    CountScore, DocumentThemes, GeneralLanguage, ModelSummary, Representative, ThemeGroup,
    ThemeSummary, ThemeWeight, ThemesReport,
};
use crate::sample::{compact_documents, sample_rows, select_rows, used_columns};
use crate::seeds::match_seeds;
use crate::sparse::Csr;

/// A matrix borrowed from the caller or handed over with its arrays.
#[derive(Debug, Clone)]
enum Matrix<'a> {
    View(CsMatView<'a, f64>),
    Owned(CsMat<f64>),
}

impl Matrix<'_> {
    fn view(&self) -> CsMatView<'_, f64> {
        match self {
            Matrix::View(v) => v.view(),
            Matrix::Owned(m) => m.view(),
        }
    }

    /// The rows as a checked [`Csr`], taking owned arrays without a copy.
    fn into_csr(self) -> Result<Csr, TopicsError> {
        match self {
            Matrix::View(v) => Csr::from_sprs(v),
            Matrix::Owned(m) => Csr::from_sprs_owned(m),
        }
    }
}

/// The inputs of a fit: a TF-IDF matrix and its feature names, with optional
/// raw counts and passage-to-document map.
#[derive(Debug, Clone)]
pub struct ThemeData<'a> {
    tfidf: Matrix<'a>,
    features: &'a [String],
    counts: Option<Matrix<'a>>,
    passages: Option<PassageMap<'a>>,
}

impl<'a> ThemeData<'a> {
    /// `tfidf` has one row per passage (or document), rows l2-normalised,
    /// entries non-negative; `features` names its columns in their most
    /// common surface form (n-grams joined by a space).
    pub fn new(tfidf: CsMatView<'a, f64>, features: &'a [String]) -> Self {
        Self {
            tfidf: Matrix::View(tfidf),
            features,
            counts: None,
            passages: None,
        }
    }

    /// As [`ThemeData::new`], with the matrix handed over: when the fit
    /// weighs every row against themes fitted on a sample
    /// ([`ThemesParams::fit_rows`](crate::ThemesParams::fit_rows)), the
    /// matrix's arrays are used in place instead of copied. Fit it with
    /// [`ValidThemesParams::fit_owned_with`].
    pub fn owned(tfidf: CsMat<f64>, features: &'a [String]) -> Self {
        Self {
            tfidf: Matrix::Owned(tfidf),
            features,
            counts: None,
            passages: None,
        }
    }

    /// Raw term counts with the same shape, used for label scores (class-based
    /// TF-IDF). Without them the TF-IDF weights are used.
    pub fn with_counts(mut self, counts: CsMatView<'a, f64>) -> Self {
        self.counts = Some(Matrix::View(counts));
        self
    }

    /// [`ThemeData::with_counts`] with the matrix handed over, so that it is
    /// dropped as soon as it is no longer needed.
    pub fn with_owned_counts(mut self, counts: CsMat<f64>) -> Self {
        self.counts = Some(Matrix::Owned(counts));
        self
    }

    /// Maps rows to documents so that document weights, coherence and
    /// sizes are computed per document. Without it each row is a document.
    pub fn with_passages(mut self, map: PassageMap<'a>) -> Self {
        self.passages = Some(map);
        self
    }

    /// `(rows, columns)` of the matrix.
    pub fn shape(&self) -> (usize, usize) {
        let v = self.tfidf.view();
        (v.rows(), v.cols())
    }

    /// The same data, borrowing every matrix.
    fn borrowed(&self) -> ThemeData<'_> {
        ThemeData {
            tfidf: Matrix::View(self.tfidf.view()),
            features: self.features,
            counts: self.counts.as_ref().map(|c| Matrix::View(c.view())),
            passages: self.passages,
        }
    }

    /// A checked copy of the TF-IDF rows.
    pub(crate) fn csr(&self) -> Result<Csr, TopicsError> {
        Csr::from_sprs(self.tfidf.view())
    }

    /// The passage map, if any.
    pub(crate) fn passage_map(&self) -> Option<PassageMap<'a>> {
        self.passages
    }
}

/// An evenly spaced sample of rows, with its own counts and passage map.
struct Sample {
    x: CsMat<f64>,
    counts: Option<CsMat<f64>>,
    documents: Vec<usize>,
    n_documents: usize,
    lengths: Vec<f64>,
}

impl Sample {
    fn new(data: &ThemeData<'_>, k: usize) -> Self {
        let rows = sample_rows(data.shape().0, k);
        let (documents, n_documents, lengths) = match &data.passages {
            Some(m) => {
                let (docs, n) = compact_documents(&rows, m.documents);
                let lens = rows
                    .iter()
                    .map(|&r| m.lengths.get(r).copied().unwrap_or(0.0))
                    .collect();
                (docs, n, lens)
            }
            None => ((0..rows.len()).collect(), rows.len(), vec![1.0; rows.len()]),
        };
        Sample {
            x: select_rows(data.tfidf.view(), &rows),
            counts: data.counts.as_ref().map(|c| select_rows(c.view(), &rows)),
            documents,
            n_documents,
            lengths,
        }
    }

    fn map(&self) -> PassageMap<'_> {
        PassageMap {
            documents: &self.documents,
            lengths: &self.lengths,
            n_documents: self.n_documents,
        }
    }
}

/// The result of a fit.
#[derive(Debug, Clone)]
pub struct ThemeFit {
    /// The model, for transforming new rows or saving.
    pub model: Themes,
    /// Raw NMF weights (or k-means memberships scaled by similarity) of every
    /// row, `rows × themes`, columns in theme-id order.
    pub passage_weights: Array2<f64>,
    /// Normalised document weights, `documents × themes`: with the
    /// general-language share of [`ThemeFit::document_general`], each row
    /// sums to 1 (or all zero for documents without any theme).
    pub document_weights: Array2<f64>,
    /// Each document's general-language share (the background component's
    /// part of its normalised weights); all zeros without a background.
    pub document_general: Array1<f64>,
    /// Themes, documents and statistics, ready to serialise.
    pub report: ThemesReport,
}

/// The default seed normaliser: lower-cased alphanumeric runs.
pub fn default_normaliser(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl ValidThemesParams {
    /// Fits themes, matching seeds with [`default_normaliser`].
    ///
    /// ```
    /// use sprs::TriMat;
    /// use tidings_topics::{ThemeCount, ThemeData, ThemesParams};
    /// // Two planted themes: rows 0-2 use terms 0-2, rows 3-5 terms 3-5.
    /// let mut t = TriMat::new((6, 6));
    /// for r in 0..6 {
    ///     for c in 0..3 {
    ///         t.add_triplet(r, (r / 3) * 3 + c, 1.0 / 3f64.sqrt());
    ///     }
    /// }
    /// let x: sprs::CsMat<f64> = t.to_csr();
    /// let features: Vec<String> =
    ///     ["ship", "port", "cargo ship", "vote", "ballot", "poll"].map(String::from).to_vec();
    /// let fit = ThemesParams::new().themes(ThemeCount::Fixed(2)).check()?
    ///     .fit(&ThemeData::new(x.view(), &features))?;
    /// assert_eq!(fit.report.themes.len(), 2);
    /// assert_eq!(fit.report.documents.len(), 6);
    /// assert!(fit.report.themes.iter().any(|t| t.label == "cargo ship"));
    /// # Ok::<(), tidings_topics::TopicsError>(())
    /// ```
    pub fn fit(&self, data: &ThemeData<'_>) -> Result<ThemeFit, TopicsError> {
        self.fit_with(data, &default_normaliser)
    }

    /// Fits themes; `normalise` turns a seed phrase into the analyzer's terms
    /// (the same normalisation that produced the features).
    ///
    /// The number of themes is the one asked, or with `auto` the count of
    /// the range whose themes have the best mean NPMI coherence: every
    /// count fitted on all rows, or, with more rows than
    /// [`selection_rows`](crate::ThemesParams::selection_rows), a grid of
    /// counts fitted quickly on a sample. With more rows than
    /// [`fit_rows`](crate::ThemesParams::fit_rows) the model is fitted on a
    /// sample and every row weighed against it.
    ///
    /// # Errors
    /// [`TopicsError::EmptyMatrix`], [`TopicsError::DimensionMismatch`]
    /// between the inputs, [`TopicsError::TooManyThemes`] for a fixed count
    /// the matrix cannot support, and the model's own errors.
    pub fn fit_with<F>(&self, data: &ThemeData<'_>, normalise: &F) -> Result<ThemeFit, TopicsError>
    where
        F: Fn(&str) -> Vec<String>,
    {
        self.fit_owned_with(data.borrowed(), normalise)
    }

    /// [`ValidThemesParams::fit_with`] taking the data by value: a matrix
    /// given by [`ThemeData::owned`] is weighed in place, and owned counts
    /// are dropped once the labels no longer need them.
    ///
    /// # Errors
    /// As [`ValidThemesParams::fit_with`].
    pub fn fit_owned_with<F>(
        &self,
        mut data: ThemeData<'_>,
        normalise: &F,
    ) -> Result<ThemeFit, TopicsError>
    where
        F: Fn(&str) -> Vec<String>,
    {
        let p = &self.0;
        let (rows, cols) = data.shape();
        let asked = p.count.unwrap_or(ThemeCount::FromData);
        let mut count = fit_auto_range(asked, rows.min(cols));
        let mut selection = Vec::new();
        if let ThemeCount::Auto { min, max } = count {
            if rows > p.selection_rows {
                let (k, scores) = self.probe_counts(&data, min, max, normalise)?;
                count = ThemeCount::Fixed(k);
                selection = scores;
            }
        }
        let mut fit = match p.fit_rows {
            Some(fit_rows) if rows > fit_rows => {
                // Fit on an evenly spaced sample, then weigh every row
                // against the fitted components.
                let sample = Sample::new(&data, fit_rows);
                // The sample holds its own counts; the full ones are not
                // needed again.
                data.counts = None;
                let mut sample_data =
                    ThemeData::new(sample.x.view(), data.features).with_passages(sample.map());
                if let Some(c) = &sample.counts {
                    sample_data = sample_data.with_counts(c.view());
                }
                let sampled = self.fit_count(&sample_data, count, normalise)?;
                drop(sample);
                let x = data.tfidf.into_csr()?;
                let mut fit = sampled
                    .model
                    .apply_rows(x, data.passages, p.representatives)?;
                fit.report.model.iterations = sampled.report.model.iterations;
                fit.report.model.converged = sampled.report.model.converged;
                fit.report.unmatched_seeds = sampled.report.unmatched_seeds;
                fit.report.selection = sampled.report.selection;
                fit.report.parallel_analysis = sampled.report.parallel_analysis;
                fit
            }
            _ => self.fit_count(&data, count, normalise)?,
        };
        if !selection.is_empty() {
            fit.report.selection = selection;
        }
        Ok(fit)
    }

    /// Chooses the count in `min..=max` on an evenly spaced sample of
    /// [`selection_rows`](crate::ThemesParams::selection_rows) rows, keeping
    /// only the columns the sample uses (the quick fits' cost grows with the
    /// number of columns): a grid of counts, each fitted with at most the
    /// selection's iterations, compared by mean NPMI coherence.
    fn probe_counts<F>(
        &self,
        data: &ThemeData<'_>,
        min: usize,
        max: usize,
        normalise: &F,
    ) -> Result<(usize, Vec<CountScore>), TopicsError>
    where
        F: Fn(&str) -> Vec<String>,
    {
        let p = &self.0;
        let sample = Sample::new(data, p.selection_rows);
        let (x, counts, features) = used_columns(&sample.x, sample.counts.as_ref(), data.features);
        let mut sample_data = ThemeData::new(x.view(), &features).with_passages(sample.map());
        if let Some(c) = &counts {
            sample_data = sample_data.with_counts(c.view());
        }
        let (prep, _) = self.prepare(&sample_data, normalise)?;
        let probe = p.model.as_model().with_max_iter(p.selection_iterations);
        let x_norm = prep.x.sq_norm().sqrt();
        let mut best: Option<(f64, usize)> = None;
        let mut scores = Vec::new();
        for k in count_grid(min, max, p.selection_counts) {
            let raw = probe
                .as_model()
                .fit(&prep, self.check_count(&prep, k)?, p.seed)?;
            // Mean coherence over the themes in their final order (the sum's
            // order fixes its last bits, which the report prints).
            let (order, _, _) = theme_order(&prep, &raw.w, p.seeded.len());
            let h = raw.h.select(Axis(0), &order);
            let coherence = mean_coherence(&prep, &h, p.top_terms);
            scores.push(CountScore {
                k,
                coherence,
                relative_error: relative(raw.error, x_norm),
            });
            if best.is_none_or(|(c, _)| coherence > c) {
                best = Some((coherence, k));
            }
        }
        match best {
            Some((_, k)) => Ok((k, scores)),
            None => Err(TopicsError::ZeroThemes(0)),
        }
    }

    /// Checks the inputs and matches the seeds against the features.
    fn prepare<'d, F>(
        &self,
        data: &ThemeData<'d>,
        normalise: &F,
    ) -> Result<(Prepared<'d>, Vec<crate::UnmatchedSeed>), TopicsError>
    where
        F: Fn(&str) -> Vec<String>,
    {
        let x = Csr::from_sprs(data.tfidf.view())?;
        if x.nrows == 0 || x.ncols == 0 || x.nnz() == 0 {
            return Err(TopicsError::EmptyMatrix {
                rows: x.nrows,
                cols: x.ncols,
                nnz: x.nnz(),
            });
        }
        if data.features.len() != x.ncols {
            return Err(TopicsError::DimensionMismatch {
                what: "feature names vs matrix columns",
                expected: x.ncols,
                found: data.features.len(),
            });
        }
        let counts_t = match &data.counts {
            Some(c) => {
                let c = c.view();
                if (c.rows(), c.cols()) != (x.nrows, x.ncols) {
                    return Err(TopicsError::DimensionMismatch {
                        what: "count matrix rows x columns vs TF-IDF",
                        expected: x.nrows * x.ncols,
                        found: c.rows() * c.cols(),
                    });
                }
                Some(Csr::from_sprs(c)?.transpose())
            }
            None => None,
        };
        if let Some(map) = &data.passages {
            map.validate(x.nrows)?;
        }
        let (seed_columns, unmatched) = match_seeds(&self.0.seeded, data.features, normalise);
        let xt = x.transpose();
        Ok((
            Prepared {
                x,
                xt,
                counts_t,
                features: data.features,
                passages: data.passages,
                seed_columns,
            },
            unmatched,
        ))
    }

    /// `k` raised to the number of seeded themes, checked against what the
    /// matrix supports.
    fn check_count(&self, prep: &Prepared<'_>, k: usize) -> Result<usize, TopicsError> {
        let k = k.max(self.0.seeded.len());
        let limit = prep.x.nrows.min(prep.x.ncols);
        if k > limit || k == 0 {
            return Err(TopicsError::TooManyThemes {
                requested: k,
                rows: prep.x.nrows,
                cols: prep.x.ncols,
            });
        }
        Ok(k)
    }

    /// Fits `count` themes on all rows of `data`: one run for a fixed
    /// count, one per count of an `auto` range (the best mean coherence
    /// wins).
    fn fit_count<F>(
        &self,
        data: &ThemeData<'_>,
        count: ThemeCount,
        normalise: &F,
    ) -> Result<ThemeFit, TopicsError>
    where
        F: Fn(&str) -> Vec<String>,
    {
        let p = &self.0;
        let (prep, unmatched) = self.prepare(data, normalise)?;
        let mut counted = None;
        let ks: Vec<usize> = match count {
            ThemeCount::Fixed(k) => vec![k],
            ThemeCount::FromData => {
                let pa = count_from_data(&prep, p.seed)?;
                let limit = prep.x.nrows.min(prep.x.ncols);
                let k = pa.themes().max(p.seeded.len()).clamp(1, limit.max(1));
                counted = Some(pa);
                vec![k]
            }
            ThemeCount::Auto { min, max } => {
                let s = p.seeded.len();
                (min.max(s)..=max.max(s)).collect()
            }
        };
        let ks = ks
            .into_iter()
            .map(|k| self.check_count(&prep, k))
            .collect::<Result<Vec<_>, _>>()?;
        let model = p.model.as_model();
        let x_norm = prep.x.sq_norm().sqrt();
        let mut best: Option<(f64, RawFit)> = None;
        let mut selection = Vec::new();
        for &k in &ks {
            let raw = model.fit(&prep, k, p.seed)?;
            if ks.len() > 1 {
                let coherence = mean_coherence(&prep, &raw.h, p.top_terms);
                selection.push(CountScore {
                    k,
                    coherence,
                    relative_error: raw.error / x_norm,
                });
                if best.as_ref().is_none_or(|(c, _)| coherence > *c) {
                    best = Some((coherence, raw));
                }
            } else {
                best = Some((0.0, raw));
            }
        }
        let Some((_, raw)) = best else {
            return Err(TopicsError::ZeroThemes(0));
        };
        let mut fit = self.finish(&prep, raw, x_norm)?;
        fit.report.selection = selection;
        fit.report.parallel_analysis = counted;
        fit.report.unmatched_seeds = unmatched;
        Ok(fit)
    }

    /// Orders themes, labels them, measures them and builds the tree of
    /// broader themes.
    fn finish(
        &self,
        prep: &Prepared<'_>,
        raw: RawFit,
        x_norm: f64,
    ) -> Result<ThemeFit, TopicsError> {
        let p = &self.0;
        let s = p.seeded.len();
        let k = raw.h.nrows();
        let lengths = prep.lengths();
        // Sizes: length-weighted share of normalised passage weights, the
        // background (general language) counted as one more column.
        let wn_all = row_normalised(with_background(&raw.w, raw.background.as_ref()).view());
        let sizes_all = theme_sizes(&wn_all, &lengths);
        // Seeded first (file order), then discovered by decreasing size.
        let mut order: Vec<usize> = (0..s.min(k)).collect();
        let mut rest: Vec<usize> = (s.min(k)..k).collect();
        rest.sort_by(|&a, &b| sizes_all[b].total_cmp(&sizes_all[a]).then(a.cmp(&b)));
        order.extend(rest);
        let w = raw.w.select(Axis(1), &order);
        let h = raw.h.select(Axis(0), &order);
        let wn = wn_all.select(Axis(1), &order);
        let sizes: Vec<f64> = order.iter().map(|&i| sizes_all[i]).collect();

        // General language: the terms the background mostly reconstructs
        // are kept out of labels and top terms.
        let general = match &raw.background {
            Some((b, profile)) => general_terms(b.view(), profile.view(), &w, &h),
            None => vec![false; h.ncols()],
        };
        let shown = without_columns(&h, &general);

        // Labels by class-based TF-IDF of (soft) theme membership.
        let counts_t = prep.counts_t.as_ref().unwrap_or(&prep.xt);
        let class_counts = counts_t.dot_dense(wn.view()).reversed_axes();
        let mut scores = class_tfidf(&class_counts.as_standard_layout().into_owned());
        zero_columns(&mut scores, &general);
        let fixed: Vec<Option<String>> = (0..k)
            .map(|t| p.seeded.get(t).map(|st| st.name.clone()))
            .collect();
        let label_cfg = LabelConfig {
            candidates: p.label_candidates,
            phrase_ratio: p.phrase_ratio,
        };
        let labels = choose_labels(&scores, prep.features, &fixed, label_cfg);

        let background = raw.background.as_ref().map(|(b, _)| b.view());
        let Summarised {
            mut summaries,
            mut infos,
            document_weights,
            document_general,
            documents,
        } = summarise(
            prep,
            &w,
            &wn,
            &shown,
            background,
            &labels,
            s,
            &sizes,
            p.top_terms,
            p.representatives,
        )?;

        // Broader themes over the fine ones.
        let merges = average_linkage(&shown);
        let (members, parent) = groups(k, &merges, largest_step_cut(&merges));
        let group_labels = {
            // Class-based TF-IDF over the top level (broad themes and the
            // fine themes outside any), so that a broad theme's label is
            // what sets it apart from its neighbours at that level; the
            // fine themes' labels are reserved, so no broad theme repeats one.
            let top: Vec<Vec<usize>> = members
                .iter()
                .cloned()
                .chain((0..k).filter(|t| parent[*t].is_none()).map(|t| vec![t]))
                .collect();
            let top_counts = sum_rows(&class_counts, &top);
            let mut top_scores = class_tfidf(&top_counts);
            zero_columns(&mut top_scores, &general);
            let rows: Vec<usize> = (0..members.len()).collect();
            let mut with_fine = top_scores.select(Axis(0), &rows);
            with_fine
                .append(Axis(0), Array2::zeros((k, with_fine.ncols())).view())
                .map_err(|e| TopicsError::Linalg {
                    step: "labels",
                    message: e.to_string(),
                })?;
            let mut fixed: Vec<Option<String>> = vec![None; members.len()];
            fixed.extend(labels.iter().cloned().map(Some));
            let mut chosen = choose_labels(&with_fine, prep.features, &fixed, label_cfg);
            chosen.truncate(members.len());
            chosen
        };
        let theme_groups = describe_groups(
            prep,
            &shown,
            &sizes,
            &members,
            &group_labels,
            k,
            p.top_terms,
        );
        for (t, g) in parent.iter().enumerate() {
            let id = g.map(|g| k + g);
            if let Some(x) = summaries.get_mut(t) {
                x.parent = id;
            }
            if let Some(x) = infos.get_mut(t) {
                x.parent = id;
            }
        }
        let general_language = raw.background.as_ref().map(|(_, profile)| GeneralLanguage {
            share: sizes_all.get(k).copied().unwrap_or(0.0),
            terms: ranked_general_terms(profile.view(), &general)
                .into_iter()
                .take(GENERAL_TERMS_SHOWN)
                .filter_map(|j| prep.features.get(j).cloned())
                .collect(),
        });
        let report = ThemesReport {
            model: ModelSummary {
                kind: p.model.kind(),
                n_themes: k,
                iterations: raw.iterations,
                converged: raw.converged,
                reconstruction_error: raw.error,
                relative_error: relative(raw.error, x_norm),
                inertia: raw.inertia,
                seed: p.seed,
            },
            selection: Vec::new(),
            parallel_analysis: None,
            themes: summaries,
            groups: theme_groups.iter().map(|(g, _)| g.clone()).collect(),
            general_language,
            documents,
            unmatched_seeds: Vec::new(),
        };
        let model = Themes {
            kind: p.model.kind(),
            seed: p.seed,
            features: prep.features.to_vec(),
            components: h,
            themes: infos,
            background: raw.background.map(|(_, profile)| profile),
            general: general
                .iter()
                .enumerate()
                .filter(|(_, &g)| g)
                .map(|(j, _)| j)
                .collect(),
            groups: theme_groups.into_iter().map(|(_, info)| info).collect(),
        };
        Ok(ThemeFit {
            model,
            passage_weights: w,
            document_weights,
            document_general,
            report,
        })
    }
}

/// General-language terms listed in a report.
pub(crate) const GENERAL_TERMS_SHOWN: usize = 30;

/// `w` with the background's weights as one more, last column.
pub(crate) fn with_background(
    w: &Array2<f64>,
    background: Option<&(Array1<f64>, Array1<f64>)>,
) -> Array2<f64> {
    match background {
        Some((b, _)) => {
            ndarray::concatenate![Axis(1), w.view(), b.view().insert_axis(Axis(1))]
        }
        None => w.clone(),
    }
}

/// `h` with the columns flagged in `drop` set to zero.
pub(crate) fn without_columns(h: &Array2<f64>, drop: &[bool]) -> Array2<f64> {
    let mut out = h.clone();
    zero_columns(&mut out, drop);
    out
}

fn zero_columns(m: &mut Array2<f64>, drop: &[bool]) {
    for mut row in m.rows_mut() {
        for (v, &d) in row.iter_mut().zip(drop) {
            if d {
                *v = 0.0;
            }
        }
    }
}

/// The rows of `m` summed over each set of row indices in `sets`.
fn sum_rows(m: &Array2<f64>, sets: &[Vec<usize>]) -> Array2<f64> {
    let mut out = Array2::<f64>::zeros((sets.len(), m.ncols()));
    for (mut row, set) in out.rows_mut().into_iter().zip(sets) {
        for &i in set {
            if i < m.nrows() {
                row += &m.row(i);
            }
        }
    }
    out
}

/// Every broad theme (the fine themes `members[g]`, id `k + g`): its terms
/// (the size-weighted sum of its children's components), coherence and
/// size, as reported and as kept in the model.
pub(crate) fn describe_groups(
    prep: &Prepared<'_>,
    shown: &Array2<f64>,
    sizes: &[f64],
    members: &[Vec<usize>],
    labels: &[String],
    k: usize,
    top_terms: usize,
) -> Vec<(ThemeGroup, GroupInfo)> {
    let (unit_map, n_units) = prep.units();
    members
        .iter()
        .enumerate()
        .map(|(g, children)| {
            let mut profile = Array1::<f64>::zeros(shown.ncols());
            for &c in children {
                let weight = sizes.get(c).copied().unwrap_or(0.0);
                profile.scaled_add(weight, &shown.row(c));
            }
            let top = top_indices(profile.view(), top_terms);
            let terms: Vec<String> = top
                .iter()
                .filter_map(|&j| prep.features.get(j).cloned())
                .collect();
            let label = labels.get(g).cloned().unwrap_or_default();
            let size = children.iter().filter_map(|&c| sizes.get(c)).sum();
            (
                ThemeGroup {
                    id: k + g,
                    label: label.clone(),
                    terms: terms.clone(),
                    children: children.clone(),
                    coherence: npmi(&prep.xt, &top, unit_map, n_units),
                    size,
                },
                GroupInfo {
                    id: k + g,
                    label,
                    terms,
                    children: children.clone(),
                },
            )
        })
        .collect()
}

/// Per-theme summaries, model identities and document weights.
pub(crate) struct Summarised {
    pub(crate) summaries: Vec<ThemeSummary>,
    pub(crate) infos: Vec<ThemeInfo>,
    pub(crate) document_weights: Array2<f64>,
    pub(crate) document_general: Array1<f64>,
    pub(crate) documents: Vec<DocumentThemes>,
}

/// Measures every theme of `h` on the rows of `prep`: top terms, NPMI
/// coherence, exclusivity, representatives; and aggregates `w` (with the
/// background's weights, when there is one) to documents. Themes are taken
/// in the order of `h`'s rows; the first `seeded` are seeded.
#[allow(clippy::too_many_arguments)]
pub(crate) fn summarise(
    prep: &Prepared<'_>,
    w: &Array2<f64>,
    wn: &Array2<f64>,
    h: &Array2<f64>,
    background: Option<ndarray::ArrayView1<'_, f64>>,
    labels: &[String],
    seeded: usize,
    sizes: &[f64],
    top_terms: usize,
    n_representatives: usize,
) -> Result<Summarised, TopicsError> {
    let k = h.nrows();
    let excl = exclusivity_matrix(h);
    let (unit_map, n_units) = prep.units();
    let mut summaries = Vec::with_capacity(k);
    let mut infos = Vec::with_capacity(k);
    for t in 0..k {
        let top = top_indices(h.row(t), top_terms);
        let terms: Vec<String> = top
            .iter()
            .filter_map(|&j| prep.features.get(j).cloned())
            .collect();
        let coherence = npmi(&prep.xt, &top, unit_map, n_units);
        let exclusivity = if top.is_empty() {
            0.0
        } else {
            top.iter().map(|&j| excl[[t, j]]).sum::<f64>() / top.len() as f64
        };
        let representatives = representatives(w, wn, t, n_representatives, prep);
        let label = labels.get(t).cloned().unwrap_or_default();
        infos.push(ThemeInfo {
            id: t,
            label: label.clone(),
            seeded: t < seeded,
            terms: terms.clone(),
            parent: None,
        });
        summaries.push(ThemeSummary {
            id: t,
            label,
            seeded: t < seeded,
            parent: None,
            terms,
            coherence,
            exclusivity,
            size: sizes.get(t).copied().unwrap_or(0.0),
            representatives,
        });
    }
    let all = match background {
        Some(b) => ndarray::concatenate![Axis(1), w.view(), b.insert_axis(Axis(1))],
        None => w.clone(),
    };
    let all_weights = match &prep.passages {
        Some(map) => aggregate_documents(all.view(), map)?,
        None => row_normalised(all.view()),
    };
    let document_weights = all_weights.slice(ndarray::s![.., ..k]).to_owned();
    let document_general = if background.is_some() {
        all_weights.column(k).to_owned()
    } else {
        Array1::zeros(all_weights.nrows())
    };
    let documents = document_weights
        .rows()
        .into_iter()
        .zip(document_general.iter())
        .enumerate()
        .map(|(i, (row, &general))| {
            let mut themes: Vec<ThemeWeight> = row
                .iter()
                .enumerate()
                .filter(|(_, &v)| v > 0.0)
                .map(|(id, &weight)| ThemeWeight { id, weight })
                .collect();
            themes.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.id.cmp(&b.id)));
            DocumentThemes {
                id: i.to_string(),
                date: None,
                general_language: general,
                themes,
            }
        })
        .collect();
    Ok(Summarised {
        summaries,
        infos,
        document_weights,
        document_general,
        documents,
    })
}

/// The order of the themes of a run: seeded first (file order), then
/// discovered by decreasing size; with the normalised row weights and the
/// sizes (length-weighted share of normalised passage weights), in the
/// run's order.
fn theme_order(
    prep: &Prepared<'_>,
    w: &Array2<f64>,
    seeded: usize,
) -> (Vec<usize>, Array2<f64>, Vec<f64>) {
    let k = w.ncols();
    let wn = row_normalised(w.view());
    let sizes = theme_sizes(&wn, &prep.lengths());
    let mut order: Vec<usize> = (0..seeded.min(k)).collect();
    let mut rest: Vec<usize> = (seeded.min(k)..k).collect();
    rest.sort_by(|&a, &b| sizes[b].total_cmp(&sizes[a]).then(a.cmp(&b)));
    order.extend(rest);
    (order, wn, sizes)
}

/// Length-weighted share of each theme in the normalised row weights `wn`.
pub(crate) fn theme_sizes(wn: &Array2<f64>, lengths: &[f64]) -> Vec<f64> {
    let len_col = Array1::from(lengths.to_vec()).insert_axis(Axis(1));
    let mass = (wn * &len_col).sum_axis(Axis(0));
    let total: f64 = mass.sum();
    mass.iter()
        .map(|m| if total > 0.0 { m / total } else { 0.0 })
        .collect()
}

/// Mean NPMI coherence of the top terms of every theme in `h`.
fn mean_coherence(prep: &Prepared<'_>, h: &Array2<f64>, top_terms: usize) -> f64 {
    let (unit_map, n_units) = prep.units();
    let k = h.nrows().max(1) as f64;
    h.rows()
        .into_iter()
        .map(|row| npmi(&prep.xt, &top_indices(row, top_terms), unit_map, n_units))
        .sum::<f64>()
        / k
}

/// The `n` passages that show theme `t` best: by raw weight times the
/// theme's share of the passage.
fn representatives(
    w: &Array2<f64>,
    wn: &Array2<f64>,
    t: usize,
    n: usize,
    prep: &Prepared<'_>,
) -> Vec<Representative> {
    let score = &w.column(t) * &wn.column(t);
    top_indices(score.view(), n)
        .into_iter()
        .map(|passage| Representative {
            passage,
            document: prep
                .passages
                .as_ref()
                .and_then(|m| m.documents.get(passage).copied())
                .unwrap_or(passage),
            weight: wn[[passage, t]],
            document_id: None,
            date: None,
            bytes: None,
            snippet: None,
        })
        .collect()
}

/// Horn's parallel analysis ([`crate::dimension`]) on the documents: every
/// document's passage rows summed and scaled to unit length. Documents, not
/// passages, are the independent units: the passages of one document share
/// its names, places and setting, so at the passage level parallel analysis
/// counts documents rather than themes (16 dimensions in the five seed-news
/// articles). The number of values compared starts at 32 and doubles while
/// all of them are above the reference, up to what the matrix supports.
fn count_from_data(prep: &Prepared<'_>, seed: u64) -> Result<ParallelAnalysis, TopicsError> {
    let documents = match &prep.passages {
        Some(map) => document_rows(&prep.x, map),
        None => prep.x.clone(),
    };
    let dt = documents.transpose();
    let most = documents.nrows.min(documents.ncols);
    let mut max_k = 32.min(most);
    loop {
        let pa = parallel_analysis_csr(&documents, &dt, max_k, seed)?;
        if !pa.saturated() || max_k >= most {
            return Ok(pa);
        }
        max_k = (2 * max_k).min(most);
    }
}

/// The rows of `x` summed per document of `map`, each sum scaled to unit
/// l2 norm (documents without rows stay empty).
fn document_rows(x: &Csr, map: &PassageMap<'_>) -> Csr {
    let mut rows: Vec<std::collections::BTreeMap<usize, f64>> =
        vec![std::collections::BTreeMap::new(); map.n_documents];
    for (i, &d) in map.documents.iter().enumerate().take(x.nrows) {
        let (cols, vals) = x.row(i);
        if let Some(row) = rows.get_mut(d) {
            for (&j, &v) in cols.iter().zip(vals) {
                *row.entry(j).or_insert(0.0) += v;
            }
        }
    }
    let mut indptr = Vec::with_capacity(rows.len() + 1);
    let mut indices = Vec::new();
    let mut data = Vec::new();
    indptr.push(0);
    for row in rows.iter().filter(|r| !r.is_empty()) {
        let norm = row.values().map(|v| v * v).sum::<f64>().sqrt();
        for (&j, &v) in row {
            indices.push(j);
            data.push(if norm > 0.0 { v / norm } else { 0.0 });
        }
        indptr.push(indices.len());
    }
    Csr {
        nrows: indptr.len() - 1,
        ncols: x.ncols,
        indptr,
        indices,
        data,
    }
}

/// `error` relative to `‖X‖` (0 for a zero matrix).
pub(crate) fn relative(error: f64, x_norm: f64) -> f64 {
    if x_norm > 0.0 {
        error / x_norm
    } else {
        0.0
    }
}
