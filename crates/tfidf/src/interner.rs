//! A compact string interner: one byte arena, one offset per term, and an
//! open-addressing table of ids. No `String` per term.

use std::hash::Hasher;

use rustc_hash::FxHasher;

/// Hash of a term's bytes (FxHash; only used in memory, never persisted).
#[inline]
pub(crate) fn term_hash(term: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(term.as_bytes());
    h.finish()
}

/// Byte equality tuned for short terms (most are under 16 bytes): two
/// overlapping word compares instead of a `memcmp` call.
#[inline(always)]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| -> u64 {
        s.get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map_or(0, u64::from_ne_bytes)
    };
    match n {
        0..=7 => a.iter().zip(b).all(|(x, y)| x == y),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        _ => a == b,
    }
}

/// Interned terms with dense ids `0..len()` in insertion order.
#[derive(Clone, Debug, Default)]
pub(crate) struct TermInterner {
    /// All terms, concatenated.
    arena: String,
    /// `ends[i]` is the end of term `i` in `arena`; term `i` starts at `ends[i - 1]` (or 0).
    ends: Vec<usize>,
    /// Open-addressing table: 0 = empty, otherwise `tag << 32 | (id + 1)`,
    /// where the tag (upper hash bits) skips most byte comparisons.
    table: Vec<u64>,
}

const MIN_TABLE: usize = 64;

impl TermInterner {
    /// An empty interner.
    pub(crate) fn new() -> Self {
        TermInterner::default()
    }

    /// Number of terms.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The term with id `id` (empty for an unknown id).
    #[inline]
    pub(crate) fn term(&self, id: u32) -> &str {
        let i = id as usize;
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.arena.get(start..end).unwrap_or("")
    }

    /// The bytes of term `id` (no char-boundary checks: for comparisons).
    #[inline]
    fn term_bytes(&self, id: u32) -> &[u8] {
        let i = id as usize;
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.arena.as_bytes().get(start..end).unwrap_or(&[])
    }

    /// Iterate over `(id, term)` in id order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, &str)> + '_ {
        (0..self.len() as u32).map(move |id| (id, self.term(id)))
    }

    #[inline]
    fn probe(&self, term: &str, hash: u64) -> Result<u32, usize> {
        let mask = self.table.len() - 1;
        let tag = hash >> 32;
        let mut slot = hash as usize & mask;
        loop {
            match self.table.get(slot).copied() {
                Some(0) | None => return Err(slot),
                Some(entry) => {
                    let id = (entry as u32).wrapping_sub(1);
                    if entry >> 32 == tag && same_bytes(self.term_bytes(id), term.as_bytes()) {
                        return Ok(id);
                    }
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The id of `term`, if interned.
    #[inline]
    pub(crate) fn get(&self, term: &str) -> Option<u32> {
        if self.table.is_empty() {
            return None;
        }
        self.probe(term, term_hash(term)).ok()
    }

    /// The id of `term`, interning it if new; the flag says whether it was new.
    ///
    /// Ids are `u32`; more than `u32::MAX - 1` distinct terms saturate (the
    /// caller checks [`TermInterner::len`] against that bound).
    #[inline]
    pub(crate) fn intern(&mut self, term: &str) -> (u32, bool) {
        if (self.len() + 1) * 4 > self.table.len() * 3 {
            self.grow();
        }
        let hash = term_hash(term);
        match self.probe(term, hash) {
            Ok(id) => (id, false),
            Err(slot) => {
                let id = self.ends.len() as u32;
                self.arena.push_str(term);
                self.ends.push(self.arena.len());
                if let Some(s) = self.table.get_mut(slot) {
                    *s = (hash >> 32) << 32 | u64::from(id.saturating_add(1));
                }
                (id, true)
            }
        }
    }

    fn grow(&mut self) {
        let size = (self.table.len() * 2).max(MIN_TABLE);
        let mut table = vec![0u64; size];
        let mask = size - 1;
        for &entry in self.table.iter().filter(|&&e| e != 0) {
            let id = (entry as u32).wrapping_sub(1);
            let mut slot = term_hash(self.term(id)) as usize & mask;
            while table.get(slot).is_some_and(|&e| e != 0) {
                slot = (slot + 1) & mask;
            }
            if let Some(s) = table.get_mut(slot) {
                *s = entry;
            }
        }
        self.table = table;
    }

    /// Build an interner holding `terms` in order (ids = positions).
    pub(crate) fn from_terms<'a>(terms: impl IntoIterator<Item = &'a str>) -> Self {
        let mut interner = TermInterner::new();
        for t in terms {
            interner.intern(t);
        }
        interner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_and_finds() {
        let mut i = TermInterner::new();
        let words: Vec<String> = (0..1000).map(|n| format!("w{n}")).collect();
        for (n, w) in words.iter().enumerate() {
            assert_eq!(i.intern(w), (n as u32, true));
        }
        for (n, w) in words.iter().enumerate() {
            assert_eq!(i.intern(w), (n as u32, false));
            assert_eq!(i.get(w), Some(n as u32));
            assert_eq!(i.term(n as u32), w);
        }
        assert_eq!(i.get("nope"), None);
        assert_eq!(i.term(5000), "");
        assert_eq!(i.intern(""), (1000, true));
        assert_eq!(i.get(""), Some(1000));
    }
}

/// An append-only list of strings in one arena.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct StringList {
    arena: String,
    ends: Vec<usize>,
}

impl StringList {
    /// Append a string.
    pub(crate) fn push(&mut self, s: &str) {
        self.arena.push_str(s);
        self.ends.push(self.arena.len());
    }

    /// Number of strings.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// String `i`, if any.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(p) => *self.ends.get(p)?,
            None => 0,
        };
        self.arena.get(start..end)
    }

    /// All strings in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).filter_map(move |i| self.get(i))
    }
}
