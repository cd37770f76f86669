"""End-to-end tests of ``frontlines analyze`` on bad input (issue 2, item 9) and of resuming an
interrupted run: every bad document gets one clear line on stderr naming it and the cause, the
good ones are still analysed and stored, the exit code says whether some failed, and the store
never keeps half an article.

The CLI runs in-process through ``frontlines.cli.main`` (its resources are the real spaCy model
and gazetteer, loaded once per test session instead of once per call, see ``cached_resources``)
and, for the 50 MB file and standard input, as the installed console script in a subprocess,
which loads everything itself. Every run has its own temporary SQLite store."""
from __future__ import annotations

import io
import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


from conftest import run_cli  # noqa: E402  (shared with the other CLI tests)

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
SEED_TXT = REPO / "examples" / "seed.txt"
SEED_HTML = REPO / "tests" / "fixtures" / "seed.html"

ARIHA_TXT = ("Rebels seize Ariha\n\nRebel fighters seized the town of Ariha in Idlib province on Thursday, "
             "after government forces withdrew from it.\n")
SARAQIB_TXT = ("Government forces recapture Saraqib\n\nSyrian government forces recaptured the town of "
               "Saraqib from the rebels on Monday after days of heavy fighting.\n")
CP1252_TXT = ("Talks in Gen\u00e8ve stall\n\nThe envoy said on Tuesday that the talks in Gen\u00e8ve "
              "\u2013 \u201cthe last chance\u201d \u2013 would resume after the rebels captured the town of "
              "Maarat al-Numan.\n")


# ------------------------------------------------------------------ helpers
def console_script() -> Path:
    exe = Path(sys.executable).parent / "frontlines"
    if not exe.exists():
        pytest.skip(f"the console script {exe} is not installed (pip install -e . in this environment)")
    return exe


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def db_counts(db: Path) -> dict:
    """What the SQLite store holds: article ids, article reports per article, events, failures."""
    with sqlite3.connect(db) as conn:
        articles = sorted(r[0] for r in conn.execute("SELECT id FROM fl_articles"))
        reports = dict(conn.execute("SELECT article_id, COUNT(*) FROM fl_reports WHERE origin = 'article' "
                                    "GROUP BY article_id").fetchall())
        orphans = conn.execute("SELECT COUNT(*) FROM fl_reports WHERE origin = 'article' AND article_id "
                               "NOT IN (SELECT id FROM fl_articles)").fetchone()[0]
        events = conn.execute("SELECT COUNT(*) FROM fl_events").fetchone()[0]
        failures = [r[0] for r in conn.execute("SELECT doc FROM fl_failures")]
    return {"articles": articles, "reports": reports, "orphans": orphans, "events": events, "failures": failures}


def stored_article_ids(capsys, db_url: str) -> list[str]:
    """Article ids behind the stored events, read back through ``frontlines events --format jsonl``."""
    code, out, err = run_cli(capsys, "--db", db_url, "events", "--origin", "article", "--limit", "0",
                             "--format", "jsonl")
    assert code == 0, err
    ids = []
    for event in jsonl(out):
        ids += [s["ref_id"] for s in event["sources"] if s["origin"] == "article"]
    return ids


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("frontlines: error:")]


def assert_one_line_error(err: str, doc: str, *causes: str) -> str:
    """Exactly one stderr line names ``doc``; it is an error line and states one of ``causes``."""
    lines = [line for line in err.splitlines() if doc in line]
    assert len(lines) == 1, f"expected one line naming {doc!r} on stderr, got {lines!r}\n--- stderr:\n{err}"
    line = lines[0]
    assert line.startswith("frontlines: error:"), line
    assert any(c in line.lower() for c in causes), f"{line!r} does not say why ({causes})"
    return line


