//! The structural conventions of mail and forum posts: quoted lines,
//! attribution lines and signature blocks.
//!
//! These are marked by the writer's software, not by what the words say, so
//! they are found by their markers rather than by a word list:
//!
//! - **Quoted lines** start with `>` (after optional spaces): the quote
//!   marker of RFC 3676 §4.5 and of Usenet before it. A quoted line is
//!   another post's text; counting it again would give the quoted post's
//!   words to the reply. Markdown uses the same marker for a quotation that
//!   is the writer's own text, so quotes are removed only from documents
//!   hard-wrapped as mail is: 90 % of their unquoted lines are at most 78
//!   characters, the line length RFC 5322 §2.1.1 asks of a message (a
//!   Markdown text has one paragraph per line).
//! - **Attribution lines** introduce a quote ("In article <…>, bob@x
//!   writes:", "On 3 May, Ann wrote:"). An attribution is the last non-blank
//!   line before a block of quoted lines when it ends with a colon; when that
//!   line is a single word (a wrapped "writes:"), the line before it belongs
//!   to it too. Lines longer than 200 characters are text, not attributions.
//! - **Signature blocks** follow a line that is exactly `-- ` (dash, dash,
//!   space: the separator of RFC 3676 §4.3) and run to the end of the post.
//!   A bare `--` (the space lost in transit) also counts when at most four
//!   non-blank lines follow it, the length RFC 1855 §2.1.1 asks signatures to
//!   keep to. Either way, the block is removed only when it is shorter (in
//!   bytes) than the text above it: what a post is mostly made of is not its
//!   signature.
//!
//! Nothing is removed if it would leave the document without a letter or
//! digit.

use serde::Serialize;

/// The longest line, in characters, that can be an attribution line (as for
/// furniture lines in [`BoilerplateRules`](crate::BoilerplateRules)).
const MAX_ATTRIBUTION_CHARS: usize = 200;

/// RFC 5322 §2.1.1: lines "SHOULD be no more than 78 characters".
const MAX_MAIL_LINE_CHARS: usize = 78;

/// RFC 1855 §2.1.1: "If you include a signature keep it short. Rule of
/// thumb is no longer than 4 lines."
const MAX_BARE_SIGNATURE_LINES: usize = 4;

/// Which mail and forum conventions [`Cleaner`](crate::Cleaner) removes; see
/// the rules in [`mail`](crate::mail). Every field defaults to `true`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MailConventions {
    /// Remove lines starting with `>`. Default: on.
    pub quoted_lines: bool,
    /// Remove the attribution line before a quote. Default: on.
    pub attributions: bool,
    /// Remove the signature block after a `-- ` line. Default: on.
    pub signatures: bool,
}

impl Default for MailConventions {
    fn default() -> Self {
        MailConventions {
            quoted_lines: true,
            attributions: true,
            signatures: true,
        }
    }
}

/// What the mail conventions removed, summed over documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MailRemovals {
    /// Documents that lost at least one line.
    pub documents_changed: usize,
    /// Quoted lines removed.
    pub quoted_lines: usize,
    /// Attribution lines removed.
    pub attribution_lines: usize,
    /// Non-blank signature lines removed, separators included.
    pub signature_lines: usize,
    /// Bytes removed.
    pub bytes_removed: usize,
}

impl MailRemovals {
    /// Adds another count (of another document or shard).
    pub fn merge(&mut self, other: &MailRemovals) {
        self.documents_changed += other.documents_changed;
        self.quoted_lines += other.quoted_lines;
        self.attribution_lines += other.attribution_lines;
        self.signature_lines += other.signature_lines;
        self.bytes_removed += other.bytes_removed;
    }

    /// Lines removed, all kinds.
    pub fn lines(&self) -> usize {
        self.quoted_lines + self.attribution_lines + self.signature_lines
    }
}

fn is_quoted(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

/// `true` if 90 % of the unquoted non-blank lines are at most
/// [`MAX_MAIL_LINE_CHARS`] characters (the percentile [`Cleaner`](crate::Cleaner)
/// estimates a wrap width with).
fn wrapped_as_mail(lines: &[&str]) -> bool {
    let (mut lines_seen, mut long) = (0usize, 0usize);
    for l in lines.iter().filter(|l| !is_blank(l) && !is_quoted(l)) {
        lines_seen += 1;
        long += usize::from(l.trim_end().chars().count() > MAX_MAIL_LINE_CHARS);
    }
    lines_seen > 0 && long * 10 <= lines_seen
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Keep,
    Quote,
    Attribution,
    Signature,
}

impl MailConventions {
    /// The lines of a document with the conventions removed; `removals` gets
    /// what was removed. `lines` are the document's lines, trailing spaces
    /// intact (the signature separator has one).
    pub(crate) fn apply<'a>(&self, lines: &[&'a str], removals: &mut MailRemovals) -> Vec<&'a str> {
        let mut marks = vec![Mark::Keep; lines.len()];
        if self.signatures {
            self.mark_signature(lines, &mut marks);
        }
        if (self.quoted_lines || self.attributions) && wrapped_as_mail(lines) {
            for (i, line) in lines.iter().enumerate() {
                if marks[i] != Mark::Keep || !is_quoted(line) {
                    continue;
                }
                if self.quoted_lines {
                    marks[i] = Mark::Quote;
                }
                let starts_block = lines[..i]
                    .iter()
                    .rev()
                    .find(|l| !is_blank(l))
                    .is_none_or(|l| !is_quoted(l));
                if self.attributions && starts_block {
                    mark_attribution(lines, i, &mut marks);
                }
            }
        }
        if marks.iter().all(|&m| m == Mark::Keep) {
            return lines.to_vec();
        }
        let kept: Vec<&str> = lines
            .iter()
            .zip(&marks)
            .filter(|(_, &m)| m == Mark::Keep)
            .map(|(l, _)| *l)
            .collect();
        if !kept.iter().any(|l| l.chars().any(char::is_alphanumeric)) {
            return lines.to_vec();
        }
        removals.documents_changed += 1;
        for (line, &m) in lines.iter().zip(&marks) {
            let counter = match m {
                Mark::Keep => continue,
                Mark::Quote => &mut removals.quoted_lines,
                Mark::Attribution => &mut removals.attribution_lines,
                Mark::Signature => &mut removals.signature_lines,
            };
            *counter += usize::from(!is_blank(line));
            removals.bytes_removed += line.len() + 1;
        }
        kept
    }

    fn mark_signature(&self, lines: &[&str], marks: &mut [Mark]) {
        let Some(sep) = lines
            .iter()
            .rposition(|l| *l == "-- " || l.trim_end() == "--")
        else {
            return;
        };
        let after: Vec<&&str> = lines[sep + 1..].iter().filter(|l| !is_blank(l)).collect();
        if lines[sep] != "-- " && after.len() > MAX_BARE_SIGNATURE_LINES {
            return;
        }
        let bytes = |ls: &[&str]| ls.iter().map(|l| l.trim().len()).sum::<usize>();
        let above = bytes(&lines[..sep]);
        let below: usize = after.iter().map(|l| l.trim().len()).sum();
        if below >= above {
            return;
        }
        for m in &mut marks[sep..] {
            *m = Mark::Signature;
        }
    }
}

