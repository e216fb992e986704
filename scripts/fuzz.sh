#!/usr/bin/env bash
# Fuzzes the questionnaire importer, the assurance PDF reader and the baseline and mapping loaders with cargo-fuzz
# (libFuzzer, AddressSanitizer), each target for SECONDS (default 30; the long runs reported in
# docs/fuzzing.md are 600). Seeds: the real questionnaires in ../shared/realdata (when present)
# and the shipped baselines and mappings. A crash stops the run and leaves its input in
# fuzz/artifacts/<target>/; make it a regression test, then fix it.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-30}"

if [[ ! -x .tools/bin/cargo-fuzz ]]; then
  echo "fuzz: installing cargo-fuzz into .tools/"
  # A debug build of the tool itself: it only starts cargo, so it need not be optimised.
  cargo install cargo-fuzz --version 0.13.2 --locked --root .tools --quiet --debug
fi
# cargo-fuzz passes nightly-only sanitizer flags; the machine has only the stable toolchain.
export RUSTC_BOOTSTRAP=1

seed() { # seed TARGET FILE [SELECTOR]: copies FILE into the target's corpus, a selector byte first
  local dir="fuzz/corpus/$1" out
  mkdir -p "$dir"
  out="$dir/seed-$(basename "$2")"
  if [[ -n "${3:-}" ]]; then { printf "\\x$3"; cat "$2"; } > "$out"; else cp "$2" "$out"; fi
}
real=../shared/realdata
# The import target's first byte picks the extension: 00 xlsx, 01 xlsm, 02 xlsb, 03 xls, 04 ods, 05 csv.
for f in "$real"/*.xlsx; do [[ -e "$f" ]] && seed import "$f" 00; done
for f in "$real"/derived/*.xls; do [[ -e "$f" ]] && seed import "$f" 03; done
for f in "$real"/derived/*.ods; do [[ -e "$f" ]] && seed import "$f" 04; done
for f in "$real"/*.csv; do [[ -e "$f" ]] && seed import "$f" 05; done
printf '\x05ID;Frage;Antwort\r\nA-1;Verschlüsselung?;Ja\r\n' > fuzz/corpus/import/seed-small.csv
mkdir -p fuzz/corpus/pdf
for f in "$real"/assurance/*.pdf tests/fixtures/assurance/*.pdf; do [[ -e "$f" ]] && seed pdf "$f"; done
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj 4 0 obj<</Length 44>>stream\nBT /F1 12 Tf 72 700 Td (SOC 3 Report) Tj ET\nendstream endobj 5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj trailer<</Root 1 0 R>>\n%%%%EOF\n' > fuzz/corpus/pdf/seed-small.pdf
for f in src-tauri/crates/domain/data/baselines/*.json; do seed baseline "$f"; done
for f in src-tauri/crates/import/data/mappings/*.json; do seed mapping "$f"; done

mkdir -p fuzz/logs
for target in import pdf baseline mapping; do
  echo "== fuzz: $target for ${secs}s"
  log="fuzz/logs/$target.log"
  status=0
  .tools/bin/cargo-fuzz run --fuzz-dir fuzz "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 > "$log" 2>&1 || status=$?
  # libFuzzer's summary, without its progress lines (the whole log is in $log).
  grep -E "^(Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|Test unit written|INFO: seed corpus)" "$log" || true
  if [[ $status -ne 0 ]]; then
    grep -E -A3 "panicked at|==[0-9]+==ERROR|SUMMARY|Failing input" "$log" | grep -v "^Output of" | cut -c1-300 >&2 || tail -20 "$log" | cut -c1-300 >&2
    echo "fuzz: $target failed (exit $status); a crashing input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
