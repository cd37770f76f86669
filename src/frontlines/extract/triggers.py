"""Finding event triggers in a sentence: lexicon lemmas with their constraints (particles,
prepositions, light verbs), and the modal context that can cancel a control change."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..lexicons import Lexicons, Trigger
from .triggers_modal import extra_list, modal_context, purpose_infinitive, unfinished_nominal

_PROXIMITY_TYPES = ("attack", "clash")
_DETERMINERS = frozenset("a an the this that these those its their his her our".split())


@dataclass(frozen=True)
class Hit:
    """A trigger found in a sentence. ``token`` is the spaCy token (None in proximity mode);
    ``light`` the light verb governing a nominal trigger ("took control"), if any."""

    trigger: Trigger
    type: str
    start: int
    end: int
    token: Any = None
    light: Any = None
    modal: str = ""  # "" | "negated" | "blocked" (attempted) | "wanted" | "intent" | "background"


def reduced_clause(tok: Any) -> bool:
    """A verb the parser attached as an adjective although it has its own subject ("The Syrian
    army controlled Fajjarat village", "IS captured Qaryatein town" parsed like "the
    army-controlled village"). Hyphenated attributes ("IS-held") are not clauses."""
    if tok.dep_ != "amod" or tok.tag_ not in ("VBD", "VBN") or tok.head.i <= tok.i:
        return False
    if tok.i > 1 and tok.doc[tok.i - 1].text in ("-", "–") and tok.doc[tok.i - 2].lower_ == "re":
        return True  # "SDF re-captured X village": the prefix split the verb off
    if tok.i > 0 and tok.doc[tok.i - 1].text in ("-", "–"):
        return False
    root = tok.sent.root
    if root.pos_ not in ("VERB", "AUX") and tok.i > tok.sent.start and not any(
            t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "acl", "relcl") and t.i < tok.i
            for t in tok.doc[tok.sent.start:tok.i]) and not any(
            t.pos_ == "ADP" for t in tok.doc[tok.sent.start:tok.i]) and any(
            t.dep_ in ("nsubj", "nmod", "compound") and t.tag_ in ("NNS", "NNPS", "NNP")
            for t in tok.doc[tok.sent.start:tok.i]):
        return True  # "Regime forces and QDW captured X village east of Homs": no verb but this one
    if any(c.dep_ in ("nsubj", "npadvmod", "auxpass", "nsubjpass") and c.i < tok.i for c in tok.children):
        return True
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if tok.tag_ == "VBD" and nxt is not None and nxt.tag_ in ("NNP", "NNPS") and nxt.i < tok.head.i \
            and any(a.i == tok.head.i for a in nxt.ancestors) \
            and any(t.tag_ in ("NNS", "NNP", "NNPS", "NN") for t in tok.doc[tok.sent.start:tok.i]):
        return True  # "FSA fighters, likely ..., controlled Ali Jaru village": a finite verb, a name after it
    # "militias controlled Jana village": the subject was attached to the object noun, and a name
    # follows the verb (not "the regime controlled areas", an attribute)
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return (prev is not None and prev.tag_ in ("NNS", "NNPS") and prev.head.i == tok.head.i
            and prev.dep_ in ("nmod", "compound", "amod") and tok.i + 1 < len(tok.doc)
            and tok.doc[tok.i + 1].tag_ in ("NNP", "NNPS") and tok.doc[tok.i + 1].head.i == tok.head.i)


def _child_words(tok: Any) -> set[str]:
    out = set()
    for c in tok.children:
        out.add(c.lower_)
        if c.dep_ in ("prt", "prep", "advmod"):
            out.update(g.lower_ for g in c.children if g.dep_ == "prep")
    return out


def _takes_something(tok: Any, words: set[str]) -> bool:
    objs = [c for c in tok.children if c.dep_ in ("dobj", "attr", "oprd")]
    if any(o.lower_ in _NOT_TAKEN for o in objs):
        return False  # "took part", "was taken prisoner"
    if "over" in words or (tok.tag_ == "VBN" and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)):
        return True
    return bool(objs)


#: objects with which "take" names no taking of ground
_NOT_TAKEN = frozenset({"place", "part", "advantage", "care", "steps", "measures", "prisoner", "prisoners", "hostage",
                        "hostages", "captive", "captives"})


