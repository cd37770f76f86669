"""The places stage: every place mention in the article, resolved to GeoNames.

    stage = make_places_stage(gazetteer, options)
    doc = stage(doc)          # fills doc.places; sets doc.country when it was None

Mentions come from :mod:`frontlines.extract.places_detect` (gazetteer lookups of capitalised
text, aliases, demonyms, "the capital", spaCy GPE/LOC/FAC spans as extra candidates; spaCy NER
alone is never trusted). Each mention's candidates are scored with context
(:mod:`frontlines.extract.places_score`):

* the theater country (``--country``) first, then the countries the rest of the article points to
  (country names, demonyms, places with one clear reading);
* places of the same admin1 named in the article ("Gainesville" next to "Ga." or "Atlanta");
* population and feature type (countries, then admin1 areas, then cities by population);
* "X province/governorate" asks for an admin area, "near X"/"outskirts of X" gives precision 2,
  "central X" a region of X (precision 3); curated aliases win.

The theater, when not given, is the country most of the confidently resolved mentions (and
demonyms) point to; it is written to ``doc.country``.

With a given theater, a candidate outside it needs strong evidence (:class:`TheaterPolicy`): a
country or continent, a curated alias, a capital named by its own GeoNames name (or by an
alternate name when its country is named too), or a place named by its own name that is famous
(population >= ``FAMOUS_POPULATION``) with no reading in the theater, or large (>=
``NAMED_POPULATION``) with its country named in the article. A small foreign town is never chosen: such a mention stays
unresolved (a mention without a place), as unresolved is better than wrong. With an inferred
theater only foreign readings reached by a fuzzy spelling match are refused. Capitalised acronyms
of actors (``HTS``, ``SDF``; read from the actors lexicon) are not places.
"""
from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import replace
from typing import Any

from ..geo.distance import haversine_km
from ..model import Place
from .doc import Doc, PlaceMention
from ..geo.names import arabic_key, norm_key, strip_articles
from .places_acronyms import country_acronyms
from .places_detect import PlaceLexicons, Span, detect
from .places_facility import place_facilities
from .places_fit import SMALL_PLACE, agrees, fitting_spelling
from .places_operations import operation_anchors, operation_ranges
from .places_score import PlaceResolver, direction_of, international

log = logging.getLogger(__name__)

NER_LABELS = ("GPE", "LOC", "FAC")
#: A foreign place this large may be chosen in a theater article without its country being named,
#: when the name has no reading in the theater ("Moscow", "Istanbul" in a Syrian article).
FAMOUS_POPULATION = 1_000_000
#: A foreign place at least this large may be chosen when the article names its country.
NAMED_POPULATION = 100_000
#: A span's candidates all within this distance name one place (see _clear_villages).
CLEAR_KM = 10.0


class TheaterPolicy:
    """Which candidates of a span may be chosen once the theater country is known (module doc).

    ``named`` is the set of countries the article names (country names, demonyms). ``strict``
    (a given theater) applies the full rule; an inferred theater only refuses foreign places
    reached by a fuzzy spelling match, as the inference itself may be wrong."""

    def __init__(self, gazetteer: Any, theater: str | None, named: set[str], strict: bool = True) -> None:
        self.gaz = gazetteer
        self.theater = theater
        self.named = named
        self.strict = strict

    def admissible(self, i: int, span: Span, exact: set[int], alias: set[int], has_theater: bool,
                   keys: set[str]) -> bool:
        e = self.gaz.entry(i)
        if not self.theater or e.country == self.theater or e.feature in ("country", "continent") \
                or international(e):
            return True
        if span.kind == "demonym" or i in alias:
            return True
        if i not in exact:  # a foreign place reached only by a fuzzy spelling match
            return False
        if not self.strict:  # measured: refusing small towns too costs correct readings worldwide
            return True
        capital, main = self.gaz.is_capital(i), norm_key(e.name) in keys
        if e.country in self.named and (capital or main and e.population >= NAMED_POPULATION):
            return True
        if not main:  # "Sus" for Sousse, "Haj" for Hannover, "Ber" for Berlin: not named outright
            return False
        return capital or not has_theater and e.population >= FAMOUS_POPULATION

    def filter(self, span: Span) -> tuple[int, ...]:
        """The span's candidates that may be chosen (all of them when there is no theater)."""
        if not self.theater or not span.rows:
            return span.rows
        exact = set(self.gaz.lookup(span.text, fuzzy=False))
        alias = set(self.gaz.alias_rows(span.text)) if span.kind != "demonym" else set()
        has_theater = any(self.gaz.entry(i).country == self.theater for i in span.rows)
        key = norm_key(span.text)
        keys = {key, strip_articles(key)}
        return tuple(i for i in span.rows if self.admissible(i, span, exact, alias, has_theater, keys))


