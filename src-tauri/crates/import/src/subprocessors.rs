//! Importing an existing sub-processor list (CSV, a spreadsheet, or JSON) into the register: each
//! row becomes a vendor draft through a column mapping (guessed from the headers, or given), with
//! free-text locations and transfer mechanisms read where they can be and kept as written. A list
//! of a whole chain (a column for the company a sub-processor serves) becomes vendors and the
//! links between them, each with the row's purpose, data and locations.

use super::profile::{cell_text, header_key};
use super::read::{self, ReadError, ReadLimits};
use crate::domain::country::CountryCode;
pub use crate::domain::vendor::ListNote;
use crate::domain::VendorDraft;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use ts_rs::TS;

/// The register fields a list's columns can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListField {
    Name,
    Services,
    Purpose,
    DataCategories,
    DataSubjects,
    Countries,
    TransferMechanism,
    Website,
    Notes,
    /// Where the vendor stands (approved, proposed, ...); without the column every row is proposed.
    Status,
    /// The company the row's sub-processor serves: with it, the list is a chain of two levels.
    Client,
}

impl ListField {
    pub const ALL: [ListField; 11] = [
        ListField::Name,
        ListField::Services,
        ListField::Purpose,
        ListField::DataCategories,
        ListField::DataSubjects,
        ListField::Countries,
        ListField::TransferMechanism,
        ListField::Website,
        ListField::Notes,
        ListField::Status,
        ListField::Client,
    ];

    /// Header words (normalised: lower case, no spaces, dashes or underscores) that name this field.
    fn words(self) -> &'static [&'static str] {
        match self {
            ListField::Name => &[
                "name",
                "vendor",
                "subprocessor",
                "subprocessorname",
                "processor",
                "entity",
                "company",
                "provider",
                "anbieter",
                "unterauftragsverarbeiter",
                "dienstleister",
                "firma",
            ],
            ListField::Services => &["service", "services", "product", "products", "dienst", "dienste", "leistung"],
            ListField::Purpose => &[
                "purpose",
                "purposeofprocessing",
                "processingpurpose",
                "description",
                "zweck",
                "verarbeitungszweck",
                "taetigkeit",
                "tätigkeit",
            ],
            ListField::DataCategories => {
                &["datacategories", "categoriesofdata", "categoriesofpersonaldata", "personaldata", "data", "datenkategorien", "datenarten"]
            }
            ListField::DataSubjects => &["datasubjects", "categoriesofdatasubjects", "betroffene", "betroffenenkategorien"],
            ListField::Countries => &[
                "location",
                "locations",
                "country",
                "countries",
                "processinglocation",
                "region",
                "land",
                "länder",
                "laender",
                "standort",
                "ort",
            ],
            ListField::TransferMechanism => {
                &["transfermechanism", "transfer", "safeguard", "safeguards", "transferbasis", "garantien", "drittlandtransfer"]
            }
            ListField::Website => &["website", "url", "web", "homepage"],
            ListField::Notes => &["notes", "note", "comment", "comments", "bemerkung", "anmerkungen"],
            ListField::Status => &["status", "approvalstatus", "approval", "state", "freigabe", "freigabestatus", "genehmigung"],
            ListField::Client => &[
                "client",
                "customer",
                "parent",
                "parentcompany",
                "parentvendor",
                "subprocessorof",
                "usedby",
                "servedvendor",
                "auftraggeber",
                "kunde",
                "unterauftragsverarbeitervon",
                "hauptauftragnehmer",
            ],
        }
    }

    /// Words a header may contain (not only be) to name this field: "Service category / What
    /// they do" names the purpose.
    fn contained_words(self) -> &'static [&'static str] {
        match self {
            ListField::Purpose => &["purpose", "whattheydo", "zweck", "tätigkeit", "taetigkeit", "servicecategory", "natureofprocessing"],
            ListField::Client => &["subprocessorof", "usedby", "unterauftragsverarbeitervon"],
            _ => &[],
        }
    }
}

/// Header words of a column that names sub-processors as such; beside a column of companies
/// ("Company", "Vendor"), the list is a chain: the companies are the clients.
const SUB_LEVEL: &[&str] =
    &["subprocessor", "subprocessorname", "subprocessors", "unterauftragsverarbeiter", "subcontractor", "subcontractors"];
