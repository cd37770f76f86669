"""The REST API (frontlines.web) against a real temporary SQLite store: the seed analysed through
the library, the curated reference record loaded by the store, every endpoint, filter,
pagination boundary, error case and the write-token rule."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import date

import httpx
import pytest
from fastapi.testclient import TestClient
from web_support import (HOSTILE_TEXT, HOSTILE_TITLE, REPO, SEED_CAPTURES, SEED_HTML, TOKEN, free_socket,
                         seeded_session)

from frontlines.api import Frontlines
from frontlines.options import Options
from frontlines.web import create_app

EVENT_KEYS = {"id", "type", "plover", "acled_event_type", "acled_sub_event_type", "actor", "target", "place",
              "date", "evidence", "confidence"}
MAX_BODY = 200_000


# ------------------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def seeded(tmp_path_factory, nlp, gazetteer, lexicons):
    with seeded_session(tmp_path_factory.mktemp("api"), nlp, gazetteer, lexicons,
                        api_token=TOKEN, api_max_body=MAX_BODY) as fl:
        yield fl


@pytest.fixture(scope="module")
def client(seeded):
    with TestClient(create_app(seeded), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def all_events(client):
    r = client.get("/api/events", params={"limit": 1000})
    assert r.status_code == 200
    body = r.json()
    assert body["next"] is None, "the test store should fit in one page of 1000"
    return body["events"]


@pytest.fixture(scope="module")
def seed_captures(client):
    """The seed's control changes, by GeoNames name."""
    evs = client.get("/api/events", params={"type": "control_change", "origin": "article", "limit": 1000}).json()
    return {e["place"]["name"]: e for e in evs["events"] if e["place"]}


@pytest.fixture()
def bare(tmp_path):
    """A real session on an empty store (no model loaded: nothing here analyses)."""
    with Frontlines(Options(data_dir=str(tmp_path), db_url=f"sqlite:///{tmp_path / 'bare.db'}",
                            load_reference=False, api_max_body=1000)) as fl:
        yield fl


