"""The ``frontlines`` command: argument parsing and printing only; all work is done by
:mod:`frontlines.api`. Each sub-command lives in its own module with ``register(subparsers)``;
the module's ``run(args, fl)`` returns the exit code (0 ok, 1 some documents failed, 2 usage or
fatal error)."""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

from ..errors import FrontlinesError

#: sub-command modules, in the order ``frontlines --help`` lists them
COMMANDS = ["analyze", "events", "control", "check", "import_", "export", "eval", "bench", "batch",
            "watch", "serve", "config", "gazetteer"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontlines",
        description="Sourced, geo-located, dated records of armed conflict from the news.")
    parser.add_argument("--config", metavar="FILE", help="configuration file (TOML); default: "
                        "$FRONTLINES_CONFIG or the user config dir")
    parser.add_argument("--db", metavar="URL", help="store URL (sqlite:///file.db or postgresql+psycopg://...)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv: debug)")
    parser.add_argument("--version", action=importlib.import_module(".gazetteer", __name__).VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f".{name}", __name__).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)],
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from ..api import Frontlines
    from ..options import load_options

    try:
        options = load_options(args.config, db_url=args.db)
        with Frontlines(options) as fl:
            return int(args.func(args, fl) or 0)
    except FrontlinesError as exc:
        print(f"frontlines: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("frontlines: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
