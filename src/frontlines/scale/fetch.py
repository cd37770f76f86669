"""Polite HTTP fetching of feeds and article pages (httpx).

:class:`Fetcher` sends ``options.user_agent``, obeys robots.txt (``urllib.robotparser`` over the
robots.txt it fetched itself, cached per host for an hour), applies ``options.http_timeout`` to
every operation and to the whole download, retries timeouts, connection errors, 429 and 5xx
``options.http_retries`` times with exponential backoff, streams the body and stops past
``options.http_max_bytes``, and does conditional GETs (``If-None-Match`` / ``If-Modified-Since``)
from validators remembered through a :class:`Validators` object (the watcher keeps them in the
store). Failures raise :class:`FetchError` subclasses naming the URL and the fix.
"""
from __future__ import annotations

import logging
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx

from ..errors import ScaleError
from ..options import Options

log = logging.getLogger(__name__)

ROBOTS_TTL_S = 3600.0
MAX_BACKOFF_S = 30.0
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class FetchError(ScaleError):
    """A feed or page could not be fetched."""
    code = "E710"
    stage = "fetch"


class Disallowed(FetchError):
    code = "E711"


class HttpStatusError(FetchError):
    code = "E712"

    def __init__(self, message: str, *, status: int, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.status = status

    @property
    def permanent(self) -> bool:
        """4xx other than 408/429: asking again will not help."""
        return 400 <= self.status < 500 and self.status not in (408, 429)


class FetchTimeout(FetchError):
    code = "E713"


class ResponseTooLarge(FetchError):
    code = "E714"


class Unreachable(FetchError):
    code = "E715"


@dataclass(frozen=True)
class Response:
    url: str  # final URL, after redirects
    status: int  # 200..299, or 304 (not modified: content is empty)
    content: bytes
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Validators(Protocol):
    """Where ETag / Last-Modified values of fetched URLs are remembered."""

    def get(self, url: str) -> tuple[str | None, str | None]: ...

    def put(self, url: str, etag: str | None, last_modified: str | None) -> None: ...


class MemoryValidators:
    """Validators kept for the life of the object (tests, one-off runs)."""

    def __init__(self) -> None:
        self._data: dict[str, tuple[str | None, str | None]] = {}

    def get(self, url: str) -> tuple[str | None, str | None]:
        return self._data.get(url, (None, None))

    def put(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self._data[url] = (etag, last_modified)


class Fetcher:
    """One HTTP client with its robots.txt cache. Use as a context manager or call :meth:`close`."""

    def __init__(self, options: Options, *, validators: Validators | None = None, backoff: float = 0.5,
                 transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.options = options
        self.validators = validators if validators is not None else MemoryValidators()
        self.backoff = backoff
        self._sleep = sleep
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}
        self._client = httpx.Client(
            headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(options.http_timeout), follow_redirects=True, max_redirects=5,
            transport=transport)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ robots.txt
    def robots(self, url: str) -> urllib.robotparser.RobotFileParser:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(host)
        if cached and time.monotonic() - cached[0] < ROBOTS_TTL_S:
            return cached[1]
        parser = urllib.robotparser.RobotFileParser(host + "/robots.txt")
        try:
            resp = self._download(host + "/robots.txt", {})
            parser.parse(resp.content.decode("utf-8", "replace").splitlines())
        except HttpStatusError as exc:
            if exc.status in (401, 403):
                parser.disallow_all = True  # as urllib.robotparser.read() does
            else:  # no robots.txt (404, ...) or a broken server: nothing is forbidden
                parser.allow_all = True
        except FetchError as exc:
            log.warning("robots.txt of %s unreadable (%s): treating the host as allowing all", host, exc)
            parser.allow_all = True
        self._robots[host] = (time.monotonic(), parser)
        return parser

    def allowed(self, url: str) -> bool:
        return self.robots(url).can_fetch(self.options.user_agent, url)

    # ------------------------------------------------------------------ GET
    def get(self, url: str, *, conditional: bool = True, check_robots: bool = True) -> Response:
        """GET ``url``; a 304 comes back as a Response with ``not_modified``. Raises FetchError."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) URL: {url!r}", doc=url, fix="give an http:// or https:// URL")
        if check_robots and not self.allowed(url):
            raise Disallowed("robots.txt disallows this URL for our user agent", doc=url,
                             fix="respect the site's robots.txt; fetch another source")
        headers: dict[str, str] = {}
        if conditional:
            etag, modified = self.validators.get(url)
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
        attempts = max(0, int(self.options.http_retries)) + 1
        for attempt in range(attempts):
            try:
                return self._download(url, headers)
            except (FetchTimeout, Unreachable, HttpStatusError) as exc:
                retry = not isinstance(exc, HttpStatusError) or exc.status in RETRY_STATUS
                if not retry or attempt == attempts - 1:
                    raise
                delay = min(MAX_BACKOFF_S, self.backoff * 2 ** attempt)
                log.info("%s: %s; retry %d/%d in %.1f s", url, exc.message, attempt + 1, attempts - 1, delay)
                self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def remember(self, response: Response) -> None:
        """Store the response's validators, so the next conditional GET may get a 304."""
        if response.status == 200 and (response.etag or response.last_modified):
            self.validators.put(response.url, response.etag, response.last_modified)

    def _download(self, url: str, headers: dict[str, str]) -> Response:
        cap = self.options.http_max_bytes
        limit_s = self.options.http_timeout
        t0 = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=headers) as resp:
                status = resp.status_code
                if status == 304:
                    return Response(url=url, status=304, content=b"",
                                    etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"))
                if status >= 400 or status < 200:
                    raise HttpStatusError(f"HTTP {status}", status=status, doc=url,
                                          fix="check the URL; a server error may pass, the page is retried "
                                              "on the next poll")
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > cap:
                    raise ResponseTooLarge(f"response of {int(declared)} bytes exceeds http_max_bytes={cap}",
                                           doc=url, fix="raise http_max_bytes if this page is wanted")
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise ResponseTooLarge(f"response exceeds http_max_bytes={cap} bytes", doc=url,
                                               fix="raise http_max_bytes if this page is wanted")
                    if time.monotonic() - t0 > limit_s:
                        raise FetchTimeout(f"download took longer than http_timeout={limit_s} s", doc=url,
                                           fix="raise http_timeout for slow sites")
                    chunks.append(chunk)
                return Response(url=str(resp.url), status=status, content=b"".join(chunks),
                                content_type=resp.headers.get("content-type", ""),
                                etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"))
        except httpx.TimeoutException as exc:
            raise FetchTimeout(f"timed out after {limit_s} s ({type(exc).__name__})", doc=url,
                               fix="raise http_timeout for slow sites") from exc
        except httpx.HTTPError as exc:
            raise Unreachable(f"connection failed: {type(exc).__name__}: {exc}", doc=url,
                               fix="check the address and the network") from exc
