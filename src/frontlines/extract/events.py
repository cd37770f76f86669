"""The events stage: triggers -> frames -> typed, mapped, dated, sourced events.

Per sentence: a parsed sentence (see :mod:`.parse`) yields triggers with their syntactic
arguments (:mod:`.events_frames`); an unparsed one yields attacks and clashes by proximity (actor
before the trigger, place after it), with a lower confidence. A control change, an advance and a
control claim need a named place governed by the trigger; a support or a threat needs its actor.
Reports of the same event inside one article (same type, place and actor) are merged into one.
A parsed sentence's events come main clause first (see :func:`prominence`), so the first event of a
sentence is the one it reports, not one named in a circumstance ("after two days of fighting").
"""
from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable
from typing import Any

from ..lexicons import Lexicons, read_tsv
from ..model import Actor, DateRange, Event, Evidence, Place, stable_id
from ..options import Options
from .doc import Doc, PlaceMention
from .events_args import Args, Mentions
from .events_claims import HolderReader, claim_events, claims_in
from .events_coref import (context_gainers, fold_locator_changes, fold_nested, fold_placeless, including_villages,
                           inherit_attackers, locative_place)
from .events_filters import (abstract_object, fight_casualties, fighters_killed, modifies_trigger, ongoing, repelled,
                             two_sides, war_total)
from .events_frames import frame_args, reporting_subject
from .events_locate import located_near
from .events_places import CALENDAR, not_event_place, place_key, unresolved_mentions, unresolved_place, without_locators
from .events_proximity import (Words, adjacent_actor, claimed_by, military_subject, no_place_name, proximity_args,
                               sentence_places)
from .events_since import changes_since
from .parse import is_parsed
from .places_lexicons import PlaceLexicons
from .triggers import Hit, extra_list, parsed_hits, proximity_hits

log = logging.getLogger(__name__)

NEEDS_PLACE = ("control_change", "control_claim")
NEEDS_ACTOR = ("support", "threat")
DateFn = Callable[[Doc, int, int, int, int], DateRange | None]


def _date_function() -> DateFn | None:
    try:
        from .dates import date_for_event
    except ImportError:  # the dates module is part of the package; only a broken install lacks it
        log.warning("frontlines.extract.dates is not available: events get no date")
        return None
    return date_for_event


