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
        ("latin.txt", "crème brûlée".encode("latin-1"), "cannot decode as UTF-8"),
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
    real = cli_module.Tagger.tag_many

    def failing(self, texts):
        found = []
        for text in texts:
            calls.append(text)
            if len(calls) == 2:
                raise RuntimeError("disk on fire")
            found += real(self, [text])
        return found

    monkeypatch.setattr(cli_module.Tagger, "tag_many", failing)
    result = CliRunner().invoke(cli, ["extract", str(tmp_path), "-o", str(output)])
    assert result.exit_code != 0
    assert output.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "out.jsonl"]


def test_ctrl_c_exits_130_and_leaves_no_partial_file(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    output = tmp_path / "out.json"

    def interrupted(self, texts):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module.Tagger, "tag_many", interrupted)
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
