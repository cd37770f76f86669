"""frontlines gazetteer add / fetch / list, and --version: a real HTTP server on 127.0.0.1 serves
a GeoNames-style country zip, a 404, a truncated zip and a response that never comes."""
from __future__ import annotations

import io
import json
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import run_cli
from frontlines.geo.gazetteer_sources import user_sources
from frontlines.options import Options
from test_geo_geonames import LINES


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("XX.txt", "".join(LINES))
        zf.writestr("readme.txt", "GeoNames readme\n")
    return buf.getvalue()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):  # noqa: N802 (http.server's name)
        body = _zip_bytes()
        if self.path.endswith("/XX.zip"):
            self._send(body)
        elif self.path.endswith("/TR.zip"):  # a truncated file, served whole
            self._send(body[: len(body) // 2])
        elif self.path.endswith("/SL.zip"):  # no answer within the timeout
            time.sleep(3)
            self._send(body)
        else:
            self.send_error(404, "Not Found")

    def _send(self, body: bytes) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture()
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/export/dump/"
    srv.shutdown()
    srv.server_close()


@pytest.fixture()
def config(tmp_path, server):
    home = tmp_path / "home"
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'data_dir = "{home}"\ngeonames_base_url = "{server}"\nhttp_timeout = 1.0\n', encoding="utf-8")
    return str(cfg), Options(data_dir=str(home))


def _installed(opts: Options) -> list[str]:
    folder = opts.resolved_data_dir / "gazetteer"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_fetch_installs_a_checked_country_file(capsys, config):
    cfg, opts = config
    code, out, err = run_cli(capsys, "--config", cfg, "gazetteer", "fetch", "XX")
    assert code == 0, err
    assert "XX.zip" in out and "3 places" in out
    assert _installed(opts) == ["XX.zip", "sources.json"]
    (entry,) = user_sources(opts)
    assert entry["kind"] == "geonames" and entry["places"] == 3 and entry["origin"].endswith("/export/dump/XX.zip")


@pytest.mark.parametrize("cc, message", [("QQ", "HTTP 404"), ("TR", "truncated"), ("SL", "no answer within 1 s")])
def test_fetch_failures_are_coded_and_install_nothing(capsys, config, cc, message):
    cfg, opts = config
    code, out, err = run_cli(capsys, "--config", cfg, "gazetteer", "fetch", cc)
    assert code == 2 and "E202" in err and message in err, err
    assert _installed(opts) == []  # no partial download, no manifest


def test_fetch_refuses_what_is_not_a_country_code(capsys, config):
    cfg, _ = config
    code, _, err = run_cli(capsys, "--config", cfg, "gazetteer", "fetch", "Syria")
    assert code == 2 and "E202" in err and "two-letter" in err


def test_add_geonames_and_places_files_and_refuse_a_bad_one(capsys, config, tmp_path):
    cfg, opts = config
    txt = tmp_path / "XX.txt"
    txt.write_text("".join(LINES), encoding="utf-8")
    csv = tmp_path / "sites.csv"
    csv.write_text("name,lat,lon,country\nKhan Shaykhun Hill,35.44,36.65,SY\n", encoding="utf-8")
    bad = tmp_path / "cut.txt"
    bad.write_text(LINES[0] + "9009\tBroken\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "--config", cfg, "gazetteer", "add", str(txt), str(bad))
    assert code == 2 and "E202" in err and "cut.txt" in err
    assert _installed(opts) == []  # one bad file: none is added
    code, out, err = run_cli(capsys, "--config", cfg, "gazetteer", "add", str(txt), str(csv))
    assert code == 0, err
    assert [(e["file"], e["kind"], e["places"]) for e in user_sources(opts)] == \
        [("XX.txt", "geonames", 3), ("sites.csv", "places", 1)]
    manifest = json.loads((opts.resolved_data_dir / "gazetteer" / "sources.json").read_text(encoding="utf-8"))
    assert len(manifest) == 2


def test_added_files_change_the_cache_key(capsys, config, tmp_path):
    from frontlines.geo.gazetteer import Gazetteer

    cfg, opts = config
    before = Gazetteer.cache_file(opts)
    txt = tmp_path / "XX.txt"
    txt.write_text("".join(LINES), encoding="utf-8")
    assert run_cli(capsys, "--config", cfg, "gazetteer", "add", str(txt))[0] == 0
    assert Gazetteer.cache_file(opts) != before


def test_list_shows_the_sources_with_counts(capsys, cached_resources):
    code, out, err = run_cli(capsys, "gazetteer", "list", "--json")
    assert code == 0, err
    sources = [json.loads(line) for line in out.splitlines()]
    assert sources[0]["kind"] == "package" and sources[0]["places"] > 200_000
    assert {"source": "bundled SY.txt.xz", "kind": "geonames (bundled)", "places": 10435} \
        .items() <= sources[1].items()


def test_version_credits_geonames(capsys):
    with pytest.raises(SystemExit) as exit_:
        run_cli(capsys, "--version")
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("frontlines ") and "GeoNames" in out and "CC BY 4.0" in out
