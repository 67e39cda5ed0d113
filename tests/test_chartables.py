"""The shipped character tables are what camel_tools computes, for the installed versions."""

import json

import pytest

from ner_cli import chartables
from ner_cli.chartables import CharTables, compute_tables, installed_versions
from ner_cli.resources import data_file


@pytest.fixture(scope="module")
def shipped() -> dict:
    return json.loads(data_file(chartables.TABLES_FILE).read_text(encoding="ascii"))


def test_the_shipped_tables_were_computed_with_the_installed_versions(shipped):
    assert shipped["versions"] == installed_versions(), (
        "camel_tools, emoji, regex or Python's Unicode database changed version: "
        "run scripts/build_char_tables.py"
    )


def test_the_shipped_tables_are_camel_tools_own(shipped):
    assert CharTables.from_json(shipped) == compute_tables()


def test_key_folding_follows_camel_tools_normalisers(shipped):
    from camel_tools.utils.charmap import CharMapper
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import normalize_alef_ar, normalize_teh_marbuta_ar

    fold = CharTables.from_json(shipped).fold
    arclean = CharMapper.builtin_mapper("arclean")
    assert "أ".translate(fold) == normalize_alef_ar("أ") == "ا"
    assert "ة".translate(fold) == normalize_teh_marbuta_ar("ة") == "ه"
    assert "\u064e".translate(fold) == dediac_ar("\u064e") == ""
    assert "ﺹ".translate(fold) == arclean("ﺹ") == "ص"
    assert "\u200f".translate(fold) == ""


def test_tables_are_computed_afresh_when_the_versions_differ(shipped, tmp_path, monkeypatch):
    stale = dict(shipped, versions={**shipped["versions"], "camel-tools": "0.0.1"}, split=[])
    path = tmp_path / chartables.TABLES_FILE
    path.write_text(json.dumps(stale), encoding="ascii")
    monkeypatch.setattr(chartables, "data_file", lambda name: path)
    chartables.tables.cache_clear()
    try:
        assert chartables.tables().split == CharTables.from_json(shipped).split != frozenset()
    finally:
        chartables.tables.cache_clear()