def assert_error(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"]
    assert "Traceback" not in r.text and 'File "' not in r.text
    if code:
        assert body["error"]["code"] == code, body
    return body["error"]


def _ids(events):
    return [e["id"] for e in events]


# ------------------------------------------------------------------------------------------ no model needed
def test_health_and_security_headers(bare):
    c = TestClient(create_app(bare, token=""))
    r = c.get("/api/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["writable"] is False
    page = c.get("/")
    csp = page.headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in r.headers


def test_page_and_docs_reference_only_local_assets(bare):
    c = TestClient(create_app(bare))
    for path in ("/", "/docs"):
        r = c.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        refs = re.findall(r"""(?:src|href)=["']([^"']+)""", r.text)
        assert refs, path
        external = [u for u in refs if re.match(r"^(https?:)?//", u)]
        assert not external, f"{path} loads external assets: {external}"
        assert "<script>" not in r.text.replace(" ", ""), f"{path} has an inline script (CSP forbids it)"
        for ref in refs:
            if ref.startswith("/") and not ref.startswith("/docs"):
                assert c.get(ref).status_code == 200, f"{path} references {ref}, which is not served"
    assert c.get("/static/docs.js").status_code == 200


def test_without_installed_assets_the_api_and_openapi_still_work(bare, tmp_path):
    c = TestClient(create_app(bare, assets=tmp_path / "no-assets"))
    assert c.get("/api/health").json()["assets"] is False
    assert c.get("/").status_code == 200
    docs = c.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text and "setup_assets.sh" in docs.text
    assert c.get("/openapi.json").json()["info"]["title"] == "frontlines"
    assert_error(c.get("/assets/leaflet/leaflet.js"), 404, "not_found")


def test_openapi_documents_every_endpoint(bare):
    spec = TestClient(create_app(bare)).get("/openapi.json").json()
    paths = spec["paths"]
    for path, method in [("/api/health", "get"), ("/api/events", "get"), ("/api/events/{event_id}", "get"),
                         ("/api/control", "get"), ("/api/places/{geonameid}/control", "get"),
                         ("/api/articles/{article_id}", "get"), ("/api/articles", "post")]:
        assert method in paths.get(path, {}), f"{method.upper()} {path} missing from /openapi.json"
    assert "bearer" in json.dumps(spec["components"]["securitySchemes"]).lower()


def test_unknown_paths_methods_and_ids_use_the_one_error_shape(bare):
    c = TestClient(create_app(bare))
    assert_error(c.get("/api/nothing-here"), 404, "not_found")
    assert_error(c.get("/assets/not-installed.js"), 404, "not_found")
    assert_error(c.delete("/api/events"), 405, "method_not_allowed")
    assert_error(c.get("/api/events/0000000000000000"), 404, "E301")
    assert_error(c.get("/api/articles/0000000000000000"), 404, "E301")
    assert_error(c.get("/api/places/1/control"), 404, "E301")
    assert_error(c.get("/api/places/notanumber/control"), 422, "invalid_request")


@pytest.mark.parametrize("query", ["since=2024-13-01", "until=yesterday", "limit=0", "limit=1001", "limit=x",
                                   "bbox=1,2,3", "bbox=10,20,5,30", "bbox=a,b,c,d", "country=Syria",
                                   "since=2024-12-06&until=2024-01-01", "cursor=%%%not-a-cursor"])
def test_bad_event_queries_are_422(bare, query):
    c = TestClient(create_app(bare))
    err = assert_error(c.get(f"/api/events?{query}"), 422)
    assert err["code"] in ("invalid_request", "E302")


@pytest.mark.parametrize("query", ["at=2015-02-30", "at=01/01/2015", "country=SYR"])
def test_bad_control_queries_are_422(bare, query):
    assert_error(TestClient(create_app(bare)).get(f"/api/control?{query}"), 422, "invalid_request")


def test_unhandled_errors_hide_their_details(bare):
    class Broken:
        """The real session, with a method that fails the way a bug would."""
        options = bare.options

        def __getattr__(self, name):
            return getattr(bare, name)

        def event(self, event_id):
            raise RuntimeError("secret detail /etc/passwd")

    c = TestClient(create_app(Broken()), raise_server_exceptions=False)
    err = assert_error(c.get("/api/events/abc"), 500, "internal_error")
    assert "secret" not in err["message"]


def test_token_rule_without_a_configured_token(bare):
    c = TestClient(create_app(bare, token=""))
    body = {"text": "Rebels captured Saraqib on Monday."}
    assert_error(c.post("/api/articles", json=body), 403, "E602")
    assert_error(c.post("/api/articles", json=body, headers={"Authorization": "Bearer anything"}), 403, "E602")


def test_token_rule_with_a_configured_token(bare):
    c = TestClient(create_app(bare, token=TOKEN))
    body = {"text": "Rebels captured Saraqib on Monday."}
    r = c.post("/api/articles", json=body)
    assert_error(r, 401, "E601")
    assert r.headers.get("www-authenticate", "").lower().startswith("bearer")
    assert_error(c.post("/api/articles", json=body, headers={"Authorization": "Basic dXNlcjpwdw=="}), 401, "E601")
    assert_error(c.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}), 403, "E602")
    assert_error(c.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}x"}), 403, "E602")
    # refused before the body is even validated: an unauthorised client learns nothing
    assert_error(c.post("/api/articles", json={"bogus": 1}, headers={"Authorization": "Bearer wrong"}), 403)


def test_body_size_limit(bare):
    c = TestClient(create_app(bare, token=TOKEN))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = json.dumps({"text": "x" * 5000})
    assert_error(c.post("/api/articles", content=big, headers={**auth, "Content-Type": "application/json"}),
                 413, "E105")

    def chunks():  # no Content-Length: the limit holds on the bytes actually sent
        for _ in range(10):
            yield b"x" * 500

    assert_error(c.post("/api/articles", content=chunks(), headers={**auth, "Content-Type": "application/json"}),
                 413, "E105")
    assert_error(c.post("/api/articles", content=big, headers={"Content-Type": "application/json"}), 413, "E105")


