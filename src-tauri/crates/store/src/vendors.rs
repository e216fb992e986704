//! SQL for vendors: create, update, archive, fetch, resolve by id or name, and the filtered, sorted, windowed register list.

use super::db;
use super::history::{self, HistoryAction};
use super::{ChangeContext, Store};
use crate::domain::{ChainStep, Level, Link, LinkDraft, NewVendor, Status, Tier, TransferMechanism, Vendor};
use crate::engine::{on_conn, on_pool};
use crate::engine::{Conn, Keys, Kind, Sep};
use crate::error::{Clash, Error, Result, ValidationErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::QueryBuilder;
use ts_rs::TS;
use vetted_domain::assessment::Verdict;
use vetted_domain::Thing;

/// What the register list shows, filtered and sorted in SQL, one window at a time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ListQuery {
    /// Matched against name, purpose and services, ignoring case.
    pub search: String,
    /// Only this status; when absent, every status but offboarded (unless `include_archived`).
    pub status: Option<Status>,
    pub tier: Option<Tier>,
    /// ISO 3166-1 alpha-2 code of a processing country.
    pub country: Option<String>,
    /// Only the sub-processors of this vendor (those with a link to it).
    #[ts(type = "number | null")]
    pub client_id: Option<i64>,
    /// Only vendors whose latest saved assessment has this verdict.
    pub verdict: Option<Verdict>,
    /// Only vendors with open conditions, or with conditions open past their due date.
    pub conditions: Option<ConditionFilter>,
    /// The day "overdue" is told on; the register fills it in when absent.
    pub today: Option<NaiveDate>,
    pub include_archived: bool,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: u32,
    /// At most this many rows (capped at 1,000; 0 means 100).
    pub limit: u32,
}

/// Which vendors the register shows by their conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConditionFilter {
    /// At least one condition open or in progress.
    Open,
    /// At least one of them past its due date.
    Overdue,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Name,
    Status,
    Tier,
    NextReview,
    UpdatedAt,
    /// Names that match the search first (the whole name, then its start, then anywhere in it),
    /// then vendors found by their other text: what a picker offers.
    Relevance,
}

/// One row of the register list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct VendorSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub services: Vec<String>,
    /// The vendors it is a sub-processor of, by name.
    pub serves: Vec<VendorRef>,
    pub status: Status,
    pub tier: Option<Tier>,
    pub countries: Vec<String>,
    pub owner: String,
    pub next_review: Option<NaiveDate>,
    pub updated_at: String,
    /// The verdict of the latest saved assessment; absent when never assessed.
    pub verdict: Option<Verdict>,
    /// Conditions open or in progress.
    pub open_conditions: u32,
}

/// A window of the filtered register, and how many vendors match in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ListPage {
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<VendorSummary>,
}

