"""Where the web page's third-party assets live, and whether they are installed.

The assets (Leaflet and Swagger UI from the npm registry, a Natural Earth country outline) are installed at
set-up time by ``scripts/setup_assets.sh`` and never committed. Their directory is the setting
``web_assets_dir`` or, by default, ``<python environment>/share/frontlines-web`` (for the
project's virtualenv: ``<repo>/.venv/share/frontlines-web``), so they belong to the environment
that runs frontlines.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..options import Options

#: leaflet version the page is written for (scripts/setup_assets.sh installs exactly this one)
LEAFLET_VERSION = "1.9.4"
#: files the page needs, relative to the assets directory
REQUIRED = ("leaflet/leaflet.js", "leaflet/leaflet.css", "basemap/countries.geojson",
            "swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css")


def default_assets_dir() -> Path:
    """``<sys.prefix>/share/frontlines-web``: inside the virtualenv that runs frontlines."""
    return Path(sys.prefix) / "share" / "frontlines-web"


def assets_dir(options: Options) -> Path:
    """The assets directory in force: ``options.web_assets_dir`` or the default."""
    return options.resolved_web_assets_dir


def missing_assets(directory: Path) -> list[str]:
    """The required asset files absent from ``directory`` (empty when all are installed)."""
    return [rel for rel in REQUIRED if not (directory / rel).is_file()]

