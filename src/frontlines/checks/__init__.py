"""Claim checks: an analysed article's statements against the record in the store.

    findings = check_analysis(analysis, store, gazetteer, options)

Finding kinds (see :class:`frontlines.model.Finding`):
- ``stale`` / ``contradicted`` / ``corroborated`` / ``unverified`` (:mod:`.record`): control
  changes and control claims against the store's control events (reference records, imports and
  other articles; never the checked article's own reports);
- ``geography`` (:mod:`.geography`): routes, distances, "near" and regions against coordinates;
- ``count`` (:mod:`.counts`): ordinals and totals against the captures the article names.
Verdict words: stale, contradicted, corroborated, unverified, consistent, inconsistent. Where the
record has nothing to compare, the verdict is ``unverified``: no finding invents a fact.
"""
from __future__ import annotations

import logging
from typing import Any

from ..model import Analysis, Finding
from .context import CheckContext, load_blocs, theater_country
from .counts import check_counts
from .geography import check_geography
from .record import check_record

log = logging.getLogger(__name__)

KINDS = ("stale", "contradicted", "corroborated", "unverified", "geography", "count")
VERDICTS = ("stale", "contradicted", "corroborated", "unverified", "consistent", "inconsistent")

__all__ = ["KINDS", "VERDICTS", "CheckContext", "check_analysis"]


def check_analysis(analysis: Analysis, store: Any, gazetteer: Any, options: Any) -> list[Finding]:
    """Every finding on one analysed article, in text order of the claims (record findings of an
    event first, then geography and counts)."""
    ctx = CheckContext(analysis=analysis, store=store, gazetteer=gazetteer, options=options,
                       blocs=load_blocs(getattr(options, "lexicon_dir", "") or None),
                       country=theater_country(analysis, options))
    findings = check_record(ctx) + check_geography(ctx) + check_counts(ctx)
    order = {k: i for i, k in enumerate(KINDS)}
    findings.sort(key=lambda f: (f.claim.start, order.get(f.kind, 99)))
    log.debug("article %s: %d findings", analysis.article.id, len(findings))
    return findings
