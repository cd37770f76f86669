"""Can one made-up outlet flip the record? control_state_accuracy, clean and poisoned.

Replays ACLED-format CSV files as the acled suite's control-state replay does
(``frontlines.evaluate.acled``: every row's notes analysed with publication date = event_date, in
event_date order, into an empty store, then "who held each gold place between two gold changes")
twice: once clean, once with a share of the rows duplicated under the opposite gainer (government
<-> rebels) by one made-up outlet, each duplicate stored right after its row. Every article is
checked against the record as it is stored (as ``frontlines analyze`` does), so doubtful articles
are known. Each row is extracted once and both replays store the same analyses.

    PYTHONPATH=src .venv/bin/python scripts/trust_replay.py \
        ../shared/eval/acled/acled_syria_dev_territorial.csv ../shared/eval/acled/acled_syria_dev_clashes.csv

Prints one JSON object: the clean and poisoned control_state_accuracy, their difference, the
number of queries and of poisoned rows, and the statuses of the periods the queries found.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from frontlines.api import Frontlines
from frontlines.evaluate.acled import _controller_near, _gold_pairs, read_acled
from frontlines.model import Actor, Analysis, Article, Event, Evidence, stable_id
from frontlines.options import load_options

OUTLET = "Made-up Daily"
GOVERNMENT = Actor("government forces", "Syrian government forces", "sy_government", True, "SY")
REBELS = Actor("rebels", "Syrian opposition (rebels)", "sy_opposition", False)


def flipped(e: Event, article_id: str) -> Event:
    """The same report with the opposite gainer (and the original gainer as the loser)."""
    gainer = REBELS if e.actor is not None and e.actor.government else GOVERNMENT
    ev = e.evidence
    sentence = f"{OUTLET}: {ev.sentence}" if ev else OUTLET
    return dataclasses.replace(e, id=stable_id("poison", e.id), actor=gainer, target=e.actor, article_id=article_id,
                               evidence=Evidence(sentence, 0, len(sentence), article_id), sources=())


def poison(analysis: Analysis) -> Analysis | None:
    art = analysis.article
    aid = stable_id("poison", art.id, length=32)
    events = [flipped(e, aid) for e in analysis.events if e.type in ("control_change", "control_claim")]
    if not events:
        return None
    fake = Article(id=aid, text=f"{OUTLET}: {art.text}", title=f"{OUTLET} on {art.origin}", published=art.published,
                   source=OUTLET, url=f"https://made-up.example/{aid}", origin=f"poison:{art.origin}", format="text")
    return Analysis(article=fake, events=events)


def replay(fl: Frontlines, analyses: list[Analysis], poisoned: dict[int, Analysis], pairs: list, country: str,
           check: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="frontlines-trust-") as tmp:
        opts = fl.options.replace(db_url=f"sqlite:///{Path(tmp) / 'replay.db'}", load_reference=False, data_dir=tmp)
        fl2 = Frontlines(opts, nlp=fl.nlp, gazetteer=fl.gazetteer, lexicons=fl.lexicons)
        try:
            for i, analysis in enumerate(analyses):
                for x in (analysis, poisoned.get(i)):
                    if x is None:
                        continue
                    x = Analysis(article=x.article, events=list(x.events))
                    if check:
                        x.findings = fl2.findings(x, country=country)
                    fl2.store.save_analysis(x)
            ok, statuses, by_poison = 0, Counter(), 0
            maps: dict = {}
            for (lat, lon), a, _b, mid in pairs:
                if mid not in maps:
                    maps[mid] = list(fl2.control_map(mid))
                got, period = _controller_near(maps[mid], lat, lon)
                ok += got is not None and got == a.gainer_government
                if period is not None:
                    statuses[getattr(period, "status", "-")] += 1
                    by_poison += any(s.source == OUTLET for s in period.sources)
        finally:
            fl2.close()
    return {"accuracy": round(ok / len(pairs), 4) if pairs else None, "statuses": dict(statuses),
            "periods_held_on_the_made_up_outlet": by_poison}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--country", default="SY")
    ap.add_argument("--share", type=float, default=0.10, help="share of the rows with a control report to poison")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--config", help="a frontlines config file (e.g. examples/config_ucdp_places.toml)")
    ap.add_argument("--no-check", action="store_true", help="store without checking (no doubtful articles)")
    args = ap.parse_args(argv)
    fl = Frontlines(load_options(args.config) if args.config else None)
    rows = sorted((r for p in args.paths for r in read_acled(p)), key=lambda r: (r.event_date, r.id))
    t0 = time.perf_counter()
    analyses = []
    for row in rows:
        art = fl.article_from_text(row.notes, origin=row.origin, published=row.event_date)
        analyses.append(fl.extract(art, country=args.country))
    extracted = time.perf_counter() - t0
    with_control = [i for i, x in enumerate(analyses)
                    if any(e.type in ("control_change", "control_claim") for e in x.events)]
    chosen = random.Random(args.seed).sample(with_control, round(args.share * len(with_control)))
    poisoned = {i: p for i in chosen if (p := poison(analyses[i])) is not None}
    pairs = _gold_pairs(rows)
    check = not args.no_check
    clean = replay(fl, analyses, {}, pairs, args.country, check)
    bad = replay(fl, analyses, poisoned, pairs, args.country, check)
    out = {"rows": len(rows), "rows_with_control_reports": len(with_control), "poisoned_rows": len(poisoned),
           "queries": len(pairs), "checked": check,
           "clean_control_state_accuracy": clean["accuracy"], "poisoned_control_state_accuracy": bad["accuracy"],
           "difference": None if clean["accuracy"] is None else round(clean["accuracy"] - bad["accuracy"], 4),
           "clean": clean, "poisoned": bad, "extract_s": round(extracted, 1),
           "total_s": round(time.perf_counter() - t0, 1)}
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
