//! A vendor (sub-processor) of the register: the raw draft a person types, the parsed `NewVendor`, and the stored `Vendor`.

use super::{clean_list, normalise_key, optional, parse_date, CountryCode, Level, ReviewCycle, Tier};
use crate::error::ValidationErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a vendor stands in the approval workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Proposed,
    InReview,
    Approved,
    ApprovedWithConditions,
    Rejected,
    /// Archived: no longer used. Vendors are archived, never deleted.
    Offboarded,
}

impl Status {
    pub const ALL: [Status; 6] =
        [Status::Proposed, Status::InReview, Status::Approved, Status::ApprovedWithConditions, Status::Rejected, Status::Offboarded];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::InReview => "in_review",
            Status::Approved => "approved",
            Status::ApprovedWithConditions => "approved_with_conditions",
            Status::Rejected => "rejected",
            Status::Offboarded => "offboarded",
        }
    }

    /// Accepts `in_review`, `in review` and `In-Review` alike.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let key = normalise_key(raw);
        Status::ALL.into_iter().find(|s| s.as_str() == key).ok_or_else(|| {
            format!("'{}' is not a status (proposed, in_review, approved, approved_with_conditions, rejected, offboarded)", raw.trim())
        })
    }
}

/// The legal basis of a transfer of personal data out of the EEA (GDPR Chapter V).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransferMechanism {
    /// Processing stays in the EEA: no transfer takes place.
    NoTransfer,
    /// The destination has an adequacy decision (Art. 45).
    Adequacy,
    /// EU-US Data Privacy Framework (an adequacy decision for certified US companies).
    EuUsDpf,
    /// Standard contractual clauses (Art. 46(2)(c)).
    Sccs,
    /// Binding corporate rules (Art. 47).
    Bcrs,
    /// A transfer with no mechanism in place: a gap.
    None,
}

impl TransferMechanism {
    pub const ALL: [TransferMechanism; 6] = [
        TransferMechanism::NoTransfer,
        TransferMechanism::Adequacy,
        TransferMechanism::EuUsDpf,
        TransferMechanism::Sccs,
        TransferMechanism::Bcrs,
        TransferMechanism::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TransferMechanism::NoTransfer => "no_transfer",
            TransferMechanism::Adequacy => "adequacy",
            TransferMechanism::EuUsDpf => "eu_us_dpf",
            TransferMechanism::Sccs => "sccs",
            TransferMechanism::Bcrs => "bcrs",
            TransferMechanism::None => "none",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        let key = normalise_key(raw);
        let key = match key.as_str() {
            "dpf" => "eu_us_dpf",
            "scc" => "sccs",
            "bcr" => "bcrs",
            other => other,
        };
        TransferMechanism::ALL
            .into_iter()
            .find(|m| m.as_str() == key)
            .ok_or_else(|| format!("'{}' is not a transfer mechanism (no_transfer, adequacy, eu_us_dpf, sccs, bcrs, none)", raw.trim()))
    }
}

/// Data categories that GDPR Art. 9 (special categories) and Art. 10 (criminal offences) protect.
pub const SPECIAL_DATA_CATEGORIES: [&str; 9] = [
    "racial_or_ethnic_origin",
    "political_opinions",
    "religious_or_philosophical_beliefs",
    "trade_union_membership",
    "genetic",
    "biometric",
    "health",
    "sex_life_or_orientation",
    "criminal_convictions",
];

/// Common data categories the UI offers (any other text is allowed too).
pub const COMMON_DATA_CATEGORIES: [&str; 10] =
    ["identification", "contact", "account", "communications", "call_recordings", "usage", "device", "location", "financial", "employment"];

/// Common data subjects the UI offers (any other text is allowed too).
pub const COMMON_DATA_SUBJECTS: [&str; 7] =
    ["customers", "end_users", "employees", "prospects", "patients", "children", "website_visitors"];

pub fn is_special_category(category: &str) -> bool {
    SPECIAL_DATA_CATEGORIES.contains(&category)
}

/// The values the UI offers in its pickers, so it never keeps its own copy.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Vocabulary {
    pub statuses: Vec<Status>,
    pub transfer_mechanisms: Vec<TransferMechanism>,
    pub levels: Vec<Level>,
    pub common_data_categories: Vec<String>,
    pub special_data_categories: Vec<String>,
    pub common_data_subjects: Vec<String>,
    pub countries: Vec<super::Country>,
}

