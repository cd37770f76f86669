"""The ``news`` suite: events in real, hand-annotated news articles (``../shared/eval/METRICS.md``).

Input: JSON Lines, one article per line (``id``, ``source``, ``published``, ``title``, ``text`` and
the gold ``events``). Each article runs through the normal pipeline with its text, title and
publication date and **no theater country**. Only the five annotated types are scored; the
pipeline's other types (support, threat, protest, yield) are neither right nor wrong.

Matching is per document, one-to-one and greedy in gold order: a system event matches a gold event
of the same type whose place matches (folded equality, or one containing the other as whole words;
the system side offers its mention's surface text and its resolved name). A gold event without a
place matches only a system event without one.
"""
from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..errors import FrontlinesError, MalformedInput, MissingFile
from .common import event_brief, prf, progress_start, progress_tick, ratio, report_error, sample

SCORED_TYPES = ("control_change", "advance", "clash", "attack", "control_claim")

#: the pipeline's faction ids -> the gold labels of GUIDELINES.md (by meaning; anything else OTHER)
FACTION_LABELS = {
    "sy_government": "SYR_GOV", "sy_progov_militias": "SYR_GOV",
    "sy_opposition": "SYR_OPP", "sy_ahrar_al_sham": "SYR_OPP", "sy_jaysh_al_islam": "SYR_OPP",
    "sy_hts": "HTS", "sy_hurras_al_din": "HTS",
    "sy_sna": "SNA", "sy_sdf": "SDF", "islamic_state": "IS",
    "russia": "RUS", "iran": "IRN", "turkey": "TUR", "united_states": "USA", "coalition": "COALITION",
    "israel": "ISR", "hezbollah": "HEZBOLLAH", "iraq": "IRQ", "iq_government": "IRQ", "iq_pmf": "PMF",
    "iq_peshmerga": "PESHMERGA", "peshmerga": "PESHMERGA", "civilians": "CIVILIANS",
}


def actor_label(actor: Any) -> str | None:
    """The gold label of a system actor (None when there is no actor or it is unknown)."""
    if actor is None or not getattr(actor, "faction", None) or actor.faction == "unknown":
        return None
    label = FACTION_LABELS.get(actor.faction)
    if label:
        return label
    return {"sy_government": "SYR_GOV", "iq_government": "IRQ"}.get(actor.faction, "OTHER")


def gold_label(value: Any) -> str | None:
    """A gold ``actor``/``target``: the label, with every ``OTHER: name`` as ``OTHER``."""
    if not value:
        return None
    value = str(value)
    return "OTHER" if value.upper().startswith("OTHER") else value


_ARTICLE = re.compile(r"^(?:al|el|the)\s+")


def fold_place(text: str | None) -> str:
    """Case, accents, apostrophes, hyphens and a leading article removed; words single-spaced."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = re.sub(r"[\u2018\u2019'`\u02bf\u02be\u02bc]", "", s)
    s = re.sub(r"[-\u2010-\u2015_/]", " ", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = " ".join(s.split())
    return _ARTICLE.sub("", s)


def places_match(gold: str | None, names: list[str]) -> bool:
    """Gold place vs the system's names for one mention (surface text, resolved name)."""
    g = fold_place(gold)
    if not g:
        return not any(fold_place(n) for n in names)
    for n in names:
        s = fold_place(n)
        if not s:
            continue
        if s == g or f" {g} " in f" {s} " or f" {s} " in f" {g} ":
            return True
    return False


def system_place_names(event: Any) -> list[str]:
    place = event.place
    if place is None:
        return []
    return [n for n in (place.text, place.name) if n]


