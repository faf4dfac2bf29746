//! A compact, versioned, canonical binary form of [`TermStats`], for
//! shipping partial statistics between processes (Spark executors, other
//! machines). JSON costs about 55 bytes per term; this form front-codes the
//! sorted terms and writes every count as a LEB128 varint, so a term costs
//! its new suffix plus two or three bytes.
//!
//! The encoding is canonical: terms are written in byte order and surface
//! forms in `(term, form)` order, so statistics with the same counts give
//! the same bytes whatever the order their documents or shards were
//! counted and merged in.
//!
//! Layout (version 1; all integers unsigned LEB128 unless said):
//!
//! ```text
//! magic      8 bytes  "TDSTATS\0"
//! version    varint   1
//! settings   varint length, then JSON {"analyzer":…,"ngrams":…,"surface_forms":…}
//! n_docs     varint
//! n_terms    varint
//! n_terms ×  shared prefix length (bytes, with the previous term), suffix
//!            length, suffix bytes, df, tf - df (zigzag, signed)
//! n_forms    varint
//! n_forms ×  term index minus the previous entry's, shared prefix length
//!            (with the previous form of the same term, or else with the
//!            term), suffix length, suffix bytes, count
//! ```

use serde::{Deserialize, Serialize};
use tidings_tokenize::{AnalyzerConfig, NgramRange};
use tidings_varint::{put, VarintError};

use crate::stats::TermStats;
use crate::TfidfError;

/// The first bytes of the binary statistics.
pub const STATS_MAGIC: &[u8; 8] = b"TDSTATS\0";
/// The binary statistics version this build writes and reads.
pub const STATS_VERSION: u64 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    analyzer: AnalyzerConfig,
    ngrams: NgramRange,
    surface_forms: bool,
}

fn zigzag(v: i128) -> u64 {
    // tf >= df for counts made by this crate; the signed form keeps any
    // value representable instead of clamping it.
    ((v << 1) ^ (v >> 127)) as u64
}

fn unzigzag(v: u64) -> i128 {
    let v = i128::from(v);
    (v >> 1) ^ -(v & 1)
}

/// A reader over the bytes that says where it stopped making sense.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, message: impl Into<String>) -> TfidfError {
        TfidfError::StatsFormat {
            offset: self.at,
            message: message.into(),
        }
    }

    fn varint(&mut self, what: &str) -> Result<u64, TfidfError> {
        tidings_varint::read(self.bytes, &mut self.at).map_err(|e| {
            let (offset, message) = match e {
                VarintError::CutShort { at } => (at, format!("cut short inside {what}")),
                VarintError::Overflow { at, .. } => (at, format!("{what} overflows 64 bits")),
            };
            TfidfError::StatsFormat { offset, message }
        })
    }

    fn len(&mut self, what: &str) -> Result<usize, TfidfError> {
        let at = self.at;
        let n = self.varint(what)?;
        let left = self.bytes.len().saturating_sub(self.at);
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= left)
            .ok_or_else(|| TfidfError::StatsFormat {
                offset: at,
                message: format!("{what} = {n} exceeds the {left} bytes left"),
            })
    }

    fn take(&mut self, n: usize) -> &'a [u8] {
        let end = (self.at + n).min(self.bytes.len());
        let out = self.bytes.get(self.at..end).unwrap_or(&[]);
        self.at = end;
        out
    }
}

/// Bytes `a` and `b` share at their start.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

