//! Atomic output: a temporary file in the target's directory, renamed over
//! the target once complete, so a failed or killed run never leaves a
//! half-written file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::ReportError;

/// Runs `write` on a buffered temporary file next to `path`, syncs it, then
/// renames it over `path`. Readers see the old file or the complete new one.
///
/// # Errors
/// [`ReportError::Io`] naming the path when creating, writing, syncing or
/// renaming fails; the temporary file is removed.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&File>) -> std::io::Result<()>,
) -> Result<(), ReportError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tidings-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The usual permissions of a new file (0o666 minus the umask), not
        // the private 0o600 of a temporary file: it becomes the output.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder
        .tempfile_in(dir)
        .map_err(|e| ReportError::io(dir, e))?;
    {
        let mut w = BufWriter::with_capacity(256 * 1024, tmp.as_file());
        write(&mut w).map_err(|e| ReportError::io(path, e))?;
        w.flush().map_err(|e| ReportError::io(path, e))?;
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| ReportError::io(path, e))?;
    tmp.persist(path)
        .map_err(|e| ReportError::io(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        std::fs::write(&path, "old").unwrap();
        let err = write_atomically(&path, |w| {
            w.write_all(b"new, half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "the temporary file is removed");
        write_atomically(&path, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }
}
