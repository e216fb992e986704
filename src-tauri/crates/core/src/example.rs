//! The example register a first-time user can load: a contact-center platform and its real-world sub-processors.

use crate::domain::VendorDraft;
use crate::error::{Clash, Error, Result};
use crate::store::{ChangeContext, Store};
use serde::Deserialize;

const EXAMPLE: &str = include_str!("../data/example-register.json");

#[derive(Deserialize)]
struct ExampleVendor {
    /// Name of the vendor (earlier in the file) this one is a sub-processor of.
    parent: Option<String>,
    #[serde(flatten)]
    draft: VendorDraft,
}

/// Adds the example vendors to the register in one transaction; returns their ids.
pub async fn load(store: &Store, ctx: &ChangeContext) -> Result<Vec<i64>> {
    let examples: Vec<ExampleVendor> = serde_json::from_str(EXAMPLE).map_err(|e| Error::Corrupt(format!("example register: {e}")))?;
    let mut batch = Vec::with_capacity(examples.len());
    for (i, e) in examples.iter().enumerate() {
        let vendor = e.draft.parse()?;
        let parent = e
            .parent
            .as_ref()
            .map(|p| {
                examples[..i]
                    .iter()
                    .position(|earlier| &earlier.draft.name == p)
                    .ok_or_else(|| Error::Corrupt(format!("example register: unknown parent {p}")))
            })
            .transpose()?;
        batch.push((vendor, parent));
    }
    store.create_vendors(ctx, &batch).await.map_err(|e| match e {
        Error::Invalid(v) if v.0.iter().any(|f| f.code == "name_taken") => {
            let vendor = v.0.iter().find(|f| f.code == "name_taken").and_then(|f| f.value.clone()).unwrap_or_default();
            Error::Conflict(Clash::ExampleLoaded { vendor })
        }
        other => other,
    })
}
