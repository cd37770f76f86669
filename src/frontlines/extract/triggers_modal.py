"""The modal context of a trigger: whether the event it names happened ("did not capture",
"attempted to capture", "conflicting reports claimed that X took", "took partial control of"), and
the untyped word lists of triggers.yaml."""
from __future__ import annotations

from typing import Any

from ..lexicons import Lexicons


def extra_list(lexicons: Lexicons, key: str) -> frozenset[str]:
    """A word list of triggers.yaml that the lexicon loader does not type (read once, cached on
    the lexicons object)."""
    cache = lexicons._cache.setdefault("trigger_extras", {})
    if key not in cache:
        if "" not in cache:  # the file is parsed once for every list
            from ..lexicons import read_yaml

            cache[""] = read_yaml("triggers.yaml", lexicons.extra_dir) or {}
        cache[key] = frozenset(str(w).lower() for w in (cache[""].get(key) or ()))
    return cache[key]


def modal_context(tok: Any, light: Any, lexicons: Lexicons, needs_verb: tuple[str, ...] = ()) -> str:
    anchor = light if light is not None else tok
    ll = light.lemma_.lower() if light is not None else ""
    if ll and ll not in needs_verb and ll in lexicons.cancel_heads:
        return "negated"  # "rejected an ultimatum", "opposed the deployment"
    if ll and ll not in needs_verb and ll in lexicons.modal_block and ll not in lexicons.light_verbs:
        return "wanted"  # "demanded the withdrawal" (not "pledged support", a light verb)
    if anchor.dep_ == "csubj":
        return "wanted"  # "removing the sanctions is out of the question": a topic, not a report
    for c in list(anchor.children) + list(tok.children):
        if c.dep_ == "neg" or c.lower_ in lexicons.negations and c.dep_ in ("neg", "advmod", "det"):
            return "negated"
    node = anchor
    for _ in range(4):  # walk up the clause: "attempted to capture", "repelled an attempt to seize"
        if node.dep_ == "acl" and any(c.dep_ == "agent" for c in node.children):
            break  # "to retake the village of Zaara captured by the rebels": a reduced relative, its own event
        head = node.head
        if head.i == node.i:
            break
        hl = head.lemma_.lower()
        if (node.dep_ in ("xcomp", "acl", "ccomp", "advcl", "pcomp", "pobj", "prep") or _to_relative(node)) \
                and hl in lexicons.modal_block:
            # "attempted to capture X" is an advance on X; "demanded to regain X" no event at all
            return "blocked" if hl in extra_list(lexicons, "attempt_heads") else "wanted"
        if hl in lexicons.cancel_heads:
            return "blocked"
        if any(c.dep_ == "neg" for c in head.children) and node.dep_ in ("xcomp",):
            return "negated"
        if node.dep_ not in ("xcomp", "acl", "pcomp", "pobj", "prep", "dobj", "compound", "conj") \
                and not _to_relative(node):
            break
        node = head
    if _doubted(anchor, lexicons) or _partial(tok, anchor, lexicons):
        return "blocked"  # "conflicting reports claimed that X took ...", "took partial control of"
    objs = [g for c in tok.children if c.dep_ == "dobj" for g in c.children]  # "took brief control"
    if any(c.lower_ in lexicons.transient for c in list(anchor.children) + list(tok.children) + objs):
        return "blocked"  # "briefly captured X before losing it"
    if _hypothetical(anchor, lexicons):
        return "wanted"  # "if Manbij is captured", "the fall of Kobane would mark": not (yet) an event
    aux = [c.lower_ for c in anchor.children if c.dep_ in ("aux", "auxpass")]
    if set(aux) & lexicons.intent_aux:
        return "intent"
    if "had" in aux and anchor.tag_ == "VBN":
        return "background"
    return ""


