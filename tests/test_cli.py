import csv
import io
import json

import pytest
from click.testing import CliRunner

from ner_cli.cli import cli
from tests.conftest import MINI_GAZETTEER

ARTICLE = (
    "انطلق مؤتمر لكومنولث الدول المستقلة في طشقند بأوزبكستان.\nوقال شوكت ميرضيائيف للأمم المتحدة"
)
EXPECTED = [
    ("كومنولث الدول المستقلة", "CIS"),
    ("طشقند", "tashkent"),
    ("أوزبكستان", "UZB"),
    ("شوكت ميرضيائيف", "shavkat-mirziyoyev"),
    ("لأمم المتحدة", "UN"),
]


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run(*args, stdin=None):
    runner = CliRunner()
    return runner.invoke(
        cli, ["extract", "--gazetteer", str(MINI_GAZETTEER), *map(str, args)], input=stdin
    )


def pairs(records):
    return [(r["text"], r["id"]) for r in records]


def parse(fmt, text):
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
@pytest.mark.parametrize("via_stdin", [False, True])
def test_machine_formats_carry_every_mention(article, fmt, via_stdin):
    if via_stdin:
        result = run("-", "--format", fmt, stdin=ARTICLE.encode())
    else:
        result = run(article, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    records = parse(fmt, result.stdout)
    assert pairs(records) == EXPECTED
    assert records[0]["doc"] == ("<stdin>" if via_stdin else str(article))
    for record in records:
        assert ARTICLE[int(record["start"]) : int(record["end"])] == record["text"]


def test_json_is_the_default_when_piped(article):
    result = run(article)
    assert pairs(json.loads(result.stdout)) == EXPECTED


def test_table_format(article):
    result = run(article, "--format", "table")
    assert result.exit_code == 0
    assert "5 mentions" in result.stdout and "طشقند" in result.stdout
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize(
    ("suffix", "fmt"), [(".json", "json"), (".jsonl", "jsonl"), (".csv", "csv")]
)
def test_output_file_format_follows_its_extension(article, tmp_path, suffix, fmt):
    output = tmp_path / f"entities{suffix}"
    result = run(article, "-o", output)
    assert result.exit_code == 0 and result.stdout == ""
    assert pairs(parse(fmt, output.read_text(encoding="utf-8"))) == EXPECTED


def test_csv_file_opens_in_spreadsheets(article, tmp_path):
    output = tmp_path / "entities.csv"
    run(article, "-o", output)
    assert output.read_bytes().startswith(b"\xef\xbb\xbfdoc,start,end")


def test_format_option_overrides_the_extension(article, tmp_path):
    output = tmp_path / "entities.txt"
    run(article, "-o", output, "--format", "jsonl")
    assert pairs(parse("jsonl", output.read_text(encoding="utf-8"))) == EXPECTED


def test_unknown_output_extension_is_a_usage_error(article, tmp_path):
    result = run(article, "-o", tmp_path / "entities.xyz")
    assert result.exit_code == 2
    assert "--format" in result.stderr
    assert not (tmp_path / "entities.xyz").exists()


def test_type_filter(article):
    result = run(article, "--type", "person,ORG")
    assert [r["type"] for r in json.loads(result.stdout)] == ["ORG", "PERSON", "ORG"]


def test_unknown_type_is_a_usage_error(article):
    result = run(article, "--type", "CITY")
    assert result.exit_code == 2
    assert "CITY" in result.stderr


def test_a_missing_path_is_reported_and_the_rest_processed(article, tmp_path):
    result = run(tmp_path / "absent.txt", article)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"ner: {tmp_path / 'absent.txt'}: no such file or directory"
    assert pairs(json.loads(result.stdout)) == EXPECTED


def test_an_undecodable_file_is_skipped(article, tmp_path):
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("café crème".encode("latin-1"))
    result = run(tmp_path)
    assert result.exit_code == 1
    assert f"{legacy}: not valid UTF-8" in result.stderr
    assert pairs(json.loads(result.stdout)) == EXPECTED


def test_a_failed_run_leaves_the_previous_output_intact(tmp_path):
    output = tmp_path / "entities.json"
    output.write_text("previous", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,type\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path), "-g", str(bad), "-o", str(output)])
    assert result.exit_code == 2
    assert output.read_text(encoding="utf-8") == "previous"


