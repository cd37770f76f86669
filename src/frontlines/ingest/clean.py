"""Text repair and normalisation: mojibake, control characters, whitespace; the article id.

:func:`clean_text` is total (never raises on any ``str``) and idempotent
(``clean_text(clean_text(s)) == clean_text(s)``); both are property-tested with Hypothesis.

Repairs, in order:

1. lone surrogates and other unencodable code points are dropped;
2. UTF-8 read as Thai cp874 / windows-874 (``ยป`` -> ``»``): a run of Thai-block characters is
   re-encoded and decoded as UTF-8 when the whole run decodes to non-Thai characters and the text
   shows no genuine Thai (a Thai run of 4+ characters that does not decode);
3. ftfy for the usual UTF-8-read-as-cp1252/latin-1 mojibake (``â€™`` -> ``’``), with curly
   quotes, HTML entities, full-width characters and line breaks left alone;
4. control characters dropped, white space collapsed inside lines, lines stripped, at most one
   blank line between paragraphs.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

import ftfy

from ..model import stable_id

_THAI_RUN = re.compile(r"[\u0e01-\u0e5b\u20ac\u2026\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u00a0\u0080-\u009f]+")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e5b]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_INVALID = re.compile("[\ud800-\udfff\ufeff\u200b\u2060\ufffe\uffff]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u00b4": "'", "`": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
                         "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"'})
_FTFY = ftfy.TextFixerConfig(unescape_html=False, uncurl_quotes=False, fix_character_width=False,
                             fix_line_breaks=False, explain=False, normalization="NFC")


def _to_byte(ch: str) -> int | None:
    if "\u0080" <= ch <= "\u009f":
        return ord(ch)
    try:
        b = ch.encode("cp874")
    except UnicodeEncodeError:
        return None
    return b[0] if len(b) == 1 else None


def _decode_run(run: str) -> str | None:
    """The UTF-8 reading of a whole cp874 run, or None when it is not mojibake."""
    raw = [_to_byte(ch) for ch in run]
    if any(b is None or b < 0x80 for b in raw):
        return None
    try:
        text = bytes(raw).decode("utf-8")  # type: ignore[arg-type]
    except UnicodeDecodeError:
        return None
    if _THAI_LETTER.search(text) or any(unicodedata.category(c) in ("Cc", "Co", "Cn") for c in text):
        return None
    return text


def repair_cp874(text: str) -> str:
    """Undo UTF-8 bytes that were decoded as Thai cp874 (``ยป`` -> ``»``)."""
    if not _THAI_LETTER.search(text):
        return text
    runs = list(_THAI_RUN.finditer(text))
    decoded = [_decode_run(m.group()) for m in runs]
    if any(d is None and len(_THAI_LETTER.findall(m.group())) >= 4 for m, d in zip(runs, decoded)):
        return text  # genuine Thai text: leave every run alone
    out, last = [], 0
    for m, d in zip(runs, decoded):
        if d is not None:
            out.append(text[last:m.start()])
            out.append(d)
            last = m.end()
    out.append(text[last:])
    return "".join(out)


def _strip_invalid(text: str) -> str:
    return _INVALID.sub("", text)


def _normalise_space(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\x0b", "\n").replace("\x0c", "\n").replace("\x85", "\n")
    text = _CONTROLS.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


def _once(text: str) -> str:
    text = _strip_invalid(text)
    text = repair_cp874(text)
    try:
        text = ftfy.fix_text(text, _FTFY)
    except Exception:  # noqa: BLE001 - ftfy is a best effort; cleaning must never raise
        pass
    text = _strip_invalid(unicodedata.normalize("NFC", text))
    return _normalise_space(text)


#: characters cleaned at a time: a long text is cleaned in segments cut at paragraph breaks, so the
#: memory the cleaning takes (ftfy, the list of lines, the words of the id) does not grow with it
SEGMENT = 256_000
_ANY_SPACE = re.compile(r"\s")


def segments(text: str, size: int | None = None) -> list[tuple[str, str]]:
    """``text`` as (piece, separator) pairs, cut at paragraph breaks (else line breaks, else
    white space) into pieces of at most ``size`` (default ``SEGMENT``) characters; ``separator`` is
    the break the piece was cut at ("" for the last). One piece when the text is that short."""
    size = size or SEGMENT
    out, start = [], 0
    while len(text) - start > size:
        half, end = start + size // 2, start + size
        cut, sep = next(((c, s) for s in ("\n\n", "\n") if (c := text.rfind(s, half, end)) > half), (end, ""))
        if not sep:  # no line break: the last white space, else (a word of half a segment) anywhere
            for m in _ANY_SPACE.finditer(text, half + 1, end):
                cut, sep = m.start(), m.group(0)
        out.append((text[start:cut], sep))
        start = cut + len(sep)
    out.append((text[start:], ""))
    return out


def _clean_one(text: str) -> str:
    for _ in range(4):
        cleaned = _once(text)
        if cleaned == text:
            break
        text = cleaned
    return text


def clean_text(text: str) -> str:
    """Repair encoding damage and normalise white space; idempotent and never raises."""
    if not isinstance(text, str):
        text = str(text)
    if len(text) <= SEGMENT:
        return _clean_one(text)
    parts: list[str] = []
    gap = ""  # the white space between the last cleaned piece and the next
    for piece, sep in segments(text):
        cleaned = _clean_one(piece)
        if not cleaned:
            gap += piece + sep
            continue
        if parts:
            parts.append(_gap(gap + piece[:len(piece) - len(piece.lstrip())]))
        parts.append(cleaned)
        gap = piece[len(piece.rstrip()):] + sep
    return "".join(parts)


def _gap(space: str) -> str:
    """What white space between two pieces becomes in a cleaned text: a paragraph break, a line
    break, one space, or nothing where the text was cut inside a word (no space in half a segment)."""
    if not space:
        return ""
    lines = _normalise_space(f"a{space}a").count("\n")
    return "\n\n" if lines >= 2 else "\n" if lines else " "


def normalise_for_id(text: str) -> str:
    """Case-folded, quote-normalised, white-space-collapsed form used for ids and comparisons."""
    text = clean_text(text).translate(_QUOTES).casefold()
    return " ".join(text.split())


def article_id(text: str) -> str:
    """Stable id of an article from its normalised text: the same article read from a text file,
    an HTML page or a feed gets the same id. (``stable_id("article", normalise_for_id(text))``,
    hashed segment by segment so that a long text's words are never all in one list.)"""
    if len(text) <= SEGMENT:
        return stable_id("article", normalise_for_id(text))
    digest = hashlib.sha256("article\x1f".encode("utf-8"))
    first = True
    for seg, _sep in segments(text):
        norm = normalise_for_id(seg)
        if norm:
            digest.update((norm if first else " " + norm).encode("utf-8"))
            first = False
    return digest.hexdigest()[:16]
