#!/usr/bin/env bash
# Builds, for each schema version, the `vetted` CLI of the last commit that had it, and lets it
# write a register as a user of that version would (example register, a certification with an
# evidence file, an imported questionnaire, a score, a published list: whatever that version
# could do). The results are tests/fixtures/schema/v<N>.db and its evidence files; the upgrade
# test opens each with today's code. Run it when a release adds a migration (add a line below).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=tests/fixtures/schema
work=$(mktemp -d)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/schema-fixtures}"
trap 'git worktree remove --force "$work/src" 2>/dev/null || true; rm -rf "$work"' EXIT

# version  last commit with that schema
versions=(
  "1 d98ade5"
  "2 98499dd"
  "3 d7a2a8f"
  "4 d90ad32"
  "5 5e0db5c"
  "6 363606d"
  "7 bf823b2"
  "8 583bc41"
  "9 50d1318"
  "10 53626d7"
  "11 3ff8507"
  "12 d3c0913"
  "13 b2f894d"
  "14 8bb8b51"
  "15 2c404ff"
  "16 329023d"
)
only=("$@")
printf 'ID,Question,Answer,Comment\nIAM-01,Do you enforce MFA for all users?,Yes,All staff\nDSP-01,Do you encrypt data at rest?,Partial,Production only\nBCR-01,Do you test restores?,No,\n' > "$work/answers.csv"
printf '%%PDF-1.7\nSOC 2 Type II report of Google Cloud (fixture)\n%%%%EOF\n' > "$work/soc2.pdf"

for line in "${versions[@]}"; do
  read -r version commit <<< "$line"
  if (( ${#only[@]} )) && [[ ! " ${only[*]} " == *" $version "* ]]; then continue; fi
  echo "== schema v$version: building vetted at $commit"
  git worktree add --force --detach "$work/src" "$commit" > /dev/null
  (cd "$work/src" && cargo build --quiet -p vetted-cli)
  git worktree remove --force "$work/src"
  data="$work/v$version"
  rm -rf "$data" && mkdir -p "$data"
  v() { "$CARGO_TARGET_DIR/debug/vetted" --db "$data/vetted.db" "$@" > /dev/null 2>&1; }
  try() { v "$@" && echo "   ok: $*" || echo "   (not in v$version: $1 $2)"; }
  export USER=fixture-user
  try example
  try vendor edit "Twilio Ireland Limited" --status approved --owner "Procurement"
  try vendor add --name "Łódź Analytics Sp. z o.o." --country PL --status proposed
  try certs add --vendor "Google Cloud EMEA Ltd" --kind soc2_type2 --period-start 2025-01-01 --period-end 2025-12-31 \
      --report-date 2026-02-15 --issuer "Coalfire" --file "$work/soc2.pdf"
  try certs add --vendor "Twilio Ireland Limited" --kind iso27001_2022 --issued 2025-03-01
  try import "$work/answers.csv" --vendor "Twilio Ireland Limited"
  try score --all
  try export register --format json -o "$work/list.json"
  sqlite3 "$data/vetted.db" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;" > /dev/null
  rm -f "$out/v$version.db" && rm -rf "$out/v$version-evidence"
  cp "$data/vetted.db" "$out/v$version.db"
  [[ -d "$data/evidence" ]] && cp -r "$data/evidence" "$out/v$version-evidence"
  echo "   wrote $out/v$version.db ($(sqlite3 "$out/v$version.db" 'SELECT MAX(version) FROM _sqlx_migrations'))"
done
