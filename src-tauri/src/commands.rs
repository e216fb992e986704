//! The IPC commands: each parses its request, calls one method of the open `Register`, and maps errors to `{code, message, fields}`.

use crate::AppState;
use std::path::PathBuf;
use tauri::State;
use vetted_core::assess::{Refreshed, Scored};
use vetted_core::certs::{Assurance, Certification, Dashboard};
use vetted_core::domain::approval::{Approval, ApprovalDraft, Condition, ConditionChange, ConditionDraft};
use vetted_core::domain::certification::{CertDraft, ValidityRules};
use vetted_core::domain::vendor::{vocabulary, ChainStep, DraftCheck, Vocabulary};
use vetted_core::domain::{Vendor, VendorDraft};
use vetted_core::export::{ExportFormat, Published};
use vetted_core::import::subprocessors::ListPreview;
use vetted_core::import::{AnswerChange, ImportOptions, ImportProgress, ImportedAnswer, MappingProfile, PreviewPage};
use vetted_core::paths::{self, AppInfo};
use vetted_core::register::ConditionUpdated;
use vetted_core::register::{
    AcceptanceDraft, AssessmentSnapshot, BaselineSummary, Facets, HistoryEntry, ListImport, ListPage, ListQuery, QuestionnaireVersion,
    RegisterVersion,
};
use vetted_core::report::{Lang, RegisterDiff, RegisterFilter};
use vetted_core::scoring::{Baseline, RiskAcceptance};
use vetted_core::{context, ErrorDto};

type Reply<T> = Result<T, ErrorDto>;

/// Every command the UI may call.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_info,
        data_folder_choose,
        data_folder_open,
        team_test,
        team_choose,
        vocabulary_get,
        ui_painted,
        vendor_list,
        vendor_facets,
        vendor_get,
        vendor_draft,
        vendor_check,
        vendor_create,
        vendor_add_sub_processor,
        vendor_chain,
        vendor_update,
        vendor_archive,
        vendor_history,
        example_load,
        vendor_list_preview,
        vendor_list_import,
        vendor_list_imports,
        vendor_list_undo,
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
        refresh_assessments,
        assessment_history,
        risk_accept,
        baseline_list,
        baseline_get,
        baseline_save,
        baseline_import,
        export_summary,
        questionnaire_make,
        cert_read,
        cert_readings,
        duty_set,
        vendor_approve,
        vendor_approvals,
        condition_add,
        condition_update,
        conditions,
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
    let (next_folder, folder_source) = paths::data_dir_and_source();
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        db_path: state.register.path().display().to_string(),
        os_language: context::os_language(),
        next_folder: next_folder.display().to_string(),
        folder_source,
        team: state.register.login().is_some().then(|| state.register.path().display().to_string()),
        next_team: paths::app_team().map(|url| vetted_core::register::team_location(&url)),
        team_unreachable: state.team_unreachable.clone(),
    }
}

/// Tries the team register at `url` as Settings would use it: opened (its schema made or brought
/// up to date), who Vetted is there and how many vendors it holds, closed again.
#[tauri::command]
async fn team_test(url: String) -> Reply<paths::TeamCheck> {
    Ok(check_team(&url).await?)
}

async fn check_team(url: &str) -> vetted_core::Result<paths::TeamCheck> {
    paths::check_team_url(url)?;
    let register = vetted_core::Register::open(std::path::Path::new(url), std::sync::Arc::new(vetted_core::SystemContext)).await?;
    let checked = async {
        let vendors = u64::from(register.vendors(&Default::default()).await?.total);
        Ok(paths::TeamCheck {
            location: register.path().display().to_string(),
            login: register.login().unwrap_or_default().to_owned(),
            vendors,
        })
    }
    .await;
    register.close().await;
    checked
}

