"""Configuration: defaults -> user file -> overrides."""
from __future__ import annotations

import pytest

from frontlines.errors import ConfigError
from frontlines.options import Options, load_options


def test_defaults_then_file_then_overrides(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text('country = "SY"\nmerge_km = 3.5\n', encoding="utf-8")
    opts = load_options(cfg, merge_km=None, stale_days=30)
    assert opts.country == "SY" and opts.merge_km == 3.5 and opts.stale_days == 30
    assert opts.spacy_model == Options().spacy_model


def test_section_table_is_accepted(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[frontlines]\nmin_confidence = 0.5\n', encoding="utf-8")
    assert load_options(cfg).min_confidence == 0.5


def test_unknown_setting_names_the_file_and_fix(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('colour = "red"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_options(cfg)
    assert "colour" in str(err.value) and str(cfg) in str(err.value) and "settings.md" in str(err.value)


def test_broken_toml_is_a_clear_error(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('country = \n', encoding="utf-8")
    with pytest.raises(ConfigError, match="TOML"):
        load_options(cfg)


def test_default_store_is_sqlite_in_the_data_dir(tmp_path):
    opts = Options(data_dir=str(tmp_path))
    assert opts.resolved_db_url == f"sqlite:///{tmp_path / 'frontlines.db'}"
    assert Options(db_url="postgresql+psycopg://x/y").resolved_db_url == "postgresql+psycopg://x/y"
