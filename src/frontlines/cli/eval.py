"""frontlines eval SUITE PATH... : measure extraction quality on annotated data (../shared/eval/METRICS.md)."""
from __future__ import annotations

import sys
from typing import Any

from .common import print_json, table

SUITES = ("acled", "gwn", "geoxml", "plover", "news")


def register(sub) -> None:
    p = sub.add_parser(
        "eval", help="measure quality on annotated data (acled, gwn, geoxml, plover, news)",
        description="Run the normal pipeline over an annotated dataset and print the figures of "
                    "METRICS.md. --limit N scores a fixed, seeded random sample of N records per file "
                    "(the same sample on every run), as the quality gate does.")
    p.add_argument("suite", choices=SUITES, metavar="SUITE", help="acled | gwn | geoxml | plover | news")
    p.add_argument("paths", nargs="+", metavar="PATH", help="dataset file(s) in the suite's format")
    p.add_argument("--country", metavar="CC",
                   help="theater country of the acled suite, ISO 3166 alpha-2 (default: SY); the other "
                        "suites take none")
    p.add_argument("--limit", type=int, metavar="N", help="a fixed, seeded sample of N records per file")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object on the last line")
    p.add_argument("--errors", metavar="FILE", help="write every miss as JSON Lines (id, text, expected, got)")
    p.add_argument("--no-replay", action="store_true",
                   help="acled: skip the control-state replay (halves the run time; its figure is then null)")
    p.set_defaults(func=run)


class _Progress:
    """A tqdm bar on a terminal's stderr; accepts ``.total = n``, ``.update(n)`` and ``(n)``."""

    def __init__(self, desc: str) -> None:
        from tqdm import tqdm

        self.bar = tqdm(desc=desc, unit="doc", file=sys.stderr, dynamic_ncols=True)

    @property
    def total(self) -> int | None:
        return self.bar.total

    @total.setter
    def total(self, value: int) -> None:
        self.bar.total = value
        self.bar.refresh()

    def update(self, n: int = 1) -> None:
        self.bar.update(n)

    def __call__(self, n: int = 1) -> None:
        self.bar.update(n)

    def refresh(self) -> None:
        self.bar.refresh()

    def close(self) -> None:
        self.bar.close()


def _fmt(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def print_figures(suite: str, figures: dict[str, Any]) -> None:
    print(f"# frontlines eval {suite}")
    rows = [[k, _fmt(v)] for k, v in figures.items() if not isinstance(v, dict)]
    table(rows, ["figure", "value"])
    for key, value in figures.items():
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            cols = sorted({c for v in value.values() for c in v})
            print(f"\n{key}:")
            table([[k] + [_fmt(v.get(c)) for c in cols] for k, v in value.items()], [key.rstrip("s")] + cols)


def run(args, fl) -> int:
    from ..evaluate import run_suite

    kw: dict[str, Any] = {"limit": args.limit}
    if args.suite == "acled":
        kw["country"] = args.country or "SY"
        kw["replay"] = not args.no_replay
    progress = _Progress(f"eval {args.suite}") if sys.stderr.isatty() else None
    try:
        errors = open(args.errors, "w", encoding="utf-8") if args.errors else None  # noqa: SIM115
    except OSError as exc:
        print(f"frontlines: error: {args.errors}: cannot write the errors file: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        figures = run_suite(fl, args.suite, list(args.paths), errors=errors, progress=progress, **kw)
    finally:
        if progress is not None:
            progress.close()
        if errors is not None:
            errors.close()
    print_figures(args.suite, figures)
    if args.json:
        print_json(figures)
    return 0
