"""The repository: articles, merged events, findings, failures and seen-keys, over SQLAlchemy.

SQLite (default; WAL mode, a busy timeout, write transactions taken with ``BEGIN IMMEDIATE`` so
concurrent writers queue instead of failing) or PostgreSQL (writes serialised by a transaction
advisory lock, so concurrent merges never race). Every write happens in one transaction.
"""
from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..errors import StoreError
from ..geo.distance import haversine_km
from ..model import Analysis, Article, Event, Failure, Finding, Place, SourceRef
from ..options import Options
from . import query as qm
from . import rows as rw
from . import schema as t
from .engine import make_engine
from .merge import CONTROL_TYPES, KM_PER_DEG, Report
from .write import MergeOutcome, mark_seen_rows, merge_in

log = logging.getLogger(__name__)
REFERENCE_BATCH = 5000
PG_LOCK = 7_263_841


@dataclass
class SaveResult:
    """What :meth:`Store.save_analysis` did: ``saved`` is False when the article was already stored."""

    article_id: str
    saved: bool
    event_ids: list[str] = field(default_factory=list)
    merged: int = 0  # reports that joined an event already in the store
    conflicts: int = 0  # conflicting-report links created


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """The store. Create with :func:`open_store`; one instance per process (it is thread-safe as
    far as SQLAlchemy's pool is)."""

    def __init__(self, engine: Engine, options: Options) -> None:
        self.engine = engine
        self.options = options
        self.url = engine.url.render_as_string(hide_password=True)
        self._cache: dict[str, tuple[int, Any]] = {}
        self._init_schema()

    # ------------------------------------------------------------------ plumbing
    def _init_schema(self) -> None:
        try:
            with self._write() as conn:  # under the write lock: concurrent first opens do not race
                t.metadata.create_all(conn)
                rows = dict(conn.execute(select(t.meta.c.key, t.meta.c.value)).fetchall())
                if "schema_version" not in rows:
                    conn.execute(insert(t.meta), [{"key": "schema_version", "value": str(t.SCHEMA_VERSION)},
                                                  {"key": "revision", "value": "0"}])
                elif rows["schema_version"] != str(t.SCHEMA_VERSION):
                    raise StoreError(f"store schema version {rows['schema_version']} is not the version "
                                     f"{t.SCHEMA_VERSION} this frontlines uses", doc=self.url,
                                     fix="use a new store (--db) or the frontlines version that created it")
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the store: {exc.__class__.__name__}: {exc}".splitlines()[0],
                             doc=self.url, fix="check the --db URL, that the server runs and the file is writable"
                             ) from exc

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(fl_write=True)
            with conn.begin():
                if self.engine.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_LOCK})")
                yield conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"store query failed: {exc.__class__.__name__}: {exc}".splitlines()[0],
                             doc=self.url, fix="check that the store is reachable and not corrupt") from exc

    @staticmethod
    def _bump(conn: Connection) -> None:
        m = t.meta.c
        value = conn.execute(select(m.value).where(m.key == "revision")).scalar_one()
        conn.execute(update(t.meta).where(m.key == "revision").values(value=str(int(value) + 1)))

    def revision(self) -> int:
        """A counter raised by every write: derived data cached on this object is rebuilt when it moves."""
        with self._read() as conn:
            return int(conn.execute(select(t.meta.c.value).where(t.meta.c.key == "revision")).scalar_one())

    def cached(self, name: str, build: Callable[[], Any]) -> Any:
        """``build()``'s value, kept on this store until the next write (by any process)."""
        rev = self.revision()
        hit = self._cache.get(name)
        if hit is None or hit[0] != rev:
            hit = self._cache[name] = (rev, build())
        return hit[1]

    def peek_cached(self, name: str) -> Any:
        """The value cached under ``name`` if no write happened since, else None."""
        hit = self._cache.get(name)
        return hit[1] if hit is not None and hit[0] == self.revision() else None

    def close(self) -> None:
        self._cache.clear()
        self.engine.dispose()

    # ------------------------------------------------------------------ writing
    def save_analysis(self, analysis: Analysis) -> SaveResult:
        """Store an article, its events (merged into the record) and its findings, all or nothing."""
        a = analysis.article
        try:
            with self._write() as conn:
                return self._save_many(conn, [analysis])[0]
        except IntegrityError as exc:
            if self.has_article(a.id):  # stored concurrently by another process
                return SaveResult(a.id, False, self.article_event_ids(a.id))
            raise self._error(a, exc) from exc
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure rolls the article back and is reported
            raise self._error(a, exc) from exc

    def save_analyses(self, analyses: list[Analysis], *, seen: tuple[list[str], str] | None = None
                      ) -> list[SaveResult | StoreError]:
        """Store several analyses in ONE transaction (one merge for all their reports: the record is
        the same as saving them one by one, in any order), and mark ``seen`` = (keys, kind) in it.
        If that transaction fails, each analysis is saved on its own (and its key marked), so one bad
        document costs only itself: its entry in the result is then the StoreError."""
        if not analyses:
            return []
        try:
            with self._write() as conn:
                results: list[SaveResult | StoreError] = list(self._save_many(conn, analyses))
                if seen is not None:
                    mark_seen_rows(conn, *seen, _now())
                return results
        except Exception as exc:  # noqa: BLE001 - retried one by one below, which reports the culprit
            log.info("batch of %d analyses not stored together (%s: %s); saving them one by one",
                     len(analyses), type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "")
        out: list[SaveResult | StoreError] = []
        for i, analysis in enumerate(analyses):
            try:
                out.append(self.save_analysis(analysis))
            except StoreError as exc:
                out.append(exc)
                continue
            if seen is not None:
                self.mark_seen(seen[0][i], seen[1])
        return out

    def _save_many(self, conn: Connection, analyses: list[Analysis]) -> list[SaveResult]:
        ids = list(dict.fromkeys(x.article.id for x in analyses))
        have = {row[0] for part in qm._chunks(ids)
                for row in conn.execute(select(t.articles.c.id).where(t.articles.c.id.in_(part)))}
        fresh: dict[str, Analysis] = {}
        for x in analyses:  # an article twice in one batch: the first one counts
            if x.article.id not in have:
                fresh.setdefault(x.article.id, x)
        now = _now()
        if fresh:
            conn.execute(insert(t.articles), [rw.article_row(x.article, now) for x in fresh.values()])
        reports: list[Report] = []
        spans: dict[str, range] = {}
        for aid, x in fresh.items():
            unique: dict[str, Event] = {}
            for e in x.events:  # an id twice in one article: the first one counts
                unique.setdefault(e.id, e)
            start = len(reports)
            reports += [Report(event=e, origin="article", ref_id=aid, source=rw.article_source(x.article, e),
                               article_id=aid) for e in unique.values()]
            spans[aid] = range(start, len(reports))
        outcome = self._merge_in(conn, reports)
        findings = [{"article_id": aid, "seq": i, "data": rw.finding_json(f)}
                    for aid, x in fresh.items() for i, f in enumerate(x.findings)]
        if findings:
            conn.execute(insert(t.findings), findings)
        if fresh:
            self._bump(conn)
        results = []
        done: set[str] = set()
        for x in analyses:
            aid = x.article.id
            if aid not in fresh or aid in done:
                results.append(SaveResult(aid, False, self._article_event_ids(conn, aid)))
                continue
            done.add(aid)
            span = spans[aid]
            pks = {reports[i].pk for i in span}
            results.append(SaveResult(aid, True, list(dict.fromkeys(outcome.event_ids[i] for i in span)),
                                      sum(outcome.joined[i] for i in span),
                                      sum(1 for a, b in outcome.conflicts if a in pks or b in pks)))
        return results

    def _error(self, a: Article, exc: Exception) -> StoreError:
        first = str(exc).splitlines()[0] if str(exc) else ""
        return StoreError(f"article {a.id} was not stored (nothing of it was kept): "
                          f"{exc.__class__.__name__}: {first}", doc=a.origin or a.id,
                          fix="check the store is reachable and writable, then analyse the document again")

    def add_reference_events(self, events: Iterable[Event], origin: str) -> int:
        """Add reference records (each Event with one SourceRef); idempotent by (origin, ref_id).
        Returns the number of records added."""
        added, batch = 0, []
        for e in events:
            src = e.sources[0] if e.sources else SourceRef(origin=origin, ref_id=e.id)
            if src.origin != origin:
                src = replace(src, origin=origin)
            batch.append(Report(event=e, origin=origin, ref_id=src.ref_id, source=src))
            if len(batch) >= REFERENCE_BATCH:
                added += self._add_batch(batch, origin)
                batch = []
        if batch:
            added += self._add_batch(batch, origin)
        return added

    def _add_batch(self, batch: list[Report], origin: str) -> int:
        unique = list({r.key: r for r in batch}.values())
        try:
            with self._write() as conn:
                have: set[tuple] = set()
                refs = sorted({r.ref_id for r in unique})
                for part in qm._chunks(refs):
                    c = t.reports.c
                    have.update(conn.execute(select(c.origin, c.ref_id, c.report_id)
                                             .where(c.origin == origin, c.ref_id.in_(part))).fetchall())
                new = [r for r in unique if r.key not in have]
                if new:
                    new.sort(key=lambda r: (r.latlon or (999.0, 999.0)))
                    self._merge_in(conn, new)
                    self._bump(conn)
                return len(new)
        except SQLAlchemyError as exc:
            raise StoreError(f"reference records of {origin} were not stored: {exc.__class__.__name__}: "
                             f"{str(exc).splitlines()[0]}", doc=origin,
                             fix="check the store is reachable and writable, then import again") from exc

    def _merge_in(self, conn: Connection, new: list[Report]) -> MergeOutcome:
        return merge_in(conn, new, self.options.merge_km)

    def get_meta(self, key: str) -> str | None:
        """A small value kept in the store (e.g. a feed's HTTP validators), or None."""
        with self._read() as conn:
            return conn.execute(select(t.meta.c.value).where(t.meta.c.key == key)).scalar()

    def set_meta(self, key: str, value: str) -> None:
        if key in ("schema_version", "revision"):
            raise StoreError(f"meta key {key!r} is reserved", fix="use another key")
        with self._write() as conn:
            conn.execute(delete(t.meta).where(t.meta.c.key == key))
            conn.execute(insert(t.meta), [{"key": key, "value": value}])

    def record_failure(self, failure: Failure) -> None:
        with self._write() as conn:
            conn.execute(insert(t.failures), [{"doc": failure.doc, "stage": failure.stage, "code": failure.code,
                                               "reason": failure.reason, "at": _now()}])

    def failures(self) -> list[Failure]:
        with self._read() as conn:
            return [Failure(doc=r.doc, stage=r.stage, code=r.code, reason=r.reason)
                    for r in conn.execute(select(t.failures).order_by(t.failures.c.pk))]

    def mark_seen(self, key: str, kind: str) -> None:
        self.mark_seen_many([key], kind)

    def mark_seen_many(self, keys: list[str], kind: str) -> None:
        """Record ``keys`` as seen (of ``kind``), in one transaction."""
        try:
            with self._write() as conn:
                mark_seen_rows(conn, keys, kind, _now())
        except IntegrityError:
            for key in keys:  # some were marked concurrently: the others one by one
                with contextlib.suppress(IntegrityError), self._write() as conn:
                    mark_seen_rows(conn, [key], kind, _now())

    def seen(self, key: str, kind: str) -> bool:
        with self._read() as conn:
            c = t.seen.c
            return conn.execute(select(c.key).where(c.kind == kind, c.key == key)).first() is not None

    # ------------------------------------------------------------------ reading
    def has_article(self, article_id: str) -> bool:
        with self._read() as conn:
            return conn.execute(select(t.articles.c.id).where(t.articles.c.id == article_id)).first() is not None

    def get_article(self, article_id: str) -> Article | None:
        with self._read() as conn:
            row = conn.execute(select(t.articles).where(t.articles.c.id == article_id)).first()
            return None if row is None else rw.article_from_row(row)

    @staticmethod
    def _article_event_ids(conn: Connection, article_id: str) -> list[str]:
        c = t.reports.c
        rows = conn.execute(select(c.event_id, c.pk).where(c.article_id == article_id).order_by(c.pk))
        return list(dict.fromkeys(r[0] for r in rows))

    def article_event_ids(self, article_id: str) -> list[str]:
        with self._read() as conn:
            return self._article_event_ids(conn, article_id)

    def article_events(self, article_id: str) -> list[Event]:
        """The stored (merged) events an article reported, in the article's order."""
        with self._read() as conn:
            return qm.events_by_ids(conn, self._article_event_ids(conn, article_id))

    def article_findings(self, article_id: str) -> list[Finding]:
        with self._read() as conn:
            return qm.article_findings(conn, article_id)

    def article_sources(self) -> list[tuple[str, str | None, str | None]]:
        with self._read() as conn:  # (id, source, url) of every article
            return qm.article_sources(conn)

    def doubtful_articles(self, article_ids: Iterable[str]) -> set[str]:
        with self._read() as conn:  # those whose stored findings make them doubtful (trust.doubts)
            return qm.doubtful_articles(conn, article_ids)
    def query_events(self, q: qm.EventQuery | None = None) -> tuple[list[Event], str | None]:
        with self._read() as conn:
            return qm.query_events(conn, q or qm.EventQuery())

    def get_event(self, event_id: str) -> Event | None:
        """An event with every source and its conflicts; a report id that was merged into another
        event finds that event."""
        with self._read() as conn:
            eid = qm.resolve_event_id(conn, event_id)
            if eid is None:
                return None
            found = qm.events_by_ids(conn, [eid])
            return found[0] if found else None

    def control_events(self, geonameid: int | None = None,
                       near: tuple[float, float, float] | None = None) -> list[Event]:
        """control_change and control_claim events (of one GeoNames id, and/or within ``near`` =
        (lat, lon, km)), in date order (undated last)."""
        e = t.events.c
        cond: list[Any] = [e.type.in_(CONTROL_TYPES)]
        if geonameid is not None:
            cond.append(e.geonameid == int(geonameid))
        if near is not None:
            lat, lon, km = near
            dlat = km / KM_PER_DEG
            dlon = km / (KM_PER_DEG * max(0.05, math.cos(math.radians(lat))))
            cond.append(and_(e.lat.between(lat - dlat, lat + dlat), e.lon.between(lon - dlon, lon + dlon)))
        with self._read() as conn:
            rows = conn.execute(select(t.events).where(*cond).order_by(e.sort_key, e.id)).fetchall()
            found = qm.assemble(conn, rows)
        if near is not None:
            lat, lon, km = near
            found = [x for x in found if x.place and x.place.lat is not None
                     and haversine_km(lat, lon, x.place.lat, x.place.lon) <= km]
        return found

    def places(self, country: str | None = None) -> list[Place]:
        """Every place with events (most events first)."""
        cond = [t.events.c.country == country.upper()] if country else []
        with self._read() as conn:
            return qm.place_rows(conn, cond)

    def find_places(self, name: str) -> list[Place]:
        """Places whose name (or surface form) contains ``name`` (folded); exact names first."""
        key = rw.fold(name).strip()
        if not key:
            return []
        with self._read() as conn:
            found = qm.place_rows(conn, [t.events.c.place_fold.like(f"%{key}%")])
        exact = [p for p in found if key in (rw.fold(p.name).strip(), rw.fold(p.text).strip())]
        return exact + [p for p in found if p not in exact]


def open_store(options: Options) -> Store:
    """Open (creating if absent) the store at ``options.resolved_db_url``."""
    url = options.resolved_db_url
    try:
        engine = make_engine(url)
    except (SQLAlchemyError, ValueError, OSError) as exc:
        raise StoreError(f"cannot open the store: {exc}", doc=url,
                         fix="use sqlite:///path/file.db or postgresql+psycopg://user@host:port/db") from exc
    return Store(engine, options)


__all__ = ["Store", "SaveResult", "open_store"]
