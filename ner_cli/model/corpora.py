"""Readers for the public annotated corpora the model learns from (and is scored on).

Each reader returns sentences as lists of ``(token, tag)``, tags in IOB2 over this
project's types (ENTITIES.md): PERSON, ORG, LOC and, where a corpus tells them apart,
COUNTRY. MISC and the classes ENTITIES.md does not count are ``O``.

- ANERcorp (CAMeL Lab split) and AQMAR: whitespace tokens with proclitics attached,
  as raw text has them; one LOC for countries and places.
- WikiFANE / NewsFANE: normalised text with و/ف, ك and pronoun suffixes split off;
  the reader joins them back onto their word so that tokens look like raw text.

The corpora are never shipped: ``scripts/train_tagger.py`` and the benchmarks read
them from ``../shared/corpora``, the workplace's shared data beside the clone
(optional: only training and those benchmarks need it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

__all__ = [
    "Sentence",
    "entities_of",
    "fane_type",
    "read_anercorp",
    "read_aqmar",
    "read_fane",
    "repaired_anercorp_test",
    "retype",
]

Sentence = list[tuple[str, str]]

ANERCORP_TYPES = {"PERS": "PERSON", "PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}

_FANE_PERSON = {
    "Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist",
    "Businessperson", "Engineer", "Lawyer", "Police",
}  # fmt: skip
_FANE_ORG = {
    "Government", "Non-Governmental", "Commercial", "Media", "Educational", "Sports",
    "Religious_ORG", "Medical-Science", "Entertainment",
}  # fmt: skip
_FANE_LOC = {
    "Population-Center", "State-or-Province", "County-or-District", "GPE-Cluster",
    "Continent", "Water-Body", "Land-Region-Natural", "Celestial",
}  # fmt: skip
# Split-off pieces of FANE text: conjunctions and prepositions that belong to the next
# word, pronoun suffixes that belong to the previous one.
_FANE_PROCLITICS = {"و", "ف", "ك"}
_FANE_SUFFIXES = {"ه", "ها", "هم", "هما", "هن", "ي", "نا", "كم", "كما", "كن"}
_MARKS = "\ufeff\u200e\u200f"


def fane_type(label: str) -> str:
    """The ENTITIES.md type of a fine FANE label, or "" where it is not an entity
    (Group, facilities, vehicles, weapons, products). Mapping: ../shared/corpora/fane."""
    if label == "Nation":
        return "COUNTRY"
    if label in _FANE_PERSON:
        return "PERSON"
    if label in _FANE_ORG:
        return "ORG"
    if label in _FANE_LOC:
        return "LOC"
    return ""


def _tag(prefix: str, kind: str) -> str:
    return f"{prefix}-{kind}" if kind else "O"


def _iob(raw: str, mapping) -> str:
    """An IOB2 tag of a corpus, mapped to this project's types; odd spellings read as O."""
    raw = raw.strip()
    if len(raw) < 3 or raw[1] != "-" or raw[0] not in "BI":
        return "O"
    return _tag(raw[0], mapping(raw[2:].strip("-")))


def _repair(sentence: Sentence) -> Sentence:
    """IOB2 as conlleval reads it: an I- that does not continue its type opens an entity."""
    fixed, previous = [], "O"
    for token, tag in sentence:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        fixed.append((token, tag))
        previous = tag
    return fixed


def _sentences(lines: Iterable[str], separator, mapping) -> Iterator[Sentence]:
    sentence: Sentence = []
    for line in lines:
        line = line.rstrip("\r\n").lstrip(_MARKS)
        if separator(line):
            if sentence:
                yield _repair(sentence)
            sentence = []
            continue
        token, _, raw = line.rpartition("\t" if "\t" in line else " ")
        token = token.strip().replace("\u200e", "")
        if token:
            sentence.append((token, _iob(raw, mapping)))
    if sentence:
        yield _repair(sentence)


