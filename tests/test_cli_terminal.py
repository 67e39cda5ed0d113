"""The analyst's terminal: summaries, filters, readable Arabic, colour, progress."""

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

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


@pytest.mark.parametrize("command", [[], ["extract"], ["evaluate"], ["query"]])
def test_help_examples_line_up_as_commands_to_copy(command):
    text = CliRunner().invoke(cli, [*command, "--help"]).stdout
    block = text.split("Examples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert block and all(line.lstrip().startswith(("ner ", "cat ")) for line in block), block
    assert len({len(line) - len(line.lstrip()) for line in block}) == 1, block


# --- The table at any width -------------------------------------------------------------

BORDERS_LEFT, BORDERS_RIGHT = "┏┃┡│└", "┓┃┩│┘"


def _table_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line and line[0] in BORDERS_LEFT]


def _check_fits(output: str, width: int) -> list[str]:
    from rich.cells import cell_len

    lines = _table_lines(output)
    assert lines, output
    for line in output.splitlines():
        assert cell_len(line) <= width, line
    for line in lines:
        assert line[-1] in BORDERS_RIGHT, line  # the right border is there
    return lines


def _columns_are_never_empty(lines: list[str]) -> None:
    body = [line for line in lines if line[0] == "│"]
    cells_per_row = max(line.count("│") for line in body) - 1
    rows = [line.strip("│").split("│") for line in body if line.count("│") - 1 == cells_per_row]
    for column in range(cells_per_row):
        assert any(row[column].strip() for row in rows), f"column {column} is empty"


@pytest.mark.parametrize("width", [80, 100, 120, 200])
def test_the_table_fits_the_width_with_file_line_whole(width, monkeypatch):
    monkeypatch.chdir(SEEDS.parent)  # as the README runs it: ner extract seeds/

    def run(*args):
        return CliRunner().invoke(cli, ["extract", "seeds", *args])

    records = json.loads(run("-f", "json").stdout)
    result = run("-f", "table", "--bidi", "on", "--width", str(width))
    assert result.exit_code == 0
    lines = _check_fits(result.stdout, width)
    _columns_are_never_empty(lines)
    for record in records:  # every file:line on one line, as an editor takes it
        assert f"{record['doc']}:{record['line']} " in result.stdout
    assert result.stdout.rstrip().endswith(f"{len(records)} mentions")


@pytest.mark.parametrize("width", [80, 100, 120, 200])
@pytest.mark.parametrize("extra", [[], ["--pairs"]])
def test_the_summary_fits_the_width(width, extra):
    result = run("--summary", *extra, "-f", "table", "--bidi", "on", "--width", str(width))
    assert result.exit_code == 0
    lines = _check_fits(result.stdout, width)
    _columns_are_never_empty(lines)
    rows = json.loads(run("--summary", *extra, "-f", "json").stdout)
    key = "name_en" if not extra else "other_name_en"
    for row in rows[:10]:  # English names wrap between words (or after a hyphen), never inside
        for word in (row[key] or "").replace("-", "- ").split():
            assert word in result.stdout


def test_the_width_comes_from_columns_when_not_given():
    result = run("-f", "table", "--bidi", "on", env={"COLUMNS": "90"})
    _check_fits(result.stdout, 90)
    assert max(len(line) for line in _table_lines(result.stdout)) > 80


def test_deep_paths_are_shortened_from_the_left(tmp_path):
    deep = tmp_path / "archive" / "2026" / "11" / "30" / "world-news-from-central-asia"
    deep.mkdir(parents=True)
    (deep / "tashkent-conference-report.txt").write_text(
        "انطلق في طشقند مؤتمر مشترك لمنظمة شنغهاي للتعاون.\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli, ["extract", str(tmp_path), "-f", "table", "--bidi", "on", "--width", "80"]
    )
    _check_fits(result.stdout, 80)
    assert "…" in result.stdout and "conference-report.txt:1 " in result.stdout
    # The folders go, the file name stays whole, to open in an editor.
    assert "/tashkent-conference-report.txt:1 " in result.stdout


