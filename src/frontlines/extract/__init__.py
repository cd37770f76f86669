"""Extraction: from a cleaned Article to events, through Doc -> Doc stages.

Stage order: parse -> places -> actors -> dates -> events -> confidence filter -> learned event
filter.
"""
from __future__ import annotations

from typing import Any

from ..options import Options
from .doc import Doc
from .pipeline import Pipeline


def _confidence_filter(options: Options):
    def stage(doc: Doc) -> Doc:
        doc.events = [e for e in doc.events if e.confidence >= options.min_confidence]
        return doc

    return stage


def build_pipeline(options: Options, *, nlp: Any, gazetteer: Any, lexicons: Any) -> Pipeline:
    """The extraction pipeline with its resources injected (no global state)."""
    from .actors import make_actors_stage
    from .dates import make_dates_stage
    from .events import make_events_stage, merge_events
    from .events_score import MODEL_PATH, load_filter, make_event_filter_stage
    from .parse import make_parse_stage
    from .places import make_places_stage

    return Pipeline([
        ("parse", make_parse_stage(nlp, lexicons, options)),
        ("places", make_places_stage(gazetteer, options, lexicons=lexicons)),
        ("actors", make_actors_stage(lexicons, getattr(gazetteer, "country_name", None))),
        ("dates", make_dates_stage(options)),
        ("events", make_events_stage(lexicons, options)),
        ("confidence", _confidence_filter(options)),
        ("event_filter", make_event_filter_stage(load_filter(MODEL_PATH) if options.event_filter else None)),
    ], merge=merge_events)


__all__ = ["build_pipeline", "Doc", "Pipeline"]
