//! Files only their owner may read: the register, its evidence copies, backups and the folders Vetted makes for them (0600 and 0700 on Unix; elsewhere the platform's defaults).

use std::fs::{DirBuilder, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `dir` and any missing parents, each readable by its owner only. A folder that exists
/// keeps its permissions: it is the user's.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Options that create a file readable and writable by its owner only (add `create_new` or
/// `create` as the caller needs).
pub fn file_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Creates `path` empty and owner-only if it does not exist, so that the engine, which keeps
/// a file's permissions for its journal, makes the register private too.
pub fn create_empty_file(path: &Path) -> io::Result<()> {
    match file_options().create_new(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}
