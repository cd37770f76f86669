"""The ``gwn`` (GeoWebNews ``GWN.xml``) and ``geoxml`` (LGL-style XML) suites of
``../shared/eval/METRICS.md``: how well the pipeline finds and resolves place names, worldwide.

Each article is one document, run through the same pipeline a user runs (``fl.parse``), with no
theater country. Documents are built as ``model.Article(id=stable_id(text), text=text, ...)``
directly from the gold text, not through ingest cleaning: cleaning (encoding repair, boilerplate
removal, whitespace) may change character offsets, and the gold spans must stay aligned with the
text the pipeline sees. Gold fields other than the text are read only for scoring.

A document on which the pipeline fails is logged, written to ``errors`` and scored as having no
mentions (``failed_articles`` counts them). Figures: ``toponyms`` (gold toponyms with coordinates), ``geotag_precision/recall/f1`` (a system
mention matches a gold toponym when their spans overlap), ``acc_161km`` (over all gold toponyms,
the overlapping mention resolves within 161 km; unmatched = wrong), ``exact_geonameid`` and
``median_km`` (over matched, resolved toponyms).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable
from typing import Any

from ..errors import FrontlinesError, MalformedInput
from ..model import Article, stable_id
from .common import km, median, prf, progress_start, progress_tick, ratio, report_error, sample

log = logging.getLogger(__name__)

ACC_KM = 161.0


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float
    lon: float
    geonameid: int | None


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    title: str | None
    toponyms: tuple[GoldToponym, ...]


def _float(value: str | None) -> float | None:
    try:
        return None if value is None or not value.strip() else float(value)
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return None if value is None or not value.strip() else int(value.strip())
    except ValueError:
        return None


def _parse(path: Path) -> Any:
    from lxml import etree

    try:
        return etree.parse(str(path), etree.XMLParser(huge_tree=True, recover=False))
    except (OSError, etree.XMLSyntaxError) as exc:
        raise MalformedInput(f"cannot parse the XML: {exc}", doc=str(path),
                             fix="give a GeoWebNews (GWN.xml) or LGL-style geoxml file") from exc


def _gwn_toponym(tp: Any, text: str) -> GoldToponym | None:
    lat, lon = _float(tp.findtext("latitude")), _float(tp.findtext("longitude"))
    start, end = _int(tp.findtext("start")), _int(tp.findtext("end"))
    if lat is None or lon is None or start is None or end is None:
        return None  # gold toponyms without coordinates are ignored
    return GoldToponym(start, end, tp.findtext("extractedName") or text[start:end], lat, lon,
                       _int(tp.findtext("geonamesID")))


def _geoxml_toponym(tp: Any, text: str) -> GoldToponym | None:
    gaz = tp.find("gaztag")
    if gaz is None:
        return None
    lat, lon = _float(gaz.findtext("lat")), _float(gaz.findtext("lon"))
    start, end = _int(tp.findtext("start")), _int(tp.findtext("end"))
    if lat is None or lon is None or start is None or end is None:
        return None
    return GoldToponym(start, end, tp.findtext("phrase") or text[start:end], lat, lon,
                       _int(gaz.get("geonameid")))


def _read(path: str | Path, id_attr: str, toponym: Callable[[Any, str], GoldToponym | None]) -> list[GoldArticle]:
    path = Path(path)
    out = []
    for n, art in enumerate(_parse(path).iter("article")):
        text = art.findtext("text") or ""
        tops = tuple(t for t in (toponym(tp, text) for tp in art.iter("toponym")) if t is not None)
        out.append(GoldArticle(f"{path.name}:{art.get(id_attr, n)}", text, art.findtext("title"), tops))
    return out


def read_gwn(path: str | Path) -> list[GoldArticle]:
    """Articles of a GeoWebNews XML file (``<toponym><start><end><latitude><longitude>``)."""
    return _read(path, "file", _gwn_toponym)


def read_geoxml(path: str | Path) -> list[GoldArticle]:
    """Articles of an LGL-style XML file (``<toponym><start><end><phrase><gaztag geonameid><lat><lon>``)."""
    return _read(path, "docid", _geoxml_toponym)


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score_articles(fl: Any, articles: list[GoldArticle], errors: Any = None, progress: Any = None) -> dict[str, Any]:
    """Run the pipeline on every article and compute the figures (see module doc)."""
    progress_start(progress, len(articles))
    n_gold = tp_sys = n_sys = matched_gold = within = exact = failed = 0
    dists: list[float] = []
    for ga in articles:
        article = Article(id=stable_id(ga.text), text=ga.text, title=ga.title, origin=ga.id)
        try:
            mentions = list(fl.parse(article).places) if ga.text.strip() else []
        except FrontlinesError as exc:  # one bad document never stops the suite: it scores as no mentions
            log.warning("%s: %s", ga.id, exc)
            failed += 1
            mentions = []
            report_error(errors, {"id": ga.id, "text": ga.text[:200], "expected": len(ga.toponyms),
                                  "got": {"error": str(exc)}})
        n_sys += len(mentions)
        tp_sys += sum(1 for m in mentions if any(_overlaps(m.start, m.end, g.start, g.end) for g in ga.toponyms))
        for g in ga.toponyms:
            n_gold += 1
            over = [m for m in mentions if _overlaps(m.start, m.end, g.start, g.end)]
            if over:
                matched_gold += 1
            resolved = [m for m in over if m.place is not None and m.place.lat is not None]
            got = None
            if resolved:
                m = max(resolved, key=lambda m: min(m.end, g.end) - max(m.start, g.start))
                d = km(g.lat, g.lon, m.place.lat, m.place.lon)
                dists.append(d)
                got = {"text": m.text, "start": m.start, "end": m.end, "name": m.place.name,
                       "geonameid": m.place.geonameid, "lat": m.place.lat, "lon": m.place.lon,
                       "country": m.place.country, "feature": m.place.feature, "km": round(d, 1)}
                if d <= ACC_KM:
                    within += 1
                if g.geonameid is not None and m.place.geonameid == g.geonameid:
                    exact += 1
                if d <= ACC_KM:
                    continue
            report_error(errors, {"id": ga.id, "text": ga.text[max(0, g.start - 80):g.end + 80],
                                  "expected": {"phrase": g.phrase, "start": g.start, "end": g.end, "lat": g.lat,
                                               "lon": g.lon, "geonameid": g.geonameid},
                                  "got": got if got else ({"text": over[0].text, "unresolved": True} if over else None)})
        progress_tick(progress)
    p, _, _ = prf(tp_sys, n_sys - tp_sys, 0)
    r = ratio(matched_gold, n_gold)
    f = None if p is None or r is None else (0.0 if p + r == 0 else round(2 * p * r / (p + r), 4))
    return {
        "articles": len(articles), "failed_articles": failed, "toponyms": n_gold, "system_mentions": n_sys,
        "geotag_precision": p, "geotag_recall": r, "geotag_f1": f,
        "acc_161km": ratio(within, n_gold), "exact_geonameid": ratio(exact, n_gold),
        "median_km": median(dists),
    }


def evaluate_gwn(fl: Any, paths: list[str | Path], limit: int | None = None, errors: Any = None,
                 progress: Any = None) -> dict[str, Any]:
    """The ``gwn`` suite over GeoWebNews XML files (``limit``: a seeded sample of articles per file)."""
    articles = [a for p in paths for a in sample(read_gwn(p), limit, key=Path(p).name)]
    return score_articles(fl, articles, errors, progress)


def evaluate_geoxml(fl: Any, paths: list[str | Path], limit: int | None = None, errors: Any = None,
                    progress: Any = None) -> dict[str, Any]:
    """The ``geoxml`` suite over LGL-style XML files (``limit``: a seeded sample of articles per file)."""
    articles = [a for p in paths for a in sample(read_geoxml(p), limit, key=Path(p).name)]
    return score_articles(fl, articles, errors, progress)
