//! The IPC commands: each parses its request, calls vetted-core, and maps errors to `{code, message, fields}`.

use crate::AppState;
use std::path::PathBuf;
use tauri::State;
use vetted_core::assess::{self, ScoreOptions, Scored};
use vetted_core::certs::{self, Assurance, Certification, Dashboard};
use vetted_core::domain::certification::{CertDraft, ValidityRules};
use vetted_core::domain::vendor::{vocabulary, DraftCheck, Vocabulary};
use vetted_core::domain::{Vendor, VendorDraft};
use vetted_core::export::{self, ExportFormat, ExportOptions, Published};
use vetted_core::import::{self, ImportOptions, ImportProgress, ImportedAnswer, MappingProfile, PreviewPage};
use vetted_core::paths::AppInfo;
use vetted_core::report::{Lang, RegisterDiff, RegisterFilter};
use vetted_core::scoring::{Baseline, RiskAcceptance};
use vetted_core::store::QuestionnaireVersion;
use vetted_core::store::RegisterVersion;
use vetted_core::store::{AcceptanceDraft, AssessmentSnapshot, BaselineSummary};
use vetted_core::store::{Facets, HistoryEntry, ListPage, ListQuery};
use vetted_core::{context, example, ErrorDto};

type Reply<T> = Result<T, ErrorDto>;

/// Every command the UI may call.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_info,
        vocabulary_get,
        vendor_list,
        vendor_facets,
        vendor_get,
        vendor_draft,
        vendor_check,
        vendor_create,
        vendor_update,
        vendor_archive,
        vendor_history,
        example_load,
        cert_rules,
        cert_list,
        cert_add,
        cert_attach,
        evidence_open,
        cert_assurance,
        cert_mute,
        reminders_due,
        reminders_shown,
        calendar_export,
        import_preview,
        import_commit,
        import_cancel,
        questionnaire_list,
        questionnaire_answers,
        questionnaire_compare,
        cert_dashboard,
        assess_vendor,
        assess_all,
        assessment_history,
        risk_accept,
        baseline_list,
        baseline_get,
        baseline_save,
        baseline_import,
        export_summary,
        export_register,
        register_versions,
        register_diff,
        export_diff,
        baseline_export,
        baseline_use,
    ]
}

#[tauri::command]
fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        db_path: state.db_path.display().to_string(),
        os_language: context::os_language(),
    }
}

#[tauri::command]
fn vocabulary_get() -> Vocabulary {
    vocabulary()
}

#[tauri::command]
async fn vendor_list(state: State<'_, AppState>, query: ListQuery) -> Reply<ListPage> {
    Ok(state.store.list_vendors(&query).await?)
}

#[tauri::command]
async fn vendor_facets(state: State<'_, AppState>) -> Reply<Facets> {
    Ok(state.store.facets().await?)
}

#[tauri::command]
async fn vendor_get(state: State<'_, AppState>, id: i64) -> Reply<Vendor> {
    Ok(state.store.vendor(id).await?)
}

/// A vendor as an editable draft: what the edit form starts from.
#[tauri::command]
async fn vendor_draft(state: State<'_, AppState>, id: i64) -> Reply<VendorDraft> {
    Ok(state.store.vendor(id).await?.to_draft())
}

/// Checks a draft without saving it: the form's inline messages and derived values.
#[tauri::command]
fn vendor_check(draft: VendorDraft) -> DraftCheck {
    draft.check()
}

#[tauri::command]
async fn vendor_create(state: State<'_, AppState>, draft: VendorDraft) -> Reply<Vendor> {
    let vendor = draft.parse().map_err(vetted_core::Error::from)?;
    Ok(state.store.create_vendor(&context::now(), &vendor).await?)
}

#[tauri::command]
async fn vendor_update(state: State<'_, AppState>, id: i64, draft: VendorDraft) -> Reply<Vendor> {
    let vendor = draft.parse().map_err(vetted_core::Error::from)?;
    Ok(state.store.update_vendor(&context::now(), id, &vendor).await?)
}

#[tauri::command]
async fn vendor_archive(state: State<'_, AppState>, id: i64) -> Reply<Vendor> {
    Ok(state.store.archive_vendor(&context::now(), id).await?)
}

#[tauri::command]
async fn vendor_history(state: State<'_, AppState>, vendor_id: Option<i64>, limit: u32) -> Reply<Vec<HistoryEntry>> {
    Ok(state.store.history(vendor_id, limit).await?)
}

