"""Bytes (or a RawDocument) -> a cleaned :class:`~frontlines.model.Article`.

Publication date precedence (first given wins):
1. ``published`` passed by the caller (the user's ``--published``): an explicit value overrides
   whatever the document says, so a user can correct a wrong page date;
2. the date the source record states (JSON Lines ``published``, a feed entry's date);
3. the document's own metadata (HTML ``article:published_time``, JSON-LD, ``<time>``, htmldate);
4. a dateline at the head of the text ("Date of publication 27 October 2016", "26.12.2014 ...",
   see :mod:`.furniture`);
5. the WARC-Date of a crawled record (a fallback: the crawl date is not the publication date).
No date anywhere: ``published`` is None (never invented).
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from ..errors import EmptyDocument, MalformedInput, TooLarge
from ..model import Article
from ..options import Options
from .boilerplate import BoilerplateRules, strip_boilerplate
from .clean import article_id, clean_text
from .encoding import decode_bytes
from .furniture import FurnitureRules, strip_furniture
from .metadata import domain_of
from .raw import RawDocument, sniff_text_or_html


@lru_cache(maxsize=8)
def _furniture_rules(lexicon_dir: str | None) -> FurnitureRules:
    return FurnitureRules.load(lexicon_dir)


def _one_line(text: str | None) -> str | None:
    if not text:
        return None
    line = " ".join(clean_text(text).split())
    return line or None


def _build(data: bytes, *, origin: str, options: Options, fmt: str | None, published: date | None,
           hint_published: date | None = None, fallback_published: date | None = None,
           title: str | None = None, url: str | None = None, source: str | None = None,
           container: str | None = None, charset: str | None = None,
           rules: BoilerplateRules | None = None) -> Article:
    if len(data) > options.max_document_bytes:
        raise TooLarge(f"document too large ({len(data):,} bytes > max_document_bytes "
                       f"{options.max_document_bytes:,})", doc=origin,
                       fix="split the document or raise max_document_bytes in the configuration")
    if not data.strip():
        raise EmptyDocument("empty document (no text)", doc=origin, fix="remove the empty file or give it text")
    text, _encoding = decode_bytes(data, doc=origin, declared=charset)
    fmt = fmt or sniff_text_or_html(data)
    if fmt not in ("text", "html"):
        raise MalformedInput(f"unsupported content format {fmt!r}", doc=origin, fix="give text or HTML")
    doc_date = None
    extraction = "text"
    title = _one_line(title)
    if fmt == "html":
        from .html import extract_html

        page = extract_html(text, doc=origin, url=url)
        text = page.text
        title = title or _one_line(page.meta.title)
        url = url or page.meta.url
        source = source or page.meta.site_name
        doc_date = page.meta.published
        extraction = page.method
    rules = rules if rules is not None else BoilerplateRules.load(options.lexicon_dir or None)
    stripped = strip_boilerplate(clean_text(text), rules, title=title, detect_title=title is None and fmt == "text")
    furnished = strip_furniture(stripped.text, _furniture_rules(options.lexicon_dir or None),
                                title=stripped.title)
    if not furnished.text:
        raise EmptyDocument("no article text left after removing page boilerplate", doc=origin,
                            fix="check that the file holds an article (not only a page frame)")
    return Article(
        id=article_id(furnished.text), text=furnished.text, title=stripped.title,
        published=published or hint_published or doc_date or furnished.dateline or fallback_published,
        source=_one_line(source) or domain_of(url), url=url, origin=origin,
        format=container if container in ("rss", "jsonl", "warc") else fmt, extraction=extraction,
    )


def article_from_bytes(data: bytes, *, origin: str, options: Options, published: date | None = None,
                       title: str | None = None, url: str | None = None, fmt: str | None = None,
                       rules: BoilerplateRules | None = None, charset: str | None = None) -> Article:
    """Clean one document (plain text or HTML; ``fmt`` None = sniff). An explicit ``published``
    overrides the document's date (see module doc); ``title``/``url`` given here win over the
    document's; ``charset`` is a transport's declaration (HTTP Content-Type), tried when the bytes
    are not UTF-8. Raises InputError subclasses (TooLarge, EmptyDocument, BinaryDocument,
    EncodingError, MalformedInput) with ``doc=origin``."""
    return _build(data, origin=origin, options=options, fmt=fmt, published=published, title=title,
                  url=url, rules=rules, charset=charset)


def article_from_raw(raw: RawDocument, options: Options, published: date | None = None,
                     rules: BoilerplateRules | None = None) -> Article:
    """Clean a RawDocument from :func:`iter_raw` (runs on Dask workers). Raises InputError."""
    return _build(raw.data, origin=raw.origin, options=options, fmt=raw.fmt, published=published,
                  hint_published=raw.published, fallback_published=raw.fallback_published,
                  title=raw.title, url=raw.url, source=raw.source, container=raw.container,
                  charset=raw.charset, rules=rules)