/// Header words of a column of the companies a chain's sub-processors serve.
/// ("Entity" or "Name" beside "Sub-processor" is the sub-processor's legal name, not a client.)
const TOP_LEVEL: &[&str] = &["company", "vendor", "processor", "customer", "firma", "auftragsverarbeiter"];

/// Which source column (header text or JSON key) fills which field.
pub type ListMapping = BTreeMap<ListField, String>;

/// A row's link of the chain: the company its sub-processor serves, and what for, which data and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChainLink {
    pub client: String,
    pub purpose: String,
    pub data_categories: Vec<String>,
    pub locations: Vec<String>,
    /// The register has this link already: the row adds nothing.
    pub known: bool,
}

/// What a chain adds: the vendors not in the register yet (companies and sub-processors, each
/// once, a company before the first sub-processor serving it) and how many links are new.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChainPlan {
    /// Each new vendor with the row it is read from (a company named only as a client has the
    /// row that first names it).
    pub new_vendors: Vec<ChainVendor>,
    pub new_links: u32,
    /// Links the register has already.
    pub known_links: u32,
    /// Companies and sub-processors the file names, each once.
    pub companies: u32,
    pub sub_processors: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChainVendor {
    pub row: u32,
    /// True for a company the file names only as a client (its draft holds just the name).
    pub client_only: bool,
    pub draft: VendorDraft,
}

/// One row of the list as it would enter the register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ListRow {
    /// 1-based row (spreadsheets) or item number (JSON).
    pub row: u32,
    pub draft: VendorDraft,
    /// What was read loosely: locations that are not countries, transfer and status texts not
    /// understood. Kept with the vendor's notes, in the words of the language it is imported in.
    pub notes: Vec<ListNote>,
    /// Why the row will not be added; absent when it will.
    pub skip: Option<ListSkip>,
    /// In a chain: the link the row names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serves: Option<ChainLink>,
}

/// Why a row of a list is not added: a code and its values, worded by the UI and the CLI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ListSkip {
    /// The row names no vendor.
    NoName,
    /// A vendor of this name (as one company's names compare) is in the register, or the list names it twice.
    AlreadyListed { name: String },
    /// A field is refused: which, why (a validation code), and the value.
    Invalid { field: String, reason: String, value: Option<String> },
    /// In a chain: an earlier row names the same sub-processor of the same company.
    LinkListed { vendor: String, client: String },
}

impl std::fmt::Display for ListSkip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ListSkip::NoName => write!(f, "no name"),
            ListSkip::AlreadyListed { name } => write!(f, "{name} is already in the register (or listed twice)"),
            ListSkip::Invalid { field, reason, value: Some(v) } => write!(f, "{field}: {reason} ({v})"),
            ListSkip::Invalid { field, reason, value: None } => write!(f, "{field}: {reason}"),
            ListSkip::LinkListed { vendor, client } => write!(f, "{vendor} as a sub-processor of {client} is listed twice"),
        }
    }
}

/// What importing a list would do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ListPreview {
    pub file_name: String,
    pub mapping: ListMapping,
    /// Source columns no field uses.
    pub unused: Vec<String>,
    pub rows: Vec<ListRow>,
    /// Vendors it adds (in a chain: companies and sub-processors).
    pub to_add: u32,
    /// Present when the list is a chain (it has a column of the companies served).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<ChainPlan>,
}

/// The register's status a list's status text names, in English or German; `None` when it names
/// none Vetted knows (the row is then proposed, and the text kept in its notes).
fn status_in(text: &str) -> Option<&'static str> {
    let t = squash(text);
    let named = |words: &[&str]| words.iter().any(|w| t == *w);
    if t.is_empty() {
        None
    } else if named(&[
        "approvedwithconditions",
        "conditionallyapproved",
        "conditional",
        "unterauflagen",
        "mitauflagen",
        "genehmigtmitauflagen",
        "freigegebenmitauflagen",
    ]) {
        Some("approved_with_conditions")
    } else if named(&["approved", "active", "inuse", "genehmigt", "freigegeben", "aktiv", "zugelassen"]) {
        Some("approved")
    } else if named(&["inreview", "underreview", "review", "pending", "inprüfung", "inpruefung"]) {
        Some("in_review")
    } else if named(&["proposed", "new", "planned", "vorgeschlagen", "neu", "geplant"]) {
        Some("proposed")
    } else if named(&["rejected", "declined", "abgelehnt"]) {
        Some("rejected")
    } else if named(&["offboarded", "terminated", "ended", "inactive", "archived", "beendet", "gekündigt", "inaktiv", "archiviert"]) {
        Some("offboarded")
    } else {
        None
    }
}

