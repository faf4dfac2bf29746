//! The analyzer (immutable, shared) and its per-thread sessions.

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashSet;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::config::{
    AnalyzerConfig, Compounds, NgramGaps, Numbers, Preset, Segmentation, StopWords, TokenizerKind,
};
use crate::error::TokenizeError;
use crate::ngram::NgramRange;
use crate::term_cache::{Cached, TermCache};
use crate::{sklearn, stopwords, words};

/// One token.
///
/// `term` is the normalised form that gets counted (lowercased, folded,
/// stemmed); `text[start..end]` is its surface form in the original text
/// (always on char boundaries; a stripped possessive `'s` is not included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    /// The normalised term.
    pub term: &'a str,
    /// Byte offset of the surface form in the original text.
    pub start: usize,
    /// Byte offset just past the surface form.
    pub end: usize,
    /// Index in the token stream, counting removed tokens (stopwords, dropped
    /// numbers) too, so a gap in positions means something was removed.
    pub position: u32,
    /// Segment index: sentence and paragraph, or clause (always 0 with
    /// [`Segmentation::None`]).
    pub segment: u32,
}

/// A text analyzer: a tokenizer followed by filters, as described by an
/// [`AnalyzerConfig`].
///
/// Immutable, cheap to clone, `Send + Sync`: build it once and share it across
/// threads; each thread tokenizes through its own [`Session`].
///
/// ```
/// use tidings_tokenize::{Analyzer, Preset};
/// let analyzer = Analyzer::preset(Preset::Default);
/// let mut session = analyzer.session();
/// let mut terms = Vec::new();
/// session.tokens("The Indo-Pacific's security.", |t| terms.push(t.term.to_string()));
/// assert_eq!(terms, ["indo-pacif", "secur"]);
/// ```
#[derive(Clone, Debug)]
pub struct Analyzer {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: AnalyzerConfig,
    /// Normalised stopwords.
    stopwords: FxHashSet<String>,
}

impl Analyzer {
    /// Builds an analyzer, reading stopword files if the configuration names any.
    ///
    /// # Errors
    /// [`TokenizeError::StopwordFile`] / [`TokenizeError::StopwordFileEncoding`]
    /// if a stopword file cannot be read.
    pub fn new(config: AnalyzerConfig) -> Result<Analyzer, TokenizeError> {
        let mut raw = Vec::new();
        collect_stopwords(&config.stopwords, &mut raw)?;
        let stopwords = raw
            .iter()
            .map(|w| normalize(w.trim(), &config))
            .filter(|w| !w.is_empty())
            .collect();
        Ok(Analyzer {
            inner: Arc::new(Inner { config, stopwords }),
        })
    }

    /// The analyzer of a preset (infallible: presets read no files).
    pub fn preset(p: Preset) -> Analyzer {
        let config = AnalyzerConfig::preset(p);
        let mut raw = Vec::new();
        // Presets only use built-in lists, which cannot fail.
        let _ = collect_stopwords(&config.stopwords, &mut raw);
        let stopwords = raw.iter().map(|w| normalize(w, &config)).collect();
        Analyzer {
            inner: Arc::new(Inner { config, stopwords }),
        }
    }

    /// The configuration this analyzer was built from.
    pub fn config(&self) -> &AnalyzerConfig {
        &self.inner.config
    }

    /// Whether `word` (already normalised: lowercased/folded as configured) is a stopword.
    pub fn is_stopword(&self, word: &str) -> bool {
        self.inner.stopwords.contains(word)
    }

    /// A new session: per-thread state (term cache, buffers). Keep one per thread
    /// and reuse it across documents; its cache makes each distinct surface form
    /// normalised and stemmed once.
    pub fn session(&self) -> Session<'_> {
        Session {
            config: &self.inner.config,
            stopwords: &self.inner.stopwords,
            stemmer: self
                .inner
                .config
                .stem
                .map(|l| rust_stemmers::Stemmer::create(l.algorithm())),
            cache: TermCache::new(),
            scratch: String::new(),
            doc_terms: String::new(),
            doc_tokens: Vec::new(),
            joined: String::new(),
        }
    }
}

fn collect_stopwords(sw: &StopWords, out: &mut Vec<String>) -> Result<(), TokenizeError> {
    match sw {
        StopWords::None => {}
        StopWords::Builtin(lang) => {
            out.extend(stopwords::builtin(*lang).iter().map(|w| w.to_string()))
        }
        StopWords::List(list) => out.extend(list.iter().cloned()),
        StopWords::File(path) => {
            let bytes = std::fs::read(path).map_err(|source| TokenizeError::StopwordFile {
                path: path.clone(),
                source,
            })?;
            let text = String::from_utf8(bytes).map_err(|e| {
                let upto = e
                    .as_bytes()
                    .get(..e.utf8_error().valid_up_to())
                    .unwrap_or(&[]);
                TokenizeError::StopwordFileEncoding {
                    path: path.clone(),
                    line: 1 + upto.iter().filter(|&&b| b == b'\n').count(),
                }
            })?;
            out.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_string),
            );
        }
        StopWords::Union(parts) => {
            for p in parts {
                collect_stopwords(p, out)?;
            }
        }
    }
    Ok(())
}

