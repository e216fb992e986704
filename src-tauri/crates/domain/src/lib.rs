//! vetted-domain: the register's nouns (vendors, certifications, questionnaires, baselines, assessments, publications, errors); they parse raw input, refuse bad values, and never touch the clock, the disk or a database.
#![forbid(unsafe_code)]

pub mod approval;
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
pub use error::{Clash, Error, ErrorCode, ErrorDetails, ErrorDto, FieldError, ReadError, Result, Thing, Unreached, ValidationErrors};

pub use country::{Country, CountryCode};
pub use risk::{Level, ReviewCycle, Tier};
pub use vendor::{
    name_key, name_order, name_sort_key, ChainStep, Link, LinkDraft, ListNote, NewVendor, Status, TransferMechanism, Vendor, VendorDraft,
    VendorName,
};

/// A date as typed: `YYYY-MM-DD` only, four digits of year (no sign, no year after 9999: those
/// sort wrongly as text and cannot be written in a calendar file).
pub fn parse_date(raw: &str) -> Result<chrono::NaiveDate, String> {
    let raw = raw.trim();
    let shaped = raw.len() == 10 && raw.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    let not_a_date = || format!("'{raw}' is not a date in the form YYYY-MM-DD");
    if !shaped {
        return Err(not_a_date());
    }
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| not_a_date())
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

#[cfg(test)]
mod date_tests {
    #[test]
    fn a_date_is_four_digits_of_year_two_of_month_two_of_day() {
        assert_eq!(super::parse_date(" 2026-12-31 ").unwrap().to_string(), "2026-12-31");
        for bad in ["+10004-12-31", "10004-12-31", "-0001-01-01", "2026-2-3", "2026-02-30", "2026/02/03", "20261231", ""] {
            assert!(super::parse_date(bad).is_err(), "{bad}");
        }
    }
}
