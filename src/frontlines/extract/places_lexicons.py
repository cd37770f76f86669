"""The places stage's data files (``lexicons/place_*``), read once into :class:`PlaceLexicons`."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..geo.names import norm_key

LEXICONS = Path(__file__).resolve().parents[1] / "lexicons"


@dataclass
class PlaceLexicons:
    """The places stage's data files: stop words and demonyms; the actor acronyms that are not places."""

    stopwords: frozenset[str] = frozenset()
    demonyms: dict[str, str] = field(default_factory=dict)  # norm key -> ISO2 or continent name
    acronyms: frozenset[str] = frozenset()  # actor acronyms ("HTS", "SDF"), matched case-sensitively
    actor_phrases: frozenset[str] = frozenset()  # multi-word actor names ("Hayat Tahrir al-Sham"), same
    generic: frozenset[str] = frozenset()  # "tal", "kafr", "deir": first words of longer names
    beside: frozenset[str] = frozenset()  # "tal", "mazraat": a feature beside the village of the rest
    facility: dict[str, str] = field(default_factory=dict)  # "street" -> street, "cathedral" -> site
    operations: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # name -> (theater, towns)

    @classmethod
    def load(cls, lexicon_dir: str | None = None) -> PlaceLexicons:
        dirs = [LEXICONS] + ([Path(lexicon_dir)] if lexicon_dir else [])
        stop: set[str] = set()
        dem: dict[str, str] = {}
        generic: set[str] = set()
        beside: set[str] = set()
        facility: dict[str, str] = {}
        operations: dict[str, tuple[str, tuple[str, ...]]] = {}
        for d in dirs:
            op = d / "place_operations.tsv"
            if op.exists():
                for line in _lines(op):
                    parts = [p.strip() for p in line.split("\t")]
                    if len(parts) >= 3:
                        operations[parts[0]] = (parts[1].upper(), tuple(t for t in parts[2].split("|") if t))
            fw = d / "place_facility_words.tsv"
            if fw.exists():
                for line in _lines(fw):
                    parts = line.split("\t")
                    if len(parts) >= 2 and parts[1].strip() in ("street", "site"):
                        facility[norm_key(parts[0])] = parts[1].strip()
            gw = d / "place_generic_words.txt"
            if gw.exists():
                generic.update(norm_key(line) for line in _lines(gw))
            bw = d / "place_beside_words.txt"
            if bw.exists():
                beside.update(norm_key(line) for line in _lines(bw))
            sw = d / "place_stopwords.txt"
            if sw.exists():
                stop.update(norm_key(line) for line in _lines(sw))
            dm = d / "place_demonyms.tsv"
            if dm.exists():
                for line in _lines(dm):
                    parts = line.split("\t")
                    if len(parts) >= 2:
                        dem[norm_key(parts[0])] = parts[1].strip()
        for k, v in list(dem.items()):  # plurals: "Syrians", "Iraqis", "South Africans"
            if not k.endswith(("s", "sh", "ch")):
                dem.setdefault(k + "s", v)
        try:
            from spacy.lang.en.stop_words import STOP_WORDS

            stop.update(STOP_WORDS)
        except ImportError:  # spaCy is a dependency; stay usable without it all the same
            pass
        return cls(frozenset(stop), dem, generic=frozenset(generic), beside=frozenset(beside & generic),
                   facility=facility, operations=operations)


def _lines(path: Path) -> list[str]:
    return [ln.rstrip("\n") for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")]