/// The values the filters offer: countries in use and vendors that have sub-processors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Facets {
    pub countries: Vec<String>,
    pub clients: Vec<VendorRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct VendorRef {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

const SEP: char = '\u{1f}';
/// Between a client's id and name in `SERVES`.
const SEP_ID: char = '\u{1e}';

/// The verdict of vendor `v`'s latest saved assessment.
const LATEST_VERDICT: &str = "(SELECT a.verdict FROM assessments a WHERE a.vendor_id = v.id ORDER BY a.id DESC LIMIT 1)";
/// A condition `c` still to be met.
const OPEN: &str = "c.state IN ('open', 'in_progress')";
/// How many of vendor `v`'s conditions are still to be met.
const OPEN_CONDITIONS: &str = "(SELECT count(*) FROM conditions c WHERE c.vendor_id = v.id AND c.state IN ('open', 'in_progress'))";

/// The vendors `v` serves, by name: each id, U+001E and name, joined by U+001F.
fn serves(k: Kind) -> String {
    format!(
        "(SELECT {} FROM vendor_links l JOIN vendors c ON c.id = l.client_id WHERE l.vendor_id = v.id) AS serves",
        k.concat_rows(&format!("l.client_id || {} || c.name", k.sep(Sep::Record)), Sep::Unit, "c.name_sort")
    )
}

/// Services and countries of a vendor `v`, in their order, joined by U+001F.
fn lists(k: Kind) -> String {
    format!(
        "(SELECT {} FROM vendor_services s WHERE s.vendor_id = v.id) AS services, \
         (SELECT {} FROM vendor_countries c WHERE c.vendor_id = v.id) AS countries",
        k.concat_rows("s.name", Sep::Unit, "s.position"),
        k.concat_rows("c.code", Sep::Unit, "c.position")
    )
}

#[derive(sqlx::FromRow)]
struct VendorRow {
    id: i64,
    name: String,
    purpose: String,
    data_categories: String,
    data_subjects: String,
    transfer_mechanism: Option<String>,
    data_sensitivity: Option<String>,
    business_impact: Option<String>,
    tier_override: Option<i64>,
    tier_override_reason: Option<String>,
    status: String,
    owner: String,
    dpa_signed: Option<NaiveDate>,
    contract_renewal: Option<NaiveDate>,
    review_cycle_months: Option<i64>,
    last_review: Option<NaiveDate>,
    next_review: Option<NaiveDate>,
    website: Option<String>,
    notes: String,
    created_at: String,
    updated_at: String,
    services: Option<String>,
    countries: Option<String>,
    /// The newest history entry of the vendor (read where an edit may start from it).
    #[sqlx(default)]
    version: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    name: String,
    serves: Option<String>,
    status: String,
    tier: Option<i64>,
    owner: String,
    next_review: Option<NaiveDate>,
    updated_at: String,
    services: Option<String>,
    countries: Option<String>,
    verdict: Option<String>,
    open_conditions: i64,
}

fn split(joined: Option<String>) -> Vec<String> {
    joined.map(|s| s.split(SEP).map(str::to_owned).collect()).unwrap_or_default()
}

pub(crate) fn corrupt(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Corrupt(format!("{what}: {e}"))
}

fn stored_tier(n: Option<i64>) -> Result<Option<Tier>> {
    n.map(|n| u8::try_from(n).map_err(|e| e.to_string()).and_then(Tier::new)).transpose().map_err(|e| corrupt("tier", e))
}

fn stored<T>(raw: Option<String>, parse: fn(&str) -> Result<T, String>, what: &str) -> Result<Option<T>> {
    raw.map(|r| parse(&r)).transpose().map_err(|e| corrupt(what, e))
}

fn refs(joined: Option<String>) -> Result<Vec<VendorRef>> {
    split(joined)
        .into_iter()
        .map(|r| {
            let (id, name) = r.split_once(SEP_ID).ok_or_else(|| corrupt("a link", &r))?;
            Ok(VendorRef { id: id.parse().map_err(|e| corrupt("a link", e))?, name: name.to_owned() })
        })
        .collect()
}

impl VendorRow {
    /// The vendor with its links (`serves`: it is the sub-processor; `sub_processors`: it is the client).
    fn into_vendor(self, serves: Vec<Link>, sub_processors: Vec<Link>) -> Result<Vendor> {
        let mut v = Vendor::try_from(self)?;
        v.serves = serves;
        v.sub_processors = sub_processors;
        Ok(v)
    }
}

impl TryFrom<VendorRow> for Vendor {
    type Error = Error;
    fn try_from(r: VendorRow) -> Result<Vendor> {
        let data_categories: Vec<String> = serde_json::from_str(&r.data_categories).map_err(|e| corrupt("data categories", e))?;
        let data_sensitivity = stored(r.data_sensitivity, Level::parse, "data sensitivity")?;
        let business_impact = stored(r.business_impact, Level::parse, "business impact")?;
        let tier_override = stored_tier(r.tier_override)?;
        let computed_tier = Tier::from_levels(data_sensitivity, business_impact);
        Ok(Vendor {
            id: r.id,
            name: r.name,
            services: split(r.services),
            serves: vec![],
            sub_processors: vec![],
            purpose: r.purpose,
            special_categories: data_categories.iter().any(|c| crate::domain::vendor::is_special_category(c)),
            data_categories,
            data_subjects: serde_json::from_str(&r.data_subjects).map_err(|e| corrupt("data subjects", e))?,
            countries: split(r.countries),
            transfer_mechanism: stored(r.transfer_mechanism, TransferMechanism::parse, "transfer mechanism")?,
            data_sensitivity,
            business_impact,
            computed_tier,
            tier: tier_override.or(computed_tier),
            tier_override,
            tier_override_reason: r.tier_override_reason,
            status: Status::parse(&r.status).map_err(|e| corrupt("status", e))?,
            owner: r.owner,
            dpa_signed: r.dpa_signed,
            contract_renewal: r.contract_renewal,
            review_cycle_months: r.review_cycle_months.map(|m| m as u32),
            last_review: r.last_review,
            next_review: r.next_review,
            website: r.website,
            notes: r.notes,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version.unwrap_or(0),
        })
    }
}

impl TryFrom<SummaryRow> for VendorSummary {
    type Error = Error;
    fn try_from(r: SummaryRow) -> Result<VendorSummary> {
        Ok(VendorSummary {
            id: r.id,
            name: r.name,
            services: split(r.services),
            serves: refs(r.serves)?,
            status: Status::parse(&r.status).map_err(|e| corrupt("status", e))?,
            tier: stored_tier(r.tier)?,
            countries: split(r.countries),
            owner: r.owner,
            next_review: r.next_review,
            updated_at: r.updated_at,
            verdict: r
                .verdict
                .map(|v| serde_json::from_value(serde_json::Value::String(v)))
                .transpose()
                .map_err(|e| corrupt("verdict", e))?,
            open_conditions: r.open_conditions as u32,
        })
    }
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    vendor_id: i64,
    vendor_name: String,
    client_id: i64,
    client_name: String,
    purpose: String,
    data_categories: String,
    locations: String,
}

impl TryFrom<LinkRow> for Link {
    type Error = Error;
    fn try_from(r: LinkRow) -> Result<Link> {
        Ok(Link {
            vendor_id: r.vendor_id,
            vendor_name: r.vendor_name,
            client_id: r.client_id,
            client_name: r.client_name,
            purpose: r.purpose,
            data_categories: serde_json::from_str(&r.data_categories).map_err(|e| corrupt("a link's data categories", e))?,
            locations: serde_json::from_str(&r.locations).map_err(|e| corrupt("a link's locations", e))?,
        })
    }
}

/// Which end of its links a vendor's list of them is read from.
#[derive(Clone, Copy)]
enum LinksOf {
    /// The vendor is the sub-processor: its links in the order they were given.
    Vendor,
    /// The vendor is the client: its sub-processors by name.
    Client,
}

/// The links of the chain `which` selects (a condition on `l`, binding `?1`), in the order of `of`.
fn links_sql(which: &str, of: LinksOf) -> String {
    let order = match of {
        LinksOf::Vendor => "l.vendor_id, l.position, c.name_sort",
        LinksOf::Client => "l.client_id, s.name_sort, l.vendor_id",
    };
    format!(
        "SELECT l.vendor_id, s.name AS vendor_name, l.client_id, c.name AS client_name, l.purpose, l.data_categories, l.locations \
         FROM vendor_links l JOIN vendors s ON s.id = l.vendor_id JOIN vendors c ON c.id = l.client_id \
         WHERE {which} ORDER BY {order}"
    )
}

async fn fetch_links(conn: &mut Conn, which: &str, of: LinksOf, id: Option<i64>) -> Result<Vec<Link>> {
    let rows: Vec<LinkRow> = on_conn!(&mut *conn, ex => sqlx::query_as(&links_sql(which, of)).bind(id).fetch_all(ex).await).map_err(db)?;
    rows.into_iter().map(Link::try_from).collect()
}

/// The history's actions that change a vendor's own fields (what an edit of them can clash with;
/// a certification added or a new verdict meanwhile does not).
const FIELD_CHANGES: &str = "('create', 'update', 'archive', 'approve')";

pub(crate) async fn fetch_vendor(conn: &mut Conn, id: i64) -> Result<Vendor> {
    let sql = format!(
        "SELECT v.*, {}, (SELECT MAX(h.id) FROM history h WHERE h.vendor_id = v.id AND h.action IN {FIELD_CHANGES}) AS version \
         FROM vendors v WHERE v.id = $1",
        lists(conn.kind())
    );
    let row: Option<VendorRow> = on_conn!(&mut *conn, ex => sqlx::query_as(&sql).bind(id).fetch_optional(ex).await).map_err(db)?;
    let row = row.ok_or_else(|| Error::no_such(Thing::Vendor, id))?;
    let serves = fetch_links(conn, "l.vendor_id = $1", LinksOf::Vendor, Some(id)).await?;
    let subs = fetch_links(conn, "l.client_id = $1", LinksOf::Client, Some(id)).await?;
    row.into_vendor(serves, subs)
}

/// A name's first letter or digit, in lower case: "j" for "J.P. Morgan SE" and for "JP Morgan
/// SE". A name written another way (`name_key` drops dots and other punctuation, and reads "Ltd"
/// for "Limited") begins with it too, unless punctuation comes first ("(Acme) Ltd"). Empty when
/// the name begins with punctuation: then every vendor is a candidate.
fn first_letter(name: &str) -> String {
    name.chars().take_while(|c| c.is_alphanumeric()).take(1).flat_map(char::to_lowercase).collect()
}

/// The vendors (but `except`) whose names might be `name` written another way: those beginning
/// with its first letter, in either case (a register file's `LIKE` folds ASCII letters only);
/// their `name_key`s decide.
async fn name_candidates(conn: &mut Conn, name: &str, except: Option<i64>) -> Result<Vec<(i64, String)>> {
    let lower = first_letter(name);
    let upper: String = lower.chars().flat_map(char::to_uppercase).collect();
    let k = conn.kind();
    let sql = format!(
        "SELECT id, name FROM vendors WHERE ({} OR {}) AND id IS DISTINCT FROM $2 ORDER BY id",
        k.starts_like("name", "$1"),
        k.starts_like("name", "$3")
    );
    on_conn!(&mut *conn, ex => sqlx::query_as(&sql)
        .bind(format!("{lower}%"))
        .bind(except)
        .bind(format!("{upper}%"))
        .fetch_all(ex)
        .await)
    .map_err(db)
}

/// Refuses a name another vendor (but `except`) already has: the same ignoring case, or the same
/// company's name written another way (`name_key`: "Ltd" for "Limited", punctuation aside).
async fn check_name_free(conn: &mut Conn, name: &str, except: Option<i64>) -> Result<()> {
    let mut taken = TakenNames::default();
    for (id, other) in name_candidates(conn, name, except).await? {
        taken.note(id, &other);
    }
    taken.refuse_taken(name)
}

/// The refusal of `name`, which vendor `id` has as `other` (the same, or written another way).
fn name_taken(name: &str, id: i64, other: &str) -> Error {
    let mut refused = ValidationErrors::default();
    let message = if other.to_lowercase() == name.to_lowercase() {
        format!("a vendor named '{name}' is already in the register (id {id})")
    } else {
        format!("'{name}' is the name of a vendor already in the register, written another way: '{other}' (id {id})")
    };
    refused.push_value("name", "name_taken", name, message);
    refused.into()
}

/// The names a transaction checks new vendors against and finds vendors by: the register's vendors
/// whose names begin with the same letter (read once per letter, each name's key made once), and
/// the vendors the transaction has added so far. An import of hundreds of names that begin alike
/// ("Sub-processor 1 Ltd", ...) reads them once, not once a name.
#[derive(Default)]
struct TakenNames {
    letters: std::collections::HashSet<String>,
    /// Each name in lower case, and each name's key, with the vendor (the lowest id) that has it.
    lower: std::collections::HashMap<String, (i64, String)>,
    keys: std::collections::HashMap<String, (i64, String)>,
}

impl TakenNames {
    fn note(&mut self, id: i64, name: &str) {
        for (map, k) in [(&mut self.lower, name.to_lowercase()), (&mut self.keys, crate::domain::name_key(name))] {
            let slot = map.entry(k).or_insert_with(|| (id, name.to_owned()));
            if id < slot.0 {
                *slot = (id, name.to_owned());
            }
        }
    }

    /// Reads the register's vendors whose names begin with `name`'s first letter, once per letter.
    async fn load(&mut self, conn: &mut Conn, name: &str) -> Result<()> {
        if self.letters.insert(first_letter(name)) {
            for (id, other) in name_candidates(conn, name, None).await? {
                self.note(id, &other);
            }
        }
        Ok(())
    }

    /// The vendor named `name` as one company's names compare (`name_key`), if any.
    async fn find(&mut self, conn: &mut Conn, name: &str) -> Result<Option<i64>> {
        self.load(conn, name).await?;
        Ok(self.keys.get(&crate::domain::name_key(name)).map(|(id, _)| *id))
    }

    async fn check(&mut self, conn: &mut Conn, name: &str) -> Result<()> {
        self.load(conn, name).await?;
        self.refuse_taken(name)
    }

    /// Refuses `name` when a vendor noted has it, ignoring case, or written another way.
    fn refuse_taken(&self, name: &str) -> Result<()> {
        match self.lower.get(&name.to_lowercase()).or_else(|| self.keys.get(&crate::domain::name_key(name))) {
            Some((id, other)) => Err(name_taken(name, *id, other)),
            None => Ok(()),
        }
    }
}

/// Checks that every client exists and that no link would make the chain a loop (the vendor
/// serving, through its clients, itself); returns the clients' names in the order of the links.
async fn check_links(conn: &mut Conn, links: &[LinkDraft], vendor: Option<i64>) -> Result<Vec<String>> {
    let mut names = Vec::with_capacity(links.len());
    for link in links {
        let client = link.client_id;
        let name: Option<(String,)> =
            on_conn!(&mut *conn, ex => sqlx::query_as("SELECT name FROM vendors WHERE id = $1").bind(client).fetch_optional(ex).await)
                .map_err(db)?;
        let Some((name,)) = name else {
            return Err(Error::field("serves", "unknown_parent", format!("there is no vendor with id {client} to be served")));
        };
        if let Some(vendor) = vendor {
            // Up the chain from the client: the vendor must not be found among the client's clients.
            let looped: Option<(i64,)> = on_conn!(&mut *conn, ex => sqlx::query_as(
                "WITH RECURSIVE chain(id) AS (SELECT $1 UNION SELECT l.client_id FROM vendor_links l \
                 JOIN chain ON l.vendor_id = chain.id) SELECT id FROM chain WHERE id = $2",
            )
            .bind(client)
            .bind(vendor)
            .fetch_optional(ex)
            .await)
            .map_err(db)?;
            if looped.is_some() {
                return Err(Error::field(
                    "serves",
                    "parent_cycle",
                    format!("'{name}' cannot be served by this vendor: it is this vendor or one that serves it"),
                ));
            }
        }
        names.push(name);
    }
    Ok(names)
}

/// Replaces the links of vendor `id` by `links`, in their order.
async fn write_links(conn: &mut Conn, id: i64, links: &[LinkDraft]) -> Result<()> {
    on_conn!(&mut *conn, ex => sqlx::query("DELETE FROM vendor_links WHERE vendor_id = $1").bind(id).execute(ex).await.map(|r| r.rows_affected())).map_err(db)?;
    for (i, l) in links.iter().enumerate() {
        insert_link(conn, id, i as i64, l).await?;
    }
    Ok(())
}

async fn insert_link(conn: &mut Conn, id: i64, position: i64, l: &LinkDraft) -> Result<()> {
    on_conn!(&mut *conn, ex => sqlx::query("INSERT INTO vendor_links (vendor_id, client_id, position, purpose, data_categories, locations) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(l.client_id)
        .bind(position)
        .bind(&l.purpose)
        .bind(json_list(&l.data_categories))
        .bind(json_list(&l.locations))
        .execute(ex)
        .await.map(|r| r.rows_affected()))
        .map_err(db)?;
    Ok(())
}

fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).expect("a list of strings serialises")
}

