"""What "it", "the town" or "the fortified city" stands for: the named place an anaphoric place
argument refers back to, in its sentence or the sentences before."""
from __future__ import annotations

import re
from typing import Any

from .doc import PlaceMention, doc_text
from .events_args import Args, Mentions, has_name
from .events_places import PLACE_NOUNS, not_event_place, unresolved_mentions, without_locators


def anaphoric(toks: list[Any], place_nouns: frozenset[str] = frozenset()) -> bool:
    """"it" / "the village" / "the town": an argument that refers back to a named place."""
    if not toks:
        return False
    head = min(toks, key=lambda t: abs(t.i - t.head.i) if t.head.i not in {x.i for x in toks} else -1)
    heads = [t for t in toks if t.head.i not in {x.i for x in toks} or t.head.i == t.i]
    head = heads[0] if heads else head
    if head.lower_ in ("it", "them"):
        return True
    if head.lemma_.lower() == "control" and not any(c.dep_ == "prep" and c.lower_ in ("of", "over")
                                                    for c in head.children):
        return True  # "where HTS fighters regained control"
    return ((head.lemma_.lower() in PLACE_NOUNS or head.lower_ in place_nouns) and head.tag_ == "NN"
            and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)
            and not any(c.dep_ in ("nummod", "poss", "compound") or (c.dep_ == "amod" and not _descriptive(c))
                        for c in head.children))


def _descriptive(mod: Any) -> bool:
    """An adjective that describes a place already named ("the fortified city", "the besieged
    town"), not one that picks out another ("the northern city", "the second city", "a nearby town")."""
    return mod.tag_ in ("VBN", "JJ") and mod.lower_ not in _PICKING and not mod.lower_.endswith("ern")


_PICKING = {"other", "next", "nearby", "neighbouring", "neighboring", "same", "first", "second", "third", "last",
            "new", "main", "largest", "biggest", "key", "strategic", "major", "provincial", "entire", "whole"}


def antecedent(tok: Any, mentions: Mentions, args: Args, noun: str | None = None) -> None:
    """The named place a pronoun or "the village" (``noun``) refers to, among the place mentions
    before the trigger in its sentence and the sentences before (a weaker, non-syntactic link):
    the last one written with the same noun ("the town of Ariha" ... "the town"), else the last
    town or village, else the last place."""
    found = referent(tok, mentions, noun)
    if found is not None:
        args.places = [found]
        args.named_place = True
        args.place_syntax = False
    else:
        name = _named_before(tok, mentions)
        if name is not None:
            args.named_place = True  # a name the gazetteer does not know ("in the town of Sadaaya")
            args.place_syntax = False
            args.unresolved = unresolved_mentions(name, mentions)[:1]


_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Maj|Lt|Capt|Sheikh|President|Minister)\.?\s+$")
_NEXT_NAME = re.compile(r"\s+([A-Z][a-z]+)")


def _name_part(p: PlaceMention, text: str) -> bool:
    """A place word inside a person's or a body's name ("Mr Colville", "the Observatory for Human
    Rights"): titled, or followed by another capitalised word that is no place noun."""
    if _TITLED.search(text[max(0, p.start - 12):p.start]):
        return True
    m = _NEXT_NAME.match(text, p.end)
    return m is not None and m.group(1).lower() not in PLACE_NOUNS and m.group(1).lower() not in _PLACE_WORDS


#: capitalised words that may follow a place's name in the same place ("Aleppo City", "Raqqa Province")
_PLACE_WORDS = frozenset({"province", "governorate", "countryside", "city", "town", "village", "district", "region"})


def referent(tok: Any, mentions: Mentions, noun: str | None = None) -> PlaceMention | None:
    """The place mention ``tok`` refers back to (see :func:`antecedent`), or None."""
    text = doc_text(tok.doc)
    before = [p for p in mentions.earlier + mentions.places
              if p.end <= tok.idx and (p.place is None or p.place.feature != "country")
              and not not_event_place(p, text, tok.doc) and not _name_part(p, text)]
    before = without_locators(before, text)  # "in Shakariyah in al-Hasakeh. JWS captured the village"
    return _likeliest(before, noun, text) if before else None


def definite_place_noun(toks: list[Any]) -> Any:
    """The first "the city" / "the town" / "the village" among the tokens (a place told before), or None."""
    return next((t for t in toks if t.lemma_.lower() in _REFERRING and t.tag_ == "NN" and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children)), None)


#: nouns that refer back to a town named before ("the city", "the town")
_REFERRING = frozenset({"city", "town", "village"})


def _likeliest(before: list[PlaceMention], noun: str | None, text: str) -> PlaceMention:
    if noun:
        same = re.compile(rf"\b{re.escape(noun)}s?\s+of\s+(?:the\s+)?$", re.I)
        recent = _sentence_before(text, before[-1].start)  # only the last sentences: not an older "city of X"
        named = [p for p in before if p.start >= recent and (same.search(text[max(0, p.start - 30):p.start])
                 or re.match(rf"\s+{re.escape(noun)}\b", text[p.end:p.end + 20], re.I))]
        if named:
            return named[-1]  # "the town of Ariha" ... "the town"
        if noun in _AREA_NOUNS:
            return before[-1]
    towns = [p for p in before if p.place is None or p.place.feature not in ("admin1", "admin2", "region")]
    return (towns or before)[-1]


def _sentence_before(text: str, offset: int) -> int:
    """Where the sentence before the one holding ``offset`` starts (a sentence ends in ".", "!" or "?")."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, offset)]
    return ends[-2] if len(ends) >= 2 else 0


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s+")


#: anaphors that may stand for a province or region as well as a town
_AREA_NOUNS = frozenset({"area", "province", "region", "governorate", "district"})


def anaphor_noun(toks: list[Any]) -> str | None:
    """The place noun of an anaphoric argument ("the town" -> "town"), if it has one."""
    heads = [t for t in toks if t.head.i not in {x.i for x in toks} or t.head.i == t.i]
    return heads[0].lower_ if heads and heads[0].pos_ == "NOUN" else None


_LOCATIVE = {"in", "at", "near", "of", "around", "inside", "into", "on"}


def _named_before(tok: Any, mentions: Mentions) -> list[Any] | None:
    """A place name the gazetteer does not know, before the trigger in its sentence or in the
    sentence before: a name under a locative preposition ("in Seflaniyah", "in the town of X").
    Returns the name's tokens (from its first word), or None."""
    sent = tok.sent
    start = sent.start
    if start > 0:
        start = tok.doc[start - 1].sent.start
    for t in tok.doc[start:tok.i]:
        if not has_name([t], mentions):
            continue
        node = t
        for _ in range(3):  # up through the name's own words and the place noun to the preposition
            if node.dep_ == "pobj" and node.head.lower_ in _LOCATIVE:
                return [x for x in tok.doc[t.i:tok.i]][:6]
            if node.head.i == node.i:
                break
            node = node.head
    return None
