//! Fitting: input checks, model runs, theme ordering, labels, quality
//! measures and document weights.

use ndarray::{Array1, Array2, Axis};
use sprs::CsMatView;

use crate::aggregate::{aggregate_documents, row_normalised, PassageMap};
use crate::error::TopicsError;
use crate::kmeans::{kmeans, KMeansConfig};
use crate::labels::{choose_labels, class_tfidf, top_indices, LabelConfig};
use crate::model::{ThemeInfo, Themes};
use crate::nmf::{hals, nndsvd, residual_norm, Anchor, NmfConfig, NmfInit};
use crate::params::{ModelKind, ThemeCount, ValidThemesParams};
use crate::quality::{exclusivity_matrix, npmi};
use crate::report::{
    CountScore, DocumentThemes, ModelSummary, Representative, ThemeSummary, ThemeWeight,
    ThemesReport,
};
use crate::seeds::match_seeds;
use crate::sparse::Csr;

/// The inputs of a fit: a TF-IDF matrix and its feature names, with optional
/// raw counts and passage-to-document map.
#[derive(Debug, Clone)]
pub struct ThemeData<'a> {
    tfidf: CsMatView<'a, f64>,
    features: &'a [String],
    counts: Option<CsMatView<'a, f64>>,
    passages: Option<PassageMap<'a>>,
}

impl<'a> ThemeData<'a> {
    /// `tfidf` has one row per passage (or document), rows l2-normalised,
    /// entries non-negative; `features` names its columns in their most
    /// common surface form (n-grams joined by a space).
    pub fn new(tfidf: CsMatView<'a, f64>, features: &'a [String]) -> Self {
        Self {
            tfidf,
            features,
            counts: None,
            passages: None,
        }
    }

    /// Raw term counts with the same shape, used for label scores (class-based
    /// TF-IDF). Without them the TF-IDF weights are used.
    pub fn with_counts(mut self, counts: CsMatView<'a, f64>) -> Self {
        self.counts = Some(counts);
        self
    }

