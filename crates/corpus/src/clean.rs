//! Cleaning a document's text: newlines, control characters, the date marker,
//! furniture lines, hard-wrapped lines and whitespace.
//!
//! [`Cleaner::default`] runs every step; [`Cleaner::raw`] runs none, so the
//! text is exactly the decoded content (date extraction still happens). The
//! cleaned text has one paragraph per line group, paragraphs separated by one
//! blank line (`"\n\n"`), runs of spaces collapsed to one.
//!
//! # Rejoining hard-wrapped lines
//!
//! Rules, general rather than tied to any corpus:
//! - The document's wrap width is estimated as the 90th percentile of its
//!   non-blank line lengths (in characters). If it is above 150 characters,
//!   the document is not hard-wrapped and each line is a paragraph.
//! - In a hard-wrapped document, a line ends its paragraph when it ends with
//!   sentence-final punctuation and the next line's first word would have fit
//!   on it (so the break was the writer's, not the wrapper's), or when the next
//!   line starts a list item or heading. Otherwise the lines are joined.
//! - In any document, a line that does not end with sentence-final
//!   punctuation, followed by a line that starts with a lowercase letter, is
//!   continued; in a hard-wrapped document this also bridges one blank line
//!   (page breaks in extracted PDFs).
//! - A line ending in a hyphen after a letter is joined without a space
//!   (`counter-` + `terrorism` → `counter-terrorism`).

use crate::boilerplate::BoilerplateRules;
use crate::furniture::FurnitureRule;
use crate::mail::{MailConventions, MailRemovals};

/// Per-document cleaning steps. Every field is public; the defaults are
/// documented on each.
#[derive(Clone, Debug, PartialEq)]
pub struct Cleaner {
    /// Turn CRLF and lone CR into LF. Default: on.
    pub normalize_newlines: bool,
    /// Remove control characters other than newline and tab. Default: on.
    pub strip_control: bool,
    /// Remove the leading ` date YYYY-MM-DD ` marker from the text. Default: on.
    pub remove_date_marker: bool,
    /// Furniture lines to remove; `None` keeps every line.
    /// Default: [`BoilerplateRules::default`].
    pub boilerplate: Option<BoilerplateRules>,
    /// Quoted lines, attribution lines and signature blocks of mail and
    /// forum posts to remove; `None` keeps them. Default:
    /// [`MailConventions::default`] (all three).
    pub mail: Option<MailConventions>,
    /// Rejoin hard-wrapped lines into paragraphs. Default: on.
    pub rejoin_lines: bool,
    /// Collapse runs of whitespace inside a paragraph to one space and join
    /// paragraphs with one blank line. Default: on.
    pub collapse_whitespace: bool,
    /// Corpus-level removal of paragraphs that recur in different
    /// surroundings across many documents (see [`furniture`](crate::furniture));
    /// applied by [`read`](crate::read). `None` turns it off. Default:
    /// [`FurnitureRule::default`] (5 documents).
    pub furniture: Option<FurnitureRule>,
}

impl Default for Cleaner {
    fn default() -> Self {
        Cleaner {
            normalize_newlines: true,
            strip_control: true,
            remove_date_marker: true,
            boilerplate: Some(BoilerplateRules::default()),
            mail: Some(MailConventions::default()),
            rejoin_lines: true,
            collapse_whitespace: true,
            furniture: Some(FurnitureRule::default()),
        }
    }
}

impl Cleaner {
    /// No cleaning at all: a document's text is exactly its decoded content
    /// (byte-order mark removed), date marker included.
    pub fn raw() -> Self {
        Cleaner {
            normalize_newlines: false,
            strip_control: false,
            remove_date_marker: false,
            boilerplate: None,
            mail: None,
            rejoin_lines: false,
            collapse_whitespace: false,
            furniture: None,
        }
    }

    /// `true` if this cleaner changes nothing.
    pub fn is_raw(&self) -> bool {
        *self == Cleaner::raw()
    }

