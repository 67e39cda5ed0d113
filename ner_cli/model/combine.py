"""Gazetteer, rules and model together: each decides what it is best at.

- A gazetteer match stands: it carries the entity's id. Only a longer name the model
  is sure of replaces it (``مجلس الأمن الدولي`` keeps UNSC's id; ``ريال مدريد`` is a
  club, not the city), as ENTITIES.md takes the longest name as written; never where
  the extra words are only descriptors or titles (``تنظيم القاعدة`` → ``القاعدة``).
- A rule person stays unless the model is sure no name stands there; where both see
  a person, the rule's longer span stands if the model gives its extra words a fair
  chance or they are given names, and the model's longer span where it holds all of
  the rule's and adds no title or descriptor (``محمد حسني`` → ``محمد حسني مبارك``).
  The parts of a full name the rules linked go with it. A one-word person that is an
  everyday word (``قال الوزير مباحثات``) needs the model to be very sure. The rules'
  bodies and places, written for ENTITIES.md's conventions, stand.
- A model mention that nothing else covers is added when the model is sure enough
  of it. Where its span is exactly a gazetteer form that the rules set aside for
  want of context (``الجزيرة``), it must be surer still, and takes that entry.
- Bodies and places the model found are found again where they recur
  (:func:`repeat_found`).

The thresholds were chosen on the dev split of ANERcorp train and checked on
../shared/dev, the workplace's optional dev set (scripts/tune_combination.py; README,
"The learned tagger").
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from operator import itemgetter

from ..gazetteer import Entry, GazetteerIndex
from ..lexicon import DESCRIPTORS, NAMED_BY_DESCRIPTOR, PLACE_DESCRIPTORS, TITLES, stems
from ..matcher import Mention, filter_spans, find_matches
from ..normalize import normalize_key
from ..tokenize import Token
from .crf import Reading, is_word

__all__ = ["Combination", "combine"]

_START = itemgetter(1)  # Token.start

COMPATIBLE = {("LOC", "COUNTRY"), ("COUNTRY", "LOC")}
# Words that stand around a name without being part of it.
AROUND_NAMES = DESCRIPTORS | NAMED_BY_DESCRIPTOR | PLACE_DESCRIPTORS | TITLES


@dataclass(frozen=True)
class Combination:
    """How much the model must believe before it adds a mention or keeps a rule's."""

    add: float = 0.4  # least score of a model mention the gazetteer and rules lack
    keep: float = 0.05  # least mean P(entity) over a rule mention's words, if untagged
    # Where model and rule agree on the type, whose span: "model", "rule" or "longest"
    # (the rule's, where the model gives the words it adds at least ``extend``, or
    # where those words are all given names).
    spans: str = "longest"
    extend: float = 0.2
    # Where the model's span of the same person holds all of a rule's and reaches
    # beyond it (محمد حسني → محمد حسني مبارك), the model's span: "off", "on", or
    # "plain" (only where the words it adds hold no title or descriptor: الشيخ).
    widen: str = "plain"
    # The types of rule mentions the model judges; the rules' bodies and places stand.
    judged: frozenset[str] = frozenset({"PERSON"})
    keep_bodies: float = 0.0  # least mean P(entity) over a rule body's or place's words
    # A one-word person whose word is everyday vocabulary (frequent in wordfreq, not a
    # given name: SequenceModel.is_everyday) stands only where the model is this sure.
    everyday: float = 0.9
    contain: float = 0.7  # least score of a model name that holds gazetteer matches
    revive: float = 0.9  # least score to tag a gazetteer form the rules set aside
    repeat: bool = True  # a body or place the model found, found again where it recurs


def _overlaps(a: Mention | Token, b: Mention | Token) -> bool:
    return a.start < b.end and b.start < a.end