    /// Maps rows to documents so that document weights, coherence and
    /// sizes are computed per document. Without it each row is a document.
    pub fn with_passages(mut self, map: PassageMap<'a>) -> Self {
        self.passages = Some(map);
        self
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
    /// Normalised document weights, `documents × themes`, rows summing to 1
    /// (or all zero for documents without any theme).
    pub document_weights: Array2<f64>,
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

/// Factors from one model run, before ordering and labelling.
struct RawFit {
    w: Array2<f64>,
    h: Array2<f64>,
    iterations: Option<usize>,
    converged: Option<bool>,
    error: f64,
    inertia: Option<f64>,
}

/// Checked inputs shared by every run.
struct Prepared<'a> {
    x: Csr,
    xt: Csr,
    counts_t: Option<Csr>,
    features: &'a [String],
    passages: Option<PassageMap<'a>>,
    seed_columns: Vec<Vec<usize>>,
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
    pub fn fit_with<F>(&self, data: &ThemeData<'_>, normalise: &F) -> Result<ThemeFit, TopicsError>
    where
        F: Fn(&str) -> Vec<String>,
    {
        let p = &self.0;
        let x = Csr::from_sprs(data.tfidf)?;
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
        let counts_t = match data.counts {
            Some(c) => {
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
        let (seed_columns, unmatched) = match_seeds(&p.seeded, data.features, normalise);
        let xt = x.transpose();
        let prep = Prepared {
            x,
            xt,
            counts_t,
            features: data.features,
            passages: data.passages,
            seed_columns,
        };
        let s = p.seeded.len();
        let ks: Vec<usize> = match p.count {
            ThemeCount::Fixed(k) => vec![k.max(s)],
            ThemeCount::Auto { min, max } => (min.max(s)..=max.max(s)).collect(),
        };
        let limit = prep.x.nrows.min(prep.x.ncols);
        if let Some(&k) = ks.iter().find(|&&k| k > limit || k == 0) {
            return Err(TopicsError::TooManyThemes {
                requested: k,
                rows: prep.x.nrows,
                cols: prep.x.ncols,
            });
        }
        let x_norm = prep.x.sq_norm().sqrt();
        let mut best: Option<(f64, RawFit)> = None;
        let mut selection = Vec::new();
        for &k in &ks {
            let raw = self.run(&prep, k)?;
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
        fit.report.unmatched_seeds = unmatched;
        Ok(fit)
    }

    /// One model run with `k` themes (seeded first).
    fn run(&self, prep: &Prepared<'_>, k: usize) -> Result<RawFit, TopicsError> {
        let p = &self.0;
        match p.model {
            ModelKind::KMeans => {
                let fit = kmeans(
                    &prep.x,
                    &prep.xt,
                    KMeansConfig {
                        k,
                        components: p.lsa_components,
                        n_runs: p.n_runs,
                        max_iter: p.max_iter,
                        tol: p.tol,
                        seed: p.seed,
                    },
                )?;
                Ok(RawFit {
                    w: fit.w,
                    h: fit.h,
                    iterations: None,
                    converged: None,
                    error: fit.error,
                    inertia: Some(fit.inertia),
                })
            }
            ModelKind::Nmf => {
                let (w, ht, anchors) = self.nmf_start(prep, k)?;
                let cfg = NmfConfig {
                    max_iter: p.max_iter,
                    tol: p.tol,
                    anchors,
                };
                let fit = hals(&prep.x, &prep.xt, w, ht, &cfg);
                Ok(RawFit {
                    w: fit.w,
                    h: fit.h,
                    iterations: Some(fit.iterations),
                    converged: Some(fit.converged),
                    error: fit.error,
                    inertia: None,
                })
            }
        }
    }

    /// Starting factors: seeded themes from the centroid of the rows that
    /// contain their seeds, the rest from NNDSVD(a).
    #[allow(clippy::type_complexity)]
    fn nmf_start(
        &self,
        prep: &Prepared<'_>,
        k: usize,
    ) -> Result<(Array2<f64>, Array2<f64>, Vec<Anchor>), TopicsError> {
        let p = &self.0;
        let (x, xt) = (&prep.x, &prep.xt);
        let anchored: Vec<(usize, &Vec<usize>)> = prep
            .seed_columns
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .collect();
        let free = k - anchored.len();
        let (w_free, ht_free) = nndsvd(x, xt, free, p.init, p.seed)?;
        let typical_norm = {
            let norms: Vec<f64> = ht_free
                .columns()
                .into_iter()
                .map(|c| c.dot(&c).sqrt())
                .filter(|n| *n > 0.0)
                .collect();
            if norms.is_empty() {
                1.0
            } else {
                norms.iter().sum::<f64>() / norms.len() as f64
            }
        };
        let avg = x.sum() / (x.nrows as f64 * x.ncols as f64);
        let mut w = Array2::<f64>::zeros((x.nrows, k));
        let mut ht = Array2::<f64>::zeros((x.ncols, k));
        let mut anchors = Vec::new();
        let mut next_free = 0;
        for t in 0..k {
            let seeded = anchored.iter().find(|(i, _)| *i == t);
            match seeded {
                Some((_, cols)) if t < prep.seed_columns.len() => {
                    // Weight of the seeds in every row, then the weighted centroid.
                    let mut sel = Array2::<f64>::zeros((x.ncols, 1));
                    for &j in cols.iter() {
                        if let Some(v) = sel.get_mut([j, 0]) {
                            *v = 1.0;
                        }
                    }
                    let row_weight = x.dot_dense(sel.view());
                    let mut allowed = associated_terms(xt, row_weight.column(0));
                    for &j in cols.iter() {
                        if let Some(a) = allowed.get_mut(j) {
                            *a = true;
                        }
                    }
                    let mut h = xt.dot_dense(row_weight.view()).remove_axis(Axis(1));
                    for (v, &ok) in h.iter_mut().zip(&allowed) {
                        if !ok {
                            *v = 0.0;
                        }
                    }
                    let top = h.iter().copied().fold(0.0f64, f64::max);
                    for &j in cols.iter() {
                        if let Some(v) = h.get_mut(j) {
                            *v = v.max(top);
                        }
                    }
                    let norm = h.dot(&h).sqrt();
                    if norm > 0.0 {
                        h *= typical_norm / norm;
                    }
                    let hh = h.dot(&h);
                    let hcol = h.clone().insert_axis(Axis(1));
                    let mut wcol = x.dot_dense(hcol.view()).remove_axis(Axis(1));
                    if hh > 0.0 {
                        wcol /= hh;
                    }
                    if p.init == NmfInit::Nndsvda {
                        for (v, &ok) in h.iter_mut().zip(&allowed) {
                            if ok && *v == 0.0 {
                                *v = avg;
                            }
                        }
                        wcol.mapv_inplace(|a| if a == 0.0 { avg } else { a });
                    }
                    ht.column_mut(t).assign(&h);
                    w.column_mut(t).assign(&wcol);
                    anchors.push(Anchor {
                        theme: t,
                        columns: cols.to_vec(),
                        allowed,
                        strength: p.anchor_strength,
                    });
                }
                _ => {
                    ht.column_mut(t).assign(&ht_free.column(next_free));
                    w.column_mut(t).assign(&w_free.column(next_free));
                    next_free += 1;
                }
            }
        }
        Ok((w, ht, anchors))
    }

    /// Orders themes, labels them and measures them.
    fn finish(
        &self,
        prep: &Prepared<'_>,
        raw: RawFit,
        x_norm: f64,
    ) -> Result<ThemeFit, TopicsError> {
        let p = &self.0;
        let s = p.seeded.len();
        let k = raw.h.nrows();
        let lengths: Vec<f64> = match &prep.passages {
            Some(m) => m.lengths.to_vec(),
            None => vec![1.0; prep.x.nrows],
        };
        // Sizes: length-weighted share of normalised passage weights.
        let wn = row_normalised(raw.w.view());
        let sizes = theme_sizes(&wn, &lengths);
        // Seeded first (file order), then discovered by decreasing size.
        let mut order: Vec<usize> = (0..s.min(k)).collect();
        let mut rest: Vec<usize> = (s.min(k)..k).collect();
        rest.sort_by(|&a, &b| sizes[b].total_cmp(&sizes[a]).then(a.cmp(&b)));
        order.extend(rest);
        let w = raw.w.select(Axis(1), &order);
        let h = raw.h.select(Axis(0), &order);
        let wn = wn.select(Axis(1), &order);
        let sizes: Vec<f64> = order.iter().map(|&i| sizes[i]).collect();

        // Labels by class-based TF-IDF of (soft) theme membership.
        let counts_t = prep.counts_t.as_ref().unwrap_or(&prep.xt);
        let class_counts = counts_t.dot_dense(wn.view()).reversed_axes();
        let scores = class_tfidf(&class_counts.as_standard_layout().into_owned());
        let fixed: Vec<Option<String>> = (0..k)
            .map(|t| p.seeded.get(t).map(|st| st.name.clone()))
            .collect();
        let labels = choose_labels(
            &scores,
            prep.features,
            &fixed,
            LabelConfig {
                candidates: p.label_candidates,
                phrase_ratio: p.phrase_ratio,
            },
        );

        let Summarised {
            summaries,
            infos,
            document_weights,
            documents,
        } = summarise(
            prep,
            &w,
            &wn,
            &h,
            &labels,
            s,
            &sizes,
            p.top_terms,
            p.representatives,
        )?;
        let report = ThemesReport {
            model: ModelSummary {
                kind: p.model,
                n_themes: k,
                iterations: raw.iterations,
                converged: raw.converged,
                reconstruction_error: raw.error,
                relative_error: if x_norm > 0.0 {
                    raw.error / x_norm
                } else {
                    0.0
                },
                inertia: raw.inertia,
                seed: p.seed,
            },
            selection: Vec::new(),
            themes: summaries,
            documents,
            unmatched_seeds: Vec::new(),
        };
        let model = Themes {
            kind: p.model,
            seed: p.seed,
            features: prep.features.to_vec(),
            components: h,
            themes: infos,
        };
        Ok(ThemeFit {
            model,
            passage_weights: w,
            document_weights,
            report,
        })
    }
}

/// Per-theme summaries, model identities and document weights.
struct Summarised {
    summaries: Vec<ThemeSummary>,
    infos: Vec<ThemeInfo>,
    document_weights: Array2<f64>,
    documents: Vec<DocumentThemes>,
}

/// Measures every theme of `h` on the rows of `prep`: top terms, NPMI
/// coherence, exclusivity, representatives; and aggregates `w` to documents.
/// Themes are taken in the order of `h`'s rows; the first `seeded` are
/// seeded.
#[allow(clippy::too_many_arguments)]
fn summarise(
    prep: &Prepared<'_>,
    w: &Array2<f64>,
    wn: &Array2<f64>,
    h: &Array2<f64>,
    labels: &[String],
    seeded: usize,
    sizes: &[f64],
    top_terms: usize,
    n_representatives: usize,
) -> Result<Summarised, TopicsError> {
    let k = h.nrows();
    let excl = exclusivity_matrix(h);
    let (unit_map, n_units) = units(prep);
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
        });
        summaries.push(ThemeSummary {
            id: t,
            label,
            seeded: t < seeded,
            terms,
            coherence,
            exclusivity,
            size: sizes.get(t).copied().unwrap_or(0.0),
            representatives,
        });
    }
    let document_weights = match &prep.passages {
        Some(map) => aggregate_documents(w.view(), map)?,
        None => wn.clone(),
    };
    let documents = document_weights
        .rows()
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
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
                themes,
                reason: None,
            }
        })
        .collect();
    Ok(Summarised {
        summaries,
        infos,
        document_weights,
        documents,
    })
}

