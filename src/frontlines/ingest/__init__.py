"""Ingest: files, directories, stdin, feeds, JSON Lines and WARC -> cleaned Articles.

The driver reads :class:`RawDocument` s with :func:`iter_raw` (cheap to pickle); workers clean
them with :func:`article_from_raw`; :func:`read_paths` does both in one process.
"""
from __future__ import annotations

from .article import article_from_bytes, article_from_raw
from .boilerplate import BoilerplateRules
from .clean import article_id, clean_text
from .feeds import FeedEntry, parse_feed
from .raw import RawDocument
from .sources import iter_raw, read_paths

__all__ = ["BoilerplateRules", "FeedEntry", "RawDocument", "article_from_bytes", "article_from_raw",
           "article_id", "clean_text", "iter_raw", "parse_feed", "read_paths"]
