"""Documents to records: pieces of large documents, worker processes, same output."""

import json

from click.testing import CliRunner

from ner_cli.cli import cli
from ner_cli.inputs import Document
from ner_cli.pipeline import pieces_of, tag_documents
from tests.conftest import SEEDS


def test_pieces_cover_the_document_and_cut_at_line_ends():
    text = "".join(f"سطر رقم {n} في طشقند\n" for n in range(1000))
    pieces = list(pieces_of(Document("big.txt", text), size=1000))
    assert len(pieces) > 10
    assert "".join(piece.text for piece in pieces) == text
    for piece in pieces:
        assert text[piece.offset : piece.offset + len(piece.text)] == piece.text
        assert piece.text.endswith("\n")
        assert piece.first_line == text[: piece.offset].count("\n") + 1


def test_pieces_prefer_paragraph_breaks():
    paragraph = "طشقند " * 30 + "\nسطر\n\n"
    text = paragraph * 50
    for piece in pieces_of(Document("big.txt", text), size=400):
        assert piece.text.endswith("\n\n")


def test_a_large_document_tagged_in_pieces_has_whole_document_offsets_and_lines(mini_tagger):
    text = "".join(f"زار الوفد طشقند يوم {n}\nثم أوزبكستان.\n" for n in range(3000))
    document = Document("big.txt", text)
    whole = [r for _, records in tag_documents(mini_tagger, [document]) for r in records]
    assert len(whole) == 6000
    batches = list(tag_documents(mini_tagger, [document], piece_characters=5000))
    assert len(batches) > 10
    pieced = [r for _, records in batches for r in records]
    assert [(r["start"], r["end"], r["line"], r["sentence"], r["id"]) for r in pieced] == [
        (r["start"], r["end"], r["line"], r["sentence"], r["id"]) for r in whole
    ]
    assert whole[-1]["sentence"] == 6000
    for record in pieced:
        assert text[record["start"] : record["end"]] == record["text"]
        assert text.count("\n", 0, record["start"]) + 1 == record["line"]


def test_worker_processes_give_the_same_output_in_the_same_order():
    runner = CliRunner()
    one = runner.invoke(cli, ["extract", str(SEEDS), "-f", "jsonl", "--jobs", "1"])
    two = runner.invoke(cli, ["extract", str(SEEDS), "-f", "jsonl", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert len(one.stdout.splitlines()) > 100
    summary_one = runner.invoke(cli, ["extract", str(SEEDS), "--summary", "-f", "json"])
    summary_all = runner.invoke(cli, ["extract", str(SEEDS), "--summary", "-f", "json", "-j", "0"])
    assert json.loads(summary_one.stdout) == json.loads(summary_all.stdout)