class _Disjoint:
    """Mentions no two of which overlap, kept in text order, so that those overlapping
    a span are found by bisection: a pass over all of them for each of the model's
    mentions would cost the square of a text's length."""

    def __init__(self, mentions: Iterable[Mention] = ()):
        self._spans: list[Mention] = []  # by start, so by end too, since none overlap
        self._ends: list[int] = []
        self._empty: list[Mention] = []  # an empty span may lie inside another: apart
        for mention in sorted(mentions, key=lambda m: m.start):
            self.add(mention)

    def add(self, mention: Mention) -> None:
        """Add a mention that overlaps none of those held."""
        if mention.start == mention.end:
            self._empty.append(mention)
            return
        at = bisect.bisect_right(self._ends, mention.start)
        self._spans.insert(at, mention)
        self._ends.insert(at, mention.end)

    def overlapping(self, span: Mention) -> list[Mention]:
        """The mentions held that overlap ``span``, in text order."""
        found = []
        i = bisect.bisect_right(self._ends, span.start)
        while i < len(self._spans) and self._spans[i].start < span.end:
            found.append(self._spans[i])
            i += 1
        return found + [m for m in self._empty if _overlaps(span, m)]

    def remove(self, mentions: Iterable[Mention]) -> None:
        """Take out mentions held (these very objects)."""
        for mention in mentions:
            if mention.start == mention.end:
                self._empty = [m for m in self._empty if m is not mention]
                continue
            at = bisect.bisect_left(self._ends, mention.end)
            assert self._spans[at] is mention, "removing a mention not held"
            del self._spans[at], self._ends[at]

    def mentions(self) -> list[Mention]:
        return [*self._spans, *self._empty]


def _entity_chance(
    mention: Mention,
    tokens: Sequence[Token],
    starts: list[int],
    outside: Sequence[float],
    besides: Sequence[Mention] = (),
) -> float:
    """The model's mean probability that the words of ``mention`` (those outside
    ``besides``, punctuation aside) belong to an entity; 1 where no word is left."""
    first = max(0, bisect.bisect_right(starts, mention.start) - 1)
    chances = []
    for i in range(first, len(tokens)):
        token = tokens[i]
        if token.start >= mention.end:
            break
        if token.end > mention.start and not any(_overlaps(token, m) for m in besides):
            if is_word(token.text):
                chances.append(1.0 - outside[i])
    return sum(chances) / len(chances) if chances else 1.0