def mixed_directory(root: Path) -> Path:
    """Good text, good HTML, good cp1252 text, and one of each kind of bad document."""
    d = root / "mixed"
    (d / "sub").mkdir(parents=True)
    (d / "a_ariha.txt").write_text(ARIHA_TXT, encoding="utf-8")
    (d / "sub" / "b_seed.html").write_bytes(SEED_HTML.read_bytes())
    (d / "c_geneva_cp1252.txt").write_bytes(CP1252_TXT.encode("cp1252"))
    (d / "d_empty.txt").write_bytes(b"")
    (d / "e_blank.txt").write_bytes(b" \n\n\t \n")
    (d / "f_image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    rng = random.Random(11)
    (d / "g_undecodable.txt").write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(4000)))
    # larger than the max_document_bytes of the test configuration (64 KB), but a real article
    (d / "h_too_large.txt").write_text(("The rebels advanced towards Homs on the highway from Hama. " * 12 + "\n")
                                       * 120, encoding="utf-8")
    return d


BAD = {  # file name -> words one of which the error line must contain
    "d_empty.txt": ("empty",),
    "e_blank.txt": ("empty", "no text"),
    "f_image.png": ("binary",),
    "g_undecodable.txt": ("undecodable", "encoding"),
    "h_too_large.txt": ("too large",),
}


# ------------------------------------------------------------------ bad input
def test_mixed_directory_missing_file_and_bad_stdin(tmp_path, capsys, monkeypatch, cached_resources):
    d = mixed_directory(tmp_path)
    cfg = tmp_path / "config.toml"
    cfg.write_text("# small documents only, so the test need not write megabytes\nmax_document_bytes = 65536\n",
                   encoding="utf-8")
    assert (d / "h_too_large.txt").stat().st_size > 65536 > SEED_HTML.stat().st_size
    db = tmp_path / "t.db"
    url = f"sqlite:///{db}"
    missing = tmp_path / "no_such_article.txt"
    argv = ["--config", str(cfg), "--db", url, "analyze", str(d), str(missing), "-", "--country", "SY",
            "--format", "jsonl"]

    def analyze_once() -> tuple[int, str, str]:
        stdin = io.TextIOWrapper(io.BytesIO(b"\x00\x01\x02\x03 not text \x00\xff"))
        monkeypatch.setattr(sys, "stdin", stdin)
        return run_cli(capsys, *argv)

    code, out, err = analyze_once()
    assert code == 1, err
    # the good documents are analysed and printed, in the walk order
    results = jsonl(out)
    by_name = {Path(r["article"]["origin"]).name: r for r in results}
    assert sorted(by_name) == ["a_ariha.txt", "b_seed.html", "c_geneva_cp1252.txt"] and len(results) == 3
    assert by_name["b_seed.html"]["article"]["title"].startswith("Syrian rebels seize fourth city")
    assert "\u201cthe last chance\u201d" in by_name["c_geneva_cp1252.txt"]["article"]["text"]
    assert any(e["type"] == "control_change" for e in by_name["a_ariha.txt"]["events"])
    # one clear line per bad document, naming it and the cause
    for name, causes in BAD.items():
        assert_one_line_error(err, str(d / name), *causes)
    assert_one_line_error(err, str(missing), "no such file")
    assert_one_line_error(err, "<stdin>", "binary")
    assert len(error_lines(err)) == len(BAD) + 2, err
    assert not [line for line in err.splitlines() if "Traceback" in line], err
    # the store holds exactly the good articles, each with its events, and the failures
    good_ids = sorted(r["article"]["id"] for r in results)
    first = db_counts(db)
    assert first["articles"] == good_ids
    assert first["reports"] == {r["article"]["id"]: len(r["events"]) for r in results if r["events"]}
    assert first["orphans"] == 0
    refs = sorted(stored_article_ids(capsys, url))
    assert sorted(set(refs)) == sorted(first["reports"])
    assert {Path(f).name for f in first["failures"]} == set(BAD) | {missing.name, "<stdin>"}

    # the same inputs again: the same errors, and every article is still stored once
    code2, out2, err2 = analyze_once()
    assert code2 == 1
    assert jsonl(out2) == results
    assert error_lines(err2) == error_lines(err)
    second = db_counts(db)
    assert (second["articles"], second["reports"], second["events"]) == (first["articles"], first["reports"],
                                                                         first["events"])
    assert sorted(stored_article_ids(capsys, url)) == refs


