//! Unsigned LEB128 varints, as the binary count formats of tidings write
//! every integer (the vectorizer's mergeable term statistics and the corpus
//! crate's furniture counts): seven bits a byte, low bits first, the high
//! bit set on every byte but the last.
//!
//! Reading never panics and never reads past the slice: a value cut short
//! or wider than 64 bits is an error that says where.
//!
//! ```
//! let mut bytes = Vec::new();
//! tidings_varint::put(&mut bytes, 300);
//! assert_eq!(bytes, [0xac, 0x02]);
//! let mut at = 0;
//! assert_eq!(tidings_varint::read(&bytes, &mut at), Ok(300));
//! assert_eq!(at, 2);
//! assert_eq!(
//!     tidings_varint::read(&bytes[..1], &mut 0),
//!     Err(tidings_varint::VarintError::CutShort { at: 1 })
//! );
//! ```
#![deny(missing_docs)]

/// Why a varint could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarintError {
    /// The bytes ended inside the value; `at` is the offset where they
    /// ended.
    CutShort {
        /// Offset just past the last byte.
        at: usize,
    },
    /// The value does not fit in 64 bits: it starts at `start`, and the
    /// byte that overflowed ends at `at`.
    Overflow {
        /// Offset of the value's first byte.
        start: usize,
        /// Offset just past the byte that overflowed.
        at: usize,
    },
}

/// Appends `v` as an unsigned LEB128 varint.
pub fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads the varint at `*at` and moves `*at` past it. On an error `*at` is
/// left where reading stopped.
///
/// # Errors
/// [`VarintError::CutShort`] when the bytes end inside the value,
/// [`VarintError::Overflow`] when it is wider than 64 bits.
pub fn read(bytes: &[u8], at: &mut usize) -> Result<u64, VarintError> {
    let start = *at;
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let Some(&b) = bytes.get(*at) else {
            return Err(VarintError::CutShort { at: *at });
        };
        *at += 1;
        let low = u64::from(b & 0x7f);
        if shift == 63 && low > 1 {
            return Err(VarintError::Overflow { start, at: *at });
        }
        value |= low << shift;
        if b & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(VarintError::Overflow { start, at: *at })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_width_round_trips() {
        for v in [
            0,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut bytes = Vec::new();
            put(&mut bytes, v);
            let mut at = 0;
            assert_eq!(read(&bytes, &mut at), Ok(v));
            assert_eq!(at, bytes.len());
        }
        let mut bytes = Vec::new();
        put(&mut bytes, u64::MAX);
        assert_eq!(bytes.len(), 10);
    }

    #[test]
    fn wider_than_64_bits_is_an_overflow() {
        // Ten bytes whose last carries more than the 64th bit.
        let bytes = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        assert_eq!(
            read(&bytes, &mut 0),
            Err(VarintError::Overflow { start: 0, at: 10 })
        );
        // Eleven bytes of continuation.
        let bytes = [0x80; 11];
        assert_eq!(
            read(&bytes, &mut 0),
            Err(VarintError::Overflow { start: 0, at: 10 })
        );
    }

    #[test]
    fn a_value_cut_short_says_where() {
        let mut at = 3;
        assert_eq!(
            read(&[0, 0, 0, 0x80, 0x80], &mut at),
            Err(VarintError::CutShort { at: 5 })
        );
    }
}
