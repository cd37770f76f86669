"""The actors stage: faction mentions from the actors lexicon, with possessives, the theater's
government nouns and pronoun-free coreference inside one article.

* an alias matches on word boundaries (case-insensitive; short capitalised acronyms such as "IS"
  case-sensitively), the longest alias first; a following "'s" / "'" (possessive) is part of
  the mention;
* "government forces", "the regime", "the army" ... name the government of the article's theater
  (``doc.country``), whatever state that is;
* a generic mention ("the rebels") refers to the specific faction of the same bloc that the
  article names most often, else to its own faction;
* "both countries" / "the two countries" refers to the last two states named before it (two
  mentions over the same span).
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..lexicons import Faction, Lexicons
from ..model import Actor
from .actors_states import StateForces, leftmost_longest
from .doc import ActorMention, Doc

log = logging.getLogger(__name__)

_PAIR = re.compile(r"\b(?:both|the two)\s+(?:countries|nations|states|governments|allies)\b", re.I)
_POSSESSIVE = re.compile(r"^(?:['’]s|['’])(?!\w)")


@dataclass(frozen=True)
class _Alias:
    faction: Faction | None  # None = the theater's government (resolved per article)
    generic: bool
    common: bool = False  # written all in lower case: a common noun ("regime forces")
    state: str | None = None  # a state's forces named by demonym or name (ISO2; faction None)


class ActorMatcher:
    """Compiled alias patterns of a :class:`Lexicons` (build once, reuse for every article)."""

    def __init__(self, lexicons: Lexicons, country_name: Callable[[str], str | None] | None = None) -> None:
        self.lexicons = lexicons
        self.aliases: dict[str, _Alias] = {}
        self.states = StateForces(lexicons, country_name)
        sensitive: list[str] = []
        insensitive: list[str] = []
        for f in lexicons.factions:
            for a in f.aliases:
                self._add(a, _Alias(f, False, common=a.strip() == a.strip().lower()), sensitive, insensitive)
            for a in f.generic:
                self._add(a, _Alias(f, True, common=True), sensitive, insensitive)
        for a in lexicons.theater_government:
            self._add(a, _Alias(None, True), sensitive, insensitive)
        self.sensitive = self._compile(sensitive, 0)
        self.insensitive = self._compile(insensitive, re.IGNORECASE)

    def _add(self, alias: str, info: _Alias, sensitive: list[str], insensitive: list[str]) -> None:
        alias = alias.strip()
        if not alias:
            return
        key = alias if is_acronym(alias) else alias.lower()
        if key in self.aliases and not self.aliases[key].generic:
            return  # a specific alias wins over a generic one
        self.aliases[key] = info
        (sensitive if is_acronym(alias) else insensitive).append(alias)

    @staticmethod
    def _compile(aliases: list[str], flags: int) -> re.Pattern | None:
        if not aliases:
            return None
        alts = "|".join(re.escape(a).replace(r"\ ", r"\s+").replace("'", "['’]")
                        for a in sorted(set(aliases), key=len, reverse=True))
        return re.compile(rf"(?<![\w\-])(?:{alts})(?![\w\-])", flags)

    def find(self, text: str) -> list[tuple[int, int, _Alias]]:
        found: list[tuple[int, int, _Alias]] = []
        for pattern, sensitive in ((self.sensitive, True), (self.insensitive, False)):
            if pattern is None:
                continue
            pos = 0
            while (m := pattern.search(text, pos)) is not None:
                pos = m.end()
                key = re.sub(r"\s+", " ", m.group(0)).replace("’", "'")
                info = self.aliases.get(key if sensitive else key.lower())
                if info is None:
                    continue
                if (info.faction is None or info.common) and _inside_name(text, m.group(0), m.end()):
                    pos = m.start() + 1  # a longer name may start inside: "the Military Council of X"
                    continue
                end = m.end()
                pm = _POSSESSIVE.match(text[end:end + 3])
                if pm:
                    end += pm.end()
                found.append((m.start(), end, info))
        out: list[tuple[int, int, _Alias]] = leftmost_longest(found)
        # states named by demonym or name ("Ukrainian forces", "Mali's army"): where no alias
        # matched, or over common nouns inside them ("army")
        for s, e, cc in self.states.find(text):
            inside = [x for x in out if s < x[1] and x[0] < e]
            if all(s <= x[0] and x[1] <= e and (x[2].faction is None or x[2].common) for x in inside):
                out = sorted([x for x in out if x not in inside] + [(s, e, _Alias(None, False, state=cc))],
                             key=lambda x: x[0])
        return out


_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][\w'’-]*)")


def _inside_name(text: str, matched: str, end: int) -> bool:
    """A common noun that is part of a longer name: "the Military Council of Deir-ez-Zor", "the
    military council of Menbij" are not "the military"."""
    m = _NEXT_WORD.match(text, end)
    if m is None:
        return False
    nxt = m.group(1)
    if nxt.lower() in ("council", "councils"):
        return True
    last = matched.split()[-1]
    return last[:1].isupper() and nxt[:1].isupper() and len(matched.split()) > 1


