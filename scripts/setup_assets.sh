#!/usr/bin/env bash
# Install the web page's third-party assets (never committed) into the assets directory:
#   leaflet/   Leaflet 1.9.4's dist/ from the npm registry (`npm pack`, tarball checked by SHA-1)
#   basemap/countries.geojson   Natural Earth 1:110m countries (public domain), converted from
#              the shapefile that ships inside the pyogrio package
# The directory is the setting `web_assets_dir` (config file), or $FRONTLINES_WEB_ASSETS, or
# the default <repo>/.venv/share/frontlines-web (see src/frontlines/web/assets.py).
# Idempotent: what is already installed (same version) is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBIN=${PYBIN:-.venv/bin/python}
LEAFLET_VERSION=1.9.4
LEAFLET_SHA1=23fae724e282fa25745aff82ca4d394748db7d8d  # dist.shasum of leaflet@1.9.4 on the registry

DEST=${FRONTLINES_WEB_ASSETS:-$("$PYBIN" -c 'from frontlines.options import load_options
from frontlines.web.assets import assets_dir
print(assets_dir(load_options()))')}
mkdir -p "$DEST"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# ---- Leaflet -----------------------------------------------------------------------------
if [ -f "$DEST/leaflet/leaflet.js" ] && [ "$(cat "$DEST/leaflet/VERSION" 2>/dev/null)" = "$LEAFLET_VERSION" ]; then
  echo "setup_assets: Leaflet $LEAFLET_VERSION already in $DEST/leaflet"
else
  command -v npm >/dev/null 2>&1 || { echo "setup_assets: npm is needed to fetch Leaflet from the npm registry" >&2; exit 1; }
  (cd "$TMP" && npm pack "leaflet@$LEAFLET_VERSION" --silent >/dev/null)
  TGZ="$TMP/leaflet-$LEAFLET_VERSION.tgz"
  GOT=$(sha1sum "$TGZ" | cut -d' ' -f1)
  if [ "$GOT" != "$LEAFLET_SHA1" ]; then
    echo "setup_assets: leaflet-$LEAFLET_VERSION.tgz has SHA-1 $GOT, expected $LEAFLET_SHA1" >&2
    exit 1
  fi
  tar -xzf "$TGZ" -C "$TMP" package/dist package/LICENSE
  rm -rf "$DEST/leaflet.new"
  mkdir -p "$DEST/leaflet.new"
  cp -R "$TMP/package/dist/." "$DEST/leaflet.new/"
  cp "$TMP/package/LICENSE" "$DEST/leaflet.new/LICENSE"
  echo "$LEAFLET_VERSION" > "$DEST/leaflet.new/VERSION"
  rm -rf "$DEST/leaflet"
  mv "$DEST/leaflet.new" "$DEST/leaflet"
  echo "setup_assets: installed Leaflet $LEAFLET_VERSION in $DEST/leaflet"
fi

# ---- basemap -------------------------------------------------------------------------------
if [ -s "$DEST/basemap/countries.geojson" ]; then
  echo "setup_assets: basemap already in $DEST/basemap"
else
  mkdir -p "$DEST/basemap"
  "$PYBIN" - "$DEST/basemap" <<'PY'
import json
import os
import sys
from pathlib import Path

import pyogrio
from pyogrio import raw

out_dir = Path(sys.argv[1])
src = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"
if not src.is_file():
    sys.exit(f"setup_assets: {src} is missing (pyogrio 0.13 ships it; check requirements.txt)")
meta, _fids, geometry, fields = raw.read(src, columns=["name", "iso_a3", "continent"])
tmp = out_dir / "countries.tmp.geojson"
if tmp.exists():
    tmp.unlink()
raw.write(tmp, geometry, fields, meta["fields"], crs=meta["crs"], driver="GeoJSON",
          geometry_type="MultiPolygon", promote_to_multi=True,
          layer_options={"COORDINATE_PRECISION": "4", "RFC7946": "YES"})
data = json.loads(tmp.read_text(encoding="utf-8"))  # check it parses before putting it in place
if len(data.get("features", ())) < 100:
    sys.exit(f"setup_assets: {tmp} has only {len(data.get('features', ()))} countries")
os.replace(tmp, out_dir / "countries.geojson")
(out_dir / "SOURCE").write_text(
    "Natural Earth 1:110m admin 0 countries (public domain, naturalearthdata.com),\n"
    f"as shipped in pyogrio {pyogrio.__version__} ({src.name}); converted to GeoJSON by "
    "scripts/setup_assets.sh.\n", encoding="utf-8")
print(f"setup_assets: wrote {len(data['features'])} country outlines to {out_dir / 'countries.geojson'}")
PY
fi