def named_countries(spans: list[Span], gazetteer: Any) -> set[str]:
    """The countries an article names outright: demonyms and exact country names."""
    named: set[str] = set()
    for sp in spans:
        if sp.kind == "demonym":
            named.update(gazetteer.entry(i).country for i in sp.rows)
        elif sp.rows and sp.kind != "person?":
            named.update(gazetteer.entry(i).country for i in gazetteer.lookup(sp.text, fuzzy=False)
                         if gazetteer.entry(i).feature == "country")
    named.discard("")
    return named


def actor_acronyms(lexicons: Any) -> frozenset[str]:
    """One-word aliases of the actors lexicon that are not places: acronyms ("HTS", "SDF", "YPG")
    and the capitalised names of groups that are not states ("Houthis", "Taliban", "Daesh")."""
    out = set()
    for faction in getattr(lexicons, "factions", ()) or ():
        country = getattr(faction, "country", None)
        state = bool(country) and getattr(faction, "theater", None) == country
        for alias in (*getattr(faction, "aliases", ()), *getattr(faction, "generic", ())):
            bare = alias.replace(".", "").replace("-", "")
            if " " in alias or not bare.isalpha():
                continue
            if (bare.isupper() and len(bare) <= 6) or (not state and alias[:1].isupper()):
                out.add(alias)
    return frozenset(out)


def actor_phrases(lexicons: Any) -> frozenset[str]:
    """Multi-word names of the actors lexicon ("Hayat Tahrir al-Sham", "Jaysh al-Islam"): a
    village named like one of their words ("Hayat") is not a place there (see _in_actor_name)."""
    out = set()
    for faction in getattr(lexicons, "factions", ()) or ():
        for alias in getattr(faction, "aliases", ()):
            if " " in alias.strip() and alias[:1].isupper():
                out.add(alias.strip())
    return frozenset(out)


def _actor_ranges(text: str, phrases: frozenset[str]) -> list[tuple[int, int]]:
    if not phrases:
        return []
    import re

    found = []
    for phrase in phrases:
        if phrase in text:
            found += [(m.start(), m.end()) for m in re.finditer(r"\b" + re.escape(phrase) + r"\b", text)]
    return found


def _ner_spans(sp: Any) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    if sp is None:
        return [], []
    places, persons = [], []
    for ent in getattr(sp, "ents", ()):
        if ent.label_ in NER_LABELS:
            places.append((ent.start_char, ent.end_char, ent.label_))
        elif ent.label_ == "PERSON" and len(ent) >= 2:
            persons.append((ent.start_char, ent.end_char))
    return places, persons


