"""Where a trigger's arguments are: actor, target and places, read off the dependency parse by
the trigger's frame (see triggers.yaml), with mentions from the actors and places stages."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..model import Actor
from .doc import ActorMention, Doc, PlaceMention

_NP_DEPS = {"compound", "amod", "det", "nummod", "appos", "conj", "cc", "prep", "pobj", "nmod", "flat",
            "npadvmod", "quantmod", "punct", "case", "dep", "pcomp", "prt", "advmod"}
_SKIP_PREPS = {"from", "by", "with", "against", "since", "after", "before", "during", "for", "to", "despite",
               "amid", "following"}
_REL = {"who", "which", "that", "whom"}
_PLACE_PREPS = {"of", "over", "in", "into", "at", "near", "around", "on", "toward", "towards", "to", "inside",
                "outside", "across", "through", "within", "along", "between", "onto", "upon"}
_SUBJ = ("nsubj", "csubj")


@dataclass
class Args:
    actors: list[Actor] = field(default_factory=list)
    actor_syntax: bool = False
    targets: list[Actor] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    place_syntax: bool = False
    named_place: bool = False  # the place argument has a proper name (resolved or not)
    no_place: bool = False  # the frame found the argument and it is no place ("captured two soldiers")
    unresolved: list[PlaceMention] = field(default_factory=list)  # names the gazetteer does not know


class Mentions:
    """Index from character offsets to the actor and place mentions of one sentence."""

    def __init__(self, doc: Doc, start: int, end: int, holder: Callable[[str], Actor | None] | None = None) -> None:
        #: reads a holder word ("Russian", "regime") as an actor of the article's theater, or None
        self.holder = holder
        self.actors = doc.in_span(doc.actors, start, end)
        # a name the actors lexicon knows ("HTS") is not a place argument, nor is a place inside a
        # longer actor name ("Military Forces of Myanmar", "Manbij Military Council")
        self.places = [p for p in doc.in_span(doc.places, start, end)
                       if not any(a.start < p.end and p.start < a.end
                                  and (a.actor.country is None or a.end - a.start > p.end - p.start)
                                  for a in self.actors)]
        # places named in the two sentences before: antecedents of "the village", "it"
        self.earlier = doc.ending_before(doc.places, start, 4) if start else []

    def actors_in(self, toks: list[Any], *, skip_poss: bool = True) -> list[ActorMention]:
        out: list[ActorMention] = []
        for t in toks:
            if skip_poss and t.dep_ == "poss" and not self._covers_head(t):
                continue
            for m in self.actors:
                if m.start <= t.idx < m.end and m not in out:
                    out.append(m)
        return out

    def _covers_head(self, t: Any) -> bool:
        head = t.head
        return any(m.start <= head.idx < m.end for m in self.actors)

    def places_in(self, toks: list[Any]) -> list[PlaceMention]:
        out: list[PlaceMention] = []
        for t in toks:
            for m in self.places:
                if m.start <= t.idx < m.end and m not in out:
                    out.append(m)
        return out

    def is_actor(self, t: Any) -> bool:
        """An actor mention covers the token, or it is a proper name the holder reader knows as an
        actor ("Daeshs", a possessive whose apostrophe the page lost)."""
        if any(m.start <= t.idx < m.end for m in self.actors):
            return True
        return self.holder is not None and t.pos_ == "PROPN" and self.holder(t.text) is not None


def np_tokens(tok: Any, *, skip_preps: set[str] | frozenset[str] = frozenset(_SKIP_PREPS)) -> list[Any]:
    """The noun phrase headed by ``tok``: modifiers, appositions, coordinated items and
    prepositional objects, but not relative or adverbial clauses."""
    out = [tok]
    stack = [tok]
    while stack:
        node = stack.pop()
        for c in node.children:
            if c.dep_ not in _NP_DEPS:
                continue
            if c.dep_ == "prep" and c.lower_ in skip_preps:
                continue
            out.append(c)
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


def subject_of(tok: Any) -> Any:
    """The subject of a verb, inherited through xcomp / conj / relative clauses; a personal
    pronoun subject ("they") is replaced by the subject of the governing clause when there is one
    ("Both countries have warned that they ... and have vowed")."""
    node = tok
    pronoun = None
    for _ in range(6):
        found = None
        for c in node.children:
            if c.dep_ in _SUBJ or (c.dep_ in ("npadvmod", "auxpass") and node.dep_ == "amod" and c.i < node.i):
                if c.lower_ in _REL and node.dep_ in ("relcl", "acl"):
                    return node.head
                found = c
                break
        if found is not None:
            if found.pos_ != "PRON":
                return found
            pronoun = pronoun or found
        if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp") and node.head.i != node.i:
            if found is not None and node.dep_ not in ("ccomp", "conj"):
                break
            node = node.head
            if node.dep_ == "prep":
                node = node.head
            continue
        if found is None and node.dep_ in ("relcl", "acl") and node.head.i != node.i:
            return node.head
        break
    return pronoun


def passive_agent(tok: Any) -> Any:
    for c in tok.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def prep_objects(tok: Any, preps: set[str] | frozenset[str], depth: int = 2) -> list[Any]:
    """Objects of the given prepositions below ``tok`` (through particles: "close in on X")."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "prt", "advmod", "agent") and (c.lower_ in preps or c.dep_ != "prep"):
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp") and c.lower_ in preps:
                    out.append(g)
                elif g.dep_ == "prep" and g.lower_ in preps and depth > 1:
                    out.extend(x for x in g.children if x.dep_ == "pobj")
    return out


