"""Named military operations (lexicons/place_operations.tsv): an article that names one is about
the area it was fought in, and the operation's name is no place ("Operation Olive Branch" is not
Olive Branch, Mississippi). Used by :mod:`frontlines.extract.places` in a given theater."""
from __future__ import annotations

import re
from typing import Any


def operation_ranges(text: str, operations: dict[str, tuple[str, tuple[str, ...]]],
                     theater: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each mention of an operation of ``theater`` in ``text``."""
    found = []
    for name, (country, _) in operations.items():
        if country != theater or name not in text:
            continue
        found += [(m.start(), m.end(), name) for m in re.finditer(r"\b" + re.escape(name) + r"\b", text)]
    return found


def operation_anchors(ranges: list[tuple[int, int, str]], operations: dict[str, tuple[str, tuple[str, ...]]],
                      gazetteer: Any, theater: str) -> list[tuple]:
    """Anchors (start -1, admin1, lat, lon, no bearing) at the main towns of the operations named:
    the largest theater town of each name."""
    out = []
    for name in dict.fromkeys(n for _, _, n in ranges):
        for town in operations[name][1]:
            rows = [gazetteer.entry(i) for i in gazetteer.lookup(town, fuzzy=False)]
            rows = [e for e in rows if e.country == theater and e.feature == "city"]
            if rows:
                e = max(rows, key=lambda e: e.population)
                out.append((-1, e.admin1, e.lat, e.lon, None))
    return out
