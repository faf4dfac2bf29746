//! scikit-learn's default token pattern, `(?u)\b\w\w+\b`, after `str.lower()`.
//!
//! Python's `\w` on `str` is `str.isalnum()` or `_`: Unicode general categories
//! `L*` and `N*` (`Nd`, `Nl`, `No`) plus `_`. Unlike Rust's
//! [`char::is_alphanumeric`] it excludes combining marks (`Mn`, `Mc`), so a
//! Devanagari vowel sign or the dot of a lowercased `İ` ("i̇") splits a token.
//! Tables are Unicode 16 (`unicode-general-category`); Python 3.11 uses
//! Unicode 14, which differs only for characters assigned since then.

use unicode_general_category::{get_general_category, GeneralCategory as G};

/// Whether `c` matches Python's `re` `\w` for `str` patterns.
///
/// ```
/// use tidings_tokenize::sklearn::is_python_word_char;
/// assert!(is_python_word_char('_') && is_python_word_char('½') && is_python_word_char('ß'));
/// assert!(!is_python_word_char('\u{0301}') && !is_python_word_char('\u{093E}'));
/// ```
pub fn is_python_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::DecimalNumber
            | G::LetterNumber
            | G::OtherNumber
    )
}

/// Calls `f(start, end, term)` for every scikit-learn token of `text`.
///
/// `term` is the token as scikit-learn produces it (from the lowercased text when
/// `lowercase`); `text[start..end]` is the stretch of the original text it came
/// from: from the start of the original character that produced the token's
/// first character to the end of the one that produced its last character
/// (lowercasing "İ" yields two characters, "i" and a combining dot).
///
/// ```
/// let text = "The İstanbul_2 ΟΔΟΣ, a b½!";
/// let mut got = Vec::new();
/// tidings_tokenize::sklearn::sklearn_tokens(text, true, &mut String::new(), |s, e, t| {
///     got.push((t.to_string(), &text[s..e]));
/// });
/// assert_eq!(got, [
///     ("the".to_string(), "The"),
///     ("stanbul_2".to_string(), "stanbul_2"),
///     ("οδος".to_string(), "ΟΔΟΣ"),
///     ("b½".to_string(), "b½"),
/// ]);
/// ```
pub fn sklearn_tokens(
    text: &str,
    lowercase: bool,
    buf: &mut String,
    mut f: impl FnMut(usize, usize, &str),
) {
    if text.is_ascii() {
        ascii_tokens(text, lowercase, buf, &mut f);
        return;
    }
    let mut run = Run::default();
    buf.clear();
    if lowercase && text.contains('Σ') {
        // Final sigma depends on context: lowercase the whole text (as Python
        // does) and walk it in step with the original.
        let lowered = text.to_lowercase();
        let mut low = lowered.chars();
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            for _ in 0..c.to_lowercase().len() {
                if let Some(lc) = low.next() {
                    run.push(i, end, lc, buf, &mut f);
                }
            }
        }
    } else {
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            if lowercase && !c.is_ascii() {
                for lc in c.to_lowercase() {
                    run.push(i, end, lc, buf, &mut f);
                }
            } else {
                let lc = if lowercase { c.to_ascii_lowercase() } else { c };
                run.push(i, end, lc, buf, &mut f);
            }
        }
    }
    run.finish(buf, &mut f);
}

/// A run of word characters being collected.
#[derive(Default)]
struct Run {
    start: usize,
    end: usize,
    chars: usize,
}

impl Run {
    #[inline]
    fn push(
        &mut self,
        start: usize,
        end: usize,
        c: char,
        buf: &mut String,
        f: &mut impl FnMut(usize, usize, &str),
    ) {
        if is_python_word_char(c) {
            if self.chars == 0 {
                self.start = start;
                buf.clear();
            }
            self.chars += 1;
            self.end = end;
            buf.push(c);
        } else {
            self.finish(buf, f);
        }
    }

    #[inline]
    fn finish(&mut self, buf: &str, f: &mut impl FnMut(usize, usize, &str)) {
        if self.chars >= 2 {
            f(self.start, self.end, buf);
        }
        self.chars = 0;
    }
}

fn ascii_tokens(
    text: &str,
    lowercase: bool,
    buf: &mut String,
    f: &mut impl FnMut(usize, usize, &str),
) {
    let bytes = text.as_bytes();
    let is_w = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        if !bytes.get(i).is_some_and(|&b| is_w(b)) {
            i += 1;
            continue;
        }
        let start = i;
        while bytes.get(i).is_some_and(|&b| is_w(b)) {
            i += 1;
        }
        if i - start >= 2 {
            let Some(word) = text.get(start..i) else {
                continue;
            };
            if lowercase && word.bytes().any(|b| b.is_ascii_uppercase()) {
                buf.clear();
                buf.push_str(word);
                buf.make_ascii_lowercase();
                f(start, i, buf);
            } else {
                f(start, i, word);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn offsets_are_char_boundaries(text in "\\PC{0,60}", lower in any::<bool>()) {
            let mut prev_end = 0;
            sklearn_tokens(&text, lower, &mut String::new(), |s, e, t| {
                assert!(text.get(s..e).is_some());
                assert!(s >= prev_end && s < e);
                assert!(t.chars().count() >= 2);
                prev_end = e;
            });
        }
    }
}
