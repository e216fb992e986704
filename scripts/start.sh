#!/usr/bin/env bash
# `npm start`: install what is missing, build the UI and the app, and open Vetted on its register.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run app:build
cargo build --quiet -p vetted-cli  # the `vetted` command line, beside the app in target/debug/
if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  echo "start: built target/debug/vetted-app, but there is no display to open it on" >&2
  exit 1
fi
exec target/debug/vetted-app
