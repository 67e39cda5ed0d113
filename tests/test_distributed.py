"""The Dask path gives exactly the records ``ner extract -f jsonl`` gives."""

import json
import pickle
import subprocess
import sys

import pytest
from click.testing import CliRunner

from ner_cli.cli import cli
from ner_cli.records import FIELDS
from ner_cli.tagger import Tagger
from tests.conftest import MINI_GAZETTEER, SEEDS

SKIP_REASON = "the Dask path needs the extra: uv sync --extra dask"


def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def write_generated(directory) -> None:
    """A few documents beyond the seeds: mixed, decorated, empty, BOM-prefixed, nested,
    Windows-1256."""
    texts = seed_texts()
    paragraphs = [p for text in texts for p in text.split("\n\n") if p.strip()]
    nested = directory / "nested"
    nested.mkdir(parents=True)
    (directory / "mixed.txt").write_text("\n\n".join(paragraphs[::3]), encoding="utf-8")
    (directory / "tatweel.txt").write_text(
        texts[2].replace("طشقند", "طشـقند").replace("الصين", "الصِّين"), encoding="utf-8"
    )
    (directory / "empty.txt").write_text("", encoding="utf-8")
    (directory / "latin.txt").write_text("No Arabic here at all.\n", encoding="utf-8")
    (nested / "bom.txt").write_text(texts[4][:1500], encoding="utf-8-sig")
    (nested / "crlf.txt").write_bytes(texts[1].replace("\n", "\r\n").encode("utf-8"))
    (nested / "legacy.txt").write_bytes(texts[0][:1200].encode("cp1256", errors="replace"))


def write_page(path) -> None:
    """An HTML page with a title: its records carry the title."""
    body = "".join(f"<p>{p}</p>" for p in seed_texts()[3].split("\n\n")[:4])
    path.write_text(
        f"<html><head><title>أخبار طاجيكستان</title></head><body>{body}"
        "<script>var x = 'طشقند';</script></body></html>",
        encoding="utf-8",
    )


def cli_records(*args) -> list[dict]:
    result = CliRunner().invoke(cli, ["extract", *map(str, args), "-f", "jsonl"])
    assert result.exit_code == 0, result.output or repr(result.exception)
    return [json.loads(line) for line in result.stdout.splitlines()]


def by_position(records) -> list[dict]:
    return sorted(records, key=lambda record: (record["doc"], record["start"]))


