"""The global options (``--config``, ``--db``, ``-v``) work before or after the command, for every
command: ``frontlines analyze f.txt --db sqlite:///x.db`` and ``frontlines serve --db URL`` are the
same as with the options first. Parsing is checked for each command the parser has; the store
commands, ``serve`` (a real server) and ``analyze`` (the real model) are run end to end."""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import SEED, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from test_import import ACLED_HEADER, GOOD, write_csv
from web_support import free_socket

from frontlines.cli import build_parser, parse_args

REPO = Path(__file__).resolve().parents[1]


def _commands() -> dict[str, argparse.ArgumentParser]:
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("the parser has no sub-commands")


COMMANDS = sorted(_commands())


def _positionals(command: str) -> list[str]:
    """The fewest positional arguments the command accepts (a valid choice where it has choices)."""
    values = []
    for action in _commands()[command]._actions:
        if action.option_strings or action.nargs in ("?", "*"):
            continue
        values.append(str(next(iter(action.choices))) if action.choices else "input.txt")
    return values


def _parsed(argv: list[str]) -> dict:
    """The parsed settings; objects made per parser (the command's function, its parser) by name."""
    args = vars(parse_args(build_parser(), argv))
    plain = (str, int, float, bool, list, type(None))
    return {k: v if isinstance(v, plain) else getattr(v, "prog", getattr(v, "__module__", type(v).__name__))
            for k, v in args.items()}


GLOBALS = {"--config": "/tmp/frontlines-test.toml", "--db": "sqlite:////tmp/frontlines-test.db"}


@pytest.mark.parametrize("command", COMMANDS)
def test_global_options_after_the_command_equal_before(command):
    pos = _positionals(command)
    flags = [s for k, v in GLOBALS.items() for s in (k, v)]
    before = _parsed([*flags, "-v", command, *pos])
    after = _parsed([command, *pos, *flags, "-v"])
    assert after == before
    assert (after["db"], after["config"], after["verbose"]) == (GLOBALS["--db"], GLOBALS["--config"], 1)
    assert not any(k.startswith("sub_") for k in after), "the sub-command's copies are merged away"
    # none given: the defaults, whichever side would have held them
    plain = _parsed([command, *pos])
    assert (plain["db"], plain["config"], plain["verbose"]) == (None, None, 0)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_value_after_the_command_wins_and_verbosity_adds_up(command):
    pos = _positionals(command)
    got = _parsed(["--db", "sqlite:///first.db", "-v", command, *pos, "--db", "sqlite:///second.db", "-v"])
    assert got["db"] == "sqlite:///second.db" and got["verbose"] == 2
    got = _parsed(["--db", "sqlite:///first.db", command, *pos])
    assert got["db"] == "sqlite:///first.db", "a value before the command is kept when none comes after"


@settings(max_examples=60, deadline=None)
@given(command=st.sampled_from(COMMANDS), after=st.lists(st.sampled_from(["--config", "--db", "-v"]), unique=True),
       before=st.lists(st.sampled_from(["--config", "--db", "-v"]), unique=True))
def test_any_split_of_the_global_options_parses_to_the_same_settings(command, before, after):
    def flags(names: list[str], side: str) -> list[str]:
        out: list[str] = []
        for name in names:
            out += ["-v"] if name == "-v" else [name, f"{side}{name.strip('-')}"]
        return out

    got = _parsed([*flags(before, "b-"), command, *_positionals(command), *flags(after, "a-")])
    for name in ("config", "db"):
        expected = f"a-{name}" if f"--{name}" in after else (f"b-{name}" if f"--{name}" in before else None)
        assert got[name] == expected
    assert got["verbose"] == before.count("-v") + after.count("-v")


def test_help_of_every_command_lists_the_global_options():
    for name, sub in _commands().items():
        text = sub.format_help()
        assert "--db URL" in text and "--config FILE" in text and "--verbose" in text, name


# ------------------------------------------------------------------ end to end
def test_store_commands_use_the_db_given_after_the_command(capsys, tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'load_reference = false\ndata_dir = "{tmp_path}"\n', encoding="utf-8")
    db = tmp_path / "after.db"
    url = f"sqlite:///{db}"
    csv_path = write_csv(tmp_path / "a.csv", ACLED_HEADER, GOOD)
    code, out, _ = run_cli(capsys, "import", "acled", str(csv_path), "--db", url, "--config", str(cfg))
    assert code == 0 and "5 event(s) imported" in out
    assert db.is_file() and not (tmp_path / "frontlines.db").exists()
    code, out, _ = run_cli(capsys, "events", "--format", "jsonl", "--config", str(cfg), "--db", url)
    assert code == 0 and len(out.splitlines()) == 5
    code, out, _ = run_cli(capsys, "config", "--format", "json", "--db", url, "--config", str(cfg))
    shown = json.loads(out)
    assert shown["db_url"] == url and shown["config_file"] == str(cfg)
    # an empty store given before the command, the full one after it: the one after is used
    code, out, _ = run_cli(capsys, "--db", f"sqlite:///{tmp_path / 'empty.db'}", "events", "--format", "jsonl",
                           "--config", str(cfg), "--db", url)
    assert code == 0 and len(out.splitlines()) == 5


def test_serve_with_the_db_after_the_command_serves_that_store(capsys, tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'load_reference = false\ndata_dir = "{tmp_path}"\n', encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'served.db'}"
    csv_path = write_csv(tmp_path / "a.csv", ACLED_HEADER, GOOD)
    assert run_cli(capsys, "import", "acled", str(csv_path), "--db", url, "--config", str(cfg))[0] == 0
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    env = {**os.environ, "FRONTLINES_HOME": str(tmp_path / "home"), "FRONTLINES_CONFIG": str(tmp_path / "none.toml")}
    env.pop("FRONTLINES_API_TOKEN", None)
    cmd = [sys.executable, "-c", "import sys; from frontlines.cli import main; sys.exit(main())", "serve",
           "--port", str(port), "--db", url, "--config", str(cfg)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    try:
        assert f"http://127.0.0.1:{port}/" in proc.stdout.readline()
        deadline = time.monotonic() + 30
        while True:
            try:
                body = httpx.get(f"http://127.0.0.1:{port}/api/events", params={"limit": 100}, timeout=2).json()
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read()
                time.sleep(0.2)
        refs = {s["ref_id"] for e in body["events"] for s in e["sources"]}
        assert refs == {"SYRT1", "SYRT2", "SYRT3", "SYRT4", "SYRT5"}, "the imported store is the one served"
    finally:
        proc.terminate()
        proc.wait(timeout=15)


@pytest.mark.slow
def test_analyze_with_the_db_after_the_file(capsys, tmp_path, cached_resources):
    db = tmp_path / "x.db"
    code, out, _ = run_cli(capsys, "analyze", str(SEED), "--db", f"sqlite:///{db}", "--format", "jsonl")
    assert code == 0 and out.strip()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM fl_articles").fetchone()[0] == 1
