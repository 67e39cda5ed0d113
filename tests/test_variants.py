"""Spelling variants: near misses of one-word names, and enormous "words" turned away."""

from ner_cli import variants
from ner_cli.gazetteer import Entry
from ner_cli.variants import VariantIndex

KYRGYZSTAN = Entry("KGZ", "COUNTRY", "قيرغيزستان", "Kyrgyzstan", ("قرغيزستان",))


def test_a_near_miss_of_a_known_name_is_found():
    assert VariantIndex.of_entries([KYRGYZSTAN]).lookup("قرغزيستان") == KYRGYZSTAN


def test_a_word_longer_than_any_name_is_no_variant_and_builds_no_deletions(monkeypatch):
    # Case 3 of "Safe on a real archive": a 40,000-letter "word" (text extracted without
    # spaces) built all its deletions, the square of its length in time and memory.
    index = VariantIndex.of_entries([KYRGYZSTAN])
    assert index.longest == len("قيرغيزستان")
    built = []
    original = variants._deletions
    monkeypatch.setattr(variants, "_deletions", lambda word: built.append(word) or original(word))
    enormous = "قيرغيزستان" * 20_000
    assert index.lookup(enormous) is None
    too_long = "قيرغيززززستان"[: index.longest + 2]
    assert index.lookup(too_long) is None
    assert built == []  # turned away before any deletion was made
    assert enormous not in index._seen
    one_more = "قيرغيززستان"  # one letter longer than the name: still looked up
    assert len(one_more) == index.longest + 1
    assert index.lookup(one_more) == KYRGYZSTAN
    assert built == [one_more]
