"""What a document's records depend on, as strings an archive compares between runs.

A document is tagged again when its text changes (``content_hash``), when the tagger
would tag it differently (``tagger_version``: ner-cli's version for the code, the
switches and context width, and the shipped word lists and model files), or when the
gazetteers change (``gazetteer_hash``). All three are computed from bytes alone,
without building a tagger, so a run with nothing to tag stays fast.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..errors import GazetteerError
from ..gazetteer import default_gazetteer_path
from ..inputs import Document
from ..resources import data_file

__all__ = ["content_hash", "gazetteer_hash", "tagger_version"]

# The shipped files the context rules and the learned tagger read besides the gazetteer.
WORD_LISTS = ("common_words.txt", "given_names.txt")
MODEL_FILES = ("word_bands.tsv", "model/tagger.npz", "model/vocabulary.json", "model/names.json")
DIGEST_LENGTH = 12


def _digest(chunks) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(len(chunk).to_bytes(8, "big"))  # no two sequences hash alike
        digest.update(chunk)
    return digest.hexdigest()


def content_hash(document: Document) -> str:
    """SHA-256 of what is tagged: the document's text, and its title (HTML pages)."""
    return _digest([document.text.encode("utf-8"), document.title.encode("utf-8")])


def tagger_version(rules: bool, model: bool, context_width: int) -> str:
    """A readable version of the tagging: ``0.1.0 gazetteer+rules+model context=40
    data=…`` (the last a hash of the shipped word lists, and model files if used)."""
    steps = "+".join(["gazetteer", *(["rules"] if rules else []), *(["model"] if model else [])])
    files = [*WORD_LISTS, *(MODEL_FILES if model else ())]
    data = _digest(data_file(name).read_bytes() for name in files)[:DIGEST_LENGTH]
    return f"{__version__} {steps} context={context_width} data={data}"


def gazetteer_hash(extra_gazetteers: Sequence[str | Path] = ()) -> str:
    """SHA-256 over the contents of the default gazetteer and the extra ones, in order."""
    paths = [default_gazetteer_path(), *map(Path, extra_gazetteers)]
    contents = []
    for path in paths:
        try:
            contents.append(path.read_bytes())
        except OSError as error:
            raise GazetteerError(str(path), None, f"cannot read: {error.strerror}") from None
    return _digest(contents)
