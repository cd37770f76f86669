"""Printing helpers shared by the sub-commands (the only place besides the commands that prints)."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any, TextIO

from ..model import Event, Failure


def iso_date(value: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def print_json(obj: Any, out: TextIO | None = None, indent: int | None = None) -> None:
    out = out if out is not None else sys.stdout  # looked up per call: stdout may be redirected
    out.write(json.dumps(obj, ensure_ascii=False, indent=indent) + "\n")


def print_failure(f: Failure) -> None:
    print(f"frontlines: error: {f.reason} [stage: {f.stage}]" if f.doc in f.reason
          else f"frontlines: error: {f.doc}: {f.reason} [stage: {f.stage}]", file=sys.stderr)


def table(rows: list[list[str]], headers: list[str], out: TextIO | None = None) -> None:
    out = out if out is not None else sys.stdout
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    out.write("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip() + "\n")
    for row in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() + "\n")


def event_row(e: Event) -> list[str]:
    place = e.place.name if e.place else "-"
    if e.place and e.place.lat is not None:
        place += f" ({e.place.lat:.3f},{e.place.lon:.3f} p{e.place.precision})"
    when = "-"
    if e.date:
        when = e.date.start.isoformat() if e.date.start == e.date.end else f"{e.date.start}..{e.date.end}"
        when += f" p{e.date.precision}"
    actor = e.actor.name if e.actor else "-"
    if e.actor and e.actor.government is not None:
        actor += " (gov)" if e.actor.government else " (non-gov)"
    target = e.target.name if e.target else "-"
    return [e.type, actor, target, place, when, f"{e.confidence:.2f}", str(e.corroboration)]


EVENT_HEADERS = ["type", "actor", "target", "place", "date", "conf", "sources"]
