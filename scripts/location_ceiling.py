"""Where the ACLED location misses lie, and how far the gazetteer could take location_acc_10km at
best (a reported analysis, not a test; see docs/gazetteer.md).

For every `location` miss that `frontlines eval acled ... --errors FILE` wrote, the GeoNames-layout
file (default: Syria's bundled SY.txt) is searched for a place within 10 km of the gold point whose
name (main or Latin alternate) matches the row's gold `location` name: same Arabic key, consonant
key or variant key (frontlines.geo), or a rapidfuzz ratio >= 80 on the Arabic keys. The ACLED gold
name is used here for the analysis only; the pipeline never sees it.

Each miss falls into one class:

* absent: no place of that name within 10 km (the gazetteer lacks the village under any spelling
  these keys reach; no choice among its places can score the row);
* far, namesake: the event was placed at a same-named place elsewhere;
* far, another place: the event was placed at another place the text names;
* locator: the event was placed at a larger place (precision 2 or 3: "in southern Idleb");
* unresolved: the event had no place.

The ceiling counts every miss except `absent` as recoverable (an upper bound: it assumes every
namesake, list and spelling is told apart).

    PYTHONPATH=src .venv/bin/python scripts/location_ceiling.py ERRORS.jsonl ACLED.csv [ACLED.csv ...] \
        --hits N --rows M [--gazetteer ../shared/gazetteer/SY.txt]

N and M are the run's location hits and `location_rows` (hits = round(location_acc_10km * rows)).
"""
from __future__ import annotations

import argparse
import csv
import json
import math
from collections import Counter
from pathlib import Path

from rapidfuzz import fuzz

from frontlines.geo.gazetteer_local import variant_key
from frontlines.geo.names import arabic_key, consonant_key

NEAR_KM = 10.0


def km(a: float, b: float, c: float, d: float) -> float:
    p = math.pi / 180
    x = math.sin((c - a) * p / 2) ** 2 + math.cos(a * p) * math.cos(c * p) * math.sin((d - b) * p / 2) ** 2
    return 12742 * math.asin(math.sqrt(x))


def same_name(a: str, b: str) -> bool:
    return (arabic_key(a) == arabic_key(b) or consonant_key(a) == consonant_key(b)
            or variant_key(a) == variant_key(b) or fuzz.ratio(arabic_key(a), arabic_key(b)) >= 80)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("errors")
    ap.add_argument("acled", nargs="+")
    ap.add_argument("--hits", type=int, required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--gazetteer", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "gazetteer" / "SY.txt"))
    args = ap.parse_args()

    gold_names = {}
    for path in args.acled:
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                gold_names[row["event_id_cnty"]] = row["location"]
    places = []
    with open(args.gazetteer, encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            names = [c[1]] + [a for a in c[3].split(",") if a and a.isascii()]
            places.append((float(c[4]), float(c[5]), names))

    classes: Counter = Counter()
    with open(args.errors, encoding="utf-8") as f:
        misses = [r for r in map(json.loads, f) if r["kind"] == "location"]
    for r in misses:
        gold = gold_names[r["id"].rsplit("#", 1)[1]]
        lat, lon = r["expected"]["lat"], r["expected"]["lon"]
        near = [p for p in places if abs(p[0] - lat) < 0.12 and abs(p[1] - lon) < 0.15
                and km(lat, lon, p[0], p[1]) <= NEAR_KM]
        if not any(same_name(gold, n) for p in near for n in p[2]):
            classes["absent"] += 1
        elif r["got"] is None:
            classes["unresolved"] += 1
        elif r["got"].get("precision", 1) > 1:
            classes["locator"] += 1
        elif same_name(gold, r["got"]["name"]):
            classes["far, namesake"] += 1
        else:
            classes["far, another place"] += 1
    for name, n in classes.most_common():
        print(f"{name:20} {n:5}")
    recoverable = len(misses) - classes["absent"]
    print(f"misses {len(misses)}; hits {args.hits} of {args.rows} ({args.hits / args.rows:.4f}); "
          f"ceiling with every recoverable miss fixed: {(args.hits + recoverable) / args.rows:.4f}")


if __name__ == "__main__":
    main()
