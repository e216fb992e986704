//! vetted-domain: the register's nouns (vendors, certifications, questionnaires, baselines, assessments, publications, errors); they parse raw input, refuse bad values, and never touch the clock, the disk or a database.
#![forbid(unsafe_code)]

pub mod assessment;
pub mod baseline;
pub mod certification;
pub mod context;
mod countries_data;
pub mod country;
pub mod error;
pub mod hash;
pub mod mapping;
pub mod publication;
pub mod questionnaire;
pub mod risk;
pub mod vendor;

pub use context::ChangeContext;
pub use error::{Clash, Error, ErrorCode, ErrorDetails, ErrorDto, FieldError, ReadError, Result, Thing, ValidationErrors};

pub use country::{Country, CountryCode};
pub use risk::{Level, ReviewCycle, Tier};
pub use vendor::{NewVendor, Status, TransferMechanism, Vendor, VendorDraft, VendorName};

/// A date as typed: `YYYY-MM-DD` only.
pub fn parse_date(raw: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| format!("'{}' is not a date in the form YYYY-MM-DD", raw.trim()))
}

/// Blank text is "not recorded"; anything else must parse.
pub(crate) fn optional<T>(raw: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw.trim()).map(Some)
    }
}

/// A vocabulary key as people type it (`In Review`, `in-review`) in its stored form (`in_review`).
pub(crate) fn normalise_key(raw: &str) -> String {
    raw.trim().to_lowercase().replace([' ', '-'], "_")
}

/// The name a unit enum has in JSON and in the database (`soc2_type2`, `expiring`).
pub fn wire_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// Trims each item, drops blanks and case-insensitive repeats; refuses an item over `max` characters.
pub(crate) fn clean_list(items: &[String], max: usize) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let item = item.trim();
        if item.is_empty() || out.iter().any(|o| o.eq_ignore_ascii_case(item)) {
            continue;
        }
        if item.chars().count() > max {
            return Err(format!("'{}…' is longer than {max} characters", item.chars().take(20).collect::<String>()));
        }
        out.push(item.to_owned());
    }
    Ok(out)
}
/// A size for people: "2.0 GB", "340 KB".
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}
