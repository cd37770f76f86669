"""The place argument of a trigger: which noun phrase names the place, whether an object is a
place at all ("captured two soldiers" is not), and the places that "it", "the town" or an unnamed
"3 villages" stand for."""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..model import Place
from .doc import PlaceMention
from .doc import doc_text
from .events_args import Args, Mentions, has_name, np_tokens


def core_tokens(toks: list[Any]) -> list[Any]:
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
                     for g in c.children if g.dep_ == "pobj" and node.lemma_.lower() in PLACE_NOUNS)
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
        if item.dep_ == "appos" and _in_brackets(doc_text(item.doc), lo, hi):
            continue  # "Popasna (Luhansk)", "Tadmur (Palmyra)": a qualifier or another name, not a place of its own
        inside = [p for p in places if p.start < hi and lo < p.end]
        if not inside:
            continue
        best = next((p for p in inside if p.start <= item.idx < p.end), None)
        best = best or max(inside, key=lambda p: p.end - p.start)
        if best not in out:
            out.append(best)
    return out or places[:1]


def _in_brackets(text: str, lo: int, hi: int) -> bool:
    return text[:lo].rstrip().endswith("(") and text[hi:].lstrip().startswith(")")


_AREA_WORDS = (r"(?i:district|subdistrict|province|governorate|region|area|city|town|village|county|state|"
               r"oblast|raion|township|municipality)")
_QUALIFIER_GAP = re.compile(rf"\s*(?:{_AREA_WORDS}\s*)?\(\s*")
_NAME_BEFORE = re.compile(rf"[A-Z][\w'’-]*\s*(?:{_AREA_WORDS}\s*)?\(\s*$")


def _without_qualifiers(places: list[Any], text: str) -> list[Any]:
    """A place written in brackets right after another ("Lyman (Donetsk)", "Bayhan district
    (Shabwah)", "Tadmur (Palmyra)") qualifies or renames the place before it: it is not a second
    place. When the gazetteer does not know the first, the event is placed in the second, as "near"
    (precision 2 or coarser)."""
    out: list[Any] = []
    for p in places:
        prev = out[-1] if out else None
        bracketed = _in_brackets(text, p.start, p.end)
        if prev is not None and bracketed and _QUALIFIER_GAP.fullmatch(text[prev.end:p.start]):
            if prev.place is None and p.place is not None:
                out[-1] = _near(p)
        elif prev is not None and text[prev.end:p.start].strip() == "," and _contains(p.place, prev.place):
            continue  # "Nyala, South Darfur", "Aleppo, Syria": the area the place before lies in
        elif bracketed and p.place is not None and _NAME_BEFORE.search(text[max(0, p.start - 80):p.start]):
            out.append(_near(p))  # "Tal Sahran (Idlib)": a name the gazetteer does not know, in Idlib
        else:
            out.append(p)
    return out


def _contains(area: Any, place: Any) -> bool:
    """``area`` is the country, or the province of the same country, that ``place`` lies in."""
    if area is None or place is None or area.country != place.country or place.feature in ("country", "region"):
        return False
    if area.feature == "country":
        return True
    return area.feature in ("admin1", "admin2") and place.admin1 is not None and place.feature == "city" \
        and place.admin1 in (area.admin1, area.name)


_IN_GAP = re.compile(r"\s*(?:(?:village|town|city|area|neighbou?rhood|district)\s+)?in\s+(?:the\s+)?"
                     r"(?:[A-Z][\w'’-]*['’]s\s+)?(?:(?:(?:north|south)?[\s-]?(?:north|south|east|west)(?:ern)?\s+)?"
                     r"(?:countryside|outskirts|suburbs|vicinity)\s+of\s+)?", re.I)


def without_locators(places: list[Any], text: str) -> list[Any]:
    """Drop a place that only says where the place before it lies ("Kafr Zita in northern Hama",
    "Sudzha in Russia's Kursk region"): the province, a region of it, or a larger town of the same
    province after "in"; it did not change hands itself."""
    ordered = sorted((p for p in places if p is not None), key=lambda p: p.start)
    drop = set()
    for q, p in zip(ordered, ordered[1:]):
        a, b = q.place, p.place
        if a is None or b is None or a.precision != 1 or a.country != b.country or b.feature == "country":
            continue
        if not _IN_GAP.fullmatch(text[q.end:p.start]):
            continue
        larger = b.feature in ("admin1", "admin2") or b.precision >= 2 or b.population > a.population
        if larger and a.admin1 is not None and (b.admin1 == a.admin1 or _across_border(a, b)):
            drop.add(id(p))
    return [p for p in places if p is None or id(p) not in drop]


#: A village this near the larger place after "in" lies in its countryside though GeoNames puts
#: it in the next governorate ("Abu Dali village in Idleb countryside"); ``REGION_KM`` from the
#: seat when the text names a part of it ("Thalijah village in southern Idleb": 66 km, filed
#: under Aleppo; the places stage has already checked that it lies that way).
BORDER_KM = 60.0
REGION_KM = 100.0


