//! Passages: paragraph-sized pieces of a document, the units the topic model
//! works on.
//!
//! Paragraphs are separated by blank lines (as in cleaned text). Consecutive
//! paragraphs shorter than [`PassageOptions::min_chars`] are merged while the
//! result stays within [`PassageOptions::max_chars`]; a paragraph longer than
//! `max_chars` is split at sentence ends (`.`, `!`, `?` followed by a space,
//! and the CJK, Devanagari and Arabic full stops), and a sentence still longer
//! at the last space before the limit (or, with no space, at a character
//! boundary). Every passage is a byte range of the document text, trimmed of
//! surrounding whitespace and never empty.

use std::ops::Range;

use crate::error::CorpusError;

/// Bounds on passage length, in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PassageOptions {
    min_chars: usize,
    max_chars: usize,
}

impl Default for PassageOptions {
    /// `min_chars` 200, `max_chars` 1500.
    fn default() -> Self {
        PassageOptions {
            min_chars: 200,
            max_chars: 1500,
        }
    }
}

impl PassageOptions {
    /// Bounds; requires `1 <= max_chars` and `min_chars <= max_chars`.
    pub fn new(min_chars: usize, max_chars: usize) -> Result<Self, CorpusError> {
        if max_chars == 0 {
            return Err(CorpusError::InvalidOption {
                name: "max_chars",
                value: max_chars.to_string(),
                expected: "at least 1",
            });
        }
        if min_chars > max_chars {
            return Err(CorpusError::InvalidOption {
                name: "min_chars",
                value: format!("{min_chars} (max_chars = {max_chars})"),
                expected: "at most max_chars",
            });
        }
        Ok(PassageOptions {
            min_chars,
            max_chars,
        })
    }

    /// Paragraphs shorter than this are merged with their neighbours.
    pub fn min_chars(&self) -> usize {
        self.min_chars
    }

    /// No passage is longer than this.
    pub fn max_chars(&self) -> usize {
        self.max_chars
    }
}

/// A passage: a byte range of a document's text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Passage {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

impl Passage {
    /// The byte range.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The passage's text within the document text it was split from.
    pub fn text<'a>(&self, document_text: &'a str) -> &'a str {
        document_text.get(self.range()).unwrap_or("")
    }
}

/// Splits `text` into passages.
///
/// ```
/// use tidings_corpus::{split_passages, PassageOptions};
/// let text = "Short one.\n\nShort two.\n\nA third paragraph.";
/// let passages = split_passages(text, &PassageOptions::new(15, 40)?);
/// let texts: Vec<&str> = passages.iter().map(|p| p.text(text)).collect();
/// assert_eq!(texts, ["Short one.\n\nShort two.", "A third paragraph."]);
/// # Ok::<(), tidings_corpus::CorpusError>(())
/// ```
pub fn split_passages(text: &str, options: &PassageOptions) -> Vec<Passage> {
    let mut pieces: Vec<Range<usize>> = Vec::new();
    for para in paragraph_ranges(text) {
        split_long(text, para, options.max_chars, &mut pieces);
    }
    // Merge short neighbours.
    let mut out: Vec<Passage> = Vec::new();
    let mut current: Option<(Range<usize>, usize)> = None;
    for r in pieces {
        let chars = char_len(text, &r);
        current = match current {
            None => Some((r, chars)),
            Some((cur, cur_chars)) => {
                let gap = char_len(text, &(cur.end..r.start));
                let merged = cur_chars + gap + chars;
                if (cur_chars < options.min_chars || chars < options.min_chars)
                    && merged <= options.max_chars
                {
                    Some((cur.start..r.end, merged))
                } else {
                    out.push(Passage {
                        start: cur.start,
                        end: cur.end,
                    });
                    Some((r, chars))
                }
            }
        };
    }
    if let Some((cur, _)) = current {
        out.push(Passage {
            start: cur.start,
            end: cur.end,
        });
    }
    out
}

fn char_len(text: &str, r: &Range<usize>) -> usize {
    text.get(r.clone()).map_or(0, |s| s.chars().count())
}