fn squash(s: &str) -> String {
    header_key(s).chars().filter(|c| !matches!(c, ' ' | '-' | '_' | '.' | '/' | '(' | ')')).collect()
}

/// The mapping the headers suggest: each field the first header among its words, else the first
/// that contains one of its words. A column of sub-processors beside one of companies makes the
/// list a chain: the sub-processors are the vendors, the companies their clients.
pub fn guess_mapping(headers: &[String]) -> ListMapping {
    let mut m = ListMapping::new();
    let keys: Vec<String> = headers.iter().map(|h| squash(h)).collect();
    let sub = keys.iter().position(|k| SUB_LEVEL.contains(&k.as_str()));
    let top = keys.iter().position(|k| TOP_LEVEL.contains(&k.as_str()));
    if let (Some(sub), Some(top)) = (sub, top) {
        if !ListField::Client.words().iter().any(|w| keys.iter().any(|k| k == w)) {
            m.insert(ListField::Name, headers[sub].clone());
            m.insert(ListField::Client, headers[top].clone());
        }
    }
    for field in ListField::ALL {
        if m.contains_key(&field) {
            continue;
        }
        let free = |i: &usize| !m.values().any(|v| *v == headers[*i]);
        let exact = (0..headers.len()).find(|i| free(i) && field.words().contains(&keys[*i].as_str()));
        let within = || (0..headers.len()).find(|i| free(i) && field.contained_words().iter().any(|w| keys[*i].contains(w)));
        if let Some(i) = exact.or_else(within) {
            m.insert(field, headers[i].clone());
        }
    }
    m
}

/// Countries named in free text ("EU (Frankfurt, Ireland)", "USA / EU", "DE, IE"): ISO codes and
/// English or German country names; what is not a country is returned as written.
pub fn countries_in(text: &str) -> (Vec<String>, Vec<String>) {
    const ALIASES: &[(&str, &str)] = &[
        ("usa", "US"),
        ("u.s.", "US"),
        ("united states", "US"),
        ("uk", "GB"),
        ("u.k.", "GB"),
        ("great britain", "GB"),
        ("england", "GB"),
        ("deutschland", "DE"),
        ("schweiz", "CH"),
        ("holland", "NL"),
    ];
    let mut codes: Vec<String> = Vec::new();
    let mut other: Vec<String> = Vec::new();
    for token in text.split(['/', ',', ';', '(', ')', '&', '\n', '|']).map(str::trim).filter(|t| !t.is_empty()) {
        let lower = token.to_lowercase();
        let code = if token.len() == 2 && token.chars().all(|c| c.is_ascii_uppercase()) {
            CountryCode::parse(token).ok().map(|c| c.as_str().to_owned())
        } else {
            ALIASES.iter().find(|(a, _)| *a == lower).map(|(_, c)| (*c).to_owned()).or_else(|| {
                crate::domain::country::all()
                    .into_iter()
                    .find(|c| c.name_en.to_lowercase() == lower || c.name_de.to_lowercase() == lower)
                    .map(|c| c.code)
            })
        };
        match code {
            Some(c) if !codes.contains(&c) => codes.push(c),
            Some(_) => {}
            None => other.push(token.to_owned()),
        }
    }
    (codes, other)
}

/// The transfer mechanism a free text names, as the register's word for it.
pub fn transfer_in(text: &str) -> Option<&'static str> {
    let t = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&["no transfer", "kein transfer", "keine übermittlung", "eea hosting", "ewr"]) {
        Some("no_transfer")
    } else if has(&["scc", "standard contractual", "standardvertragsklausel"]) {
        Some("sccs")
    } else if has(&["dpf", "privacy framework", "data privacy framework"]) {
        Some("eu_us_dpf")
    } else if has(&["bcr", "binding corporate", "verbindliche interne"]) {
        Some("bcrs")
    } else if has(&["adequacy", "angemessenheit"]) {
        Some("adequacy")
    } else {
        None
    }
}

