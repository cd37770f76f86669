"""Areas of control on the web map, in the real headless Chromium against a real uvicorn server
(the fixtures and helpers of tests/test_browser.py): Palmyra's area takes the Islamic State's
colour in August 2015 and the government's in June 2016 as the slider moves; hovering the area
names its holder and places; the front line is drawn. Screenshots go to tests/artifacts/."""
from __future__ import annotations

import pytest
from test_browser import (CHROMIUM, browser, captures, move_slider, open_map, page,  # noqa: F401 (fixtures)
                          server, shot)

pytestmark = [
    pytest.mark.browser, pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed: run scripts/setup_browser.sh"),
]

PALMYRA = 163808  # GeoNames id, as in the curated reference record
GOVERNMENT_RGB = "rgb(198, 40, 40)"  # render.js GOVERNMENT, #c62828
VIEW = "z=8&lat=34.75&lon=38.3"


def wait_areas(page, day: str) -> None:
    page.wait_for_selector(f"body[data-areas-at='{day}']:not([data-areas-loading])", timeout=30_000)


def area_under(page, geonameid: int, dx: float = 0, dy: float = 0) -> list[tuple[str, str, str]]:
    """(faction, status, computed fill) of the area paths under the centre of a place's dot
    (moved by dx, dy pixels), topmost first."""
    box = page.locator(f".place[data-geonameid='{geonameid}'] .dot").bounding_box()
    assert box, f"no marker for {geonameid}"
    x, y = box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy
    return [tuple(t) for t in page.evaluate(
        """([x, y]) => document.elementsFromPoint(x, y).filter(e => e.dataset && e.dataset.areaFaction)
             .map(e => [e.dataset.areaFaction, e.dataset.areaStatus, getComputedStyle(e).fill])""", [x, y])]


def dot_colour(page, geonameid: int) -> str:
    return page.locator(f".place[data-geonameid='{geonameid}'] .dot").evaluate(
        "d => getComputedStyle(d).backgroundColor")


def test_palmyra_area_changes_hands_with_the_slider(page, server):
    open_map(page, server, VIEW)
    assert any("/api/areas?at=" in u for u in page.recorder.requests), "the page requests /api/areas"
    move_slider(page, "2015-08-01")
    wait_areas(page, "2015-08-01")
    under = area_under(page, PALMYRA)
    assert [u[:2] for u in under] == [("islamic_state", "confirmed")], under
    assert under[0][2] == dot_colour(page, PALMYRA), "the area has the colour of its holder's markers"
    assert under[0][2] != GOVERNMENT_RGB
    legend = page.locator("#areas-legend")
    assert "Islamic State" in legend.inner_text() and "front line" in legend.inner_text()
    assert page.locator(".leaflet-fl-front-pane path").count() >= 1, "the front line is drawn"
    # hovering the land beside Palmyra names the holder and the places behind the area
    assert [u[0] for u in area_under(page, PALMYRA, 14, 14)] == ["islamic_state"]
    box = page.locator(f".place[data-geonameid='{PALMYRA}'] .dot").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2 + 14, box["y"] + box["height"] / 2 + 14)
    tip = page.locator(".leaflet-tooltip.area-tooltip")
    tip.wait_for(timeout=10_000)
    assert "Islamic State" in tip.inner_text() and "Palmyra" in tip.inner_text()
    shot(page, "areas-2015-08-01.png")
    move_slider(page, "2016-06-01")
    wait_areas(page, "2016-06-01")
    under = area_under(page, PALMYRA)
    assert [u[:2] for u in under] == [("sy_government", "confirmed")], under
    assert under[0][2] == GOVERNMENT_RGB == dot_colour(page, PALMYRA)
    shot(page, "areas-2016-06-01.png")
