"""Finding place mentions in text: capitalised token runs looked up in the gazetteer (longest
match first), curated aliases, demonyms, "the capital", and spaCy GPE/LOC/FAC spans as extra
candidates. Resolution (which GeoNames entry) is in :mod:`frontlines.extract.places`.

Detection is a dictionary lookup of every capitalised run of up to six tokens (the same result as
an Aho-Corasick automaton over all names, without building one over ~750,000 names at start-up).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..geo.names import norm_key
from .places_cues import (PLACE_NOUN_OF, PLACE_NOUNS, _in_place_list, _loose_cue, _place_noun_near,  # noqa: F401
                          _theater_rows, _well_known)
from .places_lexicons import PlaceLexicons

__all__ = ["PlaceLexicons", "Span", "demonym_rows", "detect"]

TOKEN = re.compile(r"[^\W\d_]+(?:[.'’\-][^\W\d_]+)*")
#: Lower-case words allowed inside a multi-word place name.
CONNECTORS = frozenset({"of", "de", "du", "la", "le", "les", "al", "el", "ash", "ad", "an", "as", "ar", "at", "az",
                        "ez", "es", "the", "upon", "on", "y", "da", "do", "dos", "das", "del", "des", "van", "von",
                        "bin", "ibn", "abu", "and", "am", "im", "sur", "en", "di"})
#: Arabic articles inside a name ("Tal al Ahmar"), written as separate words.
NAME_ARTICLES = frozenset({"al", "el", "ash", "ad", "ar", "az", "ez", "es", "ed"})
ARTICLE_PREFIX = re.compile(r"^(?:al|el|ash|ad|an|as|ar|at|az|ez|es|ed)-[^\W\d_]", re.IGNORECASE)
#: Words after a name that say an admin area is meant ("Idlib province").
ADMIN_WORDS = frozenset({"province", "governorate", "state", "region", "county", "district", "oblast",
                         "prefecture", "department", "parish", "countryside"})
#: Words before a name that say "near it" (precision 2).
NEAR_BEFORE = re.compile(r"(?:\bnear|\bnearby|\boutskirts of|\bcountryside of|\bsuburbs? of|\baround|\boutside|"
                         r"\bvicinity of|\bcountryside|\bwest of|\beast of|\bnorth of|\bsouth of|\bkm from|"
                         r"\bkilometres from|\bkilometers from|\bmiles from|\bkm \w+ of|\bkilometres \w+ of|"
                         r"\bkilometers \w+ of|\bmiles \w+ of|\brural)\s+(?:the\s+(?:town|city|village)\s+of\s+)?$",
                         re.IGNORECASE)
#: Direction adjectives that make "central Syria" a region mention of Syria.
DIRECTIONS = re.compile(r"(?:\b(?:central|northern|southern|eastern|western|north|south|east|west|"
                        r"northeastern|northwestern|southeastern|southwestern|north-eastern|north-western|"
                        r"south-eastern|south-western|northeast|northwest|southeast|southwest|rural)\s+)$",
                        re.IGNORECASE)
CAPITAL = re.compile(r"\bthe (?:country's |nation's |Syrian |)capital\b", re.IGNORECASE)


@dataclass
class Span:
    """A candidate mention: text span, the lookup key, and how it was found."""

    start: int
    end: int
    text: str
    kind: str  # name | demonym | capital | ner | facility
    rows: tuple[int, ...] = ()
    near: bool = False  # "near X", "outskirts of X"
    admin_hint: bool = False  # "X province"
    region: bool = False  # "central X"
    beside: bool = False  # "Tall Sukayk" read as near the village Sukayk (see _beside)
    sentence_start: bool = False


def demonym_rows(gazetteer, target: str) -> tuple[int, ...]:
    """The country (ISO2 target), or the continent or region, else the admin1 area (name target:
    "Kurdish" is Kurdistan the region, "English" is England, not the United Kingdom) of a demonym."""
    if len(target) == 2 and target.isupper():
        e = gazetteer.country(target)
        return tuple(i for i in gazetteer.lookup(e.name, fuzzy=False)
                     if gazetteer.entry(i).feature == "country") if e is not None else ()
    rows = gazetteer.lookup(target, fuzzy=False)
    areas = tuple(i for i in rows if gazetteer.entry(i).feature in ("continent", "region"))
    return areas or tuple(i for i in rows if gazetteer.entry(i).feature == "admin1")


def _stopped(phrase: str, key: str, lex: PlaceLexicons, gazetteer) -> bool:
    """A one-word candidate that is a stop word ("Home", "Police"), unless it is written as an
    abbreviation ("US", "U.S") or names a country or admin1 area ("Turkey", "Georgia")."""
    if phrase.isupper() and len(phrase) >= 2:
        return False
    if len(key) < 3:
        return True
    if key not in lex.stopwords:
        return False
    return not any(gazetteer.entry(i).feature in ("country", "continent", "region")
                   for i in gazetteer.lookup(phrase, fuzzy=False))


def _hyphen_parts(text: str, start: int, tok: str, gazetteer, lex: PlaceLexicons) -> list[Span]:
    """The capitalised parts of a hyphenated word that are demonyms or countries, admin1 areas,
    continents, regions, big cities or admin2 areas by their own name ("Israeli-Palestinian",
    "Turkish-backed", "US-based", "London-based", "Kent-based", "anti-Russian")."""
    offset = start
    found = []
    for part in tok.split("-"):
        if part[:1].isupper() and (len(part) >= 3 or part.isupper() and len(part) == 2):  # "US-based"
            key = norm_key(part)
            dem = lex.demonyms.get(key)
            if dem is not None:
                found.append(Span(offset, offset + len(part), part, "demonym", demonym_rows(gazetteer, dem)))
            elif not _stopped(part, key, lex, gazetteer):
                rows = tuple(i for i in gazetteer.lookup(part, fuzzy=False) if _hyphen_place(gazetteer.entry(i), key))
                if rows:
                    found.append(Span(offset, offset + len(part), part, "name", rows))
        offset += len(part) + 1
    return [sp for sp in found if sp.rows]


#: A city this large may be half of a hyphenated word by its own name ("London-based", "Moscow-backed").
HYPHEN_CITY_POPULATION = 500_000


def _hyphen_place(e, key: str) -> bool:
    return e.feature in ("country", "admin1", "continent", "region") \
        or e.feature == "city" and e.population >= HYPHEN_CITY_POPULATION and norm_key(e.name) == key \
        or e.feature == "admin2" and norm_key(e.name) == key  # "Kent-based"


def _suffixed(tok: str) -> bool:
    """A hyphenated word with a lower-case part that is not an Arabic article ("US-based",
    "Turkish-backed"): its capitalised parts are looked up alone (see _hyphen_parts), not the whole."""
    parts = tok.split("-")
    return len(parts) > 1 and any(p[:1].islower() and p not in NAME_ARTICLES for p in parts[1:])


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or bool(ARTICLE_PREFIX.match(tok))



def _facility(text: str, toks: list[tuple[int, int, str]], i: int, limit: int, gazetteer,
              lex: PlaceLexicons) -> tuple[Span | None, int, int, int] | None:
    """A named facility, street or site in the capitalised run ``toks[i..limit]`` ("Royal Street",
    "Manila Cathedral", "University of Aleppo"; see place_facility_words.tsv): one span (kind
    ``facility``, no rows: it goes to the article's main city), the index of its head word and of
    its last token; when the name holds a place ("Huntsville High School", see _embedded_place),
    no span and the index of the place's last token: that place is then detected as usual, and no
    word after it in the name ("Colorado State University": not "State University")."""
    if not lex.facility:
        return None
    kinds = [lex.facility.get(norm_key(toks[k][2])) for k in range(i, limit + 1)]
    last = max((k for k in range(i + 1, limit + 1) if kinds[k - i] and _is_cap(toks[k][2])), default=None)
    if last is not None:
        first = last
        while first > i and _is_cap(toks[first - 1][2]):  # "Easter Vigil at the Manila Cathedral"
            first -= 1
        if first == last:
            return None
        i, head, name = first, last, (first, last - 1)
    elif kinds[0] == "site" and limit >= i + 2 and toks[i + 1][2] == "of":  # "University of Aleppo"
        head, name, last = i, (i + 2, limit), limit
    else:
        return None
    end = toks[last][1]
    if end < len(text) and text[end] == "." and len(toks[last][2]) <= 4:  # "Victoria St."
        end += 1
    if gazetteer.alias_rows(text[toks[i][0]:toks[last][1]]):  # "Downing Street": a curated alias
        return None
    rows, place_end = _embedded_place(text, toks, name, gazetteer, lex)
    if rows:
        return None, head, last, place_end
    s = toks[i][0]
    return Span(s, end, text[s:end], "facility"), head, last, -1


def _embedded_place(text: str, toks: list[tuple[int, int, str]], name: tuple[int, int], gazetteer,
                    lex: PlaceLexicons) -> tuple[tuple[int, ...], int]:
    """The readings of the first place named inside a facility's name (longest first; a town by
    its own name only, see _by_own_name):
    "Huntsville" of "Huntsville High School", "Laurel County" of "Laurel County Fiscal Court",
    "Russian" (Russia) of "State Russian Museum"; and the index of its last token."""
    for a in range(name[0], name[1] + 1):
        for b in range(name[1], a - 1, -1):
            phrase = text[toks[a][0]:toks[b][1]]
            key = norm_key(phrase)
            if not _is_cap(toks[a][2]) or not _is_cap(toks[b][2]):
                continue
            dem = lex.demonyms.get(key)
            if dem is not None:
                return demonym_rows(gazetteer, dem), b
            if a == b and (_stopped(phrase, key, lex, gazetteer) or DIRECTIONS.search(key + " ")):
                continue  # nor "Northeast" of "Northeast Texas Community College"
            hit = tuple(r for r in gazetteer.lookup(phrase, fuzzy=False) if _by_own_name(gazetteer.entry(r), key))
            if hit:
                return hit, b
    return (), -1


def _by_own_name(e, key: str) -> bool:
    """A place the phrase names by the place's own name ("Huntsville"), or an area; not a town
    reached by one of its alternate names ("Royal" for Royal City)."""
    return e.feature != "city" or norm_key(e.name) == key


def _beside(text: str, toks: list[tuple[int, int, str]], i: int, limit: int, gazetteer, country: str,
            loose: bool) -> tuple[int, int, tuple[int, ...], str] | None:
    """ "Tall Sukayk", no place of its own: the theater's village of the rest of the name
    ("Sukayk"), which the hill, farms or pond of the first word lie beside (lexicons/place_beside_words.txt)."""
    k = i + 1
    while k < limit and toks[k][2].lower() in NAME_ARTICLES:
        k += 1
    if not _is_cap(toks[k][2]) and not ARTICLE_PREFIX.match(toks[k][2]):
        return None
    phrase = text[toks[k][0]:toks[limit][1]]
    rows = tuple(r for r in gazetteer.lookup(phrase, fuzzy=False) if gazetteer.entry(r).country == country)
    rows += tuple(r for r in gazetteer.lookup_in(phrase, country, loose=loose) if r not in rows)
    return (limit, toks[limit][1], rows, "name") if rows else None


def detect(text: str, gazetteer, lex: PlaceLexicons, ner_spans: list[tuple[int, int, str]] = (),
           country: str | None = None) -> list[Span]:
    """Every candidate place mention in ``text``, left to right, not overlapping. With the
    theater ``country``, a name with no reading there is also looked up more loosely inside it."""
    toks = []
    for m in TOKEN.finditer(text):
        tok, end = m.group(), m.end()
        if tok[-2:] in ("'s", "’s") and len(tok) > 3:  # possessive: "Assad's", "Syria's"
            tok, end = tok[:-2], end - 2
        toks.append((m.start(), end, tok))
    spans: list[Span] = []
    heads: set[int] = set()  # the head words of facilities named after a place
    n = len(toks)
    i = 0
    while i < n:
        s, e, tok = toks[i]
        if not _is_cap(tok) or tok in ("The", "THE"):
            if "-" in tok and any(c.isupper() for c in tok):  # "anti-Russian", "pro-Turkish"
                spans.extend(_hyphen_parts(text, s, tok, gazetteer, lex))
            i += 1
            continue
        found = None
        compound = False  # a generic first word ("Tal") and more: one Arabic name, not several
        # longest capitalised run first, up to six tokens
        limit = i
        while limit + 1 < n and limit - i < 5:
            nxt = toks[limit + 1][2]
            gap = text[toks[limit][1]:toks[limit + 1][0]]
            if gap not in (" ", "-", " - ") and gap.strip() not in ("",) \
                    and not (gap == ". " and toks[limit][2] in ("St", "Mt", "Ft", "Pt", "ST", "MT", "FT")):
                break
            if not (_is_cap(nxt) or nxt.lower() in CONNECTORS):
                break
            limit += 1
        if i in heads:  # "Academy" of "Liverpool Academy" is not a place of its own
            i += 1
            continue
        fac = _facility(text, toks, i, limit, gazetteer, lex)
        if fac is not None:
            span, head, last, place_end = fac
            if span is None:  # a place inside the name ("Huntsville High School"): that place
                heads.add(head)
                if head == last:  # not after "of" ("University of Nebraska at Omaha")
                    heads.update(range(place_end + 1, last + 1))
                if head == i:
                    i += 1
                    continue
                limit = min(limit, head - 1)
            else:
                spans.append(span)
                i = last + 1
                continue
        for j in range(limit, i - 1, -1):
            if not _is_cap(toks[j][2]):
                continue
            end = toks[j][1]
            phrase = text[s:end]
            if end < len(text) and text[end] == "." and len(toks[j][2]) <= 5:
                abbr = gazetteer.alias_rows(phrase + ".")  # "Ky.", "Ga.", "U.S.", "Calif."
                if abbr and not (" " in phrase and gazetteer.alias_rows(phrase)):  # not "Soviet Union" + "."
                    found = (j, end + 1, abbr, "name")
                    break
            if j > i and _suffixed(toks[j][2]):  # "Abu Dhabi-based": the place before the suffix
                core_end = toks[j][0] + toks[j][2].index("-")
                core = text[s:core_end]
                rows = tuple(r for r in gazetteer.lookup(core, fuzzy=False) if _hyphen_place(gazetteer.entry(r), norm_key(core)))
                if rows:
                    found = (j, core_end, rows, "name")
                    break
            key = norm_key(phrase)
            if j == i and _stopped(phrase, key, lex, gazetteer):
                break
            dem = lex.demonyms.get(key)
            if dem is not None:
                found = (j, end, demonym_rows(gazetteer, dem), "demonym")
                break
            if j == i < limit and key in lex.generic and (_is_cap(toks[j + 1][2]) or toks[j + 1][2] in NAME_ARTICLES):
                compound = True
                break  # "Tal" of "Tal Khazneh": not the place (see place_generic_words.txt)
            hit = gazetteer.lookup(phrase, fuzzy=False)
            if hit and country and not any(_well_known(gazetteer.entry(r), phrase) for r in hit):
                hit = _theater_rows(gazetteer, phrase, hit, country, _loose_cue(text, s, end))
            elif not hit and country and j > i:  # "Sarha al-Shamali" before "Sarha", "Jana al-Elbawi" before "Jana";
                # "in Taiba Al-Imam" (Tayyibat al Imam) before "Taiba": loosely when presented as a place
                hit = gazetteer.lookup_in(phrase, country, loose=_loose_cue(text, s, end))
            if hit:
                found = (j, end, hit, "name")
                break
        while country and limit > i and not _is_cap(toks[limit][2]):  # "Tleisiyeh and villages" in a
            limit -= 1  # theater article: not "Tleisiyeh and" (worldwide the run stays as it was)
        if found is None and limit - i <= 3 and not _suffixed(toks[limit][2]):
            # transliteration-tolerant match of the whole run ("Al-Qaryatain" -> "Al Qaryatayn")
            phrase = text[s:toks[limit][1]]
            key = norm_key(phrase)
            cue = _place_noun_near(text, s, toks[limit][1])
            lone = limit == i and not country and not cue and not any(a <= s and toks[limit][1] <= b for a, b, _ in ner_spans)
            if (len(key) >= 5 or cue and len(key) >= 4) and key not in lex.stopwords and not lone:
                hit = gazetteer.lookup(phrase, fuzzy=True) if len(key) >= 5 else ()
                hit = _theater_rows(gazetteer, phrase, hit, country, cue or bool(country) and _loose_cue(text, s, toks[limit][1]))
                if hit:
                    found = (limit, toks[limit][1], hit, "name")
        beside = False
        if found is None and compound and country and norm_key(tok) in lex.beside:
            found = _beside(text, toks, i, limit, gazetteer, country, _loose_cue(text, s, toks[limit][1]))
            beside = found is not None
        if found is None and "-" in tok:
            parts = _hyphen_parts(text, s, tok, gazetteer, lex)
            spans.extend(parts)
            found = parts[0] if parts else None
        if found is None or isinstance(found, Span):
            i = limit + 1 if found is None and compound else i + 1  # nor is "Khazneh" alone
            continue
        j, end, rows, kind = found
        before = text[max(0, s - 40):s]
        after = text[end:end + 20].lower().split()
        sent_start = not before.strip() or before.rstrip()[-1:] in ".!?\n\"“:"
        span = Span(s, end, text[s:end], kind, rows, near=bool(NEAR_BEFORE.search(before)),
                    admin_hint=bool(after) and after[0].strip(".,;:") in ADMIN_WORDS, sentence_start=sent_start)
        span.near = span.near or beside
        span.beside = beside
        d = DIRECTIONS.search(before)
        if d is not None and kind in ("name", "demonym"):
            span.region = True
            span.start = s - len(d.group())
            span.text = text[span.start:end]
            spans = [sp for sp in spans if sp.end <= span.start]  # "Northeast" alone before "Northeast Texas"
        spans.append(span)
        i = j + 1
    for m in CAPITAL.finditer(text):
        if not any(sp.start < m.end() and m.start() < sp.end for sp in spans):
            spans.append(Span(m.start(), m.end(), m.group(), "capital"))
    for s, e, label in ner_spans:
        if any(sp.start < e and s < sp.end for sp in spans):
            continue
        phrase = text[s:e]
        if phrase.lower().startswith("the "):
            s, phrase = s + 4, phrase[4:]
        key = norm_key(phrase)
        if len(key) < 3 or key in lex.stopwords:
            continue
        hit = _theater_rows(gazetteer, phrase, gazetteer.lookup(phrase, fuzzy=True), country, _place_noun_near(text, s, e))
        spans.append(Span(s, e, phrase, "ner", hit))
    spans.sort(key=lambda sp: sp.start)
    return spans
