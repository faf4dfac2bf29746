//! JSON Lines and CSV readers: one document per record.
//!
//! A malformed record (a line that is not a JSON object, a missing or
//! non-string `text`, a CSV row with the wrong number of fields, an
//! unterminated quoted field) stops reading with
//! [`CorpusError::Malformed`] naming the file and line, or, with
//! [`ReadOptions::skip_malformed`], is skipped with a
//! [`Warning::Malformed`]. JSON Lines are streamed line by line; a line longer
//! than four times [`ReadOptions::max_doc_bytes`] (at least 1 MiB) is
//! malformed. A CSV file is decoded as a whole like a text file (byte-order
//! marks, UTF-16, Latin-1), then parsed.

use std::collections::VecDeque;
use std::io::{self, BufRead, Cursor};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::date::DayOrder;
use crate::decode::{decode, Decoded, TextEncoding};
use crate::document::{Document, Source};
use crate::error::CorpusError;
use crate::fields::{resolve, SAMPLE_RECORDS};
use crate::load::{build_document, Raw};
use crate::mail::MailRemovals;
use crate::options::{FieldNames, ReadOptions};
use crate::warning::{Location, Warning};

/// A source of documents read one record at a time.
pub(crate) trait Records: Send {
    /// The next document, `None` at the end; warnings go to `warnings`.
    fn next_document(
        &mut self,
        options: &ReadOptions,
        warnings: &mut Vec<Warning>,
        removals: &mut MailRemovals,
    ) -> Option<Result<Document, CorpusError>>;
}

