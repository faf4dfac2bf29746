//! Command-line flags: the "low" stage. Everything here is a plain value
//! that clap parses, with the library types' own `FromStr` for values such
//! as `--themes`, `--ngrams` or `--min-df`; `hiargs` turns them into checked
//! library parameters.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tidings_corpus::DocDate;
use tidings_tfidf::DocFreq;
use tidings_tokenize::{Language, NgramRange};
use tidings_topics::{ModelKind, ThemeCountArg, Weighing};

/// The help section of the options every command shares.
const COMMON: &str = "Common options";

/// Themes and trends in dated text corpora.
#[derive(Debug, Parser)]
#[command(
    name = "tidings",
    version,
    about = "Find the themes of a dated corpus, name them readably and track them over time.",
    after_help = "Examples:\n  \
        echo \"India's defence industry grows.\" | tidings tokenize\n  \
        tidings corpus stats corpus/seed-news --format json\n  \
        tidings vectorize corpus/seed-news --preset sklearn --output out/\n  \
        tidings report corpus/seed-news --format html --output report.html\n\n\
        Exit codes: 0 success, 2 bad usage, bad input or an output failure."
)]
pub struct Cli {
    /// Number of worker threads (default: all cores). Results do not depend on it.
    #[arg(long, global = true, value_name = "N", help_heading = COMMON)]
    pub threads: Option<usize>,

    /// Suppress warnings and progress on stderr.
    #[arg(long, short, global = true, help_heading = COMMON)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Split text into tokens (from --text or standard input).
    #[command(after_help = "Examples:\n  \
        echo \"A free and open Indo-Pacific.\" | tidings tokenize\n  \
        tidings tokenize --preset sklearn --text \"Café au lait\" --format json\n  \
        tidings tokenize --ngrams 2 --no-stem < article.txt")]
    Tokenize(TokenizeArgs),
    /// Inspect a corpus.
    #[command(subcommand)]
    Corpus(CorpusCommand),
    /// Turn a corpus into a TF-IDF matrix (Matrix Market), vocabulary, document list and model.
    #[command(after_help = "Examples:\n  \
        tidings vectorize corpus/seed-news --output out/\n  \
        tidings vectorize corpus/seed-news --preset sklearn --output out/ --force\n  \
        tidings vectorize speeches/ --ngrams 2 --min-df 5 --max-df 0.9 --output out/\n\n\
        Files written in DIR: matrix.mtx, vocabulary.txt, documents.tsv, model.json.")]
    Vectorize(VectorizeArgs),
    /// Find the themes of a corpus: labels, top terms, quality and representative passages.
    #[command(after_help = "Examples:\n  \
        tidings themes corpus/seed-news\n  \
        tidings themes corpus/seed-news --theme-file corpus/themes-example.toml --format json\n  \
        tidings themes speeches/ --themes 12 --seed 7")]
    Themes(ThemesArgs),
    /// The theme report over time: themes, shares per period with confidence
    /// intervals, trends, bursts and snippets (table, JSON, CSV, Markdown, HTML,
    /// documents CSV).
    #[command(after_help = "Examples:\n  \
        tidings report corpus/seed-news\n  \
        tidings report corpus/ungdc-sample --by year --format json > report.json\n  \
        tidings report corpus/seed-news --format html --output report.html\n  \
        tidings report --model model.json new-articles/ --format csv\n\n\
        Undated documents count in the themes and appear as an `undated` line;\n\
        no date is ever guessed.")]
    Report(ReportArgs),
    /// Fit tokenizer, vectorizer and themes on a corpus and save them, for
    /// `tidings report --model`.
    #[command(after_help = "Examples:\n  \
        tidings fit corpus/seed-news --output model.json\n  \
        tidings report --model model.json next-month/")]
    Fit(FitArgs),
}

/// `tidings corpus ...`
#[derive(Debug, Subcommand)]
pub enum CorpusCommand {
    /// Count documents, dates, years and tokens; list warnings.
    #[command(after_help = "Examples:\n  \
        tidings corpus stats corpus/seed-news\n  \
        tidings corpus stats corpus/ungdc-sample --format json\n  \
        tidings corpus stats articles.jsonl --date-field published")]
    Stats(StatsArgs),
}

/// Tokenizer presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PresetArg {
    /// Compounds kept, stopwords removed, Snowball stems, n-grams within clauses.
    Default,
    /// Reproduces scikit-learn's default analyzer: lowercase, `(?u)\b\w\w+\b`.
    Sklearn,
}

/// Output formats for token lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TokenFormat {
    /// One token per line.
    Text,
    /// A JSON array of {surface, token, start, end}.
    Json,
}

/// Output formats for tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Human-readable text.
    Table,
    /// JSON.
    Json,
}

