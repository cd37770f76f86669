"""``frontlines bench``: corpus reading and the figures' keys (speed itself is never asserted)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from frontlines.errors import MalformedInput, MissingFile
from frontlines.scale.bench import read_texts

TEXT = ("Syrian rebels seized the town of Saraqib in Idlib province on Wednesday after heavy fighting with "
        "government forces, a war monitor said. Russia vowed to keep backing the government.")


def write_fakes(path: Path, texts: list[str]) -> None:
    with path.open("w", encoding="latin-1", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["unit_id", "article_title", "article_content", "label"])
        w.writeheader()
        for i, t in enumerate(texts):
            w.writerow({"unit_id": i, "article_title": f"t{i}", "article_content": t, "label": 1})


def test_read_texts_csv_latin1_and_jsonl(tmp_path):
    csv_path = tmp_path / "fakes.csv"
    write_fakes(csv_path, [TEXT, "Caf\u00e9 owners in Homs said shelling resumed.", "", TEXT + " Again."])
    texts = read_texts(csv_path)
    assert len(texts) == 3 and texts[1].startswith("Caf\u00e9")  # empty rows dropped, latin-1 decoded
    assert read_texts(csv_path, limit=2) == texts[:2]
    jl = tmp_path / "c.jsonl"
    jl.write_text("\n".join(json.dumps({"text": t}) for t in [TEXT, "second"]) + "\n\n", encoding="utf-8")
    assert read_texts(jl) == [TEXT, "second"]
    with pytest.raises(MissingFile):
        read_texts(tmp_path / "absent.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="latin-1")
    with pytest.raises(MalformedInput, match="article_content"):
        read_texts(bad)


@pytest.mark.slow
def test_bench_cli_json_has_every_metrics_key(tmp_path, capsys, monkeypatch):
    from frontlines.cli import main

    corpus = tmp_path / "fakes.csv"
    write_fakes(corpus, [TEXT, TEXT.replace("Saraqib", "Ariha"), TEXT.replace("Wednesday", "Monday")])
    monkeypatch.setenv("FRONTLINES_CONFIG", str(tmp_path / "none.toml"))
    code = main(["--db", f"sqlite:///{tmp_path / 'b.db'}", "bench", str(corpus), "--baseline", "--workers", "1",
                 "--limit", "2", "--json"])
    assert code == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    figures = json.loads(last)
    assert figures["articles"] == 2
    for key in ("articles_per_s", "peak_rss_mb", "baseline_articles_per_s", "ratio", "parallel_articles_per_s"):
        assert isinstance(figures[key], (int, float)) and figures[key] > 0, key
    assert figures["ratio"] == pytest.approx(figures["articles_per_s"] / figures["baseline_articles_per_s"], rel=0.01)
    assert figures["failures"] == 0 and figures["parallel_failures"] == 0
    assert figures["events"] > 0  # the full analysis ran, not only the parse
    # with --workers the single run is timed in two halves around the parallel run (drift-robust)
    assert len(figures["single_halves_articles_per_s"]) == 2
    assert figures["parallel_workers_cpu_s"] > 0 and figures["parallel_document_s"] > 0
