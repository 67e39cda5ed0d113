"""Train the tagging model shipped in data/model/ from the public corpora.

Reads ../shared/corpora (never copied into the project):

- ANERcorp, CAMeL Lab train split. Its last 10% of sentences (contiguous) is the dev
  split, on which features, corpora and hyper-parameters were chosen, each time with
  a model trained on the first 90% only (``--hold-dev``); the shipped model, every
  choice made, is trained on all of it (``--fold2`` measured what the extra 10% gives:
  README, "The learned tagger"). The test split is never read here.
- AQMAR (all 28 articles): extra training data, never reported on.
- WikiFANE Gold: a name lexicon (data/model/names.json, a feature); as training data
  (--wikifane) it lowered the dev scores.
- NewsFANE is the ANERcorp text again (test split included), annotated anew: it is
  not used, since dropping its test overlap would still leave the dev split in it.

Trains with CRFsuite, exports the weights to data/model/tagger.npz (tagging runs them
in numpy: ner_cli.model.linear_chain), writes data/model/vocabulary.json and
names.json, and with ``--hold-dev`` prints the dev split's exact entity F1 per type
over the project's tokens. The defaults are those of the shipped model: this command
alone rebuilds it. vocabulary.json records whether the dev split was trained on; the
benchmarks then refuse to report the model on it.
Word clusters (scripts/build_clusters.py, --build-clusters) are off: measured on the
dev split they did not help (README, "The learned tagger").

Two stages (issue 15c): a second CRF pass over the first one's features plus
document-consistency features (ner_cli.model.consistency), its first-pass training
labels from ``--folds`` jackknifed models (5 contiguous folds of each corpus's
documents: ANERcorp in 50-sentence texts, AQMAR by article), exported to
data/model/consistency.npz (tagging runs it where that file exists); ``--one-stage``
leaves it out (and deletes that file). Experiments: ``--fane-persons N`` trains on the
WikiFANE sentences that hold a PERSON too (lowered dev); ``--fold2``
scores ANERcorp train's sentences 80-90% (the second fold) and trains on the rest (on
the first 80% only with ``--hold-dev``), ``--out DIR``
writes the model files elsewhere (benchmarks/score_split.py scores such a folder);
``--news-weight K`` gives each ANERcorp sentence K times (measured, left out: README).

The occupation and VSO-verb trigger classes (ner_cli.model.features.EXTRA_CLASSES) are on
by default (``--classes ''`` leaves them out); vocabulary.json names them, and the loader
builds the same features. So are two later ones: reach features (``--no-reach`` leaves
them out), the trigger classes of the words three to five to the left
(ner_cli.model.features.REACH; vocabulary.json says so), and list features in the
second pass (``--no-lists``), what the first pass made of the item across a comma
(ner_cli.model.consistency.list_features; tagging uses them where the second pass
weighs them).

Run: uv run python scripts/train_tagger.py [--hold-dev] [--dev-only] [--wikifane] [--no-names]
     [--c1 C1 --c2 C2] [--build-clusters | --clusters TABLE] [--fold2] [--out DIR]
     [--one-stage | --folds K --first-pass FILE] [--fane-persons N] [--classes NAMES]
     [--news-weight K] [--no-reach] [--no-lists]
"""

from __future__ import annotations

import argparse
import json
import pickle
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
from ner_cli.model.consistency import consistency_key, document_features, list_features
from ner_cli.model.corpora import entities_of, read_anercorp, read_aqmar, read_fane
from ner_cli.model.crf import (
    CLUSTERS_FILE,
    MODEL_FILE,
    NAMES_FILE,
    SECOND_FILE,
    VOCABULARY_FILE,
    read_clusters,
)
from ner_cli.model.features import EXTRA_CLASSES, FeatureMaker, gazetteer_words, name_words
from ner_cli.model.linear_chain import LinearChain
from ner_cli.model.training import example_with_tokens, train, vocabulary_of

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
OUT = ROOT / "data" / "model"
DEV_SHARE = 0.1


CHUNK = 50  # sentences per document of ANERcorp (as bench_accuracy.py gives them)
FOLD2_SHARE = 0.1  # --fold2: train on the first 80%, score 80–90%


def chunks(sentences: list, size: int = CHUNK) -> list[list]:
    return [sentences[i : i + size] for i in range(0, len(sentences), size)]


