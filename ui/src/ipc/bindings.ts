// Generated from the Rust types of vetted-core by `cargo test -p vetted-core generated`.
// Do not edit: change the Rust type and run with VETTED_UPDATE_GENERATED=1.

export type Status = "proposed" | "in_review" | "approved" | "approved_with_conditions" | "rejected" | "offboarded";

export type TransferMechanism = "no_transfer" | "adequacy" | "eu_us_dpf" | "sccs" | "bcrs" | "none";

export type Level = "low" | "medium" | "high";

export type Tier = 1 | 2 | 3;

export type VendorDraft = { name: string, 
/**
 * Services of this vendor that we use (e.g. "Dialogflow CX, europe-west3").
 */
services: Array<string>, 
/**
 * The vendors this one is a sub-processor of, each link with its own purpose, data and places.
 */
serves: Array<LinkDraft>, purpose: string, data_categories: Array<string>, data_subjects: Array<string>, 
/**
 * ISO 3166-1 alpha-2 codes of the processing countries.
 */
countries: Array<string>, transfer_mechanism: string, data_sensitivity: string, business_impact: string, 
/**
 * A tier chosen by a person instead of the computed one; needs a reason.
 */
tier_override: number | null, tier_override_reason: string, status: string, owner: string, 
/**
 * Dates as YYYY-MM-DD.
 */
dpa_signed: string, contract_renewal: string, review_cycle_months: number | null, last_review: string, website: string, notes: string, 
/**
 * The vendor's `version` the edit started from: a save is refused as a conflict when the
 * vendor was changed since (by a colleague, another window). None: saved whatever changed.
 */
based_on?: number, };

export type LinkDraft = { client_id: number, 
/**
 * What it does for that client ("hosts the call recordings").
 */
purpose: string, 
/**
 * The data of that client it processes.
 */
data_categories: Array<string>, 
/**
 * Where it processes them for that client, as the client says it ("Frankfurt", "eu-west-1").
 */
locations: Array<string>, };

export type Link = { vendor_id: number, vendor_name: string, client_id: number, client_name: string, purpose: string, data_categories: Array<string>, locations: Array<string>, };

export type ChainStep = { depth: number, link: Link, };

export type Vendor = { id: number, name: string, services: Array<string>, 
/**
 * The vendors it is a sub-processor of, by the client's name.
 */
serves: Array<Link>, 
/**
 * Its own sub-processors: the vendors that serve it, by name.
 */
sub_processors: Array<Link>, purpose: string, data_categories: Array<string>, 
/**
 * True when a data category is a GDPR Art. 9 / Art. 10 special category.
 */
special_categories: boolean, data_subjects: Array<string>, countries: Array<string>, transfer_mechanism: TransferMechanism | null, data_sensitivity: Level | null, business_impact: Level | null, 
/**
 * The tier sensitivity and impact imply.
 */
computed_tier: Tier | null, tier_override: Tier | null, tier_override_reason: string | null, 
/**
 * The tier in force: the override if any, else the computed tier.
 */
tier: Tier | null, status: Status, owner: string, dpa_signed: string | null, contract_renewal: string | null, review_cycle_months: number | null, last_review: string | null, next_review: string | null, website: string | null, notes: string, 
/**
 * RFC 3339 UTC timestamps.
 */
created_at: string, updated_at: string, 
/**
 * The newest history entry of this vendor (0 before any): changes with every change of it,
 * so an edit started from it can tell it is stale (`VendorDraft::based_on`).
 */
version: number, };

export type VendorSummary = { id: number, name: string, services: Array<string>, 
/**
 * The vendors it is a sub-processor of, by name.
 */
serves: Array<VendorRef>, status: Status, tier: Tier | null, countries: Array<string>, owner: string, next_review: string | null, updated_at: string, 
/**
 * The verdict of the latest saved assessment; absent when never assessed.
 */
verdict: Verdict | null, 
/**
 * Conditions open or in progress.
 */
open_conditions: number, };

export type ListQuery = { 
/**
 * Matched against name, purpose and services, ignoring case.
 */
search: string, 
/**
 * Only this status; when absent, every status but offboarded (unless `include_archived`).
 */
status: Status | null, tier: Tier | null, 
/**
 * ISO 3166-1 alpha-2 code of a processing country.
 */
country: string | null, 
/**
 * Only the sub-processors of this vendor (those with a link to it).
 */
client_id: number | null, 
/**
 * Only vendors whose latest saved assessment has this verdict.
 */
verdict: Verdict | null, 
/**
 * Only vendors with open conditions, or with conditions open past their due date.
 */
conditions: ConditionFilter | null, 
/**
 * The day "overdue" is told on; the register fills it in when absent.
 */
today: string | null, include_archived: boolean, sort: SortKey, descending: boolean, offset: number, 
/**
 * At most this many rows (capped at 1,000; 0 means 100).
 */
limit: number, };

export type SortKey = "name" | "status" | "tier" | "next_review" | "updated_at" | "relevance";

