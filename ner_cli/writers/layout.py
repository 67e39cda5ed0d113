"""Tables that fit the terminal: widths chosen first, cells fitted to them, lines drawn.

rich lays a table out once all its rows are known and squeezes what it cannot fit,
down to nothing. Here the column widths come first, from the terminal's width and a
first look at the rows, so that rows can be printed as they come and every line fits:
a column narrower than its minimum is never drawn. Where the columns do not all fit,
an optional column is dropped, then the table's flexible column (a context, the forms
seen) moves to a line of its own under each row, then columns shrink to their minimum,
the ones people copy (``file:line``) last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from rich.cells import cell_len, chop_cells
from rich.text import Text

from ..display import visual, visual_runs

__all__ = [
    "Plan",
    "Spec",
    "cached_wrapped",
    "draw",
    "draw_foot",
    "draw_head",
    "draw_row",
    "fit_context",
    "plan",
    "shorten_left",
    "styled_context",
    "wrapped",
]

ELLIPSIS = "…"
_HYPHENATED = re.compile(r"[^-]+-*|-+")  # pieces ending in their hyphens
FIXED, OPTIONAL, FLEXIBLE = "fixed", "optional", "flexible"
FLOOR = "floor"  # shrinking as far as the columns' floors


class Spec(NamedTuple):
    """What a column asks for: its ``natural`` width and the ``minimum`` it can be read
    at; ``role`` ``fixed``, ``optional`` (dropped first) or ``flexible`` (one a table:
    takes the room left, or a line of its own). Columns shrink in the order of ``stiffness``:
    all of stiffness 0 as far as they go, then 1, then 2. ``floor``: narrower than
    ``minimum``, what the column is cut to only where nothing else fits (a path cut into
    its file name)."""

    heading: str
    natural: int
    minimum: int
    role: str = FIXED
    justify: str = "left"
    stiffness: int = 0
    floor: int | None = None

    def least(self, shrink: str) -> int:
        """How narrow the column may get under ``shrink``."""
        return self.floor if shrink == FLOOR and self.floor is not None else self.minimum


class Plan(NamedTuple):
    """The columns drawn side by side with their widths, and the flexible column drawn
    on its own line under each row (``beneath``, ``None`` if it is a column)."""

    columns: tuple[Spec, ...]
    widths: tuple[int, ...]
    beneath: Spec | None

    @property
    def width(self) -> int:
        """The table's width in cells, borders included."""
        return sum(self.widths) + 3 * len(self.widths) + 1

    @property
    def inner(self) -> int:
        """The width of a line of its own inside the borders."""
        return self.width - 4


def _fit(columns: Sequence[Spec], width: int, shrink: str) -> tuple[int, ...] | None:
    """Widths for ``columns`` within ``width`` cells, or ``None`` where they do not fit.
    ``shrink``: which columns may go below their natural width (``"none"``, ``OPTIONAL``
    for the optional ones, ``"all"``; ``FLOOR``: all, as far as their floors), in the
    order of their stiffness."""
    room = width - (3 * len(columns) + 1)
    widths = [spec.minimum if spec.role == FLEXIBLE else spec.natural for spec in columns]
    excess = sum(widths) - room
    for stiffness in sorted({spec.stiffness for spec in columns}):
        while shrink != "none" and excess > 0:
            surplus = [
                (widths[index] - spec.least(shrink), index)
                for index, spec in enumerate(columns)
                if spec.stiffness == stiffness
                and spec.role != FLEXIBLE
                and (shrink in ("all", FLOOR) or spec.role == shrink)
                and widths[index] > spec.least(shrink)
            ]
            if not surplus:
                break
            widths[max(surplus)[1]] -= 1
            excess -= 1
    if excess > 0:
        return None
    for index, spec in enumerate(columns):
        if spec.role == FLEXIBLE:
            widths[index] = min(spec.natural, widths[index] - excess)
    return tuple(widths)


def _filled(widths: tuple[int, ...], width: int) -> tuple[int, ...]:
    """``widths`` with the room left in ``width`` given to the last column, so that the
    table spans the terminal and the line of its own beneath each row takes the rest."""
    spare = width - (sum(widths) + 3 * len(widths) + 1)
    return (*widths[:-1], widths[-1] + spare) if spare > 0 else widths


