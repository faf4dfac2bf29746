//! A session's cache from a surface form to its analysed term.
//!
//! Nearly every word is at most 16 bytes long. Such keys are packed into two
//! `u64`s and kept in an open-addressing table, so a lookup is a multiply, one
//! or two loads and two integer comparisons — no `memcmp`, no allocation.
//! Longer keys go to an `FxHashMap`. Terms live in one arena string.

use rustc_hash::FxHashMap;

/// What the cache knows about a surface form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cached {
    /// The form is removed (stopword, dropped number).
    Removed,
    /// The term is `arena[off..off + len]`.
    Term { off: u32, len: u32 },
}

/// One entry of the short-key table. The value sits next to the key so a hit
/// costs one cache line.
#[derive(Clone, Copy, Default)]
struct Slot {
    k0: u64,
    k1: u64,
    /// Key length in bytes; 0 marks an empty slot (keys are never empty).
    key_len: u16,
    /// Term length, or [`REMOVED`].
    term_len: u16,
    /// Term offset in the arena.
    term_off: u32,
}

/// `Slot::term_len` of a removed form. Keys of at most 16 bytes give terms of at
/// most 48 bytes (lowercasing expands a character at most threefold).
const REMOVED: u16 = u16::MAX;

impl Slot {
    #[inline]
    fn cached(&self) -> Cached {
        if self.term_len == REMOVED {
            Cached::Removed
        } else {
            Cached::Term {
                off: self.term_off,
                len: u32::from(self.term_len),
            }
        }
    }
}

/// Above this many entries the cache starts over (bounded memory).
const LIMIT: usize = 1 << 21;

pub(crate) struct TermCache {
    slots: Vec<Slot>,
    short_len: usize,
    long: FxHashMap<Box<[u8]>, Cached>,
    arena: String,
}

/// Packs up to 16 bytes little-endian into two words (zero padded).
#[inline]
fn pack(key: &[u8]) -> Option<(u64, u64)> {
    let n = key.len();
    if n > 16 {
        return None;
    }
    if n > 8 {
        Some((tail(key.get(..8)?)?, tail(key.get(8..)?)?))
    } else {
        Some((tail(key)?, 0))
    }
}

/// Packs 0..=8 bytes little-endian into a word with overlapping loads.
#[inline]
fn tail(b: &[u8]) -> Option<u64> {
    let n = b.len();
    Some(if n >= 4 {
        let lo = u64::from(u32::from_le_bytes(b.get(..4)?.try_into().ok()?));
        let hi = u64::from(u32::from_le_bytes(b.get(n - 4..)?.try_into().ok()?));
        lo | (hi << (8 * (n - 4)))
    } else if n > 0 {
        let first = u64::from(*b.first()?);
        let mid = u64::from(*b.get(n / 2)?);
        let last = u64::from(*b.last()?);
        first | (mid << (8 * (n / 2))) | (last << (8 * (n - 1)))
    } else {
        0
    })
}

/// Folded 64×64→128-bit multiply of both key words: every key bit reaches the
/// low bits used for the slot index.
#[inline]
fn hash(k0: u64, k1: u64, len: usize) -> u64 {
    let a = k0 ^ 0x243F_6A88_85A3_08D3;
    let b = k1 ^ (len as u64) ^ 0x1319_8A2E_0370_7344;
    let p = u128::from(a).wrapping_mul(u128::from(b));
    (p as u64) ^ ((p >> 64) as u64)
}

impl TermCache {
    pub(crate) fn new() -> Self {
        TermCache {
            slots: vec![Slot::default(); 1 << 12],
            short_len: 0,
            long: FxHashMap::default(),
            arena: String::new(),
        }
    }

    /// The term text of a cached entry.
    #[inline]
    pub(crate) fn term(&self, off: u32, len: u32) -> &str {
        let (off, len) = (off as usize, len as usize);
        self.arena.get(off..off + len).unwrap_or("")
    }

    #[inline]
    pub(crate) fn get(&self, key: &[u8]) -> Option<Cached> {
        let Some((k0, k1)) = pack(key) else {
            return self.long.get(key).copied();
        };
        let mask = self.slots.len() - 1;
        let mut i = (hash(k0, k1, key.len()) as usize) & mask;
        loop {
            let slot = self.slots.get(i)?;
            if slot.key_len == 0 {
                return None;
            }
            if slot.k0 == k0 && slot.k1 == k1 && usize::from(slot.key_len) == key.len() {
                return Some(slot.cached());
            }
            i = (i + 1) & mask;
        }
    }

    /// Records the analysis of `key` (which must not be cached yet).
    pub(crate) fn insert(&mut self, key: &str, term: Option<&str>) -> Cached {
        if self.short_len + self.long.len() >= LIMIT || self.arena.len() > u32::MAX as usize / 2 {
            self.clear();
        }
        let (off, len) = (self.arena.len() as u32, term.map_or(0, str::len));
        let cached = match term {
            None => Cached::Removed,
            Some(t) => {
                self.arena.push_str(t);
                Cached::Term {
                    off,
                    len: len as u32,
                }
            }
        };
        match pack(key.as_bytes()) {
            Some((k0, k1)) if len < usize::from(REMOVED) => {
                if (self.short_len + 1) * 2 > self.slots.len() {
                    self.grow();
                }
                self.place(Slot {
                    k0,
                    k1,
                    key_len: key.len() as u16,
                    term_len: if term.is_some() { len as u16 } else { REMOVED },
                    term_off: off,
                });
                self.short_len += 1;
            }
            _ => {
                self.long.insert(key.as_bytes().into(), cached);
            }
        }
        cached
    }

    fn place(&mut self, new: Slot) {
        let mask = self.slots.len() - 1;
        let mut i = (hash(new.k0, new.k1, usize::from(new.key_len)) as usize) & mask;
        while let Some(slot) = self.slots.get_mut(i) {
            if slot.key_len == 0 {
                *slot = new;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let bigger = vec![Slot::default(); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, bigger);
        for slot in old.into_iter().filter(|s| s.key_len != 0) {
            self.place(slot);
        }
    }

    fn clear(&mut self) {
        self.slots = vec![Slot::default(); 1 << 12];
        self.short_len = 0;
        self.long.clear();
        self.arena.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pack_is_injective_on_lengths_and_bytes() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnop",
        ];
        let packed: Vec<_> = words
            .iter()
            .map(|w| (pack(w.as_bytes()), w.len()))
            .collect();
        for (i, a) in packed.iter().enumerate() {
            for b in packed.iter().skip(i + 1) {
                assert_ne!(a, b);
            }
        }
        assert_eq!(
            pack(b"ab"),
            Some((u64::from(b'a') | u64::from(b'b') << 8, 0))
        );
        assert_eq!(pack(&[b'x'; 17]), None);
    }

    proptest! {
        #[test]
        fn behaves_like_a_map(keys in prop::collection::vec("[a-zé]{1,20}", 1..300)) {
            let mut cache = TermCache::new();
            let mut model = std::collections::HashMap::new();
            for (i, k) in keys.iter().enumerate() {
                let want = model.get(k.as_str()).copied();
                let got = cache.get(k.as_bytes()).map(|c| match c {
                    Cached::Removed => None,
                    Cached::Term { off, len } => Some(cache.term(off, len).to_string()),
                });
                prop_assert_eq!(got, want.map(|w: usize| if w % 3 == 0 { None } else { Some(format!("t{w}")) }));
                if want.is_none() {
                    let term = format!("t{i}");
                    cache.insert(k, if i % 3 == 0 { None } else { Some(&term) });
                    model.insert(k.as_str(), i);
                }
            }
        }
    }
}
