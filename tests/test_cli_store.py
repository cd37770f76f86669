"""The store's commands end to end: import, control, events, export (through ``frontlines.cli.main``)."""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest
from test_import import ACLED_HEADER, BAD, GOOD, write_csv

from frontlines.cli import main

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GAINER_IS_GOVERNMENT = {"Government regains territory": True, "Non-state actor overtakes territory": False}


def _runner(tmp_path: Path):
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'load_reference = false\ndata_dir = "{tmp_path}"\n', encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'cli.db'}"

    def run(capsys, *args: str) -> tuple[int, str, str]:
        code = main(["--config", str(cfg), "--db", db, *args])
        out, err = capsys.readouterr() if capsys is not None else ("", "")
        return code, out, err

    return run


@pytest.fixture()
def cli(tmp_path):
    """Run ``frontlines --config C --db D ARGS`` on a fresh store without the bundled record;
    returns (exit code, stdout, stderr)."""
    return _runner(tmp_path)


@pytest.fixture(scope="module")
def acled_cli(tmp_path_factory):
    """A store holding the shared ACLED territorial dev file, imported once with the CLI."""
    path = SHARED / "eval" / "acled" / "acled_syria_dev_territorial.csv"
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs ../shared/eval beside the repository")
    run = _runner(tmp_path_factory.mktemp("acled_cli"))
    assert run(None, "import", "acled", str(path))[0] == 0
    return run, path


def test_import_events_export_and_control(cli, capsys, tmp_path):
    path = write_csv(tmp_path / "a.csv", ACLED_HEADER, GOOD)
    code, out, _ = cli(capsys, "import", "acled", str(path))
    assert code == 0 and "6 row(s)" in out and "5 event(s) imported (5 new)" in out and "1 skipped" in out
    code, out, _ = cli(capsys, "events", "--place", "tadmor", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["sources"][0]["ref_id"] for r in rows] == ["SYRT1", "SYRT2", "SYRT3"]
    code, out, err = cli(capsys, "events", "--type", "control_change", "--limit", "2")
    assert code == 0 and "--cursor" in err and out.count("control_change") == 2
    cursor = err.split("--cursor ")[1].split()[0]
    code, out, err = cli(capsys, "events", "--type", "control_change", "--limit", "2", "--cursor", cursor)
    assert out.count("control_change") == 1 and "--cursor" not in err
    code, out, _ = cli(capsys, "control", "Tadmor")
    assert code == 0 and "acled:SYRT1" in out and "Islamic State" in out
    code, out, _ = cli(capsys, "control", "Tadmor", "--at", "2017-04-10", "--format", "json")
    (period,) = json.loads(out)
    assert period["controller"]["government"] is True and period["start"] == "2017-03-02"
    assert [s["ref_id"] for s in period["sources"]] == ["SYRT1", "SYRT2"] and period["end"] == "2017-05-04"
    code, out, _ = cli(capsys, "control", "--at", "2017-06-01", "--country", "SY", "--format", "geojson")
    fc = json.loads(out)
    (feature,) = fc["features"]
    assert feature["geometry"]["coordinates"] == [38.2877, 34.5656]
    assert feature["properties"]["faction"] == "islamic_state" and feature["properties"]["sources"][0]["ref_id"] == "SYRT3"
    code, _, err = cli(capsys, "control", "Atlantis")
    assert code == 1 and "Atlantis" in err
    for fmt in ("csv", "geojson", "jsonl"):
        target = tmp_path / f"out.{fmt}"
        code, _, err = cli(capsys, "export", fmt, "--out", str(target), "--type", "control_change")
        assert code == 0 and "exported 3 event(s)" in err
    with (tmp_path / "out.csv").open(encoding="utf-8") as f:
        assert [r["sub_event_type"] for r in csv.DictReader(f)][0] == "Government regains territory"
    assert len(json.loads((tmp_path / "out.geojson").read_text(encoding="utf-8"))["features"]) == 3
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 3


def test_import_of_a_malformed_file_reports_rows(cli, capsys, tmp_path):
    path = write_csv(tmp_path / "bad.csv", ACLED_HEADER, GOOD[:1] + BAD)
    code, out, err = cli(capsys, "import", "acled", str(path))
    assert code == 1 and "1 event(s) imported" in out and "4 error(s)" in out
    assert "bad.csv: row 3, column 'event_date'" in err


@pytest.mark.slow
@pytest.mark.parametrize("place", ["Tadmor", "Deir-ez-Zor", "Ar-Raqqa"])
def test_control_timeline_agrees_with_acled_rows(acled_cli, capsys, place):
    cli, path = acled_cli
    capsys.readouterr()
    with path.open(encoding="utf-8") as f:
        gold = {r["event_id_cnty"]: GAINER_IS_GOVERNMENT[r["sub_event_type"]]
                for r in csv.DictReader(f) if r["location"] == place}
    code, out, _ = cli(capsys, "control", place, "--format", "json")
    periods = json.loads(out)
    assert code == 0 and periods
    starts = [p["start"] for p in periods if p["start"]]
    assert starts == sorted(starts)  # date order
    sides: dict[str, set] = defaultdict(set)
    for p in periods:
        for s in p["sources"]:
            assert s["origin"] == "acled"
            sides[s["ref_id"]].add(p["controller"]["government"])
    assert set(sides) == set(gold)  # every row of the place, and only those, as a source
    for ref, gov in gold.items():
        assert gov in sides[ref], f"{ref}: no period with the row's gainer side"
    code, out, _ = cli(capsys, "control", place)
    assert all(f"acled:{ref}" in out for ref in list(gold)[:3])