impl TermStats {
    /// The statistics in the compact binary form (see the module
    /// `stats_bytes` for the layout). Equal statistics give equal bytes,
    /// whatever the order in which their parts were counted and merged.
    ///
    /// ```
    /// use tidings_tfidf::{TermStats, Preset, Vectorizer};
    ///
    /// let v = Vectorizer::preset(Preset::Sklearn)?;
    /// let (a, b) = (["the cat sat"], ["the dog sat"]);
    /// let mut ab = v.collect_stats(&a);
    /// ab.merge(&v.collect_stats(&b))?;
    /// let mut ba = v.collect_stats(&b);
    /// ba.merge(&v.collect_stats(&a))?;
    /// assert_eq!(ab.to_bytes()?, ba.to_bytes()?);
    /// let back = TermStats::from_bytes(&ab.to_bytes()?)?;
    /// assert_eq!(back.term("sat"), Some((2, 2)));
    /// assert_eq!(back.to_bytes()?, ab.to_bytes()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Only if the settings cannot be serialised, which they always can.
    pub fn to_bytes(&self) -> Result<Vec<u8>, TfidfError> {
        let settings = serde_json::to_vec(&Settings {
            analyzer: self.analyzer.clone(),
            ngrams: self.ngrams,
            surface_forms: self.surface_forms,
        })
        .map_err(|e| TfidfError::StatsFormat {
            offset: 0,
            message: format!("settings: {e}"),
        })?;
        let mut order: Vec<u32> = (0..self.terms.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.terms.term(a).cmp(self.terms.term(b)));
        // Old id -> position in byte order, for the surface entries.
        let mut rank = vec![0u32; order.len()];
        for (pos, &id) in order.iter().enumerate() {
            if let Some(r) = rank.get_mut(id as usize) {
                *r = pos as u32;
            }
        }
        let arena: usize = order.iter().map(|&id| self.terms.term(id).len()).sum();
        let mut out = Vec::with_capacity(64 + settings.len() + arena / 2 + 4 * order.len());
        out.extend_from_slice(STATS_MAGIC);
        put(&mut out, STATS_VERSION);
        put(&mut out, settings.len() as u64);
        out.extend_from_slice(&settings);
        put(&mut out, self.n_docs);
        put(&mut out, order.len() as u64);
        let mut previous: &[u8] = &[];
        for &id in &order {
            let term = self.terms.term(id).as_bytes();
            let shared = common_prefix(previous, term);
            let suffix = term.get(shared..).unwrap_or(&[]);
            put(&mut out, shared as u64);
            put(&mut out, suffix.len() as u64);
            out.extend_from_slice(suffix);
            let df = self.df.get(id as usize).copied().unwrap_or(0);
            let tf = self.tf.get(id as usize).copied().unwrap_or(0);
            put(&mut out, df);
            put(&mut out, zigzag(i128::from(tf) - i128::from(df)));
            previous = term;
        }
        let mut forms: Vec<(u32, &str, u64)> = self
            .surface_counts
            .iter()
            .map(|(&(t, s), &n)| {
                (
                    rank.get(t as usize).copied().unwrap_or(0),
                    self.surfaces.term(s),
                    n,
                )
            })
            .collect();
        forms.sort_unstable();
        put(&mut out, forms.len() as u64);
        let mut last: Option<(u32, &str)> = None;
        for (t, form, n) in forms {
            let base = match last {
                Some((lt, previous)) if lt == t => previous.as_bytes(),
                _ => order
                    .get(t as usize)
                    .map_or(&[][..], |&id| self.terms.term(id).as_bytes()),
            };
            let shared = common_prefix(base, form.as_bytes());
            let suffix = form.as_bytes().get(shared..).unwrap_or(&[]);
            put(&mut out, u64::from(t - last.map_or(0, |(lt, _)| lt)));
            put(&mut out, shared as u64);
            put(&mut out, suffix.len() as u64);
            out.extend_from_slice(suffix);
            put(&mut out, n);
            last = Some((t, form));
        }
        Ok(out)
    }

