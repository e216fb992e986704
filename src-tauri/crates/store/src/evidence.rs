//! Evidence files (audit reports, certificates): checked, copied into the register's `evidence/`
//! folder under their SHA-256, made read-only, and found again to be opened. No SQL here.

use crate::error::{Error, Result, ValidationErrors};
use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
pub use vetted_domain::certification::EvidenceFile;
pub use vetted_domain::human_size;

/// The folder beside a register file that holds its evidence files.
pub fn evidence_dir(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or_else(|| Path::new(".")).join("evidence")
}

/// How large an evidence file may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvidenceLimits {
    pub max_bytes: u64,
}

impl Default for EvidenceLimits {
    /// 256 MiB: the largest SOC 2 reports seen are a few tens of megabytes.
    fn default() -> Self {
        EvidenceLimits { max_bytes: 256 * 1024 * 1024 }
    }
}

impl EvidenceLimits {
    /// The most `VETTED_MAX_EVIDENCE_MB` may say: 4 GiB, well beyond any report, and far from overflowing.
    pub const MAX_MB: u64 = 4096;

    /// The default, or `VETTED_MAX_EVIDENCE_MB` megabytes when that is set.
    pub fn from_env() -> Result<EvidenceLimits> {
        match std::env::var("VETTED_MAX_EVIDENCE_MB") {
            Ok(text) => Self::from_megabytes(&text),
            Err(_) => Ok(EvidenceLimits::default()),
        }
    }

    /// A limit of `text` megabytes: a whole number from 1 to [`Self::MAX_MB`], else refused.
    pub fn from_megabytes(text: &str) -> Result<EvidenceLimits> {
        text.trim()
            .parse::<u64>()
            .ok()
            .filter(|mb| (1..=Self::MAX_MB).contains(mb))
            .and_then(|mb| mb.checked_mul(1024 * 1024))
            .map(|max_bytes| EvidenceLimits { max_bytes })
            .ok_or_else(|| {
                Error::field(
                    "VETTED_MAX_EVIDENCE_MB",
                    "invalid_limit",
                    format!("VETTED_MAX_EVIDENCE_MB is {:?}: give a whole number of megabytes from 1 to {}", text.trim(), Self::MAX_MB),
                )
            })
    }
}

/// A file copied into the evidence folder, not yet recorded in the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedFile {
    pub sha256: String,
    /// Its name inside the evidence folder: `<sha256>.<extension>`.
    pub stored_name: String,
    pub original_name: String,
    pub size: u64,
    pub media_type: String,
    /// False when an identical file was already stored (nothing new was written).
    pub newly_written: bool,
    /// Where the staged copy is (a team register keeps its bytes in the database, read from here).
    pub path: PathBuf,
}

fn refused(code: &str, message: String) -> Error {
    let mut e = ValidationErrors::default();
    e.push("file", code, message);
    Error::Invalid(e)
}

/// Whether `name` is one Vetted gives a stored evidence file: `<sha256 hex>` with an optional
/// short alphanumeric extension. Nothing else (no `/`, `..`, absolute path) is ever joined to
/// the evidence folder.
pub fn is_stored_name(name: &str) -> bool {
    let (hash, ext) = name.split_once('.').unwrap_or((name, ""));
    let hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
    hash.len() == 64
        && hash.chars().all(hex)
        && ext.len() <= 8
        && ext.chars().all(|c| c.is_ascii_alphanumeric())
        && (ext.is_empty() != name.contains('.'))
}

