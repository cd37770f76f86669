"""The events of one text through the real pipeline with the rules alone (the learned event filter
off: it has its own tests, test_event_filter.py), in Syria's theater; shared by the extraction
tests (``rules_runner``)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any


def rules_runner(nlp: Any, gazetteer: Any, lexicons: Any, data_dir: str,
                 published: date | None) -> Callable[..., list[Any]]:
    """A function ``run(text, published=<this default>)`` returning the text's events."""
    from frontlines.api import Frontlines
    from frontlines.model import Article, stable_id
    from frontlines.options import Options

    fl = Frontlines(Options(data_dir=data_dir, event_filter=False), nlp=nlp, gazetteer=gazetteer, lexicons=lexicons)
    default = published

    def run(text: str, published: date | None = default) -> list[Any]:
        art = Article(id=stable_id(text), text=text, published=published)
        return fl.extract(art, country="SY").events

    return run
