"""Readers: the seed as text and as a saved HTML page, directories of mixed files, bad input,
RSS/Atom, JSON Lines, WARC (written here with warcio) and standard input."""
from __future__ import annotations

import gzip
import io
import json
import os
import pickle
import random
from datetime import date
from pathlib import Path

import pytest

from frontlines.errors import BinaryDocument, EmptyDocument, EncodingError, MalformedInput, TooLarge
from frontlines.ingest import (RawDocument, article_from_bytes, article_from_raw, iter_raw, parse_feed,
                               read_paths)
from frontlines.model import Article, Failure
from frontlines.options import Options

REPO = Path(__file__).resolve().parents[1]
SEED_TXT = REPO / "examples" / "seed.txt"
SEED_HTML = REPO / "tests" / "fixtures" / "seed.html"
TITLE = "Syrian rebels seize fourth city, close in on Homs in threat to Assad’s rule"


@pytest.fixture()
def opts() -> Options:
    return Options()


def _split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Failure)]


def _by_doc(failures) -> dict[str, Failure]:
    return {Path(f.doc.split("#")[0]).name + ("#" + f.doc.split("#")[1] if "#" in f.doc else ""): f
            for f in failures}


# ------------------------------------------------------------------ the seed, text and HTML
def test_seed_text(opts):
    (art,) = read_paths([SEED_TXT], opts)
    assert art.title == TITLE
    assert art.text.startswith("Syrian rebels have seized their fourth city in recent weeks")
    assert art.text.endswith("bring an end to Assad’s rule once and for all.")
    for junk in ("Skip to content", "Home »", "ยป", TITLE):
        assert junk not in art.text
    assert "\n\n" in art.text and "\n\n\n" not in art.text  # paragraphs kept
    assert art.published is None and art.format == "text" and art.origin == str(SEED_TXT)


def test_seed_html_matches_seed_text(opts):
    (txt,) = read_paths([SEED_TXT], opts)
    (page,) = read_paths([SEED_HTML], opts)
    assert page.title == TITLE
    assert page.text == txt.text and page.id == txt.id
    assert page.published == date(2024, 12, 6)
    assert page.source == "The Levant Monitor"
    assert page.url == "https://levantmonitor.example/2024/12/06/syrian-rebels-seize-fourth-city/"
    assert page.format == "html"
    for junk in ("Skip to content", "Share this", "Facebook", "All rights reserved", "Related articles"):
        assert junk not in page.text


def test_explicit_published_overrides_the_document_date(opts):
    (page,) = read_paths([SEED_HTML], opts, published=date(2015, 5, 30))
    assert page.published == date(2015, 5, 30)
    (txt,) = read_paths([SEED_TXT], opts, published=date(2024, 12, 6))
    assert txt.published == date(2024, 12, 6)


def test_html_date_sources_and_domain_fallback(opts):
    jsonld = (b'<html><head><script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
              b'"datePublished": "2019-03-02T10:00:00Z"}]}</script></head><body><article><h1>Shelling hits '
              b'Maarat al-Numan</h1><p>' + b"Government forces shelled the town on Friday, residents said. " * 8
              + b"</p></article></body></html>")
    art = article_from_bytes(jsonld, origin="page.html", options=opts, url="https://www.example.org/a/1")
    assert art.published == date(2019, 3, 2)
    assert art.title == "Shelling hits Maarat al-Numan"
    assert art.source == "example.org" and art.url == "https://www.example.org/a/1"
    assert not art.text.startswith("Shelling hits")
    timed = (b"<html><body><article><h1>Clashes near Raqqa</h1><time datetime='2017-06-07'>7 June</time><p>"
             + b"Fighters clashed on the outskirts of the city. " * 8 + b"</p></article></body></html>")
    assert article_from_bytes(timed, origin="t.html", options=opts).published == date(2017, 6, 7)


def test_plain_text_title_from_a_short_first_line(opts):
    art = article_from_bytes(b"Rebels enter Aleppo\n\nRebel fighters entered the city of Aleppo on Friday.\n",
                             origin="a.txt", options=opts)
    assert art.title == "Rebels enter Aleppo"
    assert art.text == "Rebel fighters entered the city of Aleppo on Friday."
    untitled = article_from_bytes(b"Rebel fighters entered Aleppo on Friday.\n\nThe army withdrew.\n",
                                  origin="b.txt", options=opts)
    assert untitled.title is None and untitled.text.startswith("Rebel fighters")


