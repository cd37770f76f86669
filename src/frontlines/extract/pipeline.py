"""The stage loop: one small ``__call__`` over named steps, each a function from Doc to Doc.

Stages are built by factories that receive their resources (spaCy model, gazetteer, lexicons,
options) explicitly, so tests can inject small real ones. A stage that raises is reported as an
:class:`~frontlines.errors.ExtractionError` naming the stage and the document.

A document longer than ``window`` characters runs through the stages window by window (see
:mod:`frontlines.extract.windows`): the returned Doc then holds the mentions and events of every
window at offsets into the whole text, their sentences, and no spaCy ``Doc`` (``spacy`` is None).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from ..errors import ExtractionError, FrontlinesError
from ..model import Article, Event
from .doc import Doc
from .windows import WINDOW_CHARS, shift_into, windows

log = logging.getLogger(__name__)

Stage = Callable[[Doc], Doc]
Merge = Callable[[list[Event]], list[Event]]


class Pipeline:
    def __init__(self, stages: Sequence[tuple[str, Stage]], *, window: int = WINDOW_CHARS,
                 merge: Merge | None = None) -> None:
        self.stages = list(stages)
        self.window = window
        self.merge = merge  # joins the events of the windows of a long document (None: concatenated)

    def __call__(self, article: Article, country: str | None = None) -> Doc:
        parts = windows(article.text, self.window)
        if len(parts) == 1:
            return self._run(article, country)
        log.info("%s: %d characters, analysed in %d windows", article.origin or article.id,
                 len(article.text), len(parts))
        whole = Doc(article=article, country=(country or None))
        for window in parts:  # one window's spaCy Doc at a time
            shift_into(whole, self._run(window.article(article), country), window)
        if self.merge is not None:
            whole.events = self.merge(whole.events)
        return whole

    def _run(self, article: Article, country: str | None) -> Doc:
        doc = Doc(article=article, country=(country or None))
        for name, stage in self.stages:
            t0 = time.perf_counter()
            try:
                doc = stage(doc)
            except FrontlinesError:
                raise
            except Exception as exc:  # a bug or a resource failure inside one stage
                log.debug("stage %s failed on %s", name, article.origin or article.id, exc_info=True)
                raise ExtractionError(f"stage '{name}' failed: {type(exc).__name__}: {exc}",
                                      doc=article.origin or article.id,
                                      fix="report this document; the other documents are unaffected") from exc
            doc.timings[name] = doc.timings.get(name, 0.0) + time.perf_counter() - t0
        return doc
