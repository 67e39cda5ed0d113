"""The tagger on Dask: a corpus in, one record per mention out, as ``ner extract`` writes them.

Needs the optional extra (``uv sync --extra dask`` or ``pip install 'ner-cli[dask]'``);
``ner_cli`` itself imports without it. Records are exactly those of
``ner extract -f jsonl`` (same keys, same values, same document names), so the two
paths can be swapped for one another::

    from distributed import Client, LocalCluster
    from ner_cli.distributed import read_corpus, tag_bag, to_parquet, write_jsonl

    with LocalCluster(n_workers=4, threads_per_worker=1) as cluster, Client(cluster):
        records = tag_bag(read_corpus(["articles/"]))
        to_parquet(records, "mentions.parquet")

Corpora are bags of ``(doc, text)`` pairs; an HTML page with a title comes as
``(doc, text, title)``, and its records carry that title as ``ner extract``'s do.
Each worker process builds a tagger once and reuses it for every partition: tasks
carry only the gazetteer paths, never the index (see :func:`tagger_for`).
"""

from __future__ import annotations

import json
import logging
import math
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .errors import InputError
from .inputs import STDIN, Document, collect_sources, read_document
from .pipeline import PIECE_CHARACTERS, records_of
from .records import DEFAULT_CONTEXT_WIDTH, FIELDS
from .tagger import Tagger

if TYPE_CHECKING:
    import dask.bag
    import pandas

__all__ = [
    "read_corpus",
    "read_jsonl_corpus",
    "records_frame",
    "tag_bag",
    "tag_records",
    "tagger_for",
    "to_parquet",
    "write_jsonl",
]

INSTALL_HINT = (
    "the Dask path needs the extra: uv sync --extra dask (or pip install 'ner-cli[dask]')"
)

# The pandas dtypes of a record's fields: fixed, so empty partitions and empty
# corpora still give a well-typed frame and Parquet schema.
INTEGER_FIELDS = ("start", "end", "line", "sentence")
FLOAT_FIELDS = ("score",)
DTYPES = {
    name: "int64" if name in INTEGER_FIELDS else "float64" if name in FLOAT_FIELDS else "string"
    for name in FIELDS
}

# Default partitioning of file corpora: small enough to spread over a cluster and to
# keep a partition's records in memory, large enough that task overhead stays small.
DOCS_PER_PARTITION = 100
MIN_PARTITIONS = 16

Errors = Literal["raise", "skip"]
TaggerSpec = tuple[tuple[str, ...], bool, bool] | None

log = logging.getLogger(__name__)

_taggers: dict[TaggerSpec, Tagger] = {}
_taggers_lock = threading.Lock()


def _dask_bag():
    """Import ``dask.bag``, or say which extra to install."""
    try:
        import dask.bag
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error
    return dask.bag


def _dask_dataframe():
    """Import ``dask.dataframe`` (and pyarrow, which Parquet needs), or say which extra."""
    try:
        import dask.dataframe
        import pyarrow  # noqa: F401
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error
    return dask.dataframe


# --- the tagger, once per process -------------------------------------------------------


def _spec(tagger: Tagger | None) -> TaggerSpec:
    """What a tagger is made of (None: the default one), small enough to ship in every task.

    Paths are made absolute: a worker need not share the caller's directory.
    """
    if tagger is None:
        return None
    return (
        tuple(str(Path(path).resolve()) for path in tagger.gazetteer_paths),
        tagger.rules,
        tagger.model is not None,
    )


def tagger_for(spec: TaggerSpec = None) -> Tagger:
    """Return this process's tagger for ``spec``, building it on first use only.

    Pickling a :class:`Tagger` rebuilds its index, so tasks carry this spec instead
    and each worker builds the index once, however many partitions it tags.
    """
    tagger = _taggers.get(spec)
    if tagger is None:
        with _taggers_lock:
            tagger = _taggers.get(spec)
            if tagger is None:
                tagger = (
                    Tagger()
                    if spec is None
                    else Tagger(gazetteers=spec[0], rules=spec[1], model=spec[2])
                )
                _taggers[spec] = tagger
    return tagger


def _remember(tagger: Tagger | None) -> TaggerSpec:
    """Register a caller's tagger under its spec, so this process reuses it as is."""
    spec = _spec(tagger)
    if tagger is not None:
        with _taggers_lock:
            _taggers.setdefault(spec, tagger)
    return spec


def tag_records(
    text: str,
    doc: str,
    tagger: Tagger | None = None,
    context_width: int = DEFAULT_CONTEXT_WIDTH,
    *,
    title: str = "",
    piece_characters: int = PIECE_CHARACTERS,
) -> list[dict]:
    """Return the records of one document (the process's default tagger when none is given).

    A very long document is tagged in pieces, exactly as ``ner extract`` cuts it.
    """
    tagger = tagger if tagger is not None else tagger_for(None)
    return records_of(tagger, Document(doc, text, title), context_width, piece_characters)


def _tag_partition(items: Iterable[tuple], spec: TaggerSpec, width: int) -> list[dict]:
    tagger = tagger_for(spec)
    return [
        record
        for doc, text, *title in items
        for record in tag_records(text, doc, tagger, width, title=title[0] if title else "")
    ]


def tag_bag(
    bag: dask.bag.Bag,
    tagger: Tagger | None = None,
    context_width: int = DEFAULT_CONTEXT_WIDTH,
) -> dask.bag.Bag:
    """Tag a bag of ``(doc, text)`` pairs (or ``(doc, text, title)``): a bag of records,
    in document order.

    ``tagger`` defaults to the shipped gazetteer; a custom one reaches workers as
    its gazetteer paths and rules, and is rebuilt there once per process.
    """
    _dask_bag()
    spec = _remember(tagger)
    return bag.map_partitions(_tag_partition, spec, context_width)


