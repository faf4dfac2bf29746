//! Writing results: the output file and directory checks, standard output, and
//! recognising a closed pipe.

use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

/// True if the error (or any cause) is a closed pipe on output, also when
/// it happened inside `serde_json` (whose error does not expose the I/O
/// error as its source).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let io_kind = cause
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        io_kind == Some(io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes, joined by `: `, leaving out a cause whose
/// message the previous one already ends with (library errors often show
/// their source in their own message, and `anyhow`'s `{:#}` would repeat it).
pub fn error_message(err: &anyhow::Error) -> String {
    let mut message = String::new();
    let mut previous = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !previous.is_empty() && previous.ends_with(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
        previous = text;
    }
    message
}

/// Buffered standard output.
pub fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Checks that `path` (given with the option `flag`) can take an output
/// file: not a directory, and not an existing file unless `force` is set.
/// The file itself is written atomically later, so a failed run leaves any
/// old file intact.
pub fn check_output_file(flag: &str, path: &Path, force: bool) -> Result<()> {
    if path.is_dir() {
        bail!("{flag} {} is a directory; give a file name", path.display());
    }
    if path.exists() && !force {
        bail!(
            "output file {} already exists (pass --force to overwrite)",
            path.display()
        );
    }
    Ok(())
}

/// Checks that `dir` is a directory or can become one, and that none of
/// `names` exists in it unless `force` is set. Creates nothing: the
/// directory is made when the results are written, so a run that fails
/// before leaves no folder behind. Returns the full paths, in the order
/// given.
pub fn check_output_dir(dir: &Path, names: &[&str], force: bool) -> Result<Vec<PathBuf>> {
    if dir.exists() && !dir.is_dir() {
        bail!("output {} exists and is not a directory", dir.display());
    }
    let paths: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
    if !force {
        let existing: Vec<String> = paths
            .iter()
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            bail!(
                "output file(s) already exist: {} (pass --force to overwrite)",
                existing.join(", ")
            );
        }
    }
    Ok(paths)
}
