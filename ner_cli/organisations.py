"""Named bodies the gazetteer does not list, found by the shape of their names.

- A descriptor that belongs to the name, then a name: ``صحيفة إزفيستيا``; a quoted
  name after a descriptor is the name inside the quotes: ``لشركة "شاهين إس إم"``.
- A head noun and its genitive chain, where the chain
  ends in a demonym (``الشرطة الفيدرالية الروسية``), holds an adjective that marks
  official bodies (``المحكمة الإقليمية العليا``, ``مكتب المدعي العام الاتحادي``), is
  followed by في or ل and a country (``وكالة مكافحة المخدرات في طاجيكستان``: the body
  is named without the country), or follows a ministry or court
  (``وزارة شؤون اللاجئين والعودة``).
- A head noun, a proper name and a chain opened by ل: ``معهد شنغهاي للدراسات الدولية``,
  ``مركز ستيب للدراسات الأمنية`` (the place inside is part of the body's name).
- A news agency in a dateline: ``برلين (د ب أ) -``, ``الرباط - ومع -``.
- A known body followed by a demonym is a national one, not the international body
  the gazetteer knows: ``مجلس الأمن الروسي`` is not the UN Security Council.
- Not a body: a state's army, armed forces or government named only by a common noun
  and a demonym (``الجيش المالي``, ``القوات المسلحة النيجرية``; ENTITIES.md), where
  its proper name is one (``جيش التحرير الشعبي``). ``names_state_forces`` tells them,
  for the rules here and for the model's names.

Each is proposed with ``source="rule"`` and no id: the gazetteer does not know it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, count, repeat
from operator import eq

from .clitics import first_token_readings
from .context import TokenContext
from .gazetteer import Entry
from .lexicon import (
    ALWAYS_NAMED_HEADS,
    BODY_ADJECTIVES,
    NAMED_BY_DESCRIPTOR,
    ORG_HEAD_FORMS,
    ORG_HEADS,
    SEPARATORS,
    STOP_WORDS,
    bare_stems,
    is_definite,
    is_nisba,
)
from .matcher import Mention, mention_of
from .normalize import normalize_key, original_prefix_length

__all__ = ["find_organisations", "names_state_forces", "nationalise_bodies"]

MAX_CHAIN = 6
SCORE_DESCRIPTOR = 0.7
SCORE_CHAIN = 0.6
SCORE_NAMED_CHAIN = 0.7
SCORE_DATELINE = 0.6
SCORE_NATIONAL = 0.7
_LINKS = frozenset({"في"})
DASHES = frozenset("-–—")
# The common nouns of a state's armed forces and government, and the adjective of
# "armed forces" (القوات المسلحة), as matching keys.
STATE_FORCE_HEADS = frozenset(map(normalize_key, ("جيش", "جيوش", "قوات", "حكومة")))
ARMED = frozenset(map(normalize_key, ("المسلحة",)))
_BODY_HEADS = ORG_HEADS | STATE_FORCE_HEADS


def names_state_forces(keys: Sequence[str], is_demonym) -> bool:
    """Whether words (their matching keys) name a state's army, armed forces or
    government by a common noun and demonyms alone, or several joined by و:
    ``الجيش اللبناني``, ``والقوات المسلحة النيجرية``, ``القوات الألمانية والقوات
    الروسية``; not ``جيش التحرير الشعبي`` nor ``الجيش الوطني الليبي``."""
    heads = [i for i, key in enumerate(keys) if not STATE_FORCE_HEADS.isdisjoint(bare_stems(key))]
    if not heads or heads[0] != 0:
        return False
    for first, end in zip(heads, [*heads[1:], len(keys)], strict=True):
        rest = keys[first + 1 : end]
        if rest and rest[0] in ARMED:
            rest = rest[1:]
        if not rest or not all(map(is_demonym, rest)):
            return False
    return True


def _org(ctx: TokenContext, first: int, last: int, score: float, skip: int = 0) -> Mention:
    return ctx.unknown(first, last, "ORG", score, skip)


def _head_proclitic(ctx: TokenContext, head: int) -> int:
    """How many characters of a body's head word are a proclitic, which stays outside
    the span (ENTITIES.md): ``والشرطة`` → و, ``بوزارة`` → ب, ``للإدارة`` → ل; none in
    ``وزارة``, whose و is its own."""
    for stem, proclitic in first_token_readings(ctx.keys[head]):
        if stem in ORG_HEAD_FORMS or stem in NAMED_BY_DESCRIPTOR:
            return original_prefix_length(ctx.tokens[head].text, proclitic)
    return 0


def _is_chain_word(ctx: TokenContext, i: int) -> bool:
    key = ctx.keys[i]
    if ctx.covered[i] or key in SEPARATORS or key in _LINKS or not key[0].isalpha():
        return False
    if ctx.has(i, STOP_WORDS):
        return False
    return is_definite(key) or ctx.lexicon.is_everyday(key)


def _opens_another_body(ctx: TokenContext, i: int) -> bool:
    """Whether word ``i`` is و or ف and the head noun of another body: a chain ends there."""
    return any(
        proclitic and ctx.keys[i][:proclitic] in ("و", "ف")
        and stem.removeprefix("ال") in _BODY_HEADS
        for stem, proclitic in first_token_readings(ctx.keys[i])
    )  # fmt: skip


def _chain_end(ctx: TokenContext, head: int) -> int | None:
    """Return the last token of the body opened at ``head``, if its name is complete."""
    last = None
    always_named = bool(bare_stems(ctx.keys[head]) & ALWAYS_NAMED_HEADS)
    official = always_named
    for i in range(head + 1, min(head + 1 + MAX_CHAIN, len(ctx))):
        if always_named and ctx.covered[i] == "LOC":
            last = i  # a court's or ministry's city is part of its name: محكمة جنايات القاهرة
            break
        if _opens_another_body(ctx, i):
            break  # جهاز الأمن القومي | وحكومة الوحدة الوطنية
        # After وزارة or محكمة any noun opens the chain: وزارة شؤون اللاجئين.
        opens_official = official and i == head + 1 and ctx.is_name_like(i)
        if not (_is_chain_word(ctx, i) or opens_official):
            break
        last = i
        if ctx.lexicon.is_demonym(ctx.keys[i]):
            # "وكالة الأنباء الصينية شينخوا" describes the body named next; it is no name.
            named_next = i + 1 < len(ctx) and (ctx.covered[i + 1] or ctx.is_name_like(i + 1))
            if named_next or names_state_forces(ctx.keys[head : i + 1], ctx.lexicon.is_demonym):
                return None
            return i
        official = official or ctx.keys[i] in BODY_ADJECTIVES
    if last is None:
        return None
    # A name has a definite word in its chain: وزارة الخارجية, not وزارة جديدة.
    if official and any(is_definite(ctx.keys[j]) for j in range(head + 1, last + 1)):
        return last
    after = last + 1
    if after < len(ctx) and ctx.keys[after] in _LINKS:
        after += 1
    if after < len(ctx) and ctx.covered[after] == "COUNTRY":
        return last
    return None


def _named_chain_end(ctx: TokenContext, head: int) -> int | None:
    """``معهد شنغهاي للدراسات الدولية``: a head, a proper name (or a known place), then a
    chain opened by ل. Return the chain's last token."""
    i = head + 1
    if i >= len(ctx):
        return None
    if ctx.covered[i] in ("LOC", "COUNTRY"):
        while i + 1 < len(ctx) and ctx.covered[i + 1] == ctx.covered[i]:
            i += 1
    elif ctx.is_name_like(i) and not is_nisba(ctx.keys[i]):
        i += ctx.name_run(i) - 1
    else:
        return None
    first_of_chain = i + 1
    if first_of_chain >= len(ctx) or not ctx.keys[first_of_chain].startswith("لل"):
        return None
    last = first_of_chain
    while last + 1 < len(ctx) and last + 1 - first_of_chain < MAX_CHAIN:
        if not _is_chain_word(ctx, last + 1):
            break
        last += 1
    return last