def _light_verb(tok: Any, depth: int = 0) -> Any:
    """The verb whose object (or object's preposition object) this noun is."""
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass", "attr") and head.pos_ in ("VERB", "AUX"):
        return head
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB" \
            and head.lower_ not in ("with", "without", "despite", "amid"):
        return head.head  # not "with international support, the rebels ...": a circumstance
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ in ("dobj", "nsubjpass") \
            and head.head.head.pos_ == "VERB":
        return head.head.head  # "gave X 5 million dollars of aid", "sent 700 kg of medicine"
    if tok.dep_ == "conj" and head.i < tok.i and head.pos_ in ("NOUN", "PROPN") and depth < 3:
        return _light_verb(head, depth + 1)  # "sent food and medicine", "launched artillery and rocket fire"
    return None


def parsed_hits(span: Any, lexicons: Lexicons) -> list[Hit]:
    """Triggers in a parsed sentence span."""
    hits: list[Hit] = []
    for tok in span:
        lemma = tok.lemma_.lower()
        trig = None
        light = None
        if tok.pos_ in ("VERB", "AUX") or (tok.tag_.startswith("VB")):
            trig = lexicons.verbs.get(lemma) or _verb_forms(lexicons).get(tok.lower_)
        elif tok.pos_ in ("NOUN", "PROPN"):
            trig = lexicons.nouns.get(lemma) or lexicons.nouns.get(tok.lower_)
            if trig is not None:
                light = _light_verb(tok)
        if trig is None and tok.pos_ in ("NOUN", "PROPN") and lemma in extra_list(lexicons, "state_of"):
            trig = Trigger(lemma, "noun", "attack", "strike", "COERCE")  # "a state of emergency"
        if trig is None:
            continue
        if trig.pos == "noun" and lemma in extra_list(lexicons, "state_of"):
            if not (tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() == "state"):
                if trig.type == "attack":
                    continue
            else:
                trig = Trigger(lemma, "noun", "attack", "strike", "COERCE")
                light = _light_verb(tok.head.head)
                if light is None or light.lemma_.lower() in extra_list(lexicons, "lift_verbs"):
                    continue  # "lifted the state of emergency", "under a state of siege"
        if trig.pos == "noun" and lemma in extra_list(lexicons, "retreat_when_undone") and light is not None \
                and light.lemma_.lower() in extra_list(lexicons, "undo_verbs"):
            trig = Trigger(lemma, "noun", "yield", "concede", "RETREAT")  # "lifted the blockade"
        if trig.type == "attack" and trig.plover != "COERCE" and any(
                c.dep_ in ("compound", "amod") and c.lower_ in extra_list(lexicons, "coerce_modifiers")
                for c in tok.children):
            trig = dataclasses.replace(trig, plover="COERCE")  # "a cyber attack"
        if trig.type == "protest":
            trig = _protest(tok, trig, light, lexicons)
            if trig is None:
                continue
        if trig.pos == "verb" and any(c.dep_ == "det" for c in tok.children):
            continue  # "evacuated the wounded": a participle used as a noun, no event of its own
        if trig.pos == "verb" and lemma in extra_list(lexicons, "military_object_verbs") \
                and not _armed_object(tok, lexicons):
            continue  # "mobilized pressure groups": not armed personnel
        if trig.pos == "noun" and tok.dep_ == "compound" and tok.head.lower_ in lexicons.military_words:
            continue  # "invasion forces", "attack helicopters": a kind of force, not an event
        if tok.dep_ == "amod" and not reduced_clause(tok):
            continue  # "Turkish-backed", "the besieged town": an attribute, not an event
        if trig.type in _PROXIMITY_TYPES and any(
                c.dep_ in ("compound", "amod") and (c.lower_ in extra_list(lexicons, "not_violence_modifiers")
                                                    or c.lower_.endswith(("-day", "-hour", "-week")))
                for c in tok.children):
            if lemma != "strike":
                continue
            trig = _STRIKE  # "a hunger strike", "the general strike": labour or protest action
        words = _child_words(tok)
        if trig.pos == "verb" and lemma in extra_list(lexicons, "expel_out_verbs") and words & {"out", "from"} \
                and any(c.dep_ == "dobj" for c in tok.children):
            trig = Trigger(lemma, "verb", "control_change", "withdraw_active")  # "pushed ISIL out of Kobane"
        if trig.needs and not words & set(trig.needs):
            continue
        if trig.needs_prep and not words & set(trig.needs_prep):
            continue
        if trig.needs_verb and (light is None or not _verb_in(light, trig.needs_verb)):
            continue
        etype = trig.type
        if trig.pos == "verb" and trig.lemma == "swear" and ("in" in words or not any(
                c.dep_ in ("xcomp", "ccomp", "advcl") for c in tok.children)):
            continue  # "was sworn in", "swore loyalty": only "swore to fight", "swore that ..."
        if trig.pos == "verb" and lemma == "take" and not _takes_something(tok, words):
            continue  # "clashes took place", "took part": only "took X", "took over", "X was taken"
        if trig.pos == "noun" and lemma == "control":
            if light is not None and light.lemma_.lower() in lexicons.control_verbs:
                etype = "control_change"
            else:
                continue  # "under the control of", "X-controlled": no event of its own
        if trig.pos == "verb" and etype == "control_claim" and _adjectival(tok):
            continue  # "IS controlled enclave", "regime controlled areas": "X-controlled" without its hyphen
        if trig.pos == "verb" and etype == "control_claim" and _achieved(tok, lexicons):
            etype = "control_change"  # "managed to control the town", "advanced and controlled X"
        if trig.pos == "verb" and etype == "control_claim" and _simple_past(tok) \
                and not any(c.dep_ in ("aux", "auxpass", "mark") for c in tok.children):
            etype = "control_change"  # "rebels controlled the village after clashes": a news report
        if etype == "advance" and _gains_ground(tok, light, words, lexicons):
            etype = "control_change"  # "advanced in X", "made advances in X": ground taken at X
        modal = modal_context(tok, light, lexicons, trig.needs_verb)
        if etype == "control_change" and not modal and (purpose_infinitive(tok, light, lexicons) or (
                trig.pos == "noun" and unfinished_nominal(tok, lexicons))):
            # "an operation to liberate Mosul", "the final liberation of X": an advance at most; none
            # where the operation itself is told as to come ("the role forces will play in the operation to ...")
            modal = "wanted" if _intended_above(light if light is not None else tok, lexicons) else "blocked"
        hits.append(Hit(trig, etype, tok.idx, tok.idx + len(tok.text), tok, light, modal))
    return hits


