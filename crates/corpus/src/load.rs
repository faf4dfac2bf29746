//! Turning one decoded text into a [`Document`]: size limit, date, cleaning,
//! emptiness check; and loading a text file.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::clean::Cleaner;
use crate::date::{
    check_range, date_from_file_name, find_marker, parse_date, parse_date_in_order, DayOrder,
    DocDate,
};
use crate::decode::{decode, truncate_at_char_boundary, Decoded, TextEncoding};
use crate::document::{Document, Source};
use crate::mail::MailRemovals;
use crate::options::ReadOptions;
use crate::walk::extension;
use crate::warning::{Emptiness, Location, Warning};

/// What a record or file supplies besides its text.
pub(crate) struct Raw<'a> {
    pub id: String,
    pub source: Source,
    pub title: Option<String>,
    /// The value of the label field, if any.
    pub label: Option<String>,
    pub date_field: Option<&'a str>,
    /// How the date field's numeric dates with the year last are read.
    pub date_order: Option<DayOrder>,
    /// The file name stem, for a date in the file name (text files only).
    pub file_stem: Option<&'a str>,
    /// The size of the original input, for the truncation warning.
    pub original_bytes: u64,
}

/// Builds a document from decoded `text`. A document without a letter or
/// digit is kept with [`Document::no_text`] set and a warning.
pub(crate) fn build_document(
    mut text: String,
    raw: Raw<'_>,
    options: &ReadOptions,
    warnings: &mut Vec<Warning>,
    removals: &mut MailRemovals,
) -> Document {
    let location = |line: u64| Location::new(&raw.source.path, Some(line));
    if truncate_at_char_boundary(&mut text, options.max_doc_bytes) {
        warnings.push(Warning::Truncated {
            location: location(raw.source.line),
            limit: options.max_doc_bytes,
            original_bytes: raw.original_bytes,
        });
    }
    let mut date: Option<DocDate> = None;
    if let Some(value) = raw.date_field.filter(|v| !v.trim().is_empty()) {
        let parsed = match raw.date_order {
            Some(order) => parse_date_in_order(value, order),
            None => parse_date(value),
        };
        match parsed.and_then(|d| check_range(d, value, &options.year_range)) {
            Ok(d) => date = Some(d),
            Err(error) => warnings.push(Warning::BadDate {
                location: location(raw.source.line),
                error,
            }),
        }
    }
    let marker = find_marker(&text);
    if let Some(m) = &marker {
        if date.is_none() {
            let checked = m
                .date
                .clone()
                .and_then(|d| check_range(d, &d.to_string(), &options.year_range));
            match checked {
                Ok(d) => date = Some(d),
                Err(error) => warnings.push(Warning::BadDate {
                    location: location(raw.source.line + m.line - 1),
                    error,
                }),
            }
        }
    }
    if date.is_none() {
        if let Some(stem) = raw.file_stem {
            let found = date_from_file_name(stem, &options.year_range);
            if let Some(error) = found.problem {
                warnings.push(Warning::FileNameDate {
                    location: Location::new(&raw.source.path, None),
                    error,
                    used: found.date,
                });
            }
            date = found.date;
        }
    }
    let original = if text.is_empty() {
        Emptiness::NoContent
    } else if text.trim().is_empty() {
        Emptiness::Whitespace
    } else {
        Emptiness::NoWords
    };
    let cleaner = &options.cleaner;
    let body = match &marker {
        Some(m) if cleaner.remove_date_marker => text.get(m.len..).unwrap_or(""),
        _ => text.as_str(),
    };
    let cleaned = if cleaner.is_raw() {
        None
    } else {
        let mut counted = MailRemovals::default();
        let mut cleaned = cleaner.clean_counted(body, &mut counted);
        // Cleaning never empties a document: when removing boilerplate
        // lines and mail conventions would leave no letter or digit in a
        // text that had some, the text is kept with only the lossless steps
        // (a post that is all quote, a page that is all "Read more" lines
        // is still what its writer sent).
        let has_words = |t: &str| t.chars().any(char::is_alphanumeric);
        if !has_words(&cleaned) && has_words(body) {
            let lossless = Cleaner {
                boilerplate: None,
                mail: None,
                ..cleaner.clone()
            };
            cleaned = lossless.clean(body);
        } else {
            removals.merge(&counted);
        }
        Some(cleaned)
    };
    let mut final_text = cleaned.unwrap_or(text);
    // Cleaning can add a paragraph break where it splits hard-wrapped text
    // (a found fuzz case: "multi;\n- line" gains a newline), so the bound
    // that `max_doc_bytes` promises is applied to the cleaned text too.
    truncate_at_char_boundary(&mut final_text, options.max_doc_bytes);
    let no_text = (!final_text.chars().any(char::is_alphanumeric)).then_some(original);
    if let Some(what) = no_text {
        warnings.push(Warning::Empty {
            location: location(raw.source.line),
            what,
        });
    }
    Document {
        id: raw.id,
        date,
        title: raw.title,
        text: final_text,
        source: raw.source,
        no_text,
        label: raw.label,
    }
}

