//! ISO 3166-1 alpha-2 country codes: the only form in which the register stores processing countries.

use super::countries_data::COUNTRIES;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A valid ISO 3166-1 alpha-2 code, upper case (`DE`, `US`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Accepts a code in any case with surrounding blanks; refuses anything not in ISO 3166-1.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let code = raw.trim().to_ascii_uppercase();
        if COUNTRIES.binary_search_by(|(c, _, _)| (*c).cmp(code.as_str())).is_ok() {
            let b = code.as_bytes();
            Ok(CountryCode([b[0], b[1]]))
        } else {
            Err(format!("'{}' is not an ISO 3166 country code (e.g. DE, IE, US)", raw.trim()))
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("country codes are ASCII")
    }

    fn entry(&self) -> &'static (&'static str, &'static str, &'static str) {
        let i = COUNTRIES.binary_search_by(|(c, _, _)| (*c).cmp(self.as_str())).expect("a parsed code is in the table");
        &COUNTRIES[i]
    }

    pub fn name_en(&self) -> &'static str {
        self.entry().1
    }

    pub fn name_de(&self) -> &'static str {
        self.entry().2
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A country as the UI lists it in pickers.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Country {
    pub code: String,
    pub name_en: String,
    pub name_de: String,
}

/// Every ISO 3166-1 country, sorted by code.
pub fn all() -> Vec<Country> {
    COUNTRIES.iter().map(|(c, en, de)| Country { code: (*c).into(), name_en: (*en).into(), name_de: (*de).into() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_so_binary_search_works() {
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(COUNTRIES.len(), 249);
    }

    #[test]
    fn parses_codes_in_any_case_and_refuses_others() {
        for (raw, want) in [("de", Some("DE")), (" us ", Some("US")), ("Ie", Some("IE"))] {
            assert_eq!(CountryCode::parse(raw).ok().map(|c| c.to_string()).as_deref(), want);
        }
        for raw in ["", "XX", "DEU", "D", "EU", "UK", "12", "ÄÖ"] {
            assert!(CountryCode::parse(raw).is_err(), "{raw} should be refused");
        }
    }

    #[test]
    fn names_in_english_and_german() {
        let de = CountryCode::parse("DE").unwrap();
        assert_eq!((de.name_en(), de.name_de()), ("Germany", "Deutschland"));
        assert_eq!(CountryCode::parse("US").unwrap().name_de(), "Vereinigte Staaten");
    }
}
