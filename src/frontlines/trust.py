"""How sure the record is: independent sources, doubtful articles and the weight of a report.

Pure functions over :mod:`frontlines.model` records (no store, no I/O), used by
:mod:`frontlines.control` to give each control period a status and by ``frontlines check`` to
give each article a verdict.

Independent sources
    A report's sources are counted **by outlet**: an article's ``source`` (site or outlet name),
    else the host of its URL, else the article itself (nothing says who else published it).
    Several articles of one outlet count as one, and so do copies of one text under different
    outlets (syndication, near-duplicates): two article sources whose evidence sentences are the
    same once folded (case, punctuation, spacing), or nearly the same (``NEAR_DUPLICATE`` per cent
    similar), are one source. A reference record or an import (origin ``reference``, ``acled``,
    ``ucdp``) is authoritative by itself.

Weight (:func:`weight`)
    3 authoritative; 2 at least two independent sources; 1 one source; 0 only articles ``check``
    found doubtful. A doubtful article is not counted: it confirms nothing, and its change holds
    only when another outlet reports it. Status: weight >= 2 is ``confirmed``, else ``reported``.

Doubtful articles (:func:`article_verdict`)
    an article with a ``stale`` or ``contradicted`` finding, or a ``geography`` finding judged
    ``inconsistent`` (an impossible geography), is doubtful.

Unreliable outlets (:func:`unreliable_outlets`)
    an outlet with at least ``unreliable_min_articles`` stored articles, of which at least the share
    ``unreliable_share`` are doubtful, is unreliable: each of its articles counts as doubtful, so
    its reports confirm nothing and replace no holder until another outlet reports the same (a
    track record of contradicting the record is itself evidence). One article alone never makes
    its outlet unreliable.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from .model import Finding, SourceRef

#: origins whose records confirm by themselves (a curated record, an ACLED or UCDP import)
AUTHORITATIVE = frozenset({"reference", "acled", "ucdp"})
#: evidence sentences at least this similar (rapidfuzz ratio, 0-100) are copies of one text
NEAR_DUPLICATE = 90.0
#: evidence shorter than this (folded characters) says too little to call two texts copies
MIN_SENTENCE = 24
#: finding kinds (and geography verdicts) that make an article doubtful, in verdict-line order
DOUBT_KINDS = ("stale", "contradicted", "geography")

CONFIRMED, REPORTED, DISPUTED = "confirmed", "reported", "disputed"


def _fold(text: str) -> str:
    return " ".join(re.findall(r"[0-9a-z\u0600-\u06ff]+", text.lower()))


def outlet_of(source: SourceRef) -> str:
    """The outlet a source stands for, as a comparable key: ``reference``/``acled``/``ucdp`` for
    records; for an article its outlet name, else its URL's site, else ``article:<id>``."""
    if source.origin != "article":
        return source.origin
    if source.source and _fold(source.source):
        name = source.source.strip()
        return _site(name) if re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", name) else _fold(name).replace(" ", "")
    if source.url:
        host = urlsplit(source.url if "//" in source.url else f"//{source.url}").hostname or ""
        if host:
            return _site(host)
    return f"article:{source.ref_id}"


def _site(host: str) -> str:
    """``www.reuters.com`` and ``Reuters`` are one outlet: the name left of the suffix."""
    labels = [x for x in host.lower().strip().split(".") if x and x != "www"]
    if len(labels) >= 3 and labels[-2] in ("co", "com", "org", "net", "gov", "ac") and len(labels[-1]) == 2:
        labels = labels[:-2]
    elif len(labels) >= 2:
        labels = labels[:-1]
    return re.sub(r"[^0-9a-z]+", "", labels[-1] if labels else host.lower())


def _sentence(source: SourceRef) -> str:
    if source.origin != "article" or source.evidence is None:
        return ""
    folded = _fold(source.evidence.sentence)
    return folded if len(folded) >= MIN_SENTENCE else ""