# ------------------------------------------------------------------ bad input
def test_directory_of_mixed_files(tmp_path, opts):
    d = tmp_path / "mixed"
    (d / "sub").mkdir(parents=True)
    (d / "a_seed.txt").write_bytes(SEED_TXT.read_bytes())
    (d / "b_empty.txt").write_bytes(b"")
    (d / "c_image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    (d / "d_cp1252.txt").write_bytes("Caf\u00e9 talks in Gen\u00e8ve \u2013 \u201cno deal\u201d, said the "
                                     "envoy about Idlib.\n\nThe talks resume on Monday.".encode("cp1252"))
    rng = random.Random(7)
    (d / "e_undecodable.txt").write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(3000)))
    (d / "f_blank.txt").write_bytes(b"  \n\n\t \n")
    (d / ".hidden.txt").write_bytes(b"never read")
    (d / "sub" / "g_page.html").write_bytes(SEED_HTML.read_bytes())
    items = list(read_paths([d, tmp_path / "missing.txt"], opts))
    arts, fails = _split(items)
    assert [Path(a.origin).name for a in arts] == ["a_seed.txt", "d_cp1252.txt", "g_page.html"]
    assert "“no deal”" in arts[1].text and "Café" in arts[1].text and "Genève –" in arts[1].text
    assert arts[0].id == arts[2].id
    f = _by_doc(fails)
    assert set(f) == {"b_empty.txt", "c_image.png", "e_undecodable.txt", "f_blank.txt", "missing.txt"}
    assert f["b_empty.txt"].code == EmptyDocument.code and "empty" in f["b_empty.txt"].reason
    assert f["f_blank.txt"].code == EmptyDocument.code
    assert f["c_image.png"].code == BinaryDocument.code and "binary" in f["c_image.png"].reason
    assert f["e_undecodable.txt"].code == EncodingError.code and "undecodable" in f["e_undecodable.txt"].reason
    assert f["missing.txt"].code == "E101" and "no such file" in f["missing.txt"].reason
    for failure in fails:  # one line, naming the file and the cause
        assert "\n" not in failure.reason
        assert failure.doc in failure.reason and Path(failure.doc).name in failure.reason


def test_utf16_with_bom_is_read(tmp_path, opts):
    p = tmp_path / "u16.txt"
    p.write_bytes("\ufeffRebels seize Ariha\n\nThe rebels seized Ariha on Thursday.".encode("utf-16"))
    (art,) = read_paths([p], opts)
    assert art.title == "Rebels seize Ariha" and art.text == "The rebels seized Ariha on Thursday."


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path, opts):
    big = tmp_path / "big.txt"
    line = b"The rebels advanced towards Homs on the highway from Hama. " * 16 + b"\n"
    with open(big, "wb") as f:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    assert big.stat().st_size > 50 * 1024 * 1024 > opts.max_document_bytes
    (fail,) = read_paths([big, ], opts)
    assert isinstance(fail, Failure) and fail.code == TooLarge.code
    assert str(big) in fail.reason and "too large" in fail.reason
    small = opts.replace(max_document_bytes=1000)
    with pytest.raises(TooLarge) as err:
        article_from_bytes(line * 20, origin="pasted", options=small)
    assert err.value.doc == "pasted"


def test_article_from_bytes_errors_name_the_origin(opts):
    for data, exc in ((b"", EmptyDocument), (b"\x00\x01\x02binary\x00", BinaryDocument),
                      (bytes(range(0x80, 0x100)) * 10, EncodingError)):
        with pytest.raises(exc) as err:
            article_from_bytes(data, origin="upload-7", options=opts)
        assert err.value.doc == "upload-7" and "upload-7" in str(err.value)


# ------------------------------------------------------------------ feeds
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Levant Monitor</title><link>https://levantmonitor.example/</link><description>News</description>
<item><title>Rebels seize Ariha</title><link>https://levantmonitor.example/ariha</link>
<guid>ariha-1</guid><pubDate>Thu, 28 May 2015 14:00:00 +0000</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Rebel fighters seized the town of Ariha in Idlib province on Thursday,
 after government forces withdrew.</p><p>The army had held the town since 2012.</p>]]></content:encoded></item>
<item><title>Clashes near Palmyra</title><link>https://levantmonitor.example/palmyra</link>
<pubDate>Wed, 20 May 2015 08:00:00 +0000</pubDate>
<description>Islamic State fighters clashed with the army near Palmyra on Wednesday.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example wire</title><id>urn:wire</id>
<updated>2016-12-22T00:00:00Z</updated>
<entry><title>Army retakes eastern Aleppo</title><id>urn:wire:1</id>
<link href="https://wire.example/aleppo"/><published>2016-12-22T18:00:00Z</published>
<updated>2016-12-23T00:00:00Z</updated>
<content type="html">&lt;p&gt;Government forces regained full control of eastern Aleppo on Thursday.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_one_article_per_entry(tmp_path, opts):
    p = tmp_path / "feed.xml"
    p.write_text(RSS, encoding="utf-8")
    arts, fails = _split(read_paths([p], opts))
    assert not fails
    assert [a.title for a in arts] == ["Rebels seize Ariha", "Clashes near Palmyra"]
    assert arts[0].url == "https://levantmonitor.example/ariha" and arts[0].published == date(2015, 5, 28)
    assert arts[0].text.startswith("Rebel fighters seized the town of Ariha")  # content, not summary
    assert "The army had held the town since 2012." in arts[0].text
    assert arts[1].text == "Islamic State fighters clashed with the army near Palmyra on Wednesday."
    assert all(a.format == "rss" and a.source == "Levant Monitor" for a in arts)


