"""The stage loop: one small ``__call__`` over named steps, each a function from Doc to Doc.

Stages are built by factories that receive their resources (spaCy model, gazetteer, lexicons,
options) explicitly, so tests can inject small real ones. A stage that raises is reported as an
:class:`~frontlines.errors.ExtractionError` naming the stage and the document.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from ..errors import ExtractionError, FrontlinesError
from ..model import Article
from .doc import Doc

log = logging.getLogger(__name__)

Stage = Callable[[Doc], Doc]


class Pipeline:
    def __init__(self, stages: Sequence[tuple[str, Stage]]) -> None:
        self.stages = list(stages)

    def __call__(self, article: Article, country: str | None = None) -> Doc:
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
