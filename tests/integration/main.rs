//! The integration test binary: the store on real SQLite files, and the `vetted` CLI as a user runs it.

mod approvals;
mod assurance;
mod certs;
mod cli;
mod export;
mod fixtures;
mod import;
mod layouts;
mod questionnaire;
mod scoring;
mod store;
mod team;
mod tidy;
mod trust;
mod upgrade;