def purpose_infinitive(tok: Any, light: Any, lexicons: Lexicons) -> bool:
    """A capture told as an aim, not as done: a to-infinitive ("an operation to liberate Mosul",
    "battling to take control of Aleppo", "continue to liberate territory") that no achievement verb
    governs ("managed to", "were able to", "advanced to control") and that is no perfect infinitive
    ("is reported to have captured")."""
    node = light if light is not None else tok
    if node.dep_ == "conj" and node.head.i < node.i:
        node = node.head  # "to retake X and capture Y"
    auxes = [c for c in node.children if c.dep_ in ("aux", "auxpass")]
    if not any(c.lower_ == "to" for c in auxes) or any(c.lemma_.lower() == "have" for c in auxes):
        return False
    if node.dep_ in ("acl", "relcl") and any(c.lower_ in _RANKED for c in node.head.children):
        return False  # "the latest city to fall to the rebels is X": a ranked event that happened
    return node.head.i == node.i or node.head.lemma_.lower() not in lexicons.achieve_verbs


#: modifiers that rank a noun among events that happened ("the latest city to fall", "the first town to be taken")
_RANKED = frozenset({"latest", "last", "first", "second", "third", "fourth", "fifth", "only", "recent"})


def unfinished_nominal(tok: Any, lexicons: Lexicons) -> bool:
    """A capture named as a noun that is not (yet) done: "the final liberation of Raqqa" (one of
    ``unfinished_modifiers``), "the liberation of the city began Oct. 17" (the subject of one of
    ``unfinished_heads``): an operation under way, an advance at most."""
    if any(c.dep_ in ("amod", "advmod") and c.lower_ in extra_list(lexicons, "unfinished_modifiers")
           for c in tok.children):
        return True
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in extra_list(lexicons, "unfinished_heads")


def _hypothetical(anchor: Any, lexicons: Lexicons) -> bool:
    """A condition ("if X is captured", "unless ...") on the trigger's clause, or a nominal
    trigger that is the subject of a modal verb ("the fall of Kobane would mark a victory")."""
    marks = extra_list(lexicons, "hypothetical_marks")
    node = anchor
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in marks for c in node.children):
            return True
        if node.dep_ in ("nsubj", "nsubjpass") and node.head.i != node.i and any(
                c.dep_ == "aux" and c.lower_ in lexicons.intent_aux for c in node.head.children):
            return anchor.pos_ == "NOUN"
        if node.dep_ not in ("conj", "xcomp", "pobj", "prep") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _doubted(anchor: Any, lexicons: Lexicons) -> bool:
    """The clause is reported by a source the report itself doubts ("conflicting reports said",
    "reports conflicted as to whether ...", "allegedly captured")."""
    if any(c.lower_ in extra_list(lexicons, "doubt_adverbs") for c in anchor.children):
        return True
    node = anchor
    for _ in range(4):
        if node.dep_ not in ("ccomp", "conj", "xcomp", "pcomp", "pobj", "prep", "advcl") or node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in extra_list(lexicons, "doubt_verbs"):
            return True
        for c in node.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in ("report", "source", "claim") and any(
                    g.dep_ in ("amod", "compound", "det") and g.lower_ in extra_list(lexicons, "doubt_modifiers")
                    for g in c.children):
                return True
    return False


def _partial(tok: Any, anchor: Any, lexicons: Lexicons) -> bool:
    """Control over part of a place: "partial control", "partially captured", "the northern parts"."""
    mods = extra_list(lexicons, "partial_modifiers")
    if any(c.lower_ in mods for c in list(anchor.children) + list(tok.children)):
        return True
    objs = [c for c in list(tok.children) + list(anchor.children) if c.dep_ in ("dobj", "nsubjpass")]
    objs += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "over") for g in c.children
             if g.dep_ == "pobj"]
    for o in objs:
        if any(c.lower_ in mods for c in o.children):
            return True  # "took partial control", "nearly full control"
        if o.lemma_.lower() in extra_list(lexicons, "partial_objects") and any(
                c.dep_ in ("amod", "det", "compound") and c.lower_ in extra_list(lexicons, "partial_object_modifiers")
                for c in o.children):
            return True
    return False


def _to_relative(node: Any) -> bool:
    """An infinitival relative clause: "a call for forces to be deployed"."""
    return node.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
