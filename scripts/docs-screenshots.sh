#!/usr/bin/env bash
# Copies the German screens and documents the end-to-end test `german-day` saved
# (tests/e2e/artifacts/de-*.png, artifacts/docs/de-*.png) into docs/screenshots/, to look at and
# to commit. Run the end-to-end tests first (npm test, or scripts/e2e.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
src=tests/e2e/artifacts
mkdir -p docs/screenshots
shopt -s nullglob
copied=0
for f in "$src"/de-register.png "$src"/de-vendor.png "$src"/de-certification-form.png "$src"/de-dashboard.png "$src"/de-settings.png "$src"/docs/de-summary.png "$src"/docs/de-list.png; do
  if [ -f "$f" ]; then cp "$f" docs/screenshots/; copied=$((copied + 1)); else echo "missing: $f" >&2; fi
done
echo "copied $copied screenshots into docs/screenshots/"