/// Source records as (row number, header → value) pairs, and the headers in order.
type Records = (Vec<String>, Vec<(u32, BTreeMap<String, serde_json::Value>)>);

fn json_records(bytes: &[u8], name: &str) -> Result<Records> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ReadError::Corrupt { name: name.to_owned(), why: format!("JSON: {e}") })?;
    let items = match &value {
        serde_json::Value::Array(a) => a.clone(),
        serde_json::Value::Object(o) => o
            .values()
            .find_map(|v| v.as_array().filter(|a| a.iter().any(|x| x.is_object())).cloned())
            .ok_or_else(|| ReadError::NoQuestionTable { name: name.to_owned() })?,
        _ => return Err(ReadError::NoQuestionTable { name: name.to_owned() }.into()),
    };
    let mut headers: Vec<String> = Vec::new();
    let mut records: Vec<(u32, BTreeMap<String, serde_json::Value>)> = Vec::new();
    let mut add = |record: BTreeMap<String, serde_json::Value>| {
        for k in record.keys() {
            if !headers.contains(k) {
                headers.push(k.clone());
            }
        }
        records.push((records.len() as u32 + 1, record));
    };
    // A company with its sub-processors nested as a list of objects: one record per
    // sub-processor, naming the company in a column of its own (a chain of two levels).
    let children = |obj: &serde_json::Map<String, serde_json::Value>| {
        obj.values().find_map(|v| v.as_array().filter(|a| !a.is_empty() && a.iter().all(|x| x.is_object())).cloned())
    };
    let objects: Vec<&serde_json::Map<String, serde_json::Value>> = items.iter().filter_map(|item| item.as_object()).collect();
    let child_keys: Vec<String> = objects
        .iter()
        .filter_map(|o| children(o))
        .flatten()
        .filter_map(|c| c.as_object().map(|c| c.keys().cloned().collect::<Vec<_>>()))
        .flatten()
        .fold(Vec::new(), |mut all, k| {
            if !all.contains(&k) {
                all.push(k);
            }
            all
        });
    let child_name = guess_mapping(&child_keys).get(&ListField::Name).cloned();
    for obj in objects {
        let own: BTreeMap<String, serde_json::Value> = obj
            .iter()
            .filter(|(_, v)| !v.as_array().is_some_and(|a| a.iter().any(|x| x.is_object())))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let Some(child_name) = &child_name else {
            add(own);
            continue;
        };
        let own_keys: Vec<String> = own.keys().cloned().collect();
        let name = guess_mapping(&own_keys).get(&ListField::Name).and_then(|k| own.get(k)).map(text).unwrap_or_default();
        match children(obj) {
            Some(children) => {
                for child in children.iter().filter_map(|c| c.as_object()) {
                    let mut record: BTreeMap<String, serde_json::Value> = child.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    record.insert(NESTED_CLIENT.to_owned(), serde_json::Value::String(name.clone()));
                    add(record);
                }
            }
            // A company with no sub-processors listed: a vendor of its own (its fields as they
            // are), named where the sub-processors' names are.
            None => {
                let mut record = own;
                record.insert(child_name.clone(), serde_json::Value::String(name));
                add(record);
            }
        }
    }
    Ok((headers, records))
}

/// The column a nested JSON chain's company is put in (its words name the client).
const NESTED_CLIENT: &str = "sub-processor of";