def test_no_failure_means_exit_code_zero_and_same_content_is_stored_once(tmp_path, capsys, cached_resources):
    d = tmp_path / "docs"
    d.mkdir()
    (d / "ariha.txt").write_text(ARIHA_TXT, encoding="utf-8")
    (d / "ariha_copy.txt").write_text(ARIHA_TXT.replace("\n", "\r\n"), encoding="utf-8")  # same article
    db = tmp_path / "t.db"
    code, out, err = run_cli(capsys, "--db", f"sqlite:///{db}", "analyze", str(d), "--published", "2015-05-30",
                             "--format", "jsonl")
    assert code == 0, err
    assert not error_lines(err), err
    a, b = jsonl(out)
    assert a["article"]["id"] == b["article"]["id"] and a["article"]["published"] == "2015-05-30"
    counts = db_counts(db)
    assert counts["articles"] == [a["article"]["id"]]
    assert counts["reports"] == {a["article"]["id"]: len(a["events"])} and a["events"]
    assert counts["failures"] == []


def test_a_50_mb_file_and_stdin_through_the_console_script(tmp_path, gazetteer):
    """The installed command refuses a real 50 MB text file with one clear line, quickly (it is
    not read), and still analyses the article given on standard input."""
    exe = console_script()
    big = tmp_path / "huge.txt"
    paragraph = b"Government forces shelled the outskirts of Idlib on Sunday, residents said. " * 40 + b"\n\n"
    big.write_bytes(paragraph * (50 * 1024 * 1024 // len(paragraph) + 1))
    assert big.stat().st_size > 50 * 1024 * 1024
    db = tmp_path / "t.db"
    proc = subprocess.run([str(exe), "--db", f"sqlite:///{db}", "analyze", str(big), "-", "--country", "SY",
                           "--published", "2015-05-30", "--format", "jsonl"],
                          input=ARIHA_TXT.encode("utf-8"), capture_output=True, timeout=600, env=os.environ.copy())
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert proc.returncode == 1, err
    line = assert_one_line_error(err, str(big), "too large")
    assert "max_document_bytes" in line  # the cause names the setting that fixes it
    (result,) = jsonl(out)
    assert result["article"]["origin"] == "<stdin>" and result["article"]["title"] == "Rebels seize Ariha"
    counts = db_counts(db)
    assert counts["articles"] == [result["article"]["id"]]
    assert counts["failures"] == [str(big)]


def test_stdin_empty_is_a_clear_error_and_exit_code_1(tmp_path):
    exe = console_script()
    db = tmp_path / "t.db"
    proc = subprocess.run([str(exe), "--db", f"sqlite:///{db}", "analyze", "-"], input=b"",
                          capture_output=True, timeout=600, env=os.environ.copy())
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1, err
    assert_one_line_error(err, "<stdin>", "empty")
    assert proc.stdout.decode("utf-8").strip() == ""


# ------------------------------------------------------------------ nothing half-written; resume
def _fail_after_write(monkeypatch, exc: BaseException, nth: int) -> list[str]:
    """Make the store raise ``exc`` on the ``nth`` article it writes, after its rows went into
    the open transaction (so a missing rollback would leave half an article). Returns the ids of
    the articles the store was writing, in order."""
    from frontlines.store.store import Store

    seen: list[str] = []
    original = Store._merge_in

    def merge_in(self, conn, new):
        result = original(self, conn, new)
        articles = list(dict.fromkeys(r.article_id for r in new if r.article_id is not None))
        if articles:  # none: reference records, loaded into a new store
            seen.extend(articles)
            if len(seen) >= nth:
                raise exc
        return result

    monkeypatch.setattr(Store, "_merge_in", merge_in)
    return seen


def _two_articles(tmp_path: Path) -> tuple[Path, Path, str]:
    """A directory with the Ariha and Saraqib articles, and a store file and URL beside it."""
    d = tmp_path / "docs"
    d.mkdir()
    (d / "a_ariha.txt").write_text(ARIHA_TXT, encoding="utf-8")
    (d / "b_saraqib.txt").write_text(SARAQIB_TXT, encoding="utf-8")
    db = tmp_path / "t.db"
    return d, db, f"sqlite:///{db}"


def test_a_store_failure_keeps_nothing_of_that_article(tmp_path, capsys, monkeypatch, cached_resources):
    d, db, url = _two_articles(tmp_path)
    written = _fail_after_write(monkeypatch, RuntimeError("disk went away"), nth=2)
    code, out, err = run_cli(capsys, "--db", url, "analyze", str(d), "--country", "SY", "--format", "jsonl")
    assert code == 1
    line = assert_one_line_error(err, str(d / "b_saraqib.txt"), "not stored")
    assert "disk went away" in line
    (ok,) = jsonl(out)  # the other article is printed and stored
    assert Path(ok["article"]["origin"]).name == "a_ariha.txt"
    counts = db_counts(db)
    assert len(written) == 2 and written[0] == ok["article"]["id"]
    assert counts["articles"] == [ok["article"]["id"]]
    assert set(counts["reports"]) <= {ok["article"]["id"]} and counts["orphans"] == 0
    assert written[1] not in stored_article_ids(capsys, url)
    assert counts["failures"] == [str(d / "b_saraqib.txt")]


def test_an_interrupted_run_resumes_without_duplicates(tmp_path, capsys, monkeypatch, cached_resources):
    d, db, url = _two_articles(tmp_path)
    argv = ["--db", url, "analyze", str(d), "--country", "SY", "--published", "2024-12-06", "--format", "jsonl"]

    # run 1: Ctrl-C arrives while the second article is being written
    with monkeypatch.context() as m:
        written = _fail_after_write(m, KeyboardInterrupt(), nth=2)
        code, out, err = run_cli(capsys, *argv)
    assert code == 130 and "interrupted" in err
    (first,) = jsonl(out)
    counts = db_counts(db)
    assert counts["articles"] == [first["article"]["id"]] == written[:1]
    assert set(counts["reports"]) <= {first["article"]["id"]} and counts["orphans"] == 0

    # run 2, with more files (one a copy of a stored article under another name): each article once
    (d / "c_seed.txt").write_bytes(SEED_TXT.read_bytes())
    (d / "d_ariha_again.txt").write_text(ARIHA_TXT, encoding="utf-8")
    code, out, err = run_cli(capsys, *argv)
    assert code == 0, err
    results = jsonl(out)
    assert [Path(r["article"]["origin"]).name for r in results] == ["a_ariha.txt", "b_saraqib.txt", "c_seed.txt",
                                                                   "d_ariha_again.txt"]
    assert results[0]["article"]["id"] == results[3]["article"]["id"] == first["article"]["id"]
    per_article = {r["article"]["id"]: len(r["events"]) for r in results}
    assert len(per_article) == 3
    counts = db_counts(db)
    assert counts["articles"] == sorted(per_article)
    assert counts["reports"] == {k: n for k, n in per_article.items() if n}
    assert per_article[results[2]["article"]["id"]] > 0  # the seed has events
    refs = stored_article_ids(capsys, url)
    assert sorted(set(refs)) == sorted(k for k, n in per_article.items() if n)
    events_before = counts["events"]

    # run 3, everything again: nothing changes
    code, out, err = run_cli(capsys, *argv)
    assert code == 0, err
    again = db_counts(db)
    assert (again["articles"], again["reports"], again["events"]) == (counts["articles"], counts["reports"],
                                                                      events_before)