/// Row normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NormArg {
    /// Euclidean norm 1.
    L2,
    /// Absolute values sum to 1.
    L1,
    /// No normalisation.
    None,
}

/// `tidings tokenize`
#[derive(Debug, Args)]
pub struct TokenizeArgs {
    /// Text to tokenize (default: read standard input).
    #[arg(long)]
    pub text: Option<String>,
    /// Tokenizer preset.
    #[arg(long, value_enum, default_value_t = PresetArg::Default)]
    pub preset: PresetArg,
    /// Language for stopwords and stemming (e.g. english, french, german).
    #[arg(long)]
    pub language: Option<Language>,
    /// Do not stem.
    #[arg(long)]
    pub no_stem: bool,
    /// Keep stopwords.
    #[arg(long)]
    pub keep_stopwords: bool,
    /// Also print word n-grams up to this length (1 = tokens only), or a
    /// range (`2..3`).
    #[arg(long, default_value = "1", value_name = "N|MIN..MAX")]
    pub ngrams: NgramRange,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TokenFormat::Text)]
    pub format: TokenFormat,
}

/// How documents are read; shared by every command that takes paths.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Files or directories (`.txt`, `.md` recursively; `.jsonl`, `.csv`); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// JSON Lines / CSV field holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,
    /// JSON Lines / CSV field holding the document id.
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,
    /// JSON Lines / CSV field holding the date.
    #[arg(long, default_value = "date", value_name = "NAME")]
    pub date_field: String,
    /// JSON Lines / CSV field holding the title.
    #[arg(long, default_value = "title", value_name = "NAME")]
    pub title_field: String,
    /// Skip malformed JSON Lines / CSV rows with a warning instead of failing.
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// Truncate documents longer than this many bytes (with a warning).
    #[arg(long, default_value_t = 10 * 1024 * 1024, value_name = "BYTES")]
    pub max_doc_bytes: usize,
    /// Remove paragraphs that recur, in different surroundings, in at least
    /// this many documents (signatures, source and promotion lines), or `off`.
    #[arg(long, default_value = "5", value_name = "N|off")]
    pub furniture: String,
    /// Keep quoted lines (`>`), attribution lines and signature blocks of
    /// mail and forum posts.
    #[arg(long)]
    pub keep_mail: bool,
}

/// `tidings corpus stats`
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Tokenizer preset used to count tokens.
    #[arg(long, value_enum, default_value_t = PresetArg::Default)]
    pub preset: PresetArg,
}

/// `tidings vectorize`
#[derive(Debug, Args)]
pub struct VectorizeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output directory (created if missing).
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
    /// Overwrite existing output files.
    #[arg(long)]
    pub force: bool,
    /// Pipeline preset: `default` (stems, stopwords, 1–2-grams, min-df 5, sublinear tf) or
    /// `sklearn` (exactly TfidfVectorizer() on the raw file contents).
    #[arg(long, value_enum, default_value_t = PresetArg::Default)]
    pub preset: PresetArg,
    /// Language for stopwords and stemming.
    #[arg(long)]
    pub language: Option<Language>,
    /// Largest n-gram length (`2`) or a range (`1..3`).
    #[arg(long, value_name = "N|MIN..MAX")]
    pub ngrams: Option<NgramRange>,
    /// Minimum document frequency: a count (`5`) or a fraction (`0.01`).
    #[arg(long, value_name = "COUNT|FRACTION")]
    pub min_df: Option<DocFreq>,
    /// Maximum document frequency: a count (`1000`) or a fraction (`0.9`).
    #[arg(long, value_name = "COUNT|FRACTION")]
    pub max_df: Option<DocFreq>,
    /// Keep only the most frequent features.
    #[arg(long, value_name = "N")]
    pub max_features: Option<usize>,
    /// Hold at most this many distinct terms while counting, pruning the
    /// rarest after each batch of documents (a memory bound for huge or
    /// hostile corpora; default: no limit).
    #[arg(long, value_name = "N")]
    pub max_vocabulary: Option<usize>,
    /// Use 1 + ln(tf) instead of raw counts.
    #[arg(long)]
    pub sublinear_tf: bool,
    /// Row normalisation.
    #[arg(long, value_enum)]
    pub norm: Option<NormArg>,
    /// Two passes over the files without holding all texts in memory.
    #[arg(long)]
    pub stream: bool,
}

