"""Watch RSS/Atom feeds: fetch each new article page, analyse it into the store.

One poll (:meth:`Watcher.poll`) reads every feed (an http(s) URL, fetched with a conditional GET,
or a local file), and for each entry not seen before (by URL, then by the content hash of the
cleaned article) fetches the page politely (:mod:`frontlines.scale.fetch`), cleans it, extracts
its events and stores them. What has been seen is kept in the store (``seen`` kinds ``watch-url``
and ``watch-content``), so a restart continues where the last run stopped. A malformed feed, a
404/500, a slow or a huge page is logged (one line each), recorded as a failure and never stops
the others; 5xx and timeouts are tried again on the next poll, permanent failures are not.
:meth:`Watcher.run` polls every ``interval`` seconds until its ``stop`` event is set (the CLI sets
it on Ctrl-C / SIGTERM); the current item is always finished first.
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..api import Frontlines
from ..errors import FrontlinesError, ScaleError
from ..model import Failure
from .fetch import Disallowed, FetchError, Fetcher, HttpStatusError, ResponseTooLarge

log = logging.getLogger(__name__)

KIND_URL = "watch-url"
KIND_CONTENT = "watch-content"
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT_S = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """``"15m"`` -> 900.0; units s, m, h, d; a bare number is seconds."""
    m = _INTERVAL.match(text or "")
    if not m or float(m.group(1)) <= 0:
        raise ScaleError(f"not an interval: {text!r}", fix="write a positive number with a unit: 30s, 15m, 1h")
    return float(m.group(1)) * _UNIT_S[m.group(2).lower()]


@dataclass
class PollStats:
    feeds: int = 0
    feeds_failed: int = 0
    feeds_not_modified: int = 0
    entries: int = 0
    seen: int = 0
    analysed: int = 0
    events: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)

    def add(self, other: PollStats) -> None:
        for name in ("feeds", "feeds_failed", "feeds_not_modified", "entries", "seen", "analysed", "events",
                     "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures.extend(other.failures)


class StoreValidators:
    """ETag / Last-Modified of feeds, kept in the store so a restart still sends conditional GETs."""

    def __init__(self, fl: Frontlines) -> None:
        self.fl = fl

    def get(self, url: str) -> tuple[str | None, str | None]:
        return self.fl.http_validators(url)

    def put(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self.fl.remember_http_validators(url, etag, last_modified)


class Watcher:
    def __init__(self, fl: Frontlines, *, country: str | None = None, fetcher: Fetcher | None = None,
                 stop: threading.Event | None = None) -> None:
        self.fl = fl
        self.country = country
        self.stop = stop if stop is not None else threading.Event()
        self._own_fetcher = fetcher is None
        self.fetcher = fetcher if fetcher is not None else Fetcher(fl.options, validators=StoreValidators(fl))

    def close(self) -> None:
        if self._own_fetcher:
            self.fetcher.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ loop
    def run(self, sources: list[str], *, interval: float, once: bool = False) -> PollStats:
        """Poll until ``stop`` is set (or once). Returns the totals."""
        total = PollStats()
        rounds = 0
        while not self.stop.is_set():
            rounds += 1
            stats = self.poll(sources)
            total.add(stats)
            log.info("poll %d: %d feeds (%d failed, %d not modified), %d entries, %d new analysed "
                     "(%d events), %d already seen, %d failed", rounds, stats.feeds, stats.feeds_failed,
                     stats.feeds_not_modified, stats.entries, stats.analysed, stats.events, stats.seen,
                     stats.failed)
            if once or self.stop.wait(interval):
                break
        return total

    def poll(self, sources: list[str]) -> PollStats:
        stats = PollStats()
        for source in sources:
            if self.stop.is_set():
                break
            stats.feeds += 1
            self._poll_feed(source, stats)
        return stats

    # ------------------------------------------------------------------ one feed
    def _poll_feed(self, source: str, stats: PollStats) -> None:
        remote = source.startswith(("http://", "https://"))
        response = None
        try:
            if remote:
                response = self.fetcher.get(source, conditional=True)
                if response.not_modified:
                    stats.feeds_not_modified += 1
                    log.info("%s: not modified since the last poll", source)
                    return
                data = response.content
            else:
                data = Path(source).read_bytes()
            entries = self.fl.parse_feed(data, source)
        except (FrontlinesError, OSError) as exc:
            stats.feeds_failed += 1
            self._fail(stats, source, exc, stage="feed")
            return
        retry_later = False
        for entry in entries:
            if self.stop.is_set():
                log.info("stop requested: leaving %s before its remaining entries", source)
                return
            stats.entries += 1
            retry_later |= self._entry(source, entry, stats)
        if response is not None and not retry_later and not self.stop.is_set():
            # only once every entry was handled for good: a 304 next time must not hide an entry
            # whose page failed for a passing reason (5xx, timeout)
            self.fetcher.remember(response)

    def _entry(self, feed: str, entry, stats: PollStats) -> bool:
        """Handle one feed entry; True when it failed for a passing reason and must be tried again."""
        url = entry.link if entry.link and entry.link.startswith(("http://", "https://")) else None
        key = url or f"{feed}#{entry.id}"
        if self.fl.store.seen(key, KIND_URL):
            stats.seen += 1
            return False
        try:
            if url:
                page = self.fetcher.get(url, conditional=False)
                data = page.content
            else:  # no page to fetch: the feed's own text
                data = entry.body.encode("utf-8")
            article = self.fl.article_from_text(data, published=entry.published, title=entry.title, url=url,
                                                origin=key)
        except (Disallowed, ResponseTooLarge) as exc:
            self._fail(stats, key, exc, stage="fetch")
            self.fl.store.mark_seen(key, KIND_URL)  # permanent: do not ask again
            return False
        except HttpStatusError as exc:
            self._fail(stats, key, exc, stage="fetch")
            if exc.permanent:
                self.fl.store.mark_seen(key, KIND_URL)
            return not exc.permanent
        except FetchError as exc:  # timeout, connection: tried again on the next poll
            self._fail(stats, key, exc, stage="fetch")
            return True
        except FrontlinesError as exc:  # empty, binary, undecodable page: permanent
            self._fail(stats, key, exc, stage=exc.stage)
            self.fl.store.mark_seen(key, KIND_URL)
            return False
        if self.fl.store.seen(article.id, KIND_CONTENT):
            stats.seen += 1
            log.info("%s: same content as an article already analysed (%s)", key, article.id)
            self.fl.store.mark_seen(key, KIND_URL)
            return False
        result = self.fl.analyze_article(article, country=self.country, store=True)
        if isinstance(result, Failure):
            stats.failed += 1
            stats.failures.append(result)
            log.warning("%s: %s", key, result.reason)
        else:
            stats.analysed += 1
            stats.events += len(result.events)
            log.info("%s: analysed %s, %d events", key, article.id, len(result.events))
            self.fl.store.mark_seen(article.id, KIND_CONTENT)
        self.fl.store.mark_seen(key, KIND_URL)
        return False

    def _fail(self, stats: PollStats, doc: str, exc: Exception, *, stage: str) -> None:
        if isinstance(exc, FrontlinesError):
            failure = Failure(doc=doc, stage=stage, code=exc.code, reason=str(exc))
        else:
            failure = Failure(doc=doc, stage=stage, code=ScaleError.code, reason=f"{doc}: {exc}")
        stats.failed += 1
        stats.failures.append(failure)
        log.warning("%s", failure.reason)
        self.fl.store.record_failure(failure)


def watch_feeds(fl: Frontlines, feeds: list[str], *, interval: str | float = "15m", once: bool = False,
                country: str | None = None, stop: threading.Event | None = None) -> PollStats:
    """Poll ``feeds`` and analyse new articles into ``fl``'s store until ``stop`` is set, or once.
    ``interval``: seconds or text such as ``"15m"`` (:func:`parse_interval`). Returns the totals."""
    seconds = parse_interval(interval) if isinstance(interval, str) else float(interval)
    with Watcher(fl, country=country, stop=stop) as watcher:
        return watcher.run(feeds, interval=seconds, once=once)