def test_a_malformed_gazetteer_is_one_line_naming_file_and_line(article, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,type,name_ar,name_en,aliases\nX,CITY,باريس,Paris,\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(article), "-g", str(bad)])
    assert result.exit_code == 2
    assert (
        result.stderr.strip() == f"ner: {bad}:2: unknown type 'CITY' (expected one of "
        "PERSON, ORG, COUNTRY, LOC)"
    )


def test_help_and_version():
    runner = CliRunner()
    assert "Example" in runner.invoke(cli, ["extract", "--help"]).stdout
    assert "Exit status" in runner.invoke(cli, ["extract", "--help"]).stdout
    assert runner.invoke(cli, ["--version"]).stdout.startswith("ner, version ")


def test_evaluate_scores_against_gold(article, tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [
        {
            "doc": "article.txt",
            "start": ARTICLE.find(text),
            "end": ARTICLE.find(text) + len(text),
            "text": text,
            "type": kind,
            "id": "",
        }
        for text, kind in [("طشقند", "LOC"), ("أوزبكستان", "COUNTRY"), ("مؤتمر", "ORG")]
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "evaluate",
            "--gold",
            str(gold),
            str(article),
            "-g",
            str(MINI_GAZETTEER),
            "--format",
            "json",
            "--errors",
        ],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["lenient"]["micro"]["tp"] == 2
    assert data["lenient"]["micro"]["fp"] == 3
    assert data["lenient"]["micro"]["fn"] == 1
    assert {e["text"] for e in data["errors"] if e["kind"] == "FN"} == {"مؤتمر"}
    table = CliRunner().invoke(
        cli,
        ["evaluate", "--gold", str(gold), str(article), "-g", str(MINI_GAZETTEER), "-f", "table"],
    )
    assert "micro" in table.stdout and "Linking accuracy" in table.stdout


def test_an_output_folder_that_does_not_exist_is_a_usage_error(article, tmp_path):
    result = run(article, "-o", tmp_path / "missing" / "out.json")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_encoding_is_a_usage_error(article):
    result = run(article, "--encoding", "no-such-codec")
    assert result.exit_code == 2
    assert "unknown encoding" in result.stderr
    assert result.stdout == ""


def test_the_table_highlights_the_occurrence_of_its_row(tmp_path):
    """Regression: every row highlighted the first occurrence of its name."""
    path = tmp_path / "a.txt"
    path.write_text("بوتين قال إن بوتين عاد", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["extract", str(path), "-f", "table", "--color", "--bidi", "off", "--context", "30"],
        env={"COLUMNS": "200"},
    )
    first, second = [line for line in result.stdout.splitlines() if "قال" in line]
    highlight = "\x1b[1;7"  # bold reverse, however rich orders the colour codes
    assert highlight in first.split("قال")[0]  # the first row: the name before قال
    assert highlight not in second.split("إن")[0]  # the second row: the name after إن
    assert highlight in second.split("إن")[1]


def test_evaluate_refuses_two_inputs_with_one_file_name(tmp_path):
    for folder in ["a", "b"]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "doc.txt").write_text("طشقند", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(gold), str(tmp_path)])
    assert result.exit_code == 2
    assert "share the file name" in result.stderr


def test_gazetteer_check_exit_codes(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,type\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["gazetteer", "check", str(bad)]).exit_code == 2
    shared = tmp_path / "shared.csv"
    shared.write_text(
        "id,type,name_ar,name_en,aliases\nA,LOC,عمان,Amman,\nOMN,COUNTRY,عمان,Oman,\n",
        encoding="utf-8",
    )
    assert CliRunner().invoke(cli, ["gazetteer", "check", str(shared)]).exit_code == 1


GOLD_DOC = "زار الوفد طشقند"
GOLD_ROW = {"doc": "doc.txt", "start": 10, "end": 15, "text": "طشقند", "type": "LOC", "id": ""}