pub fn vocabulary() -> Vocabulary {
    let owned = |xs: &[&str]| xs.iter().map(|x| (*x).to_owned()).collect();
    Vocabulary {
        statuses: Status::ALL.to_vec(),
        transfer_mechanisms: TransferMechanism::ALL.to_vec(),
        levels: Level::ALL.to_vec(),
        common_data_categories: owned(&COMMON_DATA_CATEGORIES),
        special_data_categories: owned(&SPECIAL_DATA_CATEGORIES),
        common_data_subjects: owned(&COMMON_DATA_SUBJECTS),
        countries: super::country::all(),
    }
}

/// A vendor's legal name: trimmed, 1 to 200 characters, no line breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorName(String);

impl VendorName {
    /// Trimmed, without invisible characters (zero-width spaces and joiners, soft hyphens, a
    /// byte-order mark) and in one Unicode form (NFC), so that names that look the same are the
    /// same to the duplicate check; text-direction overrides, which make a name read otherwise
    /// than it is, are refused.
    pub fn parse(raw: &str) -> Result<Self, String> {
        use unicode_normalization::UnicodeNormalization;
        const INVISIBLE: [char; 6] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}'];
        const DIRECTION: [char; 12] = [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200E}',
            '\u{200F}', '\u{061C}',
        ];
        if raw.chars().any(|c| DIRECTION.contains(&c)) {
            return Err("a vendor name cannot contain text-direction controls".into());
        }
        let visible: String = raw.chars().filter(|c| !INVISIBLE.contains(c)).nfc().collect();
        let name = visible.trim();
        if name.is_empty() {
            Err("a vendor needs a name".into())
        } else if name.chars().count() > 200 {
            Err("a vendor name has at most 200 characters".into())
        } else if name.chars().any(char::is_control) {
            Err("a vendor name cannot contain line breaks or control characters".into())
        } else {
            Ok(VendorName(name.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The order names are listed in, in every list, export and engine: the Unicode collation's root
/// order, ignoring case but not accents (secondary strength), so "Übersetzungsbüro" stands among
/// the U's and "Ärztekammer" among the A's, in German and English alike (ICU's `und-u-ks-level2`,
/// a team register's `nocase`). Lists in the engines follow it by `name_sort_key`.
pub fn name_order(a: &str, b: &str) -> std::cmp::Ordering {
    collator().compare(a, b)
}

/// The bytes that order `name` among others as `name_order` does, compared as bytes: what a
/// register keeps beside each name (`vendors.name_sort`, indexed) so that both engines list
/// names in this order by an index. The collation's data is part of the key: a Vetted whose
/// collation data changes (a new `icu_collator`) clears the stored keys by a migration, and
/// the next open writes them again (a test pins a few keys, so such a change is noticed).
pub fn name_sort_key(name: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(name.len() * 2 + 4);
    let Ok(()) = collator().write_sort_key_to(name, &mut key);
    key
}

/// The root collation at secondary strength (case ignored, accents not), made once.
fn collator() -> &'static icu_collator::CollatorBorrowed<'static> {
    static COLLATOR: std::sync::LazyLock<icu_collator::CollatorBorrowed<'static>> = std::sync::LazyLock::new(|| {
        let mut options = icu_collator::options::CollatorOptions::default();
        options.strength = Some(icu_collator::options::Strength::Secondary);
        icu_collator::Collator::try_new(Default::default(), options).expect("the root collation is compiled in")
    });
    &COLLATOR
}

/// What two names of one company have in common however they are written: lower case, without
/// dots, other punctuation as spaces, and legal forms in one spelling ("Limited" and "Ltd.",
/// "Incorporated" and "Inc", "G.m.b.H." and "GmbH"). The duplicate check compares these.
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let spaced: String =
        name.nfc().flat_map(char::to_lowercase).filter(|c| *c != '.').map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    spaced
        .split_whitespace()
        .map(|word| match word {
            "limited" => "ltd",
            "incorporated" => "inc",
            "corporation" => "corp",
            "company" => "co",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A vendor as typed into the form or given on the command line: every field raw,
/// so that each bad value is reported on its own field. Empty text means "not recorded".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(default)]
pub struct VendorDraft {
    pub name: String,
    /// Services of this vendor that we use (e.g. "Dialogflow CX, europe-west3").
    pub services: Vec<String>,
    /// The vendors this one is a sub-processor of, each link with its own purpose, data and places.
    pub serves: Vec<LinkDraft>,
    pub purpose: String,
    pub data_categories: Vec<String>,
    pub data_subjects: Vec<String>,
    /// ISO 3166-1 alpha-2 codes of the processing countries.
    pub countries: Vec<String>,
    pub transfer_mechanism: String,
    pub data_sensitivity: String,
    pub business_impact: String,
    /// A tier chosen by a person instead of the computed one; needs a reason.
    pub tier_override: Option<u8>,
    pub tier_override_reason: String,
    pub status: String,
    pub owner: String,
    /// Dates as YYYY-MM-DD.
    pub dpa_signed: String,
    pub contract_renewal: String,
    pub review_cycle_months: Option<u32>,
    pub last_review: String,
    pub website: String,
    pub notes: String,
    /// The vendor's `version` the edit started from: a save is refused as a conflict when the
    /// vendor was changed since (by a colleague, another window). None: saved whatever changed.
    #[ts(optional)]
    #[schemars(default)]
    pub based_on: Option<i64>,
}

/// A vendor whose every field has been checked.
#[derive(Debug, Clone, PartialEq)]
pub struct NewVendor {
    pub name: VendorName,
    pub services: Vec<String>,
    /// Links to the vendors it serves, each client once.
    pub serves: Vec<LinkDraft>,
    pub purpose: String,
    pub data_categories: Vec<String>,
    pub data_subjects: Vec<String>,
    pub countries: Vec<CountryCode>,
    pub transfer_mechanism: Option<TransferMechanism>,
    pub data_sensitivity: Option<Level>,
    pub business_impact: Option<Level>,
    pub tier_override: Option<(Tier, String)>,
    pub status: Status,
    pub owner: String,
    pub dpa_signed: Option<NaiveDate>,
    pub contract_renewal: Option<NaiveDate>,
    pub review_cycle: Option<ReviewCycle>,
    pub last_review: Option<NaiveDate>,
    pub website: Option<String>,
    pub notes: String,
}

impl VendorDraft {
    /// Checks every field and reports all that are wrong at once.
    pub fn parse(&self) -> Result<NewVendor, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        macro_rules! check {
            ($field:expr, $code:expr, $r:expr) => {
                if let Err(message) = $r {
                    errors.push($field, $code, message);
                }
            };
        }

        let name = VendorName::parse(&self.name);
        check!("name", "invalid_name", name.as_ref().map(|_| ()).map_err(Clone::clone));

        let services = clean_list(&self.services, 200);
        check!("services", "too_long", services.as_ref().map(|_| ()).map_err(Clone::clone));
        let data_categories = clean_list(&self.data_categories, 100);
        check!("data_categories", "too_long", data_categories.as_ref().map(|_| ()).map_err(Clone::clone));
        let data_subjects = clean_list(&self.data_subjects, 100);
        check!("data_subjects", "too_long", data_subjects.as_ref().map(|_| ()).map_err(Clone::clone));

        let mut countries = Vec::new();
        for raw in self.countries.iter().filter(|c| !c.trim().is_empty()) {
            match CountryCode::parse(raw) {
                Ok(c) if !countries.contains(&c) => countries.push(c),
                Ok(_) => {}
                Err(e) => errors.push_value("countries", "unknown_country", raw.trim(), e),
            }
        }

        let transfer_mechanism = optional(&self.transfer_mechanism, TransferMechanism::parse);
        check!("transfer_mechanism", "unknown_transfer_mechanism", unit(&transfer_mechanism));
        let data_sensitivity = optional(&self.data_sensitivity, Level::parse);
        check!("data_sensitivity", "unknown_level", unit(&data_sensitivity));
        let business_impact = optional(&self.business_impact, Level::parse);
        check!("business_impact", "unknown_level", unit(&business_impact));

        let reason = self.tier_override_reason.trim().to_owned();
        let tier_override = match self.tier_override {
            None => Ok(None),
            Some(n) => match Tier::new(n) {
                Ok(_) if reason.is_empty() => {
                    check!(
                        "tier_override_reason",
                        "reason_required",
                        Err::<(), String>("overriding the computed tier needs a reason".into())
                    );
                    Ok(None)
                }
                Ok(t) => Ok(Some((t, reason))),
                Err(e) => Err(e),
            },
        };
        check!("tier_override", "invalid_tier", unit(&tier_override));

        let status = if self.status.trim().is_empty() { Ok(Status::Proposed) } else { Status::parse(&self.status) };
        check!("status", "unknown_status", unit(&status));

        let dpa_signed = optional(&self.dpa_signed, parse_date);
        check!("dpa_signed", "invalid_date", unit(&dpa_signed));
        let contract_renewal = optional(&self.contract_renewal, parse_date);
        check!("contract_renewal", "invalid_date", unit(&contract_renewal));
        let last_review = optional(&self.last_review, parse_date);
        check!("last_review", "invalid_date", unit(&last_review));
        let review_cycle = self.review_cycle_months.map(ReviewCycle::months).transpose();
        check!("review_cycle_months", "invalid_review_cycle", unit(&review_cycle));

        let website = optional(&self.website, parse_website);
        check!("website", "invalid_website", unit(&website));

        check!("purpose", "too_long", max_len(&self.purpose, 2000));
        let serves = LinkDraft::parse_all(&self.serves);
        check!("serves", "invalid_link", unit(&serves));
        check!("owner", "too_long", max_len(&self.owner, 200));
        check!("notes", "too_long", max_len(&self.notes, 20000));

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewVendor {
            name: name.expect("checked"),
            services: services.expect("checked"),
            serves: serves.expect("checked"),
            purpose: self.purpose.trim().to_owned(),
            data_categories: data_categories.expect("checked"),
            data_subjects: data_subjects.expect("checked"),
            countries,
            transfer_mechanism: transfer_mechanism.expect("checked"),
            data_sensitivity: data_sensitivity.expect("checked"),
            business_impact: business_impact.expect("checked"),
            tier_override: tier_override.expect("checked"),
            status: status.expect("checked"),
            owner: self.owner.trim().to_owned(),
            dpa_signed: dpa_signed.expect("checked"),
            contract_renewal: contract_renewal.expect("checked"),
            review_cycle: review_cycle.expect("checked"),
            last_review: last_review.expect("checked"),
            website: website.expect("checked"),
            notes: self.notes.trim().to_owned(),
        })
    }
}

/// What the form shows while a person types: every refusal, and the values the register will derive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DraftCheck {
    pub errors: Vec<crate::error::FieldError>,
    /// The tier sensitivity and impact imply, when both are valid.
    pub computed_tier: Option<Tier>,
    /// The last review plus the cycle, when both are valid.
    pub next_review: Option<NaiveDate>,
}

