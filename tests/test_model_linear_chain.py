"""The numpy CRF gives CRFsuite's own labels and marginals, for a model CRFsuite trained."""

import random

import numpy as np
import pycrfsuite
import pytest

from ner_cli.model.linear_chain import LinearChain
from ner_cli.model.training import train

WORDS = ["قال", "الرئيس", "زار", "في", "مع", "أمس", "وزير", "الخارجية", "إن", "."]
NAMES = ["سامي", "الحديدي", "رامي", "نوري", "بلخير"]
PLACES = ["طشقند", "موسكو", "الدوحة"]


def sentence(rng: random.Random) -> tuple[list[list[str]], list[str]]:
    rows, labels = [], []
    for _ in range(rng.randint(1, 14)):
        kind = rng.random()
        if kind < 0.2:
            for i in range(rng.randint(1, 2)):
                rows.append([f"w={rng.choice(NAMES)}", "bias", "namelike"])
                labels.append("I-PERSON" if i else "B-PERSON")
        elif kind < 0.3:
            rows.append([f"w={rng.choice(PLACES)}", "bias", "g=B-LOC"])
            labels.append("B-LOC")
        else:
            rows.append([f"w={rng.choice(WORDS)}", "bias"])
            labels.append("O")
    for i in range(1, len(rows)):  # a neighbour's word, as the real features have
        rows[i].append("-1" + rows[i - 1][0])
    return rows, labels


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    rng = random.Random(7)
    examples = [sentence(rng) for _ in range(300)]
    path = tmp_path_factory.mktemp("crf") / "tiny.crfsuite"
    train(examples, path, c1=0.01, c2=0.1, iterations=50)
    tests = [sentence(rng) for _ in range(60)]
    return path, tests


def test_viterbi_and_marginals_equal_crfsuite(trained, tmp_path):
    path, tests = trained
    chain = LinearChain.from_crfsuite(path)
    chain.save(tmp_path / "tiny.npz")
    chain = LinearChain.load(tmp_path / "tiny.npz")  # what ships is the saved form
    reference = pycrfsuite.Tagger()
    reference.open(str(path))
    # sentences of every length decoded together, as a text's sentences are
    scores = [np.array([chain.score(row) for row in rows]) for rows, _ in tests]
    for (rows, _), (labels, chosen, outside) in zip(tests, chain.decode(scores), strict=True):
        reference.set(rows)
        expected = reference.tag()
        assert [chain.labels[i] for i in labels] == expected
        assert chosen == pytest.approx(
            [reference.marginal(label, i) for i, label in enumerate(expected)], abs=1e-4
        )
        assert outside == pytest.approx(
            [reference.marginal("O", i) for i in range(len(rows))], abs=1e-4
        )


def test_empty_and_unknown_features(trained):
    chain = LinearChain.from_crfsuite(trained[0])
    assert chain.decode([]) == []
    assert chain.decode([np.zeros((0, len(chain.labels)))]) == [([], [], [])]
    assert chain.score(["never-seen"]).tolist() == [0.0] * len(chain.labels)


def test_sentences_decoded_in_groups_of_bounded_size_decode_as_alone(trained, monkeypatch):
    # Case 3 of "Safe on a real archive": one long sentence padded every sentence decoded
    # beside it to its length; groups now hold a bounded number of positions.
    from ner_cli.model import linear_chain

    chain = LinearChain.from_crfsuite(trained[0])
    rng = random.Random(11)
    rows = [row for _ in range(30) for row in sentence(rng)[0]]  # one long sentence
    scores = [np.array([chain.score(row) for row in rows])]
    scores += [np.array([chain.score(row) for row in sentence(rng)[0]]) for _ in range(40)]
    assert list(linear_chain._groups([0, 1, 2, 3], [1, 2, 3, 5], most=3, positions=9)) == [
        [0, 1, 2],
        [3],
    ]
    alone = [chain.decode([one])[0] for one in scores]
    monkeypatch.setattr(linear_chain, "BATCH_POSITIONS", 2 * len(rows))
    grouped = chain.decode(scores)
    for (labels, chosen, outside), (labels_alone, chosen_alone, outside_alone) in zip(
        grouped, alone, strict=True
    ):
        assert labels == labels_alone
        assert chosen == pytest.approx(chosen_alone, abs=1e-12)
        assert outside == pytest.approx(outside_alone, abs=1e-12)


@pytest.mark.parametrize("wide", [1, 5, 10**6])
def test_viterbi_along_the_sentences_chooses_as_along_the_labels(trained, monkeypatch, wide):
    """From ``WIDE`` sentences on, a Viterbi step lays its candidates the other way; the
    labels must be CRFsuite's all the same, ties (all scores equal) going to the first
    label as argmax's do."""
    from ner_cli.model import linear_chain

    path, tests = trained
    chain = LinearChain.from_crfsuite(path)
    reference = pycrfsuite.Tagger()
    reference.open(str(path))
    monkeypatch.setattr(linear_chain, "WIDE", wide)
    scores = [np.array([chain.score(row) for row in rows]) for rows, _ in tests]
    decoded = chain.decode(scores, marginals=False)
    for (rows, _), (labels, _, _) in zip(tests, decoded, strict=True):
        reference.set(rows)
        assert [chain.labels[i] for i in labels] == reference.tag()
    level = LinearChain(chain.labels, [], np.zeros((0, len(chain.labels))),
                        np.zeros((len(chain.labels),) * 2))  # fmt: skip
    ties = level.decode([np.zeros((n, len(chain.labels))) for n in (1, 3, 3, 8)], False)
    assert [labels for labels, _, _ in ties] == [[0] * n for n in (1, 3, 3, 8)]
