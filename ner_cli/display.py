"""Arabic for terminals: shaping and ordering for display, and when to do it.

Many terminals (xterm, tmux, Windows Terminal, iTerm2 …) do not apply the Unicode
bidirectional algorithm: Arabic comes out reversed and its letters unjoined.
``visual`` shapes Arabic letters (arabic-reshaper) and reorders each line into the
order it is seen (python-bidi), so such a terminal shows it right. It is for the
table on a screen only: JSON, CSV and files always keep the text's logical order.

``--bidi auto`` (the default, or ``NER_BIDI``) reorders when the table goes to a
terminal that is not known to reorder by itself (Konsole, mlterm, and VTE-based
terminals such as GNOME Terminal from VTE 0.58 do it themselves), and never when the
table goes to a file or a pipe, where editors and browsers do it right.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import cache

__all__ = ["BIDI_MODES", "bidi_wanted", "escape_controls", "printable_record", "visual"]

# C0 controls but tab and newline, DEL, and C1 controls: a terminal acts on them
# (ESC starts sequences that clear the screen, set its title, or hide a link).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_AND_LINES = re.compile(r"[\x00-\x1f\x7f-\x9f]")

BIDI_MODES = ("auto", "on", "off")
_FIRST_VTE_WITH_BIDI = 5800  # VTE_VERSION is 5800 for VTE 0.58


@cache
def _reshaper():
    from arabic_reshaper import ArabicReshaper

    return ArabicReshaper(configuration={"delete_harakat": False})


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


def visual(text: str) -> str:
    """Return ``text`` shaped and in display order, for terminals without bidi support.

    >>> visual("abc")
    'abc'
    """
    from bidi import get_display

    if not any("\u0590" <= char <= "\u08ff" or "\ufb50" <= char <= "\ufefc" for char in text):
        return text
    return get_display(_reshaper().reshape(text), base_dir="R")


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
