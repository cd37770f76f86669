"""A learned check on each extracted event: would a careful reader sign it off?

The rules find events; this stage scores each one with a small logistic model over features of
the event and its sentence (who, where, how the sentence speaks, how sure the rules were) and
drops those the model finds unlikely. The model is a committed JSON file,
``extract/data/event_filter.json``, written by ``scripts/train_event_filter.py`` from the
hand-annotated news file, with its cross-validated (held-out document folds) figures recorded in
the file itself and in ``docs/quality.md``. Only the five annotated event types are scored; other
types (support, threat, protest, yield) pass unchanged.

Features are plain numbers named in the file; a name the code does not compute is an error
(:class:`~frontlines.errors.ConfigError`), so a model and its code cannot drift apart silently.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from ..model import Article, Event
from .doc import Doc

SCORED = ("control_change", "advance", "clash", "attack", "control_claim")
MODEL_PATH = Path(__file__).parent / "data" / "event_filter.json"

_QUOTE = re.compile(r"[\"“”«»]")
_SAY = re.compile(r"\b(?:said|says|told|according to|reported|reports|claimed|stated|announced)\b", re.I)
_BLAME = re.compile(r"\b(?:condemn\w*|den(?:y|ied|ies)|accus\w*|alleg\w*|blam\w*|deplor\w*)\b", re.I)
_MODAL = re.compile(r"\b(?:will|would|could|may|might|should|must|plan\w*|aim\w*|seek\w*|intend\w*)\b", re.I)
_NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:dozens|hundreds|thousands|scores)\b", re.I)
_KILL = re.compile(r"\b(?:kill\w*|dead|died|wounded|injur\w*|casualt\w*)\b", re.I)
_LOOSE = re.compile(r"\b(?:areas?|territor\w*|parts?|swathes?|positions?|several|some|a number of|villages)\b", re.I)


#: every feature name :func:`features` can give (a model naming another is refused)
FEATURE_NAMES = frozenset(
    [f"type:{t}" for t in SCORED]
    + [f"actor:{a}" for a in ("none", "unknown", "government", "other")]
    + [f"place:{p}" for p in ("none", "unresolved", "country", "precision1", "precision2", "precision3", "abroad",
                              "outside_sentence")]
    + [f"sentence:{s}" for s in ("log_words", "quote", "said", "blame", "modal", "number", "kill", "loose_ground",
                                 "events")]
    + ["target", "doc:position", "doc:lead", "doc:log_chars", "doc:repeat", "date:background", "date:none",
       "confidence"])


def _place_key(e: Event) -> str:
    p = e.place
    if p is None:
        return ""
    return str(p.geonameid) if p.geonameid is not None else p.text.lower()


def features(e: Event, events: Sequence[Event], article: Article, country: str | None) -> dict[str, float]:
    """The named features of one event among the document's events (all numbers)."""
    f: dict[str, float] = {f"type:{e.type}": 1.0}
    a = e.actor
    if a is None:
        f["actor:none"] = 1.0
    elif a.faction in ("unknown", "unidentified"):
        f["actor:unknown"] = 1.0
    elif a.government:
        f["actor:government"] = 1.0
    else:
        f["actor:other"] = 1.0
    f["target"] = float(e.target is not None)
    p = e.place
    if p is None:
        f["place:none"] = 1.0
    elif p.feature == "unresolved":
        f["place:unresolved"] = 1.0
    elif p.feature == "country":
        f["place:country"] = 1.0
    else:
        f[f"place:precision{min(p.precision, 3)}"] = 1.0
        if country and p.country and p.country != country:
            f["place:abroad"] = 1.0
    ev = e.evidence
    s = ev.sentence if ev is not None else ""
    if p is not None and p.text and p.text not in s:
        f["place:outside_sentence"] = 1.0
    words = len(s.split())
    f["sentence:log_words"] = math.log1p(words)
    f["sentence:quote"] = float(bool(_QUOTE.search(s)))
    f["sentence:said"] = float(bool(_SAY.search(s)))
    f["sentence:blame"] = float(bool(_BLAME.search(s)))
    f["sentence:modal"] = float(bool(_MODAL.search(s)))
    f["sentence:number"] = float(bool(_NUMBER.search(s)))
    f["sentence:kill"] = float(bool(_KILL.search(s)))
    f["sentence:loose_ground"] = float(bool(_LOOSE.search(s)))
    n = max(len(article.text), 1)
    pos = (ev.start / n) if ev is not None else 0.5
    f["doc:position"] = pos
    f["doc:lead"] = float(ev is not None and ev.start < 400)
    f["doc:log_chars"] = math.log1p(len(article.text)) / 10.0
    same_sentence = sum(1 for o in events if o.evidence is not None and ev is not None and o.evidence.start == ev.start)
    f["sentence:events"] = math.log1p(max(same_sentence - 1, 0))
    key = (e.type, _place_key(e))
    f["doc:repeat"] = float(any(o is not e and (o.type, _place_key(o)) == key and o.evidence is not None
                                and ev is not None and o.evidence.start < ev.start for o in events))
    if e.date is not None and article.published is not None:
        age = (article.published - e.date.end).days
        f["date:background"] = float(age > 62)
    else:
        f["date:none"] = float(e.date is None)
    f["confidence"] = e.confidence
    return f


@dataclass(frozen=True)
class EventFilter:
    """A logistic model: ``score(x) = sigmoid(bias + sum(w[name] * x[name]))``; events scoring below
    ``threshold`` are dropped. A text shorter than ``min_chars`` (the shortest article the model was
    trained on) is outside what the model knows (a coder's one-line note, a single sentence): its
    events pass unscored."""

    weights: dict[str, float]
    bias: float
    threshold: float
    min_chars: int = 0
    type_thresholds: dict[str, float] = field(default_factory=dict)  # a type's own ("control_change")

    def score(self, x: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in x.items())
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def keep(self, events: list[Event], article: Article, country: str | None) -> list[Event]:
        if len(article.text) < self.min_chars:
            return events
        scored = [e for e in events if e.type in SCORED]
        drop = {id(e) for e in scored
                if self.score(features(e, scored, article, country)) < self.type_thresholds.get(e.type, self.threshold)}
        return [e for e in events if id(e) not in drop]


def load_filter(path: str | Path = MODEL_PATH) -> EventFilter:
    """Read a model file (see ``scripts/train_event_filter.py``)."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        model = EventFilter(weights, float(data["bias"]), float(data["threshold"]), int(data.get("min_chars", 0)),
                            {str(k): float(v) for k, v in data.get("type_thresholds", {}).items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"event filter model unreadable: {exc}", doc=str(p),
                          fix="re-create it with scripts/train_event_filter.py") from exc
    unknown = sorted(set(weights) - FEATURE_NAMES)
    if unknown:
        raise ConfigError(f"event filter model names features the code does not compute: {', '.join(unknown)}",
                          doc=str(p), fix="re-create it with scripts/train_event_filter.py")
    return model


def make_event_filter_stage(model: EventFilter | None) -> Callable[[Doc], Doc]:
    """The stage: drop the events the model scores below its threshold (no model: no change)."""
    def stage(doc: Doc) -> Doc:
        if model is not None and doc.events:
            doc.events = model.keep(doc.events, doc.article, doc.country)
        return doc

    return stage
