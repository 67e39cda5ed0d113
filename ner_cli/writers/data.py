"""Data formats: a JSON array, JSON lines and CSV, streamed a document at a time.

Nothing but the current document's records is held in memory.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from ..display import escape_controls
from ..records import FIELDS

__all__ = ["CsvWriter", "JsonLinesWriter", "JsonWriter", "guard_formula"]

# Cells a spreadsheet would run as a formula (OWASP's list): prefixed with ' to stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _record_encoder():
    """One encoder for every record: ``json.dumps`` with ``ensure_ascii=False`` makes a
    new ``JSONEncoder`` per call, and ``JSONEncoder.encode`` a new C encoder per call.
    This makes the C encoder once, with what ``encode`` would give it (records hold no
    cycles: no check for them); the text is the same. Where the C accelerator is
    missing, ``JSONEncoder.encode``."""
    encoder = json.JSONEncoder(ensure_ascii=False, check_circular=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return encoder.encode
    chunks = make(
        None, encoder.default, json.encoder.encode_basestring, encoder.indent,
        encoder.key_separator, encoder.item_separator, encoder.sort_keys,
        encoder.skipkeys, encoder.allow_nan,
    )  # fmt: skip
    return lambda record: "".join(chunks(record, 0))


_encode = _record_encoder()
_escape = json.encoder.encode_basestring  # a JSON string, quotes and all (in C, where it is)

# A record as ``build_records`` makes it: its fields in order, each of one type. Such a
# record is written by a template that holds the keys already, its strings escaped one
# by one: a third less work than the encoder, which escapes every key of every record.
_PLAIN_TYPES = (str, int, int, str, str, str, str, str, int, int, str, str, float, str)
_FORMAT_OF = {str: "%s", int: "%d", float: "%r"}  # what json.dumps writes for each
_PLAIN_RECORD = (
    "{"
    + ", ".join(
        f"{_escape(field)}: {_FORMAT_OF[kind]}"
        for field, kind in zip(FIELDS, _PLAIN_TYPES, strict=True)
    )
    + "}"
)


def _encode_record(record: dict) -> str:
    """``json.dumps(record, ensure_ascii=False)``: by the template where the record is a
    plain one (its fields in order, of exactly these types: a bool is no int here, a
    score may be None), by the encoder otherwise."""
    if tuple(record) == FIELDS and tuple(map(type, record.values())) == _PLAIN_TYPES:
        (
            doc, start, end, text, kind, entity, name_ar, name_en, line, sentence, context,
            source, score, title,
        ) = record.values()  # fmt: skip
        if score - score == 0.0:  # finite: json writes NaN and Infinity its own way
            return _PLAIN_RECORD % (
                _escape(doc), start, end, _escape(text), _escape(kind), _escape(entity),
                _escape(name_ar), _escape(name_en), line, sentence, _escape(context),
                _escape(source), score, _escape(title),
            )  # fmt: skip
    return _encode(record)


class JsonWriter:
    """A JSON array, streamed: ``[``, one record a line, ``]``."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.count = 0

    def write(self, records: list[dict], document=None) -> None:
        if not records:
            return
        opening = "[\n" if self.count == 0 else ",\n"
        self.stream.write(opening + ",\n".join(map(_encode_record, records)))
        self.count += len(records)

    def close(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")


class JsonLinesWriter:
    """One JSON object a line, a document's lines written at once."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, records: list[dict], document=None) -> None:
        if records:  # the document's lines in one write
            self.stream.write("\n".join(map(_encode_record, records)) + "\n")

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
