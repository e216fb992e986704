//! The sub-processor list as published: its entries, the filter it was made with, and its version.

use crate::assessment::Verdict;
use crate::certification::{CertKind, CertStatus};
use crate::{Status, TransferMechanism};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A certification as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct RegisterCert {
    pub kind: CertKind,
    /// For people: "SOC 2 Type II".
    pub label: String,
    pub scope: String,
    /// The last day the record counts as current; absent when its dates do not say.
    pub current_until: Option<NaiveDate>,
    pub status: CertStatus,
}

/// One sub-processor on the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct RegisterEntry {
    #[ts(type = "number")]
    pub vendor_id: i64,
    /// The legal entity.
    pub entity: String,
    pub services: Vec<String>,
    pub purpose: String,
    pub data_categories: Vec<String>,
    /// ISO 3166-1 alpha-2 codes.
    pub countries: Vec<String>,
    pub transfer_mechanism: Option<TransferMechanism>,
    /// The entities this one is a sub-processor of, each with what for and where.
    #[serde(default)]
    pub serves: Vec<Served>,
    /// The one entity lists published before chains were links named (read, never written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub status: Status,
    /// Every record not superseded, current or not.
    pub certifications: Vec<RegisterCert>,
    /// The baseline verdict, when the list was asked to include it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// Conditions of its approval still open (approved with conditions).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub open_conditions: u32,
}

/// A link of the chain as a published list shows it: the entity served, what for, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Served {
    pub client: String,
    pub purpose: String,
    #[serde(default)]
    pub locations: Vec<String>,
}

impl RegisterEntry {
    /// The entities it serves; for a list published before chains were links, its one parent.
    pub fn served(&self) -> Vec<Served> {
        match &self.parent {
            Some(p) if self.serves.is_empty() => vec![Served { client: p.clone(), purpose: String::new(), locations: vec![] }],
            _ => self.serves.clone(),
        }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Which vendors a list holds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct RegisterFilter {
    /// Only vendors with one of these statuses; empty: every vendor not offboarded.
    pub statuses: Vec<Status>,
    /// Include each vendor's baseline verdict.
    pub with_verdict: bool,
}

/// A published version of the sub-processor list: the export format
/// (`schemas/register-export.schema.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct RegisterList {
    /// 1, 2, 3, ... in the order the versions were published.
    pub version: u32,
    /// RFC 3339, UTC.
    pub published_at: String,
    pub published_by: String,
    /// The day certifications and verdicts were judged on.
    pub as_of: NaiveDate,
    pub filter: RegisterFilter,
    pub entries: Vec<RegisterEntry>,
}