def read_jsonl_dir(directory) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(directory.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


@pytest.fixture
def cluster_client():
    """Two single-threaded worker processes on loopback, closed after the test."""
    pytest.importorskip("dask.bag", reason=SKIP_REASON)
    distributed = pytest.importorskip("distributed", reason=SKIP_REASON)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            memory_limit="1GiB",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_tagger_survives_pickling(tagger):
    restored = pickle.loads(pickle.dumps(tagger))
    assert restored.gazetteer_paths == tagger.gazetteer_paths
    for text in seed_texts():
        assert restored(text) == tagger(text)


def test_cluster_records_equal_ner_extract(cluster_client, tmp_path):
    from ner_cli.distributed import read_corpus, tag_bag, to_parquet, write_jsonl

    generated = tmp_path / "generated"
    write_generated(generated)
    write_page(tmp_path / "page.html")
    inputs = [str(SEEDS), str(generated), str(tmp_path / "page.html")]
    expected = cli_records(*inputs)
    assert len({record["doc"] for record in expected}) >= 10
    assert any(record["title"] == "أخبار طاجيكستان" for record in expected)

    corpus = read_corpus(inputs, npartitions=13)  # one document a partition: some empty
    records = tag_bag(corpus)

    written = write_jsonl(records, tmp_path / "jsonl")
    assert len(written) == 13
    assert read_jsonl_dir(tmp_path / "jsonl") == expected

    to_parquet(records, tmp_path / "parquet")
    import pandas

    frame = pandas.read_parquet(tmp_path / "parquet")
    assert list(frame.columns) == list(FIELDS)
    assert by_position(frame.to_dict("records")) == by_position(expected)

    built = cluster_client.run(
        lambda: len(__import__("ner_cli.distributed", fromlist=["_"])._taggers)
    )
    assert len(built) == 2 and all(count <= 1 for count in built.values())


def test_read_corpus_reads_as_ner_extract_does(tmp_path):
    pytest.importorskip("dask.bag", reason=SKIP_REASON)
    from ner_cli.distributed import read_corpus
    from ner_cli.inputs import collect_sources, read_document

    write_generated(tmp_path / "generated")
    write_page(tmp_path / "page.html")
    inputs = [str(SEEDS), str(tmp_path / "generated"), str(tmp_path / "page.html")]
    sources, _ = collect_sources(inputs)
    documents = [read_document(source) for source in sources]
    expected = [(d.name, d.text, d.title) if d.title else (d.name, d.text) for d in documents]
    assert read_corpus(inputs).compute(scheduler="sync") == expected
    assert len(expected[-1]) == 3 and "var x" not in expected[-1][1]


def test_long_documents_are_cut_as_ner_extract_cuts_them(tagger):
    from ner_cli.distributed import tag_records
    from ner_cli.inputs import Document
    from ner_cli.pipeline import tag_documents

    text = "\n\n".join(seed_texts())
    document = Document("long.txt", text, "a title")
    expected = [
        record
        for _, records in tag_documents(tagger, [document], 1, 30, piece_characters=2000)
        for record in records
    ]
    assert len({record["line"] for record in expected}) > 20
    assert (
        tag_records(text, "long.txt", tagger, 30, title="a title", piece_characters=2000)
        == expected
    )


def test_custom_tagger_and_jsonl_corpus(tmp_path):
    pytest.importorskip("dask.bag", reason=SKIP_REASON)
    from ner_cli.distributed import read_jsonl_corpus, tag_bag, tag_records

    articles = tmp_path / "articles.jsonl"
    rows = [{"doc": f"seed-{i}", "body": text} for i, text in enumerate(seed_texts())]
    articles.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n\n" for row in rows), encoding="utf-8"
    )
    mini = Tagger(gazetteers=[MINI_GAZETTEER])
    bag = tag_bag(read_jsonl_corpus(articles, text_field="body"), mini, context_width=10)
    expected = [r for row in rows for r in tag_records(row["body"], row["doc"], mini, 10)]
    assert expected and bag.compute(scheduler="sync") == expected


def test_read_corpus_reports_problems(tmp_path):
    pytest.importorskip("dask.bag", reason=SKIP_REASON)
    from ner_cli.distributed import read_corpus
    from ner_cli.errors import InputError

    (tmp_path / "good.txt").write_text("في طشقند", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa not utf-8 \x81")
    with pytest.raises(InputError, match="bad.txt"):
        read_corpus([tmp_path]).compute(scheduler="sync")
    with pytest.raises(InputError, match="no such file"):
        read_corpus([tmp_path / "missing"])
    skipped = read_corpus([tmp_path, tmp_path / "missing"], errors="skip")
    assert skipped.compute(scheduler="sync") == [(str(tmp_path / "good.txt"), "في طشقند")]


def test_empty_corpus_writes_typed_parquet(tmp_path):
    pytest.importorskip("dask.dataframe", reason=SKIP_REASON)
    import dask.bag
    import pandas

    from ner_cli.distributed import tag_bag, to_parquet

    to_parquet(tag_bag(dask.bag.from_sequence([("a", "")], npartitions=1)), tmp_path / "p")
    frame = pandas.read_parquet(tmp_path / "p")
    assert frame.empty and list(frame.columns) == list(FIELDS)
    assert str(frame["start"].dtype) == "int64" and str(frame["score"].dtype) == "float64"


def test_ner_cli_imports_without_dask():
    """Blocking dask: ner_cli and this module import; using the Dask path says what to install."""
    code = (
        "import sys\n"
        "for name in ('dask', 'dask.bag', 'dask.dataframe', 'distributed'):\n"
        "    sys.modules[name] = None\n"
        "import ner_cli, ner_cli.distributed as nd\n"
        "try:\n"
        "    nd.read_corpus(['seeds'])\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert "uv sync --extra dask" in result.stdout
