"""Bad input, big input, nothing lost: what the CLI does with messy archives."""

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ner_cli import cli as cli_module
from ner_cli.cli import cli
from ner_cli.tagger import Tagger

ARTICLE = "زار وفد من منظمة شنغهاي للتعاون طشقند وموسكو، والتقى بوتين."
NER = Path(sys.executable).parent / "ner"


def extract(*args, stdin=None):
    return CliRunner().invoke(cli, ["extract", *map(str, args), "-f", "json"], input=stdin)


def texts(result):
    return [record["text"] for record in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", ARTICLE.encode()),
        ("bom.txt", codecs.BOM_UTF8 + ARTICLE.encode()),
        ("utf16.txt", ARTICLE.encode("utf-16")),  # with its BOM
        ("legacy.txt", ARTICLE.encode("cp1256")),  # Windows-1256
    ],
)
def test_encodings_are_detected_and_offsets_index_the_decoded_text(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    result = extract(path)
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert [r["text"] for r in records] == ["منظمة شنغهاي للتعاون", "طشقند", "موسكو", "بوتين"]
    for record in records:
        assert ARTICLE[record["start"] : record["end"]] == record["text"]


def test_encoding_can_be_named(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(ARTICLE.encode("cp1256"))
    assert texts(extract(path, "--encoding", "cp1256"))[0] == "منظمة شنغهاي للتعاون"
    wrong = extract(path, "--encoding", "utf-8")
    assert wrong.exit_code == 1 and "cannot decode as utf-8" in wrong.stderr


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("latin.txt", "crème brûlée".encode("latin-1"), "not valid UTF-8 at byte 2"),
    ],
)
def test_undecodable_files_are_skipped_with_one_line_and_the_rest_processed(
    tmp_path, name, data, problem
):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    result = extract(tmp_path)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"ner: {tmp_path / name}: ") and problem in line
    assert len(texts(result)) == 4


