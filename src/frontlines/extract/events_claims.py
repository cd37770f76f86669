"""Control claims stated in passing, which no verb of their own reports: "rebel-held east Aleppo",
"the regime-controlled city", "two villages which are controlled by IS", "Palmyra has been under
Daesh control since May", "the Daesh stronghold of Manbij". Each names a holder and a place; the
event is a ``control_claim`` (who holds the place at the time of the article, no change).

The holder is the actor mention on the holder's word, else the word read against the actors
lexicon (an alias or a common noun of a faction of the article's theater; "government", "regime"
and "army" are the theater's government; a demonym is that state). A claim without a holder or
without a place is not made. The words are in ``triggers.yaml`` (``claim_*`` lists).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..lexicons import Lexicons
from ..model import Actor, DateRange, Event, Evidence, stable_id
from .doc import Doc, PlaceMention
from .events_args import Mentions, np_tokens, subject_of
from .actors import is_acronym
from .events_anaphora import definite_place_noun, referent
from .events_places import place_key, unresolved_mentions, unresolved_place
from .triggers import extra_list


@dataclass(frozen=True)
class Claim:
    actor: Actor
    places: tuple[PlaceMention, ...]
    start: int  # the words that state the claim ("rebel-held", "under Daesh control")
    end: int


class HolderReader:
    """A holder's word ("rebel", "Daesh", "regime", "Israeli") -> an actor of the article's theater."""

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        self.words: dict[str, list[Any]] = {}
        for f in lexicons.factions:
            for alias in tuple(f.aliases) + tuple(f.generic or ()):
                self.words.setdefault(alias if is_acronym(alias) else alias.lower(), []).append(f)
        self.government_words = {w.lower() for w in lexicons.theater_government} | set(
            extra_list(lexicons, "claim_government_words"))
        self.demonyms = {d.lower(): cc for d, cc in lexicons.state_demonyms}
        self.participles = extra_list(lexicons, "claim_participles")  # "held", "controlled"
        self.bastions = extra_list(lexicons, "claim_nouns")  # "stronghold", "bastion"
        self.theater_words: dict[tuple[str, str], Any] = {}
        ids = {f.id: f for f in lexicons.factions}
        for entry in extra_list(lexicons, "claim_theater_words"):
            word, theater, fid = entry.split()
            if fid in ids:
                self.theater_words[(word, theater.upper())] = ids[fid]

    def actor(self, word: str, country: str | None) -> Actor | None:
        low = word.lower().rstrip("s") if word.lower() not in self.words else word.lower()
        if word.lower() in self.government_words:
            return self._government(word, country)
        found = self.words.get(word) or self.words.get(word.lower()) or self.words.get(low) or []
        if found:
            home = [f for f in found if f.theater in (None, country)] or (found if country is None else [])
            if home:
                f = home[0]
                gov = bool(f.government and (f.theater is None or country is None or f.theater == country))
                return Actor(text=word, name=f.name, faction=f.id, government=gov, country=f.country)
        f = self.theater_words.get((word.lower(), country or ""))
        if f is not None:
            return Actor(text=word, name=f.name, faction=f.id, government=bool(f.government), country=f.country)
        cc = self.demonyms.get(word.lower())
        if cc is not None:
            if cc == country:
                return self._government(word, country)
            state = next((f for f in self.lexicons.factions if f.country == cc), None)
            if state is not None:
                return Actor(text=word, name=state.name, faction=state.id, government=False, country=cc)
        return None

    def _government(self, word: str, country: str | None) -> Actor:
        f = next((f for f in self.lexicons.factions if f.government and f.theater == country and country), None)
        if f is not None:
            return Actor(text=word, name=f.name, faction=f.id, government=True, country=f.country)
        if country:
            return Actor(text=word, name=f"Government of {country}", faction=f"{country.lower()}_government",
                         government=True, country=country)
        return Actor(text=word, name="Government forces", faction="government", government=True)


def claims_in(span: Any, doc: Doc, mentions: Mentions, reader: HolderReader) -> list[Claim]:
    """The claims stated in passing in one parsed sentence."""
    held, bastions = reader.participles, reader.bastions
    out: list[Claim] = []
    for t in span:
        low = t.lower_
        if low in held and t.i >= 2 and t.doc[t.i - 1].text in ("-", "–"):
            out.extend(_compound_claim(t, t.doc[t.i - 2], doc, mentions, reader))
        elif low in held and t.i >= 1 and t.dep_ == "amod" and t.head.i > t.i \
                and reader.actor(t.doc[t.i - 1].text, doc.country) is not None:
            out.extend(_compound_claim(t, t.doc[t.i - 1], doc, mentions, reader))  # "opposition held area of X"
        elif low in held and any(c.dep_ == "agent" for c in t.children):
            agent = [g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            actor = next((m.actor for m in mentions.actors_in([x for a in agent for x in a.subtree])), None)
            subj = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
            target = t.head if (t.dep_ in ("acl", "relcl") or (subj is not None and subj.lower_ in ("which", "that"))) \
                else (subj if subj is not None else subject_of(t))
            places = _named_by(target, mentions)
            if actor is not None and places:
                out.append(Claim(actor, tuple(places), t.idx, t.idx + len(t.text)))
        elif t.lemma_.lower() == "control" and t.head.lower_ == "under" and t.head.dep_ == "prep":
            words = [c for c in t.children if c.dep_ in ("compound", "amod", "poss", "nmod")] + [
                g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
            actor = _first_holder(words, doc, mentions, reader)
            gov = t.head.head
            target = gov if gov.pos_ in ("NOUN", "PROPN") else next(
                (c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            places = _places_of(target, -1, mentions) if target is not None else []
            if actor is not None and places:
                out.append(Claim(actor, tuple(places), t.head.idx, t.idx + len(t.text)))
        elif t.lemma_.lower() == "control" and t.dep_ == "dobj" and t.head.lemma_.lower() in _KEEP_VERBS:
            out.extend(_kept_control(t, doc, mentions, reader))  # "IS has had control of Mosul"
        elif t.lemma_.lower() == "divide" and t.pos_ in ("VERB", "ADJ"):
            out.extend(_divided(t, doc, mentions, reader))
        elif t.pos_ == "NOUN" and (t.lemma_.lower() in bastions or (
                t.lemma_.lower() == "capital" and any(c.lower_ in _SELF_STYLED for c in t.subtree if c.i < t.i))):
            out.extend(_bastion(t, doc, mentions, reader))
    return out


#: verbs whose object "control (of X)" states who holds X, no change ("has had control of Mosul")
_KEEP_VERBS = frozenset({"have", "retain", "keep", "maintain"})
#: words that make a "capital" the holder's own ("Daesh's de facto capital", "its self-proclaimed capital")
_SELF_STYLED = frozenset({"facto", "self-proclaimed", "proclaimed", "self-declared", "self-styled", "declared"})


def _compound_claim(t: Any, holder: Any, doc: Doc, mentions: Mentions, reader: HolderReader) -> list[Claim]:
    """"rebel-held east Aleppo", "government-held districts of Aleppo city", "opposition held area"."""
    actor = _holder(holder, doc, mentions, reader)
    noun = t.head if t.head.i > t.i else None
    places = _places_of(noun, t.i, mentions) if noun is not None else []
    if actor is None or not places:
        return []
    return [Claim(actor, tuple(places), holder.idx, t.idx + len(t.text))]


def _named_by(noun: Any, mentions: Mentions) -> list[PlaceMention]:
    """The places a noun names, or the name it stands beside: "al-Asharah, a town held by IS" (the
    apposition's head), "Mosul is the largest city controlled by Daesh" (the copula's subject)."""
    if noun is None:
        return []
    places = _places_of(noun, -1, mentions)
    if places:
        return places
    if noun.dep_ == "appos":
        return _places_of(noun.head, -1, mentions)
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.dep_ == "attr":
        noun = noun.head.head  # "Tal Rifaat is one of the bastions"
    if noun.dep_ in ("attr", "acomp"):
        subj = next((c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return _places_of(subj, -1, mentions) if subj is not None else []
    return []


def _kept_control(t: Any, doc: Doc, mentions: Mentions, reader: HolderReader) -> list[Claim]:
    named = [g for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "over") for g in c.children
             if g.dep_ == "pobj"]
    subj = next((c for c in t.head.children if c.dep_ in ("nsubj",)), None)
    actor = _holder(subj, doc, mentions, reader, subtree=True) if subj is not None else None
    places = next((p for p in (_places_of(n, -1, mentions) for n in named) if p), [])
    if actor is None or not places:
        return []
    return [Claim(actor, tuple(places), t.head.idx, t.idx + len(t.text))]


def _divided(t: Any, doc: Doc, mentions: Mentions, reader: HolderReader) -> list[Claim]:
    """"Aleppo is divided between government control in the west and rebel control in the east",
    "the town remains divided between ISIL and Kurdish control": a claim for each holder."""
    prep = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "between"), None)
    if prep is None:
        return []
    actors: list[Actor] = []
    for w in list(prep.subtree)[1:]:
        a = _holder(w, doc, mentions, reader)
        if a is not None and all(a.faction != b.faction for b in actors):
            actors.append(a)
    subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and t.dep_ in ("acomp", "oprd", "xcomp", "advcl"):
        subj = next((c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    places = _named_by(subj, mentions) if subj is not None else []
    if len(actors) < 2 or not places:
        return []
    return [Claim(a, tuple(places), t.idx, t.idx + len(t.text)) for a in actors]


def _bastion(t: Any, doc: Doc, mentions: Mentions, reader: HolderReader) -> list[Claim]:
    """"the Daesh stronghold of Manbij", "Raqqa, ISIL's self-proclaimed capital", "Idlib is a bastion
    of the opposition"."""
    mods = [c for c in t.children if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < t.i]
    of = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if t.dep_ == "compound" and t.head.i > t.i:
        # "the Daesh bastion Raqqa", "the IS-bastion city of Manbij": the holder may modify the head
        # ("the Daesh terror group's Syrian bastion Raqqa": not the adjective "Syrian")
        mods = [c for c in t.head.children if c.dep_ in ("compound", "nmod", "poss") and c.i < t.i] + [
            c for c in mods if c.dep_ != "amod"]
    actor = _first_holder(mods, doc, mentions, reader)
    named = list(of) + [c for c in t.children if c.dep_ == "appos"]
    if t.dep_ == "compound" and t.head.i > t.i:
        named.append(t.head)
    if t.dep_ == "appos":
        named.append(t.head)
    places: list[PlaceMention] = []
    for n in named:
        places = _places_of(n, -1, mentions)
        if places:
            break
    if actor is None and not places and t.dep_ in ("attr", "pobj"):
        actor = _first_holder(of, doc, mentions, reader)  # "Idlib is a bastion of the opposition"
        places = _named_by(t, mentions)
    if actor is None or not places:
        return []
    return [Claim(actor, tuple(places), min([w.idx for w in mods] + [t.idx]), t.idx + len(t.text))]


