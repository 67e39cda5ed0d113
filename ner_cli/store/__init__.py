"""The archive: mentions kept in an SQLite file that grows run by run, and asked questions.

The data path: the tables and opening a file (:mod:`.schema`) → what a document's
records depend on (:mod:`.fingerprint`) → bringing the archive up to date, a document
per transaction (:mod:`.writer`) → the questions ``ner query`` asks (:mod:`.queries`).
"""

from __future__ import annotations

from .fingerprint import content_hash, gazetteer_hash, tagger_version
from .schema import SCHEMA, open_archive
from .writer import Archive, describe

__all__ = [
    "SCHEMA",
    "Archive",
    "content_hash",
    "describe",
    "gazetteer_hash",
    "open_archive",
    "tagger_version",
]