export type ListPage = { total: number, offset: number, rows: Array<VendorSummary>, };

export type Facets = { countries: Array<string>, clients: Array<VendorRef>, };

export type VendorRef = { id: number, name: string, };

export type HistoryAction = "create" | "update" | "archive" | "add_certification" | "add_evidence" | "mute_reminders" | "unmute_reminders" | "import_questionnaire" | "accept_risk" | "assess" | "save_mapping" | "save_baseline" | "use_baseline" | "publish" | "record_assessments" | "seal_record" | "import_list" | "undo_import" | "approve" | "add_condition" | "update_condition" | "read_document" | "update_duty";

export type HistoryEntry = { id: number, 
/**
 * Absent for a change to the register as a whole (a mapping, a baseline, a tier's baseline).
 */
vendor_id: number | null, 
/**
 * Empty for a change to the register as a whole.
 */
vendor_name: string, 
/**
 * RFC 3339, UTC.
 */
at: string, 
/**
 * The OS user who made the change.
 */
actor: string, action: HistoryAction, field: string | null, before: string | null, after: string | null, };

export type Country = { code: string, name_en: string, name_de: string, };

export type FieldError = { 
/**
 * The input field, as named in `VendorDraft` (e.g. `countries`).
 */
field: string, 
/**
 * A stable machine code (e.g. `unknown_country`), for translations and tests.
 */
code: string, 
/**
 * An English sentence for people, naming the bad value.
 */
message: string, 
/**
 * The value refused, when there is one to show beside the field (a country code typed).
 */
value: string | null, };

export type ErrorCode = "invalid_input" | "not_found" | "conflict" | "busy" | "not_permitted" | "register_unreachable" | "sign_in_refused" | "register_read_only" | "database" | "migration" | "io" | "corrupt_data" | "register_damaged" | "history_tampered" | "cancelled" | "file_not_found" | "file_empty" | "file_too_large" | "encrypted_workbook" | "format_mismatch" | "unsupported_format" | "unreadable_file" | "zip_bomb" | "too_many_rows" | "too_many_cells" | "cell_too_large" | "no_question_table" | "no_such_sheet";

export type Unreached = "no_answer" | "refused" | "unknown_host" | "tls" | "connection_lost" | "server_starting" | "statement_timeout" | "other";

export type ErrorDetails = { 
/**
 * For `invalid_input`: which fields were refused and why; empty otherwise.
 */
fields: Array<FieldError>, 
/**
 * Named values (`name`, `size`, `max`, `sheet`, ...); empty when there are none.
 */
values: { [key in string]: string }, };

export type ErrorDto = { code: ErrorCode, message: string, details: ErrorDetails, };

export type Vocabulary = { statuses: Array<Status>, transfer_mechanisms: Array<TransferMechanism>, levels: Array<Level>, common_data_categories: Array<string>, special_data_categories: Array<string>, common_data_subjects: Array<string>, countries: Array<Country>, };

export type DraftCheck = { errors: Array<FieldError>, 
/**
 * The tier sensitivity and impact imply, when both are valid.
 */
computed_tier: Tier | null, 
/**
 * The last review plus the cycle, when both are valid.
 */
next_review: string | null, };

export type AppInfo = { version: string, 
/**
 * The register file the app has open.
 */
db_path: string, 
/**
 * The OS locale's language (`de`, `en`, ...): the UI's default language.
 */
os_language: string, 
/**
 * The folder the next start opens its register in, and why that one.
 */
next_folder: string, folder_source: FolderSource, 
/**
 * The team register open (its server and database), if the app has one open.
 */
team: string | null, 
/**
 * The team register the next start opens (as chosen in Settings or named by `VETTED_DB_URL`).
 */
next_team: string | null, 
/**
 * Why the team register was not opened at start (this computer's register was opened instead).
 */
team_unreachable: ErrorDto | null, };

export type TeamCheck = { 
/**
 * Its server and database, as they may be shown.
 */
location: string, 
/**
 * The login Vetted is known by there (who its changes will be by).
 */
login: string, vendors: number, };

export type FolderSource = "default" | "chosen" | "environment";

export type CertKind = "soc2_type1" | "soc2_type2" | "soc3" | "soc1" | "bridge_letter" | "iso27001_2022" | "iso27001_2013" | "iso27017" | "iso27018" | "iso27701" | "pci_dss_aoc" | "hitrust_r2" | "hitrust_i1" | "csa_star_l1" | "csa_star_l2_attestation" | "csa_star_l2_certification" | "bsi_c5_type1" | "bsi_c5_type2" | "tisax" | "fedramp" | "hipaa_attestation" | "pen_test" | "other";

export type CertStatus = "current" | "expiring" | "lapsed" | "superseded" | "unverified";

export type EvidenceLevel = "attestation" | "point_in_time" | "bridge" | "self_assessment";

export type Opinion = "unqualified" | "qualified" | "adverse" | "disclaimer";

export type TrustCriterion = "security" | "availability" | "processing_integrity" | "confidentiality" | "privacy";

