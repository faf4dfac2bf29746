//! Writing results: atomic files, standard output, and how failures map to
//! exit codes.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// True if the error (or any cause) is a closed pipe on output.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Buffered standard output.
pub fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Creates `dir` if needed and checks that none of `names` exists in it
/// unless `force` is set. Returns the full paths, in the order given.
pub fn prepare_output_dir(dir: &Path, names: &[&str], force: bool) -> Result<Vec<PathBuf>> {
    if dir.exists() && !dir.is_dir() {
        bail!("output {} exists and is not a directory", dir.display());
    }
    fs::create_dir_all(dir)
        .with_context(|| format!("cannot create output directory {}", dir.display()))?;
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

/// Writes a file atomically: the content goes to a temporary file in the
/// same directory, which is renamed over `path` only once fully written and
/// flushed. A failed or killed run leaves any previous file intact.
pub fn write_atomic(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tidings-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The usual permissions of a new file (minus the umask), not 0o600.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    {
        let mut w = BufWriter::with_capacity(256 * 1024, tmp.as_file());
        write(&mut w).with_context(|| format!("cannot write {}", path.display()))?;
        w.flush()
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("cannot sync {}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot move the finished file into {}", path.display()))?;
    Ok(())
}
