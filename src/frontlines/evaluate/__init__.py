"""The evaluation suites of ``../shared/eval/METRICS.md``: ``acled``, ``gwn``, ``geoxml``, ``plover``, ``news``.

Every suite runs the same pipeline a user runs, through the public :class:`frontlines.api.Frontlines`
methods only, and returns a dict of figures (fractions 0..1 rounded to 4 places; ``None`` where a
denominator is zero). Reach them through :func:`run_suite` (`frontlines eval` calls it).
Common arguments: ``limit`` (a fixed, seeded sample of that many records per file), ``errors``
(where misses go, see :mod:`frontlines.evaluate.common`), ``progress`` (a tqdm-like object).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ConfigError

SUITES = ("acled", "gwn", "geoxml", "plover", "news")


def run_suite(fl: Any, suite: str, paths: list[str | Path], **kw: Any) -> dict[str, Any]:
    """Run one suite by name; ``kw`` are the suite's keyword arguments (``country`` is used by
    ``acled`` only and ignored by the others: they must work worldwide with no theater given)."""
    country = kw.pop("country", None)
    if suite == "acled":
        from .acled import evaluate_acled

        return evaluate_acled(fl, list(paths), country=country or "SY", **kw)
    kw.pop("replay", None)
    if suite == "plover":
        from .plover import evaluate_plover

        return evaluate_plover(fl, list(paths), **kw)
    if suite == "news":
        from .news import evaluate_news

        return evaluate_news(fl, list(paths), **kw)
    if suite == "gwn":
        from .geoparsing import evaluate_gwn

        return evaluate_gwn(fl, list(paths), **kw)
    if suite == "geoxml":
        from .geoparsing import evaluate_geoxml

        return evaluate_geoxml(fl, list(paths), **kw)
    raise ConfigError(f"unknown evaluation suite {suite!r}", fix=f"choose one of {', '.join(SUITES)}")