/// Length-weighted share of each theme in the normalised row weights `wn`.
fn theme_sizes(wn: &Array2<f64>, lengths: &[f64]) -> Vec<f64> {
    let len_col = Array1::from(lengths.to_vec()).insert_axis(Axis(1));
    let mass = (wn * &len_col).sum_axis(Axis(0));
    let total: f64 = mass.sum();
    mass.iter()
        .map(|m| if total > 0.0 { m / total } else { 0.0 })
        .collect()
}

impl Themes {
    /// Applies the fitted themes to new rows: weights by non-negative least
    /// squares against the fixed components ([`Themes::transform`]), then
    /// the same measures as a fit (size, NPMI coherence over the new rows,
    /// exclusivity, representatives, document weights). Labels, terms and
    /// ids are the model's, so reports over new documents stay comparable.
    ///
    /// `data` must have the model's features as columns, weighted as the
    /// training matrix was. `representatives` passages are kept per theme.
    ///
    /// # Errors
    /// [`TopicsError::DimensionMismatch`] when the columns differ from the
    /// model's features, [`TopicsError::EmptyMatrix`] for a matrix without
    /// rows, and the errors of [`PassageMap`] validation.
    pub fn apply(
        &self,
        data: &ThemeData<'_>,
        representatives: usize,
    ) -> Result<ThemeFit, TopicsError> {
        let x = Csr::from_sprs(data.tfidf)?;
        self.apply_rows(x, data.passages, representatives)
    }

