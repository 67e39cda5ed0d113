"""The gazetteer: canonical entities and the surface forms that name them.

A gazetteer is a CSV file with the columns ``id,type,name_ar,name_en,aliases``
(more columns, such as ``note``, are allowed and ignored). ``aliases`` holds extra
surface forms separated by ``|``. Files are validated on load; a malformed one
fails with its path, line and problem. Several files can be layered: a later file's
entry replaces an earlier entry with the same id, and wins where two entries share
a surface form.
"""

from __future__ import annotations

import csv
import os
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from functools import cache
from itertools import accumulate, chain, repeat
from operator import add, itemgetter
from pathlib import Path

from .clitics import SHORT_STEM, first_token_readings
from .errors import GazetteerError
from .resources import data_file

__all__ = [
    "ENTITY_TYPES",
    "REQUIRED_COLUMNS",
    "Entry",
    "GazetteerIndex",
    "default_gazetteer_path",
    "load_gazetteer",
    "load_gazetteers",
    "check_entries",
    "retyped_id",
    "gazetteer_stats",
    "phrase_key",
    "phrase_keys",
]

ENTITY_TYPES = ("PERSON", "ORG", "COUNTRY", "LOC")
REQUIRED_COLUMNS = ("id", "type", "name_ar", "name_en", "aliases")


@dataclass(frozen=True, slots=True)
class Entry:
    """One canonical entity."""

    id: str
    type: str
    name_ar: str
    name_en: str
    aliases: tuple[str, ...] = ()
    note: str = ""
    origin: str = field(default="", compare=False)  # "path:line" where the row stands

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """The canonical Arabic name, then every alias."""
        return (self.name_ar, *self.aliases)


def _entry_maker() -> Callable[[str, str, str, str, tuple[str, ...], str, str], Entry]:
    """``Entry(id, type, name_ar, name_en, aliases, note, origin)``, made in half the
    time, for the rows of a gazetteer file (100,000 of them in a big one): the frozen
    dataclass's ``__init__`` sets each field through ``object.__setattr__``, which looks
    the field up by name; this sets each through its slot at once, as
    ``matcher._mention_maker`` does for mentions. The class stays frozen and the entry
    is the same in every way."""
    new = object.__new__
    setters = [getattr(Entry, field.name).__set__ for field in fields(Entry)]
    set_id, set_type, set_name_ar, set_name_en, set_aliases, set_note, set_origin = setters

    def make(
        entry_id: str,
        entry_type: str,
        name_ar: str,
        name_en: str,
        aliases: tuple[str, ...],
        note: str,
        origin: str,
    ) -> Entry:
        entry = new(Entry)
        set_id(entry, entry_id)
        set_type(entry, entry_type)
        set_name_ar(entry, name_ar)
        set_name_en(entry, name_en)
        set_aliases(entry, aliases)
        set_note(entry, note)
        set_origin(entry, origin)
        return entry

    return make


_make_entry = _entry_maker()


def default_gazetteer_path() -> Path:
    """Return the gazetteer shipped with ner-cli."""
    return data_file("gazetteer.csv")


def phrase_key(surface: str) -> tuple[str, ...]:
    """Return the matching key of a surface form: its tokens, normalised.

    >>> phrase_key("منظمة شانغهاي للتعاون")
    ('منظمه', 'شانغهاي', 'للتعاون')
    """
    tokenize, fold, normalize_phrase = _keying()
    if _LETTERS_AND_SPACES.fullmatch(surface):
        return tuple(fold(surface).split())
    return normalize_phrase([token.text for token in tokenize(surface)])


def phrase_keys(surfaces: Sequence[str]) -> list[tuple[str, ...]]:
    """``phrase_key`` of each surface form, in order, for many forms at once. They are
    folded in one call, joined by a character that folds to itself and composes with
    nothing (``_JOINER``): where no form holds it, the fold of the joined forms is their
    folds, joined. A form of letters and spaces alone (nearly every form) is keyed as
    its fold split; the others, found in one search, as ``phrase_key`` keys them. A
    gazetteer of 100,000 forms is keyed several times faster than one by one."""
    _, fold, _ = _keying()
    joined = _JOINER.join(surfaces)
    if joined.count(_JOINER) != len(surfaces) - 1:
        return [phrase_key(surface) for surface in surfaces]  # a form holds the joiner
    keys = list(map(tuple, map(str.split, fold(joined).split(_JOINER)))) if surfaces else []
    # Where the form after each one starts in ``joined``: what is found at p is in form
    # bisect_right(starts, p).
    starts = list(accumulate(map(add, map(len, surfaces), repeat(1))))
    for at in {bisect_right(starts, found.start()) for found in _NOT_PLAIN.finditer(joined)}:
        keys[at] = phrase_key(surfaces[at])
    return keys