export type CertDraft = { kind: string, 
/**
 * Auditor or certification body.
 */
issuer: string, certificate_number: string, scope: string, 
/**
 * Which of the vendor's services the record covers; empty: it does not say (the whole vendor).
 */
services: Array<string>, 
/**
 * Trust Services Criteria covered (SOC 2, C5).
 */
tsc: Array<string>, period_start: string, period_end: string, as_of: string, issued: string, expires: string, opinion: string, 
/**
 * Exceptions the auditor noted, with the criteria they affect.
 */
exceptions: string, };

export type Certification = { id: number, vendor_id: number, vendor_name: string, kind: CertKind, kind_label: string, issuer: string, certificate_number: string, scope: string, 
/**
 * The vendor's services the record covers; empty: the whole vendor.
 */
services: Array<string>, tsc: Array<TrustCriterion>, period_start: string | null, period_end: string | null, as_of: string | null, issued: string | null, expires: string | null, opinion: Opinion | null, exceptions: string, evidence: EvidenceLevel, 
/**
 * False for reports that are not about security (SOC 1).
 */
security_report: boolean, 
/**
 * The last day the record counts as current; absent when its dates do not say.
 */
current_until: string | null, status: CertStatus, 
/**
 * The day `status` speaks of.
 */
as_of_date: string, created_at: string, evidence_files: Array<EvidenceFile>, 
/**
 * A user asked not to be reminded about this record.
 */
reminders_muted: boolean, 
/**
 * Facts were read from one of its evidence PDFs and kept with it.
 */
read_from_document: boolean, 
/**
 * The subservice organisations its report carves out.
 */
carve_outs: Array<CarveOut>, 
/**
 * The duties its report leaves to the customer (complementary user entity controls).
 */
duties: Array<Duty>, };

export type ReviewDue = { vendor: VendorRef, due: string, };

export type TieredVendor = { vendor: VendorRef, tier: Tier | null, };

export type Dashboard = { as_of_date: string, 
/**
 * Records that stop being current within 30 days, then within 31-60, then 61-90 days.
 */
within_30: Array<Certification>, within_60: Array<Certification>, within_90: Array<Certification>, 
/**
 * Lapsed records no newer record replaces, most recently lapsed first.
 */
lapsed: Array<Certification>, 
/**
 * Active vendors with no current independent security attestation, the most critical tier
 * first (untiered last), then by name.
 */
unattested: Array<TieredVendor>, 
/**
 * Every record not replaced by a newer one, by vendor name then start: the timeline chart.
 */
timeline: Array<Certification>, 
/**
 * Active vendors whose review is overdue (the next review before today), longest overdue first.
 */
overdue_reviews: Array<ReviewDue>, 
/**
 * Active vendors whose contract renews within 90 days or whose renewal date has passed, soonest first.
 */
contract_renewals: Array<ReviewDue>, 
/**
 * Active vendors with no date of a signed data processing agreement (GDPR Art. 28), by name.
 */
without_dpa: Array<VendorRef>, 
/**
 * Conditions of approvals open past their due date, longest overdue first.
 */
overdue_conditions: Array<Condition>, 
/**
 * Conditions still open (overdue or not).
 */
open_conditions: number, };

export type Assurance = { vendor_id: number, 
/**
 * The service; absent: the vendor as a whole.
 */
service: string | null, 
/**
 * The last day it is covered; absent: no record covers it.
 */
assured_through: string | null, 
/**
 * The record that gives (for the whole vendor: that limits) the date.
 */
by: number | null, by_label: string | null, };

export type EvidenceFile = { id: number, certification_id: number, original_name: string, size: number, media_type: string, sha256: string, added_at: string, added_by: string, };

export type Format = "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "csv";

export type Answer = "yes" | "no" | "partial" | "na" | "unknown";

export type ImportedAnswer = { 
/**
 * Where the answer is, e.g. `CAIQv4.0.3!C12`.
 */
cell: string, sheet: string, 
/**
 * 1-based, as the spreadsheet shows it.
 */
row: number, question_id: string | null, question: string, answer: Answer, 
/**
 * The answer as written (for marks: the marked column's header).
 */
original: string, comment: string, control: string | null, domain: string | null, };

export type SkippedRow = { sheet: string, 
/**
 * 1-based.
 */
row: number, 
/**
 * The reason in English, as the register keeps it with the version.
 */
reason: string, 
/**
 * The reason as a code and its values, for the UI to word (absent on rows read back from
 * the register).
 */
why?: SkipReason, };

export type SkipReason = { "code": "id_formula_error", value: string, } | { "code": "question_formula_error", value: string, } | { "code": "no_question_text", id: string, } | { "code": "section_title", text: string, } | { "code": "duplicate", id: string | null, first_row: number, } | { "code": "repeated", id: string | null, sheet: string, };

export type ColumnRole = { sheet: string, role: Role, 
/**
 * The column letter, e.g. `C`.
 */
column: string, 
/**
 * Its header text, when it has one.
 */
header: string | null, 
/**
 * What chose it: the template's profile, a header word, or its cells' content.
 */
basis: ColumnBasis, };