def combine(
    tokens: Sequence[Token],
    matches: Sequence[Mention],
    decided: Sequence[Mention],
    reading: Reading,
    combination: Combination = Combination(),
    everyday_word=None,
    given_name=None,
) -> list[Mention]:
    """The mentions of gazetteer and rules (``decided``) combined with the model's
    ``reading``; ``matches`` are all the gazetteer's, those set aside included.
    ``everyday_word`` tells whether a word (as written) is everyday vocabulary."""
    starts = list(map(_START, tokens))  # in C
    model = reading.mentions
    by_model = _Disjoint(model)  # the model's entities never overlap
    chosen: list[Mention] = []
    dropped: set[int] = set()  # the entries of rule people the model turned down
    parts = []
    for mention in decided:
        if mention.source != "rule" or mention.entry.id:
            chosen.append(mention)
            continue
        if mention.type not in combination.judged:
            # A body or place of the rules goes only where the model is sure that no
            # entity stands there (وزارة الدفاع بموافقة …).
            agrees = bool(by_model.overlapping(mention))
            chance = _entity_chance(mention, tokens, starts, reading.outside)
            if agrees or chance >= combination.keep_bodies:
                chosen.append(mention)
            continue
        if mention.entry.name_ar != mention.text:  # a part linked to a full name
            parts.append(mention)
            continue
        agreeing = [m for m in by_model.overlapping(mention) if m.type == mention.type]
        if agreeing:
            beyond = _entity_chance(mention, tokens, starts, reading.outside, agreeing)
            if combination.widen != "off" and _widens(
                agreeing, mention, tokens, starts, combination.widen == "plain"
            ):
                chosen.extend(agreeing)
            elif combination.spans == "rule" or (
                combination.spans == "longest"
                and (
                    beyond >= combination.extend
                    or _adds_given_names(mention, agreeing, tokens, starts, given_name)
                )
            ):
                chosen.append(mention)
            else:
                chosen.extend(agreeing)
        elif _entity_chance(mention, tokens, starts, reading.outside) >= combination.keep:
            chosen.append(mention)
        else:
            dropped.add(id(mention.entry))
    chosen += [part for part in parts if id(part.entry) not in dropped]
    if everyday_word is not None:
        chosen = [
            m
            for m in chosen
            if not _doubtful_person(m, tokens, starts, reading.outside, everyday_word)
            or _entity_chance(m, tokens, starts, reading.outside) >= combination.everyday
        ]
    # From here on no two chosen mentions overlap: each of the model's replaces those it
    # overlaps, or is added where it overlaps none.
    chosen = _Disjoint(filter_spans(chosen))
    exact = {(m.start, m.end): m for m in matches}
    for mention in model:
        inside = chosen.overlapping(mention)
        if not inside:
            known = exact.get((mention.start, mention.end))
            least = combination.add if known is None else combination.revive
            if everyday_word is not None and _doubtful_person(
                mention, tokens, starts, reading.outside, everyday_word
            ):
                least = max(least, combination.everyday)
            if mention.score >= least:
                chosen.add(_linked(mention, known))
            continue
        if _holds_name_parts(mention, inside, starts, combination):
            # A repeated part of an earlier name (محمد of محمد بركات) where the model reads
            # a longer name (محمد صديق): the longest name as written is one mention.
            chosen.remove(inside)
            chosen.add(_linked_to_part(mention, inside))
            continue
        if not all(
            m.source == "gazetteer" and mention.start <= m.start and m.end <= mention.end
            for m in inside
        ):
            continue
        if (
            mention.score >= combination.contain
            and _words(mention, starts) > sum(_words(m, starts) for m in inside)
            and not _only_descriptors_around(mention, inside, tokens, starts)
        ):
            # The longest name as written is one mention (ENTITIES.md): مجلس الأمن الدولي,
            # ريال مدريد. It keeps the id of the one known name of its type inside it.
            same = [m for m in inside if m.type == mention.type]
            if len(inside) == 1 and same:
                mention = replace(mention, entry=same[0].entry)
            chosen.remove(inside)
            chosen.add(mention)
    return filter_spans(chosen.mentions())


def _holds_name_parts(
    mention: Mention, inside: Sequence[Mention], starts: list[int], combination: Combination
) -> bool:
    """Whether a model person holds only repeated parts of earlier names (the rules'
    mentions linked to a fuller name) and more words than they have."""
    return (
        mention.type == "PERSON"
        and mention.score >= combination.contain
        and all(
            m.type == "PERSON"
            and m.source == "rule"
            and m.entry.name_ar != m.text
            and mention.start <= m.start
            and m.end <= mention.end
            for m in inside
        )
        and _words(mention, starts) > sum(_words(m, starts) for m in inside)
    )


def _linked_to_part(mention: Mention, parts: Sequence[Mention]) -> Mention:
    """The model's person, with the entry of the name its parts repeat where it is that
    name again as written; else a name of its own."""
    for part in parts:
        if part.entry.name_ar == mention.text:
            return replace(mention, entry=part.entry)
    return mention


def _adds_given_names(
    rule: Mention, model: Sequence[Mention], tokens: Sequence[Token], starts: list[int], given_name
) -> bool:
    """Whether every word of the rule's span outside the model's is a given name
    (``given_name``, of a word as written): ``سيد علي`` before the model's ``رضا
    نقشبندي``."""
    if given_name is None:
        return False
    added = []
    for i in range(max(0, bisect.bisect_right(starts, rule.start) - 1), len(tokens)):
        token = tokens[i]
        if token.start >= rule.end:
            break
        if token.end > rule.start and is_word(token.text):
            if not any(_overlaps(token, m) for m in model):
                added.append(token.text)
    return bool(added) and all(map(given_name, added))


