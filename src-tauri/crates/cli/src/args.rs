//! The command line's grammar (clap): commands, flags and their help texts.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use vetted_core::domain::approval::{ConditionState, MetBy};
use vetted_core::domain::{Status, Tier};
use vetted_core::export::ExportFormat;
use vetted_core::register::{ConditionFilter, SortKey};
use vetted_core::report::Lang;
use vetted_core::scoring::Verdict;

#[derive(Parser)]
#[command(name = "vetted", version, about = "Vetted: the register of vendors and sub-processors, from the command line.")]
pub struct Cli {
    /// The register: its SQLite file, or a team register's PostgreSQL URL (postgres://USER@HOST/DB; the
    /// password from ~/.pgpass, PGPASSFILE or PGPASSWORD) [default: $VETTED_DB_URL, else
    /// $VETTED_DATA_DIR/vetted.db, else the app's data folder]
    #[arg(long, global = true, value_name = "PATH|URL", env = "VETTED_DB_URL")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run: the size of the largest command does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub enum Command {
    /// Add, list, show, edit and archive vendors.
    #[command(subcommand)]
    Vendor(VendorCommand),
    /// Record certifications and attestations, and ask which are current on a day.
    #[command(subcommand)]
    Certs(CertsCommand),
    /// Import a vendor's security questionnaire (xlsx, xlsm, xlsb, xls, ods or CSV).
    Import {
        file: PathBuf,
        /// The vendor (id or name) who answered it.
        #[arg(long)]
        vendor: String,
        /// A mapping profile (JSON, schemas/mapping.schema.json) instead of detecting the template.
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// Read only this sheet.
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Show what would be imported; save nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Conditions of approvals: add, list, update, close.
    #[command(subcommand)]
    Condition(ConditionCommand),
    /// List a vendor's imported questionnaires, or compare two versions.
    #[command(subcommand)]
    Questionnaire(QuestionnaireCommand),
    /// Score a vendor (or every active vendor) against the minimum security baseline.
    /// Scored as of today, the result is saved as a dated snapshot when it changed.
    Score {
        /// The vendor (id or name).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        vendor: Option<String>,
        /// Every vendor not archived.
        #[arg(long)]
        all: bool,
        /// Score as of this day instead of today (YYYY-MM-DD): a "what if", not saved.
        #[arg(long, value_name = "DATE", value_parser = vetted_core::domain::parse_date)]
        as_of: Option<chrono::NaiveDate>,
        /// A baseline file (JSON, schemas/baseline.schema.json) instead of the one the vendor's tier is held to; not saved.
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Export a vendor summary (PDF), the sub-processor list, or what changed between two published lists.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Show, export, import and choose minimum security baselines.
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// Accept a risk: let one baseline control of a vendor stay unmet until a date.
    AcceptRisk {
        /// The vendor (id or name).
        vendor: String,
        /// The control's id, e.g. BL-08.
        #[arg(long)]
        control: String,
        #[arg(long)]
        reason: String,
        /// Who accepted it, e.g. "CISO".
        #[arg(long)]
        by: String,
        /// The last day it holds (YYYY-MM-DD); it lapses by itself after.
        #[arg(long)]
        until: String,
        /// The baseline's id (default: the one the vendor's tier is held to).
        #[arg(long)]
        baseline: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show the recorded changes, newest first; `history verify` checks they are unaltered.
    #[command(args_conflicts_with_subcommands = true)]
    History {
        #[command(subcommand)]
        check: Option<HistoryCommand>,
        /// Only this vendor's changes (id or name).
        #[arg(long)]
        vendor: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// A team register's roles: who may read, edit, or administer it (the database enforces them).
    #[command(subcommand)]
    Team(TeamCommand),
    /// Write a backup of the register and its evidence files to one file (a zip), while the
    /// app may go on using it.
    Backup {
        #[arg(short, long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Replace the register with a backup, after checking the backup whole. The register it
    /// replaces is kept beside it as `<name>.before-restore-<time>`. Close the app first.
    Restore {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Load the example register (a contact center and its sub-processors).
    Example {
        /// The language of the example's purposes and notes (en or de).
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum HistoryCommand {
    /// Check every entry against its hash and the entry before it; names the first that does
    /// not match and exits 1 if one does not.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// One vendor on one or two A4 pages: identity, certifications, baseline verdict, gaps, questionnaire provenance.
    Summary {
        /// The vendor (id or name).
        vendor: String,
        #[arg(short, long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        /// Judge certifications and the baseline as of this day (YYYY-MM-DD) instead of today.
        #[arg(long, value_name = "DATE", value_parser = vetted_core::domain::parse_date)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// The sub-processor list for RFPs and Art. 28 notices. Each export whose content changed is
    /// kept as the next numbered version.
    Register {
        #[arg(long, value_parser = parse_format)]
        format: ExportFormat,
        #[arg(short, long, value_name = "FILE")]
        out: PathBuf,
        /// Only vendors with these statuses (comma-separated); `all` for every vendor not archived.
        #[arg(long, default_value = "approved,approved_with_conditions")]
        status: String,
        /// Add each vendor's baseline verdict.
        #[arg(long)]
        with_verdict: bool,
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        #[arg(long, value_name = "DATE", value_parser = vetted_core::domain::parse_date)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// What changed between two published versions of the list: the change notice for customers.
    Diff {
        #[arg(long, value_name = "N")]
        from: u32,
        #[arg(long, value_name = "M")]
        to: u32,
        #[arg(long, default_value = "pdf", value_parser = parse_format)]
        format: ExportFormat,
        #[arg(short, long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
    /// The published versions of the sub-processor list.
    Versions {
        #[arg(long)]
        json: bool,
    },
}

fn parse_lang(raw: &str) -> Result<Lang, String> {
    Lang::parse(raw)
}

fn parse_format(raw: &str) -> Result<ExportFormat, String> {
    ExportFormat::parse(raw).map_err(|e| e.to_string())
}

#[derive(Subcommand)]
pub enum BaselineCommand {
    /// The baselines of the register and which tiers are held to them; with an id, its controls.
    Show {
        id: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write a baseline as JSON (to stdout, or to --out), to edit in any editor.
    Export {
        /// Default: the baseline every tier is held to.
        id: Option<String>,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Save a baseline from a JSON file as a new version of its id.
    Import {
        file: PathBuf,
        /// Also hold vendors of this tier to it (0: every tier without its own baseline).
        #[arg(long, value_name = "TIER")]
        use_for: Option<u8>,
        #[arg(long)]
        json: bool,
    },
    /// Hold vendors of a tier (0: every tier without its own) to a baseline.
    Use {
        id: String,
        #[arg(long, default_value_t = 0)]
        tier: u8,
    },
}

#[derive(Subcommand)]
pub enum QuestionnaireCommand {
    /// Write Vetted's own questionnaire (XLSX) for a vendor to fill in: the baseline's questions
    /// for one tier, an answer list per question; imported back, each answer lands on its control.
    Make {
        /// The baseline (id); default: the one the vendor, or a vendor of the tier, is held to.
        #[arg(long)]
        baseline: Option<String>,
        /// The tier whose expected evidence it names (1, 2 or 3); default: the vendor's, else 1.
        #[arg(long, value_parser = parse_tier)]
        tier: Option<Tier>,
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        /// The vendor (id or name) it is for: its name is filled in.
        #[arg(long)]
        vendor: Option<String>,
        #[arg(short = 'o', long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// A vendor's questionnaire versions, newest first.
    List {
        #[arg(long)]
        vendor: String,
        #[arg(long)]
        json: bool,
    },
    /// Which answers changed between two versions (default: the two newest).
    Compare {
        #[arg(long)]
        vendor: String,
        /// The older version's number.
        #[arg(long)]
        from: Option<i64>,
        /// The newer version's number.
        #[arg(long)]
        to: Option<i64>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum VendorCommand {
    /// Add a vendor to the register.
    Add {
        #[arg(long)]
        name: String,
        #[command(flatten)]
        fields: FieldArgs,
        #[arg(long)]
        json: bool,
    },
    /// Add the vendors of an existing sub-processor list (CSV, xlsx, ods, JSON) to the register;
    /// a list of a chain (a column of the companies each sub-processor serves) adds the companies,
    /// their sub-processors and the links between them.
    Import {
        file: PathBuf,
        /// Which column fills which field, e.g. --map countries=Location (repeat); the rest is
        /// guessed from the headers. Fields: name, services, purpose, data_categories,
        /// data_subjects, countries, transfer_mechanism, website, notes, status, client (the
        /// company a sub-processor serves). An empty column (--map client=) maps none.
        #[arg(long, value_name = "FIELD=COLUMN")]
        map: Vec<String>,
        /// Show what would be added; save nothing.
        #[arg(long)]
        dry_run: bool,
        /// The language of the notes kept for what the list said that was read only in part.
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        #[arg(long)]
        json: bool,
    },
    /// Undo a list import as a whole: its vendors still active are archived (the newest import
    /// when no id is given; `vendor imports` lists them).
    UndoImport {
        /// The import's id, as `vendor imports` shows it.
        id: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// The list imports, newest first: id, file, when, by whom, how many vendors, undone or not.
    Imports {
        #[arg(long)]
        json: bool,
    },
    /// List the register (archived vendors only with --archived or --status offboarded).
    List {
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
        /// Text to find in name, purpose or services.
        #[arg(long)]
        search: Option<String>,
        #[arg(long, value_parser = parse_tier)]
        tier: Option<Tier>,
        /// ISO 3166 code of a processing country.
        #[arg(long)]
        country: Option<String>,
        /// Only sub-processors of this vendor (id or name).
        #[arg(long, alias = "parent")]
        serves: Option<String>,
        /// Only vendors whose latest assessment says: meets, conditional, fails or insufficient.
        #[arg(long, value_parser = parse_verdict)]
        verdict: Option<Verdict>,
        /// Only vendors with conditions still open, or open past their due date: open, overdue.
        #[arg(long, value_parser = parse_condition_filter)]
        conditions: Option<ConditionFilter>,
        #[arg(long)]
        archived: bool,
        #[arg(long, value_enum, default_value = "name")]
        sort: SortArg,
        #[arg(long)]
        desc: bool,
        #[arg(long, default_value_t = 1000)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Show one vendor (by id or name).
    Show {
        vendor: String,
        #[arg(long)]
        json: bool,
    },
    /// Change fields of a vendor; fields not named stay as they are.
    Edit {
        vendor: String,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: FieldArgs,
        #[arg(long)]
        json: bool,
    },
    /// Archive (offboard) a vendor. Vendors are never deleted.
    Archive {
        vendor: String,
        #[arg(long)]
        json: bool,
    },
    /// Approve a vendor on the assessment it has today (scored now). Recorded with the verdict,
    /// who and when; a justification is required when the verdict is not "meets".
    Approve {
        vendor: String,
        /// Approved with conditions: needs at least one open condition (`vetted condition add`).
        #[arg(long)]
        with_conditions: bool,
        #[arg(long, default_value = "")]
        justification: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ConditionCommand {
    /// Add a condition (a finding) a vendor must meet: a title, an owner, a due date.
    Add {
        #[arg(long)]
        vendor: String,
        #[arg(long)]
        title: String,
        /// The baseline control it is about (BL-07).
        #[arg(long)]
        control: Option<String>,
        #[arg(long, default_value = "")]
        owner: String,
        /// YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// The conditions of one vendor or of all, open ones first, by due date.
    List {
        #[arg(long)]
        vendor: Option<String>,
        /// Only those still open (open or in progress).
        #[arg(long)]
        open: bool,
        /// Only those open past their due date.
        #[arg(long)]
        overdue: bool,
        #[arg(long)]
        json: bool,
    },
    /// Change a condition's title, owner, due date, state or note.
    Update {
        id: i64,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        /// YYYY-MM-DD; "" clears it.
        #[arg(long)]
        due: Option<String>,
        /// open, in_progress, met, waived.
        #[arg(long, value_parser = parse_condition_state)]
        state: Option<ConditionState>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Close a condition as met, by the record that met it (certification:ID, questionnaire:ID)
    /// or a note; with --waive, as waived (the note says why).
    Close {
        id: i64,
        #[arg(long, value_name = "RECORD", value_parser = parse_met_by)]
        met_by: Option<MetBy>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        waive: bool,
        #[arg(long)]
        json: bool,
    },
}

fn parse_condition_filter(raw: &str) -> Result<ConditionFilter, String> {
    serde_json::from_value(serde_json::Value::String(raw.trim().to_lowercase())).map_err(|_| format!("'{raw}' is not open or overdue"))
}

fn parse_condition_state(raw: &str) -> Result<ConditionState, String> {
    ConditionState::parse(raw)
}

fn parse_met_by(raw: &str) -> Result<MetBy, String> {
    MetBy::parse(raw).ok_or_else(|| format!("'{raw}' is not a record (certification:ID or questionnaire:ID)"))
}

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process
pub enum CertsCommand {
    /// Read an assurance document (a SOC 2 / SOC 3 report, an ISO certificate, an attestation
    /// letter; PDF): its kind and the facts it states, each with its page and words.
    Read {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        /// The language of the facts as printed (en or de; the JSON is the same in both).
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
    /// Record a certification, report or attestation for a vendor.
    Add {
        /// The vendor (id or name).
        #[arg(long)]
        vendor: String,
        /// soc2_type1, soc2_type2, soc1, bridge_letter, iso27001_2022, iso27001_2013, iso27017, iso27018,
        /// iso27701, pci_dss_aoc, hitrust_r2, hitrust_i1, csa_star_l1, csa_star_l2_attestation,
        /// csa_star_l2_certification, bsi_c5_type1, bsi_c5_type2, tisax, fedramp, hipaa_attestation, pen_test, other
        #[arg(long)]
        kind: String,
        #[arg(long, value_name = "DATE")]
        period_start: Option<String>,
        #[arg(long, value_name = "DATE")]
        period_end: Option<String>,
        /// The one date a point-in-time report (SOC 2 Type I, pen test) speaks of.
        #[arg(long, value_name = "DATE")]
        report_date: Option<String>,
        #[arg(long, value_name = "DATE")]
        issued: Option<String>,
        /// An expiry printed on the record; it wins over the kind's rule.
        #[arg(long, value_name = "DATE")]
        expires: Option<String>,
        /// Auditor or certification body.
        #[arg(long)]
        issuer: Option<String>,
        /// Certificate or report number.
        #[arg(long)]
        number: Option<String>,
        #[arg(long)]
        scope: Option<String>,
        /// Trust Services Criteria covered, separated by commas: security, availability, ...
        #[arg(long)]
        tsc: Option<String>,
        /// unqualified, qualified, adverse or disclaimer.
        #[arg(long)]
        opinion: Option<String>,
        /// Exceptions the auditor noted, with the criteria they affect.
        #[arg(long)]
        exceptions: Option<String>,
        /// A service of the vendor the record covers (repeat, or separate with commas); none: all.
        #[arg(long)]
        service: Vec<String>,
        /// An evidence file (PDF report, certificate) to copy into the register (repeat for more).
        #[arg(long, value_name = "PATH")]
        file: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The duties vendors' reports leave to you (complementary user entity controls), kept from
    /// the reports read, and where you stand on each.
    Duties {
        /// One vendor (id or name); without it, every vendor.
        #[arg(long)]
        vendor: Option<String>,
        #[arg(long)]
        json: bool,
        /// The language of the states as printed (en or de).
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
    /// Record where you stand on one duty (see `certs duties`).
    Duty {
        /// The duty's id.
        #[arg(long)]
        id: i64,
        /// open, in_place or not_applicable.
        #[arg(long)]
        state: String,
        /// How you meet it, or why it does not apply.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Attach an evidence file to a recorded certification.
    Attach {
        /// The certification's id (see `certs list`).
        #[arg(long)]
        cert: i64,
        #[arg(long, value_name = "PATH")]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Until when each of a vendor's services is covered by independent security evidence.
    Assured {
        #[arg(long)]
        vendor: String,
        #[arg(long, value_name = "DATE", value_parser = vetted_core::domain::parse_date)]
        as_of: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Stop (or, with --unmute, resume) reminders about one certification.
    Mute {
        #[arg(long)]
        cert: i64,
        #[arg(long)]
        unmute: bool,
    },
    /// Write the expiry and review dates as an iCalendar file (.ics) for a team calendar.
    Calendar {
        /// Where to write it; without it, standard output.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        #[arg(long, value_name = "DATE", value_parser = vetted_core::domain::parse_date)]
        as_of: Option<chrono::NaiveDate>,
        /// The events' language: en or de.
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
    /// List certifications with their status and the last day each is current.
    List {
        #[arg(long)]
        vendor: Option<String>,
        /// Evaluate on this day instead of today (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = vetted_core::domain::parse_date)]
        as_of: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Certifications that stop being current within DAYS.
    Expiring {
        #[arg(long, value_name = "DAYS")]
        within: u32,
        #[arg(long, value_name = "DATE", value_parser = vetted_core::domain::parse_date)]
        as_of: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
}

/// The vendor's fields as flags. A list flag replaces the whole list; an empty value clears a field.
#[derive(Args, Default)]
pub struct FieldArgs {
    /// A service used (repeat, or separate with commas).
    #[arg(long)]
    pub service: Vec<String>,
    /// ISO 3166 code of a processing country (repeat, or separate with commas).
    #[arg(long)]
    pub country: Vec<String>,
    /// A vendor this one is a sub-processor of (id or name; repeat for several): adds the link,
    /// or changes it with --link-purpose and --link-location.
    #[arg(long, alias = "parent")]
    pub serves: Vec<String>,
    /// What it does for the vendors named by --serves ("hosts the call recordings").
    #[arg(long, requires = "serves")]
    pub link_purpose: Option<String>,
    /// Where it processes for the vendors named by --serves (repeat, or separate with commas).
    #[arg(long, requires = "serves")]
    pub link_location: Vec<String>,
    /// The data of those vendors it processes (repeat, or separate with commas).
    #[arg(long, requires = "serves")]
    pub link_data_category: Vec<String>,
    /// No longer a sub-processor of this vendor (id or name; repeat for several).
    #[arg(long)]
    pub unlink: Vec<String>,
    /// A sub-processor of no vendor any more: removes every link.
    #[arg(long, alias = "no-parent", conflicts_with = "serves")]
    pub unlink_all: bool,
    #[arg(long)]
    pub purpose: Option<String>,
    /// A data category (repeat, or separate with commas), e.g. contact, health.
    #[arg(long)]
    pub data_category: Vec<String>,
    /// A group of data subjects (repeat, or separate with commas), e.g. customers.
    #[arg(long)]
    pub data_subject: Vec<String>,
    /// no_transfer, adequacy, eu_us_dpf, sccs, bcrs or none.
    #[arg(long)]
    pub transfer: Option<String>,
    /// Data sensitivity: low, medium or high.
    #[arg(long)]
    pub sensitivity: Option<String>,
    /// Business impact: low, medium or high.
    #[arg(long)]
    pub impact: Option<String>,
    /// A tier (1-3) that overrides the computed one; needs --tier-reason.
    #[arg(long, conflicts_with = "no_tier_override")]
    pub tier_override: Option<u8>,
    #[arg(long)]
    pub tier_reason: Option<String>,
    #[arg(long)]
    pub no_tier_override: bool,
    /// proposed, in_review, approved, approved_with_conditions, rejected or offboarded.
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub owner: Option<String>,
    /// Date the DPA was signed (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub dpa_signed: Option<String>,
    /// Contract renewal date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub renewal: Option<String>,
    /// Review cycle in months (1-60).
    #[arg(long, value_name = "MONTHS")]
    pub review_cycle: Option<u32>,
    /// Date of the last review (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub last_review: Option<String>,
    #[arg(long)]
    pub website: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum SortArg {
    Name,
    Status,
    Tier,
    NextReview,
    Updated,
}

impl From<SortArg> for SortKey {
    fn from(s: SortArg) -> SortKey {
        match s {
            SortArg::Name => SortKey::Name,
            SortArg::Status => SortKey::Status,
            SortArg::Tier => SortKey::Tier,
            SortArg::NextReview => SortKey::NextReview,
            SortArg::Updated => SortKey::UpdatedAt,
        }
    }
}

fn parse_status(raw: &str) -> Result<Status, String> {
    Status::parse(raw)
}

fn parse_verdict(raw: &str) -> Result<Verdict, String> {
    serde_json::from_value(serde_json::Value::String(raw.trim().to_lowercase()))
        .map_err(|_| format!("'{raw}' is not a verdict (meets, conditional, fails, insufficient)"))
}

fn parse_tier(raw: &str) -> Result<Tier, String> {
    raw.parse::<u8>().map_err(|_| format!("'{raw}' is not a tier (1, 2 or 3)")).and_then(Tier::new)
}

#[derive(Subcommand)]
pub enum TeamCommand {
    /// Make the team register's schema and its three roles (administrator, editor, viewer). Run
    /// once, by a login that may create roles; it becomes an administrator.
    Init,
    /// Give a database login a role in this register (any other it had is taken back).
    Grant {
        login: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// Take every role in this register from a database login.
    Revoke { login: String },
    /// Copy a register file (its vendors, history, evidence files, everything) into this team
    /// register, which must be empty; the copy is verified before it is kept.
    Push {
        /// The register file to copy.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The logins with a role in this register.
    Members {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    Admin,
    Editor,
    Viewer,
}
