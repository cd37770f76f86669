"""Paths -> RawDocuments (driver side) -> Articles.

A path is a file, a directory (walked recursively in sorted order, hidden files and directories
skipped) or ``-`` for standard input. Formats are decided by extension and content: ``.warc``/
``.warc.gz`` and ``.jsonl``/``.ndjson`` (optionally ``.gz``) are containers streamed record by
record; any other file is one document whose content decides between an RSS/Atom feed (one
document per entry), HTML and plain text (a WARC or JSON Lines stream is also recognised by its
content when its extension says nothing).
"""
from __future__ import annotations

import gzip
import io
import logging
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO

from ..errors import BinaryDocument, EmptyDocument, InputError, MalformedInput, MissingFile, TooLarge
from ..model import Article, Failure, stable_id
from ..options import Options
from .article import article_from_raw
from .boilerplate import BoilerplateRules
from .encoding import looks_binary
from .feeds import feed_documents
from .jsonl import iter_jsonl_file, iter_jsonl_stream
from .raw import RawDocument, sniff_content
from .warc import iter_warc_file, iter_warc_stream

log = logging.getLogger(__name__)

STDIN = "<stdin>"
_WARC_EXT = (".warc", ".warc.gz")
_JSONL_EXT = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_FIX_SIZE = "split the document or raise max_document_bytes in the configuration"


def failure(exc: InputError) -> Failure:
    return Failure(doc=exc.doc or "", stage=exc.stage, code=exc.code, reason=str(exc))


def walk(path: Path) -> Iterator[Path]:
    """Files under a directory, recursively, in sorted order, hidden ones skipped."""
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _too_large(size: int, doc: str, options: Options) -> Failure:
    return failure(TooLarge(f"file too large ({size:,} bytes > max_document_bytes {options.max_document_bytes:,})",
                            doc=doc, fix=_FIX_SIZE))


def _documents(data: bytes, doc: str, key: str, container: str, options: Options) -> Iterator[RawDocument | Failure]:
    """A single in-memory document: a feed (one RawDocument per entry), HTML or text."""
    kind = sniff_content(data[:4096])
    if kind == "feed":
        try:
            yield from feed_documents(data, doc)
        except MalformedInput as exc:
            yield failure(exc)
        return
    yield RawDocument(key=key, data=data, fmt="html" if kind == "html" else "text", origin=doc, container=container)


def _gzip_document(path: Path, doc: str, options: Options) -> Iterator[RawDocument | Failure]:
    limit = options.max_document_bytes
    try:
        with gzip.open(path, "rb") as gz:
            head = gz.read(4096)
            kind = sniff_content(head)
            if kind in ("warc", "jsonl"):
                rest = io.BufferedReader(_Prefixed(head, gz))  # type: ignore[arg-type]
                stream = iter_warc_stream if kind == "warc" else iter_jsonl_stream
                yield from stream(rest, doc, options)
                return
            data = head + gz.read(limit + 1 - len(head))
    except (OSError, EOFError, zlib.error) as exc:
        yield failure(MalformedInput(f"corrupt gzip file: {exc}", doc=doc, fix="re-create or re-download the file"))
        return
    if len(data) > limit:
        yield failure(TooLarge(f"decompressed document too large (> max_document_bytes {limit:,})", doc=doc,
                               fix=_FIX_SIZE))
        return
    yield from _check_and_split(data, doc, str(path), "file", options)


