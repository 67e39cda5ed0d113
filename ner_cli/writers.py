"""Writers: records out as a terminal table, a JSON array, JSON lines or CSV.

Every writer takes records one document at a time (``write``) and finishes with
``close``. JSON arrays, JSON lines and CSV are streamed: nothing but the current
document is held in memory. The table is laid out once all rows are known.
Files are written atomically (:func:`atomic_output`), so a failed or interrupted
run never leaves a half-written output behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from .records import FIELDS

__all__ = [
    "FORMATS",
    "EXTENSION_FORMATS",
    "atomic_output",
    "format_for_path",
    "make_writer",
]

FORMATS = ("table", "json", "jsonl", "csv")
EXTENSION_FORMATS = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".txt": "table",
}


def format_for_path(path: str | Path) -> str | None:
    """Return the format an output file's extension implies, if any."""
    return EXTENSION_FORMATS.get(Path(path).suffix.lower())


class JsonWriter:
    """A JSON array, streamed: ``[``, one record a line, ``]``."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.count = 0

    def write(self, records: list[dict]) -> None:
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

    def write(self, records: list[dict]) -> None:
        for record in records:
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        pass


class CsvWriter:
    """CSV with a header row, written by pandas one document at a time.

    ``bom`` starts the file with a UTF-8 byte-order mark, which spreadsheet programs
    need to read Arabic correctly; pipes get none.
    """

    def __init__(self, stream: TextIO, bom: bool = False):
        import pandas  # deferred: the other formats do not need it

        self._pandas = pandas
        self.stream = stream
        self.header_written = False
        if bom:
            stream.write("\ufeff")

    def write(self, records: list[dict]) -> None:
        if not records and self.header_written:
            return
        frame = self._pandas.DataFrame.from_records(records, columns=list(FIELDS))
        frame.to_csv(self.stream, header=not self.header_written, index=False, lineterminator="\n")
        self.header_written = True

    def close(self) -> None:
        if not self.header_written:
            self.write([])


class TableWriter:
    """A rich table for people: where each mention stands, what it is, what it links to."""

    COLUMNS = ("where", "type", "mention", "id", "name")

    def __init__(self, stream: TextIO, color: bool | None = None):
        self.stream = stream
        self.color = color
        self.rows: list[tuple[str, ...]] = []

    def write(self, records: list[dict]) -> None:
        for r in records:
            self.rows.append(
                (f"{r['doc']}:{r['line']}", r["type"], r["text"], r["id"], r["name_en"])
            )

    def close(self) -> None:
        from rich.console import Console
        from rich.table import Table

        console = Console(
            file=self.stream,
            force_terminal=self.color,
            no_color=self.color is False,
            highlight=False,
        )
        table = Table(*self.COLUMNS, title=f"{len(self.rows)} mentions", title_justify="left")
        for row in self.rows:
            table.add_row(*row)
        console.print(table)


def make_writer(fmt: str, stream: TextIO, *, color: bool | None = None, bom: bool = False):
    """Return the writer for ``fmt`` over ``stream``."""
    if fmt == "json":
        return JsonWriter(stream)
    if fmt == "jsonl":
        return JsonLinesWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream, bom=bom)
    if fmt == "table":
        return TableWriter(stream, color=color)
    raise ValueError(f"unknown format {fmt!r}")


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
