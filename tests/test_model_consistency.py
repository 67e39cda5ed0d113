"""Document-level consistency: what the second pass sees of a word's other occurrences."""

from ner_cli.model.consistency import consistency_key, document_features

COUNTS = {"لافروف": 5, "روسيا": 9}


def test_a_word_is_matched_behind_its_proclitic_and_function_words_have_no_key():
    assert consistency_key("ولافروف", COUNTS) == consistency_key("لافروف", COUNTS) == "لافروف"
    assert consistency_key("على", COUNTS) == ""
    assert consistency_key("،", COUNTS) == ""


def test_a_surname_alone_sees_the_full_name_elsewhere_in_its_text():
    keys = ["قال", "سيرغي", "لافروف", "", "وقال", "لافروف"]
    labels = ["O", "B-PERSON", "I-PERSON", "O", "O", "O"]
    rows = document_features(keys, labels)
    assert "de=PERSON:last" in rows[5]
    assert "dt=PERSON" in rows[5] and "dh=PERSON:most" in rows[5]
    assert "de=PERSON:last" not in rows[2]  # its own entity does not count
    assert "dt=O" in rows[2]  # the other لافروف was left O
    assert rows[1] == [] and rows[3] == []  # seen once; no key


def test_the_features_depend_on_the_other_occurrences_only():
    keys = ["موسكو", "x", "موسكو", "موسكو"]
    rows = document_features(keys, ["B-LOC", "O", "O", "B-LOC"])
    assert rows[0] == ["dt=O", "dt=O:2", "dh=LOC", "dh=LOC:most"]  # a tie goes to O
    assert rows[2] == ["dt=LOC", "dt=LOC:2", "dh=LOC", "dh=LOC:most"]
    assert rows[1] == []  # a key of one letter is none
