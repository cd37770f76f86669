"""The acled evaluation suite: every figure of METRICS.md checked against counts worked out by hand
(with a scripted session, see eval_helpers), plus the real pipeline on made-up notes (slow)."""
from __future__ import annotations

import io
import json

import pytest
from eval_helpers import ScriptedSession, write_acled

from frontlines.errors import MalformedInput, MissingFile
from frontlines.evaluate import run_suite
from frontlines.evaluate.acled import evaluate_acled, read_acled
from frontlines.evaluate.common import sample

GOV = "Government regains territory"
NSA = "Non-state actor overtakes territory"
CLASH = "Armed clash"

ROWS = [
    # id, event_date, sub_event_type, notes, lat, lon, geo_precision
    ("T1", "30 July 2017", GOV, "On 30 July 2017, regime forces captured Alpha @35.0,38.0.", 35.0, 38.0, 1),
    ("T2", "01 August 2017", NSA, "On 1 August 2017, rebels captured Alpha @35.05,38.0.", 35.0, 38.0, 1),
    ("T3", "05 August 2017", NSA, "Rebels captured Beta @36.0,37.0.", 36.2, 37.0, 1),
    ("T4", "10 August 2017", GOV, "On 10 August 2017 rebels captured Gamma.", 34.0, 36.0, 1),
    ("C1", "11 August 2017", CLASH, "On 11 August 2017 clashes took place near Delta.", 33.0, 36.0, 1),
    ("C2", "12 August 2017", CLASH, "Regime forces captured Epsilon @34.0,36.5 after clashes.", 34.0, 36.5, 1),
    ("T5", "15 August 2017", GOV, "Clashes took place in Zeta.", 33.5, 36.2, 1),
    ("T6", "20 August 2017", GOV, "In August 2017, regime forces captured Eta @32.0,36.0 (report of 20 August 2017).",
     32.0, 36.0, 2),
    ("T7", "25 August 2017", GOV, "On 25 August 2017 regime forces captured Beta @36.0,37.0.", 36.2, 37.0, 1),
]


@pytest.fixture()
def csv_path(tmp_path):
    return write_acled(tmp_path / "acled.csv", ROWS)


def test_figures_match_hand_counts(csv_path):
    errors = io.StringIO()
    got = evaluate_acled(ScriptedSession(), [csv_path], country="SY", errors=errors)
    assert got["rows"] == 9
    # TP: T1 T2 T3 T4 T6 T7; FP: C2; FN: T5
    assert (got["true_positives"], got["false_positives"], got["false_negatives"]) == (6, 1, 1)
    assert got["control_change_precision"] == got["control_change_recall"] == got["control_change_f1"] == 0.8571
    assert got["gainer_side_accuracy"] == 0.8333  # T4: the rebels gained a place the government regained
    # geo_precision 1 TPs: T1 0 km, T2 5.6 km, T3 22.2 km, T4 no place, T7 22.2 km
    assert got["location_rows"] == 5
    assert got["location_acc_10km"] == 0.4 and got["location_acc_25km"] == 0.8
    assert got["location_resolved"] == 0.8
    assert got["location_median_km"] == pytest.approx(13.9, abs=0.01)
    # dates written "D Month YYYY" in T1 T2 T4 T6 T7; T6's range is a month: too wide
    assert got["date_rows"] == 5 and got["date_accuracy"] == 0.8
    # pairs: Alpha (T1 gov, T2) -> held by the government on 31 July: right;
    # Beta (T3, T7): T3 has no date, the store knows nothing at Beta on 15 August: unknown = wrong
    assert got["control_state_queries"] == 2 and got["control_state_accuracy"] == 0.5
    assert got["docs_per_s"] > 0
    kinds = {}
    for line in errors.getvalue().splitlines():
        rec = json.loads(line)
        assert {"id", "text", "expected", "got"} <= set(rec)
        kinds.setdefault(rec["kind"], set()).add(rec["id"].split("#")[-1].split("..")[0])
    assert kinds["false_positive"] == {"C2"} and kinds["false_negative"] == {"T5"}
    assert kinds["gainer_side"] == {"T4"} and kinds["date"] == {"T6"}
    assert kinds["location"] == {"T3", "T4", "T7"} and kinds["control_state"] == {"T3"}


