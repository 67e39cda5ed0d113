"""Print the tagger's scores on the development set and the held-out set.

Not a test: the figures move as the method improves, and are reported in issue
notes and the README. The dev set (../shared/dev: real news passages by other
writers, with gold mentions) sits beside the repository; the held-out set
(tests/gold/heldout) ships with it. Each is scored with the gazetteer alone and
with the context rules, as ``ner evaluate`` scores (ENTITIES.md).

Run: uv run python benchmarks/score_dev.py [--errors] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ner_cli import Tagger
from ner_cli.evaluate import Span, doc_key, load_gold, score

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "seeds": (ROOT / "tests" / "gold" / "seeds.jsonl", ROOT / "seeds"),
    "dev": (
        ROOT.parent / "shared" / "dev" / "gold.jsonl",
        ROOT.parent / "shared" / "dev" / "texts",
    ),
    "heldout": (
        ROOT / "tests" / "gold" / "heldout" / "gold.jsonl",
        ROOT / "tests" / "gold" / "heldout" / "texts",
    ),
}


def evaluate(tagger: Tagger, gold_path: Path, folder: Path):
    files = sorted(folder.glob("*.txt"))
    predicted, texts = [], {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        texts[path.name] = text
        predicted += [
            Span(doc_key(str(path)), m.start, m.end, m.text, m.type, m.id) for m in tagger(text)
        ]
    gold = [span for span in load_gold(gold_path) if span.doc in texts]
    return score(gold, predicted), texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list false positives and negatives")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    taggers = {"gazetteer": Tagger(rules=False), "gazetteer+rules": Tagger()}
    figures = {}
    for name, (gold_path, folder) in SETS.items():
        if not gold_path.is_file():
            print(f"{name}: {gold_path} not found, skipped", file=sys.stderr)
            continue
        for label, tagger in taggers.items():
            evaluation, texts = evaluate(tagger, gold_path, folder)
            data = evaluation.as_dict()
            figures[f"{name}/{label}"] = data
            print(f"\n{name} ({label}): lenient P/R/F1 per type, exact F1, linking")
            for kind, row in data["lenient"].items():
                exact = data["exact"][kind]["f1"]
                print(
                    f"  {kind:8} P {row['precision']:.3f}  R {row['recall']:.3f}  "
                    f"F1 {row['f1']:.3f}  exact F1 {exact:.3f}  "
                    f"(tp {row['tp']}, fp {row['fp']}, fn {row['fn']})"
                )
            link = data["linking"]
            print(f"  linking  {link['accuracy']:.3f} ({link['correct']}/{link['total']})")
            if args.errors and label == "gazetteer+rules":
                for kind, spans in (
                    ("FP", evaluation.false_positives),
                    ("FN", evaluation.false_negatives),
                ):
                    for s in spans:
                        context = " ".join(texts[s.doc][max(0, s.start - 25) : s.end + 25].split())
                        print(f"    {kind} {s.doc} {s.type:7} {s.text}  | {context}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
