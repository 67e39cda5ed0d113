"""The words the context rules reason with: closed classes, word lists, demonyms.

Closed classes (titles, roles, function words) are small and written here. Open
ones are data: everyday vocabulary is measured (data/common_words.txt, built from
word frequencies by scripts/build_common_words.py), given names are listed
(data/given_names.txt), and demonyms (الروسي، الأوزبكية …) are derived from the
gazetteer's country names. All are kept as matching keys (ner_cli.normalize).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, reduce
from itertools import repeat
from operator import or_
from typing import NamedTuple

from .clitics import first_token_readings
from .gazetteer import Entry
from .memo import LONGEST_KEPT, WordCache, short_cache
from .normalize import fold_text, normalize_key
from .resources import data_file

__all__ = ["Lexicon", "demonyms_of", "is_definite", "keys_of", "stems"]


def keys_of(*words: str) -> frozenset[str]:
    return frozenset(normalize_key(word) for word in words)


# Words that stand right before a name and are not part of it.
TITLES = keys_of(
    "السيد", "السيدة", "الرئيس", "الرئيسة", "الجنرال", "الكاتب", "الكاتبة", "الوزير",
    "الوزيرة", "الشيخ", "الشيخة", "الدكتور", "الدكتورة", "العقيد", "اللواء", "العميد",
    "الفريق", "المشير", "الأمير", "الأميرة", "الملك", "الملكة", "السفير", "السفيرة",
    "البروفيسور", "الأستاذ", "الأستاذة", "الصحفي", "الصحفية", "الزعيم", "القائد",
    "المستشار", "المستشارة", "النائب", "السيناتور", "المحلل", "الباحث", "الباحثة",
    "الخبير", "الخبيرة", "المدعو", "المدعوة", "الأدميرال", "المراسل", "المراسلة",
    "الدبلوماسي", "الإمام", "المفتي", "القاضي", "القاضية", "المحامي", "المحامية",
    "السادة", "يدعى", "تدعى", "ويدعى", "المولوي", "الملا", "الحاج", "الناشط",
    "الناشطة", "المحامي", "الطبيب", "المهندس", "الرائد", "النقيب", "المقدم",
)  # fmt: skip
# Nouns that open a role phrase: the name follows the phrase, or comes right before the noun.
ROLE_HEADS = keys_of(
    "رئيس", "رئيسة", "وزير", "وزيرة", "مدير", "مديرة", "المتحدث", "المتحدثة", "متحدث",
    "الناطق", "ناطق", "الأمين", "أمين", "سكرتير", "سكرتيرة", "نائب", "نائبة", "سفير",
    "سفيرة", "قائد", "مستشار", "مستشارة", "ممثل", "ممثلة", "مبعوث", "المبعوث", "مندوب",
    "المندوب", "زعيم", "رئيسا", "وكيل", "محافظ", "حاكم", "عمدة", "منسق", "مساعد", "مفوض",
    "المفوض", "والي", "محامي", "محامية", "قاضي", "قاضية", "باحث", "باحثة", "الباحث",
    "الباحثة", "خبير", "خبيرة", "الخبير", "الخبيرة", "محلل", "محللة", "المحلل", "مراسل",
    "مسؤول", "مسؤولة", "عضو", "مدعي", "ممثلة", "مدير", "قائدة",
)  # fmt: skip
# Words after which no name of the role phrase can follow.
STOP_WORDS = keys_of(
    "إن", "أن", "أنه", "أنها", "إنه", "إنها", "الذي", "التي", "الذين", "على", "عن", "من",
    "إلى", "مع", "هو", "هي", "هم", "كان", "كانت", "قد", "لا", "لم", "لن", "ما", "هذا",
    "هذه", "ذلك", "تلك", "حيث", "كما", "بعد", "قبل", "خلال", "منذ", "حول", "أمام",
    "عند", "بين", "ضد", "عبر", "لدى", "نحو", "حتى", "أو", "ثم", "بل", "لكن", "غير",
    "قال", "أكد", "أعلن", "أوضح", "أشار", "صرح", "يوم", "اليوم", "أمس",
)  # fmt: skip
# Words that continue a role phrase: المتحدث باسم …، الأمين العام لـ …، رئيس … في …
PHRASE_LINKS = keys_of("في", "باسم", "العام", "العامة")
# First parts after which a definite word continues a compound name: عبد العزيز.
COMPOUND_HEADS = keys_of("عبد", "أبو", "ابو", "بن", "ابن", "بنت", "آل", "ذو")
# Definite words that end compound names: سراج الدين، عبد الله.
COMPOUND_TAILS = keys_of("الدين", "الله", "الرحمن", "الرحيم", "الإسلام", "الحق", "النور")
# Words before an everyday-word name that make it a name: تنظيم القاعدة، جمهورية مالي.
DESCRIPTORS = keys_of(
    "تنظيم", "حركة", "جماعة", "قناة", "وكالة", "صحيفة", "مدينة", "دولة", "جمهورية",
    "منطقة", "إقليم", "ولاية", "موقع", "شبكة", "جبهة", "حزب", "مملكة", "سلطنة", "منصة",
    "تطبيق",
)  # fmt: skip
# Descriptors that are part of an outlet's or movement's name: صحيفة إزفيستيا، حركة طالبان.
NAMED_BY_DESCRIPTOR = keys_of(
    "صحيفة", "جريدة", "مجلة", "وكالة", "قناة", "حركة", "حزب", "جبهة", "جماعة", "شركة",
    "مؤسسة", "جمعية", "منظمة",
)  # fmt: skip
# Head nouns of named bodies, without the article: وكالة مكافحة المخدرات، الهيئة الفيدرالية …
ORG_HEADS = keys_of(
    "منظمة", "وزارة", "جهاز", "هيئة", "مركز", "مكتب", "مجلس", "لجنة", "وكالة", "مديرية",
    "إدارة", "مصلحة", "دائرة", "مجموعة", "اتحاد", "رابطة", "معهد", "أكاديمية", "صندوق",
    "بنك", "محكمة", "نيابة", "شرطة", "قوات", "جيش", "حرس", "خدمة",
)  # fmt: skip
# Adjectives that mark a head noun and its chain as an official body's name:
# المحكمة الإقليمية العليا، المديرية العامة لمراقبة التراب الوطني، مكتب المدعي العام الاتحادي.
BODY_ADJECTIVES = keys_of(
    "الاتحادي", "الاتحادية", "الفيدرالي", "الفيدرالية", "الوطني", "الوطنية", "القومي",
    "القومية", "المركزي", "المركزية", "العليا", "الأعلى", "العامة", "الإقليمي", "الإقليمية",
)  # fmt: skip
# Head nouns with and without the article, so that a word's stems can be looked up.
ORG_HEAD_FORMS = ORG_HEADS | frozenset("ال" + head for head in ORG_HEADS)
# Events, exercises, festivals, competitions and leagues, named by these head nouns,
# are no entities, and a place inside their names is not tagged (ENTITIES.md):
# مهرجان قرطاج الدولي، دوري أبطال آسيا، مؤتمر ميونخ للأمن. With and without the article.
EVENT_HEADS = keys_of(
    "مهرجان", "دوري", "كأس", "بطولة", "مناورات", "ماراثون", "منتدى", "مؤتمر", "قمة",
    "أولمبياد", "معرض", "ألعاب", "سباق", "جائزة", "مسابقة", "دورة", "تمرين", "تمرينات",
)  # fmt: skip
EVENT_HEAD_FORMS = EVENT_HEADS | frozenset("ال" + head for head in EVENT_HEADS)
# Words that may stand between an event's head and the place in its name: دوري أبطال آسيا.
EVENT_LINKS = keys_of("أبطال", "أمم", "الأمم", "ألعاب", "جائزة")
# Words that say what the place named next is: قاعدة تشوريخه, مدينة تيانجين.
PLACE_DESCRIPTORS = keys_of(
    "مدينة", "بلدة", "قرية", "قاعدة", "إقليم", "ولاية", "محافظة", "مقاطعة", "جزيرة",
    "ميناء", "مطار", "منطقة", "ضاحية", "حي", "وادي", "جبل", "جبال", "نهر", "بحيرة",
    "العاصمة", "مدن", "قرى", "جيب", "معبر", "قاعة", "ميدان", "مخيم", "بلدتي", "مدينتي",
    "قريتي", "منطقتي", "ولايتي", "إقليمي", "مقاطعتي",
)  # fmt: skip
DUALS = keys_of("بلدتي", "مدينتي", "قريتي", "منطقتي", "ولايتي", "إقليمي", "مقاطعتي")
# Heads whose every chain is a named body: a ministry, a court.
ALWAYS_NAMED_HEADS = keys_of("وزارة", "محكمة")
# Words that are never part of a name, whatever follows.
NOT_NAMES = TITLES | ROLE_HEADS | STOP_WORDS | DESCRIPTORS
# The words that set the rules off (and the heads of events, whose places are no
# mentions), each set a bit, so that a text's triggers are found
# with one pass over bits (see ``Word.triggers``).
TRIGGER_BITS = {
    words: 1 << bit
    for bit, words in enumerate(
        (
            TITLES,
            ROLE_HEADS,
            ORG_HEAD_FORMS,
            NAMED_BY_DESCRIPTOR,
            PLACE_DESCRIPTORS,
            EVENT_HEAD_FORMS,
        )
    )
}
# A word that is one of the gazetteer's demonyms (``Lexicon.is_demonym``) sets this bit.
DEMONYM_BIT = 1 << len(TRIGGER_BITS)


def _trigger_bits_of_words() -> dict[str, int]:
    """The bits of ``TRIGGER_BITS`` each of their words sets: a word's are those of its
    stems, found in one look-up a stem rather than a set operation for each set."""
    bits: dict[str, int] = {}
    for words, bit in TRIGGER_BITS.items():
        for word in words:
            bits[word] = bits.get(word, 0) | bit
    return bits


_TRIGGER_BITS_OF = _trigger_bits_of_words()
SEPARATORS = frozenset({"،", ","})
OPENING_QUOTES = frozenset('"«“')
CLOSING_QUOTES = frozenset('"»”')
TANWEEN = frozenset("\u064b\u064c\u064d")


@short_cache(maxsize=1 << 17)
def stems(key: str) -> frozenset[str]:
    """The key and what is left of it once each possible proclitic is taken off."""
    return frozenset(stem for stem, _ in first_token_readings(key))


@short_cache(maxsize=1 << 17)
def bare_stems(key: str) -> frozenset[str]:
    """The stems of a token with the article taken off too: والهيئة → هيئة."""
    return frozenset(stem.removeprefix("ال") for stem in stems(key))


@short_cache(maxsize=1 << 17)
def is_definite(key: str) -> bool:
    """Whether a token carries the article ال (behind any proclitic, or as لل)."""
    return any(stem.startswith("ال") for stem in stems(key))  # لل… reads as ل + ال…


def spelled_like_name(key: str, written: str) -> bool:
    """Whether a word is spelled like part of a name: two letters or more but no more
    than ``LONGEST_KEPT`` (a longer "word" is text run together, no name), Arabic, and no
    tanween (مؤكداً is an adverb, never a name)."""
    return (
        2 <= len(key) <= LONGEST_KEPT
        and key[0].isalpha()
        and not key.isascii()
        and TANWEEN.isdisjoint(written)
    )


def is_nisba(key: str) -> bool:
    """Whether an indefinite word looks like an adjective: إرهابية، حدودية، إجرامية."""
    return key.endswith(("يه", "يون", "يين")) and not key.startswith("ال")


def _read_words(name: str) -> frozenset[str]:
    path = data_file(name)  # shipped with ner-cli: a missing one is a broken install
    lines = path.read_text(encoding="utf-8").splitlines()
    words = [line.strip() for line in lines if line.strip() and line[0] != "#"]
    if not words:
        return frozenset()
    # Each word's normalize_key, the thousands of words folded in one call.
    return frozenset(fold_text("\n".join(words)).split("\n"))


def demonyms_of(entries: Iterable[Entry]) -> frozenset[str]:
    """Derive nisba adjectives from country names: روسيا → الروسي، الروسية.

    Generous on purpose: forms that no text uses cost nothing.
    """
    found = set()
    for entry in entries:
        if entry.type != "COUNTRY":
            continue
        for surface in entry.surface_forms:
            words = surface.split()
            if len(words) != 1:
                continue
            key = normalize_key(words[0])
            # ال may be the article (السودان) or the name's own letters (ألمانيا folds
            # to المانيا): both readings are kept.
            bases = {key, key.removeprefix("ال")}
            for base in list(bases):
                for ending in ("ستان", "يا", "ا", "يه", "ه"):
                    if base.endswith(ending) and len(base) - len(ending) >= 2:
                        bases.add(base[: -len(ending)])
            for stem in bases:
                found.update({f"ال{stem}ي", f"ال{stem}يه", f"{stem}ي", f"{stem}يه"})
    return frozenset(found)


class Word(NamedTuple):
    """What the rules know of a word as written, whatever text it stands in."""

    key: str
    stems: frozenset[str]
    starts_name: bool  # could open a name by its spelling and vocabulary
    triggers: int  # a bit for each set of ``TRIGGER_BITS`` it belongs to, and ``DEMONYM_BIT``


@dataclass(frozen=True)
class Lexicon:
    """Everyday words, the given names exempted from them, and demonyms, as keys."""

    common: frozenset[str]
    given: frozenset[str]
    demonyms: frozenset[str] = frozenset()
    _everyday: WordCache = field(
        default_factory=lambda: WordCache(1 << 17), compare=False, repr=False
    )
    _words: WordCache = field(default_factory=lambda: WordCache(1 << 17), compare=False, repr=False)

    @classmethod
    @cache
    def default(cls) -> Lexicon:
        return cls(_read_words("common_words.txt"), _read_words("given_names.txt"))

    @classmethod
    def for_entries(cls, entries: Iterable[Entry]) -> Lexicon:
        """The default word lists, with the demonyms of these gazetteer entries."""
        base = cls.default()
        return cls(base.common, base.given, demonyms_of(entries))

    def is_everyday(self, key: str) -> bool:
        """Whether a token is ordinary vocabulary rather than a name."""
        return self._everyday.remember(key, self._judge_everyday)

    def _judge_everyday(self, key: str) -> bool:
        return key not in self.given and not self.common.isdisjoint(stems(key))

    def word(self, written: str) -> Word:
        """What the rules know of a word as written; kept, since words repeat."""
        return self._words.remember(written, self._learn)

    def words(self, written: Sequence[str]) -> list[Word]:
        """``word`` of each of ``written``, each distinct new word learnt once."""
        return self._words.remember_all(written, self._learn)

    def _learn(self, written: str) -> Word:
        key = normalize_key(written)
        stems_of = stems(key)
        return Word(
            key,
            stems_of,
            spelled_like_name(key, written) and self.could_start_name(key),
            reduce(or_, map(_TRIGGER_BITS_OF.get, stems_of, repeat(0)), 0)
            | (DEMONYM_BIT if not stems_of.isdisjoint(self.demonyms) else 0),
        )

    def could_start_name(self, key: str) -> bool:
        """Whether a word's vocabulary lets it open a name: not a title, role or function
        word, not definite, not everyday vocabulary (given names aside). Its spelling is
        ``spelled_like_name``'s question."""
        return (
            stems(key).isdisjoint(NOT_NAMES) and not is_definite(key) and not self.is_everyday(key)
        )

    def is_demonym(self, key: str) -> bool:
        return bool(stems(key) & self.demonyms)