def _holder(tok: Any, doc: Doc, mentions: Mentions, reader: HolderReader, subtree: bool = False) -> Actor | None:
    toks = list(tok.subtree) if subtree else [tok]
    found = mentions.actors_in(toks, skip_poss=False)
    if found:
        return found[0].actor
    for t in toks:
        actor = reader.actor(t.text, doc.country)
        if actor is not None:
            return actor
    return None


def _first_holder(words: list[Any], doc: Doc, mentions: Mentions, reader: HolderReader) -> Actor | None:
    """The holder named by the first of ``words`` (each with its subtree) that names one."""
    for w in words:
        actor = _holder(w, doc, mentions, reader, subtree=True)
        if actor is not None:
            return actor
    return None


#: prepositions whose phrase locates the claimed place rather than names it ("the IS-held village
#: near the town of Manbij": the village, not Manbij); "of" names it ("government-held districts of Aleppo")
_LOCATORS = frozenset({"near", "in", "at", "around", "outside", "inside", "on", "by", "from", "to", "with", "within",
                       "along", "across", "between", "toward", "towards", "into", "over", "under", "off", "past",
                       "beyond", "behind", "beside", "since", "after", "before", "during", "for", "despite", "amid",
                       "following", "against"})


def _places_of(noun: Any, after: int, mentions: Mentions) -> list[PlaceMention]:
    """The places a claimed noun phrase names ("east Aleppo", "districts of Aleppo city", "two
    villages Tokhar and Hoshariyeh"), resolved or as the article writes them."""
    toks = [x for x in np_tokens(noun, skip_preps=_LOCATORS) if x.i > after]
    found = [p for p in mentions.places_in(toks)
             if p.place is None or p.place.feature not in ("country", "continent")]
    if found:
        return found
    named = unresolved_mentions(toks, mentions)
    the = definite_place_noun(toks) if not named else None
    ref = referent(the, mentions, the.lower_) if the is not None else None
    return [ref] if ref is not None else named  # "regime-held parts of the city": the city named before


def claim_events(doc: Doc, claim: Claim, s_start: int, s_end: int,
                 date_fn: Callable[[Doc, int, int, int, int], DateRange | None] | None) -> list[Event]:
    """A claim stated in passing ("rebel-held east Aleppo"): one control_claim per place."""
    out = []
    sentence = doc.article.text[s_start:s_end]
    date = date_fn(doc, s_start, s_end, claim.start, claim.end) if date_fn else None
    for pm in claim.places:
        place = pm.place if pm.place is not None else unresolved_place(pm.text)
        out.append(Event(
            id=stable_id(doc.article.id, "control_claim", s_start, place_key(pm), claim.actor.faction),
            type="control_claim", actor=claim.actor, target=None, place=place, date=date,
            evidence=Evidence(sentence, s_start, s_end, doc.article.id),
            confidence=0.6 if place.geonameid is not None else 0.45,
            article_id=doc.article.id, trigger=doc.article.text[claim.start:claim.end]))
    return out
