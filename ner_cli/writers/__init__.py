"""Writers: records out as a terminal table, a JSON array, JSON lines, CSV or HTML.

Every writer takes records one document at a time (``write(records, document)``)
and finishes with ``close``. The data formats (:mod:`.data`) and the mentions table
(:mod:`.tables`) are streamed, and so is the HTML report (:mod:`ner_cli.report`); a
summary is laid out once its totals are known.
Files are written atomically (:mod:`.files`), so a failed or interrupted run never
leaves a half-written output behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ..cooccurrence import PAIR_FIELDS
from ..records import FIELDS
from ..summary import SUMMARY_FIELDS
from .columns import PAIR_COLUMNS, Column
from .data import CsvWriter, JsonLinesWriter, JsonWriter, guard_formula
from .files import atomic_output
from .scores import render_counts, render_evaluation

__all__ = [
    "EXTENSION_FORMATS",
    "FORMATS",
    "Column",
    "CsvWriter",
    "ErrorsTable",
    "JsonLinesWriter",
    "JsonWriter",
    "RowsTable",
    "SummaryTable",
    "TableWriter",
    "atomic_output",
    "format_for_path",
    "guard_formula",
    "make_rows_writer",
    "make_writer",
    "render_counts",
    "render_evaluation",
]

# The tables need rich: loaded when a table is asked for, not by ``ner --version``.
_TABLES = ("ErrorsTable", "RowsTable", "SummaryTable", "TableWriter")


def __getattr__(name: str):
    if name in _TABLES:
        from . import tables

        return getattr(tables, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


FORMATS = ("table", "json", "jsonl", "csv", "html", "sqlite")
EXTENSION_FORMATS = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".txt": "table",
    ".html": "html",
    ".htm": "html",
    # An SQLite archive is no stream: ner_cli.store updates it in place.
    ".db": "sqlite",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
}


def format_for_path(path: str | Path) -> str | None:
    """Return the format an output file's extension implies, if any."""
    return EXTENSION_FORMATS.get(Path(path).suffix.lower())


def make_rows_writer(
    fmt: str,
    stream: TextIO,
    fields: Sequence[str],
    columns: Sequence[Column],
    title: str,
    *,
    color: bool | None = None,
    bidi: bool = False,
    spreadsheet: bool = False,
    terminal: bool = False,
    width: int | None = None,
):
    """Return the writer for rows of ``fields``: a table of ``columns`` (``width`` cells
    wide, else the terminal's), JSON, JSON lines or CSV (control characters escaped when
    ``terminal``)."""
    if fmt == "table":
        from .tables import RowsTable

        return RowsTable(stream, columns, title, color=color, bidi=bidi, width=width)
    if fmt == "csv":
        return CsvWriter(stream, fields, spreadsheet=spreadsheet, terminal=terminal)
    if fmt in ("json", "jsonl"):
        return JsonWriter(stream) if fmt == "json" else JsonLinesWriter(stream)
    raise ValueError(f"no {fmt} writer for {title}")


def make_writer(
    fmt: str,
    stream: TextIO,
    *,
    summary: bool = False,
    color: bool | None = None,
    bidi: bool = False,
    spreadsheet: bool = False,
    terminal: bool = False,
    pairs: bool = False,
    width: int | None = None,
):
    """Return the writer for ``fmt`` over ``stream``: of mentions, or of summary rows.
    ``terminal``: the stream is a screen, so text formats escape control characters.
    With ``summary`` and ``pairs``: rows of entities named together."""
    if summary and pairs:
        return make_rows_writer(
            fmt, stream, PAIR_FIELDS, PAIR_COLUMNS, "pairs named in one sentence",
            color=color, bidi=bidi, spreadsheet=spreadsheet, terminal=terminal, width=width,
        )  # fmt: skip
    if fmt == "json":
        return JsonWriter(stream)
    if fmt == "jsonl":
        return JsonLinesWriter(stream)
    if fmt == "csv":
        columns = SUMMARY_FIELDS if summary else FIELDS
        return CsvWriter(stream, columns, spreadsheet=spreadsheet, terminal=terminal)
    if fmt == "table":
        from .tables import SummaryTable, TableWriter

        table = SummaryTable if summary else TableWriter
        return table(stream, color=color, bidi=bidi, width=width)
    if fmt == "html" and not summary:
        from ..report import HtmlWriter

        return HtmlWriter(stream)
    raise ValueError(f"no {fmt} writer for {'a summary' if summary else 'mentions'}")