/// Keeps the team register at `url` (tried first) as the one the next start opens; `None`: this
/// computer's register file again.
#[tauri::command]
async fn team_choose(state: State<'_, AppState>, url: Option<String>) -> Reply<AppInfo> {
    if let Some(url) = &url {
        check_team(url).await?;
    }
    paths::choose_team(url.as_deref())?;
    Ok(app_info(state))
}

/// Keeps `folder` (none: the OS app-data folder) as where the next start opens its register.
#[tauri::command]
fn data_folder_choose(state: State<'_, AppState>, folder: Option<PathBuf>) -> Reply<AppInfo> {
    paths::choose_folder(folder.as_deref())?;
    Ok(app_info(state))
}

/// Shows the folder the register is in, in the system's file manager.
#[tauri::command]
fn data_folder_open<R: tauri::Runtime>(app: tauri::AppHandle<R>, state: State<'_, AppState>) -> Reply<()> {
    let folder = state.register.path().parent().map(std::path::Path::to_path_buf).unwrap_or_default();
    open_in_viewer(&app, &folder).map_err(|e| ErrorDto::from(vetted_core::Error::Io(format!("cannot open {}: {e}", folder.display()))))
}

/// The UI has painted `what` (`rows`, `first-run`): with `VETTED_STARTUP_TRACE` set, written to
/// stderr with the wall-clock time in milliseconds, for the start-up benchmark
/// (scripts/bench-startup.mjs) to measure from the process start to the pixels.
#[tauri::command]
fn ui_painted(what: String) {
    if std::env::var_os("VETTED_STARTUP_TRACE").is_some() {
        let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
        eprintln!("vetted-startup {what} {ms}");
    }
}

#[tauri::command]
fn vocabulary_get() -> Vocabulary {
    vocabulary()
}

#[tauri::command]
async fn vendor_list(state: State<'_, AppState>, query: ListQuery) -> Reply<ListPage> {
    Ok(state.register.vendors(&query).await?)
}

#[tauri::command]
async fn vendor_facets(state: State<'_, AppState>) -> Reply<Facets> {
    Ok(state.register.facets().await?)
}

#[tauri::command]
async fn vendor_get(state: State<'_, AppState>, id: i64) -> Reply<Vendor> {
    Ok(state.register.vendor(id).await?)
}

/// A vendor as an editable draft: what the edit form starts from.
#[tauri::command]
async fn vendor_draft(state: State<'_, AppState>, id: i64) -> Reply<VendorDraft> {
    Ok(state.register.vendor(id).await?.to_draft())
}

/// Checks a draft without saving it: the form's inline messages and derived values.
#[tauri::command]
fn vendor_check(draft: VendorDraft) -> DraftCheck {
    draft.check()
}

#[tauri::command]
async fn vendor_create(state: State<'_, AppState>, draft: VendorDraft) -> Reply<Vendor> {
    Ok(state.register.create_vendor(&draft).await?)
}

/// A sub-processor with its links, or the links added to the vendor of that name already there.
#[tauri::command]
async fn vendor_add_sub_processor(state: State<'_, AppState>, draft: VendorDraft) -> Reply<Vendor> {
    Ok(state.register.add_sub_processor(&draft).await?)
}

/// The whole chain below a vendor, as a tree reads.
#[tauri::command]
async fn vendor_chain(state: State<'_, AppState>, id: i64) -> Reply<Vec<ChainStep>> {
    Ok(state.register.chain_below(id).await?)
}

#[tauri::command]
async fn vendor_update(state: State<'_, AppState>, id: i64, draft: VendorDraft) -> Reply<Vendor> {
    Ok(state.register.update_vendor(id, &draft).await?)
}

#[tauri::command]
async fn vendor_archive(state: State<'_, AppState>, id: i64) -> Reply<Vendor> {
    Ok(state.register.archive_vendor(id).await?)
}

#[tauri::command]
async fn vendor_history(state: State<'_, AppState>, vendor_id: Option<i64>, limit: u32) -> Reply<Vec<HistoryEntry>> {
    Ok(state.register.history(vendor_id, limit).await?)
}

