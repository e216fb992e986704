//! Rebuilds the store when a migration is added: `sqlx::migrate!` embeds the files of
//! `migrations/sqlite/` but cargo only watches the ones that existed at the last build.

fn main() {
    println!("cargo:rerun-if-changed=migrations/sqlite");
}