# --- corpora in -------------------------------------------------------------------------


def _read_item(source: tuple[str, str], encoding: str | None, html: bool, errors: Errors) -> list:
    name, path = source
    try:
        document = read_document(path, encoding, html)
    except InputError as error:
        if errors == "raise":
            raise InputError(name, error.problem) from None
        log.warning("skipped %s: %s", name, error.problem)
        return []
    if document.title:
        return [(name, document.text, document.title)]
    return [(name, document.text)]


def read_corpus(
    paths: Sequence[str | Path],
    pattern: str = "*.txt",
    *,
    encoding: str | None = None,
    html: bool = False,
    errors: Errors = "raise",
    npartitions: int | None = None,
) -> dask.bag.Bag:
    """Return a bag of ``(doc, text)`` for the files under ``paths``, as ``ner extract`` reads them.

    Same files, same sorted order, same document names, decoding and HTML handling
    (``html``: read every file as HTML; pages with a title give ``(doc, text, title)``).
    Files are read
    by the workers (through their absolute paths, so a worker's directory does not
    matter). A path that gives no file, or a file that is not valid text, raises
    :class:`InputError`; with ``errors="skip"`` it is logged and left out instead,
    as ``ner extract`` does. ``npartitions`` defaults to one per
    :data:`DOCS_PER_PARTITION` documents, at least :data:`MIN_PARTITIONS`.
    """
    bag_module = _dask_bag()
    sources, problems = collect_sources([str(path) for path in paths], pattern)
    if STDIN in sources:
        raise ValueError("the Dask path reads files, not standard input")
    for problem in problems:
        if errors == "raise":
            raise problem
        log.warning("skipped %s", problem)
    pairs = [(source, str(Path(source).resolve())) for source in sources]
    if not pairs:
        return bag_module.from_sequence([], npartitions=1)
    bag = bag_module.from_sequence(pairs, npartitions=npartitions or _partitions_for(len(pairs)))
    return bag.map(_read_item, encoding, html, errors).flatten()


def _partitions_for(documents: int) -> int:
    return min(documents, max(MIN_PARTITIONS, math.ceil(documents / DOCS_PER_PARTITION)))


def _article(line: str, doc_field: str, text_field: str) -> tuple[str, str]:
    row = json.loads(line)
    missing = [field for field in (doc_field, text_field) if field not in row]
    if missing:
        raise ValueError(f"JSONL article without field(s) {', '.join(missing)}: {line[:80]!r}")
    return str(row[doc_field]), row[text_field]


def read_jsonl_corpus(
    path: str | Path | Sequence[str | Path],
    text_field: str = "text",
    doc_field: str = "doc",
    *,
    blocksize: int | str | None = "8MiB",
) -> dask.bag.Bag:
    """Return a bag of ``(doc, text)`` from JSON-lines articles (a path, glob or list).

    Each non-blank line is an object holding the document name in ``doc_field`` and
    its text in ``text_field``. Files are split into partitions of about ``blocksize``
    bytes, at line ends (``None``: one partition per file).
    """
    bag_module = _dask_bag()
    urlpath = [str(p) for p in path] if isinstance(path, list | tuple) else str(path)
    lines = bag_module.read_text(urlpath, blocksize=blocksize, encoding="utf-8")
    return lines.filter(str.strip).map(_article, doc_field, text_field)


# --- records out ------------------------------------------------------------------------


def write_jsonl(bag: dask.bag.Bag, directory: str | Path) -> list[str]:
    """Write records as JSON lines, one ``part-NNNNN.jsonl`` per partition, in order.

    Lines are those ``ner extract -f jsonl`` writes. Returns the files written.
    """
    _dask_bag()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    # One string a partition: an empty partition then writes an empty file, not a blank line.
    chunks = bag.map_partitions(_jsonl_chunk)
    return chunks.to_textfiles(str(directory / "part-*.jsonl"), name_function=_part_number)


def _jsonl_chunk(records: Iterable[dict]) -> list[str]:
    return ["".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)]


def _part_number(index: int) -> str:
    return f"{index:05d}"


def records_frame(records: Iterable[dict]) -> pandas.DataFrame:
    """Return records as a pandas frame with the fixed columns and dtypes (even when empty)."""
    import pandas

    return pandas.DataFrame.from_records(list(records), columns=list(FIELDS)).astype(DTYPES)


def _parquet_schema():
    import pyarrow

    types = {"int64": pyarrow.int64(), "float64": pyarrow.float64(), "string": pyarrow.string()}
    return pyarrow.schema([(name, types[DTYPES[name]]) for name in FIELDS])


def to_parquet(bag: dask.bag.Bag, path: str | Path, **kwargs) -> None:
    """Write records as a Parquet dataset (a directory, one file per partition, in order).

    Columns and types are fixed by :data:`ner_cli.records.FIELDS`, so empty
    partitions write well-typed empty files. ``kwargs`` go to
    :func:`dask.dataframe.to_parquet` (``compression``, ``overwrite`` …).
    """
    dd = _dask_dataframe()
    from dask import delayed

    parts = [delayed(records_frame)(part) for part in bag.to_delayed()]
    frame = dd.from_delayed(parts, meta=records_frame([]), verify_meta=False)
    kwargs.setdefault("name_function", lambda index: f"part-{index:05d}.parquet")
    dd.to_parquet(
        frame, str(path), engine="pyarrow", write_index=False, schema=_parquet_schema(), **kwargs
    )
