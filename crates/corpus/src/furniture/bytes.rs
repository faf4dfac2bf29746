//! A compact, versioned, canonical binary form of the furniture counts, for
//! shipping them between processes (Spark executors, other machines) — the
//! corpus-level counterpart of `tidings-tfidf`'s binary `TermStats`.
//!
//! Four forms, one per stage of the two rounds of the
//! [module docs](crate::furniture), each starting with its own magic:
//!
//! | type | magic | shipped |
//! |---|---|---|
//! | [`LineCounts`] | `TDLINES\0` | round 1, each shard to the merge |
//! | [`RecurringLines`] | `TDCANDS\0` | the candidates, to every shard |
//! | [`SurroundingCounts`] | `TDSURRS\0` | round 2, each shard to the merge |
//! | [`Furniture`] | `TDFURNI\0` | the result, to every shard |
//!
//! Signatures are written in increasing order, each as its difference from
//! the previous one, so equal counts give equal bytes whatever the order in
//! which documents and shards were counted and merged. Layout (version 1;
//! every integer an unsigned LEB128 varint):
//!
//! ```text
//! magic        8 bytes
//! version      1
//! LineCounts:        documents, n, n × (signature delta, documents with it ≥ 1)
//! RecurringLines,
//! Furniture:         min_documents, n, n × signature delta
//! SurroundingCounts: min_documents, n, n × (signature delta, k in 1..=min_documents,
//!                    k × surroundings hash delta)
//! ```
//!
//! A signature delta is the signature itself for the first entry and at
//! least 1 after it (strictly increasing); the same holds for each
//! candidate's surroundings hashes. Reading checks all of it and never
//! panics: anything else is a [`CorpusError::CountsFormat`] naming the byte
//! offset.

use rustc_hash::{FxHashMap, FxHashSet};
use tidings_varint::{put, VarintError};

use super::{Furniture, FurnitureRule, LineCounts, RecurringLines, SurroundingCounts};
use crate::error::CorpusError;

/// The binary counts version this build writes and reads.
pub const COUNTS_VERSION: u64 = 1;

const LINES_MAGIC: &[u8; 8] = b"TDLINES\0";
const CANDIDATES_MAGIC: &[u8; 8] = b"TDCANDS\0";
const SURROUNDINGS_MAGIC: &[u8; 8] = b"TDSURRS\0";
const FURNITURE_MAGIC: &[u8; 8] = b"TDFURNI\0";

/// Writes `values` (sorted, distinct) as deltas.
fn put_sorted(out: &mut Vec<u8>, values: impl IntoIterator<Item = u64>) {
    let mut previous = 0;
    for v in values {
        put(out, v - previous);
        previous = v;
    }
}

fn header(magic: &[u8; 8], capacity: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + capacity);
    out.extend_from_slice(magic);
    put(&mut out, COUNTS_VERSION);
    out
}

/// A reader over the bytes that says where it stopped making sense.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    what: &'static str,
}

impl<'a> Reader<'a> {
    /// Checks the magic and version of `what`.
    fn open(bytes: &'a [u8], magic: &[u8; 8], what: &'static str) -> Result<Self, CorpusError> {
        let mut r = Reader { bytes, at: 0, what };
        if bytes.get(..magic.len()) != Some(magic.as_slice()) {
            let shown = String::from_utf8_lossy(magic.strip_suffix(b"\0").unwrap_or(magic));
            return Err(r.error(format!("not binary {what} (no {shown} magic)")));
        }
        r.at = magic.len();
        let at = r.at;
        let version = r.varint("the version")?;
        if version != COUNTS_VERSION {
            return Err(r.error_at(
                at,
                format!(
                    "format version {version} is not supported (this build reads version {COUNTS_VERSION})"
                ),
            ));
        }
        Ok(r)
    }

    fn error(&self, message: String) -> CorpusError {
        self.error_at(self.at, message)
    }

    fn error_at(&self, offset: usize, message: String) -> CorpusError {
        CorpusError::CountsFormat {
            what: self.what,
            offset,
            message,
        }
    }

