#!/usr/bin/env bash
# Sets up dmp-desktop and starts it on its embedded defaults: training mode, virtual Vitale reader
# (vpcd on pcscd when this machine has it, an in-process reader otherwise), the embedded DMP simulator,
# SQLite in the user's data folder, a PDF file when no printer exists.
# Extra arguments go to dmp-desktop (e.g. scripts/run.sh --config my.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --runtime
if [ "$(id -u)" -eq 0 ] && ! pidof pcscd >/dev/null && command -v pcscd >/dev/null; then
  pcscd --auto-exit >/dev/null 2>&1 || true   # the PC/SC service, as a desktop's socket activation would
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "run: no display found, starting the window on a virtual X server (xvfb-run)" >&2
  exec xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/dmp-desktop "$@"
fi
exec .venv/bin/dmp-desktop "$@"
