"""Probe how often the tagger takes an everyday word after a title or role for a name.

Not a test: a measurement. Sentences are generated in which a mid-frequency Arabic
word (wordfreq's Arabic list, Zipf 3.5 to 5, surface forms as written, hamza and
all) stands where a name would, right after a title, rank or role: ``قال الوزير
<word> إن …``, ``وصل العميد <word> إلى …``, ``السفير الروسي لدى كابل - <word> - …``,
``وزير الثقافة، <word>، ووزير …``. Words are drawn deterministically (``--seed``);
some get a pronoun suffix (ه، ها) to stand for the suffixed forms of running text.
Titles and roles, function words, words with an attached proclitic, given names,
gazetteer names and a reviewed list of the names and places wordfreq also holds
are left out, so every inserted word is one that no reader would take for a name.

For each tagger configuration the probe counts the sentences in which a PERSON
mention overlaps the inserted word, per template family, per word form and per
frequency band; the target is under 5% of the sentences. As a sanity check the same
templates carry 100 invented but plausible names, where PERSON recall should be
high: a tagger that tags nothing would otherwise look perfect.

Run: uv run python benchmarks/bench_precision_probe.py [--json FILE] [--examples N]
     [--configs gazetteer,rules,model] [--sentences 600] [--names 100] [--seed N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from score_dev import CONFIGS, add_configs_option, build_taggers
from wordfreq import top_n_list, zipf_frequency

from ner_cli.gazetteer import default_gazetteer_path, load_gazetteer
from ner_cli.normalize import normalize_key

ROOT = Path(__file__).resolve().parent.parent
GIVEN_NAMES = ROOT / "data" / "given_names.txt"
TARGET = 0.05
ZIPF_LOW, ZIPF_HIGH = 3.5, 5.0
COMMON_WORDS_ZIPF = 4.5  # data/common_words.txt holds the words at or above this
SUFFIX_EVERY = 5  # every fifth sentence gets a pronoun-suffixed form

# (family, template): {w} is where the word or name goes.
TEMPLATES = [
    ("title", "قال الرئيس {w} إن الاجتماع كان مثمرا."),
    ("title", "التقى السيد {w} بالوفد الزائر صباح أمس."),
    ("title", "ألقى الشيخ {w} كلمة في افتتاح المؤتمر."),
    ("title", "أوضح الدكتور {w} أن نتائج الدراسة مشجعة."),
    ("title", "قال الوزير {w} إن المحادثات ستستأنف الأسبوع المقبل."),
    ("rank", "وصل العميد {w} إلى المدينة على رأس وفد عسكري."),
    ("rank", "أعلن اللواء {w} انتهاء العملية في المنطقة الحدودية."),
    ("rank", "صرح العقيد {w} للصحفيين بأن الوضع هادئ."),
    ("rank", "ترأس الفريق {w} اجتماع هيئة الأركان."),
    ("role", "قال وزير الخارجية {w} إن بلاده ترحب بالمبادرة."),
    ("role", "أكد المتحدث باسم الحكومة {w} أن القرار نهائي."),
    ("role", "أكد السفير الجزائري لدى قطر {w} أن العلاقات بين البلدين متينة."),
    ("role", "أكد السفير الروسي لدى كابل {w} أن موسكو تتابع الوضع عن كثب."),
    ("dash", "وقال السفير الروسي لدى كابل - {w} - إن بلاده لن تتدخل."),
    ("dash", "وأوضح المتحدث باسم الجيش - {w} - أن القوات انسحبت."),
    ("comma", "وحضر اللقاء وزير الثقافة، {w}، ووزير الدولة للشؤون الخارجية."),
    ("comma", "وشارك في الاجتماع رئيس البرلمان، {w}، ونائبه الأول."),
]
FAMILIES = list(dict.fromkeys(family for family, _ in TEMPLATES))

# Invented given + family names, of the kinds the news carries (sanity check).
NAMES = [
    "سامي الحديدي", "حسين نوري", "أندريه سوكولوف", "عبد الرحيم بلخير", "ماهر الشوابكة",
    "نادية الفرجاني", "كريم بوزيدي", "يوسف العتيبي", "فيكتور لازاريف", "طارق المنصوري",
    "هشام القباني", "رستم نظروف", "إيغور بالاشوف", "منير الزعبي", "سليم حداد",
    "وليد السقا", "جمال بن عيسى", "أيمن الطراونة", "ناصر الدوسري", "عادل الحمادي",
    "بكر الشمري", "خالد بورقيبة", "عمر فاروقي", "ديمتري كوزنتسوف", "أنور سادات زاده",
    "فريد الأطرش", "زياد الخطيب", "مراد بن صالح", "لطفي الجبالي", "أليكسي موروزوف",
    "شريف الدباغ", "إدريس الكتاني", "حمزة العبيدي", "نبيل الشريف", "فاطمة الزهراني",
    "سيرغي بيلوف", "رضا أصفهاني", "مصطفى قنديل", "أحمد الرواشدة", "بختيار عليوف",
]  # fmt: skip

# Closed classes kept out of the word pool: the words that carry a name slot
# themselves (titles, ranks, roles) and function words. Compared as matching keys.
TITLES_AND_ROLES = """
السيد السيدة الرئيس الرئيسة الوزير الوزيرة الشيخ الشيخة الدكتور الدكتورة العميد اللواء
العقيد الفريق المشير الجنرال الأمير الأميرة الملك الملكة السفير السفيرة الأستاذ الأستاذة
النائب المستشار القائد الزعيم الإمام المفتي القاضي المحامي المهندس الطبيب الرائد النقيب
المقدم الحاج الملا الصحفي الكاتب الباحث الخبير المحلل المراسل الناشط الناطق المتحدث
المتحدثة المبعوث المندوب الأمين رئيس رئيسة وزير وزيرة مدير مديرة سفير سفيرة قائد نائب
نائبة مستشار متحدث ناطق أمين سكرتير ممثل مبعوث مندوب زعيم وكيل محافظ حاكم عمدة منسق
مساعد مفوض عضو مسؤول ملازم شيخ دكتور أمير ملك سيد سيدة لواء عقيد عميد جنرال ناشط
""".split()
FUNCTION_WORDS = """
من إلى عن على في مع بين عند لدى حتى منذ خلال بعد قبل حول ضد عبر نحو أمام تحت فوق دون غير
سوى إن أن أنه أنها إنه إنها لكن لكنه لكنها بل ثم أو أم إذا إذ إذن لو لولا كي حيث كما كذلك
أيضا هو هي هم هما هن نحن أنا أنت أنتم أنتن هذا هذه هذان هاتان هؤلاء ذلك تلك أولئك هنا هناك
الذي التي الذين اللذين اللتين اللواتي اللاتي ما ماذا متى أين كيف لماذا كم أي أية كل بعض
جميع كلا كلتا لا لم لن ليس ليست ليسوا قد كان كانت كانوا يكون تكون سوف عليه عليها عليهم
منه منها منهم فيه فيها فيهم عنه عنها عنهم إليه إليها إليهم معه معها معهم لديه لديها لديهم
بينه بينها بينهم عندما بينما مثل إلا أما أي ذات ذو ذي لدي عندي لي له لها لهم لنا لكم نفس
""".split()
PRONOUN_SUFFIXES = ("هما", "هم", "هن", "ها", "كم", "نا", "ه", "ك", "ي")
PROCLITIC_STARTS = ("وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وب", "ول", "فب", "فل", "وك")

# Words of wordfreq's list that are names or places, not everyday words (reviewed by
# hand in the words the default seed draws, and in a reserve after them).
NOT_EVERYDAY = """
جيسيكا أليسون العبادي تايم هيومن أوين إشبيلية مولاي القدوس الطائف فاسو النعمان ويكي ستوري
سامسونج جوناثان هيلين العيسى جاكوب الناصرة مرزوق ستيوارت فنسنت التايمز هيوستن خوسيه
ويليامز تورنتو جرين فيكتوريا مارت كلير باك جيري المنصورة محفوظ زيدان البنا سيزار وهبي
شرم سات إليوت دان ويست حداد ميلان لوران دورتموند مولى جبار رويال ميجا بورت ايش كام سنا
جاب الرقيب روجر أوف فاس عوف ريك الغوطة ليونارد البي بوك الزمالك ألن
"""
ARABIC_WORD = re.compile(r"^[\u0621-\u063a\u0641-\u064a]+$")


def keys(words) -> set[str]:
    return {normalize_key(word) for word in words}


def excluded_keys() -> set[str]:
    """Keys no probe word may have: closed classes, names the project knows, NOT_EVERYDAY."""
    found = keys(TITLES_AND_ROLES) | keys(FUNCTION_WORDS) | keys(NOT_EVERYDAY.split())
    try:  # the lexicon's own closed classes, where this version has them
        from ner_cli.lexicon import NOT_NAMES

        found |= set(NOT_NAMES)
    except ImportError:
        pass
    for line in GIVEN_NAMES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            found.add(normalize_key(line.strip()))
    for entry in load_gazetteer(default_gazetteer_path()):
        for name in (entry.name_ar, *entry.aliases):
            for token in name.split():
                if entry.type == "PERSON" or len(name.split()) == 1:
                    found.add(normalize_key(token))
    return found


def is_function_form(key: str, function_keys: set[str]) -> bool:
    """A function word, or one with a pronoun suffix (بينها، عليهم)."""
    if key in function_keys:
        return True
    return any(
        key.endswith(suffix) and key[: -len(suffix)] in function_keys for suffix in PRONOUN_SUFFIXES
    )


def has_proclitic(key: str, vocabulary: set[str]) -> bool:
    """An attached article-bearing proclitic (بال…، لل…), or و/ف/ب/ل/ك before a known word."""
    if key.startswith(PROCLITIC_STARTS) and len(key) > 4:
        return True
    return key[0] in "وفبلك" and len(key) > 3 and key[1:] in vocabulary


def order_key(seed: int, word: str) -> bytes:
    """A seeded, per-word sort key: leaving a word out never reshuffles the others."""
    return hashlib.sha256(f"{seed}:{word}".encode()).digest()


def candidate_words(seed: int) -> list[tuple[str, float]]:
    """Everyday words with their Zipf frequency, in seeded order."""
    words = [w for w in top_n_list("ar", 20000) if ARABIC_WORD.match(w)]
    vocabulary = keys(words)
    excluded = excluded_keys()
    function_keys = keys(FUNCTION_WORDS)
    chosen, seen = [], set()
    for word in words:
        zipf = zipf_frequency(word, "ar")
        key = normalize_key(word)
        if not ZIPF_LOW <= zipf <= ZIPF_HIGH or len(key) < 3 or key in seen:
            continue
        if key in excluded or is_function_form(key, function_keys):
            continue
        if has_proclitic(key, vocabulary):
            continue
        seen.add(key)
        chosen.append((word, zipf))
    return sorted(chosen, key=lambda item: order_key(seed, item[0]))


def looks_like_noun(word: str) -> bool:
    """A rough test for a noun that can take a pronoun suffix: no imperfect-verb prefix
    (verbal nouns تفعيل and nouns in ة excepted), no past-tense ت, no plural ين/ون, no
    pronoun suffix already."""
    if word.startswith("ال") or len(word) < 3 or word[-1] in "اىءئؤيوهت":
        return False
    if word.endswith(("ين", "ون", "هم", "كم", "نا", "ك")):
        return False
    if word[0] in "ين":
        return False
    if word[0] == "ت" and not (word.endswith("ة") or (len(word) >= 5 and word[-2] == "ي")):
        return False
    return True


def with_suffix(word: str, number: int) -> str | None:
    """The word with a pronoun suffix (ه or ها), or None where it is not a noun that takes one."""
    if not looks_like_noun(word):
        return None
    suffix = "ه" if number % 2 else "ها"
    return word[:-1] + "ت" + suffix if word.endswith("ة") else word + suffix


@dataclass
class Probe:
    template: int
    family: str
    text: str
    start: int
    end: int
    word: str
    form: str  # "definite", "bare" or "suffixed"
    band: str  # frequency band of the underlying word ("" for names)


def sentence(template: int, filler: str, form: str, band: str, word: str) -> Probe:
    family, pattern = TEMPLATES[template]
    start = pattern.index("{w}")
    text = pattern.replace("{w}", filler)
    return Probe(template, family, text, start, start + len(filler), word, form, band)


def word_probes(count: int, seed: int) -> list[Probe]:
    candidates = candidate_words(seed)
    if len(candidates) < count:
        raise SystemExit(f"only {len(candidates)} candidate words for {count} sentences")
    probes, reserve = [], iter(candidates[count:])
    for number, (word, zipf) in enumerate(candidates[:count]):
        band = f">={COMMON_WORDS_ZIPF}" if zipf >= COMMON_WORDS_ZIPF else f"<{COMMON_WORDS_ZIPF}"
        template = number % len(TEMPLATES)
        if number % SUFFIX_EVERY == SUFFIX_EVERY - 1:
            suffixed = with_suffix(word, number)
            while suffixed is None:  # take the next reserve word that takes a suffix
                word, zipf = next(reserve)
                suffixed = with_suffix(word, number)
            band = (
                f">={COMMON_WORDS_ZIPF}" if zipf >= COMMON_WORDS_ZIPF else f"<{COMMON_WORDS_ZIPF}"
            )
            probes.append(sentence(template, suffixed, "suffixed", band, word))
            continue
        form = "definite" if word.startswith("ال") else "bare"
        probes.append(sentence(template, word, form, band, word))
    return probes


def name_probes(count: int) -> list[Probe]:
    return [
        sentence(n % len(TEMPLATES), NAMES[n % len(NAMES)], "name", "", NAMES[n % len(NAMES)])
        for n in range(count)
    ]


def person_on(tagger, probe: Probe) -> tuple[bool, bool]:
    """Whether a PERSON mention overlaps the inserted text, and whether one equals it."""
    overlap = exact = False
    for mention in tagger(probe.text):
        if mention.type == "PERSON" and mention.start < probe.end and probe.start < mention.end:
            overlap = True
            exact = exact or (mention.start, mention.end) == (probe.start, probe.end)
    return overlap, exact


def rate(hits: int, total: int) -> dict:
    return {"hits": hits, "total": total, "rate": round(hits / total, 4) if total else 0.0}


def run(tagger, probes: list[Probe], names: list[Probe]) -> dict:
    by = defaultdict(Counter)
    flagged = []
    for probe in probes:
        hit, _ = person_on(tagger, probe)
        for group in (f"family:{probe.family}", f"form:{probe.form}", f"band:{probe.band}"):
            by[group]["total"] += 1
            by[group]["hits"] += hit
        if hit:
            flagged.append({"family": probe.family, "word": probe.word, "text": probe.text})
    found = exact = 0
    name_families = defaultdict(Counter)
    for probe in names:
        overlap, same = person_on(tagger, probe)
        found += overlap
        exact += same
        name_families[probe.family].update(total=1, hits=overlap, exact=same)
    return {
        "overall": rate(len(flagged), len(probes)),
        "groups": {group: rate(c["hits"], c["total"]) for group, c in sorted(by.items())},
        "names": {
            "recall": rate(found, len(names)),
            "exact": rate(exact, len(names)),
            "families": {
                family: {
                    "recall": rate(c["hits"], c["total"]),
                    "exact": rate(c["exact"], c["total"]),
                }
                for family, c in name_families.items()
            },
        },
        "missed_names": [p.text for p in names if not person_on(tagger, p)[0]],
        "flagged": flagged,
    }


def print_report(
    results: dict[str, dict], probes: list[Probe], names: list[Probe], examples: int
) -> None:
    labels = list(results)
    print(
        f"\nprecision probe: {len(probes)} sentences, an everyday word right after a title, "
        f"rank or role; share of sentences with a PERSON mention on the word "
        f"(target: < {TARGET:.0%} of sentences)"
    )
    print(f"  {'group':22} {'n':>4}  " + "  ".join(f"{label:>22}" for label in labels))
    groups = [f"family:{f}" for f in FAMILIES]
    groups += sorted({g for r in results.values() for g in r["groups"] if g not in groups})
    for group in [*groups, "overall"]:
        cells = []
        for label in labels:
            figures = results[label]["overall" if group == "overall" else "groups"]
            figure = figures if group == "overall" else figures.get(group)
            cells.append(f"{figure['rate']:>15.1%} ({figure['hits']:>3})" if figure else " " * 22)
        total = next(
            (
                (r["overall"] if group == "overall" else r["groups"].get(group, {})).get("total")
                for r in results.values()
            ),
            0,
        )
        print(f"  {group:22} {total or 0:>4}  " + "  ".join(cells))
    verdict = ", ".join(
        f"{label} {'meets' if r['overall']['rate'] < TARGET else 'MISSES'} the target"
        for label, r in results.items()
    )
    print(f"  {verdict}")
    print(
        f"\nsanity: {len(NAMES)} invented names in the same templates, {len(names)} sentences; "
        "PERSON recall (a mention overlaps the name) / exact span"
    )
    print(f"  {'family':22} {'n':>4}  " + "  ".join(f"{label:>22}" for label in labels))
    for family in [*FAMILIES, "overall"]:
        cells, total = [], 0
        for label in labels:
            figures = results[label]["names"]
            if family != "overall":
                figures = figures["families"].get(family)
            if figures is None:
                cells.append(" " * 22)
                continue
            total = figures["recall"]["total"]
            cells.append(f"{figures['recall']['rate']:>12.1%} / {figures['exact']['rate']:6.1%}")
        print(f"  {family:22} {total:>4}  " + "  ".join(cells))
    if examples:
        for label, r in results.items():
            shown = r["flagged"][:examples]
            if shown:
                print(f"\nflagged by {label} (first {len(shown)} of {len(r['flagged'])}):")
                for item in shown:
                    print(f"  {item['family']:6} {item['word']:14} {item['text']}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    add_configs_option(parser)
    parser.add_argument("--sentences", type=int, default=600, help="probe sentences")
    parser.add_argument("--names", type=int, default=100, help="sanity sentences with names")
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument(
        "--examples", type=int, default=15, help="flagged sentences to list per config"
    )
    args = parser.parse_args(argv)
    probes = word_probes(args.sentences, args.seed)
    names = name_probes(args.names)
    taggers = build_taggers(args.configs)
    results = {label: run(tagger, probes, names) for label, tagger in taggers.items()}
    print_report(results, probes, names, args.examples)
    if args.json:
        data = {
            "target_rate": TARGET,
            "seed": args.seed,
            "sentences": len(probes),
            "name_sentences": len(names),
            "configs": results,
            "unavailable": [CONFIGS[n][0] for n in args.configs if CONFIGS[n][0] not in taggers],
            "words": [p.text[p.start : p.end] for p in probes],
        }
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    main()