def plan(specs: Sequence[Spec], width: int) -> Plan:
    """Choose which columns to draw and how wide, for a terminal ``width`` cells wide.

    Tried in turn: everything side by side; without optional columns; the flexible
    column beneath, with optional columns (shrunk as far as their minimum if need be),
    then without; the same, shrinking columns to their minimum, then to their floor;
    and, on a screen too narrow for even that, every column cut. With the flexible
    column beneath, the last column takes the room left, so that the line beneath
    spans the width.
    """
    flexible = next((spec for spec in specs if spec.role == FLEXIBLE), None)
    tries = [(False, True, "none"), (False, False, "none")] if flexible else []
    tries += [(True, True, OPTIONAL), (True, False, "none"), (True, False, "all"),
              (True, False, FLOOR)]  # fmt: skip
    for beneath, optional, shrink in tries:
        columns = tuple(
            spec
            for spec in specs
            if (optional or spec.role != OPTIONAL) and not (beneath and spec is flexible)
        )
        widths = _fit(columns, width, shrink)
        if widths is not None:
            if beneath and flexible is not None:
                widths = _filled(widths, width)
            return Plan(columns, widths, flexible if beneath else None)
    columns = tuple(spec for spec in specs if spec.role == FIXED)
    room = max(len(columns), width - (3 * len(columns) + 1))
    widths = [max(1, min(spec.minimum, room // len(columns))) for spec in columns]
    return Plan(columns, tuple(widths), flexible)


def shorten_left(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` cells, cut from the left with ``…``
    (a path keeps its file name and line number).

    >>> shorten_left("seeds/000_40ba571edd290cb5.txt:3", 16)
    '…edd290cb5.txt:3'
    """
    if cell_len(text) <= width:
        return text
    kept, used = [], 1
    for char in reversed(text):
        used += cell_len(char)
        if used > width:
            break
        kept.append(char)
    return ELLIPSIS + "".join(reversed(kept))


@lru_cache(maxsize=4096)  # names and mentions come back row after row
def _wrapped(text: str, width: int, bidi: bool) -> tuple[str, ...]:
    return tuple(wrapped(text, width, bidi))


def cached_wrapped(text: str, width: int, bidi: bool = False) -> list[str]:
    """:func:`wrapped`, remembered for the few thousand texts seen last."""
    return list(_wrapped(text, width, bidi))


def wrapped(text: str, width: int, bidi: bool = False) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken between words, else after a
    hyphen (ids such as ``vladimir-voronkov``), inside a word only when a piece is longer
    than a line. ``bidi``: each line shaped and reordered on its own, so the lines of
    right-to-left text come in reading order, top to bottom.

    >>> wrapped("SCO vladimir-voronkov", 10)
    ['SCO', 'vladimir-', 'voronkov']
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            glue = " "
            for part in _HYPHENATED.findall(word):
                for piece in chop_cells(part, width) if cell_len(part) > width else [part]:
                    if line and cell_len(line) + len(glue) + cell_len(piece) <= width:
                        line += glue + piece
                    else:
                        if line:
                            lines.append(line)
                        line = piece
                    glue = ""
        lines.append(line)
    return [visual(line) for line in lines] if bidi else lines


def _tail(text: str, width: int) -> str:
    """The last whole words of ``text`` that fit in ``width`` cells."""
    if cell_len(text) <= width:
        return text
    kept, position = "", len(text)
    while (space := text.rfind(" ", 0, position)) >= 0 and cell_len(text[space + 1 :]) <= width:
        kept, position = text[space + 1 :], space
    return kept


def _head(text: str, width: int) -> str:
    """The first whole words of ``text`` that fit in ``width`` cells."""
    if cell_len(text) <= width:
        return text
    kept, position = "", 0
    while (space := text.find(" ", position)) >= 0 and cell_len(text[:space]) <= width:
        kept, position = text[:space], space + 1
    return kept


def fit_context(
    before: str, mention: str, after: str, width: int,
    cut_before: bool = False, cut_after: bool = False,
) -> tuple[str, str, str]:  # fmt: skip
    """A mention between as much of its context as fits in ``width`` cells, cut between
    words and marked ``…`` wherever something was cut (``cut_before``, ``cut_after``:
    the context given was already cut there). What is left by a short side goes to the
    other; a mention longer than the line is itself cut.

    >>> fit_context("في مؤتمر مشترك ", "طشقند", " أمس واليوم", 20)
    ('…مشترك ', 'طشقند', ' أمس…')
    """
    if cell_len(mention) >= width:
        return "", mention[: max(0, width - 1)] + ELLIPSIS, ""
    room = width - cell_len(mention)
    sides = [cell_len(before) + cut_before, cell_len(after) + cut_after]
    left = min(sides[0], max(room // 2, room - sides[1]))
    right = room - left
    if left and (cut_before or cell_len(before) > left):
        kept = _tail(before, left - 1)
        before = ELLIPSIS + (kept or " " * (left > 1 and before.endswith(" ")))
    elif not left:
        before = ""
    if right and (cut_after or cell_len(after) > right):
        kept = _head(after, right - 1)
        after = (kept or " " * (right > 1 and after.startswith(" "))) + ELLIPSIS
    elif not right:
        after = ""
    return before, mention, after


def _line(cells: Sequence[Text], plan: Plan, box, part: str) -> Text:
    """One line of the table: ``cells`` padded to their widths between the borders."""
    edge, middle, end = (
        (box.head_left, box.head_vertical, box.head_right)
        if part == "head"
        else (box.mid_left, box.mid_vertical, box.mid_right)
    )
    line = Text(edge + " ")
    for index, cell in enumerate(cells):
        if index:
            line.append(" " + middle + " ")
        line.append_text(cell)
    line.append(" " + end)
    return line


def _fitted(lines: Sequence[str | Text], width: int, justify: str) -> list[Text]:
    fitted = []
    for line in lines:
        text = line.copy() if isinstance(line, Text) else Text(line)
        text.truncate(width, overflow="ellipsis")
        text.align(justify, width)
        fitted.append(text)
    return fitted


def draw_row(cells: Sequence[Sequence[str | Text]], plan: Plan, box,
             beneath: Sequence[str | Text] = ()) -> list[Text]:  # fmt: skip
    """The lines of one row: ``cells`` (one list of lines per drawn column, already
    broken to the column's width), and the flexible column's lines ``beneath`` it."""
    columns = [
        _fitted(lines or [""], width, spec.justify)
        for lines, width, spec in zip(cells, plan.widths, plan.columns, strict=True)
    ]
    height = max(len(lines) for lines in columns)
    drawn = []
    for row in range(height):
        parts = [lines[row] if row < len(lines) else Text(" " * width)
                 for lines, width in zip(columns, plan.widths, strict=True)]  # fmt: skip
        drawn.append(_line(parts, plan, box, "body"))
    if plan.beneath is not None:
        for line in _fitted(beneath, plan.inner, plan.beneath.justify):
            drawn.append(_line([line], plan, box, "body"))
    return drawn


def draw_head(plan: Plan, box) -> list[Text]:
    """The top border, the headings and the rule under them."""
    padded = [width + 2 for width in plan.widths]
    heads = [
        _fitted([Text(spec.heading, style="bold")], width, spec.justify)[0]
        for width, spec in zip(plan.widths, plan.columns, strict=True)
    ]
    lines = [Text(box.get_top(padded)), _line(heads, plan, box, "head")]
    if plan.beneath is not None:
        (heading,) = _fitted([Text(f"{plan.beneath.heading} ↓", style="bold")], plan.inner,
                             plan.beneath.justify)  # fmt: skip
        lines.append(_line([heading], plan, box, "head"))
    lines.append(Text(box.get_row(padded, "head")))
    return lines


def draw_foot(plan: Plan, box) -> Text:
    """The bottom border."""
    return Text(box.get_bottom([width + 2 for width in plan.widths]))


def draw(console, lines: Sequence[Text]) -> None:
    """Print lines already fitted to the width (at once): rich neither wraps nor crops
    them."""
    console.print(Text("\n").join(lines), soft_wrap=True)


def styled_context(before: str, mention: str, after: str, style: str, bidi: bool) -> Text:
    """The mention highlighted in its context; shaped and reordered as one line first
    when ``bidi``, so the highlight never breaks the joining of letters."""
    if not bidi:
        return Text.assemble(before, (mention, style), after)
    text = before + mention + after
    span = (len(before), len(before) + len(mention), style)
    return Text.assemble(*visual_runs(text, [span]))