/// How themes are found; shared by `themes`, `report` and `fit`.
#[derive(Debug, Args, Clone)]
pub struct ThemeArgs {
    /// Number of themes; a range `MIN..MAX` to choose it by coherence; or
    /// `auto`: as many as the data supports (Horn's parallel analysis on a
    /// sample of documents), with broader themes over them.
    #[arg(long, default_value = "auto", value_name = "N|auto|MIN..MAX")]
    pub themes: ThemeCountArg,
    /// The theme model: `nmf` (soft, overlapping themes fitted by least
    /// squares), `nmf-kl` (fitted under the Kullback–Leibler divergence, as
    /// PLSA) or `kmeans` (one theme per passage).
    #[arg(long, default_value = "nmf", value_name = "nmf|nmf-kl|kmeans")]
    pub model_kind: ModelKind,
    /// How NMF weighs each passage against the themes: `kl` (the mixture of
    /// themes closest in Kullback–Leibler divergence, PLSA's fold-in; the
    /// default) or `least-squares`. Not for `kmeans`.
    #[arg(long, value_name = "kl|least-squares")]
    pub weighing: Option<Weighing>,
    /// TOML file of named themes with seed terms; they come first, in file order.
    #[arg(long, value_name = "FILE")]
    pub theme_file: Option<PathBuf>,
    /// Random seed; the same seed gives the same themes.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub seed: u64,
    /// Language for stopwords and stemming.
    #[arg(long)]
    pub language: Option<Language>,
    /// Hold at most this many distinct terms while counting, pruning the
    /// rarest after each batch of passages (a memory bound for huge or
    /// hostile corpora; default: no limit).
    #[arg(long, value_name = "N")]
    pub max_vocabulary: Option<usize>,
    /// Count each set of documents with the same text (syndicated copies)
    /// once: the later copies stay listed but carry no weight. By default
    /// every copy counts.
    #[arg(long)]
    pub dedupe: bool,
    /// List every fitted theme, including those judged general language
    /// (found in most passages, mostly beside other themes), which by
    /// default join the general-language share instead.
    #[arg(long)]
    pub keep_general_themes: bool,
}

/// `tidings themes`
#[derive(Debug, Args)]
pub struct ThemesArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub theme: ThemeArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// JSON Lines / CSV field holding a known class per document: prints the
    /// NMI, ARI and purity of the dominant themes against it.
    #[arg(long, value_name = "NAME")]
    pub label_field: Option<String>,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Themes with sparklines, trends and bursts (default on a terminal).
    Table,
    /// The versioned JSON schema (default when standard output is not a terminal).
    Json,
    /// Long format: one row per period and node of the theme tree, plus general language.
    Csv,
    /// Markdown.
    Markdown,
    /// One self-contained HTML page with SVG charts.
    Html,
    /// CSV of the documents: date, period, length and theme weights (every
    /// share recomputes from it).
    Documents,
}

/// Period granularities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// The finest calendar granularity with enough documents per period.
    Auto,
    /// Days.
    Day,
    /// ISO weeks (Monday to Sunday).
    Week,
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
}

/// `tidings report`
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub theme: ThemeArgs,
    /// Track the themes of a model saved by `tidings fit` instead of fitting new ones.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["themes", "model_kind", "weighing", "theme_file", "language", "max_vocabulary", "keep_general_themes"])]
    pub model: Option<PathBuf>,
    /// Period length.
    #[arg(long, value_enum, default_value_t = ByArg::Auto)]
    pub by: ByArg,
    /// First day of the timeline (`2016-12-01`, `2016-12`, `2016`, any
    /// date format the corpus reader accepts); documents dated before it
    /// are counted as outside the range.
    #[arg(long, value_name = "DATE")]
    pub from: Option<DocDate>,
    /// Last day of the timeline (`2017-03` is up to 31 March); documents
    /// dated after it are counted as outside the range.
    #[arg(long, value_name = "DATE")]
    pub to: Option<DocDate>,
    /// Confidence level of the share intervals (Bayesian bootstrap).
    #[arg(long, default_value_t = 0.9, value_name = "LEVEL")]
    pub confidence: f64,
    /// Bayesian bootstrap draws per period for the intervals.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub bootstrap: usize,
    /// Output format (default: `table` on a terminal, `json` otherwise).
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the documents CSV (`--format documents`: every document's
    /// date, period, length and theme weights, from which every share
    /// recomputes) to this file, atomically, whatever the report's format.
    #[arg(long, value_name = "FILE")]
    pub documents_output: Option<PathBuf>,
    /// Overwrite existing output files.
    #[arg(long)]
    pub force: bool,
    /// JSON Lines / CSV field holding a known class per document: reports the
    /// NMI, ARI and purity of the dominant themes against it.
    #[arg(long, value_name = "NAME")]
    pub label_field: Option<String>,
}

/// `tidings fit`
#[derive(Debug, Args)]
pub struct FitArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub theme: ThemeArgs,
    /// Where to save the model (tokenizer, vectorizer and themes), as JSON.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// Overwrite an existing model file.
    #[arg(long)]
    pub force: bool,
}
