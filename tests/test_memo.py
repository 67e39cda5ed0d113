"""What is kept of words: short ones only, so an enormous "word" is never held."""

from ner_cli.memo import LONGEST_KEPT, WordCache, keeps, short_cache


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


def test_a_text_s_words_are_each_learnt_once_and_given_back_in_order():
    seen = []

    def learn(word: str) -> int:
        seen.append(word)
        return len(word)

    cache = WordCache(limit=100)
    long = "ب" * (LONGEST_KEPT + 1)
    words = ["في", "طشقند", "في", long, "طشقند", long]
    assert cache.remember_all(words, learn) == list(map(len, words))
    assert sorted(seen) == sorted({"في", "طشقند", long})  # each distinct word once
    assert long not in cache and "طشقند" in cache  # an enormous "word" is never kept
    seen.clear()
    assert cache.remember_all(["طشقند", "في"], learn) == [5, 2] and seen == []


def test_a_full_cache_is_emptied_and_the_text_s_words_still_all_come_back():
    cache = WordCache(limit=3)
    cache.remember_all(["ا", "ب", "ج"], len)
    words = ["ا", "دد", "هههه", "وووو", "ب"]
    assert cache.remember_all(words, len) == [1, 2, 4, 4, 1]
    assert len(cache) <= 3 + 3  # emptied before the new words were kept
    assert "ج" not in cache
