#!/usr/bin/env bash
# Install the headless browser the browser tests drive (tests/test_browser.py): Debian's
# chromium-headless-shell, at /usr/bin/chromium-headless-shell. Idempotent: does nothing when
# it is already there. Playwright's own browser download (`playwright install`) is never used.
set -euo pipefail
BIN=/usr/bin/chromium-headless-shell
if [ -x "$BIN" ]; then
  echo "setup_browser: $BIN already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup_browser: need root (or sudo) to apt-get install chromium-headless-shell" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium-headless-shell fonts-dejavu-core >/dev/null
if [ ! -x "$BIN" ]; then
  echo "setup_browser: apt-get finished but $BIN is missing" >&2
  exit 1
fi
echo "setup_browser: installed $("$BIN" --version 2>/dev/null || echo "$BIN")"