async fn write_lists(conn: &mut Conn, id: i64, v: &NewVendor) -> Result<()> {
    on_conn!(&mut *conn, ex => sqlx::query("DELETE FROM vendor_services WHERE vendor_id = $1").bind(id).execute(ex).await.map(|r| r.rows_affected())).map_err(db)?;
    on_conn!(&mut *conn, ex => sqlx::query("DELETE FROM vendor_countries WHERE vendor_id = $1").bind(id).execute(ex).await.map(|r| r.rows_affected())).map_err(db)?;
    for (i, s) in v.services.iter().enumerate() {
        on_conn!(&mut *conn, ex => sqlx::query("INSERT INTO vendor_services (vendor_id, position, name) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(i as i64)
            .bind(s)
            .execute(ex)
            .await.map(|r| r.rows_affected()))
        .map_err(db)?;
    }
    for (i, c) in v.countries.iter().enumerate() {
        on_conn!(&mut *conn, ex => sqlx::query("INSERT INTO vendor_countries (vendor_id, position, code) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(i as i64)
            .bind(c.as_str())
            .execute(ex)
            .await.map(|r| r.rows_affected()))
        .map_err(db)?;
    }
    Ok(())
}

/// Binds the vendor `v`'s columns to the query `q`, in the order of `COLUMNS`, `at` last.
macro_rules! bind_columns {
    ($q:expr, $v:expr, $at:expr) => {
        $q.bind($v.name.as_str())
            .bind(crate::domain::name_sort_key($v.name.as_str()))
            .bind(&$v.purpose)
            .bind(json_list(&$v.data_categories))
            .bind(json_list(&$v.data_subjects))
            .bind($v.transfer_mechanism.map(TransferMechanism::as_str))
            .bind($v.data_sensitivity.map(Level::as_str))
            .bind($v.business_impact.map(Level::as_str))
            .bind($v.tier_override.as_ref().map(|(t, _)| t.get() as i64))
            .bind($v.tier_override.as_ref().map(|(_, r)| r.as_str()))
            .bind($v.tier().map(|t| t.get() as i64))
            .bind($v.status.as_str())
            .bind(&$v.owner)
            .bind($v.dpa_signed)
            .bind($v.contract_renewal)
            .bind($v.review_cycle.map(|c| c.get() as i64))
            .bind($v.last_review)
            .bind($v.next_review())
            .bind($v.search_text())
            .bind($v.website.as_deref())
            .bind(&$v.notes)
            .bind($at)
    };
}

const COLUMNS: [&str; 22] = [
    "name",
    "name_sort",
    "purpose",
    "data_categories",
    "data_subjects",
    "transfer_mechanism",
    "data_sensitivity",
    "business_impact",
    "tier_override",
    "tier_override_reason",
    "tier",
    "status",
    "owner",
    "dpa_signed",
    "contract_renewal",
    "review_cycle_months",
    "last_review",
    "next_review",
    "search_text",
    "website",
    "notes",
    "updated_at",
];

/// Inserts one vendor with its lists and its `create` history entry.
async fn insert_vendor(conn: &mut Conn, ctx: &ChangeContext, v: &NewVendor, taken: &mut TakenNames) -> Result<i64> {
    taken.check(conn, v.name.as_str()).await?;
    let clients = check_links(conn, &v.serves, None).await?;
    let sql = format!(
        "INSERT INTO vendors ({}, created_at) VALUES ({}, ${}) RETURNING id",
        COLUMNS.join(", "),
        (1..=COLUMNS.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", "),
        COLUMNS.len() + 1
    );
    let at = ctx.timestamp();
    let id: i64 =
        on_conn!(&mut *conn, ex => bind_columns!(sqlx::query_scalar(&sql), v, at.clone()).bind(&at).fetch_one(ex).await).map_err(db)?;
    write_lists(conn, id, v).await?;
    write_links(conn, id, &v.serves).await?;
    taken.note(id, v.name.as_str());
    history::record(conn, ctx, id, HistoryAction::Create, None, None, Some(v.name.as_str())).await?;
    if !v.serves.is_empty() {
        history::record(conn, ctx, id, HistoryAction::Update, Some("serves"), Some(""), Some(&v.serves_text(&clients))).await?;
    }
    Ok(id)
}

/// Writes the changed fields of vendor `id` and one history entry per changed field.
pub(crate) async fn change_vendor(conn: &mut Conn, ctx: &ChangeContext, id: i64, v: &NewVendor, action: HistoryAction) -> Result<()> {
    let old = fetch_vendor(conn, id).await?;
    // A name kept as it was is not checked again: it was when it was given, and an edit of
    // something else (a link added by a chain's import, say) need not read every vendor whose
    // name begins alike.
    if v.name.as_str() != old.name {
        check_name_free(conn, v.name.as_str(), Some(id)).await?;
    }
    let new_clients = check_links(conn, &v.serves, Some(id)).await?;
    let before = old.to_draft().parse().map_err(|e| corrupt("stored vendor", e))?;
    let old_clients: Vec<String> = old.serves.iter().map(|l| l.client_name.clone()).collect();
    let changes: Vec<_> = before
        .history_fields(&old_clients)
        .into_iter()
        .zip(v.history_fields(&new_clients))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, a), (_, b))| (field, a, b))
        .collect();
    if changes.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "UPDATE vendors SET {} WHERE id = ${}",
        COLUMNS.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 1)).collect::<Vec<_>>().join(", "),
        COLUMNS.len() + 1
    );
    on_conn!(&mut *conn, ex => bind_columns!(sqlx::query(&sql), v, ctx.timestamp()).bind(id).execute(ex).await.map(|_| ())).map_err(db)?;
    write_lists(conn, id, v).await?;
    write_links(conn, id, &v.serves).await?;
    for (field, a, b) in changes {
        history::record(conn, ctx, id, action, Some(field), Some(&a), Some(&b)).await?;
    }
    Ok(())
}