#[tauri::command]
async fn example_load(state: State<'_, AppState>, lang: Option<Lang>) -> Reply<Vec<i64>> {
    Ok(state.register.load_example(lang.unwrap_or(Lang::En)).await?)
}

/// What importing an existing sub-processor list would add (its columns guessed from the headers).
#[tauri::command]
async fn vendor_list_preview(state: State<'_, AppState>, path: PathBuf) -> Reply<ListPreview> {
    Ok(state.register.preview_vendor_list(&path, &Default::default()).await?)
}

/// Adds the rows of a previewed list that are not skipped: one import, to be undone as a whole.
#[tauri::command]
async fn vendor_list_import(state: State<'_, AppState>, preview: ListPreview, lang: Option<Lang>) -> Reply<ListImport> {
    Ok(state.register.import_vendor_list(&preview, lang.unwrap_or(Lang::En)).await?)
}

#[tauri::command]
async fn vendor_list_imports(state: State<'_, AppState>) -> Reply<Vec<ListImport>> {
    Ok(state.register.list_imports().await?)
}

/// Undoes a list import: its vendors still active are archived.
#[tauri::command]
async fn vendor_list_undo(state: State<'_, AppState>, id: i64) -> Reply<Vec<i64>> {
    Ok(state.register.undo_list_import(id).await?)
}

/// The validity rules: kinds, labels and how long each stays current.
#[tauri::command]
fn cert_rules(state: State<'_, AppState>) -> ValidityRules {
    state.register.rules().clone()
}

/// A vendor's certifications, evaluated today.
#[tauri::command]
async fn cert_list(state: State<'_, AppState>, vendor_id: i64) -> Reply<Vec<Certification>> {
    Ok(state.register.certifications(Some(vendor_id), None).await?)
}

/// Records a certification with copies of its evidence files (paths from the open dialog or a drop).
#[tauri::command]
async fn cert_add(state: State<'_, AppState>, vendor_id: i64, draft: CertDraft, files: Option<Vec<PathBuf>>) -> Reply<Certification> {
    Ok(state.register.add_certification(vendor_id, &draft, &files.unwrap_or_default()).await?)
}

/// Copies a file into the register and attaches it to a recorded certification.
#[tauri::command]
async fn cert_attach(state: State<'_, AppState>, cert_id: i64, path: PathBuf) -> Reply<Certification> {
    Ok(state.register.attach_evidence(cert_id, &path).await?)
}

/// Opens an evidence file, checked to be unchanged, in the system's viewer.
#[tauri::command]
async fn evidence_open<R: tauri::Runtime>(app: tauri::AppHandle<R>, state: State<'_, AppState>, id: i64) -> Reply<()> {
    let path = state.register.evidence_path(id).await?;
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
    Ok(state.register.assurance(vendor_id, None).await?)
}

#[tauri::command]
async fn cert_mute(state: State<'_, AppState>, cert_id: i64, muted: bool) -> Reply<()> {
    Ok(state.register.set_reminders_muted(cert_id, muted).await?)
}

/// Records newly expiring or lapsed today that no reminder has announced yet.
#[tauri::command]
async fn reminders_due(state: State<'_, AppState>) -> Reply<Vec<Certification>> {
    Ok(state.register.reminders_due().await?)
}

/// Logs that the UI showed reminders about these records.
#[tauri::command]
async fn reminders_shown(state: State<'_, AppState>, certs: Vec<Certification>) -> Reply<()> {
    Ok(state.register.reminders_shown(&certs).await?)
}

/// Writes the expiry and review dates as an .ics calendar to `path` (from the save dialog).
#[tauri::command]
async fn calendar_export(state: State<'_, AppState>, path: PathBuf, lang: Lang) -> Reply<()> {
    Ok(state.register.write_calendar(&path, None, lang).await?)
}