export type ColumnBasis = "template" | "header_word" | "content";

export type SheetUse = { sheet: string, 
/**
 * 1-based header row; absent when the profile names columns by letter only.
 */
header_row: number | null, first_row: number, last_row: number, questions: number, 
/**
 * The sheet's columns with their header text: what the mapping screen offers.
 */
headers: Array<HeaderCell>, };

export type HeaderCell = { column: string, text: string, };

export type AnswerCounts = { yes: number, no: number, partial: number, na: number, unknown: number, };

export type Preview = { file_name: string, sha256: string, size: number, format: Format, 
/**
 * The profile's id, e.g. `caiq-v4`; for a guessed layout `custom-...`.
 */
template: string, template_name: string, 
/**
 * E.g. "4.0.3", when the file says.
 */
template_version: string | null, 
/**
 * E.g. "Full", when the file says.
 */
variant: string | null, 
/**
 * True when no profile recognised the file and the columns are a best guess.
 */
guessed: boolean, 
/**
 * The profile applied: what the mapping screen edits and what is saved for next time.
 */
profile: MappingProfile, sheets: Array<SheetUse>, columns: Array<ColumnRole>, questions: number, answers: AnswerCounts, rows: Array<ImportedAnswer>, skipped_rows: Array<SkippedRow>, 
/**
 * For Vetted's own questionnaire: the baseline, version, language and tier it was made from.
 */
made_from: OwnQuestionnaire | null, };

export type PreviewPage = { 
/**
 * Names this preview when saving it.
 */
token: number, template_label: string, 
/**
 * The preview, its `rows` cut to the first `shown` rows.
 */
preview: Preview, shown: number, };

export type OwnQuestionnaire = { baseline: string, version: number, lang: string, tier: number, };

export type QuestionnaireRequest = { baseline: string | null, tier: number | null, lang: Lang, vendor_id: number | null, };

export type MadeQuestionnaire = { made_from: OwnQuestionnaire, baseline_name: Localized, questions: number, bytes: number, };

export type DocumentKind = "soc2_type1" | "soc2_type2" | "soc3" | "soc1" | "attestation_status" | "bridge_letter" | "bsi_c5" | "isae3000" | "iso27001_2013" | "iso27001_2022" | "iso27017" | "iso27018" | "iso27701" | "csa_star_certification" | "csa_star_registry" | "pci_dss_aoc" | "other" | "image_only";

export type SubserviceMethod = "carve_out" | "inclusive";

export type Subservice = { 
/**
 * Absent when the report says "multiple subservice organizations" without naming them.
 */
name: string | null, 
/**
 * What it does for the vendor, as the report says ("cloud hosting services").
 */
service: string | null, method: SubserviceMethod | null, 
/**
 * The criteria the report leaves to it (its complementary subservice organisation
 * controls: "CC6.4"), where the report lists them.
 */
criteria: Array<string>, };

export type TestException = { 
/**
 * The criterion (or control) the test was for: "CC6.2", "IDM-08"; absent when the row names none.
 */
criterion: string | null, 
/**
 * The result as printed ("Exception noted. For 2 of 25 sampled ...").
 */
text: string, };

export type Exceptions = { 
/**
 * Test results found ("No exceptions noted." counts as one).
 */
tests: number, 
/**
 * Exceptions noted.
 */
count: number, 
/**
 * The criteria with an exception, in the order of the report.
 */
criteria: Array<string>, noted: Array<Fact<TestException>>, };

export type Fact<T> = { value: T, 
/**
 * 1-based page.
 */
page: number, 
/**
 * The words it was read from, as printed.
 */
quote: string, 
/**
 * Read with doubt: to be checked by a person.
 */
review?: boolean, };

export type Reading = { kind: Fact<DocumentKind>, 
/**
 * For `other`: what the document calls itself ("ISO 9001:2015").
 */
other: string | null, pages: number, 
/**
 * Pages with text.
 */
text_pages: number, organisation: Fact<string> | null, auditor: Fact<string> | null, period_start: Fact<string> | null, period_end: Fact<string> | null, as_of: Fact<string> | null, issued: Fact<string> | null, expires: Fact<string> | null, certificate_number: Fact<string> | null, opinion: Fact<Opinion> | null, 
/**
 * Trust services categories in scope (security, availability, processing_integrity, confidentiality, privacy).
 */
categories: Fact<Array<string>> | null, 
/**
 * The subservice organisations the report names, and whether they are carved out.
 */
subservice_organisations: Array<Fact<Subservice>>, 
/**
 * The complementary user entity controls: the duties the report leaves to the customer.
 */
cuecs: Array<Fact<string>>, 
/**
 * The results of the tests of controls (a Type 2 report; absent where a report has none).
 */
exceptions: Fact<Exceptions> | null, 
/**
 * The certification record these facts propose, for the user to confirm or correct (none
 * for a document with no text).
 */
proposed: CertDraft | null, 
/**
 * The facts this kind of document states that were not found in its text.
 */
missing: Array<string>, 
/**
 * The text was recognised in page images (OCR), not read from the PDF's text: every fact is
 * to be checked.
 */
ocr: boolean, 
/**
 * For a document with no text (`image_only`): what was read from the words recognised in
 * its page images, when text recognition is installed; every fact marked for review.
 */
recognised?: Reading, };

