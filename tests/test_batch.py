"""Batch runs on a Dask LocalCluster: directories, JSON Lines (with a bad line) and a WARC written
here with warcio; the same events as ``analyze``; resume after a run killed with SIGKILL."""
from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from distributed.diagnostics.plugin import WorkerPlugin

from frontlines.model import Failure, to_dict
from frontlines.options import Options

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "seed.txt"

SNIPPETS = [
    "Syrian rebels seized the town of Saraqib in Idlib province on Wednesday after heavy fighting with "
    "government forces, a war monitor said.",
    "Syrian government forces recaptured the town of Khan Shaykhun on Tuesday, state media reported, after "
    "rebels withdrew from the area.",
    "Government artillery shelled Maarat al-Numan on Monday, killing four civilians, according to rescue "
    "workers in the town.",
    "Russia warned on Thursday that it would keep backing the Syrian government, and Iran vowed to send "
    "more advisers to Damascus.",
]


def doc_text(i: int) -> str:
    """A small distinct document (a new article id each) built from a few real-looking reports."""
    body = " ".join(SNIPPETS[(i + k) % len(SNIPPETS)] for k in range(3))
    return f"Report {i}: fighting in north-western Syria\n\n{body}\n\nThis is dispatch number {i}."


def write_jsonl(path: Path, n: int, bad_line_at: int | None = None) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if bad_line_at is not None and i == bad_line_at:
                fh.write('{"text": "unterminated\n')
            fh.write(json.dumps({"id": f"doc-{i}", "text": doc_text(i), "published": "2024-12-05"}) + "\n")


def write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, text in pages:
            html = (f"<!doctype html><html><head><title>{text.splitlines()[0]}</title></head><body>"
                    f"<nav><a href='/'>Home</a></nav><article>"
                    + "".join(f"<p>{p}</p>" for p in text.split("\n\n")[1:])
                    + "</article><footer>Copyright</footer></body></html>").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(html), http_headers=headers,
                                               warc_headers_dict={"WARC-Date": "2024-12-05T12:00:00Z"})
            writer.write_record(record)


def batch_options(tmp_path: Path) -> Options:
    # default data dir: the workers share the gazetteer cache the other tests built
    return Options(db_url=f"sqlite:///{tmp_path / 'batch.db'}", load_reference=False)


@pytest.fixture()
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "pages").mkdir(parents=True)
    write_jsonl(root / "docs.jsonl", 5, bad_line_at=2)
    write_warc(root / "crawl.warc.gz", [(f"https://news.example.org/story-{i}", doc_text(100 + i)) for i in range(2)])
    (root / "pages" / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "pages" / "other.txt").write_text(doc_text(200), encoding="utf-8")
    return root


@pytest.mark.slow
def test_batch_matches_analyze_and_rejects_bad_line(tmp_path, corpus, nlp, gazetteer, lexicons):
    from frontlines.api import Frontlines
    from frontlines.scale.batch import BatchConfig, count_documents, run_batch

    out = tmp_path / "out"
    with Frontlines(batch_options(tmp_path), nlp=nlp, gazetteer=gazetteer, lexicons=lexicons) as fl:
        seen_progress = []
        stats = run_batch(fl, [corpus], BatchConfig(workers=1, out=str(out), country="SY", partition_size=2,
                                                    on_progress=seen_progress.append))
        assert stats.done == 5 + 2 + 2 and stats.rejected == 1 and stats.skipped == 0
        assert sum(seen_progress) == 10
        assert count_documents([corpus]) is None  # a WARC inside: not cheap to count
        rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text().splitlines()]
        assert len(rejects) == 1 and rejects[0]["id"].endswith("docs.jsonl#L3")
        assert rejects[0]["stage"] == "parse" and "invalid JSON" in rejects[0]["reason"]
        assert any("docs.jsonl#L3" in f.doc for f in fl.store.failures())

        batch_events = {}
        for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            batch_events[d["id"]] = d
        assert batch_events, "the corpus gave events"

        analyzed = {}
        article_ids = set()
        for result in fl.analyze([corpus], country="SY", store=False):
            if isinstance(result, Failure):
                continue
            article_ids.add(result.article.id)
            for e in result.events:
                analyzed[e.id] = to_dict(e)
        assert len(article_ids) == 9
        assert batch_events == analyzed  # same events, same JSON, by id
        for aid in article_ids:
            assert fl.store.has_article(aid)
        warc_articles = [fl.article(a)[0] for a in article_ids]
        assert sum(1 for a in warc_articles if (a.url or "").startswith("https://news.example.org/")) == 2

        again = run_batch(fl, [corpus], BatchConfig(workers=1, out=str(out), country="SY"))
        assert again.done == 0 and again.skipped == 10 and again.rejected == 0


def _done_keys(db: Path, keys: list[str]) -> int:
    from frontlines.api import Frontlines

    with Frontlines(Options(db_url=f"sqlite:///{db}", load_reference=False)) as fl:
        return sum(fl.store.seen(k, "batch") for k in keys)