fn push_filters<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, q: &'a ListQuery)
where
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    NaiveDate: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    qb.push(" WHERE 1=1");
    match q.status {
        Some(s) => {
            qb.push(" AND v.status = ").push_bind(s.as_str());
        }
        None if !q.include_archived => {
            qb.push(" AND v.status <> 'offboarded'");
        }
        None => {}
    }
    if let Some(t) = q.tier {
        qb.push(" AND v.tier = ").push_bind(t.get() as i64);
    }
    if let Some(c) = q.country.as_deref().filter(|c| !c.is_empty()) {
        qb.push(" AND EXISTS (SELECT 1 FROM vendor_countries c WHERE c.vendor_id = v.id AND c.code = ")
            .push_bind(c.to_ascii_uppercase())
            .push(")");
    }
    if let Some(c) = q.client_id {
        qb.push(" AND EXISTS (SELECT 1 FROM vendor_links l WHERE l.vendor_id = v.id AND l.client_id = ").push_bind(c).push(")");
    }
    if let Some(v) = q.verdict {
        qb.push(format!(" AND {LATEST_VERDICT} = ")).push_bind(crate::domain::wire_name(&v));
    }
    match q.conditions {
        Some(ConditionFilter::Open) => {
            qb.push(format!(" AND EXISTS (SELECT 1 FROM conditions c WHERE c.vendor_id = v.id AND {OPEN})"));
        }
        Some(ConditionFilter::Overdue) => {
            let today = q.today.unwrap_or(NaiveDate::MAX);
            qb.push(format!(" AND EXISTS (SELECT 1 FROM conditions c WHERE c.vendor_id = v.id AND {OPEN} AND c.due < "))
                .push_bind(today)
                .push(")");
        }
        None => {}
    }
    let search = q.search.trim().to_lowercase();
    if !search.is_empty() {
        let pattern = format!("%{}%", search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        qb.push(" AND v.search_text LIKE ").push_bind(pattern).push(" ESCAPE '\\'");
    }
}