    /// [`Themes::apply`] to a matrix given by value: its arrays are used in
    /// place instead of copied, which halves the memory for large matrices.
    ///
    /// # Errors
    /// As [`Themes::apply`].
    pub fn apply_owned(
        &self,
        tfidf: sprs::CsMat<f64>,
        passages: Option<PassageMap<'_>>,
        representatives: usize,
    ) -> Result<ThemeFit, TopicsError> {
        let x = Csr::from_sprs_owned(tfidf)?;
        self.apply_rows(x, passages, representatives)
    }

    fn apply_rows(
        &self,
        x: Csr,
        passages: Option<PassageMap<'_>>,
        representatives: usize,
    ) -> Result<ThemeFit, TopicsError> {
        if x.nrows == 0 {
            return Err(TopicsError::EmptyMatrix {
                rows: x.nrows,
                cols: x.ncols,
                nnz: x.nnz(),
            });
        }
        if x.ncols != self.features.len() {
            return Err(TopicsError::DimensionMismatch {
                what: "matrix columns vs model features",
                expected: self.features.len(),
                found: x.ncols,
            });
        }
        if let Some(map) = &passages {
            map.validate(x.nrows)?;
        }
        let h = &self.components;
        let w = self.weigh(&x);
        let x_norm = x.sq_norm().sqrt();
        let error = residual_norm(&x, &w, h);
        let top_terms = self
            .themes
            .iter()
            .map(|t| t.terms.len())
            .max()
            .unwrap_or(10);
        // Only the top terms are measured (coherence): transpose just those
        // columns rather than copying the whole matrix again.
        let mut measured = vec![false; x.ncols];
        for row in h.rows() {
            for j in top_indices(row, top_terms) {
                if let Some(m) = measured.get_mut(j) {
                    *m = true;
                }
            }
        }
        let xt = x.transpose_columns(|j| measured.get(j).copied().unwrap_or(false));
        let prep = Prepared {
            x,
            xt,
            counts_t: None,
            features: &self.features,
            passages,
            seed_columns: Vec::new(),
        };
        let lengths: Vec<f64> = match &prep.passages {
            Some(m) => m.lengths.to_vec(),
            None => vec![1.0; prep.x.nrows],
        };
        let wn = row_normalised(w.view());
        let sizes = theme_sizes(&wn, &lengths);
        let labels: Vec<String> = self.themes.iter().map(|t| t.label.clone()).collect();
        let seeded = self.themes.iter().filter(|t| t.seeded).count();
        let Summarised {
            mut summaries,
            infos: _,
            document_weights,
            documents,
        } = summarise(
            &prep,
            &w,
            &wn,
            h,
            &labels,
            seeded,
            &sizes,
            top_terms,
            representatives,
        )?;
        // The model's own terms and seeded flags, not recomputed ones.
        for (s, info) in summaries.iter_mut().zip(&self.themes) {
            s.terms = info.terms.clone();
            s.seeded = info.seeded;
        }
        let report = ThemesReport {
            model: ModelSummary {
                kind: self.kind,
                n_themes: self.n_themes(),
                iterations: None,
                converged: None,
                reconstruction_error: error,
                relative_error: if x_norm > 0.0 { error / x_norm } else { 0.0 },
                inertia: None,
                seed: self.seed,
            },
            selection: Vec::new(),
            themes: summaries,
            documents,
            unmatched_seeds: Vec::new(),
        };
        Ok(ThemeFit {
            model: self.clone(),
            passage_weights: w,
            document_weights,
            report,
        })
    }
}

