"""Fuzzing every door a document or a request comes through, with Hypothesis: random bytes,
random Unicode, random HTML trees, random JSON Lines files, random ACLED and UCDP CSV files and
random API query strings. Zero uncaught exceptions: each input is read (and analysed), or fails
with a coded :class:`~frontlines.errors.FrontlinesError` (a ``Failure`` for a document of a
batch), or, through the API, with a 4xx answer of the ``{"error": {"code", "message"}}`` shape.
A stage that crashed is wrapped by the pipeline as ``E200 stage '...' failed``: that wrapping is
a bug report, so these tests count it as a failure.

Fixed seed and example budget (``BUDGET``): the whole file runs in well under a minute on top of
loading the model and the gazetteer. docs/quality-fuzz.md lists the inputs generated per target
(``pytest tests/test_fuzz.py --hypothesis-show-statistics``)."""
from __future__ import annotations

import csv
import io
import json
import string
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, event, given, seed, settings
from hypothesis import strategies as st

from frontlines.errors import ExtractionError, FrontlinesError
from frontlines.model import Article, Failure

SEED = 19
BUDGET = {"bytes": 300, "unicode": 250, "html": 250, "jsonl": 120, "csv": 150, "api": 300}
HTML_METHODS = {"trafilatura", "lxml", "lxml-all", "tokens"}


def fuzz(target: str):
    """Fixed seed, fixed budget, no example database (each run generates the same inputs)."""
    def wrap(test):
        return seed(SEED)(settings(max_examples=BUDGET[target], deadline=None, database=None,
                                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                          HealthCheck.filter_too_much])(test))
    return wrap


@pytest.fixture(scope="module")
def session(tmp_path_factory, nlp, gazetteer, lexicons):
    from frontlines.api import Frontlines
    from frontlines.options import Options

    tmp = tmp_path_factory.mktemp("fuzz")
    with Frontlines(Options(data_dir=str(tmp), db_url=f"sqlite:///{tmp / 'fuzz.db'}", country="SY"),
                    nlp=nlp, gazetteer=gazetteer, lexicons=lexicons) as fl:
        yield fl


def read_and_analyse(fl, data: bytes, fmt: str | None = None) -> Article | None:
    """The document cleaned and analysed, or None after a coded error; anything else raises."""
    try:
        article = fl.article_from_text(data, fmt=fmt, origin="<fuzz>")
    except FrontlinesError as exc:
        assert exc.code.startswith("E1") and str(exc), exc  # an input error, one line
        assert "\n" not in str(exc)
        event(f"refused {exc.code}")
        return None
    assert article.text.strip()
    try:
        doc = fl.parse(article)
    except ExtractionError as exc:
        pytest.fail(f"a stage crashed on generated input: {exc}")
    event("analysed, with events" if doc.events else "analysed, no event")
    for e in doc.events:
        assert e.evidence.sentence == article.text[e.evidence.start:e.evidence.end]
    return article


# ------------------------------------------------------------------------------ documents
NEWS = ["Syrian government forces captured the town of Morek in Hama province on 23 August 2019.",
        "Rebels seized Ariha on Thursday.", "HTS fighters withdrew from Saraqib, a monitor said.",
        "Fighting continued in the area for days.", "\n\n", "Syrian\nArab Army", "Idlib", " in ", ", "]
RISKY = ["\x00", "\u202e", "\u200f", "\ufeff", "\r\n", "\u2028", "\ud7ff", "ยป", "Ã©", "\t", "<", "&amp;",
         "\U0001f600", "\u0645\u0639\u0631\u0629 \u0627\u0644\u0646\u0639\u0645\u0627\u0646", "...", "!!!"]


@fuzz("bytes")
@given(st.one_of(st.binary(max_size=3000),
                 st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"<html><body>", b"{\"text\":",
                                            b"%PDF-1.4", b"\x1f\x8b"]),
                           st.binary(max_size=2000)).map(b"".join)),
       st.sampled_from([None, "text", "html"]))