def test_zero_denominators_are_null(tmp_path):
    path = write_acled(tmp_path / "neg.csv", [ROWS[4]])
    got = evaluate_acled(ScriptedSession(), [path], replay=False)
    assert got["rows"] == 1
    assert got["control_change_precision"] is None and got["control_change_recall"] is None
    assert got["control_change_f1"] is None and got["gainer_side_accuracy"] is None
    assert got["location_median_km"] is None and got["date_accuracy"] is None
    assert got["control_state_accuracy"] is None


def test_limit_is_a_fixed_seeded_sample_per_file(tmp_path, csv_path):
    other = write_acled(tmp_path / "other.csv", ROWS)
    a = evaluate_acled(ScriptedSession(), [csv_path, other], limit=4, replay=False)
    b = evaluate_acled(ScriptedSession(), [csv_path, other], limit=4, replay=False)
    assert a["rows"] == 8
    assert {k: v for k, v in a.items() if k != "docs_per_s"} == {k: v for k, v in b.items() if k != "docs_per_s"}
    rows = read_acled(csv_path)
    picked = sample(rows, 4, key="acled.csv")
    assert picked == sample(rows, 4, key="acled.csv") and len(picked) == 4
    assert [r.id for r in picked] == [r.id for r in rows if r in picked]  # file order kept


def test_replay_uses_a_fresh_session_that_is_closed(csv_path):
    made = []

    class Recording(ScriptedSession):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            made.append(self)

    fl = Recording()
    evaluate_acled(fl, [csv_path])
    fl2 = made[1]
    assert fl2.options.load_reference is False and fl2.options.db_url.startswith("sqlite:///")
    assert fl2.closed and not fl.stored  # the replay never writes into the caller's store
    assert len({e.article_id for e in fl2.stored}) == 7  # every row with an event was replayed


def test_bad_files_are_coded_errors(tmp_path):
    with pytest.raises(MissingFile):
        read_acled(tmp_path / "nope.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("event_id_cnty,notes\nX,hello\n", encoding="utf-8")
    with pytest.raises(MalformedInput) as err:
        read_acled(bad)
    assert "event_date" in str(err.value) and str(bad) in str(err.value)
    baddate = write_acled(tmp_path / "baddate.csv", [("X1", "sometime", GOV, "x", 1, 2, 1)])
    with pytest.raises(MalformedInput) as err:
        read_acled(baddate)
    assert ":2" in str(err.value)


@pytest.mark.slow
def test_real_pipeline_on_made_up_notes(fl, tmp_path):
    path = write_acled(tmp_path / "real.csv", [
        ("R1", "30 July 2017", GOV, "On 30 July 2017, regime forces captured the town of Tadmor from "
         "Islamic State fighters after heavy clashes.", 34.5604, 38.2805, 1),
        ("R2", "02 August 2017", CLASH, "On 2 August 2017, clashes took place between regime forces and "
         "Islamic State fighters near Tadmor. No fatalities were reported.", 34.5604, 38.2805, 1),
    ])
    got = run_suite(fl, "acled", [path], country="SY")
    assert got["rows"] == 2
    assert set(got) >= {"control_change_precision", "control_change_recall", "control_change_f1",
                        "gainer_side_accuracy", "location_acc_10km", "location_acc_25km", "location_median_km",
                        "location_resolved", "date_accuracy", "control_state_accuracy", "docs_per_s"}
    assert got["control_change_recall"] == 1.0 and got["control_change_precision"] == 1.0
    assert got["gainer_side_accuracy"] == 1.0
    assert got["date_accuracy"] == 1.0


def test_cli_prints_a_table_and_one_json_object_last(csv_path, tmp_path, capsys):
    import argparse

    from frontlines.cli import eval as cli_eval

    parser = argparse.ArgumentParser()
    cli_eval.register(parser.add_subparsers())
    errors = tmp_path / "misses.jsonl"
    args = parser.parse_args(["eval", "acled", str(csv_path), "--json", "--errors", str(errors)])
    assert args.func(args, ScriptedSession()) == 0
    out = capsys.readouterr().out.strip().splitlines()
    figures = json.loads(out[-1])
    assert figures["rows"] == 9 and figures["control_change_f1"] == 0.8571
    assert any(line.startswith("control_change_f1") and "0.8571" in line for line in out[:-1])
    misses = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert {"id", "text", "expected", "got"} <= set(misses[0]) and len(misses) >= 5
    bad = parser.parse_args(["eval", "acled", str(csv_path), "--errors", str(tmp_path / "no" / "dir" / "x")])
    assert bad.func(bad, ScriptedSession()) == 2
