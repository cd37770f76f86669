"""Every command, flag and setting is documented (docs/cli.md, docs/settings.md)."""
from __future__ import annotations

import argparse
import dataclasses
import re
from pathlib import Path

from frontlines.cli import build_parser
from frontlines.options import Options

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_and_flag_is_documented():
    doc = (DOCS / "cli.md").read_text(encoding="utf-8")
    parser = build_parser()
    missing = []
    for flag in (s for a in parser._actions for s in a.option_strings if s.startswith("--") and s != "--help"):
        if flag not in doc:
            missing.append(f"frontlines {flag}")
    for name, sub in _subcommands(parser).items():
        if not re.search(rf"^##+ `?frontlines {re.escape(name)}\b", doc, re.M):
            missing.append(f"section for 'frontlines {name}'")
        section = doc.split(f"frontlines {name}", 1)[-1]
        for action in sub._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help" and flag not in section:
                    missing.append(f"frontlines {name} {flag}")
    assert not missing, f"undocumented in docs/cli.md: {missing}"


def test_every_setting_is_documented_and_nothing_else():
    doc = (DOCS / "settings.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", doc, re.M))
    fields = {f.name for f in dataclasses.fields(Options)}
    assert documented == fields, f"only in code: {fields - documented}; only in docs: {documented - fields}"


def test_settings_defaults_match_the_docs():
    doc = (DOCS / "settings.md").read_text(encoding="utf-8")
    for f in dataclasses.fields(Options):
        row = re.search(rf"^\| `{f.name}` \| `([^`]*)` \|", doc, re.M)
        assert row, f.name
        shown = row.group(1)
        if isinstance(f.default, str) and "(...)" not in shown:
            assert shown == f'"{f.default}"', f"{f.name}: docs say {shown}, code says {f.default!r}"
        elif isinstance(f.default, bool):
            assert shown == str(f.default).lower(), f.name
        elif isinstance(f.default, (int, float)):
            assert float(shown) == float(f.default), f.name
