"""Helpers of the evaluation tests (tests/test_eval_*.py, tests/test_quality_gate.py).

``ScriptedSession`` is a test double of :class:`frontlines.api.Frontlines` with the public methods
the evaluation suites use. Its "pipeline" is a transparent script over the test's own made-up
notes (a trigger word, a gainer word, a point written as ``@lat,lon``; dates come from the real
dates stage), so each test can work out the expected figures by hand and check the scoring code
exactly. The real pipeline is exercised by the slow tests and the quality gate.
"""
from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from frontlines.extract.dates import DateFinder
from frontlines.extract.dates_lexicon import load_date_lexicon
from frontlines.model import (Actor, Analysis, Article, ControlPeriod, Evidence, Event, Place, stable_id)
from frontlines.options import Options

ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]


def write_acled(path: Path, rows: list[tuple]) -> Path:
    """Write made-up rows (id, event_date, sub_event_type, notes, lat, lon, geo_precision) as an
    ACLED-format CSV with the standard 31 columns."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS)
        w.writeheader()
        for rid, d, sub, notes, lat, lon, gp in rows:
            rec = dict.fromkeys(ACLED_COLUMNS, "")
            rec.update(event_id_cnty=rid, event_date=d, sub_event_type=sub, notes=notes, latitude=lat,
                       longitude=lon, geo_precision=gp, country="Syria")
            w.writerow(rec)
    return path


class _Lexicons:
    def __init__(self, plover: tuple[str, ...]) -> None:
        self._plover = plover

    def plover_types(self) -> tuple[str, ...]:
        return self._plover


_POINT = re.compile(r"@(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")


class ScriptedSession:
    """See the module doc. ``plover_words`` maps a word to the PLOVER code of the event it makes."""

    def __init__(self, options: Options | None = None, *, nlp=None, gazetteer=None, lexicons=None,
                 store=None) -> None:
        self.options = options or Options()
        self.nlp = nlp if nlp is not None else object()
        self.gazetteer = gazetteer
        self.lexicons = lexicons if lexicons is not None else _Lexicons(("FIGHT", "SEIZE", "THREATEN"))
        self.pipeline = object()
        self.finder = DateFinder(load_date_lexicon())
        self.stored: list[Event] = []
        self.closed = False
        self.plover_words = {"captured": "SEIZE", "clashed": "FIGHT", "warned": "THREATEN"}

    def close(self) -> None:
        self.closed = True

    def article_from_text(self, text, *, published=None, title=None, url=None, origin="<text>", fmt=None):
        return Article(id=stable_id(text), text=text, published=published, origin=origin)

    def extract(self, article: Article, *, country: str | None = None) -> Analysis:
        text = article.text
        events = []
        for word, plover in self.plover_words.items():
            i = text.find(word)
            if i < 0:
                continue
            etype = "control_change" if word == "captured" else ("clash" if word == "clashed" else "threat")
            gov = re.search(r"\bregime forces " + word, text) is not None
            actor = Actor("regime forces" if gov else "rebels", "x", "gov" if gov else "rebels", gov)
            m = _POINT.search(text)
            place = None if m is None else Place("P", "P", 1, float(m.group(1)), float(m.group(2)), "SY", None)
            found = self.finder.find(text, article.published)
            rng = found[0].range if found else None
            events.append(Event(id=stable_id(article.id, word), type=etype, actor=actor, target=None, place=place,
                                date=rng, evidence=Evidence(text, 0, len(text)), confidence=0.9, plover=plover,
                                article_id=article.id))
        return Analysis(article=article, events=events)

    def analyze_article(self, article: Article, *, country=None, store=True, check=False) -> Analysis:
        analysis = self.extract(article, country=country)
        if store:
            self.stored.extend(analysis.events)
        return analysis

    def control_map(self, at: date, *, country=None) -> list[ControlPeriod]:
        """The latest stored control change at or before ``at`` per point."""
        latest: dict[tuple[float, float], Event] = {}
        for e in self.stored:
            if e.type == "control_change" and e.place is not None and e.date is not None and e.date.start <= at:
                latest[(e.place.lat, e.place.lon)] = e
        return [ControlPeriod(place=e.place, controller=e.actor, start=e.date.start, end=None, confidence=0.9)
                for e in latest.values()]