# Arabic letters, tatweel and marks (U+0621–U+065F holds no punctuation, digit or
# symbol), ASCII letters and whitespace. A form written with these alone, as nearly
# every gazetteer form is, the tokenizer splits on whitespace and nowhere else, and
# none of them folds into whitespace or across it: such a form is keyed whole, then
# split (tests/test_gazetteer.py checks this against camel_tools' tokens).
_LETTERS_AND_SPACES = re.compile(r"[\u0621-\u065fA-Za-z\s]*")
# What joins forms to be folded together (it is none of those characters), and any
# character but those and it: where it stands in the joined forms, a form that is not
# written with them alone.
_JOINER = "|"
_NOT_PLAIN = re.compile(r"[^\u0621-\u065fA-Za-z\s|]")


@cache
def _keying():
    """The tokenizer and the normalisers, imported when first needed: reading,
    validating and counting a gazetteer (``ner gazetteer stats``) needs none of them,
    and importing camel_tools costs most of a second."""
    from .normalize import normalize_key, normalize_phrase
    from .tokenize import tokenize

    # A whole form is folded without normalize_key's cache of words: forms seldom
    # repeat, and 100,000 of them would push out the words tagging looks up.
    fold = getattr(normalize_key, "__wrapped__", normalize_key)
    return tokenize, fold, normalize_phrase


def _split_aliases(cell: str) -> tuple[str, ...]:
    if not cell or cell.isspace():
        return ()
    return tuple(alias.strip() for alias in cell.split("|") if alias.strip())


# csv.field_size_limit takes a C long: 32 bits on some platforms.
LARGEST_FIELD = 2**31 - 1


def _allow_fields_of(size: int) -> None:
    """Let the csv module read a field as long as the file (its default stops at
    131,072 characters). The limit is process-wide, so it is only ever raised."""
    needed = min(size + 1, LARGEST_FIELD)
    if needed > csv.field_size_limit():
        csv.field_size_limit(needed)


def load_gazetteer(path: str | Path) -> list[Entry]:
    """Read and validate one gazetteer file."""
    return list(_load_by_id(path).values())


