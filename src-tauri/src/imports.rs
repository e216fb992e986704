//! Imports under way: the shell keeps each whole preview (the UI gets its first rows) under a
//! token, from the moment its file is being read until it is saved or dropped, with a flag the
//! UI can raise to cancel the reading or the save.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use vetted_core::import::{Preview, PreviewPage};
use vetted_core::ErrorDto;

/// How many answer rows a preview sends to the UI.
const PREVIEW_ROWS: usize = 300;

/// A file being read (no preview yet) or read (its preview), and the flag that cancels reading it.
type Pending = (Option<Preview>, Arc<AtomicBool>);

#[derive(Default)]
pub struct PendingImports {
    next: AtomicU64,
    pending: Mutex<HashMap<u64, Pending>>,
}

impl PendingImports {
    /// A token for a file being read, and the flag that cancels reading it.
    pub fn reserve(&self) -> (u64, Arc<AtomicBool>) {
        let token = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let cancel = Arc::new(AtomicBool::new(false));
        self.pending.lock().expect("not poisoned").insert(token, (None, cancel.clone()));
        (token, cancel)
    }

    /// Keeps `preview`, read under `token`, until it is saved or dropped; returns what the UI
    /// shows. A preview whose reading was cancelled meanwhile is dropped.
    pub fn hold(&self, token: u64, preview: Preview) -> Result<PreviewPage, ErrorDto> {
        let page = preview.page(token, PREVIEW_ROWS);
        let mut pending = self.pending.lock().expect("not poisoned");
        if let Some((slot, cancel)) = pending.get_mut(&token) {
            if !cancel.load(Ordering::SeqCst) {
                *slot = Some(preview);
                return Ok(page);
            }
        }
        pending.remove(&token);
        Err(ErrorDto::from(vetted_core::Error::Cancelled))
    }

    /// The preview to save and its cancel flag.
    pub fn take(&self, token: u64) -> Result<(Preview, Arc<AtomicBool>), ErrorDto> {
        let mut pending = self.pending.lock().expect("not poisoned");
        match pending.get_mut(&token) {
            Some((preview @ Some(_), cancel)) => Ok((preview.take().expect("matched Some"), cancel.clone())),
            _ => Err(ErrorDto::from(vetted_core::Error::NotFound(
                "this preview is no longer available (already saved or cancelled); open the file again".into(),
            ))),
        }
    }

    /// Cancels reading or saving under way, or drops a preview not yet saved.
    pub fn cancel(&self, token: u64) {
        let mut pending = self.pending.lock().expect("not poisoned");
        if let Some((preview, cancel)) = pending.get_mut(&token) {
            cancel.store(true, Ordering::SeqCst);
            if preview.is_some() {
                pending.remove(&token);
            }
        }
    }

    /// Forgets a save that ended.
    pub fn finish(&self, token: u64) {
        self.pending.lock().expect("not poisoned").remove(&token);
    }
}