/// Reports a malformed record: an error, or a warning when skipping.
fn malformed(
    path: &Path,
    line: u64,
    reason: String,
    options: &ReadOptions,
    warnings: &mut Vec<Warning>,
) -> Option<CorpusError> {
    if options.skip_malformed {
        warnings.push(Warning::Malformed {
            location: Location::new(path, Some(line)),
            reason,
        });
        None
    } else {
        Some(CorpusError::Malformed {
            path: path.to_path_buf(),
            line,
            reason,
        })
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// JSON Lines over any buffered reader.
pub(crate) struct JsonLines<R> {
    reader: R,
    path: PathBuf,
    id: String,
    line: u64,
    buf: Vec<u8>,
    done: bool,
    /// Lines read ahead to find the fields, served before reading more.
    ahead: VecDeque<Step>,
    /// The field names of this file, once found.
    fields: Option<FieldNames>,
    /// How this file's numeric dates with the year last are read.
    date_order: Option<DayOrder>,
}

/// One read from a JSON Lines file.
enum Step {
    /// A line (without its newline, byte-order mark or carriage return) and
    /// whether it was cut at the cap.
    Line {
        number: u64,
        bytes: Vec<u8>,
        too_long: bool,
    },
    /// The end of the input.
    End,
    /// A read error at this line.
    Failed { number: u64, error: io::Error },
}

impl<R: BufRead + Send> JsonLines<R> {
    pub(crate) fn new(reader: R, path: PathBuf, id: String) -> Self {
        JsonLines {
            reader,
            path,
            id,
            line: 0,
            buf: Vec::new(),
            done: false,
            ahead: VecDeque::new(),
            fields: None,
            date_order: None,
        }
    }

    /// Reads the next line from the file (not from the lines read ahead).
    fn read_step(&mut self, cap: usize) -> Step {
        let mut buf = std::mem::take(&mut self.buf);
        let read = read_line_capped(&mut self.reader, &mut buf, cap);
        self.line += 1;
        let step = match read {
            Ok(None) => Step::End,
            Ok(Some(too_long)) => {
                let mut bytes: &[u8] = &buf;
                if self.line == 1 {
                    bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
                }
                bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
                Step::Line {
                    number: self.line,
                    bytes: bytes.to_vec(),
                    too_long,
                }
            }
            Err(error) => Step::Failed {
                number: self.line,
                error,
            },
        };
        self.buf = buf;
        step
    }

    /// Reads the first lines ahead and chooses this file's fields from them.
    fn find_fields(&mut self, cap: usize, options: &ReadOptions, warnings: &mut Vec<Warning>) {
        let mut names: Vec<String> = Vec::new();
        let mut rows: Vec<Vec<(usize, String)>> = Vec::new();
        while rows.len() < SAMPLE_RECORDS {
            let step = self.read_step(cap);
            let stop = !matches!(step, Step::Line { .. });
            if let Step::Line {
                bytes,
                too_long: false,
                ..
            } = &step
            {
                let parsed = std::str::from_utf8(bytes)
                    .ok()
                    .and_then(|l| serde_json::from_str::<Value>(l).ok());
                if let Some(Value::Object(obj)) = parsed {
                    let mut row = Vec::new();
                    for (key, value) in obj {
                        let i = match names.iter().position(|n| *n == key) {
                            Some(i) => i,
                            None => {
                                names.push(key);
                                names.len() - 1
                            }
                        };
                        match value {
                            Value::String(v) => row.push((i, v)),
                            Value::Number(n) => row.push((i, n.to_string())),
                            _ => {}
                        }
                    }
                    rows.push(row);
                }
            }
            self.ahead.push_back(step);
            if stop {
                break;
            }
        }
        let sample: Vec<Vec<Option<String>>> = rows
            .into_iter()
            .map(|row| {
                let mut values = vec![None; names.len()];
                for (i, v) in row {
                    if let Some(slot) = values.get_mut(i) {
                        *slot = Some(v);
                    }
                }
                values
            })
            .collect();
        let resolved = resolve(&names, &sample, &self.path, options, warnings);
        let f = &options.fields;
        let name = |i: Option<usize>, wanted: &String| {
            i.and_then(|i| names.get(i)).unwrap_or(wanted).clone()
        };
        self.date_order = resolved.date_order;
        self.fields = Some(FieldNames {
            id: name(resolved.id, &f.id),
            date: name(resolved.date, &f.date),
            title: name(resolved.title, &f.title),
            text: name(resolved.text, &f.text),
        });
    }

    /// One record; `Err(reason)` if malformed, `Ok(None)` for a blank line.
    fn record(
        &self,
        number: u64,
        line: &str,
        options: &ReadOptions,
        warnings: &mut Vec<Warning>,
        removals: &mut MailRemovals,
    ) -> Result<Option<Document>, String> {
        if line.trim().is_empty() {
            return Ok(None);
        }
        let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
        let Value::Object(obj) = value else {
            return Err(format!("expected a JSON object, found {}", kind_of(&value)));
        };
        let f = self.fields.as_ref().unwrap_or(&options.fields);
        let text = match obj.get(&f.text) {
            Some(Value::String(s)) => s.clone(),
            None | Some(Value::Null) => return Err(format!("missing field {:?}", f.text)),
            Some(other) => {
                return Err(format!(
                    "field {:?} is {}, expected a string",
                    f.text,
                    kind_of(other)
                ))
            }
        };
        let id = match obj.get(&f.id) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            None | Some(Value::Null) => format!("{}:{number}", self.id),
            Some(other) => {
                return Err(format!(
                    "field {:?} is {}, expected a string or number",
                    f.id,
                    kind_of(other)
                ))
            }
        };
        let date_value = match obj.get(&f.date) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            None | Some(Value::Null) => None,
            Some(other) => Some(other.to_string()),
        };
        let title = match obj.get(&f.title) {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) => None,
            Some(other) => Some(other.to_string()),
        };
        let label = options
            .label_field
            .as_ref()
            .and_then(|name| match obj.get(name) {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                Some(Value::Bool(b)) => Some(b.to_string()),
                _ => None,
            })
            .filter(|s| !s.trim().is_empty());
        let raw = Raw {
            id,
            source: Source::new(self.path.clone(), number),
            title,
            label,
            date_field: date_value.as_deref(),
            date_order: self.date_order,
            file_stem: None,
            original_bytes: text.len() as u64,
        };
        Ok(Some(build_document(text, raw, options, warnings, removals)))
    }
}

/// Reads one line of at most `cap` bytes into `buf` (without the newline).
/// `Ok(None)` at the end of input; `Ok(Some(true))` if the line was longer
/// than `cap` (the rest of it is discarded).
fn read_line_capped<R: BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<Option<bool>> {
    buf.clear();
    let mut too_long = false;
    let mut read_any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(read_any.then_some(too_long));
        }
        read_any = true;
        let newline = memchr::memchr(b'\n', avail);
        let chunk = match newline {
            Some(i) => avail.get(..i).unwrap_or_default(),
            None => avail,
        };
        let room = cap.saturating_sub(buf.len());
        if chunk.len() > room {
            too_long = true;
            buf.extend_from_slice(chunk.get(..room).unwrap_or_default());
        } else {
            buf.extend_from_slice(chunk);
        }
        let used = chunk.len() + usize::from(newline.is_some());
        r.consume(used);
        if newline.is_some() {
            return Ok(Some(too_long));
        }
    }
}