/// What lapses in the next 30/60/90 days, what has lapsed, and who has no current attestation.
#[tauri::command]
async fn cert_dashboard(state: State<'_, AppState>) -> Reply<Dashboard> {
    Ok(state.register.dashboard().await?)
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
    let (token, cancel) = state.imports.reserve();
    let _ = progress.send(ImportProgress { token, done: 0, total: 0 });
    let read = state.register.preview_questionnaire(path, opts, move |done, total| {
        let _ = progress.send(ImportProgress { token, done, total });
        !cancel.load(std::sync::atomic::Ordering::SeqCst)
    });
    let preview = read.await.map_err(ErrorDto::from);
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
    let saved = state.register.save_questionnaire(vendor_id, &preview, &keep_going).await;
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
    Ok(state.register.questionnaires(vendor_id).await?)
}

/// The answers of one questionnaire version.
#[tauri::command]
async fn questionnaire_answers(state: State<'_, AppState>, id: i64) -> Reply<Vec<ImportedAnswer>> {
    Ok(state.register.answers(id).await?)
}

/// Which answers differ from questionnaire version `from_id` to `to_id`.
#[tauri::command]
async fn questionnaire_compare(state: State<'_, AppState>, from_id: i64, to_id: i64) -> Reply<Vec<AnswerChange>> {
    Ok(state.register.compare_questionnaires(from_id, to_id).await?)
}

/// A vendor's assessment against the baseline its tier is held to, as of `as_of` (YYYY-MM-DD;
/// default today). Today's result is saved as a snapshot when it changed.
#[tauri::command]
async fn assess_vendor(state: State<'_, AppState>, vendor_id: i64, as_of: Option<String>) -> Reply<Scored> {
    let as_of = match as_of.filter(|d| !d.trim().is_empty()) {
        Some(d) => Some(vetted_core::domain::parse_date(&d).map_err(|e| vetted_core::Error::field("as_of", "invalid_date", e))?),
        None => None,
    };
    let mut scored = state.register.assess(Some(vendor_id), as_of, None).await?;
    Ok(scored.remove(0))
}

/// Scores today the vendors whose assessment may have changed since their last (an input
/// changed, a date that matters passed) and saves what changed: the register's verdict column.
#[tauri::command]
async fn refresh_assessments(state: State<'_, AppState>) -> Reply<Refreshed> {
    Ok(state.register.refresh_assessments().await?)
}

/// A vendor's saved assessments, newest first.
#[tauri::command]
async fn assessment_history(state: State<'_, AppState>, vendor_id: i64) -> Reply<Vec<AssessmentSnapshot>> {
    Ok(state.register.assessment_history(vendor_id).await?)
}

#[tauri::command]
async fn risk_accept(state: State<'_, AppState>, vendor_id: i64, draft: AcceptanceDraft) -> Reply<RiskAcceptance> {
    Ok(state.register.accept_risk(vendor_id, &draft).await?)
}

#[tauri::command]
async fn baseline_list(state: State<'_, AppState>) -> Reply<Vec<BaselineSummary>> {
    Ok(state.register.baselines().await?)
}

#[tauri::command]
async fn baseline_get(state: State<'_, AppState>, id: String) -> Reply<Baseline> {
    Ok(state.register.baseline(Some(&id)).await?)
}

/// Saves an edited baseline as the next version of its id (checked like a file).
#[tauri::command]
async fn baseline_save(state: State<'_, AppState>, baseline: Baseline) -> Reply<Baseline> {
    Ok(state.register.save_baseline(&baseline).await?)
}

/// Reads a baseline file (from the open dialog) and saves it as the next version of its id.
#[tauri::command]
async fn baseline_import(state: State<'_, AppState>, path: PathBuf) -> Reply<Baseline> {
    Ok(state.register.import_baseline(&path, None).await?)
}

/// Writes a baseline as JSON to `path` (from the save dialog).
#[tauri::command]
async fn baseline_export(state: State<'_, AppState>, id: String, path: PathBuf) -> Reply<()> {
    state.register.export_baseline(Some(&id), &path).await?;
    Ok(())
}