/// What a file is, by its first bytes, else by its extension.
fn media_type(head: &[u8], name: &str) -> (&'static str, String) {
    let by_magic = if head.starts_with(b"%PDF-") {
        Some(("application/pdf", "pdf"))
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if head.starts_with(b"\xff\xd8\xff") {
        Some(("image/jpeg", "jpg"))
    } else {
        None
    };
    if let Some((mime, ext)) = by_magic {
        return (mime, ext.to_owned());
    }
    let ext: String = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .filter(|e| e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    let mime = match ext.as_str() {
        "txt" => "text/plain",
        "zip" => "application/zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    };
    (mime, ext)
}

/// Checks `source` (there, a file, not empty, within the limit) and copies it into `dir` under its
/// SHA-256, read-only. An identical file already stored is reused. Errors name the file and say
/// what is wrong; on error nothing is left in `dir`.
pub fn stage(dir: &Path, source: &Path, limits: EvidenceLimits) -> Result<StagedFile> {
    let shown = source.display();
    let meta = match fs::metadata(source) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(refused("file_not_found", format!("there is no file at {shown}")))
        }
        Err(e) => return Err(refused("file_unreadable", format!("{shown} cannot be read: {e}"))),
    };
    if !meta.is_file() {
        let message = if meta.is_dir() {
            format!("{shown} is a folder, not a file")
        } else {
            format!("{shown} is not a regular file (a pipe, a device or a socket)")
        };
        return Err(refused("not_a_file", message));
    }
    if meta.len() == 0 {
        return Err(refused("file_empty", format!("{shown} is empty")));
    }
    let too_large = |size: u64| {
        refused(
            "file_too_large",
            format!("{shown} is {}; evidence files may be at most {}", human_size(size), human_size(limits.max_bytes)),
        )
    };
    if meta.len() > limits.max_bytes {
        return Err(too_large(meta.len()));
    }
    let original_name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut input = File::open(source).map_err(|e| refused("file_unreadable", format!("{shown} cannot be read: {e}")))?;
    crate::private::create_dir_all(dir).map_err(|e| Error::Io(format!("cannot create {}: {e}", dir.display())))?;
    let partial = dir.join(format!(
        ".incoming-{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
    ));
    let copied = (|| -> Result<(String, u64, Vec<u8>)> {
        // Owner-only, then read-only: 0400, whatever the source's permissions were.
        let mut out = crate::private::file_options()
            .create_new(true)
            .open(&partial)
            .map_err(|e| Error::Io(format!("cannot write {}: {e}", partial.display())))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 256 * 1024];
        let mut head = Vec::new();
        let mut size: u64 = 0;
        loop {
            let n = input.read(&mut buf).map_err(|e| refused("file_unreadable", format!("{shown} cannot be read: {e}")))?;
            if n == 0 {
                break;
            }
            size += n as u64;
            if size > limits.max_bytes {
                return Err(too_large(size));
            }
            if head.len() < 16 {
                head.extend_from_slice(&buf[..n.min(16 - head.len())]);
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n]).map_err(|e| Error::Io(format!("cannot write {}: {e}", partial.display())))?;
        }
        out.sync_all().map_err(|e| Error::Io(format!("cannot write {}: {e}", partial.display())))?;
        Ok((crate::hash::hex(&hasher.finalize()), size, head))
    })();
    let (sha256, size, head) = match copied {
        Ok(v) => v,
        Err(e) => {
            let _ = fs::remove_file(&partial);
            return Err(e);
        }
    };
    let (mime, ext) = media_type(&head, &original_name);
    let stored_name = if ext.is_empty() { sha256.clone() } else { format!("{sha256}.{ext}") };
    let target = dir.join(&stored_name);
    let newly_written = !target.exists();
    if newly_written {
        let mut perms = fs::metadata(&partial).map_err(|e| Error::Io(e.to_string()))?.permissions();
        perms.set_readonly(true);
        let _ = fs::set_permissions(&partial, perms);
        fs::rename(&partial, &target).map_err(|e| {
            let _ = fs::remove_file(&partial);
            Error::Io(format!("cannot store {}: {e}", target.display()))
        })?;
    } else {
        let _ = fs::remove_file(&partial);
    }
    Ok(StagedFile { sha256, stored_name, original_name, size, media_type: mime.to_owned(), newly_written, path: target })
}