impl<R: BufRead + Send> Records for JsonLines<R> {
    fn next_document(
        &mut self,
        options: &ReadOptions,
        warnings: &mut Vec<Warning>,
        removals: &mut MailRemovals,
    ) -> Option<Result<Document, CorpusError>> {
        let cap = options.max_doc_bytes.saturating_mul(4).max(1 << 20);
        if self.fields.is_none() && !self.done {
            self.find_fields(cap, options, warnings);
        }
        while !self.done {
            let step = match self.ahead.pop_front() {
                Some(step) => step,
                None => self.read_step(cap),
            };
            let (number, bytes, too_long) = match step {
                Step::End => {
                    self.done = true;
                    return None;
                }
                Step::Failed { number, error } => {
                    self.done = true;
                    warnings.push(Warning::Unreadable {
                        location: Location::new(&self.path, Some(number)),
                        error: error.to_string(),
                    });
                    return None;
                }
                Step::Line {
                    number,
                    bytes,
                    too_long,
                } => (number, bytes, too_long),
            };
            let result = if too_long {
                Err(format!("line longer than {cap} bytes"))
            } else {
                let line = match std::str::from_utf8(&bytes) {
                    Ok(s) => std::borrow::Cow::Borrowed(s),
                    Err(_) => {
                        warnings.push(Warning::NotUtf8 {
                            location: Location::new(&self.path, Some(number)),
                            decoded_as: TextEncoding::Utf8Lossy,
                        });
                        String::from_utf8_lossy(&bytes)
                    }
                };
                self.record(number, &line, options, warnings, removals)
            };
            match result {
                Ok(Some(doc)) => return Some(Ok(doc)),
                Ok(None) => {}
                Err(reason) => {
                    if let Some(e) = malformed(&self.path, number, reason, options, warnings) {
                        self.done = true;
                        return Some(Err(e));
                    }
                }
            }
        }
        None
    }
}

/// Column indices of a CSV file.
struct Columns {
    id: Option<usize>,
    date: Option<usize>,
    title: Option<usize>,
    label: Option<usize>,
    text: usize,
    date_order: Option<DayOrder>,
}

/// CSV records of a decoded file held in memory.
pub(crate) struct CsvRecords {
    reader: csv::Reader<Cursor<Vec<u8>>>,
    path: PathBuf,
    id: String,
    columns: Option<Columns>,
    record: csv::ByteRecord,
    done: bool,
}

impl CsvRecords {
    /// Decodes `bytes` and reads the header row. Problems with the whole file
    /// become warnings (binary) or a malformed-record report (no header, no
    /// text column).
    pub(crate) fn open(
        bytes: &[u8],
        path: PathBuf,
        id: String,
        delimiter: u8,
        options: &ReadOptions,
        warnings: &mut Vec<Warning>,
    ) -> Result<Option<CsvRecords>, CorpusError> {
        let location = Location::new(&path, None);
        let text = match decode(bytes, false) {
            Decoded::Binary(kind) => {
                warnings.push(Warning::Binary {
                    location,
                    kind: kind.to_string(),
                });
                return Ok(None);
            }
            Decoded::Text(text, TextEncoding::Utf8) => text,
            Decoded::Text(text, enc @ (TextEncoding::Utf16Le | TextEncoding::Utf16Be)) => {
                warnings.push(Warning::Transcoded {
                    location,
                    from: enc,
                });
                text
            }
            Decoded::Text(text, enc) => {
                warnings.push(Warning::NotUtf8 {
                    location,
                    decoded_as: enc,
                });
                text
            }
        };
        // A sample of the first records, to find fields under other names.
        let sample: Vec<Vec<Option<String>>> = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(true)
            .from_reader(text.as_bytes())
            .byte_records()
            .take(SAMPLE_RECORDS)
            .map_while(Result::ok)
            .map(|r| {
                r.iter()
                    .map(|b| Some(String::from_utf8_lossy(b).into_owned()))
                    .collect()
            })
            .collect();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(Cursor::new(text.into_bytes()));
        let f = &options.fields;
        let header_problem = match reader.byte_headers() {
            Err(e) => Some(format!("cannot read the header row: {e}")),
            Ok(h) if h.is_empty() => Some("no header row".to_string()),
            Ok(h) => {
                let names: Vec<String> = h
                    .iter()
                    .map(|n| String::from_utf8_lossy(n).trim().to_string())
                    .collect();
                let resolved = resolve(&names, &sample, &path, options, warnings);
                match resolved.text {
                    None => Some(format!(
                        "no column named {:?} (columns: {})",
                        f.text,
                        names.join(", ")
                    )),
                    Some(text) => {
                        let columns = Columns {
                            id: resolved.id,
                            date: resolved.date,
                            title: resolved.title,
                            label: resolved.label,
                            text,
                            date_order: resolved.date_order,
                        };
                        return Ok(Some(CsvRecords {
                            reader,
                            path,
                            id,
                            columns: Some(columns),
                            record: csv::ByteRecord::new(),
                            done: false,
                        }));
                    }
                }
            }
        };
        match header_problem.and_then(|reason| malformed(&path, 1, reason, options, warnings)) {
            Some(e) => Err(e),
            None => Ok(None),
        }
    }

