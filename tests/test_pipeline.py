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


def _stdin(monkeypatch, data: bytes) -> None:
    import io
    import types

    monkeypatch.setattr("sys.stdin", types.SimpleNamespace(buffer=io.BytesIO(data)))


def test_case3_a_stream_is_cut_into_the_pieces_of_the_same_text_read_whole(monkeypatch):
    from ner_cli.inputs import STDIN, StreamedDocument

    text = "".join(f"جملة رقم {n} عن طشقند. " + ("\n" if n % 7 == 0 else "") for n in range(400))
    _stdin(monkeypatch, text.encode())
    stream = StreamedDocument(STDIN, chunk_bytes=97)  # chunks end inside letters, too
    streamed = list(pieces_of(stream, size=300))
    whole = list(pieces_of(Document("<stdin>", text), size=300))
    assert streamed == whole  # text, offsets, lines and the margins either side
    assert len(whole) > 5 and stream.text is None  # nothing held


def test_case3_a_bad_byte_late_in_a_stream_ends_it_there_and_says_so(monkeypatch):
    from ner_cli.inputs import STDIN, StreamedDocument

    good = "زار الرئيس موسكو. ".encode() * 200
    _stdin(monkeypatch, good + b"\xff" + "طشقند".encode())
    stream = StreamedDocument(STDIN, chunk_bytes=1024, keep_text=True)
    problems = []
    stream.on_error = problems.append
    pieces = list(pieces_of(stream, size=10_000))
    assert "".join(p.text for p in pieces) == good.decode()
    assert stream.text == good.decode()
    assert [str(p) for p in problems] == [
        f"<stdin>: not valid utf-8 at byte {len(good)}; the text before it was tagged, the "
        "rest skipped (name the encoding with --encoding, or --errors replace)"
    ]


# Case 3 of "Safe on a real archive": a file on one line (PDF extraction, a page
# flattened) was one piece however large, and its tagging took quadratic time.


def _one_line(copies: int) -> str:
    """The seeds' lines joined with spaces into one line, ``copies`` times over."""
    lines = [
        line.strip()
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return " ".join(lines * copies) + "\n"


def _records(tagger, document, size):
    return [
        r for _, found in tag_documents(tagger, [document], piece_characters=size) for r in found
    ]


def test_single_line_document_is_cut_into_pieces_at_spaces(mini_tagger):
    text = _one_line(2)
    document = Document("line.txt", text)
    pieces = list(pieces_of(document, size=2000))
    assert len(pieces) > 10
    assert "".join(piece.text for piece in pieces) == text
    for piece in pieces[:-1]:
        assert 2000 <= len(piece.text) <= 4000
        assert piece.text[-1] == " " and piece.text[-2] in ".؟?!؛"  # after a sentence end
        assert piece.first_line == 1
    cuts = [piece.offset for piece in pieces[1:]]
    whole = _records(mini_tagger, document, len(text))
    pieced = _records(mini_tagger, document, 2000)
    for record in pieced:
        assert text[record["start"] : record["end"]] == record["text"]
        assert record["line"] == 1
    # the same mentions, contexts included, wherever no cut falls inside one
    assert pieced == [r for r in whole if not any(r["start"] < cut < r["end"] for cut in cuts)]


def test_a_line_without_sentence_ends_is_cut_at_a_space():
    text = "زار الوفد طشقند وموسكو " * 1000
    pieces = list(pieces_of(Document("line.txt", text), size=1000))
    assert len(pieces) > 10
    assert "".join(piece.text for piece in pieces) == text
    assert all(piece.text.endswith(" ") and len(piece.text) <= 2000 for piece in pieces)
    words = [word for piece in pieces for word in piece.text.split()]
    assert words == text.split()  # no word cut in two


def test_a_run_of_letters_longer_than_a_piece_is_cut_at_the_size():
    text = "ب" * 25_000
    pieces = list(pieces_of(Document("word.txt", text), size=10_000))
    assert [(piece.offset, len(piece.text)) for piece in pieces] == [(0, 10_000), (10_000, 15_000)]


def test_contexts_at_the_edges_of_pieces_are_those_of_the_whole_document(mini_tagger):
    text = "زار الوفد طشقند. " * 2000  # a mention a few letters after every cut
    document = Document("line.txt", text)
    pieced = _records(mini_tagger, document, 1000)
    assert len(pieced) == 2000
    assert pieced == _records(mini_tagger, document, len(text))


def test_a_200000_letter_word_is_tagged_without_error(tagger):
    letters = "".join(chr(code) for code in range(0x0628, 0x063B))
    text = "قال السيد " + letters * (200_000 // len(letters)) + " في طشقند.\n"
    records = _records(tagger, Document("word.txt", text), 250_000)
    assert all(text[r["start"] : r["end"]] == r["text"] for r in records)
    assert all(len(r["text"]) < 100 for r in records)  # an enormous word is no name