impl VendorDraft {
    /// Checks the draft without saving it, and derives what can be derived from its valid fields.
    pub fn check(&self) -> DraftCheck {
        let level = |raw: &str| optional(raw, Level::parse).ok().flatten();
        let computed_tier = Tier::from_levels(level(&self.data_sensitivity), level(&self.business_impact));
        let last = optional(&self.last_review, parse_date).ok().flatten();
        let cycle = self.review_cycle_months.and_then(|m| ReviewCycle::months(m).ok());
        DraftCheck {
            errors: self.parse().err().map(|e| e.0).unwrap_or_default(),
            computed_tier,
            next_review: last.zip(cycle).map(|(d, c)| c.next_after(d)),
        }
    }
}

impl NewVendor {
    /// The tier that sensitivity and impact imply, when both are rated.
    pub fn computed_tier(&self) -> Option<Tier> {
        Tier::from_levels(self.data_sensitivity, self.business_impact)
    }

    /// The tier in force: a person's override wins over the computed one.
    pub fn tier(&self) -> Option<Tier> {
        self.tier_override.as_ref().map(|(t, _)| *t).or_else(|| self.computed_tier())
    }

    /// When the next review is due: the last review plus the cycle.
    pub fn next_review(&self) -> Option<NaiveDate> {
        Some(self.review_cycle?.next_after(self.last_review?))
    }

