"""The gwn and geoxml evaluation suites (../shared/eval/METRICS.md): readers and scoring.

The scoring tests use a small real places pipeline (the real places stage over a small
gazetteer of real GeoNames records, no spaCy) so that the expected figures can be worked out by
hand; the slow test runs the full user pipeline on a sample of GeoWebNews when ../shared is there.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from frontlines.evaluate.geoparsing import evaluate_geoxml, evaluate_gwn, read_geoxml, read_gwn
from frontlines.extract.doc import Doc
from frontlines.extract.places import make_places_stage
from frontlines.geo.gazetteer import Gazetteer, GeoEntry
from frontlines.options import Options

SHARED = Path(__file__).resolve().parents[2] / "shared"

ENTRIES = [
    GeoEntry(2988507, "Paris", 48.85341, 2.3488, "FR", "Ile-de-France", 2138551, "city", ()),
    GeoEntry(2643743, "London", 51.50853, -0.12574, "GB", "England", 8961989, "city", ()),
    GeoEntry(6058560, "London", 42.98339, -81.23304, "CA", "Ontario", 346765, "city", ()),
]

TEXT1 = "Talks moved from Paris to London and then to Smallville."
TEXT2 = "Nothing here."


def geoxml(tmp_path: Path) -> Path:
    """Gold: Paris (right city), London (gold = London, Ontario: the system says England, wrong by
    ~5,700 km), Smallville (not in the gazetteer: missed); one toponym without coordinates (ignored)."""
    def top(start, phrase, gid, lat, lon):
        coords = f"<lat>{lat}</lat><lon>{lon}</lon>" if lat is not None else ""
        return (f"<toponym><start>{start}</start><end>{start + len(phrase)}</end><phrase>{phrase}</phrase>"
                f"<gaztag geonameid=\"{gid}\"><name>{phrase}</name>{coords}</gaztag></toponym>")
    t1 = "".join([top(17, "Paris", 2988507, 48.85341, 2.3488), top(26, "London", 6058560, 42.98339, -81.23304),
                  top(45, "Smallville", 1, 40.0, -90.0), top(0, "Talks", 2, None, None)])
    xml = (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><articles>"
           f"<article docid=\"1\"><title>t</title><text>{TEXT1}</text><toponyms>{t1}</toponyms></article>"
           f"<article docid=\"2\"><text>{TEXT2}</text><toponyms></toponyms></article></articles>")
    path = tmp_path / "tiny.xml"
    path.write_text(xml, encoding="utf-8")
    return path


class PlacesSession:
    """The places stage alone over a small gazetteer, behind the ``parse`` method of Frontlines."""

    def __init__(self) -> None:
        self.stage = make_places_stage(Gazetteer.from_entries(ENTRIES), Options())
        self.parsed: list[str] = []

    def parse(self, article, country=None):
        self.parsed.append(article.text)
        return self.stage(Doc(article=article, country=country))


def test_read_geoxml_skips_toponyms_without_coordinates(tmp_path):
    arts = read_geoxml(geoxml(tmp_path))
    assert [len(a.toponyms) for a in arts] == [3, 0]
    assert arts[0].text[arts[0].toponyms[0].start:arts[0].toponyms[0].end] == "Paris"


def test_geoxml_figures_by_hand(tmp_path):
    errors = io.StringIO()
    ticks = []
    fl = PlacesSession()
    r = evaluate_geoxml(fl, [geoxml(tmp_path)], errors=errors, progress=ticks.append)
    assert fl.parsed == [TEXT1, TEXT2]  # the gold text itself, offsets unchanged
    assert ticks == [1, 1]
    assert r["toponyms"] == 3
    assert r["geotag_precision"] == 1.0  # Paris and London found, both gold
    assert r["geotag_recall"] == round(2 / 3, 4)
    assert r["geotag_f1"] == 0.8
    assert r["acc_161km"] == round(1 / 3, 4)
    assert r["exact_geonameid"] == round(1 / 3, 4)
    assert r["median_km"] > 2800  # median of 0 and ~5,700 km
    misses = [json.loads(line) for line in errors.getvalue().splitlines()]
    assert {m["expected"]["phrase"] for m in misses} == {"London", "Smallville"}
    assert all({"id", "text", "expected", "got"} <= set(m) for m in misses)
    assert next(m for m in misses if m["expected"]["phrase"] == "Smallville")["got"] is None


def test_empty_file_gives_null_figures(tmp_path):
    path = tmp_path / "empty.xml"
    path.write_text("<articles></articles>", encoding="utf-8")
    r = evaluate_geoxml(PlacesSession(), [path])
    assert r["toponyms"] == 0 and r["acc_161km"] is None and r["geotag_recall"] is None and r["median_km"] is None


def test_malformed_xml_is_a_coded_error(tmp_path):
    from frontlines.errors import MalformedInput

    path = tmp_path / "bad.xml"
    path.write_text("<articles><article>", encoding="utf-8")
    with pytest.raises(MalformedInput):
        read_geoxml(path)


def test_gwn_reader_on_the_shared_file():
    path = SHARED / "eval" / "geoparsing" / "GWN.xml"
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs ../shared beside the repo")
    arts = read_gwn(path)
    assert len(arts) == 200
    a = arts[0]
    assert a.toponyms and all(a.text[t.start:t.end] for t in a.toponyms)


@pytest.mark.slow
def test_gwn_sample_with_the_full_pipeline(fl):
    path = SHARED / "eval" / "geoparsing" / "GWN.xml"
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs ../shared beside the repo")
    try:
        from frontlines.extract import build_pipeline  # noqa: F401
    except ImportError:
        pytest.skip("the extraction pipeline (frontlines.extract.build_pipeline) is not there yet")
    r = evaluate_gwn(fl, [path], limit=10)
    assert r["toponyms"] > 0
    assert 0.0 <= r["acc_161km"] <= 1.0 and r["geotag_recall"] > 0.5


def test_a_failing_document_scores_as_no_mentions(tmp_path):
    from frontlines.errors import ExtractionError

    class Failing(PlacesSession):
        def parse(self, article, country=None):
            if article.text == TEXT1:
                raise ExtractionError("stage 'events' failed", doc="tiny.xml:1")
            return super().parse(article, country)

    errors = io.StringIO()
    r = evaluate_geoxml(Failing(), [geoxml(tmp_path)], errors=errors)
    assert r["failed_articles"] == 1 and r["toponyms"] == 3 and r["acc_161km"] == 0.0
    assert any("error" in (json.loads(line)["got"] or {}) for line in errors.getvalue().splitlines())
