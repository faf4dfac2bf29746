//! Validated word n-gram ranges.

use serde::{Deserialize, Serialize};

use crate::error::TokenizeError;

/// A validated range of n-gram sizes, `1 <= min <= max <= NgramRange::MAX_N`.
///
/// Serialised as `{"min": 1, "max": 2}`; deserialising re-checks the bounds.
///
/// ```
/// use tidings_tokenize::NgramRange;
/// let r = NgramRange::new(1, 2)?;
/// assert_eq!((r.min(), r.max()), (1, 2));
/// assert!(NgramRange::new(2, 1).is_err());
/// assert_eq!(NgramRange::unigrams(), NgramRange::new(1, 1)?);
/// # Ok::<(), tidings_tokenize::TokenizeError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawNgramRange", into = "RawNgramRange")]
pub struct NgramRange {
    min: usize,
    max: usize,
}

#[derive(Serialize, Deserialize)]
struct RawNgramRange {
    min: usize,
    max: usize,
}

impl TryFrom<RawNgramRange> for NgramRange {
    type Error = TokenizeError;
    fn try_from(raw: RawNgramRange) -> Result<Self, Self::Error> {
        NgramRange::new(raw.min, raw.max)
    }
}

impl From<NgramRange> for RawNgramRange {
    fn from(r: NgramRange) -> Self {
        RawNgramRange {
            min: r.min,
            max: r.max,
        }
    }
}

impl std::str::FromStr for NgramRange {
    type Err = TokenizeError;

    /// Parses `N` (`1..=N`), `MIN..MAX` or `MIN..=MAX` (both ends included).
    ///
    /// ```
    /// use tidings_tokenize::NgramRange;
    /// assert_eq!("2".parse::<NgramRange>()?, NgramRange::new(1, 2)?);
    /// assert_eq!("2..3".parse::<NgramRange>()?, NgramRange::new(2, 3)?);
    /// assert!("0".parse::<NgramRange>().is_err());
    /// assert!("two".parse::<NgramRange>().is_err());
    /// # Ok::<(), tidings_tokenize::TokenizeError>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = s.trim();
        let number = |t: &str| {
            t.trim()
                .parse::<usize>()
                .map_err(|_| TokenizeError::NgramSyntax {
                    value: value.to_string(),
                })
        };
        let (min, max) = match value.split_once("..") {
            Some((a, b)) => (number(a)?, number(b.strip_prefix('=').unwrap_or(b))?),
            None => (1, number(value)?),
        };
        NgramRange::new(min, max)
    }
}

impl NgramRange {
    /// The largest supported n.
    pub const MAX_N: usize = 8;

    /// Checks `1 <= min <= max <= MAX_N`.
    pub fn new(min: usize, max: usize) -> Result<NgramRange, TokenizeError> {
        if min == 0 || min > max || max > Self::MAX_N {
            return Err(TokenizeError::InvalidNgramRange {
                min,
                max,
                limit: Self::MAX_N,
            });
        }
        Ok(NgramRange { min, max })
    }

    /// Single words only (`1..=1`), the default.
    pub fn unigrams() -> NgramRange {
        NgramRange { min: 1, max: 1 }
    }

    /// The smallest n.
    pub fn min(&self) -> usize {
        self.min
    }

    /// The largest n.
    pub fn max(&self) -> usize {
        self.max
    }
}

impl Default for NgramRange {
    fn default() -> Self {
        NgramRange::unigrams()
    }
}
