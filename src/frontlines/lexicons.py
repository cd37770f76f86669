"""The commented data files in ``frontlines/lexicons/`` (factions, event triggers, type mapping),
parsed once into a frozen :class:`Lexicons` that is passed to the stages that need it.

An analyst's extra directory (``Options.lexicon_dir``) extends the shipped files: a file of the same
name is read after the shipped one (TSV rows are appended, YAML mappings are merged key by key,
YAML lists are concatenated, and factions with the same id gain the extra aliases).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import LexiconError

log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------ readers
def _data_dir() -> Path:
    return Path(__file__).with_name("lexicons")


def _sources(name: str, extra_dir: str | None) -> list[Path]:
    shipped = _data_dir() / name
    if not shipped.is_file():
        raise LexiconError(f"lexicon file {name} is missing from the installation", doc=str(shipped),
                           fix="reinstall frontlines (pip install -e .)")
    paths = [shipped]
    if extra_dir:
        extra = Path(extra_dir)
        if not extra.is_dir():
            raise LexiconError("lexicon directory does not exist", doc=str(extra),
                               fix="set lexicon_dir to an existing directory or leave it empty")
        if (extra / name).is_file():
            paths.append(extra / name)
    return paths


def read_tsv(name: str, extra_dir: str | None = None) -> list[list[str]]:
    """Rows of a tab-separated lexicon file (``#`` comments and blank lines skipped); rows of the
    analyst's file of the same name are appended after the shipped ones."""
    rows: list[list[str]] = []
    for path in _sources(name, extra_dir):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(f"cannot read lexicon: {exc}", doc=str(path), fix="save it as UTF-8 text") from exc
        for line in lines:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = _merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    return extra


def read_yaml(name: str, extra_dir: str | None = None) -> Any:
    """A YAML lexicon file merged with the analyst's file of the same name (see module doc)."""
    import yaml

    data: Any = None
    for path in _sources(name, extra_dir):
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise LexiconError(f"cannot read lexicon: {exc}", doc=str(path),
                               fix="correct the YAML syntax (see the comments at the top of the shipped file)") from exc
        data = loaded if data is None else _merge(data, loaded)
    return data


def read_yaml_mapping(path: Path, what: str, fix: str) -> dict[str, Any]:
    """One YAML file that must hold a mapping (``what`` names it in errors: "the furniture
    lexicon"); an unreadable file or another shape is a :class:`LexiconError` naming the file."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LexiconError(f"cannot read {what}: {exc}", doc=str(path), fix=fix) from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{what} is not a mapping", doc=str(path), fix=fix)
    return data


# ------------------------------------------------------------------------------------ records
@dataclass(frozen=True)
class Faction:
    id: str
    name: str
    government: bool
    theater: str | None = None  # ISO alpha-2 of the state this faction belongs to, if any
    country: str | None = None  # ISO alpha-2 when the faction is a state
    bloc: str | None = None
    aliases: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    by_name_only: bool = False  # never the referent of the bloc's generic words ("the rebels")


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str  # "verb" | "noun"
    type: str
    frame: str
    plover: str | None = None
    forms: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()  # particles one of which must be present ("take over")
    needs_prep: tuple[str, ...] = ()  # prepositions one of which must be present ("push toward")
    needs_verb: tuple[str, ...] = ()  # governing verbs one of which must be present


@dataclass(frozen=True)
class EventMapRow:
    type: str
    condition: str
    plover: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None


@dataclass(frozen=True)
class Lexicons:
    factions: tuple[Faction, ...]
    theater_government: tuple[str, ...]
    state_force_nouns: tuple[str, ...]  # "forces", "army" after a state's demonym ("Ukrainian forces")
    state_force_of: tuple[str, ...]  # "Military Forces", "Armed Forces" before "of <country>"
    state_demonyms: tuple[tuple[str, str], ...]  # ("Ukrainian", "UA") from place_demonyms.tsv
    parse_as_name: tuple[str, ...]  # acronyms the tagger misreads as words ("IS" as "is")
    group_anaphors: tuple[str, ...]  # "the group", "the jihadists": the armed group named before
    verbs: dict[str, Trigger]
    nouns: dict[str, Trigger]
    light_verbs: frozenset[str]
    control_verbs: frozenset[str]
    achieve_verbs: frozenset[str]
    modal_block: frozenset[str]
    block_type: str
    negations: frozenset[str]
    cancel_heads: frozenset[str]
    past_background: float
    place_nouns: frozenset[str]
    intent_aux: frozenset[str]
    military_words: frozenset[str]
    prefilter_exclude: frozenset[str]
    transient: frozenset[str]
    event_map: tuple[EventMapRow, ...]
    extra_dir: str | None = None
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def faction(self, faction_id: str) -> Faction | None:
        for f in self.factions:
            if f.id == faction_id:
                return f
        return None

    def trigger_words(self) -> frozenset[str]:
        """Every surface form of every trigger (lower case), for the sentence pre-filter."""
        words = self._cache.get("trigger_words")
        if words is None:
            out: set[str] = set()
            for trig in list(self.verbs.values()) + list(self.nouns.values()):
                out.update(_inflect(trig.lemma, trig.pos))
                out.update(f.lower() for f in trig.forms)
            words = self._cache["trigger_words"] = frozenset(out)
        return words

    def plover_types(self) -> tuple[str, ...]:
        """The PLOVER types the pipeline can emit (for the evaluation's ``supported_types``)."""
        return tuple(sorted({r.plover for r in self.event_map if r.plover}))


def _inflect(lemma: str, pos: str) -> set[str]:
    forms = {lemma}
    if pos == "noun":
        forms.add(lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s"))
        return forms
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        forms |= {lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s"), stem + "ed", stem + "ing"}
    return forms


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _triggers(data: dict, pos: str, doc: str) -> dict[str, Trigger]:
    out = {}
    for lemma, spec in (data or {}).items():
        if not isinstance(spec, dict) or "type" not in spec or "frame" not in spec:
            raise LexiconError(f"trigger {lemma!r} needs a type and a frame", doc=doc,
                               fix="write it as  lemma: {type: ..., frame: ...}")
        out[str(lemma)] = Trigger(lemma=str(lemma), pos=pos, type=spec["type"], frame=spec["frame"],
                                  plover=spec.get("plover"), forms=_tuple(spec.get("forms")),
                                  needs=_tuple(spec.get("needs")), needs_prep=_tuple(spec.get("needs_prep")),
                                  needs_verb=_tuple(spec.get("needs_verb")))
    return out


def _factions(data: dict, doc: str) -> tuple[Faction, ...]:
    by_id: dict[str, Faction] = {}
    for item in data.get("factions") or []:
        if "id" not in item:
            raise LexiconError(f"a faction has no id: {item!r}", doc=doc, fix="give every faction an id")
        fid = str(item["id"])
        prev = by_id.get(fid)
        aliases = _tuple(item.get("aliases"))
        generic = _tuple(item.get("generic"))
        if prev is not None:  # an analyst's file extends a shipped faction
            aliases = prev.aliases + aliases
            generic = prev.generic + generic
        by_id[fid] = Faction(
            id=fid, name=str(item.get("name") or (prev.name if prev else fid)),
            government=bool(item.get("government", prev.government if prev else False)),
            theater=item.get("theater", prev.theater if prev else None),
            country=item.get("country", prev.country if prev else None),
            bloc=item.get("bloc", prev.bloc if prev else None), aliases=aliases, generic=generic,
            by_name_only=bool(item.get("by_name_only", prev.by_name_only if prev else False)))
    return tuple(by_id.values())


def load_lexicons(extra_dir: str | None = None) -> Lexicons:
    """Parse the shipped lexicons (and an analyst's extra directory) into a :class:`Lexicons`."""
    actors = read_yaml("actors.yaml", extra_dir) or {}
    trig = read_yaml("triggers.yaml", extra_dir) or {}
    rows = read_tsv("event_map.tsv", extra_dir)
    event_map = []
    for row in rows:
        if len(row) < 5:
            raise LexiconError(f"event_map row has {len(row)} columns, expected 5: {row!r}", doc="event_map.tsv",
                               fix="separate the five columns with tabs")
        event_map.append(EventMapRow(row[0], row[1], *(None if c in ("", "-") else c for c in row[2:5])))
    return Lexicons(
        factions=_factions(actors, "actors.yaml"),
        theater_government=_tuple(actors.get("theater_government")),
        state_force_nouns=_tuple(actors.get("state_force_nouns")),
        state_force_of=_tuple(actors.get("state_force_of")),
        parse_as_name=_tuple(actors.get("parse_as_name")),
        group_anaphors=_tuple(actors.get("group_anaphors")),
        state_demonyms=tuple((row[0], row[1]) for row in read_tsv("place_demonyms.tsv", extra_dir)
                             if len(row) >= 2 and re.fullmatch(r"[A-Z]{2}", row[1])),
        verbs=_triggers(trig.get("verbs"), "verb", "triggers.yaml"),
        nouns=_triggers(trig.get("nouns"), "noun", "triggers.yaml"),
        light_verbs=frozenset(_tuple(trig.get("light_verbs"))),
        control_verbs=frozenset(_tuple(trig.get("control_verbs"))),
        achieve_verbs=frozenset(_tuple(trig.get("achieve_verbs"))),
        modal_block=frozenset(_tuple(trig.get("modal_block"))),
        block_type=str(trig.get("block_type") or "advance"),
        negations=frozenset(_tuple(trig.get("negations"))),
        cancel_heads=frozenset(_tuple(trig.get("cancel_heads"))),
        past_background=float(trig.get("past_background", 0.5)),
        place_nouns=frozenset(_tuple(trig.get("place_nouns"))),
        intent_aux=frozenset(_tuple(trig.get("intent_aux"))),
        military_words=frozenset(_tuple(trig.get("military_words"))),
        prefilter_exclude=frozenset(_tuple(trig.get("prefilter_exclude"))),
        transient=frozenset(_tuple(trig.get("transient"))),
        event_map=tuple(event_map),
        extra_dir=extra_dir,
    )
