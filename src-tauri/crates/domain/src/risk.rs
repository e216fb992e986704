//! Inherent risk: data sensitivity x business impact gives the criticality tier; the review cycle gives the next review date.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A three-step rating, used for data sensitivity and for business impact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Low, Level::Medium, Level::High];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(raw.trim()))
            .ok_or_else(|| format!("'{}' is not a level (low, medium, high)", raw.trim()))
    }
}

/// Criticality tier: 1 is the most critical vendor, 3 the least.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, TS, schemars::JsonSchema)]
#[ts(type = "1 | 2 | 3")]
pub struct Tier(#[schemars(range(min = 1, max = 3))] u8);

impl Tier {
    /// The tier both ratings imply, when both are given.
    pub fn from_levels(sensitivity: Option<Level>, impact: Option<Level>) -> Option<Tier> {
        Some(Tier::from_risk(sensitivity?, impact?))
    }
}

impl Serialize for Tier {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.0)
    }
}

impl<'de> Deserialize<'de> for Tier {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Tier::new(u8::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl Tier {
    pub const CRITICAL: Tier = Tier(1);
    pub const HIGH: Tier = Tier(2);
    pub const STANDARD: Tier = Tier(3);

    pub fn new(n: u8) -> Result<Self, String> {
        if (1..=3).contains(&n) {
            Ok(Tier(n))
        } else {
            Err(format!("tier {n} does not exist: use 1 (critical), 2 (high) or 3 (standard)"))
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// The tier that data sensitivity and business impact imply.
    ///
    /// The rule, in one place: tier 1 when one of the two is high and the other at least
    /// medium; tier 2 when one is high, or both are medium; tier 3 otherwise.
    pub fn from_risk(sensitivity: Level, impact: Level) -> Tier {
        use Level::*;
        match (sensitivity, impact) {
            (High, High) | (High, Medium) | (Medium, High) => Tier::CRITICAL,
            (High, Low) | (Low, High) | (Medium, Medium) => Tier::HIGH,
            _ => Tier::STANDARD,
        }
    }
}

/// How often a vendor is reviewed, in whole months (1 to 60).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewCycle(u32);

impl ReviewCycle {
    pub fn months(n: u32) -> Result<Self, String> {
        if (1..=60).contains(&n) {
            Ok(ReviewCycle(n))
        } else {
            Err(format!("a review cycle of {n} months is not allowed: use 1 to 60 months"))
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// The date of the next review: the last review plus the cycle. A month end
    /// stays within its month (31 January + 1 month = 28 or 29 February).
    pub fn next_after(self, last_review: NaiveDate) -> NaiveDate {
        last_review.checked_add_months(Months::new(self.0)).expect("dates within chrono's range")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Level::*;

    #[test]
    fn tier_matrix() {
        let table = [
            (High, High, 1),
            (High, Medium, 1),
            (Medium, High, 1),
            (High, Low, 2),
            (Low, High, 2),
            (Medium, Medium, 2),
            (Medium, Low, 3),
            (Low, Medium, 3),
            (Low, Low, 3),
        ];
        for (s, i, want) in table {
            assert_eq!(Tier::from_risk(s, i).get(), want, "sensitivity {s:?}, impact {i:?}");
        }
    }

    #[test]
    fn tiers_outside_one_to_three_are_refused() {
        assert!(Tier::new(0).is_err());
        assert!(Tier::new(4).is_err());
        assert!(serde_json::from_str::<Tier>("5").is_err());
        assert_eq!(serde_json::from_str::<Tier>("2").unwrap(), Tier::HIGH);
    }

    #[test]
    fn levels_parse_in_any_case() {
        assert_eq!(Level::parse(" HIGH "), Ok(High));
        assert!(Level::parse("severe").is_err());
    }

    #[test]
    fn next_review_dates() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let table = [
            ("2026-01-15", 12, "2027-01-15"),
            ("2026-01-31", 1, "2026-02-28"),
            ("2028-01-31", 1, "2028-02-29"),
            ("2028-02-29", 12, "2029-02-28"),
            ("2026-08-31", 6, "2027-02-28"),
            ("2026-11-30", 3, "2027-02-28"),
            ("2026-05-31", 60, "2031-05-31"),
        ];
        for (last, months, want) in table {
            let cycle = ReviewCycle::months(months).unwrap();
            assert_eq!(cycle.next_after(d(last)), d(want), "{last} + {months} months");
        }
    }

    #[test]
    fn review_cycles_outside_one_to_sixty_months_are_refused() {
        assert!(ReviewCycle::months(0).is_err());
        assert!(ReviewCycle::months(61).is_err());
        assert!(ReviewCycle::months(24).is_ok());
    }
}
