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


# ------------------------------------------------------------------ README and the docs it links
REPO = DOCS.parent
README = REPO / "README.md"


def test_readme_stays_short_and_links_only_existing_docs():
    text = README.read_text(encoding="utf-8")
    assert len(text) <= 12_500, f"README.md has {len(text)} characters: move detail into docs/ (aim ~12,000)"
    links = re.findall(r"\]\(((?:docs/)[^)#]+)", text)
    for name in ("quality.md", "performance.md", "cli.md", "settings.md", "how-it-works.md"):
        assert f"docs/{name}" in links, f"README.md should link docs/{name}"
    missing = [link for link in links if not (REPO / link).is_file()]
    assert not missing, f"README.md links to missing files: {missing}"


def test_readme_quality_table_has_one_row_per_suite_with_its_command():
    from frontlines.evaluate import SUITES

    text = README.read_text(encoding="utf-8")
    section = text.split("## Quality", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| suite")]
    named = {row.split("|")[1].strip().split(":")[0].strip("` ") for row in rows}
    for suite in (*SUITES, "news"):
        assert suite in named, f"the README's quality table has no row for the {suite!r} suite"
    for suite in SUITES:
        (row,) = [r for r in rows if r.split("|")[1].strip().split(":")[0].strip("` ") == suite]
        assert f"frontlines eval {suite} " in row, f"the {suite} row does not show its command"
        assert re.search(r"\*\*\d\.\d{3}\*\*", row), f"the {suite} row has no figure"


def test_docs_speak_of_commits_and_dates_not_of_periods_of_work():
    """The history is about the project (commit ids, dates), not about when or by whom work was done."""
    offenders = []
    for path in [README, *sorted(DOCS.glob("*.md")), REPO / "tests" / "quality_baseline.json"]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bsessions?\b", line, re.I):
                offenders.append(f"{path.relative_to(REPO)}:{n}")
    assert not offenders, f"'session' wording (write commit ids and dates instead): {offenders}"


def test_how_it_works_names_only_files_that_exist():
    """docs/how-it-works.md walks a contributor through modules and data files: none may be stale."""
    text = (DOCS / "how-it-works.md").read_text(encoding="utf-8")
    names = set(re.findall(r"`([\w./-]+\.(?:py|tsv|yaml|txt|sh|js|html|md))`", text))
    assert len(names) > 30, "the walk-through should name the modules and data files it passes"
    pkg = REPO / "src" / "frontlines"
    missing = sorted(n for n in names if not any((base / n).exists() for base in (pkg, REPO, DOCS))
                     and not (pkg / "web" / "static" / n).exists() and not (pkg / "extract" / n).exists()
                     and not (pkg / "lexicons" / n).exists())
    assert not missing, f"docs/how-it-works.md names files that do not exist: {missing}"
