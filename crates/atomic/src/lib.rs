//! Atomic output files: every file tidings writes goes to a temporary file
//! in the target's directory, is flushed and synced, and is only then
//! renamed over the target. Readers see the old file or the complete new
//! one, and a failed or killed run never leaves a half-written file.
//!
//! ```
//! use std::io::Write;
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("out.txt");
//! tidings_atomic::write_atomically(&path, |w| w.write_all(b"hello"))?;
//! assert_eq!(std::fs::read_to_string(&path)?, "hello");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Writing an output file failed: which file, and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct AtomicError {
    /// The directory (creating the temporary file) or the target (writing,
    /// syncing, renaming).
    pub path: PathBuf,
    /// The underlying error.
    pub source: std::io::Error,
}

fn error(path: &Path, source: std::io::Error) -> AtomicError {
    AtomicError {
        path: path.to_path_buf(),
        source,
    }
}

/// Runs `write` on a buffered temporary file next to `path`, syncs it, then
/// renames it over `path`. On any error the temporary file is removed and
/// `path` is untouched.
///
/// # Errors
/// [`AtomicError`] naming the directory (creating the temporary file) or
/// `path` (writing, syncing, renaming).
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&File>) -> std::io::Result<()>,
) -> Result<(), AtomicError> {
    stage(path, write)?.commit()
}

/// A complete, synced temporary file waiting to be renamed over its path:
/// several files can be staged and then committed together, so that an error
/// in a later one leaves all targets untouched. Dropped without
/// [`Staged::commit`], it is removed and its path is untouched.
#[derive(Debug)]
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl Staged {
    /// Renames the temporary file over the path.
    ///
    /// # Errors
    /// [`AtomicError`] naming the path when the rename fails.
    pub fn commit(self) -> Result<(), AtomicError> {
        let path = self.path;
        self.tmp.persist(&path).map_err(|e| error(&path, e.error))?;
        Ok(())
    }
}

/// Writes the new contents of `path` to a temporary file in the same
/// directory (flushed and synced), without touching `path` yet.
///
/// # Errors
/// As [`write_atomically`].
pub fn stage(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&File>) -> std::io::Result<()>,
) -> Result<Staged, AtomicError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = temp_file_in(dir).map_err(|e| error(dir, e))?;
    {
        let mut w = BufWriter::new(tmp.as_file());
        write(&mut w).map_err(|e| error(path, e))?;
        w.flush().map_err(|e| error(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| error(path, e))?;
    Ok(Staged {
        tmp,
        path: path.to_path_buf(),
    })
}

/// A temporary file in `dir` that will carry the usual permissions of a new
/// file (`0o666` minus the umask on Unix), not the private `0o600` of a
/// plain temporary file, since it is renamed into place as the output.
fn temp_file_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tidings-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("report.json");
        std::fs::write(&path, "old")?;
        let err = write_atomically(&path, |w| {
            w.write_all(b"new, half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(err.is_err_and(|e| e.path == path));
        assert_eq!(std::fs::read_to_string(&path)?, "old");
        assert_eq!(
            std::fs::read_dir(dir.path())?.count(),
            1,
            "the temporary file is removed"
        );
        write_atomically(&path, |w| w.write_all(b"new"))?;
        assert_eq!(std::fs::read_to_string(&path)?, "new");
        Ok(())
    }

    #[test]
    fn a_staged_file_not_committed_leaves_nothing() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("matrix.mtx");
        let staged = stage(&path, |w| w.write_all(b"x"))?;
        drop(staged);
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(dir.path())?.count(), 0);
        Ok(())
    }
}
