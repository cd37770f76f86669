"""Document metadata from HTML: publication date, title, site name, canonical URL.

Publication date, first found wins: ``<meta property="article:published_time">`` and its kin,
JSON-LD ``datePublished`` (also inside ``@graph``), ``<time datetime>`` (a ``pubdate`` one or the
first in ``<article>``), then htmldate on the page (metadata only, no guessing from the text).
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

_DATE_META = ("article:published_time", "og:published_time", "og:article:published_time",
              "datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
              "date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date",
              "parsely-pub-date", "article.published", "citation_publication_date")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class HtmlMeta:
    title: str | None = None
    published: date | None = None
    site_name: str | None = None
    url: str | None = None


def parse_date(value: Any) -> date | None:
    """A date from an ISO-like string (``2024-12-06T09:14:00+00:00``), or None."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    m = _ISO.search(str(value))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def domain_of(url: str | None) -> str | None:
    """``https://www.example.com/x`` -> ``example.com``."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _meta(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in out:
            out[key] = content.strip()
    return out


def _jsonld_dates(tree: Any) -> list[str]:
    found: list[str] = []

    def walk(obj: Any) -> None:
        if isinstance(obj, dict):
            if isinstance(obj.get("datePublished"), str):
                found.append(obj["datePublished"])
            for v in obj.values():
                if isinstance(v, (dict, list)):
                    walk(v)
        elif isinstance(obj, list):
            for v in obj:
                walk(v)

    for el in tree.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json" or not el.text:
            continue
        try:
            walk(json.loads(el.text))
        except (ValueError, RecursionError):
            continue
    return found


def _time_dates(tree: Any) -> list[str]:
    times = [t for t in tree.iter("time") if t.get("datetime")]
    pub = [t for t in times if t.get("pubdate") is not None or "publish" in (t.get("class") or "")]
    in_article = [t for t in times if any(a.tag == "article" for a in t.iterancestors())]
    return [t.get("datetime") for t in pub + in_article]


def find_published(tree: Any) -> date | None:
    meta = _meta(tree)
    for key in _DATE_META:
        d = parse_date(meta.get(key))
        if d:
            return d
    for value in _jsonld_dates(tree) + _time_dates(tree):
        d = parse_date(value)
        if d:
            return d
    try:
        from htmldate import find_date

        found = find_date(tree, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception as exc:  # noqa: BLE001 - htmldate is a last resort
        log.debug("htmldate failed: %s", exc)
        return None
    return parse_date(found)


def html_metadata(tree: Any) -> HtmlMeta:
    """Title, publication date, site name and canonical URL from a parsed lxml tree."""
    meta = _meta(tree)
    url = meta.get("og:url")
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            url = link.get("href").strip()
            break
    title = meta.get("og:title") or meta.get("twitter:title")
    if not title:
        h1 = next(iter(tree.iter("h1")), None)
        if h1 is not None:
            title = h1.text_content().strip() or None
    site = meta.get("og:site_name") or meta.get("application-name")
    if not title:
        t = next(iter(tree.iter("title")), None)
        if t is not None and t.text_content().strip():
            title = t.text_content().strip()
            if site:
                title = re.sub(rf"\s*[|\-–—:]\s*{re.escape(site)}\s*$", "", title)
    if url and not url.lower().startswith(("http://", "https://")):
        url = None
    return HtmlMeta(title=title or None, published=find_published(tree), site_name=site or None, url=url)
