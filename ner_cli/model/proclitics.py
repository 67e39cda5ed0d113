"""Where a name starts inside its first token: after any attached proclitic.

The corpora and the model tag whole tokens (``وإسرائيل``), while ENTITIES.md spans
leave و ف ب ك ل out. Which reading is right is a question of vocabulary: a stem
that is a known word far more often than the whole token is the name
(``وإسرائيل`` → ``إسرائيل``), a whole token that is known and whose stem is not is
itself the name (``وزارة``, ``وليد``, ``بوتين``). Where neither is known, only the
article tells: ``والكرملين`` is و + ``الكرملين``; otherwise the token is kept whole.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..clitics import first_token_readings
from ..normalize import normalize_key, original_prefix_length

__all__ = ["proclitic_length"]


def proclitic_length(written: str, counts: Mapping[str, int], key: str | None = None) -> int:
    """How many characters of ``written`` are proclitics before the name it opens.

    ``counts`` tells how often each matching key stands as a word of its own.
    """
    if key is None:
        key = normalize_key(written)
    readings = first_token_readings(key)[1:]
    if not readings:
        return 0
    whole = counts.get(key, 0)
    best, best_count = 0, whole
    for stem, length in readings:
        count = counts.get(stem, 0)
        if count > best_count:
            best, best_count = length, count
    if best == 0 and whole == 0:
        for stem, length in readings:
            if stem.startswith("ال") and len(stem) > 3:
                best = max(best, length)
    return original_prefix_length(written, best) if best else 0
