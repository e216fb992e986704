//! Questionnaire imports as use cases: a file read while its answers are written in one
//! transaction, a confirmed preview saved, the mapping a user confirmed kept for next time, and
//! an existing sub-processor list added to the register.

use crate::error::Result;
use crate::store::{ChangeContext, QuestionnaireVersion, Store};
use std::path::Path;
use vetted_import::{self as import, profile, read, subprocessors, ImportOptions, ImportedAnswer, MappingProfile, Preview};

/// Imports `path` straight into the register as vendor `vendor_id`'s next questionnaire
/// version: one thread reads and normalises while the answers already read are written, in one
/// transaction (an error saves nothing). Returns what was imported (its `rows` empty: they are
/// in the register) and the version saved. What the CLI's `import` does.
pub async fn import_file(
    store: &Store,
    ctx: &ChangeContext,
    vendor_id: i64,
    path: &Path,
    opts: &ImportOptions,
    profiles: Vec<MappingProfile>,
) -> Result<(Preview, QuestionnaireVersion)> {
    let (name, ext) = read::names(path);
    let bytes: std::sync::Arc<[u8]> = read::file_bytes(path, &opts.limits)?.into();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<ImportedAnswer>>(16);
    let reader = {
        let (bytes, opts) = (bytes.clone(), opts.clone());
        let name = name.clone();
        tokio::task::spawn_blocking(move || -> Result<Preview> {
            import::stream_answers(&bytes, &name, &ext, &opts, &profiles, &mut |batch| tx.blocking_send(batch).is_ok())
        })
    };
    // While the file is read: hash it, and open the transaction (a file imported before is
    // refused here).
    let sha256 = crate::hash::sha256_hex(&bytes);
    let mut writer = store.begin_questionnaire(vendor_id, &name, &sha256).await?;
    writer.write_all(&mut rx).await?;
    let mut summary = reader.await.map_err(|e| crate::Error::Io(format!("reading {name} stopped: {e}")))??;
    summary.sha256 = sha256;
    let saved = writer.finish(ctx, &summary, is_users(&summary.profile)).await?;
    Ok((summary, saved))
}

/// The profiles to detect a file's template with: the user's saved mappings, then the shipped ones.
pub async fn profiles(store: &Store) -> Result<Vec<MappingProfile>> {
    let mut all = store.mappings().await?;
    all.extend_from_slice(profile::shipped());
    Ok(all)
}

/// Saves a previewed import as the vendor's next version; a mapping the user confirmed for a
/// layout Vetted did not know is kept in the same transaction, to be re-applied to files of the
/// same layout.
pub async fn commit(
    store: &Store,
    ctx: &ChangeContext,
    vendor_id: i64,
    preview: &Preview,
    keep_going: &(dyn Fn(usize, usize) -> bool + Sync),
) -> Result<QuestionnaireVersion> {
    store.save_questionnaire(ctx, vendor_id, preview, is_users(&preview.profile), keep_going).await
}

/// Whether an import's mapping is one to keep with it (in the same transaction): any but a
/// shipped one, so files of the same layout are read with it next time.
fn is_users(profile: &MappingProfile) -> bool {
    !profile::shipped().iter().any(|p| p.id == profile.id)
}

/// Adds the rows of a list preview that are not skipped to the register, in one transaction
/// recorded as one import that can be undone as a whole. What the list said that Vetted read
/// only in part is kept with each vendor's notes, in `lang`.
pub async fn commit_list(
    store: &Store,
    ctx: &ChangeContext,
    list: &subprocessors::ListPreview,
    lang: crate::report::Lang,
) -> Result<crate::store::ListImport> {
    let noted = |draft: &crate::domain::VendorDraft, notes: &[subprocessors::ListNote]| {
        let mut draft = draft.clone();
        for note in notes {
            if !draft.notes.is_empty() {
                draft.notes.push('\n');
            }
            draft.notes.push_str(&crate::report::labels::list_note(lang, note));
        }
        draft.parse()
    };
    let Some(chain) = &list.chain else {
        let mut vendors = Vec::new();
        for row in list.rows.iter().filter(|r| r.skip.is_none()) {
            vendors.push(noted(&row.draft, &row.notes)?);
        }
        return store.import_vendor_list(ctx, &list.file_name, &vendors).await;
    };
    // A chain: its new vendors (a sub-processor with the notes of the row it is read from), then
    // each new link of a row.
    let mut vendors = Vec::new();
    for v in &chain.new_vendors {
        let notes = match list.rows.iter().find(|r| r.row == v.row) {
            Some(r) if !v.client_only => r.notes.as_slice(),
            _ => &[],
        };
        vendors.push(noted(&v.draft, notes)?);
    }
    let links: Vec<_> = list
        .rows
        .iter()
        .filter(|r| r.skip.is_none())
        .filter_map(|r| r.serves.as_ref().filter(|l| !l.known).map(|l| (r, l)))
        .map(|(r, l)| {
            let link = crate::domain::LinkDraft {
                client_id: 0,
                purpose: l.purpose.clone(),
                data_categories: l.data_categories.clone(),
                locations: l.locations.clone(),
            };
            (r.draft.name.trim().to_owned(), l.client.clone(), link)
        })
        .collect();
    store.import_chain(ctx, &list.file_name, &vendors, &links).await
}

#[cfg(test)]
mod tests {
    /// Compiles only while an import can be spawned on a multi-threaded runtime (it holds a
    /// prepared statement across its awaits).
    #[allow(dead_code)]
    fn an_import_can_move_between_threads<'a>(
        store: &'a crate::Store,
        ctx: &'a crate::ChangeContext,
        path: &'a std::path::Path,
        opts: &'a vetted_import::ImportOptions,
    ) -> impl std::future::Future + Send + 'a {
        super::import_file(store, ctx, 1, path, opts, Vec::new())
    }
}
