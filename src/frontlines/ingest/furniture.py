"""Page furniture inside the prose of scraped articles, and the dateline it often starts with.

Scraped news pages reach us with their line breaks lost: the date line, the headline repeated,
photo credits with a related story's headline ("REUTERS Murad Sezer Turkish Army Seizes Armed
Insurgent at Turkish-Syrian Border"), "Get short URL", tag lists and footer links run straight into
the article's sentences, where a whole-line rule (:mod:`.boilerplate`) cannot see them. This
module removes such runs by their shape:

* a **dateline** at the very start ("Date of publication 27 October 2016", "Published July 2 2016",
  "Last updated at Apr 152017", "Thu Dec 14 2017", "26.12.2014", "03-04-2016", "27.05.2017(updated
  1133 27.05.2017) Get short URL 13963"); its date is returned so an article without a publication
  date gets the one it states;
* the **headline repeated** after it (the known title, with an agency word and a date after it);
* a **photo credit** (an agency word and a person's name) followed by a Title Case headline, up to
  the word that starts the next sentence;
* "Get short URL N", "Print Tweet Views N Related", "(Photo ... by AFP)", tag lists ("Tags Syria
  Russia Chemical Attack") and a trailing run of site links ("About TRT World Careers ... Cookie
  Policy").

Only these shapes are removed; prose is never touched. The words are in the commented lexicon
``lexicons/furniture.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path


from ..lexicons import read_yaml_mapping

_LEXICON = Path(__file__).resolve().parent.parent / "lexicons" / "furniture.yaml"

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?,?"
_DATE_FORMS = [
    rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MON}),?\s+(?P<y1>(?:19|20)\d\d)",  # 27 October 2016
    rf"(?P<m2>{_MON})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y2>(?:19|20)\d\d)",  # July 2 2016, Apr 152017
    r"(?P<d3>\d{1,2})[./-](?P<m3>\d{1,2})[./-](?P<y3>(?:19|20)\d\d)",  # 26.12.2014, 03-04-2016
    r"(?P<y4>(?:19|20)\d\d)-(?P<m4>\d{2})-(?P<d4>\d{2})",  # 2016-04-03
]
_DATE = "(?:" + "|".join(_DATE_FORMS) + ")"


@dataclass(frozen=True)
class FurnitureRules:
    """The compiled shapes (picklable)."""

    dateline: re.Pattern[str]
    credit: re.Pattern[str]
    inline: tuple[re.Pattern[str], ...]
    tags: re.Pattern[str]
    footer_words: frozenset[str]
    small_words: frozenset[str]
    sentence_openers: frozenset[str]

    @classmethod
    def load(cls, lexicon_dir: str | None = None) -> FurnitureRules:
        data = _read(_LEXICON)
        if lexicon_dir and (Path(lexicon_dir) / "furniture.yaml").exists():
            for key, value in _read(Path(lexicon_dir) / "furniture.yaml").items():
                data[key] = list(data.get(key) or []) + list(value or [])
        lead = "|".join(data["dateline_lead"])
        dateline = re.compile(
            rf"\A\s*(?:(?:{lead})\s*:?\s*)?(?:{_DAY}\s+)?(?P<date>{_DATE})"
            r"(?:\s*\(?\s*updated\s+\d{3,4}\s+\d{1,2}\.\d{1,2}\.\d{4}\s*\)?)?"
            r"(?:\s*\d{1,2}:\d{2})?\s*\)?\s*(?:Get short URL(?:\s+\d+)*\s*)?", re.IGNORECASE)
        agencies = "|".join(data["credit_agencies"])
        credit = re.compile(rf"(?:(?<=\s)|^)(?:{agencies})\s+(?:[A-Z][\w'’-]+\s+){{1,3}}")
        inline = tuple(re.compile(p) for p in data["inline"])
        tags = re.compile(r"(?:(?<=[.!?\"”])\s+|^)Tags\s+")
        return cls(dateline, credit, inline, tags, frozenset(w.lower() for w in data["footer_words"]),
                   frozenset(data["small_words"]), frozenset(data["sentence_openers"]))


def _read(path: Path) -> dict:
    return read_yaml_mapping(path, "the furniture lexicon",
                             "correct the YAML (see src/frontlines/lexicons/furniture.yaml for its keys)")


@dataclass(frozen=True)
class Furnished:
    text: str
    dateline: date | None


def _date_of(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    try:
        if g.get("y1"):
            return date(int(g["y1"]), _MONTHS[g["m1"][:3].lower()], int(g["d1"]))
        if g.get("y2"):
            return date(int(g["y2"]), _MONTHS[g["m2"][:3].lower()], int(g["d2"]))
        if g.get("y3"):
            return date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        if g.get("y4"):
            return date(int(g["y4"]), int(g["m4"]), int(g["d4"]))
    except (ValueError, KeyError):
        return None
    return None


def _fold(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def _strip_title(text: str, title: str | None) -> str:
    """The known title repeated at the head of the text (with ".", an agency word or a date after it)."""
    if not title:
        return text
    for cut in (title, re.split(r"\s+[|\-–]\s+", title)[0]):
        want = _fold(cut)
        if len(want.split()) < 3:
            continue
        words = text.split()
        n = len(cut.split())
        if _fold(" ".join(words[:n])) == want:
            rest = text.split(None, n)[n] if len(words) > n else ""
            return rest.lstrip(". ")
    return text


def _title_run_end(words: list[str], start: int, rules: FurnitureRules) -> int:
    """The index of the first word after a Title Case run that begins at ``start``: the run ends
    before the capitalised word that opens the next sentence (the one right before the first
    lower-case word, or a determiner among the last three capitalised words)."""
    i = start
    while i < len(words):
        w = words[i]
        if w[:1].isupper() or w[:1].isdigit() or w.lower() in rules.small_words:
            i += 1
            continue
        break
    if i >= len(words):
        return start  # no prose after it: leave it alone
    caps = [k for k in range(start, i) if words[k][:1].isupper()]
    opener = next((k for k in caps if k >= start + 2 and words[k] in rules.sentence_openers), None)
    end = opener if opener is not None else (caps[-1] if caps else i)
    return end if end - start >= 4 else start


def _strip_credits(text: str, rules: FurnitureRules) -> str:
    out, pos = [], 0
    for m in rules.credit.finditer(text):
        if m.start() < pos:
            continue
        words = text[m.end():].split(" ")
        end = _title_run_end(words, 0, rules)
        if end == 0:
            continue
        cut = m.end() + len(" ".join(words[:end])) + 1
        out.append(text[pos:m.start()])
        pos = cut
    out.append(text[pos:])
    return "".join(out)


def _strip_tags(text: str, rules: FurnitureRules) -> str:
    m = rules.tags.search(text)
    if m is None:
        return text
    words = text[m.end():].split(" ")
    if len(" ".join(words)) <= 160 and not re.search(r"[.!?]\s+[A-Z]", " ".join(words)):
        return text[:m.start()].rstrip()  # a tag list closes the text
    end = _title_run_end(words, 0, rules)
    if end == 0:  # a tag list with lower-case tags: up to the first word that opens a sentence
        end = next((k for k in range(1, min(len(words) - 1, 40)) if words[k] in rules.sentence_openers
                    and words[k + 1][:1].islower() or (words[k] == "At" and words[k + 1] == "least")), 0)
    if end == 0:
        return text
    return text[:m.start()] + " " + " ".join(words[end:])


def _strip_footer(text: str, rules: FurnitureRules) -> str:
    """A trailing run of capitalised site links with several footer words ("About", "Careers",
    "Privacy", "Policy", ...)."""
    words = text.split(" ")
    i = len(words)
    while i > 0 and (words[i - 1][:1].isupper() or words[i - 1].lower() in rules.small_words):
        i -= 1
    run = words[i:]
    if len(run) >= 6 and sum(w.lower().strip(".,") in rules.footer_words for w in run) >= 3:
        return " ".join(words[:i]).rstrip()
    return text


def strip_furniture(text: str, rules: FurnitureRules, title: str | None = None) -> Furnished:
    """Remove inline page furniture (see module doc); return the text and the dateline's date."""
    found = None
    m = rules.dateline.match(text)
    if m is not None:
        found = _date_of(m)
        text = text[m.end():]
    text = _strip_title(text, title)
    m = rules.dateline.match(text)  # "<title> AFP Saturday 21 Jun 2014 ..."
    if m is not None:
        found = found or _date_of(m)
        text = text[m.end():]
    for pat in rules.inline:
        text = pat.sub(" ", text)
    text = _strip_credits(text, rules)
    text = _strip_tags(text, rules)
    text = _strip_footer(text, rules)
    text = re.sub(r"[ \t]{2,}", " ", text).strip()
    return Furnished(text, found)
