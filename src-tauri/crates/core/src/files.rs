//! Writing a user's files whole or not at all: to a temporary file of its own beside the target (created new, never
//! through a link someone planted), synced, then renamed over it.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `path` so that a reader sees the old file or the new one, never half of it.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    Staged::beside(path)?.fill(bytes)
}

/// Like [`write_whole`], for content written bit by bit: `write` fills the temporary file; on
/// any error it is removed and the old file (if any) stays as it was.
pub fn write_whole_with(path: &Path, write: impl FnOnce(&mut std::fs::File) -> Result<()>) -> Result<()> {
    Staged::beside(path)?.fill_with(write)
}

/// Like [`write_whole_with`], for a file only its owner may read (a backup of the register).
pub fn write_private_with(path: &Path, write: impl FnOnce(&mut std::fs::File) -> Result<()>) -> Result<()> {
    Staged::make(path, crate::store::private::file_options())?.fill_with(write)
}

/// A file being written for `target`: a temporary file of its own in the target's folder. Made
/// before the work whose result it will hold, so a target that cannot be written fails first
/// (an export publishes no version for a file it could not write). Dropped uncommitted, it is
/// removed and the target stays as it was.
pub struct Staged {
    pub file: std::fs::File,
    tmp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staged {
    /// A new temporary file beside `target`, created exclusively (two writers of one target each
    /// get their own; a planted file or link of the same name is never opened). A target that
    /// exists and is not a regular file (a folder, a device, a pipe) is refused: renaming over it
    /// would replace it.
    pub fn beside(target: &Path) -> Result<Staged> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true);
        Staged::make(target, options)
    }

    /// [`Staged::beside`], the temporary file opened with `options` (and `create_new`).
    fn make(target: &Path, mut options: std::fs::OpenOptions) -> Result<Staged> {
        let name = target.file_name().ok_or_else(|| Error::Io(format!("{} is not a file name", target.display())))?;
        if let Ok(meta) = std::fs::metadata(target) {
            if !meta.is_file() {
                return Err(Error::Io(format!("cannot write {}: it is not a regular file", target.display())));
            }
        }
        static NEXT: AtomicU64 = AtomicU64::new(0);
        for _ in 0..100 {
            let unique = format!(
                ".{}.{}-{}-{}.partial",
                name.to_string_lossy(),
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed),
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos())
            );
            let tmp = target.with_file_name(unique);
            match options.create_new(true).open(&tmp) {
                Ok(file) => return Ok(Staged { file, tmp, target: target.to_owned(), committed: false }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::Io(format!("cannot write {}: {e}", target.display()))),
            }
        }
        Err(Error::Io(format!("cannot write {}: no free temporary name beside it", target.display())))
    }

    /// Writes `bytes` to the file and puts it in the target's place.
    pub fn fill(self, bytes: &[u8]) -> Result<()> {
        self.fill_with(|f| f.write_all(bytes).map_err(|e| Error::Io(e.to_string())))
    }

    /// Lets `write` fill the file, then puts it in the target's place; on any error the file is
    /// removed and the target stays as it was.
    pub fn fill_with(mut self, write: impl FnOnce(&mut std::fs::File) -> Result<()>) -> Result<()> {
        write(&mut self.file).map_err(|e| match e {
            Error::Io(m) if !m.starts_with("cannot") => Error::Io(format!("cannot write {}: {m}", self.target.display())),
            other => other,
        })?;
        self.commit()
    }

    /// Syncs the file and renames it over the target.
    fn commit(mut self) -> Result<()> {
        let io = |e: std::io::Error| Error::Io(format!("cannot write {}: {e}", self.target.display()));
        self.file.sync_all().map_err(io)?;
        std::fs::rename(&self.tmp, &self.target).map_err(io)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
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

    #[test]
    fn two_writers_of_one_file_each_write_it_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backup.zip");
        let contents: Vec<Vec<u8>> = (0..4u8).map(|i| vec![i; 4 << 20]).collect();
        std::thread::scope(|s| {
            for c in &contents {
                let path = &path;
                s.spawn(move || {
                    for _ in 0..5 {
                        super::write_whole(path, c).unwrap();
                    }
                });
            }
        });
        let written = std::fs::read(&path).unwrap();
        assert!(contents.contains(&written), "the file is one writer's whole content");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_is_not_followed_and_what_is_not_a_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"keep me").unwrap();
        let path = dir.path().join("report.csv");
        std::os::unix::fs::symlink(&victim, dir.path().join(".report.csv.partial")).unwrap();
        super::write_whole(&path, b"report").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
        assert_eq!(std::fs::read(&path).unwrap(), b"report");
        // A folder in the target's place is refused, not replaced.
        let folder = dir.path().join("folder.csv");
        std::fs::create_dir(&folder).unwrap();
        let refused = super::write_whole(&folder, b"x").unwrap_err();
        assert!(refused.to_string().contains("not a regular file"), "{refused}");
        assert!(folder.is_dir());
    }
}
