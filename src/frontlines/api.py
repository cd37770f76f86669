"""The library's face. The CLI, the web app, batch runs and the evaluation all call this; it imports
none of them (they sit above it: ``frontlines.scale``, ``frontlines.web``, ``frontlines.evaluate``).

    from frontlines.api import Frontlines
    fl = Frontlines()                       # options from defaults + user file
    for result in fl.analyze(["article.html"], country="SY"):
        print(result.article.title, [e.type for e in result.events])

Resources (spaCy model, gazetteer, lexicons, store) are created lazily on first use, or injected
through the constructor (tests pass small real ones). Nothing is loaded at import time.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from .errors import FrontlinesError
from .model import Analysis, AreaMap, Article, ControlPeriod, Event, Failure, Finding
from .options import Options, load_options

log = logging.getLogger(__name__)


class Frontlines:
    """One session: options plus the resources built from them."""

    def __init__(self, options: Options | None = None, *, nlp: Any = None, gazetteer: Any = None,
                 lexicons: Any = None, store: Any = None) -> None:
        self.options = options if options is not None else load_options()
        self._nlp = nlp
        self._gazetteer = gazetteer
        self._lexicons = lexicons
        self._store = store
        self._pipeline = None

    # ---------------------------------------------------------------- resources
    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from .extract.nlp import load_model

            self._nlp = load_model(self.options.spacy_model)
        return self._nlp

    @property
    def gazetteer(self) -> Any:
        if self._gazetteer is None:
            from .geo.gazetteer import Gazetteer

            self._gazetteer = Gazetteer.load(self.options)
        return self._gazetteer

    def prepare_gazetteer_cache(self) -> bool:
        """Build the gazetteer's disk cache in a short-lived process when it does not exist yet,
        so that the processes started after it (a local cluster's workers) load it instead of each
        building it (about 20 s and ~400 MB more resident memory per worker, which a long-running
        process keeps). This session's own gazetteer is not loaded. Returns whether it built one."""
        from .geo.gazetteer import Gazetteer

        if self._gazetteer is not None or Gazetteer.cache_file(self.options).exists():
            return False
        import multiprocessing

        proc = multiprocessing.get_context("spawn").Process(target=_load_gazetteer, args=(self.options,),
                                                            name="frontlines-gazetteer-cache")
        proc.start()
        proc.join()
        if proc.exitcode != 0:
            log.warning("building the gazetteer cache failed (exit code %s); each worker builds its own",
                        proc.exitcode)
        return proc.exitcode == 0

    def gazetteer_sources(self) -> list[dict]:
        """The sources merged into the gazetteer, with their counts ({"source", "kind", "places",
        "new", "merged"}): the packages, the bundled GeoNames files, the user's files, gazetteer_extra."""
        return self.gazetteer.sources()

    def gazetteer_add(self, paths: Iterable[str | Path]) -> list[dict]:
        """Add GeoNames dump files or places CSV/TSV files to the user's gazetteer (all checked
        first; see frontlines.geo.gazetteer_install); the next load builds a new cache."""
        from .geo.gazetteer_install import add_files

        added = add_files(self.options, list(paths))
        self._gazetteer = self._pipeline = None
        return added

    def gazetteer_fetch(self, countries: Iterable[str]) -> list[dict]:
        """Download GeoNames' country files (setting geonames_base_url) into the user's gazetteer."""
        from .geo.gazetteer_install import fetch_countries

        added = fetch_countries(self.options, list(countries))
        self._gazetteer = self._pipeline = None
        return added

    @staticmethod
    def about() -> str:
        """The version and the credit line of the bundled data (GeoNames, CC BY 4.0)."""
        from . import __version__
        from .geo.gazetteer_sources import CREDIT

        return f"frontlines {__version__}\n{CREDIT}"

    @property
    def lexicons(self) -> Any:
        if self._lexicons is None:
            from .lexicons import load_lexicons

            self._lexicons = load_lexicons(self.options.lexicon_dir or None)
        return self._lexicons

    @property
    def store(self) -> Any:
        if self._store is None:
            from .store import open_store

            self._store = open_store(self.options)
            if self.options.load_reference:
                self.load_reference_record()
        return self._store

    def load_reference_record(self) -> int:
        """Add the bundled curated reference record (idempotent: known records are skipped)."""
        from .reference.curated import load_curated

        return self.store.add_reference_events(load_curated(), "reference")

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:
            from .extract import build_pipeline

            self._pipeline = build_pipeline(self.options, nlp=self.nlp, gazetteer=self.gazetteer,
                                            lexicons=self.lexicons)
        return self._pipeline

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Frontlines:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- ingest + extract
    def read(self, paths: Iterable[str | Path], *, published: date | None = None) -> Iterator[Article | Failure]:
        """Read and clean documents (files, directories, ``-`` for stdin; text, HTML, RSS/Atom,
        JSON Lines, WARC). Yields an Article per document or a Failure per bad one."""
        from .ingest import read_paths

        yield from read_paths(paths, self.options, published=published)

    def article_from_text(self, text: str | bytes, *, published: date | None = None, title: str | None = None,
                          url: str | None = None, origin: str = "<text>", fmt: str | None = None) -> Article:
        """Clean one document given as text or bytes (plain text or HTML, detected)."""
        from .ingest import article_from_bytes

        data = text.encode("utf-8") if isinstance(text, str) else text
        return article_from_bytes(data, origin=origin, options=self.options, published=published,
                                  title=title, url=url, fmt=fmt)

    def parse(self, article: Article, *, country: str | None = None) -> Any:
        """Run the extraction pipeline and return the whole :class:`~frontlines.extract.doc.Doc`
        (place, actor and date mentions as well as events)."""
        return self.pipeline(article, country=country or self.options.country or None)

    def extract(self, article: Article, *, country: str | None = None) -> Analysis:
        """Run the extraction pipeline on one article (no store)."""
        return Analysis(article=article, events=list(self.parse(article, country=country).events))

    def analyze(self, paths: Iterable[str | Path], *, published: date | None = None, country: str | None = None,
                store: bool = True, check: bool = False) -> Iterator[Analysis | Failure]:
        """Read, extract, optionally check and store every document. Bad documents yield a
        Failure (also recorded in the store) and never stop the others."""
        for item in self.read(paths, published=published):
            if isinstance(item, Failure):
                if store:
                    self.store.record_failure(item)
                yield item
                continue
            yield self._analyze_one(item, country=country, store=store, check=check)

    def analyze_article(self, article: Article, *, country: str | None = None, store: bool = True,
                        check: bool = False) -> Analysis | Failure:
        return self._analyze_one(article, country=country, store=store, check=check)

    def _analyze_one(self, article: Article, *, country: str | None, store: bool,
                     check: bool) -> Analysis | Failure:
        doc_name = article.origin or article.id
        try:
            analysis = self.extract(article, country=country)
            if check:
                analysis.findings = self.findings(analysis, country=country)
            if store:
                self.store.save_analysis(analysis)
            return analysis
        except FrontlinesError as exc:
            failure = Failure(doc=doc_name, stage=exc.stage, code=exc.code, reason=str(exc))
        if store:
            self.store.record_failure(failure)
        return failure

    # ---------------------------------------------------------------- checks
    def findings(self, analysis: Analysis, *, country: str | None = None) -> list[Finding]:
        """Check an analysed article's claims against the record in the store."""
        from .checks import check_analysis

        options = self.options.replace(country=country) if country else self.options
        return check_analysis(analysis, self.store, self.gazetteer, options)

    def verdict(self, findings: Iterable[Finding]) -> Any:
        """An article's verdict from its findings (:class:`frontlines.trust.ArticleVerdict`:
        ``doubtful``, ``counts``, ``line()`` as "doubtful: 3 stale, 1 geography")."""
        from .trust import article_verdict

        return article_verdict(findings)

    def check(self, paths: Iterable[str | Path], *, published: date | None = None, country: str | None = None,
              store: bool = False) -> Iterator[Analysis | Failure]:
        """Analyse articles and check their claims (stored only when ``store``)."""
        yield from self.analyze(paths, published=published, country=country, store=store, check=True)

    # ---------------------------------------------------------------- queries
    def events(self, query: Any = None, **filters: Any) -> tuple[list[Event], str | None]:
        """Events in the store; ``filters`` are the fields of :class:`frontlines.store.EventQuery`."""
        from .store import EventQuery

        q = query if query is not None else EventQuery(**filters)
        return self.store.query_events(q)

    def event(self, event_id: str) -> Event | None:
        return self.store.get_event(event_id)

    def article(self, article_id: str) -> tuple[Article, list[Event], list[Finding]] | None:
        art = self.store.get_article(article_id)
        if art is None:
            return None
        return art, self.store.article_events(article_id), self.store.article_findings(article_id)

    def control(self, place: str | int, *, at: date | None = None) -> list[ControlPeriod]:
        """The control timeline of a place (name or GeoNames id), or the one period holding ``at``."""
        from . import control

        return control.timeline_for(self.store, place, at=at)

    def control_map(self, at: date, *, country: str | None = None) -> list[ControlPeriod]:
        """Every known place with its controller at ``at``."""
        from . import control

        return control.control_map(self.store, at, country=country)

    def areas(self, at: date, *, country: str | None = None, outline: str | Path | None = None,
              max_km: float | None = None) -> AreaMap:
        """Areas of control at ``at`` (:mod:`frontlines.areas`): ``outline`` is the GeoJSON file of
        country outlines (default ``options.resolved_areas_outline``), ``max_km`` the distance
        beyond which land stays unassigned (default ``options.areas_max_km``)."""
        from .areas import area_map

        return area_map(self.store, at, country=country,
                        outline=Path(outline) if outline else self.options.resolved_areas_outline,
                        max_km=self.options.areas_max_km if max_km is None else float(max_km))

    def areas_geojson(self, area_map: AreaMap) -> dict[str, Any]:
        """An :class:`AreaMap` as the GeoJSON FeatureCollection of ``GET /api/areas``."""
        from .areas import area_collection

        return area_collection(area_map)

    def write_areas_gpkg(self, area_map: AreaMap, path: str | Path) -> int:
        """Write an :class:`AreaMap` as a GeoPackage (layers ``areas`` and ``front``)."""
        from .areas.gpkg import write_gpkg

        return write_gpkg(area_map, path)

    # ---------------------------------------------------------------- reference imports + exports
    def import_reference(self, kind: str, paths: Iterable[str | Path]) -> Any:
        """Import ACLED or UCDP GED exports (kind "acled" or "ucdp") as reference events."""
        from .reference import import_files

        return import_files(kind, paths, self.store, self.options)

    def export(self, fmt: str, out: Any, query: Any = None) -> int:
        """Write events as ``csv`` (ACLED-style), ``geojson`` or ``jsonl`` to a text stream."""
        from .store.export import export_events

        events, _ = self.events(query) if query is not None else self.events(limit=None)
        return export_events(events, fmt, out)

    # ---------------------------------------------------------------- raw documents and feeds (for scale/)
    def iter_raw(self, paths: Iterable[str | Path]) -> Iterator[Any]:
        """Raw documents (``frontlines.ingest.RawDocument``: key, bytes, hints; cheap to pickle) or
        a Failure per unreadable one, streamed record by record (JSON Lines, WARC, directories)."""
        from .ingest import iter_raw

        yield from iter_raw(paths, self.options)

    def article_from_raw(self, raw: Any, *, published: date | None = None) -> Article:
        """Clean one RawDocument from :meth:`iter_raw` (raises InputError subclasses)."""
        from .ingest import BoilerplateRules, article_from_raw

        rules = self.__dict__.get("_boilerplate_rules")
        if rules is None:
            rules = self.__dict__["_boilerplate_rules"] = BoilerplateRules.load(self.options.lexicon_dir or None)
        return article_from_raw(raw, self.options, published, rules=rules)

    def parse_feed(self, data: bytes, origin: str) -> list[Any]:
        """Entries (``frontlines.ingest.FeedEntry``) of an RSS/Atom document; MalformedInput if not a feed."""
        from .ingest import parse_feed

        return parse_feed(data, origin)

    def http_validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) remembered in the store for ``url`` (conditional GETs of feeds)."""
        from sqlalchemy import select

        from .model import stable_id
        from .store import schema

        key = f"http:{stable_id(url, length=32)}"
        with self.store.engine.connect() as conn:
            value = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == key)).scalar()
        if not value:
            return None, None
        etag, _, modified = value.partition("\n")
        return etag or None, modified or None

    def remember_http_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Keep a feed's validators in the store (``meta`` table), for :meth:`http_validators`."""
        from sqlalchemy import delete, insert

        from .model import stable_id
        from .store import schema

        key = f"http:{stable_id(url, length=32)}"
        with self.store.engine.begin() as conn:
            conn.execute(delete(schema.meta).where(schema.meta.c.key == key))
            conn.execute(insert(schema.meta), [{"key": key, "value": f"{etag or ''}\n{last_modified or ''}"}])

    # ---------------------------------------------------------------- store helpers (queries, control GeoJSON)
    def event_query(self, **filters: Any) -> Any:
        """A :class:`frontlines.store.EventQuery` from keyword filters (type, faction, place, since,
        until, bbox, q, origin, country, limit, cursor), for :meth:`events` and :meth:`export`."""
        from .store import EventQuery

        return EventQuery(**filters)

    def control_geojson(self, periods: Iterable[ControlPeriod]) -> dict[str, Any]:
        """Control periods (from :meth:`control` or :meth:`control_map`) as a GeoJSON
        FeatureCollection of points with the controller, dates, confidence and sources."""
        from .store.export import control_feature_collection

        return control_feature_collection(periods)

    def controller_near(self, lat: float, lon: float, at: date, km: float = 5.0) -> ControlPeriod | None:
        """Who held the known place nearest to (lat, lon), within ``km``, on ``at``."""
        from . import control

        return control.controller_near(self.store, lat, lon, at, km)


def _load_gazetteer(options: Options) -> None:
    """Load (and so build and cache) the gazetteer; the target of :meth:`Frontlines.prepare_gazetteer_cache`."""
    from .geo.gazetteer import Gazetteer

    Gazetteer.load(options)
