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

echo "== Rust: format and lints (rustfmt.toml; clippy with warnings as errors)"
cargo fmt --check
cargo clippy --locked --workspace --all-targets --features vetted-app/test-support -- -D warnings

echo "== PostgreSQL: a throw-away server for the team register's tests (scripts/pg.sh)"
pgdir="/tmp/vetted-test-pg-$$"
trap 'bash scripts/pg.sh stop "$pgdir"' EXIT
pgenv=$(bash scripts/pg.sh start "$pgdir")
eval "$pgenv"

echo "== Rust: unit tests of every crate, store and CLI integration tests, the tidy test"
cargo build --locked -p vetted-cli   # the CLI tests run the real `vetted` binary
cargo test --locked

echo "== Rust: the integration suite again, on a team register (PostgreSQL)"
VETTED_TEST_ENGINE=postgres cargo test --locked -p vetted-tests --test integration

echo "== Rust: IPC commands through Tauri's handler (mock runtime)"
cargo test --locked -p vetted-app --features test-support

echo "== UI: type check and component tests"
npm run ui:check
npm run ui:test

echo "== App: build (UI bundle embedded)"
npm run app:build

echo "== End-to-end: the real app under Xvfb"
bash scripts/e2e.sh

echo "== Fuzzing: the importer, the assurance PDF reader and the baseline and mapping loaders, 30 s each"
bash scripts/fuzz.sh 30