def evaluate_with(tmp_path, *rows):
    (tmp_path / "doc.txt").write_text(GOLD_DOC, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["evaluate", "--gold", str(gold), str(tmp_path / "doc.txt"), "--no-model", "-f", "json"]
    return gold, CliRunner().invoke(cli, args)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({**GOLD_ROW, "end": 5012}, "end 5012 is past the end of doc.txt (15 characters)"),
        ({**GOLD_ROW, "start": -2}, "start -2 is negative"),
        ({**GOLD_ROW, "start": 15, "end": 10}, "start 15 is not before end 10"),
        (
            {**GOLD_ROW, "text": "موسكو"},
            "text 'موسكو' does not match doc.txt at 10-15, which reads 'طشقند'",
        ),
        ({**GOLD_ROW, "start": 3.5}, "start must be a whole number of characters, not 3.5"),
        (
            json.dumps(GOLD_ROW, ensure_ascii=False).replace('"start": 10', '"start": 1e400'),
            "start must be a whole number of characters, not 1E+400",
        ),
    ],
)
def test_evaluate_rejects_gold_offsets_past_the_text(tmp_path, row, problem):
    """Case 8: broken gold was scored (or a traceback); now one line, status 2."""
    gold, result = evaluate_with(tmp_path, GOLD_ROW, row)
    assert result.exit_code == 2
    assert result.stderr == f"ner: {gold}:2: {problem}\n"
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_evaluate_warns_of_gold_documents_matching_no_input(tmp_path):
    """Case 8: gold for documents not given was dropped silently; now a warning."""
    _, alone = evaluate_with(tmp_path, GOLD_ROW)
    assert alone.exit_code == 0, alone.stderr
    assert alone.stderr == ""
    assert json.loads(alone.stdout)["lenient"]["micro"]["tp"] == 1
    others = [{**GOLD_ROW, "doc": name} for name in ("a.txt", "dir/b.txt", "a.txt")]
    gold, result = evaluate_with(tmp_path, GOLD_ROW, *others)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"ner: {gold}: 2 gold documents match no input: a.txt, b.txt\n"
    assert json.loads(result.stdout) == json.loads(alone.stdout)  # scored as before


def test_gazetteer_check_flags_everyday_word_forms_and_retyped_ids(tmp_path):
    """Case 9: في as a form, and SCO as a PERSON, passed check with "no problems"."""
    mine = tmp_path / "my.csv"
    mine.write_text(
        "id,type,name_ar,name_en,aliases\n"
        "fi,LOC,قرية في,Fi,في\n"
        "SCO,PERSON,سكو بيرسون,Sco Person,\n"
        "EGY,COUNTRY,مصر,Egypt,جمهورية مصر العربية\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["gazetteer", "check", str(mine)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"ner: {mine}:2: fi: 'في' is an everyday word, never a name; every use of it in a "
        "text would be tagged LOC",
        f"ner: {mine}:3: id SCO is ORG in the default gazetteer but PERSON here; every SCO "
        "mention would change type",
    ]
    assert "no problems" not in result.stdout
    shipped = CliRunner().invoke(cli, ["gazetteer", "check"])
    assert shipped.exit_code == 0, shipped.stderr
    assert "no problems" in shipped.stdout


def test_messages_with_arabic_are_shaped_for_a_terminal_without_bidi(tmp_path):
    from ner_cli.display import visual

    mine = tmp_path / "my.csv"
    mine.write_text("id,type,name_ar,name_en,aliases\nfi,LOC,قرية في,Fi,في\n", encoding="utf-8")
    logical = CliRunner().invoke(cli, ["gazetteer", "check", str(mine)], env={"NER_BIDI": "off"})
    shaped = CliRunner().invoke(cli, ["gazetteer", "check", str(mine)], env={"NER_BIDI": "on"})
    assert "'في'" in logical.stderr
    assert shaped.stderr == visual(logical.stderr.rstrip("\n"), base="L") + "\n"
    assert shaped.stderr.startswith(f"ner: {mine}:2: fi: '") and "'في'" not in shaped.stderr


def test_gazetteer_check_reads_alias_cells_longer_than_the_csv_limit(tmp_path):
    """Case 9: a cell over 131,072 characters was reported as malformed CSV."""
    big = tmp_path / "big.csv"
    aliases = "|".join(f"منظمة {number}" for number in range(20_000))
    assert len(aliases) > 131_072
    big.write_text(
        f"id,type,name_ar,name_en,aliases\nbig,ORG,منظمة كبيرة,Big,{aliases}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["gazetteer", "check", str(big)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{big}: 1 entries, no problems\n"
