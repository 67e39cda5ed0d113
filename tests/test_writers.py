import csv
import io
import json

import pandas as pd
import pytest

from ner_cli.records import FIELDS
from ner_cli.writers import atomic_output, format_for_path, make_writer

RECORD = dict.fromkeys(FIELDS, "")
RECORDS = [
    {**RECORD, "doc": "a.txt", "text": "طشقند", "context": 'قال "طشقند", ثم'},
    {**RECORD, "doc": "b.txt", "text": "روسيا", "context": "سطر"},
]


def render(fmt, batches):
    stream = io.StringIO()
    writer = make_writer(fmt, stream, color=False)
    for batch in batches:
        writer.write(batch)
    writer.close()
    return stream.getvalue()


@pytest.mark.parametrize("batches", [[RECORDS], [RECORDS[:1], [], RECORDS[1:]], [[]], []])
def test_json_is_one_array(batches):
    expected = [r for batch in batches for r in batch]
    assert json.loads(render("json", batches)) == expected


PLAIN = {
    "doc": "a.txt", "start": 3, "end": 8, "text": "طشقند", "type": "LOC", "id": "tashkent",
    "name_ar": "طشقند", "name_en": "Tashkent", "line": 1, "sentence": 2,
    "context": "في طشقند، أمس", "source": "rule", "score": 0.8125, "title": "",
}  # fmt: skip


@pytest.mark.parametrize(
    "record",
    [
        PLAIN,
        {**PLAIN, "score": 1.0},
        {**PLAIN, "context": 'قال "طشقند"\\ ثم\t\x00\u2028'},  # escaped where json escapes
        {**PLAIN, "score": None},
        {**PLAIN, "score": float("nan")},
        {**PLAIN, "score": float("-inf")},
        {**PLAIN, "score": 1},
        {**PLAIN, "line": True},
        {**PLAIN, "start": 10**30},
        {**PLAIN, "title": ["a", "b"]},
        {key: PLAIN[key] for key in reversed(FIELDS)},  # the same fields, another order
        {key: PLAIN[key] for key in FIELDS[1:]},
        {**PLAIN, "extra": 1},
        RECORD,
    ],
)
def test_a_record_is_written_as_json_dumps_writes_it(record):
    expected = json.dumps(record, ensure_ascii=False)
    assert render("jsonl", [[record]]) == expected + "\n"
    assert render("json", [[record]]) == "[\n" + expected + "\n]\n"


def test_jsonl_is_one_object_a_line():
    lines = render("jsonl", [RECORDS]).splitlines()
    assert [json.loads(line) for line in lines] == RECORDS
    assert "طشقند" in lines[0]  # Arabic as text, not \u escapes


@pytest.mark.parametrize("batches", [[RECORDS], [RECORDS[:1], RECORDS[1:]], []])
def test_csv_has_one_header_and_round_trips(batches):
    text = render("csv", batches)
    assert text.count("doc,start,end") == 1
    frame = pd.read_csv(io.StringIO(text), keep_default_na=False, dtype=str)
    assert list(frame.columns) == list(FIELDS)
    assert frame.to_dict("records") == [r for batch in batches for r in batch]


def test_csv_for_spreadsheets_has_a_bom_and_no_formulas():
    stream = io.StringIO()
    writer = make_writer("csv", stream, spreadsheet=True)
    writer.write([{**RECORD, "text": "=HYPERLINK(1)", "context": "+1", "doc": "-x", "id": "@a"}])
    writer.close()
    text = stream.getvalue()
    assert text.startswith("\ufeffdoc,")
    row = next(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert (row["text"], row["context"], row["doc"], row["id"]) == (
        "'=HYPERLINK(1)",
        "'+1",
        "'-x",
        "'@a",
    )


def test_plain_csv_keeps_values_as_they_are():
    stream = io.StringIO()
    writer = make_writer("csv", stream)
    writer.write([{**RECORD, "text": "=1+1"}])
    writer.close()
    assert not stream.getvalue().startswith("\ufeff")
    assert next(csv.DictReader(io.StringIO(stream.getvalue())))["text"] == "=1+1"


def test_summary_csv_joins_the_forms():
    stream = io.StringIO()
    writer = make_writer("csv", stream, summary=True)
    row = {
        "id": "KGZ",
        "type": "COUNTRY",
        "name_ar": "قيرغيزستان",
        "name_en": "Kyrgyzstan",
        "mentions": 3,
        "documents": 2,
        "forms": ["قيرغيزستان", "قرغيزستان"],
    }
    writer.write([row])
    writer.close()
    parsed = next(csv.DictReader(io.StringIO(stream.getvalue())))
    assert parsed["forms"] == "قيرغيزستان | قرغيزستان"
    assert parsed["mentions"] == "3"


def test_table_lists_every_mention_without_ansi_codes():
    text = render("table", [RECORDS])
    assert "طشقند" in text and "روسيا" in text and "2 mentions" in text
    assert "\x1b[" not in text


def test_the_table_prints_rows_as_they_come_and_holds_only_a_few():
    from ner_cli.writers.tables import LOOK_AHEAD

    stream = io.StringIO()
    writer = make_writer("table", stream, color=False, width=120)
    record = {**RECORD, "doc": "a.txt", "line": 1, "start": 0, "end": 5, "type": "LOC"}
    record.update(id="tashkent", name_en="Tashkent", text="طشقند", context="طشقند")
    for _ in range(LOOK_AHEAD - 1):
        writer.write([record])
    assert stream.getvalue() == ""  # still choosing its widths
    for _ in range(10 * LOOK_AHEAD):
        writer.write([record])
        assert len(writer.pending) < LOOK_AHEAD
    assert stream.getvalue().count("a.txt:1 ") == 11 * LOOK_AHEAD - 1  # before close
    writer.close()
    assert stream.getvalue().rstrip().endswith(f"{11 * LOOK_AHEAD - 1} mentions")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("x.json", "json"),
        ("x.JSONL", "jsonl"),
        ("x.ndjson", "jsonl"),
        ("x.csv", "csv"),
        ("x.txt", "table"),
        ("x.parquet", None),
    ],
)
def test_format_from_extension(name, fmt):
    assert format_for_path(name) == fmt


def test_atomic_output_replaces_the_file_only_on_success(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_output(target) as stream:
        stream.write("half")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "previous"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left
    with atomic_output(target) as stream:
        stream.write("new")
    assert target.read_text(encoding="utf-8") == "new"
    assert list(tmp_path.iterdir()) == [target]