export type CarveOut = { organisation: string, 
/**
 * What it does for the vendor, as the report says.
 */
service: string | null, 
/**
 * The criteria the report leaves to it ("CC6.4"); empty when the report does not list them.
 */
criteria: Array<string>, 
/**
 * The report's page that names it.
 */
page: number, };

export type DutyState = "open" | "in_place" | "not_applicable";

export type Duty = { id: number, certification_id: number, 
/**
 * The report's words.
 */
text: string, page: number, state: DutyState, note: string, };

export type ConditionState = "open" | "in_progress" | "met" | "waived";

export type MetBy = { "kind": "certification", id: number, } | { "kind": "questionnaire", id: number, };

export type Condition = { id: number, vendor_id: number, vendor_name: string, 
/**
 * The baseline control it is about, if any (`BL-07`).
 */
control_id: string | null, title: string, owner: string, due: string | null, state: ConditionState, met_by: MetBy | null, note: string, created_at: string, created_by: string, closed_at: string | null, closed_by: string | null, };

export type ConditionDraft = { control_id: string | null, title: string, owner: string, 
/**
 * YYYY-MM-DD.
 */
due: string | null, note: string, };

export type ConditionChange = { title: string | null, owner: string | null, 
/**
 * YYYY-MM-DD; an empty text clears the date.
 */
due: string | null, state: ConditionState | null, met_by: MetBy | null, note: string | null, };

export type ApprovalDraft = { 
/**
 * `approved` or `approved_with_conditions`.
 */
status: Status, 
/**
 * Why, when the verdict is not "meets" (required then).
 */
justification: string, };

export type Approval = { id: number, vendor_id: number, status: Status, 
/**
 * The verdict the vendor had when it was approved.
 */
verdict: Verdict, baseline_id: string, baseline_version: number, 
/**
 * The assessment snapshot the approval rests on.
 */
assessment_id: number | null, justification: string, 
/**
 * Conditions still open when it was approved.
 */
open_conditions: number, approved_at: string, approved_by: string, };

export type ConditionUpdated = { condition: Condition, offer_approved: boolean, };

export type ConditionFilter = "open" | "overdue";

export type ImportProgress = { 
/**
 * The import this is about: what `import_cancel` takes.
 */
token: number, done: number, total: number, };

export type ChangeKind = "changed" | "reworded" | "added" | "removed";

export type ListField = "name" | "services" | "purpose" | "data_categories" | "data_subjects" | "countries" | "transfer_mechanism" | "website" | "notes" | "status" | "client";

export type ListRow = { 
/**
 * 1-based row (spreadsheets) or item number (JSON).
 */
row: number, draft: VendorDraft, 
/**
 * What was read loosely: locations that are not countries, transfer and status texts not
 * understood. Kept with the vendor's notes, in the words of the language it is imported in.
 */
notes: Array<ListNote>, 
/**
 * Why the row will not be added; absent when it will.
 */
skip: ListSkip | null, 
/**
 * In a chain: the link the row names.
 */
serves?: ChainLink | null, };

export type ListPreview = { file_name: string, mapping: { [key in ListField]?: string }, 
/**
 * Source columns no field uses.
 */
unused: Array<string>, rows: Array<ListRow>, 
/**
 * Vendors it adds (in a chain: companies and sub-processors).
 */
to_add: number, 
/**
 * Present when the list is a chain (it has a column of the companies served).
 */
chain?: ChainPlan | null, };

export type ListSkip = { "code": "no_name" } | { "code": "already_listed", name: string, } | { "code": "invalid", field: string, reason: string, value: string | null, } | { "code": "link_listed", vendor: string, client: string, };

export type ChainLink = { client: string, purpose: string, data_categories: Array<string>, locations: Array<string>, 
/**
 * The register has this link already: the row adds nothing.
 */
known: boolean, };

export type ChainPlan = { 
/**
 * Each new vendor with the row it is read from (a company named only as a client has the
 * row that first names it).
 */
new_vendors: Array<ChainVendor>, new_links: number, 
/**
 * Links the register has already.
 */
known_links: number, 
/**
 * Companies and sub-processors the file names, each once.
 */
companies: number, sub_processors: number, };

export type ChainVendor = { row: number, 
/**
 * True for a company the file names only as a client (its draft holds just the name).
 */
client_only: boolean, draft: VendorDraft, };

export type ListNote = { "code": "location", value: string, } | { "code": "transfer", value: string, } | { "code": "status", value: string, };

export type ListImport = { 
/**
 * The history entry that recorded it.
 */
id: number, file_name: string, at: string, by: string, vendors: Array<number>, 
/**
 * Links of the chain it added to vendors (new or already there), as (vendor, client).
 */
links: Array<[number, number]>, undone: boolean, };

