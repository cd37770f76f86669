"""frontlines config : show the settings in force and where they come from."""
from __future__ import annotations

import dataclasses

from ..options import config_path
from .common import print_json, table


def register(sub) -> None:
    p = sub.add_parser("config", help="show the settings in force (defaults + user file + flags)",
                       description="Print every setting with its value, the configuration file path "
                       "and the store URL. Settings are documented in docs/settings.md.")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=run)


def run(args, fl) -> int:
    opts = fl.options
    values = {f.name: getattr(opts, f.name) for f in dataclasses.fields(opts)}
    if values.get("api_token"):
        values["api_token"] = "***"
    if args.format == "json":
        print_json({"config_file": str(args.config or config_path()), "db_url": opts.resolved_db_url,
                    "settings": values})
        return 0
    print(f"config file: {args.config or config_path()}")
    print(f"store:       {opts.resolved_db_url}")
    table([[k, repr(v)] for k, v in values.items()], ["setting", "value"])
    return 0