/// Removes files `stage` wrote when what they were for was not saved after all.
pub fn unstage(dir: &Path, files: &[StagedFile]) {
    for f in files.iter().filter(|f| f.newly_written) {
        remove_copy(dir, &f.stored_name);
    }
}

/// Removes the (read-only) file `stored_name` from `dir`, if it is there.
pub fn remove_copy(dir: &Path, stored_name: &str) {
    let path = dir.join(stored_name);
    if let Ok(meta) = fs::metadata(&path) {
        let mut perms = meta.permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        let _ = fs::set_permissions(&path, perms);
    }
    let _ = fs::remove_file(path);
}

/// The stored copy of an evidence file, checked to be the file that was attached.
pub fn verified_path(dir: &Path, stored_name: &str, sha256: &str) -> Result<PathBuf> {
    if !is_stored_name(stored_name) {
        // Only a hand-edited register holds such a name; it must not lead outside the folder.
        return Err(Error::Corrupt(format!("the evidence name {stored_name:?} is not a name Vetted gives a file")));
    }
    let path = dir.join(stored_name);
    let mut file = File::open(&path).map_err(|e| missing(&path, e))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(|e| Error::Io(format!("cannot read {}: {e}", path.display())))?;
    if crate::hash::hex(&hasher.finalize()) != sha256 {
        return Err(Error::Corrupt(changed(&path)));
    }
    Ok(path)
}

/// Writes `content`, a team register's copy of an evidence file, into the local folder `dir` as
/// `stored_name` (read-only, owner-only), unless a copy is there already; `verified_path` then
/// checks it against its SHA-256 as it does a register file's evidence.
pub fn keep_copy(dir: &Path, stored_name: &str, content: &[u8]) -> Result<()> {
    if !is_stored_name(stored_name) {
        return Err(Error::Corrupt(format!("the evidence name {stored_name:?} is not a name Vetted gives a file")));
    }
    let target = dir.join(stored_name);
    if target.exists() {
        return Ok(());
    }
    crate::private::create_dir_all(dir).map_err(|e| Error::Io(format!("cannot create {}: {e}", dir.display())))?;
    let partial = dir.join(format!(".incoming-{}-{stored_name}", std::process::id()));
    let written = (|| {
        let mut out = crate::private::file_options().create_new(true).open(&partial)?;
        out.write_all(content)?;
        out.sync_all()?;
        let mut perms = out.metadata()?.permissions();
        perms.set_readonly(true);
        fs::set_permissions(&partial, perms)?;
        fs::rename(&partial, &target)
    })();
    written.map_err(|e| {
        let _ = fs::remove_file(&partial);
        Error::Io(format!("cannot write {}: {e}", target.display()))
    })
}

/// A recorded evidence file that is not in the evidence folder.
pub fn missing(path: &Path, e: std::io::Error) -> Error {
    Error::NotFound(format!("the evidence file {} is missing from the data folder: {e}", path.display()))
}