/// Lowercase/fold as configured; `’` → `'`, U+2010/U+2011 → `-`.
fn normalize(surface: &str, config: &AnalyzerConfig) -> String {
    let mut s: String = if surface.is_ascii() {
        surface.to_string()
    } else {
        surface
            .chars()
            .map(|c| match c {
                '\u{2019}' => '\'',
                '\u{2010}' | '\u{2011}' => '-',
                c => c,
            })
            .collect()
    };
    if config.lowercase {
        if s.is_ascii() {
            s.make_ascii_lowercase();
        } else {
            s = s.to_lowercase();
        }
    }
    if config.fold_accents && !s.is_ascii() {
        s = s.nfd().filter(|&c| !is_combining_mark(c)).nfc().collect();
    }
    s
}

/// Per-thread tokenizing state. Created by [`Analyzer::session`].
///
/// Holds a cache from surface form to final term (or "removed"), so each
/// distinct surface form is normalised, checked against the stopwords and
/// stemmed once per session (the cache is cleared if it grows past two million
/// forms), plus reusable buffers: tokenizing allocates only for new forms.
pub struct Session<'a> {
    config: &'a AnalyzerConfig,
    stopwords: &'a FxHashSet<String>,
    stemmer: Option<rust_stemmers::Stemmer>,
    /// Surface (or scikit-learn term) → final term or removed.
    cache: TermCache,
    scratch: String,
    doc_terms: String,
    doc_tokens: Vec<DocToken>,
    joined: String,
}

/// A token buffered for n-grams; its term is `doc_terms[term]`.
#[derive(Clone)]
struct DocToken {
    term: Range<usize>,
    start: usize,
    end: usize,
    position: u32,
    segment: u32,
}

/// Tracks positions and segments while raw tokens stream past.
struct Stream {
    segmentation: Segmentation,
    position: u32,
    segment: u32,
    last_end: Option<usize>,
}

impl Stream {
    /// Advances to the raw token `start..end`; returns (position, segment).
    #[inline]
    fn next(&mut self, text: &[u8], start: usize, end: usize) -> (u32, u32) {
        let clauses = match self.segmentation {
            Segmentation::None => None,
            Segmentation::Sentences => Some(false),
            Segmentation::Clauses => Some(true),
        };
        if let (Some(clauses), Some(prev)) = (clauses, self.last_end) {
            if let Some(gap) = text.get(prev..start) {
                if gap_ends_segment(gap, clauses) {
                    self.segment += 1;
                }
            }
        }
        self.last_end = Some(end);
        let p = self.position;
        self.position += 1;
        (p, self.segment)
    }
}

/// Whether the text between two words ends a sentence or paragraph, or,
/// with `clauses`, opens or closes a bracket or a clause after a colon or
/// semicolon ([`Segmentation::Clauses`]): no phrase reads across those, and
/// n-grams that did gave labels such as "Motors GM" (from "General Motors
/// (GM)") or "Source Al" (from "Source: Al Jazeera").
#[inline]
fn gap_ends_segment(gap: &[u8], clauses: bool) -> bool {
    let mut newlines = 0;
    let mut non_ascii = false;
    for &b in gap {
        match b {
            b'.' | b'!' | b'?' => return true,
            b'(' | b')' | b'[' | b']' | b':' | b';' if clauses => return true,
            b'\n' => {
                newlines += 1;
                if newlines >= 2 {
                    return true;
                }
            }
            _ => non_ascii |= b >= 0x80,
        }
    }
    // The gap lies between two words, so on char boundaries.
    non_ascii
        && std::str::from_utf8(gap).is_ok_and(|gap| {
            gap.chars().any(|c| {
                matches!(
                    c,
                    '\u{2029}' | '\u{2026}' | '\u{203C}' | '\u{2047}'
                        ..='\u{2049}'
                            | '\u{037E}'
                            | '\u{0589}'
                            | '\u{061F}'
                            | '\u{06D4}'
                            | '\u{0964}'
                            | '\u{0965}'
                            | '\u{1362}'
                            | '\u{3002}'
                            | '\u{FF01}'
                            | '\u{FF0E}'
                            | '\u{FF1F}'
                            | '\u{FF61}'
                ) || (clauses
                    && matches!(
                        c,
                        '\u{FF08}'
                            | '\u{FF09}'
                            | '\u{FF3B}'
                            | '\u{FF3D}'
                            | '\u{FF1A}'
                            | '\u{FF1B}'
                            | '\u{061B}'
                    ))
            })
        })
}

