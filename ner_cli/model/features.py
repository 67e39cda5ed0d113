"""What the sequence model sees of each token: the word itself and its neighbours.

Features of a written word (its key, stems, affixes, word-list and gazetteer
membership, trigger classes, punctuation) depend on the word alone, so they are
computed once per distinct word and kept, each already written for every window
offset it is used at. A text's feature rows are then mostly list concatenation:
the word's own features, its neighbours' (±2) and the gazetteer match it falls in
(the project's matcher as a BIO feature).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from functools import cache
from operator import itemgetter

from ..lexicon import (
    COMPOUND_HEADS,
    COMPOUND_TAILS,
    DESCRIPTORS,
    NAMED_BY_DESCRIPTOR,
    ORG_HEAD_FORMS,
    PLACE_DESCRIPTORS,
    ROLE_HEADS,
    STOP_WORDS,
    TITLES,
    Lexicon,
    bare_stems,
    is_definite,
    keys_of,
)
from ..matcher import Mention
from ..memo import WordCache
from ..resources import data_file
from ..tokenize import Token

__all__ = [
    "EXTRA_CLASSES",
    "FAR",
    "REACH",
    "REACH_CLASSES",
    "NEAR",
    "FeatureMaker",
    "SAYING_VERBS",
    "bio_tags",
    "gazetteer_words",
    "name_words",
]

_START = itemgetter(1)  # Token.start

# Verbs that report speech: a name often stands right after them (قال لافروف).
SAYING_VERBS = keys_of(
    "قال", "قالت", "أكد", "أكدت", "أعلن", "أعلنت", "أوضح", "أوضحت", "أشار", "أشارت",
    "صرح", "صرحت", "أضاف", "أضافت", "ذكر", "ذكرت", "شدد", "شددت", "دعا", "دعت", "أفاد",
    "أفادت", "التقى", "استقبل", "بحث", "أبلغ", "وصف", "اعتبر", "رأى", "يقول", "تقول",
)  # fmt: skip
RANKS = keys_of(
    "العميد", "اللواء", "العقيد", "الفريق", "المشير", "الرائد", "النقيب", "المقدم",
    "الملازم", "الجنرال", "الأدميرال", "الرقيب", "المقدم", "العريف",
)  # fmt: skip
# The closed classes a word may belong to (behind its proclitics), by feature name.
CLASSES = {
    "title": TITLES,
    "rank": RANKS,
    "role": ROLE_HEADS,
    "orghead": ORG_HEAD_FORMS,
    "named": NAMED_BY_DESCRIPTOR,
    "descriptor": DESCRIPTORS,
    "placedesc": PLACE_DESCRIPTORS,
    "stop": STOP_WORDS,
    "say": SAYING_VERBS,
    "chead": COMPOUND_HEADS,
    "ctail": COMPOUND_TAILS,
}


# Two more classes (issue 15), seen by a model trained with them (train_tagger.py's
# ``--classes``, both by default; vocabulary.json then names them and the loader asks
# for them; a model trained before them loads without them):
# - occupations and positions written before a name that are not titles in the rules'
#   sense, from sports and arts news and the courts (اللاعب المدافع، الفنانة، المتهم);
# - verbs news puts before their subject (VSO), perfect, imperfect and future, beside
#   the verbs of saying (كشف، نفى، سجل، يواصل، سيغيب).
OCCUPATIONS = keys_of(*(
    form
    for word in (
        "لاعب", "لاعبة", "مدافع", "حارس", "مهاجم", "هداف", "مدرب", "مدربة", "نجم", "نجمة",
        "كابتن", "ملاكم", "ملاكمة", "مصارع", "عداء", "عداءة", "سباح", "سباحة", "دراج",
        "بطل", "بطلة", "متسابق", "متسابقة", "فنان", "فنانة", "مطرب", "مطربة", "مغني",
        "مغنية", "منشد", "ممثل", "ممثلة", "مخرج", "مخرجة", "منتج", "منتجة", "روائي",
        "روائية", "شاعر", "شاعرة", "أديب", "أديبة", "مؤلف", "مؤلفة", "ملحن", "ملحنة",
        "موسيقار", "موسيقي", "رسام", "رسامة", "نحات", "مصور", "مصورة", "سيناريست",
        "سينارست", "راقص", "راقصة", "مذيع", "مذيعة", "إعلامي", "إعلامية", "معلق",
        "معلقة", "متهم", "متهمة", "مفكر", "داعية",
    )
    for form in (word, "ال" + word)
), "الحكم")  # fmt: skip
_VSO_IMPERFECT = (
    "يتوقع", "تتوقع", "يشير", "تشير", "يتحدث", "تتحدث", "يرفض", "ترفض", "يعتمد",
    "تعتمد", "يخشى", "تخشى", "يواصل", "تواصل", "يعرب", "تعرب", "يكشف", "تكشف",
    "ينفي", "تنفي", "يسجل", "تسجل", "يحرز", "تحرز", "يقود", "تقود", "يمنح", "تمنح",
    "يمرر", "يسدد", "يتابع", "تتابع", "يغيب", "تغيب", "يؤكد", "تؤكد", "يعلن", "تعلن",
    "يوضح", "توضح", "يضيف", "تضيف", "يطالب", "تطالب", "يحذر", "تحذر", "يزور", "تزور",
    "يغادر", "تغادر", "يقرر", "تقرر", "يترأس", "تترأس", "يشارك", "تشارك", "يفوز",
    "تفوز", "يخسر", "تخسر", "يحقق", "تحقق", "يعود", "تعود", "ينتقد", "تنتقد", "يتهم",
    "تتهم", "يعترف", "تعترف", "يلتقي", "تلتقي", "يستقبل", "تستقبل", "يعتبر", "تعتبر",
)  # fmt: skip
_VSO_PERFECT = (
    "توقع", "توقعت", "تحدث", "تحدثت", "وعد", "وعدت", "رفض", "رفضت", "اعتمد",
    "اعتمدت", "خشي", "خشيت", "واصل", "واصلت", "أعرب", "أعربت", "كشف", "كشفت", "نفى",
    "نفت", "سجل", "سجلت", "أحرز", "أحرزت", "قاد", "قادت", "منح", "منحت", "مرر",
    "سدد", "تابع", "تابعت", "غاب", "غابت", "طالب", "طالبت", "حذر", "حذرت", "أبدى",
    "أبدت", "زار", "زارت", "غادر", "غادرت", "قرر", "قررت", "أصدر", "أصدرت", "ترأس",
    "ترأست", "شارك", "شاركت", "فاز", "فازت", "خسر", "خسرت", "تعادل", "هزم", "أنهى",
    "أضاع", "أهدر", "حقق", "حققت", "عاد", "عادت", "انتقد", "انتقدت", "اتهم", "اتهمت",
    "اعترف", "اعترفت", "أقر", "أقرت", "أصيب", "أصيبت", "تعرض", "تعرضت",
)  # fmt: skip
VSO_VERBS = (
    keys_of(*_VSO_PERFECT, *_VSO_IMPERFECT, *("س" + verb for verb in _VSO_IMPERFECT)) - SAYING_VERBS
)
EXTRA_CLASSES = {"occupation": OCCUPATIONS, "vso": VSO_VERBS}


# For each word of a closed class, its classes as bits (the order of CLASSES, then of
# the extra classes asked for); and the class names of a set of bits, made once: a
# word's classes are then a look-up per stem rather than a set test per class.
class _ClassTable:
    __slots__ = ("bits", "order", "names")

    def __init__(self, extra: tuple[str, ...] = ()):
        self.order = (*CLASSES, *extra)
        classes = {**CLASSES, **{name: EXTRA_CLASSES[name] for name in extra}}
        self.bits: dict[str, int] = {}
        for bit, name in enumerate(self.order):
            for word in classes[name]:
                self.bits[word] = self.bits.get(word, 0) | 1 << bit
        self.names: dict[int, tuple[str, ...]] = {}

    def classes_of(self, stems: frozenset[str]) -> tuple[str, ...]:
        """The class names (in their order) of the classes any of ``stems`` belongs to."""
        bits = 0
        get = self.bits.get
        for stem in stems:
            bits |= get(stem, 0)
        names = self.names.get(bits)
        if names is None:
            names = self.names[bits] = tuple(
                name for bit, name in enumerate(self.order) if bits >> bit & 1
            )
        return names


@cache
def _class_table(extra: tuple[str, ...] = ()) -> _ClassTable:
    unknown = set(extra) - set(EXTRA_CLASSES)
    if unknown:
        raise ValueError(f"unknown trigger classes: {sorted(unknown)}")
    return _ClassTable(extra)


# Neighbours seen at these offsets, and what of them is seen.
NEAR = (-1, 1)
FAR = (-2, 2)
# Beyond the window, for a model trained with them (``reach`` in vocabulary.json): the
# trigger classes of the words three to five to the left, where no full stop or colon
# stands between (``r=title`` at سيرغي in وزير الخارجية الروسي سيرغي لافروف).
REACH = range(3, 6)
REACH_CLASSES = ("occupation", "orghead", "rank", "role", "say", "title", "vso")
REACH_STOPS = frozenset({"p=stop", "p=colon"})
PUNCTUATION_CLASSES = {
    "،": "comma", ",": "comma", ".": "stop", "؟": "stop", "?": "stop", "!": "stop",
    ":": "colon", "؛": "semi", ";": "semi", "-": "dash", "–": "dash", "—": "dash",
    "(": "open", "[": "open", ")": "close", "]": "close", '"': "quote", "«": "quote",
    "»": "quote", "“": "quote", "”": "quote", "'": "quote", "/": "slash",
}  # fmt: skip


def gazetteer_words(phrases: Iterable[tuple[tuple[str, ...], str]]) -> dict[str, frozenset[str]]:
    """For each word key, where it stands in the gazetteer's names: ``TYPE:only``,
    ``TYPE:first``, ``TYPE:inner`` or ``TYPE:last``, from ``(phrase key, type)`` pairs.

    A big gazetteer has hundreds of thousands of words, and most stand in one or two
    ways: each word's places are gathered as bits of a number (one per label), and the
    few distinct numbers made into label sets once each, shared by their words."""
    bits: dict[str, int] = {}
    get = bits.get
    labels: list[str] = []  # the label of each bit
    bits_of: dict[str, tuple[int, int, int, int]] = {}  # only, first, inner, last by type
    for phrase, kind in phrases:
        if (known := bits_of.get(kind)) is None:
            known = bits_of[kind] = tuple(1 << (len(labels) + place) for place in range(4))
            labels.extend(f"{kind}:{where}" for where in ("only", "first", "inner", "last"))
        only, first, inner, last = known
        if len(phrase) > 1:
            word = phrase[0]
            bits[word] = get(word, 0) | first
            for word in phrase[1:-1]:
                bits[word] = get(word, 0) | inner
            word = phrase[-1]
            bits[word] = get(word, 0) | last
        elif phrase:
            word = phrase[0]
            bits[word] = get(word, 0) | only
    label_sets = {
        number: frozenset(label for bit, label in enumerate(labels) if number >> bit & 1)
        for number in set(bits.values())
    }
    return dict(zip(bits, map(label_sets.__getitem__, bits.values()), strict=True))


def name_words(
    sentences: Iterable[list[tuple[str, str]]], least: int = 2
) -> dict[str, frozenset[str]]:
    """Where words stand in the names of an annotated corpus (``nTYPE:first`` …), for
    words seen there at least ``least`` times: a lexicon learned from other text than
    the training data, so that the model learns how far to trust it."""
    from collections import Counter

    from ..normalize import normalize_key
    from .corpora import entities_of

    phrases = []
    for sentence in sentences:
        for first, last, kind in entities_of(sentence):
            phrases.append(
                (tuple(normalize_key(token) for token, _ in sentence[first:last]), "n" + kind)
            )
    seen = Counter(key for phrase, _ in phrases for key in phrase)
    places = gazetteer_words(phrases)
    return {key: found for key, found in places.items() if seen[key] >= least and key}


@cache
def word_bands() -> dict[str, str]:
    """Each frequent word's frequency band (data/word_bands.tsv, from wordfreq)."""
    text = data_file("word_bands.tsv").read_text(encoding="utf-8")
    start = 0
    while text.startswith("#", start):  # the header's comment lines
        start = text.index("\n", start) + 1
    # One split in C, where every line is a key and a band (as the build script writes
    # them): a third of the time of a partition per line, which a run pays at start.
    cells = text[start:].split()
    lines = text.count("\n", start) + (not text.endswith("\n"))
    if len(cells) == 2 * lines:
        return dict(zip(cells[::2], cells[1::2], strict=True))
    bands = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, band = line.partition("\t")
            bands[key] = band
    return bands


