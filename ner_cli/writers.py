"""Writers: records out as a terminal table, a JSON array, JSON lines or CSV.

Every writer takes records one document at a time (``write(records, document)``)
and finishes with ``close``. JSON arrays, JSON lines and CSV are streamed: nothing
but the current document is held in memory. The table and the HTML report are laid
out once all rows are known.
Files are written atomically (:func:`atomic_output`), so a failed or interrupted
run never leaves a half-written output behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple, TextIO

from .cooccurrence import PAIR_FIELDS
from .display import escape_controls, printable_record, visual
from .records import DEFAULT_CONTEXT_WIDTH, FIELDS, one_line
from .summary import SUMMARY_FIELDS

__all__ = [
    "FORMATS",
    "EXTENSION_FORMATS",
    "atomic_output",
    "format_for_path",
    "make_writer",
]

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
# Cells a spreadsheet would run as a formula (OWASP's list): prefixed with ' to stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MENTION_WIDTH = 24
TYPE_STYLES = {"PERSON": "magenta", "ORG": "cyan", "COUNTRY": "green", "LOC": "yellow"}


def format_for_path(path: str | Path) -> str | None:
    """Return the format an output file's extension implies, if any."""
    return EXTENSION_FORMATS.get(Path(path).suffix.lower())


class JsonWriter:
    """A JSON array, streamed: ``[``, one record a line, ``]``."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.count = 0

    def write(self, records: list[dict], document=None) -> None:
        for record in records:
            self.stream.write("[\n" if self.count == 0 else ",\n")
            self.stream.write(json.dumps(record, ensure_ascii=False))
            self.count += 1

    def close(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")


class JsonLinesWriter:
    """One JSON object a line."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, records: list[dict], document=None) -> None:
        for record in records:
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        pass