def is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "")
    return len(letters) <= 5 and letters.isalpha() and letters.isupper()


def is_government(faction: Faction, country: str | None) -> bool:
    """The one government rule (see actors.yaml)."""
    return bool(faction.government and (faction.theater is None or country is None or faction.theater == country))


def make_actor(text: str, faction: Faction, country: str | None) -> Actor:
    return Actor(text=text, name=faction.name, faction=faction.id, government=is_government(faction, country),
                 country=faction.country)


def theater_government(matcher: ActorMatcher, text: str, country: str | None) -> Actor:
    """"government forces", "the regime": the state of the article's theater."""
    if country:
        return matcher.states.actor(text, country, country)
    return Actor(text=text, name="Government forces", faction="government", government=True, country=None)


#: how far back (characters) "the group" looks for the armed group it refers to (a few sentences)
ANAPHOR_CHARS = 800


class ActorsStage:
    def __init__(self, lexicons: Lexicons, country_name: Callable[[str], str | None] | None = None) -> None:
        self.matcher = ActorMatcher(lexicons, country_name)
        self._government_nouns = {n.lower() for n in lexicons.theater_government}
        words = sorted(lexicons.group_anaphors, key=len, reverse=True)
        self._anaphor = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I) if words else None
        self._groups = {f.id for f in lexicons.factions if not f.country and not f.government}

    def __call__(self, doc: Doc) -> Doc:
        text = doc.article.text
        country = doc.country
        raw = self.matcher.find(text)
        # coreference: the specific faction of each bloc named most often
        counts: Counter[str] = Counter()
        for _, _, info in raw:
            if info.faction is not None and not info.generic:
                counts[info.faction.id] += 1
        best: dict[str, Faction] = {}
        for fid, _ in counts.most_common():
            f = self.matcher.lexicons.faction(fid)
            if f is not None and f.bloc and f.bloc not in best and not f.by_name_only:
                best[f.bloc] = f
        mentions: list[ActorMention] = []
        for start, end, info in raw:
            surface = text[start:end]
            foreign = (info.faction is not None and info.faction.theater is not None and country is not None
                       and info.faction.theater != country)
            if info.state is not None:
                actor = self.matcher.states.actor(surface, info.state, country)
            elif info.faction is None:
                actor = theater_government(self.matcher, surface, country)
            elif foreign and info.common and info.faction.government:
                actor = theater_government(self.matcher, surface, country)  # "regime forces" elsewhere
            elif foreign and info.common and not info.generic:
                actor = Actor(text=surface, name=surface, faction="unknown", government=False)
            elif info.generic and _foreign_generic(text, start, info.faction, country, raw):
                actor = Actor(text=surface, name=_with_modifier(text, start, surface), faction="unknown",
                              government=None)
            elif info.generic and info.faction.bloc in best:
                actor = make_actor(surface, best[info.faction.bloc], country)
            else:
                actor = make_actor(surface, info.faction, country)
            mentions.append(ActorMention(start, end, surface, actor))
        mentions.extend(self._pairs(text, mentions))
        common = {start for start, _, info in raw if info.generic or info.common}
        mentions = _headed_by_name(text, mentions, common)
        mentions.extend(self._anaphors(text, mentions, common))
        mentions.sort(key=lambda m: (m.start, m.end))
        doc.actors = mentions
        return doc

    def _is_state(self, actor: Actor) -> bool:
        """A state named as such ("Russia", "Iranian forces"): not an ally that merely has a
        nationality (Hezbollah), nor "the government" of the theater."""
        if not actor.country or actor.text.lower() in self._government_nouns:
            return False
        state = self.matcher.states.by_country.get(actor.country)
        if state is not None:
            return state.id == actor.faction
        return actor.faction == f"{actor.country.lower()}_government"

    def _anaphors(self, text: str, mentions: list[ActorMention], common: set[int]) -> list[ActorMention]:
        """"the group", "the jihadists": the nearest non-state armed group named before (by a name,
        not a common noun such as "militants"), at most ``ANAPHOR_CHARS`` back (see
        ``group_anaphors`` in actors.yaml)."""
        if self._anaphor is None:
            return []
        named = sorted((m for m in mentions if m.actor.faction in self._groups and m.start not in common),
                       key=lambda m: m.start)
        out = []
        for m in self._anaphor.finditer(text):
            if any(x.start < m.end() and m.start() < x.end for x in mentions):
                continue
            prev = [x for x in named if x.end <= m.start() and m.start() - x.end <= ANAPHOR_CHARS]
            if prev:
                a = prev[-1].actor
                out.append(ActorMention(m.start(), m.end(), m.group(0),
                                        Actor(m.group(0), a.name, a.faction, a.government, a.country)))
        return out

    def _pairs(self, text: str, mentions: list[ActorMention]) -> list[ActorMention]:
        out = []
        for m in _PAIR.finditer(text):
            states: list[Actor] = []
            for prev in reversed([x for x in mentions if x.end <= m.start()]):
                if self._is_state(prev.actor) and prev.actor.faction not in {s.faction for s in states}:
                    states.append(prev.actor)
                if len(states) == 2:
                    break
            if len(states) == 2:
                for actor in reversed(states):
                    out.append(ActorMention(m.start(), m.end(), m.group(0),
                                            Actor(m.group(0), actor.name, actor.faction, actor.government,
                                                  actor.country)))
        return out


