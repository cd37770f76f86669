"""The web map in a real headless Chromium (Debian's chromium-headless-shell, driven by Playwright
through ``executable_path``; never ``playwright install``), against a real uvicorn server on
127.0.0.1 serving a store where the seed was analysed and the curated reference record loaded.

Every request the page makes is recorded: none may fail and none may leave this server.
Screenshots are saved in tests/artifacts/ (git-ignored)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
import pytest
from web_support import (HOSTILE_TEXT, HOSTILE_TITLE, REPO, SEED_CAPTURES, TOKEN, ServerThread,
                         seeded_session)

CHROMIUM = Path("/usr/bin/chromium-headless-shell")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
ARTIFACTS = REPO / "tests" / "artifacts"

pytestmark = [
    pytest.mark.browser, pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed: run scripts/setup_browser.sh "
                       "(apt-get install chromium-headless-shell) to run the browser tests"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory, nlp, gazetteer, lexicons):
    from frontlines.web import assets_dir, create_app, missing_assets

    with seeded_session(tmp_path_factory.mktemp("browser"), nlp, gazetteer, lexicons, api_token=TOKEN) as fl:
        missing = missing_assets(assets_dir(fl.options))
        if missing:
            pytest.skip(f"web assets missing in {assets_dir(fl.options)} ({', '.join(missing)}): "
                        "run scripts/setup_assets.sh")
        with ServerThread(create_app(fl)) as srv:
            yield srv


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def captures(server):
    """GeoNames id of each place whose capture the seed reports (from the API)."""
    evs = httpx.get(server.url + "/api/events", params={"type": "control_change", "origin": "article",
                                                         "limit": 1000}).json()["events"]
    found = {e["place"]["name"]: e["place"]["geonameid"] for e in evs if e["place"]}
    assert set(SEED_CAPTURES) <= set(found), f"seed captures in the store: {sorted(found)}"
    return found


class Recorder:
    """Every request of a page, the failed ones, error responses, page errors and console errors
    (CSP violations land there)."""

    def __init__(self, page, base: str) -> None:
        self.base = base
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url}: HTTP {r.status}"))
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))

    def external(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.base + "/") and not u.startswith(("data:", "blob:"))]

    def check(self) -> None:
        assert self.requests, "the page made no request at all"
        assert not self.external(), f"requests that left the server: {self.external()}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.errors, f"errors in the page: {self.errors}"


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    pg = context.new_page()
    rec = Recorder(pg, server.url)
    pg.recorder = rec
    yield pg
    context.close()
    rec.check()


def open_map(page, server, view: str = "") -> None:
    page.goto(server.url + "/" + (f"#{view}" if view else ""))
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    page.wait_for_selector("body[data-shown-at]:not([data-loading])", timeout=30_000)


def move_slider(page, day: str) -> None:
    start = date.fromisoformat(page.get_attribute("#slider", "data-min"))
    page.locator("#slider").fill(str((date.fromisoformat(day) - start).days))
    page.wait_for_selector(f"body[data-shown-at='{day}']:not([data-loading])", timeout=30_000)
    assert page.input_value("#slider") and page.text_content("#date-label") == day


def place_state(page, geonameid: int) -> tuple[str, str]:
    """(data-government, dot colour) of the place marker of ``geonameid``."""
    loc = page.locator(f".place[data-geonameid='{geonameid}']")
    assert loc.count() == 1, f"{geonameid}: {loc.count()} place markers"
    return (loc.get_attribute("data-government"),
            loc.locator(".dot").evaluate("d => getComputedStyle(d).backgroundColor"))


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)


def test_page_loads_offline_with_the_seed_captures(page, server, captures):
    open_map(page, server)
    for name in SEED_CAPTURES:
        markers = page.locator(f".ev-control[data-place='{name}']")
        assert markers.count() == 1, f"no control-change marker at {name}"
        assert markers.first.is_visible()
        assert page.locator(f".place[data-geonameid='{captures[name]}']").count() == 1, \
            f"{name} is not on the control map"
        assert page.locator("#event-list li .place-name", has_text=name).count() >= 1, f"{name} not in the side list"
    assert page.locator(".leaflet-overlay-pane path").count() > 100, "the country outlines are not drawn"
    assert page.locator("#analyze").is_visible(), "the server has a token: the article box should show"
    shot(page, "map-latest.png")
    assert any(u.endswith("/assets/leaflet/leaflet.js") for u in page.recorder.requests)


def test_slider_recolours_places_per_the_reference_record(page, server, captures):
    open_map(page, server)
    gov_now, colour_now = place_state(page, captures["Idlib"])
    assert gov_now == "false"
    move_slider(page, "2015-01-01")
    gov_then, colour_then = place_state(page, captures["Idlib"])
    assert gov_then == "true", "Idlib was government-held before 28 March 2015 (reference record)"
    assert colour_then != colour_now
    for name in ("Jisr ash Shughur", "Ariha"):  # both fell in spring 2015 too
        assert place_state(page, captures[name])[0] == "true", name
    assert "2015-01-01" in page.text_content("#legend")
    shot(page, "map-2015-01-01.png")
    move_slider(page, "2015-06-01")
    assert place_state(page, captures["Idlib"])[0] == "false", "Idlib fell to the opposition on 28 March 2015"


def test_clicking_idlib_shows_the_quoted_evidence(page, server, captures):
    api = httpx.get(server.url + "/api/events", params={"type": "control_change", "origin": "article",
                                                         "place": "Idlib", "limit": 10}).json()["events"]
    idlib = next(e for e in api if e["place"]["name"] == "Idlib")
    sentence = idlib["evidence"]["sentence"]
    # zoomed in on Idlib (the view lives in the URL hash), so that its neighbours do not cover it
    open_map(page, server, f"z=9&lat={idlib['place']['lat']}&lon={idlib['place']['lon']}")
    page.locator(f".place[data-geonameid='{captures['Idlib']}'] .label").click()
    details = page.locator("#details")
    page.wait_for_selector(f"#details-body[data-geonameid='{captures['Idlib']}']")
    details.locator("blockquote.evidence", has_text=sentence.strip()[:60]).first.wait_for()
    assert f"\u201C{sentence.strip()}\u201D" in details.inner_text()
    details.locator(".finding-stale").first.wait_for(timeout=15_000)  # the claim check, from the article
    details.locator(".periods li").first.wait_for()  # the control timeline with its sources
    assert page.locator("#event-list li.selected").count() >= 1, "the side list follows the map selection"
    shot(page, "idlib-details.png")
    page.locator(".ev-control[data-place='Idlib']").click()
    card = details.locator(".event-card[data-type='control_change']").first
    card.locator("ul.sources li.source").first.wait_for()
    assert sentence.strip()[:60] in card.inner_text()


def test_side_list_and_filters_follow_the_map(page, server):
    open_map(page, server)
    item = page.locator("#event-list li[data-type='control_change']").first
    event_id = item.get_attribute("data-event-id")
    item.click()
    page.locator(f"#details .event-card[data-event-id='{event_id}']").wait_for()
    assert "selected" in page.locator(f"#event-list li[data-event-id='{event_id}']").get_attribute("class")
    n_control = page.locator(".ev-control").count()
    assert n_control >= 4
    page.locator("#type-filters input[value='control_change']").uncheck()
    assert page.locator(".ev-control").count() == 0
    assert page.locator("#event-list li[data-type='control_change']").count() == 0
    page.locator("#type-filters input[value='control_change']").check()
    assert page.locator(".ev-control").count() == n_control
    page.locator("#faction-filters input[value='sy_opposition']").uncheck()
    assert page.locator(".place[data-faction='sy_opposition']").count() == 0
    assert page.locator(".ev-control[data-place='Idlib']").count() == 0
    page.locator("#faction-filters input[value='sy_opposition']").check()
    page.locator("#play").click()
    before = int(page.input_value("#slider"))
    for _ in range(100):  # (wait_for_function would need 'unsafe-eval', which the page's CSP refuses)
        if int(page.input_value("#slider")) > before:
            break
        page.wait_for_timeout(100)
    assert int(page.input_value("#slider")) > before, "play did not move the slider"
    page.locator("#play").click()  # pause


def test_api_docs_work_offline(page, server):
    page.goto(server.url + "/docs")
    page.locator(".swagger-ui .info .title", has_text="frontlines").wait_for(timeout=20_000)
    page.locator(".opblock-summary-path", has_text="/api/events").first.wait_for()
    shot(page, "api-docs.png")


def test_hostile_article_never_runs(page, server):
    r = httpx.post(server.url + "/api/articles", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120,
                   json={"text": HOSTILE_TEXT, "title": HOSTILE_TITLE, "published": "2024-12-02", "country": "SY",
                         "url": "javascript:window.__pwned=4"})
    assert r.status_code == 201, r.text
    saraqib = [e for e in r.json()["events"] if e["place"] and e["place"]["name"] == "Saraqib"]
    assert saraqib, "the hostile article's capture of Saraqib was not extracted"
    open_map(page, server)
    page.locator(f"#event-list li[data-event-id='{saraqib[0]['id']}']").click()
    card = page.locator(f"#details .event-card[data-event-id='{saraqib[0]['id']}']")
    card.locator("ul.sources li.source").first.wait_for()
    text = page.locator("#details").inner_text()
    assert HOSTILE_TITLE in text, "the title is shown as text"
    if "<script>" in saraqib[0]["evidence"]["sentence"]:
        assert "<script>window.__pwned=1</script>" in text, "the evidence is shown as text"
    assert page.locator("#details a[href^='javascript']").count() == 0
    # the article's markup, shown as text, through the paste box too
    page.locator("#analyze summary").click()
    page.fill("#token", TOKEN)
    page.fill("#article-text", HOSTILE_TEXT)
    page.fill("#country", "SY")
    page.fill("#title", HOSTILE_TITLE)
    page.locator("#analyze-submit").click()
    page.locator("#analyze-result .event-card").first.wait_for(timeout=60_000)
    result = page.locator("#analyze-result").inner_text()
    assert "Stored" in result and "Saraqib" in result
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None, "markup in an article ran as code"
    assert page.locator("#details img, #analyze-result img, #details script, #analyze-result script").count() == 0
    assert not [u for u in page.recorder.requests if u.endswith("/x")], "the <img src=x> was rendered as HTML"
    shot(page, "hostile-article.png")
    # a wrong token typed in the page gives a clear error, not a crash
    page.fill("#token", "wrong")
    page.locator("#analyze-submit").click()
    page.locator("#analyze-result .error", has_text="E602").wait_for()
    page.recorder.failed = [f for f in page.recorder.failed if not f.endswith("/api/articles: HTTP 403")]
    page.recorder.errors = [e for e in page.recorder.errors if "403" not in e]
