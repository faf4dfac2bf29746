//! Mergeable term statistics: everything a fit needs, collected from any
//! number of shards and merged in any order with exactly the same result.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use tidings_tokenize::{AnalyzerConfig, NgramRange};

use crate::assembly::DROPPED;
use crate::counting::{LocalCounts, SurfaceTable};
use crate::interner::TermInterner;
use crate::TfidfError;

/// Term statistics of a set of documents: number of documents, and for every
/// term its document frequency, total count and surface forms.
///
/// All counts are integers, so merging is exact, commutative and associative:
/// fitting shards separately, merging their statistics (in any order) and
/// calling [`Vectorizer::fit_stats`](crate::Vectorizer::fit_stats) gives
/// exactly the model of one fit on all documents. Statistics are a serde
/// value (see [`TermStats::to_json`]) and have a compact, canonical binary
/// form ([`TermStats::to_bytes`]), so shards can be counted on other
/// machines.
#[derive(Clone, Debug)]
pub struct TermStats {
    pub(crate) analyzer: AnalyzerConfig,
    pub(crate) ngrams: NgramRange,
    pub(crate) n_docs: u64,
    pub(crate) terms: TermInterner,
    pub(crate) df: Vec<u64>,
    pub(crate) tf: Vec<u64>,
    pub(crate) surface_forms: bool,
    /// Distinct surface forms that differ from their term.
    pub(crate) surfaces: TermInterner,
    /// `(term, surface) -> count`, only for surfaces that differ from the term.
    pub(crate) surface_counts: FxHashMap<(u32, u32), u64>,
}

/// Collapse whitespace runs to one space and trim, so that an n-gram broken
/// over lines reads as it would in a label.
pub(crate) fn normalize_surface(raw: &str) -> std::borrow::Cow<'_, str> {
    let needs = raw.starts_with(char::is_whitespace)
        || raw.ends_with(char::is_whitespace)
        || raw.char_indices().any(|(i, c)| {
            c.is_whitespace()
                && (c != ' '
                    || raw
                        .get(i + 1..)
                        .is_some_and(|rest| rest.starts_with(char::is_whitespace)))
        });
    if !needs {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    std::borrow::Cow::Owned(out)
}

impl TermStats {
    /// Empty statistics for an analyzer and n-gram range.
    pub fn new(analyzer: AnalyzerConfig, ngrams: NgramRange, surface_forms: bool) -> Self {
        TermStats {
            analyzer,
            ngrams,
            n_docs: 0,
            terms: TermInterner::new(),
            df: Vec::new(),
            tf: Vec::new(),
            surface_forms,
            surfaces: TermInterner::new(),
            surface_counts: FxHashMap::default(),
        }
    }

    /// Number of documents counted.
    pub fn n_docs(&self) -> u64 {
        self.n_docs
    }

    /// Number of distinct terms (before any pruning).
    pub fn n_terms(&self) -> usize {
        self.terms.len()
    }

    /// Document frequency and total count of `term`, if it was seen.
    pub fn term(&self, term: &str) -> Option<(u64, u64)> {
        let id = self.terms.get(term)? as usize;
        Some((*self.df.get(id)?, *self.tf.get(id)?))
    }

    fn intern(&mut self, term: &str) -> u32 {
        let (id, fresh) = self.terms.intern(term);
        if fresh {
            self.df.push(0);
            self.tf.push(0);
        }
        id
    }

