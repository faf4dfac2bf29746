//! Builds a corpus of a requested size from a real one, deterministically,
//! for benchmarks at sizes no real corpus here has (1 GB from the 200 MB UN
//! General Debate corpus).
//!
//! ```sh
//! cargo run --release -p tidings-examples --example scale_corpus -- \
//!     --input /tmp/un/TXT --size 1GB --seed 7 --output /tmp/un-1g
//! ```
//!
//! Flags: `--input DIR` (any corpus the `tidings` readers take), `--size`
//! (`1GB`, `100MB`, `500KB` or bytes; decimal units), `--seed` (default 7),
//! `--output DIR` (must not exist or be empty), `--new-words FRACTION`
//! (default 0.02) and `--heaps-beta B` (default 0.75).
//!
//! # Method
//!
//! Same input, size, seed and flags give byte-identical output.
//!
//! 1. **Passages.** The input is read with the default cleaning (hard-wrapped
//!    lines rejoined into paragraphs) and every document is cut into
//!    passages of 200–1,500 characters (paragraphs: the smallest pieces
//!    `tidings themes` works on, so that recombination mixes finely).
//! 2. **Recombination.** Synthetic document `k` draws a *lead* document
//!    uniformly at random and takes its length in passages and its date.
//!    It opens with the lead's first passage; every later passage is, with
//!    probability 1/2, the lead's next passage, otherwise a passage drawn
//!    uniformly from any document of the *same year*. Themes therefore keep
//!    their place in time, and no synthetic document is a plain copy.
//! 3. **New vocabulary.** Plain repetition freezes the vocabulary, which
//!    flatters every stage. So each word of four or more ASCII letters is,
//!    with probability `--new-words`, replaced by a synthetic word. The
//!    synthetic word is drawn from an unbounded Zipf distribution: rank
//!    `r ≥ 1` with `P(R ≥ r) = r^-(α-1)`, `α = 1 / heaps_beta` (drawn as
//!    `floor(u^(-1/(α-1)))`). For such a Zipf law the number of distinct
//!    ranks among `n` draws grows like `n^(1/α) = n^β`: Heaps' law, so the
//!    vocabulary keeps growing with the corpus instead of freezing. Rank `r`
//!    is spelled as a bijective base-60 numeral over consonant–vowel
//!    syllables (at least three syllables, so no synthetic word is a short
//!    English word), in a syllable order shuffled by the seed; the word
//!    keeps the capital of the word it replaces.
//! 4. **Dates and names.** A synthetic document takes its lead's date. Its
//!    file name keeps a form the corpus reader dates: `USA_56_2001_x0000042.txt`
//!    when the lead's id carries its year as an `_`-separated field (the UN
//!    corpus), `2023-11-11-<id>-x0000042.txt` for a full date,
//!    `2001-<id>-x0000042.txt` for a year; a month-precision date is also
//!    written as a leading ` date YYYY-MM ` marker. Files go into one folder
//!    per year (`undated/` for undated leads, which stay undated).
//!
//! Random numbers: SplitMix64, one stream per synthetic document, seeded
//! from `(seed, k)`, so a document does not depend on how many random
//! numbers the ones before it used.
//!
//! The whole input is held in memory (about 2.5 times its size); the output
//! is written one document at a time.

use std::collections::{BTreeMap, HashSet};
use std::error::Error;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use tidings::corpus::{
    read, split_passages, DatePrecision, DocDate, Input, PassageOptions, ReadOptions,
};

/// Syllables of synthetic words: 15 consonants × 4 vowels.
const CONSONANTS: &[u8] = b"bdfgklmnprstvwz";
const VOWELS: &[u8] = b"aiou";

struct Args {
    input: PathBuf,
    output: PathBuf,
    size: u64,
    seed: u64,
    new_words: f64,
    heaps_beta: f64,
}

fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim().to_ascii_uppercase();
    let (digits, unit) = match t.find(|c: char| !(c.is_ascii_digit() || c == '.')) {
        Some(i) => t.split_at(i),
        None => (t.as_str(), ""),
    };
    let value: f64 = digits
        .parse()
        .map_err(|_| format!("invalid --size {s:?}: expected e.g. 1GB, 100MB or bytes"))?;
    let scale = match unit.trim() {
        "" | "B" => 1.0,
        "KB" | "K" => 1e3,
        "MB" | "M" => 1e6,
        "GB" | "G" => 1e9,
        other => return Err(format!("invalid --size {s:?}: unknown unit {other:?}")),
    };
    let bytes = value * scale;
    if !(bytes >= 1.0 && bytes.is_finite()) {
        return Err(format!("invalid --size {s:?}: must be at least one byte"));
    }
    Ok(bytes as u64)
}

