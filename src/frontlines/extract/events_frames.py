"""Frames: for each kind of trigger, which parse positions hold the actor, target and place."""
from __future__ import annotations

from typing import Any

from ..model import Actor
from .events_args import (Args, Mentions, copular_complement, listed_after, is_passive, np_tokens,
                          objects, passive_agent, prep_objects, region_of, subject_of, where_clause)
from .events_anaphora import anaphor_noun, anaphoric, antecedent
from .events_places import generic_places, place_from, placeish, unnamed_places
from .triggers import Hit

_MOVE_PREPS = {"toward", "towards", "on", "into", "to", "near", "around", "in", "against", "upon", "onto",
               "outside", "inside", "at"}
_SIDE_PREPS = {"with", "against", "between"}
_LOC_PREPS = {"in", "at", "near", "around", "on", "inside", "outside", "across", "along", "within", "into",
              "over", "of", "throughout", "between"}


def unknown_actor(toks: list[Any]) -> Actor | None:
    """An actor the lexicon does not know: the head of a noun phrase naming people or a body
    ("A French minister", "Palestinian leaders", "The European Community"), faction "unknown"."""
    if not toks:
        return None
    ids = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    head = heads[0] if heads else toks[0]
    if head.pos_ not in ("NOUN", "PROPN") or head.lemma_.lower() in _NOT_ACTORS:
        return None
    words = [t for t in head.subtree if t.i in ids and t.dep_ in ("compound", "amod", "poss", "flat", "nmod")
             and t.i < head.i] + [head]
    text = " ".join(t.text for t in sorted(words, key=lambda t: t.i))
    return Actor(text=text, name=text, faction="unknown", government=None)


# objects of a withdrawal verb that make it a military withdrawal ("withdrew its troops from X")
_ARMED = {"forces", "force", "troops", "fighters", "soldiers", "army", "militia", "militias", "units", "personnel",
          "men", "members", "contingent", "contingents", "peacekeepers", "battalion", "battalions", "brigade",
          "brigades", "tanks", "weapons", "equipment", "positions", "garrison", "convoy", "convoys"}

#: people who move without a side giving ground up ("residents evacuated from X")
_PEOPLE = {"resident", "civilian", "people", "person", "family", "inhabitant", "refugee", "villager", "patient",
           "child", "woman", "man", "student", "worker", "employee", "passenger", "wounded", "evacuee", "citizen"}

_NOT_ACTORS = {"capture", "seizure", "fall", "attack", "clash", "fighting", "report", "reports", "source",
               "sources", "city", "town", "village", "area", "it", "that", "this", "which", "one", "part",
               "result", "control", "fire", "shelling", "bombardment", "explosion", "clashes", "battle",
               "attempt", "bid", "effort", "offensive", "operation", "campaign", "advance", "attack"}


def actors_of(toks: list[Any] | None, mentions: Mentions) -> list[Actor]:
    if not toks:
        return []
    found = [m.actor for m in mentions.actors_in(toks)]
    if found:
        return _unique(found)
    found = [m.actor for m in mentions.actors_in(_renamed(toks))]
    if found:
        return _unique(found)[:1]
    other = unknown_actor(toks)
    return [other] if other is not None else []


_NAMING_VERBS = {"know", "call", "name", "dub"}


def _renamed(toks: list[Any]) -> list[Any]:
    """The name that a descriptive noun phrase stands beside: "a Kurdish-led force known as the
    SDF", "the Syrian Democratic Forces, an Arab-Kurdish militia alliance (which took X)"."""
    ids = {t.i for t in toks}
    head = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), None)
    if head is None:
        return []
    out = [x for c in head.children if c.dep_ == "acl" and c.lemma_.lower() in _NAMING_VERBS for x in c.subtree]
    if head.dep_ == "appos" and head.head.i not in ids:
        out.append(head.head)
    first = min(toks, key=lambda t: t.i)
    if first.lower_ in ("a", "an") and first.i > 0:
        out.append(first.doc[first.i - 1])  # the comma lost: "the SDF an Arab-Kurdish alliance which took X"
    return out


def _unique(actors: list[Actor]) -> list[Actor]:
    out, seen = [], set()
    for a in actors:
        key = (a.faction, a.name if a.faction == "unknown" else "")
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _np(tok: Any | None) -> list[Any]:
    return np_tokens(tok) if tok is not None else []


def _done(args: Args) -> Args:
    args.places = []
    args.named_place = False
    args.no_place = True
    return args