/// Byte ranges of the paragraphs (separated by lines holding only whitespace),
/// trimmed.
fn paragraph_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if blank {
            if let Some(s) = start.take() {
                out.push(s..end);
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            if start.is_none() {
                start = Some(offset + lead);
            }
            end = offset + line.trim_end().len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

const SENTENCE_ENDS: &[char] = &['.', '!', '?', '。', '！', '？', '।', '؟'];

/// Splits `range` into pieces of at most `max` characters.
fn split_long(text: &str, range: Range<usize>, max: usize, out: &mut Vec<Range<usize>>) {
    let mut start = range.start;
    while start < range.end {
        let Some(rest) = text.get(start..range.end) else {
            return;
        };
        // Byte offset (within rest) just past `max` characters.
        let limit = rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i);
        if limit == rest.len() {
            out.push(start..range.end);
            return;
        }
        let window = rest.get(..limit).unwrap_or(rest);
        // Last sentence end in the window.
        let mut cut = None;
        for (i, c) in window.char_indices() {
            if SENTENCE_ENDS.contains(&c) {
                let after = i + c.len_utf8();
                let next = rest.get(after..).and_then(|s| s.chars().next());
                let cjk = matches!(c, '。' | '！' | '？');
                if after > 0 && (cjk || next.is_some_and(char::is_whitespace)) {
                    cut = Some(after);
                }
            }
        }
        let cut = cut
            .or_else(|| window.rfind(char::is_whitespace).filter(|&i| i > 0))
            .unwrap_or(limit.max(rest.chars().next().map_or(1, char::len_utf8)));
        let piece = rest.get(..cut).unwrap_or(rest).trim_end();
        if !piece.is_empty() {
            out.push(start..start + piece.len());
        }
        let remaining = rest.get(cut..).unwrap_or("");
        let skipped = remaining.len() - remaining.trim_start().len();
        start += cut + skipped;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, min: usize, max: usize) -> Vec<String> {
        let opts = PassageOptions::new(min, max).unwrap_or_default();
        split_passages(text, &opts)
            .iter()
            .map(|p| p.text(text).to_string())
            .collect()
    }

    #[test]
    fn passage_table() {
        let cases: &[(&str, usize, usize, &[&str])] = &[
            ("", 10, 50, &[]),
            ("   \n\n  ", 10, 50, &[]),
            ("One paragraph.", 10, 50, &["One paragraph."]),
            (
                "  Padded.  \n\n\n  Second one here.  ",
                1,
                50,
                &["Padded.", "Second one here."],
            ),
            ("A.\n\nB.\n\nC.", 5, 50, &["A.\n\nB.\n\nC."]),
            (
                "First sentence here. Second sentence here. Third one.",
                1,
                25,
                &[
                    "First sentence here.",
                    "Second sentence here.",
                    "Third one.",
                ],
            ),
            (
                "nospacesatallinthisword",
                1,
                10,
                &["nospacesat", "allinthisw", "ord"],
            ),
            (
                "words without any end at all",
                1,
                12,
                &["words", "without any", "end at all"],
            ),
            (
                "第一句。第二句。第三句。",
                1,
                5,
                &["第一句。", "第二句。", "第三句。"],
            ),
        ];
        for (text, min, max, want) in cases {
            assert_eq!(texts(text, *min, *max), *want, "text {text:?}");
        }
    }

    #[test]
    fn passages_are_bounded_and_on_boundaries() {
        let text = "Ab c. ".repeat(500) + "\n\nनमस्ते दुनिया। " + &"x".repeat(3000);
        let opts = PassageOptions::default();
        for p in split_passages(&text, &opts) {
            assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
            let n = p.text(&text).chars().count();
            assert!(n >= 1 && n <= opts.max_chars(), "length {n}");
        }
    }

    #[test]
    fn options_are_checked() {
        assert!(PassageOptions::new(10, 5).is_err());
        assert!(PassageOptions::new(0, 0).is_err());
    }
}
