//! The analyzer configuration: a plain serde value naming the tokenizer and its filters.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::TokenizeError;
use crate::language::Language;

/// A named, ready-made configuration.
///
/// ```
/// use tidings_tokenize::{AnalyzerConfig, Preset};
/// let p: Preset = "sklearn".parse()?;
/// assert_eq!(AnalyzerConfig::preset(p).stem, None);
/// # Ok::<(), tidings_tokenize::TokenizeError>(())
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// UAX #29 words, hyphenated compounds kept, possessives stripped, lowercased,
    /// pure numbers dropped, English stopwords removed, English Snowball stemming,
    /// sentence/paragraph segments. See [`AnalyzerConfig::preset`].
    #[default]
    Default,
    /// scikit-learn's default analyzer (`TfidfVectorizer().build_analyzer()`):
    /// lowercase the document, then every maximal run of two or more `\w`
    /// characters. No stopwords, no stemming, one segment.
    Sklearn,
}

impl Preset {
    /// The lowercase name (`"default"`, `"sklearn"`).
    pub fn name(self) -> &'static str {
        match self {
            Preset::Default => "default",
            Preset::Sklearn => "sklearn",
        }
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Preset {
    type Err = TokenizeError;
    /// Parses `"default"` or `"sklearn"` (case-insensitive; `"scikit-learn"` also works).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "default" => Ok(Preset::Default),
            "sklearn" | "scikit-learn" => Ok(Preset::Sklearn),
            _ => Err(TokenizeError::UnknownPreset {
                name: s.to_string(),
            }),
        }
    }
}

/// Which tokenizer splits the text into raw tokens (the first stage of the pipeline).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenizerKind {
    /// Unicode word segmentation (UAX #29) keeping segments that contain a letter
    /// or digit, with an ASCII fast path that yields exactly the same words.
    /// Then possessives (`'s`, `’s`) are stripped and hyphenated compounds
    /// joined (see [`Compounds`]).
    Words,
    /// scikit-learn's `(?u)\b\w\w+\b`: maximal runs of two or more Python `\w`
    /// characters (Unicode letters `L*`, numbers `N*`, and `_`), found after
    /// lowercasing the whole text when [`AnalyzerConfig::lowercase`] is on.
    SklearnPattern,
}

/// What to do with hyphenated compounds such as "Indo-Pacific" (only for [`TokenizerKind::Words`]).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Compounds {
    /// Words joined by exactly one hyphen (`-`, U+2010 or U+2011) and nothing else
    /// form one token: `indo-pacific`, `f-35`, `mq-9b`. When stemming, each part
    /// is stemmed on its own and the parts are re-joined with `-`
    /// ("counter-terrorism" → `counter-terror`, "nation-states" → `nation-state`).
    Keep,
    /// Every part is its own token.
    Split,
}

/// Whether tokens without any letter (such as `2001`, `3.5`, `1,000`) are kept.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Numbers {
    /// Keep them.
    Keep,
    /// Drop tokens that contain no alphabetic character. Mixed tokens such as
    /// `f-35`, `g20` or `covid-19` are kept. A dropped number still occupies a
    /// position, so n-grams do not bridge it when gaps break n-grams.
    Drop,
}

/// Where token segments (sentences and paragraphs, or clauses) start.
/// N-grams never cross a segment.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Segmentation {
    /// The whole text is segment 0.
    None,
    /// A new segment starts after a sentence end or a paragraph break: the text
    /// between two consecutive words contains a sentence terminator (`.` `!` `?`
    /// `…` `。` `！` `？` `؟` `۔` `।` `॥` `;`(Greek question mark U+037E) …), two or more
    /// line feeds, or U+2029. Periods inside a word ("U.S", "3.5") do not count;
    /// abbreviations followed by a space ("Mr. Smith") do end a segment.
    /// Models saved before [`Segmentation::Clauses`] existed record this.
    Sentences,
    /// As [`Segmentation::Sentences`], and a bracket (`(` `)` `[` `]`), a
    /// colon or a semicolon between two words (ASCII or full-width, and the
    /// Arabic semicolon) also starts a segment: no phrase reads across them
    /// ("General Motors (GM)" gives no bigram "motors gm", "Source: Al
    /// Jazeera" no "source al"). The default.
    Clauses,
}

/// Whether n-grams may bridge a removed token (stopword or dropped number).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NgramGaps {
    /// An n-gram only joins tokens at consecutive positions ("free and open" gives no
    /// bigram "free open").
    Break,
    /// N-grams run over the surviving tokens as if removed ones were never there
    /// (scikit-learn's behaviour).
    Bridge,
}

