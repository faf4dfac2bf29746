//! Token and distinct-term counts of a set of texts, for corpus summaries.

use rayon::prelude::*;
use tidings_tokenize::Analyzer;

/// How many tokens a set of texts holds, and how many distinct terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenCounts {
    /// Tokens (after stopword removal and stemming, as the analyzer gives them).
    pub tokens: u64,
    /// Distinct terms among them.
    pub distinct_terms: usize,
}

/// Counts the tokens and distinct terms of `texts` with `analyzer`, in
/// parallel; the result does not depend on the number of threads.
///
/// ```
/// use tidings_tfidf::count_tokens;
/// use tidings_tokenize::{Analyzer, AnalyzerConfig, Preset};
/// let analyzer = Analyzer::new(AnalyzerConfig::preset(Preset::Sklearn))?;
/// let counts = count_tokens(&analyzer, &["the cat", "the dog"]);
/// assert_eq!((counts.tokens, counts.distinct_terms), (4, 3));
/// # Ok::<(), tidings_tokenize::TokenizeError>(())
/// ```
pub fn count_tokens<T: AsRef<str> + Sync>(analyzer: &Analyzer, texts: &[T]) -> TokenCounts {
    let per_text: Vec<(u64, Vec<String>)> = texts
        .par_iter()
        .map_init(
            || analyzer.session(),
            |session, text| {
                let mut n = 0u64;
                let mut terms = Vec::new();
                session.tokens(text.as_ref(), |t| {
                    n += 1;
                    terms.push(t.term.to_string());
                });
                terms.sort_unstable();
                terms.dedup();
                (n, terms)
            },
        )
        .collect();
    let tokens = per_text.iter().map(|(n, _)| n).sum();
    let mut distinct: Vec<&str> = per_text
        .iter()
        .flat_map(|(_, t)| t.iter().map(String::as_str))
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    TokenCounts {
        tokens,
        distinct_terms: distinct.len(),
    }
}