_PREV_WORD = re.compile(r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s+$")


def _headed_by_name(text: str, mentions: list[ActorMention], common: set[int]) -> list[ActorMention]:
    """A common noun right after a named actor is that actor's head noun, not another actor:
    "ISIL terrorists", "Nusra Front militants" (the name says whose)."""
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    out: list[ActorMention] = []
    for m in ordered:
        prev = out[-1] if out else None
        if prev is not None and m.start in common and prev.start not in common and 0 < m.start - prev.end <= 1 \
                and not text[prev.end:m.start].strip():
            m = ActorMention(m.start, m.end, m.text, prev.actor)
        out.append(m)
    return out


def _foreign_generic(text: str, start: int, faction: Faction, country: str | None,
                     raw: list[tuple[int, int, "_Alias"]]) -> bool:
    """A generic mention ("rebels") of a theater faction that is about another theater: the
    article's theater is another country, or a capitalised modifier that does not name this
    faction's side comes first ("Ugandan rebels", "Ivory Coast rebels"; not "Syrian rebels")."""
    if faction.theater is None:
        return False
    if country is not None:
        return country != faction.theater
    m = _PREV_WORD.search(text[max(0, start - 40):start])
    if m is None:
        return False
    mstart = start - len(m.group(0))
    if any(s <= mstart < e for s, e, _ in raw):
        return False  # "Free Syrian Army rebels": the modifier is an actor of its own
    words = m.group(1).lower().split()
    if "-" in words[-1]:
        return False  # "Turkish-backed rebels", "US-led": an attribute, not the rebels' country
    known = " ".join([faction.name, *faction.aliases]).lower()
    line_start = mstart == 0 or text[:mstart].rstrip()[-1:] in (".", "!", "?", "\n", "")
    if line_start and words[0] in ("the", "a", "some", "many", "several", "armed", "two", "three"):
        return False
    return not any(w in known for w in words)


def _with_modifier(text: str, start: int, surface: str) -> str:
    m = _PREV_WORD.search(text[max(0, start - 40):start])
    return f"{m.group(1)} {surface}" if m else surface


def make_actors_stage(lexicons: Lexicons, country_name: Callable[[str], str | None] | None = None) -> ActorsStage:
    """The actors stage; ``country_name`` (ISO2 -> English name, e.g. the gazetteer's) lets it read
    "Military Forces of Ukraine" as Ukraine's forces."""
    return ActorsStage(lexicons, country_name)
