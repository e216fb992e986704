//! Who makes a change and when, passed into every write so nothing below the front ends reads the clock or the OS user.

use chrono::{DateTime, SecondsFormat, Utc};

/// Who makes a change and when: passed in, so the store never reads the clock itself.
#[derive(Debug, Clone)]
pub struct ChangeContext {
    pub actor: String,
    pub at: DateTime<Utc>,
}

impl ChangeContext {
    pub fn new(actor: impl Into<String>, at: DateTime<Utc>) -> Self {
        Self { actor: actor.into(), at }
    }

    /// The moment as the register stores it: RFC 3339, UTC, milliseconds.
    pub fn timestamp(&self) -> String {
        self.at.to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}
