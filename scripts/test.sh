#!/usr/bin/env bash
# The whole test suite from nothing: installs what is missing, starts the real services (pcscd + vpcd,
# CUPS + cups-pdf, PostgreSQL), runs ruff, mypy, import-linter, pytest (all tiers), stops the services.
# Exits non-zero on any failure. Extra arguments go to pytest (e.g. scripts/test.sh tests/unit -x).
set -uo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
bash scripts/setup.sh || exit 1

cleanup() { bash scripts/services.sh stop || true; }
trap cleanup EXIT INT TERM
bash scripts/services.sh start || exit 1
# shellcheck disable=SC1091
source .test-state/services.env
export DMP_DESKTOP_REQUIRE_SERVICES=1  # a test whose service is missing fails instead of skipping
export QT_QPA_PLATFORM=offscreen
unset DISPLAY

status=0
step() {
  local name=$1; shift
  echo "== $name"
  if ! "$@"; then echo "== $name FAILED"; status=1; fi
}
step "ruff" .venv/bin/ruff check src tests benchmarks scripts
step "mypy" .venv/bin/mypy
step "import-linter" .venv/bin/lint-imports --no-cache
# The run's own temporary folder, emptied first: what the suite and its child processes write stays out of the
# machine's /tmp, and the never-on-disk test scans it without walking other programs' files.
rm -rf .test-state/tmp && mkdir -p .test-state/tmp
export TMPDIR=$PWD/.test-state/tmp DMP_DESKTOP_TEST_TMPDIR=$PWD/.test-state/tmp
step "pytest" .venv/bin/python -m pytest -p no:cacheprovider "$@"
echo "== test command finished in $((SECONDS - start)) s, status $status"
exit $status
