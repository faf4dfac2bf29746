//! Expanding inputs into an ordered list of files to read.
//!
//! Folders are walked recursively, following symbolic links; a link that
//! loops, or a folder reached a second time, is skipped with a warning. The
//! files found under each input are sorted by the bytes of their relative path,
//! so the order never depends on the order the file system lists them in.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;

use crate::error::CorpusError;
use crate::options::{Input, InputFormat, ReadOptions};
use crate::warning::{Location, Warning};

/// The structured formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Structured {
    JsonLines,
    Csv { delimiter: u8 },
}

/// One unit of work, in reading order.
#[derive(Debug)]
pub(crate) enum Job {
    /// A text file: one document.
    Text { path: PathBuf, id: String },
    /// A JSON Lines or CSV file.
    Records {
        path: PathBuf,
        id: String,
        format: Structured,
    },
    /// Standard input.
    Stdin,
    /// A warning found while walking.
    Warn(Warning),
}

pub(crate) fn plan(inputs: &[Input], options: &ReadOptions) -> Result<Vec<Job>, CorpusError> {
    // Check every path first, so a missing path fails before any work.
    for input in inputs {
        if let Input::Path(p) = input {
            if fs::symlink_metadata(p).is_err() {
                return Err(CorpusError::MissingPath { path: p.clone() });
            }
        }
    }
    let mut jobs = Vec::new();
    for input in inputs {
        match input {
            Input::Stdin => jobs.push(Job::Stdin),
            Input::Path(p) => match fs::metadata(p) {
                Ok(m) if m.is_dir() => walk_dir(p, options, &mut jobs),
                Ok(_) => {
                    let id = stem_id(Path::new(p.file_name().unwrap_or(p.as_os_str())));
                    jobs.push(file_job(p.clone(), id, options));
                }
                Err(e) => jobs.push(Job::Warn(path_error(p, &e))),
            },
        }
    }
    Ok(jobs)
}

fn path_error(path: &Path, e: &io::Error) -> Warning {
    let location = Location::new(path, None);
    if is_symlink_loop(path) {
        Warning::SymlinkLoop { location }
    } else {
        Warning::Unreadable {
            location,
            error: e.to_string(),
        }
    }
}

/// `true` if following the symbolic links from `path` comes back to a link
/// already followed (or takes more than 40 hops, as the system allows).
fn is_symlink_loop(path: &Path) -> bool {
    let mut seen: FxHashSet<PathBuf> = FxHashSet::default();
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        let is_link = fs::symlink_metadata(&current).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return false;
        }
        if !seen.insert(current.clone()) {
            return true;
        }
        let Ok(target) = fs::read_link(&current) else {
            return false;
        };
        current = match current.parent() {
            Some(parent) => parent.join(target),
            None => target,
        };
    }
    true
}

fn file_job(path: PathBuf, id: String, options: &ReadOptions) -> Job {
    let ext = extension(&path);
    let format = match options.format {
        InputFormat::Text => None,
        InputFormat::JsonLines => Some(Structured::JsonLines),
        InputFormat::Csv if ext == "tsv" => Some(Structured::Csv { delimiter: b'\t' }),
        InputFormat::Csv => Some(Structured::Csv {
            delimiter: options.csv_delimiter,
        }),
        _ => match ext.as_str() {
            "jsonl" | "ndjson" => Some(Structured::JsonLines),
            "csv" => Some(Structured::Csv {
                delimiter: options.csv_delimiter,
            }),
            "tsv" => Some(Structured::Csv { delimiter: b'\t' }),
            _ => None,
        },
    };
    match format {
        None => Job::Text { path, id },
        Some(format) => Job::Records { path, id, format },
    }
}

pub(crate) fn extension(path: &Path) -> String {
    path.extension()
        .and_then(OsStr::to_str)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// A relative path without its extension, with `/` separators.
fn stem_id(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let (Some(last), Some(stem)) = (parts.last_mut(), rel.file_stem()) {
        *last = stem.to_string_lossy().into_owned();
    }
    parts.join("/")
}

fn is_metadata_file(name: &OsStr) -> bool {
    let upper = name.to_string_lossy().to_ascii_uppercase();
    ["README", "LICENSE", "LICENCE", "COPYING"]
        .iter()
        .any(|p| upper.starts_with(p))
}

fn walk_dir(root: &Path, options: &ReadOptions, jobs: &mut Vec<Job>) {
    let mut found: Vec<(PathBuf, Job)> = Vec::new();
    let mut visited: FxHashSet<PathBuf> = FxHashSet::default();
    if let Ok(c) = fs::canonicalize(root) {
        visited.insert(c);
    }
    let mut stack: Vec<PathBuf> = vec![PathBuf::new()];
    while let Some(rel_dir) = stack.pop() {
        let dir = root.join(&rel_dir);
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                found.push((rel_dir.clone(), Job::Warn(path_error(&dir, &e))));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    found.push((rel_dir.clone(), Job::Warn(path_error(&dir, &e))));
                    continue;
                }
            };
            let name = entry.file_name();
            if options.skip_hidden && name.as_encoded_bytes().first() == Some(&b'.') {
                continue;
            }
            let rel = rel_dir.join(&name);
            let path = entry.path();
            // Follows symbolic links.
            let meta = match fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    found.push((rel, Job::Warn(path_error(&path, &e))));
                    continue;
                }
            };
            if meta.is_dir() {
                match fs::canonicalize(&path) {
                    Ok(c) if visited.contains(&c) => found.push((
                        rel,
                        Job::Warn(Warning::SymlinkLoop {
                            location: Location::new(&path, None),
                        }),
                    )),
                    Ok(c) => {
                        visited.insert(c);
                        stack.push(rel);
                    }
                    Err(e) => found.push((rel, Job::Warn(path_error(&path, &e)))),
                }
                continue;
            }
            let ext = extension(&path);
            if !options
                .extensions
                .iter()
                .any(|x| x.eq_ignore_ascii_case(&ext))
            {
                continue;
            }
            if options.skip_metadata_files && is_metadata_file(&name) {
                continue;
            }
            let id = stem_id(&rel);
            found.push((rel, file_job(path, id, options)));
        }
    }
    found.sort_by(|a, b| {
        a.0.as_os_str()
            .as_encoded_bytes()
            .cmp(b.0.as_os_str().as_encoded_bytes())
    });
    jobs.extend(found.into_iter().map(|(_, j)| j));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert_eq!(
            stem_id(Path::new("Session 56 - 2001/USA_56_2001.txt")),
            "Session 56 - 2001/USA_56_2001"
        );
        assert_eq!(stem_id(Path::new("a.b.txt")), "a.b");
        assert_eq!(stem_id(Path::new("noext")), "noext");
    }

    #[test]
    fn metadata_names() {
        assert!(is_metadata_file(OsStr::new("README.md")));
        assert!(is_metadata_file(OsStr::new("license-MIT.txt")));
        assert!(!is_metadata_file(OsStr::new("readable.txt")));
    }
}