    /// Statistics from [`TermStats::to_bytes`]'s output.
    ///
    /// # Errors
    /// [`TfidfError::StatsFormat`] naming the byte offset where the input
    /// stopped making sense: another format or version, truncation, a term
    /// out of order or not UTF-8, trailing bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, TfidfError> {
        let mut r = Reader { bytes, at: 0 };
        if bytes.get(..STATS_MAGIC.len()) != Some(STATS_MAGIC.as_slice()) {
            return Err(r.error("not tidings binary statistics (no TDSTATS magic)"));
        }
        r.at = STATS_MAGIC.len();
        let version = r.varint("the version")?;
        if version != STATS_VERSION {
            return Err(r.error(format!(
                "statistics format version {version} is not supported (this build reads version {STATS_VERSION})"
            )));
        }
        let n = r.len("the settings length")?;
        let at = r.at;
        let settings: Settings =
            serde_json::from_slice(r.take(n)).map_err(|e| TfidfError::StatsFormat {
                offset: at,
                message: format!("settings: {e}"),
            })?;
        let mut stats = TermStats::new(settings.analyzer, settings.ngrams, settings.surface_forms);
        stats.n_docs = r.varint("the number of documents")?;
        let n_terms = r.varint("the number of terms")?;
        // Every term takes at least four bytes: a bound before allocating.
        if n_terms > (bytes.len().saturating_sub(r.at) / 4) as u64 || n_terms >= u64::from(u32::MAX)
        {
            return Err(r.error(format!(
                "{n_terms} terms cannot fit in the {} bytes left",
                bytes.len().saturating_sub(r.at)
            )));
        }
        let n_terms = n_terms as usize;
        let mut previous: Vec<u8> = Vec::new();
        let mut term: Vec<u8> = Vec::new();
        stats.df = Vec::with_capacity(n_terms);
        stats.tf = Vec::with_capacity(n_terms);
        for i in 0..n_terms {
            let at = r.at;
            let shared = r.varint("a shared prefix length")?;
            let suffix = r.len("a suffix length")?;
            let shared = usize::try_from(shared)
                .ok()
                .filter(|&s| s <= previous.len())
                .ok_or_else(|| TfidfError::StatsFormat {
                    offset: at,
                    message: format!(
                        "term {i} shares {shared} bytes with a previous term of {}",
                        previous.len()
                    ),
                })?;
            term.clear();
            term.extend_from_slice(previous.get(..shared).unwrap_or(&[]));
            term.extend_from_slice(r.take(suffix));
            if i > 0 && term <= previous {
                return Err(TfidfError::StatsFormat {
                    offset: at,
                    message: format!("term {i} is not after the previous term in byte order"),
                });
            }
            let text = std::str::from_utf8(&term).map_err(|e| TfidfError::StatsFormat {
                offset: at,
                message: format!("term {i} is not UTF-8: {e}"),
            })?;
            // Strictly increasing, so every term is new to the interner.
            stats.terms.intern(text);
            let df = r.varint("a document frequency")?;
            let at = r.at;
            let delta = unzigzag(r.varint("a term count")?);
            let tf =
                u64::try_from(i128::from(df) + delta).map_err(|_| TfidfError::StatsFormat {
                    offset: at,
                    message: format!("term {i}: its count does not fit in 64 bits"),
                })?;
            stats.df.push(df);
            stats.tf.push(tf);
            std::mem::swap(&mut previous, &mut term);
        }
        let n_forms = r.varint("the number of surface forms")?;
        if n_forms > (bytes.len().saturating_sub(r.at) / 3) as u64 {
            return Err(r.error(format!(
                "{n_forms} surface forms cannot fit in the {} bytes left",
                bytes.len().saturating_sub(r.at)
            )));
        }
        let mut last: Option<u32> = None;
        let mut form: Vec<u8> = Vec::new();
        let mut next: Vec<u8> = Vec::new();
        for i in 0..n_forms {
            let at = r.at;
            let step = r.varint("a surface form's term")?;
            // A corrupt step can be near 2^64: the sum is checked, not
            // wrapped, so that it is reported like any other bad term.
            let t = u64::from(last.unwrap_or(0)).checked_add(step);
            let term = t
                .and_then(|t| u32::try_from(t).ok())
                .filter(|&t| (t as usize) < n_terms)
                .ok_or_else(|| TfidfError::StatsFormat {
                    offset: at,
                    message: match t {
                        Some(t) => format!("surface form {i} names term {t} of {n_terms}"),
                        None => format!("surface form {i} names a term past 2^64"),
                    },
                })?;
            let same_term = last == Some(term);
            let base: &[u8] = if same_term {
                &form
            } else {
                // Terms were interned in byte order: ids are positions.
                stats.terms.term(term).as_bytes()
            };
            let at = r.at;
            let shared = r.varint("a surface form's shared prefix length")?;
            let shared = usize::try_from(shared)
                .ok()
                .filter(|&s| s <= base.len())
                .ok_or_else(|| TfidfError::StatsFormat {
                    offset: at,
                    message: format!(
                        "surface form {i} shares {shared} bytes with a base of {}",
                        base.len()
                    ),
                })?;
            let n = r.len("a surface form's suffix length")?;
            next.clear();
            next.extend_from_slice(base.get(..shared).unwrap_or(&[]));
            next.extend_from_slice(r.take(n));
            if same_term && next <= form {
                return Err(TfidfError::StatsFormat {
                    offset: at,
                    message: format!("surface form {i} is not after the previous form of its term"),
                });
            }
            let text = std::str::from_utf8(&next).map_err(|e| TfidfError::StatsFormat {
                offset: at,
                message: format!("surface form {i} is not UTF-8: {e}"),
            })?;
            let (sid, _) = stats.surfaces.intern(text);
            let count = r.varint("a surface form count")?;
            *stats.surface_counts.entry((term, sid)).or_insert(0) += count;
            std::mem::swap(&mut form, &mut next);
            last = Some(term);
        }
        if r.at != bytes.len() {
            return Err(r.error(format!(
                "{} bytes after the end of the statistics",
                bytes.len() - r.at
            )));
        }
        Ok(stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Preset, Vectorizer};

