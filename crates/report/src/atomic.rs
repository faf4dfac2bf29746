//! Atomic output: a temporary file in the target's directory, renamed over
//! the target once complete, so a failed or killed run never leaves a
//! half-written file.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use crate::error::ReportError;

/// Runs `write` on a buffered temporary file next to `path`, syncs it, then
/// renames it over `path` ([`tidings_atomic::write_atomically`], as every
/// tidings output file). Readers see the old file or the complete new one.
///
/// # Errors
/// [`ReportError::Io`] naming the path when creating, writing, syncing or
/// renaming fails; the temporary file is removed.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&File>) -> std::io::Result<()>,
) -> Result<(), ReportError> {
    tidings_atomic::write_atomically(path, write).map_err(|e| ReportError::Io {
        path: e.path,
        source: e.source,
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write;

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
