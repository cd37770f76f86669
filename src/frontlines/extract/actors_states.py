"""State forces of any country, named by the state's demonym or name rather than by a faction alias:
"Ukrainian forces", "Sudanese Armed Forces", "Military Forces of Ukraine" (ACLED's actor names),
"Mali's army". The demonyms come from ``place_demonyms.tsv``, the nouns from ``actors.yaml``
(``state_force_nouns``, ``state_force_of``), the country names from the gazetteer. A match is the
lexicon's faction for that state when there is one, else a faction ``<cc>_government``; it is
government exactly when the state is the article's theater (the government rule of actors.yaml)."""
from __future__ import annotations

import re
from collections.abc import Callable

from ..lexicons import Faction, Lexicons
from ..model import Actor


def _alts(words: list[str] | set[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


class StateForces:
    """Finds state-force mentions in a text (build once, reuse for every article)."""

    def __init__(self, lexicons: Lexicons, country_name: Callable[[str], str | None] | None = None) -> None:
        self.by_country: dict[str, Faction] = {f.country: f for f in lexicons.factions
                                           if f.country and f.theater == f.country and f.government}
        self.by_demonym: dict[str, str] = {}
        for demonym, cc in lexicons.state_demonyms:
            self.by_demonym.setdefault(demonym, cc)
        self._nouns = list(lexicons.state_force_nouns)
        self._of = list(lexicons.state_force_of)
        self._country_name = country_name
        self._by_name: dict[str, str] | None = None
        self._names: re.Pattern | None = None
        self.demonym_pattern: re.Pattern | None = None
        if self.by_demonym and self._nouns:
            # the demonym as written (capitalised), the noun in any case
            self.demonym_pattern = re.compile(
                rf"(?<![\w\-’'])({_alts(self.by_demonym.keys())})\s+(?i:{_alts(self._nouns)})(?![\w\-])")

    def _name_pattern(self) -> re.Pattern | None:
        if self._by_name is None:
            self._by_name = {}
            if self._country_name is not None:
                for cc in set(self.by_demonym.values()):
                    name = self._country_name(cc)
                    if name:
                        self._by_name.setdefault(name, cc)
            if self._by_name and (self._of or self._nouns):
                names = _alts(self._by_name.keys())
                parts = []
                if self._of:
                    parts.append(rf"(?:{_alts(self._of)})\s+of\s+(?:the\s+)?(?P<of>{names})")
                if self._nouns:
                    parts.append(rf"(?P<poss>{names})['’]s\s+(?i:{_alts(self._nouns)})")
                self._names = re.compile(rf"(?<![\w\-])(?:{'|'.join(parts)})(?![\w\-])")
        return self._names

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, ISO2) of every state-force mention, leftmost-longest, without overlaps."""
        found: list[tuple[int, int, str]] = []
        if self.demonym_pattern is not None:
            for m in self.demonym_pattern.finditer(text):
                found.append((m.start(), m.end(), self.by_demonym[re.sub(r"\s+", " ", m.group(1))]))  # "Syrian\nArab"
        names = self._name_pattern()
        if names is not None:
            for m in names.finditer(text):
                name = re.sub(r"\s+", " ", m.group("of") or m.group("poss"))
                cc = self._by_name.get(name) if self._by_name else None
                if cc:
                    found.append((m.start(), m.end(), cc))
        return leftmost_longest(found)

    def actor(self, text: str, cc: str, country: str | None) -> Actor:
        """The state's actor: the lexicon's faction for ``cc`` or a faction "<cc>_government";
        government exactly when ``cc`` is the theater (or the theater is unknown)."""
        government = country is None or country == cc
        faction = self.by_country.get(cc)
        if faction is not None:
            return Actor(text=text, name=faction.name, faction=faction.id, government=government, country=cc)
        return Actor(text=text, name=f"Government forces ({cc})", faction=f"{cc.lower()}_government",
                     government=government, country=cc)


def leftmost_longest(found: list) -> list:
    """Matches ``(start, end, ...)`` without overlaps: the leftmost first, then the longest."""
    found = sorted(found, key=lambda x: (x[0], -(x[1] - x[0])))
    out: list = []
    for item in found:
        if out and item[0] < out[-1][1]:
            continue
        out.append(item)
    return out
