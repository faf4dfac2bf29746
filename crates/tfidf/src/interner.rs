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

/// Interned terms with dense ids `0..len()` in insertion order.
#[derive(Clone, Debug, Default)]
pub(crate) struct TermInterner {
    /// All terms, concatenated.
    arena: String,
    /// `ends[i]` is the end of term `i` in `arena`; term `i` starts at `ends[i - 1]` (or 0).
    ends: Vec<usize>,
    /// Open-addressing table: 0 = empty, otherwise id + 1.
    table: Vec<u32>,
    /// Upper hash bits of each term, to skip most byte comparisons.
    tags: Vec<u32>,
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

    /// Iterate over `(id, term)` in id order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, &str)> + '_ {
        (0..self.len() as u32).map(move |id| (id, self.term(id)))
    }

    #[inline]
    fn probe(&self, term: &str, hash: u64) -> Result<u32, usize> {
        let mask = self.table.len() - 1;
        let tag = (hash >> 32) as u32;
        let mut slot = hash as usize & mask;
        loop {
            match self.table.get(slot).copied() {
                Some(0) | None => return Err(slot),
                Some(entry) => {
                    let id = entry - 1;
                    if self.tags.get(id as usize) == Some(&tag) && self.term(id) == term {
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
                self.tags.push((hash >> 32) as u32);
                if let Some(s) = self.table.get_mut(slot) {
                    *s = id.saturating_add(1);
                }
                (id, true)
            }
        }
    }

    fn grow(&mut self) {
        let size = (self.table.len() * 2).max(MIN_TABLE);
        let mut table = vec![0u32; size];
        let mask = size - 1;
        for id in 0..self.len() as u32 {
            let mut slot = term_hash(self.term(id)) as usize & mask;
            while table.get(slot).is_some_and(|&e| e != 0) {
                slot = (slot + 1) & mask;
            }
            if let Some(s) = table.get_mut(slot) {
                *s = id + 1;
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
