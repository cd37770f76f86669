#!/usr/bin/env bash
# Install the web page's third-party assets (never committed) into the assets directory:
#   leaflet/   Leaflet 1.9.4's dist/ from the npm registry (`npm pack`, tarball checked by SHA-1)
#   swagger-ui/  Swagger UI (swagger-ui-dist 5.35.0, npm registry, SHA-1 checked) for /docs
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
SWAGGER_VERSION=5.35.0
SWAGGER_SHA1=5c3b487ae5a2121b2c668d6f92b550707521876a  # dist.shasum of swagger-ui-dist@5.35.0

DEST=${FRONTLINES_WEB_ASSETS:-$("$PYBIN" -c 'from frontlines.options import load_options
from frontlines.web.assets import assets_dir
print(assets_dir(load_options()))')}
mkdir -p "$DEST"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# ---- npm packages: NAME VERSION SHA1 SUBDIR PATH... (paths inside the package, copied into SUBDIR)
npm_asset() {
  local name=$1 version=$2 sha1=$3 sub=$4
  shift 4
  if [ -f "$DEST/$sub/VERSION" ] && [ "$(cat "$DEST/$sub/VERSION")" = "$version" ]; then
    echo "setup_assets: $name $version already in $DEST/$sub"
    return 0
  fi
  command -v npm >/dev/null 2>&1 || { echo "setup_assets: npm is needed to fetch $name from the npm registry" >&2; exit 1; }
  local work="$TMP/$name"
  mkdir -p "$work"
  (cd "$work" && npm pack "$name@$version" --silent >/dev/null)
  local tgz="$work/$name-$version.tgz"
  local got
  got=$(sha1sum "$tgz" | cut -d' ' -f1)
  if [ "$got" != "$sha1" ]; then
    echo "setup_assets: $name-$version.tgz has SHA-1 $got, expected $sha1" >&2
    exit 1
  fi
  tar -xzf "$tgz" -C "$work"
  rm -rf "$DEST/$sub.new"
  mkdir -p "$DEST/$sub.new"
  local path
  for path in "$@"; do cp -R "$work/package/$path" "$DEST/$sub.new/"; done
  echo "$version" > "$DEST/$sub.new/VERSION"
  rm -rf "${DEST:?}/$sub"
  mv "$DEST/$sub.new" "$DEST/$sub"
  echo "setup_assets: installed $name $version in $DEST/$sub"
}

# Leaflet: the map
npm_asset leaflet "$LEAFLET_VERSION" "$LEAFLET_SHA1" leaflet dist/. LICENSE
# Swagger UI 5 (OpenAPI 3.1, which FastAPI writes): the API docs at /docs, offline
npm_asset swagger-ui-dist "$SWAGGER_VERSION" "$SWAGGER_SHA1" swagger-ui \
  swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE

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
