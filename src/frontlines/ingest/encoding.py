"""Bytes -> str: binary detection, BOMs, UTF-8, declared charsets, a cp1252 fallback and
charset_normalizer for the rest. A document that decodes to nonsense is an EncodingError."""
from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import BinaryDocument, EncodingError

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARED = re.compile(rb"""(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])([A-Za-z0-9_.:-]+)""",
                       re.IGNORECASE)
_TEXT_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D, 0x1B}
_FIX_BINARY = "give a text, HTML, feed, JSON Lines or WARC file"
_FIX_DECODE = "convert the file to UTF-8 (e.g. iconv -f OLD -t UTF-8)"


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(head: bytes) -> str | None:
    """Why ``head`` (the first few KB of a document) is binary, or None when it looks like text."""
    if not head or bom_encoding(head) in ("utf-16", "utf-32"):
        return None
    if b"\x00" in head:
        return "it contains NUL bytes"
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS)
    if controls > max(2, len(head) // 20):
        return f"{controls} of its first {len(head)} bytes are control bytes"
    return None


def _plausible(text: str) -> bool:
    """Decoded text is plausible when almost all of it is letters, digits, punctuation, spaces."""
    sample = text[:20000]
    if not sample.strip():
        return True
    bad = sum(1 for c in sample if c == "\ufffd" or (unicodedata.category(c) in ("Cc", "Co", "Cn")
                                                     and c not in "\n\r\t\f"))
    return bad <= max(1, len(sample) // 100)


def _try(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if _plausible(text) else None


def decode_bytes(data: bytes, *, doc: str, declared: str | None = None) -> tuple[str, str]:
    """Decode a document; returns ``(text, encoding)``.

    Order: BOM, strict UTF-8, the charset the document declares (HTML meta / XML declaration) or
    ``declared`` (an HTTP header), cp1252 for mostly-ASCII Western text, then charset_normalizer.
    Raises BinaryDocument for binary data and EncodingError when nothing gives plausible text.
    """
    head = data[:8192]
    why = looks_binary(head)
    if why:
        raise BinaryDocument(f"binary file ({why})", doc=doc, fix=_FIX_BINARY)
    bom = bom_encoding(data)
    if bom:
        text = _try(data, bom)
        if text is not None:
            return text.lstrip("\ufeff"), bom
    text = _try(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    candidates = [declared] if declared else []
    m = _DECLARED.search(data[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "replace"))
    for enc in candidates:
        if enc and enc.lower().replace("_", "-") not in ("utf-8", "utf8"):
            text = _try(data, enc)
            if text is not None:
                return text, enc
    ascii_share = sum(1 for b in data[:65536] if b < 0x80) / max(1, min(len(data), 65536))
    if ascii_share >= 0.8:
        text = _try(data, "cp1252")
        if text is not None:
            return text, "cp1252"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:1_000_000]).best()
    except Exception:  # noqa: BLE001 - detection is a best effort
        best = None
    if best is not None and best.chaos <= 0.3:
        text = _try(data, best.encoding)
        if text is not None:
            return text, best.encoding
    raise EncodingError("undecodable text: not UTF-8 and no other encoding gives readable text",
                        doc=doc, fix=_FIX_DECODE)