class Support:
    """The sources behind one holder at one place, grown report by report (:meth:`add`,
    :meth:`absorb`). Independent sources are the connected components of "same outlet" and
    "copies of one text" over every pair of sources, so they do not depend on the order of adding."""

    def __init__(self) -> None:
        self.sources: dict[tuple[str, str], SourceRef] = {}
        self.events: dict[str, None] = {}  # ordered set of event ids
        self._parent: dict[str, str] = {}  # outlet -> parent (a component's root is its least name)
        self._texts: dict[str, str] = {}  # folded evidence sentence -> an outlet that used it

    def _find(self, x: str) -> str:
        while self._parent[x] != x:
            self._parent[x] = self._parent[self._parent[x]]
            x = self._parent[x]
        return x

    def _union(self, a: str, b: str) -> None:
        ra, rb = sorted((self._find(a), self._find(b)))
        if ra != rb:
            self._parent[rb] = ra

    def _source(self, key: tuple[str, str], s: SourceRef) -> None:
        if key in self.sources:
            return
        self.sources[key] = s
        outlet = outlet_of(s)
        self._parent.setdefault(outlet, outlet)
        text = _sentence(s)
        if not text:
            return
        if text in self._texts:
            self._union(outlet, self._texts[text])
            return
        for seen, other in self._texts.items():
            if self._find(other) != self._find(outlet) and fuzz.ratio(seen, text) >= NEAR_DUPLICATE:
                self._union(outlet, other)
        self._texts[text] = outlet

    def add(self, event_id: str, sources: Iterable[SourceRef]) -> None:
        self.events.setdefault(event_id, None)
        given = list(sources)
        if not given:  # a report with no source record: it stands for itself
            given = [SourceRef(origin="article", ref_id=f"event:{event_id}")]
        for s in given:
            self._source((s.origin, s.ref_id), s)

    def absorb(self, other: Support) -> None:
        """Add ``other``'s events and sources to this support."""
        for e in other.events:
            self.events.setdefault(e, None)
        for k, s in other.sources.items():
            self._source(k, s)

    def outlets(self) -> tuple[str, ...]:
        """One name per independent source (sorted): outlets, with copies of one text joined."""
        return tuple(sorted({self._find(o) for o in self._parent}))

    def trusted_outlets(self, doubtful: frozenset[str] | set[str]) -> set[str]:
        """The independent sources among the articles not in ``doubtful``."""
        return {self._find(outlet_of(s)) for (origin, ref), s in self.sources.items()
                if not (origin == "article" and ref in doubtful)}

    def authoritative(self) -> bool:
        return any(origin in AUTHORITATIVE for origin, _ in self.sources)

    def all_doubtful(self, doubtful: frozenset[str] | set[str]) -> bool:
        arts = [ref for origin, ref in self.sources if origin == "article"]
        return bool(arts) and not self.authoritative() and all(ref in doubtful for ref in arts)


def weight(support: Support, doubtful: frozenset[str] | set[str] = frozenset()) -> int:
    """3 authoritative; else the number of independent sources among the articles not found
    doubtful, capped at 2 (0: only doubtful articles). A doubtful article neither confirms a holder
    nor counts as a second source; its change holds only when another outlet reports it too."""
    if support.authoritative():
        return 3
    return min(2, len(support.trusted_outlets(doubtful)))


def status_of(w: int) -> str:
    return CONFIRMED if w >= 2 else REPORTED


@dataclass(frozen=True)
class ArticleVerdict:
    """An article's verdict: ``doubtful`` and the count of each doubting finding kind."""

    doubtful: bool
    counts: tuple[tuple[str, int], ...] = ()

    def line(self) -> str:
        """``doubtful: 3 stale, 1 geography`` or ``not doubtful``."""
        if not self.doubtful:
            return "verdict: not doubtful (no stale, contradicted or impossible-geography claim)"
        return "doubtful: " + ", ".join(f"{n} {kind}" for kind, n in self.counts)


def doubts(finding: Finding) -> bool:
    """Whether a finding makes its article doubtful."""
    if finding.kind == "geography":
        return finding.verdict == "inconsistent"
    return finding.kind in ("stale", "contradicted")


def article_verdict(findings: Iterable[Finding]) -> ArticleVerdict:
    counts = {k: 0 for k in DOUBT_KINDS}
    for f in findings:
        if doubts(f):
            counts[f.kind] += 1
    shown = tuple((k, n) for k, n in counts.items() if n)
    return ArticleVerdict(bool(shown), shown)


def unreliable_outlets(articles: Iterable[tuple[str, bool]], min_articles: int, share: float) -> frozenset[str]:
    """The outlets whose record makes them unreliable: ``articles`` are (outlet, doubtful) pairs,
    one per stored article; an outlet with ``min_articles`` or more articles, at least ``share`` of
    them doubtful, is unreliable."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outlet, bad in articles:
        counts[outlet][0] += 1
        counts[outlet][1] += bool(bad)
    return frozenset(o for o, (n, d) in counts.items() if n >= max(1, min_articles) and d >= share * n)