    /// Keep only the `cap` terms with the largest total count (ties: the
    /// smaller term), with their surface forms. Returns the old id → new id
    /// map (`DROPPED` for pruned terms), or `None` when nothing was pruned.
    pub(crate) fn prune_to(&mut self, cap: usize) -> Option<Vec<u32>> {
        if self.terms.len() <= cap {
            return None;
        }
        let mut order: Vec<u32> = (0..self.terms.len() as u32).collect();
        let count = |id: u32| self.tf.get(id as usize).copied().unwrap_or(0);
        order.sort_unstable_by(|&a, &b| {
            count(b)
                .cmp(&count(a))
                .then_with(|| self.terms.term(a).cmp(self.terms.term(b)))
        });
        order.truncate(cap);
        // Keep the survivors in their old id order.
        order.sort_unstable();
        let mut remap = vec![DROPPED; self.terms.len()];
        let terms = TermInterner::from_terms(order.iter().map(|&id| self.terms.term(id)));
        let mut df = Vec::with_capacity(order.len());
        let mut tf = Vec::with_capacity(order.len());
        for (new, &old) in order.iter().enumerate() {
            if let Some(slot) = remap.get_mut(old as usize) {
                *slot = new as u32;
            }
            df.push(self.df.get(old as usize).copied().unwrap_or(0));
            tf.push(self.tf.get(old as usize).copied().unwrap_or(0));
        }
        let mut surfaces = TermInterner::new();
        let mut surface_counts = FxHashMap::default();
        let mut entries: Vec<(&(u32, u32), &u64)> = self.surface_counts.iter().collect();
        entries.sort_unstable();
        for (&(term, surface), &n) in entries {
            let Some(&new) = remap.get(term as usize).filter(|&&t| t != DROPPED) else {
                continue;
            };
            let (sid, _) = surfaces.intern(self.surfaces.term(surface));
            surface_counts.insert((new, sid), n);
        }
        self.terms = terms;
        self.df = df;
        self.tf = tf;
        self.surfaces = surfaces;
        self.surface_counts = surface_counts;
        Some(remap)
    }

    /// Add one chunk's counts; returns the chunk-local → global id map.
    pub(crate) fn absorb(&mut self, local: LocalCounts) -> Vec<u32> {
        let (map, surfaces) = self.absorb_terms(local);
        if let (true, Some(surfaces)) = (self.surface_forms, surfaces) {
            self.absorb_surfaces(&map, surfaces);
        }
        map
    }

    /// Add one chunk's document count and term counts, but not its surface
    /// forms; returns the chunk-local → global id map and the chunk's
    /// surface forms (chunk-local term ids), for [`Self::absorb_surfaces`] or
    /// for a caller that only needs the forms of the terms it keeps.
    pub(crate) fn absorb_terms(&mut self, local: LocalCounts) -> (Vec<u32>, Option<SurfaceTable>) {
        let mut map = Vec::with_capacity(local.terms.len());
        for (lid, term) in local.terms.iter() {
            let gid = self.intern(term);
            let g = gid as usize;
            if let (Some(df), Some(&d)) = (self.df.get_mut(g), local.df.get(lid as usize)) {
                *df += d;
            }
            if let (Some(tf), Some(&t)) = (self.tf.get_mut(g), local.tf.get(lid as usize)) {
                *tf += t;
            }
            map.push(gid);
        }
        self.n_docs += local.n_docs;
        (map, local.surfaces)
    }

    /// Add a chunk's surface forms; `map` is its chunk-local → global id map.
    pub(crate) fn absorb_surfaces(&mut self, map: &[u32], surfaces: SurfaceTable) {
        for ((_, raw), (&lid, &count)) in surfaces
            .spans
            .iter()
            .zip(surfaces.term_of.iter().zip(surfaces.count.iter()))
        {
            if let Some(&gid) = map.get(lid as usize) {
                self.add_surface(gid, raw, count);
            }
        }
        for ((lid, raw), count) in surfaces.overflow {
            if let Some(&gid) = map.get(lid as usize) {
                self.add_surface(gid, &raw, count);
            }
        }
    }

    fn add_surface(&mut self, gid: u32, raw: &str, count: u64) {
        let surface = normalize_surface(raw);
        if surface == self.terms.term(gid) {
            return; // identity forms are implied: tf minus the other forms
        }
        let (sid, _) = self.surfaces.intern(&surface);
        *self.surface_counts.entry((gid, sid)).or_insert(0) += count;
    }

