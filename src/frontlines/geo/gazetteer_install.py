"""Adding files to the user's gazetteer (``<data dir>/gazetteer/``): ``frontlines gazetteer add``
and ``frontlines gazetteer fetch``.

A file is read in full before anything is written: a GeoNames dump file (``XX.txt``, ``XX.zip``,
``cities*.txt``/``.zip``; see :mod:`frontlines.geo.geonames`) or a CSV/TSV places file of
:mod:`frontlines.geo.gazetteer_extra`. A file that does not read (truncated zip, wrong columns,
no place) raises a coded :class:`GazetteerError` and leaves the user's gazetteer as it was. A
readable file is copied into the directory under a temporary name and renamed into place, then the
manifest (``sources.json``) is rewritten the same way; a file of the same name replaces the
earlier one. The next gazetteer load builds a new disk cache (the manifest is part of its key).

``fetch`` downloads ``<geonames_base_url>/<CC>.zip`` (GeoNames' country files) to a temporary file
in the same directory, checks it as above and only then installs it.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import http.client
import json
import logging
import os
import re
import shutil
import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from ..errors import GazetteerError
from .gazetteer_sources import MANIFEST, user_dir, user_sources
from .geonames import looks_like_geonames, read_geonames

log = logging.getLogger(__name__)

_CODE = re.compile(r"^[A-Za-z]{2}$")
_CHUNK = 1 << 16


def check_file(path: Path) -> tuple[str, int]:
    """(kind, number of places) of a file that may join the gazetteer; raises GazetteerError."""
    if not path.is_file():
        raise GazetteerError("no such file", doc=str(path), fix="give the path of a GeoNames or places file")
    if looks_like_geonames(path):
        n = len(read_geonames(path))
        kind = "geonames"
    else:
        from .gazetteer_extra import read_places

        n = len(read_places(path))
        kind = "places"
    if n == 0:
        raise GazetteerError("no populated place in the file", doc=str(path),
                             fix="give a GeoNames dump file (feature class P rows) or a places CSV/TSV")
    return kind, n


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def _write_manifest(folder: Path, entries: list[dict]) -> None:
    tmp = folder / f".{MANIFEST}.tmp{os.getpid()}"
    tmp.write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)


def _install(options: Any, staged: Path, name: str, origin: str, kind: str, places: int) -> dict:
    """Move the checked file ``staged`` (in the user's gazetteer directory) to ``name`` and record it."""
    folder = user_dir(options)
    entry = {"file": name, "kind": kind, "origin": origin, "sha256": _sha256(staged), "places": places,
             "added": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}
    entries = [e for e in user_sources(options) if e["file"] != name]
    os.replace(staged, folder / name)
    _write_manifest(folder, [*entries, entry])
    log.info("gazetteer: %s added as %s (%s, %d places)", origin, name, kind, places)
    return entry


def _safe_name(name: str) -> str:
    name = re.sub(r"[^\w.\-]+", "_", Path(name).name).strip("._")
    if not name or name == MANIFEST:
        raise GazetteerError(f"unusable file name {name!r}", fix="rename the file")
    return name


def add_files(options: Any, paths: list[str | Path]) -> list[dict]:
    """Check every file, then add each to the user's gazetteer (module doc); the new manifest entries.
    All files are checked before the first is copied: one bad file adds none."""
    checked = []
    for p in paths:
        path = Path(p).expanduser()
        kind, n = check_file(path)
        checked.append((path, kind, n))
    folder = user_dir(options)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for path, kind, n in checked:
        name = _safe_name(path.name)
        staged = folder / f".{name}.tmp{os.getpid()}"
        try:
            shutil.copyfile(path, staged)
            out.append(_install(options, staged, name, str(path.resolve()), kind, n))
        finally:
            staged.unlink(missing_ok=True)
    return out


def fetch_countries(options: Any, codes: list[str]) -> list[dict]:
    """Download GeoNames' country file of each ISO code and add it (module doc)."""
    bad = [c for c in codes if not _CODE.match(c)]
    if bad:
        raise GazetteerError(f"not a two-letter country code: {', '.join(bad)}", fix="give ISO 3166 codes such as SY, IQ")
    base = str(getattr(options, "geonames_base_url", "") or "").rstrip("/")
    if not base:
        raise GazetteerError("no download address", fix="set geonames_base_url (docs/settings.md)")
    folder = user_dir(options)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for code in codes:
        name = f"{code.upper()}.zip"
        url = f"{base}/{name}"
        staged = folder / f".download{os.getpid()}.{name}"  # keeps the .zip suffix the reader goes by
        try:
            _download(url, staged, options)
            try:
                kind, n = check_file(staged)
            except GazetteerError as exc:
                raise GazetteerError(f"the download is not a usable GeoNames file: {exc.message}", doc=url,
                                     fix="try again later, or download it yourself and use 'frontlines gazetteer add'"
                                     ) from exc
            out.append(_install(options, staged, name, url, kind, n))
        finally:
            staged.unlink(missing_ok=True)
    return out


def _download(url: str, dest: Path, options: Any) -> None:
    timeout = float(getattr(options, "http_timeout", 20.0))
    request = urllib.request.Request(url, headers={"User-Agent": str(getattr(options, "user_agent", "frontlines"))})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp, open(dest, "wb") as fh:
            expected = resp.headers.get("Content-Length")
            got = 0
            for block in iter(lambda: resp.read(_CHUNK), b""):
                fh.write(block)
                got += len(block)
            if expected and expected.isdigit() and got != int(expected):
                raise GazetteerError(f"download cut short ({got} of {expected} bytes)", doc=url,
                                     fix="try again")
    except urllib.error.HTTPError as exc:
        raise GazetteerError(f"HTTP {exc.code} {exc.reason}", doc=url,
                             fix="check the country code and the geonames_base_url setting") from exc
    except (socket.timeout, TimeoutError) as exc:
        raise GazetteerError(f"no answer within {timeout:g} s", doc=url,
                             fix="try again, or raise http_timeout") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise GazetteerError(f"no answer within {timeout:g} s", doc=url,
                                 fix="try again, or raise http_timeout") from exc
        raise GazetteerError(f"cannot download: {reason}", doc=url,
                             fix="check the network and the geonames_base_url setting") from exc
    except (OSError, http.client.HTTPException) as exc:  # IncompleteRead: the connection closed early
        raise GazetteerError(f"cannot download: {exc!r}", doc=url, fix="try again; check the network and the disk") from exc