@pytest.mark.slow
def test_batch_resumes_after_sigkill(tmp_path):
    from frontlines.api import Frontlines

    n = 40
    data = tmp_path / "many.jsonl"
    with data.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"d{i}", "text": SEED.read_text(encoding="utf-8") + f"\n\nCopy {i}."}) + "\n")
    db = tmp_path / "batch.db"
    keys = [f"{data}#L{i}" for i in range(1, n + 1)]
    exe = str(Path(sys.executable).parent / "frontlines")
    cmd = [exe, "--db", f"sqlite:///{db}", "batch", str(data), "--workers", "1", "--partition-size", "1",
           "--country", "SY", "--published", "2024-12-06", "--out", str(tmp_path / "out"), "--no-progress"]
    env = dict(os.environ, FRONTLINES_CONFIG=str(tmp_path / "none.toml"))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    deadline = time.monotonic() + 240
    done_before = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.3)
            if db.exists():
                done_before = _done_keys(db, keys)
                if done_before >= 3:
                    break
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the driver, its nanny and worker processes
        proc.communicate(timeout=60)
    assert 3 <= done_before < n, f"the batch was not caught mid-way ({done_before} of {n} done)"

    rerun = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=400)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    m = re.search(r"batch: (\d+) analysed .* (\d+) already done", rerun.stdout)
    assert m, rerun.stdout
    analysed, skipped = int(m.group(1)), int(m.group(2))
    assert skipped >= done_before and analysed + skipped == n and analysed < n

    with Frontlines(Options(db_url=f"sqlite:///{db}", load_reference=False)) as fl:
        assert _done_keys(db, keys) == n
        ids = []
        for raw in fl.iter_raw([data]):
            ids.append(fl.article_from_raw(raw, published=None).id)
        assert len(set(ids)) == n
        for aid in ids:
            assert fl.store.has_article(aid), aid
            event_ids = fl.store.article_event_ids(aid)
            assert event_ids and len(event_ids) == len(set(event_ids))
        assert not fl.store.failures()


class BrokenSession(WorkerPlugin):
    """A worker plugin whose session dies on every task (a crashed worker, as the driver sees it)."""

    name = "frontlines-session"

    def setup(self, worker) -> None:
        pass

    def session(self):
        raise RuntimeError("worker process died")


def test_crashed_partition_is_retried_once_then_rejected():
    from distributed import Client, LocalCluster

    from frontlines.scale.batch import BatchStats, PartitionRunner
    from frontlines.scale.batch_worker import WorkItem

    results, rejected = [], []
    stats = BatchStats()
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        client.register_plugin(BrokenSession(), name=BrokenSession.name)
        runner = PartitionRunner(client, results.append, lambda key, f: rejected.append((key, f)), max_in_flight=1,
                                 published=None, country=None, stats=stats)
        runner.submit([WorkItem("k1", "text one"), WorkItem("k2", "text two")])
        runner.submit([WorkItem("k3", "text three")])
        runner.drain()
    assert results == []
    assert [k for k, _ in rejected] == ["k1", "k2", "k3"]
    assert all(f.stage == "worker" and "failed twice" in f.reason and "worker process died" in f.reason
               for _, f in rejected)
    assert stats.crashed_partitions == 4  # each partition: the first try and the one retry


def test_local_cluster_settings_reach_the_worker_processes():
    """The profiler is off and the monitors are slowed in the spawned workers too (they get the
    settings through the environment, not through the driver's dask.config), and the workers start
    without Dask's MALLOC_TRIM_THRESHOLD_ (which turned off glibc's adaptive mmap threshold)."""
    import os

    import dask

    from frontlines.scale.batch import LOCAL_CLUSTER_CONFIG, BatchConfig, close_client, start_client

    client = start_client(BatchConfig(workers=1))
    try:
        wanted = {k: v for k, v in LOCAL_CLUSTER_CONFIG.items() if v is not None}
        got = client.run(lambda: {k: dask.config.get(k) for k in wanted})
        assert list(got.values()) == [wanted]
        env = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_", "unset"))
        assert list(env.values()) == ["unset"]
        assert os.environ.get("MALLOC_TRIM_THRESHOLD_", "unset") == "unset"  # nor leaked into the driver
        assert dask.config.get("distributed.worker.profile.enabled") is True  # the driver's own config is untouched
    finally:
        close_client(client)


@pytest.mark.slow
def test_the_gazetteer_cache_is_built_once_before_local_workers_start(tmp_path):
    """A first batch run on a new data dir: the driver builds the gazetteer cache in a helper
    process (so the workers load it instead of each building it); then there is nothing to do."""
    from frontlines.api import Frontlines
    from frontlines.options import Options

    fl = Frontlines(Options(data_dir=str(tmp_path)))
    from frontlines.geo.gazetteer import Gazetteer

    assert not Gazetteer.cache_file(fl.options).exists()
    assert fl.prepare_gazetteer_cache() is True
    assert Gazetteer.cache_file(fl.options).exists() and fl._gazetteer is None  # not loaded here
    assert fl.prepare_gazetteer_cache() is False
