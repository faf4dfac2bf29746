//! Boilerplate line rules: the one place that says which lines are web-page
//! furniture rather than text.
//!
//! [`BoilerplateRules::default`] holds the built-in list, [`DEFAULT_PREFIXES`],
//! [`DEFAULT_CONTAINS`] and [`DEFAULT_EXACT`], plus page-number lines. Rules
//! are matched ASCII-case-insensitively against a whole line with surrounding
//! whitespace trimmed, and only against lines of at most
//! [`BoilerplateRules::max_line_chars`] characters (200 by default), so a long
//! paragraph that happens to start with "Disclaimer:" is kept. Override the
//! list with [`BoilerplateRules::empty`] and [`BoilerplateRules::with`].
//!
//! Lines repeated across many documents are handled separately, at corpus
//! level, by [`furniture`](crate::furniture).

/// Lines starting with one of these are furniture.
pub const DEFAULT_PREFIXES: &[&str] = &[
    "Also Read",
    "Also Watch",
    "Also See:",
    "Read Also",
    "Read More:",
    "Read more at",
    "Click to comment",
    "Click here to",
    "You must be logged in",
    "You may also like",
    "Leave a Reply",
    "Leave a comment",
    "Copyright ©",
    "Copyright (c)",
    "©",
    "Disclaimer:",
    "Connect with us",
    "Follow us on",
    "Share this:",
    "Subscribe to our",
    "Sign up for our",
    "Related:",
    "Tags:",
    "error: Content is protected",
    "Story continues below",
    "Scroll to continue",
];

/// Lines containing one of these are furniture.
pub const DEFAULT_CONTAINS: &[&str] = &[
    "click here to",
    "you must be logged in",
    "all rights reserved",
];

/// Lines equal to one of these are furniture.
pub const DEFAULT_EXACT: &[&str] = &[
    "Advertisement",
    "Related Articles",
    "Related Posts",
    "Related Stories",
    "Share",
    "Print",
    "Comments",
];

/// How a [`LinePattern`] matches a line.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinePattern {
    /// The line starts with the text (ASCII case-insensitive).
    Prefix(String),
    /// The line contains the text (ASCII case-insensitive).
    Contains(String),
    /// The whole line equals the text (ASCII case-insensitive).
    Exact(String),
    /// The line is a bare number of one to four digits (a page number).
    PageNumber,
}

/// The patterns, ASCII-lowercased and indexed for matching.
#[derive(Clone, Debug, Default)]
struct Compiled {
    /// Prefix patterns, bucketed by their first byte.
    prefixes: Vec<Vec<Vec<u8>>>,
    contains: Vec<memchr::memmem::Finder<'static>>,
    exact: Vec<Vec<u8>>,
    page_number: bool,
    /// `true` if there is no pattern at all.
    empty: bool,
}

impl Compiled {
    fn new(patterns: &[LinePattern]) -> Self {
        let mut c = Compiled {
            prefixes: vec![Vec::new(); 256],
            ..Compiled::default()
        };
        for p in patterns {
            match p {
                LinePattern::Prefix(t) => {
                    let t = t.to_ascii_lowercase().into_bytes();
                    if let Some(bucket) =
                        t.first().and_then(|&b| c.prefixes.get_mut(usize::from(b)))
                    {
                        bucket.push(t);
                    }
                }
                LinePattern::Contains(t) if !t.is_empty() => c
                    .contains
                    .push(memchr::memmem::Finder::new(&t.to_ascii_lowercase()).into_owned()),
                LinePattern::Contains(_) => {}
                LinePattern::Exact(t) => c.exact.push(t.to_ascii_lowercase().into_bytes()),
                LinePattern::PageNumber => c.page_number = true,
            }
        }
        c.empty = c.prefixes.iter().all(Vec::is_empty)
            && c.contains.is_empty()
            && c.exact.is_empty()
            && !c.page_number;
        c
    }

    /// Matches against a line already trimmed and ASCII-lowercased.
    fn matches(&self, lowered: &[u8]) -> bool {
        let Some(&first) = lowered.first() else {
            return false;
        };
        if self.page_number && lowered.len() <= 4 && lowered.iter().all(u8::is_ascii_digit) {
            return true;
        }
        let prefix = self
            .prefixes
            .get(usize::from(first))
            .is_some_and(|b| b.iter().any(|p| lowered.starts_with(p)));
        prefix
            || self.exact.iter().any(|e| e.as_slice() == lowered)
            || self.contains.iter().any(|f| f.find(lowered).is_some())
    }
}

