"""Arguments of a trigger in a sentence that was not parsed (attacks and clashes found by
proximity, see :mod:`.parse`): the actor named closest before the trigger, the first actor after
it as the target, and the places the sentence *introduces as places*.

Without a parse, a capitalised word is a place only when the text says so: a locative word
before it ("in", "on", "near", "struck", "shelled", "the town of", "the southern countryside of"),
a place noun after it ("the Mayssar neighbourhood", "al-Sinaah district"), or an earlier item of
the same list ("the towns of Jisr al-Shaghour and Binnish"). That keeps the words of names
("the Syrian Observatory for Human Rights", "news agency SANA reported") from becoming places,
and keeps a village the gazetteer does not know ("killed in Qaterji") as an unresolved place.
A place that only locates the one before it ("Tel Minis in the southern countryside of Idlib",
"Rashidin west of Aleppo") is no place of its own. The places after the trigger come first (the
attack's object: "air strikes on X"), else the nearest before it ("In X, rebel shelling ...").
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..lexicons import Lexicons
from ..model import Actor
from .doc import PlaceMention
from .events_args import Args, Mentions
from .triggers import Hit

_JOIN = r"(?:(?:al|el|ad|ar|as|ash|at|az|an|bin|ibn|abu|abou|umm|um|bani|beni|de)[-\s])"
_WORD = r"[A-Z][\w'’]*(?:-[\w'’]+)*"
#: a proper name as written: capitalised words, with the Arabic article and name particles inside
_NAME = re.compile(rf"(?<![\w-]){_JOIN}?{_WORD}(?:\s+{_JOIN}?{_WORD}|-{_WORD})*")
_MODIFIER = r"(?:[a-z][\w'’-]*\s+){0,2}"
_PLACE_NOUNS = (r"(?:towns?|villages?|city|cities|areas?|neighbou?rhoods?|districts?|provinces?|countryside|"
                r"outskirts|suburbs?|vicinity|camps?|regions?|quarters?|hills?|mount|mountains?|airports?|"
                r"bases?|oil\s?fields?|fields?|dams?|markets?|governorates?)")
#: what introduces a place: a locative preposition or "the town of", with modifiers between
_CUE_PREP = re.compile(
    rf"(?:\b(?:in|on|at|near|around|outside|inside|into|across|along|over|toward|towards)\s+(?:the\s+)?{_MODIFIER}"
    rf"|\b{_PLACE_NOUNS}\s+of\s+(?:the\s+)?{_MODIFIER})$", re.IGNORECASE)
#: an attack verb before a name the gazetteer knows ("shelled Aleppo"; not "attacked Sharia courts")
_CUE_VERB = re.compile(rf"\b(?:targeted|targeting|struck|striking|hit|hitting|shelled|shelling|bombed|bombing|"
                       rf"pounded|pounding|attacked|raided|stormed)\s+(?:the\s+)?{_MODIFIER}$", re.IGNORECASE)
_NOUN_AFTER = re.compile(rf"(?:,?\s+(?:a|an|the)(?:\s+[a-z]+)?)?\s+{_PLACE_NOUNS}\b", re.IGNORECASE)
_REPORTED = re.compile(r"\s+(?:said|says|told|reported|reports|added|wrote|stated)\b")
_LIST_GAP = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s+)(?:the\s+)?(?:(?:town|village)\s+of\s+)?")
#: the gap before a place that only locates the place before it
_LOCATOR_GAP = re.compile(rf"\s*(?:{_PLACE_NOUNS}\s*)?[,(]?\s*(?:in|near|(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+)?"
                          rf"(?:north|south|east|west)(?:east|west)?(?:ern)?\s+of)\s+(?:the\s+)?{_MODIFIER}(?:{_PLACE_NOUNS}\s+of\s+)?",
                          re.IGNORECASE)
_LOOKBACK = 60
_GENERIC = re.compile(rf"(?:(?:{_PLACE_NOUNS}|mosque|ministry|tags?|hospital|street|road|square|church|school|"
                      rf"university|province)\s*)+", re.IGNORECASE)
_INSTRUMENT = re.compile(r"\s+(?:[a-z]+\s+){0,2}(?:in|during|amid)\s+(?:an?\s+|the\s+)?(?:[a-z]+\s+)?", re.IGNORECASE)
_ORG_BEFORE = re.compile(r"\b[A-Z][\w'’-]+\s+(?:for|of)\s+(?:the\s+)?$")
_CAPITAL_AFTER = re.compile(r"[ \t]+(?:(?:al|el)-)?[A-Z]")
_BY_AGENT = re.compile(r"\s+(?:[a-z]+\s+){0,2}by\s+(?:the\s+)?(?:[a-z]+\s+){0,1}", re.IGNORECASE)


@dataclass(frozen=True)
class Words:
    """The words this reading needs: ``skip`` never starts a place (demonyms, calendar words,
    community adjectives), ``heads`` never end one ("Kafr", "Tal": place_generic_words.txt),
    ``stop`` is no name alone ("The", "In": place_stopwords.txt and spaCy's stop words)."""
    skip: frozenset[str] = frozenset()
    heads: frozenset[str] = frozenset()
    stop: frozenset[str] = frozenset()


def proximity_args(hit: Hit, mentions: Mentions, text: str, s_start: int, s_end: int,
                   words: Words = Words(), places: list[PlaceMention] | None = None) -> Args:
    """Actor, target and places of a trigger in an unparsed sentence (module doc); ``places``: the
    sentence's :func:`sentence_places`, when the caller has them."""
    args = Args()
    before = [m for m in mentions.actors if m.end <= hit.start]
    after = [m for m in mentions.actors if m.start >= hit.end]
    if before:
        args.actors = [before[-1].actor]
    if after:
        args.targets = [after[0].actor]
    adjacent = adjacent_actor(mentions, text, s_start, hit)
    if adjacent is not None:
        args.actors = [adjacent]
    passive = _passive(text, s_start, hit)
    if passive:  # "seven militants were killed in US-led strikes": those named before are the victims
        victims = before and args.actors == [before[-1].actor]
        args.targets = args.actors[:1] if victims else []
        args.actors = []
    if after and (_BY_AGENT.fullmatch(text[hit.end:after[0].start])
                  or (passive and _INSTRUMENT.fullmatch(text[hit.end:after[0].start]))):
        # "were targeted by the Syrian army aircraft", "killed in US-led air strikes": the agent
        args.targets = [before[-1].actor] if before else []
        args.actors = [after[0].actor]
    if places is None:
        places = sentence_places(text, s_start, s_end, mentions, words)
    chosen = [p for p in places if p.start >= hit.end][:1] or [p for p in places if p.end <= hit.start][-1:]
    if chosen:
        args.places = _with_list(chosen[0], places, text)
    elif not (args.actors or args.targets):  # none named: the country a demonym or name gives ("Ugandan")
        broad = [p for p in mentions.places if p.place is not None and p.place.feature == "country"
                 and not _CAPITAL_AFTER.match(text, p.end)]
        args.places = broad[:1]
    return args


def adjacent_actor(mentions: Mentions, text: str, s_start: int, hit: Hit) -> Actor | None:
    """The actor named right before the trigger: "Russian airstrikes", "Syrian government
    shelling", "rebel shelling" (a mention, or a holder word the theater reads as an actor)."""
    before = [m for m in mentions.actors if m.end <= hit.start]
    if before and hit.start - before[-1].end <= 1:
        start, actor = before[-1].start, before[-1].actor
    else:
        word = re.search(r"([\w.'’-]+)\s+$", text[max(s_start, hit.start - 30):hit.start])
        actor = mentions.holder(word.group(1)) if word is not None and mentions.holder is not None else None
        if actor is None:
            return None
        start = max(s_start, hit.start - 30) + word.start(1)
    # the first named of joint attackers ("Russian and regime airstrikes": Russia, as coders code them)
    first = re.search(r"([\w.'’-]+)\s+and\s+$", text[max(s_start, start - 30):start])
    if first is not None:
        named = [m for m in before if m.end == max(s_start, start - 30) + first.end(1)]
        other = named[0].actor if named else (mentions.holder(first.group(1)) if mentions.holder else None)
        actor = other if other is not None else actor
    return actor


_CLAIMED_AFTER = re.compile(r"\s+(?:has\s+|had\s+|have\s+|also\s+|later\s+|quickly\s+)*claimed\b", re.IGNORECASE)
_CLAIMED_BEFORE = re.compile(r"\bclaimed\s+(?:\w+\s+)?by\s+(?:the\s+)?$", re.IGNORECASE)


def claimed_by(mentions: Mentions, text: str) -> Actor | None:
    """The actor that claimed the sentence's attacks: "claimed by Daesh", "for which Da'esh has
    claimed responsibility", "IS claimed the bombing"; the attacker, whoever condemns it."""
    for m in mentions.actors:
        if _CLAIMED_AFTER.match(text, m.end) or _CLAIMED_BEFORE.search(text[max(0, m.start - 30):m.start]):
            return m.actor
    return None


_DIRECTION = re.compile(r"(?:north|south|east|west)(?:east|west)?(?:ern)?|central|rural", re.IGNORECASE)
_IN_BEFORE = re.compile(r"\b(?:in|at|from|near|of)\s+(?:the\s+)?$", re.IGNORECASE)
_INVERTED = re.compile(r"\s+(?:said|says|reported|added)\s+(?:the\s+)?[A-Z]")
_NEXT_WORD = re.compile(r"\s+([a-z][\w-]*)")


def no_place_name(pm: PlaceMention, text: str, words: Words) -> bool:
    """A place mention whose words name no place: a calendar word, a demonym or community
    adjective ("Jan.", "Shiite"), an acronym or a time the gazetteer does not know ("FNA",
    "800pm"), a direction or generic word alone ("Northeastern", "Hill"), a speaker ("Davis said",
    "Rami Abdel Rahman told AFP"), or a possessive that lost its apostrophe ("Syrias northern
    town", "Aleppos opposition-held areas")."""
    name = pm.text.strip()
    low = name.lower()
    if low in words.skip or low.rstrip(".") in words.skip or (
            _REPORTED.match(text, pm.end) and not _INVERTED.match(text, pm.end)
            and not _IN_BEFORE.search(text[max(0, pm.start - 12):pm.start])):
        return True  # "Davis said"; not "activists in Deir Ezzor said", "in X said the Observatory"
    if all(w.lower() in words.stop for w in name.split()):
        return True  # "In the" of "In the past 24 hours"
    if _ORG_BEFORE.search(text[max(0, pm.start - 40):pm.start]) and _CAPITAL_AFTER.match(text, pm.end):
        return True  # "the Syrian Observatory for Human Rights": a word of an organisation's name
    if pm.place is not None and pm.place.geonameid is not None:
        return False
    if name.isupper() or any(c.isdigit() for c in name) or _DIRECTION.fullmatch(name) or _GENERIC.fullmatch(name):
        return True
    nxt = _NEXT_WORD.match(text, pm.end)
    return " " not in name and low.endswith("s") and nxt is not None and nxt.group(1) not in words.stop


_BE_BEFORE = re.compile(r"\b(?:was|were|been|being|be|is|are|get|got)\s+(?:[a-z]+ly\s+)?$", re.IGNORECASE)
_PREP_AFTER = re.compile(r"\s+(?:by|in|during|when|as|after|while|on|at|near|amid)\b", re.IGNORECASE)


def _passive(text: str, s_start: int, hit: Hit) -> bool:
    """A participle of a transitive attack verb used passively: after a form of "be" ("were
    killed"), or followed straight by a preposition ("31 people killed in shelling", "a convoy hit
    by strikes"): its subject is the victim, not the attacker."""
    word = text[hit.start:hit.end].lower()
    if hit.trigger.pos != "verb" or not word.endswith(("ed", "hit", "struck", "shot", "taken")):
        return False
    return bool(_BE_BEFORE.search(text[max(s_start, hit.start - 30):hit.start])) or bool(_PREP_AFTER.match(text, hit.end))


def sentence_places(text: str, s_start: int, s_end: int, mentions: Mentions,
                    words: Words = Words()) -> list[PlaceMention]:
    """The sentence's places that the text introduces as places (module doc), in text order,
    without those that only locate the place before them; a name the gazetteer does not know is
    a mention with ``place`` None."""
    found: list[PlaceMention] = []
    for pm in _candidates(text, s_start, s_end, mentions, words):
        prev = found[-1] if found else None
        listed = prev is not None and _LIST_GAP.fullmatch(text[prev.end:pm.start]) is not None
        if listed and "," in text[prev.end:pm.start] and (_REPORTED.match(text, pm.end) or (
                pm.place is not None and pm.place.feature in ("country", "admin1"))):
            continue  # "near Sarmada, Syria, Cook said": a locator and a speaker, no list
        if prev is not None and prev.end <= pm.start and _LOCATOR_GAP.fullmatch(text[prev.end:pm.start]):
            continue  # "Tel Minis in the southern countryside of Idlib": Idlib only locates it
        if listed or _cued(text, pm, s_start):
            found.append(pm)
    return found


def _with_list(first: PlaceMention, places: list[PlaceMention], text: str) -> list[PlaceMention]:
    """The chosen place and the later items of its list ("the towns of X and Y")."""
    out = [first]
    for pm in places:
        if pm.start > out[-1].end and _LIST_GAP.fullmatch(text[out[-1].end:pm.start]):
            out.append(pm)
    return out


def _cued(text: str, pm: PlaceMention, s_start: int) -> bool:
    before = text[max(s_start, pm.start - _LOOKBACK):pm.start]
    return bool(_CUE_PREP.search(before)) or bool(_NOUN_AFTER.match(text, pm.end)) \
        or (pm.place is not None and bool(_CUE_VERB.search(before)))


def _candidates(text: str, s_start: int, s_end: int, mentions: Mentions, words: Words) -> Iterable[PlaceMention]:
    """The gazetteer's mentions and the other proper names of the sentence, in text order; no
    name inside an actor's mention, no calendar word, no all-capital acronym the gazetteer does
    not know ("SANA", "UAV")."""
    known = sorted(mentions.places, key=lambda p: p.start)
    out = [p for p in known if p.text.lower() not in words.skip and not _modifier_of_actor(p, mentions, text)]
    taken = sorted([(p.start, p.end) for p in known] + [(a.start, a.end) for a in mentions.actors])
    for m in _NAME.finditer(text, s_start, s_end):
        for start, end in _uncovered(m.start(), m.end(), taken, text):
            out.extend(_name_items(text, start, end, s_start, words, known))
    return sorted(out, key=lambda p: p.start)


def _uncovered(start: int, end: int, taken: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The stretches of a capitalised run that no known mention covers ("Kafar Hamra" between
    "Anadan" and "Maaret": a list without commas where the gazetteer knows some items)."""
    out = []
    for a, b in taken:
        if b <= start or a >= end:
            continue
        if a > start:
            out.append((start, a))
        start = max(start, b)
    if start < end:
        out.append((start, end))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), a + len(text[a:b].rstrip())) for a, b in out
            if re.search(r"[A-Z]", text[a:b])]


def _name_items(text: str, start: int, end: int, s_start: int, words: Words,
                known: list[PlaceMention]) -> list[PlaceMention]:
    """One capitalised run as place candidates: none for a function word, an acronym or a skipped
    word; the items of a list after "the towns of"; else the run as one name."""
    name = text[start:end]
    first = name.split()[0]
    if first.lower() in words.stop:  # "The Mayssar neighbourhood", "In 2016"
        if " " not in name:
            return []
        name, start = name[len(first):].lstrip(), start + len(name) - len(name[len(first):].lstrip())
    if name.isupper() or len(name) < 3 or name.split()[0].lower().split("-")[0] in words.skip \
            or _GENERIC.fullmatch(name):
        return []  # "SANA", "Shiite villages", "the Salem Mosque": no name of a place
    if " " not in name and name.endswith("s") and text.startswith(" ", end) and any(
            p.start == end + 1 for p in known):
        return []  # "in Syrias Idlib province": a possessive whose apostrophe was lost
    if _PLURAL_CUE.search(text[max(s_start, start - 120):start]):  # "the towns of X Y Kafr Z"
        return _items(text, start, end, words.heads)
    return [PlaceMention(start, end, name, None)]


_ARMED_AFTER = re.compile(r"\s+(?:air|strikes?|airstrikes?|forces|troops|frontline|positions?|jets|warplanes|aircraft|"
                          r"military|army|fighters|militias?|drones?|artillery|shelling|raids?|bombing|missiles?|planes|"
                          r"helicopters?)\b", re.IGNORECASE)


def _modifier_of_actor(pm: PlaceMention, mentions: Mentions, text: str) -> bool:
    """A name that is also an actor's, used of its forces: "US air strikes", "a Peshmerga frontline
    position"; the actor, not the place."""
    return any(a.start < pm.end and pm.start < a.end for a in mentions.actors) and bool(_ARMED_AFTER.match(text, pm.end))


_PLURAL_CUE = re.compile(r"(?:\b(?:towns|villages|neighbou?rhoods|areas|districts|suburbs|cities|localities|hamlets)"
                         r"\s+(?:of\s+)?(?:the\s+)?|\bincluding\s+)(?:[A-Z`][\w'’`-]*\s+){0,8}$")
_ITEM_WORD = re.compile(r"\S+")


def _items(text: str, start: int, end: int, heads: frozenset[str]) -> list[PlaceMention]:
    """The items of a list written without commas: a new item at every word but one after a
    name head ("Kafr Hamra") or one opening with the article ("Halab al-Jadideh")."""
    items: list[list[re.Match[str]]] = []
    for w in _ITEM_WORD.finditer(text, start, end):
        word = w.group(0).lower()
        prev = items[-1][-1].group(0).lower() if items else ""
        joined = items and (prev in heads or prev in ("al", "el", "abu", "bin", "ibn", "umm")
                            or re.match(r"(?:al|el|ad|ar|as|ash|at|az|an)-", word) is not None)
        if joined:
            items[-1].append(w)
        else:
            items.append([w])
    return [PlaceMention(ws[0].start(), ws[-1].end(), text[ws[0].start():ws[-1].end()], None) for ws in items]


_SUBJECT_FIRST = re.compile(r"\s*((?:(?:The|the)\s+)?(?:[A-Z][\w'’-]*\s+){0,3}([a-z]+))\s+[a-z]+(?:ed|ing)?\b")
_SUBJECT_BEFORE = re.compile(r"((?:[A-Z][\w'’-]*\s+){0,3}([a-z]+))\s+(?:[a-z]+\s+){0,1}$")


def military_subject(text: str, s_start: int, hit: Hit, lexicons: Lexicons) -> list[Actor]:
    """In an unparsed sentence, armed forces the lexicon does not name right before the trigger
    ("Serb forces killed ...", "Government troops shelled ..."): an actor of faction "unknown"."""
    m = _SUBJECT_BEFORE.search(text[max(s_start, hit.start - 60):hit.start])
    if m is None or m.group(2) not in lexicons.military_words:
        # the sentence opens with armed forces ("Serb-led forces launched ..., killing 50")
        m = _SUBJECT_FIRST.match(text[s_start:hit.start])
        if m is None or m.group(2) not in lexicons.military_words:
            return []
    words = m.group(1).strip()
    return [Actor(text=words, name=words, faction="unknown", government=None)]


__all__ = ["Words", "adjacent_actor", "claimed_by", "no_place_name", "proximity_args", "sentence_places", "military_subject"]
