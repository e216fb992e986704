#!/usr/bin/env bash
# Runs the end-to-end tests against the built app, in a virtual display with its own D-Bus session.
set -euo pipefail
cd "$(dirname "$0")/.."
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x820x24" \
  node --test --test-concurrency=1 tests/e2e/*.test.mjs
