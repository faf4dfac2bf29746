//! UAX #29 word segmentation with an ASCII fast path.
//!
//! A *word* is a UAX #29 word segment that contains at least one alphanumeric
//! character (the same definition as `unicode_segmentation::UnicodeSegmentation::unicode_words`).
//! [`word_spans`] gives exactly the spans of [`word_spans_unicode`], but scans
//! ASCII stretches byte by byte and only hands pieces that contain non-ASCII
//! text to `unicode-segmentation`.
//!
//! Why the split is exact: UAX #29 never joins ASCII whitespace with a following
//! ASCII non-whitespace character, and no rule looks across such a position, so
//! the text on either side of it segments independently.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Word-break classes of ASCII bytes.
const OTHER: u8 = 0;
/// ALetter.
const LETTER: u8 = 1;
/// Numeric.
const DIGIT: u8 = 2;
/// ExtendNumLet (`_`).
const UNDERSCORE: u8 = 3;
/// MidLetter (`:`).
const MID_LETTER: u8 = 4;
/// MidNumLet / Single_Quote (`.` `'`).
const MID_NUM_LET: u8 = 5;
/// MidNum (`,` `;`).
const MID_NUM: u8 = 6;

/// Classes of all byte values (non-ASCII bytes are [`OTHER`]); indexing by a
/// `u8` needs no bounds check.
static CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            match c {
                b'_' => UNDERSCORE,
                b':' => MID_LETTER,
                b'.' | b'\'' => MID_NUM_LET,
                b',' | b';' => MID_NUM,
                _ => OTHER,
            }
        };
        b += 1;
    }
    t
};

#[inline]
fn class(b: u8) -> u8 {
    CLASS[usize::from(b)]
}

/// Whether `c` is [`LETTER`], [`DIGIT`] or [`UNDERSCORE`] (one comparison).
#[inline]
fn is_word_class(c: u8) -> bool {
    c.wrapping_sub(LETTER) <= UNDERSCORE - LETTER
}

/// Whether the position between bytes `prev` and `cur` is a word boundary that
/// no UAX #29 rule looks across: ASCII whitespace followed by ASCII
/// non-whitespace. (Whitespace runs may join, WB3/WB3d, and whitespace absorbs
/// a following Extend/Format character, WB4, so both sides must be ASCII and
/// only the left one whitespace.)
#[inline]
fn is_hard_boundary(prev: u8, cur: u8) -> bool {
    prev.is_ascii_whitespace() && cur < 0x80 && !cur.is_ascii_whitespace()
}

/// Calls `f` with the byte range of every word in `text`, in order.
///
/// Identical output to [`word_spans_unicode`], faster on ASCII text.
///
/// ```
/// let text = "Indo-Pacific, U.S. and F-35s: 1,000.5 words_here";
/// let mut words = Vec::new();
/// tidings_tokenize::words::word_spans(text, |r| words.push(&text[r]));
/// assert_eq!(words, ["Indo", "Pacific", "U.S", "and", "F", "35s", "1,000.5", "words_here"]);
/// ```
pub fn word_spans(text: &str, mut f: impl FnMut(Range<usize>)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut start = 0;
    while start < n {
        // First non-ASCII byte at or after `start`.
        let Some(k) = first_non_ascii(bytes, start) else {
            ascii_words(bytes, start, n, &mut f);
            return;
        };
        // Last hard boundary at or before k.
        let mut p = k;
        while p > start {
            let prev = bytes.get(p - 1).copied().unwrap_or(0);
            let cur = bytes.get(p).copied().unwrap_or(0);
            if is_hard_boundary(prev, cur) {
                break;
            }
            p -= 1;
        }
        ascii_words(bytes, start, p, &mut f);
        // Next hard boundary after k.
        let mut q = k + 1;
        while q < n {
            let prev = bytes.get(q - 1).copied().unwrap_or(0);
            let cur = bytes.get(q).copied().unwrap_or(0);
            if is_hard_boundary(prev, cur) {
                break;
            }
            q += 1;
        }
        // p and q follow ASCII bytes or are 0/len, so they are char boundaries.
        if let Some(piece) = text.get(p..q) {
            unicode_words_in(piece, p, &mut f);
        }
        start = q;
    }
}