def objects(tok: Any) -> list[Any]:
    found = [c for c in tok.children if c.dep_ in ("dobj", "attr", "oprd")]
    if not found and tok.dep_ == "amod" and tok.head.i > tok.i:  # reduced clause (see triggers)
        found = [tok.head]
    return found


def is_passive(tok: Any) -> bool:
    if tok.dep_ == "amod":  # a reduced clause: "IS captured X town" mis-tagged as passive
        return False
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and passive_agent(tok) is not None:
        return True  # a reduced relative: "the village of Zaara captured by opposition groups"
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def copular_complement(noun: Any) -> Any:
    """"The latest city to fall ... is Al-Qaryatain": the complement of the copula."""
    head = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass") and head.lemma_ == "be":
        for c in head.children:
            if c.dep_ in ("attr", "acomp"):
                return c
    return None


def listed_after(tok: Any, mentions: "Mentions") -> list[Any]:
    """Items of an "including / such as / like / namely" list in the same sentence after ``tok``
    ("the seizure of three other cities in recent weeks, including Idlib, ... and Ariha")."""
    out: list[Any] = []
    for t in tok.sent:
        if t.i <= tok.i or t.lower_ not in ("including", "as", "like", "namely", "notably", "among"):
            continue
        if t.lower_ == "as" and not (t.i and tok.doc[t.i - 1].lower_ == "such"):
            continue
        for g in t.children:
            if g.dep_ in ("pobj", "dobj", "appos"):
                out.extend(np_tokens(g))
        if out:
            break
    return out


_NAMED_HEADS = frozenset({"village", "villages", "town", "towns", "city", "area", "hill", "district", "neighbourhood",
                          "neighborhood", "farm", "farms", "mountain", "township", "island", "base", "airbase",
                          "checkpoint", "quarter", "suburb", "camp", "station", "field", "dam", "castle"})


def has_name(toks: list[Any], mentions: Mentions) -> bool:
    """A proper name among the tokens: a proper noun, or a capitalised word the tagger took for an
    adjective that names a place noun ("Fetatish village", "the Tayyas airbase")."""
    return any((t.pos_ == "PROPN" or (t.text[:1].isupper() and t.i > t.sent.start and (
        (t.dep_ in ("amod", "compound", "nmod") and t.head.lower_ in _NAMED_HEADS and t.head.i > t.i)
        or (t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in _NAMED_HEADS))))  # "the village of Buyud"
               and not mentions.is_actor(t) for t in toks)


def region_of(tok: Any, mentions: Mentions, args: Args) -> None:
    """Unnamed places taken ("controlled 6 villages in the area"): the event is placed at the
    place the sentence names (before the trigger, else after it, else in the two sentences
    before), as "near" (precision 2); with no such place it stands without one (the ground taken
    is stated, only not named)."""
    import dataclasses

    before = [p for p in mentions.places if p.end <= tok.idx and p.place is not None and p.place.feature != "country"]
    after = [p for p in mentions.places if p.start >= tok.idx and p.place is not None and p.place.feature != "country"]
    earlier = [p for p in mentions.earlier if p.place is not None and p.place.feature != "country"]
    pm = before[-1] if before else (after[0] if after else (earlier[-1] if earlier else None))
    if pm is None:
        # "advanced to control 2 hills and other points in the area": ground taken, no name given
        args.named_place = True
        args.place_syntax = False
        return
    place = dataclasses.replace(pm.place, precision=max(2, pm.place.precision))
    args.places = [dataclasses.replace(pm, place=place)]
    args.named_place = True
    args.place_syntax = False


def where_clause(tok: Any) -> bool:
    """The trigger's clause (or one it is coordinated or subordinated in) opens with "where"."""
    node = tok
    for _ in range(3):
        if any(c.dep_ == "advmod" and c.lower_ == "where" for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "conj", "advcl", "ccomp", "dobj") or node.head.i == node.i:
            return False
        node = node.head
    return False
