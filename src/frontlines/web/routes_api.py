"""The REST API under ``/api``: events, control of places, articles, and analysis of new ones.

Every payload is built from :func:`frontlines.model.to_dict`, so an event here has exactly the
shape of ``frontlines analyze --format json``. The routes reach the rest only through the
:class:`~frontlines.api.Frontlines` session held by :class:`~.app.WebService`.
"""
from __future__ import annotations

import hmac
import json
import logging
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import ApiError, ConfigError, Forbidden, FrontlinesError, NotFound, Unauthorized
from ..model import Failure, analysis_dict, article_dict, to_dict
from .app import WebService, _version
from .geojson import control_feature, period_dict

log = logging.getLogger(__name__)

MAX_LIMIT = 1000
INVALID_CURSOR = "E302"  # the store's code for a cursor it cannot decode


class ErrorDetail(BaseModel):
    code: str = Field(description="frontlines error code (E301, E105, ...) or an HTTP-ish word")
    message: str


class ErrorOut(BaseModel):
    """The one error shape of the API."""
    error: ErrorDetail


class ArticleIn(BaseModel):
    """An article to analyse: exactly one of ``text`` (plain text) or ``html`` (a saved page)."""
    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="plain text of the article")
    html: str | None = Field(None, description="HTML of a saved article page")
    published: date | None = Field(None, description="publication date (YYYY-MM-DD); wins over the page's")
    country: str | None = Field(None, pattern="^[A-Za-z]{2}$", description="theater country, ISO alpha-2")
    url: str | None = Field(None, max_length=2048)
    title: str | None = Field(None, max_length=1000)

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if bool(self.text and self.text.strip()) == bool(self.html and self.html.strip()):
            raise ValueError("give exactly one non-empty field of 'text' or 'html'")
        return self


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"model": ErrorOut} for s in statuses}


def _invalid(message: str, fix: str, code: str = "invalid_request") -> ApiError:
    """A 422 for a parameter the type checks let through but the API cannot use."""
    err = ApiError(message, code=code, fix=fix)
    err.status = 422
    return err


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    parts = value.split(",")
    try:
        nums = tuple(float(p) for p in parts)
    except ValueError:
        nums = ()
    if len(nums) != 4:
        raise _invalid(f"bbox must be four numbers minLon,minLat,maxLon,maxLat, got {value!r}",
                       fix="e.g. bbox=35.5,32.3,42.4,37.4")
    min_lon, min_lat, max_lon, max_lat = nums
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise _invalid(f"bbox {value!r} is not minLon<=maxLon in -180..180 and minLat<=maxLat in -90..90",
                       fix="order the corners as minLon,minLat,maxLon,maxLat")
    return nums  # type: ignore[return-value]


