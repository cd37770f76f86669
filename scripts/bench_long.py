#!/usr/bin/env python3
"""Analysis cost of long documents: is it linear in the length, and is memory bounded?

    PYTHONPATH=src .venv/bin/python scripts/bench_long.py                 # time: paragraph x500 / x2000, FA-KES
    PYTHONPATH=src .venv/bin/python scripts/bench_long.py --rss           # also peak memory of a 5 MB text

Time: one paragraph of issue 19 ("Syrian government forces captured the town of Morek ...")
repeated 500 and 2,000 times, then a long real text (the 804 FA-KES articles of
../shared/eval/fakes/fakes.csv joined by blank lines, about 1.5 million characters, against its
first quarter). Each document is cleaned and analysed (``Frontlines.article_from_text`` then
``Frontlines.extract``: every stage, no store) in this process with one thread, after start-up and
a warm-up document. Printed: wall and CPU seconds per document, and for each pair the ratio of
the times against the ratio of the lengths (4x the text at most ~5x the time is the goal).

Memory (``--rss``): two child processes, each loading everything and analysing one document, report
their peak resident memory (``VmHWM``): a normal article (examples/seed.txt) and a 5,000,000-byte
text (the Wikipedia articles of ../shared/reference/wikipedia_syria, then FA-KES, cut at 5 MB).
The difference is what the long document costs beyond a normal run.

Reads ../shared beside the repository (never copied into it); parts whose data is absent are
skipped with a message.
"""
from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FAKES = SHARED / "eval" / "fakes" / "fakes.csv"
WIKI = SHARED / "reference" / "wikipedia_syria"
PARAGRAPH = ("Syrian government forces captured the town of Morek in Hama province on 23 August 2019, a "
             "monitor said. Fighting continued in the area for days.\n\n")


def one_thread() -> None:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def fakes_text() -> str | None:
    if not FAKES.exists():
        return None
    with FAKES.open(encoding="latin-1", newline="") as fh:
        rows = [r["article_content"] for r in csv.DictReader(fh) if (r.get("article_content") or "").strip()]
    return "\n\n".join(rows)


def five_mb_text() -> str | None:
    if not WIKI.exists():
        return None
    parts = [p.read_text(encoding="utf-8") for p in sorted(WIKI.glob("*.md"))]
    fakes = fakes_text()
    text = "\n\n".join(parts + ([fakes] if fakes else []))
    return text.encode("utf-8")[:5_000_000].decode("utf-8", "ignore")


def session():
    from frontlines.api import Frontlines
    from frontlines.options import load_options

    fl = Frontlines(load_options(country="SY", load_reference=False))
    fl.extract(fl.article_from_text("Rebels captured Morek on Monday.\n\nFighting continued."))  # warm-up
    return fl


def timed(fl, text: str) -> tuple[float, float, int]:
    w0, c0 = time.perf_counter(), time.process_time()
    analysis = fl.extract(fl.article_from_text(text))
    return time.perf_counter() - w0, time.process_time() - c0, len(analysis.events)


def compare(fl, label: str, small: str, large: str) -> None:
    ws, cs, es = timed(fl, small)
    wl, cl, el = timed(fl, large)
    n = len(large) / len(small)
    print(f"{label:<34} {len(small):>10,} chars {ws:8.2f} s wall {cs:8.2f} s cpu {es:5} events")
    print(f"{'':<34} {len(large):>10,} chars {wl:8.2f} s wall {cl:8.2f} s cpu {el:5} events")
    print(f"{'':<34} {n:.2f}x the text: {wl / ws:.2f}x the wall time, {cl / cs:.2f}x the CPU time", flush=True)


def peak_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(which: str) -> int:
    """Analyse one document in this process and print 'chars seconds peak_rss_mb'."""
    one_thread()
    text = (REPO / "examples" / "seed.txt").read_text(encoding="utf-8") if which == "normal" else five_mb_text()
    if text is None:
        print("absent")
        return 0
    fl = session()
    wall, _cpu, _events = timed(fl, text)
    print(f"{len(text.encode('utf-8'))} {wall:.1f} {peak_rss_mb():.0f}")
    return 0


def rss() -> None:
    rows = {}
    for which in ("normal", "5mb"):
        out = subprocess.run([sys.executable, __file__, "--child", which], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(REPO / "src")}, check=True).stdout.split()
        if out == ["absent"]:
            print(f"peak RSS: {WIKI} is absent, 5 MB run skipped")
            return
        rows[which] = out
        print(f"peak RSS {which:<7} {int(out[0]):>10,} bytes {float(out[1]):8.1f} s wall {out[2]:>6} MB", flush=True)
    print(f"the 5 MB text costs {int(rows['5mb'][2]) - int(rows['normal'][2])} MB of peak RSS beyond a normal run")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, nargs=2, default=(500, 2000), metavar=("SMALL", "LARGE"),
                    help="repetitions of the paragraph (default 500 2000)")
    ap.add_argument("--rss", action="store_true", help="also measure peak memory of a 5 MB text (child processes)")
    ap.add_argument("--child", choices=("normal", "5mb"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args.child)
    one_thread()
    fl = session()
    compare(fl, f"paragraph x{args.reps[0]} / x{args.reps[1]}", PARAGRAPH * args.reps[0], PARAGRAPH * args.reps[1])
    fakes = fakes_text()
    if fakes is None:
        print(f"FA-KES: {FAKES} is absent, skipped")
    else:
        compare(fl, "FA-KES joined: first quarter / all", fakes[: len(fakes) // 4], fakes)
    if args.rss:
        rss()
    return 0


if __name__ == "__main__":
    sys.exit(main())