def person_documents(sentences: list, cap: int) -> list[list]:
    """The sentences that hold a PERSON entity (at most ``cap``, evenly spread, if
    ``cap`` > 0), as documents: runs of consecutive sentences, 50 at most."""
    picked = [i for i, s in enumerate(sentences) if any(k == "PERSON" for *_, k in entities_of(s))]
    if 0 < cap < len(picked):
        picked = [picked[j * len(picked) // cap] for j in range(cap)]
    documents: list[list] = []
    previous = None
    for i in picked:
        if previous is None or i != previous + 1 or len(documents[-1]) == CHUNK:
            documents.append([])
        documents[-1].append(sentences[i])
        previous = i
    return documents


def load_training(
    wikifane: bool, aqmar: bool, fold2: bool = False, fane_persons: int = 0, hold_dev: bool = True
):
    """The training documents by corpus, and the scored split's documents (50 sentences
    each). The scored split is the dev split (the last 10% of ANERcorp train), or with
    ``fold2`` sentences 80–90%; it is never trained on. ``hold_dev=False`` trains on the
    dev split too (the shipped model: all of ANERcorp train once every choice is made);
    with ``fold2`` that is the first 80% and the last 10%."""
    train_file = CORPORA / "anercorp" / "ANERCorp_CamelLab_train.txt"
    if not train_file.is_file():
        sys.exit(f"train_tagger: {train_file} not found: the corpora live in ../shared/corpora")
    anercorp = read_anercorp(train_file)
    cut = int(len(anercorp) * (1 - DEV_SHARE))
    end = int(len(anercorp) * (1 - DEV_SHARE - FOLD2_SHARE)) if fold2 else cut
    scored = anercorp[end:cut] if fold2 else anercorp[cut:] if hold_dev else []
    stretches = [anercorp[:end]] if hold_dev else [anercorp[:end], anercorp[cut:]]
    # 50-sentence documents within each contiguous stretch: none straddles the gap.
    documents = {"anercorp-train": [doc for stretch in stretches for doc in chunks(stretch)]}
    if aqmar:
        documents["aqmar"] = list(read_aqmar(CORPORA / "aqmar" / "articles").values())
    fane = CORPORA / "fane" / "WikiFANE_Gold_2014_500K.txt"
    if wikifane:
        documents["wikifane"] = chunks(read_fane(fane))
    elif fane_persons:
        documents["wikifane-persons"] = person_documents(read_fane(fane), fane_persons)
    return documents, chunks(scored)


def dev_scores(model_path: Path, dev_examples) -> dict:
    """Exact entity P/R/F1 per type on the dev split, over the project's tokens (none
    when the dev split was trained on)."""
    if not dev_examples:
        return {}
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


def _train_job(job):
    """One CRFsuite training of the jackknife (run in a forked worker): ``job`` is a
    fold number, whose sentences are left out and then tagged, or -1 for all."""
    examples, order, folds, folder, c1, c2, iterations, min_freq = _JOBS
    path = Path(folder) / f"stage1-{job}.crfsuite"
    train(
        ((examples[i][0], examples[i][1]) for i in order if folds[i] != job),
        path, c1, c2, iterations, min_freq,
    )  # fmt: skip
    if job < 0:
        return job, {}
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return job, {i: tagger.tag(examples[i][0]) for i in order if folds[i] == job}


_JOBS: tuple = ()


def with_consistency(documents, counts, names, lists: bool = False) -> list:
    """Each sentence's rows with the consistency features of its document added, from
    ``documents``: lists of (rows, first-pass labels, tokens) per sentence; with
    ``lists``, the list features too (consistency.list_features)."""
    rows = []
    for document in documents:
        keys, labels, written = [], [], []
        for _, first_pass, tokens in document:
            keys += [consistency_key(token.text, counts, names) for token in tokens]
            labels += first_pass
            written += [token.text for token in tokens]
        extra = document_features(keys, labels)
        if lists:
            extra = [a + b for a, b in zip(extra, list_features(written, labels), strict=True)]
        at = 0
        for sentence_rows, _, _ in document:
            rows.append([row + extra[at + j] for j, row in enumerate(sentence_rows)])
            at += len(sentence_rows)
    return rows


def print_scores(title: str, figures: dict) -> None:
    print(title)
    if not figures:
        print("  no dev figure: the dev split was trained on (--hold-dev scores it)")
    for kind, row in figures.items():
        print(f"  dev {kind:8} P {row['precision']:.3f}  R {row['recall']:.3f}  "
              f"F1 {row['f1']:.3f}")  # fmt: skip


def main() -> None:
    global _JOBS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--wikifane", action="store_true", help="train on WikiFANE too (lowers dev F1)"
    )
    parser.add_argument(
        "--fane-persons",
        type=int,
        default=0,
        metavar="N",
        help="train on the WikiFANE sentences that hold a PERSON too, at most N (-1: all)",
    )
    parser.add_argument("--no-aqmar", action="store_true", help="leave AQMAR out")
    parser.add_argument(
        "--dev-only",
        action="store_true",
        help="train to a temporary file and report dev (implies --hold-dev); data/ untouched",
    )
    parser.add_argument(
        "--hold-dev",
        action="store_true",
        help="leave the dev split (the last 10%% of ANERcorp train) out of training and "
        "score it: the setting every choice is made in. Without it the model trains on "
        "all of ANERcorp train (the shipped model) and no dev figure is printed",
    )
    parser.add_argument(
        "--fold2",
        action="store_true",
        help="second fold: score ANERcorp train's sentences 80-90%%, train on the rest "
        "(+AQMAR; with --hold-dev on the first 80%% only)",
    )
    parser.add_argument(
        "--out", type=Path, default=OUT, help="where the model files go (default data/model)"
    )
    parser.add_argument(
        "--one-stage",
        action="store_true",
        help="no second CRF pass with document-consistency features (ner_cli.model.consistency)",
    )
    parser.add_argument("--folds", type=int, default=5, help="jackknife folds (two stages)")
    parser.add_argument("--jobs", type=int, default=2, help="trainings run at once (two stages)")
    parser.add_argument(
        "--first-pass",
        type=Path,
        help="keep the first pass (jackknifed labels and model) in this file, "
        "or read it from there if it exists (same corpora and stage-1 options only)",
    )
    parser.add_argument(
        "--news-weight",
        type=int,
        default=1,
        metavar="K",
        help="each ANERcorp sentence counts K times in the likelihood, AQMAR's once "
        "(CRFsuite has no instance weights: the sentence is given K times)",
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
        "--classes",
        default=",".join(EXTRA_CLASSES),
        metavar="NAMES",
        help="trigger classes beyond those of features.CLASSES, comma-separated (default "
        f"{','.join(EXTRA_CLASSES)}; '' for none, the models before issue 15's occupation "
        "and vso classes); vocabulary.json records them",
    )
    parser.add_argument(
        "--lists",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="list features in the second pass: what the first made of the item on the "
        "other side of a comma (ner_cli.model.consistency.list_features; on by default)",
    )
    parser.add_argument(
        "--reach",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="reach features: the trigger classes of the words 3-5 to the left "
        "(ner_cli.model.features.REACH; on by default); vocabulary.json records them",
    )
    parser.add_argument(
        "--build-clusters",
        action="store_true",
        help="build the cluster table first (scripts/build_clusters.py) and use it",
    )
    args = parser.parse_args()  # fmt: skip
    args.hold_dev = args.hold_dev or args.dev_only  # a dev figure needs the dev split held out
    out = args.out

    started = time.perf_counter()
    documents, dev_documents = load_training(
        args.wikifane, not args.no_aqmar, args.fold2, args.fane_persons, args.hold_dev
    )
    corpora = {name: [s for d in docs for s in d] for name, docs in documents.items()}
    dev = [s for d in dev_documents for s in d]
    index = GazetteerIndex.from_paths([default_gazetteer_path()])
    lexicon = Lexicon.for_entries(index.entries)
    names = {}
    split = read_fane(CORPORA / "fane" / "WikiFANE_Gold_2014_500K.txt", join=False)
    if not args.no_names:
        lexicon_sentences = list(split)
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
    extra_classes = tuple(name for name in args.classes.split(",") if name)
    if extra_classes:
        print(f"extra trigger classes: {', '.join(extra_classes)}")
    clusters = {}
    if args.build_clusters or args.clusters is not None:
        table = args.clusters
        if table is None:
            folder = Path(tempfile.mkdtemp()) if args.dev_only else out
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
        extra_classes,
        args.reach,
    )
    # Sentences in corpus order, each with its document; trained on in a fixed shuffle.
    flat = [(name, d, s) for name, docs in documents.items()
            for d, document in enumerate(docs) for s in document]  # fmt: skip
    sentences = [s for _, _, s in flat]
    order = list(range(len(flat)))
    # The news weighs more than the Wikipedia text: its sentences come K times (the same
    # fold each time, so a jackknifed model never sees a copy of what it tags).
    order += [i for i in order if flat[i][0] == "anercorp-train"] * (args.news_weight - 1)
    random.Random(args.seed).shuffle(order)  # corpora interleaved, order fixed
    for name, found in corpora.items():
        print(f"{name}: {len(found)} sentences, {sum(map(len, found))} tokens")
    what = "80-90%" if args.fold2 else f"last {DEV_SHARE:.0%}"
    if dev:
        print(f"scored ({what} of ANERcorp train, not trained on): {len(dev)} sentences")
    else:
        print("nothing scored: all of ANERcorp train is trained on (--hold-dev scores dev)")
    made = [example_with_tokens(s, features, index) for s in sentences]
    order = [i for i in order if made[i] is not None]
    dev_made = [[e for s in d if (e := example_with_tokens(s, features, index))]
                for d in dev_documents]  # fmt: skip
    dev_examples = [(rows, gold) for d in dev_made for rows, gold, _ in d]
    vocabulary = vocabulary_of(sentences, index, lexicon.given, split)
    # Read by the benchmarks, which refuse to report a split the model was trained on.
    vocabulary["trained_on_dev_split"] = not args.hold_dev
    if extra_classes:  # the loader builds the same features (ner_cli.model.crf)
        vocabulary["extra_classes"] = list(extra_classes)
    if args.reach:
        vocabulary["reach"] = True
    print(f"features built in {time.perf_counter() - started:.0f} s")

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "stage1--1.crfsuite"
        second = None
        if args.one_stage:
            train(((made[i][0], made[i][1]) for i in order), path, args.c1, args.c2,
                  args.iterations, args.min_freq)  # fmt: skip
            size = path.stat().st_size
            print(f"trained in {time.perf_counter() - started:.0f} s: {size:,} bytes")
            print_scores("stage 1", dev_scores(path, dev_examples))
        else:
            import multiprocessing

            sizes = {name: len(docs) for name, docs in documents.items()}
            folds = [d * args.folds // sizes[name] for name, d, _ in flat]
            _JOBS = (made, order, folds, scratch, args.c1, args.c2, args.iterations,
                     args.min_freq)  # fmt: skip
            first_pass: dict[int, list[str]] = {}
            if args.first_pass is not None and args.first_pass.is_file():
                kept = pickle.loads(args.first_pass.read_bytes())
                first_pass, _ = kept["labels"], path.write_bytes(kept["model"])
                print(f"  stage 1 read from {args.first_pass}")
            else:
                with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
                    jobs = [-1, *range(args.folds)]
                    for job, tagged in pool.imap_unordered(_train_job, jobs):
                        first_pass.update(tagged)
                        print(f"  stage 1 job {job} done at {time.perf_counter() - started:.0f} s")
                if args.first_pass is not None:
                    args.first_pass.write_bytes(
                        pickle.dumps({"labels": first_pass, "model": path.read_bytes()})
                    )
            print_scores("stage 1", dev_scores(path, dev_examples))
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            counts, openers = vocabulary["words"], vocabulary["names"]
            by_document: dict[tuple, list] = {}
            for i in dict.fromkeys(order):  # each sentence once, copies aside
                name, d, _ = flat[i]
                by_document.setdefault((name, d), []).append(i)
            rows2: dict[int, list] = {}
            for key in sorted(by_document, key=lambda k: min(by_document[k])):
                members = sorted(by_document[key])
                docs = [(made[i][0], first_pass[i], made[i][2]) for i in members]
                for i, rows in zip(members, with_consistency([docs], counts, openers, args.lists),
                                   strict=True):  # fmt: skip
                    rows2[i] = rows
            dev_rows = with_consistency(
                [[(rows, tagger.tag(rows), tokens) for rows, _, tokens in d] for d in dev_made],
                counts, openers, args.lists,
            )  # fmt: skip
            second = Path(scratch) / "stage2.crfsuite"
            train(((rows2[i], made[i][1]) for i in order), second, args.c1, args.c2,
                  args.iterations, args.min_freq)  # fmt: skip
            print(f"stage 2 trained at {time.perf_counter() - started:.0f} s")
            dev_examples2 = [(rows, gold) for rows, (_, gold) in zip(dev_rows, dev_examples,
                                                                      strict=True)]  # fmt: skip
            print_scores("stage 2", dev_scores(second, dev_examples2))
        if not args.dev_only:
            out.mkdir(parents=True, exist_ok=True)
            LinearChain.from_crfsuite(path).save(out / MODEL_FILE)
            if second is not None:
                LinearChain.from_crfsuite(second).save(out / SECOND_FILE)
            elif (out / SECOND_FILE).exists():
                (out / SECOND_FILE).unlink()
    if not args.dev_only:
        (out / VOCABULARY_FILE).write_text(
            json.dumps(vocabulary, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        names_path = out / NAMES_FILE
        if names:
            names_path.write_text(
                json.dumps({k: sorted(v) for k, v in sorted(names.items())}, ensure_ascii=False,
                           separators=(",", ":")),
                encoding="utf-8",
            )  # fmt: skip
        elif names_path.exists():
            names_path.unlink()
        clusters_path = out / CLUSTERS_FILE
        if clusters and args.clusters is not None and args.clusters.resolve() != clusters_path:
            shutil.copyfile(args.clusters, clusters_path)
        elif not clusters and clusters_path.exists():
            clusters_path.unlink()
        print(f"wrote {out / MODEL_FILE} and {out / VOCABULARY_FILE}")


if __name__ == "__main__":
    main()