fn parse_args() -> Result<Args, String> {
    let mut input = None;
    let mut output = None;
    let mut size = None;
    let mut seed = 7u64;
    let mut new_words = 0.02f64;
    let mut heaps_beta = 0.75f64;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--input" => input = Some(PathBuf::from(value()?)),
            "--output" => output = Some(PathBuf::from(value()?)),
            "--size" => size = Some(parse_size(&value()?)?),
            "--seed" => {
                let v = value()?;
                seed = v.parse().map_err(|_| format!("invalid --seed {v:?}"))?;
            }
            "--new-words" => {
                let v = value()?;
                new_words = v
                    .parse()
                    .ok()
                    .filter(|x: &f64| (0.0..=1.0).contains(x))
                    .ok_or(format!("invalid --new-words {v:?}: a fraction in 0..=1"))?;
            }
            "--heaps-beta" => {
                let v = value()?;
                heaps_beta = v
                    .parse()
                    .ok()
                    .filter(|x: &f64| *x > 0.0 && *x < 1.0)
                    .ok_or(format!("invalid --heaps-beta {v:?}: a number in (0, 1)"))?;
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Args {
        input: input.ok_or("--input DIR is required")?,
        output: output.ok_or("--output DIR is required")?,
        size: size.ok_or("--size is required (e.g. 1GB)")?,
        seed,
        new_words,
        heaps_beta,
    })
}

/// SplitMix64 (Steele, Lea and Flood 2014).
struct SplitMix(u64);

