//! Files generated from the Rust types: the UI's TypeScript bindings and the JSON Schemas in `schemas/`; a test keeps them fresh.

use crate::domain::{country::Country, Level, Status, Tier, TransferMechanism, Vendor, VendorDraft};
use crate::error::{ErrorCode, ErrorDetails, ErrorDto, FieldError};
use crate::store::{Facets, HistoryAction, HistoryEntry, ListPage, ListQuery, SortKey, VendorSummary};
use std::path::PathBuf;
use ts_rs::TS;

/// The repository's root, seen from this crate.
fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

/// Every type that crosses IPC, as one TypeScript module.
pub fn typescript() -> String {
    let cfg = ts_rs::Config::new().with_large_int("number");
    let decls = [
        Status::decl(&cfg),
        TransferMechanism::decl(&cfg),
        Level::decl(&cfg),
        Tier::decl(&cfg),
        VendorDraft::decl(&cfg),
        crate::domain::LinkDraft::decl(&cfg),
        crate::domain::Link::decl(&cfg),
        crate::domain::ChainStep::decl(&cfg),
        Vendor::decl(&cfg),
        VendorSummary::decl(&cfg),
        ListQuery::decl(&cfg),
        SortKey::decl(&cfg),
        ListPage::decl(&cfg),
        Facets::decl(&cfg),
        crate::store::VendorRef::decl(&cfg),
        HistoryAction::decl(&cfg),
        HistoryEntry::decl(&cfg),
        Country::decl(&cfg),
        FieldError::decl(&cfg),
        ErrorCode::decl(&cfg),
        crate::error::Unreached::decl(&cfg),
        ErrorDetails::decl(&cfg),
        ErrorDto::decl(&cfg),
        crate::domain::vendor::Vocabulary::decl(&cfg),
        crate::domain::vendor::DraftCheck::decl(&cfg),
        crate::paths::AppInfo::decl(&cfg),
        crate::paths::TeamCheck::decl(&cfg),
        crate::paths::FolderSource::decl(&cfg),
        crate::domain::certification::CertKind::decl(&cfg),
        crate::domain::certification::CertStatus::decl(&cfg),
        crate::domain::certification::EvidenceLevel::decl(&cfg),
        crate::domain::certification::Opinion::decl(&cfg),
        crate::domain::certification::TrustCriterion::decl(&cfg),
        crate::domain::certification::CertDraft::decl(&cfg),
        crate::certs::Certification::decl(&cfg),
        crate::certs::ReviewDue::decl(&cfg),
        crate::certs::TieredVendor::decl(&cfg),
        crate::certs::Dashboard::decl(&cfg),
        crate::certs::Assurance::decl(&cfg),
        crate::evidence::EvidenceFile::decl(&cfg),
        crate::import::Format::decl(&cfg),
        crate::import::Answer::decl(&cfg),
        crate::import::extract::ImportedAnswer::decl(&cfg),
        crate::import::extract::SkippedRow::decl(&cfg),
        crate::import::extract::SkipReason::decl(&cfg),
        crate::import::extract::ColumnRole::decl(&cfg),
        crate::import::ColumnBasis::decl(&cfg),
        crate::import::extract::SheetUse::decl(&cfg),
        crate::import::extract::HeaderCell::decl(&cfg),
        crate::import::AnswerCounts::decl(&cfg),
        crate::import::Preview::decl(&cfg),
        crate::import::PreviewPage::decl(&cfg),
        crate::domain::questionnaire::OwnQuestionnaire::decl(&cfg),
        crate::export::QuestionnaireRequest::decl(&cfg),
        crate::export::MadeQuestionnaire::decl(&cfg),
        crate::assurance::DocumentKind::decl(&cfg),
        crate::assurance::SubserviceMethod::decl(&cfg),
        crate::assurance::Subservice::decl(&cfg),
        crate::assurance::TestException::decl(&cfg),
        crate::assurance::Exceptions::decl(&cfg),
        crate::assurance::Fact::<()>::decl(&cfg),
        crate::assurance::Reading::decl(&cfg),
        crate::domain::certification::CarveOut::decl(&cfg),
        crate::domain::certification::DutyState::decl(&cfg),
        crate::domain::certification::Duty::decl(&cfg),
        crate::domain::approval::ConditionState::decl(&cfg),
        crate::domain::approval::MetBy::decl(&cfg),
        crate::domain::approval::Condition::decl(&cfg),
        crate::domain::approval::ConditionDraft::decl(&cfg),
        crate::domain::approval::ConditionChange::decl(&cfg),
        crate::domain::approval::ApprovalDraft::decl(&cfg),
        crate::domain::approval::Approval::decl(&cfg),
        crate::approvals::ConditionUpdated::decl(&cfg),
        crate::store::ConditionFilter::decl(&cfg),
        crate::import::ImportProgress::decl(&cfg),
        crate::import::ChangeKind::decl(&cfg),
        crate::import::subprocessors::ListField::decl(&cfg),
        crate::import::subprocessors::ListRow::decl(&cfg),
        crate::import::subprocessors::ListPreview::decl(&cfg),
        crate::import::subprocessors::ListSkip::decl(&cfg),
        crate::import::subprocessors::ChainLink::decl(&cfg),
        crate::import::subprocessors::ChainPlan::decl(&cfg),
        crate::import::subprocessors::ChainVendor::decl(&cfg),
        crate::import::subprocessors::ListNote::decl(&cfg),
        crate::store::ListImport::decl(&cfg),
        crate::import::AnswerChange::decl(&cfg),
        crate::import::profile::MappingProfile::decl(&cfg),
        crate::import::profile::ColumnSpec::decl(&cfg),
        crate::import::profile::Columns::decl(&cfg),
        crate::import::profile::Marks::decl(&cfg),
        crate::import::profile::Detect::decl(&cfg),
        crate::import::Role::decl(&cfg),
        crate::store::QuestionnaireVersion::decl(&cfg),
        crate::domain::certification::ValidityRules::decl(&cfg),
        crate::domain::certification::KindRule::decl(&cfg),
        crate::domain::certification::Anchor::decl(&cfg),
        crate::scoring::Localized::decl(&cfg),
        crate::scoring::Strength::decl(&cfg),
        crate::scoring::TierStrengths::decl(&cfg),
        crate::scoring::baseline::QuestionRule::decl(&cfg),
        crate::scoring::CertRule::decl(&cfg),
        crate::scoring::Control::decl(&cfg),
        crate::scoring::AskedQuestion::decl(&cfg),
        crate::scoring::Baseline::decl(&cfg),
        crate::scoring::Verdict::decl(&cfg),
        crate::scoring::ControlStatus::decl(&cfg),
        crate::scoring::Weakness::decl(&cfg),
        crate::scoring::CitedAnswer::decl(&cfg),
        crate::scoring::Source::decl(&cfg),
        crate::scoring::Missing::decl(&cfg),
        crate::scoring::Evidence::decl(&cfg),
        crate::scoring::RiskAcceptance::decl(&cfg),
        crate::scoring::ReasonCode::decl(&cfg),
        crate::scoring::Reason::decl(&cfg),
        crate::scoring::ControlResult::decl(&cfg),
        crate::scoring::Assessment::decl(&cfg),
        crate::store::BaselineSummary::decl(&cfg),
        crate::store::AcceptanceDraft::decl(&cfg),
        crate::store::AssessmentSnapshot::decl(&cfg),
        crate::assess::Scored::decl(&cfg),
        crate::assess::Refreshed::decl(&cfg),
        crate::report::Lang::decl(&cfg),
        crate::export::ExportFormat::decl(&cfg),
        crate::export::Published::decl(&cfg),
        crate::report::RegisterCert::decl(&cfg),
        crate::report::RegisterEntry::decl(&cfg),
        crate::domain::publication::Served::decl(&cfg),
        crate::report::RegisterFilter::decl(&cfg),
        crate::report::RegisterList::decl(&cfg),
        crate::report::FieldChange::decl(&cfg),
        crate::report::EntryChange::decl(&cfg),
        crate::report::RegisterDiff::decl(&cfg),
        crate::store::RegisterVersion::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types of vetted-core by `cargo test -p vetted-core generated`.\n\
         // Do not edit: change the Rust type and run with VETTED_UPDATE_GENERATED=1.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The JSON Schemas of the documents users exchange, by file name.
pub fn schemas() -> Vec<(&'static str, String)> {
    let pretty = |s: schemars::Schema| serde_json::to_string_pretty(&s).expect("schemas serialise") + "\n";
    vec![
        ("vendor.schema.json", pretty(schemars::schema_for!(Vendor))),
        ("vendor-draft.schema.json", pretty(schemars::schema_for!(VendorDraft))),
        ("certification.schema.json", pretty(schemars::schema_for!(crate::certs::Certification))),
        ("mapping.schema.json", pretty(schemars::schema_for!(crate::import::MappingProfile))),
        ("baseline.schema.json", pretty(schemars::schema_for!(crate::scoring::Baseline))),
        ("assessment.schema.json", pretty(schemars::schema_for!(crate::scoring::Assessment))),
        ("register-export.schema.json", pretty(schemars::schema_for!(crate::report::RegisterList))),
        ("register-diff.schema.json", pretty(schemars::schema_for!(crate::report::RegisterDiff))),
        ("validity-rules.schema.json", pretty(schemars::schema_for!(crate::domain::certification::ValidityRules))),
        ("assurance-reading.schema.json", pretty(schemars::schema_for!(crate::assurance::Reading))),
    ]
}

/// Every generated file: path from the repository root, and content.
pub fn files() -> Vec<(PathBuf, String)> {
    let mut files = vec![(PathBuf::from("ui/src/ipc/bindings.ts"), typescript())];
    for (name, content) in schemas() {
        files.push((PathBuf::from("schemas").join(name), content));
    }
    files
}

/// Writes every generated file into the repository.
pub fn write_all() -> std::io::Result<()> {
    for (path, content) in files() {
        let path = repo_root().join(path);
        std::fs::create_dir_all(path.parent().expect("files live in folders"))?;
        std::fs::write(path, content)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed bindings and schemas are what the Rust types generate now.
    /// Run with VETTED_UPDATE_GENERATED=1 to rewrite them.
    #[test]
    fn generated_files_are_fresh() {
        if std::env::var_os("VETTED_UPDATE_GENERATED").is_some() {
            write_all().unwrap();
        }
        let stale: Vec<String> = files()
            .into_iter()
            .filter(|(path, want)| std::fs::read_to_string(repo_root().join(path)).ok().as_ref() != Some(want))
            .map(|(path, _)| path.display().to_string())
            .collect();
        assert!(stale.is_empty(), "stale generated files: {stale:?}; run `VETTED_UPDATE_GENERATED=1 cargo test -p vetted-core generated`");
    }
}
