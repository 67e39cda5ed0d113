"""The corpus readers: tags mapped to ENTITIES.md types, FANE's split-off pieces joined."""

from pathlib import Path

import pytest

from ner_cli.model.corpora import (
    document_of,
    entities_of,
    entity_spans,
    fane_type,
    read_anercorp,
    read_fane,
    repaired_anercorp_test,
)

FIXTURES = Path(__file__).parent / "fixtures" / "corpora"


def test_anercorp_tags_map_to_project_types_and_misc_is_dropped():
    sentences = read_anercorp(FIXTURES / "anercorp_mini.txt")
    assert len(sentences) == 2
    first, second = sentences
    assert [tag for _, tag in first] == ["O", "O", "B-PERSON", "I-PERSON", "O", "B-LOC", "O"]
    assert ("الحرب", "O") in second  # MISC is not an entity here
    # an I- tag that continues nothing opens an entity, as conlleval reads it
    assert second[-1] == ("دمشق", "B-LOC")
    assert entities_of(second) == [(1, 3, "ORG"), (6, 7, "LOC")]


def test_fane_reader_joins_conjunctions_and_suffixes_and_maps_fine_labels():
    sentences = read_fane(FIXTURES / "fane_mini.txt")
    assert [token for token, _ in sentences[0]] == ["وقال", "بوتين", "انه", "زار", "وروسيا", "."]
    assert dict(sentences[0])["وروسيا"] == "B-COUNTRY"
    assert dict(sentences[0])["بوتين"] == "B-PERSON"
    # Group (demonyms, peoples) is not an entity; a city is a LOC
    assert sentences[1] == [("العرب", "O"), ("في", "O"), ("القاهرة", "B-LOC")]
    assert read_fane(FIXTURES / "fane_mini.txt", skip=[0]) == sentences[1:]


def test_fane_type_mapping():
    assert fane_type("Nation") == "COUNTRY"
    assert fane_type("Athlete") == "PERSON"
    assert fane_type("Media") == "ORG"
    assert fane_type("Water-Body") == "LOC"
    assert fane_type("Building-Grounds") == ""


def test_document_spans_index_the_joined_text_and_leave_proclitics_out():
    sentences = read_anercorp(FIXTURES / "anercorp_mini.txt")
    text, offsets = document_of(sentences)
    assert text.splitlines() == [" ".join(t for t, _ in s) for s in sentences]
    whole = entity_spans(sentences, offsets, text)
    assert [text[s:e] for s, e, _ in whole] == ["فلاديمير بوتين", "موسكو", "وكالة تاس", "دمشق"]
    spans = entity_spans([[("وموسكو", "B-LOC")]], [[(0, 6)]], "وموسكو", {"موسكو": 3})
    assert spans == [(1, 6, "LOC")]


CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
needs_corpora = pytest.mark.skipif(
    not (CORPORA / "anercorp" / "ANERCorp_CamelLab_test.txt").is_file(),
    reason="../shared/corpora is not beside this checkout (the corpora are never shipped)",
)


@needs_corpora
def test_anercorp_reads_as_its_readme_counts():
    from collections import Counter

    test = read_anercorp(CORPORA / "anercorp" / "ANERCorp_CamelLab_test.txt")
    assert len(test) == 925 and sum(map(len, test)) == 25_008
    kinds = Counter(kind for s in test for _, _, kind in entities_of(s))
    assert kinds == {"PERSON": 907, "LOC": 676, "ORG": 459}  # MISC (243) is not an entity


@needs_corpora
def test_newsfane_overlap_with_anercorp_test_is_dropped():
    path = CORPORA / "fane" / "NewsFANE_Gold_2014_170K.txt"
    overlap = CORPORA / "fane" / "NewsFANE_sentences_overlapping_ANERcorp_test.txt"
    skip = [int(line) for line in overlap.read_text().split()]
    assert len(read_fane(path)) - len(read_fane(path, skip)) == len(skip) == 913


def test_repaired_test_split_takes_the_original_words_where_the_release_has_others():
    """The released test file's defect (some other word, with its own tag, at sentence
    starts) is mended from the original corpus; everywhere else the released tags, which
    CAMeL Lab corrected, stand; sentences end after each run of periods."""
    repaired = repaired_anercorp_test(
        FIXTURES / "anercorp_defect_mini.txt", FIXTURES / "anercorp_original_mini.txt"
    )
    assert [[token for token, _ in s] for s in repaired] == [
        ["وأكد", "الرئيس", "فلاديمير", "بوتين", "."],
        ["وقالت", "وكالة", "تاس", ".", "."],
        ["في", "دمشق", "."],
    ]
    assert repaired[0][0] == ("وأكد", "O")  # not the release's برند B-PERS
    assert [entities_of(s) for s in repaired] == [
        [(2, 4, "PERSON")],
        [(1, 3, "ORG")],
        [(1, 2, "LOC")],
    ]


def test_repaired_test_split_refuses_files_that_do_not_align():
    with pytest.raises(ValueError, match="does not align"):
        repaired_anercorp_test(
            FIXTURES / "anercorp_defect_mini.txt", FIXTURES / "anercorp_mini.txt"
        )


@needs_corpora
def test_repaired_test_split_mends_the_defect_the_readme_describes():
    folder = CORPORA / "anercorp"
    released = [w for s in read_anercorp(folder / "ANERCorp_CamelLab_test.txt") for w, _ in s]
    repaired = repaired_anercorp_test(
        folder / "ANERCorp_CamelLab_test.txt", folder / "ANERCorp_Benajiba.txt"
    )
    words = [w for s in repaired for w, _ in s]
    assert len(words) == len(released) == 25_008
    # 956 positions by the README; at one of them the stray word happens to be the right one
    assert sum(a != b for a, b in zip(words, released, strict=True)) == 955
    assert all(s[-1][0] == "." for s in repaired[:-1])