/// Index of the first byte `>= 0x80` in `bytes[from..]`, scanning eight bytes
/// at a time.
#[inline]
fn first_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut at = from;
    for chunk in chunks.by_ref() {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let high = word & HIGH;
        if high != 0 {
            return Some(at + (high.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b >= 0x80)
        .map(|p| at + p)
}

/// Calls `f` with the byte range of every word in `text` using
/// `unicode-segmentation` only (the reference for [`word_spans`]).
pub fn word_spans_unicode(text: &str, mut f: impl FnMut(Range<usize>)) {
    unicode_words_in(text, 0, &mut f);
}

fn unicode_words_in(piece: &str, offset: usize, f: &mut impl FnMut(Range<usize>)) {
    for (i, seg) in piece.split_word_bound_indices() {
        // A combining mark after a space joins the space's segment (UAX #29
        // WB4): the word starts after the space.
        let word = seg.trim_start();
        if word.chars().any(char::is_alphanumeric) {
            let start = offset + i + (seg.len() - word.len());
            f(start..offset + i + seg.len());
        }
    }
}

/// UAX #29 on pure-ASCII `bytes[from..to]`, which must start and end at hard boundaries.
fn ascii_words(bytes: &[u8], from: usize, to: usize, f: &mut impl FnMut(Range<usize>)) {
    let Some(region) = bytes.get(from..to) else {
        return;
    };
    let at = |i: usize| -> u8 { region.get(i).map_or(OTHER, |&b| class(b)) };
    let n = region.len();
    let mut i = 0;
    while i < n {
        let c = at(i);
        if !is_word_class(c) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        loop {
            // Tight loop over letters/digits/underscores.
            while region.get(i).is_some_and(|&b| is_word_class(class(b))) {
                i += 1;
            }
            // The last byte taken is a word byte (`i > start`).
            let prev = at(i - 1);
            let c = at(i);
            // WB6/7: ALetter × (MidLetter | MidNumLetQ) ALetter;
            // WB11/12: Numeric × (MidNum | MidNumLetQ) Numeric.
            let joins = match (prev, c) {
                (LETTER, MID_LETTER | MID_NUM_LET) => at(i + 1) == LETTER,
                (DIGIT, MID_NUM | MID_NUM_LET) => at(i + 1) == DIGIT,
                _ => false,
            };
            if !joins {
                break;
            }
            i += 2;
        }
        // A word needs an alphanumeric character: only a run of underscores
        // lacks one (joins are between letters or digits).
        let has_alnum = c != UNDERSCORE
            || region
                .get(start..i)
                .is_some_and(|w| w.iter().any(|&b| b != b'_'));
        if has_alnum {
            f(from + start..from + i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fast(text: &str) -> Vec<Range<usize>> {
        let mut v = Vec::new();
        word_spans(text, |r| v.push(r));
        v
    }

    fn reference(text: &str) -> Vec<Range<usize>> {
        let mut v = Vec::new();
        word_spans_unicode(text, |r| v.push(r));
        v
    }

    #[test]
    fn table_matches_unicode() {
        for text in [
            "",
            "a",
            "a.b.c d:e f'g h..i",
            "1,000.5 2;3 4'5 6..7 8,a",
            "_ __ a_ _1 a_b x_.y",
            "e.g. U.S. and F-35 MQ-9B",
            "café’s naïve résumé",
            "\u{301}a \u{301}\u{301} b\u{301}",
            "Ελληνικά, ΟΔΟΣ. Türkçe İstanbul",
            "中文字符 اللغة العربية हिन्दी",
            "a\r\nb\u{2029}c",
            "x\u{200d}\u{1f600}y",
            "👍🏽 🇫🇷🇩🇪",
            "a. \u{301}b",
        ] {
            assert_eq!(fast(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn first_non_ascii_finds_the_first_high_byte() {
        let text = "0123456789abcdefé xyz";
        assert_eq!(first_non_ascii(text.as_bytes(), 0), Some(16));
        assert_eq!(first_non_ascii(text.as_bytes(), 16), Some(16));
        assert_eq!(first_non_ascii(text.as_bytes(), 18), None);
        assert_eq!(first_non_ascii("abé".as_bytes(), 1), Some(2));
        assert_eq!(first_non_ascii(b"abc", 5), None);
    }

    #[test]
    fn words_of_a_sentence() {
        let text = "France's 1st Indo-Pacific plan (2019).";
        let words: Vec<&str> = fast(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            words,
            ["France's", "1st", "Indo", "Pacific", "plan", "2019"]
        );
    }

    fn mixed_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[a-zA-Z0-9_.,;:' \n\t-]{0,12}",
            "[a-z]{1,5}",
            Just("’".to_string()),
            Just("\u{301}".to_string()),
            Just("é".to_string()),
            Just("İ".to_string()),
            Just("中".to_string()),
            Just("\u{93e}".to_string()),
            Just("\u{200d}".to_string()),
            Just("\u{a0}".to_string()),
            Just("\r\n".to_string()),
            Just("🇫".to_string()),
            "\\PC{0,3}",
        ];
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn ascii_fast_path_equals_unicode(text in mixed_text()) {
            prop_assert_eq!(fast(&text), reference(&text));
        }

        #[test]
        fn pure_ascii_equals_unicode(text in "[ -~\t\n\r]{0,64}") {
            prop_assert_eq!(fast(&text), reference(&text));
        }

        #[test]
        fn spans_are_on_char_boundaries(text in "\\PC{0,40}") {
            for r in fast(&text) {
                prop_assert!(text.get(r.clone()).is_some());
                prop_assert!(r.start < r.end);
            }
        }
    }
}