def resolve_places(doc: Doc, gazetteer: Any, lex: PlaceLexicons) -> list[PlaceMention]:
    """Detect and resolve the place mentions of ``doc`` (sets ``doc.country`` when None)."""
    text = doc.article.text
    ner, persons = _ner_spans(doc.spacy)
    spans = detect(text, gazetteer, lex, ner, country=doc.country)
    ner_cover = [(s, e) for s, e, _ in ner]
    actors = _actor_ranges(text, lex.actor_phrases)
    operations = operation_ranges(text, lex.operations, doc.country) if doc.country else []
    kept: list[Span] = []
    for sp in spans:
        if any(s < sp.end and sp.start < e for s, e, _ in operations):
            continue  # "Olive Branch" of "Operation Olive Branch": no place (its area anchors the villages)
        if sp.rows and any(s <= sp.start and sp.end <= e for s, e in actors):
            # "Hayat" of "Hayat Tahrir al-Sham" is no village; a country or city in a name stays
            # ("Military Council of Manbij")
            sp.rows = tuple(i for i in sp.rows if gazetteer.entry(i).feature in ("country", "continent", "region")
                            or _larger(gazetteer.entry(i)))
            if not sp.rows:
                continue
        if sp.kind == "demonym" and not sp.rows:
            continue
        if sp.text in lex.acronyms and not any(gazetteer.entry(i).feature in ("country", "continent", "region")
                                               for i in gazetteer.lookup(sp.text, fuzzy=False)):
            continue  # "HTS", "SDF": an actor, not a place ("US", "UK" stay countries)
        in_person = any(s <= sp.start and sp.end <= e and (s, e) != (sp.start, sp.end) for s, e in persons)
        sp_ner = any(s <= sp.start and sp.end <= e or sp.start <= s and e <= sp.end for s, e in ner_cover)
        if in_person and not sp_ner and sp.kind == "name":
            sp.kind = "person?"
        elif sp.kind == "name" and not sp_ner and " " not in sp.text.strip():
            sp.kind = "weak"
        kept.append(sp)
    kept = sorted(kept + country_acronyms(text, kept, gazetteer), key=lambda sp: sp.start)

    named = named_countries(kept, gazetteer)
    resolver = PlaceResolver(gazetteer, doc.country, named=named, text=text)
    refused: set[int] = set()  # spans whose every candidate was refused abroad: unresolved mentions
    if doc.country:  # the given theater: foreign small towns neither vote nor resolve
        _restrict(kept, TheaterPolicy(gazetteer, doc.country, named), refused)
    # pass 1: priors only; votes for countries and admin1 areas from clear readings
    votes = resolver.votes
    first: dict[str, tuple] = {}  # name -> (voted country, country, admin1, votes, counted in admin support)
    anchors: list[tuple] = []  # (start, admin1, lat, lon, bearing) of clear, larger theater places (given theater)
    for sp in kept:
        if sp.kind == "facility":  # placed at the main city (see places_facility)
            continue
        row, top, margin = resolver.best(sp, use_context=False)
        if row is None:
            continue
        name_key = sp.text.lower()
        e = gazetteer.entry(row)
        voted = ""
        if e.country and (sp.kind == "demonym" or e.feature == "country"
                          or margin >= 1.0 and sp.kind != "person?" and (sp.kind != "weak" or margin >= 2.0)
                          and not _village_alias(e, sp)):
            votes[e.country] += 1.0
            voted = e.country
        prev = first.get(name_key)
        n = (prev[3] if prev else 0) + (1 if voted else 0)
        supports = prev[4] if prev else False
        if e.feature in ("city", "admin1", "admin2") and margin >= 0.5 and sp.kind != "person?" and prev is None:
            resolver.admin_support[(e.country, e.admin1)] += 1
            supports = True
        first[name_key] = (voted or (prev[0] if prev else ""), e.country, e.admin1, n, supports)
        if doc.country and e.country == doc.country and sp.kind != "person?" and _larger(e) \
                and (margin >= 1.0 or _one_area(gazetteer, sp.rows, e)) and _named_outright(e, sp):
            anchors.append((sp.start, e.admin1, e.lat, e.lon, direction_of(text, sp)))
    total = sum(votes.values())
    resolver.total = total
    resolver.villages = _clear_villages(kept, gazetteer, doc.country) if doc.country else []
    anchors += operation_anchors(operations, lex.operations, gazetteer, doc.country) if operations else []
    resolver.anchors = anchors  # a village of the theater in a named governorate, or near a named place
    given = doc.country
    if given is None:
        doc.country = _majority(votes)
    theater = doc.country
    if theater and given is None:  # an inferred theater restricts the final choice as well
        # (its refusals stay silent: the inference may be wrong, and worldwide text has many names)
        _restrict(kept, TheaterPolicy(gazetteer, theater, named, strict=False), set())

    mentions: list[PlaceMention] = []
    facilities: list[Span] = []
    for idx, sp in enumerate(kept):
        if sp.kind == "facility":
            facilities.append(sp)
            continue
        if sp.kind == "capital":
            cap = gazetteer.capital(theater) if theater else None
            if cap is not None:
                mentions.append(PlaceMention(sp.start, sp.end, sp.text, gazetteer.to_place(cap, sp.text, 1), 0.6))
            continue
        row, top, margin = resolver.best(sp, use_context=True, self_key=first.get(sp.text.lower()))
        if row is None:
            if sp.kind == "ner" or idx in refused and sp.kind != "person?":
                mentions.append(PlaceMention(sp.start, sp.end, sp.text, None, 0.0))
            continue
        e = gazetteer.entry(row)
        if not agrees(e, sp, anchors, given):  # "Madaya in southern Idleb": not the Madaya near Damascus
            fit = fitting_spelling(gazetteer, sp, anchors, given, text)
            row = None if fit is None else resolver.best(fit, use_context=True)[0]
            if row is None:
                if sp.kind in ("name", "ner") and not sp.beside:  # a place name left unresolved (a hill
                    # read as near a village that does not fit is left to the events stage, as before)
                    mentions.append(PlaceMention(sp.start, sp.end, sp.text, None, 0.0))
                continue
            sp, e = fit, gazetteer.entry(row)
        own = first.get(sp.text.lower())
        support = resolver.admin_support.get((e.country, e.admin1), 0) - (1 if own and own[4] and own[1:3] == (e.country, e.admin1)
                                                                          else 0)
        clear = e.feature in ("country", "continent", "region", "admin1") or e.population >= 50_000 \
            or (theater and e.country == theater) or support >= 1
        if sp.kind == "person?" and not clear:
            continue
        if sp.kind == "weak" and not clear and (sp.sentence_start or e.population < 1000):
            continue
        precision = 3 if sp.region and e.feature != "city" else (2 if sp.near or sp.region else 1)
        place: Place = gazetteer.to_place(e, sp.text, precision)
        confidence = 1.0 / (1.0 + math.exp(-margin)) if margin < 10 else 1.0
        mentions.append(PlaceMention(sp.start, sp.end, sp.text, place, round(confidence, 3)))
    person_like = {sp.start for sp in kept if sp.kind == "person?"}  # never the main city ("Elizabeth")
    mentions = sorted(mentions + place_facilities(facilities, mentions, person_like),
                      key=lambda m: m.start)
    if given is None:  # the theater: what the resolved mentions point to, once context is used
        final: Counter = Counter(m.place.country for m in mentions
                                 if m.place is not None and m.place.country and m.score >= 0.7)
        doc.country = _majority(final) or doc.country
    return mentions