#[tauri::command]
async fn example_load(state: State<'_, AppState>) -> Reply<Vec<i64>> {
    Ok(example::load(&state.store, &context::now()).await?)
}

/// The validity rules: kinds, labels and how long each stays current.
#[tauri::command]
fn cert_rules(state: State<'_, AppState>) -> ValidityRules {
    state.rules.clone()
}

/// A vendor's certifications, evaluated today.
#[tauri::command]
async fn cert_list(state: State<'_, AppState>, vendor_id: i64) -> Reply<Vec<Certification>> {
    Ok(certs::list(&state.store, Some(vendor_id), &state.rules, context::today()).await?)
}

/// Records a certification with copies of its evidence files (paths from the open dialog or a drop).
#[tauri::command]
async fn cert_add(state: State<'_, AppState>, vendor_id: i64, draft: CertDraft, files: Option<Vec<PathBuf>>) -> Reply<Certification> {
    let (ctx, today, files) = (context::now(), context::today(), files.unwrap_or_default());
    Ok(certs::add(&state.store, &ctx, vendor_id, &draft, &files, &state.evidence, &state.rules, today).await?)
}

/// Copies a file into the register and attaches it to a recorded certification.
#[tauri::command]
async fn cert_attach(state: State<'_, AppState>, cert_id: i64, path: PathBuf) -> Reply<Certification> {
    let (ctx, today) = (context::now(), context::today());
    Ok(certs::attach(&state.store, &ctx, cert_id, &path, &state.evidence, &state.rules, today).await?)
}

/// Opens an evidence file, checked to be unchanged, in the system's viewer.
#[tauri::command]
async fn evidence_open<R: tauri::Runtime>(app: tauri::AppHandle<R>, state: State<'_, AppState>, id: i64) -> Reply<()> {
    let path = certs::evidence_path(&state.store, &state.evidence, id).await?;
    open_in_viewer(&app, &path)
        .map_err(|e| ErrorDto::from(vetted_core::Error::Io(format!("no program could open {}: {e}", path.display()))))
}

/// Opens a file in the system's viewer for its type.
fn open_in_viewer<R: tauri::Runtime>(app: &tauri::AppHandle<R>, path: &std::path::Path) -> Result<(), tauri_plugin_opener::Error> {
    use tauri_plugin_opener::OpenerExt;
    app.opener().open_path(path.to_string_lossy(), None::<&str>)
}

/// Until when each of a vendor's services is covered, the vendor as a whole first.
#[tauri::command]
async fn cert_assurance(state: State<'_, AppState>, vendor_id: i64) -> Reply<Vec<Assurance>> {
    Ok(certs::vendor_assurance(&state.store, vendor_id, &state.rules, context::today()).await?)
}

#[tauri::command]
async fn cert_mute(state: State<'_, AppState>, cert_id: i64, muted: bool) -> Reply<()> {
    Ok(certs::set_muted(&state.store, &context::now(), cert_id, muted, &state.rules).await?)
}

/// Records newly expiring or lapsed today that no reminder has announced yet.
#[tauri::command]
async fn reminders_due(state: State<'_, AppState>) -> Reply<Vec<Certification>> {
    Ok(certs::reminders_due(&state.store, &state.rules, context::today()).await?)
}

/// Logs that the UI showed reminders about these records.
#[tauri::command]
async fn reminders_shown(state: State<'_, AppState>, certs: Vec<Certification>) -> Reply<()> {
    Ok(certs::mark_reminded(&state.store, &context::now(), &certs).await?)
}

/// Writes the expiry and review dates as an .ics calendar to `path` (from the save dialog).
#[tauri::command]
async fn calendar_export(state: State<'_, AppState>, path: PathBuf) -> Reply<()> {
    let ics = vetted_core::calendar::export(&state.store, &state.rules, context::today(), chrono::Utc::now()).await?;
    Ok(vetted_core::files::write_whole(&path, ics.as_bytes())?)
}

/// What lapses in the next 30/60/90 days, what has lapsed, and who has no current attestation.
#[tauri::command]
async fn cert_dashboard(state: State<'_, AppState>) -> Reply<Dashboard> {
    Ok(certs::dashboard(&state.store, &state.rules, context::today()).await?)
}

