"""The learned tagger as users get it: shipped, deterministic, exact spans, sensible
on the patterns that gazetteer and rules missed, and switchable off."""

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from ner_cli import Tagger
from ner_cli.cli import cli
from ner_cli.model import default_model_path

from .conftest import ROOT, SEEDS

GOLDEN_NO_MODEL = Path(__file__).parent / "golden" / "no_model.jsonl"
PROCLITICS = ("و", "ف", "ب", "ك", "ل")


def people(tagger: Tagger, text: str) -> list[str]:
    return [m.text for m in tagger(text) if m.type == "PERSON"]


def test_the_model_ships_inside_the_package():
    path = default_model_path()
    assert path.is_file() and path.stat().st_size < 20_000_000
    assert path.with_name("vocabulary.json").is_file()
    assert path.with_name("MODEL_CARD.md").is_file()


def test_tagging_is_deterministic(tagger):
    text = (SEEDS / sorted(os.listdir(SEEDS))[0]).read_text(encoding="utf-8")
    again = Tagger()
    assert tagger(text) == again(text) == tagger(text)


def test_model_mentions_index_the_original_text_and_leave_proclitics_out(tagger):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts.append("التقى الوزير بسامي الحديدي ولأندريه سوكولوف ووليد المعلم رأي آخر.")
    model_mentions = 0
    for text in texts:
        for mention in tagger(text):
            assert text[mention.start : mention.end] == mention.text
            if mention.source == "model":
                model_mentions += 1
                assert 0.0 < mention.score <= 1.0
    assert model_mentions
    found = people(tagger, texts[-1])
    assert "سامي الحديدي" in found and "أندريه سوكولوف" in found
    assert "وليد المعلم" in found  # و is part of وليد


def test_no_model_reproduces_gazetteer_and_rules_output():
    """``--no-model`` gives, byte for byte, what ner-cli gave before the model came."""
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = runner.invoke(
            cli, ["extract", "seeds", "tests/gold/heldout/texts", "-f", "jsonl", "--no-model"]
        )
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert result.stdout == GOLDEN_NO_MODEL.read_text(encoding="utf-8")


def test_the_python_api_takes_the_same_switch():
    text = "وزير الثقافة، سامي الحديدي، ووزير الدولة رامي الخطيب."
    without = Tagger(model=False)
    assert without.model is None
    assert all(m.source != "model" for m in without(text))
    assert "سامي الحديدي" in people(Tagger(), text)


def test_model_mentions_say_where_they_come_from():
    runner = CliRunner()
    text = "وأضاف كريم بنعلي الهدف الثاني بعد تمريرة من ماجد الشمري.\n"
    result = runner.invoke(cli, ["extract", "-", "-f", "jsonl"], input=text)
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["text"], r["type"], r["source"]) for r in records] == [
        ("كريم بنعلي", "PERSON", "model"),
        ("ماجد الشمري", "PERSON", "model"),
    ]
    assert all(0.5 < r["score"] <= 1.0 for r in records)
    only_model = runner.invoke(
        cli, ["extract", "-", "-f", "jsonl", "--source", "model"], input=text
    )
    assert only_model.stdout == result.stdout


# Sentences written for these tests, one per pattern the rules missed (names made up).
PATTERNS = {
    "minister list": (
        "وضمت الحكومة الجديدة وزير الثقافة، سامي الحديدي، ووزير الدولة لشؤون الإعلام، "
        "رامي الخطيب، ووزيرة الصحة هالة النعيمي.",
        ["سامي الحديدي", "رامي الخطيب", "هالة النعيمي"],
    ),
    "rank and name": (
        "وقال العميد حسين نوري قائد العمليات إن الهجوم صُدّ.",
        ["حسين نوري"],
    ),
    "dash and name": (
        "وقال السفير الروسي لدى كابل - أندريه سوكولوف إن بلاده تتابع الوضع.",
        ["أندريه سوكولوف"],
    ),
    "ambassador": (
        "استقبل الوزير السفير الجزائري لدى قطر عبد الرحيم بلخير في مكتبه.",
        ["عبد الرحيم بلخير"],
    ),
    "sports line-up": (
        "وسجل المهاجم يوسف العربي الهدف الأول، وأضاف كريم بنعلي الهدف الثاني بعد تمريرة من "
        "ماجد الشمري.",
        ["يوسف العربي", "كريم بنعلي", "ماجد الشمري"],
    ),
}


@pytest.mark.parametrize("text, expected", PATTERNS.values(), ids=PATTERNS.keys())
def test_people_the_rules_missed_are_found(tagger, text, expected):
    found = people(tagger, text)
    for name in expected:
        assert name in found, (name, found)


ORDINARY_AFTER_TITLES = [
    "قال الوزير مباحثات الأمس كانت مثمرة.",
    "وأكد الرئيس استعداده للتعاون مع الجميع.",
    "وأشار السفير لدى القاهرة إلى أهمية اللقاء.",
    "وصل العميد إلى المدينة صباح اليوم.",
    "وقال الشيخ كلمته أمام الحضور.",
    "وتحدث المستشار مطولا عن الإصلاحات.",
]