export type AnswerChange = { kind: ChangeKind, question_id: string | null, question: string, before: Answer | null, after: Answer | null, before_text: string | null, after_text: string | null, };

export type MappingProfile = { 
/**
 * Stable id, e.g. `caiq-v4`.
 */
id: string, 
/**
 * For people, e.g. "CSA CAIQ v4.0.x".
 */
name: string, detect: Detect, 
/**
 * A regular expression with one group capturing the template's version, looked for in
 * sheet names, then in the cells of each sheet's first five rows.
 */
version_pattern: string | null, 
/**
 * A regular expression with one group capturing the variant (Full, Lite, ...), in sheet names.
 */
variant_pattern: string | null, 
/**
 * Sheets holding questions: names matching this regular expression (all when absent).
 */
sheets: string | null, 
/**
 * Read hidden sheets too (scoring and lookup sheets are hidden; leave this off).
 */
include_hidden: boolean, 
/**
 * The header row is looked for in this many rows from the top of each sheet.
 */
header_search_rows: number, 
/**
 * Rows under the header row that still belong to it (sub-headers such as Yes / No / N/A).
 */
header_extra_rows: number, columns: Columns, marks: Marks | null, 
/**
 * Rows are questions when their id matches this regular expression; without it, when
 * their question cell holds text.
 */
id_pattern: string | null, 
/**
 * Roles whose value carries down to the rows below until the next value (merged cells).
 */
carry_down: Array<Role>, };

export type ColumnSpec = { "header": Array<string> } | { "column": string };

export type Columns = { id: ColumnSpec | null, question: ColumnSpec | null, 
/**
 * One answer column (a dropdown or free text). Absent when answers are marks.
 */
answer: ColumnSpec | null, 
/**
 * The vendor's comment or implementation description.
 */
comment: ColumnSpec | null, control: ColumnSpec | null, domain: ColumnSpec | null, 
/**
 * Where the vendor names its evidence (a document, a link, a page); kept with the comment.
 */
evidence: ColumnSpec | null, };

export type Marks = { yes: ColumnSpec, no: ColumnSpec, na: ColumnSpec | null, partial: ColumnSpec | null, };

export type Detect = { sheet: string | null, texts: Array<string>, };

export type Role = "id" | "question" | "answer" | "comment" | "control" | "domain" | "mark_yes" | "mark_no" | "mark_na" | "mark_partial" | "evidence";

export type QuestionnaireVersion = { id: number, vendor_id: number, version: number, file_name: string, sha256: string, size: number, format: string, template: string, template_name: string, template_version: string | null, variant: string | null, importer_version: string, imported_at: string, imported_by: string, questions: number, };

export type ValidityRules = { 
/**
 * A record is "expiring" this many days or fewer before it lapses.
 */
warning_days: number, 
/**
 * A bridge letter extends the report it bridges by at most this many months.
 */
bridge_extension_months: number, kinds: Array<KindRule>, };

export type KindRule = { kind: CertKind, label: string, 
/**
 * What a record of this kind proves.
 */
attests: string, anchor: Anchor, 
/**
 * Months the record stays current after its anchor date; absent: only a printed expiry counts.
 */
months: number | null, evidence: EvidenceLevel, 
/**
 * False for reports that are not about security (SOC 1 covers financial reporting).
 */
security_report: boolean, 
/**
 * A bridge letter can extend a record of this kind.
 */
bridgeable: boolean, 
/**
 * The kind is invalid after this date whatever the record says (ISO/IEC 27001:2013).
 */
not_after: string | null, note: string, 
/**
 * The note in German; empty: the English one is shown.
 */
note_de: string, };

export type Anchor = "period_end" | "as_of" | "issued";

export type Localized = { en: string, de: string, };

export type Strength = "self_declared" | "documented" | "limited" | "independent";

export type TierStrengths = { tier_1: Strength, tier_2: Strength, tier_3: Strength, };

export type QuestionRule = { 
/**
 * The mapping profile's id, e.g. `caiq-v4`.
 */
template: string, 
/**
 * Question ids as the template prints them, e.g. `IAM-14.1`.
 */
ids: Array<string>, };

export type CertRule = { 
/**
 * Kinds of record that can support the control.
 */
kinds: Array<CertKind>, 
/**
 * Trust Services Criteria that must be in the report's scope (SOC 2).
 */
tsc: Array<TrustCriterion>, 
/**
 * The criteria or Annex A controls that cover the control (`CC6.1`, `8.7`): an auditor's
 * exception naming one of them weakens the evidence.
 */
criteria: Array<string>, 
/**
 * The record proves the control only in part (e.g. a frequency the report need not show).
 */
partial: boolean, 
/**
 * Why, for people (English).
 */
note: string, 
/**
 * Why, in German; empty: the English note is shown.
 */
note_de: string, };