# ------------------------------------------------------------------------------------------ seeded store
@pytest.mark.slow
def test_events_have_the_analyze_json_shape(all_events, seed_captures):
    assert all_events
    for e in all_events:
        assert EVENT_KEYS <= set(e), set(EVENT_KEYS) - set(e)
        assert 0 <= e["confidence"] <= 1
    assert set(SEED_CAPTURES) <= set(seed_captures), f"seed captures found: {sorted(seed_captures)}"
    for name in SEED_CAPTURES:
        e = seed_captures[name]
        assert e["actor"]["government"] is False
        assert e["evidence"]["sentence"] and e["place"]["geonameid"]


@pytest.mark.slow
def test_filter_type_and_origin(client, all_events):
    for t in ("control_change", "support", "control_claim"):
        got = client.get("/api/events", params={"type": t, "limit": 1000}).json()["events"]
        assert got and {e["type"] for e in got} == {t}
        assert len(got) == sum(e["type"] == t for e in all_events)
    for origin in ("article", "reference"):
        got = client.get("/api/events", params={"origin": origin, "limit": 1000}).json()["events"]
        assert got, origin
        assert all(any(s["origin"] == origin for s in e["sources"]) for e in got)
    assert client.get("/api/events", params={"type": "no_such_type"}).json() == {"events": [], "next": None}


@pytest.mark.slow
def test_filter_faction(client, all_events):
    got = client.get("/api/events", params={"faction": "russia", "limit": 1000}).json()["events"]
    assert got and {e["type"] for e in got} >= {"support", "threat"}
    for e in got:
        assert "russia" in ((e["actor"] or {}).get("faction"), (e["target"] or {}).get("faction"))
    assert len(got) < len(all_events)


@pytest.mark.slow
def test_filter_place_by_name_and_geonameid(client, seed_captures):
    idlib = seed_captures["Idlib"]["place"]
    by_name = client.get("/api/events", params={"place": "idlib", "limit": 1000}).json()["events"]
    assert idlib["geonameid"] in {e["place"]["geonameid"] for e in by_name}
    assert all("idlib" in (e["place"]["name"] + " " + e["place"]["text"]).lower() for e in by_name)
    by_id = client.get("/api/events", params={"place": idlib["geonameid"], "limit": 1000}).json()["events"]
    assert by_id and all(e["place"]["geonameid"] == idlib["geonameid"] for e in by_id)
    assert seed_captures["Idlib"]["id"] in _ids(by_id)


@pytest.mark.slow
def test_filter_since_until_keep_overlapping_ranges(client, all_events, seed_captures):
    since, until = "2015-01-01", "2015-12-31"
    got = client.get("/api/events", params={"since": since, "until": until, "limit": 1000}).json()["events"]
    assert got, "the reference record has 2015 control changes"
    for e in got:
        assert e["date"]["end"] >= since and e["date"]["start"] <= until
    assert seed_captures["Idlib"]["id"] not in _ids(got)
    expected = [e["id"] for e in all_events if e["date"] and e["date"]["end"] >= since and e["date"]["start"] <= until]
    assert sorted(_ids(got)) == sorted(expected)
    late = client.get("/api/events", params={"since": "2024-12-06", "limit": 1000}).json()["events"]
    assert seed_captures["Idlib"]["id"] in _ids(late)


@pytest.mark.slow
def test_filter_bbox(client, seed_captures):
    # north-west Syria (Idlib governorate): Idlib, Jisr ash Shughur, Ariha inside; Al Qaryatayn outside
    bbox = "36.0,35.5,37.0,36.3"
    got = client.get("/api/events", params={"bbox": bbox, "limit": 1000}).json()["events"]
    ids = _ids(got)
    for name in ("Idlib", "Jisr ash Shughur", "Ariha"):
        assert seed_captures[name]["id"] in ids, name
    assert seed_captures["Al Qaryatayn"]["id"] not in ids
    for e in got:
        assert 36.0 <= e["place"]["lon"] <= 37.0 and 35.5 <= e["place"]["lat"] <= 36.3


@pytest.mark.slow
def test_filter_text_and_country(client, all_events):
    got = client.get("/api/events", params={"q": "Shughour", "limit": 1000}).json()["events"]
    assert got
    for e in got:
        text = " ".join([e["evidence"]["sentence"]] + [(s.get("evidence") or {}).get("sentence") or ""
                                                       for s in e["sources"]]).lower()
        assert "shughour" in text
    sy = client.get("/api/events", params={"country": "sy", "limit": 1000}).json()["events"]
    assert sy and all(e["place"] and e["place"]["country"] == "SY" for e in sy)
    combined = client.get("/api/events", params={"type": "control_change", "since": "2024-11-01",
                                                 "country": "SY", "limit": 1000}).json()["events"]
    assert combined and all(e["type"] == "control_change" and e["date"]["end"] >= "2024-11-01" for e in combined)


