"""Initials of a country the article names in full: "SA" after "South Africa" (or "South
Africans"), "T&T" after "Trinidad and Tobago", "UAE" after "United Arab Emirates".

News writes a country's name out once and then its initials. Initials alone are too ambiguous to
look up in a gazetteer ("SA" is also a company form, "CAR" a word), so they become place mentions
only inside an article that names the country in full; the mention resolves to that country.
"""
from __future__ import annotations

import re
from typing import Any

from .places_detect import Span

#: words left out of initials ("Trinidad and Tobago" -> TT, "Democratic Republic of the Congo" -> DRC)
SKIP_WORDS = frozenset({"and", "of", "the"})


def initials(name: str) -> list[str]:
    """The forms of a multi-word name's initials: plain, with "&" for "and", with dots."""
    words = re.findall(r"[A-Za-z]+", name)
    kept = [w for w in words if w.lower() not in SKIP_WORDS]
    if len(kept) < 2:
        return []
    plain = "".join(w[0].upper() for w in kept)
    forms = [plain, ".".join(plain) + "."]
    if "and" in (w.lower() for w in words) and len(kept) == 2:
        forms.append(f"{plain[0]}&{plain[1]}")
    return forms


def country_acronyms(text: str, spans: list[Span], gazetteer: Any) -> list[Span]:
    """New spans for the initials of countries named in full by ``spans`` (see module doc); a span
    of ``spans`` that is such initials is set to the country in place."""
    wanted: dict[str, int] = {}
    for sp in spans:
        if sp.kind not in ("name", "ner", "weak", "demonym"):
            continue
        for i in sp.rows:
            e = gazetteer.entry(i)
            if e.feature != "country":
                continue
            if sp.kind == "demonym":  # "South Africans": the country's own name
                names = [e.name]
            elif sp.text.lower() in {e.name.lower(), *(a.lower() for a in e.alternate_names)}:
                names = [sp.text]
            else:
                continue
            for form in (f for n in names for f in initials(n)):
                wanted.setdefault(form, i)
    if not wanted:
        return []
    for sp in spans:  # "SA" already found as a weak name of some towns: it is the country here
        if sp.text in wanted and sp.kind in ("name", "ner", "weak"):
            sp.rows, sp.kind = (wanted[sp.text],), "name"
    taken = [(sp.start, sp.end) for sp in spans]
    out: list[Span] = []
    pattern = re.compile(r"(?<![\w&.])(" + "|".join(re.escape(f) for f in sorted(wanted, key=len, reverse=True))
                         + r")(?![\w&])")
    for m in pattern.finditer(text):
        s, e = m.span(1)
        if any(a < e and s < b for a, b in taken):
            continue
        out.append(Span(s, e, m.group(1), "name", rows=(wanted[m.group(1)],)))
    return out
