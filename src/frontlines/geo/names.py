"""Place-name normalisation: the keys under which the gazetteer indexes names.

Three levels, from strict to loose:

* :func:`norm_key` - lower case, accents folded, punctuation and hyphens to spaces
  ("Jisr al-Shughour" -> "jisr al shughour", "Deir ez-Zor" -> "deir ez zor").
* :func:`translit_key` - :func:`norm_key` without Arabic articles (al-, el-, ash-, ad-, ez-, ...)
  and with common transliteration variants folded (ou -> u, ee -> i, dh -> d, ...):
  "Jisr al-Shughour" and "Jisr ash Shughur" -> "jisr shughur".
* :func:`arabic_key` and :func:`consonant_key` - translit_key with the spelling differences of
  Arabic transliterations folded (vowels, diphthongs, ta marbuta, doubled letters), for the
  places of one country ("Sokhneh" = "As Sukhnah", "Oqeirbat" = "`Uqayribat").
* :func:`skeleton_key` - :func:`translit_key` without vowels (a e i o u y w) after the first
  letter of each word: "Idleb"/"Idlib" -> "idlb", "Al-Qaryatain"/"Al Qaryatayn" -> "qrtn". Used
  only to find fuzzy candidates, which rapidfuzz then scores on the translit keys.
"""
from __future__ import annotations

import re
import unicodedata

_PUNCT = re.compile(r"[\-‐‑‒–—_/,;:()\[\]\"“”«»]+")
_APOS = re.compile(r"['’‘`ʿʾ´]")
_SPACES = re.compile(r"\s+")
_DOTS = re.compile(r"\.")

#: Arabic definite-article spellings (with the sun-letter assimilations) dropped by translit_key.
ARTICLES = frozenset({"al", "el", "as", "ash", "ad", "adh", "ar", "at", "ath", "az", "ez", "es", "esh",
                      "ed", "er", "et", "an", "en", "ej", "ul", "il", "ud", "ur", "us", "un", "uz"})

_VARIANTS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("dh", "d"), ("th", "t"), ("kh", "k"), ("gh", "g"),
             ("aa", "a"), ("ii", "i"), ("uu", "u"), ("ph", "f"), ("q", "k"), ("ck", "k"))
_VOWELS = re.compile(r"(?<=\w)[aeiouyw]+")


def fold(text: str) -> str:
    """Accents removed (NFKD without combining marks); Arabic and other scripts kept."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def norm_key(text: str) -> str:
    """The exact-match key of a name."""
    s = fold(text).lower()
    s = _APOS.sub("", s)
    s = _DOTS.sub("", s) if len(s) <= 6 else s.replace(".", " ")
    s = _PUNCT.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


def strip_articles(key: str) -> str:
    """A norm key without Arabic articles; keeps a one-word name unchanged."""
    words = key.split(" ")
    kept = [w for w in words if w not in ARTICLES]
    return " ".join(kept) if kept else key


def translit_key(text: str) -> str:
    """The transliteration-tolerant key of a name (see module doc)."""
    s = strip_articles(norm_key(text))
    for a, b in _VARIANTS:
        s = s.replace(a, b)
    return s


def skeleton_key(text: str) -> str:
    """Consonant skeleton of :func:`translit_key` (fuzzy blocking key)."""
    return _VOWELS.sub("", translit_key(text))


_DIPHTHONG_Y = re.compile(r"ei|ey|ai")
_DIPHTHONG_W = re.compile(r"ow|aw|au")
_FINAL_A = re.compile(r"(?:eh|ah|e)\b")
_DOUBLE = re.compile(r"([b-df-hj-np-tv-z])\1")
_VOWEL_RUN = re.compile(r"[aeiou]+")


def arabic_key(text: str) -> str:
    """:func:`translit_key` with the spelling differences of Arabic transliterations folded:
    diphthongs (ei/ey/ai -> ay, ow/au -> aw), the final ta marbuta (-eh, -ah, -e -> a), doubled
    consonants, and every vowel written as "a" ("Hmeirat" and "Humayrat" -> "hmayrat" and
    "hamayrat"; "Jneineh" and "Junaynah" -> "jnayna" and "janayna"). Only for scoring fuzzy
    candidates that share a :func:`skeleton_key`."""
    s = translit_key(text)
    s = _DIPHTHONG_Y.sub("ay", s)
    s = _DIPHTHONG_W.sub("aw", s)
    s = _FINAL_A.sub("a", s)
    s = _DOUBLE.sub(r"\1", s)
    return _VOWEL_RUN.sub("a", s)


_WORD_A = re.compile(r"(?<=\w)a")


def consonant_key(text: str) -> str:
    """:func:`arabic_key` without its vowels after each word's first letter: the consonants and
    the long vowels written as y/w, which is what Arabic script writes ("Oqeirbat" and
    "`Uqayribat" -> "akyrbt"; "Jneineh" and "Junaynah" -> "jnyn"). Looser than arabic_key: used
    only inside one country, for names of at least four such letters."""
    return _WORD_A.sub("", arabic_key(text))


def is_latin_or_arabic(name: str) -> bool:
    """True for names written in Latin (with accents) or Arabic script, the two the gazetteer keeps."""
    for ch in name:
        if ch.isascii():
            continue
        code = ord(ch)
        if code < 0x0250 or 0x1E00 <= code < 0x1F00 or 0x0600 <= code < 0x0700 or 0x2000 <= code < 0x2070:
            continue
        return False
    return True


_ASCII_APOS = str.maketrans({"‘": "`", "’": "'", "ʿ": "`", "ʾ": "'", "ʼ": "'"})


def ascii_form(name: str) -> str:
    """GeoNames-style ASCII name: accents folded, Arabic ayn/hamza quotes as ` and '
    ("Jisr ash Shughūr" -> "Jisr ash Shughur", "Ma‘arrat an Nu‘mān" -> "Ma`arrat an Nu`man")."""
    if name.isascii():
        return name
    return fold(name).translate(_ASCII_APOS)