    /// What the register's search looks in: name, services and purpose, lower-cased with
    /// Unicode rules (so "łódź" finds "Łódź", which SQLite's LIKE alone would not).
    pub fn search_text(&self) -> String {
        format!("{}\n{}\n{}", self.name.as_str(), self.services.join("\n"), self.purpose).to_lowercase()
    }

    /// The links as the history shows them, the clients' names given in the order of `serves`.
    pub fn serves_text(&self, clients: &[String]) -> String {
        self.serves.iter().zip(clients).map(|(l, name)| l.history_text(name)).collect::<Vec<_>>().join("; ")
    }

    /// Each field as a person reads it, in a fixed order: what the history compares.
    /// `clients` are the names of the vendors it serves, in the order of `serves`, which the caller looks up.
    pub fn history_fields(&self, clients: &[String]) -> Vec<(&'static str, String)> {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let (tier_override, reason) = match &self.tier_override {
            Some((t, r)) => (t.get().to_string(), r.clone()),
            None => (String::new(), String::new()),
        };
        vec![
            ("name", self.name.as_str().to_owned()),
            ("services", self.services.join(", ")),
            ("serves", self.serves_text(clients)),
            ("purpose", self.purpose.clone()),
            ("data_categories", self.data_categories.join(", ")),
            ("data_subjects", self.data_subjects.join(", ")),
            ("countries", self.countries.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")),
            ("transfer_mechanism", self.transfer_mechanism.map(|m| m.as_str()).unwrap_or_default().to_owned()),
            ("data_sensitivity", self.data_sensitivity.map(|l| l.as_str()).unwrap_or_default().to_owned()),
            ("business_impact", self.business_impact.map(|l| l.as_str()).unwrap_or_default().to_owned()),
            ("tier_override", tier_override),
            ("tier_override_reason", reason),
            ("status", self.status.as_str().to_owned()),
            ("owner", self.owner.clone()),
            ("dpa_signed", date(self.dpa_signed)),
            ("contract_renewal", date(self.contract_renewal)),
            ("review_cycle_months", self.review_cycle.map(|c| c.get().to_string()).unwrap_or_default()),
            ("last_review", date(self.last_review)),
            ("website", self.website.clone().unwrap_or_default()),
            ("notes", self.notes.clone()),
        ]
    }
}