fn sheet_records(path: &Path, limits: &ReadLimits) -> Result<Records> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let book = read::guarded(&name, || Ok(read::read_file(path, limits)?))?;
    for sheet in book.sheets.iter().filter(|s| !s.hidden) {
        let (Some((r0, r1)), Some((c0, c1))) = (sheet.rows(), sheet.cols()) else { continue };
        for hr in r0..=r1.min(r0 + 19) {
            let headers: Vec<String> = (c0..=c1).map(|c| cell_text(sheet.get(hr, c))).collect();
            if !guess_mapping(&headers).contains_key(&ListField::Name) {
                continue;
            }
            let mut records = Vec::new();
            for r in hr + 1..=r1 {
                let rec: BTreeMap<String, serde_json::Value> = headers
                    .iter()
                    .zip(c0..=c1)
                    .filter(|(h, _)| !h.is_empty())
                    .map(|(h, c)| (h.clone(), serde_json::Value::String(cell_text(sheet.get(r, c)))))
                    .collect();
                if rec.values().any(|v| v.as_str().is_some_and(|s| !s.is_empty())) {
                    records.push((r + 1, rec));
                }
            }
            return Ok((headers.into_iter().filter(|h| !h.is_empty()).collect(), records));
        }
    }
    Err(ReadError::NoQuestionTable { name }.into())
}

fn texts(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::Array(a) => a.iter().flat_map(texts).collect(),
        serde_json::Value::String(s) => s.split([';', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        serde_json::Value::Null => vec![],
        other => vec![other.to_string()],
    }
}

fn text(v: &serde_json::Value) -> String {
    texts(v).join("; ")
}

/// What the register holds that a list is checked against: every vendor's name, and every link
/// of the chain as (sub-processor's name, client's name).
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub names: Vec<String>,
    pub links: Vec<(String, String)>,
}

/// Reads a sub-processor list and shows what it would add; `mapping` overrides the guess field
/// by field. Names already in the register (`known.names`, compared as one company's names are)
/// are skipped; in a chain, they are linked, and links the register has add nothing.
pub fn preview_list(path: &Path, mapping: &ListMapping, known: &Known, limits: &ReadLimits) -> Result<ListPreview> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let (headers, records) = if is_json {
        let meta = std::fs::metadata(path).map_err(|_| ReadError::NotFound(format!("there is no file at {}", path.display())))?;
        if meta.len() > limits.max_file_bytes {
            return Err(Error::File(ReadError::TooLarge {
                name,
                size: crate::domain::human_size(meta.len()),
                max: crate::domain::human_size(limits.max_file_bytes),
            }));
        }
        json_records(&std::fs::read(path).map_err(|e| Error::Io(e.to_string()))?, &name)?
    } else {
        sheet_records(path, limits)?
    };
    let mut m = guess_mapping(&headers);
    for (field, column) in mapping {
        if column.is_empty() {
            // No column for this field (e.g. a list whose "Company" column is not a client).
            m.remove(field);
            continue;
        }
        if !headers.contains(column) {
            return Err(Error::field(
                "mapping",
                "unknown_column",
                format!("{name} has no column '{column}'; it has: {}", headers.join(", ")),
            ));
        }
        m.insert(*field, column.clone());
    }
    if !m.contains_key(&ListField::Name) {
        return Err(ReadError::NoQuestionTable { name }.into());
    }
    // Names compared as one company's names are (`name_key`: case, punctuation, "Ltd"/"Limited").
    let mut seen: std::collections::HashSet<String> = known.names.iter().map(|n| crate::domain::name_key(n)).collect();
    let mut rows = Vec::new();
    let chain = m.contains_key(&ListField::Client);
    let mut last_client = String::new();
    for (row, rec) in records {
        let get = |f: ListField| m.get(&f).and_then(|c| rec.get(c)).cloned().unwrap_or(serde_json::Value::Null);
        let mut notes = Vec::new();
        let location = text(&get(ListField::Countries));
        let (countries, other) = countries_in(&location);
        if !other.is_empty() {
            notes.push(ListNote::Location { value: location.clone() });
        }
        let transfer_text = text(&get(ListField::TransferMechanism));
        let transfer = transfer_in(&transfer_text);
        if transfer.is_none() && !transfer_text.is_empty() {
            notes.push(ListNote::Transfer { value: transfer_text.clone() });
        }
        // A list someone else kept says nothing of Vetted's vetting: a row is proposed unless the
        // file says where it stands, in words Vetted knows.
        let status_text = text(&get(ListField::Status));
        let status = status_in(&status_text).unwrap_or("proposed");
        if status_in(&status_text).is_none() && !status_text.is_empty() {
            notes.push(ListNote::Status { value: status_text.clone() });
        }
        let note_text = text(&get(ListField::Notes));
        // A company written once above the rows of its sub-processors (a grouped or merged
        // cell) holds for the rows below it until the next.
        let client = text(&get(ListField::Client)).trim().to_owned();
        if !client.is_empty() {
            last_client = client;
        }
        let serves = chain.then(|| ChainLink {
            client: last_client.clone(),
            purpose: text(&get(ListField::Purpose)),
            data_categories: texts(&get(ListField::DataCategories)),
            locations: location.split([',', ';', '/', '\n']).map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
            known: false,
        });
        let draft = VendorDraft {
            name: text(&get(ListField::Name)),
            services: texts(&get(ListField::Services)),
            purpose: text(&get(ListField::Purpose)),
            data_categories: texts(&get(ListField::DataCategories)),
            data_subjects: texts(&get(ListField::DataSubjects)),
            countries,
            transfer_mechanism: transfer.unwrap_or_default().to_owned(),
            website: text(&get(ListField::Website)),
            notes: note_text,
            status: status.to_owned(),
            review_cycle_months: Some(12),
            ..Default::default()
        };
        let serves = serves.filter(|l| !l.client.is_empty());
        let skip = if draft.name.trim().is_empty() {
            Some(ListSkip::NoName)
        } else if serves.is_some() {
            // A chain's row: checked, and planned with the others below.
            draft.parse().err().and_then(|v| {
                v.0.first().map(|f| ListSkip::Invalid { field: f.field.clone(), reason: f.code.clone(), value: f.value.clone() })
            })
        } else if seen.contains(&crate::domain::name_key(&draft.name)) {
            Some(ListSkip::AlreadyListed { name: draft.name.trim().to_owned() })
        } else {
            match draft.parse() {
                Ok(_) => {
                    seen.insert(crate::domain::name_key(&draft.name));
                    None
                }
                Err(v) => v.0.first().map(|f| ListSkip::Invalid { field: f.field.clone(), reason: f.code.clone(), value: f.value.clone() }),
            }
        };
        rows.push(ListRow { row, draft, notes, skip, serves });
    }
    let unused = headers.iter().filter(|h| !m.values().any(|v| v == *h)).cloned().collect();
    let (to_add, chain) = if chain {
        let plan = plan_chain(&mut rows, known);
        (plan.new_vendors.len() as u32, Some(plan))
    } else {
        (rows.iter().filter(|r| r.skip.is_none()).count() as u32, None)
    };
    Ok(ListPreview { file_name: name, mapping: m, unused, rows, to_add, chain })
}

