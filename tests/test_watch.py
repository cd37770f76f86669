"""Feed watching and polite fetching, against a local HTTP server on 127.0.0.1 (random free port)
started inside the test: good feed, malformed feed, 404, 500, slow page, oversized page,
robots.txt disallow, ETag 304 on the second poll, restart skipping what was seen."""
from __future__ import annotations

import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from frontlines.options import Options
from frontlines.scale.fetch import (Disallowed, Fetcher, FetchTimeout, HttpStatusError, MemoryValidators,
                                    ResponseTooLarge)
from frontlines.scale.watch import Watcher, parse_interval

ARTICLE = """<!doctype html><html><head><title>{title}</title>
<meta property="article:published_time" content="2024-12-05T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>{body}</p>
<p>Fighting continued in the surrounding countryside on Wednesday, residents said.</p>
</article><footer>Copyright 2024 Example News</footer></body></html>"""

PAGES = {
    "/a1.html": ("Rebels seize Saraqib", "Syrian rebels seized the town of Saraqib in Idlib province on "
                 "Wednesday after heavy fighting with government forces, a war monitor said."),
    "/a2.html": ("Government forces recapture Khan Shaykhun", "Syrian government forces recaptured the town "
                 "of Khan Shaykhun on Tuesday, state media reported, after rebels withdrew from the area."),
    "/a3.html": ("Shelling hits Maarat al-Numan", "Government artillery shelled Maarat al-Numan on Monday, "
                 "killing four civilians, according to rescue workers in the town."),
}


def rss(items: list[str], base: str) -> bytes:
    body = "".join(f"<item><title>{p}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
                   f"<pubDate>Thu, 05 Dec 2024 10:00:00 GMT</pubDate></item>" for p in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>'
            f"<link>{base}/</link><description>t</description>{body}</channel></rss>").encode()


class Site:
    """Routes and request log of the local test server."""

    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.headers: dict[str, list[dict[str, str]]] = {}
        self.feed_items = ["/a1.html", "/a2.html", "/missing.html", "/error.html", "/slow.html", "/huge.html",
                           "/private/secret.html"]
        self.etag = '"v1"'
        self.slow_s = 2.5
        self.on_hit = None  # callable(path) run before answering


def make_handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args) -> None:  # keep pytest output clean
            pass

        def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
                  extra: dict | None = None, length: bool = True) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_GET(self) -> None:  # noqa: N802
            path = self.path
            site.hits[path] = site.hits.get(path, 0) + 1
            site.headers.setdefault(path, []).append(dict(self.headers))
            if site.on_hit:
                site.on_hit(path)
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if path == "/robots.txt":
                self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif path == "/feed.xml":
                if self.headers.get("If-None-Match") == site.etag:
                    self._send(304, b"", extra={"ETag": site.etag})
                else:
                    self._send(200, rss(site.feed_items, base), "application/rss+xml", {"ETag": site.etag})
            elif path == "/bad.xml":
                self._send(200, b"<html><body>this is <b>not a feed", "application/rss+xml")
            elif path in PAGES:
                title, body = PAGES[path]
                self._send(200, ARTICLE.format(title=title, body=body).encode())
            elif path == "/error.html":
                self._send(500, b"internal error")
            elif path == "/slow.html":
                time.sleep(site.slow_s)
                self._send(200, ARTICLE.format(title="slow", body="late").encode())
            elif path == "/huge.html":  # no Content-Length: the cap must hold while streaming
                self._send(200, b"<html><body>" + b"x" * 300_000 + b"</body></html>", length=False)
            elif path == "/huge-declared.html":
                self._send(200, b"y" * 300_000)
            elif path == "/private/secret.html":
                self._send(200, ARTICLE.format(title="secret", body="secret").encode())
            else:
                self._send(404, b"not found")

    return Handler


@pytest.fixture()
def site():
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(s))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield s
    server.shutdown()
    server.server_close()


def fast_options(tmp_path, **kw) -> Options:
    base = dict(data_dir=str(tmp_path), db_url=f"sqlite:///{tmp_path / 'watch.db'}", http_timeout=1.0,
                http_max_bytes=100_000, http_retries=1, load_reference=False)
    base.update(kw)
    return Options(**base)


