//! Fitting: input checks, the number of themes, sampling, model runs,
//! theme ordering, labels, quality measures and document weights. The
//! model kind is behind [`crate::engine::ThemeModel`]; nothing here matches
//! on it.

use std::ops::RangeInclusive;

use ndarray::{Array1, Array2, Axis};
use sprs::{CsMat, CsMatView};

use crate::aggregate::{aggregate_documents, row_normalised, PassageMap};
use crate::background::{general_terms, general_themes, ranked_general_terms, Background};
use crate::count::{count_grid, fit_auto_range};
use crate::dimension::{parallel_analysis_csr, ParallelAnalysis};
use crate::engine::{Prepared, RawFit};
use crate::error::TopicsError;
use crate::hierarchy::{average_linkage, cosine, fence_cut, groups};
use crate::labels::{
    choose_names, claim_broad_names, complete_phrases, top_indices, LabelConfig, ThemeName,
    KEY_TERMS,
};
use crate::model::{GroupInfo, KnownWeights, ThemeInfo, Themes};
use crate::params::{ThemeCount, ValidThemesParams};
use crate::quality::{exclusivity_matrix, npmi};
use crate::sample::{compact_documents, sample_rows, select_rows, used_columns};
use crate::seeds::match_seeds;
use crate::sparse::Csr;
use crate::specificity::{reweigh, term_specificity, Specificity};
use crate::summary::{
    CountScore, DocumentThemes, GeneralLanguage, ModelSummary, Representative, SpecificitySummary,
    ThemeGroup, ThemeSummary, ThemeWeight, ThemesReport,
};

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

/// The inputs of a fit: a TF-IDF matrix and its feature names, with an
/// optional passage-to-document map.
#[derive(Debug, Clone)]
pub struct ThemeData<'a> {
    tfidf: Matrix<'a>,
    features: &'a [String],
    passages: Option<PassageMap<'a>>,
    idf: Option<&'a [f64]>,
}

impl<'a> ThemeData<'a> {
    /// `tfidf` has one row per passage (or document), rows l2-normalised,
    /// entries non-negative; `features` names its columns in their most
    /// common surface form (n-grams joined by a space).
    pub fn new(tfidf: CsMatView<'a, f64>, features: &'a [String]) -> Self {
        Self {
            tfidf: Matrix::View(tfidf),
            features,
            passages: None,
            idf: None,
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
            passages: None,
            idf: None,
        }
    }

    /// Maps rows to documents so that document weights, coherence and
    /// sizes are computed per document. Without it each row is a document.
    pub fn with_passages(mut self, map: PassageMap<'a>) -> Self {
        self.passages = Some(map);
        self
    }