export type Control = { 
/**
 * Stable within the baseline, e.g. `BL-07`.
 */
id: string, title: Localized, description: Localized, 
/**
 * E.g. "Access control".
 */
domain: string, 
/**
 * A mandatory control not met, or unknown, fails the vendor.
 */
mandatory: boolean, 
/**
 * The control's share of the coverage percentage, 1-100.
 */
weight: number, 
/**
 * The weakest evidence each tier accepts before the verdict becomes conditional.
 */
evidence_needed: TierStrengths, 
/**
 * Questions that answer the control, per template.
 */
questions: Array<QuestionRule>, 
/**
 * For questionnaires of other templates (home-made sheets): a question answers the control
 * when its text contains one word of every list, case-insensitive, at the start of a word;
 * a word written with a leading `*` is found inside a word too, as the last part of a German
 * compound (`*richtlinie` finds "Sicherheitsrichtlinien", `*lösch` finds "gelöscht").
 */
keywords: Array<Array<string>>, certifications: Array<CertRule>, 
/**
 * The questions Vetted's own questionnaire asks for this control, in German and English.
 * Their answers map to the control by id: no keywords, no guessing.
 */
ask?: Array<AskedQuestion>, };

export type AskedQuestion = { 
/**
 * Stable across versions of the baseline, unique in it, with a digit and no spaces
 * (`BL-07.2`): what a filled-in questionnaire is matched by.
 */
id: string, text: Localized, };

export type Baseline = { 
/**
 * Stable, lower-case letters, digits and dashes, e.g. `minimum-sub-processors`.
 */
id: string, 
/**
 * Raised at every change; an assessment names the version it used.
 */
version: number, name: Localized, description: Localized, controls: Array<Control>, };

export type Verdict = "meets" | "conditional" | "fails" | "insufficient";

export type ControlStatus = "met" | "partially_met" | "not_met" | "not_applicable" | "unknown";

export type Weakness = { "code": "dates_unverified" } | { "code": "criteria_unstated", criteria: Array<TrustCriterion>, } | { "code": "qualified_opinion" } | { "code": "exceptions", criteria: Array<string>, } | { "code": "services_not_covered", services: Array<string>, } | { "code": "bridge_only" } | { "code": "carved_out", organisation: string, criteria: Array<string>, };

export type CitedAnswer = { question_id: string | null, 
/**
 * As the vendor wrote it; empty when the vendor gave no answer.
 */
said: string, cell: string, };

export type Source = { "source": "certification", certification_id: number, kind: CertKind, 
/**
 * The trust services criteria the control asks of it and it has in scope.
 */
criteria: Array<TrustCriterion>, 
/**
 * The last day the record counts as current; absent when its dates do not say.
 */
current_until: string | null, 
/**
 * What makes it weaker evidence than its kind would be.
 */
weakened: Array<Weakness>, 
/**
 * The baseline's note when the record meets the control only in part (the baseline's words).
 */
partly: string | null, 
/**
 * The same note in German, when the baseline has it.
 */
partly_de?: string, } | { "source": "questionnaire", questionnaire_id: number, 
/**
 * The template as cited, e.g. "CAIQ".
 */
template: string, answers: Array<CitedAnswer>, };

export type Missing = { "code": "full_evidence" } | { "code": "not_in_place" } | { "code": "certification" } | { "code": "answer_or_certification" } | { "code": "stronger_evidence", tier: Tier | null, needed: Strength, has: Strength, } | { "code": "newer_report" } | { "code": "recorded", text: string, };

export type Evidence = { strength: Strength, status: ControlStatus, 
/**
 * The record stops being current within the warning window.
 */
expiring: boolean, 
/**
 * The English words a snapshot saved before Vetted kept facts (its `summary`): shown as they
 * were recorded. Absent from every new assessment.
 */
summary?: string, } & ({ "source": "certification", certification_id: number, kind: CertKind, 
/**
 * The trust services criteria the control asks of it and it has in scope.
 */
criteria: Array<TrustCriterion>, 
/**
 * The last day the record counts as current; absent when its dates do not say.
 */
current_until: string | null, 
/**
 * What makes it weaker evidence than its kind would be.
 */
weakened: Array<Weakness>, 
/**
 * The baseline's note when the record meets the control only in part (the baseline's words).
 */
partly: string | null, 
/**
 * The same note in German, when the baseline has it.
 */
partly_de?: string, } | { "source": "questionnaire", questionnaire_id: number, 
/**
 * The template as cited, e.g. "CAIQ".
 */
template: string, answers: Array<CitedAnswer>, });

export type RiskAcceptance = { id: number, vendor_id: number, baseline_id: string, control_id: string, reason: string, 
/**
 * Who accepted the risk (a person or a body, e.g. "CISO").
 */
accepted_by: string, 
/**
 * The last day the acceptance holds; it lapses by itself after it.
 */
until: string, recorded_at: string, recorded_by: string, };

export type ReasonCode = "mandatory_not_met" | "mandatory_unknown" | "partially_met" | "weak_evidence" | "expiring_evidence" | "accepted_risk" | "no_evidence";