/// Stopword sources. Stopwords are matched against the normalised
/// (lowercased, accent-folded if enabled) form, before stemming; `’` is matched as `'`.
///
/// ```
/// use tidings_tokenize::{Language, StopWords};
/// let sw = StopWords::Union(vec![
///     StopWords::Builtin(Language::English),
///     StopWords::List(vec!["also".into()]),
/// ]);
/// let json = serde_json::to_string(&sw)?;
/// assert_eq!(json, r#"{"union":[{"builtin":"english"},{"list":["also"]}]}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StopWords {
    /// No stopwords.
    None,
    /// The built-in list for a language. English is this crate's own list (the
    /// Snowball list plus contraction fragments such as `s`, `t`, `don`, `ll` and
    /// all single letters); other languages use the NLTK lists shipped by the
    /// `stop-words` crate.
    Builtin(Language),
    /// An inline list. Entries are normalised like tokens (lowercased, folded).
    List(Vec<String>),
    /// A UTF-8 file with one word per line; blank lines and lines starting with
    /// `#` are ignored. Read once by [`Analyzer::new`](crate::Analyzer::new).
    File(PathBuf),
    /// The union of several sources.
    Union(Vec<StopWords>),
}

/// The whole analyzer configuration: a tokenizer followed by filters, applied in
/// this order:
///
/// 1. `tokenizer` (+ `compounds` for [`TokenizerKind::Words`]);
/// 2. `lowercase` → `fold_accents` (normalisation; `’` → `'`, U+2010/U+2011 → `-`);
/// 3. `numbers` (drop letterless tokens);
/// 4. `stopwords` (on the normalised form);
/// 5. `stem` (on what is left).
///
/// `segmentation` and `ngram_gaps` decide where n-grams may not reach across.
/// A serde value: JSON round-trips, so a fitted model can record exactly how it
/// tokenized.
///
/// ```
/// use tidings_tokenize::{AnalyzerConfig, Compounds, Preset};
/// let mut cfg = AnalyzerConfig::preset(Preset::Default);
/// cfg.compounds = Compounds::Split;
/// let json = serde_json::to_string(&cfg)?;
/// let back: AnalyzerConfig = serde_json::from_str(&json)?;
/// assert_eq!(back, cfg);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzerConfig {
    /// The tokenizer.
    pub tokenizer: TokenizerKind,
    /// Hyphenated compounds (for [`TokenizerKind::Words`]).
    pub compounds: Compounds,
    /// Unicode lowercasing (full case mapping, Greek final sigma).
    pub lowercase: bool,
    /// Accent folding: NFD, drop combining marks, NFC ("café" → "cafe"). Meant for
    /// Latin, Greek and Cyrillic text; it also removes vowel signs of Indic scripts.
    pub fold_accents: bool,
    /// Keep or drop letterless tokens.
    pub numbers: Numbers,
    /// Stopwords to remove (before stemming).
    pub stopwords: StopWords,
    /// Snowball stemmer, if any.
    pub stem: Option<Language>,
    /// Segment boundaries that n-grams do not cross.
    pub segmentation: Segmentation,
    /// Whether n-grams bridge removed tokens.
    pub ngram_gaps: NgramGaps,
}

impl AnalyzerConfig {
    /// The configuration of a preset.
    ///
    /// | field | `Default` | `Sklearn` |
    /// |---|---|---|
    /// | `tokenizer` | `Words` | `SklearnPattern` |
    /// | `compounds` | `Keep` | `Keep` (unused) |
    /// | `lowercase` | `true` | `true` |
    /// | `fold_accents` | `false` | `false` |
    /// | `numbers` | `Drop` | `Keep` |
    /// | `stopwords` | `Builtin(English)` | `None` |
    /// | `stem` | `Some(English)` | `None` |
    /// | `segmentation` | `Clauses` | `None` |
    /// | `ngram_gaps` | `Break` | `Bridge` |
    pub fn preset(p: Preset) -> Self {
        match p {
            Preset::Default => AnalyzerConfig {
                tokenizer: TokenizerKind::Words,
                compounds: Compounds::Keep,
                lowercase: true,
                fold_accents: false,
                numbers: Numbers::Drop,
                stopwords: StopWords::Builtin(Language::English),
                stem: Some(Language::English),
                segmentation: Segmentation::Clauses,
                ngram_gaps: NgramGaps::Break,
            },
            Preset::Sklearn => AnalyzerConfig {
                tokenizer: TokenizerKind::SklearnPattern,
                compounds: Compounds::Keep,
                lowercase: true,
                fold_accents: false,
                numbers: Numbers::Keep,
                stopwords: StopWords::None,
                stem: None,
                segmentation: Segmentation::None,
                ngram_gaps: NgramGaps::Bridge,
            },
        }
    }

    /// Sets the stemming and stopword language together (builder style):
    /// `stem` becomes `Some(lang)` if stemming was on, and a built-in stopword list
    /// is switched to `lang`.
    pub fn with_language(mut self, lang: Language) -> Self {
        if self.stem.is_some() {
            self.stem = Some(lang);
        }
        self.stopwords = match self.stopwords {
            StopWords::Builtin(_) => StopWords::Builtin(lang),
            other => other,
        };
        self
    }
}

impl Default for AnalyzerConfig {
    /// `AnalyzerConfig::preset(Preset::Default)`.
    fn default() -> Self {
        AnalyzerConfig::preset(Preset::Default)
    }
}