@pytest.mark.parametrize("width", [80, 120])
def test_archive_answers_keep_file_names_whole(tmp_path, width):
    (tmp_path / "a-long-name-for-a-news-article.txt").write_text(
        "قال الأمين العام لمنظمة معاهدة الأمن الجماعي إن رابطة الدول المستقلة تدعم الخطة.\n",
        encoding="utf-8",
    )
    archive = tmp_path / "news.db"
    CliRunner().invoke(cli, ["extract", str(tmp_path), "-o", str(archive), "-q"])
    result = CliRunner().invoke(cli, ["query", str(archive), "with", "CSTO", "-f", "table",
                                      "--bidi", "on", "--width", str(width)])  # fmt: skip
    assert result.exit_code == 0, result.output
    _check_fits(result.stdout, width)
    assert "a-long-name-for-a-news-article.txt:1 " in result.stdout


def test_the_context_is_highlighted_without_breaking_the_joining():
    table = run("-f", "table", "--bidi", "on", "--width", "200", "--color").stdout
    highlighted = re.findall(r"\x1b\[[0-9;]*7[0-9;]*m([^\x1b]*)\x1b\[0m", table)
    # "بأوزبكستان": the highlighted name keeps the final form of its alef, joined to the
    # ب before it (shaped alone it would be isolated), as the same word unhighlighted.
    assert visual("بأوزبكستان")[: len("أوزبكستان")] in highlighted
    plain = re.sub(r"\x1b\[[0-9;]*m", "", table)
    assert visual("بأوزبكستان") in plain


def test_table_contexts_are_cut_between_words():
    table = run("-f", "table", "--bidi", "off", "--width", "120").stdout
    words = set(" ".join(r["context"] for r in json.loads(run("-f", "json").stdout)).split())
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    words = set(text.split())
    for line in _table_lines(table):
        if line.count("│") != 2:  # a context line of its own in the compact layout
            continue
        for word in line.strip("│ ").replace("…", " ").split():
            assert word in words or any(word in w for w in words), word


@pytest.mark.parametrize("width", [80, 120])
def test_evaluate_errors_are_a_table_that_fits_shaped_with_bidi_on(width):
    gold = SEEDS.parent / "tests" / "gold" / "seeds.jsonl"
    base = ["evaluate", "--gold", str(gold), str(SEEDS), "--errors", "--no-rules", "--no-model"]
    runner = CliRunner()
    listed = json.loads(runner.invoke(cli, [*base, "-f", "json"]).stdout)["errors"]
    assert listed, "the gazetteer alone misses something in the seeds"
    for bidi, shown in (("on", visual), ("off", lambda text: text)):
        result = runner.invoke(cli, [*base, "-f", "table", "--bidi", bidi, "--width", str(width)])
        assert result.exit_code == 0, result.output
        table = result.stdout[result.stdout.index("┏━━━━━━━┳") :].splitlines()
        _check_fits("\n".join(table), width)
        rows = [line for line in table if line.startswith("│ F") or line.startswith("│ LINK")]
        assert len(rows) == len(listed) and table[-1] == f"{len(listed)} errors"
        for row, error in zip(rows, listed, strict=True):
            cells = [cell.strip() for cell in row.strip("│").split("│")]
            assert cells[0] == error["kind"] and cells[2] == error["type"]
            text = (SEEDS / error["doc"]).read_text(encoding="utf-8")
            assert cells[1].endswith(f"{error['doc']}:{text.count(chr(10), 0, error['start']) + 1}")
            assert shown(error["text"]).startswith(cells[3]) or shown(error["text"]).endswith(
                cells[3]
            )


def test_a_large_table_on_a_terminal_names_the_better_outputs(monkeypatch):
    import click.testing

    import ner_cli.cli

    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    monkeypatch.setattr(ner_cli.cli, "LARGE_TABLE", 50)
    result = run("-f", "table", "--width", "120", "--no-color")
    assert "--summary" in result.stderr and "-o FILE" in result.stderr
    assert "tagging" not in result.stderr  # no bar beside rows printed as they come
    monkeypatch.setattr(ner_cli.cli, "LARGE_TABLE", 5000)
    assert "--summary" not in run("-f", "table", "--width", "120", "--no-color").stderr