def frame_args(hit: Hit, mentions: Mentions, place_nouns: frozenset[str] = frozenset(),
               casualty_verbs: frozenset[str] = frozenset()) -> Args:
    tok = hit.token
    frame = hit.trigger.frame
    if hit.type == "control_change" and frame == "hold":
        frame = "take"  # "took control of X", "managed to control X", "controlled X"
    args = Args()
    noun = hit.trigger.pos == "noun"
    anchor = hit.light if (noun and hit.light is not None) else tok
    # actor --------------------------------------------------------------------------------
    if noun:
        actors = _nominal_actor(tok, mentions)
        if not actors and hit.light is not None:
            light = hit.light
            if is_passive(light):
                actors = actors_of(_np(passive_agent(light)), mentions)
            else:
                actors = actors_of(_np(subject_of(light)), mentions)
        if not actors and frame == "support":
            actors = actors_of(_np_list(prep_objects(tok, {"from"})), mentions)
    elif is_passive(tok):
        actors = actors_of(_np(passive_agent(tok)), mentions)
    else:
        actors = actors_of(_np(subject_of(tok)), mentions)
    args.actors = actors
    args.actor_syntax = bool(actors)
    # place and target -----------------------------------------------------------------------
    if frame == "take":
        if noun:
            of_objs = prep_objects(tok, {"of", "over"})
            if of_objs and not placeish(of_objs, mentions, place_nouns):
                return _done(args)  # "the capture of ten fighters", "control of several blocks"
            cands = [_np_list(of_objs)]
            if hit.light is not None and tok.lemma_ == "control":
                cands.append(_np_list(prep_objects(hit.light, {"of", "over"})))
        elif is_passive(tok):
            cands = [_np_list([c for c in tok.children if c.dep_ == "nsubjpass"])]
            subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if subj is None and tok.dep_ in ("pcomp", "advcl"):  # "after being captured in X, he was ..."
                gov = tok.head.head if tok.head.dep_ == "prep" else tok.head
                understood = next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if understood is not None and not placeish([understood], mentions, place_nouns):
                    return _done(args)
            if subj is None and tok.dep_ == "acl":
                cands.insert(0, _np(tok.head))  # "the village of Zaara captured by opposition groups"
            if subj is not None and subj.lower_ in ("which", "that") and tok.dep_ == "relcl":
                if not placeish([tok.head], mentions, place_nouns):
                    return _done(args)  # "a helicopter that was captured"
                cands.insert(0, _np(tok.head))
            elif subj is not None and (not placeish([subj], mentions, place_nouns) or (
                    subj.lemma_.lower() in _FACILITIES and not mentions.places_in([subj]))):
                return _done(args)  # "15 fighters were captured in X"; "the headquarters of IS inside X was captured"
        else:
            obj = objects(tok)
            if obj and tok.dep_ == "relcl" and all(o.lower_ in ("which", "that", "whom") for o in obj):
                obj = [tok.head]  # "Al Qaryatain ..., which regime forces took from the group in 2016"
            if obj and not placeish(obj, mentions, place_nouns):
                return _done(args)  # "captured a regime cell in X", "took five prisoners"
            cands = [_np_list(obj)]
            if tok.dep_ in ("relcl", "acl") and not obj:
                if not placeish([tok.head], mentions, place_nouns):
                    return _done(args)  # "the return of property seized by government forces"
                cands.append(_np(tok.head))
            cands.append([t for o in obj for t in o.subtree])  # "points belonging to X in Y"
        cands.append(_np_list(prep_objects(anchor, {"in", "near", "at", "around", "inside", "on"})))
        place_from(cands, mentions, args)
        if not args.places and not args.named_place and generic_places(cands):
            place_from([listed_after(tok, mentions)], mentions, args)
        whole = _of_part(cands[0])  # "wrested 90 percent of the city": the city is the place
        if not args.places and not args.named_place and (anaphoric(whole, place_nouns) or (
                noun and tok.lemma_ == "control" and anaphoric([tok]))):
            antecedent(tok, mentions, args, anaphor_noun(whole))
        if not args.places and not args.named_place and unnamed_places(cands[0], place_nouns):
            region_of(tok, mentions, args)
        args.targets = actors_of(_np_list(prep_objects(anchor, {"from"})), mentions)
    elif frame == "fall":
        if noun:
            place_toks = _np_list(prep_objects(tok, {"of"}))
        else:
            subj = subject_of(tok)
            if subj is not None and not placeish([subj], mentions, place_nouns):
                return _done(args)  # "where the shells fell", "the rest fell": no place falls
            place_toks = _np(subj)
            comp = copular_complement(subj) if subj is not None else None
            if comp is None and tok.dep_ in ("relcl", "acl"):
                comp = copular_complement(tok.head)
            if comp is not None:
                place_toks = _np(comp) + place_toks
        place_from([place_toks], mentions, args)
        if not args.places and not args.named_place and anaphoric(place_toks, place_nouns):
            antecedent(tok, mentions, args, anaphor_noun(place_toks))  # "the fortified city fell to X"
        gainers = prep_objects(tok, {"to", "into", "under"})
        args.actors = actors_of(_np_list(gainers), mentions)
        if not args.actors:  # "fell under regime control": the possessor / compound of "control"
            args.actors = [m.actor for m in mentions.actors_in(
                [t for g in gainers for t in g.subtree], skip_poss=False)]
        args.actor_syntax = bool(args.actors)
    elif frame in ("withdraw", "withdraw_active"):
        objs = objects(tok) if not noun else []
        if frame == "withdraw" and objs and not placeish(objs, mentions, place_nouns) and not any(
                t.lower_ in _ARMED for o in objs for t in o.subtree):
            return _done(args)  # "evacuated the wounded from X": people moved, no ground given up
        mover = None if noun else (subject_of(tok) or (tok.head if tok.dep_ in ("acl", "relcl") else None))
        if frame == "withdraw" and mover is not None and (mover.lemma_.lower() in _PEOPLE or mover.pos_ == "NUM") \
                and not mentions.actors_in(_np(mover)):
            return _done(args)  # "residents evacuated from X", "2200 evacuated from Madaya": no side withdrew
        if frame == "withdraw":
            args.targets = args.actors
            args.actors = []
            args.actor_syntax = False
        else:
            args.targets = actors_of(_np_list(objects(tok)), mentions)
        if noun:  # "the withdrawal of some forces from X", "completed their withdrawal from X"
            if not args.targets:
                args.targets = args.actors or actors_of(_np_list(prep_objects(tok, {"of"})), mentions)
            args.actors = []
            args.actor_syntax = False
            of_objs = prep_objects(tok, {"of"})
            place_from([_np_list(prep_objects(tok, {"from", "out"})),
                         _np_list(prep_objects(anchor, {"from", "out"})),
                         _np_list([g for o in of_objs for g in prep_objects(o, {"from", "out"})])], mentions, args)
        else:  # "expelled IS from X" (the parser often hangs "from X" on the object)
            place_from([_np_list(prep_objects(anchor, {"from", "out", "of"})),
                        _np_list([g for o in objects(tok) for g in prep_objects(o, {"from", "out"})])], mentions, args)
    elif frame == "withdraw_object":
        args.targets, args.actors = args.actors, []
        args.actor_syntax = False
        place_from([_np_list(objects(tok))], mentions, args)
    elif frame == "move":
        cands = [_np_list(prep_objects(tok, _MOVE_PREPS))]
        if not noun:
            cands.insert(0, _np_list(objects(tok)))
        elif hit.light is not None:
            cands.append(_np_list(prep_objects(hit.light, _MOVE_PREPS)))
        place_from(cands, mentions, args)
        ana = next((c for c in cands if c and anaphoric(c, place_nouns)), None)
        if not args.places and not args.named_place and ana is not None:
            antecedent(tok, mentions, args, anaphor_noun(ana))  # "advancing towards the city": the city named before
    elif frame == "fight":
        objs = objects(tok)
        sides = prep_objects(anchor, _SIDE_PREPS) + (prep_objects(tok, _SIDE_PREPS) if anchor is not tok else []) \
            + [p for o in objects(tok) for p in prep_objects(o, _SIDE_PREPS)]  # "fought street battles with IS"
        args.targets = actors_of(_np_list(sides + objs + [passive_agent(o) for o in objs if passive_agent(o) is not None]),
                                 mentions)  # "repelled an attack by rebel fighters"
        counted = _counting_verb(tok) if noun else None
        if counted is not None and counted.lemma_.lower() in casualty_verbs:
            _casualty_side(counted, mentions, args)
        _split_sides(args)
        place_from([_np_list(prep_objects(anchor, _LOC_PREPS)), _np_list(prep_objects(tok, _LOC_PREPS)),
                    _np_list(prep_objects(tok, {"for"}))], mentions, args)  # "battled for control of X"
    elif frame == "strike":
        obj = objects(tok) if not noun else prep_objects(tok, {"on", "against"})
        if not noun and is_passive(tok):
            obj = [c for c in tok.children if c.dep_ == "nsubjpass"]
        args.targets = actors_of(_np_list(obj), mentions)
        verb = tok.head if noun and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ == "VERB" else None
        place_from([_np_list(obj), _np_list(prep_objects(anchor, _LOC_PREPS)),
                    _np_list(prep_objects(tok, _LOC_PREPS)),
                    _np_list(prep_objects(verb, _LOC_PREPS) if verb is not None else [])],  # "Near X, one strike hit"
                   mentions, args)
    elif frame == "support":
        if noun:
            tgt = prep_objects(tok, {"for", "to"}) + (prep_objects(hit.light, {"for", "to"}) if hit.light else [])
        else:
            tgt = objects(tok) + prep_objects(tok, {"for", "to"})
        args.targets = actors_of(_np_list(tgt), mentions)
    elif frame == "hold":
        obj = objects(tok)
        if any(o.lower_ in _ARMED for o in obj):
            return _done(args)  # "a command which controls all Iraqi forces in Baghdad": forces, not ground
        place_from([_np_list(obj)], mentions, args)
    if hit.type == "control_change" and not args.places and not args.named_place and where_clause(anchor):
        antecedent(tok, mentions, args)  # "fighting in X village, where regime forces made advances"
    return args


