//! Text recognition for image-only PDFs (scans, screenshots): `pdftoppm` (poppler-utils) renders
//! the first pages, Tesseract (`tesseract-ocr`) recognises their words, and the assurance reader
//! reads the facts from them, every one marked for review. Both are Debian packages, run offline
//! and optional: without them (or with `VETTED_OCR=0`) a scan stays "no text to read".

use crate::assurance::{self, ocr::RecognisedPage, Reading};
use std::path::Path;
use std::process::Command;

/// How many pages of a scan are recognised (a certificate is one or two; each takes seconds).
pub const PAGES: u32 = 4;
/// The resolution pages are rendered at: what Tesseract reads best.
const DPI: u32 = 300;
/// How long either program may take on one file or page before it is stopped (coreutils'
/// `timeout`): a hostile PDF cannot keep the app waiting.
const SECONDS: &str = "60";

/// `program` run under `timeout`.
fn bounded(program: &str) -> Command {
    let mut c = Command::new("timeout");
    c.args([SECONDS, program]);
    c
}

/// Whether text can be recognised here: both programs run, and the user has not said no.
pub fn available() -> bool {
    if std::env::var("VETTED_OCR").is_ok_and(|v| v.trim() == "0") {
        return false;
    }
    let runs = |program: &str, arg: &str| Command::new(program).arg(arg).output().is_ok_and(|o| o.status.success());
    runs("pdftoppm", "-v") && runs("tesseract", "--version") && runs("timeout", "--version")
}

/// The facts of an image-only PDF of `pages` pages, read from the words recognised on its first
/// pages; `None` when the programs are not here or recognise nothing.
pub fn recognise(pdf: &Path, pages: u32) -> Option<Reading> {
    if pages == 0 || !available() {
        return None;
    }
    let dir = tempfile::tempdir().ok()?;
    let last = pages.min(PAGES);
    let rendered = bounded("pdftoppm")
        .args(["-r", &DPI.to_string(), "-png", "-f", "1", "-l", &last.to_string()])
        .arg(pdf)
        .arg(dir.path().join("page"))
        .output()
        .ok()?;
    if !rendered.status.success() {
        return None;
    }
    let mut images: Vec<_> = std::fs::read_dir(dir.path()).ok()?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    images.sort();
    let mut tsvs: Vec<(u32, String)> = Vec::new();
    for (i, image) in images.iter().enumerate() {
        let out = bounded("tesseract").arg(image).args(["stdout", "-l", languages(), "tsv"]).output().ok()?;
        if out.status.success() {
            tsvs.push((i as u32 + 1, String::from_utf8_lossy(&out.stdout).into_owned()));
        }
    }
    let recognised: Vec<RecognisedPage<'_>> =
        tsvs.iter().map(|(number, tsv)| RecognisedPage { number: *number, dpi: DPI as f32, tsv }).collect();
    let reading = assurance::read_recognised(&recognised, pages);
    (reading.text_pages > 0).then_some(reading)
}

/// English, and German too when its trained data is installed (`tesseract-ocr-deu`).
fn languages() -> &'static str {
    static LANGS: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    LANGS.get_or_init(|| {
        let listed = Command::new("tesseract").arg("--list-langs").output().map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
        if listed.is_ok_and(|l| l.lines().any(|l| l.trim() == "deu")) {
            "eng+deu"
        } else {
            "eng"
        }
    })
}