/// What to say of a recorded evidence file whose content no longer gives its SHA-256.
pub fn changed(path: &Path) -> String {
    format!("{} was changed after it was attached (its SHA-256 differs)", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(e: Error) -> String {
        match e {
            Error::Invalid(v) => v.0.into_iter().map(|f| f.code).collect::<Vec<_>>().join(","),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn files_are_stored_once_by_content_and_read_only() {
        let tmp = tempfile::tempdir().unwrap();
        let store = tmp.path().join("evidence");
        let a = tmp.path().join("SOC2 report 2025.pdf");
        fs::write(&a, b"%PDF-1.7\nreport body").unwrap();
        let b = tmp.path().join("copy.PDF");
        fs::copy(&a, &b).unwrap();
        let first = stage(&store, &a, EvidenceLimits::default()).unwrap();
        assert_eq!(first.media_type, "application/pdf");
        assert_eq!(first.original_name, "SOC2 report 2025.pdf");
        assert!(first.newly_written);
        assert_eq!(first.stored_name, format!("{}.pdf", first.sha256));
        let again = stage(&store, &b, EvidenceLimits::default()).unwrap();
        assert_eq!((again.sha256.as_str(), again.newly_written), (first.sha256.as_str(), false));
        let names: Vec<_> = fs::read_dir(&store).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "one copy, no partial files left: {names:?}");
        let stored = store.join(&first.stored_name);
        assert!(fs::metadata(&stored).unwrap().permissions().readonly());
        assert_eq!(verified_path(&store, &first.stored_name, &first.sha256).unwrap(), stored);
    }

    #[test]
    fn missing_empty_folder_and_oversized_files_are_refused_and_leave_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let store = tmp.path().join("evidence");
        let limits = EvidenceLimits { max_bytes: 1024 };
        assert_eq!(codes(stage(&store, &tmp.path().join("nope.pdf"), limits).unwrap_err()), "file_not_found");
        assert_eq!(codes(stage(&store, tmp.path(), limits).unwrap_err()), "not_a_file");
        let empty = tmp.path().join("empty.pdf");
        fs::write(&empty, b"").unwrap();
        assert_eq!(codes(stage(&store, &empty, limits).unwrap_err()), "file_empty");
        let big = tmp.path().join("big.pdf");
        fs::write(&big, vec![b'x'; 1025]).unwrap();
        let err = stage(&store, &big, limits).unwrap_err();
        assert!(err.to_string().contains("at most 1.0 KB"), "{err}");
        assert_eq!(codes(err), "file_too_large");
        let left = fs::read_dir(&store).map(|d| d.count()).unwrap_or(0);
        assert_eq!(left, 0);
    }

    #[test]
    fn a_changed_stored_file_is_reported_not_opened() {
        let tmp = tempfile::tempdir().unwrap();
        let store = tmp.path().join("evidence");
        let a = tmp.path().join("cert.png");
        fs::write(&a, b"\x89PNG\r\n\x1a\nimage").unwrap();
        let f = stage(&store, &a, EvidenceLimits::default()).unwrap();
        assert_eq!(f.media_type, "image/png");
        let path = store.join(&f.stored_name);
        let mut perms = fs::metadata(&path).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        fs::set_permissions(&path, perms).unwrap();
        fs::write(&path, b"tampered").unwrap();
        assert!(matches!(verified_path(&store, &f.stored_name, &f.sha256), Err(Error::Corrupt(_))));
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(512), "512 bytes");
        assert_eq!(human_size(2 * 1024 * 1024 * 1024), "2.0 GB");
        assert_eq!(human_size(256 * 1024 * 1024), "256.0 MB");
    }

    #[test]
    fn only_names_vetted_gives_are_joined_to_the_evidence_folder() {
        let h = "ab".repeat(32);
        assert!(is_stored_name(&h));
        assert!(is_stored_name(&format!("{h}.pdf")));
        for bad in [
            format!("../{h}.pdf"),
            format!("/etc/{h}"),
            "../../../etc/passwd".to_owned(),
            format!("{h}.pdf/../../x"),
            format!("{h}."),
            format!("{}.pdf", "AB".repeat(32)),
            format!("{h}.toolongext"),
            String::new(),
        ] {
            assert!(!is_stored_name(&bad), "{bad}");
        }
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("secret.txt");
        fs::write(&outside, b"not evidence").unwrap();
        let err = verified_path(&tmp.path().join("evidence"), "../secret.txt", &h).unwrap_err();
        assert!(err.to_string().contains("is not a name Vetted gives a file"), "{err}");
        let err = verified_path(&tmp.path().join("evidence"), outside.to_str().unwrap(), &h).unwrap_err();
        assert!(matches!(err, Error::Corrupt(_)), "{err}");
    }
}