class EventsStage:
    def __init__(self, lexicons: Lexicons, options: Options | None = None, date_fn: DateFn | None = None) -> None:
        self.lexicons = lexicons
        self.options = options
        self.date_fn = date_fn if date_fn is not None else _date_function()
        self.demonyms = frozenset(row[0].lower() for row in read_tsv("place_demonyms.tsv", lexicons.extra_dir)
                                  if row) | frozenset(d.lower() for d, _ in lexicons.state_demonyms)
        self.holders = HolderReader(lexicons)
        self.casualty_verbs = extra_list(lexicons, "casualty_verbs")
        places = PlaceLexicons.load(lexicons.extra_dir)
        self.words = Words(skip=self.demonyms | CALENDAR | extra_list(lexicons, "community_adjectives"),
                           heads=places.generic, stop=places.stopwords)

    # ------------------------------------------------------------------ stage
    def __call__(self, doc: Doc) -> Doc:
        events: list[Event] = []
        text = doc.article.text
        for start, end in doc.sentences:
            mentions = Mentions(doc, start, end, holder=lambda word: self.holders.actor(word, doc.country))
            span = doc.spacy.char_span(start, end, alignment_mode="expand") if doc.spacy is not None else None
            if span is not None and len(span) and any(is_parsed(t) for t in span):
                for hit in sorted(parsed_hits(span, self.lexicons), key=prominence):
                    args = frame_args(hit, mentions, self.lexicons.place_nouns, self.casualty_verbs)
                    events.extend(self._events(doc, hit, args, mentions, start, end, True))
                for claim in claims_in(span, doc, mentions, self.holders):
                    events.extend(claim_events(doc, claim, start, end, self.date_fn))
            else:
                hits = proximity_hits(text, start, end, self.lexicons)
                places = sentence_places(text, start, end, mentions, self.words) if hits else []
                for hit in hits:
                    args = proximity_args(hit, mentions, text, start, end, self.words, places)
                    if not args.actors:
                        args.actors = military_subject(text, start, hit, self.lexicons)
                    events.extend(self._events(doc, hit, args, mentions, start, end, False))
        events = changes_since(fold_locator_changes(fold_nested(fold_placeless(merge_events(events))), doc.places or [],
                                                    text), doc, functools.partial(map_event, self.lexicons, "control_change"))
        doc.events = context_gainers(inherit_attackers(including_villages(events, doc.places or [], text)), doc.actors, text)
        return doc

    # ------------------------------------------------------------------ where
    def _event_places(self, args: Args, etype: str, text: str, withdrawal: bool = False,
                      spacy_doc: Any = None) -> list[PlaceMention | None]:
        """The event's places: the resolved ones, else the names the gazetteer does not know
        (kept as text, unresolved), or none where the ground is stated but not named; never a
        demonym ("Syrian", "Kurdish": an adjective names no place where something happened), and
        no country for a change of hands
        ("seized large areas of both Syria and Iraq" names no place that changed hands; a
        withdrawal from a country is one: "withdrew its forces from Panama"). Empty
        when a type that needs a place has none left."""
        found = without_locators(list(args.places), text) if args.places else list(args.unresolved)
        out: list[PlaceMention | None] = []
        for pm in found:
            if pm.place is None:
                pm = dataclasses.replace(pm, place=unresolved_place(pm.text))
            if (pm.text.lower() in self.demonyms and pm.text.lower() != pm.place.name.lower()) \
                    or not_event_place(pm, text, spacy_doc) or no_place_name(pm, text, self.words):
                continue
            if etype == "control_change" and not withdrawal \
                    and pm.place.feature in ("country", "continent"):
                continue
            out.append(pm)
        if out or not found:
            return out or [None]  # nothing named: "seized several oil wells in the area"
        return [] if etype in NEEDS_PLACE else [None]

    # ------------------------------------------------------------------ one trigger
    def _events(self, doc: Doc, hit: Hit, args: Args, mentions: Mentions, s_start: int, s_end: int,
                parsed: bool) -> list[Event]:
        etype = hit.type
        lemma = hit.trigger.lemma
        if hit.modal == "intent" and lemma in extra_list(self.lexicons, "threat_when_intended"):
            etype = "threat"  # "said it would blockade Paris": an announced step is a threat
        elif lemma in extra_list(self.lexicons, "intent_only"):
            return []
        if etype == "attack" and repelled(hit, doc.article.text) == "phrase":
            etype = "clash"  # "regime forces fended off an attack by rebels": a clash, the attackers first
        if hit.modal == "negated" or (hit.modal == "wanted" and etype != "threat"):
            return []  # "did not capture", "demanded the withdrawal": no event
        if hit.modal in ("blocked", "intent") and etype != "threat":
            if etype != "control_change" or hit.trigger.frame.startswith("withdraw"):
                return []  # "demanded support", "will send troops", "will withdraw": no event (yet)
            etype = self.lexicons.block_type
        if etype == "control_change" and not (args.places or args.named_place or args.no_place) and not hit.modal \
                and _open_object(hit, self.lexicons):
            _place_nearby(doc, hit, mentions, args)  # the parse failed: a weaker link
        if etype in NEEDS_PLACE and not (args.places or args.named_place):
            return []
        actors = list(args.actors)
        if etype == "attack" and parsed and hit.token is not None and hit.token.tag_ in ("NN", "NNS", "VBG"):
            adjacent = adjacent_actor(mentions, doc.article.text, s_start, hit)  # "rebel shelling"
            actors = [adjacent] if adjacent is not None else actors
        claimer = claimed_by(mentions, doc.article.text) if etype == "attack" else None
        actors = [claimer] if claimer is not None else actors  # "attacks claimed by Daesh"
        if etype == "threat" and not actors and hit.trigger.frame.startswith("withdraw"):
            actors, args.targets = list(args.targets), []  # "it will withdraw": the withdrawer threatens
        actor_linked = args.actor_syntax
        if not actors and etype in ("control_change", "clash", "attack"):
            target_factions = {t.faction for t in args.targets} | _held_in_subject(hit, mentions, etype)
            near = _nearest_actor(mentions, hit, exclude=target_factions,
                                  after=etype != "control_change" or hit.trigger.frame.startswith("withdraw"),
                                  text=doc.article.text)
            after_only = near is not None and not any(m.actor == near and m.end <= hit.start for m in mentions.actors)
            if near is not None and etype == "attack" and after_only and not _by_agent(mentions, near, hit, doc.article.text):
                args.targets = args.targets or [near]  # "one strike engaged an ISIL unit": named after, the target
            elif near is not None:
                actors = [near]
        if etype == "support" and not args.targets:
            supporters = {a.faction for a in actors}
            other = next((m.actor for m in mentions.actors if m.actor.faction not in supporters), None)
            if other is not None:
                args.targets = [other]
        if etype == "threat" and not actors and hit.token is not None:
            actors = reporting_subject(hit.token, mentions)  # "they would boycott", said X
        if etype in NEEDS_ACTOR and not actors:
            return []
        if etype == "advance" and not (args.places or args.named_place or args.actor_syntax):
            return []
        if etype == "advance" and not (args.places or args.named_place) and (not actors or abstract_object(
                hit, self.lexicons)):
            return []  # "will reinforce our bonds", "advance the progress": no place, nothing armed moves
        if etype in ("clash", "attack") and not (actors or args.places or args.targets):
            return []
        if etype == "clash" and ongoing(hit):
            return []  # "the coalition fighting Daesh", "has been battling ISIL since June": no occasion
        if etype == "clash" and not two_sides(actors, args.targets):
            return []  # "heavy fighting", "killed in clashes": fighting needs two sides that take part
        if etype == "attack" and (war_total(doc.article.text[s_start:s_end]) or repelled(hit, doc.article.text)
                                  or fight_casualties(hit, self.lexicons)):
            return []  # "killed since the conflict began"; "repelled an attack", "killed in clashes": a clash
        per_actor = actors if etype in ("support", "threat") else actors[:1]
        places = self._event_places(args, etype, doc.article.text, hit.trigger.frame.startswith("withdraw"),
                                    doc.spacy)
        if etype == "control_change" and doc.country:  # "Nazha village east of Ar-Raqqa": near Ar-Raqqa
            places = located_near(places, doc.places or [], doc.article.text)
        if etype in ("attack", "clash"):
            places = [pm for pm in places if pm is None or not modifies_trigger(pm, hit, doc.article.text)] or [None]
        broad = all(pm is None or pm.place.feature in ("country", "continent", "region") for pm in places)
        if broad and etype in ("attack", "clash") and not args.no_place:
            # no place, or only a country or a region ("in northern Syria"): the specific place the
            # sentence names after a locative preposition, if any
            near = locative_place(doc.article.text, mentions, hit.start, self.demonyms, doc.spacy)
            if near is not None and near.place.feature != "region" and not no_place_name(near, doc.article.text,
                                                                                       self.words):
                places = [near]
        if not places:
            return []
        target = next((t for t in args.targets if not actors or t.faction != actors[0].faction), None)
        if etype == "attack" and fighters_killed(hit, actors[0] if actors else None, target,
                                                 doc.article.text[s_start:s_end]):
            etype = "clash"  # "the army killed 15 IS fighters near X": fighting, not a one-sided attack
        out = []
        sentence = doc.article.text[s_start:s_end]
        for actor in per_actor or [None]:
            for pm in places:
                place = pm.place if pm is not None else None
                conf = _confidence(parsed, actor_linked, actor, args, place, hit, self.lexicons)
                plover, acled_t, acled_s = map_event(self.lexicons, etype, actor, hit)
                date = self.date_fn(doc, s_start, s_end, hit.start, hit.end) if self.date_fn else None
                out.append(Event(
                    id=stable_id(doc.article.id, etype, s_start, place_key(pm), actor.faction if actor else None),
                    type=etype, actor=actor, target=target, place=place, date=date,
                    evidence=Evidence(sentence, s_start, s_end, doc.article.id), confidence=conf,
                    plover=plover, acled_event_type=acled_t, acled_sub_event_type=acled_s,
                    article_id=doc.article.id, trigger=doc.article.text[hit.start:hit.end]))
        return out


