"""Arabic for terminals: shaping and ordering for display, and when to do it.

Many terminals (xterm, tmux, Windows Terminal, iTerm2 …) do not apply the Unicode
bidirectional algorithm: Arabic comes out reversed and its letters unjoined.
``visual`` shapes Arabic letters (arabic-reshaper) and reorders each line into the
order it is seen (python-bidi's levels, paired brackets included), mirrors brackets in
right-to-left runs and keeps combining marks after their letter, so such a terminal
shows it right; ``visual_runs`` does the same for a line with styled spans, shaping the
whole line before it is cut for styling. It is for the screen only: JSON, CSV and files
always keep the text's logical order.

``--bidi auto`` (the default, or ``NER_BIDI``) reorders when the table goes to a
terminal that is not known to reorder by itself (Konsole, mlterm, and VTE-based
terminals such as GNOME Terminal from VTE 0.58 do it themselves), and never when the
table goes to a file or a pipe, where editors and browsers do it right.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache

__all__ = [
    "BIDI_MODES",
    "bidi_wanted",
    "escape_controls",
    "has_arabic",
    "printable_record",
    "visual",
    "visual_runs",
]

# C0 controls but tab and newline, DEL, and C1 controls: a terminal acts on them
# (ESC starts sequences that clear the screen, set its title, or hide a link).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_AND_LINES = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LEVEL = re.compile(r"Level\(\s*(\d+)")
_PIECES = re.compile(r"\s+|\S+")
# Bidi classes that leave a right-to-left line at one level: right-to-left letters and
# neutrals (no left-to-right letter, no digit, no explicit embedding or isolate).
_RIGHT_TO_LEFT_OR_NEUTRAL = frozenset(
    ("AL", "R", "WS", "ON", "CS", "ES", "ET", "NSM", "B", "S", "BN")
)
_PHRASE_LIGATURES = (
    "ARABIC LIGATURE BISMILLAH AR-RAHMAN AR-RAHEEM",
    "ARABIC LIGATURE JALLAJALALOUHOU",
    "ARABIC LIGATURE SALLALLAHOU ALAYHE WASALLAM",
)
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")

BIDI_MODES = ("auto", "on", "off")
_FIRST_VTE_WITH_BIDI = 5800  # VTE_VERSION is 5800 for VTE 0.58


@cache
def _reshaper():
    from arabic_reshaper import ArabicReshaper

    # Harakat kept; no ligature of whole phrases (one glyph for four words, wider than
    # the one cell a terminal gives it), so that shaping goes word by word.
    return ArabicReshaper(
        configuration={"delete_harakat": False} | dict.fromkeys(_PHRASE_LIGATURES, False)
    )


def escape_controls(text: str, one_line: bool = False) -> str:
    """Show control characters as ``\\x..`` escapes, so text printed to a terminal can
    never drive it; tab and newline stay, unless the text must be ``one_line``.

    >>> escape_controls("زار\\x1b[2J طشقند")
    'زار\\\\x1b[2J طشقند'
    """
    pattern = _CONTROLS_AND_LINES if one_line else _CONTROLS
    return pattern.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def printable_record(record: Mapping) -> dict:
    """A record (or summary row) with control characters escaped in its text values,
    for display on a terminal only: data formats keep the text as it is."""
    return {
        key: escape_controls(value)
        if isinstance(value, str)
        else [escape_controls(item) for item in value]
        if isinstance(value, list)
        else value
        for key, value in record.items()
    }


def has_arabic(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter (Hebrew, Arabic, Syriac, Thaana …)."""
    return _RIGHT_TO_LEFT.search(text) is not None


def _presentation(char: str) -> bool:
    return "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufeff"


@lru_cache(maxsize=8192)  # words come back line after line
def _shaped_word(word: str) -> tuple[str, tuple[int, ...]]:
    """A word with its Arabic letters in their joined forms, and how many characters of
    ``word`` each shaped character stands for (a ligature such as lam-alef: two). A word
    the reshaper does not map one to one (a decomposed letter, say) stays unshaped."""
    shaped = _reshaper().reshape(word)
    sizes, position = [], 0
    for char in shaped:
        if char == word[position : position + 1]:  # as written (presentation forms too)
            size = 1
        elif _presentation(char):
            size = len(unicodedata.normalize("NFKC", char))
        else:
            return word, (1,) * len(word)
        sizes.append(size)
        position += size
    if position != len(word):
        return word, (1,) * len(word)
    return shaped, tuple(sizes)


