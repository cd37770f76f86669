"""Looser look-ups inside one country (the theater given with ``--country``), for the spellings of
Arabic place names that the worldwide index cannot match safely.

Worldwide, a name is matched exactly, without the Arabic article of the query, or by a fuzzy score
on the few places sharing its consonant skeleton (common skeletons are left out, as they block
thousands of places). Inside one country there are only a few thousand places, so three more
readings are safe enough:

* the articles dropped on both sides ("Rawdah" is "Ar Rawdah", "Al-Salihiya" is "As Salihiya");
* :func:`~frontlines.geo.names.arabic_key` equality, which folds diphthongs, the final ta marbuta,
  doubled consonants and vowels ("Badriyeh" is "Al Badriyyah", "Mahmudiyah" is "Mehmediyeh");
* :func:`~frontlines.geo.names.consonant_key` equality for names of at least ``MIN_CONSONANTS``
  letters, which also drops the short vowels that colloquial spellings leave out ("Oqeirbat" is
  "`Uqayribat", "Hmeirat" is "Al Humayrat");
* an English qualifier first read as GeoNames' Arabic word last ("Big Khwein" is "Khuwayn al
  Kabir", "Lower Safira" is "Safirah Tahtani"; lexicons/place_qualifiers.tsv);
* :func:`variant_key` equality, the consonant key after the spellings of local (colloquial)
  transliterations are undone: an article glued to the word after the first ("Rasm Elabed" is
  "Rasm al `Abd"), "Abul" for "Abu al", "Kafr" glued to the name ("Kafrsajna" is "Kafr Sajnah"),
  th, dh and z for the same letters ("Abul Thohur" is "Abu az Zuhur", "Thahabiyeh" is
  "Dhahabiyah") and "-ieh" for "-iyeh" ("Debshieh" is "Ad Dabshiyah"); asked with the consonant
  key, both readings together ("Debshieh" is also Dibbash's consonants: the article's context
  chooses);
* with ``loose`` (the text presents it as a place), a rapidfuzz score of at least the
  gazetteer's ``fuzzy_threshold`` less ``LOOSE_SLACK`` on those keys among the places of the same loose skeleton
  ("Hmeirat" is "Al Humayrat", "Tal Khanzir" is "Tall Khinzir").

The index of a country is built on first use (a few milliseconds for Syria) and kept by the
Gazetteer object.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from .names import arabic_key, consonant_key, norm_key, strip_articles, translit_key

_DOUBLE = re.compile(r"([b-df-hj-np-tv-z])\1")
#: The shortest consonant key matched on its own (shorter ones name too many villages).
MIN_CONSONANTS = 4
#: The loose reading inside the theater accepts a fuzzy score this much below the gazetteer's
#: ``fuzzy_threshold`` (measured on ACLED: 4 found more villages than 0 or 8).
LOOSE_SLACK = 4.0
_LOOSE_VOWELS = re.compile(r"(?<=\w)[aeiouyw]+")


_INTERDENTAL = re.compile(r"th|dh")
_IEH = re.compile(r"(?:i[ea]|ei)h\b")
_GLUED_KAFR = re.compile(r"^(kafr|kfar|kfr)(?=[a-z]{3,}$)")


def variant_key(text: str) -> str:
    """:func:`consonant_key` of the name with local transliteration habits undone (module doc):
    "Rasm Elabed" and "Rasm al `Abd" -> "rsm abd"; "Abul Thohur" and "Abu az Zuhur" -> "ab zhr"."""
    words = strip_articles(norm_key(text)).split(" ")
    out = []
    for k, w in enumerate(words):
        if w in ("abul", "abo", "abou"):
            w = "abu"
        elif w[:2] in ("el", "al") and len(w) >= (5 if k > 0 else 7):  # "Elabed", "Alwasita": the
            w = w[2:]  # article glued on (a first word keeps at least five letters: not "Aleppo")
        w = _GLUED_KAFR.sub(r"\1 ", w)
        out.append(_IEH.sub("iyah", _INTERDENTAL.sub("z", w)))
    return consonant_key(" ".join(out))


def loose_skeleton(text: str) -> str:
    """Consonants of :func:`translit_key` without doubled letters or a word-final "h" (nor a "t"
    that ends a word before another: "Tayyibat al Imam" and "Taiba Al-Imam" -> "tb imm")
    ("Sokkariyeh" and "As Sukariyah" -> "skr")."""
    words = []
    parts = translit_key(text).split(" ")
    for k, w in enumerate(parts):
        w = _LOOSE_VOWELS.sub("", _DOUBLE.sub(r"\1", w))
        if len(w) > 2 and (w.endswith("h") or k < len(parts) - 1 and w.endswith("t")):
            w = w[:-1]  # and the construct state's "t" before a later word ("Tayyibat al Imam": "tyb imm")
        if len(w) > 3 and w[0] in "aeiou":  # a first vowel (or `ayn) left out: "Um Rsum", "Emeirat"
            w = w[1:]
        words.append(w)
    return " ".join(words)


class CountryIndex:
    """The places of one country by bare key, Arabic key and loose skeleton."""

    def __init__(self, rows: list[tuple], country: str) -> None:
        self.bare: dict[str, list[int]] = defaultdict(list)
        self.arabic: dict[str, list[int]] = defaultdict(list)
        self.skeleton: dict[str, list[int]] = defaultdict(list)
        self.consonant: dict[str, list[int]] = defaultdict(list)
        self.variant: dict[str, list[int]] = defaultdict(list)
        self.keys: dict[int, tuple[str, ...]] = {}
        self.qualifiers = read_qualifiers()
        for i, r in enumerate(rows):
            if r[4] != country or r[7] not in ("city", "admin2"):
                continue
            keys = set()
            for name in (r[1], *(r[8].split("|") if r[8] else ())):
                if not name or not name.isascii():
                    continue
                bare = strip_articles(norm_key(name))
                if len(bare) < 3:
                    continue
                _add(self.bare, bare, i)
                ak = arabic_key(name)
                keys.add(ak)
                _add(self.arabic, ak, i)
                ck = consonant_key(name)
                if len(ck.replace(" ", "")) >= MIN_CONSONANTS:
                    _add(self.consonant, ck, i)
                vk = variant_key(name)
                if len(vk.replace(" ", "")) >= MIN_CONSONANTS:
                    _add(self.variant, vk, i)
                skel = loose_skeleton(name)
                if len(skel) >= 2:
                    _add(self.skeleton, skel, i)
            self.keys[i] = tuple(keys)

    def lookup(self, name: str, threshold: float, loose: bool) -> tuple[int, ...]:
        arabic_order = qualified(name, self.qualifiers)
        if arabic_order:  # "Big Khwein" -> "Khwein kabir" (lexicons/place_qualifiers.tsv)
            rows = self.lookup(arabic_order, threshold, loose)
            if rows:
                return rows
        bare = strip_articles(norm_key(name))
        if len(bare) < 4:
            return ()
        # the same name with and without articles, and in other transliterations, together: a
        # merged record's alternate must not hide the village whose own name it is
        rows = list(dict.fromkeys([*self.bare.get(bare, ()), *self.arabic.get(arabic_key(name), ())])) \
            or list(dict.fromkeys([*self.consonant.get(consonant_key(name), ()), *self.variant.get(variant_key(name), ())]))
        if rows or not loose:
            return tuple(rows or ())
        return self.similar(name, threshold)

    def similar(self, name: str, threshold: float, within: float = 5.0) -> tuple[int, ...]:
        """The places of the same loose skeleton whose keys score at least ``threshold`` less
        ``LOOSE_SLACK`` against the name: the best and those within ``within`` points of it."""
        from rapidfuzz import fuzz

        target = arabic_key(name)
        scored = []
        for i in self.skeleton.get(loose_skeleton(name), ()):
            best = max((fuzz.ratio(target, v) for k in self.keys.get(i, ()) for v in clipped(k)), default=0.0)
            if best >= threshold - LOOSE_SLACK:
                scored.append((best, i))
        top = max((s for s, _ in scored), default=0.0)
        return tuple(i for s, i in scored if s >= top - within)


_FIRST_VOWEL = re.compile(r"\b([^aeiou ])a(?=[^aeiou ])")
_INITIAL_VOWEL = re.compile(r"\ba(?=[^aeiou ]{2})")


def clipped(key: str) -> tuple[str, ...]:
    """An :func:`arabic_key` and its readings without the short vowels colloquial spellings leave
    out: the first after a word's first letter ("Judaydah" "jadayda" -> "jdayda", as "Jdideh") and
    a word's first before two consonants ("Umm Arsum" "am arsam" -> "am rsam", as "Um Rsum")."""
    return tuple(dict.fromkeys((key, _FIRST_VOWEL.sub(r"\1", key), _INITIAL_VOWEL.sub("", key))))


def read_qualifiers() -> dict[str, str]:
    """English qualifier -> Arabic word, from lexicons/place_qualifiers.tsv."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "lexicons" / "place_qualifiers.tsv"
    rows = [ln.split("\t") for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")]
    return {r[0].strip().lower(): r[1].strip() for r in rows if len(r) >= 2}


def qualified(name: str, qualifiers: dict[str, str]) -> str:
    """ "Big Khwein" -> "Khwein kabir"; "" when the name does not begin with a qualifier."""
    first, _, rest = name.strip().partition(" ")
    arabic = qualifiers.get(first.lower()) if rest else None
    return f"{rest} {arabic}" if arabic else ""


def _add(index: dict[str, list[int]], key: str, i: int) -> None:
    bucket = index[key]
    if i not in bucket:
        bucket.append(i)


def country_index(gazetteer: Any, country: str) -> CountryIndex:
    """The (cached) :class:`CountryIndex` of ``country`` in ``gazetteer``."""
    cache = gazetteer._country_indexes
    idx = cache.get(country)
    if idx is None:
        idx = cache[country] = CountryIndex(gazetteer._data.rows, country)
    return idx