def prominence(hit: Hit) -> tuple[int, int]:
    """Order of a sentence's events: the main clause's event first, then those nested under it
    ("declared a ceasefire after 12 days of battles": the ceasefire, then the battles), each level
    in text order. A noun trigger counts at the level of its light verb or of the verb it is the
    subject of ("a roadside bombing killed ...": the bombing is the killing)."""
    tok = hit.light if hit.light is not None else hit.token
    if tok is None:
        return (0, hit.start)
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i != tok.i:
        tok = tok.head
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok = tok.head
        depth += 1
    return (depth, hit.start)


def _nearest_actor(mentions: Mentions, hit: Hit, exclude: set[str], after: bool = True,
                   text: str = "") -> Actor | None:
    """The actor named closest before the trigger (after it only when ``after``: the actor named
    after a capture is usually the loser). A gainer is the sentence's first actor, or the first
    one after the last comma before the trigger ("Following clashes with IS, regime forces
    advanced to control X": the parse lost the subject)."""
    before = [m for m in mentions.actors if m.end <= hit.start and m.actor.faction not in exclude]
    if before and not after and text:
        comma = text.rfind(",", before[0].end, hit.start)
        clause = [m for m in before if m.start > comma] if comma >= 0 else []
        if clause:
            return clause[0].actor
    if before:
        return before[-1].actor if after else before[0].actor
    if not after:
        return None
    after = [m for m in mentions.actors if m.start >= hit.end and m.actor.faction not in exclude]
    return after[0].actor if after else None