/// A list of vendors imported into the register: its history entry, file, when and by whom, the
/// vendors it added, and whether it was undone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ListImport {
    /// The history entry that recorded it.
    #[ts(type = "number")]
    pub id: i64,
    pub file_name: String,
    pub at: String,
    pub by: String,
    #[ts(type = "Array<number>")]
    pub vendors: Vec<i64>,
    /// Links of the chain it added to vendors (new or already there), as (vendor, client).
    #[ts(type = "Array<[number, number]>")]
    pub links: Vec<(i64, i64)>,
    pub undone: bool,
}

/// What a list import's history entry holds: the vendors it added (a bare list, as written before
/// chains), and the links.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Imported {
    Vendors(Vec<i64>),
    Chain { vendors: Vec<i64>, links: Vec<(i64, i64)> },
}

impl Imported {
    fn into_parts(self) -> (Vec<i64>, Vec<(i64, i64)>) {
        match self {
            Imported::Vendors(v) => (v, vec![]),
            Imported::Chain { vendors, links } => (vendors, links),
        }
    }
}

/// Records a list import (the vendors and links it added) in its transaction, and commits it.
async fn finish_import(
    mut tx: crate::engine::WriteTx,
    ctx: &ChangeContext,
    file_name: &str,
    vendors: Vec<i64>,
    links: Vec<(i64, i64)>,
) -> Result<ListImport> {
    let imported = if links.is_empty() { Imported::Vendors(vendors) } else { Imported::Chain { vendors, links } };
    let after = serde_json::to_string(&imported).expect("ids serialise");
    history::record(&mut tx, ctx, None, HistoryAction::ImportList, Some(file_name), None, Some(&after)).await?;
    let (entry,): (i64,) = on_conn!(&mut tx, ex => sqlx::query_as("SELECT MAX(id) FROM history").fetch_one(ex).await).map_err(db)?;
    tx.commit().await.map_err(db)?;
    let (vendors, links) = imported.into_parts();
    Ok(ListImport { id: entry, file_name: file_name.to_owned(), at: ctx.timestamp(), by: ctx.actor.clone(), vendors, links, undone: false })
}

impl Store {
    /// Writes the sort key of each vendor's name where there is none (every vendor of a register
    /// upgraded to keep them), in one transaction. Derived from the name, as `search_text` is: no
    /// history entry of its own.
    pub(crate) async fn write_name_sort_keys(&self) -> Result<()> {
        let mut tx = self.write().await?;
        let rows: Vec<(i64, String)> =
            on_conn!(&mut tx, ex => sqlx::query_as("SELECT id, name FROM vendors WHERE name_sort IS NULL").fetch_all(ex).await)
                .map_err(db)?;
        for (id, name) in &rows {
            on_conn!(&mut tx, ex => sqlx::query("UPDATE vendors SET name_sort = $1 WHERE id = $2")
                .bind(crate::domain::name_sort_key(name))
                .bind(id)
                .execute(ex)
                .await
                .map(|_| ()))
            .map_err(db)?;
        }
        tx.commit().await.map_err(db)
    }

    pub async fn create_vendor(&self, ctx: &ChangeContext, v: &NewVendor) -> Result<Vendor> {
        let mut tx = self.write().await?;
        let id = insert_vendor(&mut tx, ctx, v, &mut TakenNames::default()).await?;
        let vendor = fetch_vendor(&mut tx, id).await?;
        tx.commit().await.map_err(db)?;
        Ok(vendor)
    }

    /// Adds a vendor as `draft` has it, or, when one of its name (as one company's names compare)
    /// is in the register already, adds the draft's links to that one instead: how a
    /// sub-processor found in a report joins the chain whether or not the register knows it.
    pub async fn create_or_link(&self, ctx: &ChangeContext, v: &NewVendor) -> Result<Vendor> {
        let mut tx = self.write().await?;
        let mut taken = TakenNames::default();
        let id = match taken.find(&mut tx, v.name.as_str()).await? {
            Some(id) => {
                let mut d = fetch_vendor(&mut tx, id).await?.to_draft();
                for l in &v.serves {
                    if !d.serves.iter().any(|o| o.client_id == l.client_id) {
                        d.serves.push(l.clone());
                    }
                }
                change_vendor(&mut tx, ctx, id, &d.parse()?, HistoryAction::Update).await?;
                id
            }
            None => insert_vendor(&mut tx, ctx, v, &mut taken).await?,
        };
        let vendor = fetch_vendor(&mut tx, id).await?;
        tx.commit().await.map_err(db)?;
        Ok(vendor)
    }

    /// Creates many vendors in one transaction: all or none. A vendor may serve one named by its
    /// index in `vendors` (an earlier one) through `parent_index` (a link without purpose).
    pub async fn create_vendors(&self, ctx: &ChangeContext, vendors: &[(NewVendor, Option<usize>)]) -> Result<Vec<i64>> {
        let mut tx = self.write().await?;
        let mut ids: Vec<i64> = Vec::with_capacity(vendors.len());
        let mut taken = TakenNames::default();
        for (v, parent_index) in vendors {
            let mut v = v.clone();
            if let Some(i) = parent_index {
                let client_id = *ids.get(*i).ok_or_else(|| {
                    Error::field("serves", "unknown_parent", format!("the client of '{}' must come before it", v.name.as_str()))
                })?;
                v.serves = vec![LinkDraft { client_id, ..Default::default() }];
            }
            ids.push(insert_vendor(&mut tx, ctx, &v, &mut taken).await?);
        }
        tx.commit().await.map_err(db)?;
        Ok(ids)
    }

    /// Adds the vendors of an imported list in one transaction, with one history entry that names
    /// the file and the new vendors, so the import can be undone as a whole.
    pub async fn import_vendor_list(&self, ctx: &ChangeContext, file_name: &str, vendors: &[NewVendor]) -> Result<ListImport> {
        let mut tx = self.write().await?;
        let mut ids: Vec<i64> = Vec::with_capacity(vendors.len());
        let mut taken = TakenNames::default();
        for v in vendors {
            ids.push(insert_vendor(&mut tx, ctx, v, &mut taken).await?);
        }
        finish_import(tx, ctx, file_name, ids, vec![]).await
    }

