"""The plover evaluation suite: reading the JSON-like gold file and the figures of METRICS.md
(checked by hand with a scripted session), plus the real pipeline (slow)."""
from __future__ import annotations

import io
import json

import pytest
from eval_helpers import ScriptedSession

from frontlines.errors import MalformedInput, MissingFile
from frontlines.evaluate import run_suite
from frontlines.evaluate.common import strip_trailing_commas
from frontlines.evaluate.plover import evaluate_plover, read_plover

GOLD = """[
{
    "id": "DOC-0001",
    "event": "DOCUMENT",
    "eventText": "documentation, with a comma ,] inside a string",
},
{"id": "R1", "event": "FIGHT", "text": "Troops clashed with rebels near the border.",},
{"id": "R2", "event": "FIGHT", "text": "Police captured two militants.", },
{"id": "R3", "event": "SEIZE", "text": "The army captured the town."},
{"id": "R4", "event": "THREATEN", "text": "The minister warned of retaliation."},
{"id": "R5", "event": "AGREE", "text": "The two sides agreed to talk.", "source": [{"code": "X",},],},
{"id": "R6", "event": "THREATEN", "text": "He said nothing."},
]
"""


@pytest.fixture()
def gold(tmp_path):
    path = tmp_path / "plover.txt"
    path.write_text(GOLD, encoding="utf-8")
    return path


def test_trailing_commas_are_stripped_outside_strings():
    assert json.loads(strip_trailing_commas('{"a": [1, 2,], "b": "x,]",}')) == {"a": [1, 2], "b": "x,]"}


def test_reader_skips_documentation_records(gold):
    recs = read_plover(gold)
    assert [r["id"] for r in recs] == ["R1", "R2", "R3", "R4", "R5", "R6"]


def test_figures_match_hand_counts(gold):
    errors = io.StringIO()
    got = evaluate_plover(ScriptedSession(), [gold], errors=errors)
    # predictions: R1 FIGHT, R2 SEIZE, R3 SEIZE, R4 THREATEN, R5 none, R6 none
    assert got["records"] == 6
    assert got["accuracy"] == 0.5
    assert got["supported_types"] == ["FIGHT", "SEIZE", "THREATEN"]
    # scored: the supported types present in gold. FIGHT p=1 r=.5 f=.6667; SEIZE p=.5 r=1 f=.6667;
    # THREATEN p=1 r=.5 f=.6667; AGREE is not supported and not scored.
    assert got["scored_types"] == ["FIGHT", "SEIZE", "THREATEN"]
    assert got["macro_f1"] == 0.6667
    assert got["per_type"]["SEIZE"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1}
    missed = {json.loads(line)["id"].split("#")[-1] for line in errors.getvalue().splitlines()}
    assert missed == {"R2", "R5", "R6"}


def test_supported_types_come_from_the_pipeline(gold):
    from eval_helpers import _Lexicons

    got = evaluate_plover(ScriptedSession(lexicons=_Lexicons(("FIGHT",))), [gold])
    assert got["supported_types"] == ["FIGHT"] and got["scored_types"] == ["FIGHT"]
    assert got["macro_f1"] == 0.6667  # FIGHT only: p=1, r=.5


def test_limit_samples_a_fixed_subset(gold):
    a = evaluate_plover(ScriptedSession(), [gold], limit=3)
    b = evaluate_plover(ScriptedSession(), [gold], limit=3)
    assert a["records"] == 3 and a["accuracy"] == b["accuracy"]


def test_bad_files_are_coded_errors(tmp_path):
    with pytest.raises(MissingFile):
        read_plover(tmp_path / "none.txt")
    bad = tmp_path / "bad.txt"
    bad.write_text("[{oops", encoding="utf-8")
    with pytest.raises(MalformedInput) as err:
        read_plover(bad)
    assert str(bad) in str(err.value)


@pytest.mark.slow
def test_real_pipeline_types_warnings_and_lists_its_own_types(fl, tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(json.dumps([
        {"id": "B", "event": "THREATEN", "text": "Russia warned that it would step up its support for Damascus."},
        {"id": "C", "event": "THREATEN", "text": "Iran vowed to retaliate against the rebels."},
    ]), encoding="utf-8")
    got = run_suite(fl, "plover", [path])
    assert got["records"] == 2
    assert got["supported_types"] == sorted(fl.lexicons.plover_types()) and len(got["supported_types"]) >= 8
    assert got["accuracy"] == 1.0 and got["scored_types"] == ["THREATEN"]