class _WordFeatures:
    """A word's features: its own, those it gives its neighbours at ±1 (``context``)
    and at ±2 (``brief``), unprefixed; ``near`` and ``far`` write them out for each
    place in the window (``-1w=…``), once, when a training row asks."""

    __slots__ = ("own", "context", "brief", "key", "reach", "stops", "_near", "_far")

    def __init__(
        self,
        own: list[str],
        context: list[str],
        brief: list[str],
        key: str,
        reach: tuple[str, ...] = (),
    ):
        self.key = key
        self.own = own
        self.context = context
        self.brief = brief
        self.reach = reach  # its REACH_CLASSES, as a word to the left of the window
        self.stops = own[0] in REACH_STOPS  # a full stop or colon: no reach across it
        self._near: dict[int, list[str]] | None = None
        self._far: dict[int, list[str]] | None = None

    @property
    def near(self) -> dict[int, list[str]]:
        if self._near is None:
            self._near = {d: [f"{d}{f}" for f in self.context] for d in NEAR}
        return self._near

    @property
    def far(self) -> dict[int, list[str]]:
        if self._far is None:
            self._far = {d: [f"{d}{f}" for f in self.brief] for d in FAR}
        return self._far


class FeatureMaker:
    """Feature rows for the tokens of a text, from the lexicon and the gazetteer."""

    def __init__(
        self,
        lexicon: Lexicon,
        gazetteer: dict[str, frozenset[str]],
        names: dict[str, frozenset[str]] | None = None,
        clusters: dict[str, tuple[str, ...]] | None = None,
        extra_classes: Sequence[str] = (),
        reach: bool = False,
    ):
        self.lexicon = lexicon
        self.extra_classes = tuple(extra_classes)
        self.reach = reach
        self._classes_of = _class_table(self.extra_classes).classes_of
        self.gazetteer = gazetteer
        self.names = names or {}
        self.clusters = clusters or {}
        self.bands = word_bands()
        self._words = WordCache(limit=1 << 18)

    def word(self, written: str) -> _WordFeatures:
        return self._words.remember(written, self._describe)

    def _describe(self, written: str) -> _WordFeatures:
        lexicon = self.lexicon
        word = lexicon.word(written)
        key = word.key
        if not key or not (key[0].isalpha() or key[0].isdigit()):
            mark = PUNCTUATION_CLASSES.get(written, "sym") if written.strip() else "space"
            feature = f"p={mark}"
            return _WordFeatures([feature, f"w={written}"], [feature], [feature], "")
        if key.isdigit() or key[0].isdigit():
            return _WordFeatures(["num", f"len={min(len(key), 4)}"], ["num"], ["num"], key)
        if key.isascii():
            return _WordFeatures(["latin", f"w={key.lower()}"], ["latin"], ["latin"], key)
        stems_of = word.stems | bare_stems(key)
        classes = self._classes_of(stems_of)
        places = set()
        for stem in stems_of:
            places.update(self.gazetteer.get(stem, ()))
            places.update(self.names.get(stem, ()))
        flags = []
        if lexicon.is_everyday(key):
            flags.append("common")
        if not stems_of.isdisjoint(lexicon.given):
            flags.append("given")
        if lexicon.is_demonym(key):
            flags.append("demonym")
        if is_definite(key):
            flags.append("def")
        if word.starts_name:
            flags.append("namelike")
        band = self.bands.get(key)
        flags.append(f"f={band}" if band else "f=rare")
        stem_bands = sorted({self.bands.get(stem, "") for stem in stems_of if stem != key} - {""})
        if stem_bands:
            flags.append(f"sf={stem_bands[-1]}")
        if "\u064b" in written or "\u064c" in written or "\u064d" in written:
            flags.append("tanween")
        shared = [*classes, *sorted(places), *flags, *self._clusters_of(key, stems_of)]
        own = [
            f"w={key}",
            *(f"s={stem}" for stem in sorted(stems_of) if stem != key),
            f"a2={key[:2]}",
            f"a3={key[:3]}",
            f"z2={key[-2:]}",
            f"z3={key[-3:]}",
            f"z4={key[-4:]}",
            f"len={min(len(key), 9)}",
            *shared,
        ]
        context = [f"w={key}", f"z2={key[-2:]}", *shared]
        reach = tuple(name for name in classes if name in REACH_CLASSES)
        return _WordFeatures(own, context, [f"w={key}", *classes, *flags], key, reach)

    def _clusters_of(self, key: str, stems_of: frozenset[str]) -> list[str]:
        """The word's clusters (``c0=…`` coarsest first): its key's, else a stem's; none
        without a cluster table (the shipped model has none)."""
        if not self.clusters:
            return []
        found = self.clusters.get(key)
        if found is None:
            for stem in sorted(stems_of, key=lambda stem: (-len(stem), stem)):
                found = self.clusters.get(stem)
                if found is not None:
                    break
            else:
                return ["c=none"]
        return [f"c{i}={number}" for i, number in enumerate(found)]

    def rows(self, tokens: Sequence[Token], matches: Sequence[Mention] = ()) -> list[list[str]]:
        """One feature row per token, as the model is trained on (one sentence at a time);
        ``matches`` are the gazetteer's, as a BIO feature."""
        described = [self.word(token.text) for token in tokens]
        bio = bio_tags(tokens, matches)
        size = len(tokens)
        rows = []
        for i, here in enumerate(described):
            row = ["bias", *here.own]
            if bio[i]:
                row.append(bio[i])
            for d in NEAR:
                j = i + d
                if 0 <= j < size:
                    row += described[j].near[d]
                    if bio[j]:
                        row.append(f"{d}{bio[j]}")
                else:
                    row.append(f"{d}edge")
            for d in FAR:
                j = i + d
                if 0 <= j < size:
                    row += described[j].far[d]
            if i:
                row.append(f"b-={described[i - 1].key}|{here.key}")
            if i + 1 < size:
                row.append(f"b+={here.key}|{described[i + 1].key}")
            if self.reach:
                row += reach_features(described, i)
            rows.append(row)
        return rows


def reach_features(described: Sequence[_WordFeatures], i: int) -> list[str]:
    """``r=CLASS`` for the REACH_CLASSES of the words ``REACH`` to the left of word
    ``i``, up to a full stop or colon; in the order of REACH_CLASSES."""
    found: set[str] = set()
    for d in range(1, REACH.stop):
        j = i - d
        if j < 0 or described[j].stops:
            break
        if d >= REACH.start:
            found.update(described[j].reach)
    return [f"r={name}" for name in REACH_CLASSES if name in found]


def bio_tags(tokens: Sequence[Token], matches: Sequence[Mention]) -> list[str]:
    """``g=B-TYPE``/``g=I-TYPE`` for the tokens a gazetteer match covers, else ""."""
    tags = [""] * len(tokens)
    if not matches:
        return tags
    starts = list(map(_START, tokens))  # in C
    for match in matches:
        i = max(0, bisect.bisect_right(starts, match.start) - 1)
        first = True
        while i < len(tokens) and tokens[i].start < match.end:
            if tokens[i].end > match.start:
                tags[i] = f"g={'B' if first else 'I'}-{match.type}"
                first = False
            i += 1
    return tags