    fn left(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    fn varint(&mut self, what: &str) -> Result<u64, CorpusError> {
        tidings_varint::read(self.bytes, &mut self.at).map_err(|e| match e {
            VarintError::CutShort { at } => self.error_at(at, format!("cut short inside {what}")),
            VarintError::Overflow { start, .. } => {
                self.error_at(start, format!("{what} overflows 64 bits"))
            }
        })
    }

    /// A count of entries of at least `min_bytes` each: bounded by the
    /// bytes left, so that nothing is allocated for entries that cannot be
    /// there.
    fn count(&mut self, what: &str, min_bytes: usize) -> Result<usize, CorpusError> {
        let at = self.at;
        let n = self.varint(what)?;
        let left = self.left();
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= left / min_bytes)
            .ok_or_else(|| {
                self.error_at(
                    at,
                    format!("{what} = {n} cannot fit in the {left} bytes left"),
                )
            })
    }

    /// The rule's minimum number of documents.
    fn rule(&mut self) -> Result<FurnitureRule, CorpusError> {
        let at = self.at;
        let n = self.varint("min_documents")?;
        usize::try_from(n)
            .ok()
            .and_then(|n| FurnitureRule::new(n).ok())
            .ok_or_else(|| self.error_at(at, format!("min_documents = {n}: expected at least 2")))
    }

    /// The next value of a strictly increasing sequence, from its delta.
    fn next_sorted(&mut self, previous: Option<u64>, what: &str) -> Result<u64, CorpusError> {
        let at = self.at;
        let delta = self.varint(what)?;
        match previous {
            None => Ok(delta),
            Some(_) if delta == 0 => Err(self.error_at(
                at,
                format!("{what} repeats the previous one (values must increase)"),
            )),
            Some(p) => p
                .checked_add(delta)
                .ok_or_else(|| self.error_at(at, format!("{what} overflows 64 bits"))),
        }
    }

    /// `n` strictly increasing values (at least one byte each: `n` is
    /// checked against the bytes left before anything is allocated).
    fn sorted(&mut self, n: usize, what: &str) -> Result<Vec<u64>, CorpusError> {
        if n > self.left() {
            return Err(self.error(format!(
                "{n} values of {what} cannot fit in the {} bytes left",
                self.left()
            )));
        }
        let mut out = Vec::with_capacity(n);
        let mut previous = None;
        for _ in 0..n {
            let v = self.next_sorted(previous, what)?;
            out.push(v);
            previous = Some(v);
        }
        Ok(out)
    }

    fn finish(self) -> Result<(), CorpusError> {
        match self.left() {
            0 => Ok(()),
            n => Err(self.error(format!("{n} bytes after the end"))),
        }
    }
}

fn sorted_keys<'a, V>(map: impl Iterator<Item = (&'a u64, V)>) -> Vec<(u64, V)> {
    let mut v: Vec<(u64, V)> = map.map(|(&k, v)| (k, v)).collect();
    v.sort_unstable_by_key(|&(k, _)| k);
    v
}

fn set_to_bytes(magic: &[u8; 8], rule: &FurnitureRule, hashes: &FxHashSet<u64>) -> Vec<u8> {
    let mut out = header(magic, 8 * hashes.len());
    put(&mut out, rule.min_documents as u64);
    put(&mut out, hashes.len() as u64);
    let mut sorted: Vec<u64> = hashes.iter().copied().collect();
    sorted.sort_unstable();
    put_sorted(&mut out, sorted);
    out
}

fn set_from_bytes(
    bytes: &[u8],
    magic: &[u8; 8],
    what: &'static str,
) -> Result<(FurnitureRule, FxHashSet<u64>), CorpusError> {
    let mut r = Reader::open(bytes, magic, what)?;
    let rule = r.rule()?;
    let n = r.count("the number of signatures", 1)?;
    let hashes = r.sorted(n, "a signature")?.into_iter().collect();
    r.finish()?;
    Ok((rule, hashes))
}

