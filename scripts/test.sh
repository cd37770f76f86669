#!/usr/bin/env bash
# The README's test command runs this (via `make test`): start what the tests need, then pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
# PostgreSQL for the store tests (this machine kind runs one on 127.0.0.1:5432; start it if down).
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  fi
fi
pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || echo "note: no PostgreSQL server on 127.0.0.1:5432; the PostgreSQL store tests will skip"
# Headless Chromium for the browser tests (Debian package; never a browser download).
if [ -f scripts/setup_browser.sh ]; then bash scripts/setup_browser.sh || echo "note: browser set-up failed; browser tests will skip"; fi
mkdir -p tests/artifacts
exec .venv/bin/python -m pytest "$@"
