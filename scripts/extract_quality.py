"""Quick extraction-quality check on ACLED notes (developer aid; the official figures come from
`frontlines eval`). Usage: python scripts/extract_quality.py [N per file] [--errors FILE]"""
from __future__ import annotations

import csv
import json
import random
import sys
import time
from pathlib import Path

from frontlines.api import Frontlines
from frontlines.geo.distance import haversine_km
from frontlines.model import Article, stable_id
from frontlines.options import Options

POS = {"Non-state actor overtakes territory", "Government regains territory", "Non-violent transfer of territory"}
ACLED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "acled"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    errors = open(sys.argv[sys.argv.index("--errors") + 1], "w") if "--errors" in sys.argv else None
    rows = []
    for name in ("acled_syria_dev_territorial.csv", "acled_syria_dev_clashes.csv"):
        with open(ACLED / name, encoding="utf-8") as fh:
            data = list(csv.DictReader(fh))
        rng = random.Random(7)
        rows += data if n <= 0 else rng.sample(data, min(n, len(data)))
    fl = Frontlines(Options(data_dir="/tmp/fl_quality"))
    fl.pipeline
    tp = fp = fn = 0
    side_ok = side_n = loc_ok = loc_n = 0
    t0 = time.time()
    for r in rows:
        art = Article(id=stable_id(r["event_id_cnty"]), text=r["notes"], origin=r["event_id_cnty"])
        events = fl.extract(art, country="SY").events
        cc = [e for e in events if e.type == "control_change"]
        gold = r["sub_event_type"] in POS
        miss = None
        if cc and gold:
            tp += 1
            e = cc[0]
            side_n += 1
            gov = bool(e.actor and e.actor.government)
            if gov == (r["sub_event_type"] == "Government regains territory"):
                side_ok += 1
            else:
                miss = "side"
            if r["geo_precision"] in ("1", "1.0"):
                loc_n += 1
                if e.place and e.place.lat is not None and haversine_km(
                        e.place.lat, e.place.lon, float(r["latitude"]), float(r["longitude"])) <= 10:
                    loc_ok += 1
                else:
                    miss = miss or "location"
        elif cc:
            fp += 1
            miss = "fp"
        elif gold:
            fn += 1
            miss = "fn"
        if miss and errors:
            errors.write(json.dumps({"id": r["event_id_cnty"], "miss": miss, "gold": r["sub_event_type"],
                                     "location": r["location"], "text": r["notes"],
                                     "got": [(e.type, e.actor and e.actor.faction, e.place and e.place.name, e.trigger)
                                             for e in events]}) + "\n")
    p = tp / (tp + fp) if tp + fp else 0
    rc = tp / (tp + fn) if tp + fn else 0
    print(json.dumps({"rows": len(rows), "precision": round(p, 4), "recall": round(rc, 4),
                      "f1": round(2 * p * rc / (p + rc), 4) if p + rc else 0,
                      "gainer_side_accuracy": round(side_ok / side_n, 4) if side_n else None,
                      "location_acc_10km": round(loc_ok / loc_n, 4) if loc_n else None,
                      "docs_per_s": round(len(rows) / (time.time() - t0), 1)}))


if __name__ == "__main__":
    main()
