"""Frames: for each kind of trigger, which parse positions hold the actor, target and place."""
from __future__ import annotations

from typing import Any

from ..model import Actor
from .events_args import (Args, Mentions, copular_complement, has_name, listed_after, is_passive, np_tokens,
                          objects, passive_agent, prep_objects, region_of, subject_of, where_clause)
from .triggers import Hit

_MOVE_PREPS = {"toward", "towards", "on", "into", "to", "near", "around", "in", "against", "upon", "onto",
               "outside", "inside", "at"}
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
    other = unknown_actor(toks)
    return [other] if other is not None else []


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


def _core(toks: list[Any]) -> list[Any]:
    """The head of a noun phrase with its names, appositions and coordinated items, without the
    phrases nested under its prepositions ("Hmeirat" before "in northern Hama")."""
    if not toks:
        return []
    ids = {t.i for t in toks}
    roots = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    out, stack = [], list(roots)
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(c for c in node.children if c.i in ids and c.dep_ in (
            "compound", "conj", "appos", "flat", "cc", "punct", "amod", "nmod", "det", "nummod"))
        stack.extend(g for c in node.children if c.i in ids and c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj" and node.lemma_.lower() in _PLACE_NOUNS)
    return sorted(out, key=lambda t: t.i)


def _one_per_item(core: list[Any], places: list[Any]) -> list[Any]:
    """One place per coordinated item of a noun phrase: "Tal al-Sus" is one place even when the
    gazetteer matched its pieces; "Idlib, Jisr al-Shughour and Ariha" are three."""
    ids = {t.i for t in core}
    items = [t for t in core if t.i in ids and (t.dep_ in ("conj", "appos") or t.head.i not in ids
                                                or t.head.i == t.i) and t.pos_ in ("PROPN", "NOUN")]
    out: list[Any] = []
    for item in items:
        span, stack = [item], [item]
        while stack:  # the name's own words: "Jisr al - Shughour"
            node = stack.pop()
            for c in node.children:
                if c.i in ids and c.dep_ in ("compound", "flat", "punct", "amod", "nmod") and c.i < item.i:
                    span.append(c)
                    stack.append(c)
        lo = min(x.idx for x in span)
        hi = item.idx + len(item.text)
        inside = [p for p in places if p.start < hi and lo < p.end]
        if not inside:
            continue
        best = next((p for p in inside if p.start <= item.idx < p.end), None)
        best = best or max(inside, key=lambda p: p.end - p.start)
        if best not in out:
            out.append(best)
    return out or places[:1]


def _place_from(tokens_list: list[list[Any]], mentions: Mentions, args: Args) -> None:
    expanded: list[list[Any]] = []
    for toks in tokens_list:
        expanded.extend([_core(toks), toks])
    for k, toks in enumerate(expanded):
        if not toks:
            continue
        places = mentions.places_in(toks)
        if places and k % 2 == 0:
            places = _one_per_item(toks, places)
        if places:
            args.places = places
            args.place_syntax = True
            args.named_place = True
            return
        if has_name(toks, mentions):
            args.named_place = True
            args.place_syntax = True
            return


_PLACE_NOUNS = {"city", "town", "village", "area", "district", "neighbourhood", "neighborhood", "locality",
                "position", "point", "hill", "base", "airport", "region", "province", "settlement"}


def _generic_places(cands: list[list[Any]]) -> bool:
    """The argument is a plural or counted place noun ("three other cities")."""
    return any(t.lemma_.lower() in _PLACE_NOUNS and (t.tag_ == "NNS" or any(c.dep_ == "nummod" for c in t.children))
               for toks in cands for t in toks)


def _anaphoric(toks: list[Any]) -> bool:
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
    return (head.lemma_.lower() in _PLACE_NOUNS and head.tag_ == "NN"
            and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)
            and not any(c.dep_ in ("amod", "nummod", "poss", "compound") for c in head.children))


_UNNAMED_DETS = {"a", "an", "some", "several", "more", "new", "other", "additional", "many", "further",
                 "dozens", "two", "three", "four", "five", "strategic", "key"}


def _unnamed_places(toks: list[Any], place_nouns: frozenset[str]) -> bool:
    """The argument is an unnamed place ("6 villages", "new positions", "a strategic hill")."""
    core = _core(toks)
    return any((t.lemma_.lower() in place_nouns or t.lower_ in place_nouns) and t.pos_ == "NOUN"
               and (t.tag_ == "NNS" or any(c.dep_ in ("nummod", "det", "amod") and c.lower_ in _UNNAMED_DETS
                                           for c in t.children) or any(c.dep_ == "nummod" for c in t.children))
               for t in core)


_DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
               "bank", "side", "outskirts", "countryside", "vicinity", "edge"}


def _placeish(obj: list[Any], mentions: Mentions, place_nouns: frozenset[str]) -> bool:
    for o in obj:
        core = _core(np_tokens(o))
        places = mentions.places_in(core)
        if any(p.place is not None for p in places) or o.pos_ == "PRON":
            return True
        if o.lemma_.lower() in place_nouns or o.lower_ in place_nouns:
            return True
        # a name makes the object a place unless a common noun that is no place heads it
        # ("captured an Al Nusra Front cell", "a Mi-26 helicopter that was captured")
        if (places or has_name(core, mentions)) and not (
                o.pos_ == "NOUN" and o.tag_ in ("NN", "NNS") and o.i > min(t.i for t in core)
                and o.lower_ not in _DIRECTIONS
                and not any(t.lemma_.lower() in place_nouns and t.pos_ == "NOUN" for t in core)):
            return True
    return False


def _done(args: Args) -> Args:
    args.places = []
    args.named_place = False
    return args


