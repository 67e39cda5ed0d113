"""The analyst's terminal: summaries, filters, readable Arabic, colour, progress."""

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from ner_cli.cli import cli, progress_bar
from ner_cli.display import bidi_wanted, terminal_does_bidi, visual
from tests.conftest import SEEDS

ANSI = re.compile(r"\x1b\[")


def run(*args, env=None):
    return CliRunner().invoke(cli, ["extract", str(SEEDS), *args], env=env)


def test_summary_counts_mentions_and_documents_per_entity():
    mentions = json.loads(run("-f", "json").stdout)
    rows = json.loads(run("--summary", "-f", "json").stdout)
    sco = next(row for row in rows if row["id"] == "SCO")
    assert sco["mentions"] == sum(m["id"] == "SCO" for m in mentions)
    assert sco["documents"] == len({m["doc"] for m in mentions if m["id"] == "SCO"})
    assert set(sco["forms"]) == {m["text"] for m in mentions if m["id"] == "SCO"}
    assert sum(row["mentions"] for row in rows) == len(mentions)
    counts = [row["mentions"] for row in rows]
    assert counts == sorted(counts, reverse=True)  # sorted by count by default


def test_summary_sorting_and_min_count():
    rows = json.loads(run("--summary", "--sort", "name", "--min-count", "3", "-f", "json").stdout)
    assert rows and all(row["mentions"] >= 3 for row in rows)
    names = [(row["name_en"] or row["name_ar"]).casefold() for row in rows]
    assert names == sorted(names)


def test_summary_as_csv_and_table():
    table = run("--summary", "-f", "table").stdout
    assert "entities" in table and "SCO" in table and "Shanghai" in table
    rows = list(csv.DictReader(io.StringIO(run("--summary", "-f", "csv").stdout)))
    assert {"id", "mentions", "documents", "forms"} <= set(rows[0])


def test_min_count_without_summary_is_a_usage_error():
    result = run("--min-count", "2")
    assert result.exit_code == 2 and "--summary" in result.stderr


@pytest.mark.parametrize(
    ("option", "value", "field", "allowed"),
    [
        ("--type", "PERSON,LOC", "type", {"PERSON", "LOC"}),
        ("--id", "SCO,UZB", "id", {"SCO", "UZB"}),
        ("--source", "rule", "source", {"rule"}),
        ("--source", "gazetteer", "source", {"gazetteer"}),
    ],
)
def test_filters(option, value, field, allowed):
    records = json.loads(run(option, value, "-f", "json").stdout)
    assert records and {record[field] for record in records} == allowed


def test_bidi_changes_the_table_only():
    logical = run("-f", "table", "--bidi", "off").stdout
    shown = run("-f", "table", "--bidi", "on").stdout
    assert logical != shown
    assert "منظمة شنغهاي" in logical and visual("منظمة شنغهاي") in shown
    assert run("-f", "json", "--bidi", "on").stdout == run("-f", "json", "--bidi", "off").stdout


def test_bidi_from_the_environment():
    shown = run("-f", "table", env={"NER_BIDI": "on"}).stdout
    assert visual("منظمة شنغهاي") in shown


def test_bidi_auto_rule():
    assert bidi_wanted("auto", to_terminal=True, environ={"TERM": "xterm"})
    assert not bidi_wanted("auto", to_terminal=False, environ={})
    assert not bidi_wanted("auto", to_terminal=True, environ={"KONSOLE_VERSION": "230804"})
    assert terminal_does_bidi({"VTE_VERSION": "7600"})
    assert not terminal_does_bidi({"VTE_VERSION": "7600", "TMUX": "/tmp/tmux"})
    assert bidi_wanted("on", to_terminal=False) and not bidi_wanted("off", to_terminal=True)


def test_visual_order_reverses_arabic_and_keeps_latin_readable():
    shown = visual("منظمة SCO")
    assert "SCO" in shown and shown != "منظمة SCO"
    assert visual("Tashkent 2024") == "Tashkent 2024"


def test_the_table_shows_file_line_and_context():
    table = (
        CliRunner()
        .invoke(
            cli,
            ["extract", str(SEEDS / "004_d20acfdfe435324a.txt"), "-f", "table"],
            env={"COLUMNS": "200"},
        )
        .stdout
    )
    assert "004_d20acfdfe435324a.txt:3" in table
    assert "context" in table and "يدعو لتعزيز" in table


def test_piped_output_has_no_colour_codes_and_no_progress_text():
    for fmt in ["table", "json", "csv"]:
        result = run("-f", fmt)
        assert not ANSI.search(result.stdout)
        assert result.stderr == ""


def test_colour_is_on_request_only_and_never_with_no_color():
    assert ANSI.search(run("-f", "table", "--color").stdout)
    assert not ANSI.search(run("-f", "table", "--no-color").stdout)
    assert not ANSI.search(run("-f", "table", env={"NO_COLOR": "1"}).stdout)


def test_a_table_written_to_a_file_has_no_colour_codes(tmp_path):
    output = tmp_path / "entities.txt"
    run("-o", str(output))
    assert "mentions" in output.read_text(encoding="utf-8")
    assert not ANSI.search(output.read_text(encoding="utf-8"))


def test_progress_bar_is_silent_when_disabled(capsys):
    with progress_bar(3, enabled=False) as advance:
        advance()
    assert capsys.readouterr() == ("", "")


def test_quiet_silences_warnings(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    loud = CliRunner().invoke(cli, ["extract", str(tmp_path)])
    assert "empty" in loud.stderr and loud.exit_code == 0
    quiet = CliRunner().invoke(cli, ["extract", str(tmp_path), "--quiet"])
    assert quiet.stderr == ""


def test_help_shows_examples_and_exit_codes():
    runner = CliRunner()
    top = runner.invoke(cli, ["--help"]).stdout
    assert "ner extract seeds/" in top and "jq" in top and ".csv" in top
    extract = runner.invoke(cli, ["extract", "--help"]).stdout
    assert "Examples" in extract and "Exit status" in extract and "NER_BIDI" in extract
    assert runner.invoke(cli, ["--version"]).stdout.startswith("ner, version ")
