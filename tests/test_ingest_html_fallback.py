"""HTML whose text trafilatura does not find is still read (issue 19): block elements, then every
text node but scripts and styles, then a token stream when libxml2 stops at its depth limit; the
article records the method. Third-party log lines reach the terminal only with -v."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from frontlines.ingest import article_from_bytes
from frontlines.options import Options

SENTENCE = ("Syrian government forces captured the town of Morek in Hama province on 23 August 2019, "
            "a monitor said. Fighting continued in the area for days.")


def read(html: str):
    return article_from_bytes(html.encode("utf-8"), origin="page.html", options=Options(), fmt="html")


def test_a_page_nested_50000_deep_is_read_as_a_token_stream():
    page = ("<html><head><title>Deep</title><style>p{color:red}</style></head><body>" + "<div>" * 50_000
            + f"<p>{SENTENCE}</p><script>var leak = 1;</script>" + "</div>" * 50_000 + "</body></html>")
    art = read(page)
    assert art.extraction == "tokens"
    assert SENTENCE in art.text
    assert "leak" not in art.text and "color" not in art.text


def test_text_only_in_page_furniture_is_read_without_scripts_and_styles(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: None)  # as on pages it rejects
    page = (f"<html><body><header><p>{SENTENCE}</p></header><nav>Home</nav>"
            "<script>document.write('tracking')</script><style>.x{display:none}</style></body></html>")
    art = read(page)
    assert art.extraction == "lxml-all"
    assert SENTENCE in art.text and "tracking" not in art.text and "display" not in art.text
    assert "days.Home" not in art.text  # furniture blocks stay apart (the boilerplate rules drop "Home")


def test_a_fragment_and_a_full_article_record_their_method():
    assert read(f"<div><p>{SENTENCE}</p></div>").extraction in ("trafilatura", "lxml")
    page = (Path(__file__).parent / "fixtures" / "seed.html").read_text(encoding="utf-8")
    assert read(page).extraction == "trafilatura"
    text = article_from_bytes(SENTENCE.encode(), origin="a.txt", options=Options())
    assert text.extraction == "text"


@pytest.mark.parametrize("verbose,shown", [(0, False), (1, True)])
def test_third_party_log_lines_only_with_verbose(verbose, shown):
    code = ("import logging\nfrom frontlines.cli import setup_logging\n"
            f"setup_logging({verbose})\n"
            "logging.getLogger('trafilatura.core').error('empty HTML tree')\n"
            "logging.getLogger('frontlines.ingest').warning('own warning')\n")
    err = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stderr
    assert "own warning" in err
    assert ("empty HTML tree" in err) is shown