    fn texts() -> Vec<String> {
        (0..40)
            .map(|i| {
                format!(
                    "Document {i}: the U.N. Security Council met; sustainable development \
                     and maritime security in Indo-Pacific waters, issue {}. Élan vital.",
                    i % 7
                )
            })
            .collect()
    }

    #[test]
    fn round_trip_and_canonical_whatever_the_merge_order() -> Result<(), TfidfError> {
        let docs = texts();
        for preset in [Preset::Default, Preset::Sklearn] {
            let v = Vectorizer::preset(preset)?;
            let parts: Vec<TermStats> = docs.chunks(7).map(|c| v.collect_stats(c)).collect();
            let mut forward = v.collect_stats(&[] as &[&str]);
            for p in &parts {
                forward.merge(p)?;
            }
            let mut backward = v.collect_stats(&[] as &[&str]);
            for p in parts.iter().rev() {
                backward.merge(p)?;
            }
            let whole = v.collect_stats(&docs);
            let bytes = whole.to_bytes()?;
            assert_eq!(forward.to_bytes()?, bytes);
            assert_eq!(backward.to_bytes()?, bytes);
            let back = TermStats::from_bytes(&bytes)?;
            assert_eq!(back.to_bytes()?, bytes);
            assert_eq!(back.n_docs(), whole.n_docs());
            assert_eq!(back.n_terms(), whole.n_terms());
            let a = v.fit_stats(&back)?;
            let b = v.fit(&docs)?;
            assert_eq!(
                a.features().collect::<Vec<_>>(),
                b.features().collect::<Vec<_>>()
            );
            assert_eq!(a.idf(), b.idf());
            let forms = |m: &crate::TfidfModel| {
                (0..m.n_features())
                    .map(|c| m.surface_form(c).map(str::to_string))
                    .collect::<Vec<_>>()
            };
            assert_eq!(forms(&a), forms(&b));
            // Smaller than JSON (the settings, the same in both, dominate here).
            assert!(
                bytes.len()
                    < whole
                        .to_json()
                        .map_err(|e| TfidfError::StatsFormat {
                            offset: 0,
                            message: e.to_string()
                        })?
                        .len()
            );
        }
        Ok(())
    }

    #[test]
    fn every_truncation_and_corruption_is_an_error_not_a_panic() -> Result<(), TfidfError> {
        let v = Vectorizer::preset(Preset::Default)?;
        let bytes = v.collect_stats(&texts()[..5]).to_bytes()?;
        for cut in 0..bytes.len() {
            assert!(
                matches!(
                    TermStats::from_bytes(&bytes[..cut]),
                    Err(TfidfError::StatsFormat { .. })
                ),
                "cut at {cut}"
            );
        }
        let mut extra = bytes.clone();
        extra.push(0);
        let err = TermStats::from_bytes(&extra).err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("1 bytes after the end")));
        let mut version = bytes.clone();
        version[8] = 2;
        let err = TermStats::from_bytes(&version).err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("version 2 is not supported")));
        // Flipping any byte never panics (it may still decode).
        for i in 0..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[i] ^= 0xa5;
            let _ = TermStats::from_bytes(&flipped);
        }
        Ok(())
    }

    #[test]
    fn a_surface_form_s_term_step_near_2_64_is_an_error() {
        // Found by the `stats_bytes` fuzz target: a surface form's term step
        // of almost 2^64 after a form of term 2 overflowed the sum.
        let bytes = include_bytes!("../tests/fixtures/stats_bytes_term_step_overflow.bin");
        let err = TermStats::from_bytes(bytes).err().map(|e| e.to_string());
        assert!(
            err.as_deref().is_some_and(|e| e.contains("past 2^64")),
            "{err:?}"
        );
    }
}
