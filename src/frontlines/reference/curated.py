"""The bundled, curated reference record of Syrian control changes (``data/syria_control.tsv``).

Each row of the commented TSV becomes one ``control_change`` :class:`~frontlines.model.Event`
whose actor is the gainer, whose target is the loser, and whose single source is a
``SourceRef(origin="reference", ref_id=<row id>, citation=<page § section>)``. Faction display
names come from ``lexicons/actors.yaml`` and the PLOVER/ACLED codes from ``lexicons/event_map.tsv``
(the mapping the extraction uses), so reference and extracted events are coded alike. Nothing is
read at import time: call :func:`load_curated`.
"""
from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import ImportFormatError
from ..model import Actor, DateRange, Event, Evidence, Place, SourceRef, stable_id

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_PATH = DATA_DIR / "syria_control.tsv"
LEXICON_DIR = Path(__file__).resolve().parents[1] / "lexicons"
COUNTRY = "SY"
COLUMNS = ("id", "date", "precision", "place", "geonameid", "lat", "lon", "admin1", "gainer",
           "gainer_gov", "loser", "loser_gov", "citation")
SOURCE_TITLE = "frontlines curated reference record (Syria)"


@dataclass(frozen=True)
class CuratedRow:
    """One row of the curated record, typed."""

    id: str
    start: date
    end: date
    precision: int
    date_text: str
    place: str
    geonameid: int
    lat: float
    lon: float
    admin1: str
    gainer: str
    gainer_gov: bool
    loser: str
    loser_gov: bool
    citation: str
    line: int


def _bad(path: Path, line: int, column: str, message: str) -> ImportFormatError:
    return ImportFormatError(f"line {line}, column {column!r}: {message}", doc=str(path),
                             fix=f"correct that row of {path.name} (see the column notes at the top of the file)")


def _flag(path: Path, line: int, column: str, value: str) -> bool:
    v = value.strip().lower()
    if v in ("true", "false"):
        return v == "true"
    raise _bad(path, line, column, f"expected true or false, got {value!r}")


