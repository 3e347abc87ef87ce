#!/usr/bin/env bash
# Installs what dmp-desktop needs on Debian 12: apt packages (as root when missing), then a virtualenv in
# .venv with the project and its dev + postgres extras. Idempotent: a second run only checks.
#   scripts/setup.sh            runtime + test packages (what the test command needs)
#   scripts/setup.sh --runtime  only what running the app needs
set -euo pipefail
cd "$(dirname "$0")/.."

RUNTIME_PKGS=(
  pcscd vsmartcard-vpcd libpcsclite-dev swig gcc python3-dev python3-venv
  xvfb xauth fonts-dejavu-core
  libegl1 libgl1 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0 libxkbcommon-x11-0
  libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-xkb1 libxcb-util1 libcups2
)
TEST_PKGS=(
  poppler-utils imagemagick zbar-tools x11-apps cups cups-bsd cups-client printer-driver-cups-pdf
  postgresql nsis pcsc-tools wine64 wine softhsm2
)

pkgs=("${RUNTIME_PKGS[@]}")
[ "${1:-}" = "--runtime" ] || pkgs+=("${TEST_PKGS[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: these Debian packages are missing and this user is not root:" >&2
    echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: Python >= 3.11 is needed ($("$PY" --version 2>&1) found); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.dmp-desktop-installed
want=$(sha256sum pyproject.toml | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing the project into .venv"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[dev,postgres]"
  echo "$want" > "$stamp"
fi
if [ -f scripts/build_translations.py ]; then
  .venv/bin/python scripts/build_translations.py >/dev/null || echo "setup: translations not built (French UI only)" >&2
fi
