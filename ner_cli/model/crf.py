"""The learned tagger: a CRF over tokens, trained on annotated Arabic news.

The model's weights (learnt by CRFsuite, exported for :mod:`.linear_chain`) and its
card ship in ``data/model/``; they are rebuilt by ``scripts/train_tagger.py`` from the
public corpora (see the card for what and under which licence). Tagging is per
sentence: tokens up to a sentence-ending mark or a line end; a sentence in Persian or
Urdu is left alone. Each entity the model tags becomes a mention with
``source="model"`` and, as its score, the mean marginal probability of its tokens'
labels. The span leaves
out the first token's proclitics (:mod:`ner_cli.model.proclitics`).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import accumulate, chain, compress, count, pairwise, repeat
from operator import attrgetter, is_, itemgetter
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..gazetteer import Entry
from ..lexicon import is_nisba
from ..matcher import Mention, mention_of
from ..memo import keeps
from ..organisations import names_state_forces
from ..resources import data_file
from ..tokenize import Token
from .consistency import (
    batch_decisions,
    consistency_key,
    decision_row,
    entities_of_labels,
    list_places,
)
from .features import FAR, NEAR, REACH, REACH_CLASSES, FeatureMaker, bio_tags
from .linear_chain import LinearChain
from .proclitics import proclitic_length

__all__ = ["Reading", "SequenceModel", "bounded", "default_model_path", "sentences_of"]

MODEL_FILE = "tagger.npz"
# The second pass, with document-consistency features (.consistency), where it ships.
SECOND_FILE = "consistency.npz"
VOCABULARY_FILE = "vocabulary.json"
NAMES_FILE = "names.json"
CLUSTERS_FILE = "clusters.tsv"
# Words at least this frequent (wordfreq's Zipf scale: once in about 300,000 words)
# are everyday vocabulary, seldom a name on their own.
EVERYDAY_ZIPF = 3.5
SENTENCE_ENDS = frozenset({".", "؟", "?", "!"})
_TEXT = itemgetter(0)  # Token.text
# The key kept for a word too long to keep: no feature of the model holds it.
_UNPAIRED = "\x00"
_NO_ENTRY = Entry("", "", "", "")
# A sentence longer than this (a page without a sentence end or a line end) is read in
# chunks of this many tokens, so that decoding holds bounded arrays (tokens × labels).
MAX_SENTENCE_TOKENS = 4096


def default_model_path() -> Path:
    """The model shipped with ner-cli."""
    return data_file(f"model/{MODEL_FILE}")


def sentences_of(text: str, tokens: Sequence[Token]) -> Iterator[tuple[int, int]]:
    """Token ranges ``[first, last)`` of the sentences: cut after . ؟ ! and at line ends.

    The tokens that end a sentence are found from the stops among them and from each
    line end, placed among the tokens by bisection: no step per token in Python.
    """
    if not tokens:
        return
    texts, starts, ends = zip(*tokens, strict=True)
    last = len(tokens) - 1
    closing = set(compress(count(), map(SENTENCE_ENDS.__contains__, texts)))
    for line_end in _LINE_END.finditer(text):
        before = bisect_right(starts, line_end.start()) - 1  # the token the line end follows
        if 0 <= before < last:
            closing.add(before)
    first = 0
    for i in sorted(closing):
        yield first, i + 1
        first = i + 1
    if first < len(tokens):
        yield first, len(tokens)


_LINE_END = re.compile("\n")


def bounded(
    ranges: Iterable[tuple[int, int]], most: int = MAX_SENTENCE_TOKENS
) -> Iterator[tuple[int, int]]:
    """The token ranges, those longer than ``most`` tokens cut into chunks of ``most``.

    >>> list(bounded([(0, 3), (3, 8)], most=2))
    [(0, 2), (2, 3), (3, 5), (5, 7), (7, 8)]
    """
    for first, last in ranges:
        for start in range(first, last, most):
            yield start, min(start + most, last)


@cache
def _vocabulary(path: Path) -> dict[str, int]:
    return json.loads(path.read_text(encoding="utf-8"))


def name_lexicon(model_path: Path) -> dict[str, frozenset[str]]:
    """The name lexicon the model was trained with (beside it), or none."""
    path = model_path.with_name(NAMES_FILE)
    if not path.is_file():
        return {}
    return {key: frozenset(places) for key, places in _vocabulary(path).items()}


def trigger_classes(model_path: Path) -> tuple[str, ...]:
    """The trigger classes beyond CLASSES the model was trained with (vocabulary.json's
    ``extra_classes``; none for a model trained before there were any)."""
    path = model_path.with_name(VOCABULARY_FILE)
    if not path.is_file():
        return ()
    return tuple(_vocabulary(path).get("extra_classes", ()))


def reaches(model_path: Path) -> bool:
    """Whether the model was trained with reach features (vocabulary.json's ``reach``)."""
    path = model_path.with_name(VOCABULARY_FILE)
    return path.is_file() and bool(_vocabulary(path).get("reach", False))


def cluster_table(model_path: Path) -> dict[str, tuple[str, ...]]:
    """The word clusters the model was trained with (beside it), or none."""
    return read_clusters(model_path.with_name(CLUSTERS_FILE))


def read_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    """A cluster table (``scripts/build_clusters.py``): key, then cluster numbers."""
    if not path.is_file():
        return {}
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, *numbers = line.split("\t")
            table[key] = tuple(numbers)
    return table


class SequenceModel:
    """A trained CRF and what it needs at tagging time: features and word counts.

    A word's feature scores (its own, and as each neighbour) are summed once and kept;
    a sentence's scores are then a few array additions, plus the features that depend
    on two words (bigrams) or on the gazetteer's matches.
    """

    def __init__(self, features: FeatureMaker, path: Path | None = None, second: bool = True):
        path = path or default_model_path()
        if not path.is_file():
            raise FileNotFoundError(
                f"{path}: the tagging model is missing (rebuild it with "
                "scripts/train_tagger.py, or tag without it: --no-model)"
            )
        self.path = path
        self.features = features
        self.chain = LinearChain.load(path)
        vocabulary = _vocabulary(path.with_name(VOCABULARY_FILE))
        self.counts, self.names = vocabulary["words"], vocabulary["names"]
        labels = len(self.chain.labels)
        self._bias = self.chain.score(["bias"])
        self._edges = {d: self.chain.score([f"{d}edge"]) for d in NEAR}
        self._rows: dict[str, int] = {}
        # The first pass's model, for a second pass: it keeps the rows of both.
        self._first: SequenceModel | None = None
        # Each kept word's summed scores by place of the window (own, -1, +1, -2, +2),
        # one table a place: a place's scores of a text's words are gathered in one
        # ``np.take`` of contiguous rows.
        self._table = np.zeros((5, 1024, labels))
        self._keys: list[str] = []
        # Each kept word's REACH_CLASSES as bits, and _STOPS for a full stop or colon
        # (for a model trained with reach features only).
        self._reach_codes: list[int] = []
        self._pairs = _pair_index(self.chain.feature_names)
        self._tag_features: dict[str, list[tuple[int, int]]] = {}
        self._label_names: list[str] | None = None
        # Weighted features of a word as a neighbour, by place, without the prefix
        # that names the place (``-1w=…`` is ``w=…`` at -1); and the weights with a
        # zero row at the end (index ``_nothing``), the sum of no feature.
        self._features_at = _features_by_place(self.chain.feature_names, (*NEAR, *FAR))
        self._state = np.vstack([self.chain.state, np.zeros((1, labels))])
        self._nothing = len(self.chain.state)
        self._proclitics: dict[str, int] = {}
        self._no_entity: dict[tuple[str, ...], bool] = {}
        # The second pass (same features and words, plus how each word was tagged
        # elsewhere in its text), where one is beside the model.
        second_path = path.with_name(SECOND_FILE)
        self.second = (
            SequenceModel(features, second_path, second=False)
            if second and second_path.is_file()
            else None
        )
        # Whether the second pass weighs list features (``_second_pass``).
        self._lists = self.second is not None and any(
            name.startswith(("lp=", "ln=")) for name in self.second.chain.features
        )
        # The word pairs either pass weighs, looked for once for both.
        self._pair_keys = set(self._pairs)
        if self.second is not None:
            self.second._first = self
            self._pair_keys |= self.second._pairs.keys()
        self._extra_scores: dict[tuple[str, ...], np.ndarray] = {}
        # Consistency key numbers (0 for none), by written word and by key; the summed
        # weights of consistency rows (rows of ``_weights``) by what decides them
        # (``consistency.batch_decisions``).
        self._consistency_ids: dict[str, int] = {}
        self._key_numbers: dict[str, int] = {"": 0}
        self._decided: dict[bytes, int] = {}
        self._weights = np.zeros((0, labels))

    def is_given_name(self, written: str) -> bool:
        """Whether a word (its key or a stem behind a proclitic) is a given name."""
        return not self.features.lexicon.word(written).stems.isdisjoint(self.features.lexicon.given)

    def is_everyday(self, written: str, least: float = EVERYDAY_ZIPF) -> bool:
        """Whether a word is everyday vocabulary: frequent in wordfreq's Arabic list
        (its own key or a stem behind a proclitic), and not a given name."""
        if self.is_given_name(written):
            return False
        bands = self.features.bands
        stems = self.features.lexicon.word(written).stems
        return any(float(bands.get(stem, 0)) >= least for stem in stems)

    def _add_rows(self, tokens: Sequence[Token], rows: list[int | None]) -> list[int]:
        """``rows`` with a kept row for each word not seen before: its scores as itself,
        as neighbour -1, +1, -2 and +2, summed for all new words at once (and the second
        pass's, which reads the same rows). A word too long to keep (``memo.keeps``) is
        not remembered past this text, and its key matches no word pair: no weighted
        pair holds so long a word."""
        new: dict[str, int] = {}
        for token, row in zip(tokens, rows, strict=True):
            if row is None and token.text not in new:
                new[token.text] = len(self._keys) + len(new)
        described = [self.features.word(written) for written in new]
        self._fill_rows(len(self._keys), described)
        if self.second is not None:
            self.second._fill_rows(len(self._keys), described)
        for written, word in zip(new, described, strict=True):
            if keeps(written):
                self._rows[written] = new[written]
            self._keys.append(word.key if keeps(word.key) else _UNPAIRED)
        if self.features.reach:
            self._reach_codes += map(_reach_code, described)
        return [new[token.text] if row is None else row
                for token, row in zip(tokens, rows, strict=True)]  # fmt: skip

    def _fill_rows(self, first: int, described: list) -> None:
        """Put the window scores of ``described`` words in the table's rows from
        ``first`` on, growing it where it is too small."""
        needed, held = first + len(described), self._table.shape[1]
        if needed > held:
            grown = np.zeros((5, max(needed, 2 * held), self._table.shape[2]))
            grown[:, :held] = self._table
            self._table = grown
        self._table[:, first:needed] = self._window_scores(described)

    def _window_scores(self, described: list) -> np.ndarray:
        """Each word's summed feature weights in the five places of the window (places ×
        words × labels), as ``LinearChain.score`` sums them. A place's features of all
        the words are looked up in C, and their weights gathered and summed word by word
        in one reduction; a word with no weighted feature there sums the zero row."""
        own, places = self.chain.features, self._features_at
        words = len(described)
        sums = np.zeros((5, words, len(self.chain.labels)))
        if not described:
            return sums
        for place, (weighted, part) in enumerate((
            (own, "own"), (places[-1], "context"), (places[1], "context"),
            (places[-2], "brief"), (places[2], "brief"),
        )):  # fmt: skip
            names = list(map(attrgetter(part), described))
            lengths = np.fromiter(map(len, names), dtype=np.intp, count=words)
            found = np.fromiter(
                map(weighted.get, chain.from_iterable(names), repeat(-1)),
                dtype=np.intp,
                count=int(lengths.sum()),
            )
            word_of = np.repeat(np.arange(words), lengths)
            kept = found >= 0
            found, word_of = found[kept], word_of[kept]
            counts = np.bincount(word_of, minlength=words)
            empty = np.flatnonzero(counts == 0)
            if len(empty):  # the zero row, put in its word's place
                found = np.concatenate([found, np.full(len(empty), self._nothing)])
                order = np.argsort(np.concatenate([word_of, empty]), kind="stable")
                found = found[order]
                counts[empty] = 1
            sums[place] = np.add.reduceat(self._state[found], np.cumsum(counts) - counts, axis=0)
        return sums

    def scores(
        self, tokens: Sequence[Token], bio: Sequence[str], ranges: Sequence[tuple[int, int]]
    ) -> np.ndarray:
        """The label scores of the tokens (tokens × labels), each sentence of ``ranges``
        scored exactly as CRFsuite scores ``FeatureMaker.rows`` of that sentence alone:
        no feature reaches across a sentence's edge."""
        return self._scores(self._placed(tokens, ranges), _tokens_by_tag(bio))

    def _placed(self, tokens: Sequence[Token], ranges: Sequence[tuple[int, int]]) -> _Placed:
        """Where the tokens stand: their rows of the table, sentences and keys."""
        if self._first is not None:  # a second pass reads the first pass's rows
            return self._first._placed(tokens, ranges)
        if len(self._keys) >= 1 << 16:  # an archive's vocabulary must not pile up
            self._rows.clear()
            self._keys.clear()
            self._reach_codes.clear()
        rows = list(map(self._rows.get, map(_TEXT, tokens)))
        if None in rows:
            rows = self._add_rows(tokens, rows)
        sentence = -1 - np.arange(len(tokens))  # tokens outside every range: no neighbour
        for number, (first, last) in enumerate(ranges):
            sentence[first:last] = number
        keys = list(map(self._keys.__getitem__, rows))
        pairs = self._pair_positions(keys, sentence.tolist())
        rows = np.asarray(rows, dtype=np.intp)
        reach = self._reach_at(rows, sentence) if self.features.reach else None
        return _Placed(rows, sentence, keys, pairs, reach)

    def _reach_at(self, rows: np.ndarray, sentence: np.ndarray) -> np.ndarray:
        """For each token, the REACH_CLASSES (as bits) of the words ``REACH`` to its
        left in its sentence, up to a full stop or colon: ``reach_features`` as arrays."""
        codes = np.asarray(self._reach_codes, dtype=np.int64)[rows]
        size = len(rows)
        found = np.zeros(size, dtype=np.int64)
        blocked = np.zeros(size, dtype=bool)
        for d in range(1, REACH.stop):
            if d >= size:
                break
            there = codes[:-d]
            # a word of another sentence, or a stop, ends the reach here and beyond
            blocked[d:] |= (sentence[:-d] != sentence[d:]) | (there & _STOPS != 0)
            if d >= REACH.start:
                found[d:] |= np.where(blocked[d:], 0, there & ~_STOPS)
        return found

    def _scores(self, placed: _Placed, by_tag: list[tuple[str, np.ndarray]]) -> np.ndarray:
        """``scores`` of tokens placed by ``_placed`` (this model's, or the first pass's
        for the second, which shares its rows), with their gazetteer tags by tag."""
        scores = self._window_sums(placed.rows, placed.sentence)
        # Features of two words, or of the gazetteer's matches: few have a weight.
        at, which = self._pair_features(placed.keys, placed.pairs)
        tag_at, tag_which = self._tag_features_at(by_tag, placed.sentence)
        if placed.reach is not None:
            tag_at, tag_which = self._with_reach(placed.reach, tag_at, tag_which)
        if at or len(tag_at):
            # one addition after another, in this order, wherever a token takes several
            at = np.concatenate([np.asarray(at, dtype=np.intp), tag_at])
            which = np.concatenate([np.asarray(which, dtype=np.intp), tag_which])
            labels = scores.shape[1]
            flat = (at[:, None] * labels + np.arange(labels)).ravel()
            np.add.at(scores.reshape(-1), flat, self.chain.state[which].ravel())
        return scores

    def scores_of_texts(
        self, texts: Sequence[tuple[Sequence[Token], Sequence[str], Sequence[tuple[int, int]]]]
    ) -> list[np.ndarray]:
        """``scores`` of each text (its tokens, BIO tags and sentence ranges), the texts
        scored in one call, one after another, as one token sequence: each array step
        then runs once for the batch rather than once a text. A token's scores are the
        same additions in the same order as alone, since no feature reaches across a
        sentence's edge, and a text's edge is one: every array is that text's part of
        the batch's."""
        return self._scores_of_texts(texts, second=False)[0]

    def _scores_of_texts(
        self, texts, second: bool = True
    ) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
        """``scores_of_texts``, and (with ``second``) the second pass's scores of the
        same texts, without their consistency features, where there is a second pass:
        it reads the rows, sentences and keys the first pass found."""
        joined: list[Token] = []
        bio: list[str] = []
        ranges: list[tuple[int, int]] = []
        edges = [0]
        for tokens, tags, spans in texts:
            at = len(joined)
            joined += tokens
            bio += tags
            ranges += [(first + at, last + at) for first, last in spans]
            edges.append(len(joined))
        placed, by_tag = self._placed(joined, ranges), _tokens_by_tag(bio)
        first = self._scores(placed, by_tag)
        if not second or self.second is None:
            return [first[a:b] for a, b in pairwise(edges)], None
        then = self.second._scores(placed, by_tag)
        return [first[a:b] for a, b in pairwise(edges)], [then[a:b] for a, b in pairwise(edges)]

    def _tag_features_at(self, by_tag: list[tuple[str, np.ndarray]], sentence: np.ndarray):
        """The places and feature indices of the gazetteer tags' weighted features
        (``by_tag``: each tag and its tokens, ``_tokens_by_tag``), in the order of the
        tagged tokens and, at each, of ``_tag_weights``: each tag's features are placed
        by array steps, then put in that order (a token may take several additions,
        whose order must not change)."""
        nothing = np.empty(0, dtype=np.intp)
        size = len(sentence)
        places, features, order = [], [], []
        for tag, here in by_tag:
            weights = self._tag_weights(tag)
            if not weights:
                continue
            for slot, (offset, found) in enumerate(weights):
                place = here + offset
                kept = (place >= 0) & (place < size)
                place, own = place[kept], here[kept]
                kept = sentence[place] == sentence[own]
                places.append(place[kept])
                features.append(np.full(int(kept.sum()), found, dtype=np.intp))
                order.append(own[kept] * 3 + slot)
        if not places:
            return nothing, nothing
        by = np.argsort(np.concatenate(order), kind="stable")
        return np.concatenate(places)[by], np.concatenate(features)[by]

    def _window_sums(self, at_rows: np.ndarray, sentence: np.ndarray) -> np.ndarray:
        """The scores of the tokens (kept rows ``at_rows``) from their own and their
        neighbours' features: the bias, then the neighbours at -1, +1, -2 and +2, added
        in that order, where a neighbour in the same sentence (``sentence`` numbers
        them) stands; an edge feature where none does at -1 or +1. A place's scores are
        gathered one place at a time (tokens × labels), never all five at once: a piece
        of a large document has hundreds of thousands of tokens."""
        size, table = len(at_rows), self._table
        scores = np.take(table[0], at_rows, axis=0)
        scores += self._bias
        for d, place in ((-1, 1), (1, 2), (-2, 3), (2, 4)):
            if size <= abs(d):
                if d in self._edges:
                    scores += self._edges[d]
                continue
            # what position i takes from its neighbour i + d, for i in ``here``
            here = slice(max(0, -d), size - max(0, d))
            there = slice(max(0, d), size - max(0, -d))
            neighbours = np.take(table[place], at_rows[there], axis=0)
            # Where the neighbour is in another sentence, the edge feature's weights
            # (or nothing) stand instead: adding them is adding 0 and then the edge.
            apart = np.flatnonzero(sentence[here] != sentence[there])
            neighbours[apart] = self._edges.get(d, 0.0)
            scores[here] += neighbours
            if d in self._edges:  # the first or the last tokens: no neighbour at all
                scores[slice(0, -d) if d < 0 else slice(size - d, size)] += self._edges[d]
        return scores

    def _with_reach(self, reach: np.ndarray, at: np.ndarray, which: np.ndarray):
        """The places and feature indices ``at`` and ``which``, then those of the reach
        features (``r=CLASS``) this model weighs, class after class."""
        places, features = [at], [which]
        weighted = self.chain.features
        for bit, name in enumerate(REACH_CLASSES):
            found = weighted.get(f"r={name}")
            if found is not None:
                here = np.flatnonzero(reach >> bit & 1)
                places.append(here)
                features.append(np.full(len(here), found, dtype=np.intp))
        return np.concatenate(places), np.concatenate(features)

    def _pair_positions(self, keys: list[str], starts: list[int]) -> list[int]:
        """The positions ``i`` whose pair of words (``i - 1``, ``i``), in one sentence,
        either pass may weigh: which pairs may is asked in C, of each pair of
        neighbours; a word with ``|`` in its key is looked up later by the feature's
        name, since the index cannot tell such pairs apart."""
        positions = compress(count(1), map(self._pair_keys.__contains__, pairwise(keys)))
        # Asked of all the keys at once, in C: hardly a text has such a word.
        piped = {key for key in set(keys) if "|" in key} if "|" in "".join(keys) else set()
        if piped:
            touching = list(compress(count(), map(piped.__contains__, keys)))
            positions = sorted({*positions, *touching, *(i + 1 for i in touching)} - {0, len(keys)})
        return [i for i in positions if starts[i] == starts[i - 1]]

    def _pair_features(self, keys: list[str], positions: list[int]) -> tuple[list, list]:
        """The places and feature indices of this model's weighted word pairs at
        ``positions`` (``_pair_positions``): ``b-`` at the second word, then ``b+`` at
        the first, pair after pair in text order."""
        at: list[int] = []
        which: list[int] = []
        weighted = self.chain.features.get
        pairs = self._pairs
        for i in positions:
            left, right = keys[i - 1], keys[i]
            if "|" in left or "|" in right:
                for place, feature in ((i, "b-="), (i - 1, "b+=")):
                    if (found := weighted(f"{feature}{left}|{right}")) is not None:
                        at.append(place)
                        which.append(found)
                continue
            before, after = pairs.get((left, right), _NO_PAIR)
            if before is not None:
                at.append(i)
                which.append(before)
            if after is not None:
                at.append(i - 1)
                which.append(after)
        return at, which

    def _tag_weights(self, tag: str) -> list[tuple[int, int]]:
        """For a gazetteer BIO tag at a token, the offsets of the tokens its features
        weigh (itself, -1 as ``1TAG``, +1 as ``-1TAG``) and the features' indices."""
        found = self._tag_features.get(tag)
        if found is None:
            weighted = self.chain.features
            found = self._tag_features[tag] = [
                (offset, weighted[feature])
                for offset, feature in ((0, tag), (-1, f"1{tag}"), (1, f"-1{tag}"))
                if feature in weighted
            ]
        return found

    def read(self, text: str, tokens: Sequence[Token], matches: Sequence[Mention] = ()) -> Reading:
        """The entities the model finds in ``text``, in text order, and how sure it is
        that each token lies outside any entity."""
        return self.read_many([(text, tokens, matches)])[0]

    def read_many(
        self, texts: Sequence[tuple[str, Sequence[Token], Sequence[Mention]]]
    ) -> list[Reading]:
        """``read`` for several texts (each with its tokens and gazetteer matches) at once:
        their sentences are decoded together, which shares the cost of each array step."""
        prepared, scored = [], []
        for text, tokens, matches in texts:
            ranges = list(sentences_of(text, tokens))
            if _NOT_ARABIC.search(text):
                ranges = [(a, b) for a, b in ranges if _is_arabic(tokens[a:b])]
            ranges = list(bounded(ranges))
            bio = bio_tags(tokens, matches) if ranges else []
            if ranges:
                scored.append((tokens, bio, ranges))
            prepared.append((ranges, bio))
        first, second = self._scores_of_texts(scored) if scored else ([], None)
        sentences = [
            scores[a:b]
            for scores, (_, _, ranges) in zip(first, scored, strict=True)
            for a, b in ranges
        ]
        # A second pass needs only the first pass's labels, not its marginals.
        decoded = self.chain.decode(sentences, marginals=self.second is None)
        reader = self  # the labels are those of the model that decoded them last
        if self.second is not None and sentences:
            decoded = self._second_pass(scored, second, decoded)
            reader = self.second
        found = iter(decoded)
        return [
            reader._reading(text, tokens, ranges, [next(found) for _ in ranges])
            for (text, tokens, _), (ranges, _) in zip(texts, prepared, strict=True)
        ]

    def _second_pass(self, scored, scores_of_texts, decoded):
        """The second pass's decoding of the sentences, from the first pass's labels
        over each whole text (:mod:`.consistency`); ``scored`` holds each text's tokens,
        gazetteer BIO tags and sentence ranges, as the first pass scored them, and
        ``scores_of_texts`` the second pass's scores of them before consistency.

        The batch's texts are worked out together, as one token sequence, from the
        first pass's label numbers and the tokens' key numbers, by array steps."""
        sizes = [len(tokens) for tokens, _, _ in scored]
        edges = [0, *accumulate(sizes)]
        ranges = [(first + at, last + at)
                  for (_, _, spans), at in zip(scored, edges[:-1], strict=True)
                  for first, last in spans]  # fmt: skip
        labels = np.fromiter(
            chain.from_iterable(path for path, _, _ in decoded), dtype=np.intp, count=-1
        )
        if len(labels) < edges[-1]:  # tokens in no sentence read as O
            tagged = np.full(edges[-1], self.chain.index["O"], dtype=np.intp)
            tagged[np.concatenate([np.arange(a, b) for a, b in ranges])] = labels
            labels = tagged
        texts = np.repeat(np.arange(len(sizes)), sizes)
        written = list(map(_TEXT, chain.from_iterable(tokens for tokens, _, _ in scored)))
        keys = self._consistency_ids_of(written)
        positions, numbers, decisions = batch_decisions(texts, keys, labels, self.chain.labels)
        scores = np.concatenate(scores_of_texts)
        if len(positions):
            # Each decision's row is weighed once (a row of ``_weights``); a token takes
            # one row, so adding its row's weights to every token at once is the same.
            rows = self._weight_rows(decisions)
            scores[positions] += self._weights[rows[numbers]]
        if self._lists:  # a second pass trained with list features (consistency.list_features)
            weighted, state = self.second.chain.features, self.second.chain.state
            for feature, places in list_places(written, texts, labels, self.chain.labels).items():
                if (found := weighted.get(feature)) is not None:
                    scores[places] += state[found]
        return self.second.chain.decode([scores[a:b] for a, b in ranges])

    def _weight_rows(self, decisions: np.ndarray) -> np.ndarray:
        """The rows of ``_weights`` that hold the summed weights of the rows the
        decisions of ``batch_decisions`` stand for. Decisions are told apart by their
        bytes, in C (``tolist`` of a row-long bytes view); the same few hundred recur
        from batch to batch, and a new one is worked out and weighed once."""
        if len(self._decided) >= 1 << 16:  # an archive's decisions must not pile up
            self._decided.clear()
            self._weights = self._weights[:0]
        decisions = np.ascontiguousarray(decisions, dtype=np.int64)
        codes = decisions.view(np.dtype((np.void, decisions.shape[1] * 8))).ravel().tolist()
        rows = list(map(self._decided.get, codes))
        if None in rows:
            new: list[np.ndarray] = []
            for i in compress(count(), map(is_, rows, repeat(None))):
                row = self._decided.get(codes[i])
                if row is None:
                    row = self._decided[codes[i]] = len(self._weights) + len(new)
                    new.append(self._extra(decision_row(self.chain.labels, decisions[i])))
                rows[i] = row
            self._weights = np.concatenate([self._weights, new])
        return np.fromiter(rows, dtype=np.intp, count=len(rows))

    def _consistency_ids_of(self, written: list[str]) -> np.ndarray:
        """The numbers of the written words' consistency keys (0 for none), those of
        known words looked up in C, and each new word's worked out once. The numbers
        hold for a batch: they are forgotten between batches once there are many."""
        found = self._consistency_ids
        ids = list(map(found.get, written))
        if None in ids:
            numbers = self._key_numbers
            new = dict.fromkeys(compress(written, map(is_, ids, repeat(None))))
            for word in new:
                new[word] = numbers.setdefault(self._consistency_key(word), len(numbers))
                if keeps(word):
                    found[word] = new[word]
            ids = list(map(new.get, written, ids))  # a known word's number stays
        if len(found) >= 1 << 16 or len(self._key_numbers) >= 1 << 16:
            found.clear()  # for the next batch: an archive's words must not pile up
            self._key_numbers = {"": 0}
        return np.fromiter(ids, dtype=np.intp, count=len(ids))

    def _consistency_key(self, written: str) -> str:
        """A word's consistency key, with the model's counts (``_consistency_ids_of``
        remembers each word's number, so the key itself is not kept)."""
        return consistency_key(written, self.counts, self.names)

    def _extra(self, row: tuple[str, ...]) -> np.ndarray:
        found = self._extra_scores.get(row)
        if found is None:
            if len(self._extra_scores) >= 1 << 16:
                self._extra_scores.clear()
            found = self._extra_scores[row] = self.second.chain.score(row)
        return found

    def _reading(self, text, tokens, ranges, decoded) -> Reading:
        outside = [1.0] * len(tokens)
        found: list[Mention] = []
        nothing = self.chain.index.get("O", 0)
        for (first, last), (path, chosen, outside_here) in zip(ranges, decoded, strict=True):
            outside[first:last] = outside_here
            if path.count(nothing) == len(path):
                continue  # no entity in this sentence
            for start, end, kind in self._entities(path):
                score = sum(chosen[start:end]) / (end - start)
                while end > start and not is_word(tokens[first + end - 1].text):
                    end -= 1  # a name ends with its last word, never a stop or a bracket
                while start < end and not is_word(tokens[first + start].text):
                    start += 1
                if start == end or self._names_no_entity(kind, tokens[first + start : first + end]):
                    continue
                head = tokens[first + start]
                begin = head.start + self._proclitic_length(head.text)
                mention = mention_of(
                    text, begin, tokens[first + end - 1].end, _NO_ENTRY, "model", round(score, 4)
                )
                if mention.text:
                    entry = Entry("", kind, mention.text, "")
                    found.append(Mention(mention.start, mention.end, mention.text, entry,
                                         "model", mention.score))  # fmt: skip
        return Reading(found, outside)

    def _names_no_entity(self, kind: str, tokens: Sequence[Token]) -> bool:
        """Whether an entity the model tagged is none by ENTITIES.md: a state's army or
        government named by a common noun and a demonym (``القوات الألمانية``), or a
        body or place that is one indefinite adjective (``بلدة حدودية``, as the rules
        hold too: ``places``)."""
        if kind == "PERSON":
            return False
        written = (kind, *map(_TEXT, tokens))  # the same words decide the same, so kept
        found = self._no_entity.get(written)
        if found is None:
            lexicon = self.features.lexicon
            keys = [word.key for word in lexicon.words(written[1:])]
            found = (len(keys) == 1 and is_nisba(keys[0])) or (
                kind == "ORG" and names_state_forces(keys, lexicon.is_demonym)
            )
            if len(self._no_entity) >= 1 << 16:
                self._no_entity.clear()
            if all(map(keeps, written[1:])):
                self._no_entity[written] = found
        return found

    def _entities(self, path: list[int]) -> list[tuple[int, int, str]]:
        """The entities of a path of label indices (``corpora.entities_of``)."""
        if self._label_names is None:
            self._label_names = list(map(str, self.chain.labels))
        return entities_of_labels(list(map(self._label_names.__getitem__, path)))

    def _proclitic_length(self, written: str) -> int:
        """``proclitic_length`` with the model's counts, remembered per word."""
        length = self._proclitics.get(written)
        if length is None:
            length = proclitic_length(written, self.counts, names=self.names)
            if len(self._proclitics) >= 1 << 16:
                self._proclitics.clear()
            self._proclitics[written] = length
        return length

    def mentions(
        self, text: str, tokens: Sequence[Token], matches: Sequence[Mention] = ()
    ) -> list[Mention]:
        """The entities the model alone finds in ``text``, in text order."""
        return self.read(text, tokens, matches).mentions


_NO_PAIR = (None, None)


def _tokens_by_tag(bio: Sequence[str]) -> list[tuple[str, np.ndarray]]:
    """Each gazetteer BIO tag of ``bio`` ("" for none) and the tokens that have it."""
    tags = list(filter(None, bio))  # the tagged tokens' tags, in their order
    if not tags:
        return []
    tagged = np.fromiter(compress(count(), bio), dtype=np.intp, count=len(tags))
    kinds = list(set(tags))
    number = {tag: n for n, tag in enumerate(kinds)}
    numbers = np.fromiter(map(number.__getitem__, tags), dtype=np.intp, count=len(tags))
    return [(tag, tagged[numbers == n]) for n, tag in enumerate(kinds)]


class _Placed(NamedTuple):
    """Where a batch's tokens stand (``SequenceModel._placed``): each one's row of the
    table, its sentence's number and its key; and where a pair of its words may have
    a weight in either pass."""

    rows: np.ndarray
    sentence: np.ndarray
    keys: list[str]
    pairs: list[int]  # where a pair of words may be weighted (``_pair_positions``)
    reach: np.ndarray | None = None  # each token's reach classes as bits (``_reach_at``)


_STOPS = 1 << len(REACH_CLASSES)  # the bit of a full stop or colon in a reach code


def _reach_code(word) -> int:
    """A word's REACH_CLASSES as bits, or ``_STOPS`` for a full stop or colon."""
    if word.stops:
        return _STOPS
    return sum(1 << bit for bit, name in enumerate(REACH_CLASSES) if name in word.reach)


class Reading(NamedTuple):
    """What the model makes of a text: its mentions, and per token P(outside)."""

    mentions: list[Mention]
    outside: list[float]


# Letters of Persian, Urdu and Pashto that Arabic does not write: a sentence full of
# them is in another language, which the model never learnt (a Persian web page's
# boilerplate would read as a string of unknown names).
NOT_ARABIC_LETTERS = frozenset("پچژگیکۀےٹڈڑںھۓ")
# ... as a pattern: a text is searched for them in C, several times quicker than
# hashing each of its characters for the set.
_NOT_ARABIC = re.compile(f"[{''.join(sorted(NOT_ARABIC_LETTERS))}]")
NOT_ARABIC_SHARE = 0.3


def _is_arabic(tokens: Sequence[Token]) -> bool:
    """Whether a sentence reads as Arabic rather than Persian or Urdu: at once where
    none of its tokens holds a letter Arabic does not write."""
    if not _NOT_ARABIC.search("".join(map(_TEXT, tokens))):
        return True
    words = [token.text for token in tokens if is_word(token.text)]
    foreign = sum(1 for word in words if not NOT_ARABIC_LETTERS.isdisjoint(word))
    return foreign < NOT_ARABIC_SHARE * len(words) or not words


def _features_by_place(names: np.ndarray, places) -> dict[int, dict[str, int]]:
    """For each place of the window (-1, 1, -2, 2), its features without the prefix that
    names it (``-1w=…`` is ``w=…`` at -1). ``names`` are the features' names by index;
    those of a place are picked and cut by array-wide string operations, in C."""
    tables: dict[int, dict[str, int]] = {}
    for d in places:
        prefix = str(d)
        at = np.flatnonzero(np.strings.startswith(names, prefix))
        cut = np.strings.slice(names[at], len(prefix), None)
        tables[d] = dict(zip(cut.tolist(), at.tolist(), strict=True))
    return tables


def _pair_index(names: np.ndarray) -> dict[tuple[str, str], tuple[int | None, ...]]:
    """The model's word-pair features by pair of keys: the indices of ``b-`` (scored at
    the second word) and ``b+`` (scored at the first), None for a feature it lacks, so
    that a pair the model never weighted costs one look-up. A pair whose keys hold
    ``|`` has none (``_pair_features`` looks it up by name). ``names`` are the
    features' names by index; the pairs are picked and split by array-wide string
    operations."""
    pairs: dict[tuple[str, str], list[int | None]] = {}
    single = np.strings.count(names, "|") == 1
    for after, prefix in enumerate(("b-=", "b+=")):
        at = np.flatnonzero(np.strings.startswith(names, prefix) & single)
        left, _, right = np.strings.partition(np.strings.slice(names[at], len(prefix), None), "|")
        keys = zip(left.tolist(), right.tolist(), strict=True)
        for pair, index in zip(keys, at.tolist(), strict=True):
            pairs.setdefault(pair, [None, None])[after] = index
    return {pair: tuple(indices) for pair, indices in pairs.items()}


def is_word(token: str) -> bool:
    r"""Whether a token holds a letter or digit (not only punctuation): a character
    ``str.isalnum`` takes, which ``[^\W_]`` matches (the same Unicode classes)."""
    return _LETTER_OR_DIGIT(token) is not None


_LETTER_OR_DIGIT = re.compile(r"[^\W_]").search
