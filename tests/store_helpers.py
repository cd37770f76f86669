"""Fixtures and builders shared by the store, merge, control, import and CLI-store tests.

``store`` runs each test against SQLite and against the PostgreSQL server (a fresh schema per
test, dropped afterwards); the PostgreSQL case skips with a message when no server answers.
"""
from __future__ import annotations

import os
import uuid
from datetime import date
from urllib.parse import quote

import pytest

from frontlines.model import Actor, Analysis, Article, DateRange, Event, Evidence, Place, SourceRef, stable_id
from frontlines.options import Options

PG_URL = os.environ.get("FRONTLINES_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

GOV = Actor("government forces", "Syrian government forces", "sy_government", True, "SY")
REBELS = Actor("the rebels", "Syrian opposition (rebels)", "sy_opposition", False)
HTS = Actor("HTS", "Hayat Tahrir al-Sham", "sy_hts", False)
IS = Actor("Islamic State", "Islamic State", "islamic_state", False)
UNKNOWN = Actor("gunmen", "gunmen", "unknown", None)

IDLIB = Place("Idleb", "Idlib", 169388, 35.9306, 36.6339, "SY", "Idlib")
ARIHA = Place("Ariha", "Ariha", 172374, 35.8136, 36.6106, "SY", "Idlib")
HOMS = Place("Homs", "Homs", 169577, 34.7268, 36.7234, "SY", "Homs")
DEIR = Place("Deir ez-Zôr", "Deir ez-Zor", 170794, 35.3359, 40.1408, "SY", "Deir ez-Zor")
KABUL = Place("Kabul", "Kabul", 1138958, 34.5281, 69.1723, "AF", "Kabul")


def day(s: str) -> date:
    return date.fromisoformat(s)


def rng(start: str, end: str | None = None, precision: int = 1) -> DateRange:
    return DateRange(day(start), day(end or start), precision)


def event(eid: str, type_: str = "control_change", actor: Actor | None = REBELS, target: Actor | None = None,
          place: Place | None = IDLIB, when: DateRange | None | str = "default", sentence: str = "Rebels seized Idlib.",
          confidence: float = 0.8, article: str | None = None) -> Event:
    return Event(id=eid, type=type_, actor=actor, target=target, place=place,
                 date=rng("2015-03-28") if when == "default" else when,
                 evidence=Evidence(sentence, 0, len(sentence), article), confidence=confidence,
                 article_id=article)


def article(aid: str, text: str = "", published: str | None = "2015-03-29", source: str | None = None) -> Article:
    return Article(id=aid, text=text or f"Text of {aid}.", title=f"Title {aid}",
                   published=day(published) if published else None, source=source or f"Outlet {aid}",
                   url=f"https://example.org/{aid}")


def analysis(aid: str, *events: Event, **kw) -> Analysis:
    return Analysis(article=article(aid, **kw), events=[e if e.article_id else
                                                        Event(**{**e.__dict__, "article_id": aid}) for e in events])


def reference(ref: str, origin: str = "reference", **kw) -> Event:
    e = event(stable_id(origin, ref), **kw)
    src = SourceRef(origin=origin, ref_id=ref, evidence=e.evidence, title=f"{origin} {ref}", citation="test record")
    return Event(**{**e.__dict__, "sources": (src,)})


def _pg_schema_url() -> tuple[str, str]:
    try:
        import psycopg

        plain = PG_URL.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, connect_timeout=3, autocommit=True) as conn:
            schema = f"fl_test_{uuid.uuid4().hex[:12]}"
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        pytest.skip(f"no PostgreSQL server answers at {PG_URL} ({type(exc).__name__}): start it (.ci/run does) "
                    f"or set FRONTLINES_TEST_PG to run the PostgreSQL store tests")
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}", schema


def _pg_drop(schema: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_options(request, tmp_path):
    """Options of an empty store, on SQLite and on PostgreSQL (a fresh schema)."""
    if request.param == "sqlite":
        yield Options(data_dir=str(tmp_path), db_url=f"sqlite:///{tmp_path / 'store.db'}", load_reference=False)
        return
    url, schema = _pg_schema_url()
    try:
        yield Options(data_dir=str(tmp_path), db_url=url, load_reference=False)
    finally:
        _pg_drop(schema)


@pytest.fixture()
def store(store_options):
    from frontlines.store import open_store

    s = open_store(store_options)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture()
def sqlite_store(tmp_path):
    from frontlines.store import open_store

    s = open_store(Options(data_dir=str(tmp_path), db_url=f"sqlite:///{tmp_path / 'one.db'}", load_reference=False))
    try:
        yield s
    finally:
        s.close()