/// A vendor as stored, with what the register derives from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Vendor {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub services: Vec<String>,
    /// The vendors it is a sub-processor of, by the client's name.
    pub serves: Vec<Link>,
    /// Its own sub-processors: the vendors that serve it, by name.
    pub sub_processors: Vec<Link>,
    pub purpose: String,
    pub data_categories: Vec<String>,
    /// True when a data category is a GDPR Art. 9 / Art. 10 special category.
    pub special_categories: bool,
    pub data_subjects: Vec<String>,
    pub countries: Vec<String>,
    pub transfer_mechanism: Option<TransferMechanism>,
    pub data_sensitivity: Option<Level>,
    pub business_impact: Option<Level>,
    /// The tier sensitivity and impact imply.
    pub computed_tier: Option<Tier>,
    pub tier_override: Option<Tier>,
    pub tier_override_reason: Option<String>,
    /// The tier in force: the override if any, else the computed tier.
    pub tier: Option<Tier>,
    pub status: Status,
    pub owner: String,
    pub dpa_signed: Option<NaiveDate>,
    pub contract_renewal: Option<NaiveDate>,
    pub review_cycle_months: Option<u32>,
    pub last_review: Option<NaiveDate>,
    pub next_review: Option<NaiveDate>,
    pub website: Option<String>,
    pub notes: String,
    /// RFC 3339 UTC timestamps.
    pub created_at: String,
    pub updated_at: String,
    /// The newest history entry of this vendor (0 before any): changes with every change of it,
    /// so an edit started from it can tell it is stale (`VendorDraft::based_on`).
    pub version: i64,
}

impl Vendor {
    /// The draft that would produce this vendor again: what an edit starts from.
    pub fn to_draft(&self) -> VendorDraft {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        VendorDraft {
            name: self.name.clone(),
            services: self.services.clone(),
            serves: self.serves.iter().map(Link::to_draft).collect(),
            purpose: self.purpose.clone(),
            data_categories: self.data_categories.clone(),
            data_subjects: self.data_subjects.clone(),
            countries: self.countries.clone(),
            transfer_mechanism: self.transfer_mechanism.map(|m| m.as_str().to_owned()).unwrap_or_default(),
            data_sensitivity: self.data_sensitivity.map(|l| l.as_str().to_owned()).unwrap_or_default(),
            business_impact: self.business_impact.map(|l| l.as_str().to_owned()).unwrap_or_default(),
            tier_override: self.tier_override.map(Tier::get),
            tier_override_reason: self.tier_override_reason.clone().unwrap_or_default(),
            status: self.status.as_str().to_owned(),
            owner: self.owner.clone(),
            dpa_signed: date(self.dpa_signed),
            contract_renewal: date(self.contract_renewal),
            review_cycle_months: self.review_cycle_months,
            last_review: date(self.last_review),
            website: self.website.clone().unwrap_or_default(),
            notes: self.notes.clone(),
            based_on: Some(self.version),
        }
    }
}

/// One link of a sub-processor chain as typed: the vendor served (the client) and what for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(default)]
pub struct LinkDraft {
    #[ts(type = "number")]
    pub client_id: i64,
    /// What it does for that client ("hosts the call recordings").
    pub purpose: String,
    /// The data of that client it processes.
    pub data_categories: Vec<String>,
    /// Where it processes them for that client, as the client says it ("Frankfurt", "eu-west-1").
    pub locations: Vec<String>,
}