def test_an_empty_file_is_noted_not_skipped(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = extract(tmp_path)
    assert result.exit_code == 0
    assert result.stderr.strip() == f"ner: {tmp_path / 'empty.txt'}: empty, nothing to tag"
    assert json.loads(result.stdout) == []


def test_an_unreadable_file_is_skipped(tmp_path, monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    real_read_bytes = Path.read_bytes

    def read_bytes(path):  # root reads anything: simulate the permission error
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = extract(locked)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"ner: {locked}: cannot read: permission denied"


def test_broken_symlinks_and_symlink_loops_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    result = extract(tmp_path)
    assert result.exit_code == 1
    assert f"{tmp_path / 'dangling.txt'}: broken symbolic link" in result.stderr
    assert "symbolic link loop, skipped" in result.stderr
    assert len(texts(result)) == 4  # a.txt once


def test_thousands_of_files_in_sorted_order(tmp_path):
    for number in range(2000):
        (tmp_path / f"{number:04d}.txt").write_text("طشقند", encoding="utf-8")
    records = json.loads(extract(tmp_path).stdout)
    assert len(records) == 2000
    assert [r["doc"] for r in records] == sorted(r["doc"] for r in records)


@pytest.mark.parametrize(
    "variant",
    [
        "مُنَظَّمَةُ شَنْغْهَايْ لِلتَّعَاوُنِ",  # diacritics
        "منـظـمـة شنـغـهـاي للـتـعـاون",  # tatweel
        "منظمة\u200c شنغهاي\u200d للتعاون",  # zero-width non-joiner and joiner
        "\u200fمنظمة شنغهاي للتعاون\u200e",  # bidi marks
        "ﻣﻨﻈﻤﺔ ﺷﻨﻐﻬﺎﻱ ﻟﻠﺘﻌﺎﻭﻥ",  # presentation forms, as PDF extraction leaves them
    ],
)
def test_unicode_variants_are_found_and_offsets_stay_exact(tmp_path, variant):
    text = f"قال إن {variant} تعمل، عام ٢٠٢٤ و2025."
    path = tmp_path / "variant.txt"
    path.write_text(text, encoding="utf-8")
    records = json.loads(extract(path).stdout)
    assert [r["id"] for r in records] == ["SCO"]
    assert text[records[0]["start"] : records[0]["end"]] == records[0]["text"]


def test_decomposed_text_nfd(tmp_path):
    import unicodedata

    text = unicodedata.normalize("NFD", "وصل الوفد إلى أوزبكستان وآسيا الوسطى")
    path = tmp_path / "nfd.txt"
    path.write_text(text, encoding="utf-8")
    records = json.loads(extract(path).stdout)
    assert [r["id"] for r in records] == ["UZB", "central-asia"]
    for record in records:
        assert text[record["start"] : record["end"]] == record["text"]


def test_html_pages_are_read_as_their_text_with_the_title(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>خبر عاجل</title><style>p{}</style></head><body>"
        "<h1>قمة</h1><p>زار <b>بوتين</b> طشقند.</p><script>var x = 'موسكو';</script>"
        "<p>ثم &amp; عاد إلى موسكو</p></body></html>",
        encoding="utf-8",
    )
    records = json.loads(extract(page).stdout)
    assert [(r["text"], r["title"]) for r in records] == [
        ("بوتين", "خبر عاجل"),
        ("طشقند", "خبر عاجل"),
        ("موسكو", "خبر عاجل"),
    ]
    assert records[2]["line"] == 3  # blocks are lines: قمة / زار … / ثم …
    forced = extract(tmp_path / "page.html", "--html")
    assert forced.stdout == extract(page).stdout


def test_csv_output_for_spreadsheets_neutralises_formulas(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("=cmd طشقند", encoding="utf-8")
    output = tmp_path / "out.csv"
    CliRunner().invoke(cli, ["extract", str(path), "-o", str(output), "--context", "10"])
    content = output.read_text(encoding="utf-8-sig")
    assert "'=cmd طشقند" in content
    plain = CliRunner().invoke(cli, ["extract", str(path), "-f", "csv", "--context", "10"])
    assert "'=cmd" not in plain.stdout and "=cmd طشقند" in plain.stdout  # a pipe: data as is
    off = tmp_path / "plain.csv"
    CliRunner().invoke(cli, ["extract", str(path), "-o", str(off), "--no-spreadsheet"])
    assert not off.read_bytes().startswith(codecs.BOM_UTF8)
    assert "'=cmd" not in off.read_text(encoding="utf-8")


def test_a_run_that_fails_midway_leaves_the_previous_output_intact(tmp_path, monkeypatch):
    for name in ["a.txt", "b.txt"]:
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    output = tmp_path / "out.jsonl"
    output.write_text("previous\n", encoding="utf-8")
    calls = []
    real = Tagger.tag_many

    def failing(self, texts):
        found = []
        for text in texts:
            calls.append(text)
            if len(calls) == 2:
                raise RuntimeError("disk on fire")
            found += real(self, [text])
        return found

    monkeypatch.setattr(Tagger, "tag_many", failing)
    result = CliRunner().invoke(cli, ["extract", str(tmp_path), "-o", str(output)])
    assert result.exit_code != 0
    assert output.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "out.jsonl"]


def test_ctrl_c_exits_130_and_leaves_no_partial_file(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    output = tmp_path / "out.json"

    def interrupted(self, texts):
        raise KeyboardInterrupt

    monkeypatch.setattr(Tagger, "tag_many", interrupted)
    monkeypatch.setattr(sys, "argv", ["ner", "extract", str(tmp_path), "-o", str(output)])
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main()
    assert exit_info.value.code == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_closed_pipe_ends_quietly(tmp_path):
    for number in range(200):
        (tmp_path / f"{number:03d}.txt").write_text(ARTICLE * 20, encoding="utf-8")
    shell = f"'{NER}' extract '{tmp_path}' -f jsonl | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == ""
    assert result.returncode == 141  # pipefail: the status of ner, as documented


# --- Safe on a real archive: one regression test per case of the issue -------------

LONG_ARTICLE = (ARTICLE + "\n") * 3


def test_case1_utf8_with_one_bad_byte_is_refused_not_read_as_cp1256(tmp_path):
    path = tmp_path / "b.txt"
    path.write_bytes(
        "زار الرئيس فلاديمير بوتين موسكو ".encode() + b"\xff" + " ثم طشقند.\n".encode()
    )
    result = extract(path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"ner: {path}: not valid UTF-8 at byte 59 (0xff; 1 bad byte in UTF-8 text); name the "
        "encoding with --encoding, or read it anyway with --errors replace\n"
    )
    replaced = extract(path, "--errors", "replace")
    assert replaced.exit_code == 0
    assert texts(replaced) == ["فلاديمير بوتين", "موسكو", "طشقند"]
    assert f"{path}: not valid UTF-8: 1 bad byte (first at byte 59) read as U+FFFD" in (
        replaced.stderr
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("half.txt", ARTICLE.encode() + b"\n" + ARTICLE.encode("cp1256")),
        ("iso.txt", LONG_ARTICLE.encode("iso-8859-6")),
    ],
)
def test_case1_mixed_and_other_code_pages_are_refused_with_the_byte(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    result = extract(path)
    assert result.exit_code == 1
    assert f"ner: {path}: not valid UTF-8 at byte" in result.stderr
    assert result.stdout.strip() == "[]"


def test_case1_iso_8859_6_is_suggested_and_read_when_named(tmp_path):
    path = tmp_path / "iso.txt"
    path.write_bytes(LONG_ARTICLE.encode("iso-8859-6"))
    assert "--encoding iso-8859-6?" in extract(path).stderr
    named = extract(path, "--encoding", "iso-8859-6")
    assert named.exit_code == 0 and "طشقند" in texts(named)
    assert f"ner: {path}: read as iso-8859-6" in named.stderr


def test_case1_utf32_with_bom_is_not_taken_for_utf16(tmp_path):
    path = tmp_path / "u32.txt"
    path.write_bytes(ARTICLE.encode("utf-32"))
    result = extract(path)
    assert result.exit_code == 0
    assert texts(result) == ["منظمة شنغهاي للتعاون", "طشقند", "موسكو", "بوتين"]
    assert f"ner: {path}: read as UTF-32 (byte-order mark)" in result.stderr


def test_case1_a_cp1256_reading_is_said(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(ARTICLE.encode("cp1256"))
    result = extract(path)
    assert "read as cp1256" in result.stderr and result.exit_code == 0


def test_case1_only_text_encodings_are_accepted(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = extract(tmp_path / "a.txt", "--encoding", "rot13")
    assert result.exit_code == 2
    assert "'rot13' is not a text encoding" in result.stderr


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_case2_a_file_name_that_is_not_utf8_never_ends_the_run(tmp_path, fmt):
    folder = tmp_path / "zip"
    folder.mkdir()
    raw_name = "مقال".encode("cp1256") + b".txt"  # from a Windows zip
    with open(os.path.join(os.fsencode(folder), raw_name), "wb") as handle:
        handle.write(ARTICLE.encode())
    (folder / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    output = subprocess.run(
        [str(NER), "extract", str(folder), "-f", fmt],
        capture_output=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "400"},  # the table's where column on one line
    )
    assert output.returncode == 0, output.stderr
    text = output.stdout.decode("utf-8")  # valid UTF-8, whatever the file names
    if fmt == "json":
        text = " ".join(record["doc"] for record in json.loads(text))
    elif fmt == "jsonl":
        text = " ".join(json.loads(line)["doc"] for line in text.splitlines())
    assert "\\xe3\\xde\\xc7\\xe1.txt" in text and "ok.txt" in text
    assert b"Traceback" not in output.stderr


def test_case4_output_inside_the_input_directory_matching_the_glob_is_refused(tmp_path):
    archive = tmp_path / "arch"
    archive.mkdir()
    (archive / "a.txt").write_text(ARTICLE, encoding="utf-8")
    target = archive / "entities.txt"
    result = CliRunner().invoke(cli, ["extract", str(archive), "-o", str(target)])
    assert result.exit_code == 2
    assert f"{target} is inside the input directory {archive}" in result.stderr
    assert not target.exists()
    elsewhere = CliRunner().invoke(cli, ["extract", str(archive), "-o", str(archive / "e.json")])
    assert elsewhere.exit_code == 0  # *.json is not read as an article


def test_case4_output_naming_an_input_file_is_refused(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(article), "-o", str(article), "-f", "json"])
    assert result.exit_code == 2
    assert f"{article} is also an input file" in result.stderr
    assert article.read_text(encoding="utf-8") == ARTICLE


ESCAPES = ["\x1b[2J", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "\x1b]0;title\x07", "\x9b31m"]


@pytest.mark.parametrize("escape", ESCAPES)
def test_case5_control_sequences_in_articles_never_reach_the_terminal(tmp_path, escape):
    import io

    from ner_cli.writers import make_writer

    path = tmp_path / "a.txt"
    path.write_text(f"زار {escape} الرئيس فلاديمير بوتين موسكو.", encoding="utf-8")
    data = extract(path)
    record = json.loads(data.stdout)[0]
    assert escape in record["context"]  # data formats keep the text as it is
    for fmt, summary in (("table", False), ("table", True), ("csv", False)):
        screen = io.StringIO()
        writer = make_writer(fmt, screen, summary=summary, terminal=True)
        row = {**record, "doc": f"{escape}.txt", "mentions": 1, "documents": 1, "forms": [escape]}
        writer.write([row])
        writer.close()
        assert "\x1b" not in screen.getvalue() and "\x9b" not in screen.getvalue()
        assert "\\x1b" in screen.getvalue() or "\\x9b" in screen.getvalue()


def test_case5_control_characters_in_file_names_are_escaped_in_messages(tmp_path):
    path = tmp_path / "\x1b]0;pwned\x07.txt"
    path.write_bytes(b"\x81\x82\xff not text")
    result = extract(path)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b]0;pwned\\x07.txt" in result.stderr


def test_case10_process_substitution_and_dev_stdin_are_read_as_streams(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    command = (
        f"'{NER}' extract <(cat a.txt) -f jsonl && cat a.txt | '{NER}' extract /dev/stdin -f jsonl"
    )
    result = subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == [
        "منظمة شنغهاي للتعاون", "طشقند", "موسكو", "بوتين"
    ] * 2  # fmt: skip


def test_case10_a_fifo_inside_a_directory_is_reported_and_skipped(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    result = extract(tmp_path)
    assert result.exit_code == 1
    assert f"ner: {tmp_path / 'pipe.txt'}: named pipe inside a directory, skipped" in result.stderr
    assert "طشقند" in texts(result)
