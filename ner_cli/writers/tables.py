"""Tables for people on a terminal: mentions, per-entity totals, and rows of any shape.

Each table fits the width it is drawn in (:mod:`.layout`): from the terminal, or
``COLUMNS``, or ``--width``. The mentions table prints its rows as they come, once
it has seen enough of them to choose its column widths, so it holds only those few;
the count comes last, under the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from rich.cells import cell_len
from rich.text import Text

from ..display import has_arabic, printable_record
from ..records import DEFAULT_CONTEXT_WIDTH, one_line
from .columns import Column
from .layout import (
    ELLIPSIS,
    FIXED,
    FLEXIBLE,
    OPTIONAL,
    Spec,
    cached_wrapped,
    draw,
    draw_foot,
    draw_head,
    draw_row,
    fit_context,
    plan,
    shorten_left,
    styled_context,
    wrapped,
)

__all__ = ["ErrorsTable", "RowsTable", "SummaryTable", "TableWriter"]

TYPE_STYLES = {"PERSON": "magenta", "ORG": "cyan", "COUNTRY": "green", "LOC": "yellow"}
# Rows the mentions table looks at before it chooses its widths and starts printing.
LOOK_AHEAD = 100
# Characters of the document either side of a mention kept for its context.
CONTEXT_WINDOW = 200

Render = Callable[[dict, int], list]


def console_for(stream: TextIO, color: bool | None = None, width: int | None = None):
    """A rich console over ``stream``: colour as asked, ``width`` if given (else the
    terminal's, or ``COLUMNS``, or 80), no markup or highlighting of the data."""
    from rich.console import Console

    return Console(
        file=stream,
        force_terminal=True if color else None,
        no_color=color is False,
        highlight=False,
        emoji=False,
        markup=False,
        width=width,
    )


def _natural(values, cap: int, floor: int = 1) -> int:
    return max(floor, min(cap, max((cell_len(value) for value in values), default=floor)))


def _where(wheres: Sequence[str], heading: str = "where", role: str = FIXED) -> Spec:
    """A ``file:line`` column: as wide as the paths; cut from the left, its folders go
    first, and a file name loses letters only where nothing else fits."""
    natural = _natural(wheres, 10_000, max(5, len(heading)))
    names = 1 + _natural((where.rsplit("/", 1)[-1] for where in wheres), 10_000)  # "…" + it
    floor = min(natural, 16)
    return Spec(heading, natural, max(floor, min(natural, names)), role, stiffness=2,
                floor=floor)  # fmt: skip


class _Grid:
    """Rows drawn under a plan chosen from the width and the first rows seen."""

    look_ahead: int | None = None  # None: every row is known before the first is drawn

    def __init__(self, stream: TextIO, color: bool | None = None, bidi: bool = False,
                 width: int | None = None):  # fmt: skip
        from rich.box import HEAVY_HEAD

        self.console = console_for(stream, color, width)
        self.box = HEAVY_HEAD.substitute(self.console.options)
        self.bidi = bidi
        self.plan = None
        self.renders: dict[int, Render] = {}
        self.pending: list[dict] = []
        self.count = 0

    def columns(self, rows: Sequence[dict]) -> list[tuple[Spec, Render]]:
        """Each column's spec, from a first look at ``rows``, and how to draw its cell."""
        raise NotImplementedError

    def title(self) -> str:
        raise NotImplementedError

    def arabic(self, text: str, width: int) -> list[str]:
        """Lines of text that may be Arabic, in reading order, shaped where bidi is on."""
        return cached_wrapped(text, width, self.bidi and has_arabic(text))

    def add(self, row: dict) -> None:
        self.count += 1
        if self.plan is not None:
            self._draw(row)
            return
        self.pending.append(row)
        if self.look_ahead is not None and len(self.pending) >= self.look_ahead:
            self._start()

    def write(self, rows: list[dict], document=None) -> None:
        for row in rows:
            self.add(printable_record(row))

    def _start(self) -> None:
        columns = self.columns(self.pending)
        self.plan = plan([spec for spec, _ in columns], self.console.width)
        self.renders = {id(spec): render for spec, render in columns}
        draw(self.console, draw_head(self.plan, self.box))
        for row in self.pending:
            self._draw(row)
        self.pending = []

    def _draw(self, row: dict) -> None:
        plan_ = self.plan
        cells = [
            self.renders[id(spec)](row, width)
            for spec, width in zip(plan_.columns, plan_.widths, strict=True)
        ]
        beneath = self.renders[id(plan_.beneath)](row, plan_.inner) if plan_.beneath else ()
        draw(self.console, draw_row(cells, plan_, self.box, beneath))

    def close(self) -> None:
        if self.plan is None:
            self._start()
        draw(self.console, [draw_foot(self.plan, self.box), Text(self.title())])


def _type_cell(field: str = "type") -> Render:
    return lambda row, width: [Text(row[field], style=TYPE_STYLES.get(row[field], ""))]


def _plain_cell(field: str) -> Render:
    return lambda row, width: wrapped(str(row[field]) if row[field] not in (None, "") else "-",
                                      width)  # fmt: skip


def _in_context(record: dict, text: str | None) -> dict:
    """``record`` with the words either side of its mention (``_before``, ``_after``)
    and whether they were cut (``_cut``): from the document's ``text`` where it is held,
    else from the record's own context (its first occurrence there)."""
    if text is not None:
        start, end = record["start"], record["end"]
        first, last = max(0, start - CONTEXT_WINDOW), end + CONTEXT_WINDOW
        before = one_line(text[first:start], keep_edges=True)
        after = one_line(text[end:last], keep_edges=True)
        cut_before, cut_after = first > 0, last < len(text)
    else:
        before, _, after = record["context"].partition(record["text"])
        start = record["start"]
        cut_before = not isinstance(start, int) or start > len(before)
        cut_after = True
    if cut_before and " " in before:  # the window's first word may be a piece
        before = before[before.index(" ") :]
    if cut_after and " " in after:
        after = after[: after.rindex(" ")]
    return {**record, "_before": before, "_after": after, "_cut": (cut_before, cut_after)}


class TableWriter(_Grid):
    """Mentions for people: where each is (``file:line``, to open in an editor), what it
    is, what it links to, and the mention highlighted in its own context, taken from
    the document itself so the highlight is on this occurrence of the name."""

    look_ahead = LOOK_AHEAD

    def write(self, records: list[dict], document=None) -> None:
        text = getattr(document, "text", None)  # None: a stream, not held whole
        for record in records:
            self.add_record(record, text)

    def add_record(self, record: dict, text: str | None) -> None:
        """One mention record of the document ``text`` (``None``: not held), drawn with
        its context."""
        self.add(printable_record(_in_context(record, text)))

    def title(self) -> str:
        return f"{self.count} mention{'s' * (self.count != 1)}"

    def _context(self, row: dict, width: int) -> list[Text]:
        style = f"bold {TYPE_STYLES.get(row['type'], '')} reverse"
        parts = fit_context(row["_before"], row["text"], row["_after"], width, *row["_cut"])
        return [styled_context(*parts, style, self.bidi)]

    def columns(self, rows):
        # Room for line numbers a digit longer than those seen first.
        wheres = [f"{row['doc']}:{row['line']}0" for row in rows]
        mention = _natural((row["text"] for row in rows), 24, 7)
        ids = _natural((row["id"] or "-" for row in rows), 20, 2)
        names = _natural((row["name_en"] or row["name_ar"] for row in rows), 28, 4)
        return [
            (_where(wheres),
             lambda row, width: [shorten_left(f"{row['doc']}:{row['line']}", width)]),
            (Spec("type", 7, 7), _type_cell()),
            (Spec("mention", mention, min(mention, 10), justify="right", stiffness=1),
             lambda row, width: self.arabic(row["text"], width)),
            (Spec("id", ids, min(ids, 10)), _plain_cell("id")),
            (Spec("name", names, min(names, 12), OPTIONAL),
             lambda row, width: self.arabic(row["name_en"] or row["name_ar"], width)),
            (Spec("context", 160, 36, FLEXIBLE, justify="right"), self._context),
        ]  # fmt: skip


class ErrorsTable(TableWriter):
    """An evaluation's errors for people: what went wrong (``FP``, ``FN``, ``LINK``),
    where, and the mention highlighted in its context, as in the mentions table. Rows
    are mention records with a ``kind``, and ``id`` as the tagger or the gold gave it
    (``X≠Y`` for a wrong link: the tagger's id, then the gold's)."""

    look_ahead = None  # a short list, laid out once whole

    def title(self) -> str:
        return f"{self.count} error{'s' * (self.count != 1)}"

    def columns(self, rows):
        kind = (Spec("error", 5, 5), _plain_cell("kind"))
        return [kind, *(column for column in super().columns(rows) if column[0].heading != "name")]


class SummaryTable(_Grid):
    """Per-entity totals for people: mentions, documents, and the forms seen."""

    def title(self) -> str:
        return f"{self.count} entit{'ies' if self.count != 1 else 'y'}"

    def columns(self, rows):
        def number(field: str, heading: str) -> tuple[Spec, Render]:
            width = _natural((str(row[field]) for row in rows), 12, len(heading))
            return Spec(heading, width, width, justify="right"), _plain_cell(field)

        ids = _natural((row["id"] or "-" for row in rows), 24, 2)
        names = _natural((row["name_en"] or row["name_ar"] for row in rows), 36, 4)
        arabic = _natural((row["name_ar"] for row in rows), 32, 11)
        forms = _natural(("، ".join(row["forms"]) for row in rows), 80, 10)
        return [
            number("mentions", "mentions"),
            number("documents", "docs"),
            (Spec("type", 7, 7), _type_cell()),
            (Spec("id", ids, min(ids, 8)), _plain_cell("id")),
            (Spec("name", names, min(names, 12)),
             lambda row, width: self.arabic(row["name_en"] or row["name_ar"], width)),
            (Spec("Arabic name", arabic, min(arabic, 12), OPTIONAL, "right"),
             lambda row, width: self.arabic(row["name_ar"], width)),
            (Spec("forms seen", forms, min(forms, 24), FLEXIBLE, "right"),
             lambda row, width: self.arabic("، ".join(row["forms"]), width)),
        ]  # fmt: skip


def _edges_marked(context: str) -> str:
    """A stored record context (the mention and ``DEFAULT_CONTEXT_WIDTH`` characters
    either side, cut where they end) with the pieces of words at its edges dropped and
    ``…`` in their place. A context shorter than that reached its document's edges."""
    if len(context) < 2 * DEFAULT_CONTEXT_WIDTH or context.count(" ") < 2:
        return context
    return ELLIPSIS + context[context.index(" ") + 1 : context.rindex(" ")] + ELLIPSIS


class RowsTable(_Grid):
    """Rows of any shape for people (pairs, archive queries), laid out by ``columns``."""

    def __init__(self, stream: TextIO, columns: Sequence[Column], title: str,
                 color: bool | None = None, bidi: bool = False,
                 width: int | None = None):  # fmt: skip
        super().__init__(stream, color, bidi, width)
        self.layout = columns
        self.heading = title

    def title(self) -> str:
        return f"{self.count} {self.heading}"

    def _value(self, row: dict, column: Column) -> str:
        if column.kind == "name":
            return row[f"{column.field}name_en"] or row[f"{column.field}name_ar"] or "-"
        if column.kind == "where":
            return f"{row['doc']}:{row['line']}" if row.get("doc") else "-"
        value = row[column.field]
        if column.kind == "arabic" and column.field == "context":
            return _edges_marked(one_line(value or "")) or "-"
        if column.kind == "arabic":
            return one_line(value or "") or "-"
        return str(value) if value not in (None, "") else "-"

    def _column(self, column: Column, rows, flexible: bool) -> tuple[Spec, Render]:
        values = [self._value(row, column) for row in rows]
        heading = column.heading
        if column.kind == "number":
            width = _natural(values, 12, len(heading))
            return Spec(heading, width, width, justify="right"), self._lines(column, wrapped)
        if column.kind == "type":
            return Spec(heading, 7, 7), _type_cell(column.field)
        if column.kind == "where":
            spec = _where(values, heading, FLEXIBLE if flexible else FIXED)
            return spec, self._lines(column, lambda value, width: [shorten_left(value, width)])
        if column.kind == "arabic":
            width = _natural(values, 120 if flexible else 48, len(heading))
            role = FLEXIBLE if flexible else OPTIONAL
            spec = Spec(heading, width, min(width, 24 if flexible else 12), role, "right")
            return spec, self._lines(column, self.arabic)
        cap, least = (28, 12) if column.kind == "name" else (32, 8)
        width = _natural(values, cap, len(heading))
        role = OPTIONAL if column.optional else FIXED
        return Spec(heading, width, min(width, least), role), self._lines(column, self.arabic)

    def _lines(self, column: Column, lines: Callable[[str, int], list]) -> Render:
        return lambda row, width: lines(self._value(row, column), width)

    def columns(self, rows):
        # The last Arabic column (a context, a title) takes the room left, or a line of
        # its own; in a table without one, the last ``where`` does.
        arabic = [index for index, column in enumerate(self.layout) if column.kind == "arabic"]
        wheres = [index for index, column in enumerate(self.layout) if column.kind == "where"]
        last = (arabic or wheres or [None])[-1]
        return [
            self._column(column, rows, index == last) for index, column in enumerate(self.layout)
        ]