    /// The whole chain below vendor `id`: its sub-processors, theirs, and so on (at most six
    /// levels), each link with its depth (1: the vendor's own sub-processors), in the order a tree
    /// of it reads (each level by name). A sub-processor reached on two paths is listed on each.
    pub async fn chain_below(&self, id: i64) -> Result<Vec<ChainStep>> {
        let mut conn = self.pool.acquire().await?;
        let reachable: Vec<(i64,)> = on_conn!(&mut conn, ex => sqlx::query_as(
            "WITH RECURSIVE down(id, depth) AS (SELECT $1, 0 UNION \
             SELECT l.vendor_id, d.depth + 1 FROM vendor_links l JOIN down d ON l.client_id = d.id WHERE d.depth < 6) \
             SELECT DISTINCT id FROM down",
        )
        .bind(id)
        .fetch_all(ex)
        .await)
        .map_err(db)?;
        let ids = serde_json::to_string(&reachable.iter().map(|(i,)| *i).collect::<Vec<_>>()).expect("ids serialise");
        let which = conn.kind().in_json_array("l.client_id", "$1", Keys::Int);
        let rows: Vec<LinkRow> = on_conn!(&mut conn, ex => sqlx::query_as(&links_sql(&which, LinksOf::Client))
            .bind(ids)
            .fetch_all(ex)
            .await)
        .map_err(db)?;
        let links: Vec<Link> = rows.into_iter().map(Link::try_from).collect::<Result<_>>()?;
        let mut below: std::collections::HashMap<i64, Vec<&Link>> = std::collections::HashMap::new();
        for l in &links {
            below.entry(l.client_id).or_default().push(l);
        }
        // Depth first from the vendor, no deeper than six and never round a loop.
        let mut out = Vec::new();
        let mut stack: Vec<(u32, &Link, Vec<i64>)> =
            below.get(&id).map(|c| c.iter().rev().map(|l| (1, *l, vec![id])).collect()).unwrap_or_default();
        while let Some((depth, link, mut path)) = stack.pop() {
            out.push(ChainStep { depth, link: link.clone() });
            path.push(link.vendor_id);
            if depth < 6 {
                for child in below.get(&link.vendor_id).into_iter().flatten().rev() {
                    if !path.contains(&child.vendor_id) {
                        stack.push((depth + 1, child, path.clone()));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Every link of the chain as (sub-processor's name, client's name): what a chain's import
    /// checks its rows against.
    pub async fn link_names(&self) -> Result<Vec<(String, String)>> {
        on_pool!(&self.pool, ex => sqlx::query_as(
            "SELECT s.name, c.name FROM vendor_links l JOIN vendors s ON s.id = l.vendor_id JOIN vendors c ON c.id = l.client_id",
        )
        .fetch_all(ex)
        .await)
        .map_err(db)
    }

    /// Adds a chain in one transaction recorded as one import: the new `vendors`, then each link
    /// (sub-processor's name, client's name, what for), the names found as one company's names
    /// compare. A link the register has already is left as it is; a link that would make the
    /// chain a loop refuses the whole import. Undone as a whole like a list import.
    pub async fn import_chain(
        &self,
        ctx: &ChangeContext,
        file_name: &str,
        vendors: &[NewVendor],
        links: &[(String, String, LinkDraft)],
    ) -> Result<ListImport> {
        let mut tx = self.write().await?;
        let mut ids: Vec<i64> = Vec::with_capacity(vendors.len());
        let mut taken = TakenNames::default();
        for v in vendors {
            ids.push(insert_vendor(&mut tx, ctx, v, &mut taken).await?);
        }
        // Each vendor's new links, in the file's order, added in one change of the vendor.
        let mut by_vendor: Vec<(i64, Vec<LinkDraft>)> = Vec::new();
        for (vendor, client, link) in links {
            let mut id_of =
                async |name: &str| -> Result<i64> { taken.find(&mut tx, name).await?.ok_or_else(|| Error::no_such(Thing::Vendor, name)) };
            let (vendor_id, client_id) = (id_of(vendor).await?, id_of(client).await?);
            let link = LinkDraft { client_id, ..link.clone() };
            match by_vendor.iter_mut().find(|(v, _)| *v == vendor_id) {
                Some((_, l)) => l.push(link),
                None => by_vendor.push((vendor_id, vec![link])),
            }
        }
        let mut added: Vec<(i64, i64)> = Vec::new();
        for (vendor_id, new_links) in by_vendor {
            let mut d = fetch_vendor(&mut tx, vendor_id).await?.to_draft();
            for l in new_links {
                if !d.serves.iter().any(|o| o.client_id == l.client_id) {
                    added.push((vendor_id, l.client_id));
                    d.serves.push(l);
                }
            }
            change_vendor(&mut tx, ctx, vendor_id, &d.parse()?, HistoryAction::Update).await?;
        }
        finish_import(tx, ctx, file_name, ids, added).await
    }

    /// The list imports of the register, newest first, each with whether it was undone.
    pub async fn list_imports(&self) -> Result<Vec<ListImport>> {
        type Row = (i64, Option<String>, String, String, Option<String>, bool);
        let rows: Vec<Row> = on_pool!(&self.pool, ex => sqlx::query_as(
            "SELECT h.id, h.field, h.at, h.actor, h.after, \
             EXISTS (SELECT 1 FROM history u WHERE u.action = 'undo_import' AND u.before = CAST(h.id AS TEXT)) \
             FROM history h WHERE h.action = 'import_list' ORDER BY h.id DESC",
        )
        .fetch_all(ex)
        .await)
        .map_err(db)?;
        rows.into_iter()
            .map(|(id, file, at, by, after, undone)| {
                let imported: Imported =
                    serde_json::from_str(after.as_deref().unwrap_or("[]")).map_err(|e| corrupt("a list import's vendors", e))?;
                let (vendors, links) = imported.into_parts();
                Ok(ListImport { id, file_name: file.unwrap_or_default(), at, by, vendors, links, undone })
            })
            .collect()
    }

    /// Undoes list import `id` as a whole: removes the links it added, and archives each of its
    /// vendors still active (vendors are never deleted; their history stays), in one transaction
    /// with one entry naming them.
    /// Returns the ids archived. An import undone before is a conflict.
    pub async fn undo_list_import(&self, ctx: &ChangeContext, id: i64) -> Result<Vec<i64>> {
        let import = self
            .list_imports()
            .await?
            .into_iter()
            .find(|i| i.id == id)
            .ok_or_else(|| Error::NotFound(format!("there is no list import {id}")))?;
        if import.undone {
            return Err(Error::Conflict(Clash::ImportUndone { file: import.file_name }));
        }
        let mut tx = self.write().await?;
        for &(vendor, client) in &import.links {
            let old = fetch_vendor(&mut tx, vendor).await?;
            if old.serves.iter().any(|l| l.client_id == client) {
                let mut v = old.to_draft().parse().map_err(|e| corrupt("stored vendor", e))?;
                v.serves.retain(|l| l.client_id != client);
                change_vendor(&mut tx, ctx, vendor, &v, HistoryAction::Update).await?;
            }
        }
        let mut archived = Vec::new();
        for &vendor in &import.vendors {
            let old = fetch_vendor(&mut tx, vendor).await?;
            if old.status == Status::Offboarded {
                continue;
            }
            let mut v = old.to_draft().parse().map_err(|e| corrupt("stored vendor", e))?;
            v.status = Status::Offboarded;
            change_vendor(&mut tx, ctx, vendor, &v, HistoryAction::Archive).await?;
            archived.push(vendor);
        }
        let list = serde_json::to_string(&archived).expect("ids serialise");
        history::record(&mut tx, ctx, None, HistoryAction::UndoImport, Some(&import.file_name), Some(&id.to_string()), Some(&list)).await?;
        tx.commit().await.map_err(db)?;
        Ok(archived)
    }

    /// Replaces a vendor's fields; records one history entry per changed field.
    pub async fn update_vendor(&self, ctx: &ChangeContext, id: i64, v: &NewVendor) -> Result<Vendor> {
        self.update_vendor_based_on(ctx, id, v, None).await
    }

    /// [`Store::update_vendor`] of an edit started from the vendor's `version` `based_on`:
    /// refused as a conflict, naming the fields and who changed them, when it was changed since.
    pub async fn update_vendor_based_on(&self, ctx: &ChangeContext, id: i64, v: &NewVendor, based_on: Option<i64>) -> Result<Vendor> {
        let mut tx = self.write().await?;
        if let Some(base) = based_on {
            let since: Vec<(Option<String>, String, String)> = on_conn!(&mut tx, ex => sqlx::query_as(
                &format!("SELECT field, action, actor FROM history WHERE vendor_id = $1 AND id > $2 AND action IN {FIELD_CHANGES} ORDER BY id"))
                .bind(id)
                .bind(base)
                .fetch_all(ex)
                .await)
            .map_err(db)?;
            if !since.is_empty() {
                let name = fetch_vendor(&mut tx, id).await?.name;
                let mut fields: Vec<String> = Vec::new();
                let mut by: Vec<String> = Vec::new();
                for (field, action, actor) in since {
                    let field = field.unwrap_or(action);
                    if !fields.contains(&field) {
                        fields.push(field);
                    }
                    if !by.contains(&actor) {
                        by.push(actor);
                    }
                }
                return Err(Error::Conflict(Clash::ChangedMeanwhile { name, fields: fields.join(", "), by: by.join(", ") }));
            }
        }
        change_vendor(&mut tx, ctx, id, v, HistoryAction::Update).await?;
        let vendor = fetch_vendor(&mut tx, id).await?;
        tx.commit().await.map_err(db)?;
        Ok(vendor)
    }

    /// Archives a vendor (status offboarded). Vendors are never deleted.
    pub async fn archive_vendor(&self, ctx: &ChangeContext, id: i64) -> Result<Vendor> {
        let mut tx = self.write().await?;
        let old = fetch_vendor(&mut tx, id).await?;
        if old.status == Status::Offboarded {
            return Err(Error::Conflict(Clash::AlreadyArchived { name: old.name.clone() }));
        }
        let mut v = old.to_draft().parse().map_err(|e| corrupt("stored vendor", e))?;
        v.status = Status::Offboarded;
        change_vendor(&mut tx, ctx, id, &v, HistoryAction::Archive).await?;
        let vendor = fetch_vendor(&mut tx, id).await?;
        tx.commit().await.map_err(db)?;
        Ok(vendor)
    }

    pub async fn vendor(&self, id: i64) -> Result<Vendor> {
        let mut conn = self.pool.acquire().await?;
        fetch_vendor(&mut conn, id).await
    }

    /// Every vendor with one of `statuses` (none: every vendor not archived), whole, by name.
    pub async fn vendors(&self, statuses: &[Status]) -> Result<Vec<Vendor>> {
        let k = self.pool.kind();
        let sql = format!(
            "SELECT v.*, {} FROM vendors v \
             WHERE CASE WHEN {} = 0 THEN v.status <> 'offboarded' \
             ELSE {} END ORDER BY v.name_sort, v.id",
            lists(k),
            k.json_array_length("$1"),
            k.in_json_array("v.status", "$1", Keys::Text)
        );
        let wanted = serde_json::to_string(&statuses.iter().map(|s| s.as_str()).collect::<Vec<_>>()).expect("strings serialise");
        let mut conn = self.pool.acquire().await?;
        let rows: Vec<VendorRow> = on_conn!(&mut conn, ex => sqlx::query_as(&sql).bind(wanted).fetch_all(ex).await).map_err(db)?;
        let mut serves: std::collections::HashMap<i64, Vec<Link>> = std::collections::HashMap::new();
        let mut subs: std::collections::HashMap<i64, Vec<Link>> = std::collections::HashMap::new();
        // Every link read twice: each vendor's in their order, each client's by name in the
        // engine's order, as a vendor read alone has them (the engines fold case differently
        // beyond ASCII, so the order is theirs to give, not made again here).
        for l in fetch_links(&mut conn, "$1 IS NULL", LinksOf::Vendor, None).await? {
            serves.entry(l.vendor_id).or_default().push(l);
        }
        for l in fetch_links(&mut conn, "$1 IS NULL", LinksOf::Client, None).await? {
            subs.entry(l.client_id).or_default().push(l);
        }
        rows.into_iter()
            .map(|r| {
                let id = r.id;
                r.into_vendor(serves.remove(&id).unwrap_or_default(), subs.remove(&id).unwrap_or_default())
            })
            .collect()
    }

    /// Finds a vendor by id (digits), by name ignoring case, or by its name written another way
    /// (`name_key`: "Ltd" for "Limited", punctuation aside), as adding a vendor compares names.
    pub async fn resolve_vendor(&self, key: &str) -> Result<i64> {
        let key = key.trim();
        if let Ok(id) = key.parse::<i64>() {
            let found: Option<(i64,)> =
                on_pool!(&self.pool, ex => sqlx::query_as("SELECT id FROM vendors WHERE id = $1").bind(id).fetch_optional(ex).await)
                    .map_err(db)?;
            if let Some((id,)) = found {
                return Ok(id);
            }
        }
        let found: Option<(i64,)> = on_pool!(&self.pool, ex => sqlx::query_as("SELECT id FROM vendors WHERE name = $1 COLLATE NOCASE")
            .bind(key)
            .fetch_optional(ex)
            .await)
        .map_err(db)?;
        if let Some((id,)) = found {
            return Ok(id);
        }
        let mut conn = self.pool.acquire().await?;
        TakenNames::default().find(&mut conn, key).await?.ok_or_else(|| Error::no_such(Thing::Vendor, key))
    }

    /// The name of every vendor in the register, archived ones too, in id order: what an import
    /// checks its rows against (a window of the list holds at most 1,000).
    pub async fn vendor_names(&self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> =
            on_pool!(&self.pool, ex => sqlx::query_as("SELECT name FROM vendors ORDER BY id").fetch_all(ex).await).map_err(db)?;
        Ok(rows.into_iter().map(|(n,)| n).collect())
    }

    /// One window of the register, filtered and sorted by SQL, with the total count.
    pub async fn list_vendors(&self, q: &ListQuery) -> Result<ListPage> {
        let k = self.pool.kind();
        let dir = if q.descending { "DESC" } else { "ASC" };
        let order = match q.sort {
            SortKey::Name => format!("v.name_sort {dir}"),
            SortKey::Status => format!("v.status {dir}, v.name_sort"),
            SortKey::Tier => format!("v.tier IS NULL, v.tier {dir}, v.name_sort"),
            SortKey::NextReview => format!("v.next_review IS NULL, v.next_review {dir}, v.name_sort"),
            SortKey::UpdatedAt => format!("v.updated_at {dir}, v.name_sort"),
            SortKey::Relevance => String::new(),
        };
        let limit = match q.limit {
            0 => 100,
            n => n.min(1000),
        };
        // The window is chosen first, by the filters and the order alone; only its rows get their
        // lists, links, verdict and conditions (an engine computes what it selects for the rows an
        // OFFSET skips too).
        let select = format!(
            "SELECT v.id, v.name, {}, v.status, v.tier, v.owner, \
             v.next_review, v.updated_at, {LATEST_VERDICT} AS verdict, {OPEN_CONDITIONS} AS open_conditions, {} \
             FROM (SELECT v.* FROM vendors v",
            serves(k),
            lists(k)
        );
        let term = q.search.trim().to_lowercase();
        macro_rules! push_order {
            ($qb:expr) => {
                if q.sort == SortKey::Relevance {
                    $qb.push(" ORDER BY CASE WHEN lower(v.name) = ").push_bind(term.clone());
                    $qb.push(" THEN 0 WHEN substr(lower(v.name), 1, length(").push_bind(term.clone()).push(")) = ").push_bind(term.clone());
                    $qb.push(format!(" THEN 1 WHEN {}(lower(v.name), ", k.position())).push_bind(term.clone());
                    $qb.push(") > 0 THEN 2 ELSE 3 END, v.name_sort");
                } else {
                    $qb.push(format!(" ORDER BY {order}"));
                }
                $qb.push(", v.id");
            };
        }
        let (total, rows): (i64, Vec<SummaryRow>) = on_pool!(&self.pool, ex => {
            let mut count = QueryBuilder::new("SELECT COUNT(*) FROM vendors v");
            push_filters(&mut count, q);
            let (total,): (i64,) = count.build_query_as().fetch_one(ex).await.map_err(db)?;
            let mut qb = QueryBuilder::new(&select);
            push_filters(&mut qb, q);
            push_order!(qb);
            qb.push(" LIMIT ").push_bind(limit as i64).push(" OFFSET ").push_bind(q.offset as i64).push(") v");
            push_order!(qb);
            (total, qb.build_query_as().fetch_all(ex).await.map_err(db)?)
        });
        Ok(ListPage { total: total as u32, offset: q.offset, rows: rows.into_iter().map(VendorSummary::try_from).collect::<Result<_>>()? })
    }

    /// What the register's filters can offer.
    pub async fn facets(&self) -> Result<Facets> {
        let countries: Vec<(String,)> =
            on_pool!(&self.pool, ex => sqlx::query_as("SELECT DISTINCT code FROM vendor_countries ORDER BY code").fetch_all(ex).await)
                .map_err(db)?;
        let clients: Vec<(i64, String)> = on_pool!(&self.pool, ex => sqlx::query_as(
            "SELECT c.id, c.name FROM vendors c WHERE EXISTS (SELECT 1 FROM vendor_links l WHERE l.client_id = c.id) \
             ORDER BY c.name_sort",
        )
        .fetch_all(ex)
        .await)
        .map_err(db)?;
        Ok(Facets {
            countries: countries.into_iter().map(|(c,)| c).collect(),
            clients: clients.into_iter().map(|(id, name)| VendorRef { id, name }).collect(),
        })
    }

    /// Every vendor not archived, by name: what the dashboard checks for attestations.
    pub async fn active_vendors(&self) -> Result<Vec<VendorRef>> {
        let rows: Vec<(i64, String)> =
            on_pool!(&self.pool, ex => sqlx::query_as("SELECT id, name FROM vendors WHERE status <> 'offboarded' ORDER BY name_sort")
                .fetch_all(ex)
                .await)
            .map_err(db)?;
        Ok(rows.into_iter().map(|(id, name)| VendorRef { id, name }).collect())
    }

    /// Every vendor not archived (or just `vendor_id`, archived or not) as (id, name, tier in force).
    pub async fn vendor_tiers(&self, vendor_id: Option<i64>) -> Result<Vec<(VendorRef, Option<Tier>)>> {
        // One statement for one vendor and one for all, so each is planned for its own index.
        let which = if vendor_id.is_some() { "id = $1" } else { "status <> 'offboarded' AND $1 IS NULL" };
        let rows: Vec<(i64, String, Option<i64>)> =
            on_pool!(&self.pool, ex => sqlx::query_as(&format!("SELECT id, name, tier FROM vendors WHERE {which} ORDER BY name_sort"))
                .bind(vendor_id)
                .fetch_all(ex)
                .await)
            .map_err(db)?;
        rows.into_iter()
            .map(|(id, name, tier)| {
                let tier = tier
                    .map(|t| u8::try_from(t).map_err(|e| e.to_string()).and_then(Tier::new))
                    .transpose()
                    .map_err(|e| Error::Corrupt(format!("vendor {id}: {e}")))?;
                Ok((VendorRef { id, name }, tier))
            })
            .collect()
    }

    /// The services of one vendor or of all, as (vendor id, service name), in each vendor's order.
    pub async fn vendor_services(&self, vendor_id: Option<i64>) -> Result<Vec<(i64, String)>> {
        let which = if vendor_id.is_some() { "WHERE vendor_id = $1" } else { "WHERE $1 IS NULL" };
        on_pool!(&self.pool, ex => sqlx::query_as(&format!("SELECT vendor_id, name FROM vendor_services {which} ORDER BY vendor_id, position"))
            .bind(vendor_id)
            .fetch_all(ex)
            .await)
            .map_err(db)
    }

    /// Active vendors with a next review date, as (id, name, date), soonest first.
    pub async fn review_dates(&self) -> Result<Vec<(i64, String, NaiveDate)>> {
        on_pool!(&self.pool, ex => sqlx::query_as(
            "SELECT id, name, next_review FROM vendors WHERE status <> 'offboarded' AND next_review IS NOT NULL \
             ORDER BY next_review, id",
        )
        .fetch_all(ex)
        .await)
        .map_err(db)
    }

    /// Active vendors with their contract dates, as (id, name, DPA signed, contract renewal), by name.
    pub async fn contract_dates(&self) -> Result<Vec<(i64, String, Option<NaiveDate>, Option<NaiveDate>)>> {
        on_pool!(&self.pool, ex => sqlx::query_as(
            "SELECT id, name, dpa_signed, contract_renewal FROM vendors WHERE status <> 'offboarded' \
             ORDER BY name_sort, id",
        )
        .fetch_all(ex)
        .await)
        .map_err(db)
    }

    /// How many vendors the register holds, archived ones included.
    pub async fn vendor_count(&self) -> Result<u32> {
        let (n,): (i64,) = on_pool!(&self.pool, ex => sqlx::query_as("SELECT COUNT(*) FROM vendors").fetch_one(ex).await).map_err(db)?;
        Ok(n as u32)
    }
}