def _day(path: Path, line: int, value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise _bad(path, line, "date", f"not a YYYY-MM-DD date: {value!r}") from None


def _parse_row(path: Path, line: int, cells: list[str]) -> CuratedRow:
    if len(cells) != len(COLUMNS):
        raise _bad(path, line, "*", f"expected {len(COLUMNS)} tab-separated columns, got {len(cells)}")
    d = dict(zip(COLUMNS, (c.strip() for c in cells)))
    for col in COLUMNS:
        if not d[col]:
            raise _bad(path, line, col, "empty value")
    start_s, _, end_s = d["date"].partition("/")
    start = _day(path, line, start_s)
    end = _day(path, line, end_s) if end_s else start
    if end < start:
        raise _bad(path, line, "date", f"range ends before it starts: {d['date']!r}")
    try:
        precision = int(d["precision"])
        geonameid = int(d["geonameid"])
        lat, lon = float(d["lat"]), float(d["lon"])
    except ValueError as exc:
        raise _bad(path, line, "precision/geonameid/lat/lon", f"not a number ({exc})") from None
    if precision not in (1, 2, 3, 4):
        raise _bad(path, line, "precision", f"expected 1..4, got {precision}")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _bad(path, line, "lat/lon", f"coordinates out of range: {lat}, {lon}")
    return CuratedRow(
        id=d["id"], start=start, end=end, precision=precision, date_text=d["date"], place=d["place"],
        geonameid=geonameid, lat=lat, lon=lon, admin1=d["admin1"], gainer=d["gainer"],
        gainer_gov=_flag(path, line, "gainer_gov", d["gainer_gov"]), loser=d["loser"],
        loser_gov=_flag(path, line, "loser_gov", d["loser_gov"]), citation=d["citation"], line=line,
    )


def load_rows(path: str | Path | None = None) -> list[CuratedRow]:
    """Parse the commented TSV; a malformed row raises :class:`ImportFormatError` naming the
    line and column. Row ids must be unique."""
    p = Path(path) if path else DEFAULT_PATH
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ImportFormatError(f"cannot read the curated record: {exc}", doc=str(p),
                                fix="reinstall frontlines or pass an existing file") from exc
    rows: list[CuratedRow] = []
    seen: set[str] = set()
    header_seen = False
    for line_no, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = next(csv.reader([raw], delimiter="\t", quoting=csv.QUOTE_NONE))
        if not header_seen:
            header_seen = True
            if tuple(c.strip() for c in cells) != COLUMNS:
                raise _bad(p, line_no, "header", f"expected the header {'/'.join(COLUMNS)}")
            continue
        row = _parse_row(p, line_no, cells)
        if row.id in seen:
            raise _bad(p, line_no, "id", f"duplicate row id {row.id!r}")
        seen.add(row.id)
        rows.append(row)
    log.debug("curated record %s: %d rows", p, len(rows))
    return rows


class _Names:
    """Display names of faction ids and the control_change codes, read from the lexicon files
    (loaded once per :func:`load_curated` call; nothing cached globally)."""

    def __init__(self, lexicon_dir: Path = LEXICON_DIR) -> None:
        self.names: dict[str, str] = {}
        self.codes: dict[str, tuple[str | None, str | None, str | None]] = {}
        import yaml

        try:
            data = yaml.safe_load((lexicon_dir / "actors.yaml").read_text(encoding="utf-8")) or {}
            for f in data.get("factions") or ():
                if isinstance(f, dict) and f.get("id"):
                    self.names[str(f["id"])] = str(f.get("name") or f["id"])
        except (OSError, yaml.YAMLError, AttributeError) as exc:
            log.warning("actors lexicon unreadable for curated names: %s", exc)
        try:
            for raw in (lexicon_dir / "event_map.tsv").read_text(encoding="utf-8").splitlines():
                if raw.startswith("#") or not raw.strip():
                    continue
                cells = raw.split("\t")
                if len(cells) >= 5 and cells[0] == "control_change" and cells[1] not in self.codes:
                    self.codes[cells[1]] = tuple(None if c.strip() in ("", "-") else c.strip()
                                                 for c in cells[2:5])  # type: ignore[assignment]
        except OSError as exc:
            log.warning("event map unreadable for curated codes: %s", exc)

    def name(self, faction: str) -> str:
        return self.names.get(faction, faction.replace("_", " "))

    def code(self, government: bool) -> tuple[str | None, str | None, str | None]:
        key = "government" if government else "nongovernment"
        return self.codes.get(key) or self.codes.get("*") or (
            (None, "Battles", "Government regains territory") if government
            else (None, "Battles", "Non-state actor overtakes territory"))


def row_event(row: CuratedRow, names: _Names | None = None) -> Event:
    """The control_change Event of one curated row."""
    names = names or _Names()
    gainer = Actor(text=names.name(row.gainer), name=names.name(row.gainer), faction=row.gainer,
                   government=row.gainer_gov)
    loser = Actor(text=names.name(row.loser), name=names.name(row.loser), faction=row.loser, government=row.loser_gov)
    place = Place(text=row.place, name=row.place, geonameid=row.geonameid, lat=row.lat, lon=row.lon,
                  country=COUNTRY, admin1=row.admin1, precision=1, feature="city")
    when = f"on {row.start}" if row.start == row.end else f"between {row.start} and {row.end}"
    sentence = f"{gainer.name} took {row.place} from {loser.name}, {when}."
    evidence = Evidence(sentence=sentence, start=0, end=len(sentence))
    plover, acled_type, acled_sub = names.code(row.gainer_gov)
    source = SourceRef(origin="reference", ref_id=row.id, evidence=evidence, title=SOURCE_TITLE,
                       citation=row.citation)
    return Event(
        id=stable_id("reference", row.id), type="control_change", actor=gainer, target=loser, place=place,
        date=DateRange(row.start, row.end, row.precision, row.date_text), evidence=evidence,
        confidence=1.0, plover=plover, acled_event_type=acled_type, acled_sub_event_type=acled_sub,
        trigger="took", sources=(source,),
    )


def load_curated(path: str | Path | None = None) -> list[Event]:
    """The curated record as control_change Events (origin "reference"), in date order."""
    names = _Names()
    return [row_event(r, names) for r in sorted(load_rows(path), key=lambda r: (r.start, r.id))]
