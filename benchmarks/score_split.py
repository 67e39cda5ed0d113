"""Pipeline figures of a model folder on a split of ANERcorp TRAIN (for model experiments).

The dev split (last 10% of ANERcorp train) or, with ``--fold2``, the second fold
(sentences 80–90%, for a model trained by ``scripts/train_tagger.py --fold2``), in
texts of 50 sentences as bench_accuracy.py gives them; gold converted to ENTITIES.md
spans. Only the train file is read (the proclitic counts of the gold conversion come
from it alone, so figures can differ slightly from bench_accuracy.py's).

Run: uv run python benchmarks/score_split.py --model DIR [--fold2] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_accuracy import TRAIN, chunks_of, converted_gold, converted_scores, tag_all  # noqa: E402
from score_dev import trained_on_dev_split  # noqa: E402

from ner_cli import Tagger  # noqa: E402
from ner_cli.model import load_model  # noqa: E402
from ner_cli.model.corpora import read_anercorp, word_counts  # noqa: E402


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="folder with tagger.npz …")
    parser.add_argument("--fold2", action="store_true", help="score sentences 80-90%%")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    train = read_anercorp(TRAIN)
    n = len(train)
    split = train[int(n * 0.8) : int(n * 0.9)] if args.fold2 else train[int(n * 0.9) :]
    chunks = chunks_of("fold2" if args.fold2 else "dev", split, 50)
    gold = converted_gold(chunks, word_counts(train))
    tagger = Tagger()
    tagger.model = load_model(tagger.index, tagger.lexicon, args.model / "tagger.npz")
    if not args.fold2 and trained_on_dev_split(tagger):
        sys.exit(f"score_split: {args.model} was trained on the dev split; train with --hold-dev")
    mentions, seconds = tag_all(tagger, chunks)
    figures = converted_scores(chunks, mentions, gold)
    print(f"{args.model} on {'fold 2' if args.fold2 else 'dev'} ({len(split)} sentences, "
          f"{seconds:.1f} s)")  # fmt: skip
    for kind in ("PERSON", "ORG", "LOC", "micro"):
        e, le = figures["exact"][kind], figures["lenient"][kind]
        print(f"  {kind:7} exact F1 {100 * e['f1']:5.1f}   lenient F1 {100 * le['f1']:5.1f}"
              f"  (P {100 * le['precision']:5.1f} R {100 * le['recall']:5.1f})")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