def test_atom_and_parse_feed(tmp_path, opts):
    entries = parse_feed(ATOM.encode(), "wire.atom")
    assert len(entries) == 1
    e = entries[0]
    assert (e.id, e.title, e.link, e.published) == ("urn:wire:1", "Army retakes eastern Aleppo",
                                                   "https://wire.example/aleppo", date(2016, 12, 22))
    p = tmp_path / "wire.atom"
    p.write_text(ATOM, encoding="utf-8")
    (art,) = read_paths([p], opts)
    assert art.text == "Government forces regained full control of eastern Aleppo on Thursday."
    assert art.published == date(2016, 12, 22) and art.url == "https://wire.example/aleppo"


def test_malformed_feed(tmp_path, opts):
    with pytest.raises(MalformedInput) as err:
        parse_feed(b"<html><body><p>not a feed</p></body></html>", "page.rss")
    assert err.value.doc == "page.rss"
    p = tmp_path / "broken.xml"
    p.write_bytes(b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title>\n<<<&&& </rss')
    (fail,) = read_paths([p], opts)
    assert isinstance(fail, Failure) and fail.code == MalformedInput.code
    assert str(p) in fail.reason and "malformed feed" in fail.reason


# ------------------------------------------------------------------ JSON Lines
def _jsonl_lines() -> list[str]:
    seed = SEED_TXT.read_text(encoding="utf-8")
    return [
        json.dumps({"id": "a1", "text": seed, "published": "2024-12-06", "url": "https://x.example/seed"}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"id": "a4", "title": "no text here"}),
        json.dumps({"id": "a5", "text": "Rebels captured Jisr al-Shughour on Monday after days of fighting.",
                    "title": "Jisr al-Shughour falls", "source": "Wire", "published": "2015-04-25T09:00:00Z"}),
    ]


@pytest.mark.parametrize("name", ["docs.jsonl", "docs.ndjson.gz"])
def test_jsonl_bad_lines_fail_the_others_go_on(tmp_path, opts, name):
    body = ("\n".join(_jsonl_lines()) + "\n").encode("utf-8")
    p = tmp_path / name
    p.write_bytes(gzip.compress(body) if name.endswith(".gz") else body)
    arts, fails = _split(read_paths([p], opts))
    assert [a.origin for a in arts] == [f"{p}#L1", f"{p}#L6"]
    assert arts[0].title == TITLE and arts[0].published == date(2024, 12, 6) and arts[0].format == "jsonl"
    assert arts[0].text == next(iter(read_paths([SEED_TXT], opts))).text
    assert arts[1].title == "Jisr al-Shughour falls" and arts[1].source == "Wire"
    assert arts[1].published == date(2015, 4, 25)
    assert [f.doc for f in fails] == [f"{p}#L2", f"{p}#L4", f"{p}#L5"]
    assert all(f.code == MalformedInput.code and f.doc in f.reason for f in fails)
    assert "invalid JSON" in fails[0].reason and "not an object" in fails[1].reason
    assert '"text"' in fails[2].reason


def test_jsonl_line_too_large_is_skipped(tmp_path, opts):
    p = tmp_path / "big.jsonl"
    lines = [json.dumps({"text": "x " * 5000}), json.dumps({"text": "Rebels entered Hama on Thursday."})]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    arts, fails = _split(read_paths([p], opts.replace(max_document_bytes=2000)))
    assert [a.text for a in arts] == ["Rebels entered Hama on Thursday."]
    assert fails[0].doc == f"{p}#L1" and fails[0].code == TooLarge.code


