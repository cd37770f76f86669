"""JSON Lines readers (``.jsonl``, ``.ndjson``, optionally gzip-compressed), streamed line by line.

Each line is an object with ``text`` (required) and optional ``published``, ``url``, ``title``,
``id``, ``source``. A bad line yields a Failure naming ``path#L<n>``; the other lines go on.
"""
from __future__ import annotations

import gzip
import json
import logging
import zlib
from collections.abc import Iterator
from typing import IO

from ..errors import InputError, MalformedInput, TooLarge
from ..model import Failure
from ..options import Options
from .metadata import parse_date
from .raw import RawDocument, sniff_text_or_html

log = logging.getLogger(__name__)
_FIX = "make each line one JSON object with a \"text\" string"


def _fail(exc: InputError) -> Failure:
    return Failure(doc=exc.doc or "", stage=exc.stage, code=exc.code, reason=str(exc))


def _str(obj: dict, key: str) -> str | None:
    v = obj.get(key)
    if v is None or v == "":
        return None
    return str(v)


def record_from_line(line: bytes, *, path: str, n: int) -> RawDocument:
    """One JSON Lines record as a RawDocument; raises MalformedInput for a bad line."""
    doc = f"{path}#L{n}"
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise MalformedInput(f"invalid JSON on line {n}: {str(exc).splitlines()[0]}", doc=doc, fix=_FIX) from exc
    if not isinstance(obj, dict):
        raise MalformedInput(f"line {n} is a JSON {type(obj).__name__}, not an object", doc=doc, fix=_FIX)
    text = obj.get("text")
    if not isinstance(text, str):
        what = "no \"text\" field" if text is None else f"\"text\" is a {type(text).__name__}, not a string"
        raise MalformedInput(f"line {n} has {what}", doc=doc, fix=_FIX)
    published = parse_date(obj.get("published"))
    if obj.get("published") and published is None:
        log.warning("%s: unreadable published value %r ignored", doc, obj.get("published"))
    data = text.encode("utf-8", "replace")
    rid = _str(obj, "id")
    return RawDocument(key=doc, data=data, fmt=sniff_text_or_html(data), origin=doc, container="jsonl",
                       url=_str(obj, "url"), title=_str(obj, "title"), published=published,
                       source=_str(obj, "source"), id=rid)


def _skip_rest_of_line(stream: IO[bytes]) -> int:
    skipped = 0
    while True:
        chunk = stream.readline(1 << 20)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def iter_jsonl_stream(stream: IO[bytes], path: str, options: Options) -> Iterator[RawDocument | Failure]:
    """Records of a JSON Lines byte stream; never holds more than one line in memory."""
    limit = options.max_document_bytes
    n = 0
    while True:
        n += 1
        try:
            line = stream.readline(limit + 1)
        except (OSError, EOFError, zlib.error) as exc:
            yield _fail(MalformedInput(f"corrupt or truncated compressed data at line {n}: {exc}", doc=path,
                                       fix="re-create or re-download the file"))
            return
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            try:
                extra = _skip_rest_of_line(stream)
            except (OSError, EOFError, zlib.error):
                extra = 0
            yield _fail(TooLarge(f"line {n} too large ({len(line) + extra:,} bytes > max_document_bytes "
                                 f"{limit:,})", doc=f"{path}#L{n}", fix="split the record or raise max_document_bytes"))
            continue
        if not line.strip():
            continue
        try:
            yield record_from_line(line, path=path, n=n)
        except InputError as exc:
            yield _fail(exc)


def iter_jsonl_file(path: str, options: Options) -> Iterator[RawDocument | Failure]:
    with open(path, "rb") as raw:
        magic = raw.read(2)
        raw.seek(0)
        if magic == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=raw, mode="rb") as gz:
                yield from iter_jsonl_stream(gz, path, options)
        else:
            yield from iter_jsonl_stream(raw, path, options)
