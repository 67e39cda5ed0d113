"""Train the tagging model shipped in data/model/ from the public corpora.

Reads ../shared/corpora (never copied into the project):

- ANERcorp, CAMeL Lab train split: the first 90% of its sentences are training
  data; the last 10% (contiguous) is the dev split, on which features, corpora and
  hyper-parameters were chosen. The test split is never read here.
- AQMAR (all 28 articles): extra training data, never reported on.
- WikiFANE Gold: a name lexicon (data/model/names.json, a feature); as training data
  (--wikifane) it lowered the dev scores.
- NewsFANE is the ANERcorp text again (test split included), annotated anew: it is
  not used, since dropping its test overlap would still leave the dev split in it.

Trains with CRFsuite, exports the weights to data/model/tagger.npz (tagging runs them
in numpy: ner_cli.model.linear_chain), writes data/model/vocabulary.json and
names.json, and prints the dev split's exact entity F1 per type over the project's
tokens. The defaults are those of the shipped model: this command alone rebuilds it.
Word clusters (scripts/build_clusters.py, --build-clusters) are off: measured on the
dev split they did not help (README, "The learned tagger").

Run: uv run python scripts/train_tagger.py [--dev-only] [--wikifane] [--no-names]
     [--c1 C1 --c2 C2] [--build-clusters | --clusters TABLE]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from ner_cli.gazetteer import GazetteerIndex, default_gazetteer_path
from ner_cli.lexicon import Lexicon
from ner_cli.model.corpora import entities_of, read_anercorp, read_aqmar, read_fane
from ner_cli.model.crf import (
    CLUSTERS_FILE,
    MODEL_FILE,
    NAMES_FILE,
    VOCABULARY_FILE,
    read_clusters,
)
from ner_cli.model.features import FeatureMaker, gazetteer_words, name_words
from ner_cli.model.linear_chain import LinearChain
from ner_cli.model.training import examples_of, train, vocabulary_of

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
OUT = ROOT / "data" / "model"
DEV_SHARE = 0.1


def load_training(wikifane: bool, aqmar: bool):
    """The training sentences by corpus, and the dev split."""
    train_file = CORPORA / "anercorp" / "ANERCorp_CamelLab_train.txt"
    if not train_file.is_file():
        sys.exit(f"train_tagger: {train_file} not found: the corpora live in ../shared/corpora")
    anercorp = read_anercorp(train_file)
    cut = int(len(anercorp) * (1 - DEV_SHARE))
    corpora = {"anercorp-train": anercorp[:cut]}
    if aqmar:
        corpora["aqmar"] = [s for article in read_aqmar(CORPORA / "aqmar" / "articles").values()
                            for s in article]  # fmt: skip
    if wikifane:
        corpora["wikifane"] = read_fane(CORPORA / "fane" / "WikiFANE_Gold_2014_500K.txt")
    return corpora, anercorp[cut:]


def dev_scores(model_path: Path, dev_examples) -> dict:
    """Exact entity P/R/F1 per type on the dev split, over the project's tokens."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    counts: dict[str, Counter] = {"micro": Counter()}
    for rows, gold in dev_examples:
        g = set(entities_of([("", label) for label in gold]))
        p = set(entities_of([("", label) for label in tagger.tag(rows)]))
        for outcome, spans in (("tp", p & g), ("fp", p - g), ("fn", g - p)):
            for span in spans:
                for kind in (span[2], "micro"):
                    counts.setdefault(kind, Counter())[outcome] += 1
    figures = {}
    for kind, c in sorted(counts.items()):
        precision = c["tp"] / max(1, c["tp"] + c["fp"])
        recall = c["tp"] / max(1, c["tp"] + c["fn"])
        f1 = 2 * precision * recall / max(1e-9, precision + recall)
        figures[kind] = {"precision": round(precision, 4), "recall": round(recall, 4),
                         "f1": round(f1, 4)}  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--wikifane", action="store_true", help="train on WikiFANE too (lowers dev F1)"
    )
    parser.add_argument("--no-aqmar", action="store_true", help="leave AQMAR out")
    parser.add_argument(
        "--dev-only",
        action="store_true",
        help="train to a temporary file and report dev; data/ untouched",
    )
    parser.add_argument("--c1", type=float, default=0.1)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--min-freq", type=int, default=1)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--no-names",
        action="store_true",
        help="no name lexicon from WikiFANE as a feature",
    )
    parser.add_argument(
        "--clusters",
        type=Path,
        help="word-cluster features from this table (scripts/build_clusters.py); off by "
        "default: on the dev split they did not help (README, 'The learned tagger')",
    )
    parser.add_argument(
        "--build-clusters",
        action="store_true",
        help="build the cluster table first (scripts/build_clusters.py) and use it",
    )
    args = parser.parse_args()  # fmt: skip

    started = time.perf_counter()
    corpora, dev = load_training(args.wikifane, not args.no_aqmar)
    index = GazetteerIndex.from_paths([default_gazetteer_path()])
    lexicon = Lexicon.for_entries(index.entries)
    names = {}
    if not args.no_names:
        lexicon_sentences = read_fane(CORPORA / "fane" / "WikiFANE_Gold_2014_500K.txt", join=False)
        if args.no_aqmar:  # AQMAR is not trained on: its names join the lexicon
            lexicon_sentences += [
                s
                for article in read_aqmar(CORPORA / "aqmar" / "articles").values()
                for s in article
            ]
        names = name_words(lexicon_sentences)
        print(
            f"name lexicon from WikiFANE{' and AQMAR' if args.no_aqmar else ''}: {len(names)} words"
        )
    clusters = {}
    if args.build_clusters or args.clusters is not None:
        table = args.clusters
        if table is None:
            folder = Path(tempfile.mkdtemp()) if args.dev_only else OUT
            table = folder / CLUSTERS_FILE
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "build_clusters.py"), "--out", str(table)],
                check=True,
            )
        clusters = read_clusters(table)
        print(f"word clusters from {table}: {len(clusters)} words")
    features = FeatureMaker(
        lexicon,
        gazetteer_words((key, entry.type) for key, entry in index.phrases()),
        names,
        clusters,
    )
    sentences = [s for name in corpora for s in corpora[name]]
    random.Random(args.seed).shuffle(sentences)  # corpora interleaved, order fixed
    for name, found in corpora.items():
        print(f"{name}: {len(found)} sentences, {sum(map(len, found))} tokens")
    print(f"dev (last {DEV_SHARE:.0%} of ANERcorp train): {len(dev)} sentences")
    examples = list(examples_of(sentences, features, index))
    dev_examples = list(examples_of(dev, features, index))
    print(f"features built in {time.perf_counter() - started:.0f} s")

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "tagger.crfsuite"
        train(examples, path, args.c1, args.c2, args.iterations, args.min_freq)
        print(f"trained in {time.perf_counter() - started:.0f} s: {path.stat().st_size:,} bytes")
        for kind, row in dev_scores(path, dev_examples).items():
            print(f"  dev {kind:8} P {row['precision']:.3f}  R {row['recall']:.3f}  "
                  f"F1 {row['f1']:.3f}")  # fmt: skip
        if not args.dev_only:
            OUT.mkdir(parents=True, exist_ok=True)
            LinearChain.from_crfsuite(path).save(OUT / MODEL_FILE)
    if not args.dev_only:
        split = read_fane(CORPORA / "fane" / "WikiFANE_Gold_2014_500K.txt", join=False)
        vocabulary = vocabulary_of(sentences, index, lexicon.given, split)
        (OUT / VOCABULARY_FILE).write_text(
            json.dumps(vocabulary, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        names_path = OUT / NAMES_FILE
        if names:
            names_path.write_text(
                json.dumps({k: sorted(v) for k, v in sorted(names.items())}, ensure_ascii=False,
                           separators=(",", ":")),
                encoding="utf-8",
            )  # fmt: skip
        elif names_path.exists():
            names_path.unlink()
        clusters_path = OUT / CLUSTERS_FILE
        if clusters and args.clusters is not None and args.clusters.resolve() != clusters_path:
            shutil.copyfile(args.clusters, clusters_path)
        elif not clusters and clusters_path.exists():
            clusters_path.unlink()
        print(f"wrote {OUT / MODEL_FILE} and {OUT / VOCABULARY_FILE}")


if __name__ == "__main__":
    main()