def _across_border(a: Any, b: Any) -> bool:
    """``a`` is a village within ``BORDER_KM`` (``REGION_KM`` for a part of it) of the town or
    governorate centre ``b``."""
    from ..geo.distance import haversine_km

    return a.feature == "city" and None not in (a.lat, a.lon, b.lat, b.lon) \
        and haversine_km(a.lat, a.lon, b.lat, b.lon) <= (REGION_KM if b.precision >= 2 else BORDER_KM)


def _near(p: Any) -> Any:
    return dataclasses.replace(p, place=dataclasses.replace(p.place, precision=max(2, p.place.precision)))


def place_from(tokens_list: list[list[Any]], mentions: Mentions, args: Args) -> None:
    expanded: list[list[Any]] = []
    for toks in tokens_list:
        expanded.extend([core_tokens(toks), toks])
    for k, toks in enumerate(expanded):
        if not toks:
            continue
        places = mentions.places_in(toks)
        if places and k % 2 == 0:
            places = _one_per_item(toks, places)
        places = _without_qualifiers(places, doc_text(toks[0].doc)) if places else places
        if places:
            args.places = places
            args.place_syntax = True
            args.named_place = True
            return
        if has_name(toks, mentions) and not _dates_only(toks, mentions):
            args.named_place = True
            args.place_syntax = True
            args.unresolved = unresolved_mentions(toks, mentions)
            return


PLACE_NOUNS = {"city", "town", "village", "area", "district", "neighbourhood", "neighborhood", "locality",
                "position", "point", "hill", "base", "airport", "region", "province", "settlement"}


def generic_places(cands: list[list[Any]]) -> bool:
    """The argument is a plural or counted place noun ("three other cities")."""
    return any(t.lemma_.lower() in PLACE_NOUNS and (t.tag_ == "NNS" or any(c.dep_ == "nummod" for c in t.children))
               for toks in cands for t in toks)


_UNNAMED_DETS = {"a", "an", "some", "several", "more", "new", "other", "additional", "many", "further",
                 "dozens", "two", "three", "four", "five", "strategic", "key"}


def unnamed_places(toks: list[Any], place_nouns: frozenset[str]) -> bool:
    """The argument is an unnamed place ("6 villages", "new positions", "a strategic hill")."""
    core = core_tokens(toks)
    return any((t.lemma_.lower() in place_nouns or t.lower_ in place_nouns) and t.pos_ == "NOUN"
               and (t.tag_ == "NNS" or any(c.dep_ in ("nummod", "det", "amod") and c.lower_ in _UNNAMED_DETS
                                           for c in t.children) or any(c.dep_ == "nummod" for c in t.children))
               for t in core)


_DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
               "bank", "side", "outskirts", "countryside", "vicinity", "edge"}


#: pronouns that stand for people, never for a place ("he was captured", "citizens who were liberated")
_PERSONAL = {"he", "him", "she", "her", "we", "us", "you", "i", "me", "who", "whom", "they", "them", "someone",
             "anyone", "everyone", "nobody"}

_QUANTITIES = {"number", "dozens", "dozen", "handful", "series", "couple", "string", "group", "cluster"}


def placeish(obj: list[Any], mentions: Mentions, place_nouns: frozenset[str]) -> bool:
    # "a number of hills": the counted noun is the object
    obj = [next((g for c in o.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                 if g.dep_ == "pobj"), o) if o.lemma_.lower() in _QUANTITIES else o for o in obj]
    for o in obj:
        core = core_tokens(np_tokens(o))
        places = mentions.places_in(core)
        if (o.pos_ == "PRON" and o.lower_ not in _PERSONAL) or (any(p.place is not None for p in places) and not _premodifier_places(o, places, place_nouns)):
            return True
        if o.lemma_.lower() in place_nouns or o.lower_ in place_nouns or o.lower_ in _DIRECTIONS:
            return True  # "the village", "the south of X"
        # a name makes the object a place unless a common noun that is no place heads it
        # ("captured an Al Nusra Front cell", "a Mi-26 helicopter that was captured")
        if (places or has_name(core, mentions)) and not (
                o.pos_ == "NOUN" and o.tag_ in ("NN", "NNS") and o.i > min(t.i for t in core)
                and o.lower_ not in _DIRECTIONS
                and not any(t.lemma_.lower() in place_nouns and t.pos_ == "NOUN" for t in core)):
            return True
    return False


def _premodifier_places(o: Any, places: list[Any], place_nouns: frozenset[str]) -> bool:
    """Every place named in the object only modifies a common noun that is no place ("captured
    two Russian soldiers", "a Syrian regime soldier"): the object is that thing, not the place."""
    if o.pos_ != "NOUN" or o.tag_ not in ("NN", "NNS") or o.lower_ in _DIRECTIONS \
            or o.lemma_.lower() in place_nouns or o.lower_ in place_nouns:
        return False
    return all(p.end <= o.idx for p in places)


#: lower-case words and marks inside Arabic place names ("Jisr al-Shughour", "Tal Abu Dhahir")
_NAME_JOINERS = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "es", "er", "ez", "-", "'", "’",
                 "bin", "ibn", "abu", "umm", "um", "bani", "beni", "de", "du", "la"}