def _counting_verb(tok: Any) -> Any:
    """The verb a fight noun is the circumstance of: "killed in fighting", "killed in two days of
    clashes" (through "of" and one preposition)."""
    node = tok
    for _ in range(4):
        if node.dep_ != "pobj" or node.head.dep_ != "prep":
            return None
        node = node.head.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


#: unnamed buildings and posts: a capture of one is no change of hands of the town it stands in
_FACILITIES = {"headquarters", "headquarter", "building", "office", "post", "checkpoint", "warehouse", "depot",
               "bunker", "hospital", "school", "prison", "house"}
#: heads that name a share of what follows "of" ("90 percent of the city", "most of the town")
_PARTITIVE = {"percent", "per", "%", "most", "part", "parts", "half", "much", "majority", "rest", "bulk", "remainder",
              "east", "west", "north", "south", "centre", "center", "outskirts"}


def _of_part(toks: list[Any]) -> list[Any]:
    """The whole of a partitive object ("90 percent of the city" -> "the city"), else the object."""
    heads = [t for t in toks if t.head.i not in {x.i for x in toks} or t.head.i == t.i]
    if heads and heads[0].lemma_.lower() in _PARTITIVE:
        whole = [g for c in heads[0].children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                 if g.dep_ == "pobj"]
        if whole:
            return _np_list(whole)
    return toks


