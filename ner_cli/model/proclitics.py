"""Where a name starts inside its first token: after any attached proclitic.

The corpora and the model tag whole tokens (``وإسرائيل``), while ENTITIES.md spans
leave و ف ب ك ل out. Which reading is right is a question of vocabulary, asked in
this order:

1. names: where the whole token or a stem is known as the first word of a name
   (gazetteer words, given names, names in corpora that split proclitics off), the
   better known reading wins: ``وليد``, ``بان`` and ``كوفي`` stay whole,
   ``وإسرائيل`` is و + ``إسرائيل``;
2. words: a stem of three letters or more, not a function
   word, that stands alone far more often than the whole token (``وزارة`` stays,
   ``ولبنان`` → ``لبنان``);
3. the article: ``والكرملين`` is و + ``الكرملين``. Otherwise the token stays whole.

Only و ب ل وب ول (and لل) are read off: ك (like) and ف (so) before a name are rare
in news, and names that start with ك or ف are not (كوفي، كلاوس، فاليانتسين).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..clitics import first_token_readings
from ..lexicon import STOP_WORDS
from ..normalize import normalize_key, original_prefix_length

__all__ = ["proclitic_length"]

# The proclitics news writes before a bare name; ك (like) and ف (so) before a name are
# rare, and a name that starts with ك or ف is not (كوفي، كريم، فلاديمير).
USUAL_BEFORE_NAMES = frozenset({"و", "ب", "ل", "وب", "ول"})


def proclitic_length(
    written: str,
    counts: Mapping[str, int],
    key: str | None = None,
    names: Mapping[str, int] | None = None,
) -> int:
    """How many characters of ``written`` are proclitics before the name it opens.

    ``counts`` tells how often each matching key stands as a word of its own,
    ``names`` how often it opens a name.
    """
    if key is None:
        key = normalize_key(written)
    readings = [
        (stem, length)
        for stem, length in first_token_readings(key)[1:]
        if key[:length] in USUAL_BEFORE_NAMES  # لل reads as ل + ال: ("الامم", 1)
    ]
    if not readings:
        return 0
    best = _by_names(key, readings, names) if names else None
    if best is None:
        best = _by_words(key, readings, counts)
    return original_prefix_length(written, best) if best else 0


def _by_names(key, readings, names: Mapping[str, int]) -> int | None:
    whole = names.get(key, 0)
    best, best_count = 0, whole
    for stem, length in readings:
        count = names.get(stem, 0)
        if count > best_count:
            best, best_count = length, count
    return best if best_count else None


def _by_words(key, readings, counts: Mapping[str, int]) -> int:
    whole = counts.get(key, 0)
    best, best_count = 0, 2 * whole
    for stem, length in readings:
        count = counts.get(stem, 0)
        if len(stem) >= 3 and stem not in STOP_WORDS and count > best_count:
            best, best_count = length, count
    if best == 0 and whole == 0:
        for stem, length in readings:
            if stem.startswith("ال") and len(stem) > 3:
                best = max(best, length)
    return best