    /// The global weight of each column already in the rows (the
    /// vectorizer's idf), which the fit's context-specificity weight
    /// replaces instead of multiplying (see
    /// [`ThemesParams::specificity`](crate::ThemesParams::specificity)):
    /// inverse document frequency is a proxy for a term's specificity
    /// (Spärck Jones 1972), and the context specificity measures it.
    /// Without it, the specificity weight multiplies whatever weights the
    /// rows carry.
    pub fn with_idf(mut self, idf: &'a [f64]) -> Self {
        self.idf = Some(idf);
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
            passages: self.passages,
            idf: self.idf,
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

/// An evenly spaced sample of rows, with its own passage map.
struct Sample {
    /// The rows sampled, in order.
    rows: Vec<usize>,
    x: CsMat<f64>,
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
            rows,
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
    /// The background components' weights in every row, `rows × g` (the
    /// pinned mean first, when fitted, then the themes found general), when
    /// the model has general language: with [`ThemeFit::passage_weights`],
    /// the whole factorisation.
    pub passage_background: Option<Array2<f64>>,
    /// Normalised document weights, `documents × themes`: with the
    /// general-language share of [`ThemeFit::document_general`], each row
    /// sums to 1 (or all zero for documents without any theme).
    pub document_weights: Array2<f64>,
    /// Each document's general-language share (the background components'
    /// part of its normalised weights); all zeros without general language.
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
    ///     ["ship", "cargo", "cargo ship", "vote", "ballot", "poll"].map(String::from).to_vec();
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
    /// The number of themes is the one asked; with `auto`, what Horn's
    /// parallel analysis finds in the documents (at most
    /// [`MAX_FINE_THEMES`], on at most [`PA_DOCUMENTS`] of them); with a
    /// range, the count whose themes have the best mean NPMI coherence:
    /// every count fitted on all rows, or, with more rows than
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
    /// given by [`ThemeData::owned`] is weighed in place.
    ///
    /// # Errors
    /// As [`ValidThemesParams::fit_with`].
    pub fn fit_owned_with<F>(
        &self,
        data: ThemeData<'_>,
        normalise: &F,
    ) -> Result<ThemeFit, TopicsError>
    where
        F: Fn(&str) -> Vec<String>,
    {
        let p = &self.0;
        let (rows, cols) = data.shape();
        let asked = p.count.unwrap_or(ThemeCount::FromData);
        let mut selection = Vec::new();
        let mut counted = None;
        // The number of themes is decided here, once, on the whole data:
        // `fit_count` gets one count, or, for a range on few rows, every
        // count of the range to choose from.
        let seeded = p.seeded.len();
        let counts = match fit_auto_range(asked, rows.min(cols)) {
            ThemeCount::Fixed(k) => k..=k,
            ThemeCount::FromData => {
                let pa = count_from_data(&data, p.seed, &p.cancel)?;
                let limit = rows.min(cols).min(MAX_FINE_THEMES.max(seeded));
                let k = pa.themes().max(seeded).clamp(1, limit.max(1));
                counted = Some(pa);
                k..=k
            }
            ThemeCount::Auto { min, max } if rows > p.selection_rows => {
                let (k, scores) = self.probe_counts(&data, min, max, normalise)?;
                selection = scores;
                k..=k
            }
            ThemeCount::Auto { min, max } => min.max(seeded)..=max.max(seeded),
        };
        // Passages are compared for context specificity in the space of
        // as many leading dimensions as parallel analysis finds in the
        // data (the count `auto` fits), whatever count was asked: a term's
        // specificity is a property of the corpus, not of how many themes
        // are shown.
        let dims = match (&counted, p.specificity) {
            (_, false) => 0,
            (Some(pa), true) => pa.themes(),
            (None, true) => count_from_data(&data, p.seed, &p.cancel)?.themes(),
        };
        let mut fit = match p.fit_rows {
            Some(fit_rows) if rows > fit_rows => {
                // Fit on an evenly spaced sample, then weigh every row
                // against the fitted components.
                let mut sample = Sample::new(&data, fit_rows);
                let specified = self.specificity(sample.x.view(), data.idf, data.features, dims)?;
                let (weights, summary) = match specified {
                    Some(s) => {
                        sample.x = s.matrix;
                        (Some(s.weights), Some(s.summary))
                    }
                    None => (None, None),
                };
                let sample_data =
                    ThemeData::new(sample.x.view(), data.features).with_passages(sample.map());
                let mut sampled = self.fit_count(&sample_data, counts, normalise)?;
                // The sampled rows are weighed already, as the model weighs
                // any row, when the fit ends by weighing them: only the
                // others are weighed again.
                let known = sampled
                    .model
                    .fit_weights_are_weighed()
                    .then(|| KnownWeights {
                        rows: std::mem::take(&mut sample.rows),
                        weights: match sampled.passage_background.take() {
                            Some(b) => ndarray::concatenate![
                                Axis(1),
                                sampled.passage_weights.view(),
                                b.view()
                            ],
                            None => std::mem::take(&mut sampled.passage_weights),
                        },
                    });
                drop(sample);
                p.cancel.check()?;
                sampled.model.term_weights = weights;
                let x = data.tfidf.into_csr()?;
                let mut fit = sampled.model.apply_rows_known(
                    x,
                    data.passages,
                    p.representatives,
                    known.as_ref(),
                )?;
                fit.report.specificity = summary;
                fit.report.model.iterations = sampled.report.model.iterations;
                fit.report.model.converged = sampled.report.model.converged;
                fit.report.unmatched_seeds = sampled.report.unmatched_seeds;
                fit.report.selection = sampled.report.selection;
                fit.report.parallel_analysis = sampled.report.parallel_analysis;
                fit
            }
            _ => match self.specificity(data.tfidf.view(), data.idf, data.features, dims)? {
                Some(Specified {
                    weights,
                    summary,
                    matrix,
                }) => {
                    let weighted = ThemeData::new(matrix.view(), data.features);
                    let weighted = match data.passages {
                        Some(map) => weighted.with_passages(map),
                        None => weighted,
                    };
                    let mut fit = self.fit_count(&weighted, counts, normalise)?;
                    fit.model.term_weights = Some(weights);
                    fit.report.specificity = Some(summary);
                    fit
                }
                None => self.fit_count(&data, counts, normalise)?,
            },
        };
        if !selection.is_empty() {
            fit.report.selection = selection;
        }
        if counted.is_some() {
            fit.report.parallel_analysis = counted;
        }
        // Whatever stage the token was cancelled in, no result escapes.
        p.cancel.check()?;
        Ok(fit)
    }

    /// The context-specificity weights of the columns of `x` (the rows the
    /// themes are fitted on), what they judge general language, and `x`
    /// weighed by them; `None` when they are off or cannot be measured.
    fn specificity(
        &self,
        x: sprs::CsMatView<'_, f64>,
        idf: Option<&[f64]>,
        features: &[String],
        dims: usize,
    ) -> Result<Option<Specified>, TopicsError> {
        let p = &self.0;
        if !p.specificity {
            return Ok(None);
        }
        if let Some(idf) = idf {
            if idf.len() != x.cols() {
                return Err(TopicsError::DimensionMismatch {
                    what: "idf values vs matrix columns",
                    expected: x.cols(),
                    found: idf.len(),
                });
            }
        }
        p.cancel.check()?;
        let mut x = Csr::from_sprs(x)?;
        let Some(measured) = term_specificity(&x, &x.transpose(), dims, p.seed)? else {
            return Ok(None);
        };
        let summary = specificity_summary(&measured, features);
        let mut weights = measured.weights;
        if let Some(idf) = idf {
            for (w, &g) in weights.iter_mut().zip(idf) {
                if g > 0.0 && g.is_finite() {
                    *w /= g;
                }
            }
        }
        reweigh(&mut x, &weights);
        Ok(Some(Specified {
            weights,
            summary,
            matrix: x.into_sprs()?,
        }))
    }

    /// Chooses the count in `min..=max` on an evenly spaced sample of
    /// [`selection_rows`](crate::ThemesParams::selection_rows) rows, keeping
    /// only the columns at least two of its rows use (the quick fits' cost
    /// grows with the number of columns): a grid of counts, each fitted with at most the
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
        let (x, features) = used_columns(&sample.x, data.features);
        let sample_data = ThemeData::new(x.view(), &features).with_passages(sample.map());
        let (prep, _) = self.prepare(&sample_data, normalise)?;
        let probe = p.model.as_model().probe(p.selection_iterations);
        let x_norm = prep.x.sq_norm().sqrt();
        let mut best: Option<(f64, usize)> = None;
        let mut scores = Vec::new();
        for k in count_grid(min, max, p.selection_counts) {
            p.cancel.check()?;
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
        if let Some(map) = &data.passages {
            map.validate(x.nrows)?;
        }
        let (seed_columns, unmatched) = match_seeds(&self.0.seeded, data.features, normalise);
        let xt = x.transpose();
        Ok((
            Prepared {
                x,
                xt,
                features: data.features,
                passages: data.passages,
                seed_columns,
                cancel: self.0.cancel.clone(),
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

    /// Fits themes on all rows of `data`, once per count of `counts` (the
    /// best mean coherence wins when there are several), as
    /// [`ValidThemesParams::fit_owned_with`] decided them.
    fn fit_count<F>(
        &self,
        data: &ThemeData<'_>,
        counts: RangeInclusive<usize>,
        normalise: &F,
    ) -> Result<ThemeFit, TopicsError>
    where
        F: Fn(&str) -> Vec<String>,
    {
        let p = &self.0;
        let (prep, unmatched) = self.prepare(data, normalise)?;
        let ks = counts
            .map(|k| self.check_count(&prep, k))
            .collect::<Result<Vec<_>, _>>()?;
        let model = p.model.as_model();
        let x_norm = prep.x.sq_norm().sqrt();
        let mut best: Option<(f64, RawFit)> = None;
        let mut selection = Vec::new();
        for &k in &ks {
            p.cancel.check()?;
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
        p.cancel.check()?;
        let mut fit = self.finish(&prep, raw, x_norm)?;
        fit.report.selection = selection;
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
        // Themes that are general language, not subjects, join the
        // background (see `general_themes`).
        let (raw, folded) = if p.general_themes {
            fold_general_themes(raw, s)
        } else {
            (raw, 0)
        };
        let k = raw.h.nrows();
        let lengths = prep.lengths();
        let background_total = raw.background.as_ref().map(Background::total);
        // Sizes: length-weighted share of normalised passage weights, the
        // background (general language) counted as one more column.
        let wn_all = row_normalised(with_background(&raw.w, background_total.as_ref()).view());
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
        // Ranked strongest first, by their mass in the background's
        // reconstruction; the model keeps this order.
        let (general, ranked_general) = match raw.background.as_ref().map(Background::mass) {
            Some(mass) => {
                let general = general_terms(mass.view(), &w, &h);
                let ranked = ranked_general_terms(mass.view(), &general);
                (general, ranked)
            }
            None => (vec![false; h.ncols()], Vec::new()),
        };
        let shown = without_columns(&h, &general);

        // Labels and key terms from the themes' term weights, general
        // language left out.
        let fixed: Vec<Option<String>> = (0..k)
            .map(|t| p.seeded.get(t).map(|st| st.name.clone()))
            .collect();
        let allowed: Vec<bool> = general.iter().map(|g| !g).collect();
        let label_cfg = LabelConfig {
            candidates: p.label_candidates,
            phrase_ratio: p.phrase_ratio,
            key_terms: KEY_TERMS,
            broad: false,
        };
        let names = choose_names(&h, prep.features, &fixed, &allowed, label_cfg);

        // Broader themes over the fine ones.
        let similarity = cosine(&shown);
        let merges = average_linkage(&similarity);
        let (members, parent) = groups(k, &merges, fence_cut(&similarity, &merges));
        let profiles = group_profiles(&shown, &sizes, &members);
        // A broad theme is named from its profile (the size-weighted sum of
        // its children), rows `profiles` above the fine themes' `h`.
        let mut rows = profiles.clone();
        rows.append(Axis(0), h.view())
            .map_err(|e| TopicsError::Linalg {
                step: "labels",
                message: e.to_string(),
            })?;
        // The name a subject goes by belongs to the broadest theme about it.
        let mut names = claim_broad_names(
            &rows,
            &h,
            &members,
            names,
            prep.features,
            &fixed,
            &allowed,
            label_cfg,
        );

        // The fine themes' labels are reserved so that no broad theme
        // repeats one. When a fine theme still has the name a broad one goes
        // by (it was not claimed: see `claim_broad_names`), the broad one
        // keeps it with a second term ("rugby / Six Nations"), not a weaker
        // word of its profile ("coach").
        let mut broad_fixed: Vec<Option<String>> = vec![None; members.len()];
        broad_fixed.extend(names.iter().map(|n| Some(n.label.clone())));
        let broad = LabelConfig {
            broad: true,
            ..label_cfg
        };
        let mut group_labels = choose_names(&rows, prep.features, &broad_fixed, &allowed, broad);
        group_labels.truncate(members.len());
        // Two-word names cut from a three-word proper name are completed
        // ("Papua New Guinea"), the fine themes' first, each kept apart from
        // the other level's names.
        let together = |a: usize, b: usize| prep.xt.rows_mostly_shared(a, b);
        let broad_labels: Vec<String> = group_labels.iter().map(|n| n.label.clone()).collect();
        complete_phrases(
            &mut names,
            &h,
            prep.features,
            &fixed,
            &allowed,
            label_cfg,
            &broad_labels,
            together,
        );
        let fine_labels: Vec<String> = names.iter().map(|n| n.label.clone()).collect();
        complete_phrases(
            &mut group_labels,
            &rows,
            prep.features,
            &broad_fixed,
            &allowed,
            broad,
            &fine_labels,
            together,
        );

        let background = background_total.as_ref().map(Array1::view);
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
            &names,
            s,
            &sizes,
            p.top_terms,
            p.representatives,
        )?;

        let theme_groups = describe_groups(
            prep,
            &profiles,
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
        let general_language = raw.background.as_ref().map(|_| GeneralLanguage {
            share: sizes_all.get(k).copied().unwrap_or(0.0),
            themes: folded,
            terms: ranked_general
                .iter()
                .take(GENERAL_TERMS_SHOWN)
                .filter_map(|&j| prep.features.get(j).cloned())
                .collect(),
        });
        let report = ThemesReport {
            model: ModelSummary {
                kind: p.model.kind(),
                weighing: p.model.weighing(),
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
            specificity: None,
            themes: summaries,
            groups: theme_groups.iter().map(|(g, _)| g.clone()).collect(),
            general_language,
            documents,
            unmatched_seeds: Vec::new(),
        };
        let (background_components, passage_background) =
            raw.background.map(|b| (b.components, b.weights)).unzip();
        let model = Themes {
            kind: p.model.kind(),
            weighing: p.model.weighing(),
            seed: p.seed,
            features: prep.features.to_vec(),
            components: h,
            themes: infos,
            background: background_components,
            general_themes: folded,
            general: ranked_general,
            groups: theme_groups.into_iter().map(|(_, info)| info).collect(),
            term_weights: None,
        };
        Ok(ThemeFit {
            model,
            passage_weights: w,
            passage_background,
            document_weights,
            document_general,
            report,
        })
    }
}

/// The context-specificity weights of a fit's rows, what they judge general
/// language, and the rows weighed by them (what the themes are fitted to).
struct Specified {
    weights: Vec<f64>,
    summary: SpecificitySummary,
    matrix: CsMat<f64>,
}

/// What a report says of the terms context specificity weighs zero: how
/// many, and the [`GENERAL_TERMS_SHOWN`] used by most passages.
fn specificity_summary(measured: &Specificity, features: &[String]) -> SpecificitySummary {
    let mut general: Vec<usize> = (0..measured.weights.len())
        .filter(|&j| measured.weights[j] <= 0.0)
        .collect();
    let count = general.len();
    general.sort_by(|&a, &b| {
        let (pa, pb) = (measured.passages[a], measured.passages[b]);
        pb.total_cmp(&pa).then(a.cmp(&b))
    });
    SpecificitySummary {
        dimensions: measured.dimensions,
        general_terms: count,
        examples: general
            .into_iter()
            .take(GENERAL_TERMS_SHOWN)
            .filter_map(|j| features.get(j).cloned())
            .collect(),
    }
}

/// General-language terms listed in a report.
pub(crate) const GENERAL_TERMS_SHOWN: usize = 30;

/// `w` with every row's general-language weight (`total`, see
/// [`Background::total`]) as one more, last column.
pub(crate) fn with_background(w: &Array2<f64>, total: Option<&Array1<f64>>) -> Array2<f64> {
    match total {
        Some(b) => ndarray::concatenate![Axis(1), w.view(), b.view().insert_axis(Axis(1))],
        None => w.clone(),
    }
}

/// `raw` with the themes [`general_themes`] judges general language moved
/// from its themes into its background, and how many there were. The
/// themes keep their order, so seeded themes stay first.
pub(crate) fn fold_general_themes(raw: RawFit, seeded: usize) -> (RawFit, usize) {
    let general = general_themes(&raw.w, seeded);
    let folded: Vec<usize> = (0..general.len()).filter(|&t| general[t]).collect();
    if folded.is_empty() {
        return (raw, 0);
    }
    let kept: Vec<usize> = (0..general.len()).filter(|&t| !general[t]).collect();
    let weights = raw.w.select(Axis(1), &folded);
    let components = raw.h.select(Axis(0), &folded);
    let background = match raw.background {
        Some(b) => Background {
            weights: ndarray::concatenate![Axis(1), b.weights, weights],
            components: ndarray::concatenate![Axis(0), b.components, components],
        },
        None => Background {
            weights,
            components,
        },
    };
    let fit = RawFit {
        w: raw.w.select(Axis(1), &kept),
        h: raw.h.select(Axis(0), &kept),
        background: Some(background),
        ..raw
    };
    (fit, folded.len())
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

/// Each broad theme's profile: the size-weighted sum of its children's
/// (general-language-free) components.
pub(crate) fn group_profiles(
    shown: &Array2<f64>,
    sizes: &[f64],
    members: &[Vec<usize>],
) -> Array2<f64> {
    let mut out = Array2::<f64>::zeros((members.len(), shown.ncols()));
    for (mut profile, children) in out.rows_mut().into_iter().zip(members) {
        for &c in children {
            let weight = sizes.get(c).copied().unwrap_or(0.0);
            profile.scaled_add(weight, &shown.row(c));
        }
    }
    out
}

/// Every broad theme (the fine themes `members[g]`, id `k + g`): its terms
/// (from its profile), label, key terms, coherence and size, as reported
/// and as kept in the model.
#[allow(clippy::too_many_arguments)]
pub(crate) fn describe_groups(
    prep: &Prepared<'_>,
    profiles: &Array2<f64>,
    sizes: &[f64],
    members: &[Vec<usize>],
    names: &[ThemeName],
    k: usize,
    top_terms: usize,
) -> Vec<(ThemeGroup, GroupInfo)> {
    let (unit_map, n_units) = prep.units();
    members
        .iter()
        .enumerate()
        .map(|(g, children)| {
            let top = top_indices(profiles.row(g), top_terms);
            let terms: Vec<String> = top
                .iter()
                .filter_map(|&j| prep.features.get(j).cloned())
                .collect();
            let name = names.get(g).cloned().unwrap_or(ThemeName {
                label: format!("theme {}", k + g + 1),
                key_terms: Vec::new(),
            });
            let size = children.iter().filter_map(|&c| sizes.get(c)).sum();
            (
                ThemeGroup {
                    id: k + g,
                    label: name.label.clone(),
                    key_terms: name.key_terms.clone(),
                    terms: terms.clone(),
                    children: children.clone(),
                    coherence: npmi(&prep.xt, &top, unit_map, n_units),
                    size,
                },
                GroupInfo {
                    id: k + g,
                    label: name.label,
                    key_terms: name.key_terms,
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
    names: &[ThemeName],
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
        let (label, key_terms) = names
            .get(t)
            .map(|n| (n.label.clone(), n.key_terms.clone()))
            .unwrap_or_default();
        infos.push(ThemeInfo {
            id: t,
            label: label.clone(),
            key_terms: key_terms.clone(),
            seeded: t < seeded,
            terms: terms.clone(),
            parent: None,
        });
        summaries.push(ThemeSummary {
            id: t,
            label,
            key_terms,
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
                reason: None,
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
        })
        .collect()
}

/// Documents compared by parallel analysis, at most: an evenly spaced
/// sample of whole documents beyond this. Parallel analysis resolves a
/// theme once enough documents carry it, so its count grows with the
/// sample; the sample bounds the cost (two randomized SVDs of a documents ×
/// terms matrix) to seconds on the 200 MB reference corpus, and a theme
/// carried by fewer than about one document in this many stays below what
/// the count can resolve (`--themes N` reaches it).
pub const PA_DOCUMENTS: usize = 2_000;

/// Fine themes fitted at most with `auto`. The fit and the weighing of
/// every passage cost time proportional to the number of themes (the
/// weighing's per-passage solve its square); this is a compute bound, not
/// a quality setting: at 64 themes the whole report of the 200 MB reference
/// corpus took about 65 s on two cores, over the project's 60 s budget, at
/// 30 about 46 s, and the bound keeps it inside. Broader themes are
/// built over the fine ones, so the readable level does not depend on it.
pub const MAX_FINE_THEMES: usize = 48;

/// Horn's parallel analysis ([`crate::dimension`]) on the documents: every
/// document's passage rows summed and scaled to unit length, for an evenly
/// spaced sample of at most [`PA_DOCUMENTS`] whole documents. Documents,
/// not passages, are the independent units: the passages of one document
/// share its names, places and setting, so at the passage level parallel
/// analysis counts documents rather than themes (16 dimensions in the five
/// seed-news articles). The leading [`MAX_FINE_THEMES`] values are
/// compared, in one pass (the cost of the randomized SVDs grows slowly with
/// the number of values); when all of them stand out, the count is at the
/// bound and [`ParallelAnalysis::saturated`] says so.
fn count_from_data(
    data: &ThemeData<'_>,
    seed: u64,
    cancel: &tidings_cancel::Cancel,
) -> Result<ParallelAnalysis, TopicsError> {
    let documents = sampled_documents(data, PA_DOCUMENTS);
    cancel.check()?;
    let dt = documents.transpose();
    let most = documents.nrows.min(documents.ncols).min(MAX_FINE_THEMES);
    parallel_analysis_csr(&documents, &dt, most, seed, cancel)
}

/// The rows of `data` summed per document (every row its own document
/// without a passage map), for an evenly spaced sample of at most `limit`
/// documents, each sum scaled to unit l2 norm; documents without rows are
/// left out.
fn sampled_documents(data: &ThemeData<'_>, limit: usize) -> Csr {
    let x = data.tfidf.view();
    let (n_rows, n_cols) = x.shape();
    let (documents, n_documents): (Option<&[usize]>, usize) = match &data.passages {
        Some(map) => (Some(map.documents), map.n_documents),
        None => (None, n_rows),
    };
    // Document d is kept when it starts a new step of the even spacing.
    let keep = |d: usize| {
        n_documents <= limit || (d * limit) / n_documents != ((d + 1) * limit) / n_documents
    };
    let mut rows: std::collections::BTreeMap<usize, std::collections::BTreeMap<usize, f64>> =
        std::collections::BTreeMap::new();
    for (i, row) in x.outer_iterator().enumerate() {
        let d = documents.map_or(Some(i), |m| m.get(i).copied());
        let Some(d) = d.filter(|&d| keep(d)) else {
            continue;
        };
        let sums = rows.entry(d).or_default();
        for (j, &v) in row.iter() {
            *sums.entry(j).or_insert(0.0) += v;
        }
    }
    let mut indptr = Vec::with_capacity(rows.len() + 1);
    let mut indices = Vec::new();
    let mut values = Vec::new();
    indptr.push(0);
    for row in rows.values().filter(|r| !r.is_empty()) {
        let norm = row.values().map(|v| v * v).sum::<f64>().sqrt();
        for (&j, &v) in row {
            indices.push(j);
            values.push(if norm > 0.0 { v / norm } else { 0.0 });
        }
        indptr.push(indices.len());
    }
    Csr {
        nrows: indptr.len() - 1,
        ncols: n_cols,
        indptr,
        indices,
        data: values,
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