export type Reason = { code: ReasonCode, control_id: string | null, };

export type ControlResult = { id: string, title: string, title_de: string, domain: string, mandatory: boolean, weight: number, status: ControlStatus, 
/**
 * The strength of the evidence the status rests on; absent when nothing speaks to it.
 */
strength: Strength | null, 
/**
 * What the vendor's tier needs.
 */
needed: Strength, 
/**
 * Every piece of evidence found, the one the status rests on first.
 */
evidence: Array<Evidence>, 
/**
 * What would be needed to meet the control fully.
 */
missing: Array<Missing>, 
/**
 * An accepted risk in force on the day.
 */
accepted: RiskAcceptance | null, 
/**
 * The status rests on a record that lapses within the warning window, and no other
 * evidence strong enough for the tier would carry it.
 */
expiring: boolean, };

export type Assessment = { baseline_id: string, baseline_version: number, baseline_name: string, 
/**
 * The baseline's German name (snapshots from before it was kept: empty).
 */
baseline_name_de: string, as_of: string, tier: Tier | null, verdict: Verdict, 
/**
 * Weighted share of the applicable controls met (partial counts half), 0-100, one decimal.
 * It stands beside the verdict and never changes it.
 */
coverage: number, reasons: Array<Reason>, controls: Array<ControlResult>, };

export type BaselineSummary = { id: string, version: number, name: string, 
/**
 * The German name (the English one when the baseline has none).
 */
name_de: string, 
/**
 * Absent for the baseline shipped with Vetted that nobody has edited.
 */
saved_at: string | null, saved_by: string | null, 
/**
 * The tiers held to it (0: every tier without a baseline of its own).
 */
used_for: Array<number>, };

export type AcceptanceDraft = { baseline_id: string, control_id: string, reason: string, accepted_by: string, 
/**
 * YYYY-MM-DD.
 */
until: string, };

export type AssessmentSnapshot = { id: number, vendor_id: number, assessed_at: string, assessed_by: string, assessment: Assessment, };

export type Scored = { vendor: VendorRef, assessment: Assessment, 
/**
 * A snapshot was written (false for what-ifs and for results unchanged since the last one).
 */
saved: boolean, };

export type Refreshed = { scored: number, saved: number, };

export type Lang = "en" | "de";

export type ExportFormat = "pdf" | "xlsx" | "csv" | "json";

export type Published = { 
/**
 * The published version the file holds.
 */
version: number, 
/**
 * A new version was published (false: the list is unchanged since `version`).
 */
new: boolean, entries: number, bytes: number, };

export type RegisterCert = { kind: CertKind, 
/**
 * For people: "SOC 2 Type II".
 */
label: string, scope: string, 
/**
 * The last day the record counts as current; absent when its dates do not say.
 */
current_until: string | null, status: CertStatus, };

export type RegisterEntry = { vendor_id: number, 
/**
 * The legal entity.
 */
entity: string, services: Array<string>, purpose: string, data_categories: Array<string>, 
/**
 * ISO 3166-1 alpha-2 codes.
 */
countries: Array<string>, transfer_mechanism: TransferMechanism | null, 
/**
 * The entities this one is a sub-processor of, each with what for and where.
 */
serves: Array<Served>, 
/**
 * The one entity lists published before chains were links named (read, never written).
 */
parent?: string | null, status: Status, 
/**
 * Every record not superseded, current or not.
 */
certifications: Array<RegisterCert>, 
/**
 * The baseline verdict, when the list was asked to include it.
 */
verdict?: Verdict | null, 
/**
 * Conditions of its approval still open (approved with conditions).
 */
open_conditions?: number, };

export type Served = { client: string, purpose: string, locations: Array<string>, };

export type RegisterFilter = { 
/**
 * Only vendors with one of these statuses; empty: every vendor not offboarded.
 */
statuses: Array<Status>, 
/**
 * Include each vendor's baseline verdict.
 */
with_verdict: boolean, };

export type RegisterList = { 
/**
 * 1, 2, 3, ... in the order the versions were published.
 */
version: number, 
/**
 * RFC 3339, UTC.
 */
published_at: string, published_by: string, 
/**
 * The day certifications and verdicts were judged on.
 */
as_of: string, filter: RegisterFilter, entries: Array<RegisterEntry>, };

export type FieldChange = { 
/**
 * `entity`, `services`, `purpose`, `data_categories`, `countries`, `transfer_mechanism`,
 * `serves` (`parent` in notices made before chains were links), `status`, `certifications` or `verdict`.
 */
field: string, before: string, after: string, };

export type EntryChange = { vendor_id: number, entity: string, changes: Array<FieldChange>, };

export type RegisterDiff = { from_version: number, from_published_at: string, to_version: number, to_published_at: string, added: Array<RegisterEntry>, removed: Array<RegisterEntry>, changed: Array<EntryChange>, };

export type RegisterVersion = { version: number, published_at: string, published_by: string, as_of: string, filter: RegisterFilter, entries: number, };
