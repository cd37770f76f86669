"""The sources of the cached gazetteer, in the order they are merged:

1. the installed GeoNames packages (:mod:`frontlines.geo.gazetteer_build`: cities500 worldwide,
   admin areas, countries, continents, the regions lexicon);
2. the GeoNames dump files bundled in the package (``geo/data/*.txt.xz``: Syria's 10,435 populated
   places, CC BY 4.0, see :data:`CREDIT`);
3. the user's gazetteer: the files added with ``frontlines gazetteer add`` / ``fetch``, kept in
   ``<data dir>/gazetteer/`` with a manifest (``sources.json``, see
   :mod:`frontlines.geo.gazetteer_install`): GeoNames dump files, or the CSV/TSV places files
   that :mod:`frontlines.geo.gazetteer_extra` reads.

Every one of them is part of the disk cache's key (:func:`sources_digest`): a changed bundled
file or an added user file builds a new cache. The ``gazetteer_extra`` setting's files are not
(they are read at every load).
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from ..errors import GazetteerError
from .gazetteer_build import GazetteerData, build
from .geonames import merge_places, read_geonames

log = logging.getLogger(__name__)

BUNDLED_DIR = Path(__file__).resolve().parent / "data"
MANIFEST = "sources.json"
#: The credit the bundled GeoNames data asks for (CC BY 4.0); shown by ``frontlines --version``.
CREDIT = ("Place data: GeoNames (geonames.org), CC BY 4.0. Syria's villages (geo/data/SY.txt.xz): "
          "GeoNames data from Who's On First (whosonfirst.org).")


def bundled_files() -> list[Path]:
    """The GeoNames dump files shipped in the package (sorted by name)."""
    return sorted(BUNDLED_DIR.glob("*.txt.xz"))


def user_dir(options: Any) -> Path:
    """The directory of the user's gazetteer files (it may not exist yet)."""
    return Path(options.resolved_data_dir) / "gazetteer"


def user_sources(options: Any) -> list[dict]:
    """The manifest entries of the user's gazetteer: {"file", "kind", "origin", "sha256", "places",
    "added"}, in the order they were added; [] when none was added."""
    path = user_dir(options) / MANIFEST
    if not path.exists():
        return []
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"unreadable manifest: {exc}", doc=str(path),
                             fix="remove the file and add the gazetteer files again") from exc
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "file" in e for e in entries):
        raise GazetteerError("malformed manifest", doc=str(path),
                             fix="remove the file and add the gazetteer files again")
    return entries


def sources_digest(options: Any) -> bytes:
    """Bytes that change when a bundled file or the user's gazetteer changes (part of the cache key)."""
    h = hashlib.sha256()
    for path in bundled_files():
        h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    for entry in user_sources(options):
        h.update(f"{entry['file']}|{entry.get('sha256', '')}|{entry.get('kind', '')}".encode())
    return h.digest()


def build_all(min_population: int, options: Any) -> GazetteerData:
    """The packages' gazetteer with the bundled and the user's files merged (see module doc);
    ``data.sources`` lists each source with its counts."""
    data = build(min_population, index=False)
    for path in bundled_files():
        _merge_geonames(data, path, f"bundled {path.name}", "geonames (bundled)")
    places_files: list[tuple[Path, str]] = []
    folder = user_dir(options)
    for entry in user_sources(options):
        path = folder / entry["file"]
        if not path.exists():
            raise GazetteerError("a file of the user's gazetteer is missing", doc=str(path),
                                 fix=f"add it again with 'frontlines gazetteer add', or remove its entry from "
                                     f"{folder / MANIFEST}")
        if entry.get("kind") == "geonames":
            _merge_geonames(data, path, entry.get("origin") or entry["file"], "geonames")
        else:
            places_files.append((path, entry.get("origin") or entry["file"]))
    data.index()
    if places_files:
        from .gazetteer_extra import add_places, read_places

        for path, origin in places_files:
            places = read_places(path)
            new = add_places(data, places)
            data.sources.append({"source": origin, "kind": "places", "places": len(places), "new": new,
                                 "merged": len(places) - new})
    return data


def _merge_geonames(data: GazetteerData, path: Path, label: str, kind: str) -> None:
    records = read_geonames(path)
    new, merged = merge_places(data, records)
    data.sources.append({"source": label, "kind": kind, "places": len(records), "new": new, "merged": merged})
    log.info("gazetteer source %s: %d populated places, %d new, %d merged by geonameid", label, len(records), new, merged)