def test_fuzz_random_bytes(session, data, fmt):
    read_and_analyse(session, data, fmt)


@fuzz("unicode")
@given(st.lists(st.one_of(st.text(max_size=40), st.sampled_from(NEWS), st.sampled_from(RISKY)), max_size=40)
       .map("".join))
def test_fuzz_random_unicode(session, text):
    read_and_analyse(session, text.encode("utf-8", "surrogatepass"), "text")


TAGS = ["div", "p", "span", "script", "style", "nav", "header", "footer", "article", "main", "table", "tr",
        "td", "li", "ul", "h1", "br", "a", "template", "svg", "noscript", "iframe", "x-unknown", "title", "head"]
_attr_value = st.text(alphabet=string.printable, max_size=12).map(lambda v: v.replace('"', "&quot;"))


def _element(children: list[str], tag: str, attrs: list[tuple[str, str]], closed: bool) -> str:
    attr = "".join(f' {k}="{v}"' for k, v in attrs)
    return f"<{tag}{attr}>{''.join(children)}" + (f"</{tag}>" if closed else "")


MARKUP = ["<!-- c -->", "<![CDATA[x]]>", "</p>", "<", "&#0;"]
html_leaf = st.one_of(st.sampled_from(NEWS), st.text(max_size=30), st.sampled_from(RISKY + MARKUP))
html_tree = st.recursive(
    html_leaf,
    lambda kids: st.builds(_element, st.lists(kids, max_size=5), st.sampled_from(TAGS),
                           st.lists(st.tuples(st.sampled_from(["class", "id", "style", "lang", "dir", "x"]),
                                              _attr_value), max_size=2),
                           st.booleans()),
    max_leaves=40)


def _deep(depth: int, inner: str) -> str:
    return "<div>" * depth + inner + "</div>" * depth


@fuzz("html")
@given(st.one_of(html_tree,
                 st.builds(_deep, st.integers(200, 1200), html_tree)),  # past libxml2's depth limit of 256
       st.sampled_from(["<!doctype html><html><head><title>T</title></head><body>", "<html><body>", ""]))
def test_fuzz_random_html_trees(session, tree, head):
    page = head + tree + ("</body></html>" if head else "")
    article = read_and_analyse(session, page.encode("utf-8", "surrogatepass"), "html")
    if article is not None:
        assert article.extraction in HTML_METHODS and article.format == "html"
        event(f"text by {article.extraction}")


# ------------------------------------------------------------------------------ JSON Lines
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=60),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3),
    max_leaves=8)
record = st.fixed_dictionaries({}, optional={
    "text": st.one_of(st.sampled_from(NEWS), st.text(max_size=200), json_value),
    "title": json_value, "published": st.one_of(st.dates().map(str), st.text(max_size=12), json_value),
    "url": st.one_of(st.just("https://example.org/a"), st.text(max_size=30), json_value),
    "html": st.one_of(html_tree, json_value), "id": json_value, "source": json_value})
jsonl_line = st.one_of(record.map(lambda r: json.dumps(r).encode()), json_value.map(lambda v: json.dumps(v).encode()),
                       st.binary(max_size=80),
                       st.sampled_from([b"", b"{", b"}", b"[1,2", b"\xff\xfe{}", b"{\"text\": \"\\ud800\"}"]))


@fuzz("jsonl")
@given(st.lists(jsonl_line, max_size=12), st.sampled_from([b"\n", b"\r\n"]))
def test_fuzz_random_json_lines(session, lines, newline):
    with tempfile.TemporaryDirectory(prefix="fuzz-jsonl-") as tmp:
        path = Path(tmp) / "records.jsonl"
        path.write_bytes(newline.join(lines))
        for item in session.read([path]):  # every line: an Article or a coded Failure
            if isinstance(item, Failure):
                assert item.code.startswith("E") and item.reason, item
                event(f"a line refused {item.code}")
            else:
                assert isinstance(item, Article) and item.text.strip()
                event("a line read")