    /// Cleans one document's text (without the corpus-level furniture
    /// pass). `text` should already have had its date marker removed if
    /// [`remove_date_marker`](Self::remove_date_marker) is on; the readers do that.
    ///
    /// ```
    /// use tidings_corpus::Cleaner;
    /// let text = "Also Read: elsewhere\r\nThe two countries held\r\ntalks on Friday.\r\n";
    /// assert_eq!(Cleaner::default().clean(text), "The two countries held talks on Friday.");
    /// ```
    pub fn clean(&self, text: &str) -> String {
        self.clean_counted(text, &mut MailRemovals::default())
    }

    /// [`clean`](Self::clean), adding what the mail conventions removed to
    /// `removals`.
    pub fn clean_counted(&self, text: &str, removals: &mut MailRemovals) -> String {
        if self.is_raw() {
            return text.to_string();
        }
        let mut owned;
        let mut text = text;
        if self.strip_control {
            text = text.strip_prefix('\u{feff}').unwrap_or(text);
        }
        if self.normalize_newlines && text.contains('\r') {
            owned = text.replace("\r\n", "\n").replace('\r', "\n");
            text = &owned;
        }
        if self.strip_control && has_control(text) {
            owned = text
                .chars()
                .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
                .collect();
            text = &owned;
        }
        let mut scratch = Vec::new();
        let mut lines: Vec<&str> = text.split('\n').collect();
        if let Some(mail) = &self.mail {
            lines = mail.apply(&lines, removals);
        }
        let lines: Vec<&str> = lines
            .into_iter()
            .map(str::trim_end)
            .filter(|l| {
                !self
                    .boilerplate
                    .as_ref()
                    .is_some_and(|r| r.is_boilerplate_with(l, &mut scratch))
            })
            .collect();
        let paragraphs = if self.rejoin_lines {
            rejoin(&lines)
        } else {
            vec![lines.join("\n")]
        };
        if self.collapse_whitespace {
            let mut out = String::with_capacity(text.len());
            for p in paragraphs {
                let start = out.len();
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                let before = out.len();
                push_collapsed(&mut out, &p);
                if out.len() == before {
                    out.truncate(start);
                }
            }
            out
        } else {
            paragraphs.join("\n\n")
        }
    }
}