/// Reads a questionnaire and previews what importing it would save; nothing is written. Tells
/// `progress` how far reading has got (its first message names the token `import_cancel`
/// takes to stop reading). The whole preview stays in the app under the returned token.
#[tauri::command]
async fn import_preview(
    state: State<'_, AppState>,
    path: PathBuf,
    mapping: Option<MappingProfile>,
    sheet: Option<String>,
    progress: tauri::ipc::Channel<ImportProgress>,
) -> Reply<PreviewPage> {
    let opts = ImportOptions { mapping, sheet, ..Default::default() };
    let profiles = import::profiles(&state.store).await?;
    let (token, cancel) = state.imports.reserve();
    let _ = progress.send(ImportProgress { token, done: 0, total: 0 });
    let read = tauri::async_runtime::spawn_blocking(move || {
        import::preview_with_progress(&path, &opts, &profiles, &mut |done, total| {
            let _ = progress.send(ImportProgress { token, done, total });
            !cancel.load(std::sync::atomic::Ordering::SeqCst)
        })
    })
    .await;
    let preview = match read {
        Ok(preview) => preview.map_err(ErrorDto::from),
        Err(e) => Err(ErrorDto::from(vetted_core::Error::Io(format!("the import stopped: {e}")))),
    };
    preview.and_then(|p| state.imports.hold(token, p)).inspect_err(|_| state.imports.finish(token))
}

/// Saves a previewed import as the vendor's next questionnaire version, reporting progress;
/// `import_cancel` stops it and nothing is saved.
#[tauri::command]
async fn import_commit(
    state: State<'_, AppState>,
    token: u64,
    vendor_id: i64,
    progress: tauri::ipc::Channel<ImportProgress>,
) -> Reply<QuestionnaireVersion> {
    let (preview, cancel) = state.imports.take(token)?;
    let keep_going = |done: usize, total: usize| {
        let _ = progress.send(ImportProgress { token, done: done as u64, total: total as u64 });
        !cancel.load(std::sync::atomic::Ordering::SeqCst)
    };
    let saved = import::commit(&state.store, &context::now(), vendor_id, &preview, &keep_going).await;
    state.imports.finish(token);
    Ok(saved?)
}

/// Stops an import being saved (or drops a preview not yet saved).
#[tauri::command]
fn import_cancel(state: State<'_, AppState>, token: u64) {
    state.imports.cancel(token);
}

/// A vendor's questionnaire versions, newest first.
#[tauri::command]
async fn questionnaire_list(state: State<'_, AppState>, vendor_id: i64) -> Reply<Vec<QuestionnaireVersion>> {
    Ok(state.store.questionnaires(vendor_id).await?)
}

/// The answers of one questionnaire version.
#[tauri::command]
async fn questionnaire_answers(state: State<'_, AppState>, id: i64) -> Reply<Vec<ImportedAnswer>> {
    Ok(state.store.questionnaire_answers(id).await?)
}

/// Which answers differ from questionnaire version `from_id` to `to_id`.
#[tauri::command]
async fn questionnaire_compare(state: State<'_, AppState>, from_id: i64, to_id: i64) -> Reply<Vec<import::AnswerChange>> {
    let old = state.store.questionnaire_answers(from_id).await?;
    let new = state.store.questionnaire_answers(to_id).await?;
    Ok(import::compare(&old, &new))
}

/// A vendor's assessment against the baseline its tier is held to, as of `as_of` (YYYY-MM-DD;
/// default today). Today's result is saved as a snapshot when it changed.
#[tauri::command]
async fn assess_vendor(state: State<'_, AppState>, vendor_id: i64, as_of: Option<String>) -> Reply<Scored> {
    let today = context::today();
    let as_of = match as_of.filter(|d| !d.trim().is_empty()) {
        Some(d) => vetted_core::domain::parse_date(&d).map_err(|e| vetted_core::Error::field("as_of", "invalid_date", e))?,
        None => today,
    };
    let options = ScoreOptions { as_of, today, baseline: None, keep: true };
    let mut scored = assess::score(&state.store, &context::now(), &state.rules, Some(vendor_id), &options).await?;
    Ok(scored.remove(0))
}

/// Scores every active vendor as of today and saves what changed: the register's verdict column.
/// Returns how many snapshots were written.
#[tauri::command]
async fn assess_all(state: State<'_, AppState>) -> Reply<u32> {
    let today = context::today();
    let options = ScoreOptions { as_of: today, today, baseline: None, keep: true };
    let scored = assess::score(&state.store, &context::now(), &state.rules, None, &options).await?;
    Ok(scored.iter().filter(|s| s.saved).count() as u32)
}

/// A vendor's saved assessments, newest first.
#[tauri::command]
async fn assessment_history(state: State<'_, AppState>, vendor_id: i64) -> Reply<Vec<AssessmentSnapshot>> {
    Ok(state.store.assessments(vendor_id).await?)
}

