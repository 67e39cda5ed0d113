"""The errors ner-cli reports to its users, each one line naming the file and the problem."""

from __future__ import annotations

__all__ = ["NerError", "InputError", "GazetteerError", "ArchiveError", "printable_name", "reason"]


def printable_name(path: str) -> str:
    """A path as text that always encodes: bytes that were not UTF-8 in the file name
    (kept by Python as surrogate escapes) become ``\\x..`` escapes.

    >>> printable_name("\\udce3\\udcde.txt")
    '\\\\xe3\\\\xde.txt'
    """
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def reason(error: OSError) -> str:
    """An operating-system error in a user's words, lower-cased to follow a colon:
    ``no space left on device``."""
    return (error.strerror or str(error)).lower()


class NerError(Exception):
    """Base class: an error the CLI prints as one line, without a traceback."""


class InputError(NerError):
    """An input file that cannot be read as text; the run skips it and goes on."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{printable_name(source)}: {problem}")
        self.source = source
        self.problem = problem


class GazetteerError(NerError):
    """A gazetteer file that is malformed; nothing can be tagged against it."""

    def __init__(self, path: str, line: int | None, problem: str):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


class ArchiveError(NerError):
    """An SQLite archive that cannot be opened or written: not an archive, a newer
    schema, locked by another run, a full disk."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
