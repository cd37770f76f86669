"""Issue 16's acceptance, end to end through the CLI with the real pipeline: a doubtful article
cannot flip a confirmed holder; one outlet reports, a second outlet confirms; the API and the
check verdict carry the same statuses."""
from __future__ import annotations

import json

import pytest

from conftest import SEED, run_cli

pytestmark = pytest.mark.slow


@pytest.fixture()
def cli(tmp_path, cached_resources, capsys):
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'data_dir = "{tmp_path}"\n', encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'trust.db'}"
    return lambda *args: run_cli(capsys, "--config", str(cfg), "--db", db, *args)


def test_the_seed_cannot_make_the_rebels_hold_al_qaryatayn(cli):
    code, out, _ = cli("analyze", str(SEED), "--published", "2024-12-06", "--country", "SY")
    assert code == 0 and "doubtful: 3 stale, 1 geography" in out
    code, out, _ = cli("control", "Al-Qaryatayn", "--at", "2024-12-06", "--format", "json")
    assert code == 0
    (period,) = json.loads(out)
    assert period["controller"]["faction"] == "sy_government" and period["status"] == "confirmed"
    assert period["sources"][0]["origin"] == "reference"
    rebels = [k for k in period["claims"] if k["controller"]["faction"] == "sy_opposition"]
    assert len(rebels) == 1 and rebels[0]["status"] in ("disputed", "reported") and rebels[0]["doubtful"]
    assert rebels[0]["start"] == "2024-12-06" and rebels[0]["sources"][0]["origin"] == "article"
    code, out, _ = cli("control", "Al-Qaryatayn", "--format", "json")
    assert not [p for p in json.loads(out) if p["controller"]["faction"] == "sy_opposition"
                and p["status"] == "confirmed"]
    code, out, _ = cli("control", "Al-Qaryatayn", "--at", "2024-12-06")
    assert "status" in out.splitlines()[0] and "claims" in out.splitlines()[0]
    assert "confirmed" in out and "disputed: Syrian opposition (rebels) from 2024-12-06" in out
    # the map's GeoJSON carries the status too
    code, out, _ = cli("control", "--at", "2024-12-06", "--country", "SY", "--format", "geojson")
    feats = {f["properties"]["place"]: f["properties"] for f in json.loads(out)["features"]}
    assert feats["Al-Qaryatayn"]["status"] == "confirmed" and feats["Al-Qaryatayn"]["claims"]


KAFR_NABL = [
    ("Outlet One", "https://one.example/a", "Government forces captured Kafr Nabl on 25 February 2020, "
     "pushing rebels out of the southern Idlib town after days of shelling."),
    ("Outlet One", "https://one.example/b", "Syrian government troops took control of Kafr Nabl in southern Idlib "
     "on 25 February 2020, the outlet's correspondent said."),
    ("Outlet Two", "https://two.example/c", "On 25 February 2020 regime forces seized the town of Kafr Nabl "
     "in Idlib province from opposition fighters, a war monitor reported."),
]


def _jsonl(path, items):
    path.write_text("".join(json.dumps({"text": text, "source": outlet, "url": url, "published": "2020-02-26",
                                        "title": f"Kafr Nabl ({outlet})"}) + "\n"
                            for outlet, url, text in items), encoding="utf-8")
    return str(path)


def _kafr_nabl(cli):
    code, out, _ = cli("control", "Kafr Nabl", "--at", "2020-02-26", "--format", "json")
    assert code == 0, out
    (period,) = json.loads(out)
    assert period["controller"]["government"] is True and period["start"] == "2020-02-25"
    return period


def test_one_outlet_reports_and_a_second_outlet_confirms(cli, tmp_path):
    code, _, _ = cli("analyze", _jsonl(tmp_path / "one.jsonl", KAFR_NABL[:2]), "--country", "SY")
    assert code == 0
    period = _kafr_nabl(cli)
    assert period["status"] == "reported" and period["outlets"] == ["outletone"] and len(period["sources"]) == 2
    code, _, _ = cli("analyze", _jsonl(tmp_path / "two.jsonl", KAFR_NABL[2:]), "--country", "SY")
    period = _kafr_nabl(cli)
    assert period["status"] == "confirmed" and period["outlets"] == ["outletone", "outlettwo"]


def test_a_syndicated_copy_under_another_outlet_confirms_nothing(cli, tmp_path):
    copy = [KAFR_NABL[0], ("Outlet Three", "https://three.example/x", KAFR_NABL[0][2] + " (syndicated)")]
    code, _, _ = cli("analyze", _jsonl(tmp_path / "copy.jsonl", copy), "--country", "SY")
    assert code == 0
    period = _kafr_nabl(cli)
    assert period["status"] == "reported" and len(period["outlets"]) == 1