impl LinkDraft {
    /// Each link checked and trimmed; a client named twice is refused.
    fn parse_all(links: &[LinkDraft]) -> Result<Vec<LinkDraft>, String> {
        let mut out: Vec<LinkDraft> = Vec::with_capacity(links.len());
        for l in links {
            if out.iter().any(|o| o.client_id == l.client_id) {
                return Err(format!("vendor {} is named twice as a client", l.client_id));
            }
            max_len(&l.purpose, 2000)?;
            out.push(LinkDraft {
                client_id: l.client_id,
                purpose: l.purpose.trim().to_owned(),
                data_categories: crate::clean_list(&l.data_categories, 100)?,
                locations: crate::clean_list(&l.locations, 100)?,
            });
        }
        Ok(out)
    }

    /// The link as the history shows it: the client's name, then what for, which data and where.
    pub fn history_text(&self, client: &str) -> String {
        let parts: Vec<String> = [self.purpose.clone(), self.data_categories.join(", "), self.locations.join(", ")]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            client.to_owned()
        } else {
            format!("{client} ({})", parts.join(" | "))
        }
    }
}

/// One link of a sub-processor chain as stored: `vendor` is a sub-processor of `client`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Link {
    #[ts(type = "number")]
    pub vendor_id: i64,
    pub vendor_name: String,
    #[ts(type = "number")]
    pub client_id: i64,
    pub client_name: String,
    pub purpose: String,
    pub data_categories: Vec<String>,
    pub locations: Vec<String>,
}

/// A link of the chain below a vendor, with how far down it is (1: the vendor's own sub-processors).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ChainStep {
    pub depth: u32,
    pub link: Link,
}

impl Link {
    pub fn to_draft(&self) -> LinkDraft {
        LinkDraft {
            client_id: self.client_id,
            purpose: self.purpose.clone(),
            data_categories: self.data_categories.clone(),
            locations: self.locations.clone(),
        }
    }
}

fn unit<T>(r: &Result<T, String>) -> Result<(), String> {
    r.as_ref().map(|_| ()).map_err(Clone::clone)
}

/// A web address; a bare domain gets `https://` in front.
fn parse_website(raw: &str) -> Result<String, String> {
    let url = if raw.contains("://") { raw.to_owned() } else { format!("https://{raw}") };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("'{raw}' is not a web address: it must start with https://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.contains('.') && !host.starts_with('.') && !url.chars().any(char::is_whitespace) {
        Ok(url)
    } else {
        Err(format!("'{raw}' is not a web address (e.g. https://cloud.google.com)"))
    }
}

fn max_len(raw: &str, max: usize) -> Result<(), String> {
    if raw.trim().chars().count() > max {
        Err(format!("at most {max} characters"))
    } else {
        Ok(())
    }
}

