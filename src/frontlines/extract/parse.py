"""The parse stage: sentences for the whole text, the full spaCy parse only where an event can be.

Running the whole English pipeline over every sentence is the slowest part of an analysis, and
most sentences of a news article cannot hold an event of interest. So:

1. the text is split into sentences by a fast rule splitter (offsets into ``article.text``);
2. a sentence is a *candidate* when one of its words is a surface form of a core trigger
   (control change, advance, control claim, support, threat) from the trigger lexicon;
3. candidate sentences get tokeniser + tagger + parser + lemmatiser (never NER: actors come
   from the actors lexicon and places from the gazetteer); every other stretch of text is only
   tokenised (the events stage still finds attacks and clashes there by proximity).

The pieces are joined with ``Doc.from_docs`` into one spaCy ``Doc`` whose text is exactly
``article.text``, so token offsets are article offsets. A token was parsed when ``token.dep_``
is set (see :func:`is_parsed`).
"""
from __future__ import annotations

import logging
import re
from typing import Any

from ..lexicons import Lexicons, _inflect
from ..options import Options
from .doc import Doc

log = logging.getLogger(__name__)

CORE_TYPES = ("control_change", "advance", "control_claim", "support", "threat", "yield", "protest", "clash")
HEAVY_DISABLE = ("ner",)
ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen lt col maj sgt capt cpl pte st no nos vs jan feb mar apr jun jul aug sep sept "
    "oct nov dec gov sen rep rev prof inc ltd co corp dept est approx fig al e.g i.e etc".split())
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z\"“'‘])")
_WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")
_MAX_SENTENCE = 2000  # characters; longer "sentences" (lists, tables) are cut at this length
MAX_PIECE = 100_000  # characters of one spaCy piece of light (tokenised only) text


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if text[m.start()] == ".":
            word = re.search(r"([A-Za-z.]+)\.$", text[max(start, m.start() - 12):m.start() + 1])
            if word:
                w = word.group(1).lower().rstrip(".")
                if w in ABBREVIATIONS or (len(w) == 1 and w.isalpha()) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):
                    continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start, start + _MAX_SENTENCE) if " " in text[start:start + _MAX_SENTENCE] else -1
        cut = cut if cut > start else start + _MAX_SENTENCE
        spans.append((start, cut))
        start = cut + 1
    if end > start:
        spans.append((start, end))


def core_trigger_words(lexicons: Lexicons) -> frozenset[str]:
    words: set[str] = set()
    for trig in list(lexicons.verbs.values()) + list(lexicons.nouns.values()):
        if trig.type in CORE_TYPES and not trig.needs_verb:  # "sent troops": parsed only with another trigger
            words |= _inflect(trig.lemma, trig.pos) | {f.lower() for f in trig.forms}
    from .triggers import extra_list

    return frozenset((words - lexicons.prefilter_exclude) | extra_list(lexicons, "prefilter_include"))


_CLAIM_SUFFIXES = ("-held", "-controlled", "-dominated", "-occupied")


def is_candidate(sentence: str, words: frozenset[str]) -> bool:
    """True when a word of the sentence is a core trigger form. Capitalised words other than the
    first are names ("March", "Support Front") and do not count."""
    for i, m in enumerate(_WORD.finditer(sentence)):
        w = m.group(0)
        lw = w.lower()
        if lw.endswith(_CLAIM_SUFFIXES):
            return True  # "rebel-held", "IS-controlled": a control claim (see events_claims)
        if i and w[0].isupper():
            continue
        if lw in words or (lw.startswith("re-") and lw[3:] in words):
            return True  # "re-captured"
    return False


def pieces_of(text: str, sentences: list[tuple[int, int, bool]], limit: int) -> list[tuple[int, int, bool]]:
    """Pieces ``(start, end, heavy)`` that cover ``text`` exactly, in order: each heavy (candidate)
    sentence alone, and the text between them (light sentences and the space around them) in
    pieces of at most ``limit`` characters, cut on sentence boundaries (a sentence is at most
    ``_MAX_SENTENCE`` characters), so no piece reaches spaCy's ``max_length`` however long the
    document is. ``sentences`` are ``(start, end, heavy)`` in text order."""
    pieces: list[tuple[int, int, bool]] = []

    def light(a: int, b: int) -> None:
        if pieces and not pieces[-1][2] and b - pieces[-1][0] <= limit:
            pieces[-1] = (pieces[-1][0], b, False)
            return
        while b - a > limit:  # a stretch longer than a piece: only space between sentences is so long
            pieces.append((a, a + limit, False))
            a += limit
        if b > a:
            pieces.append((a, b, False))

    pos = 0
    for start, end, heavy in sentences:
        if heavy:
            light(pos, start)
            pieces.append((start, end, True))
        else:
            light(pos, end)
        pos = end
    light(pos, len(text))
    return pieces


def is_parsed(token: Any) -> bool:
    return bool(token.dep_)


class ParseStage:
    """Doc -> Doc: sets ``doc.sentences`` and ``doc.spacy`` (see module doc)."""

    def __init__(self, nlp: Any, lexicons: Lexicons, options: Options | None = None) -> None:
        self.nlp = nlp
        self.words = core_trigger_words(lexicons)
        self.disable = [p for p in HEAVY_DISABLE if p in nlp.pipe_names]
        self.mask = _name_mask(lexicons)
        self.max_piece = MAX_PIECE

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Doc as SpacyDoc

        text = doc.article.text
        doc.sentences = split_sentences(text)
        if not text:
            doc.spacy = self.nlp.make_doc("")
            return doc
        merged = pieces_of(text, [(s, e, is_candidate(text[s:e], self.words)) for s, e in doc.sentences],
                           min(self.max_piece, getattr(self.nlp, "max_length", self.max_piece)))
        heavy_texts = [self.mask(text[s:e]) for s, e, h in merged if h]
        parsed = iter(self.nlp.pipe(heavy_texts, disable=self.disable)) if heavy_texts else iter(())
        pieces = []
        for s, e, h in merged:
            piece = next(parsed) if h else self.nlp.make_doc(text[s:e])
            piece.tensor = _empty_tensor(len(piece))
            pieces.append(piece)
        doc.spacy = pieces[0] if len(pieces) == 1 else SpacyDoc.from_docs(pieces, ensure_whitespace=False)
        return doc


def _name_mask(lexicons: Lexicons) -> Any:
    """The parser sees the acronyms of ``parse_as_name`` (actors.yaml: "IS", which the tagger reads
    as the verb "is") as a neutral name of the same length, so offsets do not move; every other
    stage reads the article's own text."""
    names = [n for n in getattr(lexicons, "parse_as_name", ()) if n]
    if not names:
        return lambda t: t
    pattern = re.compile(r"(?<![\w\-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w\-])")
    return lambda t: pattern.sub(lambda m: "Z" + m.group(0)[1:], t)


def _empty_tensor(n: int) -> Any:
    import numpy

    return numpy.zeros((n, 0), dtype="float32")


def make_parse_stage(nlp: Any, lexicons: Lexicons, options: Options | None = None) -> ParseStage:
    return ParseStage(nlp, lexicons, options)
