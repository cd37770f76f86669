"""The ``frontlines`` command: argument parsing and printing only; all work is done by
:mod:`frontlines.api`. Each sub-command lives in its own module with ``register(subparsers)``;
the module's ``run(args, fl)`` returns the exit code (0 ok, 1 some documents failed, 2 usage or
fatal error). The global options (``--config``, ``--db``, ``-v``) are accepted before or after the
command: ``frontlines --db URL analyze f.txt`` and ``frontlines analyze f.txt --db URL`` are the same."""
from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import Any

from ..errors import FrontlinesError

#: sub-command modules, in the order ``frontlines --help`` lists them
COMMANDS = ["analyze", "events", "control", "check", "import_", "export", "eval", "bench", "batch",
            "watch", "serve", "config", "gazetteer"]


#: the global options' destinations; after the command they are parsed into ``sub_<dest>``
#: (a sub-command's parser starts from an empty namespace) and merged by :func:`parse_args`
GLOBAL_DESTS = ("config", "db", "verbose")


def _add_global_options(parser: argparse.ArgumentParser, *, after_command: bool) -> None:
    """``--config``, ``--db`` and ``-v`` on the main parser, or on a sub-command's parser (there
    they default to nothing, so that a value given before the command is kept)."""
    target: Any = parser.add_argument_group("global options (also accepted before the command)") \
        if after_command else parser
    prefix, unset = ("sub_", argparse.SUPPRESS) if after_command else ("", None)
    target.add_argument("--config", metavar="FILE", dest=f"{prefix}config", default=unset,
                        help="configuration file (TOML); default: $FRONTLINES_CONFIG or the user config dir")
    target.add_argument("--db", metavar="URL", dest=f"{prefix}db", default=unset,
                        help="store URL (sqlite:///file.db or postgresql+psycopg://...)")
    target.add_argument("-v", "--verbose", action="count", dest=f"{prefix}verbose",
                        default=unset if after_command else 0,
                        help="more log output, third-party libraries' lines included (-vv: debug)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontlines",
        description="Sourced, geo-located, dated records of armed conflict from the news. "
                    "Global options go before or after the command.")
    _add_global_options(parser, after_command=False)
    parser.add_argument("--version", action=importlib.import_module(".gazetteer", __name__).VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f".{name}", __name__).register(sub)
    for command_parser in sub.choices.values():
        _add_global_options(command_parser, after_command=True)
        for action in command_parser._actions:  # a command's own actions ("gazetteer list") take them too
            if isinstance(action, argparse._SubParsersAction):
                for action_parser in action.choices.values():
                    _add_global_options(action_parser, after_command=True)
    return parser


def parse_args(parser: argparse.ArgumentParser, argv: list[str] | None = None) -> argparse.Namespace:
    """Parse ``argv``; a global option given after the command wins over the same one given before
    it (as a repeated option does), and ``-v`` counts add up (``-v analyze -v`` is ``-vv``)."""
    args = parser.parse_args(argv)
    for dest in GLOBAL_DESTS:
        if hasattr(args, f"sub_{dest}"):
            after = getattr(args, f"sub_{dest}")
            delattr(args, f"sub_{dest}")
            setattr(args, dest, getattr(args, dest) + after if dest == "verbose" else after)
    return args


def _own(record: logging.LogRecord) -> bool:
    return record.name == "frontlines" or record.name.startswith("frontlines.")


def setup_logging(verbose: int) -> None:
    """Log lines on standard error: frontlines' own warnings; with ``-v`` its information and
    every library's lines too (trafilatura, htmldate, ... report pages they cannot parse at ERROR
    level, while frontlines falls back and reports the document's outcome itself)."""
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)],
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not verbose:
        for handler in logging.getLogger().handlers:
            handler.addFilter(_own)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parse_args(parser, argv)
    setup_logging(args.verbose)
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