/// Length of a trailing possessive `'s` / `’s` (either case) of a word, or 0.
#[inline]
fn possessive_len(b: &[u8]) -> usize {
    let n = b.len();
    if n >= 3 && matches!(b.get(n - 1), Some(b's' | b'S')) {
        if b.get(n - 2) == Some(&b'\'') {
            return 2;
        }
        if n >= 5 && b.get(n - 4..n - 1) == Some("\u{2019}".as_bytes()) {
            return 4;
        }
    }
    0
}

/// Whether `between` is exactly one hyphen.
#[inline]
fn is_single_hyphen(between: &[u8]) -> bool {
    // `-`, U+2010, U+2011.
    matches!(between, b"-" | b"\xE2\x80\x90" | b"\xE2\x80\x91")
}

impl Session<'_> {
    /// Every token that survives the filters, in text order.
    ///
    /// ```
    /// use tidings_tokenize::{Analyzer, Preset};
    /// let text = "India's defence grows. Counter-terrorism, too!";
    /// let analyzer = Analyzer::preset(Preset::Default);
    /// let mut got = Vec::new();
    /// analyzer.session().tokens(text, |t| {
    ///     got.push((t.term.to_string(), &text[t.start..t.end], t.position, t.segment))
    /// });
    /// assert_eq!(got, [
    ///     ("india".to_string(), "India", 0, 0),
    ///     ("defenc".to_string(), "defence", 1, 0),
    ///     ("grow".to_string(), "grows", 2, 0),
    ///     ("counter-terror".to_string(), "Counter-terrorism", 3, 1),
    /// ]);
    /// ```
    pub fn tokens(&mut self, text: &str, mut f: impl FnMut(Token<'_>)) {
        let config = self.config;
        let bytes = text.as_bytes();
        let mut stream = Stream {
            segmentation: config.segmentation,
            position: 0,
            segment: 0,
            last_end: None,
        };
        let Session {
            stopwords,
            stemmer,
            cache,
            scratch,
            ..
        } = self;
        let stemmer = stemmer.as_ref();
        match config.tokenizer {
            TokenizerKind::SklearnPattern => {
                // The scikit-learn tokenizer already lowercases; with no other
                // filter its output is final and needs no cache.
                let passthrough = stopwords.is_empty()
                    && stemmer.is_none()
                    && !config.fold_accents
                    && config.numbers == Numbers::Keep;
                sklearn::sklearn_tokens(text, config.lowercase, scratch, |start, end, key| {
                    let (position, segment) = stream.next(bytes, start, end);
                    let term = if passthrough {
                        key
                    } else {
                        match resolve(cache, key.as_bytes(), config, stopwords, stemmer) {
                            Cached::Term { off, len } => cache.term(off, len),
                            Cached::Removed => return,
                        }
                    };
                    f(Token {
                        term,
                        start,
                        end,
                        position,
                        segment,
                    });
                });
            }
            TokenizerKind::Words => {
                let split = config.compounds == Compounds::Split;
                let mut flush = |(start, end, _): (usize, usize, bool)| {
                    let (position, segment) = stream.next(bytes, start, end);
                    let Some(key) = bytes.get(start..end) else {
                        return;
                    };
                    if let Cached::Term { off, len } =
                        resolve(cache, key, config, stopwords, stemmer)
                    {
                        f(Token {
                            term: cache.term(off, len),
                            start,
                            end,
                            position,
                            segment,
                        });
                    }
                };
                let mut pending: Option<(usize, usize, bool)> = None;
                words::word_spans(text, |r| {
                    let cut = bytes.get(r.clone()).map_or(0, possessive_len);
                    let span = (r.start, r.end - cut, cut > 0);
                    match pending {
                        Some(p)
                            if !split
                                && !p.2
                                && bytes.get(p.1..span.0).is_some_and(is_single_hyphen) =>
                        {
                            pending = Some((p.0, span.1, span.2));
                        }
                        Some(p) => {
                            flush(p);
                            pending = Some(span);
                        }
                        None => pending = Some(span),
                    }
                });
                if let Some(p) = pending {
                    flush(p);
                }
            }
        }
    }

    /// Every term for the n-gram range, as `f(term, byte_range)`.
    ///
    /// Unigrams are token terms; n-grams are the terms joined by `' '` (as
    /// scikit-learn does), and `range` spans the whole n-gram in `text`. Terms
    /// come in scikit-learn's order: all unigrams, then all bigrams, and so on.
    /// An n-gram never crosses a segment, and with [`NgramGaps::Break`] it does
    /// not bridge a removed token; with the `Sklearn` preset n-grams run over the
    /// token list exactly as scikit-learn's `_word_ngrams`.
    ///
    /// ```
    /// use tidings_tokenize::{Analyzer, NgramRange, Preset};
    /// let text = "a free and open Indo-Pacific. Maritime security";
    /// let analyzer = Analyzer::preset(Preset::Default);
    /// let mut session = analyzer.session();
    /// let mut got = Vec::new();
    /// session.terms(text, NgramRange::new(2, 2)?, |t, r| got.push((t.to_string(), &text[r])));
    /// assert_eq!(got, [
    ///     ("open indo-pacif".to_string(), "open Indo-Pacific"),
    ///     ("maritim secur".to_string(), "Maritime security"),
    /// ]);
    /// # Ok::<(), tidings_tokenize::TokenizeError>(())
    /// ```
    pub fn terms(&mut self, text: &str, ngrams: NgramRange, mut f: impl FnMut(&str, Range<usize>)) {
        if ngrams.max() == 1 {
            self.tokens(text, |t| f(t.term, t.start..t.end));
            return;
        }
        let mut doc_terms = std::mem::take(&mut self.doc_terms);
        let mut doc_tokens = std::mem::take(&mut self.doc_tokens);
        let mut joined = std::mem::take(&mut self.joined);
        doc_terms.clear();
        doc_tokens.clear();
        self.tokens(text, |t| {
            let from = doc_terms.len();
            doc_terms.push_str(t.term);
            doc_tokens.push(DocToken {
                term: from..doc_terms.len(),
                start: t.start,
                end: t.end,
                position: t.position,
                segment: t.segment,
            });
        });
        let bridge = self.config.ngram_gaps == NgramGaps::Bridge;
        for n in ngrams.min()..=ngrams.max() {
            for window in doc_tokens.windows(n) {
                let (Some(first), Some(last)) = (window.first(), window.last()) else {
                    continue;
                };
                let connected = window.windows(2).all(|pair| match pair {
                    [a, b] => a.segment == b.segment && (bridge || b.position == a.position + 1),
                    _ => true,
                });
                if !connected {
                    continue;
                }
                if n == 1 {
                    f(
                        doc_terms.get(first.term.clone()).unwrap_or(""),
                        first.start..first.end,
                    );
                    continue;
                }
                joined.clear();
                for (i, t) in window.iter().enumerate() {
                    if i > 0 {
                        joined.push(' ');
                    }
                    joined.push_str(doc_terms.get(t.term.clone()).unwrap_or(""));
                }
                f(&joined, first.start..last.end);
            }
        }
        self.doc_terms = doc_terms;
        self.doc_tokens = doc_tokens;
        self.joined = joined;
    }
}