def test_no_progress_bar_when_stdout_is_a_pipe(monkeypatch):
    import os

    from ner_cli.cli import _bar_has_the_screen

    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    read, write = os.pipe()
    with os.fdopen(write, "w") as pipe, os.fdopen(read):
        monkeypatch.setattr("sys.stdout", pipe)
        assert not _bar_has_the_screen(None, False, "jsonl", False)
        assert _bar_has_the_screen("out.jsonl", False, "jsonl", False)
    with open(os.devnull, "w") as null:
        monkeypatch.setattr("sys.stdout", null)
        assert _bar_has_the_screen(None, False, "jsonl", False)
    assert not _bar_has_the_screen(None, False, "table", True)  # rows as they come
    assert _bar_has_the_screen(None, True, "table", True)  # a summary comes at the end


@pytest.fixture(scope="module")
def seeds_archive(tmp_path_factory):
    archive = tmp_path_factory.mktemp("archive") / "seeds.db"
    result = CliRunner().invoke(cli, ["extract", str(SEEDS), "-o", str(archive), "-q"])
    assert result.exit_code == 0, result.output
    return archive


@pytest.mark.parametrize("width", [80, 120, 200])
@pytest.mark.parametrize("question", [["entities"], ["with", "CSTO"], ["docs", "SCO"]])
def test_archive_answers_fit_the_width(seeds_archive, question, width):
    args = ["query", str(seeds_archive), *question, "-f", "table", "--bidi", "on"]
    result = CliRunner().invoke(cli, [*args, "--width", str(width)])
    assert result.exit_code == 0, result.output
    _columns_are_never_empty(_check_fits(result.stdout, width))


def _screen_of(args: list[str], cwd, width: int = 80) -> list[str]:
    """What a terminal ``width`` columns wide shows after ``ner ARGS`` ran in it (stdout
    and stderr both on the terminal), drawn by a terminal emulator (pyte)."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    import pyte

    height = 400  # more than the output: nothing scrolls off
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "NO_COLOR")}
    process = subprocess.Popen(
        [sys.executable, "-c", "from ner_cli.cli import main; main()", *args],
        stdin=child, stdout=child, stderr=child, cwd=cwd, env={**env, "TERM": "xterm"},
    )  # fmt: skip
    os.close(child)
    output = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child's end is closed
            break
        if not chunk:
            break
        output += chunk
    os.close(main)
    assert process.wait(timeout=120) in (0, 1)
    screen = pyte.Screen(width, height)
    pyte.ByteStream(screen).feed(output.replace(b"\n", b"\r\n"))
    return [line.rstrip() for line in screen.display if line.strip()]


def test_messages_during_the_progress_bar_leave_no_piece_of_it_behind(tmp_path):
    for path in sorted(SEEDS.glob("*.txt"))[:3]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "مقال.txt").write_bytes(b"\xd8\xa7\xff broken")  # read while the bar is up
    lines = _screen_of(["extract", ".", "--summary", "--min-count", "4", "--bidi", "on"], tmp_path)
    assert not [line for line in lines if "tagging" in line or re.search(r"\d/4\b", line)]
    (message,) = [line for line in lines if "not valid UTF-8" in line or "ner:" in line]
    assert message.startswith("ner: ") and visual("مقال") in message
    assert re.fullmatch(r"\d+ entit(y|ies)", lines[-1]) and lines[-2].startswith("└")


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("summary", [[], ["--summary"]])
def test_in_a_terminal_every_table_line_ends_at_its_right_border(width, summary):
    lines = _screen_of(["extract", "seeds/", *summary, "--bidi", "on"], SEEDS.parent, width)
    table = lines[:-1]
    assert table[0].startswith("┏") and table[-1].startswith("└")
    assert all(cell_len(line) == width and line[-1] in "┓┃┩│┘" for line in table)
    assert re.fullmatch(r"\d+ (mentions|entities)", lines[-1])
