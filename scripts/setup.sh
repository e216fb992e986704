#!/usr/bin/env bash
# Installs what Vetted needs on Debian/Ubuntu, skipping whatever is already there:
# Debian packages for WebKitGTK (and, with --test, Xvfb and WebKitWebDriver), the npm
# packages from package-lock.json, and (with --test) PostgreSQL for the team register's tests
# (started by scripts/pg.sh, never as a service) and tauri-driver in .tools/.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev build-essential pkg-config)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(xvfb xauth webkit2gtk-driver dbus-x11 at-spi2-core poppler-utils sqlite3 strace libreoffice-calc-nogui python3-uno python3-openpyxl
            tesseract-ocr postgresql postgresql-client openssl)
fi

for tool in cargo node npm; do
  command -v "$tool" >/dev/null || { echo "setup: '$tool' is missing: install Rust (rustup) and Node.js 20+ first" >&2; exit 1; }
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund
fi

if [[ "${1:-}" == "--test" && ! -x .tools/bin/tauri-driver ]]; then
  echo "setup: installing tauri-driver into .tools/"
  cargo install tauri-driver --version 2.1.0 --locked --root .tools --quiet
fi