def build_router(svc: WebService) -> APIRouter:
    router = APIRouter(prefix="/api")
    fl = svc.fl
    bearer = HTTPBearer(auto_error=False, description="the server's write token (frontlines serve --token)")

    def require_writer(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if not svc.token:
            raise Forbidden("writing through the API is disabled: this server has no write token",
                            fix="start the server with `frontlines serve --token TOKEN` (or set api_token)")
        if creds is None:
            raise Unauthorized("this endpoint needs the header 'Authorization: Bearer <token>'",
                               fix="send the server's write token as a Bearer token")
        if not hmac.compare_digest(creds.credentials.encode("utf-8"), svc.token.encode("utf-8")):
            raise Forbidden("the write token is not valid", fix="use the token the server was started with")

    @router.get("/health", summary="Liveness and capabilities")
    def health() -> dict[str, Any]:
        """``status`` ok, the version, whether writing is enabled (a token is configured) and
        whether the map's third-party assets are installed."""
        from .assets import missing_assets

        return {"status": "ok", "version": _version(), "writable": svc.writable,
                "assets": not missing_assets(svc.assets)}

    @router.get("/events", summary="Query events", responses=_errors(400, 422))
    def events(
        type: Annotated[str | None, Query(description="event type, e.g. control_change")] = None,
        faction: Annotated[str | None, Query(description="faction id of the actor or the target")] = None,
        place: Annotated[str | None, Query(description="place name (substring) or GeoNames id")] = None,
        since: Annotated[date | None, Query(description="events whose date range ends on/after (YYYY-MM-DD)")] = None,
        until: Annotated[date | None, Query(description="events whose date range starts on/before")] = None,
        bbox: Annotated[str | None, Query(description="minLon,minLat,maxLon,maxLat")] = None,
        q: Annotated[str | None, Query(description="text in the evidence, actor or place names")] = None,
        origin: Annotated[str | None, Query(description="article | acled | ucdp | reference")] = None,
        country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$", description="ISO alpha-2")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")] = 100,
        cursor: Annotated[str | None, Query(description="the 'next' value of the previous page")] = None,
    ) -> dict[str, Any]:
        """Events in date order, a page at a time: ``{"events": [...], "next": cursor or null}``.
        Each event has the shape of ``frontlines analyze --format json`` plus its sources."""
        filters = dict(type=type, faction=faction, place=place, since=since, until=until, bbox=_bbox(bbox),
                       q=q, origin=origin, country=country.upper() if country else None,
                       limit=limit, cursor=cursor)
        if since and until and since > until:
            raise _invalid(f"since {since} is after until {until}", fix="swap the dates")
        try:
            with svc.lock:
                found, nxt = fl.events(**filters)
        except FrontlinesError as exc:
            if exc.code == INVALID_CURSOR:
                raise _invalid(exc.message, fix=exc.fix or "", code=INVALID_CURSOR) from None
            raise
        return {"events": [to_dict(e) for e in found], "next": nxt}

    @router.get("/events/{event_id}", summary="One event with its sources and findings",
                responses=_errors(404))
    def event(event_id: Annotated[str, Path(max_length=128)]) -> dict[str, Any]:
        """The event (every source article or record and its evidence sentence in ``sources``),
        the source articles (without text) in ``articles`` and the claim findings about it."""
        with svc.lock:
            found = fl.event(event_id)
            if found is None:
                raise NotFound(f"no event with id {event_id!r}", fix="take ids from GET /api/events")
            articles, findings = [], []
            for ref in found.sources:
                if ref.origin != "article":
                    continue
                got = fl.article(ref.ref_id)
                if got is None:
                    continue
                art, _events, art_findings = got
                articles.append(article_dict(art, with_text=False))
                spans = {(s.evidence.start, s.evidence.end) for s in found.sources
                         if s.ref_id == art.id and s.evidence is not None}
                findings += [f for f in art_findings
                             if f.event_id == found.id or (f.claim.start, f.claim.end) in spans]
        return {**to_dict(found), "articles": articles, "findings": [to_dict(f) for f in findings]}

    @router.get("/control", summary="Who controls which place at a date (GeoJSON)", responses=_errors(422))
    def control(
        at: Annotated[date | None, Query(description="the date (YYYY-MM-DD); default today")] = None,
        country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$", description="ISO alpha-2")] = None,
    ) -> dict[str, Any]:
        """A GeoJSON FeatureCollection: one Point per known place, with its controller at ``at``
        (faction, government flag), since when, confidence, the sources behind it, ``status``
        (confirmed / reported / disputed), ``outlets`` (its independent sources) and ``claims``
        (competing claims for the same time, each with controller, status and sources)."""
        day = at or date.today()
        with svc.lock:
            periods = fl.control_map(day, country=country.upper() if country else None)
        features = [f for f in (control_feature(p) for p in periods) if f is not None]
        return {"type": "FeatureCollection", "at": day.isoformat(), "features": features}

    @router.get("/areas", summary="Areas of control and the front line at a date (GeoJSON)",
                responses={**_errors(404, 422, 503), 200: {"content": {"application/geo+json": {}}}})
    def areas(
        at: Annotated[date | None, Query(description="the date (YYYY-MM-DD); default today")] = None,
        country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$", description="ISO alpha-2")] = None,
    ) -> Response:
        """A GeoJSON FeatureCollection: one Polygon/MultiPolygon per holder and status (the
        Voronoi cells of the places of known controller at ``at``, cut to ``areas_max_km`` around
        each place and to the country outline; see docs/areas.md), properties ``faction``,
        ``name``, ``government``, ``status`` (confirmed, reported, disputed), ``places`` (count),
        ``place_names``, ``country``, ``km2``; the front line (borders between different holders)
        as the Feature in the foreign member ``front``; ``coverage`` gives the land and assigned km2.
        Cached per date and record version."""
        day = at or date.today()
        try:
            with svc.lock:
                found = fl.areas(day, country=country.upper() if country else None, outline=svc.outline)
        except ConfigError as exc:  # no outline file on this server
            exc.status = 503
            raise
        body = json.dumps(fl.areas_geojson(found), separators=(",", ":"), ensure_ascii=False)
        return Response(body, media_type="application/geo+json")

    @router.get("/places/{geonameid}/control", summary="The control timeline of a place", responses=_errors(404))
    def place_control(geonameid: Annotated[int, Path(ge=1)]) -> dict[str, Any]:
        """Every period of control of the place, oldest first, each with the events and sources
        behind it."""
        with svc.lock:
            periods = fl.control(geonameid)
        if not periods:
            raise NotFound(f"no control record for GeoNames id {geonameid}",
                           fix="take ids from GET /api/control or from events' place.geonameid")
        return {"geonameid": geonameid, "place": to_dict(periods[0].place),
                "periods": [period_dict(p) for p in periods]}

    @router.get("/articles/{article_id}", summary="One article with its events and findings",
                responses=_errors(404))
    def article(article_id: Annotated[str, Path(max_length=128)]) -> dict[str, Any]:
        with svc.lock:
            got = fl.article(article_id)
        if got is None:
            raise NotFound(f"no article with id {article_id!r}", fix="take ids from events' sources")
        art, evs, findings = got
        return {"article": article_dict(art), "events": [to_dict(e) for e in evs],
                "findings": [to_dict(f) for f in findings]}

    @router.post("/articles", status_code=201, summary="Analyse, check and store an article",
                 dependencies=[Depends(require_writer)], responses=_errors(401, 403, 413, 422))
    def post_article(body: ArticleIn) -> dict[str, Any]:
        """Needs ``Authorization: Bearer <token>`` (the server's write token). Returns the result
        as ``frontlines check --format json``: ``{"article", "events", "findings"}``."""
        fmt = "html" if body.html else "text"
        with svc.lock:
            art = fl.article_from_text(body.html if fmt == "html" else body.text or "", published=body.published,
                                       title=body.title, url=body.url, origin="api", fmt=fmt)
            result = fl.analyze_article(art, country=body.country.upper() if body.country else None,
                                        store=True, check=True)
        if isinstance(result, Failure):
            reason = result.reason.removeprefix(f"{result.code} ")
            raise _invalid(reason, fix="", code=result.code)
        log.info("POST /api/articles stored %s with %d events", result.article.id, len(result.events))
        return analysis_dict(result, with_findings=True)

    return router