/// The cached analysis of the surface form `key`, analysing and caching it
/// first if it is new. `key` is a whole token of the text, so valid UTF-8.
#[inline(always)]
fn resolve(
    cache: &mut TermCache,
    key: &[u8],
    config: &AnalyzerConfig,
    stopwords: &FxHashSet<String>,
    stemmer: Option<&rust_stemmers::Stemmer>,
) -> Cached {
    match cache.get(key) {
        Some(c) => c,
        None => resolve_new(cache, key, config, stopwords, stemmer),
    }
}

/// The slow path of [`resolve`]: a form not seen yet in this session.
#[inline(never)]
fn resolve_new(
    cache: &mut TermCache,
    key: &[u8],
    config: &AnalyzerConfig,
    stopwords: &FxHashSet<String>,
    stemmer: Option<&rust_stemmers::Stemmer>,
) -> Cached {
    // Keys are slices of a `&str` between char boundaries.
    let key = std::str::from_utf8(key).unwrap_or("");
    let term = analyze(key, config, stopwords, stemmer);
    cache.insert(key, term.as_deref())
}

/// The filter chain for one surface form: normalise → numbers → stopwords → stem.
fn analyze(
    surface: &str,
    config: &AnalyzerConfig,
    stopwords: &FxHashSet<String>,
    stemmer: Option<&rust_stemmers::Stemmer>,
) -> Option<String> {
    let norm = normalize(surface, config);
    // A word of combining marks only folds to nothing: no term, never an
    // empty one.
    if norm.is_empty() {
        return None;
    }
    if config.numbers == Numbers::Drop && !norm.chars().any(char::is_alphabetic) {
        return None;
    }
    if stopwords.contains(&norm) {
        return None;
    }
    let Some(stemmer) = stemmer else {
        return Some(norm);
    };
    if config.tokenizer == TokenizerKind::Words && norm.contains('-') {
        let mut out = String::with_capacity(norm.len());
        for (i, part) in norm.split('-').enumerate() {
            if i > 0 {
                out.push('-');
            }
            out.push_str(&stemmer.stem(part));
        }
        Some(out)
    } else {
        let stem = stemmer.stem(&norm);
        (!stem.is_empty()).then(|| stem.into_owned())
    }
}
