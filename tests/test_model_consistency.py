"""Document-level consistency: what the second pass sees of a word's other occurrences."""

from ner_cli.model.consistency import consistency_key, document_features, list_features

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


def test_list_items_see_what_the_first_pass_made_of_their_neighbours():
    written = ["ومدحت", "صالح", "،", "ومحمد", "منير", "،", "علي", "الحجار", "،", "أمس"]
    labels = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"]
    rows = list_features(written, labels)
    assert rows[3] == ["lp=PERSON"]  # ومحمد: after صالح and a comma
    assert rows[4] == ["ln=PERSON"]  # منير: علي begins a person after the comma
    assert rows[6] == [] and rows[9] == ["lp=PERSON"]  # after منير (O); after الحجار
    assert list_features(["،", "x"], ["O", "B-LOC"]) == [[], []]  # no word before it
    assert list_features(written, ["O"] * len(written)) == [[] for _ in written]


def test_the_second_pass_scores_the_training_features_of_its_text(tagger):
    """Where the second pass ships, a sentence's second-pass scores are those of the
    feature rows it was trained on: the first pass's, plus the consistency (and list)
    features from the first pass's labels over the whole text."""
    import numpy as np

    from ner_cli.matcher import filter_spans, find_matches
    from ner_cli.model.crf import sentences_of
    from ner_cli.model.features import bio_tags
    from ner_cli.tokenize import tokenize

    model = tagger.model
    if model.second is None:
        return
    text = (
        "قال سيرغي لافروف إن روسيا مستعدة. وأضاف لافروف أن موسكو ترحب. وحضر أحمد السقا ، "
        "وأحمد رزق ، وغادة عادل ، وعلي الحجار."
    )
    tokens = tokenize(text)
    matches = filter_spans(find_matches(tokens, tagger.index, text))
    ranges = list(sentences_of(text, tokens))
    first = model.chain.decode([model.scores(tokens, bio_tags(tokens, matches), ranges)[a:b]
                                for a, b in ranges])  # fmt: skip
    labels = [model.chain.labels[y] for path, _, _ in first for y in path]
    keys = [model._consistency_key(token.text) for token in tokens]
    extra = document_features(keys, labels)
    assert any("de=PERSON:last" in row for row in extra)
    if model._lists:  # a second pass trained with list features
        listed = list_features([token.text for token in tokens], labels)
        assert any(listed)
        extra = [row + more for row, more in zip(extra, listed, strict=True)]
    rows = []
    for a, b in ranges:  # no feature reaches across a sentence's edge
        inside = [m for m in matches if tokens[a].start <= m.start < tokens[b - 1].end]
        rows += model.features.rows(tokens[a:b], inside)
    expected = np.array([model.second.chain.score(row + more)
                         for row, more in zip(rows, extra, strict=True)])  # fmt: skip
    bio = bio_tags(tokens, matches)
    scores = model.second.scores(tokens, bio, ranges)
    scores += np.array([model._extra(tuple(row)) if row else 0 * scores[0] for row in extra])
    assert np.allclose(scores, expected)
    # The second pass as tagging runs it (consistency and list features placed by array
    # steps over a batch) labels the text as those rows do.
    wanted = model.second.chain.decode([expected[a:b] for a, b in ranges])
    found = model._second_pass([(tokens, bio, ranges)], [model.second.scores(tokens, bio, ranges)],
                               first)  # fmt: skip
    for (path, outside, *_), (expected_path, expected_outside, *_) in zip(
        found, wanted, strict=True
    ):
        assert list(path) == list(expected_path)
        assert np.allclose(outside, expected_outside)
    found = [m for m in tagger(text) if m.source == "model" or m.type == "PERSON"]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_remembered_rows_are_the_rows_worked_out_afresh():
    """``document_rows`` remembers rows by the counts that decide them: over many
    random texts (keys repeated, labels of every kind) each token's row must be the
    one ``_row`` works out for it, and ``document_features`` (training's) agrees; so
    must the second pass's ``batch_decisions`` over batches of those texts."""
    import random
    from collections import Counter

    import numpy as np

    from ner_cli.model import consistency
    from ner_cli.model.consistency import (
        _longer_entities,
        _row,
        batch_decisions,
        decision_row,
        document_rows,
    )

    rng = random.Random(13)
    words = ["", "موسكو", "لافروف", "سيرغي", "روسيا", "بوتين", "الأمم", "المتحدة"]
    labels = ["O", "B-PERSON", "I-PERSON", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-COUNTRY"]
    consistency._ROWS.clear()
    texts = []
    for _ in range(400):
        size = rng.randint(1, 60)
        keys = [rng.choice(words[: rng.randint(2, len(words))]) for _ in range(size)]
        tags = [rng.choice(labels) if rng.random() < 0.4 else "O" for _ in range(size)]
        types = [tag[2:] if tag != "O" else "O" for tag in tags]
        totals, pairs = Counter(keys), Counter(zip(keys, types, strict=True))
        roles: dict = {}
        place: list = [None] * size
        for first, last, kind in _longer_entities(tags):
            for p in range(first, last):
                if keys[p]:
                    role = "first" if p == first else "last" if p == last - 1 else "inner"
                    roles.setdefault(keys[p], Counter())[kind, role] += 1
                    place[p] = (kind, role)
        expected = [
            _row(pairs, (key, types[i], place[i]), totals[key] - 1, roles.get(key))
            if key and (totals[key] > 1 or key in roles)
            else []
            for i, key in enumerate(keys)
        ]
        positions, numbers, rows = document_rows(keys, tags)
        got = [[] for _ in keys]
        for i, number in zip(positions, numbers, strict=True):
            got[i] = list(rows[number])
        assert got == expected == document_features(keys, tags)
        texts.append((keys, tags, expected))
    # The same texts a few at a time, as the second pass reads a batch: every row the
    # same, from the decisions ``batch_decisions`` finds by array steps.
    names = sorted(set(labels))
    for start in range(0, len(texts), 7):
        batch = texts[start : start + 7]
        numbers = {"": 0}
        key_ids = [numbers.setdefault(key, len(numbers)) for keys, _, _ in batch for key in keys]
        tags = [names.index(tag) for _, tags, _ in batch for tag in tags]
        text_of = [n for n, (keys, _, _) in enumerate(batch) for _ in keys]
        positions, numbers, decisions = batch_decisions(
            np.array(text_of), np.array(key_ids), np.array(tags), names
        )
        got = [[] for _ in key_ids]
        for i, number in zip(positions, numbers, strict=True):
            got[i] = list(decision_row(names, decisions[number]))
        assert got == [row for _, _, expected in batch for row in expected]


def test_a_batch_of_texts_takes_the_weights_of_each_text_alone(tagger, monkeypatch):
    """``_second_pass`` works out a batch's texts together: each sentence it decodes
    must hold the second pass's scores plus the weights of the consistency features of
    its own text alone (``document_features``), a text's tokens outside every sentence
    (Persian) read as O."""
    import numpy as np

    from ner_cli.matcher import filter_spans, find_matches
    from ner_cli.model.crf import _is_arabic, sentences_of
    from ner_cli.model.features import bio_tags
    from ner_cli.tokenize import tokenize

    model = tagger.model
    if model.second is None:
        return
    texts = [
        "قال سيرغي لافروف إن روسيا مستعدة. وأضاف لافروف أن موسكو ترحب.",
        "این یک جمله فارسی است در موسكو\nوصل الرئيس بوتين إلى موسكو. وقال بوتين إن موسكو ترحب.",
        "قال لافروف.",
    ]
    decoded_by_second = []
    decode = model.second.chain.decode

    def noted(sentences, marginals=True):
        decoded_by_second.append(sentences)
        return decode(sentences, marginals)

    monkeypatch.setattr(model.second.chain, "decode", noted)
    tagger.tag_many(texts)
    monkeypatch.undo()
    expected = []
    for text in texts:
        tokens = tokenize(text)
        matches = filter_spans(find_matches(tokens, tagger.index, text))
        bio = bio_tags(tokens, matches)
        ranges = [(a, b) for a, b in sentences_of(text, tokens) if _is_arabic(tokens[a:b])]
        first = model.chain.decode([model.scores(tokens, bio, ranges)[a:b] for a, b in ranges])
        labels = ["O"] * len(tokens)
        for (a, b), (path, _, _) in zip(ranges, first, strict=True):
            labels[a:b] = [model.chain.labels[y] for y in path]
        keys = [model._consistency_key(token.text) for token in tokens]
        scores = model.second.scores(tokens, bio, ranges)
        for i, row in enumerate(document_features(keys, labels)):
            if row:
                scores[i] += model._extra(tuple(row))
        expected += [scores[a:b] for a, b in ranges]
    (got,) = decoded_by_second
    assert len(got) == len(expected)
    assert all(np.array_equal(a, b) for a, b in zip(got, expected, strict=True))
