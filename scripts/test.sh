#!/usr/bin/env bash
# `npm test`: install what is missing, start a throw-away PostgreSQL, then run every test: Rust
# (unit, integration and CLI, the integration suite on both engines),
# the UI's type check and component tests, the end-to-end tests in the real app, and a short
# fuzzing run (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# A one-off build gains nothing from incremental state; it only takes disk.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi

# Every cargo command below selects the same packages, targets and features, so Cargo resolves
# one feature set and compiles each dependency once. A command that selected fewer (`-p
# vetted-cli`, the app alone, no dev-dependencies) resolved its own and rebuilt most of the graph:
# four builds of the shared crates where one will do, about a quarter of `npm test`.
# `test-support` adds the mock-runtime harness the IPC tests use (never called by the app);
# `custom-protocol` embeds the UI bundle, as `tauri build` does (`cargo build --bins --features
# tauri/custom-protocol`), so the app the end-to-end tests open is built here too.
cargo_sel=(--locked --workspace --features vetted-app/test-support,vetted-app/custom-protocol)

# Each step's heading says when it began (minutes:seconds since the start), so a slow CI run
# shows which step took the time.
step() { printf '== [%d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$1"; }

step "UI: the bundle the app embeds"
npm run ui:build

step "Rust: format and lints (rustfmt.toml; clippy with warnings as errors)"
cargo fmt --check
cargo clippy "${cargo_sel[@]}" --all-targets -- -D warnings

step "PostgreSQL: a throw-away server for the team register's tests (scripts/pg.sh)"
pgdir="/tmp/vetted-test-pg-$$"
trap 'bash scripts/pg.sh stop "$pgdir"' EXIT
pgenv=$(bash scripts/pg.sh start "$pgdir")
eval "$pgenv"

step "Rust: build the \`vetted\` CLI, the app and every test"
# --tests too: without a test target Cargo leaves out dev-dependencies' features.
cargo build "${cargo_sel[@]}" --bins --tests

step "Rust: unit tests of every crate, store and CLI integration tests, the tidy test, and the IPC commands through Tauri's handler (mock runtime)"
cargo test "${cargo_sel[@]}"

step "Rust: the integration suite again, on a team register (PostgreSQL)"
VETTED_TEST_ENGINE=postgres cargo test "${cargo_sel[@]}" --test integration

step "UI: type check and component tests"
npm run ui:check
npm run ui:test

step "End-to-end: the real app under Xvfb"
bash scripts/e2e.sh

step "Fuzzing: the importer, the assurance PDF reader and the baseline and mapping loaders, 30 s each"
bash scripts/fuzz.sh 30
step "Done"
