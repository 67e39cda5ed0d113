"""What the model sees: features per word, the gazetteer as a BIO feature, proclitics."""

from ner_cli.gazetteer import GazetteerIndex, default_gazetteer_path
from ner_cli.lexicon import Lexicon
from ner_cli.matcher import filter_spans, find_matches
from ner_cli.model.crf import sentences_of
from ner_cli.model.features import FeatureMaker, gazetteer_words
from ner_cli.model.proclitics import proclitic_length
from ner_cli.tokenize import tokenize

INDEX = GazetteerIndex.from_paths([default_gazetteer_path()])
LEXICON = Lexicon.for_entries(INDEX.entries)


def maker() -> FeatureMaker:
    return FeatureMaker(LEXICON, gazetteer_words((k, e.type) for k, e in INDEX.phrases()))


def rows_of(text: str):
    tokens = tokenize(text)
    return tokens, maker().rows(tokens, filter_spans(find_matches(tokens, INDEX, text)))


def test_one_row_per_token_with_neighbours_and_gazetteer_bio():
    tokens, rows = rows_of("قال الرئيس فلاديمير بوتين في موسكو.")
    assert len(rows) == len(tokens)
    putin = rows[3]
    assert "g=I-PERSON" in putin and "-1g=B-PERSON" in putin
    assert "-1w=فلاديمير" in putin and "1w=في" in putin
    assert "-2title" in putin  # الرئيس, two words back
    assert "g=B-LOC" in rows[5]  # موسكو, a city the gazetteer lists
    assert "p=stop" in rows[6]


def test_features_depend_on_the_word_not_on_where_it_was_first_seen():
    first = maker()
    a = first.rows(tokenize("التقى السفير سامي الحديدي"))[2]
    b = maker().rows(tokenize("التقى السفير سامي الحديدي"))[2]
    assert a == b
    assert "-1title" in a


def test_a_words_proclitic_is_read_from_the_vocabulary():
    counts = {"اسرائيل": 40, "وزاره": 50, "الكرملين": 0}
    assert proclitic_length("وإسرائيل", counts) == 1
    assert proclitic_length("وزارة", counts) == 0  # و is the word's own letter
    assert proclitic_length("والكرملين", {}) == 1  # unknown both ways: the article tells
    assert proclitic_length("وانغ", {}) == 0  # unknown, no article: kept whole
    assert proclitic_length("للأمم", {}) == 1  # ل + الأمم: the span starts after one ل


def test_sentences_end_at_stops_and_line_ends():
    text = "زار بوتين موسكو. ثم عاد\nإلى بكين"
    tokens = tokenize(text)
    ranges = list(sentences_of(text, tokens))
    assert [" ".join(t.text for t in tokens[a:b]) for a, b in ranges] == [
        "زار بوتين موسكو .",
        "ثم عاد",
        "إلى بكين",
    ]


def test_word_clusters_are_features_only_where_a_table_is_given(tmp_path):
    from ner_cli.model.crf import read_clusters

    table = tmp_path / "clusters.tsv"
    table.write_text("# k = 2,4\nموسكو\t1\t3\nبوتين\t0\t2\n", encoding="utf-8")
    clusters = read_clusters(table)
    assert clusters == {"موسكو": ("1", "3"), "بوتين": ("0", "2")}
    words = gazetteer_words((k, e.type) for k, e in INDEX.phrases())
    tokens = tokenize("زار بوتين وموسكو ولندن.")
    rows = FeatureMaker(LEXICON, words, clusters=clusters).rows(tokens)
    assert {"c0=0", "c1=2"} <= set(rows[1]) and "1c0=1" in rows[1]  # بوتين, then وموسكو
    assert {"c0=1", "c1=3"} <= set(rows[2])  # وموسكو: by its stem موسكو
    assert "c=none" in rows[3]  # ولندن: in no cluster
    # Without a table (the shipped model) the rows are those of a maker without clusters.
    assert maker().rows(tokens) == FeatureMaker(LEXICON, words, clusters={}).rows(tokens)
    assert not any(f.startswith(("c0=", "c=")) for row in maker().rows(tokens) for f in row)