def _dateline_agency(ctx: TokenContext, i: int) -> tuple[int, int] | None:
    """At a line's start, after a place: ``(AGENCY)`` or ``- AGENCY -``; its first and
    last tokens."""
    if ctx.covered[i] != "LOC" or not ctx.starts_line(i):
        return None
    while i + 1 < len(ctx) and ctx.covered[i + 1] == "LOC":
        i += 1
    opening = i + 1
    if opening >= len(ctx) or (ctx.keys[opening] != "(" and ctx.keys[opening] not in DASHES):
        return None
    closing = ")" if ctx.keys[opening] == "(" else None
    for j in range(opening + 1, min(opening + 5, len(ctx))):
        if ctx.covered[j] and ctx.covered[j] != "ORG":
            return None
        ends = (
            ctx.keys[j] == closing
            if closing
            else (ctx.keys[j] in DASHES or ctx.line_ends_after(j - 1))
        )
        if ends:
            return (opening + 1, j - 1) if j > opening + 1 else None
        if ctx.line_ends_after(j) and not closing:
            return opening + 1, j
    return None


def find_organisations(ctx: TokenContext) -> list[Mention]:
    """Bodies named by a descriptor and a name, by a head noun and its chain, or as the
    agency of a dateline."""
    found: list[Mention] = []
    taken = -1
    sheet = ctx.sheet
    # operator.eq, a plain built-in, is called faster than the bound "LOC".__eq__.
    places = compress(count(), map(eq, ctx.covered, repeat("LOC")))
    heads = sheet.positions(ORG_HEAD_FORMS)
    for i in sorted({*places, *sheet.positions(NAMED_BY_DESCRIPTOR), *heads}):
        if i <= taken:
            continue
        agency = _dateline_agency(ctx, i) if ctx.covered[i] == "LOC" else None  # after a place
        if agency is not None:
            first, last = agency
            if not any(ctx.covered[j] for j in range(first, last + 1)):
                found.append(_org(ctx, first, last, SCORE_DATELINE))
            taken = last
            continue
        if ctx.covered[i]:
            continue
        if ctx.has(i, NAMED_BY_DESCRIPTOR):
            closing = ctx.quoted(i + 1)
            if closing is not None:
                found.append(_org(ctx, i + 2, closing - 1, SCORE_DESCRIPTOR))
                taken = closing
                continue
            if i + 1 < len(ctx) and ctx.is_name_like(i + 1) and not is_nisba(ctx.keys[i + 1]):
                last = i + ctx.name_run(i + 1)
                found.append(_org(ctx, i, last, SCORE_DESCRIPTOR, _head_proclitic(ctx, i)))
                taken = last
                continue
        if bare_stems(ctx.keys[i]) & ORG_HEADS:
            last = _named_chain_end(ctx, i)
            score = SCORE_NAMED_CHAIN
            if last is None:
                last, score = _chain_end(ctx, i), SCORE_CHAIN
            if last is not None:
                found.append(_org(ctx, i, last, score, _head_proclitic(ctx, i)))
                taken = last
    return found


def nationalise_bodies(ctx: TokenContext, mentions: Sequence[Mention]) -> list[Mention]:
    """Replace a known body followed by a demonym with the national body it names."""
    result = []
    for mention in mentions:
        if mention.entry.type != "ORG":
            result.append(mention)
            continue
        last = ctx.index_at(mention.end - 1)
        following = None if last is None else last + 1
        if (
            following is not None
            and following < len(ctx)
            and not ctx.covered[following]
            and ctx.lexicon.is_demonym(ctx.keys[following])
        ):
            end = ctx.tokens[following].end
            national = Entry("", "ORG", ctx.text[mention.start : end], "")
            result.append(
                mention_of(ctx.text, mention.start, end, national, "rule", SCORE_NATIONAL)
            )
            continue
        result.append(mention)
    return result