_STRIKE = Trigger("strike", "noun", "protest", "concede", "PROTEST")


def _intended_above(tok: Any, lexicons: Lexicons) -> bool:
    """A verb above the trigger (up to four heads) carries an auxiliary of intent ("will play")."""
    node = tok
    for _ in range(4):
        if node.head.i == node.i:
            return False
        node = node.head
        if any(c.dep_ == "aux" and c.lower_ in lexicons.intent_aux for c in node.children):
            return True
    return False


def _protest(tok: Any, trig: Trigger, light: Any, lexicons: Lexicons) -> Trigger | None:
    """A protest trigger as used here: suppressed by force ("police prevented the demonstration":
    COERCE), or no protest at all ("riot police", "demonstrated its resolve", "troops blocked the
    road", "blocked the deal")."""
    if trig.pos == "noun":
        if light is not None and light.lemma_.lower() in extra_list(lexicons, "suppress_verbs"):
            suppress = tuple(sorted(extra_list(lexicons, "suppress_verbs")))
            return Trigger(trig.lemma, "noun", "attack", "strike", "COERCE", needs_verb=suppress)
        return None if tok.dep_ == "compound" else trig
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if trig.lemma in extra_list(lexicons, "intransitive_protest"):
        return None if any(c.dep_ == "dobj" for c in tok.children) else trig
    if trig.lemma in extra_list(lexicons, "obstruct_verbs"):
        if not any(o.lemma_.lower() in extra_list(lexicons, "obstruct_objects") for o in objs):
            return None
        subj = [t for c in tok.children if c.dep_ == "nsubj" for t in c.subtree]
        if any(t.lower_ in lexicons.military_words for t in subj):
            return None  # troops blocking a road restrict movement: not a protest
    return trig


