//! `Register`: the one way into an open register for the front ends (the desktop shell, the CLI,
//! the test helpers). It is the composition root: it opens the store, reads the validity rules
//! once, knows where evidence goes, and is handed the clock and the actor; every use case is a
//! method, grouped by area below.

pub use crate::approvals::ConditionUpdated;
use crate::assess::{self, Refreshed, ScoreOptions, Scored};
use crate::backup::{self, BackupSummary, RestoreSummary};
use crate::certs::{self, Assurance, Certification, Dashboard, EvidenceStore};
use crate::domain::approval::{Approval, ApprovalDraft, Condition, ConditionChange, ConditionDraft};
use crate::domain::certification::{CertDraft, ValidityRules};
use crate::domain::{Status, Vendor, VendorDraft};
use crate::error::{Error, Result};
use crate::export::{self, ExportFormat, ExportOptions, Published};
pub use crate::export::{MadeQuestionnaire, QuestionnaireRequest};
use crate::import::subprocessors::{self, ListMapping, ListPreview};
use crate::import::{self, AnswerChange, ImportOptions, ImportedAnswer, MappingProfile, Preview};
use crate::report::{Lang, RegisterDiff, RegisterFilter};
use crate::scoring::{Baseline, RiskAcceptance};
pub use crate::store::{is_team_url, team_location};
/// What the register's methods take and give, for the front ends to name.
pub use crate::store::{
    AcceptanceDraft, AssessmentSnapshot, BaselineSummary, BrokenEntry, ChainBreak, ChainReport, ConditionFilter, Facets, HistoryAction,
    HistoryEntry, ListImport, ListPage, ListQuery, QuestionnaireVersion, RegisterVersion, SortKey, TeamRole, VendorRef, VendorSummary,
};
use crate::store::{ChangeContext, Store};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Who is acting and when: the front end decides (the OS user and the system clock for the app
/// and the CLI; fixed values in tests). Nothing below the register reads either.
pub trait Context: Send + Sync {
    /// The person the history records.
    fn actor(&self) -> String;
    /// The moment of a change.
    fn now(&self) -> DateTime<Utc>;
    /// What "today" means to the person at the desk (their time zone).
    fn today(&self) -> NaiveDate;
}

/// A context with fixed answers, for tests and what-ifs.
#[derive(Debug, Clone)]
pub struct FixedContext {
    pub actor: String,
    pub at: DateTime<Utc>,
    pub today: NaiveDate,
}

impl Context for FixedContext {
    fn actor(&self) -> String {
        self.actor.clone()
    }
    fn now(&self) -> DateTime<Utc> {
        self.at
    }
    fn today(&self) -> NaiveDate {
        self.today
    }
}

/// An open register and what its use cases need.
pub struct Register {
    store: Store,
    db: PathBuf,
    rules: ValidityRules,
    /// Where evidence files are kept: beside a register file; for a team register, copies of
    /// those in its database.
    evidence: EvidenceStore,
    context: Arc<dyn Context>,
}

impl Register {
    /// Opens (and creates or upgrades) the register file at `db`, acting for `context`.
    pub async fn open(db: &Path, context: Arc<dyn Context>) -> Result<Register> {
        if let Some(url) = db.to_str().filter(|s| is_team_url(s)) {
            return Self::open_team(url, context).await;
        }
        backup::finish_interrupted_restore(db)?;
        let evidence = EvidenceStore::beside(db)?;
        let store = Store::open(db).await?;
        Ok(Register { store, db: db.to_path_buf(), rules: ValidityRules::default_rules(), evidence, context })
    }

    /// Opens (and creates or upgrades) the team register on the PostgreSQL server at `url`.
    pub async fn open_team(url: &str, context: Arc<dyn Context>) -> Result<Register> {
        let store = Store::open_team(url).await?;
        let shown = crate::store::team_location(url);
        let evidence = EvidenceStore::team_copies(&shown)?;
        Ok(Register { store, db: PathBuf::from(shown), rules: ValidityRules::default_rules(), evidence, context })
    }

    /// Replaces the register file at `db` with the backup `from` (checked whole first); the
    /// register must not be open, so this is not a method of an open one.
    pub async fn restore(db: &Path, from: &Path, context: &dyn Context) -> Result<RestoreSummary> {
        backup::restore(db, from, &ChangeContext::new(context.actor(), context.now())).await
    }

    /// Closes the register: waits for its connections to finish and fold in the WAL.
    pub async fn close(&self) {
        self.store.close().await;
    }

    /// Where the register file is.
    pub fn path(&self) -> &Path {
        &self.db
    }

    /// The store beneath, for the store's own tests and benchmarks; front ends use the methods.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The validity rules the register evaluates certifications by.
    pub fn rules(&self) -> &ValidityRules {
        &self.rules
    }

    /// "Today" for the person at the desk.
    pub fn today(&self) -> NaiveDate {
        self.context.today()
    }

    /// A change made now by the acting person.
    /// Who and when of a change: on a team register, the database login (the server refuses a
    /// history entry naming anyone else); else the front end's actor.
    fn change(&self) -> ChangeContext {
        let actor = self.store.login().map(str::to_owned).unwrap_or_else(|| self.context.actor());
        ChangeContext::new(actor, self.context.now())
    }
}

/// A team register's roles (on PostgreSQL; a register file has none).
impl Register {
    /// Makes the team register's roles (administrator, editor, viewer) and what each may do; the
    /// login running it becomes an administrator. Their names, administrator first.
    pub async fn team_init(&self) -> Result<[String; 3]> {
        self.store.team_init().await
    }

    /// Gives `login` the role `role` (any other it had taken back).
    pub async fn team_grant(&self, login: &str, role: TeamRole) -> Result<()> {
        self.store.team_grant(login, role).await
    }

    /// Takes every role in this register from `login`.
    pub async fn team_revoke(&self, login: &str) -> Result<()> {
        self.store.team_revoke(login).await
    }

    /// The logins with a role in this register.
    pub async fn team_members(&self) -> Result<Vec<(String, TeamRole)>> {
        self.store.team_members().await
    }

    /// Copies the register file at `from` (its rows, history, evidence files) into this team
    /// register, which must be empty, and verifies the copy before it is committed. The register
    /// file is opened as the app would (an older one is upgraded first) and checked whole.
    pub async fn team_push(&self, from: &Path) -> Result<crate::store::CopySummary> {
        if !from.is_file() {
            return Err(Error::NotFound(format!("there is no register file at {}", from.display())));
        }
        let file = Store::open(from).await?;
        let copied = async {
            file.check_integrity().await?;
            let evidence = crate::evidence::evidence_dir(from);
            self.store.copy_into_team(&file, &evidence, &from.display().to_string(), &self.change()).await
        }
        .await;
        file.close().await;
        copied
    }

    /// A receiver told soon after every change anyone commits to a team register (none for a
    /// register file, which only this computer changes).
    pub async fn watch_changes(&self) -> Result<Option<tokio::sync::mpsc::Receiver<()>>> {
        self.store.watch_changes().await
    }

    /// The database login this register is used as (a team register's), if any.
    pub fn login(&self) -> Option<&str> {
        self.store.login()
    }
}

/// Vendors.
impl Register {
    /// A window of the register; conditions "overdue" are told on today unless the query says.
    pub async fn vendors(&self, query: &ListQuery) -> Result<ListPage> {
        if query.conditions == Some(ConditionFilter::Overdue) && query.today.is_none() {
            return self.store.list_vendors(&ListQuery { today: Some(self.today()), ..query.clone() }).await;
        }
        self.store.list_vendors(query).await
    }

    pub async fn facets(&self) -> Result<Facets> {
        self.store.facets().await
    }

    pub async fn vendor(&self, id: i64) -> Result<Vendor> {
        self.store.vendor(id).await
    }

    /// A vendor's id from its id or its name (case aside, or written another way).
    pub async fn resolve_vendor(&self, key: &str) -> Result<i64> {
        self.store.resolve_vendor(key).await
    }

    pub async fn create_vendor(&self, draft: &VendorDraft) -> Result<Vendor> {
        let vendor = draft.parse()?;
        self.store.create_vendor(&self.change(), &vendor).await
    }

    /// The whole chain below a vendor: its sub-processors, theirs, and so on, as a tree reads.
    pub async fn chain_below(&self, id: i64) -> Result<Vec<crate::domain::ChainStep>> {
        self.store.chain_below(id).await
    }

    /// Adds a sub-processor (a subservice organisation a report carves out, say) with its links,
    /// or links the vendor of that name already in the register.
    pub async fn add_sub_processor(&self, draft: &VendorDraft) -> Result<Vendor> {
        let vendor = draft.parse()?;
        self.store.create_or_link(&self.change(), &vendor).await
    }

    /// Saves a vendor's edited fields. Approving is its own step ([`Register::approve`]): an edit
    /// that would move the vendor to an approved status is refused.
    pub async fn update_vendor(&self, id: i64, draft: &VendorDraft) -> Result<Vendor> {
        let vendor = draft.parse()?;
        if matches!(vendor.status, Status::Approved | Status::ApprovedWithConditions)
            && self.store.vendor(id).await?.status != vendor.status
        {
            let why = "approving is recorded with the verdict it rests on: approve the vendor instead of editing its status";
            return Err(Error::field("status", "approval_needed", why));
        }
        self.store.update_vendor_based_on(&self.change(), id, &vendor, draft.based_on).await
    }

    pub async fn archive_vendor(&self, id: i64) -> Result<Vendor> {
        self.store.archive_vendor(&self.change(), id).await
    }

    /// The history of one vendor or of all, newest first.
    pub async fn history(&self, vendor_id: Option<i64>, limit: u32) -> Result<Vec<HistoryEntry>> {
        self.store.history(vendor_id, limit).await
    }

    /// Every history entry checked against the hash chain.
    pub async fn verify_history(&self) -> Result<ChainReport> {
        self.store.verify_history().await
    }

    /// Loads the example register (its purposes and notes in `lang`) and scores it; returns the
    /// new vendors' ids.
    pub async fn load_example(&self, lang: Lang) -> Result<Vec<i64>> {
        let ids = crate::example::load(&self.store, &self.change(), &self.rules, self.today(), lang).await?;
        self.assess(None, None, None).await?;
        Ok(ids)
    }

    /// What importing an existing sub-processor list would add, checked against every vendor in
    /// the register (archived ones too) and, for a chain, every link.
    pub async fn preview_vendor_list(&self, file: &Path, mapping: &ListMapping) -> Result<ListPreview> {
        let known = subprocessors::Known { names: self.store.vendor_names().await?, links: self.store.link_names().await? };
        subprocessors::preview_list(file, mapping, &known, &Default::default())
    }

    /// Adds the rows of a list preview that are not skipped, in one transaction: one import
    /// (what the list said that was read only in part is noted in `lang`).
    pub async fn import_vendor_list(&self, list: &ListPreview, lang: Lang) -> Result<ListImport> {
        crate::questionnaires::commit_list(&self.store, &self.change(), list, lang).await
    }

    /// The list imports, newest first.
    pub async fn list_imports(&self) -> Result<Vec<ListImport>> {
        self.store.list_imports().await
    }

    /// Undoes list import `id` as a whole (its vendors still active are archived); their ids.
    pub async fn undo_list_import(&self, id: i64) -> Result<Vec<i64>> {
        self.store.undo_list_import(&self.change(), id).await
    }
}

/// Certifications and their evidence.
impl Register {
    /// Certifications of one vendor or of all, evaluated on `as_of` (default today).
    pub async fn certifications(&self, vendor_id: Option<i64>, as_of: Option<NaiveDate>) -> Result<Vec<Certification>> {
        certs::list(&self.store, vendor_id, &self.rules, as_of.unwrap_or_else(|| self.today())).await
    }

    /// Records a certification with copies of its evidence files; all or nothing.
    pub async fn add_certification(&self, vendor_id: i64, draft: &CertDraft, files: &[PathBuf]) -> Result<Certification> {
        certs::add(&self.store, &self.change(), vendor_id, draft, files, &self.evidence, &self.rules, self.today()).await
    }

    /// Copies a file into the register and attaches it to a recorded certification.
    pub async fn attach_evidence(&self, cert_id: i64, file: &Path) -> Result<Certification> {
        certs::attach(&self.store, &self.change(), cert_id, file, &self.evidence, &self.rules, self.today()).await
    }

    /// The stored copy of evidence file `id`, checked against its hash.
    pub async fn evidence_path(&self, id: i64) -> Result<PathBuf> {
        certs::evidence_path(&self.store, &self.evidence, id).await
    }

    /// Until when each of a vendor's services is covered on `as_of` (default today).
    pub async fn assurance(&self, vendor_id: i64, as_of: Option<NaiveDate>) -> Result<Vec<Assurance>> {
        certs::vendor_assurance(&self.store, vendor_id, &self.rules, as_of.unwrap_or_else(|| self.today())).await
    }

    pub async fn set_reminders_muted(&self, cert_id: i64, muted: bool) -> Result<()> {
        certs::set_muted(&self.store, &self.change(), cert_id, muted, &self.rules).await
    }

    /// Records newly expiring or lapsed today that no reminder has announced yet.
    pub async fn reminders_due(&self) -> Result<Vec<Certification>> {
        certs::reminders_due(&self.store, &self.rules, self.today()).await
    }

    /// Logs that reminders about these records were shown.
    pub async fn reminders_shown(&self, shown: &[Certification]) -> Result<()> {
        certs::mark_reminded(&self.store, &self.change(), shown).await
    }

    /// Certifications that lapse within `days` of `as_of` (default today).
    pub async fn expiring(&self, days: u32, as_of: Option<NaiveDate>) -> Result<Vec<Certification>> {
        let day = as_of.unwrap_or_else(|| self.today());
        let all = certs::list(&self.store, None, &self.rules, day).await?;
        Ok(certs::lapsing_within(&all, day, days))
    }

    /// What lapses in the next 30/60/90 days, what has lapsed, and who has no current attestation.
    pub async fn dashboard(&self) -> Result<Dashboard> {
        certs::dashboard(&self.store, &self.rules, self.today()).await
    }

    /// The expiry and review dates as an `.ics` calendar, seen from `as_of` (default today).
    pub async fn calendar(&self, as_of: Option<NaiveDate>, lang: Lang) -> Result<String> {
        crate::calendar::export(&self.store, &self.rules, as_of.unwrap_or_else(|| self.today()), self.context.now(), lang).await
    }

    /// Writes the calendar to `path`, whole or not at all.
    pub async fn write_calendar(&self, path: &Path, as_of: Option<NaiveDate>, lang: Lang) -> Result<()> {
        let ics = self.calendar(as_of, lang).await?;
        crate::files::write_whole(path, ics.as_bytes())
    }
}

/// Assurance documents.
impl Register {
    /// Reads an assurance document (PDF): its kind and the facts it states, with their pages.
    /// Nothing is saved: the user confirms or corrects a proposed record.
    /// Read on a blocking thread: a long report takes a moment.
    pub async fn read_assurance(&self, path: &Path) -> Result<crate::assurance::Reading> {
        let path = path.to_owned();
        tokio::task::spawn_blocking(move || crate::certs::read_assurance(&path))
            .await
            .map_err(|e| Error::Io(format!("reading the document stopped: {e}")))?
    }

    /// What was read from certification `cert_id`'s evidence PDFs and kept with it, oldest first.
    pub async fn cert_readings(&self, cert_id: i64) -> Result<Vec<crate::assurance::Reading>> {
        certs::readings(&self.store, cert_id).await
    }

    /// Records where the customer stands on a duty a vendor's report leaves to it.
    pub async fn set_duty(&self, duty_id: i64, state: &str, note: &str) -> Result<crate::domain::certification::Duty> {
        let state =
            crate::domain::certification::DutyState::parse(state).map_err(|e| crate::domain::Error::field("state", "unknown_state", e))?;
        if note.chars().count() > 2000 {
            return Err(crate::domain::Error::field("note", "too_long", "at most 2000 characters".to_owned()));
        }
        self.store.set_duty(&self.change(), duty_id, state, note.trim()).await
    }
}

/// Approvals and their conditions.
impl Register {
    /// Approves a vendor on the assessment it has today (scored now): a justification is needed
    /// when it does not meet the baseline, an open condition when approved with conditions.
    pub async fn approve(&self, vendor_id: i64, draft: &ApprovalDraft) -> Result<Approval> {
        crate::approvals::approve(&self.store, &self.change(), &self.rules, vendor_id, draft, self.today()).await
    }

    /// A vendor's approvals, newest first.
    pub async fn approvals(&self, vendor_id: i64) -> Result<Vec<Approval>> {
        self.store.approvals(vendor_id).await
    }

    pub async fn add_condition(&self, vendor_id: i64, draft: &ConditionDraft) -> Result<Condition> {
        crate::approvals::add_condition(&self.store, &self.change(), vendor_id, draft).await
    }

    /// Changes a condition (its state, owner, due date, the record that met it, ...).
    pub async fn update_condition(&self, id: i64, change: &ConditionChange) -> Result<ConditionUpdated> {
        crate::approvals::update_condition(&self.store, &self.change(), id, change).await
    }

    pub async fn condition(&self, id: i64) -> Result<Condition> {
        self.store.condition(id).await
    }

    /// Conditions of one vendor or of all; only those still open when asked.
    pub async fn conditions(&self, vendor_id: Option<i64>, open_only: bool) -> Result<Vec<Condition>> {
        self.store.conditions(vendor_id, open_only).await
    }
}

/// Questionnaires.
impl Register {
    /// The profiles a file's template is detected with: saved mappings, then the shipped ones.
    pub async fn mapping_profiles(&self) -> Result<Vec<MappingProfile>> {
        crate::questionnaires::profiles(&self.store).await
    }

    /// Reads a questionnaire and previews what importing it would save; nothing is written.
    /// `progress(done, total)` hears how far reading has got and stops it by saying false.
    pub async fn preview_questionnaire(
        &self,
        path: PathBuf,
        opts: ImportOptions,
        mut progress: impl FnMut(u64, u64) -> bool + Send + 'static,
    ) -> Result<Preview> {
        let profiles = self.mapping_profiles().await?;
        tokio::task::spawn_blocking(move || import::preview_with_progress(&path, &opts, &profiles, &mut progress))
            .await
            .map_err(|e| Error::Io(format!("the import stopped: {e}")))?
    }

    /// Saves a previewed import as the vendor's next version (and keeps a mapping the user
    /// confirmed); `keep_going(done, total)` hears progress and cancels by saying false.
    pub async fn save_questionnaire(
        &self,
        vendor_id: i64,
        preview: &Preview,
        keep_going: &(dyn Fn(usize, usize) -> bool + Sync),
    ) -> Result<QuestionnaireVersion> {
        crate::questionnaires::commit(&self.store, &self.change(), vendor_id, preview, keep_going).await
    }

    /// Imports a file straight into the register, writing its answers while it is read.
    pub async fn import_questionnaire(&self, vendor_id: i64, path: &Path, opts: &ImportOptions) -> Result<(Preview, QuestionnaireVersion)> {
        let profiles = self.mapping_profiles().await?;
        crate::questionnaires::import_file(&self.store, &self.change(), vendor_id, path, opts, profiles).await
    }

    /// A vendor's questionnaire versions, newest first.
    pub async fn questionnaires(&self, vendor_id: i64) -> Result<Vec<QuestionnaireVersion>> {
        self.store.questionnaires(vendor_id).await
    }

    /// The answers of one stored version, in file order.
    pub async fn answers(&self, questionnaire_id: i64) -> Result<Vec<ImportedAnswer>> {
        self.store.questionnaire_answers(questionnaire_id).await
    }

    /// Which answers differ from version `from_id` to `to_id`.
    pub async fn compare_questionnaires(&self, from_id: i64, to_id: i64) -> Result<Vec<AnswerChange>> {
        Ok(import::compare(&self.answers(from_id).await?, &self.answers(to_id).await?))
    }
}

/// Assessments and baselines.
impl Register {
    /// Scores one vendor (or all not archived) on `as_of` (default today), against the baseline
    /// each is held to or `baseline`; today's results against the register's baselines are kept
    /// as snapshots when they changed.
    pub async fn assess(&self, vendor_id: Option<i64>, as_of: Option<NaiveDate>, baseline: Option<Baseline>) -> Result<Vec<Scored>> {
        let today = self.today();
        let options = ScoreOptions { as_of: as_of.unwrap_or(today), today, baseline, keep: true };
        assess::score(&self.store, &self.change(), &self.rules, vendor_id, &options).await
    }

    /// Scores every vendor not archived, like `assess(None, ..)`, handing on each round of
    /// results as it is saved (memory stays that of one round); returns how many were scored.
    pub async fn assess_each(
        &self,
        as_of: Option<NaiveDate>,
        baseline: Option<Baseline>,
        each: &mut (dyn FnMut(Vec<Scored>) -> Result<()> + Send),
    ) -> Result<usize> {
        let today = self.today();
        let options = ScoreOptions { as_of: as_of.unwrap_or(today), today, baseline, keep: true };
        assess::score_each(&self.store, &self.change(), &self.rules, &assess::Which::All, &options, each).await
    }

    /// Scores today only the vendors whose assessment may have changed since their last (an
    /// input changed, a date that matters passed, never scored): what the app does when it
    /// starts and when the day changes. The others' latest snapshots already say it. Whoever may
    /// not record assessments (a team register's viewer, a register open read-only) records none
    /// and is not told of a refusal: the verdicts are kept by those who may.
    pub async fn refresh_assessments(&self) -> Result<Refreshed> {
        if !self.store.may_record_assessments().await? {
            return Ok(Refreshed { scored: 0, saved: 0 });
        }
        assess::refresh(&self.store, &self.change(), &self.rules, self.today()).await
    }

    /// A vendor's saved assessments, newest first.
    pub async fn assessment_history(&self, vendor_id: i64) -> Result<Vec<AssessmentSnapshot>> {
        self.store.assessments(vendor_id).await
    }

    pub async fn accept_risk(&self, vendor_id: i64, draft: &AcceptanceDraft) -> Result<RiskAcceptance> {
        assess::accept_risk(&self.store, &self.change(), vendor_id, draft, self.today()).await
    }

    pub async fn baselines(&self) -> Result<Vec<BaselineSummary>> {
        self.store.baselines().await
    }

    /// A baseline by id (its newest version), or the one every tier without its own is held to.
    pub async fn baseline(&self, id: Option<&str>) -> Result<Baseline> {
        match id {
            Some(id) => self.store.baseline(id, None).await,
            None => self.store.baseline_for(None).await,
        }
    }

    /// Saves a baseline (checked as a file is) as the next version of its id.
    pub async fn save_baseline(&self, baseline: &Baseline) -> Result<Baseline> {
        let checked = Baseline::parse(&baseline.to_json())?;
        self.store.save_baseline(&self.change(), &checked, None).await
    }

    /// Reads a baseline file and saves it as the next version of its id; with `use_for`, holds
    /// that tier (0: every tier without its own) to it, in the same transaction.
    pub async fn import_baseline(&self, file: &Path, use_for: Option<u8>) -> Result<Baseline> {
        let baseline = Baseline::read_file(file)?;
        self.store.save_baseline(&self.change(), &baseline, use_for).await
    }

    /// Writes a baseline as JSON to `path`, whole or not at all.
    pub async fn export_baseline(&self, id: Option<&str>, path: &Path) -> Result<Baseline> {
        let baseline = self.baseline(id).await?;
        crate::files::write_whole(path, baseline.to_json().as_bytes())?;
        Ok(baseline)
    }

    /// Writes Vetted's own questionnaire (the baseline's questions for a tier) as an XLSX to `path`.
    pub async fn write_questionnaire(&self, request: &QuestionnaireRequest, path: &Path) -> Result<MadeQuestionnaire> {
        export::write_questionnaire(&self.store, request, self.today(), path).await
    }

    /// Holds vendors of `tier` (0: every tier without its own) to the baseline `id`.
    pub async fn use_baseline(&self, tier: u8, id: &str) -> Result<()> {
        self.store.set_baseline_use(&self.change(), tier, id).await
    }
}

/// Publications and documents.
impl Register {
    fn export_options(&self, lang: Lang, as_of: Option<NaiveDate>) -> ExportOptions {
        let today = self.today();
        ExportOptions { as_of: as_of.unwrap_or(today), today, lang }
    }

    /// Writes a vendor's summary PDF to `path`; its size in bytes.
    pub async fn write_summary(&self, vendor_id: i64, lang: Lang, as_of: Option<NaiveDate>, path: &Path) -> Result<u32> {
        export::write_summary(&self.store, &self.change(), &self.rules, vendor_id, &self.export_options(lang, as_of), path).await
    }

    /// Publishes the list `filter` selects (a new version when its content changed) and writes it.
    pub async fn write_register(
        &self,
        filter: &RegisterFilter,
        format: ExportFormat,
        lang: Lang,
        as_of: Option<NaiveDate>,
        path: &Path,
    ) -> Result<Published> {
        export::write_register(&self.store, &self.change(), &self.rules, filter, format, &self.export_options(lang, as_of), path).await
    }

    /// The published versions of the sub-processor list, newest first.
    pub async fn register_versions(&self) -> Result<Vec<RegisterVersion>> {
        self.store.register_versions().await
    }

    /// What changed from published version `from` to `to`.
    pub async fn register_diff(&self, from: u32, to: u32) -> Result<RegisterDiff> {
        export::diff_versions(&self.store, from, to).await
    }

    /// Writes the change notice from `from` to `to` to `path`.
    pub async fn write_diff(&self, from: u32, to: u32, format: ExportFormat, lang: Lang, path: &Path) -> Result<RegisterDiff> {
        export::write_diff(&self.store, &self.change(), (from, to), format, &self.export_options(lang, None), path).await
    }
}

/// Maintenance.
impl Register {
    /// Writes a backup (the register, its evidence files, a manifest) to `out`.
    pub async fn backup(&self, out: &Path) -> Result<BackupSummary> {
        backup::backup(&self.store, &self.db, out, &self.change()).await
    }
}
