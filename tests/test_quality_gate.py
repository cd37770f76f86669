"""The quality gate (as trafilatura does it): on a fixed, seeded sample of the annotated data in
../shared/eval, every gated figure must stay at or above its floor in tests/quality_baseline.json.

The samples are defined in that file (files, ``limit`` = a seeded sample of that many records per
file, see frontlines.evaluate.common.sample) and run through ``frontlines.evaluate.run_suite``, the same code
as ``frontlines eval SUITE PATH... --limit N``. A drop fails with a message naming the suite, the
figure, the value and the floor. Raising a floor is a normal commit; lowering one needs a reason
in the commit message (see the file's ``_comment``). Skips when ../shared/eval is absent.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontlines.evaluate import run_suite

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
BASELINE = Path(__file__).with_name("quality_baseline.json")
SUITES = ("acled", "gwn", "geoxml", "plover", "news")


def _baseline() -> dict:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def test_baseline_file_is_well_formed():
    data = _baseline()
    assert "_comment" in data, "quality_baseline.json must say how floors are raised and lowered"
    assert set(data["suites"]) == set(SUITES)
    for name, spec in data["suites"].items():
        assert spec["paths"] and all(not Path(p).is_absolute() and ".." not in p for p in spec["paths"]), name
        assert spec.get("limit") is None or spec["limit"] > 0, name
        assert spec["floors"], f"{name}: no gated figure"
        for key, floor in spec["floors"].items():
            assert isinstance(floor, (int, float)) and 0.0 < floor <= 1.0, f"{name}.{key}: floor {floor!r}"
            measured = spec.get("measured", {}).get(key)
            assert measured is None or floor <= measured, f"{name}.{key}: floor above the measured value"


@pytest.fixture(scope="module")
def gate_session(nlp, gazetteer, lexicons, tmp_path_factory):
    if not EVAL.is_dir():
        pytest.skip(f"{EVAL} is absent: the quality gate needs the shared evaluation data beside the repo")
    from frontlines.api import Frontlines
    from frontlines.options import Options

    tmp = tmp_path_factory.mktemp("quality")
    opts = Options(data_dir=str(tmp), db_url=f"sqlite:///{tmp / 'gate.db'}", load_reference=False)
    with Frontlines(opts, nlp=nlp, gazetteer=gazetteer, lexicons=lexicons) as fl:
        yield fl


@pytest.mark.quality
@pytest.mark.slow
@pytest.mark.parametrize("suite", SUITES)
def test_quality_does_not_drop(suite, request):
    if not EVAL.is_dir():
        pytest.skip(f"{EVAL} is absent: the quality gate needs the shared evaluation data beside the repo")
    spec = _baseline()["suites"][suite]
    paths = [EVAL / p for p in spec["paths"]]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        pytest.skip(f"evaluation data missing: {', '.join(missing)}")
    fl = request.getfixturevalue("gate_session")
    kw = {"limit": spec.get("limit")}
    if spec.get("country"):
        kw["country"] = spec["country"]
    figures = run_suite(fl, suite, [str(p) for p in paths], **kw)
    print(f"quality {suite}: " + json.dumps({k: figures.get(k) for k in spec["floors"]}))
    drops = []
    for key, floor in spec["floors"].items():
        value = figures.get(key)
        if value is None or value < floor - 1e-9:
            drops.append(f"{suite}.{key} = {value} is below its floor {floor}")
    assert not drops, ("quality dropped (tests/quality_baseline.json): " + "; ".join(drops)
                       + f". Reproduce: frontlines eval {suite} "
                       + " ".join(f"../shared/eval/{p}" for p in spec["paths"])
                       + (f" --limit {spec['limit']}" if spec.get("limit") else "") + " --errors misses.jsonl")
