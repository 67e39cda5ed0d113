"""Proclitics: the ways to read a word that may carry و ف ب ك ل in front.

Arabic writes the conjunctions و ف and the prepositions ب ك ل attached to the next
word, alone or combined (وب، ول، فل …); ل before the article drops its alef (لل).
A word is read every way these allow, and the matcher and the rules keep the
readings that name something.
"""

from __future__ import annotations

from .memo import short_cache

__all__ = ["PROCLITICS", "SHORT_STEM", "first_token_readings", "keys_read_as"]

# Longest first, so that و + ب is tried as وب before و alone.
PROCLITICS = ("وب", "وك", "ول", "فب", "فك", "فل", "و", "ف", "ب", "ك", "ل")
CONJUNCTIONS = ("", "و", "ف")
# What may remain once a proclitic is taken off. Two letters still name someone in a
# longer name (ولي كيانغ: و + لي كيانغ), so matching lets a stem shorter than
# ``SHORT_STEM`` open only names of several words.
MIN_STEM_LENGTH = 2
SHORT_STEM = 3


@short_cache(maxsize=1 << 17)
def first_token_readings(key: str) -> tuple[tuple[str, int], ...]:
    """Return the ways to read a first token: ``(stem key, proclitic length in the key)``.

    >>> first_token_readings("للامم")
    (('للامم', 0), ('الامم', 1), ('لامم', 1))
    """
    readings = [(key, 0)]
    for conjunction in CONJUNCTIONS:
        prefix = conjunction + "لل"  # ل + ال: the stem gets its article back
        if key.startswith(prefix) and len(key) > len(prefix):
            readings.append(("ال" + key[len(prefix) :], len(conjunction) + 1))
    for proclitic in PROCLITICS:
        if key.startswith(proclitic) and len(key) - len(proclitic) >= MIN_STEM_LENGTH:
            readings.append((key[len(proclitic) :], len(proclitic)))
    return tuple(readings)


@short_cache(maxsize=1 << 14)
def keys_read_as(stem: str) -> tuple[str, ...]:
    """Every key one of whose ``first_token_readings`` could be ``stem``: the stem
    itself, behind each proclitic, and ل + ال written لل. A superset: which of them
    really read so is ``first_token_readings``' answer. Kept: the words asked about
    (the parts of names found) repeat.

    >>> "للامم" in keys_read_as("الامم"), "وبالامم" in keys_read_as("الامم")
    (True, True)
    """
    keys = [stem, *(proclitic + stem for proclitic in PROCLITICS)]
    if stem.startswith("ال"):
        keys.extend(conjunction + "ل" + stem[1:] for conjunction in CONJUNCTIONS)
    return tuple(keys)