def frame_args(hit: Hit, mentions: Mentions, place_nouns: frozenset[str] = frozenset()) -> Args:
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
            cands = [_np_list(prep_objects(tok, {"of", "over"}))]
            if hit.light is not None and tok.lemma_ == "control":
                cands.append(_np_list(prep_objects(hit.light, {"of", "over"})))
        elif is_passive(tok):
            cands = [_np_list([c for c in tok.children if c.dep_ == "nsubjpass"])]
            subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if subj is not None and subj.lower_ in ("which", "that") and tok.dep_ == "relcl":
                if not _placeish([tok.head], mentions, place_nouns):
                    return _done(args)  # "a helicopter that was captured"
                cands.insert(0, _np(tok.head))
        else:
            obj = objects(tok)
            if obj and not _placeish(obj, mentions, place_nouns):
                return _done(args)  # "captured a regime cell in X", "took five prisoners"
            cands = [_np_list(obj)]
            if tok.dep_ in ("relcl", "acl") and not obj:
                cands.append(_np(tok.head))
            cands.append([t for o in obj for t in o.subtree])  # "points belonging to X in Y"
        cands.append(_np_list(prep_objects(anchor, {"in", "near", "at", "around", "inside", "on"})))
        _place_from(cands, mentions, args)
        if not args.places and not args.named_place and _generic_places(cands):
            _place_from([listed_after(tok, mentions)], mentions, args)
        if not args.places and not args.named_place and (_anaphoric(cands[0]) or (
                noun and tok.lemma_ == "control" and _anaphoric([tok]))):
            _antecedent(tok, mentions, args)
        if not args.places and not args.named_place and _unnamed_places(cands[0], place_nouns):
            region_of(tok, mentions, args)
        args.targets = actors_of(_np_list(prep_objects(anchor, {"from"})), mentions)
    elif frame == "fall":
        if noun:
            place_toks = _np_list(prep_objects(tok, {"of"}))
        else:
            subj = subject_of(tok)
            place_toks = _np(subj)
            comp = copular_complement(subj) if subj is not None else None
            if comp is None and tok.dep_ in ("relcl", "acl"):
                comp = copular_complement(tok.head)
            if comp is not None:
                place_toks = _np(comp) + place_toks
        _place_from([place_toks], mentions, args)
        gainers = prep_objects(tok, {"to", "into", "under"})
        args.actors = actors_of(_np_list(gainers), mentions)
        if not args.actors:  # "fell under regime control": the possessor / compound of "control"
            args.actors = [m.actor for m in mentions.actors_in(
                [t for g in gainers for t in g.subtree], skip_poss=False)]
        args.actor_syntax = bool(args.actors)
    elif frame in ("withdraw", "withdraw_active"):
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
            _place_from([_np_list(prep_objects(tok, {"from", "out"})),
                         _np_list(prep_objects(anchor, {"from", "out"})),
                         _np_list([g for o in of_objs for g in prep_objects(o, {"from", "out"})])], mentions, args)
        else:
            _place_from([_np_list(prep_objects(anchor, {"from", "out", "of"}))], mentions, args)
    elif frame == "withdraw_object":
        args.targets, args.actors = args.actors, []
        args.actor_syntax = False
        _place_from([_np_list(objects(tok))], mentions, args)
    elif frame == "move":
        cands = [_np_list(prep_objects(tok, _MOVE_PREPS))]
        if not noun:
            cands.insert(0, _np_list(objects(tok)))
        elif hit.light is not None:
            cands.append(_np_list(prep_objects(hit.light, _MOVE_PREPS)))
        _place_from(cands, mentions, args)
    elif frame == "fight":
        args.targets = actors_of(_np_list(prep_objects(anchor, {"with", "against", "between"}) + objects(tok)),
                                 mentions)
        _place_from([_np_list(prep_objects(anchor, _LOC_PREPS)), _np_list(prep_objects(tok, _LOC_PREPS))],
                    mentions, args)
    elif frame == "strike":
        obj = objects(tok) if not noun else prep_objects(tok, {"on", "against"})
        if not noun and is_passive(tok):
            obj = [c for c in tok.children if c.dep_ == "nsubjpass"]
        args.targets = actors_of(_np_list(obj), mentions)
        _place_from([_np_list(obj), _np_list(prep_objects(anchor, _LOC_PREPS)),
                     _np_list(prep_objects(tok, _LOC_PREPS))], mentions, args)
    elif frame == "support":
        if noun:
            tgt = prep_objects(tok, {"for", "to"}) + (prep_objects(hit.light, {"for", "to"}) if hit.light else [])
        else:
            tgt = objects(tok) + prep_objects(tok, {"for", "to"})
        args.targets = actors_of(_np_list(tgt), mentions)
    elif frame == "hold":
        obj = objects(tok)
        _place_from([_np_list(obj)], mentions, args)
    if hit.type == "control_change" and not args.places and not args.named_place and where_clause(anchor):
        _antecedent(tok, mentions, args)  # "fighting in X village, where regime forces made advances"
    return args


def _antecedent(tok: Any, mentions: Mentions, args: Args) -> None:
    """The named place a pronoun or "the village" refers to: the last place mention before the
    trigger in the same sentence (a weaker, non-syntactic link)."""
    before = [p for p in mentions.earlier + mentions.places
              if p.end <= tok.idx and (p.place is None or p.place.feature != "country")]
    if before:
        args.places = [before[-1]]
        args.named_place = True
        args.place_syntax = False


def _nominal_actor(tok: Any, mentions: Mentions) -> list[Actor]:
    poss = [c for c in tok.children if c.dep_ == "poss"]
    if poss:
        found = [m.actor for m in mentions.actors_in(_np(poss[0]), skip_poss=False)]
        if found:
            return _unique(found)
    by = passive_agent(tok)
    if by is not None:
        return actors_of(_np(by), mentions)
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
