"""Plain-text boilerplate removal and title detection.

Rules come from the commented lexicon ``lexicons/boilerplate.txt`` (plus the same file in
``Options.lexicon_dir``). Only the head and the tail of a document are searched for page furniture:
a line in the middle of an article is never removed, whatever it says.

Title detection (plain text): the last segment of a breadcrumb line (``Home » headline``), else a
headline line repeated in the head of the document, else a short first line without a final
period followed by more text. The title line (and its repeats and the breadcrumb) leave the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import LexiconError

_LEXICON = Path(__file__).resolve().parent.parent / "lexicons" / "boilerplate.txt"
_BREADCRUMB_SEP = re.compile(r"\s+(?:»|›|>|/|\||→|::)\s+")
_HOME = ("home", "homepage", "home page", "start", "news", "inicio", "accueil", "startseite")
_HEAD_LINES = 12  # non-empty lines searched at the start of a document
_TAIL_LINES = 12  # ... and at its end
_MAX_LINE = 120


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled whole-line patterns; picklable, so workers can be given one."""

    patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def load(cls, lexicon_dir: str | None = None) -> BoilerplateRules:
        files = [_LEXICON]
        if lexicon_dir:
            extra = Path(lexicon_dir) / "boilerplate.txt"
            if extra.exists():
                files.append(extra)
        pats: list[re.Pattern[str]] = []
        for path in files:
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise LexiconError(f"cannot read boilerplate lexicon: {exc}", doc=str(path),
                                   fix="reinstall frontlines or fix Options.lexicon_dir") from exc
            for n, line in enumerate(lines, 1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                try:
                    pats.append(re.compile(rf"(?:{line})", re.IGNORECASE))
                except re.error as exc:
                    raise LexiconError(f"line {n}: bad pattern {line!r}: {exc}", doc=str(path),
                                       fix="correct the regular expression") from exc
        return cls(tuple(pats))

    def is_boilerplate(self, line: str) -> bool:
        line = line.strip().strip(":").strip()
        if not line:
            return False
        if len(line) > _MAX_LINE:
            return False
        return any(p.fullmatch(line) for p in self.patterns)


def _key(line: str) -> str:
    from .clean import normalise_for_id

    return normalise_for_id(line).rstrip(" .:")


def breadcrumb_title(line: str) -> str | None:
    """The headline at the end of a breadcrumb line such as ``Home » World » headline``: the first
    crumb is a home-like word, or there are 3+ short crumbs joined by arrow-like separators."""
    line = line.strip()
    parts = _BREADCRUMB_SEP.split(line)
    if len(parts) < 2 or len(line) > 400:
        return None
    seps = _BREADCRUMB_SEP.findall(line)
    home = parts[0].strip().lower() in _HOME
    arrows = all(sep.strip() in ("»", "›", ">", "→") for sep in seps)
    crumbs_short = all(len(p.split()) <= 4 for p in parts[:-1])
    if home or (arrows and crumbs_short and len(parts) >= 3):
        last = parts[-1].strip()
        return last if len(last.split()) >= 3 else None
    return None


def _headline_like(line: str) -> bool:
    words = line.split()
    return (2 <= len(words) <= 30 and len(line) <= 200 and not line.rstrip().endswith((".", ",", ";", ":"))
            and not line[:1].islower())


@dataclass(frozen=True)
class Stripped:
    text: str
    title: str | None


def strip_boilerplate(text: str, rules: BoilerplateRules, *, title: str | None = None,
                      detect_title: bool = True) -> Stripped:
    """Remove page furniture from cleaned text; find (and remove) the title line.

    ``title``: a title already known (HTML metadata, a feed, JSON Lines): its lines are removed
    from the head of the body; no other title is looked for.
    """
    lines = text.split("\n")
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    head = nonempty[:_HEAD_LINES]
    tail = nonempty[-_TAIL_LINES:] if len(nonempty) > _HEAD_LINES else []
    drop: set[int] = set()
    found = title
    for i in head + tail:
        if rules.is_boilerplate(lines[i]):
            drop.add(i)
    for i in head:
        if i in drop:
            continue
        crumb = breadcrumb_title(lines[i])
        if crumb is not None:
            drop.add(i)
            if found is None:
                found = crumb
            break
        if not _headline_like(lines[i]):
            break  # the article has started
    if found is None and detect_title:
        keys: dict[str, list[int]] = {}
        for i in head:
            if i not in drop and _headline_like(lines[i]):
                keys.setdefault(_key(lines[i]), []).append(i)
        repeated = [ix for ix in keys.values() if len(ix) > 1]
        if repeated:
            found = lines[repeated[0][0]].strip()
    if found is not None:
        want = _key(found)
        for i in head:
            if i not in drop and _key(lines[i]) == want:
                drop.add(i)
    elif detect_title:
        rest = [i for i in nonempty if i not in drop]
        if len(rest) >= 2 and _headline_like(lines[rest[0]]) and len(lines[rest[0]]) <= 150:
            found = lines[rest[0]].strip()
            drop.add(rest[0])
    body = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    return Stripped(body, found.strip() if found else None)