/// Holds vendors of `tier` (0: every tier without its own) to the baseline `id`.
#[tauri::command]
async fn baseline_use(state: State<'_, AppState>, tier: u8, id: String) -> Reply<()> {
    Ok(state.register.use_baseline(tier, &id).await?)
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
    let bytes = state.register.write_summary(vendor_id, lang, None, &path).await?;
    open_written(&app, &path, open)?;
    Ok(bytes)
}

/// Reads an assurance document (PDF) a user picked or dropped: its kind and facts, and the
/// record they propose; nothing is saved.
#[tauri::command]
async fn cert_read(state: State<'_, AppState>, path: PathBuf) -> Reply<vetted_core::assurance::Reading> {
    Ok(state.register.read_assurance(&path).await?)
}

/// What was read from a certification's evidence PDFs and kept with it.
#[tauri::command]
async fn cert_readings(state: State<'_, AppState>, cert_id: i64) -> Reply<Vec<vetted_core::assurance::Reading>> {
    Ok(state.register.cert_readings(cert_id).await?)
}

/// Records where the customer stands on a duty a vendor's report leaves to it.
#[tauri::command]
async fn duty_set(
    state: State<'_, AppState>,
    duty_id: i64,
    duty_state: String,
    note: String,
) -> Reply<vetted_core::domain::certification::Duty> {
    Ok(state.register.set_duty(duty_id, &duty_state, &note).await?)
}

/// Approves a vendor on the assessment it has today.
#[tauri::command]
async fn vendor_approve(state: State<'_, AppState>, vendor_id: i64, draft: ApprovalDraft) -> Reply<Approval> {
    Ok(state.register.approve(vendor_id, &draft).await?)
}

/// A vendor's approvals, newest first.
#[tauri::command]
async fn vendor_approvals(state: State<'_, AppState>, vendor_id: i64) -> Reply<Vec<Approval>> {
    Ok(state.register.approvals(vendor_id).await?)
}

#[tauri::command]
async fn condition_add(state: State<'_, AppState>, vendor_id: i64, draft: ConditionDraft) -> Reply<Condition> {
    Ok(state.register.add_condition(vendor_id, &draft).await?)
}

#[tauri::command]
async fn condition_update(state: State<'_, AppState>, id: i64, change: ConditionChange) -> Reply<ConditionUpdated> {
    Ok(state.register.update_condition(id, &change).await?)
}

/// Conditions of one vendor (or of all), only the open ones when asked.
#[tauri::command]
async fn conditions(state: State<'_, AppState>, vendor_id: Option<i64>, open_only: bool) -> Reply<Vec<Condition>> {
    Ok(state.register.conditions(vendor_id, open_only).await?)
}

/// Writes Vetted's own questionnaire (XLSX) for a vendor to fill in to `path` (from the save dialog).
#[tauri::command]
async fn questionnaire_make(
    state: State<'_, AppState>,
    request: vetted_core::register::QuestionnaireRequest,
    path: PathBuf,
) -> Reply<vetted_core::register::MadeQuestionnaire> {
    Ok(state.register.write_questionnaire(&request, &path).await?)
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
    let published = state.register.write_register(&filter, format, lang, None, &path).await?;
    open_written(&app, &path, open)?;
    Ok(published)
}

/// The published versions of the sub-processor list, newest first.
#[tauri::command]
async fn register_versions(state: State<'_, AppState>) -> Reply<Vec<RegisterVersion>> {
    Ok(state.register.register_versions().await?)
}

/// What changed from published version `from` to `to`.
#[tauri::command]
async fn register_diff(state: State<'_, AppState>, from: u32, to: u32) -> Reply<RegisterDiff> {
    Ok(state.register.register_diff(from, to).await?)
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
    let diff = state.register.write_diff(from, to, format, lang, &path).await?;
    open_written(&app, &path, open)?;
    Ok(diff)
}
