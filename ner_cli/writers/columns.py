"""The columns of a table of rows of any shape (pairs, archive queries): data only, so
commands can declare their tables without loading rich."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Column", "PAIR_COLUMNS"]


class Column(NamedTuple):
    """A column of a :class:`RowsTable`: its heading, the row field it shows, and how.

    ``kind``: ``text``; ``number`` (right-aligned); ``type`` (coloured by entity type);
    ``arabic`` (shaped for the terminal where bidi is on; the last such column takes
    the room left, or a line of its own, and the others are dropped first when room
    runs out); ``name``, an entity's English name or else its Arabic one, from the
    fields ``FIELD + "name_en"`` and ``FIELD + "name_ar"`` (``FIELD`` a prefix such as
    ``"other_"``, or empty); ``where``, ``doc:line`` from the fields ``doc`` and ``line``.
    ``optional``: dropped, where room runs out, before other columns shrink (a name
    beside its id).
    """

    heading: str
    field: str
    kind: str = "text"
    optional: bool = False


PAIR_COLUMNS = (
    Column("sentences", "sentences", "number"),
    Column("docs", "documents", "number"),
    Column("type", "type", "type"),
    Column("name", "", "name"),
    Column("type", "other_type", "type"),
    Column("named with", "other_", "name"),
    Column("first seen", "doc", "where"),
)