fn push_collapsed(out: &mut String, paragraph: &str) {
    let bytes = paragraph.as_bytes();
    let simple = paragraph.is_ascii()
        && memchr::memmem::find(bytes, b"  ").is_none()
        && !bytes
            .iter()
            .any(|&b| matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
        && !paragraph.starts_with(' ')
        && !paragraph.ends_with(' ');
    if simple {
        out.push_str(paragraph);
        return;
    }
    for (i, w) in paragraph.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// `true` if `text` has a control character other than newline and tab
/// (C0, DEL or C1), by a byte scan.
fn has_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    let c0 = bytes.iter().fold(false, |acc, &b| {
        acc | ((b < 0x20 && b != b'\n' && b != b'\t') | (b == 0x7f))
    });
    c0 || memchr::memchr_iter(0xc2, bytes)
        .any(|i| bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
}

const TERMINAL: &[char] = &[
    '.', '!', '?', ':', ';', '"', '\'', '”', '’', ')', '»', '。', '！', '？', '।', '؟',
];

fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with(TERMINAL)
}

fn starts_lowercase(line: &str) -> bool {
    line.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

fn starts_block(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with("# ")
        || t.starts_with("## ")
        || t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("• ")
    {
        return true;
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits)
        && matches!(t.as_bytes().get(digits), Some(b'.' | b')'))
        && t.as_bytes()
            .get(digits + 1)
            .is_some_and(|b| b.is_ascii_whitespace())
}

fn first_word_chars(line: &str) -> usize {
    line.split_whitespace()
        .next()
        .map_or(0, |w| w.chars().count())
}

/// Groups lines into paragraphs, joining hard-wrapped lines (see the module docs).
fn rejoin(lines: &[&str]) -> Vec<String> {
    let mut lengths: Vec<usize> = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.chars().count())
        .collect();
    lengths.sort_unstable();
    let width = lengths
        .get((lengths.len() * 9) / 10)
        .or(lengths.last())
        .copied()
        .unwrap_or(0);
    let wrapped = width <= 150 && lengths.len() >= 2;

    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev: Option<&str> = None; // last non-blank line of `current`
    let mut blank_since_prev = 0usize;
    for &line in lines {
        if line.trim().is_empty() {
            blank_since_prev += 1;
            continue;
        }
        let continues = match prev {
            None => false,
            Some(p) => {
                let lowercase_continuation = !ends_sentence(p) && starts_lowercase(line);
                if blank_since_prev > 0 {
                    wrapped && blank_since_prev == 1 && lowercase_continuation
                } else if lowercase_continuation {
                    true
                } else if !wrapped || starts_block(line) {
                    false
                } else {
                    let fits = p.chars().count() + 1 + first_word_chars(line) <= width;
                    !(ends_sentence(p) && fits)
                }
            }
        };
        if continues {
            let p = prev.unwrap_or_default().trim_end();
            let hyphen =
                p.ends_with('-') && p.chars().rev().nth(1).is_some_and(char::is_alphabetic);
            if !hyphen {
                current.push(' ');
            }
            current.push_str(line.trim());
        } else {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            current.push_str(line.trim());
        }
        prev = Some(line);
        blank_since_prev = 0;
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &str) -> String {
        Cleaner::default().clean(text)
    }

    #[test]
    fn cleaning_table() {
        let cases: &[(&str, &str)] = &[
            ("One.\r\n\r\nTwo.\r\rThree.", "One.\n\nTwo.\n\nThree."),
            ("a\r\nb\rc", "a b c"),
            ("one\u{7}two\u{0}", "onetwo"),
            ("  lots   of\tspace  ", "lots of space"),
            ("Para one.\n\n\n\nPara two.", "Para one.\n\nPara two."),
            ("Also Read: x\nText here.\nClick to comment", "Text here."),
            // hard-wrapped paragraphs without blank lines between them
            (
                "The suffering of that day was inflicted on\npeople of many faiths and many nations. All of\nthe victims were killed with equal\nindifference by the terrorist leaders.\nThe terrorists are violating the tenets of every\nreligion, including the one they invoke.",
                "The suffering of that day was inflicted on people of many faiths and many nations. All of the victims were killed with equal indifference by the terrorist leaders.\n\nThe terrorists are violating the tenets of every religion, including the one they invoke.",
            ),
            // a page number and page break in the middle of a sentence
            (
                "They dare to ask for blessing as they set\nout to kill innocent men, women and children. But\n8\n\nthe God of all would never answer such a\nprayer.",
                "They dare to ask for blessing as they set out to kill innocent men, women and children. But the God of all would never answer such a prayer.",
            ),
            ("counter-\nterrorism is here\nand there.", "counter-terrorism is here and there."),
            // one paragraph per line, not wrapped
            (
                &format!("{}\n{}", "Long first paragraph. ".repeat(10), "Long second paragraph. ".repeat(10)),
                &format!("{}\n\n{}", "Long first paragraph. ".repeat(10).trim_end(), "Long second paragraph. ".repeat(10).trim_end()),
            ),
            ("- item one\n- item two", "- item one\n\n- item two"),
            ("", ""),
            ("\u{feff}text", "text"),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn raw_changes_nothing() {
        let text = " date 2020-01-01 Click to comment\r\n\u{7}x  y";
        assert_eq!(Cleaner::raw().clean(text), text);
        assert!(Cleaner::raw().is_raw());
        assert!(!Cleaner::default().is_raw());
    }
}