#[tauri::command]
async fn risk_accept(state: State<'_, AppState>, vendor_id: i64, draft: AcceptanceDraft) -> Reply<RiskAcceptance> {
    Ok(assess::accept_risk(&state.store, &context::now(), vendor_id, &draft, context::today()).await?)
}

#[tauri::command]
async fn baseline_list(state: State<'_, AppState>) -> Reply<Vec<BaselineSummary>> {
    Ok(state.store.baselines().await?)
}

#[tauri::command]
async fn baseline_get(state: State<'_, AppState>, id: String) -> Reply<Baseline> {
    Ok(state.store.baseline(&id, None).await?)
}

/// Saves an edited baseline as the next version of its id (checked like a file).
#[tauri::command]
async fn baseline_save(state: State<'_, AppState>, baseline: Baseline) -> Reply<Baseline> {
    let checked = Baseline::parse(&baseline.to_json()).map_err(vetted_core::Error::from)?;
    Ok(state.store.save_baseline(&context::now(), &checked).await?)
}

/// Reads a baseline file (from the open dialog) and saves it as the next version of its id.
#[tauri::command]
async fn baseline_import(state: State<'_, AppState>, path: PathBuf) -> Reply<Baseline> {
    let baseline = Baseline::read_file(&path)?;
    Ok(state.store.save_baseline(&context::now(), &baseline).await?)
}

/// Writes a baseline as JSON to `path` (from the save dialog).
#[tauri::command]
async fn baseline_export(state: State<'_, AppState>, id: String, path: PathBuf) -> Reply<()> {
    let baseline = state.store.baseline(&id, None).await?;
    Ok(vetted_core::files::write_whole(&path, baseline.to_json().as_bytes())?)
}

/// Holds vendors of `tier` (0: every tier without its own) to the baseline `id`.
#[tauri::command]
async fn baseline_use(state: State<'_, AppState>, tier: u8, id: String) -> Reply<()> {
    Ok(state.store.set_baseline_use(&context::now(), tier, &id).await?)
}

fn options(lang: Lang) -> ExportOptions {
    let today = context::today();
    ExportOptions { as_of: today, today, lang }
}

/// Opens a file the app just wrote, when the user asked for it.
fn open_written<R: tauri::Runtime>(app: &tauri::AppHandle<R>, path: &std::path::Path, open: bool) -> Reply<()> {
    if !open {
        return Ok(());
    }
    open_in_viewer(app, path)
        .map_err(|e| ErrorDto::from(vetted_core::Error::Io(format!("{} was written, but no program could open it: {e}", path.display()))))
}

/// Writes a vendor's summary PDF to `path` (from the save dialog), then opens it when asked.
#[tauri::command]
async fn export_summary<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    vendor_id: i64,
    path: PathBuf,
    lang: Lang,
    open: bool,
) -> Reply<u32> {
    let bytes = export::write_summary(&state.store, &context::now(), &state.rules, vendor_id, &options(lang), &path).await?;
    open_written(&app, &path, open)?;
    Ok(bytes)
}

/// Publishes the sub-processor list `filter` selects and writes it to `path` in `format`.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
async fn export_register<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    filter: RegisterFilter,
    format: ExportFormat,
    path: PathBuf,
    lang: Lang,
    open: bool,
) -> Reply<Published> {
    let published = export::write_register(&state.store, &context::now(), &state.rules, &filter, format, &options(lang), &path).await?;
    open_written(&app, &path, open)?;
    Ok(published)
}

/// The published versions of the sub-processor list, newest first.
#[tauri::command]
async fn register_versions(state: State<'_, AppState>) -> Reply<Vec<RegisterVersion>> {
    Ok(state.store.register_versions().await?)
}

/// What changed from published version `from` to `to`.
#[tauri::command]
async fn register_diff(state: State<'_, AppState>, from: u32, to: u32) -> Reply<RegisterDiff> {
    Ok(export::diff_versions(&state.store, from, to).await?)
}

/// Writes the change notice from `from` to `to` to `path` (pdf, csv or json).
#[tauri::command]
#[allow(clippy::too_many_arguments)]
async fn export_diff<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    from: u32,
    to: u32,
    format: ExportFormat,
    path: PathBuf,
    lang: Lang,
    open: bool,
) -> Reply<RegisterDiff> {
    let diff = export::write_diff(&state.store, &context::now(), (from, to), format, &options(lang), &path).await?;
    open_written(&app, &path, open)?;
    Ok(diff)
}