def read_anercorp(path: str | Path) -> list[Sentence]:
    """ANERcorp (CAMeL Lab split): ``word tag`` lines, a blank line between sentences."""
    with open(path, encoding="utf-8") as lines:
        return list(_sentences(lines, lambda line: not line.strip(), ANERCORP_TYPES.get))


# The tags ANERcorp's CAMeL Lab files use; the original corpus misspells some of them.
_ANERCORP_TAGS = {"O"} | {f"{p}-{t}" for p in "BI" for t in ("PERS", "LOC", "ORG", "MISC")}
# How CAMeL Lab made the test file's words from the original's (their README, rules 2-3).
_CAMEL_DOTS = str.maketrans({"\u00b7": ".", "\u2022": ".", "\u200f": None})


def repaired_anercorp_test(test_path: str | Path, original_path: str | Path) -> list[Sentence]:
    """ANERcorp's CAMeL Lab test split with its known defect mended: at the 956 places
    (sentence starts, and words after a period; 955 differ) where the released file holds some
    other ANERcorp word with that word's own tag (``برند B-PERS`` for ``وأكد O``), the
    original corpus's word and tag; everywhere else the released file's, whose tags
    CAMeL Lab corrected. Sentences end after each run of periods, as CAMeL Lab's rule 4
    has it. For reading the tool's accuracy on the real text; published scores use the
    file as released (``../shared/corpora/anercorp/README.md``)."""
    # The released words with their raw tags, not read_anercorp's: it turns an I- tag at
    # a sentence start into B-, which would cut the names the repair joins up again.
    released, opens = [], []  # the words, and whether each starts a sentence or follows a period
    with open(test_path, encoding="utf-8") as lines:
        follows = True
        for line in lines:
            if not line.strip():
                follows = True
                continue
            word, _, tag = line.rstrip("\r\n").rpartition(" ")
            released.append((word.strip(), tag.strip()))
            opens.append(follows)
            follows = word.strip() == "."
    original = []
    with open(original_path, encoding="utf-8") as lines:
        for line in lines:
            word, _, tag = line.rstrip("\r\n").translate(_CAMEL_DOTS).rpartition(" ")
            if word.strip():
                original.append((word.strip(), tag.strip()))
    original = original[-len(released) :]
    if len(original) != len(released):
        raise ValueError(f"{original_path} is shorter than {test_path}: they do not align")
    pairs = list(zip(released, original, opens, strict=True))
    if any(mine[0] != theirs[0] and not at_start for mine, theirs, at_start in pairs):
        raise ValueError(
            f"{original_path} does not align with {test_path}: its words differ elsewhere "
            "than at sentence starts and after periods"
        )
    mended = [theirs if mine[0] != theirs[0] else mine for mine, theirs, _ in pairs]
    unknown = sorted({tag for _, tag in mended} - _ANERCORP_TAGS)
    if unknown:
        raise ValueError(f"{original_path}: unknown tags {unknown[:5]} where the defect is mended")
    raw: list[str] = []
    for i, (word, tag) in enumerate(mended):
        raw.append(f"{word} {tag}")
        if word == "." and (i + 1 == len(mended) or mended[i + 1][0] != "."):
            raw.append("")  # a run of periods ends the sentence
    return list(_sentences(raw, lambda line: not line.strip(), ANERCORP_TYPES.get))


def read_aqmar(folder: str | Path) -> dict[str, list[Sentence]]:
    """AQMAR: one file per Wikipedia article, by article name; MIS* classes read as O."""
    articles = {}
    for path in sorted(Path(folder).glob("*.txt")):
        with open(path, encoding="utf-8") as lines:
            articles[path.stem] = list(
                _sentences(lines, lambda line: not line.strip(), ANERCORP_TYPES.get)
            )
    return articles


