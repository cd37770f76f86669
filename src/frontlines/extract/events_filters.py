"""Reports that are no events of their own, and places that are no event's place.

Each predicate reads one trigger (:class:`~frontlines.extract.triggers.Hit`) with its sentence:
a fight described as a state rather than an occasion, a clash with one side only, a death toll of
the whole war, and a country that names an attack's actor rather than its place ("US air attacks").
"""
from __future__ import annotations

import re

from ..lexicons import Lexicons
from ..model import Actor
from .doc import PlaceMention
from .triggers import Hit
from .triggers_modal import extra_list


_STRIKE_NOUNS = {"strike", "airstrike", "raid", "sortie", "bombardment", "shelling"}


def ongoing(hit: Hit) -> bool:
    """A fight described as a state, not an occasion: a participle modifying its fighters ("the
    US-led coalition fighting Daesh", "rebels fighting to overthrow Assad"), a progressive or a
    duration ("is fighting Daesh", "has been battling ISIL since June"); and strikes that
    "engaged" a unit, which are attacks, not fighting."""
    tok = hit.token
    if tok is None or hit.trigger.pos != "verb":
        return False
    if tok.lemma_.lower() == "engage" and any(c.dep_ == "nsubj" and c.lemma_.lower() in _STRIKE_NOUNS
                                              for c in tok.children):
        return True
    if tok.tag_ == "VBG" and tok.dep_ in ("acl", "relcl", "advcl", "amod"):
        return True
    aux = {c.lower_ for c in tok.children if c.dep_ == "aux"}
    if tok.tag_ == "VBG" and aux & {"is", "are", "was", "were", "been", "'s", "'re"}:
        return True
    return any(c.dep_ == "prep" and c.lower_ == "since" for c in tok.children)


def two_sides(actors: list[Actor], targets: list[Actor]) -> bool:
    """Both sides of a clash are named, and they differ ("clashes between the army and IS")."""
    if not actors or not targets:
        return False
    a = actors[0]
    return any(t.faction != a.faction or (a.faction == "unknown" and t.name != a.name) for t in targets)


_SINCE = re.compile(r"\bsince\b[^.;]{0,60}\b(?:conflict|war|uprising|revolution|crisis|unrest)\b"
                    r"|\bsince (?:the )?(?:start|beginning|outbreak|onset)\b", re.IGNORECASE)


def war_total(sentence: str) -> bool:
    """A death toll of the whole war ("have been killed in Syria since the conflict began"):
    context, not an event."""
    return bool(_SINCE.search(sentence))


def modifies_trigger(pm: PlaceMention, hit: Hit, text: str) -> bool:
    """A country named right before a nominal trigger is its actor, not its place ("US air
    attacks", "a U.S. strike", "Turkish shelling")."""
    if pm.place is None or pm.place.feature != "country" or hit.trigger.pos != "noun":
        return False
    gap = text[pm.end:hit.start]
    return 0 <= len(gap) <= 12 and "," not in gap and not any(w in gap.lower().split() for w in ("in", "on", "at"))


def abstract_object(hit: Hit, lexicons: Lexicons) -> bool:
    """A movement verb used of something that is not armed and not a place ("reinforce our bonds",
    "advance the progress", "reinforces why ..."): its object is neither armed forces nor a place."""
    tok = hit.token
    if tok is None or hit.trigger.pos != "verb":
        return False
    objs = [c for c in tok.children if c.dep_ in ("dobj", "ccomp", "xcomp")]
    if not objs:
        return False
    armed = lexicons.military_words | lexicons.place_nouns
    return all(not ({t.lower_ for t in o.subtree} & armed) and not any(t.pos_ == "PROPN" for t in o.subtree)
               for o in objs)


#: "repelled an attack", "foiled a large attack", "fended off an assault": met by fighting
_REPELLED = re.compile(r"\b(?:(repel|repell|repuls|foil|thwart)|fend\w*\s+off|fought\s+off|beat\w*\s+back)\w*"
                       r"\s+(?:(?:an?|the|two|three|several|multiple|their|its)\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)


def repelled(hit: Hit, text: str) -> str | None:
    """An attack noun that is the object of "repelled", "foiled", "fended off" ("regime forces
    repelled an attack by rebels"): the attack met by fighting is a clash (GUIDELINES). "trigger"
    when the verb is a clash trigger of its own (its clash is the event), "phrase" when it is not
    ("fended off", "fought off", "beat back": the attack becomes the clash), else None."""
    if hit.trigger.pos != "noun":
        return None
    m = _REPELLED.search(text[max(0, hit.start - 40):hit.start])
    return None if m is None else "trigger" if m.group(1) else "phrase"


_FIGHT_PREPS = {"in", "during", "amid", "amidst"}


def fight_casualties(hit: Hit, lexicons: Lexicons) -> bool:
    """"17 troops were killed in fighting with IS", "killed in two days of clashes": the dead of a
    fight that the sentence names are the clash's, not a one-sided attack of their own."""
    tok = hit.token
    if tok is None or hit.trigger.pos != "verb" or hit.trigger.lemma not in extra_list(lexicons, "casualty_verbs"):
        return False
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in _FIGHT_PREPS):
        for t in prep.subtree:
            trig = lexicons.nouns.get(t.lemma_.lower()) or lexicons.nouns.get(t.lower_)
            if t.pos_ in ("NOUN", "PROPN") and trig is not None and trig.type == "clash":
                return True
    return False


_ONE_SIDED = re.compile(r"\b(?:air|aircraft|aerial|warplanes?|jets?|planes?|drones?|helicopters?|air\s?strikes?|strikes?|"
                        r"raids?|shell\w*|bomb\w*|missiles?|rockets?|artillery|mortars?|barrel|execut\w*|massacre\w*|"
                        r"suicide|explosi\w*|blasts?|civilians?|children|women|hostages?|prisoners?|detainees?|holding)\b",
                        re.IGNORECASE)


def fighters_killed(hit: Hit, actor: Actor | None, target: Actor | None, sentence: str) -> bool:
    """"The army killed 15 IS fighters near X", "SDF forces killed 47 Daesh militants": armed men
    of one side killed by the other's ground forces are fighting between the two (a clash); not
    when air power, shelling or bombs did it, nor when the dead are civilians or prisoners."""
    if hit.trigger.lemma != "kill" or hit.trigger.pos != "verb" or actor is None or target is None:
        return False
    if "unknown" in (actor.faction, target.faction) or actor.faction == target.faction:
        return False
    return not _ONE_SIDED.search(sentence)
