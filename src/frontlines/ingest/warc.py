"""WARC readers (``.warc``, ``.warc.gz``; Common Crawl News layout) via warcio, streamed.

Response (and resource) records whose payload is HTML become RawDocuments: WARC-Target-URI is the
URL, WARC-Date only a fallback publication date, WARC-Record-ID the key. Other records (warcinfo,
request, metadata, images, redirects) are skipped. A broken record yields a Failure naming
``path#record<n>``; reading stops there, since the stream cannot be trusted past it.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import IO

from ..errors import MalformedInput, TooLarge
from ..model import Failure
from ..options import Options
from .metadata import parse_date
from .raw import RawDocument, sniff_content

log = logging.getLogger(__name__)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_FIX = "re-create or re-download the WARC file"


def _failure(exc: MalformedInput | TooLarge) -> Failure:
    return Failure(doc=exc.doc or "", stage=exc.stage, code=exc.code, reason=str(exc))


def _record(record, *, path: str, n: int, options: Options) -> RawDocument | Failure | None:
    if record.rec_type not in ("response", "resource"):
        return None
    h = record.rec_headers
    uri = h.get_header("WARC-Target-URI")
    rid = h.get_header("WARC-Record-ID") or f"{path}#record{n}"
    origin = f"{path}#record{n}"
    ctype = ""
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            log.debug("%s: HTTP %s for %s skipped", origin, status, uri)
            return None
        ctype = record.http_headers.get_header("Content-Type") or ""
    else:
        ctype = h.get_header("Content-Type") or ""
    if ctype and "html" not in ctype.lower():
        log.debug("%s: %s (%s) is not HTML; skipped", origin, uri, ctype)
        return None
    limit = options.max_document_bytes
    length = h.get_header("Content-Length")
    if length and length.isdigit() and int(length) > limit + 65536:
        return _failure(TooLarge(f"WARC record too large ({int(length):,} bytes > max_document_bytes {limit:,})",
                                 doc=origin, fix="raise max_document_bytes to read it"))
    data = record.content_stream().read(limit + 1)
    if len(data) > limit:
        return _failure(TooLarge(f"WARC record payload too large (> max_document_bytes {limit:,})",
                                 doc=origin, fix="raise max_document_bytes to read it"))
    if not ctype and sniff_content(data[:4096]) != "html":
        return None
    m = _CHARSET.search(ctype)
    return RawDocument(key=rid, data=data, fmt="html", origin=origin, container="warc", url=uri,
                       fallback_published=parse_date(h.get_header("WARC-Date")), id=rid,
                       charset=m.group(1) if m else None)


def _malformed(record) -> str | None:
    """Why a record warcio accepted is not a sound WARC record (warcio is lenient), or None."""
    if not str(getattr(record, "format", "warc")).startswith("warc"):
        return "not a WARC record (no WARC/1.x header)"
    if not record.rec_type:
        return "no WARC-Type header"
    if not record.rec_headers.get_header("WARC-Record-ID"):
        return "no WARC-Record-ID header"
    return None


def iter_warc_stream(stream: IO[bytes], path: str, options: Options) -> Iterator[RawDocument | Failure]:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    try:
        records = iter(ArchiveIterator(stream))
        while True:
            n += 1
            record = next(records, None)
            if record is None:
                return
            problem = _malformed(record)
            if problem:
                yield _failure(MalformedInput(f"malformed WARC record {n}: {problem}", doc=f"{path}#record{n}",
                                              fix=_FIX))
                return
            item = _record(record, path=path, n=n, options=options)
            if item is not None:
                yield item
    except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on a broken stream
        from warcio.exceptions import ArchiveLoadFailed

        why = " ".join(str(exc).split())[:200] or type(exc).__name__
        if not isinstance(exc, ArchiveLoadFailed):
            why = f"truncated or corrupt record ({type(exc).__name__}: {why})"
        yield _failure(MalformedInput(f"malformed WARC record {n}: {why}", doc=f"{path}#record{n}", fix=_FIX))


def iter_warc_file(path: str, options: Options) -> Iterator[RawDocument | Failure]:
    with open(path, "rb") as f:
        yield from iter_warc_stream(f, path, options)
