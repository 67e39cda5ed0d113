"""A linear-chain CRF's weights and exact inference, in numpy.

CRFsuite learns the model (scripts/train_tagger.py); tagging needs only its weights:
one score per (feature, label) and per (label, next label). Handing CRFsuite every
token's feature strings costs about a microsecond a string, several times what the
rest of tagging costs, while a word's features are the same wherever it stands. So
the weights are exported once to a small ``.npz`` file, a word's feature scores are
summed once per distinct word, and Viterbi decoding and forward-backward marginals
run over all the sentences of a text at once. The labels and marginals are
CRFsuite's own (tests/test_model_linear_chain.py checks them against it).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path

import numpy as np

__all__ = ["LinearChain"]

# Forward and backward values are rescaled every this many steps, well before they
# could underflow.
RESCALE = 8
# Sentences decoded side by side at most, and positions at most (sentences × the
# longest one's tokens): decoding holds a few arrays of positions × labels, which must
# stay small however long the sentences.
BATCH = 512
BATCH_POSITIONS = 1 << 16
# Viterbi steps over this many sentences or more lay their candidates along the
# sentences (``LinearChain._viterbi``).
WIDE = 128


class LinearChain:
    """Labels, feature weights (features × labels) and transition weights."""

    def __init__(self, labels: Sequence[str], features: Sequence[str], state, transitions):
        self.labels = list(labels)
        self.index = {label: i for i, label in enumerate(self.labels)}
        # The names as an array too, for array-wide string tests (``crf`` indexes them
        # by place and by word pair); the dict is built from plain ``str``, which is
        # quicker than from the array's own elements.
        self.feature_names = np.asarray(features, dtype=str)
        names = self.feature_names.tolist()
        self.features = dict(zip(names, range(len(names)), strict=True))
        self.state = np.asarray(state, dtype=np.float64)
        self.transitions = np.asarray(transitions, dtype=np.float64)
        self._zero = np.zeros(len(self.labels))

    @classmethod
    def from_crfsuite(cls, path: str | Path) -> LinearChain:
        """The weights of a model file written by CRFsuite."""
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        info = tagger.info()
        labels = sorted(info.labels, key=lambda label: int(info.labels[label]))
        index = {label: i for i, label in enumerate(labels)}
        features = sorted({feature for feature, _ in info.state_features})
        position = {feature: i for i, feature in enumerate(features)}
        state = np.zeros((len(features), len(labels)), dtype=np.float32)
        for (feature, label), weight in info.state_features.items():
            state[position[feature], index[label]] = weight
        transitions = np.zeros((len(labels), len(labels)), dtype=np.float32)
        for (first, second), weight in info.transitions.items():
            transitions[index[first], index[second]] = weight
        return cls(labels, features, state, transitions)

    def save(self, path: str | Path) -> None:
        with open(path, "wb") as out:  # np.savez would add .npz to a name without it
            np.savez_compressed(
                out,
                labels=np.array(self.labels),
                features=np.array(list(self.features)),
                state=self.state.astype(np.float32),
                transitions=self.transitions.astype(np.float32),
            )

    @classmethod
    def load(cls, path: str | Path) -> LinearChain:
        with np.load(path, allow_pickle=False) as data:
            return cls(data["labels"], data["features"], data["state"], data["transitions"])

    def score(self, features: Iterable[str]) -> np.ndarray:
        """The summed weights of these features, one score per label."""
        rows = [i for i in map(self.features.get, features) if i is not None]
        return self.state[rows].sum(axis=0) if rows else self._zero

    def decode(
        self, sentences: Sequence[np.ndarray], marginals: bool = True
    ) -> list[tuple[list[int], list[float], list[float]]]:
        """For each sentence's scores (tokens × labels): the best labels (Viterbi), each
        one's marginal probability, and each token's marginal probability of ``O``;
        without ``marginals``, the labels alone (and two empty lists): forward-backward
        is skipped.

        Sentences go side by side, one array step per position, so the cost of a numpy
        call is shared by every sentence decoded with it.
        """
        results: list = [([], [], [])] * len(sentences)
        live = sorted((i for i, scores in enumerate(sentences) if len(scores)),
                      key=lambda i: len(sentences[i]))  # fmt: skip
        # Sentences of like length go together, a bounded number at a time, so that
        # little is padded and memory stays small however many there are.
        lengths = [len(scores) for scores in sentences]
        for group in _groups(live, lengths, BATCH, BATCH_POSITIONS):
            decoded = self._decode([sentences[i] for i in group], marginals)
            for i, result in zip(group, decoded, strict=True):
                results[i] = result
        return results

    def _decode(self, sentences: list[np.ndarray], marginals: bool = True):
        """Decode sentences side by side, aligned at their ends, the shortest first (as
        ``decode`` groups them): sentence ``i`` of ``n_i`` tokens holds positions
        ``longest - n_i`` to ``longest - 1``, and at each position the sentences begun by
        then are the last rows. A group's longest sentence is often four times its mean,
        so every step but forward-backward's handles those rows alone, and the tokens'
        scores and marginals are read and written in one array call each.

        Forward-backward goes over the same rows: a sentence's first position takes its
        emissions alone, as after a label that leads to any label at no cost, so a
        sentence decodes as it would alone, with no mask and no padding multiplied. (The
        matrix products' last bits depend on the rows multiplied together, so a
        marginal may differ in its last bit from one group to another, never more.)"""
        size, labels = len(sentences), len(self.labels)
        lengths = [len(s) for s in sentences]
        assert lengths == sorted(lengths), "sentences must come shortest first"
        longest = max(lengths)
        begins = longest - np.asarray(lengths)  # each sentence's first position
        # The first row begun at each position.
        begun = [bisect_left(lengths, longest - t) for t in range(longest)]
        # Each token's position and row (its sentence's), sentence after sentence.
        rows = np.repeat(np.arange(size), lengths)
        firsts = np.cumsum([0, *lengths[:-1]])  # each sentence's first token
        positions = np.arange(len(rows)) + np.repeat(begins - firsts, lengths)
        # ... as one index into the positions × sentences cells, for quicker gathers
        cells = positions * size + rows
        tokens = np.concatenate(sentences)
        path = self._viterbi(tokens, cells, begun, (longest, size))
        offsets = np.cumsum([0, *lengths]).tolist()
        labels_of = path.tolist()
        if not marginals:
            return [(labels_of[a:b], [], []) for a, b in pairwise(offsets)]

        # Forward-backward in probability space, rescaled every few steps (each step
        # only shrinks the values, since emissions and transitions are at most 1), over
        # the rows begun at each position, as Viterbi goes: a row's first position
        # takes its emissions alone. Each step's values are written where they are
        # kept (``out=``): the same products and quotients, without a copy of each step.
        emissions = np.empty((longest, size, labels))  # a padding cell is never read
        top = tokens.max(axis=1, keepdims=True)
        emissions.reshape(-1, labels)[cells] = np.exp(tokens - top)
        exp_trans = np.exp(self.transitions - self.transitions.max())
        back_trans = exp_trans.T.copy()
        alphas = np.empty_like(emissions)
        alphas[0] = emissions[0]
        for t in range(1, longest):
            first, going = begun[t], begun[t - 1]  # rows begun now, rows begun before
            if first < going:
                alphas[t, first:going] = emissions[t, first:going]
            alpha = alphas[t, going:]
            np.multiply(alphas[t - 1, going:] @ exp_trans, emissions[t, going:], out=alpha)
            if not t % RESCALE:
                alpha = alphas[t, first:]
                np.divide(alpha, alpha.sum(axis=1, keepdims=True), out=alpha)
        betas = np.empty_like(emissions)
        betas[longest - 1] = 1.0
        for t in range(longest - 2, -1, -1):
            going = begun[t]  # the rows with this position
            beta = betas[t, going:]
            np.matmul(emissions[t + 1, going:] * betas[t + 1, going:], back_trans, out=beta)
            if not t % RESCALE:
                np.divide(beta, beta.sum(axis=1, keepdims=True), out=beta)
        # Marginals: each label's share of its position's total; only two are needed.
        joint = alphas.reshape(-1, labels)[cells] * betas.reshape(-1, labels)[cells]
        total = joint.sum(axis=1)
        chosen = (joint[np.arange(len(path)), path] / total).tolist()
        outside = (joint[:, self.index.get("O", 0)] / total).tolist()
        return [(labels_of[a:b], chosen[a:b], outside[a:b]) for a, b in pairwise(offsets)]

    def _viterbi(self, tokens, cells, begun, shape) -> np.ndarray:
        """The best labels of the tokens, in log space, laid out as ``_decode`` lays them
        (``shape`` is positions × sentences, ``cells`` each token's place in it, flat),
        each step over the rows begun by then: a row's first position takes its scores
        alone, as after a label that leads to any label at no cost.

        A step adds each label's score to every transition and keeps, for each label,
        the best candidate and where it came from. With few rows the candidates lie as
        rows × to × from, where ``argmax`` is quickest; from ``WIDE`` rows on (rows only
        grow from step to step) as to × from × rows, where every array step runs along
        the rows, and the first best candidate is found by comparisons (argmax keeps the
        first of equals too): the same sums and the same choices, in fewer instructions."""
        longest, size = shape
        labels = len(self.labels)
        scores = np.empty((longest, size, labels))  # a padding cell is never read
        scores.reshape(-1, labels)[cells] = tokens
        # to × from: a label's candidates lie side by side, where argmax is quickest
        into = self.transitions.T.copy()
        best = scores[0].copy()
        back = np.empty((longest, size, labels), dtype=np.intp)
        every = np.arange(size)
        # where each (sentence, label)'s candidates begin in the flattened candidates
        starts = np.arange(size * labels) * labels
        wide = next((t for t in range(1, longest) if size - begun[t - 1] >= WIDE), longest)
        for t in range(1, wide):
            first, going = begun[t], begun[t - 1]  # rows begun now, rows begun before
            if first < going:
                best[first:going] = scores[t, first:going]
            candidates = best[going:, None, :] + into  # sentences × to × from
            back[t, going:] = chosen = candidates.argmax(axis=2)
            # the best score of each label: the candidate at the argmax, gathered
            at = starts[: (size - going) * labels] + chosen.ravel()
            gathered = candidates.ravel()[at].reshape(size - going, labels)
            np.add(gathered, scores[t, going:], out=best[going:])
        if wide < longest:
            best_by_label = np.ascontiguousarray(best.T)  # labels × sentences
            into_by_rows = into[:, :, None]  # to × from × 1
            # labels, 1 less each from the first: the largest mark is the first best
            small = np.int8 if labels < 128 else np.intp
            order = np.arange(labels, 0, -1, dtype=small)[None, :, None]
            back_by_label = np.empty((longest, labels, size), dtype=small)
            room = np.empty((labels, labels, size))
            marks = np.empty((labels, labels, size), dtype=small)
            for t in range(wide, longest):
                first, going = begun[t], begun[t - 1]
                if first < going:
                    best_by_label[:, first:going] = scores[t, first:going].T
                candidates = np.add(
                    into_by_rows, best_by_label[None, :, going:], out=room[:, :, going:]
                )  # to × from × sentences
                top = candidates.max(axis=1)
                np.multiply(candidates == top[:, None, :], order, out=marks[:, :, going:])
                back_by_label[t, :, going:] = labels - marks[:, :, going:].max(axis=1)
                np.add(top, scores[t, going:].T, out=best_by_label[:, going:])
            best = best_by_label.T
        state = best.argmax(axis=1)
        path = np.empty((longest, size), dtype=np.intp)
        for t in range(longest - 1, 0, -1):
            path[t] = state
            going = begun[t - 1]  # the rows with a position before this one
            if t >= wide:
                state[going:] = back_by_label[t, state[going:], every[going:]]
            else:
                state[going:] = back[t, every[going:], state[going:]]
        path[0] = state
        return path.reshape(-1)[cells]


def _groups(
    order: Sequence[int],
    lengths: Sequence[int],
    most: int = BATCH,
    positions: int = BATCH_POSITIONS,
) -> Iterator[list[int]]:
    """Consecutive runs of ``order`` (sentences by increasing length), each of at most
    ``most`` sentences and ``positions`` padded positions (a longer sentence alone).

    >>> list(_groups([0, 1, 2, 3], [1, 2, 3, 5], most=3, positions=9))
    [[0, 1, 2], [3]]
    """
    group: list[int] = []
    for i in order:
        if group and (len(group) == most or (len(group) + 1) * lengths[i] > positions):
            yield group
            group = []
        group.append(i)
    if group:
        yield group