def _casualty_side(light: Any, mentions: Mentions, args: Args) -> None:
    """"17 troops were killed in fighting with IS", "the army killed 15 IS fighters in clashes":
    the dead and their killers are the fight's sides (the light verb only counts its casualties)."""
    dead = [c for c in light.children if c.dep_ in ("nsubjpass", "dobj")]
    victims = actors_of(_np_list(dead), mentions)
    if not args.actors and is_passive(light):
        args.actors, args.actor_syntax = victims, bool(victims)
    elif victims and not args.targets:
        args.targets = victims


def _split_sides(args: Args) -> None:
    """"Opposition groups and government forces battled", "fighting between the army and the
    rebels": both sides named together are the actor and the target."""
    if not args.targets and len({a.faction for a in args.actors}) >= 2:
        args.actors, args.targets = args.actors[:1], [a for a in args.actors[1:] if a.faction != args.actors[0].faction]
    elif not args.actors and len({t.faction for t in args.targets}) >= 2:
        args.actors, args.targets = args.targets[:1], [t for t in args.targets[1:]
                                                        if t.faction != args.targets[0].faction]


def _nominal_actor(tok: Any, mentions: Mentions) -> list[Actor]:
    poss = [c for c in tok.children if c.dep_ == "poss"]
    if poss:
        found = [m.actor for m in mentions.actors_in(_np(poss[0]), skip_poss=False)]
        if found:
            return _unique(found)
    by = passive_agent(tok)
    if by is not None:
        return actors_of(_np(by), mentions)
    return modifier_actor(tok, mentions)


def modifier_actor(tok: Any, mentions: Mentions) -> list[Actor]:
    """The actor named in a nominal trigger's modifiers: "Russian airstrikes", "regime bombs",
    "rebel shelling", "US-led air strikes" (a mention there, else a holder word: a demonym or the
    theater's government)."""
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i]
    toks = sorted((t for c in mods for t in c.subtree), key=lambda t: t.i)
    for t in toks:  # the first named: "Russian and Syrian jets" are Russia's first (as coders code them)
        found = [m.actor for m in mentions.actors_in([t], skip_poss=False)]
        actor = found[0] if found else (mentions.holder(t.text) if mentions.holder is not None else None)
        if actor is not None:
            return [actor]
    return []


def reporting_subject(tok: Any, mentions: Mentions) -> list[Actor]:
    """The actor behind a pronoun subject: "Palestinian leaders said they would boycott ...": the
    subject of the clause this one is reported in (up to three heads up)."""
    node = tok
    for _ in range(4):
        subj = subject_of(node)
        if subj is not None and subj.pos_ != "PRON":
            return actors_of(_np(subj), mentions) if node is not tok else []
        if node.head.i == node.i:
            break
        node = node.head
    return []


def _np_list(toks: list[Any]) -> list[Any]:
    out: list[Any] = []
    for t in toks:
        out.extend(_np(t))
    return out


__all__ = ["frame_args", "unknown_actor", "actors_of"]