/// A list of [`LinePattern`]s that mark furniture lines.
#[derive(Clone, Debug)]
pub struct BoilerplateRules {
    patterns: Vec<LinePattern>,
    compiled: Compiled,
    max_line_chars: usize,
}

impl PartialEq for BoilerplateRules {
    fn eq(&self, other: &Self) -> bool {
        self.patterns == other.patterns && self.max_line_chars == other.max_line_chars
    }
}

impl Default for BoilerplateRules {
    /// The built-in web-furniture list plus [`LinePattern::PageNumber`], for
    /// lines of at most 200 characters.
    fn default() -> Self {
        let mut patterns: Vec<LinePattern> = Vec::new();
        patterns.extend(
            DEFAULT_PREFIXES
                .iter()
                .map(|p| LinePattern::Prefix(p.to_string())),
        );
        patterns.extend(
            DEFAULT_CONTAINS
                .iter()
                .map(|p| LinePattern::Contains(p.to_string())),
        );
        patterns.extend(
            DEFAULT_EXACT
                .iter()
                .map(|p| LinePattern::Exact(p.to_string())),
        );
        patterns.push(LinePattern::PageNumber);
        BoilerplateRules {
            compiled: Compiled::new(&patterns),
            patterns,
            max_line_chars: 200,
        }
    }
}

impl BoilerplateRules {
    /// No rules: no line is furniture.
    pub fn empty() -> Self {
        BoilerplateRules {
            patterns: Vec::new(),
            compiled: Compiled::new(&[]),
            max_line_chars: 200,
        }
    }

    /// Adds a pattern.
    pub fn with(mut self, pattern: LinePattern) -> Self {
        self.patterns.push(pattern);
        self.compiled = Compiled::new(&self.patterns);
        self
    }

    /// Sets the longest line (in characters) the rules are tried on. Default: 200.
    pub fn max_line_chars(mut self, chars: usize) -> Self {
        self.max_line_chars = chars;
        self
    }

    /// The patterns, in order.
    pub fn patterns(&self) -> &[LinePattern] {
        &self.patterns
    }

    /// `true` if `line` (trimmed) is furniture.
    ///
    /// ```
    /// use tidings_corpus::BoilerplateRules;
    /// let rules = BoilerplateRules::default();
    /// assert!(rules.is_boilerplate("Also Read: The end of Al Qaeda?"));
    /// assert!(rules.is_boilerplate("Copyright © 2024 Communications Today"));
    /// assert!(!rules.is_boilerplate("India and France agreed to deepen cooperation."));
    /// ```
    pub fn is_boilerplate(&self, line: &str) -> bool {
        self.is_boilerplate_with(line, &mut Vec::new())
    }

    /// [`is_boilerplate`](Self::is_boilerplate) with a reusable buffer.
    pub(crate) fn is_boilerplate_with(&self, line: &str, scratch: &mut Vec<u8>) -> bool {
        let line = line.trim();
        if line.is_empty()
            || self.compiled.empty
            || (line.len() > self.max_line_chars
                && (line.len() > self.max_line_chars.saturating_mul(4)
                    || line.chars().count() > self.max_line_chars))
        {
            return false;
        }
        scratch.clear();
        scratch.extend(line.bytes().map(|b| b.to_ascii_lowercase()));
        self.compiled.matches(scratch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_table() {
        let rules = BoilerplateRules::default();
        let cases: &[(&str, bool)] = &[
            (
                "Also Read: ‘India-China relationship has never been easy’",
                true,
            ),
            ("ALSO READ | Something", true),
            ("Click to comment", true),
            ("You must be logged in to post a comment Login", true),
            ("Leave a Reply", true),
            ("Copyright © 2024 Communications Today", true),
            (
                "Disclaimer: This post has been auto-published from an agency feed",
                true,
            ),
            ("Connect with us", true),
            ("error: Content is protected !!", true),
            (
                "Milestone Alert! Tops charts 🌏 Click here to know more.",
                true,
            ),
            ("  8  ", true),
            ("Advertisement", true),
            ("1987 was a year.", false),
            ("The disclaimer was read aloud.", false),
            (
                "India and France agreed to deepen their counter-terrorism cooperation.",
                false,
            ),
            ("", false),
        ];
        for (line, want) in cases {
            assert_eq!(rules.is_boilerplate(line), *want, "line {line:?}");
        }
        let long = format!("Disclaimer: {}", "word ".repeat(60));
        assert!(!rules.is_boilerplate(&long));
        assert!(!BoilerplateRules::empty().is_boilerplate("Click to comment"));
        let custom = BoilerplateRules::empty().with(LinePattern::Exact("Fin".into()));
        assert!(custom.is_boilerplate("FIN"));
    }
}