/// The outcome of loading one text file.
pub(crate) struct Loaded {
    pub document: Option<Document>,
    pub warnings: Vec<Warning>,
    pub removals: MailRemovals,
}

/// Reads, decodes and builds one text file. Never fails: problems become warnings.
pub(crate) fn load_text_file(path: &Path, id: String, options: &ReadOptions) -> Loaded {
    let mut warnings = Vec::new();
    let mut removals = MailRemovals::default();
    let document = load_inner(path, id, options, &mut warnings, &mut removals);
    Loaded {
        document,
        warnings,
        removals,
    }
}

fn load_inner(
    path: &Path,
    id: String,
    options: &ReadOptions,
    warnings: &mut Vec<Warning>,
    removals: &mut MailRemovals,
) -> Option<Document> {
    let unreadable = |e: std::io::Error| Warning::Unreadable {
        location: Location::new(path, None),
        error: e.to_string(),
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            warnings.push(unreadable(e));
            return None;
        }
    };
    let file_len = file.metadata().map(|m| m.len()).unwrap_or(0);
    // Enough raw bytes for `max_doc_bytes` of text in any supported encoding
    // (UTF-16 needs two bytes per ASCII character), plus a little to detect
    // that the file is longer.
    let cap = (options.max_doc_bytes as u64)
        .saturating_mul(2)
        .saturating_add(16);
    let mut bytes = Vec::with_capacity(usize::try_from(file_len.min(cap)).unwrap_or(0));
    if let Err(e) = file.take(cap).read_to_end(&mut bytes) {
        warnings.push(unreadable(e));
        return None;
    }
    let cut = (bytes.len() as u64) < file_len;
    let location = Location::new(path, None);
    let text = match decode(&bytes, cut) {
        Decoded::Binary(kind) => {
            warnings.push(Warning::Binary {
                location,
                kind: kind.to_string(),
            });
            return None;
        }
        Decoded::Text(text, encoding) => {
            match encoding {
                TextEncoding::Utf8 => {}
                TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
                    warnings.push(Warning::Transcoded {
                        location,
                        from: encoding,
                    })
                }
                _ => warnings.push(Warning::NotUtf8 {
                    location,
                    decoded_as: encoding,
                }),
            }
            text
        }
    };
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let title = if matches!(extension(path).as_str(), "md" | "markdown") {
        markdown_title(&text)
    } else {
        None
    };
    let raw = Raw {
        id,
        source: Source::new(PathBuf::from(path), 1),
        title,
        label: None,
        date_field: None,
        date_order: None,
        file_stem: stem.as_deref(),
        original_bytes: file_len.max(bytes.len() as u64),
    };
    Some(build_document(text, raw, options, warnings, removals))
}

/// The text of a leading `# Heading` line.
fn markdown_title(text: &str) -> Option<String> {
    let first = text.lines().find(|l| !l.trim().is_empty())?;
    let title = first.trim().strip_prefix("# ")?.trim();
    (!title.is_empty()).then(|| title.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(
            markdown_title("\n# Hello world\ntext"),
            Some("Hello world".into())
        );
        assert_eq!(markdown_title("Hello"), None);
        assert_eq!(markdown_title("## Sub"), None);
    }
}
