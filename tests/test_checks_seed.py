"""End to end: the seed article through the real pipeline, checked against the bundled record
(`frontlines check examples/seed.txt --country SY` at two publication dates)."""
from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import SEED

pytestmark = pytest.mark.slow

THREE = ("Idlib", "Jisr ash Shughur", "Ariha")


def _check(fl, published: str):
    results = list(fl.check([SEED], published=date.fromisoformat(published), country="SY"))
    assert len(results) == 1 and hasattr(results[0], "findings"), results
    return results[0]


def _of(findings, kind, name=None):
    return [f for f in findings if f.kind == kind and (name is None or (f.place and f.place.name == name))]


def test_seed_published_2024_12_06(fl):
    result = _check(fl, "2024-12-06")
    fs = result.findings
    for name in THREE:
        stale = _of(fs, "stale", name)
        assert len(stale) == 1, (name, [(f.kind, f.place and f.place.name) for f in fs])
        assert stale[0].record and stale[0].record[0].origin == "reference"
        assert "2015" in stale[0].detail
        assert not _of(fs, "contradicted", name) and not _of(fs, "corroborated", name)
    geo = [f for f in _of(fs, "geography", "Al Qaryatayn") if "Damascus" in f.detail and "Homs" in f.detail]
    assert len(geo) == 1 and geo[0].verdict == "inconsistent"
    km = float(geo[0].detail.split(" km")[0].split()[-1])
    assert 20 <= km <= 99, geo[0].detail
    counts = _of(fs, "count")
    assert counts and all(f.verdict == "consistent" for f in counts)
    assert any("fourth city" in f.detail and "4 place(s)" in f.detail for f in counts)
    assert any("three other cities" in f.detail for f in counts)
    # nothing in the record about 2024 at Al-Qaryatayn or Damascus: no invented verdicts there
    for name in ("Al Qaryatayn", "Damascus"):
        assert {f.kind for f in fs if f.place and f.place.name == name} <= {"unverified", "geography"}
    text = result.article.text
    for f in fs:
        assert text[f.claim.start:f.claim.end] == f.claim.sentence


def test_seed_published_2015_05_30(fl):
    fs = _check(fl, "2015-05-30").findings
    assert not _of(fs, "stale")
    ariha = _of(fs, "corroborated", "Ariha")
    assert len(ariha) == 1 and ariha[0].record[0].ref_id == "sy-2015-05-28-ariha"


def test_check_cli_json(fl, capsys, tmp_path):
    from frontlines.cli import main

    code = main(["--db", f"sqlite:///{tmp_path / 'cli.db'}", "check", str(SEED), "--published", "2024-12-06",
                 "--country", "SY", "--format", "json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"article", "events", "findings", "verdict"}
    assert "doubtful" in json.dumps(out["verdict"])  # three stale claims make the article doubtful
    f0 = out["findings"][0]
    assert {"kind", "verdict", "place", "claim", "record", "detail"} <= set(f0)
    assert set(f0["claim"]) >= {"sentence", "start", "end"}
    stale = sorted(f["place"]["name"] for f in out["findings"] if f["kind"] == "stale")
    assert stale == sorted(THREE)


def test_check_cli_table(fl, capsys, tmp_path):
    from frontlines.cli import main

    code = main(["--db", f"sqlite:///{tmp_path / 'cli.db'}", "check", str(SEED), "--published", "2015-05-30",
                 "--country", "SY"])
    assert code == 0
    out = capsys.readouterr().out
    assert "corroborated" in out and "reference:sy-2015-05-28-ariha" in out and "stale" not in out