#: spaCy entity types that are never a place name (a date, a nationality, a number)
_NOT_PLACE_ENTS = {"DATE", "TIME", "NORP", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
             "sunday", "mid", "early", "late", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
             "nov", "dec"}
CALENDAR = frozenset(_CALENDAR)


def _dates_only(toks: list[Any], mentions: Mentions) -> bool:
    """The argument's only names are dates ("in May", "on Monday"): no place is named."""
    return all(t.lower_ in _CALENDAR or t.ent_type_ in _NOT_PLACE_ENTS for t in toks if has_name([t], mentions))


def unresolved_mentions(toks: list[Any], mentions: Mentions,
                        place_nouns: frozenset[str] = frozenset()) -> list[PlaceMention]:
    """The proper names among a place argument's tokens that the gazetteer did not resolve ("the
    villages of Zor Qsayaa and Kherbat Hajam"): one mention per name, its place unresolved (no
    coordinates; ``feature`` "unresolved"), so the record keeps what the article says."""
    out = _names_in(core_tokens(toks), mentions, place_nouns)
    return out or _names_in(toks, mentions, place_nouns)  # "villages including Bashkuwi and Sifat"


def _names_in(toks: list[Any], mentions: Mentions, place_nouns: frozenset[str]) -> list[PlaceMention]:
    core = sorted({t.i: t for t in toks}.values(), key=lambda t: t.i)
    names: list[list[Any]] = []
    run: list[Any] = []
    for t in core:
        named = has_name([t], mentions) and t.lower_ not in place_nouns and t.lemma_.lower() not in PLACE_NOUNS \
            and t.ent_type_ not in _NOT_PLACE_ENTS and t.lower_ not in _CALENDAR
        joiner = t.lower_ in _NAME_JOINERS and run and run[-1].i == t.i - 1
        if (named or joiner) and (not run or run[-1].i == t.i - 1):
            run.append(t)
            continue
        if run:
            names.append(run)
        run = [t] if named else []
    if run:
        names.append(run)
    out = []
    for run in names:
        while run and run[-1].lower_ in _NAME_JOINERS:
            run = run[:-1]
        if not run or any(m.start <= run[0].idx < m.end for m in mentions.places):
            continue
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        text = doc_text(run[0].doc)[start:end]
        out.append(PlaceMention(start, end, text, unresolved_place(text), 0.0))
    return out


def unresolved_place(text: str) -> Place:
    """A place as the article names it, which the gazetteer cannot resolve: no coordinates."""
    return Place(text=text, name=text, geonameid=None, lat=None, lon=None, country=None, admin1=None,
                 precision=1, feature="unresolved")


_ADJECTIVAL = re.compile(r"[-\u2010\u2011](?:based|led|backed|born|run|held|controlled|made|bound|linked|allied|"
                         r"affiliated|funded|supported|sponsored|trained|armed)\b", re.IGNORECASE)


def not_event_place(pm: PlaceMention, text: str, spacy_doc: Any) -> bool:
    """A place mention that names no place where an event happened: the first part of an
    adjective ("Britain-based", "Kurdish-led", "UK-based"), a word of a person's name or title
    ("Rami Abdel Rahman", "Lt Gen Sergei Rudskoi"), or a word inside a longer organisation's
    name ("the Syrian Observatory for Human Rights")."""
    if _ADJECTIVAL.match(text, pm.end):
        return True
    if spacy_doc is None:
        return False
    span = spacy_doc.char_span(pm.start, pm.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    last = span[-1]
    nxt = spacy_doc[last.i + 1] if last.i + 1 < len(spacy_doc) else None
    if last.ent_type_ == "PERSON" and nxt is not None and nxt.ent_type_ == "PERSON" and nxt.ent_iob_ == "I":
        return True
    if nxt is not None and nxt.ent_type_ == "PERSON" and nxt.ent_iob_ == "B" and last.text.rstrip(".") in _TITLES:
        return True
    return _entity_length(spacy_doc, span.start, ("ORG", "PERSON")) > len(span) + 1


def _entity_length(spacy_doc: Any, i: int, labels: tuple[str, ...]) -> int:
    """The length in tokens of the named entity of one of ``labels`` that holds token ``i`` (0 if
    none), read from the tokens' IOB tags: no scan of the document's entities."""
    if spacy_doc[i].ent_type_ not in labels:
        return 0
    start = i
    while start > 0 and spacy_doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(spacy_doc) and spacy_doc[end].ent_iob_ == "I":
        end += 1
    return end - start


_TITLES = {"Gen", "General", "Col", "Colonel", "Maj", "Major", "Lt", "Capt", "Captain", "Sgt", "Brig", "Adm",
           "President", "Minister", "Sheikh", "Imam", "Dr", "Mr", "Mrs", "Ms"}


def place_key(pm: PlaceMention | None) -> str | None:
    """What tells one event's place from another's in an article: the GeoNames id, else the name."""
    if pm is None:
        return None
    if pm.place is not None and pm.place.geonameid is not None:
        return str(pm.place.geonameid)
    return pm.place.name if pm.place is not None else pm.text
