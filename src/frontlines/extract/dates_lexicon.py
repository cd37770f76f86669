"""The words of the dates stage: month names, number words and vague phrases, read from the
commented data file ``lexicons/date_phrases.yaml`` (plus the same file name in
``Options.lexicon_dir``, whose phrases are added), compiled once per stage.

Range arithmetic for the phrases lives here too (:meth:`PhraseRule.resolve`).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..errors import LexiconError
from ..lexicons import read_yaml_mapping

FILE_NAME = "date_phrases.yaml"
_OFFSET = re.compile(r"^([+-]?\d+)([dwmy])$")
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_NAMED_POINTS = ("week_start", "month_start", "year_start", "prev_week_start", "prev_week_end",
                 "prev_month_start", "prev_month_end", "prev_year_start", "prev_year_end",
                 "prev_saturday", "prev_sunday")


def precision_for_width(days: int) -> int:
    """Date precision code from the number of days a range spans (see model.DATE_PRECISION)."""
    if days <= 1:
        return 1
    if days <= 7:
        return 2
    if days <= 31:
        return 3
    return 4


def _point(spec: str, anchor: date) -> date:
    m = _OFFSET.match(spec)
    if m:
        return anchor + timedelta(days=int(m.group(1)) * _UNIT_DAYS[m.group(2)])
    if spec == "week_start":
        return anchor - timedelta(days=anchor.weekday())
    if spec == "month_start":
        return anchor.replace(day=1)
    if spec == "year_start":
        return anchor.replace(month=1, day=1)
    if spec == "prev_week_start":
        return anchor - timedelta(days=anchor.weekday() + 7)
    if spec == "prev_week_end":
        return anchor - timedelta(days=anchor.weekday() + 1)
    if spec == "prev_month_end":
        return anchor.replace(day=1) - timedelta(days=1)
    if spec == "prev_month_start":
        return (anchor.replace(day=1) - timedelta(days=1)).replace(day=1)
    if spec == "prev_year_start":
        return date(anchor.year - 1, 1, 1)
    if spec == "prev_year_end":
        return date(anchor.year - 1, 12, 31)
    if spec == "prev_saturday":
        return anchor - timedelta(days=(anchor.weekday() - 5) % 7)
    if spec == "prev_sunday":
        return min(anchor, anchor - timedelta(days=(anchor.weekday() - 5) % 7) + timedelta(days=1))
    raise ValueError(spec)


@dataclass(frozen=True)
class PhraseRule:
    """One vague or calendar-relative phrase of the lexicon."""

    pattern: str
    start: str
    end: str
    anchor: str = "published"  # published | previous
    vague: bool = False  # an unspecific "recent" phrase (may govern a whole article)

    def resolve(self, anchor: date) -> tuple[date, date] | None:
        try:
            a, b = _point(self.start, anchor), _point(self.end, anchor)
        except (ValueError, OverflowError):
            return None
        return (a, b) if a <= b else (b, a)


@dataclass
class DateLexicon:
    """Compiled words of the dates stage."""

    months: dict[str, int]  # lower-case name/abbreviation -> month number
    numbers: dict[str, tuple[int, int]]  # number word -> (low, high)
    rules: list[PhraseRule]
    phrase_re: re.Pattern[str]  # one alternation; group "r<i>_<j>" is alternative j of rule i
    key_re: re.Pattern[str]  # the key words; phrases are looked for only around them (speed)

    def rule_of(self, match: re.Match[str]) -> PhraseRule:
        return self.rules[int(str(match.lastgroup)[1:].split("_")[0])]


def _alternatives(pattern: str) -> list[str]:
    """Split a pattern at its top-level ``|`` (not inside parentheses or classes)."""
    out, depth, cls, cur, esc = [], 0, False, [], False
    for ch in pattern:
        if esc:
            cur.append(ch)
            esc = False
            continue
        if ch == "\\":
            esc = True
        elif cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    out.append("".join(cur))
    return out


def _read(path: Path) -> dict[str, Any]:
    return read_yaml_mapping(path, "the date phrase lexicon", "correct the YAML (see the comments at the top of the "
                             "shipped date_phrases.yaml)")


def _check_point(spec: Any, path: Path) -> str:
    spec = str(spec)
    if not (_OFFSET.match(spec) or spec in _NAMED_POINTS):
        raise LexiconError(f"unknown range point {spec!r}", doc=str(path),
                           fix=f"use an offset like -6w or one of {', '.join(_NAMED_POINTS)}")
    return spec


def load_date_lexicon(extra_dir: str | None = None) -> DateLexicon:
    """The shipped date phrases, extended by ``<extra_dir>/date_phrases.yaml`` where present."""
    paths = [Path(__file__).resolve().parent.parent / "lexicons" / FILE_NAME]
    if extra_dir and (Path(extra_dir) / FILE_NAME).is_file():
        paths.append(Path(extra_dir) / FILE_NAME)
    months = {calendar.month_name[i].lower(): i for i in range(1, 13)}
    months.update({calendar.month_abbr[i].lower(): i for i in range(1, 13)})
    numbers: dict[str, tuple[int, int]] = {}
    rules: list[PhraseRule] = []
    keywords: set[str] = set()
    for path in paths:
        data = _read(path)
        keywords.update(str(k).lower() for k in (data.get("keywords") or []))
        months.update({str(k).lower(): int(v) for k, v in (data.get("month_aliases") or {}).items()})
        numbers.update({str(k).lower(): (int(v[0]), int(v[1])) for k, v in (data.get("number_words") or {}).items()})
        for i, item in enumerate(data.get("phrases") or []):
            try:
                rule = PhraseRule(pattern=str(item["pattern"]), start=_check_point(item["start"], path),
                                  end=_check_point(item["end"], path), anchor=str(item.get("anchor", "published")),
                                  vague=bool(item.get("vague", False)))
                re.compile(rule.pattern)
            except (KeyError, TypeError, re.error) as exc:
                raise LexiconError(f"phrase {i + 1} is malformed: {exc}", doc=str(path),
                                   fix="each phrase needs pattern, start and end (see the file's comments)") from exc
            if rule.anchor not in ("published", "previous"):
                raise LexiconError(f"phrase {i + 1}: unknown anchor {rule.anchor!r}", doc=str(path),
                                   fix="anchor is 'published' or 'previous'")
            rules.append(rule)
            for alt in _alternatives(rule.pattern):
                if not any(re.search(rf"(?<![a-z]){re.escape(k)}(?![a-z])", alt, re.IGNORECASE) for k in keywords):
                    raise LexiconError(f"phrase {i + 1} ({alt!r}) contains none of the key words", doc=str(path),
                                       fix="add the phrase's key word to 'keywords' in the same file")
    # Longest alternatives first so that "in recent weeks" beats "recent"; the regex engine takes
    # the first alternative that matches at a position.
    alts = sorted(((alt, i, j) for i, r in enumerate(rules) for j, alt in enumerate(_alternatives(r.pattern))),
                  key=lambda t: -len(t[0]))
    alts = [f"(?P<r{i}_{j}>{alt})" for alt, i, j in alts]
    phrase_re = re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)
    key_re = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True))
                        + r")(?![\w-])", re.IGNORECASE)
    return DateLexicon(months=months, numbers=numbers, rules=rules, phrase_re=phrase_re, key_re=key_re)
