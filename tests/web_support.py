"""Helpers shared by the web tests (tests/test_api.py, tests/test_browser.py): a Frontlines
session on a temporary SQLite store where the seed was analysed (the curated reference record
is loaded by the store itself), and a real uvicorn server on 127.0.0.1 in a thread."""
from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "seed.txt"
SEED_HTML = REPO / "tests" / "fixtures" / "seed.html"
SEED_PUBLISHED = date(2024, 12, 6)
TOKEN = "test-write-token-7f3a"
#: the places whose capture the seed reports (GeoNames names)
SEED_CAPTURES = ("Al Qaryatayn", "Idlib", "Jisr ash Shughur", "Ariha")
#: a hostile article: markup in its text and title must be shown as text, never run
HOSTILE_TEXT = (
    "Syrian rebels captured the town of Saraqib on Monday <script>window.__pwned=1</script> after "
    "heavy fighting with government forces, <img src=x onerror=\"window.__pwned=2\"> residents said.\n\n"
    "The rebels said they now control Saraqib and the nearby highway."
)
HOSTILE_TITLE = "Rebels take Saraqib <img src=x onerror=\"window.__pwned=3\">"


@contextlib.contextmanager
def seeded_session(data_dir: Path, nlp, gazetteer, lexicons, **option_changes) -> Iterator:
    """A Frontlines session on a new SQLite store in ``data_dir`` where the seed was analysed,
    checked and stored (published 2024-12-06, country SY)."""
    from frontlines.api import Frontlines
    from frontlines.model import Failure
    from frontlines.options import Options

    options = Options(data_dir=str(data_dir), db_url=f"sqlite:///{data_dir / 'web.db'}", **option_changes)
    with Frontlines(options, nlp=nlp, gazetteer=gazetteer, lexicons=lexicons) as fl:
        results = list(fl.analyze([SEED], published=SEED_PUBLISHED, country="SY", store=True, check=True))
        failures = [r for r in results if isinstance(r, Failure)]
        assert not failures, f"the seed failed to analyse: {failures}"
        yield fl


def free_socket(host: str = "127.0.0.1") -> socket.socket:
    """A listening-ready socket bound to a free port (no race: the server takes this socket)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    return sock


class ServerThread:
    """A real uvicorn server for ``app`` on 127.0.0.1 (random free port), in a daemon thread."""

    def __init__(self, app) -> None:
        import uvicorn

        self.sock = free_socket()
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
