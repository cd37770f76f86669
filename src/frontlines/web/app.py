"""The FastAPI application: the REST API under ``/api``, the map page at ``/``, API docs at
``/docs`` (Swagger UI 5, installed at set-up with the other assets, so it works offline) and the
raw OpenAPI document at ``/openapi.json`` (always available, assets or not).

Static files:
``/static/...``  the page's own code (``web/static``: index.html, render.js, app.js, style.css,
                 docs.js)
``/assets/...``  third-party assets installed at set-up (Leaflet, Swagger UI, basemap; see
                 :mod:`.assets` and scripts/setup_assets.sh)
"""
from __future__ import annotations

import logging
import threading
from importlib import metadata
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import FrontlinesError
from .assets import assets_dir, missing_assets
from .errors import BodyLimitMiddleware, SecurityHeadersMiddleware, install_error_handlers

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
SWAGGER_JS = "swagger-ui/swagger-ui-bundle.js"

DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>frontlines API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/assets/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script></body></html>
"""

DOCS_MISSING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>frontlines API</title></head>
<body><h1>frontlines API</h1><p>The interactive documentation needs Swagger UI, which
<code>scripts/setup_assets.sh</code> installs. The OpenAPI document is always at
<a href="/openapi.json">/openapi.json</a>.</p></body></html>
"""


class AssetFiles(StaticFiles):
    """Static files from the set-up assets directory, which may not exist (yet): then every
    request is a 404 in the API's error shape naming the fix, not a server error."""

    async def check_config(self) -> None:
        return None

    async def get_response(self, path: str, scope: Any) -> Any:
        if not Path(str(self.directory)).is_dir():
            raise StarletteHTTPException(404, detail="web assets are not installed on this server: "
                                                     "run scripts/setup_assets.sh")
        return await super().get_response(path, scope)


class WebService:
    """What the routes share: the Frontlines session, the write token, the limits, and one lock
    that serialises calls into the session (the spaCy pipeline and the store connection are
    used by one request at a time; FastAPI runs the routes in a thread pool)."""

    def __init__(self, fl: Any, *, token: str, max_body: int, assets: Path) -> None:
        self.fl = fl
        self.token = token
        self.max_body = max_body
        self.assets = assets
        #: country outlines for /api/areas: the setting areas_outline, else this server's basemap
        self.outline = (fl.options.resolved_areas_outline if fl.options.areas_outline
                        else assets / "basemap" / "countries.geojson")
        self.lock = threading.RLock()

    @property
    def writable(self) -> bool:
        return bool(self.token)


def _version() -> str:
    try:
        return metadata.version("frontlines")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


def create_app(fl: Any, *, token: str | None = None, max_body: int | None = None,
               assets: str | Path | None = None) -> FastAPI:
    """The ASGI application serving ``fl`` (a :class:`frontlines.api.Frontlines`).

    ``token`` (default ``fl.options.api_token``) enables ``POST /api/articles`` for requests
    carrying ``Authorization: Bearer <token>``; ``max_body`` (default ``fl.options.api_max_body``)
    is the largest request body in bytes; ``assets`` (default :func:`~.assets.assets_dir`) the
    directory of Leaflet and the basemap."""
    from .routes_api import build_router

    options = fl.options
    svc = WebService(
        fl,
        token=options.api_token if token is None else token,
        max_body=options.api_max_body if max_body is None else int(max_body),
        assets=Path(assets) if assets is not None else assets_dir(options),
    )
    if svc.max_body < 1:
        raise FrontlinesError(f"api_max_body must be positive, got {svc.max_body}", code="E500",
                              fix="set api_max_body to a number of bytes, e.g. 2000000")
    missing = missing_assets(svc.assets)
    if missing:
        log.warning("web assets missing in %s (%s): the map page cannot load them; run "
                    "scripts/setup_assets.sh", svc.assets, ", ".join(missing))

    app = FastAPI(
        title="frontlines",
        version=_version(),
        description="Sourced, geo-located, dated records of armed conflict from the news: events, "
                    "control of places over time, and claim checks. Every error has the shape "
                    '`{"error": {"code": ..., "message": ...}}`.',
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.service = svc
    install_error_handlers(app)
    app.include_router(build_router(svc))
    _add_pages(app, svc)
    # outermost first: security headers on everything, then the body limit before any parsing
    app.add_middleware(BodyLimitMiddleware, max_body=svc.max_body)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def _add_pages(app: FastAPI, svc: WebService) -> None:

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        installed = (svc.assets / SWAGGER_JS).is_file()
        return HTMLResponse(DOCS_PAGE if installed else DOCS_MISSING)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/assets", AssetFiles(directory=svc.assets, check_dir=False), name="assets")