/// Marks the attribution line(s) above the quote block starting at `quote`.
fn mark_attribution(lines: &[&str], quote: usize, marks: &mut [Mark]) {
    let Some(i) = lines[..quote].iter().rposition(|l| !is_blank(l)) else {
        return;
    };
    let line = lines[i].trim();
    if marks[i] != Mark::Keep
        || !line.ends_with(':')
        || line.chars().count() > MAX_ATTRIBUTION_CHARS
    {
        return;
    }
    marks[i] = Mark::Attribution;
    if line.split_whitespace().count() == 1 && i > 0 {
        let above = lines[i - 1].trim();
        if !above.is_empty()
            && !is_quoted(above)
            && marks[i - 1] == Mark::Keep
            && above.chars().count() <= MAX_ATTRIBUTION_CHARS
        {
            marks[i - 1] = Mark::Attribution;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str) -> (String, MailRemovals) {
        let lines: Vec<&str> = text.split('\n').collect();
        let mut r = MailRemovals::default();
        let kept = MailConventions::default().apply(&lines, &mut r);
        (kept.join("\n"), r)
    }

    #[test]
    fn mail_table() {
        let cases: &[(&str, &str, [usize; 3])] = &[
            (
                "In article <1993Apr5.1@x.edu>, bob@x.edu (Bob) writes:\n> The chip is weak.\n>> Older.\n\nI disagree with that.",
                "\nI disagree with that.",
                [2, 1, 0],
            ),
            (
                "In article <1993Apr5.1@x.edu> bob@x.edu (Bob Smith)\nwrites:\n>The chip is weak.\nNo it is not.",
                "No it is not.",
                [1, 2, 0],
            ),
            (
                "On Mon, 3 May 1993, Ann wrote:\n\n> quoted\n\nReply text here, long enough to outweigh the signature.\n-- \nAnn\nann@example.org",
                "\n\nReply text here, long enough to outweigh the signature.",
                [1, 1, 3],
            ),
            // a bare `--` with a long tail is not a signature
            (
                "Intro.\n--\none\ntwo\nthree\nfour\nfive",
                "Intro.\n--\none\ntwo\nthree\nfour\nfive",
                [0, 0, 0],
            ),
            // a signature longer than the text is kept
            (
                "Hi.\n-- \nA long signature line that is longer than the post",
                "Hi.\n-- \nA long signature line that is longer than the post",
                [0, 0, 0],
            ),
            // a line ending with a colon that does not precede a quote stays
            ("He listed three things:\n- one\n- two", "He listed three things:\n- one\n- two", [0, 0, 0]),
            // only quotes: nothing is removed
            ("> all quoted\n> text", "> all quoted\n> text", [0, 0, 0]),
        ];
        for (input, want, [q, a, s]) in cases {
            let (got, r) = apply(input);
            assert_eq!(&got, want, "input {input:?}");
            assert_eq!(
                (r.quoted_lines, r.attribution_lines, r.signature_lines),
                (*q, *a, *s),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn markdown_quotations_are_kept() {
        let text = format!(
            "{}\n\nAs Mandela said:\n\n> “It always seems impossible until it is done.”",
            "A long paragraph of a speech, one paragraph per line. ".repeat(4)
        );
        assert_eq!(apply(&text), (text.clone(), MailRemovals::default()));
    }

    #[test]
    fn each_convention_can_be_turned_off() {
        let text = "Bob wrote:\n> quoted\nAnswer that is long enough here.\n-- \nBob";
        let lines: Vec<&str> = text.split('\n').collect();
        let off = MailConventions {
            quoted_lines: false,
            attributions: false,
            signatures: false,
        };
        let mut r = MailRemovals::default();
        assert_eq!(off.apply(&lines, &mut r), lines);
        assert_eq!(r, MailRemovals::default());
        let quotes_only = MailConventions {
            quoted_lines: true,
            ..off
        };
        assert_eq!(
            quotes_only.apply(&lines, &mut r).join("\n"),
            "Bob wrote:\nAnswer that is long enough here.\n-- \nBob"
        );
    }
}
