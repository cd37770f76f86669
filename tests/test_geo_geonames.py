"""GeoNames dump-layout files as a gazetteer source: reading (txt, zip, xz), refusing damaged
files, merging by geonameid, the cache key, and the bundled Syria file."""
from __future__ import annotations

import lzma
import zipfile

import pytest

from frontlines.errors import GazetteerError
from frontlines.geo import gazetteer_sources
from frontlines.geo.gazetteer import Gazetteer
from frontlines.geo.gazetteer_build import GazetteerData
from frontlines.geo.geonames import looks_like_geonames, merge_places, read_geonames
from frontlines.options import Options


def geoname_line(gid, name, ascii_name, alts, lat, lon, fclass="P", fcode="PPL", cc="SY", admin1="12", pop=0):
    cols = [str(gid), name, ascii_name, ",".join(alts), str(lat), str(lon), fclass, fcode, cc, "", admin1,
            "", "", "", str(pop), "", "300", "Asia/Damascus", "2020-01-01"]
    assert len(cols) == 19
    return "\t".join(cols) + "\n"


LINES = [
    geoname_line(9001, "Zūrzūr", "Zurzur", ["زرزور", "Zourzour"], 35.95, 36.34),
    geoname_line(9002, "Ḩumayrāt", "Humayrat", ["Hmeirat", "http://example.invalid", "12345"], 35.1, 36.6, admin1="00"),
    geoname_line(9003, "Wādī Zūrzūr", "Wadi Zurzur", [], 35.9, 36.3, fclass="H", fcode="WAD"),  # not a place
    geoname_line(169389, "Idlib", "Idlib", ["Idleb", "إدلب"], 35.93, 36.63, fcode="PPLA", pop=128840),
]


@pytest.fixture()
def country_txt(tmp_path):
    path = tmp_path / "XX.txt"
    path.write_text("".join(LINES), encoding="utf-8")
    return path


def test_reads_populated_places_with_their_names(country_txt):
    recs = {r.geonameid: r for r in read_geonames(country_txt)}
    assert set(recs) == {9001, 9002, 169389}  # the wadi (feature class H) is no place
    z = recs[9001]
    assert (z.name, z.country, z.admin1_code, z.lat) == ("Zurzur", "SY", "12", 35.95)
    assert "Zūrzūr" in z.alternates and "زرزور" in z.alternates
    assert recs[9002].alternates == ("Ḩumayrāt", "Hmeirat")  # no URL, no postal code
    assert looks_like_geonames(country_txt)


def test_zip_and_xz_read_like_the_text(country_txt, tmp_path):
    zpath = tmp_path / "XX.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(country_txt, "XX.txt")
        zf.writestr("readme.txt", "not data\n")
    xpath = tmp_path / "XX.txt.xz"
    xpath.write_bytes(lzma.compress(country_txt.read_bytes()))
    assert read_geonames(zpath) == read_geonames(country_txt) == read_geonames(xpath)


def test_damaged_files_are_refused_with_a_coded_error(country_txt, tmp_path):
    zpath = tmp_path / "XX.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(country_txt, "XX.txt")
    cut = tmp_path / "cut.zip"
    cut.write_bytes(zpath.read_bytes()[: len(zpath.read_bytes()) // 2])
    with pytest.raises(GazetteerError, match="truncated") as err:
        read_geonames(cut)
    assert err.value.code == "E202"
    short = tmp_path / "short.txt"
    short.write_text("".join(LINES) + "9004\tTruncated\tTrunc\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="line 5 has 3 columns"):
        read_geonames(short)
    with pytest.raises(GazetteerError, match="no such file"):
        read_geonames(tmp_path / "absent.txt")


def test_merge_unites_the_same_geonameid_and_adds_new_places(country_txt):
    data = GazetteerData(rows=[(169389, "Idlib", 35.93062, 36.63393, "SY", "Idlib", 128840, "city", "Idlip"),
                               (1, "Jisr ash Shughur", 35.81, 36.32, "SY", "Idlib", 39311, "city", "")])
    data.admin1_codes[("SY", "12")] = "Idlib"
    new, merged = merge_places(data, read_geonames(country_txt))
    assert (new, merged) == (2, 1)
    idlib = data.rows[0]
    assert idlib[1] == "Idlib" and idlib[6] == 128840  # the row keeps its name and population
    assert idlib[8].split("|")[:2] == ["Idlip", "Idleb"] and "إدلب" in idlib[8]
    by_id = {r[0]: r for r in data.rows}
    assert by_id[9001][5] == "Idlib"  # admin1 by GeoNames' code
    assert by_id[9002][5] == "Idlib"  # code "00": the admin1 of the nearest place
    data.index()
    assert {data.rows[i][0] for i in data.names["zurzur"]} == {9001}


def test_cache_key_changes_with_the_bundled_data(tmp_path, monkeypatch):
    opts = Options(data_dir=str(tmp_path / "home"))
    bundled = tmp_path / "data"
    bundled.mkdir()
    (bundled / "SY.txt.xz").write_bytes(lzma.compress(LINES[0].encode()))
    monkeypatch.setattr(gazetteer_sources, "BUNDLED_DIR", bundled)
    first = Gazetteer.cache_file(opts)
    (bundled / "SY.txt.xz").write_bytes(lzma.compress("".join(LINES).encode()))
    assert Gazetteer.cache_file(opts) != first


def test_the_bundled_syria_file_is_merged(gazetteer):
    assert [p.name for p in gazetteer_sources.bundled_files()] == ["SY.txt.xz"]
    sources = {s["source"]: s for s in gazetteer.sources()}
    sy = sources["bundled SY.txt.xz"]
    assert sy["places"] == 10435 and sy["new"] + sy["merged"] == 10435 and sy["merged"] > 100
    # a village of the file, with its Arabic name; a cities500 town keeps one row
    assert any(gazetteer.entry(i).admin1 == "Idlib" for i in gazetteer.lookup("Zurzur"))
    assert len([i for i in gazetteer.lookup("Manbij")
                if gazetteer.entry(i).country == "SY" and gazetteer.entry(i).feature == "city"]) == 1