def _widens(
    model: Sequence[Mention], rule: Mention, tokens: Sequence[Token], starts: list[int], plain: bool
) -> bool:
    """Whether one of the model's mentions holds all of the rule's span and more (and,
    if ``plain``, adds no title or descriptor: two names joined by وسمو الشيخ)."""
    return any(
        m.start <= rule.start
        and rule.end <= m.end
        and (m.start, m.end) != (rule.start, rule.end)
        and not (plain and _adds_words_around_names(m, rule, tokens, starts))
        for m in model
    )


def _adds_words_around_names(
    mention: Mention, inner: Mention, tokens: Sequence[Token], starts: list[int]
) -> bool:
    """Whether the words of ``mention`` outside ``inner`` hold a title or descriptor."""
    for i in range(max(0, bisect.bisect_right(starts, mention.start) - 1), len(tokens)):
        token = tokens[i]
        if token.start >= mention.end:
            break
        if token.end <= mention.start or _overlaps(token, inner):
            continue
        key = normalize_key(token.text)
        if key and not stems(key).isdisjoint(AROUND_NAMES):
            return True
    return False


def _only_descriptors_around(
    mention: Mention, inside: Sequence[Mention], tokens: Sequence[Token], starts: list[int]
) -> bool:
    """Whether what a model name adds to the known names inside it is only descriptors
    and titles (تنظيم القاعدة → القاعدة, as ENTITIES.md keeps them out)."""
    for i in range(max(0, bisect.bisect_right(starts, mention.start) - 1), len(tokens)):
        token = tokens[i]
        if token.start >= mention.end:
            break
        if token.end <= mention.start:
            continue
        if any(_overlaps(token, m) for m in inside):
            continue
        key = normalize_key(token.text)
        if key and stems(key).isdisjoint(AROUND_NAMES):
            return False
    return True


def _doubtful_person(mention, tokens, starts, outside, everyday_word) -> bool:
    """Whether a mention is a one-word person whose word is everyday vocabulary."""
    if mention.type != "PERSON" or mention.entry.id:
        return False
    first = bisect.bisect_right(starts, mention.start) - 1
    if first < 0 or tokens[first].end < mention.end:
        return False
    return everyday_word(tokens[first].text)


def _words(mention: Mention, starts: list[int]) -> int:
    """How many tokens a mention touches: a proclitic is no word of its own."""
    first = bisect.bisect_right(starts, mention.start)
    return bisect.bisect_left(starts, mention.end) - first + 1


def repeat_found(
    text: str,
    tokens: Sequence[Token],
    mentions: Sequence[Mention],
    keys: list[str] | None = None,
) -> list[Mention]:
    """Other occurrences, where nothing else stands, of the names the model found for
    bodies and places (``ارسنال`` tagged once is ``ارسنال`` again two lines on), found
    as gazetteer forms are, proclitics and all: the same entry, the same source.
    ``keys`` are the tokens' matching keys, when the caller has them already."""
    found = {m.text: m for m in mentions if m.source == "model" and m.type != "PERSON"}
    if not found:
        return []
    # Each name as a form of its own, keyed by its text, whatever entry it links to.
    index = GazetteerIndex(Entry(name, m.type, name, "") for name, m in found.items())
    repeats = []
    for match in filter_spans(find_matches(list(tokens), index, text, keys)):
        if not any(_overlaps(match, m) for m in mentions):
            source = found[match.entry.id]
            repeats.append(replace(match, entry=source.entry, source="model", score=source.score))
    return repeats


def _linked(mention: Mention, known: Mention | None) -> Mention:
    """A model mention with the entry of a gazetteer form at exactly its span (one the
    rules set aside), where the types agree."""
    if known is not None and (
        known.type == mention.type or (known.type, mention.type) in COMPATIBLE
    ):
        return replace(mention, entry=known.entry)
    return mention
