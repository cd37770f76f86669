#!/usr/bin/env bash
# The README's main job (`make demo`): analyse the bundled examples into the embedded store,
# print the result and the claim checks, then serve the map.
set -euo pipefail
cd "$(dirname "$0")/.."
FL=.venv/bin/frontlines
echo "== frontlines analyze examples/seed.txt --published 2024-12-06 --country SY"
$FL analyze examples/seed.txt --published 2024-12-06 --country SY
echo "== frontlines check examples/seed.txt --published 2024-12-06 --country SY"
$FL check examples/seed.txt --published 2024-12-06 --country SY
echo "== frontlines control --at 2024-12-06 --country SY (first lines)"
$FL control --at 2024-12-06 --country SY | head -n 25
if [ "${DEMO_NO_SERVE:-}" = "1" ]; then exit 0; fi
echo "== frontlines serve (Ctrl-C to stop)"
exec $FL serve --host 127.0.0.1 --port "${PORT:-8000}"