# ------------------------------------------------------------------ WARC
def _write_warc(path: Path, *, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = SEED_HTML.read_bytes()
    undated = (b"<html><head><title>Hama</title></head><body><article><h1>Rebels enter Hama</h1><p>"
               + b"Rebel fighters entered the city of Hama on Thursday as the army pulled out. " * 6
               + b"</p></article></body></html>")

    def response(uri: str, body: bytes, ctype: str = "text/html; charset=utf-8", status: str = "200 OK",
                 date_: str = "2024-12-08T10:00:00Z"):
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        return writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                         warc_headers_dict={"WARC-Date": date_})

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gz)
        writer.write_record(writer.create_warcinfo_record("cc-news.warc", {"software": "test"}))
        writer.write_record(writer.create_warc_record("https://news.example/seed", "request",
                                                      payload=io.BytesIO(b"GET /seed HTTP/1.1\r\n\r\n")))
        writer.write_record(response("https://news.example/seed", html))
        writer.write_record(response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n\x00", "image/png"))
        writer.write_record(response("https://news.example/gone", b"<html>gone</html>", status="404 Not Found"))
        writer.write_record(response("https://news.example/hama", undated, date_="2024-12-05T23:00:00Z"))


@pytest.mark.parametrize("name", ["cc.warc", "cc.warc.gz"])
def test_warc_response_records(tmp_path, opts, name):
    p = tmp_path / name
    _write_warc(p, gz=name.endswith(".gz"))
    raws = list(iter_raw([p], opts))
    assert all(isinstance(r, RawDocument) for r in raws) and len(raws) == 2
    assert all(r.key.startswith("<urn:uuid:") for r in raws)
    assert pickle.loads(pickle.dumps(raws[0])) == raws[0]
    seed, hama = (article_from_raw(r, opts) for r in raws)
    (page,) = read_paths([SEED_HTML], opts)
    assert seed.url == "https://news.example/seed" and seed.format == "warc"
    assert seed.published == date(2024, 12, 6)  # the page's own date beats the crawl date
    assert seed.text == page.text and seed.title == TITLE
    assert hama.published == date(2024, 12, 5)  # no page date: WARC-Date as a fallback
    assert hama.title == "Rebels enter Hama" and hama.source == "news.example"
    assert [a.origin for a in read_paths([p], opts)] == [r.origin for r in raws]


def test_malformed_warc(tmp_path, opts):
    p = tmp_path / "bad.warc"
    _write_warc(p, gz=False)
    data = p.read_bytes()
    cut = data.index(b"WARC/1.", data.index(b"https://news.example/gone"))
    p.write_bytes(data[:cut] + b"WARC/1.0\r\nthis is not a header\r\n\r\ngarbage" + os.urandom(64))
    arts, fails = _split(read_paths([p], opts))
    assert [a.url for a in arts] == ["https://news.example/seed"]
    assert len(fails) == 1 and fails[0].code == MalformedInput.code
    assert str(p) in fails[0].reason and "WARC" in fails[0].reason


# ------------------------------------------------------------------ stdin
def test_stdin_dash(monkeypatch, opts):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(SEED_HTML.read_bytes())))
    (art,) = read_paths(["-"], opts)
    assert art.title == TITLE and art.published == date(2024, 12, 6) and art.origin == "<stdin>"
    jsonl = ("\n".join(_jsonl_lines()) + "\n").encode()
    arts, fails = _split(read_paths(["-"], opts, stdin=io.BytesIO(jsonl)))
    assert len(arts) == 2 and [f.doc for f in fails] == ["<stdin>#L2", "<stdin>#L4", "<stdin>#L5"]
    (empty,) = read_paths(["-"], opts, stdin=io.BytesIO(b""))
    assert isinstance(empty, Failure) and empty.code == EmptyDocument.code and "<stdin>" in empty.reason


def test_gzip_files_sniffed_by_content(tmp_path, opts):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(SEED_TXT.read_bytes()))
    (tmp_path / "b.gz").write_bytes(gzip.compress(("\n".join(_jsonl_lines()) + "\n").encode()))
    (tmp_path / "c.gz").write_bytes(gzip.compress(b"x" * 10)[:12])  # truncated
    arts, fails = _split(read_paths([tmp_path], opts))
    assert [Path(a.origin).name for a in arts] == ["a.txt.gz", "b.gz#L1", "b.gz#L6"]
    assert arts[0].title == TITLE
    assert [Path(f.doc).name for f in fails] == ["b.gz#L2", "b.gz#L4", "b.gz#L5", "c.gz"]
    assert "gzip" in fails[-1].reason


def test_stdin_gzip_warc_and_size_limit(tmp_path, opts):
    p = tmp_path / "cc.warc.gz"
    _write_warc(p, gz=True)
    arts, fails = _split(read_paths(["-"], opts, stdin=io.BytesIO(p.read_bytes())))
    assert [a.url for a in arts] == ["https://news.example/seed", "https://news.example/hama"] and not fails
    (big,) = read_paths(["-"], opts.replace(max_document_bytes=100), stdin=io.BytesIO(b"word " * 1000))
    assert isinstance(big, Failure) and big.code == TooLarge.code and "<stdin>" in big.reason
