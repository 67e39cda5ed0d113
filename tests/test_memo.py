"""What is kept of words: short ones only, so an enormous "word" is never held."""

from ner_cli.memo import LONGEST_KEPT, keeps, short_cache


def test_short_words_are_looked_at_once_and_long_ones_each_time():
    seen = []

    @short_cache(maxsize=16)
    def length(word: str) -> int:
        seen.append(word)
        return len(word)

    short, long = "طشقند", "ب" * (LONGEST_KEPT + 1)
    assert [length(short), length(short)] == [5, 5]
    assert [length(long), length(long)] == [len(long), len(long)]
    assert seen == [short, long, long]
    assert keeps(short) and not keeps(long)