def _by_agent(mentions: Mentions, actor: Actor, hit: Hit, text: str) -> bool:
    """"a rocket attack by regime forces", "killed by the IS": the actor after the trigger is its agent."""
    m = next((m for m in mentions.actors if m.actor == actor and m.start >= hit.end), None)
    return m is not None and "by" in text[hit.end:m.start].lower().split()[-3:]


def _held_in_subject(hit: Hit, mentions: Mentions, etype: str) -> set[str]:
    """"the headquarters of Daesh militants inside Manbij was captured": in a passive capture the
    actors inside the subject lost it; they are no gainer."""
    tok = hit.token
    if etype != "control_change" or tok is None or not any(c.dep_ == "nsubjpass" for c in tok.children):
        return set()
    subj = [t for c in tok.children if c.dep_ == "nsubjpass" for t in c.subtree]
    return {m.actor.faction for m in mentions.actors_in(subj, skip_poss=False)}


_NEAR_CHARS = 50
_BREAKS = (",", ";", ":", " while ", " after ", " following ", " as ", " before ", " but ", "(")


def _open_object(hit: Hit, lexicons: Lexicons) -> bool:
    """A capture verb whose object is missing or a place noun: the parse may have lost the name
    ("captured the villages of X"); not "captured a launcher", "shells fell on X"."""
    tok = hit.token
    if tok is None or hit.trigger.pos != "verb" or hit.trigger.frame != "take":
        return False
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    return all(o.lemma_.lower() in lexicons.place_nouns for o in objs)


