"""The JSON shape of ``frontlines analyze`` (issue 2, item 8) on the seed article
(``--published 2024-12-06 --country SY``): ``--format json`` prints one object per article
``{"article": {...}, "events": [...]}`` with every documented key, ``--format jsonl`` one line per
article, ``--no-store`` writes nothing, and the saved-HTML form gives the same article and events
through the installed console script.

In-process runs use the session's real spaCy model and gazetteer (see ``cached_resources``); the
console-script run loads them itself."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from frontlines.model import EVENT_TYPES, event_from_dict, to_dict

from conftest import run_cli  # noqa: E402  (shared with the other CLI tests)

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
SEED_TXT = REPO / "examples" / "seed.txt"
SEED_HTML = REPO / "tests" / "fixtures" / "seed.html"
SEED_TITLE = "Syrian rebels seize fourth city, close in on Homs in threat to Assad\u2019s rule"
SEED_ARGS = ("--published", "2024-12-06", "--country", "SY")

ARTICLE_KEYS = {"id", "title", "published", "source", "url", "text"}
EVENT_KEYS = {"id", "type", "plover", "acled_event_type", "acled_sub_event_type", "actor", "target", "place",
              "date", "evidence", "confidence"}
ACTOR_KEYS = {"text", "name", "faction", "government"}
PLACE_KEYS = {"text", "name", "geonameid", "lat", "lon", "country", "admin1", "precision"}
DATE_KEYS = {"start", "end", "precision", "text"}
EVIDENCE_KEYS = {"sentence", "start", "end"}


# ------------------------------------------------------------------ helpers
def json_objects(out: str) -> list[dict]:
    """The JSON objects printed one after another (``--format json`` may indent them)."""
    decoder, objs, i = json.JSONDecoder(), [], 0
    while True:
        while i < len(out) and out[i].isspace():
            i += 1
        if i == len(out):
            return objs
        obj, i = decoder.raw_decode(out, i)
        objs.append(obj)


def is_iso_date(value) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return len(value) == 10


def check_actor(actor: dict) -> None:
    assert ACTOR_KEYS <= set(actor), f"actor keys {sorted(actor)}"
    assert isinstance(actor["text"], str) and actor["text"]
    assert isinstance(actor["name"], str) and actor["name"]
    assert isinstance(actor["faction"], str) and actor["faction"]
    assert actor["government"] in (True, False, None)


def check_event(e: dict, article: dict) -> None:
    """Every documented key of one event, with values of the documented kinds."""
    assert EVENT_KEYS <= set(e), f"missing {sorted(EVENT_KEYS - set(e))}"
    assert isinstance(e["id"], str) and e["id"]
    assert e["type"] in EVENT_TYPES
    for key in ("plover", "acled_event_type", "acled_sub_event_type"):
        assert e[key] is None or (isinstance(e[key], str) and e[key] and e[key] != "-"), (key, e[key])
    assert (e["acled_event_type"] is None) == (e["acled_sub_event_type"] is None)
    check_actor(e["actor"])
    if e["target"] is not None:
        check_actor(e["target"])
    place = e["place"]
    if place is not None:
        assert PLACE_KEYS <= set(place), f"place keys {sorted(place)}"
        assert isinstance(place["text"], str) and place["text"] and isinstance(place["name"], str)
        assert place["precision"] in (1, 2, 3)
        if place["geonameid"] is not None:
            assert isinstance(place["geonameid"], int)
            assert isinstance(place["lat"], float) and -90 <= place["lat"] <= 90
            assert isinstance(place["lon"], float) and -180 <= place["lon"] <= 180
            assert isinstance(place["country"], str) and len(place["country"]) == 2
    when = e["date"]
    if when is not None:
        assert DATE_KEYS <= set(when), f"date keys {sorted(when)}"
        assert is_iso_date(when["start"]) and is_iso_date(when["end"]) and when["start"] <= when["end"]
        assert when["precision"] in (1, 2, 3, 4) and isinstance(when["text"], str)
    ev = e["evidence"]
    assert EVIDENCE_KEYS <= set(ev), f"evidence keys {sorted(ev)}"
    assert isinstance(ev["start"], int) and 0 <= ev["start"] < ev["end"] <= len(article["text"])
    assert ev["sentence"] == article["text"][ev["start"]:ev["end"]]
    assert isinstance(e["confidence"], float) and 0.0 <= e["confidence"] <= 1.0
    assert to_dict(event_from_dict(e)) == e  # the shape round-trips through the typed model


def check_analysis(obj: dict) -> None:
    assert {"article", "events"} <= set(obj) and isinstance(obj["events"], list)
    article = obj["article"]
    assert ARTICLE_KEYS <= set(article), f"missing {sorted(ARTICLE_KEYS - set(article))}"
    assert isinstance(article["id"], str) and article["id"]
    assert isinstance(article["text"], str) and article["text"]
    assert article["published"] is None or is_iso_date(article["published"])
    for e in obj["events"]:
        check_event(e, article)
    assert len({e["id"] for e in obj["events"]}) == len(obj["events"]), "event ids repeat"


def summary(obj: dict) -> list[str]:
    """What an analysis says, independent of the event order."""
    return sorted(json.dumps([e["type"], (e["actor"] or {}).get("faction"), (e["target"] or {}).get("faction"),
                              (e["place"] or {}).get("geonameid"), e["date"], e["evidence"]["sentence"]])
                  for e in obj["events"])


def db_rows(db: Path) -> tuple[list[str], int, int]:
    """(article ids, article reports, failures) in a SQLite store."""
    with sqlite3.connect(db) as conn:
        articles = sorted(r[0] for r in conn.execute("SELECT id FROM fl_articles"))
        reports = conn.execute("SELECT COUNT(*) FROM fl_reports WHERE origin = 'article'").fetchone()[0]
        failures = conn.execute("SELECT COUNT(*) FROM fl_failures").fetchone()[0]
    return articles, reports, failures


# ------------------------------------------------------------------ tests
def test_seed_json_and_jsonl_shape(tmp_path, capsys, cached_resources):
    db = tmp_path / "t.db"
    url = f"sqlite:///{db}"
    code, out, err = run_cli(capsys, "--db", url, "analyze", str(SEED_TXT), *SEED_ARGS, "--format", "json")
    assert code == 0, err
    (obj,) = json_objects(out)
    check_analysis(obj)
    article = obj["article"]
    assert article["title"] == SEED_TITLE and article["published"] == "2024-12-06"
    assert len(article["id"]) >= 8 and int(article["id"], 16) >= 0  # a hex content id
    events = obj["events"]
    # the seed exercises every nested object, so the shape checks above were not vacuous
    assert any(e["target"] for e in events) and any(e["place"] for e in events) and any(e["date"] for e in events)
    changes = [e for e in events if e["type"] == "control_change"]
    assert changes, "the seed has control changes"
    for e in changes:  # the gainer is the actor; the rebels are not the government
        # PLOVER codes a capture in battle as FIGHT (lexicons/event_map.tsv)
        assert e["actor"]["government"] is False and e["plover"] == "FIGHT"
        assert e["acled_sub_event_type"] == "Non-state actor overtakes territory"
        assert e["place"]["country"] == "SY" and e["place"]["geonameid"]

    # --format jsonl: one line per article, the same object
    code, out, err = run_cli(capsys, "--db", url, "analyze", str(SEED_TXT), *SEED_ARGS, "--format", "jsonl")
    assert code == 0, err
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1
    assert json.loads(lines[0]) == obj

    # stored once, with every event, read back through `frontlines events`
    articles, reports, failures = db_rows(db)
    assert articles == [article["id"]] and reports == len(events) and failures == 0
    code, out, err = run_cli(capsys, "--db", url, "events", "--origin", "article", "--limit", "0", "--format", "jsonl")
    assert code == 0, err
    stored = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert stored
    refs = [s for e in stored for s in e["sources"] if s["origin"] == "article"]
    assert {s["ref_id"] for s in refs} == {article["id"]}
    assert {s["evidence"]["sentence"] for s in refs} == {e["evidence"]["sentence"] for e in events}
    for e in stored:
        assert EVENT_KEYS <= set(e)


def test_no_store_writes_nothing(tmp_path, capsys, cached_resources):
    db = tmp_path / "never.db"
    missing = tmp_path / "missing.txt"
    code, out, err = run_cli(capsys, "--db", f"sqlite:///{db}", "analyze", str(SEED_TXT), str(missing), *SEED_ARGS,
                             "--format", "jsonl", "--no-store")
    assert code == 1  # the missing file failed ...
    assert str(missing) in err
    (obj,) = json_objects(out)  # ... and the seed was still analysed
    check_analysis(obj)
    assert obj["events"]
    if db.exists():  # opening an empty store is tolerable; writing articles, events or failures is not
        articles, reports, failures = db_rows(db)
        assert (articles, reports, failures) == ([], 0, 0)


def test_seed_html_through_the_console_script(tmp_path, capsys, cached_resources):
    """The saved-HTML seed, with no --published (its meta tag gives the date), run by the
    installed command, prints the same article and events as the text form."""
    exe = Path(sys.executable).parent / "frontlines"
    if not exe.exists():
        pytest.skip(f"the console script {exe} is not installed (pip install -e . in this environment)")
    code, out, err = run_cli(capsys, "analyze", str(SEED_TXT), *SEED_ARGS, "--format", "json", "--no-store")
    assert code == 0, err
    (from_text,) = json_objects(out)
    proc = subprocess.run([str(exe), "--db", f"sqlite:///{tmp_path / 't.db'}", "analyze", str(SEED_HTML),
                           "--country", "SY", "--format", "json"],
                          capture_output=True, timeout=600, env=os.environ.copy())
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    (from_html,) = json_objects(proc.stdout.decode("utf-8"))
    check_analysis(from_html)
    assert from_html["article"]["published"] == "2024-12-06"
    assert from_html["article"]["title"] == SEED_TITLE
    assert from_html["article"]["id"] == from_text["article"]["id"]
    assert from_html["article"]["text"] == from_text["article"]["text"]
    assert summary(from_html) == summary(from_text)
