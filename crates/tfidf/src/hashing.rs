//! Hashing mode: a fixed number of columns and no vocabulary, for unbounded streams.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sprs::CsMat;
use tidings_tokenize::{Analyzer, AnalyzerConfig, NgramRange, Preset};

use crate::assembly::assemble;
use crate::counting::{push_row, ColumnCounter};
use crate::weighting::Weights;
use crate::{Norm, TfWeighting, TfidfError};

/// 32-bit MurmurHash3 (x86_32) of `bytes` with `seed`: stable across
/// platforms, Rust versions and releases of this crate.
pub fn murmur3_32(bytes: &[u8], seed: u32) -> u32 {
    const C1: u32 = 0xcc9e_2d51;
    const C2: u32 = 0x1b87_3593;
    let mut h = seed;
    let mut chunks = bytes.chunks_exact(4);
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 4]>::try_from(chunk) else {
            continue;
        };
        let mut k = u32::from_le_bytes(word);
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        h ^= k;
        h = h.rotate_left(13).wrapping_mul(5).wrapping_add(0xe654_6b64);
    }
    let tail = chunks.remainder();
    let mut k = 0u32;
    for (i, &b) in tail.iter().enumerate() {
        k ^= u32::from(b) << (8 * i);
    }
    if !tail.is_empty() {
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        h ^= k;
    }
    h ^= bytes.len() as u32;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// The largest accepted `n_features` (column ids are `u32`).
pub const MAX_HASHED_FEATURES: usize = 1 << 31;

/// Parameters of the hashing vectorizer.
///
/// A term goes to column `murmur3_32(term, seed) % n_features`. Colliding
/// terms add their counts; there is no sign alternation, so every value is
/// non-negative. There is no idf (it would need a fitted corpus); tf
/// weighting and row normalisation are as in [`VectorizerParams`](crate::VectorizerParams).
/// Not scikit-learn's `HashingVectorizer` (whose column order and signs differ).
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HashingParams {
    /// How texts are split into terms. By default, the tokenizer's Default preset.
    pub analyzer: AnalyzerConfig,
    /// Which n-grams are counted. By default, 1..=2.
    pub ngrams: NgramRange,
    /// Number of columns. By default, 2^20.
    pub n_features: usize,
    /// Hash seed. By default, 0.
    pub seed: u32,
    /// tf weighting. By default, `Sublinear`.
    pub tf: TfWeighting,
    /// Row normalisation. By default, `L2`.
    pub norm: Norm,
}

impl Default for HashingParams {
    fn default() -> Self {
        HashingParams {
            analyzer: AnalyzerConfig::preset(Preset::Default),
            ngrams: NgramRange::new(1, 2).unwrap_or_else(|_| NgramRange::unigrams()),
            n_features: 1 << 20,
            seed: 0,
            tf: TfWeighting::Sublinear,
            norm: Norm::L2,
        }
    }
}

impl HashingParams {
    /// Set the analyzer configuration.
    pub fn analyzer(mut self, analyzer: AnalyzerConfig) -> Self {
        self.analyzer = analyzer;
        self
    }
    /// Set the n-gram range.
    pub fn ngrams(mut self, ngrams: NgramRange) -> Self {
        self.ngrams = ngrams;
        self
    }
    /// Set the number of columns.
    pub fn n_features(mut self, n_features: usize) -> Self {
        self.n_features = n_features;
        self
    }
    /// Set the hash seed.
    pub fn seed(mut self, seed: u32) -> Self {
        self.seed = seed;
        self
    }
    /// Set the tf weighting.
    pub fn tf(mut self, tf: TfWeighting) -> Self {
        self.tf = tf;
        self
    }
    /// Set the row normalisation.
    pub fn norm(mut self, norm: Norm) -> Self {
        self.norm = norm;
        self
    }

    /// Validate and build the analyzer.
    ///
    /// # Errors
    /// [`TfidfError::InvalidFeatureCount`] unless `1 <= n_features <= 2^31`;
    /// [`TfidfError::Analyzer`].
    pub fn check(self) -> Result<HashingVectorizer, TfidfError> {
        if self.n_features == 0 || self.n_features > MAX_HASHED_FEATURES {
            return Err(TfidfError::InvalidFeatureCount {
                n_features: self.n_features,
                max: MAX_HASHED_FEATURES,
            });
        }
        let analyzer = Analyzer::new(self.analyzer.clone())?;
        Ok(HashingVectorizer {
            params: self,
            analyzer,
        })
    }
}

/// A checked hashing vectorizer; stateless, so `transform` needs no fit.
#[derive(Clone)]
pub struct HashingVectorizer {
    params: HashingParams,
    analyzer: Analyzer,
}

impl std::fmt::Debug for HashingVectorizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HashingVectorizer")
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl HashingVectorizer {
    /// The checked parameters.
    pub fn params(&self) -> &HashingParams {
        &self.params
    }

    /// The column of `term`.
    pub fn column(&self, term: &str) -> usize {
        murmur3_32(term.as_bytes(), self.params.seed) as usize % self.params.n_features
    }

    /// Rows of `texts` (in order): documents × `n_features`, CSR.
    ///
    /// # Errors
    /// Only [`TfidfError::InvalidMatrix`], an internal invariant.
    pub fn transform<T: AsRef<str> + Sync>(&self, texts: &[T]) -> Result<CsMat<f64>, TfidfError> {
        let n = self.params.n_features;
        let per_task = texts
            .len()
            .div_ceil(rayon::current_num_threads() * 4)
            .max(1);
        let blocks: Vec<_> = texts
            .par_chunks(per_task)
            .map(|chunk| {
                let mut session = self.analyzer.session();
                let mut counter = ColumnCounter::new(n);
                let mut blocks = Vec::new();
                for text in chunk {
                    counter.start();
                    session.terms(text.as_ref(), self.params.ngrams, |term, _| {
                        counter.add(self.column(term) as u32);
                    });
                    push_row(&mut blocks, counter.row());
                }
                blocks
            })
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect();
        let weights = Weights {
            tf: self.params.tf,
            idf: None,
            norm: self.params.norm,
        };
        assemble(blocks, None, n, weights)
    }
}

#[cfg(test)]
mod tests {
    use super::murmur3_32;

    #[test]
    fn murmur3_reference_values() {
        // Reference values of MurmurHash3_x86_32 (as in smhasher and scikit-learn's murmurhash3_32 as unsigned).
        assert_eq!(murmur3_32(b"", 0), 0);
        assert_eq!(murmur3_32(b"", 1), 0x514e_28b7);
        assert_eq!(murmur3_32(b"hello", 0), 0x248b_fa47);
        assert_eq!(murmur3_32(b"Hello, world!", 1234), 0xfaf6_cdb3);
    }
}