def _shaped(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with Arabic letters in their joined forms, and for each shaped character
    the span ``[start, end)`` of ``text`` it stands for. Letters join within a word only,
    so words are shaped one by one (and remembered); a line is shaped whole before it is
    cut into styled runs, which is what keeps letters joined across a highlight's edge."""
    pieces, origins, position = [], [], 0
    for piece in _PIECES.findall(text):
        shaped, sizes = (piece, (1,) * len(piece)) if piece[0].isspace() else _shaped_word(piece)
        for size in sizes:
            origins.append((position, position + size))
            position += size
        pieces.append(shaped)
    return "".join(pieces), origins


@cache
def _plainly_right_to_left(char: str) -> bool:
    return unicodedata.bidirectional(char) in _RIGHT_TO_LEFT_OR_NEUTRAL


def _levels(text: str, base: str) -> list[int]:
    """The bidi embedding level of each character of ``text`` (UAX #9, paired brackets
    included). A right-to-left line with no left-to-right letter, digit or explicit
    direction mark is all at level 1; any other line is resolved by :func:`_resolved`."""
    if base == "R" and all(_plainly_right_to_left(char) for char in set(text)):
        return [1] * len(text)
    return _resolved(text, base)


def _resolved(text: str, base: str) -> list[int]:
    """The levels of :func:`_levels` from python-bidi's Rust core (the unicode-bidi
    crate), which gives them only in its debug report, one per UTF-8 byte: read there,
    one per character."""
    from bidi import get_base_level, get_display

    report = get_display(text, base_dir=None if base == "auto" else base, debug=True)
    listed = report[report.index("levels: [") :]
    by_byte = [int(level) for level in _LEVEL.findall(listed[: listed.index("]")])]
    levels, offset = [], 0
    for char in text:
        levels.append(by_byte[offset] if offset < len(by_byte) else 0)
        offset += len(char.encode("utf-8", "surrogatepass"))
    if len(by_byte) != offset:
        raise ValueError("python-bidi's report does not give one level per byte")
    paragraph = {"R": 1, "L": 0}.get(base) if base != "auto" else get_base_level(text)
    # Rule L1: tabs, and whitespace before a tab or at the end, take the paragraph level.
    trailing = True
    for index in range(len(text) - 1, -1, -1):
        trailing = text[index] == "\t" or trailing and text[index].isspace()
        if trailing:
            levels[index] = paragraph
    return levels


def _reordered(text: str, base: str) -> list[tuple[int, str]]:
    """The characters of ``text`` in the order they are seen, left to right, each with
    its position in ``text``: runs reversed by level (rule L2), brackets and other
    mirrored characters drawn mirrored in right-to-left runs (rule L4, which python-bidi's
    ``get_display`` skips), combining marks kept after the letter they sit on (rule L3)."""
    from bidi.algorithm import MIRRORED

    levels = _levels(text, base)
    order = list(range(len(text)))
    lowest_odd = min((level for level in levels if level % 2), default=None)
    if lowest_odd is not None and min(levels) == max(levels):  # one right-to-left run
        order.reverse()
    elif lowest_odd is not None:
        for level in range(max(levels), lowest_odd - 1, -1):
            position = 0
            while position < len(order):
                if levels[order[position]] < level:
                    position += 1
                    continue
                end = position
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[position:end] = reversed(order[position:end])
                position = end
    seen, marks = [], []
    for index in order:
        char = text[index]
        if levels[index] % 2:
            char = MIRRORED.get(char, char)
            if unicodedata.combining(char):
                marks.append((index, char))
                continue
        seen.append((index, char))
        seen.extend(marks)
        marks = []
    return seen + marks


def visual_runs(
    text: str, spans: Sequence[tuple[int, int, str]] = (), base: str = "R"
) -> list[tuple[str, str]]:
    """``text`` shaped and in display order as runs of ``(characters, style)``: each
    character styled as the span of ``spans`` (``start, end, style`` in ``text``) it
    falls in, or ``""``. The whole line is shaped before it is cut into styled runs, so
    a highlighted name joins its neighbours as it does unhighlighted. One line only.
    ``base``: the paragraph direction, ``R``, ``L`` or ``auto`` (from the first strong
    letter).

    >>> visual_runs("abc (x)", [(5, 6, "bold")], base="L")
    [('abc (', ''), ('x', 'bold'), (')', '')]
    """
    if has_arabic(text):
        shaped, origins = _shaped(text)
        order = _reordered(shaped, base)
    else:  # nothing right to left: as it is, like ``visual``
        origins = [(index, index + 1) for index in range(len(text))]
        order = list(enumerate(text))
    styles = [""] * len(text)
    for start, end, style in reversed(spans):  # the first span given wins
        for at in range(max(0, start), min(end, len(text))):
            styles[at] = style
    runs: list[tuple[list[str], str]] = []
    for index, char in order:
        start, end = origins[index]  # a ligature is styled if any of its letters is
        style = next((styles[at] for at in range(start, end) if styles[at]), "")
        if runs and runs[-1][1] == style:
            runs[-1][0].append(char)
        else:
            runs.append(([char], style))
    return [("".join(chars), style) for chars, style in runs]


def visual(text: str, base: str = "R") -> str:
    """Return ``text`` shaped and in display order, for terminals without bidi support;
    each line on its own, brackets mirrored.

    >>> visual("abc")
    'abc'
    """
    if not has_arabic(text):
        return text
    return "\n".join(
        "".join(chars for chars, _ in visual_runs(line, base=base)) for line in text.split("\n")
    )


def terminal_does_bidi(environ: Mapping[str, str]) -> bool:
    """Whether the terminal described by these environment variables reorders by itself."""
    if environ.get("KONSOLE_VERSION") or environ.get("MLTERM"):
        return True
    vte = environ.get("VTE_VERSION", "")
    return vte.isdigit() and int(vte) >= _FIRST_VTE_WITH_BIDI and "TMUX" not in environ


def bidi_wanted(mode: str, to_terminal: bool, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to reorder Arabic for display, for ``--bidi`` ``on``, ``off`` or ``auto``."""
    if mode == "on":
        return True
    if mode == "off":
        return False
    return to_terminal and not terminal_does_bidi(environ)