/// Terms positively associated with the rows that contain seeds: a term is
/// allowed in a seeded theme when its document frequency among seed rows
/// exceeds its frequency in the whole matrix (lift > 1) and it occurs in at
/// least two seed rows (one, when only one row has seeds). The caller also
/// allows the seeds themselves.
fn associated_terms(xt: &Csr, seed_weight: ndarray::ArrayView1<'_, f64>) -> Vec<bool> {
    let n = xt.ncols as f64;
    let seed_rows = seed_weight.iter().filter(|&&v| v > 0.0).count() as f64;
    (0..xt.nrows)
        .map(|j| {
            let (rows, _) = xt.row(j);
            let df = rows.len() as f64;
            let in_seed = rows
                .iter()
                .filter(|&&r| seed_weight.get(r).is_some_and(|&v| v > 0.0))
                .count() as f64;
            let min_rows = if seed_rows >= 2.0 { 2.0 } else { 1.0 };
            in_seed >= min_rows && in_seed / seed_rows > df / n
        })
        .collect()
}

/// The co-occurrence units: documents when a passage map is given, else rows.
fn units<'a>(prep: &'a Prepared<'_>) -> (Option<&'a [usize]>, usize) {
    match &prep.passages {
        Some(m) => (Some(m.documents), m.n_documents),
        None => (None, prep.x.nrows),
    }
}

/// Mean NPMI coherence of the top terms of every theme in `h`.
fn mean_coherence(prep: &Prepared<'_>, h: &Array2<f64>, top_terms: usize) -> f64 {
    let (unit_map, n_units) = units(prep);
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
