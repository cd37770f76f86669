"""The REST API and the offline web map (FastAPI), reaching the rest only through
:class:`frontlines.api.Frontlines`.

    from frontlines.web import create_app
    app = create_app(fl)            # an ASGI app; `frontlines serve` runs it with uvicorn

Nothing is imported or built at import time: FastAPI is loaded by :func:`create_app`.
"""
from __future__ import annotations

from typing import Any

from .assets import assets_dir, default_assets_dir, missing_assets


def create_app(fl: Any, **kwargs: Any) -> Any:
    """Build the FastAPI application serving ``fl`` (see :func:`frontlines.web.app.create_app`)."""
    from .app import create_app as _create_app

    return _create_app(fl, **kwargs)


__all__ = ["assets_dir", "create_app", "default_assets_dir", "missing_assets"]