# ------------------------------------------------------------------------------ importers
ACLED_COLUMNS = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "latitude",
                 "longitude", "location", "admin1", "admin2", "country", "iso", "fatalities", "geo_precision",
                 "time_precision", "notes", "source"]
UCDP_COLUMNS = ["id", "type_of_violence", "side_a", "side_b", "latitude", "longitude", "date_start", "date_end",
                "date_prec", "where_prec", "best", "adm_1", "adm_2", "country", "dyad_name", "where_coordinates",
                "where_description", "source_article", "source_headline", "source_office"]
cell = st.one_of(
    st.text(max_size=20), st.integers(-1000, 100000).map(str), st.floats(allow_nan=True).map(str),
    st.dates().map(str), st.dates().map(lambda d: d.strftime("%d %B %Y")),
    st.sampled_from(["", "Government regains territory", "Non-state actor overtakes territory", "Battles",
                     "Military Forces of Syria (2000-2024)", "Hayat Tahrir al-Sham", "Syria", "760", "SY",
                     "35.5", "36.6", "1", "3", "nan", "inf", "-0", "2019-02-30", "31/12/2019", "\x00", "\u202e"]))


def _csv(columns: list[str], rows: list[list[str]], delimiter: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


_lat = st.floats(-95, 95, allow_nan=False).map(lambda v: f"{v:.4f}")
_day = st.one_of(st.dates().map(str), st.dates().map(lambda d: d.strftime("%d %B %Y")))
PLAUSIBLE = {  # what real exports hold, so that rows reach the mappers' checks and some import
    "event_date": _day, "date_start": _day, "date_end": _day, "latitude": _lat, "longitude": _lat,
    "sub_event_type": st.sampled_from(["Government regains territory", "Non-state actor overtakes territory",
                                       "Armed clash", "Shelling/artillery/missile attack", "Air/drone strike"]),
    "event_type": st.sampled_from(["Battles", "Explosions/Remote violence", "Strategic developments"]),
    "actor1": st.sampled_from(["Military Forces of Syria (2000-2024)", "Hayat Tahrir al-Sham", "Islamic State",
                               "SDF: Syrian Democratic Forces", "Unidentified Armed Group (Syria)"]),
    "side_a": st.sampled_from(["Government of Syria", "IS", "HTS"]),
    "side_b": st.sampled_from(["Syrian insurgents", "Civilians", "Government of Syria"]),
    "type_of_violence": st.sampled_from(["1", "2", "3", "4", ""]), "date_prec": st.sampled_from(["1", "3", "5", "9"]),
    "where_prec": st.sampled_from(["1", "2", "4", "7", "8"]), "geo_precision": st.sampled_from(["1", "2", "3", "4"]),
    "time_precision": st.sampled_from(["1", "2", "3"]), "country": st.sampled_from(["Syria", "Iraq", "Atlantis", ""]),
    "iso": st.sampled_from(["760", "368", "999", "x"]), "best": st.integers(-5, 10**6).map(str),
    "fatalities": st.integers(-5, 10**6).map(str),
}


def _mutate(row: list[str], change: tuple[int, str] | None) -> list[str]:
    if change is not None and row:
        row[change[0] % len(row)] = change[1]
    return row


def _row(columns: list[str]):
    """A plausible row, one cell of it often replaced by a random one."""
    plausible = st.tuples(*[PLAUSIBLE.get(c, st.text(alphabet=string.ascii_letters + " -", min_size=1, max_size=20))
                            for c in columns]).map(list)
    return st.builds(_mutate, plausible, st.none() | st.tuples(st.integers(0, 99), cell))


def importer_file(columns: list[str]):
    header = st.one_of(st.permutations(columns), st.permutations(columns + ["extra"]),
                       st.lists(st.sampled_from(columns + ["extra", ""]), min_size=1, max_size=len(columns) + 2,
                                unique=True))
    table = header.flatmap(lambda cols: st.builds(
        lambda rows, d: _csv(cols, rows, d),
        st.lists(st.one_of(_row(cols), _row(cols), st.lists(cell, max_size=len(cols) + 2)), min_size=1, max_size=6),
        st.sampled_from([",", ",", ",", ";", "\t"])))
    return st.one_of(table, table, st.binary(max_size=400))


@pytest.fixture(scope="module")
def mappers(lexicons):
    from frontlines.reference import _module

    return {kind: _module(kind).mapper(lexicons) for kind in ("acled", "ucdp")}


def check_import(kind: str, data: bytes, mapper) -> None:
    from frontlines.reference import read_events
    from frontlines.reference.tabular import ImportReport

    with tempfile.TemporaryDirectory(prefix="fuzz-csv-") as tmp:
        path = Path(tmp) / f"{kind}.csv"
        path.write_bytes(data)
        report = ImportReport(kind=kind)
        events = list(read_events(kind, path, mapper, report))  # bad rows: report.errors
        assert report.skipped + len(events) <= report.rows
        event("events imported" if events else ("rows refused" if report.rows else "file refused"))
        for e in events:
            assert e.place is not None and -90 <= e.place.lat <= 90 and -180 <= e.place.lon <= 180
        assert all(isinstance(m, str) and m for m in report.errors)


@fuzz("csv")
@given(importer_file(ACLED_COLUMNS))
def test_fuzz_random_acled_csv(mappers, data):
    check_import("acled", data, mappers["acled"])


@fuzz("csv")
@given(importer_file(UCDP_COLUMNS))
def test_fuzz_random_ucdp_csv(mappers, data):
    check_import("ucdp", data, mappers["ucdp"])


# ------------------------------------------------------------------------------ API
PATHS = ["/api/events", "/api/events", "/api/control", "/api/health", "/api/events/{}", "/api/articles/{}",
         "/api/places/{}/control"]
PARAMS = ["type", "faction", "place", "since", "until", "bbox", "q", "origin", "country", "limit", "cursor", "at",
          "x", ""]
param_value = st.one_of(
    st.text(max_size=30), st.integers(-5, 10**12).map(str), st.dates().map(str),
    st.tuples(*[st.floats(-200, 200, allow_nan=False)] * 4).map(lambda t: ",".join(map(str, t))),
    st.sampled_from(["control_change", "sy_government", "Idlib", "SY", "s", "article", "reference", "1,2,3",
                     "2024-02-30", "0", "1000", "1001", "-1", "nan", "eyJ4IjoxfQ", "%", "%zz", "'; DROP TABLE x;--"]))


def _query(pairs: list[tuple[str, str]], raw: bool) -> str:
    if raw:  # not URL-encoded: what a hand-typed URL may hold
        return "&".join(f"{k}={v}" for k, v in pairs)
    return "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in pairs)


@pytest.fixture(scope="module")
def client(session):
    from fastapi.testclient import TestClient

    from frontlines.web import create_app

    with TestClient(create_app(session), raise_server_exceptions=False) as c:
        yield c


@fuzz("api")
@given(st.sampled_from(PATHS), st.one_of(st.text(max_size=20), st.integers(-3, 10**20).map(str)),
       st.lists(st.tuples(st.sampled_from(PARAMS), param_value), max_size=5), st.booleans())
def test_fuzz_random_api_query_strings(client, path, ident, pairs, raw):
    url = path.format(quote(ident, safe="")) + "?" + _query(pairs, raw)
    try:
        r = client.get(url)
    except Exception as exc:  # noqa: BLE001 - only the client's own refusal of a malformed URL is allowed
        import httpx

        assert isinstance(exc, (httpx.InvalidURL, UnicodeEncodeError)), exc
        event("URL refused by the client")
        return
    assert r.status_code < 500, (url, r.status_code, r.text[:300])
    event(f"HTTP {r.status_code}")
    body = r.json()
    if r.status_code >= 400:
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
        assert body["error"]["code"] and body["error"]["message"]
    assert "Traceback" not in r.text