@pytest.mark.slow
def test_pagination_walks_every_event_once_in_order(client, all_events):
    n = len(all_events)
    assert n > 10
    for size in (1, 7, n - 1, n, n + 1):
        seen, cursor, pages = [], None, 0
        while True:
            params = {"limit": size} | ({"cursor": cursor} if cursor else {})
            body = client.get("/api/events", params=params).json()
            assert len(body["events"]) <= size
            seen += _ids(body["events"])
            pages += 1
            cursor = body["next"]
            if cursor is None:
                break
            assert len(body["events"]) == size, "a page with a next cursor is full"
            assert pages <= n + 1
        assert seen == _ids(all_events), f"limit={size}: pages do not add up to the whole list"
        assert pages == max(1, -(-n // size)), f"limit={size}: {pages} pages for {n} events"


@pytest.mark.slow
def test_one_event_with_sources_articles_and_findings(client, seed_captures):
    e = seed_captures["Idlib"]
    r = client.get(f"/api/events/{e['id']}")
    assert r.status_code == 200
    got = r.json()
    assert EVENT_KEYS <= set(got) and got["id"] == e["id"]
    article_sources = [s for s in got["sources"] if s["origin"] == "article"]
    assert article_sources and all(s["evidence"]["sentence"] for s in article_sources)
    assert any("Idlib" in s["evidence"]["sentence"] for s in article_sources)
    assert {a["id"] for a in got["articles"]} == {s["ref_id"] for s in article_sources}
    assert all("text" not in a for a in got["articles"])
    kinds = {f["kind"] for f in got["findings"]}
    assert "stale" in kinds, f"the seed's Idlib capture should be found stale (kinds: {kinds})"


@pytest.mark.slow
def test_control_map_at_dates(client, seed_captures):
    idlib = seed_captures["Idlib"]["place"]["geonameid"]

    def controller(at):
        fc = client.get("/api/control", params={"at": at, "country": "SY"}).json()
        assert fc["type"] == "FeatureCollection" and fc["at"] == at
        for f in fc["features"]:
            assert f["geometry"]["type"] == "Point" and len(f["geometry"]["coordinates"]) == 2
            assert {"geonameid", "name", "controller", "start", "end", "confidence", "sources", "status", "claims",
                    "outlets"} <= set(f["properties"])
            assert f["properties"]["status"] in ("confirmed", "reported", "disputed")
        return {f["properties"]["geonameid"]: f["properties"]["controller"] for f in fc["features"]}

    before, after = controller("2015-01-01"), controller("2024-12-06")
    assert before[idlib]["government"] is True, "Idlib was government-held before 28 March 2015"
    assert after[idlib]["government"] is False
    assert client.get("/api/control").status_code == 200  # default: today
    # the seed alone cannot make the rebels hold Al-Qaryatayn: a disputed claim beside the record's holder
    fc = client.get("/api/control", params={"at": "2024-12-06", "country": "SY"}).json()
    (qaryatayn,) = [f["properties"] for f in fc["features"] if f["properties"]["name"] == "Al-Qaryatayn"]
    assert qaryatayn["controller"]["government"] is True and qaryatayn["status"] == "confirmed"
    assert [(k["controller"]["faction"], k["status"]) for k in qaryatayn["claims"]] == [("sy_opposition", "disputed")]
    timeline = client.get(f"/api/places/{qaryatayn['geonameid']}/control").json()["periods"]
    assert timeline[-1]["status"] == "confirmed" and timeline[-1]["claims"][0]["sources"]


@pytest.mark.slow
def test_place_timeline(client, seed_captures):
    idlib = seed_captures["Idlib"]["place"]["geonameid"]
    body = client.get(f"/api/places/{idlib}/control").json()
    assert body["geonameid"] == idlib and body["place"]["name"] == "Idlib"
    periods = body["periods"]
    assert len(periods) >= 2
    starts = [p["start"] for p in periods if p["start"]]
    assert starts == sorted(starts)
    gov_to_2015 = [p for p in periods if p["controller"]["government"] is True and p["end"]
                   and "2015-03-01" <= p["end"] <= "2015-04-30"]
    assert gov_to_2015, f"no government period ending spring 2015: {periods}"
    assert all(p["sources"] for p in periods)


@pytest.mark.slow
def test_article_with_events_and_findings(client, seed_captures):
    art_id = next(s["ref_id"] for s in seed_captures["Idlib"]["sources"] if s["origin"] == "article")
    body = client.get(f"/api/articles/{art_id}").json()
    assert body["article"]["id"] == art_id
    assert body["article"]["title"].startswith("Syrian rebels seize fourth city")
    assert "Skip to content" not in body["article"]["text"]
    assert sum(e["type"] == "control_change" for e in body["events"]) == 4
    assert {"stale", "count"} <= {f["kind"] for f in body["findings"]}


@pytest.mark.slow
def test_post_article_validation(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for bad in ({}, {"text": "a", "html": "<p>a</p>"}, {"text": "   "}, {"text": "a", "extra": 1},
                {"text": "a", "published": "2024-02-31"}, {"text": "a", "country": "Syria"}):
        assert_error(client.post("/api/articles", json=bad, headers=auth), 422, "invalid_request")
    assert_error(client.post("/api/articles", content=b"{not json", headers={**auth, "Content-Type": "application/json"}),
                 422, "invalid_request")


@pytest.mark.slow
def test_post_article_analyses_checks_and_stores(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = len(client.get("/api/events", params={"limit": 1000}).json()["events"])
    body = {"text": HOSTILE_TEXT, "title": HOSTILE_TITLE, "published": "2024-12-02", "country": "SY",
            "url": "https://example.org/saraqib"}
    r = client.post("/api/articles", json=body, headers=auth)
    assert r.status_code == 201, r.text
    res = r.json()
    assert set(res) == {"article", "events", "findings"}
    art = res["article"]
    assert art["title"] == HOSTILE_TITLE and art["published"] == "2024-12-02"
    assert "<script>window.__pwned=1</script>" in art["text"], "the text is stored as given (and shown as text)"
    assert any(e["type"] == "control_change" and e["place"] and e["place"]["name"] == "Saraqib" for e in res["events"])
    stored = client.get(f"/api/articles/{art['id']}").json()
    assert stored["article"]["title"] == HOSTILE_TITLE and stored["events"]
    after = len(client.get("/api/events", params={"limit": 1000}).json()["events"])
    assert after > before
    again = client.post("/api/articles", json=body, headers=auth)
    assert again.status_code == 201 and again.json()["article"]["id"] == art["id"]
    assert len(client.get("/api/events", params={"limit": 1000}).json()["events"]) == after, "re-posting duplicated events"


@pytest.mark.slow
def test_post_html_article(client):
    r = client.post("/api/articles", json={"html": SEED_HTML.read_text(encoding="utf-8"), "country": "SY"},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    res = r.json()
    assert res["article"]["published"] == "2024-12-06", "the date comes from the page's metadata"
    places = {e["place"]["name"] for e in res["events"] if e["type"] == "control_change" and e["place"]}
    assert set(SEED_CAPTURES) <= places
    # a page with no article in it: the ingest error (E1xx, status 400) names the cause
    assert_error(client.post("/api/articles", json={"html": "<html><body><nav>Home</nav></body></html>"},
                             headers={"Authorization": f"Bearer {TOKEN}"}), 400, "E102")


# ------------------------------------------------------------------------------------------ the CLI
def test_frontlines_serve_prints_the_url_and_serves(tmp_path):
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    env = {**os.environ, "FRONTLINES_HOME": str(tmp_path), "FRONTLINES_CONFIG": str(tmp_path / "none.toml"),
           "FRONTLINES_API_TOKEN": "from-env"}
    cmd = [sys.executable, "-c", "import sys; from frontlines.cli import main; sys.exit(main())", "--db", f"sqlite:///{tmp_path / 's.db'}", "serve",
           "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line, line
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).json()
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read()
                time.sleep(0.2)
        assert health["status"] == "ok" and health["writable"] is True
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=15)