def _village_alias(e: Any, sp: Span) -> bool:
    """A lone word that reaches only a village by one of its alternate names ("Minnie", a
    French spelling of Al Munyah): it votes for no country (the word is more likely a name)."""
    return sp.kind == "weak" and e.feature == "city" and e.population < 1000 and norm_key(e.name) != norm_key(sp.text)


def _named_outright(e: Any, sp: Span) -> bool:
    """Whether the span names the place by its own name in another spelling ("Idleb", "Ar-Raqqa",
    "northern Hama"), not by an alternate name ("al-Sham" of "Hayat Tahrir al-Sham" for Damascus)."""
    text = sp.text.split(None, 1)[-1] if sp.region else sp.text
    return arabic_key(text) == arabic_key(e.name)


def _clear_villages(spans: list[Span], gazetteer: Any, theater: str) -> list[tuple]:
    """(start, name key, lat, lon) of the theater villages the article names with one clear
    reading (every candidate within ``CLEAR_KM`` of the first): the other villages of a list
    ("Ma'aratah, Ferwan, Kafr Basin and Breiseh") tell which of a namesake's readings is meant."""
    out = []
    for sp in spans:
        if sp.kind not in ("name", "ner", "weak") or not sp.rows:
            continue
        es = [gazetteer.entry(i) for i in sp.rows]
        if any(e.country != theater or e.feature != "city" or e.population >= SMALL_PLACE for e in es):
            continue
        if all(haversine_km(es[0].lat, es[0].lon, e.lat, e.lon) <= CLEAR_KM for e in es[1:]):
            out.append((sp.start, norm_key(sp.text), es[0].lat, es[0].lon))
    return out


def _larger(e: Any) -> bool:
    """An admin area, or a town of at least ``SMALL_PLACE`` people: a place that anchors villages."""
    return e.feature in ("admin1", "admin2") or e.feature == "city" and e.population >= SMALL_PLACE


def _one_area(gazetteer: Any, rows: tuple[int, ...], e: Any) -> bool:
    """Whether every larger reading of a span lies in ``e``'s admin1 area ("Ar-Raqqa": the city
    and its governorate, close in score, name one area)."""
    return all(gazetteer.entry(i).admin1 == e.admin1 for i in rows
               if gazetteer.entry(i).country == e.country and _larger(gazetteer.entry(i)))


def _restrict(spans: list[Span], policy: TheaterPolicy, refused: set[int]) -> None:
    """Keep only the candidates ``policy`` admits; note the spans left with none."""
    for idx, sp in enumerate(spans):
        rows = policy.filter(sp)
        if sp.rows and not rows:
            refused.add(idx)
        sp.rows = rows


def _majority(votes: Counter) -> str | None:
    total = sum(votes.values())
    cc, v = max(((c, v) for c, v in votes.items() if c), key=lambda kv: kv[1], default=(None, 0))
    return cc if cc and v >= 2 and v / total >= 0.4 else None


def make_places_stage(gazetteer: Any, options: Any, lexicons: Any = None):
    """The places stage (Doc -> Doc). ``lexicons`` may carry a ``places`` attribute holding a
    :class:`PlaceLexicons`; otherwise the shipped files (plus ``options.lexicon_dir``) are read.
    The capitalised acronyms among the actor aliases of ``lexicons.factions`` are not places."""
    lex = getattr(lexicons, "places", None)
    if not isinstance(lex, PlaceLexicons):
        lex = PlaceLexicons.load(getattr(options, "lexicon_dir", "") or None)
    acronyms = actor_acronyms(lexicons)
    if acronyms:
        lex = replace(lex, acronyms=lex.acronyms | acronyms)
    phrases = actor_phrases(lexicons)
    if phrases:
        lex = replace(lex, actor_phrases=lex.actor_phrases | phrases)

    def places_stage(doc: Doc) -> Doc:
        doc.places = resolve_places(doc, gazetteer, lex)
        return doc

    return places_stage