@pytest.mark.parametrize("text", ORDINARY_AFTER_TITLES)
def test_ordinary_words_after_titles_are_not_names(tagger, text):
    assert people(tagger, text) == []


def test_sentence_scores_are_those_of_the_training_features(tagger):
    """The shortcut that sums a word's feature weights once must give exactly the
    scores of the feature rows the model was trained on, sentence by sentence."""
    import numpy as np

    from ner_cli.matcher import filter_spans, find_matches
    from ner_cli.model.crf import sentences_of
    from ner_cli.model.features import bio_tags
    from ner_cli.tokenize import tokenize

    model = tagger.model
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))[:2]]
    # Pairs of words the pair index cannot tell apart: a word or a key holding "|".
    texts.append("قال الرئيس | فلاديمير بوتين| في موسكو |أمس وزير الخارجية|الروسي.")
    for text in texts:
        tokens = tokenize(text)
        matches = filter_spans(find_matches(tokens, tagger.index, text))
        ranges = list(sentences_of(text, tokens))
        scores = model.scores(tokens, bio_tags(tokens, matches), ranges)
        for first, last in ranges:
            inside = [m for m in matches if tokens[first].start <= m.start < tokens[last - 1].end]
            rows = model.features.rows(tokens[first:last], inside)
            expected = np.array([model.chain.score(row) for row in rows])
            assert np.allclose(scores[first:last], expected)


def test_texts_scored_together_have_their_scores_alone_bit_for_bit(tagger):
    """A batch's texts are scored as one token sequence (``scores_of_texts``): each
    text's scores must be exactly those it gets alone, for both passes, since its
    marginals (the scores users see) follow from them."""
    import numpy as np

    from ner_cli.matcher import filter_spans, find_matches
    from ner_cli.model.crf import sentences_of
    from ner_cli.model.features import bio_tags
    from ner_cli.tokenize import tokenize

    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    texts[1:1] = ["بوتين", "قال الرئيس | فلاديمير بوتين| في موسكو.", "وزير"]  # short, odd
    items = []
    for text in texts:
        tokens = tokenize(text)
        matches = filter_spans(find_matches(tokens, tagger.index, text))
        items.append((tokens, bio_tags(tokens, matches), list(sentences_of(text, tokens))))
    for model in (tagger.model, tagger.model.second):
        together = model.scores_of_texts(items)
        assert len(together) == len(items)
        for item, scores in zip(items, together, strict=True):
            alone = model.scores(*item)
            assert scores.shape == alone.shape
            for first, last in item[2]:  # what is decoded: the sentences' rows
                assert np.array_equal(scores[first:last], alone[first:last])


def test_text_in_another_language_is_left_to_the_gazetteer(tagger):
    persian = "نوشته های مشابه دیدگاهتان را بنویسید نشانی ایمیل شما منتشر نخواهد شد."
    assert [m for m in tagger(persian) if m.source == "model"] == []


def test_texts_tagged_together_are_tagged_as_alone(tagger):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [
        p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("tests/gold/heldout/texts/*"))
    ]
    texts += ["", "قال"]
    assert tagger.tag_many(texts) == [tagger(text) for text in texts]


def test_a_body_the_model_found_is_found_again_where_it_recurs():
    from ner_cli.gazetteer import Entry
    from ner_cli.matcher import Mention
    from ner_cli.model.combine import repeat_found
    from ner_cli.tokenize import tokenize

    text = "فاز دينامو كييف أمس. وقال مدرب دينامو كييف إن لاعبي لدينامو كييف تعبوا."
    tokens = tokenize(text)
    first = text.index("دينامو كييف")
    club = Mention(first, first + 11, "دينامو كييف", Entry("", "ORG", "دينامو كييف", ""), "model")
    found = repeat_found(text, tokens, [club])
    assert [(m.text, m.type, m.source) for m in found] == [("دينامو كييف", "ORG", "model")] * 2
    assert all(text[m.start : m.end] == m.text for m in found)
    assert found[1].start == text.index("لدينامو") + 1  # the proclitic stays out