impl LineCounts {
    /// The counts in the compact binary form (see the module `bytes` of
    /// [`furniture`](crate::furniture)): about 8 bytes per distinct
    /// paragraph signature. Equal counts give equal bytes, whatever the
    /// order in which their shards were counted and merged.
    ///
    /// ```
    /// use tidings_corpus::LineCounts;
    /// let (a, b) = (["Hello.\n\nSource: Wire"], ["Bye.\n\nSource: Wire"]);
    /// let mut ab = LineCounts::count(&a);
    /// ab.merge(&LineCounts::count(&b));
    /// let mut ba = LineCounts::count(&b);
    /// ba.merge(&LineCounts::count(&a));
    /// assert_eq!(ab.to_bytes(), ba.to_bytes());
    /// assert_eq!(LineCounts::from_bytes(&ab.to_bytes())?, ab);
    /// # Ok::<(), tidings_corpus::CorpusError>(())
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = header(LINES_MAGIC, 9 * self.counts.len());
        put(&mut out, self.documents);
        put(&mut out, self.counts.len() as u64);
        let mut previous = 0;
        for (h, &n) in sorted_keys(self.counts.iter()) {
            put(&mut out, h - previous);
            put(&mut out, n);
            previous = h;
        }
        out
    }

    /// Counts from [`LineCounts::to_bytes`]'s output.
    ///
    /// # Errors
    /// [`CorpusError::CountsFormat`] naming the byte offset where the input
    /// stopped making sense: another form or version, truncation,
    /// signatures out of order, a count of 0 or above the number of
    /// documents, trailing bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CorpusError> {
        let mut r = Reader::open(bytes, LINES_MAGIC, "line counts")?;
        let documents = r.varint("the number of documents")?;
        let n = r.count("the number of signatures", 2)?;
        let mut counts = FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut previous = None;
        for _ in 0..n {
            let h = r.next_sorted(previous, "a signature")?;
            let at = r.at;
            let count = r.varint("a document count")?;
            if count == 0 || count > documents {
                return Err(r.error_at(
                    at,
                    format!("a signature in {count} of {documents} documents"),
                ));
            }
            counts.insert(h, count);
            previous = Some(h);
        }
        r.finish()?;
        Ok(LineCounts { documents, counts })
    }
}

impl RecurringLines {
    /// The candidates in the compact binary form (its rule and sorted
    /// signatures), to send to every shard for round 2.
    pub fn to_bytes(&self) -> Vec<u8> {
        set_to_bytes(CANDIDATES_MAGIC, &self.rule, &self.hashes)
    }

    /// Candidates from [`RecurringLines::to_bytes`]'s output.
    ///
    /// # Errors
    /// [`CorpusError::CountsFormat`] naming the byte offset, as
    /// [`LineCounts::from_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CorpusError> {
        let (rule, hashes) = set_from_bytes(bytes, CANDIDATES_MAGIC, "furniture candidates")?;
        Ok(RecurringLines { rule, hashes })
    }
}

impl Furniture {
    /// The furniture in the compact binary form (its rule and sorted
    /// signatures): equal furniture, equal bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        set_to_bytes(FURNITURE_MAGIC, &self.rule, &self.hashes)
    }

    /// Furniture from [`Furniture::to_bytes`]'s output.
    ///
    /// # Errors
    /// [`CorpusError::CountsFormat`] naming the byte offset, as
    /// [`LineCounts::from_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CorpusError> {
        let (rule, hashes) = set_from_bytes(bytes, FURNITURE_MAGIC, "furniture")?;
        Ok(Furniture { rule, hashes })
    }
}