def parse_gold_date(value: Any) -> tuple[date, date] | None:
    """A gold date as a closed range: a day, ``start/end``, a month ``YYYY-MM`` or a year ``YYYY``."""
    if not value:
        return None
    s = str(value).strip()
    try:
        if "/" in s:
            a, b = s.split("/", 1)
            ra, rb = parse_gold_date(a), parse_gold_date(b)
            return (ra[0], rb[1]) if ra and rb else None
        if re.fullmatch(r"\d{4}", s):
            return date(int(s), 1, 1), date(int(s), 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", s):
            y, m = int(s[:4]), int(s[5:7])
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            return date(y, m, 1), nxt - timedelta(days=1)
        d = date.fromisoformat(s[:10])
        return d, d
    except ValueError:
        return None


@dataclass
class _Doc:
    id: str
    source: str | None
    published: date | None
    title: str | None
    text: str
    events: list[dict[str, Any]]


def read_news(path: str | Path) -> list[_Doc]:
    p = Path(path)
    if not p.is_file():
        raise MissingFile("no such file", doc=str(p), fix="give the path of a news gold file (JSON Lines)")
    docs: list[_Doc] = []
    with open(p, encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                pub = row.get("published")
                docs.append(_Doc(id=str(row.get("id") or f"line{n}"), source=row.get("source"),
                                 published=date.fromisoformat(pub[:10]) if pub else None,
                                 title=row.get("title"), text=str(row["text"]),
                                 events=[e for e in row.get("events") or [] if e.get("type") in SCORED_TYPES]))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise MalformedInput(f"line {n}: not a news gold record ({exc})", doc=str(p),
                                     fix="each line is a JSON object with id, text and events") from exc
    return docs


def match_document(gold: list[dict[str, Any]], system: list[Any]) -> list[tuple[dict[str, Any], Any]]:
    """One-to-one greedy matching in gold order: (gold, system event) pairs."""
    free = list(system)
    pairs: list[tuple[dict[str, Any], Any]] = []
    for g in gold:
        for i, ev in enumerate(free):
            if ev.type == g["type"] and places_match(g.get("place"), system_place_names(ev)):
                pairs.append((g, ev))
                del free[i]
                break
    return pairs


def evaluate_news(fl: Any, paths: list[str | Path], limit: int | None = None, errors: Any = None,
                  progress: Any = None) -> dict[str, Any]:
    """Score the pipeline on hand-annotated news articles (see METRICS.md ``news`` for every key)."""
    docs: list[_Doc] = []
    for path in paths:
        docs.extend(sample(read_news(path), limit, key=Path(path).name))
    progress_start(progress, len(docs))
    _ = fl.pipeline  # start-up stays outside the timing
    t0 = time.perf_counter()
    cc = {"tp": 0, "fp": 0, "fn": 0}
    ev = {"tp": 0, "fp": 0, "fn": 0}
    gainer = [0, 0]
    actor = [0, 0]
    dates = [0, 0]
    silent = [0, 0]
    per_type: dict[str, dict[str, int]] = {t: {"tp": 0, "fp": 0, "fn": 0} for t in SCORED_TYPES}
    failures = 0
    for doc in docs:
        system: list[Any] = []
        try:
            article = fl.article_from_text(doc.text, published=doc.published, title=doc.title,
                                           origin=f"news:{doc.id}")
            system = [e for e in fl.extract(article).events if e.type in SCORED_TYPES]
        except FrontlinesError as exc:
            failures += 1
            report_error(errors, {"suite": "news", "kind": "failure", "id": doc.id, "got": str(exc)})
        pairs = match_document(doc.events, system)
        matched_sys = {id(s) for _, s in pairs}
        matched_gold = {id(g) for g, _ in pairs}
        for t in SCORED_TYPES:
            tp = sum(1 for g, _ in pairs if g["type"] == t)
            per_type[t]["tp"] += tp
            per_type[t]["fp"] += sum(1 for s in system if s.type == t) - tp
            per_type[t]["fn"] += sum(1 for g in doc.events if g["type"] == t) - tp
        ev["tp"] += len(pairs)
        ev["fp"] += len(system) - len(pairs)
        ev["fn"] += len(doc.events) - len(pairs)
        for g, s in pairs:
            glabel = gold_label(g.get("actor"))
            if glabel is not None:
                ok = actor_label(s.actor) == glabel
                actor[0] += ok
                actor[1] += 1
                if g["type"] == "control_change":
                    gainer[0] += ok
                    gainer[1] += 1
                if not ok:
                    report_error(errors, {"suite": "news", "kind": "actor", "id": doc.id, "type": g["type"],
                                          "expected": g.get("actor"), "got": actor_label(s.actor),
                                          "evidence": g.get("evidence"), "event": event_brief(s)})
            if g["type"] == "control_change":
                gd = parse_gold_date(g.get("date"))
                if gd is not None:
                    ok = s.date is not None and s.date.start <= gd[1] and gd[0] <= s.date.end
                    dates[0] += ok
                    dates[1] += 1
        cc_gold = sum(1 for g in doc.events if g["type"] == "control_change")
        cc_sys = sum(1 for s in system if s.type == "control_change")
        cc_tp = sum(1 for g, _ in pairs if g["type"] == "control_change")
        cc["tp"] += cc_tp
        cc["fp"] += cc_sys - cc_tp
        cc["fn"] += cc_gold - cc_tp
        if not doc.events:
            silent[0] += not system
            silent[1] += 1
        for g in doc.events:
            if id(g) not in matched_gold:
                report_error(errors, {"suite": "news", "kind": "missed", "id": doc.id, "type": g["type"],
                                      "expected": {k: g.get(k) for k in ("actor", "target", "place", "date")},
                                      "evidence": g.get("evidence")})
        for s in system:
            if id(s) not in matched_sys:
                report_error(errors, {"suite": "news", "kind": "spurious", "id": doc.id, "type": s.type,
                                      "event": event_brief(s),
                                      "place_text": s.place.text if s.place is not None else None})
        progress_tick(progress)
    elapsed = time.perf_counter() - t0
    cp, cr, cf = prf(cc["tp"], cc["fp"], cc["fn"])
    ep, er, ef = prf(ev["tp"], ev["fp"], ev["fn"])
    types: dict[str, dict[str, Any]] = {}
    for t, c in per_type.items():
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        types[t] = {"precision": p, "recall": r, "f1": f, "gold": c["tp"] + c["fn"], "system": c["tp"] + c["fp"]}
    return {
        "documents": len(docs),
        "control_change_precision": cp, "control_change_recall": cr, "control_change_f1": cf,
        "gainer_accuracy": ratio(*gainer),
        "event_precision": ep, "event_recall": er, "event_f1": ef,
        "actor_accuracy": ratio(*actor),
        "silent_accuracy": ratio(*silent),
        "control_change_date_accuracy": ratio(*dates),
        "docs_per_s": round(len(docs) / elapsed, 4) if elapsed > 0 and docs else None,
        # extra keys
        "gold_events": ev["tp"] + ev["fn"], "system_events": ev["tp"] + ev["fp"],
        "failures": failures, "per_type": types, "limit": limit,
    }