def test_a_sentence_longer_than_the_bound_is_read_in_chunks(tagger):
    # Case 3 of "Safe on a real archive": a page without a sentence end or a line end is
    # one sentence, and decoding held arrays of its length × labels, padded for every
    # sentence decoded beside it.
    from ner_cli.model.crf import MAX_SENTENCE_TOKENS, bounded
    from ner_cli.tokenize import tokenize

    assert list(bounded([(0, 3), (3, 3), (3, 11)], most=4)) == [(0, 3), (3, 7), (7, 11)]
    text = "قال الوزير سامي الحديدي في طشقند " * (MAX_SENTENCE_TOKENS // 3) + "\nزار موسكو."
    tokens = tokenize(text)
    assert len(tokens) > 2 * MAX_SENTENCE_TOKENS
    reading = tagger.model.read(text, tokens)
    assert len(reading.outside) == len(tokens)
    assert all(text[m.start : m.end] == m.text for m in reading.mentions)


def test_the_mentions_a_span_overlaps_are_found_by_bisection_as_by_a_pass():
    # Case 3 of "Safe on a real archive": combining looked through every chosen mention
    # for each of the model's, the square of a text's length.
    import random

    from ner_cli.gazetteer import Entry
    from ner_cli.matcher import Mention
    from ner_cli.model.combine import _Disjoint, _overlaps

    rng = random.Random(5)
    entry = Entry("", "LOC", "", "")
    for _ in range(200):
        edges = sorted(rng.sample(range(60), 2 * rng.randint(0, 8)))
        held = [Mention(a, b, "", entry) for a, b in zip(edges[::2], edges[1::2], strict=True)]
        held += [Mention(p, p, "", entry) for p in rng.sample(range(60), rng.randint(0, 2))]
        spans = _Disjoint(held)
        for _ in range(10):
            start = rng.randrange(60)
            query = Mention(start, start + rng.randrange(10), "", entry)
            found = spans.overlapping(query)
            assert sorted(found, key=id) == sorted([m for m in held if _overlaps(query, m)], key=id)
        if found:
            spans.remove(found)
            assert not spans.overlapping(query)
            assert len(spans.mentions()) == len(held) - len(found)


def _person(text: str, name: str, source: str, score: float = 0.0):
    from ner_cli.gazetteer import Entry
    from ner_cli.matcher import Mention

    start = text.index(name)
    return Mention(start, start + len(name), name, Entry("", "PERSON", name, ""), source, score)


def _combine_one(text, rule_name, model_name, combination, given_name=None, inside=0.1):
    """``combine`` of one rule person and one model person over ``text``: the model
    gives the words of its span P(O) = ``inside``, every other word 0.9."""
    from ner_cli.model.combine import combine
    from ner_cli.model.crf import Reading
    from ner_cli.tokenize import tokenize

    tokens = tokenize(text)
    rule = _person(text, rule_name, "rule")
    model = _person(text, model_name, "model", 0.7)
    outside = [inside if model.start <= t.start < model.end else 0.9 for t in tokens]
    return combine(tokens, [], [rule], Reading([model], outside), combination, None, given_name)


@pytest.mark.parametrize(
    ("widen", "expected"),
    [("plain", "محمد حسني مبارك"), ("on", "محمد حسني مبارك"), ("off", "محمد حسني")],
)
def test_a_rule_name_inside_the_models_longer_one_takes_the_models_span(widen, expected):
    # The rules stopped a name short (محمد حسني); the model read it whole.
    from ner_cli.model.combine import Combination

    text = "وقال محمد حسني مبارك إن المحادثات مستمرة."
    found = _combine_one(text, "محمد حسني", "محمد حسني مبارك", Combination(widen=widen))
    assert [m.text for m in found if m.type == "PERSON"] == [expected]


def test_a_model_span_that_adds_a_title_does_not_replace_the_rules_name():
    # Two people joined by a title (وسمو الشيخ) are not one name: the rules' stand.
    from ner_cli.model.combine import Combination

    text = "حضر سامي الحديدي والشيخ خالد النوري الحفل."
    both = "سامي الحديدي والشيخ خالد النوري"
    found = _combine_one(text, "سامي الحديدي", both, Combination(widen="plain"))
    assert "سامي الحديدي" in [m.text for m in found]
    found = _combine_one(text, "سامي الحديدي", both, Combination(widen="on"))
    assert [m.text for m in found] == [both]


@pytest.mark.parametrize(
    ("known", "expected"), [(True, "سيد علي رضا نقشبندي"), (False, "رضا نقشبندي")]
)
def test_given_names_the_model_doubts_stay_in_the_rules_name(known, expected):
    # The model reads only the end of the name and gives سيد علي little chance (below
    # ``extend``); where they are known given names, the rules' whole name stands,
    # else the model's span.
    from ner_cli.model.combine import Combination

    text = "ويرى الباحث سيد علي رضا نقشبندي أن"
    given = {"سيد", "علي"}.__contains__ if known else (lambda word: False)
    found = _combine_one(text, "سيد علي رضا نقشبندي", "رضا نقشبندي", Combination(), given, 0.2)
    assert [m.text for m in found if m.type == "PERSON"] == [expected]


def test_a_given_name_said_again_before_another_family_name_is_another_person(tagger):
    """A repeated part of an earlier name (the rules link ``محمد`` to ``محمد بركات``)
    gives way to the longer name the model reads there: the longest name as written."""
    text = (
        "قال الوزير محمد بركات إن الاجتماع كان مثمرا.\n"
        "وفي الملعب غاب محمد صديق عن المباراة بسبب الإصابة."
    )
    found = [(m.text, m.entry.name_ar, m.source) for m in tagger(text) if m.type == "PERSON"]
    assert found == [("محمد بركات", "محمد بركات", "rule"), ("محمد صديق", "محمد صديق", "model")]
    alone = [m for m in Tagger(model=False)(text) if m.type == "PERSON"]
    assert [m.text for m in alone] == ["محمد بركات", "محمد"]  # the rules cannot tell