impl SplitMix {
    fn new(seed: u64, stream: u64) -> Self {
        let mut s = SplitMix(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        s.next_u64();
        s
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `(0, 1]`.
    fn unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
}

/// Spells Zipf ranks as synthetic words.
struct Lexicon {
    syllables: Vec<[u8; 2]>,
    tail: f64,
}

impl Lexicon {
    fn new(seed: u64, heaps_beta: f64) -> Self {
        let mut syllables: Vec<[u8; 2]> = CONSONANTS
            .iter()
            .flat_map(|&c| VOWELS.iter().map(move |&v| [c, v]))
            .collect();
        let mut rng = SplitMix::new(seed, u64::MAX);
        for i in (1..syllables.len()).rev() {
            let j = rng.below(i + 1);
            syllables.swap(i, j);
        }
        let alpha = 1.0 / heaps_beta;
        Lexicon {
            syllables,
            tail: 1.0 / (alpha - 1.0),
        }
    }

    fn draw_rank(&self, rng: &mut SplitMix) -> u64 {
        // Saturating float-to-int conversion caps the (astronomically rare) overflow.
        rng.unit().powf(-self.tail).floor() as u64
    }

    /// Bijective base-60 numeral of `rank + 60² + 60` (three syllables at least).
    fn spell(&self, rank: u64, capital: bool, out: &mut String) {
        let base = self.syllables.len() as u128;
        let mut n = rank as u128 + base * base + base;
        let mut digits = Vec::new();
        while n > 0 {
            n -= 1;
            digits.push((n % base) as usize);
            n /= base;
        }
        for (i, &d) in digits.iter().rev().enumerate() {
            if let Some(&[c, v]) = self.syllables.get(d) {
                let c = if i == 0 && capital {
                    c.to_ascii_uppercase()
                } else {
                    c
                };
                out.push(char::from(c));
                out.push(char::from(v));
            }
        }
    }
}

/// Copies `passage` into `out`, replacing some words by synthetic ones.
fn rewrite(
    passage: &str,
    rate: f64,
    lexicon: &Lexicon,
    rng: &mut SplitMix,
    seen: &mut HashSet<u64>,
    rewritten: &mut u64,
    out: &mut String,
) {
    let bytes = passage.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        // Whole ASCII words only (not the ASCII head of a longer Unicode word).
        let whole = (start == 0 || bytes[start - 1].is_ascii())
            && (i == bytes.len() || bytes[i].is_ascii());
        if whole && i - start >= 4 && rng.unit() <= rate {
            out.push_str(passage.get(copied..start).unwrap_or(""));
            let rank = lexicon.draw_rank(rng);
            seen.insert(rank);
            *rewritten += 1;
            lexicon.spell(rank, bytes[start].is_ascii_uppercase(), out);
            copied = i;
        }
    }
    out.push_str(passage.get(copied..).unwrap_or(""));
}

/// The file name stem (without `.txt`) and optional marker line of synthetic
/// document `k` led by a document with `id` and `date`.
fn name_for(id: &str, date: Option<DocDate>, k: u64) -> (String, Option<String>) {
    // Ids of files in sub-folders are relative paths: keep the file's own name.
    let own = id.rsplit(['/', '\\']).next().unwrap_or(id);
    let safe: String = own
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let Some(date) = date else {
        return (format!("{safe}-x{k:07}"), None);
    };
    match date.precision() {
        DatePrecision::Year => {
            let year = format!("{:04}", date.year());
            if safe.split('_').any(|f| f == year) {
                (format!("{safe}_x{k:07}"), None)
            } else {
                (format!("{year}-{safe}-x{k:07}"), None)
            }
        }
        DatePrecision::Month => (
            format!("{:04}-{safe}-x{k:07}", date.year()),
            Some(format!(" date {date} \n")),
        ),
        DatePrecision::Day => (format!("{date}-{safe}-x{k:07}"), None),
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = parse_args()
        .map_err(|e| format!("{e}\n(see the doc comment of examples/scale_corpus.rs)"))?;
    if args.output.exists() && fs::read_dir(&args.output)?.next().is_some() {
        return Err(format!("{} exists and is not empty", args.output.display()).into());
    }

    let corpus = read(&[Input::from(&args.input)], &ReadOptions::default())?;
    let options = PassageOptions::new(200, 1500)?;
    // Per document: its passages' texts, in order.
    let docs: Vec<(&str, Option<DocDate>, Vec<&str>)> = corpus
        .documents
        .iter()
        .map(|d| {
            let passages: Vec<&str> = split_passages(&d.text, &options)
                .iter()
                .map(|p| p.text(&d.text))
                .filter(|t| !t.trim().is_empty())
                .collect();
            (d.id.as_str(), d.date, passages)
        })
        .filter(|(_, _, p)| !p.is_empty())
        .collect();
    if docs.is_empty() {
        return Err(format!("no text in {}", args.input.display()).into());
    }
    // Passages by year (`None`: undated), as (document, passage) pairs.
    let mut by_year: BTreeMap<Option<i16>, Vec<(usize, usize)>> = BTreeMap::new();
    for (d, (_, date, passages)) in docs.iter().enumerate() {
        let pool = by_year.entry(date.map(|x| x.year())).or_default();
        pool.extend((0..passages.len()).map(|p| (d, p)));
    }
    let n_passages: usize = by_year.values().map(Vec::len).sum();
    eprintln!(
        "source: {} documents, {} passages, {:.1} MB",
        docs.len(),
        n_passages,
        docs.iter()
            .flat_map(|d| d.2.iter())
            .map(|p| p.len())
            .sum::<usize>() as f64
            / 1e6
    );

    let lexicon = Lexicon::new(args.seed, args.heaps_beta);
    let mut seen = HashSet::new();
    let (mut written, mut k, mut rewritten) = (0u64, 0u64, 0u64);
    let mut text = String::new();
    while written < args.size {
        let mut rng = SplitMix::new(args.seed, k);
        let lead = rng.below(docs.len());
        let Some((id, date, passages)) = docs.get(lead) else {
            break;
        };
        let pool = by_year
            .get(&date.map(|x| x.year()))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let (stem, marker) = name_for(id, *date, k);
        text.clear();
        if let Some(m) = &marker {
            text.push_str(m);
        }
        for i in 0..passages.len() {
            let own = passages
                .get(i)
                .copied()
                .filter(|_| i == 0 || rng.below(2) == 0);
            let passage = own.or_else(|| {
                let &(d, p) = pool.get(rng.below(pool.len().max(1)))?;
                docs.get(d)?.2.get(p).copied()
            });
            let Some(passage) = passage else { continue };
            if i > 0 {
                text.push_str("\n\n");
            }
            rewrite(
                passage,
                args.new_words,
                &lexicon,
                &mut rng,
                &mut seen,
                &mut rewritten,
                &mut text,
            );
        }
        text.push('\n');
        let folder = match date {
            Some(d) => format!("{:04}", d.year()),
            None => "undated".to_string(),
        };
        let dir = args.output.join(folder);
        fs::create_dir_all(&dir)?;
        write_file(&dir.join(format!("{stem}.txt")), &text)?;
        written += text.len() as u64;
        k += 1;
    }
    println!(
        "{}: {k} documents, {written} bytes, seed {}, {rewritten} words rewritten into {} distinct new words (new-words {}, heaps-beta {})",
        args.output.display(),
        args.seed,
        seen.len(),
        args.new_words,
        args.heaps_beta
    );
    Ok(())
}

fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = fs::File::create(path)?;
    f.write_all(text.as_bytes())
}