def _join_fane(sentence: Sentence) -> Sentence:
    """Put FANE's split-off conjunctions and pronoun suffixes back onto their words."""
    joined: Sentence = []
    pending = ""  # a conjunction waiting for its word
    for token, tag in sentence:
        if token in _FANE_PROCLITICS:
            pending += token
            continue
        if token in _FANE_SUFFIXES and joined and not pending and joined[-1][0][-1].isalpha():
            previous, previous_tag = joined[-1]
            joined[-1] = (previous + token, previous_tag)
            continue
        joined.append((pending + token, tag))
        pending = ""
    if pending:
        joined.append((pending, "O"))
    return _repair(joined)


def read_fane(path: str | Path, skip: Iterable[int] = (), join: bool = True) -> list[Sentence]:
    """WikiFANE or NewsFANE Gold, sentences numbered from 0 as the corpus README numbers
    them; ``skip`` drops sentences by number (NewsFANE's overlap with ANERcorp test).
    ``join=False`` keeps the corpus's own split-off conjunctions and suffixes."""
    skipped = set(skip)
    with open(path, encoding="utf-8-sig", newline="") as lines:
        sentences = _sentences(lines, lambda line: not line.strip(), fane_type)
        return [_join_fane(s) if join else s for n, s in enumerate(sentences) if n not in skipped]


def entities_of(sentence: Sentence) -> list[tuple[int, int, str]]:
    """The entities of an IOB2 sentence as ``(first token, last token + 1, type)``."""
    return entities_of_tags([(tag[:2], tag[2:]) for _, tag in sentence])


def entities_of_tags(tags: Sequence[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """``entities_of`` over tags already split into prefix and type (``("B-", "ORG")``,
    ``("O", "")``): the model reads its labels this way, split once."""
    found, start, kind = [], None, ""
    for i, (prefix, what) in enumerate(tags):
        if start is not None and not (prefix == "I-" and what == kind):
            found.append((start, i, kind))
            start = None
        if prefix == "B-" or (prefix == "I-" and start is None):
            start, kind = i, what
    if start is not None:
        found.append((start, len(tags), kind))
    return found


def retype(sentence: Sentence, spans: dict[tuple[int, int], str]) -> Sentence:
    """The sentence with the entities at ``spans`` given another type (LOC → COUNTRY)."""
    tagged = list(sentence)
    for (start, end), kind in spans.items():
        for i in range(start, end):
            tagged[i] = (tagged[i][0], ("B-" if i == start else "I-") + kind)
    return tagged


def document_of(sentences: Iterable[Sentence]) -> tuple[str, list[list[tuple[int, int]]]]:
    """One text of the sentences (tokens joined by a space, a sentence a line) and each
    token's ``(start, end)`` in it, sentence by sentence."""
    parts, offsets, cursor = [], [], 0
    for sentence in sentences:
        spans = []
        for token, _ in sentence:
            spans.append((cursor, cursor + len(token)))
            parts.append(token)
            parts.append(" ")
            cursor += len(token) + 1
        if parts:
            parts[-1] = "\n"
        offsets.append(spans)
    return "".join(parts), offsets


def entity_spans(
    sentences: Iterable[Sentence],
    offsets: list[list[tuple[int, int]]],
    text: str,
    counts=None,
    names=None,
) -> list[tuple[int, int, str]]:
    """Each entity of the sentences as ``(start, end, type)`` in ``document_of``'s text.

    With ``counts`` and ``names`` (see :func:`ner_cli.model.proclitics.proclitic_length`) the span
    leaves out the first token's proclitics, as ENTITIES.md does; without, it covers
    whole tokens, as the corpus does.
    """
    from .proclitics import proclitic_length

    spans = []
    for sentence, places in zip(sentences, offsets, strict=True):
        for first, last, kind in entities_of(sentence):
            start, end = places[first][0], places[last - 1][1]
            if counts is not None:
                start += proclitic_length(text[start : places[first][1]], counts, names=names)
            spans.append((start, end, kind))
    return spans


def word_counts(sentences: Iterable[Sentence]):
    """How often each matching key stands as a token of the sentences."""
    from collections import Counter

    from ..normalize import normalize_key

    return Counter(normalize_key(token) for sentence in sentences for token, _ in sentence)