def _place_nearby(doc: Doc, hit: Hit, mentions: Mentions, args: Args) -> None:
    """A named place right after a capture verb ("captured the villages of X ..."), when the parse
    gave no object: within a few words and no clause break between them."""
    text = doc.article.text
    for pm in mentions.places:
        if pm.start < hit.end:
            continue
        gap = text[hit.end:pm.start]
        if len(gap) <= _NEAR_CHARS and not any(b in gap for b in _BREAKS):
            args.places = [pm]
            args.place_syntax = False
            return
        break
    if doc.spacy is None:
        return
    span = doc.spacy.char_span(hit.end, min(len(text), hit.end + _NEAR_CHARS), alignment_mode="contract")
    for t in span or ():
        if any(b in text[hit.end:t.idx] for b in _BREAKS):
            return
        if t.pos_ == "PROPN" and not mentions.is_actor(t):
            args.named_place = True  # a name the gazetteer does not know
            args.unresolved = unresolved_mentions([x for x in span if x.i >= t.i][:6], mentions)[:1]
            return


def _confidence(parsed: bool, actor_linked: bool, actor: Actor | None, args: Args, place: Place | None,
                hit: Hit, lexicons: Lexicons) -> float:
    conf = 0.3 if parsed else 0.2
    if actor is not None:
        conf += 0.2 if actor_linked else 0.1
        if actor.faction != "unknown":
            conf += 0.1
    if args.places or args.named_place:
        conf += 0.2 if args.place_syntax else 0.1
    if place is not None and place.geonameid is not None:
        conf += 0.15
    if hit.modal == "blocked":
        conf *= 0.7
    if hit.modal == "background":
        conf *= lexicons.past_background
    return round(min(conf, 0.99), 3)


def map_event(lexicons: Lexicons, etype: str, actor: Actor | None, hit: Hit) -> tuple[str | None, ...]:
    """PLOVER and ACLED codes of an event from event_map.tsv (first matching row)."""
    trig = hit.trigger
    for row in lexicons.event_map:
        if row.type != etype:
            continue
        cond = row.condition
        ok = (cond == "*"
              or (cond == "government" and actor is not None and actor.government is True)
              or (cond == "nongovernment" and (actor is None or actor.government is not True))
              or (cond == "nonviolent" and trig.plover == "RETREAT")
              or (cond == "military" and actor is not None
                  and bool(set(actor.text.lower().replace("-", " ").split()) & lexicons.military_words))
              or (cond.startswith("plover=") and trig.plover == cond[7:])
              or (cond.startswith("trigger=") and trig.lemma == cond[8:]))
        if ok:
            return row.plover, row.acled_event_type, row.acled_sub_event_type
    return None, None, None


def merge_events(events: list[Event]) -> list[Event]:
    """One event per (type, place, actor) in an article: the first report, completed by the
    later ones (actor, target, date), with the highest confidence. An actor-less report merges
    into the report of the same type and place that has an actor."""
    def pkey(e: Event) -> str | None:
        if e.place is None:
            return None
        return str(e.place.geonameid) if e.place.geonameid is not None else e.place.name

    out: list[Event] = []
    same: dict[tuple[str, str | None], list[int]] = {}  # (type, place) -> positions in out, in order
    for e in events:
        match = None
        for i in same.get((e.type, pkey(e)), ()):
            o = out[i]
            if pkey(e) is None and e.type in NEEDS_PLACE and o.evidence.start != e.evidence.start:
                continue  # unresolved places in different sentences may be different places
            fa = o.actor.faction if o.actor else None
            fb = e.actor.faction if e.actor else None
            if fa == fb or fa is None or fb is None:
                match = i
                break
        if match is None:
            same.setdefault((e.type, pkey(e)), []).append(len(out))
            out.append(e)
            continue
        o = out[match]
        out[match] = dataclasses.replace(
            o, actor=o.actor or e.actor, target=o.target or e.target, date=o.date or e.date,
            confidence=max(o.confidence, e.confidence))
    return out


def make_events_stage(lexicons: Lexicons, options: Options | None = None, date_fn: DateFn | None = None) -> EventsStage:
    return EventsStage(lexicons, options, date_fn)


__all__ = ["EventsStage", "make_events_stage", "map_event", "merge_events"]