/// The vendors and links a chain's rows add: each company and sub-processor not in the register
/// once (a sub-processor named under several companies is one vendor with several links), each
/// (sub-processor, company) pair once, and the links the register has marked known. A row whose
/// sub-processor is its own company is refused.
fn plan_chain(rows: &mut [ListRow], known: &Known) -> ChainPlan {
    use crate::domain::name_key;
    use std::collections::HashSet;
    let mut names: HashSet<String> = known.names.iter().map(|n| name_key(n)).collect();
    let known_links: HashSet<(String, String)> = known.links.iter().map(|(v, c)| (name_key(v), name_key(c))).collect();
    let mut links: HashSet<(String, String)> = HashSet::new();
    let (mut companies, mut subs) = (HashSet::new(), HashSet::new());
    let mut plan = ChainPlan { new_vendors: vec![], new_links: 0, known_links: 0, companies: 0, sub_processors: 0 };
    for r in rows.iter_mut().filter(|r| r.skip.is_none()) {
        let vendor = name_key(&r.draft.name);
        let Some(link) = r.serves.as_mut() else {
            // A row without a company: a vendor of its own, as in a list of one level.
            if names.insert(vendor) {
                plan.new_vendors.push(ChainVendor { row: r.row, client_only: false, draft: r.draft.clone() });
            } else {
                r.skip = Some(ListSkip::AlreadyListed { name: r.draft.name.trim().to_owned() });
            }
            continue;
        };
        let client = name_key(&link.client);
        if client == vendor {
            r.skip = Some(ListSkip::Invalid { field: "serves".into(), reason: "parent_cycle".into(), value: Some(link.client.clone()) });
            continue;
        }
        if crate::domain::VendorName::parse(&link.client).is_err() {
            r.skip = Some(ListSkip::Invalid { field: "serves".into(), reason: "invalid_name".into(), value: Some(link.client.clone()) });
            continue;
        }
        // Each serving the other would make the chain a loop: the later row is refused (a longer
        // loop is refused by the import as a whole).
        let back = (client.clone(), vendor.clone());
        if links.contains(&back) || known_links.contains(&back) {
            r.skip = Some(ListSkip::Invalid { field: "serves".into(), reason: "parent_cycle".into(), value: Some(link.client.clone()) });
            continue;
        }
        if !links.insert((vendor.clone(), client.clone())) {
            r.skip = Some(ListSkip::LinkListed { vendor: r.draft.name.trim().to_owned(), client: link.client.clone() });
            continue;
        }
        companies.insert(client.clone());
        subs.insert(vendor.clone());
        if names.insert(client.clone()) {
            let draft =
                VendorDraft { name: link.client.clone(), status: "proposed".into(), review_cycle_months: Some(12), ..Default::default() };
            plan.new_vendors.push(ChainVendor { row: r.row, client_only: true, draft });
        }
        if names.insert(vendor.clone()) {
            plan.new_vendors.push(ChainVendor { row: r.row, client_only: false, draft: r.draft.clone() });
        }
        link.known = known_links.contains(&(vendor, client));
        if link.known {
            plan.known_links += 1;
        } else {
            plan.new_links += 1;
        }
    }
    plan.companies = companies.len() as u32;
    plan.sub_processors = subs.len() as u32;
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_and_transfer_texts() {
        assert_eq!(countries_in("EU (Frankfurt, Ireland)"), (vec!["IE".into()], vec!["EU".into(), "Frankfurt".into()]));
        assert_eq!(countries_in("USA / EU"), (vec!["US".into()], vec!["EU".into()]));
        assert_eq!(countries_in("DE, IE; Deutschland"), (vec!["DE".into(), "IE".into()], vec![]));
        assert_eq!(transfer_in("SCCs (EU Standard Contractual Clauses)"), Some("sccs"));
        assert_eq!(transfer_in("EEA hosting — no transfer"), Some("no_transfer"));
        assert_eq!(transfer_in("EU-U.S. Data Privacy Framework"), Some("eu_us_dpf"));
        assert_eq!(transfer_in("see contract"), None);
    }

    #[test]
    fn headers_suggest_the_mapping() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let m = guess_mapping(&h(&["Sub-processor", "Purpose of processing", "Location", "Transfer mechanism", "Other"]));
        assert_eq!(m.get(&ListField::Name).map(String::as_str), Some("Sub-processor"));
        assert_eq!(m.get(&ListField::Countries).map(String::as_str), Some("Location"));
        assert_eq!(m.get(&ListField::TransferMechanism).map(String::as_str), Some("Transfer mechanism"));
        let m = guess_mapping(&h(&["Anbieter", "Verarbeitungszweck", "Standort"]));
        assert_eq!(m.len(), 3);
    }

    #[test]
    fn a_column_of_companies_beside_one_of_sub_processors_makes_a_chain() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let m = guess_mapping(&h(&["Company", "Sub-processor", "Service category / What they do"]));
        assert_eq!(m.get(&ListField::Name).map(String::as_str), Some("Sub-processor"));
        assert_eq!(m.get(&ListField::Client).map(String::as_str), Some("Company"));
        assert_eq!(m.get(&ListField::Purpose).map(String::as_str), Some("Service category / What they do"));
        let m = guess_mapping(&h(&["Unterauftragsverarbeiter", "Auftragsverarbeiter", "Zweck", "Standort"]));
        assert_eq!(m.get(&ListField::Client).map(String::as_str), Some("Auftragsverarbeiter"));
        // The legal entity of a sub-processor is no client; neither is a list of one level.
        let m = guess_mapping(&h(&["Sub-processor", "Entity", "Location"]));
        assert_eq!((m.get(&ListField::Name).map(String::as_str), m.get(&ListField::Client)), (Some("Sub-processor"), None));
        let m = guess_mapping(&h(&["Company", "Purpose", "Location"]));
        assert_eq!((m.get(&ListField::Name).map(String::as_str), m.get(&ListField::Client)), (Some("Company"), None));
        // A column named for the client says so itself.
        let m = guess_mapping(&h(&["Name", "Used by", "Purpose"]));
        assert_eq!(
            (m.get(&ListField::Name).map(String::as_str), m.get(&ListField::Client).map(String::as_str)),
            (Some("Name"), Some("Used by"))
        );
    }

    #[test]
    fn a_json_chain_may_nest_each_companys_sub_processors() {
        let json = br#"{"updated": "2026-11-01", "processors": [
            {"company": "Genesys", "country": "US", "subprocessors": [
                {"name": "AWS", "purpose": "Hosting", "location": "Frankfurt"},
                {"name": "Twilio", "purpose": "SMS"}]},
            {"company": "Sentry", "subprocessors": [{"name": "AWS", "purpose": "Logs", "location": "Dublin"}]},
            {"company": "Zendesk"}]}"#;
        let (headers, records) = json_records(json, "chain.json").unwrap();
        let m = guess_mapping(&headers);
        assert_eq!(m.get(&ListField::Client).map(String::as_str), Some(NESTED_CLIENT));
        assert_eq!(m.get(&ListField::Name).map(String::as_str), Some("name"), "{headers:?}");
        let pairs: Vec<(String, String)> = records
            .iter()
            .map(|(_, r)| (text(&r.get("name").cloned().unwrap_or_default()), text(&r.get(NESTED_CLIENT).cloned().unwrap_or_default())))
            .collect();
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        assert_eq!(pairs, [pair("AWS", "Genesys"), pair("Twilio", "Genesys"), pair("AWS", "Sentry"), pair("Zendesk", "")]);
    }

    #[test]
    fn a_chain_plans_each_vendor_once_and_each_link_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chain.csv");
        std::fs::write(
            &path,
            "Company,Sub-processor,Service category / What they do,Location\n\
             Genesys,Amazon Web Services,Hosting,Frankfurt\n\
             Twilio,Amazon Web Services,Logs,Dublin\n\
             Twilio,Amazon Web Services,Logs again,Dublin\n\
             Twilio,Sentry,Error tracking,US\n\
             Sentry,Sentry,Itself,\n\
             Zendesk,,Support,\n\
             ,Mailgun,Email,\n\
             Amazon Web Services,Twilio,Loop,\n",
        )
        .unwrap();
        let known = Known { names: vec!["twilio".into(), "Sentry".into()], links: vec![("SENTRY".into(), "Twilio.".into())] };
        let p = preview_list(&path, &ListMapping::new(), &known, &ReadLimits::default()).unwrap();
        let plan = p.chain.as_ref().expect("a chain");
        let new: Vec<(&str, bool)> = plan.new_vendors.iter().map(|v| (v.draft.name.as_str(), v.client_only)).collect();
        assert_eq!(new, [("Genesys", true), ("Amazon Web Services", false), ("Zendesk", true), ("Mailgun", false)]);
        assert_eq!((plan.new_links, plan.known_links, plan.companies, plan.sub_processors), (3, 1, 3, 3));
        assert_eq!(p.to_add, 4);
        let skips: Vec<Option<&ListSkip>> = p.rows.iter().map(|r| r.skip.as_ref()).collect();
        assert!(matches!(skips[2], Some(ListSkip::LinkListed { .. })), "{skips:?}");
        assert!(matches!(skips[4], Some(ListSkip::Invalid { reason, .. }) if reason == "parent_cycle"), "{skips:?}");
        assert!(matches!(skips[5], Some(ListSkip::NoName)), "{skips:?}");
        let aws = p.rows[0].serves.as_ref().unwrap();
        assert_eq!(
            (aws.client.as_str(), aws.purpose.as_str(), aws.locations.clone()),
            ("Genesys", "Hosting", vec!["Frankfurt".to_string()])
        );
        assert!(p.rows[3].serves.as_ref().unwrap().known);
        // The company above holds for a row that leaves it blank.
        assert_eq!(p.rows[6].serves.as_ref().map(|l| l.client.as_str()), Some("Zendesk"));
        // Twilio serves AWS? AWS serves Twilio already (in this file): a loop, refused.
        assert!(matches!(&p.rows[7].skip, Some(ListSkip::Invalid { reason, .. }) if reason == "parent_cycle"), "{:?}", p.rows[7]);
    }
}
