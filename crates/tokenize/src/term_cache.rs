//! A session's cache from a surface form to its analysed term.
//!
//! Nearly every word is at most 16 bytes long. Such keys are packed into two
//! `u64`s and kept in open-addressing tables, so a lookup is a multiply, one
//! or two loads and two integer comparisons — no `memcmp`, no allocation.
//! Keys of at most 8 bytes (most tokens, and every frequent one) have a table
//! of their own with 16-byte slots, half the cache footprint of 9–16-byte keys.
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

/// An entry of the table of keys of at most 8 bytes (16 bytes, so four per
/// cache line). The value sits next to the key so a hit costs one cache line.
#[derive(Clone, Copy, Default)]
struct Slot8 {
    k0: u64,
    /// Term offset in the arena.
    term_off: u32,
    /// Term length, or [`REMOVED`].
    term_len: u16,
    /// Key length in bytes; 0 marks an empty slot (keys are never empty).
    key_len: u16,
}

/// An entry of the table of keys of 9 to 16 bytes.
#[derive(Clone, Copy, Default)]
struct Slot16 {
    k1: u64,
    short: Slot8,
}

/// `term_len` of a removed form. Keys of at most 16 bytes give terms of at
/// most 48 bytes (lowercasing expands a character at most threefold).
const REMOVED: u16 = u16::MAX;

/// What an open-addressing table needs from its slots.
trait TableSlot: Copy + Default {
    /// The [`Slot8`] part (key length, first key word and value).
    fn short(&self) -> &Slot8;
    /// The second key word (0 for keys of at most 8 bytes).
    fn k1(&self) -> u64;
}

impl TableSlot for Slot8 {
    #[inline]
    fn short(&self) -> &Slot8 {
        self
    }
    #[inline]
    fn k1(&self) -> u64 {
        0
    }
}

impl TableSlot for Slot16 {
    #[inline]
    fn short(&self) -> &Slot8 {
        &self.short
    }
    #[inline]
    fn k1(&self) -> u64 {
        self.k1
    }
}

impl Slot8 {
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

/// Linear-probing table at most half full; its length is a power of two.
struct Table<S> {
    slots: Vec<S>,
    len: usize,
}

impl<S: TableSlot> Table<S> {
    fn new() -> Self {
        Table {
            slots: vec![S::default(); 1 << 11],
            len: 0,
        }
    }

    #[inline]
    fn get(&self, k0: u64, k1: u64, key_len: usize) -> Option<Cached> {
        let mask = self.slots.len() - 1;
        let mut i = (hash(k0, k1, key_len) as usize) & mask;
        loop {
            let slot = self.slots.get(i)?;
            let short = slot.short();
            if short.key_len == 0 {
                return None;
            }
            if short.k0 == k0 && slot.k1() == k1 && usize::from(short.key_len) == key_len {
                return Some(short.cached());
            }
            i = (i + 1) & mask;
        }
    }

    fn insert(&mut self, new: S) {
        if (self.len + 1) * 2 > self.slots.len() {
            let bigger = vec![S::default(); self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, bigger);
            for slot in old.into_iter().filter(|s| s.short().key_len != 0) {
                self.place(slot);
            }
        }
        self.place(new);
        self.len += 1;
    }

    fn place(&mut self, new: S) {
        let mask = self.slots.len() - 1;
        let short = new.short();
        let mut i = (hash(short.k0, new.k1(), usize::from(short.key_len)) as usize) & mask;
        while let Some(slot) = self.slots.get_mut(i) {
            if slot.short().key_len == 0 {
                *slot = new;
                return;
            }
            i = (i + 1) & mask;
        }
    }
}

/// Above this many entries the cache starts over (bounded memory).
const LIMIT: usize = 1 << 21;

pub(crate) struct TermCache {
    /// Keys of 1 to 8 bytes.
    short8: Table<Slot8>,
    /// Keys of 9 to 16 bytes.
    short16: Table<Slot16>,
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
            short8: Table::new(),
            short16: Table::new(),
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
        match pack(key) {
            Some((k0, _)) if key.len() <= 8 => self.short8.get(k0, 0, key.len()),
            Some((k0, k1)) => self.short16.get(k0, k1, key.len()),
            None => self.long.get(key).copied(),
        }
    }

    /// Records the analysis of `key` (which must not be cached yet).
    pub(crate) fn insert(&mut self, key: &str, term: Option<&str>) -> Cached {
        let entries = self.short8.len + self.short16.len + self.long.len();
        if entries >= LIMIT || self.arena.len() > u32::MAX as usize / 2 {
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
                let short = Slot8 {
                    k0,
                    term_off: off,
                    term_len: if term.is_some() { len as u16 } else { REMOVED },
                    key_len: key.len() as u16,
                };
                if key.len() <= 8 {
                    self.short8.insert(short);
                } else {
                    self.short16.insert(Slot16 { k1, short });
                }
            }
            _ => {
                self.long.insert(key.as_bytes().into(), cached);
            }
        }
        cached
    }

    fn clear(&mut self) {
        self.short8 = Table::new();
        self.short16 = Table::new();
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