class _Prefixed(io.RawIOBase):
    """A raw stream that first returns ``head`` and then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head, self._stream = head, stream

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buf), len(self._head))
            buf[:n], self._head = self._head[:n], self._head[n:]
            return n
        chunk = self._stream.read(len(buf))
        buf[:len(chunk)] = chunk
        return len(chunk)


def _check_and_split(data: bytes, doc: str, key: str, container: str,
                     options: Options) -> Iterator[RawDocument | Failure]:
    if not data.strip():
        yield failure(EmptyDocument("empty file (no text)", doc=doc, fix="remove the empty file or give it text"))
        return
    why = looks_binary(data[:8192])
    if why:
        yield failure(BinaryDocument(f"binary file ({why})", doc=doc,
                                     fix="give a text, HTML, feed, JSON Lines or WARC file"))
        return
    yield from _documents(data, doc, key, container, options)


def iter_file(path: Path, options: Options) -> Iterator[RawDocument | Failure]:
    doc = str(path)
    name = path.name.lower()
    try:
        size = path.stat().st_size
        if size == 0:
            yield failure(EmptyDocument("empty file (0 bytes)", doc=doc, fix="remove the empty file or give it text"))
            return
        if name.endswith(_WARC_EXT):
            yield from iter_warc_file(doc, options)
            return
        if name.endswith(_JSONL_EXT):
            yield from iter_jsonl_file(doc, options)
            return
        with open(path, "rb") as f:
            head = f.read(4096)
            kind = sniff_content(head)
            if kind == "gzip":
                pass
            elif kind in ("warc", "jsonl") and not name.endswith((".txt", ".html", ".htm")):
                f.seek(0)
                stream = iter_warc_stream if kind == "warc" else iter_jsonl_stream
                yield from stream(f, doc, options)
                return
            elif size > options.max_document_bytes:
                yield _too_large(size, doc, options)
                return
            else:
                data = head + f.read()
        if kind == "gzip":
            yield from _gzip_document(path, doc, options)
            return
    except FileNotFoundError:
        yield failure(MissingFile("no such file", doc=doc, fix="check the path"))
        return
    except OSError as exc:
        yield failure(MissingFile(f"cannot read file: {exc.strerror or exc}", doc=doc,
                                  fix="check the path and its permissions"))
        return
    yield from _check_and_split(data, doc, doc, "file", options)


def iter_stdin(options: Options, stdin: IO[bytes] | None = None) -> Iterator[RawDocument | Failure]:
    """Standard input: one document, or a JSON Lines / WARC stream (optionally gzip-compressed),
    never more than ``max_document_bytes`` of it."""
    stream = stdin if stdin is not None else sys.stdin.buffer
    limit = options.max_document_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield _too_large(len(data), STDIN, options)
        return
    source: IO[bytes] = io.BytesIO(data)
    try:
        if data[:2] == b"\x1f\x8b":
            kind = sniff_content(gzip.GzipFile(fileobj=io.BytesIO(data)).read(4096))
            if kind != "warc":  # warcio reads (multi-member) gzip itself
                source = gzip.GzipFile(fileobj=io.BytesIO(data))
                if kind != "jsonl":
                    data = source.read(limit + 1)
                    if len(data) > limit:
                        yield _too_large(len(data), STDIN, options)
                        return
        else:
            kind = sniff_content(data[:4096])
    except (OSError, EOFError, zlib.error) as exc:
        yield failure(MalformedInput(f"corrupt gzip data: {exc}", doc=STDIN, fix="check the input"))
        return
    if kind == "warc":
        yield from iter_warc_stream(source, STDIN, options)
    elif kind == "jsonl":
        yield from iter_jsonl_stream(source, STDIN, options)
    else:
        yield from _check_and_split(data, STDIN, f"stdin:{stable_id(data)}", "stdin", options)


def iter_raw(paths: Iterable[str | os.PathLike], options: Options, *,
             stdin: IO[bytes] | None = None) -> Iterator[RawDocument | Failure]:
    """RawDocuments (or Failures) of every path, lazily; containers are streamed record by record."""
    for p in paths:
        if str(p) == "-":
            yield from iter_stdin(options, stdin)
            continue
        path = Path(p)
        if path.is_dir():
            for f in walk(path):
                yield from iter_file(f, options)
        elif not path.exists():
            yield failure(MissingFile("no such file or directory", doc=str(p), fix="check the path"))
        else:
            yield from iter_file(path, options)


def read_paths(paths: Iterable[str | os.PathLike], options: Options, published: date | None = None, *,
               stdin: IO[bytes] | None = None) -> Iterator[Article | Failure]:
    """Articles (or Failures, one per bad document) of every path; see :func:`iter_raw` and
    :func:`frontlines.ingest.article.article_from_raw` (an explicit ``published`` overrides the
    documents' own dates)."""
    rules = BoilerplateRules.load(options.lexicon_dir or None)
    for raw in iter_raw(paths, options, stdin=stdin):
        if isinstance(raw, Failure):
            log.info("%s", raw.reason)
            yield raw
            continue
        try:
            yield article_from_raw(raw, options, published, rules=rules)
        except InputError as exc:
            log.info("%s", exc)
            yield failure(exc)
        except Exception as exc:  # noqa: BLE001 - one bad document never stops the others
            log.exception("%s: unexpected error while cleaning", raw.origin)
            why = " ".join(str(exc).split())[:200] or type(exc).__name__
            err = InputError(f"could not clean document: {type(exc).__name__}: {why}", doc=raw.origin,
                             fix="report this document as a bug")
            err.stage = "clean"
            yield failure(err)