# ---------------------------------------------------------------------------- fetcher (no model)

def test_parse_interval():
    assert parse_interval("15m") == 900 and parse_interval("30s") == 30 and parse_interval("2h") == 7200
    assert parse_interval("45") == 45
    with pytest.raises(Exception, match="interval"):
        parse_interval("soon")


def test_fetch_user_agent_robots_and_conditional_get(site, tmp_path):
    opts = fast_options(tmp_path)
    with Fetcher(opts, backoff=0.01) as f:
        first = f.get(site.base + "/feed.xml")
        assert first.status == 200 and first.etag == '"v1"' and b"<rss" in first.content
        f.remember(first)
        second = f.get(site.base + "/feed.xml")
        assert second.not_modified and second.content == b""
        assert site.headers["/feed.xml"][1].get("If-None-Match") == '"v1"'
        assert all(h.get("User-Agent") == opts.user_agent for hs in site.headers.values() for h in hs)
        with pytest.raises(Disallowed):
            f.get(site.base + "/private/secret.html")
        assert "/private/secret.html" not in site.hits
        assert site.hits["/robots.txt"] == 1  # cached per host


def test_fetch_errors_retries_and_caps(site, tmp_path):
    with Fetcher(fast_options(tmp_path), validators=MemoryValidators(), backoff=0.01) as f:
        with pytest.raises(HttpStatusError) as e404:
            f.get(site.base + "/missing.html")
        assert e404.value.status == 404 and e404.value.permanent and site.hits["/missing.html"] == 1
        with pytest.raises(HttpStatusError) as e500:
            f.get(site.base + "/error.html")
        assert e500.value.status == 500 and not e500.value.permanent
        assert site.hits["/error.html"] == 2  # one retry (http_retries=1)
        t0 = time.monotonic()
        with pytest.raises(FetchTimeout):
            f.get(site.base + "/slow.html")
        assert time.monotonic() - t0 < 2 * site.slow_s + 1
        with pytest.raises(ResponseTooLarge):
            f.get(site.base + "/huge.html")
        with pytest.raises(ResponseTooLarge):
            f.get(site.base + "/huge-declared.html")
        assert "E712" in str(e404.value) and site.base in str(e404.value)


# ---------------------------------------------------------------------------- watcher (real pipeline)

@pytest.fixture()
def session(tmp_path, nlp, gazetteer, lexicons):
    from frontlines.api import Frontlines

    def make():
        return Frontlines(fast_options(tmp_path), nlp=nlp, gazetteer=gazetteer, lexicons=lexicons)
    return make


def watcher_for(fl, stop=None) -> Watcher:
    from frontlines.scale.watch import StoreValidators

    return Watcher(fl, country="SY", stop=stop,
                   fetcher=Fetcher(fl.options, validators=StoreValidators(fl), backoff=0.01))


