"""Choose how gazetteer, rules and model combine, on the dev split only.

The dev split is the last 10% of ANERcorp train (contiguous), which the shipped model
was not trained on. Each setting of ner_cli.model.combine.Combination is scored as
benchmarks/bench_accuracy.py scores the dev split: gold converted to ENTITIES.md spans
(COUNTRY counted as LOC), exact and lenient micro-F1, and the as-released exact F1.
The test split is never read here.

Run: uv run python scripts/tune_combination.py
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_accuracy import conll_table, converted_scores, load_anercorp  # noqa: E402

from ner_cli import Tagger  # noqa: E402
from ner_cli.model.combine import Combination  # noqa: E402


def main() -> None:
    loaded = load_anercorp(["anercorp-dev"], 50)
    if not loaded:
        sys.exit("tune_combination: ANERcorp not found in ../shared/corpora")
    chunks, gold = loaded["anercorp-dev"]
    tagger = Tagger()
    judged = (frozenset({"PERSON"}),)
    grid = itertools.product(
        (0.3, 0.4, 0.5), (0.15, 0.3, 0.5), ("longest", "model"), judged, (0.7, 1.01)
    )
    for add, keep, spans, judge, contain in grid:
        tagger.combination = Combination(add, keep, spans, judge, contain)
        mentions = [tagger(chunk.text) for chunk in chunks]
        converted = converted_scores(chunks, mentions, gold)
        released = conll_table(chunks, mentions)["micro"]
        exact, lenient = converted["exact"]["micro"], converted["lenient"]["micro"]
        person = converted["lenient"]["PERSON"]
        print(
            f"add {add:.2f} keep {keep:.2f} spans {spans:7} judged {len(judge)} "
            f"contain {contain:.2f}  "
            f"released F1 {released['f1']:.3f}  exact F1 {exact['f1']:.3f}  "
            f"lenient F1 {lenient['f1']:.3f}  PERSON lenient R {person['recall']:.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