def _armed_object(tok: Any, lexicons: Lexicons) -> bool:
    """The verb has no object, or its object names armed personnel ("army reservists")."""
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if not objs:
        return True
    words = lexicons.military_words | extra_list(lexicons, "armed_personnel")
    return any(t.lower_ in words for o in objs for t in o.subtree)


def _achieved(tok: Any, lexicons: Lexicons) -> bool:
    """A control verb that completes an achievement: "managed to control", "advanced to control",
    "managed to advance and control" (the verb coordinated with such a verb)."""
    node = tok
    if node.dep_ == "conj" and node.head.i < node.i:
        node = node.head
        if node is not tok and node.lemma_.lower() in lexicons.achieve_verbs and node.pos_ == "VERB":
            return True
    if node.dep_ == "pcomp" and node.head.lower_ == "by" and node.head.head.i != node.head.i:
        # "achieved a new advancement by controlling X"
        gov = node.head.head.lemma_.lower()
        return gov in lexicons.achieve_verbs or gov in extra_list(lexicons, "gain_light_verbs")
    return (node.head.i != node.i and node.dep_ in ("xcomp", "acomp")
            and node.head.lemma_.lower() in lexicons.achieve_verbs)


def _adjectival(tok: Any) -> bool:
    """"controlled" between a bare name and a bare common noun ("IS controlled enclave",
    "regime controlled areas"): the compound adjective "X-controlled" written without its hyphen,
    not a clause ("IS controlled the enclave"); or any such participle the parser already reads as
    a modifier with its holder attached ("the opposition held area of X")."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if tok.dep_ == "amod" and nxt is not None and nxt.tag_ in ("NN", "NNS") and nxt.is_lower and any(
            c.dep_ in ("npadvmod", "compound", "nmod") and c.i == tok.i - 1 for c in tok.children):
        return True  # not "HTS controlled Kafr Ein village" (a name follows: a telegraphic clause)
    if tok.lower_ != "controlled" or tok.i == 0 or tok.i + 1 >= len(tok.doc):
        return False
    prev, nxt = tok.doc[tok.i - 1], tok.doc[tok.i + 1]
    if nxt.tag_ not in ("NN", "NNS") or not nxt.is_lower:
        return False
    if prev.tag_ not in ("NNP", "NNPS", "NN") or (prev.is_lower and prev.lower_ != "regime"):
        return False
    return not any(c.dep_ in ("det", "poss", "nummod", "amod") and c.i != tok.i for c in nxt.children)


def _simple_past(tok: Any) -> bool:
    """A finite past verb: "VBD", or a main-clause "VBN" with a subject and no auxiliary (the
    tagger's frequent error in telegraphic reports: "The fighters ... controlled X village")."""
    if tok.tag_ == "VBD" or reduced_clause(tok):
        return True
    if tok.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return False
    if tok.dep_ == "conj" and tok.head.tag_ == "VBD" and not any(c.dep_ in ("aux", "auxpass") for c in tok.head.children):
        return True  # "rebels progressed and controlled X": coordinated with a finite past verb
    return tok.dep_ in ("ROOT", "conj") and any(c.dep_ == "nsubj" for c in tok.children)


def _gains_ground(tok: Any, light: Any, words: set[str], lexicons: Lexicons) -> bool:
    """An advance that reports ground taken at a place: "advanced in X", "advances into X",
    "made advances" / "achieved advancement" (not "advanced toward X", "pushed on X")."""
    if tok.lemma_.lower() not in extra_list(lexicons, "gain_advances"):
        return False
    preps = {c.lower_ for c in tok.children if c.dep_ == "prep"}
    if light is not None:
        if light.lemma_.lower() not in extra_list(lexicons, "gain_light_verbs"):
            return False
        preps |= {c.lower_ for c in light.children if c.dep_ == "prep"}
    elif not preps & extra_list(lexicons, "gain_preps"):
        return False
    if any(t.lower_ in _DISTANCES for c in tok.children if c.dep_ in ("npadvmod", "dobj", "advmod") for t in c.subtree):
        return False  # "advanced 0.3 miles in the Alexandria neighborhood": ground gained, no place taken
    return not preps & extra_list(lexicons, "toward_preps")


_DISTANCES = {"mile", "miles", "km", "kilometre", "kilometres", "kilometer", "kilometers", "metre", "metres", "meter",
              "meters", "yards"}


def _verb_forms(lexicons: Lexicons) -> dict[str, Trigger]:
    """Irregular forms the lemmatiser may not know ("retook", "overran")."""
    cached = lexicons._cache.get("verb_forms")
    if cached is None:
        cached = {f.lower(): t for t in lexicons.verbs.values() for f in t.forms}
        lexicons._cache["verb_forms"] = cached
    return cached


def proximity_hits(text: str, start: int, end: int, lexicons: Lexicons) -> list[Hit]:
    """Attack and clash triggers in an unparsed sentence, by word form."""
    import re

    forms = _proximity_forms(lexicons)
    hits = []
    for i, m in enumerate(re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)*", text[start:end])):
        w = m.group(0)
        if i and w[0].isupper():
            continue
        trig = forms.get(w.lower())
        if trig is None:
            continue
        before = [x.lower() for x in re.findall(r"[A-Za-z'’-]+", text[max(start, start + m.start() - 40):start + m.start()])]
        if before and (before[-1] in extra_list(lexicons, "not_violence_modifiers")
                       or before[-1].endswith(("-day", "-hour", "-week"))):
            if w.lower() in ("strike", "strikes"):  # "hunger strike", "general strike": a protest
                hits.append(Hit(_STRIKE, "protest", start + m.start(), start + m.end()))
            continue
        nxt = re.match(r"\s+([A-Za-z]+)", text[start + m.end():end])
        if nxt and nxt.group(1).lower() in lexicons.military_words:
            continue  # "attack helicopters", "invasion forces"
        if set(before[-2:]) & lexicons.intent_aux:
            continue  # "would blockade", "will strike": no event (yet)
        if set(before[-3:]) & _unreal_heads(lexicons):
            continue  # "prepared to resume shelling", "demanded an attack": not (yet) an event
        if set(before[-3:]) & _verb_inflections(tuple(extra_list(lexicons, "lift_verbs"))):
            continue  # "lifted the curfew", "violated a ban": the measure undone or defied
        if trig.pos == "verb" and before and before[-1] in _DETERMINERS:
            continue  # "at this jail": a noun, not the verb trigger (noun triggers come first)
        if trig.needs_verb and not set(before[-4:]) & _verb_inflections(trig.needs_verb):
            continue  # "imposed a curfew", not "lifted the curfew"
        if before and before[-1] in extra_list(lexicons, "coerce_modifiers"):
            trig = dataclasses.replace(trig, plover="COERCE")  # "a cyber attack"
        hits.append(Hit(trig, trig.type, start + m.start(), start + m.end()))
    return hits


def _unreal_heads(lexicons: Lexicons) -> set[str]:
    """Word forms of the modal_block verbs that never report the event itself (not the attempt
    heads, not light verbs such as "launched", not "ordered")."""
    cached = lexicons._cache.get("unreal_heads")
    if cached is None:
        heads = lexicons.modal_block - extra_list(lexicons, "attempt_heads") - lexicons.light_verbs - {"order"}
        cached = lexicons._cache["unreal_heads"] = _verb_inflections(tuple(sorted(heads)))
    return cached


def _verb_in(tok: Any, verbs: tuple[str, ...]) -> bool:
    """The verb is one of ``verbs``, by lemma or, when the lemmatiser erred ("staged" -> "stag"),
    by its inflected form."""
    return tok.lemma_.lower() in verbs or (tok.tag_.startswith("VB") and tok.lower_ in _verb_inflections(verbs))


def _verb_inflections(verbs: tuple[str, ...]) -> set[str]:
    from ..lexicons import _inflect

    out: set[str] = set()
    for v in verbs:
        out |= _inflect(v, "verb")
    return out


def _proximity_forms(lexicons: Lexicons) -> dict[str, Trigger]:
    cached = lexicons._cache.get("proximity_forms")
    if cached is None:
        from ..lexicons import _inflect

        cached = {}
        for trig in list(lexicons.nouns.values()) + list(lexicons.verbs.values()):
            if trig.type in _PROXIMITY_TYPES and not trig.needs and not trig.needs_prep:
                for f in _inflect(trig.lemma, trig.pos) | {x.lower() for x in trig.forms}:
                    cached.setdefault(f, trig)
        lexicons._cache["proximity_forms"] = cached
    return cached