def _load_by_id(path: str | Path) -> dict[str, Entry]:
    """``load_gazetteer``'s entries by id, in file order."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            _allow_fields_of(os.fstat(handle.fileno()).st_size)
            return _parse_rows(str(path), csv.reader(handle))
    except OSError as error:
        raise GazetteerError(str(path), None, f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise GazetteerError(str(path), None, "cannot decode as UTF-8") from None
    except csv.Error as error:
        raise GazetteerError(str(path), None, f"malformed CSV: {error}") from None


def _parse_rows(path: str, reader) -> dict[str, Entry]:
    """The entries of the rows ``reader`` gives, by id, in file order, each row checked
    (blank ones skipped): the first problem found fails the file."""
    header = next(reader, None)
    if header is None:
        raise GazetteerError(path, 1, "empty file: expected a header row")
    header = [column.strip() for column in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise GazetteerError(path, 1, f"missing column(s): {', '.join(missing)}")
    # Only the columns an entry keeps are read (a gazetteer of 100,000 rows is read in
    # a fraction of a second); the first of two columns with one name counts.
    at_id, at_type, at_name_ar, at_name_en, at_aliases = map(header.index, REQUIRED_COLUMNS)
    at_note = header.index("note") if "note" in header else None
    width = len(header)
    first_of_id: dict[str, Entry] = {}
    for row in reader:
        # A well-formed row (nearly every one) passes these checks and is made into an
        # entry at once; any other is either blank or has a problem that _row_problem
        # names, as it would have been checked one rule after another.
        if (
            len(row) == width
            and (entry_id := row[at_id].strip())
            and (entry_type := row[at_type].strip()) in ENTITY_TYPES
            and (name_ar := row[at_name_ar].strip())
            and entry_id not in first_of_id
        ):
            first_of_id[entry_id] = _make_entry(
                entry_id,
                entry_type,
                name_ar,
                row[at_name_en].strip(),
                _split_aliases(row[at_aliases]),
                "" if at_note is None else row[at_note].strip(),
                f"{path}:{reader.line_num}",
            )
        elif "".join(row).strip():
            columns = (at_id, at_type, at_name_ar)
            raise _row_problem(path, reader.line_num, row, width, columns, first_of_id)
    return first_of_id


def _row_problem(
    path: str,
    line: int,
    row: list[str],
    width: int,
    columns: tuple[int, int, int],
    seen: dict[str, Entry],
) -> GazetteerError:
    """The error for a row that is not blank yet not a valid new entry: its first
    problem, in the order the checks are made (width, id, type, name, duplicate id).
    ``columns`` are where the id, the type and name_ar stand."""
    if len(row) != width:
        return GazetteerError(path, line, f"expected {width} fields, found {len(row)}")
    at_id, at_type, at_name_ar = columns
    entry_id, entry_type = row[at_id].strip(), row[at_type].strip()
    if not entry_id:
        return GazetteerError(path, line, "empty id")
    if entry_type not in ENTITY_TYPES:
        return GazetteerError(
            path,
            line,
            f"unknown type {entry_type!r} (expected one of {', '.join(ENTITY_TYPES)})",
        )
    if not row[at_name_ar].strip():
        return GazetteerError(path, line, f"empty name_ar for id {entry_id!r}")
    first = seen[entry_id]
    first_line = first.origin.rpartition(":")[2]
    retyped = (
        f" with another type: {first.type} there, {entry_type} here"
        if first.type != entry_type
        else ""
    )
    return GazetteerError(
        path, line, f"duplicate id {entry_id!r} (first on line {first_line}){retyped}"
    )


def load_gazetteers(paths: Sequence[str | Path], warnings: list[str] | None = None) -> list[Entry]:
    """Load several gazetteers as layers: a later entry replaces an earlier one with its id.

    The result lists the latest layer first, so that its surface forms win in the index.
    An entry that replaces one of another type is appended to ``warnings``, if given,
    as a one-line message (see ``retyped_id``).
    """
    by_id: dict[str, Entry] = {}
    for path in paths:
        layer = _load_by_id(path)
        # The ids a layer shares with earlier layers (most share none) are taken out
        # first, so that all of its entries go in after the others, in its order.
        shared = by_id.keys() & layer.keys()
        for entry in layer.values() if shared else ():
            if entry.id in shared:
                replaced = by_id.pop(entry.id)
                if warnings is not None and replaced.type != entry.type:
                    warnings.append(retyped_id(entry, replaced))
        by_id.update(layer)
    return list(reversed(by_id.values()))


def retyped_id(entry: Entry, replaced: Entry) -> str:
    """The message for an entry that replaces an entry of another type with its id."""
    path = replaced.origin.rpartition(":")[0]
    where = "the default gazetteer" if _is_default(path) else replaced.origin
    return (
        f"{entry.origin}: id {entry.id} is {replaced.type} in {where} but {entry.type} "
        f"here; every {entry.id} mention would change type"
    )


def _is_default(path: str | Path) -> bool:
    try:
        return Path(path).resolve() == default_gazetteer_path().resolve()
    except OSError:
        return False


class GazetteerIndex:
    """Surface forms as normalised token sequences, ready for longest-match lookup.

    Where two entries share a surface form, the first one given keeps it. Each surface
    form is tokenised once: the other indexes over the gazetteer (near-miss variants)
    build from :meth:`forms`.
    """

    def __init__(self, entries: Iterable[Entry]):
        self.entries: list[Entry] = list(entries)
        self.warnings: list[str] = []  # see ``from_paths``
        self._forms: list[tuple[tuple[str, ...], Entry]] = []
        self._phrases: dict[tuple[str, ...], Entry] = {}
        self._longest: dict[str, int] = {}
        self._prefixes: set[tuple[str, ...]] = set()  # of forms of several words, shorter
        self._openings: dict[str, tuple[tuple[str, int, int, int], ...]] = {}
        self._openers: dict[str, tuple[tuple[str, int, int, int], ...]] = {}  # not empty
        # Each step below is a call into C over all the forms: a gazetteer may have
        # hundreds of thousands of them.
        forms_of = [entry.surface_forms for entry in self.entries]
        keys = phrase_keys(list(chain.from_iterable(forms_of)))
        owners = list(chain.from_iterable(map(repeat, self.entries, map(len, forms_of))))
        self._forms = list(zip(keys, owners, strict=True))
        # Each key where it first stands, with the first of its entries (assigned last).
        self._phrases = dict.fromkeys(keys)
        self._phrases.update(zip(reversed(keys), reversed(owners), strict=True))
        self._phrases.pop((), None)  # a form without letters names nothing
        by_length = sorted(self._phrases, key=len)
        lengths = list(map(len, by_length))
        # Of a word's forms sorted by length, the longest it opens is the last.
        self._longest = dict(zip(map(itemgetter(0), by_length), lengths, strict=True))
        for length in range(1, lengths[-1] if lengths else 0):
            longer = by_length[bisect_right(lengths, length) :]
            self._prefixes.update(map(itemgetter(slice(length)), longer))

    def __len__(self) -> int:
        return len(self.entries)

    def openings(self, key: str) -> tuple[tuple[str, int, int, int], ...]:
        """How a token with this key may open a surface form: ``(stem, proclitic length,
        fewest tokens, most tokens)`` for each reading of it (proclitics taken off or
        not) that starts one. A short stem left by a proclitic opens only names of
        several words. Most words open none; the answer is kept, since words repeat."""
        known = self._openings.get(key)
        if known is None:
            known = tuple(
                (stem, proclitic, 2 if proclitic and len(stem) < SHORT_STEM else 1, longest)
                for stem, proclitic in first_token_readings(key)
                if (longest := self._longest.get(stem, 0))
            )
            if len(self._openings) > 1 << 17:
                self._openings.clear()
                self._openers.clear()
            self._openings[key] = known
            if known:
                self._openers[key] = known
        return known

    def openers(self, keys: Iterable[str]) -> dict[str, tuple[tuple[str, int, int, int], ...]]:
        """The ``openings`` of each of ``keys`` that opens a surface form. Words repeat:
        those seen before are sorted out with set operations, in C, and only the new
        ones are asked."""
        distinct = set(keys)
        found = {key: self._openers[key] for key in self._openers.keys() & distinct}
        for key in distinct.difference(self._openings):
            if known := self.openings(key):
                found[key] = known
        return found

    def forms_at(
        self, stem: str, keys: Sequence[str], after: int, fewest: int, most: int
    ) -> list[tuple[int, Entry]]:
        """The surface forms of ``fewest`` to ``most`` tokens whose keys are ``stem``, then
        ``keys[after:]``: ``(tokens, entry)``, the longest first, as ``lookup`` finds them
        one length after another. The keys are read one by one only while they go on
        with the first words of a form, which most stop doing at once."""
        found = []
        phrases, prefixes = self._phrases, self._prefixes
        probe = (stem,)
        length = 1
        while True:
            if length >= fewest and (entry := phrases.get(probe)) is not None:
                found.append((length, entry))
            if length >= most or probe not in prefixes:
                break
            probe = (*probe, keys[after + length - 1])
            length += 1
        found.reverse()
        return found

    def forms(self) -> Iterable[tuple[tuple[str, ...], Entry]]:
        """Every surface form of every entry as its token-key sequence (empty for a
        form without letters), with its entry, in gazetteer order: shared forms are
        listed for each entry that has them."""
        return iter(self._forms)

    def phrases(self) -> Iterable[tuple[tuple[str, ...], Entry]]:
        """Every surface form as a token-key sequence, with the entry it names."""
        return self._phrases.items()

    def lookup(self, key: tuple[str, ...]) -> Entry | None:
        """Return the entry named by this token-key sequence, if any."""
        return self._phrases.get(key)

    @classmethod
    def from_paths(cls, paths: Sequence[str | Path]) -> GazetteerIndex:
        """Build the index of the given gazetteer files, layered in order. Its
        ``warnings`` name the entries that replace an entry of another type with its id,
        one line each, for the caller to show."""
        warnings: list[str] = []
        index = cls(load_gazetteers(paths, warnings))
        index.warnings = warnings
        return index


def check_entries(entries: Iterable[Entry], base: Iterable[Entry] | None = None) -> list[str]:
    """Return the problems a well-kept gazetteer must not have, one line each.

    Loading already rejects missing columns, unknown types, empty names and
    duplicate ids. This adds: country ids that are not ISO alpha-3 shaped, surface
    forms repeated within one entry, surface forms two entries share (a city and
    a country with one name, say), which must be resolved deliberately by keeping
    the form on one entry only, and forms that are function words or titles (في،
    الرئيس), which would be tagged wherever a text uses them.

    ``base`` is the gazetteer these entries are layered on (the default one, for an
    extra gazetteer). Against it, this also reports ids that it gives another type
    (the entry would replace its entry, and every mention change type), and forms it
    does not already list that are shorter than three letters once normalised
    (Latin capitals such as UN aside) or, for single words, everyday vocabulary
    (data/common_words.txt; an entry's own name_ar may be one, given names too).
    Forms the base lists are names ner-cli already matches.
    """
    base = None if base is None else list(base)
    base_by_id = {entry.id: entry for entry in base or ()}
    traps = _WordTraps(base)
    problems = []
    owner: dict[tuple[str, ...], Entry] = {}
    for entry in entries:
        replaced = base_by_id.get(entry.id)
        if replaced is not None and replaced.type != entry.type:
            problems.append(retyped_id(entry, replaced))
        if entry.type == "COUNTRY" and not (
            len(entry.id) == 3 and entry.id.isascii() and entry.id.isupper()
        ):
            problems.append(f"{entry.origin}: country id {entry.id!r} is not ISO alpha-3 shaped")
        seen_here: set[tuple[str, ...]] = set()
        for surface in entry.surface_forms:
            key = phrase_key(surface)
            if not key:
                problems.append(f"{entry.origin}: {entry.id}: {surface!r} has no letters to match")
                continue
            if key in seen_here:
                problems.append(
                    f"{entry.origin}: {entry.id}: {surface!r} repeats another of its forms "
                    "once normalised"
                )
                continue
            seen_here.add(key)
            trap = traps.find(key, surface, entry)
            if trap:
                problems.append(
                    f"{entry.origin}: {entry.id}: {surface!r} {trap}; every use of it in a "
                    f"text would be tagged {entry.type}"
                )
            other = owner.setdefault(key, entry)
            if other is not entry:
                problems.append(
                    f"{entry.origin}: {entry.id}: {surface!r} is also a form of {other.id} "
                    f"({other.origin}); keep it on one entry"
                )
    return problems


class _WordTraps:
    """What makes a surface form match ordinary words (see ``check_entries``)."""

    def __init__(self, base: list[Entry] | None):
        from .lexicon import NOT_NAMES, PHRASE_LINKS, Lexicon  # lexicon imports this module

        self.never_names = NOT_NAMES | PHRASE_LINKS
        self.lexicon = Lexicon.default()
        self.layered = base is not None
        self.known = {phrase_key(form) for entry in base or () for form in entry.surface_forms}

    def find(self, key: tuple[str, ...], surface: str, entry: Entry) -> str | None:
        if len(key) == 1 and key[0] in self.never_names:
            return "is an everyday word, never a name"
        if not self.layered or key in self.known:
            return None
        written = "".join(key)
        latin_capitals = written.isascii() and written.isupper() and len(written) >= 2
        if sum(char.isalpha() for char in written) < 3 and not latin_capitals:
            return "has fewer than three letters"
        if (
            len(key) == 1
            and key[0] in self.lexicon.common
            and key[0] not in self.lexicon.given
            and surface != entry.name_ar
        ):
            return "is an everyday word (data/common_words.txt)"
        return None


def gazetteer_stats(entries: Iterable[Entry]) -> dict[str, dict[str, int]]:
    """Count entries and surface forms per type, with a total row."""
    entries = list(entries)
    counts = {
        kind: {
            "entries": sum(e.type == kind for e in entries),
            "surface_forms": sum(len(e.surface_forms) for e in entries if e.type == kind),
        }
        for kind in ENTITY_TYPES
    }
    counts["total"] = {
        column: sum(row[column] for row in counts.values())
        for column in ("entries", "surface_forms")
    }
    return counts