/// Trims entries, drops blanks and duplicates (ignoring case), refuses over-long entries.
#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str) -> VendorDraft {
        VendorDraft { name: name.into(), ..Default::default() }
    }

    #[test]
    fn the_sort_keys_registers_keep_are_these() {
        // Registers keep these keys: when a new collator writes others, this fails, and the
        // change needs a migration that clears the keys kept (they are written again at open).
        let hex = |name: &str| name_sort_key(name).iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(hex("Übersetzungsbüro Meyer"), "532d334d4f33515d5345374f2d534d470443335b334d01459639960c");
        assert_eq!(hex("amazon web services, inc."), "2b432b5d47450457332d044f334d553b2f334f06043b452f08011d");
        assert_eq!(name_sort_key("AMAZON WEB SERVICES, INC."), name_sort_key("amazon web services, inc."));
    }

    #[test]
    fn names_are_listed_with_umlauts_and_accents_among_their_letters_whatever_the_case() {
        let mut names = vec![
            "Zeta Hosting",
            "Übersetzungsbüro Meyer",
            "archiv-Dienst",
            "Ärztekammer IT",
            "Éclair SAS",
            "Oracle",
            "Öko-Cloud",
            "Ubuntu One",
            "amazon",
            "Amazon Web Services",
            "Straße AG",
            "Strasse Logistik",
        ];
        names.sort_by(|a, b| name_order(a, b));
        assert_eq!(
            names,
            [
                "amazon",
                "Amazon Web Services",
                "archiv-Dienst",
                "Ärztekammer IT",
                "Éclair SAS",
                "Öko-Cloud",
                "Oracle",
                "Straße AG",
                "Strasse Logistik",
                "Übersetzungsbüro Meyer",
                "Ubuntu One",
                "Zeta Hosting"
            ]
        );
        // Their sort keys, compared as bytes, give the same order.
        let mut by_key = names.clone();
        by_key.sort_by_key(|n| name_sort_key(n));
        assert_eq!(by_key, names);
        // Case alone makes no difference (as in the unique name index); an accent does.
        assert_eq!(name_order("ÜBERSETZUNGSBÜRO", "übersetzungsbüro"), std::cmp::Ordering::Equal);
        assert_eq!(name_order("Muller", "Müller"), std::cmp::Ordering::Less);
        assert_eq!(name_order("Müller", "Mullet"), std::cmp::Ordering::Less);
    }

    #[test]
    fn names_that_look_the_same_are_the_same_and_direction_tricks_are_refused() {
        let name = |raw: &str| VendorName::parse(raw).map(|n| n.as_str().to_owned());
        assert_eq!(name("Gene\u{200B}sys Cloud\u{FEFF}").unwrap(), "Genesys Cloud");
        // Accents typed as combining marks make the same name as the precomposed letters.
        assert_eq!(name("Lo\u{0301}dz\u{0301} Analytics").unwrap(), "L\u{00F3}d\u{017A} Analytics");
        assert!(name("Acme \u{202E}Ltd").unwrap_err().contains("text-direction"));
    }

    fn fields(r: Result<NewVendor, ValidationErrors>) -> Vec<(String, String)> {
        r.err().map(|e| e.0.into_iter().map(|f| (f.field, f.code)).collect()).unwrap_or_default()
    }

    #[test]
    fn a_name_alone_is_a_valid_proposed_vendor() {
        let v = draft("  Twilio Inc. ").parse().unwrap();
        assert_eq!(v.name.as_str(), "Twilio Inc.");
        assert_eq!(v.status, Status::Proposed);
        assert_eq!(v.tier(), None);
    }

    #[test]
    fn names_are_required_short_and_on_one_line() {
        for bad in ["", "   ", "a\nb", &"x".repeat(201)] {
            assert_eq!(fields(draft(bad).parse()), [("name".into(), "invalid_name".into())], "{bad:?}");
        }
        assert!(draft(&"x".repeat(200)).parse().is_ok());
        assert!(draft("株式会社 Łódź Ærø").parse().is_ok());
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let d = VendorDraft {
            name: "".into(),
            countries: vec!["DE".into(), "XX".into()],
            status: "maybe".into(),
            dpa_signed: "31.12.2026".into(),
            website: "not a site".into(),
            transfer_mechanism: "pigeon".into(),
            review_cycle_months: Some(0),
            ..Default::default()
        };
        let got = fields(d.parse());
        let want = [
            ("name", "invalid_name"),
            ("countries", "unknown_country"),
            ("transfer_mechanism", "unknown_transfer_mechanism"),
            ("status", "unknown_status"),
            ("dpa_signed", "invalid_date"),
            ("review_cycle_months", "invalid_review_cycle"),
            ("website", "invalid_website"),
        ];
        assert_eq!(got, want.map(|(f, c)| (f.to_string(), c.to_string())));
    }

    #[test]
    fn the_country_error_names_the_bad_code() {
        let d = VendorDraft { countries: vec!["ZZ".into()], ..draft("A") };
        let e = d.parse().unwrap_err();
        assert!(e.0[0].message.contains("'ZZ'"), "{}", e.0[0].message);
    }

    #[test]
    fn names_of_one_company_written_two_ways_have_one_key() {
        use super::name_key;
        assert_eq!(name_key("Google Cloud EMEA Limited"), name_key("Google Cloud EMEA Ltd."));
        assert_eq!(name_key("Genesys Cloud Services, Inc."), name_key("genesys cloud services inc"));
        assert_eq!(name_key("Acme G.m.b.H."), name_key("ACME GmbH"));
        assert_eq!(name_key("Twilio Ireland Limited"), "twilio ireland ltd");
        assert_ne!(name_key("Acme GmbH"), name_key("Acme Ltd"), "another legal form is another company");
        assert_ne!(name_key("Google Cloud EMEA Ltd"), name_key("Google Cloud US Ltd"));
    }

    #[test]
    fn lists_are_trimmed_and_deduplicated() {
        let d = VendorDraft {
            services: vec![" Dialogflow CX ".into(), "".into(), "dialogflow cx".into(), "Vertex AI".into()],
            countries: vec!["de".into(), "DE".into(), "ie".into()],
            ..draft("Google Cloud EMEA Ltd")
        };
        let v = d.parse().unwrap();
        assert_eq!(v.services, ["Dialogflow CX", "Vertex AI"]);
        assert_eq!(v.countries.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["DE", "IE"]);
    }

    #[test]
    fn tier_is_computed_and_an_override_needs_a_reason() {
        let mut d = VendorDraft { data_sensitivity: "high".into(), business_impact: "medium".into(), ..draft("A") };
        assert_eq!(d.parse().unwrap().tier(), Some(Tier::CRITICAL));
        d.tier_override = Some(3);
        assert_eq!(fields(d.parse()), [("tier_override_reason".into(), "reason_required".into())]);
        d.tier_override_reason = "only pseudonymised data".into();
        let v = d.parse().unwrap();
        assert_eq!((v.computed_tier(), v.tier()), (Some(Tier::CRITICAL), Some(Tier::STANDARD)));
        d.tier_override = Some(7);
        assert_eq!(fields(d.parse()), [("tier_override".into(), "invalid_tier".into())]);
    }

    #[test]
    fn next_review_needs_a_cycle_and_a_last_review() {
        let mut d = VendorDraft { review_cycle_months: Some(12), ..draft("A") };
        assert_eq!(d.parse().unwrap().next_review(), None);
        d.last_review = "2026-02-28".into();
        assert_eq!(d.parse().unwrap().next_review(), NaiveDate::from_ymd_opt(2027, 2, 28));
    }

    #[test]
    fn a_check_derives_what_it_can_beside_the_errors() {
        let d = VendorDraft {
            countries: vec!["XX".into()],
            data_sensitivity: "medium".into(),
            business_impact: "high".into(),
            review_cycle_months: Some(6),
            last_review: "2026-08-31".into(),
            ..draft("A")
        };
        let c = d.check();
        assert_eq!(c.errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["countries"]);
        assert_eq!(c.computed_tier, Some(Tier::CRITICAL));
        assert_eq!(c.next_review, NaiveDate::from_ymd_opt(2027, 2, 28));
        assert_eq!(draft("B").check(), DraftCheck { errors: vec![], computed_tier: None, next_review: None });
    }

    #[test]
    fn statuses_and_mechanisms_accept_human_spellings() {
        assert_eq!(Status::parse("In Review"), Ok(Status::InReview));
        assert_eq!(Status::parse("approved-with-conditions"), Ok(Status::ApprovedWithConditions));
        assert_eq!(TransferMechanism::parse("SCC"), Ok(TransferMechanism::Sccs));
        assert_eq!(TransferMechanism::parse("EU US DPF"), Ok(TransferMechanism::EuUsDpf));
    }

    #[test]
    fn websites_get_a_scheme_and_need_a_host() {
        assert_eq!(parse_website("cloud.google.com").unwrap(), "https://cloud.google.com");
        assert_eq!(parse_website("http://a.example/x").unwrap(), "http://a.example/x");
        for bad in ["ftp://a.example", "https://", "localhost", "a b.com", "javascript:alert(1)"] {
            assert!(parse_website(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_stored_vendor_round_trips_through_its_draft() {
        let d = VendorDraft {
            services: vec!["Dialogflow CX".into()],
            countries: vec!["DE".into()],
            transfer_mechanism: "sccs".into(),
            data_sensitivity: "high".into(),
            business_impact: "high".into(),
            status: "approved".into(),
            dpa_signed: "2025-03-01".into(),
            review_cycle_months: Some(12),
            last_review: "2026-03-01".into(),
            website: "https://cloud.google.com".into(),
            ..draft("Google Cloud EMEA Ltd")
        };
        let v = d.parse().unwrap();
        let stored = Vendor {
            id: 1,
            name: v.name.as_str().into(),
            services: v.services.clone(),
            serves: vec![],
            sub_processors: vec![],
            purpose: v.purpose.clone(),
            data_categories: vec![],
            special_categories: false,
            data_subjects: vec![],
            countries: vec!["DE".into()],
            transfer_mechanism: v.transfer_mechanism,
            data_sensitivity: v.data_sensitivity,
            business_impact: v.business_impact,
            computed_tier: v.computed_tier(),
            tier_override: None,
            tier_override_reason: None,
            tier: v.tier(),
            status: v.status,
            owner: String::new(),
            dpa_signed: v.dpa_signed,
            contract_renewal: None,
            review_cycle_months: Some(12),
            last_review: v.last_review,
            next_review: v.next_review(),
            website: v.website.clone(),
            notes: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
            version: 0,
        };
        // The draft starts from the stored version, for a save to tell whether it is stale.
        assert_eq!(stored.to_draft(), VendorDraft { based_on: Some(0), ..d });
    }
}

/// A text of a list kept as written because Vetted read it only in part.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ListNote {
    /// The location as listed (parts of it are not countries).
    Location { value: String },
    /// The transfer mechanism as listed (not one Vetted knows).
    Transfer { value: String },
    /// The status as listed (not one Vetted knows; the vendor is proposed).
    Status { value: String },
}
