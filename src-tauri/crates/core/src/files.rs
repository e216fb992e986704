//! Writing a user's files whole or not at all: to a temporary file beside the target, synced, then renamed over it.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` so that a reader sees the old file or the new one, never half of it.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    write_whole_with(path, |f| f.write_all(bytes).map_err(|e| Error::Io(e.to_string())))
}

/// Like [`write_whole`], for content written bit by bit: `write` fills the temporary file; on
/// any error it is removed and the old file (if any) stays as it was.
pub fn write_whole_with(path: &Path, write: impl FnOnce(&mut std::fs::File) -> Result<()>) -> Result<()> {
    let io = |e: std::io::Error| Error::Io(format!("cannot write {}: {e}", path.display()));
    let name = path.file_name().ok_or_else(|| Error::Io(format!("{} is not a file name", path.display())))?;
    let tmp = path.with_file_name(format!(".{}.partial", name.to_string_lossy()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp).map_err(io)?;
        write(&mut f).map_err(|e| match e {
            Error::Io(m) if !m.starts_with("cannot") => Error::Io(format!("cannot write {}: {m}", path.display())),
            other => other,
        })?;
        f.sync_all().map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_replace_the_file_and_leave_no_partial_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("team.ics");
        super::write_whole(&path, b"old").unwrap();
        super::write_whole(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let err = super::write_whole(&dir.path().join("missing/x.ics"), b"x").unwrap_err();
        assert!(err.to_string().starts_with("cannot write"), "{err}");
    }
}