    fn unterminated_quote(&self, start: u64) -> bool {
        let data = self.reader.get_ref().get_ref();
        let end = self.reader.position().byte();
        if end < data.len() as u64 {
            return false;
        }
        let start = usize::try_from(start).unwrap_or(usize::MAX);
        let tail = data.get(start..).unwrap_or_default();
        tail.iter().filter(|&&b| b == b'"').count() % 2 == 1
    }
}

impl Records for CsvRecords {
    fn next_document(
        &mut self,
        options: &ReadOptions,
        warnings: &mut Vec<Warning>,
        removals: &mut MailRemovals,
    ) -> Option<Result<Document, CorpusError>> {
        while !self.done {
            let mut record = std::mem::take(&mut self.record);
            let outcome = self.reader.read_byte_record(&mut record);
            let line = record.position().map_or(0, |p| p.line());
            let result: Result<Option<Document>, (u64, String)> = match outcome {
                Ok(false) => {
                    self.done = true;
                    Ok(None)
                }
                Err(e) => {
                    let (line, reason) = match e.kind() {
                        csv::ErrorKind::UnequalLengths {
                            pos,
                            expected_len,
                            len,
                        } => (
                            pos.as_ref().map_or(line, |p| p.line()),
                            format!("row has {len} fields, expected {expected_len}"),
                        ),
                        _ => (e.position().map_or(line, |p| p.line()), e.to_string()),
                    };
                    Err((line, reason))
                }
                Ok(true) => {
                    let start = record.position().map_or(0, |p| p.byte());
                    if self.unterminated_quote(start) {
                        self.done = true;
                        Err((line, "unterminated quoted field".to_string()))
                    } else {
                        Ok(self.document(&record, line, options, warnings, removals))
                    }
                }
            };
            self.record = record;
            match result {
                Ok(Some(doc)) => return Some(Ok(doc)),
                Ok(None) => {}
                Err((line, reason)) => {
                    if let Some(e) = malformed(&self.path, line, reason, options, warnings) {
                        self.done = true;
                        return Some(Err(e));
                    }
                }
            }
        }
        None
    }
}

impl CsvRecords {
    fn document(
        &self,
        record: &csv::ByteRecord,
        line: u64,
        options: &ReadOptions,
        warnings: &mut Vec<Warning>,
        removals: &mut MailRemovals,
    ) -> Option<Document> {
        let columns = self.columns.as_ref()?;
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .filter(|s| !s.trim().is_empty())
        };
        let text = field(Some(columns.text)).unwrap_or_default();
        let id = field(columns.id).unwrap_or_else(|| format!("{}:{line}", self.id));
        let date = field(columns.date);
        let raw = Raw {
            id,
            source: Source::new(self.path.clone(), line),
            title: field(columns.title),
            label: field(columns.label),
            date_field: date.as_deref(),
            date_order: columns.date_order,
            file_stem: None,
            original_bytes: text.len() as u64,
        };
        Some(build_document(text, raw, options, warnings, removals))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_lines() -> io::Result<()> {
        let mut r = Cursor::new(b"short\nthis one is long\nend".to_vec());
        let mut buf = Vec::new();
        assert_eq!(read_line_capped(&mut r, &mut buf, 8)?, Some(false));
        assert_eq!(buf, b"short");
        assert_eq!(read_line_capped(&mut r, &mut buf, 8)?, Some(true));
        assert_eq!(buf, b"this one");
        assert_eq!(read_line_capped(&mut r, &mut buf, 8)?, Some(false));
        assert_eq!(buf, b"end");
        assert_eq!(read_line_capped(&mut r, &mut buf, 8)?, None);
        Ok(())
    }
}