def guard_formula(value):
    """Keep a spreadsheet from running a cell as a formula: ``=1+1`` → ``'=1+1``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CsvWriter:
    """CSV with a header row, written by pandas one document at a time.

    For spreadsheets (``spreadsheet=True``) the file starts with a UTF-8 byte-order
    mark, which Excel needs to read Arabic, and cells that a spreadsheet would run as
    formulas are prefixed with ``'``. List values are joined with `` | ``.
    """

    def __init__(
        self,
        stream: TextIO,
        columns: Sequence[str] = FIELDS,
        spreadsheet: bool = False,
        terminal: bool = False,
    ):
        import pandas  # deferred: the other formats do not need it

        self._pandas = pandas
        self.stream = stream
        self.columns = list(columns)
        self.spreadsheet = spreadsheet
        self.terminal = terminal  # control characters shown escaped, never sent raw
        self.header_written = False
        if spreadsheet:
            stream.write("\ufeff")

    def _cell(self, value):
        if isinstance(value, list):
            value = " | ".join(value)
        if self.terminal and isinstance(value, str):
            value = escape_controls(value)
        return guard_formula(value) if self.spreadsheet else value

    def write(self, records: list[dict], document=None) -> None:
        if not records and self.header_written:
            return
        rows = [{c: self._cell(record[c]) for c in self.columns} for record in records]
        frame = self._pandas.DataFrame.from_records(rows, columns=self.columns)
        frame.to_csv(self.stream, header=not self.header_written, index=False, lineterminator="\n")
        self.header_written = True

    def close(self) -> None:
        if not self.header_written:
            self.write([])


def _console(stream: TextIO, color: bool | None):
    from rich.console import Console

    return Console(
        file=stream,
        force_terminal=True if color else None,
        no_color=color is False,
        highlight=False,
        emoji=False,
        markup=False,
    )


class _Display:
    """How Arabic reaches the screen: as stored, or shaped and reordered (``--bidi``)."""

    def __init__(self, bidi: bool):
        self.bidi = bidi

    def __call__(self, text: str, limit: int | None = None) -> str:
        """The text for display. Reordered text is cut at its logical end to ``limit``
        characters first, so the ellipsis falls where the reading ends (the left)."""
        if not self.bidi:
            return text
        if limit is not None and len(text) > limit:
            text = text[: limit - 1] + "…"
        return visual(text)

    def highlighted(
        self, before: str, mention: str, after: str, style: str, limit: int | None = None
    ):
        """The mention styled between its context, in display order, at most about
        ``limit`` characters long (cut evenly either side of the mention)."""
        from rich.text import Text

        if limit is not None:
            side = max(0, (limit - len(mention)) // 2)
            if len(before) > side:
                before = "…" + before[len(before) - side + 1 :]
            if len(after) > side:
                after = after[: max(0, side - 1)] + "…"
        parts = [(before, ""), (mention, f"bold {style} reverse"), (after, "")]
        if self.bidi:  # right to left: what comes first is shown rightmost
            parts = [(visual(part), part_style) for part, part_style in reversed(parts)]
        return Text.assemble(*parts)


class _RichTable:
    """Rows gathered as they come, laid out as one rich table at the end."""

    def __init__(self, stream: TextIO, color: bool | None = None, bidi: bool = False):
        self.stream = stream
        self.color = color
        self.display = _Display(bidi)
        self.rows: list[dict] = []

    def write(self, rows: list[dict], document=None) -> None:
        self.rows.extend(printable_record(row) for row in rows)

    def close(self) -> None:
        console = _console(self.stream, self.color)
        console.print(self.table(console))

    def table(self, console):
        raise NotImplementedError


class TableWriter(_RichTable):
    """A table for people: where each mention is, what it is, what it links to, in context.

    ``file:line`` opens in editors; the mention is highlighted in its context, taken
    from the document itself (``context_width`` characters either side), so the
    highlight is on this occurrence of the name, not an earlier one.
    """

    def __init__(self, stream: TextIO, color: bool | None = None, bidi: bool = False,
                 context_width: int = 40):  # fmt: skip
        super().__init__(stream, color, bidi)
        self.context_width = context_width

    def write(self, records: list[dict], document=None) -> None:
        width = self.context_width
        for record in records:
            text = getattr(document, "text", None)  # None: a stream, not held whole
            if text is not None:
                start, end = record["start"], record["end"]
                before = one_line(text[max(0, start - width) : start], keep_edges=True)
                after = one_line(text[end : end + width], keep_edges=True)
            else:  # records alone: the first occurrence in the record's context
                before, _, after = record["context"].partition(record["text"])
            self.rows.append(printable_record({**record, "_before": before, "_after": after}))

    def table(self, console):
        from rich.table import Table
        from rich.text import Text

        table = Table(title=f"{len(self.rows)} mentions", title_justify="left")
        # Text reordered for display cannot wrap (its lines would come in the wrong
        # order): it is cut with an ellipsis instead.
        arabic = {"no_wrap": True, "overflow": "ellipsis"} if self.display.bidi else {}
        table.add_column("where", overflow="fold", min_width=14)
        table.add_column("type", no_wrap=True, min_width=7)
        table.add_column(
            "mention", justify="right", min_width=12, max_width=MENTION_WIDTH, **arabic
        )
        table.add_column("id", overflow="fold", min_width=8, max_width=20)
        table.add_column("name", min_width=10, max_width=24)
        # The context needs room; on a narrow screen the mention and its link come first.
        with_context = console.width >= (140 if self.display.bidi else 110)
        if with_context:
            table.add_column("context", justify="right", ratio=1, min_width=30, **arabic)
        # Room left for the context once the other columns have theirs.
        limit = max(24, console.width - 115) if self.display.bidi else None
        for r in self.rows:
            style = TYPE_STYLES.get(r["type"], "")
            cells = [
                f"{r['doc']}:{r['line']}",
                Text(r["type"], style=style),
                self.display(r["text"], MENTION_WIDTH),
                r["id"] or "-",
                r["name_en"] or self.display(r["name_ar"], MENTION_WIDTH),
            ]
            if with_context:
                cells.append(
                    self.display.highlighted(r["_before"], r["text"], r["_after"], style, limit)
                )
            table.add_row(*cells)
        return table


class SummaryTable(_RichTable):
    """Per-entity totals for people: mentions, documents, and the forms seen."""

    def table(self, console):
        from rich.table import Table
        from rich.text import Text

        table = Table(title=f"{len(self.rows)} entities", title_justify="left")
        arabic = {"no_wrap": True, "overflow": "ellipsis"} if self.display.bidi else {}
        table.add_column("mentions", justify="right", min_width=8)
        table.add_column("docs", justify="right", min_width=4)
        table.add_column("type", min_width=7)
        table.add_column("id", overflow="fold", min_width=6, max_width=24)
        table.add_column("name", min_width=12, max_width=32)
        table.add_column("Arabic name", justify="right", max_width=32, **arabic)
        table.add_column("forms seen", justify="right", max_width=40, **arabic)
        for r in self.rows:
            style = TYPE_STYLES.get(r["type"], "")
            table.add_row(
                str(r["mentions"]),
                str(r["documents"]),
                Text(r["type"], style=style),
                r["id"] or "-",
                r["name_en"] or "-",
                self.display(r["name_ar"], 32),
                self.display("، ".join(r["forms"]), 40),
            )
        return table


class Column(NamedTuple):
    """A column of a :class:`RowsTable`: its heading, the row field it shows, and how.

    ``kind``: ``text``; ``number`` (right-aligned); ``type`` (coloured by entity type);
    ``arabic`` (shaped for the terminal where bidi is on); ``name``, an entity's English
    name or else its Arabic one, from the fields ``FIELD + "name_en"`` and
    ``FIELD + "name_ar"`` (``FIELD`` a prefix such as ``"other_"``, or empty); ``where``,
    ``doc:line`` from the fields ``doc`` and ``line``.
    """

    heading: str
    field: str
    kind: str = "text"


class RowsTable(_RichTable):
    """Rows of any shape for people (pairs, archive queries), laid out by ``columns``."""

    def __init__(self, stream: TextIO, columns: Sequence[Column], title: str,
                 color: bool | None = None, bidi: bool = False):  # fmt: skip
        super().__init__(stream, color, bidi)
        self.columns = columns
        self.title = title

    def _cell(self, row: dict, column: Column):
        from rich.text import Text

        value = row[column.field] if column.kind not in ("name", "where") else None
        if column.kind == "type":
            return Text(value, style=TYPE_STYLES.get(value, ""))
        if column.kind == "name":
            english = row[f"{column.field}name_en"]
            return english or self.display(row[f"{column.field}name_ar"], 32)
        if column.kind == "where":
            return f"{row['doc']}:{row['line']}" if row.get("doc") else "-"
        if column.kind == "arabic" and value:
            return self.display(one_line(value), 48)
        return str(value) if value not in (None, "") else "-"

    def table(self, console):
        from rich.table import Table

        table = Table(title=f"{len(self.rows)} {self.title}", title_justify="left")
        arabic = {"no_wrap": True, "overflow": "ellipsis"} if self.display.bidi else {}
        layouts = {
            "number": {"justify": "right", "no_wrap": True},
            "type": {"no_wrap": True, "min_width": 7},
            "name": {"min_width": 12, "max_width": 28},
            "where": {"overflow": "fold", "min_width": 14},
            "arabic": {"justify": "right", "min_width": 12, "max_width": 48, **arabic},
        }
        for column in self.columns:
            layout = layouts.get(column.kind, {"overflow": "fold", "max_width": 32})
            table.add_column(column.heading, **layout)
        for row in self.rows:
            table.add_row(*(self._cell(row, column) for column in self.columns))
        return table


PAIR_COLUMNS = (
    Column("sentences", "sentences", "number"),
    Column("docs", "documents", "number"),
    Column("type", "type", "type"),
    Column("name", "", "name"),
    Column("type", "other_type", "type"),
    Column("named with", "other_", "name"),
    Column("first seen", "doc", "where"),
)


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
):
    """Return the writer for rows of ``fields``: a table of ``columns``, JSON, JSON lines
    or CSV (control characters escaped when ``terminal``)."""
    if fmt == "table":
        return RowsTable(stream, columns, title, color=color, bidi=bidi)
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
    context_width: int = DEFAULT_CONTEXT_WIDTH,
    terminal: bool = False,
    pairs: bool = False,
):
    """Return the writer for ``fmt`` over ``stream``: of mentions, or of summary rows.
    ``terminal``: the stream is a screen, so text formats escape control characters.
    With ``summary`` and ``pairs``: rows of entities named together."""
    if summary and pairs:
        return make_rows_writer(
            fmt, stream, PAIR_FIELDS, PAIR_COLUMNS, "pairs named in one sentence",
            color=color, bidi=bidi, spreadsheet=spreadsheet, terminal=terminal,
        )  # fmt: skip
    if fmt == "json":
        return JsonWriter(stream)
    if fmt == "jsonl":
        return JsonLinesWriter(stream)
    if fmt == "csv":
        columns = SUMMARY_FIELDS if summary else FIELDS
        return CsvWriter(stream, columns, spreadsheet=spreadsheet, terminal=terminal)
    if fmt == "table" and summary:
        return SummaryTable(stream, color=color, bidi=bidi)
    if fmt == "table":
        return TableWriter(stream, color=color, bidi=bidi, context_width=context_width)
    if fmt == "html" and not summary:
        from .report import HtmlWriter

        return HtmlWriter(stream)
    raise ValueError(f"no {fmt} writer for {'a summary' if summary else 'mentions'}")


def _mode_for(path: Path) -> int:
    """The permissions ``path`` keeps if it exists, else what a plain ``open`` would give."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_output(path: str | Path) -> Iterator[TextIO]:
    """Open ``path`` for writing text so that it appears whole or not at all.

    Output goes to a temporary file in the same folder, renamed over ``path`` only
    when the block finishes without an exception.
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, _mode_for(path))
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def render_evaluation(evaluation, stream: TextIO) -> None:
    """Print an evaluation's scores as rich tables: lenient, exact, and linking."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, highlight=False)
    data = evaluation.as_dict()
    table = Table(
        "type",
        "tp",
        "fp",
        "fn",
        "precision",
        "recall",
        "F1",
        "exact F1",
        title="Scores (lenient boundaries; exact F1 beside)",
        title_justify="left",
    )
    for kind, row in data["lenient"].items():
        exact = data["exact"].get(kind, {}).get("f1", 0.0)
        table.add_row(
            kind,
            str(row["tp"]),
            str(row["fp"]),
            str(row["fn"]),
            f"{row['precision']:.3f}",
            f"{row['recall']:.3f}",
            f"{row['f1']:.3f}",
            f"{exact:.3f}",
            style="bold" if kind == "micro" else None,
        )
    console.print(table)
    linking = data["linking"]
    console.print(
        f"Linking accuracy: {linking['accuracy']:.3f} "
        f"({linking['correct']} of {linking['total']} matched mentions with a gold id)"
    )


def render_counts(counts: dict[str, dict[str, int]], stream: TextIO) -> None:
    """Print a table of counts: one row per key, one column per count."""
    from rich.console import Console
    from rich.table import Table

    columns = list(next(iter(counts.values())))
    table = Table("", *columns)
    for name, row in counts.items():
        table.add_row(name, *(str(row[column]) for column in columns))
    Console(file=stream, highlight=False).print(table)