    /// Add `other`'s counts to these.
    ///
    /// # Errors
    /// [`TfidfError::IncompatibleStats`] when the two were collected with a
    /// different analyzer configuration, n-gram range or surface-form setting.
    pub fn merge(&mut self, other: &TermStats) -> Result<(), TfidfError> {
        self.check_compatible(other)?;
        let mut map = Vec::with_capacity(other.terms.len());
        for (oid, term) in other.terms.iter() {
            let gid = self.intern(term);
            let (g, o) = (gid as usize, oid as usize);
            // Saturating: counts decoded from bytes (`from_bytes`) may be
            // anything, and merging them must not panic.
            if let (Some(df), Some(&d)) = (self.df.get_mut(g), other.df.get(o)) {
                *df = df.saturating_add(d);
            }
            if let (Some(tf), Some(&t)) = (self.tf.get_mut(g), other.tf.get(o)) {
                *tf = tf.saturating_add(t);
            }
            map.push(gid);
        }
        self.n_docs = self.n_docs.saturating_add(other.n_docs);
        for (&(oterm, osurface), &count) in &other.surface_counts {
            if let Some(&gid) = map.get(oterm as usize) {
                let (sid, _) = self.surfaces.intern(other.surfaces.term(osurface));
                let c = self.surface_counts.entry((gid, sid)).or_insert(0);
                *c = c.saturating_add(count);
            }
        }
        Ok(())
    }

    pub(crate) fn check_compatible(&self, other: &TermStats) -> Result<(), TfidfError> {
        let differs = |what: &'static str, l: String, r: String| TfidfError::IncompatibleStats {
            what,
            left: l,
            right: r,
        };
        let json = |v: &dyn erased::Json| v.json();
        if self.analyzer != other.analyzer {
            return Err(differs(
                "analyzer",
                json(&self.analyzer),
                json(&other.analyzer),
            ));
        }
        if self.ngrams != other.ngrams {
            return Err(differs("ngrams", json(&self.ngrams), json(&other.ngrams)));
        }
        if self.surface_forms != other.surface_forms {
            return Err(differs(
                "surface_forms",
                self.surface_forms.to_string(),
                other.surface_forms.to_string(),
            ));
        }
        Ok(())
    }

    /// The statistics as JSON (for shipping shards between processes).
    ///
    /// # Errors
    /// Only if serialisation fails, which it does not for valid statistics.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(&StatsRecord::from(self))
    }

    /// Statistics from [`TermStats::to_json`]'s output.
    ///
    /// # Errors
    /// When `json` is not such a document.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        let record: StatsRecord = serde_json::from_str(json)?;
        Ok(record.into_stats())
    }
}

mod erased {
    /// Serialise any setting for an error message.
    pub(super) trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}

/// The serde form of [`TermStats`].
#[derive(Serialize, Deserialize)]
struct StatsRecord {
    analyzer: AnalyzerConfig,
    ngrams: NgramRange,
    n_docs: u64,
    surface_forms: bool,
    terms: Vec<String>,
    df: Vec<u64>,
    tf: Vec<u64>,
    /// `(term index, surface, count)`, sorted for a canonical form.
    surfaces: Vec<(u32, String, u64)>,
}

impl From<&TermStats> for StatsRecord {
    fn from(s: &TermStats) -> Self {
        let mut surfaces: Vec<(u32, String, u64)> = s
            .surface_counts
            .iter()
            .map(|(&(t, sf), &c)| (t, s.surfaces.term(sf).to_owned(), c))
            .collect();
        surfaces.sort();
        StatsRecord {
            analyzer: s.analyzer.clone(),
            ngrams: s.ngrams,
            n_docs: s.n_docs,
            surface_forms: s.surface_forms,
            terms: s.terms.iter().map(|(_, t)| t.to_owned()).collect(),
            df: s.df.clone(),
            tf: s.tf.clone(),
            surfaces,
        }
    }
}

impl StatsRecord {
    fn into_stats(self) -> TermStats {
        let mut stats = TermStats::new(self.analyzer, self.ngrams, self.surface_forms);
        stats.n_docs = self.n_docs;
        for (i, term) in self.terms.iter().enumerate() {
            let id = stats.intern(term) as usize;
            if let (Some(df), Some(&d)) = (stats.df.get_mut(id), self.df.get(i)) {
                *df += d;
            }
            if let (Some(tf), Some(&t)) = (stats.tf.get_mut(id), self.tf.get(i)) {
                *tf += t;
            }
        }
        for (t, surface, count) in self.surfaces {
            if let Some(term) = self.terms.get(t as usize) {
                if let Some(gid) = stats.terms.get(term) {
                    let (sid, _) = stats.surfaces.intern(&surface);
                    *stats.surface_counts.entry((gid, sid)).or_insert(0) += count;
                }
            }
        }
        stats
    }
}