@pytest.mark.slow
def test_watch_survives_bad_sources_and_resumes(site, session, caplog):
    caplog.set_level(logging.INFO)
    fl = session()
    with watcher_for(fl) as w:
        stats = w.poll([site.base + "/feed.xml", site.base + "/bad.xml", site.base + "/nofeed.xml"])
    assert stats.feeds == 3 and stats.feeds_failed == 2
    assert stats.entries == 7 and stats.analysed == 2
    codes = sorted(f.code for f in stats.failures)
    # malformed feed, missing feed (404), page 404, page 500, slow page, huge page, robots disallow
    assert codes == sorted(["E106", "E712", "E712", "E712", "E713", "E714", "E711"]), codes
    assert "/private/secret.html" not in site.hits
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    for bad in ("/bad.xml", "/missing.html", "/error.html", "/slow.html", "/huge.html", "/private/secret.html"):
        assert any(bad in m for m in warned), f"no log line for {bad}"
    stored = [f.doc for f in fl.store.failures()]
    assert any("/slow.html" in d for d in stored)
    for page in ("/a1.html", "/a2.html"):
        assert fl.store.seen(site.base + page, "watch-url")
    events, _ = fl.events(limit=None)
    article_ids = {s.ref_id for e in events for s in e.sources if s.origin == "article"}
    assert len(article_ids) == 2, "each stored article gave events"
    for aid in article_ids:
        art, _, _ = fl.article(aid)
        assert art.url in (site.base + "/a1.html", site.base + "/a2.html")

    # pages failed for passing reasons (500, timeout): the feed's ETag is not kept, so the next poll
    # reads the feed whole and tries them again
    assert fl.http_validators(site.base + "/feed.xml") == (None, None)
    fl.close()

    # restart (new session on the same store), the feed changed: seen items are skipped, permanent
    # failures are not fetched again, passing ones (500, timeout) are, the new item is analysed
    site.etag = '"v2"'
    site.feed_items = site.feed_items + ["/a3.html"]
    fl2 = session()
    with watcher_for(fl2) as w:
        second = w.poll([site.base + "/feed.xml"])
    assert second.analysed == 1 and second.seen == 5  # a1, a2, 404, too large, robots-disallowed
    assert site.hits["/a1.html"] == 1 and site.hits["/a2.html"] == 1 and site.hits["/a3.html"] == 1
    assert site.hits["/missing.html"] == 1
    assert site.hits["/error.html"] == 4  # tried again: 2 attempts per poll

    # the site drops its broken items: every entry is settled, the ETag is kept, and the next poll's
    # conditional GET gets a 304 (nothing else is fetched)
    site.etag = '"v3"'
    site.feed_items = ["/a1.html", "/a2.html", "/a3.html"]
    with watcher_for(fl2) as w:
        third = w.poll([site.base + "/feed.xml"])
        assert third.seen == 3 and third.analysed == 0 and third.failed == 0
        hits_before = dict(site.hits)
        fourth = w.poll([site.base + "/feed.xml"])
    assert fourth.feeds_not_modified == 1 and fourth.entries == 0
    assert site.headers["/feed.xml"][-1].get("If-None-Match") == '"v3"'
    assert {k: v for k, v in site.hits.items() if k != "/feed.xml"} == \
        {k: v for k, v in hits_before.items() if k != "/feed.xml"}
    fl2.close()


@pytest.mark.slow
def test_watch_stops_after_the_current_item(site, session):
    fl = session()
    stop = threading.Event()
    site.feed_items = ["/a1.html", "/a2.html", "/a3.html"]
    site.on_hit = lambda path: stop.set() if path == "/a1.html" else None  # "Ctrl-C" during item 1
    with watcher_for(fl, stop=stop) as w:
        stats = w.run([site.base + "/feed.xml"], interval=3600, once=False)
    assert stats.analysed == 1 and "/a2.html" not in site.hits
    assert fl.store.seen(site.base + "/a1.html", "watch-url")
    # the feed's ETag was not remembered (its entries were not all handled): the next run fetches it whole
    assert fl.http_validators(site.base + "/feed.xml") == (None, None)
    fl.close()


@pytest.mark.slow
def test_watch_local_feed_file(tmp_path, session):
    feed = tmp_path / "feed.xml"
    feed.write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title><link>http://x.invalid/</link>'
        b"<description>d</description><item><title>Rebels seize Saraqib</title><guid>item-1</guid>"
        b"<description>Syrian rebels seized the town of Saraqib on Wednesday after heavy fighting with "
        b"government forces.</description></item></channel></rss>")
    fl = session()
    with watcher_for(fl) as w:
        first = w.run([str(feed)], interval=1, once=True)
        second = w.run([str(feed)], interval=1, once=True)
    assert first.analysed == 1 and second.analysed == 0 and second.seen == 1
    fl.close()


def test_watch_cli_stops_cleanly_on_sigint(site, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    exe = str(Path(sys.executable).parent / "frontlines")
    env = dict(os.environ, FRONTLINES_CONFIG=str(tmp_path / "none.toml"))
    proc = subprocess.Popen([exe, "-v", "--db", f"sqlite:///{tmp_path / 'w.db'}", "watch", site.base + "/nofeed.xml",
                             "--interval", "1h"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and site.hits.get("/nofeed.xml", 0) < 1:
            time.sleep(0.1)
        time.sleep(0.5)  # let it log the poll and start waiting for the next one
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "HTTP 404" in err and "stopping after the current article" in err
    assert "watch: 0 new articles analysed" in out and "Traceback" not in err
    assert proc.returncode == 1  # nothing analysed, something failed