impl SurroundingCounts {
    /// The round-2 counts in the compact binary form: the rule, then for
    /// each candidate (in signature order) its kept surroundings hashes,
    /// sorted. Equal counts give equal bytes, whatever the order of the
    /// merge (the kept hashes are the smallest, see
    /// [`SurroundingCounts`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let cap = self.rule.min_documents;
        let kept: usize = self.contexts.values().map(|s| s.len() + 1).sum();
        let mut out = header(SURROUNDINGS_MAGIC, 8 * kept);
        put(&mut out, cap as u64);
        put(&mut out, self.contexts.len() as u64);
        let mut previous = 0;
        for (h, set) in sorted_keys(self.contexts.iter()) {
            put(&mut out, h - previous);
            put(&mut out, set.len() as u64);
            put_sorted(&mut out, set.iter().copied());
            previous = h;
        }
        out
    }

    /// Counts from [`SurroundingCounts::to_bytes`]'s output.
    ///
    /// # Errors
    /// [`CorpusError::CountsFormat`] naming the byte offset, as
    /// [`LineCounts::from_bytes`]; also a candidate with no surroundings
    /// or more than `min_documents` of them.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CorpusError> {
        let mut r = Reader::open(bytes, SURROUNDINGS_MAGIC, "furniture surroundings")?;
        let rule = r.rule()?;
        let cap = rule.min_documents;
        let n = r.count("the number of candidates", 3)?;
        let mut contexts = FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut previous = None;
        for _ in 0..n {
            let h = r.next_sorted(previous, "a candidate signature")?;
            let at = r.at;
            let k = r.varint("a number of surroundings")?;
            if k == 0 || k > cap as u64 {
                return Err(r.error_at(
                    at,
                    format!("{k} surroundings kept: expected 1 to min_documents = {cap}"),
                ));
            }
            // k <= cap, a usize.
            let set = r.sorted(k as usize, "a surroundings hash")?;
            contexts.insert(h, set);
            previous = Some(h);
        }
        r.finish()?;
        Ok(SurroundingCounts { rule, contexts })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Texts with a furniture line in 9, a rare line in 3, a copied story in
    /// 6 and their own sentences.
    fn texts() -> Vec<String> {
        const WORDS: [&str; 6] = ["rain", "trade", "chess", "rivers", "bread", "ships"];
        let mut texts: Vec<String> = (0..30)
            .map(|i| {
                let line = match i % 10 {
                    0..=2 => "\n\nSource: Wire and agencies",
                    3 => "\n\nA rare line",
                    _ => "",
                };
                // Digits do not tell paragraphs apart: words do.
                let (a, b) = (WORDS[i % 6], WORDS[i / 6]);
                format!("This text says its own thing about {a} and {b}.{line}")
            })
            .collect();
        texts.extend(vec![
            "A syndicated story, the same everywhere.".to_string();
            6
        ]);
        texts
    }

    fn rule() -> FurnitureRule {
        FurnitureRule::default()
    }

    fn shards(texts: &[String], n: usize) -> Vec<Vec<String>> {
        (0..n)
            .map(|s| texts.iter().skip(s).step_by(n).cloned().collect())
            .collect()
    }

    #[test]
    fn every_form_round_trips() -> Result<(), CorpusError> {
        let texts = texts();
        let counts = LineCounts::count(&texts);
        assert_eq!(LineCounts::from_bytes(&counts.to_bytes())?, counts);
        let recurring = counts.recurring(&rule());
        assert_eq!(recurring.len(), 2);
        assert_eq!(
            RecurringLines::from_bytes(&recurring.to_bytes())?,
            recurring
        );
        let surroundings = recurring.surroundings(&texts);
        assert_eq!(
            SurroundingCounts::from_bytes(&surroundings.to_bytes())?,
            surroundings
        );
        let furniture = surroundings.furniture();
        assert_eq!(furniture.len(), 1);
        assert_eq!(Furniture::from_bytes(&furniture.to_bytes())?, furniture);
        assert_eq!(furniture, Furniture::learn(&texts, &rule()));
        // Empty counts too.
        let empty = LineCounts::new();
        assert_eq!(LineCounts::from_bytes(&empty.to_bytes())?, empty);
        let none = Furniture::default();
        assert_eq!(Furniture::from_bytes(&none.to_bytes())?, none);
        Ok(())
    }

    #[test]
    fn merged_bytes_do_not_depend_on_the_sharding_or_order() -> Result<(), CorpusError> {
        let texts = texts();
        let whole = LineCounts::count(&texts);
        let recurring = whole.recurring(&rule());
        let whole_s = recurring.surroundings(&texts);
        for n in [1, 2, 3, 7] {
            let parts = shards(&texts, n);
            for reverse in [false, true] {
                let mut order: Vec<&Vec<String>> = parts.iter().collect();
                if reverse {
                    order.reverse();
                }
                let mut lines = LineCounts::new();
                let mut sur = recurring.no_surroundings();
                for part in order {
                    // Shipped in binary, as another machine would.
                    lines.merge(&LineCounts::from_bytes(
                        &LineCounts::count(part).to_bytes(),
                    )?);
                    let bytes = recurring.surroundings(part).to_bytes();
                    sur.merge(&SurroundingCounts::from_bytes(&bytes)?)?;
                }
                assert_eq!(lines.to_bytes(), whole.to_bytes(), "{n} shards");
                assert_eq!(sur.to_bytes(), whole_s.to_bytes(), "{n} shards");
            }
        }
        Ok(())
    }

    fn all_forms() -> Vec<Vec<u8>> {
        let texts = texts();
        let counts = LineCounts::count(&texts);
        let recurring = counts.recurring(&rule());
        let surroundings = recurring.surroundings(&texts);
        vec![
            counts.to_bytes(),
            recurring.to_bytes(),
            surroundings.to_bytes(),
            surroundings.furniture().to_bytes(),
        ]
    }

    fn decode_any(bytes: &[u8]) -> [Result<(), CorpusError>; 4] {
        [
            LineCounts::from_bytes(bytes).map(drop),
            RecurringLines::from_bytes(bytes).map(drop),
            SurroundingCounts::from_bytes(bytes).map(drop),
            Furniture::from_bytes(bytes).map(drop),
        ]
    }

    #[test]
    fn truncated_and_corrupted_input_is_an_error_naming_the_offset() {
        for (form, bytes) in all_forms().into_iter().enumerate() {
            for cut in 0..bytes.len() {
                let result = &decode_any(&bytes[..cut])[form];
                assert!(
                    matches!(result, Err(CorpusError::CountsFormat { offset, .. }) if *offset <= cut),
                    "form {form} cut at {cut}: {result:?}"
                );
            }
            let mut extra = bytes.clone();
            extra.push(0);
            let err = decode_any(&extra)[form]
                .as_ref()
                .err()
                .map(|e| e.to_string());
            assert!(
                err.as_deref().is_some_and(
                    |e| e.contains(&format!("at byte {}: 1 bytes after the end", bytes.len()))
                ),
                "{err:?}"
            );
            let mut version = bytes.clone();
            version[8] = 9;
            let err = decode_any(&version)[form]
                .as_ref()
                .err()
                .map(|e| e.to_string());
            assert!(err.is_some_and(|e| e.contains("version 9 is not supported")));
            // Each form refuses the others.
            for (other, b) in all_forms().iter().enumerate() {
                assert_eq!(decode_any(b)[form].is_ok(), other == form);
            }
            // Flipping any byte never panics (it may still decode).
            for i in 0..bytes.len() {
                let mut flipped = bytes.clone();
                flipped[i] ^= 0xa5;
                let _ = decode_any(&flipped);
            }
        }
        let err = LineCounts::from_bytes(b"garbage")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("binary line counts at byte 0: not binary line counts (no TDLINES magic)")
        );
    }

    #[test]
    fn non_canonical_input_is_refused() {
        let mut out = header(LINES_MAGIC, 0);
        put(&mut out, 3); // documents
        put(&mut out, 2); // signatures
        put_sorted(&mut out, [5]);
        put(&mut out, 1);
        put(&mut out, 0); // the same signature again
        put(&mut out, 1);
        let err = LineCounts::from_bytes(&out).err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("repeats the previous one")));
        let mut out = header(LINES_MAGIC, 0);
        put(&mut out, 3);
        put(&mut out, 1);
        put(&mut out, 5);
        put(&mut out, 4); // in 4 of 3 documents
        assert!(LineCounts::from_bytes(&out).is_err());
        let mut out = header(SURROUNDINGS_MAGIC, 0);
        put(&mut out, 2);
        put(&mut out, 1);
        put(&mut out, 5);
        put(&mut out, 3); // 3 kept under a cap of 2
        put_sorted(&mut out, [1, 2, 3]);
        let err = SurroundingCounts::from_bytes(&out)
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("3 surroundings kept")));
        let mut out = header(FURNITURE_MAGIC, 0);
        put(&mut out, 1); // min_documents 1
        put(&mut out, 0);
        assert!(Furniture::from_bytes(&out).is_err());
    }

    /// Found by the `furniture_bytes` fuzz target: a huge `min_documents`
    /// let a candidate claim more surroundings hashes than there were bytes,
    /// and reading allocated for all of them.
    #[test]
    fn a_huge_count_of_surroundings_is_an_error_not_an_allocation() {
        let crash = [
            0x54, 0x44, 0x53, 0x55, 0x52, 0x52, 0x53, 0x00, 0x01, 0xd1, 0xc3, 0x81, 0xe6, 0xe0,
            0xae, 0xef, 0xed, 0x31, 0x02, 0x8b, 0xc5, 0xf3, 0x8e, 0xd7, 0xe3, 0xdc, 0xc1, 0x3f,
            0xb8, 0xdf, 0xa7, 0xa6, 0xfb, 0xf6, 0x9e, 0xe1, 0x03,
        ];
        let err = SurroundingCounts::from_bytes(&crash)
            .err()
            .map(|e| e.to_string());
        assert!(
            err.as_deref().is_some_and(|e| e.contains("cannot fit")),
            "{err:?}"
        );
        // A valid huge rule encodes without reserving memory for it.
        let rule = FurnitureRule::new(usize::MAX).unwrap_or_default();
        let counts = LineCounts::new().recurring(&rule).no_surroundings();
        assert!(counts.to_bytes().len() < 32);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any corpus, any sharding: the merged bytes are those of one pass,
        /// they decode to the same counts, and the furniture learned from
        /// them is `Furniture::learn`'s.
        #[test]
        fn sharded_bytes_equal_one_pass(
            picks in proptest::collection::vec((0usize..6, 0usize..4, 0usize..3), 0..40),
            n in 1usize..6,
        ) {
            const OWN: [&str; 6] = ["Rain fell.", "Trade grew.", "Chess won.", "Rivers ran.", "Bread rose.", "Ships sank."];
            const LINES: [&str; 4] = ["Source: Wire", "Thanks in advance", "Page 1 of 3", ""];
            let texts: Vec<String> = picks
                .iter()
                .enumerate()
                .map(|(i, &(own, line, copy))| {
                    let own = if copy == 0 { OWN[own].to_string() } else { format!("{} Item {}.", OWN[own], i * copy) };
                    format!("{own}\n\n{}", LINES[line])
                })
                .collect();
            let r = FurnitureRule::new(2 + n % 3).unwrap_or_default();
            let whole = LineCounts::count(&texts);
            let mut lines = LineCounts::new();
            for part in shards(&texts, n) {
                lines.merge(&LineCounts::from_bytes(&LineCounts::count(&part).to_bytes())?);
            }
            prop_assert_eq!(lines.to_bytes(), whole.to_bytes());
            let recurring = RecurringLines::from_bytes(&lines.recurring(&r).to_bytes())?;
            let mut sur = recurring.no_surroundings();
            for part in shards(&texts, n).iter().rev() {
                sur.merge(&SurroundingCounts::from_bytes(&recurring.surroundings(part).to_bytes())?)?;
            }
            let furniture = Furniture::from_bytes(&sur.furniture().to_bytes())?;
            prop_assert_eq!(furniture, Furniture::learn(&texts, &r));
        }

        /// Arbitrary bytes after a valid header never panic.
        #[test]
        fn arbitrary_bytes_never_panic(form in 0usize..4, tail in proptest::collection::vec(any::<u8>(), 0..64)) {
            let magic = [LINES_MAGIC, CANDIDATES_MAGIC, SURROUNDINGS_MAGIC, FURNITURE_MAGIC][form];
            let mut bytes = header(magic, tail.len());
            bytes.extend_from_slice(&tail);
            let _ = decode_any(&bytes);
        }
    }
}
