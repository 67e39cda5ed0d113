"""From corpus sentences to the model's training examples, and the model's training.

A corpus sentence is re-read exactly as ``ner extract`` reads text: its tokens are
joined into a line, tokenised by the project's tokenizer and matched against the
gazetteer, so the features at training time are those at tagging time. Each token
takes the tag of the corpus token it lies in. A corpus LOC that the gazetteer names
as a country becomes COUNTRY, since ENTITIES.md keeps the two apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..gazetteer import GazetteerIndex
from ..matcher import Mention, filter_spans, find_matches
from ..normalize import normalize_key
from ..tokenize import tokenize
from .corpora import Sentence, document_of, entities_of, retype, word_counts
from .features import FeatureMaker

__all__ = ["Example", "examples_of", "train", "vocabulary_of"]

Example = tuple[list[list[str]], list[str]]


def relabel(sentence: Sentence, matches: list[Mention], offsets) -> Sentence:
    """The sentence with each LOC that a gazetteer country match overlaps made COUNTRY."""
    countries = [m for m in matches if m.type == "COUNTRY"]
    spans = {
        (first, last): "COUNTRY"
        for first, last, kind in entities_of(sentence)
        if kind == "LOC"
        and any(m.start < offsets[last - 1][1] and m.end > offsets[first][0] for m in countries)
    }
    return retype(sentence, spans)


def example_of(sentence: Sentence, features: FeatureMaker, index: GazetteerIndex) -> Example | None:
    """Feature rows and labels of one corpus sentence, read as ``ner extract`` reads it."""
    found = example_with_tokens(sentence, features, index)
    return None if found is None else found[:2]


def example_with_tokens(sentence: Sentence, features: FeatureMaker, index: GazetteerIndex):
    """``example_of``'s rows and labels, and the sentence's tokens as tagging reads them."""
    text, (offsets,) = document_of([sentence])
    tokens = tokenize(text)
    if not tokens:
        return None
    matches = filter_spans(find_matches(tokens, index, text))
    sentence = relabel(sentence, matches, offsets)
    labels, j, previous_corpus_token = [], 0, -1
    for token in tokens:
        while offsets[j][1] <= token.start:
            j += 1
        tag = sentence[j][1]
        if tag.startswith("B-") and j == previous_corpus_token:
            tag = "I-" + tag[2:]  # the rest of a corpus token split by the tokenizer
        labels.append(tag)
        previous_corpus_token = j
    return features.rows(tokens, matches), labels, tokens


def examples_of(
    sentences: Iterable[Sentence], features: FeatureMaker, index: GazetteerIndex
) -> Iterator[Example]:
    for sentence in sentences:
        example = example_of(sentence, features, index)
        if example is not None:
            yield example


def vocabulary_of(
    sentences: Iterable[Sentence],
    index: GazetteerIndex,
    given: Iterable[str] = (),
    split_sentences: Iterable[Sentence] = (),
    least: int = 2,
) -> dict[str, dict[str, int]]:
    """What :func:`ner_cli.model.proclitics.proclitic_length` asks: ``words``, how often
    each key stands as a token (kept from ``least`` occurrences; gazetteer words count
    as seen often), and ``names``, how often it opens a name: the first words of the
    gazetteer's names, given names, and first words of the entities of corpora whose
    proclitics are split off already (``split_sentences``, FANE)."""
    words = {key: n for key, n in word_counts(sentences).items() if n >= least and key}
    names: Counter = Counter()
    for phrase, _ in index.phrases():
        names[phrase[0]] += 10
        for key in phrase:
            words[key] = words.get(key, 0) + 10
    for key in given:
        names[key] += 10
    for sentence in split_sentences:
        for first, _, _ in entities_of(sentence):
            names[normalize_key(sentence[first][0])] += 1
    return {"words": dict(sorted(words.items())), "names": dict(sorted(names.items()))}


def train(
    examples: Iterable[Example],
    path: Path,
    c1: float = 0.05,
    c2: float = 0.05,
    iterations: int = 150,
    min_freq: int = 1,
    verbose: bool = False,
) -> None:
    """Train a CRF (L-BFGS, elastic net) on the examples and save it to ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=verbose)
    for rows, labels in examples:
        trainer.append(rows, labels)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.minfreq": min_freq,
            "feature.possible_transitions": True,
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