def test_extra_trigger_classes_are_features_only_where_asked_for(tmp_path):
    import json

    import pytest

    from ner_cli.model.crf import trigger_classes

    words = gazetteer_words((k, e.type) for k, e in INDEX.phrases())
    tokens = tokenize("وكشف اللاعب المصري محمد صلاح وسيغيب الفنانة")
    rows = FeatureMaker(LEXICON, words, extra_classes=("occupation", "vso")).rows(tokens)
    assert "vso" in rows[0] and "occupation" in rows[1]  # وكشف (behind و), اللاعب
    assert "-2occupation" in rows[3] and "-2vso" in rows[2]
    assert "vso" in rows[5] and "occupation" in rows[6]  # وسيغيب, الفنانة
    occupation = FeatureMaker(LEXICON, words, extra_classes=("occupation",)).rows(tokens)
    assert "occupation" in occupation[1] and "vso" not in occupation[0]
    # Without them (a model trained before them) nothing of them is seen.
    assert not any(f.endswith(("occupation", "vso")) for row in maker().rows(tokens) for f in row)
    with pytest.raises(ValueError):
        FeatureMaker(LEXICON, words, extra_classes=("nonesuch",))
    # The loader reads them from the vocabulary beside the model; none where it has none.
    (tmp_path / "vocabulary.json").write_text(json.dumps({"extra_classes": ["vso"]}))
    assert trigger_classes(tmp_path / "tagger.npz") == ("vso",)
    assert trigger_classes(tmp_path / "elsewhere" / "tagger.npz") == ()


def test_cluster_building_is_deterministic():
    import sys

    import numpy as np

    from .conftest import ROOT

    sys.path.insert(0, str(ROOT / "scripts"))
    from build_clusters import kmeans

    rng = np.random.default_rng(3)
    x = np.concatenate([rng.normal(c, 0.1, (20, 2)) for c in (0.0, 5.0, 10.0)])
    first, again = kmeans(x, 3, seed=1), kmeans(x, 3, seed=1)
    assert np.array_equal(first, again)
    assert len({tuple(first[i : i + 20]) for i in (0, 20, 40)}) == 3  # one cluster each
    assert all(len(set(first[i : i + 20])) == 1 for i in (0, 20, 40))


def test_word_bands_are_the_shipped_file_read_line_by_line():
    """The quick one-split read gives each key its band exactly as the file's lines do."""
    from ner_cli.model.features import word_bands
    from ner_cli.resources import data_file

    expected = {}
    for line in data_file("word_bands.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, tab, band = line.partition("\t")
            assert tab and band, line
            expected[key] = band
    assert word_bands() == expected
    assert len(expected) > 10_000


def test_gazetteer_words_name_each_place_of_a_word_by_type():
    words = gazetteer_words(
        [
            (("منظمه", "شانغهاي", "للتعاون"), "ORG"),
            (("شانغهاي",), "LOC"),
            (("منظمه", "التعاون"), "ORG"),
            ((), "ORG"),
            (("بوتين",), "PERSON"),
        ]
    )
    assert words == {
        "منظمه": frozenset({"ORG:first"}),
        "شانغهاي": frozenset({"ORG:inner", "LOC:only"}),
        "للتعاون": frozenset({"ORG:last"}),
        "التعاون": frozenset({"ORG:last"}),
        "بوتين": frozenset({"PERSON:only"}),
    }


def test_reach_features_see_triggers_beyond_the_window_only_where_asked_for(tmp_path):
    import json

    from ner_cli.model.crf import reaches

    words = gazetteer_words((k, e.type) for k, e in INDEX.phrases())
    reach = FeatureMaker(LEXICON, words, extra_classes=("occupation", "vso"), reach=True)
    tokens = tokenize("وقال وزير الخارجية الروسي سيرغي لافروف")
    rows = reach.rows(tokens)
    assert "r=role" in rows[4] and "r=say" in rows[4]  # سيرغي: وزير 3 back, وقال 4
    assert "r=role" in rows[5] and "r=say" in rows[5]  # لافروف: وزير 4 back
    assert not any(f.startswith("r=") for f in rows[2])  # الخارجية: وزير is in the window
    # A full stop or colon ends the reach: no trigger before it is seen after it.
    rows = reach.rows(tokenize("قال الوزير . ثم حضر سامي الحديدي"))
    assert not any(f.startswith("r=") for row in rows for f in row)
    # Without them (the models before them) the rows are a plain maker's.
    plain = FeatureMaker(LEXICON, words, extra_classes=("occupation", "vso"))
    assert plain.rows(tokens) == [
        [f for f in row if not f.startswith("r=")] for row in reach.rows(tokens)
    ]
    (tmp_path / "vocabulary.json").write_text(json.dumps({"reach": True}))
    assert reaches(tmp_path / "tagger.npz") and not reaches(tmp_path / "none" / "tagger.npz")
