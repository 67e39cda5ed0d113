"""Choose how gazetteer, rules and model combine, on the dev split only.

The dev split is the last 10% of ANERcorp train (contiguous). The shipped model is
trained on it too, once every choice is made: tune with a model that is not
(``scripts/train_tagger.py --hold-dev --out DIR``, then ``--model DIR`` here).
Each setting of ner_cli.model.combine.Combination is scored as
benchmarks/bench_accuracy.py scores the dev split: gold converted to ENTITIES.md spans
(COUNTRY counted as LOC), exact and lenient micro-F1, and the as-released exact F1.
The test split is never read here.

Run: uv run python scripts/tune_combination.py --model DIR
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_accuracy import conll_table, converted_scores, load_anercorp  # noqa: E402
from score_dev import trained_on_dev_split, use_model_folder  # noqa: E402

from ner_cli import Tagger  # noqa: E402
from ner_cli.model.combine import Combination  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, metavar="DIR", help="a --hold-dev model folder")
    args = parser.parse_args()
    loaded = load_anercorp(["anercorp-dev"], 50)
    if not loaded:
        sys.exit("tune_combination: ANERcorp not found in ../shared/corpora")
    chunks, gold = loaded["anercorp-dev"]
    tagger = Tagger()
    if args.model is not None:
        use_model_folder(tagger, args.model)
    if trained_on_dev_split(tagger):
        sys.exit("tune_combination: this model was trained on the dev split: --model DIR")
    grid = itertools.product((0.05,), (0.2,), (0.0,), (0.9,), (False, True))
    for keep, extend, keep_bodies, everyday, repeat in grid:
        setting = {
            "keep": keep, "extend": extend, "keep_bodies": keep_bodies, "everyday": everyday,
            "repeat": repeat,
        }  # fmt: skip
        tagger.combination = Combination(**setting)
        mentions = [tagger(chunk.text) for chunk in chunks]
        converted = converted_scores(chunks, mentions, gold)
        released = conll_table(chunks, mentions)["micro"]
        exact, lenient = converted["exact"]["micro"], converted["lenient"]["micro"]
        person = converted["lenient"]["PERSON"]
        print(
            " ".join(f"{k} {v}" for k, v in setting.items()),
            f" released F1 {released['f1']:.3f}  exact F1 {exact['f1']:.3f}"
            f"  lenient F1 {lenient['f1']:.3f}  PERSON lenient R {person['recall']:.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
